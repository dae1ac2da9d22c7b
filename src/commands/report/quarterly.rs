//! `ops report quarterly`.

use super::CommonArgs;
use crate::report::Period;
use anyhow::Result;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::Args;

/// Write the quarterly maintenance report: availability, incidents, MTTR, SLA, Pareto of causes, plan
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops report quarterly                the last complete quarter\n  \
ops report quarterly --quarter 2026-Q4 --plan plan.md\n  ops report quarterly --format json"
)]
pub struct ReportQuarterlyArgs {
    /// The quarter [default: the last complete quarter]
    #[arg(long, value_name = "YYYY-Qn")]
    pub quarter: Option<String>,

    #[command(flatten)]
    pub common: CommonArgs,
}

impl ReportQuarterlyArgs {
    pub fn period(&self, now: DateTime<Utc>, zone: Tz) -> Result<Period> {
        match self.quarter.as_deref() {
            Some(q) => Period::parse_quarter(q, zone),
            None => Ok(Period::last_quarter(now, zone)),
        }
    }
}
