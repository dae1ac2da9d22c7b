//! `ops change` end to end through the binary at pinned times: the start
//! gate refuses (exit 78, record and commits unchanged) until the change is
//! approved by another person, inside its window, behind a fresh verified
//! backup; a done change is in the weekly report.

mod support;

use std::path::Path;
use support::*;

const T0: &str = "2026-11-20T09:00:00Z";

fn ops_at(env: &Env, now: &str) -> std::process::Command {
    let mut c = env.ops();
    c.env("OPS_RECORDS", &env.records).env("OPS_NOW", now);
    c
}

fn ticket(env: &Env) -> String {
    let out = ops_at(env, T0).args(TICKET_NEW).output().unwrap();
    assert_success(&out);
    stdout(&out).trim().to_string()
}

fn new_change(env: &Env, ticket: &str, start: &str, end: &str) -> String {
    let out = ops_at(env, T0)
        .args([
            "change",
            "new",
            "--ticket",
            ticket,
            "--summary",
            "升级 nginx",
        ])
        .args([
            "--plan",
            "1. 停止服务\n2. 升级\n3. 启动",
            "--rollback",
            "回退到 1.24",
        ])
        .args([
            "--window-start",
            start,
            "--window-end",
            end,
            "--target",
            "web01",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    stdout(&out).trim().to_string()
}

/// `[change] shared_login = true` in the records repository's ops.toml: the
/// tests run every person under one OS login, told apart by OPS_USER.
fn share_login(env: &Env) {
    let path = env.records.join("ops.toml");
    let mut text = std::fs::read_to_string(&path).unwrap_or_default();
    text.push_str("\n[change]\nshared_login = true\n");
    std::fs::write(path, text).unwrap();
}

fn change_file(env: &Env, id: &str) -> String {
    std::fs::read_to_string(env.records.join(format!("changes/2026-11/{id}.toml"))).unwrap()
}

/// `backup take` + `backup verify` of a small tree for the change, at `now`.
fn backup(env: &Env, id: &str, now: &str) {
    let src = env.write("srv/nginx.conf", "worker_processes 4;\n");
    let out = ops_at(env, now)
        .args(["backup", "take", "--change", id, "--dir"])
        .arg(env.dir.path().join("backups"))
        .arg(&src)
        .output()
        .unwrap();
    assert_success(&out);
    let archive = stdout(&out).trim().to_string();
    let out = ops_at(env, now)
        .args(["backup", "verify", "--change", id, &archive])
        .output()
        .unwrap();
    assert_success(&out);
}

/// `ops change start` refused: exit 78 naming `why`, nothing written.
fn refused(env: &Env, id: &str, now: &str, why: &str) {
    let before = (change_file(env, id), commit_count(&env.records));
    let out = ops_at(env, now)
        .args(["change", "start", id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(stderr(&out).contains(why), "{why} in {}", stderr(&out));
    assert_eq!((change_file(env, id), commit_count(&env.records)), before);
}

#[test]
fn a_change_starts_only_approved_by_another_inside_its_window_with_a_verified_backup() {
    let env = Env::new();
    env.init_records();
    let t = ticket(&env);
    let id = new_change(&env, &t, "2026-11-21T14:00:00Z", "2026-11-23T18:00:00Z");
    // Linked both ways, in one commit.
    assert!(change_file(&env, &id).contains(&format!("ticket = \"{t}\"")));
    let show = ops_at(&env, T0)
        .args(["ticket", "show", &t])
        .output()
        .unwrap();
    assert!(
        stdout(&show).contains(&format!("changes/2026-11/{id}.toml")),
        "{}",
        stdout(&show)
    );

    let inside = "2026-11-21T15:00:00Z";
    refused(&env, &id, inside, "it is not approved");

    // The requester cannot approve their own change.
    let before = commit_count(&env.records);
    let out = ops_at(&env, T0)
        .args(["change", "approve", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains("cannot also approve"),
        "{}",
        stderr(&out)
    );
    assert_eq!(commit_count(&env.records), before);
    refused(&env, &id, inside, "it is not approved");

    // Another name on the requester's own OS login is not another person
    // until ops.toml says the team shares one account.
    let out = ops_at(&env, T0)
        .env("OPS_USER", "wangfang")
        .args(["change", "approve", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(stderr(&out).contains("same login"), "{}", stderr(&out));
    assert_eq!(commit_count(&env.records), before);
    share_login(&env);

    let out = ops_at(&env, T0)
        .env("OPS_USER", "wangfang")
        .args(["change", "approve", &id])
        .output()
        .unwrap();
    assert_success(&out);
    let file = change_file(&env, &id);
    assert!(file.contains("by = \"wangfang\""), "{file}");
    assert!(
        file.contains(&format!("login = \"{}\"", whoami())),
        "{file}"
    );
    assert!(
        file.contains(&format!("requester_login = \"{}\"", whoami())),
        "{file}"
    );

    refused(&env, &id, inside, "no backup was taken for it");
    backup(&env, &id, inside);
    refused(
        &env,
        &id,
        "2026-11-21T13:59:59Z",
        "its window has not opened",
    );
    refused(&env, &id, "2026-11-23T18:00:01Z", "its window has closed");
    // A day and a second later the backup is too old.
    refused(
        &env,
        &id,
        "2026-11-22T15:00:01Z",
        "older than backup_max_age (1d 0h)",
    );

    let out = ops_at(&env, inside)
        .args(["change", "start", &id])
        .output()
        .unwrap();
    assert_success(&out);
    let file = change_file(&env, &id);
    assert!(
        file.contains("[started]") && file.contains("take = \"backup/take/2026/11/"),
        "{file}"
    );
    let json = json(
        &ops_at(&env, inside)
            .args(["--format", "json", "change", "show", &id])
            .output()
            .unwrap(),
    );
    assert_eq!(json["phase"], "started");
}

#[test]
fn a_done_change_is_listed_in_the_weekly_report() {
    let env = Env::new();
    env.init_records();
    let t = ticket(&env);
    let id = new_change(&env, &t, "2026-11-20T08:00:00Z", "2026-11-20T18:00:00Z");
    share_login(&env);
    assert_success(
        &ops_at(&env, T0)
            .env("OPS_USER", "wangfang")
            .args(["change", "approve", &id])
            .output()
            .unwrap(),
    );
    backup(&env, &id, T0);
    assert_success(
        &ops_at(&env, T0)
            .args(["change", "start", &id])
            .output()
            .unwrap(),
    );
    let out = ops_at(&env, "2026-11-20T10:00:00Z")
        .args([
            "change",
            "done",
            &id,
            "--result",
            "rolled-back",
            "--report",
            "割接失败，已回退",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let list = stdout(&ops_at(&env, T0).args(["change", "list"]).output().unwrap());
    assert!(list.contains(&id) && list.contains("rolled-back"), "{list}");
    let out = ops_at(&env, "2026-11-23T09:00:00Z")
        .args(["report", "weekly", "--week", "2026-W47"])
        .output()
        .unwrap();
    assert_success(&out);
    // The report as kept in the records repository, for people.
    let report = std::fs::read_to_string(env.records.join("reports/weekly/2026-W47.md")).unwrap();
    assert!(report.contains("Changes made"), "{report}");
    let row = report
        .lines()
        .find(|l| l.contains(&id))
        .unwrap_or_else(|| panic!("{report}"));
    for cell in [t.as_str(), "升级 nginx", "web01", "rolled-back"] {
        assert!(row.contains(cell), "{cell} in {row}");
    }
}

#[test]
fn bad_input_changes_nothing() {
    let env = Env::new();
    env.init_records();
    let t = ticket(&env);
    let before = commit_count(&env.records);
    let bad = |args: &[&str], why: &str| {
        let out = ops_at(&env, T0).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(78), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(why), "{why} in {}", stderr(&out));
    };
    let new = |ticket: &str, end: &str| -> Vec<String> {
        [
            "change",
            "new",
            "--ticket",
            ticket,
            "--summary",
            "s",
            "--plan",
            "p",
            "--rollback",
            "r",
            "--window-start",
            "2026-11-21T14:00:00Z",
            "--window-end",
            end,
            "--target",
            "web01",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let v = new("T-20261120-0099", "2026-11-21T18:00:00Z");
    bad(
        &v.iter().map(String::as_str).collect::<Vec<_>>(),
        "no ticket T-20261120-0099",
    );
    let v = new(&t, "2026-11-21T13:00:00Z");
    bad(
        &v.iter().map(String::as_str).collect::<Vec<_>>(),
        "the window ends",
    );
    bad(
        &["change", "start", "C-20261120-0042"],
        "no change C-20261120-0042",
    );
    bad(
        &["change", "show", "C-20261120-0042"],
        "no change C-20261120-0042",
    );
    assert_eq!(commit_count(&env.records), before);
    assert!(!Path::new(&env.records.join("changes")).exists());

    let id = new_change(&env, &t, "2026-11-21T14:00:00Z", "2026-11-21T18:00:00Z");
    let before = (change_file(&env, &id), commit_count(&env.records));
    bad(
        &["change", "done", &id, "--result", "done", "--report", "x"],
        "has not been started",
    );
    bad(&["change", "start", &id], "it is not approved");
    assert_eq!((change_file(&env, &id), commit_count(&env.records)), before);
}
