//! Facts and thresholds in, findings out (no I/O, no clock: `now` is given).

use super::facts::*;
use super::thresholds::{DbThresholds, ExpectRole, fmt_bytes};
use crate::check::{Finding, Status, fmt_num};
use crate::duration::display as dur;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;

/// At most this many long transactions are listed one by one.
const MAX_TX_FINDINGS: usize = 10;

/// Figures kept in the record for reports and for the next run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DbMetrics {
    pub engine: String,
    pub version: String,
    pub connect_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections: Option<Connections>,
    /// Bytes per database.
    #[serde(default)]
    pub databases: BTreeMap<String, u64>,
    #[serde(default)]
    pub filesystems: Vec<FsMetric>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication_lag_s: Option<f64>,
    /// Where the server log was read up to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<LogPosition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FsMetric {
    pub mount: String,
    pub size: u64,
    pub available: u64,
}

/// The backup of the database (`backup.last`) is judged apart, from the
/// backup records (`crate::backup::last_backup`): it needs no connection.
pub fn evaluate(facts: &Facts, t: &DbThresholds) -> (Vec<Finding>, DbMetrics) {
    let mut f = Vec::new();
    let mut m = DbMetrics {
        engine: facts.engine.as_str().into(),
        version: facts.version.clone(),
        connect_ms: facts.connect_time.as_millis() as u64,
        ..DbMetrics::default()
    };

    let ms = facts.connect_time.as_secs_f64() * 1000.0;
    f.push(
        Finding::new(
            "connect",
            t.connect_time.judge(facts.connect_time),
            format!(
                "accepting connections (connect and login took {} ms)",
                fmt_num(ms.round())
            ),
        )
        .value(json!(ms.round()))
        .threshold(t.connect_time.describe()),
    );
    f.push(Finding::ok("version", facts.version.clone()).value(facts.version.clone()));
    f.push(state(facts, t));
    space(facts, t, &mut f, &mut m);
    f.push(connections(facts, t, &mut m));
    replication(facts, t, &mut f, &mut m);
    transactions(facts, t, &mut f);
    f.push(log(facts, &mut m));
    if let Some(a) = &facts.archiver {
        f.push(archiver(a));
    }
    (f, m)
}

fn state(facts: &Facts, t: &DbThresholds) -> Finding {
    let role = match &facts.role {
        Ok(r) => r,
        Err(e) => return Finding::unknown("state", format!("cannot read the server state: {e}")),
    };
    let replica = role.in_recovery || role.replica_configured;
    let what = if replica { "replica" } else { "primary" };
    if let Some(m) = &role.maintenance {
        return Finding::new("state", Status::Crit, format!("in maintenance: {m}")).value(what);
    }
    match (t.expect_role, replica) {
        (Some(ExpectRole::Primary), true) => {
            return Finding::new(
                "state",
                Status::Crit,
                "is a replica, but expected to be the primary (failover?)",
            )
            .value(what)
            .threshold("expect_role = primary");
        }
        (Some(ExpectRole::Replica), false) => {
            return Finding::new(
                "state",
                Status::Crit,
                "is a primary (read-write), but expected to be a replica",
            )
            .value(what)
            .threshold("expect_role = replica");
        }
        _ => {}
    }
    if role.in_recovery && !role.replica_configured {
        return Finding::new(
            "state",
            Status::Warn,
            "in recovery, but not set up as a replica (recovery in progress?)",
        )
        .value("recovery");
    }
    if role.read_only && !replica {
        return Finding::new(
            "state",
            Status::Warn,
            "read-only, though not a replica: writes are refused",
        )
        .value(what);
    }
    let message = match (replica, role.in_recovery) {
        (true, true) => "replica (in recovery, read-only)".to_string(),
        (true, false) => format!(
            "replica, {}",
            if role.read_only {
                "read-only"
            } else {
                "read-write"
            }
        ),
        (false, _) => "primary, read-write".to_string(),
    };
    Finding::ok("state", message).value(what)
}

fn free_finding(
    check: &str,
    subject: &str,
    free: u64,
    total: u64,
    t: &DbThresholds,
    what: &str,
) -> Finding {
    let pct = if total == 0 {
        100.0
    } else {
        free as f64 * 100.0 / total as f64
    };
    Finding::new(
        check,
        t.free_pct.below(pct),
        format!(
            "{} free of {} ({} %){what}",
            fmt_bytes(free),
            fmt_bytes(total),
            fmt_num((pct * 10.0).round() / 10.0)
        ),
    )
    .subject(subject)
    .value(
        json!({"free_pct": (pct * 10.0).round() / 10.0, "free_bytes": free, "total_bytes": total}),
    )
    .threshold(t.free_pct.describe_below(" % free"))
}

fn space(facts: &Facts, t: &DbThresholds, f: &mut Vec<Finding>, m: &mut DbMetrics) {
    match &facts.databases {
        Ok(dbs) => {
            for d in dbs {
                m.databases.insert(d.name.clone(), d.bytes);
                match t.database_max {
                    Some(max) => f.push(free_finding(
                        "space.database",
                        &d.name,
                        max.saturating_sub(d.bytes),
                        max,
                        t,
                        &format!(" under database_max ({} used)", fmt_bytes(d.bytes)),
                    )),
                    None => f.push(
                        Finding::ok(
                            "space.database",
                            format!("{} (no per-database limit set)", fmt_bytes(d.bytes)),
                        )
                        .subject(&d.name)
                        .value(json!({"bytes": d.bytes})),
                    ),
                }
            }
        }
        Err(e) => f.push(Finding::unknown(
            "space.database",
            format!("cannot read database sizes: {e}"),
        )),
    }
    match &facts.tablespaces {
        Ok(ts) => {
            for s in ts {
                match s.max_bytes {
                    Some(max) => f.push(free_finding(
                        "space.tablespace",
                        &s.name,
                        max.saturating_sub(s.bytes),
                        max,
                        t,
                        " under its configured maximum",
                    )),
                    None => {
                        let at = match &s.location {
                            Some(l) => format!("at {l}"),
                            None => "in the data directory".to_string(),
                        };
                        f.push(
                            Finding::ok("space.tablespace", format!("{} {at}", fmt_bytes(s.bytes)))
                                .subject(&s.name)
                                .value(json!({"bytes": s.bytes})),
                        )
                    }
                }
            }
        }
        Err(e) => f.push(Finding::unknown(
            "space.tablespace",
            format!("cannot read tablespaces: {e}"),
        )),
    }
    match &facts.filesystems {
        HostPart::Known(list) => {
            for fs in list {
                m.filesystems.push(FsMetric {
                    mount: fs.mount.clone(),
                    size: fs.size,
                    available: fs.available,
                });
                let total = fs.used + fs.available;
                f.push(free_finding(
                    "space.fs",
                    &fs.mount,
                    fs.available,
                    total,
                    t,
                    &format!(", holds {}", fs.holds.join(", ")),
                ));
            }
        }
        HostPart::Skip(why) => f.push(Finding::skip(
            "space.fs",
            format!("free space of the data directory not checked: {why}"),
        )),
        HostPart::Failed(e) => f.push(Finding::unknown("space.fs", e.clone())),
    }
}

fn connections(facts: &Facts, t: &DbThresholds, m: &mut DbMetrics) -> Finding {
    match &facts.connections {
        Ok(c) if c.max > 0 => {
            m.connections = Some(*c);
            let pct = c.used as f64 * 100.0 / c.max as f64;
            let pct = (pct * 10.0).round() / 10.0;
            Finding::new(
                "connections",
                t.connections_pct.above(pct),
                format!(
                    "{} of {} connections in use ({} %)",
                    c.used,
                    c.max,
                    fmt_num(pct)
                ),
            )
            .value(json!({"used": c.used, "max": c.max, "pct": pct}))
            .threshold(t.connections_pct.describe_above(" %"))
        }
        Ok(_) => Finding::unknown("connections", "the server reports no connection limit"),
        Err(e) => Finding::unknown("connections", format!("cannot count connections: {e}")),
    }
}

fn lag_status(lag: Option<f64>, t: &DbThresholds) -> (Status, String) {
    match lag {
        Some(l) => (
            t.replication_lag_s.above(l),
            format!("lag {}", dur(Duration::from_secs_f64(l.max(0.0)))),
        ),
        None => (Status::Ok, "lag cannot be told".to_string()),
    }
}

fn replication(facts: &Facts, t: &DbThresholds, f: &mut Vec<Finding>, m: &mut DbMetrics) {
    let r = match &facts.replication {
        Ok(r) => r,
        Err(e) => {
            f.push(Finding::unknown("replication", e.clone()));
            return;
        }
    };
    let threshold = t.replication_lag_s.describe_above(" s lag");
    if let Some(u) = &r.upstream {
        m.replication_lag_s = u.lag_s;
        let (lag_st, lag_text) = lag_status(u.lag_s, t);
        let (status, message) = if !u.streaming_configured {
            (
                lag_st,
                format!("replica restoring from the WAL archive (no streaming), {lag_text}"),
            )
        } else if !u.receiving {
            let why = u
                .last_error
                .as_deref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default();
            (
                Status::Crit,
                format!("not receiving from the primary {}{why}", u.source),
            )
        } else if !u.applying && !u.paused {
            let why = u
                .last_error
                .as_deref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default();
            (
                Status::Crit,
                format!("receiving from {} but not applying{why}", u.source),
            )
        } else if u.paused {
            (
                lag_st.max(Status::Warn),
                format!("replay is paused; receiving from {}, {lag_text}", u.source),
            )
        } else {
            (lag_st, format!("replicating from {}, {lag_text}", u.source))
        };
        f.push(
            Finding::new("replication", status, message)
                .subject("upstream")
                .value(json!({"lag_s": u.lag_s, "receiving": u.receiving, "applying": u.applying, "paused": u.paused}))
                .threshold(threshold.clone()),
        );
    }
    for d in &r.downstream {
        let (lag_st, lag_text) = lag_status(d.lag_s, t);
        let lag_text = match d.lag_bytes {
            Some(b) => format!("{lag_text}, {} behind", fmt_bytes(b)),
            None => lag_text,
        };
        let state_st = if d.state == "streaming"
            || d.state.is_empty()
            || d.state.contains("Master has sent all binlog")
            || d.state.contains("Source has sent all binlog")
        {
            Status::Ok
        } else {
            Status::Warn
        };
        f.push(
            Finding::new(
                "replication",
                lag_st.max(state_st),
                format!(
                    "replica {} is {}, {lag_text}",
                    d.name,
                    if d.state.is_empty() {
                        "connected"
                    } else {
                        &d.state
                    }
                ),
            )
            .subject(d.name.clone())
            .value(json!({"lag_s": d.lag_s, "lag_bytes": d.lag_bytes, "state": d.state}))
            .threshold(threshold.clone()),
        );
    }
    for s in &r.inactive_slots {
        f.push(
            Finding::new("replication.slot", Status::Warn, "inactive replication slot: the server keeps WAL for it until it is used or dropped")
                .subject(s.clone()),
        );
    }
    if r.upstream.is_none() && r.downstream.is_empty() && r.inactive_slots.is_empty() {
        f.push(Finding::skip(
            "replication",
            "not a replica, and no replica is connected",
        ));
    }
}

fn transactions(facts: &Facts, t: &DbThresholds, f: &mut Vec<Finding>) {
    let txs = match &facts.transactions {
        Ok(txs) => txs,
        Err(e) => {
            f.push(Finding::unknown(
                "transactions",
                format!("cannot list transactions: {e}"),
            ));
            return;
        }
    };
    let judged: Vec<(&Transaction, Status)> = txs
        .iter()
        .map(|tx| {
            let limit = match tx.state {
                TxState::Idle => &t.transaction_idle,
                TxState::Running => &t.transaction_running,
            };
            (tx, limit.judge(tx.age))
        })
        .filter(|(_, s)| *s > Status::Ok)
        .collect();
    let rule = format!(
        "idle in transaction: {}; running: {}",
        t.transaction_idle.describe(),
        t.transaction_running.describe()
    );
    if judged.is_empty() {
        f.push(
            Finding::ok(
                "transactions",
                format!("no long transactions ({} open)", txs.len()),
            )
            .value(json!({"open": txs.len()}))
            .threshold(rule),
        );
        return;
    }
    for (tx, status) in judged.iter().take(MAX_TX_FINDINGS) {
        let what = match tx.state {
            TxState::Idle => "idle in transaction",
            TxState::Running => "running",
        };
        let who = match (tx.user.is_empty(), tx.database.is_empty()) {
            (false, false) => format!(" ({}@{})", tx.user, tx.database),
            (false, true) => format!(" ({})", tx.user),
            _ => String::new(),
        };
        let query: String = tx.query.split_whitespace().collect::<Vec<_>>().join(" ");
        let query = if query.is_empty() {
            String::new()
        } else {
            format!(": {query}")
        };
        f.push(
            Finding::new("transaction", *status, format!("{what} for {}{who}{query}", dur(tx.age)))
                .subject(tx.id.clone())
                .value(json!({"state": if tx.state == TxState::Idle { "idle_in_transaction" } else { "running" }, "age_s": tx.age.as_secs()}))
                .threshold(rule.clone()),
        );
    }
    if judged.len() > MAX_TX_FINDINGS {
        let worst = Status::worst(judged.iter().skip(MAX_TX_FINDINGS).map(|(_, s)| *s));
        f.push(Finding::new(
            "transaction",
            worst,
            format!(
                "and {} more long transactions",
                judged.len() - MAX_TX_FINDINGS
            ),
        ));
    }
}

fn log(facts: &Facts, m: &mut DbMetrics) -> Finding {
    match &facts.log {
        LogFacts::Read(r) => {
            m.log = r.position.clone();
            let span = if r.first_read {
                "in the log's last part (first inspection)".to_string()
            } else {
                "since the last inspection".to_string()
            };
            let skipped = if r.skipped > 0 {
                format!(
                    "; {} not read (too much since last time)",
                    fmt_bytes(r.skipped)
                )
            } else {
                String::new()
            };
            let warnings = match r.warning_count {
                0 => String::new(),
                1 => ", 1 warning".to_string(),
                n => format!(", {n} warnings"),
            };
            let value =
                json!({"errors": r.error_count, "warnings": r.warning_count, "bytes": r.bytes});
            if r.error_count == 0 {
                return Finding::ok("log", format!("no errors {span}{warnings}{skipped}"))
                    .value(value)
                    .threshold("any error = warn");
            }
            let status = if r.fatal_count > 0 {
                Status::Crit
            } else {
                Status::Warn
            };
            Finding::new(
                "log",
                status,
                format!(
                    "{} error{} {span}{warnings}{skipped}: {}",
                    r.error_count,
                    if r.error_count == 1 { "" } else { "s" },
                    r.errors.join(" | ")
                ),
            )
            .value(value)
            .threshold("any error = warn, PANIC = crit")
        }
        LogFacts::NotAvailable(why) => Finding::skip("log", why.clone()),
        LogFacts::Failed(e) => Finding::unknown("log", e.clone()),
        LogFacts::OnHost { file, .. } => Finding::unknown(
            "log",
            format!("{file} is on the database's host, which was not read"),
        ),
    }
}

fn archiver(a: &Part<Archiver>) -> Finding {
    let a = match a {
        Ok(a) => a,
        Err(e) => {
            return Finding::unknown(
                "backup.wal_archive",
                format!("cannot read pg_stat_archiver: {e}"),
            );
        }
    };
    if !a.enabled {
        return Finding::skip(
            "backup.wal_archive",
            "archive_mode is off: no WAL archive to check",
        );
    }
    let failing = match (a.last_failed_age, a.last_archived_age) {
        (Some(failed), Some(ok)) => failed < ok,
        (Some(_), None) => true,
        _ => false,
    };
    let value = json!({"archived": a.archived_count, "failed": a.failed_count,
        "last_archived_age_s": a.last_archived_age.map(|d| d.as_secs())});
    if failing {
        let wal = a.last_failed_wal.as_deref().unwrap_or("?");
        return Finding::new(
            "backup.wal_archive",
            Status::Crit,
            format!(
                "WAL archiving is failing: {wal} failed {} ago, {} failures so far",
                a.last_failed_age.map(dur).unwrap_or_default(),
                a.failed_count
            ),
        )
        .value(value);
    }
    match a.last_archived_age {
        Some(age) => Finding::ok(
            "backup.wal_archive",
            format!("WAL archived, the last {} ago", dur(age)),
        )
        .value(value),
        None => Finding::ok(
            "backup.wal_archive",
            "WAL archiving on; nothing archived yet",
        )
        .value(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::db::Engine;

    fn healthy() -> Facts {
        Facts {
            engine: Engine::Postgres,
            connect_time: Duration::from_millis(12),
            version: "PostgreSQL 15.18".into(),
            role: Ok(Role::default()),
            databases: Ok(vec![Sized {
                name: "app".into(),
                bytes: 900,
            }]),
            tablespaces: Ok(vec![]),
            data_directory: Some("/var/lib/postgresql/15/main".into()),
            connections: Ok(Connections { used: 5, max: 100 }),
            replication: Ok(Replication::default()),
            transactions: Ok(vec![]),
            log: LogFacts::Read(LogRead::default()),
            archiver: None,
            filesystems: HostPart::Known(vec![Filesystem {
                mount: "/".into(),
                size: 1000,
                used: 500,
                available: 500,
                holds: vec!["data directory".into()],
            }]),
        }
    }

    fn status_of(findings: &[Finding], check: &str) -> Status {
        Status::worst(
            findings
                .iter()
                .filter(|f| f.check == check)
                .map(|f| f.status),
        )
    }

    #[test]
    fn a_healthy_server_is_ok() {
        let (f, m) = evaluate(&healthy(), &DbThresholds::default());
        assert_eq!(
            Status::worst(f.iter().map(|f| f.status)),
            Status::Ok,
            "{f:#?}"
        );
        assert_eq!(m.databases["app"], 900);
    }

    #[test]
    fn connections_space_and_quota() {
        let mut facts = healthy();
        facts.connections = Ok(Connections { used: 9, max: 10 });
        facts.filesystems = HostPart::Known(vec![Filesystem {
            mount: "/".into(),
            size: 100,
            used: 92,
            available: 8,
            holds: vec![],
        }]);
        let t = DbThresholds {
            database_max: Some(1000),
            ..DbThresholds::default()
        };
        let (f, _) = evaluate(&facts, &t);
        assert_eq!(status_of(&f, "connections"), Status::Warn);
        assert_eq!(status_of(&f, "space.fs"), Status::Crit);
        assert_eq!(
            status_of(&f, "space.database"),
            Status::Warn,
            "10 % free is not below 10: {f:#?}"
        );
    }

    #[test]
    fn idle_primary_lag_is_not_infinite_and_a_paused_replica_warns() {
        let mut facts = healthy();
        facts.role = Ok(Role {
            in_recovery: true,
            replica_configured: true,
            ..Role::default()
        });
        let up = Upstream {
            receiving: true,
            applying: true,
            lag_s: Some(0.0),
            source: "p:5432".into(),
            streaming_configured: true,
            ..Upstream::default()
        };
        facts.replication = Ok(Replication {
            upstream: Some(up.clone()),
            ..Replication::default()
        });
        let (f, m) = evaluate(&facts, &DbThresholds::default());
        assert_eq!(status_of(&f, "replication"), Status::Ok);
        assert_eq!(m.replication_lag_s, Some(0.0));
        assert_eq!(status_of(&f, "state"), Status::Ok);
        let paused = Upstream {
            paused: true,
            applying: false,
            lag_s: Some(400.0),
            ..up
        };
        facts.replication = Ok(Replication {
            upstream: Some(paused),
            ..Replication::default()
        });
        let (f, _) = evaluate(&facts, &DbThresholds::default());
        assert_eq!(status_of(&f, "replication"), Status::Crit);
        let t = DbThresholds {
            expect_role: Some(ExpectRole::Primary),
            ..DbThresholds::default()
        };
        assert_eq!(status_of(&evaluate(&facts, &t).0, "state"), Status::Crit);
    }

    #[test]
    fn idle_and_running_transactions_have_their_own_limits() {
        let mut facts = healthy();
        let tx = |state, secs| Transaction {
            id: format!("pid {secs}"),
            user: "ops".into(),
            database: "app".into(),
            state,
            age: Duration::from_secs(secs),
            query: "SELECT 1".into(),
        };
        facts.transactions = Ok(vec![
            tx(TxState::Idle, 120),
            tx(TxState::Running, 120),
            tx(TxState::Running, 30),
        ]);
        let t: DbThresholds = toml::from_str(
            "transaction_idle = { warn = \"1m\" }\ntransaction_running = { warn = \"5m\" }",
        )
        .unwrap();
        let (f, _) = evaluate(&facts, &t);
        let long: Vec<_> = f.iter().filter(|f| f.check == "transaction").collect();
        assert_eq!(long.len(), 1);
        assert!(
            long[0].message.starts_with("idle in transaction for 2m"),
            "{}",
            long[0].message
        );
    }

    #[test]
    fn log_errors_warn() {
        let mut facts = healthy();
        facts.log = LogFacts::Read(LogRead {
            error_count: 1,
            errors: vec!["ERROR:  x".into()],
            ..LogRead::default()
        });
        let (f, _) = evaluate(&facts, &DbThresholds::default());
        assert_eq!(status_of(&f, "log"), Status::Warn);
    }
}
