//! `ops report accounts`: the super-user account table of every host.

use crate::app::App;
use crate::exit::Exit;
use crate::printer::new_table;
use crate::report::accounts::{self, Confirmation, HostAccounts, Row};
use anyhow::Result;
use chrono::{DateTime, Local, Utc};
use clap::Args;

/// Print the super-user account table: uid-0 accounts, admin group members, sudoers rules, root's keys
///
/// The table comes from the host inspections (`ops inspect host` reads it on
/// every run): each privilege with the date of the inspection that first saw
/// it and who confirmed it, the ticket the inspection was linked to with
/// `--ticket`; then the privileges removed, with their dates. Key material
/// and password hashes are never collected; keys are shown by fingerprint.
///
/// A host inspected without root rights shows what its user could read and
/// names the files it could not (sudoers, root's authorized_keys).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops report accounts                 every inspected host\n  \
ops report accounts web01 db01\n  \
ops inspect host web01 --ticket 2026-0042   confirm a change: link the inspection that sees it\n  \
ops report accounts --format json"
)]
pub struct ReportAccountsArgs {
    /// Only these hosts (inventory names) [default: every host with inspection records]
    #[arg(value_name = "HOST")]
    pub hosts: Vec<String>,
}

pub fn run(app: &App, args: ReportAccountsArgs) -> Result<Exit> {
    let records = app.records().ok_or_else(|| {
        crate::bad_input!(
            "the account table is built from the inspection records: pass --records DIR, set \
             OPS_RECORDS, or run inside one made by `ops init`"
        )
    })?;
    let table = accounts::load(records.root(), &args.hosts);
    for s in &table.skipped {
        app.printer
            .warn(&format!("skipped record {}: {}", s.path, s.reason));
    }
    let missing: Vec<&String> = args
        .hosts
        .iter()
        .filter(|h| !table.hosts.iter().any(|t| &t.host == *h))
        .collect();
    for h in &missing {
        app.printer.warn(&format!(
            "{h}: no inspection record with an account table (run `ops inspect host {h}`)"
        ));
    }
    if app.printer.json() {
        app.printer.data_json(&table)?;
    } else if table.hosts.is_empty() {
        app.printer
            .status("no host inspection holds an account table yet (run `ops inspect host`)");
    } else {
        app.printer.data(&render(&table.hosts));
    }
    Ok(if table.skipped.is_empty() && missing.is_empty() {
        Exit::Ok
    } else {
        Exit::BadInput
    })
}

fn day(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d").to_string()
}

fn confirmed(c: &Option<Confirmation>) -> String {
    let Some(c) = c else { return "-".into() };
    let what = match &c.change {
        Some(change) => format!("change {change} (ticket {})", c.ticket),
        None => format!("ticket {}", c.ticket),
    };
    match (&c.by, &c.change) {
        (Some(by), Some(_)) => format!("{what}, approved by {by}"),
        (Some(by), None) => format!("{what} ({by})"),
        (None, _) => what,
    }
}

fn since(r: &Row) -> String {
    if r.baseline {
        format!("{} (first read)", day(r.since))
    } else {
        day(r.since)
    }
}

/// Host, privilege, where, since and who confirmed it: the columns both tables share.
fn added_cells(h: &HostAccounts, r: &Row) -> Vec<String> {
    vec![
        h.host.clone(),
        r.kind.to_string(),
        r.subject.clone(),
        r.place.clone(),
        since(r),
        confirmed(&r.added_by),
    ]
}

fn render(hosts: &[HostAccounts]) -> String {
    let mut t = new_table();
    t.set_header([
        "HOST",
        "KIND",
        "ACCOUNT / RULE / KEY",
        "WHERE",
        "SINCE",
        "CONFIRMED BY",
    ]);
    for h in hosts {
        for r in &h.current {
            t.add_row(added_cells(h, r));
        }
    }
    let mut out = t.to_string();
    let removed: Vec<(&HostAccounts, &Row)> = hosts
        .iter()
        .flat_map(|h| h.removed.iter().map(move |r| (h, r)))
        .collect();
    if !removed.is_empty() {
        let mut t = new_table();
        t.set_header([
            "HOST",
            "KIND",
            "ACCOUNT / RULE / KEY",
            "WHERE",
            "SINCE",
            "ADDED BY",
            "REMOVED",
            "REMOVED BY",
        ]);
        for (h, r) in removed {
            let mut cells = added_cells(h, r);
            cells.push(r.removed.map(day).unwrap_or_default());
            cells.push(confirmed(&r.removed_by));
            t.add_row(cells);
        }
        out.push_str("\n\nRemoved:\n");
        out.push_str(&t.to_string());
    }
    for h in hosts {
        if !h.unread.is_empty() {
            out.push_str(&format!(
                "\n{}: not readable by the inspecting user: {}",
                h.host,
                h.unread.join(", ")
            ));
        }
    }
    out
}
