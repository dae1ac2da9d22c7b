//! The `cpu` line of `/proc/stat`: cumulative CPU time since boot, in
//! clock ticks (USER_HZ), summed over all CPUs.

use serde::Serialize;
/// The counters of the `cpu` line. Kernels before 2.6.33 print fewer
/// fields; the missing ones are zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CpuTimes {
    pub user: u64,
    pub nice: u64,
    pub system: u64,
    pub idle: u64,
    pub iowait: u64,
    pub irq: u64,
    pub softirq: u64,
    pub steal: u64,
    /// Already counted in `user`; kept for completeness.
    pub guest: u64,
    /// Already counted in `nice`.
    pub guest_nice: u64,
}

impl CpuTimes {
    /// All ticks (guest time is part of user/nice, so it is not added again).
    pub fn total(&self) -> u64 {
        [
            self.user,
            self.nice,
            self.system,
            self.idle,
            self.iowait,
            self.irq,
            self.softirq,
            self.steal,
        ]
        .iter()
        .fold(0u64, |a, b| a.saturating_add(*b))
    }

    /// Ticks the CPUs did nothing (idle, or idle waiting for I/O).
    pub fn idle_all(&self) -> u64 {
        self.idle.saturating_add(self.iowait)
    }

    /// Percentage of time busy between `earlier` and `self`; `None` when the
    /// counters went backwards (a reboot in between) or did not move.
    pub fn busy_pct_since(&self, earlier: &CpuTimes) -> Option<f64> {
        let total = self.total().checked_sub(earlier.total())?;
        let idle = self.idle_all().checked_sub(earlier.idle_all())?;
        if total == 0 || idle > total {
            return None;
        }
        Some((total - idle) as f64 * 100.0 / total as f64)
    }

    /// Percentage of time busy since boot.
    pub fn busy_pct_since_boot(&self) -> Option<f64> {
        self.busy_pct_since(&CpuTimes::default())
    }
}

/// Parse the `cpu` line (the whole of `/proc/stat` is accepted too).
pub fn parse(text: &str) -> Result<CpuTimes, String> {
    let Some(line) = text.lines().find(|l| l.starts_with("cpu ")) else {
        return Err("no `cpu` line".to_string());
    };
    let mut values = Vec::new();
    for field in line.split_whitespace().skip(1) {
        match field.parse::<u64>() {
            Ok(v) => values.push(v),
            Err(_) => {
                return Err(format!(
                    "not a counter: {:?} in {:?}",
                    super::single::clip(field),
                    super::single::clip(line)
                ));
            }
        }
    }
    if values.len() < 4 {
        return Err(format!(
            "expected at least 4 counters, got {:?}",
            super::single::clip(line)
        ));
    }
    let v = |i: usize| values.get(i).copied().unwrap_or(0);
    Ok(CpuTimes {
        user: v(0),
        nice: v(1),
        system: v(2),
        idle: v(3),
        iowait: v(4),
        irq: v(5),
        softirq: v(6),
        steal: v(7),
        guest: v(8),
        guest_nice: v(9),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_proc_stat() {
        // The `cpu` line alone, as the collection script prints it.
        let c = parse(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/linux/proc-stat-cpu"
        )))
        .unwrap();
        assert_eq!(
            c,
            CpuTimes {
                user: 75390,
                nice: 0,
                system: 11356,
                idle: 80577,
                iowait: 960,
                irq: 0,
                softirq: 122,
                steal: 91,
                guest: 0,
                guest_nice: 0,
            }
        );
        assert_eq!(c.total(), 168_496);
        assert_eq!(c.idle_all(), 81_537);
        let busy = c.busy_pct_since_boot().unwrap();
        assert!((busy - 86_959.0 * 100.0 / 168_496.0).abs() < 1e-9, "{busy}");
        // The whole file, read a moment later: two more ticks of user and system.
        let later = parse(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/linux/proc-stat"
        )))
        .unwrap();
        assert_eq!(
            (later.user, later.system, later.total()),
            (75391, 11357, 168_498)
        );
        assert_eq!(later.busy_pct_since(&c), Some(100.0));
    }

    #[test]
    fn busy_between_two_readings() {
        let a = parse("cpu 100 0 100 800 0").unwrap();
        let b = parse("cpu 150 0 150 900 0").unwrap();
        assert_eq!(b.busy_pct_since(&a), Some(50.0));
        // Reboot in between: counters went backwards.
        assert_eq!(a.busy_pct_since(&b), None);
        assert_eq!(a.busy_pct_since(&a), None);
        assert!(parse("cpu 1 2 3").is_err());
        assert!(parse("cpu0 1 2 3 4").is_err());
        assert!(parse("cpu 1 2 3 x").is_err());
        let max = parse(&format!("cpu {m} {m} {m} {m}", m = u64::MAX)).unwrap();
        assert_eq!(max.total(), u64::MAX);
    }
}
