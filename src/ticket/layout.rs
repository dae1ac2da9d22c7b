//! The ticket file's layout as serde reads and writes it: the header fields
//! ([`Header`]), one `[[event]]` table ([`EventRecord`], the union of every
//! kind's fields, checked per kind when it becomes an [`Event`]) and a UTC
//! TOML datetime ([`Time`]). Both readers produce these: the fast one
//! (`plain.rs`) and the `toml` crate (`file.rs`, which also writes them).

use super::model::{
    AgreedPlan, Category, Cause, Channel, Closure, Event, EventKind, Feedback, PartKind,
    PartReplaced, Severity, Visit,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::str::FromStr;

/// A time stored as a TOML datetime in UTC.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Time(pub(super) DateTime<Utc>);

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let dt = toml::value::Datetime::from_str(&super::time::rfc3339(self.0))
            .map_err(serde::ser::Error::custom)?;
        dt.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
        let dt = toml::value::Datetime::deserialize(d)?;
        if dt.date.is_none() || dt.time.is_none() || dt.offset.is_none() {
            return Err(serde::de::Error::custom(format!(
                "{dt} needs a date, a time and a UTC offset, like 2026-11-22T09:15:00Z"
            )));
        }
        super::time::parse_time(&dt.to_string())
            .map(Time)
            .map_err(|e| serde::de::Error::custom(format!("{dt}: {e}")))
    }
}

fn is_empty(s: &str) -> bool {
    s.is_empty()
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "E: Deserialize<'de>"))]
pub(super) struct Header<E> {
    pub(super) schema: u32,
    pub(super) id: String,
    pub(super) customer: String,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub(super) site: String,
    pub(super) contact: String,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub(super) phone: String,
    pub(super) channel: Channel,
    pub(super) severity: Severity,
    pub(super) category: Category,
    pub(super) problem: String,
    pub(super) received: Time,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) targets: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) engineer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) expected: Option<Time>,
    #[serde(default, rename = "event", skip_serializing_if = "Vec::is_empty")]
    pub(super) events: Vec<E>,
}

/// One `[[event]]` table: the union of every kind's fields, checked per kind.
#[derive(Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct EventRecord {
    pub(super) kind: String,
    pub(super) at: Option<Time>,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub(super) by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) engineer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) from: Option<Severity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) to: Option<Severity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) resolution: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) cause: Option<Cause>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) parts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) confirmed_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) record: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) part_kind: Option<PartKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) removed_serial: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) installed_serial: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) fault: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) returned_to_vendor: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) solution: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) agreed_time: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) agreed_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) departed: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) called: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) satisfaction: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) comment: Option<String>,
}

impl EventRecord {
    pub(super) fn from_event(e: &Event) -> EventRecord {
        let mut r = EventRecord {
            kind: e.kind.word().to_owned(),
            at: Some(Time(e.at)),
            by: e.by.clone(),
            ..EventRecord::default()
        };
        match &e.kind {
            EventKind::Created | EventKind::Resume | EventKind::Responded | EventKind::Planned => {}
            EventKind::Note { text } => r.text = Some(text.clone()),
            EventKind::Assigned { engineer } => r.engineer = Some(engineer.clone()),
            EventKind::Severity { from, to } => (r.from, r.to) = (Some(*from), Some(*to)),
            EventKind::Hold { reason } => r.reason = Some(reason.clone()),
            EventKind::Closed(c) => {
                r.resolution = Some(c.resolution.clone());
                r.cause = Some(c.cause);
                r.parts = c.parts.clone();
                r.confirmed_by = Some(c.confirmed_by.clone());
            }
            EventKind::Linked { record } => r.record = Some(record.clone()),
            EventKind::Part(p) => {
                r.part_kind = Some(p.kind);
                r.model = Some(p.model.clone());
                r.removed_serial = Some(p.removed_serial.clone());
                r.installed_serial = Some(p.installed_serial.clone());
                r.fault = Some(p.fault.clone());
                r.returned_to_vendor = Some(p.returned_to_vendor);
            }
            EventKind::Plan(p) => {
                r.solution = Some(p.solution.clone());
                r.agreed_time = Some(Time(p.agreed_time));
                r.agreed_by = Some(p.agreed_by.clone());
            }
            EventKind::Visit(v) => {
                r.departed = v.departed.map(Time);
                r.engineer = Some(v.engineer.clone());
                r.summary = Some(v.summary.clone());
            }
            EventKind::Feedback(f) => {
                r.called = Some(f.called.clone());
                r.satisfaction = Some(f.satisfaction);
                // Omitted when empty, like every optional text of the file.
                r.comment = (!f.comment.is_empty()).then(|| f.comment.clone());
            }
        }
        r
    }

    /// The typed event, or what is wrong with this table.
    pub(super) fn into_event(self) -> Result<Event, String> {
        let kind = self.kind.clone();
        let mut fields: Vec<&'static str> = Vec::new();
        macro_rules! take {
            ($field:ident) => {{
                fields.push(stringify!($field));
                self.$field
                    .clone()
                    .ok_or_else(|| format!("a {kind} event needs `{}`", stringify!($field)))?
            }};
        }
        let event_kind = match kind.as_str() {
            "created" => EventKind::Created,
            "note" => EventKind::Note { text: take!(text) },
            "assigned" => EventKind::Assigned {
                engineer: take!(engineer),
            },
            "severity" => EventKind::Severity {
                from: take!(from),
                to: take!(to),
            },
            "hold" => EventKind::Hold {
                reason: take!(reason),
            },
            "resume" => EventKind::Resume,
            "responded" => EventKind::Responded,
            "planned" => EventKind::Planned,
            "closed" => {
                fields.push("parts");
                EventKind::Closed(Closure {
                    resolution: take!(resolution),
                    cause: take!(cause),
                    parts: self.parts.clone(),
                    confirmed_by: take!(confirmed_by),
                })
            }
            "linked" => EventKind::Linked {
                record: take!(record),
            },
            "part" => EventKind::Part(PartReplaced {
                kind: take!(part_kind),
                model: take!(model),
                removed_serial: take!(removed_serial),
                installed_serial: take!(installed_serial),
                fault: take!(fault),
                returned_to_vendor: take!(returned_to_vendor),
            }),
            "plan" => EventKind::Plan(AgreedPlan {
                solution: take!(solution),
                agreed_time: take!(agreed_time).0,
                agreed_by: take!(agreed_by),
            }),
            "visit" => {
                fields.push("departed");
                EventKind::Visit(Visit {
                    departed: self.departed.map(|t| t.0),
                    engineer: take!(engineer),
                    summary: take!(summary),
                })
            }
            "feedback" => {
                fields.push("comment");
                EventKind::Feedback(Feedback {
                    called: take!(called),
                    satisfaction: take!(satisfaction),
                    comment: self.comment.clone().unwrap_or_default(),
                })
            }
            other => {
                return Err(format!(
                    "unknown event kind {other:?} (created, note, assigned, severity, hold, resume, responded, planned, plan, visit, feedback, closed, linked, part)"
                ));
            }
        };
        let present = [
            ("text", self.text.is_some()),
            ("engineer", self.engineer.is_some()),
            ("from", self.from.is_some()),
            ("to", self.to.is_some()),
            ("reason", self.reason.is_some()),
            ("resolution", self.resolution.is_some()),
            ("cause", self.cause.is_some()),
            ("parts", !self.parts.is_empty()),
            ("confirmed_by", self.confirmed_by.is_some()),
            ("record", self.record.is_some()),
            ("part_kind", self.part_kind.is_some()),
            ("model", self.model.is_some()),
            ("removed_serial", self.removed_serial.is_some()),
            ("installed_serial", self.installed_serial.is_some()),
            ("fault", self.fault.is_some()),
            ("returned_to_vendor", self.returned_to_vendor.is_some()),
            ("solution", self.solution.is_some()),
            ("agreed_time", self.agreed_time.is_some()),
            ("agreed_by", self.agreed_by.is_some()),
            ("departed", self.departed.is_some()),
            ("summary", self.summary.is_some()),
            ("called", self.called.is_some()),
            ("satisfaction", self.satisfaction.is_some()),
            ("comment", self.comment.is_some()),
        ];
        if let Some((stray, _)) = present.iter().find(|(f, set)| *set && !fields.contains(f)) {
            return Err(format!("`{stray}` does not belong to a {kind} event"));
        }
        let at = self
            .at
            .ok_or_else(|| format!("a {kind} event needs `at`"))?;
        Ok(Event {
            at: at.0,
            by: self.by,
            kind: event_kind,
        })
    }
}
