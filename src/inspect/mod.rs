//! Inspections: the checks that turn collected facts into findings, and the
//! outcome of a run (records, output, exit status) shared by every kind;
//! `[inspect]` of ops.toml ([`settings`]) limits every kind's fan-out.

pub mod db;
pub mod host;
pub mod net;
pub mod outcome;
pub mod settings;

pub use settings::InspectSettings;
