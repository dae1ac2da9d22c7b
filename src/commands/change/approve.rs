//! `ops change approve`: a second person accepts the plan and the rollback.

use crate::app::App;
use crate::change::model::Signed;
use crate::change::{ChangeConfig, store};
use crate::exit::Exit;
use anyhow::Result;
use clap::Args;

/// Approve a change (by someone other than its requester)
///
/// The acting user (the OS login, or OPS_USER naming a person) is the
/// approver. The requester approving their own change is refused (exit 78)
/// and nothing is written; so is an approval from the requester's own OS
/// login under another OPS_USER name, unless `[change] shared_login = true`
/// says the team shares one account. The file keeps both name and login.
#[derive(Debug, Args)]
pub struct ChangeApproveArgs {
    /// Change id, e.g. C-20261120-0001
    pub id: String,
}

pub fn run(app: &App, args: ChangeApproveArgs) -> Result<Exit> {
    let records = super::writer(app)?;
    let id = store::parse_id(&args.id)?;
    let shared_login = ChangeConfig::from_config(app.config())?.shared_login;
    let actor = crate::login::actor();
    let by = actor.name.clone();
    let now = crate::ticket::time::now();
    let written = store::step(records, id, |_, mut c| {
        c.check_approve(&actor, shared_login)
            .map_err(|why| crate::bad_input!("{why}"))?;
        c.approved = Some(Signed {
            by: by.clone(),
            login: Some(actor.login.clone()),
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
