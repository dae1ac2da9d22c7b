//! The service clocks beside the SLA's three: the deadline the customer
//! agreed to, the on-site clock and the return visit (回访). Pure functions of
//! times, so that `super::sla::compute` only gathers the times from the log.
//!
//! - An agreed plan moves the resolution deadline only *later*: the customer
//!   may accept more time than the SLA gives, never less, so an agreed time
//!   before the SLA deadline leaves the SLA deadline in force.
//! - The on-site clock runs from the received time for what the policy allows
//!   the severity (`[sla] onsite`); the first arrival stops it. A ticket closed
//!   before anyone went needed no visit: the clock has no verdict then.
//! - A closed ticket falls due for its return visit a number of days after it
//!   was closed (`[sla] return_visit_days`); the feedback event ends that.

use super::calendar::{self, Calendar};
use super::duration::Span;
use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

/// Days after closing when the return visit falls due, unless `[sla] return_visit_days` says otherwise.
pub const RETURN_VISIT_DAYS: u32 = 3;

/// Which deadline a resolution is judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Deadline {
    /// The SLA's own, from the policy.
    Sla,
    /// The later time the customer agreed to in a plan.
    Agreed,
}

impl Deadline {
    pub fn word(self) -> &'static str {
        match self {
            Deadline::Sla => "sla",
            Deadline::Agreed => "agreed",
        }
    }
}

/// The deadline a resolution is judged by: the agreed time when it is later
/// than the SLA's own (or the SLA's calendar never gives one), else the SLA's.
pub fn resolve_deadline(
    sla_due: Option<DateTime<Utc>>,
    agreed: Option<DateTime<Utc>>,
) -> (Option<DateTime<Utc>>, Deadline) {
    match (sla_due, agreed) {
        (Some(due), Some(a)) if a > due => (Some(a), Deadline::Agreed),
        (None, Some(a)) => (Some(a), Deadline::Agreed),
        (due, _) => (due, Deadline::Sla),
    }
}

/// Where the on-site clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnsiteState {
    /// Nobody on site yet, deadline not reached.
    Due,
    /// Nobody on site yet, deadline passed.
    Overdue,
    /// The first arrival was in time.
    Met,
    /// The first arrival was late.
    Missed,
    /// Closed before anyone went: no visit was needed.
    NotNeeded,
}

impl OnsiteState {
    pub fn word(self) -> &'static str {
        match self {
            OnsiteState::Due => "due",
            OnsiteState::Overdue => "overdue",
            OnsiteState::Met => "met",
            OnsiteState::Missed => "missed",
            OnsiteState::NotNeeded => "not needed",
        }
    }

    /// A visit is still to be made.
    pub fn waiting(self) -> bool {
        matches!(self, OnsiteState::Due | OnsiteState::Overdue)
    }
}

/// The on-site clock of one ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct OnsiteClock {
    pub allowed: Span,
    /// `None` when the calendar never opens long enough.
    pub due: Option<DateTime<Utc>>,
    pub arrived: Option<DateTime<Utc>>,
    pub state: OnsiteState,
}

/// The on-site clock: `allowed` from `received` on `cal`, stopped by the first arrival.
pub fn onsite_clock(
    received: DateTime<Utc>,
    allowed: Span,
    cal: Option<&Calendar>,
    first_arrival: Option<DateTime<Utc>>,
    closed: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> OnsiteClock {
    let due = calendar::deadline(cal, received, allowed.0, &[]);
    let late = |t: DateTime<Utc>| due.is_some_and(|d| t > d);
    let state = match (first_arrival, closed) {
        (Some(a), _) if late(a) => OnsiteState::Missed,
        (Some(_), _) => OnsiteState::Met,
        (None, Some(_)) => OnsiteState::NotNeeded,
        (None, None) if late(now) => OnsiteState::Overdue,
        (None, None) => OnsiteState::Due,
    };
    OnsiteClock {
        allowed,
        due,
        arrived: first_arrival,
        state,
    }
}

/// Where the return visit of a closed ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReturnVisitState {
    /// Closed, but not yet time to call.
    Later,
    /// Time to call the customer.
    Due,
    /// The customer was called; the satisfaction is recorded.
    Done,
}

impl ReturnVisitState {
    pub fn word(self) -> &'static str {
        match self {
            ReturnVisitState::Later => "later",
            ReturnVisitState::Due => "due",
            ReturnVisitState::Done => "done",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReturnVisit {
    pub due: DateTime<Utc>,
    /// When the customer was called back.
    pub done: Option<DateTime<Utc>>,
    pub state: ReturnVisitState,
}

/// The return visit of a ticket closed at `closed`, due `days` later.
pub fn return_visit(
    closed: DateTime<Utc>,
    days: u32,
    feedback: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ReturnVisit {
    let due = closed + TimeDelta::days(i64::from(days));
    let state = match feedback {
        Some(_) => ReturnVisitState::Done,
        None if now >= due => ReturnVisitState::Due,
        None => ReturnVisitState::Later,
    };
    ReturnVisit {
        due,
        done: feedback,
        state,
    }
}

/// The mean of satisfaction scores; `None` for none.
pub fn mean_satisfaction(scores: &[u8]) -> Option<f64> {
    (!scores.is_empty())
        .then(|| scores.iter().map(|s| f64::from(*s)).sum::<f64>() / scores.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::model::tests::at;

    #[test]
    fn only_a_later_agreed_time_moves_the_deadline() {
        let sla = Some(at(21, 0));
        assert_eq!(
            resolve_deadline(sla, Some(at(23, 0))),
            (Some(at(23, 0)), Deadline::Agreed)
        );
        assert_eq!(
            resolve_deadline(sla, Some(at(20, 0))),
            (sla, Deadline::Sla),
            "the customer cannot shorten the SLA"
        );
        assert_eq!(resolve_deadline(sla, None), (sla, Deadline::Sla));
        assert_eq!(
            resolve_deadline(None, Some(at(20, 0))),
            (Some(at(20, 0)), Deadline::Agreed)
        );
    }

    #[test]
    fn the_first_arrival_meets_or_misses_the_onsite_clock() {
        let two_h = Span::hours(2);
        let clock =
            |arrival, closed, now| onsite_clock(at(9, 0), two_h, None, arrival, closed, now);
        assert_eq!(clock(None, None, at(10, 0)).state, OnsiteState::Due);
        assert_eq!(clock(None, None, at(10, 0)).due, Some(at(11, 0)));
        assert_eq!(clock(None, None, at(11, 1)).state, OnsiteState::Overdue);
        assert_eq!(
            clock(Some(at(10, 50)), None, at(12, 0)).state,
            OnsiteState::Met
        );
        assert_eq!(
            clock(Some(at(11, 0)), None, at(12, 0)).state,
            OnsiteState::Met,
            "arriving at the deadline is in time"
        );
        assert_eq!(
            clock(Some(at(11, 10)), None, at(12, 0)).state,
            OnsiteState::Missed
        );
        assert_eq!(
            clock(None, Some(at(12, 0)), at(13, 0)).state,
            OnsiteState::NotNeeded
        );
    }

    #[test]
    fn a_return_visit_falls_due_days_after_closing() {
        let closed = at(9, 0);
        let rv = |fb, now| return_visit(closed, 3, fb, now).state;
        assert_eq!(
            rv(None, closed + TimeDelta::days(2)),
            ReturnVisitState::Later
        );
        assert_eq!(rv(None, closed + TimeDelta::days(3)), ReturnVisitState::Due);
        assert_eq!(
            rv(Some(at(10, 0)), closed + TimeDelta::days(4)),
            ReturnVisitState::Done
        );
        assert_eq!(mean_satisfaction(&[5, 4]), Some(4.5));
        assert_eq!(mean_satisfaction(&[]), None);
    }
}
