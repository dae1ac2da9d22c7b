//! The period a report covers: one day, one ISO week or one quarter of the
//! calendar of a time zone (`[report] timezone`, else the jump host's), as a
//! half-open interval `[from, to)` of instants.
//!
//! A Beijing team's day starts at 00:00 CST (16:00 UTC the day before), so
//! its 06:30 daily report holds the 06:00 inspection; a UTC calendar would
//! put that inspection in yesterday's report.

use anyhow::Result;
use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use std::fmt;

/// Which stretch of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Day(NaiveDate),
    /// ISO year and week.
    Week(i32, u32),
    /// Year and quarter 1–4.
    Quarter(i32, u32),
}

/// A span of the calendar of one time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub span: Span,
    pub zone: Tz,
}

impl Period {
    pub fn new(span: Span, zone: Tz) -> Period {
        Period { span, zone }
    }

    /// `2026-11-21`.
    pub fn parse_day(text: &str, zone: Tz) -> Result<Period> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map(|d| Period::new(Span::Day(d), zone))
            .map_err(|e| crate::usage_error!("--date {text:?} is not a date like 2026-11-21 ({e})"))
    }

    /// `2026-W47`.
    pub fn parse_week(text: &str, zone: Tz) -> Result<Period> {
        let bad = || crate::usage_error!("--week {text:?} is not an ISO week like 2026-W47");
        let (y, w) = text.trim().split_once("-W").ok_or_else(bad)?;
        let y: i32 = y.parse().map_err(|_| bad())?;
        let w: u32 = w.parse().map_err(|_| bad())?;
        NaiveDate::from_isoywd_opt(y, w, Weekday::Mon).ok_or_else(bad)?;
        Ok(Period::new(Span::Week(y, w), zone))
    }

    /// `2026-Q4`.
    pub fn parse_quarter(text: &str, zone: Tz) -> Result<Period> {
        let bad = || crate::usage_error!("--quarter {text:?} is not a quarter like 2026-Q4");
        let (y, q) = text.trim().split_once("-Q").ok_or_else(bad)?;
        let y: i32 = y.parse().map_err(|_| bad())?;
        let q: u32 = q.parse().map_err(|_| bad())?;
        if !(1..=4).contains(&q) {
            return Err(bad());
        }
        Ok(Period::new(Span::Quarter(y, q), zone))
    }

    /// Today in `zone`, of which only the part before `now` has happened.
    pub fn today(now: DateTime<Utc>, zone: Tz) -> Period {
        Period::new(Span::Day(local_date(now, zone)), zone)
    }

    /// The last complete day before `now`.
    pub fn last_day(now: DateTime<Utc>, zone: Tz) -> Period {
        Period::new(Span::Day(local_date(now, zone) - Days::new(1)), zone)
    }

    /// The last complete ISO week before `now`.
    pub fn last_week(now: DateTime<Utc>, zone: Tz) -> Period {
        let w = (local_date(now, zone) - Days::new(7)).iso_week();
        Period::new(Span::Week(w.year(), w.week()), zone)
    }

    /// The last complete quarter before `now`.
    pub fn last_quarter(now: DateTime<Utc>, zone: Tz) -> Period {
        let today = local_date(now, zone);
        let q = (today.month() - 1) / 3 + 1;
        let span = if q == 1 {
            Span::Quarter(today.year() - 1, 4)
        } else {
            Span::Quarter(today.year(), q - 1)
        };
        Period::new(span, zone)
    }

    /// The quarter `now` is in.
    pub fn this_quarter(now: DateTime<Utc>, zone: Tz) -> Period {
        let today = local_date(now, zone);
        Period::new(
            Span::Quarter(today.year(), (today.month() - 1) / 3 + 1),
            zone,
        )
    }

    pub fn first_day(&self) -> NaiveDate {
        match self.span {
            Span::Day(d) => d,
            Span::Week(y, w) => NaiveDate::from_isoywd_opt(y, w, Weekday::Mon).expect("valid week"),
            Span::Quarter(y, q) => {
                NaiveDate::from_ymd_opt(y, (q - 1) * 3 + 1, 1).expect("valid quarter")
            }
        }
    }

    /// The day after the last day of the period.
    pub fn end_day(&self) -> NaiveDate {
        match self.span {
            Span::Day(d) => d + Days::new(1),
            Span::Week(..) => self.first_day() + Days::new(7),
            Span::Quarter(y, 4) => NaiveDate::from_ymd_opt(y + 1, 1, 1).expect("valid date"),
            Span::Quarter(y, q) => NaiveDate::from_ymd_opt(y, q * 3 + 1, 1).expect("valid date"),
        }
    }

    /// The first instant of the period: midnight of its first day in its zone.
    pub fn from(&self) -> DateTime<Utc> {
        self.midnight(self.first_day())
    }

    /// The first instant after the period.
    pub fn to(&self) -> DateTime<Utc> {
        self.midnight(self.end_day())
    }

    /// The start of day `d` in the period's zone (where a clock change
    /// skips midnight, the first instant of that day).
    pub fn midnight(&self, d: NaiveDate) -> DateTime<Utc> {
        local_midnight(d, self.zone)
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

    /// Whether `now` is before the end of the period: its figures are as of now.
    pub fn unfinished_at(&self, now: DateTime<Utc>) -> bool {
        now < self.to()
    }

    /// `daily`, `weekly` or `quarterly`.
    pub fn kind(&self) -> &'static str {
        match self.span {
            Span::Day(_) => "daily",
            Span::Week(..) => "weekly",
            Span::Quarter(..) => "quarterly",
        }
    }
}

/// The calendar date of `t` in `zone`.
pub fn local_date(t: DateTime<Utc>, zone: Tz) -> NaiveDate {
    t.with_timezone(&zone).date_naive()
}

/// The first instant of day `d` in `zone`.
pub fn local_midnight(d: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let mut at = d.and_hms_opt(0, 0, 0).expect("midnight");
    // A zone that springs forward at midnight has no 00:00 that day: the
    // day starts at the first minute that exists.
    for _ in 0..24 * 60 {
        if let Some(t) = zone.from_local_datetime(&at).earliest() {
            return t.with_timezone(&Utc);
        }
        at += chrono::Duration::minutes(1);
    }
    midnight(d)
}

/// Midnight UTC of `d`: the boundaries of the records' own directories,
/// which are named by UTC dates.
pub fn midnight(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span {
            Span::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Span::Week(y, w) => write!(f, "{y}-W{w:02}"),
            Span::Quarter(y, q) => write!(f, "{y}-Q{q}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UTC: Tz = chrono_tz::UTC;
    const SHANGHAI: Tz = chrono_tz::Asia::Shanghai;

    #[test]
    fn periods_parse_and_bound() {
        let w = Period::parse_week("2026-W47", UTC).unwrap();
        assert_eq!(w.to_string(), "2026-W47");
        assert_eq!(w.first_day().to_string(), "2026-11-16");
        assert_eq!(w.end_day().to_string(), "2026-11-23");
        let q = Period::parse_quarter("2026-Q4", UTC).unwrap();
        assert_eq!(q.first_day().to_string(), "2026-10-01");
        assert_eq!(q.end_day().to_string(), "2027-01-01");
        assert_eq!(q.days().len(), 92);
        assert!(Period::parse_quarter("2026-Q5", UTC).is_err());
        assert!(Period::parse_week("2026-W54", UTC).is_err());
    }

    #[test]
    fn defaults_are_the_last_complete_period() {
        let now = "2026-11-22T02:00:00Z".parse().unwrap();
        assert_eq!(Period::last_day(now, UTC).to_string(), "2026-11-21");
        assert_eq!(Period::last_week(now, UTC).to_string(), "2026-W46");
        assert_eq!(Period::last_quarter(now, UTC).to_string(), "2026-Q3");
        let jan = "2027-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(Period::last_quarter(jan, UTC).to_string(), "2026-Q4");
    }

    #[test]
    fn a_shanghai_day_starts_at_16_00_utc_the_day_before() {
        // 06:30 CST on 1 December is 22:30 UTC on 30 November.
        let now: DateTime<Utc> = "2026-11-30T22:30:00Z".parse().unwrap();
        let today = Period::today(now, SHANGHAI);
        assert_eq!(today.to_string(), "2026-12-01");
        assert_eq!(today.from().to_rfc3339(), "2026-11-30T16:00:00+00:00");
        assert_eq!(today.to().to_rfc3339(), "2026-12-01T16:00:00+00:00");
        // The 06:00 CST inspection is in it; 23:59 CST the day before is not.
        assert!(today.contains("2026-11-30T22:00:00Z".parse().unwrap()));
        assert!(!today.contains("2026-11-30T15:59:00Z".parse().unwrap()));
        assert!(today.unfinished_at(now));
        assert_eq!(Period::last_day(now, SHANGHAI).to_string(), "2026-11-30");
        // The quarter of a Shanghai New Year's morning is Q1 already.
        let new_year: DateTime<Utc> = "2026-12-31T17:00:00Z".parse().unwrap();
        assert_eq!(
            Period::this_quarter(new_year, SHANGHAI).to_string(),
            "2027-Q1"
        );
        assert_eq!(
            Period::last_quarter(new_year, SHANGHAI).to_string(),
            "2026-Q4"
        );
    }

    #[test]
    fn a_day_without_midnight_starts_at_its_first_minute() {
        // Santiago springs forward at 00:00 on 2026-09-06: the day starts at 01:00.
        let santiago: Tz = chrono_tz::America::Santiago;
        let d = NaiveDate::from_ymd_opt(2026, 9, 6).unwrap();
        let start = local_midnight(d, santiago).with_timezone(&santiago);
        assert_eq!(start.date_naive(), d);
        assert_eq!(start.format("%H:%M").to_string(), "01:00");
    }
}
