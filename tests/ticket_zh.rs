//! `ops ticket show` and `ops ticket list` in Chinese (`--lang zh-CN`,
//! `[report] language`, the locale): the customer's terms for every label,
//! status, severity and SLA clock, no English word left but ids, names and
//! values, listing columns that line up with Chinese cells, and JSON that is
//! the same in every language.

mod support;

use std::process::{Output, Stdio};
use support::*;

const RECEIVED: &str = "2026-11-20T09:00:00Z";
const NOW: &str = "2026-11-25T09:00:00Z";

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

fn ok(env: &Env, now: &str, args: &[&str]) -> String {
    let out = ops(env, now, args);
    assert_success(&out);
    stdout(&out)
}

fn new_ticket(env: &Env, now: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "new",
        "--site",
        "浦东数据中心",
        "--phone",
        "021-5555-0100",
        "--category",
        "defect-technical",
        "--target",
        "core-sw1",
    ];
    args.extend_from_slice(extra);
    ok(env, now, &args).trim().to_string()
}

/// A closed severity II ticket with a plan, a visit, a part and a return
/// visit; an open severity I one on site, overdue and on hold; their ids.
fn tickets(env: &Env) -> (String, String) {
    // An engineer on site within 2h for severity I, 4h for II.
    let config = env.records.join("ops.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text.replacen(
        "[sla]\n",
        "[sla]\nonsite = { I = \"2h\", II = \"4h\" }\n",
        1,
    );
    std::fs::write(&config, text).unwrap();
    let closed = new_ticket(
        env,
        RECEIVED,
        &[
            "--customer",
            "工商银行",
            "--contact",
            "张伟",
            "--channel",
            "hotline",
            "--severity",
            "III",
            "--problem",
            "核心交换机反复重启",
            "--engineer",
            "李娜",
        ],
    );
    let t = |at: &str, args: &[&str]| {
        ok(env, at, args);
    };
    t(
        "2026-11-20T09:10:00Z",
        &["update", &closed, "--severity", "II", "--responded"],
    );
    t(
        "2026-11-20T09:20:00Z",
        &[
            "plan",
            &closed,
            "--solution",
            "更换电源模块",
            "--agreed-time",
            "2026-11-22T12:00:00Z",
            "--agreed-by",
            "张伟",
        ],
    );
    t(
        "2026-11-20T15:00:00Z",
        &[
            "visit",
            &closed,
            "--arrived",
            "2026-11-20T10:05:00Z",
            "--departed",
            "2026-11-20T11:35:00Z",
            "--engineer",
            "王芳",
            "--summary",
            "更换二号电源模块",
        ],
    );
    t(
        "2026-11-20T15:00:00Z",
        &[
            "part",
            &closed,
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
        ],
    );
    t(
        "2026-11-21T16:00:00Z",
        &[
            "close",
            &closed,
            "--resolution",
            "更换电源后运行正常",
            "--cause",
            "hardware",
            "--confirmed-by",
            "张伟",
        ],
    );
    t(
        "2026-11-24T16:00:00Z",
        &[
            "feedback",
            &closed,
            "--called",
            "张伟",
            "--satisfaction",
            "5",
        ],
    );
    let open = new_ticket(
        env,
        "2026-11-24T09:00:00Z",
        &[
            "--customer",
            "建设银行",
            "--contact",
            "王芳",
            "--channel",
            "on-site",
            "--severity",
            "I",
            "--problem",
            "数据库服务器无法开机",
            "--engineer",
            "赵强",
        ],
    );
    t(
        "2026-11-24T09:05:00Z",
        &["update", &open, "--hold", "等待备件"],
    );
    t(
        "2026-11-24T12:00:00Z",
        &["update", &open, "--note", "已通知厂家"],
    );
    (closed, open)
}

/// What people wrote and what ops was given: shown as they are.
fn values(env: &Env, ids: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = [
        "工商银行",
        "建设银行",
        "core-sw1",
        "PSU-650W",
        "SN-OLD-0001",
        "SN-NEW-0002",
        "021-5555-0100",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(ids.iter().map(|s| s.to_string()));
    v.push(whoami());
    let _ = env;
    v
}

/// Runs of three or more ASCII letters left once `values` are taken out
/// (a Roman numeral is the customer's own: III级).
fn english_words(text: &str, values: &[String]) -> Vec<String> {
    let mut text = text.to_string();
    for v in values {
        text = text.replace(v.as_str(), " ");
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3 && !w.chars().all(|c| "IVX".contains(c)))
        .map(str::to_string)
        .collect()
}

fn assert_holds(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "{w:?} is missing from:\n{text}");
    }
}

#[test]
fn ticket_show_in_chinese_has_the_customers_terms_and_no_english_word() {
    let env = Env::new();
    env.init_records();
    let (closed, open) = tickets(&env);
    let zh = ok(&env, NOW, &["show", &closed, "--lang", "zh-CN"]);
    assert!(
        zh.starts_with(&format!(
            "{closed}  已关闭  故障级别 II级（严重问题）（受理时为III级（较严重问题））\n"
        )),
        "{zh}"
    );
    assert_holds(
        &zh,
        &[
            "客户名称",
            "工商银行、浦东数据中心",
            "报告人（联系人）",
            "服务方式",
            "热线支持",
            "问题类型",
            "缺陷（技术问题）",
            "维护对象",
            "维护工程师",
            "受理时间",
            "问题描述",
            "关闭时间",
            "解决情况",
            "故障原因",
            "硬件故障",
            "客户确认人",
            "服务时限（全天候（7×24小时）；挂起时长 0秒）",
            "时限",
            "允许时长",
            "截止时间",
            "响应时间",
            "提交故障处理方案",
            "故障解决时间",
            "按时完成（11-20 09:10）",
            "30分钟",
            "更换部件（缺坏件）",
            "拆下部件序列号",
            "电源",
            "是否返厂",
            "故障解决时间：约定 2026-11-22 12:00 +00:00，客户确认人 张伟",
            "按约定时间考核",
            "回访：已回访",
            "张伟 评分 5/5",
            "处理过程",
            "受理登记",
            "故障级别变更：III级（较严重问题） → II级（严重问题）",
            "故障处理方案确认：更换电源模块",
            "更换部件：电源 PSU-650W，序列号 SN-OLD-0001 → SN-NEW-0002",
            "关闭：更换电源后运行正常（故障原因：硬件故障；客户确认人：张伟）",
        ],
    );
    let left = english_words(&zh, &values(&env, &[&closed, &open]));
    assert!(left.is_empty(), "English words {left:?} in:\n{zh}");
    // The clocks' table lines up with its Chinese header.
    let clocks: Vec<&str> = zh
        .lines()
        .skip_while(|l| !l.starts_with("服务时限"))
        .skip(1)
        .take(4)
        .collect();
    assert!(clocks[0].starts_with(" 时限 "), "{zh}");
    for line in &clocks[1..] {
        assert_eq!(starts(line), starts(clocks[0]), "{zh}");
    }

    let zh = ok(&env, NOW, &["show", &open, "--lang", "zh-CN"]);
    assert_holds(
        &zh,
        &[
            "  挂起  故障级别 I级（紧急问题）\n",
            "现场服务",
            "挂起  ",
            "等待备件",
            "暂停计时，剩余",
            "已超时",
            "工程师到场（",
            "到场已超时",
            "备注：已通知厂家",
        ],
    );
    let left = english_words(&zh, &values(&env, &[&closed, &open]));
    assert!(left.is_empty(), "English words {left:?} in:\n{zh}");

    // The English page is unchanged, and has the words the test looks for.
    let en = ok(&env, NOW, &["show", &closed]);
    assert!(
        en.starts_with(&format!(
            "{closed}  closed  severity II (received as III)\n"
        )),
        "{en}"
    );
    assert_holds(
        &en,
        &[
            "SLA (around the clock; on hold 0s)",
            "PARTS REPLACED",
            "LOG",
        ],
    );
    assert!(!english_words(&en, &values(&env, &[&closed])).is_empty());
}

/// Terminal columns of `s` (East Asian wide characters take two).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// The display column where each cell of a listing line starts (cells are
/// set apart by two spaces or more).
fn starts(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut col = 0;
    let mut blanks = 2;
    for c in line.chars() {
        if c == ' ' {
            blanks += 1;
        } else {
            if blanks >= 2 {
                out.push(col);
            }
            blanks = 0;
        }
        col += width(&c.to_string());
    }
    out
}

#[test]
fn ticket_list_in_chinese_lines_up_its_columns() {
    let env = Env::new();
    env.init_records();
    let (closed, open) = tickets(&env);
    // Closed without its return visit: the customer is due a call back.
    let called = new_ticket(
        &env,
        "2026-11-21T09:00:00Z",
        &[
            "--customer",
            "农业银行",
            "--contact",
            "刘洋",
            "--channel",
            "remote",
            "--severity",
            "IV",
            "--problem",
            "咨询备份策略",
            "--engineer",
            "孙丽",
        ],
    );
    ok(
        &env,
        "2026-11-21T10:00:00Z",
        &[
            "close",
            &called,
            "--resolution",
            "已答复",
            "--cause",
            "no-fault",
            "--confirmed-by",
            "刘洋",
        ],
    );
    for args in [
        vec!["list", "all", "--lang", "zh-CN"],
        vec!["list", "--visits-due", "--lang", "zh-CN"],
        vec!["list", "--return-visits-due", "--lang", "zh-CN"],
    ] {
        let out = ops(&env, NOW, &args);
        assert_success(&out);
        let text = stdout(&out);
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with(' ')).collect();
        assert!(lines.len() >= 2, "{args:?}: {text}");
        let header = starts(lines[0]);
        for line in &lines[1..] {
            assert_eq!(starts(line), header, "{args:?}:\n{text}");
        }
        assert!(lines[0].starts_with(" 任务单号  "), "{text}");
        let mut known = values(&env, &[&closed, &open, &called]);
        known.push("农业银行".into());
        let left = english_words(&text, &known);
        assert!(left.is_empty(), "English words {left:?} in:\n{text}");
        assert!(stderr(&out).starts_with("共列出 "), "{}", stderr(&out));
    }
    let all = ok(&env, NOW, &["list", "all", "--lang", "zh-CN"]);
    assert_holds(
        &all,
        &[
            "故障级别",
            "状态",
            "客户名称",
            "维护工程师",
            "问题描述",
            "II级",
            "已关闭",
            "挂起",
            "全部按时完成",
            "客户满意度：工商银行 5.0/5（1次回访）",
        ],
    );
    let visits = ok(&env, NOW, &["list", "--visits-due", "--lang", "zh-CN"]);
    assert_holds(&visits, &["工程师到场", "已超时"]);
    let calls = ok(
        &env,
        NOW,
        &["list", "--return-visits-due", "--lang", "zh-CN"],
    );
    assert_holds(&calls, &["回访", "已到回访时间", "农业银行"]);
}

#[test]
fn the_language_comes_from_ops_toml_or_the_locale_and_the_flag_overrides_both() {
    let env = Env::new();
    env.init_records();
    let (closed, _) = tickets(&env);
    let en_json = ok(&env, NOW, &["show", &closed, "--format", "json"]);
    let zh_json = ok(
        &env,
        NOW,
        &["show", &closed, "--format", "json", "--lang", "zh-CN"],
    );
    assert_eq!(en_json, zh_json, "JSON is for machines: one language");
    let list_en = ok(&env, NOW, &["list", "all", "--format", "json"]);
    let list_zh = ok(
        &env,
        NOW,
        &["list", "all", "--format", "json", "--lang", "zh-CN"],
    );
    assert_eq!(list_en, list_zh);

    // A Chinese locale speaks Chinese when ops.toml says nothing.
    let out = env
        .ops()
        .env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", NOW)
        .env("LC_ALL", "zh_CN.UTF-8")
        .args(["ticket", "show", &closed])
        .output()
        .unwrap();
    assert_success(&out);
    assert!(
        stdout(&out).contains("  已关闭  故障级别"),
        "{}",
        stdout(&out)
    );

    let config = env.records.join("ops.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[report]\nlanguage = \"zh-CN\"\n");
    std::fs::write(&config, text).unwrap();
    let zh = ok(&env, NOW, &["show", &closed]);
    assert!(zh.contains("  已关闭  故障级别"), "{zh}");
    assert!(ok(&env, NOW, &["list", "all"]).starts_with(" 任务单号  "));
    let en = ok(&env, NOW, &["show", &closed, "--lang", "en"]);
    assert!(en.contains("  closed  severity II"), "{en}");
    let out = ops(&env, NOW, &["list", "all", "--lang", "en"]);
    assert!(stdout(&out).starts_with(" ID "), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("2 tickets listed, 1 overdue"),
        "{}",
        stderr(&out)
    );
    // A language ops does not speak is a usage error.
    let out = ops(&env, NOW, &["show", &closed, "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(64));
}
