//! The command line at its edges: wrong subcommands and flags, answer files that do not fit,
//! the stable result JSON, completions and rescoring.

use crate::common::*;

fn mini() -> String {
    fixtures().join("mini").to_str().unwrap().to_string()
}

#[test]
fn a_mistyped_subcommand_gets_a_did_you_mean_and_exit_2() {
    let out = skillgap(&["histroy"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("history"), "{err}");
    let out = skillgap(&["show", "--jsn"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--json"), "{}", stderr(&out));
}

/// Ten thousand unknown ids get a message of a few lines: the first five named with a "did you
/// mean", the rest counted (a million of them made a 34 MB message).
#[test]
fn many_unknown_ids_get_a_bounded_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.json");
    let mut answers: serde_json::Map<String, serde_json::Value> = (0..10_000)
        .map(|i| (format!("python.slf{i:05}"), serde_json::json!(1)))
        .collect();
    answers.insert("python.self".to_string(), serde_json::json!(9));
    let text = serde_json::json!({ "answers": answers }).to_string();
    std::fs::write(&file, text).unwrap();
    let out = skillgap(
        &[
            "--bank",
            &mini(),
            "score",
            "--answers",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines.len() <= 12, "{} lines:\n{err}", lines.len());
    assert_eq!(
        err.matches("unknown question id \"python.slf").count(),
        5,
        "{err}"
    );
    assert!(err.contains("(did you mean \"python.self\"?)"), "{err}");
    assert!(err.contains("and 9,995 more unknown question ids"), "{err}");
    // The known question's own problem is still named.
    assert!(
        err.contains("question \"python.self\" (self_rating)"),
        "{err}"
    );
}

#[test]
fn an_answer_file_that_does_not_fit_names_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.json");
    std::fs::write(&file, r#"{"answers": {"python.slf": 3, "python.k2": 1, "deep.self": 7, "vision.k2": ["x"], "python.k1": "skip"}}"#).unwrap();
    let out = skillgap(
        &[
            "--bank",
            &mini(),
            "score",
            "--answers",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for expected in [
        "unknown question id \"python.slf\" (did you mean \"python.self\"?)",
        "question \"python.k2\" (multiple_choice): expected an array of option indices",
        "question \"deep.self\" (self_rating): expected a level 0–4",
        "question \"vision.k2\"",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in {err}");
    }
    assert!(err.contains(file.to_str().unwrap()));

    let out = skillgap(&["score", "--answers", "/no/such/file.json"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/no/such/file.json"));
    std::fs::write(&file, "{not json").unwrap();
    let out = skillgap(&["score", "--answers", file.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not an answer file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn score_json_is_stable_and_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.json");
    std::fs::write(&file, r#"{"answers": {"python.self": 3, "python.k1": 1, "vision.k2": "open cv", "deep.k1": "skip", "interest.images": 3}}"#).unwrap();
    let run = || {
        skillgap(
            &[
                "--bank",
                &mini(),
                "score",
                "--answers",
                file.to_str().unwrap(),
                "--json",
            ],
            &[],
        )
    };
    let (a, b) = (run(), run());
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout, "same answers, same bytes");
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    for key in [
        "skill",
        "theta",
        "theta_sd",
        "level",
        "level_low",
        "level_high",
        "self_rating",
        "calibration",
    ] {
        assert!(v["skills"][0].get(key).is_some(), "skills[].{key}");
    }
    for key in [
        "role",
        "name",
        "readiness",
        "readiness_low",
        "readiness_high",
        "interest",
        "overall",
        "for",
        "against",
    ] {
        assert!(v["roles"][0].get(key).is_some(), "roles[].{key}");
    }
    for key in ["role", "runner_up", "reasons"] {
        assert!(
            v["recommendation"].get(key).is_some(),
            "recommendation.{key}"
        );
    }
    assert!(v["path"].is_array());
    // Nothing is saved by `score`.
    assert!(!dir.path().join("results").exists());
}

#[test]
fn completions_are_printed_for_a_shell() {
    let out = skillgap(&["completions", "bash"], &[]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("skillgap") && stdout(&out).contains("history"));
    assert_eq!(
        skillgap(&["completions", "tcsh"], &[]).status.code(),
        Some(2)
    );
}

#[test]
fn rescore_uses_todays_bank_and_leaves_out_changed_questions() {
    let data = tempfile::tempdir().unwrap();
    let env = [("SKILLGAP_DATA_DIR", data.path())];
    let mini_bank = fixtures().join("mini");
    let old = quiz_from_answers(
        data.path(),
        Some(&mini_bank),
        r#"{"answers": {"python.self": 3, "python.k1": 1, "vision.self": 2}}"#,
    );

    let bank = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("mini"), bank.path());
    let path = bank.path().join("questions/core.json");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        r#""options": ["2", "3", "4"], "correct": [1]"#,
        r#""options": ["3", "2", "4"], "correct": [0]"#,
    );
    std::fs::write(&path, text).unwrap();
    let out = skillgap(
        &[
            "--bank",
            bank.path().to_str().unwrap(),
            "rescore",
            &old,
            "--json",
        ],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("python.k1"), "{}", stderr(&out));
    let new: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_ne!(new["id"], old.as_str());
    assert_eq!(new["answered"], 2);
    let history = stdout(&skillgap(&["history", "--json"], &env));
    let h: serde_json::Value = serde_json::from_str(&history).unwrap();
    assert_eq!(h.as_array().unwrap().len(), 2);
    assert!(
        h.as_array()
            .unwrap()
            .iter()
            .any(|r| r["rescored_from"] == old.as_str())
    );
}

#[test]
fn show_says_when_a_result_was_scored_with_another_bank() {
    let data = tempfile::tempdir().unwrap();
    let env = [("SKILLGAP_DATA_DIR", data.path())];
    let mini_bank = fixtures().join("mini");
    let id = quiz_from_answers(
        data.path(),
        Some(&mini_bank),
        r#"{"answers": {"python.self": 3}}"#,
    );
    let same = skillgap(&["--bank", &mini(), "show", &id], &env);
    assert!(same.status.success() && !stderr(&same).contains("earlier version"));
    let other = skillgap(&["show", &id], &env);
    assert!(other.status.success());
    assert!(
        stderr(&other).contains(&format!("`skillgap rescore {id}`")),
        "{}",
        stderr(&other)
    );
    // A broken bank never stops a saved result from showing.
    let broken = broken_bank("malformed_json");
    let out = skillgap(
        &["--bank", broken.path().to_str().unwrap(), "show", &id],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("Result {id}")));
}

/// An answer file named on the command line is read only if it is a regular file within the
/// size cap: a FIFO or a device is refused at once (no hang, no endless read), a file too large
/// or not text is refused, and a symbolic link the person chose is followed.
#[cfg(unix)]
#[test]
fn answer_files_that_are_not_regular_text_files_are_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("answers.fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let big = dir.path().join("big.json");
    std::fs::write(&big, vec![b' '; 17 * 1024 * 1024]).unwrap();
    let binary = dir.path().join("binary.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x01]).unwrap();
    for (path, says) in [
        (fifo.as_path(), "is not a regular file"),
        (std::path::Path::new("/dev/zero"), "is not a regular file"),
        (big.as_path(), "is too large"),
        (binary.as_path(), "is not UTF-8 text"),
    ] {
        let started = std::time::Instant::now();
        let out = skillgap(
            &[
                "--bank",
                &mini(),
                "score",
                "--answers",
                path.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(says),
            "{}: {}",
            path.display(),
            stderr(&out)
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{}",
            path.display()
        );
    }
    let real = dir.path().join("real.json");
    std::fs::write(&real, r#"{"answers": {"python.self": 2}}"#).unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = skillgap(
        &[
            "--bank",
            &mini(),
            "score",
            "--answers",
            link.to_str().unwrap(),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Small hostile inputs with clear answers: a byte-order mark is not an error, an empty id names
/// no result (and deletes nothing), and `simulate` refuses an unbounded number of respondents.
#[test]
fn a_byte_order_mark_an_empty_id_and_an_unbounded_count_are_handled() {
    let dir = tempfile::tempdir().unwrap();
    // A bank file and an answer file saved with a byte-order mark still read.
    let bank = dir.path().join("bank");
    crate::common::copy_tree(&crate::common::fixtures().join("mini"), &bank);
    let core = bank.join("questions/core.json");
    let text = std::fs::read_to_string(&core).unwrap();
    std::fs::write(&core, format!("\u{feff}{text}")).unwrap();
    let out = skillgap(&["validate", bank.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let answers = dir.path().join("answers.json");
    std::fs::write(&answers, "\u{feff}{\"answers\": {\"python.self\": 2}}").unwrap();
    let out = skillgap(
        &[
            "--bank",
            bank.to_str().unwrap(),
            "score",
            "--answers",
            answers.to_str().unwrap(),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // An empty id is a usage error, not "the only result".
    let data = dir.path().join("data");
    let id = quiz_from_answers(&data, Some(&bank), r#"{"answers": {"python.self": 2}}"#);
    let out = skillgap(&["delete", "", "--yes"], &[("SKILLGAP_DATA_DIR", &data)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("empty id"), "{}", stderr(&out));
    assert!(data.join("results").join(format!("{id}.json")).exists());
    // simulate's respondents are bounded.
    for n in ["0", "99999999999"] {
        let out = skillgap(&["simulate", "--respondents", n], &[]);
        assert_eq!(out.status.code(), Some(2), "{n}: {}", stderr(&out));
    }
}

/// `-o PATH` keeps an existing file's mode and refuses a link or a device in the way rather than
/// replacing it with a new file.
#[cfg(unix)]
#[test]
fn export_to_a_path_keeps_an_existing_files_mode_and_refuses_links_and_devices() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let id = quiz_from_answers(
        &data,
        Some(std::path::Path::new(&mini())),
        r#"{"answers": {"python.self": 2}}"#,
    );
    let env = [("SKILLGAP_DATA_DIR", data.as_path())];
    let existing = dir.path().join("report.md");
    std::fs::write(&existing, "old").unwrap();
    std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = skillgap(
        &[
            "--bank",
            &mini(),
            "export",
            &id,
            "--format",
            "markdown",
            "-o",
            existing.to_str().unwrap(),
        ],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_ne!(std::fs::read_to_string(&existing).unwrap(), "old");
    assert_eq!(
        std::fs::metadata(&existing).unwrap().permissions().mode() & 0o777,
        0o644
    );
    let target = dir.path().join("target.md");
    std::fs::write(&target, "keep").unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for path in [link.as_path(), std::path::Path::new("/dev/null")] {
        let out = skillgap(
            &[
                "--bank",
                &mini(),
                "export",
                &id,
                "--format",
                "markdown",
                "-o",
                path.to_str().unwrap(),
            ],
            &env,
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("is not a regular file"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}
