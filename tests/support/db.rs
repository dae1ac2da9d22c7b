//! Throwaway PostgreSQL and MariaDB servers for tests: real servers from
//! Debian's packages, each in its own temp directory, listening on a free
//! 127.0.0.1 port and a unix socket inside that directory, stopped when
//! dropped (also when the test panics) and never outliving the test thread
//! that started them (a parent-death signal covers a test runner killed
//! outright).
//!
//! ```ignore
//! let pg = Postgres::start();
//! pg.sql("postgres", "CREATE DATABASE app");
//! let out = pg.command("pg_dump").args(["-Fc", "-f", "/tmp/app.dump", "app"]).output();
//! let my = MariaDb::start();
//! my.sql("CREATE DATABASE app");
//! let out = my.command("mariadb-dump").args(["app"]).output();
//! ```
//!
//! As root, the servers run as the packages' own unprivileged accounts
//! (`postgres`, `mysql`), since neither server will run as root. Packages:
//! `postgresql` (server and client) and `mariadb-server` plus `mariadb-client`.
#![allow(dead_code)]

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A free TCP port on 127.0.0.1 (free when asked; the server binds it next).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// uid and gid of a system account, if it exists.
fn account(name: &str) -> Option<(u32, u32)> {
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, name]).output().ok()?;
        if !out.status.success() {
            return None;
        }
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    };
    Some((id("-u")?, id("-g")?))
}

fn running_as_root() -> bool {
    unsafe { libc::geteuid() == 0 }
}

/// The account a server runs as: `name` when we are root, else ourselves.
fn server_account(name: &str) -> Option<(u32, u32)> {
    if running_as_root() {
        Some(account(name).unwrap_or_else(|| {
            panic!("system user `{name}` is missing: install the server package (.ci/run does)")
        }))
    } else {
        None
    }
}

/// `cmd` run as `who` (None: as ourselves), dying with the thread that started it.
fn as_account(cmd: &mut Command, who: Option<(u32, u32)>) -> &mut Command {
    if let Some((uid, gid)) = who {
        cmd.uid(uid).gid(gid);
    }
    unsafe {
        cmd.pre_exec(|| {
            // After setuid (std runs these closures last), so it survives exec.
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd
}

fn chown_tree(path: &Path, who: Option<(u32, u32)>) {
    let Some((uid, gid)) = who else { return };
    let status = Command::new("chown")
        .arg("-R")
        .arg(format!("{uid}:{gid}"))
        .arg(path)
        .status()
        .expect("chown");
    assert!(status.success(), "chown of {} failed", path.display());
}

fn check(what: &str, out: Output) -> String {
    assert!(
        out.status.success(),
        "{what} failed ({}):\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Stop a server: `signal` first, SIGKILL if it has not gone after `grace`.
fn stop(child: &mut Child, signal: i32, grace: Duration) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    unsafe {
        libc::kill(child.id() as i32, signal);
    }
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn log_tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

// ---------------------------------------------------------------- PostgreSQL

/// The newest `/usr/lib/postgresql/<version>/bin`.
pub fn postgres_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v: u32 = e.file_name().to_string_lossy().parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("postgres").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, b)| b)
}

pub fn postgres_available() -> bool {
    postgres_bin().is_some()
}

/// A PostgreSQL server with trust authentication for the `postgres` superuser.
pub struct Postgres {
    pub dir: tempfile::TempDir,
    pub port: u16,
    /// Directory holding the unix socket (`host` for libpq).
    pub socket_dir: PathBuf,
    pub user: String,
    pub bin: PathBuf,
    log: PathBuf,
    child: Child,
}

impl Postgres {
    pub fn start() -> Postgres {
        let bin = postgres_bin()
            .expect("PostgreSQL server is missing: install `postgresql` (.ci/run does)");
        let who = server_account("postgres");
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        let socket_dir = dir.path().join("sock");
        std::fs::create_dir(&socket_dir).unwrap();
        chown_tree(dir.path(), who);
        let log = dir.path().join("postgres.log");

        let out = as_account(&mut Command::new(bin.join("initdb")), who)
            .args([
                "--auth=trust",
                "--username=postgres",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
                "-D",
            ])
            .arg(&data)
            .env("HOME", dir.path())
            .env("LC_ALL", "C")
            .output()
            .expect("initdb");
        check("initdb", out);

        let port = free_port();
        let log_file = std::fs::File::create(&log).unwrap();
        chown_tree(&log, who);
        let child = as_account(&mut Command::new(bin.join("postgres")), who)
            .arg("-D")
            .arg(&data)
            .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-k"])
            .arg(&socket_dir)
            .args([
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ])
            .args(["-c", "shared_buffers=16MB", "-c", "max_connections=20"])
            .env("HOME", dir.path())
            .env("LC_ALL", "C")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .expect("start postgres");
        let mut pg = Postgres {
            dir,
            port,
            socket_dir,
            user: "postgres".into(),
            bin,
            log,
            child,
        };
        pg.wait_ready();
        pg
    }

    fn wait_ready(&mut self) {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "postgres exited during start-up ({status}):\n{}",
                    log_tail(&self.log)
                );
            }
            let ok = self
                .command("pg_isready")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ok {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "postgres did not accept connections within {START_TIMEOUT:?}:\n{}",
                    log_tail(&self.log)
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A client program of this server's version (`psql`, `pg_dump`,
    /// `pg_restore`, …) with PGHOST/PGPORT/PGUSER pointing at the server
    /// over TCP.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(self.bin.join(program));
        cmd.env("PGHOST", "127.0.0.1")
            .env("PGPORT", self.port.to_string())
            .env("PGUSER", &self.user)
            .env("PGCONNECT_TIMEOUT", "10")
            .env_remove("PGPASSWORD")
            .env_remove("PGDATABASE")
            .env("LC_ALL", "C");
        cmd
    }

    /// Run SQL in `database` with psql; returns unaligned, tuples-only output.
    pub fn sql(&self, database: &str, sql: &str) -> String {
        let out = self
            .command("psql")
            .args([
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                database,
                "-c",
                sql,
            ])
            .output()
            .expect("psql");
        check(&format!("psql {sql:?}"), out).trim_end().to_string()
    }

    /// `postgresql://postgres@127.0.0.1:PORT/DATABASE`
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgresql://{}@127.0.0.1:{}/{database}",
            self.user, self.port
        )
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Stop now (fast shutdown); also what Drop does.
    pub fn stop(&mut self) {
        stop(&mut self.child, libc::SIGINT, Duration::from_secs(15));
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop();
    }
}

// ------------------------------------------------------------------- MariaDB

pub fn mariadb_available() -> bool {
    Path::new("/usr/sbin/mariadbd").exists() && Path::new("/usr/bin/mariadb-install-db").exists()
}

/// A MariaDB server whose `root` account has no password (socket or TCP
/// from localhost), plus an `ops` account (password `ops`) allowed from 127.0.0.1.
pub struct MariaDb {
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub socket: PathBuf,
    log: PathBuf,
    child: Child,
}

impl MariaDb {
    pub fn start() -> MariaDb {
        assert!(
            mariadb_available(),
            "MariaDB server is missing: install `mariadb-server` and `mariadb-client` (.ci/run does)"
        );
        let who = server_account("mysql");
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let socket = dir.path().join("mysqld.sock");
        let log = dir.path().join("mariadb.log");
        std::fs::write(&log, "").unwrap();
        chown_tree(dir.path(), who);

        let out = as_account(&mut Command::new("mariadb-install-db"), who)
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .args([
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                "--skip-name-resolve",
            ])
            .env("HOME", dir.path())
            .output()
            .expect("mariadb-install-db");
        check("mariadb-install-db", out);

        let port = free_port();
        let child = as_account(&mut Command::new("/usr/sbin/mariadbd"), who)
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!("--port={port}"))
            .arg(format!(
                "--pid-file={}",
                dir.path().join("mysqld.pid").display()
            ))
            .arg(format!("--log-error={}", log.display()))
            .args([
                "--bind-address=127.0.0.1",
                "--skip-name-resolve",
                "--skip-log-bin",
            ])
            .args([
                "--innodb-buffer-pool-size=16M",
                "--innodb-log-file-size=8M",
                "--innodb-flush-log-at-trx-commit=0",
            ])
            .env("HOME", dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mariadbd");
        let mut db = MariaDb {
            dir,
            port,
            socket,
            log,
            child,
        };
        db.wait_ready();
        db.sql("CREATE USER 'ops'@'127.0.0.1' IDENTIFIED BY 'ops'; GRANT ALL ON *.* TO 'ops'@'127.0.0.1'");
        db
    }

    fn wait_ready(&mut self) {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "mariadbd exited during start-up ({status}):\n{}",
                    log_tail(&self.log)
                );
            }
            let ok = self
                .command("mariadb-admin")
                .arg("ping")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ok {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "mariadbd did not accept connections within {START_TIMEOUT:?}:\n{}",
                    log_tail(&self.log)
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A client program (`mariadb`, `mariadb-dump`, `mariadb-admin`, …)
    /// connected as root over the server's unix socket, ignoring option files.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.arg("--no-defaults")
            .arg("--protocol=socket")
            .arg(format!("--socket={}", self.socket.display()))
            .arg("--user=root")
            .env_remove("MYSQL_PWD")
            .env("LC_ALL", "C");
        cmd
    }

    /// Run SQL (statements separated by `;`); returns tab-separated rows
    /// without column names.
    pub fn sql(&self, sql: &str) -> String {
        let out = self
            .command("mariadb")
            .args(["--batch", "--skip-column-names", "-e", sql])
            .output()
            .expect("mariadb client");
        check(&format!("mariadb {sql:?}"), out)
            .trim_end()
            .to_string()
    }

    /// Connection parameters over TCP for the `ops` account.
    pub fn tcp_params(&self) -> (String, u16, &'static str, &'static str) {
        ("127.0.0.1".into(), self.port, "ops", "ops")
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Stop now (clean shutdown on SIGTERM); also what Drop does.
    pub fn stop(&mut self) {
        stop(&mut self.child, libc::SIGTERM, Duration::from_secs(20));
    }
}

impl Drop for MariaDb {
    fn drop(&mut self) {
        self.stop();
    }
}
