//! `ops ticket list`: what is due and what is overdue.

use crate::app::App;
use crate::exit::Exit;
use crate::ticket::query::{self, Filter, Which};
use crate::ticket::{Severity, Span, store, text, time, view};
use anyhow::Result;
use clap::Args;

/// List tickets, what is due first: overdue clocks, then the nearest deadlines
///
/// A ticket file that cannot be read is reported (path, line and column) and
/// skipped; the others are still listed, and the exit status is 78.
///
/// Listing is not alerting: the exit status does not depend on what is due.
/// For cron or a monitoring system use `ops ticket check`, which exits 2 when
/// a ticket is overdue and 1 when one falls due soon.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops ticket list                       open tickets, what is due first\n  \
ops ticket list --overdue             only those past a deadline\n  \
ops ticket list --due-within 2h -s I -s II\n  \
ops ticket list all --customer acme --format json\n  \
ops ticket list --visits-due          open tickets waiting for an engineer on site\n  \
ops ticket list --return-visits-due   closed tickets whose customer is due a call back\n  \
ops ticket list --lang zh-CN          in Chinese (JSON is the same in every language)"
)]
pub struct TicketListArgs {
    /// Which tickets: open (including on hold), closed, or all [default: open; closed with --return-visits-due]
    #[arg(value_enum)]
    pub which: Option<Which>,

    /// Only this severity (I, II, III, IV; repeatable)
    #[arg(short, long, value_name = "SEVERITY")]
    pub severity: Vec<Severity>,

    /// Only customers whose name contains this (any case)
    #[arg(long, value_name = "TEXT")]
    pub customer: Option<String>,

    /// Only tickets assigned to this engineer
    #[arg(long, value_name = "NAME")]
    pub engineer: Option<String>,

    /// Only tickets with a clock running past its deadline
    #[arg(long)]
    pub overdue: bool,

    /// Only tickets with a deadline within this time (30m, 4h, 2d), overdue ones included
    #[arg(long, value_name = "DURATION")]
    pub due_within: Option<Span>,

    /// Only open tickets with an on-site clock whose engineer has not arrived; shows when it is due
    #[arg(long, conflicts_with = "return_visits_due")]
    pub visits_due: bool,

    /// Only closed tickets whose return visit is due and not yet made; shows since when
    #[arg(long)]
    pub return_visits_due: bool,

    #[command(flatten)]
    pub lang: crate::commands::lang::LangArg,
}

pub fn run(app: &App, args: TicketListArgs) -> Result<Exit> {
    let lang = args.lang.resolve(app)?;
    let records = super::reader(app)?;
    let policy = super::policy(app)?;
    let now = time::now();
    let listing = store::load_all(records.root());
    // A return visit is only ever due on a closed ticket.
    let default_which = if args.return_visits_due {
        Which::Closed
    } else {
        Which::Open
    };
    let extra = if args.visits_due {
        Some(text::ServiceColumn::Onsite)
    } else if args.return_visits_due {
        Some(text::ServiceColumn::ReturnVisit)
    } else {
        None
    };
    let filter = Filter {
        which: args.which.unwrap_or(default_which),
        severities: args.severity,
        customer: args.customer,
        engineer: args.engineer,
        overdue: args.overdue,
        due_within: args.due_within,
        visits_due: args.visits_due,
        return_visits_due: args.return_visits_due,
    };
    let rows = query::select(&listing.tickets, &policy, &filter, now);
    let satisfaction = query::satisfaction_by_customer(
        &listing.tickets,
        rows.iter().map(|(t, _)| t.customer.as_str()),
    );
    for d in &listing.damaged {
        app.printer
            .warn(&text::skipped_damaged(&d.to_string(), lang));
    }
    if app.printer.json() {
        app.printer
            .data_json(&view::list(&rows, &satisfaction, &listing.damaged, now))?;
    } else if rows.is_empty() {
        app.printer.status(&text::none_match(lang));
    } else {
        app.printer.data(&text::list_table(
            &rows,
            now,
            app.printer.color(),
            extra,
            lang,
        ));
        if !satisfaction.is_empty() {
            // A footer line: how the listed customers rated their return visits.
            app.printer
                .data(&text::satisfaction_line(&satisfaction, lang));
        }
    }
    let overdue = rows.iter().filter(|(_, s)| s.overdue()).count();
    app.printer
        .status(&text::listed_line(rows.len(), overdue, lang));
    Ok(if listing.damaged.is_empty() {
        Exit::Ok
    } else {
        Exit::BadInput
    })
}
