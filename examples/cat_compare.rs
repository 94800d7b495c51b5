//! The classic CAT simulation through skillgap's engine, side by side with catsim's.
//!
//! 1,000 examinees, a 500-item 3PL bank, maximum-information selection ([`ItemPool`]) at the
//! current EAP estimate, EAP on the engine's 201-point grid under the N(0, 1) prior, stop when
//! the posterior standard deviation is below 0.3 or after 30 items. Each bank item's likelihood
//! table ([`ItemTable`]) is built once, as the engine's quick mode does, so an answer costs one
//! row multiplication.
//!
//! ```sh
//! /tmp/irtenv/bin/python benches/catsim_compare.py /tmp/cat_bank.json   # catsim's run; writes the bank
//! cargo run --release --example cat_compare -- /tmp/cat_bank.json
//! ```
//! The file holds the bank, the examinees and catsim's figures (see `benches/catsim_compare.py`
//! for how catsim's run differs: catsim 0.21 has no EAP estimator). Without a file the example
//! generates a bank of the same shape itself. It prints the median of 7 runs, and the same run
//! with `Posterior::update` (a table built per answer) for comparison.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use skillgap::score::{Item, ItemPool, ItemTable, Posterior, STANDARD_PRIOR};
use std::time::Instant;

struct Bank {
    items: Vec<Item>,
    theta: Vec<f64>,
    catsim: Option<serde_json::Value>,
}

fn load(path: Option<&str>) -> Bank {
    if let Some(path) = path {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read the bank file"))
                .expect("a JSON bank file");
        let list = |k: &str| -> Vec<f64> {
            v[k].as_array()
                .unwrap_or_else(|| panic!("the bank file has no {k}"))
                .iter()
                .map(|x| x.as_f64().expect("numbers"))
                .collect()
        };
        let (a, b) = (list("a"), list("b"));
        let c = if v.get("c").is_some() {
            list("c")
        } else {
            vec![0.0; a.len()]
        };
        let items = (0..a.len()).map(|i| Item::new(a[i], b[i], c[i])).collect();
        return Bank {
            items,
            theta: list("theta"),
            catsim: v.get("catsim").cloned(),
        };
    }
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let n = Normal::<f64>::new(0.0, 1.0).unwrap();
    let items = (0..500)
        .map(|i| {
            let a = (1.2 + 0.25 * n.sample(&mut rng)).clamp(0.5, 2.5);
            Item::new(a, n.sample(&mut rng), [0.0, 0.2, 0.25][i % 3])
        })
        .collect();
    let theta = (0..1000).map(|_| n.sample(&mut rng)).collect();
    Bank {
        items,
        theta,
        catsim: None,
    }
}

/// How an answer reaches the posterior.
#[derive(Clone, Copy)]
enum Update<'a> {
    /// The item's precomputed table (the quick mode's way).
    Table(&'a [ItemTable]),
    /// A table built for the answer (`Posterior::update`).
    Build,
}

/// One examinee's CAT; returns (estimate, items given).
fn cat(
    bank: &Bank,
    pool: &ItemPool,
    update: Update,
    true_theta: f64,
    rng: &mut ChaCha8Rng,
) -> (f64, usize) {
    let mut post = Posterior::new(STANDARD_PRIOR);
    let mut used = vec![false; bank.items.len()];
    let (mut theta, mut sd) = post.mean_sd();
    let mut given = 0;
    while given < 30 && sd >= 0.3 {
        let item = pool
            .most_informative(theta, |i| !used[i])
            .expect("items left");
        used[item] = true;
        let right = rng.random::<f64>() < bank.items[item].p(true_theta);
        match update {
            Update::Table(tables) => post.add(&tables[item], right),
            Update::Build => post.update(&bank.items[item], right),
        }
        (theta, sd) = post.mean_sd();
        given += 1;
    }
    (theta, given)
}

/// How many items [`ItemPool::most_informative`] examines (scores) per selection, on average,
/// over every selection of one untimed run: what the a²/4 bound leaves to score.
fn examined_per_selection(bank: &Bank, pool: &ItemPool, tables: &[ItemTable]) -> f64 {
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let (mut examined, mut selections) = (0usize, 0usize);
    for &true_theta in &bank.theta {
        let mut post = Posterior::new(STANDARD_PRIOR);
        let mut used = vec![false; bank.items.len()];
        let (mut theta, mut sd) = post.mean_sd();
        let mut given = 0;
        while given < 30 && sd >= 0.3 {
            let seen = std::cell::Cell::new(0);
            let item = pool
                .most_informative(theta, |i| {
                    seen.set(seen.get() + 1);
                    !used[i]
                })
                .expect("items left");
            examined += seen.get();
            selections += 1;
            given += 1;
            used[item] = true;
            post.add(
                &tables[item],
                rng.random::<f64>() < bank.items[item].p(true_theta),
            );
            (theta, sd) = post.mean_sd();
        }
    }
    examined as f64 / selections as f64
}

/// Median seconds of 7 runs, mean test length and RMSE.
fn run(bank: &Bank, pool: &ItemPool, update: Update) -> (f64, f64, f64) {
    let mut times = Vec::new();
    let (mut rmse, mut mean_items) = (0.0, 0.0);
    for _ in 0..7 {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let start = Instant::now();
        let results: Vec<(f64, usize)> = bank
            .theta
            .iter()
            .map(|&t| cat(bank, pool, update, t, &mut rng))
            .collect();
        times.push(start.elapsed().as_secs_f64());
        let n = results.len() as f64;
        rmse = (results
            .iter()
            .zip(&bank.theta)
            .map(|((e, _), t)| (e - t).powi(2))
            .sum::<f64>()
            / n)
            .sqrt();
        mean_items = results.iter().map(|r| r.1 as f64).sum::<f64>() / n;
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], mean_items, rmse)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bank = load(args.first().map(String::as_str));
    let start = Instant::now();
    let pool = ItemPool::new(&bank.items);
    let tables: Vec<ItemTable> = bank.items.iter().map(ItemTable::new).collect();
    let setup = start.elapsed().as_secs_f64();
    println!(
        "{} examinees, {} items; pool and tables built once in {:.2} ms",
        bank.theta.len(),
        bank.items.len(),
        setup * 1e3
    );
    let (median, mean_items, rmse) = run(&bank, &pool, Update::Table(&tables));
    println!(
        "skillgap EAP, ItemTable: median {median:.4} s of 7 runs, mean test length {mean_items:.2}, RMSE {rmse:.4}"
    );
    println!(
        "  most_informative examines {:.1} items a selection on average (the a²/4 bound's pruning)",
        examined_per_selection(&bank, &pool, &tables)
    );
    let (built, built_items, built_rmse) = run(&bank, &pool, Update::Build);
    println!(
        "skillgap EAP, Posterior::update: median {built:.4} s of 7 runs, mean test length {built_items:.2}, RMSE {built_rmse:.4}"
    );
    if let Some(c) = &bank.catsim {
        let seconds = c["seconds"].as_f64().expect("catsim seconds");
        println!(
            "{} ({}): median {:.3} s, mean test length {:.2}, RMSE {:.4}",
            c["tool"].as_str().unwrap_or("catsim"),
            c["estimator"].as_str().unwrap_or("?"),
            seconds,
            c["mean_items"].as_f64().unwrap_or(f64::NAN),
            c["rmse"].as_f64().unwrap_or(f64::NAN),
        );
        println!(
            "skillgap (ItemTable) is {:.0}× faster than catsim; with Posterior::update {:.0}×",
            seconds / median,
            seconds / built
        );
    }
}
