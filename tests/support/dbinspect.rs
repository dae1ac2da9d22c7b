//! Throwaway PostgreSQL and MariaDB servers on loopback for `inspect db`
//! tests: each in its own temp directory, on a free port, with its log in a
//! file, stopped when dropped (also when a test panics).
//!
//! Servers run as their own system accounts (`postgres`, `mysql`), never as
//! root and never on default ports. The temp directories are world-traversable
//! so that the test sshd's unprivileged user can `df` the data directory.
//! Needs the Debian packages `postgresql`, `mariadb-server` and `mariadb-client`.

use super::sshd::free_port;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

/// The superuser's password of every test server: distinctive, so that a test
/// can grep for it in output and records.
pub const PG_PASSWORD: &str = "pg-Secret-7f3a9c";
pub const MY_PASSWORD: &str = "my-Secret-2b8e4d";
pub const USER: &str = "ops";

fn pg_bin(name: &str) -> PathBuf {
    for dir in [
        "/usr/lib/postgresql/17/bin",
        "/usr/lib/postgresql/16/bin",
        "/usr/lib/postgresql/15/bin",
    ] {
        let p = Path::new(dir).join(name);
        if p.exists() {
            return p;
        }
    }
    PathBuf::from(name)
}

pub fn postgres_available() -> bool {
    pg_bin("initdb").exists()
}

pub fn mariadb_available() -> bool {
    Path::new("/usr/sbin/mariadbd").exists() && Path::new("/usr/bin/mariadb-install-db").exists()
}

fn run_checked(cmd: &mut Command, what: &str) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn temp_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    set_mode(dir.path(), 0o755);
    dir
}

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn chown(p: &Path, user: &str) {
    run_checked(Command::new("chown").arg("-R").arg(user).arg(p), "chown");
}

#[derive(Clone)]
pub struct PgOptions {
    pub max_connections: u32,
    /// Extra postgresql.conf lines.
    pub extra: Vec<String>,
}

impl Default for PgOptions {
    fn default() -> Self {
        PgOptions {
            max_connections: 20,
            extra: Vec::new(),
        }
    }
}

/// A PostgreSQL cluster: superuser `ops` (password [`PG_PASSWORD`] over TCP,
/// trust over its unix socket), logging collector on.
pub struct Postgres {
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub data: PathBuf,
    pub socket_dir: PathBuf,
    running: bool,
}

impl Postgres {
    pub fn start() -> Postgres {
        Postgres::start_with(PgOptions::default())
    }

    pub fn start_with(opts: PgOptions) -> Postgres {
        assert!(
            postgres_available(),
            "initdb is missing: install postgresql (.ci/run does)"
        );
        let dir = temp_dir();
        let base = dir.path().join("pg");
        let socket_dir = dir.path().join("sock");
        std::fs::create_dir_all(&base).unwrap();
        std::fs::create_dir_all(&socket_dir).unwrap();
        let pwfile = dir.path().join("pwfile");
        std::fs::write(&pwfile, format!("{PG_PASSWORD}\n")).unwrap();
        set_mode(&pwfile, 0o644);
        chown(&base, "postgres");
        chown(&socket_dir, "postgres");
        let data = base.join("data");
        run_checked(
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(pg_bin("initdb"))
                .args([
                    "-N",
                    "-U",
                    USER,
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "-D",
                ])
                .arg(&data)
                .arg(format!("--pwfile={}", pwfile.display())),
            "initdb",
        );
        std::fs::remove_file(&pwfile).ok();
        let port = free_port();
        let pg = Postgres {
            dir,
            port,
            data,
            socket_dir,
            running: false,
        };
        pg.configure(&opts);
        let mut pg = pg;
        pg.start_server();
        pg
    }

    fn configure(&self, opts: &PgOptions) {
        let mut conf = format!(
            "\nlisten_addresses = '127.0.0.1'\nport = {}\nunix_socket_directories = '{}'\n\
             max_connections = {}\nsuperuser_reserved_connections = 0\nlogging_collector = on\n\
             log_directory = 'log'\nfsync = off\nshared_buffers = 16MB\n",
            self.port,
            self.socket_dir.display(),
            opts.max_connections,
        );
        for l in &opts.extra {
            conf.push_str(l);
            conf.push('\n');
        }
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(self.data.join("postgresql.conf"))
            .unwrap();
        f.write_all(conf.as_bytes()).unwrap();
    }

    fn start_server(&mut self) {
        run_checked(
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(pg_bin("pg_ctl"))
                .args(["-w", "-t", "60", "-D"])
                .arg(&self.data)
                .arg("-l")
                .arg(self.data.parent().unwrap().join("startup.log"))
                .arg("start"),
            "pg_ctl start",
        );
        self.running = true;
    }

    /// Stop the server (fast shutdown); it stays stopped.
    pub fn stop(&mut self) {
        if self.running {
            let _ = Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(pg_bin("pg_ctl"))
                .args(["-w", "-m", "immediate", "-D"])
                .arg(&self.data)
                .arg("stop")
                .output();
            self.running = false;
        }
    }

    /// A streaming replica of this cluster (pg_basebackup -R), started.
    pub fn replica(&self) -> Postgres {
        let dir = temp_dir();
        let base = dir.path().join("pg");
        let socket_dir = dir.path().join("sock");
        std::fs::create_dir_all(&base).unwrap();
        std::fs::create_dir_all(&socket_dir).unwrap();
        chown(&base, "postgres");
        chown(&socket_dir, "postgres");
        let data = base.join("data");
        run_checked(
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(pg_bin("pg_basebackup"))
                .arg("-h")
                .arg(&self.socket_dir)
                .args([
                    "-p",
                    &self.port.to_string(),
                    "-U",
                    USER,
                    "-R",
                    "-X",
                    "stream",
                    "-D",
                ])
                .arg(&data),
            "pg_basebackup",
        );
        let port = free_port();
        let mut replica = Postgres {
            dir,
            port,
            data,
            socket_dir,
            running: false,
        };
        replica.configure(&PgOptions::default());
        replica.start_server();
        replica
    }

    /// `psql` over the unix socket as the superuser; stdout (unaligned, tuples only).
    pub fn psql(&self, sql: &str) -> String {
        run_checked(self.psql_cmd().arg("-c").arg(sql), &format!("psql {sql}"))
    }

    /// `psql` whose failure is expected: the whole output.
    pub fn psql_output(&self, sql: &str) -> std::process::Output {
        self.psql_cmd().arg("-c").arg(sql).output().expect("psql")
    }

    fn psql_cmd(&self) -> Command {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"])
            .arg(pg_bin("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h"])
            .arg(&self.socket_dir)
            .args(["-p", &self.port.to_string(), "-U", USER, "-d", "postgres"]);
        cmd
    }

    /// A psql session kept open, fed `sql` and then left waiting for input
    /// (so an open transaction stays open until the session is dropped).
    pub fn session(&self, sql: &str) -> Session {
        let mut child = self
            .psql_cmd()
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("psql");
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(sql.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
        Session {
            child,
            _stdin: Some(stdin),
        }
    }

    /// Wait until `sql` prints `expect` (e.g. a count of sessions).
    pub fn wait_for(&self, sql: &str, expect: &str) {
        let started = Instant::now();
        loop {
            let got = self.psql(sql);
            if got.trim() == expect {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{sql} gave {got:?}, waited for {expect:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The current server log file (absolute).
    pub fn log_file(&self) -> PathBuf {
        let rel = self.psql("SELECT pg_current_logfile()");
        self.data.join(rel.trim())
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A client session held open by a test; killed when dropped.
pub struct Session {
    child: Child,
    _stdin: Option<ChildStdin>,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A MariaDB server: user `ops`@`%` with password [`MY_PASSWORD`] and all
/// privileges; root over the socket by unix_socket authentication.
pub struct MariaDb {
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub data: PathBuf,
    pub socket: PathBuf,
    pub error_log: PathBuf,
    child: Option<Child>,
}

#[derive(Clone)]
pub struct MyOptions {
    pub max_connections: u32,
}

impl Default for MyOptions {
    fn default() -> Self {
        MyOptions {
            max_connections: 20,
        }
    }
}

impl MariaDb {
    pub fn start() -> MariaDb {
        MariaDb::start_with(MyOptions::default())
    }

    pub fn start_with(opts: MyOptions) -> MariaDb {
        assert!(
            mariadb_available(),
            "mariadbd is missing: install mariadb-server (.ci/run does)"
        );
        let dir = temp_dir();
        let data = dir.path().join("data");
        let run = dir.path().join("run");
        std::fs::create_dir_all(&data).unwrap();
        // A private tmpdir: the server names temporary files by pid, and
        // servers in other sandboxes may share /tmp with the same pids.
        let tmp = dir.path().join("tmp");
        std::fs::create_dir_all(&run).unwrap();
        std::fs::create_dir_all(&tmp).unwrap();
        chown(&data, "mysql");
        chown(&run, "mysql");
        chown(&tmp, "mysql");
        run_checked(
            Command::new("mariadb-install-db")
                .env("TMPDIR", &tmp)
                .arg("--no-defaults")
                .arg(format!("--datadir={}", data.display()))
                .args([
                    "--user=mysql",
                    "--auth-root-authentication-method=socket",
                    "--skip-test-db",
                ]),
            "mariadb-install-db",
        );
        let port = free_port();
        let socket = run.join("mysqld.sock");
        let error_log = run.join("error.log");
        let child = Command::new("/usr/sbin/mariadbd")
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .args([
                "--user=mysql",
                "--bind-address=127.0.0.1",
                "--skip-name-resolve",
                "--skip-log-bin",
            ])
            .args(["--innodb-buffer-pool-size=16M", "--log-warnings=2"])
            .arg(format!("--tmpdir={}", tmp.display()))
            .arg(format!("--port={port}"))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!("--pid-file={}", run.join("mysqld.pid").display()))
            .arg(format!("--log-error={}", error_log.display()))
            .arg(format!("--max-connections={}", opts.max_connections))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mariadbd");
        let mut db = MariaDb {
            dir,
            port,
            data,
            socket,
            error_log,
            child: Some(child),
        };
        db.wait_ready();
        db.sql(&format!(
            "CREATE USER '{USER}'@'%' IDENTIFIED BY '{MY_PASSWORD}'; \
             GRANT ALL ON *.* TO '{USER}'@'%' WITH GRANT OPTION;"
        ));
        // Readable by the test sshd's user, as a log shipped to an ops group would be.
        set_mode(&db.error_log, 0o644);
        db
    }

    fn wait_ready(&mut self) {
        let started = Instant::now();
        loop {
            let ok = Command::new("mariadb")
                .arg("-S")
                .arg(&self.socket)
                .args(["-u", "root", "-e", "SELECT 1"])
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false);
            if ok {
                return;
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(|c| c.try_wait()) {
                panic!(
                    "mariadbd exited ({status}):\n{}",
                    std::fs::read_to_string(&self.error_log).unwrap_or_default()
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "mariadbd did not start:\n{}",
                std::fs::read_to_string(&self.error_log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// SQL as root over the socket; stdout (tab-separated, no headers).
    pub fn sql(&self, sql: &str) -> String {
        run_checked(
            Command::new("mariadb")
                .arg("-S")
                .arg(&self.socket)
                .args(["-u", "root", "-N", "-B", "-e", sql]),
            &format!("mariadb {sql}"),
        )
    }

    /// A client session held open, fed `sql` and left waiting for input.
    pub fn session(&self, sql: &str) -> Session {
        let mut child = Command::new("mariadb")
            .arg("-S")
            .arg(&self.socket)
            .args(["-u", "root", "-N", "-B"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mariadb");
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(sql.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
        Session {
            child,
            _stdin: Some(stdin),
        }
    }

    pub fn wait_for(&self, sql: &str, expect: &str) {
        let started = Instant::now();
        loop {
            let got = self.sql(sql);
            if got.trim() == expect {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{sql} gave {got:?}, waited for {expect:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // SAFETY: signalling our own child process.
            unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(20) {
                if let Ok(Some(_)) = child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for MariaDb {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
