//! `--manual-file FILE`: the answers without a terminal, one `key = value`
//! per item:
//!
//! ```toml
//! disk_light = "green"            # green, amber (or yellow), red, off
//! power_light = "green"
//! fans_ok = true                  # yes/no items are true or false
//! tape_drive_needs_cleaning = false
//! room_temperature = 23.5         # °C
//! room_humidity = 45              # % RH
//! cleaned = "not-needed"          # cleaned, not-needed, needed
//! ```
//!
//! Parsing is pure (text in, answers or an error naming file:line:column
//! out); an unknown key or a value that does not fit its item stops the
//! command before anything is inspected or recorded.

use super::items::{Answer, AnswerKind, Cleaning, Item, Light, check_reading};
use crate::position::line_col;
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// The answers a file gives, by item.
pub type Answers = BTreeMap<Item, Answer>;

/// The answers in `text`, read from `path` (named in errors). Every error is
/// bad input (exit 78) at `path:line:column`.
pub fn parse(path: &Path, text: &str) -> Result<Answers> {
    let table: BTreeMap<String, Spanned<toml::Value>> =
        toml::from_str(text).map_err(|e| crate::config::toml_error(path, text, &e))?;
    let at = |span: std::ops::Range<usize>, message: String| {
        let (line, col) = line_col(text, span.start.min(text.len()));
        crate::bad_input!("{}:{line}:{col}: {message}", path.display())
    };
    let mut answers = Answers::new();
    // In the order written, so that the first mistake is the one named.
    let mut entries: Vec<(&String, &Spanned<toml::Value>)> = table.iter().collect();
    entries.sort_by_key(|(_, v)| v.span().start);
    for (key, value) in entries {
        let Some(item) = Item::from_key(key) else {
            let known: Vec<&str> = Item::ALL.iter().map(|i| i.key()).collect();
            return Err(at(
                value.span(),
                format!(
                    "unknown key `{key}`; the manual items are {}",
                    known.join(", ")
                ),
            ));
        };
        let answer = answer(item, value.get_ref())
            .map_err(|why| at(value.span(), format!("{key}: {why}")))?;
        answers.insert(item, answer);
    }
    Ok(answers)
}

/// One value as the answer its item takes, or why it does not fit.
fn answer(item: Item, value: &toml::Value) -> Result<Answer, String> {
    match item.kind() {
        AnswerKind::Light => value
            .as_str()
            .and_then(Light::parse)
            .map(Answer::Light)
            .ok_or_else(|| {
                format!("{value} is not a light colour (\"green\", \"amber\", \"red\" or \"off\")")
            }),
        AnswerKind::YesNo { .. } => value
            .as_bool()
            .map(Answer::YesNo)
            .ok_or_else(|| format!("{value} is not true or false")),
        AnswerKind::Reading { .. } => {
            let v = match value {
                toml::Value::Integer(i) => *i as f64,
                toml::Value::Float(f) => *f,
                other => return Err(format!("{other} is not a number")),
            };
            check_reading(item, v).map(Answer::Reading)
        }
        AnswerKind::Cleaning => value
            .as_str()
            .and_then(Cleaning::parse)
            .map(Answer::Cleaning)
            .ok_or_else(|| format!("{value} is not \"cleaned\", \"not-needed\" or \"needed\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Answers> {
        parse(Path::new("sheet.toml"), text)
    }

    #[test]
    fn every_kind_of_answer_reads() {
        let a = parse_text(
            "disk_light = \"red\"\npower_light = \"yellow\"\nfans_ok = true\n\
             room_temperature = 23\nroom_humidity = 45.5\ncleaned = \"not-needed\"\n",
        )
        .unwrap();
        assert_eq!(a[&Item::DiskLight], Answer::Light(Light::Red));
        assert_eq!(a[&Item::PowerLight], Answer::Light(Light::Amber));
        assert_eq!(a[&Item::FansOk], Answer::YesNo(true));
        assert_eq!(a[&Item::RoomTemperature], Answer::Reading(23.0));
        assert_eq!(a[&Item::RoomHumidity], Answer::Reading(45.5));
        assert_eq!(a[&Item::Cleaned], Answer::Cleaning(Cleaning::NotNeeded));
        assert!(parse_text("").unwrap().is_empty());
    }

    #[test]
    fn mistakes_name_the_file_line_and_column() {
        let err = |text: &str| format!("{:#}", parse_text(text).unwrap_err());
        let e = err("disk_light = \"green\"\nfan_ok = true\n");
        assert!(
            e.starts_with("sheet.toml:2:10: unknown key `fan_ok`"),
            "{e}"
        );
        let e = err("disk_light = \"blue\"\n");
        assert!(
            e.starts_with("sheet.toml:1:14: disk_light: \"blue\" is not a light colour"),
            "{e}"
        );
        let e = err("room_humidity = 140\n");
        assert!(
            e.contains("sheet.toml:1:17: room_humidity: 140 % is not a plausible room humidity"),
            "{e}"
        );
        let e = err("fans_ok = \"yes\"\n");
        assert!(e.contains("fans_ok: \"yes\" is not true or false"), "{e}");
        let e = err("disk_light = \n");
        assert!(e.starts_with("sheet.toml:1:"), "{e}");
    }
}
