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

    /// Only this customer's part: the inspections, backups and changes of its inventory entries (`customer = "NAME"`) and its tickets; written under reports/<kind>/NAME/ [default: the whole fleet]
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,

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

/// The inventory entries and backup sets of customer `name`; refused when
/// neither an entry nor a ticket names that customer (a misspelt name would
/// otherwise give an empty report that looks like a quiet period).
fn customer_scope(app: &App, root: &Path, name: &str) -> Result<report::scope::Scope> {
    if let Some(why) = report::cover::customer_name_problem(name) {
        return Err(crate::usage_error!("--customer {name:?}: {why}"));
    }
    let inventory = app.inventory()?;
    let targets = inventory.entries_of(name);
    let has_tickets = targets.is_empty()
        && crate::ticket::store::load_all(root)
            .tickets
            .iter()
            .any(|t| t.customer == name);
    if targets.is_empty() && !has_tickets {
        let known: Vec<&str> = inventory.customers().into_iter().collect();
        return Err(crate::bad_input!(
            "no inventory entry and no ticket belongs to customer {name:?}; {}",
            if known.is_empty() {
                "no entry names a customer (set `customer = \"NAME\"` on inventory entries or [defaults])".to_string()
            } else {
                format!("the inventory's customers: {}", known.join(", "))
            }
        ));
    }
    let backup = crate::backup::BackupConfig::from_config(app.config())?;
    let backup_sets = backup
        .sets
        .iter()
        .filter(|s| {
            [&s.host, &s.db]
                .into_iter()
                .flatten()
                .any(|t| targets.contains(t.get_ref()))
        })
        .map(|s| s.name.clone())
        .collect();
    Ok(report::scope::Scope {
        customer: name.to_owned(),
        targets,
        backup_sets,
    })
}

fn produce(app: &App, period: Period, common: &CommonArgs) -> Result<Exit> {
    let records = app.records().ok_or_else(|| {
        crate::bad_input!(
            "reports are built from a records repository: pass --records DIR, set OPS_RECORDS, \
             or run inside one made by `ops init`"
        )
    })?;
    let policy = crate::commands::ticket::policy(app)?;
    let config = app.config().section::<ReportConfig>("report")?;
    let scope = match &common.customer {
        Some(name) => Some(customer_scope(app, records.root(), name)?),
        None => None,
    };
    let ctx = Context {
        policy: &policy,
        generated_at: crate::clock::now(),
        plan: plan(app, common.plan.as_deref())?,
        cover: config.cover(common.customer.as_deref()),
    };
    let report = report::make(records.root(), period, &ctx, scope.as_ref());
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
        let done = report::record::write(
            rec,
            period,
            common.customer.as_deref(),
            &md,
            &html,
            docx.as_deref(),
        )?;
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
