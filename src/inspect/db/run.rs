//! One database inspection from start to finish, within its deadline.
//!
//! The work runs on its own thread; the caller waits at most until the
//! deadline, so a server that accepts a connection and then hangs still
//! gives an answer in time (the abandoned thread ends with the process).
//!
//! Order: the `via` host's SSH session (if any) and a forward through it;
//! the SQL session and its queries; then, with the forward closed, the
//! files on the database's host over that same SSH session (or another
//! transport).

use super::connect::{Addr, ConnectError, ConnectParams};
use super::credentials::{Secret, Source};
use super::evaluate::{DbMetrics, evaluate};
use super::facts::{Facts, HostPart, LogFacts, LogPosition};
use super::target::{DbTarget, Endpoint, FilesHost};
use super::thresholds::DbThresholds;
use super::{Engine, host, mysql, postgres};
use crate::backup::LinkKind;
use crate::backup::last_backup::{self, LinkedSet};
use crate::check::{Finding, Status};
use crate::inspect::outcome::TargetResult;
use crate::inventory::TargetSpec;
use crate::transport::Transport;
use crate::transport::local::Local;
use crate::transport::ssh::{self, SshOptions, SshSession};
use crate::transport::tunnel::{Forward, ForwardError};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Job {
    pub target: DbTarget,
    pub thresholds: DbThresholds,
    pub password: Option<Secret>,
    pub password_source: Source,
    pub previous: Option<DbMetrics>,
    /// The backup sets of this database and what their records say
    /// (`db =` in `[[backup.set]]`, or the `backup_set` threshold).
    pub backups: Vec<LinkedSet>,
}

#[derive(Debug, Clone)]
pub struct Limits {
    pub ssh: SshOptions,
    pub connect_timeout: Duration,
    pub timeout: Duration,
}

enum Outcome {
    Down(String),
    Failed(String),
    Inspected(Box<Facts>),
}

/// Inspect one database; never fails, never outlives `limits.timeout` by much.
pub fn inspect(job: &Job, limits: &Limits) -> TargetResult {
    let started_at = crate::clock::now();
    let started = Instant::now();
    let deadline = started + limits.timeout;
    let address = job.target.describe();
    let (tx, rx) = std::sync::mpsc::channel();
    let (owned_job, owned_limits) = (job.clone(), limits.clone());
    std::thread::spawn(move || {
        let _ = tx.send(inspect_within(&owned_job, &owned_limits, deadline));
    });
    let outcome = rx
        .recv_timeout(limits.timeout + Duration::from_millis(300))
        .unwrap_or_else(|_| Outcome::Failed(crate::transport::limits::within_text(limits.timeout)));
    let name = job.target.name.clone();
    let mut result = match outcome {
        Outcome::Failed(reason) => {
            TargetResult::failed(&name, &address, started_at, started.elapsed(), reason)
        }
        Outcome::Down(reason) => TargetResult {
            target: name,
            address,
            started: started_at,
            duration: started.elapsed(),
            findings: vec![Finding::new(
                "connect",
                Status::Crit,
                format!("not accepting connections: {reason}"),
            )],
            metrics: serde_json::to_value(carry_forward(job, DbMetrics::default()))
                .unwrap_or_default(),
            error: None,
            manual: None,
        },
        Outcome::Inspected(facts) => {
            let (findings, metrics) = evaluate(&facts, &job.thresholds);
            TargetResult {
                target: name,
                address,
                started: started_at,
                duration: started.elapsed(),
                findings,
                metrics: serde_json::to_value(carry_forward(job, metrics)).unwrap_or_default(),
                error: None,
                manual: None,
            }
        }
    };
    // Judged from the backup records, not the server: also when it is down.
    result.findings.extend(last_backup::findings(
        LinkKind::Db,
        &job.target.name,
        &job.backups,
        crate::clock::now(),
    ));
    result
}

/// Run `connect` on a helper thread and give up on it after `limit`.
fn within<C: Send + 'static>(
    limit: Duration,
    connect: impl FnOnce() -> Result<C, ConnectError> + Send + 'static,
) -> Result<C, ConnectError> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(connect());
    });
    rx.recv_timeout(limit + Duration::from_millis(200))
        .unwrap_or_else(|_| {
            Err(ConnectError::Down(format!(
                "no answer to the login within {} (--connect-timeout)",
                crate::duration::display(limit)
            )))
        })
}

/// A log not read this time keeps the previous position, so the next run
/// still starts where the last successful read stopped.
fn carry_forward(job: &Job, mut m: DbMetrics) -> DbMetrics {
    if m.log.is_none() {
        m.log = job.previous.as_ref().and_then(|p| p.log.clone());
    }
    m
}

fn inspect_within(job: &Job, limits: &Limits, deadline: Instant) -> Outcome {
    let t = &job.target;
    // 1. The via host and a forward through it.
    let mut via_session: Option<SshSession> = None;
    if let Some((name, spec)) = &t.via {
        let TargetSpec::Ssh(ssh_target) = spec else {
            unreachable!("a local via host is resolved to a direct connection")
        };
        match ssh::connect(ssh_target, &limits.ssh, deadline) {
            Ok(s) => via_session = Some(s),
            Err(e) => {
                let why = crate::transport::reason(&e, deadline, limits.timeout);
                return Outcome::Failed(format!("via host {name}: {why}"));
            }
        }
    }
    let forward = match (&via_session, &t.endpoint) {
        (Some(session), Endpoint::Tcp { host, port }) => {
            let file = match t.engine {
                Engine::Postgres => format!(".s.PGSQL.{port}"),
                Engine::Mysql => "mysql.sock".to_string(),
            };
            match Forward::open(session.session(), host, *port, &file, deadline) {
                Ok(f) => Some(f),
                Err(ForwardError::Refused(m)) => return Outcome::Down(m),
                Err(ForwardError::Other(e)) => {
                    return Outcome::Failed(crate::transport::reason(&e, deadline, limits.timeout));
                }
            }
        }
        _ => None,
    };
    let addr = match (&forward, &t.endpoint) {
        (Some(f), Endpoint::Tcp { port, .. }) => Addr::Socket {
            path: f.socket().to_path_buf(),
            port: *port,
        },
        (_, Endpoint::Tcp { host, port }) => Addr::Tcp {
            host: host.clone(),
            port: *port,
        },
        (_, Endpoint::Socket { path, port }) => Addr::Socket {
            path: path.clone(),
            port: *port,
        },
    };
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Outcome::Failed(crate::transport::limits::within_text(limits.timeout));
    }
    let params = ConnectParams {
        addr,
        user: t.user.clone(),
        database: t.database.clone(),
        password: job.password.clone(),
        connect_timeout: limits.connect_timeout.min(left),
        statement_timeout: (left / 2).clamp(Duration::from_secs(1), Duration::from_secs(20)),
    };
    let previous_log: Option<LogPosition> = job.previous.as_ref().and_then(|p| p.log.clone());
    let host_can_read = !matches!(t.files_host, FilesHost::Unknown(_));

    // 2. The SQL session. A server that takes the TCP connection and then
    // never answers the handshake is "not accepting connections" too.
    let connect_limit = params.connect_timeout;
    let connected = match t.engine {
        Engine::Postgres => {
            within(connect_limit, move || postgres::connect(&params)).map(|(mut c, took)| {
                let facts = postgres::collect(&mut c, took, previous_log.as_ref(), host_can_read);
                drop(c);
                facts
            })
        }
        Engine::Mysql => {
            within(connect_limit, move || mysql::connect(&params)).map(|(mut c, took)| {
                let facts = mysql::collect(&mut c, took, previous_log.as_ref());
                drop(c);
                facts
            })
        }
    };
    drop(forward);
    let mut facts = match connected {
        Ok(f) => f,
        // The login was cut by the target's deadline, not by --connect-timeout.
        Err(_) if Instant::now() >= deadline => {
            return Outcome::Failed(crate::transport::limits::within_text(limits.timeout));
        }
        Err(ConnectError::Down(m)) => return Outcome::Down(m),
        Err(ConnectError::Auth(m)) => {
            return Outcome::Failed(format!(
                "login refused by the server: {m} ({})",
                job.password_source.describe()
            ));
        }
        Err(ConnectError::Other(m)) => {
            return Outcome::Failed(format!("cannot open a session: {m}"));
        }
    };

    // 3. The files on the database's host.
    let mut paths: Vec<(String, String)> = Vec::new();
    if let Some(d) = &facts.data_directory {
        paths.push((d.clone(), "data directory".to_string()));
    }
    if let Ok(ts) = &facts.tablespaces {
        for s in ts {
            if let Some(l) = &s.location {
                paths.push((l.clone(), format!("tablespace {}", s.name)));
            }
        }
    }
    let needs_log = matches!(facts.log, LogFacts::OnHost { .. });
    let mut local = Local;
    let mut other_session: Option<SshSession> = None;
    let transport: Result<&mut dyn Transport, HostPart<()>> = match &t.files_host {
        FilesHost::Via => match via_session.as_mut() {
            Some(s) => Ok(s as &mut dyn Transport),
            None => Err(HostPart::Failed("the via host's session is gone".into())),
        },
        FilesHost::Host {
            spec: TargetSpec::Local,
            ..
        } => Ok(&mut local as &mut dyn Transport),
        FilesHost::Host {
            name,
            spec: TargetSpec::Ssh(st),
        } => match ssh::connect(st, &limits.ssh, deadline) {
            Ok(s) => Ok(other_session.insert(s) as &mut dyn Transport),
            Err(e) => Err(HostPart::Failed(format!("database host {name}: {e:#}"))),
        },
        FilesHost::Unknown(why) => Err(HostPart::Skip(why.clone())),
    };
    match transport {
        Ok(tr) => {
            if !paths.is_empty() || facts.data_directory.is_some() {
                facts.filesystems = host::filesystems(tr, &paths, deadline);
            } else {
                facts.filesystems = HostPart::Failed(
                    "the server did not tell its data directory (PostgreSQL needs superuser or pg_read_all_settings)".into(),
                );
            }
            if let LogFacts::OnHost { file, from } = &facts.log {
                let read = host::read_log(
                    tr,
                    t.engine,
                    file,
                    from.as_ref(),
                    postgres::FIRST_READ,
                    postgres::MAX_READ,
                    deadline,
                );
                facts.log = match read {
                    Ok(r) => LogFacts::Read(r),
                    Err(e) => LogFacts::Failed(e),
                };
            }
        }
        Err(part) => {
            let (fs, log) = match part {
                HostPart::Skip(why) => (
                    HostPart::Skip(why.clone()),
                    LogFacts::NotAvailable(format!(
                        "the log file is on the database's host, which ops cannot reach: {why}"
                    )),
                ),
                HostPart::Failed(e) => (HostPart::Failed(e.clone()), LogFacts::Failed(e)),
                HostPart::Known(()) => unreachable!(),
            };
            facts.filesystems = fs;
            if needs_log {
                facts.log = log;
            }
        }
    }
    Outcome::Inspected(Box::new(facts))
}
