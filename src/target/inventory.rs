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

use crate::config::{line_col, toml_error};
use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
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
    /// Jump host, as `[user@]host[:port]` or an inventory host name.
    pub jump: Option<String>,
    pub known_hosts: Option<PathBuf>,
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
    pub jump: Option<String>,
    /// `true` to inspect this entry on the machine `ops` runs on, without SSH.
    #[serde(default)]
    pub local: bool,
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
    pub jump: Option<String>,
    /// `cisco_ios` or `huawei_vrp`.
    pub platform: String,
    /// Environment variable holding the login password, for devices without keys.
    pub password_env: Option<String>,
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
    #[allow(dead_code)]
    schema: Option<u32>,
    #[serde(default)]
    defaults: Defaults,
    #[serde(default)]
    host: Vec<Host>,
    #[serde(default)]
    device: Vec<Device>,
    #[serde(default)]
    db: Vec<Database>,
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
    pub groups: BTreeMap<String, Group>,
}

/// What kind of entry a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Host,
    Device,
    Database,
}

impl Inventory {
    pub fn load(path: &Path) -> Result<Inventory> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("failed to read the inventory at {}", path.display()))?;
        Inventory::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Inventory> {
        let file: InventoryFile = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
        let inventory = Inventory {
            path: Some(path.to_path_buf()),
            text: text.to_string(),
            defaults: file.defaults,
            hosts: file.host,
            devices: file.device,
            databases: file.db,
            groups: file.group,
        };
        inventory.validate()?;
        Ok(inventory)
    }

    /// The environment variables `password_env` entries name.
    pub fn password_variables(&self) -> Vec<String> {
        let devices = self.devices.iter().filter_map(|d| d.password_env.clone());
        let dbs = self.databases.iter().filter_map(|d| d.password_env.clone());
        devices.chain(dbs).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.hosts.is_empty() && self.devices.is_empty() && self.databases.is_empty()
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
            .chain(self.databases.iter().map(|d| &d.name));
        for name in names {
            if name.get_ref().trim().is_empty() {
                return Err(self.error_at(name.span(), "an entry has an empty name"));
            }
            if seen.insert(name.get_ref(), ()).is_some() {
                return Err(
                    self.error_at(name.span(), format!("duplicate name {:?}", name.get_ref()))
                );
            }
            if self.groups.contains_key(name.get_ref()) {
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
        Ok(())
    }

    /// Groups an entry belongs to: those listing it and those it names, in
    /// group-name order (the order in which their overrides are layered).
    pub fn groups_of(&self, name: &str, declared: &[String]) -> Vec<&str> {
        self.groups
            .iter()
            .filter(|(g, def)| {
                declared.iter().any(|d| d == *g) || def.members.iter().any(|m| m.get_ref() == name)
            })
            .map(|(g, _)| g.as_str())
            .collect()
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
        };
        if word == "all" {
            return Some(entries.iter().map(|(n, _)| n.to_string()).collect());
        }
        if entries.iter().any(|(n, _)| *n == word) {
            return Some(vec![word.to_string()]);
        }
        if self.groups.contains_key(word) {
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
            if let Some(layer) = &self.groups[group].thresholds {
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
    fn group_error(&self, group: &str, message: String) -> anyhow::Error {
        let header = format!("[group.{group}");
        let at = self.text.find(&header).unwrap_or(0);
        self.error_at(at..at, message)
    }
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
