//! Answers, keyed by question id: the shape shared by answer files, saved sessions and results.
//!
//! On disk an answer is JSON: an integer for a self-rating level or a single option, an array of
//! option indices for a multiple-choice question, a string for free text, and `"skip"` for
//! "I don't know" in any kind.

use crate::bank::{Bank, LEVELS, QuestionKind};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// One answer. Option indices always refer to the bank's option order, never a shuffled display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// "I don't know": scored as not knowing, never as a guess.
    Skip,
    /// A self-rating level, or the chosen option of a single-choice, interest or background question.
    Choice(usize),
    /// The chosen options of a multiple-choice question.
    Choices(Vec<usize>),
    /// A free-text answer.
    Text(String),
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Skip => s.serialize_str("skip"),
            Self::Choice(i) => s.serialize_u64(*i as u64),
            Self::Choices(v) => v.serialize(s),
            Self::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Answer::from_value(&v).map_err(serde::de::Error::custom)
    }
}

impl Answer {
    /// Reads the JSON shape without knowing the question; [`Answers::check`] then checks it fits.
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::String(s) if s == "skip" => Ok(Self::Skip),
            Value::String(s) => Ok(Self::Text(s.clone())),
            Value::Number(n) => n
                .as_u64()
                .map(|i| Self::Choice(i as usize))
                .ok_or_else(|| format!("{n} is not a non-negative integer")),
            Value::Array(items) => items
                .iter()
                .map(|i| {
                    i.as_u64()
                        .map(|i| i as usize)
                        .ok_or_else(|| format!("{i} is not a non-negative integer"))
                })
                .collect::<Result<_, _>>()
                .map(Self::Choices),
            other => Err(format!(
                "{other} is not an answer (expected an integer, an array of integers, a string or \"skip\")"
            )),
        }
    }
}

/// A set of answers by question id, in id order so that serialisation is deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers(
    #[serde(deserialize_with = "crate::text::json::unique_keys")] pub BTreeMap<String, Answer>,
);

/// The answer-file format: `{"answers": {"<question id>": ANSWER}}`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerFile {
    #[serde(deserialize_with = "crate::text::json::unique_keys")]
    answers: BTreeMap<String, Value>,
}

impl Answers {
    /// Parses an answer file's text and checks every answer against the bank, reporting all problems.
    pub fn parse_file(text: &str, bank: &Bank) -> Result<Self, Vec<String>> {
        // serde's message quotes the file's text (an unknown key): escaped, as every problem is.
        let file: AnswerFile = serde_json::from_str(text).map_err(|e| {
            let e = crate::text::escape_controls(&e.to_string()).into_owned();
            vec![if e.starts_with("duplicate key") {
                format!("{e}: a question may be answered only once")
            } else {
                format!(
                    "not an answer file ({e}); expected {{\"answers\": {{\"<question id>\": ANSWER}}}}"
                )
            }]
        })?;
        let mut problems = Vec::new();
        let mut answers = BTreeMap::new();
        for (id, value) in &file.answers {
            // Unknown ids are reported below, together (a file may hold a million of them).
            if bank.question(id).is_none() {
                continue;
            }
            let shown = crate::text::escape_controls(id);
            match Answer::from_value(value) {
                Ok(Answer::Text(t)) if t.chars().any(|c| crate::text::is_forbidden(c, false)) => {
                    problems.push(format!(
                        "question \"{shown}\": the answer contains a control character, a line break or a bidirectional control; type the answer as plain text on one line"
                    ));
                }
                Ok(a) => {
                    answers.insert(id.clone(), a);
                }
                Err(e) => problems.push(format!(
                    "question \"{shown}\": {}",
                    crate::text::escape_controls(&e)
                )),
            }
        }
        let entries = file.answers.keys().map(|id| (id.as_str(), answers.get(id)));
        problems.extend(problems_of(bank, entries));
        let answers = Answers(answers);
        if problems.is_empty() {
            Ok(answers)
        } else {
            Err(problems)
        }
    }

    /// The answer file's JSON for these answers.
    pub fn to_file_json(&self) -> String {
        serde_json::to_string_pretty(&serde_json::json!({ "answers": self }))
            .expect("answers serialise")
    }

    /// Every answer that does not fit its question, each naming the question id: the first five
    /// unknown ids with a "did you mean", the rest counted.
    pub fn problems(&self, bank: &Bank) -> Vec<String> {
        problems_of(bank, self.0.iter().map(|(id, a)| (id.as_str(), Some(a))))
    }

    /// The ids of answers that no longer fit the bank: the question is gone, the answer's shape
    /// no longer fits it, or (where `versions` recorded it) the question changed since.
    pub fn stale(&self, bank: &Bank, versions: &BTreeMap<String, String>) -> Vec<String> {
        self.0
            .iter()
            .filter(|(id, a)| match bank.question(id) {
                None => true,
                Some(q) => {
                    check_shape(q.kind, q.options.len(), a).is_err()
                        || versions.get(*id).is_some_and(|v| *v != q.version())
                }
            })
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// The current version of every answered question (see [`crate::bank::Question::version`]).
    pub fn versions(&self, bank: &Bank) -> BTreeMap<String, String> {
        self.0
            .keys()
            .filter_map(|id| bank.question(id).map(|q| (id.clone(), q.version())))
            .collect()
    }

    /// The answer to a question, if given.
    pub fn get(&self, id: &str) -> Option<&Answer> {
        self.0.get(id)
    }

    /// Records (or replaces) the answer to a question.
    pub fn insert(&mut self, id: impl Into<String>, answer: Answer) {
        self.0.insert(id.into(), answer);
    }

    /// How many questions have an answer (skips included).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing was answered yet.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The answers in question-id order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Answer)> {
        self.0.iter()
    }
}

/// How many unknown question ids are named (each with a "did you mean"); the rest are counted, so
/// that a file of a million of them gets a message of a few lines, quickly.
pub(crate) const SUGGESTED: usize = 5;

/// The problems of answers in question-id order: an unknown id (the first [`SUGGESTED`] named,
/// the rest counted on a last line), or an answer of the wrong shape (`None`: its value was
/// already reported as not an answer).
fn problems_of<'a>(
    bank: &Bank,
    entries: impl Iterator<Item = (&'a str, Option<&'a Answer>)>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut unknown = 0usize;
    for (id, answer) in entries {
        let Some(q) = bank.question(id) else {
            unknown += 1;
            if unknown <= SUGGESTED {
                let hint = crate::text::closest(id, bank.questions().iter().map(|q| q.id.as_str()))
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                let shown = crate::text::escape_controls(id);
                problems.push(format!("unknown question id \"{shown}\"{hint}"));
            }
            continue;
        };
        if let Some(answer) = answer
            && let Err(e) = check_shape(q.kind, q.options.len(), answer)
        {
            problems.push(format!("question \"{id}\" ({}): {e}", q.kind.as_str()));
        }
    }
    if let Some(more) = unknown.checked_sub(SUGGESTED).filter(|&n| n > 0) {
        let s = if more == 1 { "" } else { "s" };
        problems.push(format!(
            "and {} more unknown question id{s}",
            crate::text::thousands(more)
        ));
    }
    problems
}

/// Checks that an answer has the shape its question's kind needs.
pub fn check_shape(kind: QuestionKind, options: usize, answer: &Answer) -> Result<(), String> {
    use QuestionKind::*;
    match (kind, answer) {
        (_, Answer::Skip) => Ok(()),
        (SelfRating, Answer::Choice(l)) if *l < LEVELS => Ok(()),
        (SelfRating, _) => Err(format!("expected a level 0–{} or \"skip\"", LEVELS - 1)),
        (SingleChoice | Interest | Background, Answer::Choice(i)) if *i < options => Ok(()),
        (SingleChoice | Interest | Background, _) => Err(format!(
            "expected an option index 0–{} or \"skip\"",
            options.saturating_sub(1)
        )),
        (MultipleChoice, Answer::Choices(v)) => {
            if let Some(bad) = v.iter().find(|&&i| i >= options) {
                Err(format!(
                    "option {bad} is outside 0–{}",
                    options.saturating_sub(1)
                ))
            } else {
                let mut sorted = v.clone();
                sorted.sort_unstable();
                sorted.dedup();
                if sorted.len() != v.len() {
                    Err("an option index is listed twice".to_string())
                } else {
                    Ok(())
                }
            }
        }
        (MultipleChoice, _) => Err(format!(
            "expected an array of option indices 0–{} or \"skip\"",
            options.saturating_sub(1)
        )),
        (ShortText, Answer::Text(_)) => Ok(()),
        (ShortText, _) => Err("expected a string or \"skip\"".to_string()),
    }
}
