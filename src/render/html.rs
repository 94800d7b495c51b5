//! Self-contained HTML reports: inline CSS and SVG, no script, nothing fetched from anywhere.
//! Every text from the bank or from answers is escaped.

use crate::render::{
    GUESSED_STEP, NOTHING_TO_CLOSE, Standing, changed_first, day, level_change, level_text,
    mode_label, pct, reasons, runner_up_line, skill_name, skill_order, when, why,
};
use crate::score::compare::Comparison;
use crate::score::path::Schedule;
use crate::score::{Assessment, RoleMatch};
use crate::store::SavedResult;
use std::fmt::Write as _;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --ink:#1d2330; --muted:#5b6475; --line:#d8dde6; --you:#2f6fdf; --target:#d9480f; --runner:#7048e8; --ok:#2b8a3e; --gap:#c92a2a; --band:#c5d7fb; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #f6f7fb; }
main { max-width: 960px; margin: 0 auto; padding: 24px 16px 48px; overflow-wrap: break-word; }
header h1 { margin: 0 0 4px; font-size: 1.6rem; }
.meta { color: var(--muted); font-size: .9rem; }
section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin-top: 16px; }
h2 { font-size: 1.15rem; margin: 0 0 12px; }
svg { width: 100%; height: auto; display: block; }
svg.radar { max-width: 720px; min-width: 720px; margin: 0 auto; }
.scroll { overflow-x: auto; max-width: 100%; }
svg.compare { max-width: 760px; min-width: 520px; }
.roles .role { margin-bottom: 12px; }
.role-name { margin: 0 0 2px; }
.bar-row { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.track { position: relative; flex: 1 1 160px; min-width: 120px; height: 18px; background: #eef1f6; border-radius: 3px; }
.track.thin { height: 8px; }
.track i { position: absolute; top: 0; bottom: 0; left: 0; border-radius: 3px; }
.track i.range { background: var(--band); }
.track i.bar { background: var(--you); top: 4px; bottom: 4px; }
.track i.interest { background: var(--runner); }
.figure { font-size: .9rem; white-space: nowrap; flex: 0 0 13.5em; }
.narrow { display: none; }
.answers li { margin-bottom: 10px; }
.answers p { margin: 2px 0; }
.answers .why { color: var(--muted); }
@media (max-width: 520px) {
  main { padding: 16px 8px 32px; }
  section { padding: 12px 10px; }
  th, td { padding: 5px 4px; }
  table { font-size: .85rem; }
  .wide { display: none; }
  .narrow { display: inline; }
}
svg text.label { font-size: 13px; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.legend span { display: inline-block; margin-right: 14px; font-size: .85rem; color: var(--muted); }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin-right: 4px; }
table { width: 100%; border-collapse: collapse; font-size: .92rem; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th.num, td.num { text-align: right; white-space: nowrap; }
td.num.small { white-space: normal; }
.gap { color: var(--gap); font-weight: 600; }
.met { color: var(--ok); }
.flag { border-left: 4px solid var(--target); padding: 4px 10px; margin: 6px 0; background: #fff4e6; }
ol.path { padding-left: 1.4rem; }
ol.path li { margin-bottom: 10px; }
.box { display: inline-block; width: 1em; height: 1em; border: 1.5px solid var(--muted); border-radius: 3px; vertical-align: -2px; margin-right: 6px; }
.small { color: var(--muted); font-size: .88rem; }
@media print { body { background: #fff; } section { break-inside: avoid; border-color: #999; } main { padding: 0; } }
"#;

fn page(title: &str, body: &str) -> String {
    page_with(title, "", body)
}

/// A page with the reports' style and `css` after it.
pub(crate) fn page_with(title: &str, css: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}{css}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape(title)
    )
}

/// One axis of the radar: a skill, the person's level, and the two roles' targets.
struct Axis {
    name: String,
    level: f64,
    target: f64,
    runner: Option<f64>,
}

fn radar_axes(a: &Assessment) -> Vec<Axis> {
    let Some(top) = a.recommended() else {
        return Vec::new();
    };
    let runner = a.runner_up_match();
    let mut skills: Vec<(&str, u8)> = top
        .requirements
        .iter()
        .map(|f| (f.skill.as_str(), f.importance))
        .collect();
    if let Some(r) = runner {
        for f in &r.requirements {
            if !skills.iter().any(|(s, _)| *s == f.skill) {
                skills.push((&f.skill, f.importance));
            }
        }
    }
    // The most important dozen and a half: beyond that a radar stops being readable.
    skills.sort_by_key(|s| std::cmp::Reverse(s.1));
    skills.truncate(18);
    skills
        .iter()
        .map(|(id, _)| {
            let target_of = |m: &RoleMatch| {
                m.requirements
                    .iter()
                    .find(|f| f.skill == *id)
                    .map_or(0.0, |f| f.target as f64)
            };
            let level = top
                .requirements
                .iter()
                .chain(runner.map(|r| r.requirements.as_slice()).unwrap_or(&[]))
                .find(|f| f.skill == *id)
                .map_or(0.0, |f| f.level);
            let name = a
                .skills
                .iter()
                .find(|s| s.skill == *id)
                .map_or(id.to_string(), |s| s.name.clone());
            Axis {
                name,
                level,
                target: target_of(top),
                runner: runner.map(target_of),
            }
        })
        .collect()
}

fn polygon(points: &[(f64, f64)], class: &str, style: &str) -> String {
    let pts: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    format!(
        "<polygon class=\"{class}\" points=\"{}\" style=\"{style}\"/>\n",
        pts.join(" ")
    )
}

/// A radar chart of the person's levels over the recommended role's (and runner-up's) targets.
fn radar(a: &Assessment) -> String {
    let axes = radar_axes(a);
    if axes.len() < 3 {
        return "<p class=\"small\">Too few skills for a radar chart.</p>".to_string();
    }
    let (cx, cy, r) = (360.0, 250.0, 165.0);
    let n = axes.len() as f64;
    let at = |i: usize, level: f64| {
        let angle = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
        (
            cx + r * level / 4.0 * angle.cos(),
            cy + r * level / 4.0 * angle.sin(),
        )
    };
    let mut svg = String::from(
        "<svg class=\"radar\" viewBox=\"0 0 720 500\" role=\"img\" aria-label=\"Radar chart of your skill levels against the role targets\">\n",
    );
    for ring in 1..=4 {
        let pts: Vec<(f64, f64)> = (0..axes.len()).map(|i| at(i, ring as f64)).collect();
        svg.push_str(&polygon(
            &pts,
            "ring",
            "fill:none;stroke:#d8dde6;stroke-width:1",
        ));
    }
    for (i, axis) in axes.iter().enumerate() {
        let (x, y) = at(i, 4.0);
        let _ = writeln!(
            svg,
            "<line class=\"axis\" x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"#d8dde6\"/>"
        );
        let (lx, ly) = at(i, 4.55);
        let anchor = if (lx - cx).abs() < 20.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        let label: String = if axis.name.chars().count() > 24 {
            format!("{}…", axis.name.chars().take(23).collect::<String>())
        } else {
            axis.name.clone()
        };
        let _ = writeln!(
            svg,
            "<text x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            ly + 4.0,
            escape(&label)
        );
    }
    if axes.iter().any(|a| a.runner.is_some()) {
        let pts: Vec<(f64, f64)> = axes
            .iter()
            .enumerate()
            .map(|(i, a)| at(i, a.runner.unwrap_or(0.0)))
            .collect();
        svg.push_str(&polygon(
            &pts,
            "runner-up",
            "fill:none;stroke:var(--runner);stroke-width:2;stroke-dasharray:6 4",
        ));
    }
    let target: Vec<(f64, f64)> = axes
        .iter()
        .enumerate()
        .map(|(i, a)| at(i, a.target))
        .collect();
    svg.push_str(&polygon(
        &target,
        "target",
        "fill:none;stroke:var(--target);stroke-width:2.5",
    ));
    let you: Vec<(f64, f64)> = axes
        .iter()
        .enumerate()
        .map(|(i, a)| at(i, a.level))
        .collect();
    svg.push_str(&polygon(
        &you,
        "you",
        "fill:rgba(47,111,223,.25);stroke:var(--you);stroke-width:2",
    ));
    for (x, y) in &you {
        let _ = writeln!(
            svg,
            "<circle class=\"you-point\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"#2f6fdf\"/>"
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// Bars for every role, in the order of the ranking: readiness with its likely range, and
/// interest, each with its figure in words beside it, and the overall score the ranking sorts by.
/// Plain HTML rather than a picture, so it reflows on a phone and its text stays readable.
fn readiness_chart(a: &Assessment) -> String {
    let mut out = String::from("<div class=\"roles\">\n");
    for m in super::summary::role_order(a) {
        let _ = write!(
            out,
            "<div class=\"role\"><p class=\"role-name\"><strong>{}</strong> <span class=\"small\">{}</span></p>",
            escape(&m.name),
            escape(&super::summary::overall_parts(m))
        );
        match m.measured_readiness() {
            None => {
                let _ = write!(
                    out,
                    "<div class=\"bar-row\"><div class=\"track\"></div><span class=\"figure\">ready: {}</span></div>",
                    super::NOT_MEASURED
                );
            }
            Some(_) => {
                let _ = write!(
                    out,
                    "<div class=\"bar-row\"><div class=\"track\"><i class=\"range\" style=\"left:{:.1}%;width:{:.1}%\"></i><i class=\"bar\" style=\"width:{:.1}%\"></i></div><span class=\"figure\">{} ready ({})</span></div>",
                    100.0 * m.readiness_low,
                    100.0 * (m.readiness_high - m.readiness_low).max(0.0),
                    100.0 * m.readiness,
                    pct(m.readiness),
                    super::pct_range(m.readiness_low, m.readiness_high)
                );
            }
        }
        let _ = writeln!(
            out,
            "<div class=\"bar-row\"><div class=\"track thin\"><i class=\"interest\" style=\"width:{:.1}%\"></i></div><span class=\"figure\">interest {} ({})</span></div></div>",
            100.0 * m.interest,
            pct(m.interest),
            super::summary::interest_basis(m)
        );
    }
    out.push_str("</div>\n");
    out
}

fn legend(items: &[(&str, &str)]) -> String {
    let mut s = String::from("<p class=\"legend\">");
    for (colour, label) in items {
        let _ = write!(
            s,
            "<span><i class=\"swatch\" style=\"background:{colour}\"></i>{}</span>",
            escape(label)
        );
    }
    s.push_str("</p>\n");
    s
}

/// `export --format html`: the whole result as one self-contained page.
/// With a schedule, the dated plan follows the path; with the bank, the review of the answers.
pub(crate) fn result(
    r: &SavedResult,
    schedule: Option<&Schedule>,
    review: Option<(&crate::bank::Bank, &crate::score::review::Review)>,
) -> String {
    let a = &r.assessment;
    let mut body = format!(
        "<header><h1>Where you stand: {}</h1><p class=\"meta\">skillgap result {} · {} · {} · {} questions answered · bank {}</p></header>\n",
        escape(&a.recommendation.name),
        escape(&r.id),
        when(r.created),
        mode_label(r.mode),
        a.answered,
        escape(&r.bank.fingerprint)
    );
    body.push_str("<section class=\"recommendation\"><h2>Recommendation</h2><ul>\n");
    for reason in reasons(a) {
        let _ = writeln!(body, "<li>{}</li>", escape(&reason));
    }
    body.push_str("</ul></section>\n");
    let _ = write!(
        body,
        "<section><h2>Readiness for every role</h2>\n{}{}</section>\n",
        readiness_chart(a),
        legend(&[
            ("#2f6fdf", "Readiness"),
            ("#c5d7fb", "Likely range"),
            ("#7048e8", "Interest")
        ])
    );
    let runner_name = a
        .runner_up_match()
        .map_or(String::new(), |m| m.name.clone());
    let _ = write!(
        body,
        "<section><h2>Your skills against {}</h2>\n<div class=\"scroll\">{}</div>{}</section>\n",
        escape(&a.recommendation.name),
        radar(a),
        legend(&[
            ("#2f6fdf", "You"),
            ("#d9480f", &format!("{} target", a.recommendation.name)),
            ("#7048e8", &format!("{runner_name} target (dashed)")),
        ])
    );
    if let Some(top) = a.recommended() {
        let _ = write!(
            body,
            "<section><h2>Gaps for {}</h2>\n<table><thead><tr><th>Skill</th><th class=\"num\"><span class=\"wide\">Importance</span><span class=\"narrow\" title=\"Importance\">Weight</span></th><th class=\"num\">Target</th><th class=\"num\">You</th><th class=\"num\">Gap</th></tr></thead><tbody>\n",
            escape(&top.name)
        );
        for f in skill_order(top) {
            let cell = match Standing::of(f) {
                Standing::NotAsked => "<td class=\"num small\">not asked</td>".to_string(),
                Standing::Met => "<td class=\"num met\">met</td>".to_string(),
                Standing::Gap(g) => format!("<td class=\"num gap\">{g:.1}</td>"),
            };
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>{cell}</tr>",
                escape(&f.label()),
                f.importance,
                f.target,
                level_text(f.level)
            );
        }
        body.push_str("</tbody></table></section>\n");
    }
    let flags: Vec<String> = super::calibration_notes(a)
        .iter()
        .map(|note| format!("<p class=\"flag\">{}</p>", escape(note)))
        .collect();
    body.push_str("<section class=\"calibration\"><h2>Calibration</h2>\n");
    if flags.is_empty() {
        body.push_str("<p class=\"small\">Your self-ratings agree with your knowledge checks (where there was enough evidence to tell).</p>\n");
    } else {
        body.push_str(&flags.join("\n"));
    }
    body.push_str("</section>\n");
    let _ = writeln!(
        body,
        "<section><h2>Learning path toward {}</h2>",
        escape(&a.recommendation.name)
    );
    if a.path.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", NOTHING_TO_CLOSE);
    } else {
        body.push_str("<ol class=\"path\">\n");
        for s in &a.path {
            let _ = writeln!(
                body,
                "<li><span class=\"box\"></span><strong>{}</strong>: level {} → {} · about {} h<br><span class=\"small\">{}{}</span><br>{} <em>({})</em><br><strong>Prove it:</strong> {}{}</li>",
                escape(&s.name),
                level_text(s.from_level),
                s.to_level,
                s.hours,
                escape(&why(s)),
                if s.measured { "" } else { GUESSED_STEP },
                escape(&s.what),
                escape(&s.resource),
                escape(&s.project),
                s.certification.as_ref().map_or(String::new(), |c| format!(
                    "<br><strong>Certification:</strong> {}",
                    escape(c)
                ))
            );
        }
        body.push_str("</ol>\n");
    }
    if let Some(ru) = &a.runner_up {
        let _ = writeln!(
            body,
            "<p class=\"small\">{}</p>",
            escape(&runner_up_line(ru))
        );
    }
    body.push_str("</section>\n");
    if !a.general_steps.is_empty() {
        body.push_str("<section><h2>Whatever the role</h2><ul>\n");
        for g in &a.general_steps {
            let _ = writeln!(
                body,
                "<li><strong>{}</strong>: {}</li>",
                escape(&g.title),
                escape(&g.text)
            );
        }
        body.push_str("</ul></section>\n");
    }
    if let Some(s) = schedule {
        body.push_str(&schedule_section(s));
    }
    if let Some((bank, review)) = review {
        body.push_str(&super::review::html(bank, review));
        body.push('\n');
    }
    page(&format!("skillgap result {}", r.id), &body)
}

/// The schedule of `export --format html --hours-per-week N`.
fn schedule_section(s: &Schedule) -> String {
    let mut out = format!(
        "<section><h2>Schedule</h2><p>{}</p>\n",
        escape(&super::schedule_heading(s).join(" "))
    );
    if !s.steps.is_empty() {
        out.push_str(
            "<table><thead><tr><th>Weeks</th><th>Days</th><th>Step</th></tr></thead><tbody>\n",
        );
        for st in &s.steps {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                super::schedule_weeks(st),
                super::schedule_days(st),
                escape(&super::schedule_step(st))
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
    out
}

/// `compare --format html`: per skill measured both times, the change between two attempts, with
/// the same verdicts as the terminal and Markdown.
pub(crate) fn comparison(c: &Comparison, a: &SavedResult, b: &SavedResult) -> String {
    use crate::score::compare::ChangeVerdict;
    let mut body = format!(
        "<header><h1>Progress: {} → {}</h1><p class=\"meta\">{} → {}</p><p class=\"small\">{}</p></header>\n",
        escape(&a.id),
        escape(&b.id),
        day(a.created),
        day(b.created),
        escape(super::CHANGE_RULE)
    );
    let skills = changed_first(c);
    body.push_str("<section><h2>Skills measured both times (level 0–4)</h2>\n");
    if skills.is_empty() {
        body.push_str("<p>No skill was measured in both results.</p>\n");
    } else {
        let row = 30.0;
        let (left, width) = (200.0, 280.0);
        let height = 20.0 + row * skills.len() as f64;
        let _ = writeln!(
            body,
            "<div class=\"scroll\"><svg class=\"compare\" viewBox=\"0 0 520 {height:.0}\" role=\"img\" aria-label=\"Skill levels before and after\">"
        );
        for (k, s) in skills.iter().enumerate() {
            let y = 8.0 + row * k as f64;
            let name: String = s.name.chars().take(28).collect();
            let _ = writeln!(
                body,
                "<text x=\"0\" y=\"{:.1}\">{}</text>",
                y + 13.0,
                escape(&name)
            );
            let _ = writeln!(
                body,
                "<rect class=\"before\" x=\"{left}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"8\" fill=\"#adb5bd\"/>",
                width * s.before / 4.0
            );
            let colour = match s.verdict {
                ChangeVerdict::ReliablyImproved => "#2b8a3e",
                ChangeVerdict::ReliablyDeclined => "#c92a2a",
                _ => "#2f6fdf",
            };
            let _ = writeln!(
                body,
                "<rect class=\"after\" x=\"{left}\" y=\"{:.1}\" width=\"{:.1}\" height=\"8\" fill=\"{colour}\"/>",
                y + 10.0,
                width * s.after / 4.0
            );
            let _ = writeln!(
                body,
                "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                left + width + 8.0,
                y + 13.0,
                level_change(s.before, s.after)
            );
        }
        body.push_str("</svg></div>\n");
        body.push_str(&legend(&[
            ("#adb5bd", "Before"),
            ("#2f6fdf", "After"),
            ("#2b8a3e", "Reliably improved"),
            ("#c92a2a", "Reliably declined"),
        ]));
        body.push_str("<table><thead><tr><th>Skill</th><th class=\"num\">Before</th><th class=\"num\">After</th><th>Change</th></tr></thead><tbody>\n");
        for s in &skills {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                escape(&s.name),
                level_text(s.before),
                level_text(s.after),
                escape(&super::skill_change_text(s))
            );
        }
        body.push_str("</tbody></table>\n");
    }
    body.push_str("<ul>\n");
    for (label, ids, none) in [
        ("Reliably improved", &c.improved, "nothing yet"),
        ("Reliably declined", &c.declined, "nothing"),
        ("No reliable change", &c.unchanged, "nothing"),
    ] {
        let _ = writeln!(
            body,
            "<li><strong>{label}:</strong> {}</li>",
            escape(&super::skill_names(c, ids, none))
        );
    }
    let groups = super::not_measured_both(c);
    if !groups.is_empty() {
        body.push_str("<li><strong>Not measured both times</strong> (no change is told):<ul>\n");
        for g in groups {
            let _ = writeln!(body, "<li>{}</li>", escape(&g));
        }
        body.push_str("</ul></li>\n");
    }
    body.push_str("</ul></section>\n<section><h2>Roles</h2><table><thead><tr><th>Role</th><th class=\"num\">Before</th><th class=\"num\">After</th><th>Measured both times</th></tr></thead><tbody>\n");
    for r in &c.roles {
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&r.name),
            pct(r.before),
            pct(r.after),
            escape(&super::role_change_text(r))
        );
    }
    let _ = writeln!(
        body,
        "</tbody></table></section>\n<section><h2>Still missing for {}</h2><ul>",
        escape(&b.assessment.recommendation.name)
    );
    for id in &c.still_missing {
        let name = skill_name(c, id);
        let _ = writeln!(body, "<li>{}</li>", escape(name));
    }
    body.push_str("</ul></section>\n");
    page(&format!("skillgap comparison {} → {}", a.id, b.id), &body)
}
