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

/// Stage `paths` (relative to the work tree; a path that no longer exists is
/// staged as removed) and commit them on HEAD. Returns the commit id, or None
/// when the staged tree equals HEAD's (nothing changed).
pub fn commit_paths(root: &Path, paths: &[PathBuf], message: &str) -> Result<Option<git2::Oid>> {
    let repo = Repository::open(root).with_context(|| {
        format!(
            "failed to open the records repository at {}",
            root.display()
        )
    })?;
    clear_stale_locks(repo.path())?;
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
    let tree_id = index.write_tree().context("failed to write the git tree")?;
    let parent = match repo.head() {
        Ok(head) => Some(head.peel_to_commit().context("HEAD is not a commit")?),
        Err(_) => None,
    };
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
    Ok(Some(oid))
}

/// The committer: the repository's configured identity, or `ops` on this host.
fn signature(repo: &Repository) -> Result<Signature<'static>> {
    if let Ok(sig) = repo.signature() {
        return Ok(sig.to_owned());
    }
    let host = crate::target::local_hostname();
    Ok(Signature::now("ops", &format!("ops@{host}"))?)
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
