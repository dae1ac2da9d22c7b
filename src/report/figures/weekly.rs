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
    pub used_first_bytes: u64,
    pub used_last_bytes: u64,
    pub avail_bytes: u64,
    pub used_first_pct: f64,
    pub used_last_pct: f64,
    pub growth_bytes_per_day: f64,
    pub days_until_full: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weekly {
    pub hosts: Vec<HostUse>,
    pub disks: Vec<DiskUse>,
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

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// A filesystem over a period: first time, first used bytes, last time, last figures.
type Span<'a> = (
    DateTime<Utc>,
    u64,
    DateTime<Utc>,
    &'a crate::inspect::host::FsMetrics,
);

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
        // mount -> (first time, first used, last time, last fs)
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        for i in group.iter().filter(|i| in_range(i.started, from, to)) {
            let Some(m) = &i.host else { continue };
            for fs in &m.filesystems {
                seen.entry(fs.mount.as_str())
                    .and_modify(|e| {
                        e.2 = i.started;
                        e.3 = fs;
                    })
                    .or_insert((i.started, fs.used_bytes, i.started, fs));
            }
        }
        for (mount, (t0, used0, t1, last)) in seen {
            let days = (t1 - t0).num_seconds() as f64 / 86_400.0;
            let growth = if days > 0.0 {
                (last.used_bytes as f64 - used0 as f64) / days
            } else {
                0.0
            };
            let size = last.size_bytes;
            out.push(DiskUse {
                target: group[0].target.clone(),
                mount: mount.to_string(),
                size_bytes: size,
                used_first_bytes: used0,
                used_last_bytes: last.used_bytes,
                avail_bytes: last.avail_bytes,
                used_first_pct: pct(used0, used0.max(size)),
                used_last_pct: pct(last.used_bytes, size),
                growth_bytes_per_day: growth,
                days_until_full: (growth > 0.0).then(|| last.avail_bytes as f64 / growth),
            });
        }
    }
    out
}
