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

fn listing(diags: &[bank::Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that some error names the file, the JSON path and a line and column, and says what
/// is wrong and what to do.
fn assert_reported(name: &str, file_suffix: &str, path: &str, message: &str) -> bank::Diagnostic {
    let (_dir, errors) = errors_of(name);
    match errors.iter().find(|d| {
        d.file.ends_with(file_suffix)
            && d.place.path.as_deref() == Some(path)
            && d.place.line.is_some()
            && d.place.column.is_some()
            && d.message.contains(message)
            && !d.help.is_empty()
    }) {
        Some(d) => d.clone(),
        None => panic!(
            "{name}: no error in {file_suffix} at {path:?} saying {message:?}; got:\n{}",
            listing(&errors)
        ),
    }
}

/// The 1-based line and column where `needle` first occurs in a fixture file.
fn position_of(fixture: &str, file: &str, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(fixtures().join("broken").join(fixture).join(file)).unwrap();
    let at = text.find(needle).unwrap();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..at].matches('\n').count() + 1,
        text[line_start..at].chars().count() + 1,
    )
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
fn every_shipped_skill_has_a_self_rating_and_checks_from_level_1_to_level_4() {
    let bank = bank::load(&BankSource::Builtin).unwrap();
    for c in bank.coverage().skills {
        assert_eq!(c.self_ratings, 1, "{}", c.skill);
        let [one, _, _, four] = c.checks_by_level;
        assert!(one >= 1 && four >= 1, "{c:?}");
        assert!(c.checks_by_level.iter().sum::<usize>() >= 4, "{c:?}");
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
    let (_d, errors) = errors_of("malformed_json");
    let e = &errors[0];
    assert!(e.file.ends_with("questions/extra.json"), "{e}");
    let (line, column) = position_of("malformed_json", "questions/extra.json", "\"kind\"");
    assert_eq!(
        (e.place.line, e.place.column),
        (Some(line), Some(column)),
        "{e}"
    );
    assert_eq!(e.message, "malformed JSON near `\"`", "{e}");
    assert!(e.help.contains("missing comma"), "{e}");
}

#[test]
fn an_empty_file_is_reported() {
    let (_d, errors) = errors_of("empty_file");
    let e = &errors[0];
    assert!(e.file.ends_with("questions/extra.json"), "{e}");
    assert_eq!(e.place.line, Some(1), "{e}");
    assert!(e.message.contains("ends in the middle"), "{e}");
}

#[test]
fn unknown_fields_are_reported_with_a_suggestion() {
    let e = assert_reported(
        "unknown_field",
        "questions/extra.json",
        "questions[0].dificulty",
        "unknown field `dificulty`",
    );
    assert_eq!(e.place.id.as_deref(), Some("x.k1"));
    assert_eq!(e.place.line, Some(1));
    assert!(e.help.contains("did you mean `difficulty`"), "{e}");
}

#[test]
fn duplicate_ids_name_both_places() {
    let e = assert_reported(
        "duplicate_id",
        "questions/extra.json",
        "questions[0].id",
        "duplicate question id \"python.k1\"",
    );
    assert_eq!(e.place.id.as_deref(), Some("python.k1"));
    assert!(e.message.contains("first defined at "), "{e}");
    assert!(e.message.contains("questions/core.json:"), "{e}");
}

#[test]
fn references_to_unknown_skills_are_reported_with_a_suggestion() {
    assert_reported(
        "unknown_skill",
        "questions/extra.json",
        "questions[0].skill",
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
        "questions[0].correct[0]",
        "`correct` index 3 is outside the 3 options",
    );
}

#[test]
fn levels_and_importances_out_of_range_are_reported() {
    assert_reported(
        "target_out_of_range",
        "profiles/extra.json",
        "roles[0].skills[0].target",
        "target level 7 is outside 0–4 (skill \"python\")",
    );
    assert_reported(
        "importance_out_of_range",
        "profiles/extra.json",
        "roles[0].skills[0].importance",
        "importance 0 is outside 1–5 (skill \"python\")",
    );
    let e = assert_reported(
        "wrong_level_count",
        "questions/extra.json",
        "skills[0].levels",
        "`levels` has 4 entries",
    );
    assert_eq!(e.place.id.as_deref(), Some("short"));
}

#[test]
fn an_answer_both_accepted_and_rejected_is_reported() {
    assert_reported(
        "accepted_and_rejected",
        "questions/extra.json",
        "questions[0].accepted[0]",
        "accepted answer \"yield\" would be marked wrong: a rejected answer matches it as well",
    );
}

#[test]
fn prerequisite_cycles_are_reported_with_the_cycle() {
    assert_reported(
        "prerequisite_cycle",
        "questions/extra.json",
        "skills[1].prerequisites[0]",
        "prerequisite cycle: aa → bb → aa",
    );
}

#[test]
fn a_role_skill_without_questions_is_reported() {
    assert_reported(
        "role_skill_without_questions",
        "profiles/extra.json",
        "roles[0].skills[0].skill",
        "role skill \"lonely\" has no questions",
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
        text.contains(
            "extra.json:3:27: questions[1].skill (id \"x.k2\"): unknown skill \"nosuch\"\n  help: "
        ),
        "{text}"
    );
    assert!(text.contains("invalid: 4 errors"), "{text}");
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
        assert!(
            all.contains("extra.json:3:38: malformed JSON"),
            "{cmd:?}: {all}"
        );
        assert!(!all.contains("panicked"), "{all}");
    }
}

#[test]
fn validate_summarises_the_shipped_bank() {
    let out = skillgap(&["validate"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Knowledge checks per skill, by the level they evidence"));
    assert!(text.contains("Skills per role"));
    assert!(text.contains("valid: 0 errors"));
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

#[test]
fn semantic_errors_point_at_the_line_and_column_of_the_value_at_fault() {
    let at = |file: &str, needle: &str| {
        let (line, column) = position_of("semantic_place", file, needle);
        (Some(line), Some(column))
    };
    let q = assert_reported(
        "semantic_place",
        "questions/extra.json",
        "questions[1].skill",
        "unknown skill \"visoin\"",
    );
    assert_eq!(
        (q.place.line, q.place.column),
        at("questions/extra.json", "\"visoin\"")
    );
    assert_eq!(q.place.id.as_deref(), Some("x.k2"));
    assert!(q.help.contains("did you mean \"vision\""), "{q}");

    let alt = assert_reported(
        "semantic_place",
        "profiles/extra.json",
        "roles[0].skills[1].alternatives[1]",
        "unknown skill \"pyhton\"",
    );
    assert_eq!(
        (alt.place.line, alt.place.column),
        at("profiles/extra.json", "\"pyhton\"")
    );
    assert_eq!(alt.place.id.as_deref(), Some("x_role"));

    let link = assert_reported(
        "semantic_place",
        "profiles/extra.json",
        "roles[0].interests[0].question",
        "unknown question \"interest.imgaes\"",
    );
    assert_eq!(
        (link.place.line, link.place.column),
        at("profiles/extra.json", "\"interest.imgaes\"")
    );
    assert!(
        link.help.contains("did you mean \"interest.images\""),
        "{link}"
    );
}

#[test]
fn control_characters_and_bidi_overrides_are_rejected_where_they_are() {
    let (_d, errors) = errors_of("control_characters");
    let found = |path: &str, what: &str| {
        errors
            .iter()
            .find(|d| d.place.path.as_deref() == Some(path) && d.message.contains(what))
            .unwrap_or_else(|| panic!("nothing at {path} about {what:?}:\n{}", listing(&errors)))
            .clone()
    };
    let escape = found("questions[0].prompt", "a control character (U+001B)");
    assert_eq!(escape.place.line, Some(3));
    assert!(escape.help.contains("terminals"), "{escape}");
    found(
        "questions[0].options[1]",
        "a bidirectional control character (U+202E)",
    );
    found(
        "questions[0].explanation",
        "a bidirectional control character (U+2066)",
    );
    found("questions[1].explanation", "a control character (U+0085)");
    let newline = found("questions[1].accepted[0]", "a line break");
    assert!(newline.help.contains("one line"), "{newline}");
    // A prompt and an explanation may hold line breaks and tabs.
    assert!(
        errors
            .iter()
            .all(|d| d.place.path.as_deref() != Some("questions[1].prompt")),
        "{}",
        listing(&errors)
    );
    assert_eq!(errors.len(), 5, "{}", listing(&errors));
}

/// A minimal valid skill with the given prerequisites, as bank JSON.
fn chain_skill(id: usize, prerequisites: &[usize]) -> serde_json::Value {
    serde_json::json!({
        "id": format!("s{id}"), "name": "S", "category": "C", "description": "S.",
        "levels": ["0", "1", "2", "3", "4"],
        "prerequisites": prerequisites.iter().map(|p| format!("s{p}")).collect::<Vec<_>>(),
        "learn": {"what": "S.", "project": "S.", "resource": "book", "hours_per_level": 5}
    })
}

#[test]
fn a_very_long_prerequisite_chain_is_checked_without_overflowing_the_stack() {
    const N: usize = 20_000;
    let dir = broken_bank("prerequisite_cycle");
    // s0 needs s1, which needs s2, … and the last needs s0 again: one cycle through all of them.
    let skills: Vec<serde_json::Value> = (0..N).map(|i| chain_skill(i, &[(i + 1) % N])).collect();
    // One skill a line, as an author would write it.
    let lines: Vec<String> = skills.iter().map(ToString::to_string).collect();
    let text = format!("{{\"skills\": [\n{}\n]}}", lines.join(",\n"));
    std::fs::write(dir.path().join("questions/extra.json"), text).unwrap();
    // Checked on a thread with a small stack, so a recursive walk would fail here too.
    let root = dir.path().to_path_buf();
    let diags = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || bank::load(&BankSource::Dir(root)).unwrap_err())
        .unwrap()
        .join()
        .expect("validation crashed");
    let cycles: Vec<&bank::Diagnostic> = diags
        .iter()
        .filter(|d| d.message.starts_with("prerequisite cycle"))
        .collect();
    assert_eq!(cycles.len(), 1, "{}", listing(&diags[..3]));
    let c = cycles[0];
    assert!(
        c.message.starts_with("prerequisite cycle: s0 → s1 → ")
            && c.message.ends_with(" → s0")
            && c.message.contains("more"),
        "{c}"
    );
    assert_eq!(
        c.place.path.as_deref(),
        Some("skills[19999].prerequisites[0]")
    );
    assert!(c.message.len() < 300, "{c}");
}

#[test]
fn a_file_over_the_size_cap_is_refused_without_reading_it() {
    let dir = broken_bank("prerequisite_cycle");
    let big = std::fs::File::create(dir.path().join("questions/huge.json")).unwrap();
    // Sparse: no disk is used, and the loader must not read it anyway.
    big.set_len(bank::MAX_FILE_BYTES + 1).unwrap();
    let diags = bank::load(&BankSource::Dir(dir.path().to_path_buf())).unwrap_err();
    let e = diags
        .iter()
        .find(|d| d.file.ends_with("questions/huge.json"))
        .unwrap_or_else(|| panic!("{}", listing(&diags)));
    assert!(e.message.contains("more than the 8 MiB"), "{e}");
    assert!(e.help.contains("split"), "{e}");
}

#[test]
fn a_json_entry_that_is_not_a_regular_file_is_refused() {
    let dir = broken_bank("prerequisite_cycle");
    std::fs::create_dir(dir.path().join("profiles/odd.json")).unwrap();
    let diags = bank::load(&BankSource::Dir(dir.path().to_path_buf())).unwrap_err();
    assert!(
        diags
            .iter()
            .any(|d| d.file.ends_with("profiles/odd.json") && d.message == "is not a regular file"),
        "{}",
        listing(&diags)
    );
}

#[test]
fn wrong_types_and_missing_fields_are_reported_at_their_place() {
    let dir = broken_bank("prerequisite_cycle");
    std::fs::write(
        dir.path().join("questions/extra.json"),
        "{\"questions\": [\n {\"id\": \"x.k1\", \"skill\": \"python\", \"kind\": \"single_chioce\",\n  \"options\": [\"a\", 2], \"correct\": [-1]}\n]}",
    )
    .unwrap();
    let diags = bank::load(&BankSource::Dir(dir.path().to_path_buf())).unwrap_err();
    let at = |path: &str, message: &str| {
        diags
            .iter()
            .find(|d| d.place.path.as_deref() == Some(path) && d.message.contains(message))
            .unwrap_or_else(|| panic!("nothing at {path} saying {message:?}:\n{}", listing(&diags)))
            .clone()
    };
    let kind = at(
        "questions[0].kind",
        "unknown question kind \"single_chioce\"",
    );
    assert!(kind.help.contains("did you mean `single_choice`"), "{kind}");
    assert_eq!((kind.place.line, kind.place.column), (Some(2), Some(44)));
    assert_eq!(
        at("questions[0].options[1]", "must be a list of strings")
            .place
            .line,
        Some(3)
    );
    at("questions[0].correct[0]", "whole numbers");
    assert_eq!(
        at("questions[0]", "missing field `prompt`").place.line,
        Some(2)
    );
}

#[test]
fn validate_json_gives_each_diagnostic_its_line_column_path_and_id() {
    let dir = broken_bank("unknown_skill");
    let out = skillgap(&["validate", "--json", dir.path().to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = &doc["errors"][0];
    assert_eq!(e["severity"], "error");
    assert!(
        e["file"]
            .as_str()
            .unwrap()
            .ends_with("questions/extra.json")
    );
    assert_eq!(e["line"], 1);
    assert_eq!(e["column"], 40);
    assert_eq!(e["path"], "questions[0].skill");
    assert_eq!(e["id"], "x.k1");
    assert_eq!(e["message"], "unknown skill \"pyhton\"");
    assert!(e["help"].as_str().unwrap().contains("\"python\""));
}

#[test]
fn diagnostics_quote_untrusted_text_with_its_controls_escaped() {
    let dir = broken_bank("prerequisite_cycle");
    // Field names are not bank text, so only the escaping keeps this one off the terminal.
    std::fs::write(
        dir.path().join("questions/extra.json"),
        r#"{"questions": [{"id": "x.k1", "skill": "python", "kind": "self_rating", "prompt": "P?", "hint\u001b[2J": 1}]}"#,
    )
    .unwrap();
    let diags = bank::load(&BankSource::Dir(dir.path().to_path_buf())).unwrap_err();
    let e = diags
        .iter()
        .find(|d| d.message.starts_with("unknown field"))
        .unwrap_or_else(|| panic!("{}", listing(&diags)));
    assert_eq!(e.message, "unknown field `hint\\u{1b}[2J`");
    assert_eq!(e.place.path.as_deref(), Some("questions[0].hint\\u{1b}[2J"));
    assert!(diags.iter().all(|d| !d.to_string().contains('\u{1b}')));
}

/// A bank written before levels had labels and checks had levels (levels as plain strings, a
/// stated difficulty) still loads: the descriptions become the self-rating's options, the stated
/// difficulty is used, and `validate` says what to add.
#[test]
fn a_bank_in_the_older_format_still_loads_with_warnings() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_tree(&fixtures().join("mini"), dir.path());
    let path = dir.path().join("questions/core.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for s in v["skills"].as_array_mut().unwrap() {
        let old: Vec<serde_json::Value> = s["levels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["description"].clone())
            .collect();
        s["levels"] = serde_json::Value::Array(old);
    }
    for q in v["questions"].as_array_mut().unwrap() {
        let q = q.as_object_mut().unwrap();
        if q.remove("level").is_some() {
            q.remove("adjustment");
            q.insert("difficulty".into(), serde_json::json!(0.7));
        }
    }
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let source = BankSource::Dir(dir.path().to_path_buf());
    let (bank, diags) = bank::load_with_report(&source);
    let bank = bank.expect("the older format loads");
    assert!(
        diags.iter().all(|d| d.severity == bank::Severity::Warning),
        "{diags:?}"
    );
    assert!(diags.iter().any(|d| d.message.contains("has no `label`")));
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("has no check at level"))
    );
    let rating = bank.question("python.self").unwrap();
    assert_eq!(rating.options[0], "Never used it.");
    assert_eq!(bank.question("python.k1").unwrap().difficulty(), 0.7);
}

/// A bank whose prerequisites chain 18,000 skills (the length that once overflowed the stack)
/// loads, validates and scores: every walk over prerequisites is iterative.
#[test]
fn a_prerequisite_chain_of_eighteen_thousand_skills_does_not_overflow_the_stack() {
    const N: usize = 18_000;
    const FILES: usize = 4;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("questions")).unwrap();
    std::fs::create_dir_all(dir.path().join("profiles")).unwrap();
    for part in 0..FILES {
        let (skills, questions): (Vec<_>, Vec<_>) = (part * N / FILES..(part + 1) * N / FILES)
            .map(|i| {
                let levels: Vec<_> = (0..5)
                    .map(|l| serde_json::json!({"label": format!("L{l}"), "description": format!("Level {l}.")}))
                    .collect();
                let prerequisites: Vec<String> =
                    if i == 0 { vec![] } else { vec![format!("s{}", i - 1)] };
                (
                    serde_json::json!({"id": format!("s{i}"), "name": format!("S{i}"), "category": "C",
                        "description": "d", "levels": levels, "prerequisites": prerequisites,
                        "learn": {"what": "w", "project": "p", "resource": "r", "hours_per_level": 1}}),
                    serde_json::json!({"id": format!("s{i}.self"), "skill": format!("s{i}"),
                        "kind": "self_rating", "prompt": "How?"}),
                )
            })
            .unzip();
        let file = dir.path().join(format!("questions/q{part}.json"));
        std::fs::write(
            file,
            serde_json::json!({"skills": skills, "questions": questions}).to_string(),
        )
        .unwrap();
    }
    let role = serde_json::json!({"roles": [{"id": "r", "name": "R", "definition": "d",
        "skills": [{"skill": format!("s{}", N - 1), "importance": 5, "target": 3}]}]});
    std::fs::write(dir.path().join("profiles/p.json"), role.to_string()).unwrap();
    let answers = dir.path().join("answers.json");
    std::fs::write(
        &answers,
        format!(r#"{{"answers": {{"s{}.self": 1}}}}"#, N - 1),
    )
    .unwrap();
    let bank = dir.path().to_str().unwrap();
    for args in [
        vec!["validate", bank],
        vec!["--bank", bank, "roles"],
        vec![
            "--bank",
            bank,
            "score",
            "--answers",
            answers.to_str().unwrap(),
        ],
    ] {
        let out = crate::common::skillgap(&args, &[]);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            crate::common::stderr(&out)
        );
    }
}

/// Hours a level that no plan could hold are an error, so the path's hour totals never overflow.
#[test]
fn hours_per_level_beyond_any_plan_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_tree(&fixtures().join("mini"), dir.path());
    let path = dir.path().join("questions/core.json");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"hours_per_level\": 20", "\"hours_per_level\": 4000000000");
    std::fs::write(&path, text).unwrap();
    let (bank, diags) = bank::load_with_report(&BankSource::Dir(dir.path().to_path_buf()));
    assert!(bank.is_none());
    assert!(
        diags.iter().any(|d| d
            .message
            .contains("`hours_per_level` 4000000000 is more than")),
        "{diags:?}"
    );
}
