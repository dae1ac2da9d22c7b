//! `[inspect]` in ops.toml: how an inspection fans out and how long and how
//! much one target may take. Flags override it per run
//! (`commands::inspect::TargetArgs::settings`).
//!
//! ```toml
//! [inspect]
//! jobs = 128                 # targets inspected at once
//! timeout = "60s"            # everything about one target
//! connect_timeout = "10s"    # TCP connect and SSH handshake
//! max_output = "16 MiB"      # what one target may send before it is cut off
//! ```

use crate::config::Config;
use anyhow::Result;
use serde::{Deserialize, Deserializer};
use std::time::Duration;

/// `[inspect]`: how fan-out behaves.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InspectSettings {
    /// Targets inspected at once.
    pub jobs: usize,
    /// Everything about one target must finish within this.
    #[serde(with = "crate::duration::serde_text")]
    pub timeout: Duration,
    /// TCP connect and SSH handshake limit.
    #[serde(with = "crate::duration::serde_text")]
    pub connect_timeout: Duration,
    /// What one target may send before it is cut off (`"16 MiB"` or bytes).
    #[serde(deserialize_with = "size_text")]
    pub max_output: u64,
}

fn size_text<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(u64),
        Text(String),
    }
    let bytes = match Raw::deserialize(d)? {
        Raw::Int(n) => n,
        Raw::Text(s) => crate::size::parse_size(&s).map_err(serde::de::Error::custom)?,
    };
    if bytes == 0 {
        return Err(serde::de::Error::custom("max_output must be more than 0"));
    }
    Ok(bytes)
}

impl Default for InspectSettings {
    fn default() -> Self {
        InspectSettings {
            jobs: 128,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_output: crate::transport::limits::DEFAULT_MAX_OUTPUT,
        }
    }
}

impl InspectSettings {
    /// `[inspect]` of ops.toml, the defaults for what it leaves out.
    pub fn from_config(config: &Config) -> Result<InspectSettings> {
        config.section("inspect")
    }

    /// A limit that parses but cannot work, as (key, why): no target would
    /// ever be inspected with `jobs = 0`, none would finish within `0s`.
    pub fn unusable(&self) -> Option<(&'static str, &'static str)> {
        if self.jobs == 0 {
            Some(("jobs", "must be at least 1"))
        } else if self.timeout.is_zero() {
            Some(("timeout", "must be longer than 0s"))
        } else if self.connect_timeout.is_zero() {
            Some(("connect_timeout", "must be longer than 0s"))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_section_and_defaults_when_absent() {
        let c = Config::from_text("[inspect]\njobs = 8\ntimeout = \"5s\"\n");
        let s = InspectSettings::from_config(&c).unwrap();
        assert_eq!((s.jobs, s.timeout), (8, Duration::from_secs(5)));
        assert_eq!(s.connect_timeout, Duration::from_secs(10));
        assert_eq!(s.max_output, 16 << 20);
        let sized = Config::from_text("[inspect]\nmax_output = \"512 KiB\"\n");
        assert_eq!(
            InspectSettings::from_config(&sized).unwrap().max_output,
            512 << 10
        );
        let zero = Config::from_text("[inspect]\nmax_output = \"0\"\n");
        let err = InspectSettings::from_config(&zero).unwrap_err().to_string();
        assert!(err.contains("max_output must be more than 0"), "{err}");
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let c = Config::from_text("# comment\n[inspect]\njobs = \"many\"\n");
        let err = InspectSettings::from_config(&c).unwrap_err().to_string();
        assert!(err.starts_with("ops.toml:3:8: "), "{err}");
        let c = Config::from_text("[inspect]\nbogus = 1\n");
        let err = InspectSettings::from_config(&c).unwrap_err().to_string();
        assert!(
            err.starts_with("ops.toml:2:1: unknown field `bogus`"),
            "{err}"
        );
    }

    #[test]
    fn limits_that_cannot_work_are_named() {
        let c = Config::from_text("[inspect]\njobs = 0\n");
        let s = InspectSettings::from_config(&c).unwrap();
        assert_eq!(s.unusable(), Some(("jobs", "must be at least 1")));
        assert_eq!(InspectSettings::default().unusable(), None);
    }
}
