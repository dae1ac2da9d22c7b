//! A finding: what one check concluded about one subject of one target.

use super::Status;
use serde::{Deserialize, Serialize};

/// One line of an inspection: `check` names the check (`fs.usage`), `subject`
/// the thing it looked at when a check covers several (`/var`, `eth0`).
/// `value` is the measured figure (a JSON number wherever it is a number, bytes
/// for sizes), `threshold` the rule that was applied, in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub check: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub status: Status,
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub value: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<String>,
    pub message: String,
}

impl Finding {
    pub fn new(check: &str, status: Status, message: impl Into<String>) -> Finding {
        Finding {
            check: check.to_string(),
            subject: None,
            status,
            value: serde_json::Value::Null,
            threshold: None,
            message: message.into(),
        }
    }

    pub fn ok(check: &str, message: impl Into<String>) -> Finding {
        Finding::new(check, Status::Ok, message)
    }

    pub fn skip(check: &str, reason: impl Into<String>) -> Finding {
        Finding::new(check, Status::Skip, reason)
    }

    pub fn unknown(check: &str, reason: impl Into<String>) -> Finding {
        Finding::new(check, Status::Unknown, reason)
    }

    pub fn subject(mut self, subject: impl Into<String>) -> Finding {
        self.subject = Some(subject.into());
        self
    }

    pub fn value(mut self, value: impl Into<serde_json::Value>) -> Finding {
        self.value = value.into();
        self
    }

    pub fn threshold(mut self, threshold: impl Into<String>) -> Finding {
        self.threshold = Some(threshold.into());
        self
    }

    /// `check` or `check[subject]`, the way tables and messages name a finding.
    pub fn label(&self) -> String {
        match &self.subject {
            Some(s) => format!("{}[{}]", self.check, s),
            None => self.check.clone(),
        }
    }
}
