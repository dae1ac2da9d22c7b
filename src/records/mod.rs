//! The records repository: the only code that writes to it.
//!
//! Every command that produces evidence writes plain files here and commits
//! them. A writer holds an exclusive lock (`.git/ops.lock`) from its first
//! write to its commit, so cron and an engineer running at once are
//! serialised rather than interleaved. What a transaction writes is held in
//! memory and committed in an order that a SIGKILL at any instant cannot
//! break (see [`git`]): a killed writer leaves either nothing visible or a
//! committed record, and the next `ops` to start repairs the rest under the
//! writer lock ([`Records::recover`]).
//!
//! What a record holds and where it lives belongs to the module that owns
//! its kind (`inspect::record`, `ticket::store`, `backup::record`,
//! `runbook::record`, `device_config::record`, `report::record`; see docs/records.md).
//! This module gives them the means: [`layout`] (run ids, safe path
//! components, reading a file without following links), [`versioned`]
//! (reading a JSON record of a known schema), [`history`] (which commits
//! touched a directory) and the [`Transaction`] every writer goes through.
//! It is the only module that touches git.

mod git;
pub mod history;
mod journal;
pub mod layout;
mod legacy;
pub mod sync;
pub mod versioned;

use anyhow::{Context, Result};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The name of the configuration file that marks a records repository.
pub const CONFIG_FILE: &str = "ops.toml";
pub const INVENTORY_FILE: &str = "inventory.toml";

#[derive(Debug, Clone)]
pub struct Records {
    root: PathBuf,
}

impl Records {
    /// Find the records repository: `explicit` (from `--records` or
    /// `OPS_RECORDS`) must be one; otherwise the nearest enclosing directory of
    /// the working directory that holds both `.git` and `ops.toml`, if any.
    pub fn locate(explicit: Option<&Path>) -> Result<Option<Records>> {
        if let Some(dir) = explicit {
            if !dir.join(".git").exists() || !dir.join(CONFIG_FILE).is_file() {
                return Err(crate::bad_input!(
                    "no records repository at {} (it needs .git and {CONFIG_FILE}); create one with `ops init {}`",
                    dir.display(),
                    dir.display()
                ));
            }
            return Ok(Some(Records::at(dir)));
        }
        let cwd = std::env::current_dir().context("failed to read the current directory")?;
        Ok(cwd
            .ancestors()
            .find(|d| d.join(".git").exists() && d.join(CONFIG_FILE).is_file())
            .map(Records::at))
    }

    pub fn at(root: &Path) -> Records {
        let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Records { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.root.join(rel)
    }

    /// The commit HEAD points at, None before the first commit.
    pub fn head(&self) -> Option<String> {
        let repo = git2::Repository::open(&self.root).ok()?;
        let id = repo.head().ok()?.target()?;
        Some(id.to_string())
    }

    fn git_dir(&self) -> PathBuf {
        self.root.join(".git")
    }

    /// Repair what an interrupted writer left (finish its commit, clear stale
    /// git locks and temporaries); the warnings to show, one per repair.
    /// Costs a few `stat`s when there is nothing to do, so every command
    /// calls it at start, readers too: `ticket list` then shows exactly the
    /// committed tickets.
    pub fn recover(&self) -> Result<Vec<String>> {
        if !git::needs_repair(&self.git_dir()) {
            return Ok(Vec::new());
        }
        let _lock = self.lock()?;
        git::repair(&self.root, SystemTime::now())
    }

    /// Run `f` under the writer lock; the files it writes through the
    /// [`Transaction`] are committed together with the message it returns.
    /// Nothing is written when `f` fails or writes nothing that changed.
    pub fn transaction<T>(
        &self,
        f: impl FnOnce(&mut Transaction) -> Result<(T, String)>,
    ) -> Result<Committed<T>> {
        let _lock = self.lock()?;
        let locked_at = SystemTime::now();
        if git::needs_repair(&self.git_dir()) {
            for warning in git::repair(&self.root, locked_at)? {
                eprintln!("warning: {warning}");
            }
        }
        let mut tx = Transaction {
            root: self.root.clone(),
            changes: Vec::new(),
            modes: Vec::new(),
        };
        let (value, message) = f(&mut tx)?;
        let commit = if tx.changes.is_empty() {
            None
        } else {
            git::commit(&self.root, &tx.changes, &message)?
        };
        for (rel, mode) in &tx.modes {
            use std::os::unix::fs::PermissionsExt;
            let path = self.root.join(rel);
            fs::set_permissions(&path, fs::Permissions::from_mode(*mode))
                .with_context(|| format!("failed to set the mode of {}", path.display()))?;
        }
        Ok(Committed {
            value,
            commit: commit.map(|c| c.to_string()),
            files: tx.changes.into_iter().map(|(p, _)| p).collect(),
        })
    }

    /// The exclusive writer lock, held until the guard is dropped.
    fn lock(&self) -> Result<File> {
        let path = self.git_dir().join("ops.lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("failed to open the writer lock {}", path.display()))?;
        file.lock()
            .with_context(|| format!("failed to take the writer lock {}", path.display()))?;
        Ok(file)
    }
}

/// What a transaction produced: the closure's value, the commit (None when
/// nothing changed) and the files written, relative to the repository.
#[derive(Debug)]
pub struct Committed<T> {
    pub value: T,
    pub commit: Option<String>,
    pub files: Vec<PathBuf>,
}

/// Writes made under the writer lock, committed together.
///
/// Nothing touches the disk until the transaction ends: the files are kept
/// in memory and [`git::commit`] stores them as git objects, commits, and
/// only then puts them into the work tree. A writer killed while `f` runs
/// leaves nothing at all; readers see the repository as it was until the
/// commit exists.
pub struct Transaction {
    root: PathBuf,
    /// In the order first touched: new content, or None for a removal.
    changes: Vec<git::Change>,
    /// Permission bits asked for by [`Transaction::write_with_mode`].
    modes: Vec<(PathBuf, u32)>,
}

impl Transaction {
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Write `bytes` at `rel` (relative to the repository); the file appears,
    /// whole and committed, when the transaction ends.
    pub fn write(&mut self, rel: impl AsRef<Path>, bytes: &[u8]) -> Result<()> {
        self.stage(rel.as_ref(), Some(bytes.to_vec()))
    }

    /// [`Transaction::write`] with the file's permission bits set to `mode`
    /// whatever the umask (device configurations are written 0600). Git keeps
    /// no such mode: it holds for this work tree, and a rewrite keeps it.
    pub fn write_with_mode(
        &mut self,
        rel: impl AsRef<Path>,
        bytes: &[u8],
        mode: u32,
    ) -> Result<()> {
        let rel = rel.as_ref();
        self.stage(rel, Some(bytes.to_vec()))?;
        self.modes.retain(|(p, _)| p != rel);
        self.modes.push((rel.to_path_buf(), mode));
        Ok(())
    }

    fn stage(&mut self, rel: &Path, content: Option<Vec<u8>>) -> Result<()> {
        journal::check_path(rel)
            .with_context(|| format!("refused to write {} into the records", rel.display()))?;
        match self.changes.iter_mut().find(|(p, _)| p == rel) {
            Some(change) => change.1 = content,
            None => self.changes.push((rel.to_path_buf(), content)),
        }
        Ok(())
    }

    /// Whether `rel` exists, as this transaction leaves it.
    pub fn exists(&self, rel: impl AsRef<Path>) -> bool {
        let rel = rel.as_ref();
        match self.changes.iter().find(|(p, _)| p == rel) {
            Some((_, content)) => content.is_some(),
            None => self.root.join(rel).exists(),
        }
    }

    /// Create `rel` only if it does not exist yet; false when it already did.
    /// With the writer lock held this makes allocation of names race-free.
    pub fn create_new(&mut self, rel: impl AsRef<Path>, bytes: &[u8]) -> Result<bool> {
        let rel = rel.as_ref();
        if self.exists(rel) {
            return Ok(false);
        }
        self.write(rel, bytes)?;
        Ok(true)
    }

    /// Create the first free numbered file in `dir` (relative): number `n`
    /// is named `name(n)` and holds `content(n)`, starting one past the
    /// highest number an existing name there spells (`number_of`, which also
    /// says which names count). The number and the path made.
    ///
    /// This is how record ids (`T-…-0001`, `C-…-0001`) are allocated: with
    /// the writer lock held, the first candidate is free, so two processes
    /// are never given the same id however close together they run; the loop
    /// only steps over a file someone made by hand with a higher number than
    /// the names around it suggest.
    pub fn create_numbered(
        &mut self,
        dir: &Path,
        number_of: impl Fn(&str) -> Option<u32>,
        name: impl Fn(u32) -> String,
        content: impl Fn(u32) -> Vec<u8>,
    ) -> Result<(u32, PathBuf)> {
        let highest = layout::sorted_names(&self.root.join(dir))
            .iter()
            .filter_map(|n| number_of(n))
            .max()
            .unwrap_or(0);
        let mut n = highest + 1;
        loop {
            let rel = dir.join(name(n));
            if self.create_new(&rel, &content(n))? {
                return Ok((n, rel));
            }
            n += 1;
        }
    }

    /// Remove `rel`; the file goes, and its removal is committed, when the
    /// transaction ends.
    pub fn remove(&mut self, rel: impl AsRef<Path>) -> Result<()> {
        let rel = rel.as_ref();
        if !self.exists(rel) {
            return Err(crate::bad_input!(
                "cannot remove {}: no such record",
                self.root.join(rel).display()
            ));
        }
        self.stage(rel, None)
    }
}

/// Create a records repository at `dir` with the given starter files.
pub fn init(dir: &Path, files: &[(&str, &str)]) -> Result<Records> {
    fs::create_dir_all(dir).with_context(|| format!("failed to create {}", dir.display()))?;
    if dir.join(CONFIG_FILE).exists() {
        return Err(crate::bad_input!(
            "{} already holds a records repository ({CONFIG_FILE} exists)",
            dir.display()
        ));
    }
    if !dir.join(".git").exists() {
        git::init_repository(dir)?;
    }
    let records = Records::at(dir);
    records.transaction(|tx| {
        for (name, content) in files {
            tx.write(name, content.as_bytes())?;
        }
        Ok(((), "init: records repository".to_string()))
    })?;
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transaction_replaces_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        git::init_repository(dir.path()).unwrap();
        let records = Records::at(dir.path());
        for content in ["one", "two"] {
            records
                .transaction(|tx| {
                    tx.write("a/b/record.json", content.as_bytes())?;
                    Ok(((), format!("write {content}")))
                })
                .unwrap();
        }
        let path = records.path("a/b/record.json");
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("record.json")]);
    }

    /// A repository with one committed record, `a/old.json`.
    fn repository() -> (tempfile::TempDir, Records) {
        let dir = tempfile::tempdir().unwrap();
        git::init_repository(dir.path()).unwrap();
        let records = Records::at(dir.path());
        records
            .transaction(|tx| {
                tx.write("a/old.json", b"old")?;
                tx.write("a/gone.json", b"gone")?;
                Ok(((), "first".to_string()))
            })
            .unwrap();
        (dir, records)
    }

    /// What `git status --porcelain --untracked-files=all` would print.
    fn status(records: &Records) -> Vec<String> {
        let repo = git2::Repository::open(records.root()).unwrap();
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(true).recurse_untracked_dirs(true);
        let statuses = repo.statuses(Some(&mut opts)).unwrap();
        statuses
            .iter()
            .map(|e| format!("{:?} {}", e.status(), e.path().unwrap_or("?")))
            .filter(|line| !line.ends_with(" .git/ops.lock"))
            .collect()
    }

    fn head_files(records: &Records) -> Vec<String> {
        let repo = git2::Repository::open(records.root()).unwrap();
        let tree = repo.head().unwrap().peel_to_tree().unwrap();
        let mut names = Vec::new();
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                names.push(format!("{dir}{}", entry.name().unwrap()));
            }
            git2::TreeWalkResult::Ok
        })
        .unwrap();
        names
    }

    #[test]
    fn a_writer_killed_at_any_step_is_rolled_back_or_finished_by_the_next() {
        use git::Step;
        for step in [
            Step::Objects,
            Step::Intent,
            Step::WorkTree,
            Step::Index,
            Step::Reference,
        ] {
            let (_dir, records) = repository();
            let git_dir = records.git_dir();
            let changes = vec![
                (PathBuf::from("b/new.json"), Some(b"new".to_vec())),
                (PathBuf::from("a/old.json"), Some(b"changed".to_vec())),
                (PathBuf::from("a/gone.json"), None),
            ];
            git::commit_through(records.root(), &changes, "second", step).unwrap();
            // What a kill in the middle of the next step leaves as well.
            fs::write(git_dir.join("objects/tmp_object_git2_Xy12ab"), b"half").unwrap();
            if step >= Step::Intent {
                fs::write(records.path("a/.old.json.ops-tmp"), b"cha").unwrap();
            }
            fs::write(git_dir.join("index.lock"), b"").unwrap();
            assert!(git::needs_repair(&git_dir));

            let warnings = records.recover().unwrap();
            let finished = step >= Step::Intent;
            assert_eq!(status(&records), Vec::<String>::new(), "after {step:?}");
            let expected = if finished {
                vec!["a/old.json", "b/new.json"]
            } else {
                vec!["a/gone.json", "a/old.json"]
            };
            assert_eq!(head_files(&records), expected, "after {step:?}");
            let old = fs::read(records.path("a/old.json")).unwrap();
            assert_eq!(old, if finished { &b"changed"[..] } else { b"old" });
            assert_eq!(records.path("b/new.json").exists(), finished);
            assert_eq!(records.path("a/gone.json").exists(), !finished);
            assert!(!records.path("a/.old.json.ops-tmp").exists());
            assert!(!git_dir.join("objects/tmp_object_git2_Xy12ab").exists());
            assert!(!git_dir.join("index.lock").exists());
            assert!(!journal::present(&git_dir));
            assert!(!git::needs_repair(&git_dir), "after {step:?}");
            let said = warnings.join("\n");
            assert!(said.contains("index.lock"), "{said}");
            let expected = match step {
                Step::Objects => "nothing of it was recorded",
                Step::Reference => "removed the stale git lock",
                _ => "finished recording commit",
            };
            assert!(said.contains(expected), "after {step:?}: {said}");
            // And the next writer carries on from there.
            records
                .transaction(|tx| {
                    tx.write("c/next.json", b"next")?;
                    Ok(((), "third".to_string()))
                })
                .unwrap();
            assert_eq!(status(&records), Vec::<String>::new());
        }
    }

    #[test]
    fn a_sync_killed_at_any_step_of_taking_in_a_merge_is_rolled_back_or_finished() {
        use git::Step;
        for step in [
            Step::Objects,
            Step::Intent,
            Step::WorkTree,
            Step::Index,
            Step::Reference,
        ] {
            let (_dir, records) = repository();
            let repo = git2::Repository::open(records.root()).unwrap();
            let ours = repo.head().unwrap().peel_to_commit().unwrap();
            // A merge commit of ours and another side's commit, as a sync makes it.
            let sig = git2::Signature::now("p", "p@example.com").unwrap();
            let mut update = git2::build::TreeUpdateBuilder::new();
            let blob = repo.blob(b"theirs").unwrap();
            update.upsert("b/theirs.json", blob, git2::FileMode::Blob);
            let tree = update.create_updated(&repo, &ours.tree().unwrap()).unwrap();
            let tree = repo.find_tree(tree).unwrap();
            let theirs = repo
                .commit(None, &sig, &sig, "theirs", &tree, &[&ours])
                .unwrap();
            let theirs = repo.find_commit(theirs).unwrap();
            let merge = repo
                .commit(None, &sig, &sig, "sync: merge", &tree, &[&ours, &theirs])
                .unwrap();
            let changes = vec![(PathBuf::from("b/theirs.json"), Some(b"theirs".to_vec()))];
            git::advance_to_through(records.root(), merge, &changes, "sync: merge", step).unwrap();

            records.recover().unwrap();
            let finished = step >= Step::Intent;
            let head = repo.head().unwrap().target().unwrap();
            assert_eq!(head == merge, finished, "after {step:?}");
            assert_eq!(head == ours.id(), !finished, "after {step:?}");
            assert_eq!(records.path("b/theirs.json").exists(), finished);
            assert_eq!(status(&records), Vec::<String>::new(), "after {step:?}");
            assert!(!git::needs_repair(&records.git_dir()), "after {step:?}");
        }
    }

    #[test]
    fn a_lost_commit_whose_branch_moved_on_has_its_files_set_aside() {
        let (_dir, records) = repository();
        let changes = vec![(PathBuf::from("b/new.json"), Some(b"new".to_vec()))];
        git::commit_through(records.root(), &changes, "lost", git::Step::WorkTree).unwrap();
        // A person commits something else before any ops runs again.
        let repo = git2::Repository::open(records.root()).unwrap();
        let head = repo.head().unwrap().peel_to_commit().unwrap();
        let sig = git2::Signature::now("p", "p@example.com").unwrap();
        repo.commit(
            Some("HEAD"),
            &sig,
            &sig,
            "by hand",
            &head.tree().unwrap(),
            &[&head],
        )
        .unwrap();

        let warnings = records.recover().unwrap().join("\n");
        assert!(warnings.contains("has moved on without it"), "{warnings}");
        assert!(warnings.contains("set aside b/new.json"), "{warnings}");
        assert_eq!(status(&records), Vec::<String>::new());
        assert!(!records.path("b/new.json").exists());
        let aside = fs::read_dir(records.git_dir().join("ops/orphans"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
            .join("b/new.json");
        assert_eq!(fs::read(aside).unwrap(), b"new");
    }

    #[test]
    fn nothing_to_repair_takes_no_lock_and_says_nothing() {
        let (_dir, records) = repository();
        assert!(!git::needs_repair(&records.git_dir()));
        assert_eq!(records.recover().unwrap(), Vec::<String>::new());
    }

    #[test]
    fn what_writers_before_the_journal_left_is_repaired_once() {
        let (_dir, records) = repository();
        let repo = git2::Repository::open(records.root()).unwrap();
        // Committed but out of the index, once with and once without its file.
        let mut index = repo.index().unwrap();
        index.remove_path(Path::new("a/old.json")).unwrap();
        index.remove_path(Path::new("a/gone.json")).unwrap();
        index.write().unwrap();
        fs::remove_file(records.path("a/gone.json")).unwrap();
        // Renamed into place, never committed; a temporary; a person's file.
        fs::create_dir_all(records.path("tickets/2026-11")).unwrap();
        fs::write(records.path("tickets/2026-11/T-20261120-0001.toml"), "id").unwrap();
        fs::write(
            records.path("tickets/2026-11/.T-20261120-0002.toml.tmp-4711"),
            "i",
        )
        .unwrap();
        fs::write(records.path("notes.txt"), "mine").unwrap();
        fs::remove_file(records.git_dir().join("ops/legacy-checked")).unwrap();
        assert!(git::needs_repair(&records.git_dir()));

        let warnings = records.recover().unwrap().join("\n");
        for said in [
            "put a/old.json back into the git index",
            "put a/gone.json back into the git index",
            "removed tickets/2026-11/.T-20261120-0002.toml.tmp-4711",
            "committed tickets/2026-11/T-20261120-0001.toml",
        ] {
            assert!(warnings.contains(said), "{said} in {warnings}");
        }
        assert!(!warnings.contains("notes.txt"), "{warnings}");
        assert_eq!(
            status(&records),
            vec!["Status(WT_NEW) notes.txt".to_string()]
        );
        assert_eq!(
            head_files(&records),
            [
                "a/gone.json",
                "a/old.json",
                "tickets/2026-11/T-20261120-0001.toml"
            ]
        );
        assert_eq!(fs::read(records.path("a/gone.json")).unwrap(), b"gone");
        assert!(!git::needs_repair(&records.git_dir()));
    }
}
