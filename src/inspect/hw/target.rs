//! From command-line words to BMCs and UPSes to inspect.
//!
//! A word is a `[[bmc]]` or `[[ups]]` entry, a group, `all`, or an address:
//! `redfish://[user@]host[:port]`, `ipmi://[user@]host[:port]` or
//! `nut://[user@]host[:port]/NAME`. No word means every `[[bmc]]` and
//! `[[ups]]` entry. Passwords are refused in addresses: they would be
//! visible in `ps` and shell history.

use crate::inventory::resolve::Validate;
use crate::inventory::{Inventory, Kind};
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Redfish,
    Ipmi,
    Nut,
}

impl Protocol {
    pub fn parse(word: &str) -> Option<Protocol> {
        match word {
            "redfish" => Some(Protocol::Redfish),
            "ipmi" => Some(Protocol::Ipmi),
            "nut" => Some(Protocol::Nut),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Redfish => "redfish",
            Protocol::Ipmi => "ipmi",
            Protocol::Nut => "nut",
        }
    }

    /// HTTPS for Redfish, RMCP+ for IPMI, upsd's for NUT.
    pub fn default_port(self) -> u16 {
        match self {
            Protocol::Redfish => 443,
            Protocol::Ipmi => 623,
            Protocol::Nut => 3493,
        }
    }
}

/// One BMC or UPS to inspect.
#[derive(Debug, Clone, PartialEq)]
pub struct HwTarget {
    /// The inventory name, or the address for an ad-hoc target.
    pub name: String,
    pub protocol: Protocol,
    /// Name or IP to connect to.
    pub address: String,
    pub port: u16,
    pub user: Option<String>,
    pub password_env: Option<String>,
    /// NUT: the UPS's name in `upsd`.
    pub ups: Option<String>,
    /// The `[[host]]`s this target belongs to: the server of a BMC, the
    /// servers a UPS powers.
    pub hosts: Vec<String>,
    /// Redfish: a CA file to verify the certificate against.
    pub ca: Option<PathBuf>,
    /// Redfish: the pinned certificate fingerprint (`sha256:HEX`).
    pub fingerprint: Option<String>,
    /// Threshold overrides of the entry's groups and the entry.
    pub overrides: toml::Table,
}

impl HwTarget {
    /// How it is reached, for tables and records: never a password.
    pub fn describe(&self) -> String {
        let user = self
            .user
            .as_deref()
            .map(|u| format!("{u}@"))
            .unwrap_or_default();
        let host = if self.address.contains(':') {
            format!("[{}]", self.address)
        } else {
            self.address.clone()
        };
        let ups = self
            .ups
            .as_deref()
            .map(|u| format!("/{u}"))
            .unwrap_or_default();
        format!(
            "{}://{user}{host}:{}{ups}",
            self.protocol.as_str(),
            self.port
        )
    }
}

/// Every target the words select, in order, each once.
pub fn resolve_hw(
    words: &[String],
    inventory: &Inventory,
    validate: Validate,
) -> Result<Vec<HwTarget>> {
    let mut out: Vec<HwTarget> = Vec::new();
    let mut push = |t: HwTarget| {
        if !out.iter().any(|o| o.name == t.name) {
            out.push(t);
        }
    };
    let words: Vec<String> = if words.is_empty() {
        vec!["all".into()]
    } else {
        words.to_vec()
    };
    for word in &words {
        let bmcs = inventory.select(word, Kind::Bmc);
        let upses = inventory.select(word, Kind::Ups);
        if bmcs.is_none() && upses.is_none() {
            push(from_url(word, inventory)?);
            continue;
        }
        for name in bmcs.unwrap_or_default() {
            push(from_bmc(&name, inventory, validate)?);
        }
        for name in upses.unwrap_or_default() {
            push(from_ups(&name, inventory, validate)?);
        }
    }
    Ok(out)
}

/// Why no target was selected, for "nothing to inspect".
pub fn empty_selection(words: &[String]) -> String {
    if words.is_empty() {
        "the inventory has no [[bmc]] or [[ups]] entries".into()
    } else {
        format!("{} selects no [[bmc]] or [[ups]] entry", words.join(" "))
    }
}

fn from_bmc(name: &str, inventory: &Inventory, validate: Validate) -> Result<HwTarget> {
    let b = inventory.bmc(name).expect("selected from the inventory");
    let protocol = Protocol::parse(&b.protocol).expect("validated by the inventory");
    let overrides = inventory.threshold_layers(
        &toml::Table::new(),
        &b.name,
        &b.groups,
        b.thresholds.as_ref(),
        validate,
    )?;
    if let Some(f) = &b.fingerprint
        && parse_fingerprint(f).is_none()
    {
        return Err(inventory.error_at(
            b.name.span(),
            format!("bmc {name:?}: fingerprint must be sha256: and 64 hex digits, not {f:?}"),
        ));
    }
    Ok(HwTarget {
        name: name.to_string(),
        protocol,
        address: b.address.clone().unwrap_or_else(|| name.to_string()),
        port: b.port.unwrap_or(protocol.default_port()),
        user: b.user.clone(),
        password_env: b.password_env.clone(),
        ups: None,
        hosts: b.host.iter().map(|h| h.get_ref().clone()).collect(),
        ca: b.ca.as_deref().map(expand_home),
        fingerprint: b.fingerprint.clone(),
        overrides,
    })
}

fn from_ups(name: &str, inventory: &Inventory, validate: Validate) -> Result<HwTarget> {
    let u = inventory.ups(name).expect("selected from the inventory");
    let overrides = inventory.threshold_layers(
        &toml::Table::new(),
        &u.name,
        &u.groups,
        u.thresholds.as_ref(),
        validate,
    )?;
    Ok(HwTarget {
        name: name.to_string(),
        protocol: Protocol::Nut,
        address: u.address.clone().unwrap_or_else(|| "localhost".into()),
        port: u.port.unwrap_or(Protocol::Nut.default_port()),
        user: u.user.clone(),
        password_env: u.password_env.clone(),
        ups: Some(u.ups.clone().unwrap_or_else(|| name.to_string())),
        hosts: u.hosts.iter().map(|h| h.get_ref().clone()).collect(),
        ca: None,
        fingerprint: None,
        overrides,
    })
}

fn expand_home(path: &std::path::Path) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path.to_path_buf(),
    }
}

/// The 32 bytes of a `sha256:HEX` fingerprint (colons between bytes allowed).
pub fn parse_fingerprint(text: &str) -> Option<[u8; 32]> {
    let hex: String = text
        .strip_prefix("sha256:")?
        .chars()
        .filter(|c| *c != ':')
        .collect();
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// `redfish://[user@]host[:port]`, `ipmi://…`, `nut://[user@]host[:port]/NAME`.
fn from_url(word: &str, inventory: &Inventory) -> Result<HwTarget> {
    let Some((scheme, rest)) = word.split_once("://") else {
        return Err(crate::usage_error!(
            "{}; name an ad-hoc target as redfish://[USER@]HOST[:PORT], ipmi://[USER@]HOST[:PORT] or nut://[USER@]HOST[:PORT]/UPS",
            crate::inventory::resolve::not_in_inventory(word, inventory)
        ));
    };
    let protocol = Protocol::parse(scheme).ok_or_else(|| {
        crate::usage_error!("unknown hardware scheme {scheme:?}: use redfish://, ipmi:// or nut://")
    })?;
    let (authority, path) = match rest.split_once('/') {
        Some((a, p)) => (a, p),
        None => (rest, ""),
    };
    // Do not echo the word when it holds a password.
    let (user, hostport) = crate::inventory::resolve::user_and_host(authority).map_err(|()| {
        crate::usage_error!(
            "a {scheme}:// address holds a password; ops never takes passwords from arguments: \
             use password_env in the inventory or answer the prompt"
        )
    })?;
    let bad = || crate::usage_error!("{word:?} is not a valid {scheme}:// address");
    let (address, port) = crate::inventory::resolve::host_port(hostport).ok_or_else(bad)?;
    let (address, port) = (address.to_string(), port.unwrap_or(protocol.default_port()));
    let ups = match (protocol, path) {
        (Protocol::Nut, "") => {
            return Err(crate::usage_error!(
                "{word:?} names no UPS: write nut://[USER@]HOST[:PORT]/UPS"
            ));
        }
        (Protocol::Nut, name) => Some(name.to_string()),
        (_, "") => None,
        (_, _) => return Err(bad()),
    };
    Ok(HwTarget {
        name: word.to_string(),
        protocol,
        address,
        port,
        user: user.map(str::to_string),
        password_env: None,
        ups,
        hosts: Vec::new(),
        ca: None,
        fingerprint: None,
        overrides: toml::Table::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inventory(text: &str) -> Inventory {
        Inventory::parse(std::path::Path::new("inventory.toml"), text).unwrap()
    }

    const INVENTORY: &str = r#"
[[host]]
name = "web01"
address = "192.0.2.11"

[[bmc]]
name = "web01-bmc"
protocol = "redfish"
address = "192.0.2.111"
user = "ops"
password_env = "WEB01_BMC_PASSWORD"
host = "web01"
groups = ["rack1"]

[[ups]]
name = "rack1-ups"
address = "192.0.2.50"
ups = "ups1"
hosts = ["web01"]
groups = ["rack1"]
"#;

    #[test]
    fn no_word_selects_every_bmc_and_ups() {
        let inv = inventory(INVENTORY);
        let targets = resolve_hw(&[], &inv, &|_| Ok(())).unwrap();
        let names: Vec<_> = targets.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["web01-bmc", "rack1-ups"]);
        assert_eq!(targets[0].describe(), "redfish://ops@192.0.2.111:443");
        assert_eq!(targets[0].hosts, ["web01"]);
        assert_eq!(targets[1].describe(), "nut://192.0.2.50:3493/ups1");
        let group = resolve_hw(&["rack1".into()], &inv, &|_| Ok(())).unwrap();
        assert_eq!(group.len(), 2);
    }

    #[test]
    fn addresses_of_each_protocol() {
        let inv = Inventory::default();
        let words = [
            "redfish://admin@127.0.0.7:8443".to_string(),
            "ipmi://127.0.0.8".into(),
            "nut://127.0.0.9/ups2".into(),
            "redfish://[::1]:9443".into(),
        ];
        let t = resolve_hw(&words, &inv, &|_| Ok(())).unwrap();
        assert_eq!(t[0].protocol, Protocol::Redfish);
        assert_eq!((t[0].address.as_str(), t[0].port), ("127.0.0.7", 8443));
        assert_eq!(t[0].user.as_deref(), Some("admin"));
        assert_eq!((t[1].protocol, t[1].port), (Protocol::Ipmi, 623));
        assert_eq!(t[2].ups.as_deref(), Some("ups2"));
        assert_eq!(t[2].port, 3493);
        assert_eq!((t[3].address.as_str(), t[3].port), ("::1", 9443));
    }

    #[test]
    fn a_password_in_an_address_is_refused_without_echoing_it() {
        let err = resolve_hw(
            &["redfish://root:calvin@127.0.0.1".into()],
            &Inventory::default(),
            &|_| Ok(()),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("holds a password"), "{err}");
        assert!(!err.contains("calvin"), "{err}");
    }

    #[test]
    fn bad_words_are_refused() {
        let inv = Inventory::default();
        for word in ["nut://127.0.0.1", "snmp://x", "web99", "redfish://h:99999"] {
            assert!(
                resolve_hw(&[word.into()], &inv, &|_| Ok(())).is_err(),
                "{word}"
            );
        }
    }

    #[test]
    fn a_bmc_of_an_unknown_host_is_refused_at_its_line() {
        let text = "[[host]]\nname = \"web01\"\n\n[[bmc]]\nname = \"b\"\nprotocol = \"ipmi\"\nhost = \"web1\"\n";
        let err = Inventory::parse(std::path::Path::new("inventory.toml"), text)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("inventory.toml:7:"), "{err}");
        assert!(err.contains("did you mean \"web01\""), "{err}");
    }

    #[test]
    fn fingerprints_parse_with_or_without_colons() {
        let hex = "ab".repeat(32);
        assert_eq!(
            parse_fingerprint(&format!("sha256:{hex}")),
            Some([0xab; 32])
        );
        let colons = vec!["AB"; 32].join(":");
        assert_eq!(
            parse_fingerprint(&format!("sha256:{colons}")),
            Some([0xab; 32])
        );
        assert_eq!(parse_fingerprint("sha256:abc"), None);
        assert_eq!(parse_fingerprint(&hex), None);
    }
}
