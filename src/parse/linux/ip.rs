//! iproute2 one-line output: `ip -o link`, `ip -o addr`, `ip route`,
//! `ip neigh`.

use serde::Serialize;
/// `ip -o link` row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Link {
    pub index: u32,
    pub name: String,
    /// `eth0.100@eth0` → `eth0`; `veth1@if4` → `if4`.
    pub parent: Option<String>,
    /// `BROADCAST,MULTICAST,UP,LOWER_UP`, split.
    pub flags: Vec<String>,
    pub mtu: Option<u32>,
    /// Operational state as ip prints it: `UP`, `DOWN`, `UNKNOWN`…
    pub state: Option<String>,
    /// Bond or bridge this interface is enslaved to.
    pub master: Option<String>,
    /// `ether`, `loopback`, `none`…
    pub link_type: Option<String>,
    pub mac: Option<String>,
}

impl Link {
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    /// Administratively up (`ip link set … up`).
    pub fn admin_up(&self) -> bool {
        self.has_flag("UP")
    }

    /// The driver reports a carrier (`LOWER_UP`) and not `NO-CARRIER`.
    pub fn lower_up(&self) -> bool {
        self.has_flag("LOWER_UP") && !self.has_flag("NO-CARRIER")
    }

    /// The driver reports a carrier now: `LOWER_UP`, even while `NO-CARRIER`
    /// still shows. `NO-CARRIER` follows the operational state, which the
    /// kernel updates up to a second after the carrier, so a link whose peer
    /// has just come up shows both flags: [`Link::lower_up`] waits for the
    /// state to agree, this does not (the runbook probes, which run once, at
    /// a moment the engineer chose).
    pub fn carrier_now(&self) -> bool {
        self.has_flag("LOWER_UP")
    }

    pub fn loopback(&self) -> bool {
        self.has_flag("LOOPBACK") || self.link_type.as_deref() == Some("loopback")
    }
}

/// `ip -o addr` row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Addr {
    pub index: u32,
    pub ifname: String,
    /// `inet` or `inet6`.
    pub family: String,
    /// `192.0.2.2/24`.
    pub address: String,
    pub scope: Option<String>,
}

/// `ip route` row (continuation `nexthop` lines folded into their route).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Route {
    /// `unicast` unless the line starts with a type (`unreachable`, `blackhole`…).
    pub kind: String,
    /// `default` or a prefix.
    pub destination: String,
    pub via: Option<String>,
    pub dev: Option<String>,
    pub proto: Option<String>,
    pub metric: Option<u32>,
    pub src: Option<String>,
    /// The kernel marks the route `linkdown` (its interface has no carrier).
    pub linkdown: bool,
    /// ECMP next hops: `(via, dev)`.
    pub nexthops: Vec<(Option<String>, Option<String>)>,
}

impl Route {
    pub fn is_default(&self) -> bool {
        self.destination == "default"
            || self.destination == "0.0.0.0/0"
            || self.destination == "::/0"
    }

    /// Every gateway of the route: its own `via` and those of its next hops.
    pub fn gateways(&self) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        if let Some(v) = &self.via {
            out.push((v.clone(), self.dev.clone()));
        }
        for (v, d) in &self.nexthops {
            if let Some(v) = v {
                out.push((v.clone(), d.clone()));
            }
        }
        out
    }
}

/// `ip neigh` row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Neigh {
    pub address: String,
    pub dev: Option<String>,
    pub lladdr: Option<String>,
    pub router: bool,
    /// `REACHABLE`, `STALE`, `FAILED`… (several when ip prints several).
    pub states: Vec<String>,
}

const ROUTE_TYPES: &[&str] = &[
    "unicast",
    "local",
    "broadcast",
    "multicast",
    "unreachable",
    "blackhole",
    "prohibit",
    "throw",
    "nat",
    "anycast",
];

/// The word after `key` among `words`: `scope global` → `global`.
pub(super) fn word_after<'a>(words: &[&'a str], key: &str) -> Option<&'a str> {
    let i = words.iter().position(|w| *w == key)?;
    words.get(i + 1).copied()
}

/// `UP,BROADCAST,RUNNING`, split (the part between `<` and `>`).
pub(super) fn split_flags(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

/// `N: name[@parent]: <FLAGS> key value…` → index, name, parent, rest.
fn split_indexed(line: &str) -> Option<(u32, &str, &str)> {
    let (idx, rest) = line.split_once(':')?;
    let index = idx.trim().parse().ok()?;
    Some((index, rest.trim_start(), rest))
}

pub fn parse_links(text: &str) -> Result<Vec<Link>, String> {
    let mut links = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let parsed = (|| {
            let (index, rest, _) = split_indexed(line)?;
            let (name, rest) = rest.split_once(':')?;
            let name = name.trim();
            if name.is_empty() {
                return None;
            }
            let (name, parent) = match name.split_once('@') {
                Some((n, p)) => (n, Some(p.to_string())),
                None => (name, None),
            };
            let rest = rest.trim_start();
            let flags_end = rest.find('>')?;
            let flags = split_flags(&rest.strip_prefix('<')?[..flags_end - 1]);
            let mut link = Link {
                index,
                name: name.to_string(),
                parent,
                flags,
                ..Link::default()
            };
            let words: Vec<&str> = rest[flags_end + 1..]
                .split(|c: char| c.is_whitespace() || c == '\\')
                .filter(|w| !w.is_empty())
                .collect();
            let mut i = 0;
            while i < words.len() {
                let next = words.get(i + 1).map(|s| s.to_string());
                match words[i] {
                    "mtu" => link.mtu = next.and_then(|n| n.parse().ok()),
                    "state" => link.state = next,
                    "master" => link.master = next,
                    w if w.starts_with("link/") => {
                        link.link_type = Some(w["link/".len()..].to_string());
                        if next.as_deref().is_some_and(|n| n.contains(':')) {
                            link.mac = next;
                        }
                    }
                    _ => {
                        i += 1;
                        continue;
                    }
                }
                i += 2;
            }
            Some(link)
        })();
        match parsed {
            Some(l) => links.push(l),
            None => {
                return Err(format!(
                    "not an `ip -o link` line: {:?}",
                    super::single::clip(line)
                ));
            }
        }
    }
    Ok(links)
}

pub fn parse_addrs(text: &str) -> Result<Vec<Addr>, String> {
    let mut addrs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let parsed = (|| {
            let (index, rest, _) = split_indexed(line)?;
            let mut words = rest
                .split(|c: char| c.is_whitespace() || c == '\\')
                .filter(|w| !w.is_empty());
            let ifname = words.next()?.to_string();
            let family = words.next()?;
            if !family.starts_with("inet") && family != "link" {
                return None;
            }
            let address = words.next()?.to_string();
            let words: Vec<&str> = words.collect();
            let scope = word_after(&words, "scope").map(str::to_string);
            Some(Addr {
                index,
                ifname,
                family: family.to_string(),
                address,
                scope,
            })
        })();
        match parsed {
            Some(a) => addrs.push(a),
            None => {
                return Err(format!(
                    "not an `ip -o addr` line: {:?}",
                    super::single::clip(line)
                ));
            }
        }
    }
    Ok(addrs)
}

pub fn parse_routes(text: &str) -> Result<Vec<Route>, String> {
    let mut routes: Vec<Route> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words[0] == "nexthop" {
            let Some(route) = routes.last_mut() else {
                return Err(format!(
                    "next hop without a route: {:?}",
                    super::single::clip(line)
                ));
            };
            let (via, dev) = via_dev(&words[1..]);
            route.nexthops.push((via, dev));
            continue;
        }
        let (kind, rest) = if ROUTE_TYPES.contains(&words[0]) && words.len() > 1 {
            (words[0], &words[1..])
        } else {
            ("unicast", &words[..])
        };
        let destination = rest[0];
        if !(destination == "default" || destination.contains('.') || destination.contains(':')) {
            return Err(format!(
                "not an `ip route` line: {:?}",
                super::single::clip(line)
            ));
        }
        let rest = &rest[1..];
        let (via, dev) = via_dev(rest);
        let value = |key: &str| word_after(rest, key).map(str::to_string);
        routes.push(Route {
            kind: kind.to_string(),
            destination: destination.to_string(),
            via,
            dev,
            proto: value("proto"),
            metric: value("metric").and_then(|m| m.parse().ok()),
            src: value("src"),
            linkdown: rest.contains(&"linkdown"),
            nexthops: Vec::new(),
        });
    }
    Ok(routes)
}

/// `via [inet|inet6] ADDR` and `dev NAME` among route words.
fn via_dev(words: &[&str]) -> (Option<String>, Option<String>) {
    let mut via = None;
    let mut dev = None;
    let mut i = 0;
    while i < words.len() {
        match words[i] {
            "via" => {
                let mut j = i + 1;
                if matches!(words.get(j), Some(&"inet") | Some(&"inet6")) {
                    j += 1;
                }
                via = words.get(j).map(|s| s.to_string());
                i = j + 1;
            }
            "dev" => {
                dev = words.get(i + 1).map(|s| s.to_string());
                i += 2;
            }
            _ => i += 1,
        }
    }
    (via, dev)
}

pub fn parse_neigh(text: &str) -> Result<Vec<Neigh>, String> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let address = words[0];
        if !(address.contains('.') || address.contains(':')) {
            return Err(format!(
                "not an `ip neigh` line: {:?}",
                super::single::clip(line)
            ));
        }
        let mut n = Neigh {
            address: address.to_string(),
            ..Neigh::default()
        };
        let mut i = 1;
        while i < words.len() {
            match words[i] {
                "dev" => {
                    n.dev = words.get(i + 1).map(|s| s.to_string());
                    i += 1;
                }
                "lladdr" => {
                    n.lladdr = words.get(i + 1).map(|s| s.to_string());
                    i += 1;
                }
                "router" => n.router = true,
                w if w.len() > 1 && w.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') => {
                    n.states.push(w.to_string())
                }
                _ => {}
            }
            i += 1;
        }
        out.push(n);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/linux/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn real_links() {
        let links = parse_links(&fixture("ip-o-link")).unwrap();
        let names: Vec<&str> = links.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, vec!["lo", "ifb0", "ifb1", "eth0"]);
        let lo = &links[0];
        assert!(lo.loopback() && lo.admin_up() && lo.lower_up());
        assert_eq!(lo.mtu, Some(65536));
        assert_eq!(lo.state.as_deref(), Some("UNKNOWN"));
        let ifb0 = &links[1];
        assert_eq!(ifb0.flags, vec!["BROADCAST", "NOARP"]);
        assert!(!ifb0.admin_up());
        assert_eq!(ifb0.state.as_deref(), Some("DOWN"));
        assert_eq!(ifb0.mac.as_deref(), Some("9e:e2:94:3d:f1:c1"));
        let eth0 = &links[3];
        assert_eq!(eth0.index, 4);
        assert_eq!(eth0.flags, vec!["BROADCAST", "MULTICAST", "UP", "LOWER_UP"]);
        assert!(eth0.admin_up() && eth0.lower_up() && !eth0.loopback());
        assert_eq!(eth0.mtu, Some(1400));
        assert_eq!(eth0.state.as_deref(), Some("UP"));
        assert_eq!(eth0.link_type.as_deref(), Some("ether"));
        assert_eq!(eth0.mac.as_deref(), Some("02:fc:00:00:00:01"));
    }

    #[test]
    fn no_carrier_vlan_and_bond_slave() {
        let text = "3: eno2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc mq master bond0 state DOWN mode DEFAULT group default qlen 1000\\    link/ether 3c:ec:ef:00:00:02 brd ff:ff:ff:ff:ff:ff\\    altname enp2s0f1\n\
                    7: eth0.100@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 3c:ec:ef:00:00:01 brd ff:ff:ff:ff:ff:ff\n\
                    9: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UNKNOWN mode DEFAULT group default qlen 500\\    link/none \n";
        let links = parse_links(text).unwrap();
        assert!(links[0].admin_up());
        assert!(!links[0].lower_up());
        assert_eq!(links[0].master.as_deref(), Some("bond0"));
        assert_eq!(links[1].name, "eth0.100");
        assert_eq!(links[1].parent.as_deref(), Some("eth0"));
        assert_eq!(links[2].link_type.as_deref(), Some("none"));
        assert_eq!(links[2].mac, None);
        assert!(parse_links("garbage").is_err());
        assert!(parse_links("1: x: no flags").is_err());
        assert!(parse_links("1: : <UP>").is_err());
    }

    #[test]
    fn real_addrs() {
        let addrs = parse_addrs(&fixture("ip-o-addr")).unwrap();
        let got: Vec<(&str, &str, &str, Option<&str>)> = addrs
            .iter()
            .map(|a| {
                (
                    a.ifname.as_str(),
                    a.family.as_str(),
                    a.address.as_str(),
                    a.scope.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("lo", "inet", "127.0.0.1/8", Some("host")),
                ("lo", "inet6", "::1/128", Some("host")),
                ("eth0", "inet", "192.0.2.2/24", Some("global")),
                ("eth0", "inet6", "fd00::2/64", Some("global")),
                ("eth0", "inet6", "fe80::fc:ff:fe00:1/64", Some("link")),
            ]
        );
        assert_eq!(addrs[2].index, 4);
        assert!(parse_addrs("4: eth0 bogus").is_err());
    }

    #[test]
    fn real_routes() {
        let v4 = parse_routes(&fixture("ip-route4")).unwrap();
        assert_eq!(v4.len(), 2);
        assert!(v4[0].is_default());
        assert_eq!(v4[0].via.as_deref(), Some("192.0.2.1"));
        assert_eq!(v4[0].dev.as_deref(), Some("eth0"));
        assert_eq!(v4[1].destination, "192.0.2.0/24");
        assert_eq!(v4[1].proto.as_deref(), Some("kernel"));
        assert_eq!(v4[1].src.as_deref(), Some("192.0.2.2"));
        let v6 = parse_routes(&fixture("ip-route6")).unwrap();
        assert_eq!(v6.len(), 3);
        let d = v6.iter().find(|r| r.is_default()).unwrap();
        assert_eq!(
            d.gateways(),
            vec![("fd00::1".to_string(), Some("eth0".to_string()))]
        );
        assert_eq!(d.metric, Some(1024));
    }

    #[test]
    fn ecmp_types_and_linkdown() {
        let text = "default proto static metric 100 \n\
                    \tnexthop via 10.0.0.1 dev eth0 weight 1 \n\
                    \tnexthop via 10.0.1.1 dev eth1 weight 1 linkdown\n\
                    unreachable 10.9.0.0/16 proto static\n\
                    10.2.0.0/16 via inet6 fe80::1 dev eth2 linkdown\n";
        let r = parse_routes(text).unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(
            r[0].gateways(),
            vec![
                ("10.0.0.1".to_string(), Some("eth0".to_string())),
                ("10.0.1.1".to_string(), Some("eth1".to_string()))
            ]
        );
        assert_eq!(r[1].kind, "unreachable");
        assert_eq!(r[1].destination, "10.9.0.0/16");
        assert_eq!(r[2].via.as_deref(), Some("fe80::1"));
        assert!(r[2].linkdown);
        assert!(parse_routes("\tnexthop via 1.1.1.1").is_err());
        assert!(parse_routes("hello world").is_err());
    }

    #[test]
    fn real_neighbours() {
        let n = parse_neigh(&fixture("ip-neigh")).unwrap();
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].address, "192.0.2.1");
        assert_eq!(n[0].dev.as_deref(), Some("eth0"));
        assert_eq!(n[0].lladdr.as_deref(), Some("02:fc:00:00:00:05"));
        assert_eq!(n[0].states, vec!["STALE"]);
        assert_eq!(n[1].address, "fd00::1");
        assert_eq!(n[1].lladdr, None);
        assert_eq!(n[1].states, vec!["FAILED"]);
        let one =
            parse_neigh("fe80::1 dev eth0 lladdr 00:11:22:33:44:55 router REACHABLE\n").unwrap();
        assert!(one[0].router);
        assert_eq!(one[0].states, vec!["REACHABLE"]);
        assert_eq!(
            parse_neigh("fd00::1 INCOMPLETE \n").unwrap()[0].states,
            vec!["INCOMPLETE"]
        );
        assert!(parse_neigh("nonsense").is_err());
    }
}
