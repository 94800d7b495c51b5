//! Which questions a quiz asks and in what order: the full plan (optionally narrowed to the roles
//! in focus), the per-session shuffle of options, and the time estimates shown before starting.
//!
//! Kept apart from the flow so the order can be tested without a prompter.

use crate::bank::{Bank, Question, QuestionKind, Role};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use std::collections::BTreeSet;

/// The quick form's mean length on the shipped bank, as `simulate` measures it (README), and the
/// minutes that takes (about 20 self-ratings at 12 s and 30 knowledge checks at 40 s).
pub(crate) const TYPICAL_QUICK_LENGTH: usize = crate::adaptive::TYPICAL_LENGTH;
pub(crate) const TYPICAL_QUICK_MINUTES: u64 = 24;

/// Rough seconds a person spends on a question of this kind, for the welcome's estimate.
fn seconds_for(kind: QuestionKind) -> u64 {
    if kind.is_knowledge_check() { 40 } else { 12 }
}

/// Minutes a plan takes, rounded up (at least one), so the estimate never promises too little.
pub(crate) fn minutes(bank: &Bank, plan: &[String]) -> u64 {
    let secs: u64 = plan
        .iter()
        .filter_map(|id| bank.question(id))
        .map(|q| seconds_for(q.kind))
        .sum();
    secs.div_ceil(60).max(1)
}

/// The roles in focus (all when `focus` is empty).
fn focus_roles<'a>(bank: &'a Bank, focus: &[String]) -> Vec<&'a Role> {
    bank.roles()
        .iter()
        .filter(|r| focus.is_empty() || focus.contains(&r.id))
        .collect()
}

/// Every question, for the roles in focus: background, then interests, then each skill's
/// self-rating followed by its checks from easiest to hardest.
pub fn full_plan(bank: &Bank, focus: &[String]) -> Vec<String> {
    let roles = focus_roles(bank, focus);
    let mut skills: BTreeSet<usize> = BTreeSet::new();
    let mut linked: BTreeSet<&str> = BTreeSet::new();
    for r in &roles {
        for rs in &r.skills {
            for id in std::iter::once(&rs.skill).chain(&rs.alternatives) {
                skills.extend(bank.skill_index(id));
            }
        }
        linked.extend(r.interests.iter().map(|l| l.question.as_str()));
        linked.extend(r.background.iter().map(|l| l.question.as_str()));
    }
    let mut plan = Vec::new();
    for kind in [QuestionKind::Background, QuestionKind::Interest] {
        plan.extend(
            bank.questions()
                .iter()
                .filter(|q| q.kind == kind && (focus.is_empty() || linked.contains(q.id.as_str())))
                .map(|q| q.id.clone()),
        );
    }
    for si in 0..bank.skills().len() {
        if !focus.is_empty() && !skills.contains(&si) {
            continue;
        }
        let mut qs: Vec<&Question> = bank
            .questions_for_skill(si)
            .iter()
            .map(|&qi| &bank.questions()[qi])
            .collect();
        qs.sort_by(|a, b| {
            (a.kind != QuestionKind::SelfRating)
                .cmp(&(b.kind != QuestionKind::SelfRating))
                .then(a.difficulty().total_cmp(&b.difficulty()))
        });
        plan.extend(qs.into_iter().map(|q| q.id.clone()));
    }
    plan
}

/// The display order of a question's options for one session: shuffled for knowledge checks (so
/// position gives nothing away), as written for ordered scales.
pub fn display_order(session_id: &str, q: &Question) -> Vec<usize> {
    let mut order: Vec<usize> = (0..q.options.len()).collect();
    if matches!(
        q.kind,
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice
    ) {
        let seed = session_id
            .bytes()
            .chain(q.id.bytes())
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
            });
        order.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
    }
    order
}
