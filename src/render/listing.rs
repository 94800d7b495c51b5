//! Bank listings: the `roles` and `skills` tables and `validate`'s report.

use crate::bank::{Bank, Coverage, Diagnostic, Role};
use crate::render::chart::{Layout, table};
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
    format!("{t}\n")
}

/// The skills table of `skillgap skills`, optionally with one role's importance and target.
pub(crate) fn skills(bank: &Bank, role: Option<&Role>) -> String {
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
pub(crate) fn validation(diagnostics: &[Diagnostic], coverage: Option<&Coverage>) -> String {
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
        "{}: {}, {}.",
        if errors == 0 { "valid" } else { "invalid" },
        crate::text::count(errors, "error"),
        crate::text::count(warnings, "warning")
    );
    out
}
