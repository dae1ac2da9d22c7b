//! `show interfaces status`: one line per switch port with its description,
//! state, VLAN, duplex, speed and transceiver type.
//!
//! The columns are fixed-width but devices overflow them (a long VLAN name,
//! `notconnect: TDR` notes), so a row is split by what its fields look like:
//! the state is a known word, duplex and speed have known shapes, and the
//! description is whatever lies between the port and the state.

use crate::parse::device::{clean_output, re, text, unrecognised};
use serde::{Deserialize, Serialize};

/// One port of `show interfaces status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterfaceStatus {
    pub port: String,
    /// The description, cut to the column width by the device.
    pub name: Option<String>,
    /// `connected`, `notconnect`, `disabled`, `err-disabled`, `suspended`,
    /// `monitoring`, `inactive`; `up`/`down` for Fibre Channel ports.
    pub status: String,
    /// A VLAN number, `trunk`, `routed` or `unassigned`.
    pub vlan_id: Option<String>,
    pub duplex: Option<String>,
    pub speed: Option<String>,
    #[serde(rename = "type")]
    pub port_type: Option<String>,
    /// Fibre Channel port mode (`NP`) on a Nexus.
    pub fc_mode: Option<String>,
}

/// Parses `show interfaces status`.
pub fn parse_show_interfaces_status(raw: &str) -> anyhow::Result<Vec<InterfaceStatus>> {
    let cleaned = clean_output(raw);
    let row = re!(
        r"^(?P<port>\S+)(?:\s+(?P<name>.*?))??\s+(?P<status>connected|notconnect|notconnec|disabled|err-disabled|err-disable|suspended|suspnd|monitoring|inactive|faulty|sfpAbsent|xcvrAbsen|noOperMem|channelDo|linkFlapE|up|down)(?::(?:\s?[A-Za-z]\S*)?)?\s+(?P<vlan>\S+)\s+(?P<duplex>(?:a-)?(?:full|half)|auto|unknown|--)\s+(?P<speed>\S+)(?:\s+(?P<type>.*?))?\s*$"
    );
    let fc = re!(r"^(\S+) is (up|down)\s*(?:Port mode is (\S+)|\(([^)]*)\))?\s*$");
    let mut header = false;
    let mut rows = Vec::new();
    for line in cleaned.lines() {
        if line.starts_with("Port ") && line.contains("Status") {
            header = true;
            continue;
        }
        if line.starts_with("---") || line.trim().is_empty() {
            continue;
        }
        if let Some(c) = row.captures(line) {
            rows.push(InterfaceStatus {
                port: c["port"].to_string(),
                name: c.name("name").and_then(|m| text(m.as_str())),
                status: c["status"].to_string(),
                vlan_id: text(&c["vlan"]),
                duplex: text(&c["duplex"]),
                speed: text(&c["speed"]),
                port_type: c.name("type").and_then(|m| text(m.as_str())),
                fc_mode: None,
            });
        } else if let Some(c) = fc.captures(line) {
            rows.push(InterfaceStatus {
                port: c[1].to_string(),
                name: None,
                status: c[2].to_string(),
                vlan_id: None,
                duplex: None,
                speed: None,
                port_type: c.get(4).and_then(|m| text(m.as_str())),
                fc_mode: c.get(3).and_then(|m| text(m.as_str())),
            });
        }
    }
    if !header && rows.is_empty() {
        return Err(unrecognised("show interfaces status"));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_inside_descriptions() {
        let raw = "Port      Name               Status       Vlan       Duplex  Speed Type\n\
Fa0/1     *** connected to U notconnect   150          auto   auto 10/100BaseTX\n\
Gi1/0/23  addl status text   connected: TDR 1         a-full  a-100 10/100/1000BaseTX\n\
Po1       ethchl             connected    trunk      a-full a-1000\n";
        let rows = parse_show_interfaces_status(raw).unwrap();
        assert_eq!(rows[0].name.as_deref(), Some("*** connected to U"));
        assert_eq!(rows[0].status, "notconnect");
        assert_eq!(rows[0].vlan_id.as_deref(), Some("150"));
        assert_eq!(rows[1].status, "connected");
        assert_eq!(rows[1].vlan_id.as_deref(), Some("1"));
        assert_eq!(rows[2].port_type, None);
    }
}
