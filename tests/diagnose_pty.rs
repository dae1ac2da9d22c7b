//! `ops diagnose` on a terminal: the real binary driven through a
//! pseudo-terminal with expectrl, answering with the keys an engineer presses
//! (j/k to move, Enter to choose, q to quit, text then Enter), going back, and
//! quitting midway; the saved records are then read back.

mod support;

use expectrl::{Eof, Session};
use std::time::Duration;
use support::{Env, assert_success, commit_count, git, json, pty};

const ENTER: &str = "\r";
const DOWN: &str = "j";
const UP: &str = "k";

fn session(env: &Env, args: &[&str]) -> Session {
    let mut cmd = pty::command(env);
    cmd.env("OPS_NOW", "2026-11-22T06:00:00Z")
        .arg("--records")
        .arg(&env.records)
        .args(args);
    pty::spawn(cmd)
}

/// A ticket to link the walk to; its id.
fn open_ticket(env: &Env) -> String {
    let out = env
        .ops()
        .env("OPS_NOW", "2026-11-22T05:30:00Z")
        .arg("--records")
        .arg(&env.records)
        .args([
            "ticket",
            "new",
            "--customer",
            "ACME",
            "--site",
            "HQ",
            "--contact",
            "Li Lei",
        ])
        .args([
            "--phone",
            "+86 10 5555 0101",
            "--channel",
            "hotline",
            "--severity",
            "II",
        ])
        .args([
            "--category",
            "defect-technical",
            "--problem",
            "server does not power on",
        ])
        .args([
            "--target",
            "db01",
            "--engineer",
            "Wang Fang",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    json(&out)["id"].as_str().expect("ticket id").to_string()
}

/// Wait for the prompt of `step`, then press `keys`.
fn answer(s: &mut Session, step: &str, keys: &[&str]) {
    s.expect(format!("── {step}"))
        .unwrap_or_else(|e| panic!("no prompt for {step}: {e}"));
    // Let the menu draw before typing, as a person would.
    std::thread::sleep(Duration::from_millis(50));
    for k in keys {
        s.send(k).unwrap();
    }
}

fn finish(mut s: Session) -> String {
    s.expect(Eof).expect("ops exits");
    let status = s.get_process().wait().expect("exit status");
    format!("{status:?}")
}

fn read_record(env: &Env, name: &str) -> serde_json::Value {
    let path = env.records.join("diagnose").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn steps(record: &serde_json::Value) -> Vec<(String, String, bool)> {
    record["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["step"].as_str().unwrap().to_string(),
                s["answer"].as_str().unwrap_or("").to_string(),
                s["undone"] == true,
            )
        })
        .collect()
}

#[test]
fn answers_chosen_with_keys_and_going_back_reach_an_escalation() {
    let env = Env::new();
    env.init_records();
    let ticket = open_ticket(&env);
    let before = commit_count(&env.records);
    let mut s = session(&env, &["diagnose", "no-power", "--ticket", &ticket]);

    answer(&mut s, "outlet", &[DOWN, ENTER]); // no power at the outlet
    // Second thoughts: the last two entries are "go back" and "quit".
    answer(&mut s, "restore-outlet", &[UP, UP, ENTER]);
    s.expect("back to outlet").unwrap();
    answer(&mut s, "outlet", &[ENTER]); // the default: yes
    answer(&mut s, "cord", &[DOWN, ENTER]); // no reaction
    answer(&mut s, "drain", &[DOWN, ENTER]);
    answer(&mut s, "adapter-battery", &[DOWN, ENTER]); // no adapter
    answer(&mut s, "parts-changed", &[DOWN, ENTER]); // nothing changed
    answer(&mut s, "disk-light", &[DOWN, ENTER]); // no light
    answer(&mut s, "dust", &[DOWN, ENTER]); // still nothing
    answer(&mut s, "lcd", &[ENTER]); // a code is shown
    answer(&mut s, "lcd-code", &["E-14", ENTER]);
    // The code was misread: back from the next step, and again from the text prompt.
    answer(&mut s, "lcd-act", &[UP, UP, ENTER]);
    answer(&mut s, "lcd-code", &[":back", ENTER]);
    answer(&mut s, "lcd", &[ENTER]);
    answer(&mut s, "lcd-code", &["E-1422", ENTER]);
    answer(&mut s, "lcd-act", &[DOWN, ENTER]); // cannot be fixed on site
    s.expect("escalate to vendor engineer").unwrap();
    s.expect("front-panel LCD error code: E-1422").unwrap();
    let status = finish(s);
    assert!(status.ends_with(", 0)"), "{status}");

    assert_eq!(commit_count(&env.records), before + 1);
    // The ticket's side of the link is in the same commit.
    let changed = git(&env.records, &["show", "--name-only", "--format=", "HEAD"]);
    assert!(changed.contains(&format!("{ticket}.toml")), "{changed}");
    let ticket_file = std::fs::read_to_string(
        env.records
            .join("tickets/2026-11")
            .join(format!("{ticket}.toml")),
    )
    .unwrap();
    assert!(
        ticket_file.contains("diagnose/2026-11-22-no-power-1.json"),
        "{ticket_file}"
    );
    let r = read_record(&env, "2026-11-22-no-power-1.json");
    assert_eq!(r["outcome"]["status"], "escalated");
    assert_eq!(r["outcome"]["step"], "escalate-lcd");
    assert_eq!(
        r["outcome"]["handover"][0],
        "front-panel LCD error code: E-1422"
    );
    assert_eq!(r["answers"]["lcd_code"], "E-1422");
    assert_eq!(r["ticket"], ticket.as_str());
    let s = |step: &str, answer: &str, undone: bool| (step.to_string(), answer.to_string(), undone);
    assert_eq!(
        steps(&r),
        vec![
            // No BMC or UPS is linked to this machine: the device checks
            // say so and the walk goes on at the outlet.
            s("bmc-power", "", false),
            s("ups-input", "", false),
            s("outlet", "no", true),
            s("outlet", "yes", false),
            s("cord", "no-reaction", false),
            s("drain", "no-reaction", false),
            s("adapter-battery", "no", false),
            s("parts-changed", "no", false),
            s("disk-light", "off", false),
            s("dust", "no-reaction", false),
            s("lcd", "yes", true),
            s("lcd-code", "E-14", true),
            s("lcd", "yes", false),
            s("lcd-code", "E-1422", false),
            s("lcd-act", "not-fixed", false),
            s("escalate-lcd", "", false),
        ]
    );
}

#[test]
fn quitting_midway_from_the_menu_leaves_a_partial_record() {
    let env = Env::new();
    env.init_records();
    // An answer given as a flag is used; the terminal is asked the rest.
    let mut s = session(
        &env,
        &["diagnose", "no-display", "--answer", "monitor=no-display"],
    );
    answer(&mut s, "graphics-seated", &[DOWN, ENTER]); // still no picture
    answer(&mut s, "swap-monitor", &[UP, ENTER]); // the last entry: quit
    s.expect("incomplete, stopped at step 'swap-monitor'")
        .unwrap();
    let status = finish(s);
    assert!(
        status.ends_with(", 1)"),
        "an unfinished walk exits 1: {status}"
    );

    let r = read_record(&env, "2026-11-22-no-display-1.json");
    assert_eq!(r["outcome"]["status"], "incomplete");
    assert_eq!(r["outcome"]["step"], "swap-monitor");
    assert_eq!(r["outcome"]["reason"], "quit at step 'swap-monitor'");
    assert_eq!(
        steps(&r),
        vec![
            ("bmc-memory-events".to_string(), String::new(), false),
            ("monitor".to_string(), "no-display".to_string(), false),
            (
                "graphics-seated".to_string(),
                "no-display".to_string(),
                false
            ),
        ]
    );
    let log = support::git(&env.records, &["log", "-1", "--format=%s"]);
    assert!(log.contains(": incomplete"), "{log}");
}

#[test]
fn the_runbook_is_picked_from_a_menu_and_q_quits() {
    let env = Env::new();
    env.init_records();
    let mut s = session(&env, &["diagnose"]);
    s.expect("Which fault?").unwrap();
    std::thread::sleep(Duration::from_millis(50));
    s.send(ENTER).unwrap(); // no-display, the first
    answer(&mut s, "monitor", &["q"]);
    let status = finish(s);
    assert!(status.ends_with(", 1)"), "{status}");
    let r = read_record(&env, "2026-11-22-no-display-1.json");
    assert_eq!(r["outcome"]["reason"], "quit at step 'monitor'");
    // Only the device check that found no BMC linked to this machine.
    let steps = r["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1, "{steps:?}");
    assert_eq!(steps[0]["probe"]["verdict"], "cannot-check");
}

/// Issue 11.3: a privileged check runs only after the engineer confirms it on
/// the terminal; declined, it does not run and is checked by hand.
#[test]
fn a_privileged_check_runs_only_when_confirmed_on_the_terminal() {
    let env = Env::new();
    env.init_records();
    let marker = env.dir.path().join("marker");
    let file = env.write(
        "privileged.toml",
        &format!(
            "id = \"priv\"\ntitle = \"Privileged\"\nfirst = \"touch\"\n\n\
             [[step]]\nid = \"touch\"\nkind = \"check\"\ntext = \"Leave a mark\"\n\
             command = \"echo ran > {} && echo done\"\nprivileged = true\nok = \"fine\"\nfail = \"broken\"\n\n\
             [[step]]\nid = \"fine\"\nkind = \"outcome\"\ntext = \"Fine.\"\nresult = \"resolved\"\n\n\
             [[step]]\nid = \"broken\"\nkind = \"outcome\"\ntext = \"Broken.\"\nresult = \"escalate\"\n",
            marker.display()
        ),
    );
    let file = file.to_str().unwrap();

    let mut s = session(&env, &["diagnose", file]);
    s.expect("── touch (privileged: not proved read-only)")
        .unwrap();
    s.expect(format!(
        "command: echo ran > {} && echo done",
        marker.display()
    ))
    .unwrap();
    s.expect("Run this command on").unwrap();
    assert!(!marker.exists(), "nothing runs before the answer");
    std::thread::sleep(Duration::from_millis(50));
    s.send("y").unwrap();
    s.expect("check touch: ok: exited with 0").unwrap();
    s.expect("priv on ").unwrap();
    let status = finish(s);
    assert!(status.ends_with(", 0)"), "{status}");
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), "ran\n");
    let r = read_record(&env, "2026-11-22-priv-1.json");
    assert_eq!(r["outcome"]["step"], "fine");
    assert_eq!(r["steps"][0]["probe"]["stdout"], "done\n");

    std::fs::remove_file(&marker).unwrap();
    let mut s = session(&env, &["diagnose", file]);
    s.expect("Run this command on").unwrap();
    std::thread::sleep(Duration::from_millis(50));
    s.send("n").unwrap();
    s.expect("check touch: cannot check: not run: privileged")
        .unwrap();
    answer(&mut s, "touch (check it by hand", &[DOWN, ENTER]); // fail
    s.expect("escalate to vendor engineer").unwrap();
    let status = finish(s);
    assert!(status.ends_with(", 0)"), "{status}");
    assert!(!marker.exists(), "declined: the command did not run");
    let r = read_record(&env, "2026-11-22-priv-2.json");
    assert_eq!(r["outcome"]["step"], "broken");
    assert_eq!(r["steps"][0]["probe"]["verdict"], "cannot-check");
    assert_eq!(r["steps"][0]["answer"], "fail");
}
