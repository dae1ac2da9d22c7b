//! `ops change done`: the result and the cutover report.

use crate::app::App;
use crate::change::model::Finished;
use crate::change::{Outcome, store};
use crate::exit::Exit;
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

/// Finish a started change: done or rolled back, with the cutover report (割接报告)
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ops change done C-20261120-0001 --result rolled-back --report-file report.txt"
)]
pub struct ChangeDoneArgs {
    /// Change id, e.g. C-20261120-0001
    pub id: String,

    /// How it ended: done (the plan was carried out) or rolled-back
    #[arg(long, value_name = "RESULT")]
    pub result: Outcome,

    /// The cutover report: what was done, what was seen, what is left
    #[arg(long, value_name = "TEXT")]
    pub report: Option<String>,

    /// Read the cutover report from a file
    #[arg(long, value_name = "FILE", conflicts_with = "report")]
    pub report_file: Option<PathBuf>,
}

pub fn run(app: &App, args: ChangeDoneArgs) -> Result<Exit> {
    let records = super::writer(app)?;
    let id = store::parse_id(&args.id)?;
    let report = super::text_or_file("report", args.report, args.report_file)?;
    let by = crate::login::login_name();
    let now = crate::ticket::time::now();
    let outcome = args.result;
    let written = store::step(records, id, |_, mut c| {
        c.check_finish().map_err(|why| crate::bad_input!("{why}"))?;
        c.finished = Some(Finished {
            by: by.clone(),
            at: now,
            outcome,
            report,
        });
        Ok((c, format!("{outcome} (by {by})")))
    })?;
    if app.printer.json() {
        super::print_change(app, &written.change)?;
    }
    super::recorded(app, &format!("{id} {outcome}"), written.commit.as_deref());
    Ok(Exit::Ok)
}
