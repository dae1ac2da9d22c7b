//! A fast reader for the plain TOML that ticket files are written in.
//!
//! `ops ticket list` reads every ticket file, and the general TOML parser
//! (which keeps spans and formatting for editing) costs ~25 µs per file,
//! too slow for 10,000 tickets. Ticket files use a small subset of TOML:
//! bare keys, one `key = value` per line, strings (all four kinds, single-line
//! arrays of them), integers, offset datetimes, `[[event]]` headers, comments.
//! This module reads exactly that subset and returns `None` on anything else
//! or anything doubtful (another table, a dotted key, CR line ends, a line-
//! ending backslash, a duplicate or unknown key, a wrong type…); the caller
//! then uses the `toml` crate, which also produces every error message. So
//! the fast path only ever accepts files that `toml` reads to the same value,
//! which a property test checks (`file::tests`).

use super::layout::{EventRecord, Header, Time};
use chrono::{DateTime, Utc};
use std::str::FromStr;

#[derive(Debug)]
enum Val {
    Str(String),
    Int(i64),
    Time(DateTime<Utc>),
    Strs(Vec<String>),
    Bool(bool),
}

type Table<'a> = Vec<(&'a str, Val)>;

/// The characters TOML forbids raw in strings: controls other than tab, and DEL.
fn forbidden(c: char) -> bool {
    (c < ' ' && c != '\t') || c == '\u{7f}'
}

struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        self.bytes[self.pos..].starts_with(s.as_bytes())
    }

    fn skip_blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// After a value or header: blanks, an optional comment, then a newline or the end.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_blank();
        if self.peek() == Some(b'#') {
            self.comment()?;
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.pos += 1;
                Some(())
            }
            _ => None,
        }
    }

    fn comment(&mut self) -> Option<()> {
        while let Some(b) = self.peek() {
            if b == b'\n' {
                break;
            }
            if b != b'\t' && (b < 0x20 || b == 0x7f) {
                return None;
            }
            self.pos += 1;
        }
        Some(())
    }

    fn key(&mut self) -> Option<&'a str> {
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')
        ) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.text[start..self.pos])
    }

    /// The next char, for string bodies (which may hold any Unicode).
    fn next_char(&mut self) -> Option<char> {
        let c = self.text[self.pos..].chars().next()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn escape(&mut self, out: &mut String) -> Option<()> {
        let c = match self.next_char()? {
            'b' => '\u{8}',
            't' => '\t',
            'n' => '\n',
            'f' => '\u{c}',
            'r' => '\r',
            '"' => '"',
            '\\' => '\\',
            'u' => self.hex(4)?,
            'U' => self.hex(8)?,
            _ => return None,
        };
        out.push(c);
        Some(())
    }

    fn hex(&mut self, n: usize) -> Option<char> {
        let digits = self.text.get(self.pos..self.pos + n)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += n;
        char::from_u32(u32::from_str_radix(digits, 16).ok()?)
    }

    /// A string of either kind, single- or multi-line.
    fn string(&mut self) -> Option<String> {
        let quote = self.peek()?;
        let literal = quote == b'\'';
        let triple = if literal { "'''" } else { "\"\"\"" };
        let mut out = String::new();
        if self.starts_with(triple) {
            self.pos += 3;
            if self.peek() == Some(b'\n') {
                self.pos += 1;
            }
            loop {
                if self.starts_with(triple) {
                    // Up to two more quotes right before the closing ones are content.
                    let mut run = 0;
                    while self.bytes.get(self.pos + run) == Some(&quote) {
                        run += 1;
                    }
                    if run > 5 {
                        return None;
                    }
                    for _ in 3..run {
                        out.push(quote as char);
                    }
                    self.pos += run;
                    return Some(out);
                }
                match self.next_char()? {
                    '\\' if !literal => {
                        // A line-ending backslash trims whitespace: leave it to `toml`.
                        if matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                            return None;
                        }
                        self.escape(&mut out)?;
                    }
                    c if c == '\n' || !forbidden(c) => out.push(c),
                    _ => return None,
                }
            }
        }
        self.pos += 1;
        // Most strings have no escapes: take them as one slice.
        let start = self.pos;
        loop {
            match self.peek()? {
                b if b == quote => {
                    out.push_str(&self.text[start..self.pos]);
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' if !literal => break,
                b if b < 0x80 && forbidden(b as char) => return None,
                _ => self.pos += 1,
            }
        }
        out.push_str(&self.text[start..self.pos]);
        loop {
            match self.next_char()? {
                c if c as u32 == quote as u32 => return Some(out),
                '\\' if !literal => self.escape(&mut out)?,
                c if !forbidden(c) => out.push(c),
                _ => return None,
            }
        }
    }

    fn value(&mut self) -> Option<Val> {
        match self.peek()? {
            b'"' | b'\'' => self.string().map(Val::Str),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_blank();
                    match self.peek()? {
                        b']' => {
                            self.pos += 1;
                            return Some(Val::Strs(items));
                        }
                        b'"' | b'\'' => items.push(self.string()?),
                        _ => return None,
                    }
                    self.skip_blank();
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b']' => {
                            self.pos += 1;
                            return Some(Val::Strs(items));
                        }
                        _ => return None,
                    }
                }
            }
            b't' | b'f' => {
                for (word, b) in [("true", true), ("false", false)] {
                    if self.starts_with(word) {
                        self.pos += word.len();
                        return Some(Val::Bool(b));
                    }
                }
                None
            }
            b'0'..=b'9' => {
                let start = self.pos;
                while matches!(
                    self.peek(),
                    Some(b'0'..=b'9' | b'-' | b':' | b'+' | b'T' | b'Z')
                ) {
                    self.pos += 1;
                }
                let word = &self.text[start..self.pos];
                if word.bytes().all(|b| b.is_ascii_digit()) {
                    if word.len() > 1 && word.starts_with('0') {
                        return None;
                    }
                    return word.parse().ok().map(Val::Int);
                }
                // 2026-11-22T09:15:00Z or …+08:00, nothing else (no fractions, no local times).
                let shape = word.len() == 20 && word.ends_with('Z') || word.len() == 25;
                let b = word.as_bytes();
                if !shape
                    || b[4] != b'-'
                    || b[7] != b'-'
                    || b[10] != b'T'
                    || b[13] != b':'
                    || b[16] != b':'
                    || &word[17..19] == "60"
                {
                    return None;
                }
                let t = DateTime::parse_from_rfc3339(word).ok()?;
                Some(Val::Time(t.with_timezone(&Utc)))
            }
            _ => None,
        }
    }
}

/// Parse `text` if it is plain; `None` means "ask the `toml` crate".
fn tables(text: &str) -> Option<(Table<'_>, Vec<Table<'_>>)> {
    let mut c = Cursor {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let mut top: Table = Vec::new();
    let mut events: Vec<Table> = Vec::new();
    loop {
        c.skip_blank();
        match c.peek() {
            None => break,
            Some(b'\n') => c.pos += 1,
            Some(b'#') => {
                c.comment()?;
            }
            Some(b'[') => {
                if !c.starts_with("[[event]]") {
                    return None;
                }
                c.pos += "[[event]]".len();
                c.end_of_line()?;
                events.push(Vec::new());
            }
            Some(_) => {
                let key = c.key()?;
                c.skip_blank();
                if c.peek() != Some(b'=') {
                    return None;
                }
                c.pos += 1;
                c.skip_blank();
                let value = c.value()?;
                c.end_of_line()?;
                let table = events.last_mut().unwrap_or(&mut top);
                if table.iter().any(|(k, _)| *k == key) {
                    return None;
                }
                table.push((key, value));
            }
        }
    }
    Some((top, events))
}

fn string(v: Val) -> Option<String> {
    match v {
        Val::Str(s) => Some(s),
        _ => None,
    }
}

fn word<T: FromStr>(v: Val) -> Option<T> {
    string(v)?.parse().ok()
}

fn time(v: Val) -> Option<Time> {
    match v {
        Val::Time(t) => Some(Time(t)),
        _ => None,
    }
}

fn boolean(v: Val) -> Option<bool> {
    match v {
        Val::Bool(b) => Some(b),
        _ => None,
    }
}

fn strings(v: Val) -> Option<Vec<String>> {
    match v {
        Val::Strs(s) => Some(s),
        _ => None,
    }
}

fn event(table: Table) -> Option<EventRecord> {
    let mut kind = None;
    let mut e = EventRecord::default();
    for (key, v) in table {
        match key {
            "kind" => kind = Some(string(v)?),
            "at" => e.at = Some(time(v)?),
            "by" => e.by = string(v)?,
            "text" => e.text = Some(string(v)?),
            "engineer" => e.engineer = Some(string(v)?),
            "from" => e.from = Some(word(v)?),
            "to" => e.to = Some(word(v)?),
            "reason" => e.reason = Some(string(v)?),
            "resolution" => e.resolution = Some(string(v)?),
            "cause" => e.cause = Some(word(v)?),
            "parts" => e.parts = strings(v)?,
            "confirmed_by" => e.confirmed_by = Some(string(v)?),
            "record" => e.record = Some(string(v)?),
            "part_kind" => e.part_kind = Some(word(v)?),
            "model" => e.model = Some(string(v)?),
            "removed_serial" => e.removed_serial = Some(string(v)?),
            "installed_serial" => e.installed_serial = Some(string(v)?),
            "fault" => e.fault = Some(string(v)?),
            "returned_to_vendor" => e.returned_to_vendor = Some(boolean(v)?),
            "solution" => e.solution = Some(string(v)?),
            "agreed_time" => e.agreed_time = Some(time(v)?),
            "agreed_by" => e.agreed_by = Some(string(v)?),
            "departed" => e.departed = Some(time(v)?),
            "summary" => e.summary = Some(string(v)?),
            "called" => e.called = Some(string(v)?),
            // Out of u8's range goes to the toml crate, which names the error.
            "satisfaction" => match v {
                Val::Int(n) => e.satisfaction = Some(u8::try_from(n).ok()?),
                _ => return None,
            },
            "comment" => e.comment = Some(string(v)?),
            _ => return None,
        }
    }
    e.kind = kind?;
    Some(e)
}

/// The ticket file's fields, if `text` is plain and well-formed; else `None`.
pub(super) fn read(text: &str) -> Option<Header<EventRecord>> {
    if text.contains('\r') || text.starts_with('\u{feff}') {
        return None;
    }
    let (top, events) = tables(text)?;
    let (mut schema, mut id, mut customer, mut contact, mut channel, mut severity) =
        (None, None, None, None, None, None);
    let (mut category, mut problem, mut received) = (None, None, None);
    let (mut site, mut phone, mut targets, mut engineer, mut expected) =
        (String::new(), String::new(), Vec::new(), None, None);
    for (key, v) in top {
        match key {
            "schema" => match v {
                Val::Int(n) => schema = Some(u32::try_from(n).ok()?),
                _ => return None,
            },
            "id" => id = Some(string(v)?),
            "customer" => customer = Some(string(v)?),
            "site" => site = string(v)?,
            "contact" => contact = Some(string(v)?),
            "phone" => phone = string(v)?,
            "channel" => channel = Some(word(v)?),
            "severity" => severity = Some(word(v)?),
            "category" => category = Some(word(v)?),
            "problem" => problem = Some(string(v)?),
            "received" => received = Some(time(v)?),
            "targets" => targets = strings(v)?,
            "engineer" => engineer = Some(string(v)?),
            "expected" => expected = Some(time(v)?),
            _ => return None,
        }
    }
    Some(Header {
        schema: schema?,
        id: id?,
        customer: customer?,
        site,
        contact: contact?,
        phone,
        channel: channel?,
        severity: severity?,
        category: category?,
        problem: problem?,
        received: received?,
        targets,
        engineer,
        expected,
        events: events.into_iter().map(event).collect::<Option<_>>()?,
    })
}
