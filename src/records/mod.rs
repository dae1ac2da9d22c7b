//! The records repository: the only code that writes to it.
//!
//! Every command that produces evidence writes plain files here and commits
//! them. A writer holds an exclusive lock (`.git/ops.lock`) from its first
//! write to its commit, so cron and an engineer running at once are
//! serialised rather than interleaved; each file is replaced atomically, so a
//! killed writer leaves either the old file or the new one.

mod git;
pub mod layout;

use anyhow::{Context, Result};
use std::fs::{self, File};
use std::path::{Path, PathBuf};

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

    /// Run `f` under the writer lock; the files it writes through the
    /// [`Transaction`] are committed together with the message it returns.
    /// Nothing is committed when `f` fails or writes nothing that changed.
    pub fn transaction<T>(
        &self,
        f: impl FnOnce(&mut Transaction) -> Result<(T, String)>,
    ) -> Result<Committed<T>> {
        let _lock = self.lock()?;
        let mut tx = Transaction {
            root: self.root.clone(),
            touched: Vec::new(),
            staged: Vec::new(),
        };
        let (value, message) = f(&mut tx)?;
        tx.publish()?;
        let commit = if tx.touched.is_empty() {
            None
        } else {
            git::commit_paths(&self.root, &tx.touched, &message)?
        };
        Ok(Committed {
            value,
            commit: commit.map(|c| c.to_string()),
            files: std::mem::take(&mut tx.touched),
        })
    }

    /// The exclusive writer lock, held until the guard is dropped.
    fn lock(&self) -> Result<File> {
        let path = self.root.join(".git").join("ops.lock");
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
/// Files are staged as temporary files and renamed into place together when
/// the transaction ends: one `syncfs` makes all their data durable before the
/// renames and one more makes the renames durable, instead of two fsyncs per
/// file (which cost seconds for a 500-target run). A killed writer leaves
/// only dot-named temporary files, which readers and git ignore.
pub struct Transaction {
    root: PathBuf,
    touched: Vec<PathBuf>,
    /// (temporary file, final path), both absolute.
    staged: Vec<(PathBuf, PathBuf)>,
}

impl Transaction {
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Write `bytes` at `rel` (relative to the repository); the file appears,
    /// whole, when the transaction ends.
    pub fn write(&mut self, rel: impl AsRef<Path>, bytes: &[u8]) -> Result<()> {
        self.write_file(rel.as_ref(), bytes, None)
    }

    /// [`Transaction::write`] with the file's permission bits set to `mode`
    /// whatever the umask (device configurations are written 0600).
    pub fn write_with_mode(
        &mut self,
        rel: impl AsRef<Path>,
        bytes: &[u8],
        mode: u32,
    ) -> Result<()> {
        self.write_file(rel.as_ref(), bytes, Some(mode))
    }

    fn write_file(&mut self, rel: &Path, bytes: &[u8], mode: Option<u32>) -> Result<()> {
        let path = self.root.join(rel);
        let dir = path.parent().context("a record path needs a directory")?;
        fs::create_dir_all(dir)
            .with_context(|| format!("failed to create directory {}", dir.display()))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("record");
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        fs::write(&tmp, bytes).with_context(|| format!("failed to write {}", path.display()))?;
        if let Some(mode) = mode {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&tmp, fs::Permissions::from_mode(mode))
                .with_context(|| format!("failed to write {}", path.display()))?;
        }
        self.staged.retain(|(_, p)| *p != path);
        self.staged.push((tmp, path));
        self.touched.push(rel.to_path_buf());
        Ok(())
    }

    /// Whether `rel` exists or is written by this transaction.
    pub fn exists(&self, rel: impl AsRef<Path>) -> bool {
        let path = self.root.join(rel.as_ref());
        path.exists() || self.staged.iter().any(|(_, p)| *p == path)
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

    /// Make the staged files durable, then move them into place durably.
    fn publish(&mut self) -> Result<()> {
        if self.staged.is_empty() {
            return Ok(());
        }
        sync_filesystem(&self.root)?;
        for (tmp, path) in std::mem::take(&mut self.staged) {
            fs::rename(&tmp, &path)
                .with_context(|| format!("failed to move {} into place", path.display()))?;
        }
        sync_filesystem(&self.root)
    }

    /// Remove `rel`; its removal is committed.
    pub fn remove(&mut self, rel: impl AsRef<Path>) -> Result<()> {
        let rel = rel.as_ref();
        let path = self.root.join(rel);
        fs::remove_file(&path).with_context(|| format!("failed to remove {}", path.display()))?;
        self.touched.push(rel.to_path_buf());
        Ok(())
    }
}

impl Drop for Transaction {
    /// A transaction that failed before publishing leaves nothing behind.
    fn drop(&mut self) {
        for (tmp, _) in &self.staged {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// Flush every dirty page of the filesystem holding `dir` (one call for any
/// number of files).
fn sync_filesystem(dir: &Path) -> Result<()> {
    let handle = File::open(dir).with_context(|| format!("failed to open {}", dir.display()))?;
    // SAFETY: syncfs(2) on a descriptor we own for the duration of the call.
    let rc = unsafe { libc::syncfs(std::os::fd::AsRawFd::as_raw_fd(&handle)) };
    if rc != 0 {
        return Err(std::io::Error::last_os_error())
            .with_context(|| format!("failed to sync {}", dir.display()));
    }
    Ok(())
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
}
