//! Inline SVG charts for the HTML page: no script, no external reference,
//! fixed sizes so that the page renders the same everywhere. Every chart has
//! axes with tick values, a value on each bar, and no text smaller than
//! [`MIN_FONT`] px, so that it can be read on paper. The text takes the
//! page's font (a CJK-capable stack), so Chinese labels are drawn.

use crate::report::figures::vital_few;
use std::fmt::Write;

/// The smallest font size (px) any chart text has.
pub const MIN_FONT: u32 = 11;

/// At most this many bars in a Pareto chart; the rest become one "other" bar.
pub const PARETO_BARS: usize = 12;

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

/// A text element: `size` px (at least [`MIN_FONT`]), `anchor` start, middle or end.
fn text(out: &mut String, x: f64, y: f64, size: u32, anchor: &str, extra: &str, body: &str) {
    let _ = write!(
        out,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{}\" text-anchor=\"{anchor}\"{extra}>{}</text>",
        size.max(MIN_FONT),
        esc(body)
    );
}

fn line(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64, style: &str) {
    let _ = write!(
        out,
        "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" {style}/>"
    );
}

/// A step of 1, 2 or 5 × 10ⁿ that cuts `0..=max` into at most 5 parts.
fn step(max: usize) -> usize {
    let mut unit = 1;
    loop {
        for s in [1, 2, 5] {
            if max <= s * unit * 5 {
                return s * unit;
            }
        }
        unit *= 10;
    }
}

/// The words of a Pareto chart (the caller's language).
pub struct ParetoWords<'a> {
    pub title: &'a str,
    /// The left axis.
    pub count: &'a str,
    /// The right axis and the line.
    pub cumulative: &'a str,
    /// The mark over the vital few.
    pub vital: &'a str,
    /// The bar of the categories past [`PARETO_BARS`].
    pub other: &'a str,
}

/// Pareto: bars of counts (sorted from the largest) on a count axis, the
/// cumulative share as a line on its own 0–100 % axis, the 80 % line, and the
/// vital few ([`vital_few`]) in a darker colour under a bracket.
pub fn pareto(words: &ParetoWords, rows: &[(String, usize)]) -> String {
    let mut rows: Vec<(String, usize)> = rows.to_vec();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if rows.len() > PARETO_BARS {
        let rest: Vec<(String, usize)> = rows.split_off(PARETO_BARS - 1);
        let n: usize = rest.iter().map(|r| r.1).sum();
        rows.push((format!("{} ({})", words.other, rest.len()), n));
    }
    let counts: Vec<usize> = rows.iter().map(|r| r.1).collect();
    let vital = vital_few(&counts);
    let total: usize = counts.iter().sum();
    let (w, h) = (680u32, 400u32);
    let (left, right, top, bottom) = (64.0, 64.0, 60.0, 100.0);
    let plot_w = w as f64 - left - right;
    let plot_h = h as f64 - top - bottom;
    let base = top + plot_h;
    let step = step(counts.first().copied().unwrap_or(1).max(1));
    let max = {
        let m = counts.first().copied().unwrap_or(1).max(1);
        m.div_ceil(step) * step
    } as f64;
    let mut out = String::new();
    open(&mut out, "chart-pareto", words.title, w, h);
    // Legend.
    let _ = write!(
        out,
        "<rect x=\"{left}\" y=\"10\" width=\"12\" height=\"12\" fill=\"#2b5d9e\"/>"
    );
    text(&mut out, left + 16.0, 21.0, 12, "start", "", words.vital);
    let cx = left + 190.0;
    line(
        &mut out,
        cx,
        16.0,
        cx + 20.0,
        16.0,
        "stroke=\"#e08a00\" stroke-width=\"2\"",
    );
    text(&mut out, cx + 24.0, 21.0, 12, "start", "", words.cumulative);
    // Axes: counts on the left, the cumulative share on the right.
    let axis = "stroke=\"#333\"";
    line(&mut out, left, top, left, base, axis);
    line(&mut out, left + plot_w, top, left + plot_w, base, axis);
    line(&mut out, left, base, left + plot_w, base, axis);
    let mut v = 0;
    while v as f64 <= max {
        let y = base - v as f64 / max * plot_h;
        line(&mut out, left - 4.0, y, left, y, axis);
        if v > 0 {
            line(&mut out, left, y, left + plot_w, y, "stroke=\"#e4e4e4\"");
        }
        text(&mut out, left - 7.0, y + 4.0, 11, "end", "", &v.to_string());
        v += step;
    }
    for p in (0..=100).step_by(20) {
        let y = base - p as f64 / 100.0 * plot_h;
        line(&mut out, left + plot_w, y, left + plot_w + 4.0, y, axis);
        text(
            &mut out,
            left + plot_w + 7.0,
            y + 4.0,
            11,
            "start",
            "",
            &format!("{p} %"),
        );
    }
    let ymid = top + plot_h / 2.0;
    text(
        &mut out,
        16.0,
        ymid,
        12,
        "middle",
        &format!(" transform=\"rotate(-90 16 {ymid:.1})\""),
        words.count,
    );
    let rx = w as f64 - 12.0;
    text(
        &mut out,
        rx,
        ymid,
        12,
        "middle",
        &format!(" transform=\"rotate(90 {rx:.1} {ymid:.1})\""),
        words.cumulative,
    );
    // Bars, their values and their categories.
    let n = rows.len().max(1) as f64;
    let bw = plot_w / n;
    let mut cum = 0;
    let mut points = Vec::new();
    for (i, (label, count)) in rows.iter().enumerate() {
        let x = left + i as f64 * bw;
        let bh = *count as f64 / max * plot_h;
        let fill = if i < vital { "#2b5d9e" } else { "#a9c1e0" };
        let _ = write!(
            out,
            "<rect class=\"bar{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\"><title>{}: {count}</title></rect>",
            if i < vital { " vital" } else { "" },
            x + bw * 0.15,
            base - bh,
            bw * 0.7,
            bh,
            esc(label)
        );
        text(
            &mut out,
            x + bw / 2.0,
            base - bh - 4.0,
            12,
            "middle",
            " class=\"value\"",
            &count.to_string(),
        );
        let lx = x + bw / 2.0 + 4.0;
        let ly = base + 14.0;
        text(
            &mut out,
            lx,
            ly,
            11,
            "end",
            &format!(" class=\"category\" transform=\"rotate(-35 {lx:.1} {ly:.1})\""),
            &short(label, 20),
        );
        cum += count;
        let pct = if total == 0 {
            0.0
        } else {
            cum as f64 * 100.0 / total as f64
        };
        points.push((x + bw / 2.0, base - pct / 100.0 * plot_h, pct));
    }
    // The 80 % line, and the cut after the vital few.
    let y80 = base - 0.8 * plot_h;
    let _ = write!(
        out,
        "<line class=\"line80\" x1=\"{left}\" y1=\"{y80:.1}\" x2=\"{:.1}\" y2=\"{y80:.1}\" stroke=\"#c33\" stroke-dasharray=\"5 3\"/>",
        left + plot_w
    );
    text(
        &mut out,
        left + plot_w - 4.0,
        y80 - 4.0,
        11,
        "end",
        " fill=\"#c33\"",
        "80 %",
    );
    if vital > 0 && !rows.is_empty() {
        let xc = left + vital as f64 * bw;
        let _ = write!(
            out,
            "<line class=\"cut\" x1=\"{xc:.1}\" y1=\"{top}\" x2=\"{xc:.1}\" y2=\"{base}\" stroke=\"#c33\" stroke-dasharray=\"2 3\"/>"
        );
        text(
            &mut out,
            (left + xc) / 2.0,
            top - 22.0,
            12,
            "middle",
            " class=\"vital\" fill=\"#2b5d9e\" font-weight=\"bold\"",
            &format!("{} ({vital})", words.vital),
        );
    }
    if !points.is_empty() {
        let _ = write!(
            out,
            "<polyline class=\"cumulative\" points=\"{}\" fill=\"none\" stroke=\"#e08a00\" stroke-width=\"2\"/>",
            points
                .iter()
                .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        for (x, y, pct) in &points {
            let _ = write!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"#e08a00\"/>"
            );
            text(
                &mut out,
                x + 5.0,
                y - 6.0,
                11,
                "start",
                " class=\"cum\" fill=\"#9a5c00\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"",
                &format!("{pct:.0} %"),
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Horizontal bars of percentages (0–100) with labels, two series side by
/// side, on a 0–100 % axis with grid lines; each bar has its value, `none`
/// where it is missing (`n/a`, in the report's language).
pub fn pct_bars(
    id: &str,
    title: &str,
    rows: &[(String, Option<f64>, Option<f64>)],
    names: (&str, &str),
    none: &str,
) -> String {
    let row_h = 36.0;
    let (top, axis_h) = (30.0, 30.0);
    let h = (top + rows.len() as f64 * row_h + axis_h) as u32;
    let w = 680u32;
    let (left, plot_w) = (170.0, 430.0);
    let base = top + rows.len() as f64 * row_h;
    let mut out = String::new();
    open(&mut out, id, title, w, h);
    let _ = write!(
        out,
        "<rect x=\"{left}\" y=\"8\" width=\"12\" height=\"12\" fill=\"#4a78b5\"/><rect x=\"{:.1}\" y=\"8\" width=\"12\" height=\"12\" fill=\"#e08a00\"/>",
        left + 140.0,
    );
    text(&mut out, left + 16.0, 19.0, 12, "start", "", names.0);
    text(&mut out, left + 156.0, 19.0, 12, "start", "", names.1);
    // The axis: 0 to 100 % in steps of 25, with grid lines.
    for p in (0..=100).step_by(25) {
        let x = left + p as f64 / 100.0 * plot_w;
        line(
            &mut out,
            x,
            top,
            x,
            base,
            if p == 0 {
                "stroke=\"#333\""
            } else {
                "stroke=\"#e4e4e4\""
            },
        );
        line(&mut out, x, base, x, base + 4.0, "stroke=\"#333\"");
        text(
            &mut out,
            x,
            base + 17.0,
            11,
            "middle",
            " class=\"tick\"",
            &format!("{p} %"),
        );
    }
    line(&mut out, left, base, left + plot_w, base, "stroke=\"#333\"");
    for (i, (label, a, b)) in rows.iter().enumerate() {
        let y = top + 4.0 + i as f64 * row_h;
        text(
            &mut out,
            left - 8.0,
            y + 17.0,
            12,
            "end",
            " class=\"category\"",
            &short(label, 24),
        );
        for (j, (v, colour)) in [(a, "#4a78b5"), (b, "#e08a00")].into_iter().enumerate() {
            let yy = y + j as f64 * 14.0;
            let (end, value) = match v {
                Some(v) => {
                    let bw = (v.clamp(0.0, 100.0) / 100.0 * plot_w).max(1.0);
                    let _ = write!(
                        out,
                        "<rect class=\"bar\" x=\"{left}\" y=\"{yy:.1}\" width=\"{bw:.1}\" height=\"12\" fill=\"{colour}\"/>"
                    );
                    (left + bw, format!("{v:.1} %"))
                }
                None => (left, esc(none)),
            };
            // The value just after its bar (past the axis' end for a full bar).
            let x = if end + 60.0 > left + plot_w {
                left + plot_w + 6.0
            } else {
                end + 4.0
            };
            text(
                &mut out,
                x,
                yy + 10.5,
                11,
                "start",
                " class=\"value\"",
                &value,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The font sizes of every text element (each must have one).
    fn font_sizes(svg: &str) -> Vec<u32> {
        svg.split("<text ")
            .skip(1)
            .map(|t| {
                let tag = &t[..t.find('>').unwrap()];
                let at = tag
                    .find("font-size=\"")
                    .expect("every text has a font size")
                    + 11;
                tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    /// The bodies of the text elements with `class`.
    fn texts<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
        let mark = format!("class=\"{class}\"");
        svg.split("<text ")
            .skip(1)
            .filter(|t| t[..t.find('>').unwrap()].contains(&mark))
            .map(|t| &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()])
            .collect()
    }

    fn words() -> ParetoWords<'static> {
        ParetoWords {
            title: "Pareto of fault causes",
            count: "count",
            cumulative: "cumulative share",
            vital: "vital few",
            other: "other",
        }
    }

    fn rows(counts: &[(&str, usize)]) -> Vec<(String, usize)> {
        counts.iter().map(|(l, c)| (l.to_string(), *c)).collect()
    }

    #[test]
    fn the_pareto_chart_has_counts_cumulative_shares_axes_and_the_cut() {
        let svg = pareto(
            &words(),
            &rows(&[
                ("software", 30),
                ("hardware", 50),
                ("network", 10),
                ("power", 5),
                ("configuration", 5),
            ]),
        );
        assert!(font_sizes(&svg).iter().all(|&s| s >= 11), "{svg}");
        // Bars sorted from the largest, each with its count; the categories under them.
        assert_eq!(texts(&svg, "value"), ["50", "30", "10", "5", "5"]);
        assert_eq!(
            texts(&svg, "category"),
            ["hardware", "software", "network", "configuration", "power"]
        );
        assert_eq!(
            texts(&svg, "cum"),
            ["50 %", "80 %", "90 %", "95 %", "100 %"]
        );
        assert_eq!(svg.matches("class=\"bar vital\"").count(), 2);
        assert_eq!(svg.matches("class=\"bar\"").count(), 3);
        assert_eq!(texts(&svg, "vital"), ["vital few (2)"]);
        assert!(svg.contains("class=\"line80\""));
        // The cut stands after the 2nd of 5 bars: x = 64 + 2 × 552 / 5.
        assert!(svg.contains("class=\"cut\" x1=\"284.8\""), "{svg}");
        // Both axes with their ticks and titles.
        for tick in ["0", "10", "20", "50", "0 %", "20 %", "80 %", "100 %"] {
            assert!(svg.contains(&format!(">{tick}</text>")), "tick {tick}");
        }
        assert!(svg.contains(">count</text>") && svg.contains(">cumulative share</text>"));
    }

    #[test]
    fn a_long_tail_becomes_one_bar() {
        let many: Vec<(String, usize)> = (0..20).map(|i| (format!("c{i:02}"), 20 - i)).collect();
        let svg = pareto(&words(), &many);
        let cats = texts(&svg, "category");
        assert_eq!(cats.len(), PARETO_BARS);
        assert_eq!(cats.last(), Some(&"other (9)"));
        // 1 + 2 + … + 9 = 45 in the last bar, and the line ends at 100 %.
        assert_eq!(texts(&svg, "value").last(), Some(&"45"));
        assert_eq!(texts(&svg, "cum").last(), Some(&"100 %"));
    }

    #[test]
    fn percentage_bars_have_an_axis_values_and_readable_text() {
        let svg = pct_bars(
            "chart-disk",
            "Disk use",
            &[
                ("web01 /".into(), Some(40.0), Some(46.0)),
                ("db01 /var".into(), None, Some(100.0)),
            ],
            ("start", "end"),
            "n/a",
        );
        assert!(font_sizes(&svg).iter().all(|&s| s >= 11), "{svg}");
        assert_eq!(
            texts(&svg, "tick"),
            ["0 %", "25 %", "50 %", "75 %", "100 %"]
        );
        assert_eq!(texts(&svg, "value"), ["40.0 %", "46.0 %", "n/a", "100.0 %"]);
        assert_eq!(texts(&svg, "category"), ["web01 /", "db01 /var"]);
        assert!(svg.contains(">start</text>") && svg.contains(">end</text>"));
    }
}
