//! The temporaries of a take and the reservation of its name.
//!
//! Nothing half-written is ever left: the archive and manifest are written
//! under hidden temporary names in the backup directory, fsynced, verified,
//! and only then renamed (manifest first, so an archive never appears without
//! it). Any failure, or a panic, removes the temporaries ([`Cleanup`]), and a
//! take that was killed outright leaves `.NAME.tmp-PID` files that the next
//! take removes ([`remove_stale_temporaries`]).
//!
//! The archive's name is reserved before anything is written, so that two
//! takes with the same `--name` in the same second both land: a hidden
//! `.NAME.reserved` beside it is created exclusively (`O_CREAT|O_EXCL`) and
//! kept locked (`flock`) until the archive is in place; whoever loses the
//! race moves on to `NAME-2`, `NAME-3`... The lock tells a reservation whose
//! take was killed (nobody holds it) from one in use. The reservation is
//! hidden rather than an empty file under the final name, which `verify`
//! would see as an empty backup.

use super::super::manifest::Manifest;
use super::super::policy::FileMode;
use super::super::private;
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Remove what a `take` killed outright (SIGKILL, power loss) left behind:
/// `.NAME.tmp-PID` files whose process is gone. Returns what was removed, as warnings.
pub(super) fn remove_stale_temporaries(dir: &Path) -> Vec<String> {
    let mut removed = Vec::new();
    let names = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok());
    for name in names {
        if name.starts_with('.') && name.ends_with(RESERVED) {
            let p = dir.join(&name);
            if remove_if_abandoned(&p) {
                removed.push(format!(
                    "removed {} left by an interrupted take",
                    p.display()
                ));
            }
            continue;
        }
        let Some((_, pid)) = name.rsplit_once(".tmp-") else {
            continue;
        };
        if !name.starts_with('.') || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if Path::new("/proc").join(pid).exists() {
            continue; // a take still running
        }
        let p = dir.join(&name);
        if fs::remove_file(&p).is_ok() {
            removed.push(format!(
                "removed {} left by an interrupted take",
                p.display()
            ));
        }
    }
    removed
}

const RESERVED: &str = ".reserved";

/// An archive name held for one take: `.FILE.reserved`, created exclusively
/// and locked for as long as this value lives.
pub(super) struct Reservation {
    pub(super) archive: PathBuf,
    pub(super) path: PathBuf,
    _lock: File,
}

/// Reserve `<name>-<UTC time>.tar.zst`, or `-2`, `-3`… when that is taken or
/// being taken (twice in one second, or by takes running at once).
pub(super) fn reserve_name(dir: &Path, name: &str, now: DateTime<Utc>) -> Result<Reservation> {
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let taken = |p: &Path| p.exists() || Manifest::path_for(p).exists();
    let mut n = 1;
    loop {
        let file = if n == 1 {
            format!("{name}-{stamp}.tar.zst")
        } else {
            format!("{name}-{stamp}-{n}.tar.zst")
        };
        let archive = dir.join(&file);
        let path = dir.join(format!(".{file}{RESERVED}"));
        if taken(&archive) {
            n += 1;
            continue;
        }
        let lock = match private::create_file(&path, FileMode::PRIVATE) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                n += 1;
                continue;
            }
            Err(e) => {
                return Err(e).with_context(|| format!("cannot reserve {}", archive.display()));
            }
        };
        lock.lock()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        // A take starting just now may have removed our file as abandoned
        // before we locked it; then it is not ours, try the same name again.
        if !same_file(&lock, &path) {
            continue;
        }
        // The archive may have been moved into place by a take that released
        // this name just before we reserved it.
        if taken(&archive) {
            let _ = fs::remove_file(&path);
            n += 1;
            continue;
        }
        return Ok(Reservation {
            archive,
            path,
            _lock: lock,
        });
    }
}

fn same_file(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Remove the reservation at `path` if nobody holds it (its take is gone).
/// The removal happens while this process holds the lock: released first, a
/// take that just created the file could lock it, find it still there and
/// carry on with a reservation that is then removed under it.
fn remove_if_abandoned(path: &Path) -> bool {
    let Ok(f) = File::open(path) else {
        return false;
    };
    f.try_lock().is_ok() && same_file(&f, path) && fs::remove_file(path).is_ok()
}

/// Removes temporary files when dropped, unless emptied first.
pub(super) struct Cleanup(pub(super) Vec<PathBuf>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = fs::remove_file(p);
        }
    }
}

pub(super) fn write_synced(path: &Path, data: &[u8], mode: FileMode) -> Result<()> {
    let mut f = private::create_file(path, mode)
        .with_context(|| format!("cannot write {}", path.display()))?;
    f.write_all(data)
        .and_then(|_| f.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}
