//! SLA clocks, computed from a ticket's log whenever it is read.
//!
//! Three clocks start at the received time: respond, plan and resolve. Each
//! runs for the time the policy allows the ticket's *current* severity, so a
//! severity change recomputes every deadline from the received time. A
//! `responded` or `planned` event stops its clock; closing stops all of
//! them. Holding (waiting for the customer) pauses the resolution clock only,
//! until the ticket is resumed or closed. With a business-hours calendar
//! (`super::calendar`) only open hours count.
//!
//! Nothing here is stored: a corrected policy or a hand-fixed event gives
//! corrected clocks on the next read.

use super::calendar::{self, Calendar, CalendarConfig};
use super::duration::Span;
use super::model::{EventKind, Severity, Ticket};
use super::service::{self, Deadline, OnsiteClock, ReturnVisit};
use anyhow::Result;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use toml::Spanned;

/// The `[sla]` section of `ops.toml`. Every key is optional; the defaults are
/// the SPEC table (respond 30m, plan 2h; resolve I 12h, II 24h, III 48h, IV 5d,
/// around the clock).
///
/// ```toml
/// [sla]
/// respond = "30m"          # all severities
/// plan = "2h"
///
/// [sla.IV]
/// resolve = "40h"          # five working days of eight hours
/// calendar = "office"
///
/// [sla.calendars.office]
/// days = "mon-fri"
/// hours = "09:00-17:00"
/// utc_offset = "+08:00"    # default: the local time of the machine running ops
/// holidays = [2026-10-01, 2026-10-02]
/// ```
///
/// The service clocks (`super::service`) are set here too:
///
/// ```toml
/// [sla]
/// onsite = { I = "2h", II = "4h" }   # an engineer on site within; none for III and IV
/// return_visit_days = 3              # call the customer back 3 days after closing
/// ```
///
/// Customer classes give some customers their own on-site times and
/// return-visit days; a class names only what differs, the rest is the
/// severity's ([`Policy::onsite`], [`Policy::return_visit_days`]):
///
/// ```toml
/// [sla.class.gold]
/// onsite = { I = "2h", II = "2h" }
/// return_visit_days = 2
///
/// [sla.customers]
/// "工商银行" = "gold"                 # the ticket's customer, any case and spacing
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaConfig {
    /// Time to respond, for every severity unless a severity says otherwise.
    pub respond: Option<Span>,
    /// Time to give a plan, for every severity unless a severity says otherwise.
    pub plan: Option<Span>,
    /// Calendar for every severity unless a severity says otherwise.
    pub calendar: Option<String>,
    /// Time to be on site, per severity (`{ I = "2h" }`); a severity without one has no on-site clock.
    #[serde(default)]
    pub onsite: OnsiteConfig,
    /// Days after closing when the return visit falls due (default 3).
    pub return_visit_days: Option<u32>,
    #[serde(rename = "I")]
    pub i: Option<LevelConfig>,
    #[serde(rename = "II")]
    pub ii: Option<LevelConfig>,
    #[serde(rename = "III")]
    pub iii: Option<LevelConfig>,
    #[serde(rename = "IV")]
    pub iv: Option<LevelConfig>,
    #[serde(default)]
    pub calendars: BTreeMap<String, CalendarConfig>,
    /// Customer classes: `[sla.class.gold]`.
    #[serde(default)]
    pub class: BTreeMap<String, ClassConfig>,
    /// The class of a customer: `[sla.customers] "ACME" = "gold"`. Spanned, so
    /// that a class not defined is named at its line.
    #[serde(default)]
    pub customers: BTreeMap<String, Spanned<String>>,
}

/// `[sla.class.NAME]`: what a class of customers is given instead of the severity's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassConfig {
    /// Time to be on site, per severity; a severity not named keeps the policy's.
    #[serde(default)]
    pub onsite: OnsiteConfig,
    /// Days after closing when the return visit falls due, for every severity.
    pub return_visit_days: Option<u32>,
}

/// `onsite = { I = "2h", II = "4h" }`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnsiteConfig {
    #[serde(rename = "I")]
    pub i: Option<Span>,
    #[serde(rename = "II")]
    pub ii: Option<Span>,
    #[serde(rename = "III")]
    pub iii: Option<Span>,
    #[serde(rename = "IV")]
    pub iv: Option<Span>,
}

/// `[sla.I]` … `[sla.IV]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelConfig {
    pub respond: Option<Span>,
    pub plan: Option<Span>,
    pub resolve: Option<Span>,
    /// Time to be on site; overrides `[sla] onsite` for this severity.
    pub onsite: Option<Span>,
    /// Days after closing when the return visit falls due; overrides `[sla] return_visit_days`.
    pub return_visit_days: Option<u32>,
    /// The name of a calendar under `[sla.calendars]`, or `"24x7"`.
    pub calendar: Option<String>,
}

/// What the policy allows one severity.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub respond: Span,
    pub plan: Span,
    pub resolve: Span,
    /// `None`: no on-site clock for this severity.
    pub onsite: Option<Span>,
    /// Days after closing when the return visit falls due.
    pub return_visit_days: u32,
    /// `None`: the clock runs around the clock.
    pub calendar: Option<Calendar>,
}

/// What a class of customers is given instead of the severity's; `None` keeps the severity's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Class {
    pub onsite: [Option<Span>; 4],
    pub return_visit_days: Option<u32>,
}

/// The SLA policy: one [`Level`] per severity, and the customer classes.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    levels: [Level; 4],
    classes: BTreeMap<String, Class>,
    /// Customer, as [`customer_key`] writes it, to its class (a key of `classes`).
    customers: HashMap<String, String>,
}

/// How a customer's name is compared with `[sla.customers]`: trimmed, spaces
/// collapsed, any case, as people write the same name twice.
pub fn customer_key(customer: &str) -> String {
    customer
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Default for Policy {
    /// The SPEC §3 table, around the clock.
    fn default() -> Policy {
        let level = |resolve| Level {
            respond: Span::minutes(30),
            plan: Span::hours(2),
            resolve,
            onsite: None,
            return_visit_days: super::service::RETURN_VISIT_DAYS,
            calendar: None,
        };
        Policy {
            levels: [
                level(Span::hours(12)),
                level(Span::hours(24)),
                level(Span::hours(48)),
                level(Span::days(5)),
            ],
            classes: BTreeMap::new(),
            customers: HashMap::new(),
        }
    }
}

impl SlaConfig {
    /// `[sla]` of ops.toml, empty (the SPEC defaults) when absent.
    pub fn from_config(config: &crate::config::Config) -> Result<SlaConfig> {
        config.section("sla")
    }

    /// The first `[sla.customers]` entry naming a class not defined under
    /// `[sla.class]`: where its class is written, and what is wrong.
    pub fn unknown_class(&self) -> Option<(std::ops::Range<usize>, String)> {
        self.customers.iter().find_map(|(customer, class)| {
            (!self.class.contains_key(class.get_ref())).then(|| {
                let known: Vec<&str> = self.class.keys().map(String::as_str).collect();
                (
                    class.span(),
                    format!(
                        "[sla.customers] {customer:?} = {:?}: no such class under [sla.class] (defined: {})",
                        class.get_ref(),
                        if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                    ),
                )
            })
        })
    }
}

impl Policy {
    /// The policy of ops.toml's `[sla]`, with a class not defined named at its file:line.
    pub fn load(config: &crate::config::Config) -> Result<Policy> {
        let sla = SlaConfig::from_config(config)?;
        if let Some((span, message)) = sla.unknown_class() {
            return Err(config.error_at_span(span, &message));
        }
        Policy::from_config(&sla)
    }

    /// The policy that `ops.toml`'s `[sla]` section describes, on top of the defaults.
    pub fn from_config(config: &SlaConfig) -> Result<Policy> {
        let mut calendars = BTreeMap::new();
        for (name, c) in &config.calendars {
            let cal = Calendar::from_config(name, c)
                .map_err(|e| crate::bad_input!("ops.toml [sla.calendars.{name}]: {e}"))?;
            calendars.insert(name.clone(), cal);
        }
        let find = |name: &Option<String>, section: &str| -> Result<Option<Calendar>> {
            match name.as_deref() {
                None | Some("24x7") => Ok(None),
                Some(name) => calendars.get(name).cloned().map(Some).ok_or_else(|| {
                    let known: Vec<&str> = calendars.keys().map(String::as_str).collect();
                    crate::bad_input!(
                        "ops.toml {section}: calendar {name:?} is not defined under [sla.calendars] (defined: {})",
                        if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                    )
                }),
            }
        };
        let default_cal = find(&config.calendar, "[sla]")?;
        let mut policy = Policy::default();
        let sections = [&config.i, &config.ii, &config.iii, &config.iv];
        let onsite = [
            config.onsite.i,
            config.onsite.ii,
            config.onsite.iii,
            config.onsite.iv,
        ];
        let return_days = config
            .return_visit_days
            .unwrap_or(super::service::RETURN_VISIT_DAYS);
        for ((sev, section), onsite) in Severity::ALL.iter().zip(sections).zip(onsite) {
            let level = &mut policy.levels[sev.index()];
            let empty = LevelConfig::default();
            let c = section.as_ref().unwrap_or(&empty);
            level.respond = c.respond.or(config.respond).unwrap_or(level.respond);
            level.plan = c.plan.or(config.plan).unwrap_or(level.plan);
            level.resolve = c.resolve.unwrap_or(level.resolve);
            level.onsite = c.onsite.or(onsite);
            level.return_visit_days = c.return_visit_days.unwrap_or(return_days);
            level.calendar = match &c.calendar {
                Some(_) => find(&c.calendar, &format!("[sla.{sev}]"))?,
                None => default_cal.clone(),
            };
        }
        if let Some((_, message)) = config.unknown_class() {
            return Err(crate::bad_input!("ops.toml {message}"));
        }
        for (name, c) in &config.class {
            let o = &c.onsite;
            policy.classes.insert(
                name.clone(),
                Class {
                    onsite: [o.i, o.ii, o.iii, o.iv],
                    return_visit_days: c.return_visit_days,
                },
            );
        }
        policy.customers = config
            .customers
            .iter()
            .map(|(customer, class)| (customer_key(customer), class.get_ref().clone()))
            .collect();
        Ok(policy)
    }

    /// The class of `customer` under `[sla.customers]`, if it has one.
    pub fn class_of(&self, customer: &str) -> Option<&str> {
        if self.customers.is_empty() {
            // The common case: no classes, and no key to build per ticket.
            return None;
        }
        self.customers
            .get(&customer_key(customer))
            .map(String::as_str)
    }

    /// The time to be on site for `severity` at a customer of `class`: the
    /// class's when it names the severity, else the severity's; `None` for no on-site clock.
    pub fn onsite(&self, severity: Severity, class: Option<&str>) -> Option<Span> {
        class
            .and_then(|c| self.classes.get(c))
            .and_then(|c| c.onsite[severity.index()])
            .or(self.level(severity).onsite)
    }

    /// Days after closing when the return visit of a `severity` ticket of a
    /// customer of `class` falls due: the class's, else the severity's.
    pub fn return_visit_days(&self, severity: Severity, class: Option<&str>) -> u32 {
        class
            .and_then(|c| self.classes.get(c))
            .and_then(|c| c.return_visit_days)
            .unwrap_or(self.level(severity).return_visit_days)
    }

    pub fn level(&self, severity: Severity) -> &Level {
        &self.levels[severity.index()]
    }
}

/// Where one clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClockState {
    /// Running, deadline not reached.
    Running,
    /// The resolution clock while the ticket is on hold, deadline not reached.
    Paused,
    /// Still running past its deadline.
    Overdue,
    /// Stopped in time.
    Met,
    /// Stopped after its deadline.
    Breached,
}

impl ClockState {
    pub fn word(self) -> &'static str {
        match self {
            ClockState::Running => "running",
            ClockState::Paused => "paused",
            ClockState::Overdue => "overdue",
            ClockState::Met => "met",
            ClockState::Breached => "breached",
        }
    }
}

/// One SLA clock of one ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    /// The time the policy allows.
    pub allowed: Span,
    /// The deadline; while paused, the deadline if the ticket were resumed now.
    /// `None` when the calendar never opens long enough.
    pub due: Option<DateTime<Utc>>,
    /// When the clock stopped (responded, planned, closed).
    pub stopped: Option<DateTime<Utc>>,
    /// Counted time still allowed (negative when overdue or breached).
    pub left: TimeDelta,
    pub state: ClockState,
}

impl Clock {
    /// Still running or paused: not stopped.
    pub fn is_open(&self) -> bool {
        self.stopped.is_none()
    }
}

/// The three clocks of a ticket, and its time on hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Sla {
    /// The severity the clocks were computed for (the current one).
    pub severity: Severity,
    pub respond: Clock,
    pub plan: Clock,
    pub resolve: Clock,
    /// Wall-clock time spent on hold, up to now for a hold in force.
    pub on_hold: TimeDelta,
    /// The calendar the clocks count on, if not around the clock.
    pub calendar: Option<String>,
    /// Which deadline `resolve.due` is: the SLA's, or a later one the customer agreed to.
    pub resolve_by: Deadline,
    /// The SLA's own resolution deadline, whichever `resolve_by` is.
    pub resolve_sla_due: Option<DateTime<Utc>>,
    /// `None` when the policy sets no on-site time for the severity.
    pub onsite: Option<OnsiteClock>,
    /// `None` while the ticket is open.
    pub return_visit: Option<ReturnVisit>,
    /// The customer's class under `[sla.customers]`, which may set the on-site time and return-visit days.
    pub class: Option<String>,
}

impl Sla {
    /// The clocks with their names, in order.
    pub fn clocks(&self) -> [(&'static str, &Clock); 3] {
        [
            ("respond", &self.respond),
            ("plan", &self.plan),
            ("resolve", &self.resolve),
        ]
    }

    /// The earliest deadline of a clock still running (overdue included): what is due next.
    pub fn next_due(&self) -> Option<(&'static str, DateTime<Utc>)> {
        self.clocks()
            .into_iter()
            .filter(|(_, c)| matches!(c.state, ClockState::Running | ClockState::Overdue))
            .filter_map(|(name, c)| c.due.map(|d| (name, d)))
            .min_by_key(|(_, d)| *d)
    }

    /// Some clock is running past its deadline.
    pub fn overdue(&self) -> bool {
        self.clocks()
            .iter()
            .any(|(_, c)| c.state == ClockState::Overdue)
    }

    /// Some deadline was missed, whether the clock is still running or not.
    pub fn breached(&self) -> bool {
        self.clocks()
            .iter()
            .any(|(_, c)| matches!(c.state, ClockState::Overdue | ClockState::Breached))
    }
}

/// The clocks of `ticket` under `policy`, as they stand at `now`.
pub fn compute(ticket: &Ticket, policy: &Policy, now: DateTime<Utc>) -> Sla {
    let severity = ticket.severity();
    let level = policy.level(severity);
    let cal = level.calendar.as_ref();
    let closed = ticket.closed().map(|(e, _)| e.at);
    let class = policy.class_of(&ticket.customer);

    let mut pauses = Vec::new();
    let mut hold_since = None;
    for e in &ticket.events {
        match e.kind {
            EventKind::Hold { .. } => {
                hold_since.get_or_insert(e.at);
            }
            EventKind::Resume | EventKind::Closed(_) => {
                if let Some(since) = hold_since.take() {
                    pauses.push((since, e.at));
                }
            }
            _ => {}
        }
    }
    let holding = hold_since.is_some();
    if let Some(since) = hold_since {
        pauses.push((since, now.max(since)));
    }
    let pauses = calendar::merge(&pauses);
    let on_hold = pauses.iter().map(|(s, e)| *e - *s).sum();

    let agreed = ticket.agreed_plan().map(|(_, p)| p.agreed_time);
    let mut resolve_by = Deadline::Sla;
    let mut resolve_sla_due = None;
    let mut clock = |allowed: Span,
                     pauses: &[(DateTime<Utc>, DateTime<Utc>)],
                     stopped: Option<DateTime<Utc>>,
                     paused: bool,
                     agreed: Option<DateTime<Utc>>| {
        let sla_due = calendar::deadline(cal, ticket.received, allowed.0, pauses);
        let until = stopped.unwrap_or(now);
        let (due, by) = service::resolve_deadline(sla_due, agreed);
        let left = match (by, due) {
            // An agreed time is a time of day the customer accepted: wall clock, no calendar.
            (Deadline::Agreed, Some(d)) => d - until,
            _ => allowed.0 - calendar::counted(cal, ticket.received, until, pauses),
        };
        if agreed.is_some() {
            (resolve_by, resolve_sla_due) = (by, sla_due);
        }
        let state = match (stopped, due) {
            (Some(s), Some(d)) if s > d => ClockState::Breached,
            (Some(_), _) => ClockState::Met,
            (None, Some(d)) if d < now => ClockState::Overdue,
            (None, _) if paused => ClockState::Paused,
            (None, _) => ClockState::Running,
        };
        Clock {
            allowed,
            due,
            stopped,
            left,
            state,
        }
    };
    let respond = clock(
        level.respond,
        &[],
        ticket.first("responded").or(closed),
        false,
        None,
    );
    let plan = clock(level.plan, &[], ticket.first_plan().or(closed), false, None);
    let resolve = clock(level.resolve, &pauses, closed, holding, agreed);
    if agreed.is_none() {
        resolve_sla_due = resolve.due;
    }
    Sla {
        severity,
        respond,
        plan,
        resolve,
        on_hold,
        calendar: level.calendar.as_ref().map(|c| c.name.clone()),
        resolve_by,
        resolve_sla_due,
        onsite: policy.onsite(severity, class).map(|allowed| {
            service::onsite_clock(
                ticket.received,
                allowed,
                cal,
                ticket.first_arrival(),
                closed,
                now,
            )
        }),
        return_visit: closed.map(|at| {
            service::return_visit(
                at,
                policy.return_visit_days(severity, class),
                ticket.feedback().map(|(e, _)| e.at),
                now,
            )
        }),
        class: class.map(str::to_owned),
    }
}

/// The order of `ticket list`: what is due first. Running clocks by their
/// next deadline (overdue first, as theirs are past), then tickets whose only
/// open clock is paused, by the deadline they would have if resumed now, then
/// closed tickets, newest first.
/// Ties go to the older ticket.
pub fn due_order(ticket: &Ticket, sla: &Sla) -> (u8, i64, super::TicketId) {
    if let Some((_, due)) = sla.next_due() {
        return (0, due.timestamp(), ticket.id);
    }
    if let Some((e, _)) = ticket.closed() {
        return (2, -e.at.timestamp(), ticket.id);
    }
    let paused = sla.resolve.due.map_or(i64::MAX, |d| d.timestamp());
    (1, paused, ticket.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::model::tests::{at, ev, ticket};
    use crate::ticket::model::{Cause, Closure};
    use chrono::Duration;

    fn due(c: &Clock) -> DateTime<Utc> {
        c.due.unwrap()
    }

    #[test]
    fn default_deadlines_of_each_severity() {
        let p = Policy::default();
        let received = at(9, 0);
        for (sev, resolve) in [
            (Severity::I, Duration::hours(12)),
            (Severity::II, Duration::hours(24)),
            (Severity::III, Duration::hours(48)),
            (Severity::IV, Duration::days(5)),
        ] {
            let s = compute(&ticket(sev), &p, at(9, 10));
            assert_eq!(due(&s.respond), received + Duration::minutes(30), "{sev}");
            assert_eq!(due(&s.plan), received + Duration::hours(2), "{sev}");
            assert_eq!(due(&s.resolve), received + resolve, "{sev}");
            assert_eq!(s.respond.state, ClockState::Running);
            assert_eq!(s.respond.left, Duration::minutes(20));
            assert_eq!(
                s.next_due(),
                Some(("respond", received + Duration::minutes(30)))
            );
        }
    }

    #[test]
    fn responding_stops_only_the_respond_clock() {
        let mut t = ticket(Severity::I);
        t.events.push(ev(at(9, 20), EventKind::Responded));
        let s = compute(&t, &Policy::default(), at(12, 0));
        assert_eq!(s.respond.state, ClockState::Met);
        assert_eq!(s.respond.stopped, Some(at(9, 20)));
        assert_eq!(s.plan.state, ClockState::Overdue);
        assert_eq!(s.resolve.state, ClockState::Running);
        assert!(s.overdue());
        t.events.push(ev(at(12, 30), EventKind::Planned));
        let s = compute(&t, &Policy::default(), at(13, 0));
        assert_eq!(s.plan.state, ClockState::Breached);
        assert_eq!(s.plan.left, Duration::minutes(-90));
        assert!(!s.overdue() && s.breached());
    }

    #[test]
    fn hold_and_resume_move_only_the_resolution_deadline() {
        let p = Policy::default();
        let mut t = ticket(Severity::I);
        t.events.push(ev(
            at(10, 0),
            EventKind::Hold {
                reason: "waiting for the customer's logs".into(),
            },
        ));
        // On hold for 2 hours so far: the resolve deadline, if resumed now, is 2 h later.
        let s = compute(&t, &p, at(12, 0));
        assert_eq!(s.resolve.state, ClockState::Paused);
        assert_eq!(due(&s.resolve), at(23, 0));
        assert_eq!(s.resolve.left, Duration::hours(11));
        assert_eq!(s.on_hold, Duration::hours(2));
        assert_eq!(due(&s.respond), at(9, 30), "respond does not move");
        assert_eq!(due(&s.plan), at(11, 0), "plan does not move");
        assert_eq!(
            s.respond.state,
            ClockState::Overdue,
            "a hold does not stop the respond clock"
        );
        // Resumed at 13:00: 3 hours on hold, due 24:00.
        t.events.push(ev(at(13, 0), EventKind::Resume));
        let s = compute(&t, &p, at(14, 0));
        assert_eq!(s.resolve.state, ClockState::Running);
        assert_eq!(due(&s.resolve), at(9, 0) + Duration::hours(15));
        assert_eq!(s.on_hold, Duration::hours(3));
        // A second hold adds to the first.
        t.events.push(ev(
            at(15, 0),
            EventKind::Hold {
                reason: "again".into(),
            },
        ));
        t.events.push(ev(at(16, 0), EventKind::Resume));
        let s = compute(&t, &p, at(17, 0));
        assert_eq!(due(&s.resolve), at(9, 0) + Duration::hours(16));
        assert_eq!(s.on_hold, Duration::hours(4));
    }

    #[test]
    fn a_hold_does_not_rescue_a_missed_deadline() {
        let mut t = ticket(Severity::I);
        t.events
            .push(ev(at(22, 0), EventKind::Hold { reason: "x".into() }));
        let s = compute(&t, &Policy::default(), at(23, 0) + Duration::hours(2));
        assert_eq!(due(&s.resolve), at(21, 0));
        assert_eq!(s.resolve.state, ClockState::Overdue);
    }

    #[test]
    fn closing_while_on_hold_ends_the_hold() {
        let mut t = ticket(Severity::I);
        t.events
            .push(ev(at(10, 0), EventKind::Hold { reason: "x".into() }));
        t.events.push(ev(
            at(11, 0),
            EventKind::Closed(Closure {
                resolution: "done".into(),
                cause: Cause::Software,
                parts: vec![],
                confirmed_by: "Zhang Wei".into(),
            }),
        ));
        let s = compute(&t, &Policy::default(), at(20, 0) + Duration::days(3));
        assert_eq!(s.on_hold, Duration::hours(1));
        assert_eq!(s.resolve.state, ClockState::Met);
        assert_eq!(
            s.respond.state,
            ClockState::Breached,
            "closing is the first answer, and it was late"
        );
        assert_eq!(s.resolve.left, Duration::hours(11));
    }

    #[test]
    fn a_severity_change_recomputes_from_the_received_time() {
        let p = Policy::default();
        let mut t = ticket(Severity::IV);
        assert_eq!(
            due(&compute(&t, &p, at(10, 0)).resolve),
            at(9, 0) + Duration::days(5)
        );
        // Raised to I at 15:00: resolve is 12 h from 09:00, not from 15:00.
        t.events.push(ev(
            at(15, 0),
            EventKind::Severity {
                from: Severity::IV,
                to: Severity::I,
            },
        ));
        let s = compute(&t, &p, at(16, 0));
        assert_eq!(s.severity, Severity::I);
        assert_eq!(due(&s.resolve), at(21, 0));
        // Lowered again to III.
        t.events.push(ev(
            at(16, 0),
            EventKind::Severity {
                from: Severity::I,
                to: Severity::III,
            },
        ));
        let s = compute(&t, &p, at(17, 0));
        assert_eq!(due(&s.resolve), at(9, 0) + Duration::hours(48));
    }

    fn office_policy() -> Policy {
        let config: SlaConfig = toml::from_str(
            r#"
            [IV]
            resolve = "16h"
            calendar = "office"

            [calendars.office]
            days = "mon-fri"
            hours = "09:00-17:00"
            utc_offset = "+08:00"
            holidays = [2026-11-23]
            "#,
        )
        .unwrap();
        Policy::from_config(&config).unwrap()
    }

    #[test]
    fn business_hours_across_a_weekend_and_a_holiday() {
        let p = office_policy();
        let cst = |s: &str| {
            DateTime::parse_from_rfc3339(&format!("{s}+08:00"))
                .unwrap()
                .with_timezone(&Utc)
        };
        let mut t = ticket(Severity::IV);
        // Friday 2026-11-20 16:00 China time; Monday 23rd is a holiday.
        t.received = cst("2026-11-20T16:00:00");
        t.events = vec![ev(t.received, EventKind::Created)];
        let s = compute(&t, &p, cst("2026-11-20T16:10:00"));
        assert_eq!(s.calendar.as_deref(), Some("office"));
        assert_eq!(due(&s.respond), cst("2026-11-20T16:30:00"));
        // Plan: 1 h on Friday, then Tuesday 09:00 + 1 h.
        assert_eq!(due(&s.plan), cst("2026-11-24T10:00:00"));
        // Resolve 16 h: 1 h Friday, 8 h Tuesday, 7 h Wednesday.
        assert_eq!(due(&s.resolve), cst("2026-11-25T16:00:00"));
        // Over the weekend no counted time passes.
        let s = compute(&t, &p, cst("2026-11-23T12:00:00"));
        assert_eq!(s.plan.left, Duration::hours(1));
        assert_eq!(s.plan.state, ClockState::Running);
        // The other severities stay around the clock.
        let t2 = ticket(Severity::I);
        let s = compute(&t2, &p, at(10, 0));
        assert_eq!((s.calendar, due(&s.resolve)), (None, at(21, 0)));
    }

    #[test]
    fn config_overrides_and_errors() {
        let config: SlaConfig = toml::from_str("respond = \"15m\"\n[II]\nplan = \"1h\"\n").unwrap();
        let p = Policy::from_config(&config).unwrap();
        assert_eq!(p.level(Severity::II).respond, Span::minutes(15));
        assert_eq!(p.level(Severity::II).plan, Span::hours(1));
        assert_eq!(p.level(Severity::III).plan, Span::hours(2));
        assert_eq!(p.level(Severity::IV).resolve, Span::days(5));
        let config: SlaConfig = toml::from_str("[IV]\ncalendar = \"nope\"\n").unwrap();
        let err = Policy::from_config(&config).unwrap_err();
        assert!(
            err.to_string().contains("[sla.IV]: calendar \"nope\""),
            "{err}"
        );
        assert!(crate::exit::for_error(&err) == crate::exit::Exit::BadInput);
        let err = toml::from_str::<SlaConfig>("respond = \"soon\"\n").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    fn class_policy() -> Policy {
        let config: SlaConfig = toml::from_str(
            r#"
            onsite = { I = "4h", II = "8h" }
            return_visit_days = 5

            [III]
            return_visit_days = 7

            [class.gold]
            onsite = { I = "2h", III = "6h" }
            return_visit_days = 2

            [class.silver]
            onsite = { II = "6h" }

            [customers]
            "工商银行" = "gold"
            "ACME  Bank" = "silver"
            "#,
        )
        .unwrap();
        Policy::from_config(&config).unwrap()
    }

    #[test]
    fn a_customer_class_sets_only_what_it_names() {
        let p = class_policy();
        assert_eq!(p.class_of("工商银行"), Some("gold"));
        assert_eq!(
            p.class_of(" acme bank "),
            Some("silver"),
            "any case and spacing"
        );
        assert_eq!(p.class_of("Globex"), None);
        let gold = Some("gold");
        assert_eq!(p.onsite(Severity::I, gold), Some(Span::hours(2)));
        assert_eq!(
            p.onsite(Severity::II, gold),
            Some(Span::hours(8)),
            "not named by the class: the severity's"
        );
        assert_eq!(p.onsite(Severity::III, gold), Some(Span::hours(6)));
        assert_eq!(p.onsite(Severity::IV, gold), None);
        assert_eq!(p.onsite(Severity::I, None), Some(Span::hours(4)));
        assert_eq!(p.onsite(Severity::II, Some("silver")), Some(Span::hours(6)));
        assert_eq!(p.return_visit_days(Severity::I, gold), 2);
        assert_eq!(p.return_visit_days(Severity::III, gold), 2);
        assert_eq!(p.return_visit_days(Severity::I, Some("silver")), 5);
        assert_eq!(p.return_visit_days(Severity::III, Some("silver")), 7);
        assert_eq!(p.return_visit_days(Severity::II, None), 5);
        assert_eq!(Policy::default().return_visit_days(Severity::I, None), 3);
    }

    #[test]
    fn the_clocks_of_a_ticket_follow_its_customers_class() {
        let p = class_policy();
        let mut t = ticket(Severity::I);
        t.customer = "工商银行".into();
        t.events.push(ev(
            at(10, 0),
            EventKind::Closed(Closure {
                resolution: "done".into(),
                cause: Cause::Software,
                parts: vec![],
                confirmed_by: "Zhang Wei".into(),
            }),
        ));
        let s = compute(&t, &p, at(11, 0));
        assert_eq!(s.class.as_deref(), Some("gold"));
        assert_eq!(s.onsite.unwrap().allowed, Span::hours(2));
        assert_eq!(s.return_visit.unwrap().due, at(10, 0) + Duration::days(2));
        t.customer = "Globex".into();
        let s = compute(&t, &p, at(11, 0));
        assert_eq!(s.class, None);
        assert_eq!(s.onsite.unwrap().allowed, Span::hours(4));
        assert_eq!(s.return_visit.unwrap().due, at(10, 0) + Duration::days(5));
    }

    #[test]
    fn a_customer_of_an_undefined_class_is_refused() {
        let text = "[class.gold]\nreturn_visit_days = 2\n[customers]\nACME = \"platinum\"\n";
        let config: SlaConfig = toml::from_str(text).unwrap();
        let (span, message) = config.unknown_class().unwrap();
        assert_eq!(&text[span], "\"platinum\"");
        assert!(
            message.contains("\"platinum\"") && message.contains("gold"),
            "{message}"
        );
        let err = Policy::from_config(&config).unwrap_err();
        assert!(crate::exit::for_error(&err) == crate::exit::Exit::BadInput);
        let err = toml::from_str::<SlaConfig>("[class.gold]\nonsite = \"2h\"\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn due_order_puts_overdue_first_and_closed_last() {
        let p = Policy::default();
        let now = at(12, 0);
        let mut late = ticket(Severity::III);
        late.id = "T-20261120-0002".parse().unwrap();
        let mut fresh = ticket(Severity::I);
        fresh.id = "T-20261120-0003".parse().unwrap();
        fresh.received = at(11, 50);
        let mut held = ticket(Severity::I);
        held.id = "T-20261120-0004".parse().unwrap();
        held.events.push(ev(at(9, 5), EventKind::Responded));
        held.events.push(ev(at(9, 6), EventKind::Planned));
        held.events
            .push(ev(at(9, 7), EventKind::Hold { reason: "x".into() }));
        let mut keys: Vec<_> = [&held, &fresh, &late]
            .iter()
            .map(|t| (due_order(t, &compute(t, &p, now)), t.id.to_string()))
            .collect();
        keys.sort();
        let order: Vec<_> = keys.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(
            order,
            ["T-20261120-0002", "T-20261120-0003", "T-20261120-0004"]
        );
    }
}

#[cfg(test)]
mod example {
    /// The commented `[sla]` example in `examples/ops.toml`, uncommented, is a valid policy.
    #[test]
    fn the_example_config_is_valid() {
        let text = include_str!("../../examples/ops.toml");
        let start = text
            .find("[sla]")
            .expect("examples/ops.toml has an [sla] section");
        let section: String = text[start..]
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(l))
            // Settings, not prose: a table header or `key = value`.
            .filter(|l| {
                l.starts_with('[')
                    || l.split_once(" = ").is_some_and(|(k, _)| {
                        !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    })
            })
            .collect::<Vec<_>>()
            .join("\n");
        // From the text, not through a `toml::Value`: `[sla.customers]` keeps spans.
        let config = crate::config::Config::from_text(section);
        let sla = super::SlaConfig::from_config(&config).unwrap();
        let policy = super::Policy::from_config(&sla).unwrap();
        let iv = policy.level(crate::ticket::Severity::IV);
        assert_eq!(iv.resolve, crate::ticket::Span::hours(40));
        assert_eq!(iv.calendar.as_ref().unwrap().holidays.len(), 2);
        use crate::ticket::{Severity, Span};
        let gold = policy.class_of("acme");
        assert_eq!(gold, Some("gold"));
        assert_eq!(policy.onsite(Severity::I, gold), Some(Span::hours(1)));
        assert_eq!(policy.onsite(Severity::I, None), Some(Span::hours(2)));
        assert_eq!(policy.return_visit_days(Severity::II, None), 5);
        assert_eq!(policy.return_visit_days(Severity::II, gold), 2);
    }
}
