//! The document as Markdown.

use super::*;

/// What stands for a chart where it cannot be drawn (Markdown, Word).
/// What a chart becomes where it cannot be drawn (Markdown, Word).
pub(super) fn chart_note(z: &Voice, title: &str) -> String {
    z.ta("report-chart", &[("title", title.to_owned())])
}

pub(super) fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(r: &Report, lang: Lang) -> String {
    let z = Voice::of(r, lang);
    blocks_markdown(&z, &title(&z, r), document(r, lang))
}

/// The defective parts report of `period` alone (`ops report parts`), as Markdown.
pub fn parts_markdown(period: &str, p: &crate::report::figures::Parts, lang: Lang) -> String {
    let mut d = Vec::new();
    let z = Voice(chrono_tz::UTC, lang);
    parts_section(&z, &mut d, p);
    // The section's heading is the document's title here.
    d.remove(0);
    blocks_markdown(
        &z,
        &z.ta("report-title-parts", &[("period", period.to_owned())]),
        d,
    )
}

pub(super) fn blocks_markdown(z: &Voice, heading: &str, blocks: Vec<Block>) -> String {
    let mut out = format!("# {heading}\n");
    for b in blocks {
        out.push('\n');
        match b {
            Block::Heading(h) => {
                let _ = writeln!(out, "## {h}");
            }
            Block::Para(p) => {
                let _ = writeln!(out, "{p}");
            }
            Block::List(items) => {
                for i in items {
                    let _ = writeln!(out, "- {}", i.replace('\n', " "));
                }
            }
            Block::Table(head, rows, _) => {
                let _ = writeln!(
                    out,
                    "| {} |",
                    head.iter()
                        .map(|h| md_cell(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
                for row in rows {
                    let _ = writeln!(
                        out,
                        "| {} |",
                        row.iter()
                            .map(|c| md_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                }
            }
            Block::Chart(t, _) => {
                let _ = writeln!(out, "*{}*", chart_note(z, &t));
            }
        }
    }
    out
}
