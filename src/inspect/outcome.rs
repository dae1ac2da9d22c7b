//! What an inspection run produces, whatever it inspected: one result per
//! target, recorded as one file per target in one commit, printed as a table
//! or JSON (or in a monitoring format, by `commands::format`, which also
//! writes `--textfile`), and turned into the run's exit status.

use crate::app::App;
use crate::check::{Finding, Status};
use crate::exit::Exit;
use crate::printer::sanitize;
use crate::records::layout;
use crate::ticket::TicketLink;
use anyhow::Result;
use chrono::{DateTime, Utc};
use comfy_table::{Cell, Color, Table, presets};
use serde::{Deserialize, Serialize};
use std::time::Duration;

pub const SCHEMA: u32 = 1;

/// One target's inspection.
#[derive(Debug, Clone)]
pub struct TargetResult {
    pub target: String,
    /// How it was reached (`local`, `ops@10.0.0.1:22`).
    pub address: String,
    pub started: DateTime<Utc>,
    pub duration: Duration,
    pub findings: Vec<Finding>,
    /// Figures kept for reports (kind-specific).
    pub metrics: serde_json::Value,
    /// Why the target could not be inspected at all.
    pub error: Option<String>,
}

impl TargetResult {
    /// A target that could not be inspected: one `unknown` finding with the reason.
    pub fn failed(
        target: &str,
        address: &str,
        started: DateTime<Utc>,
        duration: Duration,
        reason: String,
    ) -> TargetResult {
        TargetResult {
            target: target.into(),
            address: address.into(),
            started,
            duration,
            findings: vec![Finding::unknown("reach", reason.clone())],
            metrics: serde_json::Value::Null,
            error: Some(reason),
        }
    }

    pub fn status(&self) -> Status {
        Status::worst(self.findings.iter().map(|f| f.status))
    }
}

/// The record of one target in one run, as stored in the repository.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InspectionRecord {
    pub schema: u32,
    pub kind: String,
    pub run: String,
    pub target: String,
    pub address: String,
    pub started: DateTime<Utc>,
    pub duration_ms: u64,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    pub findings: Vec<Finding>,
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub metrics: serde_json::Value,
}

impl InspectionRecord {
    fn new(kind: &str, run: &str, ticket: Option<&str>, r: &TargetResult) -> InspectionRecord {
        InspectionRecord {
            schema: SCHEMA,
            kind: kind.into(),
            run: run.into(),
            target: r.target.clone(),
            address: r.address.clone(),
            started: r.started,
            duration_ms: r.duration.as_millis() as u64,
            status: r.status(),
            error: r.error.clone(),
            ticket: ticket.map(str::to_string),
            findings: r.findings.clone(),
            metrics: r.metrics.clone(),
        }
    }
}

/// The newest record of a target, if there is one that can be read.
pub fn previous_record(app: &App, kind: &str, target: &str) -> Option<InspectionRecord> {
    let records = app.records()?;
    let path = layout::latest_inspection(records.root(), kind, target)?;
    let text = layout::read_record(&path).ok()?;
    match serde_json::from_str::<InspectionRecord>(&text) {
        Ok(r) if r.schema == SCHEMA => Some(r),
        _ => {
            app.printer.warn(&format!(
                "skipping unreadable previous record {}",
                path.display()
            ));
            None
        }
    }
}

#[derive(Debug, Default, Serialize)]
struct Counts {
    targets: usize,
    ok: usize,
    warn: usize,
    crit: usize,
    unknown: usize,
}

impl Counts {
    fn of(results: &[TargetResult]) -> Counts {
        let mut c = Counts {
            targets: results.len(),
            ..Counts::default()
        };
        for r in results {
            match r.status() {
                Status::Skip | Status::Ok => c.ok += 1,
                Status::Warn => c.warn += 1,
                Status::Crit => c.crit += 1,
                Status::Unknown => c.unknown += 1,
            }
        }
        c
    }

    /// `12 targets, 2 crit, 1 warn` (zero counts left out).
    fn sentence(&self) -> String {
        let mut s = format!(
            "{} target{}",
            self.targets,
            if self.targets == 1 { "" } else { "s" }
        );
        // Worst first, in the order that decides the exit status.
        for (n, word) in [
            (self.crit, "crit"),
            (self.unknown, "unknown"),
            (self.warn, "warn"),
        ] {
            if n > 0 {
                s.push_str(&format!(", {n} {word}"));
            }
        }
        if self.ok == self.targets {
            s.push_str(", all ok");
        }
        s
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
    let mut commit = None;
    if let Some(records) = app.recorder() {
        let ticket_id = ticket.map(|t| t.id().to_string());
        let message = match &ticket_id {
            Some(id) => format!("inspect {kind}: {} (ticket {id})", counts.sentence()),
            None => format!("inspect {kind}: {}", counts.sentence()),
        };
        let committed = records.transaction(|tx| {
            let mut paths = Vec::with_capacity(results.len());
            for r in results {
                let record = InspectionRecord::new(kind, &run, ticket_id.as_deref(), r);
                let mut bytes = serde_json::to_vec_pretty(&record)?;
                bytes.push(b'\n');
                let path = layout::inspection_path(kind, &r.target, &run, r.started);
                tx.write(&path, &bytes)?;
                paths.push(path);
            }
            // The ticket's side of the link lands in the same commit.
            if let Some(link) = ticket {
                link.record(tx, &paths)?;
            }
            Ok(((), message))
        })?;
        commit = committed.commit;
    }
    let textfile = app.printer.textfile.as_deref();
    let monitoring =
        crate::commands::format::inspection(app.printer.format, textfile, kind, started, results)?;
    if let Some(text) = monitoring {
        app.printer.data(&text);
    } else if app.printer.json() {
        let view = RunView {
            schema: SCHEMA,
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
    let textfile = app.printer.textfile.as_deref();
    let now = crate::clock::now();
    let monitoring =
        crate::commands::format::inspection(app.printer.format, textfile, kind, now, &[])?;
    if let Some(text) = monitoring {
        app.printer.data(&text);
    } else if app.printer.json() {
        let started = crate::clock::now();
        app.printer.data_json(&RunView {
            schema: SCHEMA,
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

fn status_cell(status: Status, color: bool) -> Cell {
    let cell = Cell::new(status.as_str());
    if !color {
        return cell;
    }
    match status {
        Status::Ok => cell.fg(Color::Green),
        Status::Warn => cell.fg(Color::Yellow),
        Status::Crit => cell.fg(Color::Red),
        Status::Unknown => cell.fg(Color::Magenta),
        Status::Skip => cell.fg(Color::DarkGrey),
    }
}

fn new_table() -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING);
    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    t
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
        let checked = r
            .findings
            .iter()
            .filter(|f| f.status != Status::Skip)
            .count();
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

    #[test]
    fn commit_message_counts_problems() {
        let mk = |s: Status| TargetResult {
            target: "t".into(),
            address: "local".into(),
            started: Utc::now(),
            duration: Duration::ZERO,
            findings: vec![Finding::new("x", s, "m")],
            metrics: serde_json::Value::Null,
            error: None,
        };
        let results: Vec<_> = [
            Status::Ok,
            Status::Crit,
            Status::Crit,
            Status::Warn,
            Status::Skip,
        ]
        .map(mk)
        .into();
        assert_eq!(Counts::of(&results).sentence(), "5 targets, 2 crit, 1 warn");
        assert_eq!(Counts::of(&results[..1]).sentence(), "1 target, all ok");
    }
}
