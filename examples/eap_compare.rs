//! EAP scoring of 100,000 examinees × 30 items with skillgap's Posterior, side by side with
//! girth's `ability_eap` on the same responses.
//!
//! ```sh
//! /tmp/irtenv/bin/python benches/girth_compare.py /tmp/eap   # girth's run; writes the data
//! cargo run --release --example eap_compare -- /tmp/eap
//! ```
//! It reads PREFIX.json (the 2PL items and girth's figures), PREFIX.responses (a byte per answer,
//! examinee by examinee) and PREFIX.girth (girth's estimates, little-endian f64), builds each
//! item's likelihood table ([`ItemTable`]) once, scores every examinee from the N(0, 1) prior
//! on one thread, and prints the median of 7 runs, girth's median, the ratio and the largest
//! difference of the estimates. The grids differ (see `benches/girth_compare.py`).

use skillgap::score::{Item, ItemTable, Posterior, Prior};
use std::time::Instant;

fn main() {
    let prefix = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/eap".to_string());
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{prefix}.json")).expect("read PREFIX.json"),
    )
    .expect("PREFIX.json is JSON");
    let list = |k: &str| -> Vec<f64> {
        meta[k]
            .as_array()
            .unwrap_or_else(|| panic!("PREFIX.json has no {k}"))
            .iter()
            .map(|x| x.as_f64().expect("numbers"))
            .collect()
    };
    let (a, b) = (list("a"), list("b"));
    let n_items = a.len();
    let responses = std::fs::read(format!("{prefix}.responses")).expect("read PREFIX.responses");
    let girth: Vec<f64> = std::fs::read(format!("{prefix}.girth"))
        .expect("read PREFIX.girth")
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(responses.len(), girth.len() * n_items, "sizes agree");
    let prior = Prior {
        mean: meta["prior"]["mean"].as_f64().unwrap_or(0.0),
        sd: meta["prior"]["sd"].as_f64().unwrap_or(1.0),
    };

    let start = Instant::now();
    let items: Vec<Item> = (0..n_items).map(|i| Item::new(a[i], b[i], 0.0)).collect();
    let tables: Vec<ItemTable> = items.iter().map(ItemTable::new).collect();
    let start_posterior = Posterior::new(prior);
    let setup = start.elapsed().as_secs_f64();

    let mut times = Vec::new();
    let mut estimates = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        estimates = responses
            .chunks_exact(n_items)
            .map(|answers| {
                let mut post = start_posterior.clone();
                for (table, &x) in tables.iter().zip(answers) {
                    post.add(table, x == 1);
                }
                post.mean_sd().0
            })
            .collect();
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let max_diff = estimates
        .iter()
        .zip(&girth)
        .map(|(s, g)| (s - g).abs())
        .fold(0.0, f64::max);
    println!(
        "{} examinees × {n_items} items; tables and prior built once in {:.3} ms",
        girth.len(),
        setup * 1e3
    );
    println!(
        "skillgap Posterior + ItemTable, 1 thread: median {median:.4} s of 7 runs ({:.2} µs an examinee)",
        median / girth.len() as f64 * 1e6
    );
    let g = &meta["girth"];
    let seconds = g["seconds"].as_f64().expect("girth seconds");
    println!(
        "{} ability_eap ({}): median {seconds:.4} s",
        g["tool"].as_str().unwrap_or("girth"),
        g["quadrature"].as_str().unwrap_or("?")
    );
    println!(
        "skillgap is {:.1}× faster; largest |skillgap − girth| = {max_diff:.2e}",
        seconds / median
    );
}
