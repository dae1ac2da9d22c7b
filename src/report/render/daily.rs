//! The daily report's sections.

use super::*;

pub(super) fn daily(z: &Zone, d: &mut Vec<Block>, x: &Daily) {
    use Block::*;
    section(
        d,
        "Inspections",
        x.inspections
            .is_empty()
            .then_some("No inspection on this day."),
        || {
            vec![
                table(
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
                )
                .toned(3, x.inspections.iter().map(|i| Tone::of(i.status))),
            ]
        },
    );
    section(d, "Changes since the previous day", None, || {
        let listed = |v: &[crate::report::figures::FindingChange], how: &str| {
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
            blocks.push(
                table(
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
        "Backups",
        x.backups
            .is_empty()
            .then_some("No backup set has verification records."),
        || {
            vec![
                table(
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
                )
                .toned(1, x.backups.iter().map(|b| backup_tone(b.state))),
            ]
        },
    );
    one_off_section(z, d, &x.one_off_verifications);
}

/// One-off verifications of a PATH, each once, under their own heading (none: no heading).
pub(super) fn one_off_section(z: &Zone, d: &mut Vec<Block>, rows: &[OneOffRow]) {
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
            })
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
