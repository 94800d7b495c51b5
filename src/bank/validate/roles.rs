//! Role rules: the skills a role requires and its links to interest and background questions.

use super::key;
use super::questions::Counts;
use crate::bank::diagnostic::Diagnostic;
use crate::bank::load::Raw;
use crate::bank::source::{Located, Seg};
use crate::bank::{LEVELS, Question, QuestionKind, Role};
use std::collections::{HashMap, HashSet};

pub(super) fn check(
    raw: &Raw,
    skills: &HashMap<String, usize>,
    questions: &HashMap<String, usize>,
    counts: &Counts,
    unknown_skill: &dyn Fn(&str) -> String,
    diags: &mut Vec<Diagnostic>,
) {
    let mut linked: HashSet<&str> = HashSet::new();
    for r in &raw.roles {
        let role = &r.item;
        if role.skills.is_empty() {
            diags.push(r.at.error(
                &[key("skills")],
                "a role needs at least one skill",
                "list the skills it requires",
            ));
        }
        let mut seen = HashSet::new();
        for (i, rs) in role.skills.iter().enumerate() {
            let at = |field: &'static str| [key("skills"), Seg::Index(i), key(field)];
            if !seen.insert(rs.skill.as_str()) {
                diags.push(r.at.error(
                    &at("skill"),
                    format!("skill \"{}\" is listed twice", rs.skill),
                    "list each skill once",
                ));
            }
            if !(1..=5).contains(&rs.importance) {
                diags.push(r.at.error(
                    &at("importance"),
                    format!(
                        "importance {} is outside 1–5 (skill \"{}\")",
                        rs.importance, rs.skill
                    ),
                    "use 1 (nice to have) to 5 (core)",
                ));
            }
            if rs.target as usize >= LEVELS {
                diags.push(r.at.error(
                    &at("target"),
                    format!(
                        "target level {} is outside 0–4 (skill \"{}\")",
                        rs.target, rs.skill
                    ),
                    "use a level from 0 (none) to 4 (expert)",
                ));
            }
            let ids = std::iter::once((&rs.skill, None)).chain(
                rs.alternatives
                    .iter()
                    .enumerate()
                    .map(|(j, a)| (a, Some(j))),
            );
            for (id, alternative) in ids {
                let segs: Vec<Seg> = match alternative {
                    None => at("skill").to_vec(),
                    Some(j) => vec![
                        key("skills"),
                        Seg::Index(i),
                        key("alternatives"),
                        Seg::Index(j),
                    ],
                };
                match skills.get(id) {
                    None => diags.push(r.at.error(
                        &segs,
                        format!("unknown skill \"{id}\""),
                        unknown_skill(id),
                    )),
                    Some(&si) if counts[si] == (0, 0) => diags.push(r.at.error(
                        &segs,
                        format!(
                            "role skill \"{id}\" has no questions, so it can never be measured"
                        ),
                        "add a self_rating and knowledge checks for it, or remove it from the role",
                    )),
                    Some(_) => {}
                }
            }
        }
        for (i, link) in role.interests.iter().enumerate() {
            linked.insert(&link.question);
            let at = |field| [key("interests"), Seg::Index(i), key(field)];
            check_link(
                raw,
                questions,
                &link.question,
                QuestionKind::Interest,
                &at("question"),
                r,
                diags,
            );
            if !(1..=5).contains(&link.weight) {
                diags.push(r.at.error(
                    &at("weight"),
                    format!("weight {} is outside 1–5", link.weight),
                    "use 1 (a little) to 5 (central)",
                ));
            }
        }
        for (i, link) in role.background.iter().enumerate() {
            linked.insert(&link.question);
            let at = |field| [key("background"), Seg::Index(i), key(field)];
            let kind = QuestionKind::Background;
            if let Some(q) = check_link(
                raw,
                questions,
                &link.question,
                kind,
                &at("question"),
                r,
                diags,
            ) {
                let n = q.options.len();
                if let Some(j) = link.preferred.iter().position(|&p| p >= n) {
                    diags.push(r.at.error(
                        &[
                            key("background"),
                            Seg::Index(i),
                            key("preferred"),
                            Seg::Index(j),
                        ],
                        format!(
                            "preferred option {} is outside the {n} options of \"{}\"",
                            link.preferred[j], q.id
                        ),
                        "indices are 0-based",
                    ));
                }
            }
        }
    }
    for q in &raw.questions {
        if matches!(
            q.item.kind,
            QuestionKind::Interest | QuestionKind::Background
        ) && !linked.contains(q.item.id.as_str())
        {
            diags.push(q.at.warning(
                &[key("id")],
                format!(
                    "{} question is not linked from any role",
                    q.item.kind.as_str()
                ),
                "link it from a role's `interests` or `background`, or it informs nothing",
            ));
        }
    }
}

/// A role's link to an interest or background question: the question must exist and be of
/// that kind.
fn check_link<'a>(
    raw: &'a Raw,
    questions: &HashMap<String, usize>,
    id: &str,
    kind: QuestionKind,
    at: &[Seg],
    r: &Located<Role>,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'a Question> {
    let Some(&qi) = questions.get(id) else {
        let ids = raw
            .questions
            .iter()
            .filter(|q| q.item.kind == kind)
            .map(|q| q.item.id.as_str());
        let help = match crate::text::closest(id, ids) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => format!("use the id of a {} question", kind.as_str()),
        };
        diags.push(r.at.error(at, format!("unknown question \"{id}\""), help));
        return None;
    };
    let q = &raw.questions[qi].item;
    if q.kind != kind {
        diags.push(r.at.error(
            at,
            format!(
                "question \"{id}\" is a {} question, not {}",
                q.kind.as_str(),
                kind.as_str()
            ),
            format!("link a {} question here", kind.as_str()),
        ));
        return None;
    }
    Some(q)
}
