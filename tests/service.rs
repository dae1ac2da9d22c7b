//! Agreed plans, on-site visits and return visits, through the binary at a pinned time.

mod support;

use serde_json::Value;
use std::process::{Output, Stdio};
use support::*;

const T0: &str = "2026-11-20T09:00:00Z";

fn ops(env: &Env, now: &str, args: &[&str]) -> Output {
    env.ops()
        .env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", now)
        .arg("ticket")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(env: &Env, now: &str, args: &[&str]) -> Output {
    let out = ops(env, now, args);
    assert_success(&out);
    out
}

/// A severity `sev` ticket received at T0; its id.
fn new_ticket(env: &Env, sev: &str) -> String {
    let mut args: Vec<&str> = TICKET_NEW[1..].to_vec();
    let i = args.iter().position(|a| *a == "--severity").unwrap();
    args[i + 1] = sev;
    let out = ok(env, T0, &args);
    stdout(&out).trim().to_string()
}

fn show(env: &Env, now: &str, id: &str) -> Value {
    json(&ok(env, now, &["show", id, "--format", "json"]))
}

fn with_onsite(env: &Env) {
    let config = env.records.join("ops.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[sla.I]\nonsite = \"2h\"\n");
    std::fs::write(config, text).unwrap();
}

#[test]
fn a_severity_i_visit_at_1h50_is_met_and_at_2h10_missed() {
    let env = Env::new();
    env.init_records();
    with_onsite(&env);
    let early = new_ticket(&env, "I");
    let late = new_ticket(&env, "I");
    let now = "2026-11-20T12:00:00Z";
    ok(
        &env,
        now,
        &[
            "visit",
            &early,
            "--arrived",
            "2026-11-20T10:50:00Z",
            "--engineer",
            "王芳",
            "--summary",
            "更换电源模块",
        ],
    );
    ok(
        &env,
        now,
        &[
            "visit",
            &late,
            "--arrived",
            "2026-11-20T11:10:00Z",
            "--departed",
            "2026-11-20T11:40:00Z",
            "--engineer",
            "Wang Fang",
            "--summary",
            "reseated the PSU",
        ],
    );
    let e = show(&env, now, &early);
    assert_eq!(e["sla"]["onsite"]["state"], "met", "{e}");
    assert_eq!(e["sla"]["onsite"]["due"], "2026-11-20T11:00:00Z");
    assert_eq!(e["visits"][0]["summary"], "更换电源模块");
    let l = show(&env, now, &late);
    assert_eq!(l["sla"]["onsite"]["state"], "missed", "{l}");
    assert_eq!(l["visits"][0]["departed"], "2026-11-20T11:40:00Z");
}

#[test]
fn bad_service_input_exits_78_and_changes_nothing() {
    let env = Env::new();
    env.init_records();
    let open = new_ticket(&env, "II");
    let closed = new_ticket(&env, "II");
    ok(
        &env,
        "2026-11-20T10:00:00Z",
        &[
            "close",
            &closed,
            "--resolution",
            "fixed",
            "--cause",
            "software",
            "--confirmed-by",
            "Zhang Wei",
        ],
    );
    let path = |id: &str| env.records.join(format!("tickets/2026-11/{id}.toml"));
    let before = (
        std::fs::read_to_string(path(&open)).unwrap(),
        std::fs::read_to_string(path(&closed)).unwrap(),
        commit_count(&env.records),
    );
    let now = "2026-11-20T12:00:00Z";
    let cases: Vec<Vec<&str>> = vec![
        // unknown ticket
        vec![
            "visit",
            "T-20261120-0099",
            "--arrived",
            "2026-11-20T10:00:00Z",
            "--engineer",
            "w",
            "--summary",
            "s",
        ],
        // a visit arriving before the ticket was received
        vec![
            "visit",
            &open,
            "--arrived",
            "2026-11-20T08:00:00Z",
            "--engineer",
            "w",
            "--summary",
            "s",
        ],
        // departure before arrival
        vec![
            "visit",
            &open,
            "--arrived",
            "2026-11-20T10:00:00Z",
            "--departed",
            "2026-11-20T09:30:00Z",
            "--engineer",
            "w",
            "--summary",
            "s",
        ],
        // feedback on an open ticket
        vec![
            "feedback",
            &open,
            "--called",
            "Zhang Wei",
            "--satisfaction",
            "5",
        ],
        // satisfaction outside 1-5
        vec![
            "feedback",
            &closed,
            "--called",
            "Zhang Wei",
            "--satisfaction",
            "0",
        ],
        vec![
            "feedback",
            &closed,
            "--called",
            "Zhang Wei",
            "--satisfaction",
            "6",
        ],
        vec![
            "feedback",
            &closed,
            "--called",
            "Zhang Wei",
            "--satisfaction",
            "300",
        ],
        // agreed time in the past
        vec![
            "plan",
            &open,
            "--solution",
            "s",
            "--agreed-time",
            "2026-11-20T11:00:00Z",
            "--agreed-by",
            "Zhang Wei",
        ],
        // a plan for an unknown ticket
        vec![
            "plan",
            "T-20261120-0099",
            "--solution",
            "s",
            "--agreed-time",
            "2026-11-22T11:00:00Z",
            "--agreed-by",
            "Zhang Wei",
        ],
    ];
    for args in &cases {
        let out = ops(&env, now, args);
        assert_eq!(out.status.code(), Some(78), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with("error: "),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let after = (
        std::fs::read_to_string(path(&open)).unwrap(),
        std::fs::read_to_string(path(&closed)).unwrap(),
        commit_count(&env.records),
    );
    assert_eq!(before, after);
}
