//! `--format nagios`: a run as a monitoring plugin reports it, per the
//! monitoring-plugins development guidelines, so that Nagios, Icinga 2,
//! Naemon or Shinken can run `ops` as a check command.
//!
//! ```text
//! OPS HOST CRITICAL - web01: fs.usage[/data]: /data 95 % used | 'fs.usage_/data'=95%;80;90;0;100 'load'=0.12;1.5;3;0;
//! [CRITICAL] fs.usage[/data]: /data 95 % used (…)
//! [OK] load: load 0.10 0.12 0.09 on 4 cores …
//! ```
//!
//! The first line is `SERVICE STATUS - summary | perfdata`; the lines after
//! it are the long output, one finding each (for a run over several targets,
//! only the findings that are not ok, and one line per target that is). The
//! status is the worst of the run, which is also ops's exit status: 0 OK,
//! 1 WARNING, 2 CRITICAL, 3 UNKNOWN, as the guidelines want. Perfdata has one
//! `'label'=value[UOM];warn;crit;min;max` per finding with a numeric value;
//! labels are `check_subject`, prefixed with `target ` when a run has more
//! than one target so that they stay unique. Text from targets is cleaned of
//! control characters and of `|`, which would start the perfdata. A command
//! that fails before it has a run (a bad ops.toml, exit 78 otherwise) prints
//! `OPS UNKNOWN - error: …` and exits 3 ([`failed`], called from `lib.rs`).

use super::{Limit, Measure, Run, RunTarget, Unit, measure, reported};
use crate::check::{Finding, Status, Worse, fmt_num};

/// The plugin output of `run`, ending in a newline.
pub fn render(run: &Run) -> String {
    let status = run.status();
    let several = run.targets.len() != 1;
    let mut perf = Vec::new();
    for t in &run.targets {
        let prefix = several.then_some(t.name);
        for f in reported(t.findings) {
            if let Some(m) = measure(f) {
                perf.push(perfdatum(&label(prefix, f), &m));
            }
        }
    }
    let mut out = format!(
        "OPS {} {} - {}",
        clean(&run.kind.to_uppercase()),
        word(status),
        summary(run)
    );
    if !perf.is_empty() {
        out.push_str(" | ");
        out.push_str(&perf.join(" "));
    }
    out.push('\n');
    for t in &run.targets {
        for line in long_output(t, several) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// A run that could not be made (a bad config, no records repository…)
/// under `--format nagios`: `OPS UNKNOWN - error: …` on stdout, the causes
/// on stderr as usual, and 3, because a plugin exits 0–3 only.
pub fn failed(err: &anyhow::Error) -> u8 {
    let text = format!("OPS UNKNOWN - error: {}\n", clean(&format!("{err:#}")));
    let mut out = std::io::stdout().lock();
    let _ = std::io::Write::write_all(&mut out, text.as_bytes());
    let _ = std::io::Write::flush(&mut out);
    crate::printer::to_stderr(&format!("error: {err:#}"));
    crate::exit::Exit::Unknown.code()
}

/// The plugin status word for a status.
pub fn word(status: Status) -> &'static str {
    match status {
        Status::Skip | Status::Ok => "OK",
        Status::Warn => "WARNING",
        Status::Crit => "CRITICAL",
        Status::Unknown => "UNKNOWN",
    }
}

/// The summary after `STATUS - `: one target's problems, or the counts of a
/// run over several and the targets that are not ok, worst first.
fn summary(run: &Run) -> String {
    match run.targets.as_slice() {
        [] => "nothing to check".to_string(),
        [t] => {
            let problems: Vec<String> = problems(t)
                .map(|f| format!("{}: {}", f.label(), f.message))
                .collect();
            if problems.is_empty() {
                clean(&checks_ok(t))
            } else {
                clean(&format!("{}: {}", t.name, problems.join("; ")))
            }
        }
        targets => {
            let mut text = format!("{} targets", targets.len());
            for s in [Status::Crit, Status::Unknown, Status::Warn] {
                let n = targets.iter().filter(|t| t.status == s).count();
                if n > 0 {
                    text.push_str(&format!(", {n} {s}"));
                }
            }
            let mut bad: Vec<&RunTarget> =
                targets.iter().filter(|t| t.status > Status::Ok).collect();
            if bad.is_empty() {
                text.push_str(", all ok");
            } else {
                bad.sort_by_key(|t| std::cmp::Reverse(t.status));
                const SHOWN: usize = 10;
                let mut names: Vec<&str> = bad.iter().take(SHOWN).map(|t| t.name).collect();
                if bad.len() > SHOWN {
                    names.push("…");
                }
                text.push_str(&format!(": {}", names.join(", ")));
            }
            clean(&text)
        }
    }
}

/// A target's findings that are not ok, worst first.
fn problems<'a>(t: &RunTarget<'a>) -> impl Iterator<Item = &'a Finding> {
    let mut bad: Vec<&Finding> = t
        .findings
        .iter()
        .filter(|f| f.status > Status::Ok)
        .collect();
    bad.sort_by_key(|f| std::cmp::Reverse(f.status));
    bad.into_iter()
}

fn long_output(t: &RunTarget, several: bool) -> Vec<String> {
    if !several {
        return reported(t.findings)
            .map(|f| {
                clean(&format!(
                    "[{}] {}: {}",
                    word(f.status),
                    f.label(),
                    f.message
                ))
            })
            .collect();
    }
    let lines: Vec<String> = problems(t)
        .map(|f| {
            clean(&format!(
                "[{}] {} {}: {}",
                word(f.status),
                t.name,
                f.label(),
                f.message
            ))
        })
        .collect();
    if lines.is_empty() {
        vec![clean(&format!("[OK] {}", checks_ok(t)))]
    } else {
        lines
    }
}

/// `web01: 12 checks ok`, for a target with no problem.
fn checks_ok(t: &RunTarget) -> String {
    let n = reported(t.findings).count();
    format!("{}: {n} check{} ok", t.name, if n == 1 { "" } else { "s" })
}

/// One line of plugin text: no control characters, no line breaks, no `|`.
fn clean(text: &str) -> String {
    crate::printer::sanitize(text)
        .replace(['\n', '\t'], " ")
        .replace('|', "/")
}

/// `check_subject`, or `target check_subject`: a perfdata label must not
/// hold `=` or `'` (it is quoted, and a quote would have to be doubled).
fn label(target: Option<&str>, f: &Finding) -> String {
    let mut text = String::new();
    if let Some(t) = target {
        text.push_str(t);
        text.push(' ');
    }
    text.push_str(&f.check);
    if let Some(s) = &f.subject {
        text.push('_');
        text.push_str(s);
    }
    clean(&text).replace(['=', '\''], "_")
}

/// `'label'=value[UOM];warn;crit;min;max`, empty fields where unknown.
fn perfdatum(label: &str, m: &Measure) -> String {
    let (uom, min, max) = match m.unit {
        Unit::Percent => ("%", "0", "100"),
        Unit::Seconds => ("s", "0", ""),
        Unit::Bytes => ("B", "0", ""),
        Unit::Number => ("", "", ""),
    };
    let mut text = format!(
        "'{label}'={}{uom};{};{};{min};{max}",
        number(m.value),
        range(m.warn),
        range(m.crit)
    );
    // Trailing empty fields may be dropped.
    while text.ends_with(';') {
        text.pop();
    }
    text
}

/// A threshold range in the guidelines' notation: `80` alerts above 80 (and
/// below 0), `15:` alerts below 15.
fn range(limit: Option<Limit>) -> String {
    match limit {
        None => String::new(),
        Some(Limit {
            side: Worse::Above,
            at,
        }) => number(at),
        Some(Limit {
            side: Worse::Below,
            at,
        }) => format!("{}:", number(at)),
    }
}

/// Digits and a point only, as perfdata allows: no exponent, no `.0`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        fmt_num(v)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    fn run<'a>(targets: Vec<RunTarget<'a>>) -> Run<'a> {
        Run {
            kind: "host",
            started: chrono::Utc.with_ymd_and_hms(2026, 11, 22, 6, 0, 0).unwrap(),
            targets,
        }
    }

    #[test]
    fn one_target_gives_its_problems_and_perfdata_with_limits() {
        let findings = vec![
            Finding::new("fs.usage", Status::Crit, "/data 95 % used")
                .subject("/data")
                .value(95.0)
                .threshold("used warn > 80 %, crit > 90 %"),
            Finding::ok("memory", "62 % available")
                .value(62.0)
                .threshold("available warn < 15 %, crit < 5 %"),
            Finding::skip("swap", "no swap configured"),
            Finding::ok("timesync", "ok | fine").value("synchronised"),
        ];
        let text = render(&run(vec![RunTarget {
            name: "web01",
            status: Status::Crit,
            duration: None,
            findings: &findings,
        }]));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "OPS HOST CRITICAL - web01: fs.usage[/data]: /data 95 % used | \
             'fs.usage_/data'=95%;80;90;0;100 'memory'=62%;15:;5:;0;100"
        );
        assert_eq!(lines[1], "[CRITICAL] fs.usage[/data]: /data 95 % used");
        assert_eq!(lines[3], "[OK] timesync: ok / fine");
        assert_eq!(lines.len(), 4, "skipped findings are left out: {text}");
    }

    #[test]
    fn several_targets_are_counted_and_labelled_by_target() {
        let bad = vec![
            Finding::new("load", Status::Warn, "high")
                .value(json!(2.5))
                .threshold("warn > 1.5, crit > 3"),
        ];
        let good = vec![Finding::ok("load", "low").value(json!(0.25))];
        let text = render(&run(vec![
            RunTarget {
                name: "a",
                status: Status::Warn,
                duration: None,
                findings: &bad,
            },
            RunTarget {
                name: "b",
                status: Status::Ok,
                duration: None,
                findings: &good,
            },
        ]));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "OPS HOST WARNING - 2 targets, 1 warn: a | 'a load'=2.5;1.5;3 'b load'=0.25"
        );
        assert_eq!(lines[1..], ["[WARNING] a load: high", "[OK] b: 1 check ok"]);
    }

    #[test]
    fn labels_cannot_break_out_of_their_quotes() {
        let f = Finding::ok("x", "m").subject("it's=odd|\n");
        assert_eq!(label(None, &f), "x_it_s_odd/ ");
    }
}
