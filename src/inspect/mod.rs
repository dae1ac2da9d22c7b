//! Inspections: the checks that turn collected facts into findings, and the
//! outcome of a run (records, output, exit status) shared by every kind.

pub mod db;
pub mod host;
pub mod net;
pub mod outcome;
