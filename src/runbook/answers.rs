//! Answers given beforehand: `--answer STEP=CHOICE` (repeatable) and
//! `--answers FILE`, for walks without a terminal (scripts, tests, a second
//! engineer replaying a walk).
//!
//! The file is TOML, one key per step: `outlet = "yes"`, or a list when the
//! walk passes the same step more than once (`retry = ["again", "done"]`: the
//! answers are used in order and the last one is kept).

use super::model::{Prompt, Runbook, StepKind};
use super::walk::{AnswerSource, Ask, Reply};
use crate::{bad_input, usage_error};
use anyhow::{Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Answers by step id, in the order they are to be used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerMap(pub BTreeMap<String, Vec<String>>);

impl AnswerMap {
    pub fn push(&mut self, step: String, answer: String) {
        self.0.entry(step).or_default().push(answer);
    }

    /// Add `other`'s answers after this one's (flags after the file).
    pub fn extend(&mut self, other: AnswerMap) {
        for (step, answers) in other.0 {
            self.0.entry(step).or_default().extend(answers);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every answer names a step of `runbook` that takes one, and every
    /// choice is one of that step's: a typo is caught before anything runs.
    pub fn check_against(&self, runbook: &Runbook) -> Result<()> {
        for (id, answers) in &self.0 {
            let Some(step) = runbook.step(id) else {
                return Err(bad_input!(
                    "an answer is given for step '{id}', which runbook {} does not have",
                    runbook.id
                ));
            };
            match &step.kind {
                StepKind::Question(Prompt::Choices { choices, .. })
                | StepKind::Instruct(Prompt::Choices { choices, .. }) => {
                    for a in answers {
                        let known = choices.iter().any(|c| {
                            c.id.eq_ignore_ascii_case(a.trim())
                                || c.label.eq_ignore_ascii_case(a.trim())
                        });
                        if !known {
                            return Err(bad_input!(
                                "answer '{a}' for step '{id}' is not one of: {}",
                                choices
                                    .iter()
                                    .map(|c| c.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ));
                        }
                    }
                }
                StepKind::Question(Prompt::Input { .. })
                | StepKind::Instruct(Prompt::Input { .. }) => {}
                // Used only when the check cannot run: the result checked by hand.
                StepKind::Check(_) => {
                    if let Some(a) = answers.iter().find(|a| {
                        !a.trim().eq_ignore_ascii_case("ok")
                            && !a.trim().eq_ignore_ascii_case("fail")
                    }) {
                        return Err(bad_input!(
                            "answer '{a}' for check '{id}' is not one of: ok, fail (an answer for a check is used when it cannot run)"
                        ));
                    }
                }
                StepKind::Outcome(_) => {
                    return Err(bad_input!(
                        "step '{id}' takes no answer (it is an outcome step)"
                    ));
                }
            }
        }
        Ok(())
    }
}

/// `STEP=CHOICE` from the command line.
pub fn parse_answer_flag(flag: &str) -> Result<(String, String)> {
    match flag.split_once('=') {
        Some((step, answer)) if !step.trim().is_empty() => {
            Ok((step.trim().to_string(), answer.to_string()))
        }
        _ => Err(usage_error!(
            "--answer expects STEP=CHOICE (e.g. --answer outlet=yes), got '{flag}'"
        )),
    }
}

/// Read an answers file (TOML: `step = "choice"` or `step = ["first", "then"]`).
pub fn read_answers_file(path: &Path) -> Result<AnswerMap> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("failed to read answers file at: {}", path.display()))?;
    parse_answers(&text, &path.display().to_string())
}

pub(crate) fn parse_answers(text: &str, file: &str) -> Result<AnswerMap> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    let loc = super::defect::Locator::new(file, text);
    let table: BTreeMap<String, toml::Spanned<OneOrMany>> = toml::from_str(text).map_err(|e| {
        let d = loc.defect(&e.span().unwrap_or(0..0), e.message().trim().to_string());
        bad_input!("{d}\nhint: an answers file holds lines like: outlet = \"yes\"")
    })?;
    let mut map = AnswerMap::default();
    for (step, value) in table {
        let answers = match value.into_inner() {
            OneOrMany::One(a) => vec![a],
            OneOrMany::Many(v) => v,
        };
        map.0.insert(step, answers);
    }
    Ok(map)
}

/// Answers given beforehand, handed out in order; a step without one is an
/// error that names it and the flag to pass.
#[derive(Debug, Default)]
pub struct ScriptedAnswers {
    answers: AnswerMap,
    used: HashMap<String, usize>,
    /// Keep giving the last answer once a step's list is used up.
    sticky: bool,
}

impl ScriptedAnswers {
    pub fn new(answers: AnswerMap) -> Self {
        ScriptedAnswers {
            answers,
            used: HashMap::new(),
            sticky: true,
        }
    }

    /// Each answer is given once; then the step counts as unanswered (used
    /// before a terminal, so that going back lets the engineer answer anew).
    pub fn once(answers: AnswerMap) -> Self {
        ScriptedAnswers {
            answers,
            used: HashMap::new(),
            sticky: false,
        }
    }

    /// The next answer for `step`, if one was given.
    pub fn next_for(&mut self, step: &str) -> Option<String> {
        let list = self.answers.0.get(step)?;
        let used = self.used.entry(step.to_string()).or_insert(0);
        let answer = match list.get(*used) {
            Some(a) => a.clone(),
            None if self.sticky => list.last()?.clone(),
            None => return None,
        };
        *used += 1;
        Some(answer)
    }
}

impl AnswerSource for ScriptedAnswers {
    fn ask(&mut self, ask: &Ask) -> Result<Reply> {
        if let Some(answer) = self.next_for(&ask.step.id) {
            return Ok(Reply::Answer(answer));
        }
        let id = &ask.step.id;
        let what = match ask.prompt {
            Prompt::Choices { choices, .. } => format!(
                "pass --answer {id}=CHOICE, one of: {}",
                choices
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => format!("pass --answer {id}=TEXT"),
        };
        Err(usage_error!(
            "no answer for step '{id}' ({}): {what}, or run on a terminal to be asked",
            ask.text
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_files() {
        assert_eq!(
            parse_answer_flag("outlet=yes").unwrap(),
            ("outlet".into(), "yes".into())
        );
        assert_eq!(
            parse_answer_flag("lcd-code=E1=2").unwrap(),
            ("lcd-code".into(), "E1=2".into())
        );
        let err = parse_answer_flag("outlet").unwrap_err();
        assert_eq!(crate::exit::for_error(&err), crate::exit::Exit::Usage);

        let map = parse_answers(
            "outlet = \"yes\"\nretry = [\"again\", \"done\"]\n",
            "a.toml",
        )
        .unwrap();
        assert_eq!(map.0["retry"], vec!["again", "done"]);
        let err = parse_answers("outlet = \"yes\"\ncord = 3\n", "a.toml").unwrap_err();
        assert_eq!(crate::exit::for_error(&err), crate::exit::Exit::BadInput);
        assert!(err.to_string().starts_with("a.toml:2:"), "{err}");
    }

    #[test]
    fn scripted_answers_are_used_in_order_and_the_last_is_kept() {
        let mut map = AnswerMap::default();
        map.push("a".into(), "1".into());
        map.push("a".into(), "2".into());
        let mut s = ScriptedAnswers::new(map);
        assert_eq!(s.next_for("a").as_deref(), Some("1"));
        assert_eq!(s.next_for("a").as_deref(), Some("2"));
        assert_eq!(s.next_for("a").as_deref(), Some("2"));
        assert_eq!(s.next_for("b"), None);
    }
}
