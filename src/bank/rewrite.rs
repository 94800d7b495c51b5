//! A copy of a bank with new item parameters, every other byte as it was: the numbers are
//! edited in the files' text (found by their spans), never re-serialised, so a maintainer's
//! diff shows the parameters and nothing else.

use super::BankSource;
use super::load::{BUILTIN_PROFILES, BUILTIN_QUESTIONS, json_paths};
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// One file of a bank: its path inside the bank (`questions/x.json`) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// New parameters for a knowledge check: its id, discrimination a and difficulty b.
pub type ParameterUpdate = (String, f64, f64);

/// Every `questions/*.json` and `profiles/*.json` of the bank, with each updated question's
/// `discrimination` and `difficulty` set (added after its `id` and `discrimination` when it has
/// none) and its `adjustment` removed (a measured difficulty overrides it). Errors name the file.
pub fn rewrite_parameters(
    source: &BankSource,
    updates: &[ParameterUpdate],
) -> Result<Vec<BankFile>, String> {
    let wanted: HashMap<&str, (f64, f64)> = updates
        .iter()
        .map(|(id, a, b)| (id.as_str(), (*a, *b)))
        .collect();
    let mut files = raw_files(source)?;
    for f in &mut files {
        if !f.path.starts_with("questions") {
            continue;
        }
        let shown = f.path.display().to_string();
        let text = std::str::from_utf8(&f.bytes).map_err(|_| format!("{shown} is not UTF-8"))?;
        f.bytes = edit(text, &wanted).map_err(|e| format!("{shown}: {e}"))?;
    }
    Ok(files)
}

fn raw_files(source: &BankSource) -> Result<Vec<BankFile>, String> {
    let mut files = Vec::new();
    match source {
        BankSource::Builtin => {
            for (sub, dir) in [
                ("questions", &BUILTIN_QUESTIONS),
                ("profiles", &BUILTIN_PROFILES),
            ] {
                let mut entries: Vec<_> = dir
                    .files()
                    .filter(|f| f.path().extension().is_some_and(|e| e == "json"))
                    .collect();
                entries.sort_by_key(|f| f.path());
                for e in entries {
                    files.push(BankFile {
                        path: PathBuf::from(sub).join(e.path()),
                        bytes: e.contents().to_vec(),
                    });
                }
            }
        }
        BankSource::Dir(root) => {
            for sub in ["questions", "profiles"] {
                let paths = json_paths(&root.join(sub))
                    .map_err(|e| format!("{}: {e}", root.join(sub).display()))?;
                for p in paths {
                    let bytes = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                    let name = p.file_name().map(PathBuf::from).unwrap_or_default();
                    files.push(BankFile {
                        path: PathBuf::from(sub).join(name),
                        bytes,
                    });
                }
            }
        }
    }
    Ok(files)
}

/// A number as the bank writes it: three decimals at most, no trailing zeros.
pub(crate) fn number(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A member of an object in the text: where its key starts and its value's span.
struct Member {
    key_start: usize,
    value: std::ops::Range<usize>,
}

fn edit(full: &str, wanted: &HashMap<&str, (f64, f64)>) -> Result<Vec<u8>, String> {
    // A byte-order mark is not JSON; it stays in the output as it was.
    let skip = if full.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &full[skip..];
    let offset = |s: &str| s.as_ptr() as usize - full.as_ptr() as usize;
    let top: BTreeMap<String, &RawValue> =
        serde_json::from_str(text).map_err(|e| format!("not a bank file ({e})"))?;
    let Some(questions) = top.get("questions") else {
        return Ok(full.as_bytes().to_vec());
    };
    let items: Vec<&RawValue> =
        serde_json::from_str(questions.get()).map_err(|e| format!("`questions`: {e}"))?;
    // (position, bytes to remove, text to insert), applied from the end.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for item in items {
        let members: BTreeMap<String, &RawValue> =
            serde_json::from_str(item.get()).map_err(|e| format!("a question: {e}"))?;
        let Some(id) = members
            .get("id")
            .and_then(|v| serde_json::from_str::<String>(v.get()).ok())
        else {
            continue;
        };
        let Some(&(a, b)) = wanted.get(id.as_str()) else {
            continue;
        };
        let spans: HashMap<&str, Member> = members
            .iter()
            .map(|(k, v)| {
                let start = offset(v.get());
                let m = Member {
                    key_start: key_start(full, start),
                    value: start..start + v.get().len(),
                };
                (k.as_str(), m)
            })
            .collect();
        let id_member = &spans["id"];
        let (a, b) = (number(a), number(b));
        let mut after_discrimination = id_member.value.end;
        match spans.get("discrimination") {
            Some(m) => {
                edits.push((m.value.start, m.value.len(), a));
                after_discrimination = m.value.end;
            }
            None => edits.push((
                id_member.value.end,
                0,
                insertion(full, id_member, "discrimination", &a),
            )),
        }
        match spans.get("difficulty") {
            Some(m) => edits.push((m.value.start, m.value.len(), b)),
            None => {
                let anchor = spans.get("discrimination").unwrap_or(id_member);
                edits.push((
                    after_discrimination,
                    0,
                    insertion(full, anchor, "difficulty", &b),
                ));
            }
        }
        if let Some(m) = spans.get("adjustment") {
            // From the end of the member before it (its comma goes with it); the first member
            // goes with the comma and space after it instead.
            let before = spans
                .values()
                .map(|o| o.value.end)
                .filter(|&e| e <= m.key_start)
                .max();
            match before {
                Some(end) => edits.push((end, m.value.end - end, String::new())),
                None => {
                    let next = spans
                        .values()
                        .map(|o| o.key_start)
                        .filter(|&s| s > m.value.end)
                        .min()
                        .unwrap_or(m.value.end);
                    edits.push((m.key_start, next - m.key_start, String::new()));
                }
            }
        }
    }
    // Insertions at one place keep their order (discrimination before difficulty).
    edits.sort_by_key(|e| e.0);
    let mut out = full.to_string();
    for (at, remove, insert) in edits.into_iter().rev() {
        out.replace_range(at..at + remove, &insert);
    }
    Ok(out.into_bytes())
}

/// Where the key of the value starting at `value_start` starts: back over `:` and the quoted key
/// (field names hold no quotes).
fn key_start(text: &str, value_start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = value_start;
    while i > 0 && (bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b':') {
        i -= 1;
    }
    // i is just past the key's closing quote.
    let close = i.saturating_sub(1);
    text[..close].rfind('"').unwrap_or(close)
}

/// `, "name": value` laid out like the member it follows: on a line of its own with the same
/// indent when that member starts its line, else on the same line.
fn insertion(text: &str, after: &Member, name: &str, value: &str) -> String {
    let line_start = text[..after.key_start].rfind('\n').map_or(0, |i| i + 1);
    let lead = &text[line_start..after.key_start];
    if lead.chars().all(|c| c == ' ' || c == '\t') && line_start > 0 {
        format!(",\n{lead}\"{name}\": {value}")
    } else {
        format!(", \"{name}\": {value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(number(1.0), "1");
        assert_eq!(number(1.23456), "1.235");
        assert_eq!(number(-0.0001), "0");
        assert_eq!(number(-0.5), "-0.5");
    }

    #[test]
    fn edits_only_the_parameters() {
        let text = "{\n  \"questions\": [\n    {\n      \"id\": \"x.k1\",\n      \"level\": 2,\n      \"adjustment\": -0.3,\n      \"discrimination\": 1.3,\n      \"explanation\": \"…\"\n    },\n    {\"id\": \"x.k2\", \"adjustment\": 0.2, \"level\": 1},\n    {\"id\": \"x.k3\", \"level\": 1}\n  ]\n}\n";
        let wanted = HashMap::from([("x.k1", (1.5, -0.25)), ("x.k2", (0.9, 1.0))]);
        let out = String::from_utf8(edit(text, &wanted).unwrap()).unwrap();
        assert_eq!(
            out,
            "{\n  \"questions\": [\n    {\n      \"id\": \"x.k1\",\n      \"level\": 2,\n      \"discrimination\": 1.5,\n      \"difficulty\": -0.25,\n      \"explanation\": \"…\"\n    },\n    {\"id\": \"x.k2\", \"discrimination\": 0.9, \"difficulty\": 1, \"level\": 1},\n    {\"id\": \"x.k3\", \"level\": 1}\n  ]\n}\n"
        );
    }
}
