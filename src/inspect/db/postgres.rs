//! PostgreSQL: one connection, read-only catalog queries, the server log
//! through `pg_current_logfile()` and `pg_read_binary_file()`.
//!
//! Every value is read as text (`simple_query`) or as `int8`/`bytea`, so the
//! driver needs no type features. Each query has the connection's
//! `statement_timeout`; a query that fails makes only its own part unknown.

use super::connect::{Addr, ConnectError, ConnectParams};
use super::facts::*;
use super::logscan;
use super::{Engine, target::pg_socket};
use postgres::{Client, Config, NoTls, SimpleQueryMessage};
use std::time::{Duration, Instant};

/// How much of the log a first inspection reads (its tail), and the most
/// any one inspection reads.
pub const FIRST_READ: u64 = 64 * 1024;
pub const MAX_READ: u64 = 4 * 1024 * 1024;

pub fn connect(p: &ConnectParams) -> Result<(Client, Duration), ConnectError> {
    let mut config = Config::new();
    config
        .user(&p.user)
        .dbname(p.database.as_deref().unwrap_or("postgres"))
        .application_name("ops inspect")
        .ssl_mode(postgres::config::SslMode::Disable)
        .connect_timeout(p.connect_timeout)
        .options(&format!(
            "-c statement_timeout={} -c lock_timeout=1000 -c idle_in_transaction_session_timeout=0",
            p.statement_timeout.as_millis().max(1)
        ));
    match &p.addr {
        Addr::Tcp { host, port } => {
            config.host(host).port(*port);
        }
        Addr::Socket { path, port } => {
            let (dir, port) = pg_socket(path, *port);
            config.host_path(dir).port(port);
        }
    }
    if let Some(pw) = &p.password {
        config.password(pw.expose());
    }
    let started = Instant::now();
    match config.connect(NoTls) {
        Ok(client) => Ok((client, started.elapsed())),
        Err(e) => Err(classify(&e)),
    }
}

fn classify(e: &postgres::Error) -> ConnectError {
    let text = error_text(e);
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        return match code {
            // invalid_authorization_specification, invalid_password
            c if c.starts_with("28") => ConnectError::Auth(text),
            // invalid_catalog_name: the database does not exist
            "3D000" => ConnectError::Other(text),
            // cannot_connect_now (starting, stopping, recovering), too_many_connections, admin_shutdown…
            _ => ConnectError::Down(text),
        };
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("authentication") {
        ConnectError::Auth(text)
    } else {
        ConnectError::Down(text)
    }
}

/// The driver's message and its causes on one line.
fn error_text(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!("{}: {}", db.severity(), db.message());
    }
    let mut s = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        cause = c.source();
    }
    s
}

type Rows = Vec<Vec<Option<String>>>;

fn rows(client: &mut Client, sql: &str) -> Result<Rows, String> {
    let messages = client.simple_query(sql).map_err(|e| error_text(&e))?;
    Ok(messages
        .into_iter()
        .filter_map(|m| match m {
            SimpleQueryMessage::Row(r) => {
                Some((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect())
            }
            _ => None,
        })
        .collect())
}

fn one(client: &mut Client, sql: &str) -> Result<Vec<Option<String>>, String> {
    rows(client, sql)?
        .into_iter()
        .next()
        .ok_or_else(|| "the query returned no row".to_string())
}

fn num<T: std::str::FromStr>(v: &Option<String>) -> Option<T> {
    v.as_deref().and_then(|s| s.trim().parse().ok())
}

fn flag(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("t" | "on" | "true"))
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn secs(v: &Option<String>) -> Option<Duration> {
    num::<f64>(v).map(|s| Duration::from_secs_f64(s.max(0.0)))
}

/// Everything but the host's part, over an open connection.
pub fn collect(
    client: &mut Client,
    connect_time: Duration,
    previous_log: Option<&LogPosition>,
    host_can_read: bool,
) -> Facts {
    let version = one(client, "SELECT current_setting('server_version')")
        .map(|r| {
            format!(
                "PostgreSQL {}",
                text(&r[0]).split_whitespace().next().unwrap_or("?")
            )
        })
        .unwrap_or_else(|e| format!("PostgreSQL (version unreadable: {e})"));
    let role = role(client);
    let in_recovery = role.as_ref().map(|r| r.in_recovery).unwrap_or(false);
    let data_directory = one(client, "SELECT current_setting('data_directory')")
        .ok()
        .and_then(|r| r[0].clone());
    Facts {
        engine: Engine::Postgres,
        connect_time,
        version,
        databases: databases(client),
        tablespaces: tablespaces(client),
        connections: connections(client),
        replication: replication(
            client,
            in_recovery,
            role.as_ref().map(|r| r.replica_configured).unwrap_or(false),
        ),
        transactions: transactions(client),
        log: log(
            client,
            previous_log,
            data_directory.as_deref(),
            host_can_read,
        ),
        archiver: Some(archiver(client)),
        role,
        data_directory,
        filesystems: HostPart::Skip("not read yet".into()),
    }
}

fn role(client: &mut Client) -> Part<Role> {
    let r = one(
        client,
        "SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only'), \
         (SELECT count(*) FROM pg_stat_wal_receiver)",
    )?;
    let in_recovery = flag(&r[0]);
    // primary_conninfo is readable only with pg_read_all_settings; without
    // it, a server in recovery with a WAL receiver is clearly a replica.
    let conninfo = one(client, "SELECT current_setting('primary_conninfo') <> '' OR current_setting('restore_command') <> ''")
        .map(|r| flag(&r[0]))
        .ok();
    let receiver = num::<u64>(&r[2]).unwrap_or(0) > 0;
    Ok(Role {
        in_recovery,
        read_only: flag(&r[1]),
        replica_configured: in_recovery && (receiver || conninfo.unwrap_or(true)),
        maintenance: None,
    })
}

fn databases(client: &mut Client) -> Part<Vec<Sized>> {
    let rows = rows(
        client,
        "SELECT datname, pg_database_size(oid) FROM pg_database \
         WHERE datallowconn AND NOT datistemplate AND has_database_privilege(oid, 'CONNECT') ORDER BY datname",
    )?;
    Ok(rows
        .iter()
        .map(|r| Sized {
            name: text(&r[0]),
            bytes: num(&r[1]).unwrap_or(0),
        })
        .collect())
}

fn tablespaces(client: &mut Client) -> Part<Vec<Tablespace>> {
    let rows = rows(
        client,
        "SELECT spcname, pg_tablespace_location(oid), pg_tablespace_size(oid) FROM pg_tablespace ORDER BY spcname",
    )?;
    Ok(rows
        .iter()
        .map(|r| Tablespace {
            name: text(&r[0]),
            location: r[1].clone().filter(|l| !l.is_empty()),
            bytes: num(&r[2]).unwrap_or(0),
            max_bytes: None,
        })
        .collect())
}

fn connections(client: &mut Client) -> Part<Connections> {
    let r = one(
        client,
        "SELECT count(*) FILTER (WHERE backend_type = 'client backend'), current_setting('max_connections') FROM pg_stat_activity",
    )?;
    Ok(Connections {
        used: num(&r[0]).unwrap_or(0),
        max: num(&r[1]).unwrap_or(0),
    })
}

fn replication(client: &mut Client, in_recovery: bool, configured: bool) -> Part<Replication> {
    let mut out = Replication::default();
    if in_recovery {
        let receiver = rows(
            client,
            "SELECT status, sender_host, sender_port FROM pg_stat_wal_receiver",
        )?;
        let r = one(
            client,
            "SELECT pg_last_wal_receive_lsn() IS NOT NULL, \
             pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), \
             pg_is_wal_replay_paused(), \
             extract(epoch FROM now() - pg_last_xact_replay_timestamp())",
        )?;
        let receiving = receiver
            .first()
            .is_some_and(|row| row[0].as_deref() == Some("streaming"));
        let source = receiver
            .first()
            .map(|row| match (&row[1], &row[2]) {
                (Some(h), Some(p)) => format!("{h}:{p}"),
                _ => "primary".to_string(),
            })
            .unwrap_or_else(|| "primary".to_string());
        let behind_bytes: Option<f64> = num(&r[1]);
        let paused = flag(&r[2]);
        let since_replay = num::<f64>(&r[3]);
        // An idle primary sends nothing, so "time since the last replayed
        // transaction" grows without bound while the replica is fully caught
        // up. Only when received WAL waits to be replayed is that time a lag.
        let lag_s = match (flag(&r[0]), behind_bytes) {
            (true, Some(b)) if b <= 0.0 => Some(0.0),
            (true, Some(_)) => since_replay,
            _ => None,
        };
        out.upstream = Some(Upstream {
            receiving,
            applying: !paused,
            paused,
            lag_s,
            source,
            last_error: None,
            streaming_configured: configured || !receiver.is_empty(),
        });
    }
    for r in rows(
        client,
        "SELECT coalesce(nullif(application_name, ''), client_addr::text, 'local'), coalesce(state, '?'), \
         extract(epoch FROM replay_lag), pg_wal_lsn_diff(sent_lsn, replay_lsn) FROM pg_stat_replication ORDER BY 1",
    )? {
        let lag_bytes = num::<f64>(&r[3]).map(|b| b.max(0.0) as u64);
        // replay_lag is NULL once a caught-up replica has had nothing to replay.
        let lag_s = num::<f64>(&r[2]).or(match lag_bytes {
            Some(0) => Some(0.0),
            _ => None,
        });
        out.downstream.push(Downstream {
            name: text(&r[0]),
            state: text(&r[1]),
            lag_s,
            lag_bytes,
        });
    }
    out.inactive_slots = rows(
        client,
        "SELECT slot_name FROM pg_replication_slots WHERE NOT active ORDER BY 1",
    )?
    .iter()
    .map(|r| text(&r[0]))
    .collect();
    Ok(out)
}

fn transactions(client: &mut Client) -> Part<Vec<Transaction>> {
    // Client backends only: WAL senders, autovacuum and other background
    // workers are the server's own business, not long transactions.
    let rows = rows(
        client,
        "SELECT pid, coalesce(usename, ''), coalesce(datname, ''), coalesce(state, ''), \
         extract(epoch FROM now() - xact_start), left(coalesce(query, ''), 200) \
         FROM pg_stat_activity \
         WHERE backend_type = 'client backend' AND xact_start IS NOT NULL AND pid <> pg_backend_pid() \
         ORDER BY xact_start LIMIT 200",
    )?;
    Ok(rows
        .iter()
        .map(|r| Transaction {
            id: format!("pid {}", text(&r[0])),
            user: text(&r[1]),
            database: text(&r[2]),
            state: if text(&r[3]).starts_with("idle in transaction") {
                TxState::Idle
            } else {
                TxState::Running
            },
            age: secs(&r[4]).unwrap_or_default(),
            query: text(&r[5]),
        })
        .collect())
}

fn archiver(client: &mut Client) -> Part<Archiver> {
    let r = one(
        client,
        "SELECT current_setting('archive_mode'), archived_count, extract(epoch FROM now() - last_archived_time), \
         failed_count, extract(epoch FROM now() - last_failed_time), last_failed_wal FROM pg_stat_archiver",
    )?;
    Ok(Archiver {
        enabled: matches!(r[0].as_deref(), Some("on" | "always")),
        archived_count: num(&r[1]).unwrap_or(0),
        last_archived_age: secs(&r[2]),
        failed_count: num(&r[3]).unwrap_or(0),
        last_failed_age: secs(&r[4]),
        last_failed_wal: r[5].clone(),
    })
}

fn log(
    client: &mut Client,
    previous: Option<&LogPosition>,
    data_dir: Option<&str>,
    host_can_read: bool,
) -> LogFacts {
    let current = match one(client, "SELECT pg_current_logfile()") {
        Ok(r) => match r[0].clone() {
            Some(f) => f,
            None => {
                return LogFacts::NotAvailable(
                    "logging_collector is off: the server log goes to stderr or syslog, where SQL cannot read it".into(),
                );
            }
        },
        Err(e) => return LogFacts::Failed(format!("pg_current_logfile(): {e}")),
    };
    match read_log_sql(client, &current, previous) {
        Ok(read) => LogFacts::Read(read),
        Err(e) if e.contains("permission denied") || e.contains("must be superuser") => {
            let absolute = match (data_dir, current.starts_with('/')) {
                (_, true) => Some(current.clone()),
                (Some(d), false) => Some(format!("{}/{current}", d.trim_end_matches('/'))),
                (None, false) => None,
            };
            match absolute {
                Some(file) if host_can_read => LogFacts::OnHost {
                    file,
                    from: previous.cloned(),
                },
                _ => LogFacts::Failed(format!(
                    "reading the server log over SQL needs superuser or the pg_read_server_files role ({e})"
                )),
            }
        }
        Err(e) => LogFacts::Failed(e),
    }
}

fn file_size(client: &mut Client, file: &str) -> Result<Option<u64>, String> {
    let row = client
        .query_opt("SELECT (pg_stat_file($1, true)).size", &[&file])
        .map_err(|e| error_text(&e))?;
    Ok(row
        .and_then(|r| r.get::<_, Option<i64>>(0))
        .map(|s| s.max(0) as u64))
}

fn read_bytes(
    client: &mut Client,
    file: &str,
    offset: u64,
    length: u64,
) -> Result<Vec<u8>, String> {
    let row = client
        .query_opt(
            "SELECT pg_read_binary_file($1, $2, $3, true)",
            &[&file, &(offset as i64), &(length as i64)],
        )
        .map_err(|e| error_text(&e))?;
    Ok(row
        .and_then(|r| r.get::<_, Option<Vec<u8>>>(0))
        .unwrap_or_default())
}

/// Read what was written since `previous`: the rest of the previous file if
/// the log has rotated since, then the current file.
fn read_log_sql(
    client: &mut Client,
    current: &str,
    previous: Option<&LogPosition>,
) -> Result<LogRead, String> {
    let mut text = String::new();
    let mut skipped = 0u64;
    let first_read = previous.is_none();
    if let Some(prev) = previous.filter(|p| p.file != current)
        && let Some(size) = file_size(client, &prev.file)?
    {
        let start = prev.offset.min(size).max(size.saturating_sub(MAX_READ));
        skipped += start - prev.offset.min(start);
        let bytes = read_bytes(client, &prev.file, start, size - start)?;
        text.push_str(&String::from_utf8_lossy(&bytes));
        if !text.ends_with('\n') && !text.is_empty() {
            text.push('\n');
        }
    }
    let size = file_size(client, current)?.unwrap_or(0);
    let from = match previous {
        Some(p) if p.file == current && p.offset <= size => p.offset,
        Some(_) => 0,
        None => size.saturating_sub(FIRST_READ),
    };
    let start = from.max(size.saturating_sub(MAX_READ));
    skipped += start - from;
    let bytes = read_bytes(client, current, start, size - start)?;
    let carried = text.len();
    text.push_str(&String::from_utf8_lossy(&bytes));
    let (mut read, consumed) = logscan::scan(Engine::Postgres, &text);
    let consumed_here = consumed.saturating_sub(carried) as u64;
    let offset = if bytes.ends_with(b"\n") {
        size
    } else {
        start + consumed_here.min(size - start)
    };
    read.position = Some(LogPosition {
        file: current.to_string(),
        offset,
    });
    read.first_read = first_read;
    read.skipped = skipped;
    Ok(read)
}
