//! `--format prom` and `--textfile DIR`: a run in the Prometheus text
//! exposition format, for node_exporter's textfile collector.
//!
//! Metrics (all gauges; every series has `kind`: host, db, net, backup):
//!
//! | name | labels | value |
//! |---|---|---|
//! | `ops_finding_status` | target, check, subject | 0 ok, 1 warn, 2 crit, 3 unknown |
//! | `ops_finding_value` | target, check, subject | the measured number, unitless (counts, load) |
//! | `ops_finding_value_percent` | target, check, subject | the measured number, in % |
//! | `ops_finding_value_seconds` | target, check, subject | the measured number, in seconds |
//! | `ops_finding_value_bytes` | target, check, subject | the measured number, in bytes |
//! | `ops_target_status` | target | the target's worst status, 0–3 |
//! | `ops_target_duration_seconds` | target | how long inspecting it took |
//! | `ops_run_status` | | the run's worst status (its exit status), 0–3 |
//! | `ops_run_targets` | | targets in the run |
//! | `ops_run_timestamp_seconds` | | when the run started, Unix time |
//!
//! The status numbers are the plugin exit codes, not an order of severity
//! (crit, 2, is worse than unknown, 3). `subject` is empty for a check that
//! has no subject. Skipped findings are left out, and two findings with the
//! same labels are one series holding the worse status, because a duplicate
//! series makes node_exporter reject the whole file. The HELP texts do not
//! depend on the kind, so the files of several kinds merge in one scrape.

use super::{Run, Unit, measure, reported};
use crate::check::Status;
use std::collections::HashMap;
use std::fmt::Write;

/// The status as a number, as plugins exit with it.
pub fn status_number(status: Status) -> u8 {
    crate::exit::Exit::from_status(status).code()
}

struct Series {
    labels: String,
    status: Status,
    value: Option<(Unit, f64)>,
}

/// The exposition text of `run`, ending in a newline.
pub fn render(run: &Run) -> String {
    let kind = escape(run.kind);
    let mut series: Vec<Series> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for t in &run.targets {
        for f in reported(t.findings) {
            let labels = format!(
                "kind=\"{kind}\",target=\"{}\",check=\"{}\",subject=\"{}\"",
                escape(t.name),
                escape(&f.check),
                escape(f.subject.as_deref().unwrap_or(""))
            );
            let value = measure(f).map(|m| (m.unit, m.value));
            match seen.get(&labels) {
                Some(&i) => {
                    let s = &mut series[i];
                    s.status = s.status.max(f.status);
                    s.value = s.value.or(value);
                }
                None => {
                    seen.insert(labels.clone(), series.len());
                    series.push(Series {
                        labels,
                        status: f.status,
                        value,
                    });
                }
            }
        }
    }

    let mut out = String::new();
    family(
        &mut out,
        "ops_finding_status",
        "Status of one finding of an ops inspection or verification: 0 ok, 1 warn, 2 crit, 3 unknown.",
        series
            .iter()
            .map(|s| (s.labels.clone(), f64::from(status_number(s.status)))),
    );
    for (unit, name, help) in [
        (
            Unit::Number,
            "ops_finding_value",
            "Measured value of one finding, unitless (counts, load per core).",
        ),
        (
            Unit::Percent,
            "ops_finding_value_percent",
            "Measured value of one finding, in percent.",
        ),
        (
            Unit::Seconds,
            "ops_finding_value_seconds",
            "Measured value of one finding, in seconds.",
        ),
        (
            Unit::Bytes,
            "ops_finding_value_bytes",
            "Measured value of one finding, in bytes.",
        ),
    ] {
        family(
            &mut out,
            name,
            help,
            series.iter().filter_map(|s| match s.value {
                Some((u, v)) if u == unit => Some((s.labels.clone(), v)),
                _ => None,
            }),
        );
    }
    let target_labels = |name: &str| format!("kind=\"{kind}\",target=\"{}\"", escape(name));
    family(
        &mut out,
        "ops_target_status",
        "Worst status of one target of an ops run: 0 ok, 1 warn, 2 crit, 3 unknown.",
        run.targets
            .iter()
            .map(|t| (target_labels(t.name), f64::from(status_number(t.status)))),
    );
    family(
        &mut out,
        "ops_target_duration_seconds",
        "Time one target of an ops run took to inspect.",
        run.targets
            .iter()
            .filter_map(|t| Some((target_labels(t.name), t.duration?.as_secs_f64()))),
    );
    let run_labels = format!("kind=\"{kind}\"");
    family(
        &mut out,
        "ops_run_status",
        "Worst status of an ops run, its exit status: 0 ok, 1 warn, 2 crit, 3 unknown.",
        [(run_labels.clone(), f64::from(status_number(run.status())))],
    );
    family(
        &mut out,
        "ops_run_targets",
        "Targets in an ops run.",
        [(run_labels.clone(), run.targets.len() as f64)],
    );
    family(
        &mut out,
        "ops_run_timestamp_seconds",
        "Time an ops run started, in seconds since the Unix epoch.",
        [(run_labels, run.started.timestamp_millis() as f64 / 1000.0)],
    );
    out
}

/// One metric family: HELP, TYPE and its samples; nothing when it has none.
fn family(
    out: &mut String,
    name: &str,
    help: &str,
    samples: impl IntoIterator<Item = (String, f64)>,
) {
    let mut samples = samples.into_iter().peekable();
    if samples.peek().is_none() {
        return;
    }
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} gauge");
    for (labels, value) in samples {
        let _ = writeln!(out, "{name}{{{labels}}} {}", number(value));
    }
}

/// A sample value: Go's float syntax, without needless digits.
fn number(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        }
    } else {
        format!("{v}")
    }
}

/// A label value: backslash, double quote and line feed escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::RunTarget;
    use super::*;
    use crate::check::Finding;
    use chrono::TimeZone;

    #[test]
    fn one_gauge_per_finding_and_duplicates_merged() {
        let findings = vec![
            Finding::new("fs.usage", Status::Crit, "full")
                .subject("/da\"ta")
                .value(95.0)
                .threshold("used warn > 80 %, crit > 90 %"),
            Finding::ok("errlog", "quiet").value(0),
            Finding::unknown("dns", "a"),
            Finding::ok("dns", "b"),
            Finding::skip("swap", "none"),
        ];
        let run = Run {
            kind: "host",
            started: chrono::Utc.with_ymd_and_hms(2026, 11, 22, 6, 0, 0).unwrap(),
            targets: vec![RunTarget {
                name: "web01",
                status: Status::Crit,
                duration: Some(std::time::Duration::from_millis(1500)),
                findings: &findings,
            }],
        };
        let text = render(&run);
        assert!(text.contains(
            "ops_finding_status{kind=\"host\",target=\"web01\",check=\"fs.usage\",subject=\"/da\\\"ta\"} 2\n"
        ), "{text}");
        assert!(text.contains("ops_finding_value_percent{kind=\"host\",target=\"web01\",check=\"fs.usage\",subject=\"/da\\\"ta\"} 95\n"));
        assert!(text.contains(
            "ops_finding_value{kind=\"host\",target=\"web01\",check=\"errlog\",subject=\"\"} 0\n"
        ));
        assert!(text.contains(
            "ops_finding_status{kind=\"host\",target=\"web01\",check=\"dns\",subject=\"\"} 3\n"
        ));
        assert_eq!(text.matches("check=\"dns\"").count(), 1);
        assert!(!text.contains("swap"));
        assert!(!text.contains("ops_finding_value_bytes"));
        assert!(text.contains("ops_target_duration_seconds{kind=\"host\",target=\"web01\"} 1.5\n"));
        assert!(text.contains("ops_run_status{kind=\"host\"} 2\n"));
        assert!(text.contains("ops_run_timestamp_seconds{kind=\"host\"} 1795327200\n"));
    }
}
