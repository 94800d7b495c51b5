//! The scoring engine: pure and deterministic (no I/O, no terminal, no clock, no randomness).
//!
//! * Each skill has a latent ability θ on the standard scale. Knowledge checks are two-parameter
//!   logistic (2PL) items, P(correct | θ) = 1 / (1 + exp(−a(θ − b))), with the bank's
//!   `discrimination` a and `difficulty` b (no 1.7 scaling constant).
//! * θ is estimated by EAP (expected a posteriori) on a grid from −5 to 5 in steps of 0.05,
//!   reporting the posterior mean and standard deviation, so an estimate exists after any
//!   number of answers, including none.
//! * The prior is the standard normal N(0, 1) unless the person rated the skill; a self-rating r
//!   gives the prior N(r − 2, 0.8²) (see [`SELF_RATING_PRIOR`]).
//! * θ maps to the 0–4 level scale in one place, [`level_of`]: level = θ + 2, clamped to 0…4.

use crate::answers::{Answer, Answers};
use crate::bank::{Bank, Question, QuestionKind, Role, RoleSkill};
use crate::path::{self, PathStep, RunnerUp};
use serde::{Deserialize, Serialize, Serializer};

/// The grid EAP integrates over.
pub const GRID_MIN: f64 = -5.0;
/// The grid's upper end.
pub const GRID_MAX: f64 = 5.0;
/// The grid's spacing.
pub const GRID_STEP: f64 = 0.05;
/// Number of grid points, both ends included.
pub const GRID_POINTS: usize = 201;

/// A normal prior on θ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prior {
    pub mean: f64,
    pub sd: f64,
}

/// The prior for a skill nobody rated.
pub const STANDARD_PRIOR: Prior = Prior { mean: 0.0, sd: 1.0 };

/// The prior each self-rating 0–4 gives: centred on the level claimed (θ = level − 2), with a
/// spread of 0.8 so that a few knowledge checks can move it by a level or more.
pub const SELF_RATING_PRIOR: [Prior; 5] = [
    Prior {
        mean: -2.0,
        sd: 0.8,
    },
    Prior {
        mean: -1.0,
        sd: 0.8,
    },
    Prior { mean: 0.0, sd: 0.8 },
    Prior { mean: 1.0, sd: 0.8 },
    Prior { mean: 2.0, sd: 0.8 },
];

/// The one mapping from θ to the 0–4 level scale: θ = −2 is level 0, θ = 0 level 2, θ = 2 level 4.
pub fn level_of(theta: f64) -> f64 {
    (theta + 2.0).clamp(0.0, 4.0)
}

/// The inverse of [`level_of`] inside the scale.
pub fn theta_of_level(level: f64) -> f64 {
    level - 2.0
}

/// 2PL probability of a correct answer.
pub fn p_correct(theta: f64, a: f64, b: f64) -> f64 {
    1.0 / (1.0 + (-a * (theta - b)).exp())
}

/// Fisher information of a 2PL item at θ: a² P (1 − P).
pub fn item_information(theta: f64, a: f64, b: f64) -> f64 {
    let p = p_correct(theta, a, b);
    a * a * p * (1.0 - p)
}

/// A set of 2PL items ordered for maximum-information search: an item's information never
/// exceeds a²/4, so scanning by decreasing discrimination can stop as soon as that bound falls
/// below the best found (classic CAT item selection, without scoring every item).
#[derive(Debug, Clone)]
pub struct ItemPool {
    a: Vec<f64>,
    b: Vec<f64>,
    by_discrimination: Vec<usize>,
}

impl ItemPool {
    /// Items as (discrimination a, difficulty b).
    pub fn new(items: &[(f64, f64)]) -> Self {
        let mut by_discrimination: Vec<usize> = (0..items.len()).collect();
        by_discrimination.sort_by(|&i, &j| items[j].0.total_cmp(&items[i].0).then(i.cmp(&j)));
        Self {
            a: items.iter().map(|i| i.0).collect(),
            b: items.iter().map(|i| i.1).collect(),
            by_discrimination,
        }
    }

    /// The available item with the most information at θ (the lowest index among equals).
    pub fn most_informative(&self, theta: f64, available: impl Fn(usize) -> bool) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for &i in &self.by_discrimination {
            let a = self.a[i];
            if best.is_some_and(|(info, _)| a * a / 4.0 < info) {
                break;
            }
            if !available(i) {
                continue;
            }
            let info = item_information(theta, a, self.b[i]);
            if best.is_none_or(|(b, j)| info > b || (info == b && i < j)) {
                best = Some((info, i));
            }
        }
        best.map(|(_, i)| i)
    }
}

/// The θ value of grid point `i`.
pub fn grid_theta(i: usize) -> f64 {
    GRID_MIN + i as f64 * GRID_STEP
}

/// A posterior over θ on the grid, kept as densities rescaled so that the largest is 1 after
/// every update: no answer sequence underflows what matters, and an update costs one `exp` per
/// grid point.
#[derive(Debug, Clone, PartialEq)]
pub struct Posterior {
    density: Vec<f64>,
}

impl Posterior {
    /// A posterior that is still the prior.
    pub fn new(prior: Prior) -> Self {
        let density = (0..GRID_POINTS)
            .map(|i| {
                let z = (grid_theta(i) - prior.mean) / prior.sd;
                (-0.5 * z * z).exp()
            })
            .collect();
        let mut post = Self { density };
        post.rescale();
        post
    }

    fn rescale(&mut self) {
        let max = self.density.iter().copied().fold(0.0, f64::max);
        if max > 0.0 && max.is_finite() {
            let k = 1.0 / max;
            self.density.iter_mut().for_each(|d| *d *= k);
        }
    }

    /// Multiplies in the likelihood of one 2PL response.
    pub fn update(&mut self, a: f64, b: f64, correct: bool) {
        for (i, d) in self.density.iter_mut().enumerate() {
            // P = 1 / (1 + e), 1 − P = e / (1 + e), with e = exp(−a(θ − b)): one exp, precise both ways.
            let e = (-a * (grid_theta(i) - b)).exp();
            let factor = if e.is_infinite() {
                if correct { 0.0 } else { 1.0 }
            } else if correct {
                1.0 / (1.0 + e)
            } else {
                e / (1.0 + e)
            };
            *d *= factor;
        }
        self.rescale();
    }

    /// Normalised weights on the grid.
    pub fn weights(&self) -> Vec<f64> {
        let total: f64 = self.density.iter().sum();
        self.density.iter().map(|d| d / total).collect()
    }

    /// The EAP estimate: posterior mean and standard deviation of θ.
    pub fn mean_sd(&self) -> (f64, f64) {
        let (mut w, mut m1, mut m2) = (0.0, 0.0, 0.0);
        for (i, d) in self.density.iter().enumerate() {
            let t = grid_theta(i);
            w += d;
            m1 += d * t;
            m2 += d * t * t;
        }
        let mean = m1 / w;
        (mean, (m2 / w - mean * mean).max(0.0).sqrt())
    }
}

/// Free-text answers match an accepted answer when their normalised Damerau–Levenshtein
/// similarity is at least this: one typo is forgiven in answers of 7 or more characters, none in
/// shorter ones ("opencv" vs "opengl" is 0.67).
pub const TEXT_MATCH_THRESHOLD: f64 = 0.85;

/// Lower-cases and keeps only what carries meaning in a short technical answer: letters, digits,
/// `+` and `#` (C++, C#), and a `.` before a digit (0.5; a leading `.8` becomes `0.8`). Spaces and
/// other punctuation go.
pub fn normalise_text(s: &str) -> String {
    let chars: Vec<char> = s.trim().to_lowercase().chars().collect();
    let mut out = String::with_capacity(chars.len() + 1);
    for (i, &c) in chars.iter().enumerate() {
        if c == '.' && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit()) {
            if !out.chars().last().is_some_and(|p: char| p.is_ascii_digit()) {
                out.push('0');
            }
            out.push('.');
        } else if c.is_alphanumeric() || c == '+' || c == '#' {
            out.push(c);
        }
    }
    out
}

/// Whether a free-text answer matches one of the accepted answers. Numbers must be equal (no typo
/// tolerance: 1000.25 is not 1000.26); words may differ by [`TEXT_MATCH_THRESHOLD`].
pub fn text_matches(answer: &str, accepted: &[String]) -> bool {
    text_matches_except(answer, accepted, &[])
}

/// [`text_matches`], except that an answer equal (after normalising) to a rejected one never
/// matches: the bank's guard against wrong answers within one typo of a right one.
pub fn text_matches_except(answer: &str, accepted: &[String], rejected: &[String]) -> bool {
    let a = normalise_text(answer);
    if rejected.iter().any(|r| normalise_text(r) == a) {
        return false;
    }
    !a.is_empty()
        && accepted.iter().any(|acc| {
            let acc = normalise_text(acc);
            match (a.parse::<f64>(), acc.parse::<f64>()) {
                (Ok(x), Ok(y)) => x == y,
                (Err(_), Ok(_)) => false,
                _ => {
                    !acc.is_empty()
                        && strsim::normalized_damerau_levenshtein(&a, &acc) >= TEXT_MATCH_THRESHOLD
                }
            }
        })
}

/// Whether an answer to a knowledge check is right. A skip is never right; a multiple-choice
/// answer is right only when exactly the correct set is chosen.
pub fn is_correct(q: &Question, answer: &Answer) -> bool {
    match (q.kind, answer) {
        (_, Answer::Skip) => false,
        (QuestionKind::SingleChoice, Answer::Choice(i)) => q.correct == [*i],
        (QuestionKind::MultipleChoice, Answer::Choices(chosen)) => {
            let mut a = chosen.clone();
            a.sort_unstable();
            a.dedup();
            let mut c = q.correct.clone();
            c.sort_unstable();
            a == c
        }
        (QuestionKind::ShortText, Answer::Text(t)) => {
            text_matches_except(t, &q.accepted, &q.rejected)
        }
        _ => false,
    }
}

fn round3<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((x * 1000.0).round() / 1000.0)
}

fn round3_opt<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => round3(x, s),
        None => s.serialize_none(),
    }
}

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
pub const CALIBRATION_MIN_CHECKS: usize = 2;
/// A self-rating is flagged when the number of checks answered right is this many standard
/// deviations away from what a person at the claimed level would get (2PL expectation at
/// θ = rating − 2). Unlike comparing with a checks-only estimate, this does not call a true expert
/// who answers everything right "overconfident" just because few checks cannot prove level 4.
pub const CALIBRATION_Z: f64 = 2.0;

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
pub const READINESS_WEIGHT: f64 = 0.75;
/// Interest assumed when no interest question linked to a role was answered.
pub const NEUTRAL_INTEREST: f64 = 0.5;
/// How many skills to list for and against each role.
pub const FACTORS_SHOWN: usize = 3;

/// The recommended role and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub role: String,
    pub name: String,
    pub runner_up: Option<String>,
    /// Whether the lead over the runner-up is larger than their combined uncertainty.
    pub settled: bool,
    pub reasons: Vec<String>,
}

/// A whole assessment: the result of scoring a set of answers against a bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// The bank's fingerprint, so the result says what it was scored against.
    pub bank: String,
    pub answered: usize,
    pub skipped: usize,
    pub skills: Vec<SkillEstimate>,
    /// Best first.
    pub roles: Vec<RoleMatch>,
    pub recommendation: Recommendation,
    /// The ordered learning plan toward the recommended role.
    pub path: Vec<PathStep>,
    /// What closing the runner-up's gaps would take.
    pub runner_up: Option<RunnerUp>,
    /// Steps worth taking whatever the role.
    pub general_steps: Vec<path::GeneralStep>,
    /// The roles the person said they are weighing (empty: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus: Vec<String>,
}

impl Assessment {
    /// The recommended role's match.
    pub fn recommended(&self) -> Option<&RoleMatch> {
        self.roles
            .iter()
            .find(|m| m.role == self.recommendation.role)
    }

    /// The runner-up's match.
    pub fn runner_up_match(&self) -> Option<&RoleMatch> {
        let id = self.recommendation.runner_up.as_deref()?;
        self.roles.iter().find(|m| m.role == id)
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
            let prior = self_rating.map_or(STANDARD_PRIOR, |r| SELF_RATING_PRIOR[r as usize]);
            let mut post = Posterior::new(prior);
            for &(a, b, c) in &responses {
                post.update(a, b, c);
            }
            let (theta, sd) = post.mean_sd();
            let checks_level = (!responses.is_empty()).then(|| {
                let mut checks = Posterior::new(STANDARD_PRIOR);
                for &(a, b, c) in &responses {
                    checks.update(a, b, c);
                }
                checks.mean_sd()
            });
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

/// How much of one requirement a level meets: 1 at or above the target, never more.
pub fn coverage(level: f64, target: u8) -> f64 {
    if target == 0 {
        1.0
    } else {
        (level / target as f64).clamp(0.0, 1.0)
    }
}

/// The estimate that counts for a requirement: the best of the skill and its alternatives.
pub fn best_for<'a>(
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
pub fn readiness_by(bank: &Bank, role: usize, level: impl Fn(usize) -> f64) -> f64 {
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
pub fn interest_by(
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
pub fn match_role(
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
            let shortfall = (rs.target as f64 - e.level).max(0.0);
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
                shortfall,
            )
        })
        .collect();
    // Only what the answers showed counts for or against: an unasked skill is the prior's guess.
    let mut strengths: Vec<&(Factor, f64)> = factors
        .iter()
        .filter(|(f, short)| f.measured && *short < path::GAP_THRESHOLD && f.target > 0)
        .collect();
    strengths.sort_by(|a, b| {
        b.0.importance
            .cmp(&a.0.importance)
            .then(b.0.level.total_cmp(&a.0.level))
            .then(a.0.skill.cmp(&b.0.skill))
    });
    let mut against: Vec<&(Factor, f64)> = factors
        .iter()
        .filter(|(f, short)| f.measured && *short >= path::GAP_THRESHOLD)
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
        overall: READINESS_WEIGHT * readiness + (1.0 - READINESS_WEIGHT) * interest,
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

/// Every role, best match first (ties broken by readiness, then id, so the order is stable).
pub fn rank_roles(bank: &Bank, estimates: &[SkillEstimate], answers: &Answers) -> Vec<RoleMatch> {
    let mut roles: Vec<RoleMatch> = bank
        .roles()
        .iter()
        .map(|r| match_role(bank, r, estimates, answers))
        .collect();
    roles.sort_by(|a, b| {
        b.overall
            .total_cmp(&a.overall)
            .then(b.readiness.total_cmp(&a.readiness))
            .then(a.role.cmp(&b.role))
    });
    roles
}

/// How many standard deviations of the lead make a recommendation settled.
pub const SETTLED_Z: f64 = 2.0;
/// Variance of an unanswered interest answer scaled to 0–1 (uniform over four options).
pub const INTEREST_VARIANCE: f64 = 5.0 / 36.0;

/// Standard normal CDF by the logistic approximation Φ(x) ≈ 1 / (1 + e^(−1.702 x)) (error below
/// 0.01), ample for weighting.
pub fn phi(x: f64) -> f64 {
    1.0 / (1.0 + (-1.702 * x).exp())
}

/// ∂overall/∂θ of each skill for the role at `role`: the importance share ÷ target of the
/// requirement's best skill, times the chance that it is still below target, times the readiness
/// weight. Added into `out` with the given sign.
pub fn add_slopes(
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
pub fn add_interest_slopes(bank: &Bank, role: usize, sign: f64, out: &mut [f64]) {
    let links = bank.interest_links(role);
    let total: f64 = links.iter().map(|(_, w)| *w as f64).sum();
    for &(q, w) in links {
        out[q] += sign * (1.0 - READINESS_WEIGHT) * w as f64 / total;
    }
}

/// The standard deviation of the lead of role `a` over role `b` (their overall difference),
/// from each skill's θ uncertainty and each unanswered interest question, to first order.
pub fn lead_sd(
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

/// A share as a whole percentage ("+ 0.0" turns an empty sum's −0 into 0).
fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0 + 0.0)
}

/// "1 point", "12 points".
fn points(x: f64) -> String {
    let n = (x * 100.0).round() + 0.0;
    if n == 1.0 {
        "1 point".to_string()
    } else {
        format!("{n:.0} points")
    }
}

fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn recommend(
    bank: &Bank,
    roles: &[RoleMatch],
    estimates: &[SkillEstimate],
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
    let settled = second.is_none_or(|second| {
        let sd = lead_sd(
            bank,
            position(top),
            position(second),
            |s| (estimates[s].theta, estimates[s].theta_sd),
            |q| {
                matches!(
                    answers.get(&bank.questions()[q].id),
                    Some(Answer::Choice(_))
                )
            },
        );
        top.overall - second.overall > SETTLED_Z * sd
    });
    let mut reasons = vec![format!(
        "{} is your best overall match: {} ready (likely {}–{}), interest {}.",
        top.name,
        pct(top.readiness),
        pct(top.readiness_low),
        pct(top.readiness_high),
        if top.interest_answered == 0 {
            "not asked".to_string()
        } else {
            pct(top.interest)
        }
    )];
    if !top.strengths.is_empty() {
        let names: Vec<String> = top.strengths.iter().map(|f| f.name.clone()).collect();
        reasons.push(format!("You already meet its targets in {}.", list(&names)));
    }
    if let Some(second) = second {
        let lead = points(top.overall - second.overall);
        if settled {
            reasons.push(format!(
                "It leads {} by {lead}, more than the uncertainty in both estimates.",
                second.name
            ));
        } else {
            reasons.push(format!(
                "It leads {} by only {lead}, within the uncertainty: answering more questions would settle it.",
                second.name
            ));
        }
        if second.readiness > top.readiness {
            reasons.push(format!(
                "You are closer to {} on skills ({} vs {}), but your interests point to {}.",
                second.name,
                pct(second.readiness),
                pct(top.readiness),
                top.name
            ));
        }
    }
    if !top.against.is_empty() {
        let names: Vec<String> = top
            .against
            .iter()
            .map(|f| format!("{} (level {:.1} of {})", f.name, f.level, f.target))
            .collect();
        reasons.push(format!("Its biggest gaps for you: {}.", list(&names)));
    }
    match top.background_fit {
        Some(fit) if fit >= 0.5 => reasons.push(format!(
            "Your background is typical for the role ({} of what you told us matches).",
            pct(fit)
        )),
        Some(_) => reasons.push(
            "Your education differs from what is typical for the role; certifications and a portfolio of projects make up for it.".to_string(),
        ),
        None => {}
    }
    // Only a role whose requirements were mostly measured can be said to fit better: an unmeasured
    // one sits at the prior's guess.
    let measured_share = |m: &RoleMatch| {
        let reqs = bank.requirements(position(m));
        let total: f64 = reqs.iter().map(|r| r.importance as f64).sum();
        let measured: f64 = reqs
            .iter()
            .filter(|r| r.skills.iter().any(|&s| estimates[s].measured()))
            .map(|r| r.importance as f64)
            .sum();
        if total == 0.0 { 0.0 } else { measured / total }
    };
    let measured = measured_share(top);
    if measured < 0.5 {
        reasons.push(format!(
            "Only {} of what this role needs was asked about, so these figures lean on starting assumptions (level 2 for anything not asked); the full quiz would firm them up.",
            pct(measured)
        ));
    }
    if roles[0].role != top.role && measured_share(&roles[0]) >= 0.75 {
        reasons.push(format!(
            "Outside the roles you are weighing, {} matches you better ({} overall against {}).",
            roles[0].name,
            pct(roles[0].overall),
            pct(top.overall)
        ));
    }
    Recommendation {
        role: top.role.clone(),
        name: top.name.clone(),
        runner_up: second.map(|s| s.role.clone()),
        settled,
        reasons,
    }
}

/// Scores a set of answers against the bank: the whole assessment, deterministically.
pub fn assess(bank: &Bank, answers: &Answers) -> Assessment {
    assess_for(bank, answers, &[])
}

/// [`assess`] for a person weighing only the roles in `focus` (all when empty): every role is
/// still matched and ranked, but the recommendation and runner-up come from the focus.
pub fn assess_for(bank: &Bank, answers: &Answers, focus: &[String]) -> Assessment {
    let skills = estimate_skills(bank, answers);
    let roles = rank_roles(bank, &skills, answers);
    let recommendation = recommend(bank, &roles, &skills, answers, focus);
    let top = bank.role(&recommendation.role).expect("ranked role exists");
    let plan = path::plan(bank, top, &skills);
    let runner_up = recommendation
        .runner_up
        .as_deref()
        .and_then(|id| bank.role(id))
        .map(|r| path::runner_up(bank, r, &skills, &plan));
    let general_steps = path::general_steps(bank);
    Assessment {
        bank: bank.fingerprint().to_string(),
        answered: answers
            .iter()
            .filter(|(id, _)| bank.question(id).is_some())
            .count(),
        skipped: answers
            .iter()
            .filter(|(id, a)| bank.question(id).is_some() && **a == Answer::Skip)
            .count(),
        skills,
        roles,
        recommendation,
        path: plan,
        runner_up,
        general_steps,
        focus: focus.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_matching_forgives_spacing_case_and_one_typo_but_not_other_words() {
        let accepted = vec!["OpenCV".to_string(), "cv2".to_string()];
        assert!(text_matches("open cv", &accepted));
        assert!(text_matches("OpenCv", &accepted));
        assert!(text_matches("  opencv. ", &accepted));
        assert!(!text_matches("OpenGL", &accepted));
        assert!(!text_matches("", &accepted));
        assert!(!text_matches("!!!", &accepted));
        let long = vec!["hyperparameter".to_string()];
        assert!(text_matches("hyperparamter", &long));
        assert!(!text_matches("hyper", &long));
        assert_eq!(normalise_text("C++"), "c++");
        assert_eq!(normalise_text("0.5 "), "0.5");
        assert_eq!(normalise_text(".8"), "0.8");
        assert_eq!(normalise_text("end."), "end");
        let number = vec!["0.8".to_string()];
        assert!(text_matches(".8", &number));
        assert!(text_matches("0.80", &number));
        assert!(!text_matches("8", &number));
        assert!(!text_matches("0.84", &number));
        assert!(!text_matches("1000.26", &["1000.25".to_string()]));
        let gan = vec!["mode collapse".to_string()];
        assert!(text_matches("model collapse", &gan), "one typo away");
        assert!(!text_matches_except(
            "Model collapse",
            &gan,
            &["model collapse".to_string()]
        ));
        assert!(text_matches_except(
            "mode colapse",
            &gan,
            &["model collapse".to_string()]
        ));
        assert_eq!(normalise_text("cv2.findContours()"), "cv2findcontours");
    }

    #[test]
    fn level_mapping_is_linear_and_clamped() {
        assert_eq!(level_of(-2.0), 0.0);
        assert_eq!(level_of(0.0), 2.0);
        assert_eq!(level_of(1.5), 3.5);
        assert_eq!(level_of(9.0), 4.0);
        assert_eq!(level_of(-9.0), 0.0);
        assert_eq!(theta_of_level(3.0), 1.0);
    }

    #[test]
    fn empty_posterior_is_the_prior() {
        let (m, s) = Posterior::new(STANDARD_PRIOR).mean_sd();
        assert!(m.abs() < 1e-9);
        assert!((s - 1.0).abs() < 0.01, "sd {s}");
        let (m, s) = Posterior::new(SELF_RATING_PRIOR[3]).mean_sd();
        assert!(
            (m - 1.0).abs() < 1e-3,
            "truncation at the grid edge only: {m}"
        );
        assert!((s - 0.8).abs() < 0.01);
    }

    #[test]
    fn information_peaks_at_difficulty() {
        let at = item_information(0.5, 1.5, 0.5);
        assert!((at - 1.5 * 1.5 * 0.25).abs() < 1e-12);
        assert!(item_information(1.5, 1.5, 0.5) < at);
        assert!(item_information(-0.5, 1.5, 0.5) < at);
    }
}
