//! Each skill's level from the evidence, with its uncertainty and a calibration of the self-rating.

use super::irt::{level_of, p_correct, prior_for, skill_posteriors, theta_of_level};
use super::{check::is_correct, round3, round3_opt};
use crate::answers::{Answer, Answers};
use crate::bank::{Bank, QuestionKind};
use serde::{Deserialize, Serialize};

/// How a self-rating compares with what the knowledge checks showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Calibration {
    /// The checks agree with the rating.
    Calibrated,
    /// The rating is clearly above what the checks showed.
    Overconfident,
    /// The rating is clearly below what the checks showed.
    Underconfident,
    /// Too few checks answered to judge.
    NotEnoughEvidence,
    /// No self-rating given.
    NotRated,
}

/// Calibration needs at least this many answered knowledge checks.
pub(crate) const CALIBRATION_MIN_CHECKS: usize = 2;
/// A self-rating is flagged when the number of checks answered right is this many standard
/// deviations away from what a person at the claimed level would get (2PL expectation at
/// θ = rating − 2). Unlike comparing with a checks-only estimate, this does not call a true expert
/// who answers everything right "overconfident" just because few checks cannot prove level 4.
pub(crate) const CALIBRATION_Z: f64 = 2.0;

/// The estimate of one skill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillEstimate {
    pub skill: String,
    pub name: String,
    pub category: String,
    #[serde(serialize_with = "round3")]
    pub theta: f64,
    #[serde(serialize_with = "round3")]
    pub theta_sd: f64,
    /// [`level_of`] the posterior mean.
    #[serde(serialize_with = "round3")]
    pub level: f64,
    /// [`level_of`] one standard deviation below and above.
    #[serde(serialize_with = "round3")]
    pub level_low: f64,
    #[serde(serialize_with = "round3")]
    pub level_high: f64,
    pub self_rating: Option<u8>,
    pub calibration: Calibration,
    /// The level the knowledge checks alone point to (standard prior), when any were answered.
    #[serde(serialize_with = "round3_opt")]
    pub checks_level: Option<f64>,
    pub checks_answered: usize,
    pub checks_correct: usize,
    /// How many checks a person at the self-rated level would get right, on average.
    #[serde(default, serialize_with = "round3_opt")]
    pub checks_expected: Option<f64>,
}

impl SkillEstimate {
    /// Whether anything at all was said about this skill.
    pub fn measured(&self) -> bool {
        self.self_rating.is_some() || self.checks_answered > 0
    }
}

/// Estimates every skill from the answers (unknown ids and answers of the wrong shape are ignored;
/// check them first with [`Answers::problems`]).
pub fn estimate_skills(bank: &Bank, answers: &Answers) -> Vec<SkillEstimate> {
    bank.skills()
        .iter()
        .enumerate()
        .map(|(si, skill)| {
            let mut self_rating = None;
            let mut responses = Vec::new();
            for &qi in bank.questions_for_skill(si) {
                let q = &bank.questions()[qi];
                let Some(answer) = answers.get(&q.id) else {
                    continue;
                };
                match q.kind {
                    QuestionKind::SelfRating => {
                        if let Answer::Choice(l) = answer {
                            self_rating = Some((*l).min(4) as u8);
                        }
                    }
                    k if k.is_knowledge_check() => {
                        responses.push((q.discrimination, q.difficulty, is_correct(q, answer)));
                    }
                    _ => {}
                }
            }
            let (post, checks) =
                skill_posteriors(prior_for(self_rating.map(usize::from)), &responses);
            let (theta, sd) = post.mean_sd();
            let checks_level = checks.map(|c| c.mean_sd());
            let correct = responses.iter().filter(|r| r.2).count();
            // What a person at the claimed level would score, and how much that varies.
            let expected = self_rating.map(|r| {
                let claimed = theta_of_level(r as f64);
                responses.iter().fold((0.0, 0.0), |(e, v), &(a, b, _)| {
                    let p = p_correct(claimed, a, b);
                    (e + p, v + p * (1.0 - p))
                })
            });
            let calibration = match (self_rating, expected) {
                (None, _) | (_, None) => Calibration::NotRated,
                _ if responses.len() < CALIBRATION_MIN_CHECKS => Calibration::NotEnoughEvidence,
                (Some(_), Some((e, v))) => {
                    let z = (correct as f64 - e) / v.max(1e-9).sqrt();
                    if z <= -CALIBRATION_Z {
                        Calibration::Overconfident
                    } else if z >= CALIBRATION_Z {
                        Calibration::Underconfident
                    } else {
                        Calibration::Calibrated
                    }
                }
            };
            SkillEstimate {
                skill: skill.id.clone(),
                name: skill.name.clone(),
                category: skill.category.clone(),
                theta,
                theta_sd: sd,
                level: level_of(theta),
                level_low: level_of(theta - sd),
                level_high: level_of(theta + sd),
                self_rating,
                calibration,
                checks_level: checks_level.map(|(t, _)| level_of(t)),
                checks_answered: responses.len(),
                checks_correct: correct,
                checks_expected: expected.map(|(e, _)| e),
            }
        })
        .collect()
}
