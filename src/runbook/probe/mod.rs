//! Built-in probes and the runners that execute them.
//!
//! A built-in probe is a fixed, read-only shell script and a verdict that is a
//! pure function of the script's exit status and output, so that the same
//! probe gives the same answer whether it ran here (`sh -c`) or on a target
//! over SSH, and so that verdicts are tested on captured output. The only
//! values that reach a script are probe arguments (a name to resolve, a host
//! to ping), and they are validated against a strict grammar before being
//! quoted into it; interface arguments never reach the script at all, the
//! interface is picked out of the full listing instead.
//!
//! A runbook's own command checks are words the validator proved read-only
//! (`readonly.rs`); they run without a shell: here by exec, on a target as one
//! `exec` line with every word single-quoted. A probe whose program is missing
//! (exit 127, or 126 when it cannot be executed) is not a fault of the
//! system under diagnosis: its verdict is [`Verdict::CannotCheck`], and the
//! walk asks the engineer instead.
//!
//! Four modules: `runner` (running a script or a program here or on a
//! target, with a deadline and capped output), `catalog` (the built-in
//! probes, their arguments and their scripts), `verdict` (what the output
//! of a probe means) and `device` (the probes answered by the target's BMC
//! and UPS rather than by a script on it).

mod catalog;
mod device;
mod runner;
mod verdict;

pub use catalog::{Param, Probe, ProbeOptions};
pub use device::{DeviceProbe, DeviceReading, FindingLine};
pub use runner::{
    LocalRunner, ProbeOutput, ProbeRunner, TransportRunner, exec_local, exec_script, run_local,
};
pub use verdict::{Verdict, cannot_run, cannot_run_in};
