//! `ops report parts`: the defective parts report (《缺坏件报告》).

use crate::app::App;
use crate::exit::Exit;
use crate::report::Period;
use crate::report::figures::parts;
use anyhow::Result;
use chrono::{DateTime, Utc};
use clap::Args;

/// Print the defective parts report: every part replaced in a period, counted by customer and kind
///
/// Parts are recorded on their tickets with `ops ticket part`. The report is
/// printed as Markdown (`--format json` for the figures); the quarterly
/// report holds the same section. A ticket file that cannot be read is named
/// and skipped, and the exit status is then 78.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops report parts                         this quarter so far\n  \
ops report parts --quarter 2026-Q3 --customer ACME\n  \
ops report parts --week 2026-W49 --format json"
)]
pub struct ReportPartsArgs {
    /// The quarter [default: this quarter, so far]
    #[arg(long, value_name = "YYYY-Qn", conflicts_with_all = ["week", "date"])]
    pub quarter: Option<String>,

    /// An ISO week instead of a quarter
    #[arg(long, value_name = "YYYY-Www", conflicts_with = "date")]
    pub week: Option<String>,

    /// One day instead of a quarter
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,

    /// Only this customer's tickets (the exact name)
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,

    #[command(flatten)]
    pub lang: crate::commands::lang::LangArg,
}

impl ReportPartsArgs {
    fn period(&self, now: DateTime<Utc>, zone: chrono_tz::Tz) -> Result<Period> {
        if let Some(q) = &self.quarter {
            return Period::parse_quarter(q, zone);
        }
        if let Some(w) = &self.week {
            return Period::parse_week(w, zone);
        }
        if let Some(d) = &self.date {
            return Period::parse_day(d, zone);
        }
        Ok(Period::this_quarter(now, zone))
    }
}

pub fn run(app: &App, args: ReportPartsArgs) -> Result<Exit> {
    let records = app.records().ok_or_else(|| {
        crate::bad_input!(
            "the parts report is built from the tickets: pass --records DIR, set OPS_RECORDS, \
             or run inside one made by `ops init`"
        )
    })?;
    let zone = app
        .config()
        .section::<crate::report::ReportConfig>("report")?
        .zone();
    let period = args.period(crate::clock::now(), zone)?;
    let mut listing = crate::ticket::store::load_all(records.root());
    for d in &listing.damaged {
        app.printer
            .warn(&format!("skipped damaged ticket file {d}"));
    }
    if let Some(customer) = &args.customer {
        listing.tickets.retain(|t| &t.customer == customer);
    }
    let figures = parts::parts(&listing.tickets, period.from(), period.to());
    if app.printer.json() {
        app.printer.data_json(&serde_json::json!({
            "period": period.to_string(),
            "from": period.from(),
            "to": period.to(),
            "customer": args.customer,
            "parts": figures,
        }))?;
    } else {
        app.printer.data(&crate::report::render::parts_markdown(
            &period.to_string(),
            &figures,
            args.lang.resolve(app)?,
        ));
    }
    Ok(if listing.damaged.is_empty() {
        Exit::Ok
    } else {
        Exit::BadInput
    })
}
