//! The current time, pinned by `OPS_NOW` in tests and scripted runs.
//!
//! Every ticket clock is computed against "now", so every place that needs it
//! asks here; nothing in `crate::ticket` calls `Utc::now()` directly.

use anyhow::Result;
use chrono::{DateTime, SubsecRound, Utc};

/// The environment variable that pins the clock (RFC 3339, e.g. `2026-11-22T09:00:00Z`).
pub const OPS_NOW: &str = "OPS_NOW";

/// Now, to the second: `OPS_NOW` when it is set and not empty, else the system clock.
///
/// A malformed `OPS_NOW` is an input error (exit 78), not a silent fallback:
/// a test that pins the clock must not quietly run against the real one.
pub fn now() -> Result<DateTime<Utc>> {
    match std::env::var(OPS_NOW) {
        Ok(text) if !text.trim().is_empty() => parse_time(text.trim())
            .map_err(|e| crate::bad_input!("{OPS_NOW} is not an RFC 3339 time: {text:?} ({e})")),
        _ => Ok(Utc::now().trunc_subsecs(0)),
    }
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
