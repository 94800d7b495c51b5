//! Atomic writes: a crash, a full disk or a kill at any moment leaves either the old file or the
//! new one, never a mix, and leaves at most a temporary file that a later run clears.

use super::io;
use crate::error::Result;
use std::fs::{self, File};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// The prefix of temporary files, so that readers skip them and [`clean_stale_temps`] finds them.
pub(crate) const TEMP_PREFIX: &str = ".skillgap-tmp-";
/// Temporary files older than this are left over from a crash, not a write in progress.
const STALE_AFTER: Duration = Duration::from_secs(15 * 60);

/// Writes `bytes` to `path` atomically: temp file in the same directory, fsync, rename, fsync dir.
/// With `no_clobber`, an existing file is never replaced (the write fails instead).
pub fn write_atomic(path: &Path, bytes: &[u8], no_clobber: bool) -> Result<()> {
    // A bare file name has an empty parent: the current directory.
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| io("create a temporary file in", dir)(plain(e)))?;
    // Errors name the file being saved, not the temporary one (which is removed on failure).
    tmp.as_file_mut()
        .write_all(bytes)
        .map_err(io("write", path))?;
    tmp.as_file().sync_all().map_err(io("sync", path))?;
    // tempfile creates files 0600 on Unix already: private to the user.
    if no_clobber {
        tmp.persist_noclobber(path)
            .map_err(|e| io("create", path)(plain(e.error)))?;
    } else {
        tmp.persist(path)
            .map_err(|e| io("replace", path)(plain(e.error)))?;
    }
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io("sync directory", dir))?;
    Ok(())
}

/// The system's error without the temporary file's path tempfile adds to it: messages name the
/// file being saved, once.
fn plain(e: std::io::Error) -> std::io::Error {
    match e.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => e,
    }
}

/// Whether a file name is one of [`write_atomic`]'s temporary files (never read as data).
pub(crate) fn is_temp(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with(TEMP_PREFIX)
}

/// Removes temporary files old enough to be left over from a crash; a younger one may belong to
/// a write in progress in another process, so it stays.
pub(crate) fn clean_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        if !is_temp(&entry.file_name()) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}
