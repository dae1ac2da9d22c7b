//! `ops ticket part ID`: a defective part replaced, for the defective parts
//! report (《缺坏件报告》).

use crate::app::App;
use crate::exit::Exit;
use crate::ticket::{Event, EventKind, PartKind, PartReplaced, store, time};
use anyhow::Result;
use clap::Args;

/// Record a defective part replaced on a ticket: what it was, both serial
/// numbers, the fault, and whether it went back to the vendor
///
/// One part per command, one commit each. Parts may be recorded after the
/// ticket was closed (the sheet is often filled in afterwards). A part
/// without a model, either serial number or the fault is refused (exit 78)
/// and nothing is written. `ops report parts` lists them by customer and kind.
#[derive(Debug, Args)]
#[command(
    after_help = "Kinds: disk, power-supply, fan, memory, cpu, mainboard, controller, nic, battery, \
module, cable, other\n\n\
Example:\n  ops ticket part T-20261122-0001 --kind disk --model 'ST4000NM0035' \\\n    \
--removed-serial ZC11A2B3 --installed-serial ZC19X8Y7 --fault '1,024 reallocated sectors' \\\n    \
--returned-to-vendor"
)]
pub struct TicketPartArgs {
    /// Ticket id, e.g. T-20261122-0001
    pub id: String,

    /// What kind of part [required]
    #[arg(long, value_name = "KIND")]
    pub kind: Option<PartKind>,

    /// Model or part number [required]
    #[arg(long, value_name = "TEXT")]
    pub model: Option<String>,

    /// Serial number of the part taken out [required]
    #[arg(long, value_name = "SN")]
    pub removed_serial: Option<String>,

    /// Serial number of the part put in [required]
    #[arg(long, value_name = "SN")]
    pub installed_serial: Option<String>,

    /// What was wrong with the part taken out [required]
    #[arg(long, value_name = "TEXT")]
    pub fault: Option<String>,

    /// The part taken out goes back to the vendor
    #[arg(long)]
    pub returned_to_vendor: bool,

    /// When it was replaced, RFC 3339 [default: now]
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

pub fn run(app: &App, args: TicketPartArgs) -> Result<Exit> {
    let id = store::parse_id(&args.id)?;
    let records = super::writer(app)?;
    let policy = super::policy(app)?;
    let now = time::now();
    let at = super::event_time(args.at.as_deref(), now)?;
    let text = |v: Option<String>| v.map(|s| s.trim().to_owned()).unwrap_or_default();
    let Some(kind) = args.kind else {
        return Err(crate::bad_input!(
            "a replaced part needs --kind (disk, power-supply, fan, memory, …)"
        ));
    };
    let part = PartReplaced {
        kind,
        model: text(args.model),
        removed_serial: text(args.removed_serial),
        installed_serial: text(args.installed_serial),
        fault: text(args.fault),
        returned_to_vendor: args.returned_to_vendor,
    };
    let event = Event {
        at,
        by: store::actor(),
        kind: EventKind::Part(part),
    };
    // The ticket checks the part (serials, model, fault) before anything is written.
    super::append_event(app, records, id, event, &policy, now)
}
