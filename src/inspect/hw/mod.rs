//! The out-of-band hardware inspection (`ops inspect hw`, SPEC §2.1 and §4):
//! what a server's BMC and a rack's UPS say of the hardware, with no agent
//! on the host and whatever state its operating system is in.
//!
//! - [`redfish`]: a BMC over Redfish (HTTPS, JSON): power state and health,
//!   power supplies, fans, temperatures and voltages, storage, memory and
//!   CPUs, and the log entries (SEL) since the previous inspection.
//! - [`ipmi`]: an older BMC over IPMI 2.0 (lanplus): sensors, chassis power
//!   and faults, the SEL.
//! - [`nut`]: a UPS over the NUT network protocol (TCP 3493).
//!
//! Each protocol module turns one target into a [`Collected`]: findings and
//! the [`HwMetrics`] the next run and the fault trees read. Where a target
//! comes from (inventory `[[bmc]]`/`[[ups]]` or a URL) is [`target`]'s.

pub mod ipmi;
pub mod metrics;
pub mod nut;
pub mod redfish;
pub mod run;
pub mod target;
pub mod thresholds;

pub use metrics::{HwMetrics, SelCursor, SelEntry, UpsState};
pub use target::{HwTarget, Protocol, resolve_hw};
pub use thresholds::HwThresholds;

use crate::check::Finding;
use std::path::PathBuf;
use std::time::Duration;

/// What one target said, judged.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    pub findings: Vec<Finding>,
    pub metrics: HwMetrics,
}

/// Why a target gave no [`Collected`].
#[derive(Debug, Clone, PartialEq)]
pub enum HwError {
    /// Nothing answers at the address (refused, no route, connect timeout):
    /// a `crit` finding, the device is down or unreachable.
    Down(String),
    /// It answered but could not be inspected (bad credentials, garbage,
    /// a refused certificate, a deadline): an `unknown` finding.
    Failed(String),
}

/// How far a run may go with one target, and how certificates are trusted.
#[derive(Debug, Clone)]
pub struct HwLimits {
    /// TCP connect and TLS handshake.
    pub connect_timeout: Duration,
    /// Everything about one target.
    pub timeout: Duration,
    /// What one target may send in all before it is cut off.
    pub max_output: u64,
    /// Where pinned BMC certificate fingerprints are kept (one
    /// `address:port sha256:HEX` per line, as known_hosts does for SSH).
    pub known_certs: PathBuf,
    /// Pin the certificate of a BMC seen for the first time
    /// (`--accept-new-certs`); a changed one is always refused.
    pub accept_new_certs: bool,
}
