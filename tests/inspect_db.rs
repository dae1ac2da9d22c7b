//! `ops inspect db` end to end: the real binary against real PostgreSQL and
//! MariaDB servers started on loopback by the harness, a real sshd for the
//! tunnel, and real git records repositories.

mod support;

use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;
use std::time::{Duration, Instant};
use support::dbinspect::*;
use support::sshd::Sshd;
use support::*;

/// A hermetic environment with an inventory and a config of our own.
struct Case {
    env: Env,
    inventory: PathBuf,
    config: PathBuf,
    pg_password: String,
    my_password: String,
    /// Run `ops` on the system clock: for what is judged against the time
    /// the servers stamp their logs with.
    real_clock: bool,
}

impl Case {
    fn new(inventory: &str, config: &str) -> Case {
        let env = Env::new();
        env.init_records();
        let inventory = env.write("inventory.toml", inventory);
        let config = env.write("ops.toml", &format!("schema = 1\n{config}"));
        Case {
            env,
            inventory,
            config,
            pg_password: PG_PASSWORD.into(),
            my_password: MY_PASSWORD.into(),
            real_clock: false,
        }
    }

    fn set_config(&self, config: &str) {
        std::fs::write(&self.config, format!("schema = 1\n{config}")).unwrap();
    }

    /// `ops inspect db ARGS --format json` with the records repository.
    fn run(&self, args: &[&str]) -> (Output, Value) {
        let mut cmd = self.env.ops();
        if self.real_clock {
            cmd.real_clock();
        }
        let out = cmd
            .env("PGPW", &self.pg_password)
            .env("MYPW", &self.my_password)
            .args(["inspect", "db", "--format", "json", "--inventory"])
            .arg(&self.inventory)
            .arg("--config")
            .arg(&self.config)
            .arg("--records")
            .arg(&self.env.records)
            .args(args)
            .output()
            .unwrap();
        let run = json(&out);
        (out, run)
    }
}

fn pg_entry(name: &str, pg: &Postgres, extra: &str) -> String {
    format!(
        "[[db]]\nname = \"{name}\"\nengine = \"postgres\"\naddress = \"127.0.0.1\"\nport = {}\nuser = \"{USER}\"\npassword_env = \"PGPW\"\n{extra}\n",
        pg.port
    )
}

fn my_entry(name: &str, my: &MariaDb, extra: &str) -> String {
    format!(
        "[[db]]\nname = \"{name}\"\nengine = \"mysql\"\naddress = \"127.0.0.1\"\nport = {}\nuser = \"{USER}\"\npassword_env = \"MYPW\"\n{extra}\n",
        my.port
    )
}

fn target<'a>(run: &'a Value, name: &str) -> &'a Value {
    run["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == name)
        .unwrap_or_else(|| panic!("no target {name} in {run:#}"))
}

fn findings<'a>(run: &'a Value, name: &str, check: &str) -> Vec<&'a Value> {
    target(run, name)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == check)
        .collect()
}

fn finding<'a>(run: &'a Value, name: &str, check: &str) -> &'a Value {
    let all = findings(run, name, check);
    assert_eq!(
        all.len(),
        1,
        "expected one {check} finding of {name}: {:#}",
        target(run, name)
    );
    all[0]
}

/// Every finding's status, as `check[subject]=status`, sorted: what a user compares.
fn statuses(run: &Value, name: &str) -> Vec<String> {
    let mut v: Vec<String> = target(run, name)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| match f["subject"].as_str() {
            Some(s) => format!(
                "{}[{}]={}",
                f["check"].as_str().unwrap(),
                s,
                f["status"].as_str().unwrap()
            ),
            None => format!(
                "{}={}",
                f["check"].as_str().unwrap(),
                f["status"].as_str().unwrap()
            ),
        })
        .collect();
    v.sort();
    v
}

/// Space thresholds low enough that the test machine's own disk never trips them.
const ROOMY: &str = "[thresholds.db]\nfree_pct = { warn = 1, crit = 0.5 }\n";

#[test]
fn healthy_servers_of_both_engines_are_ok_with_their_versions() {
    let pg = Postgres::start();
    let my = MariaDb::start();
    let case = Case::new(
        &format!("{}{}", pg_entry("pg", &pg, ""), my_entry("maria", &my, "")),
        ROOMY,
    );
    let before = commit_count(&case.env.records);
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{run:#}\n{}", stderr(&out));
    assert_eq!(run["kind"], "db");
    assert_eq!(run["summary"]["targets"], 2);

    let pg_version = pg.psql("SHOW server_version");
    let pg_version = pg_version.split_whitespace().next().unwrap();
    assert_eq!(
        finding(&run, "pg", "version")["message"],
        format!("PostgreSQL {pg_version}")
    );
    let my_version = my.sql("SELECT VERSION()");
    let my_version = my_version.trim().split('-').next().unwrap();
    assert_eq!(
        finding(&run, "maria", "version")["message"],
        format!("MariaDB {my_version}")
    );

    for name in ["pg", "maria"] {
        assert_eq!(
            target(&run, name)["status"],
            "ok",
            "{:#}",
            target(&run, name)
        );
        let connect = finding(&run, name, "connect");
        assert!(
            connect["message"]
                .as_str()
                .unwrap()
                .starts_with("accepting connections"),
            "{connect}"
        );
        assert!(connect["value"].as_f64().unwrap() < 5000.0);
        assert_eq!(
            finding(&run, name, "state")["message"],
            "primary, read-write"
        );
        // The data directory's filesystem was measured on this machine.
        let fs = findings(&run, name, "space.fs");
        assert_eq!(fs.len(), 1, "{fs:?}");
        assert!(
            fs[0]["message"]
                .as_str()
                .unwrap()
                .contains("holds data directory"),
            "{}",
            fs[0]
        );
        assert!(fs[0]["value"]["free_pct"].as_f64().unwrap() > 0.0);
        assert_eq!(finding(&run, name, "replication")["status"], "skip");
        assert_eq!(finding(&run, name, "transactions")["status"], "ok");
        assert_eq!(finding(&run, name, "log")["status"], "ok");
    }
    // One finding per database with its size.
    let dbs: Vec<_> = findings(&run, "pg", "space.database")
        .iter()
        .map(|f| f["subject"].clone())
        .collect();
    assert_eq!(dbs, [Value::from("postgres")]);
    assert!(
        findings(&run, "maria", "space.database")
            .iter()
            .any(|f| f["subject"] == "mysql")
    );
    // Connections: at least our own session, against the configured maximum.
    let c = &finding(&run, "pg", "connections")["value"];
    assert_eq!(c["max"], 20);
    assert!(c["used"].as_u64().unwrap() >= 1);

    // Recorded: one commit, one file per database, with the log position for next time.
    assert_eq!(commit_count(&case.env.records), before + 1);
    let message = git(&case.env.records, &["log", "-1", "--format=%s"]);
    assert_eq!(message.trim(), "inspect db: 2 targets, all ok");
    let files = git(
        &case.env.records,
        &["show", "--name-only", "--format=", "HEAD"],
    );
    let mut files: Vec<&str> = files.lines().collect();
    files.sort();
    assert_eq!(files.len(), 2);
    assert!(
        files[0].starts_with("inspect/db/maria/") && files[1].starts_with("inspect/db/pg/"),
        "{files:?}"
    );
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(case.env.records.join(files[1])).unwrap())
            .unwrap();
    assert_eq!(record["kind"], "db");
    assert!(
        record["metrics"]["log"]["file"]
            .as_str()
            .unwrap()
            .starts_with("log/postgresql-"),
        "{}",
        record["metrics"]
    );
    assert_eq!(
        record["metrics"]["version"],
        format!("PostgreSQL {pg_version}")
    );
}

#[test]
fn passwords_come_from_pgpass_and_my_cnf_too() {
    use std::os::unix::fs::PermissionsExt;
    let pg = Postgres::start();
    let my = MariaDb::start();
    let inv = format!(
        "[[db]]\nname = \"pg\"\nengine = \"postgres\"\naddress = \"127.0.0.1\"\nport = {}\nuser = \"{USER}\"\n\
         [[db]]\nname = \"maria\"\nengine = \"mysql\"\naddress = \"127.0.0.1\"\nport = {}\nuser = \"{USER}\"\n",
        pg.port, my.port
    );
    let case = Case::new(&inv, ROOMY);
    let pgpass = case.env.home.join(".pgpass");
    std::fs::write(
        &pgpass,
        format!("127.0.0.1:{}:*:{USER}:{PG_PASSWORD}\n", pg.port),
    )
    .unwrap();
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(
        case.env.home.join(".my.cnf"),
        format!("[client]\npassword = \"{MY_PASSWORD}\"\n"),
    )
    .unwrap();
    let (out, run) = case.run(&["--no-record"]);
    assert_eq!(out.status.code(), Some(0), "{run:#}");
}

#[test]
fn a_stopped_server_is_crit_not_accepting_connections_within_the_deadline() {
    let mut pg = Postgres::start();
    let mut my = MariaDb::start();
    pg.stop();
    my.stop();
    // A port that takes TCP connections and never answers: a hung server.
    let hung = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let hung_port = hung.local_addr().unwrap().port();
    let inv = format!(
        "{}{}[[db]]\nname = \"hung\"\nengine = \"postgres\"\naddress = \"127.0.0.1\"\nport = {hung_port}\nuser = \"{USER}\"\n",
        pg_entry("pg", &pg, ""),
        my_entry("maria", &my, "")
    );
    let case = Case::new(&inv, ROOMY);
    let started = Instant::now();
    let (out, run) = case.run(&["--timeout", "8s", "--connect-timeout", "2s"]);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(2), "{run:#}");
    assert!(took < Duration::from_secs(8), "took {took:?}");
    for name in ["pg", "maria", "hung"] {
        let t = target(&run, name);
        assert_eq!(t["status"], "crit", "{t:#}");
        let f = finding(&run, name, "connect");
        assert!(
            f["message"]
                .as_str()
                .unwrap()
                .starts_with("not accepting connections: "),
            "{f}"
        );
        // Besides connect, only backup.last, judged from the records (skip: no set linked).
        let checks: Vec<&str> = t["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["check"].as_str().unwrap())
            .collect();
        assert_eq!(checks, ["connect", "backup.last"], "{t:#}");
    }
    assert!(
        finding(&run, "hung", "connect")["message"]
            .as_str()
            .unwrap()
            .contains("no answer"),
        "{run:#}"
    );
    drop(hung);
}

#[test]
fn connections_past_80_percent_of_max_connections_warn() {
    let pg = Postgres::start_with(PgOptions {
        max_connections: 10,
        ..PgOptions::default()
    });
    let my = MariaDb::start_with(MyOptions {
        max_connections: 10,
    });
    let _pg_sessions: Vec<_> = (0..8).map(|_| pg.session("SELECT 1;")).collect();
    let _my_sessions: Vec<_> = (0..8).map(|_| my.session("SELECT 1;")).collect();
    pg.wait_for("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND application_name = 'psql' AND pid <> pg_backend_pid()", "8");
    my.wait_for("SELECT count(*) FROM information_schema.PROCESSLIST WHERE USER = 'root' AND ID <> CONNECTION_ID()", "8");
    let case = Case::new(
        &format!("{}{}", pg_entry("pg", &pg, ""), my_entry("maria", &my, "")),
        ROOMY,
    );
    let (out, run) = case.run(&["--no-record"]);
    assert_eq!(out.status.code(), Some(1), "{run:#}");
    for name in ["pg", "maria"] {
        let c = finding(&run, name, "connections");
        // Eight held sessions and ours: 9 of 10.
        assert_eq!(c["status"], "warn", "{c}");
        assert_eq!(c["value"]["used"], 9, "{c}");
        assert_eq!(c["value"]["max"], 10);
        assert_eq!(c["message"], "9 of 10 connections in use (90 %)");
        assert_eq!(c["threshold"], "warn > 80 %, crit > 95 %");
        assert_eq!(target(&run, name)["status"], "warn");
    }
}

#[test]
fn long_transactions_warn_and_idle_in_transaction_is_told_apart_from_running() {
    let pg = Postgres::start();
    let my = MariaDb::start();
    pg.psql("CREATE TABLE t (i int)");
    my.sql("CREATE DATABASE app; CREATE TABLE app.t (i int) ENGINE=InnoDB;");
    let _pg_idle = pg.session("BEGIN; INSERT INTO t VALUES (1);");
    let _pg_running = pg.session("BEGIN; INSERT INTO t VALUES (2); SELECT pg_sleep(60);");
    let _my_idle = my.session("START TRANSACTION; INSERT INTO app.t VALUES (1);");
    let _my_running =
        my.session("START TRANSACTION; INSERT INTO app.t VALUES (2); SELECT SLEEP(60);");
    pg.wait_for("SELECT count(*) FROM pg_stat_activity WHERE xact_start IS NOT NULL AND application_name = 'psql' AND pid <> pg_backend_pid()", "2");
    my.wait_for("SELECT count(*) FROM information_schema.INNODB_TRX", "2");
    // Background and replication sessions exist too (autovacuum, walwriter…); they never show.
    // MariaDB counts a session's idle time in whole seconds: wait well past
    // the 2 s limit, so that a second lost to rounding never hides it.
    std::thread::sleep(Duration::from_millis(3500));
    let inv = format!("{}{}", pg_entry("pg", &pg, ""), my_entry("maria", &my, ""));
    let case = Case::new(
        &inv,
        &format!(
            "{ROOMY}transaction_idle = {{ warn = \"2s\" }}\ntransaction_running = {{ warn = \"1h\" }}\n"
        ),
    );
    let (out, run) = case.run(&["--no-record"]);
    assert_eq!(out.status.code(), Some(1), "{run:#}");
    for name in ["pg", "maria"] {
        let tx = findings(&run, name, "transaction");
        assert_eq!(
            tx.len(),
            1,
            "{name}: only the idle one is past its limit: {tx:#?}"
        );
        assert_eq!(tx[0]["status"], "warn");
        assert_eq!(tx[0]["value"]["state"], "idle_in_transaction");
        assert!(
            tx[0]["message"]
                .as_str()
                .unwrap()
                .starts_with("idle in transaction for "),
            "{}",
            tx[0]
        );
        assert!(tx[0]["value"]["age_s"].as_u64().unwrap() >= 2);
        assert!(findings(&run, name, "transactions").is_empty());
    }

    case.set_config(&format!(
        "{ROOMY}transaction_idle = {{ warn = \"1h\" }}\ntransaction_running = {{ warn = \"2s\" }}\n"
    ));
    let (out, run) = case.run(&["--no-record"]);
    assert_eq!(out.status.code(), Some(1), "{run:#}");
    for name in ["pg", "maria"] {
        let tx = findings(&run, name, "transaction");
        assert_eq!(
            tx.len(),
            1,
            "{name}: only the running one is past its limit: {tx:#?}"
        );
        assert_eq!(tx[0]["value"]["state"], "running");
        let message = tx[0]["message"].as_str().unwrap();
        assert!(
            message.starts_with("running for ") && message.to_lowercase().contains("sleep"),
            "{message}"
        );
    }
}

#[test]
fn a_streaming_replica_reports_replication_and_its_lag_when_paused() {
    let primary = Postgres::start();
    let replica = primary.replica();
    primary.psql("CREATE TABLE t (i int)");
    replica.wait_for("SELECT count(*) FROM pg_class WHERE relname = 't'", "1");
    primary.wait_for(
        "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'",
        "1",
    );
    let inv = format!(
        "{}{}",
        pg_entry("primary", &primary, ""),
        pg_entry("replica", &replica, "")
    );
    let case = Case::new(
        &inv,
        &format!("{ROOMY}replication_lag_s = {{ warn = 1, crit = 300 }}\n"),
    );
    // An idle primary: nothing to replay for a while must not look like lag.
    std::thread::sleep(Duration::from_millis(2500));
    let (out, run) = case.run(&["--no-record"]);
    assert_eq!(out.status.code(), Some(0), "{run:#}");
    assert_eq!(
        finding(&run, "replica", "state")["message"],
        "replica (in recovery, read-only)"
    );
    let up = finding(&run, "replica", "replication");
    assert_eq!(up["subject"], "upstream");
    assert_eq!(up["status"], "ok", "{up}");
    assert_eq!(up["value"]["lag_s"], 0.0, "{up}");
    assert!(
        up["message"]
            .as_str()
            .unwrap()
            .starts_with("replicating from"),
        "{up}"
    );
    let down = finding(&run, "primary", "replication");
    assert_eq!(down["status"], "ok", "{down}");
    assert_eq!(down["value"]["state"], "streaming");
    assert_eq!(
        finding(&run, "primary", "state")["message"],
        "primary, read-write"
    );

    // Pause replay, write on the primary, and let the replica fall behind.
    replica.psql("SELECT pg_wal_replay_pause()");
    primary.psql("INSERT INTO t SELECT generate_series(1, 1000)");
    replica.wait_for(
        "SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) > 0",
        "t",
    );
    std::thread::sleep(Duration::from_millis(2500));
    let (out, run) = case.run(&["--no-record"]);
    let up = finding(&run, "replica", "replication");
    assert_eq!(up["status"], "warn", "{up}");
    assert_eq!(up["value"]["paused"], true);
    let lag = up["value"]["lag_s"].as_f64().unwrap();
    assert!((2.0..120.0).contains(&lag), "lag {lag}: {up}");
    assert!(
        up["message"].as_str().unwrap().contains("replay is paused"),
        "{up}"
    );
    assert_eq!(out.status.code(), Some(1), "{run:#}");
    // Past the crit limit the lag alone makes it crit.
    case.set_config(&format!(
        "{ROOMY}replication_lag_s = {{ warn = 0.5, crit = 1 }}\n"
    ));
    let (out, run) = case.run(&["--no-record", "replica"]);
    assert_eq!(finding(&run, "replica", "replication")["status"], "crit");
    assert_eq!(out.status.code(), Some(2));
    replica.psql("SELECT pg_wal_replay_resume()");
}

#[test]
fn space_thresholds_crossed_warn_and_crit() {
    let pg = Postgres::start();
    let size: u64 = pg
        .psql("SELECT pg_database_size('postgres')")
        .trim()
        .parse()
        .unwrap();
    // A quota per database: 15 % free warns, 5 % free is crit (default limits).
    let inv = pg_entry("pg", &pg, "");
    let case = Case::new(
        &inv,
        &format!("[thresholds.db]\ndatabase_max = {}\n", size * 100 / 85),
    );
    let (out, run) = case.run(&["--no-record"]);
    let db = finding(&run, "pg", "space.database");
    assert_eq!(db["status"], "warn", "{db}");
    assert_eq!(db["threshold"], "warn < 20 % free, crit < 10 % free");
    // The exit status is the worst finding; the test machine's own disk may add to it.
    let disk_ok = finding(&run, "pg", "space.fs")["status"] == "ok";
    assert!(!disk_ok || out.status.code() == Some(1), "{run:#}");
    case.set_config(&format!(
        "[thresholds.db]\ndatabase_max = {}\n",
        size * 100 / 95
    ));
    let (out, run) = case.run(&["--no-record"]);
    assert_eq!(finding(&run, "pg", "space.database")["status"], "crit");
    assert_eq!(out.status.code(), Some(2));

    // A tablespace on a real filesystem filled past its limits.
    let Some(fs) = Tmpfs::mount(&pg.dir.path().join("ts"), "8m") else {
        return;
    };
    run_sh(&format!("chown postgres {}", fs.0.display()));
    pg.psql(&format!(
        "CREATE TABLESPACE ts LOCATION '{}'",
        fs.0.display()
    ));
    let case = Case::new(&inv, "");
    let fill = |pct: u64| {
        let filler = fs.0.join("filler");
        std::fs::remove_file(&filler).ok();
        let (size, used, avail) = df(&fs.0);
        let target_used = (used + avail) * pct / 100;
        let _ = size;
        let bytes = target_used.saturating_sub(used);
        std::fs::write(&filler, vec![1u8; bytes as usize]).unwrap();
    };
    fill(85);
    let (_, run) = case.run(&["--no-record"]);
    let ts = findings(&run, "pg", "space.fs")
        .into_iter()
        .find(|f| f["message"].as_str().unwrap().contains("tablespace ts"))
        .unwrap_or_else(|| panic!("no filesystem finding for the tablespace: {run:#}"));
    assert_eq!(ts["subject"], fs.0.to_string_lossy().as_ref());
    assert_eq!(ts["status"], "warn", "{ts}");
    assert!(
        findings(&run, "pg", "space.tablespace")
            .iter()
            .any(|f| f["subject"] == "ts")
    );
    fill(95);
    let (out, run) = case.run(&["--no-record"]);
    let ts = findings(&run, "pg", "space.fs")
        .into_iter()
        .find(|f| f["message"].as_str().unwrap().contains("tablespace ts"))
        .unwrap();
    assert_eq!(ts["status"], "crit", "{ts}");
    assert_eq!(out.status.code(), Some(2));
    pg.psql("DROP TABLESPACE ts");
}

#[test]
fn a_server_log_error_warns_on_the_next_run_and_not_again() {
    let pg = Postgres::start();
    let my = MariaDb::start();
    let mut case = Case::new(
        &format!("{}{}", pg_entry("pg", &pg, ""), my_entry("maria", &my, "")),
        ROOMY,
    );
    // "Since the last inspection" is the time of the previous run, read
    // against the servers' own log stamps.
    case.real_clock = true;
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{run:#}");
    // A real error logged by PostgreSQL; a line the server would write for MariaDB.
    let failed = pg.psql_output("SELECT 1/0");
    assert!(!failed.status.success());
    let mut log = std::fs::OpenOptions::new()
        .append(true)
        .open(&my.error_log)
        .unwrap();
    std::io::Write::write_all(&mut log, b"2026-11-22  1:30:00 42 [ERROR] mariadbd: Table './app/t' is marked as crashed and should be repaired\n").unwrap();
    drop(log);

    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(1), "{run:#}");
    let pg_log = finding(&run, "pg", "log");
    assert_eq!(pg_log["status"], "warn", "{pg_log}");
    assert!(
        pg_log["message"]
            .as_str()
            .unwrap()
            .contains("ERROR:  division by zero"),
        "{pg_log}"
    );
    assert!(
        pg_log["message"]
            .as_str()
            .unwrap()
            .contains("since the last inspection"),
        "{pg_log}"
    );
    assert_eq!(pg_log["value"]["errors"], 1);
    let my_log = finding(&run, "maria", "log");
    assert_eq!(my_log["status"], "warn", "{my_log}");
    assert!(
        my_log["message"]
            .as_str()
            .unwrap()
            .contains("marked as crashed"),
        "{my_log}"
    );

    std::thread::sleep(Duration::from_millis(1100));
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{run:#}");
    assert_eq!(finding(&run, "pg", "log")["status"], "ok");
    assert_eq!(finding(&run, "maria", "log")["status"], "ok");
    assert_eq!(
        git(&case.env.records, &["log", "--format=%s", "-3"])
            .lines()
            .collect::<Vec<_>>(),
        [
            "inspect db: 2 targets, all ok",
            "inspect db: 2 targets, 2 warn",
            "inspect db: 2 targets, all ok"
        ]
    );
}

#[test]
fn a_wrong_password_is_unknown_and_never_shown_or_recorded() {
    let pg = Postgres::start();
    let my = MariaDb::start();
    let mut case = Case::new(
        &format!("{}{}", pg_entry("pg", &pg, ""), my_entry("maria", &my, "")),
        ROOMY,
    );
    case.pg_password = "Wrong-pg-9d1e77".into();
    case.my_password = "Wrong-my-4c2a55".into();
    let (out, run) = case.run(&["-v"]);
    assert_eq!(out.status.code(), Some(3), "{run:#}");
    let pg_reason = target(&run, "pg")["error"].as_str().unwrap().to_string();
    assert!(
        pg_reason.contains("login refused") && pg_reason.contains("password authentication failed"),
        "{pg_reason}"
    );
    assert!(pg_reason.contains("password from $PGPW"), "{pg_reason}");
    let my_reason = target(&run, "maria")["error"].as_str().unwrap().to_string();
    assert!(
        my_reason.contains("login refused") && my_reason.contains("Access denied"),
        "{my_reason}"
    );
    assert_eq!(finding(&run, "pg", "reach")["status"], "unknown");

    // The table output too.
    let table = case
        .env
        .ops()
        .env("PGPW", &case.pg_password)
        .env("MYPW", &case.my_password)
        .args(["inspect", "db", "-v", "--inventory"])
        .arg(&case.inventory)
        .arg("--config")
        .arg(&case.config)
        .arg("--records")
        .arg(&case.env.records)
        .output()
        .unwrap();
    assert_eq!(table.status.code(), Some(3));
    let everything = format!(
        "{}{}{}{}{}",
        stdout(&out),
        stderr(&out),
        stdout(&table),
        stderr(&table),
        git(&case.env.records, &["log", "-p", "--all"])
    );
    for secret in [
        &case.pg_password,
        &case.my_password,
        &PG_PASSWORD.to_string(),
        &MY_PASSWORD.to_string(),
    ] {
        assert!(!everything.contains(secret.as_str()), "{secret} leaked");
    }
    let grep = std::process::Command::new("grep")
        .args(["-r", "-l", "-e", &case.pg_password, "-e", &case.my_password])
        .arg(&case.env.records)
        .output()
        .unwrap();
    assert!(
        grep.stdout.is_empty(),
        "password in records: {}",
        stdout(&grep)
    );
}

#[test]
fn through_an_ssh_tunnel_the_results_match_a_direct_connection() {
    let sshd = Sshd::start();
    let pg = Postgres::start();
    let my = MariaDb::start();
    let mut stopped = Postgres::start();
    stopped.stop();
    let gw = format!(
        "[[host]]\nname = \"gw\"\naddress = \"127.0.0.1\"\nport = {}\nuser = \"{}\"\n",
        sshd.port, sshd.user
    );
    let inv = format!(
        "{gw}{}{}{}{}{}",
        pg_entry("pg", &pg, ""),
        pg_entry("pg-via", &pg, "via = \"gw\""),
        my_entry("maria", &my, ""),
        my_entry("maria-via", &my, "via = \"gw\""),
        pg_entry("stopped-via", &stopped, "via = \"gw\""),
    );
    let case = Case::new(&inv, ROOMY);
    sshd.trust_from(&case.env.home);
    let (out, run) = case.run(&[
        "--no-record",
        "pg",
        "pg-via",
        "maria",
        "maria-via",
        "stopped-via",
    ]);
    assert_eq!(out.status.code(), Some(2), "{run:#}");
    assert_eq!(
        target(&run, "pg-via")["address"],
        format!("postgres://{USER}@127.0.0.1:{} via gw", pg.port)
    );
    for (direct, via) in [("pg", "pg-via"), ("maria", "maria-via")] {
        assert_eq!(
            target(&run, via)["error"],
            Value::Null,
            "{:#}",
            target(&run, via)
        );
        assert_eq!(
            statuses(&run, direct),
            statuses(&run, via),
            "{direct} and {via} differ"
        );
        assert_eq!(
            finding(&run, direct, "version")["message"],
            finding(&run, via, "version")["message"]
        );
        // The data directory's filesystem was measured on the via host, over SSH.
        let d = findings(&run, direct, "space.fs");
        let v = findings(&run, via, "space.fs");
        assert_eq!(d[0]["subject"], v[0]["subject"]);
        assert_eq!(d[0]["value"]["total_bytes"], v[0]["value"]["total_bytes"]);
        assert_eq!(finding(&run, via, "log")["status"], "ok");
    }
    let s = finding(&run, "stopped-via", "connect");
    assert_eq!(s["status"], "crit");
    assert!(
        s["message"]
            .as_str()
            .unwrap()
            .starts_with("not accepting connections: the SSH server could not connect"),
        "{s}"
    );
}

/// A tmpfs of `size` mounted for one test (root only), unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &std::path::Path, size: &str) -> Option<Tmpfs> {
        if !is_root() {
            eprintln!("skipping the tablespace part: mounting a tmpfs needs root");
            return None;
        }
        std::fs::create_dir_all(at).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "opstest"])
            .arg(at)
            .status()
            .unwrap()
            .success();
        assert!(ok, "mount tmpfs failed");
        Some(Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

fn run_sh(cmd: &str) {
    let out = std::process::Command::new("sh")
        .args(["-c", cmd])
        .output()
        .unwrap();
    assert_success(&out);
}

/// (size, used, available) in bytes of the filesystem holding `p`.
fn df(p: &std::path::Path) -> (u64, u64, u64) {
    let out = std::process::Command::new("df")
        .args(["-P", "-k"])
        .arg(p)
        .output()
        .unwrap();
    let text = stdout(&out);
    let line = text.lines().nth(1).unwrap();
    let f: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .take(3)
        .map(|n| n.parse::<u64>().unwrap() * 1024)
        .collect();
    (f[0], f[1], f[2])
}
