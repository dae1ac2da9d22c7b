//! Durations as people write them in flags and `ops.toml`: `30m`, `2h`, `1h30m`, `5d`.

use chrono::TimeDelta;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A non-negative length of time, written with units `d`, `h`, `m` (and `s`).
///
/// `1d` is always 24 hours of counted time. On a business-hours calendar only
/// open hours count, so "five working days" on a 5x8 calendar is `40h`.
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
        let bad = || format!("{text:?} is not a duration; write it like 30m, 2h, 1h30m or 5d");
        let s = text.trim();
        if s.is_empty() {
            return Err(bad());
        }
        let mut total = TimeDelta::zero();
        let mut number = String::new();
        for c in s.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            if c == ' ' && number.is_empty() {
                continue;
            }
            let n: i64 = number.parse().map_err(|_| bad())?;
            number.clear();
            let unit = match c {
                'd' => TimeDelta::try_days(n),
                'h' => TimeDelta::try_hours(n),
                'm' => TimeDelta::try_minutes(n),
                's' => TimeDelta::try_seconds(n),
                _ => None,
            };
            total = unit.and_then(|u| total.checked_add(&u)).ok_or_else(bad)?;
        }
        if !number.is_empty() {
            return Err(bad());
        }
        Ok(Span(total))
    }
}

impl fmt::Display for Span {
    /// The shortest exact spelling: `30m`, `2h`, `1d12h`, `1h30m`; `0m` for nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&human(self.0))
    }
}

/// A signed duration for people: `2h5m`, `3d4h`, `-45m`; seconds only under an hour.
pub fn human(d: TimeDelta) -> String {
    let neg = d < TimeDelta::zero();
    let secs = d.num_seconds().abs();
    let (days, hours, mins, s) = (
        secs / 86_400,
        (secs % 86_400) / 3600,
        (secs % 3600) / 60,
        secs % 60,
    );
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days}d"));
    }
    if hours > 0 {
        parts.push(format!("{hours}h"));
    }
    if mins > 0 {
        parts.push(format!("{mins}m"));
    }
    if s > 0 && days == 0 && hours == 0 {
        parts.push(format!("{s}s"));
    }
    if parts.is_empty() {
        parts.push("0m".into());
    }
    let text = parts.join("");
    if neg { format!("-{text}") } else { text }
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
    fn parses_and_prints() {
        for (text, minutes, shown) in [
            ("30m", 30, "30m"),
            ("2h", 120, "2h"),
            ("1h30m", 90, "1h30m"),
            ("1h 30m", 90, "1h30m"),
            ("5d", 5 * 24 * 60, "5d"),
            ("36h", 36 * 60, "1d12h"),
            ("0m", 0, "0m"),
        ] {
            let span: Span = text.parse().unwrap();
            assert_eq!(span.0, TimeDelta::minutes(minutes), "{text}");
            assert_eq!(span.to_string(), shown, "{text}");
        }
        for bad in ["", "30", "m", "2x", "h2", "-5m", "1.5h"] {
            assert!(bad.parse::<Span>().is_err(), "{bad:?} should be refused");
        }
        assert_eq!(human(TimeDelta::minutes(-45)), "-45m");
    }
}
