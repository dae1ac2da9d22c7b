//! What `--format json` prints for tickets: view structs with a versioned
//! schema, so that internal types can change without breaking scripts.
//!
//! Schema 1 (`ops ticket new`, `show`, `update`, `close` print one
//! [`TicketView`]; `list` prints a [`ListView`]). Times are RFC 3339 in UTC;
//! durations are whole seconds (`*_seconds`), negative when overdue.
//!
//! ```text
//! TicketView { schema, id, path, status: open|on-hold|closed,
//!   customer, site, contact, phone, channel, category,
//!   severity (current), severity_received, problem, received, expected,
//!   targets[], engineer (current),
//!   sla: { calendar, overdue, breached, on_hold_seconds,
//!          next_due: { clock, at } | null,
//!          respond|plan|resolve: { allowed, allowed_seconds, due, stopped,
//!                                  state: running|paused|overdue|met|breached,
//!                                  left_seconds },
//!          resolve_by: sla|agreed, resolve_sla_due,
//!          onsite: { allowed, allowed_seconds, due, arrived,
//!                    state: due|overdue|met|missed|not-needed } | null,
//!          return_visit: { due, done, state: later|due|done } | null,
//!          class: the customer's class under [sla.customers] | null },
//!   hold: { since, reason } | null,
//!   closure: { at, by, resolution, cause, parts[], confirmed_by } | null,
//!   plan: { at, by, solution, agreed_time, agreed_by } | null,
//!   visits[{ arrived, departed, engineer, summary }],
//!   feedback: { at, by, called, satisfaction, comment } | null,
//!   linked[], events[{ kind, at, by, …the kind's fields }] (not in list) }
//! ListView { schema, now, tickets[TicketView],
//!   satisfaction[{ customer, feedbacks, average }],
//!   damaged[{ path, line, column, message }] }
//! ```

use super::file::Damaged;
use super::model::{EventKind, Ticket};
use super::service::{Deadline, OnsiteState, ReturnVisitState};
use super::sla::{Clock, ClockState, Sla};
use super::time::rfc3339;
use chrono::{DateTime, Utc};
use serde::Serialize;

pub const SCHEMA: u32 = 1;

#[derive(Debug, Serialize)]
pub struct TicketView {
    pub schema: u32,
    pub id: String,
    pub path: String,
    pub status: super::Phase,
    pub customer: String,
    pub site: String,
    pub contact: String,
    pub phone: String,
    pub channel: super::Channel,
    pub category: super::Category,
    pub severity: super::Severity,
    pub severity_received: super::Severity,
    pub problem: String,
    pub received: String,
    pub expected: Option<String>,
    pub targets: Vec<String>,
    pub engineer: Option<String>,
    pub sla: SlaView,
    pub hold: Option<HoldView>,
    pub closure: Option<ClosureView>,
    pub plan: Option<PlanView>,
    pub visits: Vec<VisitView>,
    pub feedback: Option<FeedbackView>,
    pub linked: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<EventView>>,
}

#[derive(Debug, Serialize)]
pub struct SlaView {
    pub calendar: Option<String>,
    pub overdue: bool,
    pub breached: bool,
    pub on_hold_seconds: i64,
    pub next_due: Option<NextDue>,
    pub respond: ClockView,
    pub plan: ClockView,
    pub resolve: ClockView,
    /// `sla` or `agreed`: which deadline `resolve.due` is.
    pub resolve_by: Deadline,
    /// The SLA's own resolution deadline.
    pub resolve_sla_due: Option<String>,
    pub onsite: Option<OnsiteView>,
    pub return_visit: Option<ReturnVisitView>,
    /// The customer's class under `[sla.customers]`, if any.
    pub class: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct OnsiteView {
    pub allowed: String,
    pub allowed_seconds: i64,
    pub due: Option<String>,
    pub arrived: Option<String>,
    pub state: OnsiteState,
}

#[derive(Debug, Serialize)]
pub struct ReturnVisitView {
    pub due: String,
    pub done: Option<String>,
    pub state: ReturnVisitState,
}

#[derive(Debug, Serialize)]
pub struct PlanView {
    pub at: String,
    pub by: String,
    pub solution: String,
    pub agreed_time: String,
    pub agreed_by: String,
}

#[derive(Debug, Serialize)]
pub struct VisitView {
    pub arrived: String,
    pub departed: Option<String>,
    pub engineer: String,
    pub summary: String,
}

#[derive(Debug, Serialize)]
pub struct FeedbackView {
    pub at: String,
    pub by: String,
    pub called: String,
    pub satisfaction: u8,
    pub comment: String,
}

/// The mean satisfaction of one customer's return visits.
#[derive(Debug, Serialize)]
pub struct SatisfactionView {
    pub customer: String,
    pub feedbacks: usize,
    pub average: f64,
}

#[derive(Debug, Serialize)]
pub struct NextDue {
    pub clock: &'static str,
    pub at: String,
}

#[derive(Debug, Serialize)]
pub struct ClockView {
    pub allowed: String,
    pub allowed_seconds: i64,
    pub due: Option<String>,
    pub stopped: Option<String>,
    pub state: ClockState,
    pub left_seconds: i64,
}

#[derive(Debug, Serialize)]
pub struct HoldView {
    pub since: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct ClosureView {
    pub at: String,
    pub by: String,
    pub resolution: String,
    pub cause: super::Cause,
    pub parts: Vec<String>,
    pub confirmed_by: String,
}

#[derive(Debug, Serialize)]
pub struct EventView {
    pub kind: &'static str,
    pub at: String,
    pub by: String,
    #[serde(flatten)]
    pub fields: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Serialize)]
pub struct ListView {
    pub schema: u32,
    pub now: String,
    pub tickets: Vec<TicketView>,
    /// Per customer of the listed tickets, over all their return visits.
    pub satisfaction: Vec<SatisfactionView>,
    pub damaged: Vec<DamagedView>,
}

#[derive(Debug, Serialize)]
pub struct DamagedView {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl From<&Damaged> for DamagedView {
    fn from(d: &Damaged) -> DamagedView {
        DamagedView {
            path: d.path.display().to_string(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
        }
    }
}

fn clock_view(c: &Clock) -> ClockView {
    ClockView {
        allowed: c.allowed.to_string(),
        allowed_seconds: c.allowed.0.num_seconds(),
        due: c.due.map(rfc3339),
        stopped: c.stopped.map(rfc3339),
        state: c.state,
        left_seconds: c.left.num_seconds(),
    }
}

fn event_fields(kind: &EventKind) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::json;
    let value = match kind {
        EventKind::Created | EventKind::Resume | EventKind::Responded | EventKind::Planned => {
            json!({})
        }
        EventKind::Note { text } => json!({ "text": text }),
        EventKind::Assigned { engineer } => json!({ "engineer": engineer }),
        EventKind::Severity { from, to } => json!({ "from": from, "to": to }),
        EventKind::Hold { reason } => json!({ "reason": reason }),
        EventKind::Closed(c) => json!({
            "resolution": c.resolution, "cause": c.cause, "parts": c.parts, "confirmed_by": c.confirmed_by
        }),
        EventKind::Linked { record } => json!({ "record": record }),
        EventKind::Part(p) => json!({
            "part_kind": p.kind,
            "model": p.model,
            "removed_serial": p.removed_serial,
            "installed_serial": p.installed_serial,
            "fault": p.fault,
            "returned_to_vendor": p.returned_to_vendor,
        }),
        EventKind::Plan(p) => json!({
            "solution": p.solution, "agreed_time": rfc3339(p.agreed_time), "agreed_by": p.agreed_by
        }),
        // The event's `at` is the arrival.
        EventKind::Visit(v) => json!({
            "departed": v.departed.map(rfc3339),
            "engineer": v.engineer, "summary": v.summary
        }),
        EventKind::Feedback(f) => json!({
            "called": f.called, "satisfaction": f.satisfaction, "comment": f.comment
        }),
    };
    match value {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// The view of one ticket; `with_events` adds its whole log.
pub fn ticket(t: &Ticket, sla: &Sla, with_events: bool) -> TicketView {
    TicketView {
        schema: SCHEMA,
        id: t.id.to_string(),
        path: t.id.rel_path().display().to_string(),
        status: t.phase(),
        customer: t.customer.clone(),
        site: t.site.clone(),
        contact: t.contact.clone(),
        phone: t.phone.clone(),
        channel: t.channel,
        category: t.category,
        severity: t.severity(),
        severity_received: t.severity,
        problem: t.problem.clone(),
        received: rfc3339(t.received),
        expected: t.expected.map(rfc3339),
        targets: t.targets.clone(),
        engineer: t.engineer().map(str::to_owned),
        sla: SlaView {
            calendar: sla.calendar.clone(),
            overdue: sla.overdue(),
            breached: sla.breached(),
            on_hold_seconds: sla.on_hold.num_seconds(),
            next_due: sla.next_due().map(|(clock, at)| NextDue {
                clock,
                at: rfc3339(at),
            }),
            respond: clock_view(&sla.respond),
            plan: clock_view(&sla.plan),
            resolve: clock_view(&sla.resolve),
            resolve_by: sla.resolve_by,
            resolve_sla_due: sla.resolve_sla_due.map(rfc3339),
            onsite: sla.onsite.as_ref().map(|o| OnsiteView {
                allowed: o.allowed.to_string(),
                allowed_seconds: o.allowed.0.num_seconds(),
                due: o.due.map(rfc3339),
                arrived: o.arrived.map(rfc3339),
                state: o.state,
            }),
            return_visit: sla.return_visit.as_ref().map(|r| ReturnVisitView {
                due: rfc3339(r.due),
                done: r.done.map(rfc3339),
                state: r.state,
            }),
            class: sla.class.clone(),
        },
        hold: t.hold().and_then(|e| match &e.kind {
            EventKind::Hold { reason } => Some(HoldView {
                since: rfc3339(e.at),
                reason: reason.clone(),
            }),
            _ => None,
        }),
        closure: t.closed().map(|(e, c)| ClosureView {
            at: rfc3339(e.at),
            by: e.by.clone(),
            resolution: c.resolution.clone(),
            cause: c.cause,
            parts: c.parts.clone(),
            confirmed_by: c.confirmed_by.clone(),
        }),
        plan: t.agreed_plan().map(|(e, p)| PlanView {
            at: rfc3339(e.at),
            by: e.by.clone(),
            solution: p.solution.clone(),
            agreed_time: rfc3339(p.agreed_time),
            agreed_by: p.agreed_by.clone(),
        }),
        visits: t
            .visits()
            .into_iter()
            .map(|(e, v)| VisitView {
                arrived: rfc3339(e.at),
                departed: v.departed.map(rfc3339),
                engineer: v.engineer.clone(),
                summary: v.summary.clone(),
            })
            .collect(),
        feedback: t.feedback().map(|(e, f)| FeedbackView {
            at: rfc3339(e.at),
            by: e.by.clone(),
            called: f.called.clone(),
            satisfaction: f.satisfaction,
            comment: f.comment.clone(),
        }),
        linked: t.linked().into_iter().map(str::to_owned).collect(),
        events: with_events.then(|| {
            t.events
                .iter()
                .map(|e| EventView {
                    kind: e.kind.word(),
                    at: rfc3339(e.at),
                    by: e.by.clone(),
                    fields: event_fields(&e.kind),
                })
                .collect()
        }),
    }
}

/// The view of a listing at `now`.
pub fn list(
    rows: &[(&Ticket, Sla)],
    satisfaction: &[super::query::CustomerSatisfaction],
    damaged: &[Damaged],
    now: DateTime<Utc>,
) -> ListView {
    ListView {
        schema: SCHEMA,
        now: rfc3339(now),
        tickets: rows.iter().map(|(t, s)| ticket(t, s, false)).collect(),
        satisfaction: satisfaction
            .iter()
            .map(|c| SatisfactionView {
                customer: c.customer.clone(),
                feedbacks: c.feedbacks,
                average: c.average,
            })
            .collect(),
        damaged: damaged.iter().map(DamagedView::from).collect(),
    }
}
