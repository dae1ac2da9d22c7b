//! `ops ticket check` end to end: the monitoring-style alert on SLA clocks
//! that cron runs (exit 2 overdue, 1 due within the window, 0 otherwise), and
//! who a ticket event and its commit name when `$USER` is unset.

mod support;

use std::process::{Command, Output, Stdio};
use support::*;

fn ops(env: &Env, now: &str, args: &[&str]) -> Command {
    let mut cmd = env.ops();
    cmd.env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", now)
        .env("TZ", "UTC")
        .args(args)
        .stdin(Stdio::null());
    cmd
}

fn run(env: &Env, now: &str, args: &[&str]) -> Output {
    ops(env, now, args).output().unwrap()
}

/// A severity II ticket received at `received` (respond due 30 min later).
fn new_ticket(env: &Env, received: &str) -> String {
    let out = run(env, received, TICKET_NEW);
    assert_success(&out);
    stdout(&out).trim().to_string()
}

#[test]
fn check_exits_2_when_overdue_1_when_due_within_the_window_0_otherwise() {
    let env = Env::new();
    env.init_records();
    // No ticket at all: OK.
    let out = run(&env, "2026-11-20T08:00:00Z", &["ticket", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "TICKETS OK - 0 open tickets, none overdue or due within 2h"
    );

    let id = new_ticket(&env, "2026-11-20T09:00:00Z");
    // 09:10: respond is due at 09:30, 20 minutes away.
    let out = run(
        &env,
        "2026-11-20T09:10:00Z",
        &["ticket", "check", "--within", "10m"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out).trim(),
        "TICKETS OK - 1 open ticket, none overdue or due within 10m"
    );
    // Under -q, all well is silence (cron mails only output).
    let out = run(
        &env,
        "2026-11-20T09:10:00Z",
        &["-q", "ticket", "check", "--within", "10m"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "");

    let out = run(
        &env,
        "2026-11-20T09:10:00Z",
        &["-q", "ticket", "check", "--within", "30m"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("TICKETS WARNING - 1 due within 30m"));
    assert!(lines.next().unwrap().contains("DUE"), "{text}");
    let row = lines.next().unwrap();
    assert!(
        row.contains(&id) && row.contains("respond due in 20m"),
        "{text}"
    );

    // 09:31: the respond clock runs past its deadline.
    let out = run(&env, "2026-11-20T09:31:00Z", &["-q", "ticket", "check"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("TICKETS CRITICAL - 1 overdue\n"), "{text}");
    assert!(
        text.contains(&id) && text.contains("respond overdue by 1m"),
        "{text}"
    );
    let out = run(
        &env,
        "2026-11-20T09:31:00Z",
        &["ticket", "check", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    assert_eq!(v["status"], "crit");
    assert_eq!(
        (v["overdue"].clone(), v["due_soon"].clone()),
        (1.into(), 0.into())
    );
    assert_eq!(v["tickets"][0]["id"], id.as_str());

    // A severity filter that leaves the ticket out: OK again.
    let out = run(
        &env,
        "2026-11-20T09:31:00Z",
        &["ticket", "check", "-s", "I"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // Responded: the plan clock (due 11:00) is 1h29m away, inside the 2h default.
    let out = run(
        &env,
        "2026-11-20T09:31:00Z",
        &["ticket", "update", &id, "--responded"],
    );
    assert_success(&out);
    let out = run(&env, "2026-11-20T09:31:00Z", &["ticket", "check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).starts_with("TICKETS WARNING - 1 due within 2h\n"));

    // `ticket list --overdue` lists and exits 0; `check` is the alert.
    let out = run(
        &env,
        "2026-11-20T09:31:00Z",
        &["ticket", "list", "--overdue"],
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_damaged_ticket_file_is_unknown_unless_another_is_overdue() {
    let env = Env::new();
    env.init_records();
    let id = new_ticket(&env, "2026-11-20T09:00:00Z");
    let broken = env.records.join("tickets/2026-11/T-20261120-0999.toml");
    std::fs::write(&broken, "customer = \n").unwrap();
    let out = run(
        &env,
        "2026-11-20T09:10:00Z",
        &["ticket", "check", "--within", "5m"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert_eq!(
        stdout(&out).trim(),
        "TICKETS UNKNOWN - 1 ticket file cannot be read"
    );
    assert!(
        stderr(&out).contains("T-20261120-0999.toml"),
        "{}",
        stderr(&out)
    );
    // Overdue beats unknown: crit > unknown > warn > ok.
    let out = run(&env, "2026-11-20T09:40:00Z", &["ticket", "check"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stdout(&out).starts_with("TICKETS CRITICAL - 1 overdue, 1 ticket file cannot be read\n"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains(&id));
}

/// With `$USER` and `$LOGNAME` unset (cron, `env -i`), the event and the
/// commit still name the login running `ops`; git's configured identity wins
/// for the commit when there is one.
#[test]
fn without_user_the_login_comes_from_the_os() {
    let env = Env::new();
    env.init_records();
    let me = whoami();
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .to_string();
    let mut cmd = ops(&env, "2026-11-20T09:00:00Z", &[]);
    cmd.env_remove("USER").env_remove("LOGNAME").args([
        "ticket",
        "new",
        "--customer",
        "ACME",
        "--site",
        "DC",
        "--contact",
        "Zhang Wei",
        "--phone",
        "+86 21 5555 0100",
        "--channel",
        "hotline",
        "--severity",
        "III",
        "--category",
        "consultation",
        "--problem",
        "how to rotate logs",
    ]);
    let out = cmd.output().unwrap();
    assert_success(&out);
    let id = stdout(&out).trim().to_string();
    let file =
        std::fs::read_to_string(env.records.join(format!("tickets/2026-11/{id}.toml"))).unwrap();
    assert!(file.contains(&format!("by = \"{me}\"")), "{file}");
    assert!(!file.contains("by = \"unknown\""), "{file}");
    assert_eq!(
        git(&env.records, &["log", "-1", "--format=%an <%ae>|%cn <%ce>"]).trim(),
        format!("{me} <{me}@{host}>|{me} <{me}@{host}>")
    );

    // Git's own configuration, when set, names the committer.
    git(&env.records, &["config", "user.name", "Wang Fang"]);
    git(
        &env.records,
        &["config", "user.email", "wang.fang@example.com"],
    );
    let mut cmd = ops(&env, "2026-11-20T09:05:00Z", &[]);
    cmd.env_remove("USER")
        .args(["ticket", "update", &id, "--note", "called back"]);
    assert_success(&cmd.output().unwrap());
    assert_eq!(
        git(&env.records, &["log", "-1", "--format=%an <%ae>"]).trim(),
        "Wang Fang <wang.fang@example.com>"
    );
    let file =
        std::fs::read_to_string(env.records.join(format!("tickets/2026-11/{id}.toml"))).unwrap();
    assert_eq!(file.matches(&format!("by = \"{me}\"")).count(), 2, "{file}");
}
