//! The walk record: what was asked, answered, run and printed, and how the
//! walk ended. Saved as JSON in the records repository (`schema = 1`).
//!
//! Steps undone by "go back" stay in the record with `undone = true`, so the
//! record shows everything that happened, probes included; the path that led
//! to the outcome is the steps that are not undone.

use super::probe::Verdict;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalkRecord {
    pub schema: u32,
    /// Runbook id, e.g. `no-network`.
    pub runbook: String,
    pub runbook_title: String,
    /// Where the runbook was read from (a built-in file or the records repository).
    pub runbook_file: String,
    /// Where the checks ran: `local`, an inventory name or `user@host`.
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    pub started: DateTime<Utc>,
    pub ended: DateTime<Utc>,
    /// Free-text answers by key (`lcd_code`, ...), from the steps not undone.
    pub answers: BTreeMap<String, String>,
    pub steps: Vec<StepRecord>,
    pub outcome: WalkOutcome,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    pub step: String,
    /// question, instruct, check or outcome.
    pub kind: String,
    /// The step's text with earlier answers filled in.
    pub text: String,
    pub started: DateTime<Utc>,
    pub duration_ms: u64,
    /// The choice id, or the text entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// The label of the chosen choice, as the engineer saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_label: Option<String>,
    /// The key a free-text answer is stored under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe: Option<ProbeRecord>,
    /// The step this one led to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Undone by "go back one step".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub undone: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeRecord {
    /// A built-in probe name, or `command`.
    pub name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
    /// The shell script that ran (empty when the probe could not be started).
    pub command: String,
    pub exit_status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub timed_out: bool,
    pub verdict: Verdict,
    /// One line saying why.
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WalkStatus {
    Resolved,
    Escalated,
    Incomplete,
}

impl WalkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            WalkStatus::Resolved => "resolved",
            WalkStatus::Escalated => "escalated",
            WalkStatus::Incomplete => "incomplete",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalkOutcome {
    pub status: WalkStatus,
    /// The outcome step reached, or the step the walk stopped at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The fix, or why to escalate, with answers filled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalate_to: Option<String>,
    /// What to hand over when escalating, with answers filled in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handover: Vec<String>,
    /// Why an incomplete walk stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl WalkRecord {
    /// The steps that led to the outcome (those not undone).
    pub fn path(&self) -> impl Iterator<Item = &StepRecord> {
        self.steps.iter().filter(|s| !s.undone)
    }

    /// Ids of the steps that led to the outcome, in order.
    pub fn path_ids(&self) -> Vec<&str> {
        self.path().map(|s| s.step.as_str()).collect()
    }
}
