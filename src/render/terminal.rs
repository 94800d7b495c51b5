//! The terminal renderings of results: the result itself, its learning path, the history table
//! and the comparison of two results, as tables and bars.

use crate::render::chart::table;
use crate::render::chart::{self, Layout, paint};
use crate::render::{
    GUESSED_STEP, NOTHING_TO_CLOSE, Standing, changed_first, day, level_text, minute, mode_label,
    pct, pct_range, reasons, runner_up_line, skill_order, step_heading, when, why,
};
use crate::score::Assessment;
use crate::store::{ResultSummary, SavedResult};
use std::fmt::Write as _;

// The CLI reaches every renderer through `render::terminal as report`; these keep its paths.
pub(crate) use crate::render::listing::{roles, skills, validation};
pub(crate) use crate::render::markdown::{comparison as markdown_comparison, result as markdown};
pub(crate) use crate::render::simulation::simulation;

/// A share right-aligned in four columns ("  7%", " 42%", "100%"), so bars line up.
fn pct4(x: f64) -> String {
    format!("{:>4}", pct(x))
}

/// A section heading with its legend beside it, or under it when the two do not fit the width.
fn heading_with(heading: &str, legend: &str, layout: Layout) -> String {
    let together = heading.chars().count() + 2 + legend.chars().count() <= layout.width;
    if together {
        format!(
            "{}  {}",
            paint(chart::HEADING, heading),
            paint(chart::DIM, legend)
        )
    } else {
        format!(
            "{}\n{}",
            paint(chart::HEADING, heading),
            paint(chart::DIM, &layout.wrap(legend, "  ", "  "))
        )
    }
}

/// The answer on one screen (see `render::summary`).
pub(crate) fn summary(a: &Assessment, id: Option<&str>, layout: Layout) -> String {
    super::summary::terminal(a, id, layout)
}

/// A whole result in full: roles as bars in the order of the ranking with what makes up each
/// role's overall score, the recommendation, the recommended role's skills against their
/// targets, calibration flags and the first path steps.
pub(crate) fn assessment(a: &Assessment, layout: Layout) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Answered {}, {} with \"I don't know\".\n",
        crate::text::count(a.answered, "question"),
        a.skipped
    );
    let roles = super::summary::role_order(a);
    // Below 80 columns a role's name has a line of its own and its bars go under it.
    let stacked = layout.width < Layout::DEFAULT_WIDTH;
    let name_w = if stacked {
        2
    } else {
        chart::name_width(roles.iter().map(|r| r.name.as_str()), 26)
    };
    // What follows a bar: " 100% (100–100%, 99% measured)" at most.
    let bar_w = layout.width.saturating_sub(name_w + 44).clamp(8, 40);
    let _ = writeln!(
        out,
        "{}",
        heading_with(
            "Roles by overall match",
            "(readiness: █ likely ▓ estimate ░ possible; interest)",
            layout
        )
    );
    for r in roles {
        let name = if stacked {
            let _ = writeln!(out, "  {}", r.name);
            " ".repeat(name_w)
        } else {
            chart::fit(&r.name, name_w)
        };
        if r.measured_readiness().is_none() {
            let _ = writeln!(
                out,
                "  {name}  ready    {}",
                paint(chart::DIM, super::NOT_MEASURED)
            );
        } else {
            let measured = if r.measured < 0.995 {
                format!(", {} measured", super::pct(r.measured))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {name}  ready    {} {} ({}{measured})",
                chart::range_bar(r.readiness, r.readiness_low, r.readiness_high, bar_w),
                pct4(r.readiness),
                pct_range(r.readiness_low, r.readiness_high),
            );
        }
        let _ = writeln!(
            out,
            "  {}  interest {} {} ({})",
            " ".repeat(name_w),
            chart::share_bar(r.interest, bar_w, chart::INTEREST),
            pct4(r.interest),
            super::summary::interest_basis(r),
        );
        let _ = writeln!(
            out,
            "  {}  {}",
            " ".repeat(name_w),
            paint(chart::DIM, &super::summary::overall_parts(r))
        );
    }
    let _ = writeln!(
        out,
        "\n{} {}",
        paint(chart::HEADING, "Recommendation:"),
        paint(chart::HEADING, &a.recommendation.name)
    );
    for reason in reasons(a) {
        let _ = writeln!(out, "{}", layout.wrap(&reason, "  • ", "    "));
    }
    if let Some(top) = a.recommended() {
        let reqs = skill_order(top);
        let labels: Vec<String> = reqs.iter().map(|f| f.label()).collect();
        let skill_w = chart::name_width(labels.iter().map(String::as_str), 28);
        let skill_bar = layout.width.saturating_sub(skill_w + 24).clamp(12, 48);
        let _ = writeln!(
            out,
            "\n{}",
            heading_with(
                &format!("Skills for {}", top.name),
                "(level 0–4; │ target, ░ gap, ▒ not asked)",
                layout
            )
        );
        for (f, label) in reqs.into_iter().zip(labels) {
            let standing = Standing::of(f);
            let note = match standing {
                Standing::NotAsked => paint(chart::DIM, "not asked"),
                Standing::Met => paint(chart::MET, "met"),
                Standing::Gap(g) => paint(chart::GAP, &format!("gap {g:.1}")),
            };
            let _ = writeln!(
                out,
                "  {} {} {}/{} {note}",
                chart::fit(&label, skill_w),
                if f.measured {
                    chart::level_bar(f.level, f.target, skill_bar, standing == Standing::Met)
                } else {
                    chart::guess_bar(f.level, f.target, skill_bar)
                },
                level_text(f.level),
                f.target,
            );
        }
    }
    let flags = super::calibration_notes(a);
    if !flags.is_empty() {
        let _ = writeln!(out, "\n{}", paint(chart::HEADING, "Calibration"));
        for f in flags {
            let _ = writeln!(
                out,
                "{}",
                paint(chart::WARN, &layout.wrap(&f, "  ! ", "    "))
            );
        }
    }
    if !a.path.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            paint(
                chart::HEADING,
                &format!("Learning path toward {}", a.recommendation.name)
            )
        );
        out.push_str(&path(&a.path, 5, layout));
    }
    out
}

/// A learning path as a numbered checklist (the first `limit` steps, or all with 0).
fn path(steps: &[crate::score::path::PathStep], limit: usize, layout: Layout) -> String {
    let mut out = String::new();
    let shown = if limit == 0 {
        steps.len()
    } else {
        limit.min(steps.len())
    };
    for s in &steps[..shown] {
        let head = format!(
            "{}. {} — {}{}",
            s.order,
            step_heading(s),
            why(s),
            if s.measured { "" } else { GUESSED_STEP }
        );
        let _ = writeln!(out, "{}", layout.wrap(&head, "  [ ] ", "      "));
        let more = [
            Some(format!("learn: {} ({})", s.what, s.resource)),
            Some(format!("prove it: {}", s.project)),
            s.certification
                .as_ref()
                .map(|c| format!("certification: {c}")),
        ];
        for line in more.into_iter().flatten() {
            let _ = writeln!(out, "{}", layout.wrap(&line, "        ", "          "));
        }
    }
    if shown < steps.len() {
        let _ = writeln!(
            out,
            "  … and {} more {}: `skillgap path` shows them all.",
            steps.len() - shown,
            if steps.len() - shown == 1 {
                "step"
            } else {
                "steps"
            }
        );
    }
    out
}

/// The line above a saved result: its id, date, length and bank.
pub(crate) fn result_header(r: &SavedResult, layout: Layout) -> String {
    let mut s = format!(
        "Result {} · {} · {} · bank {}",
        r.id,
        when(r.created),
        mode_label(r.mode),
        r.bank.fingerprint
    );
    if let Some(from) = &r.rescored_from {
        s.push_str(&format!(" · rescored from {from}"));
    }
    format!("{}\n", layout.wrap(&s, "", "  "))
}

/// The `history` table.
pub(crate) fn history(results: &[ResultSummary]) -> String {
    let mut t = table(&[
        "id",
        "date (UTC)",
        "length",
        "top role",
        "readiness",
        "answered",
    ]);
    for r in results {
        let top = r.top.as_ref();
        t.add_row(vec![
            r.id.clone(),
            minute(r.created),
            r.mode.as_str().to_string(),
            top.map_or(String::new(), |t| t.name.clone()),
            top.map_or(String::new(), |t| {
                format!(
                    "{} ({})",
                    pct(t.readiness),
                    pct_range(t.readiness_low, t.readiness_high)
                )
            }),
            r.answered.to_string(),
        ]);
    }
    format!("{}\n", chart::shown(&mut t))
}

/// `skillgap path`: the whole learning path as a checklist, then the runner-up and general steps.
pub(crate) fn path_checklist(r: &SavedResult, layout: Layout) -> String {
    let a = &r.assessment;
    let mut out = format!(
        "Learning path toward {} (result {}):\n",
        a.recommendation.name, r.id
    );
    if a.path.is_empty() {
        let _ = writeln!(out, "  {NOTHING_TO_CLOSE}");
    } else {
        let _ = writeln!(out, "{}", layout.wrap(super::PATH_ORDER, "  ", "  "));
        out.push_str(&path(&a.path, 0, layout));
        let total = a.path.iter().fold(0u32, |t, s| t.saturating_add(s.hours));
        let _ = writeln!(out, "  Total: about {total} hours of focused work.");
    }
    if let Some(ru) = &a.runner_up {
        let _ = writeln!(out, "\n{}", layout.wrap(&runner_up_line(ru), "", "  "));
    }
    if !a.general_steps.is_empty() {
        let _ = writeln!(out, "\nWhatever the role:");
        for g in &a.general_steps {
            let _ = writeln!(
                out,
                "{}",
                layout.wrap(&format!("{}: {}", g.title, g.text), "  [ ] ", "      ")
            );
        }
    }
    out
}

/// `skillgap path --hours-per-week N`: the path's steps in time, one line each, the weeks and
/// days first so they line up.
pub(crate) fn schedule(s: &crate::score::path::Schedule, layout: Layout) -> String {
    let [pace, length] = super::schedule_heading(s);
    let mut out = format!(
        "{}\n{}\n",
        layout.wrap(&pace, "", "  "),
        layout.wrap(&length, "  ", "  ")
    );
    let weeks_w = s
        .steps
        .iter()
        .map(|st| super::schedule_weeks(st).chars().count())
        .max()
        .unwrap_or(0);
    let hours_w = s
        .steps
        .iter()
        .map(|st| st.hours.to_string().len())
        .max()
        .unwrap_or(0);
    for st in &s.steps {
        let lead = format!(
            "  {:<weeks_w$}  {}  {:>hours_w$} h  ",
            super::schedule_weeks(st),
            super::schedule_days(st),
            st.hours
        );
        let indent = " ".repeat(lead.chars().count());
        let _ = writeln!(
            out,
            "{}",
            layout.wrap(&format!("{}. {}", st.order, st.name), &lead, &indent)
        );
    }
    out
}

/// `skillgap compare` for the terminal: roles and skills before and after, as bars, with each
/// change judged only where both results measured it.
pub(crate) fn comparison(
    c: &crate::score::compare::Comparison,
    a: &SavedResult,
    b: &SavedResult,
    layout: Layout,
) -> String {
    use crate::score::compare::ChangeVerdict;
    let mut out = format!(
        "From {} ({}) to {} ({}).\n{}\n\n",
        a.id,
        day(a.created),
        b.id,
        day(b.created),
        layout.wrap(super::CHANGE_RULE, "", "")
    );
    let paint_verdict = |v: ChangeVerdict, text: &str| match v {
        ChangeVerdict::ReliablyImproved => paint(chart::MET, text),
        ChangeVerdict::ReliablyDeclined => paint(chart::GAP, text),
        _ => paint(chart::DIM, text),
    };
    let name_w = chart::name_width(c.roles.iter().map(|r| r.name.as_str()), 26);
    let bar_w = layout.width.saturating_sub(name_w + 18).clamp(8, 30) / 2;
    let _ = writeln!(
        out,
        "{}",
        heading_with("Roles", "(readiness before │ after)", layout)
    );
    for r in &c.roles {
        let _ = writeln!(
            out,
            "  {}  {} {} │ {} {}",
            chart::fit(&r.name, name_w),
            chart::share_bar(r.before, bar_w, chart::DIM),
            pct4(r.before),
            chart::share_bar(r.after, bar_w, chart::READINESS),
            pct4(r.after),
        );
        let _ = writeln!(
            out,
            "{}",
            paint_verdict(
                r.verdict,
                &layout.wrap(&super::role_change_text(r), "    ", "      ")
            )
        );
    }
    let skills = changed_first(c);
    if skills.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            layout.wrap("No skill was measured in both results.", "", "  ")
        );
    } else {
        let name_w = chart::name_width(skills.iter().map(|s| s.name.as_str()), 26);
        let bar_w = layout.width.saturating_sub(name_w + 30).clamp(8, 40) / 2;
        let _ = writeln!(
            out,
            "\n{}",
            heading_with(
                "Skills measured both times, changed first",
                "(level 0–4 before │ after)",
                layout
            )
        );
        for s in skills {
            let mark = match s.verdict {
                ChangeVerdict::ReliablyImproved => paint(chart::MET, "↑"),
                ChangeVerdict::ReliablyDeclined => paint(chart::GAP, "↓"),
                _ => " ".to_string(),
            };
            let _ = writeln!(
                out,
                "  {mark} {}  {} {} │ {} {}{}",
                chart::fit(&s.name, name_w),
                chart::level_only(s.before, bar_w, chart::DIM),
                level_text(s.before),
                chart::level_only(s.after, bar_w, chart::READINESS),
                level_text(s.after),
                s.target.map_or(String::new(), |t| format!("  target {t}"))
            );
            let _ = writeln!(
                out,
                "{}",
                paint_verdict(
                    s.verdict,
                    &layout.wrap(&super::skill_change_text(s), "      ", "        ")
                )
            );
        }
    }
    let list = |label: &str, ids: &[String], none: &str| {
        layout.wrap(
            &format!("{label}: {}", super::skill_names(c, ids, none)),
            "",
            "  ",
        )
    };
    let _ = writeln!(
        out,
        "\n{}",
        list("Reliably improved", &c.improved, "nothing yet")
    );
    let _ = writeln!(out, "{}", list("Reliably declined", &c.declined, "nothing"));
    let _ = writeln!(
        out,
        "{}",
        list("No reliable change", &c.unchanged, "nothing")
    );
    let groups = super::not_measured_both(c);
    if !groups.is_empty() {
        let _ = writeln!(out, "Not measured both times (no change is told):");
        for g in groups {
            let _ = writeln!(out, "{}", layout.wrap(&g, "  ", "    "));
        }
    }
    let missing: Vec<&str> = c
        .still_missing
        .iter()
        .map(|id| super::skill_name(c, id))
        .collect();
    let _ = writeln!(
        out,
        "{}",
        layout.wrap(
            &format!(
                "Still missing for {}: {}",
                b.assessment.recommendation.name,
                if missing.is_empty() {
                    "nothing".to_string()
                } else {
                    missing.join(", ")
                }
            ),
            "",
            "  "
        )
    );
    out
}
