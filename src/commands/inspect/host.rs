//! `ops inspect host`: the daily Linux host inspection (SPEC §2.1).

use super::TargetArgs;
use super::manual_prompt;
use super::view;
use crate::app::App;
use crate::backup::LinkKind;
use crate::backup::last_backup::{self, LinkedSet};
use crate::check::fan_out;
use crate::exit::Exit;
use crate::inspect::host::manual::{self, Item, ManualSection, ManualSettings, ManualThresholds};
use crate::inspect::host::{self as host_checks, HostMetrics, HostThresholds};
use crate::inspect::outcome::TargetResult;
use crate::inventory::deep_merge;
use crate::inventory::resolve::resolve_hosts;
use crate::inventory::{Target, TargetSpec};
use crate::ticket::TicketLink;
use crate::transport::Transport;
use crate::transport::local::Local;
use crate::transport::ssh::{self, SshOptions};
use crate::transport::ssh_config::SshConfig;
use anyhow::Result;
use clap::Args;
use serde::Deserialize;
use std::path::PathBuf;
use std::time::Instant;

/// Inspect Linux hosts: load, memory, swap, filesystems, RAID, NICs, routes,
/// gateway, DNS, error log, root mail, failed services, time sync, patches,
/// password policy, last backup; with --manual, the physical items
///
/// Each host is read with one read-only script over one SSH exec (or run
/// locally for `local`). Every check gives ok, warn, crit, unknown (could not
/// be checked, with the reason) or skip (does not apply). Thresholds come from
/// [thresholds.host] in ops.toml, overridden per group and per host (and per
/// mount point) in the inventory.
///
/// The last backup (backup.last) is judged for each [[backup.set]] with
/// `host = "NAME"` in ops.toml, from the records `ops backup verify` wrote:
/// crit when the newest good backup is older than the set's max_age.
///
/// Exit status, worst first (crit > unknown > warn > ok): 2 some check is crit,
/// 3 some check could not be made (and none is crit), 1 worst is warn, 0 all ok.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops inspect host                 the local machine (or the whole inventory)\n  \
ops inspect host web db01        a group and a host from the inventory\n  \
ops inspect host ops@10.0.0.5:2222 -v --format json\n  \
ops inspect host web01 --manual  also ask the sheet's lights, fans, room\n  \
ops inspect host web01 --manual-file sheet.toml   the answers from a file"
)]
pub struct InspectHostArgs {
    #[command(flatten)]
    pub common: TargetArgs,

    /// Print the read-only collection script that runs on each host, and exit
    #[arg(long)]
    pub show_script: bool,

    /// Send no ping to any gateway: judge each by its neighbour-table entry
    /// alone, whatever gateway_ping says in [thresholds.host] or the inventory
    /// (OPS_GATEWAY_PING=0 does the same)
    #[arg(long)]
    pub no_gateway_ping: bool,

    /// Also record the sheet's physical items, asked on the terminal: disk,
    /// power, NIC and array lights (green/amber/red/off), power cords, front
    /// panel, fans, cables, tape drive, room temperature and humidity, mains
    /// and neutral-to-ground voltage, cleaning. Exactly one host. Red is crit,
    /// amber warn; readings are judged against [thresholds.manual]; [manual]
    /// in ops.toml chooses the items. Without a terminal, use --manual-file
    #[arg(long)]
    pub manual: bool,

    /// The manual items' answers from a TOML file instead of the terminal
    /// (implies --manual): `disk_light = "green"`, `fans_ok = true`,
    /// `room_temperature = 23.5`, `cleaned = "not-needed"`. An unknown key or a
    /// bad value stops the run (exit 78, naming the line); nothing is recorded
    #[arg(long, value_name = "FILE")]
    pub manual_file: Option<PathBuf>,
}

/// The manual items of one run: the items asked, the answers and the ranges.
struct ManualRun {
    asked: Vec<Item>,
    section: ManualSection,
    thresholds: ManualThresholds,
}

/// The manual answers of this run, asked or read before anything is
/// inspected, so that a bad file or a missing terminal changes nothing.
fn manual_answers(
    app: &App,
    args: &InspectHostArgs,
    targets: &[Target],
) -> Result<Option<ManualRun>> {
    if !args.manual && args.manual_file.is_none() {
        return Ok(None);
    }
    let [target] = targets else {
        let names: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
        return Err(crate::usage_error!(
            "--manual records what is seen at one machine; name exactly one host (this selection has {}: {})",
            targets.len(),
            names.join(", ")
        ));
    };
    let settings = ManualSettings::from_config(app.config())?;
    let thresholds = ManualThresholds::from_config(app.config())?;
    let asked = settings.enabled();
    let by = crate::login::login_name();
    let section = match &args.manual_file {
        Some(path) => {
            let text = crate::config::read_input(path, "manual file")?;
            let answers = manual::file::parse(path, &text)?;
            let unasked: Vec<&str> = answers
                .keys()
                .filter(|i| !asked.contains(i))
                .map(|i| i.key())
                .collect();
            if !unasked.is_empty() {
                app.printer.warn(&format!(
                    "{}: not recorded, not among the items of [manual] in ops.toml: {}",
                    path.display(),
                    unasked.join(", ")
                ));
            }
            let file = Some(path.display().to_string());
            ManualSection::new("file", file, by, &asked, answers)
        }
        None if manual_prompt::available() => {
            let answers = manual_prompt::ask(&target.name, &asked)?;
            ManualSection::new("terminal", None, by, &asked, answers)
        }
        None => {
            return Err(crate::usage_error!(
                "--manual asks on a terminal and there is none; give the answers with --manual-file FILE \
                 (disk_light = \"green\", room_temperature = 23.5, …; see ops inspect host --help)"
            ));
        }
    };
    Ok(Some(ManualRun {
        asked,
        section,
        thresholds,
    }))
}

/// `OPS_GATEWAY_PING=0`: no gateway is pinged in this run, whatever is
/// configured. It exists for test runs and benchmarks, which must send
/// nothing beyond loopback even where they inspect `local`; `ops diagnose`
/// honours it too.
pub fn gateway_ping_off_by_env() -> bool {
    std::env::var_os("OPS_GATEWAY_PING").is_some_and(|v| v == "0")
}

struct Job {
    target: Target,
    thresholds: HostThresholds,
    script: crate::transport::Script,
    previous: Option<HostMetrics>,
    /// The backup sets linked to this host (`host =` in `[[backup.set]]`).
    backups: Vec<LinkedSet>,
}

pub fn run(app: &App, args: InspectHostArgs) -> Result<Exit> {
    let inventory = app.inventory()?;
    let ssh_config = SshConfig::load_default();
    // Checked on its own first so that an error names ops.toml's line.
    app.config().section::<HostThresholds>("thresholds.host")?;
    let base = app.config().table("thresholds.host")?;
    let ping_off = args.no_gateway_ping || gateway_ping_off_by_env();
    let thresholds_of = |table: toml::Table| -> std::result::Result<HostThresholds, String> {
        let mut t =
            HostThresholds::deserialize(toml::Value::Table(table)).map_err(|e| e.to_string())?;
        t.gateway_ping &= !ping_off;
        Ok(t)
    };
    if args.show_script {
        let thresholds =
            thresholds_of(base).map_err(|e| crate::bad_input!("[thresholds.host]: {e}"))?;
        app.printer
            .data(&host_checks::script(&thresholds.collect_options()));
        return Ok(Exit::Ok);
    }
    let validate = |layer: &toml::Table| {
        HostThresholds::deserialize(toml::Value::Table(layer.clone()))
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    let ticket = TicketLink::check(app.recorder(), args.common.ticket.as_deref())?;
    let targets = resolve_hosts(&args.common.targets, &inventory, &ssh_config, &validate)?;
    let selected = targets.len();
    let targets = args.common.in_shard(targets, |t| &t.name);
    if targets.is_empty() && selected > 0 {
        return view::nothing_to_inspect(app, "host", &args.common.shard_holds_none(selected));
    }
    let manual = manual_answers(app, &args, &targets)?;
    let settings = args.common.settings(app)?;
    let ssh_options = args
        .common
        .ssh_options(app, &settings, &inventory, &ssh_config)?;

    let backup_config = crate::backup::BackupConfig::from_config(app.config())?;
    let mut jobs = Vec::with_capacity(targets.len());
    // Targets with the same collect options share one script.
    let mut scripts: std::collections::HashMap<String, crate::transport::Script> =
        std::collections::HashMap::new();
    for target in targets {
        let mut merged = base.clone();
        deep_merge(&mut merged, &target.overrides);
        let thresholds = thresholds_of(merged)
            .map_err(|e| crate::bad_input!("thresholds for {}: {e}", target.name))?;
        let script = scripts
            .entry(host_checks::script(&thresholds.collect_options()))
            .or_insert_with_key(|text| crate::transport::Script::new(text.clone()))
            .clone();
        let previous = view::previous_record(app, "host", &target.name)
            .and_then(|r| serde_json::from_value::<HostMetrics>(r.metrics).ok());
        let backups = super::linked_backups(app, &backup_config, LinkKind::Host, &target.name);
        jobs.push(Job {
            target,
            thresholds,
            script,
            previous,
            backups,
        });
    }

    let started = crate::clock::now();
    let results = fan_out(
        &jobs,
        settings.jobs,
        app.printer.progress_allowed(),
        |job| {
            let mut result = inspect_one(job, &ssh_options, settings.timeout);
            // Judged from the records, not the host: also when it cannot be reached.
            result.findings.extend(last_backup::findings(
                LinkKind::Host,
                &job.target.name,
                &job.backups,
                crate::clock::now(),
            ));
            // Seen at the machine: recorded also when SSH cannot reach it.
            if let Some(m) = &manual {
                result
                    .findings
                    .extend(m.section.findings(&m.asked, &m.thresholds));
                result.manual = Some(m.section.clone());
            }
            result
        },
    );
    view::finish(app, "host", started, ticket.as_ref(), &results)
}

fn inspect_one(job: &Job, ssh_options: &SshOptions, timeout: std::time::Duration) -> TargetResult {
    let started_at = crate::clock::now();
    let started = Instant::now();
    let deadline = started + timeout;
    let address = job.target.spec.describe();
    let fail = |reason: String| {
        let mut failed = TargetResult::failed(
            &job.target.name,
            &address,
            started_at,
            started.elapsed(),
            reason,
        );
        // An unreachable host keeps the previous super-user table, so the
        // next inspection still compares with the last one that was read.
        if let Some(table) = job.previous.as_ref().and_then(|p| p.privileged.clone()) {
            let kept = HostMetrics {
                privileged: Some(table),
                ..HostMetrics::default()
            };
            failed.metrics = serde_json::to_value(kept).unwrap_or_default();
        }
        failed
    };
    let mut transport: Box<dyn Transport> = match &job.target.spec {
        TargetSpec::Local => Box::new(Local),
        TargetSpec::Ssh(t) => match ssh::connect(t, ssh_options, deadline) {
            Ok(session) => Box::new(session),
            Err(e) => return fail(crate::transport::reason(&e, deadline, timeout)),
        },
    };
    let output = match transport.run_script(&job.script, deadline) {
        Ok(o) => o,
        Err(e) => return fail(crate::transport::reason(&e, deadline, timeout)),
    };
    if output.stdout.trim().is_empty() {
        let why = output
            .stderr
            .lines()
            .next()
            .unwrap_or("no output")
            .to_string();
        return fail(format!(
            "the collection script printed nothing (exit {:?}): {why}",
            output.exit_status
        ));
    }
    let facts = host_checks::facts_from_output(&output.stdout);
    let (findings, metrics) = host_checks::evaluate(&facts, &job.thresholds, job.previous.as_ref());
    TargetResult {
        target: job.target.name.clone(),
        address,
        started: started_at,
        duration: started.elapsed(),
        findings,
        metrics: serde_json::to_value(metrics).unwrap_or_default(),
        error: None,
        manual: None,
    }
}
