//! `ops report` end to end: a records repository generated here with known
//! inspections, tickets, backups, diagnose walks and configuration commits;
//! every figure of the weekly and quarterly reports is checked against the
//! value computed by hand in the comments.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use support::*;

const NOW: &str = "2027-01-02T08:00:00Z";

fn ops(env: &Env, args: &[&str]) -> Output {
    env.ops()
        .env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", NOW)
        .env("TZ", "UTC")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// A host inspection at 06:00 of `day` (2026-MM-DD), with `findings` (check, status).
fn inspection(
    root: &Path,
    target: &str,
    day: &str,
    status: &str,
    findings: &[(&str, &str)],
    metrics: Value,
) {
    let (y, m, d) = (&day[0..4], &day[5..7], &day[8..10]);
    let run = format!("{y}{m}{d}T060000.000Z-0001");
    let mut fs =
        vec![json!({"check": "fs.usage", "subject": "/", "status": "ok", "message": "fine"})];
    for (check, st) in findings {
        fs.push(json!({"check": check, "status": st, "message": format!("{check} is {st}")}));
    }
    let rec = json!({
        "schema": 1, "kind": "host", "run": run, "target": target, "address": "local",
        "started": format!("{day}T06:00:00Z"), "duration_ms": 120, "status": status,
        "findings": fs, "metrics": metrics,
    });
    put(
        root,
        &format!("inspect/host/{target}/{y}/{m}/{run}.json"),
        &serde_json::to_string_pretty(&rec).unwrap(),
    );
}

fn web_metrics(cpu: f64, mem: f64, used: u64) -> Value {
    json!({
        "cpu_busy_pct": cpu, "mem_used_pct": mem,
        "filesystems": [
            {"mount": "/", "fstype": "ext4", "size_bytes": 1_000_000u64, "used_bytes": used, "avail_bytes": 1_000_000 - used},
            {"mount": "/data", "fstype": "xfs", "size_bytes": 1000, "used_bytes": 100, "avail_bytes": 900},
        ]
    })
}

fn verify(root: &Path, day: &str, status: &str) {
    let run = format!("{}T020000Z-0001", day.replace('-', ""));
    let rec = json!({
        "schema": 1, "run": run, "set": "pg-main", "pattern": "/backup/pg/*.dump", "host": "db01",
        "started": format!("{day}T02:00:00Z"), "finished": format!("{day}T02:01:00Z"),
        "status": status, "backups": 7, "verified": [], "bytes_read": 0,
        "findings": [{"check": "backup.fresh", "status": status, "message": format!("fresh: {status}")}],
    });
    put(
        root,
        // Where `ops backup verify` writes: <set>/<YYYY>/<MM>/<run>.json.
        &format!(
            "backup/verify/pg-main/{}/{}/{run}.json",
            &day[..4],
            &day[5..7]
        ),
        &serde_json::to_string_pretty(&rec).unwrap(),
    );
}

/// A ticket file; `events` are (kind, time, extra TOML lines).
fn ticket(
    root: &Path,
    id: &str,
    severity: &str,
    category: &str,
    received: &str,
    targets: &str,
    events: &[(&str, &str, &str)],
) {
    let month = format!("{}-{}", &id[2..6], &id[6..8]);
    let mut text = format!(
        "schema = 1\nid = \"{id}\"\ncustomer = \"ACME\"\ncontact = \"Zhang Wei\"\nchannel = \"hotline\"\n\
severity = \"{severity}\"\ncategory = \"{category}\"\nproblem = \"problem of {id}\"\nreceived = {received}\n\
targets = [{targets}]\nengineer = \"Li Na\"\n\n[[event]]\nkind = \"created\"\nat = {received}\nby = \"lina\"\n"
    );
    for (kind, at, extra) in events {
        text.push_str(&format!(
            "\n[[event]]\nkind = \"{kind}\"\nat = {at}\nby = \"lina\"\n{extra}"
        ));
    }
    put(root, &format!("tickets/{month}/{id}.toml"), &text);
}

fn closed(cause: &str) -> String {
    format!("resolution = \"fixed\"\ncause = \"{cause}\"\nconfirmed_by = \"Zhang Wei\"\n")
}

fn walk(root: &Path, name: &str, started: &str, status: &str, ticket: Option<&str>) {
    let mut rec = json!({
        "schema": 1, "runbook": "no-network", "runbook_title": "No network", "runbook_file": "builtin",
        "target": "web01", "started": started, "ended": started, "answers": {}, "steps": [],
        "outcome": {"status": status},
    });
    if let Some(t) = ticket {
        rec["ticket"] = json!(t);
    }
    put(
        root,
        &format!("diagnose/{name}"),
        &serde_json::to_string_pretty(&rec).unwrap(),
    );
}

fn commit_at(root: &Path, message: &str, when: &str) {
    git(root, &["add", "-A"]);
    let out = git_command()
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-q",
            "-m",
            message,
        ])
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .output()
        .unwrap();
    assert_success(&out);
}

/// The records of week 2026-W47 (16–22 November) and the rest of 2026-Q4.
fn fleet() -> Env {
    let env = Env::new();
    env.init_records();
    let r = env.records.as_path();
    // web01: daily 06:00, 15 (baseline) to 23 November (next week, must be ignored).
    let cpu = [5.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 99.0];
    let mem = [10.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 80.0, 99.0];
    for (i, day) in (15..=23).enumerate() {
        let day = format!("2026-11-{day}");
        let used = if i == 8 {
            999_000
        } else {
            390_000 + 10_000 * i as u64
        };
        let load = matches!(i, 2 | 4); // 17 and 19 November
        let (status, f): (&str, &[(&str, &str)]) = if load {
            ("warn", &[("load.per_core", "warn")])
        } else {
            ("ok", &[])
        };
        inspection(
            r,
            "web01",
            &day,
            status,
            f,
            web_metrics(cpu[i], mem[i], used),
        );
    }
    // db01: 19 ok, 20 crit (a failed service), 21 ok, 22 unknown (unreachable).
    inspection(r, "db01", "2026-11-19", "ok", &[], Value::Null);
    inspection(
        r,
        "db01",
        "2026-11-20",
        "crit",
        &[("service.failed", "crit")],
        Value::Null,
    );
    inspection(r, "db01", "2026-11-21", "ok", &[], Value::Null);
    inspection(
        r,
        "db01",
        "2026-11-22",
        "unknown",
        &[("reach", "unknown")],
        Value::Null,
    );
    // One damaged record and one of an unknown schema.
    put(
        r,
        "inspect/host/web01/2026/11/20261121T120000.000Z-dead.json",
        "{ \"schema\": 1, \"kind\": ",
    );
    put(
        r,
        "inspect/host/db01/2026/11/20261121T120000.000Z-beef.json",
        "{\"schema\": 99, \"whatever\": true}",
    );
    // pg-main: 16–18 ok, 19 crit, 20 none, 21 ok, 22 warn.
    for (day, st) in [
        ("16", "ok"),
        ("17", "ok"),
        ("18", "ok"),
        ("19", "crit"),
        ("21", "ok"),
        ("22", "warn"),
    ] {
        verify(r, &format!("2026-11-{day}"), st);
    }
    // Tickets (default SLA: respond 30 min; resolve I 12 h, II 24 h, III 48 h, IV 5 d).
    let c = |cause| closed(cause);
    ticket(
        r,
        "T-20261116-0001",
        "I",
        "defect-technical",
        "2026-11-16T08:00:00Z",
        "\"web01\"",
        &[
            ("responded", "2026-11-16T08:20:00Z", ""),
            ("closed", "2026-11-16T18:00:00Z", &c("hardware")),
        ],
    );
    ticket(
        r,
        "T-20261117-0001",
        "II",
        "defect-technical",
        "2026-11-17T09:00:00Z",
        "\"db01\"",
        &[
            ("responded", "2026-11-17T09:45:00Z", ""),
            ("closed", "2026-11-19T09:00:00Z", &c("software")),
        ],
    );
    ticket(
        r,
        "T-20261118-0001",
        "III",
        "defect-technical",
        "2026-11-18T10:00:00Z",
        "\"web01\"",
        &[
            ("responded", "2026-11-18T10:10:00Z", ""),
            ("closed", "2026-11-25T10:00:00Z", &c("software")),
        ],
    );
    ticket(
        r,
        "T-20261120-0001",
        "IV",
        "consultation",
        "2026-11-20T10:00:00Z",
        "",
        &[
            ("responded", "2026-11-20T10:05:00Z", ""),
            ("closed", "2026-11-21T10:00:00Z", &c("no-fault")),
        ],
    );
    ticket(
        r,
        "T-20261121-0001",
        "II",
        "defect-technical",
        "2026-11-21T22:00:00Z",
        "\"web01\"",
        &[
            ("responded", "2026-11-23T00:00:00Z", ""),
            ("closed", "2026-11-24T00:00:00Z", &c("hardware")),
        ],
    );
    ticket(
        r,
        "T-20261005-0001",
        "III",
        "defect-technical",
        "2026-10-05T10:00:00Z",
        "\"db01\"",
        &[
            ("responded", "2026-10-05T10:15:00Z", ""),
            ("closed", "2026-10-06T10:00:00Z", &c("hardware")),
        ],
    );
    ticket(
        r,
        "T-20261010-0001",
        "III",
        "defect-technical",
        "2026-10-10T10:00:00Z",
        "\"sw-core-1\"",
        &[
            ("responded", "2026-10-10T10:20:00Z", ""),
            ("closed", "2026-10-10T12:00:00Z", &c("network")),
        ],
    );
    ticket(
        r,
        "T-20261201-0001",
        "I",
        "defect-technical",
        "2026-12-01T00:00:00Z",
        "\"db01\"",
        &[
            ("responded", "2026-12-01T00:10:00Z", ""),
            ("closed", "2026-12-01T06:00:00Z", &c("hardware")),
        ],
    );
    ticket(
        r,
        "T-20261205-0001",
        "II",
        "defect-technical",
        "2026-12-05T00:00:00Z",
        "\"sw-core-1\"",
        &[
            ("responded", "2026-12-05T00:30:00Z", ""),
            ("closed", "2026-12-05T12:00:00Z", &c("configuration")),
        ],
    );
    // Diagnose walks: two not linked to a ticket, one linked (its cause is the ticket's).
    walk(
        r,
        "2026-10-20-no-network-1.json",
        "2026-10-20T03:00:00Z",
        "escalated",
        None,
    );
    walk(
        r,
        "2026-11-02-no-network-1.json",
        "2026-11-02T03:00:00Z",
        "escalated",
        None,
    );
    walk(
        r,
        "2026-11-16-no-network-1.json",
        "2026-11-16T08:05:00Z",
        "resolved",
        Some("T-20261116-0001"),
    );
    commit_at(r, "records", "2026-11-15T00:00:00Z");
    // One configuration change in the week.
    put(r, "config/sw-core-1.cfg", "hostname sw-core-1\n");
    commit_at(r, "config: sw-core-1 saved", "2026-11-18T12:00:00Z");
    env
}

/// The report as JSON; `skips` says whether the period holds the two bad records
/// (then the exit status is 78, bad input, and the report is still written).
fn report_json_with(env: &Env, args: &[&str], skips: bool) -> (Value, Output) {
    let mut a = vec!["report"];
    a.extend_from_slice(args);
    a.extend(["--format", "json"]);
    let out = ops(env, &a);
    assert_eq!(
        out.status.code(),
        Some(if skips { 78 } else { 0 }),
        "stderr:\n{}",
        stderr(&out)
    );
    (json(&out), out)
}

fn report_json(env: &Env, args: &[&str]) -> (Value, Output) {
    report_json_with(env, args, true)
}

fn close(a: &Value, b: f64) {
    let a = a.as_f64().unwrap_or_else(|| panic!("{a} is not a number"));
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn weekly_figures_equal_the_hand_computed_ones() {
    let env = fleet();
    let (r, out) = report_json(&env, &["weekly", "--week", "2026-W47"]);
    let w = &r["weekly"];
    // CPU 10..70 → mean 40, peak 70; memory six 50s and an 80 → 380 / 7.
    let web = &w["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["target"] == "web01")
        .unwrap();
    assert_eq!(web["samples"], 7);
    close(&web["cpu_avg_pct"], 40.0);
    close(&web["cpu_peak_pct"], 70.0);
    close(&web["mem_avg_pct"], 380.0 / 7.0);
    close(&web["mem_peak_pct"], 80.0);
    // /: used 400 000 on the 16th to 460 000 on the 22nd: 10 000 per day; 540 000 left → 54 days.
    let disks = w["disks"].as_array().unwrap();
    assert_eq!(disks.len(), 2);
    let root = &disks[0];
    assert_eq!(root["mount"], "/");
    assert_eq!(root["used_first_bytes"], 400_000);
    assert_eq!(root["used_last_bytes"], 460_000);
    close(&root["growth_bytes_per_day"], 10_000.0);
    close(&root["days_until_full"], 54.0);
    close(&root["used_last_pct"], 46.0);
    assert_eq!(disks[1]["mount"], "/data");
    assert!(
        disks[1]["days_until_full"].is_null(),
        "a filesystem that does not grow never fills"
    );
    // pg-main: done 16, 17, 18, 21, 22 (warn is still a good backup); failed 19; missing 20.
    let b = &w["backups"][0];
    assert_eq!(
        (
            b["set"].as_str(),
            b["done_days"].as_u64(),
            b["failed_days"].as_u64(),
            b["missing_days"].as_u64()
        ),
        (Some("pg-main"), Some(5), Some(1), Some(1))
    );
    assert_eq!(b["failed"], json!(["2026-11-19"]));
    assert_eq!(b["missing"], json!(["2026-11-20"]));
    // Findings raised: web01 load on 17 and 19, db01 service on 20, db01 reach on 22;
    // cleared: web01 load on 18 and 20, db01 service on 21.
    assert_eq!(w["findings_raised"].as_array().unwrap().len(), 4);
    assert_eq!(w["findings_cleared"].as_array().unwrap().len(), 3);
    // Tickets opened: I 1, II 2, III 1, IV 1; closed: I 1, II 1, IV 1.
    let counts = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| c["count"].as_u64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(counts(&w["tickets"]["opened"]), [1, 2, 1, 1]);
    assert_eq!(counts(&w["tickets"]["closed"]), [1, 1, 0, 1]);
    // SLA as at the end of the week. Respond: I 1/1, II 0/2 (45 min; T-20261121 not answered
    // by 22:30 on the 21st), III 1/1, IV 1/1. Resolve: I 1/1, II 0/2 (48 h; T-20261121 due 22:00 on
    // the 22nd, still open), III 0/1 (due 10:00 on the 20th, still open), IV 1/1.
    let sla = w["sla"].as_array().unwrap();
    let got: Vec<(u64, u64, u64, u64)> = sla
        .iter()
        .map(|s| {
            (
                s["respond"]["met"].as_u64().unwrap(),
                s["respond"]["judged"].as_u64().unwrap(),
                s["resolve"]["met"].as_u64().unwrap(),
                s["resolve"]["judged"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [(1, 1, 1, 1), (0, 2, 0, 2), (1, 1, 0, 1), (1, 1, 1, 1)]
    );
    close(&sla[0]["respond"]["pct"], 100.0);
    close(&sla[1]["respond"]["pct"], 0.0);
    close(&sla[2]["resolve"]["pct"], 0.0);
    // One commit touched config/ in the week.
    let changes = w["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["summary"], "config: sw-core-1 saved");
    assert_eq!(changes[0]["files"], json!(["config/sw-core-1.cfg"]));
    // Damaged and unknown-schema records are named and counted.
    let skipped = r["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 2);
    assert!(
        skipped[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("20261121T120000.000Z-beef.json")
    );
    assert!(
        skipped[0]["reason"]
            .as_str()
            .unwrap()
            .contains("unknown schema 99")
    );
    assert!(
        skipped[1]["reason"]
            .as_str()
            .unwrap()
            .starts_with("damaged")
    );
    assert!(
        stderr(&out)
            .contains("skipped record inspect/host/web01/2026/11/20261121T120000.000Z-dead.json")
    );
    // Written and committed.
    let md = std::fs::read_to_string(env.records.join("reports/weekly/2026-W47.md")).unwrap();
    assert!(
        md.contains("| web01 | / | 976.6 KiB | 46.0 % (40.0 % at start) | 9.8 KiB | 54.0 |"),
        "{md}"
    );
    assert!(md.contains("2 record(s) skipped"));
    assert!(
        md.contains("| pg-main | 6 | 5 | 1 | 1 | failed 2026-11-19, missing 2026-11-20 |"),
        "{md}"
    );
    assert!(
        md.contains("## Problems found")
            && md.contains("## Problems solved")
            && md.contains("## Next-step plan")
    );
    assert_eq!(
        git(&env.records, &["log", "-1", "--format=%s"]).trim(),
        "report: weekly 2026-W47"
    );
    assert_eq!(
        git(&env.records, &["show", "--name-only", "--format=", "HEAD"]).trim(),
        "reports/weekly/2026-W47.html\nreports/weekly/2026-W47.md"
    );
}

#[test]
fn quarterly_figures_equal_the_hand_computed_ones() {
    let env = fleet();
    env.write(
        "plan.md",
        "- replace the disks of db01\n- move backups off site\n",
    );
    let plan = env.dir.path().join("plan.md");
    let (r, _) = report_json(
        &env,
        &[
            "quarterly",
            "--quarter",
            "2026-Q4",
            "--plan",
            plan.to_str().unwrap(),
        ],
    );
    let q = &r["quarterly"];
    // Availability: web01 9 inspections (15–23 Nov), all answered → 100 %;
    // db01 4 daily runs (19–22): the crit of the 20th is a problem found, not
    // downtime; the 22nd did not answer: 1 day down of 4 covered → 75 %.
    let av = q["availability"].as_array().unwrap();
    assert_eq!(
        (
            av[0]["target"].as_str(),
            av[0]["inspections"].as_u64(),
            av[0]["available"].as_u64()
        ),
        (Some("db01"), Some(4), Some(3))
    );
    close(&av[0]["pct"], 75.0);
    assert_eq!(
        (av[1]["target"].as_str(), av[1]["inspections"].as_u64()),
        (Some("web01"), Some(9))
    );
    close(&av[1]["pct"], 100.0);
    // Incidents (received in Q4, consultations left out): I 2, II 3, III 3, IV 0.
    let counts = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| c["count"].as_u64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(counts(&q["incidents"]), [2, 3, 3, 0]);
    // Mean time to respond: 20+45+10+5+1560+15+20+10+30 = 1715 min over 9; to resolve:
    // 600+2880+10080+1440+3000+1440+120+360+720 = 20640 min over 9. Severity I: 15 and 480.
    let mt = q["mean_times"].as_array().unwrap();
    assert_eq!(mt[4]["severity"], "all");
    close(&mt[4]["respond_minutes"], 1715.0 / 9.0);
    close(&mt[4]["resolve_minutes"], 20640.0 / 9.0);
    close(&mt[0]["respond_minutes"], 15.0);
    close(&mt[0]["resolve_minutes"], 480.0);
    // SLA over the quarter. Respond: I 2/2, II 1/3 (00:30 on the dot is met), III 3/3, IV 1/1.
    // Resolve: I 2/2, II 1/3, III 2/3 (T-20261118 took 7 days), IV 1/1.
    let sla = q["sla"].as_array().unwrap();
    let got: Vec<(u64, u64, u64, u64)> = sla
        .iter()
        .map(|s| {
            (
                s["respond"]["met"].as_u64().unwrap(),
                s["respond"]["judged"].as_u64().unwrap(),
                s["resolve"]["met"].as_u64().unwrap(),
                s["resolve"]["judged"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [(2, 2, 2, 2), (1, 3, 1, 3), (3, 3, 2, 3), (1, 1, 1, 1)]
    );
    close(&sla[1]["respond"]["pct"], 100.0 / 3.0);
    close(&sla[2]["resolve"]["pct"], 200.0 / 3.0);
    // Every breach, by due time.
    let breaches: Vec<(String, String, i64)> = q["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["ticket"].as_str().unwrap().into(),
                b["clock"].as_str().unwrap().into(),
                b["late_minutes"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        breaches,
        [
            ("T-20261117-0001".into(), "respond".into(), 15),
            ("T-20261117-0001".into(), "resolve".into(), 24 * 60),
            ("T-20261118-0001".into(), "resolve".into(), 5 * 24 * 60),
            ("T-20261121-0001".into(), "respond".into(), 25 * 60 + 30),
            ("T-20261121-0001".into(), "resolve".into(), 26 * 60),
        ]
    );
    // Pareto: hardware 4, then the ties at 2 by name (diagnose …, software), configuration 1,
    // network 1; 10 in all. Cumulative 40, 60, 80, 90, 100; the first three reach the 80 % line.
    let pareto: Vec<(String, u64, f64, bool)> = q["pareto"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["cause"].as_str().unwrap().into(),
                p["count"].as_u64().unwrap(),
                p["cumulative_pct"].as_f64().unwrap(),
                p["vital"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        pareto,
        [
            ("hardware".into(), 4, 40.0, true),
            ("diagnose no-network: escalated".into(), 2, 60.0, true),
            ("software".into(), 2, 80.0, true),
            ("configuration".into(), 1, 90.0, false),
            ("network".into(), 1, 100.0, false),
        ]
    );
    // Recurring, most first, then by name: db01 and web01 had three tickets each, sw-core-1 two;
    // web01's load was raised twice.
    let rec: Vec<(String, u64)> = q["recurring"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["what"].as_str().unwrap().into(),
                x["times"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rec,
        [
            (
                "db01: tickets T-20261005-0001, T-20261117-0001, T-20261201-0001".into(),
                3
            ),
            (
                "web01: tickets T-20261116-0001, T-20261118-0001, T-20261121-0001".into(),
                3
            ),
            (
                "sw-core-1: tickets T-20261010-0001, T-20261205-0001".into(),
                2
            ),
            ("web01: load.per_core".into(), 2),
        ]
    );
    assert_eq!(
        r["plan"],
        json!(["replace the disks of db01", "move backups off site"])
    );
    let html = std::fs::read_to_string(env.records.join("reports/quarterly/2026-Q4.html")).unwrap();
    for id in ["chart-pareto", "chart-sla"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} missing");
    }
    assert!(!html.contains("http:") && !html.contains("https:") && !html.contains("<script"));
}

#[test]
fn the_same_records_give_a_byte_identical_report() {
    let env = fleet();
    let first = ops(&env, &["report", "weekly", "--week", "2026-W47"]);
    let md1 = std::fs::read(env.records.join("reports/weekly/2026-W47.md")).unwrap();
    let html1 = std::fs::read(env.records.join("reports/weekly/2026-W47.html")).unwrap();
    let commits = commit_count(&env.records);
    let second = ops(&env, &["report", "weekly", "--week", "2026-W47"]);
    assert_eq!(stdout(&first), stdout(&second));
    assert_eq!(
        md1,
        std::fs::read(env.records.join("reports/weekly/2026-W47.md")).unwrap()
    );
    assert_eq!(
        html1,
        std::fs::read(env.records.join("reports/weekly/2026-W47.html")).unwrap()
    );
    assert_eq!(
        commit_count(&env.records),
        commits,
        "an unchanged report makes no commit"
    );
    assert!(stderr(&second).contains("unchanged"));
    // A copy of the records elsewhere gives the same bytes too.
    let other = Env::new();
    let copy = Command::new("cp")
        .arg("-a")
        .arg(&env.records)
        .arg(&other.records)
        .output()
        .unwrap();
    assert_success(&copy);
    std::fs::remove_dir_all(other.records.join("reports")).unwrap();
    ops(&other, &["report", "weekly", "--week", "2026-W47"]);
    assert_eq!(
        md1,
        std::fs::read(other.records.join("reports/weekly/2026-W47.md")).unwrap()
    );
    assert_eq!(
        html1,
        std::fs::read(other.records.join("reports/weekly/2026-W47.html")).unwrap()
    );
}

#[test]
fn daily_report_shows_the_day_and_what_changed() {
    let env = fleet();
    let (r, _) = report_json_with(&env, &["daily", "--date", "2026-11-20"], false);
    let d = &r["daily"];
    let rows: Vec<(String, String)> = d["inspections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["target"].as_str().unwrap().into(),
                i["status"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("db01".into(), "crit".into()),
            ("web01".into(), "ok".into())
        ]
    );
    let new: Vec<&str> = d["new_findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["check"].as_str().unwrap())
        .collect();
    let cleared: Vec<&str> = d["cleared_findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["check"].as_str().unwrap())
        .collect();
    assert_eq!(
        (new, cleared),
        (vec!["service.failed"], vec!["load.per_core"])
    );
    // Open at the end of the 20th: T-20261118 (resolution overdue since 10:00) and T-20261120
    // (answered, but no plan given within 2 h: overdue since 12:00).
    let open: Vec<(&str, bool)> = d["open_tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["id"].as_str().unwrap(), t["overdue"].as_bool().unwrap()))
        .collect();
    assert_eq!(open, [("T-20261118-0001", true), ("T-20261120-0001", true)]);
    assert_eq!(d["overdue_tickets"], 2);
    assert_eq!(d["backups"][0]["state"], "missing");
    let (r, _) = report_json_with(&env, &["daily", "--date", "2026-11-19"], false);
    assert_eq!(r["daily"]["backups"][0]["state"], "failed");
    assert!(env.records.join("reports/daily/2026-11-19.html").is_file());
}

#[test]
fn default_periods_are_the_last_complete_ones() {
    let env = fleet();
    let out = ops(
        &env,
        &["report", "weekly", "--no-record", "--format", "json"],
    );
    // 2 January 2027 lies in 2026-W53 (28 December to 3 January), not complete yet.
    assert_eq!(json(&out)["period"], "2026-W52");
    let out = ops(
        &env,
        &["report", "quarterly", "--no-record", "--format", "json"],
    );
    assert_eq!(json(&out)["period"], "2026-Q4");
    assert!(
        !env.records.join("reports").exists(),
        "--no-record writes nothing"
    );
}

/// Chromium, if installed (Debian package `chromium`).
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Headless Chromium with a throwaway profile and no background traffic.
fn headless(browser: &str, profile: &Path) -> Command {
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--virtual-time-budget=3000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

#[test]
fn html_charts_render_in_chromium_and_nothing_is_fetched() {
    let Some(browser) = chromium() else {
        eprintln!("SKIPPED: chromium is not installed (Debian package `chromium`)");
        return;
    };
    let env = fleet();
    ops(&env, &["report", "weekly", "--week", "2026-W47"]);
    ops(&env, &["report", "quarterly", "--quarter", "2026-Q4"]);
    for (page, charts) in [
        (
            "reports/weekly/2026-W47.html",
            &["chart-disk", "chart-sla"][..],
        ),
        (
            "reports/quarterly/2026-Q4.html",
            &["chart-sla", "chart-pareto"][..],
        ),
    ] {
        let html = std::fs::read_to_string(env.records.join(page)).unwrap();
        assert!(!html.contains("<script"), "{page} needs no script");
        // The page as it is, with a probe added that runs after load: the size of every
        // chart and every resource the page fetched. The page's own CSP (which forbids
        // fetching anything) is taken out so that only the page's content is tested.
        let csp = html
            .find("<meta http-equiv=\"Content-Security-Policy\"")
            .unwrap();
        let csp_end = csp + html[csp..].find('>').unwrap() + 1;
        let probe = "<script>window.addEventListener('load',function(){var c=[].map.call(\
            document.querySelectorAll('svg.chart'),function(s){var r=s.getBoundingClientRect();\
            return s.id+' '+Math.round(r.width)+'x'+Math.round(r.height)});document.body.setAttribute(\
            'data-probe',JSON.stringify({charts:c,fetched:performance.getEntriesByType('resource')\
            .map(function(e){return e.name})}))});</script></body>";
        let probed = format!("{}{}", &html[..csp], &html[csp_end..]).replace("</body>", probe);
        let file = env.dir.path().join("probed.html");
        std::fs::write(&file, probed).unwrap();
        let profile = tempfile::tempdir().unwrap();
        let out = headless(browser, profile.path())
            .arg("--dump-dom")
            .arg(format!("file://{}", file.display()))
            .output()
            .unwrap();
        assert_success(&out);
        let dom = stdout(&out);
        let start = dom.find("data-probe=\"").expect("the probe ran") + "data-probe=\"".len();
        let raw = &dom[start..start + dom[start..].find('"').unwrap()];
        let probe: Value = serde_json::from_str(&raw.replace("&quot;", "\"")).unwrap();
        assert_eq!(probe["fetched"], json!([]), "{page} fetched something");
        let sizes: Vec<&str> = probe["charts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(sizes.len(), charts.len(), "{page}: {sizes:?}");
        for (id, got) in charts.iter().zip(&sizes) {
            let (name, size) = got.split_once(' ').unwrap();
            assert_eq!(name, *id);
            let (w, h) = size.split_once('x').unwrap();
            let (w, h): (u32, u32) = (w.parse().unwrap(), h.parse().unwrap());
            assert!(w > 100 && h > 50, "{page}: chart {id} is {w}x{h}");
        }
        // And the page itself, untouched, renders to a screenshot.
        let shot = env.dir.path().join("shot.png");
        let out = headless(browser, profile.path())
            .arg(format!("--screenshot={}", shot.display()))
            .arg("--window-size=1000,2400")
            .arg(format!("file://{}", env.records.join(page).display()))
            .output()
            .unwrap();
        assert_success(&out);
        assert!(
            std::fs::metadata(&shot).unwrap().len() > 10_000,
            "{page}: empty screenshot"
        );
        if let Some(dir) = std::env::var_os("OPS_REPORT_SHOTS") {
            std::fs::copy(&shot, Path::new(&dir).join(page.replace('/', "_") + ".png")).unwrap();
        }
    }
}

#[test]
fn the_plan_comes_from_ops_toml_and_a_bad_plan_file_is_named() {
    let env = fleet();
    let cfg = env.records.join("ops.toml");
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str("\n[report]\nplan = \"\"\"\n- add disks to web01 before it fills\n- test restores monthly\n\"\"\"\n");
    std::fs::write(&cfg, text).unwrap();
    let out = ops(
        &env,
        &[
            "report",
            "weekly",
            "--week",
            "2026-W47",
            "--no-record",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        json(&out)["plan"],
        json!([
            "add disks to web01 before it fills",
            "test restores monthly"
        ])
    );
    let out = ops(
        &env,
        &["report", "weekly", "--plan", "/nonexistent/plan.md"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("failed to read the plan at: /nonexistent/plan.md"));
    let out = ops(&env, &["report", "weekly", "--week", "2026-W99"]);
    assert_eq!(out.status.code(), Some(64));
    assert!(stderr(&out).contains("not an ISO week like 2026-W47"));
}

#[test]
fn one_off_verifications_are_listed_once_and_never_as_missing_days() {
    let env = Env::new();
    env.init_records();
    let bk = env.dir.path().join("bk");
    let src = env.write("srv/app.conf", "listen 8080\n");
    let cfg = env.records.join("ops.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        format!(
            "{text}\n[[backup.set]]\nname = \"app\"\npath = \"{}/*.tar.zst\"\nkind = \"tar.zst\"\n\
             max_age = \"5000d\"\nretention = 1\n",
            bk.display()
        ),
    )
    .unwrap();
    // A take, the set verified, and the same archive verified on its own
    // (what a change script does), all through the binary, at NOW.
    let dir = bk.to_str().unwrap();
    let out = ops(
        &env,
        &["backup", "take", "--dir", dir, src.to_str().unwrap()],
    );
    assert_success(&out);
    let archive = stdout(&out).trim_end().to_string();
    let out = ops(&env, &["backup", "verify", "app"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = ops(&env, &["backup", "verify", &archive]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with(&format!("{archive}: ok")),
        "{}",
        stdout(&out)
    );
    // A one-off recorded before records said so: a PATH is its own pattern.
    let old = json!({
        "schema": 1, "run": "20270101T020000Z-0001", "set": "/old/etc.tar.zst",
        "pattern": "/old/etc.tar.zst", "host": "db01",
        "started": "2027-01-01T02:00:00Z", "finished": "2027-01-01T02:01:00Z",
        "status": "crit", "backups": 1, "verified": [], "bytes_read": 0,
        "findings": [{"check": "backup.readable", "status": "crit", "message": "cut short"}],
    });
    put(
        &env.records,
        "backup/verify/old-etc.tar.zst/2027/01/20270101T020000Z-0001.json",
        &serde_json::to_string_pretty(&old).unwrap(),
    );
    git(&env.records, &["add", "-A"]);
    git(&env.records, &["commit", "-qm", "an old one-off record"]);

    let sets = |rows: &Value| -> Vec<String> {
        rows.as_array()
            .unwrap()
            .iter()
            .map(|b| b["set"].as_str().unwrap().to_string())
            .collect()
    };
    let one_offs = |rows: &Value| -> Vec<(String, String)> {
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["path"].as_str().unwrap().to_string(),
                    r["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let want = vec![
        ("/old/etc.tar.zst".to_string(), "crit".to_string()),
        (archive.clone(), "ok".to_string()),
    ];
    for (args, key, md) in [
        (
            vec!["weekly", "--week", "2026-W53"],
            "weekly",
            "reports/weekly/2026-W53.md",
        ),
        (
            vec!["quarterly", "--quarter", "2027-Q1"],
            "quarterly",
            "reports/quarterly/2027-Q1.md",
        ),
    ] {
        let (r, _) = report_json_with(&env, &args, false);
        let x = &r[key];
        assert_eq!(
            sets(&x["backups"]),
            ["app"],
            "{key}: only the set of ops.toml"
        );
        assert_eq!(one_offs(&x["one_off_verifications"]), want, "{key}");
        let md = std::fs::read_to_string(env.records.join(md)).unwrap();
        assert_eq!(md.matches("## One-off verifications").count(), 1, "{md}");
        assert_eq!(md.matches(archive.as_str()).count(), 1, "{md}");
        assert_eq!(md.matches("/old/etc.tar.zst").count(), 1, "{md}");
        assert!(md.contains("backup.readable crit: cut short"), "{md}");
    }
    let (r, out) = report_json_with(&env, &["daily", "--date", "2027-01-02"], false);
    let d = &r["daily"];
    assert_eq!(sets(&d["backups"]), ["app"]);
    assert_eq!(d["backups"][0]["state"], "verified");
    assert_eq!(one_offs(&d["one_off_verifications"]), want[1..]);
    assert!(out.status.success());
    let out = ops(
        &env,
        &["report", "daily", "--date", "2027-01-02", "--no-record"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out)
            .contains("backups: 1 verified, 0 failed, 0 missing; 1 one-off verification(s)"),
        "{}",
        stdout(&out)
    );
}

/// `ops report …` at `now` (its own clock, not NOW).
fn report_at(env: &Env, now: &str, args: &[&str]) -> Value {
    let mut a = vec!["report"];
    a.extend_from_slice(args);
    a.extend(["--format", "json"]);
    let out = env
        .ops()
        .env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", now)
        .env("TZ", "UTC")
        .args(&a)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr:\n{}", stderr(&out));
    json(&out)
}

/// Issue 15.1: a Beijing team's 06:30 daily report (22:30 UTC the day
/// before) is of today, Beijing time, and holds the 06:00 inspection.
#[test]
fn the_0630_daily_report_of_a_shanghai_team_holds_the_0600_inspection() {
    let env = Env::new();
    env.init_records();
    let rec = json!({
        "schema": 1, "kind": "host", "run": "20261130T220000.000Z-0001", "target": "web01",
        "address": "local", "started": "2026-11-30T22:00:00Z", "duration_ms": 120,
        "status": "warn",
        "findings": [{"check": "load", "status": "warn", "message": "load is high"}],
    });
    put(
        &env.records,
        "inspect/host/web01/2026/11/20261130T220000.000Z-0001.json",
        &serde_json::to_string_pretty(&rec).unwrap(),
    );
    // The day before, Beijing time (23:59 CST on 30 November): not today's.
    let late = json!({
        "schema": 1, "kind": "host", "run": "20261130T155900.000Z-0001", "target": "db01",
        "address": "local", "started": "2026-11-30T15:59:00Z", "duration_ms": 120,
        "status": "ok", "findings": [],
    });
    put(
        &env.records,
        "inspect/host/db01/2026/11/20261130T155900.000Z-0001.json",
        &serde_json::to_string_pretty(&late).unwrap(),
    );
    put(
        &env.records,
        "ops.toml",
        "[report]\ntimezone = \"Asia/Shanghai\"\n",
    );
    let now = "2026-11-30T22:30:00Z";
    let r = report_at(&env, now, &["daily"]);
    assert_eq!(r["period"], "2026-12-01");
    assert_eq!(r["timezone"], "Asia/Shanghai");
    assert_eq!(r["from"], "2026-11-30T16:00:00Z");
    assert_eq!(r["to"], "2026-12-01T16:00:00Z");
    assert_eq!(r["as_of"], now);
    let targets: Vec<&str> = r["daily"]["inspections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets, ["web01"]);
    let md = std::fs::read_to_string(env.records.join("reports/daily/2026-12-01.md")).unwrap();
    assert!(
        md.contains("As of 2026-12-01 06:30 CST, period not finished"),
        "{md}"
    );
    assert!(
        md.contains("2026-12-01 06:00 CST"),
        "the run in local time: {md}"
    );

    // --day names another whole day, finished: no "as of".
    let r = report_at(&env, now, &["daily", "--day", "2026-11-30"]);
    let targets: Vec<&str> = r["daily"]["inspections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets, ["db01"]);
    assert!(r.get("as_of").is_none(), "{r}");

    // A zone that is not an IANA name stops at its line.
    put(
        &env.records,
        "ops.toml",
        "[report]\ntimezone = \"Beijing\"\n",
    );
    let out = ops(&env, &["report", "daily"]);
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(stderr(&out).contains("ops.toml:2:"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unknown time zone \"Beijing\""),
        "{}",
        stderr(&out)
    );
}

/// Issue 15.2: a report of an unfinished quarter says so, and judges the
/// open tickets as of now: one not yet due is not late, one past due is
/// late by the time to now.
#[test]
fn an_unfinished_quarter_is_marked_and_no_ticket_not_yet_due_is_late() {
    let env = Env::new();
    env.init_records();
    put(
        &env.records,
        "ops.toml",
        "[report]\ntimezone = \"Asia/Shanghai\"\n",
    );
    let r = env.records.as_path();
    // Severity III, due 48 h after 10:00 on 1 December: not due yet.
    ticket(
        r,
        "T-20261201-0001",
        "III",
        "defect-technical",
        "2026-12-01T10:00:00Z",
        "\"web01\"",
        &[("responded", "2026-12-01T10:10:00Z", "")],
    );
    // Severity I, resolve due 12 h after 20:00 on 30 November: 08:00 today.
    ticket(
        r,
        "T-20261130-0001",
        "I",
        "defect-technical",
        "2026-11-30T20:00:00Z",
        "\"web01\"",
        &[("responded", "2026-11-30T20:10:00Z", "")],
    );
    let now = "2026-12-01T13:40:00Z"; // 21:40 CST
    let q = report_at(&env, now, &["quarterly", "--quarter", "2026-Q4"]);
    assert_eq!(q["as_of"], now);
    let breaches: Vec<(String, String, i64)> = q["quarterly"]["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["ticket"].as_str().unwrap().to_string(),
                b["clock"].as_str().unwrap().to_string(),
                b["late_minutes"].as_i64().unwrap(),
            )
        })
        .collect();
    // 08:00 to 13:40 UTC: 340 minutes late; the other ticket is not late.
    assert_eq!(
        breaches,
        [("T-20261130-0001".to_string(), "resolve".to_string(), 340)]
    );
    let md = std::fs::read_to_string(env.records.join("reports/quarterly/2026-Q4.md")).unwrap();
    assert!(
        md.contains("As of 2026-12-01 21:40 CST, period not finished"),
        "{md}"
    );
    assert!(!md.contains("T-20261201-0001 | III | resolve"), "{md}");
}

/// A host inspection at `at`, answered or not, with its uptime.
fn run_at(root: &Path, target: &str, at: &str, answered: bool, uptime_s: u64) {
    let t: chrono::DateTime<chrono::Utc> = at.parse().unwrap();
    let run = format!("{}-0001", t.format("%Y%m%dT%H%M%S%.3fZ"));
    let (status, findings, metrics) = if answered {
        ("ok", json!([]), json!({"uptime_seconds": uptime_s}))
    } else {
        (
            "unknown",
            json!([{"check": "reach", "status": "unknown", "message": "connection timed out"}]),
            Value::Null,
        )
    };
    let rec = json!({
        "schema": 1, "kind": "host", "run": run, "target": target, "address": "local",
        "started": at, "duration_ms": 100, "status": status, "findings": findings,
        "metrics": metrics,
    });
    put(
        root,
        &format!("inspect/host/{target}/{}/{run}.json", t.format("%Y/%m")),
        &serde_json::to_string_pretty(&rec).unwrap(),
    );
}

/// Issue 15.3: availability is the share of the runs' time in which the
/// target answered, with a reboot seen from uptime counted as an outage; a
/// crit finding is not downtime.
#[test]
fn availability_counts_unanswered_runs_and_reboots_as_hand_computed() {
    let env = Env::new();
    env.init_records();
    let r = env.records.as_path();
    // Eight runs six hours apart from 16 November 00:00: 48 hours covered.
    let at = |k: i64| {
        ("2026-11-16T00:00:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
            + chrono::Duration::hours(6 * k))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    for k in 0..8 {
        // down2 did not answer in runs 3 and 4: 12 of 48 hours → 75 %.
        run_at(
            r,
            "down2",
            &at(k),
            !(3..=4).contains(&k),
            86_400 * 30 + 3600 * k as u64,
        );
        // reboot1 answered every run; at run 5 it had been up 2 hours, 4 hours
        // after the previous run saw it: 4 of 48 hours → 91.67 %.
        let uptime = match k {
            5 => 2 * 3600,
            6 | 7 => 2 * 3600 + 6 * 3600 * (k as u64 - 5),
            _ => 86_400 * 30 + 6 * 3600 * k as u64,
        };
        run_at(r, "reboot1", &at(k), true, uptime);
    }
    let q = report_at(
        &env,
        "2027-01-02T08:00:00Z",
        &["quarterly", "--quarter", "2026-Q4"],
    );
    let av = q["quarterly"]["availability"].as_array().unwrap();
    let of = |name: &str| av.iter().find(|a| a["target"] == name).unwrap().clone();
    let down2 = of("down2");
    assert_eq!(down2["inspections"], 8);
    assert_eq!(down2["available"], 6);
    assert_eq!(down2["down_minutes"], 12 * 60);
    assert_eq!(down2["covered_minutes"], 48 * 60);
    close(&down2["pct"], 75.0);
    let reboot1 = of("reboot1");
    assert_eq!(reboot1["reboots"], 1);
    assert_eq!(reboot1["down_minutes"], 4 * 60);
    close(&reboot1["pct"], 100.0 * (1.0 - 4.0 / 48.0));
    let md = std::fs::read_to_string(env.records.join("reports/quarterly/2026-Q4.md")).unwrap();
    assert!(
        md.contains("A crit finding is a problem found, not downtime."),
        "the definition is in the report: {md}"
    );
}

/// Issue 15.3: the weekly tables hold the databases (connections, space,
/// replication lag) and the network devices (CPU, memory, error counter
/// growth), as hand-computed from their inspection records.
#[test]
fn weekly_tables_hold_databases_and_network_devices() {
    let env = Env::new();
    env.init_records();
    let r = env.records.as_path();
    let put_run = |kind: &str, target: &str, day: &str, metrics: Value| {
        let run = format!("{}T060000.000Z-0001", day.replace('-', ""));
        let rec = json!({
            "schema": 1, "kind": kind, "run": run, "target": target, "address": "x",
            "started": format!("{day}T06:00:00Z"), "duration_ms": 100, "status": "ok",
            "findings": [], "metrics": metrics,
        });
        put(
            r,
            &format!(
                "inspect/{kind}/{target}/{}/{}/{run}.json",
                &day[..4],
                &day[5..7]
            ),
            &serde_json::to_string_pretty(&rec).unwrap(),
        );
    };
    // pg01: 40, 90, 60 of 100 connections; 1000 → 1300 bytes; free 50 %, 20 %, 30 %; lag 1, 5, 2 s.
    for (day, used, size, avail, lag) in [
        ("2026-11-16", 40, 1000, 500, 1.0),
        ("2026-11-17", 90, 1200, 200, 5.0),
        ("2026-11-18", 60, 1300, 300, 2.0),
    ] {
        put_run(
            "db",
            "pg01",
            day,
            json!({
                "engine": "postgres", "version": "15", "connect_ms": 3,
                "connections": {"used": used, "max": 100},
                "databases": {"app": size - 100, "postgres": 100},
                "filesystems": [{"mount": "/var/lib/postgresql", "size": 1000, "available": avail}],
                "replication_lag_s": lag,
            }),
        );
    }
    // sw1: CPU 10, 30, 20; memory 50, 60, 70; errors 100 → 150 → cleared to 5: 50 + 5 = 55.
    for (day, cpu, mem, crc, input) in [
        ("2026-11-16", 10.0, 50.0, 60, 40),
        ("2026-11-17", 30.0, 60.0, 90, 60),
        ("2026-11-18", 20.0, 70.0, 5, 0),
    ] {
        put_run(
            "net",
            "sw1",
            day,
            json!({
                "platform": "cisco_ios", "cpu_pct": cpu, "memory_used_pct": mem,
                "counters": {"Gi0/1": {"crc": crc, "input_errors": input}},
            }),
        );
    }
    let w = report_at(
        &env,
        "2026-11-25T08:00:00Z",
        &["weekly", "--week", "2026-W47"],
    );
    let db = &w["weekly"]["databases"][0];
    assert_eq!(db["target"], "pg01");
    assert_eq!(db["samples"], 3);
    close(&db["connections_peak_pct"], 90.0);
    assert_eq!(db["size_first_bytes"], 1000);
    assert_eq!(db["size_last_bytes"], 1300);
    close(&db["free_min_pct"], 20.0);
    close(&db["replication_lag_max_s"], 5.0);
    let sw = &w["weekly"]["devices"][0];
    assert_eq!(sw["target"], "sw1");
    close(&sw["cpu_avg_pct"], 20.0);
    close(&sw["cpu_peak_pct"], 30.0);
    close(&sw["memory_avg_pct"], 60.0);
    close(&sw["memory_peak_pct"], 70.0);
    assert_eq!(sw["errors_growth"], 55);
    let md = std::fs::read_to_string(env.records.join("reports/weekly/2026-W47.md")).unwrap();
    assert!(md.contains("## Databases"), "{md}");
    assert!(md.contains("| pg01 | 3 | 90.0 % |"), "{md}");
    assert!(md.contains("## Network devices"), "{md}");
    assert!(
        md.contains("| sw1 | 3 | 20.0 % | 30.0 % | 60.0 % | 70.0 % | 55 |"),
        "{md}"
    );
}

/// Issue 15.3: "Changes made" also lists the backups taken for tickets and
/// changes; a take for neither is not work done for the customer.
#[test]
fn changes_made_lists_backups_taken_for_tickets_and_changes() {
    let env = Env::new();
    env.init_records();
    let take = |run: &str, name: &str, ticket: Option<&str>, started: &str| {
        let mut rec = json!({
            "schema": 1, "run": run, "name": name, "host": "web01",
            "started": started, "finished": started, "sources": ["/etc/nginx"],
            "size": 10, "files": 1, "bytes": 10, "status": "ok", "findings": [],
        });
        if let Some(t) = ticket {
            rec["ticket"] = json!(t);
        }
        put(
            &env.records,
            &format!("backup/take/2026/11/{run}-{name}.json"),
            &serde_json::to_string_pretty(&rec).unwrap(),
        );
    };
    take(
        "20261117T100000Z-0001",
        "nginx-conf",
        Some("T-20261117-0001"),
        "2026-11-17T10:00:00Z",
    );
    take(
        "20261118T100000Z-0001",
        "scratch",
        None,
        "2026-11-18T10:00:00Z",
    );
    let w = report_at(
        &env,
        "2026-11-25T08:00:00Z",
        &["weekly", "--week", "2026-W47"],
    );
    let taken = w["weekly"]["backups_taken"].as_array().unwrap();
    assert_eq!(taken.len(), 1, "{taken:?}");
    assert_eq!(taken[0]["name"], "nginx-conf");
    assert_eq!(taken[0]["ticket"], "T-20261117-0001");
    let md = std::fs::read_to_string(env.records.join("reports/weekly/2026-W47.md")).unwrap();
    assert!(
        md.contains("| nginx-conf | T-20261117-0001 |  | web01 | ok | 2026-11-17 10:00 UTC |"),
        "{md}"
    );
    assert!(!md.contains("scratch"), "{md}");
}
