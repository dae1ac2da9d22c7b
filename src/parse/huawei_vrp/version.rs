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
    /// `NE40E-X2-M8A`, `AR6280`, `S5720-52X-SI-AC`, `ATN 910C-B`.
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
        // `HUAWEI NE40E-X2-M8A uptime is …`, `HUAWEI ATN 910C-B uptime is …`,
        // `Huawei AR6280 Router uptime is …`, `Quidway S5700-28C-EI Routing
        // Switch uptime is …`: the vendor, the model, and what kind of device
        // it is. Board lines (`MPU 0(Master) : uptime is …`) have a colon and
        // are skipped.
        if v.uptime.is_none()
            && !line.starts_with(' ')
            && t.contains("uptime is")
            && let Some(c) = re!(r"^(\S+)\s+([^:]+?)\s+uptime is\s+(.+)$").captures(t)
        {
            v.model = model(&c[2]);
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

/// Words VRP prints after the model to say what kind of device it is.
const DEVICE_KINDS: &[&str] = &[
    "router",
    "routing",
    "switch",
    "terabit",
    "series",
    "firewall",
    "gateway",
    "wireless",
    "access",
    "controller",
];

/// The model from what stands between the vendor and `uptime is`, without
/// the trailing kind of device: `ATN 910C-B`, `AR6280` (of `AR6280 Router`),
/// `S12708` (of `S12708 Terabit Routing Switch`).
fn model(words: &str) -> Option<String> {
    let mut words: Vec<&str> = words.split_whitespace().collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| DEVICE_KINDS.iter().any(|k| w.eq_ignore_ascii_case(k)))
    {
        words.pop();
    }
    text(&words.join(" "))
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
    fn a_model_of_several_words_is_kept_whole() {
        for (line, want) in [
            (
                "HUAWEI ATN 910C-B uptime is 12 days, 3 hours, 1 minute",
                "ATN 910C-B",
            ),
            (
                "HUAWEI NetEngine 8000 M8 uptime is 1 day, 0 hour, 5 minutes",
                "NetEngine 8000 M8",
            ),
            (
                "HUAWEI S12708 Terabit Routing Switch uptime is 2 weeks, 1 day",
                "S12708",
            ),
            ("Huawei AR6280 Router uptime is 60 weeks, 4 days", "AR6280"),
            (
                "Huawei AC6005-8 Wireless Access Controller uptime is 4 days, 1 hour",
                "AC6005-8",
            ),
            (
                "HUAWEI CE6850-48S6Q-HI uptime is 3 days, 2 hours",
                "CE6850-48S6Q-HI",
            ),
        ] {
            let v = parse_display_version(line).unwrap();
            assert_eq!(v.model.as_deref(), Some(want), "{line}");
            assert!(v.uptime_seconds.is_some(), "{line}");
        }
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse_display_version("MPU 0(Master) : uptime is 1 day").is_err());
    }
}
