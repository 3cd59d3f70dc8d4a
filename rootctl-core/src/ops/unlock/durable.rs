//! Writing backups so that a crash or a full disk never leaves half a file where a
//! backup belongs, and never overwrites one (see docs/safety.md, "Backups").
//!
//! A backup is written to a temporary file in its folder (created new, `0600`), synced,
//! then linked to its final name (which fails if a file is there, so nothing is
//! overwritten; where the link fails, as on a filesystem without hard links, copied into
//! a file created new, which fails the same way when something is at the name) and
//! the folder synced, so the name survives a crash too. A symbolic link at the plan's
//! folder or at a backup's name is refused: it would redirect the backup. Every directory
//! the path needed is created `0700` and its parent synced. A temporary file a crash left
//! behind starts with a dot and is never read as a backup. A file at the final name that
//! cannot be read as a backup (what a crash of an older rootctl left) is moved aside,
//! never deleted.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::Utc;

use super::backup::PolicyBackup;
use crate::engine::files;
use crate::error::{Error, Result};

/// A backup on disk, and what was moved out of its way.
#[derive(Debug)]
pub(crate) struct Written {
    /// The backup file.
    pub(crate) path: PathBuf,
    /// Where an unreadable file that was at `path` went.
    pub(crate) moved_aside: Option<PathBuf>,
}

/// Writes the backup `apply_unlock` takes before changing a policy, at
/// `dir/<plan_id>/<account>-<service>-<region>-<name>.json`. The same backup from an
/// earlier run of the plan is reused; a readable backup of anything else there is an
/// error; an unreadable file there is moved aside and replaced.
pub(crate) fn write_backup(dir: &Path, backup: &PolicyBackup) -> Result<Written> {
    let folder = dir.join(&backup.plan_id);
    let file_name = format!(
        "{}-{}-{}-{}.json",
        backup.account_id, backup.service, backup.region, backup.name
    );
    let path = folder.join(&file_name);
    let io = io_error(&path);
    create_dirs(&folder).map_err(&io)?;
    // rootctl makes the plan's folder and every file in it: a link planted at either
    // would send the backup (or the move of a partial one) elsewhere.
    files::refuse_link(&folder).map_err(io_error(&folder))?;
    files::refuse_link(&path).map_err(&io)?;
    let mut moved_aside = None;
    if path.exists() {
        match PolicyBackup::read(&path) {
            Ok(earlier)
                if earlier.records_what_the_change_left() && earlier.sha256 == backup.sha256 =>
            {
                make_private(&path).map_err(&io)?;
                return Ok(Written { path, moved_aside });
            }
            Ok(_) => {
                return Err(Error::Journal {
                    path: path.display().to_string(),
                    message: "a different backup exists at this path; move it away first".into(),
                });
            }
            Err(_) => {
                let aside = folder.join(format!("{file_name}.corrupt-{}", stamp()));
                link_new(&path, &aside).map_err(&io)?;
                // It holds (part of) a policy: the owner's alone, whatever mode it had.
                make_private(&aside).map_err(&io)?;
                std::fs::remove_file(&path).map_err(&io)?;
                sync_dir(&folder).map_err(&io)?;
                tracing::warn!(path = %path.display(), aside = %aside.display(),
                    "unlock: an unreadable backup file was moved aside");
                moved_aside = Some(aside);
            }
        }
    }
    write_new(&folder, &file_name, backup)?;
    Ok(Written { path, moved_aside })
}

/// Writes `backup` as `folder/file_name`, durably, failing if that file exists.
pub(crate) fn write_new(folder: &Path, file_name: &str, backup: &PolicyBackup) -> Result<PathBuf> {
    write_new_bytes(folder, file_name, backup.to_json().as_bytes())
}

/// Writes `bytes` as `folder/file_name` (`0600`), durably, failing if that file exists.
pub(crate) fn write_new_bytes(folder: &Path, file_name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let path = folder.join(file_name);
    let io = io_error(&path);
    create_dirs(folder).map_err(&io)?;
    let temp = folder.join(format!(".{file_name}.tmp-{}", unique()));
    let written = write_synced(&temp, bytes).and_then(|()| link_new(&temp, &path));
    // The temporary name goes whatever happened (its content is in place, or useless).
    let _ = std::fs::remove_file(&temp);
    written.map_err(&io)?;
    sync_dir(folder).map_err(&io)?;
    Ok(path)
}

pub(crate) fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + use<> {
    let shown = path.display().to_string();
    move |e| Error::Journal {
        path: shown.clone(),
        message: format!("backup: {e}"),
    }
}

/// A UTC timestamp for file names (no colons).
fn stamp() -> String {
    Utc::now().format("%Y%m%dT%H%M%S%.6fZ").to_string()
}

/// A name part no other temporary file of this process or another has.
fn unique() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}-{}",
        std::process::id(),
        Utc::now().timestamp_nanos_opt().unwrap_or_default(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Gives the file at `from` the name `to` too, failing if `to` exists: never an
/// overwrite (a link at `to` is not followed either). Where the hard link fails (a
/// filesystem without them), copies into a file created new, which fails the same way
/// when something is at `to`.
fn link_new(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::hard_link(from, to).or_else(|_| copy_new(from, to))
}

/// Copies `from` into `to`, created exclusively (`0600`): fails if anything is at `to`,
/// even a dangling link, so it can never replace a file or write through a link. A copy
/// that fails midway is removed: the file was this call's own.
fn copy_new(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut target = options.open(to)?;
    let copied = File::open(from)
        .and_then(|mut source| std::io::copy(&mut source, &mut target))
        .and_then(|_| target.sync_all());
    if copied.is_err() {
        let _ = std::fs::remove_file(to);
    }
    copied
}

/// Makes the file at `path` (a plain file, not a link) its owner's alone.
fn make_private(path: &Path) -> std::io::Result<()> {
    files::refuse_link(path)?;
    let file = File::open(path)?;
    files::check_opened(&file, path)?;
    files::make_private(&file)
}

/// Creates `folder` and its missing parents `0700`, syncing the parent of each directory
/// created so that its name survives a crash.
fn create_dirs(folder: &Path) -> std::io::Result<()> {
    // Innermost first, those not there yet. A relative path's last ancestor is "", which
    // names the working directory and is never created.
    let missing: Vec<&Path> = folder
        .ancestors()
        .take_while(|d| !d.exists())
        .filter(|d| !d.as_os_str().is_empty())
        .collect();
    let mut builder = std::fs::DirBuilder::new();
    // Outermost first, each one's parent is there, so each call makes one directory;
    // `recursive` only means that one another run made meanwhile is no error (and a file
    // in its place still is).
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    for dir in missing.into_iter().rev() {
        builder.create(dir)?;
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        sync_dir(parent)?;
    }
    Ok(())
}

/// Syncs a directory, so the names in it survive a crash.
#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows has no directory handles to sync; NTFS journals its names.
#[cfg(not(unix))]
pub(crate) fn sync_dir(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ResourceService;

    fn backup(policy: &str) -> PolicyBackup {
        PolicyBackup::new(
            "plan-1",
            "123456789012".parse().unwrap(),
            ResourceService::S3,
            "us-east-1",
            "logs",
            None,
            policy,
            None,
        )
    }

    #[test]
    fn a_new_file_never_replaces_one_and_leaves_no_temporary_file() {
        let root = std::env::temp_dir().join(format!("rootctl-durable-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let folder = root.join("a").join("b");
        let path = write_new(&folder, "x.json", &backup("{}")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&folder), 0o700);
            assert_eq!(mode(&root.join("a")), 0o700);
        }
        let err = write_new(&folder, "x.json", &backup("{\"other\":1}")).unwrap_err();
        assert!(err.to_string().contains("exists"), "{err}");
        assert_eq!(PolicyBackup::read(&path).unwrap().policy, "{}");
        let names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["x.json"]);
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn the_copy_without_hard_links_never_replaces_a_file_nor_follows_a_link() {
        let root = std::env::temp_dir().join(format!("rootctl-copy-new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let (from, to) = (root.join("from"), root.join("to"));
        std::fs::write(&from, "new").unwrap();
        std::fs::write(&to, "kept").unwrap();
        let err = copy_new(&from, &to).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists, "{err}");
        assert_eq!(std::fs::read_to_string(&to).unwrap(), "kept");
        #[cfg(unix)]
        {
            let (link, target) = (root.join("link"), root.join("target"));
            std::os::unix::fs::symlink(&target, &link).unwrap();
            assert!(copy_new(&from, &link).is_err(), "a dangling link");
            assert!(!target.exists(), "nothing created through it");
            std::fs::write(&target, "kept").unwrap();
            assert!(copy_new(&from, &link).is_err(), "a link to a file");
            assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept");
        }
        let fresh = root.join("fresh");
        copy_new(&from, &fresh).unwrap();
        assert_eq!(std::fs::read_to_string(&fresh).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&fresh).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(root).unwrap();
    }
}
