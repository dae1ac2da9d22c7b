//! The weekly report's own figures: CPU and memory use per host, disk growth
//! and days until full per filesystem, and the changes committed to the
//! records repository that week. (Backups, findings, tickets and SLA are
//! shared with the quarter, in `shared`.)

use super::shared::{BackupDays, FindingChange, OneOffRow, SlaRow, TicketFlow, avg, in_range};
use crate::report::load::{Change, Inspection};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HostUse {
    pub target: String,
    pub samples: usize,
    pub cpu_avg_pct: Option<f64>,
    pub cpu_peak_pct: Option<f64>,
    pub mem_avg_pct: Option<f64>,
    pub mem_peak_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiskUse {
    pub target: String,
    pub mount: String,
    pub size_bytes: u64,
    /// Inspections in the period that measured it.
    pub samples: usize,
    /// Days on which it was measured.
    pub days_of_data: usize,
    pub used_first_bytes: u64,
    pub used_last_bytes: u64,
    pub avail_bytes: u64,
    /// Use as the inspection reported it: used / (used + available).
    pub used_first_pct: f64,
    pub used_last_pct: f64,
    /// Fitted (least squares) over the samples; None from fewer than
    /// `GROWTH_MIN_DAYS` days of data.
    pub growth_bytes_per_day: Option<f64>,
    /// None unless `FULL_MIN_DAYS` days of data show positive growth.
    pub days_until_full: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weekly {
    pub hosts: Vec<HostUse>,
    pub disks: Vec<DiskUse>,
    /// Each database: connections, space and replication lag over the week.
    pub databases: Vec<DbWeek>,
    /// Each network device: CPU, memory and error counter growth.
    pub devices: Vec<DeviceWeek>,
    pub backups: Vec<BackupDays>,
    pub one_off_verifications: Vec<OneOffRow>,
    pub findings_raised: Vec<FindingChange>,
    pub findings_cleared: Vec<FindingChange>,
    pub tickets: TicketFlow,
    pub sla: Vec<SlaRow>,
    /// The resolutions judged by an agreed deadline.
    pub sla_agreed: Vec<super::shared::AgreedDeadline>,
    /// On-site visits, return visits and satisfaction per customer.
    pub service: super::service::Service,
    pub changes: Vec<ChangeView>,
    /// Change records finished in the period.
    pub changes_made: Vec<ChangeMade>,
    /// Backups taken for tickets and changes in the period.
    pub backups_taken: Vec<BackupTaken>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeView {
    pub at: DateTime<Utc>,
    pub commit: String,
    pub summary: String,
    pub files: Vec<String>,
}

impl From<&Change> for ChangeView {
    fn from(c: &Change) -> ChangeView {
        ChangeView {
            at: c.at,
            commit: c.commit.clone(),
            summary: c.summary.clone(),
            files: c.files.clone(),
        }
    }
}

/// A change record finished in the period: the "Changes made" table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeMade {
    pub id: String,
    pub ticket: String,
    pub summary: String,
    pub targets: Vec<String>,
    pub result: String,
    pub done_at: DateTime<Utc>,
}

/// A backup taken for a ticket or a change: part of the work done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupTaken {
    pub name: String,
    pub ticket: Option<String>,
    pub change: Option<String>,
    pub host: String,
    pub status: crate::check::Status,
    pub finished: DateTime<Utc>,
}

/// The takes for tickets or changes that started in `[from, to)`.
pub(crate) fn backups_taken(
    takes: &[crate::backup::record::TakeRecord],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<BackupTaken> {
    takes
        .iter()
        .filter(|t| in_range(t.started, from, to))
        .map(|t| BackupTaken {
            name: t.name.clone(),
            ticket: t.ticket.clone(),
            change: t.change.clone(),
            host: t.host.clone(),
            status: t.status,
            finished: t.finished,
        })
        .collect()
}

/// The changes finished (done or rolled back) in `[from, to)`, in order.
pub(crate) fn changes_made(
    changes: &[crate::change::Change],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<ChangeMade> {
    let mut out: Vec<ChangeMade> = changes
        .iter()
        .filter_map(|c| c.finished.as_ref().map(|f| (c, f)))
        .filter(|(_, f)| in_range(f.at, from, to))
        .map(|(c, f)| ChangeMade {
            id: c.id.to_string(),
            ticket: c.ticket.to_string(),
            summary: c.summary.clone(),
            targets: c.targets.clone(),
            result: f.outcome.word().to_string(),
            done_at: f.at,
        })
        .collect();
    out.sort_by_key(|c| c.done_at);
    out
}

fn peak(v: &[f64]) -> Option<f64> {
    v.iter()
        .copied()
        .fold(None, |m, x| Some(m.map_or(x, |m: f64| m.max(x))))
}

pub(super) fn host_use(
    inspections: &[Inspection],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<HostUse> {
    let mut out = Vec::new();
    for group in inspections.chunk_by(|a, b| a.kind == b.kind && a.target == b.target) {
        if group[0].kind != "host" {
            continue;
        }
        let mine: Vec<_> = group
            .iter()
            .filter(|i| in_range(i.started, from, to))
            .filter_map(|i| i.host.as_ref())
            .collect();
        if mine.is_empty() {
            continue;
        }
        let cpu: Vec<f64> = mine.iter().filter_map(|m| m.cpu_busy_pct).collect();
        let mem: Vec<f64> = mine.iter().filter_map(|m| m.mem_used_pct).collect();
        out.push(HostUse {
            target: group[0].target.clone(),
            samples: mine.len(),
            cpu_avg_pct: avg(&cpu),
            cpu_peak_pct: peak(&cpu),
            mem_avg_pct: avg(&mem),
            mem_peak_pct: peak(&mem),
        });
    }
    out
}

/// Use as the inspection judges it (`df`'s way): used over used plus
/// available, so blocks reserved for root do not count as free.
fn used_pct(used: u64, avail: u64) -> f64 {
    let whole = used + avail;
    if whole == 0 {
        0.0
    } else {
        used as f64 * 100.0 / whole as f64
    }
}

/// Days with samples needed before a growth per day is fitted.
pub const GROWTH_MIN_DAYS: usize = 3;
/// Days with samples needed before "days until full" is extrapolated.
pub const FULL_MIN_DAYS: usize = 7;

/// The least-squares slope of `(seconds, bytes)` samples, in bytes per day.
fn fitted_slope_per_day(samples: &[(f64, f64)]) -> Option<f64> {
    let n = samples.len() as f64;
    if samples.len() < 2 {
        return None;
    }
    let mean_t = samples.iter().map(|s| s.0).sum::<f64>() / n;
    let mean_y = samples.iter().map(|s| s.1).sum::<f64>() / n;
    let var: f64 = samples.iter().map(|s| (s.0 - mean_t).powi(2)).sum();
    if var == 0.0 {
        return None;
    }
    let cov: f64 = samples
        .iter()
        .map(|s| (s.0 - mean_t) * (s.1 - mean_y))
        .sum();
    Some(cov / var * 86_400.0)
}

/// Each filesystem of each host over `[from, to)`: use as the inspections
/// said it, the growth per day fitted over every sample when they cover at
/// least [`GROWTH_MIN_DAYS`] days, and days until full only from
/// [`FULL_MIN_DAYS`] days and a positive growth: two samples minutes apart
/// say nothing of a trend.
pub(super) fn disk_use(
    inspections: &[Inspection],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<DiskUse> {
    let mut out = Vec::new();
    for group in inspections.chunk_by(|a, b| a.kind == b.kind && a.target == b.target) {
        if group[0].kind != "host" {
            continue;
        }
        let mut seen: BTreeMap<&str, Vec<(DateTime<Utc>, &crate::inspect::host::FsMetrics)>> =
            BTreeMap::new();
        for i in group.iter().filter(|i| in_range(i.started, from, to)) {
            let Some(m) = &i.host else { continue };
            for fs in &m.filesystems {
                seen.entry(fs.mount.as_str())
                    .or_default()
                    .push((i.started, fs));
            }
        }
        for (mount, samples) in seen {
            let (t0, first) = samples[0];
            let (_, last) = samples[samples.len() - 1];
            let days: std::collections::BTreeSet<_> =
                samples.iter().map(|(t, _)| t.date_naive()).collect();
            let points: Vec<(f64, f64)> = samples
                .iter()
                .map(|(t, fs)| ((*t - t0).num_seconds() as f64, fs.used_bytes as f64))
                .collect();
            let growth = (days.len() >= GROWTH_MIN_DAYS)
                .then(|| fitted_slope_per_day(&points))
                .flatten();
            let days_until_full = growth
                .filter(|g| *g > 0.0 && days.len() >= FULL_MIN_DAYS)
                .map(|g| last.avail_bytes as f64 / g);
            out.push(DiskUse {
                target: group[0].target.clone(),
                mount: mount.to_string(),
                size_bytes: last.size_bytes,
                samples: samples.len(),
                days_of_data: days.len(),
                used_first_bytes: first.used_bytes,
                used_last_bytes: last.used_bytes,
                avail_bytes: last.avail_bytes,
                used_first_pct: used_pct(first.used_bytes, first.avail_bytes),
                used_last_pct: used_pct(last.used_bytes, last.avail_bytes),
                growth_bytes_per_day: growth,
                days_until_full,
            });
        }
    }
    out
}

/// A database over the week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DbWeek {
    pub target: String,
    pub samples: usize,
    pub connections_peak_pct: Option<f64>,
    pub size_first_bytes: u64,
    pub size_last_bytes: u64,
    /// The least free space seen, %.
    pub free_min_pct: Option<f64>,
    pub replication_lag_max_s: Option<f64>,
}

/// A network device over the week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceWeek {
    pub target: String,
    pub samples: usize,
    pub cpu_avg_pct: Option<f64>,
    pub cpu_peak_pct: Option<f64>,
    pub memory_avg_pct: Option<f64>,
    pub memory_peak_pct: Option<f64>,
    /// Errors counted during the week: the sum of the counters' rises
    /// between inspections (a counter that went down was cleared or the
    /// device reloaded: its new value is what it counted since). None with
    /// fewer than two readings.
    pub errors_growth: Option<u64>,
}

fn max_of(v: impl Iterator<Item = f64>) -> Option<f64> {
    v.reduce(f64::max)
}

pub(super) fn db_use(
    inspections: &[Inspection],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<DbWeek> {
    let mut out = Vec::new();
    for group in inspections.chunk_by(|a, b| a.kind == b.kind && a.target == b.target) {
        if group[0].kind != "db" {
            continue;
        }
        let mine: Vec<_> = group
            .iter()
            .filter(|i| in_range(i.started, from, to))
            .filter_map(|i| i.db.as_ref())
            .collect();
        let (Some(first), Some(last)) = (mine.first(), mine.last()) else {
            continue;
        };
        out.push(DbWeek {
            target: group[0].target.clone(),
            samples: mine.len(),
            connections_peak_pct: max_of(mine.iter().filter_map(|m| m.connections_pct)),
            size_first_bytes: first.size_bytes,
            size_last_bytes: last.size_bytes,
            free_min_pct: mine.iter().filter_map(|m| m.free_pct).reduce(f64::min),
            replication_lag_max_s: max_of(mine.iter().filter_map(|m| m.replication_lag_s)),
        });
    }
    out
}

pub(super) fn net_use(
    inspections: &[Inspection],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<DeviceWeek> {
    let mut out = Vec::new();
    for group in inspections.chunk_by(|a, b| a.kind == b.kind && a.target == b.target) {
        if group[0].kind != "net" {
            continue;
        }
        let mine: Vec<_> = group
            .iter()
            .filter(|i| in_range(i.started, from, to))
            .filter_map(|i| i.net.as_ref())
            .collect();
        if mine.is_empty() {
            continue;
        }
        let cpu: Vec<f64> = mine.iter().filter_map(|m| m.cpu_pct).collect();
        let mem: Vec<f64> = mine.iter().filter_map(|m| m.memory_used_pct).collect();
        let errors: Vec<u64> = mine.iter().filter_map(|m| m.errors).collect();
        out.push(DeviceWeek {
            target: group[0].target.clone(),
            samples: mine.len(),
            cpu_avg_pct: avg(&cpu),
            cpu_peak_pct: peak(&cpu),
            memory_avg_pct: avg(&mem),
            memory_peak_pct: peak(&mem),
            errors_growth: (errors.len() >= 2).then(|| counted_rises(&errors)),
        });
    }
    out
}

/// What a cumulative counter counted over its readings: each rise, and
/// after a drop (cleared, reloaded) the value it counted since.
fn counted_rises(readings: &[u64]) -> u64 {
    readings
        .windows(2)
        .map(|w| if w[1] >= w[0] { w[1] - w[0] } else { w[1] })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::counted_rises;

    #[test]
    fn a_cleared_counter_counts_what_it_counted_since() {
        assert_eq!(counted_rises(&[10, 15, 15, 40]), 30);
        assert_eq!(counted_rises(&[100, 120, 3, 8]), 20 + 3 + 5);
        assert_eq!(counted_rises(&[7]), 0);
    }
}
