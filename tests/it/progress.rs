//! Progress over time: `compare` judges a change only where both results measured the skill and
//! only past the reliable change threshold; `path --hours-per-week` lays the path out in time.
//! Built on the mini bank, so the shipped bank's content can change without moving these.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

fn mini() -> String {
    fixtures().join("mini").to_str().unwrap().to_string()
}

/// Saves a quiz from `answers` (JSON text) with the mini bank in `dir/data`; returns its id.
fn save(dir: &Path, name: &str, answers: &str) -> String {
    std::fs::write(dir.join(name), answers).unwrap();
    let bank = mini();
    let out = skillgap_in(
        dir,
        &[
            "--bank",
            &bank,
            "--data-dir",
            "data",
            "quiz",
            "--answers",
            name,
            "--json",
        ],
    );
    assert!(out.status.success(), "quiz failed: {}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["id"].as_str().unwrap().to_string()
}

/// Two results on the mini bank: Python rated 1 with every check wrong, then rated 4 with every
/// check right (a large measured change); image processing rated 2 then 3 with the same one
/// check right (a small measured change); deep learning asked only the second time.
fn before_and_after() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let a = save(
        dir.path(),
        "before.json",
        r#"{"answers": {
            "python.self": 1, "python.k1": 0, "python.k2": [1], "python.k3": "return",
            "vision.self": 2, "vision.k1": 0
        }}"#,
    );
    let b = save(
        dir.path(),
        "after.json",
        r#"{"answers": {
            "python.self": 4, "python.k1": 1, "python.k2": [0, 2], "python.k3": "yield",
            "vision.self": 3, "vision.k1": 0,
            "deep.self": 3
        }}"#,
    );
    (dir, a, b)
}

fn compare_json(dir: &Path, a: &str, b: &str) -> Value {
    let bank = mini();
    let out = skillgap_in(
        dir,
        &[
            "--bank",
            &bank,
            "--data-dir",
            "data",
            "compare",
            a,
            b,
            "--json",
        ],
    );
    assert!(out.status.success(), "compare failed: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn skill<'a>(c: &'a Value, id: &str) -> &'a Value {
    c["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill"] == id)
        .unwrap_or_else(|| panic!("no {id} in {c:#}"))
}

fn ids(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect()
}

#[test]
fn a_skill_measured_once_is_never_improved_and_only_a_large_measured_change_is_reliable() {
    let (dir, a, b) = before_and_after();
    let c = compare_json(dir.path(), &a, &b);

    // Asked only the second time: its level moved, yet nothing is claimed.
    let deep = skill(&c, "deep");
    assert_eq!(deep["verdict"], "not_measured_both_times", "{deep:#}");
    assert_eq!(deep["measured_before"], false);
    assert_eq!(deep["measured_after"], true);
    assert!(deep["change"].as_f64().unwrap().abs() > 0.0, "{deep:#}");
    assert_eq!(ids(&c["not_measured_both_times"]), ["deep"]);

    // A large measured change: past 1.96 × √(sd² + sd²).
    let python = skill(&c, "python");
    let threshold = 1.96
        * (python["before_sd"].as_f64().unwrap().powi(2)
            + python["after_sd"].as_f64().unwrap().powi(2))
        .sqrt();
    assert!((python["threshold"].as_f64().unwrap() - threshold).abs() < 2e-3);
    assert!(python["change"].as_f64().unwrap() > threshold, "{python:#}");
    assert_eq!(python["verdict"], "reliably_improved");

    // A small measured change: within the two estimates' uncertainty.
    let vision = skill(&c, "vision");
    let change = vision["change"].as_f64().unwrap();
    assert!(change > 0.0, "{vision:#}");
    assert!(change.abs() <= vision["threshold"].as_f64().unwrap());
    assert_eq!(vision["verdict"], "no_reliable_change");

    assert_eq!(ids(&c["improved"]), ["python"]);
    assert!(ids(&c["declined"]).is_empty());
    assert_eq!(ids(&c["unchanged"]), ["vision"]);

    // A role's change over the requirements both results measured: the vision role weighs
    // python 4, vision 5 and deep 2, and deep was asked only once.
    let role = c["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "vision_engineer")
        .unwrap();
    assert!(
        (role["compared"].as_f64().unwrap() - 9.0 / 11.0).abs() < 1e-3,
        "{role:#}"
    );
    let (x, y) = (&role["measured_before"], &role["measured_after"]);
    let delta = y["readiness"].as_f64().unwrap() - x["readiness"].as_f64().unwrap();
    assert!((role["measured_change"].as_f64().unwrap() - delta).abs() < 2e-3);
    let sd = |k: &str| role[k].as_f64().unwrap();
    let threshold = 1.96 * (sd("before_sd").powi(2) + sd("after_sd").powi(2)).sqrt();
    assert!((role["threshold"].as_f64().unwrap() - threshold).abs() < 2e-3);
    // Each skill's own uncertainty, not the whole likely range (every skill low, then every
    // skill high), is the role's standard error.
    let half = |r: &Value| (r["high"].as_f64().unwrap() - r["low"].as_f64().unwrap()) / 2.0;
    assert!(
        sd("before_sd") < half(x) && sd("after_sd") < half(y),
        "{role:#}"
    );
    let expected = if delta > threshold {
        "reliably_improved"
    } else if delta < -threshold {
        "reliably_declined"
    } else {
        "no_reliable_change"
    };
    assert_eq!(role["verdict"], expected, "{role:#}");
}

#[test]
fn every_format_keeps_a_skill_measured_once_out_of_improved() {
    let (dir, a, b) = before_and_after();
    let bank = mini();
    let run = |extra: &[&str]| {
        let mut args = vec!["--bank", &bank, "--data-dir", "data", "compare", &a, &b];
        args.extend_from_slice(extra);
        let out = skillgap_in(dir.path(), &args);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    for text in [
        run(&[]),
        run(&["--format", "markdown"]),
        run(&["--format", "html"]),
    ] {
        let improved = text
            .lines()
            .find(|l| l.contains("Reliably improved:"))
            .unwrap_or_else(|| panic!("no improved line in {text}"));
        assert!(improved.contains("Python"), "{improved}");
        assert!(!improved.contains("Deep learning"), "{improved}");
        assert!(
            text.contains("asked only in the later result: Deep learning"),
            "{text}"
        );
        assert!(
            !text.contains("Improved:"),
            "the old wording is gone: {text}"
        );
    }
}

/// Filters for what changes from run to run: the ids, and dates.
fn filtered(ids: &[&str], name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    for (id, letter) in ids.iter().zip('A'..) {
        settings.add_filter(&format!(r"\b{id}\b"), format!("[ID-{letter}]"));
    }
    settings.add_filter(r"\b\d{4}-\d{2}-\d{2}\b", "YYYY-MM-DD");
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn compare_snapshots_terminal_and_markdown() {
    let (dir, a, b) = before_and_after();
    let bank = mini();
    for (name, extra) in [
        ("compare_measured_terminal", &[][..]),
        ("compare_measured_markdown", &["--format", "markdown"][..]),
    ] {
        let mut args = vec!["--bank", &bank, "--data-dir", "data", "compare", &a, &b];
        args.extend_from_slice(extra);
        let out = skillgap_in(dir.path(), &args);
        assert!(out.status.success(), "{}", stderr(&out));
        filtered(&[&a, &b], name, &stdout(&out));
    }
}

/// A result with gaps everywhere on the mini bank: everything rated 0.
fn beginner() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let id = save(
        dir.path(),
        "beginner.json",
        r#"{"answers": {"python.self": 0, "vision.self": 0, "deep.self": 1}}"#,
    );
    (dir, id)
}

#[test]
fn a_schedule_runs_the_steps_back_to_back_from_today() {
    let (dir, id) = beginner();
    let bank = mini();
    let run = |args: &[&str]| {
        let mut all = vec!["--bank", bank.as_str(), "--data-dir", "data", "path", &id];
        all.extend_from_slice(args);
        skillgap_in(dir.path(), &all)
    };
    let out = run(&["--json"]);
    let path: Value = serde_json::from_slice(&out.stdout).unwrap();
    let total: u64 = path
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["hours"].as_u64().unwrap())
        .sum();
    for pace in [1u64, 7, 10, 80] {
        let out = run(&["--json", "--hours-per-week", &pace.to_string()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let s: Value = serde_json::from_slice(&out.stdout).unwrap();
        let today = jiff::ZonedDateTime::now().date().to_string();
        assert_eq!(s["start"], today.as_str());
        assert_eq!(s["hours_per_week"], pace);
        let steps = s["steps"].as_array().unwrap();
        assert_eq!(steps.len(), path.as_array().unwrap().len());
        let day = |v: &Value| v.as_str().unwrap().parse::<jiff::civil::Date>().unwrap();
        let start = day(&s["start"]);
        let mut done = 0u64;
        for (step, planned) in steps.iter().zip(path.as_array().unwrap()) {
            assert_eq!(step["skill"], planned["skill"]);
            let (first, last) = (day(&step["start"]), day(&step["end"]));
            let offset = |d: jiff::civil::Date| (d - start).get_days() as u64;
            // The step starts when the hours before it are done, and ends when its own are.
            assert_eq!(offset(first), done * 7 / pace, "{step:#}");
            done += step["hours"].as_u64().unwrap();
            assert_eq!(
                offset(last),
                ((done * 7).div_ceil(pace) - 1).max(offset(first)),
                "{step:#}"
            );
            assert_eq!(step["start_week"].as_u64().unwrap(), offset(first) / 7 + 1);
            assert_eq!(step["end_week"].as_u64().unwrap(), offset(last) / 7 + 1);
        }
        assert_eq!(done, total);
        assert_eq!(s["end"], steps.last().unwrap()["end"]);
        assert_eq!(s["weeks"], steps.last().unwrap()["end_week"]);
    }
    // Out of range or not a number: a usage error that says what is taken.
    for bad in ["0", "81", "ten", "-3", "2.5"] {
        let out = run(&[&format!("--hours-per-week={bad}")]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("expected a whole number of hours a week from 1 to 80"),
            "{bad}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn schedule_snapshots_terminal_markdown_and_html() {
    let (dir, id) = beginner();
    let bank = mini();
    let data = ["--bank", bank.as_str(), "--data-dir", "data"];
    let run = |args: &[&str]| {
        let out = skillgap_in(dir.path(), &[&data[..], args].concat());
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    filtered(
        &[&id],
        "path_schedule",
        &run(&["path", &id, "--hours-per-week", "6"]),
    );
    let markdown = run(&[
        "export",
        &id,
        "--format",
        "markdown",
        "--hours-per-week",
        "6",
    ]);
    let schedule = &markdown[markdown.find("## Schedule").expect("a schedule section")..];
    filtered(&[&id], "export_markdown_schedule", schedule);
    let html = run(&["export", &id, "--format", "html", "--hours-per-week", "6"]);
    assert!(html.contains("<h2>Schedule</h2>"), "{html}");
    assert!(!run(&["export", &id, "--format", "html"]).contains("<h2>Schedule</h2>"));
    let out = skillgap_in(
        dir.path(),
        &[
            &data[..],
            &["export", &id, "--format", "json", "--hours-per-week", "6"],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// Every requirement measured both times: the role's change is told with the role's own figures
/// and ranges, so the comparison never shows a second, different readiness for the same result.
#[test]
fn a_role_measured_throughout_keeps_its_own_figures() {
    let dir = tempfile::tempdir().unwrap();
    let all = |rating: u8| {
        format!(
            r#"{{"answers": {{"python.self": {rating}, "vision.self": {rating}, "deep.self": {rating}}}}}"#
        )
    };
    let a = save(dir.path(), "a.json", &all(1));
    let b = save(dir.path(), "b.json", &all(2));
    let c = compare_json(dir.path(), &a, &b);
    for r in c["roles"].as_array().unwrap() {
        assert_eq!(r["compared"], 1.0, "{r:#}");
        assert_eq!(r["measured_before"]["readiness"], r["before"], "{r:#}");
        assert_eq!(r["measured_after"]["readiness"], r["after"], "{r:#}");
        assert!(r["verdict"] != "not_measured_both_times", "{r:#}");
    }
    assert!(ids(&c["not_measured_both_times"]).is_empty());
}

/// A person one level better in every skill a role needs, shown by ratings and checks that
/// agree, has reliably improved for that role; the same answers twice have not. Taking each
/// result's whole likely range (every skill low, then every skill high) as its standard error
/// made the threshold about half the scale, so a role's change this large never counted.
#[test]
fn a_role_learnt_a_level_better_is_reliably_improved() {
    let bank = skillgap::bank::load(&skillgap::bank::BankSource::Builtin).unwrap();
    let role = bank.role("deep_learning_engineer").unwrap();
    let needed: Vec<&str> = role.skills.iter().map(|r| r.skill.as_str()).collect();
    // Rates `level` in every skill the role needs, and answers its checks up to that level
    // right and the rest "I don't know".
    let at = |level: u8| {
        let answers: serde_json::Map<String, Value> = bank
            .questions()
            .iter()
            .filter(|q| q.skill.as_deref().is_some_and(|s| needed.contains(&s)))
            .map(|q| {
                use skillgap::bank::QuestionKind::*;
                let right = q.evidence_level() <= level;
                let answer = match q.kind {
                    SelfRating => Value::from(level),
                    _ if !right => Value::from("skip"),
                    SingleChoice => Value::from(q.correct[0]),
                    MultipleChoice => Value::from(q.correct.clone()),
                    ShortText => Value::from(q.accepted[0].clone()),
                    _ => Value::from("skip"),
                };
                (q.id.clone(), answer)
            })
            .collect();
        serde_json::json!({ "answers": answers }).to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    let save_builtin = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = skillgap_in(
            dir.path(),
            &["--data-dir", "data", "quiz", "--answers", name, "--json"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["id"].as_str().unwrap().to_string()
    };
    let a = save_builtin("two.json", &at(2));
    let again = save_builtin("two-again.json", &at(2));
    let b = save_builtin("three.json", &at(3));
    let role_in = |x: &str, y: &str| {
        let out = skillgap_in(
            dir.path(),
            &["--data-dir", "data", "compare", x, y, "--json"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let c: Value = serde_json::from_slice(&out.stdout).unwrap();
        c["roles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["role"] == "deep_learning_engineer")
            .unwrap()
            .clone()
    };
    let learnt = role_in(&a, &b);
    assert_eq!(learnt["compared"], 1.0, "{learnt:#}");
    assert_eq!(learnt["verdict"], "reliably_improved", "{learnt:#}");
    let same = role_in(&a, &again);
    assert_eq!(same["verdict"], "no_reliable_change", "{same:#}");
}
