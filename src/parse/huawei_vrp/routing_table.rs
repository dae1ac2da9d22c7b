//! `display ip routing-table`, plain and `verbose`.
//!
//! Plain: a table `Destination/Mask  Proto  Pre  Cost  Flags  NextHop
//! Interface`, where a further equal-cost path repeats the row with the
//! destination left blank. Verbose: one block per route, opened by
//! `Destination: 0.0.0.0/0`, with `Key: value` pairs separated by two spaces
//! or more.
//!
//! Destination and mask length are kept apart here (ntc-templates joins
//! them for IPv4 verbose output), so routes read the same as Cisco's.

use crate::parse::device::{clean_output, num, re, text, unrecognised};
use serde::{Deserialize, Serialize};

/// One route (one path of it: equal-cost paths are separate entries).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// The VPN instance, `None` for the public table.
    pub vpn_instance: Option<String>,
    pub destination: String,
    pub prefix_length: u8,
    /// `Direct`, `Static`, `OSPF`, `O_ASE`, `IBGP`, `EBGP`, `ISIS-L2`, …
    pub protocol: String,
    pub preference: Option<u32>,
    pub cost: Option<u64>,
    /// `D`, `RD`.
    pub flags: Option<String>,
    pub next_hop: Option<String>,
    pub interface: Option<String>,
    /// Verbose only.
    pub process_id: Option<u64>,
    pub neighbour: Option<String>,
    /// `Active Adv`, `Inactive Adv`, `Active NoAdv`.
    pub state: Option<String>,
    /// `1d01h58m07s`.
    pub age: Option<String>,
    pub tag: Option<u64>,
    pub priority: Option<String>,
}

impl Route {
    pub fn is_default(&self) -> bool {
        self.prefix_length == 0 && (self.destination == "0.0.0.0" || self.destination == "::")
    }

    /// Not marked inactive (plain output has no state: every row counts).
    pub fn is_active(&self) -> bool {
        !self
            .state
            .as_deref()
            .is_some_and(|s| s.starts_with("Inactive"))
    }
}

/// What `display ip routing-table` printed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingTable {
    pub routes: Vec<Route>,
    /// The header counts (`Destinations : 13  Routes : 14`) of the first
    /// table; a capture can hold fewer entries when it was cut short.
    pub destinations: Option<u64>,
    pub route_count: Option<u64>,
    /// The public table has an active default route.
    pub default_route: bool,
}

impl RoutingTable {
    pub fn has_prefix(&self, destination: &str, prefix_length: u8) -> bool {
        self.routes
            .iter()
            .any(|r| r.destination == destination && r.prefix_length == prefix_length)
    }
}

/// Parses `display ip routing-table` and `display ip routing-table verbose`.
pub fn parse_display_ip_routing_table(raw: &str) -> anyhow::Result<RoutingTable> {
    let cleaned = clean_output(raw);
    let plain = re!(
        r"^\s*(?:(?P<dest>\d{1,3}(?:\.\d{1,3}){3})/(?P<len>\d{1,2})\s+)?(?P<proto>[A-Za-z][\w-]*)\s+(?P<pre>\d+)\s+(?P<cost>\d+)\s+(?:(?P<flags>[A-Z]{1,4})\s+)?(?P<hop>\d{1,3}(?:\.\d{1,3}){3})\s+(?P<if>\S+)\s*$"
    );
    let mut table = RoutingTable::default();
    let mut recognised = false;
    let mut vpn: Option<String> = None;
    let mut last_dest: Option<(String, u8)> = None;
    let mut verbose: Option<Route> = None;

    for line in cleaned.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(c) = re!(r"^Routing Tables?\s*:\s*(\S+)").captures(t) {
            recognised = true;
            flush(&mut verbose, &mut table.routes);
            let name = &c[1];
            vpn = (!name.eq_ignore_ascii_case("Public") && name != "_public_")
                .then(|| name.to_string());
            last_dest = None;
            continue;
        }
        if t.starts_with("Destinations :") || t.starts_with("Destinations:") {
            recognised = true;
            if table.destinations.is_none()
                && let Some(c) = re!(r"Destinations\s*:\s*(\d+)\s+Routes\s*:\s*(\d+)").captures(t)
            {
                table.destinations = num(&c[1]);
                table.route_count = num(&c[2]);
            }
            continue;
        }
        if t.starts_with("Destination/Mask") {
            recognised = true;
            continue;
        }
        if let Some(rest) = t.strip_prefix("Destination:") {
            recognised = true;
            flush(&mut verbose, &mut table.routes);
            let rest = rest.trim();
            let (dest, len) = rest.split_once('/').unwrap_or((rest, ""));
            verbose = Some(Route {
                vpn_instance: vpn.clone(),
                destination: dest.trim().to_string(),
                prefix_length: len.trim().parse().unwrap_or(0),
                ..Route::default()
            });
            continue;
        }
        if let Some(route) = verbose.as_mut() {
            for (key, value) in pairs(t) {
                let value = text(value);
                match key {
                    "Protocol" => route.protocol = value.unwrap_or_default(),
                    "Process ID" => route.process_id = value.as_deref().and_then(num),
                    "Preference" => route.preference = value.and_then(|v| v.parse().ok()),
                    "Cost" => route.cost = value.as_deref().and_then(num),
                    "NextHop" => route.next_hop = value,
                    "Neighbour" => route.neighbour = value,
                    "State" => route.state = value,
                    "Age" => route.age = value,
                    "Tag" => route.tag = value.as_deref().and_then(num),
                    "Priority" => route.priority = value,
                    "Interface" => route.interface = value,
                    "Flags" => route.flags = value,
                    "PrefixLength" => {
                        if let Some(len) = value.and_then(|v| v.parse().ok()) {
                            route.prefix_length = len;
                        }
                    }
                    _ => {}
                }
            }
            continue;
        }
        if let Some(c) = plain.captures(line) {
            let dest = match (c.name("dest"), c.name("len")) {
                (Some(d), Some(l)) => match l.as_str().parse::<u8>() {
                    Ok(len) if len <= 32 => Some((d.as_str().to_string(), len)),
                    _ => None,
                },
                _ => last_dest.clone(),
            };
            let Some((destination, prefix_length)) = dest else {
                continue;
            };
            recognised = true;
            last_dest = Some((destination.clone(), prefix_length));
            table.routes.push(Route {
                vpn_instance: vpn.clone(),
                destination,
                prefix_length,
                protocol: c["proto"].to_string(),
                preference: c["pre"].parse().ok(),
                cost: num(&c["cost"]),
                flags: c.name("flags").map(|m| m.as_str().to_string()),
                next_hop: Some(c["hop"].to_string()),
                interface: Some(c["if"].to_string()),
                ..Route::default()
            });
        }
    }
    flush(&mut verbose, &mut table.routes);
    if !recognised {
        return Err(unrecognised("display ip routing-table"));
    }
    table.default_route = table
        .routes
        .iter()
        .any(|r| r.vpn_instance.is_none() && r.is_default() && r.is_active());
    Ok(table)
}

/// `Key: value` pairs of a verbose line, where a value can hold single
/// spaces (`State: Active Adv`) and pairs are two spaces or more apart;
/// `Flags:  D` has its value after two spaces.
fn pairs(line: &str) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for field in line.split("  ").map(str::trim).filter(|f| !f.is_empty()) {
        match field.split_once(':') {
            Some((key, value)) if key.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                out.push((key.trim_end(), value.trim()));
            }
            _ => {
                if let Some(last) = out.last_mut()
                    && last.1.is_empty()
                {
                    last.1 = field;
                }
            }
        }
    }
    out
}

fn flush(verbose: &mut Option<Route>, routes: &mut Vec<Route>) {
    routes.extend(verbose.take());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_table_with_ecmp_continuation() {
        let raw = "<R1>display ip routing-table\r\nRoute Flags: R - relay, D - download to fib\r\n------------------------------------------------------------------------------\r\nRouting Tables: Public\r\n         Destinations : 3        Routes : 4\r\n\r\nDestination/Mask    Proto   Pre  Cost      Flags NextHop         Interface\r\n\r\n        0.0.0.0/0   Static  60   0          RD   10.1.1.1        Vlanif10\r\n     10.2.0.0/16   OSPF    10   2           D   10.1.1.3        Vlanif10\r\n                    OSPF    10   2           D   10.1.2.3        Vlanif20\r\n      127.0.0.0/8   Direct  0    0           D   127.0.0.1       InLoopBack0\r\n<R1>";
        let t = parse_display_ip_routing_table(raw).unwrap();
        assert_eq!(t.routes.len(), 4);
        assert!(t.default_route);
        assert_eq!(t.routes[0].flags.as_deref(), Some("RD"));
        assert_eq!(
            (t.routes[2].destination.as_str(), t.routes[2].prefix_length),
            ("10.2.0.0", 16)
        );
        assert_eq!(t.routes[2].next_hop.as_deref(), Some("10.1.2.3"));
        assert_eq!((t.destinations, t.route_count), (Some(3), Some(4)));
    }

    #[test]
    fn no_default_in_a_vpn_only() {
        let raw = "Routing Table : vpn1\n         Destinations : 1        Routes : 1\n\nDestination/Mask    Proto   Pre  Cost        Flags NextHop         Interface\n\n        0.0.0.0/0   Static  60   0             RD  10.9.9.9        Vlanif9\n";
        let t = parse_display_ip_routing_table(raw).unwrap();
        assert_eq!(t.routes[0].vpn_instance.as_deref(), Some("vpn1"));
        assert!(!t.default_route);
    }

    #[test]
    fn verbose_pairs() {
        assert_eq!(
            pairs("        State: Active Adv              Age: 1d01h58m07s"),
            [("State", "Active Adv"), ("Age", "1d01h58m07s")]
        );
        assert_eq!(
            pairs("     TunnelID: 0x0                   Flags:  D"),
            [("TunnelID", "0x0"), ("Flags", "D")]
        );
        assert_eq!(
            pairs("     TunnelID: 0x0                   Flags: "),
            [("TunnelID", "0x0"), ("Flags", "")]
        );
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse_display_ip_routing_table("hello").is_err());
    }
}
