//! From what a device printed to what the checks judge, the same for both
//! platforms: the parsers' typed values reduced to versions, interface
//! states, error counters, routes, CPU, memory and environment problems.

use super::collect::{Collected, Item, Reply};
use crate::parse::cisco_ios::{self, EnvProblem};
use crate::parse::device::Platform;
use crate::parse::huawei_vrp;
use std::collections::BTreeMap;

/// Why a fact is missing.
#[derive(Debug, Clone, PartialEq)]
pub enum Gap {
    /// The check does not apply to this device (`skip`).
    NotApplicable(String),
    /// It applies but could not be made (`unknown`).
    Unknown(String),
}

pub type Fact<T> = Result<T, Gap>;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VersionFacts {
    pub hostname: Option<String>,
    pub model: Option<String>,
    /// `15.0(2)SE11`, `VRP 5.170 (S5720 V200R011C10SPC500)`.
    pub version: Option<String>,
    pub uptime: Option<String>,
    pub uptime_seconds: Option<u64>,
    pub reload_reason: Option<String>,
}

/// One interface's state, as `show ip interface brief` / `display interface
/// brief` show it (or the detailed command when the brief one is missing).
#[derive(Debug, Clone, PartialEq)]
pub struct IfaceState {
    pub name: String,
    pub admin_down: bool,
    /// Huawei `^down`: a standby member, down by design.
    pub standby: bool,
    /// Deleted (Cisco), not judged.
    pub deleted: bool,
    /// `up`, `down`.
    pub link: String,
    /// `up`, `down`.
    pub protocol: String,
    /// What the detailed output adds: `err-disabled`, `notconnect`.
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RouteFacts {
    pub count: u64,
    pub default_route: bool,
    pub prefixes: Vec<(String, u8)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CpuFacts {
    pub pct: f64,
    /// `5-minute average` or `current`.
    pub basis: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MemoryFacts {
    pub used_pct: f64,
    pub used_bytes: Option<u64>,
    pub total_bytes: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnvFacts {
    /// How many components, sensors and supplies were read.
    pub components: usize,
    pub problems: Vec<EnvProblem>,
    /// Parts of the environment the device did not answer for (Huawei has
    /// four commands), with the reason.
    pub missing: Vec<String>,
}

/// Error counters of one interface, by name (`crc`, `input_errors`, …).
pub type Counters = BTreeMap<String, u64>;

/// The counters judged, in the order they are reported.
pub const COUNTERS: &[&str] = &[
    "input_errors",
    "crc",
    "frame",
    "overrun",
    "ignored",
    "output_errors",
    "collisions",
    "late_collision",
    "interface_resets",
    "output_drops",
];

#[derive(Debug, Clone)]
pub struct DeviceFacts {
    pub platform: Platform,
    pub version: Fact<VersionFacts>,
    pub interfaces: Fact<Vec<IfaceState>>,
    pub counters: Fact<BTreeMap<String, Counters>>,
    pub routes: Fact<RouteFacts>,
    pub cpu: Fact<CpuFacts>,
    pub memory: Fact<MemoryFacts>,
    pub environment: Fact<EnvFacts>,
}

/// The text of an item, or why there is none (a rejection is `unknown`:
/// every check applies to every device, except where the caller says).
fn text(c: &Collected, item: Item) -> Result<(&str, &str), Gap> {
    match c.get(item) {
        Some(Reply::Output { command, text }) => Ok((command, text)),
        Some(Reply::Rejected(why)) => Err(Gap::Unknown(format!("not answered: {why}"))),
        Some(Reply::Failed(why)) => Err(Gap::Unknown(why.clone())),
        None => Err(Gap::Unknown("not read".into())),
    }
}

/// A parser's error as a gap, naming the command.
fn parsed<T>(command: &str, r: anyhow::Result<T>) -> Fact<T> {
    r.map_err(|e| Gap::Unknown(format!("`{command}` output not understood: {e}")))
}

pub fn facts(c: &Collected) -> DeviceFacts {
    match c.platform {
        Platform::CiscoIos => cisco(c),
        Platform::HuaweiVrp => huawei(c),
    }
}

fn first_word(s: &str) -> String {
    s.trim()
        .trim_start_matches(['*', '^'])
        .split([' ', '(', ','])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// An interface name in one spelling, so that the brief and the detailed
/// command's names meet: some VRP versions abbreviate in the brief table
/// (`GE0/0/1`, `XGE0/0/1`) what `display interface` spells out.
fn interface_key(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    for (long, short) in [
        ("xgigabitethernet", "xge"),
        ("gigabitethernet", "ge"),
        ("fastethernet", "fe"),
    ] {
        if let Some(rest) = lower.strip_prefix(long) {
            return format!("{short}{rest}");
        }
    }
    lower
}

/// Merge brief states with the detailed ones: the brief command's states
/// first (it lists every interface with its markers), the detailed
/// command's for interfaces it alone shows, and its parenthesised detail.
fn merge(brief: Option<Vec<IfaceState>>, detail: Option<Vec<IfaceState>>) -> Vec<IfaceState> {
    let key = |n: &str| interface_key(n);
    match (brief, detail) {
        (Some(mut brief), Some(detail)) => {
            let by_name: BTreeMap<String, &IfaceState> =
                detail.iter().map(|d| (key(&d.name), d)).collect();
            for b in &mut brief {
                if let Some(d) = by_name.get(&key(&b.name)) {
                    b.detail = d.detail.clone();
                }
            }
            let known: std::collections::HashSet<String> =
                brief.iter().map(|b| key(&b.name)).collect();
            brief.extend(
                detail
                    .into_iter()
                    .filter(|d| !known.contains(&key(&d.name))),
            );
            brief
        }
        (Some(b), None) => b,
        (None, Some(d)) => d,
        (None, None) => Vec::new(),
    }
}

fn interface_facts(
    brief: Fact<Vec<IfaceState>>,
    detail: Fact<Vec<IfaceState>>,
) -> Fact<Vec<IfaceState>> {
    match (brief, detail) {
        (Err(e), Err(_)) => Err(e),
        (b, d) => Ok(merge(b.ok(), d.ok())),
    }
}

fn cisco(c: &Collected) -> DeviceFacts {
    let version = text(c, Item::Version).and_then(|(cmd, t)| {
        let v = parsed(cmd, cisco_ios::parse_show_version(t))?;
        Ok(VersionFacts {
            model: v.model().map(str::to_string),
            hostname: v.hostname,
            version: v.version,
            uptime: v.uptime,
            uptime_seconds: v.uptime_seconds,
            reload_reason: v.reload_reason,
        })
    });
    let brief = text(c, Item::InterfacesBrief).and_then(|(cmd, t)| {
        let rows = parsed(cmd, cisco_ios::parse_show_ip_interface_brief(t))?;
        Ok(rows
            .into_iter()
            .map(|r| IfaceState {
                admin_down: r.admin_down(),
                standby: false,
                deleted: r.status == "deleted",
                link: first_word(&r.status),
                protocol: first_word(&r.proto),
                detail: None,
                name: r.interface,
            })
            .collect::<Vec<_>>())
    });
    let detail = text(c, Item::Interfaces)
        .and_then(|(cmd, t)| parsed(cmd, cisco_ios::parse_show_interfaces(t)));
    let counters = detail.clone().map(|ifaces| {
        ifaces
            .iter()
            .map(|i| {
                let values = [
                    i.input_errors,
                    i.crc,
                    i.frame,
                    i.overrun,
                    i.ignored,
                    i.output_errors,
                    i.collisions,
                    i.late_collision,
                    i.interface_resets,
                    i.queue_output_drops,
                ];
                (i.interface.clone(), counters_of(&values))
            })
            .collect()
    });
    let detail_states = detail.map(|ifaces| {
        ifaces
            .into_iter()
            .map(|i| {
                let detail = i
                    .protocol_status
                    .split_once('(')
                    .map(|(_, d)| d.trim_end_matches(')').trim().to_string());
                IfaceState {
                    admin_down: i.admin_down(),
                    standby: false,
                    deleted: i.link_status == "deleted",
                    link: first_word(&i.link_status),
                    protocol: first_word(&i.protocol_status),
                    detail,
                    name: i.interface,
                }
            })
            .collect::<Vec<_>>()
    });
    let routes = text(c, Item::Routes).and_then(|(cmd, t)| {
        let r = parsed(cmd, cisco_ios::parse_show_ip_route(t))?;
        Ok(RouteFacts {
            count: r.routes.len() as u64,
            default_route: r.has_default_route(None),
            prefixes: r
                .routes
                .iter()
                .map(|r| (r.network.clone(), r.prefix_length))
                .collect(),
        })
    });
    let cpu = text(c, Item::Cpu).and_then(|(cmd, t)| {
        let p = parsed(cmd, cisco_ios::parse_show_processes_cpu(t))?;
        Ok(CpuFacts {
            pct: p.cpu_usage_5_min,
            basis: "5-minute average",
        })
    });
    let memory = text(c, Item::Memory).and_then(|(cmd, t)| {
        let m = parsed(cmd, cisco_ios::parse_show_processes_memory(t))?;
        if m.memory_total == 0 {
            return Err(Gap::Unknown(format!("`{cmd}` shows no memory total")));
        }
        Ok(MemoryFacts {
            used_pct: m.used_percent(),
            used_bytes: Some(m.memory_used),
            total_bytes: Some(m.memory_total),
        })
    });
    let environment = match c.get(Item::Environment) {
        Some(Reply::Rejected(why)) => Err(Gap::NotApplicable(format!(
            "the device has no environment command: {why}"
        ))),
        _ => text(c, Item::Environment).and_then(|(cmd, t)| {
            let e = parsed(cmd, cisco_ios::parse_show_environment(t))?;
            Ok(EnvFacts {
                components: e.components.len()
                    + e.temperatures.len()
                    + e.power_supplies.len()
                    + e.sensors.len(),
                problems: e.problems(),
                missing: Vec::new(),
            })
        }),
    };
    DeviceFacts {
        platform: Platform::CiscoIos,
        version,
        interfaces: interface_facts(brief, detail_states),
        counters,
        routes,
        cpu,
        memory,
        environment,
    }
}

fn counters_of(values: &[Option<u64>; 10]) -> Counters {
    COUNTERS
        .iter()
        .zip(values)
        .filter_map(|(name, v)| v.map(|v| (name.to_string(), v)))
        .collect()
}

fn huawei(c: &Collected) -> DeviceFacts {
    let version = text(c, Item::Version).and_then(|(cmd, t)| {
        let v = parsed(cmd, huawei_vrp::parse_display_version(t))?;
        let version = match (&v.vrp_version, &v.product_version) {
            (Some(vrp), Some(product)) => Some(format!("VRP {vrp} ({product})")),
            (Some(vrp), None) => Some(format!("VRP {vrp}")),
            (None, p) => p.clone(),
        };
        Ok(VersionFacts {
            hostname: None,
            model: v.model,
            version,
            uptime: v.uptime,
            uptime_seconds: v.uptime_seconds,
            reload_reason: None,
        })
    });
    let brief = text(c, Item::InterfacesBrief).and_then(|(cmd, t)| {
        let rows = parsed(cmd, huawei_vrp::parse_display_interface_brief(t))?;
        Ok(rows
            .iter()
            .map(|r| IfaceState {
                name: r.base_name().to_string(),
                admin_down: r.admin_down,
                standby: r.standby,
                deleted: false,
                link: r.phy_state().to_ascii_lowercase(),
                protocol: r.protocol_state().to_ascii_lowercase(),
                detail: None,
            })
            .collect::<Vec<_>>())
    });
    let detail = text(c, Item::Interfaces)
        .and_then(|(cmd, t)| parsed(cmd, huawei_vrp::parse_display_interface(t)));
    let counters = detail.clone().map(|ifaces| {
        ifaces
            .iter()
            .map(|i| {
                let values = [
                    i.input_errors,
                    i.crc,
                    i.frame,
                    i.overrun,
                    i.ignored,
                    i.output_errors,
                    i.collisions,
                    i.late_collision,
                    None,
                    i.output_discards,
                ];
                (i.interface.clone(), counters_of(&values))
            })
            .collect()
    });
    let detail_states = detail.map(|ifaces| {
        ifaces
            .into_iter()
            .map(|i| {
                let link = if i.admin_down {
                    "down".to_string()
                } else {
                    first_word(&i.link_status)
                };
                IfaceState {
                    admin_down: i.admin_down,
                    standby: false,
                    deleted: false,
                    link,
                    protocol: first_word(&i.protocol_status),
                    detail: i.spoofing.then(|| "spoofing".to_string()),
                    name: i.interface,
                }
            })
            .collect::<Vec<_>>()
    });
    let routes = text(c, Item::Routes).and_then(|(cmd, t)| {
        let r = parsed(cmd, huawei_vrp::parse_display_ip_routing_table(t))?;
        Ok(RouteFacts {
            count: (r.routes.len() as u64).max(r.route_count.unwrap_or(0)),
            default_route: r.default_route,
            prefixes: r
                .routes
                .iter()
                .filter(|r| r.is_active())
                .map(|r| (r.destination.clone(), r.prefix_length))
                .collect(),
        })
    });
    let cpu = text(c, Item::Cpu).and_then(|(cmd, t)| {
        let p = parsed(cmd, huawei_vrp::parse_display_cpu_usage(t))?;
        match (p.cpu_usage_5_min, p.cpu_usage) {
            (Some(pct), _) => Ok(CpuFacts {
                pct,
                basis: "5-minute average",
            }),
            (None, Some(pct)) => Ok(CpuFacts {
                pct,
                basis: "current",
            }),
            _ => Err(Gap::Unknown(format!("`{cmd}` shows no CPU figure"))),
        }
    });
    let memory = text(c, Item::Memory).and_then(|(cmd, t)| {
        let m = parsed(cmd, huawei_vrp::parse_display_memory_usage(t))?;
        let used_pct = m
            .used_percent()
            .ok_or_else(|| Gap::Unknown(format!("`{cmd}` shows no memory figure")))?;
        Ok(MemoryFacts {
            used_pct,
            used_bytes: m.memory_used,
            total_bytes: m.memory_total,
        })
    });
    DeviceFacts {
        platform: Platform::HuaweiVrp,
        version,
        interfaces: interface_facts(brief, detail_states),
        counters,
        routes,
        cpu,
        memory,
        environment: huawei_environment(c),
    }
}

/// `display device`, `fan`, `power` and `temperature` together: what some
/// models do not have is said, and only when none answers is the check
/// skipped.
fn huawei_environment(c: &Collected) -> Fact<EnvFacts> {
    type Parser = fn(&str) -> anyhow::Result<Vec<huawei_vrp::EnvRow>>;
    let parts: [(Item, Parser); 4] = [
        (Item::Environment, huawei_vrp::parse_display_device),
        (Item::Fans, huawei_vrp::parse_display_fan),
        (Item::Power, huawei_vrp::parse_display_power),
        (Item::Temperature, huawei_vrp::parse_display_temperature),
    ];
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    let mut rejected = 0;
    for (item, parse) in parts {
        match c.get(item) {
            Some(Reply::Output { command, text }) => match parse(text) {
                Ok(r) => rows.extend(r),
                Err(e) => {
                    return Err(Gap::Unknown(format!(
                        "`{command}` output not understood: {e}"
                    )));
                }
            },
            Some(Reply::Rejected(why)) => {
                rejected += 1;
                missing.push(why.clone());
            }
            Some(Reply::Failed(why)) => return Err(Gap::Unknown(why.clone())),
            None => return Err(Gap::Unknown("not read".into())),
        }
    }
    if rejected == parts.len() {
        return Err(Gap::NotApplicable(format!(
            "the device answers none of display device/fan/power/temperature: {}",
            missing.join("; ")
        )));
    }
    Ok(EnvFacts {
        components: rows.len(),
        problems: huawei_vrp::env_problems(&rows),
        missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(name: &str, link: &str, detail: Option<&str>) -> IfaceState {
        IfaceState {
            name: name.into(),
            admin_down: false,
            standby: false,
            deleted: false,
            link: link.into(),
            protocol: link.into(),
            detail: detail.map(str::to_string),
        }
    }

    #[test]
    fn brief_and_detailed_names_meet_when_abbreviated() {
        let merged = merge(
            Some(vec![
                state("GE0/0/1", "down", None),
                state("XGE0/0/2", "up", None),
            ]),
            Some(vec![
                state("GigabitEthernet0/0/1", "down", Some("err-disabled")),
                state("XGigabitEthernet0/0/2", "up", None),
                state("Vlanif10", "up", None),
            ]),
        );
        let names: Vec<&str> = merged.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["GE0/0/1", "XGE0/0/2", "Vlanif10"]);
        assert_eq!(merged[0].detail.as_deref(), Some("err-disabled"));
    }
}
