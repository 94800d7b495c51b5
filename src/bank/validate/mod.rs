//! The bank's rules across items and files: ids, references, ranges, kinds and prerequisite
//! cycles. Every rule reports at the value at fault and keeps going, so an author sees every
//! problem in one run. The rules for each kind of item have a file of their own.

mod fairness;
mod questions;
mod roles;
mod skills;

use super::diagnostic::Diagnostic;
use super::load::Raw;
use super::source::{Located, Seg};
use std::collections::HashMap;

pub(super) const fn key(k: &str) -> Seg<'_> {
    Seg::Key(k)
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Reports ids that are malformed or used twice, returning id → index of the first use.
fn index_ids<T>(
    items: &[Located<T>],
    what: &str,
    id_of: impl Fn(&T) -> &str,
    diags: &mut Vec<Diagnostic>,
) -> HashMap<String, usize> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        let id = id_of(&it.item);
        if !valid_id(id) {
            diags.push(it.at.error(
                &[key("id")],
                format!("{what} id \"{id}\" is not a valid id"),
                "ids are non-empty and use only letters, digits, `_`, `-` and `.`",
            ));
        }
        if let Some(&first) = seen.get(id) {
            diags.push(it.at.error(
                &[key("id")],
                format!(
                    "duplicate {what} id \"{id}\" (first defined at {})",
                    items[first].at.position()
                ),
                "give each one a unique id; saved answers refer to ids",
            ));
        } else {
            seen.insert(id.to_string(), i);
        }
    }
    seen
}

/// Runs every rule on the parsed bank.
pub(crate) fn check(raw: &Raw, diags: &mut Vec<Diagnostic>) {
    let skills = index_ids(&raw.skills, "skill", |s| &s.id, diags);
    let questions = index_ids(&raw.questions, "question", |q| &q.id, diags);
    index_ids(&raw.roles, "role", |r| &r.id, diags);
    index_ids(&raw.tips, "tip", |t| &t.id, diags);
    let skill_ids: Vec<&str> = raw.skills.iter().map(|s| s.item.id.as_str()).collect();
    let unknown_skill = |id: &str| -> String {
        match crate::text::closest(id, skill_ids.iter().copied()) {
            Some(s) => format!("did you mean \"{s}\"? (or define the skill in a questions file)"),
            None => "use the id of a skill defined in a questions file".to_string(),
        }
    };

    let whole_bank = super::diagnostic::Place::default;
    if raw.questions.is_empty() {
        diags.push(Diagnostic::error(
            "questions/",
            whole_bank(),
            "the bank has no questions",
            "add questions files; see the README's data-file format",
        ));
    }
    if raw.roles.is_empty() {
        diags.push(Diagnostic::error(
            "profiles/",
            whole_bank(),
            "the bank has no roles",
            "add at least one role profile; see the README's data-file format",
        ));
    }

    skills::check(raw, &skills, &unknown_skill, diags);
    skills::prerequisite_cycles(raw, &skills, diags);
    let counts = questions::check(raw, &skills, &unknown_skill, diags);
    roles::check(raw, &skills, &questions, &counts, &unknown_skill, diags);
    fairness::check(raw, &skills, diags);
    for t in &raw.tips {
        for (i, s) in t.item.skills.iter().enumerate() {
            if !skills.contains_key(s) {
                diags.push(t.at.error(
                    &[key("skills"), Seg::Index(i)],
                    format!("tip refers to unknown skill \"{s}\""),
                    unknown_skill(s),
                ));
            }
        }
    }
}
