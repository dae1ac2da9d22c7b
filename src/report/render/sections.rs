//! Sections the weekly and quarterly reports share: SLA, service, backups,
//! ticket flow, changes made.

use super::*;

pub(super) fn sla_table(z: &Voice, rows: &[crate::report::figures::SlaRow]) -> Block {
    table(
        z,
        &[
            "report-col-severity",
            "report-col-respond",
            "report-col-resolve",
        ],
        rows,
        |r| {
            vec![
                z.severity(r.severity),
                compliance(z, &r.respond),
                compliance(z, &r.resolve),
            ]
        },
    )
    .toned(1, rows.iter().map(|r| sla_tone(&r.respond)))
    .toned(2, rows.iter().map(|r| sla_tone(&r.resolve)))
}

/// All met: ok; one missed: crit; nothing judged: unknown.
fn sla_tone(c: &crate::report::figures::Compliance) -> Option<Tone> {
    Some(match c.judged {
        0 => Tone::Unknown,
        n if c.met == n => Tone::Ok,
        _ => Tone::Crit,
    })
}

pub(super) fn sla_chart(z: &Voice, rows: &[crate::report::figures::SlaRow]) -> Block {
    let title = z.t("report-sla-chart");
    Block::Chart(
        title.clone(),
        svg::pct_bars(
            "chart-sla",
            &title,
            &rows
                .iter()
                .map(|r| {
                    (
                        z.ta("report-sla-chart-bar", &[("level", r.severity.to_string())]),
                        r.respond.pct,
                        r.resolve.pct,
                    )
                })
                .collect::<Vec<_>>(),
            (&z.t("report-col-respond"), &z.t("report-col-resolve")),
            &z.t("report-na"),
        ),
    )
}

/// The resolutions judged by a deadline the customer agreed to: a count, then
/// each with its SLA deadline and the agreed one, so that a met figure can be
/// told from one the SLA alone would have counted as missed.
pub(super) fn agreed_blocks(
    z: &Voice,
    rows: &[crate::report::figures::AgreedDeadline],
) -> Vec<Block> {
    if rows.is_empty() {
        return vec![Block::Para(z.t("report-agreed-none"))];
    }
    vec![
        Block::Para(z.ta(
            "report-agreed-intro",
            &[
                ("n", rows.len().to_string()),
                ("met", rows.iter().filter(|a| a.met).count().to_string()),
            ],
        )),
        table(
            z,
            &[
                "report-col-ticket",
                "report-col-customer",
                "report-col-severity",
                "report-col-sla-deadline",
                "report-col-judged-by",
                "report-col-resolved",
                "report-col-verdict",
            ],
            rows,
            |a| {
                vec![
                    a.ticket.clone(),
                    a.customer.clone(),
                    z.severity(a.severity),
                    a.sla_due.map_or_else(|| z.t("report-never"), |t| z.time(t)),
                    z.ta(
                        "report-agreed-by",
                        &[("time", z.time(a.agreed_time)), ("by", a.agreed_by.clone())],
                    ),
                    a.stopped
                        .map_or_else(|| z.t("report-still-open"), |t| z.time(t)),
                    z.t(if a.met { "report-met" } else { "report-missed" }),
                ]
            },
        )
        .toned(
            6,
            rows.iter()
                .map(|a| Some(if a.met { Tone::Ok } else { Tone::Crit })),
        ),
    ]
}

pub(super) fn satisfaction(z: &Voice, r: &crate::report::figures::ServiceRow) -> String {
    match r.satisfaction {
        Some(m) => z.ta(
            "report-satisfaction",
            &[("score", format!("{m:.1}")), ("n", r.feedbacks.to_string())],
        ),
        None => z.t("report-na"),
    }
}

/// On-site visits, return visits (回访) and satisfaction per customer.
pub(super) fn service_section(z: &Voice, d: &mut Vec<Block>, s: &crate::report::figures::Service) {
    section(
        d,
        &z.t("report-service"),
        s.customers
            .is_empty()
            .then_some(z.t("report-service-none"))
            .as_deref(),
        || {
            vec![
                Block::Para(z.ta(
                    "report-service-counts",
                    &[
                        ("met", s.all.onsite_met.to_string()),
                        ("missed", s.all.onsite_missed.to_string()),
                        ("due", s.all.return_visits_due.to_string()),
                        ("done", s.all.return_visits_done.to_string()),
                        ("outstanding", s.all.return_visits_outstanding.to_string()),
                        ("satisfaction", satisfaction(z, &s.all)),
                    ],
                )),
                Block::Para(z.t("report-service-definition")),
                table(
                    z,
                    &[
                        "report-col-customer",
                        "report-col-onsite-met",
                        "report-col-onsite-missed",
                        "report-col-visits-due",
                        "report-col-visits-done",
                        "report-col-visits-outstanding",
                        "report-col-satisfaction",
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
                            satisfaction(z, r),
                        ]
                    },
                ),
            ]
        },
    );
}

/// The backups of a week or a quarter, per set, under their heading.
pub(super) fn backup_section(
    z: &Voice,
    d: &mut Vec<Block>,
    rows: &[crate::report::figures::BackupDays],
) {
    section(
        d,
        &z.t("report-backups"),
        rows.is_empty()
            .then_some(z.t("report-backups-none"))
            .as_deref(),
        || {
            vec![
                table(
                    z,
                    &[
                        "report-col-set",
                        "report-col-verifications",
                        "report-col-days-done",
                        "report-col-days-failed",
                        "report-col-days-missing",
                        "report-col-failed-or-missing",
                    ],
                    rows,
                    |b| {
                        let mut days = Vec::new();
                        if !b.failed.is_empty() {
                            days.push(
                                z.ta("report-days-failed", &[("days", ranges(z, &b.failed))]),
                            );
                        }
                        if !b.missing.is_empty() {
                            days.push(
                                z.ta("report-days-missing", &[("days", ranges(z, &b.missing))]),
                            );
                        }
                        vec![
                            b.set.clone(),
                            b.runs.to_string(),
                            b.done_days.to_string(),
                            b.failed_days.to_string(),
                            b.missing_days.to_string(),
                            days.join(&z.t("report-list-separator")),
                        ]
                    },
                )
                .toned(
                    3,
                    rows.iter().map(|b| {
                        Some(if b.failed_days > 0 {
                            Tone::Crit
                        } else {
                            Tone::Ok
                        })
                    }),
                )
                .toned(
                    4,
                    rows.iter().map(|b| {
                        Some(if b.missing_days > 0 {
                            Tone::Warn
                        } else {
                            Tone::Ok
                        })
                    }),
                ),
            ]
        },
    );
}

/// Sorted days as `2026-11-01 to 2026-11-03; 2026-11-07`.
pub(super) fn ranges(z: &Voice, days: &[chrono::NaiveDate]) -> String {
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
            z.ta(
                "report-ranges",
                &[("from", days[i].to_string()), ("to", days[j].to_string())],
            )
        });
        i = j + 1;
    }
    out.join(&z.t("report-findings-separator"))
}

/// Tickets opened and closed per severity, under their heading.
pub(super) fn flow_section(z: &Voice, d: &mut Vec<Block>, f: &crate::report::figures::TicketFlow) {
    section(d, &z.t("report-tickets"), None, || {
        let all = [
            z.t("report-all"),
            f.opened_total.to_string(),
            f.closed_total.to_string(),
        ];
        let rows = f
            .opened
            .iter()
            .zip(&f.closed)
            .map(|(o, c)| {
                [
                    z.severity(o.severity),
                    o.count.to_string(),
                    c.count.to_string(),
                ]
            })
            .chain([all]);
        vec![table(
            z,
            &[
                "report-col-severity",
                "report-col-opened",
                "report-col-closed",
            ],
            rows,
            Vec::from,
        )]
    });
}

/// The "Changes made" section: the change records finished in the period
/// and the backups taken for tickets and changes.
pub(super) fn changes_made_section(
    z: &Voice,
    d: &mut Vec<Block>,
    rows: &[crate::report::figures::ChangeMade],
    takes: &[crate::report::figures::BackupTaken],
) {
    section(
        d,
        &z.t("report-changes-made"),
        (rows.is_empty() && takes.is_empty())
            .then_some(z.t("report-changes-made-none"))
            .as_deref(),
        || {
            let mut blocks = Vec::new();
            if !rows.is_empty() {
                blocks.push(table(
                    z,
                    &[
                        "report-col-change",
                        "report-col-change-ticket",
                        "report-col-summary",
                        "report-col-targets",
                        "report-col-result",
                        "report-col-done",
                    ],
                    rows,
                    |c| {
                        vec![
                            c.id.clone(),
                            c.ticket.clone(),
                            c.summary.clone(),
                            c.targets.join(", "),
                            z.word("report-change", &c.result),
                            z.time(c.done_at),
                        ]
                    },
                ));
            }
            if !takes.is_empty() {
                blocks.push(
                    table(
                        z,
                        &[
                            "report-col-backup-taken",
                            "report-col-change-ticket",
                            "report-col-change",
                            "report-col-host",
                            "report-col-result",
                            "report-col-finished",
                        ],
                        takes,
                        |t| {
                            vec![
                                t.name.clone(),
                                t.ticket.clone().unwrap_or_default(),
                                t.change.clone().unwrap_or_default(),
                                t.host.clone(),
                                z.status(t.status),
                                z.time(t.finished),
                            ]
                        },
                    )
                    .toned(4, takes.iter().map(|t| Tone::of(t.status))),
                );
            }
            blocks
        },
    );
}
