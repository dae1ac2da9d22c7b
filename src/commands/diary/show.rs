//! `ops diary show`: the diary by engineer and week.

use crate::app::App;
use crate::diary::{self, DiaryEntry, EngineerWeek, Week, record};
use crate::exit::Exit;
use anyhow::Result;
use clap::Args;
use serde::Serialize;

/// List the engineering diary by engineer and ISO week
///
/// An entry that cannot be read is reported (its file and why) and the others
/// are still listed; the exit status is then 78.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops diary show                         this week, every engineer\n  \
ops diary show --week 2026-W48 --engineer 'Li Na'\n  \
ops diary show --weeks 4 --ticket T-20261201-0001 --format json"
)]
pub struct DiaryShowArgs {
    /// The (last) week shown, e.g. 2026-W49 [default: this week]
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<Week>,

    /// How many weeks, ending with --week
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub weeks: u32,

    /// Only this engineer's entries
    #[arg(long, value_name = "NAME")]
    pub engineer: Option<String>,

    /// Only entries naming this ticket
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,
}

#[derive(Serialize)]
struct GroupView<'a> {
    engineer: &'a str,
    week: String,
    hours: f64,
    entries: &'a [&'a DiaryEntry],
}

pub fn run(app: &App, args: DiaryShowArgs) -> Result<Exit> {
    let records = app.records().ok_or_else(|| {
        crate::bad_input!("no records repository; the diary lives in one (ops init)")
    })?;
    if args.weeks == 0 || args.weeks > 520 {
        return Err(crate::usage_error!(
            "--weeks {} is not from 1 to 520",
            args.weeks
        ));
    }
    let last = args.week.unwrap_or_else(|| Week::of(super::today()));
    let first = Week::of(last.monday() - chrono::Duration::weeks(i64::from(args.weeks) - 1));
    let ticket = args
        .ticket
        .as_deref()
        .map(crate::ticket::store::parse_id)
        .transpose()?
        .map(|id| id.to_string());

    let (mut entries, unreadable) = record::load(records.root(), first.monday(), last.sunday());
    entries.retain(|e| {
        args.engineer
            .as_ref()
            .is_none_or(|name| &e.engineer == name)
            && ticket.as_ref().is_none_or(|t| e.tickets.contains(t))
    });
    for bad in &unreadable {
        app.printer
            .warn(&format!("{}: {}", bad.path.display(), bad.why));
    }
    let groups = diary::by_engineer_and_week(&entries);
    if app.printer.json() {
        let views: Vec<GroupView> = groups
            .iter()
            .map(|g| GroupView {
                engineer: g.engineer,
                week: g.week.to_string(),
                hours: g.hours,
                entries: &g.entries,
            })
            .collect();
        app.printer.data_json(&views)?;
    } else {
        app.printer.data(&page(first, last, &groups));
    }
    Ok(if unreadable.is_empty() {
        Exit::Ok
    } else {
        Exit::BadInput
    })
}

/// The diary as text: a heading, then each engineer's week and its days.
fn page(first: Week, last: Week, groups: &[EngineerWeek]) -> String {
    let span = if first == last {
        format!("{last} ({} to {})", last.monday(), last.sunday())
    } else {
        format!(
            "{first} to {last} ({} to {})",
            first.monday(),
            last.sunday()
        )
    };
    let mut out = format!("Engineering diary, {span}\n");
    if groups.is_empty() {
        out.push_str("\nno entries\n");
        return out;
    }
    for g in groups {
        let n = g.entries.len();
        out.push_str(&format!(
            "\n{}, {}: {n} {}{}\n",
            g.engineer,
            g.week,
            if n == 1 { "entry" } else { "entries" },
            if g.hours > 0.0 {
                format!(", {} h", hours(g.hours))
            } else {
                String::new()
            }
        ));
        for e in &g.entries {
            let mut line = format!("  {} {}", e.day, e.day.format("%a"));
            if let Some(h) = e.hours {
                line.push_str(&format!("  {} h", hours(h)));
            }
            let place: Vec<&str> = [e.customer.as_deref(), e.site.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !place.is_empty() {
                line.push_str(&format!("  {}", place.join(", ")));
            }
            if !e.tickets.is_empty() {
                line.push_str(&format!("  tickets {}", e.tickets.join(" ")));
            }
            if !e.targets.is_empty() {
                line.push_str(&format!("  targets {}", e.targets.join(" ")));
            }
            out.push_str(&crate::printer::sanitize(&line));
            out.push('\n');
            for w in e.work.lines() {
                out.push_str(&format!("      {}\n", crate::printer::sanitize(w)));
            }
        }
    }
    out
}

/// 3.5, 8 (no trailing .0).
fn hours(h: f64) -> String {
    let s = format!("{h:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
