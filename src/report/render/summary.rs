//! A few lines for the terminal: the headline figures.

use super::*;

/// One summary line per severity: its SLA compliance.
pub(super) fn sla_lines(z: &Voice, out: &mut String, rows: &[crate::report::figures::SlaRow]) {
    for s in rows {
        out.push_str(&z.ta(
            "report-sum-sla",
            &[
                ("severity", z.severity(s.severity)),
                ("respond", compliance(z, &s.respond)),
                ("resolve", compliance(z, &s.resolve)),
            ],
        ));
        out.push('\n');
    }
}

/// How many resolutions an agreed deadline judged, when any did.
pub(super) fn agreed_line(
    z: &Voice,
    out: &mut String,
    rows: &[crate::report::figures::AgreedDeadline],
) {
    if !rows.is_empty() {
        line(
            out,
            z.ta(
                "report-sum-agreed",
                &[
                    ("n", rows.len().to_string()),
                    ("met", rows.iter().filter(|a| a.met).count().to_string()),
                ],
            ),
        );
    }
}

/// On-site visits and return visits, when there were any.
pub(super) fn service_line(z: &Voice, out: &mut String, s: &crate::report::figures::Service) {
    if !s.customers.is_empty() {
        let a = &s.all;
        line(
            out,
            z.ta(
                "report-sum-service",
                &[
                    ("met", a.onsite_met.to_string()),
                    ("missed", a.onsite_missed.to_string()),
                    ("due", a.return_visits_due.to_string()),
                    ("done", a.return_visits_done.to_string()),
                    ("outstanding", a.return_visits_outstanding.to_string()),
                    ("satisfaction", satisfaction(z, a)),
                ],
            ),
        );
    }
}

fn line(out: &mut String, text: String) {
    out.push_str(&text);
    out.push('\n');
}

/// A few lines for the terminal: the headline figures.
pub fn summary(r: &Report, lang: Lang) -> String {
    let z = &Voice::of(r, lang);
    let mut out = format!("{}\n", title(z, r));
    if let Some(x) = &r.daily {
        let worst = |s: crate::check::Status| {
            x.inspections
                .iter()
                .filter(|i| i.status == s)
                .count()
                .to_string()
        };
        line(
            &mut out,
            z.ta(
                "report-sum-inspections",
                &[
                    ("targets", x.inspections.len().to_string()),
                    ("crit", worst(crate::check::Status::Crit)),
                    ("unknown", worst(crate::check::Status::Unknown)),
                    ("warn", worst(crate::check::Status::Warn)),
                    ("new", x.new_findings.len().to_string()),
                    ("cleared", x.cleared_findings.len().to_string()),
                ],
            ),
        );
        line(
            &mut out,
            z.ta(
                "report-sum-tickets-open",
                &[
                    ("open", x.open_tickets.len().to_string()),
                    ("overdue", x.overdue_tickets.to_string()),
                ],
            ),
        );
        let n = |s: &str| {
            x.backups
                .iter()
                .filter(|b| b.state == s)
                .count()
                .to_string()
        };
        line(
            &mut out,
            z.ta(
                "report-sum-backups",
                &[
                    ("verified", n("verified")),
                    ("failed", n("failed")),
                    ("missing", n("missing")),
                    ("one_off", x.one_off_verifications.len().to_string()),
                ],
            ),
        );
    }
    if let Some(x) = &r.weekly {
        line(
            &mut out,
            z.ta(
                "report-sum-hosts",
                &[
                    ("hosts", x.hosts.len().to_string()),
                    ("filesystems", x.disks.len().to_string()),
                ],
            ),
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
            line(
                &mut out,
                z.ta(
                    "report-sum-soonest-full",
                    &[
                        ("target", f.target.clone()),
                        ("mount", f.mount.clone()),
                        (
                            "days",
                            format!("{:.1}", f.days_until_full.unwrap_or_default()),
                        ),
                    ],
                ),
            );
        }
        line(
            &mut out,
            z.ta(
                "report-sum-findings",
                &[
                    ("raised", x.findings_raised.len().to_string()),
                    ("cleared", x.findings_cleared.len().to_string()),
                    ("opened", x.tickets.opened_total.to_string()),
                    ("closed", x.tickets.closed_total.to_string()),
                ],
            ),
        );
        sla_lines(z, &mut out, &x.sla);
        agreed_line(z, &mut out, &x.sla_agreed);
        service_line(z, &mut out, &x.service);
        line(
            &mut out,
            z.ta(
                "report-sum-config-changes",
                &[("n", x.changes.len().to_string())],
            ),
        );
    }
    if let Some(x) = &r.quarterly {
        let list = x
            .incidents
            .iter()
            .map(|s| {
                z.ta(
                    "report-sum-incident",
                    &[
                        ("severity", z.severity(s.severity)),
                        ("n", s.count.to_string()),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(&z.t("report-detail-separator"));
        line(&mut out, z.ta("report-sum-incidents", &[("list", list)]));
        if let Some(all) = x.mean_times.last() {
            line(
                &mut out,
                z.ta(
                    "report-sum-mean-times",
                    &[
                        ("respond", minutes(z, all.respond_minutes)),
                        ("resolve", minutes(z, all.resolve_minutes)),
                    ],
                ),
            );
        }
        sla_lines(z, &mut out, &x.sla);
        agreed_line(z, &mut out, &x.sla_agreed);
        line(
            &mut out,
            z.ta(
                "report-sum-breaches",
                &[("n", x.breaches.len().to_string())],
            ),
        );
        service_line(z, &mut out, &x.service);
        if let Some(p) = x.pareto.first() {
            line(
                &mut out,
                z.ta(
                    "report-sum-top-cause",
                    &[
                        ("cause", finding::cause_name(z, &p.cause)),
                        ("n", p.count.to_string()),
                        (
                            "total",
                            x.pareto.iter().map(|p| p.count).sum::<usize>().to_string(),
                        ),
                    ],
                ),
            );
        }
    }
    line(
        &mut out,
        z.ta(
            "report-sum-problems",
            &[
                ("found", r.problems_found.len().to_string()),
                ("solved", r.problems_solved.len().to_string()),
            ],
        ),
    );
    if !r.skipped.is_empty() {
        line(
            &mut out,
            z.ta("report-sum-skipped", &[("n", r.skipped.len().to_string())]),
        );
    }
    out
}
