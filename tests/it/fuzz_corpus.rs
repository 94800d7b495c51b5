//! The fuzz targets' saved corpora (`fuzz/corpus/<target>/`, minimised with `cargo fuzz cmin`,
//! and every input that once crashed a target) replayed through the same entry points the
//! targets call, so they are a regression check in every `cargo test`, on a stable toolchain and
//! without cargo-fuzz.

use skillgap::cli::fuzz::{self, Reached};
use std::collections::BTreeSet;
use std::path::Path;

/// Runs every input of `target`'s corpus; each must end without a panic, and between them they
/// must reach each of `deep` (so the corpus exercises more than the first check).
fn replay(target: &str, run: fn(&[u8]) -> Reached, deep: &[Reached]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{target}: only {} inputs", files.len());
    let mut reached = BTreeSet::new();
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        match std::panic::catch_unwind(|| run(&bytes)) {
            Ok(r) => reached.insert(format!("{r:?}")),
            Err(_) => panic!("{target}: {} panicked", file.display()),
        };
    }
    for r in deep {
        assert!(
            reached.contains(&format!("{r:?}")),
            "{target}: no input reached {r:?} (reached {reached:?})"
        );
    }
}

#[test]
fn bank_corpus() {
    replay("bank", fuzz::bank, &[Reached::Refused, Reached::Used]);
}

#[test]
fn answers_corpus() {
    replay("answers", fuzz::answers, &[Reached::Refused, Reached::Used]);
}

#[test]
fn result_corpus() {
    replay("result", fuzz::result, &[Reached::Refused, Reached::Used]);
}

#[test]
fn session_corpus() {
    replay(
        "session",
        fuzz::session,
        &[Reached::Refused, Reached::Paused, Reached::Finished],
    );
}
