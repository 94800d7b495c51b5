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

mod properties {
    use proptest::prelude::*;
    use skillgap::score::text_matches_except;

    fn one(s: &str) -> Vec<String> {
        vec![s.to_string()]
    }

    proptest! {
        /// A number is never one digit off: n ± k for any k ≠ 0 is wrong, in any spelling.
        #[test]
        fn a_different_number_is_never_right(n in -10_000i64..10_000, k in 1i64..1000, unit in "(| pixels| px| units)") {
            let key = one(&n.to_string());
            let same = format!("{n}{unit}");
            let above = format!("{}{unit}", n + k);
            let below = format!("{}{unit}", n - k);
            prop_assert!(text_matches_except(&same, &key, &[], 0.0));
            prop_assert!(!text_matches_except(&above, &key, &[], 0.0));
            prop_assert!(!text_matches_except(&below, &key, &[], 0.0));
        }

        /// A fraction and its decimal are one value.
        #[test]
        fn fractions_equal_their_decimals(num in 1u32..50, den in 1u32..50) {
            let value = f64::from(num) / f64::from(den);
            let key = one(&format!("{num}/{den}"));
            let exact = format!("{value}");
            let off = format!("{}", value + 0.01);
            prop_assert!(text_matches_except(&exact, &key, &[], 1e-12));
            prop_assert!(!text_matches_except(&off, &key, &[], 0.001));
        }

        /// Case, articles, a possessive and trailing punctuation never change a verdict; a
        /// negation, or a hedge with a different word, makes an answer wrong.
        #[test]
        fn surface_forms_keep_the_verdict(word in "[a-z]{5,12}", other in "[a-z]{5,12}") {
            let key = one(&word);
            let dressed = format!("The {}'s.", word.to_uppercase());
            let negated = format!("not {word}");
            let hedged = format!("{word} or {other}");
            prop_assert!(text_matches_except(&dressed, &key, &[], 0.0));
            prop_assert!(!text_matches_except(&negated, &key, &[], 0.0));
            if strsim::damerau_levenshtein(&word, &other) > 2 {
                prop_assert!(!text_matches_except(&hedged, &key, &[], 0.0));
            }
            // A rejected answer identical to the typed one always wins.
            prop_assert!(!text_matches_except(&other, &key, &one(&other), 0.0));
        }
    }
}
