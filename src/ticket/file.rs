//! The ticket file: one TOML file per ticket, written to be read and fixed by hand.
//!
//! ```toml
//! schema = 1
//! id = "T-20261122-0001"
//! customer = "ACME Bank"
//! contact = "Zhang Wei"
//! channel = "hotline"
//! severity = "II"
//! category = "defect-technical"
//! problem = "core switch reloads every few hours"
//! received = 2026-11-22T01:15:00Z
//! targets = ["sw-core-1"]
//! engineer = "Li Na"
//!
//! [[event]]
//! kind = "created"
//! at = 2026-11-22T01:16:03Z
//! by = "lina"
//!
//! [[event]]
//! kind = "hold"
//! at = 2026-11-22T02:00:00Z
//! by = "lina"
//! reason = "waiting for the customer's maintenance window"
//! ```
//!
//! The fields are the request as received; `[[event]]` tables are appended,
//! as text, to the end of the file, so hand edits and comments survive.
//! Times are TOML datetimes in UTC. Any error names the file and line:column.

use super::TicketId;
use super::model::{Category, Cause, Channel, Closure, Event, EventKind, Severity, Ticket};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The version of the file layout this code reads and writes.
pub const SCHEMA: u32 = 1;

/// A ticket file that cannot be read as a ticket: where, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Damaged {
    pub path: PathBuf,
    /// 1-based; 0 when the problem has no place in the text (an unreadable file).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Damaged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                self.line,
                self.column,
                self.message
            )
        }
    }
}

impl std::error::Error for Damaged {}

impl Damaged {
    fn at(path: &Path, text: &str, offset: usize, message: impl Into<String>) -> Damaged {
        let (line, column) = line_column(text, offset);
        Damaged {
            path: path.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// A time stored as a TOML datetime in UTC.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Time(DateTime<Utc>);

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

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "E: Deserialize<'de>"))]
struct Header<E> {
    schema: u32,
    id: String,
    customer: String,
    #[serde(default, skip_serializing_if = "is_empty")]
    site: String,
    contact: String,
    #[serde(default, skip_serializing_if = "is_empty")]
    phone: String,
    channel: Channel,
    severity: Severity,
    category: Category,
    problem: String,
    received: Time,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    targets: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    engineer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expected: Option<Time>,
    #[serde(default, rename = "event", skip_serializing_if = "Vec::is_empty")]
    events: Vec<E>,
}

/// One `[[event]]` table: the union of every kind's fields, checked per kind.
#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct EventRecord {
    kind: String,
    at: Option<Time>,
    #[serde(default, skip_serializing_if = "is_empty")]
    by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    engineer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<Severity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<Severity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cause: Option<Cause>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    parts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confirmed_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<String>,
}

impl EventRecord {
    fn from_event(e: &Event) -> EventRecord {
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
        }
        r
    }

    /// The typed event, or what is wrong with this table.
    fn into_event(self) -> Result<Event, String> {
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
            other => {
                return Err(format!(
                    "unknown event kind {other:?} (created, note, assigned, severity, hold, resume, responded, planned, closed, linked)"
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

/// Read a ticket from the text of its file. `path` is only used in errors,
/// and to check that the file name and the `id` inside agree.
pub fn parse(text: &str, path: &Path) -> Result<Ticket, Damaged> {
    let header: Header<EventRecord> = match toml::from_str(text) {
        Ok(h) => h,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let mut message = e.message().trim().to_owned();
            if let Some(schema) = newer_schema(text) {
                message =
                    format!("schema {schema} is newer than this ops reads ({SCHEMA}): {message}");
            }
            return Err(Damaged::at(path, text, offset, message));
        }
    };
    let span_of = |key: &str| text.find(&format!("\n{key} ")).map_or(0, |i| i + 1);
    if header.schema != SCHEMA {
        return Err(Damaged::at(
            path,
            text,
            span_of("schema"),
            format!(
                "schema {} is not one this ops reads ({SCHEMA})",
                header.schema
            ),
        ));
    }
    let id: TicketId = header
        .id
        .parse()
        .map_err(|e: String| Damaged::at(path, text, span_of("id"), e))?;
    if let Some(named) = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(TicketId::from_file_name)
        && named != id
    {
        return Err(Damaged::at(
            path,
            text,
            span_of("id"),
            format!("the file is named for {named} but holds id {id}"),
        ));
    }
    let mut events = Vec::with_capacity(header.events.len());
    for (n, record) in header.events.into_iter().enumerate() {
        let event = record
            .into_event()
            .map_err(|e| Damaged::at(path, text, event_header(text, n), e))?;
        events.push(event);
    }
    Ok(Ticket {
        id,
        customer: header.customer,
        site: header.site,
        contact: header.contact,
        phone: header.phone,
        channel: header.channel,
        severity: header.severity,
        category: header.category,
        problem: header.problem,
        received: header.received.0,
        targets: header.targets,
        engineer: header.engineer,
        expected: header.expected.map(|t| t.0),
        events,
    })
}

/// The offset of the `n`th (0-based) `[[event]]` header line; 0 if not found.
fn event_header(text: &str, n: usize) -> usize {
    let mut offset = 0;
    let mut seen = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        let squeezed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if squeezed == "[[event]]" {
            if seen == n {
                return offset;
            }
            seen += 1;
        }
        offset += line.len();
    }
    0
}

/// `schema = N` with N above ours, read loosely from a file that did not parse.
fn newer_schema(text: &str) -> Option<u32> {
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("schema"))?;
    let n: u32 = line.split_once('=')?.1.trim().parse().ok()?;
    (n > SCHEMA).then_some(n)
}

/// The whole file of a new ticket.
pub fn render(ticket: &Ticket) -> String {
    let header = Header::<EventRecord> {
        schema: SCHEMA,
        id: ticket.id.to_string(),
        customer: ticket.customer.clone(),
        site: ticket.site.clone(),
        contact: ticket.contact.clone(),
        phone: ticket.phone.clone(),
        channel: ticket.channel,
        severity: ticket.severity,
        category: ticket.category,
        problem: ticket.problem.clone(),
        received: Time(ticket.received),
        targets: ticket.targets.clone(),
        engineer: ticket.engineer.clone(),
        expected: ticket.expected.map(Time),
        events: Vec::new(),
    };
    let mut text = toml::to_string(&header).expect("a ticket header always serializes");
    for event in &ticket.events {
        text = append(&text, event);
    }
    text
}

/// `text` with `event` appended as a new `[[event]]` table; the text before it is kept as it is.
pub fn append(text: &str, event: &Event) -> String {
    let body =
        toml::to_string(&EventRecord::from_event(event)).expect("an event always serializes");
    let mut out = String::with_capacity(text.len() + body.len() + 16);
    out.push_str(text);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("\n[[event]]\n");
    out.push_str(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::model::tests::{at, ev, ticket};

    fn path() -> PathBuf {
        PathBuf::from("tickets/2026-11/T-20261120-0001.toml")
    }

    #[test]
    fn round_trips_every_event_kind() {
        let mut t = ticket(Severity::II);
        t.problem = "line one\nline \"two\"".into();
        t.expected = Some(at(18, 0));
        t.events.extend([
            ev(
                at(9, 2),
                EventKind::Note {
                    text: "called back".into(),
                },
            ),
            ev(
                at(9, 3),
                EventKind::Assigned {
                    engineer: "Wang".into(),
                },
            ),
            ev(
                at(9, 4),
                EventKind::Severity {
                    from: Severity::II,
                    to: Severity::I,
                },
            ),
            ev(at(9, 5), EventKind::Responded),
            ev(at(9, 6), EventKind::Planned),
            ev(
                at(9, 7),
                EventKind::Hold {
                    reason: "waiting".into(),
                },
            ),
            ev(at(9, 8), EventKind::Resume),
            ev(
                at(9, 9),
                EventKind::Linked {
                    record: "inspections/2026-11-20/sw-core-1.toml".into(),
                },
            ),
            ev(
                at(9, 10),
                EventKind::Closed(Closure {
                    resolution: "replaced PSU".into(),
                    cause: Cause::Hardware,
                    parts: vec!["PSU 350W SN123".into()],
                    confirmed_by: "Zhang Wei".into(),
                }),
            ),
        ]);
        let text = render(&t);
        assert!(
            text.starts_with("schema = 1\nid = \"T-20261120-0001\"\n"),
            "{text}"
        );
        assert!(text.contains("received = 2026-11-20T09:00:00Z\n"), "{text}");
        assert!(text.contains("\n[[event]]\nkind = \"hold\"\nat = 2026-11-20T09:07:00Z\nby = \"tester\"\nreason = \"waiting\"\n"), "{text}");
        assert_eq!(parse(&text, &path()).unwrap(), t);
    }

    #[test]
    fn appending_keeps_hand_edits() {
        let t = ticket(Severity::III);
        let text = render(&t).replace("problem =", "# the customer's words\nproblem =");
        let more = append(&text, &ev(at(10, 0), EventKind::Responded));
        assert!(more.starts_with(&text));
        let back = parse(&more, &path()).unwrap();
        assert_eq!(back.events.len(), 2);
        assert_eq!(back.events[1].kind, EventKind::Responded);
    }

    fn damaged(text: &str) -> Damaged {
        parse(text, &path()).unwrap_err()
    }

    #[test]
    fn damage_is_reported_with_line_and_column() {
        let good = render(&ticket(Severity::II));
        // A broken line.
        let text = good.replace("severity = \"II\"", "severity = \"II");
        let d = damaged(&text);
        assert_eq!(d.line, 8, "{d}");
        assert!(
            d.to_string()
                .starts_with("tickets/2026-11/T-20261120-0001.toml:8:"),
            "{d}"
        );
        // A wrong value.
        let d = damaged(&good.replace("severity = \"II\"", "severity = \"V\""));
        assert_eq!((d.line, d.column), (8, 12), "{d}");
        assert!(d.message.contains("not a severity"), "{d}");
        // A typo in a key.
        let d = damaged(&good.replace("customer =", "cusomer ="));
        assert_eq!(d.line, 3, "{d}");
        // A bad event: points at its [[event]] line.
        let text = append(&good, &ev(at(10, 0), EventKind::Responded))
            .replace("kind = \"responded\"", "kind = \"answered\"");
        let d = damaged(&text);
        let line = text.lines().position(|l| l.contains("answered")).unwrap();
        assert_eq!(d.line, line, "{d}");
        assert!(d.message.contains("unknown event kind"), "{d}");
        let text = append(&good, &ev(at(10, 0), EventKind::Resume))
            .replace("kind = \"resume\"", "kind = \"resume\"\nreason = \"x\"");
        assert!(damaged(&text).message.contains("`reason` does not belong"));
        // A local time without an offset.
        let d = damaged(&good.replace("09:00:00Z", "09:00:00"));
        assert!(d.message.contains("UTC offset"), "{d}");
        // Another schema.
        let d = damaged(&good.replace("schema = 1", "schema = 2"));
        assert!(d.message.contains("schema 2"), "{d}");
        assert_eq!(d.line, 1);
        // A copied file.
        let d = parse(&good, Path::new("T-20261120-0002.toml")).unwrap_err();
        assert!(d.message.contains("named for T-20261120-0002"), "{d}");
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncé\nx", 6), (2, 3));
        assert_eq!(line_column("", 0), (1, 1));
    }
}
