//! Which manual items are asked (`[manual]`) and the ranges the readings
//! are judged against (`[thresholds.manual]`), both in ops.toml:
//!
//! ```toml
//! [manual]
//! items = ["disk_light", "power_light", "room_temperature"]   # default: every item, in the sheet's order
//! disabled = ["tape_drive_needs_cleaning"]                    # never asked (a host without a tape drive)
//!
//! [thresholds.manual]
//! room_temperature = { min = 18, max = 27, crit_min = 10, crit_max = 35 }
//! room_humidity = { min = 40, max = 60, crit_min = 20, crit_max = 80 }
//! mains_voltage = { min = 209, max = 231, crit_min = 198, crit_max = 242 }
//! neutral_ground_voltage = { max = 2, crit_max = 5 }
//! ```
//!
//! Outside `min`..`max` is warn, outside `crit_min`..`crit_max` crit. The
//! defaults: 18–27 °C and 40–60 % RH, the recommended envelope of ASHRAE
//! TC 9.9 and GB 50174 for machine rooms (the customer's procedures name the
//! readings but give no figures); mains within ±5 % of 220 V (warn) and
//! ±10 % (crit), the tolerance of GB/T 2887 class B rooms; neutral-to-ground
//! under 2 V, what server vendors ask for.

use super::items::Item;
use crate::check::fmt_num;
use serde::{Deserialize, Serialize};

/// `[manual]`: the items asked, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ManualSettings {
    /// The items asked, in this order.
    pub items: Vec<Item>,
    /// Items never asked, whatever `items` says.
    pub disabled: Vec<Item>,
}

impl Default for ManualSettings {
    fn default() -> ManualSettings {
        ManualSettings {
            items: Item::ALL.to_vec(),
            disabled: Vec::new(),
        }
    }
}

impl ManualSettings {
    /// The items asked and judged, in order, each once.
    pub fn enabled(&self) -> Vec<Item> {
        let mut out: Vec<Item> = Vec::new();
        for &item in &self.items {
            if !self.disabled.contains(&item) && !out.contains(&item) {
                out.push(item);
            }
        }
        out
    }

    /// `[manual]` of ops.toml; errors name the file and line.
    pub fn from_config(config: &crate::config::Config) -> anyhow::Result<ManualSettings> {
        config.section("manual")
    }
}

/// A reading's acceptable range: outside `min`..`max` warn, outside
/// `crit_min`..`crit_max` crit. A missing bound does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Range {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crit_min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crit_max: Option<f64>,
}

impl Range {
    pub const fn new(min: f64, max: f64, crit_min: f64, crit_max: f64) -> Range {
        Range {
            min: Some(min),
            max: Some(max),
            crit_min: Some(crit_min),
            crit_max: Some(crit_max),
        }
    }

    /// Bounds in order: crit_min ≤ min ≤ max ≤ crit_max (those given).
    pub fn check(&self) -> Result<(), String> {
        let ordered: Vec<(&str, f64)> = [
            ("crit_min", self.crit_min),
            ("min", self.min),
            ("max", self.max),
            ("crit_max", self.crit_max),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
        for pair in ordered.windows(2) {
            let ((a, x), (b, y)) = (pair[0], pair[1]);
            if !x.is_finite() || !y.is_finite() || x > y {
                return Err(format!(
                    "{a} = {} must not be above {b} = {}: the order is crit_min ≤ min ≤ max ≤ crit_max",
                    fmt_num(x),
                    fmt_num(y)
                ));
            }
        }
        Ok(())
    }

    /// How the rule reads in a finding: `warn outside 18–27 °C, crit outside 10–35 °C`.
    pub fn describe(&self, unit: &str) -> String {
        let side = |lo: Option<f64>, hi: Option<f64>| match (lo, hi) {
            (Some(lo), Some(hi)) => Some(format!("outside {}–{} {unit}", fmt_num(lo), fmt_num(hi))),
            (Some(lo), None) => Some(format!("< {} {unit}", fmt_num(lo))),
            (None, Some(hi)) => Some(format!("> {} {unit}", fmt_num(hi))),
            (None, None) => None,
        };
        [
            side(self.min, self.max).map(|s| format!("warn {s}")),
            side(self.crit_min, self.crit_max).map(|s| format!("crit {s}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// `[thresholds.manual]`: the ranges of the readings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ManualThresholds {
    pub room_temperature: Range,
    pub room_humidity: Range,
    pub mains_voltage: Range,
    pub neutral_ground_voltage: Range,
}

impl Default for ManualThresholds {
    fn default() -> ManualThresholds {
        ManualThresholds {
            room_temperature: Range::new(18.0, 27.0, 10.0, 35.0),
            room_humidity: Range::new(40.0, 60.0, 20.0, 80.0),
            mains_voltage: Range::new(209.0, 231.0, 198.0, 242.0),
            neutral_ground_voltage: Range {
                min: None,
                max: Some(2.0),
                crit_min: None,
                crit_max: Some(5.0),
            },
        }
    }
}

impl ManualThresholds {
    /// The range of a reading item (None for items that are not readings).
    pub fn range(&self, item: Item) -> Option<Range> {
        match item {
            Item::RoomTemperature => Some(self.room_temperature),
            Item::RoomHumidity => Some(self.room_humidity),
            Item::MainsVoltage => Some(self.mains_voltage),
            Item::NeutralGroundVoltage => Some(self.neutral_ground_voltage),
            _ => None,
        }
    }

    /// Every range's bounds in order; the key and why, for the error's line.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        for item in [
            Item::RoomTemperature,
            Item::RoomHumidity,
            Item::MainsVoltage,
            Item::NeutralGroundVoltage,
        ] {
            if let Some(range) = self.range(item) {
                range.check().map_err(|why| (item.key(), why))?;
            }
        }
        Ok(())
    }

    /// `[thresholds.manual]` of ops.toml; errors name the file and line.
    pub fn from_config(config: &crate::config::Config) -> anyhow::Result<ManualThresholds> {
        config.section("thresholds.manual")
    }
}
