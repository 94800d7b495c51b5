//! Bank file text and the places in it: every item remembers its byte span, so any diagnostic
//! about it (or about a value inside it) can give a line and column.
//!
//! Positions are found only when a diagnostic is made, by walking the item's own text with
//! `RawValue`, so a clean load pays nothing for them beyond the spans.

use super::diagnostic::{Diagnostic, Place};
use serde_json::value::RawValue;
use std::cell::{Cell, OnceCell};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::ops::Range;
use std::rc::Rc;

/// Which half of the bank a file belongs to, which decides its top-level keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Questions,
    Profiles,
}

/// One bank file's text.
pub(crate) struct SourceFile {
    /// Shown to the user: a real path, or `questions/x.json (built-in)`.
    pub(crate) name: String,
    pub(crate) kind: FileKind,
    pub(crate) text: String,
    /// Byte offsets where lines start, built on the first diagnostic in the file.
    line_starts: OnceCell<Vec<usize>>,
    /// The last (offset, column) found: counting on from it keeps many diagnostics on one long
    /// line (a minified file) from being quadratic.
    last_column: Cell<(usize, usize)>,
}

impl SourceFile {
    pub(crate) fn new(name: String, kind: FileKind, text: String) -> Self {
        Self {
            name,
            kind,
            text,
            line_starts: OnceCell::new(),
            last_column: Cell::new((0, 1)),
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_column(&self, offset: usize) -> (usize, usize) {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let offset = offset.min(self.text.len());
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        let (last, last_column) = self.last_column.get();
        let (from, base) = if (start..=offset).contains(&last) {
            (last, last_column)
        } else {
            (start, 1)
        };
        match self.text.get(from..offset) {
            Some(s) => {
                let column = base + s.chars().count();
                self.last_column.set((offset, column));
                (line, column)
            }
            // Not a character boundary: never an item's offset.
            None => (line, 1),
        }
    }

    /// The byte offset of a slice of this file's text.
    pub(crate) fn offset_of(&self, slice: &str) -> usize {
        (slice.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize)
    }

    /// A place at a byte offset, with an optional JSON path and id.
    pub(crate) fn place(&self, offset: usize, path: Option<String>, id: Option<String>) -> Place {
        let (line, column) = self.line_column(offset);
        Place {
            line: Some(line),
            column: Some(column),
            path,
            id,
        }
    }
}

/// One step of a JSON path below an item.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where an item sits: its file, its byte span there, its JSON path and its id.
#[derive(Clone)]
pub(crate) struct Anchor {
    pub(crate) file: Rc<SourceFile>,
    pub(crate) span: Range<usize>,
    /// e.g. `questions[3]`.
    pub(crate) path: String,
    pub(crate) id: Option<String>,
}

impl Anchor {
    /// The place of the value at `segs` below the item. The path names what was asked for; the
    /// line and column are those of the deepest part that exists (a missing field points at its
    /// item).
    pub(crate) fn place(&self, segs: &[Seg]) -> Place {
        let text = &self.file.text;
        let mut cur = text.get(self.span.clone()).unwrap_or_default();
        for seg in segs {
            let next = match *seg {
                Seg::Key(k) => serde_json::from_str::<BTreeMap<String, &RawValue>>(cur)
                    .ok()
                    .and_then(|m| m.get(k).map(|r| r.get())),
                Seg::Index(i) => serde_json::from_str::<Vec<&RawValue>>(cur)
                    .ok()
                    .and_then(|v| v.get(i).map(|r| r.get())),
            };
            match next {
                Some(n) => cur = n,
                None => break,
            }
        }
        let mut path = self.path.clone();
        for seg in segs {
            let _ = match seg {
                Seg::Key(k) => write!(path, ".{k}"),
                Seg::Index(i) => write!(path, "[{i}]"),
            };
        }
        self.file
            .place(self.file.offset_of(cur), Some(path), self.id.clone())
    }

    pub(crate) fn error(
        &self,
        segs: &[Seg],
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(self.file.name.clone(), self.place(segs), message, help)
    }

    pub(crate) fn warning(
        &self,
        segs: &[Seg],
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::warning(self.file.name.clone(), self.place(segs), message, help)
    }

    /// `FILE:LINE:COL`, for messages that point at a second place (a duplicate's first use).
    pub(crate) fn position(&self) -> String {
        let (line, column) = self.file.line_column(self.span.start);
        format!("{}:{line}:{column}", self.file.name)
    }
}

/// An item read from a bank file, with where it came from, kept until the whole bank is checked.
pub(crate) struct Located<T> {
    pub(crate) item: T,
    pub(crate) at: Anchor,
}

#[cfg(test)]
mod tests {
    use super::{FileKind, SourceFile};

    #[test]
    fn lines_and_columns_count_characters_in_any_order() {
        let text = "é\nab→cd→e\n\nx";
        let f = SourceFile::new("f".into(), FileKind::Questions, text.into());
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(f.line_column(0), (1, 1));
        assert_eq!(f.line_column(at("c")), (2, 4));
        assert_eq!(f.line_column(at("e")), (2, 7));
        assert_eq!(f.line_column(at("b")), (2, 2));
        assert_eq!(f.line_column(at("d")), (2, 5));
        assert_eq!(f.line_column(at("x")), (4, 1));
        assert_eq!(f.line_column(at("\n\nx") + 1), (3, 1));
        assert_eq!(f.line_column(text.len()), (4, 2));
    }
}
