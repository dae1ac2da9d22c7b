//! The figures of a report: a pure function of the records read and the period.
//!
//! Definitions (they are in the rendered reports too):
//! - a finding is a *problem* when its status is warn, crit or unknown; it is
//!   *raised* when an inspection has it and the previous inspection of the same
//!   target did not (or had none), *cleared* the other way round;
//! - *availability* of a target: the share of the time its scheduled runs
//!   cover in which it answered, reboots seen from uptime counted as outages
//!   (`quarterly::availability` has the details); a crit finding is not downtime;
//! - an SLA clock is *judged* in the period when it stopped in the period, or
//!   when it was still running at the end of the period and its deadline fell in
//!   it (a breach); compliance = met / judged. Tickets are taken as they stood at
//!   the end of the period (later events are ignored);
//! - mean time to respond / resolve: wall-clock time from received to the first
//!   response (or closure) / to closure, over the clocks that stopped in the period;
//! - disk use: the inspection's own percentage, used / (used + available);
//!   growth per day: the least-squares slope of used bytes over every
//!   inspection of the period, given only when they fall on at least 3 days;
//!   days until full = available bytes at the last inspection / growth per
//!   day, given only from at least 7 days of data and a positive growth
//!   ("not enough data" otherwise);
//! - Pareto of fault causes: the causes of tickets closed in the period (not
//!   `no-fault`), and diagnose walks of the period not linked to a ticket, as
//!   `diagnose <runbook>: <outcome>`; sorted by count, then name; the rows up to
//!   and including the one that reaches 80 % cumulative are the vital few;
//!   A resolution is judged by the customer's agreed time when a plan moved
//!   the deadline later (`ticket::service`); the report lists those tickets;
//! - defective parts: the parts recorded replaced (`ticket part`) in the
//!   period, by customer and kind;
//! - on-site visits, return visits and satisfaction per customer: see `service`.
//!
//! One module per kind of report: `daily`, `weekly`, `quarterly`, each with
//! its figures' types and what only it computes; `shared` holds the figures
//! and the helpers more than one kind uses. [`build`] picks the kind from the
//! period and puts the report together.

mod daily;
pub mod parts;
mod quarterly;
pub mod service;
mod shared;
mod weekly;

pub use daily::{BackupDayRow, Daily, InspectionRow, TicketRow};
pub use parts::{PartCount, PartRow, Parts};
pub use quarterly::{
    Availability, MeanTimes, ParetoRow, Quarterly, Recurred, Recurring, vital_few,
};
pub use service::{Service, ServiceRow};
pub use shared::{
    AgreedDeadline, BackupDays, Breach, Compliance, FindingChange, OneOffRow, Problem,
    SeverityCount, SlaRow, TicketFlow, scalar,
};
pub use weekly::{
    BackupTaken, ChangeMade, ChangeView, DbWeek, DeviceWeek, DiskUse, HostUse, Weekly,
};

use super::load::{Inputs, Skipped};
use super::period::{Period, Span};
use crate::ticket::sla::Policy;
use crate::ticket::{Category, Severity, Ticket};
use chrono::{DateTime, Utc};
use quarterly::{availability, mean_times, pareto, recurring};
use serde::Serialize;
use shared::{as_of, backup_days, finding_changes, first_line, flow, in_range, one_offs, sla_rows};
use weekly::{disk_use, host_use};

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
    /// The IANA zone whose calendar the period is of (`Asia/Shanghai`).
    pub timezone: String,
    /// Set when the period was not finished when the report was made: its
    /// figures are as of this instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<DateTime<Utc>>,
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
    /// Who made the report for whom: the header and the sign-off lines.
    pub cover: crate::report::cover::Cover,
    /// The problems found and solved as their parts, one for each line of
    /// `problems_found` / `problems_solved`, in the same order, so that a
    /// report in another language can word them; not in the JSON figures.
    #[serde(skip)]
    pub found: Vec<Problem>,
    #[serde(skip)]
    pub solved: Vec<Problem>,
}

/// Everything a report is computed from besides the records.
pub struct Context<'a> {
    pub policy: &'a Policy,
    pub generated_at: DateTime<Utc>,
    pub plan: Vec<String>,
    pub cover: crate::report::cover::Cover,
}

/// Build the report of `period` from `inputs`.
pub fn build(period: Period, inputs: &Inputs, ctx: &Context) -> Report {
    let (from, period_end) = (period.from(), period.to());
    // An unfinished period is judged as of now: a ticket not yet due is not
    // late, and an open one's lateness runs to now, not to the period's end.
    // Now itself is in: a record made at this instant belongs to the report.
    let to = period_end.min(ctx.generated_at + chrono::Duration::milliseconds(1));
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
    let mut found_parts: Vec<Problem> = raised.iter().cloned().map(Problem::Finding).collect();
    found_parts.extend(opened.iter().map(|t| Problem::Opened {
        day: t.received.format("%Y-%m-%d").to_string(),
        ticket: t.id.to_string(),
        severity: t.severity(),
        problem: first_line(&t.problem).to_string(),
    }));
    let mut solved_parts: Vec<Problem> = cleared.iter().cloned().map(Problem::Finding).collect();
    solved_parts.extend(closed.iter().map(|t| {
        let (e, c) = t.closed().expect("closed");
        Problem::Closed {
            day: e.at.format("%Y-%m-%d").to_string(),
            ticket: t.id.to_string(),
            cause: c.cause,
            resolution: first_line(&c.resolution).to_string(),
        }
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
        to: period_end,
        timezone: period.zone.name().to_string(),
        as_of: (ctx.generated_at < period_end).then_some(ctx.generated_at),
        generated_at: ctx.generated_at,
        skipped: inputs.skipped.clone(),
        daily: None,
        weekly: None,
        quarterly: None,
        problems_found: found,
        problems_solved: solved,
        plan: ctx.plan.clone(),
        cover: ctx.cover.clone(),
        found: found_parts,
        solved: solved_parts,
    };
    match period.span {
        Span::Day(_) => {
            report.daily = Some(daily::daily(
                inputs, &tickets, ctx.policy, raised, cleared, from, to,
            ))
        }
        Span::Week(..) => {
            let sla = sla_rows(&tickets, ctx.policy, from, to);
            report.weekly = Some(Weekly {
                hosts: host_use(&inputs.inspections, from, to),
                disks: disk_use(&inputs.inspections, from, to),
                databases: weekly::db_use(&inputs.inspections, from, to),
                devices: weekly::net_use(&inputs.inspections, from, to),
                backups: backup_days(period, &inputs.backup_sets, &inputs.backups),
                one_off_verifications: one_offs(&inputs.one_offs, from, to),
                findings_raised: raised,
                findings_cleared: cleared,
                tickets: flow(&opened, &closed),
                sla: sla.rows,
                sla_agreed: sla.agreed,
                service: service::service(&tickets, ctx.policy, from, to),
                changes: inputs
                    .changes
                    .iter()
                    .filter(|c| in_range(c.at, from, to))
                    .map(ChangeView::from)
                    .collect(),
                changes_made: weekly::changes_made(&inputs.change_records, from, to),
                backups_taken: weekly::backups_taken(&inputs.takes, from, to),
            })
        }
        Span::Quarter(..) => {
            let sla = sla_rows(&tickets, ctx.policy, from, to);
            report.quarterly = Some(Quarterly {
                changes_made: weekly::changes_made(&inputs.change_records, from, to),
                backups_taken: weekly::backups_taken(&inputs.takes, from, to),
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
                sla: sla.rows,
                breaches: sla.breaches,
                sla_agreed: sla.agreed,
                service: service::service(&tickets, ctx.policy, from, to),
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
                parts: parts::parts(&tickets, from, to),
            })
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Finding, Status};
    use crate::inspect::host::{FsMetrics, HostMetrics};
    use crate::report::load::Inspection;

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
            db: None,
            net: None,
            serves: Vec::new(),
        }
    }

    #[test]
    fn disk_growth_is_fitted_and_days_until_full_needs_a_week_of_data() {
        // 500 used at the start, 550 and 600 on the next days: 50 a day, fitted
        // over three days; too few days to say when it fills.
        let v = [
            host("2026-11-15T06:00:00Z", 100, vec![]),
            host("2026-11-16T06:00:00Z", 500, vec![]),
            host("2026-11-17T06:00:00Z", 550, vec![]),
            host("2026-11-18T06:00:00Z", 600, vec![]),
        ];
        let d = disk_use(&v, t("2026-11-16T00:00:00Z"), t("2026-11-23T00:00:00Z"));
        assert_eq!(d.len(), 1);
        assert!((d[0].growth_bytes_per_day.unwrap() - 50.0).abs() < 1e-9);
        assert_eq!(d[0].days_until_full, None, "3 days of data");
        assert_eq!(d[0].used_first_pct, 50.0);
        // Seven days, with a noisy day: the fit, not first-to-last.
        let used = [500, 600, 600, 600, 600, 600, 620];
        let week: Vec<_> = used
            .iter()
            .enumerate()
            .map(|(i, u)| host(&format!("2026-11-{}T06:00:00Z", 16 + i), *u, vec![]))
            .collect();
        let d = disk_use(&week, t("2026-11-16T00:00:00Z"), t("2026-11-23T00:00:00Z"));
        // Slope of (0..6, used): sum((x-3)(y-mean)) / sum((x-3)^2) = 360 / 28;
        // first to last would say 120 / 6 = 20.
        let g = d[0].growth_bytes_per_day.unwrap();
        assert!((g - 360.0 / 28.0).abs() < 1e-9, "{g}");
        assert!((d[0].days_until_full.unwrap() - 380.0 / g).abs() < 1e-9);
        // Two samples minutes apart: no growth, no days until full.
        let burst = [
            host("2026-11-16T06:00:00Z", 500, vec![]),
            host("2026-11-16T06:05:00Z", 520, vec![]),
        ];
        let d = disk_use(&burst, t("2026-11-16T00:00:00Z"), t("2026-11-23T00:00:00Z"));
        assert_eq!(
            (d[0].growth_bytes_per_day, d[0].days_until_full),
            (None, None)
        );
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
}
