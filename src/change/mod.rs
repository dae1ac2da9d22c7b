//! Changes (变更): planned work on named targets under a ticket, approved by
//! a second person and started only behind a verified backup (issue 16.6).
//!
//! - [`model`]: the change, its window and its steps, and the checks on
//!   approving and finishing;
//! - [`gate`]: the pure decision whether a change may start now;
//! - [`file`]: the one-TOML-file-per-change format;
//! - [`store`]: the change files in the records repository (the record's owner);
//! - [`evidence`]: the backup records linked to a change, read for the gate;
//! - [`config`]: `[change]` in ops.toml.

pub mod config;
pub mod evidence;
pub mod file;
pub mod gate;
pub mod id;
pub mod model;
pub mod store;

pub use config::ChangeConfig;
pub use id::ChangeId;
pub use model::{Change, Outcome, Phase, Window};
pub use store::CHANGES_DIR;
