//! The service figures of a week or a quarter, per customer: on-site visits
//! met and missed, return visits (回访) due, done and outstanding, and the mean
//! satisfaction the customers gave.
//!
//! Judged like the SLA clocks (`shared::sla_rows`), on the tickets as they
//! stood at the end of the period:
//! - an on-site clock is judged in the period when the first arrival was in
//!   it (met or missed), or when nobody had arrived at the end of the period
//!   and its deadline fell in it (missed);
//! - a return visit is *due* in the period when its due time fell in it,
//!   *done* when the customer was called back in it, and *outstanding* when at
//!   the end of the period it was due (then or earlier) and not yet made;
//! - the mean satisfaction is over the return visits done in the period.

use super::shared::in_range;
use crate::ticket::Ticket;
use crate::ticket::service::{OnsiteState, ReturnVisitState, mean_satisfaction};
use crate::ticket::sla::{self, Policy};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ServiceRow {
    /// The customer, or `all` for the totals.
    pub customer: String,
    pub onsite_met: usize,
    pub onsite_missed: usize,
    pub return_visits_due: usize,
    pub return_visits_done: usize,
    pub return_visits_outstanding: usize,
    /// How many satisfaction scores the mean is over (the return visits done).
    pub feedbacks: usize,
    /// Mean satisfaction 1–5; none without feedback in the period.
    pub satisfaction: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Service {
    /// Customers with anything to count, by name.
    pub customers: Vec<ServiceRow>,
    pub all: ServiceRow,
}

impl ServiceRow {
    fn is_empty(&self) -> bool {
        self.onsite_met
            + self.onsite_missed
            + self.return_visits_due
            + self.return_visits_done
            + self.return_visits_outstanding
            == 0
    }
}

/// The service figures of `[from, to)` over `tickets` (as they stood at `to`).
pub fn service(
    tickets: &[Ticket],
    policy: &Policy,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Service {
    let mut rows: BTreeMap<&str, (ServiceRow, Vec<u8>)> = BTreeMap::new();
    let mut all_scores = Vec::new();
    let mut all = ServiceRow {
        customer: "all".into(),
        ..ServiceRow::default()
    };
    for t in tickets {
        let s = sla::compute(t, policy, to);
        let (row, scores) = rows.entry(t.customer.as_str()).or_default();
        let mut tally = |f: &dyn Fn(&mut ServiceRow)| {
            f(row);
            f(&mut all);
        };
        if let Some(o) = &s.onsite {
            let judged = match o.arrived {
                Some(a) => in_range(a, from, to),
                None => {
                    o.state == OnsiteState::Overdue && o.due.is_some_and(|d| in_range(d, from, to))
                }
            };
            if judged {
                match o.state {
                    OnsiteState::Met => tally(&|r| r.onsite_met += 1),
                    _ => tally(&|r| r.onsite_missed += 1),
                }
            }
        }
        if let Some(r) = &s.return_visit {
            if in_range(r.due, from, to) {
                tally(&|r| r.return_visits_due += 1);
            }
            if r.state == ReturnVisitState::Due {
                tally(&|r| r.return_visits_outstanding += 1);
            }
        }
        if let Some((e, f)) = t.feedback()
            && in_range(e.at, from, to)
        {
            tally(&|r| r.return_visits_done += 1);
            scores.push(f.satisfaction);
            all_scores.push(f.satisfaction);
        }
    }
    let customers = rows
        .into_iter()
        .map(|(customer, (mut row, scores))| {
            row.customer = customer.to_owned();
            row.feedbacks = scores.len();
            row.satisfaction = mean_satisfaction(&scores);
            row
        })
        .filter(|r| !r.is_empty())
        .collect();
    all.feedbacks = all_scores.len();
    all.satisfaction = mean_satisfaction(&all_scores);
    Service { customers, all }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::model::tests::{at, ev, ticket};
    use crate::ticket::model::{Cause, Closure, EventKind, Feedback, Severity, Visit};
    use chrono::TimeDelta;

    fn closed(customer: &str, arrival: Option<DateTime<Utc>>, satisfaction: Option<u8>) -> Ticket {
        let mut t = ticket(Severity::I);
        t.customer = customer.into();
        if let Some(a) = arrival {
            t.events.push(ev(
                a,
                EventKind::Visit(Visit {
                    departed: None,
                    engineer: "王芳".into(),
                    summary: "s".into(),
                }),
            ));
        }
        t.events.push(ev(
            at(12, 0),
            EventKind::Closed(Closure {
                resolution: "done".into(),
                cause: Cause::Hardware,
                parts: vec![],
                confirmed_by: "Zhang Wei".into(),
            }),
        ));
        if let Some(s) = satisfaction {
            t.events.push(ev(
                at(12, 0) + TimeDelta::days(3),
                EventKind::Feedback(Feedback {
                    called: "Zhang Wei".into(),
                    satisfaction: s,
                    comment: String::new(),
                }),
            ));
        }
        t
    }

    #[test]
    fn visits_and_return_visits_per_customer() {
        let config: sla::SlaConfig = toml::from_str("onsite = { I = \"2h\" }\n").unwrap();
        let p = Policy::from_config(&config).unwrap();
        let tickets = [
            closed("工商银行", Some(at(10, 0)), Some(5)),
            closed("工商银行", Some(at(11, 30)), Some(4)),
            closed("ACME", None, None),
        ];
        let from = at(0, 0);
        let s = service(&tickets, &p, from, from + TimeDelta::days(10));
        assert_eq!(s.customers.len(), 2);
        let acme = &s.customers[0];
        assert_eq!(acme.customer, "ACME");
        assert_eq!(
            (acme.onsite_met, acme.onsite_missed),
            (0, 0),
            "closed before a visit: not needed"
        );
        assert_eq!(
            (
                acme.return_visits_due,
                acme.return_visits_done,
                acme.return_visits_outstanding
            ),
            (1, 0, 1)
        );
        assert_eq!(acme.satisfaction, None);
        let bank = &s.customers[1];
        assert_eq!((bank.onsite_met, bank.onsite_missed), (1, 1));
        assert_eq!((bank.return_visits_due, bank.return_visits_done), (2, 2));
        assert_eq!(bank.satisfaction, Some(4.5));
        assert_eq!(s.all.feedbacks, 2);
        assert_eq!(s.all.return_visits_outstanding, 1);
        // A period that ends before the return visits fell due.
        let s = service(&tickets, &p, from, at(23, 0));
        assert_eq!(s.all.return_visits_due, 0);
        assert_eq!(s.all.onsite_met, 1);
    }
}
