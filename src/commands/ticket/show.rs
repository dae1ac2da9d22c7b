//! `ops ticket show ID`: one ticket, its SLA clocks and its log.

use crate::app::App;
use crate::exit::Exit;
use crate::ticket::{store, time};
use anyhow::Result;
use clap::Args;

/// Show a ticket: the request, its SLA clocks and everything that happened to it
#[derive(Debug, Args)]
pub struct TicketShowArgs {
    /// Ticket id, e.g. T-20261122-0001
    pub id: String,
}

pub fn run(app: &App, args: TicketShowArgs) -> Result<Exit> {
    let id = store::parse_id(&args.id)?;
    let records = super::reader(app)?;
    let policy = super::policy(app)?;
    let (ticket, _) = store::read(records.root(), id)?;
    super::print_ticket(app, &ticket, &policy, time::now())?;
    Ok(Exit::Ok)
}
