//! The learning path: what to learn, in which order, toward a role, and when. Pure, like the
//! engine (the schedule's start date is given, never read from a clock).
//!
//! A prerequisite below `PREREQUISITE_LEVEL` is added as a step of its own, and a skill never
//! comes before its prerequisites. Within that, steps go by readiness gained per hour: each step
//! gains the role's readiness it closes (the requirement's importance share × the share of its
//! target still missing; a prerequisite the role does not list gains nothing itself), and the next
//! step is the skill whose gain, together with that of the prerequisites it still needs, is the
//! largest per hour of them all; those prerequisites come first. Every walk over prerequisites
//! uses an explicit stack, so a bank chaining thousands of them cannot overflow the call stack.

use super::roles::{GAP_THRESHOLD, best_for, shortfall};
use super::round3;
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
    /// Importance × shortfall (a prerequisite inherits the priority of what needs it). Kept for
    /// readers of the JSON; the order goes by `gain` per hour.
    #[serde(serialize_with = "round1")]
    pub priority: f64,
    /// The recommended role's readiness (0–1) this step adds on its own: the requirement's
    /// importance share × the share of its target still missing; 0 for a prerequisite the role
    /// does not list. Results saved before it was recorded read 0.
    #[serde(default, serialize_with = "round3")]
    pub gain: f64,
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
    gain: f64,
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
    let total: f64 = role.skills.iter().map(|rs| rs.importance as f64).sum();
    for rs in &role.skills {
        let e = best_for(bank, rs, estimates);
        let shortfall = rs.target as f64 - e.level;
        if shortfall >= GAP_THRESHOLD {
            // Readiness counts E[min(level / target, 1)]; the step takes it to the target.
            let missing = 1.0 - e.coverage[rs.target.min(4) as usize];
            let gain = if total > 0.0 {
                rs.importance as f64 / total * missing.max(0.0)
            } else {
                0.0
            };
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
                    gain,
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
                            gain: 0.0,
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
    let hours = |si: usize| -> u32 {
        let need = &needs[&si];
        round_hours(
            shortfall(need.to_level, estimates[si].level)
                * bank.skills()[si].learn.hours_per_level as f64,
        )
    };
    let order = gain_per_hour_order(bank, &needs, &hours);
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
                gain: need.gain,
                why: need.why.clone(),
                what: skill.learn.what.clone(),
                project: need
                    .project
                    .clone()
                    .unwrap_or_else(|| skill.learn.project.clone()),
                resource: skill.learn.resource.clone(),
                certification: skill.learn.certification.clone(),
                hours: hours(si),
                measured: e.measured(),
            }
        })
        .collect()
}

/// The order of the steps: repeatedly, the skill whose gain with that of its unplaced
/// prerequisites is the largest per hour of them all (ties: the larger gain, then the skill id),
/// placed after those prerequisites. Prerequisites of one step come in topological order, the
/// better gain per hour first among siblings. Deterministic, and iterative throughout.
fn gain_per_hour_order(
    bank: &Bank,
    needs: &BTreeMap<usize, Need>,
    hours: &dyn Fn(usize) -> u32,
) -> Vec<usize> {
    let n = bank.skills().len();
    let ratio = |si: usize| needs[&si].gain / hours(si).max(1) as f64;
    let id = |si: usize| bank.skills()[si].id.as_str();
    // Each step's unmet prerequisites, the better gain per hour first, then by id.
    let prerequisites: BTreeMap<usize, Vec<usize>> = needs
        .keys()
        .map(|&si| {
            let mut ps: Vec<usize> = bank.skills()[si]
                .prerequisites
                .iter()
                .filter_map(|p| bank.skill_index(p))
                .filter(|p| needs.contains_key(p) && *p != si)
                .collect();
            ps.sort_by(|&a, &b| ratio(b).total_cmp(&ratio(a)).then(id(a).cmp(id(b))));
            ps.dedup();
            (si, ps)
        })
        .collect();
    let mut placed = vec![false; n];
    // Which walk last visited a skill, so each walk marks without clearing.
    let mut seen = vec![usize::MAX; n];
    let mut walk = 0usize;
    // `root` and its unplaced prerequisites, prerequisites first (post-order, explicit stack).
    let mut group = |root: usize, placed: &[bool], seen: &mut [usize]| -> Vec<usize> {
        walk += 1;
        let mut out = Vec::new();
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        seen[root] = walk;
        while let Some(top) = stack.last_mut() {
            let (si, next) = *top;
            match prerequisites[&si].get(next) {
                Some(&p) => {
                    top.1 += 1;
                    if !placed[p] && seen[p] != walk {
                        seen[p] = walk;
                        stack.push((p, 0));
                    }
                }
                None => {
                    out.push(si);
                    stack.pop();
                }
            }
        }
        out
    };
    let mut candidates: Vec<usize> = needs
        .iter()
        .filter(|(_, need)| need.gain > 0.0)
        .map(|(&si, _)| si)
        .collect();
    let mut order = Vec::with_capacity(needs.len());
    while !candidates.is_empty() {
        let mut best: Option<(f64, f64, usize, Vec<usize>)> = None;
        for &c in &candidates {
            let g = group(c, &placed, &mut seen);
            let gain: f64 = g.iter().map(|&s| needs[&s].gain).sum();
            let time: f64 = g.iter().map(|&s| hours(s).max(1) as f64).sum();
            let score = gain / time;
            let better = best.as_ref().is_none_or(|(bs, bg, bc, _)| {
                score
                    .total_cmp(bs)
                    .then(gain.total_cmp(bg))
                    .then(id(*bc).cmp(id(c)))
                    .is_gt()
            });
            if better {
                best = Some((score, gain, c, g));
            }
        }
        let (_, _, _, g) = best.expect("candidates is not empty");
        for s in g {
            placed[s] = true;
            order.push(s);
        }
        candidates.retain(|&c| !placed[c]);
    }
    // Whatever gains nothing and nothing needs (none in a validated bank), by id.
    let mut rest: Vec<usize> = needs.keys().copied().filter(|&s| !placed[s]).collect();
    rest.sort_by(|&a, &b| id(a).cmp(id(b)));
    for r in rest {
        for s in group(r, &placed, &mut seen) {
            placed[s] = true;
            order.push(s);
        }
    }
    order
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
        hours: steps.iter().fold(0u32, |t, s| t.saturating_add(s.hours)),
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

/// The most hours a week a schedule takes: beyond full-time study a plan stops being one.
pub const MAX_HOURS_PER_WEEK: u32 = 80;

/// One step of a schedule: when it starts and ends at the given pace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduledStep {
    pub order: usize,
    pub skill: String,
    pub name: String,
    pub hours: u32,
    /// 1-based weeks from the schedule's start (week 1 starts on its first day).
    pub start_week: u32,
    pub end_week: u32,
    /// The first and last day of the step, both included.
    pub start: jiff::civil::Date,
    pub end: jiff::civil::Date,
}

/// A learning path laid out in time: the steps one after another, at a steady pace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    pub hours_per_week: u32,
    /// The first day of the first step.
    pub start: jiff::civil::Date,
    /// The last day of the last step (the start when there is nothing to learn).
    pub end: jiff::civil::Date,
    /// How many weeks, started ones included, the whole path takes.
    pub weeks: u32,
    pub steps: Vec<ScheduledStep>,
}

/// Lays `steps` out one after another from `start` at `hours_per_week` (1 or more): a step that
/// has had `done` hours before it starts on day ⌊7·done / pace⌋ and ends on the day before
/// ⌈7·(done + hours) / pace⌉, so two steps share a day when one ends partway through it.
pub(crate) fn schedule(
    steps: &[PathStep],
    hours_per_week: u32,
    start: jiff::civil::Date,
) -> Schedule {
    let pace = u64::from(hours_per_week.max(1));
    let date = |day: u64| start.saturating_add(jiff::Span::new().days(day as i64));
    let mut done = 0u64;
    let mut last = 0u64;
    let scheduled: Vec<ScheduledStep> = steps
        .iter()
        .map(|s| {
            let first = done * 7 / pace;
            done += u64::from(s.hours);
            let end = (done * 7).div_ceil(pace).saturating_sub(1).max(first);
            last = end;
            ScheduledStep {
                order: s.order,
                skill: s.skill.clone(),
                name: s.name.clone(),
                hours: s.hours,
                start_week: (first / 7 + 1) as u32,
                end_week: (end / 7 + 1) as u32,
                start: date(first),
                end: date(end),
            }
        })
        .collect();
    Schedule {
        hours_per_week,
        start,
        end: date(last),
        weeks: scheduled.last().map_or(0, |s| s.end_week),
        steps: scheduled,
    }
}
