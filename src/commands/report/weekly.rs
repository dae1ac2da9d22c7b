//! `ops report weekly`.

use super::CommonArgs;
use crate::report::Period;
use anyhow::Result;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::Args;

/// Write the system weekly report: CPU, memory, disks, backups, findings, tickets, SLA, changes
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops report weekly                   the last complete ISO week\n  \
ops report weekly --week 2026-W47\n  ops report weekly --format json"
)]
pub struct ReportWeeklyArgs {
    /// The ISO week [default: the last complete week]
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,

    #[command(flatten)]
    pub common: CommonArgs,
}

impl ReportWeeklyArgs {
    pub fn period(&self, now: DateTime<Utc>, zone: Tz) -> Result<Period> {
        match self.week.as_deref() {
            Some(w) => Period::parse_week(w, zone),
            None => Ok(Period::last_week(now, zone)),
        }
    }
}
