//! `ops ticket check`: the open tickets' SLA clocks as a monitoring check, so
//! that cron (or Icinga, Nagios, Zabbix) can alert on them: the verdict on
//! one first line, the tickets concerned below it, and the exit status
//! monitoring plugins use.

use crate::app::App;
use crate::check::Status;
use crate::exit::Exit;
use crate::ticket::query::{self, Filter, Which};
use crate::ticket::{Severity, Span, store, text, time, view};
use anyhow::Result;
use clap::Args;
use serde::Serialize;

/// Alert on tickets: exit 2 when any is overdue, 1 when one falls due soon
///
/// Monitoring-plugin style: the first line of output is the verdict
/// (`TICKETS CRITICAL - 2 overdue, 1 due within 4h`), then the tickets
/// concerned, what is due first. Exit 2 when any open ticket (on hold
/// included) has a clock past its deadline, 1 when a running clock falls due
/// within --within, 0 otherwise; 3 when a ticket file cannot be read (and
/// none is overdue). With -q nothing is printed when the verdict is OK, so
/// cron mails only when there is something to do.
#[derive(Debug, Args)]
#[command(help_template = crate::verbatim_examples!(
    "Examples:
  ops ticket check                      crit if overdue, warn if due within 2h
  ops -q ticket check --within 4h       for cron: silent when all is well
  ops ticket check -s I -s II --within 30m"
))]
pub struct TicketCheckArgs {
    /// Warn when a deadline falls within this time (30m, 4h, 2d)
    #[arg(long, value_name = "DURATION", default_value = "2h")]
    pub within: Span,

    /// Only this severity (I, II, III, IV; repeatable)
    #[arg(short, long, value_name = "SEVERITY")]
    pub severity: Vec<Severity>,
}

/// JSON view (`--format json`), schema 1: the verdict, then the tickets
/// concerned as `ticket list` shows them.
#[derive(Serialize)]
struct CheckView {
    status: Status,
    within: String,
    open: usize,
    overdue: usize,
    due_soon: usize,
    #[serde(flatten)]
    list: view::ListView,
}

pub fn run(app: &App, args: TicketCheckArgs) -> Result<Exit> {
    let records = super::reader(app)?;
    let policy = super::policy(app)?;
    let now = time::now();
    let listing = store::load_all(records.root());
    let filter = Filter {
        which: Which::Open,
        severities: args.severity,
        ..Filter::default()
    };
    let open = query::select(&listing.tickets, &policy, &filter, now);
    let urgency = query::urgency(&open, args.within, now);
    // A ticket that cannot be read may be the overdue one: unknown, unless
    // something is known to be overdue already (crit > unknown > warn).
    let status = if listing.damaged.is_empty() {
        urgency.status
    } else {
        Status::worst([urgency.status, Status::Unknown])
    };
    let open_count = open.len();
    let horizon = now + args.within.0;
    let concerned: Vec<_> = open
        .into_iter()
        .filter(|(_, s)| s.overdue() || s.next_due().is_some_and(|(_, d)| d <= horizon))
        .collect();
    for d in &listing.damaged {
        app.printer
            .warn(&format!("skipped damaged ticket file {d}"));
    }
    if app.printer.json() {
        app.printer.data_json(&CheckView {
            status,
            within: args.within.to_string(),
            open: open_count,
            overdue: urgency.overdue,
            due_soon: urgency.due_soon,
            list: view::list(&concerned, &[], &listing.damaged, now),
        })?;
    } else {
        let line = verdict(
            status,
            &urgency,
            open_count,
            listing.damaged.len(),
            args.within,
        );
        if status == Status::Ok {
            // Cron mails whatever a job prints: under -q, all well is silence.
            if !app.printer.quiet {
                app.printer.data(&line);
            }
        } else {
            app.printer.data(&line);
            if !concerned.is_empty() {
                app.printer.data(&text::list_table(
                    &concerned,
                    now,
                    app.printer.color(),
                    None,
                    crate::i18n::Lang::En,
                ));
            }
        }
    }
    Ok(Exit::from_status(status))
}

/// The plugin-style first line: `TICKETS WARNING - 1 due within 2h`.
fn verdict(
    status: Status,
    u: &query::Urgency,
    open: usize,
    damaged: usize,
    within: Span,
) -> String {
    let word = match status {
        Status::Skip | Status::Ok => "OK",
        Status::Warn => "WARNING",
        Status::Crit => "CRITICAL",
        Status::Unknown => "UNKNOWN",
    };
    let mut parts = Vec::new();
    if u.overdue > 0 {
        parts.push(format!("{} overdue", u.overdue));
    }
    if u.due_soon > 0 {
        parts.push(format!("{} due within {within}", u.due_soon));
    }
    if damaged > 0 {
        parts.push(format!(
            "{damaged} ticket file{} cannot be read",
            if damaged == 1 { "" } else { "s" }
        ));
    }
    if parts.is_empty() {
        parts.push(format!(
            "{open} open ticket{}, none overdue or due within {within}",
            if open == 1 { "" } else { "s" }
        ));
    }
    format!("TICKETS {word} - {}", parts.join(", "))
}
