//! What every command needs besides its own arguments: the printer, the
//! records repository (if any), the configuration and the inventory.
//!
//! Both files are read and checked whole here, before any command acts, so
//! that a mistake anywhere in them stops every command the same way (exit
//! 78, file:line:column), not just the command that reads that part.

use crate::cli::GlobalArgs;
use crate::config::Config;
use crate::inventory::Inventory;
use crate::printer::Printer;
use crate::records::{CONFIG_FILE, INVENTORY_FILE, Records};
use crate::transport::ssh_config::{SshConfig, expand_tilde};
use anyhow::Result;
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use toml::Spanned;

pub struct App {
    pub printer: Printer,
    records: Option<Records>,
    no_record: bool,
    config: Config,
    inventory: Inventory,
}

impl App {
    pub fn new(global: &GlobalArgs) -> Result<App> {
        let mut printer = Printer::new(global.format, global.quiet, global.verbose, global.color);
        printer.textfile = global.textfile.clone();
        let records = Records::locate(global.records.as_deref())?;
        if let Some(r) = &records {
            // Finish what a killed writer left before anything reads the
            // records; a writer meets any failure again in its transaction.
            match r.recover() {
                Ok(warnings) => warnings.iter().for_each(|w| printer.warn(w)),
                Err(e) => printer.warn(&format!(
                    "could not repair the records repository {}: {e:#}",
                    r.root().display()
                )),
            }
        }
        let config_path = global
            .config
            .clone()
            .or_else(|| records.as_ref().map(|r| r.path(CONFIG_FILE)));
        let config = match config_path {
            Some(p) => Config::load(&p)?,
            None => Config::default(),
        };
        let inventory_path = global.inventory.clone().or_else(|| {
            records
                .as_ref()
                .map(|r| r.path(INVENTORY_FILE))
                .filter(|p| p.exists())
        });
        let inventory = match &inventory_path {
            Some(p) => Inventory::load(p)?,
            None => Inventory::default(),
        };
        check_entry_thresholds(&config, &inventory)?;
        // Kept from every child process, whatever the command.
        crate::secret_env::remember(inventory.password_variables());
        Ok(App {
            printer,
            records,
            no_record: global.no_record,
            config,
            inventory,
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The records repository, for reading (also under `--no-record`).
    pub fn records(&self) -> Option<&Records> {
        self.records.as_ref()
    }

    /// The records repository to write to: None under `--no-record` or when
    /// there is none.
    pub fn recorder(&self) -> Option<&Records> {
        if self.no_record {
            None
        } else {
            self.records.as_ref()
        }
    }

    /// Say why nothing was recorded, once, after a command that would have.
    pub fn explain_not_recorded(&self) {
        if self.no_record {
            self.printer.status("nothing recorded (--no-record)");
        } else if self.records.is_none() {
            self.printer.status(
                "nothing recorded: no records repository (pass --records DIR, set OPS_RECORDS, \
                 or run inside one made by `ops init`)",
            );
        }
    }

    /// The known_hosts file every SSH connection is checked against:
    /// `[ssh] known_hosts` in ops.toml, else the inventory's
    /// `[defaults] known_hosts`, else `~/.ssh/config`'s UserKnownHostsFile,
    /// else `~/.ssh/known_hosts`.
    pub fn known_hosts(&self, inventory: &Inventory, ssh_config: &SshConfig) -> Result<PathBuf> {
        Ok(self
            .config
            .ssh()?
            .known_hosts
            .or_else(|| inventory.defaults.known_hosts.clone())
            .map(|p| expand_tilde(&p.to_string_lossy()))
            .or_else(|| {
                ssh_config
                    .for_host("*")
                    .known_hosts
                    .map(|p| expand_tilde(&p))
            })
            .unwrap_or_else(|| expand_tilde("~/.ssh/known_hosts")))
    }

    /// The inventory, read and checked when the command started.
    pub fn inventory(&self) -> Result<Inventory> {
        Ok(self.inventory.clone())
    }
}

/// Every inventory entry's thresholds layered as its inspection will layer
/// them (ops.toml, its groups, its own) and checked, so that an override
/// with `warn` beyond `crit` stops every command at the entry's line.
fn check_entry_thresholds(config: &Config, inventory: &Inventory) -> Result<()> {
    use crate::check::OrderProblem;
    use crate::inspect::{db::DbThresholds, host::HostThresholds, net::NetThresholds};
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
    Ok(())
}
