//! What both engines need to connect, and how a failed connection is told.

use super::credentials::Secret;
use std::path::PathBuf;
use std::time::Duration;

/// Where the driver connects: the database itself, or the local end of a
/// tunnel (a unix socket) that leads to it.
#[derive(Debug, Clone)]
pub enum Addr {
    Tcp { host: String, port: u16 },
    Socket { path: PathBuf, port: u16 },
}

#[derive(Debug, Clone)]
pub struct ConnectParams {
    pub addr: Addr,
    pub user: String,
    pub database: Option<String>,
    pub password: Option<Secret>,
    pub connect_timeout: Duration,
    pub statement_timeout: Duration,
}

/// Why no session could be had.
#[derive(Debug, Clone)]
pub enum ConnectError {
    /// Not accepting connections: refused, timed out, starting up, full.
    Down(String),
    /// The server answered but refused the login.
    Auth(String),
    /// Anything else (no such database, a protocol error).
    Other(String),
}
