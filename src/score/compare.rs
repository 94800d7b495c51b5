//! Comparing two results: what changed per skill and per role, what improved, what is still missing.
//! Pure: it reads two assessments as they were saved, so each keeps the bank it was scored with.

use crate::score::Assessment;
use serde::{Deserialize, Serialize};

/// A change smaller than this (in levels) is within the estimates' noise.
pub(crate) const NOTABLE_CHANGE: f64 = 0.3;

/// One skill's level in both results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillChange {
    pub skill: String,
    pub name: String,
    pub before: f64,
    pub after: f64,
    pub change: f64,
    /// The later result's recommended-role target, if the role needs the skill.
    pub target: Option<u8>,
}

/// One role's readiness in both results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleChange {
    pub role: String,
    pub name: String,
    pub before: f64,
    pub after: f64,
    pub change: f64,
}

/// The comparison of an earlier result with a later one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub from: String,
    pub to: String,
    pub skills: Vec<SkillChange>,
    pub roles: Vec<RoleChange>,
    /// Skills whose level rose notably.
    pub improved: Vec<String>,
    /// Skills whose level fell notably.
    pub declined: Vec<String>,
    /// Steps still on the later result's learning path.
    pub still_missing: Vec<String>,
    pub recommendation_before: String,
    pub recommendation_after: String,
}

fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
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
            Some(SkillChange {
                skill: after.skill.clone(),
                name: after.name.clone(),
                before: r3(before.level),
                after: r3(after.level),
                change: r3(after.level - before.level),
                target,
            })
        })
        .collect();
    let roles = b
        .roles
        .iter()
        .filter_map(|after| {
            let before = a.roles.iter().find(|r| r.role == after.role)?;
            Some(RoleChange {
                role: after.role.clone(),
                name: after.name.clone(),
                before: r3(before.readiness),
                after: r3(after.readiness),
                change: r3(after.readiness - before.readiness),
            })
        })
        .collect();
    let mut improved: Vec<&SkillChange> = skills
        .iter()
        .filter(|s| s.change >= NOTABLE_CHANGE)
        .collect();
    improved.sort_by(|x, y| y.change.total_cmp(&x.change).then(x.skill.cmp(&y.skill)));
    let mut declined: Vec<&SkillChange> = skills
        .iter()
        .filter(|s| s.change <= -NOTABLE_CHANGE)
        .collect();
    declined.sort_by(|x, y| x.change.total_cmp(&y.change).then(x.skill.cmp(&y.skill)));
    Comparison {
        from: from.to_string(),
        to: to.to_string(),
        improved: improved.iter().map(|s| s.skill.clone()).collect(),
        declined: declined.iter().map(|s| s.skill.clone()).collect(),
        still_missing: b.path.iter().map(|s| s.skill.clone()).collect(),
        recommendation_before: a.recommendation.role.clone(),
        recommendation_after: b.recommendation.role.clone(),
        skills,
        roles,
    }
}
