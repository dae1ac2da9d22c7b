//! The physical items of the host inspection sheet (维护巡检记录) that no
//! SSH command can read: indicator lights, power cords, the front panel,
//! fans, cables, the tape drive, the machine room's climate and power, and
//! whether the machine was cleaned (SPEC §2.1, last paragraph).
//!
//! Each item has a key (the same in `--manual-file`, in `[manual] items`, in
//! the record and in the finding's check, `manual.<key>`), the question an
//! engineer is asked, and the kind of answer it takes.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One item of the sheet, in the sheet's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    DiskLight,
    PowerLight,
    NicLight,
    ArrayLight,
    PowerCordsFirm,
    FrontPanelIntact,
    FansOk,
    CablesSeated,
    TapeDriveNeedsCleaning,
    RoomTemperature,
    RoomHumidity,
    MainsVoltage,
    NeutralGroundVoltage,
    Cleaned,
}

/// What kind of answer an item takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AnswerKind {
    /// green / amber / red / off.
    Light,
    /// yes or no; `good` is the answer that is all right.
    YesNo { good: bool },
    /// A reading in `unit`, plausible within `plausible` (anything outside
    /// is a typing mistake, refused rather than judged).
    Reading {
        unit: &'static str,
        plausible: (f64, f64),
    },
    /// cleaned / not-needed / needed.
    Cleaning,
}

impl Item {
    pub const ALL: [Item; 14] = [
        Item::DiskLight,
        Item::PowerLight,
        Item::NicLight,
        Item::ArrayLight,
        Item::PowerCordsFirm,
        Item::FrontPanelIntact,
        Item::FansOk,
        Item::CablesSeated,
        Item::TapeDriveNeedsCleaning,
        Item::RoomTemperature,
        Item::RoomHumidity,
        Item::MainsVoltage,
        Item::NeutralGroundVoltage,
        Item::Cleaned,
    ];

    /// The key in files, settings and records (`disk_light`).
    pub fn key(self) -> &'static str {
        match self {
            Item::DiskLight => "disk_light",
            Item::PowerLight => "power_light",
            Item::NicLight => "nic_light",
            Item::ArrayLight => "array_light",
            Item::PowerCordsFirm => "power_cords_firm",
            Item::FrontPanelIntact => "front_panel_intact",
            Item::FansOk => "fans_ok",
            Item::CablesSeated => "cables_seated",
            Item::TapeDriveNeedsCleaning => "tape_drive_needs_cleaning",
            Item::RoomTemperature => "room_temperature",
            Item::RoomHumidity => "room_humidity",
            Item::MainsVoltage => "mains_voltage",
            Item::NeutralGroundVoltage => "neutral_ground_voltage",
            Item::Cleaned => "cleaned",
        }
    }

    pub fn from_key(key: &str) -> Option<Item> {
        Item::ALL.into_iter().find(|i| i.key() == key)
    }

    /// The check of its finding.
    pub fn check(self) -> String {
        format!("manual.{}", self.key())
    }

    /// The question as the engineer is asked it, with the sheet's own words.
    pub fn question(self) -> &'static str {
        match self {
            Item::DiskLight => "Disk indicator lights (硬盘指示灯)",
            Item::PowerLight => "Power supply indicator lights (电源指示灯)",
            Item::NicLight => "NIC indicator lights (网卡指示灯)",
            Item::ArrayLight => "Disk array lights: disks, fans, power (磁盘阵列指示灯)",
            Item::PowerCordsFirm => "Power cords firm and not warm? (电源线是否松动、发热)",
            Item::FrontPanelIntact => "Front panel intact? (前面板是否完整良好)",
            Item::FansOk => "Fans blowing and quiet? (风扇出风口有风、无杂音)",
            Item::CablesSeated => "Network cables seated, none broken? (网线是否松动、断线)",
            Item::TapeDriveNeedsCleaning => "Tape drive needs cleaning? (磁带机是否需要清洗)",
            Item::RoomTemperature => "Machine room temperature, °C (机房温度)",
            Item::RoomHumidity => "Machine room relative humidity, % (机房湿度)",
            Item::MainsVoltage => "Mains voltage, V (电源电压)",
            Item::NeutralGroundVoltage => "Neutral-to-ground voltage, V (零地电压)",
            Item::Cleaned => "Machine cleaned? (机器清洁)",
        }
    }

    /// A short name for messages (`disk lights`).
    pub fn name(self) -> &'static str {
        match self {
            Item::DiskLight => "disk lights",
            Item::PowerLight => "power supply lights",
            Item::NicLight => "NIC lights",
            Item::ArrayLight => "disk array lights",
            Item::PowerCordsFirm => "power cords",
            Item::FrontPanelIntact => "front panel",
            Item::FansOk => "fans",
            Item::CablesSeated => "network cables",
            Item::TapeDriveNeedsCleaning => "tape drive",
            Item::RoomTemperature => "room temperature",
            Item::RoomHumidity => "room humidity",
            Item::MainsVoltage => "mains voltage",
            Item::NeutralGroundVoltage => "neutral-to-ground voltage",
            Item::Cleaned => "cleaning",
        }
    }

    pub fn kind(self) -> AnswerKind {
        match self {
            Item::DiskLight | Item::PowerLight | Item::NicLight | Item::ArrayLight => {
                AnswerKind::Light
            }
            Item::PowerCordsFirm | Item::FrontPanelIntact | Item::FansOk | Item::CablesSeated => {
                AnswerKind::YesNo { good: true }
            }
            Item::TapeDriveNeedsCleaning => AnswerKind::YesNo { good: false },
            Item::RoomTemperature => AnswerKind::Reading {
                unit: "°C",
                plausible: (-20.0, 60.0),
            },
            Item::RoomHumidity => AnswerKind::Reading {
                unit: "%",
                plausible: (0.0, 100.0),
            },
            Item::MainsVoltage => AnswerKind::Reading {
                unit: "V",
                plausible: (0.0, 500.0),
            },
            Item::NeutralGroundVoltage => AnswerKind::Reading {
                unit: "V",
                plausible: (0.0, 50.0),
            },
            Item::Cleaned => AnswerKind::Cleaning,
        }
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// An indicator light's colour. The sheet says 黄灯 (yellow) for amber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    Green,
    #[serde(alias = "yellow")]
    Amber,
    Red,
    Off,
}

impl Light {
    pub const ALL: [Light; 4] = [Light::Green, Light::Amber, Light::Red, Light::Off];

    pub fn as_str(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Amber => "amber",
            Light::Red => "red",
            Light::Off => "off",
        }
    }

    pub fn parse(text: &str) -> Option<Light> {
        match text.trim().to_ascii_lowercase().as_str() {
            "green" => Some(Light::Green),
            "amber" | "yellow" => Some(Light::Amber),
            "red" => Some(Light::Red),
            "off" => Some(Light::Off),
            _ => None,
        }
    }
}

/// 机器清洁: cleaned, not needed, or needed and not done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cleaning {
    Cleaned,
    NotNeeded,
    Needed,
}

impl Cleaning {
    pub const ALL: [Cleaning; 3] = [Cleaning::Cleaned, Cleaning::NotNeeded, Cleaning::Needed];

    pub fn as_str(self) -> &'static str {
        match self {
            Cleaning::Cleaned => "cleaned",
            Cleaning::NotNeeded => "not-needed",
            Cleaning::Needed => "needed",
        }
    }

    pub fn parse(text: &str) -> Option<Cleaning> {
        Cleaning::ALL
            .into_iter()
            .find(|c| c.as_str() == text.trim().to_ascii_lowercase())
    }
}

/// One answer, as the record keeps it: `"green"`, `true`, `23.5`, `"cleaned"`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Light(Light),
    YesNo(bool),
    Reading(f64),
    Cleaning(Cleaning),
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Light(l) => f.write_str(l.as_str()),
            Answer::YesNo(b) => f.write_str(if *b { "yes" } else { "no" }),
            Answer::Reading(v) => f.write_str(&crate::check::fmt_num(*v)),
            Answer::Cleaning(c) => f.write_str(c.as_str()),
        }
    }
}

/// A reading typed by a person: a number within the item's plausible range.
pub fn parse_reading(item: Item, text: &str) -> Result<f64, String> {
    let v: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    check_reading(item, v)
}

/// A reading within the item's plausible range (else the message says the range).
pub fn check_reading(item: Item, v: f64) -> Result<f64, String> {
    let AnswerKind::Reading { unit, plausible } = item.kind() else {
        return Err(format!("{} takes no number", item.key()));
    };
    if !v.is_finite() || v < plausible.0 || v > plausible.1 {
        return Err(format!(
            "{} {unit} is not a plausible {} (expected {} to {} {unit})",
            crate::check::fmt_num(v),
            item.name(),
            crate::check::fmt_num(plausible.0),
            crate::check::fmt_num(plausible.1)
        ));
    }
    Ok(v)
}
