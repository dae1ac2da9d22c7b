//! `ops inspect net` end to end: the real binary against simulated Cisco
//! and Huawei devices behind a real sshd on loopback, the same captures
//! read with --capture, real git records repositories between runs.
//!
//! The captures are tests/fixtures/net/<platform>/{day1,day2,reload}; its
//! README says what changes between them and by how much.

mod support;

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};
use support::device::FakeDevice;
use support::*;

fn captures(platform: &str, day: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/net")
        .join(platform)
        .join(day)
}

/// An inventory entry for a simulated device.
fn device_entry(name: &str, d: &FakeDevice, extra: &str) -> String {
    format!(
        "[[device]]\nname = \"{name}\"\naddress = \"127.0.0.1\"\nport = {}\nuser = \"{}\"\nplatform = \"{}\"\n{extra}\n",
        d.sshd.port, d.sshd.user, d.platform
    )
}

/// Trust every device's host key. Each device's sshd accepts its own client
/// key, which the inventory names ([`key_line`]).
fn trust(env: &Env, devices: &[&FakeDevice]) {
    let mut lines = String::new();
    for d in devices {
        lines.push_str(&d.sshd.known_hosts_line("127.0.0.1"));
    }
    std::fs::write(env.home.join(".ssh/known_hosts"), lines).unwrap();
}

fn key_line(d: &FakeDevice) -> String {
    format!("key = \"{}\"", d.sshd.client_key.display())
}

fn ops(env: &Env, args: &[&str], now: &str) -> Output {
    env.ops()
        .args(["inspect", "net"])
        .args(args)
        .args(["--format", "json"])
        .env("OPS_NOW", now)
        .output()
        .unwrap()
}

fn run_json(out: &Output) -> Value {
    let v = json(out);
    assert_eq!(v["kind"], "net", "{v}");
    v
}

fn target<'a>(run: &'a Value, name: &str) -> &'a Value {
    run["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == name)
        .unwrap_or_else(|| panic!("no target {name} in {run}"))
}

fn finding<'a>(t: &'a Value, check: &str, subject: Option<&str>) -> &'a Value {
    t["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check && subject.is_none_or(|s| f["subject"] == s))
        .unwrap_or_else(|| panic!("no {check} {subject:?} in {:#}", t["findings"]))
}

/// `(subject, status, value)` of every error-counter finding.
fn errors(t: &Value) -> Vec<(String, String, Value)> {
    t["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "interface.errors" && f["subject"].is_string())
        .map(|f| {
            (
                f["subject"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
                f["value"].clone(),
            )
        })
        .collect()
}

fn row(subject: &str, status: &str, value: Value) -> (String, String, Value) {
    (subject.to_string(), status.to_string(), value)
}

#[test]
fn over_ssh_the_findings_are_those_of_the_same_captures() {
    for (platform, host) in [("cisco_ios", "sw-core1"), ("huawei_vrp", "S5720-A")] {
        let d = FakeDevice::start(platform, &captures(platform, "day1"));
        d.put("hostname", host);
        let env = Env::new();
        trust(&env, &[&d]);
        // Thresholds from a group and from the device itself apply to both.
        let inventory = format!(
            "{}[group.core]\nmembers = [\"dev\"]\nthresholds = {{ memory_used_pct = {{ warn = 90, crit = 95 }} }}\n",
            device_entry(
                "dev",
                &d,
                &format!(
                    "{}\nthresholds = {{ expected_prefixes = [\"172.16.0.0/16\", \"192.168.99.0/24\"] }}",
                    key_line(&d)
                )
            )
        );
        let inv = env.write("inventory.toml", &inventory);
        let inv = inv.to_str().unwrap();
        let ssh = ops(
            &env,
            &["dev", "--inventory", inv, "--no-record"],
            "2024-03-05T06:00:00Z",
        );
        let over_ssh = run_json(&ssh);
        let t = target(&over_ssh, "dev");
        assert_eq!(t["error"], Value::Null, "{platform}: {t:#}");
        assert!(
            t["address"].as_str().unwrap().contains("127.0.0.1"),
            "{}",
            t["address"]
        );
        let dir = captures(platform, "day1");
        let cap = ops(
            &env,
            &[
                "dev",
                "--capture",
                dir.to_str().unwrap(),
                "--inventory",
                inv,
                "--no-record",
            ],
            "2024-03-05T06:00:00Z",
        );
        let from_captures = run_json(&cap);
        assert_eq!(
            t["findings"],
            target(&from_captures, "dev")["findings"],
            "{platform}: SSH and --capture disagree"
        );
        assert_eq!(ssh.status.code(), cap.status.code());
        assert_eq!(ssh.status.code(), Some(2), "{platform}: {}", stderr(&ssh));
        // What the checks found (the same both ways).
        assert_eq!(finding(t, "memory", None)["status"], "ok", "group layer");
        assert_eq!(
            finding(t, "routes.expected", Some("192.168.99.0/24"))["status"],
            "crit"
        );
        assert_eq!(
            finding(t, "routes.expected", Some("172.16.0.0/16"))["status"],
            "ok"
        );
        assert_eq!(finding(t, "environment", None)["status"], "ok");
        assert_eq!(finding(t, "interface.protocol", None)["status"], "crit");
        assert_eq!(finding(t, "interface.down", None)["status"], "warn");
        // Only read-only commands were typed: paging off first, then show or
        // display commands, and no pager key (paging was off).
        let typed = d.received();
        let paging = if platform == "cisco_ios" {
            "terminal length 0"
        } else {
            "screen-length 0 temporary"
        };
        assert_eq!(typed[0], paging, "{typed:?}");
        let verb = if platform == "cisco_ios" {
            "show "
        } else {
            "display "
        };
        assert!(typed[1..].iter().all(|c| c.starts_with(verb)), "{typed:?}");
        assert!(typed.len() >= 8, "{typed:?}");
    }
}

#[test]
fn a_device_that_stops_answering_is_unknown_within_the_deadline_and_the_others_go_on() {
    let hung = FakeDevice::start("cisco_ios", &captures("cisco_ios", "day1"));
    hung.put("hang-on", "show interfaces");
    let healthy = FakeDevice::start("huawei_vrp", &captures("huawei_vrp", "day1"));
    let env = Env::new();
    trust(&env, &[&hung, &healthy]);
    let inv = env.write(
        "inventory.toml",
        &format!(
            "{}{}",
            device_entry("hung", &hung, &key_line(&hung)),
            device_entry("healthy", &healthy, &key_line(&healthy))
        ),
    );
    let inv = inv.to_str().unwrap();

    // The command deadline cuts the hung command.
    let started = Instant::now();
    let out = ops(
        &env,
        &[
            "--inventory",
            inv,
            "--no-record",
            "--command-timeout",
            "3s",
            "--timeout",
            "60s",
        ],
        "2024-03-05T06:00:00Z",
    );
    let took = started.elapsed();
    assert!(took < Duration::from_secs(15), "{took:?}");
    // Both devices have a crit finding in their day-1 captures, and crit
    // outranks the hung device's unknowns (crit > unknown > warn > ok).
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let run = run_json(&out);
    let t = target(&run, "hung");
    assert_eq!(t["status"], "crit");
    // What was read before it stopped is judged; the rest is unknown, saying why.
    assert_eq!(finding(t, "version", None)["status"], "ok");
    assert_eq!(finding(t, "interface.down", None)["status"], "warn");
    let errors = finding(t, "interface.errors", None);
    assert_eq!(errors["status"], "unknown");
    let why = errors["message"].as_str().unwrap();
    // The message names the deadline that cut it: the command's own.
    assert_eq!(
        why, "`show interfaces`: did not finish within 3 s (--command-timeout)",
        "{why}"
    );
    let cpu = finding(t, "cpu", None);
    assert_eq!(cpu["status"], "unknown");
    assert!(
        cpu["message"].as_str().unwrap().starts_with("not read:"),
        "{cpu}"
    );
    assert!(
        t["duration_ms"].as_u64().unwrap() < 8000,
        "{}",
        t["duration_ms"]
    );
    // The other device was inspected in full.
    let h = target(&run, "healthy");
    assert_eq!(h["status"], "crit");
    assert_eq!(finding(h, "cpu", None)["status"], "ok");

    // The device deadline cuts it too, when it comes first.
    let started = Instant::now();
    let out = ops(
        &env,
        &["hung", "--inventory", inv, "--no-record", "--timeout", "4s"],
        "2024-03-05T06:00:00Z",
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(2), "crit outranks unknown");
    let run = run_json(&out);
    assert_eq!(
        finding(target(&run, "hung"), "interface.errors", None)["status"],
        "unknown"
    );
}

/// Three runs of one device against one records repository: day 1, day 2
/// (counters grown by known amounts), after a reload.
fn three_runs(env: &Env, args: &[&str], swap: &dyn Fn(&str)) -> [Value; 3] {
    let mut runs = Vec::new();
    for (day, now) in [
        ("day1", "2024-03-05T06:00:00Z"),
        ("day2", "2024-03-06T06:00:00Z"),
        ("reload", "2024-03-07T06:00:00Z"),
    ] {
        swap(day);
        let mut a: Vec<&str> = args.to_vec();
        let records = env.records.to_str().unwrap();
        a.extend(["--records", records]);
        let out = ops(env, &a, now);
        assert!(out.status.code().unwrap() <= 3, "{}", stderr(&out));
        runs.push(run_json(&out));
    }
    runs.try_into().unwrap()
}

#[test]
fn cisco_over_ssh_a_second_run_judges_only_the_growth_and_a_reload_counts_from_zero() {
    let d = FakeDevice::start("cisco_ios", &captures("cisco_ios", "day1"));
    let env = Env::new();
    env.init_records();
    trust(&env, &[&d]);
    let inv = env.write(
        "inventory.toml",
        &device_entry("sw-core1", &d, &key_line(&d)),
    );
    let inv = inv.to_str().unwrap().to_string();
    let [day1, day2, reload] = three_runs(&env, &["sw-core1", "--inventory", &inv], &|day| {
        d.serve(&captures("cisco_ios", day))
    });

    let t = target(&day1, "sw-core1");
    assert_eq!(
        errors(t),
        [
            row(
                "GigabitEthernet1/0/1",
                "warn",
                json!({"input_errors": 10, "crc": 8, "frame": 2, "interface_resets": 1, "output_drops": 100})
            ),
            row("Vlan10", "warn", json!({"input_errors": 50})),
        ]
    );
    assert!(
        finding(t, "interface.errors", Some("Vlan10"))["message"]
            .as_str()
            .unwrap()
            .starts_with("first inspection, judged on absolute counts")
    );
    assert_eq!(finding(t, "reload", None)["status"], "skip");

    let t = target(&day2, "sw-core1");
    assert_eq!(
        errors(t),
        [
            row(
                "GigabitEthernet1/0/1",
                "crit",
                json!({"input_errors": 15, "crc": 12, "frame": 3, "output_drops": 1500})
            ),
            row(
                "GigabitEthernet1/0/2",
                "warn",
                json!({"collisions": 3, "late_collision": 1})
            ),
            row("Vlan10", "warn", json!({"input_errors": 4})),
        ]
    );
    assert_eq!(
        finding(t, "interface.errors", Some("GigabitEthernet1/0/1"))["message"],
        "crc +12, frame +3, input_errors +15, output_drops +1500 since the last inspection (2024-03-05 06:00 UTC)"
    );
    assert!(
        finding(t, "interface.errors", Some("Vlan10"))["message"]
            .as_str()
            .unwrap()
            .starts_with("counters were cleared since the last inspection")
    );
    assert_eq!(finding(t, "reload", None)["status"], "ok");
    assert_eq!(t["status"], "crit");

    let t = target(&reload, "sw-core1");
    let r = finding(t, "reload", None);
    assert_eq!(r["status"], "warn");
    assert_eq!(
        r["message"],
        "reloaded since the last inspection (2024-03-06 06:00 UTC): up 2 h 5 min, was up 213 d 3 h"
    );
    assert_eq!(finding(t, "uptime", None)["status"], "warn");
    assert_eq!(
        errors(t),
        [row(
            "GigabitEthernet1/0/1",
            "warn",
            json!({"input_errors": 2, "crc": 2})
        )]
    );

    // Three commits, each with the device's record and its counters.
    let log = git(&env.records, &["log", "--format=%s", "-3"]);
    assert!(
        log.lines().all(|l| l.starts_with("inspect net: 1 target")),
        "{log}"
    );
    let files = files_under(&env.records.join("inspect/net/sw-core1"));
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(files[2].starts_with("2024/03/"), "{files:?}");
    let record: Value = serde_json::from_str(
        &std::fs::read_to_string(env.records.join("inspect/net/sw-core1").join(&files[2])).unwrap(),
    )
    .unwrap();
    assert_eq!(record["kind"], "net");
    assert_eq!(record["metrics"]["uptime_seconds"], 7500);
    assert_eq!(
        record["metrics"]["counters"]["GigabitEthernet1/0/1"]["crc"],
        2
    );
    assert_eq!(record["metrics"]["platform"], "cisco_ios");
}

#[test]
fn huawei_from_swapped_captures_a_second_run_judges_only_the_growth() {
    let env = Env::new();
    env.init_records();
    let dir = env.dir.path().join("S5720-A");
    std::fs::create_dir_all(&dir).unwrap();
    let dir_s = dir.to_str().unwrap().to_string();
    let swap = |day: &str| {
        for e in std::fs::read_dir(captures("huawei_vrp", day))
            .unwrap()
            .flatten()
        {
            std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
        }
    };
    // No inventory: the directory is the device, named after it; the
    // platform is told by the file names.
    let [day1, day2, reload] = three_runs(&env, &["--capture", &dir_s], &swap);

    let t = target(&day1, "S5720-A");
    assert_eq!(t["address"], format!("capture {dir_s}"));
    assert_eq!(
        errors(t),
        [
            row(
                "GigabitEthernet0/0/1",
                "warn",
                json!({"input_errors": 15, "crc": 12, "frame": 3, "output_drops": 20})
            ),
            row(
                "GigabitEthernet0/0/2",
                "warn",
                json!({"input_errors": 7, "crc": 7})
            ),
        ]
    );

    let t = target(&day2, "S5720-A");
    assert_eq!(
        errors(t),
        [
            row(
                "GigabitEthernet0/0/1",
                "warn",
                json!({"input_errors": 25, "crc": 20, "frame": 5})
            ),
            row(
                "GigabitEthernet0/0/2",
                "warn",
                json!({"input_errors": 2, "crc": 2})
            ),
            row(
                "GigabitEthernet0/0/23",
                "warn",
                json!({"output_errors": 3, "collisions": 2, "late_collision": 1})
            ),
        ]
    );
    assert_eq!(finding(t, "cpu", None)["status"], "warn");
    assert_eq!(finding(t, "cpu", None)["value"], 75.0);
    assert_eq!(finding(t, "reload", None)["status"], "ok");

    let t = target(&reload, "S5720-A");
    assert_eq!(finding(t, "reload", None)["status"], "warn");
    assert_eq!(
        errors(t),
        [row(
            "GigabitEthernet0/0/1",
            "warn",
            json!({"input_errors": 3, "crc": 3})
        )]
    );
    assert!(
        finding(t, "interface.errors", Some("GigabitEthernet0/0/1"))["message"]
            .as_str()
            .unwrap()
            .starts_with("the device reloaded since the last inspection (2024-03-06 06:00 UTC)")
    );
}

#[test]
fn several_captured_devices_one_subdirectory_each() {
    let env = Env::new();
    let dir = env.dir.path().join("captures");
    for (name, platform) in [("sw-core1", "cisco_ios"), ("S5720-A", "huawei_vrp")] {
        let to = dir.join(name);
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(captures(platform, "day1"))
            .unwrap()
            .flatten()
        {
            // Names with spaces and .txt are read as well.
            let name = e.file_name().to_string_lossy().replace('_', " ") + ".txt";
            std::fs::copy(e.path(), to.join(name)).unwrap();
        }
    }
    let inv = env.write(
        "inventory.toml",
        "[[device]]\nname = \"sw-core1\"\nplatform = \"cisco_ios\"\n[[device]]\nname = \"S5720-A\"\nplatform = \"huawei_vrp\"\n[[device]]\nname = \"not-captured\"\nplatform = \"cisco_ios\"\n",
    );
    let out = ops(
        &env,
        &[
            "--capture",
            dir.to_str().unwrap(),
            "--inventory",
            inv.to_str().unwrap(),
            "--no-record",
        ],
        "2024-03-05T06:00:00Z",
    );
    let run = run_json(&out);
    let names: Vec<&str> = run["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["sw-core1", "S5720-A"]);
    for t in run["targets"].as_array().unwrap() {
        assert_eq!(finding(t, "version", None)["status"], "ok", "{t:#}");
        assert_eq!(finding(t, "environment", None)["status"], "ok", "{t:#}");
    }
    // An address needs a platform; a name with no captures says what is missing.
    let out = env
        .ops()
        .args([
            "inspect",
            "net",
            "admin@192.0.2.1",
            "--inventory",
            inv.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    assert!(stderr(&out).contains("--platform"), "{}", stderr(&out));
    let out = env
        .ops()
        .args([
            "inspect",
            "net",
            "--capture",
            dir.to_str().unwrap(),
            "all",
            "--inventory",
            inv.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    assert!(stderr(&out).contains("not-captured"), "{}", stderr(&out));
}

#[test]
fn no_devices_is_nothing_to_inspect_and_bad_thresholds_are_configuration_errors() {
    let env = Env::new();
    let out = env.ops().args(["inspect", "net"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing to inspect (the inventory has no [[device]] entries"),
        "{}",
        stderr(&out)
    );
    let inv = env.write(
        "inventory.toml",
        "[[device]]\nname = \"sw1\"\nplatform = \"cisco_ios\"\nthresholds = { expected_prefixes = [\"10.0.0.0\"] }\n",
    );
    let out = env
        .ops()
        .args(["inspect", "net", "--inventory", inv.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    let err = stderr(&out);
    assert!(
        err.contains("inventory.toml:2:8") && err.contains("not a prefix"),
        "{err}"
    );
}

const PASSWORD_USER: &str = "opsnetpw";
const PASSWORD: &str = "Test-only pw 7#q";

/// An account that logs in with a password only (as root; created once).
fn password_user() -> Option<&'static str> {
    if !is_root() {
        eprintln!("skipped: creating a password account needs root");
        return None;
    }
    let exists = std::process::Command::new("id")
        .arg(PASSWORD_USER)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !exists {
        let _ = std::process::Command::new("useradd")
            .args([
                "-m",
                "-s",
                "/bin/sh",
                "-c",
                "ops test device (password)",
                PASSWORD_USER,
            ])
            .output();
    }
    let mut child = std::process::Command::new("chpasswd")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD_USER}:{PASSWORD}\n").as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    Some(PASSWORD_USER)
}

#[test]
fn a_device_that_takes_only_a_password() {
    let Some(user) = password_user() else {
        return;
    };
    let d = FakeDevice::start_with(
        "cisco_ios",
        &captures("cisco_ios", "day1"),
        vec![
            format!("AllowUsers {user}"),
            format!("Match User {user}"),
            "  PasswordAuthentication yes".into(),
        ],
    );
    let env = Env::new();
    env.init_records();
    trust(&env, &[&d]);
    let inv = env.write(
        "inventory.toml",
        &format!(
            "[[device]]\nname = \"pw-sw\"\naddress = \"127.0.0.1\"\nport = {}\nuser = \"{user}\"\nplatform = \"cisco_ios\"\npassword_env = \"OPS_TEST_DEVICE_PW\"\n",
            d.sshd.port
        ),
    );
    let run = |pw: Option<&str>| {
        let mut cmd = env.ops();
        cmd.args(["inspect", "net", "--format", "json", "--inventory"])
            .arg(&inv)
            .arg("--records")
            .arg(&env.records);
        if let Some(pw) = pw {
            cmd.env("OPS_TEST_DEVICE_PW", pw);
        }
        cmd.output().unwrap()
    };
    let out = run(Some(PASSWORD));
    let v = run_json(&out);
    let t = target(&v, "pw-sw");
    assert_eq!(t["error"], Value::Null, "{t:#}\n{}", d.sshd.log());
    assert_eq!(finding(t, "version", None)["status"], "ok");

    let out = run(Some("wrong password"));
    let v = run_json(&out);
    let why = target(&v, "pw-sw")["error"].as_str().unwrap().to_string();
    assert!(
        why.contains("authentication failed") && why.contains("$OPS_TEST_DEVICE_PW"),
        "{why}"
    );
    assert!(!why.contains("wrong password"), "{why}");

    let out = run(None);
    let v = run_json(&out);
    let why = target(&v, "pw-sw")["error"].as_str().unwrap().to_string();
    assert!(why.contains("OPS_TEST_DEVICE_PW is not set"), "{why}");

    // The password is nowhere in what ops printed or recorded.
    assert!(!stdout(&out).contains(PASSWORD) && !stderr(&out).contains(PASSWORD));
    let grep = std::process::Command::new("grep")
        .args(["-r", "-F", PASSWORD])
        .arg(&env.records)
        .output()
        .unwrap();
    assert!(grep.stdout.is_empty(), "{}", text(&grep.stdout));
}
