//! One customer's part of the records (`--customer NAME`): the inspections,
//! backups, changes and walks of that customer's inventory entries, and the
//! tickets of that customer. A pure filter of [`Inputs`]; which entries
//! belong to whom is the inventory's to say (the caller passes them in).

use super::load::Inputs;
use std::collections::BTreeSet;
use std::path::Path;

/// A customer and the names of its inventory entries.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub customer: String,
    pub targets: BTreeSet<String>,
    /// The backup sets whose `host` or `db` is one of `targets`.
    pub backup_sets: BTreeSet<String>,
}

impl Scope {
    fn has(&self, target: &str) -> bool {
        self.targets.contains(target)
    }

    /// Whether a configuration file (`config/<device>.cfg`) is one of ours.
    fn owns_config(&self, file: &str) -> bool {
        Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .is_some_and(|device| self.has(device))
    }
}

/// The part of `inputs` that is `scope`'s. One-off verifications of a PATH
/// belong to no customer and are left out; skipped records are all kept (a
/// damaged record may be anyone's, and the report must say it was skipped).
pub fn only(mut inputs: Inputs, scope: &Scope) -> Inputs {
    let tickets: BTreeSet<String> = inputs
        .tickets
        .iter()
        .filter(|t| t.customer == scope.customer)
        .map(|t| t.id.to_string())
        .collect();
    let ours = |ticket: Option<&str>| ticket.is_some_and(|t| tickets.contains(t));
    inputs.inspections.retain(|i| scope.has(&i.target));
    inputs.tickets.retain(|t| t.customer == scope.customer);
    inputs
        .walks
        .retain(|w| scope.has(&w.target) || ours(w.ticket.as_deref()));
    inputs
        .backups
        .retain(|b| scope.backup_sets.contains(&b.set));
    inputs.backup_sets.retain(|s| scope.backup_sets.contains(s));
    inputs.one_offs.clear();
    inputs
        .changes
        .retain(|c| c.files.iter().any(|f| scope.owns_config(f)));
    inputs
        .change_records
        .retain(|c| ours(Some(&c.ticket.to_string())) || c.targets.iter().any(|t| scope.has(t)));
    inputs
        .takes
        .retain(|t| scope.has(&t.host) || ours(t.ticket.as_deref()));
    inputs
}
