//! `ops change`: changes (变更) under a ticket, approved by a second person
//! and started only behind a verified backup. The domain lives in
//! [`crate::change`]; this module holds the flags and the presentation.

pub mod approve;
pub mod done;
pub mod list;
pub mod new;
pub mod show;
pub mod start;

use super::recorded;
use crate::app::App;
use crate::change::Change;
use crate::exit::Exit;
use crate::records::Records;
use crate::ticket::time::{display, rfc3339};
use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

/// Plan changes, approve them, and start them only behind a verified backup
///
/// A change is requested under a ticket with its cutover plan (割接方案), its
/// rollback, its window and its targets; someone other than the requester
/// approves it; `ops change start` refuses unless it is approved, inside its
/// window, and a backup taken and verified for it (`--change ID` on `ops
/// backup take` and `ops backup verify`) is younger than `[change]
/// backup_max_age` (default 24h); `ops change done` records the result and
/// the cutover report (割接报告).
#[derive(Debug, Subcommand)]
#[command(
    after_help = "Example:\n  id=$(ops change new --ticket T-20261120-0001 --summary 'upgrade nginx' --plan-file plan.txt \\\n    --rollback 'reinstall 1.24' --window-start 2026-11-21T22:00:00+08:00 --window-end 2026-11-22T02:00:00+08:00 --target web01)\n  \
ops change approve \"$id\"   # as the approver, from their own login\n  \
archive=$(ops backup take --change \"$id\" /etc/nginx) && ops backup verify --change \"$id\" \"$archive\"\n  \
ops change start \"$id\"\n  \
ops change done \"$id\" --result done --report 'nginx 1.26 running, checks green'"
)]
pub enum ChangeCommand {
    New(new::ChangeNewArgs),
    Approve(approve::ChangeApproveArgs),
    Start(start::ChangeStartArgs),
    Done(done::ChangeDoneArgs),
    Show(show::ChangeShowArgs),
    List(list::ChangeListArgs),
}

pub fn run(app: &App, cmd: ChangeCommand) -> Result<Exit> {
    match cmd {
        ChangeCommand::New(args) => new::run(app, args),
        ChangeCommand::Approve(args) => approve::run(app, args),
        ChangeCommand::Start(args) => start::run(app, args),
        ChangeCommand::Done(args) => done::run(app, args),
        ChangeCommand::Show(args) => show::run(app, args),
        ChangeCommand::List(args) => list::run(app, args),
    }
}

/// The records repository to read changes from.
fn reader(app: &App) -> Result<&Records> {
    app.records().ok_or_else(|| {
        crate::bad_input!(
            "no records repository; changes live in one: pass --records DIR, set OPS_RECORDS, \
             or run inside one made by `ops init`"
        )
    })
}

/// The records repository to write a change to.
fn writer(app: &App) -> Result<&Records> {
    let records = reader(app)?;
    app.recorder().ok_or_else(|| {
        crate::usage_error!("a change is a record; it cannot be made with --no-record")
    })?;
    Ok(records)
}

/// A text given inline or as a file (`--plan TEXT` / `--plan-file F`): one of
/// them, not empty.
fn text_or_file(
    flag: &str,
    text: Option<String>,
    file: Option<std::path::PathBuf>,
) -> Result<String> {
    let value = match (text, file) {
        (Some(_), Some(_)) => {
            return Err(crate::usage_error!(
                "give --{flag} or --{flag}-file, not both"
            ));
        }
        (Some(t), None) => t,
        // A missing or unreadable file is bad input: nothing is written.
        (None, Some(f)) => super::read_text_file(&format!("--{flag}-file"), &f)?,
        (None, None) => {
            return Err(crate::usage_error!(
                "--{flag} TEXT or --{flag}-file FILE is required"
            ));
        }
    };
    let value = value.trim_end().to_owned();
    if value.trim().is_empty() {
        return Err(crate::bad_input!("--{flag} is empty"));
    }
    Ok(value)
}

/// JSON view of a change (`--format json`), schema 1.
#[derive(Serialize)]
struct ChangeView<'a> {
    schema: u32,
    id: String,
    ticket: String,
    phase: &'static str,
    summary: &'a str,
    plan: &'a str,
    rollback: &'a str,
    window_start: String,
    window_end: String,
    targets: &'a [String],
    requester: &'a str,
    requester_login: Option<&'a str>,
    created: String,
    approved: Option<SignedView<'a>>,
    started: Option<StartedView<'a>>,
    done: Option<DoneView<'a>>,
}

#[derive(Serialize)]
struct SignedView<'a> {
    by: &'a str,
    login: Option<&'a str>,
    at: String,
}

#[derive(Serialize)]
struct StartedView<'a> {
    by: &'a str,
    at: String,
    take: String,
    verify: String,
}

#[derive(Serialize)]
struct DoneView<'a> {
    by: &'a str,
    at: String,
    result: &'static str,
    report: &'a str,
}

fn view(c: &Change) -> ChangeView<'_> {
    ChangeView {
        schema: 1,
        id: c.id.to_string(),
        ticket: c.ticket.to_string(),
        phase: c.phase().word(),
        summary: &c.summary,
        plan: &c.plan,
        rollback: &c.rollback,
        window_start: rfc3339(c.window.start),
        window_end: rfc3339(c.window.end),
        targets: &c.targets,
        requester: &c.requester,
        requester_login: c.requester_login.as_deref(),
        created: rfc3339(c.created),
        approved: c.approved.as_ref().map(|a| SignedView {
            by: &a.by,
            login: a.login.as_deref(),
            at: rfc3339(a.at),
        }),
        started: c.started.as_ref().map(|s| StartedView {
            by: &s.by,
            at: rfc3339(s.at),
            take: s.take.display().to_string(),
            verify: s.verify.display().to_string(),
        }),
        done: c.finished.as_ref().map(|f| DoneView {
            by: &f.by,
            at: rfc3339(f.at),
            result: f.outcome.word(),
            report: &f.report,
        }),
    }
}

/// A person, and the OS login behind them when that is another name.
fn person(name: &str, login: Option<&str>) -> String {
    match login {
        Some(login) if login != name => format!("{name} (login {login})"),
        _ => name.to_owned(),
    }
}

/// The `show` page: the change, its plan, rollback and cutover report.
fn page(c: &Change) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "{}  {}  ({})", c.id, c.summary, c.phase());
    let _ = writeln!(s, "ticket:     {}", c.ticket);
    let _ = writeln!(s, "targets:    {}", c.targets.join(", "));
    let _ = writeln!(
        s,
        "window:     {} – {}",
        display(c.window.start),
        display(c.window.end)
    );
    let _ = writeln!(
        s,
        "requested:  {} by {}",
        display(c.created),
        person(&c.requester, c.requester_login.as_deref())
    );
    if let Some(a) = &c.approved {
        let _ = writeln!(
            s,
            "approved:   {} by {}",
            display(a.at),
            person(&a.by, a.login.as_deref())
        );
    }
    if let Some(st) = &c.started {
        let _ = writeln!(s, "started:    {} by {}", display(st.at), st.by);
        let _ = writeln!(s, "  backup:   {}", st.take.display());
        let _ = writeln!(s, "  verified: {}", st.verify.display());
    }
    if let Some(f) = &c.finished {
        let _ = writeln!(
            s,
            "{:<11} {} by {}",
            format!("{}:", f.outcome),
            display(f.at),
            f.by
        );
    }
    let block = |s: &mut String, title: &str, text: &str| {
        let _ = writeln!(s, "\n{title}:");
        for line in text.lines() {
            let _ = writeln!(s, "  {line}");
        }
    };
    block(&mut s, "Plan (割接方案)", &c.plan);
    block(&mut s, "Rollback", &c.rollback);
    if let Some(f) = &c.finished {
        block(&mut s, "Cutover report (割接报告)", &f.report);
    }
    s.trim_end().to_owned()
}

/// Print one change: the JSON view, or the `show` page.
fn print_change(app: &App, c: &Change) -> Result<()> {
    if app.printer.json() {
        app.printer.data_json(&view(c))
    } else {
        app.printer.data(&page(c));
        Ok(())
    }
}
