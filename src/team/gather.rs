//! Reading a team's result exports from files and directories, as they come: each file is read,
//! scored again when another bank scored it, counted in and let go. Files are read a batch at a
//! time on every core and counted in the order of their paths, so the report is the same however
//! many threads read it.

use super::{BankCount, Member, Options, Sources, Tally, TeamReport, Unusable};
use crate::bank::{Bank, BankSource};
use crate::store::{Export, read_export};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// Files read at once: enough to keep every core busy, few enough to hold.
const BATCH: usize = 64;

fn shown(path: &Path) -> String {
    crate::text::escape_controls(&path.display().to_string()).into_owned()
}

/// The files to read: each file named, and each `*.json` file directly in a directory named (a
/// directory's other files and subdirectories are not results and are passed over).
fn files(paths: &[PathBuf], unusable: &mut Vec<Unusable>) -> Vec<(PathBuf, bool)> {
    let mut files = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => match std::fs::read_dir(path) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .flatten()
                        .map(|e| e.path())
                        .filter(|p| {
                            p.extension()
                                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
                        })
                        .collect();
                    found.sort();
                    files.extend(found.into_iter().map(|p| (p, false)));
                }
                Err(e) => unusable.push(Unusable {
                    file: shown(path),
                    problem: format!("cannot be read: {e}"),
                }),
            },
            _ => files.push((path.clone(), true)),
        }
    }
    files
}

/// What one file gives: a member, and the bank that had scored it.
struct Read {
    member: Member,
    fingerprint: String,
    source: String,
    rescored: bool,
}

fn read_one(bank: &Bank, path: &Path, named: bool) -> Result<Read, String> {
    let export: Export = read_export(path, named)?;
    let rescored = export.bank.fingerprint != bank.fingerprint();
    let member = if rescored {
        let mut answers = export.answers()?;
        for qid in answers.stale(bank, &export.versions()?) {
            answers.0.remove(&qid);
        }
        let a = crate::score::assess(bank, &answers);
        Member::from_assessment(bank, &export.id, export.name.clone(), &a)?
    } else {
        Member::from_export(bank, &export)?
    };
    Ok(Read {
        member,
        fingerprint: export.bank.fingerprint,
        source: export.bank.source,
        rescored,
    })
}

/// Reads every export under `paths` and reports on the team, scoring each result with `bank`
/// (again, when another bank had scored it) so that every figure is comparable.
pub fn gather(
    paths: &[PathBuf],
    bank: &Bank,
    source: &BankSource,
    options: &Options,
) -> TeamReport {
    let mut sources = Sources::default();
    let files = files(paths, &mut sources.unusable);
    sources.files = files.len();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let mut tally = Tally::new(bank);
    let mut seen: HashSet<u64> = HashSet::new();
    let mut banks: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for batch in files.chunks(BATCH) {
        let mut read: Vec<Option<Result<Read, String>>> = (0..batch.len()).map(|_| None).collect();
        let per = batch.len().div_ceil(threads);
        std::thread::scope(|scope| {
            for (slots, chunk) in read.chunks_mut(per).zip(batch.chunks(per)) {
                scope.spawn(move || {
                    for (slot, (path, named)) in slots.iter_mut().zip(chunk) {
                        *slot = Some(read_one(bank, path, *named));
                    }
                });
            }
        });
        for ((path, _), r) in batch.iter().zip(read) {
            match r.expect("every file of the batch was read") {
                Err(problem) => sources.unusable.push(Unusable {
                    file: shown(path),
                    problem,
                }),
                Ok(r) if !seen.insert(r.member.key) => {
                    sources.duplicates += 1;
                    sources.unusable.push(Unusable {
                        file: shown(path),
                        problem: "holds a result already read from another file (counted once)"
                            .to_string(),
                    });
                }
                Ok(r) => {
                    let entry = banks.entry(r.fingerprint).or_insert((r.source, 0));
                    entry.1 += 1;
                    sources.rescored += usize::from(r.rescored);
                    tally.add(r.member);
                }
            }
        }
    }
    sources.banks = banks
        .into_iter()
        .map(|(fingerprint, (source, results))| BankCount {
            fingerprint,
            source,
            results,
        })
        .collect();
    tally.report(bank, source.to_string(), options, sources)
}
