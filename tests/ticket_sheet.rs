//! `ops ticket sheet ID`: the maintenance task sheet (维护任务单), through the
//! binary at pinned times, in Markdown and HTML, in English and Chinese.

mod support;

use std::process::{Output, Stdio};
use support::*;

const RECEIVED: &str = "2026-11-20T09:00:00Z";
/// When every sheet of these tests is printed.
const PRINTED: &str = "2026-11-25T09:00:00Z";

fn ops(env: &Env, now: &str, args: &[&str]) -> Output {
    env.ops()
        .env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", now)
        .arg("ticket")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(env: &Env, now: &str, args: &[&str]) -> Output {
    let out = ops(env, now, args);
    assert_success(&out);
    out
}

/// A closed severity II ticket with an agreed plan, two visits, a part and
/// its return visit, all in Chinese but for the part numbers; its id.
fn full_ticket(env: &Env) -> String {
    let out = ok(
        env,
        RECEIVED,
        &[
            "new",
            "--customer",
            "工商银行",
            "--site",
            "浦东数据中心",
            "--contact",
            "张伟",
            "--phone",
            "021-5555-0100",
            "--channel",
            "hotline",
            "--severity",
            "II",
            "--category",
            "defect-technical",
            "--problem",
            "核心交换机 <反复重启>",
            "--engineer",
            "李娜",
            "--target",
            "core-sw1",
        ],
    );
    let id = stdout(&out).trim().to_string();
    ok(
        env,
        "2026-11-20T09:20:00Z",
        &[
            "plan",
            &id,
            "--solution",
            "更换电源模块",
            "--agreed-time",
            "2026-11-22T12:00:00Z",
            "--agreed-by",
            "张伟",
        ],
    );
    ok(
        env,
        "2026-11-20T15:00:00Z",
        &[
            "visit",
            &id,
            "--arrived",
            "2026-11-20T10:05:00Z",
            "--departed",
            "2026-11-20T11:35:00Z",
            "--engineer",
            "王芳",
            "--summary",
            "检查电源模块，发现二号电源无输出",
        ],
    );
    ok(
        env,
        "2026-11-21T15:00:00Z",
        &[
            "visit",
            &id,
            "--arrived",
            "2026-11-21T10:10:00Z",
            "--departed",
            "2026-11-21T12:40:00Z",
            "--engineer",
            "王芳",
            "--summary",
            "更换二号电源模块",
        ],
    );
    ok(
        env,
        "2026-11-21T15:00:00Z",
        &[
            "part",
            &id,
            "--kind",
            "power-supply",
            "--model",
            "PSU-650W",
            "--removed-serial",
            "SN-OLD-0001",
            "--installed-serial",
            "SN-NEW-0002",
            "--fault",
            "无输出",
            "--returned-to-vendor",
            "--at",
            "2026-11-21T11:00:00Z",
        ],
    );
    ok(
        env,
        "2026-11-21T16:00:00Z",
        &[
            "close",
            &id,
            "--resolution",
            "更换电源后交换机运行正常",
            "--cause",
            "hardware",
            "--confirmed-by",
            "张伟",
        ],
    );
    ok(
        env,
        "2026-11-24T16:00:00Z",
        &[
            "feedback",
            &id,
            "--called",
            "张伟",
            "--satisfaction",
            "5",
            "--comment",
            "响应很快",
        ],
    );
    id
}

fn assert_holds(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "{w:?} is missing from:\n{text}");
    }
}

/// The values of [`full_ticket`] as the sheet shows them (TZ=UTC).
const VALUES: &[&str] = &[
    "工商银行",
    "浦东数据中心",
    "张伟",
    "021-5555-0100",
    "core-sw1",
    "李娜",
    "2026-11-20 09:00 +00:00",
    "更换电源模块",
    "2026-11-22 12:00 +00:00",
    "2026-11-20 09:20 +00:00",
    "2026-11-20 10:05 +00:00",
    "2026-11-20 11:35 +00:00",
    "2026-11-21 10:10 +00:00",
    "2026-11-21 12:40 +00:00",
    "王芳",
    "检查电源模块，发现二号电源无输出",
    "更换二号电源模块",
    "PSU-650W",
    "SN-OLD-0001",
    "SN-NEW-0002",
    "无输出",
    "2026-11-21 16:00 +00:00",
    "更换电源后交换机运行正常",
    "响应很快",
    "2026-11-24 16:00 +00:00",
];

#[test]
fn the_markdown_sheet_holds_every_value_and_both_signature_lines() {
    let env = Env::new();
    env.init_records();
    let id = full_ticket(&env);
    let out = ok(&env, PRINTED, &["sheet", &id]);
    let md = stdout(&out);
    assert!(
        md.starts_with(&format!("# Maintenance task sheet {id}\n")),
        "{md}"
    );
    assert_holds(&md, VALUES);
    assert_holds(
        &md,
        &[
            &format!("- **Ticket**: {id}"),
            "- **Status**: closed",
            "- **Severity**: II (serious)",
            "- **Category**: defect (technical)",
            "- **Service channel**: hotline",
            // The agreed plan's time is later than the SLA's 24 h: it is the deadline.
            "| Resolved | 1d | 2026-11-22 12:00 +00:00 | 2026-11-21 16:00 +00:00 | met |",
            "the time agreed in the plan, 2026-11-22 12:00 +00:00",
            "(the service agreement's own deadline was 2026-11-21 09:00 +00:00)",
            "| 2026-11-21 11:00 +00:00 | power supply | PSU-650W | SN-OLD-0001 | SN-NEW-0002 | 无输出 | yes |",
            "| 2026-11-20 10:05 +00:00 | 2026-11-20 11:35 +00:00 | 王芳 | 检查电源模块，发现二号电源无输出 |",
            "- **Cause**: hardware fault",
            "- **Confirmed by (customer)**: 张伟",
            "- **Satisfaction**: 5 of 5",
            "Engineer's signature: ________________    Date: ________________",
            "Customer representative's signature: ________________    Date: ________________",
            "Printed by ops on 2026-11-25 09:00 +00:00",
        ],
    );
    // User text cannot open HTML in a Markdown viewer.
    assert!(md.contains("核心交换机 &lt;反复重启>"), "{md}");
    assert!(
        !md.contains(['\u{2068}', '\u{2069}']),
        "bidi marks in:\n{md}"
    );
    assert_eq!(stderr(&out), "");
    assert_eq!(
        md,
        stdout(&ok(&env, PRINTED, &["sheet", &id, "--format", "markdown"])),
        "markdown is the default"
    );
}

/// Labels and words of the English sheet that must not remain in the Chinese one.
const ENGLISH_LABELS: &[&str] = &[
    "maintenance",
    "task",
    "sheet",
    "request",
    "ticket",
    "status",
    "customer",
    "site",
    "systems",
    "devices",
    "severity",
    "serious",
    "category",
    "defect",
    "technical",
    "channel",
    "hotline",
    "received",
    "reported",
    "phone",
    "engineer",
    "description",
    "service",
    "deadline",
    "deadlines",
    "allowed",
    "due",
    "done",
    "state",
    "respond",
    "resolved",
    "met",
    "breached",
    "clock",
    "plan",
    "solution",
    "agreed",
    "actions",
    "updates",
    "time",
    "recorded",
    "event",
    "details",
    "entered",
    "visit",
    "visits",
    "arrived",
    "departed",
    "work",
    "parts",
    "part",
    "replaced",
    "power",
    "supply",
    "model",
    "serial",
    "removed",
    "installed",
    "fault",
    "returned",
    "vendor",
    "resolution",
    "closed",
    "cause",
    "hardware",
    "confirmed",
    "return",
    "called",
    "satisfaction",
    "comment",
    "signature",
    "signatures",
    "representative",
    "date",
    "printed",
    "yes",
    "no",
    "of",
    "by",
    "on",
    "the",
];

/// The words of `text` made of ASCII letters, lower-cased.
fn ascii_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

#[test]
fn the_chinese_sheet_uses_the_customers_terms_and_no_english_label() {
    let env = Env::new();
    env.init_records();
    let id = full_ticket(&env);
    let md = stdout(&ok(&env, PRINTED, &["sheet", &id, "--lang", "zh-CN"]));
    assert!(md.starts_with(&format!("# 维护任务单 {id}\n")), "{md}");
    assert_holds(&md, VALUES);
    assert_holds(
        &md,
        &[
            "## 客户维护请求",
            "## 服务时限",
            "## 故障处理方案",
            "## 处理过程",
            "## 现场服务记录",
            "## 更换部件（缺坏件）",
            "## 处理结果",
            "## 回访记录",
            "## 签字确认",
            "- **故障级别**：II级（严重问题）",
            "- **问题类型**：缺陷（技术问题）",
            "- **服务方式**：热线支持",
            "- **状态**：已关闭",
            "- **故障原因**：硬件故障",
            "- **客户满意度**：5分（满分5分）",
            "| 故障解决时间 | 1天 | 2026-11-22 12:00 +00:00 | 2026-11-21 16:00 +00:00 | 按时完成 |",
            "| 响应时间 | 30分钟 |",
            "| 电源 | PSU-650W | SN-OLD-0001 | SN-NEW-0002 | 无输出 | 是 |",
            "维护工程师签字：________________    日期：________________",
            "客户代表签字：________________    日期：________________",
        ],
    );
    let words = ascii_words(&md);
    let left: Vec<&String> = words
        .iter()
        .filter(|w| ENGLISH_LABELS.contains(&w.as_str()))
        .collect();
    assert!(left.is_empty(), "English words {left:?} in:\n{md}");
    assert!(
        !md.contains(['\u{2068}', '\u{2069}']),
        "bidi marks in:\n{md}"
    );
    // The English sheet does have them: the list is a real check.
    let en = ascii_words(&stdout(&ok(&env, PRINTED, &["sheet", &id])));
    for w in ["ticket", "signature", "serial", "date", "satisfaction"] {
        assert!(en.iter().any(|e| e == w), "{w}");
    }
}

#[test]
fn the_html_sheet_is_written_to_a_file_in_the_language_of_ops_toml() {
    let env = Env::new();
    env.init_records();
    let id = full_ticket(&env);
    let out_file = env.dir.path().join("f.html");
    let out = ok(
        &env,
        PRINTED,
        &[
            "sheet",
            &id,
            "--lang",
            "zh-CN",
            "--format",
            "html",
            "--output",
            out_file.to_str().unwrap(),
        ],
    );
    assert_eq!(stdout(&out), "", "the sheet goes to the file");
    assert!(stderr(&out).contains("f.html"), "{}", stderr(&out));
    let html = std::fs::read_to_string(&out_file).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"),
        "{html}"
    );
    assert_holds(
        &html,
        &[
            "<meta charset=\"utf-8\">",
            &format!("<title>维护任务单 {id}</title>"),
            "\"Noto Sans CJK SC\", \"Source Han Sans SC\"",
            "\"Microsoft YaHei\"",
            "sans-serif",
            "@page{size:A4",
            "@media print",
            "核心交换机 &lt;反复重启&gt;",
            "<td>SN-OLD-0001</td>",
            "<td>检查电源模块，发现二号电源无输出</td>",
            "客户代表签字",
            "日期：",
        ],
    );
    assert!(!html.contains("<反复重启>"), "unescaped user text");
    assert!(html.trim_end().ends_with("</html>"));
    // Nothing but the file is left beside it.
    let names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("f.html"))
        .collect();
    assert_eq!(names, vec!["f.html".to_string()]);

    // `[report] language` is the default; --lang overrides it.
    let config = env.records.join("ops.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[report]\nlanguage = \"zh-CN\"\n");
    std::fs::write(&config, text).unwrap();
    let md = stdout(&ok(&env, PRINTED, &["sheet", &id]));
    assert!(md.starts_with("# 维护任务单"), "{md}");
    let html = stdout(&ok(
        &env,
        PRINTED,
        &["sheet", &id, "--lang", "en", "--format", "html"],
    ));
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("Customer representative"), "{html}");
}

#[test]
fn an_unknown_ticket_exits_78_and_writes_no_file_and_bad_flags_exit_64() {
    let env = Env::new();
    env.init_records();
    let id = full_ticket(&env);
    let out_file = env.dir.path().join("missing.html");
    let out = ops(
        &env,
        PRINTED,
        &[
            "sheet",
            "T-20261120-0099",
            "--format",
            "html",
            "--output",
            out_file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    assert!(!out_file.exists());
    let left: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("missing"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    for args in [
        vec!["sheet", id.as_str(), "--lang", "fr"],
        vec!["sheet", id.as_str(), "--format", "json"],
    ] {
        let out = ops(&env, PRINTED, &args);
        assert_eq!(out.status.code(), Some(64), "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{args:?}");
    }

    // A bad `[report] language` is bad configuration.
    let config = env.records.join("ops.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[report]\nlanguage = \"fr\"\n");
    std::fs::write(&config, text).unwrap();
    let out = ops(&env, PRINTED, &["sheet", &id]);
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(stderr(&out).contains("fr"), "{}", stderr(&out));
}
