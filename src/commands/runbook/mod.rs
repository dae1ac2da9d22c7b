//! `ops runbook`: list, print and validate the TOML fault trees that
//! `ops diagnose` walks.

pub mod check;
pub mod list;
pub mod show;

use crate::app::App;
use crate::exit::Exit;
use anyhow::Result;
use clap::Subcommand;

/// List, print and validate runbooks (fault trees)
#[derive(Debug, Subcommand)]
pub enum RunbookCommand {
    List(list::RunbookListArgs),
    Show(show::RunbookShowArgs),
    Check(check::RunbookCheckArgs),
}

pub fn run(app: &App, cmd: RunbookCommand) -> Result<Exit> {
    match cmd {
        RunbookCommand::List(args) => list::run(app, args),
        RunbookCommand::Show(args) => show::run(app, args),
        RunbookCommand::Check(args) => check::run(app, args),
    }
}
