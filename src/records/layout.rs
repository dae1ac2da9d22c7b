//! What every record kind's layout is built from: run ids that sort by
//! time, safe path components, and reading a record file back. Where each
//! kind lives is its owner's (`inspect::record`, `backup::record`, ...; see
//! docs/records.md).
//!
//! A target name is made one safe path component by [`slug`], whatever it
//! is (an ad-hoc `ops@[::1]:2222`, a 300-character name), so one odd target
//! can never stop a run's records from being written. Records are read back
//! with [`read_record`], which never follows a symbolic link.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The longest path component [`slug`] makes, in bytes: well under the 255
/// of every Linux file system, with room for a suffix.
pub const MAX_COMPONENT: usize = 100;

/// A run id that sorts by time to the millisecond and does not collide
/// between two runs started in the same millisecond: `20261122T060000.123Z-3fa9`.
pub fn run_id(at: DateTime<Utc>) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let salt = (std::process::id() ^ nanos.rotate_left(7)) & 0xffff;
    format!("{}-{salt:04x}", at.format("%Y%m%dT%H%M%S%.3fZ"))
}

/// A target name made safe as one path component: letters, digits, `.`, `-`,
/// `_` and `@` are kept, anything else becomes `_`; a leading `.` or `-`
/// (`.git`, `..`, an option-like `-x`) gets a `_` in front; and a name longer
/// than [`MAX_COMPONENT`] is cut, ending in `-` and 8 hex digits of the
/// SHA-256 of the whole name, so that it stays the same from run to run and
/// two long names that share a beginning do not share a directory.
pub fn slug(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(['.', '-']) {
        s.insert(0, '_');
    }
    if s.len() > MAX_COMPONENT {
        let digest = Sha256::digest(name.as_bytes());
        let suffix: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        // Every character kept is ASCII, so any byte length is a boundary.
        s.truncate(MAX_COMPONENT - suffix.len() - 1);
        s.push('-');
        s.push_str(&suffix);
    }
    s
}

/// Read a record file, refusing a symbolic link or anything but a regular
/// file: ops only ever writes regular files, and a link placed in the
/// repository could point anywhere (a secret, a FIFO that would hang a report).
pub fn read_record(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) {
                std::io::Error::other("it is a symbolic link, which is never followed")
            } else {
                e
            }
        })?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    Ok(text)
}

/// Entry names of a directory, sorted, without dot files; empty when missing.
/// A numbered record name (`…-<n>.json`, `n` the first free number when it
/// was written) under the next number after its own that `taken` does not
/// hold: for a record two jump hosts numbered alike while apart (`ops sync`).
pub fn next_number(rel: &Path, taken: &dyn Fn(&Path) -> bool) -> Option<std::path::PathBuf> {
    let name = rel.file_name()?.to_str()?;
    let (stem, n) = name.strip_suffix(".json")?.rsplit_once('-')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = n.parse().ok()?;
    (n + 1..n.saturating_add(10_000))
        .map(|m| rel.with_file_name(format!("{stem}-{m}.json")))
        .find(|p| !taken(p))
}

pub fn sorted_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbered_name_moves_to_the_next_free_number() {
        let rel = Path::new("diagnose/2026-12-06-no-network-1.json");
        let taken = |p: &Path| p.ends_with("2026-12-06-no-network-2.json");
        assert_eq!(
            next_number(rel, &taken),
            Some(std::path::PathBuf::from(
                "diagnose/2026-12-06-no-network-3.json"
            ))
        );
        assert_eq!(
            next_number(Path::new("diary/2026/x.json"), &|_| false),
            None
        );
        assert_eq!(next_number(Path::new("tickets/a-1.toml"), &|_| false), None);
    }

    #[test]
    fn slugs_are_single_safe_components() {
        assert_eq!(slug("web01"), "web01");
        assert_eq!(slug("ops@10.0.0.1:2222"), "ops@10.0.0.1_2222");
        assert_eq!(slug("../etc"), "_.._etc");
        assert_eq!(slug(".."), "_..");
        assert_eq!(slug(".git"), "_.git");
        assert_eq!(slug("-rf"), "_-rf");
        assert_eq!(slug(""), "_");
        assert_eq!(slug("a/b"), "a_b");
    }

    #[test]
    fn long_names_are_cut_with_a_stable_hash() {
        let a = format!("ops@{}", "h".repeat(300));
        let b = format!("ops@{}x", "h".repeat(300));
        let (sa, sb) = (slug(&a), slug(&b));
        assert_eq!(sa.len(), MAX_COMPONENT);
        assert_eq!(sa, slug(&a));
        assert_ne!(sa, sb);
        assert!(sa.starts_with("ops@hhhh"), "{sa}");
        let hash = sa.rsplit_once('-').unwrap().1;
        assert_eq!(hash.len(), 8);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(slug(&"h".repeat(MAX_COMPONENT)), "h".repeat(MAX_COMPONENT));
    }

    #[test]
    fn records_are_not_read_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "{}").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(read_record(&real).unwrap(), "{}");
        let err = read_record(&link).unwrap_err().to_string();
        assert!(err.contains("symbolic link"), "{err}");
        assert!(read_record(dir.path()).is_err());
    }
}
