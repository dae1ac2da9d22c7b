//! Defective parts through the binary: `ticket part` records each part on its
//! ticket, `report parts` equals the hand-computed report, the quarterly
//! report holds it, and a part without a serial changes nothing.

mod support;

use serde_json::{Value, json};
use support::*;

fn ops_at(env: &Env, now: &str, args: &[&str]) -> std::process::Output {
    env.ops()
        .current_dir(&env.records)
        .env("OPS_NOW", now)
        .args(args)
        .output()
        .unwrap()
}

fn new_ticket(env: &Env, now: &str, customer: &str) -> String {
    let mut args: Vec<&str> = TICKET_NEW.to_vec();
    let i = args.iter().position(|a| *a == "--customer").unwrap();
    args[i + 1] = customer;
    let out = ops_at(env, now, &args);
    assert_success(&out);
    stdout(&out).trim().to_string()
}

fn part(env: &Env, now: &str, ticket: &str, kind: &str, model: &str, sn: &str, returned: bool) {
    let installed = format!("{sn}-NEW");
    let mut args = vec![
        "ticket",
        "part",
        ticket,
        "--kind",
        kind,
        "--model",
        model,
        "--removed-serial",
        sn,
        "--installed-serial",
        &installed,
        "--fault",
        "故障：坏道",
    ];
    if returned {
        args.push("--returned-to-vendor");
    }
    let out = ops_at(env, now, &args);
    assert_success(&out);
}

#[test]
fn the_parts_report_equals_the_hand_computed_one_and_the_quarterly_holds_it() {
    let env = Env::new();
    env.init_records();
    let acme = new_ticket(&env, "2026-10-05T08:00:00Z", "ACME");
    let bank = new_ticket(&env, "2026-11-02T08:00:00Z", "工商银行");
    let old = new_ticket(&env, "2026-09-28T08:00:00Z", "ACME");

    let before = commit_count(&env.records);
    part(
        &env,
        "2026-10-05T10:00:00Z",
        &acme,
        "disk",
        "ST4000NM0035",
        "ZC11",
        true,
    );
    part(
        &env,
        "2026-10-06T10:00:00Z",
        &acme,
        "hdd",
        "ST4000NM0035",
        "ZC12",
        false,
    );
    part(
        &env,
        "2026-10-06T11:00:00Z",
        &acme,
        "psu",
        "PWR-C1-350WAC",
        "LIT1",
        true,
    );
    part(
        &env,
        "2026-11-02T09:30:00Z",
        &bank,
        "disk",
        "HUS726T4TALA6L4",
        "V6G1",
        true,
    );
    // Replaced in the third quarter: not in Q4.
    part(
        &env,
        "2026-09-30T23:00:00Z",
        &old,
        "fan",
        "FAN-T3",
        "F001",
        false,
    );
    assert_eq!(
        commit_count(&env.records),
        before + 5,
        "one commit per part"
    );

    let out = ops_at(
        &env,
        "2027-01-02T09:00:00Z",
        &[
            "report",
            "parts",
            "--quarter",
            "2026-Q4",
            "--format",
            "json",
        ],
    );
    assert_success(&out);
    let report = json(&out);
    assert_eq!(report["period"], "2026-Q4");
    let parts = &report["parts"];
    assert_eq!(
        parts["counts"],
        json!([
            {"customer": "ACME", "kind": "disk", "count": 2, "returned_to_vendor": 1},
            {"customer": "ACME", "kind": "power-supply", "count": 1, "returned_to_vendor": 1},
            {"customer": "工商银行", "kind": "disk", "count": 1, "returned_to_vendor": 1},
        ])
    );
    assert_eq!(parts["total"], 4);
    assert_eq!(parts["returned_to_vendor"], 3);
    let serials: Vec<&str> = parts["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["removed_serial"].as_str().unwrap())
        .collect();
    assert_eq!(serials, ["ZC11", "ZC12", "LIT1", "V6G1"]);
    assert_eq!(parts["rows"][0]["ticket"], acme.as_str());
    assert_eq!(parts["rows"][0]["installed_serial"], "ZC11-NEW");
    assert_eq!(parts["rows"][0]["fault"], "故障：坏道");

    // One customer, as text.
    let out = ops_at(
        &env,
        "2027-01-02T09:00:00Z",
        &[
            "report",
            "parts",
            "--quarter",
            "2026-Q4",
            "--customer",
            "工商银行",
        ],
    );
    assert_success(&out);
    let text = stdout(&out);
    assert!(
        text.starts_with("# Defective parts report 2026-Q4\n"),
        "{text}"
    );
    assert!(
        text.contains("1 part(s) replaced, 1 returned to the vendor."),
        "{text}"
    );
    assert!(text.contains("| 工商银行 | disk | 1 | 1 |"), "{text}");
    assert!(!text.contains("ZC11"), "{text}");

    // The quarterly report holds the same section.
    let out = ops_at(
        &env,
        "2027-01-02T09:00:00Z",
        &[
            "report",
            "quarterly",
            "--quarter",
            "2026-Q4",
            "--format",
            "json",
        ],
    );
    assert_success(&out);
    let q: Value = json(&out);
    assert_eq!(q["quarterly"]["parts"], *parts);
    let md = std::fs::read_to_string(env.records.join("reports/quarterly/2026-Q4.md")).unwrap();
    assert!(md.contains("## Defective parts replaced"), "{md}");
    assert!(md.contains("| ACME | power-supply | 1 | 1 |"), "{md}");
    let html = std::fs::read_to_string(env.records.join("reports/quarterly/2026-Q4.html")).unwrap();
    assert!(html.contains("HUS726T4TALA6L4"));

    // The ticket shows its parts.
    let out = ops_at(&env, "2027-01-02T09:00:00Z", &["ticket", "show", &acme]);
    let show = stdout(&out);
    assert!(show.contains("PARTS REPLACED"), "{show}");
    assert!(show.contains("ZC12-NEW"), "{show}");
}

#[test]
fn a_part_without_a_serial_or_on_an_unknown_ticket_exits_78_and_changes_nothing() {
    let env = Env::new();
    env.init_records();
    let t = new_ticket(&env, "2026-10-05T08:00:00Z", "ACME");
    let file = git(&env.records, &["ls-files", "tickets"]);
    let path = env.records.join(file.trim());
    let content = std::fs::read_to_string(&path).unwrap();
    let before = commit_count(&env.records);
    let now = "2026-10-05T09:00:00Z";
    let base = |extra: &[&'static str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "ticket",
            "part",
            t.as_str(),
            "--kind",
            "disk",
            "--fault",
            "dead",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    for (args, says) in [
        (
            base(&["--model", "M", "--installed-serial", "B"]),
            "removed part's serial number",
        ),
        (
            base(&["--model", "M", "--removed-serial", "A"]),
            "installed part's serial number",
        ),
        (
            base(&[
                "--model",
                "M",
                "--removed-serial",
                " ",
                "--installed-serial",
                "B",
            ]),
            "removed part's serial number",
        ),
        (
            base(&["--removed-serial", "A", "--installed-serial", "B"]),
            "needs the model",
        ),
        (
            base(&[
                "--model",
                "M",
                "--removed-serial",
                "A",
                "--installed-serial",
                "A",
            ]),
            "same serial number",
        ),
        (
            base(&[
                "--model",
                "M",
                "--removed-serial",
                "A",
                "--installed-serial",
                "B",
                "--at",
                "2026-10-05T07:00:00Z",
            ]),
            "before the ticket was received",
        ),
    ] {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = ops_at(&env, now, &refs);
        assert_eq!(out.status.code(), Some(78), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    let out = ops_at(
        &env,
        now,
        &[
            "ticket",
            "part",
            "T-20261005-0099",
            "--kind",
            "disk",
            "--model",
            "M",
            "--removed-serial",
            "A",
            "--installed-serial",
            "B",
            "--fault",
            "x",
        ],
    );
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    // An unknown kind is a command-line mistake.
    let out = ops_at(
        &env,
        now,
        &[
            "ticket",
            "part",
            &t,
            "--kind",
            "flux-capacitor",
            "--model",
            "M",
            "--removed-serial",
            "A",
            "--installed-serial",
            "B",
            "--fault",
            "x",
        ],
    );
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains("power-supply"), "{}", stderr(&out));
    assert_eq!(commit_count(&env.records), before);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), content);
}
