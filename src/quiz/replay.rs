//! A quiz replayed from an answer file: the interactive flow ([`run`]) itself, driven by a
//! prompter that takes each answer from the file instead of a person. The form picks the questions
//! exactly as it would at a terminal (the same adaptive loop, focus and policy), a question the
//! file does not answer gets "I don't know", and the result is saved like any finished quiz.
//!
//! Deterministic: the answers are found by the options' text, so the session's shuffled display
//! order changes nothing. Nothing is shown and no terminal is needed.

use super::{Ask, Mode, Options, Outcome, Prompter, QuizError, Reply, Start, run};
use super::{option_label, skip_label};
use crate::answers::{Answer, Answers};
use crate::bank::{Bank, BankSource, Question};
use crate::store::Store;

/// Replays the `mode` form for the roles in `focus` (empty: all) with the answers in `answers`,
/// as a new quiz (unfinished ones are kept). Only the questions the form asks are answered and
/// saved, in the order it asked them.
pub(crate) fn replay(
    bank: &Bank,
    store: &Store,
    answers: &Answers,
    mode: Mode,
    focus: Vec<String>,
    bank_source: BankSource,
) -> Result<Outcome, QuizError> {
    let opts = Options {
        start: Start::New,
        mode: Some(mode),
        focus: Some(focus),
        bank_source,
    };
    run(bank, store, &mut FromFile { bank, answers }, opts)
}

/// Answers every question from the file ("I don't know" where it has none) and says nothing.
struct FromFile<'a> {
    bank: &'a Bank,
    answers: &'a Answers,
}

impl FromFile<'_> {
    /// The question being asked and the file's answer to it.
    fn lookup(&self, ask: &Ask) -> Result<(&Question, Answer), String> {
        let q = ask
            .question
            .as_deref()
            .and_then(|id| self.bank.question(id))
            .ok_or_else(|| format!("an answer file cannot answer \"{}\"", ask.prompt))?;
        let answer = self.answers.get(&q.id).cloned().unwrap_or(Answer::Skip);
        Ok((q, answer))
    }
}

/// Where option `i` (in the bank's order) is shown.
fn shown_at(bank: &Bank, q: &Question, options: &[String], i: usize) -> Result<usize, String> {
    let label = (i < q.options.len()).then(|| option_label(bank, q, i));
    label
        .and_then(|label| options.iter().position(|o| *o == label))
        .ok_or_else(|| format!("question \"{}\" has no option {i}", q.id))
}

/// Where "I don't know" is shown (last, after the options, whose text it may share).
fn skip_at(q: &Question, options: &[String]) -> Result<usize, String> {
    options
        .iter()
        .rposition(|o| o == skip_label(q.kind))
        .ok_or_else(|| format!("question \"{}\" offers no \"I don't know\"", q.id))
}

/// An answer that does not fit the prompt (an answer file is checked against the bank first).
fn misfit(q: &Question) -> String {
    format!(
        "the answer to question \"{}\" does not fit a {} question",
        q.id,
        q.kind.as_str()
    )
}

fn reply<T>(r: Result<T, String>) -> Reply<T> {
    r.map_or_else(Reply::Failed, Reply::Answer)
}

impl Prompter for FromFile<'_> {
    fn say(&mut self, _text: &str) {}

    fn select(&mut self, ask: &Ask, options: &[String], _start: usize) -> Reply<usize> {
        reply(self.lookup(ask).and_then(|(q, answer)| match answer {
            Answer::Skip => skip_at(q, options),
            Answer::Choice(i) => shown_at(self.bank, q, options, i),
            _ => Err(misfit(q)),
        }))
    }

    /// The file's choices as they are: `valid` is for a person who can choose again.
    fn multi_select(
        &mut self,
        ask: &Ask,
        options: &[String],
        _valid: fn(&[usize], usize) -> Option<String>,
    ) -> Reply<Vec<usize>> {
        reply(self.lookup(ask).and_then(|(q, answer)| {
            match answer {
                Answer::Skip => skip_at(q, options).map(|i| vec![i]),
                Answer::Choices(chosen) => chosen
                    .iter()
                    .map(|&i| shown_at(self.bank, q, options, i))
                    .collect(),
                _ => Err(misfit(q)),
            }
        }))
    }

    fn text(&mut self, ask: &Ask) -> Reply<String> {
        reply(self.lookup(ask).and_then(|(q, answer)| match answer {
            // An empty answer is "I don't know".
            Answer::Skip => Ok(String::new()),
            Answer::Text(t) => Ok(t),
            _ => Err(misfit(q)),
        }))
    }
}
