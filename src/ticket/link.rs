//! `--ticket ID` on the commands that produce evidence (inspect, backup,
//! diagnose): the link is kept on both sides. The evidence record names the
//! ticket (its `ticket` field); the ticket gets one `linked` event per record,
//! in the same commit as the records.
//!
//! ```ignore
//! // before the work, so a typo is reported before a 30 s inspection:
//! let link = TicketLink::check(app.recorder(), args.ticket.as_deref())?;
//! // … run …
//! records.transaction(|tx| {
//!     tx.write(&path, &bytes)?;                      // the record, with ticket = link.id()
//!     if let Some(link) = &link { link.record(tx, &[path.clone()])?; }
//!     Ok(((), message))
//! })?;
//! ```

use super::TicketId;
use super::store;
use crate::records::{Records, Transaction};
use anyhow::Result;
use std::path::PathBuf;

/// A checked `--ticket ID`: the ticket exists in the records repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketLink {
    id: TicketId,
}

impl TicketLink {
    /// Check `--ticket` before doing the work, against the repository the
    /// records will be written to (None under `--no-record` or without one).
    /// None without the flag; a usage error (64) for a malformed id or when
    /// nothing can be recorded; bad input (78) for an unknown ticket.
    pub fn check(recorder: Option<&Records>, arg: Option<&str>) -> Result<Option<TicketLink>> {
        let Some(text) = arg else { return Ok(None) };
        let id = store::parse_id(text)?;
        let records = recorder.ok_or_else(|| {
            crate::usage_error!(
                "--ticket {id} links the records of this run to the ticket, so it needs a records \
                 repository and cannot be used with --no-record"
            )
        })?;
        store::resolve(records, text)?;
        Ok(Some(TicketLink { id }))
    }

    /// The ticket id, for the evidence record's `ticket` field and commit message.
    pub fn id(&self) -> TicketId {
        self.id
    }

    /// Inside the transaction that writes the evidence: append a `linked`
    /// event naming each record (paths relative to the repository).
    pub fn record(&self, tx: &mut Transaction, records: &[PathBuf]) -> Result<()> {
        store::link_in(tx, self.id, records, super::time::now(), &store::actor())
    }
}
