//! `ops ticket visit ID`: an engineer's visit on site.

use crate::app::App;
use crate::exit::Exit;
use crate::ticket::{Event, EventKind, Visit, store, time};
use anyhow::Result;
use clap::Args;

/// Record an on-site visit: when the engineer arrived (and left), who, and what was done
///
/// The first arrival stops the on-site clock (`[sla] onsite` in ops.toml, per
/// severity): met when in time, missed when late.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ops ticket visit T-20261122-0001 --arrived 2026-11-22T10:40:00+08:00 \\\n    \
--departed 2026-11-22T12:10:00+08:00 --engineer 'Wang Fang' --summary '更换电源模块 PSU 2'"
)]
pub struct TicketVisitArgs {
    /// Ticket id, e.g. T-20261122-0001
    pub id: String,
    /// When the engineer arrived on site, RFC 3339
    #[arg(long, value_name = "TIME")]
    pub arrived: String,
    /// When the engineer left, RFC 3339
    #[arg(long, value_name = "TIME")]
    pub departed: Option<String>,
    /// The engineer who went
    #[arg(long, value_name = "NAME")]
    pub engineer: String,
    /// What was done on site
    #[arg(long, value_name = "TEXT")]
    pub summary: String,
}

pub fn run(app: &App, args: TicketVisitArgs) -> Result<Exit> {
    let id = store::parse_id(&args.id)?;
    let records = super::writer(app)?;
    let policy = super::policy(app)?;
    let now = time::now();
    let arrived = super::parse_time("--arrived", &args.arrived)?;
    if arrived > now {
        return Err(crate::bad_input!(
            "--arrived {} is in the future",
            args.arrived
        ));
    }
    let departed = match &args.departed {
        Some(d) => Some(super::parse_time("--departed", d)?),
        None => None,
    };
    let event = Event {
        at: arrived,
        by: store::actor(),
        kind: EventKind::Visit(Visit {
            departed,
            engineer: args.engineer.trim().to_owned(),
            summary: args.summary.trim().to_owned(),
        }),
    };
    super::append_event(app, records, id, event, &policy, now)
}
