//! Skill rules: levels, learning advice, prerequisites, and prerequisite cycles.

use super::key;
use crate::bank::LEVELS;
use crate::bank::Skill;
use crate::bank::diagnostic::Diagnostic;
use crate::bank::load::Raw;
use crate::bank::source::{Located, Seg};
use std::collections::HashMap;

pub(super) fn check(
    raw: &Raw,
    skills: &HashMap<String, usize>,
    unknown_skill: &dyn Fn(&str) -> String,
    diags: &mut Vec<Diagnostic>,
) {
    for s in &raw.skills {
        let sk = &s.item;
        if sk.levels.len() != LEVELS {
            diags.push(s.at.error(
                &[key("levels")],
                format!("`levels` has {} entries; a skill needs exactly {LEVELS}", sk.levels.len()),
                "describe levels 0 (no exposure) to 4 (expert) in observable terms, one string each",
            ));
        }
        levels(s, diags);
        for (field, text) in [("name", &sk.name), ("description", &sk.description)] {
            if text.trim().is_empty() {
                diags.push(s.at.error(&[key(field)], format!("`{field}` is empty"), "fill it in"));
            }
        }
        if sk.learn.hours_per_level > MAX_HOURS_PER_LEVEL {
            diags.push(s.at.error(
                &[key("learn"), key("hours_per_level")],
                format!(
                    "`hours_per_level` {} is more than {MAX_HOURS_PER_LEVEL}",
                    sk.learn.hours_per_level
                ),
                "give the rough hours of focused work to rise one level; a level is weeks or months, not years",
            ));
        }
        if sk.learn.hours_per_level == 0 {
            diags.push(s.at.error(
                &[key("learn"), key("hours_per_level")],
                "`hours_per_level` is 0",
                "give a rough number of hours of focused work to rise one level (1 or more)",
            ));
        }
        for (i, p) in sk.prerequisites.iter().enumerate() {
            let at = [key("prerequisites"), Seg::Index(i)];
            if p == &sk.id {
                diags.push(s.at.error(
                    &at,
                    format!("skill \"{p}\" lists itself as a prerequisite"),
                    "remove it from `prerequisites`",
                ));
            } else if !skills.contains_key(p) {
                diags.push(s.at.error(
                    &at,
                    format!("unknown prerequisite skill \"{p}\""),
                    unknown_skill(p),
                ));
            }
        }
    }
}

/// More hours than this to rise one level is not a plan anyone follows (and keeps the path's hour
/// totals far from overflowing).
const MAX_HOURS_PER_LEVEL: u32 = 10_000;

/// A level's label is what the self-rating offers: a few words.
const MAX_LABEL_CHARS: usize = 30;
/// A level's description is one observable sentence beside the label.
const MAX_DESCRIPTION_CHARS: usize = 180;

/// Each level needs a description; a label, short and distinct, lets a person pick it at a
/// glance, and one short sentence lets them check it. Packed descriptions are warned about.
fn levels(s: &Located<Skill>, diags: &mut Vec<Diagnostic>) {
    let sk = &s.item;
    let mut seen: Vec<String> = Vec::new();
    for (i, level) in sk.levels.iter().enumerate() {
        let at = |field: &'static str| [key("levels"), Seg::Index(i), key(field)];
        if level.description.trim().is_empty() {
            diags.push(s.at.error(
                &at("description"),
                "level description is empty",
                "say what a person at this level can observably do",
            ));
        } else if level.description.chars().count() > MAX_DESCRIPTION_CHARS
            || sentences(&level.description) > 1
        {
            diags.push(s.at.warning(
                &at("description"),
                format!(
                    "level {i}'s description is more than one short sentence ({} characters)",
                    level.description.chars().count()
                ),
                format!(
                    "describe the level in one observable sentence of at most {MAX_DESCRIPTION_CHARS} characters; a person who does some of many things cannot place themselves"
                ),
            ));
        }
        let label = level.label.trim();
        if label.is_empty() {
            diags.push(s.at.warning(
                &[key("levels"), Seg::Index(i)],
                format!("level {i} has no `label`"),
                "give it a short label (a few words) for the self-rating to offer",
            ));
        } else if label.chars().count() > MAX_LABEL_CHARS {
            diags.push(s.at.warning(
                &at("label"),
                format!("level {i}'s label is longer than {MAX_LABEL_CHARS} characters"),
                "shorten it to a few words; the description says the rest",
            ));
        } else if seen.contains(&label.to_lowercase()) {
            diags.push(s.at.warning(
                &at("label"),
                format!("level {i}'s label \"{label}\" repeats an earlier level's"),
                "give every level a distinct label",
            ));
        }
        seen.push(label.to_lowercase());
    }
}

/// Sentences in a text: ends of sentence (`.`, `!` or `?`) followed by a space and a capital.
fn sentences(text: &str) -> usize {
    let chars: Vec<char> = text.trim().chars().collect();
    1 + chars
        .windows(3)
        .filter(|w| matches!(w[0], '.' | '!' | '?') && w[1] == ' ' && w[2].is_uppercase())
        .count()
}

/// A cycle longer than this is shown by its ends, so a long one stays a readable message.
const CYCLE_SHOWN: usize = 12;

/// Prerequisite cycles, each reported once, at the link that closes it. Depth-first search with
/// an explicit stack: a bank whose prerequisites chain thousands of skills must not overflow the
/// call stack.
pub(super) fn prerequisite_cycles(
    raw: &Raw,
    skills: &HashMap<String, usize>,
    diags: &mut Vec<Diagnostic>,
) {
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        New,
        OnPath,
        Done,
    }
    let n = raw.skills.len();
    let mut colour = vec![Colour::New; n];
    // The current path: (skill, index of the next prerequisite to follow).
    let mut path: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        // Duplicates were reported already; only the first skill with an id takes part.
        if colour[root] != Colour::New || skills.get(&raw.skills[root].item.id) != Some(&root) {
            continue;
        }
        colour[root] = Colour::OnPath;
        path.push((root, 0));
        while let Some(top) = path.last_mut() {
            let (v, next) = *top;
            let prerequisites = &raw.skills[v].item.prerequisites;
            let Some(p) = prerequisites.get(next) else {
                colour[v] = Colour::Done;
                path.pop();
                continue;
            };
            top.1 += 1;
            let Some(&w) = skills.get(p) else { continue };
            if w == v {
                continue;
            }
            match colour[w] {
                Colour::New => {
                    colour[w] = Colour::OnPath;
                    path.push((w, 0));
                }
                Colour::OnPath => {
                    let start = path.iter().position(|&(x, _)| x == w).unwrap_or(0);
                    let ids: Vec<&str> = path[start..]
                        .iter()
                        .map(|&(x, _)| raw.skills[x].item.id.as_str())
                        .chain(std::iter::once(raw.skills[w].item.id.as_str()))
                        .collect();
                    let shown = if ids.len() > CYCLE_SHOWN {
                        let half = CYCLE_SHOWN / 2;
                        format!(
                            "{} → … ({} more) → {}",
                            ids[..half].join(" → "),
                            ids.len() - 2 * half,
                            ids[ids.len() - half..].join(" → ")
                        )
                    } else {
                        ids.join(" → ")
                    };
                    diags.push(raw.skills[v].at.error(
                        &[key("prerequisites"), Seg::Index(next)],
                        format!("prerequisite cycle: {shown}"),
                        "remove one of these prerequisites so that skills can be learned in some order",
                    ));
                }
                Colour::Done => {}
            }
        }
    }
}
