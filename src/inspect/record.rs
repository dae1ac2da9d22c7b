//! The inspection record (`schema = 1`): one JSON file per target per run,
//! what it holds, where it lives, how it is written and read back.
//!
//! Layout: `inspect/<kind>/<target>/<YYYY>/<MM>/<run id>.json`, `<target>`
//! made one safe path component by [`crate::records::layout::slug`]. One
//! file per target per run keeps `git log -- inspect/host/web01` cheap and a
//! commit's diff readable. The year and month levels keep every directory to
//! a few dozen entries: each run rewrites the git tree of every directory it
//! touches, so small directories keep a 500-target commit cheap after years
//! of daily runs.
//!
//! Every target of a run is written in one commit, with the ticket's side of
//! a `--ticket` link. Readers: the next run of the same kind (the target's
//! latest record, for trends) and reports ([`read`]).

use super::host::manual::ManualSection;
use super::outcome::{Counts, TargetResult};
use crate::check::{Finding, Status};
use crate::records::Records;
use crate::records::layout::{slug, sorted_names};
use crate::records::versioned::{Unusable, Versioned, read_versioned};
use crate::ticket::TicketLink;
use anyhow::Result;
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The schema this version writes and reads.
pub const SCHEMA: u32 = 1;

/// The directory of every inspection record, relative to the repository.
pub const DIR: &str = "inspect";

/// The record of one target in one run, as stored in the repository.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InspectionRecord {
    pub schema: u32,
    /// `host`, `db` or `net`.
    pub kind: String,
    /// The run id, shared by every target of the run.
    pub run: String,
    pub target: String,
    /// How it was reached (`local`, `ops@10.0.0.1:22`, a database URL without password).
    pub address: String,
    pub started: DateTime<Utc>,
    pub duration_ms: u64,
    /// The worst status of the findings.
    pub status: Status,
    /// Why the target could not be inspected at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The ticket the run was linked to (`--ticket`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// Figures kept for trends and reports (kind-specific).
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub metrics: serde_json::Value,
    /// The manual items answered at the machine (`inspect host --manual`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual: Option<ManualSection>,
}

impl Versioned for InspectionRecord {
    const SCHEMA: u32 = SCHEMA;

    fn schema(&self) -> u32 {
        self.schema
    }
}

impl InspectionRecord {
    pub fn new(kind: &str, run: &str, ticket: Option<&str>, r: &TargetResult) -> InspectionRecord {
        InspectionRecord {
            schema: SCHEMA,
            kind: kind.into(),
            run: run.into(),
            target: r.target.clone(),
            address: r.address.clone(),
            started: r.started,
            duration_ms: r.duration.as_millis() as u64,
            status: r.status(),
            error: r.error.clone(),
            ticket: ticket.map(str::to_string),
            findings: r.findings.clone(),
            metrics: r.metrics.clone(),
            manual: r.manual.clone(),
        }
    }
}

/// `inspect/<kind>/<target slug>`: every record of one target.
pub fn target_dir(kind: &str, target: &str) -> PathBuf {
    Path::new(DIR).join(kind).join(slug(target))
}

/// `inspect/<kind>/<target slug>/<YYYY>/<MM>/<run>.json`, by the target's start time.
pub fn path(kind: &str, target: &str, run: &str, at: DateTime<Utc>) -> PathBuf {
    target_dir(kind, target)
        .join(format!("{:04}", at.year()))
        .join(format!("{:02}", at.month()))
        .join(format!("{run}.json"))
}

/// The newest inspection record of a target, if any: the greatest file name
/// in the newest month directory that has one (absolute).
pub fn latest_path(root: &Path, kind: &str, target: &str) -> Option<PathBuf> {
    let dir = root.join(target_dir(kind, target));
    for year in sorted_names(&dir).iter().rev() {
        for month in sorted_names(&dir.join(year)).iter().rev() {
            let month_dir = dir.join(year).join(month);
            if let Some(last) = sorted_names(&month_dir)
                .into_iter()
                .rfind(|n| n.ends_with(".json"))
            {
                return Some(month_dir.join(last));
            }
        }
    }
    None
}

/// Every record file of one target (by its directory name, a slug), oldest
/// first: year, month and run id all sort by time.
pub fn paths_of(root: &Path, kind: &str, target_slug: &str) -> Vec<PathBuf> {
    let dir = root.join(DIR).join(kind).join(target_slug);
    let mut out = Vec::new();
    for year in sorted_names(&dir) {
        for month in sorted_names(&dir.join(&year)) {
            let month_dir = dir.join(&year).join(&month);
            for name in sorted_names(&month_dir) {
                if name.ends_with(".json") {
                    out.push(month_dir.join(name));
                }
            }
        }
    }
    out
}

/// Read one inspection record of this schema.
pub fn read(path: &Path) -> Result<InspectionRecord, Unusable> {
    read_versioned(path)
}

/// A record that exists but could not be used; the caller says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadablePrevious {
    pub path: PathBuf,
}

/// The newest record of a target: None when it has none (or it cannot be
/// opened), the path when it is damaged or of another schema.
pub fn previous(
    records: &Records,
    kind: &str,
    target: &str,
) -> Result<Option<InspectionRecord>, UnreadablePrevious> {
    let Some(path) = latest_path(records.root(), kind, target) else {
        return Ok(None);
    };
    match read(&path) {
        Ok(r) => Ok(Some(r)),
        Err(Unusable::CannotRead(_)) => Ok(None),
        Err(_) => Err(UnreadablePrevious { path }),
    }
}

/// Record a run: one file per target and the ticket's side of the link, in
/// one commit. The commit id, None when nothing changed.
pub fn write_run(
    records: &Records,
    kind: &str,
    run: &str,
    ticket: Option<&TicketLink>,
    results: &[TargetResult],
) -> Result<Option<String>> {
    let ticket_id = ticket.map(|t| t.id().to_string());
    let sentence = Counts::of(results).sentence();
    let message = match &ticket_id {
        Some(id) => format!("inspect {kind}: {sentence} (ticket {id})"),
        None => format!("inspect {kind}: {sentence}"),
    };
    let committed = records.transaction(|tx| {
        let mut paths = Vec::with_capacity(results.len());
        for r in results {
            let record = InspectionRecord::new(kind, run, ticket_id.as_deref(), r);
            let mut bytes = serde_json::to_vec_pretty(&record)?;
            bytes.push(b'\n');
            let path = path(kind, &r.target, run, r.started);
            tx.write(&path, &bytes)?;
            paths.push(path);
        }
        // The ticket's side of the link lands in the same commit.
        if let Some(link) = ticket {
            link.record(tx, &paths)?;
        }
        Ok(((), message))
    })?;
    Ok(committed.commit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn what_is_written_is_found_as_the_latest() {
        let dir = tempfile::tempdir().unwrap();
        let mut last = None;
        for (y, m, d) in [(2025, 12, 31), (2026, 1, 1), (2026, 2, 3)] {
            let at = Utc.with_ymd_and_hms(y, m, d, 6, 0, 0).unwrap();
            let rel = path("host", "web01", &crate::records::layout::run_id(at), at);
            let p = dir.path().join(&rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "{}").unwrap();
            last = Some(p);
        }
        assert_eq!(latest_path(dir.path(), "host", "web01"), last);
        assert!(
            last.unwrap()
                .to_string_lossy()
                .contains("inspect/host/web01/2026/02/20260203T060000.000Z-")
        );
    }

    #[test]
    fn latest_path_picks_the_newest_run() {
        let dir = tempfile::tempdir().unwrap();
        for (year, run) in [
            ("2025/12", "20251231T060000Z-0001"),
            ("2026/01", "20260101T060000Z-0002"),
            ("2026/01", "20260102T060000Z-0003"),
        ] {
            let p = dir.path().join("inspect/host/web01").join(year);
            std::fs::create_dir_all(&p).unwrap();
            std::fs::write(p.join(format!("{run}.json")), "{}").unwrap();
        }
        let latest = latest_path(dir.path(), "host", "web01").unwrap();
        assert!(latest.ends_with("2026/01/20260102T060000Z-0003.json"));
        assert_eq!(latest_path(dir.path(), "host", "nope"), None);
    }

    #[test]
    fn a_written_record_reads_back() {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 6, 0, 0).unwrap();
        let result = TargetResult {
            target: "web01".into(),
            address: "local".into(),
            started: at,
            duration: std::time::Duration::from_millis(1500),
            findings: vec![Finding::new("x", Status::Warn, "m")],
            metrics: serde_json::Value::Null,
            error: None,
            manual: None,
        };
        let record = InspectionRecord::new("host", "r1", Some("T-20261122-0001"), &result);
        let text = serde_json::to_string_pretty(&record).unwrap();
        assert!(!text.contains("\"metrics\""), "{text}");
        assert!(!text.contains("\"error\""), "{text}");
        let back: InspectionRecord = crate::records::versioned::parse_versioned(&text).unwrap();
        assert_eq!(back.duration_ms, 1500);
        assert_eq!(back.status, Status::Warn);
        assert_eq!(back.ticket.as_deref(), Some("T-20261122-0001"));
    }
}
