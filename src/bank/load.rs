//! Reading a bank: the files embedded in the binary or a bank directory's `questions/*.json` and
//! `profiles/*.json`, parsed into items that remember where they came from.

use super::diagnostic::{Diagnostic, Place};
use super::source::{Anchor, FileKind, Located, SourceFile};
use super::{Bank, Question, Role, Skill, Tip, fingerprint, schema, validate};
use include_dir::{Dir, include_dir};
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub(super) static BUILTIN_QUESTIONS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/questions");
pub(super) static BUILTIN_PROFILES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/profiles");

/// A bank file larger than this is refused: the shipped files are under 60 KiB, and a cap keeps a
/// mistaken path (a log, a device) from being read into memory whole.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Where a bank comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankSource {
    /// The bank shipped inside the binary.
    Builtin,
    /// A directory holding `questions/` and `profiles/` in the shipped layout.
    Dir(PathBuf),
}

impl fmt::Display for BankSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Builtin => write!(f, "the built-in bank"),
            // A directory's name is quoted back to terminals: its control characters escaped.
            Self::Dir(dir) => write!(
                f,
                "{}",
                crate::text::escape_controls(&dir.display().to_string())
            ),
        }
    }
}

/// Loads and validates a bank; on any error returns every diagnostic (warnings included).
pub fn load(source: &BankSource) -> Result<Bank, Vec<Diagnostic>> {
    let (bank, diagnostics) = load_with_report(source);
    bank.ok_or(diagnostics)
}

/// Loads a bank and returns it (when it has no errors) along with every diagnostic, errors first.
pub fn load_with_report(source: &BankSource) -> (Option<Bank>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let Some(files) = read_files(source, &mut diags) else {
        return (None, diags);
    };
    from_files(&files, diags)
}

/// A bank from the bytes of one questions file and one profiles file, read as a bank directory's
/// files are (named `questions/fuzz.json` and `profiles/fuzz.json`): for the fuzz targets.
pub(crate) fn load_from_bytes(
    questions: &[u8],
    profiles: &[u8],
) -> (Option<Bank>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut files = Vec::new();
    for (kind, bytes) in [
        (FileKind::Questions, questions),
        (FileKind::Profiles, profiles),
    ] {
        let name = format!("{}/fuzz.json", subdir(kind));
        match decode(bytes.to_vec()) {
            Ok(text) => files.push(Rc::new(SourceFile::new(name, kind, text))),
            Err((message, help)) => diags.push(file_error(name, message, help)),
        }
    }
    if !diags.is_empty() {
        return (None, diags);
    }
    from_files(&files, diags)
}

/// Parses and checks a bank's files.
fn from_files(
    files: &[Rc<SourceFile>],
    mut diags: Vec<Diagnostic>,
) -> (Option<Bank>, Vec<Diagnostic>) {
    let fingerprint = fingerprint::of(files.iter().map(Rc::as_ref));
    let mut raw = Raw::default();
    for f in files {
        parse_file(f, &mut raw, &mut diags);
    }
    validate::check(&raw, &mut diags);
    diags.sort_by_key(|d| d.severity);
    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    let bank = Bank::new(
        raw.skills.into_iter().map(|i| i.item).collect(),
        raw.questions.into_iter().map(|i| i.item).collect(),
        raw.roles.into_iter().map(|i| i.item).collect(),
        raw.tips.into_iter().map(|i| i.item).collect(),
        fingerprint,
    );
    (Some(bank), diags)
}

/// Every item of a bank, in file order, before the cross-file checks.
#[derive(Default)]
pub(crate) struct Raw {
    pub(crate) skills: Vec<Located<Skill>>,
    pub(crate) questions: Vec<Located<Question>>,
    pub(crate) roles: Vec<Located<Role>>,
    pub(crate) tips: Vec<Located<Tip>>,
}

fn subdir(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Questions => "questions",
        FileKind::Profiles => "profiles",
    }
}

/// A problem with a whole file or directory, which has no line.
fn file_error(
    file: impl Into<String>,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(file, Place::default(), message, help)
}

fn read_files(source: &BankSource, diags: &mut Vec<Diagnostic>) -> Option<Vec<Rc<SourceFile>>> {
    let kinds = [FileKind::Questions, FileKind::Profiles];
    let mut files = Vec::new();
    match source {
        BankSource::Builtin => {
            for kind in kinds {
                let dir = match kind {
                    FileKind::Questions => &BUILTIN_QUESTIONS,
                    FileKind::Profiles => &BUILTIN_PROFILES,
                };
                let mut entries: Vec<_> = dir
                    .files()
                    .filter(|f| f.path().extension().is_some_and(|e| e == "json"))
                    .collect();
                entries.sort_by_key(|f| f.path());
                for f in entries {
                    files.push(Rc::new(SourceFile::new(
                        format!("{}/{} (built-in)", subdir(kind), f.path().display()),
                        kind,
                        String::from_utf8_lossy(f.contents()).into_owned(),
                    )));
                }
            }
        }
        BankSource::Dir(root) => {
            if !root.is_dir() {
                diags.push(file_error(
                    root.display().to_string(),
                    "is not a directory",
                    "a bank directory holds `questions/` and `profiles/` subdirectories",
                ));
                return None;
            }
            for kind in kinds {
                let sub = subdir(kind);
                let dir = root.join(sub);
                let paths = match json_paths(&dir) {
                    Ok(paths) => paths,
                    Err(e) => {
                        diags.push(file_error(
                            dir.display().to_string(),
                            format!("cannot be read: {e}"),
                            format!(
                                "a bank directory needs a readable `{sub}/` holding `*.json` files"
                            ),
                        ));
                        continue;
                    }
                };
                if paths.is_empty() {
                    diags.push(file_error(
                        dir.display().to_string(),
                        "holds no .json files",
                        format!("a bank directory needs `{sub}/*.json`; see the README's data-file format"),
                    ));
                }
                for path in paths {
                    let name = path.display().to_string();
                    match read_text(&path) {
                        Ok(text) => files.push(Rc::new(SourceFile::new(name, kind, text))),
                        Err((message, help)) => diags.push(file_error(name, message, help)),
                    }
                }
            }
            if diags.iter().any(Diagnostic::is_error) {
                return None;
            }
        }
    }
    Some(files)
}

/// The `*.json` entries of a directory, sorted so that load order (and the fingerprint) does not
/// depend on the file system.
pub(super) fn json_paths(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// One bank file's text: only a regular file (a FIFO would block, a device never end), at most
/// [`MAX_FILE_BYTES`], in UTF-8. Errors are (message, help).
fn read_text(path: &Path) -> Result<String, (String, String)> {
    let unreadable = |e: std::io::Error| {
        (
            format!("cannot be read: {e}"),
            "make the file readable, or remove it from the bank".to_string(),
        )
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err((
            "is not a regular file".to_string(),
            "a bank's `*.json` entries must be plain files; remove or rename it".to_string(),
        ));
    }
    let too_big = |bytes: u64| {
        (
            format!(
                "is {bytes} bytes, more than the {} MiB a bank file may have",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            "split it into several files in the same directory".to_string(),
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    // The file may have grown since it was measured.
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    decode(bytes)
}

/// A bank file's bytes as text: UTF-8, a leading byte-order mark read as a space. Errors are
/// (message, help).
fn decode(bytes: Vec<u8>) -> Result<String, (String, String)> {
    let text = String::from_utf8(bytes).map_err(|e| {
        (
            format!("is not valid UTF-8 (byte {})", e.utf8_error().valid_up_to()),
            "save the file as UTF-8".to_string(),
        )
    })?;
    // Some editors start UTF-8 files with a byte-order mark, which JSON does not allow: read it
    // as the space it stands in for, so that lines and columns stay where the author sees them.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => format!(" {rest}"),
        None => text,
    })
}

fn expected_top(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Questions => {
            "a questions file is {\"skills\": [...], \"questions\": [...]} (both optional)"
        }
        FileKind::Profiles => {
            "a profiles file is {\"roles\": [...], \"tips\": [...]} (both optional)"
        }
    }
}

/// The place of serde_json's line and (byte) column, with that line's text and the number of
/// characters before the column: serde_json counts columns in bytes, every diagnostic in
/// characters.
fn serde_place(f: &SourceFile, line: usize, byte_column: usize) -> (Place, &str, usize) {
    let text = f
        .text
        .split('\n')
        .nth(line.saturating_sub(1))
        .unwrap_or_default();
    let before = text
        .char_indices()
        .take_while(|&(i, _)| i < byte_column.saturating_sub(1))
        .count();
    let place = Place {
        line: Some(line),
        column: Some(before + 1),
        ..Place::default()
    };
    (place, text, before)
}

/// A key given twice in one object: JSON readers keep one of the two silently.
fn duplicate_key(f: &SourceFile, d: &crate::text::json::Duplicate) -> Diagnostic {
    // serde_json stops at the end of the repeated key: point at its start where it is written
    // plainly (as it almost always is).
    let (_, line, _) = serde_place(f, d.line, d.column);
    let quoted = serde_json::to_string(&d.key).unwrap_or_default();
    let column = match line.get(..d.column) {
        Some(before) if before.ends_with(&quoted) => d.column + 1 - quoted.len(),
        _ => d.column,
    };
    let (mut place, _, _) = serde_place(f, d.line, column);
    place.path = Some(if d.path.is_empty() {
        d.key.clone()
    } else {
        format!("{}.{}", d.path, d.key)
    });
    Diagnostic::error(
        f.name.clone(),
        place,
        format!(
            "duplicate key `{}` (only one of its values would be read)",
            d.key
        ),
        "give each key once in an object: remove or rename one of them",
    )
}

/// A syntax error, described from serde_json's typed position and the text there, never from
/// its message.
fn syntax_error(f: &SourceFile, e: &serde_json::Error) -> Diagnostic {
    let (place, line, before) = serde_place(f, e.line(), e.column());
    let message = if e.is_eof() {
        "the file ends in the middle of a JSON value".to_string()
    } else {
        match line.chars().nth(before) {
            Some(c) if !c.is_control() => format!("malformed JSON near `{c}`"),
            _ => "malformed JSON".to_string(),
        }
    };
    Diagnostic::error(
        f.name.clone(),
        place,
        message,
        "fix the JSON syntax (a missing comma, quote or bracket is the usual cause)",
    )
}

fn parse_file(f: &Rc<SourceFile>, raw: &mut Raw, diags: &mut Vec<Diagnostic>) {
    let top: &RawValue = match serde_json::from_str(&f.text) {
        Ok(v) => v,
        Err(e) => return diags.push(syntax_error(f, &e)),
    };
    // The file is read below as untyped JSON, which would keep the last of a repeated key.
    if let Some(d) = crate::text::json::first_duplicate(&f.text) {
        diags.push(duplicate_key(f, &d));
    }
    let top_place = |path: Option<String>, at: &str| f.place(f.offset_of(at), path, None);
    let Ok(members) = serde_json::from_str::<BTreeMap<String, &RawValue>>(top.get()) else {
        return diags.push(Diagnostic::error(
            f.name.clone(),
            top_place(None, top.get()),
            "expected a JSON object at the top level",
            expected_top(f.kind),
        ));
    };
    let allowed: &[&str] = match f.kind {
        FileKind::Questions => &["skills", "questions"],
        FileKind::Profiles => &["roles", "tips"],
    };
    for (key, value) in members {
        let place = top_place(Some(key.clone()), value.get());
        if !allowed.contains(&key.as_str()) {
            let help = match crate::text::closest(&key, allowed.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? {}", expected_top(f.kind)),
                None => expected_top(f.kind).to_string(),
            };
            diags.push(Diagnostic::error(
                f.name.clone(),
                place,
                format!("unknown top-level key `{key}`"),
                help,
            ));
            continue;
        }
        let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(value.get()) else {
            diags.push(Diagnostic::error(
                f.name.clone(),
                place,
                format!("`{key}` must be an array"),
                expected_top(f.kind),
            ));
            continue;
        };
        match key.as_str() {
            "skills" => collect(f, &key, &items, schema::SKILL, &mut raw.skills, diags),
            "questions" => collect(f, &key, &items, schema::QUESTION, &mut raw.questions, diags),
            "roles" => collect(f, &key, &items, schema::ROLE, &mut raw.roles, diags),
            _ => collect(f, &key, &items, schema::TIP, &mut raw.tips, diags),
        }
    }
}

fn collect<T: DeserializeOwned>(
    f: &Rc<SourceFile>,
    key: &str,
    items: &[&RawValue],
    fields: &[schema::Field],
    out: &mut Vec<Located<T>>,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, item) in items.iter().enumerate() {
        let start = f.offset_of(item.get());
        // The text was just parsed whole, so this cannot fail; `null` stands in if it did.
        let value: Value = serde_json::from_str(item.get()).unwrap_or(Value::Null);
        let at = Anchor {
            file: Rc::clone(f),
            span: start..start + item.get().len(),
            path: format!("{key}[{i}]"),
            id: value.get("id").and_then(Value::as_str).map(str::to_string),
        };
        if !schema::check(&value, fields, &at, diags) {
            continue;
        }
        match serde_json::from_value::<T>(value) {
            Ok(item) => out.push(Located { item, at }),
            // The shape checks cover the format, so this is a safety net: serde's own words.
            Err(e) => diags.push(at.error(
                &[],
                e.to_string(),
                "fix the value; see the README's data-file format",
            )),
        }
    }
}
