//! `ops runbook check/list/show` and runbook overrides, through the real binary:
//! the built-ins are sound, each kind of defect is reported at its file:line
//! with exit 78, and a records repository's runbook replaces a built-in.

mod support;

use std::path::Path;
use support::{Env, assert_success, commit_count, git, json, stderr, stdout};

const FIXTURES: &str = "tests/fixtures/runbooks";

fn check_fixture(env: &Env, name: &str) -> std::process::Output {
    env.ops()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["runbook", "check", &format!("{FIXTURES}/{name}")])
        .output()
        .unwrap()
}

#[test]
fn built_in_runbooks_pass_check() {
    let env = Env::new();
    let out = env.ops().args(["runbook", "check"]).output().unwrap();
    assert_success(&out);
    let err = stderr(&out);
    for id in ["no-power", "no-display", "no-network"] {
        assert!(
            err.contains(&format!("ok    runbooks/{id}.toml ({id})")),
            "{err}"
        );
    }
    assert!(err.contains("3 runbook files checked, no defects"), "{err}");

    let out = env
        .ops()
        .args(["runbook", "check", "--format", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    let files = json(&out);
    let files = files.as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert!(
        files
            .iter()
            .all(|f| f["ok"] == true && f["defects"].as_array().unwrap().is_empty())
    );

    // The files on disk are the ones compiled in.
    let out = env
        .ops()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "runbook",
            "check",
            "runbooks/no-power.toml",
            "runbooks/no-display.toml",
            "runbooks/no-network.toml",
        ])
        .output()
        .unwrap();
    assert_success(&out);
}

/// Each defective fixture gives exactly these lines on stdout, and exit 78.
#[test]
fn each_kind_of_defect_is_reported_at_its_line_with_exit_78() {
    let env = Env::new();
    let cases: &[(&str, &[&str])] = &[
        (
            "malformed.toml",
            &["malformed.toml:7:17: invalid TOML: invalid basic string"],
        ),
        (
            "unknown-next.toml",
            &["unknown-next.toml:11:25: unknown next step 'plug-in'"],
        ),
        (
            "unreachable.toml",
            &["unreachable.toml:21:1: step 'forgotten' is unreachable from the first step 'start'"],
        ),
        (
            "trapped-cycle.toml",
            &["trapped-cycle.toml:15:1: cycle with no way out: reseat → retry → reseat"],
        ),
        (
            "no-outcome.toml",
            &[
                "no-outcome.toml:15:1: no outcome can be reached from step 'lead'",
                "no-outcome.toml:23:1: cycle with no way out: spin → spin",
            ],
        ),
        (
            "duplicate-id.toml",
            &["duplicate-id.toml:21:6: duplicate step id 'done' (first defined on line 15)"],
        ),
        (
            "not-read-only.toml",
            &[
                "not-read-only.toml:9:11: check 'routes' runs a command that is not read-only: redirection ('>') is not allowed (a step that needs it must say privileged = true)",
                "not-read-only.toml:17:11: check 'link' runs a command that is not read-only: 'ip link set eth0 up': 'ip link set' is not read-only; use show, list or get (a step that needs it must say privileged = true)",
                "not-read-only.toml:25:11: check 'flush' runs a command that is not read-only: ';': a check runs one program, without pipes, lists or background jobs (use the program's own options, e.g. grep -c FILE) (a step that needs it must say privileged = true)",
            ],
        ),
        // Issue 11.3: each of these was accepted, and run by `ops diagnose`.
        (
            "rejected-commands.toml",
            &[
                "rejected-commands.toml:13:11: check 'compress' runs a command that is not read-only: 'sort': option '--compress-program' is not allowed; read-only options of sort: -n -r -u -k -t -h -V -b -f -s -g -M -c -C -z (a step that needs it must say privileged = true)",
                "rejected-commands.toml:22:11: check 'sysctl-load' runs a command that is not read-only: 'sysctl': option '-p' is not allowed; read-only options of sysctl: -a -n -N -e -b -r --deprecated (a step that needs it must say privileged = true)",
                "rejected-commands.toml:31:11: check 'rename' runs a command that is not read-only: 'hostname': option '--file' is not allowed; read-only options of hostname: -f -s -d -i -I -A -a -y (a step that needs it must say privileged = true)",
                "rejected-commands.toml:40:11: check 'stop' runs a command that is not read-only: 'systemctl stop' is not read-only; systemctl may only: status, is-active, is-enabled, is-failed, list-units, list-unit-files, list-timers, list-sockets, list-dependencies, show, cat (a step that needs it must say privileged = true)",
                "rejected-commands.toml:49:11: check 'smart-off' runs a command that is not read-only: 'smartctl': option '--smart' is not allowed; read-only options of smartctl: -H -a -i -A -x -c -l -j -d -n -q --scan --scan-open -g -f (a step that needs it must say privileged = true)",
                "rejected-commands.toml:58:11: check 'shadow' runs a command that is not read-only: 'cat': '/etc/shadow' holds password hashes: a check must not read it (a step that needs it must say privileged = true)",
            ],
        ),
        (
            "bad-probe.toml",
            &[
                "bad-probe.toml:10:17: 'example.com; reboot' is not a host name",
                "bad-probe.toml:18:9: unknown probe 'bandwidth' (built-in probes: link, carrier, address, default-route, gateway-ping, dns, ping, nic-driver, sockets, firewall, bmc-power, bmc-events, bmc-memory-events, ups-input)",
                "bad-probe.toml:26:8: '{lcd_code}' refers to no answer: no question has input = \"lcd_code\"",
            ],
        ),
    ];
    for (file, expected) in cases {
        let out = check_fixture(&env, file);
        assert_eq!(out.status.code(), Some(78), "{file}: {}", stderr(&out));
        let lines: Vec<String> = stdout(&out)
            .lines()
            .map(|l| l.replace(&format!("{FIXTURES}/"), ""))
            .collect();
        assert_eq!(&lines, expected, "{file}");
        let n = expected.len();
        assert!(
            stderr(&out).contains(&format!(
                "error: {n} defect{} in 1 of 1 runbook file",
                if n == 1 { "" } else { "s" }
            )),
            "{file}: {}",
            stderr(&out)
        );
    }
}

/// More of what a check may not run, each through the binary: the defect names
/// the line, and the same command passes on a step that says privileged = true.
#[test]
fn commands_outside_the_allow_list_are_defects_unless_the_step_is_privileged() {
    let env = Env::new();
    for (command, why) in [
        (
            "sort -o /tmp/out /etc/hosts",
            "'sort': option '-o' is not allowed",
        ),
        (
            "sysctl --system",
            "'sysctl': option '--system' is not allowed",
        ),
        (
            "sysctl -w kernel.hostname=x",
            "'sysctl': option '-w' is not allowed",
        ),
        (
            "sysctl kernel.hostname=x",
            "'kernel.hostname=x' sets a kernel value",
        ),
        (
            "hostname -F /tmp/name",
            "'hostname': option '-F' is not allowed",
        ),
        ("hostname newname", "'hostname' takes no operands here"),
        (
            "systemctl restart sshd",
            "'systemctl restart' is not read-only",
        ),
        (
            "smartctl -s off /dev/sda",
            "'smartctl': option '-s' is not allowed",
        ),
        (
            "smartctl -t long /dev/sda",
            "'smartctl': option '-t' is not allowed",
        ),
        ("cat /etc/gshadow", "'/etc/gshadow' holds password hashes"),
        ("cat /etc/ssh/ssh_host_ed25519_key", "is a private key"),
        ("cat /proc/1/environ", "exposes a process's environment"),
        ("grep -r pass /etc", "'grep': option '-r' is not allowed"),
        ("getent shadow", "'getent shadow' is not read-only"),
        ("sh -c id", "'sh' is not on the list of read-only programs"),
        ("ss -tanp | wc -l", "without pipes"),
        ("cat $(echo /etc/shadow)", "expansion ('$') is not allowed"),
    ] {
        let text = format!(
            "id = \"t\"\ntitle = \"T\"\nfirst = \"c\"\n\n[[step]]\nid = \"c\"\nkind = \"check\"\ntext = \"C\"\ncommand = '{command}'\nok = \"d\"\nfail = \"d\"\n\n[[step]]\nid = \"d\"\nkind = \"outcome\"\ntext = \"D\"\nresult = \"resolved\"\n"
        );
        let file = env.write("t.toml", &text);
        let out = env
            .ops()
            .args(["runbook", "check"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(78), "{command}: {}", stderr(&out));
        let line = stdout(&out);
        assert!(
            line.starts_with(&format!(
                "{}:9:11: check 'c' runs a command that is not read-only: ",
                file.display()
            )) && line.contains(why),
            "{command}: {line}"
        );
        let privileged = text.replace("ok = \"d\"", "privileged = true\nok = \"d\"");
        env.write("t.toml", &privileged);
        let out = env
            .ops()
            .args(["runbook", "check"])
            .arg(&file)
            .output()
            .unwrap();
        assert_success(&out);
    }
    let out = check_fixture(&env, "privileged.toml");
    assert_success(&out);
    // `privileged` belongs to command checks only.
    let text = "id = \"t\"\ntitle = \"T\"\nfirst = \"c\"\n\n[[step]]\nid = \"c\"\nkind = \"check\"\ntext = \"C\"\nprobe = \"link\"\nprivileged = true\nok = \"d\"\nfail = \"d\"\n\n[[step]]\nid = \"d\"\nkind = \"outcome\"\ntext = \"D\"\nresult = \"resolved\"\n";
    let file = env.write("p.toml", text);
    let out = env
        .ops()
        .args(["runbook", "check"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stdout(&out).contains(":10:14: 'privileged' applies to 'command' checks only"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn defects_in_json_carry_file_line_and_column() {
    let env = Env::new();
    let out = env
        .ops()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "runbook",
            "check",
            "--format",
            "json",
            &format!("{FIXTURES}/duplicate-id.toml"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    let v = json(&out);
    assert_eq!(v[0]["ok"], false);
    assert_eq!(v[0]["defects"][0]["line"], 21);
    assert_eq!(v[0]["defects"][0]["column"], 6);
    assert_eq!(
        v[0]["defects"][0]["file"],
        format!("{FIXTURES}/duplicate-id.toml")
    );
}

#[test]
fn a_defective_runbook_is_refused_by_show_and_diagnose_with_exit_78() {
    let env = Env::new();
    for args in [
        vec!["runbook", "show"],
        vec!["diagnose", "--answer", "start=yes"],
    ] {
        let out = env
            .ops()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(&args)
            .arg(format!("{FIXTURES}/unknown-next.toml"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(78), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(
                "tests/fixtures/runbooks/unknown-next.toml:11:25: unknown next step 'plug-in'"
            ),
            "{}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), "", "nothing is printed as a result");
    }
}

#[test]
fn runbooks_in_the_records_repository_are_checked_and_override_built_ins() {
    let env = Env::new();
    env.init_records();
    let dir = env.records.join("runbooks");
    std::fs::create_dir_all(&dir).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES);
    std::fs::copy(
        fixtures.join("site-no-power.toml"),
        dir.join("no-power.toml"),
    )
    .unwrap();
    let records = env.records.to_str().unwrap();

    let out = env
        .ops()
        .args(["--records", records, "runbook", "check"])
        .output()
        .unwrap();
    assert_success(&out);
    assert!(
        stderr(&out).contains("runbooks/no-power.toml (no-power)"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("4 runbook files checked, no defects"),
        "{}",
        stderr(&out)
    );

    let out = env
        .ops()
        .args(["--records", records, "runbook", "list", "--format", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    let list = json(&out);
    let power = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "no-power")
        .unwrap();
    assert_eq!(power["title"], "Site procedure: server does not power on");
    assert_eq!(power["overrides_builtin"], true);
    assert_eq!(power["steps"], 4);
    let out = env
        .ops()
        .args(["--records", records, "runbook", "list"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("(overrides built-in)"),
        "{}",
        stdout(&out)
    );

    let out = env
        .ops()
        .args(["--records", records, "runbook", "show", "no-power"])
        .output()
        .unwrap();
    assert_success(&out);
    assert!(
        stdout(&out).starts_with("no-power: Site procedure: server does not power on\n"),
        "{}",
        stdout(&out)
    );

    // The walk uses the override, and the record says which file it came from.
    let before = commit_count(&env.records);
    let out = env
        .ops()
        .env("OPS_NOW", "2026-11-22T06:00:00Z")
        .args([
            "--records",
            records,
            "diagnose",
            "no-power",
            "--answer",
            "ups=no",
            "--answer",
            "serial=SN-0042",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let record = json(&out);
    assert_eq!(record["outcome"]["status"], "escalated");
    assert_eq!(record["outcome"]["handover"][0], "serial number SN-0042");
    assert!(
        record["runbook_file"]
            .as_str()
            .unwrap()
            .ends_with("runbooks/no-power.toml")
    );
    assert_eq!(commit_count(&env.records), before + 1);

    // A defective override is an error, not a silent fall-back to the built-in.
    std::fs::copy(fixtures.join("unknown-next.toml"), dir.join("extra.toml")).unwrap();
    std::fs::write(
        dir.join("no-power.toml"),
        "id = \"no-power\"\ntitle = \"x\"\nfirst = \"nowhere\"\n",
    )
    .unwrap();
    let out = env
        .ops()
        .args(["--records", records, "runbook", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    let text = stdout(&out);
    assert!(
        text.contains("runbooks/extra.toml:11:25: unknown next step 'plug-in'"),
        "{text}"
    );
    assert!(
        text.contains("runbooks/no-power.toml:3:9: first step 'nowhere' is not defined"),
        "{text}"
    );
    let out = env
        .ops()
        .args([
            "--records",
            records,
            "diagnose",
            "no-power",
            "--answer",
            "outlet=yes",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("runbooks/no-power.toml:3:9: first step 'nowhere' is not defined"),
        "{}",
        stderr(&out)
    );
    let out = env
        .ops()
        .args(["--records", records, "runbook", "list"])
        .output()
        .unwrap();
    assert_success(&out);
    assert!(
        stderr(&out).contains("extra.toml is not usable (1 defect)"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stdout(&out).contains("no-power"),
        "a broken override is not listed as usable: {}",
        stdout(&out)
    );
    let _ = git(&env.records, &["status", "--porcelain"]);
}

#[test]
fn show_prints_a_tree_and_a_mermaid_flowchart() {
    let env = Env::new();
    let out = env
        .ops()
        .args(["runbook", "show", "no-display"])
        .output()
        .unwrap();
    assert_success(&out);
    let tree = stdout(&out);
    assert!(
        tree.starts_with("no-display: No display: the server runs but the monitor shows nothing\n"),
        "{tree}"
    );
    assert!(
        tree.contains("\nbmc-memory-events [check] Does the server's BMC log memory"),
        "{tree}"
    );
    assert!(
        tree.contains("├─ ok → monitor [do] Check the monitor"),
        "{tree}"
    );
    assert!(
        tree.contains("└─ unavailable → monitor (see above)"),
        "{tree}"
    );
    assert!(
        tree.contains("├─ display → resolved-monitor-cable [resolved]"),
        "{tree}"
    );
    assert!(
        tree.contains("└─ no → escalate-power-mainboard [escalate to vendor engineer]"),
        "{tree}"
    );

    let out = env
        .ops()
        .args(["runbook", "show", "no-network", "--mermaid"])
        .output()
        .unwrap();
    assert_success(&out);
    let m = stdout(&out);
    assert!(m.contains("flowchart TD\n"), "{m}");
    assert!(m.contains("    s_routes[[\"Routing table: is there a default route?<br/><i>probe default-route</i>\"]]"), "{m}");
    assert!(m.contains("    s_routes -->|\"ok\"| s_sockets"), "{m}");
    assert!(m.contains("    s_routes -->|\"fail\"| s_link"), "{m}");
    // Every step is a node and every branch an edge.
    let nodes = m
        .lines()
        .filter(|l| l.starts_with("    s_") && !l.contains("-->"))
        .count();
    assert_eq!(nodes, 42);

    let out = env
        .ops()
        .args(["runbook", "show", "no-power", "--format", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    let v = json(&out);
    assert_eq!(v["first"], "bmc-power");
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps[0]["probe"], "bmc-power");
    assert_eq!(steps[0]["unavailable"], "ups-input");
    let lcd = steps.iter().find(|s| s["id"] == "lcd-code").unwrap();
    assert_eq!(lcd["input"], "lcd_code");
    assert_eq!(lcd["next"], "lcd-act");
    let outlet = steps.iter().find(|s| s["id"] == "outlet").unwrap();
    assert_eq!(outlet["choices"][1]["next"], "restore-outlet");

    let out = env
        .ops()
        .args(["runbook", "show", "no-such"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out)
            .contains("there is no runbook 'no-such' (known: no-display, no-network, no-power)"),
        "{}",
        stderr(&out)
    );
}
