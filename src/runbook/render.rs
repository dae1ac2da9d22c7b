//! Runbooks for people: an indented tree for the terminal, and a Mermaid
//! flowchart for documents (Markdown renderers draw it).

use super::model::{Check, ProbeSpec, Prompt, Resolution, Runbook, Step, StepKind};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

/// The runbook as an indented tree from its first step. A step reached a
/// second time is shown as a reference ("see above") instead of again.
pub fn tree(rb: &Runbook) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", rb.id, rb.title);
    if !rb.symptoms.is_empty() {
        let _ = writeln!(out, "symptoms: {}", rb.symptoms.join("; "));
    }
    let _ = writeln!(out, "source: {}", rb.file);
    out.push('\n');
    let mut shown = HashSet::new();
    if let Some(first) = rb.step(&rb.first) {
        let _ = writeln!(out, "{}", node(first));
        shown.insert(first.id.as_str());
        children(rb, first, "", &mut shown, &mut out);
    }
    out
}

fn children<'a>(
    rb: &'a Runbook,
    step: &'a Step,
    prefix: &str,
    shown: &mut HashSet<&'a str>,
    out: &mut String,
) {
    let edges = step.edges();
    for (i, (label, target)) in edges.iter().enumerate() {
        let last = i + 1 == edges.len();
        let (branch, indent) = if last {
            ("└─", "   ")
        } else {
            ("├─", "│  ")
        };
        let Some(next) = rb.step(target) else {
            continue;
        };
        if shown.contains(next.id.as_str()) {
            let _ = writeln!(out, "{prefix}{branch} {label} → {} (see above)", next.id);
            continue;
        }
        shown.insert(next.id.as_str());
        let _ = writeln!(out, "{prefix}{branch} {label} → {}", node(next));
        children(rb, next, &format!("{prefix}{indent}"), shown, out);
    }
}

fn node(step: &Step) -> String {
    match &step.kind {
        StepKind::Question(_) => format!("{} [question] {}", step.id, step.text),
        StepKind::Instruct(_) => format!("{} [do] {}", step.id, step.text),
        StepKind::Check(check) => {
            format!("{} [check] {} ({})", step.id, step.text, probe_label(check))
        }
        StepKind::Outcome(o) => match o.result {
            Resolution::Resolved => format!("{} [resolved] {}", step.id, step.text),
            Resolution::Escalate => {
                let mut s = format!(
                    "{} [escalate to {}] {}",
                    step.id,
                    o.escalate_to.as_deref().unwrap_or("vendor engineer"),
                    step.text
                );
                if !o.handover.is_empty() {
                    let _ = write!(s, " — hand over: {}", o.handover.join("; "));
                }
                s
            }
        },
    }
}

fn probe_label(check: &Check) -> String {
    match &check.probe {
        ProbeSpec::Builtin { probe, args } if args.is_empty() => format!("probe {}", probe.name()),
        ProbeSpec::Device { probe } => format!("device probe {}", probe.name()),
        ProbeSpec::Builtin { probe, args } => {
            let args: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("probe {} {}", probe.name(), args.join(" "))
        }
        ProbeSpec::Command {
            command,
            argv: None,
            ..
        } => format!("privileged command: {command}"),
        ProbeSpec::Command { command, .. } => format!("command: {command}"),
    }
}

/// The runbook as a Mermaid flowchart.
pub fn mermaid(rb: &Runbook) -> String {
    let mut names: BTreeMap<&str, String> = BTreeMap::new();
    let mut used = HashSet::new();
    for (i, s) in rb.steps.iter().enumerate() {
        let mut name: String =
            s.id.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
        name.insert_str(0, "s_");
        if !used.insert(name.clone()) {
            name = format!("{name}_{i}");
            used.insert(name.clone());
        }
        names.insert(s.id.as_str(), name);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\ntitle: \"{}\"\n---",
        escape(&format!("{}: {}", rb.id, rb.title))
    );
    out.push_str("flowchart TD\n");
    for s in &rb.steps {
        let text = escape(&short(&s.text));
        let name = &names[s.id.as_str()];
        let shape = match &s.kind {
            StepKind::Question(_) => format!("{name}{{\"{text}\"}}"),
            StepKind::Instruct(_) => format!("{name}[\"{text}\"]"),
            StepKind::Check(c) => format!(
                "{name}[[\"{text}<br/><i>{}</i>\"]]",
                escape(&probe_label(c))
            ),
            StepKind::Outcome(o) if o.result == Resolution::Resolved => {
                format!("{name}([\"✔ {text}\"])")
            }
            StepKind::Outcome(_) => format!("{name}{{{{\"⚠ escalate: {text}\"}}}}"),
        };
        let _ = writeln!(out, "    {shape}");
    }
    for s in &rb.steps {
        for (label, target) in s.edges() {
            if let Some(to) = names.get(target) {
                let _ = writeln!(
                    out,
                    "    {} -->|\"{}\"| {to}",
                    names[s.id.as_str()],
                    escape(&label)
                );
            }
        }
    }
    out.push_str("    classDef resolved fill:#d8f3dc,stroke:#2d6a4f\n");
    out.push_str("    classDef escalate fill:#ffe5d9,stroke:#9d0208\n");
    out.push_str("    classDef check fill:#e7ecff,stroke:#3a0ca3\n");
    for (class, pick) in [
        (
            "resolved",
            &(|s: &Step| matches!(&s.kind, StepKind::Outcome(o) if o.result == Resolution::Resolved))
                as &dyn Fn(&Step) -> bool,
        ),
        (
            "escalate",
            &|s: &Step| matches!(&s.kind, StepKind::Outcome(o) if o.result == Resolution::Escalate),
        ),
        ("check", &|s: &Step| matches!(s.kind, StepKind::Check(_))),
    ] {
        let members: Vec<&str> = rb
            .steps
            .iter()
            .filter(|s| pick(s))
            .map(|s| names[s.id.as_str()].as_str())
            .collect();
        if !members.is_empty() {
            let _ = writeln!(out, "    class {} {class}", members.join(","));
        }
    }
    out
}

fn short(text: &str) -> String {
    const MAX: usize = 90;
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > MAX {
        let cut: String = one_line.chars().take(MAX - 1).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "#amp;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('{', "#123;")
        .replace('}', "#125;")
}

/// The runbook as JSON (`ops runbook show --format json`): the same fields as
/// the TOML, with each step's branches spelt out.
pub fn to_json(rb: &Runbook) -> Value {
    let steps: Vec<Value> = rb
        .steps
        .iter()
        .map(|s| {
            let mut v =
                json!({ "id": s.id, "kind": s.kind_name(), "text": s.text, "line": s.line });
            if let Some(d) = &s.detail {
                v["detail"] = json!(d);
            }
            match &s.kind {
                StepKind::Question(p) | StepKind::Instruct(p) => match p {
                    Prompt::Choices { choices, default } => {
                        v["choices"] = choices
                            .iter()
                            .map(|c| json!({ "id": c.id, "label": c.label, "next": c.next }))
                            .collect();
                        if let Some(d) = default {
                            v["default"] = json!(d);
                        }
                    }
                    Prompt::Input { key, default, next } => {
                        v["input"] = json!(key);
                        v["next"] = json!(next);
                        if let Some(d) = default {
                            v["default"] = json!(d);
                        }
                    }
                },
                StepKind::Check(c) => {
                    match &c.probe {
                        ProbeSpec::Builtin { probe, args } => {
                            v["probe"] = json!(probe.name());
                            v["args"] = json!(args);
                        }
                        ProbeSpec::Device { probe } => {
                            v["probe"] = json!(probe.name());
                        }
                        ProbeSpec::Command {
                            command,
                            argv,
                            expect,
                            reject,
                        } => {
                            v["command"] = json!(command);
                            v["privileged"] = json!(argv.is_none());
                            v["expect"] = json!(expect.as_ref().map(|r| r.as_str()));
                            v["reject"] = json!(reject.as_ref().map(|r| r.as_str()));
                        }
                    }
                    v["timeout_secs"] = json!(c.timeout.as_secs());
                    v["ok"] = json!(c.ok);
                    v["fail"] = json!(c.fail);
                    if let Some(next) = &c.unavailable {
                        v["unavailable"] = json!(next);
                    }
                }
                StepKind::Outcome(o) => {
                    v["result"] = json!(o.result.as_str());
                    v["handover"] = json!(o.handover);
                    v["escalate_to"] = json!(o.escalate_to);
                }
            }
            v
        })
        .collect();
    json!({
        "id": rb.id,
        "title": rb.title,
        "symptoms": rb.symptoms,
        "first": rb.first,
        "file": rb.file,
        "steps": steps,
    })
}
