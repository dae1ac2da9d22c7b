//! A chain of bastions (issue 18 item 3) with real sshd servers: the client
//! and three servers each in a network namespace of their own, joined in a
//! line by veth pairs with no forwarding, so the client reaches only the
//! first bastion, the first only the second, the second only the target.
//! `ops inspect host` through `jump = ["hop1", "hop2"]` and through
//! `~/.ssh/config`'s comma-separated ProxyJump reaches the target; a direct
//! attempt cannot; a hop whose host key is unknown stops the chain there.
//!
//! Every address lives inside the namespaces the test makes (10.79.N.0/30
//! links) and they are removed when the test ends, also when it fails.
//! Needs root and iproute2; skipped otherwise.

mod support;

use serde_json::Value;
use std::process::{Command, Output};
use support::sshd::{Options, Sshd};
use support::*;

fn ip(args: &[&str]) -> Output {
    let out = Command::new("ip")
        .args(args)
        .output()
        .expect("ip (iproute2)");
    assert!(
        out.status.success(),
        "ip {}: {}",
        args.join(" "),
        text(&out.stderr)
    );
    out
}

/// The four namespaces, client first, removed on drop.
struct Line {
    names: Vec<String>,
}

impl Line {
    /// client — hop1 — hop2 — target, link N between namespace N-1 and N as
    /// 10.79.N.1 (nearer the client) and 10.79.N.2.
    fn new() -> Line {
        let tag = std::process::id() % 100_000;
        let names: Vec<String> = ["c", "h1", "h2", "t"]
            .iter()
            .map(|n| format!("opsj{tag}{n}"))
            .collect();
        let line = Line { names };
        for ns in &line.names {
            let _ = Command::new("ip").args(["netns", "del", ns]).output();
            ip(&["netns", "add", ns]);
            ip(&["-n", ns, "link", "set", "lo", "up"]);
        }
        for n in 1..line.names.len() {
            let (near, far) = (&line.names[n - 1], &line.names[n]);
            let (a, b) = (format!("oj{tag}a{n}"), format!("oj{tag}b{n}"));
            ip(&[
                "link", "add", &a, "netns", near, "type", "veth", "peer", "name", &b, "netns", far,
            ]);
            ip(&[
                "-n",
                near,
                "addr",
                "add",
                &format!("10.79.{n}.1/30"),
                "dev",
                &a,
            ]);
            ip(&[
                "-n",
                far,
                "addr",
                "add",
                &format!("10.79.{n}.2/30"),
                "dev",
                &b,
            ]);
            ip(&["-n", near, "link", "set", &a, "up"]);
            ip(&["-n", far, "link", "set", &b, "up"]);
        }
        line
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        for ns in &self.names {
            let _ = Command::new("ip").args(["netns", "del", ns]).output();
        }
    }
}

/// An sshd listening on 10.79.`link`.2 in namespace `ns`, letting in `key`.
fn server(ns: &str, link: u32, key_pub: &str) -> Sshd {
    let sshd = Sshd::start_with(Options {
        addresses: vec![format!("10.79.{link}.2")],
        netns: Some(ns.to_string()),
        ..Options::default()
    });
    std::fs::write(sshd.dir.path().join("authorized_keys"), key_pub).unwrap();
    sshd
}

/// `ops inspect host WORD` run inside the client namespace, as JSON.
fn inspect(env: &Env, client_ns: &str, word: &str) -> (Output, Value) {
    let out = env
        .wrapper("ip")
        .args(["netns", "exec", client_ns])
        .arg(ops_bin())
        .arg("--inventory")
        .arg(env.dir.path().join("inventory.toml"))
        .args(["inspect", "host", word, "--format", "json", "--no-record"])
        .output()
        .unwrap();
    let run = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(&out), stderr(&out)));
    (out, run)
}

#[test]
fn a_three_hop_chain_reaches_a_target_nothing_else_can() {
    if !is_root() {
        eprintln!("skipped: network namespaces need root (CI runs as root)");
        return;
    }
    let line = Line::new();
    let env = Env::new();
    let key = env.dir.path().join("id_ed25519");
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(out.status.success());
    let key_pub = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    std::fs::copy(&key, env.home.join(".ssh/id_ed25519")).unwrap();
    let hop1 = server(&line.names[1], 1, &key_pub);
    let hop2 = server(&line.names[2], 2, &key_pub);
    let app = server(&line.names[3], 3, &key_pub);
    let known = |servers: &[(&Sshd, u32)]| {
        let lines: String = servers
            .iter()
            .map(|(s, link)| s.known_hosts_line(&format!("10.79.{link}.2")))
            .collect();
        std::fs::write(env.home.join(".ssh/known_hosts"), lines).unwrap();
    };
    known(&[(&hop1, 1), (&hop2, 2), (&app, 3)]);
    env.write(
        "inventory.toml",
        &format!(
            "[defaults]\nuser = \"{user}\"\n\
             [[host]]\nname = \"hop1\"\naddress = \"10.79.1.2\"\nport = {p1}\n\
             [[host]]\nname = \"hop2\"\naddress = \"10.79.2.2\"\nport = {p2}\n\
             [[host]]\nname = \"app\"\naddress = \"10.79.3.2\"\nport = {p3}\njump = [\"hop1\", \"hop2\"]\n\
             [[host]]\nname = \"app-direct\"\naddress = \"10.79.3.2\"\nport = {p3}\n",
            user = app.user,
            p1 = hop1.port,
            p2 = hop2.port,
            p3 = app.port
        ),
    );
    std::fs::write(
        env.home.join(".ssh/config"),
        format!(
            "Host app-by-config\n  HostName 10.79.3.2\n  Port {p3}\n  User {user}\n  \
             ProxyJump {user}@10.79.1.2:{p1},{user}@10.79.2.2:{p2}\n",
            user = app.user,
            p1 = hop1.port,
            p2 = hop2.port,
            p3 = app.port
        ),
    )
    .unwrap();

    // The target cannot be reached from the client's namespace directly.
    let (_, run) = inspect(&env, &line.names[0], "app-direct");
    let error = run["targets"][0]["error"].as_str().unwrap_or_default();
    assert!(!error.is_empty(), "reached the target directly: {run:#}");

    // Through the inventory's chain, and through ~/.ssh/config's ProxyJump.
    for word in ["app", "app-by-config"] {
        let (out, run) = inspect(&env, &line.names[0], word);
        let t = &run["targets"][0];
        assert_eq!(t["error"], Value::Null, "{word}: {t:#}\n{}", stderr(&out));
        let address = t["address"].as_str().unwrap();
        assert!(
            address.contains("10.79.3.2")
                && address.contains("via")
                && address.contains("10.79.1.2"),
            "{word}: {address}"
        );
        let checks = t["findings"].as_array().unwrap();
        assert!(
            checks
                .iter()
                .any(|f| f["check"] == "load"
                    || f["check"].as_str().unwrap_or("").starts_with("fs.")),
            "{word}: {t:#}"
        );
    }
    // Each server was logged into from the namespace before it: hop2 from
    // hop1's side of their link, the target from hop2's.
    for (name, sshd, from) in [
        ("hop1", &hop1, "10.79.1.1"),
        ("hop2", &hop2, "10.79.2.1"),
        ("app", &app, "10.79.3.1"),
    ] {
        assert!(
            sshd.log()
                .contains(&format!("Accepted publickey for {} from {from} ", app.user)),
            "{name} log:\n{}",
            sshd.log()
        );
    }
    let logins = |s: &Sshd| s.log().matches("Accepted publickey").count();
    let app_logins = logins(&app);
    assert!(app_logins >= 2, "app log:\n{}", app.log());

    // The middle hop's key unknown: the chain stops there, naming it.
    known(&[(&hop1, 1), (&app, 3)]);
    let (out, run) = inspect(&env, &line.names[0], "app");
    let error = run["targets"][0]["error"].as_str().unwrap_or_default();
    assert!(error.contains("10.79.2.2"), "{error}\n{}", stderr(&out));
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(logins(&app), app_logins, "app let a login in");
}
