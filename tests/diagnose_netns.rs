//! The no-network probes against real broken networks.
//!
//! Each test builds its own pair of network namespaces joined by a veth pair:
//! a "client" (the server being diagnosed, 10.77.N.2) and a "router"
//! (gateway and DNS server, 10.77.N.1), then breaks the client's network in one
//! way. Every address lives inside these namespaces: nothing is configured in
//! the machine's own namespace and no packet leaves it. The namespaces and
//! their /etc/netns files are removed when the test ends, also when it fails.
//!
//! In each network every built-in probe runs (through `ip netns exec`) and its
//! verdict is asserted; then the real `ops` binary walks `no-network` inside
//! the client namespace and the branch it takes is asserted step by step.
//!
//! Needs root and iproute2 + iputils-ping (Debian packages `iproute2`,
//! `iputils-ping`).

mod support;

use ops::runbook::{Probe, ProbeOutput, Verdict};
use std::collections::BTreeMap;
use std::net::{Ipv4Addr, UdpSocket};
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;
use support::{Env, Hermetic, json, ops_bin, stderr};

/// The name the DNS server in the router namespace answers for.
const NAME: &str = "app.ops-test";

#[derive(Clone, Copy, PartialEq, Debug)]
enum Breakage {
    None,
    /// The client's interface is administratively down.
    LinkDown,
    /// The peer (switch side) is down: the client's interface is up without carrier.
    NoCarrier,
    NoDefaultRoute,
    /// /etc/resolv.conf names no nameserver.
    NoResolver,
}

fn ip(args: &[&str]) -> Output {
    let out = Command::new("ip")
        .args(args)
        .output()
        .expect("ip (iproute2) is installed");
    assert!(
        out.status.success(),
        "ip {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A probe, its arguments, and the verdict it must give.
type Expect<'a> = (Probe, &'a [(&'a str, &'a str)], Verdict);

/// A client and a router namespace, torn down on drop.
struct Network {
    client: String,
    router: String,
    subnet: u8,
    dns: Option<DnsServer>,
}

impl Network {
    fn gateway(&self) -> String {
        format!("10.77.{}.1", self.subnet)
    }

    fn new(tag: &str, subnet: u8, breakage: Breakage) -> Network {
        assert!(
            support::is_root(),
            "the network namespace tests need root (ip netns); CI runs them as root"
        );
        remove_stale_namespaces();
        let pid = std::process::id();
        let mut net = Network {
            client: format!("opsrb-{pid}-{tag}-c"),
            router: format!("opsrb-{pid}-{tag}-r"),
            subnet,
            dns: None,
        };
        let (c, r) = (net.client.clone(), net.router.clone());
        ip(&["netns", "add", &c]);
        ip(&["netns", "add", &r]);
        // From here on, Drop cleans up whatever was made.
        ip(&["-n", &c, "link", "set", "lo", "up"]);
        ip(&["-n", &r, "link", "set", "lo", "up"]);
        // Both ends are created inside the namespaces: never in the machine's own.
        ip(&[
            "-n", &c, "link", "add", "c0", "type", "veth", "peer", "name", "r0", "netns", &r,
        ]);
        ip(&[
            "-n",
            &c,
            "addr",
            "add",
            &format!("10.77.{subnet}.2/24"),
            "dev",
            "c0",
        ]);
        ip(&[
            "-n",
            &r,
            "addr",
            "add",
            &format!("10.77.{subnet}.1/24"),
            "dev",
            "r0",
        ]);
        if breakage != Breakage::NoCarrier {
            ip(&["-n", &r, "link", "set", "r0", "up"]);
        }
        if breakage != Breakage::LinkDown {
            ip(&["-n", &c, "link", "set", "c0", "up"]);
        }
        if !matches!(breakage, Breakage::LinkDown | Breakage::NoDefaultRoute) {
            ip(&["-n", &c, "route", "add", "default", "via", &net.gateway()]);
        }

        // `ip netns exec` bind-mounts these over /etc inside the namespace.
        let etc = net.etc_dir();
        std::fs::create_dir_all(&etc).unwrap();
        let resolv = if breakage == Breakage::NoResolver {
            "# no nameserver configured\n".to_string()
        } else {
            format!(
                "nameserver {}\noptions timeout:1 attempts:1\n",
                net.gateway()
            )
        };
        std::fs::write(etc.join("resolv.conf"), resolv).unwrap();
        std::fs::write(etc.join("nsswitch.conf"), "hosts: files dns\n").unwrap();
        std::fs::write(etc.join("hosts"), "127.0.0.1 localhost\n").unwrap();

        net.dns = Some(DnsServer::start(
            &r,
            &net.gateway(),
            NAME,
            net.gateway().parse().unwrap(),
        ));
        if breakage != Breakage::LinkDown && breakage != Breakage::NoCarrier {
            wait_until_settled(&c);
            wait_until_reachable(&c, &net.gateway());
        }
        net
    }

    fn etc_dir(&self) -> PathBuf {
        PathBuf::from("/etc/netns").join(&self.client)
    }

    /// Run a built-in probe inside the client namespace and give its verdict.
    fn probe(&self, probe: Probe, args: &[(&str, &str)]) -> (Verdict, String, ProbeOutput) {
        let args: BTreeMap<String, String> = args
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let script = probe.script(&args).unwrap();
        let out = Command::new("ip")
            .args(["netns", "exec", &self.client, "sh", "-c", &script])
            .output()
            .unwrap();
        let output = ProbeOutput {
            exit_status: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            timed_out: false,
        };
        let (verdict, reason) = probe.verdict(&args, &output);
        (verdict, reason, output)
    }

    /// Assert the verdict of every built-in probe in this network.
    fn assert_probes(&self, expected: &[Expect]) {
        for (probe, args, want) in expected {
            let (verdict, reason, out) = self.probe(*probe, args);
            assert_eq!(
                verdict,
                *want,
                "{} {args:?} in {}: {reason}\nstdout:\n{}\nstderr:\n{}",
                probe.name(),
                self.client,
                out.stdout,
                out.stderr
            );
        }
    }

    /// `ops diagnose no-network` run inside the client namespace, as JSON.
    fn walk(&self) -> serde_json::Value {
        self.walk_with(&[], None)
    }

    /// The walk with extra environment variables and an `ops.toml`.
    fn walk_with(&self, env: &[(&str, &str)], config: Option<&str>) -> serde_json::Value {
        let harness = Env::new();
        let config_file = harness.dir.path().join("ops.toml");
        if let Some(text) = config {
            std::fs::write(&config_file, text).unwrap();
        }
        let peer = format!("address-of-name={}", self.gateway());
        let answers = [
            "interface=c0",
            &format!("name={NAME}"),
            &peer,
            "free-resources=not-fixed",
            "bring-up=not-fixed",
            "cable-seated=not-fixed",
            "cable-type=not-fixed",
            "reinstall-driver=not-fixed",
            "swap-nic=not-fixed",
            "configure-address=not-fixed",
            "add-route=not-fixed",
            "gateway-down=not-fixed",
            "dns-fault=not-fixed",
            "still-failing=no",
            "fix-firewall=not-fixed",
        ];
        let mut cmd = harness.wrapper("ip");
        // The namespace's gateway is the test's own veth peer: pinging it
        // sends nothing beyond the namespaces this test made.
        cmd.gateway_ping_allowed()
            .args(["netns", "exec", &self.client])
            .arg(ops_bin())
            .args(["diagnose", "no-network", "--no-record", "--format", "json"]);
        cmd.envs(env.iter().copied());
        if config.is_some() {
            cmd.env("OPS_CONFIG", &config_file);
        }
        for a in answers {
            cmd.args(["--answer", a]);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "walk in {} failed: {}",
            self.client,
            stderr(&out)
        );
        json(&out)
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        if let Some(dns) = self.dns.take() {
            dns.stop();
        }
        let _ = std::fs::remove_dir_all(self.etc_dir());
        for ns in [&self.client, &self.router] {
            let _ = Command::new("ip").args(["netns", "del", ns]).output();
        }
    }
}

/// Namespaces left by a test process that was killed (its pid is gone).
fn remove_stale_namespaces() {
    let Ok(out) = Command::new("ip").args(["netns", "list"]).output() else {
        return;
    };
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        let Some(rest) = name.strip_prefix("opsrb-") else {
            continue;
        };
        let Some(pid) = rest.split('-').next() else {
            continue;
        };
        if !PathBuf::from("/proc").join(pid).exists() {
            let _ = Command::new("ip").args(["netns", "del", name]).output();
            let _ = std::fs::remove_dir_all(PathBuf::from("/etc/netns").join(name));
        }
    }
}

/// Wait for the kernel to mark the client's link operationally up (it does so
/// up to a second after the carrier comes up).
fn wait_until_settled(ns: &str) {
    for _ in 0..50 {
        let out = ip(&["-n", ns, "-o", "link", "show", "c0"]);
        if String::from_utf8_lossy(&out.stdout).contains("state UP") {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("c0 in {ns} never came up");
}

/// Wait for the veth pair to pass traffic (a freshly raised link can take a moment).
fn wait_until_reachable(ns: &str, addr: &str) {
    for _ in 0..50 {
        let ok = Command::new("ip")
            .args([
                "netns", "exec", ns, "ping", "-n", "-c", "1", "-W", "1", addr,
            ])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{addr} never answered in {ns}");
}

/// A tiny authoritative DNS server serving one A record, on a UDP socket
/// opened inside the router namespace (by a thread that joined it with setns).
struct DnsServer {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

impl DnsServer {
    fn start(netns: &str, bind: &str, name: &str, addr: Ipv4Addr) -> DnsServer {
        let stop = Arc::new(AtomicBool::new(false));
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (netns, bind, name) = (netns.to_string(), bind.to_string(), name.to_string());
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let handle = std::fs::File::open(format!("/run/netns/{netns}")).expect("netns handle");
            // SAFETY: setns(2) on this thread only, with a namespace fd we hold open.
            let rc = unsafe { libc::setns(handle.as_raw_fd(), libc::CLONE_NEWNET) };
            assert_eq!(
                rc,
                0,
                "setns into {netns}: {}",
                std::io::Error::last_os_error()
            );
            let socket = UdpSocket::bind((bind.as_str(), 53))
                .expect("bind the DNS port in the router namespace");
            socket
                .set_read_timeout(Some(Duration::from_millis(100)))
                .unwrap();
            ready_tx.send(()).unwrap();
            let mut buf = [0u8; 1500];
            while !flag.load(Ordering::Relaxed) {
                let Ok((n, peer)) = socket.recv_from(&mut buf) else {
                    continue;
                };
                if let Some(reply) = dns_reply(&buf[..n], &name, addr) {
                    let _ = socket.send_to(&reply, peer);
                }
            }
        });
        ready_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("DNS server started");
        DnsServer { stop, thread }
    }

    fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
    }
}

/// The answer to one DNS query: an A record for `name`, no data for its other
/// types, NXDOMAIN for any other name.
fn dns_reply(query: &[u8], name: &str, addr: Ipv4Addr) -> Option<Vec<u8>> {
    if query.len() < 12 || query[2] & 0x80 != 0 {
        return None;
    }
    let mut pos = 12;
    let mut labels = Vec::new();
    loop {
        let len = *query.get(pos)? as usize;
        pos += 1;
        if len == 0 {
            break;
        }
        labels.push(String::from_utf8_lossy(query.get(pos..pos + len)?).to_ascii_lowercase());
        pos += len;
    }
    let qtype = u16::from_be_bytes([*query.get(pos)?, *query.get(pos + 1)?]);
    let question = query.get(12..pos + 4)?;
    let known = labels.join(".") == name;
    let answer = known && qtype == 1;
    let mut r = Vec::with_capacity(64);
    r.extend_from_slice(&query[0..2]);
    r.push(0x84 | (query[2] & 0x01)); // response, authoritative, recursion desired copied
    r.push(0x80 | if known { 0 } else { 3 }); // recursion available; NOERROR or NXDOMAIN
    r.extend_from_slice(&[0, 1, 0, u8::from(answer), 0, 0, 0, 0]);
    r.extend_from_slice(question);
    if answer {
        r.extend_from_slice(&[0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4]);
        r.extend_from_slice(&addr.octets());
    }
    Some(r)
}

fn path(record: &serde_json::Value) -> Vec<String> {
    record["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["undone"] != true)
        .map(|s| s["step"].as_str().unwrap().to_string())
        .collect()
}

/// (step, verdict) of every check the walk ran.
fn verdicts(record: &serde_json::Value) -> Vec<(String, String)> {
    record["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["probe"].is_object())
        .map(|s| {
            (
                s["step"].as_str().unwrap().to_string(),
                s["probe"]["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn reason_of<'a>(record: &'a serde_json::Value, step: &str) -> &'a str {
    record["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == step)
        .and_then(|s| s["probe"]["reason"].as_str())
        .unwrap_or_else(|| panic!("no check {step} in the walk"))
}

const C0: &[(&str, &str)] = &[("interface", "c0")];
const OK: Verdict = Verdict::Ok;
const FAIL: Verdict = Verdict::Fail;

#[test]
fn working_network_passes_every_probe_and_the_walk_finds_nothing_wrong() {
    let net = Network::new("ok", 11, Breakage::None);
    let gw = net.gateway();
    net.assert_probes(&[
        (Probe::Link, C0, OK),
        (Probe::Carrier, C0, OK),
        (Probe::Address, C0, OK),
        (Probe::NicDriver, C0, OK),
        (Probe::DefaultRoute, &[], OK),
        (Probe::GatewayPing, &[], OK),
        (Probe::Dns, &[("name", NAME)], OK),
        (Probe::Dns, &[("name", "other.ops-test")], FAIL),
        (Probe::Ping, &[("host", NAME)], OK),
        (Probe::Ping, &[("host", gw.as_str())], OK),
        (Probe::Sockets, &[], OK),
        (Probe::Firewall, &[], OK),
    ]);
    let (_, reason, _) = net.probe(Probe::Dns, &[("name", NAME)]);
    assert_eq!(reason, format!("{NAME} resolves to {gw}"));

    let record = net.walk();
    assert_eq!(
        path(&record),
        [
            "interface",
            "routes",
            "sockets",
            "link",
            "carrier",
            "driver",
            "address",
            "default-route",
            "gateway",
            "name",
            "dns",
            "reach-name",
            "still-failing",
            "resolved-transient"
        ]
    );
    assert!(
        verdicts(&record).iter().all(|(_, v)| v == "ok"),
        "{:?}",
        verdicts(&record)
    );
    assert_eq!(
        reason_of(&record, "routes"),
        format!("default via {gw} dev c0")
    );
    assert_eq!(
        reason_of(&record, "gateway"),
        format!("gateway {gw} answers ping")
    );
    assert_eq!(record["outcome"]["status"], "resolved");

    // Issue 12.4: with gateway_ping = false (or OPS_GATEWAY_PING=0), as for
    // `inspect host`, the gateway is judged by its neighbour entry, the
    // script sends nothing, and the reason says it was not pinged.
    for (env, config) in [
        (&[][..], Some("[thresholds.host]\ngateway_ping = false\n")),
        (&[("OPS_GATEWAY_PING", "0")][..], None),
    ] {
        let record = net.walk_with(env, config);
        let gateway = record["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["step"] == "gateway")
            .unwrap();
        let probe = &gateway["probe"];
        assert!(
            probe["command"].as_str().unwrap().contains("OPS_PING=0\n"),
            "{probe}"
        );
        assert!(
            !probe["stdout"].as_str().unwrap().contains("PING"),
            "{probe}"
        );
        let reason = probe["reason"].as_str().unwrap();
        assert!(
            reason.starts_with(&format!("gateway {gw} is in the neighbour table ("))
                && reason.ends_with(
                    "); ping is turned off (gateway_ping = false), so it was not pinged"
                ),
            "{reason}"
        );
        assert_eq!(probe["verdict"], "ok");
        assert_eq!(record["outcome"]["status"], "resolved");
    }
}

#[test]
fn link_down_is_found_by_the_link_probe_and_leads_to_bringing_it_up() {
    let net = Network::new("down", 12, Breakage::LinkDown);
    let gw = net.gateway();
    net.assert_probes(&[
        (Probe::Link, C0, FAIL),
        (Probe::Link, &[("interface", "any")], FAIL),
        (Probe::Carrier, C0, FAIL),
        (Probe::Address, C0, OK),
        (Probe::NicDriver, C0, OK),
        (Probe::DefaultRoute, &[], FAIL),
        (Probe::GatewayPing, &[], FAIL),
        (Probe::Dns, &[("name", NAME)], FAIL),
        (Probe::Ping, &[("host", gw.as_str())], FAIL),
    ]);
    let (_, reason, _) = net.probe(Probe::Link, C0);
    assert_eq!(reason, "c0 administratively down");

    let record = net.walk();
    assert_eq!(
        path(&record),
        [
            "interface",
            "routes",
            "link",
            "bring-up",
            "carrier",
            "cable-seated",
            "cable-type",
            "driver",
            "address",
            "default-route",
            "add-route",
            "escalate-network"
        ]
    );
    assert_eq!(
        verdicts(&record),
        pairs(&[
            ("routes", "fail"),
            ("link", "fail"),
            ("carrier", "fail"),
            ("driver", "ok"),
            ("address", "ok"),
            ("default-route", "fail")
        ])
    );
    assert_eq!(reason_of(&record, "link"), "c0 administratively down");
}

#[test]
fn missing_carrier_is_found_by_the_carrier_probe_and_leads_to_the_cable() {
    let net = Network::new("nocar", 13, Breakage::NoCarrier);
    net.assert_probes(&[
        (Probe::Link, C0, OK),
        (Probe::Carrier, C0, FAIL),
        (Probe::Carrier, &[("interface", "any")], FAIL),
        (Probe::DefaultRoute, &[], FAIL),
    ]);
    let (_, reason, _) = net.probe(Probe::DefaultRoute, &[]);
    assert!(
        reason.starts_with("the default route is on a link that is down: default via"),
        "{reason}"
    );

    let record = net.walk();
    assert_eq!(
        path(&record),
        [
            "interface",
            "routes",
            "link",
            "carrier",
            "cable-seated",
            "cable-type",
            "driver",
            "address",
            "default-route",
            "add-route",
            "escalate-network"
        ]
    );
    assert_eq!(reason_of(&record, "carrier"), "c0 has no carrier");
}

#[test]
fn missing_default_route_is_found_and_leads_to_adding_it() {
    let net = Network::new("noroute", 14, Breakage::NoDefaultRoute);
    let gw = net.gateway();
    net.assert_probes(&[
        (Probe::Link, C0, OK),
        (Probe::Carrier, C0, OK),
        (Probe::Address, C0, OK),
        (Probe::DefaultRoute, &[], FAIL),
        (Probe::GatewayPing, &[], FAIL),
        // The resolver and the gateway are on the local subnet: still reachable.
        (Probe::Dns, &[("name", NAME)], OK),
        (Probe::Ping, &[("host", gw.as_str())], OK),
    ]);
    let (_, reason, _) = net.probe(Probe::GatewayPing, &[]);
    assert_eq!(reason, "there is no IPv4 default gateway");

    let record = net.walk();
    assert_eq!(
        path(&record),
        [
            "interface",
            "routes",
            "link",
            "carrier",
            "driver",
            "address",
            "default-route",
            "add-route",
            "escalate-network"
        ]
    );
    assert_eq!(
        reason_of(&record, "default-route"),
        "there is no default route"
    );
    assert_eq!(record["outcome"]["handover"][0], "interface: c0");
}

#[test]
fn missing_resolver_is_told_apart_from_reachability_and_leads_to_dns() {
    let net = Network::new("nodns", 15, Breakage::NoResolver);
    let gw = net.gateway();
    net.assert_probes(&[
        (Probe::DefaultRoute, &[], OK),
        (Probe::GatewayPing, &[], OK),
        (Probe::Dns, &[("name", NAME)], FAIL),
        (Probe::Ping, &[("host", NAME)], FAIL),
        (Probe::Ping, &[("host", gw.as_str())], OK),
    ]);
    let (_, reason, _) = net.probe(Probe::Dns, &[("name", NAME)]);
    assert_eq!(
        reason,
        format!("{NAME} does not resolve (no nameserver in /etc/resolv.conf)")
    );

    let record = net.walk();
    assert_eq!(
        path(&record),
        [
            "interface",
            "routes",
            "sockets",
            "link",
            "carrier",
            "driver",
            "address",
            "default-route",
            "gateway",
            "name",
            "dns",
            "address-of-name",
            "reach-address",
            "dns-fault",
            "escalate-dns"
        ]
    );
    assert_eq!(
        verdicts(&record)
            .into_iter()
            .filter(|(_, v)| v == "fail")
            .collect::<Vec<_>>(),
        pairs(&[("dns", "fail")])
    );
    assert_eq!(record["outcome"]["escalate_to"], "DNS / network team");
    assert_eq!(
        record["outcome"]["handover"][1],
        format!("its address, which answers: {gw}")
    );
}

#[test]
fn the_dns_reply_builder_answers_a_records_only_for_its_name() {
    // Query for app.ops-test, type A, as glibc sends it.
    let mut q = vec![0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
    for label in NAME.split('.') {
        q.push(label.len() as u8);
        q.extend_from_slice(label.as_bytes());
    }
    q.extend_from_slice(&[0, 0, 1, 0, 1]);
    let r = dns_reply(&q, NAME, Ipv4Addr::new(10, 77, 0, 1)).unwrap();
    assert_eq!(&r[0..4], &[0x12, 0x34, 0x85, 0x80]);
    assert_eq!(&r[6..8], &[0, 1], "one answer");
    assert_eq!(&r[r.len() - 4..], &[10, 77, 0, 1]);
    let mut other = q.clone();
    other[13] = b'x';
    assert_eq!(
        dns_reply(&other, NAME, Ipv4Addr::LOCALHOST).unwrap()[3],
        0x83,
        "NXDOMAIN"
    );
}
