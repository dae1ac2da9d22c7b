//! `ops backup net` end to end: simulated Cisco and Huawei devices behind
//! real sshds, a real git records repository, configurations that change by
//! one line or only in their timestamps.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use support::device::FakeDevice;
use support::*;

fn config(platform: &str, name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/net/config")
            .join(platform)
            .join(name),
    )
    .unwrap()
}

/// A device serving its running configuration (`variant`: "", ".clock" or
/// ".changed") and its saved one.
fn serve(d: &FakeDevice, variant: &str) {
    let (running, saved) = if d.platform == "cisco_ios" {
        ("show_running-config", "show_startup-config")
    } else {
        (
            "display_current-configuration",
            "display_saved-configuration",
        )
    };
    d.put(
        running,
        &config(&d.platform, &format!("{running}{variant}")),
    );
    d.put(saved, &config(&d.platform, saved));
}

fn start(platform: &str) -> FakeDevice {
    let empty = tempfile::tempdir().unwrap();
    let d = FakeDevice::start(platform, empty.path());
    serve(&d, "");
    d
}

struct Setup {
    env: Env,
    inventory: PathBuf,
}

fn setup(devices: &[(&str, &FakeDevice)], extra: &str) -> Setup {
    let env = Env::new();
    env.init_records();
    let mut known = String::new();
    let mut inv = String::new();
    for (name, d) in devices {
        known.push_str(&d.sshd.known_hosts_line("127.0.0.1"));
        inv.push_str(&format!(
            "[[device]]\nname = \"{name}\"\naddress = \"127.0.0.1\"\nport = {}\nuser = \"{}\"\nkey = \"{}\"\nplatform = \"{}\"\n",
            d.sshd.port,
            d.sshd.user,
            d.sshd.client_key.display(),
            d.platform
        ));
    }
    inv.push_str(extra);
    std::fs::write(env.home.join(".ssh/known_hosts"), known).unwrap();
    let inventory = env.write("inventory.toml", &inv);
    Setup { env, inventory }
}

fn backup(s: &Setup, args: &[&str]) -> (Output, Value) {
    let out = s
        .env
        .ops()
        .args(["backup", "net"])
        .args(args)
        .args(["--format", "json", "--inventory"])
        .arg(&s.inventory)
        .arg("--records")
        .arg(&s.env.records)
        .output()
        .unwrap();
    let v = json(&out);
    (out, v)
}

fn device<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["devices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["device"] == name)
        .unwrap_or_else(|| panic!("no {name} in {v:#}"))
}

fn finding<'a>(d: &'a Value, check: &str) -> &'a Value {
    d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check)
        .unwrap_or_else(|| panic!("no {check} in {d:#}"))
}

/// The lines the last commit added and removed in `path` (no context).
fn diff_lines(repo: &Path, path: &str) -> Vec<String> {
    git(
        repo,
        &["show", "--format=", "--unified=0", "HEAD", "--", path],
    )
    .lines()
    .filter(|l| {
        (l.starts_with('+') || l.starts_with('-')) && !l.starts_with("+++") && !l.starts_with("---")
    })
    .map(str::to_string)
    .collect()
}

#[test]
fn a_commit_only_when_a_configuration_really_changed_naming_the_devices() {
    let cisco = start("cisco_ios");
    let huawei = start("huawei_vrp");
    let s = setup(&[("sw-core1", &cisco), ("S5720-A", &huawei)], "");
    let repo = &s.env.records;
    let before = commit_count(repo);

    // First backup of both.
    let (out, v) = backup(&s, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(commit_count(repo), before + 1);
    assert_eq!(
        git(repo, &["log", "-1", "--format=%s"]).trim(),
        "backup net: first backup of sw-core1, S5720-A"
    );
    assert_eq!(v["commit"].as_str().unwrap().len(), 40);
    let c = device(&v, "sw-core1");
    assert_eq!(c["change"], "new");
    assert_eq!(c["path"], "config/sw-core1.cfg");
    assert_eq!(finding(c, "config.saved")["status"], "ok");
    let h = device(&v, "S5720-A");
    let saved = finding(h, "config.saved");
    assert_eq!(saved["status"], "warn");
    let why = saved["message"].as_str().unwrap();
    assert!(
        why.contains("differs from the saved one")
            && why.contains("1 line only in the running configuration, 1 only in the saved one")
            && why.contains("port default vlan 10"),
        "{why}"
    );
    // The files hold the configuration without volatile lines or secrets.
    let saved_cfg = std::fs::read_to_string(repo.join("config/sw-core1.cfg")).unwrap();
    assert!(saved_cfg.starts_with("!\nversion 15.0\n"), "{saved_cfg}");
    assert!(saved_cfg.contains(" description server-a\n"));
    for gone in [
        "Building configuration",
        "Current configuration",
        "Last configuration change",
        "NVRAM config last updated",
        "ntp clock-period",
        "$1$",
        "Publ1cRO",
        "045802150C2E",
        "0822455D0A16",
    ] {
        assert!(!saved_cfg.contains(gone), "{gone} in\n{saved_cfg}");
    }
    assert!(saved_cfg.contains("enable secret 5 <removed>\n"));
    assert!(saved_cfg.contains("snmp-server community <removed> RO\n"));
    assert!(saved_cfg.ends_with("ntp server 192.0.2.1\nend\n"));
    let vrp = std::fs::read_to_string(repo.join("config/S5720-A.cfg")).unwrap();
    // Private, as backups are: the layout and ACLs of a network stay its own.
    let mode = |rel: &str| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(repo.join(rel))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777
    };
    assert_eq!(mode("config/sw-core1.cfg"), 0o600);
    assert_eq!(mode("config/S5720-A.cfg"), 0o600);
    assert!(vrp.starts_with("#\nsysname S5720-A\n"), "{vrp}");
    for gone in ["!Software Version", "!Last configuration", "%^%#", "$1a$"] {
        assert!(!vrp.contains(gone), "{gone} in\n{vrp}");
    }

    // A day later only the clocks moved: nothing to commit. A file an older
    // ops left world-readable is made private all the same.
    {
        use std::os::unix::fs::PermissionsExt;
        let p = repo.join("config/sw-core1.cfg");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    serve(&cisco, ".clock");
    serve(&huawei, ".clock");
    let (out, v) = backup(&s, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        commit_count(repo),
        before + 1,
        "a clock-only change committed"
    );
    assert_eq!(v["commit"], Value::Null);
    assert_eq!(device(&v, "sw-core1")["change"], "unchanged");
    assert_eq!(device(&v, "S5720-A")["change"], "unchanged");
    assert_eq!(mode("config/sw-core1.cfg"), 0o600, "made private");
    assert!(
        stderr(&out).contains("nothing to commit"),
        "{}",
        stderr(&out)
    );

    // One line changed on the Cisco switch only.
    serve(&cisco, ".changed");
    let (out, v) = backup(&s, &[]);
    assert_eq!(commit_count(repo), before + 2);
    assert_eq!(
        git(repo, &["log", "-1", "--format=%s"]).trim(),
        "backup net: configuration changed on sw-core1"
    );
    assert_eq!(
        git(repo, &["show", "--format=", "--name-only", "HEAD"]).trim(),
        "config/sw-core1.cfg"
    );
    assert_eq!(
        diff_lines(repo, "config/sw-core1.cfg"),
        [
            "- description server-a",
            "+ description server-a (moved to rack 14)"
        ]
    );
    let c = device(&v, "sw-core1");
    assert_eq!(c["change"], "changed");
    // Not saved to the startup configuration yet: a warning.
    assert_eq!(finding(c, "config.saved")["status"], "warn");
    assert_eq!(device(&v, "S5720-A")["change"], "unchanged");
    assert_eq!(out.status.code(), Some(1));

    // And on the Huawei switch.
    serve(&huawei, ".changed");
    let (_, v) = backup(&s, &["S5720-A"]);
    assert_eq!(v["devices"].as_array().unwrap().len(), 1);
    assert_eq!(
        git(repo, &["log", "-1", "--format=%s"]).trim(),
        "backup net: configuration changed on S5720-A"
    );
    assert_eq!(
        diff_lines(repo, "config/S5720-A.cfg"),
        [" description to-server-2", " description to-server-2-new"]
            .iter()
            .zip(["-", "+"])
            .map(|(l, sign)| format!("{sign}{l}"))
            .collect::<Vec<_>>()
    );
    // Only read-only commands were typed.
    for d in [&cisco, &huawei] {
        let typed = d.received();
        assert!(
            typed.iter().all(|c| c.starts_with("show ")
                || c.starts_with("display ")
                || c == "terminal length 0"
                || c == "screen-length 0 temporary"),
            "{typed:?}"
        );
    }
}

#[test]
fn an_unreachable_device_is_unknown_and_the_others_are_backed_up() {
    let cisco = start("cisco_ios");
    let s = setup(
        &[("sw-core1", &cisco)],
        // Nothing listens there.
        &format!(
            "[[device]]\nname = \"gone\"\naddress = \"127.0.0.1\"\nport = {}\nplatform = \"huawei_vrp\"\n",
            support::sshd::free_port()
        ),
    );
    let (out, v) = backup(&s, &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let gone = device(&v, "gone");
    assert_eq!(gone["status"], "unknown");
    assert_eq!(gone["change"], "failed");
    assert!(
        gone["error"].as_str().unwrap().contains("cannot connect"),
        "{gone}"
    );
    assert_eq!(device(&v, "sw-core1")["change"], "new");
    assert_eq!(
        git(&s.env.records, &["log", "-1", "--format=%s"]).trim(),
        "backup net: first backup of sw-core1"
    );
    assert!(!s.env.records.join("config/gone.cfg").exists());
}

#[test]
fn a_device_that_rejects_the_saved_configuration_command_is_unknown_there_only() {
    let cisco = start("cisco_ios");
    // No startup configuration to show: the fake device rejects the command.
    std::fs::remove_file(cisco.captures().join("show_startup-config")).unwrap();
    let s = setup(&[("sw-core1", &cisco)], "");
    let (out, v) = backup(&s, &[]);
    assert_eq!(out.status.code(), Some(3));
    let c = device(&v, "sw-core1");
    assert_eq!(c["change"], "new");
    let saved = finding(c, "config.saved");
    assert_eq!(saved["status"], "unknown");
    assert!(
        saved["message"]
            .as_str()
            .unwrap()
            .contains("% Invalid input"),
        "{saved}"
    );
}

#[test]
fn without_a_records_repository_it_refuses() {
    let env = Env::new();
    let inv = env.write(
        "inventory.toml",
        "[[device]]\nname = \"sw1\"\nplatform = \"cisco_ios\"\n",
    );
    let out = env
        .ops()
        .args(["backup", "net", "--inventory"])
        .arg(&inv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains("records repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn take_net_names_the_command_that_backs_up_devices() {
    let env = Env::new();
    env.init_records();
    let before = commit_count(&env.records);
    let out = env
        .ops()
        .args(["backup", "take", "net", "--records"])
        .arg(&env.records)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        "error: net: no such file or directory; to back up network devices' \
         configurations use `ops backup net`"
    );
    assert_eq!(commit_count(&env.records), before, "nothing recorded");
    // A directory named `net` is a PATH like any other.
    let dir = env.dir.path().join("archives");
    env.write("net/a.txt", "a\n");
    let out = env
        .ops()
        .args(["backup", "take", "net", "--no-record", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).trim_end().ends_with(".tar.zst"),
        "{}",
        stdout(&out)
    );
}
