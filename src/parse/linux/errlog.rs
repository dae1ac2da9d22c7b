//! The collection script's `errlog` section: error-level log entries,
//! counted on the host (the entries themselves stay there).
//!
//! ```text
//! source journal|dmesg|file PATH
//! count N        entries printed
//! recent N       of those, entries of the last 24 hours
//! rc N           exit status of journalctl/dmesg
//! | LINE         the last few recent entries
//! ```
//!
//! `file PATH` is a syslog file (`/var/log/messages`, `/var/log/syslog`),
//! read where there is no journal: such files keep no priority, so the
//! script counts the lines that say error, failure, critical, panic,
//! segfault or I/O error (see `ops_errlog_file` in `collect.sh`).

use serde::Serialize;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogSource {
    /// `journalctl -p err --since -24h`.
    Journal,
    /// `dmesg --level=err,crit,alert,emerg` (kernel ring buffer).
    Dmesg,
    /// A syslog file, where there is no journal.
    File,
}

impl LogSource {
    pub fn as_str(self) -> &'static str {
        match self {
            LogSource::Journal => "journal",
            LogSource::Dmesg => "kernel log (dmesg)",
            LogSource::File => "syslog file",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrLog {
    pub source: LogSource,
    /// The file read, for [`LogSource::File`].
    pub path: Option<String>,
    pub count: u64,
    /// Entries of the last 24 hours (for the journal, all of them).
    pub recent: u64,
    /// Exit status of the log command; `None` when it was not reported.
    pub rc: Option<i32>,
    pub samples: Vec<String>,
}

impl ErrLog {
    /// What was read: `journal`, `syslog file /var/log/messages`.
    pub fn describe(&self) -> String {
        match &self.path {
            Some(p) => format!("{} {p}", self.source.as_str()),
            None => self.source.as_str().to_string(),
        }
    }
}

pub fn parse(text: &str) -> Result<ErrLog, String> {
    let mut path = None;
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
                    v if v.starts_with("file /") => {
                        path = Some(v["file ".len()..].to_string());
                        Some(LogSource::File)
                    }
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
        path,
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
