//! The walker: from the first step to an outcome, asking the answer source at
//! questions and instructions and running checks with the probe runner.
//!
//! The walker never prints; an [`Observer`] hears about each step as it
//! happens (the command shows check results on the terminal with it). It
//! always returns a record, even when the walk stops early (quit, a missing
//! scripted answer, a target that cannot be reached), so that what was done is
//! kept; the error, if any, comes with it.

use super::model::{Check, ProbeSpec, Prompt, Runbook, Step, StepKind, fill};
use super::probe::{ProbeOutput, ProbeRunner, Verdict};
use super::record::{ProbeRecord, SCHEMA, StepRecord, WalkOutcome, WalkRecord, WalkStatus};
use crate::bad_input;
use anyhow::Result;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::time::Instant;

/// What the answer source is asked.
pub struct Ask<'a> {
    pub runbook: &'a Runbook,
    pub step: &'a Step,
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
}

impl Default for WalkOptions<'_> {
    fn default() -> Self {
        WalkOptions {
            ticket: None,
            clock: &Utc::now,
            max_steps: 500,
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
    let mut record = WalkRecord {
        schema: SCHEMA,
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
    let mut current = rb.first.clone();
    for _ in 0..options.max_steps {
        record.outcome.step = Some(current.clone());
        let step = rb
            .step(&current)
            .ok_or_else(|| bad_input!("runbook {} has no step '{current}'", rb.file))?;
        let text = fill(&step.text, &record.answers);
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
                                .unwrap_or_else(|| "vendor engineer".to_string()),
                        ),
                        super::Resolution::Resolved => None,
                    },
                    handover: outcome
                        .handover
                        .iter()
                        .map(|h| fill(h, &record.answers))
                        .collect(),
                    reason: None,
                };
                return Ok(());
            }
            StepKind::Check(check) => {
                observer.event(&WalkEvent::Checking { step, text: &text });
                let probe = run_check(check, &record.answers, runner)?;
                let next = match probe.verdict {
                    Verdict::Ok => &check.ok,
                    Verdict::Fail => &check.fail,
                };
                observer.event(&WalkEvent::Checked {
                    step,
                    probe: &probe,
                });
                entry.probe = Some(probe);
                entry.next = Some(next.clone());
                entry.duration_ms = t0.elapsed().as_millis() as u64;
                record.steps.push(entry);
                current = next.clone();
            }
            StepKind::Question(prompt) | StepKind::Instruct(prompt) => {
                let last_answered = record
                    .steps
                    .iter()
                    .rposition(|s| !s.undone && (s.kind == "question" || s.kind == "instruct"));
                let ask = Ask {
                    runbook: rb,
                    step,
                    text,
                    detail: step.detail.as_ref().map(|d| fill(d, &record.answers)),
                    can_go_back: last_answered.is_some(),
                    answers: &record.answers,
                };
                match source.ask(&ask)? {
                    Reply::Quit => {
                        record.outcome.reason = Some(format!("quit at step '{}'", step.id));
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
                            Prompt::Choices { choices, .. } => {
                                let choice = choices
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
                                    })?;
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
) -> Result<ProbeRecord> {
    let not_run = |name: &str, args: BTreeMap<String, String>, why: String| ProbeRecord {
        name: name.to_string(),
        args,
        command: String::new(),
        exit_status: None,
        stdout: String::new(),
        stderr: String::new(),
        timed_out: false,
        verdict: Verdict::Fail,
        reason: format!("not run: {why}"),
    };
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
        ProbeSpec::Builtin { probe, args } => {
            let args: BTreeMap<String, String> = args
                .iter()
                .map(|(k, v)| (k.clone(), fill(v, answers)))
                .collect();
            let script = match probe.script(&args) {
                Ok(script) => script,
                Err(why) => return Ok(not_run(probe.name(), args, why)),
            };
            let out = runner.run(&script, check.timeout).map_err(|e| {
                e.context(format!(
                    "could not run probe '{}' on {target}",
                    probe.name()
                ))
            })?;
            let (verdict, reason) = probe.verdict(&args, &out);
            Ok(record(probe.name(), args, script, out, verdict, reason))
        }
        ProbeSpec::Command {
            command,
            expect,
            reject,
        } => {
            let out = runner
                .run(command, check.timeout)
                .map_err(|e| e.context(format!("could not run '{command}' on {target}")))?;
            let (verdict, reason) = if out.timed_out {
                (
                    Verdict::Fail,
                    format!("did not finish within {} s", check.timeout.as_secs()),
                )
            } else if out.exit_status != Some(0) {
                let code = out
                    .exit_status
                    .map_or("a signal".to_string(), |c| c.to_string());
                (Verdict::Fail, format!("exited with {code}"))
            } else if expect.as_ref().is_some_and(|re| !re.is_match(&out.stdout)) {
                (
                    Verdict::Fail,
                    format!("output does not match /{}/", expect.as_ref().unwrap()),
                )
            } else if let Some(m) = reject.as_ref().and_then(|re| re.find(&out.stdout)) {
                (
                    Verdict::Fail,
                    format!("output contains '{}'", m.as_str().trim()),
                )
            } else {
                (Verdict::Ok, "exited with 0".to_string())
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
