//! The commit journal: what a writer is about to make visible, so that the
//! next writer can finish it after a kill.
//!
//! A commit goes through `.git/ops/journal` in two states. `open` is written
//! before the first git object, so that a writer killed while writing objects
//! is known to have left temporaries (and nothing visible). `intent` replaces
//! it atomically once the commit object exists: it names the branch, the
//! commit it must move from and to, and every path the commit touches. From
//! then on the commit is complete in the object database and recovery rolls
//! it forward: moves the branch, writes the work-tree files and index entries
//! of those paths from the commit's tree. The journal is removed last, so its
//! absence means the repository needs nothing (one `stat` at start-up).
//!
//! The format is line-based text, readable with `cat` when something goes
//! wrong: `ops-journal 1`, `state open|intent`, then `ref`, `parent`,
//! `commit`, `path` lines, and `end` so that a torn write is recognised.

use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};

const HEADER: &str = "ops-journal 1";

/// What the journal says about the last writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// No journal: the last writer finished (or never started a commit).
    Clean,
    /// A writer was interrupted before its commit existed (or the journal is
    /// torn): nothing of it is visible, only temporaries may be left.
    Open,
    /// A writer was interrupted after its commit existed.
    Intent(Intent),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intent {
    /// The branch HEAD named, e.g. `refs/heads/main` (or `HEAD` when detached).
    pub reference: String,
    /// The branch's commit before, None for the first commit.
    pub parent: Option<git2::Oid>,
    pub commit: git2::Oid,
    /// Relative to the work tree.
    pub paths: Vec<PathBuf>,
}

/// `.git/ops/`, where `ops` keeps its own state.
pub fn ops_dir(git_dir: &Path) -> PathBuf {
    git_dir.join("ops")
}

pub fn path(git_dir: &Path) -> PathBuf {
    ops_dir(git_dir).join("journal")
}

fn temporary(git_dir: &Path) -> PathBuf {
    ops_dir(git_dir).join("journal.tmp")
}

/// Whether a journal (or its temporary) exists: the cheap start-up check.
pub fn present(git_dir: &Path) -> bool {
    path(git_dir).exists() || temporary(git_dir).exists()
}

/// Mark a commit as begun, before any object is written.
pub fn open(git_dir: &Path) -> Result<()> {
    let dir = ops_dir(git_dir);
    fs::create_dir_all(&dir).with_context(|| format!("failed to create {}", dir.display()))?;
    let text = format!("{HEADER}\nstate open\npid {}\nend\n", std::process::id());
    let p = path(git_dir);
    fs::write(&p, text).with_context(|| format!("failed to write the journal {}", p.display()))
}

/// Replace the journal atomically with the commit's intent.
pub fn record_intent(git_dir: &Path, intent: &Intent) -> Result<()> {
    let tmp = temporary(git_dir);
    fs::write(&tmp, render(intent))
        .with_context(|| format!("failed to write the journal {}", tmp.display()))?;
    let p = path(git_dir);
    fs::rename(&tmp, &p).with_context(|| format!("failed to write the journal {}", p.display()))
}

/// Remove the journal: the commit is complete everywhere.
pub fn close(git_dir: &Path) -> Result<()> {
    for p in [temporary(git_dir), path(git_dir)] {
        match fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("failed to remove the journal {}", p.display()));
            }
        }
    }
    Ok(())
}

pub fn read(git_dir: &Path) -> Result<State> {
    let p = path(git_dir);
    match fs::read_to_string(&p) {
        Ok(text) => Ok(parse(&text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(if temporary(git_dir).exists() {
            State::Open
        } else {
            State::Clean
        }),
        Err(e) => Err(e).with_context(|| format!("failed to read the journal {}", p.display())),
    }
}

/// A path the journal can hold: one line, relative, inside the work tree.
pub fn check_path(rel: &Path) -> Result<()> {
    let text = rel.to_str().context("a record path must be UTF-8")?;
    if text.is_empty()
        || text.contains('\n')
        || rel.is_absolute()
        || rel
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        bail!("{text:?} is not a plain relative record path");
    }
    Ok(())
}

fn render(intent: &Intent) -> String {
    let mut s = format!("{HEADER}\nstate intent\nref {}\n", intent.reference);
    match intent.parent {
        Some(p) => s.push_str(&format!("parent {p}\n")),
        None => s.push_str("parent none\n"),
    }
    s.push_str(&format!("commit {}\n", intent.commit));
    for p in &intent.paths {
        s.push_str(&format!("path {}\n", p.display()));
    }
    s.push_str("end\n");
    s
}

/// Anything but a whole intent reads as `Open`: a torn or foreign journal
/// cannot name a commit to finish, so it is treated as one that never got
/// that far.
fn parse(text: &str) -> State {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) || lines.next() != Some("state intent") {
        return State::Open;
    }
    let (mut reference, mut parent, mut commit, mut paths) = (None, None, None, Vec::new());
    for line in lines {
        let (key, value) = line.split_once(' ').unwrap_or((line, ""));
        match key {
            "ref" => reference = Some(value.to_owned()),
            "parent" if value == "none" => parent = Some(None),
            "parent" => match value.parse() {
                Ok(oid) => parent = Some(Some(oid)),
                Err(_) => return State::Open,
            },
            "commit" => match value.parse() {
                Ok(oid) => commit = Some(oid),
                Err(_) => return State::Open,
            },
            "path" => paths.push(PathBuf::from(value)),
            "end" => {
                return match (reference, parent, commit) {
                    (Some(reference), Some(parent), Some(commit)) => State::Intent(Intent {
                        reference,
                        parent,
                        commit,
                        paths,
                    }),
                    _ => State::Open,
                };
            }
            _ => return State::Open,
        }
    }
    State::Open
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intent() -> Intent {
        Intent {
            reference: "refs/heads/main".into(),
            parent: Some("3fa9000000000000000000000000000000000001".parse().unwrap()),
            commit: "3fa9000000000000000000000000000000000002".parse().unwrap(),
            paths: vec![
                "tickets/2026-11/T-20261120-0001.toml".into(),
                "a b/c".into(),
            ],
        }
    }

    #[test]
    fn an_intent_reads_back_and_a_torn_one_reads_as_open() {
        let text = render(&intent());
        assert_eq!(parse(&text), State::Intent(intent()));
        let first = Intent {
            parent: None,
            ..intent()
        };
        assert_eq!(parse(&render(&first)), State::Intent(first));
        for cut in 0..text.len() - 1 {
            assert_eq!(parse(&text[..cut]), State::Open, "cut at {cut}");
        }
        assert_eq!(
            parse("ops-journal 1\nstate open\npid 7\nend\n"),
            State::Open
        );
    }

    #[test]
    fn only_plain_relative_paths_are_journaled() {
        check_path(Path::new("inspect/host/web01/2026/11/x.json")).unwrap();
        for bad in ["", "/etc/passwd", "../x", "a/../b", "a\nb", "./a"] {
            assert!(check_path(Path::new(bad)).is_err(), "{bad:?}");
        }
    }
}
