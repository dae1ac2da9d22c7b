//! The backup records linked to a change (`--change ID` on `backup take`
//! and `backup verify`), read through their owner, for the gate.

use super::gate::{Backups, Linked};
use super::model::Change;
use std::path::Path;

/// The take and verification records of `change`, and a warning for each
/// unusable record met on the way (named and skipped, never fatal).
pub fn backups_of(root: &Path, change: &Change) -> (Backups, Vec<String>) {
    let found =
        crate::backup::record::linked_to_change(root, &change.id.to_string(), change.created);
    let backups = Backups {
        takes: found
            .takes
            .into_iter()
            .map(|(path, record)| Linked { path, record })
            .collect(),
        verifies: found
            .verifies
            .into_iter()
            .map(|(path, record)| Linked { path, record })
            .collect(),
    };
    let warnings = found
        .damaged
        .into_iter()
        .map(|d| format!("skipping record {}: {}", d.path.display(), d.reason))
        .collect();
    (backups, warnings)
}
