//! The verdict of one check, ordered so that the worst of a list is its maximum.

use serde::{Deserialize, Serialize};
use std::fmt;

/// `Skip` sorts lowest because a check that does not apply never worsens a run;
/// `Unknown` sorts highest because a target that could not be checked is the
/// thing an operator must look at first (monitoring-plugin exit code 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Skip,
    Ok,
    Warn,
    Crit,
    Unknown,
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

    /// The worst of several statuses; `Ok` when there are none.
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
    fn worst_ignores_skip_and_ranks_unknown_highest() {
        assert_eq!(Status::worst([]), Status::Ok);
        assert_eq!(Status::worst([Status::Skip]), Status::Ok);
        assert_eq!(
            Status::worst([Status::Ok, Status::Warn, Status::Skip]),
            Status::Warn
        );
        assert_eq!(
            Status::worst([Status::Crit, Status::Unknown]),
            Status::Unknown
        );
    }
}
