//! The collection script and the options baked into it.
//!
//! `collect.sh` is embedded as it is; the only thing `ops` changes is the
//! list of names to resolve, and only after checking each is a plain host
//! name, so nothing but letters, digits, dots and dashes ever reaches the
//! script text. Nothing a target returns is ever put into it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The script, as shipped.
pub const SCRIPT_TEMPLATE: &str = include_str!("collect.sh");

/// The output format the script prints (`@@ops collect 1`).
pub const SCRIPT_FORMAT: u32 = 1;

/// The sections the script prints, in order.
pub const SECTIONS: &[&str] = &[
    "meta",
    "os-release",
    "kernel",
    "hostname",
    "nproc",
    "uptime",
    "loadavg",
    "stat",
    "meminfo",
    "df",
    "df-inodes",
    "mdstat",
    "ip-link",
    "ip-addr",
    "net-sys",
    "route4",
    "route6",
    "ifconfig",
    "route-n",
    "gateway",
    "resolve",
    "errlog",
    "mail",
    "services",
    "timesync",
    "updates",
    "password",
    "mac",
    "accounts",
    "hw-raid",
    "smart",
    "ipmi",
];

const RESOLVE_LINE: &str = "OPS_RESOLVE=''";
const UPDATES_LINE: &str = "OPS_UPDATES=1";
const PING_LINE: &str = "OPS_PING=1";
const HW_SUDO_LINE: &str = "OPS_HW_SUDO=0";

/// A plain host name: letters, digits, `.` and `-`, labels of 1 to 63
/// characters, at most 253 in all, not starting with `-` or `.`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HostName(String);

impl HostName {
    pub fn new(name: &str) -> Result<HostName, String> {
        let n = name.strip_suffix('.').unwrap_or(name);
        if n.is_empty() {
            return Err("a name to resolve is empty".to_string());
        }
        if n.len() > 253 {
            return Err(format!(
                "name to resolve is longer than 253 characters: {name:?}"
            ));
        }
        if let Some(c) = n
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '.' || *c == '-'))
        {
            return Err(format!(
                "name to resolve {name:?} contains {c:?}: only letters, digits, '.' and '-' are allowed"
            ));
        }
        for label in n.split('.') {
            if label.is_empty() || label.len() > 63 || label.starts_with('-') {
                return Err(format!(
                    "name to resolve {name:?} is not a host name (empty, over-long or dash-led label)"
                ));
            }
        }
        Ok(HostName(n.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for HostName {
    type Err = String;
    fn from_str(s: &str) -> Result<HostName, String> {
        HostName::new(s)
    }
}

impl TryFrom<String> for HostName {
    type Error = String;
    fn try_from(s: String) -> Result<HostName, String> {
        HostName::new(&s)
    }
}

impl From<HostName> for String {
    fn from(h: HostName) -> String {
        h.0
    }
}

impl fmt::Display for HostName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the script is built with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectOptions {
    /// Names to look up with `getent hosts`; empty means the host's own name.
    pub resolve: Vec<HostName>,
    /// Whether to count pending security updates (the one costly section:
    /// apt's simulation takes seconds of CPU on the target).
    pub updates: bool,
    /// Whether to ping default gateways (else only their neighbour entries).
    pub ping: bool,
    /// Whether to run the hardware tools through `sudo -n` when not root
    /// (`hw_sudo = true`).
    pub hw_sudo: bool,
}

impl Default for CollectOptions {
    fn default() -> CollectOptions {
        CollectOptions {
            resolve: Vec::new(),
            updates: true,
            ping: true,
            hw_sudo: false,
        }
    }
}

impl CollectOptions {
    /// Options from plain strings, refusing any that is not a host name.
    pub fn new<I, S>(resolve: I) -> Result<CollectOptions, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let resolve = resolve
            .into_iter()
            .map(|n| HostName::new(n.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CollectOptions {
            resolve,
            ..CollectOptions::default()
        })
    }
}

/// The script to feed to `sh -s` on the target.
pub fn script(opts: &CollectOptions) -> String {
    let names: Vec<&str> = opts.resolve.iter().map(HostName::as_str).collect();
    // HostName admits no quote, space or shell metacharacter, so single
    // quotes hold the list safely.
    let line = format!("OPS_RESOLVE='{}'", names.join(" "));
    let mut script = SCRIPT_TEMPLATE.replacen(RESOLVE_LINE, &line, 1);
    if !opts.updates {
        script = script.replacen(UPDATES_LINE, "OPS_UPDATES=0", 1);
    }
    if !opts.ping {
        script = script.replacen(PING_LINE, "OPS_PING=0", 1);
    }
    if opts.hw_sudo {
        script = script.replacen(HW_SUDO_LINE, "OPS_HW_SUDO=1", 1);
    }
    script
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_updates_check_can_be_turned_off() {
        let on = script(&CollectOptions::default());
        // Run below, so without the gateway ping: tests stay on loopback.
        let off = script(&CollectOptions {
            updates: false,
            ping: false,
            ..CollectOptions::default()
        });
        assert!(on.contains("\nOPS_UPDATES=1\n") && off.contains("\nOPS_UPDATES=0\n"));
        assert!(on.contains("\nOPS_PING=1\n") && off.contains("\nOPS_PING=0\n"));
        let sudo = script(&CollectOptions {
            hw_sudo: true,
            ..CollectOptions::default()
        });
        assert!(on.contains("\nOPS_HW_SUDO=0\n") && sudo.contains("\nOPS_HW_SUDO=1\n"));
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&off)
            .output()
            .unwrap();
        let facts = crate::inspect::host::facts_from_output(&String::from_utf8_lossy(&out.stdout));
        let (findings, _) = crate::inspect::host::evaluate(&facts, &Default::default(), None);
        let updates = findings
            .iter()
            .find(|f| f.check == "updates.security")
            .unwrap();
        assert_eq!(updates.status, crate::check::Status::Skip, "{updates:?}");
        assert!(
            updates.message.contains("check_security_updates = false"),
            "{}",
            updates.message
        );
    }

    #[test]
    fn host_names_are_checked() {
        for good in [
            "vm",
            "db01.example.com",
            "db01.example.com.",
            "a-b.c",
            "10.0.0.1",
        ] {
            assert!(HostName::new(good).is_ok(), "{good}");
        }
        assert_eq!(HostName::new("x.example.").unwrap().as_str(), "x.example");
        for bad in [
            "",
            ".",
            "a..b",
            "-x",
            "a.-b",
            "a b",
            "a'b",
            "$(reboot)",
            "a;b",
            "`id`",
            "é.example",
            "a_b",
            &"a".repeat(64),
            &format!("{}.x", vec!["a".repeat(63); 4].join(".")),
        ] {
            assert!(HostName::new(bad).is_err(), "{bad:?}");
        }
        assert!(CollectOptions::new(["ok.example", "not ok"]).is_err());
    }

    #[test]
    fn script_carries_the_names_and_nothing_else_changes() {
        assert_eq!(SCRIPT_TEMPLATE.matches(RESOLVE_LINE).count(), 1);
        let plain = script(&CollectOptions::default());
        assert_eq!(plain, SCRIPT_TEMPLATE);
        let opts = CollectOptions::new(["db01.example.com", "gw"]).unwrap();
        let s = script(&opts);
        assert!(s.contains("\nOPS_RESOLVE='db01.example.com gw'\n"));
        assert_eq!(
            s.replace("OPS_RESOLVE='db01.example.com gw'", RESOLVE_LINE),
            SCRIPT_TEMPLATE
        );
    }

    #[test]
    fn every_section_is_in_the_script() {
        for name in SECTIONS {
            assert!(
                SCRIPT_TEMPLATE.contains(&format!("ops_section {name} ")),
                "{name}"
            );
        }
        assert!(SCRIPT_TEMPLATE.contains(&format!("@@ops collect {SCRIPT_FORMAT}")));
    }

    #[test]
    fn names_deserialize_checked() {
        #[derive(Deserialize)]
        struct T {
            resolve: Vec<HostName>,
        }
        let t: T = toml::from_str("resolve = [\"a.example\"]").unwrap();
        assert_eq!(t.resolve[0].as_str(), "a.example");
        let e = toml::from_str::<T>("resolve = [\"a;b\"]").err().unwrap();
        assert!(e.to_string().contains("only letters, digits"), "{e}");
    }
}
