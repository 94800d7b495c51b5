//! Reading response logs for calibration: every usable line kept by respondent and question,
//! every unusable one reported by file and line.

use crate::bank::Bank;
use crate::responses::{Observed, read_line};
use serde::Serialize;
use std::collections::HashMap;

/// A line that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadLine {
    /// The file's name as given (not yet escaped for a terminal).
    pub file: String,
    /// 1-based.
    pub line: usize,
    pub problem: String,
}

/// At most this many bad lines are kept with their reasons; the rest are counted.
pub const KEPT_BAD_LINES: usize = 200;

/// The responses of every respondent, by question index.
#[derive(Debug, Default)]
pub struct Responses {
    respondents: HashMap<String, u32>,
    /// (respondent, question index, right) for every knowledge check answered.
    pub(crate) checks: Vec<(u32, u32, bool)>,
    /// (respondent, skill index, rating 0–4) for every self-rating given.
    pub(crate) ratings: Vec<(u32, u32, u8)>,
    /// Lines read, usable or not.
    pub lines: usize,
    /// The bad lines' count, all of them.
    pub bad: usize,
    /// The first [`KEPT_BAD_LINES`] bad lines.
    pub bad_lines: Vec<BadLine>,
    /// Answers to a question the respondent had already answered (the first is kept).
    pub repeated: usize,
    /// Interest and background answers, and skipped self-ratings: read, not calibrated.
    pub unused: usize,
}

impl Responses {
    /// Nothing read yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many distinct respondents were read.
    pub fn respondents(&self) -> usize {
        self.respondents.len()
    }

    /// Reads one file's text (JSON lines; blank lines are skipped).
    pub fn read(&mut self, bank: &Bank, file: &str, text: &str) {
        self.read_with_progress(bank, file, text, &mut |_| {});
    }

    /// [`Responses::read`], telling `progress` how many bytes of the text are read every so
    /// often (for a progress bar).
    pub fn read_with_progress(
        &mut self,
        bank: &Bank,
        file: &str,
        text: &str,
        progress: &mut dyn FnMut(usize),
    ) {
        let mut done = 0;
        for (i, line) in text.split('\n').enumerate() {
            done += line.len() + 1;
            if i % 65_536 == 0 {
                progress(done.min(text.len()));
            }
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() {
                continue;
            }
            self.lines += 1;
            match read_line(bank, line) {
                Ok((respondent, qi, observed)) => {
                    let next = self.respondents.len() as u32;
                    let r = match self.respondents.get(respondent.as_ref()) {
                        Some(&r) => r,
                        None => {
                            self.respondents.insert(respondent.into_owned(), next);
                            next
                        }
                    };
                    match observed {
                        Observed::Check(right) => self.checks.push((r, qi as u32, right)),
                        Observed::Rating(level) => {
                            let skill = bank.questions()[qi]
                                .skill
                                .as_deref()
                                .and_then(|s| bank.skill_index(s));
                            match skill {
                                Some(s) => self.ratings.push((r, s as u32, level)),
                                None => self.unused += 1,
                            }
                        }
                        Observed::Nothing => self.unused += 1,
                    }
                }
                Err(problem) => {
                    self.bad += 1;
                    if self.bad_lines.len() < KEPT_BAD_LINES {
                        self.bad_lines.push(BadLine {
                            file: file.to_string(),
                            line: i + 1,
                            problem,
                        });
                    }
                }
            }
        }
        progress(text.len());
    }

    /// Sorts the answers and drops repeats, keeping each respondent's first answer to a question
    /// (in reading order), so the data do not depend on how the files were split.
    pub(crate) fn settle(&mut self) {
        let before = self.checks.len() + self.ratings.len();
        // A stable sort keeps the reading order among repeats.
        self.checks.sort_by_key(|&(r, q, _)| (q, r));
        self.checks.dedup_by_key(|&mut (r, q, _)| (q, r));
        self.ratings.sort_by_key(|&(r, s, _)| (s, r));
        self.ratings.dedup_by_key(|&mut (r, s, _)| (s, r));
        self.repeated += before - self.checks.len() - self.ratings.len();
    }
}
