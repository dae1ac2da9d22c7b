//! Reading a runbook from TOML.
//!
//! TOML is read into "raw" structs that keep the span of every value
//! (`toml::Spanned`), so that each defect can name the file, line and column
//! the user has to fix. The raw structs are then turned into the model, kind by
//! kind, collecting every defect rather than stopping at the first; the graph
//! checks (reachability, cycles, outcomes) run last, from `validate.rs`.

use super::defect::{Defect, Defects, Locator};
use super::model::{
    Check, Choice, Outcome, PLACEHOLDER_RE, ProbeSpec, Prompt, Resolution, Runbook, Step, StepKind,
};
use super::probe::{DeviceProbe, Probe};
use super::readonly::parse_read_only;
use super::validate;
use regex::Regex;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;
use std::time::Duration;
use toml::Spanned;

/// Read a runbook file; a file that cannot be read is an error naming it, a
/// defective one gives its defects.
pub fn parse_file(path: &Path) -> anyhow::Result<Result<Runbook, Defects>> {
    use anyhow::Context;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("failed to read runbook at: {}", path.display()))?;
    Ok(parse(&text, &path.display().to_string()))
}

/// Read and validate a runbook from its TOML text; `file` names it in defects.
pub fn parse(text: &str, file: &str) -> Result<Runbook, Defects> {
    let loc = Locator::new(file, text);
    let raw: RawRunbook = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            let span = err.span().unwrap_or(0..0);
            let message = format!("invalid TOML: {}", err.message().trim());
            return Err(Defects(vec![loc.defect(&span, message)]));
        }
    };
    let mut defects = Vec::new();
    let runbook = build(raw, &loc, &mut defects);
    if defects.is_empty() {
        validate::graph(&runbook, &mut defects);
    }
    if defects.is_empty() {
        Ok(runbook)
    } else {
        defects.sort_by_key(|d| (d.line, d.column));
        Err(Defects(defects))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRunbook {
    id: Spanned<String>,
    title: Spanned<String>,
    title_zh: Option<Spanned<String>>,
    #[serde(default)]
    symptoms: Vec<String>,
    symptoms_zh: Option<Spanned<Vec<String>>>,
    first: Spanned<String>,
    #[serde(default)]
    step: Vec<Spanned<RawStep>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    id: Spanned<String>,
    kind: Spanned<String>,
    text: Spanned<String>,
    detail: Option<Spanned<String>>,
    text_zh: Option<Spanned<String>>,
    detail_zh: Option<Spanned<String>>,
    choices: Option<Spanned<Vec<RawChoice>>>,
    default: Option<Spanned<String>>,
    input: Option<Spanned<String>>,
    next: Option<Spanned<String>>,
    probe: Option<Spanned<String>>,
    args: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    command: Option<Spanned<String>>,
    expect: Option<Spanned<String>>,
    reject: Option<Spanned<String>>,
    privileged: Option<Spanned<bool>>,
    timeout: Option<Spanned<u64>>,
    ok: Option<Spanned<String>>,
    fail: Option<Spanned<String>>,
    unavailable: Option<Spanned<String>>,
    result: Option<Spanned<String>>,
    handover: Option<Spanned<Vec<Spanned<String>>>>,
    escalate_to: Option<Spanned<String>>,
    handover_zh: Option<Spanned<Vec<Spanned<String>>>>,
    escalate_to_zh: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    id: Spanned<String>,
    label: Option<String>,
    label_zh: Option<String>,
    next: Spanned<String>,
}

static ID_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-z0-9][a-z0-9_-]*$").unwrap());
static CHOICE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$").unwrap());
static KEY_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9_]*$").unwrap());

const DEFAULT_TIMEOUT_SECS: u64 = 10;
const MAX_TIMEOUT_SECS: u64 = 300;

fn build(raw: RawRunbook, loc: &Locator, defects: &mut Vec<Defect>) -> Runbook {
    if !ID_RE.is_match(raw.id.get_ref()) {
        defects.push(loc.defect(
            &raw.id.span(),
            format!(
                "runbook id '{}' must be lowercase letters, digits, '-' or '_'",
                raw.id.get_ref()
            ),
        ));
    }
    if raw.title.get_ref().trim().is_empty() {
        defects.push(loc.defect(&raw.title.span(), "title is empty"));
    }
    if let Some(zh) = &raw.symptoms_zh
        && zh.get_ref().len() != raw.symptoms.len()
    {
        defects.push(loc.defect(
            &zh.span(),
            format!(
                "symptoms_zh has {} items; it translates symptoms, which has {}",
                zh.get_ref().len(),
                raw.symptoms.len()
            ),
        ));
    }
    if raw.step.is_empty() {
        defects.push(loc.defect(&raw.id.span(), "runbook has no [[step]]"));
    }

    // Ids first, so that references can be checked while converting.
    let mut ids: HashMap<String, Range<usize>> = HashMap::new();
    for step in &raw.step {
        let id = &step.get_ref().id;
        if !ID_RE.is_match(id.get_ref()) {
            defects.push(loc.defect(
                &id.span(),
                format!(
                    "step id '{}' must be lowercase letters, digits, '-' or '_'",
                    id.get_ref()
                ),
            ));
        }
        match ids.get(id.get_ref()) {
            Some(first) => {
                let (line, _) = loc.line_col(first.start);
                defects.push(loc.defect(
                    &id.span(),
                    format!(
                        "duplicate step id '{}' (first defined on line {line})",
                        id.get_ref()
                    ),
                ));
            }
            None => {
                ids.insert(id.get_ref().clone(), id.span());
            }
        }
    }
    let keys: BTreeSet<String> = raw
        .step
        .iter()
        .filter_map(|s| s.get_ref().input.as_ref().map(|k| k.get_ref().clone()))
        .collect();

    let reference = |target: &Spanned<String>, defects: &mut Vec<Defect>| {
        if !ids.contains_key(target.get_ref()) {
            defects.push(loc.defect(
                &target.span(),
                format!("unknown next step '{}'", target.get_ref()),
            ));
        }
        target.get_ref().clone()
    };
    if !ids.contains_key(raw.first.get_ref()) {
        defects.push(loc.defect(
            &raw.first.span(),
            format!("first step '{}' is not defined", raw.first.get_ref()),
        ));
    }

    let mut steps = Vec::new();
    for spanned in raw.step {
        let s = spanned.into_inner();
        let id = s.id.get_ref().clone();
        let (line, _) = loc.line_col(s.id.span().start);
        let kind_name = s.kind.get_ref().as_str();

        let present: Vec<(&str, Option<Range<usize>>)> = vec![
            ("choices", s.choices.as_ref().map(|v| v.span())),
            ("default", s.default.as_ref().map(|v| v.span())),
            ("input", s.input.as_ref().map(|v| v.span())),
            ("next", s.next.as_ref().map(|v| v.span())),
            ("probe", s.probe.as_ref().map(|v| v.span())),
            ("args", s.args.as_ref().map(|v| v.span())),
            ("command", s.command.as_ref().map(|v| v.span())),
            ("expect", s.expect.as_ref().map(|v| v.span())),
            ("reject", s.reject.as_ref().map(|v| v.span())),
            ("privileged", s.privileged.as_ref().map(|v| v.span())),
            ("timeout", s.timeout.as_ref().map(|v| v.span())),
            ("ok", s.ok.as_ref().map(|v| v.span())),
            ("fail", s.fail.as_ref().map(|v| v.span())),
            ("unavailable", s.unavailable.as_ref().map(|v| v.span())),
            ("result", s.result.as_ref().map(|v| v.span())),
            ("handover", s.handover.as_ref().map(|v| v.span())),
            ("escalate_to", s.escalate_to.as_ref().map(|v| v.span())),
            ("handover_zh", s.handover_zh.as_ref().map(|v| v.span())),
            (
                "escalate_to_zh",
                s.escalate_to_zh.as_ref().map(|v| v.span()),
            ),
        ];
        let allowed: &[&str] = match kind_name {
            "question" | "instruct" => &["choices", "default", "input", "next"],
            "check" => &[
                "probe",
                "args",
                "command",
                "expect",
                "reject",
                "privileged",
                "timeout",
                "ok",
                "fail",
                "unavailable",
            ],
            "outcome" => &[
                "result",
                "handover",
                "escalate_to",
                "handover_zh",
                "escalate_to_zh",
            ],
            other => {
                defects.push(loc.defect(
                    &s.kind.span(),
                    format!(
                        "step '{id}' has unknown kind '{other}' (expected question, instruct, check or outcome)"
                    ),
                ));
                continue;
            }
        };
        for (field, span) in &present {
            if let Some(span) = span
                && !allowed.contains(field)
            {
                defects.push(loc.defect(
                    span,
                    format!("'{field}' does not apply to {kind_name} step '{id}'"),
                ));
            }
        }

        let text = s.text.get_ref().clone();
        if text.trim().is_empty() {
            defects.push(loc.defect(&s.text.span(), format!("step '{id}' has empty text")));
        }
        check_placeholders(&s.text, &keys, loc, defects);
        if let Some(d) = &s.detail {
            check_placeholders(d, &keys, loc, defects);
        }
        for zh in [&s.text_zh, &s.detail_zh].into_iter().flatten() {
            check_placeholders(zh, &keys, loc, defects);
        }
        if let (Some(zh), None) = (&s.detail_zh, &s.detail) {
            defects.push(loc.defect(
                &zh.span(),
                format!("step '{id}' has detail_zh but no detail for it to translate"),
            ));
        }

        let kind = match kind_name {
            "question" | "instruct" => {
                let prompt = build_prompt(&id, &s, loc, defects, &reference);
                if kind_name == "question" {
                    StepKind::Question(prompt)
                } else {
                    StepKind::Instruct(prompt)
                }
            }
            "check" => StepKind::Check(build_check(&id, &s, &keys, loc, defects, &reference)),
            _ => StepKind::Outcome(build_outcome(&id, &s, &keys, loc, defects)),
        };
        steps.push(Step {
            id,
            text,
            detail: s.detail.map(|d| d.into_inner()),
            text_zh: s.text_zh.map(|d| d.into_inner()),
            detail_zh: s.detail_zh.map(|d| d.into_inner()),
            kind,
            line,
        });
    }

    Runbook {
        id: raw.id.into_inner(),
        title: raw.title.into_inner(),
        title_zh: raw.title_zh.map(|t| t.into_inner()),
        symptoms: raw.symptoms,
        symptoms_zh: raw.symptoms_zh.map(|s| s.into_inner()),
        first: raw.first.into_inner(),
        steps,
        file: loc.file.to_string(),
    }
}

fn check_placeholders(
    value: &Spanned<String>,
    keys: &BTreeSet<String>,
    loc: &Locator,
    defects: &mut Vec<Defect>,
) {
    for cap in PLACEHOLDER_RE.captures_iter(value.get_ref()) {
        let key = &cap[1];
        if !keys.contains(key) {
            defects.push(loc.defect(
                &value.span(),
                format!("'{{{key}}}' refers to no answer: no question has input = \"{key}\""),
            ));
        }
    }
}

fn build_prompt(
    id: &str,
    s: &RawStep,
    loc: &Locator,
    defects: &mut Vec<Defect>,
    reference: &dyn Fn(&Spanned<String>, &mut Vec<Defect>) -> String,
) -> Prompt {
    match (&s.choices, &s.input) {
        (Some(choices), None) => {
            if let Some(next) = &s.next {
                defects.push(loc.defect(
                    &next.span(),
                    format!("step '{id}' has choices: each choice names its next step, not 'next'"),
                ));
            }
            let mut seen = BTreeSet::new();
            let mut out = Vec::new();
            if choices.get_ref().is_empty() {
                defects.push(loc.defect(&choices.span(), format!("step '{id}' has no choices")));
            }
            for c in choices.get_ref() {
                let cid = c.id.get_ref();
                if !CHOICE_RE.is_match(cid) {
                    defects.push(loc.defect(
                        &c.id.span(),
                        format!("choice id '{cid}' must be letters, digits, '.', '-' or '_'"),
                    ));
                }
                if !seen.insert(cid.to_lowercase()) {
                    defects.push(loc.defect(
                        &c.id.span(),
                        format!("duplicate choice '{cid}' in step '{id}'"),
                    ));
                }
                out.push(Choice {
                    id: cid.clone(),
                    label: c.label.clone().unwrap_or_else(|| cid.clone()),
                    label_zh: c.label_zh.clone(),
                    next: reference(&c.next, defects),
                });
            }
            let default = s.default.as_ref().map(|d| {
                if !out.iter().any(|c| c.id == *d.get_ref()) {
                    defects.push(loc.defect(
                        &d.span(),
                        format!(
                            "default '{}' is not one of the choices of step '{id}'",
                            d.get_ref()
                        ),
                    ));
                }
                d.get_ref().clone()
            });
            Prompt::Choices {
                choices: out,
                default,
            }
        }
        (None, Some(key)) => {
            if !KEY_RE.is_match(key.get_ref()) {
                defects.push(loc.defect(
                    &key.span(),
                    format!(
                        "input key '{}' must be lowercase letters, digits or '_', starting with a letter",
                        key.get_ref()
                    ),
                ));
            }
            let next = match &s.next {
                Some(next) => reference(next, defects),
                None => {
                    defects
                        .push(loc.defect(&s.id.span(), format!("input step '{id}' needs 'next'")));
                    String::new()
                }
            };
            Prompt::Input {
                key: key.get_ref().clone(),
                default: s.default.as_ref().map(|d| d.get_ref().clone()),
                next,
            }
        }
        (Some(choices), Some(_)) => {
            defects.push(loc.defect(
                &choices.span(),
                format!("step '{id}' has both 'choices' and 'input': give one"),
            ));
            Prompt::Choices {
                choices: Vec::new(),
                default: None,
            }
        }
        (None, None) => {
            defects.push(loc.defect(
                &s.id.span(),
                format!("step '{id}' needs 'choices' (pick one) or 'input' (free text)"),
            ));
            Prompt::Choices {
                choices: Vec::new(),
                default: None,
            }
        }
    }
}

fn build_check(
    id: &str,
    s: &RawStep,
    keys: &BTreeSet<String>,
    loc: &Locator,
    defects: &mut Vec<Defect>,
    reference: &dyn Fn(&Spanned<String>, &mut Vec<Defect>) -> String,
) -> Check {
    let device = s
        .probe
        .as_ref()
        .and_then(|name| DeviceProbe::from_name(name.get_ref()));
    let probe = match (&s.probe, &s.command) {
        (Some(_), None) if device.is_some() => {
            if let Some(a) = &s.args {
                defects.push(loc.defect(&a.span(), "device probes take no 'args'"));
            }
            ProbeSpec::Device {
                probe: device.expect("matched"),
            }
        }
        (Some(name), None) => match Probe::from_name(name.get_ref()) {
            Some(probe) => {
                let mut args = BTreeMap::new();
                let given = s.args.as_ref().map(|a| a.get_ref());
                for (name, value) in given.into_iter().flatten() {
                    match probe.param(name) {
                        None => defects.push(loc.defect(
                            &value.span(),
                            format!(
                                "probe '{}' takes no argument '{name}' (it takes: {})",
                                probe.name(),
                                probe.param_names()
                            ),
                        )),
                        Some(kind) => {
                            if PLACEHOLDER_RE.is_match(value.get_ref()) {
                                check_placeholders(value, keys, loc, defects);
                            } else if let Err(why) = kind.validate(value.get_ref()) {
                                defects.push(loc.defect(&value.span(), why));
                            }
                            args.insert(name.clone(), value.get_ref().clone());
                        }
                    }
                }
                for name in probe.required_params() {
                    if !args.contains_key(*name) {
                        defects.push(loc.defect(
                            &name_span(s),
                            format!("probe '{}' needs argument '{name}' in args", probe.name()),
                        ));
                    }
                }
                ProbeSpec::Builtin { probe, args }
            }
            None => {
                defects.push(loc.defect(
                    &name.span(),
                    format!(
                        "unknown probe '{}' (built-in probes: {})",
                        name.get_ref(),
                        Probe::ALL
                            .iter()
                            .map(|p| p.name())
                            .chain(DeviceProbe::ALL.iter().map(|p| p.name()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
                ProbeSpec::unusable()
            }
        },
        (None, Some(command)) => {
            let privileged = s.privileged.as_ref().is_some_and(|p| *p.get_ref());
            let argv = if privileged {
                if command.get_ref().trim().is_empty() {
                    defects.push(loc.defect(&command.span(), "the command is empty"));
                }
                None
            } else {
                match parse_read_only(command.get_ref()) {
                    Ok(argv) => Some(argv),
                    Err(why) => {
                        defects.push(loc.defect(
                            &command.span(),
                            format!(
                                "check '{id}' runs a command that is not read-only: {why} \
                                 (a step that needs it must say privileged = true)"
                            ),
                        ));
                        Some(Vec::new())
                    }
                }
            };
            let regex = |field: &Option<Spanned<String>>, defects: &mut Vec<Defect>| {
                field.as_ref().and_then(|r| {
                    match regex::RegexBuilder::new(r.get_ref())
                        .multi_line(true)
                        .build()
                    {
                        Ok(re) => Some(re),
                        Err(e) => {
                            defects.push(
                                loc.defect(&r.span(), format!("invalid regular expression: {e}")),
                            );
                            None
                        }
                    }
                })
            };
            ProbeSpec::Command {
                command: command.get_ref().clone(),
                argv,
                expect: regex(&s.expect, defects),
                reject: regex(&s.reject, defects),
            }
        }
        (Some(p), Some(_)) => {
            defects.push(loc.defect(
                &p.span(),
                format!("check '{id}' has both 'probe' and 'command': give one"),
            ));
            ProbeSpec::unusable()
        }
        (None, None) => {
            defects.push(loc.defect(
                &s.id.span(),
                format!("check '{id}' needs 'probe' (a built-in probe) or 'command'"),
            ));
            ProbeSpec::unusable()
        }
    };
    if let (ProbeSpec::Builtin { .. } | ProbeSpec::Device { .. }, Some(e)) =
        (&probe, s.expect.as_ref().or(s.reject.as_ref()))
    {
        defects.push(loc.defect(
            &e.span(),
            "'expect' and 'reject' apply to 'command' checks only; built-in probes have their own verdict",
        ));
    }
    if let (ProbeSpec::Builtin { .. } | ProbeSpec::Device { .. }, Some(p)) = (&probe, &s.privileged)
    {
        defects.push(loc.defect(
            &p.span(),
            "'privileged' applies to 'command' checks only; built-in probes are read-only",
        ));
    }
    if let (ProbeSpec::Command { .. }, Some(a)) = (&probe, &s.args) {
        defects.push(loc.defect(&a.span(), "'args' apply to built-in probes only"));
    }
    let timeout = match &s.timeout {
        Some(t) if *t.get_ref() == 0 || *t.get_ref() > MAX_TIMEOUT_SECS => {
            defects.push(loc.defect(
                &t.span(),
                format!("timeout must be 1 to {MAX_TIMEOUT_SECS} seconds"),
            ));
            DEFAULT_TIMEOUT_SECS
        }
        Some(t) => *t.get_ref(),
        None => match &probe {
            ProbeSpec::Builtin { probe, .. } => probe.default_timeout_secs(),
            ProbeSpec::Device { probe } => probe.default_timeout_secs(),
            ProbeSpec::Command { .. } => DEFAULT_TIMEOUT_SECS,
        },
    };
    let mut branch = |field: &Option<Spanned<String>>, name: &str| match field {
        Some(target) => reference(target, defects),
        None => {
            defects.push(loc.defect(
                &s.id.span(),
                format!("check '{id}' needs '{name}' (next step)"),
            ));
            String::new()
        }
    };
    let ok = branch(&s.ok, "ok");
    let fail = branch(&s.fail, "fail");
    let unavailable = s.unavailable.as_ref().map(|next| {
        if !matches!(probe, ProbeSpec::Device { .. }) {
            defects.push(loc.defect(
                &next.span(),
                "'unavailable' applies to device probes only (bmc-power, bmc-events, bmc-memory-events, ups-input)",
            ));
        }
        reference(next, defects)
    });
    Check {
        probe,
        ok,
        fail,
        unavailable,
        timeout: Duration::from_secs(timeout),
    }
}

fn name_span(s: &RawStep) -> Range<usize> {
    s.probe.as_ref().map_or_else(|| s.id.span(), |p| p.span())
}

fn build_outcome(
    id: &str,
    s: &RawStep,
    keys: &BTreeSet<String>,
    loc: &Locator,
    defects: &mut Vec<Defect>,
) -> Outcome {
    let result = match &s.result {
        Some(r) => match r.get_ref().as_str() {
            "resolved" => Resolution::Resolved,
            "escalate" => Resolution::Escalate,
            other => {
                defects.push(loc.defect(
                    &r.span(),
                    format!("result '{other}' of outcome '{id}' must be 'resolved' or 'escalate'"),
                ));
                Resolution::Escalate
            }
        },
        None => {
            defects.push(loc.defect(
                &s.id.span(),
                format!("outcome '{id}' needs result = \"resolved\" or \"escalate\""),
            ));
            Resolution::Escalate
        }
    };
    let mut handover = Vec::new();
    if let Some(items) = &s.handover {
        if result == Resolution::Resolved {
            defects.push(loc.defect(
                &items.span(),
                format!("'handover' applies to escalations; outcome '{id}' is resolved"),
            ));
        }
        for item in items.get_ref() {
            check_placeholders(item, keys, loc, defects);
            handover.push(item.get_ref().clone());
        }
    }
    let mut handover_zh = None;
    if let Some(items) = &s.handover_zh {
        let given = s.handover.as_ref().map_or(0, |h| h.get_ref().len());
        if items.get_ref().len() != given {
            defects.push(loc.defect(
                &items.span(),
                format!(
                    "handover_zh of outcome '{id}' has {} items; it translates handover, which has {given}",
                    items.get_ref().len()
                ),
            ));
        }
        for item in items.get_ref() {
            check_placeholders(item, keys, loc, defects);
        }
        handover_zh = Some(
            items
                .get_ref()
                .iter()
                .map(|i| i.get_ref().clone())
                .collect(),
        );
    }
    if let (Some(e), None) = (&s.escalate_to_zh, &s.escalate_to) {
        defects.push(loc.defect(
            &e.span(),
            format!("outcome '{id}' has escalate_to_zh but no escalate_to for it to translate"),
        ));
    }
    if let (Some(e), Resolution::Resolved) = (&s.escalate_to, result) {
        defects.push(loc.defect(
            &e.span(),
            format!("'escalate_to' applies to escalations; outcome '{id}' is resolved"),
        ));
    }
    Outcome {
        result,
        handover,
        escalate_to: s.escalate_to.as_ref().map(|e| e.get_ref().clone()),
        handover_zh,
        escalate_to_zh: s.escalate_to_zh.as_ref().map(|e| e.get_ref().clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "tiny"
title = "Tiny"
first = "q"

[[step]]
id = "q"
kind = "question"
text = "Is it on?"
choices = [
  { id = "yes", next = "done" },
  { id = "no", label = "No, it is off", next = "code" },
]
default = "yes"

[[step]]
id = "code"
kind = "question"
text = "Error code?"
input = "code"
next = "probe"

[[step]]
id = "probe"
kind = "check"
text = "Route"
probe = "default-route"
ok = "done"
fail = "vendor"

[[step]]
id = "done"
kind = "outcome"
text = "Fixed"
result = "resolved"

[[step]]
id = "vendor"
kind = "outcome"
text = "Call the vendor"
result = "escalate"
handover = ["code {code}"]
"#;

    #[test]
    fn reads_a_good_runbook() {
        let rb = parse(GOOD, "tiny.toml").unwrap();
        assert_eq!(rb.id, "tiny");
        assert_eq!(rb.steps.len(), 5);
        assert_eq!(rb.step("q").unwrap().line, 7);
        assert_eq!(rb.outcomes(), vec!["done", "vendor"]);
        match &rb.step("q").unwrap().kind {
            StepKind::Question(Prompt::Choices { choices, default }) => {
                assert_eq!(choices[1].label, "No, it is off");
                assert_eq!(choices[0].label, "yes");
                assert_eq!(default.as_deref(), Some("yes"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn malformed_toml_gives_line_and_column() {
        let err = parse("id = \"x\"\ntitle = \"t\nfirst = 1\n", "bad.toml").unwrap_err();
        assert_eq!(err.0.len(), 1);
        let d = &err.0[0];
        assert_eq!((d.file.as_str(), d.line), ("bad.toml", 2));
        assert!(d.message.starts_with("invalid TOML"), "{d}");
    }

    #[test]
    fn unknown_field_is_reported_where_it_is() {
        let text = GOOD.replace("next = \"probe\"", "nxt = \"probe\"");
        let err = parse(&text, "t.toml").unwrap_err();
        assert_eq!(err.0[0].line, 21, "{err}");
        assert!(err.0[0].message.contains("unknown field `nxt`"), "{err}");
    }

    #[test]
    fn field_of_another_kind_is_a_defect() {
        let text = GOOD.replace("result = \"resolved\"", "result = \"resolved\"\nok = \"q\"");
        let err = parse(&text, "t.toml").unwrap_err();
        assert!(
            err.to_string()
                .contains("'ok' does not apply to outcome step 'done'"),
            "{err}"
        );
    }

    #[test]
    fn placeholder_without_input_is_a_defect() {
        let text = GOOD.replace("code {code}", "serial {serial}");
        let err = parse(&text, "t.toml").unwrap_err();
        assert!(
            err.to_string().contains("'{serial}' refers to no answer"),
            "{err}"
        );
    }
}
