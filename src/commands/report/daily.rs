//! `ops report daily`.

use super::CommonArgs;
use crate::report::Period;
use anyhow::Result;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::Args;

/// Write the daily report: inspections, new and cleared findings, open and overdue tickets, backups
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops report daily                    today so far (the morning cron report holds the morning inspection)\n  \
ops report daily --day 2026-11-21   a whole day\n  ops report daily --format json\n\n\
Days are those of [report] timezone in ops.toml (an IANA name such as Asia/Shanghai), else of this machine's zone."
)]
pub struct ReportDailyArgs {
    /// The day, in the report's time zone [default: today so far]
    #[arg(long, visible_alias = "day", value_name = "YYYY-MM-DD")]
    pub date: Option<String>,

    #[command(flatten)]
    pub common: CommonArgs,
}

impl ReportDailyArgs {
    pub fn period(&self, now: DateTime<Utc>, zone: Tz) -> Result<Period> {
        match self.date.as_deref() {
            Some(d) => Period::parse_day(d, zone),
            None => Ok(Period::today(now, zone)),
        }
    }
}
