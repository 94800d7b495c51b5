//! A bank's content hash, saved with each result so a result can tell that it was scored
//! against an earlier bank.

use super::source::SourceFile;
use sha2::{Digest, Sha256};

/// 16 hex digits of SHA-256 over every file's name and text, in load order; a rename or an edit
/// anywhere changes it.
pub(crate) fn of<'a>(files: impl IntoIterator<Item = &'a SourceFile>) -> String {
    let mut hasher = Sha256::new();
    for f in files {
        hasher.update(f.name.as_bytes());
        hasher.update([0]);
        hasher.update(f.text.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}
