//! The document as a self-contained HTML page.

use super::*;

pub(super) const CSS: &str = "body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}\
h1{font-size:1.6em;border-bottom:2px solid #4a78b5}h2{font-size:1.2em;margin-top:1.6em;color:#2b4f80}\
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}\
th{background:#eef2f8}svg.chart{display:block;margin:.8em 0;background:#fafafa;border:1px solid #ddd}\
@media print{body{margin:0}}";

pub fn html(r: &Report, lang: Lang) -> String {
    let mut out = String::new();
    let t = esc(&title(&Zone::of(r, lang), r));
    let tag = lang.tag();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{tag}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
<title>{t}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{t}</h1>\n"
    );
    for b in document(r, lang) {
        match b {
            Block::Heading(h) => {
                let _ = writeln!(out, "<h2>{}</h2>", esc(&h));
            }
            Block::Para(p) => {
                let _ = writeln!(out, "<p>{}</p>", esc(&p));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    let _ = writeln!(out, "<li>{}</li>", esc(&i));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(head, rows) => {
                out.push_str("<table>\n<tr>");
                for h in head {
                    let _ = write!(out, "<th>{}</th>", esc(&h));
                }
                out.push_str("</tr>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for c in row {
                        let _ = write!(out, "<td>{}</td>", esc(&c));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
            Block::Chart(_, svg) => {
                out.push_str(&svg);
                out.push('\n');
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}
