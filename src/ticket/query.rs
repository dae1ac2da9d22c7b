//! Which tickets `ops ticket list` shows, and in which order; and the
//! verdict of `ops ticket check` over them.

use super::duration::Span;
use super::model::{Severity, Ticket, same_person};
use super::service::ReturnVisitState;
use super::sla::{self, ClockState, Policy, Sla};
use chrono::{DateTime, Utc};

/// Open, closed or both. "Open" includes tickets on hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Which {
    #[default]
    Open,
    Closed,
    All,
}

/// The filters of a listing; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub which: Which,
    pub severities: Vec<Severity>,
    /// Part of the customer's name, any case.
    pub customer: Option<String>,
    /// The current engineer's name, any case.
    pub engineer: Option<String>,
    /// Only tickets with a clock running past its deadline.
    pub overdue: bool,
    /// Only tickets with a running clock due within this (overdue ones included).
    pub due_within: Option<Span>,
    /// Only open tickets whose on-site clock waits for an engineer (due or overdue).
    pub visits_due: bool,
    /// Only closed tickets whose return visit is due and not yet made.
    pub return_visits_due: bool,
}

impl Filter {
    pub fn matches(&self, t: &Ticket, sla: &Sla, now: DateTime<Utc>) -> bool {
        let closed = t.closed().is_some();
        let phase_ok = match self.which {
            Which::Open => !closed,
            Which::Closed => closed,
            Which::All => true,
        };
        phase_ok
            && (self.severities.is_empty() || self.severities.contains(&sla.severity))
            && self
                .customer
                .as_deref()
                .is_none_or(|c| t.customer.to_lowercase().contains(&c.trim().to_lowercase()))
            && self
                .engineer
                .as_deref()
                .is_none_or(|e| t.engineer().is_some_and(|cur| same_person(cur, e)))
            && (!self.overdue || sla.overdue())
            && self.due_within.is_none_or(|within| {
                sla.clocks().iter().any(|(_, c)| {
                    matches!(c.state, ClockState::Running | ClockState::Overdue)
                        && c.due.is_some_and(|d| d <= now + within.0)
                })
            })
            && (!self.visits_due || sla.onsite.as_ref().is_some_and(|o| o.state.waiting()))
            && (!self.return_visits_due
                || sla
                    .return_visit
                    .as_ref()
                    .is_some_and(|r| r.state == ReturnVisitState::Due))
    }
}

/// The tickets that pass `filter`, with their clocks at `now`, what is due first.
pub fn select<'a>(
    tickets: &'a [Ticket],
    policy: &Policy,
    filter: &Filter,
    now: DateTime<Utc>,
) -> Vec<(&'a Ticket, Sla)> {
    let mut rows: Vec<(&Ticket, Sla)> = tickets
        .iter()
        .map(|t| (t, sla::compute(t, policy, now)))
        .filter(|(t, s)| filter.matches(t, s, now))
        .collect();
    if filter.visits_due {
        // What the engineers must go to first.
        rows.sort_by_key(|(t, s)| (s.onsite.as_ref().and_then(|o| o.due), t.id));
    } else if filter.return_visits_due {
        rows.sort_by_key(|(t, s)| (s.return_visit.as_ref().map(|r| r.due), t.id));
    } else {
        rows.sort_by_cached_key(|(t, s)| sla::due_order(t, s));
    }
    rows
}

/// One customer's mean satisfaction over their return visits.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerSatisfaction {
    pub customer: String,
    pub feedbacks: usize,
    pub average: f64,
}

/// The mean satisfaction of each customer named in `customers`, over every
/// return visit in `tickets`; customers without feedback are left out.
pub fn satisfaction_by_customer<'a>(
    tickets: &[Ticket],
    customers: impl IntoIterator<Item = &'a str>,
) -> Vec<CustomerSatisfaction> {
    let wanted: std::collections::BTreeSet<&str> = customers.into_iter().collect();
    let mut scores: std::collections::BTreeMap<&str, Vec<u8>> = Default::default();
    for t in tickets
        .iter()
        .filter(|t| wanted.contains(t.customer.as_str()))
    {
        if let Some((_, f)) = t.feedback() {
            scores
                .entry(t.customer.as_str())
                .or_default()
                .push(f.satisfaction);
        }
    }
    scores
        .into_iter()
        .filter_map(|(customer, s)| {
            super::service::mean_satisfaction(&s).map(|average| CustomerSatisfaction {
                customer: customer.to_owned(),
                feedbacks: s.len(),
                average,
            })
        })
        .collect()
}

/// How urgent the open tickets are, for `ops ticket check`: crit when any
/// clock runs past its deadline, warn when one falls due within `within`,
/// ok otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Urgency {
    pub status: crate::check::Status,
    /// Tickets with a clock past its deadline.
    pub overdue: usize,
    /// Tickets not overdue with a running clock due within the window.
    pub due_soon: usize,
}

/// The urgency of `rows` (open tickets with their clocks) at `now`.
pub fn urgency(rows: &[(&Ticket, Sla)], within: Span, now: DateTime<Utc>) -> Urgency {
    use crate::check::Status;
    let overdue = rows.iter().filter(|(_, s)| s.overdue()).count();
    let due_soon = rows
        .iter()
        .filter(|(_, s)| !s.overdue() && s.next_due().is_some_and(|(_, d)| d <= now + within.0))
        .count();
    let status = if overdue > 0 {
        Status::Crit
    } else if due_soon > 0 {
        Status::Warn
    } else {
        Status::Ok
    };
    Urgency {
        status,
        overdue,
        due_soon,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::model::tests::{at, ev, ticket};
    use crate::ticket::model::{Cause, Closure, EventKind};

    fn fleet() -> Vec<Ticket> {
        let mk = |seq: u32, sev, received, customer: &str| {
            let mut t = ticket(sev);
            t.id.seq = seq;
            t.received = received;
            t.customer = customer.into();
            t.events = vec![ev(received, EventKind::Created)];
            t
        };
        let mut v = vec![
            mk(1, Severity::IV, at(8, 0), "ACME Bank"), // respond due 08:30: overdue at 10:00
            mk(2, Severity::I, at(9, 50), "Globex"),    // respond due 10:20
            mk(3, Severity::II, at(9, 0), "ACME Bank"), // responded + planned, resolve due tomorrow 09:00
            mk(4, Severity::III, at(7, 0), "Initech"),  // closed
        ];
        v[2].events.push(ev(at(9, 10), EventKind::Responded));
        v[2].events.push(ev(at(9, 20), EventKind::Planned));
        v[3].events.push(ev(
            at(7, 10),
            EventKind::Closed(Closure {
                resolution: "answered".into(),
                cause: Cause::NoFault,
                parts: vec![],
                confirmed_by: "Bob".into(),
            }),
        ));
        v
    }

    fn ids(rows: &[(&Ticket, Sla)]) -> Vec<u32> {
        rows.iter().map(|(t, _)| t.id.seq).collect()
    }

    #[test]
    fn open_tickets_by_what_is_due_first() {
        let tickets = fleet();
        let rows = select(&tickets, &Policy::default(), &Filter::default(), at(10, 0));
        assert_eq!(ids(&rows), [1, 2, 3]);
        let all = Filter {
            which: Which::All,
            ..Filter::default()
        };
        assert_eq!(
            ids(&select(&tickets, &Policy::default(), &all, at(10, 0))),
            [1, 2, 3, 4]
        );
        let closed = Filter {
            which: Which::Closed,
            ..Filter::default()
        };
        assert_eq!(
            ids(&select(&tickets, &Policy::default(), &closed, at(10, 0))),
            [4]
        );
    }

    #[test]
    fn overdue_at_a_pinned_time() {
        let tickets = fleet();
        let overdue = Filter {
            overdue: true,
            ..Filter::default()
        };
        let p = Policy::default();
        assert_eq!(
            ids(&select(&tickets, &p, &overdue, at(8, 29))),
            Vec::<u32>::new()
        );
        assert_eq!(ids(&select(&tickets, &p, &overdue, at(10, 0))), [1]);
        assert_eq!(ids(&select(&tickets, &p, &overdue, at(10, 21))), [1, 2]);
        // Ticket 1's plan clock (due 10:00) is overdue too; ticket 3's clocks are
        // stopped or far: still only 1 and 2 the next morning, plus 3 after its 24 h.
        let next_day = at(9, 0) + chrono::Duration::hours(24) + chrono::Duration::minutes(1);
        assert_eq!(ids(&select(&tickets, &p, &overdue, next_day)), [1, 2, 3]);
    }

    #[test]
    fn filters_combine() {
        let tickets = fleet();
        let p = Policy::default();
        let now = at(10, 0);
        let f = Filter {
            customer: Some("acme".into()),
            ..Filter::default()
        };
        assert_eq!(ids(&select(&tickets, &p, &f, now)), [1, 3]);
        let f = Filter {
            severities: vec![Severity::I, Severity::II],
            ..Filter::default()
        };
        assert_eq!(ids(&select(&tickets, &p, &f, now)), [2, 3]);
        let f = Filter {
            engineer: Some("li  NA".into()),
            ..Filter::default()
        };
        assert_eq!(ids(&select(&tickets, &p, &f, now)).len(), 3);
        let f = Filter {
            engineer: Some("Wang".into()),
            ..Filter::default()
        };
        assert!(select(&tickets, &p, &f, now).is_empty());
        // Due within 30 minutes: 1 (overdue) and 2 (respond at 10:20), not 3.
        let f = Filter {
            due_within: Some(Span::minutes(30)),
            ..Filter::default()
        };
        assert_eq!(ids(&select(&tickets, &p, &f, now)), [1, 2]);
    }

    #[test]
    fn urgency_is_crit_when_overdue_and_warn_when_due_soon() {
        use crate::check::Status;
        let tickets = fleet();
        let p = Policy::default();
        let now = at(10, 0);
        let open = select(&tickets, &p, &Filter::default(), now);
        // Ticket 1 is overdue; ticket 2 responds by 10:20; ticket 3 tomorrow.
        let u = urgency(&open, Span::minutes(10), now);
        assert_eq!((u.status, u.overdue, u.due_soon), (Status::Crit, 1, 0));
        let u = urgency(&open, Span::minutes(30), now);
        assert_eq!((u.status, u.overdue, u.due_soon), (Status::Crit, 1, 1));
        // Without ticket 1.
        let u = urgency(&open[1..], Span::minutes(30), now);
        assert_eq!((u.status, u.overdue, u.due_soon), (Status::Warn, 0, 1));
        let u = urgency(&open[1..], Span::minutes(10), now);
        assert_eq!((u.status, u.overdue, u.due_soon), (Status::Ok, 0, 0));
        assert_eq!(urgency(&[], Span::hours(4), now).status, Status::Ok);
    }

    #[test]
    fn visits_due_and_return_visits_due() {
        let config: sla::SlaConfig = toml::from_str(
            "onsite = { I = \"4h\" }\n[class.gold]\nonsite = { I = \"1h\" }\nreturn_visit_days = 1\n[customers]\nGlobex = \"gold\"\n",
        )
        .unwrap();
        let p = Policy::from_config(&config).unwrap();
        let tickets = fleet();
        let visits = Filter {
            visits_due: true,
            which: Which::All,
            ..Filter::default()
        };
        // Only ticket 2 is severity I; Globex is gold: due 10:50, not 13:50.
        let rows = select(&tickets, &p, &visits, at(10, 0));
        assert_eq!(ids(&rows), [2]);
        assert_eq!(rows[0].1.onsite.as_ref().unwrap().due, Some(at(10, 50)));
        let returns = Filter {
            return_visits_due: true,
            which: Which::All,
            ..Filter::default()
        };
        // Ticket 4 (Initech, no class) closed 07:10: due three days later.
        let day = chrono::Duration::days(1);
        assert!(select(&tickets, &p, &returns, at(7, 10) + day * 2).is_empty());
        assert_eq!(
            ids(&select(&tickets, &p, &returns, at(7, 10) + day * 3)),
            [4]
        );
    }
}
