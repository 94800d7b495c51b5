//! What several commands share: opening the bank and the store, finding a result, reading an
//! answer file, and writing output (JSON, files, a closed pipe).

use crate::answers::Answers;
use crate::bank::{self, Bank, BankSource};
use crate::error::{Error, Result};
use crate::render::chart::Layout;
use crate::render::terminal as report;
use crate::store::{self, SavedResult, Store};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Opens the data directory: `--data-dir`/`SKILLGAP_DATA_DIR`, else the platform's.
pub(crate) fn open_store(dir: Option<&Path>) -> Result<Store> {
    Store::open(data_dir(dir)?)
}

/// Opens the data directory to read it only (`history`, `show`, `export`…): nothing in it is
/// created or changed, so those work where it cannot be written.
pub(crate) fn open_store_read_only(dir: Option<&Path>) -> Result<Store> {
    Store::open_read_only(data_dir(dir)?)
}

fn data_dir(dir: Option<&Path>) -> Result<PathBuf> {
    dir.map(Path::to_path_buf)
        .or_else(store::default_dir)
        .ok_or_else(|| {
            Error::Usage(
            "cannot find a data directory on this system; choose one with --data-dir DIR or SKILLGAP_DATA_DIR".to_string(),
        )
        })
}

/// Unreadable files are named and left alone; they never stop a command.
pub(crate) fn warn_unreadable(problems: &[store::Problem]) {
    for p in problems {
        eprintln!(
            "warning: {}",
            crate::text::escape_forbidden(&p.to_string(), true)
        );
    }
}

/// Finds a result; the files passed over on the way (a newer one that cannot be read, a file not
/// named by an id) are warned about once it is found, and named in the error when it is not.
pub(crate) fn find(store: &Store, id: &str) -> Result<SavedResult> {
    let mut problems = Vec::new();
    let found = store.find_result_noting(id, &mut problems)?;
    warn_unreadable(&problems);
    Ok(found)
}

/// Loads a bank, turning its diagnostics into one error that lists them all.
pub(crate) fn load_bank(source: &BankSource) -> Result<Bank> {
    bank::load(source).map_err(|diagnostics| Error::Bank {
        bank: source.clone(),
        diagnostics,
    })
}

/// A role by id, or a usage error with a "did you mean".
pub(crate) fn find_role<'a>(bank: &'a Bank, id: &str) -> Result<&'a bank::Role> {
    bank.role(id).ok_or_else(|| {
        let ids = bank.roles().iter().map(|r| r.id.as_str());
        let hint = match crate::text::closest(id, ids) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => "`skillgap roles` lists them".to_string(),
        };
        let id = crate::text::escape_controls(id);
        Error::Usage(format!("no role \"{id}\" in the bank; {hint}"))
    })
}

/// Reads and checks an answer file against the bank.
pub(crate) fn read_answers(path: &Path, bank: &Bank) -> Result<Answers> {
    let shown = crate::text::escape_controls(&path.display().to_string()).into_owned();
    let refused = |problem: String| Error::Answers {
        path: shown.clone(),
        problems: vec![problem],
    };
    let bytes = crate::store::read_named(path).map_err(refused)?;
    parse_answers(bytes, bank).map_err(|problems| Error::Answers {
        path: shown.clone(),
        problems,
    })
}

/// An answer file's bytes, read and checked against the bank: its problems when it does not fit.
pub(crate) fn parse_answers(
    bytes: Vec<u8>,
    bank: &Bank,
) -> std::result::Result<Answers, Vec<String>> {
    let text = String::from_utf8(bytes)
        .map_err(|_| vec!["is not UTF-8 text, so not an answer file".to_string()])?;
    // A byte-order mark some editors write is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Answers::parse_file(text, bank)
}

/// How much of a result to print: the summary (one screen), or the summary and every figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    Summary,
    Full,
}

/// Prints a saved result (the result JSON plus its id with `json`); `new` adds where it is kept.
pub(crate) fn print_result(
    result: &SavedResult,
    store: &Store,
    json: bool,
    new: bool,
    detail: Detail,
    out: &mut dyn Write,
) -> Result<()> {
    if json {
        let mut value = serde_json::to_value(&result.assessment).expect("results serialise");
        value["id"] = serde_json::Value::from(result.id.clone());
        return write_out(out, &to_json(&value));
    }
    let layout = Layout::detect();
    let mut text = report::result_header(result, layout);
    text.push_str(&report::summary(
        &result.assessment,
        Some(&result.id),
        layout,
    ));
    if detail == Detail::Full {
        text.push('\n');
        text.push_str(&report::assessment(&result.assessment, layout));
    }
    if new {
        let saved = format!(
            "Saved as result {} in {}. After you have learned more, take the quiz again and `skillgap compare` shows what changed.",
            result.id,
            crate::text::escape_controls(&store.results_dir().display().to_string())
        );
        text.push_str(&format!("\n{}\n", layout.wrap(&saved, "", "  ")));
    }
    write_out(out, &text)
}

/// Pretty JSON with a final newline, as every `--json` prints.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("results serialise");
    s.push('\n');
    s
}

/// Writes a document atomically (a half-written report is never left behind) and says so.
/// An existing file keeps its mode; a link, device, FIFO or directory in the way is refused
/// rather than replaced by a new file (as root, `-o /dev/stdout` would replace /dev/stdout).
pub(crate) fn write_file(path: &Path, text: &str, out: &mut dyn Write) -> Result<()> {
    let shown = crate::text::escape_controls(&path.display().to_string()).into_owned();
    let existing = match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => Some(m.permissions()),
        Ok(_) => {
            return Err(Error::Usage(format!(
                "{shown} is not a regular file (a link, device or directory); give -o the path of a file, or leave -o out to print to standard output"
            )));
        }
        Err(_) => None,
    };
    store::write_atomic(path, text.as_bytes(), false)?;
    if let Some(permissions) = existing {
        std::fs::set_permissions(path, permissions).map_err(|source| Error::Io {
            action: "keep the mode of",
            path: path.to_path_buf(),
            source,
        })?;
    }
    write_out(out, &format!("Wrote {shown}.\n"))
}

/// Writes to standard output. Untrusted text is escaped where it enters; [`crate::text::for_terminal`]
/// is the last guard, so that nothing but skillgap's own colours can act on a terminal.
pub(crate) fn write_out(out: &mut dyn Write, text: &str) -> Result<()> {
    let text = crate::text::for_terminal(text);
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        // A closed pipe (`skillgap roles | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|source| Error::Io {
            action: "write to",
            path: PathBuf::from("standard output"),
            source,
        }),
    }
}
