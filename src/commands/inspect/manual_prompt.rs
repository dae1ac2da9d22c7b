//! `inspect host --manual` on a terminal: the sheet's physical items asked
//! one by one with dialoguer (on stderr, so stdout stays data). Lights and
//! yes/no items are menus, readings are typed and checked as they are typed;
//! every item can be left "not checked" (a menu entry, or an empty reading).

use crate::inspect::host::manual::items::parse_reading;
use crate::inspect::host::manual::{Answer, AnswerKind, Answers, Cleaning, Item, Light};
use anyhow::{Context, Result};
use dialoguer::console::Term;
use dialoguer::{Input, Select};

const NOT_CHECKED: &str = "not checked";

/// Whether prompts can be shown: stdin and stderr are a terminal.
pub fn available() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Ask every item of `items` for `host`, in order.
pub fn ask(host: &str, items: &[Item]) -> Result<Answers> {
    let term = Term::stderr();
    term.write_line(&format!(
        "Manual items of {host} (维护巡检记录): answer what you see at the machine"
    ))?;
    let mut answers = Answers::new();
    for &item in items {
        if let Some(answer) =
            ask_one(&term, item).with_context(|| format!("failed to ask for {}", item.key()))?
        {
            answers.insert(item, answer);
        }
    }
    Ok(answers)
}

fn ask_one(term: &Term, item: Item) -> Result<Option<Answer>> {
    let choices: Vec<(String, Option<Answer>)> = match item.kind() {
        AnswerKind::Light => Light::ALL
            .iter()
            .map(|l| (l.as_str().to_string(), Some(Answer::Light(*l))))
            .collect(),
        AnswerKind::YesNo { .. } => [("yes", true), ("no", false)]
            .iter()
            .map(|(label, b)| (label.to_string(), Some(Answer::YesNo(*b))))
            .collect(),
        AnswerKind::Cleaning => Cleaning::ALL
            .iter()
            .map(|c| (c.as_str().to_string(), Some(Answer::Cleaning(*c))))
            .collect(),
        AnswerKind::Reading { .. } => {
            let text: String = Input::new()
                .with_prompt(format!("{} (empty: {NOT_CHECKED})", item.question()))
                .allow_empty(true)
                .validate_with(|s: &String| -> Result<(), String> {
                    if s.trim().is_empty() {
                        return Ok(());
                    }
                    parse_reading(item, s).map(|_| ())
                })
                .interact_text_on(term)?;
            if text.trim().is_empty() {
                return Ok(None);
            }
            let v = parse_reading(item, &text).map_err(anyhow::Error::msg)?;
            return Ok(Some(Answer::Reading(v)));
        }
    };
    let mut labels: Vec<String> = choices.iter().map(|(l, _)| l.clone()).collect();
    labels.push(NOT_CHECKED.into());
    let picked = Select::new()
        .with_prompt(item.question())
        .items(&labels)
        .default(0)
        .interact_on(term)?;
    Ok(choices.get(picked).and_then(|(_, a)| *a))
}
