//! `ops backup`: prove backups good (`verify`) and take the pre-change
//! backup (`take`). Device configurations (`take net`) join this group later.

pub mod take;
pub mod verify;

use crate::app::App;
use crate::backup::BackupConfig;
use crate::check::{Finding, Status};
use crate::exit::Exit;
use crate::printer::sanitize;
use anyhow::Result;
use clap::Subcommand;
use comfy_table::{Cell, Color, Table, presets};

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    Verify(verify::BackupVerifyArgs),
    Take(take::BackupTakeArgs),
}

pub fn run(app: &App, cmd: BackupCommand) -> Result<Exit> {
    match cmd {
        BackupCommand::Verify(args) => verify::run(app, args),
        BackupCommand::Take(args) => take::run(app, args),
    }
}

/// `[backup]` from ops.toml, checked (errors name the file and line).
pub fn config(app: &App) -> Result<BackupConfig> {
    BackupConfig::from_config(app.config())
}

fn status_cell(status: Status, color: bool) -> Cell {
    let cell = Cell::new(status.as_str());
    if !color {
        return cell;
    }
    match status {
        Status::Ok => cell.fg(Color::Green),
        Status::Warn => cell.fg(Color::Yellow),
        Status::Crit => cell.fg(Color::Red),
        Status::Unknown => cell.fg(Color::Magenta),
        Status::Skip => cell.fg(Color::DarkGrey),
    }
}

/// Findings as a table: the problems (or, with `all`, every finding).
pub fn findings_table(findings: &[Finding], all: bool, color: bool) -> String {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING);
    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
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
