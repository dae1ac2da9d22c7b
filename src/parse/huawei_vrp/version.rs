//! `display version`: VRP version, product version, model and uptime.

use crate::parse::device::{clean_output, re, text, unrecognised, uptime_seconds};
use serde::{Deserialize, Serialize};

/// What `display version` says about a device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DisplayVersion {
    /// `8.180`, `5.170`.
    pub vrp_version: Option<String>,
    /// `NE40E V800R011C00SPC200`.
    pub product_version: Option<String>,
    /// `NE40E-X2-M8A`, `AR6280`, `S5720-52X-SI-AC`.
    pub model: Option<String>,
    /// As printed: `161 days, 0 hour, 20 minutes`.
    pub uptime: Option<String>,
    /// The same in seconds.
    pub uptime_seconds: Option<u64>,
    pub patch_version: Option<String>,
}

/// Parses `display version`.
pub fn parse_display_version(raw: &str) -> anyhow::Result<DisplayVersion> {
    let cleaned = clean_output(raw);
    let mut v = DisplayVersion::default();
    for line in cleaned.lines() {
        let t = line.trim();
        if v.vrp_version.is_none()
            && let Some(c) =
                re!(r"^VRP \(R\) software,\s*Version\s+(\S+)(?:\s+\((.+?)\))?").captures(t)
        {
            v.vrp_version = text(&c[1]);
            v.product_version = c.get(2).and_then(|m| text(m.as_str()));
            continue;
        }
        // `HUAWEI NE40E-X2-M8A uptime is …`, `Huawei AR6280 Router uptime is
        // …`, `Quidway S5700-28C-EI Routing Switch uptime is …`; board lines
        // (`MPU 0(Master) : uptime is …`) have a colon and are skipped.
        if v.uptime.is_none()
            && !line.starts_with(' ')
            && let Some(c) = re!(r"^(\S+)\s+(\S+)(?:\s+[^:]*?)?\s+uptime is\s+(.+)$").captures(t)
        {
            v.model = text(&c[2]);
            v.uptime = text(&c[3]);
            v.uptime_seconds = uptime_seconds(&c[3]);
            continue;
        }
        if let Some(c) = re!(r"^Patch [Vv]ersion\s*:\s*(\S+)").captures(t) {
            v.patch_version = v.patch_version.take().or_else(|| text(&c[1]));
        }
    }
    if v.vrp_version.is_none() && v.uptime.is_none() {
        return Err(unrecognised("display version"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s5700_with_prompt_and_paging() {
        let raw = "<SW1>display version\r\nHuawei Versatile Routing Platform Software\r\nVRP (R) software, Version 5.170 (S5700 V200R011C10SPC500)\r\nCopyright (C) 2000-2018 HUAWEI TECH CO., LTD\r\nQuidway S5700-28C-EI Routing Switch uptime is 1 week, 2 days, 3 hours, 4 minutes\r\n  ---- More ----\x1b[42D                                          \x1b[42DPatch Version : V200R011SPH009\r\n<SW1>";
        let v = parse_display_version(raw).unwrap();
        assert_eq!(v.vrp_version.as_deref(), Some("5.170"));
        assert_eq!(
            v.product_version.as_deref(),
            Some("S5700 V200R011C10SPC500")
        );
        assert_eq!(v.model.as_deref(), Some("S5700-28C-EI"));
        assert_eq!(v.uptime_seconds, Some(9 * 86400 + 3 * 3600 + 4 * 60));
        assert_eq!(v.patch_version.as_deref(), Some("V200R011SPH009"));
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse_display_version("MPU 0(Master) : uptime is 1 day").is_err());
    }
}
