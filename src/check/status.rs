//! The verdict of one check, ordered so that the worst of a list is its maximum.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The order is severity as Icinga ranks it: crit > unknown > warn > ok.
/// `Skip` sorts lowest because a check that does not apply never worsens a run.
/// `Crit` outranks `Unknown` because a known outage must never hide behind a
/// check that could not run: a host with a dead gateway whose error log is
/// unreadable to a non-root login is crit, not unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Skip,
    Ok,
    Warn,
    Unknown,
    Crit,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Skip => "skip",
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Crit => "crit",
            Status::Unknown => "unknown",
        }
    }

    /// The worst of several statuses (crit > unknown > warn > ok, skip
    /// ignored); `Ok` when there are none.
    pub fn worst<I: IntoIterator<Item = Status>>(statuses: I) -> Status {
        statuses
            .into_iter()
            .max()
            .unwrap_or(Status::Ok)
            .max(Status::Ok)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_ignores_skip_and_ranks_crit_over_unknown_over_warn() {
        assert_eq!(Status::worst([]), Status::Ok);
        assert_eq!(Status::worst([Status::Skip]), Status::Ok);
        assert_eq!(
            Status::worst([Status::Ok, Status::Warn, Status::Skip]),
            Status::Warn
        );
        assert_eq!(Status::worst([Status::Crit, Status::Unknown]), Status::Crit);
        assert_eq!(
            Status::worst([Status::Unknown, Status::Crit, Status::Ok]),
            Status::Crit
        );
        assert_eq!(
            Status::worst([Status::Warn, Status::Unknown]),
            Status::Unknown
        );
    }
}
