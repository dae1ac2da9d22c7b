//! Fault trees ("runbooks") that an engineer walks step by step: the model read
//! from TOML, its validator, the built-in trees, and the walker that produces a
//! walk record.
//!
//! The flow is one way: [`parse`] turns TOML text into a checked [`Runbook`]
//! (or a list of [`Defect`]s, each with file:line:column); [`Catalog`] holds the
//! built-in runbooks and the records repository's overrides; [`walk()`] drives
//! one runbook with an [`AnswerSource`] (interactive prompts or scripted
//! answers) and a [`ProbeRunner`] (local `sh -c`, or a transport to a target),
//! and returns a [`WalkRecord`] that the caller saves with [`record::save`].
//! Nothing else here prints or writes files, except the interactive prompts
//! on the terminal.
//!
//! The format is documented for users in `runbooks/README.md`.

mod answers;
mod catalog;
mod defect;
mod interactive;
mod model;
mod probe;
mod read;
mod readonly;
pub mod record;
mod render;
mod validate;
mod walk;

pub use answers::{AnswerMap, ScriptedAnswers, parse_answer_flag, read_answers_file};
pub use catalog::{BUILTIN, Catalog, Entry, Origin, runbook_files};
pub use defect::{Defect, Defects};
pub use interactive::{BACK_LABEL, ChainedAnswers, QUIT_LABEL, TerminalPrompts};
pub use model::{Check, Choice, Outcome, ProbeSpec, Prompt, Resolution, Runbook, Step, StepKind};
pub use probe::{
    DeviceProbe, DeviceReading, FindingLine, LocalRunner, Probe, ProbeOptions, ProbeOutput,
    ProbeRunner, TransportRunner, Verdict, cannot_run, exec_local, exec_script, run_local,
};
pub use read::{parse, parse_file};
pub use readonly::{check_read_only, parse_read_only};
pub use record::{ProbeRecord, StepRecord, WalkOutcome, WalkRecord, WalkStatus};
pub use render::{mermaid, to_json, tree};
pub use walk::{AnswerSource, Ask, Observer, Reply, WalkEvent, WalkOptions, Walked, walk};
