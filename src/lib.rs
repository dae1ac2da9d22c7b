//! `ops`: the daily work of an IT maintenance team, as one binary.
//!
//! `main.rs` only calls [`run`]; everything lives here so that integration
//! tests and benchmarks drive the same code.

pub mod backup;
pub mod check;
pub mod exit;
pub mod inspect;
pub mod parse;
pub mod printer;
