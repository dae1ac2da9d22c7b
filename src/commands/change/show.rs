//! `ops change show ID`: one change, its plan, rollback and cutover report.

use crate::app::App;
use crate::change::store;
use crate::exit::Exit;
use anyhow::Result;
use clap::Args;

/// Show a change: its window, who requested, approved and started it, its plan, rollback and report
#[derive(Debug, Args)]
pub struct ChangeShowArgs {
    /// Change id, e.g. C-20261120-0001
    pub id: String,
}

pub fn run(app: &App, args: ChangeShowArgs) -> Result<Exit> {
    let id = store::parse_id(&args.id)?;
    let records = super::reader(app)?;
    super::print_change(app, &store::read(records.root(), id)?)?;
    Ok(Exit::Ok)
}
