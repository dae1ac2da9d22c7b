//! How an inspection run is shown: the summary table (one row per target),
//! the detail tables of `-v`, the JSON view of `--format json` (schema 1),
//! the closing status line; and the run's end, recording it through
//! [`crate::inspect::record`] and turning it into the exit status.

use crate::app::App;
use crate::check::{Finding, Status};
use crate::exit::Exit;
use crate::inspect::host::manual::ManualSection;
use crate::inspect::outcome::{Counts, TargetResult};
use crate::inspect::record::{self, InspectionRecord};
use crate::printer::sanitize;
use crate::printer::{new_table, status_cell};
use crate::records::layout;
use crate::ticket::TicketLink;
use anyhow::Result;
use chrono::{DateTime, Utc};
use comfy_table::Cell;
use serde::Serialize;

/// The JSON view's schema (`--format json`), not the record's.
const VIEW_SCHEMA: u32 = 1;

/// The newest record of a target, for trends; a warning names one that
/// cannot be used.
pub fn previous_record(app: &App, kind: &str, target: &str) -> Option<InspectionRecord> {
    match record::previous(app.records()?, kind, target) {
        Ok(found) => found,
        Err(unreadable) => {
            app.printer.warn(&format!(
                "skipping unreadable previous record {}",
                unreadable.path.display()
            ));
            None
        }
    }
}

/// JSON view of a run (`--format json`), schema 1.
#[derive(Serialize)]
struct RunView<'a> {
    schema: u32,
    kind: &'a str,
    run: &'a str,
    status: Status,
    recorded: Option<&'a str>,
    summary: &'a Counts,
    targets: Vec<TargetView<'a>>,
}

#[derive(Serialize)]
struct TargetView<'a> {
    target: &'a str,
    address: &'a str,
    status: Status,
    duration_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    findings: &'a [Finding],
    #[serde(skip_serializing_if = "Option::is_none")]
    manual: Option<&'a ManualSection>,
}

/// Record the run (one file per target, one commit), print it, and return
/// the exit status of its worst target.
pub fn finish(
    app: &App,
    kind: &str,
    started: DateTime<Utc>,
    ticket: Option<&TicketLink>,
    results: &[TargetResult],
) -> Result<Exit> {
    let run = layout::run_id(started);
    let counts = Counts::of(results);
    let status = Status::worst(results.iter().map(|r| r.status()));
    let commit = match app.recorder() {
        Some(records) => record::write_run(records, kind, &run, ticket, results)?,
        None => None,
    };
    let textfile = app.printer.textfile.as_deref();
    let monitoring =
        crate::commands::format::inspection(app.printer.format, textfile, kind, started, results)?;
    if let Some(text) = monitoring {
        app.printer.data(&text);
    } else if app.printer.json() {
        let view = RunView {
            schema: VIEW_SCHEMA,
            kind,
            run: &run,
            status,
            recorded: commit.as_deref(),
            summary: &counts,
            targets: results
                .iter()
                .map(|r| TargetView {
                    target: &r.target,
                    address: &r.address,
                    status: r.status(),
                    duration_ms: r.duration.as_millis() as u64,
                    error: r.error.as_deref(),
                    findings: &r.findings,
                    manual: r.manual.as_ref(),
                })
                .collect(),
        };
        app.printer.data_json(&view)?;
    } else {
        app.printer
            .data(&summary_table(results, app.printer.color()));
        if app.printer.verbose {
            app.printer
                .data(&detail_tables(results, app.printer.color()));
        }
    }
    match &commit {
        Some(c) => app.printer.status(&format!(
            "inspect {kind}: {}; recorded in {}",
            counts.sentence(),
            &c[..12]
        )),
        None => {
            app.printer
                .status(&format!("inspect {kind}: {}", counts.sentence()));
            app.explain_not_recorded();
        }
    }
    Ok(Exit::from_status(status))
}

/// A run whose selection holds no target (an inventory without `[[db]]`, a
/// group without devices): nothing is wrong and nothing is recorded, exit 0,
/// so a daily cron line for a kind the site does not have stays quiet.
pub fn nothing_to_inspect(app: &App, kind: &str, why: &str) -> Result<Exit> {
    let started = crate::clock::now();
    let textfile = app.printer.textfile.as_deref();
    let monitoring =
        crate::commands::format::inspection(app.printer.format, textfile, kind, started, &[])?;
    if let Some(text) = monitoring {
        app.printer.data(&text);
    } else if app.printer.json() {
        app.printer.data_json(&RunView {
            schema: VIEW_SCHEMA,
            kind,
            run: &layout::run_id(started),
            status: Status::Ok,
            recorded: None,
            summary: &Counts::default(),
            targets: Vec::new(),
        })?;
    }
    app.printer
        .status(&format!("inspect {kind}: nothing to inspect ({why})"));
    Ok(Exit::Ok)
}

/// One row per target: its worst status and what is wrong.
fn summary_table(results: &[TargetResult], color: bool) -> String {
    let mut t = new_table();
    t.set_header(["TARGET", "STATUS", "TIME", "PROBLEMS"]);
    for r in results {
        let problems: Vec<String> = r
            .findings
            .iter()
            .filter(|f| f.status > Status::Ok)
            .map(|f| format!("{}: {}", f.label(), f.message))
            .collect();
        let checked = crate::commands::format::reported(&r.findings).count();
        let problems = if problems.is_empty() {
            format!("{checked} checks ok")
        } else {
            problems.join("; ")
        };
        t.add_row(vec![
            Cell::new(sanitize(&r.target)),
            status_cell(r.status(), color),
            Cell::new(format!("{:.1}s", r.duration.as_secs_f64())),
            Cell::new(sanitize(&problems)),
        ]);
    }
    t.to_string()
}

/// Every finding of every target (`-v`).
fn detail_tables(results: &[TargetResult], color: bool) -> String {
    let mut out = String::new();
    for r in results {
        out.push_str(&format!(
            "\n{} ({})\n",
            sanitize(&r.target),
            sanitize(&r.address)
        ));
        let mut t = new_table();
        t.set_header(["STATUS", "CHECK", "VALUE", "THRESHOLD", "MESSAGE"]);
        for f in &r.findings {
            let value = human_value(&f.value);
            t.add_row(vec![
                status_cell(f.status, color),
                Cell::new(f.label()),
                Cell::new(sanitize(&value)),
                Cell::new(f.threshold.clone().unwrap_or_default()),
                Cell::new(sanitize(&f.message)),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
    }
    out
}

/// A finding's value for the VALUE column: what a person reads, not JSON.
/// Numbers without a trailing `.0` and to two decimals at most, lists joined
/// with commas, records as `key=value` pairs (empty ones left out), yes/no
/// for booleans. `--format json` keeps the value as it is.
fn human_value(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            (_, _, Some(f)) => {
                let s = format!("{f:.2}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            }
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(human_value)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(fields) => fields
            .iter()
            .map(|(k, v)| (k, human_value(v)))
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_words_not_json() {
        use serde_json::json;
        assert_eq!(human_value(&json!(null)), "");
        assert_eq!(human_value(&json!(78.0)), "78");
        assert_eq!(human_value(&json!(7.4812)), "7.48");
        assert_eq!(human_value(&json!(62.5)), "62.5");
        assert_eq!(human_value(&json!(82)), "82");
        assert_eq!(human_value(&json!("no reply")), "no reply");
        assert_eq!(human_value(&json!(["127.0.0.1", "::1"])), "127.0.0.1, ::1");
        assert_eq!(
            human_value(&json!({"min_len": null, "pass_max_days": 99999})),
            "pass_max_days=99999"
        );
        assert_eq!(
            human_value(&json!({"carrier": true, "mtu": 1400, "addresses": ["10.0.0.1/24"]})),
            "addresses=10.0.0.1/24 carrier=yes mtu=1400"
        );
    }
}
