//! `show processes cpu` (and `… sorted`): CPU use over 5 seconds, 1 minute
//! and 5 minutes, and per process.

use crate::parse::device::{clean_output, num, pct, re, text, unrecognised};
use serde::{Deserialize, Serialize};

/// One process row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CpuProcess {
    pub process_pid: u64,
    /// Milliseconds of CPU time used.
    pub process_runtime: Option<u64>,
    pub process_invoked: Option<u64>,
    /// Microseconds per invocation.
    pub process_cpu_time_for_invocation: Option<u64>,
    pub process_cpu_usage_5_sec: Option<f64>,
    pub process_cpu_usage_1_min: Option<f64>,
    pub process_cpu_usage_5_min: Option<f64>,
    pub process_tty: Option<u64>,
    pub process_name: String,
}

/// What `show processes cpu` printed; percentages are 0–100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessesCpu {
    pub cpu_usage_5_sec: f64,
    /// The part of the 5-second figure spent at interrupt level.
    pub cpu_interruption_5_sec: Option<f64>,
    pub cpu_usage_1_min: f64,
    pub cpu_usage_5_min: f64,
    pub processes: Vec<CpuProcess>,
}

/// Parses `show processes cpu`.
pub fn parse_show_processes_cpu(raw: &str) -> anyhow::Result<ProcessesCpu> {
    let cleaned = clean_output(raw);
    let head = re!(
        r"CPU utilization for five seconds:\s*(\d+(?:\.\d+)?)%(?:\s*/\s*(\d+(?:\.\d+)?)%)?;\s*one minute:\s*(\d+(?:\.\d+)?)%;\s*five minutes:\s*(\d+(?:\.\d+)?)%"
    );
    let mut totals = None;
    let mut processes = Vec::new();
    for line in cleaned.lines() {
        if totals.is_none()
            && let Some(c) = head.captures(line)
        {
            totals = Some((
                pct(&c[1]),
                c.get(2).and_then(|m| pct(m.as_str())),
                pct(&c[3]),
                pct(&c[4]),
            ));
            continue;
        }
        if let Some(process) = process_row(line) {
            processes.push(process);
        }
    }
    match totals {
        Some((Some(five_sec), interrupt, Some(one_min), Some(five_min))) => Ok(ProcessesCpu {
            cpu_usage_5_sec: five_sec,
            cpu_interruption_5_sec: interrupt,
            cpu_usage_1_min: one_min,
            cpu_usage_5_min: five_min,
            processes,
        }),
        _ => Err(unrecognised("show processes cpu")),
    }
}

/// ` PID Runtime(ms) Invoked uSecs 5Sec 1Min 5Min TTY Process`, the name
/// being the rest of the line.
fn process_row(line: &str) -> Option<CpuProcess> {
    let mut rest = line.trim_start();
    let mut fields = [""; 8];
    for field in &mut fields {
        let end = rest.find(' ').unwrap_or(rest.len());
        *field = &rest[..end];
        rest = rest[end..].trim_start();
    }
    let [pid, runtime, invoked, usecs, s5, m1, m5, tty] = fields;
    if !s5.ends_with('%') || !m1.ends_with('%') || !m5.ends_with('%') {
        return None;
    }
    Some(CpuProcess {
        process_pid: num(pid)?,
        process_runtime: Some(num(runtime)?),
        process_invoked: Some(num(invoked)?),
        process_cpu_time_for_invocation: Some(num(usecs)?),
        process_cpu_usage_5_sec: Some(pct(s5)?),
        process_cpu_usage_1_min: Some(pct(m1)?),
        process_cpu_usage_5_min: Some(pct(m5)?),
        process_tty: Some(num(tty)?),
        process_name: text(rest).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_with_prompt_and_crlf() {
        let raw = "r1#show processes cpu sorted\r\nCPU utilization for five seconds: 93%/12%; one minute: 75%; five minutes: 71%\r\n PID Runtime(ms)     Invoked      uSecs   5Sec   1Min   5Min TTY Process \r\n 118    12345678     1234567      10000 80.31% 60.02% 55.90%   0 IP Input         \r\nr1#";
        let cpu = parse_show_processes_cpu(raw).unwrap();
        assert_eq!(
            (cpu.cpu_usage_5_sec, cpu.cpu_interruption_5_sec),
            (93.0, Some(12.0))
        );
        assert_eq!((cpu.cpu_usage_1_min, cpu.cpu_usage_5_min), (75.0, 71.0));
        assert_eq!(cpu.processes[0].process_name, "IP Input");
        assert_eq!(cpu.processes[0].process_cpu_usage_5_min, Some(55.90));
    }

    #[test]
    fn without_the_header_it_is_an_error() {
        assert!(parse_show_processes_cpu(" 1 0 22 0 0.00% 0.00% 0.00% 0 Chunk Manager").is_err());
    }
}
