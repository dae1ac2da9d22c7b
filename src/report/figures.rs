//! The figures of a report: a pure function of the records read and the period.
//!
//! Definitions (they are in the rendered reports too):
//! - a finding is a *problem* when its status is warn, crit or unknown; it is
//!   *raised* when an inspection has it and the previous inspection of the same
//!   target did not (or had none), *cleared* the other way round;
//! - *availability* of a target: the share of its inspections in the period
//!   whose overall status is neither crit nor unknown;
//! - an SLA clock is *judged* in the period when it stopped in the period, or
//!   when it was still running at the end of the period and its deadline fell in
//!   it (a breach); compliance = met / judged. Tickets are taken as they stood at
//!   the end of the period (later events are ignored);
//! - mean time to respond / resolve: wall-clock time from received to the first
//!   response (or closure) / to closure, over the clocks that stopped in the period;
//! - disk growth: used bytes of the last inspection of the period minus the
//!   first, per day between them; days until full = available bytes at the last
//!   inspection / growth per day (none when not growing);
//! - Pareto of fault causes: the causes of tickets closed in the period (not
//!   `no-fault`), and diagnose walks of the period not linked to a ticket, as
//!   `diagnose <runbook>: <outcome>`; sorted by count, then name; the rows up to
//!   and including the one that reaches 80 % cumulative are the vital few.

use super::load::{BackupRun, Change, Inputs, Inspection, OneOffRun, Skipped};
use super::period::Period;
use crate::check::Status;
use crate::ticket::sla::{self, ClockState, Policy};
use crate::ticket::{Category, Cause, Severity, Ticket};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The JSON schema version of [`Report`].
pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: u32,
    pub kind: &'static str,
    pub period: String,
    pub from: DateTime<Utc>,
    /// Exclusive.
    pub to: DateTime<Utc>,
    pub generated_at: DateTime<Utc>,
    pub skipped: Vec<Skipped>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily: Option<Daily>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekly: Option<Weekly>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quarterly: Option<Quarterly>,
    pub problems_found: Vec<String>,
    pub problems_solved: Vec<String>,
    pub plan: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FindingChange {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub target: String,
    pub check: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The status it went to (raised) or came from (cleared).
    pub status: Status,
    pub message: String,
}

impl FindingChange {
    pub fn label(&self) -> String {
        let subject = self
            .subject
            .as_deref()
            .map(|s| format!(" {s}"))
            .unwrap_or_default();
        format!(
            "{}: {}{} {}",
            self.target,
            self.check,
            subject,
            self.status.as_str()
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct InspectionRow {
    pub kind: String,
    pub target: String,
    pub at: DateTime<Utc>,
    pub status: Status,
    /// The findings worse than ok, `check subject: status value`.
    pub findings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TicketRow {
    pub id: String,
    pub severity: Severity,
    pub problem: String,
    pub overdue: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_due: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupDayRow {
    pub set: String,
    /// verified, failed or missing.
    pub state: &'static str,
    pub runs: usize,
    pub problems: Vec<String>,
}

/// A one-off verification of a PATH (not a set): listed once, never as missing days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OneOffRow {
    pub path: String,
    pub at: DateTime<Utc>,
    pub status: Status,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Daily {
    pub inspections: Vec<InspectionRow>,
    pub new_findings: Vec<FindingChange>,
    pub cleared_findings: Vec<FindingChange>,
    pub open_tickets: Vec<TicketRow>,
    pub overdue_tickets: usize,
    pub backups: Vec<BackupDayRow>,
    pub one_off_verifications: Vec<OneOffRow>,
}

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
pub struct BackupDays {
    pub set: String,
    pub runs: usize,
    pub done_days: usize,
    pub failed_days: usize,
    pub missing_days: usize,
    pub failed: Vec<NaiveDate>,
    pub missing: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Compliance {
    pub judged: usize,
    pub met: usize,
    /// met / judged × 100; none when nothing was judged.
    pub pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlaRow {
    pub severity: Severity,
    pub respond: Compliance,
    pub resolve: Compliance,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breach {
    pub ticket: String,
    pub severity: Severity,
    pub clock: &'static str,
    pub due: DateTime<Utc>,
    /// When the clock stopped; none when still running at the end of the period.
    pub stopped: Option<DateTime<Utc>>,
    pub late_minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeverityCount {
    pub severity: Severity,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketFlow {
    pub opened: Vec<SeverityCount>,
    pub closed: Vec<SeverityCount>,
    pub opened_total: usize,
    pub closed_total: usize,
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
    pub changes: Vec<ChangeView>,
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Availability {
    pub kind: String,
    pub target: String,
    pub inspections: usize,
    pub available: usize,
    pub pct: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeanTimes {
    /// `I`…`IV`, or `all`.
    pub severity: String,
    pub responded: usize,
    pub respond_minutes: Option<f64>,
    pub resolved: usize,
    pub resolve_minutes: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParetoRow {
    pub cause: String,
    pub count: usize,
    pub pct: f64,
    pub cumulative_pct: f64,
    /// Within the 80 % line: the vital few.
    pub vital: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recurring {
    pub what: String,
    pub times: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quarterly {
    pub availability: Vec<Availability>,
    pub incidents: Vec<SeverityCount>,
    pub mean_times: Vec<MeanTimes>,
    pub sla: Vec<SlaRow>,
    pub breaches: Vec<Breach>,
    pub pareto: Vec<ParetoRow>,
    pub recurring: Vec<Recurring>,
    pub findings_raised: usize,
    pub findings_cleared: usize,
    pub tickets: TicketFlow,
    pub walks: usize,
    pub backups: Vec<BackupDays>,
    pub one_off_verifications: Vec<OneOffRow>,
}

/// Everything a report is computed from besides the records.
pub struct Context<'a> {
    pub policy: &'a Policy,
    pub generated_at: DateTime<Utc>,
    pub plan: Vec<String>,
}

/// Build the report of `period` from `inputs`.
pub fn build(period: Period, inputs: &Inputs, ctx: &Context) -> Report {
    let (from, to) = (period.from(), period.to());
    let tickets: Vec<Ticket> = inputs.tickets.iter().filter_map(|t| as_of(t, to)).collect();
    let (raised, cleared) = finding_changes(&inputs.inspections, from, to);
    let opened: Vec<&Ticket> = tickets
        .iter()
        .filter(|t| in_range(t.received, from, to))
        .collect();
    let closed: Vec<&Ticket> = tickets
        .iter()
        .filter(|t| t.closed().is_some_and(|(e, _)| in_range(e.at, from, to)))
        .collect();
    let mut found: Vec<String> = raised
        .iter()
        .map(|c| format!("{} {}", c.at.format("%Y-%m-%d"), c.label()))
        .collect();
    found.extend(opened.iter().map(|t| {
        format!(
            "{} ticket {} ({}): {}",
            t.received.format("%Y-%m-%d"),
            t.id,
            t.severity(),
            first_line(&t.problem)
        )
    }));
    let mut solved: Vec<String> = cleared
        .iter()
        .map(|c| format!("{} {}", c.at.format("%Y-%m-%d"), c.label()))
        .collect();
    solved.extend(closed.iter().map(|t| {
        let (e, c) = t.closed().expect("closed");
        format!(
            "{} ticket {} ({}): {}",
            e.at.format("%Y-%m-%d"),
            t.id,
            c.cause,
            first_line(&c.resolution)
        )
    }));
    let mut report = Report {
        schema: SCHEMA,
        kind: period.kind(),
        period: period.to_string(),
        from,
        to,
        generated_at: ctx.generated_at,
        skipped: inputs.skipped.clone(),
        daily: None,
        weekly: None,
        quarterly: None,
        problems_found: found,
        problems_solved: solved,
        plan: ctx.plan.clone(),
    };
    match period {
        Period::Day(day) => {
            report.daily = Some(daily(
                day, inputs, &tickets, ctx.policy, raised, cleared, to,
            ))
        }
        Period::Week(..) => {
            report.weekly = Some(Weekly {
                hosts: host_use(&inputs.inspections, from, to),
                disks: disk_use(&inputs.inspections, from, to),
                backups: backup_days(period, &inputs.backup_sets, &inputs.backups),
                one_off_verifications: one_offs(&inputs.one_offs, from, to),
                findings_raised: raised,
                findings_cleared: cleared,
                tickets: flow(&opened, &closed),
                sla: sla_rows(&tickets, ctx.policy, from, to).0,
                changes: inputs
                    .changes
                    .iter()
                    .filter(|c| in_range(c.at, from, to))
                    .map(ChangeView::from)
                    .collect(),
            })
        }
        Period::Quarter(..) => {
            let (sla, breaches) = sla_rows(&tickets, ctx.policy, from, to);
            report.quarterly = Some(Quarterly {
                availability: availability(&inputs.inspections, from, to),
                incidents: Severity::ALL
                    .iter()
                    .map(|s| SeverityCount {
                        severity: *s,
                        count: opened
                            .iter()
                            .filter(|t| t.severity() == *s && t.category != Category::Consultation)
                            .count(),
                    })
                    .collect(),
                mean_times: mean_times(&tickets, ctx.policy, from, to),
                sla,
                breaches,
                pareto: pareto(&closed, &inputs.walks, from, to),
                recurring: recurring(&raised, &opened),
                findings_raised: raised.len(),
                findings_cleared: cleared.len(),
                tickets: flow(&opened, &closed),
                walks: inputs
                    .walks
                    .iter()
                    .filter(|w| in_range(w.started, from, to))
                    .count(),
                backups: backup_days(period, &inputs.backup_sets, &inputs.backups),
                one_off_verifications: one_offs(&inputs.one_offs, from, to),
            })
        }
    }
    report
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

fn in_range(t: DateTime<Utc>, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    t >= from && t < to
}

/// The ticket as it stood just before `to`: later events dropped; none if received later.
fn as_of(t: &Ticket, to: DateTime<Utc>) -> Option<Ticket> {
    if t.received >= to {
        return None;
    }
    let mut t = t.clone();
    t.events.retain(|e| e.at < to);
    Some(t)
}

fn is_problem(s: Status) -> bool {
    s >= Status::Warn
}

type Key = (String, Option<String>);

fn problems(i: &Inspection) -> BTreeMap<Key, (Status, String)> {
    i.findings
        .iter()
        .filter(|f| is_problem(f.status))
        .map(|f| {
            (
                (f.check.clone(), f.subject.clone()),
                (f.status, f.message.clone()),
            )
        })
        .collect()
}

/// Findings raised and cleared by the inspections in `[from, to)`, each against
/// the previous inspection of the same target (loaded from before `from` when there is one).
fn finding_changes(
    inspections: &[Inspection],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> (Vec<FindingChange>, Vec<FindingChange>) {
    let mut raised = Vec::new();
    let mut cleared = Vec::new();
    for group in inspections.chunk_by(|a, b| a.kind == b.kind && a.target == b.target) {
        let mut before: Option<BTreeMap<Key, (Status, String)>> = None;
        for i in group {
            if i.started >= to {
                break;
            }
            let now = problems(i);
            if i.started >= from {
                let change =
                    |(check, subject): &Key, (status, message): &(Status, String)| FindingChange {
                        at: i.started,
                        kind: i.kind.clone(),
                        target: i.target.clone(),
                        check: check.clone(),
                        subject: subject.clone(),
                        status: *status,
                        message: message.clone(),
                    };
                let empty = BTreeMap::new();
                let prev = before.as_ref().unwrap_or(&empty);
                for (k, v) in &now {
                    if !prev.contains_key(k) {
                        raised.push(change(k, v));
                    }
                }
                for (k, v) in prev {
                    if !now.contains_key(k) {
                        cleared.push(change(k, v));
                    }
                }
            }
            before = Some(now);
        }
    }
    raised.sort();
    cleared.sort();
    (raised, cleared)
}

fn daily(
    day: NaiveDate,
    inputs: &Inputs,
    tickets: &[Ticket],
    policy: &Policy,
    raised: Vec<FindingChange>,
    cleared: Vec<FindingChange>,
    to: DateTime<Utc>,
) -> Daily {
    let from = super::period::midnight(day);
    let mut rows = Vec::new();
    for group in inputs
        .inspections
        .chunk_by(|a, b| a.kind == b.kind && a.target == b.target)
    {
        if let Some(last) = group.iter().rev().find(|i| in_range(i.started, from, to)) {
            let mut findings: Vec<String> = last
                .findings
                .iter()
                .filter(|f| is_problem(f.status))
                .map(|f| {
                    let subject = f
                        .subject
                        .as_deref()
                        .map(|s| format!(" {s}"))
                        .unwrap_or_default();
                    format!(
                        "{}{}: {} {}",
                        f.check,
                        subject,
                        f.status.as_str(),
                        first_line(&f.message)
                    )
                })
                .collect();
            findings.sort();
            rows.push(InspectionRow {
                kind: last.kind.clone(),
                target: last.target.clone(),
                at: last.started,
                status: last.status,
                findings,
            });
        }
    }
    let mut open = Vec::new();
    for t in tickets.iter().filter(|t| t.closed().is_none()) {
        let s = sla::compute(t, policy, to);
        open.push(TicketRow {
            id: t.id.to_string(),
            severity: t.severity(),
            problem: first_line(&t.problem).to_string(),
            overdue: s.overdue(),
            next_due: s.next_due().map(|(_, d)| d),
        });
    }
    open.sort_by(|a, b| (!a.overdue, a.severity, &a.id).cmp(&(!b.overdue, b.severity, &b.id)));
    let backups = inputs
        .backup_sets
        .iter()
        .map(|set| {
            let runs: Vec<&BackupRun> = inputs
                .backups
                .iter()
                .filter(|b| &b.set == set && in_range(b.started, from, to))
                .collect();
            let state = day_state(&runs);
            BackupDayRow {
                set: set.clone(),
                state,
                runs: runs.len(),
                problems: runs
                    .iter()
                    .flat_map(|r| r.problems.iter().cloned())
                    .collect(),
            }
        })
        .collect();
    Daily {
        inspections: rows,
        new_findings: raised,
        cleared_findings: cleared,
        overdue_tickets: open.iter().filter(|t| t.overdue).count(),
        open_tickets: open,
        backups,
        one_off_verifications: one_offs(&inputs.one_offs, from, to),
    }
}

/// The one-off verifications of the period, oldest first.
fn one_offs(runs: &[OneOffRun], from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<OneOffRow> {
    runs.iter()
        .filter(|r| in_range(r.started, from, to))
        .map(|r| OneOffRow {
            path: r.path.clone(),
            at: r.started,
            status: r.status,
            problems: r.problems.clone(),
        })
        .collect()
}

/// A day of a backup set: verified when some verification was good (ok or
/// warn), failed when there were only bad ones, missing when there was none.
fn day_state(runs: &[&BackupRun]) -> &'static str {
    if runs.is_empty() {
        "missing"
    } else if runs.iter().any(|r| r.status <= Status::Warn) {
        "verified"
    } else {
        "failed"
    }
}

fn backup_days(period: Period, sets: &[String], runs: &[BackupRun]) -> Vec<BackupDays> {
    let days = period.days();
    sets.iter()
        .map(|set| {
            let mine: Vec<&BackupRun> = runs
                .iter()
                .filter(|r| &r.set == set && period.contains(r.started))
                .collect();
            let mut row = BackupDays {
                set: set.clone(),
                runs: mine.len(),
                done_days: 0,
                failed_days: 0,
                missing_days: 0,
                failed: Vec::new(),
                missing: Vec::new(),
            };
            for d in &days {
                let that: Vec<&BackupRun> = mine
                    .iter()
                    .copied()
                    .filter(|r| r.started.date_naive() == *d)
                    .collect();
                match day_state(&that) {
                    "verified" => row.done_days += 1,
                    "failed" => row.failed.push(*d),
                    _ => row.missing.push(*d),
                }
            }
            row.failed_days = row.failed.len();
            row.missing_days = row.missing.len();
            row
        })
        .collect()
}

fn avg(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

fn peak(v: &[f64]) -> Option<f64> {
    v.iter()
        .copied()
        .fold(None, |m, x| Some(m.map_or(x, |m: f64| m.max(x))))
}

fn host_use(inspections: &[Inspection], from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<HostUse> {
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

fn disk_use(inspections: &[Inspection], from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DiskUse> {
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

fn flow(opened: &[&Ticket], closed: &[&Ticket]) -> TicketFlow {
    let by = |ts: &[&Ticket]| {
        Severity::ALL
            .iter()
            .map(|s| SeverityCount {
                severity: *s,
                count: ts.iter().filter(|t| t.severity() == *s).count(),
            })
            .collect()
    };
    TicketFlow {
        opened: by(opened),
        closed: by(closed),
        opened_total: opened.len(),
        closed_total: closed.len(),
    }
}

/// SLA compliance per severity (respond and resolve apart), and every breach.
fn sla_rows(
    tickets: &[Ticket],
    policy: &Policy,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> (Vec<SlaRow>, Vec<Breach>) {
    let mut rows: Vec<SlaRow> = Severity::ALL
        .iter()
        .map(|s| SlaRow {
            severity: *s,
            respond: Compliance::default(),
            resolve: Compliance::default(),
        })
        .collect();
    let mut breaches = Vec::new();
    for t in tickets {
        let s = sla::compute(t, policy, to);
        let row = &mut rows[s.severity.index()];
        for (name, clock, tally) in [
            ("respond", &s.respond, &mut row.respond),
            ("resolve", &s.resolve, &mut row.resolve),
        ] {
            let judged = match clock.stopped {
                Some(at) => in_range(at, from, to),
                None => {
                    clock.state == ClockState::Overdue
                        && clock.due.is_some_and(|d| in_range(d, from, to))
                }
            };
            if !judged {
                continue;
            }
            tally.judged += 1;
            if clock.state == ClockState::Met {
                tally.met += 1;
            } else if let Some(due) = clock.due {
                breaches.push(Breach {
                    ticket: t.id.to_string(),
                    severity: s.severity,
                    clock: name,
                    due,
                    stopped: clock.stopped,
                    late_minutes: (clock.stopped.unwrap_or(to) - due).num_minutes(),
                });
            }
        }
    }
    for r in &mut rows {
        for c in [&mut r.respond, &mut r.resolve] {
            c.pct = (c.judged > 0).then(|| c.met as f64 * 100.0 / c.judged as f64);
        }
    }
    breaches.sort_by(|a, b| (a.due, &a.ticket, a.clock).cmp(&(b.due, &b.ticket, b.clock)));
    (rows, breaches)
}

fn mean_times(
    tickets: &[Ticket],
    policy: &Policy,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<MeanTimes> {
    let mut per: BTreeMap<usize, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for t in tickets {
        let s = sla::compute(t, policy, to);
        let e = per.entry(s.severity.index()).or_default();
        if let Some(at) = s.respond.stopped.filter(|at| in_range(*at, from, to)) {
            e.0.push((at - t.received).num_seconds() as f64 / 60.0);
        }
        if let Some((ev, _)) = t.closed().filter(|(ev, _)| in_range(ev.at, from, to)) {
            e.1.push((ev.at - t.received).num_seconds() as f64 / 60.0);
        }
    }
    let row = |name: String, r: &[f64], c: &[f64]| MeanTimes {
        severity: name,
        responded: r.len(),
        respond_minutes: avg(r),
        resolved: c.len(),
        resolve_minutes: avg(c),
    };
    let mut out: Vec<MeanTimes> = Severity::ALL
        .iter()
        .map(|s| {
            let (r, c) = per.get(&s.index()).cloned().unwrap_or_default();
            row(s.to_string(), &r, &c)
        })
        .collect();
    let all_r: Vec<f64> = per.values().flat_map(|(r, _)| r.iter().copied()).collect();
    let all_c: Vec<f64> = per.values().flat_map(|(_, c)| c.iter().copied()).collect();
    out.push(row("all".into(), &all_r, &all_c));
    out
}

fn availability(
    inspections: &[Inspection],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Availability> {
    let mut out = Vec::new();
    for group in inspections.chunk_by(|a, b| a.kind == b.kind && a.target == b.target) {
        let mine: Vec<&Inspection> = group
            .iter()
            .filter(|i| in_range(i.started, from, to))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let available = mine
            .iter()
            .filter(|i| !matches!(i.status, Status::Crit | Status::Unknown))
            .count();
        out.push(Availability {
            kind: group[0].kind.clone(),
            target: group[0].target.clone(),
            inspections: mine.len(),
            available,
            pct: available as f64 * 100.0 / mine.len() as f64,
        });
    }
    out
}

fn pareto(
    closed: &[&Ticket],
    walks: &[super::load::Walk],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<ParetoRow> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for t in closed {
        let (_, c) = t.closed().expect("closed");
        if c.cause != Cause::NoFault {
            *counts.entry(c.cause.as_str().to_string()).or_default() += 1;
        }
    }
    for w in walks
        .iter()
        .filter(|w| in_range(w.started, from, to) && w.ticket.is_none())
    {
        *counts
            .entry(format!("diagnose {}: {}", w.runbook, w.status.as_str()))
            .or_default() += 1;
    }
    let total: usize = counts.values().sum();
    let mut rows: Vec<(String, usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut cum = 0;
    let mut out = Vec::new();
    for (cause, count) in rows {
        let before = cum as f64 * 100.0 / total as f64;
        cum += count;
        out.push(ParetoRow {
            cause,
            count,
            pct: count as f64 * 100.0 / total as f64,
            cumulative_pct: cum as f64 * 100.0 / total as f64,
            vital: before < 80.0,
        });
    }
    out
}

/// The same finding raised twice or more, and targets with two tickets or more.
fn recurring(raised: &[FindingChange], opened: &[&Ticket]) -> Vec<Recurring> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in raised {
        let subject = r
            .subject
            .as_deref()
            .map(|s| format!(" {s}"))
            .unwrap_or_default();
        *counts
            .entry(format!("{}: {}{}", r.target, r.check, subject))
            .or_default() += 1;
    }
    let mut per_target: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for t in opened {
        for target in &t.targets {
            per_target
                .entry(target)
                .or_default()
                .insert(t.id.to_string());
        }
    }
    for (target, ids) in per_target {
        counts.insert(
            format!(
                "{target}: tickets {}",
                ids.into_iter().collect::<Vec<_>>().join(", ")
            ),
            0,
        );
    }
    let mut out: Vec<Recurring> = counts
        .into_iter()
        .filter_map(|(what, n)| {
            if n == 0 {
                let tickets = what.matches("T-").count();
                (tickets >= 2).then_some(Recurring {
                    what,
                    times: tickets,
                })
            } else {
                (n >= 2).then_some(Recurring { what, times: n })
            }
        })
        .collect();
    out.sort_by(|a, b| b.times.cmp(&a.times).then_with(|| a.what.cmp(&b.what)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Finding;
    use crate::inspect::host::{FsMetrics, HostMetrics};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn host(at: &str, used: u64, findings: Vec<Finding>) -> Inspection {
        Inspection {
            kind: "host".into(),
            target: "web01".into(),
            started: t(at),
            status: Status::worst(findings.iter().map(|f| f.status)),
            findings,
            host: Some(HostMetrics {
                filesystems: vec![FsMetrics {
                    mount: "/var".into(),
                    size_bytes: 1000,
                    used_bytes: used,
                    avail_bytes: 1000 - used,
                    ..FsMetrics::default()
                }],
                ..HostMetrics::default()
            }),
        }
    }

    #[test]
    fn disk_growth_and_days_until_full_over_the_period() {
        // 500 used at the start, 600 two days later: 50 a day, 400 left: 8 days.
        let v = [
            host("2026-11-15T06:00:00Z", 100, vec![]),
            host("2026-11-16T06:00:00Z", 500, vec![]),
            host("2026-11-17T18:00:00Z", 550, vec![]),
            host("2026-11-18T06:00:00Z", 600, vec![]),
        ];
        let d = disk_use(&v, t("2026-11-16T00:00:00Z"), t("2026-11-23T00:00:00Z"));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].growth_bytes_per_day, 50.0);
        assert_eq!(d[0].days_until_full, Some(8.0));
        assert_eq!(d[0].used_first_pct, 50.0);
    }

    #[test]
    fn findings_are_raised_and_cleared_against_the_previous_inspection() {
        let warn = || vec![Finding::new("swap", Status::Warn, "swap 75 %")];
        let v = [
            host("2026-11-15T06:00:00Z", 1, warn()), // before the period: the baseline
            host("2026-11-16T06:00:00Z", 1, warn()), // still there: not raised again
            host("2026-11-17T06:00:00Z", 1, vec![]), // cleared
            host("2026-11-18T06:00:00Z", 1, warn()), // raised
        ];
        let (raised, cleared) =
            finding_changes(&v, t("2026-11-16T00:00:00Z"), t("2026-11-23T00:00:00Z"));
        assert_eq!(
            raised.iter().map(|c| c.at).collect::<Vec<_>>(),
            [t("2026-11-18T06:00:00Z")]
        );
        assert_eq!(
            cleared.iter().map(|c| c.at).collect::<Vec<_>>(),
            [t("2026-11-17T06:00:00Z")]
        );
    }

    #[test]
    fn pareto_sorts_by_count_then_name_and_marks_the_80_percent_line() {
        let walk = |runbook: &str, status| super::super::load::Walk {
            path: String::new(),
            runbook: runbook.into(),
            target: "x".into(),
            started: t("2026-11-16T06:00:00Z"),
            status,
            ticket: None,
        };
        use crate::runbook::WalkStatus::*;
        let walks = [
            walk("no-power", Escalated),
            walk("no-power", Escalated),
            walk("no-power", Escalated),
            walk("no-display", Resolved),
            walk("a", Resolved),
        ];
        let p = pareto(
            &[],
            &walks,
            t("2026-11-16T00:00:00Z"),
            t("2026-11-23T00:00:00Z"),
        );
        let got: Vec<(&str, usize, f64, bool)> = p
            .iter()
            .map(|r| (r.cause.as_str(), r.count, r.cumulative_pct, r.vital))
            .collect();
        assert_eq!(
            got,
            [
                ("diagnose no-power: escalated", 3, 60.0, true),
                ("diagnose a: resolved", 1, 80.0, true),
                ("diagnose no-display: resolved", 1, 100.0, false),
            ]
        );
    }
}
