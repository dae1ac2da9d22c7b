//! Parsers for linux output (see parse/mod.rs).
