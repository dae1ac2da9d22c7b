//! Parsers for cisco_ios output (see parse/mod.rs).
