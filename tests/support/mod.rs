//! Shared test harness: the real `ops` binary in a hermetic environment, real
//! git records repositories, and a real OpenSSH server on loopback.
#![allow(dead_code)]

pub mod db;
pub mod dbinspect;
pub mod device;
pub mod sshd;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

    /// `ops` with a cleared environment: pinned HOME, no colour, fixed width.
    pub fn ops(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ops"));
        cmd.env_clear()
            .env("HOME", &self.home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("USER", whoami())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .env("LC_ALL", "C")
            // Inspecting this machine must not ping its real default gateway:
            // a test run stays on loopback.
            .env("OPS_GATEWAY_PING", "0")
            .current_dir(self.dir.path());
        cmd
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

/// `git` in a repository, output checked, stdout returned.
pub fn git(repo: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
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
