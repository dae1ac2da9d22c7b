//! ops.toml and the inventory are checked whole by every command, and a bad
//! target never aborts a run: the real binary on real git records
//! repositories (issue 11 items 5 and 7, issue 12 item 2).
//!
//! Tests that would look a mistyped name up in DNS run `ops` in a network
//! namespace of their own with no interface up (`unshare --net`), so the
//! lookup fails there and no packet leaves the machine.

mod support;

use std::path::Path;
use std::process::{Output, Stdio};
use support::sshd::Sshd;
use support::*;

/// `ops ARGS` in the records repository of `env`.
fn ops(env: &Env, args: &[&str]) -> Output {
    env.ops()
        .env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", "2026-11-22T08:00:00Z")
        .env("TZ", "UTC")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// `ops ARGS` in a network namespace with no network (see the module
/// documentation); None, after saying why, where namespaces cannot be made.
fn ops_offline(env: &Env, args: &[&str]) -> Option<Output> {
    let mut cmd = env.wrapper("unshare");
    if !is_root() {
        cmd.arg("--map-root-user");
    }
    cmd.args(["--net", "--"])
        .arg(ops_bin())
        .env("OPS_RECORDS", &env.records)
        .args(args)
        .stdin(Stdio::null());
    let out = cmd.output().expect("unshare (util-linux)");
    if out.status.code() != Some(64) && stderr(&out).starts_with("unshare:") {
        eprintln!(
            "skipped: cannot create a network namespace here ({}); CI runs this as root",
            stderr(&out).trim()
        );
        return None;
    }
    Some(out)
}

fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    std::fs::write(root.join(rel), text).unwrap();
}

/// A fresh records repository with `ops.toml` and `inventory.toml` committed.
fn repo(config: &str, inventory: &str) -> Env {
    let env = Env::new();
    env.init_records();
    write(&env.records, "ops.toml", config);
    write(&env.records, "inventory.toml", inventory);
    git(&env.records, &["commit", "-qam", "test configuration"]);
    env
}

/// Exit 78 with `message` in stderr, and nothing committed or written.
fn refused(env: &Env, args: &[&str], message: &str) {
    let before = commit_count(&env.records);
    let files = files_under(&env.records);
    let out = ops(env, args);
    assert_eq!(
        out.status.code(),
        Some(78),
        "{args:?}\nstdout:\n{}\nstderr:\n{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stderr(&out).contains(message),
        "{args:?}: wanted {message:?} in:\n{}",
        stderr(&out)
    );
    assert_eq!(commit_count(&env.records), before, "{args:?} committed");
    assert_eq!(files_under(&env.records), files, "{args:?} wrote a file");
}

#[test]
fn a_typo_in_a_section_the_command_does_not_use_still_stops_it() {
    let env = repo("schema = 1\n[inspect]\njobz = 4\n", "");
    refused(&env, TICKET_NEW, "ops.toml:3:1: unknown field `jobz`");
    // An unknown section is refused too.
    write(&env.records, "ops.toml", "[inspcet]\njobs = 4\n");
    refused(&env, TICKET_NEW, "ops.toml:1:2: unknown field `inspcet`");
    // A fixed file lets the same command through.
    write(&env.records, "ops.toml", "[inspect]\njobs = 4\n");
    let out = ops(&env, TICKET_NEW);
    assert_success(&out);
    assert!(
        stdout(&out).trim().starts_with("T-20261122-"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn values_that_parse_but_cannot_work_are_refused_with_their_line() {
    let env = repo("", "");
    let cases = [
        (
            "schema = 99\n",
            "ops.toml:1:10: schema = 99 is not one this version of ops reads (it reads schema 1)",
        ),
        (
            "# limits\n[inspect]\njobs = 0\n",
            "ops.toml:3:1: [inspect] jobs must be at least 1",
        ),
        (
            "[inspect]\ntimeout = \"0s\"\n",
            "ops.toml:2:1: [inspect] timeout must be longer than 0s",
        ),
        (
            "[thresholds.host]\nfs_used_pct = { warn = 95, crit = 90 }\n",
            "ops.toml:2:1: [thresholds.host] fs_used_pct: warn = 95 is beyond crit = 90 \
             (higher is worse, so warn must not be above crit)",
        ),
        (
            // Free space is worse when lower: the order is reversed.
            "[thresholds.db]\nfree_pct = { warn = 10, crit = 20 }\n",
            "ops.toml:2:1: [thresholds.db] free_pct: warn = 10 is beyond crit = 20 \
             (lower is worse, so warn must not be below crit)",
        ),
        (
            // A mount's warn against the host-wide crit it inherits.
            "[thresholds.host]\nfs_used_pct = { warn = 80, crit = 90 }\n\
             [thresholds.host.mounts.\"/data\"]\nfs_used_pct = { warn = 95 }\n",
            "ops.toml:4:1: [thresholds.host] mounts.\"/data\".fs_used_pct: warn = 95 is beyond crit = 90",
        ),
        (
            "[thresholds.net]\ncpu_pct = { warn = 90, crit = 70 }\n",
            "ops.toml:2:1: [thresholds.net] cpu_pct: warn = 90 is beyond crit = 70",
        ),
    ];
    for (config, message) in cases {
        write(&env.records, "ops.toml", config);
        refused(&env, TICKET_NEW, message);
        refused(&env, &["inspect", "host", "--show-script"], message);
    }
    // The right way round for "lower is worse" is accepted.
    write(
        &env.records,
        "ops.toml",
        "[thresholds.host]\nmem_available_pct = { warn = 15, crit = 5 }\n\
         [thresholds.db]\nfree_pct = { warn = 20, crit = 10 }\n",
    );
    let out = ops(&env, &["inspect", "host", "--show-script"]);
    assert_success(&out);
    assert!(stdout(&out).contains("#!/bin/sh") || !stdout(&out).is_empty());
}

#[test]
fn the_inventory_is_checked_whole_on_every_command() {
    let env = repo("", "");
    let cases = [
        (
            "schema = 99\n",
            "inventory.toml:1:10: schema = 99 is not one this version of ops reads",
        ),
        (
            "[[host]]\nname = \"web01\"\nlocal = true\n[[host]]\nname = \".git\"\n",
            "inventory.toml:5:8: name \".git\": a name starts with a letter, a digit or '_'",
        ),
        (
            "[[db]]\nname = \"db/01\"\nengine = \"postgres\"\n",
            "inventory.toml:2:8: name \"db/01\": '/' is not allowed",
        ),
        (
            // A group's override layered over ops.toml puts warn beyond crit.
            "[[host]]\nname = \"web01\"\nlocal = true\ngroups = [\"web\"]\n\
             [group.web]\nthresholds = { swap_used_pct = { warn = 95, crit = 90 } }\n",
            "inventory.toml:2:8: \"web01\": thresholds: swap_used_pct: warn = 95 is beyond crit = 90 \
             (higher is worse, so warn must not be above crit) (as layered from ops.toml, group web and the entry)",
        ),
    ];
    for (inventory, message) in cases {
        write(&env.records, "inventory.toml", inventory);
        refused(&env, TICKET_NEW, message);
        refused(&env, &["report", "daily", "--date", "2026-11-21"], message);
    }
    let long = "h".repeat(300);
    write(
        &env.records,
        "inventory.toml",
        format!("[[host]]\nname = \"web01\"\nlocal = true\n\n[[host]]\nname = \"{long}\"\n"),
    );
    refused(
        &env,
        &["inspect", "host", "web01"],
        "inventory.toml:6:8: name \"hhhh",
    );
    refused(
        &env,
        &["inspect", "host", "web01"],
        "300 bytes long; a name is at most 253 (the longest DNS name)",
    );
}

#[test]
fn files_that_are_not_utf8_or_too_big_are_refused() {
    let env = repo("", "");
    // "Pudong" in GBK, as a Windows editor in a Chinese locale saves it.
    write(
        &env.records,
        "inventory.toml",
        b"[[host]]\nname = \"web01\" # \xc6\xd6\xb6\xab\nlocal = true\n",
    );
    refused(
        &env,
        TICKET_NEW,
        "inventory.toml:2:18: the inventory is not UTF-8 (bad byte 0xc6 at byte offset 26); \
         save it as UTF-8",
    );
    write(&env.records, "inventory.toml", "");
    write(&env.records, "ops.toml", b"# \xff\n");
    refused(
        &env,
        TICKET_NEW,
        "ops.toml:1:3: the configuration is not UTF-8 (bad byte 0xff at byte offset 2)",
    );
    let big = "# padding\n".repeat((10 << 20) / 10 + 1);
    write(&env.records, "ops.toml", &big);
    refused(
        &env,
        TICKET_NEW,
        "ops.toml: the configuration is larger than 10 MiB",
    );
    write(&env.records, "ops.toml", "");
    write(&env.records, "inventory.toml", &big);
    refused(
        &env,
        &["inspect", "host"],
        "inventory.toml: the inventory is larger than 10 MiB",
    );
}

#[test]
fn a_fresh_init_passes_every_check() {
    let env = Env::new();
    env.init_records();
    // The example files `ops init` writes are valid, groups named only by
    // `groups = [...]` included (the example's host is in "infra").
    let out = ops(&env, TICKET_NEW);
    assert_success(&out);
    // Offline: were "infra" not taken for a group, it would be looked up.
    let args = [
        "inspect",
        "host",
        "infra",
        "--no-record",
        "--format",
        "json",
    ];
    let Some(out) = ops_offline(&env, &args) else {
        return;
    };
    assert!(out.status.code().unwrap() <= 3, "{}", stderr(&out));
    let run = json(&out);
    assert_eq!(run["summary"]["targets"], 1, "{run}");
    assert_eq!(run["targets"][0]["target"], "jumphost", "{run}");
}

#[test]
fn a_group_named_only_in_groups_is_a_group_not_a_host() {
    let env = repo(
        "",
        "[[host]]\nname = \"a\"\nlocal = true\ngroups = [\"infra\"]\n\
         [[host]]\nname = \"b\"\nlocal = true\ngroups = [\"infra\", \"web\"]\n\
         [[host]]\nname = \"c\"\nlocal = true\n",
    );
    // Offline: before groups were read from `groups = [...]`, "infra" was
    // taken for an address and looked up in DNS.
    let Some(out) = ops_offline(&env, &["inspect", "host", "infra", "--format", "json"]) else {
        return;
    };
    assert!(out.status.code().unwrap() <= 3, "{}", stderr(&out));
    let run = json(&out);
    let names: Vec<&str> = run["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a", "b"]);
    let files = git(&env.records, &["show", "--name-only", "--format=", "HEAD"]);
    assert!(!files.contains("inspect/host/infra/"), "{files}");
    assert_eq!(files.lines().count(), 2, "{files}");
    // And a host cannot share its name with such a group.
    write(
        &env.records,
        "inventory.toml",
        "[[host]]\nname = \"a\"\nlocal = true\ngroups = [\"b\"]\n[[host]]\nname = \"b\"\nlocal = true\n",
    );
    refused(
        &env,
        &["inspect", "host"],
        "inventory.toml:6:8: \"b\" is both an entry and a group name",
    );
}

#[test]
fn a_bare_name_not_in_the_inventory_is_a_usage_error_and_records_nothing() {
    let env = repo(
        "",
        "[[host]]\nname = \"web01\"\nlocal = true\n[[host]]\nname = \"db01\"\nlocal = true\n",
    );
    let before = commit_count(&env.records);
    let Some(out) = ops_offline(&env, &["inspect", "host", "web01", "web02"]) else {
        return;
    };
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "\"web02\" is not in the inventory (did you mean web01?); an ad-hoc target is \
             written user@host, an IP address, or a name that resolves"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "", "nothing inspected");
    assert_eq!(commit_count(&env.records), before);
    assert!(!env.records.join("inspect").exists());
    // Nothing near: no guess.
    let out = ops_offline(&env, &["inspect", "host", "mailgw"]).unwrap();
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("\"mailgw\" is not in the inventory, nor a group in it"),
        "{}",
        stderr(&out)
    );
    // Devices and databases say the same.
    let out = ops_offline(&env, &["inspect", "net", "web02"]).unwrap();
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("(did you mean web01?)"),
        "{}",
        stderr(&out)
    );
    let out = ops_offline(&env, &["inspect", "db", "db02"]).unwrap();
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("(did you mean db01?)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn ad_hoc_targets_that_say_so_or_resolve_are_still_inspected() {
    let sshd = Sshd::start();
    let env = repo(
        "[thresholds.host]\ncheck_security_updates = false\n",
        "[[host]]\nname = \"web01\"\nlocal = true\n",
    );
    sshd.trust_from(&env.home);
    // A name that resolves through ~/.ssh/config, and user@address.
    std::fs::write(
        env.home.join(".ssh/config"),
        format!(
            "Host lab1\n  HostName 127.0.0.1\n  Port {}\n  User {}\n",
            sshd.port, sshd.user
        ),
    )
    .unwrap();
    let out = ops(
        &env,
        &[
            "inspect",
            "host",
            "lab1",
            &sshd.target(),
            "--format",
            "json",
        ],
    );
    let run = json(&out);
    for t in run["targets"].as_array().unwrap() {
        assert_eq!(t["error"], serde_json::Value::Null, "{t}");
    }
    assert_eq!(run["summary"]["targets"], 2);
    let files = git(&env.records, &["show", "--name-only", "--format=", "HEAD"]);
    assert!(files.contains("inspect/host/lab1/"), "{files}");
    let slug = format!("inspect/host/{}@127.0.0.1_{}/", sshd.user, sshd.port);
    assert!(files.contains(&slug), "{files}");
}

#[test]
fn a_300_character_target_name_is_recorded_beside_the_others() {
    let sshd = Sshd::start();
    let env = repo(
        "[thresholds.host]\ncheck_security_updates = false\n",
        &format!(
            "[[host]]\nname = \"web01\"\naddress = \"127.0.0.1\"\nport = {}\nuser = \"{}\"\n",
            sshd.port, sshd.user
        ),
    );
    sshd.trust_from(&env.home);
    // A 300-character name reached through ~/.ssh/config (no DNS involved).
    let long = "h".repeat(300);
    std::fs::write(
        env.home.join(".ssh/config"),
        format!("Host {long}\n  HostName 127.0.0.1\n  Port {}\n", sshd.port),
    )
    .unwrap();
    let target = format!("{}@{long}", sshd.user);
    let before = commit_count(&env.records);
    let out = ops(
        &env,
        &["inspect", "host", "web01", &target, "--format", "json"],
    );
    let run = json(&out);
    assert!(out.status.code().unwrap() <= 3, "{}", stderr(&out));
    assert_eq!(run["summary"]["targets"], 2, "{run}");
    assert_eq!(run["targets"][1]["target"], target.as_str());
    assert_eq!(
        run["targets"][1]["error"],
        serde_json::Value::Null,
        "{}",
        run["targets"][1]
    );
    assert_eq!(commit_count(&env.records), before + 1, "{}", stderr(&out));
    let files = git(&env.records, &["show", "--name-only", "--format=", "HEAD"]);
    let files: Vec<&str> = files.lines().collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files[0].starts_with("inspect/host/"));
    let dir = files
        .iter()
        .map(|f| f.split('/').nth(2).unwrap())
        .find(|d| *d != "web01")
        .unwrap();
    // Cut to 100 bytes, ending in 8 hex digits of a hash of the whole name.
    assert_eq!(dir.len(), 100, "{dir}");
    assert!(dir.starts_with(&format!("{}@hhh", sshd.user)), "{dir}");
    let (_, hash) = dir.rsplit_once('-').unwrap();
    assert!(hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit()));
    // The same name lands in the same directory next time.
    let out = ops(&env, &["inspect", "host", &target, "--format", "json"]);
    assert!(out.status.code().unwrap() <= 3, "{}", stderr(&out));
    let again = git(&env.records, &["show", "--name-only", "--format=", "HEAD"]);
    assert!(again.contains(&format!("inspect/host/{dir}/")), "{again}");
}

#[test]
fn a_symlinked_record_is_reported_and_not_followed() {
    let env = repo("", "");
    // A secret outside the repository, and records that are links to it.
    let secret = env.dir.path().join("secret.json");
    std::fs::write(
        &secret,
        r#"{"schema":1,"kind":"host","run":"x","target":"leak","address":"local",
           "started":"2026-11-21T06:00:00Z","duration_ms":1,"status":"crit","findings":[]}"#,
    )
    .unwrap();
    let month = env.records.join("inspect/host/web01/2026/11");
    std::fs::create_dir_all(&month).unwrap();
    std::os::unix::fs::symlink(&secret, month.join("20261121T060000.000Z-0001.json")).unwrap();
    // A linked directory leads outside the repository just the same.
    let outside = env.dir.path().join("outside/2026/11");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::copy(&secret, outside.join("20261121T060000.000Z-0002.json")).unwrap();
    std::os::unix::fs::symlink(
        env.dir.path().join("outside"),
        env.records.join("inspect/host/db01"),
    )
    .unwrap();
    let tickets = env.records.join("tickets/2026-11");
    std::fs::create_dir_all(&tickets).unwrap();
    std::os::unix::fs::symlink(&secret, tickets.join("T-20261121-0001.toml")).unwrap();
    std::os::unix::fs::symlink(
        env.dir.path().join("outside"),
        env.records.join("tickets/2026-12"),
    )
    .unwrap();

    let out = ops(
        &env,
        &[
            "report",
            "daily",
            "--date",
            "2026-11-21",
            "--format",
            "json",
            "--no-record",
        ],
    );
    // A report that skipped records is still made, and says so by exit 78.
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let report = json(&out);
    let skipped = report["skipped"].as_array().unwrap();
    let reasons: Vec<String> = skipped
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["path"].as_str().unwrap(),
                s["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        reasons.iter().any(|r| r.starts_with(
            "inspect/host/web01/2026/11/20261121T060000.000Z-0001.json cannot be read: it is a \
             symbolic link, which is never followed"
        )),
        "{reasons:#?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("tickets/2026-11/T-20261121-0001.toml")
                && r.contains("symbolic link")),
        "{reasons:#?}"
    );
    assert!(!stdout(&out).contains("leak"), "followed the link");
    assert!(
        stderr(&out)
            .contains("skipped record inspect/host/web01/2026/11/20261121T060000.000Z-0001.json"),
        "{}",
        stderr(&out)
    );
    // ticket list names it too, and still lists.
    let out = ops(&env, &["ticket", "list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let list = json(&out);
    assert_eq!(
        list["damaged"][0]["path"],
        "tickets/2026-11/T-20261121-0001.toml"
    );
    assert!(
        list["damaged"][0]["message"]
            .as_str()
            .unwrap()
            .contains("symbolic link"),
        "{list}"
    );
    assert_eq!(list["damaged"][1]["path"], "tickets/2026-12", "{list}");
}
