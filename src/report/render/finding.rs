//! Findings and problems in the report's language.
//!
//! A finding's `message` is English text written at inspection time (the
//! records keep it as it was), so a report in English shows it and a report
//! in another language words the finding from its parts instead: the
//! check's name (`locales/*/checks.ftl`, [`crate::check::names`]), the
//! subject, the status, the value (a number or a name) and the threshold.
//! A threshold is free text too; its few fixed words (warn, crit, used,
//! more than, min, h …) are translated, and a threshold that still holds an
//! English word after that is left out rather than shown half translated.
//! The JSON figures keep the English lines: only the rendering changes.

use super::*;
use crate::check::{Finding, names};
use crate::report::figures::{FindingChange, InspectionRow, Problem, Recurred};
use regex::Regex;
use std::sync::OnceLock;

/// Whether `text` holds no word of three or more ASCII letters besides the
/// units a Chinese report writes the same way (values and thresholds that
/// do would be English in a zh-CN report).
fn plain(text: &str) -> bool {
    static WORD: OnceLock<Regex> = OnceLock::new();
    let word = WORD.get_or_init(|| Regex::new(r"[A-Za-z]{3,}").expect("a valid pattern"));
    !word
        .find_iter(text)
        .any(|m| !matches!(m.as_str(), "KiB" | "MiB" | "GiB" | "TiB" | "CPU" | "UPS"))
}

/// A finding's threshold in `z`'s language, or none when it cannot be said
/// there without English words.
pub(super) fn threshold(z: &Voice, text: &str) -> Option<String> {
    if z.lang() == Lang::En {
        return Some(text.to_owned());
    }
    static WORDS: OnceLock<Regex> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        Regex::new(r"\b(warn|crit|used|free|more than|less than|min|h|s|days|at least)\b")
            .expect("a valid pattern")
    });
    // Each fixed word is the message `report-threshold-<word>` (spaces as
    // `-`); warn and crit are the statuses.
    let said = words.replace_all(text, |c: &regex::Captures| match &c[1] {
        "warn" => z.status(Status::Warn),
        "crit" => z.status(Status::Crit),
        word => z.word("report-threshold", &word.replace(' ', "-")),
    });
    let said = said.replace(", ", z.t("report-detail-separator").as_str());
    plain(&said).then_some(said)
}

/// One finding from its parts: `文件系统使用率 /data：警告（当前值 91，阈值 …）`.
pub(super) fn explain(
    z: &Voice,
    check: &str,
    subject: Option<&str>,
    status: Status,
    value: Option<&str>,
    limit: Option<&str>,
) -> String {
    let mut parts = Vec::new();
    if let Some(v) = value.filter(|v| plain(v)) {
        parts.push(z.ta("report-finding-value", &[("value", v.to_owned())]));
    }
    if let Some(t) = limit.and_then(|t| threshold(z, t)) {
        parts.push(z.ta("report-finding-threshold", &[("threshold", t)]));
    }
    let detail = if parts.is_empty() {
        String::new()
    } else {
        z.ta(
            "report-finding-detail",
            &[("parts", parts.join(&z.t("report-detail-separator")))],
        )
    };
    z.ta(
        "report-finding",
        &[
            ("check", names::name(z.lang(), check)),
            (
                "subject",
                subject.map(|s| format!(" {s}")).unwrap_or_default(),
            ),
            ("status", z.status(status)),
            ("detail", detail),
        ],
    )
}

fn explain_finding(z: &Voice, f: &Finding) -> String {
    let value = crate::report::figures::scalar(&f.value);
    explain(
        z,
        &f.check,
        f.subject.as_deref(),
        f.status,
        value.as_deref(),
        f.threshold.as_deref(),
    )
}

/// A raised or cleared finding with its target: `web01：系统负载：警告`.
pub(super) fn change(z: &Voice, c: &FindingChange) -> String {
    if z.lang() == Lang::En {
        return c.label();
    }
    z.ta(
        "report-finding-of",
        &[
            ("target", c.target.clone()),
            (
                "finding",
                explain(
                    z,
                    &c.check,
                    c.subject.as_deref(),
                    c.status,
                    c.value.as_deref(),
                    c.threshold.as_deref(),
                ),
            ),
        ],
    )
}

/// The daily table's findings cell: the problems of the last inspection.
pub(super) fn inspection_cell(z: &Voice, i: &InspectionRow) -> String {
    if i.findings.is_empty() {
        return z.t("report-all-ok");
    }
    if z.lang() == Lang::En {
        return i.findings.join("; ");
    }
    i.problems
        .iter()
        .map(|f| explain_finding(z, f))
        .collect::<Vec<_>>()
        .join(&z.t("report-findings-separator"))
}

/// A backup verification's problems: the English lines, or the findings
/// worded from their parts.
pub(super) fn backup_problems(z: &Voice, lines: &[String], findings: &[Finding]) -> String {
    if z.lang() == Lang::En {
        return lines.join("; ");
    }
    findings
        .iter()
        .map(|f| explain_finding(z, f))
        .collect::<Vec<_>>()
        .join(&z.t("report-findings-separator"))
}

/// The problems found or solved: the figures' own lines in English, else
/// each worded from its parts.
pub(super) fn problems(z: &Voice, lines: &[String], parts: &[Problem]) -> Vec<String> {
    if z.lang() == Lang::En {
        return lines.to_vec();
    }
    parts.iter().map(|p| problem(z, p)).collect()
}

fn problem(z: &Voice, p: &Problem) -> String {
    match p {
        Problem::Finding(c) => z.ta(
            "report-problem-finding",
            &[
                ("day", c.at.format("%Y-%m-%d").to_string()),
                ("finding", change(z, c)),
            ],
        ),
        Problem::Opened {
            day,
            ticket,
            severity,
            problem,
        } => z.ta(
            "report-problem-opened",
            &[
                ("day", day.clone()),
                ("ticket", ticket.clone()),
                ("severity", z.severity(severity)),
                ("problem", problem.clone()),
            ],
        ),
        Problem::Closed {
            day,
            ticket,
            cause,
            resolution,
        } => z.ta(
            "report-problem-closed",
            &[
                ("day", day.clone()),
                ("ticket", ticket.clone()),
                ("cause", cause_name(z, cause.as_str())),
                ("resolution", resolution.clone()),
            ],
        ),
    }
}

/// A fault cause (`hardware`, or a diagnose walk `diagnose <runbook>: <outcome>`
/// as the Pareto holds it) in the report's language.
pub(super) fn cause_name(z: &Voice, cause: &str) -> String {
    if z.lang() == Lang::En {
        return cause.to_owned();
    }
    if let Some((runbook, outcome)) = cause
        .strip_prefix("diagnose ")
        .and_then(|rest| rest.rsplit_once(": "))
    {
        return z.ta(
            "report-pareto-walk",
            &[
                ("runbook", runbook.to_owned()),
                ("outcome", z.word("report-walk", outcome)),
            ],
        );
    }
    z.word("ticket-cause", cause)
}

/// A record skipped: `path: reason`. The reason is the reader's English
/// error, so another language says only which kind of trouble it was (the
/// JSON figures and the warning on stderr keep the error itself).
pub(super) fn skipped(z: &Voice, s: &crate::report::load::Skipped) -> String {
    let reason = if z.lang() == Lang::En {
        s.reason.clone()
    } else if s.reason.starts_with("damaged") {
        z.t("report-skipped-damaged")
    } else if s.reason.contains("schema") {
        z.t("report-skipped-schema")
    } else if s.reason.contains("symbolic link") {
        z.t("report-skipped-link")
    } else {
        z.t("report-skipped-unreadable")
    };
    z.ta(
        "report-skipped-item",
        &[("path", s.path.clone()), ("reason", reason)],
    )
}

/// What recurred: the figures' line in English, else from its parts.
pub(super) fn recurred(z: &Voice, what: &str, about: &Recurred) -> String {
    if z.lang() == Lang::En {
        return what.to_owned();
    }
    match about {
        Recurred::Nothing => what.to_owned(),
        Recurred::Finding {
            target,
            check,
            subject,
        } => z.ta(
            "report-finding-of",
            &[
                ("target", target.clone()),
                (
                    "finding",
                    format!(
                        "{}{}",
                        names::name(z.lang(), check),
                        subject
                            .as_deref()
                            .map(|s| format!(" {s}"))
                            .unwrap_or_default()
                    ),
                ),
            ],
        ),
        Recurred::Tickets { target, tickets } => z.ta(
            "report-recurring-tickets",
            &[
                ("target", target.clone()),
                ("tickets", tickets.join(&tr(z.lang(), "list-separator"))),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh() -> Voice {
        Voice(chrono_tz::UTC, Lang::ZhCn)
    }

    #[test]
    fn a_finding_is_worded_from_its_parts_in_chinese() {
        let z = zh();
        assert_eq!(
            explain(
                &z,
                "fs.usage",
                Some("/data"),
                Status::Crit,
                Some("93.5"),
                Some("used warn > 80 %, crit > 90 %")
            ),
            "文件系统使用率 /data：严重（当前值 93.5，阈值 已用 警告 > 80 %，严重 > 90 %）"
        );
        assert_eq!(
            explain(
                &z,
                "load",
                None,
                Status::Warn,
                None,
                Some("warn > 1.5, crit > 3")
            ),
            "系统负载：警告（阈值 警告 > 1.5，严重 > 3）"
        );
        // A threshold or value that keeps an English word is left out.
        assert_eq!(
            explain(
                &z,
                "config.saved",
                None,
                Status::Warn,
                Some("differs"),
                Some("running = saved")
            ),
            "配置是否已保存：警告"
        );
        // An unknown check keeps its id.
        assert_eq!(
            explain(&z, "old.check", None, Status::Unknown, None, None),
            "old.check：未知"
        );
    }

    #[test]
    fn the_english_footnote_is_the_one_definition_of_availability() {
        let en = Voice(chrono_tz::UTC, Lang::En);
        assert_eq!(
            en.t("report-availability-definition"),
            AVAILABILITY_DEFINITION
        );
        assert!(
            zh().t("report-availability-definition")
                .starts_with("可用率：")
        );
    }

    /// The words a report looks up by the record's own word (falling back to
    /// that word) all have a Chinese message: a missing one would leave
    /// English in a zh-CN report without failing a lookup.
    #[test]
    fn every_word_a_record_can_hold_has_its_chinese_message() {
        let z = zh();
        let mut words: Vec<(&str, String)> = Vec::new();
        for s in [
            Status::Skip,
            Status::Ok,
            Status::Warn,
            Status::Unknown,
            Status::Crit,
        ] {
            words.push(("report-status", s.as_str().into()));
        }
        for c in crate::ticket::Cause::ALL {
            words.push(("ticket-cause", c.as_str().into()));
        }
        for k in crate::ticket::PartKind::ALL {
            words.push(("ticket-part", k.as_str().into()));
        }
        for w in [
            crate::runbook::WalkStatus::Resolved,
            crate::runbook::WalkStatus::Escalated,
            crate::runbook::WalkStatus::Incomplete,
        ] {
            words.push(("report-walk", w.as_str().into()));
        }
        for o in [
            crate::change::Outcome::Done,
            crate::change::Outcome::RolledBack,
        ] {
            words.push(("report-change", o.word().into()));
        }
        for (prefix, list) in [
            ("report-backup", &["verified", "failed", "missing"][..]),
            ("report-kind", &["host", "db", "net", "hw"][..]),
            ("report-clock", &["respond", "resolve"][..]),
        ] {
            words.extend(list.iter().map(|w| (prefix, w.to_string())));
        }
        for (prefix, word) in words {
            let said = z.word(prefix, &word);
            assert!(plain(&said) && said != word, "{prefix}-{word}: {said:?}");
        }
    }

    #[test]
    fn causes_and_walks_are_named_in_chinese() {
        let z = zh();
        assert_eq!(cause_name(&z, "hardware"), "硬件故障");
        assert_eq!(
            cause_name(&z, "diagnose no-network: escalated"),
            "故障诊断 no-network：上报（升级）"
        );
        let en = Voice(chrono_tz::UTC, Lang::En);
        assert_eq!(cause_name(&en, "hardware"), "hardware");
    }
}
