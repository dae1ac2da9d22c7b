//! The quarterly report's own figures: availability per target, incidents,
//! mean times to respond and resolve, the Pareto of fault causes and what
//! recurred. (SLA, backups and ticket flow are shared, in `shared`.)

use super::shared::{
    BackupDays, Breach, FindingChange, OneOffRow, SeverityCount, SlaRow, TicketFlow, avg, in_range,
};
use crate::check::Status;
use crate::report::load::{Inspection, Walk};
use crate::ticket::sla::{self, Policy};
use crate::ticket::{Cause, Severity, Ticket};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Availability {
    pub kind: String,
    pub target: String,
    /// Its scheduled inspection runs in the period (one record each).
    pub inspections: usize,
    /// The runs in which it answered.
    pub available: usize,
    /// Reboots seen from uptime.
    pub reboots: usize,
    /// The time counted as down: unanswered runs and reboot outages.
    pub down_minutes: i64,
    /// The time the runs cover: first run to the last run's next due time.
    pub covered_minutes: i64,
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
    /// What recurred, as its parts (for another language); not in the JSON.
    #[serde(skip)]
    pub about: Recurred,
}

/// What recurred: a finding of a target, or a target's tickets.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Recurred {
    #[default]
    Nothing,
    Finding {
        target: String,
        check: String,
        subject: Option<String>,
    },
    Tickets {
        target: String,
        tickets: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quarterly {
    /// Change records finished in the quarter.
    pub changes_made: Vec<super::weekly::ChangeMade>,
    /// Backups taken for tickets and changes in the quarter.
    pub backups_taken: Vec<super::weekly::BackupTaken>,
    pub availability: Vec<Availability>,
    pub incidents: Vec<SeverityCount>,
    pub mean_times: Vec<MeanTimes>,
    pub sla: Vec<SlaRow>,
    pub breaches: Vec<Breach>,
    /// The resolutions judged by an agreed deadline.
    pub sla_agreed: Vec<super::shared::AgreedDeadline>,
    /// On-site visits, return visits and satisfaction per customer.
    pub service: super::service::Service,
    pub pareto: Vec<ParetoRow>,
    pub recurring: Vec<Recurring>,
    pub findings_raised: usize,
    pub findings_cleared: usize,
    pub tickets: TicketFlow,
    pub walks: usize,
    pub backups: Vec<BackupDays>,
    pub one_off_verifications: Vec<OneOffRow>,
    /// The defective parts report of the quarter.
    pub parts: super::parts::Parts,
}

pub(super) fn mean_times(
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

/// Availability of each target over `[from, to)`: the share of the time
/// its scheduled inspection runs cover in which it answered. Each run
/// stands for the time until the next one (the last for the median
/// interval, at most up to `to`); a run in which it did not answer (its
/// `reach` or `connect` check crit or unknown) counts that time as down;
/// and a run that finds a reboot (uptime shorter than the time since the
/// previous run, which answered) counts the time from that run to the boot
/// as down: the longest the outage can have lasted. A crit finding of a
/// target that answered is a problem found, not downtime.
pub(super) fn availability(
    inspections: &[Inspection],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Availability> {
    let mut out = Vec::new();
    for group in inspections.chunk_by(|a, b| a.kind == b.kind && a.target == b.target) {
        let runs: Vec<&Inspection> = group
            .iter()
            .filter(|i| in_range(i.started, from, to))
            .collect();
        if runs.is_empty() {
            continue;
        }
        let mut gaps: Vec<Duration> = runs
            .windows(2)
            .map(|w| w[1].started - w[0].started)
            .collect();
        gaps.sort();
        let typical = gaps
            .get(gaps.len() / 2)
            .copied()
            .unwrap_or(Duration::days(1));
        let mut covered = Duration::zero();
        let mut down = Duration::zero();
        let mut reboots = 0;
        for (k, run) in runs.iter().enumerate() {
            let until = match runs.get(k + 1) {
                Some(next) => next.started,
                None => (run.started + typical).min(to),
            };
            let span = until - run.started;
            covered += span;
            if !answered(run) {
                down += span;
                continue;
            }
            let Some(prev) = k.checked_sub(1).map(|p| runs[p]) else {
                continue;
            };
            let uptime = run
                .host
                .as_ref()
                .and_then(|h| h.uptime_seconds)
                .map(|s| Duration::seconds(s as i64));
            if let Some(up) = uptime
                && answered(prev)
                && up < run.started - prev.started
            {
                reboots += 1;
                down += run.started - up - prev.started;
            }
        }
        let available = runs.iter().filter(|r| answered(r)).count();
        let pct = if covered > Duration::zero() {
            100.0 * (1.0 - down.num_seconds() as f64 / covered.num_seconds() as f64)
        } else {
            available as f64 * 100.0 / runs.len() as f64
        };
        out.push(Availability {
            kind: group[0].kind.clone(),
            target: group[0].target.clone(),
            inspections: runs.len(),
            available,
            reboots,
            down_minutes: down.num_minutes(),
            covered_minutes: covered.num_minutes(),
            pct,
        });
    }
    out
}

/// Whether the target answered in this run: reached and inspected.
fn answered(run: &Inspection) -> bool {
    !run.findings.iter().any(|f| {
        matches!(f.check.as_str(), "reach" | "connect")
            && matches!(f.status, Status::Crit | Status::Unknown)
    })
}

/// How many of `counts` (sorted from the largest) are the vital few: the
/// categories up to and including the first at which the cumulative share
/// reaches 80 %. Integer arithmetic, so that exactly 80 % is a cut.
pub fn vital_few(counts: &[usize]) -> usize {
    let total: usize = counts.iter().sum();
    if total == 0 {
        return 0;
    }
    let mut cum = 0;
    for (i, c) in counts.iter().enumerate() {
        cum += c;
        if cum * 100 >= total * 80 {
            return i + 1;
        }
    }
    counts.len()
}

pub(super) fn pareto(
    closed: &[&Ticket],
    walks: &[Walk],
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
    let vital = vital_few(&rows.iter().map(|r| r.1).collect::<Vec<_>>());
    let mut cum = 0;
    let mut out = Vec::new();
    for (i, (cause, count)) in rows.into_iter().enumerate() {
        cum += count;
        out.push(ParetoRow {
            cause,
            count,
            pct: count as f64 * 100.0 / total as f64,
            cumulative_pct: cum as f64 * 100.0 / total as f64,
            vital: i < vital,
        });
    }
    out
}

/// The same finding raised twice or more, and targets with two tickets or more.
pub(super) fn recurring(raised: &[FindingChange], opened: &[&Ticket]) -> Vec<Recurring> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut about: BTreeMap<String, Recurred> = BTreeMap::new();
    for r in raised {
        let subject = r
            .subject
            .as_deref()
            .map(|s| format!(" {s}"))
            .unwrap_or_default();
        let what = format!("{}: {}{}", r.target, r.check, subject);
        about
            .entry(what.clone())
            .or_insert_with(|| Recurred::Finding {
                target: r.target.clone(),
                check: r.check.clone(),
                subject: r.subject.clone(),
            });
        *counts.entry(what).or_default() += 1;
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
        let ids: Vec<String> = ids.into_iter().collect();
        let what = format!("{target}: tickets {}", ids.join(", "));
        about.insert(
            what.clone(),
            Recurred::Tickets {
                target: target.to_string(),
                tickets: ids,
            },
        );
        counts.insert(what, 0);
    }
    let mut out: Vec<Recurring> = counts
        .into_iter()
        .filter_map(|(what, n)| {
            let about = about.get(&what).cloned().unwrap_or_default();
            if n == 0 {
                let tickets = what.matches("T-").count();
                (tickets >= 2).then_some(Recurring {
                    what,
                    times: tickets,
                    about,
                })
            } else {
                (n >= 2).then_some(Recurring {
                    what,
                    times: n,
                    about,
                })
            }
        })
        .collect();
    out.sort_by(|a, b| b.times.cmp(&a.times).then_with(|| a.what.cmp(&b.what)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn the_vital_few_end_where_the_cumulative_share_first_reaches_80_percent() {
        assert_eq!(vital_few(&[50, 30, 10, 5, 5]), 2, "50 %, 80 %: cut at 80 %");
        assert_eq!(vital_few(&[50, 29, 11, 5, 5]), 3, "79 % is not yet 80 %");
        assert_eq!(vital_few(&[3, 1, 1]), 2, "60 %, 80 %");
        assert_eq!(vital_few(&[9, 1]), 1, "90 % at once");
        assert_eq!(vital_few(&[1, 1, 1]), 3, "33, 67, 100");
        assert_eq!(vital_few(&[]), 0);
        assert_eq!(vital_few(&[0, 0]), 0);
    }

    #[test]
    fn pareto_sorts_by_count_then_name_and_marks_the_80_percent_line() {
        let walk = |runbook: &str, status| crate::report::load::Walk {
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
