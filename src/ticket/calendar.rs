//! Business-hours calendars: which hours an SLA clock counts.
//!
//! A calendar is a set of working weekdays, one or more opening-hour ranges
//! per working day, and a list of holidays. Its wall clock is either a fixed
//! UTC offset from `ops.toml` (`utc_offset = "+08:00"`) or, when none is
//! configured, the local time zone of the machine running `ops` (as the
//! system reports it, daylight saving included). There is no time-zone
//! database: name an offset when the team and the machine disagree.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime,
    TimeZone, Utc, Weekday,
};
use serde::Deserialize;
use std::collections::BTreeSet;

/// The wall clock a calendar's hours are read on.
#[derive(Debug, Clone, PartialEq)]
pub enum Zone {
    Fixed(FixedOffset),
    Local,
}

impl Zone {
    fn to_utc(&self, t: NaiveDateTime) -> DateTime<Utc> {
        match self {
            Zone::Fixed(off) => off
                .from_local_datetime(&t)
                .single()
                .expect("a fixed offset maps every local time once")
                .with_timezone(&Utc),
            // In a daylight-saving gap the local time does not exist: take the
            // first existing minute after it.
            Zone::Local => (0..=180)
                .find_map(|m| {
                    Local
                        .from_local_datetime(&(t + Duration::minutes(m)))
                        .earliest()
                })
                .map(|l| l.with_timezone(&Utc))
                .unwrap_or_else(|| t.and_utc()),
        }
    }

    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        match self {
            Zone::Fixed(off) => t.with_timezone(off).date_naive(),
            Zone::Local => t.with_timezone(&Local).date_naive(),
        }
    }
}

/// When the clock runs: working days, opening hours, holidays.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub name: String,
    /// Working weekdays, Monday first.
    pub days: [bool; 7],
    /// Opening hours of a working day, sorted, not overlapping; an end of
    /// `None` is midnight at the end of the day.
    pub hours: Vec<(NaiveTime, Option<NaiveTime>)>,
    pub holidays: BTreeSet<NaiveDate>,
    pub zone: Zone,
}

/// A calendar as written in `ops.toml` under `[sla.calendar.NAME]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// Working days: `["mon", "tue", …]` or `"mon-fri"`.
    pub days: Days,
    /// Opening hours: `"09:00-17:00"`, or `"09:00-12:00, 13:00-17:00"`.
    pub hours: String,
    /// The calendar's wall clock as a UTC offset (`"+08:00"`); default: the machine's local time.
    #[serde(default)]
    pub utc_offset: Option<String>,
    /// Days off: `[2026-10-01, 2026-10-02]` (TOML dates, or the same quoted).
    #[serde(default)]
    pub holidays: Vec<Holiday>,
}

/// A holiday: a TOML local date, or a string spelling one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holiday(pub NaiveDate);

impl<'de> Deserialize<'de> for Holiday {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Holiday, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Holiday;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date like 2026-10-01")
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Holiday, E> {
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map(Holiday)
                    .map_err(|_| E::custom(format!("{s:?} is not a date like 2026-10-01")))
            }

            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<Holiday, M::Error> {
                let dt = toml::value::Datetime::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                match (dt.date, dt.time) {
                    (Some(_), None) => self.visit_str(&dt.to_string()),
                    _ => Err(serde::de::Error::custom(format!(
                        "holiday {dt} must be a plain date like 2026-10-01"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Days {
    Range(String),
    List(Vec<String>),
}

fn weekday(text: &str) -> Result<Weekday, String> {
    text.trim()
        .parse::<Weekday>()
        .map_err(|_| format!("{text:?} is not a weekday (mon, tue, wed, thu, fri, sat, sun)"))
}

fn hhmm(text: &str) -> Result<Option<NaiveTime>, String> {
    let text = text.trim();
    if text == "24:00" {
        return Ok(None);
    }
    NaiveTime::parse_from_str(text, "%H:%M")
        .map(Some)
        .map_err(|_| format!("{text:?} is not a time of day (HH:MM)"))
}

impl Calendar {
    /// Build a calendar from its `ops.toml` entry; the error names what is wrong.
    pub fn from_config(name: &str, config: &CalendarConfig) -> Result<Calendar, String> {
        let mut days = [false; 7];
        let names: Vec<String> = match &config.days {
            Days::List(list) => list.clone(),
            Days::Range(text) => text.split(',').map(str::to_owned).collect(),
        };
        for item in names {
            match item.split_once('-') {
                Some((from, to)) => {
                    let (mut d, to) = (weekday(from)?, weekday(to)?);
                    loop {
                        days[d.num_days_from_monday() as usize] = true;
                        if d == to {
                            break;
                        }
                        d = d.succ();
                    }
                }
                None => days[weekday(&item)?.num_days_from_monday() as usize] = true,
            }
        }
        if !days.contains(&true) {
            return Err("a calendar needs at least one working day".into());
        }
        let mut hours = Vec::new();
        for range in config.hours.split(',') {
            let (from, to) = range
                .split_once('-')
                .ok_or_else(|| format!("{range:?} is not an hours range like 09:00-17:00"))?;
            let from = hhmm(from)?.ok_or("a range cannot start at 24:00")?;
            let to = hhmm(to)?;
            if to.is_some_and(|to| to <= from) {
                return Err(format!("{range:?}: the range ends before it starts"));
            }
            hours.push((from, to));
        }
        hours.sort();
        for pair in hours.windows(2) {
            if pair[0].1.is_none_or(|end| end > pair[1].0) {
                return Err(format!("opening hours {:?} overlap", config.hours));
            }
        }
        let zone = match &config.utc_offset {
            None => Zone::Local,
            Some(text) => Zone::Fixed(
                text.trim()
                    .replace("UTC", "")
                    .parse::<FixedOffset>()
                    .or_else(|_| match text.trim() {
                        "Z" | "UTC" | "+00:00" => Ok(FixedOffset::east_opt(0).unwrap()),
                        _ => Err(()),
                    })
                    .map_err(|_| format!("{text:?} is not a UTC offset like +08:00"))?,
            ),
        };
        let holidays: BTreeSet<NaiveDate> = config.holidays.iter().map(|h| h.0).collect();
        Ok(Calendar {
            name: name.to_owned(),
            days,
            hours,
            holidays,
            zone,
        })
    }

    fn works_on(&self, date: NaiveDate) -> bool {
        self.days[date.weekday().num_days_from_monday() as usize] && !self.holidays.contains(&date)
    }

    /// The opening intervals that end after `from`, in order, in UTC.
    fn open_after(
        &self,
        from: DateTime<Utc>,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        let first = self.zone.local_date(from) - Duration::days(1);
        // Ten years of days is beyond any SLA; a calendar that is closed that
        // long yields nothing and the deadline is "never".
        first
            .iter_days()
            .take(3660)
            .filter(|d| self.works_on(*d))
            .flat_map(move |d| {
                self.hours.iter().map(move |(start, end)| {
                    let s = self.zone.to_utc(d.and_time(*start));
                    let e = match end {
                        Some(end) => self.zone.to_utc(d.and_time(*end)),
                        None => self
                            .zone
                            .to_utc(d.succ_opt().unwrap_or(d).and_time(NaiveTime::MIN)),
                    };
                    (s, e)
                })
            })
            .filter(move |(_, e)| *e > from)
    }
}

/// The instant at which `budget` of counted time has run from `start`,
/// counting only the calendar's open hours (all hours without a calendar)
/// and none of the `paused` intervals (sorted by start; they may overlap).
///
/// Returns `None` when the calendar never opens long enough.
pub fn deadline(
    calendar: Option<&Calendar>,
    start: DateTime<Utc>,
    budget: Duration,
    paused: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Option<DateTime<Utc>> {
    let always = std::iter::once((start, DateTime::<Utc>::MAX_UTC));
    let open: Box<dyn Iterator<Item = _>> = match calendar {
        None => Box::new(always),
        Some(cal) => Box::new(cal.open_after(start)),
    };
    let mut left = budget;
    for (s, e) in open {
        let mut cursor = s.max(start);
        // Walk the open interval [cursor, e), skipping the pauses inside it.
        for &(ps, pe) in paused {
            if pe <= cursor || ps >= e {
                continue;
            }
            if ps > cursor {
                let run = ps - cursor;
                if run >= left {
                    return Some(cursor + left);
                }
                left -= run;
            }
            cursor = cursor.max(pe);
            if cursor >= e {
                break;
            }
        }
        if cursor < e {
            let run = e - cursor;
            if run >= left {
                return Some(cursor + left);
            }
            left -= run;
        }
    }
    None
}

/// Sort intervals and join the ones that overlap or touch.
pub fn merge(intervals: &[(DateTime<Utc>, DateTime<Utc>)]) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut sorted: Vec<_> = intervals.iter().copied().filter(|(s, e)| e > s).collect();
    sorted.sort();
    let mut out: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// How much counted time lies in `[from, to)` (open hours, minus the pauses).
pub fn counted(
    calendar: Option<&Calendar>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    paused: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Duration {
    if to <= from {
        return Duration::zero();
    }
    let paused = merge(paused);
    // The deadline search in reverse: count open time up to `to`.
    let mut total = Duration::zero();
    let open: Box<dyn Iterator<Item = _>> = match calendar {
        None => Box::new(std::iter::once((from, to))),
        Some(cal) => Box::new(cal.open_after(from)),
    };
    for (s, e) in open {
        let (s, e) = (s.max(from), e.min(to));
        if s >= to {
            break;
        }
        if e <= s {
            continue;
        }
        let mut run = e - s;
        for &(ps, pe) in &paused {
            let (ps, pe) = (ps.max(s), pe.min(e));
            if pe > ps {
                run -= pe - ps;
            }
        }
        total += run;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn office() -> Calendar {
        let config: CalendarConfig = toml::from_str(
            r#"
            days = "mon-fri"
            hours = "09:00-17:00"
            utc_offset = "+08:00"
            holidays = [2026-10-01, "2026-10-02"]
            "#,
        )
        .unwrap();
        Calendar::from_config("5x8", &config).unwrap()
    }

    fn cst(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("{text}+08:00"))
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn parses_days_hours_offset_and_holidays() {
        let cal = office();
        assert_eq!(cal.days, [true, true, true, true, true, false, false]);
        assert_eq!(cal.hours.len(), 1);
        assert_eq!(cal.holidays.len(), 2);
        assert_eq!(
            cal.zone,
            Zone::Fixed(FixedOffset::east_opt(8 * 3600).unwrap())
        );
        let bad = |s: &str| {
            let c: CalendarConfig = toml::from_str(s).unwrap();
            Calendar::from_config("x", &c).unwrap_err()
        };
        assert!(
            bad(r#"days = "sat-sun"
hours = "17:00-09:00""#)
            .contains("ends before")
        );
        assert!(
            bad(r#"days = ["funday"]
hours = "09:00-17:00""#)
            .contains("weekday")
        );
        assert!(
            bad(r#"days = "mon"
hours = "09:00-17:00"
utc_offset = "CET""#)
            .contains("offset")
        );
    }

    #[test]
    fn counts_only_open_hours_across_a_weekend() {
        let cal = office();
        // Friday 2026-11-20 16:00 + 2h: one hour on Friday, one on Monday.
        let due = deadline(
            Some(&cal),
            cst("2026-11-20T16:00:00"),
            Duration::hours(2),
            &[],
        )
        .unwrap();
        assert_eq!(due, cst("2026-11-23T10:00:00"));
        // Received on Saturday: the clock starts on Monday at 09:00.
        let due = deadline(
            Some(&cal),
            cst("2026-11-21T11:00:00"),
            Duration::minutes(30),
            &[],
        )
        .unwrap();
        assert_eq!(due, cst("2026-11-23T09:30:00"));
        assert_eq!(
            counted(
                Some(&cal),
                cst("2026-11-20T16:00:00"),
                cst("2026-11-23T10:00:00"),
                &[]
            ),
            Duration::hours(2)
        );
    }

    #[test]
    fn skips_holidays() {
        let cal = office();
        // Wednesday 2026-09-30 16:30 + 1h: Thu 1 and Fri 2 October are holidays,
        // then the weekend: 30 minutes on Wednesday, 30 on Monday 5 October.
        let due = deadline(
            Some(&cal),
            cst("2026-09-30T16:30:00"),
            Duration::hours(1),
            &[],
        )
        .unwrap();
        assert_eq!(due, cst("2026-10-05T09:30:00"));
    }

    #[test]
    fn pauses_are_skipped() {
        let t0 = cst("2026-11-20T09:00:00");
        let pause = [(t0 + Duration::hours(1), t0 + Duration::hours(3))];
        let due = deadline(None, t0, Duration::hours(2), &pause).unwrap();
        assert_eq!(due, t0 + Duration::hours(4));
        assert_eq!(counted(None, t0, due, &pause), Duration::hours(2));
        // A pause on a closed day changes nothing on a calendar.
        let cal = office();
        let weekend = [(cst("2026-11-21T10:00:00"), cst("2026-11-22T10:00:00"))];
        let due = deadline(
            Some(&cal),
            cst("2026-11-20T16:00:00"),
            Duration::hours(2),
            &weekend,
        )
        .unwrap();
        assert_eq!(due, cst("2026-11-23T10:00:00"));
    }

    #[test]
    fn lunch_breaks_and_all_day() {
        let config: CalendarConfig = toml::from_str(
            "days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\nhours = \"09:00-12:00, 13:00-24:00\"\nutc_offset = \"+00:00\"",
        )
        .unwrap();
        let cal = Calendar::from_config("x", &config).unwrap();
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let due = deadline(
            Some(&cal),
            t("2026-11-20T11:00:00Z"),
            Duration::hours(2),
            &[],
        )
        .unwrap();
        assert_eq!(due, t("2026-11-20T14:00:00Z"));
        let due = deadline(
            Some(&cal),
            t("2026-11-20T23:00:00Z"),
            Duration::hours(2),
            &[],
        )
        .unwrap();
        assert_eq!(due, t("2026-11-21T10:00:00Z"));
    }
}
