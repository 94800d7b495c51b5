//! What a bank holds, per skill and role: the summary a validation report shows under its
//! diagnostics, so an author sees which skills lack easy or hard checks.

use super::{Bank, QuestionKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// Questions per skill, by kind and difficulty band.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SkillCoverage {
    pub skill: String,
    pub self_ratings: usize,
    pub easy: usize,
    pub medium: usize,
    pub hard: usize,
}

/// How many skills a role requires.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RoleCoverage {
    pub role: String,
    pub skills: usize,
}

/// What a bank holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub skills: Vec<SkillCoverage>,
    /// How many skills each role requires.
    pub roles: Vec<RoleCoverage>,
    pub questions_by_kind: BTreeMap<String, usize>,
}

/// Knowledge checks easier than this difficulty count as easy.
pub(crate) const EASY_BELOW: f64 = -0.5;
/// Knowledge checks harder than this difficulty count as hard.
pub(crate) const HARD_ABOVE: f64 = 0.75;

impl Bank {
    /// How many questions the bank has per skill, kind and difficulty, and skills per role.
    pub fn coverage(&self) -> Coverage {
        let mut skills: Vec<SkillCoverage> = self
            .skills()
            .iter()
            .map(|s| SkillCoverage {
                skill: s.id.clone(),
                ..SkillCoverage::default()
            })
            .collect();
        let mut questions_by_kind = BTreeMap::new();
        for q in self.questions() {
            *questions_by_kind
                .entry(q.kind.as_str().to_string())
                .or_insert(0) += 1;
            let Some(si) = q.skill.as_deref().and_then(|s| self.skill_index(s)) else {
                continue;
            };
            let c = &mut skills[si];
            match q.kind {
                QuestionKind::SelfRating => c.self_ratings += 1,
                _ if q.difficulty() < EASY_BELOW => c.easy += 1,
                _ if q.difficulty() > HARD_ABOVE => c.hard += 1,
                _ => c.medium += 1,
            }
        }
        let roles = self
            .roles()
            .iter()
            .map(|r| RoleCoverage {
                role: r.id.clone(),
                skills: r.skills.len(),
            })
            .collect();
        Coverage {
            skills,
            roles,
            questions_by_kind,
        }
    }
}
