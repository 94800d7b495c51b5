//! The team report in words: the terminal (a heatmap that fits the width, colour only at a
//! terminal), Markdown and a self-contained HTML page with an SVG heatmap. Every name a member
//! gave and every file name is untrusted and escaped for where it goes.

use crate::render::chart::{self, Layout, fit, paint};
use crate::render::pct;
use crate::team::{ShownMember, TeamReport, TeamRole, TeamSkill};
use anstyle::{Ansi256Color, Style};
use std::fmt::Write as _;

/// The first line: how many members, how they are shown, and which bank scored them.
pub(crate) fn intro(r: &TeamReport) -> String {
    let members = crate::text::count(r.members, "member");
    let from = crate::text::count(r.sources.files, "file");
    format!(
        "{members} from {from}, every result scored with {} ({}).",
        r.bank_source, r.bank
    )
}

/// How members are shown, in words.
pub(crate) fn privacy(r: &TeamReport) -> String {
    if r.withheld {
        format!(
            "Fewer than {} members: only counts are shown, so that no one's levels can be picked out. With at least {} (or a lower --min-group, knowingly) the figures follow.",
            r.min_group, r.min_group
        )
    } else if r.named {
        "Named (--named): members are shown by the names they gave with `skillgap export --name`, numbered by a hash of their result, not by file or date; a member who gave none is shown as M and a number.".to_string()
    } else if r.shown.is_empty() {
        format!(
            "Anonymous: {} members are too many to draw one by one, so each skill shows how many stand at each level. A skill measured by fewer than {} members has its figures withheld.",
            r.members, r.min_group
        )
    } else {
        format!(
            "Anonymous: members are M1–M{} in the order of a hash of each result, which says nothing about files, dates or names. A skill measured by fewer than {} members has its figures withheld.",
            r.members, r.min_group
        )
    }
}

/// What the figures mean.
pub(crate) const LEGEND: &str = "Levels 0–4 over the members who were measured (a self-rating or a check): the median and the middle half. \"Ready\" means every target of the role met (measured, within 0.3 levels); \"half ready\", readiness of 50% or more.";

pub(crate) fn level1(x: f64) -> String {
    format!("{:.1}", super::level(x))
}

/// "1.5 (0.5–2.0)", or that too few were measured to say.
pub(crate) fn spread(s: &TeamSkill) -> String {
    match (s.median, s.q1, s.q3) {
        (Some(m), Some(a), Some(b)) => format!("{} ({}–{})", level1(m), level1(a), level1(b)),
        _ => "withheld".to_string(),
    }
}

/// A member's column label: M-number, or the name given with `--named`.
pub(crate) fn label(m: &ShownMember) -> &str {
    m.name.as_deref().unwrap_or(&m.member)
}

pub(crate) fn role_line(role: &TeamRole, members: usize) -> String {
    format!(
        "{} of {members} ready, {} at least half ready; median readiness {}.",
        role.ready,
        role.half_ready,
        pct(role.readiness_median)
    )
}

pub(crate) fn names<'a>(role: &'a TeamRole, ids: &'a [String]) -> Vec<&'a str> {
    ids.iter()
        .map(|id| {
            role.requirements
                .iter()
                .find(|q| &q.skill == id)
                .map_or(id.as_str(), |q| q.name.as_str())
        })
        .collect()
}

pub(crate) fn gap_text(role: &TeamRole, members: usize) -> Vec<String> {
    role.shared_gaps
        .iter()
        .filter_map(|id| role.requirements.iter().find(|q| &q.skill == id))
        .map(|q| {
            format!(
                "{} ({} of {members} short, by {} on average)",
                q.name,
                q.short.unwrap_or(0),
                level1(q.mean_shortfall.unwrap_or(0.0))
            )
        })
        .collect()
}

pub(crate) const NONE: &str = "none";

pub(crate) fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() {
        NONE.to_string()
    } else {
        items.join(", ")
    }
}

// ---------------------------------------------------------------- terminal

/// A heatmap cell's background for a whole level 0–4 (a blue ramp, light to dark).
fn shade(level: usize) -> Style {
    let ramp = [255u8, 153, 111, 69, 27];
    let fg = if level >= 3 { 231 } else { 16 };
    Style::new()
        .bg_color(Some(Ansi256Color(ramp[level.min(4)]).into()))
        .fg_color(Some(Ansi256Color(fg).into()))
}

/// A count's background: darker for a larger share of the members.
fn shade_share(count: usize, of: usize) -> Style {
    if count == 0 || of == 0 {
        return Style::new();
    }
    shade(1 + (3 * count).div_ceil(of).min(3))
}

const LABEL: usize = 24;

pub(crate) fn terminal(r: &TeamReport, layout: Layout) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint(chart::HEADING, "Team"));
    let _ = writeln!(out, "{}", layout.wrap(&intro(r), "", ""));
    let _ = writeln!(out, "{}", layout.wrap(&privacy(r), "", ""));
    if r.withheld {
        return out;
    }
    let _ = writeln!(out, "{}", paint(chart::DIM, &layout.wrap(LEGEND, "", "")));
    out.push('\n');
    bands_table(&mut out, r);
    if !r.shown.is_empty() {
        out.push('\n');
        members_heatmap(&mut out, r, layout);
    }
    for role in &r.roles {
        out.push('\n');
        role_section(&mut out, r, role, layout);
    }
    out
}

/// Skills × level bands: how many measured members stand at each whole level.
fn bands_table(out: &mut String, r: &TeamReport) {
    // A count that would not fit three digits is shown as a share of the measured members.
    let shares = r.skills.iter().any(|s| s.measured > 999);
    let heading = if shares {
        "Skills across the team: % of the measured members at each level"
    } else {
        "Skills across the team: members at each level"
    };
    let _ = writeln!(out, "{}", paint(chart::HEADING, heading));
    let _ = writeln!(
        out,
        "  {:<LABEL$}   0   1   2   3   4  measured  median (middle half)",
        ""
    );
    for s in &r.skills {
        let cell = |c: usize| {
            if shares {
                let share = c as f64 / s.measured.max(1) as f64;
                format!("{:>3}", crate::render::percent(share))
            } else {
                format!("{c:>3}")
            }
        };
        let cells = match s.bands {
            Some(b) => b
                .iter()
                .map(|&c| paint(shade_share(c, s.measured), &cell(c)))
                .collect::<Vec<_>>()
                .join(" "),
            None => format!("{:^19}", "·"),
        };
        let _ = writeln!(
            out,
            "  {} {cells}  {:>8}  {}",
            fit(&s.name, LABEL),
            s.measured,
            spread(s)
        );
    }
}

/// Skills × members, as many members to a block as fit the width.
fn members_heatmap(out: &mut String, r: &TeamReport, layout: Layout) {
    let _ = writeln!(
        out,
        "{}",
        paint(
            chart::HEADING,
            "Skills × members: each member's level (· not measured)"
        )
    );
    let per_block = ((layout.width - 2 - LABEL) / 4).max(1);
    let numbered = r.named;
    for (b, block) in r.shown.chunks(per_block).enumerate() {
        let first = b * per_block;
        let head: String = block
            .iter()
            .enumerate()
            .map(|(i, m)| {
                if numbered {
                    format!(" {:^3}", first + i + 1)
                } else {
                    format!(" {:^3}", m.member)
                }
            })
            .collect();
        let _ = writeln!(out, "  {:<LABEL$}{head}", "");
        for (si, s) in r.skills.iter().enumerate() {
            let cells: String = block
                .iter()
                .map(|m| match m.levels[si] {
                    Some(l) => {
                        let whole = super::level(l).round() as usize;
                        format!(" {}", paint(shade(whole), &format!(" {whole} ")))
                    }
                    None => "  · ".to_string(),
                })
                .collect();
            let _ = writeln!(out, "  {}{cells}", fit(&s.name, LABEL));
        }
    }
    if numbered {
        let legend = r
            .shown
            .iter()
            .enumerate()
            .map(|(i, m)| format!("{} {}", i + 1, label(m)))
            .collect::<Vec<_>>()
            .join(" · ");
        let _ = writeln!(out, "{}", layout.wrap(&legend, "  ", "  "));
    }
}

fn role_section(out: &mut String, r: &TeamReport, role: &TeamRole, layout: Layout) {
    let _ = writeln!(out, "{}", paint(chart::HEADING, &role.name));
    let _ = writeln!(
        out,
        "{}",
        layout.wrap(&role_line(role, r.members), "  ", "  ")
    );
    let _ = writeln!(
        out,
        "  {:<LABEL$}  imp  target  meet it  short (by)",
        "skill"
    );
    for q in &role.requirements {
        let short = match (q.short, q.mean_shortfall) {
            (Some(n), Some(by)) => format!("{n} ({})", level1(by)),
            (Some(n), None) => n.to_string(),
            _ => "withheld".to_string(),
        };
        let meet = match q.meets_target {
            Some(n) => format!("{n} of {}", q.measured),
            None => "withheld".to_string(),
        };
        let _ = writeln!(
            out,
            "  {}  {:>3}  {:>6}  {meet:>7}  {short}",
            fit(&q.name, LABEL),
            q.importance,
            q.target,
        );
    }
    let few = list_or_none(&names(role, &role.held_by_fewer_than_two));
    let _ = writeln!(
        out,
        "{}",
        layout.wrap(
            &format!("Held at target by fewer than two members: {few}."),
            "  ",
            "    "
        )
    );
    let gaps = gap_text(role, r.members);
    let gaps = if gaps.is_empty() {
        NONE.to_string()
    } else {
        gaps.join("; ")
    };
    let _ = writeln!(
        out,
        "{}",
        layout.wrap(&format!("Biggest shared gaps: {gaps}."), "  ", "    ")
    );
    if role.training_order.is_empty() {
        let _ = writeln!(out, "  Suggested training order: no gap two members share.");
    } else {
        let _ = writeln!(
            out,
            "  Suggested training order (importance × shortfall shared):"
        );
        for (i, t) in role.training_order.iter().enumerate() {
            let line = format!(
                "{}. {} — {} of {} short, importance {}",
                i + 1,
                t.name,
                t.members,
                r.members,
                t.importance
            );
            let _ = writeln!(out, "{}", layout.wrap(&line, "    ", "       "));
        }
    }
}

// ---------------------------------------------------------------- Markdown

pub(crate) fn markdown(r: &TeamReport) -> String {
    use super::markdown::{cell, text};
    let mut out = String::from("# Team\n\n");
    let _ = writeln!(out, "{}\n", text(&intro(r)));
    let _ = writeln!(out, "{}\n", text(&privacy(r)));
    if r.withheld {
        return out;
    }
    let _ = writeln!(out, "{}\n", text(LEGEND));
    out.push_str("## Skills across the team\n\n");
    out.push_str("| skill | 0 | 1 | 2 | 3 | 4 | measured | median (middle half) |\n|---|--:|--:|--:|--:|--:|--:|---|\n");
    for s in &r.skills {
        let bands = match s.bands {
            Some(b) => b.map(|c| c.to_string()).join(" | "),
            None => ["·"; 5].join(" | "),
        };
        let _ = writeln!(
            out,
            "| {} | {bands} | {} | {} |",
            cell(&s.name),
            s.measured,
            spread(s)
        );
    }
    if !r.shown.is_empty() {
        out.push_str("\n## Skills × members\n\n| skill |");
        for m in &r.shown {
            let _ = write!(out, " {} |", cell(label(m)));
        }
        out.push_str("\n|---|");
        out.push_str(&"--:|".repeat(r.shown.len()));
        out.push('\n');
        for (si, s) in r.skills.iter().enumerate() {
            let _ = write!(out, "| {} |", cell(&s.name));
            for m in &r.shown {
                match m.levels[si] {
                    Some(l) => {
                        let _ = write!(out, " {} |", super::level(l).round());
                    }
                    None => out.push_str(" · |"),
                }
            }
            out.push('\n');
        }
    }
    for role in &r.roles {
        let _ = writeln!(out, "\n## {}\n", text(&role.name));
        let _ = writeln!(out, "{}\n", role_line(role, r.members));
        out.push_str(
            "| skill | importance | target | meet it | short (by) |\n|---|--:|--:|--:|---|\n",
        );
        for q in &role.requirements {
            let short = match (q.short, q.mean_shortfall) {
                (Some(n), Some(by)) => format!("{n} ({})", level1(by)),
                (Some(n), None) => n.to_string(),
                _ => "withheld".to_string(),
            };
            let meet = q.meets_target.map_or_else(
                || "withheld".to_string(),
                |n| format!("{n} of {}", q.measured),
            );
            let _ = writeln!(
                out,
                "| {} | {} | {} | {meet} | {short} |",
                cell(&q.name),
                q.importance,
                q.target,
            );
        }
        let few = list_or_none(&names(role, &role.held_by_fewer_than_two));
        let _ = writeln!(
            out,
            "\nHeld at target by fewer than two members: {}.\n",
            text(&few)
        );
        let gaps = gap_text(role, r.members);
        let gaps = if gaps.is_empty() {
            NONE.to_string()
        } else {
            gaps.join("; ")
        };
        let _ = writeln!(out, "Biggest shared gaps: {}.\n", text(&gaps));
        if role.training_order.is_empty() {
            out.push_str("Suggested training order: no gap two members share.\n");
        } else {
            out.push_str("Suggested training order:\n\n");
            for (i, t) in role.training_order.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "{}. {} — {} of {} short, importance {}",
                    i + 1,
                    text(&t.name),
                    t.members,
                    r.members,
                    t.importance
                );
            }
        }
    }
    out
}

// ---------------------------------------------------------------- HTML

pub(crate) fn html(r: &TeamReport) -> String {
    super::team_html::page(r)
}
