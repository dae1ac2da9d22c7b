//! The git side of the records repository: stage the files a command wrote
//! and commit them, with libgit2 so that a jump host needs no git binary.

use anyhow::{Context, Result, bail};
use git2::{Repository, Signature};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Lock files that an interrupted git writer leaves behind. They are only
/// cleared while `ops` holds its own writer lock, so another `ops` process
/// cannot be the one holding them.
const GIT_LOCKS: &[&str] = &["index.lock", "HEAD.lock"];

/// Commit `paths` (relative to the work tree; a path that no longer exists is
/// committed as removed) on HEAD, and bring the index entries of those paths
/// up to date so that `git status` stays clean. Returns the commit id, or
/// None when nothing changed.
///
/// The tree is HEAD's tree with only these paths replaced, so the cost
/// follows the size of the change, not of the history: after a year of daily
/// runs of 500 targets the index holds 180,000 entries, and recomputing the
/// tree from it took seconds.
pub fn commit_paths(root: &Path, paths: &[PathBuf], message: &str) -> Result<Option<git2::Oid>> {
    let trace = std::env::var_os("OPS_TRACE_COMMIT").is_some();
    let t0 = Instant::now();
    let lap = |what: &str| {
        if trace {
            eprintln!("commit: {what} at {:?}", t0.elapsed());
        }
    };
    let repo = Repository::open(root).with_context(|| {
        format!(
            "failed to open the records repository at {}",
            root.display()
        )
    })?;
    clear_stale_locks(repo.path())?;
    let parent = match repo.head() {
        Ok(head) => Some(head.peel_to_commit().context("HEAD is not a commit")?),
        Err(_) => None,
    };
    let mut update = git2::build::TreeUpdateBuilder::new();
    for path in paths {
        let full = root.join(path);
        if full.exists() {
            let blob = repo
                .blob_path(&full)
                .with_context(|| format!("failed to store {}", path.display()))?;
            update.upsert(path, blob, git2::FileMode::Blob);
        } else {
            update.remove(path);
        }
    }
    let base = match &parent {
        Some(p) => p.tree()?,
        None => repo.find_tree(repo.treebuilder(None)?.write()?)?,
    };
    let tree_id = update
        .create_updated(&repo, &base)
        .context("failed to write the git tree")?;
    lap("tree written");
    if parent.as_ref().is_some_and(|p| p.tree_id() == tree_id) {
        return Ok(None);
    }
    let tree = repo.find_tree(tree_id)?;
    let signature = signature(&repo)?;
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    let oid = repo
        .commit(
            Some("HEAD"),
            &signature,
            &signature,
            message,
            &tree,
            &parents,
        )
        .context("failed to commit to the records repository")?;
    lap("committed");
    let mut index = repo.index().context("failed to read the git index")?;
    for path in paths {
        if root.join(path).exists() {
            index
                .add_path(path)
                .with_context(|| format!("failed to stage {}", path.display()))?;
        } else {
            let _ = index.remove_path(path);
        }
    }
    index.write().context("failed to write the git index")?;
    lap("index written");
    Ok(Some(oid))
}

/// The committer: git's configured identity (user.name, user.email), else
/// the login running `ops` as `login <login@host>`.
fn signature(repo: &Repository) -> Result<Signature<'static>> {
    if let Ok(sig) = repo.signature() {
        return Ok(sig.to_owned());
    }
    let login = crate::login::login_name();
    Ok(Signature::now(&login, &crate::login::login_at_host())?)
}

fn clear_stale_locks(git_dir: &Path) -> Result<()> {
    for name in GIT_LOCKS {
        let lock = git_dir.join(name);
        if !lock.exists() {
            continue;
        }
        // A person's git command may hold it for a moment; give it time.
        let waited = Instant::now();
        while lock.exists() && waited.elapsed() < Duration::from_secs(2) {
            std::thread::sleep(Duration::from_millis(50));
        }
        if lock.exists() {
            std::fs::remove_file(&lock).with_context(|| {
                format!(
                    "failed to remove the stale lock {} left by an interrupted run",
                    lock.display()
                )
            })?;
            eprintln!(
                "warning: removed stale {} left by an interrupted run",
                lock.display()
            );
        }
    }
    Ok(())
}

/// Create a repository at `dir` (which may already exist and be empty).
pub fn init_repository(dir: &Path) -> Result<()> {
    if dir.join(".git").exists() {
        bail!("{} is already a git repository", dir.display());
    }
    let mut opts = git2::RepositoryInitOptions::new();
    opts.initial_head("main");
    Repository::init_opts(dir, &opts)
        .with_context(|| format!("failed to create a git repository at {}", dir.display()))?;
    Ok(())
}
