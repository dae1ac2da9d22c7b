//! `ops ticket feedback ID`: the return visit (回访) after closing.

use crate::app::App;
use crate::exit::Exit;
use crate::ticket::{Event, EventKind, Feedback, store, time};
use anyhow::Result;
use clap::Args;

/// Record the return visit of a closed ticket: who was called and how satisfied they are (1-5)
///
/// A closed ticket falls due for its return visit `[sla] return_visit_days`
/// after closing (default 3). The satisfaction is averaged per customer in
/// `ticket list` and in the quarterly report.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ops ticket feedback T-20261122-0001 --called 'Zhang Wei' --satisfaction 5 --comment '响应很快'"
)]
pub struct TicketFeedbackArgs {
    /// Ticket id, e.g. T-20261122-0001
    pub id: String,
    /// The customer's person who was called
    #[arg(long, value_name = "NAME")]
    pub called: String,
    /// 1 (very unsatisfied) to 5 (very satisfied)
    #[arg(long, value_name = "1-5", allow_negative_numbers = true)]
    pub satisfaction: i64,
    /// What the customer said
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
}

pub fn run(app: &App, args: TicketFeedbackArgs) -> Result<Exit> {
    let id = store::parse_id(&args.id)?;
    let records = super::writer(app)?;
    let policy = super::policy(app)?;
    let now = time::now();
    // Checked here too: a number beyond u8 must not wrap into the scale.
    let satisfaction = u8::try_from(args.satisfaction)
        .ok()
        .filter(|s| crate::ticket::model::SATISFACTION.contains(s))
        .ok_or_else(|| {
            crate::bad_input!(
                "satisfaction {} is outside the scale 1 (very unsatisfied) to 5 (very satisfied)",
                args.satisfaction
            )
        })?;
    let event = Event {
        at: now,
        by: store::actor(),
        kind: EventKind::Feedback(Feedback {
            called: args.called.trim().to_owned(),
            satisfaction,
            comment: args.comment.unwrap_or_default().trim().to_owned(),
        }),
    };
    super::append_event(app, records, id, event, &policy, now)
}
