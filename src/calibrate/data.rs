//! Reading response logs for calibration: every usable line kept by respondent and question,
//! every unusable one reported by file and line.

use crate::bank::Bank;
use crate::responses::{Observed, read_line};
use serde::Serialize;
use std::borrow::Cow;
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

/// Lines are parsed in chunks of about this many bytes.
const CHUNK_BYTES: usize = 4 << 20;

/// One line as read: the respondent's key, the question's index and what it observed.
type Parsed<'a> = Result<(Cow<'a, str>, usize, Observed), String>;

/// Every non-blank line of a chunk, with its index in the chunk (0-based), and how many line
/// breaks the chunk holds.
fn parse_chunk<'a>(bank: &Bank, chunk: &'a str) -> (Vec<(usize, Parsed<'a>)>, usize) {
    let mut breaks = 0;
    let mut parsed = Vec::new();
    for (i, line) in chunk.split('\n').enumerate() {
        breaks = i;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !line.trim().is_empty() {
            parsed.push((i, read_line(bank, line)));
        }
    }
    (parsed, breaks)
}

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
    /// The respondent of the last line read, and their index.
    last: Option<(String, u32)>,
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
    /// often (for a progress bar). The text is parsed in chunks of lines on several threads and
    /// merged in order, so the result is the same as reading it line by line.
    pub fn read_with_progress(
        &mut self,
        bank: &Bank,
        file: &str,
        text: &str,
        progress: &mut dyn FnMut(usize),
    ) {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let mut chunks = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let mut end = (start + CHUNK_BYTES).min(text.len());
            // Up to the next line break (a byte search: `end` may fall inside a character).
            end = text.as_bytes()[end..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |i| end + i + 1);
            chunks.push(&text[start..end]);
            start = end;
        }
        let mut first_line = 0;
        for batch in chunks.chunks(threads) {
            let parsed: Vec<(Vec<(usize, Parsed<'_>)>, usize)> = std::thread::scope(|scope| {
                let handles: Vec<_> = batch
                    .iter()
                    .map(|chunk| scope.spawn(move || parse_chunk(bank, chunk)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("a line parser panicked"))
                    .collect()
            });
            for (chunk, (lines, breaks)) in batch.iter().zip(parsed) {
                for (i, line) in lines {
                    self.add(bank, file, first_line + i + 1, line);
                }
                first_line += breaks;
                progress(chunk.as_ptr() as usize - text.as_ptr() as usize + chunk.len());
            }
        }
        progress(text.len());
    }

    /// Keeps one parsed line (`line` 1-based).
    fn add(&mut self, bank: &Bank, file: &str, line: usize, parsed: Parsed<'_>) {
        self.lines += 1;
        match parsed {
            Ok((respondent, qi, observed)) => {
                // A log holds one respondent's answers one after the other: the last one is the
                // likely one, and needs no lookup.
                let r = match &self.last {
                    Some((key, r)) if key.as_str() == respondent.as_ref() => *r,
                    _ => {
                        let next = self.respondents.len() as u32;
                        let r = *self
                            .respondents
                            .entry(respondent.to_string())
                            .or_insert(next);
                        self.last = Some((respondent.into_owned(), r));
                        r
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
                        line,
                        problem,
                    });
                }
            }
        }
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
