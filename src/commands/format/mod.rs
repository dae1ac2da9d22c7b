//! The monitoring formats of a run: `--format nagios` (a monitoring plugin's
//! output) and `--format prom` / `--textfile DIR` (Prometheus text exposition
//! for node_exporter's textfile collector).
//!
//! Everything here is pure except [`write_textfile`]: an inspection or a
//! backup verification is first seen as a [`Run`] (a kind, when it started,
//! and per target its status and findings), and each format turns a `Run`
//! into a String. A finding's number, unit and warn/crit limits, which both
//! formats need, are read by [`measure`]; the commands only call the hooks
//! [`inspection`] / [`backup_verify`] and print or write what they return.

pub mod nagios;
pub mod prom;

use crate::backup::verify::Report;
use crate::check::{Finding, Status, Worse};
use crate::inspect::outcome::TargetResult;
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One run as the monitoring formats see it.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    /// `host`, `db`, `net` or `backup`: names the service and the textfile.
    pub kind: &'a str,
    pub started: DateTime<Utc>,
    pub targets: Vec<RunTarget<'a>>,
}

/// One target of a run (an inspected host, a verified backup set).
#[derive(Debug, Clone)]
pub struct RunTarget<'a> {
    pub name: &'a str,
    pub status: Status,
    pub duration: Option<Duration>,
    pub findings: &'a [Finding],
}

impl<'a> Run<'a> {
    /// An inspection run (`ops inspect host|db|net`).
    pub fn inspection(kind: &'a str, started: DateTime<Utc>, results: &'a [TargetResult]) -> Self {
        Run {
            kind,
            started,
            targets: results
                .iter()
                .map(|r| RunTarget {
                    name: &r.target,
                    status: r.status(),
                    duration: Some(r.duration),
                    findings: &r.findings,
                })
                .collect(),
        }
    }

    /// A backup verification (`ops backup verify`): one target per set or path.
    pub fn backup_verify(started: DateTime<Utc>, reports: &'a [Report]) -> Self {
        Run {
            kind: "backup",
            started,
            targets: reports
                .iter()
                .map(|r| RunTarget {
                    name: &r.target,
                    status: r.status,
                    duration: None,
                    findings: &r.findings,
                })
                .collect(),
        }
    }

    /// The worst status of the run, which is also its exit status.
    pub fn status(&self) -> Status {
        Status::worst(self.targets.iter().map(|t| t.status))
    }
}

/// The hook of an inspection: what to print on stdout for `format` (None:
/// the format is not a monitoring one, the caller prints its own table or
/// JSON), after writing `ops_<kind>.prom` into `textfile` when it is given.
pub fn inspection(
    format: crate::printer::Format,
    textfile: Option<&Path>,
    kind: &str,
    started: DateTime<Utc>,
    results: &[TargetResult],
) -> Result<Option<String>> {
    emit(format, textfile, &Run::inspection(kind, started, results))
}

/// The hook of `ops backup verify`, as [`inspection`].
pub fn backup_verify(
    format: crate::printer::Format,
    textfile: Option<&Path>,
    started: DateTime<Utc>,
    reports: &[Report],
) -> Result<Option<String>> {
    emit(format, textfile, &Run::backup_verify(started, reports))
}

fn emit(
    format: crate::printer::Format,
    textfile: Option<&Path>,
    run: &Run,
) -> Result<Option<String>> {
    use crate::printer::Format;
    if let Some(dir) = textfile {
        write_textfile(dir, run.kind, &prom::render(run))?;
    }
    Ok(match format {
        Format::Nagios => Some(nagios::render(run)),
        Format::Prom => Some(prom::render(run)),
        Format::Table | Format::Json | Format::Markdown | Format::Html => None,
    })
}

/// Write `text` to `DIR/ops_<kind>.prom` so that a reader (node_exporter
/// scraping at any moment) sees the old file or the new one, never half of
/// one: a temporary file in the same directory whose name does not end in
/// `.prom` (the collector reads only those), flushed to disk, mode 0644,
/// then renamed over the old file, and the directory flushed too so that the
/// rename survives a crash. Returns the path written.
pub fn write_textfile(dir: &Path, kind: &str, text: &str) -> Result<PathBuf> {
    let path = dir.join(format!("ops_{kind}.prom"));
    crate::commands::write_atomically(&path, text.as_bytes(), Some(0o644))
        .with_context(|| format!("failed to write the textfile {}", path.display()))?;
    Ok(path)
}

/// What a value is measured in, as both formats name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A plain number: a count, a load per core.
    Number,
    Percent,
    Seconds,
    Bytes,
}

/// A warn or crit limit, in the measure's unit: `Above` for `warn > 80 %`
/// and `more than 5 = warn`, `Below` for `warn < 15 %`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    pub side: Worse,
    pub at: f64,
}

/// A finding's figure: its value where it is a number, in `unit`, with the
/// warn/crit limits that its threshold names in numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    pub value: f64,
    pub unit: Unit,
    pub warn: Option<Limit>,
    pub crit: Option<Limit>,
}

/// The measure of a finding, when its value is a number (None for words,
/// lists and records). The unit comes from the threshold's words (`%`) or the
/// check (`connect` is measured in milliseconds and given in seconds here,
/// ages and uptimes in seconds, backup sizes in bytes); limits are read from
/// the threshold (`warn > 80 %, crit > 90 %`, `crit > 26h`, `crit < 1 MiB`,
/// `more than 5 in 24 h = warn`) and left out where it has none in numbers.
pub fn measure(f: &Finding) -> Option<Measure> {
    let raw = f.value.as_f64()?;
    if !raw.is_finite() {
        return None;
    }
    let threshold = f.threshold.as_deref().unwrap_or("");
    let (unit, scale) = if threshold.contains('%') {
        (Unit::Percent, 1.0)
    } else {
        match f.check.as_str() {
            "connect" => (Unit::Seconds, 0.001),
            "backup.fresh" | "uptime" | "replication" => (Unit::Seconds, 1.0),
            "backup.size" => (Unit::Bytes, 1.0),
            _ if threshold.contains(" s lag") => (Unit::Seconds, 1.0),
            _ => (Unit::Number, 1.0),
        }
    };
    let (warn, crit) = limits(threshold, unit);
    Some(Measure {
        value: raw * scale,
        unit,
        warn,
        crit,
    })
}

/// The warn and crit limits a threshold text states, in `unit`.
fn limits(threshold: &str, unit: Unit) -> (Option<Limit>, Option<Limit>) {
    let mut warn = None;
    let mut crit = None;
    for clause in threshold.split(',') {
        let clause = clause.trim();
        // `… more than 5 … = warn`
        if let Some(rest) = clause.split("more than ").nth(1) {
            let number = rest.split_whitespace().next().unwrap_or("");
            let at = quantity(number, unit);
            let limit = at.map(|at| Limit {
                side: Worse::Above,
                at,
            });
            if clause.ends_with("= warn") {
                warn = warn.or(limit);
            } else if clause.ends_with("= crit") {
                crit = crit.or(limit);
            }
            continue;
        }
        // `[used] warn > 80 %`, `crit < 1.0 MiB`, `crit > 26h`
        for (word, slot) in [("warn ", &mut warn), ("crit ", &mut crit)] {
            let Some(rest) = clause.split(word).nth(1) else {
                continue;
            };
            let side = match rest.chars().next() {
                Some('>') => Worse::Above,
                Some('<') => Worse::Below,
                _ => continue,
            };
            if let Some(at) = quantity(rest[1..].trim(), unit) {
                *slot = slot.or(Some(Limit { side, at }));
            }
        }
    }
    (warn, crit)
}

/// A number as the threshold writes it, in `unit`: `80 %`, `0.5`, `26h`,
/// `1m 30s`, `1.0 MiB`, `2s` (in seconds), trailing words ignored.
fn quantity(text: &str, unit: Unit) -> Option<f64> {
    let text = text.trim();
    match unit {
        Unit::Seconds => {
            if let Ok(d) = crate::duration::parse_duration(text) {
                return Some(d.as_secs_f64());
            }
            // `1m 30s`, `2 s lag`: the words before anything that is not a duration.
            let mut secs = 0.0;
            let mut any = false;
            let words: Vec<&str> = text.split_whitespace().collect();
            let mut i = 0;
            while i < words.len() {
                let (w, joined) = match words.get(i + 1) {
                    Some(u)
                        if words[i].parse::<f64>().is_ok()
                            && matches!(*u, "ms" | "s" | "m" | "h" | "d" | "w") =>
                    {
                        (format!("{}{u}", words[i]), true)
                    }
                    _ => (words[i].to_string(), false),
                };
                match crate::duration::parse_duration(&w) {
                    Ok(d) => {
                        secs += d.as_secs_f64();
                        any = true;
                    }
                    Err(_) => break,
                }
                i += if joined { 2 } else { 1 };
            }
            any.then_some(secs)
        }
        Unit::Bytes => crate::size::parse_size(&text.replace(' ', ""))
            .ok()
            .map(|b| b as f64)
            .or_else(|| leading_number(text)),
        Unit::Percent | Unit::Number => leading_number(text),
    }
}

fn leading_number(text: &str) -> Option<f64> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(text.len());
    text[..end].parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The findings that say something: every one but `skip`.
pub(crate) fn reported(findings: &[Finding]) -> impl Iterator<Item = &Finding> {
    findings.iter().filter(|f| f.status != Status::Skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(check: &str, value: serde_json::Value, threshold: &str) -> Finding {
        Finding::new(check, Status::Ok, "m")
            .value(value)
            .threshold(threshold)
    }

    #[test]
    fn measures_read_units_and_limits_from_the_threshold_words() {
        use serde_json::json;
        let m = measure(&finding(
            "fs.usage",
            json!(95.0),
            "used warn > 80 %, crit > 90 %",
        ))
        .unwrap();
        assert_eq!((m.value, m.unit), (95.0, Unit::Percent));
        assert_eq!(
            m.warn,
            Some(Limit {
                side: Worse::Above,
                at: 80.0
            })
        );
        assert_eq!(
            m.crit,
            Some(Limit {
                side: Worse::Above,
                at: 90.0
            })
        );

        let m = measure(&finding(
            "memory",
            json!(12.5),
            "available warn < 15 %, crit < 5 %",
        ))
        .unwrap();
        assert_eq!(
            m.warn,
            Some(Limit {
                side: Worse::Below,
                at: 15.0
            })
        );
        assert_eq!(
            m.crit,
            Some(Limit {
                side: Worse::Below,
                at: 5.0
            })
        );

        let m = measure(&finding("connect", json!(1500.0), "warn > 1s, crit > 5s")).unwrap();
        assert_eq!((m.value, m.unit), (1.5, Unit::Seconds));
        assert_eq!(m.crit.map(|l| l.at), Some(5.0));

        let m = measure(&finding("backup.fresh", json!(3600), "crit > 26h")).unwrap();
        assert_eq!((m.value, m.unit, m.warn), (3600.0, Unit::Seconds, None));
        assert_eq!(m.crit.map(|l| l.at), Some(93600.0));

        let m = measure(&finding("backup.size", json!(10), "crit < 1.0 MiB")).unwrap();
        assert_eq!(m.unit, Unit::Bytes);
        assert_eq!(
            m.crit,
            Some(Limit {
                side: Worse::Below,
                at: 1048576.0
            })
        );

        let m = measure(&finding("errlog", json!(7), "more than 5 in 24 h = warn")).unwrap();
        assert_eq!(m.unit, Unit::Number);
        assert_eq!(
            m.warn,
            Some(Limit {
                side: Worse::Above,
                at: 5.0
            })
        );

        let m = measure(&finding(
            "replication",
            json!(3),
            "warn > 30 s lag, crit > 300 s lag",
        ))
        .unwrap();
        assert_eq!(m.unit, Unit::Seconds);
        assert_eq!(m.warn.map(|l| l.at), Some(30.0));

        let m = measure(&finding(
            "load",
            json!(0.5),
            "5-min load per core warn > 1.5, crit > 3",
        ))
        .unwrap();
        assert_eq!(m.warn.map(|l| l.at), Some(1.5));

        assert_eq!(
            measure(&finding(
                "timesync",
                json!("synchronised"),
                "unsynchronised = warn"
            )),
            None
        );
        assert_eq!(measure(&finding("nic", json!({"mtu": 1500}), "")), None);
    }

    #[test]
    fn textfile_is_replaced_whole_with_mode_0644() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = write_textfile(dir.path(), "host", "a 1\n").unwrap();
        write_textfile(dir.path(), "host", "a 2\n").unwrap();
        assert_eq!(path, dir.path().join("ops_host.prom"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a 2\n");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left");
        assert!(write_textfile(&dir.path().join("missing"), "host", "").is_err());
    }
}
