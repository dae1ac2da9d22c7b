//! Inspections: the checks that turn collected facts into findings, the
//! outcome of a run shared by every kind ([`outcome`]) and its record in the
//! repository ([`record`]); `[inspect]` of ops.toml ([`settings`]) limits
//! every kind's fan-out. Printing a run is the command layer's.

pub mod db;
pub mod host;
pub mod hw;
pub mod net;
pub mod outcome;
pub mod record;
pub mod settings;

pub use settings::InspectSettings;
