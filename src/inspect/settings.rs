//! `[inspect]` in ops.toml: how an inspection fans out and how long and how
//! much one target may take. Flags override it per run
//! (`commands::inspect::TargetArgs::settings`).
//!
//! ```toml
//! [inspect]
//! jobs = 128                 # targets inspected at once (default: all, up to 512)
//! timeout = "60s"            # everything about one target
//! connect_timeout = "10s"    # TCP connect and SSH handshake
//! max_output = "16 MiB"      # what one target may send before it is cut off
//! known_certs = "~/.config/ops/known_certs"   # pinned BMC certificates
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
    /// Where `inspect hw` keeps the BMC certificates pinned on first use
    /// [default: `~/.config/ops/known_certs`].
    pub known_certs: Option<std::path::PathBuf>,
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

/// The most targets inspected at once when neither `--jobs` nor `[inspect]
/// jobs` says. A target mostly waits on its link, not on this machine's
/// CPU, so every target of a fleet runs at once up to this bound (a
/// thread, a socket and a few kilobytes each): over a 100 ms link, waves of
/// 64 would make 300 targets take five times one target's time.
pub const MAX_AUTO_JOBS: usize = 512;

/// Open files one target may hold at once: its socket, a socket pair per
/// jump hop, and spool files for output that outgrows memory.
const FILES_PER_TARGET: u64 = 8;

/// The default `jobs`: [`MAX_AUTO_JOBS`], or fewer when the open-file limit
/// would not hold that many targets (it is first raised to its hard limit,
/// at most 8192, as far as the system allows).
pub fn auto_jobs() -> usize {
    let files = raise_open_file_limit(8192);
    let by_files = files.saturating_sub(64) / FILES_PER_TARGET;
    (by_files as usize).clamp(1, MAX_AUTO_JOBS)
}

/// Raise this process's soft `RLIMIT_NOFILE` towards `want` (never past the
/// hard limit); the soft limit after.
fn raise_open_file_limit(want: u64) -> u64 {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: one valid rlimit for the duration of each call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
        return 1024;
    }
    let target = want.min(lim.rlim_max);
    if lim.rlim_cur < target {
        let raised = libc::rlimit {
            rlim_cur: target,
            rlim_max: lim.rlim_max,
        };
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            return target;
        }
    }
    lim.rlim_cur
}

impl Default for InspectSettings {
    fn default() -> Self {
        InspectSettings {
            jobs: auto_jobs(),
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_output: crate::transport::limits::DEFAULT_MAX_OUTPUT,
            known_certs: None,
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
    fn the_default_fan_out_is_the_whole_fleet_up_to_the_bound() {
        let jobs = InspectSettings::default().jobs;
        assert!((1..=MAX_AUTO_JOBS).contains(&jobs), "{jobs}");
        // Where the open-file limit allows it (CI, a default Debian), the
        // default is the bound itself, not waves of 64 or 128.
        if raise_open_file_limit(8192) >= 64 + FILES_PER_TARGET * MAX_AUTO_JOBS as u64 {
            assert_eq!(jobs, MAX_AUTO_JOBS);
        }
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
