//! `ops backup net [DEVICE…]`: the arguments, the run over the devices, and
//! the presentation (table, JSON view, summary line). Reading a device and
//! the record it leaves (`config/<device>.cfg`, committed only when it
//! really changed) belong to [`crate::device_config`].
//! The files are written with `[backup] mode` (0600 unless 0640), as backups are.

use crate::app::App;
use crate::check::{Status, fan_out};
use crate::commands::inspect::TargetArgs;
use crate::device_config::{Change, DeviceRead, config_path, read_device, record};
use crate::exit::Exit;
use crate::inspect::net::resolve_devices;
use crate::parse::device::Platform;
use crate::printer::sanitize;
use crate::ticket::TicketLink;
use crate::transport::ssh_config::SshConfig;
use anyhow::Result;
use clap::Args;
use serde::Serialize;
use std::time::Duration;

/// Back up network devices' running configurations into the records
/// repository
///
/// Each device's running configuration (`show running-config`, `display
/// current-configuration`) is read over SSH and saved in the records
/// repository as config/<device>.cfg (mode 0600, or `mode` under [backup] in
/// ops.toml), without the lines that change on every read (timestamps, `ntp
/// clock-period`, sizes) and with secrets replaced by <removed>, so a commit
/// appears only when a configuration really changed; its message names the
/// devices that changed. A running configuration that differs from the one
/// saved for the next boot (startup-config, saved-configuration) is a
/// warning. Only read-only commands are sent.
///
/// Devices come from the inventory ([[device]] with a platform); an address
/// needs --platform. A selection with no device is nothing to back up (exit
/// 0), so the same cron line fits every site. With --no-record nothing is
/// written: the CONFIG column says what would change.
///
/// Exit status: 0 all ok, 1 a configuration is not saved, 3 some device could
/// not be read.
#[derive(Debug, Args)]
#[command(
    mut_arg("targets", |a| a.value_name("DEVICE").help(
        "Inventory device names, group names or `all`, or [user@]host[:port] with \
         --platform [default: every [[device]] in the inventory]"
    )),
    after_help = "Examples:\n  ops backup net                   every device in the inventory\n  \
ops backup net core --ticket T-20261122-0001\n  \
ops backup net admin@192.0.2.2 --platform huawei_vrp"
)]
pub struct BackupNetArgs {
    #[command(flatten)]
    pub common: TargetArgs,

    /// Platform of devices named by address: cisco_ios or huawei_vrp
    #[arg(long, value_name = "PLATFORM")]
    pub platform: Option<String>,

    /// Time allowed for one command's output [default: 60s]
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse_duration)]
    pub command_timeout: Option<Duration>,
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
    findings: &'a [crate::check::Finding],
}

pub fn run(app: &App, args: BackupNetArgs) -> Result<Exit> {
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
    let selected = devices.len();
    let devices = args.common.in_shard(devices, |d| &d.target.name);
    if devices.is_empty() {
        let why = args.common.shard_holds_none(selected);
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
        |device| read_device(device, &ssh_options, settings.timeout, command_timeout),
    );

    // Which files change is decided under the writer lock.
    let mut changes = vec![Change::Failed; reads.len()];
    let mut commit = None;
    match app.recorder() {
        Some(records) => {
            let committed = records.transaction(|tx| {
                changes = record::changes(tx.root(), &reads);
                let written = record::write(tx, &reads, &changes, mode)?;
                // The ticket's side of the link lands in the same commit.
                if let (Some(link), false) = (&ticket, written.is_empty()) {
                    link.record(tx, &written)?;
                }
                let id = ticket.map(|t| t.id().to_string());
                Ok(((), record::commit_message(&reads, &changes, id.as_deref())))
            })?;
            commit = committed.commit;
        }
        None => {
            // --no-record: say what would change, write nothing.
            if let Some(records) = app.records() {
                changes = record::changes(records.root(), &reads);
            }
        }
    }
    record::add_backup_findings(&mut reads, &changes);
    print(app, &reads, &changes, commit.as_deref())?;
    let status = Status::worst(reads.iter().map(DeviceRead::status));
    let changed = changes.iter().filter(|c| c.is_written()).count();
    let summary = format!(
        "backup net: {} device{}, {changed} changed",
        reads.len(),
        if reads.len() == 1 { "" } else { "s" },
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

fn print(app: &App, reads: &[DeviceRead], changes: &[Change], commit: Option<&str>) -> Result<()> {
    if app.printer.json() {
        let view = BackupView {
            schema: 1,
            kind: "backup-net",
            status: Status::worst(reads.iter().map(DeviceRead::status)),
            commit,
            devices: reads
                .iter()
                .zip(changes)
                .map(|(r, c)| DeviceView {
                    device: &r.device,
                    address: &r.address,
                    status: r.status(),
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
    let mut t = crate::printer::new_table();
    t.set_header(["DEVICE", "STATUS", "CONFIG", "PROBLEMS"]);
    for (r, c) in reads.iter().zip(changes) {
        let problems: Vec<String> = r
            .findings
            .iter()
            .filter(|f| f.status > Status::Ok)
            .map(|f| format!("{}: {}", f.check, f.message))
            .collect();
        t.add_row([
            sanitize(&r.device),
            r.status().to_string(),
            c.as_str().to_string(),
            sanitize(&problems.join("; ")),
        ]);
    }
    app.printer.data(&t.to_string());
    Ok(())
}
