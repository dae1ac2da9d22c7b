//! Parsers for Huawei VRP command output (see parse/mod.rs).
//!
//! One file per command family, as for Cisco: each `parse_*` function
//! cleans the capture with [`crate::parse::device::clean_output`] first and
//! returns typed values whose field names follow the ntc-templates keys
//! (and the Cisco keys for counters both platforms have, so `crc`, `frame`,
//! `input_errors` mean the same thing on both). Nothing recognised is an
//! error (`BadInput`), never a panic.

mod cpu_usage;
mod environment;
mod interface;
mod interface_brief;
mod memory_usage;
mod routing_table;
mod version;

pub use cpu_usage::{CpuTask, CpuUsage, DataPlaneCpu, parse_display_cpu_usage};
pub use environment::{
    EnvKind, EnvRow, env_problems, parse_display_device, parse_display_fan, parse_display_power,
    parse_display_temperature, state_status,
};
pub use interface::{Interface, parse_display_interface};
pub use interface_brief::{InterfaceBrief, parse_display_interface_brief};
pub use memory_usage::{MemoryUsage, parse_display_memory_usage};
pub use routing_table::{Route, RoutingTable, parse_display_ip_routing_table};
pub use version::{DisplayVersion, parse_display_version};
