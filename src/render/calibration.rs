//! `skillgap calibrate`'s report for the terminal: what was read, what could not be, each skill's
//! reliability, every item's new parameters with their standard errors, and the flags.

use crate::calibrate::{
    Flag, INFORMATION_POINTS, ItemReport, LOW_DISCRIMINATION, POOR_FIT_P, Refusal, Report,
};
use crate::render::chart::{self, Layout, table};
use crate::text::{count, escape_controls};
use std::fmt::Write as _;

/// Bad lines listed one by one; the rest are counted.
const LISTED_BAD_LINES: usize = 20;

/// A flag in a few words.
pub(crate) fn flag(f: &Flag) -> String {
    match f {
        Flag::LikelyMiskey => "likely miskey".to_string(),
        Flag::TooHard { level, suggested } => {
            format!("too hard for level {level} (reads as {suggested})")
        }
        Flag::TooEasy { level, suggested } => {
            format!("too easy for level {level} (reads as {suggested})")
        }
        Flag::LowDiscrimination => "low discrimination".to_string(),
        Flag::PoorFit => "poor fit".to_string(),
    }
}

fn item_flags(i: &ItemReport) -> String {
    let mut words: Vec<String> = i.flags.iter().map(flag).collect();
    if i.provisional && i.responses > 0 {
        words.push("provisional".to_string());
    }
    if i.responses == 0 {
        words.push("no responses".to_string());
    }
    words.join(", ")
}

/// The skills refused for too few respondents: "python (20 of the 50 needed), …".
fn refused(r: &Report) -> Vec<String> {
    r.skills
        .iter()
        .filter_map(|s| match s.refused {
            Some(Refusal::TooFewRespondents {
                respondents,
                needed,
            }) => Some(format!(
                "{} ({respondents} of the {needed} needed)",
                escape_controls(&s.skill)
            )),
            _ => None,
        })
        .collect()
}

/// The error when no skill could be fitted.
pub(crate) fn nothing_fitted(r: &Report) -> String {
    format!(
        "nothing to calibrate: read {} from {} ({} not usable), and a skill needs at least {} respondents who answered its checks: {}",
        count(r.lines, "line"),
        count(r.respondents, "respondent"),
        r.bad,
        r.min_respondents,
        refused(r).join(", ")
    )
}

/// The whole report.
pub(crate) fn calibration(r: &Report, written_to: Option<&str>) -> String {
    let layout = Layout::detect();
    let mut out = String::new();
    let say = |out: &mut String, text: &str| {
        let _ = writeln!(out, "{}", layout.wrap(text, "", "  "));
    };
    say(
        &mut out,
        &format!(
            "Read {} from {}: {} to calibrate, against bank {}.",
            count(r.lines, "line"),
            count(r.respondents, "respondent"),
            count(r.responses, "knowledge-check answer"),
            r.bank
        ),
    );
    if r.repeated > 0 {
        say(
            &mut out,
            &format!(
                "{} to a question the same respondent had answered before: the first was kept.",
                count(r.repeated, "answer")
            ),
        );
    }
    if r.bad > 0 {
        say(
            &mut out,
            &format!("{} skipped, not usable:", count(r.bad, "line")),
        );
        for b in r.bad_lines.iter().take(LISTED_BAD_LINES) {
            let _ = writeln!(
                out,
                "{}",
                layout.wrap(
                    &format!(
                        "{}:{}: {}",
                        escape_controls(&b.file),
                        b.line,
                        escape_controls(&b.problem)
                    ),
                    "  ",
                    "    "
                )
            );
        }
        if r.bad > LISTED_BAD_LINES {
            let _ = writeln!(out, "  … and {} more", r.bad - LISTED_BAD_LINES);
        }
    }
    let refused = refused(r);
    if !refused.is_empty() {
        say(
            &mut out,
            &format!(
                "Not calibrated, too few respondents answered their checks (a skill needs at least {}; its parameters stay as they are): {}.",
                r.min_respondents,
                refused.join(", ")
            ),
        );
    }
    let fitted: Vec<_> = r.skills.iter().filter(|s| s.refused.is_none()).collect();
    if fitted.is_empty() {
        return out;
    }
    let _ = writeln!(out);
    say(
        &mut out,
        &format!(
            "Skills: reliability of all their checks (before → after) and the test information at θ = {}:",
            INFORMATION_POINTS
                .iter()
                .map(|t| format!("{t}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    let mut t = table(&["skill", "people", "reliability", "information"]);
    for s in &fitted {
        t.add_row(vec![
            escape_controls(&s.skill).into_owned(),
            s.respondents.to_string(),
            format!("{:.2} → {:.2}", s.reliability_before, s.reliability_after),
            s.information_after
                .iter()
                .map(|i| format!("{i:.1}"))
                .collect::<Vec<_>>()
                .join(" "),
        ]);
    }
    let _ = writeln!(out, "{}", chart::shown(&mut t));
    let unconverged: Vec<String> = fitted
        .iter()
        .filter(|s| !s.converged)
        .map(|s| escape_controls(&s.skill).into_owned())
        .collect();
    if !unconverged.is_empty() {
        say(
            &mut out,
            &format!(
                "EM stopped at its iteration limit before settling for: {}; their estimates may still move.",
                unconverged.join(", ")
            ),
        );
    }
    say(
        &mut out,
        "Items: responses, share right, discrimination a and difficulty b before → after (± standard error), item-rest correlation:",
    );
    let mut t = table(&["question", "n", "right", "a", "b", "r", "flags"]);
    for s in &fitted {
        for i in &s.items {
            t.add_row(vec![
                escape_controls(&i.question).into_owned(),
                i.responses.to_string(),
                format!("{:.0}%", 100.0 * i.right),
                format!("{:.2} → {:.2} ±{:.2}", i.before.a, i.after.a, i.se.a),
                format!("{:.2} → {:.2} ±{:.2}", i.before.b, i.after.b, i.se.b),
                i.item_rest.map_or("–".to_string(), |c| format!("{c:.2}")),
                item_flags(i),
            ]);
        }
    }
    let _ = writeln!(out, "{}", chart::shown(&mut t));
    let flagged: Vec<&ItemReport> = fitted
        .iter()
        .flat_map(|s| &s.items)
        .filter(|i| !i.flags.is_empty())
        .collect();
    if flagged.is_empty() {
        say(&mut out, "No item is flagged.");
    } else {
        say(
            &mut out,
            &format!(
                "{} (likely miskey: negative discrimination or item-rest correlation, its parameters not written, check its key; too hard or easy: b outside its level's band by two standard errors; low discrimination: a below {LOW_DISCRIMINATION}; poor fit: observed against predicted by ability group, p < {POOR_FIT_P}):",
                count(flagged.len(), "flagged item")
            ),
        );
        for i in flagged {
            let _ = writeln!(
                out,
                "{}",
                layout.wrap(
                    &format!("{}: {}", escape_controls(&i.question), item_flags(i)),
                    "  ",
                    "    "
                )
            );
        }
    }
    if let Some(x) = &r.ratings {
        say(
            &mut out,
            &format!(
                "Self-ratings ({} from {}): on average {:+.2} levels from the calibrated abilities; a person's bias spreads by {:.2} levels (the engine assumes {:.2}) and one rating's noise by {:.2} (the engine assumes {:.2}).",
                count(x.ratings, "rating"),
                count(x.respondents, "respondent"),
                x.mean_bias,
                x.bias_sd,
                x.engine_bias_sd,
                x.rating_sd,
                x.engine_rating_sd
            ),
        );
    }
    if let Some(dir) = written_to {
        say(
            &mut out,
            &format!(
                "Wrote the calibrated bank ({} updated) and calibration.json to {}.",
                count(r.updates().len(), "item"),
                escape_controls(dir)
            ),
        );
    }
    out
}
