//! The transports that reach a target.
//!
//! A transport runs one command on a target and returns its output within a
//! deadline. `local` runs it here with `sh`; `ssh` runs it over an SSH exec
//! channel. Everything an inspection learns from a host comes through one
//! [`Transport::exec`] call.

pub mod limits;
pub mod local;
mod pump;
pub mod shell;
mod spool;
pub mod ssh;
pub mod ssh_config;
mod ssh_jump;
pub mod ssh_settings;
pub mod tunnel;

use anyhow::Result;
use std::time::Instant;

pub use limits::{Cut, reason};

/// What a command printed and how it ended.
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    /// None when the command was killed by a signal or the status was not sent.
    pub exit_status: Option<i32>,
}

pub trait Transport {
    /// Run `command` with `stdin` fed to it, and return when it has finished,
    /// or fail with a [`Cut`] when `deadline` passes first or the target sends
    /// more than its output cap.
    fn exec(&mut self, command: &str, stdin: &[u8], deadline: Instant) -> Result<Output>;

    /// Run the POSIX sh `script`, which reads no input of its own: by default
    /// `sh -s` with the script on its stdin.
    fn run_script(&mut self, script: &Script, deadline: Instant) -> Result<Output> {
        self.exec("sh -s", script.text().as_bytes(), deadline)
    }
}

/// A POSIX sh script to run on targets, and the one command line SSH sends
/// it as ([`ssh::inline_script`]): made once, shared by every target that
/// runs the same script, so a fleet of 300 holds one copy, not 600.
#[derive(Debug, Clone)]
pub struct Script {
    text: std::sync::Arc<str>,
    inline: Option<std::sync::Arc<str>>,
}

impl Script {
    pub fn new(text: String) -> Script {
        Script {
            inline: ssh::inline_script(&text).map(Into::into),
            text: text.into(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The script as one command line, when it fits on one.
    pub fn inline(&self) -> Option<&str> {
        self.inline.as_deref()
    }
}

/// This machine's host name, for records and commit signatures.
pub fn local_hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "localhost".to_string())
}

/// Time left until `deadline`, or a [`Cut::Deadline`] naming what ran out of time.
pub fn remaining(deadline: Instant, what: &str) -> Result<std::time::Duration> {
    deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
        .ok_or_else(|| anyhow::Error::new(Cut::Deadline).context(format!("before {what}")))
}
