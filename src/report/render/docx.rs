//! The document as a Word file (`--docx`): the same blocks as the Markdown
//! and the HTML page, for the technical director to edit and sign.
//!
//! Written with `docx-rs` (github.com/bokuweb/docx-rs, MIT): the most used
//! crate on crates.io that writes .docx, released regularly, pure Rust (no
//! LibreOffice or C library when ops runs), and it has what a report needs:
//! paragraph styles for headings (so Word's navigation pane and table of
//! contents see them), tables with shaded cells, list numbering, and page
//! number fields in a footer. Built without its `image` feature: charts are
//! given as their data tables, which stand just before them, and a note.

use super::markdown::chart_note;
use super::*;
use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, IndentLevel, Level, LevelJc, LevelText,
    LineSpacing, NumPages, NumberFormat, Numbering, NumberingId, PageNum, Paragraph, Run, RunFonts,
    Shading, SpecialIndentType, Start, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

/// A4 in twentieths of a point, and 2 cm margins.
const PAGE: (u32, u32) = (11906, 16838);
const MARGIN: i32 = 1134;
const BULLETS: usize = 1;

/// Latin text in a font every Word has; Chinese in the Windows font (Word
/// elsewhere, and LibreOffice, put their own CJK font in its place).
fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii("Arial")
        .hi_ansi("Arial")
        .east_asia("Microsoft YaHei")
        .cs("Arial")
}

fn runs(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

fn cell(text: &str, width: usize) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(runs(text))
}

fn fill(colour: &str) -> Shading {
    Shading::new().fill(colour.trim_start_matches('#'))
}

/// The Word document of `r`, as the bytes of a .docx file. The same report
/// gives the same bytes (the document's date is the report's).
pub fn docx(r: &Report, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let z = Voice::of(r, lang);
    let text_width = PAGE.0 as usize - 2 * MARGIN as usize;
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(size)
            .color("2B4F80")
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(240).after(80))
    };
    // Body paragraphs with a little space after; table cells without.
    let para = |text: &str| runs(text).line_spacing(LineSpacing::new().after(100));
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" / "))
            .add_num_pages(NumPages::new()),
    );
    let mut doc = Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_margin(
            docx_rs::PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(567)
                .footer(567),
        )
        .default_fonts(fonts())
        // 10.5 pt, the usual body size of a Chinese document (五号).
        .default_size(21)
        .add_style(heading("Heading1", "heading 1", 32, 0))
        .add_style(heading("Heading2", "heading 2", 26, 1))
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(420),
                    Some(SpecialIndentType::Hanging(420)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS))
        .footer(footer)
        .created_at(&r.generated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    doc = doc.add_paragraph(runs(&title(&z, r)).style("Heading1"));
    for b in document(r, lang) {
        doc = match b {
            Block::Heading(h) => doc.add_paragraph(runs(&h).style("Heading2").keep_next(true)),
            Block::Para(p) => doc.add_paragraph(para(&p)),
            Block::List(items) => items.iter().fold(doc, |doc, i| {
                doc.add_paragraph(runs(i).numbering(NumberingId::new(BULLETS), IndentLevel::new(0)))
            }),
            Block::Table(head, rows, tones) => {
                let width = text_width / head.len().max(1);
                let mut table_rows = vec![TableRow::new(
                    head.iter()
                        .map(|h| {
                            TableCell::new()
                                .width(width, WidthType::Dxa)
                                .shading(fill("EEF2F8"))
                                .add_paragraph(
                                    Paragraph::new().add_run(Run::new().add_text(h).bold()),
                                )
                        })
                        .collect(),
                )];
                for (i, row) in rows.iter().enumerate() {
                    table_rows.push(TableRow::new(
                        row.iter()
                            .enumerate()
                            .map(|(j, c)| {
                                match tones.get(i).and_then(|r| r.get(j)).copied().flatten() {
                                    Some(t) => {
                                        let (fg, bg) = super::html::tone_colours(t);
                                        TableCell::new()
                                            .width(width, WidthType::Dxa)
                                            .shading(fill(bg))
                                            .add_paragraph(
                                                Paragraph::new().add_run(
                                                    Run::new()
                                                        .add_text(c)
                                                        .color(fg.trim_start_matches('#')),
                                                ),
                                            )
                                    }
                                    None => cell(c, width),
                                }
                            })
                            .collect(),
                    ));
                }
                doc.add_table(
                    Table::new(table_rows)
                        .set_grid(vec![width; head.len()])
                        .width(text_width, WidthType::Dxa),
                )
                .add_paragraph(Paragraph::new())
            }
            Block::Chart(t, _) => doc.add_paragraph(
                Paragraph::new()
                    .line_spacing(LineSpacing::new().after(100))
                    .add_run(Run::new().add_text(chart_note(&z, &t)).italic()),
            ),
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| anyhow::anyhow!("failed to write the Word document: {e}"))?;
    Ok(out.into_inner())
}
