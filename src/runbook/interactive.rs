//! Answers from the engineer at a terminal, with dialoguer: a menu of choices
//! (arrow keys or j/k, Enter), with the default preselected, "go back one
//! step" and "quit" as the last entries (`q` or Esc also quits); free text
//! with its default, where `:back` and `:quit` do the same.

use super::answers::ScriptedAnswers;
use super::model::{Prompt, StepKind};
use super::walk::{AnswerSource, Ask, Reply};
use crate::i18n::{self, Lang, Value};
use anyhow::{Context, Result};
use dialoguer::console::Term;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Input, Select};

/// Prompts on the terminal (stderr, so that stdout stays data).
pub struct TerminalPrompts {
    term: Term,
    color: bool,
    lang: Lang,
}

/// The last entries of a menu, in English (`runbook-back`, `runbook-quit`).
pub const BACK_LABEL: &str = "← go back one step";
pub const QUIT_LABEL: &str = "✗ quit (keep a partial record)";

impl TerminalPrompts {
    pub fn new(color: bool) -> Self {
        TerminalPrompts {
            term: Term::stderr(),
            color,
            lang: Lang::En,
        }
    }

    /// The prompts' own words in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    fn step_line(&self, id: &str, step: &str) -> String {
        i18n::tr_args(self.lang, id, &[("step", Value::from(step))])
    }

    /// Whether prompts can be shown: stdin and stderr are a terminal.
    pub fn available() -> bool {
        use std::io::IsTerminal;
        std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
    }

    fn theme(&self) -> Box<dyn Theme> {
        if self.color {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        }
    }
}

impl AnswerSource for TerminalPrompts {
    fn confirm(&mut self, ask: &Ask, command: &str, target: &str) -> Result<bool> {
        self.confirm_command(ask, command, target)
    }

    fn ask(&mut self, ask: &Ask) -> Result<Reply> {
        let step = ask.step;
        let heading = match step.kind {
            StepKind::Instruct(_) => self.step_line("runbook-heading-do", &step.id),
            StepKind::Check(_) => self.step_line("runbook-heading-by-hand", &step.id),
            _ => self.step_line("runbook-heading", &step.id),
        };
        let term = &self.term;
        term.write_line("")?;
        term.write_line(&heading)?;
        if let Some(detail) = &ask.detail {
            for line in detail.lines() {
                term.write_line(&format!("   {line}"))?;
            }
        }
        let theme = self.theme();
        match ask.prompt {
            Prompt::Choices { choices, default } => {
                let mut items: Vec<String> = choices
                    .iter()
                    .map(|c| {
                        if c.label == c.id {
                            c.label.clone()
                        } else {
                            format!("{}  [{}]", c.label, c.id)
                        }
                    })
                    .collect();
                let back = ask.can_go_back.then_some(items.len());
                if ask.can_go_back {
                    items.push(i18n::tr(self.lang, "runbook-back"));
                }
                items.push(i18n::tr(self.lang, "runbook-quit"));
                let default = default
                    .as_ref()
                    .and_then(|d| choices.iter().position(|c| &c.id == d))
                    .unwrap_or(0);
                let picked = Select::with_theme(theme.as_ref())
                    .with_prompt(&ask.text)
                    .items(&items)
                    .default(default)
                    .interact_on_opt(term)
                    .context("failed to read an answer from the terminal")?;
                Ok(match picked {
                    None => Reply::Quit,
                    Some(i) if i < choices.len() => Reply::Answer(choices[i].id.clone()),
                    Some(i) if Some(i) == back => Reply::Back,
                    Some(_) => Reply::Quit,
                })
            }
            Prompt::Input { default, .. } => {
                let hint = i18n::tr(
                    self.lang,
                    if ask.can_go_back {
                        "runbook-input-hint-back"
                    } else {
                        "runbook-input-hint"
                    },
                );
                let mut input = Input::<String>::with_theme(theme.as_ref())
                    .with_prompt(format!("{} {hint}", ask.text))
                    .allow_empty(true);
                if let Some(d) = default {
                    input = input.default(d.clone());
                }
                let text = input
                    .interact_text_on(term)
                    .context("failed to read an answer from the terminal")?;
                Ok(match text.trim() {
                    ":back" if ask.can_go_back => Reply::Back,
                    ":quit" => Reply::Quit,
                    other => Reply::Answer(other.to_string()),
                })
            }
        }
    }
}

impl TerminalPrompts {
    /// Ask whether the privileged command may run; the default is no.
    pub fn confirm_command(&mut self, ask: &Ask, command: &str, target: &str) -> Result<bool> {
        let term = &self.term;
        term.write_line("")?;
        term.write_line(&self.step_line("runbook-privileged-heading", &ask.step.id))?;
        term.write_line(&format!("   {}", ask.text))?;
        let command = crate::printer::sanitize(command);
        term.write_line(&format!(
            "   {}",
            i18n::tr_args(
                self.lang,
                "runbook-privileged-command",
                &[("command", Value::from(command))]
            )
        ))?;
        let answer = dialoguer::Confirm::with_theme(self.theme().as_ref())
            .with_prompt(i18n::tr_args(
                self.lang,
                "runbook-privileged-confirm",
                &[("target", Value::from(target))],
            ))
            .default(false)
            .interact_on_opt(term)
            .context("failed to read an answer from the terminal")?;
        Ok(answer == Some(true))
    }
}

/// Answers given beforehand first; the terminal for the rest.
pub struct ChainedAnswers {
    pub scripted: ScriptedAnswers,
    pub terminal: TerminalPrompts,
}

impl AnswerSource for ChainedAnswers {
    fn ask(&mut self, ask: &Ask) -> Result<Reply> {
        match self.scripted.next_for(&ask.step.id) {
            Some(answer) => Ok(Reply::Answer(answer)),
            None => self.terminal.ask(ask),
        }
    }

    /// Only the engineer at the terminal confirms; an answer given beforehand never does.
    fn confirm(&mut self, ask: &Ask, command: &str, target: &str) -> Result<bool> {
        self.terminal.confirm_command(ask, command, target)
    }
}
