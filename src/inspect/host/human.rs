//! Numbers as an engineer reads them in a one-line message.

/// Binary units, three significant figures at most: `512 B`, `9.1 GiB`, `252 GiB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{} {}", short(v), UNITS[unit])
}

/// One decimal below 100, none above, no trailing `.0`.
pub fn short(v: f64) -> String {
    if v >= 99.95 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.1}");
        s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
    }
}

/// A percentage with one decimal, as stored in a finding's value.
pub fn pct1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// `5 d 3 h`, `3 h 12 min`, `12 min`, `45 s`.
pub fn duration(secs: u64) -> String {
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 {
        format!("{m} min")
    } else {
        format!("{secs} s")
    }
}

/// The first `n` items joined by `, `, then `and K more`.
pub fn list(items: &[String], n: usize) -> String {
    if items.len() <= n {
        items.join(", ")
    } else {
        format!("{} and {} more", items[..n].join(", "), items.len() - n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(1023), "1023 B");
        assert_eq!(bytes(1024), "1 KiB");
        assert_eq!(bytes(9_771_050_598), "9.1 GiB");
        assert_eq!(bytes(10 * 1024 * 1024 * 1024), "10 GiB");
        assert_eq!(bytes(270_553_174_016), "252 GiB");
        assert_eq!(bytes(u64::MAX), "16 EiB");
        assert_eq!(pct1(91.249), 91.2);
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(759), "12 min");
        assert_eq!(duration(3 * 3600 + 720), "3 h 12 min");
        assert_eq!(duration(5 * 86_400 + 3 * 3600 + 5), "5 d 3 h");
        let l: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(list(&l, 2), "a, b and 1 more");
        assert_eq!(list(&l, 3), "a, b, c");
    }
}
