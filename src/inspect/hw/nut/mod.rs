//! A UPS over the NUT network protocol (TCP 3493): [`client`] asks `upsd`
//! for every variable of the UPS, [`protocol`] reads its lines, and
//! [`evaluate`] judges them against `[thresholds.hw]`.

pub mod client;
pub mod evaluate;
pub mod protocol;

use super::run::HwJob;
use super::{Collected, HwError, HwLimits};
use std::time::Instant;

pub fn inspect(job: &HwJob, limits: &HwLimits, deadline: Instant) -> Result<Collected, HwError> {
    let target = &job.target;
    let ups = target
        .ups
        .as_deref()
        .ok_or_else(|| HwError::Failed("no UPS name to ask upsd for".into()))?;
    let vars = client::list_vars(target, ups, job.password.as_ref(), limits, deadline)?;
    let (findings, metrics) = evaluate::evaluate(ups, &target.hosts, &vars, &job.thresholds);
    Ok(Collected { findings, metrics })
}
