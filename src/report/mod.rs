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
pub mod figures;
pub mod load;
pub mod period;
pub mod record;
pub mod render;
mod svg;

pub use figures::{Context, Report, build};
pub use period::Period;

use serde::Deserialize;

/// `[report]` in ops.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportConfig {
    /// The next-step plan, one item per line (Markdown allowed).
    pub plan: Option<String>,
    /// The language of documents for people (`ticket sheet`): `en` or `zh-CN`.
    pub language: Option<crate::i18n::Lang>,
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

/// Read the records of `period` under `root` and compute its report.
pub fn make(root: &std::path::Path, period: Period, ctx: &Context) -> Report {
    let inputs = load::load(
        root,
        period.from() - chrono::Duration::days(BASELINE_DAYS),
        period.to(),
    );
    build(period, &inputs, ctx)
}
