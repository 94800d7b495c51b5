//! The wording of every typed reason: recommendation reasons, path-step reasons and why the quick
//! quiz stopped. Each is worded here and nowhere else, as plain text; the terminal, Markdown and
//! HTML lay it out and escape it as their format needs.

use crate::adaptive::Stop;
use crate::score::Reason;
use crate::score::path::StepReason;

/// A share as a whole percentage ("+ 0.0" turns an empty sum's −0 into 0).
fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0 + 0.0)
}

/// A difference of shares in points: "1 point", "12 points".
fn points(x: f64) -> String {
    let n = (x * 100.0).round() + 0.0;
    if n == 1.0 {
        "1 point".to_string()
    } else {
        format!("{n:.0} points")
    }
}

/// "A", "A and B", "A, B and C".
fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// One reason for the recommendation, as a sentence.
pub fn reason(r: &Reason) -> String {
    match r {
        Reason::BestMatch {
            name,
            readiness,
            readiness_low,
            readiness_high,
            interest,
            ..
        } => format!(
            "{name} is your best overall match: {} ready (likely {}–{}), interest {}.",
            pct(*readiness),
            pct(*readiness_low),
            pct(*readiness_high),
            interest.map_or_else(|| "not asked".to_string(), pct)
        ),
        Reason::MeetsTargets { skills } => {
            let names: Vec<String> = skills.iter().map(|s| s.name.clone()).collect();
            format!("You already meet its targets in {}.", list(&names))
        }
        Reason::Leads {
            name,
            lead,
            settled: true,
            ..
        } => format!(
            "It leads {name} by {}, more than the uncertainty in both estimates.",
            points(*lead)
        ),
        Reason::Leads {
            name,
            lead,
            settled: false,
            ..
        } => format!(
            "It leads {name} by only {}, within the uncertainty: answering more questions would settle it.",
            points(*lead)
        ),
        Reason::CloserOnSkills {
            name,
            readiness,
            top_readiness,
            top_name,
            ..
        } => format!(
            "You are closer to {name} on skills ({} vs {}), but your interests point to {top_name}.",
            pct(*readiness),
            pct(*top_readiness)
        ),
        Reason::BiggestGaps { gaps } => {
            let names: Vec<String> = gaps
                .iter()
                .map(|g| format!("{} (level {:.1} of {})", g.name, g.level, g.target))
                .collect();
            format!("Its biggest gaps for you: {}.", list(&names))
        }
        Reason::BackgroundTypical { fit } => format!(
            "Your background is typical for the role ({} of what you told us matches).",
            pct(*fit)
        ),
        Reason::BackgroundDiffers { .. } => "Your education differs from what is typical for the role; certifications and a portfolio of projects make up for it.".to_string(),
        Reason::LittleMeasured { measured } => format!(
            "Only {} of what this role needs was asked about, so these figures lean on starting assumptions (level 2 for anything not asked); the full quiz would firm them up.",
            pct(*measured)
        ),
        Reason::BetterOutsideFocus {
            name,
            overall,
            top_overall,
            ..
        } => format!(
            "Outside the roles you are weighing, {name} matches you better ({} overall against {}).",
            pct(*overall),
            pct(*top_overall)
        ),
    }
}

/// Why a learning-path step is there, as a clause ("Data Scientist requires it (importance 5 of 5)").
pub fn step_why(why: &StepReason) -> String {
    match why {
        StepReason::Required {
            name, importance, ..
        } => format!("{name} requires it (importance {importance} of 5)"),
        StepReason::RequiredOrAlternative {
            name, importance, ..
        } => format!(
            "{name} requires it or an alternative; it is your closest (importance {importance} of 5)"
        ),
        StepReason::Prerequisite { name, .. } => format!("prerequisite for {name}"),
    }
}

/// Why the quick quiz stopped, as said to the person at the end of it.
pub fn stop(s: Stop) -> String {
    match s {
        Stop::Settled => "Stopping here: the recommendation is settled (the top role's lead is larger than the uncertainty) and its core skills are measured well enough.".to_string(),
        Stop::NothingInformative => "Stopping here: no remaining question would change your result.".to_string(),
        Stop::Cap { max } => format!("Stopping here: the quick quiz asks at most {max} questions. The full quiz would narrow the estimates further."),
    }
}
