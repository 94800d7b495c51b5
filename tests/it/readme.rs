//! The README's examples are run: its set-up commands, every command in its table, the answer-file
//! example, the bank-format examples and the result JSON's field list. A README that drifts from
//! the program fails here.

use crate::common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The fenced code blocks of a language, in order.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_start().strip_prefix("```")) {
            (None, Some(tag)) => {
                current = (tag.trim() == lang).then(String::new).or(Some("\0".into()))
            }
            (Some(block), Some(_)) => {
                if !block.starts_with('\0') {
                    out.push(std::mem::take(block));
                }
                current = None;
            }
            (Some(block), None) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

#[test]
fn the_readme_starts_with_the_two_set_up_commands() {
    let text = readme();
    let first = &blocks(&text, "sh")[0];
    let commands: Vec<&str> = first
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(commands, ["cargo run --release", "cargo test"]);
    // The set-up block comes before any other section.
    assert!(text.find("```sh").unwrap() < text.find("\n## ").unwrap());
}

#[test]
fn every_command_in_the_table_exists() {
    let text = readme();
    let table = text
        .split("## Commands")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .nth(1)
        .unwrap();
    let mut seen = BTreeSet::new();
    for row in table.lines().filter(|l| l.starts_with("| `skillgap")) {
        for cell in row.split('`').skip(1).step_by(2) {
            let mut words = cell.split_whitespace();
            if words.next() != Some("skillgap") {
                continue;
            }
            let Some(sub) = words
                .next()
                .filter(|w| w.chars().all(|c| c.is_ascii_lowercase()))
            else {
                continue;
            };
            if seen.insert(sub.to_string()) {
                let out = skillgap(&[sub, "--help"], &[]);
                assert!(
                    out.status.success(),
                    "the README lists `skillgap {sub}`: {}",
                    stderr(&out)
                );
                // Every flag the README gives the command is one it takes.
                let help = stdout(&out);
                for flag in cell.split_whitespace().filter(|w| w.starts_with("--")) {
                    let flag = flag.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-');
                    assert!(help.contains(flag), "`skillgap {sub}` has no {flag}");
                }
            }
        }
    }
    assert!(seen.len() >= 15, "only {seen:?} found in the table");
}

/// `skillgap score --answers FILE --json` on an answer file's text.
fn score_json(answers: &str) -> serde_json::Value {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), answers).unwrap();
    let path = file.path().to_str().unwrap();
    let out = skillgap(&["score", "--answers", path, "--json"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_answer_file_example_scores_with_the_built_in_bank() {
    let text = readme();
    let section = text.split("## Answer files").nth(1).unwrap();
    let example = &blocks(section, "json")[0];
    let result = score_json(example);
    assert_eq!(result["answered"], 6);
    assert_eq!(result["skipped"], 1);
    // The example's answers fit the shipped bank's questions as they are: a right answer to
    // each check it answers, so that a newcomer sees it count.
    let bank = skillgap::bank::load(&skillgap::bank::BankSource::Builtin).unwrap();
    let file = skillgap::answers::Answers::parse_file(example, &bank).unwrap();
    for (id, answer) in file.iter() {
        let q = bank.question(id).unwrap();
        if q.kind.is_knowledge_check() && *answer != skillgap::answers::Answer::Skip {
            assert!(
                skillgap::score::is_correct(q, answer),
                "the README's answer to {id} is wrong"
            );
        }
    }
}

/// The names before a colon-less `{"a", "b"}` list or `{"a": …}` in the README's result sketch.
fn sketched_fields(sketch: &str, key: &str) -> BTreeSet<String> {
    let start = sketch.find(&format!("\"{key}\": [{{")).unwrap_or_else(|| {
        sketch
            .find(&format!("\"{key}\": {{"))
            .unwrap_or_else(|| panic!("the README sketches no \"{key}\""))
    });
    let body = &sketch[start..];
    let open = body.find('{').unwrap();
    let close = open + body[open..].find('}').unwrap();
    body[open + 1..close]
        .split(',')
        .filter_map(|f| f.split('"').nth(1))
        .map(str::to_string)
        .collect()
}

fn keys(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn the_result_json_sketch_names_every_field_the_program_prints() {
    let text = readme();
    let sketch = &blocks(text.split("## Result JSON").nth(1).unwrap(), "text")[0];
    let bank = skillgap::bank::load(&skillgap::bank::BankSource::Builtin).unwrap();
    let p: skillgap::simulate::persona::Persona = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("personas").join("pytorch_researcher.json"))
            .unwrap(),
    )
    .unwrap();
    let r = score_json(&p.answers(&bank).to_file_json());
    let optional = |s: &BTreeSet<String>, v: &serde_json::Value| -> BTreeSet<String> {
        // Fields the sketch marks optional (`?`) may be absent from one result.
        let have = keys(v);
        s.iter()
            .filter(|f| have.contains(*f) || !sketch.contains(&format!("\"{f}\"?")))
            .cloned()
            .collect()
    };
    for (key, value) in [
        ("skills", &r["skills"][0]),
        ("roles", &r["roles"][0]),
        ("recommendation", &r["recommendation"]),
        ("path", &r["path"][0]),
        ("runner_up", &r["runner_up"]),
    ] {
        let sketched = sketched_fields(sketch, key);
        assert_eq!(
            optional(&sketched, value),
            keys(value),
            "the README's \"{key}\" fields differ from the program's"
        );
    }
}

#[test]
fn the_bank_format_examples_are_json_with_the_fields_the_bank_takes() {
    let text = readme();
    let section = text.split("## The bank format").nth(1).unwrap();
    let examples = blocks(section, "json");
    assert_eq!(examples.len(), 2, "a question file and a profile file");
    for example in &examples {
        // "…" stands for prose; the structure must still be JSON.
        let v: serde_json::Value =
            serde_json::from_str(example).unwrap_or_else(|e| panic!("not JSON ({e}):\n{example}"));
        assert!(v.is_object());
    }
    let questions: serde_json::Value = serde_json::from_str(&examples[0]).unwrap();
    let kinds: BTreeSet<&str> = questions["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.len(),
        6,
        "every question kind has an example: {kinds:?}"
    );
    // An example naming a question of the shipped bank shows it as it is there, so that a newcomer
    // who tries the README's ids gets what it says.
    let bank = skillgap::bank::load(&skillgap::bank::BankSource::Builtin).unwrap();
    for q in questions["questions"].as_array().unwrap() {
        let id = q["id"].as_str().unwrap();
        if let Some(shipped) = bank.question(id) {
            assert_eq!(
                q["kind"].as_str(),
                Some(shipped.kind.as_str()),
                "the README's {id} is not of the kind the shipped bank's is"
            );
        }
    }
}
