//! What the network-device checks judge against, from `[thresholds.net]`
//! in ops.toml, overridden per group and per device in the inventory (the
//! tables are deep-merged, so a layer sets only what it changes):
//!
//! ```toml
//! [thresholds.net]
//! cpu_pct = { warn = 70, crit = 90 }          # 5-minute CPU
//! memory_used_pct = { warn = 80, crit = 90 }
//! error_growth = { warn = 0, crit = 1000 }    # per counter, since the last inspection
//! recent_reload = "24h"
//! require_default_route = true
//! expected_prefixes = ["10.0.0.0/8", "192.0.2.0/24"]
//! interfaces_ignore = ["Vlan1", "NULL*"]
//! interface_down = "warn"                     # enabled but down
//! protocol_down = "crit"                      # link up, line protocol down
//! ```

use crate::check::{Limits, OrderProblem, Status, Worse, check_orders};
use serde::{Deserialize, Deserializer};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NetThresholds {
    /// 5-minute CPU use in % (above).
    pub cpu_pct: Limits,
    /// Memory used in % of the total (above).
    pub memory_used_pct: Limits,
    /// Growth of one error counter of one interface since the last
    /// inspection (above); on a first inspection, its absolute value.
    pub error_growth: Limits,
    /// An uptime below this is a recent reload: warn.
    #[serde(deserialize_with = "duration")]
    pub recent_reload: Duration,
    /// No default route: warn (turn off for devices that route only what
    /// they are connected to).
    pub require_default_route: bool,
    /// Prefixes (`network/length`) the routing table must hold; each one
    /// missing is crit.
    pub expected_prefixes: Vec<Prefix>,
    /// Interfaces never judged (`*` matches any run of characters); matched
    /// against the name as the device prints it.
    pub interfaces_ignore: Vec<String>,
    /// The verdict for an interface that is enabled (not shut down) but down.
    #[serde(deserialize_with = "verdict")]
    pub interface_down: Status,
    /// The verdict for line protocol down on an interface whose link is up.
    #[serde(deserialize_with = "verdict")]
    pub protocol_down: Status,
}

impl Default for NetThresholds {
    fn default() -> NetThresholds {
        NetThresholds {
            cpu_pct: Limits::new(70.0, 90.0),
            memory_used_pct: Limits::new(80.0, 90.0),
            error_growth: Limits::new(0.0, 1000.0),
            recent_reload: Duration::from_secs(24 * 3600),
            require_default_route: true,
            expected_prefixes: Vec::new(),
            interfaces_ignore: Vec::new(),
            interface_down: Status::Warn,
            protocol_down: Status::Crit,
        }
    }
}

impl NetThresholds {
    /// Every warn/crit pair in the direction that is worse for it.
    pub fn check(&self) -> Result<(), OrderProblem> {
        check_orders(&[
            ("cpu_pct", self.cpu_pct, Worse::Above),
            ("memory_used_pct", self.memory_used_pct, Worse::Above),
            ("error_growth", self.error_growth, Worse::Above),
        ])
    }

    pub fn ignored(&self, interface: &str) -> bool {
        self.interfaces_ignore
            .iter()
            .any(|p| crate::inspect::host::glob_match(p, interface))
    }
}

/// An IPv4 or IPv6 prefix as `network/length`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefix {
    pub network: String,
    pub length: u8,
}

impl std::fmt::Display for Prefix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.network, self.length)
    }
}

impl std::str::FromStr for Prefix {
    type Err = String;

    fn from_str(s: &str) -> Result<Prefix, String> {
        let bad = || format!("{s:?} is not a prefix (network/length, e.g. 10.0.0.0/8)");
        let (network, length) = s.trim().split_once('/').ok_or_else(bad)?;
        let addr: std::net::IpAddr = network.parse().map_err(|_| bad())?;
        let length: u8 = length.parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        if length > max {
            return Err(bad());
        }
        Ok(Prefix {
            network: network.to_string(),
            length,
        })
    }
}

impl<'de> Deserialize<'de> for Prefix {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Prefix, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

fn duration<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    crate::duration::serde_text::deserialize(d)
}

fn verdict<'de, D: Deserializer<'de>>(d: D) -> Result<Status, D::Error> {
    match String::deserialize(d)?.as_str() {
        "ok" => Ok(Status::Ok),
        "warn" => Ok(Status::Warn),
        "crit" => Ok(Status::Crit),
        other => Err(serde::de::Error::custom(format!(
            "{other:?} is not a verdict (ok, warn or crit)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_table_is_the_defaults_and_layers_parse() {
        let t: NetThresholds = toml::from_str("").unwrap();
        assert_eq!(t, NetThresholds::default());
        let t: NetThresholds = toml::from_str(
            "cpu_pct = { warn = 50, crit = 80 }\nrecent_reload = \"2h\"\nexpected_prefixes = [\"10.0.0.0/8\", \"2001:db8::/32\"]\ninterface_down = \"crit\"\ninterfaces_ignore = [\"Gi1/0/4*\"]\n",
        )
        .unwrap();
        assert_eq!(t.cpu_pct, Limits::new(50.0, 80.0));
        assert_eq!(t.recent_reload, Duration::from_secs(7200));
        assert_eq!(t.expected_prefixes[1].to_string(), "2001:db8::/32");
        assert_eq!(t.interface_down, Status::Crit);
        assert!(t.ignored("Gi1/0/48") && !t.ignored("Gi1/0/1"));
    }

    #[test]
    fn bad_values_are_refused() {
        for bad in [
            "expected_prefixes = [\"10.0.0.0\"]",
            "expected_prefixes = [\"10.0.0.0/33\"]",
            "interface_down = \"bad\"",
            "recent_reload = \"soon\"",
            "cpu = 5",
        ] {
            assert!(toml::from_str::<NetThresholds>(bad).is_err(), "{bad}");
        }
    }
}
