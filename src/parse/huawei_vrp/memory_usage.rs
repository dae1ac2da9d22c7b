//! `display memory-usage` (and `display memory` on VRP 8).
//!
//! There are no upstream fixtures for this command. The form read here is
//! the one Huawei's command references show for S-series switches, AR
//! routers, CE switches and NE routers:
//!
//! ```text
//!  Memory utilization statistics at 2024-03-05 09:00:00+08:00
//!  System Total Memory Is: 477102080 bytes
//!  Total Memory Used Is: 145523324 bytes
//!  Memory Using Percentage Is: 30%
//! ```
//!
//! VRP 8 prints the sizes in `Kbytes` and may follow with a per-process
//! table; some versions drop the `Is`. Sizes are returned in bytes.

use crate::parse::device::{clean_output, num, pct, re, text, unrecognised};
use serde::{Deserialize, Serialize};

/// What `display memory-usage` printed; sizes in bytes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MemoryUsage {
    /// `Memory utilization statistics at …`, as printed.
    pub statistics_time: Option<String>,
    pub memory_total: Option<u64>,
    pub memory_used: Option<u64>,
    /// Total minus used.
    pub memory_free: Option<u64>,
    /// As the device printed it.
    pub memory_used_percent: Option<f64>,
}

impl MemoryUsage {
    /// The percentage printed, else computed from the sizes.
    pub fn used_percent(&self) -> Option<f64> {
        self.memory_used_percent
            .or(match (self.memory_used, self.memory_total) {
                (Some(used), Some(total)) if total > 0 => Some(used as f64 * 100.0 / total as f64),
                _ => None,
            })
    }
}

fn bytes(value: &str, unit: Option<&str>) -> Option<u64> {
    let n = num(value)?;
    let factor: u64 = match unit.map(|u| u.to_ascii_lowercase()).as_deref() {
        Some("kbytes" | "kb" | "k") => 1024,
        Some("mbytes" | "mb" | "m") => 1024 * 1024,
        Some("gbytes" | "gb" | "g") => 1024 * 1024 * 1024,
        _ => 1,
    };
    n.checked_mul(factor)
}

/// Parses `display memory-usage`.
pub fn parse_display_memory_usage(raw: &str) -> anyhow::Result<MemoryUsage> {
    let cleaned = clean_output(raw);
    let total = re!(r"^System Total Memory(?: Is)?\s*:\s*(\d+)\s*([A-Za-z]+)?");
    let used = re!(r"^Total Memory Used(?: Is)?\s*:\s*(\d+)\s*([A-Za-z]+)?");
    let percent = re!(r"^Memory Using Percentage(?: Is)?\s*:\s*(\d+(?:\.\d+)?)\s*%");
    let mut m = MemoryUsage::default();
    for line in cleaned.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("Memory utilization statistics at") {
            m.statistics_time = m.statistics_time.take().or_else(|| text(rest));
        } else if let Some(c) = total.captures(t) {
            m.memory_total = m
                .memory_total
                .or_else(|| bytes(&c[1], c.get(2).map(|u| u.as_str())));
        } else if let Some(c) = used.captures(t) {
            m.memory_used = m
                .memory_used
                .or_else(|| bytes(&c[1], c.get(2).map(|u| u.as_str())));
        } else if let Some(c) = percent.captures(t) {
            m.memory_used_percent = m.memory_used_percent.or_else(|| pct(&c[1]));
        }
    }
    if m.memory_total.is_none() && m.memory_used.is_none() && m.memory_used_percent.is_none() {
        return Err(unrecognised("display memory-usage"));
    }
    if let (Some(total), Some(used)) = (m.memory_total, m.memory_used) {
        m.memory_free = total.checked_sub(used);
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kbytes_and_percentage_without_is() {
        let raw = "[~CE1]display memory\nSystem Total Memory: 2048 Kbytes\nTotal Memory Used: 1024 Kbytes\nMemory Using Percentage: 50%\n[~CE1]";
        let m = parse_display_memory_usage(raw).unwrap();
        assert_eq!(
            (m.memory_total, m.memory_used, m.memory_free),
            (Some(2 << 20), Some(1 << 20), Some(1 << 20))
        );
        assert_eq!(m.used_percent(), Some(50.0));
    }

    #[test]
    fn computed_percentage_and_garbage() {
        let m = parse_display_memory_usage(
            "System Total Memory Is: 400 bytes\nTotal Memory Used Is: 100 bytes",
        )
        .unwrap();
        assert_eq!(m.used_percent(), Some(25.0));
        assert!(parse_display_memory_usage("Memory is fine").is_err());
        let huge = parse_display_memory_usage("System Total Memory Is: 99999999999999999 Gbytes")
            .unwrap_err();
        assert!(huge.to_string().contains("not `display memory-usage`"));
    }
}
