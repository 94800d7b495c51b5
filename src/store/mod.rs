//! Local storage of results and unfinished sessions, built so that it never loses data.
//!
//! * Every write is atomic (`atomic.rs`): a temporary file in the same directory, fsync, rename,
//!   fsync of the directory. A crash leaves either the old or the new file, never a mix.
//! * Every file carries a format name and version; older versions are migrated on read
//!   (`file.rs`). A file from a newer skillgap, a corrupt, truncated, empty or oversized one, and
//!   anything that is not a regular file, is reported by its path and left untouched, and
//!   everything else keeps working.
//! * Each result and each session is its own file, so two processes never overwrite each other;
//!   a session in use is locked (`lock.rs`), so two processes never answer the same one.
//! * Files are private to the user: 0600, directories 0700.

mod atomic;
mod export;
mod file;
mod find;
mod lock;

pub use atomic::write_atomic;
pub use export::{
    Export, ExportFactor, ExportRole, ExportSkill, MAX_NAME_CHARS, NamedExport, read_export,
};
pub(crate) use file::read_named;
pub use find::{Headline, ResultSummary, TopRole};
pub use lock::SessionLock;

use crate::answers::Answers;
use crate::error::{Error, Result};
use crate::score::Assessment;
use jiff::Timestamp;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The version of the result and session files this skillgap writes. Version 2 saves the reasons
/// for a recommendation and for each path step typed, not as sentences; version-1 files are
/// migrated when read.
pub const FORMAT_VERSION: u32 = 2;
pub(crate) const RESULT_FORMAT: &str = "skillgap-result";
pub(crate) const SESSION_FORMAT: &str = "skillgap-session";
/// Result ids use lower-case letters and digits that cannot be misread for one another.
const ID_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
const ID_LEN: usize = 6;

/// What a result or session was made with: which bank, by its content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankStamp {
    pub fingerprint: String,
    /// "the built-in bank" or the directory given with `--bank`.
    pub source: String,
}

impl BankStamp {
    /// The stamp of a loaded bank: its content hash and where it came from, in words.
    pub fn of(bank: &crate::bank::Bank, source: &crate::bank::BankSource) -> Self {
        Self {
            fingerprint: bank.fingerprint().to_string(),
            source: source.to_string(),
        }
    }
}

/// How a result came about: saved as `"quick"`, `"full"` or `"answers"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Adaptive: asks where the answer matters most and stops once the result is settled.
    Quick,
    /// Every question in the bank (for the chosen roles).
    Full,
    /// Scored from an answer file (`quiz --answers`), not asked at a terminal.
    Answers,
}

impl Mode {
    /// The name saved in sessions and results.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Quick => "quick",
            Self::Full => "full",
            Self::Answers => "answers",
        }
    }
}

/// A finished assessment, as saved: the answers and the figures exactly as they were scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedResult {
    pub format: String,
    pub version: u32,
    pub id: String,
    pub created: Timestamp,
    pub mode: Mode,
    pub bank: BankStamp,
    /// When this result was scored again with a newer bank (`skillgap rescore`), the original id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rescored_from: Option<String>,
    /// What `history` lists, written ahead of the bulky answers and figures so that listing
    /// 10,000 results reads the first few KiB of each. It is derived from `assessment`, and
    /// derived again whenever a result is read in full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<Headline>,
    pub answers: Answers,
    pub assessment: Assessment,
    /// The version of each answered question when it was answered (see `Question::version`).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::text::json::unique_keys"
    )]
    pub versions: BTreeMap<String, String>,
}

impl SavedResult {
    /// A result created now, with today's format version.
    pub fn new(
        id: String,
        mode: Mode,
        bank: BankStamp,
        answers: Answers,
        assessment: Assessment,
    ) -> Self {
        Self {
            format: RESULT_FORMAT.to_string(),
            version: FORMAT_VERSION,
            id,
            created: Timestamp::now(),
            mode,
            bank,
            rescored_from: None,
            headline: Some(Headline::of(&assessment)),
            answers,
            assessment,
            versions: BTreeMap::new(),
        }
    }
}

/// An unfinished quiz: everything needed to resume it at the next unanswered question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub format: String,
    pub version: u32,
    pub id: String,
    pub started: Timestamp,
    pub updated: Timestamp,
    /// "quick" or "full".
    pub mode: Mode,
    /// Roles the person chose to focus on (empty: all).
    pub focus: Vec<String>,
    pub bank: BankStamp,
    /// The question ids to ask, in order (quick mode may extend it as it goes).
    pub plan: Vec<String>,
    /// Per question, the display order of its options: display position → bank option index.
    #[serde(deserialize_with = "crate::text::json::unique_keys")]
    pub shuffles: BTreeMap<String, Vec<usize>>,
    pub answers: Answers,
    /// The version of each answered question when it was answered (see `Question::version`).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::text::json::unique_keys"
    )]
    pub versions: BTreeMap<String, String>,
}

impl Session {
    /// A session started now, with an empty plan.
    pub fn new(id: String, mode: Mode, focus: Vec<String>, bank: BankStamp) -> Self {
        let now = Timestamp::now();
        Self {
            format: SESSION_FORMAT.to_string(),
            version: FORMAT_VERSION,
            id,
            started: now,
            updated: now,
            mode,
            focus,
            bank,
            plan: Vec::new(),
            shuffles: BTreeMap::new(),
            answers: Answers::default(),
            versions: BTreeMap::new(),
        }
    }
}

/// A file that could not be read, and why; it is left as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub problem: String,
}

/// Whether `id` is safe as a file name: letters, digits, `_` and `-` only (no separator, no
/// dot), as every id skillgap makes is.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A file's name is untrusted too: its control characters are shown as escapes.
        write!(
            f,
            "{}: {} (left untouched)",
            crate::text::escape_controls(&self.path.display().to_string()),
            crate::text::escape_controls(&self.problem)
        )
    }
}

/// The data directory: `results/` and `sessions/`.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

/// Maps an I/O error to one that says what was being done, and to which path.
pub(crate) fn io(
    action: &'static str,
    path: &Path,
) -> impl FnOnce(std::io::Error) -> Error + use<> {
    let path = path.to_path_buf();
    move |source| Error::Io {
        action,
        path,
        source,
    }
}

/// The platform's data directory for skillgap (see the README's table).
pub(crate) fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "skillgap").map(|d| d.data_dir().to_path_buf())
}

/// Makes a directory private to its owner (0700) when skillgap creates it; one that exists is
/// used as it is (its mode is the owner's choice, and a link to a directory is not changed
/// through), and a file in its place is reported.
fn create_private_dir(path: &Path) -> Result<()> {
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => return Ok(()),
        Ok(_) => return Err(not_a_directory(path)),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(io("read", path)(e));
        }
        Err(_) => {}
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path).map_err(io("create directory", path))
}

fn not_a_directory(path: &Path) -> Error {
    Error::Usage(format!(
        "{} is not a directory; give --data-dir (or SKILLGAP_DATA_DIR) a directory",
        crate::text::escape_controls(&path.display().to_string())
    ))
}

impl Store {
    /// Opens (creating if needed) the data directory, and clears temporary files left by crashes.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self> {
        let store = Self { dir: dir.into() };
        for sub in [store.dir.clone(), store.results_dir(), store.sessions_dir()] {
            create_private_dir(&sub)?;
        }
        for sub in [store.results_dir(), store.sessions_dir()] {
            atomic::clean_stale_temps(&sub);
        }
        Ok(store)
    }

    /// Opens the data directory only to read it: nothing is created, changed or cleared, so
    /// `history` or `show` works in a directory this process cannot write (a read-only file
    /// system, a `chmod 500`). A directory that does not exist yet holds no results.
    pub fn open_read_only(dir: impl Into<PathBuf>) -> Result<Self> {
        let store = Self { dir: dir.into() };
        match fs::metadata(&store.dir) {
            Ok(m) if !m.is_dir() => Err(not_a_directory(&store.dir)),
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io("read", &store.dir)(e)),
            _ => Ok(store),
        }
    }

    /// The data directory itself.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where results are kept, one file each.
    pub fn results_dir(&self) -> PathBuf {
        self.dir.join("results")
    }

    /// Where unfinished sessions are kept, one file each.
    pub fn sessions_dir(&self) -> PathBuf {
        self.dir.join("sessions")
    }

    /// A fresh, short, typeable id not used by any result or session.
    pub fn new_id(&self) -> String {
        loop {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u128(
                SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            hasher.write_u32(std::process::id());
            let mut x = hasher.finish();
            let id: String = (0..ID_LEN)
                .map(|_| {
                    let c = ID_ALPHABET[(x % ID_ALPHABET.len() as u64) as usize] as char;
                    x /= ID_ALPHABET.len() as u64;
                    c
                })
                .collect();
            if !self.result_path(&id).exists() && !self.session_path(&id).exists() {
                return id;
            }
        }
    }

    fn result_path(&self, id: &str) -> PathBuf {
        self.results_dir().join(format!("{id}.json"))
    }

    fn session_path(&self, id: &str) -> PathBuf {
        self.sessions_dir().join(format!("{id}.json"))
    }

    /// Saves a new result; an existing result with the same id is never overwritten.
    pub fn save_result(&self, result: &SavedResult) -> Result<PathBuf> {
        let path = self.result_path(&result.id);
        let json = serde_json::to_vec_pretty(result).expect("results serialise");
        write_atomic(&path, &json, true)?;
        Ok(path)
    }

    /// Every readable result, oldest first, and the files that could not be read.
    pub fn results(&self) -> (Vec<SavedResult>, Vec<Problem>) {
        let mut ok = Vec::new();
        let problems = self.each_result(|r| ok.push(r));
        ok.sort_by(|a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
        (ok, problems)
    }

    /// Deletes one result file.
    pub(crate) fn delete_result(&self, id: &str) -> Result<()> {
        let path = self.result_path(id);
        fs::remove_file(&path).map_err(io("delete", &path))?;
        #[cfg(unix)]
        let _ = File::open(self.results_dir()).and_then(|d| d.sync_all());
        Ok(())
    }

    /// Saves a session, replacing its previous state atomically.
    pub fn save_session(&self, session: &Session) -> Result<()> {
        let json = serde_json::to_vec_pretty(session).expect("sessions serialise");
        write_atomic(&self.session_path(&session.id), &json, false)
    }

    /// The error for an answer [`Store::save_session`] could not save: the session's file,
    /// replaced atomically or not at all, still holds the answers before it.
    pub(crate) fn answer_not_saved(&self, id: &str, number: usize, e: Error) -> Error {
        Error::AnswerNotSaved {
            number,
            id: id.to_string(),
            path: self.session_path(id),
            source: Box::new(e),
        }
    }

    /// Every readable unfinished session, most recently updated first, and unreadable files.
    pub fn sessions(&self) -> (Vec<Session>, Vec<Problem>) {
        let (mut ok, problems) = self.read_all::<Session>(&self.sessions_dir(), SESSION_FORMAT);
        ok.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.id.cmp(&b.id)));
        (ok, problems)
    }

    /// One unfinished session as it is on disk now (read again after taking its lock, so that
    /// answers another window saved meanwhile are not lost).
    pub fn session(&self, id: &str) -> Result<Session> {
        let path = self.session_path(id);
        if !path.exists() {
            return Err(Error::Usage(format!(
                "the unfinished quiz {id} is gone: it was finished or discarded in another window (`skillgap history` lists results)"
            )));
        }
        file::read_versioned::<Session>(&path, SESSION_FORMAT).map_err(|problem| {
            Error::Usage(format!(
                "cannot read the unfinished quiz {}: {problem}; the file is left as it is",
                crate::text::escape_controls(&path.display().to_string())
            ))
        })
    }

    /// Removes a finished or abandoned session (its lock goes with it).
    pub(crate) fn remove_session(&self, id: &str, lock: SessionLock) -> Result<()> {
        let path = self.session_path(id);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io("remove", &path)(e)),
        }
        lock::release_and_remove(lock);
        Ok(())
    }

    fn read_all<T: DeserializeOwned>(&self, dir: &Path, format: &str) -> (Vec<T>, Vec<Problem>) {
        let (entries, mut problems) = self.entries(dir);
        let mut ok = Vec::with_capacity(entries.len());
        for (_, path) in entries {
            match file::read_versioned::<T>(&path, format) {
                Ok(item) => ok.push(item),
                Err(problem) => problems.push(Problem { path, problem }),
            }
        }
        (ok, problems)
    }
}
