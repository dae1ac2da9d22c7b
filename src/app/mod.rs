//! What every command needs besides its own arguments: the printer, the
//! records repository (if any), the configuration and the inventory, built
//! from the global [`Settings`] (which `cli` fills from the flags).
//!
//! Both files are read and checked whole here ([`check`]), before any command
//! acts, so that a mistake anywhere in them stops every command the same way
//! (exit 78, file:line:column), not just the command that reads that part.

pub mod check;

use crate::config::Config;
use crate::inventory::Inventory;
use crate::printer::{ColorChoice, Format, Printer};
use crate::records::{CONFIG_FILE, INVENTORY_FILE, Records};
use crate::transport::ssh_config::{SshConfig, expand_tilde};
use crate::transport::ssh_settings::SshSettings;
use anyhow::Result;
use std::path::PathBuf;

/// The settings every command shares, whatever set them (the global flags
/// and their environment variables).
#[derive(Debug, Clone)]
pub struct Settings {
    pub format: Format,
    pub quiet: bool,
    pub verbose: bool,
    pub color: ColorChoice,
    /// The records repository; None: the git repository the working
    /// directory is in, if it has an ops.toml.
    pub records: Option<PathBuf>,
    /// Write and commit no record.
    pub no_record: bool,
    /// The inventory file [default: the records repository's].
    pub inventory: Option<PathBuf>,
    /// The configuration file [default: the records repository's].
    pub config: Option<PathBuf>,
    /// `--textfile DIR`: where inspections and `backup verify` also write
    /// their Prometheus metrics.
    pub textfile: Option<PathBuf>,
}

impl Settings {
    /// The printer these settings ask for, for commands that need nothing
    /// else (`init`, `parse`, `completions`).
    pub fn printer(&self) -> Printer {
        let mut printer = Printer::new(self.format, self.quiet, self.verbose, self.color);
        printer.textfile = self.textfile.clone();
        printer
    }
}

pub struct App {
    pub printer: Printer,
    records: Option<Records>,
    no_record: bool,
    config: Config,
    inventory: Inventory,
}

impl App {
    pub fn new(settings: &Settings) -> Result<App> {
        let printer = settings.printer();
        let records = Records::locate(settings.records.as_deref())?;
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
        let config_path = settings
            .config
            .clone()
            .or_else(|| records.as_ref().map(|r| r.path(CONFIG_FILE)));
        let config = match config_path {
            Some(p) => {
                let config = Config::load(&p)?;
                check::config(&config)?;
                config
            }
            None => Config::default(),
        };
        let inventory_path = settings.inventory.clone().or_else(|| {
            records
                .as_ref()
                .map(|r| r.path(INVENTORY_FILE))
                .filter(|p| p.exists())
        });
        let inventory = match &inventory_path {
            Some(p) => Inventory::load(p)?,
            None => Inventory::default(),
        };
        check::entry_thresholds(&config, &inventory)?;
        check::backup_links(&config, &inventory)?;
        // Kept from every child process, whatever the command.
        crate::secret_env::remember(inventory.password_variables());
        Ok(App {
            printer,
            records,
            no_record: settings.no_record,
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
        Ok(SshSettings::from_config(&self.config)?
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
