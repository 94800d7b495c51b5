//! The recommended role and the reasons for it.

use super::roles::{RoleMatch, SETTLED_Z, lead_sd};
use super::skills::SkillEstimate;
use crate::answers::{Answer, Answers};
use crate::bank::Bank;
use serde::{Deserialize, Serialize};

/// The recommended role and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub role: String,
    pub name: String,
    pub runner_up: Option<String>,
    /// Whether the lead over the runner-up is larger than their combined uncertainty.
    pub settled: bool,
    pub reasons: Vec<String>,
}

/// A share as a whole percentage ("+ 0.0" turns an empty sum's −0 into 0).
fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0 + 0.0)
}

/// "1 point", "12 points".
fn points(x: f64) -> String {
    let n = (x * 100.0).round() + 0.0;
    if n == 1.0 {
        "1 point".to_string()
    } else {
        format!("{n:.0} points")
    }
}

fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub(crate) fn recommend(
    bank: &Bank,
    roles: &[RoleMatch],
    estimates: &[SkillEstimate],
    answers: &Answers,
    focus: &[String],
) -> Recommendation {
    // The person said which roles they are weighing: recommend among those.
    let candidates: Vec<&RoleMatch> = roles
        .iter()
        .filter(|m| focus.is_empty() || focus.contains(&m.role))
        .collect();
    let candidates = if candidates.is_empty() {
        roles.iter().collect()
    } else {
        candidates
    };
    let top = candidates[0];
    let second = candidates.get(1).copied();
    let position = |m: &RoleMatch| bank.role_position(&m.role).expect("a role of this bank");
    let settled = second.is_none_or(|second| {
        let sd = lead_sd(
            bank,
            position(top),
            position(second),
            |s| (estimates[s].theta, estimates[s].theta_sd),
            |q| {
                matches!(
                    answers.get(&bank.questions()[q].id),
                    Some(Answer::Choice(_))
                )
            },
        );
        top.overall - second.overall > SETTLED_Z * sd
    });
    let mut reasons = vec![format!(
        "{} is your best overall match: {} ready (likely {}–{}), interest {}.",
        top.name,
        pct(top.readiness),
        pct(top.readiness_low),
        pct(top.readiness_high),
        if top.interest_answered == 0 {
            "not asked".to_string()
        } else {
            pct(top.interest)
        }
    )];
    if !top.strengths.is_empty() {
        let names: Vec<String> = top.strengths.iter().map(|f| f.name.clone()).collect();
        reasons.push(format!("You already meet its targets in {}.", list(&names)));
    }
    if let Some(second) = second {
        let lead = points(top.overall - second.overall);
        if settled {
            reasons.push(format!(
                "It leads {} by {lead}, more than the uncertainty in both estimates.",
                second.name
            ));
        } else {
            reasons.push(format!(
                "It leads {} by only {lead}, within the uncertainty: answering more questions would settle it.",
                second.name
            ));
        }
        if second.readiness > top.readiness {
            reasons.push(format!(
                "You are closer to {} on skills ({} vs {}), but your interests point to {}.",
                second.name,
                pct(second.readiness),
                pct(top.readiness),
                top.name
            ));
        }
    }
    if !top.against.is_empty() {
        let names: Vec<String> = top
            .against
            .iter()
            .map(|f| format!("{} (level {:.1} of {})", f.name, f.level, f.target))
            .collect();
        reasons.push(format!("Its biggest gaps for you: {}.", list(&names)));
    }
    match top.background_fit {
        Some(fit) if fit >= 0.5 => reasons.push(format!(
            "Your background is typical for the role ({} of what you told us matches).",
            pct(fit)
        )),
        Some(_) => reasons.push(
            "Your education differs from what is typical for the role; certifications and a portfolio of projects make up for it.".to_string(),
        ),
        None => {}
    }
    // Only a role whose requirements were mostly measured can be said to fit better: an unmeasured
    // one sits at the prior's guess.
    let measured_share = |m: &RoleMatch| {
        let reqs = bank.requirements(position(m));
        let total: f64 = reqs.iter().map(|r| r.importance as f64).sum();
        let measured: f64 = reqs
            .iter()
            .filter(|r| r.skills.iter().any(|&s| estimates[s].measured()))
            .map(|r| r.importance as f64)
            .sum();
        if total == 0.0 { 0.0 } else { measured / total }
    };
    let measured = measured_share(top);
    if measured < 0.5 {
        reasons.push(format!(
            "Only {} of what this role needs was asked about, so these figures lean on starting assumptions (level 2 for anything not asked); the full quiz would firm them up.",
            pct(measured)
        ));
    }
    if roles[0].role != top.role && measured_share(&roles[0]) >= 0.75 {
        reasons.push(format!(
            "Outside the roles you are weighing, {} matches you better ({} overall against {}).",
            roles[0].name,
            pct(roles[0].overall),
            pct(top.overall)
        ));
    }
    Recommendation {
        role: top.role.clone(),
        name: top.name.clone(),
        runner_up: second.map(|s| s.role.clone()),
        settled,
        reasons,
    }
}
