//! `ops change approve`: a second person accepts the plan and the rollback.

use crate::app::App;
use crate::change::model::Signed;
use crate::change::store;
use crate::exit::Exit;
use anyhow::Result;
use clap::Args;

/// Approve a change (by someone other than its requester)
///
/// The acting user (the OS login, or OPS_USER on a shared account) is the
/// approver. The requester approving their own change is refused (exit 78)
/// and nothing is written.
#[derive(Debug, Args)]
pub struct ChangeApproveArgs {
    /// Change id, e.g. C-20261120-0001
    pub id: String,
}

pub fn run(app: &App, args: ChangeApproveArgs) -> Result<Exit> {
    let records = super::writer(app)?;
    let id = store::parse_id(&args.id)?;
    let by = crate::login::login_name();
    let now = crate::ticket::time::now();
    let written = store::step(records, id, |_, mut c| {
        c.check_approve(&by)
            .map_err(|why| crate::bad_input!("{why}"))?;
        c.approved = Some(Signed {
            by: by.clone(),
            at: now,
        });
        Ok((c, format!("approved by {by}")))
    })?;
    if app.printer.json() {
        super::print_change(app, &written.change)?;
    }
    super::recorded(
        app,
        &format!("approved {id} as {by}"),
        written.commit.as_deref(),
    );
    Ok(Exit::Ok)
}
