//! Fairness rules: what lets a test-wise person answer without the knowledge (an option that
//! stands out by its length, a free-text answer given away by its prompt), and whether each
//! skill's checks span its levels, so that answers alone can show every level.

use super::key;
use crate::bank::diagnostic::{Diagnostic, Place};
use crate::bank::load::Raw;
use crate::bank::source::Seg;
use crate::bank::{Question, QuestionKind};
use std::collections::HashMap;

/// An option this much longer (in characters) than every other stands out.
const STANDS_OUT: f64 = 1.25;
/// Bank-wide, "pick the longest" may beat chance by at most this share of items.
const LONGEST_MARGIN: f64 = 0.10;
/// Fewer items than this say nothing reliable about a bank-wide rate.
const MIN_ITEMS: usize = 10;

pub(super) fn check(raw: &Raw, skills: &HashMap<String, usize>, diags: &mut Vec<Diagnostic>) {
    for q in &raw.questions {
        let it = &q.item;
        match it.kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                let lens: Vec<usize> = it.options.iter().map(|o| o.chars().count()).collect();
                for &k in it.correct.iter().filter(|&&k| k < lens.len()) {
                    let longest_other = (0..lens.len()).filter(|&i| i != k).map(|i| lens[i]).max();
                    if let Some(other) = longest_other
                        && lens[k] as f64 >= STANDS_OUT * other as f64
                    {
                        diags.push(q.at.warning(
                            &[key("options"), Seg::Index(k)],
                            format!(
                                "a right option is much the longest ({} characters, the next {other}): a test-wise guess picks it",
                                lens[k]
                            ),
                            "make the other options as specific and plausible, or this one shorter",
                        ));
                    }
                }
            }
            QuestionKind::ShortText => {
                if let Some(a) = it
                    .accepted
                    .iter()
                    .find(|a| crate::text::cued_by(&it.prompt, a))
                {
                    diags.push(q.at.warning(
                        &[key("prompt")],
                        format!("the prompt gives away the accepted answer \"{a}\""),
                        "reword the prompt so that it holds neither the answer nor a word of the same stem",
                    ));
                }
            }
            _ => {}
        }
    }
    longest_option_rates(raw, diags);
    level_spread(raw, skills, diags);
}

/// Bank-wide: how often "always pick the longest option" is right, against chance.
fn longest_option_rates(raw: &Raw, diags: &mut Vec<Diagnostic>) {
    let unique_longest = |q: &Question| {
        let lens: Vec<usize> = q.options.iter().map(|o| o.chars().count()).collect();
        let max = *lens.iter().max()?;
        (lens.iter().filter(|&&l| l == max).count() == 1)
            .then(|| lens.iter().position(|&l| l == max))?
    };
    for kind in [QuestionKind::SingleChoice, QuestionKind::MultipleChoice] {
        let items: Vec<&Question> = raw
            .questions
            .iter()
            .map(|q| &q.item)
            .filter(|q| q.kind == kind && !q.options.is_empty())
            .collect();
        if items.len() < MIN_ITEMS {
            continue;
        }
        let n = items.len() as f64;
        let longest_right = items
            .iter()
            .filter(|q| unique_longest(q).is_some_and(|i| q.correct.contains(&i)))
            .count() as f64
            / n;
        let chance = items
            .iter()
            .map(|q| q.correct.len() as f64 / q.options.len() as f64)
            .sum::<f64>()
            / n;
        if longest_right > chance + LONGEST_MARGIN {
            let what = if kind == QuestionKind::SingleChoice {
                "the right option is the longest"
            } else {
                "the longest statement is true"
            };
            diags.push(Diagnostic::warning(
                "questions/",
                Place::default(),
                format!(
                    "in {:.0}% of the {} {} questions {what}, where chance is {:.0}%: length gives answers away",
                    100.0 * longest_right,
                    items.len(),
                    kind.as_str(),
                    100.0 * chance
                ),
                "even out the options' lengths: make wrong options as specific as right ones",
            ));
        }
    }
}

/// Skills whose checks do not reach from level 1 to level 4.
fn level_spread(raw: &Raw, skills: &HashMap<String, usize>, diags: &mut Vec<Diagnostic>) {
    let mut levels: Vec<Vec<u8>> = vec![Vec::new(); raw.skills.len()];
    for q in raw.questions.iter().map(|q| &q.item) {
        if let Some(&si) = q.skill.as_ref().and_then(|s| skills.get(s))
            && q.kind.is_knowledge_check()
        {
            levels[si].push(q.evidence_level());
        }
    }
    for (s, have) in raw.skills.iter().zip(&levels) {
        if have.is_empty() {
            continue;
        }
        let missing: Vec<&str> = [(1, "1 (basic)"), (4, "4 (expert)")]
            .into_iter()
            .filter(|(l, _)| !have.contains(l))
            .map(|(_, name)| name)
            .collect();
        if !missing.is_empty() {
            diags.push(s.at.warning(
                &[key("id")],
                format!(
                    "skill \"{}\" has no check at level {}",
                    s.item.id,
                    missing.join(" or ")
                ),
                "add one, so that answers alone can show every level (a level-4 check is one only a real expert answers)",
            ));
        }
    }
}
