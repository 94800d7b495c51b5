//! Question rules: the skill or topic a question is about, its options, its right answers and
//! its item parameters.

use super::key;
use crate::bank::diagnostic::Diagnostic;
use crate::bank::load::Raw;
use crate::bank::source::{Located, Seg};
use crate::bank::{LEVELS, MAX_ADJUSTMENT, Question, QuestionKind};
use std::collections::{HashMap, HashSet};

/// Per skill index: (self-ratings, knowledge checks).
pub(super) type Counts = Vec<(usize, usize)>;

pub(super) fn check(
    raw: &Raw,
    skills: &HashMap<String, usize>,
    unknown_skill: &dyn Fn(&str) -> String,
    diags: &mut Vec<Diagnostic>,
) -> Counts {
    let mut counts: Counts = vec![(0, 0); raw.skills.len()];
    for q in &raw.questions {
        let it = &q.item;
        let err = |diags: &mut Vec<Diagnostic>, at: &[Seg], msg: String, help: &str| {
            diags.push(q.at.error(at, msg, help))
        };
        if it.prompt.trim().is_empty() {
            err(
                diags,
                &[key("prompt")],
                "`prompt` is empty".into(),
                "write the question's text",
            );
        }
        let kind = it.kind.as_str();
        if it.kind.is_about_skill() {
            match it.skill.as_deref() {
                None => err(
                    diags,
                    &[],
                    format!("a {kind} question needs `skill`"),
                    "name the id of the skill it measures",
                ),
                Some(s) => match skills.get(s) {
                    Some(&si) => {
                        if it.kind == QuestionKind::SelfRating {
                            counts[si].0 += 1;
                        } else {
                            counts[si].1 += 1;
                        }
                    }
                    None => err(
                        diags,
                        &[key("skill")],
                        format!("unknown skill \"{s}\""),
                        &unknown_skill(s),
                    ),
                },
            }
            if it.topic.is_some() {
                err(
                    diags,
                    &[key("topic")],
                    format!("a {kind} question has no `topic`"),
                    "remove `topic`; only interest and background questions have one",
                );
            }
        } else {
            if it.skill.is_some() {
                err(
                    diags,
                    &[key("skill")],
                    format!("an {kind} question has no `skill`"),
                    "use `topic` to say what it informs, and link it from a role's `interests` or `background`",
                );
            }
            if it.topic.as_deref().is_none_or(|t| t.trim().is_empty()) {
                err(
                    diags,
                    &[key("topic")],
                    format!("a {kind} question needs `topic`"),
                    "say what it informs, e.g. \"Industry: Healthcare\"",
                );
            }
        }
        check_options(q, diags);
        check_answers(q, diags);
        if it.kind.is_knowledge_check() {
            check_difficulty(q, diags);
            if !(it.discrimination.is_finite()
                && it.discrimination > 0.0
                && it.discrimination <= 4.0)
            {
                err(
                    diags,
                    &[key("discrimination")],
                    format!("`discrimination` {} is outside (0, 4]", it.discrimination),
                    "use a positive value, typically 0.8–2.0",
                );
            }
            if let Some(c) = it.guessing
                && !(c.is_finite() && (0.0..0.5).contains(&c))
            {
                err(
                    diags,
                    &[key("guessing")],
                    format!("`guessing` {c} is outside 0 … 0.5"),
                    "state the chance of a right blind guess, or leave it out to have it worked out from the options",
                );
            }
            if it.explanation.trim().is_empty() {
                diags.push(q.at.warning(
                    &[],
                    "knowledge check has no `explanation`",
                    "explain the answer; it is shown when results are reviewed",
                ));
            }
        }
    }
    for (si, s) in raw.skills.iter().enumerate() {
        match counts[si].0 {
            0 => diags.push(s.at.warning(
                &[key("id")],
                format!("skill \"{}\" has no self_rating question", s.item.id),
                "add one: it is cheap to answer and sets the starting estimate",
            )),
            1 => {}
            k => diags.push(s.at.error(
                &[key("id")],
                format!(
                    "skill \"{}\" has {k} self_rating questions; it needs at most one",
                    s.item.id
                ),
                "keep one self-rating per skill",
            )),
        }
    }
    counts
}

/// A question's options: how many its kind needs, none empty, none twice.
fn check_options(q: &Located<Question>, diags: &mut Vec<Diagnostic>) {
    let it = &q.item;
    let kind = it.kind.as_str();
    let options = [key("options")];
    let n = it.options.len();
    match it.kind {
        QuestionKind::SelfRating => {
            if n != 0 && n != LEVELS {
                diags.push(q.at.error(
                    &options,
                    format!(
                        "a self-rating has {n} options; it needs none (the skill's levels are used) or exactly {LEVELS}"
                    ),
                    "remove `options` to use the skill's level descriptions",
                ));
            }
        }
        QuestionKind::ShortText => {
            if it.accepted.iter().all(|a| a.trim().is_empty()) {
                diags.push(q.at.error(
                    &[key("accepted")],
                    "a short_text question needs `accepted` answers",
                    "list the answer and its alternative spellings",
                ));
            }
            if n != 0 {
                diags.push(q.at.error(
                    &options,
                    "a short_text question has no `options`",
                    "remove `options`, or make it a choice question",
                ));
            }
        }
        _ => {
            if n < 2 {
                diags.push(q.at.error(
                    &options,
                    format!("a {kind} question needs at least 2 options, has {n}"),
                    "add the options",
                ));
            }
        }
    }
    if let Some(i) = it.options.iter().position(|o| o.trim().is_empty()) {
        diags.push(q.at.error(
            &[key("options"), Seg::Index(i)],
            "an option is empty",
            "give every option its text",
        ));
    }
    let mut seen = HashSet::new();
    if let Some(i) = it.options.iter().position(|o| !seen.insert(o.trim())) {
        diags.push(q.at.error(
            &[key("options"), Seg::Index(i)],
            format!("option \"{}\" appears twice", it.options[i]),
            "make every option distinct",
        ));
    }
}

/// A question's right answers: `correct` for choices, `accepted` and `rejected` for short text.
/// A check's difficulty comes from the level it evidences, moved a little by `adjustment`, or
/// from a measured `difficulty`; the values must be on the scale and the level stated.
fn check_difficulty(q: &Located<Question>, diags: &mut Vec<Diagnostic>) {
    let it = &q.item;
    if let Some(level) = it.level
        && level == 0
    {
        diags.push(q.at.error(
            &[key("level")],
            "`level` 0 is not a level a check can evidence",
            "use 1 (basic) to 4 (expert): the level of its skill a person needs to answer it",
        ));
    }
    if let Some(adj) = it.adjustment
        && !(adj.is_finite() && adj.abs() <= MAX_ADJUSTMENT)
    {
        diags.push(q.at.error(
            &[key("adjustment")],
            format!("`adjustment` {adj} is outside −{MAX_ADJUSTMENT} … {MAX_ADJUSTMENT}"),
            "an adjustment moves the difficulty within its level's band; for a different level, change `level`",
        ));
    }
    if let Some(b) = it.measured_difficulty {
        if !(b.is_finite() && (-4.0..=4.0).contains(&b)) {
            diags.push(q.at.error(
                &[key("difficulty")],
                format!("`difficulty` {b} is outside −4 … 4"),
                "use the standard ability scale: around −1 easy, 0 medium, +1.5 hard",
            ));
        }
        if it.adjustment.is_some() {
            diags.push(q.at.warning(
                &[key("adjustment")],
                "`adjustment` has no effect: a measured `difficulty` overrides the level's",
                "remove `adjustment`, or remove `difficulty` to derive it from `level`",
            ));
        }
    } else if it.level.is_none() {
        diags.push(q.at.warning(
            &[],
            "knowledge check has no `level`",
            "state the level of its skill (1–4) a person needs to answer it; its difficulty follows from that",
        ));
    }
}

fn check_answers(q: &Located<Question>, diags: &mut Vec<Diagnostic>) {
    let it = &q.item;
    let kind = it.kind.as_str();
    let n = it.options.len();
    match it.kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
            if let Some(i) = it.correct.iter().position(|&c| c >= n) {
                diags.push(q.at.error(
                    &[key("correct"), Seg::Index(i)],
                    format!(
                        "`correct` index {} is outside the {n} options (indices are 0-based, 0–{})",
                        it.correct[i],
                        n.saturating_sub(1)
                    ),
                    "point `correct` at existing options",
                ));
            }
            if it.kind == QuestionKind::SingleChoice && it.correct.len() != 1 {
                diags.push(q.at.error(
                    &[key("correct")],
                    format!(
                        "a single_choice question needs exactly one `correct` index, has {}",
                        it.correct.len()
                    ),
                    "give one index, or make it multiple_choice",
                ));
            }
            if it.kind == QuestionKind::MultipleChoice {
                let distinct: HashSet<_> = it.correct.iter().collect();
                if distinct.is_empty() {
                    diags.push(q.at.error(
                        &[key("correct")],
                        "a multiple_choice question needs `correct` indices",
                        "list the right options' indices",
                    ));
                } else if distinct.len() != it.correct.len() {
                    diags.push(q.at.error(
                        &[key("correct")],
                        "`correct` lists an index twice",
                        "list each right option once",
                    ));
                }
            }
        }
        _ => {
            if !it.correct.is_empty() {
                diags.push(q.at.error(
                    &[key("correct")],
                    format!("a {kind} question has no `correct`"),
                    "remove `correct`; only choice questions have right options",
                ));
            }
        }
    }
    if it.kind != QuestionKind::ShortText && !it.rejected.is_empty() {
        diags.push(q.at.error(
            &[key("rejected")],
            format!("a {kind} question has no `rejected`"),
            "remove `rejected`; only short_text questions have rejected answers",
        ));
    }
    if let Some(t) = it.tolerance {
        if it.kind != QuestionKind::ShortText {
            diags.push(q.at.error(
                &[key("tolerance")],
                format!("a {kind} question has no `tolerance`"),
                "remove `tolerance`; only short_text questions compare numbers",
            ));
        } else if !(t.is_finite() && t >= 0.0) {
            diags.push(q.at.error(
                &[key("tolerance")],
                format!("`tolerance` {t} is not a number of 0 or more"),
                "state how far a numeric answer may be from an accepted number, e.g. 0.01",
            ));
        }
    }
    // An accepted answer the matcher would mark wrong: a rejected one matches it as well.
    let tolerance = it.tolerance.unwrap_or(0.0);
    if let Some(i) = it
        .accepted
        .iter()
        .position(|a| !crate::text::is_right(a, &it.accepted, &it.rejected, tolerance))
    {
        diags.push(q.at.error(
            &[key("accepted"), Seg::Index(i)],
            format!(
                "accepted answer \"{}\" would be marked wrong: a rejected answer matches it as well",
                it.accepted[i]
            ),
            "make the rejected answer more specific, or remove one of the two",
        ));
    }
    if it.kind != QuestionKind::ShortText && !it.accepted.is_empty() {
        diags.push(q.at.error(
            &[key("accepted")],
            format!("a {kind} question has no `accepted`"),
            "remove `accepted`; only short_text questions have accepted answers",
        ));
    }
}
