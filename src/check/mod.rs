//! Verdicts: statuses, findings, limits, and the fan-out that produces them.

mod finding;
mod status;
mod threshold;

pub use finding::Finding;
pub use status::Status;
pub use threshold::{Limits, fmt_num};
