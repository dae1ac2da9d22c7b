//! `show ip route` (and `show ip route vrf *`): the routes, one entry per
//! path as in ntc-templates, and the gateway of last resort of each table.

use crate::parse::device::{clean_output, num, re, text, unrecognised};
use serde::{Deserialize, Serialize};

/// One path of one route. A route with two equal-cost next hops gives two
/// entries with the same network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// The VRF (`Routing Table: NAME`), `None` for the global table.
    pub vrf: Option<String>,
    /// The code from the legend: `C`, `L`, `S`, `O`, `B`, `D`, `i`, …
    pub protocol: String,
    /// The route type after the code: `IA`, `E1`, `E2`, `N1`, `N2`, `L1`,
    /// `L2`, `EX`, `ia`, `su`.
    #[serde(rename = "type")]
    pub route_type: Option<String>,
    /// `*`: a candidate default.
    pub candidate_default: bool,
    pub network: String,
    pub prefix_length: u8,
    pub distance: Option<u32>,
    pub metric: Option<u64>,
    pub nexthop_ip: Option<String>,
    /// The VRF the next hop is in, for a route leaked from another table:
    /// `AMB` of `via 10.10.254.10 (AMB)`.
    pub nexthop_vrf: Option<String>,
    pub nexthop_if: Option<String>,
    /// How long the route has been known: `1d18h`, `00:12:01`.
    pub uptime: Option<String>,
}

impl Route {
    pub fn is_default(&self) -> bool {
        self.network == "0.0.0.0" && self.prefix_length == 0
    }
}

/// `Gateway of last resort is 194.0.0.2 to network 0.0.0.0`, per table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastResort {
    pub vrf: Option<String>,
    /// `None` when the device says `is not set`.
    pub gateway: Option<String>,
    pub network: Option<String>,
}

/// What `show ip route` printed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpRoutes {
    pub routes: Vec<Route>,
    pub gateways: Vec<LastResort>,
    /// The global table has a default route: a `0.0.0.0/0` entry, or a
    /// gateway of last resort (a capture may be cut before the entry).
    pub default_route: bool,
}

impl IpRoutes {
    /// Whether a table (`None`: the global one) has a default route.
    pub fn has_default_route(&self, vrf: Option<&str>) -> bool {
        self.routes
            .iter()
            .any(|r| r.vrf.as_deref() == vrf && r.is_default())
            || self
                .gateways
                .iter()
                .any(|g| g.vrf.as_deref() == vrf && g.gateway.is_some())
    }

    /// Whether a prefix is present (in any table), e.g. one the
    /// configuration expects.
    pub fn has_prefix(&self, network: &str, prefix_length: u8) -> bool {
        self.routes
            .iter()
            .any(|r| r.network == network && r.prefix_length == prefix_length)
    }
}

struct Header {
    vrf: Option<String>,
    protocol: String,
    route_type: Option<String>,
    candidate_default: bool,
    network: String,
    prefix_length: u8,
    paths: usize,
}

#[derive(Default)]
struct Path {
    distance: Option<u32>,
    metric: Option<u64>,
    nexthop_ip: Option<String>,
    nexthop_vrf: Option<String>,
    nexthop_if: Option<String>,
    uptime: Option<String>,
}

fn ipv4(s: &str) -> Option<u32> {
    let mut out: u32 = 0;
    let mut parts = 0;
    for p in s.split('.') {
        let b: u8 = p.parse().ok()?;
        out = (out << 8) | u32::from(b);
        parts += 1;
    }
    (parts == 4).then_some(out)
}

fn classful_length(addr: u32) -> u8 {
    match addr >> 24 {
        0..=127 => 8,
        128..=191 => 16,
        _ => 24,
    }
}

fn mask(len: u8) -> u32 {
    if len == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(len.min(32)))
    }
}

/// Parses `show ip route`.
pub fn parse_show_ip_route(raw: &str) -> anyhow::Result<IpRoutes> {
    let cleaned = clean_output(raw);
    let entry = re!(
        r"^(?P<proto>[A-Za-z]{1,2})(?P<star>\*)?\s*(?P<type>IA|E1|E2|N1|N2|L1|L2|ia|su|EX)?(?:\s*[+%&])?\s+(?P<net>\d{1,3}(?:\.\d{1,3}){3})(?:/(?P<len>\d{1,2}))?(?P<rest>.*)$"
    );
    let subnetted = re!(r"^\s+(\d{1,3}(?:\.\d{1,3}){3})/(\d{1,2}) is (variably )?subnetted");
    let mut out = IpRoutes::default();
    let mut recognised = false;
    let mut vrf: Option<String> = None;
    let mut in_legend = false;
    // (major network, its classful mask, the length of its subnets).
    let mut subnet: Option<(u32, u32, u8)> = None;
    let mut last: Option<Header> = None;

    for line in cleaned.lines() {
        let t = line.trim();
        if t.is_empty() {
            in_legend = false;
            continue;
        }
        if t.starts_with("Codes:") {
            in_legend = true;
            recognised = true;
            continue;
        }
        if let Some(name) = t.strip_prefix("Routing Table:") {
            flush(&mut last, &mut out.routes);
            vrf = text(name);
            subnet = None;
            in_legend = false;
            continue;
        }
        if let Some(rest) = t.strip_prefix("Gateway of last resort is ") {
            in_legend = false;
            recognised = true;
            let gw = re!(r"^(\S+) to network (\S+)").captures(rest);
            out.gateways.push(LastResort {
                vrf: vrf.clone(),
                gateway: gw.as_ref().and_then(|c| text(&c[1])),
                network: gw.as_ref().and_then(|c| text(&c[2])),
            });
            continue;
        }
        if in_legend {
            continue;
        }
        if let Some(c) = subnetted.captures(line) {
            recognised = true;
            subnet = match (ipv4(&c[1]), c[2].parse::<u8>()) {
                (Some(addr), Ok(len)) if c.get(3).is_none() && len <= 32 => {
                    let major = mask(classful_length(addr));
                    Some((addr & major, major, len))
                }
                _ => None,
            };
            continue;
        }
        if !line.starts_with(' ')
            && let Some(c) = entry.captures(line)
        {
            flush(&mut last, &mut out.routes);
            recognised = true;
            let network = c["net"].to_string();
            let Some(addr) = ipv4(&network) else { continue };
            let prefix_length = match c.name("len").and_then(|m| m.as_str().parse::<u8>().ok()) {
                Some(len) if len <= 32 => len,
                Some(_) => continue,
                None => match subnet {
                    Some((major, major_mask, len)) if addr & major_mask == major => len,
                    _ => classful_length(addr),
                },
            };
            let mut header = Header {
                vrf: vrf.clone(),
                protocol: c["proto"].to_string(),
                route_type: c.name("type").map(|m| m.as_str().to_string()),
                candidate_default: c.name("star").is_some(),
                network,
                prefix_length,
                paths: 0,
            };
            if let Some(path) = parse_path(&c["rest"]) {
                emit(&mut header, path, &mut out.routes);
            }
            last = Some(header);
            continue;
        }
        // A further path of the route above: `[110/20] via 10.62.3.29, …`.
        if line.starts_with(' ')
            && t.starts_with('[')
            && let Some(header) = last.as_mut()
            && let Some(path) = parse_path(t)
        {
            emit(header, path, &mut out.routes);
        }
    }
    flush(&mut last, &mut out.routes);
    if !recognised {
        return Err(unrecognised("show ip route"));
    }
    out.default_route = out.has_default_route(None);
    Ok(out)
}

/// Emits a route that was printed without any path (a capture cut short).
fn flush(last: &mut Option<Header>, routes: &mut Vec<Route>) {
    if let Some(mut header) = last.take()
        && header.paths == 0
    {
        emit(&mut header, Path::default(), routes);
    }
}

fn emit(header: &mut Header, path: Path, routes: &mut Vec<Route>) {
    header.paths += 1;
    routes.push(Route {
        vrf: header.vrf.clone(),
        protocol: header.protocol.clone(),
        route_type: header.route_type.clone(),
        candidate_default: header.candidate_default,
        network: header.network.clone(),
        prefix_length: header.prefix_length,
        distance: path.distance,
        metric: path.metric,
        nexthop_ip: path.nexthop_ip,
        nexthop_vrf: path.nexthop_vrf,
        nexthop_if: path.nexthop_if,
        uptime: path.uptime,
    });
}

/// Reads what follows a network: `[110/20] via 10.0.0.1, 1d18h, Gi0/1`,
/// `[20/0] via 10.10.254.10 (AMB), 2w1d`,
/// `is directly connected, Serial0/0`, `[200/0], 2w0d, Null0`,
/// `is a summary, 7w0d, Null0`. `None` when there is nothing.
fn parse_path(rest: &str) -> Option<Path> {
    let mut rest = rest.trim();
    if rest.is_empty() {
        return None;
    }
    let mut path = Path::default();
    if let Some(c) = re!(r"^\[(\d+)/(\d+)\]").captures(rest) {
        path.distance = c[1].parse().ok();
        path.metric = num(&c[2]);
        rest = rest[c[0].len()..].trim_start_matches(',').trim();
    }
    if let Some(after) = rest.strip_prefix("via ") {
        let (hop, tail) = after.split_once(',').unwrap_or((after, ""));
        // A route leaked from another VRF names it after the address:
        // `via 10.10.254.10 (AMB)`.
        match hop.trim().split_once(char::is_whitespace) {
            Some((ip, vrf)) => {
                path.nexthop_ip = text(ip);
                path.nexthop_vrf = vrf
                    .trim()
                    .strip_prefix('(')
                    .and_then(|v| v.strip_suffix(')'))
                    .and_then(text);
            }
            None => path.nexthop_ip = text(hop),
        }
        rest = tail;
    } else if let Some(tail) = rest
        .strip_prefix("is directly connected")
        .or_else(|| rest.strip_prefix("is a summary"))
    {
        rest = tail;
    }
    let uptime = re!(r"^(?:\d+:\d\d:\d\d|\d+[ywdh]\d*[ywdhms]?(?:\d+[ms])*|never)$");
    for field in rest.split(',') {
        let field = field.trim();
        if field.is_empty() {
            continue;
        }
        if uptime.is_match(field) {
            path.uptime = Some(field.to_string());
        } else if path.nexthop_if.is_none() {
            path.nexthop_if = Some(field.to_string());
        }
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_route_and_paths() {
        let raw = "r1#show ip route\r\nCodes: L - local, C - connected, S - static\r\n       o - ODR, P - periodic downloaded static route\r\n\r\nGateway of last resort is 10.0.0.1 to network 0.0.0.0\r\n\r\nS*    0.0.0.0/0 [1/0] via 10.0.0.1\r\n      10.0.0.0/8 is variably subnetted, 2 subnets, 2 masks\r\nC        10.0.0.0/24 is directly connected, GigabitEthernet0/0\r\nL        10.0.0.2/32 is directly connected, GigabitEthernet0/0\r\nr1#";
        let r = parse_show_ip_route(raw).unwrap();
        assert!(r.default_route);
        assert_eq!(r.routes.len(), 3);
        assert!(r.routes[0].candidate_default && r.routes[0].is_default());
        assert_eq!(r.routes[0].nexthop_ip.as_deref(), Some("10.0.0.1"));
        assert_eq!(
            r.routes[1].nexthop_if.as_deref(),
            Some("GigabitEthernet0/0")
        );
        assert!(r.has_prefix("10.0.0.2", 32));
        assert_eq!(r.gateways[0].gateway.as_deref(), Some("10.0.0.1"));
    }

    #[test]
    fn no_default_route() {
        let raw = "Codes: C - connected\n\nGateway of last resort is not set\n\n      10.0.0.0/8 is variably subnetted, 1 subnets, 1 masks\nC        10.0.0.0/24 is directly connected, Vlan1\n";
        let r = parse_show_ip_route(raw).unwrap();
        assert!(!r.default_route);
        assert_eq!(r.gateways[0].gateway, None);
    }

    #[test]
    fn classful_length_when_no_mask_is_printed() {
        let raw = "Gateway of last resort is not set\n\nR    192.168.5.0 [120/1] via 10.0.0.1, 00:00:12, Serial0\n";
        let r = parse_show_ip_route(raw).unwrap();
        assert_eq!(r.routes[0].prefix_length, 24);
        assert_eq!(r.routes[0].uptime.as_deref(), Some("00:00:12"));
        assert_eq!(r.routes[0].nexthop_if.as_deref(), Some("Serial0"));
    }

    #[test]
    fn leaked_routes_name_the_next_hop_vrf() {
        let raw = "Routing Table: CUST\nCodes: B - BGP, + - replicated route\n\nGateway of last resort is 10.10.254.10 to network 0.0.0.0\n\nB*    0.0.0.0/0 [20/0] via 10.10.254.10 (AMB), 2w1d\n      10.0.0.0/8 is variably subnetted, 2 subnets, 2 masks\nB        10.20.0.0/16 [200/0] via 10.10.254.10 (AMB), 00:14:07\n                      [200/0] via 10.10.254.14 (AMB-2), 00:14:07\nS        10.30.0.0/24 [1/0] via 10.30.255.1, Vlan30\nB +      10.40.0.0/24 [20/0] via 10.10.254.10 (default), 1d02h\n";
        let r = parse_show_ip_route(raw).unwrap();
        let hops: Vec<_> = r
            .routes
            .iter()
            .map(|r| {
                (
                    r.nexthop_ip.as_deref(),
                    r.nexthop_vrf.as_deref(),
                    r.nexthop_if.as_deref(),
                    r.uptime.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            hops,
            vec![
                (Some("10.10.254.10"), Some("AMB"), None, Some("2w1d")),
                (Some("10.10.254.10"), Some("AMB"), None, Some("00:14:07")),
                (Some("10.10.254.14"), Some("AMB-2"), None, Some("00:14:07")),
                (Some("10.30.255.1"), None, Some("Vlan30"), None),
                (Some("10.10.254.10"), Some("default"), None, Some("1d02h")),
            ]
        );
        assert!(r.has_default_route(Some("CUST")));
    }

    #[test]
    fn garbage() {
        assert!(parse_show_ip_route("nothing here").is_err());
        let r =
            parse_show_ip_route("Gateway of last resort is not set\nS 300.1.1.1/99 [1/0] via x\n")
                .unwrap();
        assert!(r.routes.is_empty());
    }
}
