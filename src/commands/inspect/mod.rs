//! `ops inspect`: daily inspections of hosts, databases and network devices;
//! how a run is shown is [`view`]'s.

pub mod db;
pub mod host;
pub mod hw;
pub mod manual_prompt;
pub mod net;
pub mod view;

use crate::app::App;
use crate::backup::last_backup::{self, LinkedSet};
use crate::backup::{BackupConfig, LinkKind, SetState};
use crate::exit::Exit;
use crate::inspect::InspectSettings;
use crate::inventory::Inventory;
use crate::inventory::shard::Shard;
use crate::transport::ssh::SshOptions;
use crate::transport::ssh_config::SshConfig;
use anyhow::Result;
use clap::{Args, Subcommand};
use std::time::Duration;

#[derive(Debug, Subcommand)]
pub enum InspectCommand {
    Host(host::InspectHostArgs),
    Db(db::InspectDbArgs),
    Net(net::InspectNetArgs),
    Hw(hw::InspectHwArgs),
}

pub fn run(app: &App, cmd: InspectCommand) -> Result<Exit> {
    match cmd {
        InspectCommand::Host(args) => host::run(app, args),
        InspectCommand::Db(args) => db::run(app, args),
        InspectCommand::Net(args) => net::run(app, args),
        InspectCommand::Hw(args) => hw::run(app, args),
    }
}

/// Target selection and limits shared by every inspection.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Inventory names, group names or `all`; also [user@]host[:port] for hosts
    /// and devices, `local` for this machine, postgres://… and mysql://… for
    /// databases [default: every inventory entry of this kind; for hosts
    /// without an inventory, this machine]. A bare name that is not in the
    /// inventory must resolve (else exit 64, with the nearest name suggested)
    #[arg(value_name = "TARGET")]
    pub targets: Vec<String>,

    /// Only shard K of N of the selected targets (e.g. 2/3), chosen
    /// by a stable hash of each name, so that N jump hosts or cron jobs split
    /// a fleet with no overlap and nothing left out
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,

    /// Targets inspected at once [default: every target, up to 512, or [inspect] jobs]
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Time allowed for everything about one target [default: 60s]
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse_duration)]
    pub timeout: Option<Duration>,

    /// Time allowed to connect and complete the SSH handshake [default: 10s]
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse_duration)]
    pub connect_timeout: Option<Duration>,

    /// What one target may send before it is cut off and reported unknown
    /// (16MiB, 512KiB, or bytes) [default: 16MiB, or [inspect] max_output]
    #[arg(long, value_name = "SIZE", value_parser = parse_max_output)]
    pub max_output: Option<u64>,

    /// Record the host key of a host not yet in known_hosts instead of refusing
    /// it (a changed key is always refused)
    #[arg(long)]
    pub accept_new_host_keys: bool,

    /// Link the records of this run to a ticket
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,
}

impl TargetArgs {
    /// The targets of `--shard`, or all of them.
    pub fn in_shard<T>(&self, targets: Vec<T>, name: impl Fn(&T) -> &str) -> Vec<T> {
        match self.shard {
            Some(shard) => shard.keep(targets, name),
            None => targets,
        }
    }

    /// Why a selection of `selected` targets left nothing to inspect in this shard.
    pub fn shard_holds_none(&self, selected: usize) -> String {
        let shard = self.shard.map(|s| s.to_string()).unwrap_or_default();
        format!("shard {shard} holds none of the {selected} selected")
    }

    /// Limits from the config, overridden by flags.
    pub fn settings(&self, app: &App) -> Result<InspectSettings> {
        let mut s = InspectSettings::from_config(app.config())?;
        if let Some(j) = self.jobs {
            if j == 0 {
                return Err(crate::usage_error!("--jobs must be at least 1"));
            }
            s.jobs = j;
        }
        s.timeout = self.timeout.unwrap_or(s.timeout);
        s.connect_timeout = self.connect_timeout.unwrap_or(s.connect_timeout);
        s.max_output = self.max_output.unwrap_or(s.max_output);
        Ok(s)
    }

    pub fn ssh_options(
        &self,
        app: &App,
        settings: &InspectSettings,
        inventory: &Inventory,
        ssh_config: &SshConfig,
    ) -> Result<SshOptions> {
        Ok(SshOptions {
            known_hosts: app.known_hosts(inventory, ssh_config)?,
            accept_new_host_keys: self.accept_new_host_keys,
            connect_timeout: settings.connect_timeout,
            max_output: settings.max_output,
        })
    }
}

/// The `[[backup.set]]`s linked to `target` with what their verification
/// records say, read here at the command's edge so that the `backup.last`
/// judgement stays a pure function. Unreadable records are named in a
/// warning and skipped.
/// `config` is `[backup]` of ops.toml, read once per run by the caller.
pub fn linked_backups(
    app: &App,
    config: &BackupConfig,
    kind: LinkKind,
    target: &str,
) -> Vec<LinkedSet> {
    last_backup::linked_sets(config, kind, target)
        .into_iter()
        .map(|set| LinkedSet {
            set: set.name.clone(),
            max_age: set.max_age,
            state: backup_state(app, &set.name),
        })
        .collect()
}

/// What the verification records say of `set`; None without a records
/// repository.
fn backup_state(app: &App, set: &str) -> Option<SetState> {
    let records = app.records()?;
    let (state, damaged) = crate::backup::set_state(records.root(), set);
    for d in damaged {
        app.printer.warn(&format!(
            "skipping unreadable backup record {}: {}",
            d.path.display(),
            d.reason
        ));
    }
    Some(state)
}

fn parse_max_output(text: &str) -> Result<u64, String> {
    match crate::size::parse_size(text)? {
        0 => Err("must be more than 0".into()),
        n => Ok(n),
    }
}
