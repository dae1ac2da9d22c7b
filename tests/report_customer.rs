//! Reports per customer: `customer` on inventory entries and tickets,
//! `--customer NAME` for that customer's part alone, and the header and
//! sign-off lines from `[report]` in ops.toml.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use std::process::{Output, Stdio};
use support::*;

const NOW: &str = "2026-11-25T08:00:00Z";
const BANK: &str = "北京银行";

fn ops(env: &Env, args: &[&str]) -> Output {
    env.ops()
        .env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", NOW)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn inspection(root: &Path, target: &str, day: &str, cpu: f64) {
    let (y, m, d) = (&day[0..4], &day[5..7], &day[8..10]);
    let run = format!("{y}{m}{d}T060000.000Z-0001");
    let rec = json!({
        "schema": 1, "kind": "host", "run": run, "target": target, "address": "local",
        "started": format!("{day}T06:00:00Z"), "duration_ms": 120, "status": "ok",
        "findings": [{"check": "fs.usage", "subject": "/", "status": "ok", "message": "fine"}],
        "metrics": {"cpu_busy_pct": cpu, "mem_used_pct": 40.0, "filesystems": []},
    });
    put(
        root,
        &format!("inspect/host/{target}/{y}/{m}/{run}.json"),
        &rec.to_string(),
    );
}

fn verify(root: &Path, set: &str, host: &str, day: &str) {
    let run = format!("{}T020000Z-0001", day.replace('-', ""));
    let rec = json!({
        "schema": 1, "run": run, "set": set, "pattern": "/backup/*.dump", "host": host,
        "started": format!("{day}T02:00:00Z"), "finished": format!("{day}T02:01:00Z"),
        "status": "ok", "backups": 7, "verified": [], "bytes_read": 0,
        "findings": [{"check": "backup.fresh", "status": "ok", "message": "fresh"}],
    });
    put(
        root,
        &format!(
            "backup/verify/{set}/{}/{}/{run}.json",
            &day[..4],
            &day[5..7]
        ),
        &rec.to_string(),
    );
}

fn ticket(root: &Path, id: &str, customer: &str, received: &str) {
    let month = format!("{}-{}", &id[2..6], &id[6..8]);
    let text = format!(
        "schema = 1\nid = \"{id}\"\ncustomer = \"{customer}\"\ncontact = \"Zhang Wei\"\nchannel = \"hotline\"\n\
severity = \"III\"\ncategory = \"defect-technical\"\nproblem = \"problem of {id}\"\nreceived = {received}\n\
targets = []\nengineer = \"Li Na\"\n\n[[event]]\nkind = \"created\"\nat = {received}\nby = \"lina\"\n"
    );
    put(root, &format!("tickets/{month}/{id}.toml"), &text);
}

/// Two customers: web01 and the set web-files are ACME's (the default),
/// db01 and the set pg-main the bank's; each has one ticket in 2026-W47.
fn fleet() -> Env {
    let env = Env::new();
    env.init_records();
    let r = env.records.as_path();
    put(
        r,
        "inventory.toml",
        &format!(
            "[defaults]\ncustomer = \"ACME\"\n\n[[host]]\nname = \"web01\"\n\n\
[[host]]\nname = \"db01\"\ncustomer = \"{BANK}\"\n"
        ),
    );
    let cfg = r.join("ops.toml");
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str(&format!(
        "\n[[backup.set]]\nname = \"pg-main\"\npath = \"/backup/pg/*.dump\"\nhost = \"db01\"\n\n\
[[backup.set]]\nname = \"web-files\"\npath = \"/backup/web/*.tar\"\nhost = \"web01\"\n\n\
[report]\ncompany = \"华信运维\"\ncontract = \"HT-2026-001\"\nauthor = \"张伟\"\nreviewer = \"李娜\"\n\n\
[report.contracts]\n\"{BANK}\" = \"HT-2026-017\"\n"
    ));
    std::fs::write(&cfg, text).unwrap();
    for day in 16..=20 {
        let day = format!("2026-11-{day}");
        inspection(r, "web01", &day, 10.0);
        inspection(r, "db01", &day, 70.0);
        verify(r, "pg-main", "db01", &day);
        verify(r, "web-files", "web01", &day);
    }
    ticket(r, "T-20261117-0001", "ACME", "2026-11-17T09:00:00Z");
    ticket(r, "T-20261118-0001", BANK, "2026-11-18T09:00:00Z");
    git(r, &["add", "-A"]);
    git(r, &["commit", "-qm", "seed"]);
    env
}

fn week_json(env: &Env, customer: Option<&str>) -> Value {
    let mut args = vec![
        "report",
        "weekly",
        "--week",
        "2026-W47",
        "--no-record",
        "--format",
        "json",
    ];
    if let Some(c) = customer {
        args.extend(["--customer", c]);
    }
    let out = ops(env, &args);
    assert_success(&out);
    json(&out)
}

fn names(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_customer_report_holds_that_customers_hosts_backups_and_tickets_alone() {
    let env = fleet();
    let all = week_json(&env, None);
    assert_eq!(names(&all["weekly"]["hosts"], "target"), ["db01", "web01"]);
    assert_eq!(all["weekly"]["tickets"]["opened_total"], 2);

    let bank = week_json(&env, Some(BANK));
    assert_eq!(names(&bank["weekly"]["hosts"], "target"), ["db01"]);
    assert_eq!(bank["weekly"]["hosts"][0]["cpu_avg_pct"], 70.0);
    assert_eq!(names(&bank["weekly"]["backups"], "set"), ["pg-main"]);
    assert_eq!(bank["weekly"]["tickets"]["opened_total"], 1);
    assert!(
        bank["problems_found"]
            .to_string()
            .contains("T-20261118-0001")
    );
    assert!(
        !bank["problems_found"]
            .to_string()
            .contains("T-20261117-0001")
    );
    assert_eq!(
        bank["cover"],
        json!({"company": "华信运维", "customer": BANK, "contract": "HT-2026-017",
               "author": "张伟", "reviewer": "李娜"})
    );

    let acme = week_json(&env, Some("ACME"));
    assert_eq!(names(&acme["weekly"]["hosts"], "target"), ["web01"]);
    assert_eq!(names(&acme["weekly"]["backups"], "set"), ["web-files"]);
    assert_eq!(acme["weekly"]["tickets"]["opened_total"], 1);
    // The default contract number, as no [report.contracts] entry names ACME.
    assert_eq!(acme["cover"]["contract"], "HT-2026-001");
}

#[test]
fn a_customer_report_is_written_under_its_own_directory_with_header_and_sign_off() {
    let env = fleet();
    let out = ops(
        &env,
        &["report", "weekly", "--week", "2026-W47", "--customer", BANK],
    );
    assert_success(&out);
    let md_path = env
        .records
        .join(format!("reports/weekly/{BANK}/2026-W47.md"));
    let md = std::fs::read_to_string(&md_path).unwrap();
    assert!(!env.records.join("reports/weekly/2026-W47.md").exists());
    for row in [
        "| Maintenance company | 华信运维 |",
        &format!("| Customer | {BANK} |"),
        "| Contract number | HT-2026-017 |",
        "| Report period | 2026-W47 (2026-11-16 – 2026-11-22) |",
        "| Written by | 张伟 |",
        "| Reviewed by | 李娜 |",
        "## Sign-off",
        "| Maintenance engineer | 张伟 |  |  |",
        "| Technical director | 李娜 |  |  |",
        "| Customer representative |  |  |  |",
    ] {
        assert!(md.contains(row), "{row:?} missing in:\n{md}");
    }
    assert!(!md.contains("web01"), "{md}");
    let log = git(
        &env.records,
        &[
            "-c",
            "core.quotePath=false",
            "log",
            "-1",
            "--format=%s",
            "--name-only",
        ],
    );
    assert!(
        log.contains(&format!("report: weekly 2026-W47 for {BANK}")),
        "{log}"
    );
    assert!(
        log.contains(&format!("reports/weekly/{BANK}/2026-W47.html")),
        "{log}"
    );

    // In Chinese the header and the sign-off speak the paper form's words.
    let out = ops(
        &env,
        &[
            "report",
            "weekly",
            "--week",
            "2026-W47",
            "--customer",
            BANK,
            "--lang",
            "zh-CN",
        ],
    );
    assert_success(&out);
    let md = std::fs::read_to_string(&md_path).unwrap();
    for row in [
        "| 维护单位 | 华信运维 |",
        "| 合同编号 | HT-2026-017 |",
        "| 编写人 | 张伟 |",
        "| 审核人 | 李娜 |",
        "## 签字确认",
        "| 维护工程师 | 张伟 |  |  |",
        "| 技术总监 | 李娜 |  |  |",
        "| 客户代表 |  |  |  |",
    ] {
        assert!(md.contains(row), "{row:?} missing in:\n{md}");
    }
}

#[test]
fn an_unknown_customer_is_refused_naming_the_known_ones_and_records_nothing() {
    let env = fleet();
    let before = commit_count(&env.records);
    let out = ops(
        &env,
        &[
            "report",
            "weekly",
            "--week",
            "2026-W47",
            "--customer",
            "ACEM",
        ],
    );
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("\"ACEM\""), "{err}");
    assert!(err.contains(&format!("ACME, {BANK}")), "{err}");
    let out = ops(
        &env,
        &[
            "report",
            "weekly",
            "--week",
            "2026-W47",
            "--customer",
            "../x",
        ],
    );
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains("slash"), "{}", stderr(&out));
    assert_eq!(commit_count(&env.records), before);
    assert!(!env.records.join("reports").exists());
}

#[test]
fn a_report_without_a_configured_cover_leaves_its_fields_blank_to_fill_by_hand() {
    let env = Env::new();
    env.init_records();
    let out = ops(&env, &["report", "weekly", "--week", "2026-W47"]);
    assert_success(&out);
    let md = std::fs::read_to_string(env.records.join("reports/weekly/2026-W47.md")).unwrap();
    assert!(md.contains("| Maintenance company |  |"), "{md}");
    assert!(md.contains("| Customer representative |  |  |  |"), "{md}");
}

#[test]
fn a_ticket_for_one_customers_targets_takes_that_customer_from_the_inventory() {
    let env = fleet();
    let without_customer: Vec<&str> = TICKET_NEW
        .iter()
        .copied()
        .filter(|a| *a != "--customer" && *a != "ACME")
        .collect();
    let mut args = without_customer.clone();
    args.extend(["--target", "db01", "--format", "json"]);
    let out = ops(&env, &args);
    assert_success(&out);
    let id = json(&out)["id"].as_str().unwrap().to_string();
    let show = ops(&env, &["ticket", "show", &id, "--format", "json"]);
    assert_eq!(json(&show)["customer"], BANK);
    // Targets of two customers name none: the flag is then required.
    let mut args = without_customer;
    args.extend(["--target", "db01", "--target", "web01"]);
    let out = ops(&env, &args);
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains("--customer"), "{}", stderr(&out));
}
