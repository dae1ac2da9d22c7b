//! `ops runbook check [FILE…]`: validate runbooks before anyone walks them.

use crate::app::App;
use crate::commands::diagnose::runbook_dir;
use crate::exit::Exit;
use crate::i18n::{self, Lang, Value};
use crate::runbook::{BUILTIN, Defect, parse, parse_file, runbook_files};
use anyhow::Result;
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;

/// Validate runbooks: structure, references, reachability, cycles, read-only checks
///
/// Reports, each with file:line:column: malformed TOML, unknown fields, unknown
/// next steps, duplicate step ids, steps unreachable from the first step,
/// cycles with no way out, steps from which no outcome can be reached, check
/// commands outside the allow-list of read-only programs, options and argument
/// shapes (one program, no shell syntax, no secret files; a step that needs
/// more says privileged = true), unknown probes and bad probe arguments.
/// Validation is linear in the number of steps and edges.
/// Without FILE: the built-in runbooks and those in the records repository's
/// runbooks/ directory.
///
/// When the language is zh-CN (--lang, `[report] language`, the locale), a
/// sound runbook whose texts lack their Chinese translation (text_zh,
/// label_zh, …) is named in a warning: walks in Chinese show those texts in
/// English. The built-in runbooks are whole in both languages.
///
/// Exit status: 0 when every runbook is sound, 78 when any has a defect.
#[derive(Debug, Args)]
pub struct RunbookCheckArgs {
    /// Runbook files to check [default: built-ins and the records repository's runbooks/]
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub lang: crate::commands::lang::LangArg,
}

/// One file in `--format json`.
#[derive(Debug, Serialize)]
pub struct CheckView {
    pub file: String,
    /// The runbook id, when the file is sound.
    pub id: Option<String>,
    pub ok: bool,
    pub defects: Vec<Defect>,
}

pub fn run(app: &App, args: RunbookCheckArgs) -> Result<Exit> {
    let lang = args.lang.resolve(app)?;
    let mut views = Vec::new();
    let mut untranslated = Vec::new();
    let mut record =
        |file: String, result: Result<crate::runbook::Runbook, crate::runbook::Defects>| {
            if let Ok(rb) = &result
                && lang == Lang::ZhCn
            {
                let missing = rb.untranslated();
                if let Some(first) = missing.first() {
                    untranslated.push(i18n::tr_args(
                        lang,
                        "runbook-untranslated",
                        &[
                            ("file", Value::from(file.clone())),
                            ("n", Value::from(missing.len())),
                            ("first", Value::from(first.clone())),
                        ],
                    ));
                }
            }
            views.push(match result {
                Ok(rb) => CheckView {
                    file,
                    id: Some(rb.id),
                    ok: true,
                    defects: Vec::new(),
                },
                Err(d) => CheckView {
                    file,
                    id: None,
                    ok: false,
                    defects: d.0,
                },
            });
        };
    if args.files.is_empty() {
        for (file, text) in BUILTIN {
            record(file.to_string(), parse(text, file));
        }
        if let Some(dir) = runbook_dir(app) {
            for path in runbook_files(&dir)? {
                record(path.display().to_string(), parse_file(&path)?);
            }
        }
    } else {
        for path in &args.files {
            record(path.display().to_string(), parse_file(path)?);
        }
    }

    for warning in &untranslated {
        app.printer.warn(warning);
    }
    let defects: usize = views.iter().map(|v| v.defects.len()).sum();
    let bad_files = views.iter().filter(|v| !v.ok).count();
    if app.printer.json() {
        app.printer.data_json(&views)?;
    } else {
        let mut lines = Vec::new();
        for v in &views {
            match &v.id {
                Some(id) => app.printer.status(&format!("ok    {} ({id})", v.file)),
                None => lines.extend(v.defects.iter().map(|d| d.to_string())),
            }
        }
        if !lines.is_empty() {
            app.printer.data(&lines.join("\n"));
        }
    }
    if defects > 0 {
        crate::printer::to_stderr(&format!(
            "error: {defects} defect{} in {bad_files} of {} runbook file{}",
            if defects == 1 { "" } else { "s" },
            views.len(),
            if views.len() == 1 { "" } else { "s" }
        ));
        Ok(Exit::BadInput)
    } else {
        app.printer.status(&format!(
            "{} runbook file{} checked, no defects",
            views.len(),
            if views.len() == 1 { "" } else { "s" }
        ));
        Ok(Exit::Ok)
    }
}
