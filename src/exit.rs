//! Exit statuses, one documented list so that scripts can tell "unhealthy"
//! (1, 2, 3 from an inspection or verification) from "ops could not run" (64, 78, 1).

use crate::check::Status;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything checked is ok (or the command simply succeeded).
    Ok,
    /// The worst finding is a warning.
    Warn,
    /// The worst finding is critical.
    Crit,
    /// Some target or item could not be checked.
    Unknown,
    /// The command line is wrong.
    Usage,
    /// A configuration or input file is wrong; nothing was changed.
    BadInput,
    /// Any other failure.
    Failure,
    /// The records are committed locally but could not be pushed to the
    /// remote (`ops sync`, or the sync after a write): try again later.
    NotPushed,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Warn => 1,
            Exit::Crit => 2,
            Exit::Unknown => 3,
            Exit::Usage => 64,
            Exit::BadInput => 78,
            Exit::Failure => 1,
            Exit::NotPushed => 75,
        }
    }

    pub fn from_status(status: Status) -> Exit {
        match status {
            Status::Skip | Status::Ok => Exit::Ok,
            Status::Warn => Exit::Warn,
            Status::Crit => Exit::Crit,
            Status::Unknown => Exit::Unknown,
        }
    }
}

/// Marks an error as the user's input being wrong (exit 78): a config,
/// inventory, runbook or record file, or a value given on the command line
/// that names something that is not there.
#[derive(Debug)]
pub struct BadInput(pub String);

impl fmt::Display for BadInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// Marks an error as a command-line mistake (exit 64) found after parsing,
/// such as a missing flag when there is no terminal to ask on.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Marks an error of a sync that could not push (exit 75, EX_TEMPFAIL):
/// what was recorded is committed locally and nothing of it is lost.
#[derive(Debug)]
pub struct NotPushed(pub String);

impl fmt::Display for NotPushed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotPushed {}

/// Shorthand for `Err(BadInput(..))` with a formatted message.
#[macro_export]
macro_rules! bad_input {
    ($($arg:tt)*) => {
        ::anyhow::Error::new($crate::exit::BadInput(format!($($arg)*)))
    };
}

/// Shorthand for a usage error with a formatted message.
#[macro_export]
macro_rules! usage_error {
    ($($arg:tt)*) => {
        ::anyhow::Error::new($crate::exit::UsageError(format!($($arg)*)))
    };
}

/// The exit status for an error that ended a command.
pub fn for_error(err: &anyhow::Error) -> Exit {
    for cause in err.chain() {
        if cause.is::<BadInput>() {
            return Exit::BadInput;
        }
        if cause.is::<UsageError>() {
            return Exit::Usage;
        }
        if cause.is::<NotPushed>() {
            return Exit::NotPushed;
        }
    }
    Exit::Failure
}
