//! Renderers: the report as a small document (headings, paragraphs, tables,
//! charts), then that document as Markdown, as a self-contained HTML page and
//! as a terminal summary. Lists longer than [`LIST_MAX`] are cut with a count.

mod cover;
mod daily;
mod docx;
mod html;
mod markdown;
mod quarterly;
mod sections;
mod summary;
mod weekly;

use daily::{daily, one_off_section};
pub use docx::docx;
pub use html::html;
pub use markdown::{markdown, parts_markdown};
use quarterly::{parts_section, quarterly};
use sections::*;
pub use summary::summary;
use weekly::weekly;

use crate::i18n::Lang;
use crate::report::figures::{Compliance, Daily, OneOffRow, Quarterly, Report, Weekly};
use crate::report::svg::{self, esc};
use chrono::{DateTime, Utc};
use std::fmt::Write;

pub const LIST_MAX: usize = 50;

enum Block {
    Heading(String),
    Para(String),
    List(Vec<String>),
    /// Head, rows, and the tone of each cell (`tones[row][column]`; empty
    /// when no cell has one). Markdown shows no tone.
    Table(Vec<String>, Vec<Vec<String>>, Vec<Vec<Option<Tone>>>),
    /// SVG markup; in Markdown only its title is named.
    Chart(String, String),
}

/// How a cell's figure stands, decided from the data (a check status, a
/// count), never from the cell's words, which are translated: the HTML page
/// colours the cell (ok green, warn amber, crit red, unknown grey) and the
/// Word document shades it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Ok,
    Warn,
    Crit,
    Unknown,
}

impl Tone {
    /// The tone of a check status (a skipped check has none).
    fn of(s: crate::check::Status) -> Option<Tone> {
        use crate::check::Status;
        match s {
            Status::Skip => None,
            Status::Ok => Some(Tone::Ok),
            Status::Warn => Some(Tone::Warn),
            Status::Unknown => Some(Tone::Unknown),
            Status::Crit => Some(Tone::Crit),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Tone::Ok => "ok",
            Tone::Warn => "warn",
            Tone::Crit => "crit",
            Tone::Unknown => "unknown",
        }
    }
}

impl Block {
    /// This table with column `col` toned row by row (`tones` in the rows'
    /// order); any other block is returned as it is.
    fn toned(self, col: usize, tones: impl IntoIterator<Item = Option<Tone>>) -> Block {
        match self {
            Block::Table(head, rows, mut all) => {
                if all.len() < rows.len() {
                    all = rows.iter().map(|r| vec![None; r.len()]).collect();
                }
                for ((row, t), cells) in rows.iter().zip(tones).zip(all.iter_mut()) {
                    if col < row.len() {
                        cells[col] = t;
                    }
                }
                Block::Table(head, rows, all)
            }
            other => other,
        }
    }
}

/// How a report speaks: the zone its times are shown in (its period's) and
/// the language of its words.
struct Zone(chrono_tz::Tz, Lang);

impl Zone {
    fn of(r: &Report, lang: Lang) -> Zone {
        Zone(
            crate::report::parse_zone(&r.timezone).unwrap_or(chrono_tz::UTC),
            lang,
        )
    }

    fn lang(&self) -> Lang {
        self.1
    }

    /// `2026-12-01 21:40 CST`.
    fn time(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.0)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string()
    }
}

/// The one definition of availability, as the reports' footnote and the
/// README give it.
pub const AVAILABILITY_DEFINITION: &str = "Availability: the share of the time covered by a target's scheduled inspection runs in which it answered. Each run stands for the time until the next one (the last for the usual interval); a run in which the target did not answer counts that time as down, and a reboot seen from uptime (shorter than the time since the previous run) counts as an outage from the previous run to the boot, the longest it can have lasted. A crit finding is a problem found, not downtime.";

fn opt_pct(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |v| format!("{v:.1} %"))
}

fn compliance(c: &Compliance) -> String {
    match c.pct {
        Some(p) => format!("{p:.1} % ({}/{})", c.met, c.judged),
        None => "n/a (0 judged)".into(),
    }
}

fn bytes(b: f64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = b;
    let mut u = 0;
    while v.abs() >= 1024.0 && u < units.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    format!("{v:.1} {}", units[u])
}

fn minutes(m: Option<f64>) -> String {
    match m {
        None => "n/a".into(),
        Some(m) if m < 120.0 => format!("{m:.1} min"),
        Some(m) => format!("{:.1} h", m / 60.0),
    }
}

fn capped(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = items.iter().take(LIST_MAX).cloned().collect();
    if items.len() > LIST_MAX {
        out.push(format!(
            "… and {} more (see --format json)",
            items.len() - LIST_MAX
        ));
    }
    out
}

fn title(r: &Report) -> String {
    match r.kind {
        "daily" => format!("Daily report {}", r.period),
        "weekly" => format!("System weekly report {}", r.period),
        _ => format!("Quarterly maintenance report {}", r.period),
    }
}

/// One section of the document: its heading, then `none` as a paragraph when
/// there is nothing to show (`Some`), else the blocks `body` makes.
fn section(
    d: &mut Vec<Block>,
    heading: &str,
    none: Option<&str>,
    body: impl FnOnce() -> Vec<Block>,
) {
    d.push(Block::Heading(heading.into()));
    match none {
        Some(note) => d.push(Block::Para(note.into())),
        None => d.extend(body()),
    }
}

/// A table of `items`, one row each.
fn table<T>(
    head: &[&str],
    items: impl IntoIterator<Item = T>,
    row: impl FnMut(T) -> Vec<String>,
) -> Block {
    Block::Table(
        head.iter().map(|h| h.to_string()).collect(),
        items.into_iter().map(row).collect(),
        Vec::new(),
    )
}

fn document(r: &Report, lang: Lang) -> Vec<Block> {
    use Block::*;
    let z = Zone::of(r, lang);
    let mut d = cover::header(&z, r);
    d.push(Para(format!(
        "Period {} to {} ({}, end exclusive). Generated {}.",
        z.time(r.from),
        z.time(r.to),
        r.timezone,
        z.time(r.generated_at)
    )));
    if let Some(at) = r.as_of {
        d.push(Para(format!(
            "As of {}, period not finished: the figures cover the period up to then, and a deadline not yet reached is not late.",
            z.time(at)
        )));
    }
    if let Some(x) = &r.daily {
        daily(&z, &mut d, x);
    }
    if let Some(x) = &r.weekly {
        weekly(&z, &mut d, x);
    }
    if let Some(x) = &r.quarterly {
        quarterly(&z, &mut d, x);
    }
    let none = |v: &[String]| v.is_empty().then_some("None.");
    section(&mut d, "Problems found", none(&r.problems_found), || {
        vec![List(capped(&r.problems_found))]
    });
    section(&mut d, "Problems solved", none(&r.problems_solved), || {
        vec![List(capped(&r.problems_solved))]
    });
    section(
        &mut d,
        "Next-step plan",
        r.plan
            .is_empty()
            .then_some("No plan given (set [report] plan in ops.toml or pass --plan FILE)."),
        || vec![List(r.plan.clone())],
    );
    section(
        &mut d,
        "Records skipped",
        r.skipped.is_empty().then_some("0 records skipped."),
        || {
            vec![
                Para(format!(
                    "{} record(s) skipped as damaged or of an unknown schema:",
                    r.skipped.len()
                )),
                List(capped(
                    &r.skipped
                        .iter()
                        .map(|s| format!("{}: {}", s.path, s.reason))
                        .collect::<Vec<_>>(),
                )),
            ]
        },
    );
    d.extend(cover::sign_off(&z, r));
    d
}
