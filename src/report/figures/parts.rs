//! The defective parts report (《缺坏件报告》): every part replaced in a
//! period, counted by customer and kind. Its own command (`ops report parts`)
//! and a section of the quarterly report.

use super::shared::in_range;
use crate::ticket::{PartKind, Ticket};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartRow {
    pub at: DateTime<Utc>,
    pub ticket: String,
    pub customer: String,
    pub kind: PartKind,
    pub model: String,
    pub removed_serial: String,
    pub installed_serial: String,
    pub fault: String,
    pub returned_to_vendor: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartCount {
    pub customer: String,
    pub kind: PartKind,
    pub count: usize,
    pub returned_to_vendor: usize,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Parts {
    /// By customer, then kind.
    pub counts: Vec<PartCount>,
    /// Every part, by customer, then time.
    pub rows: Vec<PartRow>,
    pub total: usize,
    pub returned_to_vendor: usize,
}

/// The parts replaced in `from..to` on these tickets (optionally one customer's).
pub fn parts(tickets: &[Ticket], from: DateTime<Utc>, to: DateTime<Utc>) -> Parts {
    let mut rows: Vec<PartRow> = tickets
        .iter()
        .flat_map(|t| {
            t.parts_replaced()
                .into_iter()
                .filter(|(e, _)| in_range(e.at, from, to))
                .map(|(e, p)| PartRow {
                    at: e.at,
                    ticket: t.id.to_string(),
                    customer: t.customer.clone(),
                    kind: p.kind,
                    model: p.model.clone(),
                    removed_serial: p.removed_serial.clone(),
                    installed_serial: p.installed_serial.clone(),
                    fault: p.fault.clone(),
                    returned_to_vendor: p.returned_to_vendor,
                })
        })
        .collect();
    rows.sort_by(|a, b| (&a.customer, a.at, &a.ticket).cmp(&(&b.customer, b.at, &b.ticket)));
    let mut counts: BTreeMap<(&str, PartKind), (usize, usize)> = BTreeMap::new();
    for r in &rows {
        let c = counts.entry((r.customer.as_str(), r.kind)).or_default();
        c.0 += 1;
        c.1 += usize::from(r.returned_to_vendor);
    }
    let counts: Vec<PartCount> = counts
        .into_iter()
        .map(|((customer, kind), (count, returned))| PartCount {
            customer: customer.to_string(),
            kind,
            count,
            returned_to_vendor: returned,
        })
        .collect();
    Parts {
        total: rows.len(),
        returned_to_vendor: rows.iter().filter(|r| r.returned_to_vendor).count(),
        counts,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::model::tests::ticket;
    use crate::ticket::{Event, EventKind, PartReplaced, Severity};

    fn ticket_at(received: &str) -> Ticket {
        let mut t = ticket(Severity::II);
        t.received = received.parse().unwrap();
        t
    }

    fn part(t: &mut Ticket, at: &str, kind: PartKind, sn: &str, returned: bool) {
        t.events.push(Event {
            at: at.parse().unwrap(),
            by: "li".into(),
            kind: EventKind::Part(PartReplaced {
                kind,
                model: "M".into(),
                removed_serial: sn.into(),
                installed_serial: format!("{sn}-new"),
                fault: "dead".into(),
                returned_to_vendor: returned,
            }),
        });
    }

    #[test]
    fn parts_of_the_period_are_counted_by_customer_and_kind() {
        let mut a = ticket_at("2026-10-02T08:00:00Z");
        a.customer = "ACME".into();
        part(&mut a, "2026-10-02T10:00:00Z", PartKind::Disk, "A1", true);
        part(&mut a, "2026-10-03T10:00:00Z", PartKind::Disk, "A2", false);
        part(&mut a, "2026-10-03T11:00:00Z", PartKind::Fan, "A3", false);
        let mut b = ticket_at("2026-09-20T08:00:00Z");
        b.customer = "Bank".into();
        // Before the period: not counted.
        part(&mut b, "2026-09-30T23:59:59Z", PartKind::Disk, "B0", true);
        part(&mut b, "2026-10-01T00:00:00Z", PartKind::Disk, "B1", true);
        let from = "2026-10-01T00:00:00Z".parse().unwrap();
        let to = "2027-01-01T00:00:00Z".parse().unwrap();
        let p = parts(&[b, a], from, to);
        let counts: Vec<(&str, PartKind, usize, usize)> = p
            .counts
            .iter()
            .map(|c| (c.customer.as_str(), c.kind, c.count, c.returned_to_vendor))
            .collect();
        assert_eq!(
            counts,
            vec![
                ("ACME", PartKind::Disk, 2, 1),
                ("ACME", PartKind::Fan, 1, 0),
                ("Bank", PartKind::Disk, 1, 1),
            ]
        );
        assert_eq!((p.total, p.returned_to_vendor), (4, 2));
        let serials: Vec<&str> = p.rows.iter().map(|r| r.removed_serial.as_str()).collect();
        assert_eq!(serials, ["A1", "A2", "A3", "B1"]);
    }
}
