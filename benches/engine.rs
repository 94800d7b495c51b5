//! Benchmarks: loading and validating a bank, scoring a full answer set, and choosing the next
//! question, on the shipped bank and on generated banks of 10,000 and 100,000 questions with 50
//! roles.
//!
//! `cargo bench --bench engine` (see benches/README.md). Choosing is timed from two states: every
//! self-rating of the bank answered (the benchmarks the README always quoted), and the quiz's own
//! state, its first self-ratings and 10 more questions (the only one for the 100,000-question
//! bank: answering 10,000 self-ratings, each an update of 10,000 skills, would take minutes).
//! Building the quiz state of the big bank takes about 30 s before its benchmarks start.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use serde_json::json;
use skillgap::adaptive::{self, Policy, Tables, Tracker};
use skillgap::answers::{Answer, Answers};
use skillgap::bank::{self, Bank, BankSource, QuestionKind};
use skillgap::score;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Skills per question file: the loader takes files of up to 8 MiB.
const SKILLS_PER_FILE: usize = 1000;

/// Writes a synthetic bank: `skills` skills with a self-rating and 9 checks each (10 questions a
/// skill), 20 interest questions and 50 roles of 30 skills.
fn generated_bank(dir: &std::path::Path, skills: usize) {
    std::fs::create_dir_all(dir.join("questions")).unwrap();
    std::fs::create_dir_all(dir.join("profiles")).unwrap();
    for first in (0..skills).step_by(SKILLS_PER_FILE) {
        let range = first..(first + SKILLS_PER_FILE).min(skills);
        let skill_list: Vec<_> = range
            .clone()
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
        for s in range {
            questions.push(json!({"id": format!("s{s}.self"), "skill": format!("s{s}"), "kind": "self_rating", "prompt": "Rate yourself."}));
            for k in 0..9 {
                questions.push(json!({
                    "id": format!("s{s}.k{k}"), "skill": format!("s{s}"), "kind": "single_choice", "prompt": "Which one?",
                    "options": ["a", "b", "c", "d"], "correct": [k % 4],
                    "difficulty": -1.5 + 0.4 * k as f64, "discrimination": 0.8 + 0.1 * (k % 5) as f64, "explanation": "Because."
                }));
            }
        }
        if first == 0 {
            for i in 0..20 {
                questions.push(json!({"id": format!("interest.{i}"), "kind": "interest", "topic": format!("Topic {i}"), "prompt": "Interested?",
                    "options": ["Not for me", "Indifferent", "Interested", "Very interested"]}));
            }
        }
        std::fs::write(
            dir.join(format!(
                "questions/generated{:03}.json",
                first / SKILLS_PER_FILE
            )),
            json!({"skills": skill_list, "questions": questions}).to_string(),
        )
        .unwrap();
    }
    let roles: Vec<_> = (0..50)
        .map(|r| {
            json!({
                "id": format!("role{r}"), "name": format!("Role {r}"), "definition": "A generated role.",
                "skills": (0..30).map(|k| json!({"skill": format!("s{}", (r * 17 + k * 31) % skills), "importance": 1 + (k % 5), "target": 1 + (k % 4)})).collect::<Vec<_>>(),
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

/// Where a tracker stands when a benchmark chooses.
#[derive(Clone, Copy, PartialEq)]
enum State {
    /// Every self-rating of the bank answered, then 10 questions of the quiz.
    EveryRating,
    /// The quiz as a person takes it: the self-ratings it asks first (those of the skills that
    /// matter), then 10 more of its questions.
    Quiz,
}

impl State {
    fn label(self) -> &'static str {
        match self {
            State::EveryRating => "",
            State::Quiz => ", quiz state",
        }
    }
}

/// A tracker partway through a quick quiz, past the self-ratings it asks first (so the next
/// choice takes the full adaptive path), then `n` more questions of the quiz; with how many
/// answers it holds.
fn partway<'a>(
    bank: &'a Bank,
    tables: &'a Tables,
    answers: &Answers,
    n: usize,
    state: State,
) -> (Tracker<'a>, usize) {
    let mut t = Tracker::new(bank, tables);
    let mut count = 0;
    if state == State::EveryRating {
        for (i, q) in bank.questions().iter().enumerate() {
            if q.kind == QuestionKind::SelfRating {
                t.record(i, answers.get(&q.id).unwrap());
                count += 1;
            }
        }
    }
    let roles = adaptive::role_positions(bank, &[]);
    let policy = unlimited();
    let mut past_ratings = 0;
    while past_ratings < n {
        match adaptive::next(&t, &roles, &policy) {
            adaptive::Next::Ask(q) => {
                let question = &bank.questions()[q];
                past_ratings += usize::from(question.kind != QuestionKind::SelfRating);
                t.record(q, answers.get(&question.id).unwrap());
                count += 1;
            }
            adaptive::Next::Stop(_) => break,
        }
    }
    (t, count)
}

/// The policy the benchmarks choose with: no question limit.
fn unlimited() -> Policy {
    Policy {
        max_questions: usize::MAX,
        ..Policy::default()
    }
}

/// Times scoring a full answer set on one bank.
fn score_bench(c: &mut Criterion, name: &str, bank: &Bank) {
    let answers = full_answers(bank);
    c.bench_function(&format!("score a full answer set: {name}"), |b| {
        b.iter(|| score::assess(bank, black_box(&answers)))
    });
}

/// Times choosing the next question on one bank from a tracker in `state`, and (in the quiz
/// state) recording the answer to it.
fn quiz_benches(c: &mut Criterion, name: &str, bank: &Bank, tables: &Tables, state: State) {
    let answers = full_answers(bank);
    let start = Instant::now();
    let (tracker, count) = partway(bank, tables, &answers, 10, state);
    eprintln!(
        "({name}{}: a tracker with {count} answers built in {:.1} s)",
        state.label(),
        start.elapsed().as_secs_f64()
    );
    let roles = adaptive::role_positions(bank, &[]);
    let policy = unlimited();
    let adaptive::Next::Ask(q) = adaptive::next(&tracker, &roles, &policy) else {
        panic!("{name}: the quiz goes on");
    };
    let kind = bank.questions()[q].kind;
    assert!(kind.is_knowledge_check() || kind == QuestionKind::Interest);
    c.bench_function(
        &format!("choose the next question: {name}{}", state.label()),
        |b| b.iter(|| adaptive::next(black_box(&tracker), &roles, &policy)),
    );
    if state == State::Quiz {
        let answer = answers.get(&bank.questions()[q].id).unwrap();
        c.bench_function(&format!("record an answer: {name}{}", state.label()), |b| {
            b.iter_batched_ref(
                || tracker.clone(),
                |t| t.record(black_box(q), answer),
                BatchSize::LargeInput,
            )
        });
    }
}

fn benches(c: &mut Criterion) {
    let shipped = bank::load(&BankSource::Builtin).unwrap();
    let dir = tempfile::tempdir().unwrap();
    generated_bank(dir.path(), 1000);
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
        score_bench(c, name, bank);
        let tables = Tables::new(bank);
        quiz_benches(c, name, bank, &tables, State::EveryRating);
        quiz_benches(c, name, bank, &tables, State::Quiz);
    }
}

/// The 100,000-question bank (10,000 skills), with fewer samples: a full answer set takes
/// milliseconds to score.
fn huge_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    generated_bank(dir.path(), 10_000);
    let start = Instant::now();
    let huge = bank::load(&BankSource::Dir(dir.path().to_path_buf())).unwrap();
    eprintln!(
        "(100k questions: loaded and validated in {:.2} s)",
        start.elapsed().as_secs_f64()
    );
    assert_eq!(huge.questions().len(), 100_020);
    let name = "100k questions, 50 roles";
    score_bench(c, name, &huge);
    // Every self-rating would take 10,000 updates of 10,000 skills: the quiz state only.
    quiz_benches(c, name, &huge, &Tables::new(&huge), State::Quiz);
}

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_group! {
    name = huge;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(5));
    targets = huge_benches
}
criterion_main!(engine, huge);
