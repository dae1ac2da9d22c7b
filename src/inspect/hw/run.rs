//! One hardware target from start to finish, within its deadline.
//!
//! The protocol's work runs on its own thread and the caller waits at most
//! until the deadline, so a BMC that accepts a connection and then hangs
//! still gives an answer in time (the abandoned thread ends with the
//! process).

use super::thresholds::HwThresholds;
use super::{Collected, HwError, HwLimits, HwMetrics, HwTarget, Protocol, ipmi, nut, redfish};
use crate::check::{Finding, Status};
use crate::inspect::db::credentials::Secret;
use crate::inspect::outcome::TargetResult;
use std::time::{Duration, Instant};

/// Everything one target's inspection needs.
#[derive(Debug, Clone)]
pub struct HwJob {
    pub target: HwTarget,
    pub password: Option<Secret>,
    /// The metrics of the target's previous record: where its SEL was read up to.
    pub previous: Option<HwMetrics>,
    pub thresholds: HwThresholds,
}

/// Inspect one target; never fails, never outlives `limits.timeout` by much.
pub fn inspect(job: &HwJob, limits: &HwLimits) -> TargetResult {
    let started_at = crate::clock::now();
    let started = Instant::now();
    let deadline = started + limits.timeout;
    let (tx, rx) = std::sync::mpsc::channel();
    let (owned_job, owned_limits) = (job.clone(), limits.clone());
    std::thread::spawn(move || {
        let _ = tx.send(collect(&owned_job, &owned_limits, deadline));
    });
    let outcome = rx
        .recv_timeout(limits.timeout + Duration::from_millis(300))
        .unwrap_or_else(|_| {
            Err(HwError::Failed(crate::transport::limits::within_text(
                limits.timeout,
            )))
        });
    let name = &job.target.name;
    let address = job.target.describe();
    match outcome {
        Ok(mut collected) => TargetResult {
            target: name.clone(),
            address,
            started: started_at,
            duration: started.elapsed(),
            findings: collected.findings,
            metrics: {
                collected.metrics.hosts = job.target.hosts.clone();
                serde_json::to_value(&collected.metrics).unwrap_or_default()
            },
            error: None,
            manual: None,
        },
        Err(HwError::Failed(reason)) => {
            let mut r = TargetResult::failed(name, &address, started_at, started.elapsed(), reason);
            r.metrics = carried_forward(job);
            r
        }
        Err(HwError::Down(reason)) => TargetResult {
            target: name.clone(),
            address,
            started: started_at,
            duration: started.elapsed(),
            findings: vec![Finding::new(
                "reach",
                Status::Crit,
                format!("not answering: {reason}"),
            )],
            metrics: carried_forward(job),
            error: None,
            manual: None,
        },
    }
}

/// A run that read nothing keeps the previous SEL position, so the entries
/// logged meanwhile are reported by the next run that gets through.
fn carried_forward(job: &HwJob) -> serde_json::Value {
    let metrics = HwMetrics {
        protocol: job.target.protocol.as_str().into(),
        hosts: job.target.hosts.clone(),
        sel: job.previous.as_ref().and_then(|p| p.sel.clone()),
        ..HwMetrics::default()
    };
    serde_json::to_value(metrics).unwrap_or_default()
}

fn collect(job: &HwJob, limits: &HwLimits, deadline: Instant) -> Result<Collected, HwError> {
    match job.target.protocol {
        Protocol::Redfish => redfish::inspect(job, limits, deadline),
        Protocol::Ipmi => ipmi::inspect(job, limits, deadline),
        Protocol::Nut => nut::inspect(job, limits, deadline),
    }
}
