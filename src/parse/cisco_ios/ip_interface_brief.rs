//! `show ip interface brief`: one line per interface with its address and
//! its administrative and line-protocol state.

use crate::parse::device::{clean_output, re, unrecognised};
use serde::{Deserialize, Serialize};

/// One row of `show ip interface brief`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpInterfaceBrief {
    pub interface: String,
    /// An address, or `unassigned`.
    pub ip_address: String,
    /// How the address was set: `NVRAM`, `manual`, `DHCP`, `unset`.
    pub method: Option<String>,
    /// `up`, `down`, `administratively down`, `deleted`.
    pub status: String,
    /// Line protocol: `up`, `down`.
    pub proto: String,
}

impl IpInterfaceBrief {
    pub fn admin_down(&self) -> bool {
        self.status == "administratively down"
    }

    /// Enabled (not shut down, not deleted) but the link or protocol is down:
    /// what an inspection flags.
    pub fn enabled_but_down(&self) -> bool {
        !self.admin_down()
            && self.status != "deleted"
            && (self.status != "up" || self.proto != "up")
    }
}

/// Parses `show ip interface brief`.
pub fn parse_show_ip_interface_brief(raw: &str) -> anyhow::Result<Vec<IpInterfaceBrief>> {
    let cleaned = clean_output(raw);
    let row = re!(r"^(\S+)\s+(\S+)\s+(?:YES|NO)\s+(\S+)\s+(administratively down|\S+)\s+(\S+)\s*$");
    let mut header = false;
    let mut rows = Vec::new();
    for line in cleaned.lines() {
        if line.starts_with("Interface") && line.contains("IP-Address") {
            header = true;
            continue;
        }
        if let Some(c) = row.captures(line) {
            rows.push(IpInterfaceBrief {
                interface: c[1].to_string(),
                ip_address: c[2].to_string(),
                method: Some(c[3].to_string()),
                status: c[4].to_string(),
                proto: c[5].to_string(),
            });
        }
    }
    if !header && rows.is_empty() {
        return Err(unrecognised("show ip interface brief"));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_prompt_and_admin_down() {
        let raw = "sw1#sh ip int br\r\nInterface              IP-Address      OK? Method Status                Protocol\r\nVlan1                  10.0.0.2        YES manual up                    up      \r\nGigabitEthernet0/1     unassigned      YES unset  administratively down down    \r\nGigabitEthernet0/2     unassigned      YES unset  up                    down\r\nsw1#";
        let rows = parse_show_ip_interface_brief(raw).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].ip_address, "10.0.0.2");
        assert!(rows[1].admin_down());
        assert!(!rows[1].enabled_but_down());
        assert!(rows[2].enabled_but_down());
    }

    #[test]
    fn header_only_is_empty_and_garbage_is_an_error() {
        let raw =
            "Interface              IP-Address      OK? Method Status                Protocol\n";
        assert!(parse_show_ip_interface_brief(raw).unwrap().is_empty());
        assert!(parse_show_ip_interface_brief("junk\n").is_err());
    }
}
