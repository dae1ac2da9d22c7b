//! What every command needs besides its own arguments: the printer, the
//! records repository (if any), the configuration and the inventory.

use crate::cli::GlobalArgs;
use crate::config::Config;
use crate::printer::Printer;
use crate::records::{CONFIG_FILE, INVENTORY_FILE, Records};
use crate::target::inventory::Inventory;
use crate::target::ssh_config::{SshConfig, expand_tilde};
use anyhow::Result;
use std::path::PathBuf;

pub struct App {
    pub printer: Printer,
    records: Option<Records>,
    no_record: bool,
    config: Config,
    inventory_path: Option<PathBuf>,
}

impl App {
    pub fn new(global: &GlobalArgs) -> Result<App> {
        let printer = Printer::new(global.format, global.quiet, global.verbose, global.color);
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
        Ok(App {
            printer,
            records,
            no_record: global.no_record,
            config,
            inventory_path,
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

    pub fn inventory(&self) -> Result<Inventory> {
        match &self.inventory_path {
            Some(p) => Inventory::load(p),
            None => Ok(Inventory::default()),
        }
    }
}
