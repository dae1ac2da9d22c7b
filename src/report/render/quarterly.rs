//! The quarterly report's own sections, and the defective parts report.

use super::*;

pub(super) fn quarterly(z: &Voice, d: &mut Vec<Block>, x: &Quarterly) {
    changes_made_section(z, d, &x.changes_made, &x.backups_taken);
    use Block::*;
    section(d, &z.t("report-activity"), None, || {
        vec![Para(
            z.ta(
                "report-activity-counts",
                &[
                    (
                        "inspections",
                        x.availability
                            .iter()
                            .map(|a| a.inspections)
                            .sum::<usize>()
                            .to_string(),
                    ),
                    ("targets", x.availability.len().to_string()),
                    ("opened", x.tickets.opened_total.to_string()),
                    ("closed", x.tickets.closed_total.to_string()),
                    ("walks", x.walks.to_string()),
                    ("raised", x.findings_raised.to_string()),
                    ("cleared", x.findings_cleared.to_string()),
                ],
            ),
        )]
    });
    section(d, &z.t("report-availability"), None, || {
        let mut avail: Vec<&crate::report::figures::Availability> = x.availability.iter().collect();
        avail.sort_by(|a, b| {
            a.pct
                .total_cmp(&b.pct)
                .then_with(|| (&a.kind, &a.target).cmp(&(&b.kind, &b.target)))
        });
        let mut blocks = vec![
            table(
                z,
                &[
                    "report-col-target",
                    "report-col-kind",
                    "report-col-inspections",
                    "report-col-answered",
                    "report-col-reboots",
                    "report-col-down",
                    "report-col-availability",
                ],
                avail.iter().take(LIST_MAX),
                |a| {
                    vec![
                        a.target.clone(),
                        z.kind(&a.kind),
                        a.inspections.to_string(),
                        a.available.to_string(),
                        a.reboots.to_string(),
                        hours(z, a.down_minutes as f64 / 60.0),
                        format!("{:.2} %", a.pct),
                    ]
                },
            ),
            Para(z.t("report-availability-definition")),
        ];
        if avail.len() > LIST_MAX {
            blocks.push(Para(z.ta(
                "report-availability-cut",
                &[
                    ("max", LIST_MAX.to_string()),
                    ("n", avail.len().to_string()),
                ],
            )));
        }
        blocks
    });
    section(d, &z.t("report-incidents"), None, || {
        vec![table(
            z,
            &["report-col-severity", "report-col-incidents"],
            &x.incidents,
            |s| vec![z.severity(s.severity), s.count.to_string()],
        )]
    });
    section(d, &z.t("report-mean-times"), None, || {
        vec![table(
            z,
            &[
                "report-col-severity",
                "report-col-responded",
                "report-col-mean-respond",
                "report-col-resolved-count",
                "report-col-mean-resolve",
            ],
            &x.mean_times,
            |m| {
                vec![
                    if m.severity == "all" {
                        z.t("report-all")
                    } else {
                        z.severity(&m.severity)
                    },
                    m.responded.to_string(),
                    minutes(z, m.respond_minutes),
                    m.resolved.to_string(),
                    minutes(z, m.resolve_minutes),
                ]
            },
        )]
    });
    section(d, &z.t("report-sla"), None, || {
        let breaches = if x.breaches.is_empty() {
            Para(z.t("report-no-breach"))
        } else {
            table(
                z,
                &[
                    "report-col-ticket",
                    "report-col-severity",
                    "report-col-clock",
                    "report-col-due",
                    "report-col-stopped",
                    "report-col-late-by",
                ],
                &x.breaches,
                |b| {
                    let clock = z.word("report-clock", b.clock);
                    vec![
                        b.ticket.clone(),
                        z.severity(b.severity),
                        match b.deadline {
                            crate::ticket::service::Deadline::Agreed => {
                                z.ta("report-clock-agreed", &[("clock", clock)])
                            }
                            crate::ticket::service::Deadline::Sla => clock,
                        },
                        z.time(b.due),
                        b.stopped
                            .map_or_else(|| z.t("report-still-running"), |t| z.time(t)),
                        minutes(z, Some(b.late_minutes as f64)),
                    ]
                },
            )
            .toned(5, x.breaches.iter().map(|_| Some(Tone::Crit)))
        };
        let mut blocks = vec![sla_table(z, &x.sla), sla_chart(z, &x.sla), breaches];
        blocks.extend(agreed_blocks(z, &x.sla_agreed));
        blocks
    });
    service_section(z, d, &x.service);
    section(
        d,
        &z.t("report-pareto"),
        x.pareto
            .is_empty()
            .then_some(z.t("report-pareto-none"))
            .as_deref(),
        || {
            vec![
                table(
                    z,
                    &[
                        "report-col-cause",
                        "report-col-count",
                        "report-col-share",
                        "report-col-cumulative",
                        "report-col-vital",
                    ],
                    &x.pareto,
                    |p| {
                        vec![
                            finding::cause_name(z, &p.cause),
                            p.count.to_string(),
                            format!("{:.1} %", p.pct),
                            format!("{:.1} %", p.cumulative_pct),
                            if p.vital {
                                z.t("report-yes")
                            } else {
                                "".into()
                            },
                        ]
                    },
                ),
                Chart(
                    z.t("report-pareto"),
                    svg::pareto(
                        &svg::ParetoWords {
                            title: &z.t("report-pareto"),
                            count: &z.t("report-pareto-count"),
                            cumulative: &z.t("report-pareto-cumulative"),
                            vital: &z.t("report-pareto-vital"),
                            other: &z.t("report-pareto-other"),
                        },
                        &x.pareto
                            .iter()
                            .map(|p| (finding::cause_name(z, &p.cause), p.count))
                            .collect::<Vec<_>>(),
                    ),
                ),
            ]
        },
    );
    section(
        d,
        &z.t("report-recurring"),
        x.recurring
            .is_empty()
            .then_some(z.t("report-recurring-none"))
            .as_deref(),
        || {
            vec![List(capped(
                z,
                &x.recurring
                    .iter()
                    .map(|r| {
                        z.ta(
                            "report-recurring-item",
                            &[
                                ("what", finding::recurred(z, &r.what, &r.about)),
                                ("times", r.times.to_string()),
                            ],
                        )
                    })
                    .collect::<Vec<_>>(),
            ))]
        },
    );
    backup_section(z, d, &x.backups);
    one_off_section(z, d, &x.one_off_verifications);
    flow_section(z, d, &x.tickets);
    parts_section(z, d, &x.parts);
}

/// The defective parts report: counts by customer and kind, then each part.
pub(super) fn parts_section(z: &Voice, d: &mut Vec<Block>, p: &crate::report::figures::Parts) {
    let yes_no = |b: bool| z.t(if b { "report-yes" } else { "report-no" });
    let kind = |k: &dyn std::fmt::Display| {
        let k = k.to_string();
        if z.lang() == Lang::En {
            k
        } else {
            z.word("ticket-part", &k)
        }
    };
    section(
        d,
        &z.t("report-parts"),
        p.rows
            .is_empty()
            .then_some(z.t("report-parts-none"))
            .as_deref(),
        || {
            vec![
                Block::Para(z.ta(
                    "report-parts-counts",
                    &[
                        ("total", p.total.to_string()),
                        ("returned", p.returned_to_vendor.to_string()),
                    ],
                )),
                table(
                    z,
                    &[
                        "report-col-part-customer",
                        "report-col-part-kind",
                        "report-col-parts",
                        "report-col-returned",
                    ],
                    &p.counts,
                    |c| {
                        vec![
                            c.customer.clone(),
                            kind(&c.kind),
                            c.count.to_string(),
                            c.returned_to_vendor.to_string(),
                        ]
                    },
                ),
                table(
                    z,
                    &[
                        "report-col-replaced",
                        "report-col-part-ticket",
                        "report-col-part-customer",
                        "report-col-part-kind",
                        "report-col-model",
                        "report-col-removed-sn",
                        "report-col-installed-sn",
                        "report-col-fault",
                        "report-col-to-vendor",
                    ],
                    &p.rows,
                    |r| {
                        vec![
                            z.time(r.at),
                            r.ticket.clone(),
                            r.customer.clone(),
                            kind(&r.kind),
                            r.model.clone(),
                            r.removed_serial.clone(),
                            r.installed_serial.clone(),
                            r.fault.clone(),
                            yes_no(r.returned_to_vendor),
                        ]
                    },
                ),
            ]
        },
    );
}
