//! `calibrate`: item parameters fitted to response logs, written into a copy of the bank.

use super::Config;
use super::common::{load_bank, to_json, write_out};
use crate::calibrate::{self, Options, Responses};
use crate::error::{Error, Result};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// A response log larger than this is refused (a mistaken path, a device).
const MAX_LOG_BYTES: u64 = 4 * 1024 * 1024 * 1024;

pub(crate) fn calibrate(
    cfg: &Config,
    files: &[PathBuf],
    output: Option<&Path>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let bank = load_bank(&cfg.bank)?;
    if let Some(dir) = output {
        check_output(cfg, dir)?;
    }
    let at_terminal = std::io::stderr().is_terminal() && !json;
    let mut responses = Responses::new();
    for path in files {
        let shown = crate::text::escape_controls(&path.display().to_string()).into_owned();
        let text = read_log(path, &shown)?;
        let bar = at_terminal.then(|| {
            let b = bar(
                text.len() as u64,
                "reading {msg} {bar:30} {bytes}/{total_bytes}",
            );
            b.set_message(shown.clone());
            b
        });
        responses.read_with_progress(&bank, &path.display().to_string(), &text, &mut |done| {
            if let Some(b) = &bar {
                b.set_position(done as u64);
            }
        });
        if let Some(b) = bar {
            b.finish_and_clear();
        }
    }
    let bar = at_terminal.then(|| {
        bar(
            bank.skills().len() as u64,
            "calibrating {bar:30} {pos}/{len} skills",
        )
    });
    let mut progress = |done: usize, _total: usize| {
        if let Some(b) = &bar {
            b.set_position(done as u64);
        }
    };
    let report = calibrate::calibrate(&bank, &mut responses, &Options::default(), &mut progress);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if !report.fitted_any() {
        return Err(Error::Usage(crate::render::calibration::nothing_fitted(
            &report,
        )));
    }
    let json_text = to_json(&report);
    let written = match output {
        Some(dir) => {
            let files = crate::bank::rewrite_parameters(&cfg.bank, &report.updates())
                .map_err(Error::Usage)?;
            for f in files {
                let path = dir.join(&f.path);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                        action: "create",
                        path: parent.to_path_buf(),
                        source,
                    })?;
                }
                crate::store::write_atomic(&path, &f.bytes, false)?;
            }
            crate::store::write_atomic(&dir.join("calibration.json"), json_text.as_bytes(), false)?;
            Some(dir.display().to_string())
        }
        None => None,
    };
    if json {
        write_out(out, &json_text)
    } else {
        write_out(
            out,
            &crate::render::calibration::calibration(&report, written.as_deref()),
        )
    }
}

/// A progress bar on standard error (only made at a terminal).
fn bar(len: u64, template: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// The output directory must be new or empty, and never the input bank.
fn check_output(cfg: &Config, dir: &Path) -> Result<()> {
    let shown = crate::text::escape_controls(&dir.display().to_string()).into_owned();
    if let crate::bank::BankSource::Dir(bank) = &cfg.bank
        && let (Ok(a), Ok(b)) = (bank.canonicalize(), dir.canonicalize())
        && a == b
    {
        return Err(Error::Usage(format!(
            "{shown} is the input bank; calibrate never changes it: give -o a new directory"
        )));
    }
    match std::fs::symlink_metadata(dir) {
        Err(_) => Ok(()),
        Ok(m) if m.is_dir() => {
            let empty = std::fs::read_dir(dir)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty {
                Ok(())
            } else {
                Err(Error::Usage(format!(
                    "{shown} is not empty; give -o a new or empty directory for the calibrated bank"
                )))
            }
        }
        Ok(_) => Err(Error::Usage(format!(
            "{shown} is not a directory; give -o a new or empty directory for the calibrated bank"
        ))),
    }
}

fn read_log(path: &Path, shown: &str) -> Result<String> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_file() {
        return Err(Error::Usage(format!(
            "{shown} is not a regular file; calibrate reads response logs (JSON lines)"
        )));
    }
    if meta.len() > MAX_LOG_BYTES {
        return Err(Error::Usage(format!(
            "{shown} is larger than 4 GiB; split it into several files"
        )));
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::Usage(format!(
            "{shown} is not UTF-8 text (byte {}), so not a response log",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}
