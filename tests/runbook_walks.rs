//! Walks of the built-in runbooks: every outcome of every tree is reached by a
//! scripted walk; records are saved and committed; going back, quitting,
//! missing or wrong answers and loops behave as documented.
//!
//! Checks here run against a fake probe runner that replays captured outputs,
//! so that every branch can be taken; the real probes against real broken
//! networks are in `diagnose_netns.rs`.

mod support;

use chrono::{DateTime, Utc};
use ops::check::Status;
use ops::inspect::hw::{HwMetrics, SelEntry, UpsState};
use ops::runbook::{
    AnswerMap, AnswerSource, Ask, Catalog, DeviceProbe, DeviceReading, FindingLine, ProbeOutput,
    ProbeRunner, ProbeSpec, Prompt, Reply, Runbook, ScriptedAnswers, StepKind, Verdict,
    WalkOptions, WalkStatus, parse, walk,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::time::Duration;
use support::{Env, assert_success, commit_count, git, json, stderr, stdout};

fn builtin(id: &str) -> Runbook {
    Catalog::load(None)
        .unwrap()
        .find(id)
        .unwrap()
        .runbook
        .clone()
}

/// Shortest path from the first step to `target`: (step id, edge label) pairs.
fn path_to(rb: &Runbook, target: &str) -> Vec<(String, String)> {
    shortest_path(rb, target, true).expect("reachable")
}

/// Whether a step is a check answered by the target's devices.
fn is_device_check(rb: &Runbook, id: &str) -> bool {
    matches!(&rb.step(id).unwrap().kind, StepKind::Check(c) if matches!(c.probe, ProbeSpec::Device { .. }))
}

/// The shortest path; with `devices` false, a device check goes only its
/// `unavailable` way (no BMC or UPS linked), and None when `target` then
/// cannot be reached.
fn shortest_path(rb: &Runbook, target: &str, devices: bool) -> Option<Vec<(String, String)>> {
    let mut prev: HashMap<String, (String, String)> = HashMap::new();
    let mut queue = VecDeque::from([rb.first.clone()]);
    let mut seen = BTreeSet::from([rb.first.clone()]);
    while let Some(id) = queue.pop_front() {
        if id == target {
            break;
        }
        for (label, next) in rb.step(&id).unwrap().edges() {
            if !devices && is_device_check(rb, &id) && label != "unavailable" {
                continue;
            }
            if seen.insert(next.to_string()) {
                prev.insert(next.to_string(), (id.clone(), label));
                queue.push_back(next.to_string());
            }
        }
    }
    let mut path = Vec::new();
    let mut cur = target.to_string();
    while let Some((from, label)) = prev.get(&cur) {
        path.push((from.clone(), label.clone()));
        cur = from.clone();
    }
    if cur != rb.first {
        return None;
    }
    path.reverse();
    Some(path)
}

/// What the host's devices say so that a device probe gives `label`'s verdict.
fn canned_devices(probe: DeviceProbe, label: &str) -> Vec<DeviceReading> {
    if label == "unavailable" {
        return Vec::new();
    }
    let fail = label == "fail";
    let mut m = HwMetrics {
        protocol: "redfish".into(),
        power_state: Some("Off".into()),
        ..HwMetrics::default()
    };
    let mut findings = Vec::new();
    match probe {
        DeviceProbe::BmcPower if fail => findings.push(FindingLine {
            check: "power.supply".into(),
            status: Status::Crit,
            subject: Some("PSU 2".into()),
            message: "failed".into(),
        }),
        DeviceProbe::BmcEvents | DeviceProbe::BmcMemoryEvents if fail => {
            m.sel_recent.push(SelEntry {
                id: "7".into(),
                severity: "Critical".into(),
                message: "Uncorrectable ECC error on DIMM A2".into(),
                sensor_type: Some("Memory".into()),
                ..SelEntry::default()
            })
        }
        DeviceProbe::UpsInput => {
            m.protocol = "nut".into();
            m.ups = Some(UpsState {
                status: if fail { "OB DISCHRG" } else { "OL" }.into(),
                online: !fail,
                on_battery: fail,
                ..UpsState::default()
            });
        }
        _ => {}
    }
    vec![DeviceReading {
        device: "dev1".into(),
        address: "redfish://127.0.0.1".into(),
        unreachable: None,
        findings,
        metrics: m,
    }]
}

/// Text answers that make the probes' arguments valid.
fn text_answer(key: &str) -> &'static str {
    match key {
        "iface" => "any",
        "name" => "app.example",
        "peer_address" => "10.0.0.5",
        "lcd_code" => "E-1422",
        _ => "text",
    }
}

/// Captured outputs of each built-in probe that give the wanted verdict.
fn canned(probe: &str, verdict: Verdict) -> ProbeOutput {
    let ok = verdict == Verdict::Ok;
    let (status, stdout): (i32, &str) = match (probe, ok) {
        ("link" | "carrier", true) => (
            0,
            "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n",
        ),
        ("link", false) => (
            0,
            "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536\n2: eth0: <BROADCAST,MULTICAST> mtu 1500 state DOWN\n",
        ),
        ("carrier", false) => (
            0,
            "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536\n2: eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 state DOWN\n",
        ),
        ("address", true) => (
            0,
            "2: eth0    inet 10.0.0.2/24 brd 10.0.0.255 scope global eth0\\\n",
        ),
        ("address", false) => (0, "1: lo    inet 127.0.0.1/8 scope host lo\\\n"),
        ("default-route", true) => (0, "default via 10.0.0.1 dev eth0\n--- ipv6\n"),
        ("default-route", false) => (
            0,
            "10.0.0.0/24 dev eth0 proto kernel scope link\n--- ipv6\n",
        ),
        ("gateway-ping", _) => (if ok { 0 } else { 1 }, "gateway 10.0.0.1\n"),
        ("dns", true) => (
            0,
            "10.0.0.5        app.example\n--- /etc/resolv.conf\nnameserver 10.0.0.53\n",
        ),
        ("dns", false) => (2, "--- /etc/resolv.conf\nnameserver 10.0.0.53\n"),
        ("ping", _) => (
            if ok { 0 } else { 1 },
            "2 packets transmitted, 2 received\n",
        ),
        ("nic-driver", true) => (0, "if lo virtual\nif eth0 driver=e1000e\n"),
        ("nic-driver", false) => (0, "if lo virtual\npci 0000:03:00.0 driver=none\n"),
        ("sockets", true) => (
            0,
            "900 0 100000\n32768 60999\nTCP: inuse 7 orphan 0 tw 2 alloc 9 mem 1\n",
        ),
        ("sockets", false) => (
            0,
            "99000 0 100000\n32768 60999\nTCP: inuse 7 orphan 0 tw 2 alloc 9 mem 1\n",
        ),
        ("firewall", true) => (0, "# iptables -S\n-P INPUT ACCEPT\n"),
        ("firewall", false) => (0, "# iptables -S\n-P INPUT DROP\n"),
        (other, _) => panic!("no capture for probe {other}"),
    };
    ProbeOutput {
        exit_status: Some(status),
        stdout: stdout.into(),
        stderr: String::new(),
        timed_out: false,
    }
}

/// Replays outputs in order, and remembers the scripts it was given.
struct Replay {
    outputs: VecDeque<ProbeOutput>,
    scripts: Vec<String>,
}

impl ProbeRunner for Replay {
    fn target(&self) -> String {
        "replay".into()
    }
    fn run(&mut self, script: &str, _timeout: Duration) -> anyhow::Result<ProbeOutput> {
        self.scripts.push(script.to_string());
        Ok(self
            .outputs
            .pop_front()
            .expect("a probe output for every check on the path"))
    }
}

fn pinned() -> DateTime<Utc> {
    "2026-11-22T06:00:00Z".parse().unwrap()
}

#[test]
fn scripted_walks_reach_every_outcome_of_every_built_in_runbook() {
    for id in ["no-power", "no-display", "no-network"] {
        let rb = builtin(id);
        let outcomes: BTreeSet<String> = rb.outcomes().into_iter().map(String::from).collect();
        assert!(outcomes.len() >= 9, "{id} has {} outcomes", outcomes.len());
        let mut reached = BTreeSet::new();
        for outcome in &outcomes {
            let path = path_to(&rb, outcome);
            let mut answers = AnswerMap::default();
            let mut outputs = VecDeque::new();
            let devices = std::cell::RefCell::new(VecDeque::new());
            let mut expected_verdicts = Vec::new();
            for (step_id, label) in &path {
                let step = rb.step(step_id).unwrap();
                match &step.kind {
                    StepKind::Question(Prompt::Input { key, .. })
                    | StepKind::Instruct(Prompt::Input { key, .. }) => {
                        answers.push(step_id.clone(), text_answer(key).to_string())
                    }
                    StepKind::Question(_) | StepKind::Instruct(_) => {
                        answers.push(step_id.clone(), label.clone())
                    }
                    StepKind::Check(check) => {
                        let verdict = match label.as_str() {
                            "ok" => Verdict::Ok,
                            "unavailable" => Verdict::CannotCheck,
                            _ => Verdict::Fail,
                        };
                        match &check.probe {
                            ProbeSpec::Builtin { probe, .. } => {
                                outputs.push_back(canned(probe.name(), verdict))
                            }
                            ProbeSpec::Device { probe } => devices
                                .borrow_mut()
                                .push_back(canned_devices(*probe, label)),
                            ProbeSpec::Command { .. } => panic!("built-ins use probes"),
                        }
                        expected_verdicts.push((step_id.clone(), verdict));
                    }
                    StepKind::Outcome(_) => unreachable!(),
                }
            }
            answers.check_against(&rb).unwrap();
            let mut source = ScriptedAnswers::new(answers);
            let mut runner = Replay {
                outputs,
                scripts: Vec::new(),
            };
            let walked = walk(
                &rb,
                &mut source,
                &mut runner,
                &mut (),
                &WalkOptions {
                    ticket: Some("T-1".into()),
                    clock: &pinned,
                    devices: &|_, _| {
                        devices
                            .borrow_mut()
                            .pop_front()
                            .expect("a reading per device check")
                    },
                    ..WalkOptions::default()
                },
            );
            assert!(
                walked.error.is_none(),
                "{id} → {outcome}: {:?}",
                walked.error
            );
            let record = walked.record;
            assert_eq!(
                record.outcome.step.as_deref(),
                Some(outcome.as_str()),
                "{id}"
            );
            let expected_path: Vec<&str> = path
                .iter()
                .map(|(s, _)| s.as_str())
                .chain([outcome.as_str()])
                .collect();
            assert_eq!(record.path_ids(), expected_path, "{id} → {outcome}");
            // Each check got the verdict its branch needed, from the probe's own verdict function.
            let verdicts: Vec<(String, Verdict)> = record
                .steps
                .iter()
                .filter_map(|s| Some((s.step.clone(), s.probe.as_ref()?.verdict)))
                .collect();
            assert_eq!(verdicts, expected_verdicts, "{id} → {outcome}");
            assert!(runner.outputs.is_empty());
            let status = match rb.step(outcome).unwrap().kind {
                StepKind::Outcome(ref o) if o.result == ops::runbook::Resolution::Resolved => {
                    WalkStatus::Resolved
                }
                _ => WalkStatus::Escalated,
            };
            assert_eq!(record.outcome.status, status);
            assert_eq!(record.ticket.as_deref(), Some("T-1"));
            assert!(
                !record.outcome.text.as_deref().unwrap().contains('{'),
                "placeholders filled: {:?}",
                record.outcome
            );
            for h in &record.outcome.handover {
                assert!(
                    !h.contains('{') && !h.contains("(not entered)"),
                    "{id} → {outcome}: {h}"
                );
            }
            reached.insert(outcome.clone());
        }
        assert_eq!(reached, outcomes, "{id}: every outcome reached");
    }
}

#[test]
fn no_network_arguments_come_from_answers_and_are_quoted_into_the_probe() {
    let rb = builtin("no-network");
    let path = path_to(&rb, "resolved-dns");
    let mut answers = AnswerMap::default();
    let mut outputs = VecDeque::new();
    for (step_id, label) in &path {
        match &rb.step(step_id).unwrap().kind {
            StepKind::Question(Prompt::Input { key, .. }) => {
                answers.push(step_id.clone(), text_answer(key).into())
            }
            StepKind::Check(c) => {
                let ProbeSpec::Builtin { probe, .. } = &c.probe else {
                    unreachable!()
                };
                outputs.push_back(canned(
                    probe.name(),
                    if label == "ok" {
                        Verdict::Ok
                    } else {
                        Verdict::Fail
                    },
                ));
            }
            _ => answers.push(step_id.clone(), label.clone()),
        }
    }
    let mut runner = Replay {
        outputs,
        scripts: Vec::new(),
    };
    let walked = walk(
        &rb,
        &mut ScriptedAnswers::new(answers),
        &mut runner,
        &mut (),
        &WalkOptions::default(),
    );
    let record = walked.record;
    assert_eq!(record.answers["name"], "app.example");
    assert_eq!(record.answers["peer_address"], "10.0.0.5");
    assert!(runner.scripts.iter().any(|s| s.ends_with("getent hosts 'app.example'\nrc=$?\necho '--- /etc/resolv.conf'\ngrep -v '^#' /etc/resolv.conf 2>/dev/null\nexit $rc")));
    assert!(
        runner
            .scripts
            .iter()
            .any(|s| s.ends_with("ping -n -c 2 -i 0.5 -W 2 '10.0.0.5'"))
    );
    let dns = record.steps.iter().find(|s| s.step == "dns").unwrap();
    assert_eq!(dns.text, "Does app.example resolve?");
    assert_eq!(dns.probe.as_ref().unwrap().args["name"], "app.example");
    assert_eq!(
        record.outcome.text.as_deref(),
        Some(
            "Name resolution failed for app.example: resolver configuration corrected and cache flushed."
        )
    );
}

#[test]
fn an_answer_that_is_not_a_valid_argument_never_reaches_a_shell() {
    let rb = builtin("no-network");
    let mut answers = AnswerMap::default();
    answers.push("interface".into(), "eth0; reboot".into());
    let mut runner = Replay {
        outputs: VecDeque::new(),
        scripts: Vec::new(),
    };
    // routes (no args) gets an output; link gets none because it is never run.
    runner
        .outputs
        .push_back(canned("default-route", Verdict::Ok));
    runner.outputs.push_back(canned("sockets", Verdict::Ok));
    let mut answers_src = ScriptedAnswers::new(answers);
    let walked = walk(
        &rb,
        &mut answers_src,
        &mut runner,
        &mut (),
        &WalkOptions::default(),
    );
    let link = walked
        .record
        .steps
        .iter()
        .find(|s| s.step == "link")
        .unwrap();
    let probe = link.probe.as_ref().unwrap();
    // It says nothing about the link: the engineer is asked (here: no answer given).
    assert_eq!(probe.verdict, Verdict::CannotCheck);
    assert!(
        walked
            .error
            .unwrap()
            .to_string()
            .contains("no answer for step 'link'"),
        "the check is asked by hand"
    );
    assert_eq!(
        probe.reason,
        "not run: 'eth0; reboot' is not an interface name"
    );
    assert_eq!(probe.command, "");
    assert_eq!(runner.scripts.len(), 2, "only routes and sockets ran");
    assert!(runner.scripts.iter().all(|s| !s.contains("reboot")));
}

/// Answers in order, including going back.
struct Sequence(VecDeque<Reply>);

impl AnswerSource for Sequence {
    fn ask(&mut self, ask: &Ask) -> anyhow::Result<Reply> {
        self.0
            .pop_front()
            .ok_or_else(|| anyhow::anyhow!("unexpected question {}", ask.step.id))
    }
}

#[test]
fn going_back_undoes_the_last_answer_and_its_text_value() {
    let rb = builtin("no-power");
    let a = |s: &str| Reply::Answer(s.into());
    // outlet=yes, cord=no-reaction, back (to cord), back (to outlet), outlet=no,
    // restore-outlet=starts.
    let mut source = Sequence(VecDeque::from([
        a("yes"),
        a("no-reaction"),
        Reply::Back,
        Reply::Back,
        a("no"),
        a("starts"),
    ]));
    let walked = walk(
        &rb,
        &mut source,
        &mut Replay {
            outputs: VecDeque::new(),
            scripts: vec![],
        },
        &mut (),
        &WalkOptions::default(),
    );
    assert!(walked.error.is_none());
    let r = walked.record;
    let all: Vec<(&str, bool)> = r
        .steps
        .iter()
        .map(|s| (s.step.as_str(), s.undone))
        .collect();
    assert_eq!(
        all,
        vec![
            // No BMC or UPS: the device checks go on to the outlet.
            ("bmc-power", false),
            ("ups-input", false),
            ("outlet", true),
            ("cord", true),
            ("outlet", false),
            ("restore-outlet", false),
            ("resolved-outlet", false)
        ]
    );
    assert_eq!(r.outcome.status, WalkStatus::Resolved);

    // A text answer undone by going back is forgotten.
    let mut source = Sequence(VecDeque::from([
        a("yes"),
        a("no-reaction"),
        a("no-reaction"),
        a("no"),
        a("no"),
        a("off"),
        a("no-reaction"),
        a("yes"),
        a("E-1"),
        Reply::Back,
        a("E-2"),
        a("not-fixed"),
    ]));
    let walked = walk(
        &rb,
        &mut source,
        &mut Replay {
            outputs: VecDeque::new(),
            scripts: vec![],
        },
        &mut (),
        &WalkOptions::default(),
    );
    assert!(walked.error.is_none(), "{:?}", walked.error);
    let r = walked.record;
    assert_eq!(r.answers["lcd_code"], "E-2");
    assert_eq!(r.outcome.handover[0], "front-panel LCD error code: E-2");
    let lcd: Vec<(&str, bool)> = r
        .steps
        .iter()
        .filter(|s| s.step == "lcd-code")
        .map(|s| (s.answer.as_deref().unwrap(), s.undone))
        .collect();
    assert_eq!(lcd, vec![("E-1", true), ("E-2", false)]);
}

#[test]
fn quitting_keeps_a_partial_record() {
    let rb = builtin("no-display");
    let mut source = Sequence(VecDeque::from([
        Reply::Answer("no-display".into()),
        Reply::Quit,
    ]));
    let walked = walk(
        &rb,
        &mut source,
        &mut Replay {
            outputs: VecDeque::new(),
            scripts: vec![],
        },
        &mut (),
        &WalkOptions::default(),
    );
    assert!(walked.error.is_none());
    let r = walked.record;
    assert_eq!(r.outcome.status, WalkStatus::Incomplete);
    assert_eq!(r.outcome.step.as_deref(), Some("graphics-seated"));
    assert_eq!(
        r.outcome.reason.as_deref(),
        Some("quit at step 'graphics-seated'")
    );
    assert_eq!(r.path_ids(), vec!["bmc-memory-events", "monitor"]);
}

#[test]
fn answers_that_go_round_a_loop_end_the_walk() {
    let text = r#"
id = "loop"
title = "Retry until it works"
first = "try"

[[step]]
id = "try"
kind = "instruct"
text = "Try again."
choices = [{ id = "again", next = "try" }, { id = "works", next = "done" }]

[[step]]
id = "done"
kind = "outcome"
result = "resolved"
text = "Works."
"#;
    let rb = parse(text, "loop.toml").unwrap();
    let mut answers = AnswerMap::default();
    answers.push("try".into(), "again".into());
    answers.push("try".into(), "again".into());
    answers.push("try".into(), "works".into());
    let walked = walk(
        &rb,
        &mut ScriptedAnswers::new(answers),
        &mut Replay {
            outputs: VecDeque::new(),
            scripts: vec![],
        },
        &mut (),
        &WalkOptions::default(),
    );
    assert_eq!(
        walked.record.path_ids(),
        vec!["try", "try", "try", "done"],
        "answers are used in order"
    );

    let mut answers = AnswerMap::default();
    answers.push("try".into(), "again".into());
    let walked = walk(
        &rb,
        &mut ScriptedAnswers::new(answers),
        &mut Replay {
            outputs: VecDeque::new(),
            scripts: vec![],
        },
        &mut (),
        &WalkOptions {
            max_steps: 50,
            ..WalkOptions::default()
        },
    );
    let err = walked.error.expect("a loop is stopped");
    assert!(err.to_string().contains("more than 50 steps"), "{err}");
    assert_eq!(walked.record.outcome.status, WalkStatus::Incomplete);
}

/// Scripted answers for the path to `outcome` of a runbook without checks, as flags.
/// The `--answer` flags that walk to `outcome` with no device linked (the
/// device checks take their `unavailable` way by themselves); None when
/// only a device's answer leads there.
fn answer_flags(rb: &Runbook, outcome: &str) -> Option<Vec<String>> {
    let mut flags = Vec::new();
    for (step_id, label) in shortest_path(rb, outcome, false)? {
        if is_device_check(rb, &step_id) {
            continue;
        }
        let answer = match &rb.step(&step_id).unwrap().kind {
            StepKind::Question(Prompt::Input { key, .. })
            | StepKind::Instruct(Prompt::Input { key, .. }) => text_answer(key).to_string(),
            _ => label,
        };
        flags.push("--answer".to_string());
        flags.push(format!("{step_id}={answer}"));
    }
    Some(flags)
}

#[test]
fn the_binary_walks_no_power_and_no_display_to_every_outcome() {
    let env = Env::new();
    for id in ["no-power", "no-display"] {
        let rb = builtin(id);
        for outcome in rb.outcomes() {
            // Those only a BMC or UPS leads to: tests/diagnose_hw.rs.
            let Some(flags) = answer_flags(&rb, outcome) else {
                continue;
            };
            let out = env
                .ops()
                .env("OPS_NOW", "2026-11-22T06:00:00Z")
                .args(["diagnose", id, "--no-record", "--format", "json"])
                .args(flags)
                .output()
                .unwrap();
            assert_success(&out);
            let r = json(&out);
            assert_eq!(r["schema"], 1);
            assert_eq!(r["runbook"], id);
            assert_eq!(r["outcome"]["step"], outcome, "{id}");
            assert_eq!(r["started"], "2026-11-22T06:00:00Z");
        }
    }
}

#[test]
fn a_walk_is_saved_and_committed_in_the_records_repository() {
    let env = Env::new();
    env.init_records();
    let records = env.records.to_str().unwrap();
    let rb = builtin("no-power");
    // A real ticket to link to (its id carries the day it was entered).
    let out = env
        .ops()
        .env("OPS_NOW", "2026-11-22T05:30:00Z")
        .args([
            "--records",
            records,
            "ticket",
            "new",
            "--customer",
            "ACME",
            "--site",
            "HQ",
        ])
        .args([
            "--contact",
            "Li Lei",
            "--phone",
            "+86 10 5555 0101",
            "--channel",
            "on-site",
        ])
        .args([
            "--severity",
            "I",
            "--category",
            "defect-technical",
            "--problem",
            "db01 dead",
        ])
        .args(["--target", "db01", "--engineer", "Wang Fang"])
        .output()
        .unwrap();
    assert_success(&out);
    let ticket = "T-20261122-0001";
    assert!(stdout(&out).contains(ticket), "{}", stdout(&out));
    let before = commit_count(&env.records);
    for n in 1..=2 {
        let out = env
            .ops()
            .env("OPS_NOW", "2026-11-22T06:00:00Z")
            .args([
                "--records",
                records,
                "diagnose",
                "no-power",
                "--ticket",
                ticket,
            ])
            .args(answer_flags(&rb, "escalate-lcd").expect("reachable without devices"))
            .output()
            .unwrap();
        assert_success(&out);
        let text = stdout(&out);
        assert!(text.starts_with("no-power on "), "{text}");
        assert!(text.contains(": escalate to vendor engineer\n"), "{text}");
        assert!(
            text.contains("\n    - front-panel LCD error code: E-1422\n"),
            "{text}"
        );
        assert!(text.contains(&format!("\n  ticket: {ticket}")), "{text}");
        assert!(
            stderr(&out).contains(&format!(
                "recorded diagnose/2026-11-22-no-power-{n}.json (commit "
            )),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(commit_count(&env.records), before + 2);
    let log = git(&env.records, &["log", "-1", "--format=%s"]);
    assert!(
        log.starts_with("diagnose: no-power on ")
            && log
                .trim_end()
                .ends_with(&format!(": escalated (ticket {ticket})")),
        "{log}"
    );
    let saved: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(env.records.join("diagnose/2026-11-22-no-power-2.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(saved["schema"], 1);
    assert_eq!(saved["ticket"], ticket);
    assert_eq!(saved["outcome"]["status"], "escalated");
    assert_eq!(saved["outcome"]["escalate_to"], "vendor engineer");
    assert_eq!(saved["answers"]["lcd_code"], "E-1422");
    assert_eq!(saved["ended"], "2026-11-22T06:00:00Z");
    let steps = saved["steps"].as_array().unwrap();
    // No BMC or UPS is linked: the device checks say so, then the outlet.
    assert_eq!(steps[0]["step"], "bmc-power");
    assert_eq!(steps[0]["probe"]["verdict"], "cannot-check");
    assert_eq!(steps[1]["step"], "ups-input");
    assert_eq!(steps[2]["step"], "outlet");
    assert_eq!(steps[2]["answer"], "yes");
    assert_eq!(steps[2]["answer_label"], "Yes, the outlet has power");
    assert_eq!(steps.last().unwrap()["step"], "escalate-lcd");
    assert_eq!(git(&env.records, &["status", "--porcelain"]), "");
}

#[test]
fn a_missing_answer_without_a_terminal_names_the_step_and_commits_nothing() {
    let env = Env::new();
    env.init_records();
    let records = env.records.to_str().unwrap();
    let before = commit_count(&env.records);
    let out = env
        .ops()
        .env("OPS_NOW", "2026-11-22T06:00:00Z")
        .args([
            "--records",
            records,
            "diagnose",
            "no-power",
            "--answer",
            "outlet=yes",
            "--answer",
            "cord=no-reaction",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error: no answer for step 'drain' (Unplug every power cord, wait a few minutes (at least 3) so that the power supply discharges, plug them back in and start the server.): pass --answer drain=CHOICE, one of: starts, no-reaction"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("nothing recorded: the walk stopped for a missing answer"),
        "{}",
        stderr(&out)
    );
    // A usage error is fixed by running again with the answer: no record, no commit.
    assert!(!env.records.join("diagnose").exists());
    assert_eq!(commit_count(&env.records), before);
    assert_eq!(git(&env.records, &["status", "--porcelain"]), "");

    // No runbook named and no terminal: say which to name.
    let out = env.ops().args(["diagnose"]).output().unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(
        stderr(&out)
            .contains("name the runbook to walk: ops diagnose no-display|no-network|no-power"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn wrong_answers_are_refused_before_anything_runs() {
    let env = Env::new();
    env.init_records();
    let records = env.records.to_str().unwrap();
    let before = commit_count(&env.records);
    for (args, message, code) in [
        (
            vec!["--answer", "outlet=maybe"],
            "answer 'maybe' for step 'outlet' is not one of: yes, no",
            78,
        ),
        (
            vec!["--answer", "outet=yes"],
            "an answer is given for step 'outet', which runbook no-power does not have",
            78,
        ),
        (
            vec!["--answer", "resolved-cord=yes"],
            "step 'resolved-cord' takes no answer (it is an outcome step)",
            78,
        ),
        (
            vec!["--answer", "outlet"],
            "--answer expects STEP=CHOICE (e.g. --answer outlet=yes), got 'outlet'",
            64,
        ),
    ] {
        let out = env
            .ops()
            .args(["--records", records, "diagnose", "no-power"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
    }
    assert_eq!(commit_count(&env.records), before, "nothing recorded");
}

#[test]
fn answers_come_from_a_file_and_flags_add_to_it() {
    let env = Env::new();
    let file = env.write("power.toml", "outlet = \"no\"\n# the site has power again\nrestore-outlet = \"no-reaction\"\ncord = \"starts\"\n");
    let out = env
        .ops()
        .args([
            "diagnose",
            "no-power",
            "--no-record",
            "--format",
            "json",
            "--answers",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert_success(&out);
    assert_eq!(json(&out)["outcome"]["step"], "resolved-cord");

    let bad = env.write("bad.toml", "outlet = \"no\"\nrestore-outlet = 3\n");
    let out = env
        .ops()
        .args(["diagnose", "no-power", "--no-record", "--answers"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    let said = env.redact(&stderr(&out));
    assert!(said.contains("[TMP]/bad.toml:2:"), "{said}");
}

#[test]
fn the_record_keeps_every_probe_with_its_output() {
    // Built-in scripts in the record are exactly what ran; outputs are kept verbatim.
    let rb = builtin("no-network");
    let mut answers = AnswerMap::default();
    answers.push("interface".into(), "any".into());
    let mut outputs = VecDeque::new();
    outputs.push_back(canned("default-route", Verdict::Fail));
    outputs.push_back(canned("link", Verdict::Fail));
    let mut runner = Replay {
        outputs,
        scripts: vec![],
    };
    let walked = walk(
        &rb,
        &mut ScriptedAnswers::new(answers),
        &mut runner,
        &mut (),
        &WalkOptions::default(),
    );
    let r = walked.record;
    assert!(
        walked.error.is_some(),
        "stops at the bring-up instruction without an answer"
    );
    let routes = r.steps[1].probe.as_ref().unwrap();
    assert_eq!(routes.name, "default-route");
    assert_eq!(routes.reason, "there is no default route");
    assert_eq!(routes.stdout, canned("default-route", Verdict::Fail).stdout);
    assert_eq!(routes.command, runner.scripts[0]);
    assert_eq!(
        r.steps[2].probe.as_ref().unwrap().reason,
        "every interface administratively down: eth0"
    );
    let json = serde_json::to_value(&r).unwrap();
    let back: ops::runbook::WalkRecord = serde_json::from_value(json).unwrap();
    assert_eq!(back, r, "the record survives a JSON round trip");
    let _: BTreeMap<String, String> = r.answers;
}

/// A runbook around the `command` check example in runbooks/README.md, with
/// the example's command replaced by `command`.
fn readme_example(command: Option<&str>) -> String {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/runbooks/README.md"))
            .unwrap();
    let start = readme
        .find("[[step]]\nid = \"ip-forwarding\"")
        .expect("the README's command example");
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let block = match command {
        Some(c) => block.replace(
            "command = \"sysctl -n net.ipv4.ip_forward\"",
            &format!("command = \"{c}\""),
        ),
        None => block.to_string(),
    };
    format!(
        "id = \"readme\"\ntitle = \"README example\"\nfirst = \"ip-forwarding\"\n\n{block}\n\
         [[step]]\nid = \"next-step\"\nkind = \"outcome\"\ntext = \"Forwarding is off.\"\nresult = \"resolved\"\n\n\
         [[step]]\nid = \"enable-forwarding\"\nkind = \"outcome\"\ntext = \"Forwarding is on.\"\nresult = \"escalate\"\n"
    )
}

/// Issue 12.3: `expect = '^0$'` on `echo 0` is ok: the output's final newline
/// is not part of the match, and `^`/`$` match at every line.
#[test]
fn the_readme_command_example_matches_line_by_line_without_the_final_newline() {
    let env = Env::new();
    let file = env.write("readme.toml", &readme_example(None));
    let out = env
        .ops()
        .args(["runbook", "check"])
        .arg(&file)
        .output()
        .unwrap();
    assert_success(&out);
    for (command, outcome, reason) in [
        ("echo 0", "next-step", "exited with 0"),
        // The matching line need not be the only one.
        (
            "printf 'forwarding\\\\n0\\\\n'",
            "next-step",
            "exited with 0",
        ),
        (
            "echo 10",
            "enable-forwarding",
            "output does not match /^0$/",
        ),
        (
            "echo 0 error",
            "enable-forwarding",
            "output does not match /^0$/",
        ),
        (
            "printf '0\\\\nerror\\\\n'",
            "enable-forwarding",
            "output contains 'error'",
        ),
    ] {
        let file = env.write("readme.toml", &readme_example(Some(command)));
        let out = env
            .ops()
            .args(["diagnose", "--no-record", "--format", "json"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}: {}", stderr(&out));
        let r = json(&out);
        assert_eq!(r["outcome"]["step"], outcome, "{command}");
        let probe = &r["steps"][0]["probe"];
        assert_eq!(probe["reason"], reason, "{command}");
        assert_eq!(probe["command"], command.replace(r"\\", r"\"));
        assert!(
            stderr(&out).contains(&format!(
                "check ip-forwarding: {}: {reason}",
                if outcome == "next-step" { "ok" } else { "FAIL" }
            )),
            "{}",
            stderr(&out)
        );
    }
}

/// A runbook whose check is privileged and would leave `marker` behind if it ran.
pub fn privileged_runbook(env: &Env, marker: &std::path::Path) -> std::path::PathBuf {
    env.write(
        "privileged.toml",
        &format!(
            "id = \"priv\"\ntitle = \"Privileged\"\nfirst = \"touch\"\n\n\
             [[step]]\nid = \"touch\"\nkind = \"check\"\ntext = \"Leave a mark\"\n\
             command = \"echo ran > {} && echo done\"\nprivileged = true\nok = \"fine\"\nfail = \"broken\"\n\n\
             [[step]]\nid = \"fine\"\nkind = \"outcome\"\ntext = \"Fine.\"\nresult = \"resolved\"\n\n\
             [[step]]\nid = \"broken\"\nkind = \"outcome\"\ntext = \"Broken.\"\nresult = \"escalate\"\n",
            marker.display()
        ),
    )
}

/// Issue 11.3: without a terminal a privileged command never runs, whatever
/// the answers; the walk says so and asks for the result checked by hand.
#[test]
fn a_privileged_check_does_not_run_without_a_terminal() {
    let env = Env::new();
    env.init_records();
    let marker = env.dir.path().join("marker");
    let file = privileged_runbook(&env, &marker);
    let before = commit_count(&env.records);
    let out = env
        .ops()
        .arg("--records")
        .arg(&env.records)
        .arg("diagnose")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("check touch: cannot check: not run: privileged: it runs only when the engineer confirms it on a terminal"),
        "{err}"
    );
    assert!(
        err.contains("error: no answer for step 'touch' (Leave a mark (cannot check: not run: privileged: it runs only when the engineer confirms it on a terminal) Check it yourself: does it hold?): pass --answer touch=CHOICE, one of: ok, fail"),
        "{err}"
    );
    assert_eq!(commit_count(&env.records), before, "nothing recorded");

    let out = env
        .ops()
        .arg("--records")
        .arg(&env.records)
        .args(["diagnose", "--format", "json", "--answer", "touch=fail"])
        .arg(&file)
        .output()
        .unwrap();
    assert_success(&out);
    let r = json(&out);
    assert_eq!(r["outcome"]["step"], "broken");
    let step = &r["steps"][0];
    assert_eq!(step["answer"], "fail");
    assert_eq!(step["probe"]["verdict"], "cannot-check");
    assert_eq!(step["probe"]["exit_status"], serde_json::Value::Null);
    assert!(!marker.exists(), "the privileged command did not run");
    assert_eq!(commit_count(&env.records), before + 1);

    let out = env
        .ops()
        .args(["diagnose", "--no-record", "--answer", "touch=maybe"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains("answer 'maybe' for check 'touch' is not one of: ok, fail"),
        "{}",
        stderr(&out)
    );
}
