//! `ops inspect db`: the database inspection (SPEC §2.2).

use super::TargetArgs;
use super::view;
use crate::app::App;
use crate::backup::last_backup::LinkedSet;
use crate::backup::policy::Age;
use crate::backup::{BackupConfig, LinkKind, SetState};
use crate::check::fan_out;
use crate::exit::Exit;
use crate::inspect::db::credentials::{self, Login, Source};
use crate::inspect::db::run::{self as db_run, Job, Limits};
use crate::inspect::db::target::{empty_selection, resolve_dbs};
use crate::inspect::db::{DbMetrics, DbThresholds};
use crate::inventory::deep_merge;
use crate::ticket::TicketLink;
use crate::transport::ssh_config::SshConfig;
use anyhow::Result;
use clap::Args;
use serde::Deserialize;
use std::path::PathBuf;

/// Inspect PostgreSQL and MySQL/MariaDB databases: connections, version,
/// state, space, replication, long transactions, server log, last backup
///
/// Each database gets one session of read-only queries (with a connect and a
/// statement timeout), and its host is asked for the free space under the
/// data directory (over SSH when the entry's `via` host, or a host with the
/// database's address, is in the inventory; on this machine for loopback and
/// sockets). Server-log errors are counted from where the previous
/// inspection stopped reading.
///
/// Passwords come from the environment variable named by the entry's
/// `password_env`, from ~/.pgpass or ~/.my.cnf, or, on a terminal, from a
/// prompt when `password_env` names an unset variable. Never from arguments.
///
/// Thresholds come from [thresholds.db] in ops.toml, overridden per group and
/// per [[db]] entry in the inventory. Exit status, worst first
/// (crit > unknown > warn > ok): 2 some check is crit (a database down),
/// 3 some check could not be made (and none is crit), 1 worst is warn, 0 all ok.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops inspect db                        every [[db]] entry of the inventory\n  \
ops inspect db app-db reporting       an entry and a group\n  \
ops inspect db postgres://ops@10.0.0.5:5432/app -v --format json"
)]
pub struct InspectDbArgs {
    #[command(flatten)]
    pub common: TargetArgs,
}

pub fn run(app: &App, args: InspectDbArgs) -> Result<Exit> {
    let inventory = app.inventory()?;
    let ssh_config = SshConfig::load_default();
    // Checked on its own first so that an error names ops.toml's line.
    app.config().section::<DbThresholds>("thresholds.db")?;
    let base = app.config().table("thresholds.db")?;
    let validate = |layer: &toml::Table| {
        DbThresholds::deserialize(toml::Value::Table(layer.clone()))
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    let ticket = TicketLink::check(app.recorder(), args.common.ticket.as_deref())?;
    let targets = resolve_dbs(&args.common.targets, &inventory, &ssh_config, &validate)?;
    if targets.is_empty() {
        return view::nothing_to_inspect(app, "db", &empty_selection(&args.common.targets));
    }
    let selected = targets.len();
    let targets = args.common.in_shard(targets, |t| &t.name);
    if targets.is_empty() {
        return view::nothing_to_inspect(app, "db", &args.common.shard_holds_none(selected));
    }
    let settings = args.common.settings(app)?;
    let ssh_options = args
        .common
        .ssh_options(app, &settings, &inventory, &ssh_config)?;
    let home = std::env::var_os("HOME").map(PathBuf::from);

    let backup_config = BackupConfig::from_config(app.config())?;
    let mut jobs = Vec::with_capacity(targets.len());
    for target in targets {
        let mut merged = base.clone();
        deep_merge(&mut merged, &target.overrides);
        let thresholds = DbThresholds::deserialize(toml::Value::Table(merged))
            .map_err(|e| crate::bad_input!("thresholds for {}: {e}", target.name))?;
        let database = target
            .database
            .clone()
            .unwrap_or_else(|| match target.engine {
                crate::inspect::db::Engine::Postgres => "postgres".into(),
                crate::inspect::db::Engine::Mysql => String::new(),
            });
        let login = Login {
            engine: target.engine,
            host: target.login_host(),
            port: target.port(),
            database: &database,
            user: &target.user,
            password_env: target.password_env.as_deref(),
        };
        let (mut password, mut source) = credentials::find(&login, home.as_deref());
        if password.is_none() && target.password_env.is_some() {
            let question = format!(
                "Password for {} ({}@{}): ",
                target.name,
                target.user,
                target.login_host()
            );
            if let Some(p) = credentials::prompt(&question) {
                password = Some(p);
                source = Source::Prompt;
            }
        }
        let previous = view::previous_record(app, "db", &target.name)
            .and_then(|r| serde_json::from_value::<DbMetrics>(r.metrics).ok());
        let backups = db_backups(app, &backup_config, &target.name, &thresholds);
        jobs.push(Job {
            target,
            thresholds,
            password,
            password_source: source,
            previous,
            backups,
        });
    }

    let limits = Limits {
        ssh: ssh_options,
        connect_timeout: settings.connect_timeout,
        timeout: settings.timeout,
    };
    let started = crate::clock::now();
    let results = fan_out(
        &jobs,
        settings.jobs,
        app.printer.progress_allowed(),
        |job| db_run::inspect(job, &limits),
    );
    view::finish(app, "db", started, ticket.as_ref(), &results)
}

/// The backup sets of one database: those with `db = NAME` in ops.toml,
/// and the older ways to name one, still read so that such configurations
/// keep their finding: the `backup_set` threshold (policy `backup_max_age`
/// unless the set is in ops.toml), or, with no link at all, a set named like
/// the entry that has verification records.
fn db_backups(
    app: &App,
    config: &BackupConfig,
    name: &str,
    thresholds: &DbThresholds,
) -> Vec<LinkedSet> {
    let mut linked = super::linked_backups(app, config, LinkKind::Db, name);
    let named = thresholds.backup_set.as_deref();
    let implicit = named.is_none() && linked.is_empty();
    let Some(set) = named.or(implicit.then_some(name)) else {
        return linked;
    };
    if linked.iter().any(|l| l.set == set) {
        return linked;
    }
    let state = super::backup_state(app, set);
    if implicit && state.as_ref().is_none_or(|s| *s == SetState::NoRecords) {
        return linked;
    }
    let max_age = config
        .set(set)
        .map(|s| s.max_age)
        .unwrap_or(Age(thresholds.backup_max_age));
    linked.push(LinkedSet {
        set: set.to_string(),
        max_age,
        state,
    });
    linked
}
