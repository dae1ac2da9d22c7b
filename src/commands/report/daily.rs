//! `ops report daily`.

use super::CommonArgs;
use crate::report::Period;
use anyhow::Result;
use chrono::{DateTime, Utc};
use clap::Args;

/// Write the daily report: inspections, new and cleared findings, open and overdue tickets, backups
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops report daily                    yesterday (UTC)\n  \
ops report daily --date 2026-11-21\n  ops report daily --format json"
)]
pub struct ReportDailyArgs {
    /// The day (UTC) [default: yesterday]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,

    #[command(flatten)]
    pub common: CommonArgs,
}

impl ReportDailyArgs {
    pub fn period(&self, now: DateTime<Utc>) -> Result<Period> {
        self.date
            .as_deref()
            .map_or(Ok(Period::last_day(now)), Period::parse_day)
    }
}
