//! `show version`: software version, model, serial numbers, uptime and the
//! reason for the last reload.

use crate::parse::device::{clean_output, re, text, unrecognised, uptime_seconds};
use serde::{Deserialize, Serialize};

/// What `show version` says about a device. Lists hold one entry per stack
/// member (`hardware`, `serial`, `mac_address`), as in ntc-templates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShowVersion {
    pub hostname: Option<String>,
    /// `12.2(54)SG1`, `16.9.3`.
    pub version: Option<String>,
    /// `cat4500e-ENTSERVICESK9-M`.
    pub software_image: Option<String>,
    /// `fc1`, from `RELEASE SOFTWARE (fc1)`.
    pub release: Option<String>,
    /// The image file without its device prefix: `packages.conf`.
    pub running_image: Option<String>,
    /// Model numbers: `WS-C3850-48U` for each stack member, else the model on
    /// the `cisco … processor` line.
    pub hardware: Vec<String>,
    /// System serial numbers, else the processor board ID.
    pub serial: Vec<String>,
    pub mac_address: Vec<String>,
    /// As printed: `2 years, 31 weeks, 6 days, 9 hours, 55 minutes`.
    pub uptime: Option<String>,
    /// The same in seconds (a year counts 365 days).
    pub uptime_seconds: Option<u64>,
    /// `Last reload reason`, else what `System returned to ROM by` names.
    pub reload_reason: Option<String>,
    /// `System restarted at …`, as printed.
    pub restarted: Option<String>,
    pub config_register: Option<String>,
}

impl ShowVersion {
    /// The model of the device (the first stack member's).
    pub fn model(&self) -> Option<&str> {
        self.hardware.first().map(String::as_str)
    }
}

/// Parses `show version`.
pub fn parse_show_version(raw: &str) -> anyhow::Result<ShowVersion> {
    let cleaned = clean_output(raw);
    let mut v = ShowVersion::default();
    let mut version_from_ios_line = false;
    let mut processor_model = None;
    let mut board_id = None;
    let mut returned_by = None;
    let mut last_reload = None;

    for line in cleaned.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.contains("Version") && !version_from_ios_line {
            // `Cisco IOS Software, … (IMAGE), Version X, RELEASE SOFTWARE (fc1)`
            // wins over `Cisco IOS XE Software, Version 16.09.03`.
            let main =
                re!(r"^(?:Cisco )?IOS(?: \(tm\))?\b.*?(?:\(([^()]+)\),?\s+)?Version\s+([^,\s]+)");
            if let Some(c) = main.captures(t)
                && !t.starts_with("Cisco IOS-XE software")
                && !t.contains("Bootstrap")
            {
                let is_ios_line = t.starts_with("Cisco IOS Software") || t.starts_with("IOS ");
                if v.version.is_none() || is_ios_line {
                    v.version = text(&c[2]);
                    v.software_image = c.get(1).and_then(|m| text(m.as_str()));
                    v.release = re!(r"RELEASE SOFTWARE \((\w+)\)")
                        .captures(t)
                        .and_then(|r| text(&r[1]));
                    version_from_ios_line = is_ios_line;
                }
                continue;
            }
        }
        if v.uptime.is_none()
            && let Some(c) = re!(r"^(\S+)\s+uptime is\s+(.+)$").captures(t)
        {
            v.hostname = text(&c[1]);
            v.uptime = text(&c[2]);
            v.uptime_seconds = uptime_seconds(&c[2]);
            continue;
        }
        if let Some(c) = re!(r"^Last reload reason:\s*(.+)$").captures(t) {
            last_reload = last_reload.or_else(|| text(&c[1]));
            continue;
        }
        if let Some(c) = re!(r"^System returned to ROM by\s+(.+?)(?:\s+at\s+.*)?$").captures(t) {
            returned_by = returned_by.or_else(|| text(&c[1]));
            continue;
        }
        if let Some(c) = re!(r"^System restarted at\s+(.+)$").captures(t) {
            v.restarted = v.restarted.take().or_else(|| text(&c[1]));
            continue;
        }
        if let Some(c) = re!(r#"^System image file is "(?:[\w.\-]+:)?([^"]*)""#).captures(t) {
            v.running_image = text(&c[1]);
            continue;
        }
        if let Some(c) =
            re!(r"^[Cc]isco\s+(\S+)\s.*(?:processor|bytes of (?:physical )?memory)").captures(t)
        {
            processor_model = processor_model.or_else(|| text(&c[1]));
            continue;
        }
        if let Some(c) = re!(r"^Processor board ID\s+([^,\s]+)").captures(t) {
            board_id = board_id.or_else(|| text(&c[1]));
            continue;
        }
        if let Some(c) = re!(r"^Model [Nn]umber\s*:\s*(\S+)").captures(t) {
            v.hardware.extend(text(&c[1]));
            continue;
        }
        if let Some(c) = re!(r"^System [Ss]erial [Nn]umber\s*:\s*(\S+)").captures(t) {
            v.serial.extend(text(&c[1]));
            continue;
        }
        if let Some(c) = re!(r"^Base [Ee]thernet MAC [Aa]ddress\s*:\s*(\S+)").captures(t) {
            v.mac_address.extend(text(&c[1]));
            continue;
        }
        if let Some(c) = re!(r"^Configuration register is\s+(\S+)").captures(t) {
            v.config_register = text(&c[1]);
        }
    }

    if v.hardware.is_empty() {
        v.hardware.extend(processor_model);
    }
    if v.serial.is_empty() {
        v.serial.extend(board_id);
    }
    v.reload_reason = last_reload.or(returned_by);

    if v.version.is_none() && v.uptime.is_none() && v.hardware.is_empty() {
        return Err(unrecognised("show version"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISR: &str = "Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.7(3)M4, RELEASE SOFTWARE (fc1)\r\n\
ROM: System Bootstrap, Version 15.0(1r)M16, RELEASE SOFTWARE (fc1)\r\n\
\r\n\
rtr-branch7 uptime is 2 days, 3 hours, 4 minutes\r\n\
System returned to ROM by power-on\r\n\
System image file is \"flash0:c2900-universalk9-mz.SPA.157-3.M4.bin\"\r\n\
Last reload reason: power-on\r\n\
Cisco CISCO2911/K9 (revision 1.0) with 491520K/32768K bytes of memory.\r\n\
Processor board ID FGL0000ABCD\r\n\
Configuration register is 0x2102 (will be 0x2142 at next reload)";

    #[test]
    fn crlf_capture_without_final_newline() {
        let v = parse_show_version(ISR).unwrap();
        assert_eq!(v.version.as_deref(), Some("15.7(3)M4"));
        assert_eq!(v.software_image.as_deref(), Some("C2900-UNIVERSALK9-M"));
        assert_eq!(v.release.as_deref(), Some("fc1"));
        assert_eq!(v.hostname.as_deref(), Some("rtr-branch7"));
        assert_eq!(v.uptime_seconds, Some(2 * 86400 + 3 * 3600 + 4 * 60));
        assert_eq!(v.reload_reason.as_deref(), Some("power-on"));
        assert_eq!(v.model(), Some("CISCO2911/K9"));
        assert_eq!(v.serial, ["FGL0000ABCD"]);
        assert_eq!(v.config_register.as_deref(), Some("0x2102"));
        assert_eq!(
            v.running_image.as_deref(),
            Some("c2900-universalk9-mz.SPA.157-3.M4.bin")
        );
    }

    #[test]
    fn prompt_echo_and_exec_timestamp_are_ignored() {
        let raw = format!(
            "rtr-branch7#show version\r\nLoad for five secs: 1%/0%; one minute: 1%; five minutes: 1%\r\nTime source is NTP, 10:00:00.000 UTC Mon Jan 1 2024\r\n\r\n{ISR}\r\nrtr-branch7#"
        );
        assert_eq!(
            parse_show_version(&raw).unwrap(),
            parse_show_version(ISR).unwrap()
        );
    }

    #[test]
    fn old_ios_banner() {
        let raw = "IOS (tm) C2950 Software (C2950-I6Q4L2-M), Version 12.1(22)EA14, RELEASE SOFTWARE (fc1)\n\
sw-old uptime is 5 years, 1 week, 2 minutes\n\
System returned to ROM by power-on\n\
cisco WS-C2950T-24 (RC32300) processor (revision R0) with 19959K bytes of memory.\n";
        let v = parse_show_version(raw).unwrap();
        assert_eq!(v.version.as_deref(), Some("12.1(22)EA14"));
        assert_eq!(v.software_image.as_deref(), Some("C2950-I6Q4L2-M"));
        assert_eq!(v.model(), Some("WS-C2950T-24"));
        assert_eq!(v.reload_reason.as_deref(), Some("power-on"));
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse_show_version("").is_err());
        assert!(parse_show_version("hello\nworld").is_err());
    }
}
