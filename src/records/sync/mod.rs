//! `ops sync`: fetch the records repository's remote, integrate what other
//! jump hosts recorded, and push, without a force push and without a manual
//! merge for records that merge by their content.
//!
//! ```toml
//! [records]
//! remote = "ops@records.example:/srv/git/records.git"   # or a path, file://, ssh://
//! branch = "main"             # default: the branch the repository is on
//! sync = "after-write"        # every writing command syncs after its commit
//! ```
//!
//! One sync, repeated up to [`ATTEMPTS`] times while another jump host pushes
//! in between:
//!
//! 1. fetch the remote branch into `refs/remotes/ops-sync/<branch>`;
//! 2. under the writer lock, integrate: nothing to do when the local branch
//!    already holds the remote commit; a fast-forward when it is behind; else
//!    a merge commit with both parents. Files changed on one side only merge
//!    as git merges them; a file changed on both sides is handed to the
//!    caller's [`FileMerge`] (tickets and changes merge by their events); any
//!    other conflict stops the sync naming the file, and nothing local
//!    changes. The result is applied through the same journal as every
//!    commit ([`super::git::advance_to`]), so a kill cannot leave it half-done;
//! 3. push, compare-and-swap on the remote commit fetched: rejected when the
//!    remote moved meanwhile, and then the whole round is made again.
//!
//! A push that cannot be made leaves the local commits as they are: the error
//! is a [`crate::exit::NotPushed`] (exit 75).

mod renumber;
mod transport;

use super::Records;
use super::git;
use crate::config::Config;
use anyhow::{Context, Result, anyhow};
use git2::{Oid, Repository};
use renumber::renumber_collisions;
pub use renumber::{Renumber, Renumbered};
use serde::Deserialize;
use std::cell::RefCell;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;
use transport::Transport;
#[cfg(test)]
use transport::push_local;

/// How many rounds of fetch, integrate and push one sync makes before it
/// gives up on a remote that keeps moving.
pub const ATTEMPTS: u32 = 5;

/// The merge of one file changed on both sides: `None` when the file is not
/// of a kind that merges by content (the sync then stops), else the merged
/// bytes or why they cannot be merged. Arguments: the path (relative), the
/// common ancestor's bytes (None when both sides created the file), ours,
/// theirs.
pub type FileMerge<'a> =
    &'a dyn Fn(&Path, Option<&[u8]>, &[u8], &[u8]) -> Option<Result<Vec<u8>, String>>;

/// `[records]` of ops.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RecordsSettings {
    /// Where `ops sync` fetches from and pushes to: a path, `file://`,
    /// `ssh://[user@]host[:port]/path` or `[user@]host:path`.
    pub remote: Option<String>,
    /// The branch of the remote; default: the branch the repository is on.
    pub branch: Option<String>,
    /// `after-write`: every command that commits a record syncs after it.
    pub sync: Option<SyncWhen>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SyncWhen {
    /// Only when `ops sync` is run.
    Manual,
    /// After every command that committed something.
    AfterWrite,
}

impl RecordsSettings {
    /// `[records]` of ops.toml, empty when absent; a remote that is not one
    /// this version can reach is refused here (bad input).
    pub fn from_config(config: &Config) -> Result<RecordsSettings> {
        let settings: RecordsSettings = config.section("records")?;
        if let Some(url) = &settings.remote {
            Remote::parse(url).map_err(|e| config.error_at_key("records", &["remote"], &e))?;
        }
        if let Some(branch) = &settings.branch
            && (branch.is_empty() || branch.starts_with('-') || branch.contains(['/', ' ', ':']))
        {
            return Err(config.error_at_key(
                "records",
                &["branch"],
                &format!("branch {branch:?} is not a plain branch name"),
            ));
        }
        if settings.sync == Some(SyncWhen::AfterWrite) && settings.remote.is_none() {
            return Err(config.error_at_key(
                "records",
                &["sync"],
                "sync = \"after-write\" needs a remote (remote = \"...\")",
            ));
        }
        Ok(settings)
    }

    pub fn after_write(&self) -> bool {
        self.sync == Some(SyncWhen::AfterWrite)
    }
}

/// Where the records are synced to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remote {
    /// A repository on this machine (or a mounted share).
    Local(PathBuf),
    /// A repository reached over SSH: authenticated by the SSH agent, the
    /// host checked against known_hosts.
    Ssh {
        url: String,
        host: String,
        port: u16,
        user: Option<String>,
    },
}

impl Remote {
    pub fn parse(url: &str) -> Result<Remote, String> {
        if let Some(path) = url.strip_prefix("file://") {
            return Ok(Remote::Local(PathBuf::from(path)));
        }
        if let Some(rest) = url.strip_prefix("ssh://") {
            let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
            if path.is_empty() {
                return Err(format!("remote {url:?} names no repository path"));
            }
            let (user, hostport) = match authority.rsplit_once('@') {
                Some((u, h)) => (Some(u.to_owned()), h),
                None => (None, authority),
            };
            let (host, port) = match hostport.rsplit_once(':') {
                Some((h, p)) if !h.contains(']') || h.ends_with(']') => (
                    h.trim_start_matches('[').trim_end_matches(']'),
                    p.parse::<u16>()
                        .map_err(|_| format!("remote {url:?}: {p:?} is not a port"))?,
                ),
                _ => (hostport, 22),
            };
            if host.is_empty() {
                return Err(format!("remote {url:?} names no host"));
            }
            return Ok(Remote::Ssh {
                url: url.to_owned(),
                host: host.to_owned(),
                port,
                user,
            });
        }
        if url.contains("://") {
            return Err(format!(
                "remote {url:?}: only a path, file://, ssh:// or user@host:path is supported"
            ));
        }
        // scp-like `[user@]host:path`: a colon before any slash.
        if let Some((before, path)) = url.split_once(':')
            && !before.contains('/')
            && !before.is_empty()
        {
            if path.is_empty() {
                return Err(format!("remote {url:?} names no repository path"));
            }
            let (user, host) = match before.rsplit_once('@') {
                Some((u, h)) => (Some(u.to_owned()), h),
                None => (None, before),
            };
            return Ok(Remote::Ssh {
                url: url.to_owned(),
                host: host.to_owned(),
                port: 22,
                user,
            });
        }
        if url.is_empty() {
            return Err("remote is empty".into());
        }
        Ok(Remote::Local(PathBuf::from(url)))
    }
}

/// What a sync needs besides the repository.
pub struct SyncOptions<'a> {
    pub remote: &'a str,
    /// None: the branch the repository is on.
    pub branch: Option<&'a str>,
    /// The known_hosts file an SSH remote is checked against.
    pub known_hosts: PathBuf,
    pub merge: FileMerge<'a>,
    pub renumber: Renumber<'a>,
}

/// What a sync did.
#[derive(Debug, Clone, Default)]
pub struct Synced {
    /// The local commit after the sync.
    pub head: String,
    /// The branch of the remote.
    pub branch: String,
    /// Commits of the remote were taken in (fast-forward or merge).
    pub received: bool,
    /// The merge commit made, if any.
    pub merge: Option<String>,
    /// Files changed on both sides and merged by their content.
    pub merged_files: Vec<PathBuf>,
    /// Our records renumbered because the remote had another under their
    /// id: (old id, new id).
    pub renumbered: Vec<(String, String)>,
    /// The remote now holds the local commit (false: it already did).
    pub pushed: bool,
    /// Rounds made (more than one when another jump host pushed in between).
    pub attempts: u32,
}

/// Why one round did not end the sync.
enum Round {
    /// The remote moved between fetch and push: make the round again.
    Rejected(String),
}

impl Records {
    /// Fetch, integrate and push (see the module's documentation).
    pub fn sync(&self, opts: &SyncOptions) -> Result<Synced> {
        let remote = Remote::parse(opts.remote).map_err(|e| crate::bad_input!("{e}"))?;
        let remote = match remote {
            Remote::Local(p) if p.is_relative() => Remote::Local(self.root().join(p)),
            r => r,
        };
        // One sync at a time per repository; writers are not held up by it
        // except while it integrates.
        let _sync_lock = self.sync_lock()?;
        let repo =
            Repository::open(self.root()).context("failed to open the records repository")?;
        let local_ref = git::head_branch(&repo)?;
        let branch = match opts.branch {
            Some(b) => b.to_owned(),
            None => local_ref
                .strip_prefix("refs/heads/")
                .map(str::to_owned)
                .ok_or_else(|| {
                    crate::bad_input!(
                        "the records repository is not on a branch; set [records] branch in ops.toml"
                    )
                })?,
        };
        let transport = Transport {
            remote: &remote,
            url: opts.remote,
            known_hosts: &opts.known_hosts,
            refused: RefCell::new(None),
        };
        let mut synced = Synced {
            branch: branch.clone(),
            ..Synced::default()
        };
        let mut last_rejection = String::new();
        for attempt in 1..=ATTEMPTS {
            synced.attempts = attempt;
            let theirs = transport
                .fetch(&repo, &branch)
                .map_err(|e| not_pushed(&repo, e))?;
            let integrated = {
                let _lock = self.lock()?;
                if git::needs_repair(&self.git_dir()) {
                    for warning in git::repair(self.root(), std::time::SystemTime::now())? {
                        eprintln!("warning: {warning}");
                    }
                }
                integrate(&repo, self.root(), theirs, opts)?
            };
            if integrated.received {
                synced.received = true;
            }
            synced.renumbered.extend(integrated.renumbered);
            if integrated.merge.is_some() {
                synced.merge = integrated.merge.map(|o| o.to_string());
                synced.merged_files = integrated.merged_files;
            }
            synced.head = integrated.head.to_string();
            if theirs == Some(integrated.head) {
                return Ok(synced);
            }
            match transport.push(&repo, &local_ref, &branch, integrated.head, theirs) {
                Ok(Ok(())) => {
                    synced.pushed = true;
                    return Ok(synced);
                }
                Ok(Err(Round::Rejected(why))) => {
                    last_rejection = why;
                    std::thread::sleep(Duration::from_millis(100 * u64::from(attempt)));
                }
                Err(e) => return Err(not_pushed(&repo, e)),
            }
        }
        Err(not_pushed(
            &repo,
            anyhow!(
                "the remote branch {branch} kept moving: {ATTEMPTS} pushes were rejected (last: {last_rejection})"
            ),
        ))
    }

    /// The lock that keeps two syncs of one repository apart.
    fn sync_lock(&self) -> Result<File> {
        let path = self.git_dir().join("ops-sync.lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("failed to open the sync lock {}", path.display()))?;
        file.lock()
            .with_context(|| format!("failed to take the sync lock {}", path.display()))?;
        Ok(file)
    }
}

/// The error of a sync that could not push: the local records stay committed.
fn not_pushed(repo: &Repository, e: anyhow::Error) -> anyhow::Error {
    let head = repo
        .head()
        .ok()
        .and_then(|h| h.target())
        .map(|o| o.to_string()[..12].to_owned())
        .unwrap_or_default();
    anyhow::Error::new(crate::exit::NotPushed(format!(
        "{e:#}\nthe records are committed locally (at {head}) and not pushed; run `ops sync` again later"
    )))
}

/// What integrating the remote commit left.
struct Integrated {
    head: Oid,
    received: bool,
    merge: Option<Oid>,
    merged_files: Vec<PathBuf>,
    renumbered: Vec<(String, String)>,
}

/// Bring the remote commit `theirs` into the local branch (under the writer lock).
fn integrate(
    repo: &Repository,
    root: &Path,
    theirs: Option<Oid>,
    opts: &SyncOptions,
) -> Result<Integrated> {
    let merge = &opts.merge;
    let ours = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .context("the records repository has no commit yet")?;
    let unchanged = Integrated {
        head: ours.id(),
        received: false,
        merge: None,
        merged_files: Vec::new(),
        renumbered: Vec::new(),
    };
    let Some(theirs) = theirs else {
        return Ok(unchanged);
    };
    if theirs == ours.id() || repo.graph_descendant_of(ours.id(), theirs)? {
        return Ok(unchanged);
    }
    let their_commit = repo
        .find_commit(theirs)
        .context("the fetched remote commit is missing")?;
    if repo.graph_descendant_of(theirs, ours.id())? {
        let changes = tree_changes(repo, &ours.tree()?, &their_commit.tree()?)?;
        check_clean(repo, root, &ours.tree()?, &changes)?;
        git::advance_to(root, theirs, &changes, "sync: fast-forward")?;
        return Ok(Integrated {
            head: theirs,
            received: true,
            merge: None,
            merged_files: Vec::new(),
            renumbered: Vec::new(),
        });
    }
    let (ours, renumbered) = renumber_collisions(repo, root, ours, &their_commit, opts.renumber)?;
    let mut merge_opts = git2::MergeOptions::new();
    merge_opts.find_renames(false);
    let mut index = repo
        .merge_commits(&ours, &their_commit, Some(&merge_opts))
        .context("failed to merge the remote commit")?;
    let mut merged_files = Vec::new();
    if index.has_conflicts() {
        let conflicts: Vec<git2::IndexConflict> = index
            .conflicts()?
            .collect::<std::result::Result<_, _>>()
            .context("failed to read the merge conflicts")?;
        for conflict in conflicts {
            let entry = conflict
                .our
                .as_ref()
                .or(conflict.their.as_ref())
                .or(conflict.ancestor.as_ref())
                .context("a merge conflict without entries")?;
            let rel = PathBuf::from(String::from_utf8_lossy(&entry.path).into_owned());
            let refuse = |why: &str| {
                anyhow!(
                    "cannot sync: {} was changed here and on the remote and {why}; nothing was \
                     changed locally (merge it by hand: `git fetch`, `git merge`, then `ops sync`)",
                    rel.display()
                )
            };
            let (Some(our), Some(their)) = (&conflict.our, &conflict.their) else {
                return Err(refuse("one side removed it"));
            };
            let blob = |id: Oid| -> Result<Vec<u8>> { Ok(repo.find_blob(id)?.content().to_vec()) };
            let base = match &conflict.ancestor {
                Some(a) => Some(blob(a.id)?),
                None => None,
            };
            let merged = match merge(&rel, base.as_deref(), &blob(our.id)?, &blob(their.id)?) {
                None => return Err(refuse("it is not a record that merges by its events")),
                Some(Err(why)) => return Err(refuse(&format!("cannot be merged: {why}"))),
                Some(Ok(bytes)) => bytes,
            };
            let id = repo.blob(&merged)?;
            index.conflict_remove(&rel)?;
            let resolved = git2::IndexEntry {
                ctime: our.ctime,
                mtime: our.mtime,
                dev: our.dev,
                ino: our.ino,
                mode: our.mode,
                uid: our.uid,
                gid: our.gid,
                file_size: merged.len() as u32,
                id,
                // Stage 0: resolved.
                flags: our.flags & !0x3000,
                flags_extended: our.flags_extended,
                path: our.path.clone(),
            };
            index.add(&resolved)?;
            merged_files.push(rel);
        }
    }
    let tree_id = index
        .write_tree_to(repo)
        .context("failed to write the merged tree")?;
    let tree = repo.find_tree(tree_id)?;
    let message = if merged_files.is_empty() {
        "sync: merge the remote's records".to_owned()
    } else {
        let names: Vec<String> = merged_files
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        format!(
            "sync: merge the remote's records\n\nmerged by their events: {}\n",
            names.join(", ")
        )
    };
    let signature = git::signature(repo)?;
    let commit = repo
        .commit(
            None,
            &signature,
            &signature,
            &message,
            &tree,
            &[&ours, &their_commit],
        )
        .context("failed to make the merge commit")?;
    let changes = tree_changes(repo, &ours.tree()?, &tree)?;
    check_clean(repo, root, &ours.tree()?, &changes)?;
    git::advance_to(root, commit, &changes, &message)?;
    Ok(Integrated {
        head: commit,
        received: true,
        merge: Some(commit),
        merged_files,
        renumbered,
    })
}

/// The files that differ between two trees, as the second has them.
fn tree_changes(repo: &Repository, from: &git2::Tree, to: &git2::Tree) -> Result<Vec<git::Change>> {
    let diff = repo.diff_tree_to_tree(Some(from), Some(to), None)?;
    let mut changes = Vec::new();
    for delta in diff.deltas() {
        let new = delta.new_file();
        let path = new
            .path()
            .or_else(|| delta.old_file().path())
            .context("a changed file without a path")?
            .to_path_buf();
        let content = match delta.status() {
            git2::Delta::Deleted => None,
            _ => Some(repo.find_blob(new.id())?.content().to_vec()),
        };
        changes.push((path, content));
    }
    Ok(changes)
}

/// Refuse to overwrite a file of the work tree that holds something not
/// committed (a hand edit in progress).
fn check_clean(
    repo: &Repository,
    root: &Path,
    tree: &git2::Tree,
    changes: &[git::Change],
) -> Result<()> {
    let _ = repo;
    for (rel, _) in changes {
        let committed = tree.get_path(rel).ok().map(|e| e.id());
        let path = root.join(rel);
        let on_disk = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => Some(Oid::hash_file(git2::ObjectType::Blob, &path)?),
            Ok(_) => Some(Oid::zero()),
            Err(_) => None,
        };
        if on_disk != committed {
            return Err(anyhow!(
                "cannot sync: {} has changes that are not committed, and the remote changed it \
                 too; commit or undo them first (nothing was changed)",
                rel.display()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A commit on HEAD of `repo` adding `name`.
    fn commit(repo: &Repository, name: &str) -> Oid {
        let sig = git2::Signature::now("p", "p@example.com").unwrap();
        let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let mut update = git2::build::TreeUpdateBuilder::new();
        update.upsert(
            name,
            repo.blob(name.as_bytes()).unwrap(),
            git2::FileMode::Blob,
        );
        let base = match &parent {
            Some(p) => p.tree().unwrap(),
            None => repo
                .find_tree(repo.treebuilder(None).unwrap().write().unwrap())
                .unwrap(),
        };
        let tree = repo
            .find_tree(update.create_updated(repo, &base).unwrap())
            .unwrap();
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, name, &tree, &parents)
            .unwrap()
    }

    #[test]
    fn a_local_push_moves_the_branch_only_from_the_commit_fetched() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path().join("here")).unwrap();
        let dest = Repository::init_bare(dir.path().join("remote.git")).unwrap();
        let first = commit(&repo, "a.json");
        let refname = "refs/heads/main";
        assert!(
            push_local(&repo, dest.path(), refname, first, None)
                .unwrap()
                .is_ok()
        );
        assert_eq!(dest.refname_to_id(refname).unwrap(), first);
        // Pushed again as if the remote were still empty: refused, not forced.
        let second = commit(&repo, "b.json");
        let stale = push_local(&repo, dest.path(), refname, second, None).unwrap();
        assert!(matches!(stale, Err(Round::Rejected(_))));
        // Someone else moved the remote meanwhile: refused too.
        let third = commit(&repo, "c.json");
        let moved = push_local(&repo, dest.path(), refname, third, Some(second)).unwrap();
        assert!(matches!(moved, Err(Round::Rejected(_))));
        assert_eq!(dest.refname_to_id(refname).unwrap(), first);
        // From the commit it holds: moved, with every object.
        assert!(
            push_local(&repo, dest.path(), refname, third, Some(first))
                .unwrap()
                .is_ok()
        );
        assert_eq!(dest.refname_to_id(refname).unwrap(), third);
        let tree = dest.find_commit(third).unwrap().tree().unwrap();
        assert!(tree.get_path(Path::new("b.json")).is_ok());
    }

    #[test]
    fn remotes_are_told_apart() {
        assert_eq!(
            Remote::parse("/srv/records.git"),
            Ok(Remote::Local("/srv/records.git".into()))
        );
        assert_eq!(
            Remote::parse("file:///srv/records.git"),
            Ok(Remote::Local("/srv/records.git".into()))
        );
        assert_eq!(
            Remote::parse("ops@git.example:records.git"),
            Ok(Remote::Ssh {
                url: "ops@git.example:records.git".into(),
                host: "git.example".into(),
                port: 22,
                user: Some("ops".into())
            })
        );
        assert_eq!(
            Remote::parse("ssh://git.example:2222/srv/records.git"),
            Ok(Remote::Ssh {
                url: "ssh://git.example:2222/srv/records.git".into(),
                host: "git.example".into(),
                port: 2222,
                user: None
            })
        );
        assert!(Remote::parse("https://git.example/records.git").is_err());
        assert!(Remote::parse("ssh://git.example").is_err());
    }
}
