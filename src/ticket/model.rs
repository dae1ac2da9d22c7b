//! The ticket: the request as it was received, and the log of what happened to it.
//!
//! The fields are the customer maintenance request sheet as filled in when the
//! request came in. Everything that happens afterwards is an [`Event`] appended
//! to the log, never an edit of a field: the current severity, engineer, hold
//! and closure are read from the log ([`Ticket::severity`], …), and so are the
//! SLA clocks (`super::sla`). [`Ticket::check`] is the one place that decides
//! which event may follow which.

use super::TicketId;
use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Refuse a change: return a bad-input error (exit 78) with this message.
macro_rules! refuse {
    ($($arg:tt)*) => {
        return Err(crate::bad_input!($($arg)*))
    };
}

macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal $(| $alias:literal)*,)* } $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        /// Accepts the same spellings as the command line (case, aliases).
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word,)* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(text: &str) -> Result<$name, String> {
                let key = text.trim().to_ascii_lowercase().replace(['_', ' ', '/'], "-");
                match key.as_str() {
                    $($word $(| $alias)* => Ok($name::$variant),)*
                    _ => Err(format!(
                        "{:?} is not a {}; use one of: {}",
                        text,
                        $what,
                        [$($word),*].join(", ")
                    )),
                }
            }
        }
    };
}

word_enum! {
    /// How bad it is (SPEC §3): I is the worst.
    Severity {
        /// System down, business stopped, data lost.
        I = "I" | "i" | "1",
        /// Components failed or performance degraded, business still running.
        II = "II" | "ii" | "2",
        /// Errors or warnings, business unaffected.
        III = "III" | "iii" | "3",
        /// Consultation, installation or configuration question.
        IV = "IV" | "iv" | "4",
    } "severity"
}

impl Severity {
    pub fn index(self) -> usize {
        self as usize
    }
}

word_enum! {
    /// How the request reached us.
    Channel {
        Hotline = "hotline" | "phone",
        Web = "web",
        Remote = "remote",
        OnSite = "on-site" | "onsite",
        LetterFax = "letter-fax" | "letter" | "fax",
        ReturnVisit = "return-visit",
        SoftwareFix = "software-fix",
        SoftwareUpgrade = "software-upgrade",
        Outsourcing = "outsourcing",
        Platform = "platform",
    } "channel"
}

word_enum! {
    /// A question, or a defect of one of three kinds.
    Category {
        Consultation = "consultation",
        /// Something technical is broken.
        Technical = "defect-technical" | "technical",
        /// The business process or data is wrong.
        Business = "defect-business" | "business",
        /// Someone operated the system wrongly.
        Operation = "defect-operation" | "operation",
    } "category"
}

word_enum! {
    /// What caused the problem, for the quarterly Pareto of fault causes.
    Cause {
        Hardware = "hardware",
        Software = "software",
        Network = "network",
        Configuration = "configuration" | "config",
        /// A mistake in operating the system.
        Operation = "operation",
        /// Power, cooling, the room.
        Environment = "environment",
        /// A third party: carrier, vendor, another supplier.
        External = "external",
        /// Not a fault after all: a question answered, a request done.
        NoFault = "no-fault" | "none",
        Unknown = "unknown",
    } "cause"
}

word_enum! {
    /// What kind of part was replaced, for the defective parts report (《缺坏件报告》).
    PartKind {
        Disk = "disk" | "hdd" | "ssd",
        PowerSupply = "power-supply" | "psu" | "power",
        Fan = "fan",
        Memory = "memory" | "dimm",
        Cpu = "cpu" | "processor",
        Mainboard = "mainboard" | "motherboard" | "board",
        Controller = "controller" | "raid-controller" | "raid",
        Nic = "nic" | "network-card",
        Battery = "battery",
        /// An optical module, SFP, line card or other pluggable module.
        Module = "module" | "sfp",
        Cable = "cable",
        Other = "other",
    } "part kind"
}

/// A part taken out and the one put in its place.
#[derive(Debug, Clone, PartialEq)]
pub struct PartReplaced {
    pub kind: PartKind,
    /// Model or part number (of the part installed when they differ).
    pub model: String,
    pub removed_serial: String,
    pub installed_serial: String,
    /// What was wrong with the removed part.
    pub fault: String,
    /// The removed part went back to the vendor.
    pub returned_to_vendor: bool,
}

/// A customer maintenance request.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: TicketId,
    pub customer: String,
    pub site: String,
    pub contact: String,
    pub phone: String,
    pub channel: Channel,
    /// Severity as received; [`Ticket::severity`] is the current one.
    pub severity: Severity,
    pub category: Category,
    pub problem: String,
    /// When the customer's request came in: every SLA clock starts here.
    pub received: DateTime<Utc>,
    /// Affected inventory names, hosts or devices.
    pub targets: Vec<String>,
    /// Engineer assigned when the ticket was entered; [`Ticket::engineer`] is the current one.
    pub engineer: Option<String>,
    /// When the customer expects it solved (their wish, not the SLA).
    pub expected: Option<DateTime<Utc>>,
    pub events: Vec<Event>,
}

/// One entry of a ticket's log.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: DateTime<Utc>,
    /// Who recorded it (the user running `ops`).
    pub by: String,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    Created,
    Note {
        text: String,
    },
    Assigned {
        engineer: String,
    },
    Severity {
        from: Severity,
        to: Severity,
    },
    /// Waiting for the customer: the resolution clock stops until [`EventKind::Resume`].
    Hold {
        reason: String,
    },
    Resume,
    /// First answer to the customer: stops the respond clock.
    Responded,
    /// A plan was given to the customer: stops the plan clock. Older files and
    /// `ticket update --planned` record only that; [`EventKind::Plan`] also
    /// records what was agreed.
    Planned,
    /// A plan agreed with the customer: stops the plan clock like `Planned`, and
    /// its agreed time may move the resolution deadline (`super::service`).
    Plan(AgreedPlan),
    /// An engineer on site; the event's `at` is the arrival, which stops the on-site clock.
    Visit(Visit),
    /// The return visit (回访) after closing: the customer was called and rated the service.
    Feedback(Feedback),
    Closed(Closure),
    /// Evidence in the records repository (an inspection, backup or diagnose record).
    Linked {
        record: String,
    },
    /// A defective part replaced.
    Part(PartReplaced),
}

/// How a ticket was closed.
#[derive(Debug, Clone, PartialEq)]
pub struct Closure {
    pub resolution: String,
    pub cause: Cause,
    /// Defective parts replaced, one entry each (for the defective parts report).
    pub parts: Vec<String>,
    /// The customer's representative who confirmed the fix.
    pub confirmed_by: String,
}

/// A solution the customer agreed to, with the resolution time they accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreedPlan {
    pub solution: String,
    /// When the customer agreed it will be resolved.
    pub agreed_time: DateTime<Utc>,
    /// The customer's person who agreed.
    pub agreed_by: String,
}

/// One on-site visit; it arrived at its event's `at`.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// `None` while the engineer is still there (or the departure was not noted).
    pub departed: Option<DateTime<Utc>>,
    pub engineer: String,
    pub summary: String,
}

/// What the customer said when called back after closing.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// Who was called.
    pub called: String,
    /// 1 (very unsatisfied) … 5 (very satisfied).
    pub satisfaction: u8,
    /// Omitted when empty.
    pub comment: String,
}

/// The satisfaction scale, inclusive.
pub const SATISFACTION: std::ops::RangeInclusive<u8> = 1..=5;

impl EventKind {
    /// The word used for this kind in files, JSON and commit messages.
    pub fn word(&self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Note { .. } => "note",
            EventKind::Assigned { .. } => "assigned",
            EventKind::Severity { .. } => "severity",
            EventKind::Hold { .. } => "hold",
            EventKind::Resume => "resume",
            EventKind::Responded => "responded",
            EventKind::Planned => "planned",
            EventKind::Plan(_) => "plan",
            EventKind::Visit(_) => "visit",
            EventKind::Feedback(_) => "feedback",
            EventKind::Closed(_) => "closed",
            EventKind::Linked { .. } => "linked",
            EventKind::Part(_) => "part",
        }
    }

    /// A one-line description: `assigned to li`, `severity III -> I`, `hold: waiting for the customer`.
    pub fn summary(&self) -> String {
        match self {
            EventKind::Created => "created".into(),
            EventKind::Note { text } => format!("note: {}", first_line(text)),
            EventKind::Assigned { engineer } => format!("assigned to {engineer}"),
            EventKind::Severity { from, to } => format!("severity {from} -> {to}"),
            EventKind::Hold { reason } => format!("on hold: {}", first_line(reason)),
            EventKind::Resume => "resumed".into(),
            EventKind::Responded => "responded".into(),
            EventKind::Planned => "plan given".into(),
            EventKind::Plan(p) => format!(
                "plan agreed by {}, resolve by {}: {}",
                p.agreed_by,
                super::time::rfc3339(p.agreed_time),
                first_line(&p.solution)
            ),
            EventKind::Visit(v) => format!("on site: {}: {}", v.engineer, first_line(&v.summary)),
            EventKind::Feedback(f) => format!(
                "return visit: {} rated {}/5{}",
                f.called,
                f.satisfaction,
                if f.comment.trim().is_empty() {
                    String::new()
                } else {
                    format!(": {}", first_line(&f.comment))
                }
            ),
            EventKind::Closed(c) => format!(
                "closed ({}), confirmed by {}: {}",
                c.cause,
                c.confirmed_by,
                first_line(&c.resolution)
            ),
            EventKind::Linked { record } => format!("linked {record}"),
            EventKind::Part(p) => format!(
                "part replaced: {} {}, SN {} -> {} ({}){}",
                p.kind,
                p.model,
                p.removed_serial,
                p.installed_serial,
                first_line(&p.fault),
                if p.returned_to_vendor {
                    ", returned to vendor"
                } else {
                    ""
                }
            ),
        }
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Open,
    OnHold,
    Closed,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Open => "open",
            Phase::OnHold => "on hold",
            Phase::Closed => "closed",
        })
    }
}

/// Compare people's names as people do: ignoring case and surrounding or doubled spaces.
pub fn same_person(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

impl Ticket {
    /// The severity now: the last severity change, or the one received.
    pub fn severity(&self) -> Severity {
        self.events
            .iter()
            .rev()
            .find_map(|e| match e.kind {
                EventKind::Severity { to, .. } => Some(to),
                _ => None,
            })
            .unwrap_or(self.severity)
    }

    /// The engineer now: the last assignment, or the one named when entered.
    pub fn engineer(&self) -> Option<&str> {
        self.events
            .iter()
            .rev()
            .find_map(|e| match &e.kind {
                EventKind::Assigned { engineer } => Some(engineer.as_str()),
                _ => None,
            })
            .or(self.engineer.as_deref())
    }

    /// Every engineer ever assigned, first to last, without repeats.
    pub fn engineers(&self) -> Vec<&str> {
        let mut all: Vec<&str> = Vec::new();
        let assigned = self.events.iter().filter_map(|e| match &e.kind {
            EventKind::Assigned { engineer } => Some(engineer.as_str()),
            _ => None,
        });
        for name in self.engineer.as_deref().into_iter().chain(assigned) {
            if !all.iter().any(|n| same_person(n, name)) {
                all.push(name);
            }
        }
        all
    }

    /// The closing event, if the ticket is closed.
    pub fn closed(&self) -> Option<(&Event, &Closure)> {
        self.events.iter().find_map(|e| match &e.kind {
            EventKind::Closed(c) => Some((e, c)),
            _ => None,
        })
    }

    /// The hold in force (its event), if the ticket is waiting.
    pub fn hold(&self) -> Option<&Event> {
        let mut hold = None;
        for e in &self.events {
            match e.kind {
                EventKind::Hold { .. } => hold = Some(e),
                EventKind::Resume | EventKind::Closed(_) => hold = None,
                _ => {}
            }
        }
        hold
    }

    pub fn phase(&self) -> Phase {
        if self.closed().is_some() {
            Phase::Closed
        } else if self.hold().is_some() {
            Phase::OnHold
        } else {
            Phase::Open
        }
    }

    /// When `kind` first happened.
    pub fn first(&self, word: &str) -> Option<DateTime<Utc>> {
        self.events
            .iter()
            .find(|e| e.kind.word() == word)
            .map(|e| e.at)
    }

    /// When the plan clock stopped: the first plan given, agreed or not.
    pub fn first_plan(&self) -> Option<DateTime<Utc>> {
        self.events
            .iter()
            .find(|e| matches!(e.kind, EventKind::Planned | EventKind::Plan(_)))
            .map(|e| e.at)
    }

    /// The plan in force: the last one agreed (a renegotiation replaces the one before).
    pub fn agreed_plan(&self) -> Option<(&Event, &AgreedPlan)> {
        self.events.iter().rev().find_map(|e| match &e.kind {
            EventKind::Plan(p) => Some((e, p)),
            _ => None,
        })
    }

    /// The on-site visits, first to last (each event's `at` is its arrival).
    pub fn visits(&self) -> Vec<(&Event, &Visit)> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Visit(v) => Some((e, v)),
                _ => None,
            })
            .collect()
    }

    /// The first arrival on site: what stops the on-site clock.
    pub fn first_arrival(&self) -> Option<DateTime<Utc>> {
        self.events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Visit(_)))
            .map(|e| e.at)
            .min()
    }

    /// The return visit's feedback, if the customer has been called back.
    pub fn feedback(&self) -> Option<(&Event, &Feedback)> {
        self.events.iter().find_map(|e| match &e.kind {
            EventKind::Feedback(f) => Some((e, f)),
            _ => None,
        })
    }

    /// Records linked to this ticket, in the order they were linked.
    pub fn linked(&self) -> Vec<&str> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Linked { record } => Some(record.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The parts replaced, in the order recorded, with their events.
    pub fn parts_replaced(&self) -> Vec<(&Event, &PartReplaced)> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Part(p) => Some((e, p)),
                _ => None,
            })
            .collect()
    }

    /// Whether `event` may be appended now; the error says why not, in the
    /// user's terms, and is marked as bad input (exit 78). Nothing is changed
    /// either way.
    pub fn check(&self, event: &Event) -> Result<()> {
        let id = self.id;
        if event.at < self.received {
            refuse!(
                "{id}: the {} time {} is before the ticket was received ({})",
                event.kind.word(),
                super::time::rfc3339(event.at),
                super::time::rfc3339(self.received)
            );
        }
        if let Some((closed, _)) = self.closed() {
            match event.kind {
                // The parts sheet is often filled in after the customer signed.
                EventKind::Note { .. }
                | EventKind::Linked { .. }
                | EventKind::Feedback(_)
                | EventKind::Part(_) => {}
                // A visit made before closing may be written up afterwards.
                EventKind::Visit(_) if event.at <= closed.at => {}
                EventKind::Visit(_) => refuse!(
                    "{id} was closed at {}; a visit arriving at {} is after it (reopen by a new ticket)",
                    super::time::rfc3339(closed.at),
                    super::time::rfc3339(event.at)
                ),
                EventKind::Closed(_) => refuse!(
                    "{id} is already closed (at {})",
                    super::time::rfc3339(closed.at)
                ),
                _ => refuse!(
                    "{id} is closed (at {}); only notes and linked records can be added",
                    super::time::rfc3339(closed.at)
                ),
            }
        }
        // Hold, resume and close must not reach back before the last hold or resume,
        // or the pauses of the resolution clock would overlap.
        let last_pause = self
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Hold { .. } | EventKind::Resume))
            .map(|e| e.at)
            .max();
        let pause_order = |what: &str| -> Result<()> {
            if let Some(last) = last_pause
                && event.at < last
            {
                refuse!(
                    "{id}: the {what} time {} is before the last hold or resume ({})",
                    super::time::rfc3339(event.at),
                    super::time::rfc3339(last)
                );
            }
            Ok(())
        };
        match &event.kind {
            EventKind::Created => refuse!("{id} already exists"),
            EventKind::Note { text } if text.trim().is_empty() => refuse!("the note is empty"),
            EventKind::Assigned { engineer } => {
                if engineer.trim().is_empty() {
                    refuse!("the engineer's name is empty");
                }
                if self.engineer().is_some_and(|e| same_person(e, engineer)) {
                    refuse!("{id} is already assigned to {engineer}");
                }
            }
            EventKind::Severity { from, to } => {
                if *from != self.severity() {
                    refuse!("{id} has severity {}, not {from}", self.severity());
                }
                if from == to {
                    refuse!("{id} already has severity {to}");
                }
            }
            EventKind::Hold { reason } => {
                if reason.trim().is_empty() {
                    refuse!("a hold needs a reason (what the customer is to do)");
                }
                if let Some(hold) = self.hold() {
                    refuse!(
                        "{id} is already on hold since {}",
                        super::time::rfc3339(hold.at)
                    );
                }
                pause_order("hold")?;
            }
            EventKind::Resume => {
                if self.hold().is_none() {
                    refuse!("{id} is not on hold");
                }
                pause_order("resume")?;
            }
            EventKind::Responded => {
                if let Some(at) = self.first("responded") {
                    refuse!(
                        "{id} was already responded to at {}",
                        super::time::rfc3339(at)
                    );
                }
            }
            EventKind::Planned => {
                if let Some(at) = self.first_plan() {
                    refuse!("{id} already had a plan at {}", super::time::rfc3339(at));
                }
            }
            EventKind::Plan(p) => check_plan(id, p, event.at)?,
            EventKind::Visit(v) => check_visit(id, v, event.at)?,
            EventKind::Feedback(f) => {
                if self.closed().is_none() {
                    refuse!(
                        "{id} is not closed; the return visit comes after closing (ops ticket close {id} …)"
                    );
                }
                if let Some((done, _)) = self.feedback() {
                    refuse!(
                        "{id} already had its return visit at {}",
                        super::time::rfc3339(done.at)
                    );
                }
                check_feedback(f)?;
            }
            EventKind::Closed(c) => {
                for (what, value) in [
                    ("resolution", &c.resolution),
                    ("confirming person", &c.confirmed_by),
                ] {
                    if value.trim().is_empty() {
                        refuse!("closing {id} needs the {what}");
                    }
                }
                let Some(engineer) = self.engineer() else {
                    refuse!(
                        "{id} has no engineer assigned; assign one first (ops ticket update {id} --assign NAME)"
                    );
                };
                if let Some(e) = self
                    .engineers()
                    .into_iter()
                    .find(|e| same_person(e, &c.confirmed_by))
                {
                    let role = if same_person(e, engineer) {
                        "the assigned engineer"
                    } else {
                        "an engineer who worked on it"
                    };
                    refuse!(
                        "refusing to close {id}: {:?} is {role}; the customer's representative must confirm the fix",
                        c.confirmed_by
                    );
                }
                pause_order("close")?;
            }
            EventKind::Linked { record } if record.trim().is_empty() => {
                refuse!("the linked record path is empty")
            }
            EventKind::Part(p) => {
                for (what, value) in [
                    ("the model", &p.model),
                    ("the removed part's serial number", &p.removed_serial),
                    ("the installed part's serial number", &p.installed_serial),
                    ("the fault", &p.fault),
                ] {
                    if value.trim().is_empty() {
                        refuse!("a replaced part needs {what} (for the defective parts report)");
                    }
                }
                if p.removed_serial.trim() == p.installed_serial.trim() {
                    refuse!(
                        "the removed and installed parts have the same serial number {}",
                        p.removed_serial
                    );
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn check_plan(id: TicketId, p: &AgreedPlan, at: DateTime<Utc>) -> Result<()> {
    if p.solution.trim().is_empty() {
        refuse!("the plan for {id} needs the proposed solution");
    }
    if p.agreed_by.trim().is_empty() {
        refuse!("the plan for {id} needs the name of the customer's person who agreed");
    }
    if p.agreed_time <= at {
        refuse!(
            "the agreed resolution time {} is not after the time of the agreement ({}); an agreement is about the future",
            super::time::rfc3339(p.agreed_time),
            super::time::rfc3339(at)
        );
    }
    Ok(())
}

fn check_visit(id: TicketId, v: &Visit, arrived: DateTime<Utc>) -> Result<()> {
    if v.engineer.trim().is_empty() {
        refuse!("the visit to {id} needs the engineer who went");
    }
    if v.summary.trim().is_empty() {
        refuse!("the visit to {id} needs a summary of what was done on site");
    }
    if let Some(departed) = v.departed
        && departed < arrived
    {
        refuse!(
            "the departure {} is before the arrival {}",
            super::time::rfc3339(departed),
            super::time::rfc3339(arrived)
        );
    }
    Ok(())
}

fn check_feedback(f: &Feedback) -> Result<()> {
    if f.called.trim().is_empty() {
        refuse!("the return visit needs the name of the person called");
    }
    if !SATISFACTION.contains(&f.satisfaction) {
        refuse!(
            "satisfaction {} is outside the scale 1 (very unsatisfied) to 5 (very satisfied)",
            f.satisfaction
        );
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::TimeZone;

    pub fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, h, m, 0).unwrap()
    }

    pub fn ticket(severity: Severity) -> Ticket {
        Ticket {
            id: "T-20261120-0001".parse().unwrap(),
            customer: "ACME Bank".into(),
            site: "Pudong DC".into(),
            contact: "Zhang Wei".into(),
            phone: "+86 21 5555 0100".into(),
            channel: Channel::Hotline,
            severity,
            category: Category::Technical,
            problem: "core switch reloads".into(),
            received: at(9, 0),
            targets: vec!["sw-core-1".into()],
            engineer: Some("Li Na".into()),
            expected: None,
            events: vec![ev(at(9, 1), EventKind::Created)],
        }
    }

    pub fn ev(at: DateTime<Utc>, kind: EventKind) -> Event {
        Event {
            at,
            by: "tester".into(),
            kind,
        }
    }

    fn close(by: &str) -> EventKind {
        EventKind::Closed(Closure {
            resolution: "replaced PSU".into(),
            cause: Cause::Hardware,
            parts: vec!["PSU SN123".into()],
            confirmed_by: by.into(),
        })
    }

    #[test]
    fn words_parse_with_aliases() {
        assert_eq!("iv".parse::<Severity>().unwrap(), Severity::IV);
        assert_eq!("2".parse::<Severity>().unwrap(), Severity::II);
        assert_eq!("On Site".parse::<Channel>().unwrap(), Channel::OnSite);
        assert_eq!("letter/fax".parse::<Channel>().unwrap(), Channel::LetterFax);
        assert_eq!(
            "technical".parse::<Category>().unwrap(),
            Category::Technical
        );
        let err = "V".parse::<Severity>().unwrap_err();
        assert!(err.contains("I, II, III, IV"), "{err}");
    }

    #[test]
    fn closing_by_the_engineer_is_refused() {
        let t = ticket(Severity::II);
        let err = t.check(&ev(at(10, 0), close(" li  na "))).unwrap_err();
        assert!(
            err.to_string().contains("is the assigned engineer"),
            "{err}"
        );
        // An engineer who was replaced may not sign either.
        let mut t = ticket(Severity::II);
        t.events.push(ev(
            at(9, 30),
            EventKind::Assigned {
                engineer: "Wang".into(),
            },
        ));
        let err = t.check(&ev(at(10, 0), close("Li Na"))).unwrap_err();
        assert!(err.to_string().contains("worked on it"), "{err}");
        t.check(&ev(at(10, 0), close("Zhang Wei"))).unwrap();
    }

    #[test]
    fn closing_twice_is_refused() {
        let mut t = ticket(Severity::II);
        t.events.push(ev(at(10, 0), close("Zhang Wei")));
        assert_eq!(t.phase(), Phase::Closed);
        let err = t.check(&ev(at(11, 0), close("Zhang Wei"))).unwrap_err();
        assert!(err.to_string().contains("already closed"), "{err}");
        t.check(&ev(
            at(11, 0),
            EventKind::Note {
                text: "customer happy".into(),
            },
        ))
        .unwrap();
        assert!(t.check(&ev(at(11, 0), EventKind::Responded)).is_err());
    }

    #[test]
    fn hold_and_resume_alternate() {
        let mut t = ticket(Severity::II);
        assert!(t.check(&ev(at(10, 0), EventKind::Resume)).is_err());
        let hold = ev(
            at(10, 0),
            EventKind::Hold {
                reason: "waiting for logs".into(),
            },
        );
        t.check(&hold).unwrap();
        t.events.push(hold.clone());
        assert_eq!(t.phase(), Phase::OnHold);
        assert!(t.check(&hold).is_err(), "already on hold");
        assert!(
            t.check(&ev(at(9, 30), EventKind::Resume)).is_err(),
            "resume before hold"
        );
        t.check(&ev(at(11, 0), EventKind::Resume)).unwrap();
        assert!(
            t.check(&ev(at(8, 0), EventKind::Note { text: "x".into() }))
                .is_err(),
            "before received"
        );
    }

    #[test]
    fn current_state_comes_from_the_log() {
        let mut t = ticket(Severity::III);
        t.events.push(ev(
            at(9, 10),
            EventKind::Severity {
                from: Severity::III,
                to: Severity::I,
            },
        ));
        t.events.push(ev(
            at(9, 20),
            EventKind::Assigned {
                engineer: "Wang".into(),
            },
        ));
        assert_eq!((t.severity, t.severity()), (Severity::III, Severity::I));
        assert_eq!(t.engineer(), Some("Wang"));
        assert_eq!(t.engineers(), vec!["Li Na", "Wang"]);
        let stale = ev(
            at(9, 30),
            EventKind::Severity {
                from: Severity::III,
                to: Severity::II,
            },
        );
        assert!(t.check(&stale).is_err());
    }
}
