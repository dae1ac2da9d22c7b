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

    /// Whether crit is at least as bad as warn, in the direction `worse`
    /// says: `warn = 95, crit = 90` is refused for a "used %" limit and is
    /// right for an "available %" one. The message says which way is worse.
    pub fn check_order(&self, worse: Worse) -> Result<(), String> {
        if !self.warn.is_finite() || !self.crit.is_finite() {
            return Err("warn and crit must be finite numbers".into());
        }
        let (ok, rule) = match worse {
            Worse::Above => (
                self.warn <= self.crit,
                "higher is worse, so warn must not be above crit",
            ),
            Worse::Below => (
                self.warn >= self.crit,
                "lower is worse, so warn must not be below crit",
            ),
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "warn = {} is beyond crit = {} ({rule})",
                fmt_num(self.warn),
                fmt_num(self.crit)
            ))
        }
    }

    pub fn describe_below(&self, unit: &str) -> String {
        format!(
            "warn < {}{unit}, crit < {}{unit}",
            fmt_num(self.warn),
            fmt_num(self.crit)
        )
    }
}

/// A pair of limits out of order, by its key inside its thresholds table
/// (`["mounts", "/data", "fs_used_pct"]`), so the caller can name the line.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderProblem {
    pub key: Vec<String>,
    pub message: String,
}

impl std::fmt::Display for OrderProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key.join("."), self.message)
    }
}

/// The first of `limits` (key, limits, direction) that is out of order.
pub fn check_orders(limits: &[(&str, Limits, Worse)]) -> Result<(), OrderProblem> {
    for (key, l, worse) in limits {
        l.check_order(*worse).map_err(|message| OrderProblem {
            key: vec![key.to_string()],
            message,
        })?;
    }
    Ok(())
}

/// Which way a measured value gets worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Worse {
    /// Used %, load, lag: bad when above the limits.
    Above,
    /// Free %, available %: bad when below the limits.
    Below,
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

    #[test]
    fn order_is_checked_in_the_direction_that_is_worse() {
        assert!(Limits::new(80.0, 90.0).check_order(Worse::Above).is_ok());
        assert!(Limits::new(90.0, 90.0).check_order(Worse::Above).is_ok());
        let err = Limits::new(95.0, 90.0)
            .check_order(Worse::Above)
            .unwrap_err();
        assert_eq!(
            err,
            "warn = 95 is beyond crit = 90 (higher is worse, so warn must not be above crit)"
        );
        assert!(Limits::new(15.0, 5.0).check_order(Worse::Below).is_ok());
        assert!(Limits::new(5.0, 15.0).check_order(Worse::Below).is_err());
        assert!(
            Limits::new(f64::NAN, 1.0)
                .check_order(Worse::Above)
                .is_err()
        );
    }
}
