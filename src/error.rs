//! The library's error type: typed, so the binary can choose how to say it and which exit code to use.

use crate::bank::{BankSource, Diagnostic};
use crate::text::{count, indent};
use std::path::PathBuf;

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bank has errors; every diagnostic is kept so all of them can be shown at once.
    #[error("{bank} has {}:\n{}", count(count_errors(.diagnostics), "error"), render(.diagnostics))]
    Bank {
        bank: BankSource,
        diagnostics: Vec<Diagnostic>,
    },
    /// An answer file that does not fit the bank.
    #[error("{}", answers(.path, .problems))]
    Answers { path: String, problems: Vec<String> },
    #[error("cannot {action} {}: {source}", crate::text::escape_controls(&.path.display().to_string()))]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// The user asked for something that cannot be done; the message says what to do instead.
    #[error("{0}")]
    Usage(String),
    /// A failure whose details were already printed (e.g. a validation report).
    #[error("{0}")]
    Reported(String),
    /// The person stopped the quiz; their progress is saved.
    #[error("{0}")]
    Interrupted(String),
    /// There are no saved results at all (a command needs one).
    #[error("no saved results yet")]
    NoResults,
    /// No saved result has this id or prefix.
    #[error("no result \"{}\"{}", crate::text::escape_controls(.wanted), .suggestion.as_ref().map(|s| format!("; did you mean \"{s}\"?")).unwrap_or_default())]
    NoSuchResult {
        wanted: String,
        suggestion: Option<String>,
    },
    /// Another process has this unfinished quiz open.
    #[error("session {id} is open in another skillgap process")]
    SessionInUse { id: String },
    /// An answer given in the quiz could not be saved (a full disk, a lost mount). The session
    /// file is written atomically, so it still holds every answer before this one.
    #[error("{}", not_saved(*.number, .id, .path, .source))]
    AnswerNotSaved {
        number: usize,
        id: String,
        path: PathBuf,
        source: Box<Error>,
    },
    /// A prompt cannot be shown (no terminal, or the terminal failed).
    #[error("{0}")]
    NoTerminal(String),
}

impl Error {
    /// The process exit code: 1 for failures, 2 for usage problems, 130 for an interrupt.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_)
            | Self::NoTerminal(_)
            | Self::NoResults
            | Self::NoSuchResult { .. }
            | Self::SessionInUse { .. } => 2,
            Self::Interrupted(_) => 130,
            _ => 1,
        }
    }
}

fn not_saved(number: usize, id: &str, path: &std::path::Path, source: &Error) -> String {
    let source = match source {
        // The path is said once, below; the cause is what the system said.
        Error::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    };
    let safe = match number.saturating_sub(1) {
        0 => "Nothing else was lost: it was the first answer.".to_string(),
        n => format!(
            "Your {} before it {} safe in {}.",
            count(n, "answer"),
            if n == 1 { "is" } else { "are" },
            crate::text::escape_controls(&path.display().to_string())
        ),
    };
    format!(
        "your answer to question {number} could not be saved: {source}\n{safe}\nOnce there is room again, `skillgap resume {id}` goes on from question {number}."
    )
}

fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.is_error()).count()
}

/// Each error under the heading, indented, without repeating the "error:" the heading has.
fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let text = d.to_string();
            indent(text.strip_prefix("error: ").unwrap_or(&text), 2)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One problem on the file's line; several as a list under it.
fn answers(path: &str, problems: &[String]) -> String {
    match problems {
        [one] => format!("{path}: {one}"),
        _ => format!(
            "{path} has {}:\n{}",
            count(problems.len(), "problem"),
            indent(&problems.join("\n"), 2)
        ),
    }
}

/// Shorthand for the library's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;
