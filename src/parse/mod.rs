//! Pure parsers: command output text in, typed values out. No I/O, no clock.
//!
//! Each family lives in its own folder: `linux` for what a Linux host's
//! collection script prints, `cisco_ios` and `huawei_vrp` for device CLIs,
//! `device` for what both device families share (cleaning a captured
//! session, dispatching `ops parse PLATFORM COMMAND`), `table` for reading
//! a row of a fixed-width device table by its words.

pub mod cisco_ios;
pub mod device;
pub mod huawei_vrp;
pub mod linux;
pub(crate) mod table;
