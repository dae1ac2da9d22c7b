//! `ops change list`: every change, oldest first.

use crate::app::App;
use crate::change::store;
use crate::exit::Exit;
use crate::ticket::time::display;
use anyhow::Result;
use clap::Args;

/// List changes: id, ticket, phase, window, targets and summary
#[derive(Debug, Args)]
pub struct ChangeListArgs {
    /// Only the changes of this ticket
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,
}

pub fn run(app: &App, args: ChangeListArgs) -> Result<Exit> {
    let records = super::reader(app)?;
    let ticket = args
        .ticket
        .as_deref()
        .map(crate::ticket::store::parse_id)
        .transpose()?;
    let (mut changes, damaged) = store::load_all(records.root());
    for (path, why) in &damaged {
        app.printer.warn(&format!(
            "skipping damaged change {}: {why}",
            path.display()
        ));
    }
    changes.retain(|c| ticket.is_none_or(|t| c.ticket == t));
    if app.printer.json() {
        let views: Vec<_> = changes.iter().map(super::view).collect();
        return app.printer.data_json(&views).map(|_| Exit::Ok);
    }
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::NOTHING);
    table.set_header([
        "ID",
        "TICKET",
        "PHASE",
        "WINDOW START",
        "TARGETS",
        "SUMMARY",
    ]);
    for c in &changes {
        table.add_row([
            c.id.to_string(),
            c.ticket.to_string(),
            c.phase().to_string(),
            display(c.window.start),
            c.targets.join(","),
            c.summary.clone(),
        ]);
    }
    if changes.is_empty() {
        app.printer.status("no changes");
    } else {
        app.printer.data(&table.to_string());
    }
    Ok(Exit::Ok)
}
