//! The weekly report's own sections.

use super::*;

pub(super) fn weekly(z: &Zone, d: &mut Vec<Block>, x: &Weekly) {
    use Block::*;
    section(
        d,
        "CPU and memory per host",
        x.hosts
            .is_empty()
            .then_some("No host inspection with metrics in this period."),
        || {
            vec![table(
                &[
                    "host",
                    "samples",
                    "CPU avg",
                    "CPU peak",
                    "memory avg",
                    "memory peak",
                ],
                &x.hosts,
                |h| {
                    vec![
                        h.target.clone(),
                        h.samples.to_string(),
                        opt_pct(h.cpu_avg_pct),
                        opt_pct(h.cpu_peak_pct),
                        opt_pct(h.mem_avg_pct),
                        opt_pct(h.mem_peak_pct),
                    ]
                },
            )]
        },
    );
    section(
        d,
        "Disk use and growth",
        x.disks
            .is_empty()
            .then_some("No filesystem figures in this period."),
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
                    &[
                        "host",
                        "filesystem",
                        "size",
                        "used",
                        "growth per day",
                        "days until full",
                    ],
                    &x.disks,
                    |f| {
                        vec![
                            f.target.clone(),
                            f.mount.clone(),
                            bytes(f.size_bytes as f64),
                            format!(
                                "{:.1} % ({:.1} % at start)",
                                f.used_last_pct, f.used_first_pct
                            ),
                            f.growth_bytes_per_day
                                .map_or_else(|| "not enough data".into(), bytes),
                            match (f.days_until_full, f.growth_bytes_per_day) {
                                (Some(v), _) => format!("{v:.1}"),
                                (None, Some(g)) if g <= 0.0 => "not growing".into(),
                                _ => "not enough data".into(),
                            },
                        ]
                    },
                ),
                Para("Use is the inspection's own figure, used / (used + available). Growth per day is fitted (least squares) over every inspection of the week, and given from 3 days of data; days until full = available / growth, given from 7 days of data and a positive growth.".into()),
                Chart(
                    "Disk use at the start and the end of the week".into(),
                    svg::pct_bars(
                        "chart-disk",
                        "Disk use at the start and the end of the week (fullest 20)",
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
                        ("start", "end"),
                    ),
                ),
            ]
        },
    );
    section(
        d,
        "Databases",
        x.databases
            .is_empty()
            .then_some("No database inspection with figures in this period."),
        || {
            vec![table(
                &[
                    "database",
                    "inspections",
                    "connections (peak)",
                    "size",
                    "free space (least)",
                    "replication lag (most)",
                ],
                &x.databases,
                |b| {
                    vec![
                        b.target.clone(),
                        b.samples.to_string(),
                        opt_pct(b.connections_peak_pct),
                        format!(
                            "{} (from {})",
                            bytes(b.size_last_bytes as f64),
                            bytes(b.size_first_bytes as f64)
                        ),
                        opt_pct(b.free_min_pct),
                        b.replication_lag_max_s
                            .map_or("n/a".into(), |s| format!("{s:.0} s")),
                    ]
                },
            )]
        },
    );
    section(
        d,
        "Network devices",
        x.devices
            .is_empty()
            .then_some("No network device inspection with figures in this period."),
        || {
            vec![table(
                &[
                    "device",
                    "inspections",
                    "CPU avg",
                    "CPU peak",
                    "memory avg",
                    "memory peak",
                    "errors counted",
                ],
                &x.devices,
                |n| {
                    vec![
                        n.target.clone(),
                        n.samples.to_string(),
                        opt_pct(n.cpu_avg_pct),
                        opt_pct(n.cpu_peak_pct),
                        opt_pct(n.memory_avg_pct),
                        opt_pct(n.memory_peak_pct),
                        n.errors_growth.map_or("n/a".into(), |e| e.to_string()),
                    ]
                },
            )]
        },
    );
    backup_section(d, &x.backups);
    one_off_section(z, d, &x.one_off_verifications);
    section(d, "Findings", None, || {
        vec![Para(format!(
            "{} raised, {} cleared.",
            x.findings_raised.len(),
            x.findings_cleared.len()
        ))]
    });
    flow_section(d, &x.tickets);
    section(d, "SLA compliance", None, || {
        let mut blocks = vec![sla_table(&x.sla), sla_chart(&x.sla)];
        blocks.extend(agreed_blocks(z, &x.sla_agreed));
        blocks
    });
    service_section(d, &x.service);
    changes_made_section(z, d, &x.changes_made, &x.backups_taken);
    section(
        d,
        "Changes made (network and system configuration)",
        x.changes
            .is_empty()
            .then_some("No configuration change was committed under config/ in this period."),
        || {
            vec![List(
                x.changes
                    .iter()
                    .map(|c| {
                        format!(
                            "{} {} {} ({})",
                            z.time(c.at),
                            c.commit,
                            c.summary,
                            c.files.join(", ")
                        )
                    })
                    .collect(),
            )]
        },
    );
}
