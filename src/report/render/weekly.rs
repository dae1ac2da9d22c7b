//! The weekly report's own sections.

use super::*;

pub(super) fn weekly(z: &Voice, d: &mut Vec<Block>, x: &Weekly) {
    use Block::*;
    section(
        d,
        &z.t("report-hosts"),
        x.hosts
            .is_empty()
            .then_some(z.t("report-hosts-none"))
            .as_deref(),
        || {
            vec![table(
                z,
                &[
                    "report-col-host-name",
                    "report-col-samples",
                    "report-col-cpu-avg",
                    "report-col-cpu-peak",
                    "report-col-memory-avg",
                    "report-col-memory-peak",
                ],
                &x.hosts,
                |h| {
                    vec![
                        h.target.clone(),
                        h.samples.to_string(),
                        opt_pct(z, h.cpu_avg_pct),
                        opt_pct(z, h.cpu_peak_pct),
                        opt_pct(z, h.mem_avg_pct),
                        opt_pct(z, h.mem_peak_pct),
                    ]
                },
            )]
        },
    );
    section(
        d,
        &z.t("report-disks"),
        x.disks
            .is_empty()
            .then_some(z.t("report-disks-none"))
            .as_deref(),
        || {
            let mut worst: Vec<&crate::report::figures::DiskUse> = x.disks.iter().collect();
            worst.sort_by(|a, b| {
                b.used_last_pct
                    .total_cmp(&a.used_last_pct)
                    .then_with(|| (&a.target, &a.mount).cmp(&(&b.target, &b.mount)))
            });
            worst.truncate(20);
            vec![
                table(
                    z,
                    &[
                        "report-col-host-name",
                        "report-col-filesystem",
                        "report-col-size",
                        "report-col-used",
                        "report-col-growth",
                        "report-col-days-until-full",
                    ],
                    &x.disks,
                    |f| {
                        vec![
                            f.target.clone(),
                            f.mount.clone(),
                            bytes(f.size_bytes as f64),
                            z.ta(
                                "report-used-since",
                                &[
                                    ("last", format!("{:.1}", f.used_last_pct)),
                                    ("first", format!("{:.1}", f.used_first_pct)),
                                ],
                            ),
                            f.growth_bytes_per_day
                                .map_or_else(|| z.t("report-not-enough-data"), bytes),
                            match (f.days_until_full, f.growth_bytes_per_day) {
                                (Some(v), _) => format!("{v:.1}"),
                                (None, Some(g)) if g <= 0.0 => z.t("report-not-growing"),
                                _ => z.t("report-not-enough-data"),
                            },
                        ]
                    },
                ),
                Para(z.t("report-disks-definition")),
                Chart(
                    z.t("report-disks-chart"),
                    svg::pct_bars(
                        "chart-disk",
                        &z.t("report-disks-chart-title"),
                        &worst
                            .iter()
                            .map(|f| {
                                (
                                    format!("{} {}", f.target, f.mount),
                                    Some(f.used_first_pct),
                                    Some(f.used_last_pct),
                                )
                            })
                            .collect::<Vec<_>>(),
                        (&z.t("report-start"), &z.t("report-end")),
                        &z.t("report-na"),
                    ),
                ),
            ]
        },
    );
    section(
        d,
        &z.t("report-databases"),
        x.databases
            .is_empty()
            .then_some(z.t("report-databases-none"))
            .as_deref(),
        || {
            vec![table(
                z,
                &[
                    "report-col-database",
                    "report-col-inspections",
                    "report-col-connections",
                    "report-col-size",
                    "report-col-free",
                    "report-col-lag",
                ],
                &x.databases,
                |b| {
                    vec![
                        b.target.clone(),
                        b.samples.to_string(),
                        opt_pct(z, b.connections_peak_pct),
                        z.ta(
                            "report-size-since",
                            &[
                                ("last", bytes(b.size_last_bytes as f64)),
                                ("first", bytes(b.size_first_bytes as f64)),
                            ],
                        ),
                        opt_pct(z, b.free_min_pct),
                        b.replication_lag_max_s.map_or_else(
                            || z.t("report-na"),
                            |s| z.ta("report-seconds", &[("v", format!("{s:.0}"))]),
                        ),
                    ]
                },
            )]
        },
    );
    section(
        d,
        &z.t("report-devices"),
        x.devices
            .is_empty()
            .then_some(z.t("report-devices-none"))
            .as_deref(),
        || {
            vec![table(
                z,
                &[
                    "report-col-device",
                    "report-col-inspections",
                    "report-col-cpu-avg",
                    "report-col-cpu-peak",
                    "report-col-memory-avg",
                    "report-col-memory-peak",
                    "report-col-errors",
                ],
                &x.devices,
                |n| {
                    vec![
                        n.target.clone(),
                        n.samples.to_string(),
                        opt_pct(z, n.cpu_avg_pct),
                        opt_pct(z, n.cpu_peak_pct),
                        opt_pct(z, n.memory_avg_pct),
                        opt_pct(z, n.memory_peak_pct),
                        n.errors_growth
                            .map_or_else(|| z.t("report-na"), |e| e.to_string()),
                    ]
                },
            )]
        },
    );
    backup_section(z, d, &x.backups);
    one_off_section(z, d, &x.one_off_verifications);
    section(d, &z.t("report-findings"), None, || {
        vec![Para(z.ta(
            "report-findings-counts",
            &[
                ("raised", x.findings_raised.len().to_string()),
                ("cleared", x.findings_cleared.len().to_string()),
            ],
        ))]
    });
    flow_section(z, d, &x.tickets);
    section(d, &z.t("report-sla"), None, || {
        let mut blocks = vec![sla_table(z, &x.sla), sla_chart(z, &x.sla)];
        blocks.extend(agreed_blocks(z, &x.sla_agreed));
        blocks
    });
    service_section(z, d, &x.service);
    changes_made_section(z, d, &x.changes_made, &x.backups_taken);
    section(
        d,
        &z.t("report-config-changes"),
        x.changes
            .is_empty()
            .then_some(z.t("report-config-changes-none"))
            .as_deref(),
        || {
            vec![List(
                x.changes
                    .iter()
                    .map(|c| {
                        z.ta(
                            "report-config-change",
                            &[
                                ("at", z.time(c.at)),
                                ("commit", c.commit.clone()),
                                ("summary", c.summary.clone()),
                                ("files", c.files.join(", ")),
                            ],
                        )
                    })
                    .collect(),
            )]
        },
    );
}
