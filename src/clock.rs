//! The current time, pinnable with `OPS_NOW` so that tests and report
//! rebuilds never depend on when they run.

use chrono::{DateTime, Utc};

/// `OPS_NOW` (RFC 3339) when set, else the system clock.
///
/// [`check_env`] runs at start-up, so a malformed `OPS_NOW` is reported once
/// as bad input instead of being silently ignored here.
pub fn now() -> DateTime<Utc> {
    pinned().ok().flatten().unwrap_or_else(Utc::now)
}

/// Fail early on an `OPS_NOW` that is set but not a time.
pub fn check_env() -> anyhow::Result<()> {
    pinned().map(|_| ())
}

fn pinned() -> anyhow::Result<Option<DateTime<Utc>>> {
    match std::env::var("OPS_NOW") {
        Ok(s) if !s.is_empty() => DateTime::parse_from_rfc3339(&s)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|e| crate::bad_input!("OPS_NOW is not an RFC 3339 time: {s:?} ({e})")),
        _ => Ok(None),
    }
}
