//! Hostile text reaching a terminal: a bank, an answer file, a file or directory name and the
//! command line itself, each carrying an OSC 0 window title, an OSC 52 clipboard write, a
//! clear-screen, a C1 CSI and a bidirectional override, run through every command. Nothing may
//! reach standard output or standard error as a raw escape, BEL, C1 or bidi character; colour
//! is forced on (`CLICOLOR_FORCE`) so that standard output is passed through as at a terminal
//! instead of being stripped, and only the colour sequences skillgap writes itself may remain.

use crate::common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const TITLE: &str = "\u{1b}]0;pwned\u{7}";
const CLIPBOARD: &str = "\u{1b}]52;c;cHduZWQ=\u{7}";
const CLEAR: &str = "\u{1b}[2J";
const C1: &str = "\u{9b}2J";
const BIDI: &str = "\u{202e}";

fn evil(what: &str) -> String {
    format!("{what}{TITLE}{CLIPBOARD}{CLEAR}{C1}{BIDI}!")
}

/// The first character that must not reach a terminal, if any: every C0 control but line feed
/// and tab, DEL, C1 controls and bidi controls. With `colour`, the SGR sequences of
/// skillgap's own colours (`ESC [ digits;… m`) are allowed.
fn raw_control(text: &str, colour: bool) -> Option<(usize, char)> {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if colour && c == '\u{1b}' && text[i + 1..].starts_with('[') {
            let rest = &text[i + 2..];
            let params = rest
                .find(|c: char| !(c.is_ascii_digit() || c == ';'))
                .unwrap_or(rest.len());
            if rest[params..].starts_with('m') {
                let end = i + 2 + params + 1;
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                continue;
            }
        }
        let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if (c.is_control() && c != '\n' && c != '\t') || bidi {
            return Some((i, c));
        }
    }
    None
}

fn assert_clean(out: &Output, what: &str) {
    for (stream, bytes, colour) in [("stdout", &out.stdout, true), ("stderr", &out.stderr, true)] {
        let text = String::from_utf8_lossy(bytes);
        if let Some((i, c)) = raw_control(&text, colour) {
            let from = text[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
            panic!(
                "{what}: raw {c:?} on {stream} at byte {i}: {:?}",
                &text[from..(i + 40).min(text.len())]
            );
        }
    }
}

#[test]
fn the_checker_catches_every_hostile_sequence_and_allows_colour() {
    for s in [TITLE, CLIPBOARD, CLEAR, C1, BIDI, "\u{7}", "\r", "\u{7f}"] {
        assert!(raw_control(&format!("ok {s} ok"), true).is_some(), "{s:?}");
    }
    assert_eq!(raw_control("\u{1b}[1;32mgreen\u{1b}[0m\ttab\n", true), None);
    assert!(raw_control("\u{1b}[1;32mgreen", false).is_some());
}

/// Runs the binary as a terminal would see it: colour forced on, so nothing is stripped.
fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .env_remove("COLUMNS")
        .env_remove("SKILLGAP_DATA_DIR")
        .output()
        .unwrap()
}

fn edit(path: &Path, change: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    change(&mut v);
    std::fs::write(path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

/// The mini bank with hostile text in every kind of field, including a field name and a
/// top-level key, in `dir/name`.
fn hostile_bank(dir: &Path, name: &str) -> PathBuf {
    let bank = dir.join(name);
    std::fs::create_dir_all(&bank).unwrap();
    copy_tree(&fixtures().join("mini"), &bank);
    edit(&bank.join("questions/core.json"), |v| {
        let s = &mut v["skills"][0];
        s["name"] = json!(evil("Python"));
        s["description"] = json!(evil("desc"));
        s["levels"][1]["label"] = json!(evil("label"));
        s["learn"]["project"] = json!(evil("project"));
        let q = &mut v["questions"][1];
        q["prompt"] = json!(evil("prompt"));
        q["options"][0] = json!(evil("option"));
        q["explanation"] = json!(evil("why"));
        q[evil("field").as_str()] = json!(1);
        v["questions"][3]["accepted"][0] = json!(evil("yield"));
        v["questions"][4]["id"] = json!(evil("vision.self"));
        v[evil("top").as_str()] = json!([]);
    });
    edit(&bank.join("profiles/roles.json"), |v| {
        v["roles"][0]["name"] = json!(evil("Vision"));
        v["roles"][0]["definition"] = json!(evil("Sees"));
        v["roles"][0]["tools"][0] = json!(evil("OpenCV"));
        v["tips"][0]["text"] = json!(evil("tip"));
    });
    bank
}

/// Every command that reads the bank, against `bank` (relative to `cwd`), with data in `data`.
fn every_command<'a>(bank: &'a str, data: &'a str, answers: &'a str) -> Vec<Vec<&'a str>> {
    let with = |rest: &[&'a str]| {
        let mut v = vec!["--bank", bank, "--data-dir", data];
        v.extend_from_slice(rest);
        v
    };
    vec![
        with(&["validate"]),
        with(&["validate", "--json"]),
        vec!["validate", bank],
        with(&["roles"]),
        with(&["roles", "--json"]),
        with(&["skills"]),
        with(&["skills", "--role", "vision_engineer"]),
        with(&["score", "--answers", answers]),
        with(&["score", "--answers", answers, "--json"]),
        with(&["quiz", "--answers", answers]),
        with(&["quiz", "--mode", "quick", "--answers", answers]),
        with(&["quiz"]),
        with(&["resume"]),
        with(&["show", "--full"]),
        with(&["review"]),
        with(&["path"]),
        with(&["rescore"]),
        with(&["export", "--format", "markdown"]),
        with(&["export", "--format", "html"]),
        with(&["export", "--format", "json"]),
        with(&["simulate", "--respondents", "2"]),
    ]
}

/// A bank full of hostile text is refused by every command, each diagnostic naming the file
/// and the field, and none of it reaches either stream raw.
#[test]
fn a_hostile_bank_is_refused_everywhere_and_never_printed_raw() {
    let dir = tempfile::tempdir().unwrap();
    hostile_bank(dir.path(), "bank");
    std::fs::write(
        dir.path().join("answers.json"),
        r#"{"answers": {"python.self": 2}}"#,
    )
    .unwrap();
    // A result saved with the built-in bank, for the commands that read one.
    let out = run(
        dir.path(),
        &["--data-dir", "data", "quiz", "--answers", "answers.json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    for args in every_command("bank", "data", "answers.json") {
        let out = run(dir.path(), &args);
        assert_clean(&out, &format!("{args:?}"));
        if args.contains(&"validate") {
            assert!(!out.status.success(), "{args:?} accepted a hostile bank");
            let text = format!("{}{}", stdout(&out), stderr(&out));
            for field in [
                "`name` contains a control character",
                "`prompt` contains a control character",
                "`options` contains a control character",
                "`explanation` contains a control character",
                "`definition` contains a control character",
                "`text` contains a control character",
            ] {
                assert!(
                    text.contains(field),
                    "{args:?} does not say {field}:\n{text}"
                );
            }
            // The items are still read, so nothing that refers to them is reported as unknown.
            assert!(
                !text.contains("unknown skill \"python\""),
                "{args:?} reports knock-on errors:\n{text}"
            );
            assert!(
                text.contains("questions/core.json") && text.contains("profiles/roles.json"),
                "{args:?} does not name the files:\n{text}"
            );
        }
    }
}

/// A valid bank in a directory, and an answer file, whose names hold the hostile sequences, and
/// an answer file whose ids, typed answers and keys do: messages naming them escape them.
#[test]
fn hostile_file_names_answer_files_and_arguments_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let bank_name = evil("bank");
    let bank = dir.path().join(&bank_name);
    std::fs::create_dir_all(&bank).unwrap();
    copy_tree(&fixtures().join("mini"), &bank);
    let answers_name = evil("answers") + ".json";
    std::fs::write(
        dir.path().join(&answers_name),
        r#"{"answers": {"python.self": 2, "python.k1": 1, "python.k3": "yield"}}"#,
    )
    .unwrap();
    let data = evil("data");
    for args in every_command(&bank_name, &data, &answers_name) {
        let out = run(dir.path(), &args);
        assert_clean(&out, &format!("{args:?}"));
    }
    // A missing bank, a missing answer file, an unwritable output: each named, escaped.
    let missing = evil("missing");
    let output = format!("{}/out.md", evil("nowhere"));
    for args in [
        vec!["--bank", missing.as_str(), "roles"],
        vec!["--bank", bank_name.as_str(), "score", "--answers", &missing],
        vec![
            "--data-dir",
            &data,
            "export",
            "--format",
            "markdown",
            "-o",
            &output,
        ],
        vec!["--data-dir", &data, "show", &missing],
        vec!["--data-dir", &data, "delete", &missing, "--yes"],
        vec!["--bank", bank_name.as_str(), "skills", "--role", &missing],
        vec!["--bank", bank_name.as_str(), "quiz", "--role", &missing],
        // clap's own errors quote the arguments.
        vec![missing.as_str()],
        vec!["export", "--format", &missing],
        vec!["simulate", "--respondents", &missing],
    ] {
        let out = run(dir.path(), &args);
        assert!(!out.status.success(), "{args:?}");
        assert_clean(&out, &format!("{args:?}"));
        assert!(
            stderr(&out).contains("\\u{1b}"),
            "{args:?}: {}",
            stderr(&out)
        );
    }

    // Hostile ids, typed answers and keys inside an answer file.
    let hostile_answers = [
        json!({"answers": {evil("python.self"): 2}}),
        json!({"answers": {"python.k3": evil("yield")}}),
        json!({"answers": {"python.self": evil("two")}}),
        json!({"answers": {"python.self": 2}, evil("extra"): 1}),
        json!({"answers": {evil("a"): 1, evil("b"): 2, "python.k1": [evil("c")]}}),
    ];
    for (i, answers) in hostile_answers.iter().enumerate() {
        std::fs::write(dir.path().join("hostile.json"), answers.to_string()).unwrap();
        for command in ["score", "quiz"] {
            let args = [
                "--bank",
                bank_name.as_str(),
                "--data-dir",
                &data,
                command,
                "--answers",
                "hostile.json",
            ];
            let out = run(dir.path(), &args);
            assert!(
                !out.status.success(),
                "answer file {i} was accepted by {command}: {}",
                stdout(&out)
            );
            assert_clean(&out, &format!("answer file {i}, {command}"));
            if [0, 3, 4].contains(&i) {
                assert!(stderr(&out).contains("\\u{1b}"), "{i}: {}", stderr(&out));
            }
        }
    }
}
