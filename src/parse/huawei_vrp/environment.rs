//! `display device`, `display fan`, `display power` and
//! `display temperature all`: the hardware state of a Huawei switch or
//! router, for the environment check.
//!
//! There are no upstream fixtures for these commands. All four print a
//! table that starts with a `Slot` column, whose layout varies by model and
//! version (column widths, extra columns, a header on two lines), for
//! example on an S5720:
//!
//! ```text
//! Slot Sub  Type                   Online    Power    Register     Status   Role
//! -------------------------------------------------------------------------------
//! 0    -    S5720-28X-SI           Present   PowerOn  Registered   Normal   Master
//!      PWR1 POWER                  Present   PowerOff Registered   Abnormal NA
//!
//! Slot  FanID   Online    Status    Speed     Mode     Airflow
//! 0         1   Present   Normal      30%     Auto     Side-to-Side
//!
//! Slot    PowerID  Online   Mode   State      Power(W)
//! 0       PWR1     Present  AC     Supply        60.00
//! 0       PWR2     Absent   -      -                 -
//!
//! Slot  Card  Sensor Status    Current(C) Lower(C) Lower Resume(C) Upper(C) Upper Resume(C)
//! 0     NA    NA     Normal            44        0         4       61        57
//! ```
//!
//! So rows are read by their words, not their columns: the words before
//! `Present`/`Absent` (or before the state word) name the component, the
//! state word is the first one Huawei uses for a state (`Normal`,
//! `Abnormal`, `Supply`, `NotSupply`, `Fault`, …), and the reading is the
//! first figure after it (temperature, power, fan speed).

use crate::check::Status;
use crate::parse::cisco_ios::EnvProblem;
use crate::parse::device::{clean_output, unrecognised};
use serde::{Deserialize, Serialize};

/// Which command a row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvKind {
    Device,
    Fan,
    Power,
    Temperature,
}

/// One row of one of the four tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvRow {
    pub kind: EnvKind,
    /// The slot (stack member or board) the row is on; sub-rows of
    /// `display device` inherit their board's.
    pub slot: Option<String>,
    /// What the row names: `S5720-28X-SI`, `PWR1 POWER`, `FAN 1`,
    /// `PWR2`, `card NA sensor NA`.
    pub component: String,
    /// `Present` or `Absent`, when the table says.
    pub online: Option<String>,
    /// The state word as printed: `Normal`, `Abnormal`, `Supply`, `NotSupply`.
    pub status: Option<String>,
    /// The first figure after the state: `44` (°C), `60.00` (W), `30%`.
    pub reading: Option<String>,
}

impl EnvRow {
    /// The verdict: a known good state is ok, a known bad one crit, an
    /// absent power supply or board ok (not fitted), an absent fan warn,
    /// and a state word not recognised warn.
    pub fn verdict(&self) -> Status {
        if self
            .online
            .as_deref()
            .is_some_and(|o| o.eq_ignore_ascii_case("absent"))
        {
            return match self.kind {
                EnvKind::Fan => Status::Warn,
                _ => Status::Ok,
            };
        }
        match &self.status {
            Some(s) => state_status(s),
            None => Status::Warn,
        }
    }

    /// How a finding names the component.
    pub fn label(&self) -> String {
        let on = self
            .slot
            .as_deref()
            .map(|s| format!("slot {s} "))
            .unwrap_or_default();
        match self.kind {
            EnvKind::Device => format!("{on}{}", self.component),
            EnvKind::Fan => format!("{on}{}", self.component),
            EnvKind::Power => format!("{on}power supply {}", self.component),
            EnvKind::Temperature => format!("{on}temperature {}", self.component),
        }
    }
}

/// The verdict for a Huawei state word.
pub fn state_status(state: &str) -> Status {
    let s = state
        .trim()
        .to_ascii_lowercase()
        .replace(['-', '_', ' '], "");
    match s.as_str() {
        "normal" | "supply" | "ok" | "registered" | "poweron" | "on" | "good" => Status::Ok,
        "minor" | "warning" | "unregistered" => Status::Warn,
        "abnormal" | "fault" | "faulty" | "failure" | "fail" | "failed" | "notsupply"
        | "nosupply" | "major" | "critical" | "fatal" | "block" | "blocked" | "poweroff"
        | "off" | "error" => Status::Crit,
        _ if s.contains("fail") || s.contains("fault") || s.contains("abnormal") => Status::Crit,
        _ => Status::Warn,
    }
}

/// Words Huawei prints as a component's state.
fn is_state_word(word: &str) -> bool {
    let s = word.to_ascii_lowercase().replace(['-', '_'], "");
    matches!(
        s.as_str(),
        "normal"
            | "abnormal"
            | "supply"
            | "notsupply"
            | "nosupply"
            | "fault"
            | "faulty"
            | "failure"
            | "fail"
            | "failed"
            | "minor"
            | "major"
            | "critical"
            | "fatal"
            | "warning"
            | "block"
            | "blocked"
            | "error"
    )
}

fn is_online_word(word: &str) -> bool {
    word.eq_ignore_ascii_case("present") || word.eq_ignore_ascii_case("absent")
}

/// A row's words before the state: the slot (when the row has one) and
/// the rest.
fn is_slot(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
        || (word.contains('/') && word.chars().any(|c| c.is_ascii_digit()))
}

fn parse_table(raw: &str, kind: EnvKind, command: &str) -> anyhow::Result<Vec<EnvRow>> {
    let cleaned = clean_output(raw);
    let mut header = false;
    let mut header_indent = 0usize;
    let mut slot: Option<String> = None;
    let mut rows = Vec::new();
    for line in cleaned.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(first) = words.first() else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        if first.eq_ignore_ascii_case("slot") {
            header = true;
            header_indent = indent;
            slot = None;
            continue;
        }
        if !header || first.starts_with("--") || line.contains(" : ") {
            continue;
        }
        let online_at = words.iter().position(|w| is_online_word(w));
        let state_at = words
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, w)| is_state_word(w))
            .map(|(i, _)| i);
        let name_end = match (online_at, state_at) {
            (Some(o), Some(s)) => o.min(s),
            (Some(o), None) => o,
            (None, Some(s)) => s,
            // A second header line, a note: not a row.
            (None, None) => continue,
        };
        // Sub-rows of `display device` start under the `Sub` column.
        let indented = indent > header_indent + 1;
        let mut name_words = &words[..name_end];
        if !indented && name_words.first().is_some_and(|w| is_slot(w)) {
            slot = Some(name_words[0].to_string());
            name_words = &name_words[1..];
        }
        let name_words: Vec<&str> = name_words.iter().copied().filter(|w| *w != "-").collect();
        let component = match kind {
            EnvKind::Fan => format!("FAN {}", name_words.first().copied().unwrap_or("?")),
            EnvKind::Temperature => {
                let labels = ["card", "sensor"];
                let parts: Vec<String> = name_words
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| !w.eq_ignore_ascii_case("na"))
                    .map(|(i, w)| match labels.get(i) {
                        Some(l) => format!("{l} {w}"),
                        None => w.to_string(),
                    })
                    .collect();
                if parts.is_empty() {
                    "board".to_string()
                } else {
                    parts.join(" ")
                }
            }
            _ => name_words.join(" "),
        };
        let status = state_at.map(|i| words[i].to_string());
        let reading = state_at.and_then(|i| {
            words[i + 1..]
                .iter()
                .find(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
                .map(|w| w.to_string())
        });
        rows.push(EnvRow {
            kind,
            slot: slot.clone(),
            component,
            online: online_at.map(|i| words[i].to_string()),
            status,
            reading,
        });
    }
    if rows.is_empty() && !header {
        return Err(unrecognised(command));
    }
    Ok(rows)
}

/// Parses `display device`: boards, cards, power and fan modules.
pub fn parse_display_device(raw: &str) -> anyhow::Result<Vec<EnvRow>> {
    parse_table(raw, EnvKind::Device, "display device")
}

/// Parses `display fan`.
pub fn parse_display_fan(raw: &str) -> anyhow::Result<Vec<EnvRow>> {
    parse_table(raw, EnvKind::Fan, "display fan")
}

/// Parses `display power`.
pub fn parse_display_power(raw: &str) -> anyhow::Result<Vec<EnvRow>> {
    parse_table(raw, EnvKind::Power, "display power")
}

/// Parses `display temperature all` (and `display temperature`).
pub fn parse_display_temperature(raw: &str) -> anyhow::Result<Vec<EnvRow>> {
    parse_table(raw, EnvKind::Temperature, "display temperature")
}

/// Every row that is not OK, worst first, in the form the Cisco
/// environment check reports.
pub fn env_problems(rows: &[EnvRow]) -> Vec<EnvProblem> {
    let mut out: Vec<EnvProblem> = rows
        .iter()
        .filter(|r| r.verdict() > Status::Ok)
        .map(|r| {
            let state = match (&r.online, &r.status) {
                (Some(o), _) if o.eq_ignore_ascii_case("absent") => o.clone(),
                (_, Some(s)) => s.clone(),
                _ => "state not shown".to_string(),
            };
            let reading = match (&r.reading, r.kind) {
                (Some(v), EnvKind::Temperature) => format!(" at {v} °C"),
                (Some(v), EnvKind::Power) => format!(" at {v} W"),
                (Some(v), _) => format!(" at {v}"),
                (None, _) => String::new(),
            };
            EnvProblem {
                component: r.label(),
                state: format!("{state}{reading}"),
                status: r.verdict(),
            }
        })
        .collect();
    out.sort_by_key(|p| std::cmp::Reverse(p.status));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEVICE: &str = "<SW>display device\r\nS5730-48C-SI-AC's Device status:\r\nSlot Sub  Type                   Online    Power    Register     Status   Role\r\n-------------------------------------------------------------------------------\r\n0    -    S5730-48C-SI           Present   PowerOn  Registered   Normal   Master\r\n     1    ES5D21Q04Q01           Present   PowerOn  Registered   Normal   NA\r\n     PWR1 POWER                  Present   PowerOff Registered   Abnormal NA\r\n     PWR2 POWER                  Present   PowerOn  Registered   Normal   NA\r\n     FAN1 FAN                    Present   PowerOn  Registered   Normal   NA\r\n1    -    S5730-48C-SI           Present   PowerOn  Registered   Normal   Standby\r\n<SW>";

    #[test]
    fn device_rows_and_sub_rows() {
        let rows = parse_display_device(DEVICE).unwrap();
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[0].slot.as_deref(), Some("0"));
        assert_eq!(rows[0].component, "S5730-48C-SI");
        assert_eq!(rows[1].component, "1 ES5D21Q04Q01");
        assert_eq!(rows[2].slot.as_deref(), Some("0"));
        assert_eq!(rows[2].component, "PWR1 POWER");
        assert_eq!(rows[2].status.as_deref(), Some("Abnormal"));
        assert_eq!(rows[5].slot.as_deref(), Some("1"));
        let problems = env_problems(&rows);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].component, "slot 0 PWR1 POWER");
        assert_eq!(problems[0].state, "Abnormal");
        assert_eq!(problems[0].status, Status::Crit);
    }

    #[test]
    fn fans_power_and_temperatures() {
        let fan = "Slot  FanID   Online    Status    Speed     Mode     Airflow         Auto Min-Speed\n0         1   Present   Normal      30%     Auto     Side-to-Side                0%\n0         2   Present   Abnormal     0%     Auto     Side-to-Side                0%\n";
        let rows = parse_display_fan(fan).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].component, "FAN 2");
        assert_eq!(rows[1].reading.as_deref(), Some("0%"));
        let p = env_problems(&rows);
        assert_eq!(
            (p[0].component.as_str(), p[0].state.as_str()),
            ("slot 0 FAN 2", "Abnormal at 0%")
        );
        let vrp8_fan = "-------------------------------------------------------------------------\n Slot  FanID   FanNum   Status      Speed(%)   Mode     Airflow\n-------------------------------------------------------------------------\n 1     1       [1-2]    Normal      40         Auto     Side-to-Side\n";
        let rows = parse_display_fan(vrp8_fan).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].verdict(), Status::Ok);
        assert_eq!(
            (rows[0].slot.as_deref(), rows[0].component.as_str()),
            (Some("1"), "FAN 1")
        );

        let power = "Slot    PowerID  Online   Mode   State      Power(W)\n0       PWR1     Present  AC     Supply        60.00\n0       PWR2     Absent   -      -                 -\n1       PWR1     Present  AC     NotSupply         -\n";
        let rows = parse_display_power(power).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].reading.as_deref(), Some("60.00"));
        assert_eq!(
            rows[1].verdict(),
            Status::Ok,
            "an absent supply is not fitted"
        );
        let p = env_problems(&rows);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].component, "slot 1 power supply PWR1");
        assert_eq!(p[0].state, "NotSupply");

        let temp = "-------------------------------------------------------------------------------\nSlot  Card   Sensor Status  Current(C)  Lower(C)  Lower       Upper(C)   Upper\n                                                  Resume(C)              Resume(C)\n-------------------------------------------------------------------------------\n0     NA     NA     NORMAL  41          0         4           68         63\n1     NA     1      Minor   70          0         4           68         63\n";
        let rows = parse_display_temperature(temp).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].component, "board");
        assert_eq!(rows[1].component, "sensor 1");
        let p = env_problems(&rows);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].component, "slot 1 temperature sensor 1");
        assert_eq!(p[0].state, "Minor at 70 °C");
        assert_eq!(p[0].status, Status::Warn);
    }

    #[test]
    fn an_absent_fan_is_a_warning() {
        let fan = "Slot  FanID   Online    Status    Speed\n0     1       Present   Normal    35%\n0     2       Absent    -         -\n";
        let p = env_problems(&parse_display_fan(fan).unwrap());
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].state.as_str(), p[0].status), ("Absent", Status::Warn));
    }

    #[test]
    fn garbage_and_errors_are_not_tables() {
        assert!(parse_display_fan("nothing here").is_err());
        assert!(parse_display_power("Error: Unrecognized command found at '^' position.").is_err());
    }
}
