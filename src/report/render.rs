//! Renderers: the report as a small document (headings, paragraphs, tables,
//! charts), then that document as Markdown, as a self-contained HTML page and
//! as a terminal summary. Lists longer than [`LIST_MAX`] are cut with a count.

use super::figures::{Compliance, Daily, OneOffRow, Quarterly, Report, Weekly};
use super::svg::{self, esc};
use chrono::{DateTime, Utc};
use std::fmt::Write;

pub const LIST_MAX: usize = 50;

enum Block {
    Heading(String),
    Para(String),
    List(Vec<String>),
    Table(Vec<String>, Vec<Vec<String>>),
    /// SVG markup; in Markdown only its title is named.
    Chart(String, String),
}

/// The zone a report's times are shown in: its period's.
struct Zone(chrono_tz::Tz);

impl Zone {
    fn of(r: &Report) -> Zone {
        Zone(crate::report::parse_zone(&r.timezone).unwrap_or(chrono_tz::UTC))
    }

    /// `2026-12-01 21:40 CST`.
    fn time(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.0)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string()
    }
}

/// The one definition of availability, as the reports' footnote and the
/// README give it.
pub const AVAILABILITY_DEFINITION: &str = "Availability: the share of the time covered by a target's scheduled inspection runs in which it answered. Each run stands for the time until the next one (the last for the usual interval); a run in which the target did not answer counts that time as down, and a reboot seen from uptime (shorter than the time since the previous run) counts as an outage from the previous run to the boot, the longest it can have lasted. A crit finding is a problem found, not downtime.";

fn opt_pct(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |v| format!("{v:.1} %"))
}

fn compliance(c: &Compliance) -> String {
    match c.pct {
        Some(p) => format!("{p:.1} % ({}/{})", c.met, c.judged),
        None => "n/a (0 judged)".into(),
    }
}

fn bytes(b: f64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = b;
    let mut u = 0;
    while v.abs() >= 1024.0 && u < units.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    format!("{v:.1} {}", units[u])
}

fn minutes(m: Option<f64>) -> String {
    match m {
        None => "n/a".into(),
        Some(m) if m < 120.0 => format!("{m:.1} min"),
        Some(m) => format!("{:.1} h", m / 60.0),
    }
}

fn capped(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = items.iter().take(LIST_MAX).cloned().collect();
    if items.len() > LIST_MAX {
        out.push(format!(
            "… and {} more (see --format json)",
            items.len() - LIST_MAX
        ));
    }
    out
}

fn title(r: &Report) -> String {
    match r.kind {
        "daily" => format!("Daily report {}", r.period),
        "weekly" => format!("System weekly report {}", r.period),
        _ => format!("Quarterly maintenance report {}", r.period),
    }
}

/// One section of the document: its heading, then `none` as a paragraph when
/// there is nothing to show (`Some`), else the blocks `body` makes.
fn section(
    d: &mut Vec<Block>,
    heading: &str,
    none: Option<&str>,
    body: impl FnOnce() -> Vec<Block>,
) {
    d.push(Block::Heading(heading.into()));
    match none {
        Some(note) => d.push(Block::Para(note.into())),
        None => d.extend(body()),
    }
}

/// A table of `items`, one row each.
fn table<T>(
    head: &[&str],
    items: impl IntoIterator<Item = T>,
    row: impl FnMut(T) -> Vec<String>,
) -> Block {
    Block::Table(
        head.iter().map(|h| h.to_string()).collect(),
        items.into_iter().map(row).collect(),
    )
}

fn document(r: &Report) -> Vec<Block> {
    use Block::*;
    let z = Zone::of(r);
    let mut d = vec![Para(format!(
        "Period {} to {} ({}, end exclusive). Generated {}.",
        z.time(r.from),
        z.time(r.to),
        r.timezone,
        z.time(r.generated_at)
    ))];
    if let Some(at) = r.as_of {
        d.push(Para(format!(
            "As of {}, period not finished: the figures cover the period up to then, and a deadline not yet reached is not late.",
            z.time(at)
        )));
    }
    if let Some(x) = &r.daily {
        daily(&z, &mut d, x);
    }
    if let Some(x) = &r.weekly {
        weekly(&z, &mut d, x);
    }
    if let Some(x) = &r.quarterly {
        quarterly(&z, &mut d, x);
    }
    let none = |v: &[String]| v.is_empty().then_some("None.");
    section(&mut d, "Problems found", none(&r.problems_found), || {
        vec![List(capped(&r.problems_found))]
    });
    section(&mut d, "Problems solved", none(&r.problems_solved), || {
        vec![List(capped(&r.problems_solved))]
    });
    section(
        &mut d,
        "Next-step plan",
        r.plan
            .is_empty()
            .then_some("No plan given (set [report] plan in ops.toml or pass --plan FILE)."),
        || vec![List(r.plan.clone())],
    );
    section(
        &mut d,
        "Records skipped",
        r.skipped.is_empty().then_some("0 records skipped."),
        || {
            vec![
                Para(format!(
                    "{} record(s) skipped as damaged or of an unknown schema:",
                    r.skipped.len()
                )),
                List(capped(
                    &r.skipped
                        .iter()
                        .map(|s| format!("{}: {}", s.path, s.reason))
                        .collect::<Vec<_>>(),
                )),
            ]
        },
    );
    d
}

fn daily(z: &Zone, d: &mut Vec<Block>, x: &Daily) {
    use Block::*;
    section(
        d,
        "Inspections",
        x.inspections
            .is_empty()
            .then_some("No inspection on this day."),
        || {
            vec![table(
                &["target", "kind", "time", "worst", "findings"],
                &x.inspections,
                |i| {
                    let target = match i.serves.as_slice() {
                        [] => i.target.clone(),
                        hosts => format!("{} (of {})", i.target, hosts.join(", ")),
                    };
                    vec![
                        target,
                        i.kind.clone(),
                        z.time(i.at),
                        i.status.as_str().into(),
                        if i.findings.is_empty() {
                            "all ok".into()
                        } else {
                            i.findings.join("; ")
                        },
                    ]
                },
            )]
        },
    );
    section(d, "Changes since the previous day", None, || {
        let listed = |v: &[super::figures::FindingChange], how: &str| {
            List(capped(
                &v.iter()
                    .map(|c| format!("{how}: {} ({})", c.label(), c.message))
                    .collect::<Vec<_>>(),
            ))
        };
        let mut blocks = vec![Para(format!(
            "{} new finding(s), {} cleared.",
            x.new_findings.len(),
            x.cleared_findings.len()
        ))];
        if !x.new_findings.is_empty() {
            blocks.push(listed(&x.new_findings, "new"));
        }
        if !x.cleared_findings.is_empty() {
            blocks.push(listed(&x.cleared_findings, "cleared"));
        }
        blocks
    });
    section(d, "Open tickets", None, || {
        let mut blocks = vec![Para(format!(
            "{} open, {} overdue.",
            x.open_tickets.len(),
            x.overdue_tickets
        ))];
        if !x.open_tickets.is_empty() {
            blocks.push(table(
                &["ticket", "severity", "state", "next due", "problem"],
                &x.open_tickets,
                |t| {
                    vec![
                        t.id.clone(),
                        t.severity.to_string(),
                        if t.overdue {
                            "OVERDUE".into()
                        } else {
                            "open".into()
                        },
                        t.next_due.map(|t| z.time(t)).unwrap_or_default(),
                        t.problem.clone(),
                    ]
                },
            ));
        }
        blocks
    });
    section(
        d,
        "Backups",
        x.backups
            .is_empty()
            .then_some("No backup set has verification records."),
        || {
            vec![table(
                &["set", "state", "verifications", "problems"],
                &x.backups,
                |b| {
                    vec![
                        b.set.clone(),
                        b.state.into(),
                        b.runs.to_string(),
                        b.problems.join("; "),
                    ]
                },
            )]
        },
    );
    one_off_section(z, d, &x.one_off_verifications);
}

/// One-off verifications of a PATH, each once, under their own heading (none: no heading).
fn one_off_section(z: &Zone, d: &mut Vec<Block>, rows: &[OneOffRow]) {
    if rows.is_empty() {
        return;
    }
    section(d, "One-off verifications", None, || {
        vec![
            Block::Para(
                "Files verified on their own (`ops backup verify PATH`), not a [[backup.set]]; \
                 they have no schedule, so no day is missing."
                    .into(),
            ),
            table(&["path", "verified", "status", "problems"], rows, |r| {
                vec![
                    r.path.clone(),
                    z.time(r.at),
                    r.status.as_str().into(),
                    r.problems.join("; "),
                ]
            }),
        ]
    });
}

fn sla_table(rows: &[super::figures::SlaRow]) -> Block {
    table(&["severity", "respond", "resolve"], rows, |r| {
        vec![
            r.severity.to_string(),
            compliance(&r.respond),
            compliance(&r.resolve),
        ]
    })
}

fn sla_chart(rows: &[super::figures::SlaRow]) -> Block {
    Block::Chart(
        "SLA compliance per severity".into(),
        svg::pct_bars(
            "chart-sla",
            "SLA compliance per severity",
            &rows
                .iter()
                .map(|r| {
                    (
                        format!("severity {}", r.severity),
                        r.respond.pct,
                        r.resolve.pct,
                    )
                })
                .collect::<Vec<_>>(),
            ("respond", "resolve"),
        ),
    )
}

/// The resolutions judged by a deadline the customer agreed to: a count, then
/// each with its SLA deadline and the agreed one, so that a met figure can be
/// told from one the SLA alone would have counted as missed.
fn agreed_blocks(z: &Zone, rows: &[super::figures::AgreedDeadline]) -> Vec<Block> {
    if rows.is_empty() {
        return vec![Block::Para(
            "Every resolution was judged by the SLA's own deadline.".into(),
        )];
    }
    vec![
        Block::Para(format!(
            "{} resolution(s) judged by the later deadline the customer agreed to in a plan, not the SLA's ({} met):",
            rows.len(),
            rows.iter().filter(|a| a.met).count()
        )),
        table(
            &[
                "ticket",
                "customer",
                "severity",
                "SLA deadline",
                "judged by",
                "resolved",
                "verdict",
            ],
            rows,
            |a| {
                vec![
                    a.ticket.clone(),
                    a.customer.clone(),
                    a.severity.to_string(),
                    a.sla_due.map_or("never".into(), |t| z.time(t)),
                    format!("agreed {} by {}", z.time(a.agreed_time), a.agreed_by),
                    a.stopped.map_or("still open".into(), |t| z.time(t)),
                    if a.met { "met" } else { "missed" }.into(),
                ]
            },
        ),
    ]
}

fn satisfaction(r: &super::figures::ServiceRow) -> String {
    match r.satisfaction {
        Some(m) => format!("{m:.1}/5 ({})", r.feedbacks),
        None => "n/a".into(),
    }
}

/// On-site visits, return visits (回访) and satisfaction per customer.
fn service_section(d: &mut Vec<Block>, s: &super::figures::Service) {
    section(
        d,
        "On-site visits and return visits",
        s.customers
            .is_empty()
            .then_some("No on-site clock or return visit was judged in this period."),
        || {
            vec![
                Block::Para(format!(
                    "On site: {} met, {} missed. Return visits: {} due, {} done, {} outstanding at the end of the period. Mean satisfaction {}.",
                    s.all.onsite_met,
                    s.all.onsite_missed,
                    s.all.return_visits_due,
                    s.all.return_visits_done,
                    s.all.return_visits_outstanding,
                    satisfaction(&s.all)
                )),
                Block::Para("An on-site clock is judged when the first arrival was in the period, or when nobody had arrived by the end of the period and it fell due in it. A return visit is due when its due time fell in the period, done when the customer was called back in it; the satisfaction is the mean over the return visits done.".into()),
                table(
                    &[
                        "customer",
                        "on site met",
                        "on site missed",
                        "return visits due",
                        "done",
                        "outstanding",
                        "mean satisfaction",
                    ],
                    &s.customers,
                    |r| {
                        vec![
                            r.customer.clone(),
                            r.onsite_met.to_string(),
                            r.onsite_missed.to_string(),
                            r.return_visits_due.to_string(),
                            r.return_visits_done.to_string(),
                            r.return_visits_outstanding.to_string(),
                            satisfaction(r),
                        ]
                    },
                ),
            ]
        },
    );
}

/// The backups of a week or a quarter, per set, under their heading.
fn backup_section(d: &mut Vec<Block>, rows: &[super::figures::BackupDays]) {
    section(
        d,
        "Backups",
        rows.is_empty()
            .then_some("No backup set has verification records."),
        || {
            vec![table(
                &[
                    "set",
                    "verifications",
                    "days done",
                    "days failed",
                    "days missing",
                    "failed or missing",
                ],
                rows,
                |b| {
                    let mut days = Vec::new();
                    if !b.failed.is_empty() {
                        days.push(format!("failed {}", ranges(&b.failed)));
                    }
                    if !b.missing.is_empty() {
                        days.push(format!("missing {}", ranges(&b.missing)));
                    }
                    vec![
                        b.set.clone(),
                        b.runs.to_string(),
                        b.done_days.to_string(),
                        b.failed_days.to_string(),
                        b.missing_days.to_string(),
                        days.join(", "),
                    ]
                },
            )]
        },
    );
}

/// Sorted days as `2026-11-01 to 2026-11-03, 2026-11-07`.
fn ranges(days: &[chrono::NaiveDate]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j] + chrono::Days::new(1) {
            j += 1;
        }
        out.push(if i == j {
            days[i].to_string()
        } else {
            format!("{} to {}", days[i], days[j])
        });
        i = j + 1;
    }
    out.join("; ")
}

/// Tickets opened and closed per severity, under their heading.
fn flow_section(d: &mut Vec<Block>, f: &super::figures::TicketFlow) {
    section(d, "Tickets", None, || {
        let all = [
            "all".to_string(),
            f.opened_total.to_string(),
            f.closed_total.to_string(),
        ];
        let rows = f
            .opened
            .iter()
            .zip(&f.closed)
            .map(|(o, c)| {
                [
                    o.severity.to_string(),
                    o.count.to_string(),
                    c.count.to_string(),
                ]
            })
            .chain([all]);
        vec![table(&["severity", "opened", "closed"], rows, Vec::from)]
    });
}

/// The "Changes made" section: the change records finished in the period
/// and the backups taken for tickets and changes.
fn changes_made_section(
    z: &Zone,
    d: &mut Vec<Block>,
    rows: &[super::figures::ChangeMade],
    takes: &[super::figures::BackupTaken],
) {
    section(
        d,
        "Changes made",
        (rows.is_empty() && takes.is_empty())
            .then_some("No change was done or rolled back, and no backup taken for a ticket or a change, in this period."),
        || {
            let mut blocks = Vec::new();
            if !rows.is_empty() {
                blocks.push(table(
                    &["Change", "Ticket", "Summary", "Targets", "Result", "Done"],
                    rows,
                    |c| {
                        vec![
                            c.id.clone(),
                            c.ticket.clone(),
                            c.summary.clone(),
                            c.targets.join(", "),
                            c.result.clone(),
                            z.time(c.done_at),
                        ]
                    },
                ));
            }
            if !takes.is_empty() {
                blocks.push(table(
                    &["Backup taken", "Ticket", "Change", "Host", "Result", "Finished"],
                    takes,
                    |t| {
                        vec![
                            t.name.clone(),
                            t.ticket.clone().unwrap_or_default(),
                            t.change.clone().unwrap_or_default(),
                            t.host.clone(),
                            t.status.as_str().to_string(),
                            z.time(t.finished),
                        ]
                    },
                ));
            }
            blocks
        },
    );
}

fn weekly(z: &Zone, d: &mut Vec<Block>, x: &Weekly) {
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
            let mut worst: Vec<&super::figures::DiskUse> = x.disks.iter().collect();
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

fn quarterly(z: &Zone, d: &mut Vec<Block>, x: &Quarterly) {
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
        let mut avail: Vec<&super::figures::Availability> = x.availability.iter().collect();
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
                        &x.pareto
                            .iter()
                            .map(|p| (p.cause.clone(), p.count, p.cumulative_pct))
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
fn parts_section(z: &Zone, d: &mut Vec<Block>, p: &super::figures::Parts) {
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

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(r: &Report) -> String {
    blocks_markdown(&title(r), document(r))
}

/// The defective parts report of `period` alone (`ops report parts`), as Markdown.
pub fn parts_markdown(period: &str, p: &super::figures::Parts) -> String {
    let mut d = Vec::new();
    parts_section(&Zone(chrono_tz::UTC), &mut d, p);
    // The section's heading is the document's title here.
    d.remove(0);
    blocks_markdown(&format!("Defective parts report {period}"), d)
}

fn blocks_markdown(heading: &str, blocks: Vec<Block>) -> String {
    let mut out = format!("# {heading}\n");
    for b in blocks {
        out.push('\n');
        match b {
            Block::Heading(h) => {
                let _ = writeln!(out, "## {h}");
            }
            Block::Para(p) => {
                let _ = writeln!(out, "{p}");
            }
            Block::List(items) => {
                for i in items {
                    let _ = writeln!(out, "- {}", i.replace('\n', " "));
                }
            }
            Block::Table(head, rows) => {
                let _ = writeln!(
                    out,
                    "| {} |",
                    head.iter()
                        .map(|h| md_cell(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
                for row in rows {
                    let _ = writeln!(
                        out,
                        "| {} |",
                        row.iter()
                            .map(|c| md_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                }
            }
            Block::Chart(t, _) => {
                let _ = writeln!(out, "*Chart: {t} (in the HTML page).*");
            }
        }
    }
    out
}

const CSS: &str = "body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}\
h1{font-size:1.6em;border-bottom:2px solid #4a78b5}h2{font-size:1.2em;margin-top:1.6em;color:#2b4f80}\
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}\
th{background:#eef2f8}svg.chart{display:block;margin:.8em 0;background:#fafafa;border:1px solid #ddd}\
@media print{body{margin:0}}";

pub fn html(r: &Report) -> String {
    let mut out = String::new();
    let t = esc(&title(r));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
<title>{t}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{t}</h1>\n"
    );
    for b in document(r) {
        match b {
            Block::Heading(h) => {
                let _ = writeln!(out, "<h2>{}</h2>", esc(&h));
            }
            Block::Para(p) => {
                let _ = writeln!(out, "<p>{}</p>", esc(&p));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    let _ = writeln!(out, "<li>{}</li>", esc(&i));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(head, rows) => {
                out.push_str("<table>\n<tr>");
                for h in head {
                    let _ = write!(out, "<th>{}</th>", esc(&h));
                }
                out.push_str("</tr>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for c in row {
                        let _ = write!(out, "<td>{}</td>", esc(&c));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
            Block::Chart(_, svg) => {
                out.push_str(&svg);
                out.push('\n');
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// One summary line per severity: its SLA compliance.
fn sla_lines(out: &mut String, rows: &[super::figures::SlaRow]) {
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
fn agreed_line(out: &mut String, rows: &[super::figures::AgreedDeadline]) {
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
fn service_line(out: &mut String, s: &super::figures::Service) {
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
pub fn summary(r: &Report) -> String {
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
