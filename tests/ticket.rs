//! `ops ticket` end to end: the real binary on a real git records repository
//! in a temp dir, with the clock pinned by `OPS_NOW`.

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use std::process::{Command, Output, Stdio};
use support::*;

/// A records repository and a way to run `ops ticket …` on it at a pinned time.
struct Desk {
    env: Env,
}

impl Desk {
    fn new() -> Desk {
        let env = Env::new();
        env.init_records();
        Desk { env }
    }

    fn ops(&self, now: &str, args: &[&str]) -> Command {
        let mut cmd = self.env.ops();
        cmd.env("OPS_RECORDS", &self.env.records)
            .env("OPS_NOW", now)
            .env("TZ", "UTC")
            .arg("ticket")
            .args(args)
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, now: &str, args: &[&str]) -> Output {
        self.ops(now, args).output().unwrap()
    }

    fn ok(&self, now: &str, args: &[&str]) -> Output {
        let out = self.run(now, args);
        assert_success(&out);
        out
    }

    fn json(&self, now: &str, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        json(&self.ok(now, &args))
    }

    /// A new ticket received at `received`; its id.
    fn new_ticket(&self, received: &str, severity: &str, customer: &str) -> String {
        let out = self.ok(
            received,
            &[
                "new",
                "--customer",
                customer,
                "--site",
                "Pudong DC",
                "--contact",
                "Zhang Wei",
                "--phone",
                "+86 21 5555 0100",
                "--channel",
                "hotline",
                "--severity",
                severity,
                "--category",
                "defect-technical",
                "--problem",
                "core switch reloads every few hours",
                "--target",
                "sw-core-1",
                "--engineer",
                "Li Na",
                "--received",
                received,
            ],
        );
        stdout(&out).trim().to_string()
    }

    fn path(&self, id: &str) -> std::path::PathBuf {
        let month = format!("{}-{}", &id[2..6], &id[6..8]);
        self.env
            .records
            .join("tickets")
            .join(month)
            .join(format!("{id}.toml"))
    }

    fn commits(&self) -> usize {
        commit_count(&self.env.records)
    }

    fn last_message(&self) -> String {
        git(&self.env.records, &["log", "-1", "--format=%B"])
    }
}

const T0: &str = "2026-11-20T09:00:00Z"; // a Friday

fn ids(list: &Value) -> Vec<String> {
    list["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn fifty_tickets_created_at_once_get_fifty_ids_files_and_commits() {
    let desk = Desk::new();
    let before = desk.commits();
    let children: Vec<_> = (0..50)
        .map(|i| {
            desk.ops(
                T0,
                &[
                    "new",
                    "--customer",
                    &format!("Customer {i}"),
                    "--contact",
                    "Zhang Wei",
                    "--channel",
                    "web",
                    "--severity",
                    "III",
                    "--category",
                    "consultation",
                    "--problem",
                    &format!("question {i}"),
                ],
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    let mut ids = BTreeSet::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_success(&out);
        ids.insert(stdout(&out).trim().to_string());
    }
    assert_eq!(ids.len(), 50, "ids must be distinct: {ids:?}");
    let expected: BTreeSet<String> = (1..=50).map(|n| format!("T-20261120-{n:04}")).collect();
    assert_eq!(ids, expected, "ids are the day's sequence without gaps");

    let files = files_under(&desk.env.records.join("tickets"));
    assert_eq!(files.len(), 50, "{files:?}");
    for id in &ids {
        let text = std::fs::read_to_string(desk.path(id)).unwrap();
        assert!(text.contains(&format!("id = \"{id}\"")), "{id}: {text}");
    }
    assert_eq!(desk.commits(), before + 50);
    let subjects = git(
        &desk.env.records,
        &["log", "--format=%s", &format!("-{}", 50)],
    );
    let committed: BTreeSet<String> = subjects
        .lines()
        .map(|s| s.split(':').next().unwrap().replace("ticket ", ""))
        .collect();
    assert_eq!(committed, ids, "one commit per ticket, naming it");
    let fsck = git_command()
        .arg("-C")
        .arg(&desk.env.records)
        .args(["fsck", "--strict"])
        .output()
        .unwrap();
    assert_success(&fsck);
    assert!(
        !text(&fsck.stdout).contains("missing") && !text(&fsck.stderr).contains("error"),
        "{}",
        text(&fsck.stderr)
    );
    assert_eq!(
        git(&desk.env.records, &["status", "--porcelain"]),
        "",
        "everything is committed"
    );
}

#[test]
fn new_prints_the_ticket_with_its_sla_deadlines_as_json() {
    let desk = Desk::new();
    let t = desk.json(
        "2026-11-20T09:05:00Z",
        &[
            "new",
            "--customer",
            "ACME Bank",
            "--contact",
            "Zhang Wei",
            "--channel",
            "on-site",
            "--severity",
            "I",
            "--category",
            "technical",
            "--problem",
            "database down",
            "--target",
            "db01,db02",
            "--received",
            T0,
            "--expected",
            "4h",
        ],
    );
    assert_eq!(t["schema"], 1);
    assert_eq!(t["id"], "T-20261120-0001");
    assert_eq!(t["status"], "open");
    assert_eq!(t["channel"], "on-site");
    assert_eq!(t["category"], "defect-technical");
    assert_eq!(t["targets"], serde_json::json!(["db01", "db02"]));
    assert_eq!(t["received"], T0);
    assert_eq!(t["expected"], "2026-11-20T13:00:00Z");
    assert_eq!(t["sla"]["respond"]["due"], "2026-11-20T09:30:00Z");
    assert_eq!(t["sla"]["plan"]["due"], "2026-11-20T11:00:00Z");
    assert_eq!(t["sla"]["resolve"]["due"], "2026-11-20T21:00:00Z");
    assert_eq!(t["sla"]["respond"]["state"], "running");
    assert_eq!(t["sla"]["respond"]["left_seconds"], 25 * 60);
    assert_eq!(t["events"][0]["kind"], "created");
    assert_eq!(t["events"][0]["at"], "2026-11-20T09:05:00Z");
    assert_eq!(
        desk.last_message().lines().next().unwrap(),
        "ticket T-20261120-0001: new, severity I, ACME Bank"
    );
}

#[test]
fn without_a_terminal_missing_fields_are_named_and_nothing_is_written() {
    let desk = Desk::new();
    let before = desk.commits();
    let out = desk.run(T0, &["new", "--customer", "ACME Bank", "--severity", "II"]);
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    let err = stderr(&out);
    for flag in ["--contact", "--channel", "--category", "--problem"] {
        assert!(err.contains(flag), "{flag} not named: {err}");
    }
    assert!(!err.contains("--customer"), "{err}");
    let out = desk.run(
        T0,
        &[
            "new",
            "--customer",
            "A",
            "--contact",
            "B",
            "--channel",
            "pigeon",
            "--severity",
            "II",
            "--category",
            "consultation",
            "--problem",
            "x",
        ],
    );
    assert_eq!(out.status.code(), Some(64));
    assert!(
        stderr(&out).contains("hotline, web, remote"),
        "{}",
        stderr(&out)
    );
    assert_eq!(desk.commits(), before);
}

#[test]
fn hold_and_resume_move_only_the_resolution_deadline() {
    let desk = Desk::new();
    let id = desk.new_ticket(T0, "II", "ACME Bank");
    desk.ok(
        "2026-11-20T09:20:00Z",
        &[
            "update",
            &id,
            "--responded",
            "--note",
            "called back, asked for logs",
        ],
    );
    desk.ok(
        "2026-11-20T10:00:00Z",
        &["update", &id, "--hold", "waiting for the customer's logs"],
    );
    let t = desk.json("2026-11-20T12:00:00Z", &["show", &id]);
    assert_eq!(t["status"], "on-hold");
    assert_eq!(t["hold"]["reason"], "waiting for the customer's logs");
    assert_eq!(t["sla"]["respond"]["state"], "met");
    assert_eq!(t["sla"]["plan"]["due"], "2026-11-20T11:00:00Z");
    assert_eq!(
        t["sla"]["plan"]["state"], "overdue",
        "a hold does not pause the plan clock"
    );
    assert_eq!(t["sla"]["resolve"]["state"], "paused");
    assert_eq!(
        t["sla"]["resolve"]["due"], "2026-11-21T11:00:00Z",
        "if resumed now: 2 h later"
    );
    desk.ok(
        "2026-11-20T13:00:00Z",
        &["update", &id, "--resume", "--planned"],
    );
    let t = desk.json("2026-11-20T14:00:00Z", &["show", &id]);
    assert_eq!(t["status"], "open");
    assert_eq!(t["sla"]["on_hold_seconds"], 3 * 3600);
    assert_eq!(t["sla"]["respond"]["due"], "2026-11-20T09:30:00Z");
    assert_eq!(t["sla"]["resolve"]["due"], "2026-11-21T12:00:00Z");
    assert_eq!(t["sla"]["resolve"]["state"], "running");
    assert_eq!(
        desk.last_message().trim(),
        format!("ticket {id}: resumed; plan given")
    );
    // A severity change recomputes from the received time.
    desk.ok("2026-11-20T14:00:00Z", &["update", &id, "--severity", "I"]);
    let t = desk.json("2026-11-20T14:00:00Z", &["show", &id]);
    assert_eq!(
        (t["severity"].as_str(), t["severity_received"].as_str()),
        (Some("I"), Some("II"))
    );
    assert_eq!(
        t["sla"]["resolve"]["due"], "2026-11-21T00:00:00Z",
        "12 h + 3 h on hold from 09:00"
    );
}

#[test]
fn closing_is_refused_for_the_engineer_and_when_already_closed() {
    let desk = Desk::new();
    let id = desk.new_ticket(T0, "III", "ACME Bank");
    let path = desk.path(&id);
    let original = std::fs::read_to_string(&path).unwrap();
    let before = desk.commits();
    let close = |who: &str| {
        desk.run(
            "2026-11-20T15:00:00Z",
            &[
                "close",
                &id,
                "--resolution",
                "replaced the power supply",
                "--cause",
                "hardware",
                "--parts",
                "PSU 350W SN 8H2K11",
                "--confirmed-by",
                who,
            ],
        )
    };
    let out = close("li na");
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is the assigned engineer"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        original,
        "nothing written"
    );
    assert_eq!(desk.commits(), before, "nothing committed");

    // Reassigned: the former engineer may not sign either.
    desk.ok(
        "2026-11-20T14:00:00Z",
        &["update", &id, "--assign", "Wang Fang"],
    );
    let out = close("Li Na");
    assert_eq!(out.status.code(), Some(78));
    assert!(stderr(&out).contains("worked on it"), "{}", stderr(&out));

    assert_success(&close("Zhang Wei"));
    assert_eq!(desk.commits(), before + 2);
    assert_eq!(
        desk.last_message().trim(),
        format!(
            "ticket {id}: closed (hardware), confirmed by Zhang Wei: replaced the power supply"
        )
    );
    let t = desk.json("2026-11-20T16:00:00Z", &["show", &id]);
    assert_eq!(t["status"], "closed");
    assert_eq!(t["closure"]["confirmed_by"], "Zhang Wei");
    assert_eq!(
        t["closure"]["parts"],
        serde_json::json!(["PSU 350W SN 8H2K11"])
    );
    assert_eq!(t["sla"]["resolve"]["state"], "met");

    let out = close("Zhang Wei");
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains(&format!("{id} is already closed")),
        "{}",
        stderr(&out)
    );
    assert_eq!(desk.commits(), before + 2);
}

#[test]
fn an_unknown_id_is_a_clear_error() {
    let desk = Desk::new();
    desk.new_ticket(T0, "III", "ACME Bank");
    for args in [
        vec!["show", "T-20261120-0042"],
        vec!["update", "T-20261120-0042", "--note", "x"],
        vec![
            "close",
            "T-20261120-0042",
            "--resolution",
            "x",
            "--cause",
            "unknown",
            "--confirmed-by",
            "y",
        ],
    ] {
        let out = desk.run(T0, &args);
        assert_eq!(out.status.code(), Some(78), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("no ticket T-20261120-0042 in the records repository"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let out = desk.run(T0, &["show", "42"]);
    assert_eq!(out.status.code(), Some(64));
    assert!(
        stderr(&out).contains("\"42\" is not a ticket id (they look like T-20261122-0001)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_hand_damaged_ticket_file_is_named_with_its_line_and_the_others_are_listed() {
    let desk = Desk::new();
    let a = desk.new_ticket("2026-11-20T08:00:00Z", "III", "ACME Bank");
    let b = desk.new_ticket("2026-11-20T08:30:00Z", "II", "Globex");
    let c = desk.new_ticket("2026-11-20T08:45:00Z", "IV", "Initech");
    let path = desk.path(&b);
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replace("severity = \"II\"", "severity = \"II\nchannel = web");
    std::fs::write(&path, broken).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("severity"))
        .unwrap()
        + 1;

    let out = desk.run("2026-11-20T09:00:00Z", &["list"]);
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let rel = format!("tickets/2026-11/{b}.toml");
    assert!(
        stderr(&out).contains(&format!(
            "warning: skipped damaged ticket file {rel}:{line}:"
        )),
        "{}",
        stderr(&out)
    );
    let listed = stdout(&out);
    assert!(
        listed.contains(&a) && listed.contains(&c) && !listed.contains(&b),
        "{listed}"
    );

    let out = desk.run("2026-11-20T09:00:00Z", &["list", "--format", "json"]);
    let list = json(&out);
    assert_eq!(ids(&list), [a.clone(), c.clone()]);
    assert_eq!(list["damaged"][0]["path"], rel);
    assert_eq!(list["damaged"][0]["line"], line);
    // Reading the damaged ticket itself names the place too.
    let out = desk.run("2026-11-20T09:00:00Z", &["show", &b]);
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains(&format!("{rel}:{line}:")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn list_overdue_at_a_pinned_time_and_what_is_due_first() {
    let desk = Desk::new();
    let early_iv = desk.new_ticket("2026-11-20T08:00:00Z", "IV", "ACME Bank"); // respond by 08:30
    let late_i = desk.new_ticket("2026-11-20T09:50:00Z", "I", "Globex"); // respond by 10:20
    let answered = desk.new_ticket("2026-11-20T09:00:00Z", "II", "ACME Bank");
    desk.ok(
        "2026-11-20T09:10:00Z",
        &["update", &answered, "--responded", "--planned"],
    ); // resolve by tomorrow 09:00
    let closed = desk.new_ticket("2026-11-20T07:00:00Z", "III", "Initech");
    desk.ok(
        "2026-11-20T07:30:00Z",
        &[
            "close",
            &closed,
            "--resolution",
            "answered",
            "--cause",
            "no-fault",
            "--confirmed-by",
            "Bob",
        ],
    );

    let list = |now: &str, extra: &[&str]| {
        let mut args = vec!["list"];
        args.extend(extra);
        ids(&desk.json(now, &args))
    };
    assert_eq!(
        list("2026-11-20T10:00:00Z", &[]),
        [early_iv.as_str(), late_i.as_str(), answered.as_str()]
    );
    assert_eq!(
        list("2026-11-20T08:29:00Z", &["--overdue"]),
        Vec::<String>::new()
    );
    assert_eq!(
        list("2026-11-20T10:00:00Z", &["--overdue"]),
        [early_iv.as_str()]
    );
    assert_eq!(
        list("2026-11-20T10:21:00Z", &["--overdue"]),
        [early_iv.as_str(), late_i.as_str()]
    );
    assert_eq!(
        list("2026-11-21T09:01:00Z", &["--overdue"]),
        [early_iv.as_str(), late_i.as_str(), answered.as_str()]
    );
    assert_eq!(
        list("2026-11-20T10:00:00Z", &["--due-within", "30m"]),
        [early_iv.as_str(), late_i.as_str()]
    );
    assert_eq!(
        list("2026-11-20T10:00:00Z", &["all", "--customer", "acme"]),
        [early_iv.as_str(), answered.as_str()]
    );
    assert_eq!(list("2026-11-20T10:00:00Z", &["closed"]), [closed.as_str()]);
    assert_eq!(
        list("2026-11-20T10:00:00Z", &["-s", "I", "-s", "II"]),
        [late_i.as_str(), answered.as_str()]
    );

    let out = desk.ok("2026-11-20T10:00:00Z", &["list", "--overdue"]);
    let table = stdout(&out);
    assert!(table.contains("respond overdue by 1h 30m"), "{table}");
    assert!(
        stderr(&out).contains("1 ticket listed, 1 overdue"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_sla_policy_in_ops_toml_with_business_hours_and_holidays() {
    let desk = Desk::new();
    let config = desk.env.records.join("ops.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "\n[sla.IV]\nresolve = \"16h\"\ncalendar = \"office\"\n\n[sla.calendars.office]\ndays = \"mon-fri\"\n\
         hours = \"09:00-17:00\"\nutc_offset = \"+08:00\"\nholidays = [2026-11-23]\n",
    );
    std::fs::write(&config, &text).unwrap();
    // Friday 16:00 in China (08:00 UTC); Monday the 23rd is a holiday.
    let t = desk.json(
        "2026-11-20T08:10:00Z",
        &[
            "new",
            "--customer",
            "ACME Bank",
            "--contact",
            "Zhang Wei",
            "--channel",
            "web",
            "--severity",
            "IV",
            "--category",
            "consultation",
            "--problem",
            "how do we rotate logs?",
            "--received",
            "2026-11-20T16:00:00+08:00",
        ],
    );
    assert_eq!(t["sla"]["calendar"], "office");
    assert_eq!(t["sla"]["respond"]["due"], "2026-11-20T08:30:00Z");
    assert_eq!(
        t["sla"]["plan"]["due"], "2026-11-24T02:00:00Z",
        "Tuesday 10:00 in China"
    );
    assert_eq!(
        t["sla"]["resolve"]["due"], "2026-11-25T08:00:00Z",
        "Wednesday 16:00 in China"
    );

    text.push_str("\n[sla.III]\nresolve = \"soon\"\n");
    std::fs::write(&config, &text).unwrap();
    let out = desk.run(T0, &["list"]);
    assert_eq!(out.status.code(), Some(78));
    let line = text.lines().position(|l| l.contains("\"soon\"")).unwrap() + 1;
    assert!(
        stderr(&out).contains(&format!("ops.toml:{line}:")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn several_changes_at_once_are_one_commit_and_refusals_change_nothing() {
    let desk = Desk::new();
    let id = desk.new_ticket(T0, "III", "ACME Bank");
    let before = desk.commits();
    desk.ok(
        "2026-11-20T09:10:00Z",
        &[
            "update",
            &id,
            "--assign",
            "Wang Fang",
            "--responded",
            "--note",
            "on my way",
        ],
    );
    assert_eq!(desk.commits(), before + 1);
    assert_eq!(
        desk.last_message().trim(),
        format!("ticket {id}: assigned to Wang Fang; responded; note: on my way")
    );
    let text = std::fs::read_to_string(desk.path(&id)).unwrap();
    assert_eq!(text.matches("[[event]]").count(), 4);
    assert!(
        text.contains("kind = \"assigned\"\nat = 2026-11-20T09:10:00Z\nby = "),
        "{text}"
    );

    // Responded twice in one go with a valid note: the whole update is refused.
    let out = desk.run(
        "2026-11-20T09:20:00Z",
        &["update", &id, "--note", "again", "--responded"],
    );
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains("already responded to"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(desk.path(&id)).unwrap(), text);
    assert_eq!(desk.commits(), before + 1);

    let out = desk.run("2026-11-20T09:20:00Z", &["update", &id]);
    assert_eq!(out.status.code(), Some(64));
    let out = desk.run("2026-11-20T09:20:00Z", &["update", &id, "--resume"]);
    assert_eq!(out.status.code(), Some(78));
    assert!(stderr(&out).contains("is not on hold"), "{}", stderr(&out));
}

#[test]
fn a_hand_edit_with_a_comment_survives_the_next_change() {
    let desk = Desk::new();
    let id = desk.new_ticket(T0, "III", "ACME Bank");
    let path = desk.path(&id);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("problem =", "# as the customer put it\nproblem =");
    std::fs::write(&path, &text).unwrap();
    desk.ok(
        "2026-11-20T09:10:00Z",
        &["update", &id, "--note", "multi\nline"],
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.starts_with(&text), "{after}");
    let t = desk.json("2026-11-20T09:10:00Z", &["show", &id]);
    assert_eq!(t["events"][1]["text"], "multi\nline");
}
