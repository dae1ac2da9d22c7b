//! `show processes memory` (and `… sorted`): memory pools (total, used,
//! free) and what each process holds.

use crate::parse::device::{clean_output, num, re, text, unrecognised};
use serde::{Deserialize, Serialize};

/// One pool line: `Processor Pool Total: 919638648 Used: 236752096 Free: 682886552`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryPool {
    /// `Processor`, `I/O`, `lsmpi_io`, `reserve P`.
    pub pool: String,
    pub total: u64,
    pub used: u64,
    pub free: u64,
}

/// One process row (bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryProcess {
    pub process_id: u64,
    pub process_tty: Option<u64>,
    pub process_allocated: Option<u64>,
    pub process_freed: Option<u64>,
    pub process_holding: Option<u64>,
    pub process_getbufs: Option<u64>,
    pub process_retbufs: Option<u64>,
    pub process: String,
}

/// What `show processes memory` printed. `memory_total`, `memory_used` and
/// `memory_free` are the processor pool's (the first pool when none is
/// called `Processor`), in bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessesMemory {
    pub memory_total: u64,
    pub memory_used: u64,
    pub memory_free: u64,
    pub pools: Vec<MemoryPool>,
    pub processes: Vec<MemoryProcess>,
}

impl ProcessesMemory {
    /// Used memory as a percentage of the total (0 when the total is 0).
    pub fn used_percent(&self) -> f64 {
        if self.memory_total == 0 {
            0.0
        } else {
            self.memory_used as f64 * 100.0 / self.memory_total as f64
        }
    }
}

/// Parses `show processes memory`.
pub fn parse_show_processes_memory(raw: &str) -> anyhow::Result<ProcessesMemory> {
    let cleaned = clean_output(raw);
    let pool = re!(r"^\s*(.*?)\s*(?:Pool )?Total:\s*(\d+),?\s+Used:\s*(\d+),?\s+Free:\s*(\d+)");
    let row = re!(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S.*?)\s*$");
    let mut pools = Vec::new();
    let mut processes = Vec::new();
    for line in cleaned.lines() {
        if line.contains("Total:") {
            if let Some(c) = pool.captures(line)
                && let (Some(total), Some(used), Some(free)) = (num(&c[2]), num(&c[3]), num(&c[4]))
            {
                pools.push(MemoryPool {
                    pool: text(&c[1]).unwrap_or_else(|| "Processor".to_string()),
                    total,
                    used,
                    free,
                });
            }
            continue;
        }
        if let Some(c) = row.captures(line)
            && let Some(pid) = num(&c[1])
        {
            processes.push(MemoryProcess {
                process_id: pid,
                process_tty: num(&c[2]),
                process_allocated: num(&c[3]),
                process_freed: num(&c[4]),
                process_holding: num(&c[5]),
                process_getbufs: num(&c[6]),
                process_retbufs: num(&c[7]),
                process: c[8].to_string(),
            });
        }
    }
    let main = pools
        .iter()
        .find(|p| p.pool.eq_ignore_ascii_case("Processor"))
        .or_else(|| pools.first())
        .map(|p| (p.total, p.used, p.free))
        .ok_or_else(|| unrecognised("show processes memory"))?;
    Ok(ProcessesMemory {
        memory_total: main.0,
        memory_used: main.1,
        memory_free: main.2,
        pools,
        processes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_ios_pools() {
        let raw = "sw#show processes memory\r\nProcessor Pool Total:   21821400 Used:   10289044 Free:   11532356\r\n      I/O Pool Total:    4194304 Used:    2398896 Free:    1795408\r\n\r\n PID TTY  Allocated      Freed    Holding    Getbufs    Retbufs Process\r\n   0   0   13049264    3098500    8837348          0          0 *Init*\r\nsw#";
        let m = parse_show_processes_memory(raw).unwrap();
        assert_eq!(
            (m.memory_total, m.memory_used, m.memory_free),
            (21821400, 10289044, 11532356)
        );
        assert_eq!(m.pools[1].pool, "I/O");
        assert_eq!(m.processes[0].process, "*Init*");
        assert!((m.used_percent() - 47.15).abs() < 0.01);
    }

    #[test]
    fn old_total_used_free_line() {
        let raw = "Total: 26990240, Used: 7515508, Free: 19474732\n";
        let m = parse_show_processes_memory(raw).unwrap();
        assert_eq!((m.memory_total, m.memory_free), (26990240, 19474732));
        assert!(parse_show_processes_memory("Free: 1").is_err());
    }
}
