//! `display cpu-usage` (and `display cpu` on VRP 8).
//!
//! There are no upstream fixtures for this command. The forms read here are
//! those of Huawei's command references and field captures:
//! - S-series switches (VRP 5): `CPU Usage Stat. Cycle: 60 (Second)`,
//!   `CPU Usage            : 6% Max: 99%`, `CPU utilization for five
//!   seconds: 6%: one minute: 6%: five minutes: 6%`, then a task table
//!   `TaskName  CPU  Runtime(CPU Tick High/Tick Low)  Task Explanation`;
//! - AR routers: the same, split into `Control Plane` and `Data Plane`
//!   sections, with `CPU Usage:   7%  Max: 100%` and `…five seconds:  7%
//!   one minute:   5%  five minutes:   5%.`;
//! - CE switches and NE routers (VRP 8): `System CPU Using Percentage : 6%`,
//!   `CPU utilization for five seconds: 6%, one minute: 6%, five minutes:
//!   6%.`, `Max CPU Usage : 38%`, then `ServiceName  UseRate` rows;
//! - some models print only `System cpu use rate is : 2%`.

use crate::parse::device::{clean_output, pct, re, text, unrecognised};
use serde::{Deserialize, Serialize};

/// One task (VRP 5) or service (VRP 8) row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CpuTask {
    pub task_name: String,
    pub cpu: f64,
    pub task_explanation: Option<String>,
}

/// The data-plane figures of an AR router.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DataPlaneCpu {
    pub cpu_usage: Option<f64>,
    pub cpu_usage_max: Option<f64>,
    pub cpu_usage_5_sec: Option<f64>,
    pub cpu_usage_1_min: Option<f64>,
    pub cpu_usage_5_min: Option<f64>,
}

/// What `display cpu-usage` printed; percentages are 0–100. The main
/// figures are the control plane's (the only plane on switches).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CpuUsage {
    /// The current figure (`CPU Usage : 6%`).
    pub cpu_usage: Option<f64>,
    pub cpu_usage_max: Option<f64>,
    pub cpu_usage_5_sec: Option<f64>,
    pub cpu_usage_1_min: Option<f64>,
    pub cpu_usage_5_min: Option<f64>,
    pub data_plane: Option<DataPlaneCpu>,
    pub tasks: Vec<CpuTask>,
}

impl CpuUsage {
    /// The figure an inspection compares with its limits: the 5-minute
    /// average, else the current usage.
    pub fn five_minute_or_current(&self) -> Option<f64> {
        self.cpu_usage_5_min.or(self.cpu_usage)
    }
}

/// Parses `display cpu-usage`.
pub fn parse_display_cpu_usage(raw: &str) -> anyhow::Result<CpuUsage> {
    let cleaned = clean_output(raw);
    let usage = re!(r"^CPU Usage\s*:\s*(\d+(?:\.\d+)?)%(?:\s*Max\s*:\s*(\d+(?:\.\d+)?)%)?");
    let averages = re!(
        r"CPU utilization for five seconds\s*:\s*(\d+(?:\.\d+)?)%[:,.]?\s*one minute\s*:\s*(\d+(?:\.\d+)?)%[:,.]?\s*five minutes\s*:\s*(\d+(?:\.\d+)?)%"
    );
    let task = re!(r"^(\S+(?: \d+)?)\s+(\d+(?:\.\d+)?)%(?:\s+(.*))?$");
    let mut cpu = CpuUsage::default();
    let mut data_plane = false;
    let mut in_tasks = false;
    let mut recognised = false;
    for line in cleaned.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with("Control Plane") {
            data_plane = false;
            continue;
        }
        if t.starts_with("Data") && t.ends_with("Plane") {
            data_plane = true;
            cpu.data_plane.get_or_insert_with(DataPlaneCpu::default);
            continue;
        }
        if t.starts_with("TaskName") || t.starts_with("ServiceName") {
            in_tasks = true;
            recognised = true;
            continue;
        }
        if let Some(c) = usage.captures(t) {
            recognised = true;
            let (now, max) = (pct(&c[1]), c.get(2).and_then(|m| pct(m.as_str())));
            match (data_plane, cpu.data_plane.as_mut()) {
                (true, Some(dp)) => (dp.cpu_usage, dp.cpu_usage_max) = (now, max),
                _ => {
                    cpu.cpu_usage = now;
                    cpu.cpu_usage_max = max.or(cpu.cpu_usage_max);
                }
            }
            continue;
        }
        if let Some(c) = averages.captures(t) {
            recognised = true;
            let (s5, m1, m5) = (pct(&c[1]), pct(&c[2]), pct(&c[3]));
            match (data_plane, cpu.data_plane.as_mut()) {
                (true, Some(dp)) => {
                    (dp.cpu_usage_5_sec, dp.cpu_usage_1_min, dp.cpu_usage_5_min) = (s5, m1, m5)
                }
                _ if cpu.cpu_usage_5_sec.is_none() => {
                    (
                        cpu.cpu_usage_5_sec,
                        cpu.cpu_usage_1_min,
                        cpu.cpu_usage_5_min,
                    ) = (s5, m1, m5)
                }
                _ => {}
            }
            continue;
        }
        if let Some(c) =
            re!(r"^(?:System CPU Using Percentage|System cpu use rate is)\s*:\s*(\d+(?:\.\d+)?)%")
                .captures(t)
        {
            recognised = true;
            cpu.cpu_usage = pct(&c[1]);
            continue;
        }
        if let Some(c) = re!(r"^Max CPU Usage\s*:\s*(\d+(?:\.\d+)?)%").captures(t) {
            recognised = true;
            cpu.cpu_usage_max = pct(&c[1]);
            continue;
        }
        if in_tasks
            && !t.starts_with("---")
            && let Some(c) = task.captures(t)
            && let Some(value) = pct(&c[2])
        {
            cpu.tasks.push(CpuTask {
                task_name: c[1].to_string(),
                cpu: value,
                task_explanation: c.get(3).and_then(|m| {
                    // After the runtime column (`1/ 8574d4fd`), if any.
                    let rest = m.as_str();
                    let explanation = match rest.split_once("  ") {
                        Some((first, after)) if first.contains('/') => after,
                        _ if rest.contains('/') => "",
                        _ => rest,
                    };
                    text(explanation)
                }),
            });
        }
    }
    if !recognised {
        return Err(unrecognised("display cpu-usage"));
    }
    Ok(cpu)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_only_form() {
        let cpu =
            parse_display_cpu_usage("<AN-1>display cpu-usage\nSystem cpu use rate is : 2%\n<AN-1>")
                .unwrap();
        assert_eq!(cpu.cpu_usage, Some(2.0));
        assert_eq!(cpu.five_minute_or_current(), Some(2.0));
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse_display_cpu_usage("CPU is fine").is_err());
    }
}
