//! Shared test harness: the real `ops` binary in a hermetic environment, real
//! git records repositories, and a real OpenSSH server on loopback.
//!
//! Every `ops` a test runs starts from [`Env::ops`] (or [`Env::wrapper`] when
//! a wrapper such as `sh -c`, `unshare` or `ip netns exec` runs it): a cleared
//! environment in which nothing of the machine or of the person running the
//! tests leaks in. The clock is pinned ([`NOW`]), the login, git identity,
//! HOME, locale, time zone, colour and width are fixed, `OPS_RECORDS`,
//! `OPS_INVENTORY` and `OPS_CONFIG` are unset, and no gateway is pinged. A
//! test that needs one of them otherwise says so on the command: `.env(…)`
//! overrides, and [`Hermetic`] names the opt-outs (`.real_clock()`,
//! `.gateway_ping_allowed()`). [`pty`] runs `ops` on a pseudo-terminal, and
//! [`Env::redact`] takes the test's temporary directory out of text.
#![allow(dead_code)]

pub mod db;
pub mod dbinspect;
pub mod device;
pub mod ipmi_sim;
pub mod nut;
pub mod pty;
pub mod sshd;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The instant every `ops` of a test takes for "now" unless the test gives
/// its own `OPS_NOW` or asks for [`Hermetic::real_clock`].
pub const NOW: &str = "2026-11-20T09:00:00Z";

/// The git identity of every git command a test runs (ops's own commits name
/// the login unless the repository's config says otherwise).
pub const GIT_NAME: &str = "Ops Test";
pub const GIT_EMAIL: &str = "ops-test@example.invalid";

/// The built `ops` binary.
pub fn ops_bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_ops"))
}

/// A hermetic home for one test: its own HOME (with `.ssh/`), working
/// directory and records repository path.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub home: PathBuf,
    pub records: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = dir.path().join("home");
        std::fs::create_dir_all(home.join(".ssh")).unwrap();
        let records = dir.path().join("records");
        Env { dir, home, records }
    }

    /// `ops` in the hermetic environment, run in the test's directory.
    pub fn ops(&self) -> Command {
        let mut cmd = Command::new(ops_bin());
        self.hermetic(&mut cmd);
        cmd
    }

    /// `program`, a wrapper that runs `ops` (`sh -c`, `unshare`, `ip netns
    /// exec`, a script that finds it in `$OPS`), with the environment
    /// [`Env::ops`] gives.
    pub fn wrapper(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        self.hermetic(&mut cmd);
        cmd.env("OPS", ops_bin());
        cmd
    }

    /// The hermetic environment on `cmd`, replacing whatever it had.
    fn hermetic(&self, cmd: &mut Command) {
        let login = whoami();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            // The account the tests run as, so that $USER agrees with the
            // password database (ops names that login in tickets and commits).
            .env("USER", &login)
            .env("LOGNAME", &login)
            .env("OPS_NOW", NOW)
            .env("TZ", "UTC")
            .env("LC_ALL", "C")
            .env("NO_COLOR", "1")
            .env("TERM", "dumb")
            .env("COLUMNS", "100")
            // Git run by a test or by ops never reads the machine's
            // ~/.gitconfig or /etc/gitconfig.
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", GIT_NAME)
            .env("GIT_AUTHOR_EMAIL", GIT_EMAIL)
            .env("GIT_COMMITTER_NAME", GIT_NAME)
            .env("GIT_COMMITTER_EMAIL", GIT_EMAIL)
            // Inspecting this machine must not ping its real default gateway:
            // a test run stays on loopback.
            .env("OPS_GATEWAY_PING", "0")
            .current_dir(self.dir.path());
    }

    /// `text` with the test's temporary directory written `[TMP]`, so that
    /// output naming files can be compared as text.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        let dir = self.dir.path();
        if let Ok(real) = dir.canonicalize()
            && real != dir
        {
            out = out.replace(&*real.to_string_lossy(), "[TMP]");
        }
        out.replace(&*dir.to_string_lossy(), "[TMP]")
    }

    /// `ops init` of the records repository, checked.
    pub fn init_records(&self) {
        let out = self.ops().arg("init").arg(&self.records).output().unwrap();
        assert_success(&out);
    }

    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
}

/// `ops ticket new` with every field a hotline ticket needs: a severity II
/// ticket (respond due 30 min after it is received).
pub const TICKET_NEW: &[&str] = &[
    "ticket",
    "new",
    "--customer",
    "ACME",
    "--site",
    "Pudong DC",
    "--contact",
    "Zhang Wei",
    "--phone",
    "+86 21 5555 0100",
    "--channel",
    "hotline",
    "--severity",
    "II",
    "--category",
    "defect-technical",
    "--problem",
    "core switch reloads",
    "--engineer",
    "Li Na",
];

pub fn whoami() -> String {
    let out = Command::new("id").arg("-un").output().expect("id");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

pub fn is_root() -> bool {
    whoami() == "root"
}

pub fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "command failed: {}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn stdout(out: &Output) -> String {
    text(&out.stdout)
}

pub fn stderr(out: &Output) -> String {
    text(&out.stderr)
}

pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            stdout(out),
            stderr(out)
        )
    })
}

/// Opt-outs from the hermetic environment, named on the command that needs
/// them.
pub trait Hermetic {
    /// The system clock instead of [`NOW`] (for what is compared with the
    /// real time of files, processes or other programs).
    fn real_clock(&mut self) -> &mut Self;
    /// Let `ops` ping gateways (only inside a network namespace a test made).
    fn gateway_ping_allowed(&mut self) -> &mut Self;
}

impl Hermetic for Command {
    fn real_clock(&mut self) -> &mut Self {
        self.env_remove("OPS_NOW")
    }

    fn gateway_ping_allowed(&mut self) -> &mut Self {
        self.env_remove("OPS_GATEWAY_PING")
    }
}

/// `git` with a fixed identity that reads no configuration of the machine.
pub fn git_command() -> Command {
    let mut cmd = Command::new("git");
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", GIT_NAME)
        .env("GIT_AUTHOR_EMAIL", GIT_EMAIL)
        .env("GIT_COMMITTER_NAME", GIT_NAME)
        .env("GIT_COMMITTER_EMAIL", GIT_EMAIL)
        .env("TZ", "UTC")
        .env("LC_ALL", "C");
    cmd
}

/// `git` in a repository, output checked, stdout returned.
pub fn git(repo: &Path, args: &[&str]) -> String {
    let out = git_command()
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .expect("git");
    assert_success(&out);
    stdout(&out)
}

pub fn commit_count(repo: &Path) -> usize {
    git(repo, &["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .unwrap()
}

/// Write `text` to `root/rel`, making its directories: a record seeded by
/// a test the way `ops` lays it out.
pub fn put(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Every file under `dir` (relative), sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
