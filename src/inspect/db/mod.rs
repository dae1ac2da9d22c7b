//! The database inspection (SPEC §2.2) for PostgreSQL and MySQL/MariaDB.
//!
//! An inspection connects once, reads what it needs with read-only queries
//! ([`postgres`], [`mysql`]), then asks the database's host (over its SSH
//! transport, or locally) for the free space under the data directory and,
//! where SQL cannot read it, the server log ([`host`]). All of that becomes
//! engine-neutral [`facts::Facts`], which [`evaluate`] turns into findings
//! without any I/O, so the verdicts are unit-tested on plain values.
//!
//! - [`target`]: `[[db]]` entries and `postgres://`/`mysql://` words into
//!   connection settings, the `via` host and the host that holds the files.
//! - [`credentials`]: passwords from the environment variable the inventory
//!   names, `~/.pgpass`, `~/.my.cnf`, or a prompt; never from arguments.
//! - the last good backup (`backup.last`) is judged by `crate::backup::last_backup`
//!   from the `ops backup verify` records of the sets linked to the entry.
//! - [`run`]: one target end to end, within its deadline.

pub mod connect;
pub mod credentials;
pub mod evaluate;
pub mod facts;
pub mod host;
pub mod logscan;
pub mod mysql;
pub mod postgres;
pub mod run;
pub mod target;
pub mod thresholds;

pub use evaluate::{DbMetrics, evaluate};
pub use facts::Facts;
pub use thresholds::DbThresholds;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    Postgres,
    Mysql,
}

impl Engine {
    pub fn parse(word: &str) -> Option<Engine> {
        match word {
            "postgres" | "postgresql" => Some(Engine::Postgres),
            "mysql" | "mariadb" => Some(Engine::Mysql),
            _ => None,
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            Engine::Postgres => 5432,
            Engine::Mysql => 3306,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Postgres => "postgres",
            Engine::Mysql => "mysql",
        }
    }
}
