//! Sections the weekly and quarterly reports share: SLA, service, backups,
//! ticket flow, changes made.

use super::*;

pub(super) fn sla_table(rows: &[crate::report::figures::SlaRow]) -> Block {
    table(&["severity", "respond", "resolve"], rows, |r| {
        vec![
            r.severity.to_string(),
            compliance(&r.respond),
            compliance(&r.resolve),
        ]
    })
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

pub(super) fn sla_chart(rows: &[crate::report::figures::SlaRow]) -> Block {
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
pub(super) fn agreed_blocks(
    z: &Zone,
    rows: &[crate::report::figures::AgreedDeadline],
) -> Vec<Block> {
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
        )
        .toned(
            6,
            rows.iter()
                .map(|a| Some(if a.met { Tone::Ok } else { Tone::Crit })),
        ),
    ]
}

pub(super) fn satisfaction(r: &crate::report::figures::ServiceRow) -> String {
    match r.satisfaction {
        Some(m) => format!("{m:.1}/5 ({})", r.feedbacks),
        None => "n/a".into(),
    }
}

/// On-site visits, return visits (回访) and satisfaction per customer.
pub(super) fn service_section(d: &mut Vec<Block>, s: &crate::report::figures::Service) {
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
pub(super) fn backup_section(d: &mut Vec<Block>, rows: &[crate::report::figures::BackupDays]) {
    section(
        d,
        "Backups",
        rows.is_empty()
            .then_some("No backup set has verification records."),
        || {
            vec![
                table(
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

/// Sorted days as `2026-11-01 to 2026-11-03, 2026-11-07`.
pub(super) fn ranges(days: &[chrono::NaiveDate]) -> String {
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
pub(super) fn flow_section(d: &mut Vec<Block>, f: &crate::report::figures::TicketFlow) {
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
pub(super) fn changes_made_section(
    z: &Zone,
    d: &mut Vec<Block>,
    rows: &[crate::report::figures::ChangeMade],
    takes: &[crate::report::figures::BackupTaken],
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
                )
                .toned(4, takes.iter().map(|t| Tone::of(t.status))));
            }
            blocks
        },
    );
}
