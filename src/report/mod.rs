//! `ops report`: maintenance reports built from the records (SPEC §6).
//!
//! - [`period`]: the day, ISO week or quarter a report covers;
//! - [`load`]: reading the records of the period, damaged ones named and skipped;
//! - [`figures`]: the figures, a pure function of the records and the period
//!   (one module per kind of report, and what the kinds share);
//! - [`render`]: terminal summary, Markdown, and a self-contained HTML page
//!   with inline SVG charts;
//! - [`record`]: where a report is kept in the records repository.

pub mod accounts;
pub mod cover;
pub mod figures;
pub mod load;
pub mod period;
pub mod record;
pub mod render;
pub mod scope;
mod svg;

pub use figures::{Context, Report, build};
pub use period::{Period, Span};

use serde::Deserialize;

/// `[report]` in ops.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportConfig {
    /// The next-step plan, one item per line (Markdown allowed).
    pub plan: Option<String>,
    /// The language of text for people (reports, tickets, runbooks, the task
    /// sheet): `en` or `zh-CN` [default: the locale's].
    pub language: Option<crate::i18n::Lang>,
    /// The IANA time zone whose calendar days, weeks and quarters reports
    /// cover (`Asia/Shanghai`) [default: the jump host's zone].
    #[serde(default, deserialize_with = "zone_name")]
    pub timezone: Option<chrono_tz::Tz>,
    /// The maintenance company, for a report's header.
    pub company: Option<String>,
    /// The customer of this jump host's reports (`--customer` overrides).
    pub customer: Option<String>,
    /// The contract number, for the header.
    pub contract: Option<String>,
    /// The contract number of each customer (`[report.contracts]`).
    pub contracts: std::collections::BTreeMap<String, String>,
    /// Who writes the reports: the engineer who signs first.
    pub author: Option<String>,
    /// Who reviews them: the technical director.
    pub reviewer: Option<String>,
}

impl ReportConfig {
    /// The configured zone, else this machine's.
    pub fn zone(&self) -> chrono_tz::Tz {
        self.timezone.unwrap_or_else(local_zone)
    }
}

fn zone_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<chrono_tz::Tz>, D::Error> {
    let name = String::deserialize(d)?;
    parse_zone(&name)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// An IANA time zone name (`Asia/Shanghai`, `UTC`).
pub fn parse_zone(name: &str) -> Result<chrono_tz::Tz, String> {
    name.trim().parse::<chrono_tz::Tz>().map_err(|_| {
        format!(
            "unknown time zone {name:?}: give an IANA name such as \"Asia/Shanghai\" or \"UTC\""
        )
    })
}

/// This machine's time zone: `TZ` when it names an IANA zone, else the
/// system's (`/etc/localtime`), else UTC.
pub fn local_zone() -> chrono_tz::Tz {
    let from_env = std::env::var("TZ")
        .ok()
        .map(|v| v.trim_start_matches(':').to_string())
        .and_then(|v| parse_zone(&v).ok());
    from_env
        .or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|n| parse_zone(&n).ok())
        })
        .unwrap_or(chrono_tz::UTC)
}

/// How far back before the period inspections are read, to know what each
/// target looked like just before it (for raised and cleared findings).
pub const BASELINE_DAYS: i64 = 8;

/// The plan as items: non-empty lines, list markers stripped.
pub fn plan_items(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().trim_start_matches(['-', '*']).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Read the records of `period` under `root` and compute its report, of
/// one customer's part of them when `scope` says so.
pub fn make(
    root: &std::path::Path,
    period: Period,
    ctx: &Context,
    scope: Option<&scope::Scope>,
) -> Report {
    let inputs = load::load(
        root,
        period.from() - chrono::Duration::days(BASELINE_DAYS),
        period.to(),
    );
    let inputs = match scope {
        Some(s) => scope::only(inputs, s),
        None => inputs,
    };
    build(period, &inputs, ctx)
}
