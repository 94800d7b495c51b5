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
    ///
    /// The lock file is private (0600), never opened through a link, and checked after it is
    /// locked to still be the file at its path: a window that finished the session removes its
    /// lock file, and a lock taken on that removed file would claim nothing.
    pub fn lock_session(&self, id: &str) -> Result<SessionLock> {
        let path = self.lock_path(id);
        for attempt in 0..LOCK_ATTEMPTS {
            let file = open_lock_file(&path, true)?;
            // `session_in_use` probes with a brief shared lock; retry a moment before concluding
            // that another process really holds the session.
            match file.try_lock() {
                Ok(()) if still_at(&file, &path) => return Ok(SessionLock { _file: file, path }),
                // Removed or replaced since it was opened: open the file at the path again.
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) if attempt + 1 < LOCK_ATTEMPTS => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(fs::TryLockError::WouldBlock) => break,
                Err(fs::TryLockError::Error(e)) => return Err(io("lock", &path)(e)),
            }
        }
        Err(Error::SessionInUse { id: id.to_string() })
    }

    /// Whether another process holds the session (used to skip it when offering a resume). Only
    /// reads: it works in a data directory this process cannot write.
    pub fn session_in_use(&self, id: &str) -> bool {
        match open_lock_file(&self.lock_path(id), false) {
            // A shared probe: it never blocks a holder, and clashes only with an exclusive lock.
            Ok(f) => matches!(f.try_lock_shared(), Err(fs::TryLockError::WouldBlock)),
            Err(_) => false,
        }
    }
}

/// Opens a lock file (creating it, 0600, when `create`), refusing a symbolic link or anything but
/// a regular file in its place, so a planted link can neither steer the lock outside the data
/// directory nor create a file there.
fn open_lock_file(path: &Path, create: bool) -> Result<File> {
    let mut options = File::options();
    options.read(true);
    if create {
        options.write(true).create(true).truncate(false);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io("open lock file", path))?;
    let meta = file.metadata().map_err(io("open lock file", path))?;
    if !meta.is_file() {
        return Err(Error::Usage(format!(
            "{} is not a regular file; remove it and try again",
            crate::text::escape_controls(&path.display().to_string())
        )));
    }
    Ok(file)
}

/// Whether `file` is still the file at `path` (not removed or replaced since it was opened).
fn still_at(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Removes the lock file while still holding it, so nobody can lock the old file after us; the
/// lock itself is released as `lock` drops.
pub(crate) fn release_and_remove(lock: SessionLock) {
    let _ = fs::remove_file(&lock.path);
    drop(lock);
}
