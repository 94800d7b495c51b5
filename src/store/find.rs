//! Finding results without reading them all: ids come from file names, `latest` from the heads
//! of the files (their first few KiB), and only the result wanted is parsed. With 10,000 results
//! `show ID` reads one file and `show latest` 4 KiB of each, where reading every result took
//! seconds and a gigabyte; `history` reads the head of each (where skillgap writes the result's
//! headline) and checks that the file is whole to its end.

use super::file::{self, Head};
use super::{Mode, Problem, RESULT_FORMAT, SavedResult, Store, atomic, valid_id};
use crate::error::{Error, Result};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The most ids an "ambiguous prefix" message lists.
const AMBIGUOUS_SHOWN: usize = 8;

/// What `history` shows of a result, read without the rest of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultSummary {
    pub id: String,
    pub created: Timestamp,
    pub mode: Mode,
    pub bank_fingerprint: String,
    pub rescored_from: Option<String>,
    pub answered: usize,
    /// The recommended role's match, if the result has one.
    pub top: Option<TopRole>,
}

/// The recommended role of a result, as `history` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopRole {
    pub role: String,
    pub name: String,
    // Rounded on disk as the role's own figures are, so a headline read back is the one derived
    // from the figures read back.
    #[serde(serialize_with = "crate::score::round3")]
    pub readiness: f64,
    #[serde(serialize_with = "crate::score::round3")]
    pub readiness_low: f64,
    #[serde(serialize_with = "crate::score::round3")]
    pub readiness_high: f64,
}

/// A result's headline: how many questions it rests on and its recommended role's readiness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub answered: usize,
    pub top: Option<TopRole>,
}

impl Headline {
    /// The headline of an assessment.
    pub fn of(a: &crate::score::Assessment) -> Self {
        Self {
            answered: a.answered,
            top: a.recommended().map(|m| TopRole {
                role: m.role.clone(),
                name: m.name.clone(),
                readiness: m.readiness,
                readiness_low: m.readiness_low,
                readiness_high: m.readiness_high,
            }),
        }
    }
}

impl ResultSummary {
    /// The summary from a file's head alone, when it holds all of it (a result of today's format
    /// written by skillgap). Its text is escaped here, as a full read neutralises it.
    fn from_head(h: Head) -> Option<Self> {
        let clean = |s: String| crate::text::escape_forbidden(&s, false).into_owned();
        let headline = h.headline?;
        Some(Self {
            id: h.id?,
            created: h.created?,
            mode: h.mode?,
            bank_fingerprint: clean(h.bank?.fingerprint),
            rescored_from: h.rescored_from.map(clean),
            answered: headline.answered,
            top: headline.top.map(|t| TopRole {
                role: clean(t.role),
                name: clean(t.name),
                ..t
            }),
        })
    }
}

/// A result read in full, with its headline derived from its figures (a file's own may be
/// missing, from an older version, or edited).
pub(crate) fn read_result(path: &Path) -> std::result::Result<SavedResult, String> {
    let mut r = file::read_versioned::<SavedResult>(path, RESULT_FORMAT)?;
    r.headline = Some(Headline::of(&r.assessment));
    Ok(r)
}

/// A result file as far as its summary goes: serde skips the rest without building it.
#[derive(Deserialize)]
struct SummaryFile {
    id: String,
    created: Timestamp,
    mode: Mode,
    bank: SummaryBank,
    #[serde(default)]
    rescored_from: Option<String>,
    assessment: SummaryAssessment,
}

#[derive(Deserialize)]
struct SummaryBank {
    fingerprint: String,
}

#[derive(Deserialize)]
struct SummaryAssessment {
    answered: usize,
    roles: Vec<TopRole>,
    recommendation: SummaryRecommendation,
}

#[derive(Deserialize)]
struct SummaryRecommendation {
    role: String,
}

impl From<SummaryFile> for ResultSummary {
    fn from(f: SummaryFile) -> Self {
        let top_id = f.assessment.recommendation.role;
        Self {
            id: f.id,
            created: f.created,
            mode: f.mode,
            bank_fingerprint: f.bank.fingerprint,
            rescored_from: f.rescored_from,
            answered: f.assessment.answered,
            top: f.assessment.roles.into_iter().find(|m| m.role == top_id),
        }
    }
}

impl Store {
    /// The `.json` files of `dir` named by an id, with their ids, in the order of their names;
    /// a file whose name is not an id ("abc copy.json") is reported and skipped, so it can
    /// neither hide nor stand for the result it was copied from.
    pub(crate) fn entries(&self, dir: &Path) -> (Vec<(String, PathBuf)>, Vec<Problem>) {
        let (mut ok, mut problems) = (Vec::new(), Vec::new());
        let read = match std::fs::read_dir(dir) {
            Ok(read) => read,
            // Nothing saved yet.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (ok, problems),
            Err(e) => {
                problems.push(Problem {
                    path: dir.to_path_buf(),
                    problem: format!("cannot be listed: {e}"),
                });
                return (ok, problems);
            }
        };
        for entry in read.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "json")
                || path.file_name().is_some_and(atomic::is_temp)
            {
                continue;
            }
            match path.file_stem().and_then(|s| s.to_str()) {
                Some(stem) if valid_id(stem) => ok.push((stem.to_string(), path)),
                _ => problems.push(Problem {
                    path,
                    problem: "is not named by an id (letters, digits, _ and - only), so it is \
                              not read; rename it to the id it holds or move it elsewhere"
                        .to_string(),
                }),
            }
        }
        ok.sort();
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        (ok, problems)
    }

    /// Every readable result's summary, oldest first, and the files that could not be read.
    /// One file is read at a time and only its summary is kept.
    pub fn summaries(&self) -> (Vec<ResultSummary>, Vec<Problem>) {
        let (entries, mut problems) = self.entries(&self.results_dir());
        let mut ok = Vec::with_capacity(entries.len());
        for (_, path) in entries {
            // The head alone when it holds the summary and the file is whole to its end;
            // otherwise (an older or hand-edited file, a cut one) the file in full.
            let from_head = file::read_head(&path)
                .ok()
                .filter(|h| h.is_current(&path, RESULT_FORMAT) && h.complete)
                .and_then(ResultSummary::from_head);
            match from_head {
                Some(s) => ok.push(s),
                None => match file::read_versioned::<SummaryFile>(&path, RESULT_FORMAT) {
                    Ok(s) => ok.push(ResultSummary::from(s)),
                    Err(problem) => problems.push(Problem { path, problem }),
                },
            }
        }
        ok.sort_by(|a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
        (ok, problems)
    }

    /// Reads every result in the order of their ids, one at a time, handing each to `f`;
    /// returns the files that could not be read.
    pub(crate) fn each_result(&self, mut f: impl FnMut(SavedResult)) -> Vec<Problem> {
        let (entries, mut problems) = self.entries(&self.results_dir());
        for (_, path) in entries {
            match read_result(&path) {
                Ok(r) => f(r),
                Err(problem) => problems.push(Problem { path, problem }),
            }
        }
        problems
    }

    /// Finds a result by id, unique id prefix, or `latest`.
    pub fn find_result(&self, wanted: &str) -> Result<SavedResult> {
        self.find_result_noting(wanted, &mut Vec::new())
    }

    /// [`Store::find_result`], adding to `problems` the files passed over on the way (a newer
    /// result that cannot be read, a file not named by an id), for the caller to report.
    pub(crate) fn find_result_noting(
        &self,
        wanted: &str,
        problems: &mut Vec<Problem>,
    ) -> Result<SavedResult> {
        if wanted.trim().is_empty() {
            return Err(Error::Usage(
                "an empty id names no result; `skillgap history` lists them".to_string(),
            ));
        }
        if wanted == "latest" {
            let mut latest = self.latest_results(1, problems);
            return latest.pop().ok_or_else(|| no_results(problems));
        }
        let wanted = wanted.to_lowercase();
        let read = |path: &Path| {
            read_result(path).map_err(|problem| {
                Error::Usage(format!(
                    "result \"{}\" cannot be read: {}",
                    crate::text::escape_controls(&wanted),
                    Problem {
                        path: path.to_path_buf(),
                        problem
                    }
                ))
            })
        };
        // An exact id wins over the longer ids it is a prefix of, and needs no listing.
        let exact = self.results_dir().join(format!("{wanted}.json"));
        if valid_id(&wanted) && std::fs::symlink_metadata(&exact).is_ok() {
            return read(&exact);
        }
        let (entries, unnamed) = self.entries(&self.results_dir());
        let matching: Vec<&(String, PathBuf)> = entries
            .iter()
            .filter(|(id, _)| id.starts_with(&wanted))
            .collect();
        match matching.as_slice() {
            [(_, path)] => read(path),
            [] => {
                if let Some(p) = unnamed.iter().find(|p| {
                    p.path
                        .file_stem()
                        .is_some_and(|s| s.to_string_lossy().starts_with(&wanted))
                }) {
                    return Err(Error::Usage(format!(
                        "result \"{}\" cannot be read: {p}",
                        crate::text::escape_controls(&wanted)
                    )));
                }
                let suggestion = crate::text::closest(&wanted, entries.iter().map(|e| &*e.0))
                    .map(str::to_string);
                Err(Error::NoSuchResult {
                    wanted: crate::text::escape_controls(&wanted).into_owned(),
                    suggestion,
                })
            }
            many => {
                let shown: Vec<&str> = many.iter().take(AMBIGUOUS_SHOWN).map(|e| &*e.0).collect();
                let more = match many.len().saturating_sub(AMBIGUOUS_SHOWN) {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                };
                Err(Error::Usage(format!(
                    "\"{}\" matches {} results ({}{more}); type more of the id",
                    crate::text::escape_controls(&wanted),
                    many.len(),
                    shown.join(", ")
                )))
            }
        }
    }

    /// The `n` latest readable results, oldest first. Only the heads of the files are read to
    /// order them, then the newest are read in full until `n` of them can be; the files passed
    /// over on the way are added to `problems`.
    pub(crate) fn latest_results(&self, n: usize, problems: &mut Vec<Problem>) -> Vec<SavedResult> {
        let (entries, unnamed) = self.entries(&self.results_dir());
        problems.extend(unnamed);
        let mut dated: Vec<(Timestamp, String, PathBuf)> = Vec::with_capacity(entries.len());
        for (id, path) in entries {
            match file::read_head(&path) {
                Ok(Head {
                    created: Some(created),
                    ..
                }) => dated.push((created, id, path)),
                // A head in another order, or no head: only a full read tells the time.
                Ok(_) => match read_result(&path) {
                    Ok(r) => dated.push((r.created, id, path)),
                    Err(problem) => problems.push(Problem { path, problem }),
                },
                Err(problem) => problems.push(Problem { path, problem }),
            }
        }
        dated.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        let mut found = Vec::with_capacity(n);
        for (_, _, path) in dated {
            if found.len() == n {
                break;
            }
            match read_result(&path) {
                Ok(r) => found.push(r),
                Err(problem) => problems.push(Problem { path, problem }),
            }
        }
        found.sort_by(|a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
        found
    }
}

pub(crate) fn no_results(problems: &[Problem]) -> Error {
    if problems.is_empty() {
        Error::NoResults
    } else {
        Error::Usage(format!(
            "no readable results; {} could not be read:\n  {}",
            crate::text::count(problems.len(), "file"),
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n  ")
        ))
    }
}
