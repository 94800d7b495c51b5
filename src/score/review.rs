//! The review of a result's answers: every knowledge check the person answered, judged again
//! with the bank's matcher, wrong ones first, so that the bank's explanations teach what was
//! missed. Data only; `render::review` words it.

use crate::answers::{Answer, Answers};
use crate::bank::Bank;
use std::collections::BTreeMap;

/// How an answer to a knowledge check went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Wrong,
    /// "I don't know".
    DontKnow,
    Right,
}

/// One answered check: the question's index in [`Bank::questions`], the answer, and the verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Reviewed {
    pub question: usize,
    pub answer: Answer,
    pub verdict: Verdict,
}

/// Every answered check of a result, wrong first, then "I don't know", then right, each group in
/// the bank's order; and how many answers could not be reviewed because their question is gone
/// from the bank or has changed since (its options or right answers differ).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Review {
    pub items: Vec<Reviewed>,
    pub changed: usize,
}

impl Review {
    /// How many answers had each verdict: (wrong, don't know, right).
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |v: Verdict| self.items.iter().filter(|r| r.verdict == v).count();
        (n(Verdict::Wrong), n(Verdict::DontKnow), n(Verdict::Right))
    }
}

/// Reviews `answers` against `bank`; `versions` are the question versions recorded with the
/// answers (an answer without one is taken as given to today's question).
pub fn review(bank: &Bank, answers: &Answers, versions: &BTreeMap<String, String>) -> Review {
    let mut out = Review::default();
    for (id, answer) in answers.iter() {
        let Some(qi) = bank.question_index(id) else {
            out.changed += 1;
            continue;
        };
        let q = &bank.questions()[qi];
        if !q.kind.is_knowledge_check() {
            continue;
        }
        if versions.get(id).is_some_and(|v| *v != q.version()) {
            out.changed += 1;
            continue;
        }
        let verdict = match answer {
            Answer::Skip => Verdict::DontKnow,
            a if super::is_correct(q, a) => Verdict::Right,
            _ => Verdict::Wrong,
        };
        out.items.push(Reviewed {
            question: qi,
            answer: answer.clone(),
            verdict,
        });
    }
    out.items
        .sort_by(|a, b| a.verdict.cmp(&b.verdict).then(a.question.cmp(&b.question)));
    out
}
