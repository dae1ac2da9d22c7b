//! `ops inspect hw`: the out-of-band hardware inspection (SPEC §2.1, §4).

use super::TargetArgs;
use super::view;
use crate::app::App;
use crate::check::fan_out;
use crate::exit::Exit;
use crate::inspect::InspectSettings;
use crate::inspect::db::credentials::{self, Secret};
use crate::inspect::hw::run::{self as hw_run, HwJob};
use crate::inspect::hw::target::empty_selection;
use crate::inspect::hw::{HwLimits, HwMetrics, HwTarget, HwThresholds, resolve_hw};
use crate::inventory::deep_merge;
use crate::ticket::TicketLink;
use crate::transport::ssh_config::expand_tilde;
use anyhow::Result;
use clap::Args;
use serde::Deserialize;

/// Inspect server hardware through BMCs (Redfish, IPMI) and UPSes (NUT):
/// power, fans, temperatures, voltages, storage, memory, CPUs, the system
/// event log; a UPS's power, battery and load
///
/// Targets are the inventory's [[bmc]] and [[ups]] entries (each linked to
/// the [[host]]s it serves, so reports and fault trees can join them), or
/// ad-hoc redfish://[USER@]HOST[:PORT], ipmi://[USER@]HOST[:PORT] and
/// nut://[USER@]HOST[:PORT]/UPS. Log entries (SEL) are reported from where
/// the previous inspection of the target stopped reading.
///
/// Passwords come from the environment variable named by the entry's
/// `password_env`, or, on a terminal, from a prompt when that variable is
/// unset. Never from arguments.
///
/// Certificates: a Redfish BMC's certificate must verify against the
/// system's roots or the entry's `ca`, or match its pinned SHA-256
/// fingerprint (the entry's `fingerprint`, or the known-certificates file,
/// [inspect] known_certs). A BMC seen for the first time is pinned only with
/// --accept-new-certs; a changed certificate is always refused, showing both
/// fingerprints.
///
/// Thresholds for UPSes and the machine room come from [thresholds.hw] in
/// ops.toml, overridden per group and per entry; BMC sensors are judged by
/// the BMC's own thresholds. Exit status, worst first (crit > unknown >
/// warn > ok): 2 some check is crit (a failed power supply, a degraded
/// array, a UPS on battery, a BMC that does not answer), 3 some check could
/// not be made (and none is crit), 1 worst is warn, 0 all ok.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops inspect hw                             every [[bmc]] and [[ups]] of the inventory\n  \
ops inspect hw web01-bmc rack1-ups         an entry each\n  \
ops inspect hw redfish://admin@10.0.0.21 --accept-new-certs\n  \
ops inspect hw nut://10.0.0.50/ups1 -v --format json"
)]
pub struct InspectHwArgs {
    #[command(flatten)]
    pub common: TargetArgs,

    /// Pin the certificate of a BMC not yet in the known-certificates file
    /// instead of refusing it (a changed certificate is always refused)
    #[arg(long)]
    pub accept_new_certs: bool,
}

pub fn run(app: &App, args: InspectHwArgs) -> Result<Exit> {
    let inventory = app.inventory()?;
    // Checked on its own first so that an error names ops.toml's line.
    app.config().section::<HwThresholds>("thresholds.hw")?;
    let base = app.config().table("thresholds.hw")?;
    let validate = |layer: &toml::Table| {
        HwThresholds::deserialize(toml::Value::Table(layer.clone()))
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    let ticket = TicketLink::check(app.recorder(), args.common.ticket.as_deref())?;
    let targets = resolve_hw(&args.common.targets, &inventory, &validate)?;
    if targets.is_empty() {
        return view::nothing_to_inspect(app, "hw", &empty_selection(&args.common.targets));
    }
    let selected = targets.len();
    let targets = args.common.in_shard(targets, |t| &t.name);
    if targets.is_empty() {
        return view::nothing_to_inspect(app, "hw", &args.common.shard_holds_none(selected));
    }
    let settings = args.common.settings(app)?;
    let limits = limits(&settings, args.accept_new_certs);
    let jobs = jobs(app, &base, targets)?;
    let started = crate::clock::now();
    let results = fan_out(
        &jobs,
        settings.jobs,
        app.printer.progress_allowed(),
        |job| hw_run::inspect(job, &limits),
    );
    view::finish(app, "hw", started, ticket.as_ref(), &results)
}

/// How far one target may go, from `[inspect]` and the flags.
pub fn limits(settings: &InspectSettings, accept_new_certs: bool) -> HwLimits {
    HwLimits {
        connect_timeout: settings.connect_timeout,
        timeout: settings.timeout,
        max_output: settings.max_output,
        known_certs: settings
            .known_certs
            .as_deref()
            .map(|p| expand_tilde(&p.to_string_lossy()))
            .unwrap_or_else(|| expand_tilde("~/.config/ops/known_certs")),
        accept_new_certs,
    }
}

/// One job per target: its layered thresholds (`base` is `[thresholds.hw]`),
/// its password, and where its previous record left the SEL.
pub fn jobs(app: &App, base: &toml::Table, targets: Vec<HwTarget>) -> Result<Vec<HwJob>> {
    let mut jobs = Vec::with_capacity(targets.len());
    for target in targets {
        let mut merged = base.clone();
        deep_merge(&mut merged, &target.overrides);
        let thresholds = HwThresholds::deserialize(toml::Value::Table(merged))
            .map_err(|e| crate::bad_input!("thresholds for {}: {e}", target.name))?;
        let password = password(&target);
        let previous = view::previous_record(app, "hw", &target.name)
            .and_then(|r| serde_json::from_value::<HwMetrics>(r.metrics).ok());
        jobs.push(HwJob {
            target,
            password,
            previous,
            thresholds,
        });
    }
    Ok(jobs)
}

/// The password of `password_env`, else a prompt on a terminal when the
/// entry names a variable that is unset or an ad-hoc address names a user.
fn password(target: &HwTarget) -> Option<Secret> {
    if let Some(var) = &target.password_env
        && let Ok(value) = std::env::var(var)
        && !value.is_empty()
    {
        return Some(Secret::new(value));
    }
    let user = target.user.as_deref()?;
    credentials::prompt(&format!(
        "Password for {} ({user}@{}): ",
        target.name, target.address
    ))
}
