//! The sheet as Markdown, or as a standalone HTML page to print on A4.
//!
//! Text people wrote is made safe for each: control characters become `?`
//! (as on the terminal), and in Markdown `<` is written `&lt;` and `|` `\|`
//! so that a description cannot open HTML or split a table cell; in HTML
//! `&`, `<`, `>`, `"` and `'` are escaped. Line breaks in a value are kept.

use super::content::{Block, Sheet};
use crate::i18n;
use crate::printer::sanitize;
use std::fmt::Write as _;

/// Blank space to sign on, in Markdown.
const BLANK: &str = "________________";

fn md(text: &str) -> String {
    sanitize(text)
        .replace('\\', "\\\\")
        .replace('<', "&lt;")
        .replace('|', "\\|")
}

/// A table cell or a field: one line, with `<br>` for its line breaks.
fn md_line(text: &str) -> String {
    md(text.trim())
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("<br>")
}

pub fn markdown(s: &Sheet) -> String {
    let mut out = format!("# {}\n", md_line(&s.title));
    for b in &s.blocks {
        out.push('\n');
        match b {
            Block::Heading(h) => {
                let _ = writeln!(out, "## {}", md_line(h));
            }
            Block::Para(p) => {
                let _ = writeln!(out, "{}", md_line(p));
            }
            Block::Fields(fields) => {
                for (label, value) in fields {
                    let line = i18n::tr_args(
                        s.lang,
                        "label-value",
                        &[
                            ("label", format!("**{}**", md_line(label)).into()),
                            ("value", md_line(value).into()),
                        ],
                    );
                    let _ = writeln!(out, "- {line}");
                }
            }
            Block::Table(head, rows) => {
                let cells = |row: &[String]| {
                    row.iter()
                        .map(|c| {
                            let c = md_line(c);
                            if c.is_empty() { " ".to_owned() } else { c }
                        })
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                let _ = writeln!(out, "| {} |", cells(head));
                let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
                for row in rows {
                    let _ = writeln!(out, "| {} |", cells(row));
                }
            }
            Block::Signatures(who, date) => {
                for (i, w) in who.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    let sign = i18n::tr_args(
                        s.lang,
                        "label-value",
                        &[("label", md_line(w).into()), ("value", BLANK.into())],
                    );
                    let date = i18n::tr_args(
                        s.lang,
                        "label-value",
                        &[("label", md_line(date).into()), ("value", BLANK.into())],
                    );
                    let _ = writeln!(out, "{sign}    {date}");
                }
            }
        }
    }
    let _ = write!(out, "\n---\n\n{}\n", md_line(&s.footer));
    out
}

/// Text for HTML: escaped, control characters out, line breaks as `<br>`.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in sanitize(text.trim()).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// Fonts that have the CJK characters, on Linux, macOS and Windows, before the generic one.
pub const FONT_STACK: &str = "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \
\"Microsoft YaHei\", \"WenQuanYi Micro Hei\", sans-serif";

fn css() -> String {
    format!(
        "body{{font-family:{FONT_STACK};font-size:10.5pt;line-height:1.45;color:#111;max-width:190mm;margin:1.5em auto;padding:0 1em}}\n\
h1{{font-size:16pt;text-align:center;margin:.2em 0 .8em;letter-spacing:.05em}}\n\
h2{{font-size:12pt;margin:1.1em 0 .4em;padding-bottom:.1em;border-bottom:1px solid #444;break-after:avoid}}\n\
table{{border-collapse:collapse;width:100%;margin:.3em 0}}\n\
th,td{{border:1px solid #666;padding:.25em .45em;text-align:left;vertical-align:top}}\n\
thead th{{background:#eee}}\n\
table.fields th{{width:28%;background:#f4f4f4;font-weight:600}}\n\
tr{{break-inside:avoid}}\n\
p{{margin:.3em 0}}\n\
.signatures{{display:flex;gap:2em;margin-top:1.2em}}\n\
.signature{{flex:1}}\n\
.signature .line{{border-bottom:1px solid #111;height:2.4em;margin-bottom:.3em}}\n\
footer{{margin-top:2em;font-size:8.5pt;color:#555;text-align:right}}\n\
@page{{size:A4;margin:15mm 14mm}}\n\
@media print{{body{{margin:0;padding:0;max-width:none}}thead{{display:table-header-group}}footer{{position:static}}}}"
    )
}

pub fn html(s: &Sheet) -> String {
    let mut out = String::new();
    let title = esc(&s.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
<title>{title}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n",
        s.lang.tag(),
        css()
    );
    for b in &s.blocks {
        match b {
            Block::Heading(h) => {
                let _ = writeln!(out, "<h2>{}</h2>", esc(h));
            }
            Block::Para(p) => {
                let _ = writeln!(out, "<p>{}</p>", esc(p));
            }
            Block::Fields(fields) => {
                out.push_str("<table class=\"fields\">\n");
                for (label, value) in fields {
                    let _ = writeln!(
                        out,
                        "<tr><th>{}</th><td>{}</td></tr>",
                        esc(label),
                        esc(value)
                    );
                }
                out.push_str("</table>\n");
            }
            Block::Table(head, rows) => {
                out.push_str("<table>\n<thead><tr>");
                for h in head {
                    let _ = write!(out, "<th>{}</th>", esc(h));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for c in row {
                        let _ = write!(out, "<td>{}</td>", esc(c));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Signatures(who, date) => {
                out.push_str("<div class=\"signatures\">\n");
                for w in who {
                    let _ = writeln!(
                        out,
                        "<div class=\"signature\"><div class=\"line\"></div>{}<br><br>{}</div>",
                        esc(w),
                        i18n::tr_args(
                            s.lang,
                            "label-value",
                            &[("label", esc(date).into()), ("value", "".into())]
                        )
                    );
                }
                out.push_str("</div>\n");
            }
        }
    }
    let _ = write!(
        out,
        "<footer>{}</footer>\n</body>\n</html>\n",
        esc(&s.footer)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn sheet(blocks: Vec<Block>) -> Sheet {
        Sheet {
            lang: Lang::ZhCn,
            title: "维护任务单 T-1".into(),
            blocks,
            footer: "f".into(),
        }
    }

    #[test]
    fn user_text_cannot_open_html_or_split_a_cell() {
        let s = sheet(vec![
            Block::Table(
                vec!["a".into()],
                vec![vec!["<b>x</b> | y\nz\u{1b}[31m".into()]],
            ),
            Block::Fields(vec![("问题描述".into(), "<script>&".into())]),
        ]);
        let md = markdown(&s);
        assert!(md.contains("| &lt;b>x&lt;/b> \\| y<br>z?[31m |"), "{md}");
        assert!(md.contains("- **问题描述**：&lt;script>&"), "{md}");
        let html = html(&s);
        assert!(
            html.contains("<td>&lt;b&gt;x&lt;/b&gt; | y<br>z?[31m</td>"),
            "{html}"
        );
        assert!(html.contains("<td>&lt;script&gt;&amp;</td>"), "{html}");
        assert!(html.contains("<html lang=\"zh-CN\">"));
        assert!(html.contains("size:A4"));
    }
}
