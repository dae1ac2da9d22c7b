//! Renderers: the report as a small document (headings, paragraphs, tables,
//! charts), then that document as Markdown, as a self-contained HTML page and
//! as a terminal summary. Lists longer than [`LIST_MAX`] are cut with a count.

mod cover;
mod daily;
mod docx;
mod finding;
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

use crate::check::Status;
use crate::i18n::{Lang, Value, tr, tr_args};
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
    fn of(s: Status) -> Option<Tone> {
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
struct Voice(chrono_tz::Tz, Lang);

impl Voice {
    fn of(r: &Report, lang: Lang) -> Voice {
        Voice(
            crate::report::parse_zone(&r.timezone).unwrap_or(chrono_tz::UTC),
            lang,
        )
    }

    fn lang(&self) -> Lang {
        self.1
    }

    /// The message `id` in the report's language.
    fn t(&self, id: &str) -> String {
        tr(self.1, id)
    }

    /// The message `id` with its arguments, each already formatted as the
    /// report shows it (so that a number reads the same in every language).
    fn ta(&self, id: &str, args: &[(&str, String)]) -> String {
        let args: Vec<(&str, Value)> = args
            .iter()
            .map(|(k, v)| (*k, Value::from(v.clone())))
            .collect();
        tr_args(self.1, id, &args)
    }

    /// The message `prefix-<word>`, or `word` itself when there is none (a
    /// word of a newer or older record than this `ops` knows).
    fn word(&self, prefix: &str, word: &str) -> String {
        let id = format!("{prefix}-{word}");
        let text = self.t(&id);
        if text == id { word.to_owned() } else { text }
    }

    /// ok, warn, crit, unknown, skip; 正常, 警告, 严重, 未知, 不适用.
    fn status(&self, s: Status) -> String {
        self.t(&format!("report-status-{}", s.as_str()))
    }

    /// A severity: `II`; `II级`.
    fn severity(&self, s: impl std::fmt::Display) -> String {
        self.ta("report-severity", &[("level", s.to_string())])
    }

    /// A host, db, net or hw inspection.
    fn kind(&self, kind: &str) -> String {
        self.word("report-kind", kind)
    }

    /// A time as the report shows it: `2026-12-01 21:40 CST`, in either
    /// language. A Chinese form writes dates the ISO way too (GB/T 7408:
    /// 2026-12-01), and the zone's abbreviation says which clock the time
    /// is of (the period line names the zone in full, `Asia/Shanghai`), so
    /// zh-CN keeps the same form rather than a 年月日 that would need the
    /// zone in words.
    fn time(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.0)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string()
    }
}

/// The one definition of availability, in English, as the README gives it;
/// the reports' footnote is the message `report-availability-definition`
/// (a unit test keeps its English text equal to this).
pub const AVAILABILITY_DEFINITION: &str = "Availability: the share of the time covered by a target's scheduled inspection runs in which it answered. Each run stands for the time until the next one (the last for the usual interval); a run in which the target did not answer counts that time as down, and a reboot seen from uptime (shorter than the time since the previous run) counts as an outage from the previous run to the boot, the longest it can have lasted. A crit finding is a problem found, not downtime.";

fn opt_pct(z: &Voice, v: Option<f64>) -> String {
    v.map_or_else(|| z.t("report-na"), |v| format!("{v:.1} %"))
}

fn compliance(z: &Voice, c: &Compliance) -> String {
    match c.pct {
        Some(p) => z.ta(
            "report-compliance",
            &[
                ("pct", format!("{p:.1}")),
                ("met", c.met.to_string()),
                ("judged", c.judged.to_string()),
            ],
        ),
        None => z.t("report-compliance-none"),
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

fn minutes(z: &Voice, m: Option<f64>) -> String {
    match m {
        None => z.t("report-na"),
        Some(m) if m < 120.0 => z.ta("report-minutes", &[("v", format!("{m:.1}"))]),
        Some(m) => hours(z, m / 60.0),
    }
}

fn hours(z: &Voice, h: f64) -> String {
    z.ta("report-hours", &[("v", format!("{h:.1}"))])
}

fn capped(z: &Voice, items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = items.iter().take(LIST_MAX).cloned().collect();
    if items.len() > LIST_MAX {
        out.push(z.ta(
            "report-more",
            &[("n", (items.len() - LIST_MAX).to_string())],
        ));
    }
    out
}

fn title(z: &Voice, r: &Report) -> String {
    let id = match r.kind {
        "daily" => "report-title-daily",
        "weekly" => "report-title-weekly",
        _ => "report-title-quarterly",
    };
    z.ta(id, &[("period", r.period.clone())])
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

/// A table of `items`, one row each; `head` holds the message ids of the
/// column headings.
fn table<T>(
    z: &Voice,
    head: &[&str],
    items: impl IntoIterator<Item = T>,
    row: impl FnMut(T) -> Vec<String>,
) -> Block {
    Block::Table(
        head.iter().map(|h| z.t(h)).collect(),
        items.into_iter().map(row).collect(),
        Vec::new(),
    )
}

fn document(r: &Report, lang: Lang) -> Vec<Block> {
    use Block::*;
    let z = Voice::of(r, lang);
    let mut d = cover::header(&z, r);
    d.push(Para(z.ta(
        "report-period",
        &[
            ("from", z.time(r.from)),
            ("to", z.time(r.to)),
            ("zone", r.timezone.clone()),
            ("at", z.time(r.generated_at)),
        ],
    )));
    if let Some(at) = r.as_of {
        d.push(Para(z.ta("report-as-of", &[("at", z.time(at))])));
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
    let found = finding::problems(&z, &r.problems_found, &r.found);
    let solved = finding::problems(&z, &r.problems_solved, &r.solved);
    let none_text = z.t("report-none");
    let none = |v: &[String]| v.is_empty().then_some(none_text.as_str());
    section(&mut d, &z.t("report-problems-found"), none(&found), || {
        vec![List(capped(&z, &found))]
    });
    section(
        &mut d,
        &z.t("report-problems-solved"),
        none(&solved),
        || vec![List(capped(&z, &solved))],
    );
    section(
        &mut d,
        &z.t("report-plan"),
        r.plan
            .is_empty()
            .then_some(z.t("report-plan-none"))
            .as_deref(),
        || vec![List(r.plan.clone())],
    );
    section(
        &mut d,
        &z.t("report-skipped"),
        r.skipped
            .is_empty()
            .then_some(z.t("report-skipped-none"))
            .as_deref(),
        || {
            vec![
                Para(z.ta(
                    "report-skipped-intro",
                    &[("n", r.skipped.len().to_string())],
                )),
                List(capped(
                    &z,
                    &r.skipped
                        .iter()
                        .map(|s| finding::skipped(&z, s))
                        .collect::<Vec<_>>(),
                )),
            ]
        },
    );
    d.extend(cover::sign_off(&z, r));
    d
}
