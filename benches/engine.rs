//! Benchmarks: loading and validating a bank, scoring a full answer set, and choosing the next
//! question, on the shipped bank and on a generated bank of 10,000 questions and 50 roles.
//!
//! `cargo bench --bench engine` (the README quotes the medians).

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use skillgap::adaptive::{self, Policy, Tables, Tracker};
use skillgap::answers::{Answer, Answers};
use skillgap::bank::{self, Bank, BankSource, QuestionKind};
use skillgap::score;
use std::hint::black_box;

/// Writes a synthetic bank: 1,000 skills with a self-rating and 9 checks each (10,000 questions)
/// and 50 roles of 30 skills.
fn generated_bank(dir: &std::path::Path) {
    std::fs::create_dir_all(dir.join("questions")).unwrap();
    std::fs::create_dir_all(dir.join("profiles")).unwrap();
    let skills: Vec<_> = (0..1000)
        .map(|s| {
            json!({
                "id": format!("s{s}"), "name": format!("Skill {s}"), "category": format!("Category {}", s % 20),
                "description": "A generated skill.",
                "levels": ["none", "aware", "routine", "strong", "expert"],
                "prerequisites": if s % 10 == 0 || s < 10 { json!([]) } else { json!([format!("s{}", s - s % 10)]) },
                "learn": {"what": "Study it.", "project": "Build something.", "resource": "course", "hours_per_level": 10}
            })
        })
        .collect();
    let mut questions = Vec::new();
    for s in 0..1000 {
        questions.push(json!({"id": format!("s{s}.self"), "skill": format!("s{s}"), "kind": "self_rating", "prompt": "Rate yourself."}));
        for k in 0..9 {
            questions.push(json!({
                "id": format!("s{s}.k{k}"), "skill": format!("s{s}"), "kind": "single_choice", "prompt": "Which one?",
                "options": ["a", "b", "c", "d"], "correct": [k % 4],
                "difficulty": -1.5 + 0.4 * k as f64, "discrimination": 0.8 + 0.1 * (k % 5) as f64, "explanation": "Because."
            }));
        }
    }
    for i in 0..20 {
        questions.push(json!({"id": format!("interest.{i}"), "kind": "interest", "topic": format!("Topic {i}"), "prompt": "Interested?",
            "options": ["Not for me", "Indifferent", "Interested", "Very interested"]}));
    }
    std::fs::write(
        dir.join("questions/generated.json"),
        json!({"skills": skills, "questions": questions}).to_string(),
    )
    .unwrap();
    let roles: Vec<_> = (0..50)
        .map(|r| {
            json!({
                "id": format!("role{r}"), "name": format!("Role {r}"), "definition": "A generated role.",
                "skills": (0..30).map(|k| json!({"skill": format!("s{}", (r * 17 + k * 31) % 1000), "importance": 1 + (k % 5), "target": 1 + (k % 4)})).collect::<Vec<_>>(),
                "interests": (0..4).map(|k| json!({"question": format!("interest.{}", (r + k * 5) % 20), "weight": 1 + k})).collect::<Vec<_>>()
            })
        })
        .collect();
    std::fs::write(
        dir.join("profiles/generated.json"),
        json!({"roles": roles}).to_string(),
    )
    .unwrap();
}

/// Answers to every question: rating 2 and every other check right.
fn full_answers(bank: &Bank) -> Answers {
    let mut answers = Answers::default();
    for (i, q) in bank.questions().iter().enumerate() {
        let a = match q.kind {
            QuestionKind::SelfRating => Answer::Choice(2),
            QuestionKind::Interest | QuestionKind::Background => {
                Answer::Choice(i % q.options.len())
            }
            _ if i % 2 == 0 => skillgap::score::right_answer(q),
            _ => Answer::Skip,
        };
        answers.insert(q.id.clone(), a);
    }
    answers
}

/// A tracker partway through a quick quiz, past the self-ratings (so the next choice takes the
/// full adaptive path): every self-rating answered, then `n` adaptive questions.
fn partway<'a>(bank: &'a Bank, tables: &'a Tables, answers: &Answers, n: usize) -> Tracker<'a> {
    let mut t = Tracker::new(bank, tables);
    for (i, q) in bank.questions().iter().enumerate() {
        if q.kind == QuestionKind::SelfRating {
            t.record(i, answers.get(&q.id).unwrap());
        }
    }
    let roles = adaptive::role_positions(bank, &[]);
    let policy = Policy {
        max_questions: usize::MAX,
        ..Policy::default()
    };
    for _ in 0..n {
        match adaptive::next(&t, &roles, &policy) {
            adaptive::Next::Ask(q) => t.record(q, answers.get(&bank.questions()[q].id).unwrap()),
            adaptive::Next::Stop(_) => break,
        }
    }
    t
}

fn benches(c: &mut Criterion) {
    let shipped = bank::load(&BankSource::Builtin).unwrap();
    let dir = tempfile::tempdir().unwrap();
    generated_bank(dir.path());
    let source = BankSource::Dir(dir.path().to_path_buf());
    let big = bank::load(&source).unwrap();
    assert_eq!(big.questions().len(), 10_020);

    c.bench_function("load and validate: shipped bank", |b| {
        b.iter(|| bank::load(black_box(&BankSource::Builtin)).unwrap())
    });
    c.bench_function("load and validate: 10k questions, 50 roles", |b| {
        b.iter(|| bank::load(black_box(&source)).unwrap())
    });

    for (name, bank) in [
        ("shipped bank", &shipped),
        ("10k questions, 50 roles", &big),
    ] {
        let answers = full_answers(bank);
        c.bench_function(&format!("score a full answer set: {name}"), |b| {
            b.iter(|| score::assess(bank, black_box(&answers)))
        });
        let tables = Tables::new(bank);
        let tracker = partway(bank, &tables, &answers, 10);
        assert!(
            matches!(adaptive::next(&tracker, &adaptive::role_positions(bank, &[]), &Policy { max_questions: usize::MAX, ..Policy::default() }), adaptive::Next::Ask(q) if bank.questions()[q].kind.is_knowledge_check() || bank.questions()[q].kind == QuestionKind::Interest)
        );
        let roles = adaptive::role_positions(bank, &[]);
        let policy = Policy {
            max_questions: usize::MAX,
            ..Policy::default()
        };
        c.bench_function(&format!("choose the next question: {name}"), |b| {
            b.iter(|| adaptive::next(black_box(&tracker), &roles, &policy))
        });
    }
}

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(engine);
