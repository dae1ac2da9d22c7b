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
/// `--change ID`: the change must exist; its id for the records, and the
/// ticket to link (the change's, unless `--ticket` names the same one).
pub fn change_link(
    app: &App,
    change: Option<&str>,
    ticket: Option<String>,
) -> Result<(Option<String>, Option<String>)> {
    let Some(text) = change else {
        return Ok((None, ticket));
    };
    let id = crate::change::store::parse_id(text)?;
    let records = app.recorder().ok_or_else(|| {
        crate::usage_error!("--change {id} links this backup to the change, so it needs a records repository and cannot be used with --no-record")
    })?;
    let c = crate::change::store::read(records.root(), id)?;
    if let Some(t) = &ticket
        && crate::ticket::store::parse_id(t)? != c.ticket
    {
        return Err(crate::usage_error!(
            "--ticket {t} is not the ticket of {id} ({})",
            c.ticket
        ));
    }
    Ok((Some(id.to_string()), Some(c.ticket.to_string())))
}

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
