//! `quiz --mode quick|full --answers FILE`: the quiz replayed from an answer file, with no
//! terminal. The quick form must ask what the adaptive loop asks (checked against the loop driven
//! here directly), save a quick result of only those answers, and do it the same way every time;
//! `--role` sets the focus in every mode. Readiness figures are not asserted (the scoring model
//! changes); structure and relationships are.

use crate::common::*;
use serde_json::Value;
use skillgap::adaptive::{self, Next, Policy, Tables, Tracker};
use skillgap::answers::{Answer, Answers};
use skillgap::bank::{self, Bank, BankSource};
use skillgap::quiz::{Mode, full_plan};
use skillgap::store::{SavedResult, Store};
use std::path::Path;

fn builtin() -> Bank {
    bank::load(&BankSource::Builtin).unwrap()
}

/// A persona fixture's answers to every question it answers.
fn persona_answers(bank: &Bank, name: &str) -> Answers {
    let text =
        std::fs::read_to_string(fixtures().join("personas").join(format!("{name}.json"))).unwrap();
    let p: skillgap::simulate::persona::Persona = serde_json::from_str(&text).unwrap();
    p.answers(bank)
}

/// Writes `answers` as an answer file in `dir`.
fn answer_file(dir: &Path, answers: &Answers) -> std::path::PathBuf {
    let path = dir.join("answers.json");
    std::fs::write(&path, answers.to_file_json()).unwrap();
    path
}

/// `skillgap quiz ARGS` with results in `data`, standard input not a terminal and `CI=true`.
fn quiz(data: &Path, args: &[&str]) -> std::process::Output {
    let args: Vec<&str> = std::iter::once("quiz")
        .chain(args.iter().copied())
        .collect();
    skillgap(
        &args,
        &[("SKILLGAP_DATA_DIR", data), ("CI", Path::new("true"))],
    )
}

/// Runs `quiz ARGS --json`, which must succeed; returns the printed JSON and the saved result.
fn saved(data: &Path, args: &[&str]) -> (Value, SavedResult) {
    let args = [args, &["--json"]].concat();
    let out = quiz(data, &args);
    assert!(
        out.status.success(),
        "quiz {args:?} failed: {}",
        stderr(&out)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = printed["id"].as_str().unwrap();
    let store = Store::open(data).unwrap();
    let result = store.find_result(id).unwrap();
    assert_eq!(result.id, id);
    // Finished: no unfinished session is left behind.
    let (sessions, problems) = store.sessions();
    assert!(sessions.is_empty() && problems.is_empty(), "{sessions:?}");
    (printed, result)
}

/// The question ids the adaptive quick form asks, in order, when every answer comes from `file`
/// ("I don't know" where it has none): the loop the interactive quiz runs, driven directly.
fn adaptive_order(bank: &Bank, file: &Answers, focus: &[String]) -> Vec<String> {
    let tables = Tables::new(bank);
    let roles = adaptive::role_positions(bank, focus);
    let policy = Policy::default();
    let mut tracker = Tracker::new(bank, &tables);
    let mut asked = Vec::new();
    while let Next::Ask(qi) = adaptive::next(&tracker, &roles, &policy) {
        let id = &bank.questions()[qi].id;
        tracker.record(qi, &file.get(id).map_or(Answer::Skip, normal));
        asked.push(id.clone());
    }
    asked
}

/// An answer as the quiz keeps it: chosen options in order, text trimmed.
fn normal(a: &Answer) -> Answer {
    match a {
        Answer::Choices(v) => {
            let mut v = v.clone();
            v.sort_unstable();
            Answer::Choices(v)
        }
        Answer::Text(t) if t.trim().is_empty() => Answer::Skip,
        Answer::Text(t) => Answer::Text(t.trim().to_string()),
        other => other.clone(),
    }
}

/// Checks that `result` holds exactly the questions in `asked`, each with the file's answer
/// ("I don't know" where the file has none).
fn assert_answers_from_file(result: &SavedResult, file: &Answers, asked: &[String]) {
    let ids: Vec<&String> = result.answers.iter().map(|(id, _)| id).collect();
    let mut want: Vec<&String> = asked.iter().collect();
    want.sort();
    want.dedup();
    assert_eq!(want.len(), asked.len(), "a question was asked twice");
    assert_eq!(ids, want, "the saved answers are not the questions asked");
    for (id, a) in result.answers.iter() {
        let expected = file.get(id).map_or(Answer::Skip, normal);
        assert_eq!(*a, expected, "question {id}");
    }
}

#[test]
fn a_quick_replay_asks_what_the_adaptive_form_asks_and_saves_only_that() {
    let bank = builtin();
    let dir = tempfile::tempdir().unwrap();
    let file = persona_answers(&bank, "cv_inspection");
    let path = answer_file(dir.path(), &file);
    let data = dir.path().join("data");
    let (printed, result) = saved(
        &data,
        &["--mode", "quick", "--answers", path.to_str().unwrap()],
    );

    assert_eq!(result.mode, Mode::Quick);
    let asked = adaptive_order(&bank, &file, &[]);
    assert!(
        !asked.is_empty() && asked.len() < file.len() && asked.len() < bank.questions().len(),
        "asked {} of the file's {} answers",
        asked.len(),
        file.len()
    );
    assert_answers_from_file(&result, &file, &asked);
    assert!(result.assessment.focus.is_empty());
    assert_eq!(result.assessment.answered, asked.len());

    // The printed recommendation is the one saved, and the one `show` prints.
    let stored = serde_json::to_value(&result.assessment).unwrap();
    assert_eq!(printed["recommendation"], stored["recommendation"]);
    let show = skillgap(
        &["show", &result.id, "--json"],
        &[("SKILLGAP_DATA_DIR", data.as_path())],
    );
    assert!(show.status.success(), "{}", stderr(&show));
    let shown: Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(shown["recommendation"], printed["recommendation"]);
    assert_eq!(shown["id"], printed["id"]);
}

#[test]
fn a_quick_replay_asks_the_same_questions_every_time() {
    let bank = builtin();
    let dir = tempfile::tempdir().unwrap();
    let file = persona_answers(&bank, "arvr_developer");
    let path = answer_file(dir.path(), &file);
    let path = path.to_str().unwrap();
    let data = dir.path().join("data");
    let (first_json, first) = saved(&data, &["--mode", "quick", "--answers", path]);
    let (second_json, second) = saved(&data, &["--mode", "quick", "--answers", path]);
    assert_ne!(first.id, second.id, "two runs, two results");
    assert_eq!(first.answers, second.answers);
    assert_eq!(first.assessment, second.assessment);
    assert_eq!(first_json["recommendation"], second_json["recommendation"]);
    assert_answers_from_file(&second, &file, &adaptive_order(&bank, &file, &[]));
}

#[test]
fn a_file_answering_nothing_is_replayed_as_all_dont_knows() {
    let bank = builtin();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.json");
    std::fs::write(&path, r#"{"answers": {}}"#).unwrap();
    let data = dir.path().join("data");
    let (printed, result) = saved(
        &data,
        &["--mode", "quick", "--answers", path.to_str().unwrap()],
    );
    assert_eq!(result.mode, Mode::Quick);
    let asked = adaptive_order(&bank, &Answers::default(), &[]);
    assert!(!asked.is_empty() && asked.len() <= Policy::default().max_questions);
    assert_answers_from_file(&result, &Answers::default(), &asked);
    assert!(result.answers.iter().all(|(_, a)| *a == Answer::Skip));
    assert_eq!(printed["skipped"], asked.len());

    // The terminal report too, with no terminal anywhere.
    let out = quiz(
        &data,
        &["--mode", "quick", "--answers", path.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Recommendation:"), "{}", stdout(&out));
}

#[test]
fn role_sets_the_focus_of_a_replay_and_of_a_scored_file() {
    let bank = builtin();
    let dir = tempfile::tempdir().unwrap();
    let file = persona_answers(&bank, "cv_inspection");
    let path = answer_file(dir.path(), &file);
    let path = path.to_str().unwrap();
    let data = dir.path().join("data");
    let focus = vec!["data_engineer".to_string()];

    let (_, unfocused) = saved(&data, &["--mode", "quick", "--answers", path]);
    assert_ne!(
        unfocused.assessment.recommendation.role, focus[0],
        "the persona should lean elsewhere, or focusing shows nothing"
    );
    let (printed, quick) = saved(
        &data,
        &["--mode", "quick", "--answers", path, "--role", &focus[0]],
    );
    assert_eq!(quick.mode, Mode::Quick);
    assert_eq!(quick.assessment.focus, focus);
    assert_eq!(printed["focus"], serde_json::json!(focus));
    assert_eq!(quick.assessment.recommendation.role, focus[0]);
    assert_answers_from_file(&quick, &file, &adaptive_order(&bank, &file, &focus));

    // Scoring the whole file (no --mode) keeps every answer, now with the focus.
    let (printed, scored) = saved(&data, &["--answers", path, "--role", &focus[0]]);
    assert_eq!(scored.mode, Mode::Answers);
    assert_eq!(scored.answers, file);
    assert_eq!(scored.assessment.focus, focus);
    assert_eq!(printed["focus"], serde_json::json!(focus));
    assert_eq!(scored.assessment.recommendation.role, focus[0]);

    // A mistyped role is a usage error with a "did you mean", in every mode; nothing is saved.
    let before = Store::open(&data).unwrap().results().0.len();
    for mode in [&[][..], &["--mode", "quick"], &["--mode", "full"]] {
        let args = [
            mode,
            &["--answers", path, "--role", "data_enginer", "--json"],
        ]
        .concat();
        let out = quiz(&data, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out)
                .contains(r#"no role "data_enginer" in the bank; did you mean "data_engineer"?"#),
            "{}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty());
    }
    assert_eq!(Store::open(&data).unwrap().results().0.len(), before);
}

#[test]
fn a_full_replay_asks_every_question_of_the_full_form() {
    let bank = builtin();
    let dir = tempfile::tempdir().unwrap();
    let file = persona_answers(&bank, "pytorch_researcher");
    let path = answer_file(dir.path(), &file);
    let path = path.to_str().unwrap();
    let data = dir.path().join("data");

    // Every question of the bank, each with the file's answer (whatever the options' shuffle),
    // "I don't know" for those the persona leaves out.
    let (_, full) = saved(&data, &["--mode", "full", "--answers", path]);
    assert_eq!(full.mode, Mode::Full);
    let plan = full_plan(&bank, &[]);
    assert_eq!(plan.len(), bank.questions().len());
    assert!(
        plan.iter().any(|id| file.get(id).is_none()),
        "the persona answers everything, so \"I don't know\" for the rest is not tested"
    );
    assert_answers_from_file(&full, &file, &plan);

    // Focused: only that role's questions; the file's other answers are left out.
    let focus = vec!["deep_learning_engineer".to_string()];
    let (_, focused) = saved(
        &data,
        &["--mode", "full", "--answers", path, "--role", &focus[0]],
    );
    let plan = full_plan(&bank, &focus);
    assert!(plan.len() < bank.questions().len());
    assert_answers_from_file(&focused, &file, &plan);
    assert_eq!(focused.assessment.focus, focus);

    // Without --mode the file is scored as it is, as before.
    let (_, scored) = saved(&data, &["--answers", path]);
    assert_eq!(scored.mode, Mode::Answers);
    assert_eq!(scored.answers, file);
    assert!(scored.assessment.focus.is_empty());
}

#[test]
fn a_bad_answer_file_stops_a_replay_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"answers": {"pytorch.self": 9, "pytorch.slf": 1}}"#,
    )
    .unwrap();
    let missing = dir.path().join("missing.json");
    for (file, says) in [
        (&bad, "has 2 problems"),
        (&missing, "missing.json: cannot be read"),
    ] {
        let out = quiz(
            &data,
            &["--mode", "quick", "--answers", file.to_str().unwrap()],
        );
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
    assert!(
        !data.join("results").exists()
            || std::fs::read_dir(data.join("results"))
                .unwrap()
                .next()
                .is_none()
    );
}

#[test]
fn quiz_help_explains_each_use_of_an_answer_file() {
    let out = skillgap(&["quiz", "--help"], &[]);
    assert!(out.status.success());
    let help = stdout(&out);
    for line in [
        "quiz --answers FILE\n",
        "quiz --mode quick --answers FILE\n",
        "quiz --mode full --answers FILE\n",
        "--role ID (repeatable) focuses",
    ] {
        assert!(help.contains(line), "{line:?} missing from:\n{help}");
    }
}

/// The README's replay example, run with the README's answer-file example as FILE.
#[test]
fn the_readme_replay_example_runs() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("## Answer files")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let example = section
        .split("```json\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .unwrap();
    let command = section
        .lines()
        .find(|l| l.starts_with("skillgap quiz --mode quick"))
        .expect("the README shows a quick replay");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.json");
    std::fs::write(&file, example).unwrap();
    let args: Vec<&str> = command
        .split_whitespace()
        .skip(1)
        .map(|w| {
            if w == "FILE" {
                file.to_str().unwrap()
            } else {
                w
            }
        })
        .collect();
    let data = dir.path().join("data");
    let out = skillgap(&args, &[("SKILLGAP_DATA_DIR", data.as_path())]);
    assert!(out.status.success(), "{command}: {}", stderr(&out));
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = Store::open(&data)
        .unwrap()
        .find_result(printed["id"].as_str().unwrap())
        .unwrap();
    assert_eq!(result.mode, Mode::Quick);
}

/// What a replay prints at a pipe (80 columns, no colour); the result id and date are filtered.
#[test]
fn snapshot_of_a_quick_replay() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("cv.json"),
        std::fs::read_to_string(fixtures().join("snapshots/cv_inspection.answers.json")).unwrap(),
    )
    .unwrap();
    let args = [
        "--data-dir",
        "data",
        "quiz",
        "--mode",
        "quick",
        "--answers",
        "cv.json",
    ];
    let out = skillgap_in(d, &args);
    let results: Vec<String> = std::fs::read_dir(d.join("data/results"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let [file] = results.as_slice() else {
        panic!("expected one saved result, found {results:?}");
    };
    let id = file.strip_suffix(".json").unwrap();
    let text = format!(
        "$ skillgap {}\nexit code: {}\n--- stdout ---\n{}--- stderr ---\n{}",
        args.join(" "),
        out.status.code().unwrap(),
        stdout(&out),
        stderr(&out)
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.add_filter(&format!(r"\b{id}\b"), "[ID-A]");
    settings.add_filter(r"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b", "YYYY-MM-DD HH:MM");
    settings.bind(|| insta::assert_snapshot!("quiz_replay_quick", text));
}
