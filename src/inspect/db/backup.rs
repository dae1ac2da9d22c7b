//! The last good backup of a database, from `ops backup verify` records.
//!
//! TODO(integration): the backup branch provides
//! `crate::backup::record::{latest_verify_record, last_good_in}` over the same
//! layout; once it is on main, replace [`last_good`] with a call to it. Until
//! then this reads the documented layout itself (`backup/verify/<set>/
//! <time>.json`, schema 1, newest file name last) and only the fields it
//! needs, so it keeps working when the record grows.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::path::Path;

pub const VERIFY_DIR: &str = "backup/verify";

#[derive(Debug, Clone, PartialEq)]
pub enum BackupState {
    /// No verification record of this set.
    NoRecords,
    /// Records exist, none has a good backup; the latest run's status.
    NoneGood {
        latest_status: String,
        verified_at: DateTime<Utc>,
    },
    Good(LastGood),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LastGood {
    /// When the backup was made (its file's time).
    pub backup_time: DateTime<Utc>,
    pub path: String,
    pub verified_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct VerifyRecordView {
    schema: u32,
    set: String,
    finished: DateTime<Utc>,
    status: String,
    #[serde(default)]
    last_good: Option<SeenView>,
}

#[derive(Deserialize)]
struct SeenView {
    path: String,
    mtime: DateTime<Utc>,
}

/// A set name as one path component, as the backup records name their folders.
fn slug(name: &str) -> String {
    let s: String = name
        .trim_start_matches('/')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() { "_".into() } else { s }
}

/// The newest good backup of `set`, walking back from the newest record.
/// Unreadable records are skipped and returned with their paths.
pub fn last_good(records_root: &Path, set: &str) -> (BackupState, Vec<String>) {
    let dir = records_root.join(VERIFY_DIR).join(slug(set));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut damaged = Vec::new();
    let mut latest: Option<(String, DateTime<Utc>)> = None;
    for path in files.iter().rev() {
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<VerifyRecordView>(&t).map_err(|e| e.to_string()));
        let record = match parsed {
            Ok(r) if r.schema == 1 && r.set == set => r,
            Ok(_) => continue,
            Err(e) => {
                damaged.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        if latest.is_none() {
            latest = Some((record.status.clone(), record.finished));
        }
        if let Some(good) = record.last_good {
            return (
                BackupState::Good(LastGood {
                    backup_time: good.mtime,
                    path: good.path,
                    verified_at: record.finished,
                }),
                damaged,
            );
        }
    }
    match latest {
        Some((latest_status, verified_at)) => (
            BackupState::NoneGood {
                latest_status,
                verified_at,
            },
            damaged,
        ),
        None => (BackupState::NoRecords, damaged),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_back_to_the_newest_good_backup() {
        let dir = tempfile::tempdir().unwrap();
        let set_dir = dir.path().join(VERIFY_DIR).join("app-db");
        std::fs::create_dir_all(&set_dir).unwrap();
        let rec = |finished: &str, status: &str, good: Option<&str>| {
            let mut v = serde_json::json!({"schema": 1, "set": "app-db", "pattern": "/b/*", "started": finished,
                "finished": finished, "status": status, "backups": 3, "findings": []});
            if let Some(g) = good {
                v["last_good"] = serde_json::json!({"path": "/b/x.dump", "size": 10, "mtime": g});
            }
            v.to_string()
        };
        assert_eq!(last_good(dir.path(), "app-db").0, BackupState::NoRecords);
        std::fs::write(
            set_dir.join("2026-11-20T020000Z.json"),
            rec("2026-11-20T02:00:00Z", "ok", Some("2026-11-20T01:00:00Z")),
        )
        .unwrap();
        std::fs::write(
            set_dir.join("2026-11-21T020000Z.json"),
            rec("2026-11-21T02:00:00Z", "crit", None),
        )
        .unwrap();
        std::fs::write(set_dir.join("2026-11-22T020000Z.json"), "{ broken").unwrap();
        let (state, damaged) = last_good(dir.path(), "app-db");
        let BackupState::Good(g) = state else {
            panic!("{state:?}")
        };
        assert_eq!(g.backup_time.to_rfc3339(), "2026-11-20T01:00:00+00:00");
        assert_eq!(damaged.len(), 1);
    }
}
