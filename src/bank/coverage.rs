//! What a bank holds, per skill and role: the summary a validation report shows under its
//! diagnostics, so an author sees which levels of a skill its checks can show.

use super::{Bank, QuestionKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// Questions per skill: self-ratings, and knowledge checks by the level (1–4) they evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SkillCoverage {
    pub skill: String,
    pub self_ratings: usize,
    pub checks_by_level: [usize; 4],
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

impl Bank {
    /// How many questions the bank has per skill, kind and level, and skills per role.
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
                k if k.is_knowledge_check() => {
                    c.checks_by_level[usize::from(q.evidence_level().clamp(1, 4)) - 1] += 1;
                }
                _ => {}
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
