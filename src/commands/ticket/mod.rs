//! `ops ticket`: customer maintenance requests with severity, SLA clocks and
//! an audit trail in git (SPEC §3). The domain lives in [`crate::ticket`].

pub mod check;
pub mod close;
pub mod feedback;
pub mod list;
pub mod new;
pub mod part;
pub mod plan;
pub mod sheet;
pub mod show;
pub mod update;
pub mod visit;

use super::recorded;
use crate::app::App;
use crate::exit::Exit;
use crate::i18n::Lang;
use crate::records::Records;
use crate::ticket::sla::{self, Policy};
use crate::ticket::{Event, Ticket, TicketId, store, text, view};
use anyhow::Result;
use chrono::{DateTime, Utc};
use clap::Subcommand;
use std::io::IsTerminal;

/// Record customer maintenance requests and follow their SLA clocks
#[derive(Debug, Subcommand)]
pub enum TicketCommand {
    New(new::TicketNewArgs),
    Show(show::TicketShowArgs),
    Sheet(sheet::TicketSheetArgs),
    List(list::TicketListArgs),
    Check(check::TicketCheckArgs),
    Update(update::TicketUpdateArgs),
    Close(close::TicketCloseArgs),
    Part(part::TicketPartArgs),
    Plan(plan::TicketPlanArgs),
    Visit(visit::TicketVisitArgs),
    Feedback(feedback::TicketFeedbackArgs),
}

pub fn run(app: &App, cmd: TicketCommand) -> Result<Exit> {
    match cmd {
        TicketCommand::New(args) => new::run(app, args),
        TicketCommand::Show(args) => show::run(app, args),
        TicketCommand::Sheet(args) => sheet::run(app, args),
        TicketCommand::List(args) => list::run(app, args),
        TicketCommand::Check(args) => check::run(app, args),
        TicketCommand::Update(args) => update::run(app, args),
        TicketCommand::Close(args) => close::run(app, args),
        TicketCommand::Part(args) => part::run(app, args),
        TicketCommand::Plan(args) => plan::run(app, args),
        TicketCommand::Visit(args) => visit::run(app, args),
        TicketCommand::Feedback(args) => feedback::run(app, args),
    }
}

const NO_RECORDS: &str = "tickets live in a records repository: pass --records DIR, set OPS_RECORDS, \
or run inside one made by `ops init`";

/// The records repository to read tickets from.
fn reader(app: &App) -> Result<&Records> {
    app.records()
        .ok_or_else(|| crate::bad_input!("no records repository; {NO_RECORDS}"))
}

/// The records repository to write a ticket change to.
fn writer(app: &App) -> Result<&Records> {
    let records = reader(app)?;
    app.recorder().ok_or_else(|| {
        crate::usage_error!("a ticket change is a record; it cannot be made with --no-record")
    })?;
    Ok(records)
}

/// The SLA policy: `[sla]` of ops.toml over the SPEC defaults.
pub fn policy(app: &App) -> Result<Policy> {
    Policy::load(app.config())
}

/// Prompts are allowed: a person is at a terminal.
fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// A time given on the command line (RFC 3339).
fn parse_time(flag: &str, text: &str) -> Result<DateTime<Utc>> {
    crate::ticket::time::parse_time(text.trim()).map_err(|e| {
        crate::usage_error!(
            "{flag} {text:?} is not an RFC 3339 time like 2026-11-22T09:15:00+08:00 ({e})"
        )
    })
}

/// When a change happened: `--at`, else now; never in the future.
fn event_time(at: Option<&str>, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    match at {
        None => Ok(now),
        Some(text) => {
            let t = parse_time("--at", text)?;
            if t > now {
                return Err(crate::usage_error!("--at {text} is in the future"));
            }
            Ok(t)
        }
    }
}

/// Print one ticket: the JSON view, or the `show` page.
/// The JSON view is the same in every language (it is for machines).
fn print_ticket(
    app: &App,
    ticket: &Ticket,
    policy: &Policy,
    now: DateTime<Utc>,
    lang: Lang,
) -> Result<()> {
    let clocks = sla::compute(ticket, policy, now);
    if app.printer.json() {
        app.printer.data_json(&view::ticket(ticket, &clocks, true))
    } else {
        app.printer.data(&text::show(ticket, &clocks, now, lang));
        Ok(())
    }
}

/// Append one event to ticket `id` (the ticket checks it first: nothing is
/// written when it is refused), print the ticket under `--format json`, and
/// say what was recorded.
fn append_event(
    app: &App,
    records: &Records,
    id: TicketId,
    event: Event,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<Exit> {
    let what = event.kind.summary();
    let written = store::append(records, id, vec![event])?;
    if app.printer.json() {
        print_ticket(app, &written.ticket, policy, now, Lang::En)?;
    }
    recorded(app, &format!("{id}: {what}"), written.commit.as_deref());
    Ok(Exit::Ok)
}
