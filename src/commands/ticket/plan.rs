//! `ops ticket plan ID`: the plan agreed with the customer.

use crate::app::App;
use crate::exit::Exit;
use crate::ticket::{AgreedPlan, Event, EventKind, store, time};
use anyhow::Result;
use clap::Args;

/// Record the solution agreed with the customer and the resolution time they accepted
///
/// Stops the plan clock. When the agreed time is later than the SLA's
/// resolution deadline, the ticket is judged by the agreed time instead
/// (`ticket show` shows both; reports count it as "agreed").
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ops ticket plan T-20261122-0001 --solution 'replace PSU 2 in the Sunday window' \\\n    \
--agreed-time 2026-11-23T18:00:00+08:00 --agreed-by 'Zhang Wei'"
)]
pub struct TicketPlanArgs {
    /// Ticket id, e.g. T-20261122-0001
    pub id: String,
    /// The proposed solution
    #[arg(long, value_name = "TEXT", required_unless_present = "solution_file")]
    pub solution: Option<String>,
    /// Read the proposed solution from this file
    #[arg(long, value_name = "FILE", conflicts_with = "solution")]
    pub solution_file: Option<std::path::PathBuf>,
    /// The resolution time the customer agreed to, RFC 3339 (must be in the future)
    #[arg(long, value_name = "TIME")]
    pub agreed_time: String,
    /// The customer's person who agreed
    #[arg(long, value_name = "NAME")]
    pub agreed_by: String,
}

pub fn run(app: &App, args: TicketPlanArgs) -> Result<Exit> {
    let id = store::parse_id(&args.id)?;
    let records = super::writer(app)?;
    let policy = super::policy(app)?;
    let now = time::now();
    let solution = match (&args.solution, &args.solution_file) {
        (Some(s), _) => s.clone(),
        (None, Some(f)) => crate::commands::read_text_file("--solution-file", f)?,
        (None, None) => String::new(),
    };
    let agreed_time = super::parse_time("--agreed-time", &args.agreed_time)?;
    let event = Event {
        at: now,
        by: store::actor(),
        kind: EventKind::Plan(AgreedPlan {
            solution: solution.trim().to_owned(),
            agreed_time,
            agreed_by: args.agreed_by.trim().to_owned(),
        }),
    };
    super::append_event(app, records, id, event, &policy, now)
}
