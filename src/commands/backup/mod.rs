//! `ops backup`: prove backups good (`verify`), take the pre-change backup
//! of paths (`take`), and save network devices' configurations (`net`).

pub mod net;
pub mod take;
pub mod verify;

use crate::app::App;
use crate::backup::BackupConfig;
use crate::check::{Finding, Status};
use crate::exit::Exit;
use crate::printer::{new_table, sanitize, status_cell};
use anyhow::Result;
use clap::Subcommand;
use comfy_table::Cell;

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    Verify(verify::BackupVerifyArgs),
    Take(take::BackupTakeArgs),
    Net(net::BackupNetArgs),
}

pub fn run(app: &App, cmd: BackupCommand) -> Result<Exit> {
    match cmd {
        BackupCommand::Verify(args) => verify::run(app, args),
        BackupCommand::Take(args) => take::run(app, args),
        BackupCommand::Net(args) => net::run(app, args),
    }
}

/// `[backup]` from ops.toml, checked (errors name the file and line).
pub fn config(app: &App) -> Result<BackupConfig> {
    BackupConfig::from_config(app.config())
}

/// Findings as a table: the problems (or, with `all`, every finding).
pub fn findings_table(findings: &[Finding], all: bool, color: bool) -> String {
    let mut t = new_table();
    t.set_header(["STATUS", "CHECK", "SUBJECT", "MESSAGE"]);
    for f in findings.iter().filter(|f| all || f.status > Status::Ok) {
        t.add_row(vec![
            status_cell(f.status, color),
            Cell::new(&f.check),
            Cell::new(sanitize(f.subject.as_deref().unwrap_or(""))),
            Cell::new(sanitize(&f.message)),
        ]);
    }
    t.to_string()
}
