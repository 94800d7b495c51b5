//! The learning path: what to learn, in which order, toward a role. Pure, like the engine.
//!
//! Gaps are ordered by importance × shortfall, and a skill never comes before its prerequisites:
//! a prerequisite below `PREREQUISITE_LEVEL` is added as a step of its own, placed first.

use super::roles::{GAP_THRESHOLD, best_for, shortfall};
use super::skills::SkillEstimate;
use crate::bank::{Bank, Role};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

/// The level a prerequisite should reach before a skill that builds on it ("uses it routinely").
pub(crate) const PREREQUISITE_LEVEL: u8 = 2;

fn round1<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((x * 10.0).round() / 10.0)
}

/// One step of a learning path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathStep {
    /// 1-based position in the path.
    pub order: usize,
    pub skill: String,
    pub name: String,
    #[serde(serialize_with = "round1")]
    pub from_level: f64,
    pub to_level: u8,
    /// The role's importance for the skill; 0 for a prerequisite the role does not list itself.
    pub importance: u8,
    /// Importance × shortfall (a prerequisite inherits the priority of what needs it).
    #[serde(serialize_with = "round1")]
    pub priority: f64,
    /// Why the step is there.
    pub why: StepReason,
    pub what: String,
    /// A hands-on project that would prove the skill.
    pub project: String,
    /// The kind of resource to learn from.
    pub resource: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certification: Option<String>,
    /// Rough hours of focused work.
    pub hours: u32,
    /// False when nothing was answered about the skill, so the gap is the prior's guess.
    pub measured: bool,
}

/// Why a step is on the path, with the names it mentions (worded by `render::reasons`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepReason {
    /// The role lists the skill itself.
    Required {
        role: String,
        name: String,
        importance: u8,
    },
    /// The role lists the skill or an alternative, and this one is the person's closest.
    RequiredOrAlternative {
        role: String,
        name: String,
        importance: u8,
    },
    /// Another step's skill builds on this one (`skill` and `name` are that other skill's).
    Prerequisite { skill: String, name: String },
}

/// What closing the runner-up role's gaps would take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunnerUp {
    pub role: String,
    pub name: String,
    /// Total rough hours of its path.
    pub hours: u32,
    pub steps: Vec<PathStep>,
    /// Skills whose steps also lead to the recommended role: learning them serves both.
    pub shared: Vec<String>,
}

/// Advice worth following whatever the role (the bank's tips).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneralStep {
    pub id: String,
    pub title: String,
    pub text: String,
    pub skills: Vec<String>,
}

struct Need {
    to_level: u8,
    importance: u8,
    priority: f64,
    why: StepReason,
    project: Option<String>,
}

/// Rounds hours to a friendly granularity: whole hours up to 10, then fives.
fn round_hours(h: f64) -> u32 {
    let h = h.max(1.0);
    if h <= 10.0 {
        h.ceil() as u32
    } else {
        ((h / 5.0).round() * 5.0) as u32
    }
}

/// The ordered learning plan toward `role`.
pub(crate) fn plan(bank: &Bank, role: &Role, estimates: &[SkillEstimate]) -> Vec<PathStep> {
    // Skill index → what it needs. BTreeMap keeps every later iteration deterministic.
    let mut needs: BTreeMap<usize, Need> = BTreeMap::new();
    for rs in &role.skills {
        let e = best_for(bank, rs, estimates);
        let shortfall = rs.target as f64 - e.level;
        if shortfall >= GAP_THRESHOLD {
            let si = bank
                .skill_index(&e.skill)
                .expect("estimate of a bank skill");
            let (role, name, importance) = (role.id.clone(), role.name.clone(), rs.importance);
            let why = if rs.alternatives.is_empty() {
                StepReason::Required {
                    role,
                    name,
                    importance,
                }
            } else {
                StepReason::RequiredOrAlternative {
                    role,
                    name,
                    importance,
                }
            };
            needs.insert(
                si,
                Need {
                    to_level: rs.target,
                    importance: rs.importance,
                    priority: rs.importance as f64 * shortfall,
                    why,
                    project: rs.project.clone(),
                },
            );
        }
    }
    // Pull in prerequisites that are not strong enough, until nothing changes.
    let mut work: Vec<usize> = needs.keys().copied().collect();
    while let Some(si) = work.pop() {
        let (to_level, priority) = (needs[&si].to_level, needs[&si].priority);
        let dependent = &bank.skills()[si];
        for p in &bank.skills()[si].prerequisites {
            let pi = bank.skill_index(p).expect("validated prerequisite");
            let required = PREREQUISITE_LEVEL.min(to_level);
            if (required as f64 - estimates[pi].level) < GAP_THRESHOLD {
                continue;
            }
            match needs.get_mut(&pi) {
                Some(n) => {
                    if n.priority < priority {
                        n.priority = priority;
                        work.push(pi);
                    }
                    n.to_level = n.to_level.max(required);
                }
                None => {
                    needs.insert(
                        pi,
                        Need {
                            to_level: required,
                            importance: 0,
                            priority,
                            why: StepReason::Prerequisite {
                                skill: dependent.id.clone(),
                                name: dependent.name.clone(),
                            },
                            project: None,
                        },
                    );
                    work.push(pi);
                }
            }
        }
    }
    // Highest priority first, each preceded by its unmet prerequisites.
    let mut by_priority: Vec<usize> = needs.keys().copied().collect();
    by_priority.sort_by(|a, b| {
        needs[b]
            .priority
            .total_cmp(&needs[a].priority)
            .then(bank.skills()[*a].id.cmp(&bank.skills()[*b].id))
    });
    let mut order = Vec::with_capacity(needs.len());
    let mut placed = vec![false; bank.skills().len()];
    fn place(
        si: usize,
        bank: &Bank,
        needs: &BTreeMap<usize, Need>,
        placed: &mut [bool],
        order: &mut Vec<usize>,
    ) {
        if placed[si] {
            return;
        }
        placed[si] = true;
        let mut prereqs: Vec<usize> = bank.skills()[si]
            .prerequisites
            .iter()
            .filter_map(|p| bank.skill_index(p))
            .filter(|p| needs.contains_key(p))
            .collect();
        prereqs.sort_by(|a, b| {
            needs[b]
                .priority
                .total_cmp(&needs[a].priority)
                .then(a.cmp(b))
        });
        for p in prereqs {
            place(p, bank, needs, placed, order);
        }
        order.push(si);
    }
    for si in by_priority {
        place(si, bank, &needs, &mut placed, &mut order);
    }
    order
        .into_iter()
        .enumerate()
        .map(|(i, si)| {
            let skill = &bank.skills()[si];
            let need = &needs[&si];
            let e = &estimates[si];
            let from = e.level;
            PathStep {
                order: i + 1,
                skill: skill.id.clone(),
                name: skill.name.clone(),
                from_level: from,
                to_level: need.to_level,
                importance: need.importance,
                priority: need.priority,
                why: need.why.clone(),
                what: skill.learn.what.clone(),
                project: need
                    .project
                    .clone()
                    .unwrap_or_else(|| skill.learn.project.clone()),
                resource: skill.learn.resource.clone(),
                certification: skill.learn.certification.clone(),
                hours: round_hours(
                    shortfall(need.to_level, from) * skill.learn.hours_per_level as f64,
                ),
                measured: e.measured(),
            }
        })
        .collect()
}

/// The runner-up role's path, and which of its steps the recommended path shares.
pub(crate) fn runner_up(
    bank: &Bank,
    role: &Role,
    estimates: &[SkillEstimate],
    main: &[PathStep],
) -> RunnerUp {
    let steps = plan(bank, role, estimates);
    let shared = steps
        .iter()
        .filter(|s| main.iter().any(|m| m.skill == s.skill))
        .map(|s| s.skill.clone())
        .collect();
    RunnerUp {
        role: role.id.clone(),
        name: role.name.clone(),
        hours: steps.iter().map(|s| s.hours).sum(),
        steps,
        shared,
    }
}

/// The bank's tips, which apply whatever the role.
pub(crate) fn general_steps(bank: &Bank) -> Vec<GeneralStep> {
    bank.tips()
        .iter()
        .map(|t| GeneralStep {
            id: t.id.clone(),
            title: t.title.clone(),
            text: t.text.clone(),
            skills: t.skills.clone(),
        })
        .collect()
}
