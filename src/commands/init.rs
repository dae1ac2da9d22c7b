//! `ops init [DIR]`: create a records repository.

use crate::app::Settings;
use crate::exit::Exit;
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

/// Create a records repository (git) with a commented ops.toml and an example inventory
///
/// The repository holds every record ops writes: inspections, tickets,
/// backups verified, diagnoses and reports, one commit per change.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to create it in (may exist; if it already holds a records
    /// repository, that is said and nothing changes)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

const GITIGNORE: &str = "# temporary files of interrupted writers\n.*.tmp-*\n";

pub fn run(settings: &Settings, args: InitArgs) -> Result<Exit> {
    let printer = settings.printer();
    // Running init twice (a provisioning script, a habit) is not a mistake:
    // the repository is there, so say so and change nothing.
    if args.dir.join(crate::records::CONFIG_FILE).is_file() && args.dir.join(".git").exists() {
        let root = std::fs::canonicalize(&args.dir).unwrap_or_else(|_| args.dir.clone());
        printer.data(&root.display().to_string());
        printer.status(&format!(
            "records repository already exists at {}; nothing changed",
            root.display()
        ));
        return Ok(Exit::Ok);
    }
    let records = crate::records::init(
        &args.dir,
        &[
            (
                crate::records::CONFIG_FILE,
                include_str!("../../examples/ops.toml"),
            ),
            (
                crate::records::INVENTORY_FILE,
                include_str!("../../examples/inventory.toml"),
            ),
            (".gitignore", GITIGNORE),
        ],
    )?;
    printer.data(&records.root().display().to_string());
    printer.status(&format!(
        "created records repository at {}\nnext: edit inventory.toml, then run `ops inspect host` there",
        records.root().display()
    ));
    Ok(Exit::Ok)
}
