//! `ops diagnose --target`: checks run on the target over SSH (a real sshd on
//! loopback), a runbook from the records repository, and a probe that hangs
//! is cut at its timeout without ending the walk, silent or printing.

mod support;

use support::sshd::Sshd;
use support::{Env, assert_success, json, stderr};

#[test]
fn checks_run_on_the_target_over_ssh() {
    let env = Env::new();
    env.init_records();
    let sshd = Sshd::start();
    sshd.trust_from(&env.home);
    let runbook = format!(
        r#"
id = "remote-facts"
title = "Checks that show where they ran"
first = "who"

[[step]]
id = "who"
kind = "check"
text = "Logged in as the target's account?"
command = "id -un"
expect = '^{user}$'
ok = "quoted"
fail = "vendor"

[[step]]
id = "quoted"
kind = "check"
text = "Words reach the target as they were written, without a shell"
command = "echo 'x;$(id)' \"a  b\""
expect = '^x;\$\(id\) a  b$'
ok = "hang"
fail = "vendor"

[[step]]
id = "hang"
kind = "check"
text = "A command that never ends"
command = "ping -q -n 127.0.0.1"
timeout = 2
ok = "vendor"
fail = "trickle"

[[step]]
id = "trickle"
kind = "check"
text = "A command that prints a line a second and never ends"
command = "vmstat 1"
timeout = 2
ok = "vendor"
fail = "loopback"

[[step]]
id = "loopback"
kind = "check"
text = "Loopback is up"
probe = "link"
args = {{ interface = "lo" }}
ok = "done"
fail = "vendor"

[[step]]
id = "done"
kind = "outcome"
result = "resolved"
text = "Ran remotely."

[[step]]
id = "vendor"
kind = "outcome"
result = "escalate"
text = "Unexpected."
"#,
        user = sshd.user
    );
    std::fs::create_dir_all(env.records.join("runbooks")).unwrap();
    std::fs::write(env.records.join("runbooks/remote-facts.toml"), runbook).unwrap();

    let started = std::time::Instant::now();
    let out = env
        .ops()
        .env("OPS_NOW", "2026-11-22T06:00:00Z")
        .arg("--records")
        .arg(&env.records)
        .args([
            "diagnose",
            "remote-facts",
            "--target",
            &sshd.target(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let r = json(&out);
    assert_eq!(r["target"], sshd.target());
    assert_eq!(r["outcome"]["step"], "done", "{}", stderr(&out));
    let steps = r["steps"].as_array().unwrap();
    assert_eq!(steps[0]["probe"]["stdout"], format!("{}\n", sshd.user));
    assert_eq!(steps[0]["probe"]["verdict"], "ok");
    assert_eq!(steps[1]["probe"]["stdout"], "x;$(id) a  b\n");
    assert_eq!(steps[1]["probe"]["verdict"], "ok");
    assert_eq!(steps[2]["probe"]["timed_out"], true);
    assert_eq!(steps[2]["probe"]["verdict"], "fail");
    assert_eq!(steps[2]["probe"]["reason"], "did not finish within 2 s");
    // Output that keeps coming does not hold the probe past its deadline.
    assert_eq!(steps[3]["probe"]["timed_out"], true);
    assert_eq!(steps[3]["probe"]["reason"], "did not finish within 2 s");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "the walk took {:?}",
        started.elapsed()
    );
    assert_eq!(steps[4]["probe"]["reason"], "lo up");
    assert!(
        steps[4]["probe"]["command"]
            .as_str()
            .unwrap()
            .ends_with("ip -o link show")
    );
    assert!(
        std::fs::read_to_string(env.records.join("diagnose/2026-11-22-remote-facts-1.json"))
            .is_ok(),
        "the walk is recorded"
    );

    // An unreachable target is an error before any step; nothing is recorded.
    let out = env
        .ops()
        .arg("--records")
        .arg(&env.records)
        .args([
            "diagnose",
            "remote-facts",
            "--target",
            "nobody@127.0.0.1:1",
            "--connect-timeout",
            "2s",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("failed to connect to nobody@127.0.0.1:1"),
        "{}",
        stderr(&out)
    );
    assert!(
        !env.records
            .join("diagnose/2026-11-22-remote-facts-2.json")
            .exists()
    );
}
