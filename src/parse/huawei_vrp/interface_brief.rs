//! `display interface brief`: one line per interface with its physical and
//! protocol state, utilisation and error totals.
//!
//! The state columns carry the markers of the legend VRP prints above the
//! table: `*down` administratively down, `^down` standby, `(l)` loopback,
//! `(s)` spoofing, `(E)` E-Trunk down, `(b)` BFD down, `(B)` bit-error
//! detection down, `(e)` ETHOAM down, `(d)` dampening suppressed. Trunk
//! members are indented under their Eth-Trunk. Interface names can carry a
//! suffix such as `(10G)` or `(v)`, kept as printed.

use crate::parse::device::{clean_output, num, pct, re, unrecognised};
use serde::{Deserialize, Serialize};

/// One row of `display interface brief`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterfaceBrief {
    /// As printed, suffix included: `GigabitEthernet15/1/0(10G)`.
    pub interface: String,
    /// As printed: `up`, `down`, `*down`, `^down`, `up(l)`.
    pub phy: String,
    /// As printed: `up`, `down`, `up(s)`, `down(b)`.
    pub protocol: String,
    /// Input and output utilisation in percent; `None` for `--`.
    pub inuti: Option<f64>,
    pub oututi: Option<f64>,
    pub inerrors: Option<u64>,
    pub outerrors: Option<u64>,
    /// The Eth-Trunk an indented member row belongs to.
    pub trunk: Option<String>,
    /// `*down`: shut down by the operator.
    pub admin_down: bool,
    /// `^down`: a standby interface.
    pub standby: bool,
    /// `(s)`: protocol kept up artificially.
    pub spoofing: bool,
    /// `(l)`: in loopback.
    pub loopback: bool,
}

impl InterfaceBrief {
    /// The physical state without markers: `up` or `down`.
    pub fn phy_state(&self) -> &str {
        state_word(&self.phy)
    }

    /// The protocol state without markers: `up` or `down`.
    pub fn protocol_state(&self) -> &str {
        state_word(&self.protocol)
    }

    /// The name without a `(10G)`/`(v)` suffix, as `display interface` has it.
    pub fn base_name(&self) -> &str {
        match self.interface.find('(') {
            Some(i) if i > 0 && self.interface.ends_with(')') => &self.interface[..i],
            _ => &self.interface,
        }
    }
}

fn state_word(s: &str) -> &str {
    let s = s.trim_start_matches(['*', '^']);
    s.split('(').next().unwrap_or(s)
}

/// Parses `display interface brief`.
pub fn parse_display_interface_brief(raw: &str) -> anyhow::Result<Vec<InterfaceBrief>> {
    let cleaned = clean_output(raw);
    let row = re!(
        r"^(\s*)(\S+)\s+(\*?\^?(?:up|down|UP|DOWN)\S*)\s+((?:up|down|UP|DOWN)\S*)(?:\s+(\S+%|--)\s+(\S+%|--)\s+(\d+|--)\s+(\d+|--))?\s*$"
    );
    let mut header = false;
    let mut trunk: Option<String> = None;
    let mut rows = Vec::new();
    for line in cleaned.lines() {
        if line.starts_with("Interface") && line.contains("PHY") {
            header = true;
            continue;
        }
        let Some(c) = row.captures(line) else {
            continue;
        };
        let interface = c[2].to_string();
        let member = !c[1].is_empty();
        if !member {
            trunk = interface
                .starts_with("Eth-Trunk")
                .then(|| interface.clone());
        }
        let phy = c[3].to_string();
        let protocol = c[4].to_string();
        rows.push(InterfaceBrief {
            trunk: if member { trunk.clone() } else { None },
            admin_down: phy.starts_with('*'),
            standby: phy.starts_with('^'),
            spoofing: protocol.contains("(s)") || phy.contains("(s)"),
            loopback: phy.contains("(l)") || protocol.contains("(l)"),
            inuti: c.get(5).and_then(|m| pct(m.as_str())),
            oututi: c.get(6).and_then(|m| pct(m.as_str())),
            inerrors: c.get(7).and_then(|m| num(m.as_str())),
            outerrors: c.get(8).and_then(|m| num(m.as_str())),
            interface,
            phy,
            protocol,
        });
    }
    if !header && rows.is_empty() {
        return Err(unrecognised("display interface brief"));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_members() {
        let raw = "<CE1>display interface brief\r\nPHY: Physical\r\n*down: administratively down\r\n^down: standby\r\nInterface                  PHY      Protocol  InUti OutUti   inErrors  outErrors\r\nEth-Trunk1                 up       up        0.01%  0.01%          0          0\r\n  10GE1/0/3                up       up        0.01%  0.01%          0          0\r\n10GE1/0/5                  *down    down         0%     0%          0          0\r\n10GE1/0/6                  ^down    down         0%     0%         12          3\r\nNULL0                      up       up(s)        --     --          0          0\r\n<CE1>";
        let rows = parse_display_interface_brief(raw).unwrap();
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[1].trunk.as_deref(), Some("Eth-Trunk1"));
        assert!(rows[2].admin_down && !rows[2].standby);
        assert_eq!(rows[2].phy_state(), "down");
        assert!(rows[3].standby);
        assert_eq!((rows[3].inerrors, rows[3].outerrors), (Some(12), Some(3)));
        assert!(rows[4].spoofing);
        assert_eq!(rows[4].protocol_state(), "up");
        assert_eq!(rows[4].inuti, None);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse_display_interface_brief("nothing").is_err());
    }
}
