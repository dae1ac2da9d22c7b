//! `ops runbook show ID`: a runbook as a readable tree or a Mermaid flowchart.

use crate::app::App;
use crate::commands::diagnose::runbook_dir;
use crate::exit::Exit;
use crate::runbook::{Catalog, mermaid, parse_file, to_json, tree};
use anyhow::Result;
use clap::Args;
use std::path::Path;

/// Print a runbook as a tree of its steps, or as a Mermaid flowchart
///
/// `--format json` prints the runbook's steps and branches as JSON, with the
/// Chinese texts (`text_zh`, …) beside the English ones. `--lang zh-CN`
/// shows the tree or the flowchart in Chinese (English where a text has no
/// translation).
/// Each step shows its id (what --answer STEP=CHOICE names), its kind and its
/// text; each branch shows the choice (or ok/fail) that leads to it. A step
/// reached by several branches is printed once and referred to after that.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  ops runbook show no-power\n  \
ops runbook show no-network --mermaid > no-network.mmd\n  \
ops runbook show no-power --lang zh-CN")]
pub struct RunbookShowArgs {
    /// Runbook id, or a runbook file
    #[arg(value_name = "ID")]
    pub id: String,

    /// Print a Mermaid flowchart (for Markdown documents) instead of the tree
    #[arg(long)]
    pub mermaid: bool,

    #[command(flatten)]
    pub lang: crate::commands::lang::LangArg,
}

pub fn run(app: &App, args: RunbookShowArgs) -> Result<Exit> {
    let lang = args.lang.resolve(app)?;
    let runbook = if args.id.ends_with(".toml") || args.id.contains('/') {
        parse_file(Path::new(&args.id))?.map_err(|d| d.into_error())?
    } else {
        let catalog = Catalog::load(runbook_dir(app).as_deref())?;
        catalog.find(&args.id)?.runbook.clone()
    };
    if args.mermaid {
        app.printer.data(&mermaid(&runbook, lang));
    } else if app.printer.json() {
        app.printer.data_json(&to_json(&runbook))?;
    } else {
        app.printer.data(&tree(&runbook, lang));
    }
    Ok(Exit::Ok)
}
