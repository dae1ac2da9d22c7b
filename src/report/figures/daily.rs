//! The daily report: the last inspection of each target that day with its
//! problems, findings raised and cleared, the open tickets (overdue first)
//! and the state of each backup set that day.

use super::shared::{
    FindingChange, OneOffRow, day_state, first_line, in_range, is_problem, one_offs,
};
use crate::check::Status;
use crate::report::load::{BackupRun, Inputs};
use crate::ticket::sla::{self, Policy};
use crate::ticket::{Severity, Ticket};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct InspectionRow {
    pub kind: String,
    pub target: String,
    pub at: DateTime<Utc>,
    pub status: Status,
    /// The findings worse than ok, `check subject: status value`.
    pub findings: Vec<String>,
    /// The hosts a BMC or UPS serves.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub serves: Vec<String>,
    /// The same findings (worse than ok), for a report in another language;
    /// not in the JSON figures.
    #[serde(skip)]
    pub problems: Vec<crate::check::Finding>,
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
    /// The same problems as findings (for another language); not in the JSON.
    #[serde(skip)]
    pub problem_findings: Vec<crate::check::Finding>,
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

pub(super) fn daily(
    inputs: &Inputs,
    tickets: &[Ticket],
    policy: &Policy,
    raised: Vec<FindingChange>,
    cleared: Vec<FindingChange>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Daily {
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
            let mut problems: Vec<crate::check::Finding> = last
                .findings
                .iter()
                .filter(|f| is_problem(f.status))
                .cloned()
                .collect();
            problems.sort_by(|a, b| (&a.check, &a.subject).cmp(&(&b.check, &b.subject)));
            rows.push(InspectionRow {
                kind: last.kind.clone(),
                target: last.target.clone(),
                at: last.started,
                status: last.status,
                findings,
                serves: last.serves.clone(),
                problems,
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
                problem_findings: runs
                    .iter()
                    .flat_map(|r| r.findings.iter().cloned())
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
