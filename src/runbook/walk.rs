//! The walker: from the first step to an outcome, asking the answer source at
//! questions and instructions and running checks with the probe runner.
//!
//! The walker never prints; an [`Observer`] hears about each step as it
//! happens (the command shows check results on the terminal with it). It
//! always returns a record, even when the walk stops early (quit, a missing
//! scripted answer, a target that cannot be reached), so that what was done is
//! kept; the error, if any, comes with it.
//!
//! A check that cannot run (its program is missing, an argument is not valid,
//! a privileged step is not confirmed) says nothing about the system, so the
//! engineer is asked to check by hand and answer `ok` or `fail`, which take
//! the check's branches.

use super::model::{Check, Choice, ProbeSpec, Prompt, Runbook, Step, StepKind, fill_in};
use super::probe::{
    DeviceProbe, DeviceReading, ProbeOptions, ProbeOutput, ProbeRunner, Verdict, cannot_run_in,
};
use super::record::{ProbeRecord, SCHEMA, StepRecord, WalkOutcome, WalkRecord, WalkStatus};
use crate::bad_input;
use crate::i18n::{self, Lang, Value};
use anyhow::Result;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::time::Instant;

/// What the answer source is asked.
pub struct Ask<'a> {
    pub runbook: &'a Runbook,
    pub step: &'a Step,
    /// What to answer: the step's own prompt, or for a check that could not
    /// run, `ok` or `fail` as checked by hand.
    pub prompt: &'a Prompt,
    /// The step's text with earlier answers filled in.
    pub text: String,
    pub detail: Option<String>,
    /// Whether there is an earlier answered step to go back to.
    pub can_go_back: bool,
    /// Free-text answers so far.
    pub answers: &'a BTreeMap<String, String>,
}

/// An answer to a question or an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// A choice id (or label), or the free text entered.
    Answer(String),
    /// Undo the last answered step and ask it again.
    Back,
    /// Stop here and keep a partial record.
    Quit,
}

/// Where answers come from: the terminal, or answers given beforehand.
pub trait AnswerSource {
    fn ask(&mut self, ask: &Ask) -> Result<Reply>;

    /// Whether the engineer allows the privileged `command` of this check
    /// step to run on `target`. Only a person at a terminal can allow it:
    /// answers given beforehand never do.
    fn confirm(&mut self, _ask: &Ask, _command: &str, _target: &str) -> Result<bool> {
        Ok(false)
    }
}

/// Something that happened during the walk, for the user to see.
pub enum WalkEvent<'a> {
    /// A check is about to run.
    Checking { step: &'a Step, text: &'a str },
    /// A check ran.
    Checked {
        step: &'a Step,
        probe: &'a ProbeRecord,
    },
    /// The answer to a step was undone; `to` is asked again.
    Back { to: &'a str },
    /// The walk ended.
    Finished { outcome: &'a WalkOutcome },
}

pub trait Observer {
    fn event(&mut self, event: &WalkEvent);
}

impl Observer for () {
    fn event(&mut self, _event: &WalkEvent) {}
}

pub struct WalkOptions<'a> {
    pub ticket: Option<String>,
    /// The clock that stamps the record (pinned in tests).
    pub clock: &'a dyn Fn() -> DateTime<Utc>,
    /// Bound on steps taken, so that answers going round a loop end the walk.
    pub max_steps: usize,
    pub probes: ProbeOptions,
    /// What the target's devices say for a device probe: the readings of its
    /// BMCs (or UPSes) within the timeout; none when none is linked.
    pub devices: &'a dyn Fn(DeviceProbe, std::time::Duration) -> Vec<DeviceReading>,
    /// The language of the walk: the runbook's texts (English where a text
    /// has no translation) and the walk's own words, as recorded.
    pub lang: Lang,
}

impl Default for WalkOptions<'_> {
    fn default() -> Self {
        WalkOptions {
            ticket: None,
            clock: &crate::clock::now,
            max_steps: 500,
            probes: ProbeOptions::default(),
            devices: &|_, _| Vec::new(),
            lang: Lang::En,
        }
    }
}

/// The record of a walk, and the error that stopped it early, if any.
pub struct Walked {
    pub record: WalkRecord,
    pub error: Option<anyhow::Error>,
}

/// Walk `runbook` from its first step to an outcome.
pub fn walk(
    runbook: &Runbook,
    answers: &mut dyn AnswerSource,
    runner: &mut dyn ProbeRunner,
    observer: &mut dyn Observer,
    options: &WalkOptions,
) -> Walked {
    let clock = options.clock;
    let runbook = &runbook.in_lang(options.lang);
    let mut record = WalkRecord {
        schema: SCHEMA,
        language: options.lang.tag().to_string(),
        runbook: runbook.id.clone(),
        runbook_title: runbook.title.clone(),
        runbook_file: runbook.file.clone(),
        target: runner.target(),
        ticket: options.ticket.clone(),
        started: clock(),
        ended: clock(),
        answers: BTreeMap::new(),
        steps: Vec::new(),
        outcome: WalkOutcome {
            status: WalkStatus::Incomplete,
            step: None,
            text: None,
            escalate_to: None,
            handover: Vec::new(),
            reason: None,
        },
    };
    let error = run(runbook, answers, runner, observer, options, &mut record).err();
    record.ended = clock();
    if let Some(err) = &error {
        record.outcome.status = WalkStatus::Incomplete;
        record.outcome.reason = Some(format!("{err:#}"));
    }
    observer.event(&WalkEvent::Finished {
        outcome: &record.outcome,
    });
    Walked { record, error }
}

fn run(
    rb: &Runbook,
    source: &mut dyn AnswerSource,
    runner: &mut dyn ProbeRunner,
    observer: &mut dyn Observer,
    options: &WalkOptions,
    record: &mut WalkRecord,
) -> Result<()> {
    let clock = options.clock;
    let lang = options.lang;
    let mut current = rb.first.clone();
    for _ in 0..options.max_steps {
        record.outcome.step = Some(current.clone());
        let step = rb
            .step(&current)
            .ok_or_else(|| bad_input!("runbook {} has no step '{current}'", rb.file))?;
        let text = fill_in(&step.text, &record.answers, lang);
        let started = clock();
        let t0 = Instant::now();
        let mut entry = StepRecord {
            step: step.id.clone(),
            kind: step.kind_name().to_string(),
            text: text.clone(),
            started,
            duration_ms: 0,
            answer: None,
            answer_label: None,
            key: None,
            probe: None,
            next: None,
            undone: false,
        };
        match &step.kind {
            StepKind::Outcome(outcome) => {
                record.steps.push(entry);
                record.outcome = WalkOutcome {
                    status: match outcome.result {
                        super::Resolution::Resolved => WalkStatus::Resolved,
                        super::Resolution::Escalate => WalkStatus::Escalated,
                    },
                    step: Some(step.id.clone()),
                    text: Some(text),
                    escalate_to: match outcome.result {
                        super::Resolution::Escalate => Some(
                            outcome
                                .escalate_to
                                .clone()
                                .unwrap_or_else(|| i18n::tr(lang, "runbook-vendor-engineer")),
                        ),
                        super::Resolution::Resolved => None,
                    },
                    handover: outcome
                        .handover
                        .iter()
                        .map(|h| fill_in(h, &record.answers, lang))
                        .collect(),
                    reason: None,
                };
                return Ok(());
            }
            StepKind::Check(check) => {
                observer.event(&WalkEvent::Checking { step, text: &text });
                let last_answered = last_answered(&record.steps);
                let ask_for = |prompt| Ask {
                    runbook: rb,
                    step,
                    prompt,
                    text: text.clone(),
                    detail: step
                        .detail
                        .as_ref()
                        .map(|d| fill_in(d, &record.answers, lang)),
                    can_go_back: last_answered.is_some(),
                    answers: &record.answers,
                };
                let hand = by_hand(check, lang);
                let probe = match &check.probe {
                    ProbeSpec::Command {
                        command,
                        argv: None,
                        ..
                    } if !source.confirm(&ask_for(&hand), command, &runner.target())? => not_run(
                        "command",
                        BTreeMap::new(),
                        command.clone(),
                        i18n::tr(lang, "runbook-privileged-not-confirmed"),
                        lang,
                    ),
                    _ => run_check(check, &record.answers, runner, options)?,
                };
                observer.event(&WalkEvent::Checked {
                    step,
                    probe: &probe,
                });
                let next = match (probe.verdict, &check.unavailable) {
                    (Verdict::Ok, _) => check.ok.clone(),
                    (Verdict::Fail, _) => check.fail.clone(),
                    // No device to ask: the tree goes on as it would without one.
                    (Verdict::CannotCheck, Some(next)) => next.clone(),
                    (Verdict::CannotCheck, None) => {
                        let prompt = &hand;
                        let mut ask = ask_for(prompt);
                        ask.text = i18n::tr_args(
                            lang,
                            "runbook-check-by-hand",
                            &[
                                ("text", Value::from(text.as_str())),
                                ("reason", Value::from(probe.reason.as_str())),
                            ],
                        );
                        let reply = match source.ask(&ask) {
                            Ok(reply) => reply,
                            Err(e) => {
                                // What the probe showed is kept with the error.
                                entry.probe = Some(probe);
                                record.steps.push(entry);
                                return Err(e);
                            }
                        };
                        match reply {
                            Reply::Quit => {
                                entry.probe = Some(probe);
                                record.steps.push(entry);
                                record.outcome.reason = Some(quit_at(lang, &step.id));
                                return Ok(());
                            }
                            Reply::Back => {
                                // The probe that ran stays in the record, undone with the rest.
                                entry.probe = Some(probe);
                                record.steps.push(entry);
                                if let Some(index) = last_answered {
                                    for s in &mut record.steps[index..] {
                                        s.undone = true;
                                    }
                                    record.answers = answers_of(&record.steps);
                                    current = record.steps[index].step.clone();
                                    observer.event(&WalkEvent::Back { to: &current });
                                }
                                continue;
                            }
                            Reply::Answer(answer) => {
                                let choice = choose(step, prompt, &answer)?;
                                entry.answer = Some(choice.id.clone());
                                entry.answer_label = Some(choice.label.clone());
                                choice.next.clone()
                            }
                        }
                    }
                };
                entry.probe = Some(probe);
                entry.next = Some(next.clone());
                entry.duration_ms = t0.elapsed().as_millis() as u64;
                record.steps.push(entry);
                current = next;
            }
            StepKind::Question(prompt) | StepKind::Instruct(prompt) => {
                let last_answered = last_answered(&record.steps);
                let ask = Ask {
                    runbook: rb,
                    step,
                    prompt,
                    text,
                    detail: step
                        .detail
                        .as_ref()
                        .map(|d| fill_in(d, &record.answers, lang)),
                    can_go_back: last_answered.is_some(),
                    answers: &record.answers,
                };
                match source.ask(&ask)? {
                    Reply::Quit => {
                        record.outcome.reason = Some(quit_at(lang, &step.id));
                        return Ok(());
                    }
                    Reply::Back => {
                        if let Some(index) = last_answered {
                            for s in &mut record.steps[index..] {
                                s.undone = true;
                            }
                            record.answers = answers_of(&record.steps);
                            current = record.steps[index].step.clone();
                            observer.event(&WalkEvent::Back { to: &current });
                        }
                    }
                    Reply::Answer(answer) => {
                        let next = match prompt {
                            Prompt::Choices { .. } => {
                                let choice = choose(step, prompt, &answer)?;
                                entry.answer = Some(choice.id.clone());
                                entry.answer_label = Some(choice.label.clone());
                                choice.next.clone()
                            }
                            Prompt::Input { key, next, .. } => {
                                let value = answer.trim().to_string();
                                record.answers.insert(key.clone(), value.clone());
                                entry.answer = Some(value);
                                entry.key = Some(key.clone());
                                next.clone()
                            }
                        };
                        entry.next = Some(next.clone());
                        entry.duration_ms = t0.elapsed().as_millis() as u64;
                        record.steps.push(entry);
                        current = next;
                    }
                }
            }
        }
    }
    Err(anyhow::anyhow!(
        "the walk took more than {} steps: the answers go round a loop (last step '{current}')",
        options.max_steps
    ))
}

/// The last step the engineer answered (and that is not undone): where "go back" returns to.
fn last_answered(steps: &[StepRecord]) -> Option<usize> {
    steps.iter().rposition(|s| {
        !s.undone && (s.kind == "question" || s.kind == "instruct" || s.answer.is_some())
    })
}

/// The choice an answer names (by id, else by label).
fn choose<'p>(step: &Step, prompt: &'p Prompt, answer: &str) -> Result<&'p Choice> {
    let Prompt::Choices { choices, .. } = prompt else {
        unreachable!("only choice prompts are chosen from")
    };
    choices
        .iter()
        .find(|c| c.id.eq_ignore_ascii_case(answer.trim()))
        .or_else(|| {
            choices
                .iter()
                .find(|c| c.label.eq_ignore_ascii_case(answer.trim()))
        })
        .ok_or_else(|| {
            bad_input!(
                "answer '{answer}' for step '{}' is not one of: {}",
                step.id,
                choices
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

/// Why a walk stopped at `step` on the engineer's word.
fn quit_at(lang: Lang, step: &str) -> String {
    i18n::tr_args(lang, "runbook-quit-at", &[("step", Value::from(step))])
}

/// What the engineer answers for a check that could not run: `ok` or `fail`.
pub(crate) fn by_hand(check: &Check, lang: Lang) -> Prompt {
    Prompt::Choices {
        choices: vec![
            Choice {
                id: "ok".into(),
                label: i18n::tr(lang, "runbook-by-hand-ok"),
                label_zh: None,
                next: check.ok.clone(),
            },
            Choice {
                id: "fail".into(),
                label: i18n::tr(lang, "runbook-by-hand-fail"),
                label_zh: None,
                next: check.fail.clone(),
            },
        ],
        default: None,
    }
}

/// The record of a probe that did not run, and why.
fn not_run(
    name: &str,
    args: BTreeMap<String, String>,
    command: String,
    why: String,
    lang: Lang,
) -> ProbeRecord {
    ProbeRecord {
        name: name.to_string(),
        args,
        command,
        exit_status: None,
        stdout: String::new(),
        stderr: String::new(),
        timed_out: false,
        verdict: Verdict::CannotCheck,
        reason: i18n::tr_args(lang, "runbook-not-run", &[("why", Value::from(why))]),
    }
}

/// Free-text answers given on the steps that are not undone.
fn answers_of(steps: &[StepRecord]) -> BTreeMap<String, String> {
    steps
        .iter()
        .filter(|s| !s.undone)
        .filter_map(|s| Some((s.key.clone()?, s.answer.clone()?)))
        .collect()
}

fn run_check(
    check: &Check,
    answers: &BTreeMap<String, String>,
    runner: &mut dyn ProbeRunner,
    options: &WalkOptions,
) -> Result<ProbeRecord> {
    let record =
        |name: &str, args, command: String, out: ProbeOutput, verdict, reason| ProbeRecord {
            name: name.to_string(),
            args,
            command,
            exit_status: out.exit_status,
            stdout: out.stdout,
            stderr: out.stderr,
            timed_out: out.timed_out,
            verdict,
            reason,
        };
    let target = runner.target();
    match &check.probe {
        ProbeSpec::Device { probe } => {
            let readings = (options.devices)(*probe, check.timeout);
            let asked: Vec<&str> = readings.iter().map(|r| r.address.as_str()).collect();
            let (verdict, reason, out) = probe.judge_in(&target, &readings, options.lang);
            let command = format!("ask {}", asked.join(", "));
            Ok(record(
                probe.name(),
                BTreeMap::new(),
                command,
                out,
                verdict,
                reason,
            ))
        }
        ProbeSpec::Builtin { probe, args } => {
            let args: BTreeMap<String, String> = args
                .iter()
                .map(|(k, v)| (k.clone(), fill_in(v, answers, options.lang)))
                .collect();
            let script = match probe.script_with(&args, &options.probes) {
                Ok(script) => script,
                Err(why) => {
                    return Ok(not_run(
                        probe.name(),
                        args,
                        String::new(),
                        why,
                        options.lang,
                    ));
                }
            };
            let out = runner.run(&script, check.timeout).map_err(|e| {
                e.context(format!(
                    "could not run probe '{}' on {target}",
                    probe.name()
                ))
            })?;
            let (verdict, reason) = probe.verdict_in(&args, &out, options.lang);
            Ok(record(probe.name(), args, script, out, verdict, reason))
        }
        ProbeSpec::Command {
            command,
            argv,
            expect,
            reject,
        } => {
            let out = match argv {
                Some(argv) => runner.exec(argv, check.timeout),
                None => runner.run(command, check.timeout),
            }
            .map_err(|e| e.context(format!("could not run '{command}' on {target}")))?;
            // `expect = '^0$'` means the line "0": match line by line, without
            // the newline that ends the output.
            let text = out.stdout.strip_suffix('\n').unwrap_or(&out.stdout);
            let text = text.strip_suffix('\r').unwrap_or(text);
            let lang = options.lang;
            let say = |id: &str, name: &str, value: String| {
                i18n::tr_args(lang, id, &[(name, Value::from(value))])
            };
            let (verdict, reason) = if out.timed_out {
                (
                    Verdict::Fail,
                    say(
                        "probe-command-timed-out",
                        "secs",
                        check.timeout.as_secs().to_string(),
                    ),
                )
            } else if let Some(why) = cannot_run_in(&out, lang) {
                (Verdict::CannotCheck, why)
            } else if out.exit_status != Some(0) {
                let code = out
                    .exit_status
                    .map_or_else(|| i18n::tr(lang, "probe-command-signal"), |c| c.to_string());
                (Verdict::Fail, say("probe-command-exited", "code", code))
            } else if let Some(re) = expect.as_ref().filter(|re| !re.is_match(text)) {
                (
                    Verdict::Fail,
                    say("probe-command-no-match", "re", re.to_string()),
                )
            } else if let Some(m) = reject.as_ref().and_then(|re| re.find(text)) {
                (
                    Verdict::Fail,
                    say(
                        "probe-command-rejected",
                        "text",
                        m.as_str().trim().to_string(),
                    ),
                )
            } else {
                (Verdict::Ok, say("probe-command-exited", "code", "0".into()))
            };
            Ok(record(
                "command",
                BTreeMap::new(),
                command.clone(),
                out,
                verdict,
                reason,
            ))
        }
    }
}
