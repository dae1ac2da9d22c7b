//! The figures and helpers that more than one kind of report uses: findings
//! raised and cleared, one-off verifications, backup days, ticket flow, SLA
//! compliance and breaches, and the small time and text helpers.

use crate::check::Status;
use crate::report::load::{BackupRun, Inspection, OneOffRun};
use crate::report::period::Period;
use crate::ticket::service::Deadline;
use crate::ticket::sla::{self, ClockState, Policy};
use crate::ticket::{Severity, Ticket};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

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
    /// The finding's value (a number or a name), for a report in another
    /// language than the message's; not in the JSON figures.
    #[serde(skip)]
    pub value: Option<String>,
    /// The finding's threshold as the inspection wrote it; not in the JSON.
    #[serde(skip)]
    pub threshold: Option<String>,
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

/// A one-off verification of a PATH (not a set): listed once, never as missing days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OneOffRow {
    pub path: String,
    pub at: DateTime<Utc>,
    pub status: Status,
    pub problems: Vec<String>,
    /// The same problems as findings (for another language); not in the JSON.
    #[serde(skip)]
    pub problem_findings: Vec<crate::check::Finding>,
}

/// A problem found or solved in the period, as its parts, so that a report
/// can word it in its own language (the JSON figures hold the English line).
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A finding raised (found) or cleared (solved).
    Finding(FindingChange),
    /// A ticket received in the period.
    Opened {
        day: String,
        ticket: String,
        severity: Severity,
        problem: String,
    },
    /// A ticket closed in the period.
    Closed {
        day: String,
        ticket: String,
        cause: crate::ticket::Cause,
        resolution: String,
    },
}

/// A finding's value as text when it is a number or a name (else none).
pub fn scalar(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
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
    /// `sla`, or `agreed` when `due` is a later resolution time the customer agreed to.
    pub deadline: Deadline,
    /// When the clock stopped; none when still running at the end of the period.
    pub stopped: Option<DateTime<Utc>>,
    pub late_minutes: i64,
}

/// A resolution judged in the period by the later deadline the customer
/// agreed to in a plan, not by the SLA's own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreedDeadline {
    pub ticket: String,
    pub customer: String,
    pub severity: Severity,
    /// The SLA's own deadline, which the agreed time replaced.
    pub sla_due: Option<DateTime<Utc>>,
    pub agreed_time: DateTime<Utc>,
    pub agreed_by: String,
    /// When it was resolved; none when still open at the end of the period.
    pub stopped: Option<DateTime<Utc>>,
    pub met: bool,
}

/// SLA compliance per severity, every breach, and which resolutions were
/// judged by an agreed deadline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SlaFigures {
    pub rows: Vec<SlaRow>,
    pub breaches: Vec<Breach>,
    pub agreed: Vec<AgreedDeadline>,
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

pub(super) fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

pub(super) fn in_range(t: DateTime<Utc>, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    t >= from && t < to
}

/// The ticket as it stood just before `to`: later events dropped; none if received later.
pub(super) fn as_of(t: &Ticket, to: DateTime<Utc>) -> Option<Ticket> {
    if t.received >= to {
        return None;
    }
    let mut t = t.clone();
    t.events.retain(|e| e.at < to);
    Some(t)
}

pub(super) fn is_problem(s: Status) -> bool {
    s >= Status::Warn
}

type Key = (String, Option<String>);

fn problems(i: &Inspection) -> BTreeMap<Key, &crate::check::Finding> {
    i.findings
        .iter()
        .filter(|f| is_problem(f.status))
        .map(|f| ((f.check.clone(), f.subject.clone()), f))
        .collect()
}

/// Findings raised and cleared by the inspections in `[from, to)`, each against
/// the previous inspection of the same target (loaded from before `from` when there is one).
pub(super) fn finding_changes(
    inspections: &[Inspection],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> (Vec<FindingChange>, Vec<FindingChange>) {
    let mut raised = Vec::new();
    let mut cleared = Vec::new();
    for group in inspections.chunk_by(|a, b| a.kind == b.kind && a.target == b.target) {
        let mut before: Option<BTreeMap<Key, &crate::check::Finding>> = None;
        for i in group {
            if i.started >= to {
                break;
            }
            let now = problems(i);
            if i.started >= from {
                let change = |(check, subject): &Key, f: &&crate::check::Finding| FindingChange {
                    at: i.started,
                    kind: i.kind.clone(),
                    target: i.target.clone(),
                    check: check.clone(),
                    subject: subject.clone(),
                    status: f.status,
                    message: f.message.clone(),
                    value: scalar(&f.value),
                    threshold: f.threshold.clone(),
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

/// The one-off verifications of the period, oldest first.
pub(super) fn one_offs(
    runs: &[OneOffRun],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<OneOffRow> {
    runs.iter()
        .filter(|r| in_range(r.started, from, to))
        .map(|r| OneOffRow {
            path: r.path.clone(),
            at: r.started,
            status: r.status,
            problems: r.problems.clone(),
            problem_findings: r.findings.clone(),
        })
        .collect()
}

/// A day of a backup set: verified when some verification was good (ok or
/// warn), failed when there were only bad ones, missing when there was none.
pub(super) fn day_state(runs: &[&BackupRun]) -> &'static str {
    if runs.is_empty() {
        "missing"
    } else if runs.iter().any(|r| r.status <= Status::Warn) {
        "verified"
    } else {
        "failed"
    }
}

pub(super) fn backup_days(period: Period, sets: &[String], runs: &[BackupRun]) -> Vec<BackupDays> {
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

pub(super) fn avg(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

pub(super) fn flow(opened: &[&Ticket], closed: &[&Ticket]) -> TicketFlow {
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
/// A resolution is judged by the deadline `sla::compute` gives it: the agreed
/// time of a plan when that is later than the SLA's (`ticket::service`); those
/// are listed in [`SlaFigures::agreed`] so that the report can say so.
pub(super) fn sla_rows(
    tickets: &[Ticket],
    policy: &Policy,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> SlaFigures {
    let mut rows: Vec<SlaRow> = Severity::ALL
        .iter()
        .map(|s| SlaRow {
            severity: *s,
            respond: Compliance::default(),
            resolve: Compliance::default(),
        })
        .collect();
    let mut breaches = Vec::new();
    let mut agreed = Vec::new();
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
            let by = if name == "resolve" {
                s.resolve_by
            } else {
                Deadline::Sla
            };
            if by == Deadline::Agreed
                && let Some((_, plan)) = t.agreed_plan()
            {
                agreed.push(AgreedDeadline {
                    ticket: t.id.to_string(),
                    customer: t.customer.clone(),
                    severity: s.severity,
                    sla_due: s.resolve_sla_due,
                    agreed_time: plan.agreed_time,
                    agreed_by: plan.agreed_by.clone(),
                    stopped: clock.stopped,
                    met: clock.state == ClockState::Met,
                });
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
                    deadline: by,
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
    agreed.sort_by(|a, b| (a.agreed_time, &a.ticket).cmp(&(b.agreed_time, &b.ticket)));
    SlaFigures {
        rows,
        breaches,
        agreed,
    }
}
