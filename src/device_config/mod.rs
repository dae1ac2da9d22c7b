//! Device configurations as the records repository keeps them: the running
//! configuration of a Cisco IOS or Huawei VRP device, read over its CLI,
//! cleaned so that it changes only when the configuration does, with its
//! secrets removed, and saved as one file per device.
//!
//! - [`read`]: reading one device (its shell, the running and the saved
//!   configuration) into a [`DeviceRead`], with the finding on whether the
//!   running configuration is saved for the next boot.
//! - [`clean`]: the text that is kept ([`clean_config`]); secrets go through
//!   [`mask_secrets`].
//! - [`compare`]: running against saved, as lines ([`compare()`]), and the
//!   judgement on it ([`saved_finding`]).
//! - [`record`]: the record's owner: its path ([`config_path`]), reading the
//!   saved file back, writing the changed ones, and the commit message.
//!   Nothing else builds a `config/<device>.cfg` path.
//!
//! The command (`ops backup net`, `commands/backup/net.rs`) chooses the
//! devices, runs the reads and the transaction, and presents the result.

pub mod clean;
pub mod compare;
pub mod read;
pub mod record;
mod secrets;

pub use clean::clean_config;
pub use compare::{ConfigDiff, compare, saved_finding};
pub use read::{DeviceRead, read_device, running_command, save_command, saved_command};
pub use record::{CONFIG_DIR, Change, config_path};
pub use secrets::mask_secrets;
