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

/// Results saved before `measured` was recorded counted every requirement as measured.
fn all_measured() -> f64 {
    1.0
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
    /// The importance-weighted share of the role's requirements that the answers measured (a
    /// self-rating or a knowledge check); the rest of readiness rests on related skills. With
    /// none measured, readiness is only a guess and is shown as "not measured yet".
    #[serde(default = "all_measured", serialize_with = "round3")]
    pub measured: f64,
    /// 0–1 from the interest answers linked to the role; 0.5 when none were answered.
    #[serde(serialize_with = "round3")]
    pub interest: f64,
    pub interest_answered: usize,
    /// Share of answered background questions whose answer is typical for the role.
    #[serde(serialize_with = "round3_opt")]
    pub background_fit: Option<f64>,
    /// The weighted sum of readiness, interest and background fit (see [`overall`]).
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

/// Weight of readiness in the overall match.
pub(crate) const READINESS_WEIGHT: f64 = 0.7;
/// Weight of interest in the overall match.
pub(crate) const INTEREST_WEIGHT: f64 = 0.2;
/// Weight of background fit in the overall match: a degree or years of experience typical for
/// the role count a little, as they do for a hiring manager, never as much as skill.
pub(crate) const BACKGROUND_WEIGHT: f64 = 0.1;
const _: () = assert!((READINESS_WEIGHT + INTEREST_WEIGHT + BACKGROUND_WEIGHT - 1.0).abs() < 1e-12);
/// Background fit assumed when no background question linked to a role was answered.
pub(crate) const NEUTRAL_BACKGROUND: f64 = 0.5;
/// Interest assumed when no interest question linked to a role was answered.
pub(crate) const NEUTRAL_INTEREST: f64 = 0.5;
/// How many skills to list for and against each role.
pub(crate) const FACTORS_SHOWN: usize = 3;

/// The overall match of a role: the weighted sum of readiness, interest and background fit
/// ([`NEUTRAL_BACKGROUND`] when none was answered). Scoring, the quick mode and the simulation's
/// ground truth all call this one formula.
pub(crate) fn overall(readiness: f64, interest: f64, background: Option<f64>) -> f64 {
    READINESS_WEIGHT * readiness
        + INTEREST_WEIGHT * interest
        + BACKGROUND_WEIGHT * background.unwrap_or(NEUTRAL_BACKGROUND)
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
pub fn coverage(level: f64, target: u8) -> f64 {
    if target == 0 {
        1.0
    } else {
        (level / target as f64).clamp(0.0, 1.0)
    }
}

/// The estimate that counts for a requirement: of the skill and its alternatives, the one with
/// the most of the target expected met (the higher level among equals, then the first).
pub(crate) fn best_for<'a>(
    bank: &Bank,
    rs: &RoleSkill,
    estimates: &'a [SkillEstimate],
) -> &'a SkillEstimate {
    let t = rs.target.min(4) as usize;
    std::iter::once(&rs.skill)
        .chain(&rs.alternatives)
        .filter_map(|id| bank.skill_index(id).map(|i| &estimates[i]))
        .reduce(|best, e| {
            let better = e.coverage[t]
                .total_cmp(&best.coverage[t])
                .then(e.level.total_cmp(&best.level));
            if better.is_gt() { e } else { best }
        })
        .expect("validated bank: role skills exist")
}

/// Readiness for the role at position `role`: Σ importance × covered ÷ Σ importance, where
/// `covered(skill, target)` is the share of the target met (expected over the posterior for an
/// estimate, at the level for a known truth), taking the best of each requirement's alternatives.
pub(crate) fn readiness_by(bank: &Bank, role: usize, covered: impl Fn(usize, u8) -> f64) -> f64 {
    let (mut met, mut total) = (0.0, 0.0);
    for req in bank.requirements(role) {
        let best = req
            .skills
            .iter()
            .map(|&s| covered(s, req.target))
            .fold(f64::NEG_INFINITY, f64::max);
        met += req.importance as f64 * best;
        total += req.importance as f64;
    }
    if total == 0.0 { 1.0 } else { met / total }
}

/// Readiness for a role from the estimates, with the share of each target `covered` gives.
pub fn readiness_with(
    bank: &Bank,
    role: &Role,
    estimates: &[SkillEstimate],
    covered: impl Fn(&SkillEstimate, u8) -> f64,
) -> f64 {
    let position = bank.role_position(&role.id).expect("a role of this bank");
    readiness_by(bank, position, |s, t| covered(&estimates[s], t))
}

/// The importance-weighted share of a role's requirements with a measured skill among them.
pub(crate) fn measured_share(bank: &Bank, role: usize, measured: impl Fn(usize) -> bool) -> f64 {
    let (mut m, mut total) = (0.0, 0.0);
    for req in bank.requirements(role) {
        if req.skills.iter().any(|&s| measured(s)) {
            m += req.importance as f64;
        }
        total += req.importance as f64;
    }
    if total == 0.0 { 0.0 } else { m / total }
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

/// The share of the answered background questions linked to the role at `role` whose answer is
/// typical for it; `None` when none was answered. `answer` gives a question's chosen option.
pub(crate) fn background_by(
    bank: &Bank,
    role: usize,
    answer: impl Fn(usize) -> Option<usize>,
) -> Option<f64> {
    let (mut typical, mut answered) = (0usize, 0usize);
    for (q, preferred) in bank.background_links(role) {
        if let Some(i) = answer(*q) {
            answered += 1;
            typical += usize::from(preferred.contains(&i));
        }
    }
    (answered > 0).then(|| typical as f64 / answered as f64)
}

fn background_for(bank: &Bank, role: &Role, answers: &Answers) -> Option<f64> {
    let position = bank.role_position(&role.id).expect("a role of this bank");
    background_by(bank, position, |qi| {
        match answers.get(&bank.questions()[qi].id) {
            Some(Answer::Choice(i)) => Some(*i),
            _ => None,
        }
    })
}

/// Matches the estimates against one role.
pub(crate) fn match_role(
    bank: &Bank,
    role: &Role,
    estimates: &[SkillEstimate],
    answers: &Answers,
) -> RoleMatch {
    let readiness = readiness_with(bank, role, estimates, |e, t| e.coverage[t.min(4) as usize]);
    let readiness_low = readiness_with(bank, role, estimates, |e, t| coverage(e.level_low, t));
    let readiness_high = readiness_with(bank, role, estimates, |e, t| coverage(e.level_high, t));
    let position = bank.role_position(&role.id).expect("a role of this bank");
    let measured = measured_share(bank, position, |s| estimates[s].measured());
    let (interest, interest_answered) = interest_for(bank, role, answers);
    let background = background_for(bank, role, answers);
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
        measured,
        interest,
        interest_answered,
        background_fit: background,
        overall: overall(readiness, interest, background),
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
    /// Readiness when any of it was measured; `None` ("not measured yet") when none was.
    pub fn measured_readiness(&self) -> Option<f64> {
        (self.measured > 0.0).then_some(self.readiness)
    }

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
/// Below this readiness for the recommended role nothing is settled: the person is far from every
/// role, and which is closest is a direction, not a decision.
pub(crate) const SETTLED_MIN_READINESS: f64 = 0.5;
/// Variance of an unanswered interest answer scaled to 0–1 (uniform over four options).
pub(crate) const INTEREST_VARIANCE: f64 = 5.0 / 36.0;

/// Standard normal CDF by the logistic approximation Φ(x) ≈ 1 / (1 + e^(−1.702 x)) (error below
/// 0.01), ample for weighting.
pub(crate) fn phi(x: f64) -> f64 {
    1.0 / (1.0 + (-1.702 * x).exp())
}

/// The requirement's best skill and ∂overall/∂θ of it: the importance share ÷ target, times the
/// chance it is still below target, times the readiness weight (`total` is the role's total
/// importance, `estimate` a skill's (θ, sd)).
pub(crate) fn requirement_slope(
    req: &crate::bank::Requirement,
    total: f64,
    estimate: &impl Fn(usize) -> (f64, f64),
) -> (usize, f64) {
    let best = req
        .skills
        .iter()
        .copied()
        .max_by(|x, y| estimate(*x).0.total_cmp(&estimate(*y).0))
        .expect("requirements have skills");
    let (theta, sd) = estimate(best);
    let below = phi((theta_of_level(req.target as f64) - theta) / sd.max(0.05));
    let d = READINESS_WEIGHT * req.importance as f64 / total / req.target.max(1) as f64 * below;
    (best, d)
}

/// The lead of one role over another and its uncertainty, to first order: the slopes of the
/// overall difference in each skill's θ (a requirement's importance share ÷ target, times the
/// chance its best skill is still below target) and in each unanswered interest or background
/// question, with each skill's posterior variance, each unknown answer's variance, and the rating
/// bias's shared variance (it moves every rated skill together). Kept as a scratch buffer so that
/// the quick mode, which asks this for every role in contention, allocates nothing per role and
/// touches only the two roles' requirements.
#[derive(Debug, Clone)]
pub(crate) struct LeadScratch {
    dense: Vec<f64>,
    skills: Vec<(usize, f64)>,
    choices: Vec<(usize, f64, f64)>,
}

impl LeadScratch {
    pub(crate) fn new(skills: usize) -> Self {
        Self {
            dense: vec![0.0; skills],
            skills: Vec::new(),
            choices: Vec::new(),
        }
    }

    /// The slopes of the last lead in each skill's θ.
    pub(crate) fn skill_slopes(&self) -> &[(usize, f64)] {
        &self.skills
    }

    /// The slopes of the last lead in each unanswered interest or background question, with
    /// the variance of its unknown answer.
    pub(crate) fn choice_slopes(&self) -> &[(usize, f64, f64)] {
        &self.choices
    }

    /// The standard deviation of the lead of role `a` over role `b`. `estimate` gives a skill's
    /// (θ, sd), `bias` the rating bias's (mean, sd), `bias_gain` how far a skill's θ moves with
    /// the bias, `answered` whether a question has its answer.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn sd(
        &mut self,
        bank: &Bank,
        a: usize,
        b: usize,
        estimate: impl Fn(usize) -> (f64, f64),
        bias: (f64, f64),
        bias_gain: impl Fn(usize) -> f64,
        answered: impl Fn(usize) -> bool,
    ) -> f64 {
        self.skills.clear();
        self.choices.clear();
        for (role, sign) in [(a, 1.0), (b, -1.0)] {
            let reqs = bank.requirements(role);
            let total: f64 = reqs.iter().map(|r| r.importance as f64).sum();
            for req in reqs.iter().filter(|r| r.target > 0) {
                let (best, d) = requirement_slope(req, total, &estimate);
                let d = sign * d;
                if self.dense[best] == 0.0 {
                    self.skills.push((best, 0.0));
                }
                self.dense[best] += d;
            }
            let links = bank.interest_links(role);
            let total: f64 = links.iter().map(|(_, w)| *w as f64).sum();
            for &(q, w) in links {
                if !answered(q) {
                    let d = sign * INTEREST_WEIGHT * w as f64 / total;
                    self.choices.push((q, d, INTEREST_VARIANCE));
                }
            }
            let links = bank.background_links(role);
            for (q, preferred) in links {
                if !answered(*q) {
                    let options = bank.questions()[*q].options.len().max(1) as f64;
                    let p = (preferred.len() as f64 / options).min(1.0);
                    let d = sign * BACKGROUND_WEIGHT / links.len() as f64;
                    self.choices.push((*q, d, p * (1.0 - p)));
                }
            }
        }
        let (mut var, mut shared, mut own) = (0.0, 0.0, 0.0);
        for entry in self.skills.iter_mut() {
            let s = entry.0;
            let d = std::mem::take(&mut self.dense[s]);
            entry.1 = d;
            var += d * d * estimate(s).1.powi(2);
            let g = d * bias_gain(s);
            shared += g;
            own += g * g;
        }
        // The bias's covariance across rated skills, beyond what each variance already holds.
        var += bias.1 * bias.1 * (shared * shared - own);
        // A question linked to both roles: the two slopes add.
        self.choices.sort_by_key(|c| c.0);
        self.choices.dedup_by(|later, first| {
            let same = later.0 == first.0;
            if same {
                first.1 += later.1;
            }
            same
        });
        var += self.choices.iter().map(|(_, d, v)| d * d * v).sum::<f64>();
        var.max(0.0).sqrt()
    }
}
