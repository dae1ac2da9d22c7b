//! `display interface`: one block per interface, opened by
//! `NAME current state : STATE` and `Line protocol current state : STATE`,
//! with settings, rates and error counters.
//!
//! The counter section differs between products (AR routers, S and CE
//! switches, NE routers, management ports, loopbacks), so counters are read
//! as `Label: N` pairs (and `N errors` on loopbacks) within the `Input:` or
//! `Output:` part of the block, whatever their order and layout.

use crate::parse::device::{clean_output, num, pct, re, text, unrecognised};
use serde::{Deserialize, Serialize};

/// One interface of `display interface`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Interface {
    pub interface: String,
    /// Upper case as printed, without trailing punctuation or
    /// `(ifindex: N)`: `UP`, `DOWN`, `Administratively DOWN`.
    pub link_status: String,
    /// As printed: `UP`, `DOWN`, `UP (spoofing)`.
    pub protocol_status: String,
    /// Shut down by the operator.
    pub admin_down: bool,
    /// The protocol is kept up artificially (loopbacks, NULL0, dialers).
    pub spoofing: bool,
    pub interface_description: Option<String>,
    /// `Route` or `Switch`.
    pub port_type: Option<String>,
    /// `access(negotiated)`, `trunk(configured)`.
    pub link_type: Option<String>,
    /// The PVID of a switch port.
    pub vlan_id: Option<u64>,
    /// The MTU of a routed port, the maximum frame length of a switch port.
    pub mtu: Option<u64>,
    /// Address with mask length, as printed: `10.1.1.2/30`.
    pub ip_address: Option<String>,
    pub mac_address: Option<String>,
    pub last_physical_up_time: Option<String>,
    pub last_physical_down_time: Option<String>,
    /// `Last line protocol up time`.
    pub last_line_protocol_uptime: Option<String>,
    pub current_system_time: Option<String>,
    pub port_mode: Option<String>,
    /// As printed: `1000`, `10000`, `AUTO`.
    pub speed: Option<String>,
    pub duplex: Option<String>,
    pub negotiation: Option<String>,
    pub loopback: Option<String>,
    /// Members of an Eth-Trunk.
    pub aggregated_interfaces: Vec<String>,
    /// bits/s and packets/s over the last 300 seconds.
    pub input_rate: Option<u64>,
    pub input_pps: Option<u64>,
    pub output_rate: Option<u64>,
    pub output_pps: Option<u64>,
    /// Bandwidth utilisation in percent; `None` where the device prints `--`.
    pub input_utilization: Option<f64>,
    pub output_utilization: Option<f64>,
    pub input_packets: Option<u64>,
    pub input_bytes: Option<u64>,
    pub output_packets: Option<u64>,
    pub output_bytes: Option<u64>,
    pub input_discards: Option<u64>,
    pub output_discards: Option<u64>,
    /// `Total Error` of the input part (or `N errors`, `Packet Errors`).
    pub input_errors: Option<u64>,
    pub output_errors: Option<u64>,
    /// CRC errors (`CRC`, `FCS`).
    pub crc: Option<u64>,
    /// `Frames`.
    pub frame: Option<u64>,
    pub overrun: Option<u64>,
    pub giants: Option<u64>,
    pub runts: Option<u64>,
    pub jabbers: Option<u64>,
    pub fragments: Option<u64>,
    pub alignments: Option<u64>,
    pub symbols: Option<u64>,
    pub ignored: Option<u64>,
    pub throttles: Option<u64>,
    pub collisions: Option<u64>,
    pub late_collision: Option<u64>,
    pub excessive_collisions: Option<u64>,
    pub deferred: Option<u64>,
}

impl Interface {
    /// Link up, protocol up (spoofing counts as up).
    pub fn is_up(&self) -> bool {
        self.link_status.eq_ignore_ascii_case("UP")
            && self.protocol_status.to_ascii_uppercase().starts_with("UP")
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Head,
    Input,
    Output,
    Trunk,
}

/// Parses `display interface` (all interfaces, or one).
pub fn parse_display_interface(raw: &str) -> anyhow::Result<Vec<Interface>> {
    let cleaned = clean_output(raw);
    let mut out: Vec<Interface> = Vec::new();
    let mut current: Option<(Interface, Part)> = None;
    for line in cleaned.lines() {
        if !line.starts_with(' ')
            && !line.starts_with("Line protocol")
            && let Some((name, state)) = head_line(line)
        {
            out.extend(current.take().map(|(i, _)| i));
            let state = state
                .split("(ifindex")
                .next()
                .unwrap_or("")
                .trim()
                .trim_end_matches(',')
                .trim();
            current = Some((
                Interface {
                    interface: name.to_string(),
                    link_status: state.to_string(),
                    admin_down: state.to_ascii_lowercase().contains("administratively"),
                    ..Interface::default()
                },
                Part::Head,
            ));
            continue;
        }
        if let Some((iface, part)) = current.as_mut() {
            body_line(iface, part, line.trim());
        }
    }
    out.extend(current.map(|(i, _)| i));
    if out.is_empty() {
        return Err(unrecognised("display interface"));
    }
    Ok(out)
}

fn body_line(i: &mut Interface, part: &mut Part, t: &str) {
    if t.is_empty() {
        return;
    }
    if let Some(rest) = t.strip_prefix("Line protocol current state") {
        let state = rest.trim_start().trim_start_matches(':').trim();
        let state = state.split("(ifindex").next().unwrap_or("").trim();
        i.protocol_status = state.trim_end_matches(',').trim().to_string();
        i.spoofing = state.to_ascii_lowercase().contains("spoofing");
        return;
    }
    if let Some(rest) = t.strip_prefix("Description:") {
        i.interface_description = text(rest);
        return;
    }
    // `Route Port,The Maximum Transmit Unit is 1500`, `Switch Port, PVID :
    // 1, TPID : 8100(Hex), The Maximum Frame Length is 9596`, `Switch Port,
    // Link-type : access(negotiated),` then `PVID :    1, …`.
    let port = t.starts_with("Route Port") || t.starts_with("Switch Port");
    if port || t.starts_with("PVID") {
        if port {
            i.port_type = t.split(' ').next().map(str::to_string);
        }
        for piece in t.split(',') {
            let piece = piece.trim();
            if let Some(v) = piece
                .strip_prefix("The Maximum Transmit Unit is ")
                .or_else(|| piece.strip_prefix("The MTU is "))
                .or_else(|| piece.strip_prefix("The Maximum Frame Length is "))
            {
                i.mtu = leading_num(v);
            } else if let Some(v) = piece.strip_prefix("PVID") {
                i.vlan_id = leading_num(v.trim_start().trim_start_matches(':'));
            } else if let Some(v) = piece.strip_prefix("Link-type") {
                let v = v.trim_start().trim_start_matches(':').trim_start();
                i.link_type = text(v.split(' ').next().unwrap_or(""));
            }
        }
        return;
    }
    if let Some(rest) = t.strip_prefix("Internet Address is ") {
        if i.ip_address.is_none()
            && let Some(c) = re!(r"(\d{1,3}(?:\.\d{1,3}){3}/\d{1,2})").captures(rest)
        {
            i.ip_address = Some(c[1].to_string());
        }
        return;
    }
    if (t.starts_with("IP Sending") || t.starts_with("Hardware"))
        && let Some((_, v)) = t.split_once("Hardware address is ")
    {
        i.mac_address = text(v.split(' ').next().unwrap_or(""));
        return;
    }
    if let Some(rest) = t.strip_prefix("Last physical up time") {
        i.last_physical_up_time = text(rest.trim_start().trim_start_matches(':'));
        return;
    }
    if let Some(rest) = t.strip_prefix("Last physical down time") {
        i.last_physical_down_time = text(rest.trim_start().trim_start_matches(':'));
        return;
    }
    if let Some(rest) = t.strip_prefix("Last line protocol up time") {
        i.last_line_protocol_uptime = text(rest.trim_start().trim_start_matches(':'));
        return;
    }
    if let Some(rest) = t.strip_prefix("Current system time:") {
        i.current_system_time = text(rest);
        return;
    }
    if let Some(rest) = t.strip_prefix("Port Mode:") {
        i.port_mode = text(rest);
        return;
    }
    if t.starts_with("Speed") || t.starts_with("Duplex") {
        for piece in t.split(',') {
            let Some((key, value)) = piece.split_once(':') else {
                continue;
            };
            let slot = match key.trim() {
                "Speed" => &mut i.speed,
                "Duplex" => &mut i.duplex,
                "Negotiation" => &mut i.negotiation,
                "Loopback" => &mut i.loopback,
                _ => continue,
            };
            *slot = text(value);
        }
        return;
    }
    if t.starts_with("Last ") && t.contains(" seconds ") {
        // `Last 300 seconds input rate[:] [N bytes/sec[,]] N bits/sec, N packets/sec`
        let input = t.contains(" input rate");
        if !input && !t.contains(" output rate") {
            return;
        }
        let (mut bits, mut pps) = (None, None);
        let mut previous = "";
        for word in t.split_whitespace() {
            if word.starts_with("bits/sec") {
                bits = num(previous);
            } else if word.starts_with("packets/sec") {
                pps = num(previous);
            }
            previous = word;
        }
        if input {
            (i.input_rate, i.input_pps) = (bits, pps);
        } else {
            (i.output_rate, i.output_pps) = (bits, pps);
        }
        return;
    }
    if let Some(rest) = t
        .strip_prefix("Input bandwidth utilization")
        .or_else(|| t.strip_prefix("Output bandwidth utilization"))
    {
        if let Some(v) = rest.trim_start().strip_prefix(':') {
            let v = pct(v);
            if t.starts_with('I') {
                i.input_utilization = v;
            } else {
                i.output_utilization = v;
            }
        }
        return;
    }
    if t.starts_with("PortName") {
        *part = Part::Trunk;
        return;
    }
    if *part == Part::Trunk {
        let mut words = t.split_whitespace();
        if let (Some(port), Some(state)) = (words.next(), words.next())
            && state.eq_ignore_ascii_case("up") | state.eq_ignore_ascii_case("down")
        {
            i.aggregated_interfaces.push(port.to_string());
            return;
        }
        if t.starts_with("---") {
            return;
        }
        *part = Part::Head;
    }
    // `Input:  721 packets, 94635 bytes`, `Output:0 packets,0 bytes`,
    // `Input packets:86,  8592 bytes` (dialer).
    if let Some((input, packets, bytes)) = totals_line(t) {
        if input {
            *part = Part::Input;
            (i.input_packets, i.input_bytes) = (Some(packets), Some(bytes));
        } else {
            *part = Part::Output;
            (i.output_packets, i.output_bytes) = (Some(packets), Some(bytes));
        }
        return;
    }
    if t == "Input:" || t.starts_with("Input: ") {
        *part = Part::Input;
    } else if t == "Output:" || t.starts_with("Output: ") {
        *part = Part::Output;
    }
    if *part == Part::Input || *part == Part::Output {
        counters(i, *part, t);
    }
}

/// `NAME current state : STATE`: the name and the state. The name may hold
/// a colon (`Dialer1:0`) and the state one too (`UP (ifindex: 7)`).
fn head_line(line: &str) -> Option<(&str, &str)> {
    for (at, _) in line.match_indices(':') {
        if let Some(name) = line[..at].trim_end().strip_suffix(" current state") {
            if name.is_empty() || name.contains(' ') {
                return None;
            }
            return Some((name, &line[at + 1..]));
        }
    }
    None
}

/// The digits a text starts with (after spaces).
fn leading_num(s: &str) -> Option<u64> {
    let s = s.trim_start();
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    num(&s[..end])
}

/// `Input:  721 packets, 94635 bytes`, `Output:0 packets,0 bytes`,
/// `Input:  0 Packets, 0 Bytes`, `Input packets:86,  8592 bytes` (dialer):
/// (is input, packets, bytes).
fn totals_line(t: &str) -> Option<(bool, u64, u64)> {
    let (input, rest) = match t.strip_prefix("Input") {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix("Output")?),
    };
    let rest = rest
        .strip_prefix(" packets")
        .unwrap_or(rest)
        .strip_prefix(':')?;
    let (packets, bytes) = rest.split_once(',')?;
    let packets = packets.trim();
    let packets = packets
        .strip_suffix("packets")
        .or_else(|| packets.strip_suffix("Packets"))
        .unwrap_or(packets);
    let bytes = bytes.trim();
    let bytes = bytes
        .strip_suffix("bytes")
        .or_else(|| bytes.strip_suffix("Bytes"))?;
    Some((input, num(packets)?, num(bytes)?))
}

/// `CRC:  0,  Giants:  0`, `CRC: 0 packets, Symbol: 0 packets`,
/// `0 errors,0 unknownprotocol`, `FCS error packets:0`.
fn counters(i: &mut Interface, part: Part, t: &str) {
    let input = part == Part::Input;
    for piece in t.split(',') {
        let piece = piece.trim();
        let (label, value) = if let Some((label, value)) = piece.split_once(':') {
            let value = value.trim();
            let value = value.split(' ').next().unwrap_or(value);
            (label.trim(), value)
        } else if let Some((value, label)) = piece.split_once(' ') {
            (label.trim(), value)
        } else {
            continue;
        };
        let Some(n) = num(value) else { continue };
        let mut buf = [0u8; 32];
        let mut len = 0;
        for c in label.bytes().filter(u8::is_ascii_alphanumeric) {
            let Some(slot) = buf.get_mut(len) else { break };
            *slot = c.to_ascii_lowercase();
            len += 1;
        }
        let key = std::str::from_utf8(&buf[..len]).unwrap_or("");
        let slot = match (key, input) {
            ("totalerror" | "totalerrors" | "errors" | "packeterrors", true) => &mut i.input_errors,
            ("totalerror" | "totalerrors" | "errors" | "packeterrors", false) => {
                &mut i.output_errors
            }
            ("discard" | "discards", true) => &mut i.input_discards,
            ("discard" | "discards", false) => &mut i.output_discards,
            ("crc" | "fcs" | "fcserrorpackets", true) => &mut i.crc,
            ("frames" | "frame", true) => &mut i.frame,
            ("overrun" | "overruns", true) => &mut i.overrun,
            ("giants" | "giant", true) => &mut i.giants,
            ("runts" | "runt", true) => &mut i.runts,
            ("jabbers" | "jabber", true) => &mut i.jabbers,
            ("fragments" | "fragment", true) => &mut i.fragments,
            ("alignments" | "alignment", true) => &mut i.alignments,
            ("symbols" | "symbol", true) => &mut i.symbols,
            ("ignoreds" | "ignored", true) => &mut i.ignored,
            ("throttles", true) => &mut i.throttles,
            ("collisions" | "collision", false) => &mut i.collisions,
            ("latecollisions" | "latecollision", false) => &mut i.late_collision,
            ("excessivecollisions", false) => &mut i.excessive_collisions,
            ("deferreds" | "deferred" | "defer", false) => &mut i.deferred,
            _ => continue,
        };
        *slot = Some(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S5700: &str = "GigabitEthernet0/0/3 current state : Administratively DOWN\n\
Line protocol current state : DOWN\n\
Description:to-server-3\n\
Switch Port, PVID :   10, TPID : 8100(Hex), The Maximum Frame Length is 9216\n\
IP Sending Frames' Format is PKTFMT_ETHNT_2, Hardware address is 4c1f-cc00-0003\n\
Last physical up time   : 2024-01-01 10:00:00\n\
Last physical down time : 2024-03-02 11:12:13\n\
Current system time: 2024-03-05 09:00:00\n\
Port Mode: COMMON COPPER\n\
Speed : 1000,  Loopback: NONE\n\
Duplex: FULL,  Negotiation: ENABLE\n\
Mdi   : AUTO,  Flow-control: DISABLE\n\
Last 300 seconds input rate 1200 bits/sec, 2 packets/sec\n\
Last 300 seconds output rate 3400 bits/sec, 4 packets/sec\n\
Input peak rate 27080 bits/sec,Record time: 2024-03-01 10:00:00\n\
Output peak rate 20584 bits/sec,Record time: 2024-03-01 10:00:00\n\
\n\
Input:  123456 packets, 98765432 bytes\n\
  Unicast:                100,  Multicast:                  20\n\
  Broadcast:                3,  Jumbo:                       0\n\
  Discard:                  5,  Total Error:               215\n\
\n\
  CRC:                    120,  Giants:                      7\n\
  Jabbers:                  1,  Throttles:                   0\n\
  Runts:                   11,  Symbols:                     2\n\
  Ignoreds:                 3,  Frames:                     71\n\
\n\
Output:  654321 packets, 12345678 bytes\n\
  Unicast:                  0,  Multicast:                   0\n\
  Broadcast:                0,  Jumbo:                       0\n\
  Discard:                  9,  Total Error:                 13\n\
\n\
  Collisions:               8,  ExcessiveCollisions:         1\n\
  Late Collisions:          4,  Deferreds:                   0\n\
\n\
    Input bandwidth utilization threshold : 100.00%\n\
    Output bandwidth utilization threshold: 100.00%\n\
    Input bandwidth utilization  :  0.01%\n\
    Output bandwidth utilization :    --\n";

    #[test]
    fn s_series_switch_port_with_errors() {
        let i = &parse_display_interface(S5700).unwrap()[0];
        assert!(i.admin_down);
        assert_eq!(i.link_status, "Administratively DOWN");
        assert_eq!(i.interface_description.as_deref(), Some("to-server-3"));
        assert_eq!(
            (i.port_type.as_deref(), i.vlan_id, i.mtu),
            (Some("Switch"), Some(10), Some(9216))
        );
        assert_eq!(
            (i.speed.as_deref(), i.duplex.as_deref()),
            (Some("1000"), Some("FULL"))
        );
        assert_eq!(
            (i.input_rate, i.input_pps, i.output_rate),
            (Some(1200), Some(2), Some(3400))
        );
        assert_eq!(
            (i.input_packets, i.input_bytes),
            (Some(123456), Some(98765432))
        );
        assert_eq!((i.input_errors, i.output_errors), (Some(215), Some(13)));
        assert_eq!((i.input_discards, i.output_discards), (Some(5), Some(9)));
        assert_eq!(
            (i.crc, i.giants, i.runts, i.frame, i.ignored),
            (Some(120), Some(7), Some(11), Some(71), Some(3))
        );
        assert_eq!(
            (i.collisions, i.late_collision, i.excessive_collisions),
            (Some(8), Some(4), Some(1))
        );
        assert_eq!(
            (i.input_utilization, i.output_utilization),
            (Some(0.01), None)
        );
    }

    #[test]
    fn ne_style_counters_and_ifindex() {
        let raw = "GigabitEthernet1/0/0 current state : UP (ifindex: 7)\nLine protocol current state : UP \nRoute Port,The Maximum Transmit Unit is 1500\nInternet Address is 10.0.0.1/30\nInput:\n  Unicast: 10 packets, Multicast: 0 packets\n  CRC: 4 packets, Symbol: 0 packets\n  Overrun: 2 packets, InRangeLength: 0 packets\nOutput:\n  Unicast: 10 packets, Multicast: 0 packets\n  System: 0 packets, Overruns: 9 packets\n";
        let i = &parse_display_interface(raw).unwrap()[0];
        assert_eq!(i.link_status, "UP");
        assert_eq!(i.protocol_status, "UP");
        assert!(i.is_up());
        assert_eq!(i.ip_address.as_deref(), Some("10.0.0.1/30"));
        assert_eq!((i.crc, i.overrun, i.symbols), (Some(4), Some(2), Some(0)));
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse_display_interface("Line protocol current state : UP").is_err());
    }
}
