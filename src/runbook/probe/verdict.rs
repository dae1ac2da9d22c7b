//! What a probe's output means: [`Verdict`], the verdict of each built-in
//! probe as a pure function of its exit status and output
//! ([`Probe::verdict`]), and [`cannot_run`], which tells a probe that could
//! not run (exit 127 or 126) from one that failed.
//!
//! Interface listings are read with the shared `ip -o link` parser
//! ([`crate::parse::linux::ip`]); a probe asks for carrier with
//! [`ip::Link::carrier_now`], not [`ip::Link::lower_up`], see there.

use super::catalog::Probe;
use super::runner::ProbeOutput;
use crate::i18n::{self, Lang, Value};
use crate::parse::linux::ip::{self, Link};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A reason in one language (`locales/*/runbook.ftl`, `probe-…`); what a
/// probe printed (names, addresses, the tools' own messages) stays as it is.
#[derive(Clone, Copy)]
struct Say(Lang);

impl Say {
    fn t(self, id: &str) -> String {
        i18n::tr(self.0, id)
    }

    fn a(self, id: &str, args: &[(&str, &str)]) -> String {
        let args: Vec<(&str, Value)> = args
            .iter()
            .map(|(k, v)| (*k, Value::from(v.to_string())))
            .collect();
        i18n::tr_args(self.0, id, &args)
    }
}

/// The verdict of a check: it chooses the `ok` or the `fail` branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Ok,
    Fail,
    /// The probe could not run (a program is missing, an argument is not
    /// valid, a privileged step was not confirmed): says nothing about the
    /// system, so the engineer is asked instead.
    #[serde(rename = "cannot-check")]
    CannotCheck,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Fail => "fail",
            Verdict::CannotCheck => "cannot check",
        }
    }
}

/// Why a probe could not run at all, when its exit status says so: 127 (a
/// program is not installed) or 126 (it cannot be executed).
pub fn cannot_run(out: &ProbeOutput) -> Option<String> {
    cannot_run_in(out, Lang::En)
}

/// [`cannot_run`], saying why in `lang`.
pub fn cannot_run_in(out: &ProbeOutput, lang: Lang) -> Option<String> {
    let say = Say(lang);
    if !matches!(out.exit_status, Some(126 | 127)) {
        return None;
    }
    let line = out
        .stderr
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    // `sh: 1: ping: not found`, `bash: ping: command not found`.
    let missing = line
        .strip_suffix("command not found")
        .or_else(|| line.strip_suffix("not found"))
        .and_then(|l| l.trim_end().strip_suffix(':'))
        .and_then(|l| l.rsplit(": ").next())
        .filter(|p| !p.is_empty());
    Some(match (missing, line) {
        (Some(program), _) => say.a("probe-not-installed", &[("program", program)]),
        (None, "") if out.exit_status == Some(127) => say.t("probe-needs-missing"),
        (None, "") => say.t("probe-needs-unusable"),
        (None, line) => line.to_string(),
    })
}

impl Probe {
    /// The verdict and a one-line reason, from what the script printed.
    pub fn verdict(self, args: &BTreeMap<String, String>, out: &ProbeOutput) -> (Verdict, String) {
        self.verdict_in(args, out, Lang::En)
    }

    /// [`Probe::verdict`], with the reason in `lang`.
    pub fn verdict_in(
        self,
        args: &BTreeMap<String, String>,
        out: &ProbeOutput,
        lang: Lang,
    ) -> (Verdict, String) {
        let say = Say(lang);
        if out.timed_out {
            return (Verdict::Fail, say.t("probe-timed-out"));
        }
        if let Some(why) = cannot_run_in(out, lang) {
            return (Verdict::CannotCheck, why);
        }
        let iface = args
            .get("interface")
            .map(String::as_str)
            .filter(|i| !i.is_empty() && *i != "any");
        match self {
            Probe::Link => link_verdict(
                say,
                &out.stdout,
                iface,
                Link::admin_up,
                &say.t("probe-up"),
                &say.t("probe-admin-down"),
            ),
            Probe::Carrier => link_verdict(
                say,
                &out.stdout,
                iface,
                Link::carrier_now,
                &say.t("probe-carrier"),
                &say.t("probe-no-carrier"),
            ),
            Probe::Address => address_verdict(say, &out.stdout, iface),
            Probe::DefaultRoute => route_verdict(say, &out.stdout),
            Probe::GatewayPing => gateway_verdict(say, out),
            Probe::Dns => {
                let name = args.get("name").map(String::as_str).unwrap_or("?");
                let first = out.stdout.lines().next().unwrap_or("").trim();
                if out.exit_status == Some(0) && !first.is_empty() && !first.starts_with("---") {
                    let addr = first.split_whitespace().next().unwrap_or("");
                    (
                        Verdict::Ok,
                        say.a("probe-resolves", &[("name", name), ("addr", addr)]),
                    )
                } else {
                    let servers: Vec<&str> = out
                        .stdout
                        .lines()
                        .filter_map(|l| l.trim().strip_prefix("nameserver"))
                        .map(str::trim)
                        .collect();
                    let via = if servers.is_empty() {
                        say.t("probe-no-nameserver")
                    } else {
                        say.a("probe-nameservers", &[("servers", &servers.join(", "))])
                    };
                    (
                        Verdict::Fail,
                        say.a("probe-no-resolve", &[("name", name), ("via", &via)]),
                    )
                }
            }
            Probe::Ping => {
                let host = args.get("host").map(String::as_str).unwrap_or("?");
                match out.exit_status {
                    Some(0) => {
                        let stats = out
                            .stdout
                            .lines()
                            .find(|l| l.contains("received"))
                            .unwrap_or("")
                            .trim();
                        (
                            Verdict::Ok,
                            say.a("probe-answers", &[("host", host), ("stats", stats)]),
                        )
                    }
                    Some(1) => (Verdict::Fail, say.a("probe-no-reply", &[("host", host)])),
                    // ping cannot send here (no raw socket, no permission): it says nothing.
                    _ if out.stderr.contains("Operation not permitted")
                        || out.stderr.contains("Permission denied") =>
                    {
                        let why = out.stderr.lines().next().unwrap_or("").trim();
                        (
                            Verdict::CannotCheck,
                            say.a("probe-ping-cannot-send", &[("why", why)]),
                        )
                    }
                    _ => {
                        let failed = say.t("probe-ping-failed");
                        let why = out
                            .stderr
                            .lines()
                            .next()
                            .or(out.stdout.lines().next())
                            .unwrap_or(&failed)
                            .trim();
                        (
                            Verdict::Fail,
                            say.a("probe-cannot-ping", &[("host", host), ("why", why)]),
                        )
                    }
                }
            }
            Probe::NicDriver => nic_driver_verdict(say, &out.stdout, iface),
            Probe::Sockets => sockets_verdict(say, &out.stdout),
            Probe::Firewall => firewall_verdict(say, out),
        }
    }
}

/// Ping's answer, or when the gateway was not pinged, what its neighbour
/// entry shows: a live entry is ok, a failed one fail, none at all says
/// nothing (cannot check).
fn gateway_verdict(say: Say, out: &ProbeOutput) -> (Verdict, String) {
    let lines: Vec<&str> = out.stdout.lines().map(str::trim).collect();
    let Some(gw) = lines.iter().find_map(|l| l.strip_prefix("gateway ")) else {
        return (Verdict::Fail, say.t("probe-no-gateway"));
    };
    let Some(why) = lines.iter().find_map(|l| l.strip_prefix("not pinged: ")) else {
        return match out.exit_status {
            Some(0) => (Verdict::Ok, say.a("probe-gateway-answers", &[("gw", gw)])),
            Some(1) => (Verdict::Fail, say.a("probe-gateway-silent", &[("gw", gw)])),
            _ => {
                let failed = say.t("probe-ping-failed");
                let e = out.stderr.lines().next().unwrap_or(&failed).trim();
                (
                    Verdict::CannotCheck,
                    say.a("probe-gateway-cannot-ping", &[("gw", gw), ("why", e)]),
                )
            }
        };
    };
    let entry = lines
        .iter()
        .skip_while(|l| **l != "--- ip neigh")
        .skip(1)
        .find(|l| l.split_whitespace().next() == Some(gw));
    let state = entry
        .and_then(|e| e.split_whitespace().last())
        .unwrap_or("");
    match state {
        "REACHABLE" | "STALE" | "DELAY" | "PROBE" | "PERMANENT" | "NOARP" => (
            Verdict::Ok,
            say.a(
                "probe-gateway-neighbour",
                &[("gw", gw), ("state", state), ("why", why)],
            ),
        ),
        "FAILED" | "INCOMPLETE" => (
            Verdict::Fail,
            say.a(
                "probe-gateway-no-arp",
                &[("gw", gw), ("state", state), ("why", why)],
            ),
        ),
        _ => (
            Verdict::CannotCheck,
            say.a("probe-gateway-unknown", &[("gw", gw), ("why", why)]),
        ),
    }
}

fn link_verdict(
    say: Say,
    text: &str,
    iface: Option<&str>,
    good: impl Fn(&Link) -> bool,
    good_word: &str,
    bad_word: &str,
) -> (Verdict, String) {
    let links = match ip::parse_links(text) {
        Ok(links) => links,
        // Not what `ip -o link` prints: it says nothing about the links.
        Err(why) => {
            return (
                Verdict::CannotCheck,
                say.a("probe-link-unreadable", &[("why", &why.to_string())]),
            );
        }
    };
    match iface {
        Some(name) => match links.iter().find(|l| l.name == name) {
            None => (
                Verdict::Fail,
                say.a("probe-no-interface", &[("name", name)]),
            ),
            Some(l) if good(l) => (
                Verdict::Ok,
                say.a("probe-link-state", &[("name", name), ("state", good_word)]),
            ),
            Some(_) => (
                Verdict::Fail,
                say.a("probe-link-state", &[("name", name), ("state", bad_word)]),
            ),
        },
        None => {
            let nics: Vec<&Link> = links.iter().filter(|l| !l.loopback()).collect();
            if nics.is_empty() {
                return (Verdict::Fail, say.t("probe-no-nic"));
            }
            let (good_ones, bad_ones): (Vec<&Link>, Vec<&Link>) =
                nics.iter().partition(|l| good(l));
            let names = |v: &[&Link]| {
                v.iter()
                    .map(|l| l.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if good_ones.is_empty() {
                (
                    Verdict::Fail,
                    say.a(
                        "probe-every-interface",
                        &[("state", bad_word), ("names", &names(&bad_ones))],
                    ),
                )
            } else {
                (
                    Verdict::Ok,
                    say.a(
                        "probe-some-interfaces",
                        &[("state", good_word), ("names", &names(&good_ones))],
                    ),
                )
            }
        }
    }
}

/// `2: eth0    inet 10.0.0.2/24 brd 10.0.0.255 scope global eth0\ ...`
fn address_verdict(say: Say, text: &str, iface: Option<&str>) -> (Verdict, String) {
    let mut found = Vec::new();
    let mut link_local = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() < 4 || !matches!(words[2], "inet" | "inet6") {
            continue;
        }
        let name = words[1].split('@').next().unwrap_or(words[1]);
        if name == "lo" || iface.is_some_and(|i| i != name) {
            continue;
        }
        let scope = words
            .iter()
            .position(|w| *w == "scope")
            .and_then(|i| words.get(i + 1));
        let entry = format!("{name} {}", words[3]);
        if scope == Some(&"global") {
            found.push(entry);
        } else {
            link_local.push(entry);
        }
    }
    let what = iface.map_or_else(|| say.t("probe-any-interface"), str::to_string);
    if !found.is_empty() {
        (
            Verdict::Ok,
            say.a("probe-address", &[("found", &found.join(", "))]),
        )
    } else if !link_local.is_empty() {
        (
            Verdict::Fail,
            say.a(
                "probe-link-local-only",
                &[("what", &what), ("addrs", &link_local.join(", "))],
            ),
        )
    } else {
        (Verdict::Fail, say.a("probe-no-address", &[("what", &what)]))
    }
}

fn route_verdict(say: Say, text: &str) -> (Verdict, String) {
    let defaults: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("default"))
        .collect();
    if let Some(up) = defaults
        .iter()
        .find(|l| !l.split_whitespace().any(|w| w == "linkdown" || w == "dead"))
    {
        (Verdict::Ok, up.to_string())
    } else if let Some(down) = defaults.first() {
        (Verdict::Fail, say.a("probe-route-down", &[("route", down)]))
    } else {
        (Verdict::Fail, say.t("probe-no-route"))
    }
}

fn nic_driver_verdict(say: Say, text: &str, iface: Option<&str>) -> (Verdict, String) {
    let mut interfaces = Vec::new();
    let mut unbound_pci = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["if", name, state] => interfaces.push((*name, *state)),
            ["pci", addr, "driver=none"] => unbound_pci.push(*addr),
            _ => {}
        }
    }
    let unbound = say.a("probe-unbound", &[("pci", &unbound_pci.join(", "))]);
    let unbound_note = if unbound_pci.is_empty() {
        String::new()
    } else {
        say.a("probe-unbound-note", &[("unbound", &unbound)])
    };
    match iface {
        Some(name) => match interfaces.iter().find(|(n, _)| *n == name) {
            None => (
                Verdict::Fail,
                say.a(
                    "probe-no-interface-driver",
                    &[("name", name), ("note", &unbound_note)],
                ),
            ),
            Some((_, "driver=none")) => (
                Verdict::Fail,
                say.a(
                    "probe-no-driver",
                    &[("name", name), ("note", &unbound_note)],
                ),
            ),
            Some((_, state)) => (
                Verdict::Ok,
                format!("{name}: {}", state.trim_start_matches("driver=")),
            ),
        },
        None => {
            let nics: Vec<&(&str, &str)> = interfaces.iter().filter(|(n, _)| *n != "lo").collect();
            let missing: Vec<&str> = nics
                .iter()
                .filter(|(_, s)| *s == "driver=none")
                .map(|(n, _)| *n)
                .collect();
            if !missing.is_empty() {
                (
                    Verdict::Fail,
                    say.a(
                        "probe-no-driver-list",
                        &[("names", &missing.join(", ")), ("note", &unbound_note)],
                    ),
                )
            } else if !unbound_pci.is_empty() {
                (Verdict::Fail, unbound)
            } else if nics.is_empty() {
                (Verdict::Fail, say.t("probe-no-nic"))
            } else {
                let list: Vec<String> = nics
                    .iter()
                    .map(|(n, s)| format!("{n} {}", s.trim_start_matches("driver=")))
                    .collect();
                (Verdict::Ok, list.join(", "))
            }
        }
    }
}

/// `/proc/sys/fs/file-nr`, the local port range, then `/proc/net/sockstat`.
fn sockets_verdict(say: Say, text: &str) -> (Verdict, String) {
    let mut lines = text.lines();
    let nums = |l: Option<&str>| -> Vec<u64> {
        l.unwrap_or("")
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect()
    };
    let files = nums(lines.next());
    let ports = nums(lines.next());
    let tcp = text.lines().find(|l| l.starts_with("TCP:")).map(|l| {
        let w: Vec<&str> = l.split_whitespace().collect();
        let field = |k: &str| {
            w.iter()
                .position(|x| *x == k)
                .and_then(|i| w.get(i + 1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        (field("inuse"), field("tw"))
    });
    let (Some(&open), Some(&max)) = (files.first(), files.get(2)) else {
        return (Verdict::Fail, say.t("probe-no-file-nr"));
    };
    let files = say.a(
        "probe-file-handles",
        &[("open", &open.to_string()), ("max", &max.to_string())],
    );
    let mut problems = Vec::new();
    if max > 0 && u128::from(open) * 10 > u128::from(max) * 9 {
        problems.push(files.clone());
    }
    let mut summary = files;
    if let (Some((inuse, tw)), [low, high]) = (tcp, ports.as_slice()) {
        let range = (high.saturating_sub(*low) + 1).to_string();
        summary.push_str(&say.a(
            "probe-tcp-sockets",
            &[
                ("inuse", &inuse.to_string()),
                ("tw", &tw.to_string()),
                ("range", &range),
            ],
        ));
        if u128::from(inuse + tw) * 10 > u128::from(high.saturating_sub(*low) + 1) * 9 {
            problems.push(say.a(
                "probe-tcp-problem",
                &[("n", &(inuse + tw).to_string()), ("range", &range)],
            ));
        }
    }
    if problems.is_empty() {
        (Verdict::Ok, summary)
    } else {
        (
            Verdict::Fail,
            say.a(
                "probe-exhausted",
                &[("problems", &problems.join(&say.t("list-separator")))],
            ),
        )
    }
}

fn firewall_verdict(say: Say, out: &ProbeOutput) -> (Verdict, String) {
    if out.exit_status != Some(0) {
        let failed = say.t("probe-listing-failed");
        let why = out.stderr.lines().next().unwrap_or(&failed).trim();
        return (
            Verdict::Fail,
            say.a("probe-firewall-unlisted", &[("why", why)]),
        );
    }
    if out.stdout.contains("# no firewall tool") {
        return (Verdict::Ok, say.t("probe-no-firewall-tool"));
    }
    let blocking: Vec<&str> = out
        .stdout
        .lines()
        .map(str::trim)
        .filter(|l| {
            let lower = l.to_ascii_lowercase();
            !l.starts_with('#')
                && lower
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w == "drop" || w == "reject")
        })
        .collect();
    if blocking.is_empty() {
        (Verdict::Ok, say.t("probe-no-blocking"))
    } else {
        (
            Verdict::Fail,
            say.a(
                "probe-blocking",
                &[("n", &blocking.len().to_string()), ("rule", blocking[0])],
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(status: i32, stdout: &str) -> ProbeOutput {
        ProbeOutput {
            exit_status: Some(status),
            stdout: stdout.into(),
            stderr: String::new(),
            timed_out: false,
        }
    }

    fn args(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    // Captured from namespaces on a Debian 12 machine.
    const LINKS_UP: &str = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: c0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 7a:3c:51:0e:11:25 brd ff:ff:ff:ff:ff:ff link-netns ops-r\n";
    const LINKS_ADMIN_DOWN: &str = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: c0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000\\    link/ether 7a:3c:51:0e:11:25 brd ff:ff:ff:ff:ff:ff link-netns ops-r\n";
    const LINKS_NO_CARRIER: &str = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: c0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000\\    link/ether 7a:3c:51:0e:11:25 brd ff:ff:ff:ff:ff:ff link-netns ops-r\n";

    #[test]
    fn reasons_are_in_the_walks_language() {
        let zh =
            |p: Probe, a: &[(&str, &str)], o: &ProbeOutput| p.verdict_in(&args(a), o, Lang::ZhCn);
        let (v, why) = zh(
            Probe::Carrier,
            &[("interface", "c0")],
            &out(0, LINKS_NO_CARRIER),
        );
        assert_eq!((v, why.as_str()), (Verdict::Fail, "c0 无链路信号"));
        let (_, why) = zh(Probe::Link, &[], &out(0, LINKS_ADMIN_DOWN));
        assert_eq!(why, "所有网卡均被管理性关闭：c0");
        let (_, why) = zh(Probe::Link, &[("interface", "eth9")], &out(0, LINKS_UP));
        assert_eq!(why, "没有网卡 eth9");
        let (_, why) = zh(Probe::DefaultRoute, &[], &out(0, ""));
        assert_eq!(why, "没有默认路由");
        let (_, why) = zh(Probe::Ping, &[("host", "db1")], &out(1, ""));
        assert_eq!(why, "db1 无应答");
        let missing = ProbeOutput {
            exit_status: Some(127),
            stdout: String::new(),
            stderr: "sh: 1: ping: not found\n".into(),
            timed_out: false,
        };
        assert_eq!(cannot_run_in(&missing, Lang::ZhCn).unwrap(), "未安装 ping");
        // Every probe, on every one of these outputs, says no message id.
        for p in Probe::ALL {
            for o in [
                out(0, ""),
                out(1, ""),
                out(2, "gateway 10.0.0.1\n"),
                missing.clone(),
            ] {
                let (_, why) = p.verdict_in(&args(&[("name", "x"), ("host", "y")]), &o, Lang::ZhCn);
                assert!(!why.contains("probe-"), "{p:?}: {why}");
            }
        }
    }

    #[test]
    fn link_and_carrier() {
        let none = args(&[]);
        assert_eq!(Probe::Link.verdict(&none, &out(0, LINKS_UP)).0, Verdict::Ok);
        assert_eq!(
            Probe::Carrier.verdict(&none, &out(0, LINKS_UP)).0,
            Verdict::Ok
        );
        let (v, why) = Probe::Link.verdict(&none, &out(0, LINKS_ADMIN_DOWN));
        assert_eq!(
            (v, why.as_str()),
            (Verdict::Fail, "every interface administratively down: c0")
        );
        assert_eq!(
            Probe::Link.verdict(&none, &out(0, LINKS_NO_CARRIER)).0,
            Verdict::Ok
        );
        let (v, why) =
            Probe::Carrier.verdict(&args(&[("interface", "c0")]), &out(0, LINKS_NO_CARRIER));
        assert_eq!((v, why.as_str()), (Verdict::Fail, "c0 has no carrier"));
        let (v, why) = Probe::Link.verdict(&args(&[("interface", "eth9")]), &out(0, LINKS_UP));
        assert_eq!(
            (v, why.as_str()),
            (Verdict::Fail, "there is no interface eth9")
        );
        // Just after the peer comes up the kernel shows LOWER_UP before it
        // clears NO-CARRIER (captured from a fresh veth pair): carrier is there.
        let settling = "2: c0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000\\    link/ether c6:0a:ec:7a:dc:f5 brd ff:ff:ff:ff:ff:ff\n";
        assert_eq!(
            Probe::Carrier.verdict(&none, &out(0, settling)).0,
            Verdict::Ok
        );
        let lo_only = LINKS_UP.lines().next().unwrap();
        assert_eq!(
            Probe::Carrier.verdict(&none, &out(0, lo_only)).0,
            Verdict::Fail
        );
        // Not a link list: it says nothing about the links.
        assert_eq!(
            Probe::Link.verdict(&none, &out(0, "no links here\n")).0,
            Verdict::CannotCheck
        );
    }

    #[test]
    fn address() {
        let text = "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n2: c0    inet 10.77.1.2/24 scope global c0\\       valid_lft forever preferred_lft forever\n2: c0    inet6 fe80::783c:51ff:fe0e:1125/64 scope link \\       valid_lft forever preferred_lft forever\n";
        let (v, why) = Probe::Address.verdict(&args(&[]), &out(0, text));
        assert_eq!((v, why.as_str()), (Verdict::Ok, "address: c0 10.77.1.2/24"));
        let link_only = "2: c0    inet6 fe80::1/64 scope link \\       valid_lft forever\n";
        assert_eq!(
            Probe::Address.verdict(&args(&[]), &out(0, link_only)).0,
            Verdict::Fail
        );
        assert_eq!(
            Probe::Address
                .verdict(&args(&[("interface", "c1")]), &out(0, text))
                .0,
            Verdict::Fail
        );
    }

    #[test]
    fn default_route() {
        let ok = "default via 10.77.1.1 dev c0\n10.77.1.0/24 dev c0 proto kernel scope link src 10.77.1.2\n--- ipv6\n";
        assert_eq!(
            Probe::DefaultRoute.verdict(&args(&[]), &out(0, ok)),
            (Verdict::Ok, "default via 10.77.1.1 dev c0".into())
        );
        let down = "default via 10.77.1.1 dev c0 linkdown\n--- ipv6\n";
        assert_eq!(
            Probe::DefaultRoute.verdict(&args(&[]), &out(0, down)).0,
            Verdict::Fail
        );
        let none = "10.77.1.0/24 dev c0 proto kernel scope link src 10.77.1.2\n--- ipv6\n";
        assert_eq!(
            Probe::DefaultRoute.verdict(&args(&[]), &out(0, none)),
            (Verdict::Fail, "there is no default route".into())
        );
        let v6 = "--- ipv6\ndefault via fe80::1 dev eth0 proto ra metric 1024 pref medium\n";
        assert_eq!(
            Probe::DefaultRoute.verdict(&args(&[]), &out(0, v6)).0,
            Verdict::Ok
        );
    }

    #[test]
    fn gateway_dns_ping() {
        let gw = "gateway 10.77.1.1\nPING 10.77.1.1 (10.77.1.1) 56(84) bytes of data.\n";
        assert_eq!(
            Probe::GatewayPing.verdict(&args(&[]), &out(0, gw)).0,
            Verdict::Ok
        );
        assert_eq!(
            Probe::GatewayPing.verdict(&args(&[]), &out(1, gw)),
            (
                Verdict::Fail,
                "gateway 10.77.1.1 does not answer ping".into()
            )
        );
        let off = "gateway 10.77.1.1\nnot pinged: ping is turned off (gateway_ping = false)\n--- ip neigh\n";
        assert_eq!(
            Probe::GatewayPing.verdict(&args(&[]), &out(0, &format!("{off}10.77.1.1 dev c0 lladdr 7a:3c:51:0e:11:25 STALE\n"))),
            (Verdict::Ok, "gateway 10.77.1.1 is in the neighbour table (STALE); ping is turned off (gateway_ping = false), so it was not pinged".into())
        );
        assert_eq!(
            Probe::GatewayPing
                .verdict(
                    &args(&[]),
                    &out(0, &format!("{off}10.77.1.1 dev c0 FAILED\n"))
                )
                .0,
            Verdict::Fail
        );
        assert_eq!(
            Probe::GatewayPing.verdict(&args(&[]), &out(0, off)).0,
            Verdict::CannotCheck
        );
        assert_eq!(
            Probe::GatewayPing
                .verdict(&args(&[]), &out(1, "no IPv4 default gateway\n"))
                .0,
            Verdict::Fail
        );

        let name = args(&[("name", "app.example")]);
        let ok = "10.0.0.5        app.example\n--- /etc/resolv.conf\nnameserver 10.0.0.1\n";
        assert_eq!(
            Probe::Dns.verdict(&name, &out(0, ok)),
            (Verdict::Ok, "app.example resolves to 10.0.0.5".into())
        );
        assert_eq!(
            Probe::Dns.verdict(&name, &out(2, "--- /etc/resolv.conf\n")),
            (
                Verdict::Fail,
                "app.example does not resolve (no nameserver in /etc/resolv.conf)".into()
            )
        );
        let host = args(&[("host", "10.0.0.5")]);
        let mut unknown = out(2, "");
        unknown.stderr = "ping: app: Temporary failure in name resolution\n".into();
        assert_eq!(
            Probe::Ping.verdict(&host, &unknown).1,
            "cannot ping 10.0.0.5: ping: app: Temporary failure in name resolution"
        );
        assert_eq!(Probe::Ping.verdict(&host, &out(1, "")).0, Verdict::Fail);
        for stderr in ["sh: 1: ping: not found\n", "ping is not installed\n"] {
            let mut missing = out(127, "");
            missing.stderr = stderr.into();
            assert_eq!(
                Probe::Ping.verdict(&host, &missing),
                (Verdict::CannotCheck, "ping is not installed".into())
            );
        }
    }

    #[test]
    fn nic_driver() {
        let text =
            "if lo virtual\nif eth0 driver=e1000e\nif c0 virtual\npci 0000:00:1f.6 driver=e1000e\n";
        assert_eq!(
            Probe::NicDriver.verdict(&args(&[]), &out(0, text)),
            (Verdict::Ok, "eth0 e1000e, c0 virtual".into())
        );
        let unbound = "if lo virtual\npci 0000:03:00.0 driver=none\n";
        let (v, why) = Probe::NicDriver.verdict(&args(&[("interface", "eth1")]), &out(0, unbound));
        assert_eq!(v, Verdict::Fail);
        assert!(why.contains("0000:03:00.0"), "{why}");
        assert_eq!(
            Probe::NicDriver.verdict(&args(&[]), &out(0, unbound)).0,
            Verdict::Fail
        );
    }

    #[test]
    fn sockets() {
        let text = "1632\t0\t9223372036854775807\n32768\t60999\nsockets: used 180\nTCP: inuse 7 orphan 0 tw 2 alloc 9 mem 1\nUDP: inuse 3 mem 2\n";
        let (v, why) = Probe::Sockets.verdict(&args(&[]), &out(0, text));
        assert_eq!(v, Verdict::Ok, "{why}");
        let full = "1632\t0\t9223372036854775807\n32768\t32867\nsockets: used 180\nTCP: inuse 95 orphan 0 tw 2 alloc 9 mem 1\n";
        assert_eq!(
            Probe::Sockets.verdict(&args(&[]), &out(0, full)).0,
            Verdict::Fail
        );
        let files = "990 0 1000\n32768 60999\nTCP: inuse 1 orphan 0 tw 0 alloc 1 mem 1\n";
        assert_eq!(
            Probe::Sockets.verdict(&args(&[]), &out(0, files)).0,
            Verdict::Fail
        );
    }

    #[test]
    fn firewall() {
        assert_eq!(
            Probe::Firewall
                .verdict(
                    &args(&[]),
                    &out(0, "# no firewall tool (nft, iptables) is installed\n")
                )
                .0,
            Verdict::Ok
        );
        assert_eq!(
            Probe::Firewall
                .verdict(
                    &args(&[]),
                    &out(0, "# iptables -S\n-P INPUT ACCEPT\n-P FORWARD ACCEPT\n")
                )
                .0,
            Verdict::Ok
        );
        let (v, why) = Probe::Firewall.verdict(
            &args(&[]),
            &out(
                0,
                "# iptables -S\n-P INPUT DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT\n",
            ),
        );
        assert_eq!(
            (v, why.as_str()),
            (
                Verdict::Fail,
                "1 rule(s) drop or reject traffic, e.g. -P INPUT DROP"
            )
        );
        let nft = "# nft list ruleset\ntable inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t\ttcp dport 80 reject\n\t}\n}\n";
        assert_eq!(
            Probe::Firewall.verdict(&args(&[]), &out(0, nft)).0,
            Verdict::Fail
        );
        let mut denied = out(1, "# iptables -S\n");
        denied.stderr = "iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied\n".into();
        assert_eq!(
            Probe::Firewall.verdict(&args(&[]), &denied).0,
            Verdict::Fail
        );
    }
}
