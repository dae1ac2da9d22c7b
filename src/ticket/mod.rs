//! `ops ticket`: customer maintenance requests with severity, SLA clocks and
//! an audit trail in git (SPEC §3).
//!
//! - [`model`]: the ticket (the request as received) and its append-only event log;
//! - [`sla`]: the respond / plan / resolve clocks, computed from the log when read,
//!   under a [`Policy`] from `ops.toml` `[sla]`, optionally on a business-hours
//!   [`calendar`];
//! - [`file`]: the one-TOML-file-per-ticket format and its error positions (its
//!   serde layout in `layout`, a fast reader for it in `plain`);
//! - [`store`]: the ticket files in the records repository: create, append, load;
//! - [`service`]: the agreed deadline, the on-site clock and the return visit (回访);
//! - [`link`]: `--ticket ID` on evidence-producing commands ([`TicketLink`]);
//! - [`query`]: the filters and order of `ticket list`; [`text`]: its tables;
//! - [`view`]: the JSON shapes printed by `--format json`;
//! - [`time`]: now (from [`crate::clock::now`], pinned by `OPS_NOW`), parsing and display.

pub mod calendar;
pub mod duration;
pub mod file;
pub mod id;
mod layout;
pub mod link;
pub mod model;
mod plain;
pub mod query;
pub mod service;
pub mod sla;
pub mod store;
pub mod text;
pub mod time;
pub mod view;

pub use duration::Span;
pub use id::TicketId;
pub use link::TicketLink;
pub use model::{
    AgreedPlan, Category, Cause, Channel, Closure, Event, EventKind, Feedback, PartKind,
    PartReplaced, Phase, Severity, Ticket, Visit,
};
pub use sla::{Clock, ClockState, Policy, Sla, SlaConfig};

pub use store::TICKETS_DIR;
