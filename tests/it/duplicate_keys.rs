//! A key given twice in one JSON object is an error in every format skillgap reads (JSON readers
//! keep one of the two values silently): in a bank file, in an answer file's answers, and in the
//! maps of a saved result or session. Each error names the key.

use crate::common::*;
use skillgap::answers::Answers;
use skillgap::bank::{self, BankSource, Severity};
use skillgap::store::{SavedResult, Session};

fn mini() -> bank::Bank {
    bank::load(&BankSource::Dir(fixtures().join("mini"))).unwrap()
}

/// The mini bank with `file` (relative to the bank) replaced by `text`; its error diagnostics.
fn bank_errors(file: &str, text: &str) -> Vec<bank::Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("mini"), dir.path());
    std::fs::write(dir.path().join(file), text).unwrap();
    match bank::load(&BankSource::Dir(dir.path().to_path_buf())) {
        Ok(_) => panic!("a bank with a duplicate key in {file} loaded"),
        Err(d) => d
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    }
}

#[test]
fn a_duplicate_field_in_a_bank_item_is_reported_where_it_is() {
    let errors = bank_errors("questions/extra.json", &{
        let fixture = fixtures().join("broken/duplicate_key/questions/extra.json");
        std::fs::read_to_string(fixture).unwrap()
    });
    let d = errors
        .iter()
        .find(|d| d.message.contains("duplicate key `correct`"))
        .unwrap_or_else(|| panic!("no duplicate-key error: {errors:?}"));
    assert!(d.file.ends_with("questions/extra.json"), "{d}");
    assert_eq!(d.place.path.as_deref(), Some("questions[0].correct"), "{d}");
    assert_eq!((d.place.line, d.place.column), (Some(4), Some(4)), "{d}");
}

#[test]
fn duplicate_keys_are_found_at_the_top_level_and_deep_inside() {
    let core = std::fs::read_to_string(fixtures().join("mini/questions/core.json")).unwrap();
    // The whole "questions" list given twice: the second would have replaced the first.
    let twice = core.replacen(
        "\"questions\": [",
        "\"questions\": [],\n  \"questions\": [",
        1,
    );
    let errors = bank_errors("questions/core.json", &twice);
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("duplicate key `questions`")
                && d.place.path.as_deref() == Some("questions")),
        "{errors:?}"
    );
    // Inside a skill's learning block.
    let deep = core.replacen(
        "\"hours_per_level\": 20",
        "\"hours_per_level\": 20, \"hours_per_level\": 2",
        1,
    );
    let errors = bank_errors("questions/core.json", &deep);
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("duplicate key `hours_per_level`")
                && d.place.path.as_deref() == Some("skills[0].learn.hours_per_level")),
        "{errors:?}"
    );
    let roles = std::fs::read_to_string(fixtures().join("mini/profiles/roles.json")).unwrap();
    let role = roles.replacen(
        "\"name\": \"Vision Engineer\",",
        "\"name\": \"Vision Engineer\", \"name\": \"X\",",
        1,
    );
    let errors = bank_errors("profiles/roles.json", &role);
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("duplicate key `name`")
                && d.file.ends_with("profiles/roles.json")
                && d.place.path.as_deref() == Some("roles[0].name")),
        "{errors:?}"
    );
}

#[test]
fn an_answer_file_with_a_question_answered_twice_is_refused() {
    let bank = mini();
    let problems = Answers::parse_file(
        r#"{"answers": {"python.self": 1, "python.self": 4}}"#,
        &bank,
    )
    .unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("duplicate key `python.self` at line 1 column 44"),
        "{problems:?}"
    );
    // The "answers" object itself twice is serde's duplicate field.
    let problems = Answers::parse_file(
        r#"{"answers": {"python.self": 1}, "answers": {"python.self": 4}}"#,
        &bank,
    )
    .unwrap_err();
    assert!(
        problems[0].contains("duplicate field `answers`"),
        "{problems:?}"
    );

    // Through the command line, named with the file.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("twice.json");
    std::fs::write(
        &file,
        "{\"answers\": {\n  \"python.k1\": 1,\n  \"python.k1\": 0\n}}",
    )
    .unwrap();
    let mini = fixtures().join("mini");
    let out = skillgap(
        &[
            "--bank",
            mini.to_str().unwrap(),
            "score",
            "--answers",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert!(!out.status.success());
    let err = stderr(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        err.contains("twice.json") && err.contains("duplicate key `python.k1` at line 3"),
        "{err}"
    );
}

/// The maps of the saved formats (answers, versions, option orders) refuse a repeated key as
/// they are read into their types.
#[test]
fn saved_results_and_sessions_refuse_repeated_keys_in_their_maps() {
    let dir = tempfile::tempdir().unwrap();
    let id = quiz_from_answers(
        dir.path(),
        Some(&fixtures().join("mini")),
        r#"{"answers": {"python.self": 2, "python.k1": 1}}"#,
    );
    let text =
        std::fs::read_to_string(dir.path().join("results").join(format!("{id}.json"))).unwrap();
    let result: SavedResult = serde_json::from_str(&text).unwrap();
    assert!(!result.versions.is_empty());

    // Repeat the first key of the map at `field` (its text as serde_json writes it, compact).
    fn repeat_first(json: &serde_json::Value, field: &str) -> String {
        let compact = serde_json::to_string(json).unwrap();
        let map = json[field].as_object().unwrap();
        let (k, v) = map.iter().next().unwrap();
        let entry = format!("{}:{}", serde_json::to_string(k).unwrap(), v);
        let start = format!("\"{field}\":{{");
        compact.replacen(&start, &format!("{start}{entry},"), 1)
    }
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    for field in ["answers", "versions"] {
        let doubled = repeat_first(&value, field);
        let e = serde_json::from_str::<SavedResult>(&doubled).unwrap_err();
        assert!(
            e.to_string().starts_with("duplicate key `python.k1`"),
            "{field}: {e}"
        );
    }

    let mut session = Session::new(
        "abcdef".to_string(),
        skillgap::store::Mode::Full,
        Vec::new(),
        result.bank.clone(),
    );
    session.answers = result.answers.clone();
    session.versions = result.versions.clone();
    session
        .shuffles
        .insert("python.k1".to_string(), vec![1, 0, 2]);
    let value = serde_json::to_value(&session).unwrap();
    assert!(serde_json::from_value::<Session>(value.clone()).is_ok());
    for field in ["answers", "versions", "shuffles"] {
        let doubled = repeat_first(&value, field);
        let e = serde_json::from_str::<Session>(&doubled).unwrap_err();
        assert!(
            e.to_string().starts_with("duplicate key `python.k1`"),
            "{field}: {e}"
        );
    }
}

/// Through the store, on both of its roads: a result of today's format read straight into its
/// type, and one whose text has escapes (read through a `Value`, which would keep the last of a
/// repeated key). Either is reported as corrupt, by its path, and left as it is.
#[test]
fn show_refuses_a_saved_result_with_a_repeated_key() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let id = quiz_from_answers(
        data,
        Some(&fixtures().join("mini")),
        r#"{"answers": {"python.self": 2, "python.k1": 1}}"#,
    );
    let path = data.join("results").join(format!("{id}.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    let doubled = text.replacen("\"answers\": {", "\"answers\": {\n    \"python.k1\": 0,", 1);
    assert_ne!(doubled, text);
    for (what, body) in [
        ("typed", doubled.clone()),
        // An escaped character anywhere sends the file down the Value road.
        (
            "through a Value",
            doubled.replacen("\"mode\"", "\"m\\u006fde\"", 1),
        ),
    ] {
        std::fs::write(&path, &body).unwrap();
        let out = skillgap(&["show", &id], &[("SKILLGAP_DATA_DIR", data)]);
        let err = stderr(&out)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert!(err.contains("duplicate key `python.k1`"), "{what}: {err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            body,
            "left as it is"
        );
    }
}
