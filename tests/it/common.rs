//! Helpers shared by the integration tests.
#![allow(dead_code)]

use skillgap::quiz::{Ask, Prompter, Reply};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies every file under `from` into `to`, creating directories.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The mini bank with one broken fixture laid over it, in a fresh temporary directory.
pub fn broken_bank(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("mini"), dir.path());
    copy_tree(&fixtures().join("broken").join(name), dir.path());
    dir
}

/// Runs the built binary with no standard input and the given environment additions.
pub fn skillgap(args: &[&str], envs: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_skillgap"));
    cmd.args(args)
        .stdin(Stdio::null())
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("SKILLGAP_DATA_DIR");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `skillgap [--bank BANK] quiz --answers FILE --json` with `answers` (an answer file's text),
/// keeping results in `data`; returns the saved result's id.
pub fn quiz_from_answers(data: &Path, bank: Option<&Path>, answers: &str) -> String {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), answers).unwrap();
    let mut args = Vec::new();
    if let Some(bank) = bank {
        args.extend(["--bank", bank.to_str().unwrap()]);
    }
    args.extend(["quiz", "--answers", file.path().to_str().unwrap(), "--json"]);
    let out = skillgap(&args, &[("SKILLGAP_DATA_DIR", data)]);
    assert!(out.status.success(), "quiz failed: {}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["id"].as_str().unwrap().to_string()
}

/// Takes the quiz non-interactively as one of the persona fixtures would answer it (full bank,
/// built-in), saving the result in `data`; returns the result's id.
pub fn save_persona_result(data: &Path, persona: &str) -> String {
    let bank = skillgap::bank::load(&skillgap::bank::BankSource::Builtin).unwrap();
    let p: skillgap::simulate::persona::Persona = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("personas").join(format!("{persona}.json")))
            .unwrap(),
    )
    .unwrap();
    quiz_from_answers(data, None, &p.answers(&bank).to_file_json())
}

/// Whether a system tool a test drives is installed. In CI (`CI` set, as `.ci/run` runs) a missing
/// tool fails the test; on a developer's machine with only Rust, the test says it is skipped and
/// how to install the tool, so `cargo test` still passes there.
pub fn tool_available(program: &str, package: &str, purpose: &str) -> bool {
    let found = Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success())
        || Command::new(program)
            .arg("-V")
            .stdin(Stdio::null())
            .output()
            .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    let message = format!(
        "`{program}` is not installed: {purpose}; install it with `apt-get install {package}`"
    );
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(!ci, "{message} (CI must run this test)");
    eprintln!("skipped: {message}");
    false
}

/// `skillgap export ID --format FORMAT -o FILE` against the data in `data`; asserts it worked.
pub fn export_to(data: &Path, id: &str, format: &str, file: &Path) {
    let out = skillgap(
        &[
            "export",
            id,
            "--format",
            format,
            "-o",
            file.to_str().unwrap(),
        ],
        &[("SKILLGAP_DATA_DIR", data)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Runs the built binary in `cwd`, with no standard input, no colour and no data directory from
/// the environment, so relative paths in its messages are the same on every machine.
pub fn skillgap_in(cwd: &Path, args: &[&str]) -> Output {
    skillgap_at_width(cwd, args, None)
}

/// [`skillgap_in`], laid out for `columns` (through `COLUMNS`, as output that is not a terminal
/// takes it), or the default 80.
pub fn skillgap_at_width(cwd: &Path, args: &[&str], columns: Option<usize>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_skillgap"));
    cmd.args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .env_remove("SKILLGAP_DATA_DIR");
    if let Some(c) = columns {
        cmd.env("COLUMNS", c.to_string());
    }
    cmd.output().unwrap()
}

/// A scripted person who leaves at the first question (and answers no confirmation, relying on
/// the trait's default), and remembers what was said.
#[derive(Default)]
pub struct Leaver {
    pub said: Vec<String>,
}

impl Prompter for Leaver {
    fn say(&mut self, text: &str) {
        self.said.push(text.to_string());
    }
    fn select(&mut self, _: &Ask, _: &[String], _: usize) -> Reply<usize> {
        Reply::Cancelled
    }
    fn multi_select(
        &mut self,
        _: &Ask,
        _: &[String],
        _: fn(&[usize], usize) -> Option<String>,
    ) -> Reply<Vec<usize>> {
        Reply::Cancelled
    }
    fn text(&mut self, _: &Ask) -> Reply<String> {
        Reply::Cancelled
    }
}
