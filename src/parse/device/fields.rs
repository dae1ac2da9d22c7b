//! Reading one field of a device table: the small helpers the Cisco IOS and
//! Huawei VRP parsers share (counters, percentages, placeholder dashes,
//! uptimes, and the error for text that is not a command's output).

use crate::bad_input;

/// A counter: digits only (commas allowed as thousands separators); `None`
/// when absent, not a number, or too large for `u64`.
pub(crate) fn num(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.contains(',') {
        s.replace(',', "").parse().ok()
    } else {
        s.parse().ok()
    }
}

/// A percentage or decimal figure (`4`, `0.38`, `12.5%`); `None` for `--`.
pub(crate) fn pct(s: &str) -> Option<f64> {
    let v: f64 = s.trim().trim_end_matches('%').trim().parse().ok()?;
    v.is_finite().then_some(v)
}

/// `Some(text)` unless the text is empty or a placeholder dash.
pub(crate) fn text(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty() && s != "-" && s != "--").then(|| s.to_string())
}

/// Converts an uptime as devices print it to seconds: `2 years, 31 weeks,
/// 6 days, 9 hours, 55 minutes` (IOS), `161 days, 0 hour, 20 minutes` (VRP),
/// `1d01h58m07s`, `3w2d`, `12:54:35`. A year counts 365 days. `None` when no
/// unit was recognised.
pub fn uptime_seconds(uptime: &str) -> Option<u64> {
    let words = re!(r"(?i)(\d+)\s*(years?|weeks?|days?|hours?|minutes?|seconds?)\b");
    let mut total: u64 = 0;
    let mut found = false;
    for c in words.captures_iter(uptime) {
        let n: u64 = c[1].parse().ok()?;
        let unit = c[2].to_ascii_lowercase();
        let secs = match unit.as_bytes()[0] {
            b'y' => 365 * 86_400,
            b'w' => 7 * 86_400,
            b'd' => 86_400,
            b'h' => 3_600,
            b'm' => 60,
            _ => 1,
        };
        total = total.saturating_add(n.saturating_mul(secs));
        found = true;
    }
    if found {
        return Some(total);
    }
    let t = uptime.trim();
    if let Some(c) = re!(r"^(\d+):(\d\d):(\d\d)$").captures(t) {
        let h: u64 = c[1].parse().ok()?;
        let m: u64 = c[2].parse().ok()?;
        let s: u64 = c[3].parse().ok()?;
        return Some(h.saturating_mul(3600).saturating_add(m * 60 + s));
    }
    let compact = re!(r"^(?:\d+[ywdhms])+$");
    if compact.is_match(t) {
        for c in re!(r"(\d+)([ywdhms])").captures_iter(t) {
            let n: u64 = c[1].parse().ok()?;
            let secs = match &c[2] {
                "y" => 365 * 86_400,
                "w" => 7 * 86_400,
                "d" => 86_400,
                "h" => 3_600,
                "m" => 60,
                _ => 1,
            };
            total = total.saturating_add(n.saturating_mul(secs));
        }
        return Some(total);
    }
    None
}

/// The error a parser returns when nothing in the text looks like the
/// output of its command.
pub(crate) fn unrecognised(command: &str) -> anyhow::Error {
    bad_input!("the text is not `{command}` output: nothing in it was recognised")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uptimes_convert_to_seconds() {
        assert_eq!(
            uptime_seconds("2 years, 31 weeks, 6 days, 9 hours, 55 minutes"),
            Some(2 * 365 * 86400 + 31 * 7 * 86400 + 6 * 86400 + 9 * 3600 + 55 * 60)
        );
        assert_eq!(
            uptime_seconds("3 weeks, 6 days, 32 minutes"),
            Some(27 * 86400 + 32 * 60)
        );
        assert_eq!(
            uptime_seconds("161 days, 0 hour, 20 minutes"),
            Some(161 * 86400 + 1200)
        );
        assert_eq!(
            uptime_seconds("1 week, 1 day, 1 hour, 1 minute"),
            Some(8 * 86400 + 3660)
        );
        assert_eq!(
            uptime_seconds("1d01h58m07s"),
            Some(86400 + 3600 + 58 * 60 + 7)
        );
        assert_eq!(uptime_seconds("12:54:35"), Some(12 * 3600 + 54 * 60 + 35));
        assert_eq!(uptime_seconds("never"), None);
        assert_eq!(uptime_seconds("99999999999999999999999 years"), None);
        assert_eq!(uptime_seconds("9999999999999999 years"), Some(u64::MAX));
    }
}
