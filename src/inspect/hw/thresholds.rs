//! `[thresholds.hw]` in ops.toml, overridden per group and per `[[bmc]]` /
//! `[[ups]]` entry: the limits a UPS and a machine room are judged by. A
//! BMC's sensors are judged by the BMC's own thresholds, which it reports
//! with each reading.
//!
//! ```toml
//! [thresholds.hw]
//! ups_charge_pct = { warn = 80, crit = 50 }     # below
//! ups_runtime_min = { warn = 15, crit = 5 }     # below
//! ups_load_pct = { warn = 80, crit = 95 }       # above
//! ambient_temp_c = { warn = 28, crit = 35 }     # above
//! ambient_humidity_pct = { low = 20, high = 80 } # outside is warn
//! ```

use crate::check::{Limits, OrderProblem, Worse, check_orders, fmt_num};
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HwThresholds {
    /// Battery charge, bad below.
    pub ups_charge_pct: Limits,
    /// Runtime left on battery in minutes, bad below.
    pub ups_runtime_min: Limits,
    /// Output load, bad above.
    pub ups_load_pct: Limits,
    /// Ambient temperature at the UPS's probe, bad above.
    pub ambient_temp_c: Limits,
    /// Relative humidity at the UPS's probe: outside the range is warn.
    pub ambient_humidity_pct: Range,
}

/// A range a value should stay inside.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

impl Default for HwThresholds {
    fn default() -> Self {
        HwThresholds {
            ups_charge_pct: Limits::new(80.0, 50.0),
            ups_runtime_min: Limits::new(15.0, 5.0),
            ups_load_pct: Limits::new(80.0, 95.0),
            ambient_temp_c: Limits::new(28.0, 35.0),
            ambient_humidity_pct: Range {
                low: 20.0,
                high: 80.0,
            },
        }
    }
}

impl HwThresholds {
    /// Whether each pair of limits is in the right order, for the config check.
    pub fn check(&self) -> Result<(), OrderProblem> {
        check_orders(&[
            ("ups_charge_pct", self.ups_charge_pct, Worse::Below),
            ("ups_runtime_min", self.ups_runtime_min, Worse::Below),
            ("ups_load_pct", self.ups_load_pct, Worse::Above),
            ("ambient_temp_c", self.ambient_temp_c, Worse::Above),
        ])?;
        let r = self.ambient_humidity_pct;
        if !(r.low.is_finite() && r.high.is_finite() && r.low < r.high) {
            return Err(OrderProblem {
                key: vec!["ambient_humidity_pct".into()],
                message: format!(
                    "low ({}) must be less than high ({})",
                    fmt_num(r.low),
                    fmt_num(r.high)
                ),
            });
        }
        Ok(())
    }
}
