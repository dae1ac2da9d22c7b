//! The collection script's `errlog` section: error-level log entries,
//! counted on the host (the entries themselves stay there).
//!
//! ```text
//! source journal|dmesg
//! count N        entries printed
//! recent N       of those, entries of the last 24 hours
//! rc N           exit status of journalctl/dmesg
//! | LINE         the last few recent entries
//! ```

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogSource {
    /// `journalctl -p err --since -24h`.
    Journal,
    /// `dmesg --level=err,crit,alert,emerg` (kernel ring buffer).
    Dmesg,
}

impl LogSource {
    pub fn as_str(self) -> &'static str {
        match self {
            LogSource::Journal => "journal",
            LogSource::Dmesg => "kernel log (dmesg)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrLog {
    pub source: LogSource,
    pub count: u64,
    /// Entries of the last 24 hours (for the journal, all of them).
    pub recent: u64,
    /// Exit status of the log command; `None` when it was not reported.
    pub rc: Option<i32>,
    pub samples: Vec<String>,
}

pub fn parse(text: &str) -> Result<ErrLog, String> {
    let mut source = None;
    let mut count = None;
    let mut recent = None;
    let mut rc = None;
    let mut samples = Vec::new();
    for line in text.lines() {
        if let Some(s) = super::run::output_line(line) {
            samples.push(s.to_string());
            continue;
        }
        let Some((key, value)) = line.trim().split_once(' ') else {
            continue;
        };
        let value = value.trim();
        match key {
            "source" => {
                source = match value {
                    "journal" => Some(LogSource::Journal),
                    "dmesg" => Some(LogSource::Dmesg),
                    _ => {
                        return Err(format!(
                            "unknown log source {:?}",
                            super::single::clip(value)
                        ));
                    }
                }
            }
            "count" => count = value.parse::<u64>().ok(),
            "recent" => recent = value.parse::<u64>().ok(),
            "rc" => rc = value.parse::<i32>().ok(),
            _ => {}
        }
    }
    let Some(source) = source else {
        return Err("no `source` line".to_string());
    };
    let Some(count) = count else {
        return Err("no `count` line".to_string());
    };
    Ok(ErrLog {
        source,
        count,
        recent: recent.unwrap_or(count).min(count),
        rc,
        samples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_and_dmesg() {
        let e = parse("source journal\ncount 3\nrecent 3\nrc 0\n| 2024-05-01T10:00:00+0000 h kernel: EXT4-fs error (device sda1)\n").unwrap();
        assert_eq!(e.source, LogSource::Journal);
        assert_eq!((e.count, e.recent, e.rc), (3, 3, Some(0)));
        assert_eq!(e.samples.len(), 1);
        let e = parse("source dmesg\ncount 0\nrecent 0\nrc 0\n").unwrap();
        assert_eq!((e.source, e.count, e.recent), (LogSource::Dmesg, 0, 0));
        let e = parse("source dmesg\ncount 0\nrecent \nrc 1\n").unwrap();
        assert_eq!((e.recent, e.rc), (0, Some(1)));
        assert!(parse("count 1").is_err());
        assert!(parse("source x\ncount 1").is_err());
        assert!(parse("source dmesg\n").is_err());
    }
}
