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

/// A severity `sev` ticket of `customer` received at T0; its id.
fn new_ticket_for(env: &Env, sev: &str, customer: &str) -> String {
    let mut args: Vec<&str> = TICKET_NEW[1..].to_vec();
    let i = args.iter().position(|a| *a == "--severity").unwrap();
    args[i + 1] = sev;
    let i = args.iter().position(|a| *a == "--customer").unwrap();
    args[i + 1] = customer;
    let out = ok(env, T0, &args);
    stdout(&out).trim().to_string()
}

fn close(env: &Env, now: &str, id: &str) {
    ok(
        env,
        now,
        &[
            "close",
            id,
            "--resolution",
            "更换电源模块",
            "--cause",
            "hardware",
            "--confirmed-by",
            "李雷",
        ],
    );
}

/// `ops report KIND --PERIOD-FLAG PERIOD --format json` at `now`, and the Markdown it wrote.
fn report(env: &Env, now: &str, kind: &str, flag: &str, period: &str) -> (Value, String) {
    let out = env
        .ops()
        .env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", now)
        .args(["report", kind, flag, period, "--format", "json"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_success(&out);
    let md =
        std::fs::read_to_string(env.records.join(format!("reports/{kind}/{period}.md"))).unwrap();
    (json(&out), md)
}

fn append_config(env: &Env, text: &str) {
    let config = env.records.join("ops.toml");
    let mut old = std::fs::read_to_string(&config).unwrap();
    old.push_str(text);
    std::fs::write(config, old).unwrap();
}

#[test]
fn an_agreed_plan_moves_the_deadline_and_the_compliance_figures_follow() {
    // A severity I ticket received at T0 (resolve due 21:00 by the SLA),
    // resolved the next morning: late by the SLA, in time by the agreed 12:00.
    let resolved_late = |with_plan: bool| {
        let env = Env::new();
        env.init_records();
        let id = new_ticket(&env, "I");
        if with_plan {
            ok(
                &env,
                "2026-11-20T10:00:00Z",
                &[
                    "plan",
                    &id,
                    "--solution",
                    "周六窗口更换电源模块",
                    "--agreed-time",
                    "2026-11-21T12:00:00Z",
                    "--agreed-by",
                    "张三",
                ],
            );
        }
        close(&env, "2026-11-21T08:00:00Z", &id);
        (env, id)
    };
    let now = "2027-01-02T09:00:00Z";

    let (env, id) = resolved_late(true);
    let (w, md) = report(&env, now, "weekly", "--week", "2026-W47");
    let sla_i = &w["weekly"]["sla"][0];
    assert_eq!(sla_i["severity"], "I");
    assert_eq!(sla_i["resolve"]["judged"], 1, "{w}");
    assert_eq!(sla_i["resolve"]["met"], 1, "{w}");
    assert_eq!(w["weekly"]["sla_agreed"][0]["ticket"], id.as_str());
    assert_eq!(w["weekly"]["sla_agreed"][0]["agreed_by"], "张三");
    assert_eq!(w["weekly"]["sla_agreed"][0]["met"], true);
    assert!(md.contains("| I | 0.0 % (0/1) | 100.0 % (1/1) |"), "{md}");
    assert!(
        md.contains("1 resolution(s) judged by the later deadline the customer agreed to"),
        "{md}"
    );
    assert!(
        md.contains("| 2026-11-20 21:00 UTC | agreed 2026-11-21 12:00 UTC by 张三 | 2026-11-21 08:00 UTC | met |"),
        "{md}"
    );
    let (q, md) = report(&env, now, "quarterly", "--quarter", "2026-Q4");
    assert_eq!(q["quarterly"]["sla"][0]["resolve"]["met"], 1, "{q}");
    let resolve_breaches = q["quarterly"]["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["clock"] == "resolve")
        .count();
    assert_eq!(resolve_breaches, 0, "{q}");
    assert!(md.contains("| I | 0.0 % (0/1) | 100.0 % (1/1) |"), "{md}");
    assert!(md.contains("agreed 2026-11-21 12:00 UTC by 张三"), "{md}");

    // The same ticket without the plan: judged by the SLA, missed.
    let (env, id) = resolved_late(false);
    let (w, md) = report(&env, now, "weekly", "--week", "2026-W47");
    assert_eq!(w["weekly"]["sla"][0]["resolve"]["judged"], 1, "{w}");
    assert_eq!(w["weekly"]["sla"][0]["resolve"]["met"], 0, "{w}");
    assert_eq!(w["weekly"]["sla_agreed"], serde_json::json!([]));
    assert!(md.contains("| I | 0.0 % (0/1) | 0.0 % (0/1) |"), "{md}");
    assert!(
        md.contains("Every resolution was judged by the SLA's own deadline."),
        "{md}"
    );
    let (q, md) = report(&env, now, "quarterly", "--quarter", "2026-Q4");
    let breach = q["quarterly"]["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["clock"] == "resolve")
        .cloned()
        .unwrap();
    assert_eq!(breach["ticket"], id.as_str());
    assert_eq!(breach["deadline"], "sla");
    assert_eq!(breach["late_minutes"], 11 * 60);
    assert!(md.contains("| I | 0.0 % (0/1) | 0.0 % (0/1) |"), "{md}");
}

#[test]
fn a_return_visit_falls_due_and_its_satisfaction_shows_in_the_quarterly_report() {
    let env = Env::new();
    env.init_records();
    let a = new_ticket_for(&env, "II", "工商银行");
    let b = new_ticket_for(&env, "II", "工商银行");
    close(&env, "2026-11-20T10:00:00Z", &a);
    close(&env, "2026-11-20T10:00:00Z", &b);
    let due = |now: &str| {
        let out = ok(&env, now, &["list", "--return-visits-due"]);
        stdout(&out)
    };
    // Day 2: not yet due (the default is 3 days).
    assert_eq!(due("2026-11-22T10:00:00Z"), "");
    let out = ok(
        &env,
        "2026-11-22T10:00:00Z",
        &["list", "--return-visits-due", "--format", "json"],
    );
    assert_eq!(json(&out)["tickets"], serde_json::json!([]));
    // Day 4: both due, a day since.
    let day4 = "2026-11-24T10:00:00Z";
    let list = due(day4);
    assert!(list.contains("RETURN VISIT"), "{list}");
    for id in [&a, &b] {
        let line = list.lines().find(|l| l.contains(id.as_str())).unwrap();
        assert!(line.contains("due since 1d"), "{list}");
    }
    for (id, score) in [(&a, "5"), (&b, "4")] {
        ok(
            &env,
            day4,
            &[
                "feedback",
                id,
                "--called",
                "张三",
                "--satisfaction",
                score,
                "--comment",
                "响应及时",
            ],
        );
    }
    assert_eq!(due(day4), "", "done: no longer due");

    let (q, md) = report(
        &env,
        "2027-01-02T09:00:00Z",
        "quarterly",
        "--quarter",
        "2026-Q4",
    );
    let row = &q["quarterly"]["service"]["customers"][0];
    assert_eq!(row["customer"], "工商银行", "{q}");
    assert_eq!(row["return_visits_due"], 2);
    assert_eq!(row["return_visits_done"], 2);
    assert_eq!(row["return_visits_outstanding"], 0);
    assert_eq!(row["feedbacks"], 2);
    assert_eq!(row["satisfaction"], 4.5);
    assert!(md.contains("## On-site visits and return visits"), "{md}");
    assert!(
        md.contains("| 工商银行 | 0 | 0 | 2 | 2 | 0 | 4.5/5 (2) |"),
        "{md}"
    );
    assert!(md.contains("Mean satisfaction 4.5/5 (2)."), "{md}");
}

const CLASSES: &str = "\n[sla.I]\nonsite = \"4h\"\n\n[sla.class.gold]\nonsite = { I = \"2h\", II = \"2h\" }\nreturn_visit_days = 2\n\n[sla.customers]\n\"工商银行\" = \"gold\"\n";

#[test]
fn a_gold_customer_has_its_own_onsite_clock_and_return_visit_days() {
    let env = Env::new();
    env.init_records();
    append_config(&env, CLASSES);
    let gold = new_ticket_for(&env, "I", "工商银行");
    let plain = new_ticket_for(&env, "I", "ACME");
    let gold_ii = new_ticket_for(&env, "II", "工商银行");
    let plain_ii = new_ticket_for(&env, "II", "ACME");
    let now = "2026-11-20T10:30:00Z";
    let g = show(&env, now, &gold);
    assert_eq!(g["sla"]["class"], "gold", "{g}");
    assert_eq!(g["sla"]["onsite"]["due"], "2026-11-20T11:00:00Z");
    let p = show(&env, now, &plain);
    assert_eq!(p["sla"]["class"], serde_json::Value::Null);
    assert_eq!(p["sla"]["onsite"]["due"], "2026-11-20T13:00:00Z");
    assert_eq!(
        show(&env, now, &plain_ii)["sla"]["onsite"],
        serde_json::Value::Null,
        "no on-site clock for II outside the class"
    );

    // Waiting for an engineer: all three with an on-site clock, soonest first.
    let out = ok(&env, now, &["list", "--visits-due"]);
    let text = stdout(&out);
    assert!(text.contains("ON SITE"), "{text}");
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        ids,
        [gold.as_str(), gold_ii.as_str(), plain.as_str()],
        "{text}"
    );
    assert!(text.contains("due in 30m"), "{text}");
    // At 11:10 the gold ones are overdue; after the visit the ticket is off the list.
    ok(
        &env,
        "2026-11-20T11:10:00Z",
        &[
            "visit",
            &gold,
            "--arrived",
            "2026-11-20T11:05:00Z",
            "--engineer",
            "王芳",
            "--summary",
            "到场",
        ],
    );
    let out = ok(&env, "2026-11-20T11:10:00Z", &["list", "--visits-due"]);
    let text = stdout(&out);
    assert!(!text.contains(gold.as_str()), "{text}");
    assert!(text.contains("overdue by 10m"), "{text}");
    assert_eq!(
        show(&env, "2026-11-20T11:10:00Z", &gold)["sla"]["onsite"]["state"],
        "missed"
    );

    // The gold customer's return visit falls due after 2 days, the other's after 3.
    close(&env, "2026-11-20T12:00:00Z", &gold);
    close(&env, "2026-11-20T12:00:00Z", &plain);
    let listed = |now: &str| -> Vec<String> {
        let out = ok(
            &env,
            now,
            &["list", "--return-visits-due", "--format", "json"],
        );
        json(&out)["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(listed("2026-11-22T11:59:00Z"), Vec::<String>::new());
    assert_eq!(listed("2026-11-22T12:00:00Z"), std::slice::from_ref(&gold));
    assert_eq!(
        listed("2026-11-23T12:00:00Z"),
        [gold.clone(), plain.clone()]
    );
}

#[test]
fn a_customer_of_an_undefined_class_is_a_config_error_at_its_line() {
    let env = Env::new();
    env.init_records();
    let id = new_ticket(&env, "I");
    append_config(
        &env,
        "\n[sla.class.gold]\nreturn_visit_days = 2\n\n[sla.customers]\n\"工商银行\" = \"platinum\"\n",
    );
    let text = std::fs::read_to_string(env.records.join("ops.toml")).unwrap();
    let line = text.lines().position(|l| l.contains("platinum")).unwrap() + 1;
    let before = commit_count(&env.records);
    for args in [
        vec!["list"],
        vec!["list", "--visits-due"],
        vec!["show", id.as_str()],
    ] {
        let out = ops(&env, "2026-11-20T10:00:00Z", &args);
        assert_eq!(out.status.code(), Some(78), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(&format!("ops.toml:{line}:")), "{err}");
        assert!(
            err.contains("\"platinum\"") && err.contains("gold"),
            "{err}"
        );
    }
    let out = ops(
        &env,
        "2026-11-20T10:00:00Z",
        &["update", &id, "--responded"],
    );
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert_eq!(commit_count(&env.records), before, "nothing written");
}
