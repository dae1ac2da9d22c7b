//! SLA durations: the same spelling as every other duration of `ops`
//! ([`crate::duration::parse_duration`]: `30m`, `2h`, `1h30m`, `5d`), held as
//! a signed `chrono::TimeDelta` because deadlines are computed with chrono.

use chrono::TimeDelta;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A length of counted time. `1d` is always 24 hours of counted time; on a
/// business-hours calendar only open hours count, so five working days of a
/// 5x8 calendar is `40h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span(pub TimeDelta);

impl Span {
    pub fn minutes(m: i64) -> Span {
        Span(TimeDelta::minutes(m))
    }
    pub fn hours(h: i64) -> Span {
        Span(TimeDelta::hours(h))
    }
    pub fn days(d: i64) -> Span {
        Span(TimeDelta::days(d))
    }
}

impl FromStr for Span {
    type Err = String;

    fn from_str(text: &str) -> Result<Span, String> {
        let d = crate::duration::parse_duration(text)?;
        TimeDelta::from_std(d)
            .map(|d| Span(TimeDelta::seconds(d.num_seconds())))
            .map_err(|_| format!("{text:?} is too long"))
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&human(self.0))
    }
}

/// A signed duration for people, in the spacing of [`crate::duration::display`]
/// but to the minute: `45m`, `2h 5m`, `3d 4h`, `1d 0h 5m`, `-45m`; seconds only under a minute.
pub fn human(d: TimeDelta) -> String {
    let secs = d.num_seconds().abs();
    let (days, hours, mins) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days}d"));
    }
    if hours > 0 || (days > 0 && mins > 0) {
        parts.push(format!("{hours}h"));
    }
    if mins > 0 {
        parts.push(format!("{mins}m"));
    }
    if parts.is_empty() {
        parts.push(format!("{secs}s"));
    }
    let text = parts.join(" ");
    if d < TimeDelta::zero() {
        format!("-{text}")
    } else {
        text
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_every_other_duration_of_ops() {
        for (text, minutes) in [
            ("30m", 30),
            ("2h", 120),
            ("1h30m", 90),
            ("5d", 5 * 24 * 60),
            ("40h", 2400),
        ] {
            let span: Span = text.parse().unwrap();
            assert_eq!(span.0, TimeDelta::minutes(minutes), "{text}");
        }
        for bad in ["", "2x", "h2", "-5m"] {
            assert!(bad.parse::<Span>().is_err(), "{bad:?} should be refused");
        }
        assert_eq!(Span::hours(36).to_string(), "1d 12h");
        assert_eq!(Span::minutes(30).to_string(), "30m");
        assert_eq!(Span::days(5).to_string(), "5d");
        assert_eq!(human(TimeDelta::minutes(-125)), "-2h 5m");
        assert_eq!(human(TimeDelta::minutes(24 * 60 + 5)), "1d 0h 5m");
        assert_eq!(human(TimeDelta::seconds(42)), "42s");
    }
}
