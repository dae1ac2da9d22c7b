//! The period a report covers: one UTC day, one ISO week or one quarter,
//! as a half-open interval `[from, to)`.

use anyhow::Result;
use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc, Weekday};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day(NaiveDate),
    /// ISO year and week.
    Week(i32, u32),
    /// Year and quarter 1–4.
    Quarter(i32, u32),
}

impl Period {
    /// `2026-11-21`.
    pub fn parse_day(text: &str) -> Result<Period> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map(Period::Day)
            .map_err(|e| crate::usage_error!("--date {text:?} is not a date like 2026-11-21 ({e})"))
    }

    /// `2026-W47`.
    pub fn parse_week(text: &str) -> Result<Period> {
        let bad = || crate::usage_error!("--week {text:?} is not an ISO week like 2026-W47");
        let (y, w) = text.trim().split_once("-W").ok_or_else(bad)?;
        let y: i32 = y.parse().map_err(|_| bad())?;
        let w: u32 = w.parse().map_err(|_| bad())?;
        NaiveDate::from_isoywd_opt(y, w, Weekday::Mon).ok_or_else(bad)?;
        Ok(Period::Week(y, w))
    }

    /// `2026-Q4`.
    pub fn parse_quarter(text: &str) -> Result<Period> {
        let bad = || crate::usage_error!("--quarter {text:?} is not a quarter like 2026-Q4");
        let (y, q) = text.trim().split_once("-Q").ok_or_else(bad)?;
        let y: i32 = y.parse().map_err(|_| bad())?;
        let q: u32 = q.parse().map_err(|_| bad())?;
        if !(1..=4).contains(&q) {
            return Err(bad());
        }
        Ok(Period::Quarter(y, q))
    }

    /// The last complete day before `now`.
    pub fn last_day(now: DateTime<Utc>) -> Period {
        Period::Day(now.date_naive() - Days::new(1))
    }

    /// The last complete ISO week before `now`.
    pub fn last_week(now: DateTime<Utc>) -> Period {
        let w = (now.date_naive() - Days::new(7)).iso_week();
        Period::Week(w.year(), w.week())
    }

    /// The last complete quarter before `now`.
    pub fn last_quarter(now: DateTime<Utc>) -> Period {
        let q = (now.month() - 1) / 3 + 1;
        if q == 1 {
            Period::Quarter(now.year() - 1, 4)
        } else {
            Period::Quarter(now.year(), q - 1)
        }
    }

    pub fn first_day(&self) -> NaiveDate {
        match *self {
            Period::Day(d) => d,
            Period::Week(y, w) => {
                NaiveDate::from_isoywd_opt(y, w, Weekday::Mon).expect("valid week")
            }
            Period::Quarter(y, q) => {
                NaiveDate::from_ymd_opt(y, (q - 1) * 3 + 1, 1).expect("valid quarter")
            }
        }
    }

    /// The day after the last day of the period.
    pub fn end_day(&self) -> NaiveDate {
        match *self {
            Period::Day(d) => d + Days::new(1),
            Period::Week(..) => self.first_day() + Days::new(7),
            Period::Quarter(y, 4) => NaiveDate::from_ymd_opt(y + 1, 1, 1).expect("valid date"),
            Period::Quarter(y, q) => NaiveDate::from_ymd_opt(y, q * 3 + 1, 1).expect("valid date"),
        }
    }

    pub fn from(&self) -> DateTime<Utc> {
        midnight(self.first_day())
    }

    pub fn to(&self) -> DateTime<Utc> {
        midnight(self.end_day())
    }

    /// The days of the period, in order.
    pub fn days(&self) -> Vec<NaiveDate> {
        self.first_day()
            .iter_days()
            .take_while(|d| *d < self.end_day())
            .collect()
    }

    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        t >= self.from() && t < self.to()
    }

    /// `daily`, `weekly` or `quarterly`.
    pub fn kind(&self) -> &'static str {
        match self {
            Period::Day(_) => "daily",
            Period::Week(..) => "weekly",
            Period::Quarter(..) => "quarterly",
        }
    }
}

pub fn midnight(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Period::Week(y, w) => write!(f, "{y}-W{w:02}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_bound() {
        let w = Period::parse_week("2026-W47").unwrap();
        assert_eq!(w.to_string(), "2026-W47");
        assert_eq!(w.first_day().to_string(), "2026-11-16");
        assert_eq!(w.end_day().to_string(), "2026-11-23");
        let q = Period::parse_quarter("2026-Q4").unwrap();
        assert_eq!(q.first_day().to_string(), "2026-10-01");
        assert_eq!(q.end_day().to_string(), "2027-01-01");
        assert_eq!(q.days().len(), 92);
        assert!(Period::parse_quarter("2026-Q5").is_err());
        assert!(Period::parse_week("2026-W54").is_err());
    }

    #[test]
    fn defaults_are_the_last_complete_period() {
        let now = "2026-11-22T02:00:00Z".parse().unwrap();
        assert_eq!(Period::last_day(now).to_string(), "2026-11-21");
        assert_eq!(Period::last_week(now).to_string(), "2026-W46");
        assert_eq!(Period::last_quarter(now).to_string(), "2026-Q3");
        let jan = "2027-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(Period::last_quarter(jan).to_string(), "2026-Q4");
    }
}
