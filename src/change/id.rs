//! Change ids: `C-20261122-0001`, the UTC date the change was requested and a
//! per-day sequence number, like ticket ids (`T-…`) so the two read alike on
//! the phone and sort by creation, and never be mistaken for each other.

use crate::ticket::id::{format_dated, parse_dated};
use chrono::NaiveDate;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChangeId {
    pub date: NaiveDate,
    pub seq: u32,
}

impl ChangeId {
    pub fn new(date: NaiveDate, seq: u32) -> ChangeId {
        ChangeId { date, seq }
    }

    /// The id a change file's name spells, if it spells one.
    pub fn from_file_name(name: &str) -> Option<ChangeId> {
        name.strip_suffix(".toml")?.parse().ok()
    }
}

impl fmt::Display for ChangeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_dated('C', self.date, self.seq))
    }
}

impl FromStr for ChangeId {
    type Err = String;

    /// `C-20261122-0001`; the `C` may be lower case.
    fn from_str(text: &str) -> Result<ChangeId, String> {
        parse_dated(text, 'C')
            .map(|(date, seq)| ChangeId { date, seq })
            .ok_or_else(|| format!("{text:?} is not a change id (they look like C-20261122-0001)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_ticket_ids() {
        let id: ChangeId = "C-20261122-0001".parse().unwrap();
        assert_eq!(id.to_string(), "C-20261122-0001");
        assert_eq!(ChangeId::from_file_name("C-20261122-0001.toml"), Some(id));
        for bad in [
            "T-20261122-0001",
            "C-2026112-0001",
            "C-20261122-0000",
            "C-20261122-1",
        ] {
            assert!(bad.parse::<ChangeId>().is_err(), "{bad}");
        }
    }
}
