//! Placeholder until the redfish client lands: says so as an `unknown` finding.

use super::run::HwJob;
use super::{Collected, HwError, HwLimits};
use std::time::Instant;

pub fn inspect(_job: &HwJob, _limits: &HwLimits, _deadline: Instant) -> Result<Collected, HwError> {
    Err(HwError::Failed(
        "the redfish client is not built yet".into(),
    ))
}
