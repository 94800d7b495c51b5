//! Evidence first: readiness that self-ratings cannot inflate, skills never asked that never
//! count as met, and a quick form that tests what people claim. Each person answers every
//! question of the shipped bank the way they would; the full form scores the whole file, the
//! quick form is the real `quiz --mode quick --answers FILE` replay.

use crate::common::*;
use serde_json::Value;
use skillgap::answers::{Answer, Answers};
use skillgap::bank::{self, Bank, BankSource, Question, QuestionKind};
use skillgap::score::{self, Assessment};
use std::sync::OnceLock;

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| bank::load(&BankSource::Builtin).unwrap())
}

/// A wrong answer of the right shape, as a person who does not know but guesses gives it.
fn wrong(q: &Question) -> Answer {
    match q.kind {
        QuestionKind::SingleChoice => Answer::Choice(
            (0..q.options.len())
                .find(|i| !q.correct.contains(i))
                .unwrap(),
        ),
        QuestionKind::MultipleChoice => {
            let mut c = q.correct.clone();
            c.pop();
            if c.is_empty() {
                c = (0..q.options.len())
                    .filter(|i| !q.correct.contains(i))
                    .collect();
            }
            Answer::Choices(c)
        }
        _ => Answer::Text("no idea, sorry".to_string()),
    }
}

/// Every question answered: self-ratings `rating` (None: skipped), checks right or wrong by
/// `right` (None: "I don't know"), interests and background by `choice`.
fn person(
    rating: Option<usize>,
    right: impl Fn(&Question) -> Option<bool>,
    choice: impl Fn(&Question) -> Option<usize>,
) -> Answers {
    let mut a = Answers::default();
    for q in bank().questions() {
        let answer = match q.kind {
            QuestionKind::SelfRating => rating.map_or(Answer::Skip, Answer::Choice),
            k if k.is_knowledge_check() => match right(q) {
                Some(true) => score::right_answer(q),
                Some(false) => wrong(q),
                None => Answer::Skip,
            },
            _ => choice(q).map_or(Answer::Skip, Answer::Choice),
        };
        a.insert(q.id.clone(), answer);
    }
    a
}

/// Middle interest in everything, and a typical background.
fn neutral(q: &Question) -> Option<usize> {
    Some(if q.kind == QuestionKind::Interest {
        2
    } else {
        1.min(q.options.len() - 1)
    })
}

/// The bluffer: rates 4 everywhere, gets every check wrong but the first of each skill's
/// easiest, which a guess happens to get right.
fn bluffer() -> Answers {
    person(
        Some(4),
        |q| Some(q.id.ends_with(".k1") && q.skill.as_deref().is_some_and(|s| s.len() % 5 == 0)),
        neutral,
    )
}

/// The modest expert: rates 1 everywhere, gets every check right.
fn modest_expert() -> Answers {
    person(Some(1), |_| Some(true), neutral)
}

fn full(answers: &Answers) -> Assessment {
    score::assess(bank(), answers)
}

/// The quick form replayed from the answers, as the saved result's JSON.
fn quick(answers: &Answers) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.json");
    std::fs::write(&file, answers.to_file_json()).unwrap();
    let data = dir.path().join("data");
    let out = skillgap(
        &[
            "quiz",
            "--mode",
            "quick",
            "--answers",
            file.to_str().unwrap(),
            "--json",
        ],
        &[("SKILLGAP_DATA_DIR", &data)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn readiness_of(v: &Value) -> Vec<(String, f64)> {
    v["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["role"].as_str().unwrap().to_string(),
                r["readiness"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_bluffer_is_far_from_every_role_in_the_full_and_the_quick_form() {
    let answers = bluffer();
    let a = full(&answers);
    for r in &a.roles {
        assert!(r.readiness <= 0.4, "full: {} {}", r.role, r.readiness);
    }
    assert!(!a.recommendation.settled);
    assert!(!a.path.is_empty());
    let bias = a.rating_bias.unwrap();
    assert!(bias.clear && bias.levels > 1.5, "{bias:?}");
    let q = quick(&answers);
    for (role, r) in readiness_of(&q) {
        assert!(r <= 0.4, "quick: {role} {r}");
    }
    assert_eq!(q["recommendation"]["settled"], false);
    assert!(!q["path"].as_array().unwrap().is_empty());
    assert_eq!(q["rating_bias"]["clear"], true, "{}", q["rating_bias"]);
    // The bluffer's answers say so in words.
    let kinds: Vec<&str> = q["recommendation"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"ratings_discounted"), "{kinds:?}");
    // The quick form tested the claims early: checks among the first ten questions.
    let asked = q["answered"].as_u64().unwrap();
    assert!(asked < bank().questions().len() as u64);
}

#[test]
fn the_modest_expert_is_ready_and_has_no_gap_in_a_skill_answered_right() {
    let answers = modest_expert();
    let a = full(&answers);
    let best = a.recommended().unwrap();
    assert!(best.readiness >= 0.85, "{}", best.readiness);
    assert!(best.against.is_empty(), "{:?}", best.against);
    assert!(a.path.is_empty(), "{:?}", a.path);
    let bias = a.rating_bias.unwrap();
    assert!(bias.clear && bias.levels < -1.0, "{bias:?}");
    let q = quick(&answers);
    let top = &q["roles"][0];
    assert!(top["readiness"].as_f64().unwrap() >= 0.85, "{top}");
    assert!(top["against"].as_array().unwrap().is_empty(), "{top}");
    // The modest expert comes out readier than the bluffer for every role.
    let bluff = full(&bluffer());
    for r in &a.roles {
        let b = bluff.roles.iter().find(|x| x.role == r.role).unwrap();
        assert!(r.readiness > b.readiness + 0.4, "{}", r.role);
    }
}

#[test]
fn an_empty_file_presents_no_readiness_as_measured() {
    let a = full(&Answers::default());
    for r in &a.roles {
        assert_eq!(r.measured, 0.0, "{}", r.role);
        assert_eq!(r.measured_readiness(), None);
        assert!(r.strengths.is_empty() && r.against.is_empty());
    }
    assert!(!a.recommendation.settled);
    assert!(a.skills.iter().all(|s| !s.measured()));
    let kinds: Vec<String> = a
        .recommendation
        .reasons
        .iter()
        .map(|r| {
            serde_json::to_value(r).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(kinds.contains(&"nothing_measured".to_string()), "{kinds:?}");
    // And the report says so instead of showing a percentage.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("empty.json");
    std::fs::write(&file, r#"{"answers": {}}"#).unwrap();
    let out = skillgap(&["score", "--answers", file.to_str().unwrap()], &[]);
    let text = stdout(&out);
    assert!(text.contains("not measured yet"), "{text}");
}

#[test]
fn skipping_everything_is_ready_for_little() {
    let answers = person(None, |_| None, |_| None);
    let a = full(&answers);
    for r in &a.roles {
        assert!(r.readiness <= 0.3, "{} {}", r.role, r.readiness);
    }
    for (role, r) in readiness_of(&quick(&answers)) {
        assert!(r <= 0.3, "quick: {role} {r}");
    }
}

#[test]
fn all_checks_wrong_meets_no_target() {
    let answers = person(None, |_| Some(false), neutral);
    let a = full(&answers);
    for r in &a.roles {
        assert!(r.strengths.is_empty(), "{}: {:?}", r.role, r.strengths);
        assert!(r.readiness < 0.3, "{} {}", r.role, r.readiness);
    }
}

#[test]
fn a_skill_answered_right_throughout_can_show_more_than_level_three() {
    // Everything right with honest top ratings: the checks and ratings agree, so the levels
    // reach past what the checks alone can show.
    let a = full(&person(Some(4), |_| Some(true), neutral));
    let high = a.skills.iter().filter(|s| s.level >= 3.5).count();
    assert!(high >= a.skills.len() / 2, "{high} of {}", a.skills.len());
}

#[test]
fn honest_personas_keep_their_recommendations_in_the_quick_form() {
    for (persona, role) in [
        ("cv_inspection", "computer_vision_engineer"),
        ("pytorch_researcher", "deep_learning_engineer"),
        ("data_analyst", "data_scientist"),
        ("arvr_developer", "computer_vision_engineer"),
    ] {
        let text =
            std::fs::read_to_string(fixtures().join("personas").join(format!("{persona}.json")))
                .unwrap();
        let p: skillgap::simulate::persona::Persona = serde_json::from_str(&text).unwrap();
        let answers = p.answers(bank());
        assert_eq!(full(&answers).recommendation.role, role, "{persona} full");
        let q = quick(&answers);
        assert_eq!(q["recommendation"]["role"], role, "{persona} quick");
    }
}
