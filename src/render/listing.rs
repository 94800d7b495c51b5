//! Bank listings: the `roles` and `skills` tables and `validate`'s report.

use crate::bank::{Bank, Coverage, Diagnostic, Role};
use crate::render::chart::{self, Layout, table};
use std::fmt::Write as _;

/// The roles table of `skillgap roles`.
pub(crate) fn roles(bank: &Bank) -> String {
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
    format!("{}\n", chart::shown(&mut t))
}

/// The skills table of `skillgap skills`, optionally with one role's importance and target.
pub(crate) fn skills(bank: &Bank, role: Option<&Role>) -> String {
    let mut out = String::new();
    match role {
        None => {
            let mut t = table(&["id", "skill (questions)", "category", "prerequisites"]);
            for (i, s) in bank.skills().iter().enumerate() {
                t.add_row(vec![
                    s.id.clone(),
                    format!("{} ({})", s.name, bank.questions_for_skill(i).len()),
                    s.category.clone(),
                    s.prerequisites.join(", "),
                ]);
            }
            let _ = writeln!(out, "{}", chart::shown(&mut t));
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
            let _ = writeln!(out, "{}", chart::shown(&mut t));
        }
    }
    out
}

/// `skillgap validate`'s report: every diagnostic, then what the bank covers.
pub(crate) fn validation(diagnostics: &[Diagnostic], coverage: Option<&Coverage>) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{d}");
    }
    if let Some(c) = coverage {
        if !diagnostics.is_empty() {
            out.push('\n');
        }
        let mut t = table(&["skill", "self-rating", "L1", "L2", "L3", "L4", "checks"]);
        for s in &c.skills {
            let mut row = vec![s.skill.clone(), s.self_ratings.to_string()];
            row.extend(s.checks_by_level.iter().map(ToString::to_string));
            row.push(s.checks_by_level.iter().sum::<usize>().to_string());
            t.add_row(row);
        }
        let _ = writeln!(
            out,
            "Knowledge checks per skill, by the level they evidence (L1 basic … L4 expert):\n{}",
            chart::shown(&mut t)
        );
        let mut t = table(&["role", "skills"]);
        for r in &c.roles {
            t.add_row(vec![r.role.clone(), r.skills.to_string()]);
        }
        let _ = writeln!(out, "Skills per role:\n{}", chart::shown(&mut t));
        let kinds: Vec<String> = c
            .questions_by_kind
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let total: usize = c.questions_by_kind.values().sum();
        let line = format!(
            "{} skills, {total} questions ({}), {} roles.",
            c.skills.len(),
            kinds.join(", "),
            c.roles.len()
        );
        let _ = writeln!(out, "{}", Layout::detect().wrap(&line, "", "  "));
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == crate::bank::Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let _ = writeln!(
        out,
        "{}: {}, {}.",
        if errors == 0 { "valid" } else { "invalid" },
        crate::text::count(errors, "error"),
        crate::text::count(warnings, "warning")
    );
    out
}
