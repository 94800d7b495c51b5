//! What a bank check reports: a typed place (line, column, JSON path, id) rather than a string,
//! so `--json` consumers and editors can jump to the problem.

use serde::Serialize;
use std::fmt;

/// How bad a problem is: errors stop the bank from loading, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where in a file a problem is. Every part is optional: a missing directory has no line, a
/// syntax error has no JSON path, and an item without an id has no id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Place {
    /// 1-based.
    pub line: Option<usize>,
    /// 1-based, in characters.
    pub column: Option<usize>,
    /// The JSON path of the value at fault, e.g. `questions[3].options[1]`.
    pub path: Option<String>,
    /// The id of the skill, question, role or tip the value belongs to.
    pub id: Option<String>,
}

impl Place {
    /// `LINE:COL`, or `LINE`, or nothing.
    fn position(&self) -> Option<String> {
        match (self.line, self.column) {
            (Some(l), Some(c)) => Some(format!("{l}:{c}")),
            (Some(l), None) => Some(l.to_string()),
            _ => None,
        }
    }
}

/// One problem found in a bank, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, as the user would find it.
    pub file: String,
    #[serde(flatten)]
    pub place: Place,
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl Diagnostic {
    /// Messages quote bank text and file names back to the user, so control and bidi characters
    /// in them are escaped here, where every diagnostic is made.
    pub(crate) fn error(
        file: impl Into<String>,
        place: Place,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        let safe = |s: String| match crate::text::escape_controls(&s) {
            std::borrow::Cow::Borrowed(_) => s,
            std::borrow::Cow::Owned(escaped) => escaped,
        };
        Self {
            severity: Severity::Error,
            file: safe(file.into()),
            place: Place {
                path: place.path.map(safe),
                id: place.id.map(safe),
                ..place
            },
            message: safe(message.into()),
            help: safe(help.into()),
        }
    }

    pub(crate) fn warning(
        file: impl Into<String>,
        place: Place,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, place, message, help)
        }
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `error: FILE:LINE:COL: PATH (id "ID"): message`, then `  help: ...` on its own line.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{tag}: {}", self.file)?;
        if let Some(pos) = self.place.position() {
            write!(f, ":{pos}")?;
        }
        match (&self.place.path, &self.place.id) {
            (Some(path), Some(id)) => write!(f, ": {path} (id \"{id}\")")?,
            (Some(path), None) => write!(f, ": {path}")?,
            (None, Some(id)) => write!(f, ": id \"{id}\"")?,
            (None, None) => {}
        }
        write!(f, ": {}", self.message)?;
        if !self.help.is_empty() {
            write!(f, "\n  help: {}", self.help)?;
        }
        Ok(())
    }
}
