//! Rendering results and bank listings for people: tables and bars for the terminal.

use crate::bank::{Bank, Coverage, Diagnostic, Role};
use crate::render::chart::{self, Layout, paint};
use crate::score::{Assessment, Calibration};
use comfy_table::{ContentArrangement, Table, presets::UTF8_BORDERS_ONLY};
use std::fmt::Write as _;

/// Said when the learning path is empty.
pub const NOTHING_TO_CLOSE: &str = "Nothing to close: you meet every target of the role.";

/// A table that wraps to the terminal's width (or 80 columns when output is not a terminal).
/// The first column holds ids, which people copy: it is never wrapped.
fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    if t.width().is_none() {
        t.set_width(Layout::DEFAULT_WIDTH as u16);
    }
    if let Some(id) = t.column_mut(0) {
        id.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
    }
    t
}

fn pct(x: f64) -> String {
    format!("{:>3.0}%", x * 100.0 + 0.0)
}

/// The roles table of `skillgap roles`.
pub fn roles(bank: &Bank) -> String {
    let mut t = table(&["id", "role", "skills", "core skills (importance 5)"]);
    for r in bank.roles() {
        let core: Vec<&str> = r
            .skills
            .iter()
            .filter(|s| s.importance == 5)
            .map(|s| {
                bank.skill(&s.skill)
                    .map_or(s.skill.as_str(), |k| k.name.as_str())
            })
            .collect();
        t.add_row(vec![
            r.id.clone(),
            r.name.clone(),
            r.skills.len().to_string(),
            core.join(", "),
        ]);
    }
    format!("{t}\n")
}

/// The skills table of `skillgap skills`, optionally with one role's importance and target.
pub fn skills(bank: &Bank, role: Option<&Role>) -> String {
    let mut out = String::new();
    match role {
        None => {
            let mut t = table(&["id", "skill", "category", "questions", "prerequisites"]);
            for (i, s) in bank.skills().iter().enumerate() {
                t.add_row(vec![
                    s.id.clone(),
                    s.name.clone(),
                    s.category.clone(),
                    bank.questions_for_skill(i).len().to_string(),
                    s.prerequisites.join(", "),
                ]);
            }
            let _ = writeln!(out, "{t}");
        }
        Some(role) => {
            let intro = format!("{} ({}): {}", role.name, role.id, role.definition);
            let _ = writeln!(out, "{}", Layout::detect().wrap(&intro, "", ""));
            let mut t = table(&["id", "skill", "importance", "target", "or instead"]);
            for rs in &role.skills {
                let name = bank.skill(&rs.skill).map_or("", |s| s.name.as_str());
                t.add_row(vec![
                    rs.skill.clone(),
                    name.to_string(),
                    format!("{} {}", "●".repeat(rs.importance as usize), rs.importance),
                    rs.target.to_string(),
                    rs.alternatives.join(", "),
                ]);
            }
            let _ = writeln!(out, "{t}");
        }
    }
    out
}

/// `skillgap validate`'s report: every diagnostic, then what the bank covers.
pub fn validation(diagnostics: &[Diagnostic], coverage: Option<&Coverage>) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{d}");
    }
    if let Some(c) = coverage {
        if !diagnostics.is_empty() {
            out.push('\n');
        }
        let mut t = table(&["skill", "self-rating", "easy", "medium", "hard", "checks"]);
        for s in &c.skills {
            t.add_row(vec![
                s.skill.clone(),
                s.self_ratings.to_string(),
                s.easy.to_string(),
                s.medium.to_string(),
                s.hard.to_string(),
                (s.easy + s.medium + s.hard).to_string(),
            ]);
        }
        let _ = writeln!(out, "Questions per skill and difficulty:\n{t}");
        let mut t = table(&["role", "skills"]);
        for r in &c.roles {
            t.add_row(vec![r.role.clone(), r.skills.to_string()]);
        }
        let _ = writeln!(out, "Skills per role:\n{t}");
        let kinds: Vec<String> = c
            .questions_by_kind
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let total: usize = c.questions_by_kind.values().sum();
        let _ = writeln!(
            out,
            "{} skills, {total} questions ({}), {} roles.",
            c.skills.len(),
            kinds.join(", "),
            c.roles.len()
        );
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == crate::bank::Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let _ = writeln!(
        out,
        "{}: {errors} error(s), {warnings} warning(s).",
        if errors == 0 { "valid" } else { "invalid" }
    );
    out
}

/// A whole result, as the quiz shows it at the end: roles as bars, the recommendation, the
/// recommended role's skills against their targets, calibration flags and the first path steps.
pub fn assessment(a: &Assessment, layout: Layout) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Answered {} question(s), {} with \"I don't know\".\n",
        a.answered, a.skipped
    );
    let name_w = chart::name_width(a.roles.iter().map(|r| r.name.as_str()), 26);
    let bar_w = layout.width.saturating_sub(name_w + 32).clamp(10, 40);
    let _ = writeln!(
        out,
        "{}  {}",
        paint(chart::HEADING, "Roles, best match first"),
        paint(
            chart::DIM,
            "(readiness: █ likely ▓ estimate ░ possible; interest)"
        )
    );
    for r in &a.roles {
        let _ = writeln!(
            out,
            "  {}  ready    {} {} ({:.0}–{:.0}%)",
            chart::fit(&r.name, name_w),
            chart::range_bar(r.readiness, r.readiness_low, r.readiness_high, bar_w),
            pct(r.readiness),
            r.readiness_low * 100.0,
            r.readiness_high * 100.0,
        );
        let _ = writeln!(
            out,
            "  {}  interest {} {}{}",
            " ".repeat(name_w),
            chart::share_bar(r.interest, bar_w, chart::INTEREST),
            pct(r.interest),
            if r.interest_answered == 0 {
                " (not asked)"
            } else {
                ""
            },
        );
    }
    let _ = writeln!(
        out,
        "\n{} {}",
        paint(chart::HEADING, "Recommendation:"),
        paint(chart::HEADING, &a.recommendation.name)
    );
    for reason in &a.recommendation.reasons {
        let reason = super::reasons::reason(reason);
        let _ = writeln!(out, "{}", layout.wrap(&reason, "  • ", "    "));
    }
    if let Some(top) = a.recommended() {
        let mut reqs: Vec<&crate::score::Factor> =
            top.requirements.iter().filter(|f| f.target > 0).collect();
        reqs.sort_by(|x, y| {
            let gx = x.importance as f64 * (x.target as f64 - x.level).max(0.0);
            let gy = y.importance as f64 * (y.target as f64 - y.level).max(0.0);
            y.importance
                .cmp(&x.importance)
                .then(gy.total_cmp(&gx))
                .then(x.name.cmp(&y.name))
        });
        let labels: Vec<String> = reqs.iter().map(|f| f.label()).collect();
        let skill_w = chart::name_width(labels.iter().map(String::as_str), 28);
        let skill_bar = layout.width.saturating_sub(skill_w + 24).clamp(12, 48);
        let _ = writeln!(
            out,
            "\n{}  {}",
            paint(chart::HEADING, &format!("Skills for {}", top.name)),
            paint(chart::DIM, "(level 0–4; │ target, ░ gap, ▒ not asked)")
        );
        for f in reqs {
            let gap = (f.target as f64 - f.level).max(0.0);
            let met = gap < crate::score::GAP_THRESHOLD;
            let note = if !f.measured {
                paint(chart::DIM, "not asked")
            } else if met {
                paint(chart::MET, "met")
            } else {
                paint(chart::GAP, &format!("gap {gap:.1}"))
            };
            let _ = writeln!(
                out,
                "  {} {} {:.1}/{} {note}",
                chart::fit(&f.label(), skill_w),
                if f.measured {
                    chart::level_bar(f.level, f.target, skill_bar, met)
                } else {
                    chart::guess_bar(f.level, f.target, skill_bar)
                },
                f.level,
                f.target,
            );
        }
    }
    let flags: Vec<String> = a.skills.iter().filter_map(calibration_note).collect();
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

/// A sentence for a calibration flag, or None when the rating agrees with the checks.
pub fn calibration_note(s: &crate::score::SkillEstimate) -> Option<String> {
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

/// A learning path as a numbered checklist (the first `limit` steps, or all with 0).
pub fn path(steps: &[crate::score::path::PathStep], limit: usize, layout: Layout) -> String {
    let mut out = String::new();
    let shown = if limit == 0 {
        steps.len()
    } else {
        limit.min(steps.len())
    };
    for s in &steps[..shown] {
        let head = format!(
            "{}. {}: level {:.1} → {} (~{} h) — {}{}",
            s.order,
            s.name,
            s.from_level,
            s.to_level,
            s.hours,
            super::reasons::step_why(&s.why),
            if s.measured {
                ""
            } else {
                " (not asked: the level is a guess; check it first)"
            }
        );
        let _ = writeln!(out, "{}", layout.wrap(&head, "  [ ] ", "      "));
        let _ = writeln!(
            out,
            "{}",
            layout.wrap(
                &format!("learn: {} ({})", s.what, s.resource),
                "        ",
                "          "
            )
        );
        let _ = writeln!(
            out,
            "{}",
            layout.wrap(
                &format!("prove it: {}", s.project),
                "        ",
                "          "
            )
        );
        if let Some(c) = &s.certification {
            let _ = writeln!(
                out,
                "{}",
                layout.wrap(&format!("certification: {c}"), "        ", "          ")
            );
        }
    }
    if shown < steps.len() {
        let _ = writeln!(
            out,
            "  … and {} more step(s): `skillgap path` shows them all.",
            steps.len() - shown
        );
    }
    out
}

/// How a result came about, in words: "quick quiz", "full quiz", "answer file".
pub fn mode_label(mode: crate::store::Mode) -> &'static str {
    match mode {
        crate::store::Mode::Quick => "quick quiz",
        crate::store::Mode::Full => "full quiz",
        crate::store::Mode::Answers => "answer file",
    }
}

/// The line above a saved result: its id, date, length and bank.
pub fn result_header(r: &crate::store::SavedResult) -> String {
    let mut s = format!(
        "Result {} · {} · {} · bank {}",
        r.id,
        r.created.strftime("%Y-%m-%d %H:%M UTC"),
        mode_label(r.mode),
        r.bank.fingerprint
    );
    if let Some(from) = &r.rescored_from {
        s.push_str(&format!(" · rescored from {from}"));
    }
    s.push('\n');
    s
}

/// The `history` table.
pub fn history(results: &[crate::store::SavedResult]) -> String {
    let mut t = table(&["id", "date", "length", "top role", "readiness", "answered"]);
    for r in results {
        let top = r.assessment.recommended();
        t.add_row(vec![
            r.id.clone(),
            r.created.strftime("%Y-%m-%d %H:%M").to_string(),
            r.mode.as_str().to_string(),
            top.map_or(String::new(), |t| t.name.clone()),
            top.map_or(String::new(), |t| {
                format!(
                    "{} ({:.0}–{:.0}%)",
                    pct(t.readiness).trim(),
                    t.readiness_low * 100.0,
                    t.readiness_high * 100.0
                )
            }),
            r.assessment.answered.to_string(),
        ]);
    }
    format!("{t}\n")
}

/// `skillgap path`: the whole learning path as a checklist, then the runner-up and general steps.
pub fn path_checklist(r: &crate::store::SavedResult, layout: Layout) -> String {
    let a = &r.assessment;
    let mut out = format!(
        "Learning path toward {} (result {}):\n",
        a.recommendation.name, r.id
    );
    if a.path.is_empty() {
        let _ = writeln!(out, "  {NOTHING_TO_CLOSE}");
    } else {
        out.push_str(&path(&a.path, 0, layout));
        let total: u32 = a.path.iter().map(|s| s.hours).sum();
        let _ = writeln!(out, "  Total: about {total} hours of focused work.");
    }
    if let Some(ru) = &a.runner_up {
        let shared = if ru.shared.is_empty() {
            String::new()
        } else {
            format!(
                "; {} of them also serve the recommended role",
                ru.shared.len()
            )
        };
        let line = format!(
            "Runner-up, {}: {} step(s), about {} hours{shared}.",
            ru.name,
            ru.steps.len(),
            ru.hours
        );
        let _ = writeln!(out, "\n{}", layout.wrap(&line, "", "  "));
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

/// `skillgap compare` for the terminal: roles and skills before and after, as bars.
pub fn comparison(
    c: &crate::score::compare::Comparison,
    a: &crate::store::SavedResult,
    b: &crate::store::SavedResult,
    layout: Layout,
) -> String {
    let mut out = format!(
        "From {} ({}) to {} ({}):\n\n",
        a.id,
        a.created.strftime("%Y-%m-%d"),
        b.id,
        b.created.strftime("%Y-%m-%d")
    );
    let change = |x: f64, text: String| -> String {
        if x >= 0.005 {
            paint(chart::MET, &text)
        } else if x <= -0.005 {
            paint(chart::GAP, &text)
        } else {
            text
        }
    };
    let name_w = chart::name_width(c.roles.iter().map(|r| r.name.as_str()), 26);
    let bar_w = layout.width.saturating_sub(name_w + 30).clamp(8, 30) / 2;
    let _ = writeln!(
        out,
        "{}  {}",
        paint(chart::HEADING, "Roles"),
        paint(chart::DIM, "(readiness before │ after)")
    );
    for r in &c.roles {
        let _ = writeln!(
            out,
            "  {}  {} {} │ {} {}  {}",
            chart::fit(&r.name, name_w),
            chart::share_bar(r.before, bar_w, chart::DIM),
            pct(r.before),
            chart::share_bar(r.after, bar_w, chart::READINESS),
            pct(r.after),
            change(
                r.change,
                format!("{} points", chart::signed(r.change * 100.0, 0))
            ),
        );
    }
    let mut skills: Vec<&crate::score::compare::SkillChange> = c.skills.iter().collect();
    skills.sort_by(|x, y| {
        y.change
            .abs()
            .total_cmp(&x.change.abs())
            .then(x.skill.cmp(&y.skill))
    });
    let name_w = chart::name_width(skills.iter().map(|s| s.name.as_str()), 26);
    let bar_w = layout.width.saturating_sub(name_w + 30).clamp(8, 40) / 2;
    let _ = writeln!(
        out,
        "\n{}  {}",
        paint(chart::HEADING, "Skills, changed first"),
        paint(chart::DIM, "(level 0–4 before │ after)")
    );
    for s in skills {
        let mark = if s.change >= crate::score::compare::NOTABLE_CHANGE {
            paint(chart::MET, "↑")
        } else if s.change <= -crate::score::compare::NOTABLE_CHANGE {
            paint(chart::GAP, "↓")
        } else {
            " ".to_string()
        };
        let _ = writeln!(
            out,
            "  {mark} {}  {} {:.1} │ {} {:.1}{}",
            chart::fit(&s.name, name_w),
            chart::level_only(s.before, bar_w, chart::DIM),
            s.before,
            chart::level_only(s.after, bar_w, chart::READINESS),
            s.after,
            s.target.map_or(String::new(), |t| format!("  target {t}"))
        );
    }
    let names = |ids: &[String]| -> String {
        ids.iter()
            .map(|id| {
                c.skills
                    .iter()
                    .find(|s| &s.skill == id)
                    .map_or(id.clone(), |s| s.name.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let improved = if c.improved.is_empty() {
        "nothing notable yet".to_string()
    } else {
        names(&c.improved)
    };
    let _ = writeln!(
        out,
        "\n{}",
        layout.wrap(&format!("Improved: {improved}"), "", "  ")
    );
    if !c.declined.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            layout.wrap(
                &format!("Lower than before: {}", names(&c.declined)),
                "",
                "  "
            )
        );
    }
    let missing = if c.still_missing.is_empty() {
        "nothing".to_string()
    } else {
        names(&c.still_missing)
    };
    let _ = writeln!(
        out,
        "{}",
        layout.wrap(
            &format!(
                "Still missing for {}: {missing}",
                b.assessment.recommendation.name
            ),
            "",
            "  "
        )
    );
    out
}

fn md_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `export --format markdown`: the result as a document for notes.
pub fn markdown(r: &crate::store::SavedResult) -> String {
    let a = &r.assessment;
    let mut out = format!(
        "# skillgap result {}\n\n{} · {} · {} questions answered · bank `{}`\n\n",
        r.id,
        r.created.strftime("%Y-%m-%d %H:%M UTC"),
        mode_label(r.mode),
        a.answered,
        r.bank.fingerprint
    );
    let _ = writeln!(
        out,
        "## Recommendation: {}\n",
        md_escape(&a.recommendation.name)
    );
    for reason in &a.recommendation.reasons {
        let _ = writeln!(out, "- {}", md_escape(&super::reasons::reason(reason)));
    }
    let _ = writeln!(
        out,
        "\n## Roles\n\n| Role | Readiness | Likely range | Interest | Overall |\n|---|---:|---:|---:|---:|"
    );
    for m in &a.roles {
        let _ = writeln!(
            out,
            "| {} | {:.0}% | {:.0}–{:.0}% | {} | {:.0}% |",
            md_escape(&m.name),
            m.readiness * 100.0,
            m.readiness_low * 100.0,
            m.readiness_high * 100.0,
            if m.interest_answered == 0 {
                "not asked".to_string()
            } else {
                format!("{:.0}%", m.interest * 100.0)
            },
            m.overall * 100.0
        );
    }
    if let Some(top) = a.recommended() {
        let _ = writeln!(
            out,
            "\n## Skills for {}\n\n| Skill | Importance | Target | Your level | Gap |\n|---|---:|---:|---:|---:|",
            md_escape(&top.name)
        );
        for f in &top.requirements {
            let gap = (f.target as f64 - f.level).max(0.0);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.1} | {} |",
                md_escape(&f.label()),
                f.importance,
                f.target,
                f.level,
                if !f.measured {
                    "not asked".to_string()
                } else if gap >= crate::score::GAP_THRESHOLD {
                    format!("{gap:.1}")
                } else {
                    "–".to_string()
                }
            );
        }
    }
    let flags: Vec<&crate::score::SkillEstimate> = a
        .skills
        .iter()
        .filter(|s| {
            matches!(
                s.calibration,
                Calibration::Overconfident | Calibration::Underconfident
            )
        })
        .collect();
    if !flags.is_empty() {
        let _ = writeln!(out, "\n## Calibration\n");
        for s in flags {
            let _ = writeln!(
                out,
                "- **{}**: rated {}, knowledge checks suggest {:.1} ({})",
                md_escape(&s.name),
                s.self_rating.unwrap_or(0),
                s.checks_level.unwrap_or(s.level),
                if s.calibration == Calibration::Overconfident {
                    "overconfident"
                } else {
                    "underconfident"
                }
            );
        }
    }
    let _ = writeln!(out, "\n## Learning path\n");
    if a.path.is_empty() {
        let _ = writeln!(out, "{NOTHING_TO_CLOSE}");
    }
    for s in &a.path {
        let _ = writeln!(
            out,
            "- [ ] **{}**: level {:.1} → {} (~{} h). {} *Prove it:* {}{}",
            md_escape(&s.name),
            s.from_level,
            s.to_level,
            s.hours,
            md_escape(&s.what),
            md_escape(&s.project),
            s.certification.as_ref().map_or(String::new(), |c| format!(
                " *Certification:* {}",
                md_escape(c)
            ))
        );
    }
    if !a.general_steps.is_empty() {
        let _ = writeln!(out, "\n## Whatever the role\n");
        for g in &a.general_steps {
            let _ = writeln!(
                out,
                "- [ ] **{}**: {}",
                md_escape(&g.title),
                md_escape(&g.text)
            );
        }
    }
    out
}

/// `compare --format markdown`.
pub fn markdown_comparison(
    c: &crate::score::compare::Comparison,
    a: &crate::store::SavedResult,
    b: &crate::store::SavedResult,
) -> String {
    let mut out = format!(
        "# skillgap: {} → {}\n\n{} → {}\n\n## Roles\n\n| Role | Before | After | Change |\n|---|---:|---:|---:|\n",
        a.id,
        b.id,
        a.created.strftime("%Y-%m-%d"),
        b.created.strftime("%Y-%m-%d")
    );
    for r in &c.roles {
        let _ = writeln!(
            out,
            "| {} | {:.0}% | {:.0}% | {} |",
            md_escape(&r.name),
            r.before * 100.0,
            r.after * 100.0,
            chart::signed(r.change * 100.0, 0)
        );
    }
    let _ = writeln!(
        out,
        "\n## Skills\n\n| Skill | Before | After | Change |\n|---|---:|---:|---:|"
    );
    for s in &c.skills {
        let _ = writeln!(
            out,
            "| {} | {:.1} | {:.1} | {} |",
            md_escape(&s.name),
            s.before,
            s.after,
            chart::signed(s.change, 1)
        );
    }
    let _ = writeln!(out, "\n## Still missing\n");
    for id in &c.still_missing {
        let name = c
            .skills
            .iter()
            .find(|s| &s.skill == id)
            .map_or(id.as_str(), |s| s.name.as_str());
        let _ = writeln!(out, "- [ ] {}", md_escape(name));
    }
    out
}

/// `skillgap simulate`'s report.
pub fn simulation(r: &crate::simulate::Report) -> String {
    let mut out = format!(
        "{} respondents ({:?} population, seed {}), bank {}: the full bank has {} questions; the random fixed form has {}.\n",
        r.respondents, r.population, r.seed, r.bank, r.full_length, r.random_form_length
    );
    let mut t = table(&[
        "form",
        "mean questions",
        "max",
        "share of full",
        "θ RMSE",
        "agrees with truth",
        "agrees with full",
    ]);
    for (name, f) in [
        ("adaptive", &r.forms.adaptive),
        ("random", &r.forms.random),
        ("full", &r.forms.full),
    ] {
        t.add_row(vec![
            name.to_string(),
            format!("{:.1}", f.mean_questions),
            f.max_questions.to_string(),
            format!(
                "{:.0}%",
                100.0 * f.mean_questions / r.full_length.max(1) as f64
            ),
            format!("{:.3}", f.rmse),
            format!("{:.1}%", 100.0 * f.agreement_with_truth),
            format!("{:.1}%", 100.0 * f.agreement_with_full),
        ]);
    }
    let _ = writeln!(out, "{t}");
    let s = &r.adaptive_stops;
    let _ = writeln!(
        out,
        "The adaptive form stopped settled {} times, with nothing informative left {} times, at the cap {} times.",
        s.settled, s.nothing_informative, s.cap
    );
    if !r.personas.is_empty() {
        let mut t = table(&["persona", "truth", "full", "adaptive", "adaptive questions"]);
        for p in &r.personas {
            t.add_row(vec![
                p.id.clone(),
                p.truth.clone(),
                p.full.clone(),
                p.adaptive.clone(),
                p.adaptive_questions.to_string(),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    out
}
