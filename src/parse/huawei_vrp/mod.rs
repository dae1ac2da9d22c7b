//! Parsers for huawei_vrp output (see parse/mod.rs).
