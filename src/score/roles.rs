//! Role matching: readiness with its range, interest, the overall score, the ranking, and the
//! uncertainty in the lead of one role over another.

use super::irt::theta_of_level;
use super::round3;
use super::round3_opt;
use super::skills::SkillEstimate;
use crate::answers::{Answer, Answers};
use crate::bank::{Bank, Role, RoleSkill};
use serde::{Deserialize, Serialize};

/// Below this shortfall (in levels) a requirement counts as met.
pub const GAP_THRESHOLD: f64 = 0.3;

/// One skill's part in a role match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Factor {
    /// The skill that counts for the requirement (the best of it and its alternatives).
    pub skill: String,
    pub name: String,
    pub importance: u8,
    pub target: u8,
    #[serde(serialize_with = "round3")]
    pub level: f64,
    /// Names of the requirement's other skills, any of which would do as well.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    /// False when nothing was asked about the skill, so `level` is only the prior's guess.
    #[serde(default = "measured_by_default")]
    pub measured: bool,
}

fn measured_by_default() -> bool {
    true
}

impl Factor {
    /// The skill's name, with its alternatives: "Keras (or PyTorch, TensorFlow)".
    pub fn label(&self) -> String {
        if self.alternatives.is_empty() {
            self.name.clone()
        } else {
            format!("{} (or {})", self.name, self.alternatives.join(", "))
        }
    }
}

/// How well a person matches one role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleMatch {
    pub role: String,
    pub name: String,
    /// Importance-weighted share of the role's targets met; a surplus never pays for a shortfall.
    #[serde(serialize_with = "round3")]
    pub readiness: f64,
    #[serde(serialize_with = "round3")]
    pub readiness_low: f64,
    #[serde(serialize_with = "round3")]
    pub readiness_high: f64,
    /// 0–1 from the interest answers linked to the role; 0.5 when none were answered.
    #[serde(serialize_with = "round3")]
    pub interest: f64,
    pub interest_answered: usize,
    /// Share of answered background questions whose answer is typical for the role.
    #[serde(serialize_with = "round3_opt")]
    pub background_fit: Option<f64>,
    /// [`READINESS_WEIGHT`] × readiness + (1 − it) × interest.
    #[serde(serialize_with = "round3")]
    pub overall: f64,
    /// The measured skills that count most for the role: met targets, by importance.
    #[serde(rename = "for")]
    pub strengths: Vec<Factor>,
    /// The measured skills that count most against it: by importance × shortfall.
    pub against: Vec<Factor>,
    /// Every requirement of the role with the level that counts for it, in the role's order, so a
    /// saved result can be drawn and compared without the bank it was scored with.
    pub requirements: Vec<Factor>,
}

/// Weight of readiness in the overall match; the rest is interest.
pub(crate) const READINESS_WEIGHT: f64 = 0.75;
/// Interest assumed when no interest question linked to a role was answered.
pub(crate) const NEUTRAL_INTEREST: f64 = 0.5;
/// How many skills to list for and against each role.
pub(crate) const FACTORS_SHOWN: usize = 3;

/// The overall match of a role: [`READINESS_WEIGHT`] × readiness + (1 − it) × interest. Scoring,
/// the quick mode and the simulation's ground truth all call this one formula.
pub(crate) fn overall(readiness: f64, interest: f64) -> f64 {
    READINESS_WEIGHT * readiness + (1.0 - READINESS_WEIGHT) * interest
}

/// What the role ranking sorts by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RankKey<'a> {
    pub(crate) overall: f64,
    pub(crate) readiness: f64,
    /// The role's id: the last tie-break, so the order is total and the same in every mode.
    pub(crate) role: &'a str,
}

/// The one role ranking, best first: the higher overall score, then the higher readiness, then
/// the role id. The full result, the quick mode's running ranking and the simulation's ground
/// truth all sort with it, so they cannot disagree on a tie.
pub(crate) fn rank_order(a: &RankKey, b: &RankKey) -> std::cmp::Ordering {
    b.overall
        .total_cmp(&a.overall)
        .then(b.readiness.total_cmp(&a.readiness))
        .then(a.role.cmp(b.role))
}

/// How far a level falls short of a target, in levels (0 when it is met).
pub(crate) fn shortfall(target: u8, level: f64) -> f64 {
    (target as f64 - level).max(0.0)
}

/// How much of one requirement a level meets: 1 at or above the target, never more.
pub(crate) fn coverage(level: f64, target: u8) -> f64 {
    if target == 0 {
        1.0
    } else {
        (level / target as f64).clamp(0.0, 1.0)
    }
}

/// The estimate that counts for a requirement: the best of the skill and its alternatives.
pub(crate) fn best_for<'a>(
    bank: &Bank,
    rs: &RoleSkill,
    estimates: &'a [SkillEstimate],
) -> &'a SkillEstimate {
    std::iter::once(&rs.skill)
        .chain(&rs.alternatives)
        .filter_map(|id| bank.skill_index(id).map(|i| &estimates[i]))
        .reduce(|best, e| if e.level > best.level { e } else { best })
        .expect("validated bank: role skills exist")
}

/// Readiness for the role at position `role` from a level per skill index: Σ importance ×
/// min(level / target, 1) ÷ Σ importance, taking the best of each requirement's alternatives.
pub(crate) fn readiness_by(bank: &Bank, role: usize, level: impl Fn(usize) -> f64) -> f64 {
    let (mut met, mut total) = (0.0, 0.0);
    for req in bank.requirements(role) {
        let best = req
            .skills
            .iter()
            .map(|&s| level(s))
            .fold(f64::NEG_INFINITY, f64::max);
        met += req.importance as f64 * coverage(best, req.target);
        total += req.importance as f64;
    }
    if total == 0.0 { 1.0 } else { met / total }
}

/// Readiness for a role from the estimates, using the level `level` picks from each.
pub fn readiness_with(
    bank: &Bank,
    role: &Role,
    estimates: &[SkillEstimate],
    level: impl Fn(&SkillEstimate) -> f64,
) -> f64 {
    let position = bank.role_position(&role.id).expect("a role of this bank");
    readiness_by(bank, position, |s| level(&estimates[s]))
}

/// Interest in the role at position `role`: the weighted mean of its linked interest answers
/// (option index scaled to 0–1), and how many were answered; [`NEUTRAL_INTEREST`] when none were.
pub(crate) fn interest_by(
    bank: &Bank,
    role: usize,
    answer: impl Fn(usize) -> Option<usize>,
) -> (f64, usize) {
    let (mut sum, mut weight, mut n) = (0.0, 0.0, 0);
    for &(qi, w) in bank.interest_links(role) {
        if let Some(i) = answer(qi) {
            let steps = bank.questions()[qi].options.len().saturating_sub(1).max(1) as f64;
            sum += w as f64 * (i as f64 / steps).min(1.0);
            weight += w as f64;
            n += 1;
        }
    }
    if n == 0 {
        (NEUTRAL_INTEREST, 0)
    } else {
        (sum / weight, n)
    }
}

fn interest_for(bank: &Bank, role: &Role, answers: &Answers) -> (f64, usize) {
    let position = bank.role_position(&role.id).expect("a role of this bank");
    interest_by(bank, position, |qi| {
        match answers.get(&bank.questions()[qi].id) {
            Some(Answer::Choice(i)) => Some(*i),
            _ => None,
        }
    })
}

fn background_for(role: &Role, answers: &Answers) -> Option<f64> {
    let answered: Vec<bool> = role
        .background
        .iter()
        .filter_map(|link| match answers.get(&link.question) {
            Some(Answer::Choice(i)) => Some(link.preferred.contains(i)),
            _ => None,
        })
        .collect();
    (!answered.is_empty())
        .then(|| answered.iter().filter(|&&m| m).count() as f64 / answered.len() as f64)
}

/// Matches the estimates against one role.
pub(crate) fn match_role(
    bank: &Bank,
    role: &Role,
    estimates: &[SkillEstimate],
    answers: &Answers,
) -> RoleMatch {
    let readiness = readiness_with(bank, role, estimates, |e| e.level);
    let readiness_low = readiness_with(bank, role, estimates, |e| e.level_low);
    let readiness_high = readiness_with(bank, role, estimates, |e| e.level_high);
    let (interest, interest_answered) = interest_for(bank, role, answers);
    let factors: Vec<(Factor, f64)> = role
        .skills
        .iter()
        .map(|rs| {
            let e = best_for(bank, rs, estimates);
            let short = shortfall(rs.target, e.level);
            (
                Factor {
                    skill: e.skill.clone(),
                    name: e.name.clone(),
                    importance: rs.importance,
                    target: rs.target,
                    level: e.level,
                    alternatives: std::iter::once(&rs.skill)
                        .chain(&rs.alternatives)
                        .filter(|id| **id != e.skill)
                        .filter_map(|id| bank.skill(id).map(|s| s.name.clone()))
                        .collect(),
                    measured: e.measured(),
                },
                short,
            )
        })
        .collect();
    // Only what the answers showed counts for or against: an unasked skill is the prior's guess.
    let mut strengths: Vec<&(Factor, f64)> = factors
        .iter()
        .filter(|(f, short)| f.measured && *short < GAP_THRESHOLD && f.target > 0)
        .collect();
    strengths.sort_by(|a, b| {
        b.0.importance
            .cmp(&a.0.importance)
            .then(b.0.level.total_cmp(&a.0.level))
            .then(a.0.skill.cmp(&b.0.skill))
    });
    let mut against: Vec<&(Factor, f64)> = factors
        .iter()
        .filter(|(f, short)| f.measured && *short >= GAP_THRESHOLD)
        .collect();
    against.sort_by(|a, b| {
        (b.0.importance as f64 * b.1)
            .total_cmp(&(a.0.importance as f64 * a.1))
            .then(a.0.skill.cmp(&b.0.skill))
    });
    RoleMatch {
        role: role.id.clone(),
        name: role.name.clone(),
        readiness,
        readiness_low,
        readiness_high,
        interest,
        interest_answered,
        background_fit: background_for(role, answers),
        overall: overall(readiness, interest),
        strengths: strengths
            .into_iter()
            .take(FACTORS_SHOWN)
            .map(|f| f.0.clone())
            .collect(),
        against: against
            .into_iter()
            .take(FACTORS_SHOWN)
            .map(|f| f.0.clone())
            .collect(),
        requirements: factors.iter().map(|(f, _)| f.clone()).collect(),
    }
}

impl RoleMatch {
    /// Where the match stands in [`rank_order`].
    pub(crate) fn rank_key(&self) -> RankKey<'_> {
        RankKey {
            overall: self.overall,
            readiness: self.readiness,
            role: &self.role,
        }
    }
}

/// Every role, best match first, by [`rank_order`].
pub(crate) fn rank_roles(
    bank: &Bank,
    estimates: &[SkillEstimate],
    answers: &Answers,
) -> Vec<RoleMatch> {
    let mut roles: Vec<RoleMatch> = bank
        .roles()
        .iter()
        .map(|r| match_role(bank, r, estimates, answers))
        .collect();
    roles.sort_by(|a, b| rank_order(&a.rank_key(), &b.rank_key()));
    roles
}

/// How many standard deviations of the lead make a recommendation settled.
pub(crate) const SETTLED_Z: f64 = 2.0;
/// Variance of an unanswered interest answer scaled to 0–1 (uniform over four options).
pub(crate) const INTEREST_VARIANCE: f64 = 5.0 / 36.0;

/// Standard normal CDF by the logistic approximation Φ(x) ≈ 1 / (1 + e^(−1.702 x)) (error below
/// 0.01), ample for weighting.
pub(crate) fn phi(x: f64) -> f64 {
    1.0 / (1.0 + (-1.702 * x).exp())
}

/// ∂overall/∂θ of each skill for the role at `role`: the importance share ÷ target of the
/// requirement's best skill, times the chance that it is still below target, times the readiness
/// weight. Added into `out` with the given sign.
pub(crate) fn add_slopes(
    bank: &Bank,
    role: usize,
    sign: f64,
    estimate: &impl Fn(usize) -> (f64, f64),
    out: &mut [f64],
) {
    let reqs = bank.requirements(role);
    let total: f64 = reqs.iter().map(|r| r.importance as f64).sum();
    for req in reqs.iter().filter(|r| r.target > 0) {
        let best = req
            .skills
            .iter()
            .copied()
            .max_by(|a, b| estimate(*a).0.total_cmp(&estimate(*b).0))
            .expect("requirements have skills");
        let (theta, sd) = estimate(best);
        let below = phi((theta_of_level(req.target as f64) - theta) / sd.max(0.05));
        out[best] +=
            sign * READINESS_WEIGHT * req.importance as f64 / total / req.target as f64 * below;
    }
}

/// ∂overall/∂(interest answer) of each interest question for the role at `role`, added into `out`.
pub(crate) fn add_interest_slopes(bank: &Bank, role: usize, sign: f64, out: &mut [f64]) {
    let links = bank.interest_links(role);
    let total: f64 = links.iter().map(|(_, w)| *w as f64).sum();
    for &(q, w) in links {
        out[q] += sign * (1.0 - READINESS_WEIGHT) * w as f64 / total;
    }
}

/// The standard deviation of the lead of role `a` over role `b` (their overall difference),
/// from each skill's θ uncertainty and each unanswered interest question, to first order.
pub(crate) fn lead_sd(
    bank: &Bank,
    a: usize,
    b: usize,
    estimate: impl Fn(usize) -> (f64, f64),
    interest_answered: impl Fn(usize) -> bool,
) -> f64 {
    let mut d = vec![0.0; bank.skills().len()];
    add_slopes(bank, a, 1.0, &estimate, &mut d);
    add_slopes(bank, b, -1.0, &estimate, &mut d);
    let mut var: f64 = d
        .iter()
        .enumerate()
        .map(|(s, d)| d * d * estimate(s).1.powi(2))
        .sum();
    let mut di = vec![0.0; bank.questions().len()];
    add_interest_slopes(bank, a, 1.0, &mut di);
    add_interest_slopes(bank, b, -1.0, &mut di);
    var += di
        .iter()
        .enumerate()
        .filter(|(q, _)| !interest_answered(*q))
        .map(|(_, d)| d * d * INTEREST_VARIANCE)
        .sum::<f64>();
    var.sqrt()
}
