//! What an inspection learned about one database server, whatever the
//! engine. Each part is a `Result` so that one query that fails (a missing
//! privilege, an old server) makes only its own check `unknown`.

use super::Engine;
use serde::{Deserialize, Serialize};
use std::time::Duration;

pub type Part<T> = Result<T, String>;

#[derive(Debug, Clone)]
pub struct Facts {
    pub engine: Engine,
    pub connect_time: Duration,
    /// `PostgreSQL 15.18`, `MariaDB 10.11.19`.
    pub version: String,
    pub role: Part<Role>,
    pub databases: Part<Vec<Sized>>,
    pub tablespaces: Part<Vec<Tablespace>>,
    /// As the server reports it (on the server's host).
    pub data_directory: Option<String>,
    pub connections: Part<Connections>,
    pub replication: Part<Replication>,
    pub transactions: Part<Vec<Transaction>>,
    pub log: LogFacts,
    /// PostgreSQL's WAL archiver; None where the engine has none.
    pub archiver: Option<Part<Archiver>>,
    /// Filled from the host after the SQL session: free space per filesystem.
    pub filesystems: HostPart<Vec<Filesystem>>,
}

/// What the host could tell: the facts, a reason the check does not apply
/// (no host transport), or an error.
#[derive(Debug, Clone)]
pub enum HostPart<T> {
    Known(T),
    Skip(String),
    Failed(String),
}

#[derive(Debug, Clone, Default)]
pub struct Role {
    pub in_recovery: bool,
    pub read_only: bool,
    /// Set up to follow a primary (primary_conninfo / a replication source).
    pub replica_configured: bool,
    /// Anything else that stops normal work (MySQL `offline_mode`).
    pub maintenance: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Sized {
    pub name: String,
    pub bytes: u64,
}

#[derive(Debug, Clone)]
pub struct Tablespace {
    pub name: String,
    /// Where its files are, when outside the data directory.
    pub location: Option<String>,
    pub bytes: u64,
    /// A configured maximum size (InnoDB `:max:`), if any.
    pub max_bytes: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Connections {
    pub used: u64,
    pub max: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Replication {
    /// This server follows a primary.
    pub upstream: Option<Upstream>,
    /// Replicas streaming from this server.
    pub downstream: Vec<Downstream>,
    /// Replication slots nobody uses (they keep WAL forever).
    pub inactive_slots: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Upstream {
    /// Receiving from the primary (WAL receiver streaming, IO thread running).
    pub receiving: bool,
    /// Applying what was received (not paused, SQL thread running).
    pub applying: bool,
    pub paused: bool,
    /// Seconds behind the primary; None when it cannot be told.
    pub lag_s: Option<f64>,
    pub source: String,
    pub last_error: Option<String>,
    /// Whether a primary is configured at all (archive-only standbys have none).
    pub streaming_configured: bool,
}

#[derive(Debug, Clone)]
pub struct Downstream {
    pub name: String,
    pub state: String,
    pub lag_s: Option<f64>,
    pub lag_bytes: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxState {
    /// Running a statement.
    Running,
    /// Idle in transaction: holds locks and snapshots while doing nothing.
    Idle,
}

#[derive(Debug, Clone)]
pub struct Transaction {
    pub id: String,
    pub user: String,
    pub database: String,
    pub state: TxState,
    /// Since the transaction began.
    pub age: Duration,
    pub query: String,
}

/// Where a log read left off, kept in the record's metrics for the next run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogPosition {
    pub file: String,
    pub offset: u64,
}

#[derive(Debug, Clone)]
pub enum LogFacts {
    Read(LogRead),
    /// Needs the host: read `file` from `from` (the previous position) there.
    OnHost {
        file: String,
        from: Option<LogPosition>,
    },
    /// The server writes no log file that can be named (stderr, syslog).
    NotAvailable(String),
    Failed(String),
}

#[derive(Debug, Clone, Default)]
pub struct LogRead {
    pub position: Option<LogPosition>,
    /// No previous position: only the log's tail was read.
    pub first_read: bool,
    pub bytes: u64,
    /// Bytes passed over because there was more than one read takes.
    pub skipped: u64,
    pub errors: Vec<String>,
    pub error_count: usize,
    pub fatal_count: usize,
    pub warning_count: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Archiver {
    pub enabled: bool,
    pub archived_count: u64,
    pub last_archived_age: Option<Duration>,
    pub failed_count: u64,
    pub last_failed_age: Option<Duration>,
    pub last_failed_wal: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Filesystem {
    pub mount: String,
    pub size: u64,
    pub used: u64,
    pub available: u64,
    /// What lives there: `data directory`, `tablespace app_ts`.
    pub holds: Vec<String>,
}

impl Filesystem {
    /// Free space as `df` reckons it: available over used plus available.
    pub fn free_pct(&self) -> f64 {
        let total = self.used + self.available;
        if total == 0 {
            100.0
        } else {
            self.available as f64 * 100.0 / total as f64
        }
    }
}
