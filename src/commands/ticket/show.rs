//! `ops ticket show ID`: one ticket, its SLA clocks and its log.

use crate::app::App;
use crate::exit::Exit;
use crate::ticket::{store, time};
use anyhow::Result;
use clap::Args;

/// Show a ticket: the request, its SLA clocks and everything that happened to it
///
/// `--lang zh-CN` shows it in Chinese, in the words of the customer's
/// procedures; `--format json` is the same in every language.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  ops ticket show T-20261122-0001\n  \
ops ticket show T-20261122-0001 --lang zh-CN")]
pub struct TicketShowArgs {
    /// Ticket id, e.g. T-20261122-0001
    pub id: String,

    #[command(flatten)]
    pub lang: crate::commands::lang::LangArg,
}

pub fn run(app: &App, args: TicketShowArgs) -> Result<Exit> {
    let id = store::parse_id(&args.id)?;
    let lang = args.lang.resolve(app)?;
    let records = super::reader(app)?;
    let policy = super::policy(app)?;
    let (ticket, _) = store::read(records.root(), id)?;
    super::print_ticket(app, &ticket, &policy, time::now(), lang)?;
    Ok(Exit::Ok)
}
