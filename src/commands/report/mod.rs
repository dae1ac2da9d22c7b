//! `ops report daily|weekly|quarterly`: maintenance reports from the records
//! (SPEC §6). The figures live in [`crate::report`]; this module picks the
//! period, has [`report::record`] write and commit `reports/<kind>/<period>.md`
//! and `.html` (and `.docx` with `--docx`), and prints the summary (or the
//! figures as JSON).

pub mod accounts;
pub mod daily;
pub mod parts;
pub mod quarterly;
pub mod weekly;

use crate::app::App;
use crate::exit::Exit;
use crate::report::{self, Context, Period, ReportConfig};
use anyhow::{Context as _, Result};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

/// Write maintenance reports (daily, weekly, quarterly), the account table and the parts report from the records
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    Daily(daily::ReportDailyArgs),
    Weekly(weekly::ReportWeeklyArgs),
    Quarterly(quarterly::ReportQuarterlyArgs),
    Accounts(accounts::ReportAccountsArgs),
    Parts(parts::ReportPartsArgs),
}

/// Flags every report takes.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The next-step plan, one item per line [default: `[report] plan` in ops.toml]
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,

    /// Also write reports/<kind>/<period>.docx, a Word document of the same report to edit and sign
    #[arg(long)]
    pub docx: bool,

    #[command(flatten)]
    pub lang: crate::commands::lang::LangArg,
}

pub fn run(app: &App, cmd: ReportCommand) -> Result<Exit> {
    let now = crate::clock::now();
    let zone =
        || -> Result<chrono_tz::Tz> { Ok(app.config().section::<ReportConfig>("report")?.zone()) };
    match cmd {
        ReportCommand::Daily(a) => produce(app, a.period(now, zone()?)?, &a.common),
        ReportCommand::Weekly(a) => produce(app, a.period(now, zone()?)?, &a.common),
        ReportCommand::Quarterly(a) => produce(app, a.period(now, zone()?)?, &a.common),
        ReportCommand::Accounts(a) => accounts::run(app, a),
        ReportCommand::Parts(a) => parts::run(app, a),
    }
}

fn plan(app: &App, file: Option<&Path>) -> Result<Vec<String>> {
    let text = match file {
        Some(p) => std::fs::read_to_string(p)
            .with_context(|| format!("failed to read the plan at: {}", p.display()))?,
        None => app
            .config()
            .section::<ReportConfig>("report")?
            .plan
            .unwrap_or_default(),
    };
    Ok(report::plan_items(&text))
}

fn produce(app: &App, period: Period, common: &CommonArgs) -> Result<Exit> {
    let records = app.records().ok_or_else(|| {
        crate::bad_input!(
            "reports are built from a records repository: pass --records DIR, set OPS_RECORDS, \
             or run inside one made by `ops init`"
        )
    })?;
    let policy = crate::commands::ticket::policy(app)?;
    let ctx = Context {
        policy: &policy,
        generated_at: crate::clock::now(),
        plan: plan(app, common.plan.as_deref())?,
    };
    let report = report::make(records.root(), period, &ctx);
    for s in &report.skipped {
        app.printer
            .warn(&format!("skipped record {}: {}", s.path, s.reason));
    }
    let lang = common.lang.resolve(app)?;
    let md = report::render::markdown(&report, lang);
    let html = report::render::html(&report, lang);
    let docx = if common.docx {
        Some(report::render::docx(&report, lang)?)
    } else {
        None
    };
    if let Some(rec) = app.recorder() {
        let done = report::record::write(rec, period, &md, &html, docx.as_deref())?;
        let paths = done
            .paths()
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>();
        let (last, rest) = paths.split_last().expect("two paths or more");
        let paths = format!("{} and {last}", rest.join(", "));
        match done.commit {
            Some(c) => app
                .printer
                .status(&format!("wrote {paths} (commit {})", &c[..c.len().min(10)])),
            None => app.printer.status(&format!("{paths} unchanged")),
        }
    } else {
        app.explain_not_recorded();
    }
    if app.printer.json() {
        app.printer.data_json(&report)?;
    } else {
        app.printer.data(&report::render::summary(&report, lang));
    }
    Ok(if report.skipped.is_empty() {
        Exit::Ok
    } else {
        Exit::BadInput
    })
}
