//! A group's picture from many people's results (`skillgap team`): per skill the spread of
//! measured levels, per role how many are ready, the skills few hold, the gaps many share and
//! what to train first. Pure data; `render::team` words it.
//!
//! It is built as results are read ([`Tally::add`]): a level histogram per skill (thousandths of
//! a level, the precision results are saved with), a readiness histogram and a few counts per
//! role requirement, so memory does not grow with the group; medians and quartiles come exact
//! from the histograms. Members themselves are kept only while the group is small enough to draw
//! one column each.
//!
//! Privacy: below [`Options::min_group`] members only counts are reported (how many files, how
//! many members), nothing measured; a skill measured by fewer than `min_group` members has its
//! figures withheld, since a median over two people tells each what the other scored. Members are
//! M1…Mn in the order of a hash of their result's id, which says nothing about file names, dates
//! or who gathered whom; names appear only with `named`.

pub mod gather;

use crate::bank::Bank;
use crate::score::{Assessment, GAP_THRESHOLD};
use crate::store::Export;
use serde::Serialize;
use sha2::Digest;

/// Pluralsight's threshold for showing a team's levels, and the default `--min-group`.
pub const DEFAULT_MIN_GROUP: usize = 5;
/// Members drawn one column each at most; a larger group is drawn by level bands.
pub const SHOWN_MEMBERS_MAX: usize = 36;
/// The version of the team JSON's shape (fields may be added, never renamed or removed).
pub const TEAM_FORMAT_VERSION: u32 = 1;
/// Thousandths of a level, 0–4: results keep levels to three decimals.
const LEVEL_BINS: usize = 4001;
/// Thousandths of readiness, 0–1.
const READINESS_BINS: usize = 1001;

/// What the team report is asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only this role (else every role of the bank, in turn).
    pub role: Option<String>,
    /// Below this many members only counts are shown.
    pub min_group: usize,
    /// Show the names people gave (`export --name`) instead of M1…Mn.
    pub named: bool,
}

/// Whether a level meets a target, as a result marks a requirement met: measured and within
/// [`GAP_THRESHOLD`] of it (a target of 0 asks for nothing).
pub fn meets(target: u8, level: f64, measured: bool) -> bool {
    target == 0 || (measured && (target as f64 - level) < GAP_THRESHOLD)
}

/// One member as the team counts them: figures from a result scored with the team's bank.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// A hash of the result's id: the member's place in M1…Mn, and what tells duplicates apart.
    pub(crate) key: u64,
    pub(crate) name: Option<String>,
    /// Per bank skill: the level in thousandths when measured.
    levels: Vec<Option<u16>>,
    /// Per bank role, in the bank's order.
    roles: Vec<MemberRole>,
}

#[derive(Debug, Clone)]
struct MemberRole {
    /// Thousandths.
    readiness: u16,
    /// Per requirement in the role's order: (target, level, measured).
    reqs: Vec<(u8, f64, bool)>,
}

fn thousandths(x: f64, max: u16) -> u16 {
    (x * 1000.0).round().clamp(0.0, f64::from(max)) as u16
}

/// The member key of a result id.
pub(crate) fn key_of(id: &str) -> u64 {
    let digest = sha2::Sha256::digest(id.as_bytes());
    u64::from_be_bytes(digest[..8].try_into().expect("eight bytes"))
}

impl Member {
    /// From an export scored with `bank` itself: its saved figures, checked against the bank.
    pub(crate) fn from_export(bank: &Bank, e: &Export) -> Result<Self, String> {
        let skills = e
            .skills
            .iter()
            .map(|s| (s.skill.as_str(), s.level, s.measured()));
        let roles = e.roles.iter().map(|r| {
            let reqs = r
                .requirements
                .iter()
                .map(|f| (f.target, f.level, f.measured));
            (r.role.as_str(), r.readiness, reqs.collect())
        });
        Self::build(bank, e.id.as_str(), e.name.clone(), skills, roles)
    }

    /// From a result scored again with `bank`, its figures rounded as an export saves them, so
    /// that it counts exactly as its export would.
    pub(crate) fn from_assessment(
        bank: &Bank,
        id: &str,
        name: Option<String>,
        a: &Assessment,
    ) -> Result<Self, String> {
        let skills = a
            .skills
            .iter()
            .map(|s| (s.skill.as_str(), r3(s.level), s.measured()));
        let roles = a.roles.iter().map(|r| {
            let reqs = r
                .requirements
                .iter()
                .map(|f| (f.target, r3(f.level), f.measured));
            (r.role.as_str(), r3(r.readiness), reqs.collect())
        });
        Self::build(bank, id, name, skills, roles)
    }

    fn build<'a>(
        bank: &Bank,
        id: &str,
        name: Option<String>,
        skills: impl Iterator<Item = (&'a str, f64, bool)>,
        roles: impl Iterator<Item = (&'a str, f64, Vec<(u8, f64, bool)>)>,
    ) -> Result<Self, String> {
        let mismatch = |what: String| {
            format!(
                "does not fit the bank it says it was scored with ({what}); score it again with `skillgap rescore` before exporting"
            )
        };
        let mut levels = vec![None; bank.skills().len()];
        let mut seen = 0;
        for (skill, level, measured) in skills {
            let i = bank
                .skill_index(skill)
                .ok_or_else(|| mismatch(format!("no skill `{skill}`")))?;
            seen += 1;
            if measured && level.is_finite() {
                levels[i] = Some(thousandths(level, 4000));
            }
        }
        if seen != bank.skills().len() {
            return Err(mismatch(format!("{seen} skills")));
        }
        let mut by_role: Vec<Option<MemberRole>> = vec![None; bank.roles().len()];
        for (role, readiness, reqs) in roles {
            let i = bank
                .role_position(role)
                .ok_or_else(|| mismatch(format!("no role `{role}`")))?;
            if reqs.len() != bank.roles()[i].skills.len() {
                return Err(mismatch(format!("the requirements of `{role}`")));
            }
            by_role[i] = Some(MemberRole {
                readiness: thousandths(readiness, 1000),
                reqs,
            });
        }
        let roles = by_role
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| mismatch("a role missing".to_string()))?;
        Ok(Self {
            key: key_of(id),
            name,
            levels,
            roles,
        })
    }
}

/// The running counts of one role requirement.
#[derive(Debug, Clone, Default)]
struct ReqTally {
    measured: usize,
    meets: usize,
    short: usize,
    shortfall: f64,
}

#[derive(Debug, Clone)]
struct RoleTally {
    ready: usize,
    readiness: Vec<u32>,
    reqs: Vec<ReqTally>,
}

/// The team as it is read: counts and histograms, and the members while few enough to draw.
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    members: usize,
    levels: Vec<Vec<u32>>,
    measured: Vec<usize>,
    roles: Vec<RoleTally>,
    shown: Vec<Member>,
}

impl Tally {
    pub(crate) fn new(bank: &Bank) -> Self {
        Self {
            members: 0,
            levels: vec![vec![0; LEVEL_BINS]; bank.skills().len()],
            measured: vec![0; bank.skills().len()],
            roles: bank
                .roles()
                .iter()
                .map(|r| RoleTally {
                    ready: 0,
                    readiness: vec![0; READINESS_BINS],
                    reqs: vec![ReqTally::default(); r.skills.len()],
                })
                .collect(),
            shown: Vec::new(),
        }
    }

    /// Counts one member in (and keeps them only while the group can be drawn by member).
    pub(crate) fn add(&mut self, m: Member) {
        self.members += 1;
        for (i, level) in m.levels.iter().enumerate() {
            if let Some(l) = level {
                self.levels[i][*l as usize] += 1;
                self.measured[i] += 1;
            }
        }
        for (t, r) in self.roles.iter_mut().zip(&m.roles) {
            t.readiness[r.readiness as usize] += 1;
            let mut ready = true;
            for (rt, &(target, level, measured)) in t.reqs.iter_mut().zip(&r.reqs) {
                let met = meets(target, level, measured);
                ready &= met;
                if measured {
                    rt.measured += 1;
                    if met {
                        rt.meets += 1;
                    } else if target > 0 {
                        rt.short += 1;
                        rt.shortfall += target as f64 - level;
                    }
                }
            }
            t.ready += usize::from(ready);
        }
        if self.members <= SHOWN_MEMBERS_MAX {
            self.shown.push(m);
        } else {
            self.shown = Vec::new();
        }
    }
}

/// The value at quantile `p` of the `n` values a histogram of thousandths holds, interpolated
/// between neighbours as DuckDB's `quantile_cont` and `median` are.
fn quantile(hist: &[u32], n: usize, p: f64) -> f64 {
    let h = (n - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    let at = |rank: usize| {
        let mut seen = 0usize;
        for (bin, &c) in hist.iter().enumerate() {
            seen += c as usize;
            if seen > rank {
                return bin as f64 / 1000.0;
            }
        }
        (hist.len() - 1) as f64 / 1000.0
    };
    let (a, b) = (at(lo), at(hi));
    r3(a + (b - a) * (h - lo as f64))
}

fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Where the results came from: how they were read and what could not be used.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Sources {
    /// Files looked at.
    pub files: usize,
    /// Results scored again with the team's bank because another bank scored them.
    pub rescored: usize,
    /// Results read twice (the same result id in two files): counted once.
    pub duplicates: usize,
    /// Each bank the results were scored with, by content hash, with how many.
    pub banks: Vec<BankCount>,
    /// Files that could not be used, and why.
    pub unusable: Vec<Unusable>,
}

/// One bank the results were scored with.
#[derive(Debug, Clone, Serialize)]
pub struct BankCount {
    pub fingerprint: String,
    pub source: String,
    pub results: usize,
}

/// A file that could not be used; its path with control characters escaped.
#[derive(Debug, Clone, Serialize)]
pub struct Unusable {
    pub file: String,
    pub problem: String,
}

/// The team's report: counts, then (from `min_group` members on) the figures.
#[derive(Debug, Clone, Serialize)]
pub struct TeamReport {
    pub format: &'static str,
    pub version: u32,
    /// The bank every member's figures come from.
    pub bank: String,
    pub bank_source: String,
    pub members: usize,
    pub min_group: usize,
    pub named: bool,
    /// Fewer than `min_group` members: only counts are reported.
    pub withheld: bool,
    pub sources: Sources,
    /// Every skill of the bank (of the chosen role with `--role`), in the bank's order.
    pub skills: Vec<TeamSkill>,
    pub roles: Vec<TeamRole>,
    /// One entry per member, M1…Mn, while the group is at most [`SHOWN_MEMBERS_MAX`].
    pub shown: Vec<ShownMember>,
}

/// One skill across the team.
#[derive(Debug, Clone, Serialize)]
pub struct TeamSkill {
    pub skill: String,
    pub name: String,
    pub category: String,
    /// Members who rated it or answered a check of it.
    pub measured: usize,
    /// Figures over the measured members; `None` when fewer than `min_group` were measured.
    pub median: Option<f64>,
    pub q1: Option<f64>,
    pub q3: Option<f64>,
    /// Measured members at each whole level 0–4 (the level rounded).
    pub bands: Option<[usize; 5]>,
}

/// One role across the team.
#[derive(Debug, Clone, Serialize)]
pub struct TeamRole {
    pub role: String,
    pub name: String,
    /// Members meeting every target of the role (each measured and within 0.3 levels).
    pub ready: usize,
    /// Members at least half ready (readiness 0.5 or more: below it the engine calls a person far
    /// from the role).
    pub half_ready: usize,
    /// The median of the members' readiness (0–1).
    pub readiness_median: f64,
    pub requirements: Vec<TeamRequirement>,
    /// Skills the role needs that fewer than two members hold at its target.
    pub held_by_fewer_than_two: Vec<String>,
    /// The gaps most members share, most shared first (at most five).
    pub shared_gaps: Vec<String>,
    /// Shared gaps (two members or more) by importance × the members' total shortfall ÷ members.
    pub training_order: Vec<TrainingStep>,
}

/// One requirement of a role across the team.
#[derive(Debug, Clone, Serialize)]
pub struct TeamRequirement {
    pub skill: String,
    pub name: String,
    /// Names of skills that count for it as well.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    pub importance: u8,
    pub target: u8,
    pub measured: usize,
    /// Members meeting the target (only a measured member can); `None` below `min_group` measured.
    pub meets_target: Option<usize>,
    /// Measured members short of it, and by how much on average; `None` below `min_group` measured.
    pub short: Option<usize>,
    pub mean_shortfall: Option<f64>,
}

/// One step of the team's suggested training.
#[derive(Debug, Clone, Serialize)]
pub struct TrainingStep {
    pub skill: String,
    pub name: String,
    pub importance: u8,
    /// Members short of the target.
    pub members: usize,
    pub mean_shortfall: f64,
    pub weight: f64,
}

/// A member as drawn: M1…Mn, the name given when `named`, and each shown skill's level.
#[derive(Debug, Clone, Serialize)]
pub struct ShownMember {
    pub member: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Per skill of the report, in its order; `None` when not measured.
    pub levels: Vec<Option<f64>>,
}

impl Tally {
    /// The report of what was read.
    pub(crate) fn report(
        &self,
        bank: &Bank,
        bank_source: String,
        options: &Options,
        sources: Sources,
    ) -> TeamReport {
        let withheld = self.members < options.min_group.max(1);
        let role = options.role.as_deref().and_then(|id| bank.role(id));
        let skill_ids: Vec<usize> = match role {
            None => (0..bank.skills().len()).collect(),
            Some(r) => {
                let mut ids: Vec<usize> = r
                    .skills
                    .iter()
                    .flat_map(|rs| std::iter::once(&rs.skill).chain(&rs.alternatives))
                    .filter_map(|id| bank.skill_index(id))
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            }
        };
        let mut report = TeamReport {
            format: "skillgap-team",
            version: TEAM_FORMAT_VERSION,
            bank: bank.fingerprint().to_string(),
            bank_source,
            members: self.members,
            min_group: options.min_group,
            named: options.named,
            withheld,
            sources,
            skills: Vec::new(),
            roles: Vec::new(),
            shown: Vec::new(),
        };
        if withheld {
            return report;
        }
        let enough = |n: usize| n >= options.min_group;
        report.skills = skill_ids
            .iter()
            .map(|&i| {
                let s = &bank.skills()[i];
                let n = self.measured[i];
                let hist = &self.levels[i];
                let figures = enough(n).then(|| {
                    let mut bands = [0; 5];
                    for (bin, &c) in hist.iter().enumerate() {
                        bands[((bin + 500) / 1000).min(4)] += c as usize;
                    }
                    (
                        quantile(hist, n, 0.5),
                        quantile(hist, n, 0.25),
                        quantile(hist, n, 0.75),
                        bands,
                    )
                });
                TeamSkill {
                    skill: s.id.clone(),
                    name: s.name.clone(),
                    category: s.category.clone(),
                    measured: n,
                    median: figures.map(|f| f.0),
                    q1: figures.map(|f| f.1),
                    q3: figures.map(|f| f.2),
                    bands: figures.map(|f| f.3),
                }
            })
            .collect();
        report.roles = bank
            .roles()
            .iter()
            .zip(&self.roles)
            .filter(|(r, _)| role.is_none_or(|chosen| chosen.id == r.id))
            .map(|(r, t)| self.role_report(bank, r, t, options.min_group))
            .collect();
        if self.members <= SHOWN_MEMBERS_MAX {
            let mut members: Vec<&Member> = self.shown.iter().collect();
            members.sort_by_key(|m| m.key);
            report.shown = members
                .iter()
                .enumerate()
                .map(|(i, m)| ShownMember {
                    member: format!("M{}", i + 1),
                    name: if options.named { m.name.clone() } else { None },
                    levels: skill_ids
                        .iter()
                        .map(|&s| m.levels[s].map(|l| f64::from(l) / 1000.0))
                        .collect(),
                })
                .collect();
        }
        report
    }

    fn role_report(
        &self,
        bank: &Bank,
        role: &crate::bank::Role,
        t: &RoleTally,
        min_group: usize,
    ) -> TeamRole {
        let requirements: Vec<TeamRequirement> = role
            .skills
            .iter()
            .zip(&t.reqs)
            .map(|(rs, rt)| {
                let enough = rt.measured >= min_group;
                let name = |id: &str| bank.skill(id).map_or(id, |s| s.name.as_str()).to_string();
                TeamRequirement {
                    skill: rs.skill.clone(),
                    name: name(&rs.skill),
                    alternatives: rs.alternatives.iter().map(|a| name(a)).collect(),
                    importance: rs.importance,
                    target: rs.target,
                    measured: rt.measured,
                    meets_target: enough.then_some(rt.meets),
                    short: enough.then_some(rt.short),
                    mean_shortfall: (enough && rt.short > 0)
                        .then(|| r3(rt.shortfall / rt.short as f64)),
                }
            })
            .collect();
        // Fewer than two holders says little about anyone even where the counts are withheld.
        let held_by_fewer_than_two = requirements
            .iter()
            .zip(&t.reqs)
            .filter(|(r, rt)| r.target > 0 && rt.meets < 2)
            .map(|(r, _)| r.skill.clone())
            .collect();
        let mut gaps: Vec<(&TeamRequirement, &ReqTally)> = requirements
            .iter()
            .zip(&t.reqs)
            .filter(|(r, rt)| r.short.is_some() && rt.short >= 2)
            .collect();
        gaps.sort_by(|a, b| {
            b.1.short
                .cmp(&a.1.short)
                .then(b.1.shortfall.total_cmp(&a.1.shortfall))
                .then(a.0.skill.cmp(&b.0.skill))
        });
        let shared_gaps = gaps.iter().take(5).map(|(r, _)| r.skill.clone()).collect();
        let members = self.members.max(1) as f64;
        let mut training_order: Vec<TrainingStep> = gaps
            .iter()
            .map(|(r, rt)| TrainingStep {
                skill: r.skill.clone(),
                name: r.name.clone(),
                importance: r.importance,
                members: rt.short,
                mean_shortfall: r3(rt.shortfall / rt.short as f64),
                weight: r3(r.importance as f64 * rt.shortfall / members),
            })
            .collect();
        training_order.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then(b.members.cmp(&a.members))
                .then(a.skill.cmp(&b.skill))
        });
        TeamRole {
            role: role.id.clone(),
            name: role.name.clone(),
            ready: t.ready,
            half_ready: t.readiness
                [thousandths(crate::score::SETTLED_MIN_READINESS, 1000) as usize..]
                .iter()
                .map(|&c| c as usize)
                .sum(),
            readiness_median: quantile(&t.readiness, self.members.max(1), 0.5),
            requirements,
            held_by_fewer_than_two,
            shared_gaps,
            training_order,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A histogram's quantile is the sorted values' (DuckDB's `quantile_cont`), to 3 decimals.
        #[test]
        fn histogram_quantiles_are_the_sorted_values(
            values in proptest::collection::vec(0usize..LEVEL_BINS, 1..60),
            p in 0.0f64..=1.0,
        ) {
            let mut hist = vec![0u32; LEVEL_BINS];
            for &v in &values {
                hist[v] += 1;
            }
            let mut sorted: Vec<f64> = values.iter().map(|&v| v as f64 / 1000.0).collect();
            sorted.sort_by(f64::total_cmp);
            let h = (sorted.len() - 1) as f64 * p;
            let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
            let expected = sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo as f64);
            prop_assert!((quantile(&hist, values.len(), p) - expected).abs() <= 0.0005 + 1e-12);
        }
    }

    #[test]
    fn quantiles_interpolate_as_duckdb_does() {
        let mut hist = vec![0u32; LEVEL_BINS];
        for v in [1000, 2000, 2500, 4000] {
            hist[v] += 1;
        }
        assert_eq!(quantile(&hist, 4, 0.5), 2.25);
        assert_eq!(quantile(&hist, 4, 0.25), 1.75);
        assert_eq!(quantile(&hist, 4, 0.75), 2.875);
        assert_eq!(quantile(&hist, 4, 0.0), 1.0);
        assert_eq!(quantile(&hist, 4, 1.0), 4.0);
    }

    #[test]
    fn a_target_is_met_within_the_gap_threshold_and_only_when_measured() {
        assert!(meets(3, 2.75, true));
        assert!(!meets(3, 2.6, true));
        assert!(!meets(3, 4.0, false));
        assert!(meets(0, 0.0, false));
    }
}
