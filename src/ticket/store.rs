//! Ticket files in the records repository: create, append, load, list.
//!
//! Layout ([`ticket_path`]): `tickets/<YYYY-MM>/<id>.toml`, the month the
//! ticket was entered; the file format (`schema = 1`) is [`super::file`]'s.
//! Every write happens inside a [`Records::transaction`], that is under the
//! repository's writer lock and ending in one commit. Ids are allocated under
//! that lock: the next sequence number after the highest file name of the day,
//! created only if no such file exists (`Transaction::create_new`), so two
//! processes can never be given the same id, however close together they run.

use super::file::{self, Damaged};
use super::id::TicketId;
use super::model::{Event, EventKind, Ticket};
use crate::records::{Records, Transaction};
use anyhow::{Context, Result};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::path::{Path, PathBuf};

/// The directory of the records repository that holds the ticket files.
pub const TICKETS_DIR: &str = "tickets";

/// The directory (under `tickets/`) that holds the tickets entered in the
/// month of `date`: `2026-11`.
pub fn month_dir(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// The file of ticket `id`, relative to the repository:
/// `tickets/<YYYY-MM>/<id>.toml`, the month of the id's date.
pub fn ticket_path(id: TicketId) -> PathBuf {
    Path::new(TICKETS_DIR)
        .join(month_dir(id.date))
        .join(format!("{id}.toml"))
}

/// A ticket before it has an id and a log.
#[derive(Debug, Clone)]
pub struct Draft {
    pub customer: String,
    pub site: String,
    pub contact: String,
    pub phone: String,
    pub channel: super::Channel,
    pub severity: super::Severity,
    pub category: super::Category,
    pub problem: String,
    pub received: DateTime<Utc>,
    pub targets: Vec<String>,
    pub engineer: Option<String>,
    pub expected: Option<DateTime<Utc>>,
}

/// The outcome of a write: the ticket as it now stands and the commit made.
#[derive(Debug)]
pub struct Written {
    pub ticket: Ticket,
    /// Relative to the repository.
    pub path: PathBuf,
    pub commit: Option<String>,
}

/// Every ticket file that could be read, and every one that could not.
#[derive(Debug, Default)]
pub struct Listing {
    pub tickets: Vec<Ticket>,
    pub damaged: Vec<Damaged>,
}

/// Who is recording a change: the login name running `ops`, from the OS.
pub fn actor() -> String {
    crate::login::login_name()
}

/// The ticket id a command-line argument names; a usage error (exit 64) otherwise.
pub fn parse_id(text: &str) -> Result<TicketId> {
    text.trim()
        .parse()
        .map_err(|e: String| crate::usage_error!("{e}"))
}

/// A one-line commit message subject: `ticket T-…: <what>`, at most about 100 characters.
fn subject(id: TicketId, what: &str) -> String {
    let what: String = what.lines().next().unwrap_or("").trim().to_owned();
    let mut s = format!("ticket {id}: {what}");
    if s.chars().count() > 100 {
        s = s.chars().take(99).collect::<String>() + "…";
    }
    s
}

/// Read a ticket file from the repository at `root`.
pub fn read(root: &Path, id: TicketId) -> Result<(Ticket, String)> {
    let rel = id.rel_path();
    let path = root.join(&rel);
    let text = match crate::records::layout::read_record(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(crate::bad_input!(
                "no ticket {id} in the records repository {} (looked for {})",
                root.display(),
                rel.display()
            ));
        }
        Err(e) => {
            return Err(e)
                .with_context(|| format!("failed to read ticket file {}", path.display()));
        }
    };
    let ticket = file::parse(&text, &rel).map_err(|d| crate::bad_input!("{d}"))?;
    Ok((ticket, text))
}

/// Check that `text` names an existing ticket; its id. For `--ticket ID` on
/// evidence-producing commands, before they do their work.
pub fn resolve(records: &Records, text: &str) -> Result<TicketId> {
    let id = parse_id(text)?;
    read(records.root(), id).map(|_| id)
}

/// Create a ticket: allocate its id, write its file, commit. `now` is when it
/// is entered (the id's date and the `created` event).
pub fn create(records: &Records, draft: Draft, now: DateTime<Utc>, by: &str) -> Result<Written> {
    let committed = records.transaction(|tx| {
        let (ticket, path) = create_in(tx, draft, now, by)?;
        let message = format!(
            "{}\n\n{} {} {}: {}",
            subject(
                ticket.id,
                &format!("new, severity {}, {}", ticket.severity, ticket.customer)
            ),
            ticket.channel,
            ticket.category,
            ticket.customer,
            ticket.problem
        );
        Ok(((ticket, path), message))
    })?;
    let (ticket, path) = committed.value;
    Ok(Written {
        ticket,
        path,
        commit: committed.commit,
    })
}

/// [`create`] inside a caller's transaction (which commits it).
pub fn create_in(
    tx: &mut Transaction,
    draft: Draft,
    now: DateTime<Utc>,
    by: &str,
) -> Result<(Ticket, PathBuf)> {
    let date = now.date_naive();
    let prefix = TicketId::day_prefix(date);
    let mut ticket = Ticket {
        id: TicketId::new(date, 1),
        customer: draft.customer,
        site: draft.site,
        contact: draft.contact,
        phone: draft.phone,
        channel: draft.channel,
        severity: draft.severity,
        category: draft.category,
        problem: draft.problem,
        received: draft.received,
        targets: draft.targets,
        engineer: draft.engineer,
        expected: draft.expected,
        events: vec![Event {
            at: now,
            by: by.to_owned(),
            kind: EventKind::Created,
        }],
    };
    let dir = Path::new(TICKETS_DIR).join(month_dir(date));
    let (seq, rel) = tx.create_numbered(
        &dir,
        |n| {
            n.starts_with(&prefix)
                .then(|| TicketId::from_file_name(n))
                .flatten()
                .map(|id| id.seq)
        },
        |seq| format!("{}.toml", TicketId::new(date, seq)),
        |seq| {
            let mut t = ticket.clone();
            t.id.seq = seq;
            file::render(&t).into_bytes()
        },
    )?;
    ticket.id.seq = seq;
    Ok((ticket, rel))
}

/// Append `events` to a ticket, in order, as one change and one commit.
/// Each is checked against the ticket as it stands after the ones before it;
/// if any is refused nothing is written.
pub fn append(records: &Records, id: TicketId, events: Vec<Event>) -> Result<Written> {
    let committed = records.transaction(|tx| {
        let (ticket, path) = append_in(tx, id, &events)?;
        let what: Vec<String> = events.iter().map(|e| e.kind.summary()).collect();
        let mut message = subject(id, &what.join("; "));
        let details: Vec<&str> = events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Note { text } | EventKind::Hold { reason: text }
                    if text.contains('\n') =>
                {
                    Some(text.as_str())
                }
                EventKind::Closed(c) if c.resolution.contains('\n') => Some(c.resolution.as_str()),
                _ => None,
            })
            .collect();
        if !details.is_empty() {
            message.push_str("\n\n");
            message.push_str(&details.join("\n\n"));
        }
        Ok(((ticket, path), message))
    })?;
    let (ticket, path) = committed.value;
    Ok(Written {
        ticket,
        path,
        commit: committed.commit,
    })
}

/// [`append`] inside a caller's transaction (which commits it).
pub fn append_in(
    tx: &mut Transaction,
    id: TicketId,
    events: &[Event],
) -> Result<(Ticket, PathBuf)> {
    let (mut ticket, mut text) = read(tx.root(), id)?;
    for event in events {
        ticket.check(event)?;
        text = file::append(&text, event);
        ticket.events.push(event.clone());
    }
    let rel = id.rel_path();
    // What is written must read back as what was meant.
    let back = file::parse(&text, &rel).map_err(|d| anyhow::anyhow!("internal error: {d}"))?;
    anyhow::ensure!(
        back == ticket,
        "internal error: {id} would not read back as written"
    );
    tx.write(&rel, text.as_bytes())?;
    Ok((ticket, rel))
}

/// Link evidence records (paths relative to the repository) to a ticket
/// inside the caller's transaction, so that the records and the ticket's
/// `linked` events land in the same commit. The records should name the
/// ticket too (their `ticket` field): the link is kept on both sides.
pub fn link_in(
    tx: &mut Transaction,
    id: TicketId,
    records: &[PathBuf],
    at: DateTime<Utc>,
    by: &str,
) -> Result<()> {
    let events: Vec<Event> = records
        .iter()
        .map(|r| Event {
            at,
            by: by.to_owned(),
            kind: EventKind::Linked {
                record: r.to_string_lossy().into_owned(),
            },
        })
        .collect();
    append_in(tx, id, &events)?;
    Ok(())
}

/// Every ticket file under `tickets/`, read and parsed; damaged files are
/// collected, not fatal. Dot files (temporary files of writers) are skipped.
pub fn load_all(root: &Path) -> Listing {
    let base = root.join(TICKETS_DIR);
    let mut files = Vec::new();
    let mut linked = Vec::new();
    for month in crate::records::layout::sorted_names(&base) {
        let dir = base.join(&month);
        // A linked month directory would lead outside the repository.
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            linked.push(Damaged {
                path: Path::new(TICKETS_DIR).join(&month),
                line: 0,
                column: 0,
                message: "it is a symbolic link, which is never followed".into(),
            });
            continue;
        }
        if !dir.is_dir() {
            continue;
        }
        for name in crate::records::layout::sorted_names(&dir) {
            if name.ends_with(".toml") {
                files.push(Path::new(TICKETS_DIR).join(&month).join(name));
            }
        }
    }
    let read_one = |rel: &PathBuf| -> Result<Ticket, Damaged> {
        let text = crate::records::layout::read_record(&root.join(rel)).map_err(|e| Damaged {
            path: rel.clone(),
            line: 0,
            column: 0,
            message: format!("cannot be read: {e}"),
        })?;
        file::parse(&text, rel)
    };
    // Parsing is the cost of a listing; spread it over the cores.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = files.len().div_ceil(threads).max(256);
    let results: Vec<Result<Ticket, Damaged>> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(read_one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a ticket reader thread panicked"))
            .collect()
    });
    let mut listing = Listing {
        damaged: linked,
        ..Listing::default()
    };
    for r in results {
        match r {
            Ok(t) => listing.tickets.push(t),
            Err(d) => listing.damaged.push(d),
        }
    }
    listing.damaged.sort_by(|a, b| a.path.cmp(&b.path));
    listing
}
