//! `ops ticket new`: record a customer maintenance request.

use crate::app::App;
use crate::exit::Exit;
use crate::ticket::sla;
use crate::ticket::store::{self, Draft};
use crate::ticket::{Category, Channel, Severity, Span, time, view};
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use clap::Args;
use std::fmt::Display;

/// Record a new customer maintenance request and start its SLA clocks
///
/// The respond, plan and resolve clocks start at the received time. On a
/// terminal, missing required fields are asked for; otherwise they must be
/// given as flags. Prints the new ticket's id (the whole ticket with
/// --format json) and commits its file to the records repository.
#[derive(Debug, Args)]
#[command(
    after_help = "Channels: hotline, web, remote, on-site, letter-fax, return-visit, software-fix, \
software-upgrade, outsourcing, platform\n\
Categories: consultation, defect-technical, defect-business, defect-operation\n\
Severities: I system down, business stopped, data lost; II components failed or degraded, business \
running; III errors or warnings, business unaffected; IV consultation, installation or configuration",
    help_template = crate::verbatim_examples!(
        "Example:
  ops ticket new --customer 'ACME Bank' --site 'Pudong DC' \\
    --contact 'Zhang Wei' --phone '+86 21 5555 0100' \\
    --channel hotline --severity II --category defect-technical \\
    --problem 'core switch reloads' --target sw-core-1 --engineer 'Li Na'"
    )
)]
pub struct TicketNewArgs {
    /// Customer (organisation) [required, unless every --target has the same `customer` in the inventory]
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,

    /// Customer site or location
    #[arg(long, value_name = "SITE")]
    pub site: Option<String>,

    /// Customer's contact person [required]
    #[arg(long, value_name = "NAME")]
    pub contact: Option<String>,

    /// Contact's phone number
    #[arg(long, value_name = "PHONE")]
    pub phone: Option<String>,

    /// How the request came in (hotline, web, remote, on-site, …) [required]
    #[arg(long, value_name = "CHANNEL")]
    pub channel: Option<Channel>,

    /// Severity I (worst) to IV [required]
    #[arg(long, value_name = "I-IV")]
    pub severity: Option<Severity>,

    /// consultation, defect-technical, defect-business or defect-operation [required]
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<Category>,

    /// What the customer reports [required]
    #[arg(long, value_name = "TEXT")]
    pub problem: Option<String>,

    /// Affected host, device or inventory name (repeatable, or comma-separated)
    #[arg(long = "target", value_name = "TARGET")]
    pub targets: Vec<String>,

    /// Engineer assigned
    #[arg(long, value_name = "NAME")]
    pub engineer: Option<String>,

    /// When the request was received, RFC 3339 [default: now]
    #[arg(long, value_name = "TIME")]
    pub received: Option<String>,

    /// When the customer expects it solved: RFC 3339, or a duration after the received time (4h, 2d)
    #[arg(long, value_name = "TIME")]
    pub expected: Option<String>,
}

fn given(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

pub fn run(app: &App, args: TicketNewArgs) -> Result<Exit> {
    let records = super::writer(app)?;
    let policy = super::policy(app)?;
    let now = time::now();
    let inventory = app.inventory()?;
    let draft = draft(args, now, |targets| targets_customer(&inventory, targets))?;
    let written = store::create(records, draft, now, &store::actor())?;
    let ticket = &written.ticket;
    let clocks = sla::compute(ticket, &policy, now);
    if app.printer.json() {
        app.printer
            .data_json(&view::ticket(ticket, &clocks, true))?;
    } else {
        app.printer.data(&ticket.id.to_string());
    }
    let due = |c: &crate::ticket::Clock| c.due.map_or("never".into(), time::display);
    super::recorded(
        app,
        &format!(
            "created {} (severity {}): respond by {}, plan by {}, resolve by {}",
            ticket.id,
            clocks.severity,
            due(&clocks.respond),
            due(&clocks.plan),
            due(&clocks.resolve)
        ),
        written.commit.as_deref(),
    );
    Ok(Exit::Ok)
}

/// The request from the flags, asking on a terminal for what is missing.
/// The one customer every target belongs to in the inventory, if they share one.
fn targets_customer(inventory: &crate::inventory::Inventory, targets: &[String]) -> Option<String> {
    let mut customers = targets.iter().map(|t| inventory.customer_of(t));
    let first = customers.next()??;
    customers
        .all(|c| c == Some(first))
        .then(|| first.to_owned())
}

fn draft(
    args: TicketNewArgs,
    now: DateTime<Utc>,
    customer_of: impl Fn(&[String]) -> Option<String>,
) -> Result<Draft> {
    let mut customer =
        given(args.customer).or_else(|| customer_of(&crate::commands::target_names(&args.targets)));
    let mut site = given(args.site);
    let mut contact = given(args.contact);
    let mut phone = given(args.phone);
    let mut channel = args.channel;
    let mut severity = args.severity;
    let mut category = args.category;
    let mut problem = given(args.problem);
    let mut engineer = given(args.engineer);

    let missing: Vec<&str> = [
        ("--customer", customer.is_none()),
        ("--contact", contact.is_none()),
        ("--channel", channel.is_none()),
        ("--severity", severity.is_none()),
        ("--category", category.is_none()),
        ("--problem", problem.is_none()),
    ]
    .into_iter()
    .filter(|(_, absent)| *absent)
    .map(|(flag, _)| flag)
    .collect();
    if !missing.is_empty() {
        if !super::interactive() {
            return Err(crate::usage_error!(
                "a new ticket needs {}; pass {} (there is no terminal to ask on)",
                missing.join(", "),
                if missing.len() == 1 { "it" } else { "them" }
            ));
        }
        // Asked in the order of the paper form; optional ones may be left empty.
        ask_text(&mut customer, "Customer", true)?;
        ask_text(&mut site, "Site", false)?;
        ask_text(&mut contact, "Contact name", true)?;
        ask_text(&mut phone, "Contact phone", false)?;
        ask_choice(&mut channel, "Channel", Channel::ALL)?;
        ask_choice(&mut severity, "Severity", Severity::ALL)?;
        ask_choice(&mut category, "Category", Category::ALL)?;
        ask_text(&mut problem, "Problem", true)?;
        ask_text(&mut engineer, "Engineer assigned", false)?;
    }

    let received = match args.received.as_deref() {
        None => now,
        Some(text) => {
            let t = super::parse_time("--received", text)?;
            if t > now {
                return Err(crate::usage_error!("--received {text} is in the future"));
            }
            t
        }
    };
    let expected = match args.expected.as_deref() {
        None => None,
        Some(text) => Some(match text.trim().parse::<Span>() {
            Ok(after) => received + after.0,
            Err(_) => super::parse_time("--expected", text)?,
        }),
    };
    if let (Some(e), Some(text)) = (expected, args.expected.as_deref())
        && e < received
    {
        return Err(crate::usage_error!(
            "--expected {text} is before the request was received"
        ));
    }
    let targets = crate::commands::target_names(&args.targets);
    let required = "checked above";
    Ok(Draft {
        customer: customer.expect(required),
        site: site.unwrap_or_default(),
        contact: contact.expect(required),
        phone: phone.unwrap_or_default(),
        channel: channel.expect(required),
        severity: severity.expect(required),
        category: category.expect(required),
        problem: problem.expect(required),
        received,
        targets,
        engineer,
        expected,
    })
}

fn ask_text(slot: &mut Option<String>, prompt: &str, required: bool) -> Result<()> {
    if slot.is_some() {
        return Ok(());
    }
    let answer: String = dialoguer::Input::new()
        .with_prompt(prompt)
        .allow_empty(!required)
        .validate_with(|s: &String| -> Result<(), &str> {
            if required && s.trim().is_empty() {
                Err("required")
            } else {
                Ok(())
            }
        })
        .interact_text()
        .with_context(|| format!("failed to ask for {prompt}"))?;
    *slot = given(Some(answer));
    Ok(())
}

fn ask_choice<T: Copy + Display>(slot: &mut Option<T>, prompt: &str, all: &[T]) -> Result<()> {
    if slot.is_some() {
        return Ok(());
    }
    let items: Vec<String> = all.iter().map(|v| v.to_string()).collect();
    let i = dialoguer::Select::new()
        .with_prompt(prompt)
        .items(&items)
        .default(0)
        .interact()
        .with_context(|| format!("failed to ask for {prompt}"))?;
    *slot = Some(all[i]);
    Ok(())
}
