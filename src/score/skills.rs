//! Each skill's level from the evidence, with its uncertainty and a calibration of the self-rating.

use super::irt::{Item, ItemTable, level_of, theta_of_level};
use super::person::{self, SkillEvidence, SkillPosterior};
use super::{check::is_correct, round3, round3_opt};
use crate::answers::{Answer, Answers};
use crate::bank::{Bank, Question, QuestionKind};
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
    /// Expected share of a target 0–4 met, E[min(level / target, 1)] over the posterior: what
    /// readiness adds up, so that uncertainty is never counted as skill.
    #[serde(skip)]
    pub(crate) coverage: [f64; 5],
    /// How far θ moves per level of rating bias (0 when unrated), for the lead's uncertainty.
    #[serde(skip)]
    pub(crate) bias_gain: f64,
}

impl SkillEstimate {
    /// Whether anything at all was said about this skill.
    pub fn measured(&self) -> bool {
        self.self_rating.is_some() || self.checks_answered > 0
    }
}

/// How a person's self-ratings compare with their answers, across all skills.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RatingBias {
    /// Levels by which the self-ratings run above (positive) or below what the answers show.
    #[serde(serialize_with = "round3")]
    pub levels: f64,
    #[serde(serialize_with = "round3")]
    pub sd: f64,
    /// Skills both rated and checked: the evidence the bias rests on.
    pub evidence: usize,
    /// Whether the answers clearly show it, so the result says so in words.
    pub clear: bool,
}

/// A bias is told when it is at least half a level and twice its uncertainty.
pub(crate) const CLEAR_BIAS: f64 = 0.5;

/// A knowledge check as the model sees it.
pub fn item_of(q: &Question) -> Item {
    Item::new(q.discrimination, q.difficulty(), q.guessing())
}

/// The evidence of every skill in the answers.
pub(crate) fn evidence(bank: &Bank, answers: &Answers) -> Vec<SkillEvidence> {
    (0..bank.skills().len())
        .map(|si| {
            let mut e = SkillEvidence::new(bank.category_of(si));
            for &qi in bank.questions_for_skill(si) {
                let q = &bank.questions()[qi];
                let Some(answer) = answers.get(&q.id) else {
                    continue;
                };
                match q.kind {
                    QuestionKind::SelfRating => {
                        if let Answer::Choice(l) = answer {
                            e.rating = Some((*l).min(4) as u8);
                        }
                    }
                    k if k.is_knowledge_check() => {
                        e.add_check(&ItemTable::new(&item_of(q)), is_correct(q, answer));
                    }
                    _ => {}
                }
            }
            e
        })
        .collect()
}

/// The rating bias as reported, in levels: the scale spans four, so a larger estimate says no more.
pub(crate) fn shown_bias(levels: f64) -> f64 {
    levels.clamp(-4.0, 4.0)
}

/// Estimates every skill from the answers, and the person's rating bias (unknown ids and answers
/// of the wrong shape are ignored; check them first with [`Answers::problems`]).
pub fn estimate_skills(bank: &Bank, answers: &Answers) -> (Vec<SkillEstimate>, RatingBias) {
    let evidence = evidence(bank, answers);
    let est = person::estimate(&evidence, bank.category_count());
    let skills = bank
        .skills()
        .iter()
        .enumerate()
        .map(|(si, skill)| {
            let mut responses = Vec::new();
            for &qi in bank.questions_for_skill(si) {
                let q = &bank.questions()[qi];
                if let Some(answer) = answers.get(&q.id)
                    && q.kind.is_knowledge_check()
                {
                    responses.push((item_of(q), is_correct(q, answer)));
                }
            }
            let mut e = estimate_one(skill, &evidence[si], &est.posteriors[si], &responses);
            e.bias_gain = est.bias_gain[si];
            e
        })
        .collect();
    // The scale has five levels: a bias beyond four is an extrapolation, told as four.
    let (levels, sd) = (shown_bias(est.bias.0), est.bias.1);
    let checked = evidence
        .iter()
        .filter(|e| e.rating.is_some() && e.answered > 0)
        .count();
    let bias = RatingBias {
        levels,
        sd,
        evidence: checked,
        clear: checked > 0 && levels.abs() >= CLEAR_BIAS && levels.abs() >= 2.0 * sd,
    };
    (skills, bias)
}

/// One skill's estimate from its posterior, with the calibration of its own rating.
fn estimate_one(
    skill: &crate::bank::Skill,
    evidence: &SkillEvidence,
    post: &SkillPosterior,
    responses: &[(Item, bool)],
) -> SkillEstimate {
    let (theta, sd) = post.mean_sd();
    let self_rating = evidence.rating;
    let checks_level =
        (!responses.is_empty()).then(|| level_of(evidence.checks_only().mean_sd().0));
    let correct = responses.iter().filter(|r| r.1).count();
    // What a person at the claimed level would score, and how much that varies.
    let expected = self_rating.map(|r| {
        let claimed = theta_of_level(r as f64);
        responses.iter().fold((0.0, 0.0), |(e, v), (item, _)| {
            let p = item.p(claimed);
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
        checks_level,
        checks_answered: responses.len(),
        checks_correct: correct,
        checks_expected: expected.map(|(e, _)| e),
        coverage: post.coverage(),
        bias_gain: 0.0,
    }
}
