//! The manual items of the host inspection (SPEC §2.1): what an engineer
//! standing at the machine sees and no SSH command reads, recorded with the
//! host's inspection (`ops inspect host HOST --manual` on a terminal, or
//! `--manual-file FILE`).
//!
//! - [`items`]: the items, their keys, questions and kinds of answer.
//! - [`settings`]: `[manual]` (which items, in which order) and
//!   `[thresholds.manual]` (the ranges of the readings).
//! - [`file`]: the answers from a `--manual-file`.
//! - [`judge`]: answers into findings (`manual.<key>`).
//!
//! Asking on a terminal is the command's (`commands::inspect::manual_prompt`).
//! The answers go into the inspection record as its `manual` section
//! ([`ManualSection`]).

pub mod file;
pub mod items;
pub mod judge;
pub mod settings;

pub use file::Answers;
pub use items::{Answer, AnswerKind, Cleaning, Item, Light};
pub use settings::{ManualSettings, ManualThresholds, Range};

use crate::check::Finding;
use serde::{Deserialize, Serialize};

/// The `manual` section of a host's inspection record: what was answered,
/// by whom and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManualSection {
    /// `terminal`, or `file` with the file's path in `file`.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The login of the engineer who ran the inspection.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// The answers, by item key.
    #[serde(default)]
    pub answers: Answers,
    /// Items asked and left unanswered ("not checked").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_checked: Vec<Item>,
}

impl ManualSection {
    /// The section for `answers` to the `asked` items; answers to items not
    /// asked (disabled in ops.toml) are left out.
    pub fn new(
        source: &str,
        file: Option<String>,
        by: String,
        asked: &[Item],
        mut answers: Answers,
    ) -> ManualSection {
        answers.retain(|item, _| asked.contains(item));
        let not_checked = asked
            .iter()
            .copied()
            .filter(|i| !answers.contains_key(i))
            .collect();
        ManualSection {
            source: source.into(),
            file,
            by,
            answers,
            not_checked,
        }
    }

    /// One finding per item asked, in the order asked.
    pub fn findings(&self, asked: &[Item], thresholds: &ManualThresholds) -> Vec<Finding> {
        asked
            .iter()
            .map(|&item| judge::judge(item, self.answers.get(&item).copied(), thresholds))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Status;

    #[test]
    fn the_section_keeps_what_was_asked_and_names_what_was_not_checked() {
        let mut answers = Answers::new();
        answers.insert(Item::DiskLight, Answer::Light(Light::Red));
        answers.insert(Item::TapeDriveNeedsCleaning, Answer::YesNo(true));
        let asked = [Item::DiskLight, Item::RoomTemperature];
        let s = ManualSection::new(
            "file",
            Some("sheet.toml".into()),
            "lina".into(),
            &asked,
            answers,
        );
        assert_eq!(s.answers.len(), 1, "the disabled tape drive is left out");
        assert_eq!(s.not_checked, [Item::RoomTemperature]);
        let f = s.findings(&asked, &ManualThresholds::default());
        let got: Vec<_> = f.iter().map(|f| (f.check.as_str(), f.status)).collect();
        assert_eq!(
            got,
            [
                ("manual.disk_light", Status::Crit),
                ("manual.room_temperature", Status::Unknown)
            ]
        );
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["answers"]["disk_light"], "red");
        assert_eq!(json["not_checked"][0], "room_temperature");
        let back: ManualSection = serde_json::from_value(json).unwrap();
        assert_eq!(back, s);
    }
}
