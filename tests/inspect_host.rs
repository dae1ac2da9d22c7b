//! `ops inspect host` end to end: the real binary, real git records
//! repositories, a real sshd on loopback, and a real filesystem filled past
//! its limit.

mod support;

use serde_json::Value;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::sshd::Sshd;
use support::*;

/// The findings of one target in a `--format json` run.
fn findings(run: &Value, target: usize) -> &Vec<Value> {
    run["targets"][target]["findings"]
        .as_array()
        .expect("findings")
}

fn finding<'a>(
    run: &'a Value,
    target: usize,
    check: &str,
    subject: Option<&str>,
) -> Option<&'a Value> {
    findings(run, target)
        .iter()
        .find(|f| f["check"] == check && subject.is_none_or(|s| f["subject"] == s))
}

/// ops.toml for tests that are not about pending updates: apt's simulation
/// costs seconds of CPU per host, and twenty at once on a loaded 2-core CI
/// machine would be a test of the machine.
const LIGHT_CONFIG: &str = "[thresholds.host]\ncheck_security_updates = false\n";

fn inventory_for(sshd: &Sshd, names: &[&str]) -> String {
    let mut inv = format!(
        "[defaults]\nuser = \"{}\"\nport = {}\n",
        sshd.user, sshd.port
    );
    for n in names {
        inv.push_str(&format!(
            "[[host]]\nname = \"{n}\"\naddress = \"127.0.0.1\"\n"
        ));
    }
    inv
}

#[test]
fn the_local_machine_is_inspected_and_recorded_in_one_commit() {
    let env = Env::new();
    env.init_records();
    let before = commit_count(&env.records);
    let out = env
        .ops()
        .args(["inspect", "host", "local", "--format", "json", "--records"])
        .arg(&env.records)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    assert!(code <= 3, "exit {code}: {}", stderr(&out));
    let run = json(&out);
    assert_eq!(run["schema"], 1);
    assert_eq!(run["summary"]["targets"], 1);
    let status = run["targets"][0]["status"].as_str().unwrap().to_string();
    assert_eq!(
        code,
        ["ok", "warn", "crit", "unknown"]
            .iter()
            .position(|s| *s == status)
            .unwrap() as i32
    );
    // Real figures from this machine.
    let mem = finding(&run, 0, "memory", None).expect("memory finding");
    assert!(mem["status"] != "unknown", "{mem}");
    assert!(
        finding(&run, 0, "fs.usage", Some("/")).is_some(),
        "no finding for /: {:#?}",
        findings(&run, 0)
    );

    // The harness turns gateway pings off (OPS_GATEWAY_PING=0): a test run
    // sends nothing beyond loopback, and the gateway is judged by its
    // neighbour entry instead.
    for g in findings(&run, 0).iter().filter(|f| f["check"] == "gateway") {
        assert!(
            g["message"].as_str().unwrap().contains("ping turned off"),
            "{g}"
        );
    }
    assert_eq!(commit_count(&env.records), before + 1);
    let message = git(&env.records, &["log", "-1", "--format=%s"]);
    assert!(message.starts_with("inspect host: 1 target"), "{message}");
    let files = git(&env.records, &["show", "--name-only", "--format=", "HEAD"]);
    let files: Vec<&str> = files.lines().collect();
    assert_eq!(files.len(), 1);
    assert!(
        files[0].starts_with("inspect/host/") && files[0].ends_with(".json"),
        "{files:?}"
    );
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(env.records.join(files[0])).unwrap())
            .unwrap();
    assert_eq!(record["schema"], 1);
    assert_eq!(record["status"], status.as_str());
    assert_eq!(record["findings"], run["targets"][0]["findings"]);
}

/// `--no-gateway-ping` and `OPS_GATEWAY_PING=0` turn the ping off for the
/// run even where ops.toml asks for it; without either the configured value
/// holds. Shown with `--show-script`, so nothing is sent.
#[test]
fn no_gateway_ping_wins_over_the_configuration() {
    let env = Env::new();
    let config = env.write(
        "ops.toml",
        "schema = 1\n[thresholds.host]\ngateway_ping = true\n",
    );
    let script = |flag: bool, env_switch: bool| {
        let mut cmd = env.ops();
        cmd.gateway_ping_allowed();
        if env_switch {
            cmd.env("OPS_GATEWAY_PING", "0");
        }
        cmd.args(["inspect", "host", "--show-script", "--config"])
            .arg(&config);
        if flag {
            cmd.arg("--no-gateway-ping");
        }
        let out = cmd.output().unwrap();
        assert_success(&out);
        stdout(&out)
    };
    assert!(script(false, false).contains("\nOPS_PING=1\n"));
    assert!(script(true, false).contains("\nOPS_PING=0\n"));
    assert!(script(false, true).contains("\nOPS_PING=0\n"));
}

#[test]
fn without_a_records_repository_it_runs_and_says_nothing_was_recorded() {
    let env = Env::new();
    let out = env.ops().args(["inspect", "host"]).output().unwrap();
    assert!(out.status.code().unwrap() <= 3);
    assert!(stdout(&out).contains("TARGET"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("nothing recorded"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn over_ssh_the_figures_match_the_local_transport() {
    let sshd = Sshd::start();
    let env = Env::new();
    sshd.trust_from(&env.home);
    let out = env
        .ops()
        .args([
            "inspect",
            "host",
            "local",
            &sshd.target(),
            "--format",
            "json",
            "--no-record",
        ])
        .output()
        .unwrap();
    let run = json(&out);
    assert_eq!(
        run["targets"][1]["error"],
        Value::Null,
        "ssh target failed: {}",
        run["targets"][1]
    );
    let local = &run["targets"][0];
    let remote = &run["targets"][1];
    assert_eq!(
        remote["address"],
        format!("{}@127.0.0.1:{}", sshd.user, sshd.port)
    );
    // Same machine, two transports: what cannot change between two reads is equal.
    for check in ["os", "fs.usage"] {
        let l: Vec<_> = findings(&run, 0)
            .iter()
            .filter(|f| f["check"] == check)
            .map(|f| (&f["subject"], f["threshold"].clone()))
            .collect();
        let r: Vec<_> = findings(&run, 1)
            .iter()
            .filter(|f| f["check"] == check)
            .map(|f| (&f["subject"], f["threshold"].clone()))
            .collect();
        assert_eq!(l, r, "{check} differs between local and ssh");
    }
    let os = |t: &Value| {
        t["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["check"] == "os")
            .unwrap()["message"]
            .clone()
    };
    assert_eq!(os(local), os(remote));
    // Memory total is fixed; filesystem sizes too.
    let mem_total = |i| finding(&run, i, "memory", None).unwrap()["value"].clone();
    let (l, r) = (mem_total(0), mem_total(1));
    assert!(l.is_object() || l.is_number(), "memory value: {l}");
    if let (Some(lt), Some(rt)) = (l.get("total_bytes"), r.get("total_bytes")) {
        assert_eq!(lt, rt);
    }
}

#[test]
fn an_unknown_host_key_is_unknown_until_accepted() {
    let sshd = Sshd::start();
    let env = Env::new();
    sshd.trust_from(&env.home);
    std::fs::remove_file(env.home.join(".ssh/known_hosts")).unwrap();
    let out = env
        .ops()
        .args([
            "inspect",
            "host",
            &sshd.target(),
            "--format",
            "json",
            "--no-record",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let run = json(&out);
    let reason = run["targets"][0]["error"].as_str().unwrap();
    assert!(
        reason.contains("not in") && reason.contains("SHA256:"),
        "{reason}"
    );

    let out = env
        .ops()
        .args([
            "inspect",
            "host",
            &sshd.target(),
            "--accept-new-host-keys",
            "--format",
            "json",
            "--no-record",
        ])
        .output()
        .unwrap();
    assert_eq!(
        json(&out)["targets"][0]["error"],
        Value::Null,
        "{}",
        stdout(&out)
    );
    let known = std::fs::read_to_string(env.home.join(".ssh/known_hosts")).unwrap();
    assert_eq!(known, sshd.known_hosts_line("127.0.0.1"));
}

#[test]
fn a_wrong_client_key_is_unknown_with_an_authentication_reason() {
    let sshd = Sshd::start();
    let other = Sshd::start();
    let env = Env::new();
    sshd.trust_from(&env.home);
    std::fs::copy(&other.client_key, env.home.join(".ssh/id_ed25519")).unwrap();
    let out = env
        .ops()
        .args([
            "inspect",
            "host",
            &sshd.target(),
            "--format",
            "json",
            "--no-record",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let run = json(&out);
    assert_eq!(run["targets"][0]["status"], "unknown");
    assert!(
        run["targets"][0]["error"]
            .as_str()
            .unwrap()
            .contains("authentication failed"),
        "{}",
        run["targets"][0]
    );
}

#[test]
fn a_silent_port_becomes_unknown_within_the_deadline_and_the_others_go_on() {
    let sshd = Sshd::start();
    let env = Env::new();
    sshd.trust_from(&env.home);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming() {
            held.push(s);
        }
    });
    let started = Instant::now();
    let out = env
        .ops()
        .args([
            "inspect",
            "host",
            &format!("x@127.0.0.1:{silent}"),
            &sshd.target(),
        ])
        .args([
            "--connect-timeout",
            "1s",
            "--timeout",
            "20s",
            "--format",
            "json",
            "--no-record",
        ])
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
    let run = json(&out);
    // The silent port is unknown; this machine, read over SSH, may be crit,
    // which outranks it (crit > unknown > warn > ok).
    assert_eq!(run["targets"][0]["status"], "unknown");
    let crit = run["targets"][1]["status"] == "crit";
    assert_eq!(out.status.code(), Some(if crit { 2 } else { 3 }));
    assert!(
        run["targets"][0]["error"]
            .as_str()
            .unwrap()
            .contains("no SSH handshake"),
        "{}",
        run["targets"][0]
    );
    assert_eq!(
        run["targets"][1]["error"],
        Value::Null,
        "{}",
        run["targets"][1]
    );
}

#[test]
fn a_hanging_host_is_cut_at_its_deadline() {
    let sshd = Sshd::start_with(support::sshd::Options {
        extra: vec!["ForceCommand sleep 600".into()],
        ..Default::default()
    });
    let env = Env::new();
    sshd.trust_from(&env.home);
    let started = Instant::now();
    let out = env
        .ops()
        .args([
            "inspect",
            "host",
            &sshd.target(),
            "--timeout",
            "2s",
            "--format",
            "json",
            "--no-record",
        ])
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "took {:?}",
        started.elapsed()
    );
    let run = json(&out);
    assert_eq!(
        run["targets"][0]["error"], "did not finish within 2 s",
        "{}",
        run["targets"][0]
    );
}

#[test]
fn twenty_targets_make_twenty_records_in_one_commit() {
    let sshd = Sshd::start();
    let env = Env::new();
    sshd.trust_from(&env.home);
    env.init_records();
    let names: Vec<String> = (1..=20).map(|i| format!("node{i:02}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    std::fs::write(
        env.records.join("inventory.toml"),
        inventory_for(&sshd, &refs),
    )
    .unwrap();
    std::fs::write(env.records.join("ops.toml"), LIGHT_CONFIG).unwrap();
    let before = commit_count(&env.records);
    let out = env
        .ops()
        .current_dir(&env.records)
        .args(["inspect", "host", "--format", "json"])
        .output()
        .unwrap();
    let run = json(&out);
    assert_eq!(run["summary"]["targets"], 20);
    let order: Vec<&str> = run["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    assert_eq!(order, refs, "results keep inventory order");
    for t in run["targets"].as_array().unwrap() {
        assert_eq!(t["error"], Value::Null, "{t}");
    }
    assert_eq!(commit_count(&env.records), before + 1);
    let files = git(&env.records, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.lines().count(), 20);
    for n in &names {
        assert!(
            files.contains(&format!("inspect/host/{n}/")),
            "no record for {n}"
        );
    }
}

#[test]
fn two_runs_at_once_both_land_and_git_stays_clean() {
    let env = Env::new();
    env.init_records();
    let spawn = || {
        env.ops()
            .args(["inspect", "host", "local", "-q", "--records"])
            .arg(&env.records)
            .stdout(Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn(), spawn());
    let (ra, rb) = (a.wait().unwrap(), b.wait().unwrap());
    assert!(ra.code().unwrap() <= 3 && rb.code().unwrap() <= 3);
    let log = git(&env.records, &["log", "--format=%s"]);
    assert_eq!(
        log.lines()
            .filter(|l| l.starts_with("inspect host"))
            .count(),
        2,
        "{log}"
    );
    let host_dir = env.records.join("inspect/host");
    let records: Vec<_> = files_under(&host_dir)
        .into_iter()
        .filter(|f| f.ends_with(".json"))
        .collect();
    assert_eq!(records.len(), 2, "{records:?}");
    git(&env.records, &["fsck", "--strict", "--no-progress"]);
    assert_eq!(git(&env.records, &["status", "--porcelain"]), "");
}

#[test]
fn a_run_killed_mid_write_leaves_no_partial_record_and_the_next_succeeds() {
    let env = Env::new();
    env.init_records();
    for delay_ms in [5u64, 40, 80, 120, 200] {
        let mut child = env
            .ops()
            .args(["inspect", "host", "local", "-q", "--records"])
            .arg(&env.records)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // Every record present is complete JSON.
        for f in files_under(&env.records.join("inspect")) {
            if f.ends_with(".json") && !f.rsplit('/').next().unwrap().starts_with('.') {
                let text = std::fs::read_to_string(env.records.join("inspect").join(&f)).unwrap();
                serde_json::from_str::<Value>(&text)
                    .unwrap_or_else(|e| panic!("partial record {f}: {e}"));
            }
        }
    }
    let out = env
        .ops()
        .args(["inspect", "host", "local", "--records"])
        .arg(&env.records)
        .output()
        .unwrap();
    assert!(out.status.code().unwrap() <= 3, "{}", stderr(&out));
    git(&env.records, &["fsck", "--no-progress"]);
    assert!(git(&env.records, &["log", "-1", "--format=%s"]).starts_with("inspect host"));
}

#[test]
fn a_malformed_inventory_names_its_line_exits_78_and_writes_nothing() {
    let env = Env::new();
    env.init_records();
    std::fs::write(
        env.records.join("inventory.toml"),
        "[[host]]\nname = \"a\"\naddress = 10.0.0.1\n",
    )
    .unwrap();
    git(&env.records, &["commit", "-qam", "broken inventory"]);
    let before = commit_count(&env.records);
    let out = env
        .ops()
        .current_dir(&env.records)
        .args(["inspect", "host"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("inventory.toml:3:"), "{err}");
    assert_eq!(commit_count(&env.records), before);
    assert!(!env.records.join("inspect").exists());

    // A threshold override of the wrong shape names its line too.
    std::fs::write(
        env.records.join("inventory.toml"),
        "[[host]]\nname = \"a\"\nlocal = true\nthresholds = { fs_used_pct = 80 }\n",
    )
    .unwrap();
    let out = env
        .ops()
        .current_dir(&env.records)
        .args(["inspect", "host"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("inventory.toml:2:8: \"a\": thresholds:"),
        "{}",
        stderr(&out)
    );

    // And a malformed ops.toml.
    std::fs::write(env.records.join("inventory.toml"), "").unwrap();
    std::fs::write(env.records.join("ops.toml"), "[inspect]\njobs = \"many\"\n").unwrap();
    let out = env
        .ops()
        .current_dir(&env.records)
        .args(["inspect", "host"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    assert!(stderr(&out).contains("ops.toml:2:8"), "{}", stderr(&out));
    assert!(!env.records.join("inspect").exists());
}

/// A real filesystem filled past its limit: a 4 MiB tmpfs mounted for the
/// test (needs root, as CI is).
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(at: &std::path::Path) -> Option<Tmpfs> {
        if !is_root() {
            eprintln!("skipping: mounting a tmpfs needs root");
            return None;
        }
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=4m", "opstest"])
            .arg(at)
            .status()
            .unwrap()
            .success();
        assert!(ok, "mount tmpfs failed");
        Some(Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_filesystem_is_crit_and_a_per_mount_override_changes_the_verdict() {
    let env = Env::new();
    let mount = env.dir.path().join("full");
    let Some(_tmpfs) = Tmpfs::mount(&mount) else {
        return;
    };
    // 3.8 of 4 MiB: 95 % used.
    std::fs::write(mount.join("fill"), vec![0u8; 3_900_000]).unwrap();
    let mount_str = mount.to_str().unwrap();

    let inventory = env.write(
        "inventory.toml",
        "[[host]]\nname = \"here\"\nlocal = true\n",
    );
    // A tmpfs is memory, not storage, unless asked for.
    let config = env.write(
        "ops.toml",
        &format!("{LIGHT_CONFIG}include_fstypes = [\"tmpfs\"]\n"),
    );
    let out = env
        .ops()
        .arg("--inventory")
        .arg(&inventory)
        .arg("--config")
        .arg(&config)
        .args(["inspect", "host", "--format", "json"])
        .output()
        .unwrap();
    let run = json(&out);
    let f = finding(&run, 0, "fs.usage", Some(mount_str))
        .unwrap_or_else(|| panic!("no finding for {mount_str}: {run}"));
    assert_eq!(f["status"], "crit", "{f}");
    assert_eq!(
        out.status.code(),
        Some(if run["status"] == "unknown" { 3 } else { 2 })
    );

    let inventory = env.write(
        "inventory2.toml",
        &format!("[[host]]\nname = \"here\"\nlocal = true\n[host.thresholds.mounts.\"{mount_str}\"]\nfs_used_pct = {{ warn = 96, crit = 99 }}\n"),
    );
    let out = env
        .ops()
        .arg("--inventory")
        .arg(&inventory)
        .arg("--config")
        .arg(&config)
        .args(["inspect", "host", "--format", "json"])
        .output()
        .unwrap();
    let run = json(&out);
    let f = finding(&run, 0, "fs.usage", Some(mount_str)).unwrap();
    assert_eq!(f["status"], "ok", "{f}");
    assert!(f["threshold"].as_str().unwrap().contains("96"), "{f}");
}

#[test]
fn a_jump_host_from_the_inventory_gives_the_same_result_as_direct() {
    let sshd = Sshd::start();
    let env = Env::new();
    sshd.trust_from(&env.home);
    let inventory = env.write(
        "inventory.toml",
        &format!(
            "[defaults]\nuser = \"{u}\"\nport = {p}\n[[host]]\nname = \"bastion\"\naddress = \"127.0.0.1\"\n\
             [[host]]\nname = \"inner\"\naddress = \"127.0.0.1\"\njump = \"bastion\"\n",
            u = sshd.user,
            p = sshd.port
        ),
    );
    let out = env
        .ops()
        .arg("--inventory")
        .arg(&inventory)
        .args(["inspect", "host", "--format", "json", "--no-record"])
        .output()
        .unwrap();
    let run = json(&out);
    for i in 0..2 {
        assert_eq!(
            run["targets"][i]["error"],
            Value::Null,
            "{}",
            run["targets"][i]
        );
    }
    assert!(
        run["targets"][1]["address"]
            .as_str()
            .unwrap()
            .contains("via"),
        "{}",
        run["targets"][1]["address"]
    );
    let checks = |i: usize| {
        findings(&run, i)
            .iter()
            .map(|f| (f["check"].clone(), f["subject"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(checks(0), checks(1));
}

#[test]
fn a_ticket_link_lands_on_both_sides_in_one_commit() {
    let env = Env::new();
    env.init_records();
    std::fs::write(env.records.join("ops.toml"), LIGHT_CONFIG).unwrap();
    let out = env
        .ops()
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
            "remote",
            "--severity",
            "III",
        ])
        .args([
            "--category",
            "defect-technical",
            "--problem",
            "disk filling up",
            "--target",
            "local",
        ])
        .args(["--engineer", "Wang Fang", "--format", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    let id = json(&out)["id"].as_str().unwrap().to_string();

    // An unknown ticket is refused before anything is inspected.
    let before = commit_count(&env.records);
    let out = env
        .ops()
        .args([
            "inspect",
            "host",
            "local",
            "--ticket",
            "T-20991231-0001",
            "--records",
        ])
        .arg(&env.records)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert_eq!(commit_count(&env.records), before);

    let out = env
        .ops()
        .args(["inspect", "host", "local", "--ticket", &id, "--records"])
        .arg(&env.records)
        .output()
        .unwrap();
    assert!(out.status.code().unwrap() <= 3, "{}", stderr(&out));
    assert_eq!(commit_count(&env.records), before + 1);
    let message = git(&env.records, &["log", "-1", "--format=%s"]);
    assert!(message.contains(&format!("(ticket {id})")), "{message}");
    let changed = git(&env.records, &["show", "--name-only", "--format=", "HEAD"]);
    let record = changed
        .lines()
        .find(|l| l.starts_with("inspect/host/"))
        .expect("record committed");
    let ticket_file = changed
        .lines()
        .find(|l| l.ends_with(&format!("{id}.toml")))
        .expect("ticket committed");
    let record_json: Value =
        serde_json::from_str(&std::fs::read_to_string(env.records.join(record)).unwrap()).unwrap();
    assert_eq!(record_json["ticket"], id.as_str());
    assert!(
        std::fs::read_to_string(env.records.join(ticket_file))
            .unwrap()
            .contains(record)
    );
}
