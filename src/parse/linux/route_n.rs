//! `route -n` and `route -A inet6 -n` (net-tools and BusyBox), read where
//! there is no `ip`: the kernel routing tables as [`Route`]s, so that the
//! default-route and gateway checks judge them as they judge `ip route`.
//!
//! ```text
//! Kernel IP routing table
//! Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
//! 0.0.0.0         192.0.2.1       0.0.0.0         UG    100    0        0 eth0
//!
//! Kernel IPv6 routing table
//! Destination                    Next Hop                   Flag Met Ref Use If
//! ::/0                           fe80::1                    UGDAe 1024 2     0 eth0
//! ```
//!
//! The collection script's `route-n` section holds both as runs (tags
//! `route4` and `route6`, see [`super::run`]); [`parse_section`] reads it.

use super::ifconfig::mask_len;
use super::ip::Route;
use super::run::{RunStatus, parse_runs};

/// Both tables of the `route-n` section; a table whose command failed is
/// `Err` with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteTables {
    pub v4: Result<Vec<Route>, String>,
    pub v6: Result<Vec<Route>, String>,
}

pub fn parse_section(text: &str) -> Result<RouteTables, String> {
    let runs = parse_runs(text);
    let table = |tag: &str| -> Result<Vec<Route>, String> {
        let run = runs
            .iter()
            .find(|r| r.tag == tag)
            .ok_or_else(|| format!("no {tag} table was read"))?;
        match run.status {
            RunStatus::Exit(0) => parse(&run.output.join("\n")),
            _ => Err(super::gateway::describe_failure("route -n", run)),
        }
    };
    if runs.is_empty() {
        return Err("no `route -n` run".to_string());
    }
    Ok(RouteTables {
        v4: table("route4"),
        v6: table("route6"),
    })
}

/// One table, IPv4 or IPv6 (told apart by its rows).
pub fn parse(text: &str) -> Result<Vec<Route>, String> {
    let mut routes = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.first() {
            None => continue,
            Some(&"Kernel") | Some(&"Destination") => continue,
            _ => {}
        }
        let route = if words[0].contains(':') {
            v6_row(&words)
        } else {
            v4_row(&words)
        };
        match route {
            Some(r) => routes.push(r),
            None => {
                return Err(format!(
                    "not a `route -n` row: {:?}",
                    super::single::clip(line)
                ));
            }
        }
    }
    Ok(routes)
}

fn kind(flags: &str) -> String {
    if flags.contains('!') {
        "unreachable".to_string()
    } else {
        "unicast".to_string()
    }
}

/// `default`, a host address or a prefix, as `ip route` prints them.
fn destination(dest: std::net::IpAddr, prefix: u32) -> String {
    let host = if dest.is_ipv4() { 32 } else { 128 };
    if prefix == 0 && dest.is_unspecified() {
        "default".to_string()
    } else if prefix == host {
        dest.to_string()
    } else {
        format!("{dest}/{prefix}")
    }
}

/// `Destination Gateway Genmask Flags Metric Ref Use Iface`.
fn v4_row(w: &[&str]) -> Option<Route> {
    if w.len() < 8 {
        return None;
    }
    let dest: std::net::Ipv4Addr = w[0].parse().ok()?;
    let gateway: std::net::Ipv4Addr = w[1].parse().ok()?;
    let prefix = mask_len(w[2])?;
    let destination = destination(dest.into(), prefix);
    Some(Route {
        kind: kind(w[3]),
        destination,
        via: (!gateway.is_unspecified()).then(|| gateway.to_string()),
        dev: Some(w[7].to_string()),
        metric: w[4].parse().ok(),
        ..Route::default()
    })
}

/// `Destination Next-Hop Flags Metric Ref Use Iface`.
fn v6_row(w: &[&str]) -> Option<Route> {
    if w.len() < 7 {
        return None;
    }
    let (dest, prefix) = w[0].split_once('/')?;
    let dest: std::net::Ipv6Addr = dest.parse().ok()?;
    let prefix: u32 = prefix.parse().ok()?;
    let hop: std::net::Ipv6Addr = w[1].parse().ok()?;
    let destination = destination(dest.into(), prefix);
    Some(Route {
        kind: kind(w[2]),
        destination,
        via: (!hop.is_unspecified()).then(|| hop.to_string()),
        dev: Some(w[6].to_string()),
        // `-1` on the unreachable catch-all route.
        metric: w[3].parse().ok(),
        ..Route::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_that_are_not_routes_are_refused() {
        assert!(parse("0.0.0.0 x 0.0.0.0 UG 0 0 0 eth0").is_err());
        assert!(parse("10.0.0.0 0.0.0.0 255.0.255.0 U 0 0 0 eth0").is_err());
        assert!(parse("Kernel IP routing table\n").unwrap().is_empty());
        assert!(parse_section("").is_err());
        let t = parse_section(
            "run route4 0\n| Kernel IP routing table\nrun route6 1\n| route: bad address family\n",
        )
        .unwrap();
        assert_eq!(t.v4, Ok(vec![]));
        assert_eq!(
            t.v6,
            Err("route -n exited with status 1: route: bad address family".to_string())
        );
    }
}
