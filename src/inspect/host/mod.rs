//! The daily Linux host inspection (SPEC §2.1).
//!
//! One read-only shell script ([`script`]) runs on the target through a
//! single exec (`sh -s`, the script on stdin, as an unprivileged user); its
//! stdout goes to [`facts_from_output`], and [`evaluate`] turns the facts
//! into one finding per check plus the metrics a weekly report needs.
//!
//! ```no_run
//! # use ops::inspect::host::*;
//! # fn run_on_target(_: &str) -> String { String::new() }
//! let thresholds = HostThresholds::default();
//! let stdout = run_on_target(&script(&thresholds.collect_options()));
//! let facts = facts_from_output(&stdout);
//! let (findings, metrics) = evaluate(&facts, &thresholds, None);
//! ```

pub mod accounts;
mod collect;
mod evaluate;
mod facts;
pub mod hardware;
mod human;
pub mod manual;
mod metrics;
mod thresholds;

pub use collect::{CollectOptions, HostName, SCRIPT_FORMAT, SCRIPT_TEMPLATE, SECTIONS, script};
pub use evaluate::evaluate;
pub use facts::{Fact, Gap, HostFacts, facts_from_output};
pub use metrics::{CpuCounters, CpuWindow, FsMetrics, HostMetrics, cpu_busy};
pub use thresholds::{HostThresholds, LimitsOverride, MountThresholds, glob_match};

#[cfg(test)]
mod tests;
