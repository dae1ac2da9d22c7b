//! Verdicts: statuses, findings, limits, and the fan-out that produces them.

mod finding;
pub mod names;
pub mod runner;
mod status;
mod threshold;

pub use finding::Finding;
pub use runner::fan_out;
pub use status::Status;
pub use threshold::{Limits, OrderProblem, Worse, check_orders, fmt_num};
