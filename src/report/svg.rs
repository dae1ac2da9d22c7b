//! Inline SVG charts for the HTML page: no script, no external reference,
//! fixed sizes so that the page renders the same everywhere.

use std::fmt::Write;

pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn open(out: &mut String, id: &str, title: &str, w: u32, h: u32) {
    let _ = write!(
        out,
        "<svg class=\"chart\" id=\"{id}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = esc(title)
    );
}

/// Pareto: bars of counts, the cumulative % line, and the 80 % line, under `title`.
pub fn pareto(title: &str, rows: &[(String, usize, f64)]) -> String {
    let (w, h, left, bottom, top) = (640u32, 300u32, 40.0, 90.0, 20.0);
    let mut out = String::new();
    open(&mut out, "chart-pareto", title, w, h);
    let plot_h = h as f64 - bottom - top;
    let plot_w = w as f64 - left - 40.0;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1) as f64;
    let n = rows.len().max(1) as f64;
    let bw = plot_w / n;
    let base = h as f64 - bottom;
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{base}\" x2=\"{:.1}\" y2=\"{base}\" stroke=\"#333\"/>",
        left + plot_w
    );
    let mut points = Vec::new();
    for (i, (label, count, cum)) in rows.iter().enumerate() {
        let x = left + i as f64 * bw;
        let bh = *count as f64 / max * plot_h;
        let _ = write!(
            out,
            "<rect class=\"bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#4a78b5\"><title>{}: {count}</title></rect>",
            x + bw * 0.1,
            base - bh,
            bw * 0.8,
            bh,
            esc(label)
        );
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" transform=\"rotate(40 {:.1} {:.1})\">{}</text>",
            x + bw * 0.3,
            base + 12.0,
            x + bw * 0.3,
            base + 12.0,
            esc(&short(label, 26))
        );
        points.push(format!(
            "{:.1},{:.1}",
            x + bw / 2.0,
            base - cum / 100.0 * plot_h
        ));
    }
    let y80 = base - 0.8 * plot_h;
    let _ = write!(
        out,
        "<line class=\"line80\" x1=\"{left}\" y1=\"{y80:.1}\" x2=\"{:.1}\" y2=\"{y80:.1}\" stroke=\"#c33\" stroke-dasharray=\"4 3\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#c33\">80 %</text>",
        left + plot_w,
        left + plot_w + 4.0,
        y80 + 3.0
    );
    if !points.is_empty() {
        let _ = write!(
            out,
            "<polyline class=\"cumulative\" points=\"{}\" fill=\"none\" stroke=\"#e08a00\" stroke-width=\"2\"/>",
            points.join(" ")
        );
    }
    out.push_str("</svg>");
    out
}

/// Horizontal bars of percentages (0–100) with labels, two series side by
/// side; `none` is written where a value is missing (`n/a`, in the report's language).
pub fn pct_bars(
    id: &str,
    title: &str,
    rows: &[(String, Option<f64>, Option<f64>)],
    names: (&str, &str),
    none: &str,
) -> String {
    let row_h = 34.0;
    let h = (rows.len() as f64 * row_h + 40.0) as u32;
    let w = 640u32;
    let (left, plot_w) = (150.0, 420.0);
    let mut out = String::new();
    open(&mut out, id, title, w, h);
    let _ = write!(
        out,
        "<rect x=\"{left}\" y=\"4\" width=\"10\" height=\"10\" fill=\"#4a78b5\"/><text x=\"{:.1}\" y=\"13\" font-size=\"11\">{}</text><rect x=\"{:.1}\" y=\"4\" width=\"10\" height=\"10\" fill=\"#e08a00\"/><text x=\"{:.1}\" y=\"13\" font-size=\"11\">{}</text>",
        left + 14.0,
        esc(names.0),
        left + 120.0,
        left + 134.0,
        esc(names.1)
    );
    for (i, (label, a, b)) in rows.iter().enumerate() {
        let y = 24.0 + i as f64 * row_h;
        let _ = write!(
            out,
            "<text x=\"4\" y=\"{:.1}\" font-size=\"11\">{}</text>",
            y + 17.0,
            esc(&short(label, 24))
        );
        for (j, (v, colour)) in [(a, "#4a78b5"), (b, "#e08a00")].into_iter().enumerate() {
            let yy = y + j as f64 * 13.0;
            let text = match v {
                Some(v) => {
                    let bw = (v.clamp(0.0, 100.0) / 100.0 * plot_w).max(1.0);
                    let _ = write!(
                        out,
                        "<rect class=\"bar\" x=\"{left}\" y=\"{yy:.1}\" width=\"{bw:.1}\" height=\"11\" fill=\"{colour}\"/>"
                    );
                    format!("{v:.1} %")
                }
                None => esc(none),
            };
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{text}</text>",
                left + plot_w + 6.0,
                yy + 9.0
            );
        }
    }
    out.push_str("</svg>");
    out
}

fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(n - 1).collect();
        s.push('…');
        s
    }
}
