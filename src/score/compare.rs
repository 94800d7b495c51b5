//! Comparing two results: what changed per skill and per role, what changed for real, what is
//! still missing. Pure: it reads two assessments as they were saved, so each keeps the bank it was
//! scored with.
//!
//! A change counts only where both results measured the skill (a self-rating or a knowledge
//! check), and it is called real only when it passes the Jacobson–Truax reliable change test:
//! |after − before| > 1.96 × √(sd_before² + sd_after²), with each estimate's posterior standard
//! deviation. A skill that was not asked one of the times moved only because related skills did,
//! so it is "not measured both times", never "improved".

use crate::score::{Assessment, Factor, RoleMatch, SkillEstimate, coverage};
use serde::{Deserialize, Serialize};

/// The z of the reliable change test: a change beyond 1.96 standard errors of the difference
/// happens by measurement error alone less than 5% of the time.
pub(crate) const RELIABLE_Z: f64 = 1.96;

/// What a comparison can say about one skill or role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeVerdict {
    /// Measured both times, and higher by more than the two estimates' uncertainty.
    ReliablyImproved,
    /// Measured both times, and lower by more than the two estimates' uncertainty.
    ReliablyDeclined,
    /// Measured both times, and the difference is within the estimates' uncertainty.
    NoReliableChange,
    /// Not measured in one or both results: any difference is the model's guess moving. Also
    /// what a comparison written before verdicts reads as, since it claims nothing.
    #[default]
    NotMeasuredBothTimes,
}

impl ChangeVerdict {
    /// The verdict of the reliable change test for a difference and its threshold.
    fn of(change: f64, threshold: f64) -> Self {
        if change > threshold {
            Self::ReliablyImproved
        } else if change < -threshold {
            Self::ReliablyDeclined
        } else {
            Self::NoReliableChange
        }
    }
}

/// The smallest change the reliable change test calls real, for two standard deviations.
pub(crate) fn reliable_threshold(sd_before: f64, sd_after: f64) -> f64 {
    RELIABLE_Z * (sd_before * sd_before + sd_after * sd_after).sqrt()
}

/// One skill's level in both results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillChange {
    pub skill: String,
    pub name: String,
    pub before: f64,
    pub after: f64,
    /// `after − before`, whether or not it is real (see `verdict`).
    pub change: f64,
    /// Each estimate's standard deviation, in levels.
    #[serde(default)]
    pub before_sd: f64,
    #[serde(default)]
    pub after_sd: f64,
    /// Whether each result measured the skill (a self-rating or a knowledge check).
    #[serde(default)]
    pub measured_before: bool,
    #[serde(default)]
    pub measured_after: bool,
    /// The smallest change the reliable change test calls real: 1.96 × √(sd_before² + sd_after²).
    #[serde(default)]
    pub threshold: f64,
    #[serde(default)]
    pub verdict: ChangeVerdict,
    /// The later result's recommended-role target, if the role needs the skill.
    pub target: Option<u8>,
}

impl SkillChange {
    /// Whether both results measured the skill, so its change can be judged.
    pub fn measured_both(&self) -> bool {
        self.verdict != ChangeVerdict::NotMeasuredBothTimes
    }
}

/// A role's readiness over the requirements both results measured, with its likely range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasuredReadiness {
    pub readiness: f64,
    pub low: f64,
    pub high: f64,
}

/// One role's readiness in both results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleChange {
    pub role: String,
    pub name: String,
    /// Each result's readiness for the whole role, as it reported it (guesses included).
    pub before: f64,
    pub after: f64,
    /// `after − before` of the whole-role figures; whether anything changed is `verdict`'s, from
    /// the requirements both results measured.
    pub change: f64,
    /// The importance-weighted share of the role's requirements that both results measured.
    #[serde(default)]
    pub compared: f64,
    /// Readiness over those requirements alone in each result, with its likely range: the role's
    /// own figures when every requirement was measured both times, else the importance-weighted
    /// share of each target met at the level (one standard deviation below and above for the
    /// range); none when no requirement was measured both times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured_before: Option<MeasuredReadiness>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured_after: Option<MeasuredReadiness>,
    /// The change over those requirements (0 when there are none).
    #[serde(default)]
    pub measured_change: f64,
    /// Each result's standard deviation of the readiness over those requirements, to first
    /// order: each skill's own uncertainty moves its requirement alone (half of what one standard
    /// deviation either side does to the share of its target met), and those add in quadrature.
    #[serde(default)]
    pub before_sd: f64,
    #[serde(default)]
    pub after_sd: f64,
    /// The smallest measured change the reliable change test calls real:
    /// 1.96 × √(before_sd² + after_sd²).
    #[serde(default)]
    pub threshold: f64,
    #[serde(default)]
    pub verdict: ChangeVerdict,
}

/// The comparison of an earlier result with a later one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub from: String,
    pub to: String,
    pub skills: Vec<SkillChange>,
    pub roles: Vec<RoleChange>,
    /// Skills measured both times whose level rose reliably, the most first.
    pub improved: Vec<String>,
    /// Skills measured both times whose level fell reliably, the most first.
    pub declined: Vec<String>,
    /// Skills measured both times whose change is within the uncertainty.
    #[serde(default)]
    pub unchanged: Vec<String>,
    /// Skills one or both results did not measure, by id.
    #[serde(default)]
    pub not_measured_both_times: Vec<String>,
    /// Steps still on the later result's learning path.
    pub still_missing: Vec<String>,
    pub recommendation_before: String,
    pub recommendation_after: String,
}

fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// One skill's change, judged only when both results measured it.
fn skill_change(before: &SkillEstimate, after: &SkillEstimate, target: Option<u8>) -> SkillChange {
    let (measured_before, measured_after) = (before.measured(), after.measured());
    let change = after.level - before.level;
    // θ and level differ by a constant (level = θ + 2), so θ's sd is the level's.
    let threshold = reliable_threshold(before.theta_sd, after.theta_sd);
    let verdict = if measured_before && measured_after {
        ChangeVerdict::of(change, threshold)
    } else {
        ChangeVerdict::NotMeasuredBothTimes
    };
    SkillChange {
        skill: after.skill.clone(),
        name: after.name.clone(),
        before: r3(before.level),
        after: r3(after.level),
        change: r3(change),
        before_sd: r3(before.theta_sd),
        after_sd: r3(after.theta_sd),
        measured_before,
        measured_after,
        threshold: r3(threshold),
        verdict,
        target,
    }
}

/// The names a requirement can be met by (the counted skill and its alternatives), sorted: the
/// same requirement in both results whichever alternative counted each time.
fn requirement_key(f: &Factor) -> Vec<&str> {
    let mut names: Vec<&str> = std::iter::once(f.name.as_str())
        .chain(f.alternatives.iter().map(String::as_str))
        .collect();
    names.sort_unstable();
    names
}

/// Readiness, low and high over `reqs` (importance-weighted share of each target met at the
/// level, one standard deviation below and above it), as the role's own range is computed.
fn readiness_over(a: &Assessment, reqs: &[&Factor]) -> MeasuredReadiness {
    let (mut mid, mut low, mut high, mut total) = (0.0, 0.0, 0.0, 0.0);
    for f in reqs {
        let w = f.importance as f64;
        let (lo, hi) = a
            .skills
            .iter()
            .find(|s| s.skill == f.skill)
            .map_or((f.level, f.level), |s| (s.level_low, s.level_high));
        mid += w * coverage(f.level, f.target);
        low += w * coverage(lo, f.target);
        high += w * coverage(hi, f.target);
        total += w;
    }
    let share = |x: f64| if total == 0.0 { 1.0 } else { r3(x / total) };
    MeasuredReadiness {
        readiness: share(mid),
        low: share(low),
        high: share(high),
    }
}

/// The standard deviation of the readiness over `reqs`, to first order in each skill's own
/// uncertainty. The likely range moves every skill to its low and then its high level at once, a
/// bound for errors that all go the same way; as a standard error for the reliable change test it
/// would need a role to move by half its scale before any change counted. Here each requirement
/// contributes importance × (coverage(high) − coverage(low)) / 2 and the contributions add in
/// quadrature: the errors that remain once the general level is measured are the skills' own.
fn readiness_sd(a: &Assessment, reqs: &[&Factor]) -> f64 {
    let (mut var, mut total) = (0.0, 0.0);
    for f in reqs {
        let w = f.importance as f64;
        total += w;
        if let Some(s) = a.skills.iter().find(|s| s.skill == f.skill) {
            let d = w * (coverage(s.level_high, f.target) - coverage(s.level_low, f.target)) / 2.0;
            var += d * d;
        }
    }
    if total == 0.0 {
        0.0
    } else {
        var.sqrt() / total
    }
}

/// One role's change over the requirements both results measured.
fn role_change(
    a: &Assessment,
    before: &RoleMatch,
    b: &Assessment,
    after: &RoleMatch,
) -> RoleChange {
    let total: f64 = after.requirements.iter().map(|f| f.importance as f64).sum();
    let mut earlier: Vec<&Factor> = Vec::new();
    let mut later: Vec<&Factor> = Vec::new();
    for f in after.requirements.iter().filter(|f| f.measured) {
        let key = requirement_key(f);
        if let Some(e) = before
            .requirements
            .iter()
            .find(|e| e.measured && requirement_key(e) == key)
        {
            earlier.push(e);
            later.push(f);
        }
    }
    let compared: f64 = later.iter().map(|f| f.importance as f64).sum();
    let mut change = RoleChange {
        role: after.role.clone(),
        name: after.name.clone(),
        before: r3(before.readiness),
        after: r3(after.readiness),
        change: r3(after.readiness - before.readiness),
        compared: if total == 0.0 {
            0.0
        } else {
            r3(compared / total)
        },
        measured_before: None,
        measured_after: None,
        measured_change: 0.0,
        before_sd: 0.0,
        after_sd: 0.0,
        threshold: 0.0,
        verdict: ChangeVerdict::NotMeasuredBothTimes,
    };
    if !later.is_empty() {
        // Every requirement measured both times: the role's own figures and ranges, so the
        // comparison says what each result said. Otherwise the measured requirements alone, at
        // their levels.
        let whole =
            later.len() == after.requirements.len() && earlier.len() == before.requirements.len();
        let own = |m: &RoleMatch| MeasuredReadiness {
            readiness: r3(m.readiness),
            low: r3(m.readiness_low),
            high: r3(m.readiness_high),
        };
        let (x, y) = if whole {
            (own(before), own(after))
        } else {
            (readiness_over(a, &earlier), readiness_over(b, &later))
        };
        let delta = y.readiness - x.readiness;
        let (sd_x, sd_y) = (readiness_sd(a, &earlier), readiness_sd(b, &later));
        let threshold = reliable_threshold(sd_x, sd_y);
        change.measured_change = r3(delta);
        change.before_sd = r3(sd_x);
        change.after_sd = r3(sd_y);
        change.threshold = r3(threshold);
        change.verdict = ChangeVerdict::of(delta, threshold);
        change.measured_before = Some(x);
        change.measured_after = Some(y);
    }
    change
}

/// Compares `a` (earlier) with `b` (later); skills and roles present in only one are left out.
pub(crate) fn compare(from: &str, a: &Assessment, to: &str, b: &Assessment) -> Comparison {
    let target_role = b.recommended();
    let skills: Vec<SkillChange> = b
        .skills
        .iter()
        .filter_map(|after| {
            let before = a.skills.iter().find(|s| s.skill == after.skill)?;
            let target = target_role
                .and_then(|r| r.requirements.iter().find(|f| f.skill == after.skill))
                .map(|f| f.target);
            Some(skill_change(before, after, target))
        })
        .collect();
    let roles = b
        .roles
        .iter()
        .filter_map(|after| {
            let before = a.roles.iter().find(|r| r.role == after.role)?;
            Some(role_change(a, before, b, after))
        })
        .collect();
    let with = |v: ChangeVerdict| -> Vec<&SkillChange> {
        skills.iter().filter(|s| s.verdict == v).collect()
    };
    let mut improved = with(ChangeVerdict::ReliablyImproved);
    improved.sort_by(|x, y| y.change.total_cmp(&x.change).then(x.skill.cmp(&y.skill)));
    let mut declined = with(ChangeVerdict::ReliablyDeclined);
    declined.sort_by(|x, y| x.change.total_cmp(&y.change).then(x.skill.cmp(&y.skill)));
    let ids = |v: Vec<&SkillChange>| v.iter().map(|s| s.skill.clone()).collect();
    Comparison {
        from: from.to_string(),
        to: to.to_string(),
        improved: ids(improved),
        declined: ids(declined),
        unchanged: ids(with(ChangeVerdict::NoReliableChange)),
        not_measured_both_times: ids(with(ChangeVerdict::NotMeasuredBothTimes)),
        still_missing: b.path.iter().map(|s| s.skill.clone()).collect(),
        recommendation_before: a.recommendation.role.clone(),
        recommendation_after: b.recommendation.role.clone(),
        skills,
        roles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reliable_change_test_needs_more_than_both_uncertainties() {
        let t = reliable_threshold(0.3, 0.4);
        assert!((t - 1.96 * 0.5).abs() < 1e-12);
        assert_eq!(ChangeVerdict::of(0.97, t), ChangeVerdict::NoReliableChange);
        assert_eq!(ChangeVerdict::of(0.99, t), ChangeVerdict::ReliablyImproved);
        assert_eq!(ChangeVerdict::of(-0.99, t), ChangeVerdict::ReliablyDeclined);
        assert_eq!(ChangeVerdict::of(0.0, 0.0), ChangeVerdict::NoReliableChange);
    }
}
