//! The answer on one screen: the recommended role and the roles the person chose, readiness with
//! its range and what it rests on, the top gaps, the first step, and where to see more. The same
//! at the end of the quiz and in `show`; every figure in it is the figure the full detail shows.

use crate::render::chart::{self, Layout, paint};
use crate::render::{
    NOT_MEASURED, Standing, level_text, pct, pct_range, skill_order, step_heading,
};
use crate::score::{Assessment, Factor, RoleMatch};
use std::fmt::Write as _;

/// The roles in the order every format lists them: the roles the person chose to weigh first
/// (the recommendation comes from them), then the others, each group in the one ranking's order
/// (overall match, see `score::rank_order`). So the recommended role always heads the list.
pub(crate) fn role_order(a: &Assessment) -> Vec<&RoleMatch> {
    let chosen = |m: &RoleMatch| a.focus.is_empty() || a.focus.contains(&m.role);
    let mut roles: Vec<&RoleMatch> = a.roles.iter().filter(|m| chosen(m)).collect();
    roles.extend(a.roles.iter().filter(|m| !chosen(m)));
    if let Some(i) = roles.iter().position(|m| m.role == a.recommendation.role) {
        let top = roles.remove(i);
        roles.insert(0, top);
    }
    roles
}

/// How many of a role's skills (with a target) were measured, of how many.
pub(crate) fn measured_skills(m: &RoleMatch) -> (usize, usize) {
    let reqs: Vec<&Factor> = m.requirements.iter().filter(|f| f.target > 0).collect();
    (reqs.iter().filter(|f| f.measured).count(), reqs.len())
}

/// "63% ready (likely 35–87%), based on 6 of 14 skills measured", or that nothing was.
pub(crate) fn readiness_phrase(m: &RoleMatch) -> String {
    let (measured, of) = measured_skills(m);
    if m.measured_readiness().is_none() || measured == 0 {
        return format!("readiness {NOT_MEASURED}");
    }
    format!(
        "{} ready (likely {}), based on {measured} of {of} skills measured",
        pct(m.readiness),
        pct_range(m.readiness_low, m.readiness_high)
    )
}

/// The measured gaps of a role that matter most, in the order every format shows them.
pub(crate) fn top_gaps(m: &RoleMatch, n: usize) -> Vec<(&Factor, f64)> {
    skill_order(m)
        .into_iter()
        .filter_map(|f| match Standing::of(f) {
            Standing::Gap(g) => Some((f, g)),
            _ => None,
        })
        .take(n)
        .collect()
}

/// "overall 61 = skills 44 + interest 12 + background 5": what the ranking sorts by, and how
/// much of it each part brings, so a reader sees how much interest moved a role.
pub(crate) fn overall_parts(m: &RoleMatch) -> String {
    let skills = crate::score::READINESS_WEIGHT * m.readiness;
    let interest = crate::score::INTEREST_WEIGHT * m.interest;
    let background = crate::score::BACKGROUND_WEIGHT
        * m.background_fit.unwrap_or(crate::score::NEUTRAL_BACKGROUND);
    let pts = |x: f64| super::percent(x);
    format!(
        "overall {} = skills {} + interest {} + background {}",
        pts(m.overall),
        pts(skills),
        pts(interest),
        pts(background)
    )
}

/// What a role's interest rests on: "not asked", "1 answer", "3 answers".
pub(crate) fn interest_basis(m: &RoleMatch) -> String {
    if m.interest_answered == 0 {
        "not asked".to_string()
    } else {
        crate::text::count(m.interest_answered, "answer")
    }
}

/// The summary for the terminal; `id` names the saved result for the "see more" commands.
pub(crate) fn terminal(a: &Assessment, id: Option<&str>, layout: Layout) -> String {
    let mut out = String::new();
    let top = a.recommended();
    let head = match top {
        Some(m) => format!("{} — {}.", a.recommendation.name, readiness_phrase(m)),
        None => a.recommendation.name.clone(),
    };
    let _ = writeln!(
        out,
        "{}",
        layout.wrap(&format!("Recommended: {head}"), "", "  ")
    );
    if !a.focus.is_empty() {
        let names: Vec<&str> = a
            .roles
            .iter()
            .filter(|m| a.focus.contains(&m.role))
            .map(|m| m.name.as_str())
            .collect();
        let _ = writeln!(
            out,
            "{}",
            layout.wrap(
                &format!("You chose to weigh: {}.", super::reasons::list_of(&names)),
                "",
                "  "
            )
        );
    }
    let heading = layout.wrap(
        "Roles by overall match (70% skills, 20% interest, 10% background):",
        "",
        "  ",
    );
    let _ = writeln!(out, "\n{}", paint(chart::HEADING, &heading));
    let roles = role_order(a);
    let name_w = chart::name_width(roles.iter().map(|m| m.name.as_str()), 26);
    for (i, m) in roles.iter().enumerate() {
        let ready = match m.measured_readiness() {
            None => format!("ready: {NOT_MEASURED}"),
            Some(_) => format!(
                "{} ready ({})",
                pct(m.readiness),
                pct_range(m.readiness_low, m.readiness_high)
            ),
        };
        let chosen = if !a.focus.is_empty() && !a.focus.contains(&m.role) {
            paint(chart::DIM, "  (not chosen)")
        } else {
            String::new()
        };
        let line = format!(
            "  {}. {}  overall {:>3}  {ready}",
            i + 1,
            chart::fit(&m.name, name_w),
            super::percent(m.overall),
        );
        if chart::strip(&line).chars().count() + chart::strip(&chosen).chars().count()
            <= layout.width
        {
            let _ = writeln!(out, "{line}{chosen}");
        } else {
            // Narrow: the figures go under the name.
            let _ = writeln!(out, "  {}. {}{chosen}", i + 1, m.name);
            let _ = writeln!(out, "     overall {} · {ready}", super::percent(m.overall));
        }
    }
    if let Some(m) = top {
        let gaps: Vec<String> = top_gaps(m, 3)
            .into_iter()
            .map(|(f, _)| format!("{} (level {} of {})", f.name, level_text(f.level), f.target))
            .collect();
        let gaps = if gaps.is_empty() {
            "none measured.".to_string()
        } else {
            format!("{}.", super::reasons::list_of(&gaps))
        };
        let _ = writeln!(
            out,
            "\n{}",
            layout.wrap(&format!("Top gaps: {gaps}"), "", "  ")
        );
    }
    match a.path.first() {
        Some(step) => {
            let _ = writeln!(
                out,
                "{}",
                layout.wrap(
                    &format!("First step: {} — {}", step_heading(step), step.resource),
                    "",
                    "  "
                )
            );
        }
        None => {
            let _ = writeln!(out, "First step: {}", super::NOTHING_TO_CLOSE);
        }
    }
    let more = match id {
        Some(id) => format!(
            "More: `skillgap show {id} --full` for every figure, `skillgap review {id}` for your answers with the right ones, `skillgap path {id}` for the whole plan."
        ),
        None => "More: the full detail follows below.".to_string(),
    };
    let _ = writeln!(out, "\n{}", layout.wrap(&more, "", "  "));
    out
}
