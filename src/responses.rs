//! The response log: one record per answered question, the public JSON-lines format that
//! `export --format jsonl` and `simulate --export-responses` write and `calibrate` reads.
//!
//! A record names its respondent by a key that is stable for one result (so that a maintainer
//! pooling logs can tell which answers came from the same person) but is not the result's id
//! and carries no name or time: 16 hex digits of SHA-256 over a fixed domain-separation string
//! and the id. The key only groups answers; whoever holds a result can compute its key.

use crate::answers::{Answer, Answers};
use crate::bank::{Bank, QuestionKind};
use crate::score::is_correct;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The `format` every record carries.
pub const FORMAT: &str = "skillgap-responses";
/// The format's version; fields may be added, never renamed or removed.
pub const VERSION: u32 = 1;
/// Keeps respondent keys apart from any other hash of the same id.
const DOMAIN: &str = "skillgap response log respondent v1";

/// One answered question, as a line of the response log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub format: String,
    pub version: u32,
    /// The respondent's anonymous key (see [`respondent_key`]).
    pub respondent: String,
    /// The result's id, only with `--with-ids`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// The content hash of the bank the answer was judged with.
    pub bank: String,
    pub question: String,
    /// The skill a self-rating or knowledge check is about (none for interest and background).
    pub skill: Option<String>,
    pub kind: QuestionKind,
    /// The answer as in answer files.
    pub answer: Answer,
    /// Whether a knowledge check was answered right; `null` for the other kinds.
    pub correct: Option<bool>,
}

/// The anonymous respondent key of a result id: stable, but not the id.
pub fn respondent_key(id: &str) -> String {
    let mut h = Sha256::new();
    h.update(DOMAIN.as_bytes());
    h.update([0]);
    h.update(id.as_bytes());
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The records of one respondent's answers, in bank order, judged with `bank`. Answers to
/// questions the bank no longer has, or whose version changed since they were given
/// (`versions`, as saved with a result; empty for none), are left out.
pub fn records(
    bank: &Bank,
    respondent: &str,
    result_id: Option<&str>,
    answers: &Answers,
    versions: &BTreeMap<String, String>,
) -> Vec<Response> {
    let stale = answers.stale(bank, versions);
    bank.questions()
        .iter()
        .filter_map(|q| {
            let answer = answers.get(&q.id)?;
            if stale.contains(&q.id) {
                return None;
            }
            Some(Response {
                format: FORMAT.to_string(),
                version: VERSION,
                respondent: respondent.to_string(),
                result: result_id.map(str::to_string),
                bank: bank.fingerprint().to_string(),
                question: q.id.clone(),
                skill: q.skill.clone(),
                kind: q.kind,
                answer: answer.clone(),
                correct: q.kind.is_knowledge_check().then(|| is_correct(q, answer)),
            })
        })
        .collect()
}

/// One record as one line of JSON, with its newline.
pub fn line(r: &Response) -> String {
    let mut s = serde_json::to_string(r).expect("records serialise");
    s.push('\n');
    s
}

/// What `calibrate` needs of a line: who, which question, and right or not (or the answer, to be
/// judged against the bank). Every other field is ignored, so any log with these reads.
#[derive(Debug, Deserialize)]
pub(crate) struct Minimal<'a> {
    #[serde(borrow)]
    pub(crate) respondent: Cow<'a, str>,
    #[serde(borrow)]
    pub(crate) question: Cow<'a, str>,
    #[serde(default)]
    pub(crate) correct: Option<bool>,
    #[serde(default, borrow)]
    pub(crate) answer: Option<&'a serde_json::value::RawValue>,
}

/// One line read for calibration: the question's index in the bank and what the answer says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Observed {
    /// A knowledge check, right or not.
    Check(bool),
    /// A self-rating, 0–4.
    Rating(u8),
    /// Interest, background, or a skipped rating: nothing to calibrate.
    Nothing,
}

/// Reads one line of a response log against the bank: the respondent key, the question's index
/// and what it observed, or why the line cannot be used.
pub(crate) fn read_line<'a>(
    bank: &Bank,
    text: &'a str,
) -> Result<(Cow<'a, str>, usize, Observed), String> {
    let m: Minimal = serde_json::from_str(text).map_err(|e| {
        let what = e.to_string();
        // serde's text names the missing field; its position is always this line's.
        let what = what.split(" at line ").next().unwrap_or(&what).to_string();
        format!("not a response record ({what})")
    })?;
    let Some(qi) = bank.question_index(&m.question) else {
        return Err(format!(
            "question \"{}\" is not in the bank",
            crate::text::escape_controls(&m.question)
        ));
    };
    let q = &bank.questions()[qi];
    let answer = match m.answer {
        Some(raw) if raw.get() != "null" => Some(
            serde_json::from_str::<Answer>(raw.get())
                .map_err(|e| format!("the answer is not an answer: {e}"))?,
        ),
        _ => None,
    };
    if m.respondent.is_empty() {
        return Err("`respondent` is empty".to_string());
    }
    let observed = match q.kind {
        k if k.is_knowledge_check() => match (m.correct, &answer) {
            (Some(c), _) => Observed::Check(c),
            (None, Some(a)) => Observed::Check(is_correct(q, a)),
            (None, None) => {
                return Err("neither `correct` nor `answer` is given".to_string());
            }
        },
        QuestionKind::SelfRating => match &answer {
            Some(Answer::Choice(l)) if *l <= 4 => Observed::Rating(*l as u8),
            Some(Answer::Skip) | None => Observed::Nothing,
            Some(_) => return Err("a self-rating's answer must be 0–4 or \"skip\"".to_string()),
        },
        _ => Observed::Nothing,
    };
    Ok((m.respondent, qi, observed))
}

/// The records of a full answer sheet (one answer per question of the bank, in bank order).
pub(crate) fn sheet_records(bank: &Bank, respondent: &str, sheet: &[Answer]) -> Vec<Response> {
    let mut answers = Answers::default();
    for (q, a) in bank.questions().iter().zip(sheet) {
        answers.insert(q.id.clone(), a.clone());
    }
    records(bank, respondent, None, &answers, &BTreeMap::new())
}
