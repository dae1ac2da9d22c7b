//! Reading one network device's configuration: open its CLI session, ask for
//! the running configuration and the one saved for the next boot, and turn
//! the answers into a [`DeviceRead`]: the cleaned running configuration (the
//! text a backup keeps) and the findings on it.
//!
//! Only read-only `show`/`display` commands are sent. Each command has its
//! own deadline (`--command-timeout`) inside the device's (`--timeout`); an
//! error names whichever cut it. A device that rejects the running
//! configuration's command is a failed read (a Cisco account at user EXEC
//! is told to get privilege 15); one whose saved configuration cannot be
//! read still has its running configuration kept, with an unknown finding.

use super::clean::clean_config;
use super::compare::saved_finding;
use crate::check::{Finding, Status};
use crate::inspect::net::{DeviceTarget, open_shell};
use crate::parse::device::{Platform, device_error};
use crate::transport::ssh::SshOptions;
use anyhow::Result;
use std::time::{Duration, Instant};

/// The command that prints the running configuration.
pub fn running_command(platform: Platform) -> &'static str {
    match platform {
        Platform::CiscoIos => "show running-config",
        Platform::HuaweiVrp => "display current-configuration",
    }
}

/// The command that prints the configuration saved for the next boot.
pub fn saved_command(platform: Platform) -> &'static str {
    match platform {
        Platform::CiscoIos => "show startup-config",
        Platform::HuaweiVrp => "display saved-configuration",
    }
}

/// The command an engineer runs to save the running configuration (named
/// in findings, never sent: ops changes nothing on a device).
pub fn save_command(platform: Platform) -> &'static str {
    match platform {
        Platform::CiscoIos => "copy running-config startup-config",
        Platform::HuaweiVrp => "save",
    }
}

/// What was read from one device.
#[derive(Debug)]
pub struct DeviceRead {
    /// The device's inventory name (or its address, for an ad-hoc device).
    pub device: String,
    /// How it was reached, for people (`user@host:port`).
    pub address: String,
    pub duration: Duration,
    /// The cleaned running configuration, when it could be read.
    pub config: Option<String>,
    pub findings: Vec<Finding>,
    /// Why the configuration could not be read.
    pub error: Option<String>,
}

impl DeviceRead {
    /// The worst of its findings.
    pub fn status(&self) -> Status {
        Status::worst(self.findings.iter().map(|f| f.status))
    }
}

/// Read `device`'s running and saved configurations within `timeout`, each
/// command within `command_timeout`.
pub fn read_device(
    device: &DeviceTarget,
    options: &SshOptions,
    timeout: Duration,
    command_timeout: Duration,
) -> DeviceRead {
    let started = Instant::now();
    let deadline = started + timeout;
    let mut read = DeviceRead {
        device: device.target.name.clone(),
        address: device.target.spec.describe(),
        duration: Duration::ZERO,
        config: None,
        findings: Vec::new(),
        error: None,
    };
    let result = fetch(device, options, deadline, command_timeout);
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

/// The raw running configuration, and the saved one or why the device
/// would not show it.
fn fetch(
    device: &DeviceTarget,
    options: &SshOptions,
    deadline: Instant,
    command_timeout: Duration,
) -> Result<(String, Result<String, String>)> {
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
}
