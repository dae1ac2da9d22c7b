//! Records of backup runs (`schema = 1`), and the question reports and
//! `inspect db` ask of them: when was each set's last good backup?
//!
//! One verification record per set per run, one take record per `take`.
//! Layout inside the records repository, like inspections (run ids sort by time):
//!
//! ```text
//! backup/verify/<set>/<year>/<month>/<run>.json
//! backup/take/<year>/<month>/<run>-<name>.json
//! ```
//!
//! A PATH verified on its own (`ops backup verify FILE`) is recorded the same
//! way under the slug of the path, marked `one_off`: it is not a set, and
//! reports list it apart from the sets.
//!
//! `<set>` and `<name>` are made one safe path component by [`slug`].
//!
//! "The latest record of a set" is the last name in its newest month, and the
//! last good backup is found by walking back from there, without reading a
//! whole year of records.
//!
//! Writers: [`write_verify`] and [`write_take`], inside the caller's
//! transaction (with the ticket's side of a link). Readers:
//! [`read_verify_record`] (for `backup verify` and `inspect db`, errors worded
//! for them) and [`read_verify`] (for reports, the words every record kind shares).

use super::locate::BackupFile;
use crate::check::{Finding, Status};
use crate::records::Transaction;
use crate::records::layout::sorted_names;
use crate::records::versioned::{Unusable, Versioned, read_versioned};
use anyhow::{Context, Result};
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Where verification records live, relative to the repository.
pub const VERIFY_DIR: &str = "backup/verify";
/// Where take records live, relative to the repository.
pub const TAKE_DIR: &str = "backup/take";

/// A backup file as a record remembers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupSeen {
    pub path: PathBuf,
    pub size: u64,
    pub mtime: DateTime<Utc>,
}

impl From<&BackupFile> for BackupSeen {
    fn from(f: &BackupFile) -> BackupSeen {
        BackupSeen {
            path: f.path.clone(),
            size: f.size,
            mtime: f.mtime,
        }
    }
}

/// A file read in full during a run, and what came of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileResult {
    pub path: PathBuf,
    pub size: u64,
    pub mtime: DateTime<Utc>,
    /// SHA-256 as read (empty when the file could not be read to its end).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sha256: String,
    /// The worst finding about this file.
    pub status: Status,
}

/// Where `--sample` stopped: the next run goes on after `cursor`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampleState {
    pub percent: f64,
    /// The path of the last file of the rotating share read in this run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<PathBuf>,
}

/// One run of `ops backup verify` over one set (or one PATH).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyRecord {
    pub schema: u32,
    /// The run id (`20261122T060000Z-3fa9`), shared by the sets verified together.
    pub run: String,
    /// The set's name, or the PATH verified when no set was named.
    pub set: String,
    /// The set's `path` pattern, or the PATH.
    #[serde(default)]
    pub pattern: String,
    /// A PATH verified on its own (`ops backup verify FILE`), not a
    /// `[[backup.set]]`: reports list it once, never as a set missing days.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub one_off: bool,
    #[serde(default)]
    pub host: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// The change id of `--change`: this run proves that change's backup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    pub started: DateTime<Utc>,
    pub finished: DateTime<Utc>,
    /// The worst finding of the run.
    pub status: Status,
    /// How many backups the set holds.
    pub backups: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest: Option<BackupSeen>,
    /// The newest backup that was read in full in this run and found good
    /// (no finding about it worse than warn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_good: Option<BackupSeen>,
    /// Files read in full in this run.
    #[serde(default)]
    pub verified: Vec<FileResult>,
    pub bytes_read: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<SampleState>,
    #[serde(default)]
    pub findings: Vec<Finding>,
}

impl VerifyRecord {
    pub const SCHEMA: u32 = 1;

    /// Whether this verified a PATH rather than a set. Records written before
    /// `one_off` existed tell it by their pattern: a PATH's record names it as
    /// both set and pattern, a set's pattern is its `path`.
    pub fn is_one_off(&self) -> bool {
        is_one_off(self.one_off, &self.set, &self.pattern)
    }

    /// `backup/verify/<set>/<year>/<month>/<run>.json` (a PATH's slug stands for the set).
    pub fn relative_path(&self) -> PathBuf {
        verify_set_dir(&self.set)
            .join(format!("{:04}", self.started.year()))
            .join(format!("{:02}", self.started.month()))
            .join(format!("{}.json", self.run))
    }
}

/// One `ops backup take`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TakeRecord {
    pub schema: u32,
    pub run: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// The change id of `--change`: the backup that change starts behind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    #[serde(default)]
    pub host: String,
    pub started: DateTime<Utc>,
    pub finished: DateTime<Utc>,
    /// The sources given to `take`, absolute.
    pub sources: Vec<PathBuf>,
    /// The archive and manifest, when the take succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sha256: String,
    /// Archive size in bytes.
    pub size: u64,
    /// Entries archived, and the bytes of their content.
    pub files: u64,
    pub bytes: u64,
    pub status: Status,
    /// The verification made right after writing, or why the take failed.
    pub findings: Vec<Finding>,
}

impl TakeRecord {
    pub const SCHEMA: u32 = 1;

    /// `backup/take/<year>/<month>/<run>-<name>.json`.
    pub fn relative_path(&self) -> PathBuf {
        Path::new(TAKE_DIR)
            .join(format!("{:04}", self.started.year()))
            .join(format!("{:02}", self.started.month()))
            .join(format!("{}-{}.json", self.run, slug(&self.name)))
    }
}

impl Versioned for VerifyRecord {
    const SCHEMA: u32 = 1;

    fn schema(&self) -> u32 {
        self.schema
    }
}

impl Versioned for TakeRecord {
    const SCHEMA: u32 = 1;

    fn schema(&self) -> u32 {
        self.schema
    }
}

/// `backup/verify/<set slug>`: every verification record of one set (or PATH).
pub fn verify_set_dir(set: &str) -> PathBuf {
    Path::new(VERIFY_DIR).join(slug(set))
}

/// Write a verification record where it belongs; its path, relative.
pub fn write_verify(tx: &mut Transaction, record: &VerifyRecord) -> Result<PathBuf> {
    let path = record.relative_path();
    tx.write(&path, &to_json(record)?)?;
    Ok(path)
}

/// Write a take record where it belongs; its path, relative.
pub fn write_take(tx: &mut Transaction, record: &TakeRecord) -> Result<PathBuf> {
    let path = record.relative_path();
    tx.write(&path, &to_json(record)?)?;
    Ok(path)
}

/// Pretty JSON ending in a newline, as every record is written.
fn to_json<T: Serialize>(record: &T) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(record)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Read one verification record of this schema, for reports: the reason it
/// cannot be used is worded as for every record kind. Never follows a link.
pub fn read_verify(path: &Path) -> Result<VerifyRecord, Unusable> {
    read_versioned(path)
}

/// The backup records of one change, with their paths relative to the repository.
#[derive(Debug, Default)]
pub struct ChangeBackups {
    pub takes: Vec<(PathBuf, TakeRecord)>,
    pub verifies: Vec<(PathBuf, VerifyRecord)>,
    /// Unusable records met on the way, skipped.
    pub damaged: Vec<Damaged>,
}

/// The take and verification records of one change (`--change ID`), written
/// in or after the month of `since` (a change's backups are taken after it
/// was requested, so older months need not be read).
pub fn linked_to_change(records_root: &Path, change: &str, since: DateTime<Utc>) -> ChangeBackups {
    let mut found = ChangeBackups::default();
    let take_files = month_files(records_root, Path::new(TAKE_DIR), since);
    found.takes = read_linked(
        records_root,
        take_files,
        change,
        |r: &TakeRecord| r.change.as_deref(),
        &mut found.damaged,
    );
    for set in sorted_names(&records_root.join(VERIFY_DIR)) {
        let files = month_files(records_root, &Path::new(VERIFY_DIR).join(set), since);
        found.verifies.extend(read_linked(
            records_root,
            files,
            change,
            |r: &VerifyRecord| r.change.as_deref(),
            &mut found.damaged,
        ));
    }
    found
}

/// Every take that started in `[from, to)` and was made for a ticket or a
/// change: the backups a report lists among the changes made. Unusable
/// records go to the second list.
pub fn takes_for_work(
    records_root: &Path,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> (Vec<TakeRecord>, Vec<Damaged>) {
    let mut takes = Vec::new();
    let mut damaged = Vec::new();
    for rel in month_files(records_root, Path::new(TAKE_DIR), from) {
        match read_versioned::<TakeRecord>(&records_root.join(&rel)) {
            Ok(t) if t.started >= from && t.started < to => {
                if t.ticket.is_some() || t.change.is_some() {
                    takes.push(t);
                }
            }
            Ok(_) => {}
            Err(e) => damaged.push(Damaged {
                path: rel,
                reason: e.to_string(),
            }),
        }
    }
    takes.sort_by_key(|t| t.started);
    (takes, damaged)
}

/// The records among `files` whose change is `change`; unusable ones go to `damaged`.
fn read_linked<T: Versioned>(
    records_root: &Path,
    files: Vec<PathBuf>,
    change: &str,
    change_of: impl Fn(&T) -> Option<&str>,
    damaged: &mut Vec<Damaged>,
) -> Vec<(PathBuf, T)> {
    let mut out = Vec::new();
    for rel in files {
        match read_versioned::<T>(&records_root.join(&rel)) {
            Ok(r) if change_of(&r) == Some(change) => out.push((rel, r)),
            Ok(_) => {}
            Err(e) => damaged.push(Damaged {
                path: rel,
                reason: e.to_string(),
            }),
        }
    }
    out
}

/// The `.json` files of `<dir>/<YYYY>/<MM>/` for the months from that of
/// `since` on, relative to the repository, oldest first.
fn month_files(records_root: &Path, dir: &Path, since: DateTime<Utc>) -> Vec<PathBuf> {
    let first = (since.year(), since.month());
    let mut out = Vec::new();
    for year in sorted_names(&records_root.join(dir)) {
        for month in sorted_names(&records_root.join(dir).join(&year)) {
            let (Ok(y), Ok(m)) = (year.parse::<i32>(), month.parse::<u32>()) else {
                continue;
            };
            if (y, m) < first {
                continue;
            }
            let rel = dir.join(&year).join(&month);
            for name in sorted_names(&records_root.join(&rel)) {
                if name.ends_with(".json") {
                    out.push(rel.join(name));
                }
            }
        }
    }
    out
}

/// [`VerifyRecord::is_one_off`] from the record's fields.
pub fn is_one_off(one_off: bool, set: &str, pattern: &str) -> bool {
    one_off || set == pattern
}

/// A name safe as one path component (shared with the records layout).
pub fn slug(name: &str) -> String {
    crate::records::layout::slug(name.trim_start_matches('/'))
}

/// The last good backup of a set, as the records know it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LastGood {
    /// When the backup was made (its file's mtime).
    pub backup_time: DateTime<Utc>,
    pub path: PathBuf,
    /// When it was verified.
    pub verified_at: DateTime<Utc>,
}

/// A record file that could not be read; reported with its path, never fatal.
#[derive(Debug, Clone, PartialEq)]
pub struct Damaged {
    pub path: PathBuf,
    pub reason: String,
}

/// The last good backup per set, from records already read.
pub fn last_good<'a, I: IntoIterator<Item = &'a VerifyRecord>>(
    records: I,
) -> BTreeMap<String, LastGood> {
    let mut out: BTreeMap<String, LastGood> = BTreeMap::new();
    for r in records {
        let Some(good) = &r.last_good else { continue };
        let cand = LastGood {
            backup_time: good.mtime,
            path: good.path.clone(),
            verified_at: r.finished,
        };
        match out.get(&r.set) {
            Some(have)
                if (have.backup_time, have.verified_at) >= (cand.backup_time, cand.verified_at) => {
            }
            _ => {
                out.insert(r.set.clone(), cand);
            }
        }
    }
    out
}

/// Read one verification record.
pub fn read_verify_record(path: &Path) -> Result<VerifyRecord> {
    let text = fs::read_to_string(path)
        .with_context(|| format!("failed to read record at: {}", path.display()))?;
    let r: VerifyRecord = serde_json::from_str(&text).map_err(|e| {
        crate::bad_input!(
            "record {}:{}:{} is not valid: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    if r.schema != VerifyRecord::SCHEMA {
        return Err(crate::bad_input!(
            "record {} has schema {}, this ops reads schema {}",
            path.display(),
            r.schema,
            VerifyRecord::SCHEMA
        ));
    }
    Ok(r)
}

/// The record files of one set, newest first (years, months, then run ids, descending).
fn set_record_files(set_dir: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    sorted_names(set_dir)
        .into_iter()
        .rev()
        .flat_map(move |year| {
            let year_dir = set_dir.join(year);
            sorted_names(&year_dir)
                .into_iter()
                .rev()
                .flat_map(|month| {
                    let dir = year_dir.join(month);
                    sorted_names(&dir)
                        .into_iter()
                        .rev()
                        .filter(|n| n.ends_with(".json"))
                        .map(move |n| dir.join(n))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        })
}

/// The latest readable verification record of `set` in the records
/// repository at `records_root`, and any damaged ones met on the way.
pub fn latest_verify_record(
    records_root: &Path,
    set: &str,
) -> (Option<VerifyRecord>, Vec<Damaged>) {
    let dir = records_root.join(verify_set_dir(set));
    let mut damaged = Vec::new();
    // Run ids sort by second; runs within one second (or under a pinned
    // clock) differ only by a random salt, so among those the file written
    // last wins.
    let mut best: Option<(String, std::time::SystemTime, VerifyRecord)> = None;
    for p in set_record_files(&dir) {
        let stamp = p
            .file_name()
            .map(|n| {
                n.to_string_lossy()
                    .split('-')
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .unwrap_or_default();
        if let Some((best_stamp, _, _)) = &best
            && *best_stamp != stamp
        {
            break;
        }
        match read_verify_record(&p) {
            Ok(r) if r.set == set => {
                let written = fs::metadata(&p)
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH);
                if best.as_ref().is_none_or(|(_, t, _)| written > *t) {
                    best = Some((stamp, written, r));
                }
            }
            Ok(_) => {}
            Err(e) => damaged.push(Damaged {
                path: p,
                reason: format!("{e:#}"),
            }),
        }
    }
    (best.map(|(_, _, r)| r), damaged)
}

/// What the records say about one set's backups, for `inspect db` and reports.
#[derive(Debug, Clone, PartialEq)]
pub enum SetState {
    /// No verification record of this set.
    NoRecords,
    /// Records exist but none found a good backup; the latest run's verdict.
    NoneGood {
        latest_status: Status,
        verified_at: DateTime<Utc>,
    },
    /// The newest good backup the records know of.
    Good(LastGood),
}

/// The state of `set`: walks back from its newest record to the first one
/// that found a good backup. Damaged records are returned and skipped.
pub fn set_state(records_root: &Path, set: &str) -> (SetState, Vec<Damaged>) {
    let dir = records_root.join(verify_set_dir(set));
    let mut damaged = Vec::new();
    let mut latest = None;
    for p in set_record_files(&dir) {
        match read_verify_record(&p) {
            Ok(r) if r.set == set => {
                if latest.is_none() {
                    latest = Some((r.status, r.finished));
                }
                if let Some(good) = r.last_good {
                    let lg = LastGood {
                        backup_time: good.mtime,
                        path: good.path,
                        verified_at: r.finished,
                    };
                    return (SetState::Good(lg), damaged);
                }
            }
            Ok(_) => {}
            Err(e) => damaged.push(Damaged {
                path: p,
                reason: format!("{e:#}"),
            }),
        }
    }
    let state = match latest {
        Some((latest_status, verified_at)) => SetState::NoneGood {
            latest_status,
            verified_at,
        },
        None => SetState::NoRecords,
    };
    (state, damaged)
}

/// The last good backup of every set that has verification records under
/// `records_root`. Damaged records are returned with their paths and skipped.
pub fn last_good_in(records_root: &Path) -> (BTreeMap<String, LastGood>, Vec<Damaged>) {
    let mut out = BTreeMap::new();
    let mut damaged = Vec::new();
    let base = records_root.join(VERIFY_DIR);
    let mut dirs: Vec<PathBuf> = fs::read_dir(&base)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        // Walk back from the newest record; the first with a good backup wins
        // unless an older run saw a newer good backup (it cannot: mtimes only
        // grow, but a restored file could), so keep going while records are
        // newer than the best found.
        let mut best: Option<(String, LastGood)> = None;
        for p in set_record_files(&dir) {
            match read_verify_record(&p) {
                // One-off verifications of a PATH are no set's.
                Ok(r) if r.is_one_off() => {}
                Ok(r) => {
                    if let Some((_, b)) = &best
                        && r.finished < b.backup_time
                    {
                        break;
                    }
                    if let Some(lg) = last_good([&r]).remove(&r.set) {
                        let better = best
                            .as_ref()
                            .is_none_or(|(_, b)| lg.backup_time > b.backup_time);
                        if better {
                            best = Some((r.set.clone(), lg));
                        }
                    }
                }
                Err(e) => damaged.push(Damaged {
                    path: p,
                    reason: format!("{e:#}"),
                }),
            }
        }
        if let Some((set, lg)) = best {
            out.insert(set, lg);
        }
    }
    (out, damaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(set: &str, day: u32, good: Option<u32>) -> VerifyRecord {
        let t = |d: u32| {
            format!("2024-05-{d:02}T02:00:00Z")
                .parse::<DateTime<Utc>>()
                .unwrap()
        };
        VerifyRecord {
            schema: 1,
            run: format!("202405{day:02}T020000Z-0000"),
            set: set.into(),
            pattern: "/b/*".into(),
            one_off: false,
            host: "h".into(),
            ticket: None,
            change: None,
            started: t(day),
            finished: t(day),
            status: if good == Some(day) {
                Status::Ok
            } else {
                Status::Crit
            },
            backups: 7,
            newest: None,
            last_good: good.map(|d| BackupSeen {
                path: format!("/b/{d}").into(),
                size: 1,
                mtime: t(d),
            }),
            verified: vec![],
            bytes_read: 0,
            sample: None,
            findings: vec![],
        }
    }

    #[test]
    fn last_good_is_the_newest_good_backup_per_set() {
        let dir = tempfile::tempdir().unwrap();
        for r in [
            rec("db", 1, Some(1)),
            rec("db", 2, Some(2)),
            rec("db", 3, None),
            rec("etc", 3, Some(3)),
        ] {
            let p = dir.path().join(r.relative_path());
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, serde_json::to_string_pretty(&r).unwrap()).unwrap();
        }
        let broken = dir
            .path()
            .join(VERIFY_DIR)
            .join("db/2024/05/20240504T000000Z-0000.json");
        fs::write(&broken, "{ not json").unwrap();
        let (lg, damaged) = last_good_in(dir.path());
        assert_eq!(lg["db"].path, PathBuf::from("/b/2"));
        assert_eq!(lg["etc"].path, PathBuf::from("/b/3"));
        assert_eq!(damaged.len(), 1);
        assert_eq!(damaged[0].path, broken);
        match set_state(dir.path(), "db").0 {
            SetState::Good(lg) => assert_eq!(lg.path, PathBuf::from("/b/2")),
            other => panic!("{other:?}"),
        }
        assert_eq!(set_state(dir.path(), "nope").0, SetState::NoRecords);
        let (latest, _) = latest_verify_record(dir.path(), "db");
        assert_eq!(
            latest.unwrap().started.to_rfc3339(),
            "2024-05-03T02:00:00+00:00"
        );
    }
}
