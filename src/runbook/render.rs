//! Runbooks for people: an indented tree for the terminal, and a Mermaid
//! flowchart for documents (Markdown renderers draw it), in one language
//! (the runbook's texts in it, English where a text has no translation).
//! The JSON holds every language's texts.

use super::model::{Check, ProbeSpec, Prompt, Resolution, Runbook, Step, StepKind};
use crate::i18n::{self, Lang};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

fn t(lang: Lang, id: &str) -> String {
    i18n::tr(lang, id)
}

fn a(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, i18n::Value)> = args
        .iter()
        .map(|(k, v)| (*k, i18n::Value::from(v.to_string())))
        .collect();
    i18n::tr_args(lang, id, &args)
}

/// The runbook as an indented tree from its first step, in `lang`. A step
/// reached a second time is shown as a reference ("see above") instead of again.
pub fn tree(rb: &Runbook, lang: Lang) -> String {
    let rb = &rb.in_lang(lang);
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", rb.id, rb.title);
    if !rb.symptoms.is_empty() {
        let symptoms = rb
            .symptoms
            .join(&t(lang, "runbook-tree-symptoms-separator"));
        let _ = writeln!(
            out,
            "{}",
            a(lang, "runbook-tree-symptoms", &[("symptoms", &symptoms)])
        );
    }
    let _ = writeln!(
        out,
        "{}",
        a(lang, "runbook-tree-source", &[("file", &rb.file)])
    );
    out.push('\n');
    let mut shown = HashSet::new();
    if let Some(first) = rb.step(&rb.first) {
        let _ = writeln!(out, "{}", node(first, lang));
        shown.insert(first.id.as_str());
        children(rb, first, "", &mut shown, &mut out, lang);
    }
    out
}

fn children<'a>(
    rb: &'a Runbook,
    step: &'a Step,
    prefix: &str,
    shown: &mut HashSet<&'a str>,
    out: &mut String,
    lang: Lang,
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
            let _ = writeln!(
                out,
                "{prefix}{branch} {label} → {} {}",
                next.id,
                t(lang, "runbook-tree-see-above")
            );
            continue;
        }
        shown.insert(next.id.as_str());
        let _ = writeln!(out, "{prefix}{branch} {label} → {}", node(next, lang));
        children(rb, next, &format!("{prefix}{indent}"), shown, out, lang);
    }
}

fn node(step: &Step, lang: Lang) -> String {
    let kind = |id: &str| format!("{} {} {}", step.id, t(lang, id), step.text);
    match &step.kind {
        StepKind::Question(_) => kind("runbook-tree-question"),
        StepKind::Instruct(_) => kind("runbook-tree-do"),
        StepKind::Check(check) => {
            format!(
                "{} ({})",
                kind("runbook-tree-check"),
                probe_label(check, lang)
            )
        }
        StepKind::Outcome(o) => match o.result {
            Resolution::Resolved => kind("runbook-tree-resolved"),
            Resolution::Escalate => {
                let vendor = t(lang, "runbook-vendor-engineer");
                let to = o.escalate_to.as_deref().unwrap_or(&vendor);
                let mut s = format!(
                    "{} {} {}",
                    step.id,
                    a(lang, "runbook-tree-escalate", &[("to", to)]),
                    step.text
                );
                if !o.handover.is_empty() {
                    let items = o.handover.join(&t(lang, "runbook-tree-symptoms-separator"));
                    s.push_str(&a(lang, "runbook-tree-handover", &[("items", &items)]));
                }
                s
            }
        },
    }
}

fn probe_label(check: &Check, lang: Lang) -> String {
    match &check.probe {
        ProbeSpec::Builtin { probe, args } if args.is_empty() => {
            a(lang, "runbook-probe", &[("name", probe.name())])
        }
        ProbeSpec::Device { probe } => a(lang, "runbook-probe-device", &[("name", probe.name())]),
        ProbeSpec::Builtin { probe, args } => {
            let args: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
            a(
                lang,
                "runbook-probe-args",
                &[("name", probe.name()), ("args", &args.join(" "))],
            )
        }
        ProbeSpec::Command {
            command,
            argv: None,
            ..
        } => a(lang, "runbook-probe-privileged", &[("command", command)]),
        ProbeSpec::Command { command, .. } => {
            a(lang, "runbook-probe-command", &[("command", command)])
        }
    }
}

/// The runbook as a Mermaid flowchart, in `lang`.
pub fn mermaid(rb: &Runbook, lang: Lang) -> String {
    let rb = &rb.in_lang(lang);
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
                escape(&probe_label(c, lang))
            ),
            StepKind::Outcome(o) if o.result == Resolution::Resolved => {
                format!("{name}([\"✔ {text}\"])")
            }
            StepKind::Outcome(_) => format!(
                "{name}{{{{\"⚠ {}: {text}\"}}}}",
                escape(&t(lang, "runbook-mermaid-escalate"))
            ),
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
            if let Some(zh) = &s.text_zh {
                v["text_zh"] = json!(zh);
            }
            if let Some(zh) = &s.detail_zh {
                v["detail_zh"] = json!(zh);
            }
            match &s.kind {
                StepKind::Question(p) | StepKind::Instruct(p) => match p {
                    Prompt::Choices { choices, default } => {
                        v["choices"] = choices
                            .iter()
                            .map(|c| {
                                let mut j = json!({ "id": c.id, "label": c.label, "next": c.next });
                                if let Some(zh) = &c.label_zh {
                                    j["label_zh"] = json!(zh);
                                }
                                j
                            })
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
                    if let Some(zh) = &o.handover_zh {
                        v["handover_zh"] = json!(zh);
                    }
                    if let Some(zh) = &o.escalate_to_zh {
                        v["escalate_to_zh"] = json!(zh);
                    }
                }
            }
            v
        })
        .collect();
    let mut out = json!({
        "id": rb.id,
        "title": rb.title,
        "symptoms": rb.symptoms,
        "first": rb.first,
        "file": rb.file,
        "steps": steps,
    });
    if let Some(zh) = &rb.title_zh {
        out["title_zh"] = json!(zh);
    }
    if let Some(zh) = &rb.symptoms_zh {
        out["symptoms_zh"] = json!(zh);
    }
    out
}
