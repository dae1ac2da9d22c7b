//! The report record: a report as kept in the records repository, one
//! Markdown and one HTML file per period (and a Word file with `--docx`),
//! committed together.
//!
//! Layout: `reports/<kind>/<period>.md`, `.html` and `.docx` (one
//! customer's: `reports/<kind>/<customer>/<period>.md`, …), `<kind>` `daily`,
//! `weekly` or `quarterly` and `<period>` `2026-11-22`, `2026-W47` or
//! `2026-Q4`. A report made again for the same period replaces its files (a
//! new commit only when they changed). Nothing reads them back: they are for
//! people, and made again from the other records at will.

use super::Period;
use crate::records::Records;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// The directory of every report, relative to the repository.
pub const DIR: &str = "reports";

/// `reports/<kind>/<period>.<ext>`, or `reports/<kind>/<customer>/<period>.<ext>`
/// for one customer's report.
pub fn path(period: Period, customer: Option<&str>, ext: &str) -> PathBuf {
    let mut dir = Path::new(DIR).join(period.kind());
    if let Some(c) = customer {
        dir.push(c);
    }
    dir.join(format!("{period}.{ext}"))
}

/// What [`write`] did: the paths (relative) and the commit, None when
/// the files were already as they are now.
#[derive(Debug)]
pub struct Written {
    pub markdown: PathBuf,
    pub html: PathBuf,
    pub docx: Option<PathBuf>,
    pub commit: Option<String>,
}

impl Written {
    /// The paths written, in order.
    pub fn paths(&self) -> Vec<&Path> {
        let mut v = vec![self.markdown.as_path(), self.html.as_path()];
        v.extend(self.docx.as_deref());
        v
    }
}

/// Write the report of `period` (its Markdown and HTML, and its Word
/// document when given) and commit them together.
pub fn write(
    records: &Records,
    period: Period,
    customer: Option<&str>,
    markdown: &str,
    html: &str,
    docx: Option<&[u8]>,
) -> Result<Written> {
    let (md_path, html_path) = (path(period, customer, "md"), path(period, customer, "html"));
    let docx_path = docx.map(|_| path(period, customer, "docx"));
    let done = records.transaction(|tx| {
        tx.write(&md_path, markdown.as_bytes())?;
        tx.write(&html_path, html.as_bytes())?;
        if let (Some(p), Some(bytes)) = (&docx_path, docx) {
            tx.write(p, bytes)?;
        }
        let whose = customer.map(|c| format!(" for {c}")).unwrap_or_default();
        Ok(((), format!("report: {} {period}{whose}", period.kind())))
    })?;
    Ok(Written {
        markdown: md_path,
        html: html_path,
        docx: docx_path,
        commit: done.commit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_live_by_kind_and_period() {
        let day = Period::new(
            super::super::Span::Day(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
            chrono_tz::UTC,
        );
        assert_eq!(
            path(day, None, "md"),
            PathBuf::from("reports/daily/2026-11-22.md")
        );
        assert_eq!(
            path(day, Some("北京银行"), "html"),
            PathBuf::from("reports/daily/北京银行/2026-11-22.html")
        );
    }
}
