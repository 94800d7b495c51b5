//! `simulate`: the quick form against a random form and the full bank, on simulated respondents.

use super::Config;
use super::common::{load_bank, to_json, write_out};
use crate::error::Result;
use crate::render::terminal as report;
use crate::simulate::{self, Population};
use std::io::Write;

/// How to print the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    Terminal,
    Markdown,
    Json,
}

pub(crate) fn simulate(
    cfg: &Config,
    respondents: usize,
    seed: u64,
    populations: Vec<Population>,
    output: Output,
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
        populations,
        respondents,
        seed,
        policy: crate::adaptive::Policy::default(),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let report = simulate::run(&bank, &personas, &opts);
    let text = match output {
        Output::Json => to_json(&report),
        Output::Markdown => crate::render::simulation::simulation_markdown(&report),
        Output::Terminal => report::simulation(&report),
    };
    write_out(out, &text)
}
