//! `simulate`: the quick form against a random form and the full bank, on simulated respondents.

use super::Config;
use super::common::{load_bank, to_json, write_out};
use crate::error::Result;
use crate::render::terminal as report;
use crate::simulate::{self, Population};
use std::io::Write;

pub(crate) fn simulate(
    cfg: &Config,
    respondents: usize,
    seed: u64,
    population: Population,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let bank = load_bank(&cfg.bank)?;
    // The personas are written for the built-in bank; another bank gets random respondents only.
    let personas = if cfg.builtin_bank {
        simulate::builtin_personas()
    } else {
        Vec::new()
    };
    let opts = simulate::Options {
        population,
        respondents,
        seed,
        policy: crate::adaptive::Policy::default(),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let report = simulate::run(&bank, &personas, &opts);
    if json {
        write_out(out, &to_json(&report))
    } else {
        write_out(out, &report::simulation(&report))
    }
}
