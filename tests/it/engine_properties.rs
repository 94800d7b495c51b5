//! Properties of the scoring engine, checked with proptest on the mini and the shipped banks.

use proptest::prelude::*;
use skillgap::adaptive::{self, Tables};
use skillgap::answers::{Answer, Answers};
use skillgap::bank::{self, Bank, BankSource, QuestionKind};
use skillgap::score::{self, Item, Posterior, Prior, person};
use std::sync::OnceLock;

fn mini() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| {
        bank::load(&BankSource::Dir(crate::common::fixtures().join("mini"))).unwrap()
    })
}

fn shipped() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| bank::load(&BankSource::Builtin).unwrap())
}

/// A random answer for each question (or none), of the right shape for its kind.
fn answers_for(bank: &'static Bank) -> impl Strategy<Value = Answers> {
    let per_question: Vec<_> = bank
        .questions()
        .iter()
        .map(|q| {
            let n = q.options.len().max(1);
            let kind = q.kind;
            let accepted = q.accepted.first().cloned().unwrap_or_default();
            (
                0u8..6,
                0..n.max(5),
                proptest::collection::vec(0..n, 0..=n),
                any::<bool>(),
            )
                .prop_map(move |(present, i, mut many, right)| {
                    if present == 0 {
                        return None;
                    }
                    if present == 1 {
                        return Some(Answer::Skip);
                    }
                    Some(match kind {
                        QuestionKind::SelfRating => Answer::Choice(i % 5),
                        QuestionKind::MultipleChoice => {
                            many.sort_unstable();
                            many.dedup();
                            Answer::Choices(many)
                        }
                        QuestionKind::ShortText => Answer::Text(if right {
                            accepted.clone()
                        } else {
                            "no idea".into()
                        }),
                        _ => Answer::Choice(i % n),
                    })
                })
        })
        .collect();
    per_question.prop_map(move |list| {
        let mut answers = Answers::default();
        for (q, a) in bank.questions().iter().zip(list) {
            if let Some(a) = a {
                answers.insert(q.id.clone(), a);
            }
        }
        answers
    })
}

/// The right answer to a knowledge check.
fn right_answer(q: &skillgap::bank::Question) -> Answer {
    match q.kind {
        QuestionKind::SingleChoice => Answer::Choice(q.correct[0]),
        QuestionKind::MultipleChoice => Answer::Choices(q.correct.clone()),
        QuestionKind::ShortText => Answer::Text(q.accepted[0].clone()),
        _ => unreachable!("not a knowledge check"),
    }
}

fn everything(bank: &Bank, rating: usize, right: bool) -> Answers {
    let mut answers = Answers::default();
    for q in bank.questions() {
        let a = match q.kind {
            QuestionKind::SelfRating => Answer::Choice(rating),
            k if k.is_knowledge_check() => {
                if right {
                    right_answer(q)
                } else {
                    Answer::Skip
                }
            }
            _ => continue,
        };
        answers.insert(q.id.clone(), a);
    }
    answers
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn same_answers_same_result_byte_for_byte(answers in answers_for(mini())) {
        let a = serde_json::to_string(&score::assess(mini(), &answers)).unwrap();
        let b = serde_json::to_string(&score::assess(mini(), &answers.clone())).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn the_quick_mode_tracker_and_scoring_agree_on_every_skill(
        (bank, answers, order) in prop_oneof![Just(mini()), Just(shipped())].prop_flat_map(|bank| {
            let ids: Vec<String> = bank.questions().iter().map(|q| q.id.clone()).collect();
            (Just(bank), answers_for(bank), Just(ids).prop_shuffle())
        }),
    ) {
        // The tracker sees the answers one by one in a random order (self-ratings after some of
        // their checks, so it rebuilds on the rating); scoring sees them all at once.
        let tables = Tables::new(bank);
        let tracker = adaptive::replay(bank, &tables, &answers, &order);
        for (s, e) in score::estimate_skills(bank, &answers).0.iter().enumerate() {
            let (mean, sd) = tracker.estimate(s);
            prop_assert!((mean - e.theta).abs() < 1e-9, "{}: θ {mean} vs {}", e.skill, e.theta);
            prop_assert!((sd - e.theta_sd).abs() < 1e-9, "{}: sd {sd} vs {}", e.skill, e.theta_sd);
        }
        // And the quick mode ranks the roles as the full result does.
        let ranked: Vec<&str> = tracker.ranking(&[]).iter().map(|r| bank.roles()[r.role].id.as_str()).collect();
        let result = score::assess(bank, &answers);
        let scored: Vec<&str> = result.roles.iter().map(|r| r.role.as_str()).collect();
        prop_assert_eq!(ranked, scored);
    }

    #[test]
    fn a_correct_answer_never_lowers_the_estimate(answers in answers_for(mini()), pick in 0usize..1000) {
        let checks: Vec<_> = mini().questions().iter().filter(|q| q.kind.is_knowledge_check()).collect();
        let q = checks[pick % checks.len()];
        let mut without = answers.clone();
        without.0.remove(&q.id);
        let mut with_right = without.clone();
        with_right.insert(q.id.clone(), right_answer(q));
        let mut with_skip = without.clone();
        with_skip.insert(q.id.clone(), Answer::Skip);
        let si = mini().skill_index(q.skill.as_deref().unwrap()).unwrap();
        let base = score::estimate_skills(mini(), &without).0[si].theta;
        let up = score::estimate_skills(mini(), &with_right).0[si].theta;
        let down = score::estimate_skills(mini(), &with_skip).0[si].theta;
        prop_assert!(up >= base - 1e-12, "right answer lowered θ: {base} → {up}");
        prop_assert!(down <= base + 1e-12, "skip raised θ: {base} → {down}");
    }

    #[test]
    fn more_evidence_never_widens_the_expected_spread(
        mean in -2.5f64..2.5, sd in 0.5f64..1.2,
        items in proptest::collection::vec((0.5f64..2.5, -3.0f64..3.0, 0.0f64..0.34, any::<bool>()), 0..8),
        next_a in 0.5f64..2.5, next_b in -3.0f64..3.0, next_c in 0.0f64..0.34,
    ) {
        let mut post = Posterior::new(Prior { mean, sd });
        for (a, b, c, r) in items {
            post.update(&Item::new(a, b, c), r);
        }
        let (_, before) = post.mean_sd();
        // The chance of a right answer under the current posterior.
        let w = post.weights();
        let next = Item::new(next_a, next_b, next_c);
        let p: f64 = w.iter().enumerate().map(|(i, w)| w * next.p(score::grid_theta(i))).sum();
        let mut right = post.clone();
        right.update(&next, true);
        let mut wrong = post.clone();
        wrong.update(&next, false);
        let expected = p * right.mean_sd().1 + (1.0 - p) * wrong.mean_sd().1;
        prop_assert!(expected <= before + 1e-9, "expected sd {expected} > {before}");
    }

    #[test]
    fn raising_a_skill_never_lowers_readiness(answers in answers_for(mini()), pick in 0usize..100, by in 0.0f64..4.0) {
        let bank = mini();
        let (estimates, _) = score::estimate_skills(bank, &answers);
        let si = pick % bank.skills().len();
        let mut raised = estimates.clone();
        raised[si].level = (raised[si].level + by).min(4.0);
        for role in bank.roles() {
            let before = score::readiness_with(bank, role, &estimates, |e, t| score::coverage(e.level, t));
            let after = score::readiness_with(bank, role, &raised, |e, t| score::coverage(e.level, t));
            prop_assert!(after >= before - 1e-12, "{}: {before} → {after}", role.id);
            prop_assert!((0.0..=1.0).contains(&after));
        }
    }

    #[test]
    fn readiness_ranges_bracket_the_estimate(answers in answers_for(shipped())) {
        let result = score::assess(shipped(), &answers);
        for r in &result.roles {
            prop_assert!(r.readiness_low <= r.readiness + 1e-12 && r.readiness <= r.readiness_high + 1e-12);
            prop_assert!((0.0..=1.0).contains(&r.interest) && (0.0..=1.0).contains(&r.overall));
        }
        for w in result.roles.windows(2) {
            prop_assert!(w[0].overall >= w[1].overall);
        }
    }

    #[test]
    fn the_path_never_puts_a_skill_before_its_prerequisites(answers in answers_for(shipped())) {
        let bank = shipped();
        let result = score::assess(bank, &answers);
        for (i, step) in result.path.iter().enumerate() {
            for p in &bank.skill(&step.skill).unwrap().prerequisites {
                if let Some(j) = result.path.iter().position(|s| &s.skill == p) {
                    prop_assert!(j < i, "{} (step {}) comes before its prerequisite {p} (step {})", step.skill, i + 1, j + 1);
                }
            }
        }
    }

    /// Steps by readiness gained per hour: a step that needs no other step and that no step
    /// needs stands alone, and such steps come in order of their own gain per hour (ties: the
    /// larger gain, then the id). The gains never add up to more than the readiness missing.
    #[test]
    fn standalone_steps_come_by_readiness_gained_per_hour(answers in answers_for(shipped())) {
        let bank = shipped();
        let result = score::assess(bank, &answers);
        let on_path = |id: &str| result.path.iter().any(|s| s.skill == id);
        let needs_one = |id: &str| bank.skill(id).unwrap().prerequisites.iter().any(|p| on_path(p));
        let needed = |id: &str| result.path.iter().any(|s| bank.skill(&s.skill).unwrap().prerequisites.iter().any(|p| p == id));
        let alone: Vec<_> = result.path.iter().filter(|s| !needs_one(&s.skill) && !needed(&s.skill)).collect();
        for w in alone.windows(2) {
            let (x, y) = (w[0].gain / w[0].hours as f64, w[1].gain / w[1].hours as f64);
            prop_assert!(
                x > y || (x == y && (w[0].gain > w[1].gain || (w[0].gain == w[1].gain && w[0].skill < w[1].skill))),
                "{} ({:.4}/h) before {} ({:.4}/h)", w[0].skill, x, w[1].skill, y
            );
        }
        let top = result.recommended().unwrap();
        let gained: f64 = result.path.iter().map(|s| s.gain).sum();
        prop_assert!(result.path.iter().all(|s| (0.0..=1.0).contains(&s.gain)));
        prop_assert!(gained <= 1.0 - top.readiness + 1e-9, "gains {gained} past the missing {}", 1.0 - top.readiness);
        // A prerequisite the role does not list gains nothing itself; a gap the role lists does.
        for s in &result.path {
            prop_assert_eq!(s.gain > 0.0, s.importance > 0, "{}", &s.skill);
        }
    }
}

/// A bank whose prerequisites chain `n` skills (each needs the next one), each asked by a
/// self-rating, and one role needing the first: every id sorts before its prerequisites', so a
/// placement that recursed from the role's skill would go `n` calls deep.
fn chain_bank(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("questions")).unwrap();
    std::fs::create_dir_all(dir.path().join("profiles")).unwrap();
    let skills: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "id": format!("s{i:05}"),
                "name": format!("Skill {i}"),
                "category": "Chain",
                "description": "One link of a long chain.",
                "levels": ["None.", "Some.", "Routine.", "Strong.", "Expert."],
                "prerequisites": if i + 1 == n { vec![] } else { vec![format!("s{:05}", i + 1)] },
                "learn": {"what": "Learn it.", "project": "Build it.", "resource": "course", "hours_per_level": 1}
            })
        })
        .collect();
    let questions: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({"id": format!("s{i:05}.self"), "skill": format!("s{i:05}"), "kind": "self_rating", "prompt": "How would you rate it?"})
        })
        .collect();
    std::fs::write(
        dir.path().join("questions/chain.json"),
        serde_json::json!({"skills": skills, "questions": questions}).to_string(),
    )
    .unwrap();
    let first = "s00000".to_string();
    std::fs::write(
        dir.path().join("profiles/roles.json"),
        serde_json::json!({"roles": [{
            "id": "chained", "name": "Chained", "definition": "Needs the last link.",
            "responsibilities": ["Hold on."], "skills": [{"skill": first, "importance": 5, "target": 3}],
            "tools": [], "education": [], "industries": [], "interests": [], "background": []
        }], "tips": []})
        .to_string(),
    )
    .unwrap();
    dir
}

/// The path's walks over prerequisites use explicit stacks: a chain of thousands of skills,
/// every one below its prerequisite level, comes out whole and in order on a test thread's
/// small stack.
#[test]
fn a_chain_of_thousands_of_prerequisites_does_not_overflow_the_stack() {
    let n = 5000;
    let dir = chain_bank(n);
    let bank = bank::load(&BankSource::Dir(dir.path().to_path_buf())).unwrap();
    let mut answers = Answers::default();
    for q in bank.questions() {
        answers.insert(q.id.clone(), Answer::Choice(0));
    }
    let path = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || score::assess(&bank, &answers).path)
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert_eq!(path.len(), n);
    for (i, step) in path.iter().enumerate() {
        assert_eq!(step.skill, format!("s{:05}", n - 1 - i));
    }
}

#[test]
fn everything_right_and_rated_expert_is_ready_for_every_role() {
    for bank in [mini(), shipped()] {
        let result = score::assess(bank, &everything(bank, 4, true));
        for r in &result.roles {
            assert!(r.readiness > 0.97, "{}: {}", r.role, r.readiness);
        }
        assert!(result.path.is_empty(), "{:?}", result.path);
    }
}

#[test]
fn the_quick_mode_breaks_ties_as_the_full_result_does() {
    // Without interest answers, some of these sets tie the mini bank's two roles exactly (the
    // bank lists them out of id order): the id must decide in every mode.
    for bank in [mini(), shipped()] {
        for answers in [
            Answers::default(),
            everything(bank, 4, true),
            everything(bank, 0, false),
        ] {
            let tables = Tables::new(bank);
            let order: Vec<String> = bank.questions().iter().map(|q| q.id.clone()).collect();
            let tracker = adaptive::replay(bank, &tables, &answers, &order);
            let ranked: Vec<&str> = tracker
                .ranking(&[])
                .iter()
                .map(|r| bank.roles()[r.role].id.as_str())
                .collect();
            let result = score::assess(bank, &answers);
            let scored: Vec<&str> = result.roles.iter().map(|r| r.role.as_str()).collect();
            assert_eq!(ranked, scored);
        }
    }
}

#[test]
fn everything_skipped_and_rated_zero_is_ready_for_nothing() {
    for bank in [mini(), shipped()] {
        let result = score::assess(bank, &everything(bank, 0, false));
        for r in &result.roles {
            // Level 0 cannot be told from 0.5 with a handful of checks: little, not nothing.
            assert!(r.readiness < 0.2, "{}: {}", r.role, r.readiness);
        }
        assert!(!result.path.is_empty());
    }
}

#[test]
fn no_answers_still_gives_an_estimate_with_the_prior_spread() {
    let result = score::assess(mini(), &Answers::default());
    for s in &result.skills {
        // The population prior: general, category and specific parts together.
        let sd = (person::GENERAL_VAR + person::CATEGORY_VAR + person::SPECIFIC_VAR).sqrt();
        assert!(
            s.theta.abs() < 1e-9 && (s.theta_sd - sd).abs() < 0.01,
            "{s:?}"
        );
        assert!((s.level - 2.0).abs() < 1e-9);
    }
    assert_eq!(result.answered, 0);
}

#[test]
fn an_unchecked_self_rating_moves_the_estimate_toward_the_claim_but_not_all_the_way() {
    let mut last = f64::NEG_INFINITY;
    for rating in 0..5 {
        let mut answers = Answers::default();
        answers.insert("python.self", Answer::Choice(rating));
        let e = &score::estimate_skills(mini(), &answers).0[mini().skill_index("python").unwrap()];
        let claimed = rating as f64 - 2.0;
        assert!(
            e.theta > last,
            "a higher rating must raise θ: {} after {last}",
            e.theta
        );
        assert!(
            e.theta.abs() < claimed.abs() + 1e-9 && e.theta * claimed >= 0.0,
            "rating {rating}: θ {} must sit between the population mean and the claim",
            e.theta
        );
        assert!(e.theta_sd < 1.0 && e.theta_sd > 0.5, "sd {}", e.theta_sd);
        assert_eq!(e.self_rating, Some(rating as u8));
        last = e.theta;
    }
}

#[test]
fn calibration_flags_overconfidence_and_underconfidence() {
    let bank = mini();
    let si = bank.skill_index("vision").unwrap();
    let mut over = Answers::default();
    over.insert("vision.self", Answer::Choice(4));
    for id in ["vision.k1", "vision.k2", "vision.k3"] {
        over.insert(id, Answer::Skip);
    }
    assert_eq!(
        score::estimate_skills(bank, &over).0[si].calibration,
        score::Calibration::Overconfident
    );

    let mut under = Answers::default();
    under.insert("vision.self", Answer::Choice(0));
    under.insert("vision.k1", Answer::Choice(0));
    under.insert("vision.k2", Answer::Text("opencv".into()));
    under.insert("vision.k3", Answer::Choices(vec![0, 1, 3]));
    assert_eq!(
        score::estimate_skills(bank, &under).0[si].calibration,
        score::Calibration::Underconfident
    );

    let mut fair = Answers::default();
    fair.insert("vision.self", Answer::Choice(2));
    fair.insert("vision.k1", Answer::Choice(0));
    fair.insert("vision.k2", Answer::Text("cv2".into()));
    fair.insert("vision.k3", Answer::Skip);
    assert_eq!(
        score::estimate_skills(bank, &fair).0[si].calibration,
        score::Calibration::Calibrated
    );

    let mut thin = Answers::default();
    thin.insert("vision.self", Answer::Choice(4));
    thin.insert("vision.k1", Answer::Skip);
    assert_eq!(
        score::estimate_skills(bank, &thin).0[si].calibration,
        score::Calibration::NotEnoughEvidence
    );
}

#[test]
fn multiple_choice_is_right_only_for_exactly_the_correct_set() {
    let bank = mini();
    let q = bank.question("python.k2").unwrap();
    assert!(score::is_correct(q, &Answer::Choices(vec![2, 0])));
    assert!(!score::is_correct(q, &Answer::Choices(vec![0])));
    assert!(!score::is_correct(q, &Answer::Choices(vec![0, 1, 2])));
    assert!(!score::is_correct(q, &Answer::Skip));
}

#[test]
fn a_surplus_never_pays_for_a_shortfall() {
    let bank = mini();
    let role = bank.role("vision_engineer").unwrap();
    let (mut estimates, _) = score::estimate_skills(bank, &Answers::default());
    let (vi, pi) = (
        bank.skill_index("vision").unwrap(),
        bank.skill_index("python").unwrap(),
    );
    estimates[vi].level = 0.0;
    estimates[pi].level = 3.0;
    let at_level = |e: &score::SkillEstimate, t| score::coverage(e.level, t);
    let base = score::readiness_with(bank, role, &estimates, at_level);
    estimates[pi].level = 4.0;
    assert_eq!(
        score::readiness_with(bank, role, &estimates, at_level),
        base
    );
}
