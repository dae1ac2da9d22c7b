//! The device-configuration record: where a device's configuration lives in
//! the records repository, reading the saved one back, and writing a new one.
//!
//! ```text
//! config/<device>.cfg
//! ```
//!
//! One file per device, rewritten in place, so `git log -- config/sw1.cfg`
//! is the device's configuration history and a commit's diff is the change;
//! `<device>` is the name made one path component by
//! [`slug`](crate::records::layout::slug). A file is rewritten only when
//! the cleaned configuration differs, and is written with the mode of
//! backups (`[backup] mode`, 0600 unless 0640): a configuration holds the
//! network's layout and ACLs even with its secrets removed. This module is
//! the only one that builds these paths; reports find configuration changes
//! under [`CONFIG_DIR`].

use super::read::DeviceRead;
use crate::check::Finding;
use crate::records::Transaction;
use crate::records::layout::{read_record, slug};
use anyhow::{Context, Result};
use serde::Serialize;
use std::fs::Permissions;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The directory of the records repository that holds configurations.
pub const CONFIG_DIR: &str = "config";

/// Where a device's configuration is kept in the records repository.
pub fn config_path(device: &str) -> PathBuf {
    Path::new(CONFIG_DIR).join(format!("{}.cfg", slug(device)))
}

/// What a backup does to a device's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// No configuration was saved for the device before.
    New,
    Changed,
    Unchanged,
    /// The device could not be read; its file is left as it was.
    Failed,
}

impl Change {
    /// How the configuration read compares with the one `saved` (None:
    /// nothing saved yet).
    pub fn of(saved: Option<&str>, read: &str) -> Change {
        match saved {
            None => Change::New,
            Some(saved) if saved == read => Change::Unchanged,
            Some(_) => Change::Changed,
        }
    }

    /// Whether the file is (re)written.
    pub fn is_written(self) -> bool {
        matches!(self, Change::New | Change::Changed)
    }

    /// The word for people (`new`, `changed`, `unchanged`, `-`).
    pub fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Changed => "changed",
            Change::Unchanged => "unchanged",
            Change::Failed => "-",
        }
    }
}

/// The configuration saved for `device` in the repository at `root`, if
/// there is one (a symbolic link in its place is never followed).
pub fn read_saved(root: &Path, device: &str) -> Option<String> {
    read_record(&root.join(config_path(device))).ok()
}

/// What backing up `reads` does to each device's file in the repository at
/// `root`: [`Change::Failed`] where no configuration was read.
pub fn changes(root: &Path, reads: &[DeviceRead]) -> Vec<Change> {
    reads
        .iter()
        .map(|r| match &r.config {
            Some(config) => Change::of(read_saved(root, &r.device).as_deref(), config),
            None => Change::Failed,
        })
        .collect()
}

/// Write the configurations that are new or changed, with permission bits
/// `mode`; the paths written. An unchanged file is given `mode` too: one
/// saved by an older ops with the umask's mode becomes private.
pub fn write(
    tx: &mut Transaction,
    reads: &[DeviceRead],
    changes: &[Change],
    mode: u32,
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (r, change) in reads.iter().zip(changes) {
        let Some(config) = &r.config else { continue };
        let path = config_path(&r.device);
        match change {
            Change::New | Change::Changed => {
                tx.write_with_mode(&path, config.as_bytes(), mode)?;
                written.push(path);
            }
            Change::Unchanged => {
                let path = tx.root().join(path);
                std::fs::set_permissions(&path, Permissions::from_mode(mode))
                    .with_context(|| format!("cannot set the mode of {}", path.display()))?;
            }
            Change::Failed => {}
        }
    }
    Ok(written)
}

/// Put first among each read configuration's findings what the backup did
/// with it (`config.backup`, ok, its path as the value).
pub fn add_backup_findings(reads: &mut [DeviceRead], changes: &[Change]) {
    for (r, change) in reads.iter_mut().zip(changes) {
        if r.config.is_none() {
            continue;
        }
        let path = config_path(&r.device).display().to_string();
        let message = match change {
            Change::New => format!("first backup, saved as {path}"),
            Change::Changed => format!("configuration changed, saved as {path}"),
            Change::Unchanged => format!("unchanged since the last backup ({path})"),
            Change::Failed => continue,
        };
        r.findings.insert(
            0,
            Finding::ok("config.backup", message).value(serde_json::json!(path)),
        );
    }
}

/// The commit message: `backup net: configuration changed on sw1, sw2;
/// first backup of sw3`, and the ticket when there is one.
pub fn commit_message(reads: &[DeviceRead], changes: &[Change], ticket: Option<&str>) -> String {
    let names = |want: Change| {
        reads
            .iter()
            .zip(changes)
            .filter(|(_, c)| **c == want)
            .map(|(r, _)| r.device.as_str())
            .collect::<Vec<_>>()
    };
    let mut parts = Vec::new();
    let changed = names(Change::Changed);
    if !changed.is_empty() {
        parts.push(format!("configuration changed on {}", changed.join(", ")));
    }
    let new = names(Change::New);
    if !new.is_empty() {
        parts.push(format!("first backup of {}", new.join(", ")));
    }
    let mut m = format!("backup net: {}", parts.join("; "));
    if let Some(t) = ticket {
        m.push_str(&format!(" (ticket {t})"));
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn read(device: &str, config: Option<&str>) -> DeviceRead {
        DeviceRead {
            device: device.into(),
            address: format!("ops@{device}:22"),
            duration: Duration::ZERO,
            config: config.map(str::to_string),
            findings: Vec::new(),
            error: None,
        }
    }

    #[test]
    fn one_path_component_per_device() {
        assert_eq!(config_path("sw-core1"), Path::new("config/sw-core1.cfg"));
        assert_eq!(
            config_path("ops@[::1]:2222"),
            Path::new("config/ops@___1__2222.cfg")
        );
        assert_eq!(config_path("../x"), Path::new("config/_.._x.cfg"));
    }

    #[test]
    fn changes_against_the_saved_files() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join(CONFIG_DIR)).unwrap();
        std::fs::write(root.path().join(config_path("same")), "end\n").unwrap();
        std::fs::write(root.path().join(config_path("edited")), "end\n").unwrap();
        let reads = [
            read("same", Some("end\n")),
            read("edited", Some("hostname x\nend\n")),
            read("fresh", Some("end\n")),
            read("down", None),
        ];
        let changes = changes(root.path(), &reads);
        assert_eq!(
            changes,
            [
                Change::Unchanged,
                Change::Changed,
                Change::New,
                Change::Failed
            ]
        );
        assert_eq!(
            commit_message(&reads, &changes, Some("T-20261122-0001")),
            "backup net: configuration changed on edited; first backup of fresh (ticket T-20261122-0001)"
        );
        let mut reads = reads;
        add_backup_findings(&mut reads, &changes);
        assert_eq!(
            reads[2].findings[0].message,
            "first backup, saved as config/fresh.cfg"
        );
        assert!(reads[3].findings.is_empty());
    }
}
