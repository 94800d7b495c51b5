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

/// `simulate --export-responses FILE`: every random respondent's answers to the whole bank as a
/// response log, streamed to a temporary file beside FILE and renamed over it when complete.
pub(crate) fn export_responses(
    cfg: &Config,
    respondents: usize,
    seed: u64,
    populations: Vec<Population>,
    path: &std::path::Path,
    out: &mut dyn Write,
) -> Result<()> {
    use crate::error::Error;
    let bank = load_bank(&cfg.bank)?;
    let shown = crate::text::escape_controls(&path.display().to_string()).into_owned();
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(Error::Usage(format!(
            "{shown} is not a regular file (a link, device or directory); give --export-responses the path of a file"
        )));
    }
    let io = |action: &'static str| {
        move |source: std::io::Error| Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(io("write"))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp);
    let mut lines = 0usize;
    for &population in &populations {
        for i in 0..respondents {
            for r in simulate::responses(&bank, population, seed, i as u64) {
                w.write_all(crate::responses::line(&r).as_bytes())
                    .map_err(io("write"))?;
                lines += 1;
            }
        }
    }
    let tmp = w.into_inner().map_err(|e| io("write")(e.into_error()))?;
    tmp.as_file().sync_all().map_err(io("write"))?;
    tmp.persist(path).map_err(|e| io("write")(e.error))?;
    write_out(
        out,
        &format!(
            "Wrote {shown}: {} from {} simulated {}.\n",
            crate::text::count(lines, "answer"),
            respondents * populations.len(),
            if respondents * populations.len() == 1 {
                "respondent"
            } else {
                "respondents"
            }
        ),
    )
}
