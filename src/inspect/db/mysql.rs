//! MySQL and MariaDB: one connection, `SHOW` statements and
//! `information_schema`, all read as text over the text protocol.
//!
//! The error log is a file on the server's host; MySQL 8 also offers it as
//! `performance_schema.error_log`, which is read over SQL where present.
//! Otherwise the log's path is handed to the host step.

use super::Engine;
use super::connect::{Addr, ConnectError, ConnectParams};
use super::facts::*;
use super::logscan;
use mysql::prelude::Queryable;
use mysql::{Conn, OptsBuilder, Row};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

pub fn connect(p: &ConnectParams) -> Result<(Conn, Duration), ConnectError> {
    let io_timeout = Some(p.statement_timeout + Duration::from_secs(2));
    let mut opts = OptsBuilder::new()
        .user(Some(p.user.clone()))
        .pass(p.password.as_ref().map(|s| s.expose().to_string()))
        .db_name(p.database.clone())
        .prefer_socket(false)
        .stmt_cache_size(0)
        .tcp_connect_timeout(Some(p.connect_timeout))
        .read_timeout(io_timeout)
        .write_timeout(io_timeout);
    match &p.addr {
        Addr::Tcp { host, port } => {
            opts = opts.ip_or_hostname(Some(host.clone())).tcp_port(*port);
        }
        Addr::Socket { path, .. } => {
            opts = opts.socket(Some(path.to_string_lossy().into_owned()));
        }
    }
    let started = Instant::now();
    // The handshake has no timeout of its own over a socket: the read timeout
    // covers it, and the caller's deadline covers everything.
    match Conn::new(opts) {
        Ok(mut conn) => {
            let elapsed = started.elapsed();
            // MariaDB counts seconds, MySQL milliseconds (SELECT only); one of them fails.
            let secs = p.statement_timeout.as_secs_f64().max(0.001);
            let _ = conn.query_drop(format!("SET SESSION max_statement_time = {secs:.3}"));
            let _ = conn.query_drop(format!(
                "SET SESSION max_execution_time = {}",
                p.statement_timeout.as_millis().max(1)
            ));
            Ok((conn, elapsed))
        }
        Err(e) => Err(classify(&e)),
    }
}

fn classify(e: &mysql::Error) -> ConnectError {
    match e {
        mysql::Error::MySqlError(m) => match m.code {
            // ER_ACCESS_DENIED_ERROR, ER_DBACCESS_DENIED_ERROR, ER_ACCESS_DENIED_NO_PASSWORD_ERROR
            1045 | 1044 | 1698 => ConnectError::Auth(format!("{} (error {})", m.message, m.code)),
            // ER_CON_COUNT_ERROR, ER_SERVER_SHUTDOWN, ER_SERVER_OFFLINE_MODE
            1040 | 1053 | 3032 => ConnectError::Down(format!("{} (error {})", m.message, m.code)),
            _ => ConnectError::Other(format!("{} (error {})", m.message, m.code)),
        },
        other => ConnectError::Down(other.to_string()),
    }
}

type Rows = Vec<Vec<Option<String>>>;

fn named_rows(conn: &mut Conn, sql: &str) -> Result<Vec<BTreeMap<String, Option<String>>>, String> {
    let rows: Vec<Row> = conn.query(sql).map_err(|e| e.to_string())?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let names: Vec<String> = row
                .columns_ref()
                .iter()
                .map(|c| c.name_str().into_owned())
                .collect();
            names
                .into_iter()
                .enumerate()
                .map(|(i, n)| {
                    (
                        n,
                        row.get_opt::<Option<String>, usize>(i)
                            .and_then(|r| r.ok())
                            .flatten(),
                    )
                })
                .collect()
        })
        .collect())
}

fn rows(conn: &mut Conn, sql: &str) -> Result<Rows, String> {
    let rows: Vec<Row> = conn.query(sql).map_err(|e| e.to_string())?;
    Ok(rows
        .into_iter()
        .map(|row| {
            (0..row.len())
                .map(|i| {
                    row.get_opt::<Option<String>, usize>(i)
                        .and_then(|r| r.ok())
                        .flatten()
                })
                .collect()
        })
        .collect())
}

fn num<T: std::str::FromStr>(v: &Option<String>) -> Option<T> {
    v.as_deref().and_then(|s| s.trim().parse().ok())
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn on(v: Option<&Option<String>>) -> bool {
    matches!(v.and_then(|v| v.as_deref()), Some("1" | "ON" | "on"))
}

pub fn collect(
    conn: &mut Conn,
    connect_time: Duration,
    previous_log: Option<&LogPosition>,
) -> Facts {
    let vars: BTreeMap<String, Option<String>> = rows(
        conn,
        "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('version', 'version_comment', 'read_only', \
         'super_read_only', 'offline_mode', 'datadir', 'log_error', 'max_connections', 'innodb_data_file_path')",
    )
    .unwrap_or_default()
    .into_iter()
    .filter_map(|r| Some((r.first()?.clone()?, r.get(1)?.clone())))
    .collect();
    let var = |k: &str| vars.get(k).cloned().flatten();
    let raw_version = var("version").unwrap_or_default();
    let version = version_of(&raw_version, &var("version_comment").unwrap_or_default());
    let replication = replication(conn);
    let replica_configured = replication.as_ref().is_ok_and(|r| r.upstream.is_some());
    let role = if vars.is_empty() {
        Err("SHOW GLOBAL VARIABLES returned nothing".to_string())
    } else {
        Ok(Role {
            in_recovery: false,
            read_only: on(vars.get("read_only")) || on(vars.get("super_read_only")),
            replica_configured,
            maintenance: on(vars.get("offline_mode")).then(|| "offline_mode is ON".to_string()),
        })
    };
    let data_directory = var("datadir").map(|d| d.trim_end_matches('/').to_string());
    Facts {
        engine: Engine::Mysql,
        connect_time,
        version,
        role,
        databases: databases(conn),
        tablespaces: Ok(system_tablespace(
            conn,
            var("innodb_data_file_path").as_deref(),
        )),
        connections: connections(conn, var("max_connections")),
        replication,
        transactions: transactions(conn),
        log: log(
            conn,
            var("log_error"),
            data_directory.as_deref(),
            previous_log,
        ),
        archiver: None,
        data_directory,
        filesystems: HostPart::Skip("not read yet".into()),
    }
}

/// `10.11.19-MariaDB-0+deb12u1` → `MariaDB 10.11.19`; `8.0.36` → `MySQL 8.0.36`.
pub fn version_of(version: &str, comment: &str) -> String {
    let number = version.split(['-', ' ']).next().unwrap_or(version);
    if version.contains("MariaDB") || comment.contains("MariaDB") {
        format!("MariaDB {number}")
    } else {
        format!("MySQL {number}")
    }
}

fn databases(conn: &mut Conn) -> Part<Vec<Sized>> {
    let rows = rows(
        conn,
        "SELECT s.SCHEMA_NAME, COALESCE(SUM(t.DATA_LENGTH + t.INDEX_LENGTH), 0) \
         FROM information_schema.SCHEMATA s LEFT JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = s.SCHEMA_NAME \
         WHERE s.SCHEMA_NAME NOT IN ('information_schema', 'performance_schema', 'sys') \
         GROUP BY s.SCHEMA_NAME ORDER BY s.SCHEMA_NAME",
    )?;
    Ok(rows
        .iter()
        .map(|r| Sized {
            name: text(&r[0]),
            bytes: num::<f64>(&r[1]).unwrap_or(0.0) as u64,
        })
        .collect())
}

/// The InnoDB system tablespace, when `innodb_data_file_path` caps it
/// (`ibdata1:12M:autoextend:max:2G`); its size from `information_schema.FILES`
/// where the server fills that in.
fn system_tablespace(conn: &mut Conn, data_file_path: Option<&str>) -> Vec<Tablespace> {
    let Some(max) = data_file_path.and_then(innodb_max) else {
        return Vec::new();
    };
    let bytes = rows(
        conn,
        "SELECT SUM(TOTAL_EXTENTS * EXTENT_SIZE) FROM information_schema.FILES WHERE TABLESPACE_NAME = 'innodb_system'",
    )
    .ok()
    .and_then(|r| r.first().and_then(|r| num::<f64>(&r[0])))
    .map(|b| b as u64);
    match bytes {
        Some(bytes) => vec![Tablespace {
            name: "innodb_system".into(),
            location: None,
            bytes,
            max_bytes: Some(max),
        }],
        None => Vec::new(),
    }
}

/// The `:max:` of an InnoDB data file path, in bytes.
pub fn innodb_max(path: &str) -> Option<u64> {
    let (_, max) = path.rsplit_once(":max:")?;
    crate::size::parse_size(max.split(';').next()?).ok()
}

fn connections(conn: &mut Conn, max: Option<String>) -> Part<Connections> {
    let r = rows(conn, "SHOW GLOBAL STATUS LIKE 'Threads_connected'")?;
    let used = r
        .first()
        .and_then(|r| num(&r[1]))
        .ok_or("Threads_connected is missing")?;
    let max = num(&max).ok_or("max_connections is missing")?;
    Ok(Connections { used, max })
}

fn replication(conn: &mut Conn) -> Part<Replication> {
    // MariaDB names every source in SHOW ALL REPLICAS STATUS; MySQL 8.0.22+
    // knows SHOW REPLICA STATUS; older servers only SHOW SLAVE STATUS.
    let mut status = Err(String::new());
    for sql in [
        "SHOW ALL REPLICAS STATUS",
        "SHOW REPLICA STATUS",
        "SHOW SLAVE STATUS",
    ] {
        status = named_rows(conn, sql);
        if status.is_ok() {
            break;
        }
    }
    let status = status.map_err(|e| format!("cannot read the replica status: {e}"))?;
    let mut out = Replication::default();
    let get = |row: &BTreeMap<String, Option<String>>, names: &[&str]| -> Option<String> {
        names.iter().find_map(|n| row.get(*n).cloned().flatten())
    };
    for row in &status {
        let io = get(row, &["Replica_IO_Running", "Slave_IO_Running"]).unwrap_or_default();
        let sql = get(row, &["Replica_SQL_Running", "Slave_SQL_Running"]).unwrap_or_default();
        let lag = get(row, &["Seconds_Behind_Source", "Seconds_Behind_Master"])
            .and_then(|s| s.parse::<f64>().ok());
        let host = get(row, &["Source_Host", "Master_Host"]).unwrap_or_default();
        let port = get(row, &["Source_Port", "Master_Port"]).unwrap_or_default();
        let name = get(row, &["Connection_name", "Channel_Name"]).unwrap_or_default();
        let error = [
            get(row, &["Last_IO_Error"]).unwrap_or_default(),
            get(row, &["Last_SQL_Error"]).unwrap_or_default(),
        ]
        .into_iter()
        .filter(|e| !e.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
        let source = if name.is_empty() {
            format!("{host}:{port}")
        } else {
            format!("{name} ({host}:{port})")
        };
        // Several sources are rare; the worst one is what matters, so keep
        // the first that is not fully running, else the most lagging.
        let this = Upstream {
            receiving: io == "Yes",
            applying: sql == "Yes",
            paused: false,
            lag_s: lag,
            source,
            last_error: (!error.is_empty()).then_some(error),
            streaming_configured: true,
        };
        let replace = match &out.upstream {
            None => true,
            Some(u) => {
                (u.receiving && u.applying && !(this.receiving && this.applying))
                    || this.lag_s > u.lag_s
            }
        };
        if replace {
            out.upstream = Some(this);
        }
    }
    // Replicas reading our binary log.
    if let Ok(dumps) = rows(
        conn,
        "SELECT HOST, COALESCE(STATE, '') FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'",
    ) {
        for r in dumps {
            out.downstream.push(Downstream {
                name: text(&r[0]),
                state: text(&r[1]),
                lag_s: None,
                lag_bytes: None,
            });
        }
    }
    Ok(out)
}

fn transactions(conn: &mut Conn) -> Part<Vec<Transaction>> {
    // InnoDB transactions with their session, then statements that have run
    // long outside one. Replication threads, the event scheduler and the
    // server's own threads are left out; so is this session.
    const NOT_OURS: &str = "COALESCE(p.USER, '') NOT IN ('system user', 'event_scheduler') \
         AND COALESCE(p.COMMAND, '') NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Slave_IO', 'Slave_SQL', \
         'Slave_worker', 'Connect', 'Daemon')";
    let trx = rows(
        conn,
        &format!(
            "SELECT t.trx_mysql_thread_id, COALESCE(p.USER, ''), COALESCE(p.DB, ''), COALESCE(p.COMMAND, ''), \
             TIMESTAMPDIFF(SECOND, t.trx_started, NOW()), LEFT(COALESCE(t.trx_query, p.INFO, ''), 200) \
             FROM information_schema.INNODB_TRX t LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id \
             WHERE t.trx_mysql_thread_id <> 0 AND t.trx_mysql_thread_id <> CONNECTION_ID() AND {NOT_OURS} \
             ORDER BY t.trx_started LIMIT 200"
        ),
    )?;
    let mut out: Vec<Transaction> = trx
        .iter()
        .map(|r| Transaction {
            id: format!("thread {}", text(&r[0])),
            user: text(&r[1]),
            database: text(&r[2]),
            state: if text(&r[3]) == "Sleep" {
                TxState::Idle
            } else {
                TxState::Running
            },
            age: Duration::from_secs(num::<u64>(&r[4]).unwrap_or(0)),
            query: text(&r[5]),
        })
        .collect();
    let statements = rows(
        conn,
        &format!(
            "SELECT p.ID, COALESCE(p.USER, ''), COALESCE(p.DB, ''), p.TIME, LEFT(COALESCE(p.INFO, ''), 200) \
             FROM information_schema.PROCESSLIST p \
             WHERE p.COMMAND = 'Query' AND p.ID <> CONNECTION_ID() AND p.TIME > 0 AND {NOT_OURS} \
             ORDER BY p.TIME DESC LIMIT 200"
        ),
    )
    .unwrap_or_default();
    for r in statements {
        let id = format!("thread {}", text(&r[0]));
        if out.iter().any(|t| t.id == id) {
            continue;
        }
        out.push(Transaction {
            id,
            user: text(&r[1]),
            database: text(&r[2]),
            state: TxState::Running,
            age: Duration::from_secs(num::<u64>(&r[3]).unwrap_or(0)),
            query: text(&r[4]),
        });
    }
    Ok(out)
}

const PERF_SCHEMA_LOG: &str = "performance_schema.error_log";

fn log(
    conn: &mut Conn,
    log_error: Option<String>,
    data_dir: Option<&str>,
    previous: Option<&LogPosition>,
) -> LogFacts {
    // MySQL 8.0.22+: the error log as a table, read over SQL.
    if let Ok(read) = read_perf_schema_log(conn, previous) {
        return LogFacts::Read(read);
    }
    let file = match log_error.as_deref().map(str::trim) {
        None | Some("") | Some("stderr") => {
            return LogFacts::NotAvailable(
                "the server writes its error log to stderr or syslog (log_error is not a file)"
                    .into(),
            );
        }
        Some(f) if f.starts_with('/') => f.to_string(),
        Some(f) => match data_dir {
            Some(d) => format!("{d}/{}", f.trim_start_matches("./")),
            None => {
                return LogFacts::Failed(format!(
                    "log_error {f:?} is relative and datadir is unknown"
                ));
            }
        },
    };
    LogFacts::OnHost {
        file,
        from: previous.filter(|p| p.file != PERF_SCHEMA_LOG).cloned(),
    }
}

fn read_perf_schema_log(
    conn: &mut Conn,
    previous: Option<&LogPosition>,
) -> Result<LogRead, String> {
    let since = previous
        .filter(|p| p.file == PERF_SCHEMA_LOG)
        .map(|p| p.offset);
    // The position is the LOGGED time in microseconds since the epoch.
    let filter = match since {
        Some(us) => format!(
            "WHERE LOGGED > FROM_UNIXTIME({}.{:06})",
            us / 1_000_000,
            us % 1_000_000
        ),
        None => "WHERE LOGGED > NOW() - INTERVAL 1 DAY".to_string(),
    };
    let rows = rows(
        conn,
        &format!(
            "SELECT CAST(UNIX_TIMESTAMP(LOGGED) * 1000000 AS UNSIGNED), PRIO, ERROR_CODE, SUBSYSTEM, DATA \
             FROM {PERF_SCHEMA_LOG} {filter} ORDER BY LOGGED LIMIT 10000"
        ),
    )?;
    let mut text_log = String::new();
    let mut last = since.unwrap_or(0);
    for r in &rows {
        last = last.max(num(&r[0]).unwrap_or(0));
        text_log.push_str(&format!(
            "[{}] [{}] [{}] {}\n",
            text(&r[1]),
            text(&r[2]),
            text(&r[3]),
            text(&r[4])
        ));
    }
    let (mut read, _) = logscan::scan(Engine::Mysql, &text_log);
    read.position = Some(LogPosition {
        file: PERF_SCHEMA_LOG.into(),
        offset: last,
    });
    read.first_read = since.is_none();
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_innodb_caps() {
        assert_eq!(
            version_of("10.11.19-MariaDB-0+deb12u1", "Debian 12"),
            "MariaDB 10.11.19"
        );
        assert_eq!(
            version_of("8.0.36", "MySQL Community Server - GPL"),
            "MySQL 8.0.36"
        );
        assert_eq!(innodb_max("ibdata1:12M:autoextend:max:2G"), Some(2 << 30));
        assert_eq!(innodb_max("ibdata1:12M:autoextend"), None);
    }
}
