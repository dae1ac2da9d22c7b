//! The built-in runbooks in Chinese: every step has its Chinese text, and
//! `ops runbook show` and `ops diagnose` in zh-CN (`--lang`, `[report]
//! language`) print the Chinese texts, keep the ids, and record the walk in
//! the language it was in; `ops runbook check` in zh-CN names a user
//! runbook whose texts lack their translation.

mod support;

use ops::runbook::{Catalog, Prompt, StepKind};
use std::process::Output;
use support::{Env, assert_success, json, stderr, stdout};

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_step_of_every_built_in_runbook_has_chinese_text() {
    let catalog = Catalog::load(None).unwrap();
    assert_eq!(catalog.entries.len(), 3);
    for e in &catalog.entries {
        let rb = &e.runbook;
        assert_eq!(rb.untranslated(), Vec::<String>::new(), "{}", rb.id);
        assert!(has_chinese(rb.title_zh.as_deref().unwrap()), "{}", rb.id);
        for s in &rb.steps {
            let zh = s.text_zh.as_deref().unwrap_or("");
            assert!(has_chinese(zh), "{} step '{}': {zh:?}", rb.id, s.id);
            if s.detail.is_some() {
                assert!(has_chinese(s.detail_zh.as_deref().unwrap()), "{}", s.id);
            }
            match &s.kind {
                StepKind::Question(Prompt::Choices { choices, .. })
                | StepKind::Instruct(Prompt::Choices { choices, .. }) => {
                    for c in choices {
                        let label = c.label_zh.as_deref().unwrap_or("");
                        assert!(has_chinese(label), "{} {} {}", rb.id, s.id, c.id);
                    }
                }
                StepKind::Outcome(o) => {
                    let zh = o.handover_zh.clone().unwrap_or_default();
                    assert_eq!(zh.len(), o.handover.len(), "{}", s.id);
                    assert!(zh.iter().all(|h| has_chinese(h)), "{}", s.id);
                }
                _ => {}
            }
        }
    }
}

#[test]
fn runbook_show_in_chinese_prints_every_steps_chinese_text() {
    let env = Env::new();
    let catalog = Catalog::load(None).unwrap();
    for e in &catalog.entries {
        let rb = &e.runbook;
        let out = env
            .ops()
            .args(["runbook", "show", &rb.id, "--lang", "zh-CN"])
            .output()
            .unwrap();
        assert_success(&out);
        let tree = stdout(&out);
        assert!(
            tree.starts_with(&format!(
                "{}: {}\n故障现象：",
                rb.id,
                rb.title_zh.as_ref().unwrap()
            )),
            "{tree}"
        );
        for s in &rb.steps {
            assert!(
                tree.contains(&format!("{} 【", s.id)),
                "{}: step {} is missing:\n{tree}",
                rb.id,
                s.id
            );
            assert!(tree.contains(s.text_zh.as_ref().unwrap()), "{}", s.id);
            assert!(!tree.contains(&s.text), "English text of {}:\n{tree}", s.id);
        }
        // The English tree is the one it was.
        let en = stdout(
            &env.ops()
                .args(["runbook", "show", &rb.id])
                .output()
                .unwrap(),
        );
        assert!(en.contains(&rb.steps[0].text), "{en}");
        assert!(en.contains("source: runbooks/"), "{en}");
        // The flowchart too; the JSON holds both languages.
        let out = env
            .ops()
            .args(["runbook", "show", &rb.id, "--mermaid", "--lang", "zh-CN"])
            .output()
            .unwrap();
        assert!(stdout(&out).contains("⚠ 上报: "), "{}", stdout(&out));
        let out = env
            .ops()
            .args([
                "runbook", "show", &rb.id, "--format", "json", "--lang", "zh-CN",
            ])
            .output()
            .unwrap();
        let j = json(&out);
        assert_eq!(j["steps"][0]["text"], rb.steps[0].text.as_str());
        assert_eq!(
            j["steps"][0]["text_zh"],
            rb.steps[0].text_zh.as_deref().unwrap()
        );
    }
}

/// The answers of a no-display walk (no BMC linked) to `escalate-lcd`.
const TO_ESCALATE_LCD: &[&str] = &[
    "monitor=no-display",
    "graphics-seated=no-display",
    "swap-monitor=no",
    "swap-graphics=no-display",
    "memory=no-display",
    "lcd=yes",
    "lcd-code=E-12",
    "lcd-act=not-fixed",
];

fn diagnose(env: &Env, extra: &[&str]) -> Output {
    let mut cmd = env.ops();
    cmd.env("OPS_NOW", "2026-11-22T06:00:00Z")
        .args(["diagnose", "no-display"]);
    for a in TO_ESCALATE_LCD {
        cmd.args(["--answer", a]);
    }
    cmd.args(extra).output().unwrap()
}

#[test]
fn a_walk_in_chinese_prints_and_records_the_chinese_texts_with_the_same_ids() {
    let env = Env::new();
    let rb = Catalog::load(None)
        .unwrap()
        .find("no-display")
        .unwrap()
        .runbook
        .clone();
    let out = diagnose(&env, &["--no-record", "--lang", "zh-CN"]);
    assert_success(&out);
    let text = stdout(&out);
    assert!(text.starts_with("no-display（"), "{text}");
    assert!(text.contains("）：上报厂家维护工程师\n"), "{text}");
    let outcome = rb.step("escalate-lcd").unwrap();
    assert!(
        text.contains(&format!("\n  {}\n", outcome.text_zh.as_ref().unwrap())),
        "{text}"
    );
    assert!(
        text.contains("\n  移交材料：\n    - 机器面板LCD报错代码：E-12\n"),
        "{text}"
    );
    assert!(
        text.contains("\n  处理路径：bmc-memory-events → monitor → "),
        "{text}"
    );
    assert!(
        stderr(&out).starts_with("no-display：显示器无显示"),
        "{}",
        stderr(&out)
    );

    let zh = json(&diagnose(
        &env,
        &["--no-record", "--lang", "zh-CN", "--format", "json"],
    ));
    let en = json(&diagnose(&env, &["--no-record", "--format", "json"]));
    assert_eq!(zh["language"], "zh-CN");
    assert_eq!(en["language"], "en");
    assert_eq!(zh["runbook"], "no-display");
    assert_eq!(zh["runbook_title"], rb.title_zh.as_deref().unwrap());
    let (zs, es) = (
        zh["steps"].as_array().unwrap(),
        en["steps"].as_array().unwrap(),
    );
    assert_eq!(zs.len(), es.len());
    for (z, e) in zs.iter().zip(es) {
        // Ids, answers and branches are the same in every language.
        for key in ["step", "kind", "answer", "key", "next"] {
            assert_eq!(z[key], e[key], "{key}");
        }
        let step = rb.step(z["step"].as_str().unwrap()).unwrap();
        let want = step.text_zh.as_ref().unwrap().replace("{lcd_code}", "E-12");
        assert_eq!(z["text"], want.as_str());
        assert_eq!(e["text"], step.text.replace("{lcd_code}", "E-12").as_str());
    }
    // No BMC is linked: the check says so in the walk's language.
    assert_eq!(zs[0]["probe"]["verdict"], "cannot-check");
    let why = zs[0]["probe"]["reason"].as_str().unwrap();
    assert!(
        why.starts_with("清单中没有与 ") && why.contains("关联的BMC"),
        "{why}"
    );
    let why = es[0]["probe"]["reason"].as_str().unwrap();
    assert!(why.starts_with("no BMC is linked to "), "{why}");
    let monitor = zs.iter().find(|s| s["step"] == "monitor").unwrap();
    assert_eq!(monitor["answer"], "no-display");
    assert_eq!(monitor["answer_label"], "仍无画面");
    assert_eq!(zh["outcome"]["step"], "escalate-lcd");
    assert_eq!(zh["outcome"]["escalate_to"], "厂家维护工程师");
    assert_eq!(zh["outcome"]["handover"][0], "机器面板LCD报错代码：E-12");
    assert_eq!(en["outcome"]["escalate_to"], "vendor engineer");
}

#[test]
fn ops_toml_sets_the_language_of_walks_and_checks_and_the_flag_overrides_it() {
    let env = Env::new();
    env.init_records();
    let records = env.records.to_str().unwrap();
    let config = env.records.join("ops.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[report]\nlanguage = \"zh-CN\"\n");
    std::fs::write(&config, text).unwrap();

    let out = diagnose(&env, &["--records", records]);
    assert_success(&out);
    assert!(
        stdout(&out).contains("：上报厂家维护工程师\n"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("已记录 diagnose/2026-11-22-no-display-1.json（提交 "),
        "{}",
        stderr(&out)
    );
    let saved: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(env.records.join("diagnose/2026-11-22-no-display-1.json"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(saved["language"], "zh-CN");
    assert_eq!(
        saved["outcome"]["text"],
        "机器面板报错代码指向现场无法修复的故障。"
    );
    let out = diagnose(&env, &["--records", records, "--lang", "en"]);
    assert_success(&out);
    assert!(
        stdout(&out).contains(": escalate to vendor engineer\n"),
        "{}",
        stdout(&out)
    );

    // A site runbook with no Chinese: sound, but named under zh-CN.
    std::fs::create_dir_all(env.records.join("runbooks")).unwrap();
    let site = r#"
id = "site-ups"
title = "UPS alarm"
title_zh = "UPS告警"
first = "alarm"

[[step]]
id = "alarm"
kind = "question"
text = "Is the UPS alarm on?"
text_zh = "UPS是否在告警？"
choices = [
    { id = "yes", label = "Yes", label_zh = "是", next = "call" },
    { id = "no", label = "No", next = "done" },
]

[[step]]
id = "call"
kind = "outcome"
result = "escalate"
text = "Call the UPS vendor."
handover = ["the alarm code"]

[[step]]
id = "done"
kind = "outcome"
result = "resolved"
text = "No alarm."
text_zh = "没有告警。"
"#;
    std::fs::write(env.records.join("runbooks/site-ups.toml"), site).unwrap();
    let out = env
        .ops()
        .args(["--records", records, "runbook", "check"])
        .output()
        .unwrap();
    assert_success(&out);
    let err = stderr(&out);
    assert!(
        err.contains(
            "site-ups.toml：有 3 处文字缺少中文翻译（step 'alarm': label_zh of choice 'no'）"
        ),
        "{err}"
    );
    assert_eq!(
        err.matches("缺少中文翻译").count(),
        1,
        "only the site's: {err}"
    );
    let out = env
        .ops()
        .args(["--records", records, "runbook", "check", "--lang", "en"])
        .output()
        .unwrap();
    assert_success(&out);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    // Walked in Chinese, what has no translation is shown in English.
    let out = env
        .ops()
        .args(["--records", records, "diagnose", "site-ups", "--no-record"])
        .args(["--answer", "alarm=yes"])
        .output()
        .unwrap();
    assert_success(&out);
    let text = stdout(&out);
    assert!(text.contains("\n  Call the UPS vendor.\n"), "{text}");
    assert!(text.contains("\n    - the alarm code"), "{text}");

    // A translation that does not match what it translates is a defect.
    let bad = site.replace(
        "handover = [\"the alarm code\"]",
        "handover = [\"the alarm code\"]\nhandover_zh = [\"告警代码\", \"多余的一项\"]",
    );
    std::fs::write(env.records.join("runbooks/site-ups.toml"), bad).unwrap();
    let out = env
        .ops()
        .args(["--records", records, "runbook", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "handover_zh of outcome 'call' has 2 items; it translates handover, which has 1"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn on_a_terminal_the_prompts_speak_chinese() {
    use expectrl::Eof;
    let env = Env::new();
    let mut cmd = support::pty::command(&env);
    cmd.env("OPS_NOW", "2026-11-22T06:00:00Z").args([
        "diagnose",
        "no-display",
        "--no-record",
        "--lang",
        "zh-CN",
    ]);
    let mut s = support::pty::spawn(cmd);
    let pause = || std::thread::sleep(std::time::Duration::from_millis(50));
    s.expect("── monitor（请操作，然后报告结果）").unwrap();
    s.expect("检查显示器：电源指示灯亮").unwrap();
    s.expect("仍无画面").unwrap();
    pause();
    s.send("j").unwrap(); // still no picture
    s.send("\r").unwrap();
    s.expect("── graphics-seated（请操作，然后报告结果）")
        .unwrap();
    s.expect("← 返回上一步").unwrap();
    s.expect("✗ 退出（保留未完成的记录）").unwrap();
    pause();
    s.send("k").unwrap(); // up from the first entry: quit
    s.send("k").unwrap(); // go back
    s.send("\r").unwrap();
    s.expect("返回 monitor").unwrap();
    s.expect("── monitor（请操作").unwrap();
    pause();
    s.send("k").unwrap(); // quit: nothing to go back to
    s.send("\r").unwrap();
    s.expect("未完成，停在步骤“monitor”").unwrap();
    s.expect(Eof).unwrap();
}
