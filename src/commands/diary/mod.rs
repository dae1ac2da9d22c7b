//! `ops diary`: the engineering diary (《工程日记》). The domain lives in
//! [`crate::diary`].

pub mod add;
pub mod show;

use crate::app::App;
use crate::exit::Exit;
use anyhow::Result;
use chrono::{Local, NaiveDate};
use clap::Subcommand;

/// Record and list engineers' days: the work done, for which customer,
/// tickets and targets
#[derive(Debug, Subcommand)]
pub enum DiaryCommand {
    Add(add::DiaryAddArgs),
    Show(show::DiaryShowArgs),
}

pub fn run(app: &App, cmd: DiaryCommand) -> Result<Exit> {
    match cmd {
        DiaryCommand::Add(args) => add::run(app, args),
        DiaryCommand::Show(args) => show::run(app, args),
    }
}

/// Today in the jump host's calendar (now pinned by `OPS_NOW`).
fn today() -> NaiveDate {
    crate::clock::now().with_timezone(&Local).date_naive()
}

/// A day given on the command line.
fn parse_day(flag: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| crate::usage_error!("{flag} {text:?} is not a day like 2026-12-01"))
}
