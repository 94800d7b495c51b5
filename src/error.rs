//! The library's error type: typed, so the binary can choose how to say it and which exit code to use.

use crate::bank::{BankSource, Diagnostic};
use std::path::PathBuf;

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bank has errors; every diagnostic is kept so all of them can be shown at once.
    #[error("{bank} has {} error(s):\n{}", count_errors(.diagnostics), render(.diagnostics))]
    Bank {
        bank: BankSource,
        diagnostics: Vec<Diagnostic>,
    },
    /// An answer file that does not fit the bank.
    #[error("{path}: {}", .problems.join("\n  "))]
    Answers { path: String, problems: Vec<String> },
    #[error("cannot {action} {}: {source}", .path.display())]
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
    /// A prompt cannot be shown (no terminal, or the terminal failed).
    #[error("{0}")]
    NoTerminal(String),
}

impl Error {
    /// The process exit code: 1 for failures, 2 for usage problems, 130 for an interrupt.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) | Self::NoTerminal(_) => 2,
            Self::Interrupted(_) => 130,
            _ => 1,
        }
    }
}

fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.is_error()).count()
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Shorthand for the library's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;
