//! The wording of every typed reason: recommendation reasons, path-step reasons and why the quick
//! quiz stopped. Each is worded here and nowhere else, as plain text; the terminal, Markdown and
//! HTML lay it out and escape it as their format needs.

use super::pct;
use crate::adaptive::Stop;
use crate::score::Reason;
use crate::score::path::StepReason;

/// A difference of shares in points, rounded as every percentage is: "1 point", "12 points".
fn points(x: f64) -> String {
    match super::percent(x) {
        1 => "1 point".to_string(),
        n => format!("{n} points"),
    }
}

/// "A", "A and B", "A, B and C".
fn list(names: &[String]) -> String {
    list_of(names)
}

/// "A", "A and B", "A, B and C", of any strings.
pub(crate) fn list_of<S: AsRef<str>>(names: &[S]) -> String {
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// One reason for the recommendation, as a sentence.
pub fn reason(r: &Reason) -> String {
    match r {
        Reason::BestMatch {
            name,
            interest,
            measured,
            ..
        } if *measured == 0.0 => format!(
            "{name} is your best overall match so far: readiness not measured yet, interest {}.",
            interest.map_or_else(|| "not asked".to_string(), pct)
        ),
        Reason::BestMatch {
            name,
            readiness,
            readiness_low,
            readiness_high,
            interest,
            ..
        } => format!(
            "{name} is your best overall match: {} ready (likely {}), interest {}.",
            pct(*readiness),
            super::pct_range(*readiness_low, *readiness_high),
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
        } if pct(*readiness) == pct(*top_readiness) => format!(
            "You are about as close to {name} on skills ({} each), and your interests point to {top_name}.",
            pct(*readiness)
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
                .map(|g| format!("{} (level {} of {})", g.name, super::level_text(g.level), g.target))
                .collect();
            format!("Its biggest gaps for you: {}.", list(&names))
        }
        Reason::BackgroundTypical { fit } => format!(
            "Your background is typical for the role ({} of what you told us matches).",
            pct(*fit)
        ),
        Reason::BackgroundDiffers { .. } => "Your education differs from what is typical for the role; certifications and a portfolio of projects make up for it.".to_string(),
        Reason::NothingMeasured => "Nothing this role needs was measured yet, so its readiness is not shown: the order rests on interest and background alone. Answer the skill questions to see where you stand.".to_string(),
        Reason::RatingsDiscounted { levels } => rating_bias(*levels),
        Reason::LittleMeasured { measured } => format!(
            "Only {} of what this role needs was asked about, so the rest of these figures are estimates with a wide range; the full quiz would firm them up.",
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

/// The rating bias in words, with what skillgap did about it.
pub fn rating_bias(levels: f64) -> String {
    let size = format!("{:.1}", levels.abs());
    let unit = if size == "1.0" { "level" } else { "levels" };
    if levels > 0.0 {
        format!(
            "Your self-ratings run about {size} {unit} above what your answers show; skillgap has discounted them, also for the skills it did not check."
        )
    } else {
        format!(
            "Your self-ratings run about {size} {unit} below what your answers show; skillgap has raised them, also for the skills it did not check."
        )
    }
}

/// Why the quick quiz stopped, as said to the person at the end of it.
pub fn stop(s: Stop) -> String {
    match s {
        Stop::Settled => "Stopping here: the recommendation is settled (the top role's lead is larger than the uncertainty) and its core skills are measured well enough.".to_string(),
        Stop::FarFromEvery => "Stopping here: which role is closest is clear, but every role is still far off (under half ready), so the result is a direction rather than a settled choice; more questions would not change it.".to_string(),
        Stop::NothingInformative => "Stopping here: no remaining question would change your result.".to_string(),
        Stop::Cap { max } => format!("Stopping here: the quick quiz asks at most {max} questions. The full quiz would narrow the estimates further."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{Gap, SkillRef};

    #[test]
    fn figures_are_rounded_as_people_read_them() {
        let leads = |lead, settled| Reason::Leads {
            runner_up: "b".to_string(),
            name: "B".to_string(),
            lead,
            settled,
        };
        assert_eq!(
            reason(&leads(0.012, true)),
            "It leads B by 1 point, more than the uncertainty in both estimates."
        );
        assert_eq!(
            reason(&leads(-0.001, false)),
            "It leads B by only 0 points, within the uncertainty: answering more questions would settle it."
        );
        assert_eq!(
            reason(&Reason::LittleMeasured { measured: -0.0 }),
            "Only 0% of what this role needs was asked about, so the rest of these figures are estimates with a wide range; the full quiz would firm them up."
        );
        let best = Reason::BestMatch {
            role: "a".to_string(),
            name: "A".to_string(),
            readiness: 0.5,
            readiness_low: 0.25,
            readiness_high: 0.755,
            interest: None,
            measured: 1.0,
        };
        assert_eq!(
            reason(&best),
            "A is your best overall match: 50% ready (likely 25–76%), interest not asked."
        );
    }

    #[test]
    fn lists_join_with_commas_and_a_final_and() {
        let skill = |n: &str| SkillRef {
            skill: n.to_lowercase(),
            name: n.to_string(),
        };
        let meets = |names: &[&str]| Reason::MeetsTargets {
            skills: names.iter().map(|n| skill(n)).collect(),
        };
        assert_eq!(
            reason(&meets(&["SQL"])),
            "You already meet its targets in SQL."
        );
        assert_eq!(
            reason(&meets(&["SQL", "Python", "Git"])),
            "You already meet its targets in SQL, Python and Git."
        );
        let gaps = Reason::BiggestGaps {
            gaps: vec![
                Gap {
                    skill: "sql".to_string(),
                    name: "SQL".to_string(),
                    level: 1.25,
                    target: 3,
                },
                Gap {
                    skill: "git".to_string(),
                    name: "Git".to_string(),
                    level: 0.0,
                    target: 2,
                },
            ],
        };
        assert_eq!(
            reason(&gaps),
            "Its biggest gaps for you: SQL (level 1.3 of 3) and Git (level 0.0 of 2)."
        );
    }

    #[test]
    fn steps_and_stops_are_worded_from_their_figures() {
        let (role, name) = ("ds".to_string(), "Data Scientist".to_string());
        assert_eq!(
            step_why(&StepReason::RequiredOrAlternative {
                role,
                name,
                importance: 2
            }),
            "Data Scientist requires it or an alternative; it is your closest (importance 2 of 5)"
        );
        assert_eq!(
            step_why(&StepReason::Prerequisite {
                skill: "ml".to_string(),
                name: "Machine learning".to_string()
            }),
            "prerequisite for Machine learning"
        );
        assert_eq!(
            stop(Stop::Cap { max: 12 }),
            "Stopping here: the quick quiz asks at most 12 questions. The full quiz would narrow the estimates further."
        );
        assert!(stop(Stop::NothingInformative).starts_with("Stopping here: no remaining"));
    }

    #[test]
    fn reasons_serialise_tagged_by_kind() {
        let v = serde_json::to_value(Reason::BackgroundTypical { fit: 0.6 }).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"kind": "background_typical", "fit": 0.6})
        );
        let v = serde_json::to_value(Stop::Cap { max: 74 }).unwrap();
        assert_eq!(v, serde_json::json!({"kind": "cap", "max": 74}));
        let back: StepReason = serde_json::from_value(
            serde_json::json!({"kind": "prerequisite", "skill": "x", "name": "X"}),
        )
        .unwrap();
        assert_eq!(
            back,
            StepReason::Prerequisite {
                skill: "x".to_string(),
                name: "X".to_string()
            }
        );
    }
}
