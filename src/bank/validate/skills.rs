//! Skill rules: levels, learning advice, prerequisites, and prerequisite cycles.

use super::key;
use crate::bank::LEVELS;
use crate::bank::diagnostic::Diagnostic;
use crate::bank::load::Raw;
use crate::bank::source::Seg;
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
        if let Some(i) = sk.levels.iter().position(|l| l.trim().is_empty()) {
            diags.push(s.at.error(
                &[key("levels"), Seg::Index(i)],
                "level description is empty",
                "say what a person at this level can observably do",
            ));
        }
        for (field, text) in [("name", &sk.name), ("description", &sk.description)] {
            if text.trim().is_empty() {
                diags.push(s.at.error(&[key(field)], format!("`{field}` is empty"), "fill it in"));
            }
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
