//! Inspections: the checks that turn collected facts into findings.

pub mod host;
