//! `ops complete KIND` (hidden): the candidates a shell completion offers
//! that only the records repository knows, one a line. The bash script in
//! `completions/ops.bash` calls it for target, ticket and runbook arguments.
//!
//! It runs on every Tab press, so it reads as little as it can (file names for
//! tickets, the inventory and runbooks parsed, no git, no repair of an
//! interrupted write as other commands do) and never fails loudly: whatever
//! goes wrong, it prints what it has, nothing on stderr, and exits 0.

use crate::app::Settings;
use crate::exit::Exit;
use crate::inventory::Inventory;
use crate::printer::Printer;
use crate::records::{INVENTORY_FILE, Records};
use anyhow::Result;
use clap::{Args, ValueEnum};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Print completion candidates from the records repository (for the shell scripts)
#[derive(Debug, Args)]
pub struct CompleteArgs {
    /// What to list
    #[arg(value_enum)]
    pub kind: CompleteKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompleteKind {
    /// Host names and groups from the inventory, and `local`
    Hosts,
    /// Database names and groups
    Databases,
    /// Network device names and groups
    Devices,
    /// Every inventory name and group
    Targets,
    /// Group names only
    Groups,
    /// Ticket ids
    Tickets,
    /// Runbook ids (built-in and the repository's)
    Runbooks,
}

pub fn run(settings: &Settings, args: CompleteArgs) -> Result<Exit> {
    let printer = Printer::new(
        settings.format,
        true,
        false,
        crate::printer::ColorChoice::Never,
    );
    let root = Records::locate(settings.records.as_deref())
        .ok()
        .flatten()
        .map(|r| r.root().to_path_buf());
    let words = candidates(args.kind, root.as_deref(), settings.inventory.as_deref());
    if !words.is_empty() {
        printer.data(&words.join("\n"));
    }
    Ok(Exit::Ok)
}

/// The candidates of `kind`, sorted, from the repository at `root` and the
/// inventory at `inventory` (default: the repository's).
pub fn candidates(
    kind: CompleteKind,
    root: Option<&Path>,
    inventory: Option<&Path>,
) -> Vec<String> {
    match kind {
        CompleteKind::Tickets => root.map(ticket_ids).unwrap_or_default(),
        CompleteKind::Runbooks => runbook_ids(root),
        _ => {
            let path: Option<PathBuf> = inventory
                .map(Path::to_path_buf)
                .or_else(|| root.map(|r| r.join(INVENTORY_FILE)));
            let inv = path
                .filter(|p| p.is_file())
                .and_then(|p| Inventory::load(&p).ok())
                .unwrap_or_default();
            inventory_words(kind, &inv)
        }
    }
}

fn inventory_words(kind: CompleteKind, inv: &Inventory) -> Vec<String> {
    let mut words = BTreeSet::new();
    let hosts = || inv.hosts.iter().map(|h| h.name.get_ref().clone());
    let devices = || inv.devices.iter().map(|d| d.name.get_ref().clone());
    let databases = || inv.databases.iter().map(|d| d.name.get_ref().clone());
    match kind {
        CompleteKind::Hosts => {
            words.extend(hosts());
            words.insert("local".to_string());
        }
        CompleteKind::Devices => words.extend(devices()),
        CompleteKind::Databases => words.extend(databases()),
        CompleteKind::Targets => {
            words.extend(hosts().chain(devices()).chain(databases()));
            words.insert("local".to_string());
        }
        _ => {}
    }
    words.extend(inv.group_names().into_iter().map(str::to_string));
    if kind != CompleteKind::Groups && !inv.is_empty() {
        words.insert("all".to_string());
    }
    words.into_iter().collect()
}

/// Ticket ids from the file names under `tickets/<month>/`, oldest first;
/// nothing is parsed.
fn ticket_ids(root: &Path) -> Vec<String> {
    let base = root.join(crate::ticket::TICKETS_DIR);
    let mut ids = Vec::new();
    for month in crate::records::layout::sorted_names(&base) {
        for name in crate::records::layout::sorted_names(&base.join(&month)) {
            if let Some(id) = name
                .strip_suffix(".toml")
                .filter(|_| !name.starts_with('.'))
            {
                ids.push(id.to_string());
            }
        }
    }
    ids
}

fn runbook_ids(root: Option<&Path>) -> Vec<String> {
    let dir = root.map(|r| r.join("runbooks"));
    let catalog =
        crate::runbook::Catalog::load(dir.as_deref().filter(|d| d.is_dir())).unwrap_or_default();
    let mut ids: Vec<String> = catalog
        .entries
        .iter()
        .map(|e| e.runbook.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}
