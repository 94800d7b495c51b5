//! `skillgap team`: a group built from the persona fixtures' answers, each member's result
//! exported as JSON the way a person would send it; counts, distributions, the anonymity
//! threshold, names, mixed banks and bad files among good ones.

use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const PERSONAS: [&str; 5] = [
    "arvr_developer",
    "beginner",
    "cv_inspection",
    "data_analyst",
    "pytorch_researcher",
];
const NAMES: [&str; 5] = ["Ada Qi", "Bea Zed", "Cy <b>", "Dee Xu", "Eve Yo"];

/// The five personas' exports, made once for every test: `member{i}.json`, named, each with a
/// fixed result id so that M1…M5 (by a hash of the id) are the same on every run.
pub(crate) fn group() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("team-group");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let data = tempfile::tempdir().unwrap();
        for (i, p) in PERSONAS.iter().enumerate() {
            let id = save_persona_result(data.path(), p);
            let file = dir.join(format!("member{i}.json"));
            let args = [
                "export",
                id.as_str(),
                "--format",
                "json",
                "--name",
                NAMES[i],
                "-o",
                file.to_str().unwrap(),
            ];
            let out = skillgap(&args, &[("SKILLGAP_DATA_DIR", data.path())]);
            assert!(out.status.success(), "{}", stderr(&out));
            let mut v = read_json(&file);
            assert_eq!(v["name"], NAMES[i]);
            v["id"] = Value::from(format!("member{i}"));
            std::fs::write(&file, serde_json::to_string_pretty(&v).unwrap()).unwrap();
        }
        dir
    })
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A fresh directory holding the first `n` members (copies; the group is shared).
pub(crate) fn first(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let name = format!("member{i}.json");
        std::fs::copy(group().join(&name), dir.path().join(name)).unwrap();
    }
    dir
}

fn team(args: &[&str]) -> std::process::Output {
    let mut all = vec!["team"];
    all.extend(args);
    skillgap(&all, &[])
}

fn team_json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = team(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// DuckDB's `median`: the middle value, or the mean of the middle two.
fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    let m = if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    };
    (m * 1000.0).round() / 1000.0
}

#[test]
fn five_members_get_every_figure_from_their_exports() {
    let dir = group().to_str().unwrap();
    let t = team_json(&[dir]);
    assert_eq!(t["members"], 5);
    assert_eq!(t["withheld"], false);
    assert_eq!(t["sources"]["files"], 5);
    assert_eq!(t["sources"]["rescored"], 0);
    let exports: Vec<Value> = (0..5)
        .map(|i| read_json(&group().join(format!("member{i}.json"))))
        .collect();
    let skills = t["skills"].as_array().unwrap();
    assert_eq!(
        skills.len(),
        exports[0]["assessment"]["skills"].as_array().unwrap().len()
    );
    for s in skills {
        let id = s["skill"].as_str().unwrap();
        let levels: Vec<f64> = exports
            .iter()
            .filter_map(|e| {
                let k = e["assessment"]["skills"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|k| k["skill"] == id)
                    .unwrap();
                let measured = !k["self_rating"].is_null() || k["checks_answered"] != 0;
                measured.then(|| k["level"].as_f64().unwrap())
            })
            .collect();
        assert_eq!(s["measured"], levels.len(), "{id}");
        let bands: u64 = s["bands"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_u64().unwrap())
            .sum();
        assert_eq!(bands as usize, levels.len(), "{id}");
        assert_eq!(s["median"].as_f64().unwrap(), median(levels), "{id}");
        assert!(
            s["q1"].as_f64() <= s["median"].as_f64() && s["median"].as_f64() <= s["q3"].as_f64()
        );
    }
    // Every role in turn; the readiness median is the members' middle one.
    let roles = t["roles"].as_array().unwrap();
    assert_eq!(
        roles.len(),
        exports[0]["assessment"]["roles"].as_array().unwrap().len()
    );
    for r in roles {
        let readiness: Vec<f64> = exports
            .iter()
            .map(|e| {
                e["assessment"]["roles"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|m| m["role"] == r["role"])
                    .unwrap()["readiness"]
                    .as_f64()
                    .unwrap()
            })
            .collect();
        let half = readiness.iter().filter(|&&x| x >= 0.5).count();
        assert_eq!(r["half_ready"], half, "{}", r["role"]);
        assert_eq!(r["readiness_median"].as_f64().unwrap(), median(readiness));
        for q in r["requirements"].as_array().unwrap() {
            assert!(q["meets_target"].as_u64() <= q["measured"].as_u64());
            assert!(q["measured"].as_u64().unwrap() <= 5);
        }
        // A skill in the training order is a gap at least two members share.
        for step in r["training_order"].as_array().unwrap() {
            assert!(step["members"].as_u64().unwrap() >= 2, "{step}");
        }
    }
    // The computer-vision persona is the only one who meets the OpenCV target.
    let cv = roles
        .iter()
        .find(|r| r["role"] == "computer_vision_engineer")
        .unwrap();
    let opencv = cv["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["skill"] == "opencv")
        .unwrap();
    assert_eq!(opencv["meets_target"], 1, "{opencv}");
    assert!(
        cv["held_by_fewer_than_two"]
            .as_array()
            .unwrap()
            .contains(&Value::from("opencv"))
    );
    // Members are M1–M5, without names.
    let shown = t["shown"].as_array().unwrap();
    assert_eq!(shown.len(), 5);
    assert_eq!(shown[0]["member"], "M1");
    assert!(shown.iter().all(|m| m.get("name").is_none()));
}

#[test]
fn four_members_show_only_counts_and_five_show_the_figures() {
    let four = first(4);
    let t = team_json(&[four.path().to_str().unwrap()]);
    assert_eq!(t["members"], 4);
    assert_eq!(t["withheld"], true);
    for field in ["skills", "roles", "shown"] {
        assert_eq!(t[field], Value::Array(vec![]), "{field}");
    }
    let out = team(&[four.path().to_str().unwrap()]);
    let text = stdout(&out);
    assert!(text.contains("Fewer than 5 members: only counts"), "{text}");
    assert!(
        !text.contains("OpenCV") && !text.contains("ready"),
        "{text}"
    );
    // The names given never show without --named, nor below the threshold with it.
    let named = stdout(&team(&[four.path().to_str().unwrap(), "--named"]));
    assert!(!named.contains("Ada Qi"), "{named}");

    let five = first(5);
    let t = team_json(&[five.path().to_str().unwrap()]);
    assert_eq!(t["withheld"], false);
    assert!(!t["skills"].as_array().unwrap().is_empty());
    // With a higher threshold, five are counts only again.
    let t = team_json(&[five.path().to_str().unwrap(), "--min-group", "6"]);
    assert_eq!(t["withheld"], true);
}

#[test]
fn named_shows_the_names_people_gave_and_says_so() {
    let dir = group().to_str().unwrap();
    let plain = stdout(&team(&[dir]));
    for name in NAMES {
        assert!(!plain.contains(name), "{name} in\n{plain}");
    }
    let out = team(&[dir, "--named"]);
    let text = stdout(&out);
    assert!(text.contains("Named (--named)"), "{text}");
    for name in NAMES {
        assert!(text.contains(name), "{name} missing in\n{text}");
    }
    let t = team_json(&[dir, "--named"]);
    let names: Vec<&str> = t["shown"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, NAMES.to_vec());
    // Untrusted names are escaped in Markdown and HTML.
    let md = stdout(&team(&[dir, "--named", "--format", "markdown"]));
    assert!(md.contains("Cy &lt;b&gt;") && !md.contains("<b>"), "{md}");
    let html = stdout(&team(&[dir, "--named", "--format", "html"]));
    assert!(html.contains("Cy &lt;b&gt;") && !html.contains("Cy <b>"));
}

#[test]
fn results_from_another_bank_are_scored_again_and_said_so() {
    let dir = first(5);
    let before = team_json(&[dir.path().to_str().unwrap()]);
    // One member's result names another bank: it is scored again with the built-in one, which
    // gives its own figures back (scoring is deterministic), and the warning says so.
    let file = dir.path().join("member2.json");
    let mut v = read_json(&file);
    v["bank"]["fingerprint"] = Value::from("0123456789abcdef");
    v["assessment"]["skills"][0]["level"] = Value::from(4.0);
    std::fs::write(&file, v.to_string()).unwrap();
    let out = team(&[dir.path().to_str().unwrap(), "--json"]);
    assert!(out.status.success());
    let err = stderr(&out).replace("\n  ", " ");
    assert!(
        err.contains("scored with 2 banks; 1 was scored again with the built-in bank"),
        "{err}"
    );
    let after: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(after["sources"]["rescored"], 1);
    assert_eq!(after["sources"]["banks"].as_array().unwrap().len(), 2);
    assert_eq!(after["skills"], before["skills"]);
    assert_eq!(after["roles"], before["roles"]);

    // Another bank for the whole team: every result is scored with it.
    let mini = fixtures().join("mini");
    let out = skillgap(
        &[
            "--bank",
            mini.to_str().unwrap(),
            "team",
            dir.path().to_str().unwrap(),
            "--json",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(t["sources"]["rescored"], 5);
    assert_eq!(t["members"], 5);
    let bank = skillgap::bank::load(&skillgap::bank::BankSource::Dir(mini)).unwrap();
    assert_eq!(t["skills"].as_array().unwrap().len(), bank.skills().len());
}

#[test]
fn files_that_cannot_be_used_are_named_and_the_rest_counted() {
    let dir = first(5);
    std::fs::write(
        dir.path().join("broken.json"),
        "{\"format\": \"skillgap-res",
    )
    .unwrap();
    std::fs::write(dir.path().join("answers.json"), "{\"answers\": {}}").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a result").unwrap();
    std::fs::copy(
        dir.path().join("member0.json"),
        dir.path().join("copy.json"),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("member1.json"),
        dir.path().join("link.json"),
    )
    .unwrap();
    let missing = dir.path().join("missing.json");
    let out = team(&[
        dir.path().to_str().unwrap(),
        missing.to_str().unwrap(),
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(t["members"], 5);
    assert_eq!(t["sources"]["duplicates"], 1);
    let err = stderr(&out);
    for (file, why) in [
        ("broken.json", "is truncated"),
        ("answers.json", "is not a result export"),
        ("missing.json", "cannot be read"),
        #[cfg(unix)]
        ("link.json", "symbolic link"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(file) && l.contains(why)),
            "{file}: {why} not in\n{err}"
        );
    }
    assert!(!err.contains("notes.txt"));
    // copy.json comes first in path order, so member0.json is the one read twice.
    assert!(
        err.contains("member0.json: holds a result already read"),
        "{err}"
    );
    // Nothing usable at all is an error, naming the files.
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("x.json"), "").unwrap();
    let out = team(&[empty.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("x.json: is empty"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("no usable result export among 1 file"));
}

fn snapshot_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"\(\b[0-9a-f]{16}\b\)", "([BANK])");
    s
}

#[test]
fn team_terminal_and_markdown_snapshots() {
    let dir = group().to_str().unwrap();
    let role = ["--role", "computer_vision_engineer"];
    let term = stdout(&team(&[dir, role[0], role[1]]));
    let md = stdout(&team(&[dir, role[0], role[1], "--format", "markdown"]));
    let named = stdout(&team(&[dir, role[0], role[1], "--named"]));
    let four = first(4);
    let counts = stdout(&team(&[four.path().to_str().unwrap()]));
    snapshot_settings().bind(|| {
        insta::assert_snapshot!("team_terminal", term);
        insta::assert_snapshot!("team_markdown", md);
        insta::assert_snapshot!("team_terminal_named", named);
        insta::assert_snapshot!("team_counts_only", counts);
    });
    for line in term.lines().chain(named.lines()) {
        assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
    }
}

#[test]
fn o_writes_the_report_to_a_file_and_a_bad_role_or_threshold_is_a_usage_error() {
    let dir = group().to_str().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let file = out_dir.path().join("team.md");
    let out = team(&[dir, "--format", "markdown", "-o", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Wrote "));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("# Team\n") && written.contains("## Computer Vision Engineer"));
    let out = team(&[dir, "--role", "computer_vison_engineer"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .replace("\n  ", " ")
            .contains("did you mean \"computer_vision_engineer\"")
    );
    let out = team(&[dir, "--min-group", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let out = team(&[]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_skill_measured_by_fewer_than_the_threshold_has_its_figures_withheld() {
    let dir = first(5);
    // One member said nothing about OpenCV: four measured, fewer than five.
    let file = dir.path().join("member3.json");
    let mut v = read_json(&file);
    for s in v["assessment"]["skills"].as_array_mut().unwrap() {
        if s["skill"] == "opencv" {
            s["self_rating"] = Value::Null;
            s["checks_answered"] = Value::from(0);
        }
    }
    for r in v["assessment"]["roles"].as_array_mut().unwrap() {
        for f in r["requirements"].as_array_mut().unwrap() {
            if f["skill"] == "opencv" {
                f["measured"] = Value::from(false);
            }
        }
    }
    std::fs::write(&file, v.to_string()).unwrap();
    let t = team_json(&[dir.path().to_str().unwrap()]);
    let opencv = t["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill"] == "opencv")
        .unwrap();
    assert_eq!(opencv["measured"], 4);
    for field in ["median", "q1", "q3", "bands"] {
        assert!(opencv[field].is_null(), "{field}: {opencv}");
    }
    let cv = t["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "computer_vision_engineer")
        .unwrap();
    let req = cv["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["skill"] == "opencv")
        .unwrap();
    assert_eq!(req["measured"], 4);
    assert!(
        req["meets_target"].is_null() && req["short"].is_null(),
        "{req}"
    );
    // Other skills keep their figures.
    assert!(!t["skills"][1]["median"].is_null());
    let text = stdout(&team(&[
        dir.path().to_str().unwrap(),
        "--role",
        "computer_vision_engineer",
    ]));
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("OpenCV"))
        .unwrap();
    assert!(line.contains("withheld"), "{line}");
}

/// At a terminal (a pseudo-terminal from `script`) the heatmap cells are coloured; through a pipe,
/// and with NO_COLOR at a terminal, the same text has no escape at all.
#[test]
fn the_heatmap_is_coloured_only_at_a_terminal() {
    if !tool_available(
        "script",
        "bsdutils",
        "this test runs team at a pseudo-terminal",
    ) {
        return;
    }
    let dir = group().to_str().unwrap();
    let at_terminal = |no_color: bool| {
        let command = format!(
            "{} team {dir} --role computer_vision_engineer",
            env!("CARGO_BIN_EXE_skillgap")
        );
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qec", &command, "/dev/null"])
            .stdin(std::process::Stdio::null())
            .env("COLUMNS", "80")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned()
    };
    let coloured = at_terminal(false);
    assert!(
        coloured.contains("\u{1b}[48;5;"),
        "no cell colour at a terminal:\n{coloured}"
    );
    assert!(!at_terminal(true).contains("\u{1b}[48;5;"));
    let piped = std::process::Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(["team", dir, "--role", "computer_vision_engineer"])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    assert!(!stdout(&piped).contains('\u{1b}'));
}
