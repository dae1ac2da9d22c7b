//! Finding a set's backup files: a file, a directory, or a glob.
//!
//! Globs use `*`, `?` and `[...]` within one path component (no `**`), which
//! is how backup files are named in practice (`/var/backups/pg/app-*.dump`).
//! Manifests, hidden files and `take`'s temporary files are never backups.

use super::manifest::is_manifest_name;
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use std::fs;
use std::path::{Path, PathBuf};

/// One backup file as seen on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub size: u64,
    pub mtime: DateTime<Utc>,
    /// Permission bits (`0o600`).
    pub mode: u32,
}

/// The regular files a set's `path` names, oldest first (ties by path).
pub fn backup_files(pattern: &str) -> Result<Vec<BackupFile>> {
    let mut paths = Vec::new();
    if has_glob(pattern) {
        expand(Path::new(pattern), &mut paths)?;
    } else {
        let p = Path::new(pattern);
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let rd = fs::read_dir(p)
                    .with_context(|| format!("cannot list backup directory {}", p.display()))?;
                for e in rd {
                    let e =
                        e.with_context(|| format!("cannot list backup directory {}", p.display()))?;
                    paths.push(e.path());
                }
            }
            Ok(_) => paths.push(p.to_path_buf()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot look at {}", p.display())),
        }
    }
    let mut files = Vec::new();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || is_manifest_name(&name) {
            continue;
        }
        let meta = fs::metadata(&p).with_context(|| format!("cannot look at {}", p.display()))?;
        if !meta.is_file() {
            continue;
        }
        let mtime = meta
            .modified()
            .map(DateTime::<Utc>::from)
            .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
        files.push(BackupFile {
            path: p,
            size: meta.len(),
            mtime,
            mode: std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o7777,
        });
    }
    files.sort_by(|a, b| a.mtime.cmp(&b.mtime).then_with(|| a.path.cmp(&b.path)));
    Ok(files)
}

pub fn has_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

fn expand(pattern: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut bases = vec![PathBuf::new()];
    let comps: Vec<_> = pattern.components().collect();
    for (i, comp) in comps.iter().enumerate() {
        let text = comp.as_os_str().to_string_lossy();
        let last = i + 1 == comps.len();
        let mut next = Vec::new();
        for base in &bases {
            if !has_glob(&text) {
                let p = base.join(comp.as_os_str());
                if last || p.is_dir() {
                    next.push(p);
                }
                continue;
            }
            let dir = if base.as_os_str().is_empty() {
                Path::new(".")
            } else {
                base.as_path()
            };
            let rd = match fs::read_dir(dir) {
                Ok(rd) => rd,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot list {}", dir.display()));
                }
            };
            let mut names: Vec<_> = rd
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| wildcard(&text, n) && (text.starts_with('.') || !n.starts_with('.')))
                .collect();
            names.sort();
            for n in names {
                next.push(base.join(n));
            }
        }
        bases = next;
    }
    out.extend(bases.into_iter().filter(|p| p.exists()));
    Ok(())
}

/// Shell-style match of one path component: `*`, `?`, `[abc]`, `[a-z]`, `[!x]`.
pub fn wildcard(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    fn class(p: &[char], c: char) -> Option<(bool, usize)> {
        // Returns (matched, length of the class in the pattern) or None if unterminated.
        let mut i = 1;
        let negate = matches!(p.get(1), Some('!') | Some('^'));
        if negate {
            i += 1;
        }
        let mut hit = false;
        let mut first = true;
        while i < p.len() {
            if p[i] == ']' && !first {
                return Some((hit != negate, i + 1));
            }
            if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
                if p[i] <= c && c <= p[i + 2] {
                    hit = true;
                }
                i += 3;
            } else {
                if p[i] == c {
                    hit = true;
                }
                i += 1;
            }
            first = false;
        }
        None
    }
    fn go(p: &[char], n: &[char]) -> bool {
        match p.first() {
            None => n.is_empty(),
            Some('*') => (0..=n.len()).any(|k| go(&p[1..], &n[k..])),
            Some('?') => !n.is_empty() && go(&p[1..], &n[1..]),
            Some('[') => match (n.first(), class(p, *n.first().unwrap_or(&'\0'))) {
                (Some(_), Some((true, len))) => go(&p[len..], &n[1..]),
                (Some(_), Some((false, _))) => false,
                (_, None) => n.first() == Some(&'[') && go(&p[1..], &n[1..]),
                (None, _) => false,
            },
            Some(c) => n.first() == Some(c) && go(&p[1..], &n[1..]),
        }
    }
    go(&p, &n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_like_the_shell() {
        assert!(wildcard("app-*.dump", "app-2024-05-01.dump"));
        assert!(!wildcard("app-*.dump", "app-2024-05-01.dump.sha256"));
        assert!(wildcard("db?.sql", "db1.sql"));
        assert!(wildcard("db[0-9].sql", "db7.sql"));
        assert!(!wildcard("db[!0-9].sql", "db7.sql"));
        assert!(wildcard("*", "x"));
    }

    #[test]
    fn globs_and_directories_list_backups_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("pg");
        fs::create_dir(&d).unwrap();
        for (i, name) in ["b.dump", "a.dump", "a.dump.sha256", ".x.tmp", "SHA256SUMS"]
            .iter()
            .enumerate()
        {
            let p = d.join(name);
            fs::write(&p, "x").unwrap();
            let t =
                std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1000 + i as u64);
            fs::File::options()
                .write(true)
                .open(&p)
                .unwrap()
                .set_modified(t)
                .unwrap();
        }
        let names = |v: Vec<BackupFile>| {
            v.into_iter()
                .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        };
        let glob = format!("{}/*/*.dump", dir.path().display());
        assert_eq!(names(backup_files(&glob).unwrap()), ["b.dump", "a.dump"]);
        assert_eq!(
            names(backup_files(d.to_str().unwrap()).unwrap()),
            ["b.dump", "a.dump"]
        );
        assert!(
            backup_files(&format!("{}/none-*", dir.path().display()))
                .unwrap()
                .is_empty()
        );
    }
}
