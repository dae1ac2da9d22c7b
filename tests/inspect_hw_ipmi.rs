//! `ops inspect hw` over IPMI 2.0 end to end: the real binary and the real
//! `ipmitool -I lanplus` against OpenIPMI's BMC simulator (`ipmi_sim`,
//! Debian `openipmi`) on loopback, with a LAN channel, a user with a
//! password, and the sensors, SEL entries and power state each test sets
//! up in its command file. Also the in-band `ipmitool sdr elist` of
//! `ops inspect host`, with the host's ipmitool talking to the simulator.

mod support;

use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use support::ipmi_sim::*;
use support::sshd::{Options, Sshd};
use support::*;

struct Case {
    env: Env,
    inventory: PathBuf,
    config: PathBuf,
    password: String,
    path: Option<String>,
    /// Runs so far: each run is a minute after the previous one, so that
    /// the next finds the last as its previous record.
    runs: std::cell::Cell<u32>,
}

impl Case {
    fn new(address: &str, port: u16) -> Case {
        let env = Env::new();
        env.init_records();
        let inventory = env.write(
            "inventory.toml",
            &format!(
                "[[bmc]]\nname = \"db1-bmc\"\nprotocol = \"ipmi\"\naddress = \"{address}\"\nport = {port}\n\
                 user = \"{MONITOR}\"\npassword_env = \"BMC_PW\"\n"
            ),
        );
        let config = env.write("ops.toml", "schema = 1\n");
        Case {
            env,
            inventory,
            config,
            password: PASSWORD.into(),
            path: None,
            runs: std::cell::Cell::new(0),
        }
    }

    fn run(&self, extra: &[&str]) -> (Output, Value) {
        let mut cmd = self.env.ops();
        let n = self.runs.get();
        self.runs.set(n + 1);
        cmd.env("OPS_NOW", format!("2026-11-20T09:{n:02}:00Z"));
        if let Some(p) = &self.path {
            cmd.env("PATH", p);
        }
        let out = cmd
            .env("BMC_PW", &self.password)
            .args(["inspect", "hw", "--format", "json", "--inventory"])
            .arg(&self.inventory)
            .arg("--config")
            .arg(&self.config)
            .arg("--records")
            .arg(&self.env.records)
            .args(extra)
            .output()
            .unwrap();
        let run = json(&out);
        (out, run)
    }

    /// The record the last run committed.
    fn record(&self) -> Value {
        let changed = git(
            &self.env.records,
            &["show", "--name-only", "--format=", "HEAD"],
        );
        let file = changed
            .lines()
            .find(|f| f.starts_with("inspect/hw/db1-bmc/") && f.ends_with(".json"))
            .unwrap_or_else(|| {
                panic!("no inspect/hw/db1-bmc record in the last commit: {changed}")
            });
        serde_json::from_str(&std::fs::read_to_string(self.env.records.join(file)).unwrap())
            .unwrap()
    }
}

fn findings(run: &Value) -> &Vec<Value> {
    run["targets"][0]["findings"].as_array().unwrap()
}

fn find<'a>(run: &'a Value, check: &str, subject: Option<&str>) -> &'a Value {
    findings(run)
        .iter()
        .find(|f| f["check"] == check && subject.is_none_or(|s| f["subject"] == s))
        .unwrap_or_else(|| panic!("no {check} {subject:?} in {:#}", run["targets"][0]))
}

#[test]
fn a_healthy_bmc_is_ok_with_its_power_on() {
    let sim = IpmiSim::start(&Bmc::healthy());
    let case = Case::new(&sim.address, sim.port);
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{run:#}\n{}", stderr(&out));
    for f in findings(&run) {
        assert_eq!(f["status"], "ok", "{f}");
    }
    assert_eq!(
        find(&run, "power.state", None)["message"],
        "chassis power on"
    );
    assert_eq!(
        find(&run, "temperature", None)["message"],
        "all 1 sensors ok"
    );
    assert_eq!(find(&run, "fan", None)["status"], "ok");
    assert_eq!(find(&run, "power.supply", None)["status"], "ok");
    assert_eq!(find(&run, "sel", None)["message"], "no new SEL entries");
    let m = &case.record()["metrics"];
    assert_eq!(m["protocol"], "ipmi");
    assert_eq!(m["power_state"], "On");
    assert_eq!(m["health"], "OK");
    assert_eq!(m["readings"]["CPU Temp"], 45.0);
    assert_eq!(m["readings"]["Fan1"], 5400.0);
}

#[test]
fn a_hot_cpu_a_failed_psu_and_critical_sel_entries_are_crit_then_only_new_entries() {
    let sim = IpmiSim::start(&Bmc {
        cpu_temp: 95,
        psu_failed: true,
        sel: vec![SEL_MEMORY_UE],
        power_on: true,
    });
    let case = Case::new(&sim.address, sim.port);
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(2), "{run:#}\n{}", stderr(&out));
    let cpu = find(&run, "temperature", Some("CPU Temp"));
    assert_eq!(cpu["status"], "crit", "{cpu}");
    assert_eq!(
        cpu["threshold"],
        "the BMC's thresholds: non-recoverable > 100 °C, crit > 90 °C, warn > 80 °C"
    );
    let ps = find(&run, "power.supply", Some("PS1 Status"));
    assert_eq!(ps["status"], "crit", "{ps}");
    assert!(
        ps["message"].as_str().unwrap().contains("Failure detected"),
        "{ps}"
    );
    let ue = find(&run, "sel", Some("sel/1"));
    assert_eq!(ue["status"], "crit", "{ue}");
    assert!(
        ue["message"]
            .as_str()
            .unwrap()
            .contains("Uncorrectable ECC"),
        "{ue}"
    );
    // The BMC logged the CPU crossing its thresholds: warn, then crit.
    let crossings: Vec<&Value> = findings(&run)
        .iter()
        .filter(|f| f["check"] == "sel" && f["message"].as_str().unwrap().contains("CPU Temp"))
        .collect();
    assert!(crossings.iter().any(|f| f["status"] == "crit"), "{run:#}");
    assert_eq!(run["targets"][0]["status"], "crit");

    let record = case.record();
    let m = &record["metrics"];
    assert_eq!(m["power_state"], "On", "{m:#}");
    assert_eq!(m["health"], "Critical");
    let recent = m["sel_recent"].as_array().unwrap();
    assert_eq!(recent.len(), 3, "{m:#}");
    assert_eq!(recent[0]["sensor_type"], "Memory");
    assert_eq!(recent[0]["severity"], "Critical");
    assert_eq!(recent[2]["sensor_type"], "Temperature");
    let last = recent[2]["id"].as_str().unwrap().to_string();
    assert_eq!(m["sel"]["last_id"], last.as_str());

    // A processor IERR and a deasserted memory error are logged meanwhile:
    // the next run reports those two only.
    sim.add_sel("0x04 0x07 0x09 0x6f 0x00 0xff 0xff\n0x04 0x0c 0x05 0xef 0x01 0xff 0xff\n");
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(2), "{run:#}");
    let sel: Vec<&Value> = findings(&run)
        .iter()
        .filter(|f| f["check"] == "sel")
        .collect();
    assert_eq!(sel.len(), 1, "only the IERR is worth a finding: {sel:#?}");
    assert_eq!(sel[0]["status"], "crit");
    assert!(
        sel[0]["message"]
            .as_str()
            .unwrap()
            .contains("Processor #0x09: IERR asserted")
    );
    let m = &case.record()["metrics"];
    let recent = m["sel_recent"].as_array().unwrap();
    assert_eq!(recent.len(), 5);
    assert_eq!(recent[3]["sensor_type"], "Processor");
    assert_eq!(recent[4]["severity"], "OK", "a deasserted error is its end");

    // And a third run finds nothing new.
    let (_, run) = case.run(&[]);
    let sel: Vec<&Value> = findings(&run)
        .iter()
        .filter(|f| f["check"] == "sel")
        .collect();
    assert_eq!(sel.len(), 1);
    assert_eq!(sel[0]["message"], "no new SEL entries");
}

#[test]
fn a_powered_off_server_is_warn() {
    let sim = IpmiSim::start(&Bmc {
        power_on: false,
        ..Bmc::healthy()
    });
    let case = Case::new(&sim.address, sim.port);
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(1), "{run:#}");
    let p = find(&run, "power.state", None);
    assert_eq!(
        (p["status"].as_str(), p["message"].as_str()),
        (Some("warn"), Some("chassis power off"))
    );
    assert_eq!(case.record()["metrics"]["power_state"], "Off");
}

#[test]
fn a_wrong_password_is_unknown_and_no_password_is_shown_or_passed() {
    let sim = IpmiSim::start(&Bmc::healthy());
    let mut case = Case::new(&sim.address, sim.port);
    case.password = "Not-the-pw-42".into();
    // A wrapper first on PATH logs how ipmitool is started.
    let wrap = tempfile::tempdir().unwrap();
    let log = wrap.path().join("argv.log");
    let script = wrap.path().join("ipmitool");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n{{ echo \"ARGS: $*\"; env; for a in \"$@\"; do case $a in /dev/fd/*) echo \"FILE: $(cat \"$a\")\";; esac; done; }} >>{} 2>&1\nexec /usr/bin/ipmitool \"$@\"\n",
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    case.path = Some(format!(
        "{}:{}",
        wrap.path().display(),
        std::env::var("PATH").unwrap_or_default()
    ));
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(3), "{run:#}\n{}", stderr(&out));
    let t = &run["targets"][0];
    assert_eq!(t["status"], "unknown", "{t:#}");
    let all = format!("{}{}{}", stdout(&out), stderr(&out), case.record());
    assert!(
        all.contains("the BMC refused the password of user monitor"),
        "{all}"
    );
    assert!(!all.contains("Not-the-pw-42"), "{all}");
    let log = std::fs::read_to_string(&log).unwrap();
    let (passed, file): (Vec<&str>, Vec<&str>) =
        log.lines().partition(|l| !l.starts_with("FILE: "));
    assert!(
        !passed.join("\n").contains("Not-the-pw-42"),
        "in argv or environment:\n{log}"
    );
    assert!(log.contains("-f /dev/fd/3"), "{log}");
    assert_eq!(
        file.first(),
        Some(&"FILE: Not-the-pw-42"),
        "the pipe holds it: {log}"
    );
}

#[test]
fn a_port_where_nothing_answers_is_crit_reach_within_the_timeout() {
    need("/usr/bin/ipmitool", "ipmitool");
    // A socket that takes the packets and never answers, as a BMC behind a
    // dropping firewall or a hung one does.
    let silent = std::net::UdpSocket::bind(("127.0.0.1", 0)).unwrap();
    let port = silent.local_addr().unwrap().port();
    let case = Case::new("127.0.0.1", port);
    let started = Instant::now();
    let (out, run) = case.run(&["--timeout", "4s", "--connect-timeout", "1s"]);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(2), "{run:#}\n{}", stderr(&out));
    let r = find(&run, "reach", None);
    assert_eq!(r["status"], "crit", "{r}");
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .starts_with("not answering: no RMCP+"),
        "{r}"
    );
    assert!(took < Duration::from_secs(8), "took {took:?}");
    drop(silent);
}

// In-band: `ops inspect host` runs the host's `ipmitool sdr elist`. Here the
// host's ipmitool is a wrapper (first on the collection script's PATH,
// /usr/local/sbin, bind-mounted for the sshd only) that execs the real
// ipmitool over lanplus to the simulator, so the sensor findings come from
// a real IPMI stack. The script looks for /dev/ipmi0 first: the sshd's /dev
// is a directory of the nodes a session needs plus an `ipmi0`.

fn script(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A /dev for the sshd's mount namespace: null, zero, random, tty… and ipmi0.
fn fake_dev() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    for (name, major, minor) in [
        ("null", 1, 3),
        ("zero", 1, 5),
        ("full", 1, 7),
        ("random", 1, 8),
        ("urandom", 1, 9),
        ("tty", 5, 0),
        ("ptmx", 5, 2),
    ] {
        let st = Command::new("mknod")
            .args(["-m", "666"])
            .arg(d.join(name))
            .args(["c", &major.to_string(), &minor.to_string()])
            .status()
            .unwrap();
        assert!(st.success(), "mknod {name}");
    }
    for (name, to) in [
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
    ] {
        std::os::unix::fs::symlink(to, d.join(name)).unwrap();
    }
    for sub in ["pts", "shm"] {
        std::fs::create_dir(d.join(sub)).unwrap();
        std::fs::set_permissions(d.join(sub), std::fs::Permissions::from_mode(0o1777)).unwrap();
    }
    std::fs::write(d.join("ipmi0"), "").unwrap();
    dir
}

#[test]
fn in_band_sensors_come_from_a_real_ipmi_stack() {
    if !is_root() {
        eprintln!("skipped: bind mounts for the target need root");
        return;
    }
    let sim = IpmiSim::start(&Bmc {
        cpu_temp: 95,
        psu_failed: true,
        ..Bmc::healthy()
    });
    let tools = tempfile::tempdir().unwrap();
    let t = tools.path();
    std::fs::set_permissions(t, std::fs::Permissions::from_mode(0o755)).unwrap();
    let pw = t.join("bmc.pw");
    std::fs::write(&pw, format!("{PASSWORD}\n")).unwrap();
    std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o600)).unwrap();
    script(
        &t.join("sudo"),
        "#!/bin/sh\n[ \"$1\" = -n ] || { echo 'sudo: fake wants -n' >&2; exit 1; }\nshift\nexec \"$@\"\n",
    );
    script(
        &t.join("ipmitool"),
        &format!(
            "#!/bin/sh\nexec /usr/bin/ipmitool -I lanplus -C 3 -N 1 -R 2 -H {} -p {} -U {USER} -f {} \"$@\"\n",
            sim.address,
            sim.port,
            pw.display()
        ),
    );
    let dev = fake_dev();
    let sshd = Sshd::start_with(Options {
        binds: vec![
            (t.to_path_buf(), "/usr/local/sbin".into()),
            (dev.path().to_path_buf(), "/dev".into()),
        ],
        ..Options::default()
    });
    // The login is the unprivileged test account: the password file is its.
    let st = Command::new("chown")
        .arg(&sshd.user)
        .arg(&pw)
        .status()
        .unwrap();
    assert!(st.success());
    let env = Env::new();
    sshd.trust_from(&env.home);
    let config = env.write(
        "ops.toml",
        "schema = 1\n[thresholds.host]\ncheck_security_updates = false\nhw_sudo = true\n",
    );
    let out = env
        .ops()
        .args([
            "inspect",
            "host",
            &sshd.target(),
            "--format",
            "json",
            "--no-record",
            "--config",
        ])
        .arg(&config)
        .output()
        .unwrap();
    let run = json(&out);
    assert_eq!(
        run["targets"][0]["error"],
        Value::Null,
        "{run:#}\n{}",
        sshd.log()
    );
    let cpu = find(&run, "ipmi.sensor", Some("CPU Temp"));
    assert_eq!(cpu["status"], "crit", "{cpu}");
    assert_eq!(cpu["message"], "CPU Temp: 95 degrees C (status ucr)");
    let ps = find(&run, "ipmi.sensor", Some("PS1 Status"));
    assert_eq!(ps["status"], "crit", "{ps}");
    assert!(
        !findings(&run).iter().any(|f| f["subject"] == "Fan1"),
        "a fan in order is not a finding: {run:#}"
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn without_ipmitool_on_the_jump_host_the_target_is_unknown_saying_which_package() {
    // A PATH with git (for the records) and no ipmitool.
    let bin = tempfile::tempdir().unwrap();
    for tool in ["git", "sh"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .unwrap();
        let path = String::from_utf8_lossy(&found.stdout).trim().to_string();
        std::os::unix::fs::symlink(path, bin.path().join(tool)).unwrap();
    }
    let mut case = Case::new("127.0.0.1", 9);
    case.path = Some(bin.path().display().to_string());
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(3), "{run:#}\n{}", stderr(&out));
    let t = &run["targets"][0];
    assert_eq!(t["status"], "unknown", "{t:#}");
    assert!(
        t.to_string()
            .contains("ipmitool is not installed (Debian: ipmitool)"),
        "{t:#}"
    );
}
