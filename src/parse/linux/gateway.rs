//! The collection script's `gateway` section: for each default gateway,
//! `gateway ADDR DEV`, then a `ping` run and a `neigh` run (see
//! [`super::run`]). Where there is no `ip`, the gateways come from
//! `route -n` and the neighbour entry from `/proc/net/arp` (an `arp` run).

use super::ip::{Neigh, parse_neigh};
use super::run::{Run, RunStatus, output_line, parse_run_header};
use serde::Serialize;

/// What a single ping showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", content = "error", rename_all = "snake_case")]
pub enum Ping {
    Reply,
    NoReply,
    /// ping is not installed.
    Absent,
    /// ping was turned off (`gateway_ping = false`): judged by the neighbour table.
    Disabled,
    /// ping ran but could not probe (no permission, bad option, timeout).
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GatewayProbe {
    pub address: String,
    pub dev: Option<String>,
    pub ping: Ping,
    /// The neighbour entry, when the table has one.
    pub neigh: Option<Neigh>,
    /// Why the neighbour table could not be read, when it could not.
    pub neigh_error: Option<String>,
}

pub fn parse(text: &str) -> Result<Vec<GatewayProbe>, String> {
    let mut probes: Vec<(GatewayProbe, Vec<Run>)> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("gateway ") {
            let mut words = rest.split_whitespace();
            let Some(address) = words.next() else {
                return Err("`gateway` line without an address".to_string());
            };
            let dev = words.next().filter(|d| *d != "-").map(str::to_string);
            probes.push((
                GatewayProbe {
                    address: address.to_string(),
                    dev,
                    ping: Ping::Absent,
                    neigh: None,
                    neigh_error: None,
                },
                Vec::new(),
            ));
        } else if line == "run ping disabled" {
            match probes.last_mut() {
                Some((probe, _)) => probe.ping = Ping::Disabled,
                None => return Err("a probe before any `gateway` line".to_string()),
            }
        } else if let Some(run) = parse_run_header(line) {
            match probes.last_mut() {
                Some((_, runs)) => runs.push(run),
                None => return Err("a probe before any `gateway` line".to_string()),
            }
        } else if let Some(out) = output_line(line) {
            if let Some(run) = probes.last_mut().and_then(|(_, runs)| runs.last_mut()) {
                run.output.push(out.to_string());
            }
        } else if !line.trim().is_empty() {
            return Err(format!("unexpected line: {:?}", super::single::clip(line)));
        }
    }
    Ok(probes
        .into_iter()
        .map(|(mut probe, runs)| {
            for run in runs {
                match run.tag.as_str() {
                    "ping" => probe.ping = interpret_ping(&run),
                    "neigh" => match run.status {
                        RunStatus::Exit(0) => {
                            let text = run.output.join("\n");
                            match parse_neigh(&text) {
                                Ok(mut n) if !n.is_empty() => probe.neigh = Some(n.remove(0)),
                                Ok(_) => {}
                                Err(e) => probe.neigh_error = Some(e),
                            }
                        }
                        _ => {
                            probe.neigh_error = Some(describe_failure("ip neigh", &run));
                        }
                    },
                    "arp" => match run.status {
                        RunStatus::Exit(0) => probe.neigh = arp_entry(&run.output, &probe.address),
                        _ => probe.neigh_error = Some(describe_failure("/proc/net/arp", &run)),
                    },
                    _ => {}
                }
            }
            probe
        })
        .collect())
}

/// The `/proc/net/arp` row of `address`, as a neighbour entry:
///
/// ```text
/// IP address       HW type     Flags       HW address            Mask     Device
/// 192.0.2.1        0x1         0x2         52:54:00:12:34:56     *        eth0
/// ```
///
/// Flags 0x2 (`ATF_COM`) is a resolved entry, 0x4 (`ATF_PERM`) a static
/// one; without 0x2 the address is not answering.
pub fn arp_entry(lines: &[String], address: &str) -> Option<Neigh> {
    lines
        .iter()
        .filter_map(|l| arp_row(l))
        .find(|n| n.address == address)
}

/// One `/proc/net/arp` row; `None` for the header or a line that is not a row.
pub fn arp_row(line: &str) -> Option<Neigh> {
    let w: Vec<&str> = line.split_whitespace().collect();
    if w.len() < 6 {
        return None;
    }
    let flags = u32::from_str_radix(w[2].trim_start_matches("0x"), 16).ok()?;
    let state = if flags & 0x4 != 0 {
        "PERMANENT"
    } else if flags & 0x2 != 0 {
        "REACHABLE"
    } else {
        "INCOMPLETE"
    };
    Some(Neigh {
        address: w[0].to_string(),
        dev: Some(w[5].to_string()),
        lladdr: (flags & 0x2 != 0).then(|| w[3].to_string()),
        router: false,
        states: vec![state.to_string()],
    })
}

/// A ping's verdict from its exit status and its statistics line
/// (`1 packets transmitted, 0 received, 100% packet loss`).
pub fn interpret_ping(run: &Run) -> Ping {
    let received = run.output.iter().find_map(|l| {
        let (_, after) = l.split_once("transmitted,")?;
        let n = after.split_whitespace().next()?;
        n.parse::<u64>().ok()
    });
    match (run.status, received) {
        (RunStatus::Absent, _) => Ping::Absent,
        (RunStatus::Exit(0), Some(0)) => Ping::NoReply,
        (RunStatus::Exit(0), _) => Ping::Reply,
        (_, Some(0)) => Ping::NoReply,
        (_, Some(_)) => Ping::Reply,
        (RunStatus::Exit(_), None) => Ping::Failed(describe_failure("ping", run)),
    }
}

/// `ping exited with status 2: ping: socket: Operation not permitted`.
pub fn describe_failure(what: &str, run: &Run) -> String {
    match run.status {
        RunStatus::Absent => format!("{what} is not installed"),
        RunStatus::Exit(124) => format!("{what} timed out"),
        RunStatus::Exit(rc) => {
            let first = run.first_line();
            if first.is_empty() {
                format!("{what} exited with status {rc}")
            } else {
                format!(
                    "{what} exited with status {rc}: {}",
                    super::single::clip(first)
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_gateway_section() {
        // Captured on this machine: IPv4 gateway answers, IPv6 one does not.
        let text = "gateway 192.0.2.1 eth0\nrun ping 0\n\
| PING 192.0.2.1 (192.0.2.1) 56(84) bytes of data.\n\
| 64 bytes from 192.0.2.1: icmp_seq=1 ttl=64 time=0.546 ms\n|\n\
| --- 192.0.2.1 ping statistics ---\n\
| 1 packets transmitted, 1 received, 0% packet loss, time 0ms\n\
| rtt min/avg/max/mdev = 0.546/0.546/0.546/0.000 ms\n\
run neigh 0\n| 192.0.2.1 lladdr 02:fc:00:00:00:05 DELAY \n\
gateway fd00::1 eth0\nrun ping 1\n| PING fd00::1(fd00::1) 56 data bytes\n|\n\
| --- fd00::1 ping statistics ---\n\
| 1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\
run neigh 0\n| fd00::1 INCOMPLETE \n";
        let p = parse(text).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].address, "192.0.2.1");
        assert_eq!(p[0].dev.as_deref(), Some("eth0"));
        assert_eq!(p[0].ping, Ping::Reply);
        assert_eq!(p[0].neigh.as_ref().unwrap().states, vec!["DELAY"]);
        assert_eq!(p[1].ping, Ping::NoReply);
        assert_eq!(p[1].neigh.as_ref().unwrap().states, vec!["INCOMPLETE"]);
    }

    #[test]
    fn ping_turned_off_is_told_apart_from_absent() {
        let p = parse("gateway 10.0.0.1 eth0\nrun ping disabled\nrun neigh 0\n| 10.0.0.1 dev eth0 lladdr 52:54:00:00:00:01 REACHABLE\n").unwrap();
        assert_eq!(p[0].ping, Ping::Disabled);
    }

    #[test]
    fn ping_absent_or_unusable() {
        let p = parse("gateway 10.0.0.1 -\nrun ping absent\nrun neigh 0\n").unwrap();
        assert_eq!(p[0].dev, None);
        assert_eq!(p[0].ping, Ping::Absent);
        assert_eq!(p[0].neigh, None);
        let p = parse(
            "gateway 10.0.0.1 eth0\nrun ping 2\n| ping: socket: Operation not permitted\nrun neigh 1\n| Cannot open netlink socket\n",
        )
        .unwrap();
        assert_eq!(
            p[0].ping,
            Ping::Failed("ping exited with status 2: ping: socket: Operation not permitted".into())
        );
        assert_eq!(
            p[0].neigh_error.as_deref(),
            Some("ip neigh exited with status 1: Cannot open netlink socket")
        );
        // BusyBox ping says `1 packets transmitted, 0 packets received`.
        let p = parse("gateway 10.0.0.1 eth0\nrun ping 1\n| 1 packets transmitted, 0 packets received, 100% packet loss\n").unwrap();
        assert_eq!(p[0].ping, Ping::NoReply);
        assert!(parse("run ping 0\n").is_err());
        assert!(parse("gateway\n").is_err());
        assert!(parse("gateway 1.1.1.1 x\nwhat\n").is_err());
        assert_eq!(parse("").unwrap(), vec![]);
    }
}
