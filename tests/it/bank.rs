//! The shipped bank, the validator's rules (one broken fixture each), and the inspecting commands.

use crate::common::*;
use skillgap::bank::{self, BankSource, QuestionKind, Severity};

fn errors_of(name: &str) -> (tempfile::TempDir, Vec<bank::Diagnostic>) {
    let dir = broken_bank(name);
    let diags = match bank::load(&BankSource::Dir(dir.path().to_path_buf())) {
        Ok(_) => panic!("broken fixture {name} loaded without errors"),
        Err(d) => d,
    };
    (
        dir,
        diags
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    )
}

/// Asserts that some error names the file and the place, and says what is wrong.
fn assert_reported(name: &str, file_suffix: &str, place: &str, message: &str) {
    let (_dir, errors) = errors_of(name);
    assert!(
        errors.iter().any(|d| d.file.ends_with(file_suffix)
            && d.place.contains(place)
            && d.message.contains(message)
            && !d.help.is_empty()),
        "{name}: no error in {file_suffix} at {place:?} saying {message:?}; got:\n{}",
        errors
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_shipped_bank_validates_cleanly() {
    let (bank, diags) = bank::load_with_report(&BankSource::Builtin);
    let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert!(
        bank.is_some(),
        "built-in bank has errors:\n{}",
        text.join("\n")
    );
    assert!(
        diags.is_empty(),
        "built-in bank has warnings:\n{}",
        text.join("\n")
    );
    let bank = bank.unwrap();
    assert!(
        bank.questions().len() > 150,
        "only {} questions",
        bank.questions().len()
    );
    assert!(bank.roles().len() >= 4);
}

#[test]
fn every_shipped_skill_has_a_self_rating_and_three_checks_across_difficulties() {
    let bank = bank::load(&BankSource::Builtin).unwrap();
    for c in bank.coverage().skills {
        assert_eq!(c.self_ratings, 1, "{}", c.skill);
        assert!(c.easy >= 1 && c.medium >= 1 && c.hard >= 1, "{c:?}");
    }
    for (i, s) in bank.skills().iter().enumerate() {
        let kinds: std::collections::BTreeSet<QuestionKind> = bank
            .questions_for_skill(i)
            .iter()
            .map(|&q| bank.questions()[q].kind)
            .filter(|k| k.is_knowledge_check())
            .collect();
        assert!(kinds.len() >= 2, "{} uses only {kinds:?}", s.id);
    }
}

#[test]
fn every_skill_and_tool_the_seed_names_is_in_the_bank() {
    let bank = bank::load(&BankSource::Builtin).unwrap();
    let names: Vec<String> = bank
        .skills()
        .iter()
        .flat_map(|s| {
            std::iter::once(s.name.to_lowercase())
                .chain(std::iter::once(s.id.to_lowercase()))
                .chain(s.aliases.iter().map(|a| a.to_lowercase()))
        })
        .collect();
    let seed_terms = [
        "TensorFlow",
        "Keras",
        "PyTorch",
        "MXNet",
        "convolutional",
        "recurrent",
        "generative adversarial",
        "optimisation",
        "hyperparameter",
        "preprocessing",
        "augmentation",
        "Python",
        "C++",
        "Java",
        "OpenCV",
        "PIL",
        "scikit-image",
        "Dlib",
        "image processing",
        "feature extraction",
        "segmentation",
        "object detection",
        "recognition",
        "tracking",
        "3D",
        "AR/VR",
        "Unity",
        "MATLAB",
        "Jupyter",
        "Colab",
        "Anaconda",
        "Git",
        "GitHub",
        "AWS",
        "Google Cloud",
        "Azure",
        "Rekognition",
        "Google Cloud Vision",
        "evaluating model performance",
        "large datasets",
        "machine learning",
        "natural language processing",
    ];
    for term in seed_terms {
        let t = term.to_lowercase();
        assert!(
            names.iter().any(|n| n.contains(&t)),
            "the seed names {term:?} but no skill's name, id or alias contains it"
        );
    }
}

#[test]
fn the_mini_fixture_is_valid() {
    let diags = bank::load_with_report(&BankSource::Dir(fixtures().join("mini"))).1;
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn malformed_json_names_file_line_and_column() {
    assert_reported(
        "malformed_json",
        "questions/extra.json",
        "line 3, column",
        "malformed JSON",
    );
}

#[test]
fn an_empty_file_is_reported() {
    assert_reported(
        "empty_file",
        "questions/extra.json",
        "line 1",
        "ends in the middle",
    );
}

#[test]
fn unknown_fields_are_reported_with_a_suggestion() {
    let (_d, errors) = errors_of("unknown_field");
    let e = errors
        .iter()
        .find(|d| d.message.contains("unknown field `dificulty`"))
        .unwrap();
    assert!(e.file.ends_with("questions/extra.json"));
    assert!(e.place.contains("questions[0] (id \"x.k1\")"), "{e}");
    assert!(e.help.contains("did you mean `difficulty`"), "{e}");
}

#[test]
fn duplicate_ids_name_both_places() {
    assert_reported(
        "duplicate_id",
        "questions/extra.json",
        "id \"python.k1\"",
        "duplicate question id",
    );
    let (_d, errors) = errors_of("duplicate_id");
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("questions/core.json"))
    );
}

#[test]
fn references_to_unknown_skills_are_reported_with_a_suggestion() {
    assert_reported(
        "unknown_skill",
        "questions/extra.json",
        "id \"x.k1\"",
        "unknown skill \"pyhton\"",
    );
    let (_d, errors) = errors_of("unknown_skill");
    assert!(errors.iter().any(|d| d.help.contains("\"python\"")));
}

#[test]
fn correct_indices_outside_the_options_are_reported() {
    assert_reported(
        "correct_out_of_range",
        "questions/extra.json",
        "id \"x.k1\"",
        "`correct` index 3 is outside the 3 options",
    );
}

#[test]
fn levels_and_importances_out_of_range_are_reported() {
    assert_reported(
        "target_out_of_range",
        "profiles/extra.json",
        "skills[0] (skill \"python\")",
        "target level 7 is outside 0–4",
    );
    assert_reported(
        "importance_out_of_range",
        "profiles/extra.json",
        "skills[0] (skill \"python\")",
        "importance 0 is outside 1–5",
    );
    assert_reported(
        "wrong_level_count",
        "questions/extra.json",
        "id \"short\"",
        "`levels` has 4 entries",
    );
}

#[test]
fn an_answer_both_accepted_and_rejected_is_reported() {
    assert_reported(
        "accepted_and_rejected",
        "questions/extra.json",
        "id \"x.k1\"",
        "\"Yield\" is both accepted and rejected",
    );
}

#[test]
fn prerequisite_cycles_are_reported_with_the_cycle() {
    assert_reported(
        "prerequisite_cycle",
        "questions/extra.json",
        "prerequisites",
        "prerequisite cycle: aa → bb → aa",
    );
}

#[test]
fn a_role_skill_without_questions_is_reported() {
    assert_reported(
        "role_skill_without_questions",
        "profiles/extra.json",
        "skill \"lonely\"",
        "has no questions",
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let (_d, errors) = errors_of("many_problems");
    for expected in [
        "duplicate question id",
        "unknown skill \"nosuch\"",
        "`correct` index 9",
        "needs `accepted`",
    ] {
        assert!(
            errors.iter().any(|d| d.message.contains(expected)),
            "missing {expected:?} in {errors:?}"
        );
    }
}

#[test]
fn validate_prints_diagnostics_and_exits_non_zero_on_a_broken_bank() {
    let dir = broken_bank("many_problems");
    let out = skillgap(&["validate", dir.path().to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("extra.json: questions[1] (id \"x.k2\"): unknown skill \"nosuch\""),
        "{text}"
    );
    assert!(text.contains("invalid: 4 error(s)"), "{text}");
}

#[test]
fn every_command_fails_cleanly_on_a_broken_bank() {
    let dir = broken_bank("malformed_json");
    for cmd in [&["roles"][..], &["skills"], &["validate"]] {
        let mut args = vec!["--bank", dir.path().to_str().unwrap()];
        args.extend_from_slice(cmd);
        let out = skillgap(&args, &[]);
        assert_eq!(out.status.code(), Some(1), "{cmd:?}");
        let all = stdout(&out) + &stderr(&out);
        assert!(all.contains("extra.json: line 3, column"), "{cmd:?}: {all}");
        assert!(!all.contains("panicked"), "{all}");
    }
}

#[test]
fn validate_summarises_the_shipped_bank() {
    let out = skillgap(&["validate"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Questions per skill and difficulty"));
    assert!(text.contains("Skills per role"));
    assert!(text.contains("valid: 0 error(s)"));
}

#[test]
fn a_missing_bank_directory_is_a_clear_error() {
    let out = skillgap(&["--bank", "/no/such/dir", "roles"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("/no/such/dir: is not a directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn roles_and_skills_json_have_the_documented_shape() {
    let out = skillgap(
        &[
            "--bank",
            fixtures().join("mini").to_str().unwrap(),
            "roles",
            "--json",
        ],
        &[],
    );
    let roles: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &roles[0];
    assert_eq!(first["id"], "vision_engineer");
    assert_eq!(first["name"], "Vision Engineer");
    assert_eq!(
        first["skills"][0],
        serde_json::json!({"skill": "vision", "importance": 5, "target": 3})
    );

    let out = skillgap(
        &[
            "--bank",
            fixtures().join("mini").to_str().unwrap(),
            "skills",
            "--role",
            "dl_engineer",
            "--json",
        ],
        &[],
    );
    let skills: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = skills
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["deep", "python"]);
    assert_eq!(skills[0]["category"], "Neural networks & training");
    assert_eq!(skills[0]["prerequisites"], serde_json::json!(["python"]));
}

#[test]
fn an_unknown_role_gets_a_did_you_mean() {
    let out = skillgap(
        &[
            "--bank",
            fixtures().join("mini").to_str().unwrap(),
            "skills",
            "--role",
            "vison",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean \"vision_engineer\""),
        "{}",
        stderr(&out)
    );
}
