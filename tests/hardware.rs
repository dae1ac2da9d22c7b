//! In-band hardware checks (issue 14 item 2) end to end: `ops inspect host`
//! against a real sshd on loopback whose sessions see, over /usr/local/sbin
//! (the first directory of the collection script's PATH, bind-mounted in
//! the server's own mount namespace), fake `storcli64`, `smartctl` and
//! `sudo` scripts printing the captures of tests/fixtures/hw. The login is
//! the unprivileged test account, so the tools run through `sudo -n`
//! (`hw_sudo = true`), as they would on a customer's host with the README's
//! sudoers lines.
//!
//! Needs root (bind mounts); without it the test says so and passes.

mod support;

use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use support::sshd::{Options, Sshd};
use support::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hw");

fn script(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A directory of fake tools; `sudo_ok` false makes sudo refuse as `sudo -n`
/// does without a matching NOPASSWD rule.
fn fake_tools(sudo_ok: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = d.join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    for f in [
        "storcli-degraded.json",
        "smartctl-ata-healthy.json",
        "smartctl-ata-sectors.json",
        "smartctl-scan-open.txt",
    ] {
        std::fs::copy(Path::new(FIXTURES).join(f), data.join(f)).unwrap();
        std::fs::set_permissions(data.join(f), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let data = data.display();
    if sudo_ok {
        script(
            &d.join("sudo"),
            "#!/bin/sh\n[ \"$1\" = -n ] || { echo 'sudo: fake wants -n' >&2; exit 1; }\nshift\nexec \"$@\"\n",
        );
    } else {
        script(
            &d.join("sudo"),
            "#!/bin/sh\necho 'sudo: a password is required' >&2\nexit 1\n",
        );
    }
    script(
        &d.join("storcli64"),
        &format!(
            "#!/bin/sh\n[ \"$*\" = '/call show all J' ] || {{ echo \"unexpected: $*\"; exit 1; }}\n\
             cat {data}/storcli-degraded.json\n"
        ),
    );
    script(
        &d.join("smartctl"),
        &format!(
            "#!/bin/sh\ncase \"$*\" in\n\
             '--scan-open') cat {data}/smartctl-scan-open.txt ;;\n\
             '-j -a -d sat /dev/sda') cat {data}/smartctl-ata-healthy.json ;;\n\
             '-j -a -d sat /dev/sdb') cat {data}/smartctl-ata-sectors.json; exit 64 ;;\n\
             *) echo \"unexpected: $*\"; exit 1 ;;\nesac\n"
        ),
    );
    dir
}

fn inspect(sshd: &Sshd, config: &str) -> (i32, Value) {
    let env = Env::new();
    sshd.trust_from(&env.home);
    let config = env.write("ops.toml", config);
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
        "{}\n{}",
        run,
        sshd.log()
    );
    (out.status.code().unwrap(), run)
}

fn find<'a>(run: &'a Value, check: &str, subject: Option<&str>) -> &'a Value {
    run["targets"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check && subject.is_none_or(|s| f["subject"] == s))
        .unwrap_or_else(|| panic!("no {check} {subject:?} in {:#}", run["targets"][0]))
}

const SUDO: &str =
    "schema = 1\n[thresholds.host]\ncheck_security_updates = false\nhw_sudo = true\n";
const NO_SUDO: &str = "schema = 1\n[thresholds.host]\ncheck_security_updates = false\n";

fn with_tools(sudo_ok: bool) -> (Sshd, tempfile::TempDir) {
    let tools = fake_tools(sudo_ok);
    let sshd = Sshd::start_with(Options {
        binds: vec![(tools.path().to_path_buf(), "/usr/local/sbin".into())],
        ..Options::default()
    });
    (sshd, tools)
}

#[test]
fn a_degraded_volume_is_crit_and_disks_are_judged_through_sudo() {
    if !is_root() {
        eprintln!("skipped: bind mounts for the target need root");
        return;
    }
    let (sshd, _tools) = with_tools(true);
    let (code, run) = inspect(&sshd, SUDO);
    let v = find(&run, "raid.volume", Some("c0/v1"));
    assert_eq!(v["status"], "crit", "{v}");
    assert!(v["message"].as_str().unwrap().contains("\"data\""), "{v}");
    assert_eq!(find(&run, "raid.volume", Some("c0/v0"))["status"], "ok");
    assert_eq!(find(&run, "raid.disk", Some("c0/e252s4"))["status"], "crit");
    assert_eq!(find(&run, "smart.health", Some("/dev/sda"))["status"], "ok");
    assert_eq!(
        find(&run, "smart.sectors", Some("/dev/sda"))["status"],
        "ok"
    );
    let sdb = find(&run, "smart.sectors", Some("/dev/sdb"));
    assert_eq!(sdb["status"], "warn", "{sdb}");
    assert!(
        sdb["message"].as_str().unwrap().contains("pending 3"),
        "{sdb}"
    );
    assert_eq!(run["targets"][0]["status"], "crit");
    assert_eq!(code, 2, "the exit status of a crit run");
    // No IPMI device on the test machine.
    let ipmi = find(&run, "ipmi.sensor", None);
    assert_eq!(ipmi["status"], "skip", "{ipmi}");

    // The record keeps the parsed volumes, drives and disks for reports.
    let env = Env::new();
    env.init_records();
    sshd.trust_from(&env.home);
    std::fs::write(env.records.join("ops.toml"), SUDO).unwrap();
    let out = env
        .ops()
        .arg("--records")
        .arg(&env.records)
        .args(["inspect", "host", &sshd.target(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let files = files_under(&env.records.join("inspect/host"));
    let file = files
        .iter()
        .find(|f| f.ends_with(".json"))
        .unwrap_or_else(|| panic!("no record in {files:?}"));
    let record: Value = serde_json::from_str(
        &std::fs::read_to_string(env.records.join("inspect/host").join(file)).unwrap(),
    )
    .unwrap();
    let m = &record["metrics"];
    assert_eq!(m["raid_volumes"].as_array().unwrap().len(), 2, "{m:#}");
    assert_eq!(m["raid_volumes"][1]["state"], "Dgrd");
    assert_eq!(m["raid_volumes"][1]["status"], "crit");
    assert_eq!(m["raid_drives"].as_array().unwrap().len(), 5);
    assert_eq!(m["smart_disks"][1]["device"], "/dev/sdb");
    assert_eq!(m["smart_disks"][1]["pending"], 3);

    // Without hw_sudo the unprivileged login does not run them: unknown, saying why.
    let (_, run) = inspect(&sshd, NO_SUDO);
    let r = find(&run, "raid.volume", None);
    assert_eq!(r["status"], "unknown", "{r}");
    assert!(
        r["message"].as_str().unwrap().contains("hw_sudo is off"),
        "{r}"
    );
    assert_eq!(find(&run, "smart.health", None)["status"], "unknown");
}

#[test]
fn sudo_refusing_is_unknown_with_its_reason() {
    if !is_root() {
        eprintln!("skipped: bind mounts for the target need root");
        return;
    }
    let (sshd, _tools) = with_tools(false);
    let (_, run) = inspect(&sshd, SUDO);
    for check in ["raid.volume", "smart.health"] {
        let f = find(&run, check, None);
        assert_eq!(f["status"], "unknown", "{f}");
        assert!(
            f["message"]
                .as_str()
                .unwrap()
                .contains("sudo -n refused: sudo: a password is required"),
            "{f}"
        );
    }
}

#[test]
fn a_host_without_the_tools_gets_skip_with_the_reason() {
    let sshd = Sshd::start();
    let (_, run) = inspect(&sshd, SUDO);
    let r = find(&run, "raid.volume", None);
    assert_eq!(r["status"], "skip", "{r}");
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .starts_with("no RAID controller tool"),
        "{r}"
    );
    let s = find(&run, "smart.health", None);
    assert_eq!(s["status"], "skip", "{s}");
    assert_eq!(s["message"], "smartctl is not installed (smartmontools)");
    let i = find(&run, "ipmi.sensor", None);
    assert_eq!(i["status"], "skip", "{i}");
    assert!(i["message"].as_str().unwrap().starts_with("no IPMI device"));
}
