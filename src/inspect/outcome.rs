//! What an inspection run produces, whatever it inspected: one result per
//! target, counted for the commit message and the summary line, and turned
//! into the run's exit status. Recording is [`super::record`]'s; printing is
//! the command's (`commands::inspect::view`).

use super::host::manual::ManualSection;
use crate::check::{Finding, Status};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::time::Duration;

/// One target's inspection.
#[derive(Debug, Clone)]
pub struct TargetResult {
    pub target: String,
    /// How it was reached (`local`, `ops@10.0.0.1:22`).
    pub address: String,
    pub started: DateTime<Utc>,
    pub duration: Duration,
    pub findings: Vec<Finding>,
    /// Figures kept for reports (kind-specific).
    pub metrics: serde_json::Value,
    /// Why the target could not be inspected at all.
    pub error: Option<String>,
    /// What the engineer answered at the machine (hosts, `--manual`).
    pub manual: Option<ManualSection>,
}

impl TargetResult {
    /// A target that could not be inspected: one `unknown` finding with the reason.
    pub fn failed(
        target: &str,
        address: &str,
        started: DateTime<Utc>,
        duration: Duration,
        reason: String,
    ) -> TargetResult {
        TargetResult {
            target: target.into(),
            address: address.into(),
            started,
            duration,
            findings: vec![Finding::unknown("reach", reason.clone())],
            metrics: serde_json::Value::Null,
            error: Some(reason),
            manual: None,
        }
    }

    pub fn status(&self) -> Status {
        Status::worst(self.findings.iter().map(|f| f.status))
    }
}

/// How many targets of a run ended in each status (skip counts as ok).
#[derive(Debug, Default, Serialize)]
pub struct Counts {
    pub targets: usize,
    pub ok: usize,
    pub warn: usize,
    pub crit: usize,
    pub unknown: usize,
}

impl Counts {
    pub fn of(results: &[TargetResult]) -> Counts {
        let mut c = Counts {
            targets: results.len(),
            ..Counts::default()
        };
        for r in results {
            match r.status() {
                Status::Skip | Status::Ok => c.ok += 1,
                Status::Warn => c.warn += 1,
                Status::Crit => c.crit += 1,
                Status::Unknown => c.unknown += 1,
            }
        }
        c
    }

    /// `12 targets, 2 crit, 1 warn` (zero counts left out).
    pub fn sentence(&self) -> String {
        let mut s = format!(
            "{} target{}",
            self.targets,
            if self.targets == 1 { "" } else { "s" }
        );
        // Worst first, in the order that decides the exit status.
        for (n, word) in [
            (self.crit, "crit"),
            (self.unknown, "unknown"),
            (self.warn, "warn"),
        ] {
            if n > 0 {
                s.push_str(&format!(", {n} {word}"));
            }
        }
        if self.ok == self.targets {
            s.push_str(", all ok");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_message_counts_problems() {
        let mk = |s: Status| TargetResult {
            target: "t".into(),
            address: "local".into(),
            started: DateTime::UNIX_EPOCH,
            duration: Duration::ZERO,
            findings: vec![Finding::new("x", s, "m")],
            metrics: serde_json::Value::Null,
            error: None,
            manual: None,
        };
        let results: Vec<_> = [
            Status::Ok,
            Status::Crit,
            Status::Crit,
            Status::Warn,
            Status::Skip,
        ]
        .map(mk)
        .into();
        assert_eq!(Counts::of(&results).sentence(), "5 targets, 2 crit, 1 warn");
        assert_eq!(Counts::of(&results[..1]).sentence(), "1 target, all ok");
    }
}
