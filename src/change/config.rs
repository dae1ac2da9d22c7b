//! `[change]` in ops.toml: how old the backup a change starts behind may be.

use serde::Deserialize;
use std::time::Duration;

/// The default of `backup_max_age`: a day, so yesterday's pre-change backup
/// does not stand for tonight's change.
pub const DEFAULT_BACKUP_MAX_AGE: Duration = Duration::from_secs(24 * 3600);

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChangeConfig {
    /// `"24h"`, `"90m"`, `"2d"`.
    #[serde(deserialize_with = "some_duration")]
    pub backup_max_age: Option<Duration>,
    /// The team shares one OS account on the jump host and names itself with
    /// `OPS_USER`: approval from the requester's own OS login is then
    /// accepted (it rests on the declared names alone). Off by default.
    pub shared_login: bool,
}

impl ChangeConfig {
    pub fn from_config(config: &crate::config::Config) -> anyhow::Result<ChangeConfig> {
        config.section("change")
    }

    pub fn backup_max_age(&self) -> Duration {
        self.backup_max_age.unwrap_or(DEFAULT_BACKUP_MAX_AGE)
    }
}

fn some_duration<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    crate::duration::serde_text::deserialize(d).map(Some)
}
