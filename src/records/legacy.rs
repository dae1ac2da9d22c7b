//! The one-time repair of what writers before the commit journal left.
//!
//! Earlier versions of `ops` renamed records into the work tree before they
//! committed, and committed before they wrote the index; a kill in between
//! left records uncommitted (listed by `ticket list`), committed records out
//! of the index (a later `git commit -a` deleted them) and `.NAME.tmp-PID`
//! temporaries. No journal names those paths, so the first `ops` that runs
//! with the journal looks once at the whole repository (`git status`, about
//! a second for 180,000 files) and then marks it checked
//! (`.git/ops/legacy-checked`); no later start walks the tree.
//!
//! This module finds and fixes; the orphans it finds are committed by
//! [`super::git::repair`], so it depends on the journal only, never on git.rs.

use super::journal;
use anyhow::{Context, Result};
use git2::{IndexEntry, IndexTime, ObjectType, Oid, Repository, Status, StatusOptions};
use std::fs;
use std::path::{Path, PathBuf};

/// The directories `ops` writes records to. An untracked file under one of
/// them was left by a killed writer (the older ones renamed records into
/// place before committing); anywhere else it is a person's and left alone.
const RECORD_ROOTS: &[&str] = &["inspect", "tickets", "backup", "config", "diagnose"];

fn marker(git_dir: &Path) -> PathBuf {
    journal::ops_dir(git_dir).join("legacy-checked")
}

/// Whether the repository was already checked (or made by this `ops`).
pub fn checked(git_dir: &Path) -> bool {
    marker(git_dir).exists()
}

pub fn mark(git_dir: &Path) -> Result<()> {
    let dir = journal::ops_dir(git_dir);
    fs::create_dir_all(&dir).with_context(|| format!("failed to create {}", dir.display()))?;
    let p = marker(git_dir);
    fs::write(
        &p,
        "checked for what writers before the commit journal left\n",
    )
    .with_context(|| format!("failed to write {}", p.display()))
}

/// What the check found to do, decided from `git status` alone.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Findings {
    /// Committed, but missing from the index.
    pub unindexed: Vec<PathBuf>,
    /// `.NAME.tmp-PID` files of killed writers.
    pub temporaries: Vec<PathBuf>,
    /// Whole records a killed writer renamed into place but never committed.
    pub orphans: Vec<PathBuf>,
}

/// Sort the status of the repository into [`Findings`].
pub fn examine(repo: &Repository) -> Result<Findings> {
    let mut opts = StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(true)
        .recurse_ignored_dirs(false);
    let statuses = repo
        .statuses(Some(&mut opts))
        .context("failed to read the status of the records repository")?;
    let mut found = Findings::default();
    for entry in statuses.iter() {
        let Some(path) = entry.path().map(PathBuf::from) else {
            continue;
        };
        let status = entry.status();
        if status.contains(Status::INDEX_DELETED) {
            found.unindexed.push(path);
        } else if status.intersects(Status::WT_NEW | Status::IGNORED) {
            if is_legacy_temporary(&path) {
                found.temporaries.push(path);
            } else if status.contains(Status::WT_NEW) && is_record_path(&path) {
                found.orphans.push(path);
            }
        }
    }
    Ok(found)
}

/// `.NAME.tmp-PID`, as the writers before the journal named them.
fn is_legacy_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.starts_with('.')
        && name
            .rsplit_once(".tmp-")
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

fn is_record_path(path: &Path) -> bool {
    let mut parts = path.components();
    let root = parts.next().and_then(|c| c.as_os_str().to_str());
    let is_dot = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_none_or(|n| n.starts_with('.'));
    root.is_some_and(|r| RECORD_ROOTS.contains(&r)) && parts.next().is_some() && !is_dot
}

/// What [`repair`] did, and the orphans it leaves for the caller to commit
/// (committing is [`super::git`]'s, which calls this module, not the other way).
#[derive(Debug, Default)]
pub struct Repaired {
    /// One per file, for the user.
    pub warnings: Vec<String>,
    /// Orphans to commit; None when there are none.
    pub orphans: Option<Orphans>,
}

/// Whole records a killed writer left uncommitted, read, and the message to
/// commit them with.
#[derive(Debug)]
pub struct Orphans {
    /// Relative to the work tree, with their content.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub message: String,
}

/// Repair what [`examine`] found: index entries back from HEAD (the work
/// tree file too, if it is gone), temporaries removed; the orphans are read
/// and handed back to be committed. Warnings name every file.
pub fn repair(repo: &Repository, root: &Path) -> Result<Repaired> {
    let mut warnings = Vec::new();
    if repo.head().is_err() {
        return Ok(Repaired::default());
    }
    let found = examine(repo)?;
    if !found.unindexed.is_empty() {
        let tree = repo.head()?.peel_to_tree()?;
        let mut index = repo.index().context("failed to read the git index")?;
        for rel in &found.unindexed {
            let path = root.join(rel);
            let entry = tree.get_path(rel)?;
            let in_work = path
                .is_file()
                .then(|| Oid::hash_file(ObjectType::Blob, &path).ok())
                .flatten();
            if in_work.is_none() {
                let blob = repo.find_blob(entry.id())?;
                if let Some(dir) = path.parent() {
                    fs::create_dir_all(dir)?;
                }
                fs::write(&path, blob.content())
                    .with_context(|| format!("failed to restore {}", path.display()))?;
            }
            if in_work.is_none() || in_work == Some(entry.id()) {
                index
                    .add_path(rel)
                    .with_context(|| format!("failed to stage {}", rel.display()))?;
            } else {
                // Edited by hand since: the index gets HEAD's version, the
                // edit stays in the work tree as a change to commit or not.
                index.add(&head_entry(rel, &entry))?;
            }
            warnings.push(format!(
                "put {} back into the git index: it is committed, but a killed run of an older \
                 ops had left it out (a `git commit -a` would have deleted it)",
                rel.display()
            ));
        }
        index.write().context("failed to write the git index")?;
    }
    for rel in &found.temporaries {
        let path = root.join(rel);
        fs::remove_file(&path).with_context(|| format!("failed to remove {}", path.display()))?;
        warnings.push(format!(
            "removed {}, a temporary file of a killed run of an older ops",
            rel.display()
        ));
    }
    let mut orphans = None;
    if !found.orphans.is_empty() {
        let mut files = Vec::with_capacity(found.orphans.len());
        for rel in &found.orphans {
            let path = root.join(rel);
            let bytes =
                fs::read(&path).with_context(|| format!("failed to read {}", path.display()))?;
            files.push((rel.clone(), bytes));
            warnings.push(format!(
                "committed {}: a killed run of an older ops had written it but not committed it",
                rel.display()
            ));
        }
        let message = format!(
            "recover: {} record(s) a killed run left uncommitted\n\n{}",
            files.len(),
            found
                .orphans
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
        orphans = Some(Orphans { files, message });
    }
    Ok(Repaired { warnings, orphans })
}

/// An index entry for HEAD's version of `rel`, with no stat data (git
/// re-reads the file to compare it).
fn head_entry(rel: &Path, entry: &git2::TreeEntry) -> IndexEntry {
    let path = rel.to_string_lossy().into_owned().into_bytes();
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: entry.filemode() as u32,
        uid: 0,
        gid: 0,
        file_size: 0,
        id: entry.id(),
        flags: path.len().min(0xfff) as u16,
        flags_extended: 0,
        path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_old_temporary_names_and_record_directories_are_taken() {
        assert!(is_legacy_temporary(Path::new(
            "tickets/2026-11/.T-1.toml.tmp-4711"
        )));
        assert!(!is_legacy_temporary(Path::new("tickets/.x.tmp-")));
        assert!(!is_legacy_temporary(Path::new("notes/x.tmp-12")));
        assert!(!is_legacy_temporary(Path::new(".a.ops-tmp")));
        assert!(is_record_path(Path::new(
            "tickets/2026-11/T-20261120-0001.toml"
        )));
        assert!(is_record_path(Path::new(
            "inspect/host/web01/2026/11/r.json"
        )));
        assert!(!is_record_path(Path::new("tickets")));
        assert!(!is_record_path(Path::new("notes/todo.txt")));
        assert!(!is_record_path(Path::new("runbooks/new.toml")));
        assert!(!is_record_path(Path::new("tickets/.draft")));
    }
}
