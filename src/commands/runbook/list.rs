//! `ops runbook list`: the runbooks `ops diagnose` can walk.

use crate::app::App;
use crate::commands::diagnose::runbook_dir;
use crate::exit::Exit;
use crate::printer::new_table;
use crate::runbook::Catalog;
use anyhow::Result;
use clap::Args;
use serde::Serialize;

/// List the runbooks: built-in ones and the records repository's runbooks/
///
/// A runbook in the records repository with a built-in's id replaces it.
/// Defective runbook files are named on stderr (see `ops runbook check`).
#[derive(Debug, Args)]
pub struct RunbookListArgs {}

/// One runbook in `--format json` (a list of these).
#[derive(Debug, Serialize)]
pub struct RunbookView {
    pub id: String,
    pub title: String,
    pub symptoms: Vec<String>,
    pub steps: usize,
    pub outcomes: usize,
    /// `built-in`, or the file in the records repository.
    pub source: String,
    pub overrides_builtin: bool,
}

pub fn run(app: &App, _args: RunbookListArgs) -> Result<Exit> {
    let catalog = Catalog::load(runbook_dir(app).as_deref())?;
    let views: Vec<RunbookView> = catalog
        .entries
        .iter()
        .map(|e| RunbookView {
            id: e.runbook.id.clone(),
            title: e.runbook.title.clone(),
            symptoms: e.runbook.symptoms.clone(),
            steps: e.runbook.steps.len(),
            outcomes: e.runbook.outcomes().len(),
            source: match &e.origin {
                crate::runbook::Origin::Builtin => "built-in".to_string(),
                crate::runbook::Origin::Repository { path, .. } => path.display().to_string(),
            },
            overrides_builtin: matches!(
                e.origin,
                crate::runbook::Origin::Repository {
                    overrides: true,
                    ..
                }
            ),
        })
        .collect();
    if app.printer.json() {
        app.printer.data_json(&views)?;
    } else {
        let mut t = new_table();
        t.set_header(["ID", "TITLE", "STEPS", "OUTCOMES", "SOURCE"]);
        for (v, e) in views.iter().zip(&catalog.entries) {
            t.add_row([
                v.id.clone(),
                v.title.clone(),
                v.steps.to_string(),
                v.outcomes.to_string(),
                e.origin.describe(),
            ]);
        }
        app.printer.data(&t.to_string());
    }
    for (file, _, defects) in &catalog.broken {
        app.printer.warn(&format!(
            "{file} is not usable ({} defect{}): see `ops runbook check`",
            defects.0.len(),
            if defects.0.len() == 1 { "" } else { "s" }
        ));
    }
    Ok(Exit::Ok)
}
