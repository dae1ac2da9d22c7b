//! The SSH transport against a real OpenSSH server on loopback: host key
//! policy, authentication failures, deadlines, and one jump host.

mod support;

use ops::transport::Transport;
use ops::transport::ssh::{SshOptions, SshTarget, connect};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::sshd::{Options, Sshd};

fn target(sshd: &Sshd, key: &Path) -> SshTarget {
    SshTarget {
        host: "127.0.0.1".into(),
        port: sshd.port,
        user: sshd.user.clone(),
        identity_files: vec![key.to_path_buf()],
        jump: None,
    }
}

fn options(known_hosts: PathBuf) -> SshOptions {
    SshOptions {
        known_hosts,
        accept_new_host_keys: false,
        connect_timeout: Duration::from_secs(5),
        max_output: 16 << 20,
    }
}

fn deadline(secs: u64) -> Instant {
    Instant::now() + Duration::from_secs(secs)
}

fn known_hosts(dir: &Path, content: &str) -> PathBuf {
    let p = dir.join("known_hosts");
    std::fs::write(&p, content).unwrap();
    p
}

#[test]
fn runs_a_command_with_stdin_on_a_known_host() {
    let sshd = Sshd::start();
    let kh = known_hosts(sshd.dir.path(), &sshd.known_hosts_line("127.0.0.1"));
    let mut session =
        connect(&target(&sshd, &sshd.client_key), &options(kh), deadline(10)).unwrap();
    let out = session
        .exec(
            "sh -s",
            b"echo hello; id -un; echo oops >&2; exit 4",
            deadline(10),
        )
        .unwrap();
    assert_eq!(out.stdout, format!("hello\n{}\n", sshd.user));
    assert_eq!(out.stderr, "oops\n");
    assert_eq!(out.exit_status, Some(4));
    // The same session serves a second command: one handshake per target.
    let out = session.exec("echo again", b"", deadline(10)).unwrap();
    assert_eq!(out.stdout, "again\n");
}

#[test]
fn an_unknown_host_is_refused_unless_accepted_and_then_recorded() {
    let sshd = Sshd::start();
    let kh = sshd.dir.path().join("empty_known_hosts");
    let err = connect(
        &target(&sshd, &sshd.client_key),
        &options(kh.clone()),
        deadline(10),
    )
    .err()
    .unwrap();
    let msg = format!("{err:#}");
    assert!(
        msg.contains("is not in")
            && msg.contains("SHA256:")
            && msg.contains("--accept-new-host-keys"),
        "{msg}"
    );
    assert!(!kh.exists(), "refusing must not write known_hosts");

    let mut opts = options(kh.clone());
    opts.accept_new_host_keys = true;
    connect(&target(&sshd, &sshd.client_key), &opts, deadline(10)).unwrap();
    let recorded = std::fs::read_to_string(&kh).unwrap();
    assert_eq!(recorded, sshd.known_hosts_line("127.0.0.1"));
    // Now known: accepted without the opt-in.
    connect(&target(&sshd, &sshd.client_key), &options(kh), deadline(10)).unwrap();
}

#[test]
fn a_changed_host_key_is_always_refused_with_its_fingerprint() {
    let sshd = Sshd::start();
    let other = Sshd::start();
    // known_hosts holds the other server's key for this address and port.
    let line = format!("[127.0.0.1]:{} {}\n", sshd.port, other.host_key_pub);
    let kh = known_hosts(sshd.dir.path(), &line);
    let mut opts = options(kh.clone());
    opts.accept_new_host_keys = true;
    let err = connect(&target(&sshd, &sshd.client_key), &opts, deadline(10))
        .err()
        .unwrap();
    let msg = format!("{err:#}");
    assert!(msg.contains("CHANGED") && msg.contains("SHA256:"), "{msg}");
    assert_eq!(
        std::fs::read_to_string(&kh).unwrap(),
        line,
        "known_hosts must not change"
    );
}

#[test]
fn a_wrong_client_key_fails_authentication() {
    let sshd = Sshd::start();
    let other = Sshd::start();
    let kh = known_hosts(sshd.dir.path(), &sshd.known_hosts_line("127.0.0.1"));
    let err = connect(
        &target(&sshd, &other.client_key),
        &options(kh),
        deadline(10),
    )
    .err()
    .unwrap();
    let msg = format!("{err:#}");
    assert!(
        msg.contains("authentication failed") && msg.contains(&sshd.user),
        "{msg}"
    );
}

#[test]
fn a_port_that_never_speaks_fails_within_the_connect_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accept and hold connections without ever sending a greeting.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming() {
            held.push(s);
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let t = SshTarget {
        host: "127.0.0.1".into(),
        port,
        user: "x".into(),
        identity_files: vec![],
        jump: None,
    };
    let mut opts = options(dir.path().join("kh"));
    opts.connect_timeout = Duration::from_secs(1);
    let started = Instant::now();
    let err = connect(&t, &opts, deadline(30)).err().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        format!("{err:#}").contains("no SSH handshake within 1s"),
        "{err:#}"
    );
}

#[test]
fn a_hanging_command_is_cut_at_the_deadline() {
    let sshd = Sshd::start_with(Options {
        extra: vec!["ForceCommand sleep 600".into()],
        ..Options::default()
    });
    let kh = known_hosts(sshd.dir.path(), &sshd.known_hosts_line("127.0.0.1"));
    let mut session =
        connect(&target(&sshd, &sshd.client_key), &options(kh), deadline(10)).unwrap();
    let started = Instant::now();
    let err = session
        .exec(
            "sh -s",
            b"echo hi",
            Instant::now() + Duration::from_millis(1500),
        )
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
    assert!(format!("{err:#}").contains("deadline"), "{err:#}");
}

#[test]
fn one_jump_host_forwards_to_the_target() {
    let bastion = Sshd::start();
    let inner = Sshd::start();
    let mut lines = bastion.known_hosts_line("127.0.0.1");
    lines.push_str(&inner.known_hosts_line("127.0.0.1"));
    let kh = known_hosts(bastion.dir.path(), &lines);
    let mut t = target(&inner, &inner.client_key);
    t.jump = Some(Box::new(target(&bastion, &bastion.client_key)));
    let mut session = connect(&t, &options(kh), deadline(15)).unwrap();
    // A payload larger than one channel window exercises the pump both ways.
    let payload = "x".repeat(300_000);
    let out = session
        .exec("wc -c", payload.as_bytes(), deadline(15))
        .unwrap();
    assert_eq!(out.stdout.trim(), "300000");
    assert!(
        inner.log().contains("Accepted publickey"),
        "inner sshd log:\n{}",
        inner.log()
    );
}

#[test]
fn a_chain_of_two_jump_hosts_forwards_to_the_target_and_checks_every_hop_key() {
    let hop1 = Sshd::start();
    let hop2 = Sshd::start();
    let inner = Sshd::start();
    let mut t = target(&inner, &inner.client_key);
    let mut second = target(&hop2, &hop2.client_key);
    second.jump = Some(Box::new(target(&hop1, &hop1.client_key)));
    t.jump = Some(Box::new(second));
    assert!(t.display().contains(" via "), "{}", t.display());

    // The middle hop's key unknown: refused, naming that hop.
    let mut lines = hop1.known_hosts_line("127.0.0.1");
    lines.push_str(&inner.known_hosts_line("127.0.0.1"));
    let kh = known_hosts(hop1.dir.path(), &lines);
    let err = match connect(&t, &options(kh), deadline(15)) {
        Ok(_) => panic!("connected through a hop whose key is unknown"),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        err.contains(&format!("jump host {}", t.jump.as_ref().unwrap().display())),
        "{err}"
    );
    assert!(
        !inner.log().contains("Accepted publickey"),
        "{}",
        inner.log()
    );

    lines.push_str(&hop2.known_hosts_line("127.0.0.1"));
    let kh = known_hosts(hop1.dir.path(), &lines);
    let mut session = connect(&t, &options(kh), deadline(15)).unwrap();
    let payload = "y".repeat(300_000);
    let out = session
        .exec("wc -c", payload.as_bytes(), deadline(15))
        .unwrap();
    assert_eq!(out.stdout.trim(), "300000");
    let out = session.exec("echo second", b"", deadline(15)).unwrap();
    assert_eq!(out.stdout, "second\n");
    for (name, sshd) in [("hop1", &hop1), ("hop2", &hop2), ("inner", &inner)] {
        assert!(
            sshd.log().contains("Accepted publickey"),
            "{name} log:\n{}",
            sshd.log()
        );
    }
}
