//! The history of the records repository, as readers ask for it: which
//! commits in a period touched the files under a directory (reports list the
//! device-configuration changes of their period). Only `records/` opens the
//! repository with git2; this is its read side.

use anyhow::Result;
use chrono::{DateTime, TimeZone, Utc};
use std::path::Path;

/// One commit that touched the directory asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathCommit {
    /// The commit time.
    pub at: DateTime<Utc>,
    /// The commit id, 40 hex digits.
    pub id: String,
    /// The first line of its message.
    pub summary: String,
    /// The files it added, changed or removed under the directory, sorted,
    /// relative to the repository.
    pub files: Vec<String>,
}

impl PathCommit {
    /// The first 10 hex digits of the id, as reports show it.
    pub fn short_id(&self) -> &str {
        &self.id[..self.id.len().min(10)]
    }
}

/// The commits reachable from HEAD whose commit time is in `[from, to)` and
/// that touch a file under `dir` (relative to the repository), oldest first
/// (ties by id). An empty repository has none.
pub fn commits_touching(
    root: &Path,
    dir: &Path,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<PathCommit>> {
    let repo = git2::Repository::open(root)?;
    let mut walk = repo.revwalk()?;
    if walk.push_head().is_err() {
        return Ok(Vec::new());
    }
    walk.set_sorting(git2::Sort::TIME)?;
    // A trailing slash: the directory's files, not a sibling `config.old`.
    let pathspec = format!("{}/", dir.display().to_string().trim_end_matches('/'));
    let mut out = Vec::new();
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        let at = Utc.timestamp_opt(commit.time().seconds(), 0).single();
        let Some(at) = at else { continue };
        if at >= to {
            continue;
        }
        if at < from {
            break;
        }
        let tree = commit.tree()?;
        let parent = commit.parents().next().map(|p| p.tree()).transpose()?;
        let mut opts = git2::DiffOptions::new();
        opts.pathspec(&pathspec);
        let diff = repo.diff_tree_to_tree(parent.as_ref(), Some(&tree), Some(&mut opts))?;
        let mut files: Vec<String> = diff
            .deltas()
            .filter_map(|d| d.new_file().path().or(d.old_file().path()))
            .map(|p| p.display().to_string())
            .collect();
        if files.is_empty() {
            continue;
        }
        files.sort();
        files.dedup();
        out.push(PathCommit {
            at,
            id: commit.id().to_string(),
            summary: commit.summary().unwrap_or("").to_string(),
            files,
        });
    }
    out.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    Ok(out)
}
