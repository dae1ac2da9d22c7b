//! The engineering diary (《工程日记》): what an engineer did on a day, at
//! which customer and site, for which tickets and targets, in the engineer's
//! own words, for the customer to countersign.
//!
//! - [`record`]: the one-file-per-entry record (its path, reader and writer);
//! - [`Week`] and [`by_engineer_and_week`]: how `ops diary show` groups them.
//!
//! An entry is a new file, never an edit of another, so two engineers (or
//! two jump hosts) writing the same day never touch the same file.

pub mod record;

pub use record::DiaryEntry;

use chrono::{Datelike, Duration, IsoWeek, NaiveDate};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// An ISO week, e.g. `2026-W49`: Monday to Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Week {
    year: i32,
    week: u32,
}

impl Week {
    pub fn of(day: NaiveDate) -> Week {
        let w: IsoWeek = day.iso_week();
        Week {
            year: w.year(),
            week: w.week(),
        }
    }

    pub fn monday(&self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, chrono::Weekday::Mon)
            .expect("a week that parsed has a Monday")
    }

    pub fn sunday(&self) -> NaiveDate {
        self.monday() + Duration::days(6)
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        Week::of(day) == *self
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

impl FromStr for Week {
    type Err = String;

    fn from_str(text: &str) -> Result<Week, String> {
        let bad = || format!("`{text}` is not an ISO week like 2026-W49");
        let (year, week) = text.trim().split_once("-W").ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let week: u32 = week.parse().map_err(|_| bad())?;
        NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)
            .ok_or_else(|| format!("`{text}`: {year} has no week {week}"))?;
        Ok(Week { year, week })
    }
}

/// One engineer's entries in one week, in day order, with the hours they add up to.
#[derive(Debug, PartialEq)]
pub struct EngineerWeek<'a> {
    pub engineer: &'a str,
    pub week: Week,
    pub entries: Vec<&'a DiaryEntry>,
    /// The sum of the entries that give hours.
    pub hours: f64,
}

/// Entries grouped by engineer (by name) and then week (oldest first); each
/// group in day order, then in the order recorded.
pub fn by_engineer_and_week(entries: &[DiaryEntry]) -> Vec<EngineerWeek<'_>> {
    let mut groups: BTreeMap<(&str, Week), Vec<&DiaryEntry>> = BTreeMap::new();
    for e in entries {
        groups
            .entry((e.engineer.as_str(), Week::of(e.day)))
            .or_default()
            .push(e);
    }
    groups
        .into_iter()
        .map(|((engineer, week), mut entries)| {
            entries.sort_by_key(|e| (e.day, e.recorded));
            let hours = entries.iter().filter_map(|e| e.hours).sum();
            EngineerWeek {
                engineer,
                week,
                entries,
                hours,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(engineer: &str, day: &str, hours: Option<f64>, at: &str) -> DiaryEntry {
        DiaryEntry {
            schema: record::SCHEMA,
            engineer: engineer.into(),
            day: day.parse().unwrap(),
            customer: None,
            site: None,
            hours,
            work: "w".into(),
            tickets: vec![],
            targets: vec![],
            recorded: at.parse().unwrap(),
            recorded_by: "ops".into(),
        }
    }

    #[test]
    fn weeks_are_iso_weeks_from_monday() {
        let w: Week = "2026-W49".parse().unwrap();
        assert_eq!(w.monday(), "2026-11-30".parse::<NaiveDate>().unwrap());
        assert_eq!(w.sunday(), "2026-12-06".parse::<NaiveDate>().unwrap());
        assert_eq!(Week::of("2026-12-06".parse().unwrap()), w);
        assert_eq!(w.to_string(), "2026-W49");
        // 2027-01-01 is a Friday of 2026's week 53.
        assert_eq!(
            Week::of("2027-01-01".parse().unwrap()).to_string(),
            "2026-W53"
        );
        assert!(
            "2026-W54"
                .parse::<Week>()
                .unwrap_err()
                .contains("has no week 54")
        );
        assert!("49".parse::<Week>().is_err());
    }

    #[test]
    fn entries_group_by_engineer_then_week_in_day_order() {
        let entries = vec![
            entry("Li Na", "2026-12-02", Some(3.0), "2026-12-02T10:00:00Z"),
            entry("Wang", "2026-12-01", None, "2026-12-01T10:00:00Z"),
            entry("Li Na", "2026-12-01", Some(4.5), "2026-12-03T10:00:00Z"),
            entry("Li Na", "2026-11-27", Some(8.0), "2026-11-27T10:00:00Z"),
        ];
        let groups = by_engineer_and_week(&entries);
        let shape: Vec<(String, String, Vec<String>, f64)> = groups
            .iter()
            .map(|g| {
                (
                    g.engineer.to_string(),
                    g.week.to_string(),
                    g.entries.iter().map(|e| e.day.to_string()).collect(),
                    g.hours,
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (
                    "Li Na".into(),
                    "2026-W48".into(),
                    vec!["2026-11-27".into()],
                    8.0
                ),
                (
                    "Li Na".into(),
                    "2026-W49".into(),
                    vec!["2026-12-01".into(), "2026-12-02".into()],
                    7.5
                ),
                (
                    "Wang".into(),
                    "2026-W49".into(),
                    vec!["2026-12-01".into()],
                    0.0
                ),
            ]
        );
    }
}
