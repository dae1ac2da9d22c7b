//! The checks over the crafted captures of tests/fixtures/net (see its
//! README for what changes between `day1`, `day2` and `reload`).

use super::*;
use crate::check::{Finding, Status};
use crate::parse::device::Platform;
use chrono::{DateTime, Utc};
use serde_json::json;
use std::path::PathBuf;

fn dir(platform: &str, day: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/net")
        .join(platform)
        .join(day)
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn inspect(
    platform: Platform,
    day: &str,
    t: &NetThresholds,
    previous: Option<&Previous>,
    now: &str,
) -> (Vec<Finding>, NetMetrics) {
    let mut source = CaptureSource {
        dir: dir(platform.as_str(), day),
    };
    let collected = collect(platform, &mut source);
    evaluate(&facts(&collected), t, previous, at(now))
}

fn find<'a>(findings: &'a [Finding], check: &str, subject: Option<&str>) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.check == check && f.subject.as_deref() == subject)
        .unwrap_or_else(|| panic!("no {check} {subject:?} in {findings:#?}"))
}

fn errors(findings: &[Finding]) -> Vec<(String, Status, serde_json::Value)> {
    findings
        .iter()
        .filter(|f| f.check == "interface.errors")
        .map(|f| {
            (
                f.subject.clone().unwrap_or_default(),
                f.status,
                f.value.clone(),
            )
        })
        .collect()
}

fn previous(m: NetMetrics, when: &str) -> Previous {
    Previous {
        metrics: m,
        at: Some(at(when)),
    }
}

#[test]
fn first_inspection_judges_absolute_counts_and_says_so() {
    let t = NetThresholds::default();
    let (f, m) = inspect(Platform::CiscoIos, "day1", &t, None, "2024-03-05T06:00:00Z");
    assert_eq!(
        errors(&f),
        [
            (
                "GigabitEthernet1/0/1".to_string(),
                Status::Warn,
                json!({"input_errors": 10, "crc": 8, "frame": 2, "interface_resets": 1, "output_drops": 100})
            ),
            (
                "Vlan10".to_string(),
                Status::Warn,
                json!({"input_errors": 50})
            ),
        ]
    );
    let gi1 = find(&f, "interface.errors", Some("GigabitEthernet1/0/1"));
    assert!(
        gi1.message
            .starts_with("first inspection, judged on absolute counts:"),
        "{}",
        gi1.message
    );
    assert_eq!(find(&f, "reload", None).status, Status::Skip);
    // Every interface's counters are kept, and when they were read.
    assert_eq!(m.counters.len(), 8);
    assert_eq!(m.counters["GigabitEthernet1/0/1"]["crc"], 8);
    assert_eq!(m.counters_read_at, Some(at("2024-03-05T06:00:00Z")));
    assert_eq!(m.uptime_seconds, Some(18_328_200));
}

#[test]
fn a_second_inspection_judges_only_the_growth() {
    let t = NetThresholds::default();
    let (_, day1) = inspect(Platform::CiscoIos, "day1", &t, None, "2024-03-05T06:00:00Z");
    let prev = previous(day1, "2024-03-05T06:00:00Z");
    let (f, m) = inspect(
        Platform::CiscoIos,
        "day2",
        &t,
        Some(&prev),
        "2024-03-06T06:00:00Z",
    );
    assert_eq!(
        errors(&f),
        [
            (
                "GigabitEthernet1/0/1".to_string(),
                Status::Crit,
                json!({"input_errors": 15, "crc": 12, "frame": 3, "output_drops": 1500})
            ),
            (
                "GigabitEthernet1/0/2".to_string(),
                Status::Warn,
                json!({"collisions": 3, "late_collision": 1})
            ),
            (
                "Vlan10".to_string(),
                Status::Warn,
                json!({"input_errors": 4})
            ),
        ]
    );
    let gi1 = find(&f, "interface.errors", Some("GigabitEthernet1/0/1"));
    assert_eq!(
        gi1.message,
        "crc +12, frame +3, input_errors +15, output_drops +1500 since the last inspection (2024-03-05 06:00 UTC)"
    );
    assert!(
        gi1.threshold
            .as_deref()
            .unwrap()
            .contains("growth since the last inspection")
    );
    let vlan = find(&f, "interface.errors", Some("Vlan10"));
    assert!(
        vlan.message.starts_with("counters were cleared since"),
        "{}",
        vlan.message
    );
    let reload = find(&f, "reload", None);
    assert_eq!(reload.status, Status::Ok);
    assert_eq!(m.counters["GigabitEthernet1/0/1"]["output_drops"], 1600);

    // A third look at the same counters finds no growth.
    let prev = previous(m, "2024-03-06T06:00:00Z");
    let (f, _) = inspect(
        Platform::CiscoIos,
        "day2",
        &t,
        Some(&prev),
        "2024-03-07T06:00:00Z",
    );
    let e = find(&f, "interface.errors", None);
    assert_eq!(e.status, Status::Ok);
    assert_eq!(
        e.message,
        "no error counter grew on 8 interfaces since the last inspection (2024-03-06 06:00 UTC)"
    );
}

#[test]
fn a_reload_is_reported_and_counters_count_from_zero() {
    let t = NetThresholds::default();
    let (_, day2) = inspect(
        Platform::HuaweiVrp,
        "day2",
        &t,
        None,
        "2024-03-06T06:00:00Z",
    );
    let prev = previous(day2, "2024-03-06T06:00:00Z");
    let (f, m) = inspect(
        Platform::HuaweiVrp,
        "reload",
        &t,
        Some(&prev),
        "2024-03-07T06:00:00Z",
    );
    let reload = find(&f, "reload", None);
    assert_eq!(reload.status, Status::Warn);
    assert_eq!(
        reload.message,
        "reloaded since the last inspection (2024-03-06 06:00 UTC): up 1 h 30 min, was up 88 d 4 h"
    );
    let uptime = find(&f, "uptime", None);
    assert_eq!(
        (uptime.status, uptime.value.clone()),
        (Status::Warn, json!(5400))
    );
    // Lower than the day before, but not negative: counted from zero.
    assert_eq!(
        errors(&f),
        [(
            "GigabitEthernet0/0/1".to_string(),
            Status::Warn,
            json!({"input_errors": 3, "crc": 3})
        )]
    );
    assert!(
        find(&f, "interface.errors", Some("GigabitEthernet0/0/1"))
            .message
            .starts_with("the device reloaded since the last inspection")
    );
    assert_eq!(m.uptime_seconds, Some(5400));
}

#[test]
fn huawei_checks() {
    let t = NetThresholds::default();
    let (f, m) = inspect(
        Platform::HuaweiVrp,
        "day2",
        &t,
        None,
        "2024-03-06T06:00:00Z",
    );
    let cpu = find(&f, "cpu", None);
    assert_eq!((cpu.status, cpu.value.clone()), (Status::Warn, json!(75.0)));
    assert_eq!(find(&f, "memory", None).status, Status::Ok);
    let down = find(&f, "interface.down", Some("GigabitEthernet0/0/2"));
    assert_eq!(down.status, Status::Warn);
    let proto = find(&f, "interface.protocol", Some("Vlanif20"));
    assert_eq!(proto.status, Status::Crit);
    // The standby trunk member and the shut-down port are not problems.
    assert!(
        !f.iter()
            .any(|f| f.subject.as_deref() == Some("GigabitEthernet0/0/24"))
    );
    assert!(
        !f.iter()
            .any(|f| f.subject.as_deref() == Some("GigabitEthernet0/0/3"))
    );
    assert_eq!(
        find(&f, "interfaces", None).message,
        "9 interfaces: 5 up, 1 administratively down, 1 standby, 2 with a problem"
    );
    let env = find(&f, "environment", None);
    assert_eq!(env.status, Status::Ok);
    assert_eq!(env.value, json!(7));
    assert_eq!(m.platform.as_deref(), Some("huawei_vrp"));
    assert_eq!(m.routes, Some(8));
}

#[test]
fn thresholds_change_the_verdicts() {
    let t: NetThresholds = toml::from_str(
        r#"
memory_used_pct = { warn = 90, crit = 95 }
error_growth = { warn = 10, crit = 20 }
require_default_route = false
expected_prefixes = ["172.16.0.0/16", "192.168.99.0/24"]
interfaces_ignore = ["Vlan*", "TenGigabitEthernet1/1/2"]
interface_down = "crit"
recent_reload = "3h"
"#,
    )
    .unwrap();
    let (f, _) = inspect(
        Platform::CiscoIos,
        "reload",
        &t,
        None,
        "2024-03-05T06:00:00Z",
    );
    assert_eq!(find(&f, "memory", None).status, Status::Ok);
    assert_eq!(find(&f, "routes.default", None).status, Status::Skip);
    assert_eq!(
        find(&f, "routes.expected", Some("172.16.0.0/16")).status,
        Status::Ok
    );
    assert_eq!(
        find(&f, "routes.expected", Some("192.168.99.0/24")).status,
        Status::Crit
    );
    assert_eq!(
        find(&f, "interface.down", Some("GigabitEthernet1/0/3")).status,
        Status::Crit
    );
    assert!(!f.iter().any(|f| f.check == "interface.protocol"));
    // crc 2 is below the warning limit of 10: reported, but ok; Vlan10 is
    // ignored.
    assert_eq!(
        errors(&f),
        [(
            "GigabitEthernet1/0/1".to_string(),
            Status::Ok,
            json!({"input_errors": 2, "crc": 2})
        )]
    );
    let uptime = find(&f, "uptime", None);
    assert_eq!(
        (uptime.status, uptime.threshold.as_deref()),
        (Status::Warn, Some("warn < 3 h"))
    );
}

#[test]
fn what_could_not_be_read_is_unknown_or_skipped_and_counters_are_carried() {
    let t = NetThresholds::default();
    let (_, day1) = inspect(Platform::CiscoIos, "day1", &t, None, "2024-03-05T06:00:00Z");
    let prev = previous(day1, "2024-03-05T06:00:00Z");
    let mut replies = collect(
        Platform::CiscoIos,
        &mut CaptureSource {
            dir: dir("cisco_ios", "day2"),
        },
    );
    replies.replies.insert(
        Item::Interfaces,
        Reply::Failed("`show interfaces`: the device stopped answering".into()),
    );
    replies.replies.insert(
        Item::Environment,
        Reply::Rejected("`show environment all`: % Invalid input detected".into()),
    );
    let (f, m) = evaluate(
        &facts(&replies),
        &t,
        Some(&prev),
        at("2024-03-06T06:00:00Z"),
    );
    let e = find(&f, "interface.errors", None);
    assert_eq!(e.status, Status::Unknown);
    assert!(e.message.contains("stopped answering"), "{}", e.message);
    assert_eq!(find(&f, "environment", None).status, Status::Skip);
    // The brief output still gives the interface states.
    assert_eq!(
        find(&f, "interface.down", Some("GigabitEthernet1/0/3")).status,
        Status::Warn
    );
    // The counters of day 1 stay the reference for the next run.
    assert_eq!(m.counters["GigabitEthernet1/0/1"]["crc"], 8);
    assert_eq!(m.counters_read_at, Some(at("2024-03-05T06:00:00Z")));
}

#[test]
fn huawei_environment_parts_the_device_lacks_are_named() {
    let t = NetThresholds::default();
    let mut c = collect(
        Platform::HuaweiVrp,
        &mut CaptureSource {
            dir: dir("huawei_vrp", "day1"),
        },
    );
    c.replies.insert(
        Item::Temperature,
        Reply::Rejected("`display temperature all`: Error: Unrecognized command".into()),
    );
    let (f, _) = evaluate(&facts(&c), &t, None, at("2024-03-05T06:00:00Z"));
    let env = find(&f, "environment", None);
    assert_eq!(env.status, Status::Ok);
    assert!(
        env.message.contains("not shown: `display temperature all`"),
        "{}",
        env.message
    );
    for item in [Item::Environment, Item::Fans, Item::Power] {
        c.replies
            .insert(item, Reply::Rejected("Error: Unrecognized command".into()));
    }
    let (f, _) = evaluate(&facts(&c), &t, None, at("2024-03-05T06:00:00Z"));
    assert_eq!(find(&f, "environment", None).status, Status::Skip);
}
