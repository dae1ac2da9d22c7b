//! `inventory.toml`: the hosts, network devices and databases a team looks
//! after, their groups, SSH settings and threshold overrides.
//!
//! ```toml
//! [defaults]
//! user = "ops"
//!
//! [[host]]
//! name = "web01"
//! address = "192.0.2.11"
//! groups = ["web"]
//! [host.thresholds.mounts."/data"]
//! fs_used_pct = { warn = 95, crit = 98 }
//!
//! [group.web]
//! members = ["web02"]
//! thresholds = { load_per_core = { warn = 2.0, crit = 4.0 } }
//! ```
//!
//! A group is any name under `[group.…]` or in an entry's `groups = […]`.
//! Entry names become directory names of the records repository, so they are
//! checked when the file is read ([`name_problem`]): letters, digits, `.`,
//! `-` and `_`, starting with a letter, digit or `_`, no `..`, at most 253
//! bytes (the longest DNS name). A bad name is refused with its file:line,
//! before any command acts on any entry.

pub mod customer;
pub mod jump;
pub mod resolve;
pub mod shard;

pub use resolve::{Resolved, Target, TargetSpec};

use crate::config::{check_schema, read_input, toml_error};
use crate::position::line_col;
use anyhow::Result;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Connection settings shared by every kind of entry; each is optional so that
/// defaults and `~/.ssh/config` can fill the gaps.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub user: Option<String>,
    pub port: Option<u16>,
    /// Private key file (`~` is expanded).
    pub key: Option<String>,
    /// Jump host, or a chain of them nearest first: inventory host names or
    /// `[user@]host[:port]`, as `"b1"`, `"b1,b2"` or `["b1", "b2"]`.
    pub jump: Option<jump::Jump>,
    pub known_hosts: Option<PathBuf>,
    /// The customer of every entry that names none (`--customer` of reports).
    pub customer: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Host {
    pub name: Spanned<String>,
    /// Name or IP to connect to (default: `name`, through `~/.ssh/config`).
    pub address: Option<String>,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub key: Option<String>,
    pub jump: Option<jump::Jump>,
    /// `true` to inspect this entry on the machine `ops` runs on, without SSH.
    #[serde(default)]
    pub local: bool,
    /// The customer this entry belongs to (reports' `--customer`) [default:
    /// `[defaults] customer`].
    pub customer: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    pub thresholds: Option<toml::Table>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    pub name: Spanned<String>,
    pub address: Option<String>,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub key: Option<String>,
    pub jump: Option<jump::Jump>,
    /// `cisco_ios` or `huawei_vrp`.
    pub platform: String,
    /// Environment variable holding the login password, for devices without keys.
    pub password_env: Option<String>,
    /// The customer this entry belongs to (reports' `--customer`) [default:
    /// `[defaults] customer`].
    pub customer: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    pub thresholds: Option<toml::Table>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Database {
    pub name: Spanned<String>,
    /// `mysql` or `postgres`.
    pub engine: String,
    pub address: Option<String>,
    pub port: Option<u16>,
    pub socket: Option<PathBuf>,
    pub user: Option<String>,
    pub database: Option<String>,
    /// Environment variable holding the password (never the password itself).
    pub password_env: Option<String>,
    /// Inventory host to tunnel through (SSH direct-tcpip) to reach the port.
    pub via: Option<String>,
    /// The customer this entry belongs to (reports' `--customer`) [default:
    /// `[defaults] customer`].
    pub customer: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    pub thresholds: Option<toml::Table>,
}

/// A server's BMC (`[[bmc]]`): Redfish or IPMI, out of band.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bmc {
    pub name: Spanned<String>,
    /// `redfish` (HTTPS) or `ipmi` (IPMI 2.0 lanplus, UDP 623).
    pub protocol: String,
    pub address: Option<String>,
    pub port: Option<u16>,
    pub user: Option<String>,
    /// Environment variable holding the BMC password (never the password itself).
    pub password_env: Option<String>,
    /// The `[[host]]` this BMC is the controller of.
    pub host: Option<Spanned<String>>,
    /// PEM file of the CA that signed the BMC's certificate (Redfish).
    pub ca: Option<PathBuf>,
    /// The BMC certificate's SHA-256 fingerprint (`sha256:HEX`), pinned here
    /// instead of in the known-certificates file.
    pub fingerprint: Option<String>,
    /// The customer this entry belongs to (reports' `--customer`); a BMC or
    /// UPS without one takes its host's, else `[defaults] customer`.
    pub customer: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    pub thresholds: Option<toml::Table>,
}

/// A UPS (`[[ups]]`) served by a NUT `upsd`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ups {
    pub name: Spanned<String>,
    /// The `upsd` to ask.
    pub address: Option<String>,
    pub port: Option<u16>,
    /// The UPS's name in `upsd` (`ups.conf`'s section) [default: the entry's name].
    pub ups: Option<String>,
    pub user: Option<String>,
    pub password_env: Option<String>,
    /// The `[[host]]`s this UPS powers (a rack's UPS powers several).
    #[serde(default)]
    pub hosts: Vec<Spanned<String>>,
    /// The customer this entry belongs to (reports' `--customer`); a BMC or
    /// UPS without one takes its host's, else `[defaults] customer`.
    pub customer: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    pub thresholds: Option<toml::Table>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    #[serde(default)]
    pub members: Vec<Spanned<String>>,
    pub thresholds: Option<toml::Table>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct InventoryFile {
    schema: Option<Spanned<u32>>,
    #[serde(default)]
    defaults: Defaults,
    #[serde(default)]
    host: Vec<Host>,
    #[serde(default)]
    device: Vec<Device>,
    #[serde(default)]
    db: Vec<Database>,
    #[serde(default)]
    bmc: Vec<Bmc>,
    #[serde(default)]
    ups: Vec<Ups>,
    #[serde(default)]
    group: BTreeMap<String, Group>,
}

#[derive(Debug, Clone, Default)]
pub struct Inventory {
    pub path: Option<PathBuf>,
    text: String,
    pub defaults: Defaults,
    pub hosts: Vec<Host>,
    pub devices: Vec<Device>,
    pub databases: Vec<Database>,
    pub bmcs: Vec<Bmc>,
    pub upses: Vec<Ups>,
    pub groups: BTreeMap<String, Group>,
}

/// What kind of entry a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Host,
    Device,
    Database,
    Bmc,
    Ups,
}

impl Inventory {
    pub fn load(path: &Path) -> Result<Inventory> {
        let text = read_input(path, "inventory")?;
        Inventory::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Inventory> {
        let file: InventoryFile = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
        if let Some(schema) = &file.schema {
            check_schema(path, text, schema)?;
        }
        let inventory = Inventory {
            path: Some(path.to_path_buf()),
            text: text.to_string(),
            defaults: file.defaults,
            hosts: file.host,
            devices: file.device,
            databases: file.db,
            bmcs: file.bmc,
            upses: file.ups,
            groups: file.group,
        };
        inventory.validate()?;
        Ok(inventory)
    }

    /// The environment variables `password_env` entries name.
    pub fn password_variables(&self) -> Vec<String> {
        let devices = self.devices.iter().filter_map(|d| d.password_env.clone());
        let dbs = self.databases.iter().filter_map(|d| d.password_env.clone());
        let bmcs = self.bmcs.iter().filter_map(|b| b.password_env.clone());
        let upses = self.upses.iter().filter_map(|u| u.password_env.clone());
        devices.chain(dbs).chain(bmcs).chain(upses).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.hosts.is_empty()
            && self.devices.is_empty()
            && self.databases.is_empty()
            && self.bmcs.is_empty()
            && self.upses.is_empty()
    }

    /// `path:line:column: message` for a spanned value of this file.
    pub fn error_at(
        &self,
        span: std::ops::Range<usize>,
        message: impl std::fmt::Display,
    ) -> anyhow::Error {
        let (line, col) = line_col(&self.text, span.start);
        let path = self.path.as_deref().unwrap_or(Path::new("inventory.toml"));
        crate::bad_input!("{}:{line}:{col}: {message}", path.display())
    }

    fn validate(&self) -> Result<()> {
        let mut seen: BTreeMap<&str, ()> = BTreeMap::new();
        let names = self
            .hosts
            .iter()
            .map(|h| &h.name)
            .chain(self.devices.iter().map(|d| &d.name))
            .chain(self.databases.iter().map(|d| &d.name))
            .chain(self.bmcs.iter().map(|b| &b.name))
            .chain(self.upses.iter().map(|u| &u.name));
        let groups = self.group_names();
        for name in names {
            if name.get_ref().trim().is_empty() {
                return Err(self.error_at(name.span(), "an entry has an empty name"));
            }
            if let Some(problem) = name_problem(name.get_ref()) {
                return Err(
                    self.error_at(name.span(), format!("name {:?}: {problem}", name.get_ref()))
                );
            }
            if seen.insert(name.get_ref(), ()).is_some() {
                return Err(
                    self.error_at(name.span(), format!("duplicate name {:?}", name.get_ref()))
                );
            }
            if groups.contains(name.get_ref().as_str()) {
                return Err(self.error_at(
                    name.span(),
                    format!("{:?} is both an entry and a group name", name.get_ref()),
                ));
            }
        }
        for (group, def) in &self.groups {
            for member in &def.members {
                if !seen.contains_key(member.get_ref().as_str()) {
                    return Err(self.error_at(
                        member.span(),
                        format!(
                            "group {group:?} lists {:?}, which is not in the inventory",
                            member.get_ref()
                        ),
                    ));
                }
            }
        }
        for d in &self.devices {
            if !matches!(d.platform.as_str(), "cisco_ios" | "huawei_vrp") {
                return Err(self.error_at(
                    d.name.span(),
                    format!(
                        "device {:?}: platform must be \"cisco_ios\" or \"huawei_vrp\", not {:?}",
                        d.name.get_ref(),
                        d.platform
                    ),
                ));
            }
        }
        for d in &self.databases {
            if !matches!(d.engine.as_str(), "mysql" | "postgres") {
                return Err(self.error_at(
                    d.name.span(),
                    format!(
                        "db {:?}: engine must be \"mysql\" or \"postgres\", not {:?}",
                        d.name.get_ref(),
                        d.engine
                    ),
                ));
            }
        }
        self.validate_hardware()
    }

    /// `[[bmc]]` protocols, and the `[[host]]`s BMCs and UPSes name.
    fn validate_hardware(&self) -> Result<()> {
        let host_link = |entry: &Spanned<String>, link: &Spanned<String>| {
            if self.host(link.get_ref()).is_some() {
                return Ok(());
            }
            let hint = self
                .nearest(link.get_ref())
                .map(|n| format!(" (did you mean {n:?}?)"))
                .unwrap_or_default();
            Err(self.error_at(
                link.span(),
                format!(
                    "{:?}: host {:?} is not a [[host]] of the inventory{hint}",
                    entry.get_ref(),
                    link.get_ref()
                ),
            ))
        };
        for b in &self.bmcs {
            if !matches!(b.protocol.as_str(), "redfish" | "ipmi") {
                return Err(self.error_at(
                    b.name.span(),
                    format!(
                        "bmc {:?}: protocol must be \"redfish\" or \"ipmi\", not {:?}",
                        b.name.get_ref(),
                        b.protocol
                    ),
                ));
            }
            if let Some(host) = &b.host {
                host_link(&b.name, host)?;
            }
        }
        for u in &self.upses {
            for host in &u.hosts {
                host_link(&u.name, host)?;
            }
        }
        Ok(())
    }

    /// Every group name: those with a `[group.NAME]` table and those only
    /// named in some entry's `groups = […]`.
    pub fn group_names(&self) -> BTreeSet<&str> {
        let declared = self
            .hosts
            .iter()
            .flat_map(|h| &h.groups)
            .chain(self.devices.iter().flat_map(|d| &d.groups))
            .chain(self.databases.iter().flat_map(|d| &d.groups))
            .chain(self.bmcs.iter().flat_map(|b| &b.groups))
            .chain(self.upses.iter().flat_map(|u| &u.groups));
        self.groups
            .keys()
            .chain(declared)
            .map(String::as_str)
            .collect()
    }

    /// Groups an entry belongs to: those listing it and those it names, in
    /// group-name order (the order in which their overrides are layered).
    pub fn groups_of<'a>(&'a self, name: &str, declared: &'a [String]) -> Vec<&'a str> {
        let listed = self
            .groups
            .iter()
            .filter(|(_, def)| def.members.iter().any(|m| m.get_ref() == name))
            .map(|(g, _)| g.as_str());
        let all: BTreeSet<&str> = listed.chain(declared.iter().map(String::as_str)).collect();
        all.into_iter().collect()
    }

    /// The name of every host, device and database entry.
    pub fn entry_names(&self) -> impl Iterator<Item = &str> {
        self.hosts
            .iter()
            .map(|h| h.name.get_ref().as_str())
            .chain(self.devices.iter().map(|d| d.name.get_ref().as_str()))
            .chain(self.databases.iter().map(|d| d.name.get_ref().as_str()))
            .chain(self.bmcs.iter().map(|b| b.name.get_ref().as_str()))
            .chain(self.upses.iter().map(|u| u.name.get_ref().as_str()))
    }

    /// The inventory name or group nearest to a mistyped `word` (at most two
    /// edits away, and fewer than half its length), for "did you mean".
    pub fn nearest(&self, word: &str) -> Option<String> {
        let entries = self.entry_names();
        let limit = 2.min(word.chars().count().saturating_sub(1) / 2).max(1);
        entries
            .chain(self.group_names())
            .map(|name| (edit_distance(word, name), name))
            .filter(|(d, _)| *d <= limit)
            .min()
            .map(|(_, name)| name.to_string())
    }

    /// Names (in inventory order) of the entries of `kind` a target word
    /// selects: an entry name, a group name, or `all`. None when the word is
    /// neither, so the caller can treat it as an address.
    pub fn select(&self, word: &str, kind: Kind) -> Option<Vec<String>> {
        let entries: Vec<(&str, &[String])> = match kind {
            Kind::Host => self
                .hosts
                .iter()
                .map(|h| (h.name.get_ref().as_str(), h.groups.as_slice()))
                .collect(),
            Kind::Device => self
                .devices
                .iter()
                .map(|d| (d.name.get_ref().as_str(), d.groups.as_slice()))
                .collect(),
            Kind::Database => self
                .databases
                .iter()
                .map(|d| (d.name.get_ref().as_str(), d.groups.as_slice()))
                .collect(),
            Kind::Bmc => self
                .bmcs
                .iter()
                .map(|b| (b.name.get_ref().as_str(), b.groups.as_slice()))
                .collect(),
            Kind::Ups => self
                .upses
                .iter()
                .map(|u| (u.name.get_ref().as_str(), u.groups.as_slice()))
                .collect(),
        };
        if word == "all" {
            return Some(entries.iter().map(|(n, _)| n.to_string()).collect());
        }
        if entries.iter().any(|(n, _)| *n == word) {
            return Some(vec![word.to_string()]);
        }
        if self.group_names().contains(word) {
            return Some(
                entries
                    .iter()
                    .filter(|(n, groups)| self.groups_of(n, groups).contains(&word))
                    .map(|(n, _)| n.to_string())
                    .collect(),
            );
        }
        None
    }

    pub fn host(&self, name: &str) -> Option<&Host> {
        self.hosts.iter().find(|h| h.name.get_ref() == name)
    }

    pub fn device(&self, name: &str) -> Option<&Device> {
        self.devices.iter().find(|d| d.name.get_ref() == name)
    }

    pub fn database(&self, name: &str) -> Option<&Database> {
        self.databases.iter().find(|d| d.name.get_ref() == name)
    }

    pub fn bmc(&self, name: &str) -> Option<&Bmc> {
        self.bmcs.iter().find(|b| b.name.get_ref() == name)
    }

    pub fn ups(&self, name: &str) -> Option<&Ups> {
        self.upses.iter().find(|u| u.name.get_ref() == name)
    }

    /// The BMCs that are the controllers of `host`.
    pub fn bmcs_of(&self, host: &str) -> impl Iterator<Item = &Bmc> {
        self.bmcs
            .iter()
            .filter(move |b| b.host.as_ref().is_some_and(|h| h.get_ref() == host))
    }

    /// The UPSes that power `host`.
    pub fn upses_of(&self, host: &str) -> impl Iterator<Item = &Ups> {
        self.upses
            .iter()
            .filter(move |u| u.hosts.iter().any(|h| h.get_ref() == host))
    }

    /// Threshold layers for an entry, most general first: config, then each
    /// group, then the entry itself. Each layer is checked by `validate`, and
    /// a bad one is reported at the line of the group or entry it belongs to.
    /// (Layers are kept as plain tables: toml's spans do not survive a table
    /// written with a `[host.thresholds.mounts."/x"]` header.)
    pub fn threshold_layers(
        &self,
        base: &toml::Table,
        name: &Spanned<String>,
        declared_groups: &[String],
        own: Option<&toml::Table>,
        validate: &dyn Fn(&toml::Table) -> std::result::Result<(), String>,
    ) -> Result<toml::Table> {
        let mut merged = base.clone();
        for group in self.groups_of(name.get_ref(), declared_groups) {
            if let Some(layer) = self.groups.get(group).and_then(|g| g.thresholds.as_ref()) {
                validate(layer).map_err(|m| {
                    self.group_error(group, format!("group {group:?}: thresholds: {m}"))
                })?;
                deep_merge(&mut merged, layer);
            }
        }
        if let Some(layer) = own {
            validate(layer).map_err(|m| {
                self.error_at(
                    name.span(),
                    format!("{:?}: thresholds: {m}", name.get_ref()),
                )
            })?;
            deep_merge(&mut merged, layer);
        }
        Ok(merged)
    }

    /// An error about a group, at the line of its `[group.NAME]` header
    /// when it can be found.
    pub fn group_error(&self, group: &str, message: String) -> anyhow::Error {
        let header = format!("[group.{group}");
        let at = self.text.find(&header).unwrap_or(0);
        self.error_at(at..at, message)
    }
}

/// Why `name` cannot be an inventory entry's name (see the module
/// documentation), or None when it can.
pub fn name_problem(name: &str) -> Option<String> {
    const MAX: usize = 253;
    if name.len() > MAX {
        return Some(format!(
            "{} bytes long; a name is at most {MAX} (the longest DNS name)",
            name.len()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Some(format!(
            "{c:?} is not allowed; a name is letters, digits, '.', '-' and '_'"
        ));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        return Some("a name starts with a letter, a digit or '_'".into());
    }
    if name.contains("..") {
        return Some("a name cannot contain \"..\"".into());
    }
    if name == "all" {
        return Some("\"all\" is the word for every entry; choose another name".into());
    }
    None
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions
/// and swaps of two neighbours (`wbe01` is one edit from `web01`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// Overlay `top` onto `base`: tables merge key by key, anything else replaces.
pub fn deep_merge(base: &mut toml::Table, top: &toml::Table) {
    for (key, value) in top {
        match (base.get_mut(key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(t)) => deep_merge(b, t),
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
[defaults]
user = "ops"

[[host]]
name = "web01"
address = "192.0.2.11"
groups = ["web"]
thresholds = { fs_used_pct = { warn = 95, crit = 98 } }

[[host]]
name = "db01"

[group.web]
members = ["web02"]
thresholds = { load_per_core = { warn = 2.0, crit = 4.0 }, fs_used_pct = { warn = 85, crit = 90 } }

[[host]]
name = "web02"
"#;

    #[test]
    fn selects_entries_groups_and_all_in_inventory_order() {
        let inv = Inventory::parse(Path::new("inventory.toml"), SAMPLE).unwrap();
        assert_eq!(
            inv.select("all", Kind::Host).unwrap(),
            ["web01", "db01", "web02"]
        );
        assert_eq!(inv.select("web", Kind::Host).unwrap(), ["web01", "web02"]);
        assert_eq!(inv.select("db01", Kind::Host).unwrap(), ["db01"]);
        assert_eq!(inv.select("ops@192.0.2.9", Kind::Host), None);
    }

    #[test]
    fn layers_thresholds_general_to_specific() {
        let inv = Inventory::parse(Path::new("inventory.toml"), SAMPLE).unwrap();
        let base: toml::Table = toml::from_str(
            "fs_used_pct = { warn = 80, crit = 90 }\nswap_used_pct = { warn = 70, crit = 90 }",
        )
        .unwrap();
        let h = inv.host("web01").unwrap();
        let merged = inv
            .threshold_layers(
                &base,
                &h.name,
                &h.groups,
                h.thresholds.as_ref(),
                &|_| Ok(()),
            )
            .unwrap();
        assert_eq!(merged["fs_used_pct"]["warn"].as_integer(), Some(95));
        assert_eq!(merged["load_per_core"]["crit"].as_float(), Some(4.0));
        assert_eq!(merged["swap_used_pct"]["warn"].as_integer(), Some(70));
        let h = inv.host("web02").unwrap();
        let merged = inv
            .threshold_layers(
                &base,
                &h.name,
                &h.groups,
                h.thresholds.as_ref(),
                &|_| Ok(()),
            )
            .unwrap();
        assert_eq!(merged["fs_used_pct"]["warn"].as_integer(), Some(85));
    }

    #[test]
    fn groups_named_only_by_entries_are_groups() {
        let text = "[[host]]\nname = \"a\"\ngroups = [\"infra\"]\n[[host]]\nname = \"b\"\n";
        let inv = Inventory::parse(Path::new("inv.toml"), text).unwrap();
        assert_eq!(inv.select("infra", Kind::Host).unwrap(), ["a"]);
        let bad = "[[host]]\nname = \"a\"\ngroups = [\"b\"]\n[[host]]\nname = \"b\"\n";
        let err = Inventory::parse(Path::new("inv.toml"), bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            "inv.toml:5:8: \"b\" is both an entry and a group name"
        );
    }

    #[test]
    fn names_that_cannot_be_directories_are_refused() {
        for bad in [".git", "..", "-x", "a/b", "a b", "a..b", "all", "数据库"] {
            assert!(name_problem(bad).is_some(), "{bad} accepted");
        }
        assert!(name_problem(&"h".repeat(254)).is_some());
        for good in ["web01", "db-1.example.com", "_spare", &"h".repeat(253)] {
            assert_eq!(name_problem(good), None, "{good}");
        }
    }

    #[test]
    fn the_nearest_name_is_suggested() {
        let inv = Inventory::parse(Path::new("inventory.toml"), SAMPLE).unwrap();
        assert_eq!(inv.nearest("web03").as_deref(), Some("web01"));
        assert_eq!(inv.nearest("wbe02").as_deref(), Some("web02"));
        assert_eq!(inv.nearest("wen").as_deref(), Some("web"));
        assert_eq!(inv.nearest("mail01"), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn errors_point_at_the_line() {
        let bad = "[[host]]\nname = \"a\"\n[[host]]\nname = \"a\"\n";
        let err = Inventory::parse(Path::new("inv.toml"), bad)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "inv.toml:4:8: duplicate name \"a\"");
        let bad = "[group.web]\nmembers = [\"ghost\"]\n";
        let err = Inventory::parse(Path::new("inv.toml"), bad)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "inv.toml:2:12: group \"web\" lists \"ghost\", which is not in the inventory"
        );
        let bad = "[[host]]\nname = \"a\"\nadress = \"x\"\n";
        let err = Inventory::parse(Path::new("inv.toml"), bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("inv.toml:3:1: unknown field `adress`"),
            "{err}"
        );
    }
}
