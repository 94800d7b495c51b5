//! The classic CAT simulation through skillgap's engine, to compare with catsim.
//!
//! 1,000 examinees, a 500-item 2PL bank, maximum-information selection at the current EAP
//! estimate, stop when the posterior standard deviation is below 0.3 or after 30 items.
//!
//! ```sh
//! /tmp/irtenv/bin/python benches/catsim_compare.py /tmp/cat_bank.json   # catsim's run; writes the bank
//! cargo run --release --example cat_compare -- /tmp/cat_bank.json [catsim seconds]
//! ```
//! Without a file it generates a bank of the same shape itself. It prints the median of 7 runs.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use skillgap::score::{Item, ItemPool, Posterior, STANDARD_PRIOR};
use std::time::Instant;

struct Bank {
    a: Vec<f64>,
    b: Vec<f64>,
    theta: Vec<f64>,
}

fn load(path: Option<&str>) -> Bank {
    if let Some(path) = path {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read the bank file"))
                .expect("a JSON bank file");
        let list = |k: &str| -> Vec<f64> {
            v[k].as_array()
                .expect(k)
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        };
        return Bank {
            a: list("a"),
            b: list("b"),
            theta: list("theta"),
        };
    }
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let n = Normal::<f64>::new(0.0, 1.0).unwrap();
    let a = (0..500)
        .map(|_| (1.2 + 0.25 * n.sample(&mut rng)).clamp(0.5, 2.5))
        .collect();
    let b = (0..500).map(|_| n.sample(&mut rng)).collect();
    let theta = (0..1000).map(|_| n.sample(&mut rng)).collect();
    Bank { a, b, theta }
}

/// One examinee's CAT; returns (estimate, items given).
fn cat(bank: &Bank, pool: &ItemPool, true_theta: f64, rng: &mut ChaCha8Rng) -> (f64, usize) {
    let mut post = Posterior::new(STANDARD_PRIOR);
    let mut used = vec![false; bank.a.len()];
    let (mut theta, mut sd) = (0.0, 1.0);
    let mut given = 0;
    while given < 30 && sd >= 0.3 {
        let item = pool
            .most_informative(theta, |i| !used[i])
            .expect("items left");
        used[item] = true;
        let it = Item::new(bank.a[item], bank.b[item], 0.0);
        let right = rng.random::<f64>() < it.p(true_theta);
        post.update(&it, right);
        (theta, sd) = post.mean_sd();
        given += 1;
    }
    (theta, given)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bank = load(args.first().map(String::as_str));
    let catsim_seconds: Option<f64> = args.get(1).and_then(|s| s.parse().ok());
    let items: Vec<Item> = bank
        .a
        .iter()
        .zip(&bank.b)
        .map(|(&a, &b)| Item::new(a, b, 0.0))
        .collect();
    let pool = ItemPool::new(&items);
    let mut times = Vec::new();
    let (mut rmse, mut mean_items) = (0.0, 0.0);
    for _ in 0..7 {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let start = Instant::now();
        let results: Vec<(f64, usize)> = bank
            .theta
            .iter()
            .map(|&t| cat(&bank, &pool, t, &mut rng))
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
    let median = times[times.len() / 2];
    println!(
        "skillgap engine: {} examinees, {} items: median {:.4} s of 7 runs, mean test length {:.1}, RMSE {:.4}",
        bank.theta.len(),
        bank.a.len(),
        median,
        mean_items,
        rmse
    );
    if let Some(c) = catsim_seconds {
        println!("catsim: {c:.3} s → skillgap is {:.0}× faster", c / median);
    }
}
