//! Markdown exports of a result and of a comparison, for notes. Text from the bank, the answers
//! and saved results is untrusted: it is escaped so it cannot open a link, an image, code, a
//! heading or a new table cell, and it cannot break a table row with a newline.

use crate::render::{
    GUESSED_STEP, NOTHING_TO_CLOSE, Standing, changed_first, day, level_text, mode_label, pct,
    pct_range, reasons, runner_up_line, skill_name, skill_order, step_heading, when, why,
};
use crate::score::compare::Comparison;
use crate::store::SavedResult;
use std::fmt::Write as _;

/// Escapes inline text so that it stays text wherever it is put (a heading, a list item, a
/// table cell, the start of a line): Markdown's punctuation (`\ ` * _ [ ] # | ! ~`) is
/// backslashed, so no link, image, emphasis, code span or heading can open; `<`, `>` and `&`
/// become entities (`&` where it could begin one), so no raw HTML, autolink or entity gets
/// through; a line break becomes a space;
/// and a marker at the start (`-`, `+`, `=`, `1.`), or indentation, that would begin a list, a
/// rule, a heading's underline or a code block is neutralised.
pub(crate) fn text(s: &str) -> String {
    escape(s.trim_start(), true)
}

/// Escapes a table cell: as [`text`] (line breaks are spaces, pipes are escaped, so the row
/// stays whole and keeps its cells), but a cell never begins a line, so "+2.6" or "1. Python"
/// keeps its look.
pub(crate) fn cell(s: &str) -> String {
    escape(s, false)
}

fn escape(s: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // A leading list number ("1." or "1)") would start an ordered list.
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    let numbered = line_start
        && (1..=9).contains(&digits)
        && matches!(s[digits..].chars().next(), Some('.' | ')'));
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if line_start && i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if numbered && i == digits => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Only where it could begin an entity ("&lt;", "&#60;"): "Git & GitHub" stays as it is.
            '&' if chars
                .peek()
                .is_some_and(|&(_, n)| n.is_ascii_alphanumeric() || n == '#') =>
            {
                out.push_str("&amp;");
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                    chars.next();
                }
                out.push(' ');
            }
            c => out.push(c),
        }
    }
    out
}

/// `export --format markdown`: the result as a document for notes.
/// A saved result as Markdown; with the bank, the review of the answers follows.
pub(crate) fn result(
    r: &SavedResult,
    review: Option<(&crate::bank::Bank, &crate::score::review::Review)>,
) -> String {
    let a = &r.assessment;
    let mut out = format!(
        "# skillgap result {}\n\n{} · {} · {} questions answered · bank `{}`\n\n",
        text(&r.id),
        when(r.created),
        mode_label(r.mode),
        a.answered,
        // The stamp is hex; a saved file is untrusted, so nothing else of it is kept.
        r.bank
            .fingerprint
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
    );
    let _ = writeln!(out, "## Recommendation: {}\n", text(&a.recommendation.name));
    for reason in reasons(a) {
        let _ = writeln!(out, "- {}", text(&reason));
    }
    let _ = writeln!(
        out,
        "\n## Roles\n\n| Role | Readiness | Likely range | Interest | Overall |\n|---|---:|---:|---:|---:|"
    );
    for m in &a.roles {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&m.name),
            super::readiness_text(m),
            if m.measured_readiness().is_some() {
                pct_range(m.readiness_low, m.readiness_high)
            } else {
                "–".to_string()
            },
            if m.interest_answered == 0 {
                "not asked".to_string()
            } else {
                pct(m.interest)
            },
            pct(m.overall)
        );
    }
    if let Some(top) = a.recommended() {
        let _ = writeln!(
            out,
            "\n## Skills for {}\n\n| Skill | Importance | Target | Your level | Gap |\n|---|---:|---:|---:|---:|",
            text(&top.name)
        );
        for f in skill_order(top) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&f.label()),
                f.importance,
                f.target,
                level_text(f.level),
                match Standing::of(f) {
                    Standing::NotAsked => "not asked".to_string(),
                    Standing::Met => "met".to_string(),
                    Standing::Gap(g) => format!("{g:.1}"),
                }
            );
        }
    }
    let flags = super::calibration_notes(a);
    if !flags.is_empty() {
        let _ = writeln!(out, "\n## Calibration\n");
        for f in flags {
            let _ = writeln!(out, "- {}", text(&f));
        }
    }
    let _ = writeln!(out, "\n## Learning path\n");
    if a.path.is_empty() {
        let _ = writeln!(out, "{NOTHING_TO_CLOSE}");
    }
    for s in &a.path {
        let _ = writeln!(
            out,
            "- [ ] **{}** — {}{}. *Learn ({}):* {} *Prove it:* {}{}",
            text(&step_heading(s)),
            text(&why(s)),
            if s.measured { "" } else { GUESSED_STEP },
            text(&s.resource),
            text(&s.what),
            text(&s.project),
            s.certification
                .as_ref()
                .map_or(String::new(), |c| format!(" *Certification:* {}", text(c)))
        );
    }
    if let Some(ru) = &a.runner_up {
        let _ = writeln!(out, "\n{}", text(&runner_up_line(ru)));
    }
    if !a.general_steps.is_empty() {
        let _ = writeln!(out, "\n## Whatever the role\n");
        for g in &a.general_steps {
            let _ = writeln!(out, "- [ ] **{}**: {}", text(&g.title), text(&g.text));
        }
    }
    if let Some((bank, review)) = review {
        let _ = write!(out, "\n{}", super::review::markdown(bank, review));
    }
    out
}

/// `export --format markdown --hours-per-week N`: the schedule, appended to the result.
pub(crate) fn schedule(s: &crate::score::path::Schedule) -> String {
    let mut out = format!(
        "\n## Schedule\n\n{}\n",
        text(&super::schedule_heading(s).join(" "))
    );
    if !s.steps.is_empty() {
        out.push_str("\n| Weeks | Days | Step |\n|---|---|---|\n");
        for st in &s.steps {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                super::schedule_weeks(st),
                super::schedule_days(st),
                cell(&super::schedule_step(st))
            );
        }
    }
    out
}

/// `compare --format markdown`: the same tables and verdicts as the terminal.
pub(crate) fn comparison(c: &Comparison, a: &SavedResult, b: &SavedResult) -> String {
    let mut out = format!(
        "# skillgap: {} → {}\n\n{} → {}\n\n{}\n\n## Roles\n\n| Role | Before | After | Measured both times |\n|---|---:|---:|---|\n",
        text(&a.id),
        text(&b.id),
        day(a.created),
        day(b.created),
        text(super::CHANGE_RULE),
    );
    for r in &c.roles {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&r.name),
            pct(r.before),
            pct(r.after),
            cell(&super::role_change_text(r))
        );
    }
    let skills = changed_first(c);
    if skills.is_empty() {
        let _ = writeln!(
            out,
            "\n## Skills measured both times\n\nNo skill was measured in both results."
        );
    } else {
        let _ = writeln!(
            out,
            "\n## Skills measured both times\n\n| Skill | Before | After | Change |\n|---|---:|---:|---|"
        );
        for s in skills {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&s.name),
                level_text(s.before),
                level_text(s.after),
                cell(&super::skill_change_text(s))
            );
        }
    }
    let _ = writeln!(out);
    for (label, ids, none) in [
        ("Reliably improved", &c.improved, "nothing yet"),
        ("Reliably declined", &c.declined, "nothing"),
        ("No reliable change", &c.unchanged, "nothing"),
    ] {
        let _ = writeln!(
            out,
            "- **{label}:** {}",
            text(&super::skill_names(c, ids, none))
        );
    }
    let groups = super::not_measured_both(c);
    if !groups.is_empty() {
        let _ = writeln!(out, "- **Not measured both times** (no change is told):");
        for g in groups {
            let _ = writeln!(out, "  - {}", text(&g));
        }
    }
    let _ = writeln!(
        out,
        "\n## Still missing for {}\n",
        text(&b.assessment.recommendation.name)
    );
    if c.still_missing.is_empty() {
        let _ = writeln!(out, "Nothing.");
    }
    for id in &c.still_missing {
        let _ = writeln!(out, "- [ ] {}", text(skill_name(c, id)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_cannot_open_markup_or_break_a_row() {
        assert_eq!(
            cell("a | b\nc [x](y) <b>"),
            "a \\| b c \\[x\\](y) &lt;b&gt;"
        );
        assert_eq!(text("one\r\ntwo\n# h"), "one two \\# h");
        assert_eq!(text("C++ *and* `R`"), "C++ \\*and\\* \\`R\\`");
        assert_eq!(
            text("![i](u) &amp; ~~s~~"),
            "\\!\\[i\\](u) &amp;amp; \\~\\~s\\~\\~"
        );
        assert_eq!(
            text("Git & GitHub &#60; &x"),
            "Git & GitHub &amp;\\#60; &amp;x"
        );
    }

    #[test]
    fn text_that_begins_a_line_cannot_start_a_block() {
        assert_eq!(text("- item"), "\\- item");
        assert_eq!(text("+ item"), "\\+ item");
        assert_eq!(text("=== "), "\\=== ");
        assert_eq!(text("12. item"), "12\\. item");
        assert_eq!(text("3) item"), "3\\) item");
        assert_eq!(text("    code"), "code");
        assert_eq!(text("--- \n# h"), "\\---  \\# h");
        // Only at the start: the same characters inside a text are left alone.
        assert_eq!(text("a - b + c = 1. d"), "a - b + c = 1. d");
        assert_eq!(text("2026 plan"), "2026 plan");
    }
}
