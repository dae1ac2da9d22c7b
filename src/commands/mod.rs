//! One module per command group; each leaf command is a file holding its
//! arguments and its `run`.

pub mod backup;
pub mod backup_net;
pub mod complete;
pub mod completions;
pub mod diagnose;
pub mod format;
pub mod init;
pub mod inspect;
pub mod parse;
pub mod report;
pub mod runbook;
pub mod ticket;

use crate::app::App;
use crate::cli::{Cli, Command};
use crate::exit::Exit;
use anyhow::Result;

pub fn dispatch(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Init(args) => init::run(&cli.global, args),
        Command::Completions(args) => completions::run(&cli.global, args),
        Command::Complete(args) => complete::run(&cli.global, args),
        Command::Inspect(cmd) => inspect::run(&App::new(&cli.global)?, cmd),
        Command::Backup(cmd) => backup::run(&App::new(&cli.global)?, cmd),
        Command::Diagnose(args) => diagnose::run(&App::new(&cli.global)?, args),
        Command::Parse(args) => parse::run(&cli.global, args),
        Command::Runbook(cmd) => runbook::run(&App::new(&cli.global)?, cmd),
        Command::Ticket(cmd) => ticket::run(&App::new(&cli.global)?, cmd),
        Command::Report(cmd) => report::run(&App::new(&cli.global)?, cmd),
    }
}
