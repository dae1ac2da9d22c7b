//! `ops report … --lang zh-CN`: the reports in the customer's language. A
//! records repository with inspections (findings with subjects, values and
//! thresholds), tickets written in Chinese, backups, a diagnose walk and a
//! replaced part is reported on in zh-CN; the Markdown file written holds the
//! customer's own headings, and once the names and values are taken out (hosts,
//! mount points, ticket ids, set and runbook names, part models and serials,
//! the zone, units and the acronyms the glossary itself uses: CPU, UPS) no
//! English word of three letters or more is left.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use std::process::{Output, Stdio};
use support::*;

const NOW: &str = "2027-01-02T08:00:00Z";

fn ops(env: &Env, args: &[&str]) -> Output {
    ops_at(env, NOW, args)
}

fn ops_at(env: &Env, now: &str, args: &[&str]) -> Output {
    env.ops()
        .env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", now)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// A host inspection at 06:00 UTC of `day` with `findings` (full finding objects).
fn inspection(root: &Path, target: &str, day: &str, status: &str, findings: Vec<Value>) {
    let (y, m, d) = (&day[0..4], &day[5..7], &day[8..10]);
    let run = format!("{y}{m}{d}T060000.000Z-0001");
    let mut fs =
        vec![json!({"check": "fs.usage", "subject": "/", "status": "ok", "message": "fine"})];
    fs.extend(findings);
    let metrics = json!({
        "cpu_busy_pct": 20.0, "mem_used_pct": 50.0,
        "filesystems": [
            {"mount": "/", "fstype": "ext4", "size_bytes": 1_000_000u64, "used_bytes": 400_000u64, "avail_bytes": 600_000u64},
        ]
    });
    let rec = json!({
        "schema": 1, "kind": "host", "run": run, "target": target, "address": "local",
        "started": format!("{day}T06:00:00Z"), "duration_ms": 120, "status": status,
        "findings": fs, "metrics": metrics,
    });
    put(
        root,
        &format!("inspect/host/{target}/{y}/{m}/{run}.json"),
        &serde_json::to_string_pretty(&rec).unwrap(),
    );
}

fn data_full() -> Value {
    json!({"check": "fs.usage", "subject": "/data", "status": "crit", "value": 93.5,
           "threshold": "used warn > 80 %, crit > 90 %", "message": "/data is 93.5 % full"})
}

fn load_high() -> Value {
    json!({"check": "load", "status": "warn", "value": 2.1,
           "threshold": "warn > 1.5, crit > 3", "message": "load per core 2.1"})
}

fn verify(root: &Path, day: &str, status: &str) {
    let run = format!("{}T020000Z-0001", day.replace('-', ""));
    let rec = json!({
        "schema": 1, "run": run, "set": "pg-main", "pattern": "/backup/pg/*.dump", "host": "db01",
        "started": format!("{day}T02:00:00Z"), "finished": format!("{day}T02:01:00Z"),
        "status": status, "backups": 7, "verified": [], "bytes_read": 0,
        "findings": [{"check": "backup.fresh", "status": status, "threshold": "crit > 26h",
                      "message": format!("the newest backup is old: {status}")}],
    });
    put(
        root,
        &format!(
            "backup/verify/pg-main/{}/{}/{run}.json",
            &day[..4],
            &day[5..7]
        ),
        &serde_json::to_string_pretty(&rec).unwrap(),
    );
}

/// A ticket of 华东电力 written in Chinese; `events` are (kind, time, extra TOML lines).
fn ticket(root: &Path, id: &str, severity: &str, received: &str, events: &[(&str, &str, &str)]) {
    let month = format!("{}-{}", &id[2..6], &id[6..8]);
    let mut text = format!(
        "schema = 1\nid = \"{id}\"\ncustomer = \"华东电力\"\ncontact = \"张伟\"\nchannel = \"hotline\"\n\
severity = \"{severity}\"\ncategory = \"defect-technical\"\nproblem = \"数据库服务器响应缓慢\"\nreceived = {received}\n\
targets = [\"db01\"]\nengineer = \"李娜\"\n\n[[event]]\nkind = \"created\"\nat = {received}\nby = \"lina\"\n"
    );
    for (kind, at, extra) in events {
        text.push_str(&format!(
            "\n[[event]]\nkind = \"{kind}\"\nat = {at}\nby = \"lina\"\n{extra}"
        ));
    }
    put(root, &format!("tickets/{month}/{id}.toml"), &text);
}

const CLOSED: &str =
    "resolution = \"更换故障硬盘后恢复正常\"\ncause = \"hardware\"\nconfirmed_by = \"张伟\"\n";

/// Week 2026-W47 (16–22 November, Shanghai time) and the rest of 2026-Q4.
fn fleet() -> Env {
    let env = Env::new();
    env.init_records();
    let r = env.records.as_path();
    let cfg = r.join("ops.toml");
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str(
        "\n[report]\ntimezone = \"Asia/Shanghai\"\nplan = \"\"\"\n- 为 web01 扩容数据盘\n- 每月做一次恢复演练\n\"\"\"\n",
    );
    std::fs::write(&cfg, text).unwrap();
    // web01: /data crit on 17, 19 and 20 November, the load high on 18 and 20.
    for day in 15..=22 {
        let mut f = Vec::new();
        if matches!(day, 17 | 19 | 20) {
            f.push(data_full());
        }
        if matches!(day, 18 | 20) {
            f.push(load_high());
        }
        let status = if f.is_empty() { "ok" } else { "crit" };
        inspection(r, "web01", &format!("2026-11-{day}"), status, f);
    }
    // db01 unreachable on the 20th.
    inspection(r, "db01", "2026-11-19", "ok", vec![]);
    inspection(
        r,
        "db01",
        "2026-11-20",
        "unknown",
        vec![json!({"check": "reach", "status": "unknown", "message": "ssh: connection refused"})],
    );
    for (day, st) in [("16", "ok"), ("17", "ok"), ("19", "crit"), ("20", "ok")] {
        verify(r, &format!("2026-11-{day}"), st);
    }
    ticket(
        r,
        "T-20261117-0001",
        "II",
        "2026-11-17T09:00:00Z",
        &[
            ("responded", "2026-11-17T09:45:00Z", ""),
            ("closed", "2026-11-19T09:00:00Z", CLOSED),
        ],
    );
    ticket(r, "T-20261120-0001", "I", "2026-11-20T01:00:00Z", &[]);
    let walk = json!({
        "schema": 1, "runbook": "no-network", "runbook_title": "No network", "runbook_file": "builtin",
        "target": "web01", "started": "2026-11-02T03:00:00Z", "ended": "2026-11-02T03:00:00Z",
        "answers": {}, "steps": [], "outcome": {"status": "escalated"},
    });
    put(
        r,
        "diagnose/2026-11-02-no-network-1.json",
        &serde_json::to_string_pretty(&walk).unwrap(),
    );
    git(r, &["add", "-A"]);
    git(
        r,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-q",
            "-m",
            "records",
        ],
    );
    // A configuration change saved in the week, described in Chinese.
    put(r, "config/sw-core-1.cfg", "hostname sw-core-1\n");
    git(r, &["add", "-A"]);
    let out = git_command()
        .arg("-C")
        .arg(r)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-q",
            "-m",
            "配置：保存交换机配置",
        ])
        .env("GIT_AUTHOR_DATE", "2026-11-18T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-18T12:00:00Z")
        .output()
        .unwrap();
    assert_success(&out);
    // A disk replaced on the open ticket.
    let out = ops_at(
        &env,
        "2026-11-21T03:00:00Z",
        &[
            "ticket",
            "part",
            "T-20261120-0001",
            "--kind",
            "disk",
            "--model",
            "ST4000NM0035",
            "--removed-serial",
            "ZC11AAAA",
            "--installed-serial",
            "ZC11BBBB",
            "--fault",
            "硬盘坏道",
        ],
    );
    assert_success(&out);
    env
}

/// The names and values of the fleet, and the units, zone and acronyms a
/// Chinese report writes as they are; what is left must be Chinese.
fn english_words(text: &str) -> Vec<String> {
    let mut rest = text.to_string();
    for name in [
        "web01",
        "db01",
        "pg-main",
        "no-network",
        "Asia/Shanghai",
        "ST4000NM0035",
        "ZC11AAAA",
        "ZC11BBBB",
        "config/sw-core-1.cfg",
        "/data",
        "CST",
        "UTC",
        "KiB",
        "MiB",
        "GiB",
        "CPU",
        "UPS",
    ] {
        rest = rest.replace(name, " ");
    }
    // Ticket ids, periods, and the severity levels the customer writes in
    // Roman numerals (故障级别 I级–IV级).
    // Commits are shown by their hash.
    let ids =
        regex::Regex::new(r"T-\d{8}-\d{4}|\d{4}-(W\d\d|Q\d)|\b(I|II|III|IV)级|\b[0-9a-f]{7,40}\b")
            .unwrap();
    let rest = ids.replace_all(&rest, " ");
    let word = regex::Regex::new(r"[A-Za-z]{3,}").unwrap();
    word.find_iter(&rest)
        .map(|m| m.as_str().to_string())
        .collect()
}

fn read(env: &Env, rel: &str) -> String {
    std::fs::read_to_string(env.records.join(rel)).unwrap()
}

#[test]
fn a_zh_cn_weekly_report_holds_no_untranslated_english_word() {
    let env = fleet();
    let out = ops(
        &env,
        &["report", "weekly", "--week", "2026-W47", "--lang", "zh-CN"],
    );
    assert_success(&out);
    let md = read(&env, "reports/weekly/2026-W47.md");
    for heading in [
        "# 系统周报 2026-W47",
        "## 各主机CPU与内存使用率",
        "## 磁盘空间使用与增长",
        "## 数据备份检查",
        "## 巡检发现问题",
        "## 任务单",
        "## 服务时限达标情况",
        "## 发现问题",
        "## 解决问题",
        "## 下一步计划",
    ] {
        assert!(
            md.contains(&format!("{heading}\n")),
            "{heading} missing:\n{md}"
        );
    }
    // Times are ISO dates with the zone's abbreviation, in the period's zone.
    assert!(
        md.contains("统计时段：2026-11-16 00:00 CST 至 2026-11-23 00:00 CST（Asia/Shanghai 时间，不含结束时刻）。"),
        "{md}"
    );
    // Findings worded from their parts: the check's Chinese name, the
    // subject, the status, the value and the translated threshold.
    assert!(
        md.contains("- 2026-11-17 web01：文件系统使用率 /data：严重（当前值 93.5，阈值 已用 警告 > 80 %，严重 > 90 %）"),
        "{md}"
    );
    assert!(
        md.contains("web01：系统负载：警告（当前值 2.1，阈值 警告 > 1.5，严重 > 3）"),
        "{md}"
    );
    assert!(md.contains("db01：连通性：未知"), "{md}");
    // Tickets with their severity and cause in the customer's words.
    assert!(
        md.contains("- 2026-11-17 任务单 T-20261117-0001（II级）：数据库服务器响应缓慢"),
        "{md}"
    );
    assert!(
        md.contains("- 2026-11-19 任务单 T-20261117-0001（硬件故障）：更换故障硬盘后恢复正常"),
        "{md}"
    );
    assert!(
        md.contains("| 故障级别 | 响应时间 | 故障解决时间 |"),
        "{md}"
    );
    assert!(
        md.contains("| II级 | 0.0 %（0/1） | 0.0 %（0/1） |"),
        "{md}"
    );
    assert!(md.contains("| pg-main | 4 | 3 | 1 | 3 | 失败：2026-11-19；缺少备份：2026-11-18；2026-11-21 至 2026-11-22 |"), "{md}");
    assert!(md.contains("- 为 web01 扩容数据盘"), "{md}");
    let change = regex::Regex::new(
        r"\n- 2026-11-\d\d \d\d:\d\d CST [0-9a-f]{7,40} 配置：保存交换机配置（config/sw-core-1.cfg）\n",
    )
    .unwrap();
    assert!(change.is_match(&md), "{md}");
    assert!(
        md.contains("*图表：各故障级别的服务时限达标率（见网页版报告）。*"),
        "{md}"
    );
    let left = english_words(&md);
    assert!(left.is_empty(), "English words left: {left:?}\n{md}");
    // The terminal summary speaks Chinese too.
    let summary = stdout(&out);
    assert!(summary.starts_with("系统周报 2026-W47\n"), "{summary}");
    assert!(summary.contains("  发现问题："), "{summary}");
    let left = english_words(&summary);
    assert!(left.is_empty(), "English words left: {left:?}\n{summary}");
    // The HTML page says its language and holds the translated chart.
    let html = read(&env, "reports/weekly/2026-W47.html");
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("<title>系统周报 2026-W47</title>"));
    assert!(html.contains("aria-label=\"各故障级别的服务时限达标率\""));
    // Its text (tags, style and entities aside) is Chinese too, the charts' included.
    let markup = regex::Regex::new(r"(?s)<style>.*?</style>|<[^>]*>|&[a-z]+;").unwrap();
    let words = markup.replace_all(&html, " ");
    let left = english_words(&words);
    assert!(
        left.is_empty(),
        "English words left in the HTML: {left:?}\n{words}"
    );
    // The JSON figures stay as they are, in English.
    let out = ops(
        &env,
        &[
            "report",
            "weekly",
            "--week",
            "2026-W47",
            "--lang",
            "zh-CN",
            "--no-record",
            "--format",
            "json",
        ],
    );
    let figures = json(&out);
    assert_eq!(
        figures["problems_found"][0],
        "2026-11-17 web01: fs.usage /data crit"
    );
    assert!(figures["problems_found"].as_array().unwrap().len() >= 3);
}

#[test]
fn zh_cn_daily_and_quarterly_reports_and_the_parts_report_are_chinese() {
    let env = fleet();
    let out = ops(
        &env,
        &["report", "daily", "--date", "2026-11-20", "--lang", "zh-CN"],
    );
    assert_success(&out);
    let md = read(&env, "reports/daily/2026-11-20.md");
    for heading in [
        "# 系统日报 2026-11-20",
        "## 日常巡检",
        "## 与前一天相比",
        "## 未关闭的任务单",
        "## 数据备份检查",
        "## 发现问题",
    ] {
        assert!(
            md.contains(&format!("{heading}\n")),
            "{heading} missing:\n{md}"
        );
    }
    assert!(
        md.contains("| 巡检对象 | 类型 | 巡检时间 | 总体状态 | 发现问题 |"),
        "{md}"
    );
    assert!(
        md.contains("| db01 | 主机 | 2026-11-20 14:00 CST | 未知 | 连通性：未知 |"),
        "{md}"
    );
    assert!(
        md.contains("| web01 | 主机 | 2026-11-20 14:00 CST | 严重 | 文件系统使用率 /data：严重（当前值 93.5，阈值 已用 警告 > 80 %，严重 > 90 %）"),
        "{md}"
    );
    assert!(md.contains("- 新发现：db01：连通性：未知"), "{md}");
    assert!(md.contains("| T-20261120-0001 | I级 | 已超时 |"), "{md}");
    assert!(md.contains("| pg-main | 检查通过 | 1 |  |"), "{md}");
    let left = english_words(&md);
    assert!(left.is_empty(), "English words left: {left:?}\n{md}");
    let left = english_words(&stdout(&out));
    assert!(
        left.is_empty(),
        "English words left: {left:?}\n{}",
        stdout(&out)
    );

    let out = ops(
        &env,
        &[
            "report",
            "quarterly",
            "--quarter",
            "2026-Q4",
            "--lang",
            "zh-CN",
        ],
    );
    assert_success(&out);
    let md = read(&env, "reports/quarterly/2026-Q4.md");
    for heading in [
        "# 季度维护报告 2026-Q4",
        "## 维护工作概况",
        "## 可用率",
        "## 各故障级别的故障数",
        "## 平均响应时间与平均故障解决时间",
        "## 故障原因帕累托分析",
        "## 重复出现的问题",
        "## 更换的缺坏件",
        "## 下一步计划",
    ] {
        assert!(
            md.contains(&format!("{heading}\n")),
            "{heading} missing:\n{md}"
        );
    }
    assert!(md.contains("可用率：在计划巡检所覆盖的时间中"), "{md}");
    assert!(md.contains("| 硬件故障 | 1 |"), "{md}");
    assert!(
        md.contains("| 故障诊断 no-network：上报（升级） | 1 |"),
        "{md}"
    );
    assert!(md.contains("- web01：文件系统使用率 /data（2 次）"), "{md}");
    assert!(md.contains("| 华东电力 | 硬盘 | 1 | 0 |"), "{md}");
    assert!(md.contains("| 合计 |"), "{md}");
    let left = english_words(&md);
    assert!(left.is_empty(), "English words left: {left:?}\n{md}");
    let left = english_words(&stdout(&out));
    assert!(
        left.is_empty(),
        "English words left: {left:?}\n{}",
        stdout(&out)
    );

    let out = ops(
        &env,
        &["report", "parts", "--quarter", "2026-Q4", "--lang", "zh-CN"],
    );
    assert_success(&out);
    let text = stdout(&out);
    assert!(text.starts_with("# 缺坏件报告 2026-Q4\n"), "{text}");
    assert!(text.contains("| 更换时间 | 任务单号 | 客户名称 | 部件 | 型号 | 拆下部件序列号 | 装上部件序列号 | 故障现象 | 是否返厂 |"), "{text}");
    let left = english_words(&text);
    assert!(left.is_empty(), "English words left: {left:?}\n{text}");
}

#[test]
fn the_language_comes_from_ops_toml_and_the_flag_overrides_it() {
    let env = fleet();
    let cfg = env.records.join("ops.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        text.replace(
            "[report]\ntimezone",
            "[report]\nlanguage = \"zh-CN\"\ntimezone",
        ),
    )
    .unwrap();
    let out = ops(
        &env,
        &["report", "weekly", "--week", "2026-W47", "--no-record"],
    );
    assert_success(&out);
    assert!(
        stdout(&out).starts_with("系统周报 2026-W47\n"),
        "{}",
        stdout(&out)
    );
    let out = ops(&env, &["report", "weekly", "--week", "2026-W47"]);
    assert_success(&out);
    let zh = read(&env, "reports/weekly/2026-W47.md");
    assert!(zh.starts_with("# 系统周报 2026-W47\n"), "{zh}");
    assert!(english_words(&zh).is_empty(), "{zh}");
    // --lang en wins over the file, and the English report is the usual one.
    let out = ops(
        &env,
        &["report", "weekly", "--week", "2026-W47", "--lang", "en"],
    );
    assert_success(&out);
    let en = read(&env, "reports/weekly/2026-W47.md");
    assert!(en.starts_with("# System weekly report 2026-W47\n"), "{en}");
    assert!(
        en.contains("- 2026-11-17 web01: fs.usage /data crit\n"),
        "{en}"
    );
    assert!(
        en.contains("## Problems found\n") && en.contains("## Next-step plan\n"),
        "{en}"
    );
    assert!(en.contains("| II | 0.0 % (0/1) | 0.0 % (0/1) |"), "{en}");
    assert!(stdout(&out).starts_with("System weekly report 2026-W47\n"));
    // A Chinese locale speaks Chinese when neither says.
    std::fs::write(&cfg, text).unwrap();
    let out = env
        .ops()
        .env("OPS_RECORDS", &env.records)
        .env("LC_ALL", "zh_CN.UTF-8")
        .args(["report", "weekly", "--week", "2026-W47", "--no-record"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        stdout(&out).starts_with("系统周报 2026-W47\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_skipped_record_is_named_with_its_trouble_in_chinese() {
    let env = fleet();
    let bad = "inspect/host/web01/2026/11/20261121T120000.000Z-dead.json";
    put(&env.records, bad, "{ \"schema\": 1, \"kind\": ");
    let out = ops(
        &env,
        &["report", "weekly", "--week", "2026-W47", "--lang", "zh-CN"],
    );
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let md = read(&env, "reports/weekly/2026-W47.md");
    assert!(
        md.contains("有 1 条记录因文件损坏或格式版本不明而未计入："),
        "{md}"
    );
    assert!(md.contains(&format!("- {bad}：文件已损坏\n")), "{md}");
    let left = english_words(&md.replace(bad, " "));
    assert!(left.is_empty(), "English words left: {left:?}\n{md}");
    // The figures keep the reader's own words.
    let out = ops(
        &env,
        &[
            "report",
            "weekly",
            "--week",
            "2026-W47",
            "--no-record",
            "--format",
            "json",
        ],
    );
    let reason = json(&out)["skipped"][0]["reason"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(reason.starts_with("damaged"), "{reason}");
}
