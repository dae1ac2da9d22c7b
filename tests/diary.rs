//! `ops diary add|show` through the binary: entries committed with their
//! ticket links, listed by engineer and week, Chinese text kept, and bad
//! input refused with nothing written.

mod support;

use serde_json::Value;
use support::*;

fn diary(env: &Env, now: &str, args: &[&str]) -> std::process::Output {
    env.ops()
        .current_dir(&env.records)
        .env("OPS_NOW", now)
        .arg("diary")
        .args(args)
        .output()
        .unwrap()
}

fn new_ticket(env: &Env) -> String {
    let out = env
        .ops()
        .current_dir(&env.records)
        .args(TICKET_NEW)
        .output()
        .unwrap();
    assert_success(&out);
    stdout(&out).trim().to_string()
}

#[test]
fn a_week_of_entries_is_listed_by_engineer_with_hours_and_linked_to_its_ticket() {
    let env = Env::new();
    env.init_records();
    std::fs::write(
        env.records.join("inventory.toml"),
        "[[host]]\nname = \"web01\"\naddress = \"127.0.0.1\"\n",
    )
    .unwrap();
    let ticket = new_ticket(&env);
    let before = commit_count(&env.records);

    // Monday, Tuesday (two engineers), and the Sunday before (last week).
    let out = diary(
        &env,
        "2026-11-30T10:00:00Z",
        &[
            "add",
            "--engineer",
            "李娜",
            "--work",
            "更换 web01 电源模块 PSU2，阵列重建完成",
            "--hours",
            "3.5",
            "--customer",
            "ACME",
            "--site",
            "Pudong DC",
            "--ticket",
            &ticket,
            "--target",
            "web01",
        ],
    );
    assert_success(&out);
    let path = stdout(&out).trim().to_string();
    assert!(path.starts_with("diary/2026/2026-11-30-"), "{path}");
    assert_eq!(commit_count(&env.records), before + 1);
    // The ticket's side of the link is in the same commit.
    let files = git(&env.records, &["show", "--name-only", "--format=", "HEAD"]);
    assert!(files.contains(&path), "{files}");
    assert!(files.contains("tickets/"), "{files}");
    let message = git(&env.records, &["log", "-1", "--format=%s"]);
    assert!(
        message.contains("李娜") && message.contains(&ticket),
        "{message}"
    );

    for (now, args) in [
        (
            "2026-12-01T18:00:00Z",
            vec![
                "add",
                "--engineer",
                "李娜",
                "--work",
                "巡检 web01",
                "--hours",
                "2",
            ],
        ),
        (
            "2026-12-01T18:30:00Z",
            vec![
                "add",
                "--engineer",
                "Wang Wei",
                "--work",
                "core switch config backup",
            ],
        ),
        (
            "2026-12-01T19:00:00Z",
            vec![
                "add",
                "--engineer",
                "李娜",
                "--day",
                "2026-11-29",
                "--work",
                "on call",
                "--hours",
                "8",
            ],
        ),
    ] {
        assert_success(&diary(&env, now, &args));
    }
    assert_eq!(commit_count(&env.records), before + 4);

    // This week (W49): 李娜 with two entries and 5.5 h, Wang Wei with one.
    let out = diary(&env, "2026-12-02T09:00:00Z", &["show", "--format", "json"]);
    assert_success(&out);
    let groups: Value = json(&out);
    let groups = groups.as_array().unwrap();
    let summary: Vec<(String, String, usize, f64)> = groups
        .iter()
        .map(|g| {
            (
                g["engineer"].as_str().unwrap().to_string(),
                g["week"].as_str().unwrap().to_string(),
                g["entries"].as_array().unwrap().len(),
                g["hours"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("Wang Wei".into(), "2026-W49".into(), 1, 0.0),
            ("李娜".into(), "2026-W49".into(), 2, 5.5),
        ]
    );
    let first = &groups[1]["entries"][0];
    assert_eq!(first["day"], "2026-11-30");
    assert_eq!(first["tickets"][0], ticket.as_str());
    assert_eq!(first["targets"][0], "web01");
    assert_eq!(first["work"], "更换 web01 电源模块 PSU2，阵列重建完成");

    // Two weeks, one engineer, as text.
    let out = diary(
        &env,
        "2026-12-02T09:00:00Z",
        &["show", "--weeks", "2", "--engineer", "李娜"],
    );
    assert_success(&out);
    let page = stdout(&out);
    assert!(
        page.contains("Engineering diary, 2026-W48 to 2026-W49 (2026-11-23 to 2026-12-06)"),
        "{page}"
    );
    assert!(page.contains("李娜, 2026-W48: 1 entry, 8 h"), "{page}");
    assert!(page.contains("李娜, 2026-W49: 2 entries, 5.5 h"), "{page}");
    assert!(
        page.contains("2026-11-30 Mon  3.5 h  ACME, Pudong DC"),
        "{page}"
    );
    assert!(page.contains("更换 web01 电源模块"), "{page}");
    assert!(!page.contains("Wang Wei"), "{page}");

    // Only the entries of the ticket.
    let out = diary(
        &env,
        "2026-12-02T09:00:00Z",
        &["show", "--ticket", &ticket, "--format", "json"],
    );
    let groups = json(&out);
    assert_eq!(groups.as_array().unwrap().len(), 1);
    assert_eq!(groups[0]["entries"].as_array().unwrap().len(), 1);

    // And the ticket names the entry.
    let out = env
        .ops()
        .current_dir(&env.records)
        .args(["ticket", "show", &ticket])
        .output()
        .unwrap();
    assert!(stdout(&out).contains(&path), "{}", stdout(&out));
}

#[test]
fn bad_diary_input_exits_78_and_writes_nothing() {
    let env = Env::new();
    env.init_records();
    std::fs::write(
        env.records.join("inventory.toml"),
        "[[host]]\nname = \"web01\"\naddress = \"127.0.0.1\"\n",
    )
    .unwrap();
    let now = "2026-12-02T09:00:00Z";
    let before = commit_count(&env.records);
    for (args, says) in [
        (
            vec!["add", "--work", "x", "--ticket", "T-20261201-0099"],
            "no ticket T-20261201-0099",
        ),
        (
            vec!["add", "--work", "x", "--target", "web02"],
            "did you mean `web01`",
        ),
        (
            vec!["add", "--work", "x", "--day", "2026-12-03"],
            "is in the future",
        ),
        (
            vec!["add", "--work", "x", "--hours", "25"],
            "not between 0 and 24",
        ),
        (vec!["add", "--work", "   "], "is empty"),
    ] {
        let out = diary(&env, now, &args);
        assert_eq!(out.status.code(), Some(78), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    // Command-line mistakes are usage errors.
    let out = diary(&env, now, &["add", "--work", "x", "--day", "1 Dec"]);
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    let out = diary(&env, now, &["add"]);
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert_eq!(commit_count(&env.records), before);
    assert!(!env.records.join("diary").exists());
}
