//! SMART health from `smartctl -j -a` (smartmontools 7+ JSON), and the
//! `smart` section of the collection script:
//!
//! ```text
//! tool smartctl /usr/sbin/smartctl
//! run scan 0                       (or `noperm REASON`)
//! | /dev/sda -d sat # /dev/sda [SAT], ATA device
//! disk /dev/sda sat
//! run smartctl 0
//! | { ...smartctl -j -a -d sat /dev/sda, top-level members filtered... }
//! ```
//!
//! Only the fields the checks use are read; the rest of the JSON (the
//! script already drops the logs) is ignored.

use super::raidctl::{Block, Outcome, blocks, outcome};
use serde::Serialize;
use serde_json::Value;

/// What one disk's SMART data says.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SmartDisk {
    pub device: String,
    /// `ATA`, `NVMe`, `SCSI`.
    pub protocol: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    /// `smart_status.passed`.
    pub passed: Option<bool>,
    /// Raw values of ATA attributes 5, 197 and 198.
    pub reallocated: Option<u64>,
    pub pending: Option<u64>,
    pub uncorrectable: Option<u64>,
    /// `temperature.current`, °C.
    pub temperature_c: Option<i64>,
    /// NVMe health log.
    pub critical_warning: Option<u64>,
    pub available_spare: Option<u64>,
    pub available_spare_threshold: Option<u64>,
    pub percentage_used: Option<u64>,
    /// smartctl's exit status (a bit mask: 8 = disk failing, 64 = errors logged…).
    pub exit_status: Option<i64>,
    /// smartctl's own messages (`Permission denied`, `open failed`…).
    pub messages: Vec<String>,
}

/// One device from `--scan-open` and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmartEntry {
    pub device: String,
    pub dtype: String,
    pub outcome: Outcome<SmartDisk>,
}

/// The `smart` section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmartSection {
    pub path: String,
    /// The scan itself: `Parsed(())` when it ran; not permitted or failed otherwise.
    pub scan: Outcome<()>,
    pub disks: Vec<SmartEntry>,
}

/// `smartctl -j …` output of one device.
pub fn parse_json(text: &str) -> Result<SmartDisk, String> {
    let start = text.find('{').ok_or("no JSON object in smartctl output")?;
    let v: Value = serde_json::from_str(&text[start..])
        .map_err(|e| format!("smartctl JSON not understood: {e}"))?;
    let str_at = |p: &str| {
        v.pointer(p)
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
    };
    let u = |p: &str| v.pointer(p).and_then(Value::as_u64);
    let attr = |id: u64| {
        v.pointer("/ata_smart_attributes/table")
            .and_then(Value::as_array)?
            .iter()
            .find(|a| a["id"].as_u64() == Some(id))
            .and_then(|a| a.pointer("/raw/value").and_then(Value::as_u64))
    };
    let nvme = |k: &str| u(&format!("/nvme_smart_health_information_log/{k}"));
    Ok(SmartDisk {
        device: str_at("/device/name").unwrap_or_default(),
        protocol: str_at("/device/protocol"),
        model: str_at("/model_name").or_else(|| str_at("/scsi_model_name")),
        serial: str_at("/serial_number"),
        passed: v.pointer("/smart_status/passed").and_then(Value::as_bool),
        reallocated: attr(5),
        pending: attr(197),
        uncorrectable: attr(198),
        temperature_c: v.pointer("/temperature/current").and_then(Value::as_i64),
        critical_warning: nvme("critical_warning"),
        available_spare: nvme("available_spare"),
        available_spare_threshold: nvme("available_spare_threshold"),
        percentage_used: nvme("percentage_used"),
        exit_status: v.pointer("/smartctl/exit_status").and_then(Value::as_i64),
        messages: v
            .pointer("/smartctl/messages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|m| m["string"].as_str().map(str::to_string))
            .collect(),
    })
}

fn disk_outcome(b: &Block) -> Outcome<SmartDisk> {
    outcome(b, "smartctl", |text, rc| match parse_json(text) {
        Ok(d) if d.passed.is_none() && d.critical_warning.is_none() => {
            // No verdict: smartctl could not read the disk; its message says why.
            let why = d
                .messages
                .first()
                .cloned()
                .unwrap_or_else(|| "no SMART status in the output".to_string());
            if why.contains("Permission denied") || why.contains("Operation not permitted") {
                Outcome::NotPermitted(super::single::clip(&why))
            } else {
                Outcome::Failed(super::single::clip(&why))
            }
        }
        Ok(mut d) => {
            if d.device.is_empty() {
                d.device = b.head.get(1).cloned().unwrap_or_default();
            }
            Outcome::Parsed(d)
        }
        Err(e) => Outcome::Failed(match text.lines().map(str::trim).find(|l| !l.is_empty()) {
            Some(l) if rc != Some(0) => format!(
                "smartctl failed with status {}: {}",
                rc.unwrap_or(-1),
                super::single::clip(l)
            ),
            _ => e,
        }),
    })
}

/// The `smart` section; `Err` when it holds no `tool` line.
pub fn parse_section(text: &str) -> Result<SmartSection, String> {
    let all = blocks(text, &["tool", "disk"]);
    let tool = all
        .iter()
        .find(|b| b.head[0] == "tool")
        .ok_or("no smartctl tool line")?;
    let scan = outcome(tool, "smartctl --scan-open", |text, rc| match rc {
        Some(0) => Outcome::Parsed(()),
        _ => Outcome::Failed(format!(
            "smartctl --scan-open failed with status {}{}",
            rc.unwrap_or(-1),
            text.lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(|l| format!(": {}", super::single::clip(l)))
                .unwrap_or_default()
        )),
    });
    let disks = all
        .iter()
        .filter(|b| b.head[0] == "disk")
        .map(|b| SmartEntry {
            device: b.head.get(1).cloned().unwrap_or_default(),
            dtype: b.head.get(2).cloned().unwrap_or_default(),
            outcome: disk_outcome(b),
        })
        .collect();
    Ok(SmartSection {
        path: tool.head.get(2).cloned().unwrap_or_default(),
        scan,
        disks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::parse::linux::hw_fixture as fixture;

    #[test]
    fn healthy_ata() {
        let d = parse_json(&fixture("smartctl-ata-healthy.json")).unwrap();
        assert_eq!(d.device, "/dev/sda");
        assert_eq!(d.protocol.as_deref(), Some("ATA"));
        assert_eq!(d.passed, Some(true));
        assert_eq!(
            (d.reallocated, d.pending, d.uncorrectable),
            (Some(0), Some(0), Some(0))
        );
        assert_eq!(d.temperature_c, Some(34));
        assert_eq!(d.model.as_deref(), Some("WDC WD2000TEST-00A"));
    }

    #[test]
    fn ata_with_sectors_and_failed() {
        let d = parse_json(&fixture("smartctl-ata-sectors.json")).unwrap();
        assert_eq!(d.passed, Some(true));
        assert_eq!(
            (d.reallocated, d.pending, d.uncorrectable),
            (Some(8), Some(3), Some(1))
        );
        let d = parse_json(&fixture("smartctl-ata-failed.json")).unwrap();
        assert_eq!(d.passed, Some(false));
        assert_eq!(d.exit_status, Some(24));
        assert_eq!(d.messages.len(), 1);
    }

    #[test]
    fn nvme_health_log() {
        let d = parse_json(&fixture("smartctl-nvme-warning.json")).unwrap();
        assert_eq!(d.protocol.as_deref(), Some("NVMe"));
        assert_eq!(d.critical_warning, Some(1));
        assert_eq!(
            (d.available_spare, d.available_spare_threshold),
            (Some(4), Some(10))
        );
        assert_eq!(d.percentage_used, Some(97));
        assert_eq!(d.reallocated, None);
    }

    #[test]
    fn section_with_scan_disks_and_refusals() {
        let mut text = String::from(
            "tool smartctl /usr/sbin/smartctl\nrun scan 0\n| /dev/sda -d sat # /dev/sda [SAT], ATA device\n\
             disk /dev/sda sat\nrun smartctl 0\n",
        );
        for l in fixture("smartctl-ata-healthy.json").lines() {
            text.push_str(&format!("| {l}\n"));
        }
        text.push_str("disk /dev/sdb sat\nrun smartctl 2\n| {\n|   \"smartctl\": {\"exit_status\": 2, \"messages\": [{\"string\": \"Smartctl open device: /dev/sdb failed: Permission denied\", \"severity\": \"error\"}]}\n| }\n");
        text.push_str("disk /dev/sdc sat\nrun smartctl 1\n| sudo: a password is required\n");
        let s = parse_section(&text).unwrap();
        assert_eq!(s.scan, Outcome::Parsed(()));
        assert_eq!(s.disks.len(), 3);
        assert!(matches!(&s.disks[0].outcome, Outcome::Parsed(d) if d.passed == Some(true)));
        assert!(
            matches!(&s.disks[1].outcome, Outcome::NotPermitted(r) if r.contains("Permission denied")),
            "{:?}",
            s.disks[1]
        );
        assert!(
            matches!(&s.disks[2].outcome, Outcome::NotPermitted(r) if r.starts_with("sudo -n refused"))
        );
        let s = parse_section(
            "tool smartctl /usr/sbin/smartctl\nnoperm not root, and hw_sudo is off\n",
        )
        .unwrap();
        assert!(matches!(s.scan, Outcome::NotPermitted(_)));
        assert!(parse_section("").is_err());
        assert!(parse_json("not json").is_err());
    }
}
