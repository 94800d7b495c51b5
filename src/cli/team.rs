//! `skillgap team`: a group's skills matrix from its members' result exports.

use super::common::{find_role, load_bank, to_json, write_file, write_out};
use super::{Config, TeamFormat};
use crate::error::{Error, Result};
use crate::render::chart::Layout;
use crate::team::{self, Options, TeamReport};
use std::io::Write;
use std::path::PathBuf;

pub(crate) fn team(
    cfg: &Config,
    paths: &[PathBuf],
    options: &Options,
    format: TeamFormat,
    output: Option<PathBuf>,
    out: &mut dyn Write,
) -> Result<()> {
    let bank = load_bank(&cfg.bank)?;
    if let Some(role) = &options.role {
        find_role(&bank, role)?;
    }
    let report = team::gather::gather(paths, &bank, &cfg.bank, options);
    warn(&report);
    if report.members == 0 {
        return Err(Error::Reported(format!(
            "no usable result export among {}; each member makes one with `skillgap export --format json -o FILE`",
            crate::text::count(report.sources.files, "file")
        )));
    }
    let text = match format {
        TeamFormat::Json => to_json(&report),
        TeamFormat::Terminal => crate::render::team::terminal(&report, Layout::detect()),
        TeamFormat::Markdown => crate::render::team::markdown(&report),
        TeamFormat::Html => crate::render::team::html(&report),
    };
    match output {
        Some(path) => write_file(&path, &text, out),
        None => write_out(out, &text),
    }
}

/// Files that could not be used, and results scored with other banks, on standard error.
fn warn(report: &TeamReport) {
    for u in &report.sources.unusable {
        eprintln!("warning: {}: {} (not counted)", u.file, u.problem);
    }
    let s = &report.sources;
    if s.banks.len() > 1 || s.rescored > 0 {
        let banks = crate::text::count(s.banks.len(), "bank");
        eprintln!(
            "{}",
            super::wrapped_message(&format!(
                "warning: these results were scored with {banks}; {} scored again with {} so that the figures compare",
                if s.rescored == 1 {
                    "1 was".to_string()
                } else {
                    format!("{} were", s.rescored)
                },
                report.bank_source
            ))
        );
    }
}
