//! `ifconfig -a`, read where there is no `ip` (old or minimal systems): the
//! interfaces and addresses, in the shapes of `ip -o link` / `ip -o addr`
//! ([`Link`], [`Addr`]) so that the same checks judge them.
//!
//! Two layouts exist. The net-tools 1.60 one, which BusyBox keeps:
//!
//! ```text
//! eth0      Link encap:Ethernet  HWaddr 52:54:00:12:34:56
//!           inet addr:192.0.2.10  Bcast:192.0.2.255  Mask:255.255.255.0
//!           inet6 addr: fe80::5054:ff:fe12:3456/64 Scope:Link
//!           UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1
//! ```
//!
//! and the net-tools 2.x one (RHEL/CentOS 7 and later, SUSE, Ubuntu):
//!
//! ```text
//! eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
//!         inet 192.0.2.10  netmask 255.255.255.0  broadcast 192.0.2.255
//!         inet6 fe80::5054:ff:fe12:3456  prefixlen 64  scopeid 0x20<link>
//!         ether 52:54:00:12:34:56  txqueuelen 1000  (Ethernet)
//! ```
//!
//! `RUNNING` (the kernel's `IFF_RUNNING`: carrier) becomes `LOWER_UP`, as
//! `ip` prints it, and the state `UP` or `DOWN`.

use super::ip::{Addr, Link, split_flags, word_after};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Ifconfig {
    pub links: Vec<Link>,
    pub addrs: Vec<Addr>,
}

pub fn parse(text: &str) -> Result<Ifconfig, String> {
    let mut out = Ifconfig::default();
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            let Some(name) = header_name(line) else {
                return Err(format!(
                    "not an `ifconfig` interface line: {:?}",
                    super::single::clip(line)
                ));
            };
            let mut link = Link {
                index: out.links.len() as u32 + 1,
                name: name.to_string(),
                ..Link::default()
            };
            read_header(line, &mut link);
            out.links.push(link);
            continue;
        }
        let Some(link) = out.links.last_mut() else {
            return Err("an indented line before any interface".to_string());
        };
        read_detail(line.trim(), link, &mut out.addrs);
    }
    for link in &mut out.links {
        let running = link.has_flag("RUNNING");
        if running {
            link.flags.push("LOWER_UP".to_string());
        }
        link.state = Some(if running { "UP" } else { "DOWN" }.to_string());
    }
    if out.links.is_empty() && !text.trim().is_empty() {
        return Err("no interface in the ifconfig output".to_string());
    }
    Ok(out)
}

/// `eth0      Link encap:…` or `eth0: flags=…` → `eth0`.
fn header_name(line: &str) -> Option<&str> {
    let first = line.split_whitespace().next()?;
    let name = first.strip_suffix(':').unwrap_or(first);
    (!name.is_empty() && !name.contains('=')).then_some(name)
}

fn read_header(line: &str, link: &mut Link) {
    if let Some((_, rest)) = line.split_once("flags=") {
        // `4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500`
        if let (Some(a), Some(b)) = (rest.find('<'), rest.find('>'))
            && a < b
        {
            link.flags = split_flags(&rest[a + 1..b]);
        }
        let words: Vec<&str> = rest.split_whitespace().collect();
        link.mtu = word_after(&words, "mtu").and_then(|m| m.parse().ok());
        return;
    }
    if let Some((_, encap)) = line.split_once("Link encap:") {
        let kind = encap.split_whitespace().next().unwrap_or("");
        link.link_type = Some(match kind {
            "Ethernet" => "ether".to_string(),
            "Local" => "loopback".to_string(),
            other => other.to_ascii_lowercase(),
        });
    }
    if let Some((_, hw)) = line.split_once("HWaddr ") {
        link.mac = hw.split_whitespace().next().map(str::to_ascii_lowercase);
    }
}

fn read_detail(line: &str, link: &mut Link, addrs: &mut Vec<Addr>) {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(first) = words.first() else {
        return;
    };
    match *first {
        // Old layout: `inet addr:192.0.2.10  Bcast:…  Mask:255.255.255.0`.
        "inet" if words.get(1).is_some_and(|w| w.starts_with("addr:")) => {
            let address = &words[1]["addr:".len()..];
            let mask = words.iter().find_map(|w| w.strip_prefix("Mask:"));
            let prefix = mask.and_then(mask_len).unwrap_or(32);
            push_addr(addrs, link, "inet", format!("{address}/{prefix}"), None);
        }
        // New layout: `inet 192.0.2.10  netmask 255.255.255.0  broadcast …`.
        "inet" => {
            let Some(address) = words.get(1) else { return };
            let prefix = word_after(&words, "netmask")
                .and_then(mask_len)
                .unwrap_or(32);
            push_addr(addrs, link, "inet", format!("{address}/{prefix}"), None);
        }
        // Old: `inet6 addr: fe80::1/64 Scope:Link`.
        "inet6" if words.get(1) == Some(&"addr:") => {
            let Some(address) = words.get(2) else { return };
            let scope = words
                .iter()
                .find_map(|w| w.strip_prefix("Scope:"))
                .map(str::to_ascii_lowercase);
            push_addr(addrs, link, "inet6", address.to_string(), scope);
        }
        // New: `inet6 fe80::1  prefixlen 64  scopeid 0x20<link>`.
        "inet6" => {
            let Some(address) = words.get(1) else { return };
            let prefix = word_after(&words, "prefixlen").unwrap_or("128");
            let scope = word_after(&words, "scopeid").and_then(|s| {
                let (_, name) = s.split_once('<')?;
                Some(name.trim_end_matches('>').to_string())
            });
            push_addr(addrs, link, "inet6", format!("{address}/{prefix}"), scope);
        }
        "ether" => {
            link.mac = words.get(1).map(|m| m.to_ascii_lowercase());
            link.link_type = Some("ether".to_string());
        }
        "loop" => link.link_type = Some("loopback".to_string()),
        // Old layout's flag line: `UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1`.
        _ if words.iter().any(|w| w.starts_with("MTU:")) => {
            link.flags = words
                .iter()
                .take_while(|w| !w.starts_with("MTU:"))
                .map(|w| w.to_string())
                .collect();
            link.mtu = words
                .iter()
                .find_map(|w| w.strip_prefix("MTU:"))
                .and_then(|m| m.parse().ok());
        }
        _ => {}
    }
}

fn push_addr(
    addrs: &mut Vec<Addr>,
    link: &Link,
    family: &str,
    address: String,
    scope: Option<String>,
) {
    addrs.push(Addr {
        index: link.index,
        ifname: link.name.clone(),
        family: family.to_string(),
        address,
        scope,
    });
}

/// `255.255.255.0` → 24; `None` for a mask that is not one (holes in it).
pub fn mask_len(mask: &str) -> Option<u32> {
    let addr: std::net::Ipv4Addr = mask.parse().ok()?;
    let bits = u32::from(addr);
    let len = bits.leading_ones();
    (bits.checked_shl(len).unwrap_or(0) == 0).then_some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_len("255.255.255.0"), Some(24));
        assert_eq!(mask_len("255.255.255.255"), Some(32));
        assert_eq!(mask_len("0.0.0.0"), Some(0));
        assert_eq!(mask_len("255.0.255.0"), None);
        assert_eq!(mask_len("x"), None);
    }

    #[test]
    fn refuses_what_is_not_ifconfig() {
        assert!(parse("        inet 1.2.3.4").is_err());
        assert!(parse("flags=1<UP>").is_err());
        assert_eq!(parse("").unwrap(), Ifconfig::default());
    }
}
