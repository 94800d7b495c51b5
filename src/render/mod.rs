//! Everything a person reads: the terminal, Markdown and HTML renderings of results, worded once.
//!
//! The three formats share what they say and in which order: the figures are rounded here, the
//! skills of a role are ordered here, and the sentences they all print are written here, so a
//! result reads the same whichever way it is shown.

pub(crate) mod calibration;
pub mod chart;
pub mod html;
pub(crate) mod listing;
pub(crate) mod markdown;
pub mod reasons;
pub(crate) mod review;
pub(crate) mod simulation;
pub(crate) mod summary;
pub(crate) mod team;
pub(crate) mod team_html;
pub(crate) mod terminal;

use crate::score::compare::{ChangeVerdict, Comparison, RoleChange, SkillChange};
use crate::score::path::{PathStep, RunnerUp, Schedule, ScheduledStep};
use crate::score::{Calibration, Factor, GAP_THRESHOLD, RoleMatch, SkillEstimate};
use crate::store::Mode;
use jiff::Timestamp;

/// Said when the learning path is empty.
pub(crate) const NOTHING_TO_CLOSE: &str = "Nothing to close: you meet every target of the role.";

/// How a path is ordered, said where the whole path is listed.
pub(crate) const PATH_ORDER: &str =
    "Most readiness gained per hour first, each skill after its prerequisites.";

/// Said after a path step whose level nobody asked about.
pub(crate) const GUESSED_STEP: &str =
    " (not asked: the level is estimated from related skills; check it first)";

/// A moment as every report shows it: "2026-03-01 14:05 UTC" (results are stamped in UTC).
pub(crate) fn when(t: Timestamp) -> String {
    format!("{} UTC", minute(t))
}

/// A moment without its zone, for a table column whose heading names the zone.
pub(crate) fn minute(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M").to_string()
}

/// A day, for headings that set two results side by side: "2026-03-01".
pub(crate) fn day(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d").to_string()
}

/// A share in 0–1 as whole percent. Every figure is rounded here, half away from zero as people
/// round (a saved 0.585 reads 59%), after snapping away the binary noise of the multiplication
/// (0.145 × 100 is 14.499999999999998 in floating point, and reads 15%).
pub(crate) fn percent(x: f64) -> i64 {
    round_at(x, 100.0) as i64
}

/// `x` × `scale`, rounded half away from zero; never -0.
fn round_at(x: f64, scale: f64) -> f64 {
    ((x * scale * 1e6).round() / 1e6).round() + 0.0
}

/// "42%".
pub(crate) fn pct(x: f64) -> String {
    format!("{}%", percent(x))
}

/// A likely range: "30–55%".
pub(crate) fn pct_range(low: f64, high: f64) -> String {
    format!("{}–{}%", percent(low), percent(high))
}

/// A level on the 0–4 scale rounded to the one decimal every format shows.
pub(crate) fn level(x: f64) -> f64 {
    round_at(x, 10.0) / 10.0
}

/// "2.3".
pub(crate) fn level_text(x: f64) -> String {
    format!("{:.1}", level(x))
}

/// How far a shown level is below its target (never negative): the engine's one shortfall.
pub(crate) fn gap(level: f64, target: u8) -> f64 {
    crate::score::shortfall(target, level)
}

/// A change in readiness as the reader can check it: the difference of the two rounded
/// percentages, in points ("+12", "-3", "+0").
pub(crate) fn points(before: f64, after: f64) -> String {
    chart::signed((percent(after) - percent(before)) as f64, 0)
}

/// A change in level as the difference of the two shown levels ("+0.4").
pub(crate) fn level_change(before: f64, after: f64) -> String {
    chart::signed(level(after) - level(before), 1)
}

/// How a result came about, in words: "quick quiz", "full quiz", "answer file".
pub(crate) fn mode_label(mode: Mode) -> &'static str {
    match mode {
        Mode::Quick => "quick quiz",
        Mode::Full => "full quiz",
        Mode::Answers => "answer file",
    }
}

/// Where one requirement stands, as every format words it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Standing {
    /// Nothing was asked: the level is the prior's guess.
    NotAsked,
    /// Within [`GAP_THRESHOLD`] of the target.
    Met,
    /// The shown gap: the target less the shown level, so the figures add up on the page.
    Gap(f64),
}

impl Standing {
    pub(crate) fn of(f: &Factor) -> Self {
        if !f.measured {
            Standing::NotAsked
        } else if gap(f.level, f.target) < GAP_THRESHOLD {
            Standing::Met
        } else {
            Standing::Gap(gap(level(f.level), f.target))
        }
    }
}

/// A role's skills in the one order every format shows: the largest importance × gap first (what
/// to work on), then the most important, then by id so ties never reorder. The gap is the shown
/// one, so a reader can check the order from the page; a met target weighs nothing, so it never
/// sits above a gap; a skill nobody asked about weighs its guessed gap. Targets of 0 ask for
/// nothing and are left out.
pub(crate) fn skill_order(m: &RoleMatch) -> Vec<&Factor> {
    let weight = |f: &Factor| match Standing::of(f) {
        Standing::Met => 0.0,
        Standing::Gap(g) => f.importance as f64 * g,
        Standing::NotAsked => f.importance as f64 * gap(level(f.level), f.target),
    };
    let mut reqs: Vec<&Factor> = m.requirements.iter().filter(|f| f.target > 0).collect();
    reqs.sort_by(|x, y| {
        weight(y)
            .total_cmp(&weight(x))
            .then(y.importance.cmp(&x.importance))
            .then(x.skill.cmp(&y.skill))
    });
    reqs
}

/// A comparison's skills measured both times, the most changed first (by the shown change), then
/// by id; those not measured both times have no change to show and are left out.
pub(crate) fn changed_first(c: &Comparison) -> Vec<&SkillChange> {
    let shown = |s: &SkillChange| (level(s.after) - level(s.before)).abs();
    let mut skills: Vec<&SkillChange> = c.skills.iter().filter(|s| s.measured_both()).collect();
    skills.sort_by(|x, y| shown(y).total_cmp(&shown(x)).then(x.skill.cmp(&y.skill)));
    skills
}

/// What every comparison says first: how a change is counted and when it is called real.
pub(crate) const CHANGE_RULE: &str = "A change counts only for a skill measured both times (a self-rating or a check), and is called real only when it is larger than both estimates' uncertainty together (1.96 × √(sd before² + sd after²)).";

/// A verdict as every format words it.
pub(crate) fn verdict_text(v: ChangeVerdict) -> &'static str {
    match v {
        ChangeVerdict::ReliablyImproved => "reliably improved",
        ChangeVerdict::ReliablyDeclined => "reliably declined",
        ChangeVerdict::NoReliableChange => "no reliable change",
        ChangeVerdict::NotMeasuredBothTimes => "not measured both times",
    }
}

/// A skill's change and verdict: "+2.6, reliably improved", "-0.3, no reliable change (real
/// beyond ±1.2)"; a skill not measured both times has no change to state.
pub(crate) fn skill_change_text(s: &SkillChange) -> String {
    match s.verdict {
        ChangeVerdict::NotMeasuredBothTimes => verdict_text(s.verdict).to_string(),
        ChangeVerdict::NoReliableChange => format!(
            "{}, {} (real beyond ±{:.1})",
            level_change(s.before, s.after),
            verdict_text(s.verdict),
            s.threshold
        ),
        v => format!("{}, {}", level_change(s.before, s.after), verdict_text(v)),
    }
}

/// A role's change over the requirements both results measured: "on the 45% of the role measured
/// both times, 58% → 40% (-18 points): reliably declined", or "measured both times throughout,
/// …" with the role's own figures.
pub(crate) fn role_change_text(r: &RoleChange) -> String {
    let (Some(x), Some(y)) = (&r.measured_before, &r.measured_after) else {
        return "not measured both times: no requirement of the role was measured in both results"
            .to_string();
    };
    let within = if r.verdict == ChangeVerdict::NoReliableChange {
        format!(" (real beyond ±{} points)", percent(r.threshold))
    } else {
        String::new()
    };
    let part = if percent(r.compared) >= 100 {
        "measured both times throughout".to_string()
    } else {
        format!("on the {} of the role measured both times", pct(r.compared))
    };
    format!(
        "{part}, {} → {} ({} points): {}{within}",
        pct(x.readiness),
        pct(y.readiness),
        points(x.readiness, y.readiness),
        verdict_text(r.verdict),
    )
}

/// The skills of a comparison that were not measured both times, as every format lists them:
/// the names of those asked once ("asked only in the earlier result: …"), and how many were asked
/// neither time.
pub(crate) fn not_measured_both(c: &Comparison) -> Vec<String> {
    let names = |pick: &dyn Fn(&SkillChange) -> bool| -> Vec<&str> {
        c.skills
            .iter()
            .filter(|s| !s.measured_both() && pick(s))
            .map(|s| s.name.as_str())
            .collect()
    };
    let mut lines = Vec::new();
    for (label, list) in [
        (
            "asked only in the earlier result",
            names(&|s| s.measured_before && !s.measured_after),
        ),
        (
            "asked only in the later result",
            names(&|s| !s.measured_before && s.measured_after),
        ),
    ] {
        if !list.is_empty() {
            lines.push(format!("{label}: {}", list.join(", ")));
        }
    }
    let neither = names(&|s| !s.measured_before && !s.measured_after).len();
    if neither > 0 {
        lines.push(format!(
            "asked neither time: {}",
            crate::text::count(neither, "skill")
        ));
    }
    lines
}

/// A summary list names at most this many skills; a longer one is counted (each skill's own line
/// says its verdict).
const LISTED: usize = 6;

/// The names of the skills with ids `ids`, joined; `none` when there are none, and a count when
/// there are more than [`LISTED`].
pub(crate) fn skill_names(c: &Comparison, ids: &[String], none: &str) -> String {
    if ids.is_empty() {
        none.to_string()
    } else if ids.len() > LISTED {
        format!(
            "{} (each is listed above)",
            crate::text::count(ids.len(), "skill")
        )
    } else {
        ids.iter()
            .map(|id| skill_name(c, id))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A skill's name in a comparison, by id (the id itself if the skill has gone from the bank).
pub(crate) fn skill_name<'a>(c: &'a Comparison, id: &'a str) -> &'a str {
    c.skills
        .iter()
        .find(|s| s.skill == id)
        .map_or(id, |s| s.name.as_str())
}

/// A sentence for a calibration flag, or None when the rating agrees with the checks.
pub(crate) fn calibration_note(s: &SkillEstimate) -> Option<String> {
    let verdict = match s.calibration {
        Calibration::Overconfident => "you may be overrating yourself",
        Calibration::Underconfident => "you know more than you think",
        _ => return None,
    };
    Some(format!(
        "{}: you rated yourself {}, and answered {} of {} checks right where that level would get about {:.1}; {verdict}",
        s.name,
        s.self_rating.unwrap_or(0),
        s.checks_correct,
        s.checks_answered,
        s.checks_expected.unwrap_or(0.0)
    ))
}

/// Every calibration sentence of a result: the person-level bias first, when the answers show
/// it clearly, then each skill whose rating its checks contradict.
pub(crate) fn calibration_notes(a: &crate::score::Assessment) -> Vec<String> {
    a.rating_bias
        .filter(|b| b.clear)
        .map(|b| reasons::rating_bias(b.levels))
        .into_iter()
        .chain(a.skills.iter().filter_map(calibration_note))
        .collect()
}

/// A role's readiness as every format shows it: the percentage, with how much of it was measured
/// when not all, or "not measured yet" when none was.
pub(crate) fn readiness_text(m: &crate::score::RoleMatch) -> String {
    match m.measured_readiness() {
        None => NOT_MEASURED.to_string(),
        Some(r) if m.measured < 0.995 => {
            format!("{} ({} measured)", pct(r), pct(m.measured))
        }
        Some(r) => pct(r),
    }
}

/// What a role's readiness says when nothing it needs was measured.
pub(crate) const NOT_MEASURED: &str = "not measured yet";

/// The recommendation's reasons, worded once by [`reasons`] for every format.
pub(crate) fn reasons(a: &crate::score::Assessment) -> impl Iterator<Item = String> + '_ {
    a.recommendation.reasons.iter().map(reasons::reason)
}

/// Why a path step is there, worded by [`reasons`].
pub(crate) fn why(s: &PathStep) -> String {
    reasons::step_why(&s.why)
}

/// A path step's heading: "Python: level 1.2 → 3 (~20 h)".
pub(crate) fn step_heading(s: &PathStep) -> String {
    format!(
        "{}: level {} → {} (~{} h)",
        s.name,
        level_text(s.from_level),
        s.to_level,
        s.hours
    )
}

/// A schedule's opening sentence, in two parts that every format joins with a space (a terminal
/// puts them on two lines, so a date is never broken at its hyphens): the pace and where it
/// starts, then how long it runs.
pub(crate) fn schedule_heading(s: &Schedule) -> [String; 2] {
    if s.steps.is_empty() {
        return [
            format!("Schedule at {} hours a week:", s.hours_per_week),
            NOTHING_TO_CLOSE.to_string(),
        ];
    }
    [
        format!(
            "Schedule at {} hours a week, starting today ({}):",
            s.hours_per_week, s.start
        ),
        format!(
            "{}, until {}.",
            crate::text::count(s.weeks as usize, "week"),
            s.end
        ),
    ]
}

/// A scheduled step's weeks: "week 3", "weeks 1–3".
pub(crate) fn schedule_weeks(s: &ScheduledStep) -> String {
    if s.start_week == s.end_week {
        format!("week {}", s.start_week)
    } else {
        format!("weeks {}–{}", s.start_week, s.end_week)
    }
}

/// A scheduled step's days, both included: "2026-12-02 → 2026-12-19".
pub(crate) fn schedule_days(s: &ScheduledStep) -> String {
    format!("{} → {}", s.start, s.end)
}

/// A scheduled step's name: "1. Statistics (~25 h)".
pub(crate) fn schedule_step(s: &ScheduledStep) -> String {
    format!("{}. {} (~{} h)", s.order, s.name, s.hours)
}

/// What the runner-up would take.
pub(crate) fn runner_up_line(ru: &RunnerUp) -> String {
    let shared = if ru.shared.is_empty() {
        String::new()
    } else {
        format!(
            "; {} of them also serve the recommended role",
            ru.shared.len()
        )
    };
    format!(
        "Runner-up, {}: {}, about {} hours{shared}.",
        ru.name,
        crate::text::count(ru.steps.len(), "step"),
        ru.hours
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero_and_gaps_add_up() {
        assert_eq!(percent(0.585), 59);
        assert_eq!(percent(0.145), 15);
        assert_eq!(percent(0.1449), 14);
        assert_eq!(percent(-0.001), 0);
        assert_eq!(pct_range(0.0, 0.995), "0–100%");
        assert_eq!(level_text(2.25), "2.3");
        assert_eq!(level_text(0.15), "0.2");
        assert_eq!(level_text(2.249), "2.2");
        assert_eq!(level_text(-0.01), "0.0");
        assert_eq!(points(0.334, 0.446), "+12");
        assert_eq!(level_change(1.04, 1.06), "+0.1");
        let f = Factor {
            skill: "x".into(),
            name: "X".into(),
            importance: 3,
            target: 3,
            level: 1.66,
            alternatives: Vec::new(),
            measured: true,
        };
        assert_eq!(Standing::of(&f), Standing::Gap(gap(1.7, 3)));
        let met = Factor {
            level: 2.75,
            ..f.clone()
        };
        assert_eq!(Standing::of(&met), Standing::Met);
        let guess = Factor {
            measured: false,
            ..f
        };
        assert_eq!(Standing::of(&guess), Standing::NotAsked);
    }
}
