//! `ops inspect host`: the daily Linux host inspection (SPEC §2.1).

use super::TargetArgs;
use super::view;
use crate::app::App;
use crate::backup::LinkKind;
use crate::backup::last_backup::{self, LinkedSet};
use crate::check::fan_out;
use crate::exit::Exit;
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
use std::time::Instant;

/// Inspect Linux hosts: load, memory, swap, filesystems, RAID, NICs, routes,
/// gateway, DNS, error log, root mail, failed services, time sync, patches,
/// password policy
///
/// Each host is read with one read-only script over one SSH exec (or run
/// locally for `local`). Every check gives ok, warn, crit, unknown (could not
/// be checked, with the reason) or skip (does not apply). Thresholds come from
/// [thresholds.host] in ops.toml, overridden per group and per host (and per
/// mount point) in the inventory.
///
/// Exit status, worst first (crit > unknown > warn > ok): 2 some check is crit,
/// 3 some check could not be made (and none is crit), 1 worst is warn, 0 all ok.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops inspect host                 the local machine (or the whole inventory)\n  \
ops inspect host web db01        a group and a host from the inventory\n  \
ops inspect host ops@10.0.0.5:2222 -v --format json"
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
    script: String,
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
    let settings = args.common.settings(app)?;
    let ssh_options = args
        .common
        .ssh_options(app, &settings, &inventory, &ssh_config)?;

    let mut jobs = Vec::with_capacity(targets.len());
    for target in targets {
        let mut merged = base.clone();
        deep_merge(&mut merged, &target.overrides);
        let thresholds = thresholds_of(merged)
            .map_err(|e| crate::bad_input!("thresholds for {}: {e}", target.name))?;
        let script = host_checks::script(&thresholds.collect_options());
        let previous = view::previous_record(app, "host", &target.name)
            .and_then(|r| serde_json::from_value::<HostMetrics>(r.metrics).ok());
        let backups = super::linked_backups(app, LinkKind::Host, &target.name)?;
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
    let output = match transport.exec("sh -s", job.script.as_bytes(), deadline) {
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
    }
}
