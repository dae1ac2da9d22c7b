//! `ops backup verify`: the daily proof that backups are good.

use crate::app::App;
use crate::backup::record::latest_verify_record;
use crate::backup::{self, Target, VerifyOptions, VerifyRecord};
use crate::check::{Finding, Status};
use crate::exit::Exit;
use crate::ticket::TicketLink;
use anyhow::Result;
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;

/// Prove backups present, fresh, kept, checksummed and readable to the end
///
/// Each SET from [[backup.set]] in ops.toml (default: all of them) is checked
/// against its policy: the newest backup is younger than max_age; retention
/// backups are kept; none is empty, under min_size, or much smaller than the
/// one before; each file matches its SHA-256 manifest (FILE.manifest.json from
/// `ops backup take`, FILE.sha256, or SHA256SUMS beside it); archives decode
/// to their last tar entry; pg_dump custom dumps are read whole by pg_restore;
/// plain pg_dump and mysqldump files end with their completion line. A
/// backup or manifest that every user may read (`o+r`) is a warning naming
/// the files and their modes.
///
/// A PATH (a file or directory) gets the same checks except age and retention;
/// it is recorded as a one-off verification, which reports list apart from
/// the sets.
/// Files are read once each, several at a time, one per core.
///
/// Exit status, worst first (crit > unknown > warn > ok): 2 some check is crit,
/// 3 something could not be checked (no manifest, unreadable file, missing
/// pg_restore) and nothing is crit, 1 worst is warn, 0 all ok.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops backup verify                      every set in ops.toml\n  \
ops backup verify app-db --sample 20   the newest backup and a rotating fifth of the rest\n  \
ops backup verify /var/backups/ops/etc-20261122T060000Z.tar.zst"
)]
pub struct BackupVerifyArgs {
    /// Set names from ops.toml, or paths of backup files or directories
    #[arg(value_name = "SET|PATH")]
    pub targets: Vec<String>,

    /// Read only the newest backup and this share of the others per run,
    /// continuing where the last run stopped, so successive runs cover them all
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub sample: Option<f64>,

    /// Files read at once [default: one per core]
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Link the records of this run to a ticket
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,

    /// Change whose backup this proves, for `ops change start` (links the
    /// change's ticket too)
    #[arg(long, value_name = "ID")]
    pub change: Option<String>,
}

fn parse_percent(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("`{s}` is not a percentage"))?;
    if v > 0.0 && v <= 100.0 {
        Ok(v)
    } else {
        Err(format!(
            "`{s}`: the sample must be more than 0 and at most 100 %"
        ))
    }
}

/// JSON view of a run (`--format json`), schema 1.
#[derive(Serialize)]
struct RunView<'a> {
    schema: u32,
    run: &'a str,
    status: Status,
    recorded: Option<&'a str>,
    targets: Vec<TargetView<'a>>,
}

#[derive(Serialize)]
struct TargetView<'a> {
    target: &'a str,
    status: Status,
    backups: usize,
    newest: Option<&'a backup::record::BackupSeen>,
    last_good: Option<&'a backup::record::BackupSeen>,
    files_read: usize,
    bytes_read: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    sample: Option<&'a backup::record::SampleState>,
    findings: &'a [Finding],
}

pub fn run(app: &App, args: BackupVerifyArgs) -> Result<Exit> {
    let cfg = super::config(app)?;
    if args.jobs == Some(0) {
        return Err(crate::usage_error!("--jobs must be at least 1"));
    }
    let mut targets = Vec::new();
    if args.targets.is_empty() {
        if cfg.sets.is_empty() {
            return Err(crate::bad_input!(
                "no backup sets to verify: add [[backup.set]] to ops.toml, or name a PATH"
            ));
        }
        targets.extend(cfg.sets.iter().cloned().map(Target::Set));
    }
    for t in &args.targets {
        if let Some(set) = cfg.set(t) {
            targets.push(Target::Set(set.clone()));
        } else if std::path::Path::new(t).exists() || t.contains('/') {
            targets.push(Target::Path(PathBuf::from(t)));
        } else {
            let known: Vec<&str> = cfg.sets.iter().map(|s| s.name.as_str()).collect();
            return Err(crate::bad_input!(
                "`{t}` is neither a backup set in ops.toml ({}) nor an existing path",
                if known.is_empty() {
                    "none configured".to_string()
                } else {
                    known.join(", ")
                }
            ));
        }
    }

    let (change, ticket) = super::change_link(app, args.change.as_deref(), args.ticket.clone())?;
    let link = TicketLink::check(app.recorder(), ticket.as_deref())?;
    let started = crate::clock::now();
    let run_id = crate::records::layout::run_id(started);
    let mut opts = VerifyOptions::new(started);
    opts.sample = args.sample;
    opts.jobs = args.jobs.unwrap_or(0);
    opts.host = crate::transport::local_hostname();
    opts.run = run_id.clone();
    opts.ticket = link.map(|l| l.id().to_string());
    opts.change = change;
    opts.progress = app.printer.progress_allowed() && !app.printer.json();

    let records = app.records();
    let previous = |name: &str| -> Option<VerifyRecord> {
        let root = records?.root();
        let (latest, damaged) = latest_verify_record(root, name);
        for d in damaged {
            app.printer.warn(&format!(
                "skipping damaged record {}: {}",
                d.path.display(),
                d.reason
            ));
        }
        latest
    };
    let reports = backup::verify(&targets, &previous, &opts)?;
    let status = Status::worst(reports.iter().map(|r| r.status));

    let mut commit = None;
    if let Some(rec) = app.recorder() {
        let bad = reports.iter().filter(|r| r.status > Status::Warn).count();
        let message = format!(
            "backup verify: {} ({} target{}{})",
            status,
            reports.len(),
            if reports.len() == 1 { "" } else { "s" },
            if bad > 0 {
                format!(", {bad} failed")
            } else {
                String::new()
            }
        );
        let committed = rec.transaction(|tx| {
            let mut paths = Vec::new();
            for r in &reports {
                paths.push(backup::record::write_verify(tx, &r.record)?);
            }
            if let Some(link) = &link {
                link.record(tx, &paths)?;
            }
            Ok(((), message))
        })?;
        commit = committed.commit;
    }

    let textfile = app.printer.textfile.as_deref();
    let monitoring =
        super::super::format::backup_verify(app.printer.format, textfile, started, &reports)?;
    if let Some(text) = monitoring {
        app.printer.data(&text);
    } else if app.printer.json() {
        let view = RunView {
            schema: 1,
            run: &run_id,
            status,
            recorded: commit.as_deref(),
            targets: reports
                .iter()
                .map(|r| TargetView {
                    target: &r.target,
                    status: r.status,
                    backups: r.record.backups,
                    newest: r.record.newest.as_ref(),
                    last_good: r.record.last_good.as_ref(),
                    files_read: r.record.verified.len(),
                    bytes_read: r.record.bytes_read,
                    sample: r.record.sample.as_ref(),
                    findings: &r.findings,
                })
                .collect(),
        };
        app.printer.data_json(&view)?;
    } else {
        for r in &reports {
            let read = r.record.verified.len();
            app.printer.data(&format!(
                "{}: {} ({}, {} read, {})",
                crate::printer::sanitize(&r.target),
                r.status,
                backup::verify::plural(r.record.backups, "backup"),
                read,
                backup::fmt_bytes(r.record.bytes_read)
            ));
            let all = app.printer.verbose;
            if all || r.status > Status::Ok {
                app.printer.data(&super::findings_table(
                    &r.findings,
                    all,
                    app.printer.color(),
                ));
            }
        }
    }
    let line = backup::verify::summary(&reports);
    match &commit {
        Some(c) => app
            .printer
            .status(&format!("{line}; recorded in {}", &c[..12.min(c.len())])),
        None => {
            app.printer.status(&line);
            app.explain_not_recorded();
        }
    }
    Ok(Exit::from_status(status))
}
