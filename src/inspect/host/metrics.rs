//! The figures a weekly report needs, stored in each inspection record and
//! handed back as `previous` to the next inspection (CPU busy % is the
//! difference between two readings of cumulative counters).

use crate::parse::linux::stat::CpuTimes;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HostMetrics {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uptime_seconds: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cores: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load1: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load5: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load15: Option<f64>,
    /// The `cpu` counters of /proc/stat, in clock ticks since boot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<CpuCounters>,
    /// Share of CPU time not idle, over `cpu_busy_window`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_busy_pct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_busy_window: Option<CpuWindow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mem_total_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mem_available_bytes: Option<u64>,
    /// 100 − available %.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mem_used_pct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub swap_total_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub swap_used_bytes: Option<u64>,
    /// Every filesystem that was judged (pseudo filesystems left out).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub filesystems: Vec<FsMetrics>,
    /// Who held super-user rights, for the next inspection's comparison and
    /// `ops report accounts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privileged: Option<super::accounts::Snapshot>,
    /// Hardware RAID volumes and their physical drives, as the controller
    /// tools reported them, each with its judged status.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub raid_volumes: Vec<super::hardware::RaidVolumeMetric>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub raid_drives: Vec<super::hardware::RaidDriveMetric>,
    /// SMART figures of every disk smartctl read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub smart_disks: Vec<super::hardware::SmartMetric>,
    /// The BMC's sensors (those not present left out).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ipmi_sensors: Vec<super::hardware::SensorMetric>,
}

/// Over what span `cpu_busy_pct` was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CpuWindow {
    /// Since the previous inspection's counters.
    Previous,
    /// Since boot (no usable previous counters: first run, or a reboot).
    Boot,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CpuCounters {
    pub user: u64,
    pub nice: u64,
    pub system: u64,
    pub idle: u64,
    pub iowait: u64,
    pub irq: u64,
    pub softirq: u64,
    pub steal: u64,
}

impl From<CpuTimes> for CpuCounters {
    fn from(c: CpuTimes) -> CpuCounters {
        CpuCounters {
            user: c.user,
            nice: c.nice,
            system: c.system,
            idle: c.idle,
            iowait: c.iowait,
            irq: c.irq,
            softirq: c.softirq,
            steal: c.steal,
        }
    }
}

impl From<CpuCounters> for CpuTimes {
    fn from(c: CpuCounters) -> CpuTimes {
        CpuTimes {
            user: c.user,
            nice: c.nice,
            system: c.system,
            idle: c.idle,
            iowait: c.iowait,
            irq: c.irq,
            softirq: c.softirq,
            steal: c.steal,
            guest: 0,
            guest_nice: 0,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FsMetrics {
    pub mount: String,
    pub fstype: String,
    pub size_bytes: u64,
    pub used_bytes: u64,
    pub avail_bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inodes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inodes_used: Option<u64>,
}

/// CPU busy % against the previous metrics when their counters are usable
/// (no reboot in between: uptime grew and no counter went backwards), else
/// since boot.
pub fn cpu_busy(
    now: &CpuTimes,
    uptime_now: Option<u64>,
    previous: Option<&HostMetrics>,
) -> Option<(f64, CpuWindow)> {
    let earlier = previous.and_then(|p| {
        let rebooted = matches!((p.uptime_seconds, uptime_now), (Some(a), Some(b)) if b < a);
        if rebooted { None } else { p.cpu }
    });
    if let Some(e) = earlier
        && let Some(pct) = now.busy_pct_since(&e.into())
    {
        return Some((pct, CpuWindow::Previous));
    }
    now.busy_pct_since_boot().map(|p| (p, CpuWindow::Boot))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_against_previous_or_since_boot() {
        let a = CpuTimes {
            user: 100,
            system: 100,
            idle: 800,
            ..CpuTimes::default()
        };
        let b = CpuTimes {
            user: 150,
            system: 150,
            idle: 900,
            ..CpuTimes::default()
        };
        let prev = HostMetrics {
            uptime_seconds: Some(100),
            cpu: Some(a.into()),
            ..HostMetrics::default()
        };
        assert_eq!(
            cpu_busy(&b, Some(200), Some(&prev)),
            Some((50.0, CpuWindow::Previous))
        );
        // Uptime went down: a reboot, so the old counters mean nothing.
        let (pct, w) = cpu_busy(&b, Some(50), Some(&prev)).unwrap();
        assert_eq!(w, CpuWindow::Boot);
        assert!((pct - 25.0).abs() < 1e-9);
        // Counters went backwards without uptime to tell: since boot too.
        assert_eq!(
            cpu_busy(
                &a,
                None,
                Some(&HostMetrics {
                    cpu: Some(b.into()),
                    ..HostMetrics::default()
                })
            )
            .unwrap()
            .1,
            CpuWindow::Boot
        );
        assert_eq!(cpu_busy(&a, None, None).unwrap().1, CpuWindow::Boot);
    }

    #[test]
    fn serializes_compactly_and_reads_old_records() {
        let m = HostMetrics {
            cores: Some(2),
            cpu_busy_window: Some(CpuWindow::Boot),
            ..HostMetrics::default()
        };
        let j = serde_json::to_string(&m).unwrap();
        assert_eq!(j, r#"{"cores":2,"cpu_busy_window":"boot"}"#);
        let back: HostMetrics = serde_json::from_str(r#"{"cores":2,"future_field":1}"#).unwrap();
        assert_eq!(back.cores, Some(2));
    }
}
