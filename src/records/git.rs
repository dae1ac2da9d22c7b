//! The git side of the records repository: commit what a transaction wrote
//! in an order that survives a SIGKILL at any instant, and repair what an
//! interrupted writer left. libgit2, so that a jump host needs no git binary.
//!
//! A commit is made in this order (see [`super::journal`]):
//!
//! 1. journal `open`; blobs, trees and the commit object are written to the
//!    object database (content-addressed: a kill leaves them dangling,
//!    harmless, and `git gc` drops them);
//! 2. journal `intent` (the commit, its parent, the paths), then `syncfs`;
//! 3. the files are written into the work tree (temporary `.NAME.ops-tmp`,
//!    rename), then their index entries are refreshed;
//! 4. the branch is moved to the commit, compare-and-swap on the parent;
//!    `syncfs`;
//! 5. the journal is removed.
//!
//! A kill before 2 leaves nothing visible; from 2 on the commit exists and
//! [`repair`], which every `ops` runs at start, rolls it forward, so every
//! `ops` command sees either nothing or the committed record. The branch
//! moves last so that what a person's git sees in between is harmless: new
//! files untracked or staged, never a committed record missing from the
//! index (which a `git commit -a` would commit as deleted).
//!
//! The tree is HEAD's tree with only the touched paths replaced, so the cost
//! follows the size of the change, not of the history: after a year of daily
//! runs of 500 targets the index holds 180,000 entries, and recomputing the
//! tree from it took seconds.

use super::journal::{self, Intent, State};
use super::legacy;
use anyhow::{Context, Result, bail};
use git2::{Oid, Repository, Signature};
use std::borrow::Cow;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// Lock files an interrupted git writer leaves behind, besides the one of
/// the branch HEAD names (`refs/heads/main.lock`).
const GIT_LOCKS: &[&str] = &["index.lock", "HEAD.lock", "packed-refs.lock"];

/// How long a git lock that may be a person's running git command is given
/// to go away before it is taken for stale.
const LOCK_GRACE: Duration = Duration::from_secs(2);

/// One file of a commit: new content, or None to remove it.
pub type Change = (PathBuf, Option<Vec<u8>>);

/// How far [`commit_through`] goes; every step before the last is what a
/// writer killed at that point leaves behind (for the recovery tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// Journal open, objects written.
    Objects,
    /// Intent journaled and synced.
    Intent,
    /// Files in the work tree, index not yet written.
    WorkTree,
    /// Index written, branch not yet moved.
    Index,
    /// Branch moved and synced, journal still there.
    Reference,
    /// Journal removed.
    Done,
}

/// Commit `changes` on HEAD and bring their work-tree files and index entries
/// up to date. Returns the commit id, or None when nothing changed (and then
/// nothing is written).
pub fn commit(root: &Path, changes: &[Change], message: &str) -> Result<Option<Oid>> {
    commit_through(root, changes, message, Step::Done)
}

pub fn commit_through(
    root: &Path,
    changes: &[Change],
    message: &str,
    last: Step,
) -> Result<Option<Oid>> {
    let trace = Trace::new();
    let repo = open(root)?;
    let git_dir = repo.path().to_path_buf();
    trace.lap("begin");
    journal::open(&git_dir)?;
    // Until the intent is journaled a failure leaves nothing visible: close
    // the journal so that the next run has nothing to repair.
    let abandon = |e: anyhow::Error| {
        let _ = journal::close(&git_dir);
        e
    };
    let intent = write_objects(&repo, changes, message).map_err(abandon)?;
    // An unchanged tree makes no commit, but the files are still put in
    // place: a record deleted by hand from the work tree comes back.
    let changed = intent.parent != Some(intent.commit);
    let made = changed.then_some(intent.commit);
    trace.lap("objects written");
    if last == Step::Objects {
        return Ok(made);
    }
    journal::record_intent(&git_dir, &intent).map_err(abandon)?;
    sync_filesystem(&git_dir).map_err(abandon)?;
    trace.lap("intent synced");
    if last == Step::Intent {
        return Ok(made);
    }
    // From here on a failure leaves the journal for the next run to finish.
    let contents: Vec<(&Path, Option<Cow<[u8]>>)> = changes
        .iter()
        .map(|(p, c)| (p.as_path(), c.as_deref().map(Cow::Borrowed)))
        .collect();
    write_work_tree(root, &contents)?;
    trace.lap("work tree written");
    if last == Step::WorkTree {
        return Ok(made);
    }
    refresh_index(&repo, &contents)?;
    trace.lap("index written");
    if last == Step::Index {
        return Ok(made);
    }
    if changed {
        advance(&repo, &intent, message)?;
    }
    sync_filesystem(&git_dir)?;
    trace.lap("branch moved and synced");
    if last == Step::Reference {
        return Ok(made);
    }
    journal::close(&git_dir)?;
    trace.lap("done");
    Ok(made)
}

/// Move HEAD's branch to `target`, a commit already in the object database
/// whose tree differs from HEAD's by `changes` (a fast-forward or a merge
/// made by `ops sync`), through the same journal as [`commit`]: a kill at
/// any instant leaves either the old branch or the new one, with its files.
pub fn advance_to(root: &Path, target: Oid, changes: &[Change], message: &str) -> Result<()> {
    advance_to_through(root, target, changes, message, Step::Done)
}

/// [`advance_to`] stopped after `last` (for the recovery tests; `Objects`
/// stops with the journal open, the objects being there already).
pub fn advance_to_through(
    root: &Path,
    target: Oid,
    changes: &[Change],
    message: &str,
    last: Step,
) -> Result<()> {
    let repo = open(root)?;
    let git_dir = repo.path().to_path_buf();
    let parent = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .context("failed to read HEAD of the records repository")?
        .id();
    let intent = Intent {
        reference: head_reference(&repo)?,
        parent: Some(parent),
        commit: target,
        paths: changes.iter().map(|(p, _)| p.clone()).collect(),
    };
    journal::open(&git_dir)?;
    if last == Step::Objects {
        return Ok(());
    }
    journal::record_intent(&git_dir, &intent).inspect_err(|_| {
        let _ = journal::close(&git_dir);
    })?;
    sync_filesystem(&git_dir)?;
    if last == Step::Intent {
        return Ok(());
    }
    let contents: Vec<(&Path, Option<Cow<[u8]>>)> = changes
        .iter()
        .map(|(p, c)| (p.as_path(), c.as_deref().map(Cow::Borrowed)))
        .collect();
    write_work_tree(root, &contents)?;
    if last == Step::WorkTree {
        return Ok(());
    }
    refresh_index(&repo, &contents)?;
    if last == Step::Index {
        return Ok(());
    }
    advance(&repo, &intent, message)?;
    sync_filesystem(&git_dir)?;
    if last == Step::Reference {
        return Ok(());
    }
    journal::close(&git_dir)?;
    Ok(())
}

/// The branch HEAD names (`refs/heads/main`), or `HEAD` when detached.
pub fn head_branch(repo: &Repository) -> Result<String> {
    head_reference(repo)
}

fn open(root: &Path) -> Result<Repository> {
    Repository::open(root).with_context(|| {
        format!(
            "failed to open the records repository at {}",
            root.display()
        )
    })
}

/// Blobs, trees and the commit object, and the intent that names them. When
/// the tree would not change no commit is made and the intent's commit is
/// the parent itself.
fn write_objects(repo: &Repository, changes: &[Change], message: &str) -> Result<Intent> {
    let reference = head_reference(repo)?;
    let parent = match repo.head() {
        Ok(head) => Some(head.peel_to_commit().context("HEAD is not a commit")?),
        Err(e) if e.code() == git2::ErrorCode::UnbornBranch => None,
        Err(e) => return Err(e).context("failed to read HEAD of the records repository"),
    };
    let mut update = git2::build::TreeUpdateBuilder::new();
    for (path, content) in changes {
        match content {
            Some(bytes) => {
                let blob = repo
                    .blob(bytes)
                    .with_context(|| format!("failed to store {}", path.display()))?;
                update.upsert(path, blob, git2::FileMode::Blob);
            }
            None => {
                update.remove(path);
            }
        }
    }
    let base = match &parent {
        Some(p) => p.tree()?,
        None => repo.find_tree(repo.treebuilder(None)?.write()?)?,
    };
    let tree_id = update
        .create_updated(repo, &base)
        .context("failed to write the git tree")?;
    let commit = match &parent {
        Some(p) if p.tree_id() == tree_id => p.id(),
        _ => {
            let tree = repo.find_tree(tree_id)?;
            let signature = signature(repo)?;
            let parents: Vec<&git2::Commit> = parent.iter().collect();
            repo.commit(None, &signature, &signature, message, &tree, &parents)
                .context("failed to commit to the records repository")?
        }
    };
    Ok(Intent {
        reference,
        parent: parent.map(|p| p.id()),
        commit,
        paths: changes.iter().map(|(p, _)| p.clone()).collect(),
    })
}

/// The reference a commit moves: the branch HEAD names, or HEAD itself when
/// detached.
fn head_reference(repo: &Repository) -> Result<String> {
    let head = repo
        .find_reference("HEAD")
        .context("the records repository has no HEAD")?;
    Ok(head.symbolic_target().unwrap_or("HEAD").to_owned())
}

/// Move the branch from the intent's parent to its commit, refusing if
/// someone else moved it in between.
fn advance(repo: &Repository, intent: &Intent, message: &str) -> Result<()> {
    let subject = message.lines().next().unwrap_or("");
    let log = match intent.parent {
        Some(_) => format!("commit: {subject}"),
        None => format!("commit (initial): {subject}"),
    };
    let moved = match intent.parent {
        Some(parent) => {
            repo.reference_matching(&intent.reference, intent.commit, true, parent, &log)
        }
        None => repo.reference(&intent.reference, intent.commit, false, &log),
    };
    moved.with_context(|| format!("failed to move {} to the new commit", intent.reference))?;
    Ok(())
}

/// File contents for the work tree: bytes, or None to remove the file.
type Contents<'a> = [(&'a Path, Option<Cow<'a, [u8]>>)];

/// Put `contents` into the work tree, each file replaced atomically.
fn write_work_tree(root: &Path, contents: &Contents) -> Result<()> {
    for (rel, content) in contents {
        let path = root.join(rel);
        match content {
            Some(bytes) => replace_file(&path, bytes)?,
            None => match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("failed to remove {}", path.display()));
                }
            },
        }
    }
    Ok(())
}

/// Refresh the index entries of `contents` from the work tree, so that
/// `git status` stays clean.
fn refresh_index(repo: &Repository, contents: &Contents) -> Result<()> {
    let mut index = repo.index().context("failed to read the git index")?;
    for (rel, content) in contents {
        if content.is_some() {
            index
                .add_path(rel)
                .with_context(|| format!("failed to stage {}", rel.display()))?;
        } else {
            let _ = index.remove_path(rel);
        }
    }
    index.write().context("failed to write the git index")
}

/// The temporary a file is written under before it is renamed into place:
/// a dot file (readers and `ticket list` skip those) with a fixed name, so
/// that recovery finds it without listing the directory.
pub fn temporary_for(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "record".into());
    path.with_file_name(format!(".{name}.ops-tmp"))
}

fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().context("a record path needs a directory")?;
    fs::create_dir_all(dir)
        .with_context(|| format!("failed to create directory {}", dir.display()))?;
    let tmp = temporary_for(path);
    fs::write(&tmp, bytes).with_context(|| format!("failed to write {}", path.display()))?;
    // A rewrite keeps the mode the record had (a private device configuration
    // stays 0600 through every later commit and every repair).
    if let Ok(old) = fs::metadata(path) {
        fs::set_permissions(&tmp, old.permissions())
            .with_context(|| format!("failed to write {}", path.display()))?;
    }
    fs::rename(&tmp, path).with_context(|| format!("failed to move {} into place", path.display()))
}

/// Whether an interrupted writer may have left something to repair: a
/// journal, a git lock file, or a repository not yet checked for what writers
/// before the journal left ([`legacy`]). A few `stat`s, no walk of the tree, so it can
/// run at every start.
pub fn needs_repair(git_dir: &Path) -> bool {
    journal::present(git_dir)
        || lock_files(git_dir).iter().any(|p| p.exists())
        || !legacy::checked(git_dir)
}

/// Repair what an interrupted writer left; call with the writer lock held,
/// taken at `locked_at`. Returns warnings for the user, one per repair.
pub fn repair(root: &Path, locked_at: SystemTime) -> Result<Vec<String>> {
    let repo = open(root)?;
    let git_dir = repo.path().to_path_buf();
    let state = journal::read(&git_dir)?;
    let mut warnings = clear_stale_locks(&git_dir, state != State::Clean, locked_at)?;
    match &state {
        State::Clean => {}
        State::Open => {
            warnings.push(
                "an interrupted run of ops had not committed anything yet: nothing of it was \
                 recorded; removed its temporary files"
                    .into(),
            );
        }
        State::Intent(intent) => warnings.extend(finish(&repo, root, intent)?),
    }
    if state != State::Clean {
        remove_object_temporaries(&git_dir);
        journal::close(&git_dir)?;
    }
    if !legacy::checked(&git_dir) {
        let repaired = legacy::repair(&repo, root)?;
        warnings.extend(repaired.warnings);
        if let Some(orphans) = repaired.orphans {
            let changes: Vec<Change> = orphans
                .files
                .into_iter()
                .map(|(rel, bytes)| (rel, Some(bytes)))
                .collect();
            commit(root, &changes, &orphans.message)?;
        }
        legacy::mark(&git_dir)?;
    }
    Ok(warnings)
}

/// Roll an interrupted commit forward: if the branch still points at the
/// parent, write the files and index entries and move it; if it already
/// holds the commit, make the work tree and index match HEAD for the paths.
/// If someone else moved the branch in between, set aside the files only the
/// lost commit has.
fn finish(repo: &Repository, root: &Path, intent: &Intent) -> Result<Vec<String>> {
    let current = repo
        .find_reference(&intent.reference)
        .ok()
        .and_then(|r| r.target());
    let short = intent.commit.to_string()[..10].to_owned();
    let holds_commit = current == Some(intent.commit)
        || current.is_some_and(|c| repo.graph_descendant_of(c, intent.commit).unwrap_or(false));
    if holds_commit {
        let head_tree = repo.head()?.peel_to_tree()?;
        let contents = tree_contents(repo, &head_tree, &intent.paths)?;
        write_work_tree(root, &contents)?;
        refresh_index(repo, &contents)?;
        sync_filesystem(repo.path())?;
        return Ok(Vec::new());
    }
    if current == intent.parent {
        let (message, tree) = match complete_commit(repo, intent) {
            Ok(found) => found,
            // Possible only when a power loss took objects that were not yet
            // on disk; the work tree is written only after they were synced,
            // so nothing of this commit was ever visible.
            Err(e) => {
                return Ok(vec![format!(
                    "an interrupted run of ops left an unusable commit {short} ({e:#}): nothing \
                     of it was recorded"
                )]);
            }
        };
        let contents = tree_contents(repo, &tree, &intent.paths)?;
        write_work_tree(root, &contents)?;
        refresh_index(repo, &contents)?;
        advance(repo, intent, &message)?;
        sync_filesystem(repo.path())?;
        return Ok(vec![format!(
            "finished recording commit {short} ({}) of an interrupted run of ops",
            message.lines().next().unwrap_or("")
        )]);
    }
    let head_tree = repo
        .head()
        .and_then(|h| h.peel_to_tree())
        .context("failed to read HEAD of the records repository")?;
    // Someone committed in between, typically a `git commit -a` that took
    // the files as they were; only what that commit lacks needs a word.
    let ours = repo.find_commit(intent.commit).and_then(|c| c.tree()).ok();
    let id_in = |tree: Option<&git2::Tree>, rel: &Path| {
        tree.and_then(|t| t.get_path(rel).ok()).map(|e| e.id())
    };
    let missing: Vec<&PathBuf> = intent
        .paths
        .iter()
        .filter(|rel| id_in(Some(&head_tree), rel) != id_in(ours.as_ref(), rel))
        .collect();
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    let mut warnings = vec![format!(
        "an interrupted run of ops made commit {short}, but {} has moved on without it; \
         `git cherry-pick {short}` applies it",
        intent.reference
    )];
    let aside_dir = journal::ops_dir(repo.path()).join("orphans").join(&short);
    let mut restore = Vec::new();
    for rel in missing {
        let in_ours = id_in(ours.as_ref(), rel);
        let path = root.join(rel);
        let in_work = path
            .is_file()
            .then(|| Oid::hash_file(git2::ObjectType::Blob, &path).ok())
            .flatten();
        if in_work.is_none() || in_work != in_ours {
            continue;
        }
        let aside = aside_dir.join(rel);
        if let Some(dir) = aside.parent() {
            fs::create_dir_all(dir)
                .with_context(|| format!("failed to create {}", dir.display()))?;
        }
        fs::rename(&path, &aside)
            .with_context(|| format!("failed to set aside {}", path.display()))?;
        warnings.push(format!(
            "set aside {} (written by that run, never committed) as {}",
            rel.display(),
            aside.display()
        ));
        restore.push(rel.clone());
    }
    let contents = tree_contents(repo, &head_tree, &restore)?;
    write_work_tree(root, &contents)?;
    refresh_index(repo, &contents)?;
    Ok(warnings)
}

/// What `paths` hold in `tree`: their content, or None where it has none.
fn tree_contents<'a>(
    repo: &Repository,
    tree: &git2::Tree,
    paths: &'a [PathBuf],
) -> Result<Vec<(&'a Path, Option<Cow<'static, [u8]>>)>> {
    paths
        .iter()
        .map(|rel| {
            let content = match tree.get_path(rel) {
                Ok(entry) => Some(Cow::Owned(repo.find_blob(entry.id())?.content().to_vec())),
                Err(_) => None,
            };
            Ok((rel.as_path(), content))
        })
        .collect()
}

/// The commit's message and tree, when it and every blob it adds are in the
/// object database.
fn complete_commit<'r>(repo: &'r Repository, intent: &Intent) -> Result<(String, git2::Tree<'r>)> {
    let commit = repo.find_commit(intent.commit)?;
    let tree = commit.tree()?;
    for rel in &intent.paths {
        if let Ok(entry) = tree.get_path(rel) {
            repo.find_blob(entry.id())
                .with_context(|| format!("the blob of {} is missing", rel.display()))?;
        }
    }
    Ok((commit.message().unwrap_or("").to_owned(), tree))
}

/// libgit2 writes each object under `objects/tmp_object_git2_*` and renames
/// it; a kill in between leaves the temporary. Only called when the journal
/// says a writer of ours was interrupted.
fn remove_object_temporaries(git_dir: &Path) {
    let objects = git_dir.join("objects");
    for entry in fs::read_dir(&objects).into_iter().flatten().flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with("tmp_object_git2_")
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The git lock files a writer of ours can leave: the fixed ones and the one
/// of the branch HEAD names (read from `.git/HEAD` directly: this runs at
/// every start).
fn lock_files(git_dir: &Path) -> Vec<PathBuf> {
    let mut locks: Vec<PathBuf> = GIT_LOCKS.iter().map(|n| git_dir.join(n)).collect();
    if let Ok(head) = fs::read_to_string(git_dir.join("HEAD"))
        && let Some(target) = head.trim().strip_prefix("ref: ")
        && journal::check_path(Path::new(target)).is_ok()
    {
        locks.push(git_dir.join(format!("{target}.lock")));
    }
    locks
}

/// Remove git lock files no live `ops` holds. Every `ops` takes git locks
/// only while it holds the writer lock, which we now hold: a lock older than
/// that moment is left by a dead writer or belongs to a person's git. When
/// the journal shows an interrupted writer of ours, or the lock is older than
/// [`LOCK_GRACE`], it is stale at once; otherwise a running git command gets
/// [`LOCK_GRACE`] to finish.
fn clear_stale_locks(
    git_dir: &Path,
    interrupted: bool,
    locked_at: SystemTime,
) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    for lock in lock_files(git_dir) {
        let Ok(meta) = fs::metadata(&lock) else {
            continue;
        };
        let made = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        let age = SystemTime::now().duration_since(made).unwrap_or_default();
        let stale = (interrupted && made <= locked_at) || age >= LOCK_GRACE;
        if !stale {
            let waited = Instant::now();
            while lock.exists() && waited.elapsed() < LOCK_GRACE {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        match fs::remove_file(&lock) {
            Ok(()) => warnings.push(format!(
                "removed the stale git lock {} (no running ops held it; an interrupted run left it)",
                lock.display()
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| {
                    format!(
                        "failed to remove the stale git lock {} left by an interrupted run",
                        lock.display()
                    )
                });
            }
        }
    }
    Ok(warnings)
}

/// The committer: git's configured identity (user.name, user.email), else
/// the login running `ops` as `login <login@host>`.
pub fn signature(repo: &Repository) -> Result<Signature<'static>> {
    if let Ok(sig) = repo.signature() {
        return Ok(sig.to_owned());
    }
    let login = crate::login::login_name();
    Ok(Signature::now(&login, &crate::login::login_at_host())?)
}

/// Flush every dirty page of the filesystem holding `dir` (one call for any
/// number of files): what was written before is durable before what follows.
pub fn sync_filesystem(dir: &Path) -> Result<()> {
    let handle = File::open(dir).with_context(|| format!("failed to open {}", dir.display()))?;
    // SAFETY: syncfs(2) on a descriptor we own for the duration of the call.
    let rc = unsafe { libc::syncfs(std::os::fd::AsRawFd::as_raw_fd(&handle)) };
    if rc != 0 {
        return Err(std::io::Error::last_os_error())
            .with_context(|| format!("failed to sync {}", dir.display()));
    }
    Ok(())
}

/// `OPS_TRACE_COMMIT=1`: each step of a commit on stderr, with its time.
struct Trace(Option<Instant>);

impl Trace {
    fn new() -> Trace {
        Trace(std::env::var_os("OPS_TRACE_COMMIT").map(|_| Instant::now()))
    }

    fn lap(&self, what: &str) {
        if let Some(t0) = self.0 {
            eprintln!("commit: {what} at {:?}", t0.elapsed());
        }
    }
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
