//! `ops runbook list`: the runbooks `ops diagnose` can walk.

use crate::app::App;
use crate::commands::diagnose::runbook_dir;
use crate::exit::Exit;
use crate::i18n::{self, Value};
use crate::printer::new_table;
use crate::runbook::{Catalog, Origin};
use anyhow::Result;
use clap::Args;
use serde::Serialize;

/// List the runbooks: built-in ones and the records repository's runbooks/
///
/// A runbook in the records repository with a built-in's id replaces it.
/// Defective runbook files are named on stderr (see `ops runbook check`).
/// `--lang zh-CN` shows the titles in Chinese; `--format json` is the same
/// in every language.
#[derive(Debug, Args)]
pub struct RunbookListArgs {
    #[command(flatten)]
    pub lang: crate::commands::lang::LangArg,
}

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

pub fn run(app: &App, args: RunbookListArgs) -> Result<Exit> {
    let lang = args.lang.resolve(app)?;
    let t = |id: &str| i18n::tr(lang, id);
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
                Origin::Builtin => "built-in".to_string(),
                Origin::Repository { path, .. } => path.display().to_string(),
            },
            overrides_builtin: matches!(
                e.origin,
                Origin::Repository {
                    overrides: true,
                    ..
                }
            ),
        })
        .collect();
    if app.printer.json() {
        app.printer.data_json(&views)?;
    } else {
        let mut table = new_table();
        table.set_header(
            [
                "runbook-list-col-id",
                "runbook-list-col-title",
                "runbook-list-col-steps",
                "runbook-list-col-outcomes",
                "runbook-list-col-source",
            ]
            .map(t),
        );
        for (v, e) in views.iter().zip(&catalog.entries) {
            let source = match &e.origin {
                Origin::Builtin => t("runbook-builtin"),
                Origin::Repository {
                    path,
                    overrides: true,
                } => i18n::tr_args(
                    lang,
                    "runbook-overrides",
                    &[("path", Value::from(path.display().to_string()))],
                ),
                Origin::Repository { path, .. } => path.display().to_string(),
            };
            table.add_row([
                v.id.clone(),
                e.runbook.in_lang(lang).title,
                v.steps.to_string(),
                v.outcomes.to_string(),
                source,
            ]);
        }
        app.printer.data(&table.to_string());
    }
    for (file, _, defects) in &catalog.broken {
        app.printer.warn(&i18n::tr_args(
            lang,
            "runbook-not-usable",
            &[
                ("file", Value::from(file.as_str())),
                ("n", Value::from(defects.0.len())),
            ],
        ));
    }
    Ok(Exit::Ok)
}
