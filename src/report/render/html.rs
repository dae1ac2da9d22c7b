//! The document as a self-contained HTML page, made to be read on screen and
//! printed to hand over: a font stack that has Chinese glyphs, status colours,
//! and a print stylesheet (A4, each section from a new page, page numbers).

use super::*;

/// Fonts with CJK glyphs first (Linux, macOS, Windows), then the generic
/// family; the charts' SVG text inherits it.
pub(super) const FONTS: &str = "\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Noto Sans SC\",\
\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif";

/// The colours of a cell's tone: (text, background).
pub(super) fn tone_colours(t: Tone) -> (&'static str, &'static str) {
    match t {
        Tone::Ok => ("#1b5e20", "#e3f3e6"),
        Tone::Warn => ("#7a4a00", "#fff1cc"),
        Tone::Crit => ("#a3160f", "#fde0de"),
        Tone::Unknown => ("#4d4d4d", "#e8e8e8"),
    }
}

fn css() -> String {
    let mut tones = String::new();
    for t in [Tone::Ok, Tone::Warn, Tone::Crit, Tone::Unknown] {
        let (fg, bg) = tone_colours(t);
        let _ = write!(
            tones,
            "td.st-{}{{color:{fg};background:{bg}{}}}",
            t.name(),
            if t == Tone::Crit {
                ";font-weight:bold"
            } else {
                ""
            }
        );
    }
    format!(
        "body{{font-family:{FONTS};max-width:960px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}}\
h1{{font-size:1.6em;border-bottom:2px solid #4a78b5}}h2{{font-size:1.2em;margin-top:1.6em;color:#2b4f80}}\
table{{border-collapse:collapse;margin:.5em 0}}th,td{{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}}\
th{{background:#eef2f8}}{tones}svg.chart{{display:block;margin:.8em 0;background:#fafafa;border:1px solid #ddd;max-width:100%;height:auto}}\
@page{{size:A4;margin:16mm 14mm 18mm 14mm;\
@bottom-center{{content:counter(page) \" / \" counter(pages);font-family:{FONTS};font-size:9pt;color:#555}}}}\
@media print{{body{{max-width:none;margin:0;padding:0;font-size:10.5pt}}\
*{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\
section+section{{break-before:page}}h2{{margin-top:0;break-after:avoid}}\
thead{{display:table-header-group}}tr,li,svg.chart,p{{break-inside:avoid}}table{{width:100%}}\
td{{overflow-wrap:anywhere}}}}"
    )
}

pub fn html(r: &Report, lang: Lang) -> String {
    let mut out = String::new();
    let t = esc(&title(&Voice::of(r, lang), r));
    let tag = lang.tag();
    let css = css();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{tag}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
<title>{t}</title>\n<style>{css}</style>\n</head>\n<body>\n<h1>{t}</h1>\n"
    );
    // Each heading opens a <section>, which print starts on a new page.
    let mut open = false;
    for b in document(r, lang) {
        match b {
            Block::Heading(h) => {
                if open {
                    out.push_str("</section>\n");
                }
                open = true;
                let _ = writeln!(out, "<section>\n<h2>{}</h2>", esc(&h));
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
            Block::Table(head, rows, tones) => {
                out.push_str("<table>\n<thead><tr>");
                for h in head {
                    let _ = write!(out, "<th>{}</th>", esc(&h));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for (i, row) in rows.iter().enumerate() {
                    out.push_str("<tr>");
                    for (j, c) in row.iter().enumerate() {
                        match tones.get(i).and_then(|r| r.get(j)).copied().flatten() {
                            Some(t) => {
                                let _ =
                                    write!(out, "<td class=\"st-{}\">{}</td>", t.name(), esc(c));
                            }
                            None => {
                                let _ = write!(out, "<td>{}</td>", esc(c));
                            }
                        }
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Chart(_, svg) => {
                out.push_str(&svg);
                out.push('\n');
            }
        }
    }
    if open {
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_css_has_cjk_fonts_status_colours_and_a4_print_with_page_numbers() {
        let css = css();
        assert!(css.contains("font-family:\"Noto Sans CJK SC\""), "{css}");
        assert!(css.contains("\"Microsoft YaHei\""));
        for t in ["ok", "warn", "crit", "unknown"] {
            assert!(css.contains(&format!("td.st-{t}{{")), "{t}: {css}");
        }
        assert!(css.contains("@page{size:A4;"));
        assert!(css.contains("counter(page) \" / \" counter(pages)"));
        assert!(css.contains("section+section{break-before:page}"));
    }

    #[test]
    fn a_toned_column_colours_only_its_cells() {
        let z = Voice(chrono_tz::UTC, Lang::En);
        let b = table(
            &z,
            &["a", "b"],
            [("x", "ok"), ("y", "bad")],
            |(a, b): (&str, &str)| vec![a.into(), b.into()],
        )
        .toned(1, [Some(Tone::Ok), Some(Tone::Crit)]);
        let Block::Table(_, _, tones) = b else {
            panic!()
        };
        assert_eq!(tones, [[None, Some(Tone::Ok)], [None, Some(Tone::Crit)]]);
    }
}
