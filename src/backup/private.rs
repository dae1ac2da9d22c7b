//! Keeping backups private: the files `take` writes get the configured mode
//! (0600, or 0640 with `[backup] mode`), the directories it creates 0700 (or
//! 0750), and `verify` can tell which files of a set others could read.
//!
//! Modes are set with `fchmod`/`chmod` after creating, not only through the
//! creation mode, so that the result does not depend on the caller's umask
//! (a 0640 file stays group-readable under `umask 077`).

use super::policy::FileMode;
use anyhow::{Context, Result};
use std::fs::{self, File, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// Create `path`, which must not exist yet, with `mode`'s file bits.
pub fn create_file(path: &Path, mode: FileMode) -> io::Result<File> {
    let file = File::options()
        .write(true)
        .create_new(true)
        .mode(mode.file())
        .open(path)?;
    file.set_permissions(Permissions::from_mode(mode.file()))?;
    Ok(file)
}

/// Create `dir` and any missing parents with `mode`'s directory bits.
/// Directories that already exist keep their mode: they are not ops's.
pub fn create_dirs(dir: &Path, mode: FileMode) -> Result<()> {
    let missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
    for d in missing.into_iter().rev() {
        match fs::DirBuilder::new().mode(mode.dir()).create(d) {
            Ok(()) => fs::set_permissions(d, Permissions::from_mode(mode.dir()))
                .with_context(|| format!("cannot set the mode of {}", d.display()))?,
            // Made by a take running at the same moment: as good as ours.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && d.is_dir() => {}
            Err(e) => return Err(e).with_context(|| format!("cannot create {}", d.display())),
        }
    }
    Ok(())
}

/// Whether permission bits let users other than the owner and group read.
pub fn others_can_read(mode: u32) -> bool {
    mode & 0o004 != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn mode_of(p: &Path) -> u32 {
        fs::metadata(p).unwrap().mode() & 0o7777
    }

    #[test]
    fn files_and_directories_get_their_mode_whatever_the_umask() {
        let tmp = tempfile::tempdir().unwrap();
        fs::set_permissions(tmp.path(), Permissions::from_mode(0o755)).unwrap();
        let dir = tmp.path().join("a/b");
        create_dirs(&dir, FileMode::GROUP_READABLE).unwrap();
        assert_eq!(mode_of(&tmp.path().join("a")), 0o750);
        assert_eq!(mode_of(&dir), 0o750);
        assert_eq!(
            mode_of(tmp.path()),
            0o755,
            "an existing directory is left alone"
        );
        let f = dir.join("x");
        create_file(&f, FileMode::GROUP_READABLE).unwrap();
        assert_eq!(mode_of(&f), 0o640);
        let err = create_file(&f, FileMode::PRIVATE).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert!(others_can_read(0o644) && !others_can_read(0o640));
    }
}
