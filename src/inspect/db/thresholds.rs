//! `[thresholds.db]` in ops.toml, overridden per group and per `[[db]]` entry
//! (`thresholds = { … }`) the same way host thresholds are.
//!
//! ```toml
//! [thresholds.db]
//! free_pct = { warn = 20, crit = 10 }          # filesystem, tablespace and per-database quota
//! connections_pct = { warn = 80, crit = 95 }
//! replication_lag_s = { warn = 60, crit = 300 }
//! transaction_running = { warn = "1h" }        # a transaction running a statement
//! transaction_idle = { warn = "1h" }           # idle in transaction (holds locks, blocks vacuum)
//! connect_time = { warn = "5s" }
//! database_max = "50 GiB"                      # optional quota per database
//! expect_role = "primary"                      # optional: "primary" or "replica"
//! backup_set = "app-db"                        # older way to link a set: prefer `db = …` in [[backup.set]]
//! backup_max_age = "26h"                       # its policy when the set is not in ops.toml
//! ```

use crate::check::{Limits, OrderProblem, Status, Worse, check_orders};
use crate::size::parse_size;
use serde::{Deserialize, Deserializer};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DbThresholds {
    /// Free space (%) of a filesystem, a size-limited tablespace or a
    /// database quota: bad when below.
    pub free_pct: Limits,
    /// Connections in use against the maximum (%): bad when above.
    pub connections_pct: Limits,
    /// Replication lag in seconds: bad when above.
    pub replication_lag_s: Limits,
    pub transaction_running: AgeLimit,
    pub transaction_idle: AgeLimit,
    pub connect_time: AgeLimit,
    /// A size every database should stay under, if the team sets one.
    #[serde(deserialize_with = "de_size_opt")]
    pub database_max: Option<u64>,
    pub expect_role: Option<ExpectRole>,
    /// The `[[backup.set]]` whose verification records tell this database's
    /// last good backup, as configurations before `db =` in `[[backup.set]]`
    /// named it (without either: a set named like the inventory entry, when
    /// it has records).
    pub backup_set: Option<String>,
    #[serde(with = "crate::duration::serde_text")]
    pub backup_max_age: Duration,
}

impl Default for DbThresholds {
    fn default() -> Self {
        DbThresholds {
            free_pct: Limits::new(20.0, 10.0),
            connections_pct: Limits::new(80.0, 95.0),
            replication_lag_s: Limits::new(60.0, 300.0),
            transaction_running: AgeLimit::warn(Duration::from_secs(3600)),
            transaction_idle: AgeLimit::warn(Duration::from_secs(3600)),
            connect_time: AgeLimit::warn(Duration::from_secs(5)),
            database_max: None,
            expect_role: None,
            backup_set: None,
            backup_max_age: Duration::from_secs(26 * 3600),
        }
    }
}

impl DbThresholds {
    /// Every warn/crit pair in the direction that is worse for it (free
    /// space is worse when lower, everything else when higher).
    pub fn check(&self) -> Result<(), OrderProblem> {
        check_orders(&[
            ("free_pct", self.free_pct, Worse::Below),
            ("connections_pct", self.connections_pct, Worse::Above),
            ("replication_lag_s", self.replication_lag_s, Worse::Above),
        ])?;
        for (key, age) in [
            ("transaction_running", self.transaction_running),
            ("transaction_idle", self.transaction_idle),
            ("connect_time", self.connect_time),
        ] {
            if let Some(crit) = age.crit
                && crit < age.warn
            {
                return Err(OrderProblem {
                    key: vec![key.to_string()],
                    message: format!(
                        "warn = {:?} is beyond crit = {:?} (longer is worse, so warn must not be above crit)",
                        crate::duration::display(age.warn),
                        crate::duration::display(crit)
                    ),
                });
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpectRole {
    Primary,
    Replica,
}

/// A warn age and an optional crit age, written as durations (`"1h"`).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeLimit {
    #[serde(with = "crate::duration::serde_text")]
    pub warn: Duration,
    #[serde(default, deserialize_with = "de_duration_opt")]
    pub crit: Option<Duration>,
}

impl AgeLimit {
    pub const fn warn(warn: Duration) -> AgeLimit {
        AgeLimit { warn, crit: None }
    }

    pub fn judge(&self, age: Duration) -> Status {
        match self.crit {
            Some(c) if age > c => Status::Crit,
            _ if age > self.warn => Status::Warn,
            _ => Status::Ok,
        }
    }

    pub fn describe(&self) -> String {
        match self.crit {
            Some(c) => format!(
                "warn > {}, crit > {}",
                crate::duration::display(self.warn),
                crate::duration::display(c)
            ),
            None => format!("warn > {}", crate::duration::display(self.warn)),
        }
    }
}

fn de_duration_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    let s = String::deserialize(d)?;
    crate::duration::parse_duration(&s)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

fn de_size_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(u64),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Int(n) => Ok(Some(n)),
        Raw::Text(s) => parse_size(&s).map(Some).map_err(serde::de::Error::custom),
    }
}

/// Bytes as people read them: `12.3 MiB`.
pub fn fmt_bytes(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut v = bytes as f64;
    let mut i = 0;
    while v >= 1024.0 && i < UNITS.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_spec_and_overrides_parse() {
        let t = DbThresholds::default();
        assert_eq!(t.connections_pct, Limits::new(80.0, 95.0));
        assert_eq!(t.replication_lag_s, Limits::new(60.0, 300.0));
        assert_eq!(t.free_pct, Limits::new(20.0, 10.0));
        assert_eq!(t.transaction_idle.warn, Duration::from_secs(3600));
        let t: DbThresholds = toml::from_str(
            "transaction_idle = { warn = \"2s\", crit = \"1m\" }\ndatabase_max = \"1.5 GiB\"\nexpect_role = \"replica\"\n",
        )
        .unwrap();
        assert_eq!(
            t.transaction_idle.judge(Duration::from_secs(3)),
            Status::Warn
        );
        assert_eq!(
            t.transaction_idle.judge(Duration::from_secs(61)),
            Status::Crit
        );
        assert_eq!(
            t.transaction_running.judge(Duration::from_secs(61)),
            Status::Ok
        );
        assert_eq!(t.database_max, Some(1610612736));
        assert_eq!(t.expect_role, Some(ExpectRole::Replica));
        let err = toml::from_str::<DbThresholds>("connections = 3\n").unwrap_err();
        assert!(
            err.to_string().contains("unknown field `connections`"),
            "{err}"
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(fmt_bytes(1536), "1.5 KiB");
        assert_eq!(fmt_bytes(12), "12 B");
    }
}
