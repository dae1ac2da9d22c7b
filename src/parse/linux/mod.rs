//! Parsers for what the Linux host collection script prints (see
//! `inspect/host/collect.sh`): the splitter for its sections, and one parser
//! per source. Pure functions from text to typed values; sizes in bytes.
//! They return `Err(reason)` for output they do not understand and never
//! panic, whatever the input.

pub mod accounts;
pub mod by_section;
pub mod df;
pub mod errlog;
pub mod gateway;
pub mod ifconfig;
pub mod ip;
pub mod ipmitool;
pub mod loadavg;
pub mod login_defs;
pub mod mac;
pub mod mail;
pub mod mdstat;
pub mod meminfo;
pub mod netsys;
pub mod os_release;
pub mod raidctl;
pub mod resolve;
pub mod route_n;
pub mod run;
pub mod sections;
pub mod single;
pub mod smartctl;
pub mod stat;
pub mod systemctl;
pub mod timesync;
pub mod updates;
pub mod uptime;

/// A capture of a hardware tool's output, from `tests/fixtures/hw/`.
#[cfg(test)]
pub(crate) fn hw_fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/hw/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
