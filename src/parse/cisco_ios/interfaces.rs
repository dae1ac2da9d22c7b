//! `show interfaces`: one block per interface, opened by
//! `NAME is STATUS, line protocol is STATUS`, with its settings, rates and
//! every error counter an inspection compares against the previous record.

use crate::parse::device::{clean_output, num, re, text, unrecognised};
use serde::{Deserialize, Serialize};

/// One interface of `show interfaces`. Counters are `None` when the block
/// does not print them (a `Vlan1` SVI has no collisions, a loopback no
/// babbles).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interface {
    pub interface: String,
    /// `up`, `down`, `administratively down`, `reset`, `deleted`.
    pub link_status: String,
    /// As printed, with any text in parentheses: `up (connected)`,
    /// `down (notconnect)`, `down (err-disabled)`.
    pub protocol_status: String,
    pub hardware_type: Option<String>,
    pub mac_address: Option<String>,
    pub bia: Option<String>,
    pub description: Option<String>,
    pub ip_address: Option<String>,
    pub prefix_length: Option<u8>,
    pub mtu: Option<u64>,
    /// `BW 1000000 Kbit/sec`, in Kbit/s.
    pub bandwidth_kbit: Option<u64>,
    /// `DLY 10 usec`, in microseconds.
    pub delay_usec: Option<u64>,
    pub encapsulation: Option<String>,
    /// As printed: `Full-duplex`, `Auto-duplex`, `Full Duplex`.
    pub duplex: Option<String>,
    /// As printed: `1000Mb/s`, `Auto-speed`, `10000Mbps`.
    pub speed: Option<String>,
    pub media_type: Option<String>,
    /// Port-channel members, from `Member N : NAME , …`.
    pub members: Vec<String>,
    pub last_input: Option<String>,
    pub last_output: Option<String>,
    /// When the counters were last cleared: `never`, `1d02h`, `00:10:00`.
    /// Deltas across a clear are meaningless.
    pub last_clearing: Option<String>,
    pub queue_strategy: Option<String>,
    /// Input queue drops and flushes, and `Total output drops`.
    pub queue_drops: Option<u64>,
    pub queue_flushes: Option<u64>,
    pub queue_output_drops: Option<u64>,
    /// Load interval of the rates below, in seconds (`5 minute input rate`).
    pub rate_interval_seconds: Option<u64>,
    /// bits/s and packets/s.
    pub input_rate: Option<u64>,
    pub input_pps: Option<u64>,
    pub output_rate: Option<u64>,
    pub output_pps: Option<u64>,
    pub input_packets: Option<u64>,
    pub input_bytes: Option<u64>,
    pub no_buffer: Option<u64>,
    pub runts: Option<u64>,
    pub giants: Option<u64>,
    pub throttles: Option<u64>,
    pub input_errors: Option<u64>,
    pub crc: Option<u64>,
    pub frame: Option<u64>,
    pub overrun: Option<u64>,
    pub ignored: Option<u64>,
    pub abort: Option<u64>,
    pub output_packets: Option<u64>,
    pub output_bytes: Option<u64>,
    pub underruns: Option<u64>,
    pub output_errors: Option<u64>,
    pub collisions: Option<u64>,
    pub interface_resets: Option<u64>,
    pub unknown_protocol_drops: Option<u64>,
    pub babbles: Option<u64>,
    pub late_collision: Option<u64>,
    pub deferred: Option<u64>,
    pub lost_carrier: Option<u64>,
    pub no_carrier: Option<u64>,
    pub output_buffer_failures: Option<u64>,
    pub output_buffers_swapped_out: Option<u64>,
}

impl Interface {
    pub fn admin_down(&self) -> bool {
        self.link_status == "administratively down"
    }

    /// The line protocol state without the text in parentheses: `up`, `down`.
    pub fn protocol(&self) -> &str {
        self.protocol_status
            .split([' ', '('])
            .next()
            .unwrap_or(&self.protocol_status)
    }

    /// Link up but line protocol not up: what an inspection flags.
    pub fn protocol_down_on_up_link(&self) -> bool {
        self.link_status == "up" && self.protocol() != "up"
    }
}

/// Parses `show interfaces` (all interfaces, or one).
pub fn parse_show_interfaces(raw: &str) -> anyhow::Result<Vec<Interface>> {
    let cleaned = clean_output(raw);
    let mut out: Vec<Interface> = Vec::new();
    let mut current: Option<Interface> = None;
    for line in cleaned.lines() {
        if !line.starts_with(' ')
            && let Some(iface) = head_line(line)
        {
            out.extend(current.take());
            current = Some(iface);
            continue;
        }
        if let Some(iface) = current.as_mut() {
            body_line(iface, line.trim());
        }
    }
    out.extend(current);
    if out.is_empty() {
        return Err(unrecognised("show interfaces"));
    }
    Ok(out)
}

/// `NAME is STATUS, line protocol is STATUS[ , Autostate Enabled]`.
fn head_line(line: &str) -> Option<Interface> {
    let (left, protocol) = line.split_once(", line protocol is ")?;
    let (name, link) = left.split_once(" is ")?;
    if name.is_empty() || name.contains(' ') {
        return None;
    }
    let link = link.trim();
    let protocol = protocol.split(',').next().unwrap_or("").trim();
    if link.is_empty() || protocol.is_empty() {
        return None;
    }
    Some(Interface {
        interface: name.to_string(),
        link_status: link.to_string(),
        protocol_status: protocol.to_string(),
        ..Interface::default()
    })
}

/// Reads one line inside an interface block.
fn body_line(i: &mut Interface, t: &str) {
    if t.is_empty() {
        return;
    }
    if t.as_bytes()[0].is_ascii_digit() {
        let after = t.trim_start_matches(|c: char| c.is_ascii_digit());
        if after.starts_with(" minute") || after.starts_with(" second") {
            rate_line(i, t);
        } else {
            counter_line(i, t);
        }
        return;
    }
    if let Some(rest) = t.strip_prefix("Hardware is ") {
        let (hardware, address) = rest.split_once(", address is ").unwrap_or((rest, ""));
        i.hardware_type = text(hardware);
        let (mac, bia) = address.split_once(" (bia ").unwrap_or((address, ""));
        i.mac_address = text(mac);
        i.bia = text(bia.trim_end_matches(')'));
    } else if let Some(rest) = t.strip_prefix("Description:") {
        i.description = text(rest);
    } else if let Some(rest) = t.strip_prefix("Internet address is ") {
        if let Some((addr, len)) = rest.split_once('/')
            && addr.split('.').count() == 4
            && addr.split('.').all(|o| o.parse::<u8>().is_ok())
        {
            i.ip_address = Some(addr.to_string());
            i.prefix_length = len
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|l| l.parse().ok())
                .filter(|l| *l <= 32);
        }
    } else if t.starts_with("MTU ") {
        // `MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec,`
        let first = |s: &str| s.split(' ').next().and_then(num);
        for piece in t.split(", ") {
            if let Some(v) = piece.strip_prefix("MTU ") {
                i.mtu = first(v);
            } else if let Some(v) = piece.strip_prefix("BW ") {
                i.bandwidth_kbit = first(v);
            } else if let Some(v) = piece.strip_prefix("DLY ") {
                i.delay_usec = first(v);
            }
        }
    } else if let Some(rest) = t.strip_prefix("Encapsulation ") {
        let enc = rest.split(", loopback").next().unwrap_or(rest);
        let enc = enc.split(", Vlan ID").next().unwrap_or(enc);
        let enc = enc.split(", outer ID").next().unwrap_or(enc);
        i.encapsulation = text(enc.trim_end_matches(','));
    } else if t.contains("uplex") && !t.starts_with("Member") {
        // `Full-duplex, 1000Mb/s, link type is auto, media type is 1000BaseT`.
        // The last such line wins (IOSv prints an `Unknown, Unknown` line and
        // then the real one).
        let mut parts = t.split(", ");
        if let Some(d) = parts.next()
            && d.to_ascii_lowercase().contains("duplex")
        {
            i.duplex = text(d);
            i.speed = parts
                .next()
                .filter(|s| !s.starts_with("link type") && !s.starts_with("media type"))
                .and_then(text);
        }
        if let Some((_, media)) = t.split_once("media type is ") {
            i.media_type = text(media);
        }
    } else if let Some(rest) = t.strip_prefix("Member ") {
        if let Some(c) = re!(r"^\d+\s*:\s*(\S+)").captures(rest) {
            i.members.push(c[1].to_string());
        }
    } else if let Some(rest) = t.strip_prefix("Last input ") {
        if let Some((input, rest)) = rest.split_once(", output ") {
            let output = rest.split(", output hang").next().unwrap_or(rest);
            i.last_input = text(input);
            i.last_output = text(output);
        }
    } else if let Some(rest) = t.strip_prefix("Last clearing of \"show interface\" counters ") {
        i.last_clearing = text(rest);
    } else if let Some(rest) = t.strip_prefix("Input queue: ") {
        // `0/75/3/1 (size/max/drops/flushes); Total output drops: 1234`
        let counts = rest.split(' ').next().unwrap_or("");
        let mut parts = counts.split('/').skip(2);
        i.queue_drops = parts.next().and_then(num);
        i.queue_flushes = parts.next().and_then(num);
        if let Some((_, drops)) = rest.split_once("Total output drops: ") {
            i.queue_output_drops = drops.split(' ').next().and_then(num);
        }
    } else if let Some(rest) = t.strip_prefix("Queueing strategy: ") {
        i.queue_strategy = text(rest);
    } else if let Some(rest) = t.strip_prefix("Received ") {
        // `Received 7 broadcasts (0 IP multicasts)`: not a health counter.
        let _ = rest;
    }
}

/// `5 minute input rate 1792809000 bits/sec, 172855 packets/sec`.
fn rate_line(i: &mut Interface, t: &str) {
    let words: Vec<&str> = t.split_whitespace().collect();
    let [
        n,
        unit,
        direction,
        "rate",
        bits,
        "bits/sec,",
        pps,
        "packets/sec",
        ..,
    ] = words[..]
    else {
        return;
    };
    let n = num(n);
    i.rate_interval_seconds = match unit {
        "minute" | "minutes" => n.map(|n| n.saturating_mul(60)),
        "second" | "seconds" => n,
        _ => return,
    };
    match direction {
        "input" => (i.input_rate, i.input_pps) = (num(bits), num(pps)),
        "output" => (i.output_rate, i.output_pps) = (num(bits), num(pps)),
        _ => {}
    }
}

/// A line of counters such as `179928 input errors, 21419 CRC, 87 frame,
/// 0 overrun, 0 ignored`: every `N label` piece is read on its own, so the
/// order and the set of counters on a line do not matter.
fn counter_line(i: &mut Interface, t: &str) {
    let mut bytes_are_input = None;
    for piece in t.split(',') {
        let piece = piece.trim();
        let Some((n, label)) = piece.split_once(' ') else {
            continue;
        };
        let value = num(n);
        let mut buf = [0u8; 32];
        let label = label.trim().as_bytes();
        let Some(buf) = buf.get_mut(..label.len()) else {
            continue;
        };
        buf.copy_from_slice(label);
        buf.make_ascii_lowercase();
        let slot = match &*buf {
            b"packets input" => {
                bytes_are_input = Some(true);
                &mut i.input_packets
            }
            b"packets output" => {
                bytes_are_input = Some(false);
                &mut i.output_packets
            }
            b"bytes" => match bytes_are_input {
                Some(true) => &mut i.input_bytes,
                Some(false) => &mut i.output_bytes,
                None => continue,
            },
            b"no buffer" => &mut i.no_buffer,
            b"runts" => &mut i.runts,
            b"giants" => &mut i.giants,
            b"throttles" => &mut i.throttles,
            b"input errors" => &mut i.input_errors,
            b"crc" => &mut i.crc,
            b"frame" => &mut i.frame,
            b"overrun" => &mut i.overrun,
            b"ignored" => &mut i.ignored,
            b"abort" => &mut i.abort,
            b"underruns" => &mut i.underruns,
            b"output errors" => &mut i.output_errors,
            b"collisions" => &mut i.collisions,
            b"interface resets" => &mut i.interface_resets,
            b"unknown protocol drops" => &mut i.unknown_protocol_drops,
            b"babbles" => &mut i.babbles,
            b"late collision" => &mut i.late_collision,
            b"deferred" => &mut i.deferred,
            b"lost carrier" => &mut i.lost_carrier,
            b"no carrier" => &mut i.no_carrier,
            b"output buffer failures" => &mut i.output_buffer_failures,
            b"output buffers swapped out" => &mut i.output_buffers_swapped_out,
            _ => continue,
        };
        *slot = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: &str = "GigabitEthernet1/0/7 is up, line protocol is up (connected)
  Hardware is Gigabit Ethernet, address is 0011.2233.4407 (bia 0011.2233.4407)
  Description: uplink to core
  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec,
     reliability 255/255, txload 1/255, rxload 1/255
  Encapsulation ARPA, loopback not set
  Full-duplex, 1000Mb/s, media type is 10/100/1000BaseTX
  Last input never, output 00:00:01, output hang never
  Last clearing of \"show interface\" counters 1w2d
  Input queue: 0/75/3/1 (size/max/drops/flushes); Total output drops: 1234
  30 second input rate 2000 bits/sec, 3 packets/sec
  30 second output rate 5000 bits/sec, 6 packets/sec
     100 packets input, 2000 bytes, 0 no buffer
     17 runts, 2 giants, 0 throttles
     57 input errors, 31 CRC, 4 frame, 3 overrun, 2 ignored
     200 packets output, 4000 bytes, 0 underruns
     9 output errors, 8 collisions, 7 interface resets
     0 unknown protocol drops
     0 babbles, 6 late collision, 5 deferred
     1 lost carrier, 0 no carrier, 0 pause output
";

    #[test]
    fn every_counter_of_a_block() {
        let i = &parse_show_interfaces(BLOCK).unwrap()[0];
        assert_eq!(i.interface, "GigabitEthernet1/0/7");
        assert_eq!(i.protocol_status, "up (connected)");
        assert_eq!(i.protocol(), "up");
        assert_eq!(i.description.as_deref(), Some("uplink to core"));
        assert_eq!(i.mac_address.as_deref(), Some("0011.2233.4407"));
        assert_eq!(
            (i.mtu, i.bandwidth_kbit, i.delay_usec),
            (Some(1500), Some(1_000_000), Some(10))
        );
        assert_eq!(i.duplex.as_deref(), Some("Full-duplex"));
        assert_eq!(i.speed.as_deref(), Some("1000Mb/s"));
        assert_eq!(i.last_clearing.as_deref(), Some("1w2d"));
        assert_eq!(
            (i.queue_drops, i.queue_flushes, i.queue_output_drops),
            (Some(3), Some(1), Some(1234))
        );
        assert_eq!(i.rate_interval_seconds, Some(30));
        assert_eq!(
            (i.input_rate, i.input_pps, i.output_rate, i.output_pps),
            (Some(2000), Some(3), Some(5000), Some(6))
        );
        assert_eq!(
            (
                i.input_packets,
                i.input_bytes,
                i.output_packets,
                i.output_bytes
            ),
            (Some(100), Some(2000), Some(200), Some(4000))
        );
        assert_eq!(
            (
                i.runts,
                i.giants,
                i.input_errors,
                i.crc,
                i.frame,
                i.overrun,
                i.ignored
            ),
            (
                Some(17),
                Some(2),
                Some(57),
                Some(31),
                Some(4),
                Some(3),
                Some(2)
            )
        );
        assert_eq!(
            (i.output_errors, i.collisions, i.interface_resets),
            (Some(9), Some(8), Some(7))
        );
        assert_eq!(
            (i.late_collision, i.deferred, i.lost_carrier),
            (Some(6), Some(5), Some(1))
        );
        assert_eq!(i.abort, None);
    }

    #[test]
    fn paged_session_with_prompt_parses_like_the_plain_text() {
        let paged = format!(
            "sw1#show interfaces\r\n{}\r\nsw1#",
            BLOCK
                .replace('\n', "\r\n")
                .replacen(
                    "     57 input errors",
                    " --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08          \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08     57 input errors",
                    1
                )
        );
        assert_eq!(
            parse_show_interfaces(&paged).unwrap(),
            parse_show_interfaces(BLOCK).unwrap()
        );
    }

    #[test]
    fn admin_down_and_err_disabled() {
        let raw = "Gi0/2 is administratively down, line protocol is down \nGi0/3 is down, line protocol is down (err-disabled)\nVlan9 is up, line protocol is down , Autostate Enabled\n";
        let all = parse_show_interfaces(raw).unwrap();
        assert!(all[0].admin_down());
        assert_eq!(all[0].protocol_status, "down");
        assert_eq!(all[1].protocol_status, "down (err-disabled)");
        assert_eq!(all[2].protocol_status, "down");
        assert!(all[2].protocol_down_on_up_link());
    }

    #[test]
    fn garbage_is_an_error_and_never_a_panic() {
        assert!(parse_show_interfaces("").is_err());
        assert!(parse_show_interfaces("x is up, line protocol is").is_err());
        let odd = "Gi0/1 is up, line protocol is up\n 99999999999999999999999 input errors, 1 CRC\n \u{e9}\u{e9} runts\n9";
        let i = &parse_show_interfaces(odd).unwrap()[0];
        assert_eq!((i.input_errors, i.crc), (None, Some(1)));
    }
}
