//! The walk record (`schema = 1`): what was asked, answered, run and
//! printed, and how the walk ended; where it lives, how it is saved and read.
//!
//! Layout: `diagnose/<YYYY-MM-DD>-<runbook>-<n>.json`, the UTC date the walk
//! started, the runbook id made a safe path component, and the first `n`
//! (from 1) free that day; one JSON file per walk, committed alone (with the
//! ticket's side of a `--ticket` link).
//!
//! Steps undone by "go back" stay in the record with `undone = true`, so the
//! record shows everything that happened, probes included; the path that led
//! to the outcome is the steps that are not undone.

use super::probe::Verdict;
use crate::records::Records;
use crate::records::layout::slug;
use crate::records::versioned::{Unusable, Versioned, read_versioned};
use crate::ticket::TicketLink;
use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The schema this version writes and reads.
pub const SCHEMA: u32 = 1;

/// The directory of every walk record, relative to the repository.
pub const DIR: &str = "diagnose";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalkRecord {
    pub schema: u32,
    /// The language the walk was in (`en`, `zh-CN`), which the texts of
    /// its steps and outcome are in; `en` in records written before it.
    #[serde(default = "english")]
    pub language: String,
    /// Runbook id, e.g. `no-network`.
    pub runbook: String,
    pub runbook_title: String,
    /// Where the runbook was read from (a built-in file or the records repository).
    pub runbook_file: String,
    /// Where the checks ran: `local`, an inventory name or `user@host`.
    #[serde(default)]
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    pub started: DateTime<Utc>,
    pub ended: DateTime<Utc>,
    /// Free-text answers by key (`lcd_code`, ...), from the steps not undone.
    pub answers: BTreeMap<String, String>,
    pub steps: Vec<StepRecord>,
    pub outcome: WalkOutcome,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    pub step: String,
    /// question, instruct, check or outcome.
    pub kind: String,
    /// The step's text with earlier answers filled in.
    pub text: String,
    pub started: DateTime<Utc>,
    pub duration_ms: u64,
    /// The choice id, or the text entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// The label of the chosen choice, as the engineer saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_label: Option<String>,
    /// The key a free-text answer is stored under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe: Option<ProbeRecord>,
    /// The step this one led to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Undone by "go back one step".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub undone: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeRecord {
    /// A built-in probe name, or `command`.
    pub name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
    /// The shell script that ran (empty when the probe could not be started).
    pub command: String,
    pub exit_status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub timed_out: bool,
    pub verdict: Verdict,
    /// One line saying why.
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WalkStatus {
    Resolved,
    Escalated,
    Incomplete,
}

impl WalkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            WalkStatus::Resolved => "resolved",
            WalkStatus::Escalated => "escalated",
            WalkStatus::Incomplete => "incomplete",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalkOutcome {
    pub status: WalkStatus,
    /// The outcome step reached, or the step the walk stopped at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The fix, or why to escalate, with answers filled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalate_to: Option<String>,
    /// What to hand over when escalating, with answers filled in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handover: Vec<String>,
    /// Why an incomplete walk stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

fn english() -> String {
    "en".to_string()
}

impl WalkRecord {
    /// The steps that led to the outcome (those not undone).
    pub fn path(&self) -> impl Iterator<Item = &StepRecord> {
        self.steps.iter().filter(|s| !s.undone)
    }

    /// Ids of the steps that led to the outcome, in order.
    pub fn path_ids(&self) -> Vec<&str> {
        self.path().map(|s| s.step.as_str()).collect()
    }
}

impl Versioned for WalkRecord {
    const SCHEMA: u32 = SCHEMA;

    fn schema(&self) -> u32 {
        self.schema
    }
}

/// `diagnose/<YYYY-MM-DD>-<runbook>-<n>.json`.
pub fn path(runbook: &str, started: DateTime<Utc>, n: u32) -> PathBuf {
    Path::new(DIR).join(format!(
        "{}-{}-{n}.json",
        started.format("%Y-%m-%d"),
        slug(runbook)
    ))
}

/// The name a walk record two jump hosts numbered alike takes (`ops sync`):
/// the next free number of its day and runbook.
pub fn renumbered(rel: &Path, taken: &dyn Fn(&Path) -> bool) -> Option<PathBuf> {
    rel.starts_with(DIR)
        .then(|| crate::records::layout::next_number(rel, taken))
        .flatten()
}

/// The day a walk record's file name says it started, if it says one.
pub fn day_of(file_name: &str) -> Option<chrono::NaiveDate> {
    file_name
        .get(..10)
        .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// Read one walk record of this schema.
pub fn read(path: &Path) -> Result<WalkRecord, Unusable> {
    read_versioned(path)
}

/// Save the walk under the first free number of its day and commit it,
/// with the ticket's side of the link. The path (relative) and the commit.
pub fn save(
    records: &Records,
    record: &WalkRecord,
    ticket: Option<&TicketLink>,
) -> Result<(PathBuf, Option<String>)> {
    let json = serde_json::to_string_pretty(record)? + "\n";
    let message = format!(
        "diagnose: {} on {}: {}{}",
        record.runbook,
        record.target,
        record.outcome.status.as_str(),
        record
            .ticket
            .as_ref()
            .map(|t| format!(" (ticket {t})"))
            .unwrap_or_default()
    );
    let committed = records.transaction(|tx| {
        for n in 1.. {
            let rel = path(&record.runbook, record.started, n);
            if tx.create_new(&rel, json.as_bytes())? {
                // The ticket's side of the link lands in the same commit.
                if let Some(link) = ticket {
                    link.record(tx, std::slice::from_ref(&rel))?;
                }
                return Ok((rel, message));
            }
        }
        unreachable!("some number is free")
    })?;
    Ok((committed.value, committed.commit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_lives_under_its_day_and_runbook() {
        let at: DateTime<Utc> = "2026-11-22T23:59:00Z".parse().unwrap();
        let p = path("no-network", at, 2);
        assert_eq!(p, PathBuf::from("diagnose/2026-11-22-no-network-2.json"));
        let name = p.file_name().unwrap().to_str().unwrap();
        assert_eq!(day_of(name), Some(at.date_naive()));
        assert_eq!(
            path("../x", at, 1),
            PathBuf::from("diagnose/2026-11-22-_.._x-1.json")
        );
    }
}
