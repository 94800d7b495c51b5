//! The team report as a self-contained HTML page: an SVG heatmap in its own scrolling box (drawn
//! at its natural size, so its text stays 12 px on a phone), and tables that scroll in theirs.

use super::html::{escape, page_with};
use super::team::{
    LEGEND, NONE, gap_text, intro, label, list_or_none, names, privacy, role_line, spread,
};
use crate::team::TeamReport;
use std::fmt::Write as _;

const CSS: &str = r#"
svg.heatmap { width: auto; max-width: none; display: block; }
svg.heatmap text.count { text-anchor: middle; }
svg.heatmap text.dark { fill: #fff; }
svg.heatmap text.head { text-anchor: middle; fill: var(--muted); }
ol.training li { margin-bottom: 4px; }
details summary { cursor: pointer; color: var(--muted); margin-top: 8px; }
"#;

/// Level fills, light to dark; text on the two darkest is white.
const FILLS: [&str; 5] = ["#eef1f6", "#c5d7fb", "#8fb0f0", "#4f7fe0", "#2f5fbf"];

const LABEL_W: usize = 150;
const CELL_W: usize = 32;
const ROW_H: usize = 20;

/// A name cut to fit the label column (the whole name is the row's tooltip).
fn short(name: &str) -> String {
    crate::render::chart::fit(name, 22).trim_end().to_string()
}

/// An SVG heatmap: rows of `labels`, `columns` headed as given, each cell a value 0–4 (its fill)
/// with its text, or nothing.
fn heatmap(
    class: &str,
    labels: &[&str],
    columns: &[String],
    cell: impl Fn(usize, usize) -> Option<(usize, String)>,
) -> String {
    let width = LABEL_W + CELL_W * columns.len() + 4;
    let height = ROW_H * (labels.len() + 1) + 4;
    let mut svg = format!(
        "<svg class=\"heatmap {class}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"heatmap\">"
    );
    for (c, head) in columns.iter().enumerate() {
        let x = LABEL_W + c * CELL_W + CELL_W / 2;
        let _ = write!(
            svg,
            "<text class=\"head\" x=\"{x}\" y=\"14\">{}</text>",
            escape(head)
        );
    }
    for (row, name) in labels.iter().enumerate() {
        let y = ROW_H * (row + 1);
        let _ = write!(
            svg,
            "<g><title>{}</title><text class=\"label\" x=\"0\" y=\"{}\">{}</text>",
            escape(name),
            y + 14,
            escape(&short(name))
        );
        for c in 0..columns.len() {
            let x = LABEL_W + c * CELL_W;
            match cell(row, c) {
                Some((shade, text)) => {
                    let _ = write!(
                        svg,
                        "<rect class=\"cell\" x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" rx=\"2\" fill=\"{}\"></rect><text class=\"count{}\" x=\"{}\" y=\"{}\">{}</text>",
                        CELL_W - 2,
                        ROW_H - 2,
                        FILLS[shade.min(4)],
                        if shade >= 3 { " dark" } else { "" },
                        x + CELL_W / 2 - 1,
                        y + 14,
                        escape(&text)
                    );
                }
                None => {
                    let _ = write!(
                        svg,
                        "<text class=\"count\" x=\"{}\" y=\"{}\">·</text>",
                        x + CELL_W / 2 - 1,
                        y + 14
                    );
                }
            }
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

pub(crate) fn page(r: &TeamReport) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<header><h1>Team</h1><p class=\"meta\">{}</p><p>{}</p></header>",
        escape(&intro(r)),
        escape(&privacy(r))
    );
    if r.withheld {
        return page_with("skillgap team", CSS, &body);
    }
    let labels: Vec<&str> = r.skills.iter().map(|s| s.name.as_str()).collect();
    let bands: Vec<String> = (0..5).map(|l| format!("L{l}")).collect();
    let map = heatmap("bands", &labels, &bands, |row, c| {
        let s = &r.skills[row];
        let b = s.bands?;
        let share = if s.measured == 0 {
            0
        } else {
            (4 * b[c]).div_ceil(s.measured)
        };
        Some((share, b[c].to_string()))
    });
    let _ = write!(
        body,
        "<section><h2>Skills across the team: members at each level</h2><p class=\"small\">{}</p><div class=\"scroll\">{map}</div>",
        escape(LEGEND)
    );
    body.push_str("<details><summary>Median and middle half of each skill</summary><div class=\"scroll\"><table><thead><tr><th>skill</th><th class=\"num\">measured</th><th>median (middle half)</th></tr></thead><tbody>");
    for s in &r.skills {
        let _ = write!(
            body,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&s.name),
            s.measured,
            escape(&spread(s))
        );
    }
    body.push_str("</tbody></table></div></details></section>\n");
    if !r.shown.is_empty() {
        let heads: Vec<String> = r
            .shown
            .iter()
            .enumerate()
            .map(|(i, m)| {
                if r.named {
                    (i + 1).to_string()
                } else {
                    m.member.clone()
                }
            })
            .collect();
        let map = heatmap("members", &labels, &heads, |row, c| {
            r.shown[c].levels[row].map(|l| {
                let whole = crate::render::level(l).round() as usize;
                (whole, whole.to_string())
            })
        });
        let _ = write!(
            body,
            "<section><h2>Skills × members</h2><p class=\"small\">Each member's level, 0–4 (· not measured).</p><div class=\"scroll\">{map}</div>"
        );
        if r.named {
            body.push_str("<p class=\"small\">");
            let legend: Vec<String> = r
                .shown
                .iter()
                .enumerate()
                .map(|(i, m)| format!("{} {}", i + 1, escape(label(m))))
                .collect();
            body.push_str(&legend.join(" · "));
            body.push_str("</p>");
        }
        body.push_str("</section>\n");
    }
    for role in &r.roles {
        let _ = write!(
            body,
            "<section><h2>{}</h2><p>{}</p><div class=\"scroll\"><table><thead><tr><th>skill</th><th class=\"num\" title=\"importance, 1–5\">imp.</th><th class=\"num\">target</th><th class=\"num\" title=\"members meeting the target, of those measured\">meet</th><th class=\"num\" title=\"members short of the target, and by how many levels on average\">short (by)</th></tr></thead><tbody>",
            escape(&role.name),
            escape(&role_line(role, r.members))
        );
        for q in &role.requirements {
            let short = match (q.short, q.mean_shortfall) {
                (Some(n), Some(by)) => format!("{n} ({:.1})", crate::render::level(by)),
                (Some(n), None) => n.to_string(),
                _ => "withheld".to_string(),
            };
            let _ = write!(
                body,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num small\">{}</td></tr>",
                escape(&q.name),
                q.importance,
                q.target,
                q.meets_target
                    .map_or_else(|| "withheld".to_string(), |n| format!("{n}/{}", q.measured)),
                escape(&short)
            );
        }
        body.push_str("</tbody></table></div>");
        let few = list_or_none(&names(role, &role.held_by_fewer_than_two));
        let gaps = gap_text(role, r.members);
        let gaps = if gaps.is_empty() {
            NONE.to_string()
        } else {
            gaps.join("; ")
        };
        let _ = write!(
            body,
            "<p>Held at target by fewer than two members: {}.</p><p>Biggest shared gaps: {}.</p>",
            escape(&few),
            escape(&gaps)
        );
        if role.training_order.is_empty() {
            body.push_str("<p>Suggested training order: no gap two members share.</p>");
        } else {
            body.push_str("<p>Suggested training order:</p><ol class=\"training\">");
            for t in &role.training_order {
                let _ = write!(
                    body,
                    "<li>{} — {} of {} short, importance {}</li>",
                    escape(&t.name),
                    t.members,
                    r.members,
                    t.importance
                );
            }
            body.push_str("</ol>");
        }
        body.push_str("</section>\n");
    }
    page_with("skillgap team", CSS, &body)
}
