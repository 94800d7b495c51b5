//! Personas: people with known true levels and interests, used as test fixtures and by
//! `simulate`. A persona answers deterministically: a knowledge check is right exactly when the
//! persona's true θ reaches the item's difficulty.

use crate::answers::{Answer, Answers};
use crate::bank::{Bank, Question, QuestionKind};
use crate::score::{right_answer, theta_of_level};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A persona as written in a fixture file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    pub id: String,
    pub name: String,
    pub description: String,
    /// True level (0–4) of every skill not listed in `levels`.
    #[serde(default)]
    pub default_level: f64,
    /// True levels by skill id.
    pub levels: BTreeMap<String, f64>,
    /// Self-ratings that differ from the rounded true level (people misjudge themselves).
    #[serde(default)]
    pub self_ratings: BTreeMap<String, usize>,
    /// Interest answers by question id (option index); unlisted interest questions are skipped.
    #[serde(default)]
    pub interests: BTreeMap<String, usize>,
    /// Background answers by question id (option index).
    #[serde(default)]
    pub background: BTreeMap<String, usize>,
}

impl Persona {
    /// The persona's true level in a skill.
    pub(crate) fn level(&self, skill: &str) -> f64 {
        self.levels
            .get(skill)
            .copied()
            .unwrap_or(self.default_level)
    }

    /// A wrong answer of the right shape: honest "I don't know" at low levels, a plausible
    /// mistake otherwise.
    fn wrong(q: &Question, level: f64) -> Answer {
        if level < 1.5 {
            return Answer::Skip;
        }
        match q.kind {
            QuestionKind::SingleChoice => (0..q.options.len())
                .find(|i| !q.correct.contains(i))
                .map_or(Answer::Skip, Answer::Choice),
            QuestionKind::MultipleChoice => {
                let mut chosen = q.correct.clone();
                match (0..q.options.len()).find(|i| !q.correct.contains(i)) {
                    Some(extra) => chosen.push(extra),
                    None => {
                        chosen.pop();
                    }
                }
                chosen.sort_unstable();
                Answer::Choices(chosen)
            }
            _ => Answer::Skip,
        }
    }

    /// The persona's answer to one question, if it answers it at all.
    pub fn answer(&self, q: &Question) -> Option<Answer> {
        match q.kind {
            QuestionKind::SelfRating => {
                let skill = q.skill.as_deref()?;
                let rating = self
                    .self_ratings
                    .get(skill)
                    .copied()
                    .unwrap_or_else(|| self.level(skill).round().clamp(0.0, 4.0) as usize);
                Some(Answer::Choice(rating))
            }
            QuestionKind::Interest => self.interests.get(&q.id).map(|&i| Answer::Choice(i)),
            QuestionKind::Background => self.background.get(&q.id).map(|&i| Answer::Choice(i)),
            _ => {
                let level = self.level(q.skill.as_deref()?);
                if theta_of_level(level) >= q.difficulty() {
                    Some(right_answer(q))
                } else {
                    Some(Self::wrong(q, level))
                }
            }
        }
    }

    /// The persona's answers to every question of the bank.
    pub fn answers(&self, bank: &Bank) -> Answers {
        let mut answers = Answers::default();
        for q in bank.questions() {
            if let Some(a) = self.answer(q) {
                answers.insert(q.id.clone(), a);
            }
        }
        answers
    }
}
