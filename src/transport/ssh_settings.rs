//! `[ssh]` in ops.toml: SSH client settings that are not per host (per-host
//! ones are the inventory's and `~/.ssh/config`'s).
//!
//! ```toml
//! [ssh]
//! known_hosts = "/etc/ops/known_hosts"
//! ```

use crate::config::Config;
use anyhow::Result;
use serde::Deserialize;
use std::path::PathBuf;

/// `[ssh]`: client settings that are not per host.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SshSettings {
    /// known_hosts file (default: the one `~/.ssh/config` names, else `~/.ssh/known_hosts`).
    pub known_hosts: Option<PathBuf>,
}

impl SshSettings {
    /// `[ssh]` of ops.toml, empty when absent.
    pub fn from_config(config: &Config) -> Result<SshSettings> {
        config.section("ssh")
    }
}
