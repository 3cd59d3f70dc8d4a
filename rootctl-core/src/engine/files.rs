//! Files rootctl writes records into (journals, unlock backups and receipts) are its own:
//! never reached through a symbolic link, and readable by their owner alone (see
//! docs/safety.md, "The journal" and "Backups").
//!
//! A link planted at such a path (by anyone who can write the directory) would send
//! account ids, credential ids and policies into a file elsewhere that keeps its own
//! permissions. std cannot open a path without following a final link (`O_NOFOLLOW`
//! needs libc), so a link is refused by `lstat` before opening, and after opening the
//! file handle is compared (device, inode) with what `lstat` finds at the path then,
//! which closes the window between the two.

use std::fs::File;
use std::io;
use std::path::Path;

/// The error for a symbolic link where rootctl writes a file of its own.
fn link_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "is a symbolic link; rootctl writes this file only as a plain file of its own \
         (remove the link or choose another path)",
    )
}

/// Refuses a symbolic link at `path` (even a dangling one). A path with nothing there
/// passes: the caller creates it.
pub(crate) fn refuse_link(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(link_error()),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Checks that `file`, opened from `path`, is the very file at `path` now, not one a
/// link swapped in between [`refuse_link`] and the open pointed to.
#[cfg(unix)]
pub(crate) fn check_opened(file: &File, path: &Path) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;

    let at_path = std::fs::symlink_metadata(path)?;
    if at_path.file_type().is_symlink() {
        return Err(link_error());
    }
    let opened = file.metadata()?;
    if (opened.dev(), opened.ino()) != (at_path.dev(), at_path.ino()) {
        return Err(io::Error::other(
            "was replaced while rootctl opened it; refused",
        ));
    }
    Ok(())
}

/// Without device and inode numbers, the check before opening is what there is.
#[cfg(not(unix))]
pub(crate) fn check_opened(_: &File, path: &Path) -> io::Result<()> {
    refuse_link(path)
}

/// Makes `file` readable and writable by its owner alone, whatever mode it had (an
/// existing `0644` file becomes `0600`).
#[cfg(unix)]
pub(crate) fn make_private(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;

    if file.metadata()?.permissions().mode() & 0o777 != 0o600 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// Windows files carry ACLs, not modes: nothing to narrow here.
#[cfg(not(unix))]
pub(crate) fn make_private(_: &File) -> io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_refused_before_and_after_opening() {
        let dir = std::env::temp_dir().join(format!("rootctl-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let (plain, link, other) = (dir.join("plain"), dir.join("link"), dir.join("other"));
        std::fs::write(&plain, "").unwrap();
        std::fs::write(&other, "").unwrap();
        std::os::unix::fs::symlink(&plain, &link).unwrap();
        assert!(refuse_link(&plain).is_ok());
        assert!(refuse_link(&dir.join("absent")).is_ok());
        let err = refuse_link(&link).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        // Opened through the link (the race): the check after opening refuses it.
        let through = File::open(&link).unwrap();
        assert!(check_opened(&through, &link).is_err());
        // A file swapped in at the path after the open is not the one opened.
        let opened = File::open(&other).unwrap();
        assert!(check_opened(&opened, &other).is_ok());
        assert!(check_opened(&opened, &plain).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
