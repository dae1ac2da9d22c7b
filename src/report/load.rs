//! Reading the records a report needs, tolerant of damage: a file that cannot
//! be read or parsed, or has a schema this version does not know, is named in
//! [`Inputs::skipped`] and left out. Every record is read through the module
//! that owns its kind, in the words they share
//! ([`crate::records::versioned::Unusable`]), and never through a symbolic
//! link (a linked directory is skipped as well).
//!
//! What is read (relative to the records repository):
//! - inspections ([`crate::inspect::record`]):
//!   `inspect/<kind>/<target>/<YYYY>/<MM>/<run>.json`, only the month
//!   directories that overlap the window, and only files whose run id time
//!   falls inside it;
//! - tickets: through [`crate::ticket::store::load_all`];
//! - diagnose walks ([`crate::runbook::record`]): `diagnose/<YYYY-MM-DD>-<runbook>-<n>.json`;
//! - backup verifications ([`crate::backup::record`]):
//!   `backup/verify/<set>/<YYYY>/<MM>/<run>.json`. A one-off verification of
//!   a PATH is kept apart from the sets: a directory holding only those is no set;
//! - configuration changes: the commits touching the device configurations
//!   ([`crate::device_config::CONFIG_DIR`]), from [`crate::records::history`].

use crate::backup::record as backup_record;
use crate::check::{Finding, Status};
use crate::inspect::host::HostMetrics;
use crate::inspect::record as inspection_record;
use crate::records::layout::sorted_names;
use crate::runbook::WalkStatus;
use crate::runbook::record as walk_record;
use crate::ticket::Ticket;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One inspection of one target, as far as a report cares.
#[derive(Debug, Clone)]
pub struct Inspection {
    pub kind: String,
    pub target: String,
    pub started: DateTime<Utc>,
    pub status: Status,
    /// The findings worse than ok (the others are not kept).
    pub findings: Vec<Finding>,
    pub host: Option<HostMetrics>,
    /// A database's figures, for the weekly table.
    pub db: Option<DbUse>,
    /// A network device's figures, for the weekly table.
    pub net: Option<NetUse>,
    /// The hosts a BMC or UPS serves (`hw` records).
    pub serves: Vec<String>,
}

/// What the weekly report keeps of one database inspection.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DbUse {
    /// Connections in use, % of the server's maximum.
    pub connections_pct: Option<f64>,
    /// The size of every database together.
    pub size_bytes: u64,
    /// Free space of the fullest filesystem under the data directory, %.
    pub free_pct: Option<f64>,
    pub replication_lag_s: Option<f64>,
}

impl DbUse {
    fn of(m: &crate::inspect::db::DbMetrics) -> DbUse {
        DbUse {
            connections_pct: m
                .connections
                .as_ref()
                .filter(|c| c.max > 0)
                .map(|c| c.used as f64 * 100.0 / c.max as f64),
            size_bytes: m.databases.values().sum(),
            free_pct: m
                .filesystems
                .iter()
                .filter(|f| f.size > 0)
                .map(|f| f.available as f64 * 100.0 / f.size as f64)
                .reduce(f64::min),
            replication_lag_s: m.replication_lag_s,
        }
    }
}

/// What the weekly report keeps of one network device inspection.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetUse {
    pub cpu_pct: Option<f64>,
    pub memory_used_pct: Option<f64>,
    /// Every error counter of every interface added up (cumulative).
    pub errors: Option<u64>,
}

impl NetUse {
    fn of(m: &crate::inspect::net::NetMetrics) -> NetUse {
        NetUse {
            cpu_pct: m.cpu_pct,
            memory_used_pct: m.memory_used_pct,
            errors: (!m.counters.is_empty())
                .then(|| m.counters.values().flat_map(|c| c.values()).sum()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Walk {
    pub path: String,
    pub runbook: String,
    pub target: String,
    pub started: DateTime<Utc>,
    pub status: WalkStatus,
    pub ticket: Option<String>,
}

/// One verification of one backup set.
#[derive(Debug, Clone)]
pub struct BackupRun {
    pub set: String,
    pub started: DateTime<Utc>,
    pub status: Status,
    /// The problems found (warn and worse), one line each.
    pub problems: Vec<String>,
    /// The same problems as findings, for a report in another language.
    pub findings: Vec<Finding>,
}

/// One verification of a PATH on its own (`ops backup verify FILE`), not of a set.
#[derive(Debug, Clone)]
pub struct OneOffRun {
    /// The PATH verified.
    pub path: String,
    pub started: DateTime<Utc>,
    pub status: Status,
    /// The problems found (warn and worse), one line each.
    pub problems: Vec<String>,
    /// The same problems as findings, for a report in another language.
    pub findings: Vec<Finding>,
}

/// A commit that changed a device or system configuration under `config/`.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub at: DateTime<Utc>,
    pub commit: String,
    pub summary: String,
    pub files: Vec<String>,
}

/// A record left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Inputs {
    /// Sorted by kind, target, time.
    pub inspections: Vec<Inspection>,
    pub tickets: Vec<Ticket>,
    pub walks: Vec<Walk>,
    /// Sorted by set, time.
    pub backups: Vec<BackupRun>,
    /// Every set that has a directory under `backup/verify` (one-off
    /// verifications of a PATH are no set).
    pub backup_sets: Vec<String>,
    /// One-off verifications, sorted by time.
    pub one_offs: Vec<OneOffRun>,
    pub changes: Vec<Change>,
    /// Change records (`ops change`), every one; figures pick those done in the period.
    pub change_records: Vec<crate::change::Change>,
    /// Backups taken for a ticket or a change, by start time.
    pub takes: Vec<backup_record::TakeRecord>,
    pub skipped: Vec<Skipped>,
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}

/// A run id's time (`20261122T060000.123Z-3fa9` or `20261122T060000Z-3fa9`), if it has one.
fn run_time(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.get(..15)?;
    NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S")
        .ok()
        .map(|t| Utc.from_utc_datetime(&t))
}

/// Read everything with a time in `[from, to)`.
pub fn load(root: &Path, from: DateTime<Utc>, to: DateTime<Utc>) -> Inputs {
    let mut inputs = Inputs::default();
    load_inspections(root, from, to, &mut inputs);
    let listing = crate::ticket::store::load_all(root);
    inputs.tickets = listing.tickets;
    inputs.tickets.sort_by_key(|t| t.id);
    for d in listing.damaged {
        inputs.skipped.push(Skipped {
            path: d.path.display().to_string(),
            reason: format!("damaged: {}", d.message),
        });
    }
    load_walks(root, from, to, &mut inputs);
    load_backups(root, from, to, &mut inputs);
    inputs.changes = config_changes(root, from, to);
    let (takes, damaged) = backup_record::takes_for_work(root, from, to);
    inputs.takes = takes;
    for d in damaged {
        inputs.skipped.push(Skipped {
            path: d.path.display().to_string(),
            reason: d.reason,
        });
    }
    let (records, damaged) = crate::change::store::load_all(root);
    inputs.change_records = records;
    for (path, why) in damaged {
        inputs.skipped.push(Skipped {
            path: path.display().to_string(),
            reason: format!("damaged: {why}"),
        });
    }
    inputs.skipped.sort();
    inputs
}

/// The entries of `dir`, sorted, except symbolic links, which are named in
/// `skipped` instead: a linked directory would lead the report outside the
/// repository just as a linked file would.
fn subdirs(root: &Path, dir: &Path, skipped: &mut Vec<Skipped>) -> Vec<String> {
    sorted_names(dir)
        .into_iter()
        .filter(|name| {
            let p = dir.join(name);
            let link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
            if link {
                skipped.push(Skipped {
                    path: rel(root, &p),
                    reason: "it is a symbolic link, which is never followed".into(),
                });
            }
            !link
        })
        .collect()
}

fn month_overlaps(year: &str, month: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    let (Ok(y), Ok(m)) = (year.parse::<i32>(), month.parse::<u32>()) else {
        return true;
    };
    let Some(first) = NaiveDate::from_ymd_opt(y, m, 1) else {
        return true;
    };
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    let next = next.map_or(to, super::period::midnight);
    super::period::midnight(first) < to && next > from
}

fn load_inspections(root: &Path, from: DateTime<Utc>, to: DateTime<Utc>, inputs: &mut Inputs) {
    let base = root.join(inspection_record::DIR);
    let mut files = Vec::new();
    let skipped = &mut inputs.skipped;
    for kind in subdirs(root, &base, skipped) {
        for target in subdirs(root, &base.join(&kind), skipped) {
            let tdir = base.join(&kind).join(&target);
            for year in subdirs(root, &tdir, skipped) {
                for month in subdirs(root, &tdir.join(&year), skipped) {
                    if !month_overlaps(&year, &month, from, to) {
                        continue;
                    }
                    let mdir = tdir.join(&year).join(&month);
                    for name in sorted_names(&mdir) {
                        if !name.ends_with(".json") {
                            continue;
                        }
                        if let Some(t) = run_time(&name)
                            && (t < from - chrono::Duration::days(1) || t >= to)
                        {
                            continue;
                        }
                        files.push(mdir.join(name));
                    }
                }
            }
        }
    }
    let read_one = |p: &PathBuf| -> Result<Option<Inspection>, Skipped> {
        let skipped = |reason: String| Skipped {
            path: rel(root, p),
            reason,
        };
        let f = inspection_record::read(p).map_err(|e| skipped(e.to_string()))?;
        if f.started < from || f.started >= to {
            return Ok(None);
        }
        let metrics = (!f.metrics.is_null()).then_some(f.metrics);
        let (mut host, mut db, mut net, mut serves) = (None, None, None, Vec::new());
        match (f.kind.as_str(), metrics) {
            ("hw", Some(m)) => {
                serves = serde_json::from_value::<crate::inspect::hw::HwMetrics>(m)
                    .map(|m| m.hosts)
                    .unwrap_or_default()
            }
            ("host", Some(m)) => host = serde_json::from_value::<HostMetrics>(m).ok(),
            ("db", Some(m)) => {
                db = serde_json::from_value::<crate::inspect::db::DbMetrics>(m)
                    .ok()
                    .map(|m| DbUse::of(&m))
            }
            ("net", Some(m)) => {
                net = serde_json::from_value::<crate::inspect::net::NetMetrics>(m)
                    .ok()
                    .map(|m| NetUse::of(&m))
            }
            _ => {}
        }
        Ok(Some(Inspection {
            kind: f.kind,
            target: f.target,
            started: f.started,
            status: f.status,
            // Only problems are reported on; the rest would only take memory
            // (a fresh Vec: collecting in place would keep the full capacity).
            findings: f
                .findings
                .iter()
                .filter(|f| f.status >= Status::Warn)
                .cloned()
                .collect(),
            host,
            db,
            net,
            serves,
        }))
    };
    // Parsing is the cost of a report; spread it over the cores.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = files.len().div_ceil(threads).max(256);
    let results: Vec<Result<Option<Inspection>, Skipped>> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(read_one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a report reader thread panicked"))
            .collect()
    });
    for r in results {
        match r {
            Ok(Some(i)) => inputs.inspections.push(i),
            Ok(None) => {}
            Err(s) => inputs.skipped.push(s),
        }
    }
    inputs
        .inspections
        .sort_by(|a, b| (&a.kind, &a.target, a.started).cmp(&(&b.kind, &b.target, b.started)));
}

fn load_walks(root: &Path, from: DateTime<Utc>, to: DateTime<Utc>, inputs: &mut Inputs) {
    let dir = root.join(walk_record::DIR);
    for name in sorted_names(&dir) {
        if !name.ends_with(".json") {
            continue;
        }
        if let Some(d) = walk_record::day_of(&name) {
            let day = super::period::midnight(d);
            if day >= to || day + chrono::Duration::days(1) < from {
                continue;
            }
        }
        let p = dir.join(&name);
        let skipped = |reason: String| Skipped {
            path: rel(root, &p),
            reason,
        };
        match walk_record::read(&p) {
            Ok(w) => {
                if w.started >= from && w.started < to {
                    inputs.walks.push(Walk {
                        path: rel(root, &p),
                        runbook: w.runbook,
                        target: w.target,
                        started: w.started,
                        status: w.outcome.status,
                        ticket: w.ticket,
                    });
                }
            }
            Err(e) => inputs.skipped.push(skipped(e.to_string())),
        }
    }
}

fn load_backups(root: &Path, from: DateTime<Utc>, to: DateTime<Utc>, inputs: &mut Inputs) {
    let base = root.join(backup_record::VERIFY_DIR);
    use chrono::Datelike;
    for set_dir in subdirs(root, &base, &mut inputs.skipped) {
        // Whether the records of this directory are a set's; None until one is read.
        let mut is_set: Option<bool> = None;
        for year in subdirs(root, &base.join(&set_dir), &mut inputs.skipped) {
            if let Ok(y) = year.parse::<i32>()
                && (y < from.year() || y > to.year())
            {
                continue;
            }
            // `backup verify` writes <set>/<YYYY>/<MM>/<run>.json.
            let ydir = base.join(&set_dir).join(&year);
            let months = subdirs(root, &ydir, &mut inputs.skipped);
            let files = months.into_iter().flat_map(|month| {
                let mdir = ydir.join(&month);
                sorted_names(&mdir)
                    .into_iter()
                    .map(move |n| (mdir.join(&n), n))
            });
            for (p, name) in files {
                if !name.ends_with(".json") {
                    continue;
                }
                if let Some(t) = run_time(&name)
                    && (t < from - chrono::Duration::days(1) || t >= to)
                {
                    continue;
                }
                let skipped = |reason: String| Skipped {
                    path: rel(root, &p),
                    reason,
                };
                match backup_record::read_verify(&p) {
                    Ok(v) => {
                        let one_off = v.is_one_off();
                        is_set = Some(is_set == Some(true) || !one_off);
                        if v.started < from || v.started >= to {
                            continue;
                        }
                        let findings: Vec<Finding> = v
                            .findings
                            .iter()
                            .filter(|f| f.status >= Status::Warn)
                            .cloned()
                            .collect();
                        let problems = findings
                            .iter()
                            .map(|f| format!("{} {}: {}", f.check, f.status.as_str(), f.message))
                            .collect();
                        if one_off {
                            inputs.one_offs.push(OneOffRun {
                                path: v.set,
                                started: v.started,
                                status: v.status,
                                problems,
                                findings,
                            });
                        } else {
                            inputs.backups.push(BackupRun {
                                // By its directory (the slug of the set name), as the set list is.
                                set: set_dir.clone(),
                                started: v.started,
                                status: v.status,
                                problems,
                                findings,
                            });
                        }
                    }
                    Err(e) => inputs.skipped.push(skipped(e.to_string())),
                }
            }
        }
        // No record in the window: the newest one says what the directory
        // holds; a set's directory stays listed (its days are missing).
        if is_set.unwrap_or_else(|| newest_is_set(&base.join(&set_dir))) {
            inputs.backup_sets.push(set_dir);
        }
    }
    inputs
        .backups
        .sort_by(|a, b| (&a.set, a.started).cmp(&(&b.set, b.started)));
    inputs
        .one_offs
        .sort_by(|a, b| (a.started, &a.path).cmp(&(b.started, &b.path)));
}

/// Whether the newest readable record under a `backup/verify/<dir>` is a
/// set's; true when none can be read (the directory is listed, as before).
fn newest_is_set(dir: &Path) -> bool {
    for year in sorted_names(dir).into_iter().rev() {
        for month in sorted_names(&dir.join(&year)).into_iter().rev() {
            let mdir = dir.join(&year).join(&month);
            for name in sorted_names(&mdir).into_iter().rev() {
                if !name.ends_with(".json") {
                    continue;
                }
                if let Ok(v) = backup_record::read_verify(&mdir.join(&name)) {
                    return !v.is_one_off();
                }
            }
        }
    }
    true
}

/// Commits in `[from, to)` (by commit time) that touch the device
/// configurations, oldest first; none when the history cannot be read.
fn config_changes(root: &Path, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Change> {
    let dir = Path::new(crate::device_config::CONFIG_DIR);
    crate::records::history::commits_touching(root, dir, from, to)
        .unwrap_or_default()
        .into_iter()
        .map(|c| Change {
            at: c.at,
            commit: c.short_id().to_string(),
            summary: c.summary,
            files: c.files,
        })
        .collect()
}
