//! Parsers for Cisco IOS and IOS-XE command output (see parse/mod.rs).
//!
//! One file per command family. Each `parse_*` function takes the text a
//! device printed (a raw capture is fine: it is cleaned with
//! [`crate::parse::device::clean_output`] first) and returns typed values
//! whose field names follow the ntc-templates keys for the same concept.
//! A text in which nothing is recognised is an error (`BadInput`), never a
//! panic.

mod environment;
mod interfaces;
mod interfaces_status;
mod ip_interface_brief;
mod ip_route;
mod processes_cpu;
mod processes_memory;
mod version;

pub use environment::{
    EnvProblem, EnvStatus, Environment, PowerSupply, Sensor, TemperatureSensor,
    parse_show_environment, state_status,
};
pub use interfaces::{Interface, parse_show_interfaces};
pub use interfaces_status::{InterfaceStatus, parse_show_interfaces_status};
pub use ip_interface_brief::{IpInterfaceBrief, parse_show_ip_interface_brief};
pub use ip_route::{IpRoutes, LastResort, Route, parse_show_ip_route};
pub use processes_cpu::{CpuProcess, ProcessesCpu, parse_show_processes_cpu};
pub use processes_memory::{
    MemoryPool, MemoryProcess, ProcessesMemory, parse_show_processes_memory,
};
pub use version::{ShowVersion, parse_show_version};
