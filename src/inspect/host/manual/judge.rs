//! Answers in, findings out: one `manual.<key>` finding per item asked.
//! Pure: no terminal, no files.

use super::items::{Answer, AnswerKind, Cleaning, Item, Light};
use super::settings::{ManualThresholds, Range};
use crate::check::{Finding, Status, fmt_num};

/// The verdict on one item; `None` is an item asked but not answered
/// ("not checked"), which is unknown: it applies, nobody looked.
pub fn judge(item: Item, answer: Option<Answer>, thresholds: &ManualThresholds) -> Finding {
    let check = item.check();
    let Some(answer) = answer else {
        return Finding::unknown(&check, format!("{}: not checked", item.name()));
    };
    let (status, message, threshold) = match (item.kind(), answer) {
        (AnswerKind::Light, Answer::Light(light)) => {
            let (status, why) = light_verdict(item, light);
            (
                status,
                format!("{} {}{why}", item.name(), light.as_str()),
                None,
            )
        }
        (AnswerKind::YesNo { good }, Answer::YesNo(said)) => {
            let status = if said == good {
                Status::Ok
            } else {
                Status::Warn
            };
            (status, yes_no_message(item, said), None)
        }
        (AnswerKind::Reading { unit, .. }, Answer::Reading(v)) => {
            let range = thresholds.range(item).unwrap_or_default();
            let status = range_verdict(&range, v);
            (
                status,
                format!("{} {} {unit}", item.name(), fmt_num(v)),
                Some(range.describe(unit)),
            )
        }
        (AnswerKind::Cleaning, Answer::Cleaning(c)) => {
            let (status, message) = match c {
                Cleaning::Cleaned => (Status::Ok, "machine cleaned"),
                Cleaning::NotNeeded => (Status::Ok, "machine clean, no cleaning needed"),
                Cleaning::Needed => (Status::Warn, "machine needs cleaning and was not cleaned"),
            };
            (status, message.to_string(), None)
        }
        (_, other) => (
            Status::Unknown,
            format!("{}: the answer {other} does not fit this item", item.name()),
            None,
        ),
    };
    let mut f = Finding::new(&check, status, message)
        .value(serde_json::to_value(answer).unwrap_or_default());
    if let Some(t) = threshold.filter(|t| !t.is_empty()) {
        f = f.threshold(t);
    }
    f
}

/// Red is a fault, amber a warning, green all right. Off depends on the
/// light: a power supply or an array that shows nothing has lost power; a
/// disk or NIC light that is off may be an idle disk or an unused port, so
/// it is worth a look, not an alarm.
fn light_verdict(item: Item, light: Light) -> (Status, &'static str) {
    match light {
        Light::Green => (Status::Ok, ""),
        Light::Amber => (Status::Warn, ": a warning shown by the hardware"),
        Light::Red => (Status::Crit, ": a fault shown by the hardware"),
        Light::Off => match item {
            Item::PowerLight | Item::ArrayLight => (Status::Crit, ": no power"),
            _ => (
                Status::Warn,
                ": no activity or no link; check it is expected",
            ),
        },
    }
}

fn yes_no_message(item: Item, said: bool) -> String {
    let text = match (item, said) {
        (Item::PowerCordsFirm, true) => "power cords firm and not warm",
        (Item::PowerCordsFirm, false) => "a power cord is loose or warm",
        (Item::FrontPanelIntact, true) => "front panel intact",
        (Item::FrontPanelIntact, false) => "front panel damaged",
        (Item::FansOk, true) => "fans blowing and quiet",
        (Item::FansOk, false) => "a fan is not blowing or is noisy",
        (Item::CablesSeated, true) => "network cables seated",
        (Item::CablesSeated, false) => "a network cable is loose or broken",
        (Item::TapeDriveNeedsCleaning, true) => "tape drive needs cleaning",
        (Item::TapeDriveNeedsCleaning, false) => "tape drive needs no cleaning",
        (_, said) => return format!("{}: {}", item.name(), if said { "yes" } else { "no" }),
    };
    text.to_string()
}

fn range_verdict(range: &Range, v: f64) -> Status {
    let outside = |lo: Option<f64>, hi: Option<f64>| {
        lo.is_some_and(|lo| v < lo) || hi.is_some_and(|hi| v > hi)
    };
    if outside(range.crit_min, range.crit_max) {
        Status::Crit
    } else if outside(range.min, range.max) {
        Status::Warn
    } else {
        Status::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(item: Item, answer: Answer) -> Status {
        judge(item, Some(answer), &ManualThresholds::default()).status
    }

    #[test]
    fn lights_red_is_crit_amber_warn_and_off_depends_on_the_light() {
        assert_eq!(
            status(Item::DiskLight, Answer::Light(Light::Green)),
            Status::Ok
        );
        assert_eq!(
            status(Item::DiskLight, Answer::Light(Light::Amber)),
            Status::Warn
        );
        assert_eq!(
            status(Item::DiskLight, Answer::Light(Light::Red)),
            Status::Crit
        );
        assert_eq!(
            status(Item::DiskLight, Answer::Light(Light::Off)),
            Status::Warn
        );
        assert_eq!(
            status(Item::NicLight, Answer::Light(Light::Off)),
            Status::Warn
        );
        assert_eq!(
            status(Item::PowerLight, Answer::Light(Light::Off)),
            Status::Crit
        );
        assert_eq!(
            status(Item::ArrayLight, Answer::Light(Light::Off)),
            Status::Crit
        );
        let f = judge(
            Item::DiskLight,
            Some(Answer::Light(Light::Red)),
            &ManualThresholds::default(),
        );
        assert_eq!(f.check, "manual.disk_light");
        assert_eq!(f.value, serde_json::json!("red"));
        assert!(f.message.starts_with("disk lights red"), "{}", f.message);
    }

    #[test]
    fn the_bad_answer_of_a_yes_no_item_is_warn() {
        assert_eq!(status(Item::FansOk, Answer::YesNo(true)), Status::Ok);
        assert_eq!(status(Item::FansOk, Answer::YesNo(false)), Status::Warn);
        assert_eq!(
            status(Item::TapeDriveNeedsCleaning, Answer::YesNo(false)),
            Status::Ok
        );
        assert_eq!(
            status(Item::TapeDriveNeedsCleaning, Answer::YesNo(true)),
            Status::Warn
        );
        assert_eq!(
            status(Item::Cleaned, Answer::Cleaning(Cleaning::NotNeeded)),
            Status::Ok
        );
        assert_eq!(
            status(Item::Cleaned, Answer::Cleaning(Cleaning::Needed)),
            Status::Warn
        );
    }

    #[test]
    fn readings_are_judged_against_their_ranges() {
        let t = |v| status(Item::RoomTemperature, Answer::Reading(v));
        assert_eq!(t(23.5), Status::Ok);
        assert_eq!(t(18.0), Status::Ok);
        assert_eq!(t(27.0), Status::Ok);
        assert_eq!(t(29.5), Status::Warn);
        assert_eq!(t(16.0), Status::Warn);
        assert_eq!(t(36.0), Status::Crit);
        let h = |v| status(Item::RoomHumidity, Answer::Reading(v));
        assert_eq!(
            (h(45.0), h(65.0), h(85.0)),
            (Status::Ok, Status::Warn, Status::Crit)
        );
        let v = |v| status(Item::MainsVoltage, Answer::Reading(v));
        assert_eq!(
            (v(221.0), v(235.0), v(190.0)),
            (Status::Ok, Status::Warn, Status::Crit)
        );
        let n = |v| status(Item::NeutralGroundVoltage, Answer::Reading(v));
        assert_eq!(
            (n(0.4), n(3.0), n(6.0)),
            (Status::Ok, Status::Warn, Status::Crit)
        );
        let f = judge(
            Item::RoomTemperature,
            Some(Answer::Reading(29.5)),
            &ManualThresholds::default(),
        );
        assert_eq!(
            f.threshold.as_deref(),
            Some("warn outside 18–27 °C, crit outside 10–35 °C")
        );
        assert_eq!(f.message, "room temperature 29.5 °C");
    }

    #[test]
    fn an_item_not_checked_is_unknown() {
        let f = judge(Item::FansOk, None, &ManualThresholds::default());
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(f.message, "fans: not checked");
    }

    #[test]
    fn ranges_must_be_in_order() {
        assert!(ManualThresholds::default().check().is_ok());
        let bad = Range::new(27.0, 18.0, 10.0, 35.0);
        assert!(
            bad.check()
                .unwrap_err()
                .contains("min = 27 must not be above max = 18")
        );
    }
}
