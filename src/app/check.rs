//! The check of ops.toml and the inventory as a whole, before any command
//! acts. It lives in the command layer because it is the one place that
//! knows every section: each domain owns the type of its own section and the
//! rules of its values; this module only puts them together, so that a typo
//! in `[inspect]` stops `ticket new` too.
//!
//! ops.toml: every section is deserialised with unknown sections and keys
//! refused, `schema` is one this version reads, and values that parse but
//! cannot work (`jobs = 0`, `warn` beyond `crit`, a calendar not defined,
//! a backup set declared twice) are refused. The inventory: every entry's
//! thresholds as its inspection will layer them. Every error names the
//! file, line and column and is bad input (exit 78).

use crate::backup::{BackupConfig, LinkKind};
use crate::change::ChangeConfig;
use crate::check::OrderProblem;
use crate::config::Config;
use crate::inspect::InspectSettings;
use crate::inspect::host::manual::{ManualSettings, ManualThresholds};
use crate::inspect::{
    db::DbThresholds, host::HostThresholds, hw::HwThresholds, net::NetThresholds,
};
use crate::inventory::Inventory;
use crate::records::sync::RecordsSettings;
use crate::report::ReportConfig;
use crate::ticket::{Policy, SlaConfig};
use crate::transport::ssh_settings::SshSettings;
use anyhow::Result;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

/// Every section of ops.toml, typed, for checking the whole file at once
/// (unknown sections and keys are refused here; commands read their own
/// section again through [`Config::section`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    schema: Option<Spanned<u32>>,
    inspect: Option<InspectSettings>,
    #[allow(dead_code)]
    ssh: Option<SshSettings>,
    sla: Option<SlaConfig>,
    #[allow(dead_code)]
    backup: Option<BackupConfig>,
    #[allow(dead_code)]
    report: Option<ReportConfig>,
    #[allow(dead_code)]
    manual: Option<ManualSettings>,
    #[allow(dead_code)]
    change: Option<ChangeConfig>,
    thresholds: Option<ThresholdsFile>,
    #[allow(dead_code)]
    records: Option<RecordsSettings>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdsFile {
    host: Option<HostThresholds>,
    net: Option<NetThresholds>,
    db: Option<DbThresholds>,
    hw: Option<HwThresholds>,
    manual: Option<ManualThresholds>,
}

/// Every section of ops.toml, and the values that parse but cannot work.
pub fn config(config: &Config) -> Result<()> {
    let file: ConfigFile = config.whole()?;
    if let Some(schema) = &file.schema {
        config.check_schema(schema)?;
    }
    if let Some((key, why)) = file.inspect.as_ref().and_then(InspectSettings::unusable) {
        return Err(config.error_at_key("inspect", &[key], &format!("{key} {why}")));
    }
    if let Some(t) = &file.thresholds {
        let checks = [
            ("host", t.host.as_ref().map(|h| h.check())),
            ("net", t.net.as_ref().map(|n| n.check())),
            ("db", t.db.as_ref().map(|d| d.check())),
            ("hw", t.hw.as_ref().map(|h| h.check())),
        ];
        for (kind, check) in checks {
            if let Some(Err(p)) = check {
                let table = format!("thresholds.{kind}");
                let key: Vec<&str> = p.key.iter().map(String::as_str).collect();
                return Err(config.error_at_key(&table, &key, &p.to_string()));
            }
        }
        if let Some(Err((key, why))) = t.manual.as_ref().map(ManualThresholds::check) {
            return Err(config.error_at_key("thresholds.manual", &[key], &format!("{key}: {why}")));
        }
    }
    if let Some(sla) = &file.sla {
        if let Some((span, message)) = sla.unknown_class() {
            return Err(config.error_at_span(span, &message));
        }
        Policy::from_config(sla)?;
    }
    BackupConfig::from_config(config)?;
    RecordsSettings::from_config(config)?;
    Ok(())
}

/// Every `[[backup.set]]` link (`host = …`, `db = …`) names an entry of
/// that kind in the inventory, so that a typo does not leave a set that no
/// inspection ever judges. A `host` link may also be `local`. An inventory
/// without entries of the kind accepts any name: its inspections are ad hoc.
pub fn backup_links(config: &Config, inventory: &Inventory) -> Result<()> {
    let backup = BackupConfig::from_config(config)?;
    for set in &backup.sets {
        let links = [
            (LinkKind::Host, set.host.as_ref(), inventory.hosts.len()),
            (LinkKind::Db, set.db.as_ref(), inventory.databases.len()),
        ];
        for (kind, link, entries) in links {
            let Some(link) = link else { continue };
            let name = link.get_ref().as_str();
            let known = match kind {
                LinkKind::Host => name == "local" || inventory.host(name).is_some(),
                LinkKind::Db => inventory.database(name).is_some(),
            };
            if known || entries == 0 {
                continue;
            }
            let what = match kind {
                LinkKind::Host => "[[host]]",
                LinkKind::Db => "[[db]]",
            };
            let hint = inventory
                .nearest(name)
                .map(|n| format!(" (did you mean {n}?)"))
                .unwrap_or_default();
            return Err(config.error_at_span(
                link.span(),
                &format!(
                    "[[backup.set]] {:?}: {} = {name:?} is no {what} entry of the inventory{hint}",
                    set.name,
                    kind.key()
                ),
            ));
        }
    }
    Ok(())
}

/// Every inventory entry's thresholds layered as its inspection will layer
/// them (ops.toml, its groups, its own) and checked, so that an override
/// with `warn` beyond `crit` stops every command at the entry's line.
pub fn entry_thresholds(config: &Config, inventory: &Inventory) -> Result<()> {
    fn one<T: DeserializeOwned>(
        inventory: &Inventory,
        base: &toml::Table,
        (name, groups, own): (&Spanned<String>, &[String], Option<&toml::Table>),
        order: fn(&T) -> std::result::Result<(), OrderProblem>,
    ) -> Result<()> {
        let parse = |t: &toml::Table| T::deserialize(toml::Value::Table(t.clone()));
        let syntax = |t: &toml::Table| parse(t).map(|_| ()).map_err(|e| e.to_string());
        let merged = inventory.threshold_layers(base, name, groups, own, &syntax)?;
        let at = |message: String| {
            inventory.error_at(
                name.span(),
                format!("{:?}: thresholds: {message}", name.get_ref()),
            )
        };
        let thresholds = parse(&merged).map_err(|e| at(e.to_string()))?;
        order(&thresholds).map_err(|p| {
            let groups = inventory.groups_of(name.get_ref(), groups);
            let layers = if groups.is_empty() {
                "ops.toml and the entry".to_string()
            } else {
                format!("ops.toml, group {} and the entry", groups.join(", "))
            };
            at(format!("{p} (as layered from {layers})"))
        })
    }
    let host = config.table("thresholds.host")?;
    for h in &inventory.hosts {
        let entry = (&h.name, h.groups.as_slice(), h.thresholds.as_ref());
        one(inventory, &host, entry, HostThresholds::check)?;
    }
    let net = config.table("thresholds.net")?;
    for d in &inventory.devices {
        let entry = (&d.name, d.groups.as_slice(), d.thresholds.as_ref());
        one(inventory, &net, entry, NetThresholds::check)?;
    }
    let db = config.table("thresholds.db")?;
    for d in &inventory.databases {
        let entry = (&d.name, d.groups.as_slice(), d.thresholds.as_ref());
        one(inventory, &db, entry, DbThresholds::check)?;
    }
    let hw = config.table("thresholds.hw")?;
    for b in &inventory.bmcs {
        let entry = (&b.name, b.groups.as_slice(), b.thresholds.as_ref());
        one(inventory, &hw, entry, HwThresholds::check)?;
    }
    for u in &inventory.upses {
        let entry = (&u.name, u.groups.as_slice(), u.thresholds.as_ref());
        one(inventory, &hw, entry, HwThresholds::check)?;
    }
    Ok(())
}
