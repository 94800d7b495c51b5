//! Entry points for the fuzz targets in `fuzz/` and for the test that replays their corpus
//! (`tests/it/fuzz_corpus.rs`). Each takes untrusted bytes, reads them as the commands do and
//! then does what the commands do with what it read (validate, list, score, show, export,
//! review, compare, resume), discarding the text: a panic, hang or runaway allocation anywhere on
//! the way is a finding. Each returns how far the input got ([`Reached`]), so the corpus test can
//! check that its inputs reach the deep paths. Not an API for anything else, hence hidden from
//! the documentation.
//!
//! Files are written to a scratch data directory of each thread's own (in `/dev/shm` where there
//! is one, so the store's fsyncs cost nothing), under the fixed id [`ID`].

use crate::answers::Answers;
use crate::bank::{self, Bank, BankSource};
use crate::quiz::{self, Ask, Options, Prompter, Reply, Start};
use crate::render::chart::Layout;
use crate::render::terminal as report;
use crate::store::{SavedResult, Store};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The id of the scratch result or session: its file is `results/abcdef.json` or
/// `sessions/abcdef.json`, and a file must name itself by its file name to be read.
pub const ID: &str = "abcdef";

/// Separates a bank input's questions file from its profiles file (a byte no UTF-8 text holds).
pub const SPLIT: u8 = 0xff;

/// How far an input got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reached {
    /// Refused as it was read (reported as a problem, as a command would).
    Refused,
    /// Read, and everything the commands do with it done.
    Used,
    /// A session resumed and paused by the scripted person.
    Paused,
    /// A session resumed to its end: its result saved and shown.
    Finished,
}

fn builtin() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| bank::load(&BankSource::Builtin).expect("the built-in bank loads"))
}

thread_local! {
    static SCRATCH: (tempfile::TempDir, Store) = {
        let shm = std::path::Path::new("/dev/shm");
        let parent = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
        let dir = tempfile::Builder::new()
            .prefix("skillgap-fuzz-")
            .tempdir_in(parent)
            .expect("a scratch directory");
        let store = Store::open(dir.path().join("data")).expect("a scratch store");
        (dir, store)
    };
}

/// Runs `f` on this thread's scratch store, emptied first.
fn with_store<T>(f: impl FnOnce(&Store) -> T) -> T {
    SCRATCH.with(|(_, store)| {
        for dir in [store.results_dir(), store.sessions_dir()] {
            if let Ok(entries) = std::fs::read_dir(&dir) {
                for e in entries.flatten() {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        f(store)
    })
}

fn write(path: PathBuf, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("the scratch store is writable");
}

/// A bank from bytes: a questions file and a profiles file, split at the first [`SPLIT`] byte (all
/// of it is the questions file when there is none, and the profiles file is then empty). Does
/// what `validate`, `roles`, `skills` and `score` (with no answers) do with it.
#[doc(hidden)]
pub fn bank(data: &[u8]) -> Reached {
    let (questions, profiles) = match data.iter().position(|&b| b == SPLIT) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let (bank, diagnostics) = bank::load_from_bytes(questions, profiles);
    let coverage = bank.as_ref().map(Bank::coverage);
    let _ = report::validation(&diagnostics, coverage.as_ref());
    let _ = serde_json::to_string(&diagnostics);
    let Some(bank) = bank else {
        return Reached::Refused;
    };
    let _ = report::roles(&bank);
    let _ = report::skills(&bank, None);
    for role in bank.roles() {
        let _ = report::skills(&bank, Some(role));
    }
    let result = crate::score::assess(&bank, &Answers::default());
    let layout = Layout::default();
    let _ = report::summary(&result, None, layout);
    let _ = report::assessment(&result, layout);
    Reached::Used
}

/// An answer file from bytes, against the built-in bank, as `score --answers` reads and prints it.
#[doc(hidden)]
pub fn answers(data: &[u8]) -> Reached {
    let bank = builtin();
    let Ok(answers) = super::common::parse_answers(data.to_vec(), bank) else {
        return Reached::Refused;
    };
    let result = crate::score::assess(bank, &answers);
    let layout = Layout::default();
    let _ = report::summary(&result, None, layout);
    let _ = report::assessment(&result, layout);
    Reached::Used
}

/// A saved result from bytes (as `results/abcdef.json`), read by the store and then shown,
/// exported, reviewed, laid out as a path and a schedule, compared with itself and rescored
/// against the built-in bank.
#[doc(hidden)]
pub fn result(data: &[u8]) -> Reached {
    with_store(|store| {
        write(store.results_dir().join(format!("{ID}.json")), data);
        let (results, problems) = store.results();
        for p in &problems {
            let _ = p.to_string();
        }
        // history from the file's head, and the lookups show and compare use.
        let (summaries, head_problems) = store.summaries();
        for p in &head_problems {
            let _ = p.to_string();
        }
        let _ = report::history(&summaries);
        let _ = store.find_result("latest");
        let _ = store.find_result(ID);
        for r in &results {
            show_everything(r);
        }
        if results.is_empty() {
            Reached::Refused
        } else {
            Reached::Used
        }
    })
}

fn show_everything(r: &SavedResult) {
    let bank = builtin();
    let layout = Layout::default();
    let _ = report::result_header(r, layout);
    let _ = report::summary(&r.assessment, Some(&r.id), layout);
    let _ = report::assessment(&r.assessment, layout);
    let review = crate::score::review::review(bank, &r.answers, &r.versions);
    let _ = crate::render::review::terminal(bank, &review, "", layout);
    let _ = report::markdown(r, Some((bank, &review)));
    let schedule = super::results::schedule_of(r, 10);
    let _ = crate::render::markdown::schedule(&schedule);
    let _ = report::schedule(&schedule, layout);
    let _ = crate::render::html::result(r, Some(&schedule), Some((bank, &review)));
    let _ = report::path_checklist(r, layout);
    let c = crate::score::compare::compare(&r.id, &r.assessment, &r.id, &r.assessment);
    let _ = report::comparison(&c, r, r, layout);
    let _ = report::markdown_comparison(&c, r, r);
    let _ = crate::render::html::comparison(&c, r, r);
    let _ = serde_json::to_string(r);
    // `rescore`: the answers that still fit today's bank, scored again (not saved).
    let mut answers = r.answers.clone();
    for id in answers.stale(bank, &r.versions) {
        answers.0.remove(&id);
    }
    let _ = crate::score::assess_for(bank, &answers, &r.assessment.focus);
}

/// A saved session from bytes (as `sessions/abcdef.json`), resumed against the built-in bank:
/// a scripted person answers up to [`RESUME_ANSWERS`] questions (the first option, the first
/// options, "yield"), then pauses; a session that ends sooner is finished and its result shown.
#[doc(hidden)]
pub fn session(data: &[u8]) -> Reached {
    with_store(|store| {
        write(store.sessions_dir().join(format!("{ID}.json")), data);
        let mut script = Script::default();
        let opts = Options {
            start: Start::ResumeId(ID.to_string()),
            mode: None,
            focus: None,
            bank_source: BankSource::Builtin,
        };
        match quiz::run(builtin(), store, &mut script, opts) {
            Ok(quiz::Outcome::Finished(r)) => {
                show_everything(&r);
                Reached::Finished
            }
            Ok(quiz::Outcome::Paused { .. }) => Reached::Paused,
            Err(_) => Reached::Refused,
        }
    })
}

/// How many questions the scripted person answers before pausing.
pub const RESUME_ANSWERS: usize = 3;

/// The scripted person of [`session`].
#[derive(Default)]
struct Script {
    answered: usize,
}

impl Script {
    fn next<T>(&mut self, answer: T) -> Reply<T> {
        self.answered += 1;
        if self.answered > RESUME_ANSWERS {
            Reply::Cancelled
        } else {
            Reply::Answer(answer)
        }
    }
}

impl Prompter for Script {
    fn say(&mut self, _: &str) {}
    fn select(&mut self, _: &Ask, options: &[String], _: usize) -> Reply<usize> {
        assert!(!options.is_empty(), "a choice with no options");
        self.next(0)
    }
    fn multi_select(
        &mut self,
        _: &Ask,
        options: &[String],
        valid: fn(&[usize], usize) -> Option<String>,
    ) -> Reply<Vec<usize>> {
        assert!(!options.is_empty(), "a choice with no options");
        let _ = valid(&[0], options.len() - 1);
        self.next(vec![0])
    }
    fn text(&mut self, _: &Ask) -> Reply<String> {
        self.next("yield".to_string())
    }
}
