//! A bank's content hash, saved with each result so a result can tell that it was scored
//! against an earlier bank.

use super::source::SourceFile;
use sha2::{Digest, Sha256};

/// 16 hex digits of SHA-256 over every file's name within the bank (`questions/x.json`) and text,
/// in load order; a rename or an edit anywhere changes it, moving or copying the bank does not.
pub(crate) fn of<'a>(files: impl IntoIterator<Item = &'a SourceFile>) -> String {
    let mut hasher = Sha256::new();
    for f in files {
        hasher.update(name_in_bank(&f.name).as_bytes());
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

/// A file's name from its bank's root: its folder (`questions` or `profiles`) and its own name.
/// A bank directory's files are named by their full paths, the built-in ones by those two parts.
fn name_in_bank(name: &str) -> String {
    let parts: Vec<String> = std::path::Path::new(name)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts[parts.len().saturating_sub(2)..].join("/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_bank_has_the_same_name_for_its_files_wherever_it_is() {
        use super::name_in_bank;
        assert_eq!(name_in_bank("/tmp/a/questions/x.json"), "questions/x.json");
        assert_eq!(
            name_in_bank("/work/main/bank/questions/x.json"),
            "questions/x.json"
        );
        assert_eq!(
            name_in_bank("questions/x.json (built-in)"),
            "questions/x.json (built-in)"
        );
    }
}
