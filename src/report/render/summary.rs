//! A few lines for the terminal: the headline figures.

use super::*;

/// One summary line per severity: its SLA compliance.
pub(super) fn sla_lines(out: &mut String, rows: &[crate::report::figures::SlaRow]) {
    for s in rows {
        let _ = writeln!(
            out,
            "  SLA {}: respond {}, resolve {}",
            s.severity,
            compliance(&s.respond),
            compliance(&s.resolve)
        );
    }
}

/// How many resolutions an agreed deadline judged, when any did.
pub(super) fn agreed_line(out: &mut String, rows: &[crate::report::figures::AgreedDeadline]) {
    if !rows.is_empty() {
        let _ = writeln!(
            out,
            "  judged by an agreed deadline: {} resolution(s), {} met",
            rows.len(),
            rows.iter().filter(|a| a.met).count()
        );
    }
}

/// On-site visits and return visits, when there were any.
pub(super) fn service_line(out: &mut String, s: &crate::report::figures::Service) {
    if !s.customers.is_empty() {
        let a = &s.all;
        let _ = writeln!(
            out,
            "  on site: {} met, {} missed; return visits: {} due, {} done, {} outstanding; satisfaction {}",
            a.onsite_met,
            a.onsite_missed,
            a.return_visits_due,
            a.return_visits_done,
            a.return_visits_outstanding,
            satisfaction(a)
        );
    }
}

/// A few lines for the terminal: the headline figures.
pub fn summary(r: &Report, _lang: Lang) -> String {
    let mut out = format!("{}\n", title(r));
    if let Some(x) = &r.daily {
        let worst =
            |s: crate::check::Status| x.inspections.iter().filter(|i| i.status == s).count();
        let _ = writeln!(
            out,
            "  inspections: {} targets ({} crit, {} unknown, {} warn); {} new finding(s), {} cleared",
            x.inspections.len(),
            worst(crate::check::Status::Crit),
            worst(crate::check::Status::Unknown),
            worst(crate::check::Status::Warn),
            x.new_findings.len(),
            x.cleared_findings.len()
        );
        let _ = writeln!(
            out,
            "  tickets: {} open, {} overdue",
            x.open_tickets.len(),
            x.overdue_tickets
        );
        let n = |s: &str| x.backups.iter().filter(|b| b.state == s).count();
        let _ = writeln!(
            out,
            "  backups: {} verified, {} failed, {} missing; {} one-off verification(s)",
            n("verified"),
            n("failed"),
            n("missing"),
            x.one_off_verifications.len()
        );
    }
    if let Some(x) = &r.weekly {
        let _ = writeln!(
            out,
            "  hosts: {}; filesystems: {}",
            x.hosts.len(),
            x.disks.len()
        );
        if let Some(f) = x
            .disks
            .iter()
            .filter(|f| f.days_until_full.is_some())
            .min_by(|a, b| {
                a.days_until_full
                    .unwrap_or(f64::MAX)
                    .total_cmp(&b.days_until_full.unwrap_or(f64::MAX))
            })
        {
            let _ = writeln!(
                out,
                "  soonest full: {} {} in {:.1} days",
                f.target,
                f.mount,
                f.days_until_full.unwrap_or_default()
            );
        }
        let _ = writeln!(
            out,
            "  findings: {} raised, {} cleared; tickets: {} opened, {} closed",
            x.findings_raised.len(),
            x.findings_cleared.len(),
            x.tickets.opened_total,
            x.tickets.closed_total
        );
        sla_lines(&mut out, &x.sla);
        agreed_line(&mut out, &x.sla_agreed);
        service_line(&mut out, &x.service);
        let _ = writeln!(out, "  configuration changes: {}", x.changes.len());
    }
    if let Some(x) = &r.quarterly {
        let _ = writeln!(
            out,
            "  incidents: {}",
            x.incidents
                .iter()
                .map(|s| format!("{} {}", s.severity, s.count))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Some(all) = x.mean_times.last() {
            let _ = writeln!(
                out,
                "  mean time to respond {}, to resolve {}",
                minutes(all.respond_minutes),
                minutes(all.resolve_minutes)
            );
        }
        sla_lines(&mut out, &x.sla);
        agreed_line(&mut out, &x.sla_agreed);
        let _ = writeln!(out, "  breaches: {}", x.breaches.len());
        service_line(&mut out, &x.service);
        if let Some(p) = x.pareto.first() {
            let _ = writeln!(
                out,
                "  top fault cause: {} ({} of {})",
                p.cause,
                p.count,
                x.pareto.iter().map(|p| p.count).sum::<usize>()
            );
        }
    }
    let _ = writeln!(
        out,
        "  problems found: {}, solved: {}",
        r.problems_found.len(),
        r.problems_solved.len()
    );
    if !r.skipped.is_empty() {
        let _ = writeln!(
            out,
            "  records skipped (damaged or unknown schema): {}",
            r.skipped.len()
        );
    }
    out
}
