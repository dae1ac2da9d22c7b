//! The runbook model: a fault tree of steps (questions, instructions, checks,
//! outcomes) and the edges between them, and the `{key}` placeholders that
//! later steps fill from earlier answers ([`fill`]).
//!
//! Every text a person reads (title, symptoms, a step's text and detail, a
//! choice's label, a handover, who to escalate to) has an optional Chinese
//! variant (`text_zh`, …); [`Runbook::in_lang`] gives the runbook in one
//! language, falling back to English where a variant is missing, and
//! [`Runbook::untranslated`] names what is missing.
//!
//! A `Runbook` is only ever built by the TOML reader (`read.rs`), which
//! reports what is wrong as defects (`defect.rs`); the graph checks
//! (reachability, cycles, outcomes) live in `validate.rs`.

use super::probe::{DeviceProbe, Probe};
use crate::i18n::Lang;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;
use std::time::Duration;

/// One fault tree.
#[derive(Debug, Clone)]
pub struct Runbook {
    pub id: String,
    pub title: String,
    /// The title in Chinese (`title_zh`).
    pub title_zh: Option<String>,
    pub symptoms: Vec<String>,
    /// The symptoms in Chinese (`symptoms_zh`), one for each of `symptoms`.
    pub symptoms_zh: Option<Vec<String>>,
    /// Id of the step the walk starts at.
    pub first: String,
    pub steps: Vec<Step>,
    /// Where it was read from, as shown in messages (`runbooks/no-power.toml`).
    pub file: String,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub id: String,
    /// The question, the instruction, what the check looks at, or the outcome.
    pub text: String,
    /// Longer explanation shown under the text (field-manual notes).
    pub detail: Option<String>,
    /// The text in Chinese (`text_zh`).
    pub text_zh: Option<String>,
    /// The detail in Chinese (`detail_zh`).
    pub detail_zh: Option<String>,
    pub kind: StepKind,
    /// Line of the step's `id` in its file.
    pub line: usize,
}

#[derive(Debug, Clone)]
pub enum StepKind {
    /// Something the engineer is asked.
    Question(Prompt),
    /// Something the engineer does; the result they report chooses the next step.
    Instruct(Prompt),
    /// A read-only probe the tool runs itself.
    Check(Check),
    /// A leaf: resolved, or escalate with what to hand over.
    Outcome(Outcome),
}

#[derive(Debug, Clone)]
pub enum Prompt {
    /// Pick one of these.
    Choices {
        choices: Vec<Choice>,
        /// Choice id offered as the default answer.
        default: Option<String>,
    },
    /// Free text stored under `key`, usable as `{key}` in later steps.
    Input {
        key: String,
        default: Option<String>,
        next: String,
    },
}

#[derive(Debug, Clone)]
pub struct Choice {
    /// What `--answer STEP=CHOICE` names.
    pub id: String,
    /// What the engineer sees.
    pub label: String,
    /// The label in Chinese (`label_zh`).
    pub label_zh: Option<String>,
    pub next: String,
}

#[derive(Debug, Clone)]
pub struct Check {
    pub probe: ProbeSpec,
    pub ok: String,
    pub fail: String,
    /// Where a device probe goes when no device is linked to the target
    /// (instead of asking the engineer to check by hand).
    pub unavailable: Option<String>,
    pub timeout: Duration,
}

#[derive(Debug, Clone)]
pub enum ProbeSpec {
    /// A built-in probe; argument values may hold `{key}` placeholders that are
    /// filled from earlier answers and validated before the probe runs.
    Builtin {
        probe: Probe,
        args: BTreeMap<String, String>,
    },
    /// A command of the runbook's own: ok when it exits 0, its output
    /// matches `expect` (when given) and does not match `reject` (when given).
    /// Both match line by line (`^` and `$` at each line) on the output
    /// without its final newline.
    /// What the target's BMC or UPS says (`ops inspect hw`), asked by the
    /// walk's caller: the target itself may be dead.
    Device { probe: DeviceProbe },
    Command {
        command: String,
        /// The words the validator proved read-only, run without a shell;
        /// `None` on a `privileged = true` step, whose command runs with
        /// `sh -c` and only after the engineer confirms it on a terminal.
        argv: Option<Vec<String>>,
        expect: Option<Regex>,
        reject: Option<Regex>,
    },
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub result: Resolution,
    /// What to hand over when escalating; may hold `{key}` placeholders.
    pub handover: Vec<String>,
    /// Who to escalate to; "vendor engineer" unless said otherwise.
    pub escalate_to: Option<String>,
    /// The handover in Chinese (`handover_zh`), item for item.
    pub handover_zh: Option<Vec<String>>,
    /// Who to escalate to, in Chinese (`escalate_to_zh`).
    pub escalate_to_zh: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Resolution {
    Resolved,
    Escalate,
}

impl ProbeSpec {
    /// A command check that is not proved read-only and needs confirmation.
    pub fn privileged(&self) -> bool {
        matches!(self, ProbeSpec::Command { argv: None, .. })
    }

    pub(super) fn unusable() -> ProbeSpec {
        ProbeSpec::Command {
            command: String::new(),
            argv: Some(Vec::new()),
            expect: None,
            reject: None,
        }
    }
}

impl Runbook {
    /// The runbook as a person reads it in `lang`: each text in that
    /// language, or in English where it has no translation. Ids, probes and
    /// branches are the same.
    pub fn in_lang(&self, lang: Lang) -> Runbook {
        let mut rb = self.clone();
        if lang == Lang::En {
            return rb;
        }
        /// The translation, when there is one.
        fn pick(en: &mut String, zh: Option<&String>) {
            if let Some(zh) = zh.filter(|z| !z.trim().is_empty()) {
                en.clone_from(zh);
            }
        }
        pick(&mut rb.title, self.title_zh.as_ref());
        if let Some(zh) = self
            .symptoms_zh
            .as_ref()
            .filter(|z| z.len() == rb.symptoms.len())
        {
            rb.symptoms = zh.clone();
        }
        for step in &mut rb.steps {
            pick(&mut step.text, step.text_zh.as_ref());
            if let Some(detail) = &mut step.detail {
                pick(detail, step.detail_zh.as_ref());
            }
            match &mut step.kind {
                StepKind::Question(Prompt::Choices { choices, .. })
                | StepKind::Instruct(Prompt::Choices { choices, .. }) => {
                    for c in choices {
                        pick(&mut c.label, c.label_zh.as_ref());
                    }
                }
                StepKind::Outcome(o) => {
                    if let Some(zh) = o
                        .handover_zh
                        .as_ref()
                        .filter(|z| z.len() == o.handover.len())
                    {
                        o.handover = zh.clone();
                    }
                    if let Some(to) = &mut o.escalate_to {
                        pick(to, o.escalate_to_zh.as_ref());
                    }
                }
                _ => {}
            }
        }
        rb
    }

    /// What has no Chinese translation, each as `step 'id': text_zh`
    /// (the field to add); empty when the runbook is whole in Chinese.
    pub fn untranslated(&self) -> Vec<String> {
        let mut out = Vec::new();
        let missing = |zh: &Option<String>| zh.as_ref().is_none_or(|z| z.trim().is_empty());
        if missing(&self.title_zh) {
            out.push("title_zh".to_string());
        }
        if !self.symptoms.is_empty()
            && self
                .symptoms_zh
                .as_ref()
                .is_none_or(|z| z.len() != self.symptoms.len())
        {
            out.push("symptoms_zh".to_string());
        }
        for s in &self.steps {
            let mut field = |name: &str| out.push(format!("step '{}': {name}", s.id));
            if missing(&s.text_zh) {
                field("text_zh");
            }
            if s.detail.is_some() && missing(&s.detail_zh) {
                field("detail_zh");
            }
            match &s.kind {
                StepKind::Question(Prompt::Choices { choices, .. })
                | StepKind::Instruct(Prompt::Choices { choices, .. }) => {
                    for c in choices {
                        if missing(&c.label_zh) {
                            field(&format!("label_zh of choice '{}'", c.id));
                        }
                    }
                }
                StepKind::Outcome(o) => {
                    if !o.handover.is_empty()
                        && o.handover_zh
                            .as_ref()
                            .is_none_or(|z| z.len() != o.handover.len())
                    {
                        field("handover_zh");
                    }
                    if o.escalate_to.is_some() && missing(&o.escalate_to_zh) {
                        field("escalate_to_zh");
                    }
                }
                _ => {}
            }
        }
        out
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// Ids of all outcome steps, in file order.
    pub fn outcomes(&self) -> Vec<&str> {
        self.steps
            .iter()
            .filter(|s| matches!(s.kind, StepKind::Outcome(_)))
            .map(|s| s.id.as_str())
            .collect()
    }

    /// Keys that input questions store answers under.
    pub fn input_keys(&self) -> BTreeSet<&str> {
        self.steps
            .iter()
            .filter_map(|s| match &s.kind {
                StepKind::Question(Prompt::Input { key, .. })
                | StepKind::Instruct(Prompt::Input { key, .. }) => Some(key.as_str()),
                _ => None,
            })
            .collect()
    }
}

impl Step {
    /// Next steps with the label of the edge leading there, in order.
    pub fn edges(&self) -> Vec<(String, &str)> {
        match &self.kind {
            StepKind::Question(p) | StepKind::Instruct(p) => match p {
                Prompt::Choices { choices, .. } => choices
                    .iter()
                    .map(|c| (c.id.clone(), c.next.as_str()))
                    .collect(),
                Prompt::Input { key, next, .. } => vec![(format!("{{{key}}}"), next.as_str())],
            },
            StepKind::Check(c) => {
                let mut edges = vec![
                    ("ok".into(), c.ok.as_str()),
                    ("fail".into(), c.fail.as_str()),
                ];
                if let Some(next) = &c.unavailable {
                    edges.push(("unavailable".into(), next.as_str()));
                }
                edges
            }
            StepKind::Outcome(_) => Vec::new(),
        }
    }

    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            StepKind::Question(_) => "question",
            StepKind::Instruct(_) => "instruct",
            StepKind::Check(_) => "check",
            StepKind::Outcome(_) => "outcome",
        }
    }
}

impl Resolution {
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Resolved => "resolved",
            Resolution::Escalate => "escalate",
        }
    }
}

/// `{key}` in texts, handovers and probe arguments.
pub(crate) static PLACEHOLDER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{([a-z][a-z0-9_]*)\}").unwrap());

/// Fill `{key}` placeholders from answers; unknown keys become "(not entered)".
#[cfg(test)]
pub(crate) fn fill(template: &str, answers: &BTreeMap<String, String>) -> String {
    fill_in(template, answers, Lang::En)
}

/// [`fill`], saying "(not entered)" in `lang`.
pub(crate) fn fill_in(template: &str, answers: &BTreeMap<String, String>, lang: Lang) -> String {
    PLACEHOLDER_RE
        .replace_all(template, |cap: &regex::Captures| {
            answers
                .get(&cap[1])
                .cloned()
                .unwrap_or_else(|| crate::i18n::tr(lang, "runbook-not-entered"))
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_and_marks_missing() {
        let mut a = BTreeMap::new();
        a.insert("code".to_string(), "E1".to_string());
        assert_eq!(
            fill("LCD {code}, serial {serial}", &a),
            "LCD E1, serial (not entered)"
        );
    }
}
