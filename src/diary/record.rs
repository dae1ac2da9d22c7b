//! The diary entry record (`schema = 1`): where it lives, how it is saved
//! (with the ticket side of each link, in one commit) and read.
//!
//! Layout: `diary/<YYYY>/<YYYY-MM-DD>-<engineer>-<n>.json`: the day worked,
//! the engineer's name made a safe path component, and the first `n` (from
//! 1) free; one JSON file per entry.

use crate::records::Records;
use crate::records::layout::{slug, sorted_names};
use crate::records::versioned::{Unusable, Versioned, read_versioned};
use crate::ticket::TicketLink;
use anyhow::Result;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The schema this version writes and reads.
pub const SCHEMA: u32 = 1;

/// The directory of every diary entry, relative to the repository.
pub const DIR: &str = "diary";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiaryEntry {
    pub schema: u32,
    /// Who did the work (not always who typed it: see `recorded_by`).
    pub engineer: String,
    /// The day the work was done, in the engineer's local calendar.
    pub day: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Hours worked, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    /// What was done, in the engineer's words (any language).
    pub work: String,
    /// Tickets worked on; each ticket has a `linked` event naming this file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tickets: Vec<String>,
    /// Inventory names worked on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// When it was recorded, and by whom (the login running `ops`).
    pub recorded: DateTime<Utc>,
    pub recorded_by: String,
}

impl Versioned for DiaryEntry {
    const SCHEMA: u32 = SCHEMA;

    fn schema(&self) -> u32 {
        self.schema
    }
}

/// `diary/<YYYY>/<YYYY-MM-DD>-<engineer>-<n>.json`.
pub fn path(engineer: &str, day: NaiveDate, n: u32) -> PathBuf {
    Path::new(DIR)
        .join(format!("{:04}", day.year()))
        .join(format!(
            "{}-{}-{n}.json",
            day.format("%Y-%m-%d"),
            engineer_component(engineer)
        ))
}

/// The engineer's name as a path component. A name that had to be changed
/// to be safe (李娜 would become `__`) gets 8 hex digits of its SHA-256, so
/// that two Chinese names never share a file name pattern.
fn engineer_component(engineer: &str) -> String {
    use sha2::{Digest, Sha256};
    let safe = slug(engineer);
    if safe == engineer {
        return safe;
    }
    let digest = Sha256::digest(engineer.as_bytes());
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("{safe}-{hex}")
}

/// The name a diary entry two jump hosts numbered alike takes (`ops sync`):
/// the next free number of its engineer and day.
pub fn renumbered(rel: &Path, taken: &dyn Fn(&Path) -> bool) -> Option<PathBuf> {
    rel.starts_with(DIR)
        .then(|| crate::records::layout::next_number(rel, taken))
        .flatten()
}

/// Save the entry under the first free number and commit it, with a
/// `linked` event on each of its tickets in the same commit. The path
/// (relative) and the commit.
pub fn save(
    records: &Records,
    entry: &DiaryEntry,
    tickets: &[TicketLink],
) -> Result<(PathBuf, Option<String>)> {
    let json = serde_json::to_string_pretty(entry)? + "\n";
    let first_line = entry.work.lines().next().unwrap_or("").trim();
    let message = format!(
        "diary: {} on {}: {first_line}{}",
        entry.engineer,
        entry.day,
        if entry.tickets.is_empty() {
            String::new()
        } else {
            format!(" (ticket {})", entry.tickets.join(", "))
        }
    );
    let committed = records.transaction(|tx| {
        for n in 1.. {
            let rel = path(&entry.engineer, entry.day, n);
            if tx.create_new(&rel, json.as_bytes())? {
                for link in tickets {
                    link.record(tx, std::slice::from_ref(&rel))?;
                }
                return Ok((rel, message));
            }
        }
        unreachable!("some number is free")
    })?;
    Ok((committed.value, committed.commit))
}

/// An entry that could not be read, and why.
#[derive(Debug)]
pub struct Unreadable {
    pub path: PathBuf,
    pub why: Unusable,
}

/// Every entry whose day is in `from..=to`, with those that cannot be read.
/// Only the year directories of the range are opened.
pub fn load(root: &Path, from: NaiveDate, to: NaiveDate) -> (Vec<DiaryEntry>, Vec<Unreadable>) {
    let mut entries = Vec::new();
    let mut unreadable = Vec::new();
    for year in from.year()..=to.year() {
        let dir = root.join(DIR).join(format!("{year:04}"));
        for name in sorted_names(&dir) {
            // The day is in the name: files outside the range are not opened.
            let Some(day) = name
                .get(..10)
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            else {
                continue;
            };
            if day < from || day > to || !name.ends_with(".json") {
                continue;
            }
            let path = dir.join(&name);
            match read_versioned::<DiaryEntry>(&path) {
                Ok(e) => entries.push(e),
                Err(why) => unreadable.push(Unreadable { path, why }),
            }
        }
    }
    (entries, unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_lives_under_its_year_day_and_engineer() {
        let day: NaiveDate = "2026-12-01".parse().unwrap();
        assert_eq!(
            path("LiNa", day, 2),
            PathBuf::from("diary/2026/2026-12-01-LiNa-2.json")
        );
        let a = path("李娜", day, 1);
        let b = path("王伟", day, 1);
        assert_ne!(a, b, "two Chinese names get different files");
        assert!(!path("../x", day, 1).to_string_lossy().contains("/../"));
    }
}
