//! The network-device inspection (SPEC §2.3): Cisco IOS and Huawei VRP.
//!
//! [`collect`] reads one output per item of the platform's [`plan`] from a
//! [`Source`] (a live [`crate::transport::shell::DeviceShell`] or a directory
//! of saved captures), [`facts`] turns the outputs into platform-neutral
//! facts with the parsers of `crate::parse`, and [`evaluate`] judges them
//! against [`NetThresholds`] and the previous inspection's [`NetMetrics`]:
//! error counters are judged on their growth since then, and a lower uptime
//! is a reload.
//!
//! ```no_run
//! # use ops::inspect::net::*;
//! # use ops::parse::device::Platform;
//! let mut source = CaptureSource { dir: "captures/sw1".into() };
//! let collected = collect(Platform::CiscoIos, &mut source);
//! let (findings, metrics) = evaluate(
//!     &facts(&collected),
//!     &NetThresholds::default(),
//!     None,
//!     ops::clock::now(),
//! );
//! ```

mod collect;
mod evaluate;
mod facts;
mod metrics;
mod targets;
mod thresholds;

pub use collect::{
    CaptureSource, Collected, Fetch, Item, Reply, ShellSource, Source, capture_names, collect, plan,
};
pub use evaluate::{Previous, evaluate, human_duration};
pub use facts::{COUNTERS, Counters, DeviceFacts, Fact, Gap, IfaceState, facts};
pub use metrics::NetMetrics;
pub use targets::{
    DeviceTarget, detect_platform, empty_selection, inventory_device, open_shell, resolve_devices,
};
pub use thresholds::{NetThresholds, Prefix};

#[cfg(test)]
mod tests;
