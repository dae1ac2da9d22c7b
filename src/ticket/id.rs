//! Ticket ids: `T-20261122-0001`, the UTC date the ticket was entered and a
//! per-day sequence number. They read well on the phone and sort by creation.

use chrono::NaiveDate;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TicketId {
    pub date: NaiveDate,
    pub seq: u32,
}

impl TicketId {
    pub fn new(date: NaiveDate, seq: u32) -> TicketId {
        TicketId { date, seq }
    }

    /// The file of this ticket, relative to the records repository:
    /// `tickets/2026-11/T-20261122-0001.toml` (the layout is [`super::store`]'s).
    pub fn rel_path(&self) -> PathBuf {
        super::store::ticket_path(*self)
    }

    /// The id a ticket file's name spells, if it spells one.
    pub fn from_file_name(name: &str) -> Option<TicketId> {
        name.strip_suffix(".toml")?.parse().ok()
    }

    /// The prefix every id of `date` starts with: `T-20261122-`.
    pub fn day_prefix(date: NaiveDate) -> String {
        format!("T-{}-", date.format("%Y%m%d"))
    }
}

impl fmt::Display for TicketId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_dated('T', self.date, self.seq))
    }
}

impl FromStr for TicketId {
    type Err = String;

    /// `T-20261122-0001`; the `T` may be lower case.
    fn from_str(text: &str) -> Result<TicketId, String> {
        parse_dated(text, 'T')
            .map(|(date, seq)| TicketId { date, seq })
            .ok_or_else(|| format!("{text:?} is not a ticket id (they look like T-20261122-0001)"))
    }
}

/// `<L>-YYYYMMDD-NNNN`, the shape of every dated id (tickets `T`, changes
/// `C`): the letter (either case), the day, and a sequence number of at
/// least four digits, not zero.
pub fn parse_dated(text: &str, letter: char) -> Option<(NaiveDate, u32)> {
    let mut chars = text.chars();
    if !chars.next()?.eq_ignore_ascii_case(&letter) {
        return None;
    }
    let rest = chars.as_str().strip_prefix('-')?;
    let (date, seq) = rest.split_once('-')?;
    if date.len() != 8 || seq.len() < 4 || !seq.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let date = NaiveDate::parse_from_str(date, "%Y%m%d").ok()?;
    let seq: u32 = seq.parse().ok()?;
    (seq != 0).then_some((date, seq))
}

/// The text of a dated id: `T-20261122-0001`.
pub fn format_dated(letter: char, date: NaiveDate, seq: u32) -> String {
    format!("{letter}-{}-{seq:04}", date.format("%Y%m%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_sorts() {
        let id: TicketId = "T-20261122-0001".parse().unwrap();
        assert_eq!(id.to_string(), "T-20261122-0001");
        assert_eq!(
            id.rel_path(),
            PathBuf::from("tickets/2026-11/T-20261122-0001.toml")
        );
        let big = TicketId::new(id.date, 12345);
        assert_eq!(big.to_string(), "T-20261122-12345");
        assert_eq!(big.to_string().parse::<TicketId>().unwrap(), big);
        assert!(id < big);
        for bad in [
            "T-2026112-0001",
            "X-20261122-0001",
            "T-20261322-0001",
            "T-20261122-0000",
            "T-20261122-1",
        ] {
            assert!(bad.parse::<TicketId>().is_err(), "{bad}");
        }
    }
}
