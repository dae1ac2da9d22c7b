//! Backups: sets and their policy, verification, and the pre-change `take`.
//!
//! - [`policy`]: `[[backup.set]]` in `ops.toml` (kind, max age, retention, sizes).
//! - [`locate`]: which files a set's path or glob names.
//! - [`manifest`]: SHA-256 manifests (`take`'s JSON, or `sha256sum` files).
//! - [`read`]: one streaming pass per file that hashes and proves structure.
//! - [`verify`]: policy findings plus parallel reading, into findings and a record.
//! - [`take`]: a tar.zst archive and its manifest, written atomically and verified.
//! - [`private`]: the modes of what backups write, and who else could read a set.
//! - [`record`]: the records these runs leave, and "last good backup per set".
//! - [`last_backup`]: the `backup.last` finding of the inspections, per linked set.

pub mod last_backup;
pub mod locate;
pub mod manifest;
pub mod policy;
pub mod private;
pub mod progress;
pub mod read;
pub mod record;
pub mod take;
pub mod verify;

pub use policy::{
    BackupConfig, BackupSet, DEFAULT_BACKUP_DIR, FileMode, Kind, LinkKind, fmt_bytes,
};
pub use record::{
    LastGood, SetState, TakeRecord, VerifyRecord, last_good, last_good_in, set_state,
};
pub use take::{TakeOptions, Taken, take};
pub use verify::{Report, Target, VerifyOptions, verify};
