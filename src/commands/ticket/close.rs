//! `ops ticket close ID`: record how a request was resolved and who confirmed it.

use crate::app::App;
use crate::exit::Exit;
use crate::ticket::{Cause, Closure, Event, EventKind, store, time};
use anyhow::{Context, Result};
use clap::Args;

/// Close a ticket: the resolution, its cause, parts replaced, and the
/// customer's representative who confirmed it
///
/// Refused when the ticket is already closed, and when the confirming person
/// is the assigned engineer (or any engineer who worked on it): the engineer
/// may never sign for the customer. Closing stops every SLA clock and ends a hold.
#[derive(Debug, Args)]
#[command(
    after_help = "Causes: hardware, software, network, configuration, operation, environment, \
external, no-fault, unknown\n\n\
Example:\n  ops ticket close T-20261122-0001 --resolution 'replaced the failed PSU' --cause hardware \\\n    \
--parts 'PSU 350W SN 8H2K11' --confirmed-by 'Zhang Wei'"
)]
pub struct TicketCloseArgs {
    /// Ticket id, e.g. T-20261122-0001
    pub id: String,

    /// What was done to resolve it [required]
    #[arg(long, value_name = "TEXT")]
    pub resolution: Option<String>,

    /// Cause category (hardware, software, network, configuration, operation, …) [required]
    #[arg(long, value_name = "CAUSE")]
    pub cause: Option<Cause>,

    /// A defective part replaced, with its serial number (repeatable)
    #[arg(long, value_name = "PART")]
    pub parts: Vec<String>,

    /// The customer's representative who confirmed the fix [required]
    #[arg(long, value_name = "NAME")]
    pub confirmed_by: Option<String>,

    /// When it was confirmed, RFC 3339 [default: now]
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

pub fn run(app: &App, args: TicketCloseArgs) -> Result<Exit> {
    let id = store::parse_id(&args.id)?;
    let records = super::writer(app)?;
    let policy = super::policy(app)?;
    let now = time::now();
    let at = super::event_time(args.at.as_deref(), now)?;
    // An unknown or closed ticket is reported before anything is asked.
    let (current, _) = store::read(records.root(), id)?;
    if let Some((closed, _)) = current.closed() {
        return Err(crate::bad_input!(
            "{id} is already closed (at {})",
            time::rfc3339(closed.at)
        ));
    }

    let mut resolution = args
        .resolution
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    let mut cause = args.cause;
    let mut confirmed_by = args
        .confirmed_by
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    let missing: Vec<&str> = [
        ("--resolution", resolution.is_none()),
        ("--cause", cause.is_none()),
        ("--confirmed-by", confirmed_by.is_none()),
    ]
    .into_iter()
    .filter(|(_, absent)| *absent)
    .map(|(f, _)| f)
    .collect();
    if !missing.is_empty() {
        if !super::interactive() {
            return Err(crate::usage_error!(
                "closing a ticket needs {}; pass {} (there is no terminal to ask on)",
                missing.join(", "),
                if missing.len() == 1 { "it" } else { "them" }
            ));
        }
        if resolution.is_none() {
            resolution = Some(ask("Resolution")?);
        }
        if cause.is_none() {
            let items: Vec<&str> = Cause::ALL.iter().map(|c| c.as_str()).collect();
            let i = dialoguer::Select::new()
                .with_prompt("Cause")
                .items(&items)
                .default(0)
                .interact()
                .context("failed to ask for the cause")?;
            cause = Some(Cause::ALL[i]);
        }
        if confirmed_by.is_none() {
            confirmed_by = Some(ask("Confirmed by (the customer's representative)")?);
        }
    }
    let closure = Closure {
        resolution: resolution.expect("asked above"),
        cause: cause.expect("asked above"),
        parts: args
            .parts
            .into_iter()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect(),
        confirmed_by: confirmed_by.expect("asked above"),
    };
    let event = Event {
        at,
        by: store::actor(),
        kind: EventKind::Closed(closure),
    };
    super::append_event(app, records, id, event, &policy, now)
}

fn ask(prompt: &str) -> Result<String> {
    let answer: String = dialoguer::Input::new()
        .with_prompt(prompt)
        .validate_with(|s: &String| -> Result<(), &str> {
            if s.trim().is_empty() {
                Err("required")
            } else {
                Ok(())
            }
        })
        .interact_text()
        .with_context(|| format!("failed to ask for {prompt}"))?;
    Ok(answer.trim().to_owned())
}
