//! Session locks: a session being answered is claimed by one process, so two windows never
//! answer (and overwrite) the same session. The claim is an OS file lock, so it dies with the
//! process, even when that process is killed.

use super::{Store, io};
use crate::error::{Error, Result};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Tries at taking a session's lock, 20 ms apart.
const LOCK_ATTEMPTS: usize = 10;

/// The exclusive claim of one process on a session; released when dropped.
#[derive(Debug)]
pub struct SessionLock {
    _file: File,
    path: PathBuf,
}

impl SessionLock {
    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Store {
    fn lock_path(&self, id: &str) -> PathBuf {
        self.sessions_dir().join(format!("{id}.lock"))
    }

    /// Claims a session for this process, or says that another process has it open.
    pub fn lock_session(&self, id: &str) -> Result<SessionLock> {
        let path = self.lock_path(id);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io("open lock file", &path))?;
        // `session_in_use` probes with a brief shared lock; retry a moment before concluding
        // that another process really holds the session.
        for attempt in 0..LOCK_ATTEMPTS {
            match file.try_lock() {
                Ok(()) => return Ok(SessionLock { _file: file, path }),
                Err(fs::TryLockError::WouldBlock) if attempt + 1 < LOCK_ATTEMPTS => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(fs::TryLockError::WouldBlock) => break,
                Err(fs::TryLockError::Error(e)) => return Err(io("lock", &path)(e)),
            }
        }
        Err(Error::SessionInUse { id: id.to_string() })
    }

    /// Whether another process holds the session (used to skip it when offering a resume).
    pub fn session_in_use(&self, id: &str) -> bool {
        match File::options().write(true).open(self.lock_path(id)) {
            // A shared probe: it never blocks a holder, and clashes only with an exclusive lock.
            Ok(f) => matches!(f.try_lock_shared(), Err(fs::TryLockError::WouldBlock)),
            Err(_) => false,
        }
    }
}

/// Removes the lock file while still holding it, so nobody can lock the old file after us; the
/// lock itself is released as `lock` drops.
pub(crate) fn release_and_remove(lock: SessionLock) {
    let _ = fs::remove_file(&lock.path);
    drop(lock);
}
