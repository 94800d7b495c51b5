//! Free-text answers as practitioners type them: every short-text check in the shipped bank has a
//! table (`tests/free_text/*.json`) of at least five right and three wrong answers, and the
//! matcher judges each one as the table says.

use skillgap::answers::Answer;
use skillgap::bank::{self, BankSource, QuestionKind};
use skillgap::score::is_correct;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    right: Vec<String>,
    wrong: Vec<String>,
}

const MIN_RIGHT: usize = 5;
const MIN_WRONG: usize = 3;

fn tables() -> BTreeMap<String, (String, Table)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/free_text");
    let mut all = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("tests/free_text") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let tables: BTreeMap<String, Table> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        for (id, t) in tables {
            assert!(
                all.insert(id.clone(), (file.clone(), t)).is_none(),
                "{id} has two tables"
            );
        }
    }
    all
}

#[test]
fn every_free_text_check_has_a_table_and_the_matcher_agrees_with_it() {
    let bank = bank::load(&BankSource::Builtin).expect("built-in bank");
    let tables = tables();
    let mut problems = Vec::new();
    for q in bank
        .questions()
        .iter()
        .filter(|q| q.kind == QuestionKind::ShortText)
    {
        let Some((_, t)) = tables.get(&q.id) else {
            problems.push(format!("{}: no table", q.id));
            continue;
        };
        if t.right.len() < MIN_RIGHT || t.wrong.len() < MIN_WRONG {
            problems.push(format!(
                "{}: {} right and {} wrong answers; a table needs {MIN_RIGHT} and {MIN_WRONG}",
                q.id,
                t.right.len(),
                t.wrong.len()
            ));
        }
        for a in &t.right {
            if !is_correct(q, &Answer::Text(a.clone())) {
                problems.push(format!("{}: right answer {a:?} is marked wrong", q.id));
            }
        }
        for a in &t.wrong {
            if is_correct(q, &Answer::Text(a.clone())) {
                problems.push(format!("{}: wrong answer {a:?} is marked right", q.id));
            }
        }
    }
    for (id, (file, _)) in &tables {
        match bank.question(id) {
            Some(q) if q.kind == QuestionKind::ShortText => {}
            _ => problems.push(format!(
                "{file}: {id} is not a short-text question of the bank"
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
