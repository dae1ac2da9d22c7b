//! `/proc/meminfo`: `Key:   value kB` lines. Values in kB become bytes.

use serde::Serialize;
use std::collections::BTreeMap;

/// Every field of `/proc/meminfo`: bytes where the kernel gives kB, plain
/// counts otherwise (`HugePages_Total`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct MemInfo {
    pub fields: BTreeMap<String, u64>,
}

impl MemInfo {
    pub fn get(&self, key: &str) -> Option<u64> {
        self.fields.get(key).copied()
    }

    pub fn mem_total(&self) -> u64 {
        self.get("MemTotal").unwrap_or(0)
    }

    /// `MemAvailable` (kernel 3.14+), else an estimate from free, buffers
    /// and page cache; the flag says which.
    pub fn mem_available(&self) -> (u64, bool) {
        match self.get("MemAvailable") {
            Some(v) => (v, false),
            None => {
                let est = [self.get("MemFree"), self.get("Buffers"), self.get("Cached")]
                    .iter()
                    .fold(0u64, |a, b| a.saturating_add(b.unwrap_or(0)));
                (est.min(self.mem_total()), true)
            }
        }
    }

    pub fn swap_total(&self) -> u64 {
        self.get("SwapTotal").unwrap_or(0)
    }

    pub fn swap_used(&self) -> u64 {
        self.swap_total()
            .saturating_sub(self.get("SwapFree").unwrap_or(0))
    }
}

pub fn parse(text: &str) -> Result<MemInfo, String> {
    let mut fields = BTreeMap::new();
    for line in text.lines() {
        let Some((key, rest)) = line.split_once(':') else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let Some(Ok(value)) = words.next().map(str::parse::<u64>) else {
            continue;
        };
        let value = match words.next() {
            None => value,
            Some(u) if u.eq_ignore_ascii_case("kB") => match value.checked_mul(1024) {
                Some(v) => v,
                None => continue,
            },
            Some(_) => continue,
        };
        fields.entry(key.trim().to_string()).or_insert(value);
    }
    match fields.get("MemTotal") {
        Some(t) if *t > 0 => Ok(MemInfo { fields }),
        _ => Err("no MemTotal in meminfo".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_meminfo_in_bytes() {
        let m = parse(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/linux/proc-meminfo"
        )))
        .unwrap();
        assert_eq!(m.mem_total(), 24_684_084 * 1024);
        assert_eq!(m.mem_available(), (23_689_548 * 1024, false));
        assert_eq!(m.get("MemFree"), Some(21_457_752 * 1024));
        assert_eq!(m.swap_total(), 0);
        assert_eq!(m.swap_used(), 0);
        assert_eq!(m.get("HugePages_Total"), Some(0));
        assert_eq!(m.get("Hugepagesize"), Some(2048 * 1024));
        assert_eq!(m.get("VmallocTotal"), Some(34_359_738_367 * 1024));
        assert_eq!(m.fields.len(), 54);
    }

    #[test]
    fn old_kernel_without_memavailable_and_swap_in_use() {
        let m = parse(
            "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 200 kB\n\
             SwapTotal: 2000 kB\nSwapFree: 500 kB\n",
        )
        .unwrap();
        assert_eq!(m.mem_available(), (350 * 1024, true));
        assert_eq!(m.swap_used(), 1500 * 1024);
        assert!(parse("MemFree: 1 kB").is_err());
        assert!(parse(&format!("MemTotal: {} kB", u64::MAX)).is_err());
    }
}
