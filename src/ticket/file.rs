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
use super::layout::{EventRecord, Header, Time};
use super::model::{Event, Ticket};
use std::fmt;
use std::path::{Path, PathBuf};

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
        let (line, column) = crate::position::line_col(text, offset);
        Damaged {
            path: path.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// Read a ticket from the text of its file. `path` is only used in errors,
/// and to check that the file name and the `id` inside agree.
pub fn parse(text: &str, path: &Path) -> Result<Ticket, Damaged> {
    let parsed = match super::plain::read(text) {
        Some(h) => Ok(h),
        None => toml::from_str::<Header<EventRecord>>(text),
    };
    let header = match parsed {
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

/// A ticket file both jump hosts created while apart (`ops sync`): `None`
/// when both hold one ticket (the same request: it merges by its events),
/// else ours under the first free id of its day after its own, `free` saying
/// which ids no side has taken: (old id, new id, our text with the new id).
pub fn renumber(
    ours: &str,
    theirs: &str,
    path: &Path,
    free: &dyn Fn(TicketId) -> bool,
) -> Option<Result<(TicketId, TicketId, String), String>> {
    let (o, t) = match (parse(ours, path), parse(theirs, path)) {
        (Ok(o), Ok(t)) => (o, t),
        (Err(d), _) | (_, Err(d)) => return Some(Err(d.to_string())),
    };
    let request = |t: &Ticket| Ticket {
        events: Vec::new(),
        ..t.clone()
    };
    if request(&o) == request(&t) {
        return None;
    }
    let old = o.id;
    let new = (old.seq + 1..=9999)
        .map(|seq| TicketId::new(old.date, seq))
        .find(|id| free(*id))?;
    Some(Ok((
        old,
        new,
        ours.replace(&old.to_string(), &new.to_string()),
    )))
}

/// The file of a ticket changed on two jump hosts, merged by its events (for
/// `ops sync`): `base` is the common ancestor's text (None when both sides
/// created the file), `ours` and `theirs` the two sides'. The fields of the
/// request come from the side that changed them (refused when both changed
/// them differently, or when two different tickets were entered under one
/// id); the events are the union of both sides' (an event both hold is kept
/// once), ordered by time. When the other side's new events all come after
/// ours, they are appended to our text, so hand edits and comments survive;
/// otherwise the file is written anew.
pub fn merge(base: Option<&str>, ours: &str, theirs: &str, path: &Path) -> Result<String, String> {
    let read = |text: &str, side: &str| parse(text, path).map_err(|d| format!("{side}: {d}"));
    let o = read(ours, "here")?;
    let t = read(theirs, "on the remote")?;
    let b = base
        .map(|b| read(b, "in the common ancestor"))
        .transpose()?;
    let request = |t: &Ticket| Ticket {
        events: Vec::new(),
        ..t.clone()
    };
    let (ro, rt) = (request(&o), request(&t));
    let header = if ro == rt {
        ro.clone()
    } else {
        match b.as_ref().map(request) {
            Some(rb) if rb == ro => rt.clone(),
            Some(rb) if rb == rt => ro.clone(),
            Some(_) => {
                return Err(
                    "its request fields (customer, problem, …) were edited differently on both sides"
                        .into(),
                );
            }
            None => {
                return Err(format!(
                    "two different tickets were entered as {} here and on the remote",
                    o.id
                ));
            }
        }
    };
    // Our events, then theirs that we do not hold (counted, so that two equal
    // events stay two), ordered by time; ours first among events of one instant.
    let mut events = o.events.clone();
    let mut matched = vec![false; o.events.len()];
    for event in &t.events {
        match (0..o.events.len()).find(|&i| !matched[i] && o.events[i] == *event) {
            Some(i) => matched[i] = true,
            None => events.push(event.clone()),
        }
    }
    events.sort_by_key(|e| e.at);
    let merged = Ticket {
        events,
        ..header.clone()
    };
    // Keep one side's text where the other only adds events after its last.
    for (side, text) in [(&o, ours), (&t, theirs)] {
        if request(side) == header && merged.events.starts_with(&side.events) {
            let mut out = text.to_owned();
            for event in &merged.events[side.events.len()..] {
                out = append(&out, event);
            }
            return Ok(out);
        }
    }
    Ok(render(&merged))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::model::tests::{at, ev, ticket};
    use crate::ticket::model::{Cause, Closure, EventKind, Severity};

    fn path() -> PathBuf {
        PathBuf::from("tickets/2026-11/T-20261120-0001.toml")
    }

    #[test]
    fn a_ticket_changed_on_both_sides_merges_by_its_events() {
        let base = render(&ticket(Severity::II));
        let ours = append(
            &base.replace("problem =", "# a hand note\nproblem ="),
            &ev(
                at(9, 10),
                EventKind::Note {
                    text: "here".into(),
                },
            ),
        );
        let theirs = append(
            &base,
            &ev(
                at(9, 5),
                EventKind::Note {
                    text: "there".into(),
                },
            ),
        );
        let theirs = append(&theirs, &ev(at(9, 20), EventKind::Responded));
        let merged = merge(Some(&base), &ours, &theirs, &path()).unwrap();
        let t = parse(&merged, &path()).unwrap();
        let kinds: Vec<String> = t.events.iter().map(|e| e.kind.summary()).collect();
        assert_eq!(t.events.len(), 4, "{merged}");
        assert_eq!(
            t.events[1].kind,
            EventKind::Note {
                text: "there".into()
            },
            "{kinds:?}"
        );
        assert_eq!(
            t.events[2].kind,
            EventKind::Note {
                text: "here".into()
            }
        );
        assert_eq!(t.events[3].kind, EventKind::Responded);
        // Theirs came before ours: written anew, in time order.
        assert!(!merged.contains("# a hand note"), "{merged}");
        // Both sides' events after the other's: the hand note survives.
        let later = append(&base, &ev(at(9, 30), EventKind::Responded));
        let merged = merge(Some(&base), &ours, &later, &path()).unwrap();
        assert!(merged.starts_with(&ours), "{merged}");
        assert_eq!(parse(&merged, &path()).unwrap().events.len(), 3);
        // The same event on both sides is kept once.
        let merged = merge(Some(&base), &ours, &ours, &path()).unwrap();
        assert_eq!(merged, ours);
        // Two different tickets under one id.
        let other = base.replace("ACME", "Other Co");
        assert!(
            merge(None, &base, &other, &path())
                .unwrap_err()
                .contains("two different tickets")
        );
        // ... which sync keeps apart: ours moves to the first id no side has.
        let old: TicketId = "T-20261120-0001".parse().unwrap();
        let taken = |id: TicketId| id.seq != 2;
        let (from, to, text) = renumber(&other, &base, &path(), &|id| !taken(id))
            .unwrap()
            .unwrap();
        assert_eq!((from, to.to_string().as_str()), (old, "T-20261120-0002"));
        assert!(text.contains("T-20261120-0002") && !text.contains("T-20261120-0001"));
        assert!(text.contains("Other Co"));
        // One ticket on both sides (the same request) is no collision.
        assert!(renumber(&ours, &base, &path(), &|_| true).is_none());
        let edited = base.replace("core switch reloads", "it reloads");
        assert!(merge(Some(&base), &edited, &other, &path()).is_err());
        assert_eq!(
            parse(
                &merge(Some(&base), &edited, &theirs, &path()).unwrap(),
                &path()
            )
            .unwrap()
            .problem,
            "it reloads"
        );
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
}

/// The fast reader (`super::plain`) must accept every file this module
/// writes, and must never accept a text that `toml` reads differently.
#[cfg(test)]
mod fast_path {
    use super::*;
    use crate::ticket::model::tests::{at, ticket};
    use crate::ticket::model::{Category, Cause, Channel, Closure, EventKind, Severity};
    use crate::ticket::plain;
    use proptest::prelude::*;

    const CHARS: &[char] = &[
        'a', 'b', 'Z', '0', ' ', '"', '\'', '\\', '\n', '\t', '#', '=', '[', ']', ',', 'é', '中',
        '\u{1}', '\u{7f}', '\r', '\u{85}',
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(CHARS), 0..14)
            .prop_map(|v| v.into_iter().collect())
    }

    fn kind() -> impl Strategy<Value = EventKind> {
        prop_oneof![
            text().prop_map(|text| EventKind::Note { text }),
            text().prop_map(|engineer| EventKind::Assigned { engineer }),
            (
                prop::sample::select(Severity::ALL),
                prop::sample::select(Severity::ALL)
            )
                .prop_map(|(from, to)| EventKind::Severity { from, to }),
            text().prop_map(|reason| EventKind::Hold { reason }),
            Just(EventKind::Resume),
            Just(EventKind::Responded),
            Just(EventKind::Planned),
            (
                text(),
                prop::sample::select(Cause::ALL),
                prop::collection::vec(text(), 0..3),
                text()
            )
                .prop_map(
                    |(resolution, cause, parts, confirmed_by)| EventKind::Closed(Closure {
                        resolution,
                        cause,
                        parts,
                        confirmed_by
                    })
                ),
            text().prop_map(|record| EventKind::Linked { record }),
            (
                prop::sample::select(crate::ticket::PartKind::ALL),
                (text(), text(), text(), text()),
                any::<bool>()
            )
                .prop_map(
                    |(kind, (model, removed_serial, installed_serial, fault), returned)| {
                        EventKind::Part(crate::ticket::PartReplaced {
                            kind,
                            model,
                            removed_serial,
                            installed_serial,
                            fault,
                            returned_to_vendor: returned,
                        })
                    }
                ),
        ]
    }

    fn arb_ticket() -> impl Strategy<Value = Ticket> {
        (
            (text(), text(), text(), text(), text(), text()),
            (
                prop::sample::select(Channel::ALL),
                prop::sample::select(Severity::ALL),
                prop::sample::select(Category::ALL),
            ),
            (
                prop::collection::vec(text(), 0..3),
                prop::option::of(text()),
                prop::option::of(0i64..100_000),
            ),
            prop::collection::vec((0i64..1_000_000, text(), kind()), 0..6),
        )
            .prop_map(
                |(
                    (customer, site, contact, phone, problem, by),
                    (channel, severity, category),
                    (targets, engineer, expected),
                    events,
                )| {
                    let mut t = ticket(severity);
                    (t.customer, t.site, t.contact, t.phone, t.problem) =
                        (customer, site, contact, phone, problem);
                    (t.channel, t.category, t.targets, t.engineer) =
                        (channel, category, targets, engineer);
                    t.expected = expected.map(|s| at(9, 0) + chrono::Duration::seconds(s));
                    t.events[0].by = by;
                    t.events
                        .extend(events.into_iter().map(|(s, by, kind)| Event {
                            at: at(9, 0) + chrono::Duration::seconds(s),
                            by,
                            kind,
                        }));
                    t
                },
            )
    }

    const SNIPPETS: &[&str] = &[
        "\"",
        "'",
        "\\",
        "\n",
        "#",
        "=",
        "[",
        "]",
        "\"\"\"",
        "'''",
        " ",
        "\t",
        "\r",
        "x",
        "\\u00e9",
        ",",
        "[[event]]\n",
        "kind = \"note\"\n",
        "schema = 1\n",
        "2026-",
        "Z",
        ".5",
        "\u{feff}",
        "[event]\n",
        "a.b = 1\n",
        "\\\n",
        // Edits a person makes that keep the file valid, so both readers get compared.
        "\n# a comment\n",
        " # a comment",
        "  ",
        "\n\n",
        "é",
        "\t",
    ];

    #[test]
    fn common_hand_edits_stay_on_the_fast_path() {
        let text = render(&ticket(Severity::II));
        for edited in [
            text.replace("customer = ", "# who called\ncustomer  =   "),
            text.replace("site = \"Pudong DC\"", "site = 'Pudong DC' # moved in 2025"),
            text.replace("[[event]]", "\n  [[event]]   # first\n"),
            text.replace("schema = 1\n", "") + "\n",
            format!(
                "phone = \"+86\"\n{}",
                text.replace("phone = \"+86 21 5555 0100\"\n", "")
            ),
            text.replace(
                "problem = \"core switch reloads\"",
                "problem = \"\"\"\ncore switch\nreloads\"\"\"",
            ),
        ] {
            let slow = toml::from_str::<Header<EventRecord>>(&edited);
            let fast = plain::read(&edited);
            match slow {
                Ok(slow) => assert_eq!(fast, Some(slow), "{edited}"),
                Err(_) => assert!(fast.is_none(), "{edited}"),
            }
        }
        // Outside the subset: read by `toml`, same result.
        let dotted = text
            .replace("schema = 1", "schema = 1\n\"id\" = \"T-20261120-0001\"")
            .replace("id = \"T-20261120-0001\"\n", "");
        assert!(plain::read(&dotted).is_none());
        assert!(parse(&dotted, Path::new("x.toml")).is_ok());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn everything_written_is_read_fast_and_the_same(t in arb_ticket()) {
            let text = render(&t);
            let fast = plain::read(&text);
            prop_assert!(fast.is_some(), "the fast reader refused: {:?}", text);
            let slow: Header<EventRecord> = toml::from_str(&text).unwrap();
            prop_assert_eq!(fast.unwrap(), slow);
            prop_assert_eq!(parse(&text, Path::new("x.toml")).unwrap(), t);
        }

        #[test]
        fn hand_edits_are_read_fast_only_when_toml_agrees(
            t in arb_ticket(),
            edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(SNIPPETS), any::<bool>()), 1..4),
        ) {
            let mut text = render(&t);
            for (place, snippet, delete) in edits {
                let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let i = bounds[place.index(bounds.len())];
                if delete && i < text.len() {
                    let len = text[i..].chars().next().unwrap().len_utf8();
                    text.replace_range(i..i + len, "");
                } else {
                    text.insert_str(i, snippet);
                }
            }
            if let Some(fast) = plain::read(&text) {
                let slow = toml::from_str::<Header<EventRecord>>(&text);
                prop_assert!(slow.is_ok(), "fast accepted what toml refuses ({:?}):\n{}", slow.err(), text);
                prop_assert_eq!(fast, slow.unwrap(), "{}", text);
            }
        }
    }
}
