//! BMC sensors from `ipmitool sdr elist` (`NAME | ID | STATUS | ENTITY |
//! READING`) or `ipmitool sdr` (`NAME | READING | STATUS`), and the `ipmi`
//! section of the collection script:
//!
//! ```text
//! tool ipmitool /usr/bin/ipmitool
//! run sdr 0                        (or `noperm REASON`)
//! | CPU1 Temp        | 0Eh | cr  |  3.1 | 98 degrees C
//! ```

use super::raidctl::{Outcome, blocks, outcome};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sensor {
    pub name: String,
    /// As ipmitool prints it: `ok`, `cr`, `nr`, `nc`, `ns`, `lnc`, `ucr`…
    pub status: String,
    pub reading: String,
}

/// The sensor lines; lines that are not `|`-separated tables are ignored,
/// and output without any sensor line is an error.
pub fn parse_sdr(text: &str) -> Result<Vec<Sensor>, String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        let (name, status, reading) = match cols.len() {
            5 => (cols[0], cols[2], cols[4]),
            3 => (cols[0], cols[2], cols[1]),
            _ => continue,
        };
        if name.is_empty() || status.is_empty() || status.contains(' ') {
            continue;
        }
        out.push(Sensor {
            name: name.to_string(),
            status: status.to_ascii_lowercase(),
            reading: reading.to_string(),
        });
    }
    if out.is_empty() {
        let first = text.lines().map(str::trim).find(|l| !l.is_empty());
        return Err(match first {
            Some(l) => format!("no sensor lines: {}", super::single::clip(l)),
            None => "no sensor lines".to_string(),
        });
    }
    Ok(out)
}

/// The `ipmi` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpmiSection {
    pub path: String,
    pub sensors: Outcome<Vec<Sensor>>,
}

/// The `ipmi` section: the tool path and the sensors.
pub fn parse_section(text: &str) -> Result<IpmiSection, String> {
    let b = blocks(text, &["tool"]);
    let b = b.first().ok_or("no ipmitool tool line")?;
    let o = outcome(b, "ipmitool", |text, rc| match parse_sdr(text) {
        Ok(s) => Outcome::Parsed(s),
        Err(e) if rc == Some(0) => Outcome::Failed(format!("ipmitool sdr: {e}")),
        Err(_) => Outcome::Failed(format!(
            "ipmitool sdr failed with status {}{}",
            rc.unwrap_or(-1),
            text.lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(|l| format!(": {}", super::single::clip(l)))
                .unwrap_or_default()
        )),
    });
    Ok(IpmiSection {
        path: b.head.get(2).cloned().unwrap_or_default(),
        sensors: o,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elist_and_plain_sdr() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/hw/ipmitool-sdr-elist.txt"
        ))
        .unwrap();
        let s = parse_sdr(&text).unwrap();
        assert_eq!(s.len(), 9);
        assert_eq!(s[2].name, "CPU1 Temp");
        assert_eq!(s[2].status, "cr");
        assert_eq!(s[2].reading, "98 degrees C");
        assert_eq!(s[4].status, "nc");
        assert_eq!(s[6].status, "nr");
        assert_eq!(s[7].status, "ns");
        let s = parse_sdr("Fan1             | 5400 RPM          | ok\nPS1              | 0x01              | ok\n").unwrap();
        assert_eq!(s[0].reading, "5400 RPM");
        assert!(parse_sdr("Could not open device at /dev/ipmi0").is_err());
    }

    #[test]
    fn section_outcomes() {
        let IpmiSection { path, sensors: o } = parse_section(
            "tool ipmitool /usr/bin/ipmitool\nrun sdr 1\n| Could not open device at /dev/ipmi0 or /dev/ipmi/0 or /dev/ipmidev/0: Permission denied\n",
        )
        .unwrap();
        assert_eq!(path, "/usr/bin/ipmitool");
        assert!(matches!(o, Outcome::NotPermitted(r) if r.starts_with("permission denied")));
    }
}
