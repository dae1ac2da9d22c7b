//! The age of a database's last good backup, from the `ops backup verify`
//! records (`crate::backup::record`): the set is the entry's `backup_set`,
//! or its name.

use std::path::Path;

pub use crate::backup::record::{LastGood, SetState as BackupState};

/// What the records say about `set`, and the records that could not be read
/// (as `path: reason`, to be named in a warning).
pub fn last_good(records_root: &Path, set: &str) -> (BackupState, Vec<String>) {
    let (state, damaged) = crate::backup::record::set_state(records_root, set);
    let damaged = damaged
        .into_iter()
        .map(|d| format!("{}: {}", d.path.display(), d.reason))
        .collect();
    (state, damaged)
}
