//! The run lock: one enforce run at a time per journal directory
//! (docs/enforcement.md, "One run at a time").
//!
//! Each run journals to a file of its own (named after its plan), so the journal's own
//! lock never makes two runs meet. A scheduled run and an event-driven one would then
//! audit, plan and remove side by side, each judging accounts the other is changing.
//! The lock is one file, `enforce.lock`, in the policy's journal directory, held
//! (an exclusive advisory lock, released when the file is closed, also by a crash)
//! from before the audit to after the verification.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::error::{Error, Result};

/// The lock file's name inside the journal directory.
pub(super) const LOCK_FILE: &str = "enforce.lock";

/// A held run lock; dropping it releases the lock.
#[derive(Debug)]
pub(super) struct RunLock {
    /// Open for as long as the lock is held: closing it releases the lock.
    _file: File,
}

impl RunLock {
    /// Takes the lock of `journal_dir` (created if needed) for a run that may change
    /// something. `None` without a journal directory, and for dry runs, which change
    /// nothing and so need not wait for another run. A lock another run holds is an
    /// [`Error::Journal`] naming the file.
    pub(super) fn acquire(journal_dir: Option<&Path>, dry_run: bool) -> Result<Option<Self>> {
        let Some(dir) = journal_dir.filter(|_| !dry_run) else {
            return Ok(None);
        };
        let path = dir.join(LOCK_FILE);
        let journal_error = |path: &Path, message: String| Error::Journal {
            path: path.display().to_string(),
            message,
        };
        std::fs::create_dir_all(dir)
            .map_err(|e| journal_error(dir, format!("cannot create the journal directory: {e}")))?;
        // A link planted at the lock's name would make the run create or lock a file
        // elsewhere: refuse it.
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(journal_error(
                &path,
                "is a symbolic link; the lock file must be a plain file".to_owned(),
            ));
        }
        let mut options = OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(&path)
            .map_err(|e| journal_error(&path, format!("cannot open the lock file: {e}")))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Self { _file: file })),
            Err(TryLockError::WouldBlock) => Err(journal_error(
                &path,
                "another enforce run holds it (locked); wait for that run to finish, or \
                 stagger the schedule and event triggers"
                    .to_owned(),
            )),
            Err(TryLockError::Error(e)) => Err(journal_error(
                &path,
                format!("cannot lock the lock file: {e}"),
            )),
        }
    }
}
