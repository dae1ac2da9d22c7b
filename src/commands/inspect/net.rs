//! `ops inspect net`: the network-device inspection (SPEC §2.3), over SSH
//! or from saved captures.

use super::TargetArgs;
use super::view;
use crate::app::App;
use crate::check::fan_out;
use crate::exit::Exit;
use crate::inspect::net::{
    CaptureSource, DeviceTarget, NetMetrics, NetThresholds, Previous, ShellSource, collect,
    detect_platform, evaluate, facts, open_shell, resolve_devices,
};
use crate::inspect::outcome::TargetResult;
use crate::inventory::resolve::Validate;
use crate::inventory::{Inventory, Kind, deep_merge};
use crate::inventory::{Target, TargetSpec};
use crate::parse::device::Platform;
use crate::ticket::TicketLink;
use crate::transport::ssh::SshOptions;
use crate::transport::ssh_config::SshConfig;
use anyhow::Result;
use clap::Args;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Inspect network devices (Cisco IOS, Huawei VRP): version and uptime,
/// reloads, interface states, error counters, routes, CPU, memory,
/// environment
///
/// Each device is reached over SSH in an interactive CLI session: its prompt
/// is detected, paging is turned off (and --More-- answered anyway), and only
/// read-only `show`/`display` commands are sent. Devices come from the
/// inventory (`[[device]]` with `platform = "cisco_ios"` or "huawei_vrp");
/// an address needs --platform.
///
/// Interface error counters (input errors, CRC, frame, overrun, ignored,
/// output errors, collisions, late collisions, resets, output drops) are
/// judged on their growth since the device's previous inspection record; the
/// first inspection judges absolute values and says so. A counter that went
/// down (cleared, or the device reloaded) counts from zero. Thresholds come
/// from [thresholds.net] in ops.toml, overridden per group and per device in
/// the inventory.
///
/// With --capture DIR the same inspection runs over saved outputs instead:
/// one file per command, named after the command with underscores or spaces,
/// with or without .txt (`show_interfaces`, `show ip route.txt`,
/// `display_interface_brief`). Several devices: one subdirectory per device,
/// named as in the inventory.
///
/// Exit status, worst first (crit > unknown > warn > ok): 2 some check is crit,
/// 3 some check could not be made (and none is crit), 1 worst is warn, 0 all ok.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops inspect net                        every device in the inventory\n  \
ops inspect net core access-sw1        a group and a device\n  \
ops inspect net admin@192.0.2.7 --platform huawei_vrp\n  \
ops inspect net --capture ./sw1 --platform cisco_ios   outputs saved from sw1\n  \
ops inspect net --capture ./captures   one subdirectory per inventory device"
)]
pub struct InspectNetArgs {
    #[command(flatten)]
    pub common: TargetArgs,

    /// Read saved command outputs from DIR instead of connecting
    #[arg(long, value_name = "DIR")]
    pub capture: Option<PathBuf>,

    /// Platform of devices named by address, or of a capture directory that
    /// is not an inventory device: cisco_ios or huawei_vrp
    #[arg(long, value_name = "PLATFORM")]
    pub platform: Option<String>,

    /// Time allowed for one command's output [default: 30s]
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse_duration)]
    pub command_timeout: Option<Duration>,
}

/// Where a device's outputs come from.
enum Origin {
    Ssh,
    Capture(PathBuf),
}

struct Job {
    device: DeviceTarget,
    origin: Origin,
    thresholds: NetThresholds,
    previous: Option<Previous>,
}

pub fn run(app: &App, args: InspectNetArgs) -> Result<Exit> {
    let inventory = app.inventory()?;
    let ssh_config = SshConfig::load_default();
    // Checked on its own first so that an error names ops.toml's line.
    app.config().section::<NetThresholds>("thresholds.net")?;
    let ticket = TicketLink::check(app.recorder(), args.common.ticket.as_deref())?;
    let base = app.config().table("thresholds.net")?;
    let validate = |layer: &toml::Table| {
        NetThresholds::deserialize(toml::Value::Table(layer.clone()))
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    let platform: Option<Platform> = args.platform.as_deref().map(str::parse).transpose()?;
    let settings = args.common.settings(app)?;
    let command_timeout = args.command_timeout.unwrap_or(Duration::from_secs(30));
    if command_timeout.is_zero() {
        return Err(crate::usage_error!("--command-timeout must be more than 0"));
    }

    let devices: Vec<(DeviceTarget, Origin)> = match &args.capture {
        None => resolve_devices(
            &args.common.targets,
            &inventory,
            &ssh_config,
            &validate,
            platform,
        )?
        .into_iter()
        .map(|d| (d, Origin::Ssh))
        .collect(),
        Some(dir) => capture_devices(
            dir,
            &args.common.targets,
            &inventory,
            &ssh_config,
            &validate,
            platform,
        )?,
    };
    if devices.is_empty() {
        return view::nothing_to_inspect(
            app,
            "net",
            &crate::inspect::net::empty_selection(&args.common.targets),
        );
    }
    let selected = devices.len();
    let devices = args.common.in_shard(devices, |(d, _)| &d.target.name);
    if devices.is_empty() {
        return view::nothing_to_inspect(app, "net", &args.common.shard_holds_none(selected));
    }
    let ssh_options = match &args.capture {
        None => Some(
            args.common
                .ssh_options(app, &settings, &inventory, &ssh_config)?,
        ),
        Some(_) => None,
    };

    let mut jobs = Vec::with_capacity(devices.len());
    for (device, origin) in devices {
        let mut merged = base.clone();
        deep_merge(&mut merged, &device.target.overrides);
        let thresholds = NetThresholds::deserialize(toml::Value::Table(merged))
            .map_err(|e| crate::bad_input!("thresholds for {}: {e}", device.target.name))?;
        let previous = view::previous_record(app, "net", &device.target.name).and_then(|r| {
            serde_json::from_value::<NetMetrics>(r.metrics)
                .ok()
                .map(|metrics| Previous {
                    metrics,
                    at: Some(r.started),
                })
        });
        jobs.push(Job {
            device,
            origin,
            thresholds,
            previous,
        });
    }

    let started = crate::clock::now();
    let results = fan_out(
        &jobs,
        settings.jobs,
        app.printer.progress_allowed(),
        |job| inspect_one(job, ssh_options.as_ref(), settings.timeout, command_timeout),
    );
    view::finish(app, "net", started, ticket.as_ref(), &results)
}

/// The devices of a capture run: each TARGET (an inventory device or group,
/// or a plain name) reads DIR/<name>/ when it exists, else DIR itself (one
/// device only). Without TARGET: the inventory devices that have a
/// subdirectory, else DIR as one device named after it.
fn capture_devices(
    dir: &Path,
    words: &[String],
    inventory: &Inventory,
    ssh_config: &SshConfig,
    validate: Validate,
    platform: Option<Platform>,
) -> Result<Vec<(DeviceTarget, Origin)>> {
    if !dir.is_dir() {
        return Err(crate::bad_input!(
            "--capture {}: no such directory",
            dir.display()
        ));
    }
    let mut names: Vec<String> = Vec::new();
    if words.is_empty() {
        names = inventory
            .devices
            .iter()
            .map(|d| d.name.get_ref().clone())
            .filter(|n| dir.join(n).is_dir())
            .collect();
        if names.is_empty() {
            let name = std::fs::canonicalize(dir)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "capture".to_string());
            names.push(name);
        }
    } else {
        for word in words {
            match inventory.select(word, Kind::Device) {
                Some(selected) if selected.is_empty() => {
                    return Err(crate::bad_input!("group {word:?} has no devices"));
                }
                Some(selected) => names.extend(selected),
                None => names.push(word.clone()),
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
    let shared = names.iter().filter(|n| !dir.join(n).is_dir()).count();
    if shared > 0 && names.len() > 1 {
        return Err(crate::bad_input!(
            "--capture {} holds no subdirectory for {}: with several devices, each needs \
             DIR/<device>/",
            dir.display(),
            names
                .iter()
                .filter(|n| !dir.join(n).is_dir())
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut out = Vec::new();
    for name in names {
        let files = if dir.join(&name).is_dir() {
            dir.join(&name)
        } else {
            dir.to_path_buf()
        };
        let device = if inventory.device(&name).is_some() {
            let mut d =
                crate::inspect::net::inventory_device(&name, inventory, ssh_config, validate)?;
            if let Some(p) = platform {
                d.platform = p;
            }
            d
        } else {
            let platform = platform
                .or_else(|| detect_platform(&files))
                .ok_or_else(|| {
                    crate::bad_input!(
                        "cannot tell the platform of the captures in {}: pass --platform \
                     cisco_ios|huawei_vrp",
                        files.display()
                    )
                })?;
            DeviceTarget {
                target: Target {
                    name: name.clone(),
                    spec: TargetSpec::Local,
                    overrides: toml::Table::new(),
                },
                platform,
                password_env: None,
            }
        };
        out.push((device, Origin::Capture(files)));
    }
    Ok(out)
}

fn inspect_one(
    job: &Job,
    ssh_options: Option<&SshOptions>,
    timeout: Duration,
    command_timeout: Duration,
) -> TargetResult {
    let started_at = crate::clock::now();
    let started = Instant::now();
    let deadline = started + timeout;
    let platform = job.device.platform;
    let (collected, address) = match &job.origin {
        Origin::Capture(dir) => {
            let mut source = CaptureSource { dir: dir.clone() };
            (
                collect(platform, &mut source),
                format!("capture {}", dir.display()),
            )
        }
        Origin::Ssh => {
            let address = job.device.target.spec.describe();
            let opened = match ssh_options {
                Some(options) => open_shell(&job.device, options, deadline),
                None => Err(anyhow::anyhow!("no SSH options")),
            };
            let mut shell = match opened {
                Ok(shell) => shell,
                Err(e) => {
                    let mut failed = TargetResult::failed(
                        &job.device.target.name,
                        &address,
                        started_at,
                        started.elapsed(),
                        crate::transport::reason(&e, deadline, timeout),
                    );
                    failed.metrics = carried(job);
                    return failed;
                }
            };
            let mut source = ShellSource {
                shell: &mut shell,
                device_deadline: deadline,
                device_timeout: timeout,
                command_timeout,
            };
            let collected = collect(platform, &mut source);
            shell.close();
            (collected, address)
        }
    };
    let facts = facts(&collected);
    let (findings, metrics) = evaluate(
        &facts,
        &job.thresholds,
        job.previous.as_ref(),
        crate::clock::now(),
    );
    TargetResult {
        target: job.device.target.name.clone(),
        address,
        started: started_at,
        duration: started.elapsed(),
        findings,
        metrics: serde_json::to_value(metrics).unwrap_or_default(),
        error: None,
        manual: None,
    }
}

/// What an unreachable device's record keeps: the previous uptime and
/// counters, so that the next inspection still judges growth since then.
fn carried(job: &Job) -> serde_json::Value {
    match &job.previous {
        Some(p) => serde_json::to_value(NetMetrics::carried(&p.metrics)).unwrap_or_default(),
        None => serde_json::Value::Null,
    }
}
