//! A check whose program is missing is "cannot check", not a fault (issue
//! 12.4): `ops diagnose` shows the reason, asks for the result checked by
//! hand (`--answer STEP=ok|fail` without a terminal), and does not escalate
//! because a tool is missing.
//!
//! `ping` is made missing for one run of the real binary only: the binary
//! runs in a private mount namespace (`unshare --mount`) where an empty file
//! without execute permission is bind-mounted over `/usr/bin/ping`, so the
//! machine itself is not changed. Needs root and util-linux `unshare`; every
//! ping goes to 127.0.0.1.

mod support;

use std::process::Output;
use support::{Env, assert_success, json, ops_bin, stderr};

const RUNBOOK: &str = r#"
id = "loopback"
title = "Loopback answers"
first = "probe"

[[step]]
id = "probe"
kind = "check"
text = "Does localhost answer ping?"
probe = "ping"
args = { host = "127.0.0.1" }
ok = "command"
fail = "escalate"

[[step]]
id = "command"
kind = "check"
text = "Does localhost answer one ping?"
command = "ping -c 1 -W 2 127.0.0.1"
ok = "resolved"
fail = "escalate"

[[step]]
id = "resolved"
kind = "outcome"
result = "resolved"
text = "Loopback works."

[[step]]
id = "escalate"
kind = "outcome"
result = "escalate"
text = "The fault is in the network or beyond."
"#;

/// `ops ARGS` with /usr/bin/ping made unusable for this process only.
fn ops_without_ping(env: &Env, args: &[&str]) -> Output {
    let blank = env.write("blank", "");
    let mut cmd = env.wrapper("unshare");
    cmd.args(["--mount", "--propagation", "private", "sh", "-c"])
        .arg("mount --bind \"$0\" /usr/bin/ping && exec \"$@\"")
        .arg(&blank)
        .arg(ops_bin())
        .args(args);
    cmd.output().expect("unshare (util-linux) runs")
}

#[test]
fn a_missing_ping_is_cannot_check_and_the_engineer_answers_instead() {
    let env = Env::new();
    env.init_records();
    let file = env.write("loopback.toml", RUNBOOK);
    let file = file.to_str().unwrap();
    let records = env.records.to_str().unwrap();

    // With ping, both checks pass by themselves.
    let out = env
        .ops()
        .args(["diagnose", file, "--no-record", "--format", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    assert_eq!(json(&out)["outcome"]["step"], "resolved");

    // Without ping and without an answer: stop, say why, record nothing.
    let before = support::commit_count(&env.records);
    let out = ops_without_ping(&env, &["--records", records, "diagnose", file]);
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("check probe: cannot check: ping is not installed"),
        "{err}"
    );
    assert!(!err.contains("FAIL"), "{err}");
    assert!(
        err.contains("error: no answer for step 'probe' (Does localhost answer ping? (cannot check: ping is not installed) Check it yourself: does it hold?): pass --answer probe=CHOICE, one of: ok, fail"),
        "{err}"
    );
    assert!(err.contains("nothing recorded"), "{err}");
    assert_eq!(support::commit_count(&env.records), before);

    // The engineer's answers take the checks' branches; no escalation.
    let out = ops_without_ping(
        &env,
        &[
            "--records",
            records,
            "diagnose",
            file,
            "--format",
            "json",
            "--answer",
            "probe=ok",
            "--answer",
            "command=ok",
        ],
    );
    assert_success(&out);
    let r = json(&out);
    assert_eq!(r["outcome"]["status"], "resolved", "{}", stderr(&out));
    let steps = r["steps"].as_array().unwrap();
    assert_eq!(steps[0]["probe"]["verdict"], "cannot-check");
    assert_eq!(steps[0]["probe"]["reason"], "ping is not installed");
    assert_eq!(steps[0]["probe"]["exit_status"], 127);
    assert_eq!(steps[0]["answer"], "ok");
    // The command check runs ping by exec, without a shell: it cannot execute it.
    assert_eq!(steps[1]["probe"]["verdict"], "cannot-check");
    assert_eq!(steps[1]["probe"]["reason"], "ping cannot be executed");
    assert_eq!(steps[1]["probe"]["exit_status"], 126);
    assert_eq!(steps[1]["answer"], "ok");
    assert_eq!(support::commit_count(&env.records), before + 1);

    // "fail" by hand takes the fail branch.
    let out = ops_without_ping(
        &env,
        &[
            "diagnose",
            file,
            "--no-record",
            "--format",
            "json",
            "--answer",
            "probe=fail",
        ],
    );
    assert_success(&out);
    assert_eq!(json(&out)["outcome"]["step"], "escalate");
}
