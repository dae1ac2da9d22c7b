//! Warn/crit limits and how a measured value is judged against them.

use super::Status;
use serde::{Deserialize, Serialize};

/// A pair of limits. Whether a value is bad when it is above or below them is
/// the check's business, so the direction is chosen at the call site
/// (`above` for "used %", `below` for "available %").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub warn: f64,
    pub crit: f64,
}

impl Limits {
    pub const fn new(warn: f64, crit: f64) -> Limits {
        Limits { warn, crit }
    }

    /// Bad when the value is greater than a limit.
    pub fn above(&self, value: f64) -> Status {
        if value > self.crit {
            Status::Crit
        } else if value > self.warn {
            Status::Warn
        } else {
            Status::Ok
        }
    }

    /// Bad when the value is less than a limit.
    pub fn below(&self, value: f64) -> Status {
        if value < self.crit {
            Status::Crit
        } else if value < self.warn {
            Status::Warn
        } else {
            Status::Ok
        }
    }

    /// How the rule reads in a finding, e.g. `warn > 80 %, crit > 90 %`.
    pub fn describe_above(&self, unit: &str) -> String {
        format!(
            "warn > {}{unit}, crit > {}{unit}",
            fmt_num(self.warn),
            fmt_num(self.crit)
        )
    }

    pub fn describe_below(&self, unit: &str) -> String {
        format!(
            "warn < {}{unit}, crit < {}{unit}",
            fmt_num(self.warn),
            fmt_num(self.crit)
        )
    }
}

/// Numbers as people write them: no trailing `.0`.
pub fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_exclusive() {
        let l = Limits::new(80.0, 90.0);
        assert_eq!(l.above(80.0), Status::Ok);
        assert_eq!(l.above(80.1), Status::Warn);
        assert_eq!(l.above(90.5), Status::Crit);
        let l = Limits::new(15.0, 5.0);
        assert_eq!(l.below(15.0), Status::Ok);
        assert_eq!(l.below(14.9), Status::Warn);
        assert_eq!(l.below(4.0), Status::Crit);
        assert_eq!(l.describe_above(" %"), "warn > 15 %, crit > 5 %");
    }
}
