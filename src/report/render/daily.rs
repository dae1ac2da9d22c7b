//! The daily report's sections.

use super::*;

pub(super) fn daily(z: &Voice, d: &mut Vec<Block>, x: &Daily) {
    use Block::*;
    section(
        d,
        &z.t("report-inspections"),
        x.inspections
            .is_empty()
            .then_some(z.t("report-inspections-none"))
            .as_deref(),
        || {
            vec![
                table(
                    z,
                    &[
                        "report-col-target",
                        "report-col-kind",
                        "report-col-time",
                        "report-col-worst",
                        "report-col-findings",
                    ],
                    &x.inspections,
                    |i| {
                        let target = match i.serves.as_slice() {
                            [] => i.target.clone(),
                            hosts => z.ta(
                                "report-serves",
                                &[("target", i.target.clone()), ("hosts", hosts.join(", "))],
                            ),
                        };
                        vec![
                            target,
                            z.kind(&i.kind),
                            z.time(i.at),
                            z.status(i.status),
                            finding::inspection_cell(z, i),
                        ]
                    },
                )
                .toned(3, x.inspections.iter().map(|i| Tone::of(i.status))),
            ]
        },
    );
    section(d, &z.t("report-day-changes"), None, || {
        let listed = |v: &[crate::report::figures::FindingChange], how: &str| {
            let how = z.t(how);
            List(capped(
                z,
                &v.iter()
                    .map(|c| {
                        z.ta(
                            "report-change-item",
                            &[
                                ("how", how.clone()),
                                ("finding", finding::change(z, c)),
                                ("message", c.message.clone()),
                            ],
                        )
                    })
                    .collect::<Vec<_>>(),
            ))
        };
        let mut blocks = vec![Para(z.ta(
            "report-day-changes-counts",
            &[
                ("new", x.new_findings.len().to_string()),
                ("cleared", x.cleared_findings.len().to_string()),
            ],
        ))];
        if !x.new_findings.is_empty() {
            blocks.push(listed(&x.new_findings, "report-change-new"));
        }
        if !x.cleared_findings.is_empty() {
            blocks.push(listed(&x.cleared_findings, "report-change-cleared"));
        }
        blocks
    });
    section(d, &z.t("report-open-tickets"), None, || {
        let mut blocks = vec![Para(z.ta(
            "report-open-tickets-counts",
            &[
                ("open", x.open_tickets.len().to_string()),
                ("overdue", x.overdue_tickets.to_string()),
            ],
        ))];
        if !x.open_tickets.is_empty() {
            blocks.push(
                table(
                    z,
                    &[
                        "report-col-ticket",
                        "report-col-severity",
                        "report-col-state",
                        "report-col-next-due",
                        "report-col-problem",
                    ],
                    &x.open_tickets,
                    |t| {
                        vec![
                            t.id.clone(),
                            z.severity(t.severity),
                            z.t(if t.overdue {
                                "report-ticket-overdue"
                            } else {
                                "report-ticket-open"
                            }),
                            t.next_due.map(|t| z.time(t)).unwrap_or_default(),
                            t.problem.clone(),
                        ]
                    },
                )
                .toned(
                    2,
                    x.open_tickets
                        .iter()
                        .map(|t| t.overdue.then_some(Tone::Crit)),
                ),
            );
        }
        blocks
    });
    section(
        d,
        &z.t("report-backups"),
        x.backups
            .is_empty()
            .then_some(z.t("report-backups-none"))
            .as_deref(),
        || {
            vec![
                table(
                    z,
                    &[
                        "report-col-set",
                        "report-col-state",
                        "report-col-verifications",
                        "report-col-problems",
                    ],
                    &x.backups,
                    |b| {
                        vec![
                            b.set.clone(),
                            z.word("report-backup", b.state),
                            b.runs.to_string(),
                            finding::backup_problems(z, &b.problems, &b.problem_findings),
                        ]
                    },
                )
                .toned(1, x.backups.iter().map(|b| backup_tone(b.state))),
            ]
        },
    );
    one_off_section(z, d, &x.one_off_verifications);
}

/// One-off verifications of a PATH, each once, under their own heading (none: no heading).
pub(super) fn one_off_section(z: &Voice, d: &mut Vec<Block>, rows: &[OneOffRow]) {
    if rows.is_empty() {
        return;
    }
    section(d, &z.t("report-one-off"), None, || {
        vec![
            Block::Para(z.t("report-one-off-intro")),
            table(
                z,
                &[
                    "report-col-path",
                    "report-col-verified",
                    "report-col-status",
                    "report-col-problems",
                ],
                rows,
                |r| {
                    vec![
                        r.path.clone(),
                        z.time(r.at),
                        z.status(r.status),
                        finding::backup_problems(z, &r.problems, &r.problem_findings),
                    ]
                },
            )
            .toned(2, rows.iter().map(|r| Tone::of(r.status))),
        ]
    });
}

/// The tone of a day's backup state (`verified`, `failed`, `missing`).
fn backup_tone(state: &str) -> Option<Tone> {
    match state {
        "verified" => Some(Tone::Ok),
        "failed" | "missing" => Some(Tone::Crit),
        _ => None,
    }
}
