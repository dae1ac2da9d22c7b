//! The quarterly report's own sections, and the defective parts report.

use super::*;

pub(super) fn quarterly(z: &Zone, d: &mut Vec<Block>, x: &Quarterly) {
    changes_made_section(z, d, &x.changes_made, &x.backups_taken);
    use Block::*;
    section(d, "Maintenance activity", None, || {
        vec![Para(format!(
            "{} inspection(s) of {} target(s); {} ticket(s) opened and {} closed; {} diagnose walk(s); {} finding(s) raised and {} cleared.",
            x.availability.iter().map(|a| a.inspections).sum::<usize>(),
            x.availability.len(),
            x.tickets.opened_total,
            x.tickets.closed_total,
            x.walks,
            x.findings_raised,
            x.findings_cleared
        ))]
    });
    section(d, "Availability", None, || {
        let mut avail: Vec<&crate::report::figures::Availability> = x.availability.iter().collect();
        avail.sort_by(|a, b| {
            a.pct
                .total_cmp(&b.pct)
                .then_with(|| (&a.kind, &a.target).cmp(&(&b.kind, &b.target)))
        });
        let mut blocks = vec![
            table(
                &[
                    "target",
                    "kind",
                    "inspections",
                    "answered",
                    "reboots",
                    "down",
                    "availability",
                ],
                avail.iter().take(LIST_MAX),
                |a| {
                    vec![
                        a.target.clone(),
                        a.kind.clone(),
                        a.inspections.to_string(),
                        a.available.to_string(),
                        a.reboots.to_string(),
                        format!("{:.1} h", a.down_minutes as f64 / 60.0),
                        format!("{:.2} %", a.pct),
                    ]
                },
            ),
            Para(AVAILABILITY_DEFINITION.into()),
        ];
        if avail.len() > LIST_MAX {
            blocks.push(Para(format!(
                "The {LIST_MAX} least available of {} targets are shown.",
                avail.len()
            )));
        }
        blocks
    });
    section(d, "Incidents by severity", None, || {
        vec![table(&["severity", "incidents"], &x.incidents, |s| {
            vec![s.severity.to_string(), s.count.to_string()]
        })]
    });
    section(d, "Mean time to respond and to resolve", None, || {
        vec![table(
            &[
                "severity",
                "responded",
                "mean time to respond",
                "resolved",
                "mean time to resolve",
            ],
            &x.mean_times,
            |m| {
                vec![
                    m.severity.clone(),
                    m.responded.to_string(),
                    minutes(m.respond_minutes),
                    m.resolved.to_string(),
                    minutes(m.resolve_minutes),
                ]
            },
        )]
    });
    section(d, "SLA compliance", None, || {
        let breaches = if x.breaches.is_empty() {
            Para("No SLA breach.".into())
        } else {
            table(
                &["ticket", "severity", "clock", "due", "stopped", "late by"],
                &x.breaches,
                |b| {
                    vec![
                        b.ticket.clone(),
                        b.severity.to_string(),
                        match b.deadline {
                            crate::ticket::service::Deadline::Agreed => {
                                format!("{} (agreed)", b.clock)
                            }
                            crate::ticket::service::Deadline::Sla => b.clock.into(),
                        },
                        z.time(b.due),
                        b.stopped.map_or("still running".into(), |t| z.time(t)),
                        minutes(Some(b.late_minutes as f64)),
                    ]
                },
            )
            .toned(5, x.breaches.iter().map(|_| Some(Tone::Crit)))
        };
        let mut blocks = vec![sla_table(&x.sla), sla_chart(&x.sla), breaches];
        blocks.extend(agreed_blocks(z, &x.sla_agreed));
        blocks
    });
    service_section(d, &x.service);
    section(
        d,
        "Pareto of fault causes",
        x.pareto
            .is_empty()
            .then_some("No fault cause recorded in this period."),
        || {
            vec![
                table(
                    &["cause", "count", "share", "cumulative", "within 80 %"],
                    &x.pareto,
                    |p| {
                        vec![
                            p.cause.clone(),
                            p.count.to_string(),
                            format!("{:.1} %", p.pct),
                            format!("{:.1} %", p.cumulative_pct),
                            if p.vital { "yes".into() } else { "".into() },
                        ]
                    },
                ),
                Chart(
                    "Pareto of fault causes".into(),
                    svg::pareto(
                        &svg::ParetoWords {
                            title: "Pareto of fault causes",
                            count: "count",
                            cumulative: "cumulative share",
                            vital: "vital few",
                            other: "other",
                        },
                        &x.pareto
                            .iter()
                            .map(|p| (p.cause.clone(), p.count))
                            .collect::<Vec<_>>(),
                    ),
                ),
            ]
        },
    );
    section(
        d,
        "Recurring problems",
        x.recurring.is_empty().then_some("No problem recurred."),
        || {
            vec![List(capped(
                &x.recurring
                    .iter()
                    .map(|r| format!("{} ({} times)", r.what, r.times))
                    .collect::<Vec<_>>(),
            ))]
        },
    );
    backup_section(d, &x.backups);
    one_off_section(z, d, &x.one_off_verifications);
    flow_section(d, &x.tickets);
    parts_section(z, d, &x.parts);
}

/// The defective parts report: counts by customer and kind, then each part.
pub(super) fn parts_section(z: &Zone, d: &mut Vec<Block>, p: &crate::report::figures::Parts) {
    section(
        d,
        "Defective parts replaced",
        p.rows.is_empty().then_some("No part was replaced."),
        || {
            vec![
                Block::Para(format!(
                    "{} part(s) replaced, {} returned to the vendor.",
                    p.total, p.returned_to_vendor
                )),
                table(
                    &["Customer", "Kind", "Parts", "Returned to vendor"],
                    &p.counts,
                    |c| {
                        vec![
                            c.customer.clone(),
                            c.kind.to_string(),
                            c.count.to_string(),
                            c.returned_to_vendor.to_string(),
                        ]
                    },
                ),
                table(
                    &[
                        "Replaced",
                        "Ticket",
                        "Customer",
                        "Kind",
                        "Model",
                        "Removed SN",
                        "Installed SN",
                        "Fault",
                        "To vendor",
                    ],
                    &p.rows,
                    |r| {
                        vec![
                            z.time(r.at),
                            r.ticket.clone(),
                            r.customer.clone(),
                            r.kind.to_string(),
                            r.model.clone(),
                            r.removed_serial.clone(),
                            r.installed_serial.clone(),
                            r.fault.clone(),
                            if r.returned_to_vendor { "yes" } else { "no" }.into(),
                        ]
                    },
                ),
            ]
        },
    );
}
