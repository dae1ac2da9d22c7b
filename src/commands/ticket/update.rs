//! `ops ticket update ID`: add to a ticket's log.

use crate::app::App;
use crate::exit::Exit;
use crate::ticket::{Event, EventKind, Severity, store, time};
use anyhow::Result;
use clap::Args;

/// Add a note, assign, change severity, hold or resume a ticket, or stop its
/// respond and plan clocks
///
/// Several changes given together are recorded as one change (one commit),
/// in this order: assign, severity, resume, responded, planned, note, hold.
/// A severity change recomputes every SLA deadline from the received time;
/// a hold pauses the resolution clock until --resume.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops ticket update T-20261122-0001 --responded --note 'called Zhang Wei back'\n  \
ops ticket update T-20261122-0001 --hold 'waiting for the maintenance window'\n  \
ops ticket update T-20261122-0001 --resume --severity I --assign 'Wang Fang'"
)]
pub struct TicketUpdateArgs {
    /// Ticket id, e.g. T-20261122-0001
    pub id: String,

    /// Add a note to the log
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Assign (or reassign) the engineer
    #[arg(long, value_name = "NAME")]
    pub assign: Option<String>,

    /// Change the severity (I-IV); deadlines are recomputed from the received time
    #[arg(long, value_name = "I-IV")]
    pub severity: Option<Severity>,

    /// Put on hold, waiting for the customer: pauses the resolution clock
    #[arg(long, value_name = "REASON", conflicts_with = "resume")]
    pub hold: Option<String>,

    /// End the hold: the resolution clock runs again
    #[arg(long)]
    pub resume: bool,

    /// The customer has had a first answer: stops the respond clock
    #[arg(long)]
    pub responded: bool,

    /// The customer has been given a plan: stops the plan clock
    #[arg(long)]
    pub planned: bool,

    /// When it happened, RFC 3339 [default: now]
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

pub fn run(app: &App, args: TicketUpdateArgs) -> Result<Exit> {
    let id = store::parse_id(&args.id)?;
    let records = super::writer(app)?;
    let policy = super::policy(app)?;
    let now = time::now();
    let at = super::event_time(args.at.as_deref(), now)?;
    let by = store::actor();
    let (current, _) = store::read(records.root(), id)?;

    let mut kinds = Vec::new();
    if let Some(engineer) = args.assign {
        kinds.push(EventKind::Assigned {
            engineer: engineer.trim().to_owned(),
        });
    }
    if let Some(to) = args.severity {
        kinds.push(EventKind::Severity {
            from: current.severity(),
            to,
        });
    }
    if args.resume {
        kinds.push(EventKind::Resume);
    }
    if args.responded {
        kinds.push(EventKind::Responded);
    }
    if args.planned {
        kinds.push(EventKind::Planned);
    }
    if let Some(text) = args.note {
        kinds.push(EventKind::Note {
            text: text.trim().to_owned(),
        });
    }
    if let Some(reason) = args.hold {
        kinds.push(EventKind::Hold {
            reason: reason.trim().to_owned(),
        });
    }
    if kinds.is_empty() {
        return Err(crate::usage_error!(
            "nothing to update; pass --note, --assign, --severity, --hold, --resume, --responded or --planned"
        ));
    }
    let events: Vec<Event> = kinds
        .into_iter()
        .map(|kind| Event {
            at,
            by: by.clone(),
            kind,
        })
        .collect();
    let what: Vec<String> = events.iter().map(|e| e.kind.summary()).collect();
    let written = store::append(records, id, events)?;
    if app.printer.json() {
        super::print_ticket(app, &written.ticket, &policy, now, crate::i18n::Lang::En)?;
    }
    super::recorded(
        app,
        &format!("{id}: {}", what.join("; ")),
        written.commit.as_deref(),
    );
    Ok(Exit::Ok)
}
