//! `ops backup take net [TARGET…]`: each device's running configuration,
//! cleaned (see `crate::devconfig`), saved as `config/<device>.cfg` in the
//! records repository and committed only when it really changed.
//! Reached through `ops backup take net` (see `commands/backup/take.rs`).
//! The files are written with `[backup] mode` (0600 unless 0640), as backups are.

use crate::app::App;
use crate::check::{Finding, Status, fan_out};
use crate::commands::inspect::TargetArgs;
use crate::devconfig::{clean_config, compare, config_path, running_command, saved_command};
use crate::exit::Exit;
use crate::inspect::net::{DeviceTarget, open_shell, resolve_devices};
use crate::parse::device::{Platform, device_error};
use crate::printer::sanitize;
use crate::ticket::TicketLink;
use crate::transport::ssh::SshOptions;
use crate::transport::ssh_config::SshConfig;
use anyhow::{Context, Result};
use clap::Args;
use comfy_table::{Table, presets};
use serde::Serialize;
use std::fs::Permissions;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

/// Back up network devices' running configurations into the records
/// repository
///
/// Each device's running configuration (`show running-config`, `display
/// current-configuration`) is saved as config/<device>.cfg (mode 0600, or
/// `mode` under [backup] in ops.toml), without the lines
/// that change on every read (timestamps, `ntp clock-period`, sizes) and with
/// secrets replaced by <removed>, so a commit appears only when a
/// configuration really changed; its message names the devices that changed.
/// A running configuration that differs from the one saved for the next boot
/// (startup-config, saved-configuration) is a warning.
///
/// Exit status: 0 all ok, 1 a configuration is not saved, 3 some device could
/// not be read.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops backup take net              every device in the inventory\n  \
ops backup take net core --ticket T-20261122-0001"
)]
pub struct BackupTakeNetArgs {
    #[command(flatten)]
    pub common: TargetArgs,

    /// Platform of devices named by address: cisco_ios or huawei_vrp
    #[arg(long, value_name = "PLATFORM")]
    pub platform: Option<String>,

    /// Time allowed for one command's output [default: 60s]
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse_duration)]
    pub command_timeout: Option<Duration>,
}

/// What was read from one device.
struct Read {
    device: String,
    address: String,
    duration: Duration,
    /// The cleaned running configuration, when it could be read.
    config: Option<String>,
    findings: Vec<Finding>,
    error: Option<String>,
}

/// What happened to a device's file in the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Change {
    New,
    Changed,
    Unchanged,
    Failed,
}

/// JSON view (`--format json`), schema 1.
#[derive(Serialize)]
struct BackupView<'a> {
    schema: u32,
    kind: &'static str,
    status: Status,
    commit: Option<&'a str>,
    devices: Vec<DeviceView<'a>>,
}

#[derive(Serialize)]
struct DeviceView<'a> {
    device: &'a str,
    address: &'a str,
    status: Status,
    change: Change,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    duration_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    findings: &'a [Finding],
}

pub fn run(app: &App, args: BackupTakeNetArgs) -> Result<Exit> {
    let inventory = app.inventory()?;
    let ssh_config = SshConfig::load_default();
    let platform: Option<Platform> = args.platform.as_deref().map(str::parse).transpose()?;
    let devices = resolve_devices(
        &args.common.targets,
        &inventory,
        &ssh_config,
        &|_| Ok(()),
        platform,
    )?;
    if devices.is_empty() {
        let why = crate::inspect::net::empty_selection(&args.common.targets);
        app.printer
            .status(&format!("backup net: nothing to back up ({why})"));
        return Ok(Exit::Ok);
    }
    let ticket = TicketLink::check(app.recorder(), args.common.ticket.as_deref())?;
    let settings = args.common.settings(app)?;
    let ssh_options = args
        .common
        .ssh_options(app, &settings, &inventory, &ssh_config)?;
    let command_timeout = args.command_timeout.unwrap_or(Duration::from_secs(60));
    if app.records().is_none() {
        return Err(crate::bad_input!(
            "a configuration backup needs a records repository (pass --records DIR, set \
             OPS_RECORDS, or run inside one made by `ops init`)"
        ));
    }

    // A configuration holds the network's layout and ACLs even with its
    // secrets removed: saved with the mode of backups (0600 by default).
    let mode = crate::commands::backup::config(app)?.file_mode().file();

    let mut reads = fan_out(
        &devices,
        settings.jobs,
        app.printer.progress_allowed(),
        |device| read_one(device, &ssh_options, settings.timeout, command_timeout),
    );

    // Which files change, decided under the writer lock.
    let mut changes = vec![Change::Failed; reads.len()];
    let mut commit = None;
    let decide = |root: &std::path::Path, changes: &mut Vec<Change>| {
        for (i, r) in reads.iter().enumerate() {
            let Some(config) = &r.config else { continue };
            let old = std::fs::read_to_string(root.join(config_path(&r.device))).ok();
            changes[i] = match old {
                None => Change::New,
                Some(old) if old == *config => Change::Unchanged,
                Some(_) => Change::Changed,
            };
        }
    };
    match app.recorder() {
        Some(records) => {
            let committed = records.transaction(|tx| {
                decide(tx.root(), &mut changes);
                let mut written = Vec::new();
                for (r, change) in reads.iter().zip(&changes) {
                    match (&r.config, change) {
                        (Some(config), Change::New | Change::Changed) => {
                            tx.write_with_mode(config_path(&r.device), config.as_bytes(), mode)?;
                            written.push(config_path(&r.device));
                        }
                        // Saved by an older ops with the umask's mode: private now too.
                        (Some(_), Change::Unchanged) => {
                            let path = tx.root().join(config_path(&r.device));
                            std::fs::set_permissions(&path, Permissions::from_mode(mode))
                                .with_context(|| {
                                    format!("cannot set the mode of {}", path.display())
                                })?;
                        }
                        _ => {}
                    }
                }
                // The ticket's side of the link lands in the same commit.
                if let (Some(link), false) = (&ticket, written.is_empty()) {
                    link.record(tx, &written)?;
                }
                let id = ticket.map(|t| t.id().to_string());
                Ok(((), message(&reads, &changes, id.as_deref())))
            })?;
            commit = committed.commit;
        }
        None => {
            // --no-record: say what would change, write nothing.
            if let Some(records) = app.records() {
                decide(records.root(), &mut changes);
            }
        }
    }
    for (r, change) in reads.iter_mut().zip(&changes) {
        if r.config.is_none() {
            continue;
        }
        let path = config_path(&r.device).display().to_string();
        let message = match change {
            Change::New => format!("first backup, saved as {path}"),
            Change::Changed => format!("configuration changed, saved as {path}"),
            Change::Unchanged => format!("unchanged since the last backup ({path})"),
            Change::Failed => unreachable!("a device with a configuration has a change"),
        };
        r.findings.insert(
            0,
            Finding::ok("config.backup", message).value(serde_json::json!(path)),
        );
    }
    print(app, &reads, &changes, commit.as_deref())?;
    let status = Status::worst(
        reads
            .iter()
            .flat_map(|r| r.findings.iter().map(|f| f.status)),
    );
    let changed: Vec<&str> = reads
        .iter()
        .zip(&changes)
        .filter(|(_, c)| matches!(c, Change::New | Change::Changed))
        .map(|(r, _)| r.device.as_str())
        .collect();
    let summary = format!(
        "backup net: {} device{}, {} changed",
        reads.len(),
        if reads.len() == 1 { "" } else { "s" },
        changed.len()
    );
    match &commit {
        Some(c) => app
            .printer
            .status(&format!("{summary}; recorded in {}", &c[..12])),
        None if app.recorder().is_some() => {
            app.printer.status(&format!("{summary}; nothing to commit"))
        }
        None => {
            app.printer.status(&summary);
            app.explain_not_recorded();
        }
    }
    Ok(Exit::from_status(status))
}

/// `backup net: configuration changed on sw1, sw2; new: sw3`.
fn message(reads: &[Read], changes: &[Change], ticket: Option<&str>) -> String {
    let names = |want: Change| {
        reads
            .iter()
            .zip(changes)
            .filter(|(_, c)| **c == want)
            .map(|(r, _)| r.device.as_str())
            .collect::<Vec<_>>()
    };
    let mut parts = Vec::new();
    let changed = names(Change::Changed);
    if !changed.is_empty() {
        parts.push(format!("configuration changed on {}", changed.join(", ")));
    }
    let new = names(Change::New);
    if !new.is_empty() {
        parts.push(format!("first backup of {}", new.join(", ")));
    }
    let mut m = format!("backup net: {}", parts.join("; "));
    if let Some(t) = ticket {
        m.push_str(&format!(" (ticket {t})"));
    }
    m
}

fn read_one(
    device: &DeviceTarget,
    options: &SshOptions,
    timeout: Duration,
    command_timeout: Duration,
) -> Read {
    let started = Instant::now();
    let deadline = started + timeout;
    let mut read = Read {
        device: device.target.name.clone(),
        address: device.target.spec.describe(),
        duration: Duration::ZERO,
        config: None,
        findings: Vec::new(),
        error: None,
    };
    let result = (|| -> Result<(String, Result<String, String>)> {
        let mut shell = open_shell(device, options, deadline)?;
        let mut run = |command: &str| {
            let own = Instant::now() + command_timeout;
            shell.run(command, deadline.min(own)).map_err(|e| {
                // Name the deadline that cut the command: its own or the device's.
                if own < deadline && crate::transport::limits::is_deadline(&e, own) {
                    anyhow::anyhow!(
                        "`{command}` {} (--command-timeout)",
                        crate::transport::limits::within_text(command_timeout)
                    )
                } else {
                    e
                }
            })
        };
        let running = run(running_command(device.platform))?;
        if let Some(err) = device_error(&running) {
            // IOS shows the configuration in privileged EXEC only.
            let hint = if shell.prompt.ends_with('>') && device.platform == Platform::CiscoIos {
                format!(
                    " (the account logs in at user EXEC, `{}`; give it privilege 15)",
                    shell.prompt
                )
            } else {
                String::new()
            };
            anyhow::bail!(
                "the device rejected `{}`: {err}{hint}",
                running_command(device.platform)
            );
        }
        let saved = run(saved_command(device.platform))?;
        let saved = match device_error(&saved) {
            Some(err) => Err(format!("`{}`: {err}", saved_command(device.platform))),
            None => Ok(saved),
        };
        shell.close();
        Ok((running, saved))
    })();
    read.duration = started.elapsed();
    match result {
        Err(e) => {
            let why = crate::transport::reason(&e, deadline, timeout);
            read.findings
                .push(Finding::unknown("config.backup", why.clone()));
            read.error = Some(why);
        }
        Ok((running, saved)) => {
            let running = clean_config(device.platform, &running);
            if running.trim().is_empty() {
                let why = format!("`{}` printed nothing", running_command(device.platform));
                read.findings
                    .push(Finding::unknown("config.backup", why.clone()));
                read.error = Some(why);
                return read;
            }
            read.findings
                .push(saved_finding(device.platform, &running, saved));
            read.config = Some(running);
        }
    }
    read
}

/// Whether the running configuration is the one the device boots with.
fn saved_finding(platform: Platform, running: &str, saved: Result<String, String>) -> Finding {
    let save = match platform {
        Platform::CiscoIos => "copy running-config startup-config",
        Platform::HuaweiVrp => "save",
    };
    let saved = match saved {
        Ok(text) => clean_config(platform, &text),
        Err(why) => {
            return Finding::unknown(
                "config.saved",
                format!("the saved configuration could not be read: {why}"),
            );
        }
    };
    if saved.trim().is_empty() {
        return Finding::new(
            "config.saved",
            Status::Warn,
            format!("the device shows no saved configuration (`{save}` saves it)"),
        )
        .threshold("running = saved");
    }
    match compare(running, &saved) {
        None => Finding::ok("config.saved", "the running configuration is saved")
            .threshold("running = saved"),
        Some(diff) => Finding::new(
            "config.saved",
            Status::Warn,
            format!(
                "the running configuration differs from the saved one: {}; a reboot would lose it (`{save}` saves it)",
                diff.summary()
            ),
        )
        .value(serde_json::json!({
            "only_running": diff.only_running.len(),
            "only_saved": diff.only_saved.len(),
        }))
        .threshold("running = saved"),
    }
}

fn print(app: &App, reads: &[Read], changes: &[Change], commit: Option<&str>) -> Result<()> {
    let status_of = |r: &Read| Status::worst(r.findings.iter().map(|f| f.status));
    if app.printer.json() {
        let view = BackupView {
            schema: 1,
            kind: "backup-net",
            status: Status::worst(reads.iter().map(status_of)),
            commit,
            devices: reads
                .iter()
                .zip(changes)
                .map(|(r, c)| DeviceView {
                    device: &r.device,
                    address: &r.address,
                    status: status_of(r),
                    change: *c,
                    path: r
                        .config
                        .as_ref()
                        .map(|_| config_path(&r.device).display().to_string()),
                    duration_ms: r.duration.as_millis() as u64,
                    error: r.error.as_deref(),
                    findings: &r.findings,
                })
                .collect(),
        };
        return app.printer.data_json(&view);
    }
    let mut t = Table::new();
    t.load_preset(presets::NOTHING);
    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    t.set_header(["DEVICE", "STATUS", "CONFIG", "PROBLEMS"]);
    for (r, c) in reads.iter().zip(changes) {
        let problems: Vec<String> = r
            .findings
            .iter()
            .filter(|f| f.status > Status::Ok)
            .map(|f| format!("{}: {}", f.check, f.message))
            .collect();
        let config = match c {
            Change::New => "new",
            Change::Changed => "changed",
            Change::Unchanged => "unchanged",
            Change::Failed => "-",
        };
        t.add_row([
            sanitize(&r.device),
            status_of(r).to_string(),
            config.to_string(),
            sanitize(&problems.join("; ")),
        ]);
    }
    app.printer.data(&t.to_string());
    Ok(())
}
