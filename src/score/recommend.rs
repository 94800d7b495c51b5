//! The recommended role and the reasons for it.
//!
//! Reasons are data, not sentences: each carries the figures and names it rests on, and
//! `render::reasons` words it, once, for every output. A saved result therefore keeps its meaning
//! when the wording changes, and the terminal, Markdown and HTML can each lay a reason out.

use super::roles::{LeadScratch, RoleMatch, SETTLED_MIN_READINESS, SETTLED_Z};
use super::skills::{RatingBias, SkillEstimate};
use crate::answers::{Answer, Answers};
use crate::bank::Bank;
use serde::{Deserialize, Serialize};

/// The recommended role and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub role: String,
    pub name: String,
    pub runner_up: Option<String>,
    /// Whether the lead over the runner-up is larger than their combined uncertainty.
    pub settled: bool,
    /// In the order they are told: the match itself first, then what supports or qualifies it.
    pub reasons: Vec<Reason>,
}

/// A skill a reason names: its id, so a reason can be followed up, and its name, so it can be
/// worded without the bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillRef {
    pub skill: String,
    pub name: String,
}

/// A requirement the person falls short of: the level that counts for it against the target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub skill: String,
    pub name: String,
    pub level: f64,
    pub target: u8,
}

/// One reason for the recommendation, with its figures (shares are 0–1, levels 0–4).
///
/// Figures are kept unrounded so that every rendering rounds them the same way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The recommended role is the best overall match (among the focus, if any).
    BestMatch {
        role: String,
        name: String,
        readiness: f64,
        readiness_low: f64,
        readiness_high: f64,
        /// `None` when no interest question linked to the role was answered.
        interest: Option<f64>,
        /// The share of the role's requirements measured (results saved before it: all).
        #[serde(default = "all_measured")]
        measured: f64,
    },
    /// Targets of the role the person already meets, most important first.
    MeetsTargets { skills: Vec<SkillRef> },
    /// The lead over the runner-up in overall score; `settled` when it exceeds the uncertainty.
    Leads {
        runner_up: String,
        name: String,
        lead: f64,
        settled: bool,
    },
    /// The runner-up is closer on skills, and interest tipped the balance.
    CloserOnSkills {
        role: String,
        name: String,
        readiness: f64,
        /// The recommended role's readiness and name.
        top_readiness: f64,
        top_name: String,
    },
    /// The measured requirements that count most against the role.
    BiggestGaps { gaps: Vec<Gap> },
    /// At least half of the background answers are typical for the role.
    BackgroundTypical { fit: f64 },
    /// Less than half of the background answers are typical for the role.
    BackgroundDiffers { fit: f64 },
    /// Only this importance-weighted share of the role's requirements was asked about.
    LittleMeasured { measured: f64 },
    /// Nothing the role needs was measured: the ranking rests on interest and background alone.
    NothingMeasured,
    /// The self-ratings run `levels` above (positive) or below what the answers show, and the
    /// estimates have discounted them.
    RatingsDiscounted { levels: f64 },
    /// A role outside the focus, mostly measured, matches better overall.
    BetterOutsideFocus {
        role: String,
        name: String,
        overall: f64,
        top_overall: f64,
    },
}

fn all_measured() -> f64 {
    1.0
}

/// Below this measured share a role's figures lean on the prior, and the reasons say so.
const LITTLE_MEASURED: f64 = 0.5;
/// A role outside the focus is said to fit better only when at least this share of it was measured.
const WELL_MEASURED: f64 = 0.75;

/// The reasons for recommending `top`, from the figures of the role matches alone.
///
/// `second` is the runner-up, `best` the best match overall (outside the focus, possibly), and
/// `measured` gives a role's importance-weighted measured share. It needs no bank, so a result
/// saved before reasons were typed gets the very same reasons from its saved figures.
pub(crate) fn reasons(
    top: &RoleMatch,
    second: Option<&RoleMatch>,
    best: &RoleMatch,
    settled: bool,
    measured: impl Fn(&RoleMatch) -> f64,
) -> Vec<Reason> {
    let mut reasons = vec![Reason::BestMatch {
        role: top.role.clone(),
        name: top.name.clone(),
        readiness: top.readiness,
        readiness_low: top.readiness_low,
        readiness_high: top.readiness_high,
        interest: (top.interest_answered > 0).then_some(top.interest),
        measured: top.measured,
    }];
    if !top.strengths.is_empty() {
        reasons.push(Reason::MeetsTargets {
            skills: top
                .strengths
                .iter()
                .map(|f| SkillRef {
                    skill: f.skill.clone(),
                    name: f.name.clone(),
                })
                .collect(),
        });
    }
    if let Some(second) = second {
        reasons.push(Reason::Leads {
            runner_up: second.role.clone(),
            name: second.name.clone(),
            lead: top.overall - second.overall,
            settled,
        });
        if second.readiness > top.readiness {
            reasons.push(Reason::CloserOnSkills {
                role: second.role.clone(),
                name: second.name.clone(),
                readiness: second.readiness,
                top_readiness: top.readiness,
                top_name: top.name.clone(),
            });
        }
    }
    if !top.against.is_empty() {
        reasons.push(Reason::BiggestGaps {
            gaps: top
                .against
                .iter()
                .map(|f| Gap {
                    skill: f.skill.clone(),
                    name: f.name.clone(),
                    level: f.level,
                    target: f.target,
                })
                .collect(),
        });
    }
    match top.background_fit {
        Some(fit) if fit >= 0.5 => reasons.push(Reason::BackgroundTypical { fit }),
        Some(fit) => reasons.push(Reason::BackgroundDiffers { fit }),
        None => {}
    }
    let share = measured(top);
    if share == 0.0 {
        reasons.push(Reason::NothingMeasured);
    } else if share < LITTLE_MEASURED {
        reasons.push(Reason::LittleMeasured { measured: share });
    }
    if best.role != top.role && measured(best) >= WELL_MEASURED {
        reasons.push(Reason::BetterOutsideFocus {
            role: best.role.clone(),
            name: best.name.clone(),
            overall: best.overall,
            top_overall: top.overall,
        });
    }
    reasons
}

pub(crate) fn recommend(
    bank: &Bank,
    roles: &[RoleMatch],
    estimates: &[SkillEstimate],
    bias: Option<&RatingBias>,
    answers: &Answers,
    focus: &[String],
) -> Recommendation {
    // The person said which roles they are weighing: recommend among those.
    let candidates: Vec<&RoleMatch> = roles
        .iter()
        .filter(|m| focus.is_empty() || focus.contains(&m.role))
        .collect();
    let candidates = if candidates.is_empty() {
        roles.iter().collect()
    } else {
        candidates
    };
    let top = candidates[0];
    let second = candidates.get(1).copied();
    let position = |m: &RoleMatch| bank.role_position(&m.role).expect("a role of this bank");
    let lead_settled = second.is_none_or(|second| {
        let mut lead = LeadScratch::new(estimates.len());
        let sd = lead.sd(
            bank,
            position(top),
            position(second),
            |s| (estimates[s].theta, estimates[s].theta_sd),
            bias.map_or((0.0, 0.0), |b| (b.levels, b.sd)),
            |s| estimates[s].bias_gain,
            |q| {
                matches!(
                    answers.get(&bank.questions()[q].id),
                    Some(Answer::Choice(_))
                )
            },
        );
        top.overall - second.overall > SETTLED_Z * sd
    });
    // Nothing is settled while nothing of the role is measured, or while the person is far from it.
    let settled = lead_settled && top.measured > 0.0 && top.readiness >= SETTLED_MIN_READINESS;
    // Only a role whose requirements were mostly measured can be said to fit better: an unmeasured
    // one sits at the prior's guess.
    let measured_share = |m: &RoleMatch| m.measured;
    let mut reasons = reasons(top, second, &roles[0], settled, measured_share);
    if let Some(b) = bias.filter(|b| b.clear) {
        reasons.push(Reason::RatingsDiscounted { levels: b.levels });
    }
    Recommendation {
        role: top.role.clone(),
        name: top.name.clone(),
        runner_up: second.map(|s| s.role.clone()),
        settled,
        reasons,
    }
}
