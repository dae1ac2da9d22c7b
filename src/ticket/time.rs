//! Times of tickets: stored in UTC to the second, shown in local time.

use chrono::{DateTime, SubsecRound, Utc};

/// Now to the second, from [`crate::clock::now`] (so `OPS_NOW` pins it).
pub fn now() -> DateTime<Utc> {
    crate::clock::now().trunc_subsecs(0)
}

/// Parse an RFC 3339 time (`2026-11-22T09:15:00+08:00`, `…Z`), to UTC, whole seconds.
///
/// A space instead of `T` is accepted, as people type it that way.
pub fn parse_time(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    let t = DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%:z"))
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M%:z"))
        .or_else(|_| DateTime::parse_from_rfc3339(text))?;
    Ok(t.with_timezone(&Utc).trunc_subsecs(0))
}

/// A stored time as RFC 3339 in UTC (`2026-11-22T09:15:00Z`).
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// A time for people: the machine's local time zone, to the minute, with its offset.
pub fn display(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M %:z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_offsets_to_utc() {
        let t = parse_time("2026-11-22T09:15:30+08:00").unwrap();
        assert_eq!(rfc3339(t), "2026-11-22T01:15:30Z");
        let t = parse_time("2026-11-22 09:15+00:00").unwrap();
        assert_eq!(rfc3339(t), "2026-11-22T09:15:00Z");
        assert!(
            parse_time("2026-11-22T09:15:00").is_err(),
            "an offset is required"
        );
        assert!(parse_time("yesterday").is_err());
    }
}
