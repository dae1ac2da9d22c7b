//! `ops diary add`: one entry of an engineer's day.

use crate::app::App;
use crate::diary::DiaryEntry;
use crate::diary::record;
use crate::exit::Exit;
use crate::inventory::Inventory;
use crate::ticket::TicketLink;
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

/// Record what an engineer did on a day (the engineering diary, 工程日记)
///
/// Each entry is its own file in the records repository, committed with a
/// `linked` event on every ticket it names, so `ticket show` lists the diary
/// entries of a job. Nothing is written when a ticket is unknown, a target is
/// not in the inventory, the day is in the future or the hours are not
/// between 0 and 24 (exit 78).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops diary add --work 'replaced PSU 2 on web01, array rebuilt' --ticket T-20261201-0001 \\\n    \
--target web01 --customer ACME --site 'Pudong DC' --hours 3.5\n  \
ops diary add --engineer 李娜 --day 2026-11-30 --work-file today.txt"
)]
pub struct DiaryAddArgs {
    /// What was done (any language) [required unless --work-file]
    #[arg(long, value_name = "TEXT", conflicts_with = "work_file")]
    pub work: Option<String>,

    /// Read what was done from this file (`-` for standard input)
    #[arg(long, value_name = "FILE")]
    pub work_file: Option<PathBuf>,

    /// Who did the work [default: the login running ops]
    #[arg(long, value_name = "NAME")]
    pub engineer: Option<String>,

    /// The day worked, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DAY")]
    pub day: Option<String>,

    /// Hours worked that day on this (0 to 24; e.g. 3.5)
    #[arg(long, value_name = "HOURS")]
    pub hours: Option<f64>,

    #[arg(long, value_name = "NAME")]
    /// The customer worked for
    pub customer: Option<String>,

    /// The site (machine room, office) worked at
    #[arg(long, value_name = "NAME")]
    pub site: Option<String>,

    /// A ticket worked on (repeatable); linked both ways
    #[arg(long = "ticket", value_name = "ID")]
    pub tickets: Vec<String>,

    /// An inventory name worked on (repeatable)
    #[arg(long = "target", value_name = "NAME")]
    pub targets: Vec<String>,
}

pub fn run(app: &App, args: DiaryAddArgs) -> Result<Exit> {
    let records = app.records().ok_or_else(|| {
        crate::bad_input!("no records repository; the diary lives in one (ops init)")
    })?;
    let recorder = app.recorder().ok_or_else(|| {
        crate::usage_error!("a diary entry is a record; it cannot be added with --no-record")
    })?;

    let work = match (&args.work, &args.work_file) {
        (Some(text), _) => text.clone(),
        (None, Some(file)) => crate::commands::read_text_file("--work-file", file)?,
        (None, None) => {
            return Err(crate::usage_error!(
                "a diary entry needs what was done: pass --work TEXT or --work-file FILE"
            ));
        }
    };
    let work = work.trim().to_owned();
    if work.is_empty() {
        return Err(crate::bad_input!(
            "the work done is empty; say what was done"
        ));
    }
    let engineer = args
        .engineer
        .map(|e| e.trim().to_owned())
        .unwrap_or_else(crate::login::login_name);
    if engineer.is_empty() {
        return Err(crate::bad_input!("--engineer is empty"));
    }
    let today = super::today();
    let day = match args.day.as_deref() {
        Some(text) => super::parse_day("--day", text)?,
        None => today,
    };
    if day > today {
        return Err(crate::bad_input!(
            "--day {day} is in the future (today is {today}); the diary records days worked"
        ));
    }
    if let Some(h) = args.hours
        && !(h > 0.0 && h <= 24.0)
    {
        return Err(crate::bad_input!("--hours {h} is not between 0 and 24"));
    }
    let inventory = app.inventory()?;
    for target in &args.targets {
        check_target(&inventory, target)?;
    }
    // Every ticket is checked before anything is written.
    let mut links = Vec::new();
    for t in &args.tickets {
        let link = TicketLink::check(Some(recorder), Some(t))?.expect("a ticket was given");
        if !links.contains(&link) {
            links.push(link);
        }
    }

    let entry = DiaryEntry {
        schema: record::SCHEMA,
        engineer,
        day,
        customer: non_empty(args.customer),
        site: non_empty(args.site),
        hours: args.hours,
        work,
        tickets: links.iter().map(|l| l.id().to_string()).collect(),
        targets: args.targets,
        recorded: crate::clock::now(),
        recorded_by: crate::login::login_name(),
    };
    let (path, commit) = record::save(records, &entry, &links)?;
    if app.printer.json() {
        app.printer.data_json(&serde_json::json!({
            "path": path,
            "commit": commit,
            "entry": entry,
        }))?;
    } else {
        app.printer.data(&format!("{}\n", path.display()));
    }
    crate::commands::recorded(
        app,
        &format!("diary: {} on {}", entry.engineer, entry.day),
        commit.as_deref(),
    );
    Ok(Exit::Ok)
}

/// A target must be an inventory entry when there is an inventory: a typo
/// would otherwise hide the entry from anyone looking for that host.
fn check_target(inventory: &Inventory, target: &str) -> Result<()> {
    let mut names = inventory.entry_names().peekable();
    if names.peek().is_none() || names.any(|n| n == target) {
        return Ok(());
    }
    let hint = inventory
        .nearest(target)
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default();
    Err(crate::bad_input!(
        "--target {target}: not an entry of the inventory{hint}"
    ))
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}
