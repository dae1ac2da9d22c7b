//! `ops change new`: request a change under a ticket.

use crate::app::App;
use crate::change::Window;
use crate::change::store::{self, Draft};
use crate::exit::Exit;
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

/// Request a change: its cutover plan, rollback, window and targets, under a ticket
///
/// The acting user (the OS login, or OPS_USER) is the requester, who cannot
/// approve it. The change is committed to changes/<YYYY-MM>/<id>.toml and
/// linked from the ticket in the same commit; its id is printed (the whole
/// change with --format json). Text may be in any language (中文 included).
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ops change new --ticket T-20261120-0001 --summary '升级 nginx 到 1.26' \\\n    --plan-file plan.txt --rollback 'reinstall nginx 1.24' --target web01 \\\n    --window-start 2026-11-21T22:00:00+08:00 --window-end 2026-11-22T02:00:00+08:00"
)]
pub struct ChangeNewArgs {
    /// The ticket this change serves (it must exist)
    #[arg(long, value_name = "ID")]
    pub ticket: String,

    /// One line saying what the change does
    #[arg(long, value_name = "TEXT")]
    pub summary: String,

    /// The cutover plan (割接方案), step by step
    #[arg(long, value_name = "TEXT")]
    pub plan: Option<String>,

    /// Read the cutover plan from a file
    #[arg(long, value_name = "FILE", conflicts_with = "plan")]
    pub plan_file: Option<PathBuf>,

    /// How to put the targets back if it goes wrong
    #[arg(long, value_name = "TEXT")]
    pub rollback: Option<String>,

    /// Read the rollback from a file
    #[arg(long, value_name = "FILE", conflicts_with = "rollback")]
    pub rollback_file: Option<PathBuf>,

    /// When the change may start, RFC 3339 (2026-11-21T22:00:00+08:00)
    #[arg(long, value_name = "TIME")]
    pub window_start: String,

    /// When the window closes, RFC 3339; after the start
    #[arg(long, value_name = "TIME")]
    pub window_end: String,

    /// Host, device or inventory name the change touches (repeatable, or comma-separated)
    #[arg(long = "target", value_name = "NAME", required = true)]
    pub targets: Vec<String>,
}

fn time(flag: &str, text: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    crate::ticket::time::parse_time(text.trim()).map_err(|e| {
        crate::usage_error!(
            "{flag} {text:?} is not an RFC 3339 time like 2026-11-21T22:00:00+08:00 ({e})"
        )
    })
}

pub fn run(app: &App, args: ChangeNewArgs) -> Result<Exit> {
    let records = super::writer(app)?;
    let ticket = crate::ticket::store::parse_id(&args.ticket)?;
    let summary = args.summary.trim().to_owned();
    if summary.is_empty() {
        return Err(crate::bad_input!("--summary is empty"));
    }
    let plan = super::text_or_file("plan", args.plan, args.plan_file)?;
    let rollback = super::text_or_file("rollback", args.rollback, args.rollback_file)?;
    let window = Window::new(
        time("--window-start", &args.window_start)?,
        time("--window-end", &args.window_end)?,
    )
    .map_err(|e| crate::bad_input!("--window-end: {e}"))?;
    let targets: Vec<String> = crate::commands::target_names(&args.targets);
    if targets.is_empty() {
        return Err(crate::bad_input!("--target names no target"));
    }
    let draft = Draft {
        ticket,
        summary,
        plan,
        rollback,
        window,
        targets,
    };
    let now = crate::ticket::time::now();
    let written = store::create(records, draft, now, &crate::login::actor())?;
    let c = &written.change;
    if app.printer.json() {
        super::print_change(app, c)?;
    } else {
        app.printer.data(&c.id.to_string());
    }
    super::recorded(
        app,
        &format!(
            "requested {} under {}; it needs approval by someone other than {}",
            c.id, c.ticket, c.requester
        ),
        written.commit.as_deref(),
    );
    Ok(Exit::Ok)
}
