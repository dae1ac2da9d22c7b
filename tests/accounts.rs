//! The super-user account table (issue 16 item 7) end to end: a real sshd
//! target whose /etc/passwd and /root are test copies bind-mounted in the
//! server's own mount namespace, `ops inspect host` reading them twice, and
//! `ops report accounts` over the records.

mod support;

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::sshd::{Options, Sshd};
use support::*;

const CONFIG: &str = "[thresholds.host]\ncheck_security_updates = false\n";

struct Target {
    sshd: Sshd,
    passwd: PathBuf,
    root_keys: PathBuf,
    _files: tempfile::TempDir,
}

/// An sshd whose sessions see a copy of /etc/passwd and a /root of the
/// test's (world-readable, so the unprivileged login can read root's keys).
fn target() -> Target {
    support::sshd::ensure_test_user();
    let files = tempfile::tempdir().unwrap();
    let passwd = files.path().join("passwd");
    std::fs::copy("/etc/passwd", &passwd).unwrap();
    let root = files.path().join("root");
    std::fs::create_dir_all(root.join(".ssh")).unwrap();
    let root_keys = root.join(".ssh/authorized_keys");
    std::fs::write(&root_keys, "").unwrap();
    let sshd = Sshd::start_with(Options {
        binds: vec![
            (passwd.clone(), "/etc/passwd".into()),
            (root, "/root".into()),
        ],
        ..Options::default()
    });
    Target {
        sshd,
        passwd,
        root_keys,
        _files: files,
    }
}

fn setup(t: &Target) -> Env {
    let env = Env::new();
    env.init_records();
    t.sshd.trust_from(&env.home);
    std::fs::write(env.records.join("ops.toml"), CONFIG).unwrap();
    std::fs::write(
        env.records.join("inventory.toml"),
        format!(
            "[defaults]\nuser = \"{}\"\nport = {}\n[[host]]\nname = \"web01\"\naddress = \"127.0.0.1\"\n",
            t.sshd.user, t.sshd.port
        ),
    )
    .unwrap();
    git(&env.records, &["commit", "-qam", "test inventory"]);
    env
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@t")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@t")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// `ops inspect host web01 [extra]` at 06:00 on 2026-11-DAY, as JSON: the accounts finding.
fn inspect(env: &Env, day: u32, extra: &[&str]) -> Value {
    let out = env
        .ops()
        .env("OPS_NOW", format!("2026-11-{day:02}T06:00:00Z"))
        .arg("--records")
        .arg(&env.records)
        .args(["inspect", "host", "web01", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let run: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", text(&out.stdout), text(&out.stderr)));
    run["targets"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "accounts.privileged")
        .unwrap_or_else(|| panic!("no accounts finding: {run:#}"))
        .clone()
}

fn append(path: &Path, line: &str) {
    // In place: the bind mount follows the inode, not the name.
    let mut f = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(line.as_bytes()).unwrap();
}

fn rewrite(path: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

fn ssh_keygen_fingerprint(pubkey: &Path) -> String {
    let out = Command::new("ssh-keygen")
        .arg("-lf")
        .arg(pubkey)
        .output()
        .unwrap();
    text(&out.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string()
}

#[test]
fn a_new_uid0_account_is_a_warning_and_the_table_names_its_ticket() {
    if !is_root() {
        eprintln!("skipped: bind-mounting a target's /etc/passwd needs root (CI runs as root)");
        return;
    }
    let t = target();
    let env = setup(&t);

    // A key for root, by its public half; the table shows its fingerprint only.
    let key = env.dir.path().join("admin_key");
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "zhang@jump1", "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(out.status.success());
    let pub_line = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    rewrite(
        &t.root_keys,
        &format!("no-pty,from=\"10.0.0.0/8\" {pub_line}"),
    );
    let fingerprint = ssh_keygen_fingerprint(&key.with_extension("pub"));

    let first = inspect(&env, 21, &[]);
    assert_eq!(first["status"], "ok", "{first:#}");
    let msg = first["message"].as_str().unwrap();
    assert!(msg.contains("uid 0: root;"), "{msg}");
    assert!(msg.contains("1 root key(s)"), "{msg}");
    assert!(msg.contains("first record"), "{msg}");

    // Somebody adds a second uid-0 account.
    append(&t.passwd, "toor:x:0:0:backdoor:/root:/bin/sh\n");
    let out = env
        .ops()
        .arg("--records")
        .arg(&env.records)
        .args(TICKET_NEW)
        .output()
        .unwrap();
    assert_success(&out);
    let ticket = stdout(&out).trim().to_string();
    let second = inspect(&env, 22, &["--ticket", &ticket]);
    assert_eq!(second["status"], "warn", "{second:#}");
    let msg = second["message"].as_str().unwrap();
    assert!(msg.contains("added uid 0 toor"), "{msg}");
    assert_eq!(second["value"]["added"], serde_json::json!(["uid 0 toor"]));

    // Unchanged since: ok again.
    let third = inspect(&env, 23, &[]);
    assert_eq!(third["status"], "ok", "{third:#}");
    assert!(third["message"].as_str().unwrap().contains("unchanged"));

    // Removed again: a warning naming it.
    let original = std::fs::read_to_string(&t.passwd)
        .unwrap()
        .replace("toor:x:0:0:backdoor:/root:/bin/sh\n", "");
    rewrite(&t.passwd, &original);
    let fourth = inspect(&env, 24, &[]);
    assert_eq!(fourth["status"], "warn", "{fourth:#}");
    assert!(
        fourth["message"]
            .as_str()
            .unwrap()
            .contains("removed uid 0 toor")
    );

    // The table: root since the first inspection, toor added under the
    // ticket and removed, the key by its fingerprint.
    let out = env
        .ops()
        .arg("--records")
        .arg(&env.records)
        .args(["report", "accounts"])
        .output()
        .unwrap();
    assert_success(&out);
    let table = stdout(&out);
    let root_row = table
        .lines()
        .find(|l| l.contains(" uid 0 ") && l.contains(" root "))
        .unwrap();
    assert!(root_row.contains("2026-11-21 (first read)"), "{table}");
    assert!(table.contains(&fingerprint), "{table}");
    assert!(table.contains("(zhang@jump1)"), "{table}");
    let removed = table.split("Removed:").nth(1).expect(&table);
    let toor = removed.lines().find(|l| l.contains("toor")).expect(&table);
    assert!(
        toor.contains(&format!("ticket {ticket} ({})", whoami())),
        "{table}"
    );

    let out = env
        .ops()
        .arg("--records")
        .arg(&env.records)
        .args(["report", "accounts", "web01", "--format", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let host = &json["hosts"][0];
    assert_eq!(host["host"], "web01");
    assert_eq!(host["removed"][0]["subject"], "toor");
    assert_eq!(host["removed"][0]["added_by"]["ticket"], ticket.as_str());

    // Nothing secret reached the records: no key material, no password field.
    let b64 = pub_line.split_whitespace().nth(1).unwrap();
    let grep = Command::new("git")
        .arg("-C")
        .arg(&env.records)
        .args(["grep", "-c", "-F", b64])
        .output()
        .unwrap();
    assert!(!grep.status.success(), "key material in the records");
}

#[test]
fn an_unknown_host_in_the_table_is_bad_input() {
    let env = Env::new();
    env.init_records();
    let out = env
        .ops()
        .arg("--records")
        .arg(&env.records)
        .args(["report", "accounts", "nosuch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("nosuch: no inspection record"));
}

/// `ops …` on the test's records at `now`, as `person` (one OS login, told
/// apart by OPS_USER under `[change] shared_login`).
fn ops_as(env: &Env, now: &str, person: &str) -> Command {
    let mut c = env.ops();
    c.env("OPS_NOW", now)
        .env("OPS_USER", person)
        .arg("--records")
        .arg(&env.records);
    c
}

#[test]
fn an_account_added_by_an_approved_change_is_confirmed_by_it_in_the_table() {
    if !is_root() {
        eprintln!("skipped: bind-mounting a target's /etc/passwd needs root (CI runs as root)");
        return;
    }
    let t = target();
    let env = setup(&t);
    std::fs::write(
        env.records.join("ops.toml"),
        format!("{CONFIG}[change]\nshared_login = true\n"),
    )
    .unwrap();
    git(&env.records, &["commit", "-qam", "shared login"]);
    assert_eq!(inspect(&env, 21, &[])["status"], "ok");

    // A change on web01 adds the account inside its window, 22nd 02:00–04:00.
    let ticket = {
        let out = ops_as(&env, "2026-11-21T09:00:00Z", "lina")
            .args(TICKET_NEW)
            .output()
            .unwrap();
        assert_success(&out);
        stdout(&out).trim().to_string()
    };
    let out = ops_as(&env, "2026-11-21T09:00:00Z", "lina")
        .args(["change", "new", "--ticket", &ticket])
        .args(["--summary", "为备份系统增加 uid 0 账号"])
        .args([
            "--plan",
            "useradd -o -u 0 toor",
            "--rollback",
            "userdel toor",
        ])
        .args(["--window-start", "2026-11-22T02:00:00Z"])
        .args(["--window-end", "2026-11-22T04:00:00Z", "--target", "web01"])
        .output()
        .unwrap();
    assert_success(&out);
    let change = stdout(&out).trim().to_string();
    assert_success(
        &ops_as(&env, "2026-11-21T10:00:00Z", "wangfang")
            .args(["change", "approve", &change])
            .output()
            .unwrap(),
    );
    let at = "2026-11-22T02:05:00Z";
    let src = env.write("srv/passwd.copy", "root:x:0:0::/root:/bin/sh\n");
    let out = ops_as(&env, at, "lina")
        .args(["backup", "take", "--change", &change, "--dir"])
        .arg(env.dir.path().join("backups"))
        .arg(&src)
        .output()
        .unwrap();
    assert_success(&out);
    let archive = stdout(&out).trim().to_string();
    for step in [
        vec!["backup", "verify", "--change", &change, &archive],
        vec!["change", "start", &change],
    ] {
        assert_success(&ops_as(&env, at, "lina").args(step).output().unwrap());
    }
    append(&t.passwd, "toor:x:0:0:backup:/root:/bin/sh\n");
    assert_success(
        &ops_as(&env, "2026-11-22T02:40:00Z", "lina")
            .args(["change", "done", &change, "--result", "done"])
            .args(["--report", "toor 已添加"])
            .output()
            .unwrap(),
    );

    // The next morning's inspection sees it (a warning still: the table
    // changed) and the table names the change and its approver.
    let seen = inspect(&env, 22, &[]);
    assert_eq!(seen["status"], "warn", "{seen:#}");
    let out = ops_as(&env, "2026-11-22T07:00:00Z", "lina")
        .args(["report", "accounts"])
        .output()
        .unwrap();
    assert_success(&out);
    let table = stdout(&out);
    let toor = table.lines().find(|l| l.contains("toor")).expect(&table);
    assert!(
        toor.contains(&format!(
            "change {change} (ticket {ticket}), approved by wangfang"
        )),
        "{table}"
    );
    let out = ops_as(&env, "2026-11-22T07:00:00Z", "lina")
        .args(["report", "accounts", "web01", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = json["hosts"][0]["current"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["subject"] == "toor")
        .unwrap()
        .clone();
    assert_eq!(row["added_by"]["change"], change.as_str(), "{row:#}");
    assert_eq!(row["added_by"]["by"], "wangfang", "{row:#}");
}
