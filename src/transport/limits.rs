//! The two limits every target works under, and how a target that hit one
//! is reported.
//!
//! A target may take at most its deadline (`--timeout`: connect, handshake,
//! authentication, the commands and reading their output, all together) and
//! may send at most the output cap (`--max-output`, 16 MiB by default). A
//! transport that hits either fails with a [`Cut`]; the command that owns the
//! deadline turns the failure into the `unknown` reason with [`reason`], so
//! that the message names the limit that applied ("did not finish within
//! 8 s", "output exceeded 16 MiB") and not some other one.

use std::time::{Duration, Instant};

/// What one target may send unless configured otherwise.
pub const DEFAULT_MAX_OUTPUT: u64 = 16 << 20;

/// Why a transport stopped before the work was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// The deadline passed.
    Deadline,
    /// The target sent more than this many bytes.
    Output(u64),
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cut::Deadline => f.write_str("the deadline passed"),
            Cut::Output(cap) => write!(f, "output exceeded {}", size_text(*cap)),
        }
    }
}

impl std::error::Error for Cut {}

/// The cut in `err`'s chain, if it is one.
pub fn cut_of(err: &anyhow::Error) -> Option<Cut> {
    err.chain().find_map(|e| e.downcast_ref::<Cut>().copied())
}

/// The reason to record for work that failed with `err` under a deadline of
/// `allowed` ending at `deadline`: an output cut names the cap; a deadline cut,
/// or any failure once the deadline has passed (a session torn down by the
/// deadline fails in many ways), names `allowed`; anything else is `err`.
pub fn reason(err: &anyhow::Error, deadline: Instant, allowed: Duration) -> String {
    match cut_of(err) {
        Some(cut @ Cut::Output(_)) => cut.to_string(),
        Some(Cut::Deadline) => within_text(allowed),
        None if Instant::now() >= deadline => within_text(allowed),
        None => format!("{err:#}"),
    }
}

/// Whether `err` is the deadline at `deadline` passing (a cut, or any failure
/// once it has passed).
pub fn is_deadline(err: &anyhow::Error, deadline: Instant) -> bool {
    match cut_of(err) {
        Some(cut) => cut == Cut::Deadline,
        None => Instant::now() >= deadline,
    }
}

/// `did not finish within 8 s` (`… within 1.5 s`, `… within 250 ms`).
pub fn within_text(allowed: Duration) -> String {
    let ms = allowed.as_millis();
    let amount = if ms < 1000 {
        format!("{ms} ms")
    } else if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{} s", allowed.as_secs_f64())
    };
    format!("did not finish within {amount}")
}

/// A byte count as the cap is written: `16 MiB`, `512 KiB`, `1000 B`.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [(&str, u64); 4] = [
        ("GiB", 1 << 30),
        ("MiB", 1 << 20),
        ("KiB", 1 << 10),
        ("B", 1),
    ];
    for (unit, scale) in UNITS {
        if bytes >= scale && bytes.is_multiple_of(scale) {
            return format!("{} {unit}", bytes / scale);
        }
    }
    match UNITS.iter().find(|(_, scale)| bytes >= *scale) {
        Some((unit, scale)) => format!("{:.1} {unit}", bytes as f64 / *scale as f64),
        None => format!("{bytes} B"),
    }
}

/// The time left before `deadline`, rounded up to whole milliseconds, for
/// libssh2's timeout (where 0 would mean "no timeout"): `Cut::Deadline` once
/// none is left.
pub fn budget_ms(deadline: Instant) -> Result<u32, Cut> {
    let left = deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
        .ok_or(Cut::Deadline)?;
    Ok(left.as_micros().div_ceil(1000).clamp(1, u32::MAX as u128) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_name_the_limit_as_written() {
        assert_eq!(
            within_text(Duration::from_secs(8)),
            "did not finish within 8 s"
        );
        assert_eq!(
            within_text(Duration::from_millis(1500)),
            "did not finish within 1.5 s"
        );
        assert_eq!(
            within_text(Duration::from_millis(250)),
            "did not finish within 250 ms"
        );
        assert_eq!(size_text(DEFAULT_MAX_OUTPUT), "16 MiB");
        assert_eq!(size_text(512 << 10), "512 KiB");
        assert_eq!(size_text(1000), "1000 B");
        assert_eq!(size_text(1536 << 10), "1536 KiB");
        assert_eq!(
            Cut::Output(DEFAULT_MAX_OUTPUT).to_string(),
            "output exceeded 16 MiB"
        );
    }

    #[test]
    fn reasons_prefer_the_cut_then_the_clock() {
        let later = Instant::now() + Duration::from_secs(60);
        let earlier = Instant::now() - Duration::from_millis(1);
        let eight = Duration::from_secs(8);
        let cut = anyhow::Error::new(Cut::Deadline).context("reading the output");
        assert_eq!(reason(&cut, later, eight), "did not finish within 8 s");
        let cap = anyhow::Error::new(Cut::Output(1 << 20));
        assert_eq!(reason(&cap, earlier, eight), "output exceeded 1 MiB");
        let other = anyhow::anyhow!("socket disconnected");
        assert_eq!(reason(&other, later, eight), "socket disconnected");
        assert_eq!(reason(&other, earlier, eight), "did not finish within 8 s");
    }
}
