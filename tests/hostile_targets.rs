//! Targets that never finish or never stop talking, in one run with good
//! ones: each bad target is `unknown` within its deadline (or at the output
//! cap) with a reason naming the limit that applied, every good target is
//! inspected and recorded as usual, and the controller's memory stays small.
//!
//! The bad targets are real sshd logins whose command is forced per listen
//! address (`Match LocalAddress` + `ForceCommand`, as a login shell would
//! be): one sleeps, one prints a line a second, one floods stdout with
//! `yes`, one floods stderr. Databases: a port that takes the connection and
//! never answers, directly and through an SSH tunnel.

mod support;

use serde_json::Value;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};
use support::sshd::{Options, Sshd};
use support::*;

/// Slack on a loaded 2-core machine: a cut target may take this much longer
/// than its deadline.
const MARGIN: Duration = Duration::from_secs(4);

const LIGHT_CONFIG: &str = "[thresholds.host]\ncheck_security_updates = false\n";

/// What one `ops` run printed, how long it took and its peak memory.
struct Measured {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    wall: Duration,
    /// Peak resident set size of the `ops` process, from wait4(2), in KiB.
    max_rss_kib: i64,
}

// Reaped by wait4(2) below, which std's `wait` cannot do (it gives no rusage).
#[allow(clippy::zombie_processes)]
fn run_measured(mut cmd: Command) -> Measured {
    let started = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            pipe.read_to_end(&mut buf).unwrap();
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4 failed");
    let wall = started.elapsed();
    Measured {
        status: ExitStatus::from_raw(status),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        wall,
        max_rss_kib: usage.ru_maxrss,
    }
}

fn target<'a>(run: &'a Value, name: &str) -> &'a Value {
    run["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == name)
        .unwrap_or_else(|| panic!("no target {name} in {run:#}"))
}

fn seconds(t: &Value) -> f64 {
    t["duration_ms"]
        .as_f64()
        .unwrap_or_else(|| panic!("no duration in {t:#}"))
        / 1000.0
}

fn committed_files(records: &std::path::Path) -> String {
    let out = git_command()
        .arg("-C")
        .arg(records)
        .args(["show", "--name-only", "--format=", "HEAD"])
        .output()
        .unwrap();
    text(&out.stdout)
}

/// One sshd; each extra loopback address forces one hostile command.
fn hostile_sshd(forced: &[(&str, &str)]) -> Sshd {
    let mut addresses = vec!["127.0.0.1".to_string()];
    let mut extra = Vec::new();
    for (address, command) in forced {
        addresses.push(address.to_string());
        extra.push(format!("Match LocalAddress {address}"));
        extra.push(format!("    ForceCommand {command}"));
    }
    Sshd::start_with(Options {
        extra,
        addresses,
        ..Options::default()
    })
}

#[test]
fn sleeping_trickling_and_flooding_hosts_are_cut_and_the_good_ones_recorded() {
    let sshd = hostile_sshd(&[
        ("127.0.0.2", "sleep 600"),
        ("127.0.0.3", "while :; do echo tick; sleep 1; done"),
        ("127.0.0.4", "yes"),
        ("127.0.0.5", "yes >&2"),
    ]);
    let env = Env::new();
    sshd.trust_from(&env.home);
    env.init_records();
    let mut inventory = format!(
        "[defaults]\nuser = \"{}\"\nport = {}\n",
        sshd.user, sshd.port
    );
    let good: Vec<String> = (1..=6).map(|i| format!("good{i}")).collect();
    for name in &good {
        inventory.push_str(&format!(
            "[[host]]\nname = \"{name}\"\naddress = \"127.0.0.1\"\n"
        ));
    }
    let bad = [
        ("sleeper", "127.0.0.2"),
        ("trickler", "127.0.0.3"),
        ("flooder", "127.0.0.4"),
        ("stderr-flooder", "127.0.0.5"),
    ];
    for (name, address) in bad {
        inventory.push_str(&format!(
            "[[host]]\nname = \"{name}\"\naddress = \"{address}\"\n"
        ));
    }
    std::fs::write(env.records.join("inventory.toml"), inventory).unwrap();
    std::fs::write(env.records.join("ops.toml"), LIGHT_CONFIG).unwrap();
    let timeout = Duration::from_secs(6);

    let mut cmd = env.ops();
    cmd.current_dir(&env.records)
        .args(["inspect", "host", "--timeout", "6s", "--format", "json"]);
    let m = run_measured(cmd);
    let run: Value = serde_json::from_slice(&m.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", text(&m.stdout), text(&m.stderr)));
    // The good hosts are this machine, whose own health (a dead gateway, say)
    // may be crit, which outranks the bad hosts' unknown.
    let good_crit = good.iter().any(|n| target(&run, n)["status"] == "crit");
    let expected_exit = if good_crit { 2 } else { 3 };
    assert_eq!(
        m.status.code(),
        Some(expected_exit),
        "{run:#}\n{}",
        text(&m.stderr)
    );
    assert!(
        m.wall < timeout + MARGIN,
        "the run took {:?}; every target has {timeout:?}",
        m.wall
    );
    eprintln!(
        "one run of {} targets: wall {:?}, ops peak RSS {} KiB",
        good.len() + 4,
        m.wall,
        m.max_rss_kib
    );
    assert!(
        m.max_rss_kib < 100 * 1024,
        "ops peaked at {} KiB resident",
        m.max_rss_kib
    );

    for (name, expected) in [
        ("sleeper", "did not finish within 6 s"),
        ("trickler", "did not finish within 6 s"),
        ("flooder", "output exceeded 16 MiB"),
        ("stderr-flooder", "output exceeded 16 MiB"),
    ] {
        let t = target(&run, name);
        assert_eq!(t["status"], "unknown", "{t:#}");
        assert_eq!(t["error"], expected, "{t:#}");
    }
    for name in ["sleeper", "trickler"] {
        let took = seconds(target(&run, name));
        assert!(
            took >= 5.9 && took < (timeout + MARGIN).as_secs_f64(),
            "{name} took {took} s"
        );
    }
    for name in &good {
        let t = target(&run, name);
        assert_eq!(t["error"], Value::Null, "{t:#}");
        assert!(t["findings"].as_array().unwrap().len() > 5, "{t:#}");
    }
    let files = committed_files(&env.records);
    for name in good.iter().map(String::as_str).chain(bad.map(|(n, _)| n)) {
        assert!(
            files.contains(&format!("inspect/host/{name}/")),
            "{name} is not in the commit:\n{files}"
        );
    }
}

#[test]
fn the_output_cap_is_set_in_ops_toml_or_by_flag() {
    let sshd = hostile_sshd(&[("127.0.0.6", "yes")]);
    let env = Env::new();
    sshd.trust_from(&env.home);
    let config = env.write(
        "ops.toml",
        &format!("{LIGHT_CONFIG}[inspect]\nmax_output = \"2 MiB\"\n"),
    );
    let flood = format!("{}@127.0.0.6:{}", sshd.user, sshd.port);
    let run = |extra: &[&str]| {
        let out = env
            .ops()
            .arg("--config")
            .arg(&config)
            .args(["inspect", "host", &flood, &sshd.target()])
            .args(["--timeout", "20s", "--format", "json", "--no-record"])
            .args(extra)
            .output()
            .unwrap();
        let run = json(&out);
        assert_eq!(run["targets"][1]["error"], Value::Null, "{run:#}");
        run["targets"][0]["error"].as_str().unwrap().to_string()
    };
    assert_eq!(run(&[]), "output exceeded 2 MiB");
    assert_eq!(run(&["--max-output", "1MiB"]), "output exceeded 1 MiB");

    let out = env
        .ops()
        .args(["inspect", "host", "local", "--max-output", "lots"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains("--max-output"), "{}", stderr(&out));
}

#[test]
fn a_database_that_never_answers_is_cut_at_the_deadline_that_applied() {
    let sshd = Sshd::start();
    let env = Env::new();
    sshd.trust_from(&env.home);
    // Takes TCP connections and never says a word: a hung server.
    let hung = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = hung.local_addr().unwrap().port();
    let user = whoami();
    let inventory = env.write(
        "inventory.toml",
        &format!(
            "[[host]]\nname = \"gw\"\naddress = \"127.0.0.1\"\nport = {}\nuser = \"{}\"\n\
             [[db]]\nname = \"hung\"\nengine = \"postgres\"\naddress = \"127.0.0.1\"\nport = {port}\nuser = \"{user}\"\n\
             [[db]]\nname = \"hung-via\"\nengine = \"postgres\"\naddress = \"127.0.0.1\"\nport = {port}\nuser = \"{user}\"\nvia = \"gw\"\n\
             [[db]]\nname = \"hung-maria\"\nengine = \"mysql\"\naddress = \"127.0.0.1\"\nport = {port}\nuser = \"{user}\"\n",
            sshd.port, sshd.user
        ),
    );
    let started = Instant::now();
    // The target's deadline (3 s) is shorter than the connect timeout
    // (30 s): the message must name the 3 s, not the 30.
    let out = env
        .ops()
        .arg("--inventory")
        .arg(&inventory)
        .args(["inspect", "db", "hung", "hung-via", "hung-maria"])
        .args(["--timeout", "3s", "--connect-timeout", "30s"])
        .args(["--format", "json", "--no-record"])
        .output()
        .unwrap();
    let took = started.elapsed();
    let run = json(&out);
    assert_eq!(out.status.code(), Some(3), "{run:#}\n{}", stderr(&out));
    assert!(took < Duration::from_secs(3) + MARGIN, "took {took:?}");
    for name in ["hung", "hung-via", "hung-maria"] {
        let t = target(&run, name);
        assert_eq!(t["status"], "unknown", "{t:#}");
        assert_eq!(t["error"], "did not finish within 3 s", "{t:#}");
    }
    drop(hung);
}

#[test]
fn a_device_that_floods_or_trickles_is_cut_and_the_run_goes_on() {
    // No prompt ever comes: one device floods, one prints a line a second.
    let sshd = hostile_sshd(&[
        ("127.0.0.7", "yes"),
        ("127.0.0.8", "while :; do echo tick; sleep 1; done"),
    ]);
    let env = Env::new();
    sshd.trust_from(&env.home);
    let mut inventory = String::new();
    for (name, address) in [("flooding-sw", "127.0.0.7"), ("trickling-sw", "127.0.0.8")] {
        inventory.push_str(&format!(
            "[[device]]\nname = \"{name}\"\naddress = \"{address}\"\nport = {}\nuser = \"{}\"\nplatform = \"cisco_ios\"\n",
            sshd.port, sshd.user
        ));
    }
    let inventory = env.write("inventory.toml", &inventory);
    let started = Instant::now();
    let out = env
        .ops()
        .arg("--inventory")
        .arg(&inventory)
        .args(["inspect", "net", "--timeout", "4s", "--max-output", "4MiB"])
        .args(["--format", "json", "--no-record"])
        .output()
        .unwrap();
    let took = started.elapsed();
    let run = json(&out);
    assert_eq!(out.status.code(), Some(3), "{run:#}\n{}", stderr(&out));
    assert!(took < Duration::from_secs(4) + MARGIN, "took {took:?}");
    let flood = target(&run, "flooding-sw");
    assert_eq!(flood["error"], "output exceeded 4 MiB", "{flood:#}");
    let trickle = target(&run, "trickling-sw");
    assert_eq!(trickle["error"], "did not finish within 4 s", "{trickle:#}");
}
