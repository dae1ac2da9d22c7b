//! From Redfish values to findings: pure functions, each judged by what
//! the BMC itself says (its health words and its own thresholds).

use super::model::{Bounds, PowerSupply, Redundancy, Sensor, SensorKind, State, System};
use crate::check::{Finding, Status};
use crate::inspect::hw::metrics::RECENT_SEL;
use crate::inspect::hw::{SelCursor, SelEntry};
use std::cmp::Ordering;

/// A Redfish health word as a status: `OK`, `Warning`, `Critical`; no word
/// at all is taken as OK (many BMCs leave it out for healthy parts).
pub fn health_status(health: Option<&str>) -> Status {
    match health {
        None | Some("OK") => Status::Ok,
        Some("Warning") => Status::Warn,
        Some("Critical") => Status::Crit,
        Some(_) => Status::Unknown,
    }
}

/// A reading as the BMC gave it, to two decimals at most (a 1.98 V limit
/// must not read 2.0 V).
fn fmt_num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

fn unit(units: &str) -> &str {
    match units {
        "Cel" => "°C",
        other => other,
    }
}

/// Where a reading stands against one side's bounds: the worst crossed.
fn against(reading: f64, b: &Bounds, above: bool) -> Option<(Status, f64)> {
    let crossed =
        |limit: Option<f64>| limit.filter(|l| if above { reading >= *l } else { reading <= *l });
    crossed(b.fatal)
        .or(crossed(b.critical))
        .map(|l| (Status::Crit, l))
        .or_else(|| crossed(b.caution).map(|l| (Status::Warn, l)))
}

fn describe(s: &Sensor) -> String {
    let u = unit(&s.units);
    let mut parts = Vec::new();
    let side = |b: &Bounds, word: &str, parts: &mut Vec<String>| {
        if let Some(c) = b.caution {
            parts.push(format!("warn {word} {}{u}", fmt_num(c)));
        }
        if let Some(c) = b.critical.or(b.fatal) {
            parts.push(format!("crit {word} {}{u}", fmt_num(c)));
        }
    };
    side(&s.upper, "at", &mut parts);
    side(&s.lower, "at or below", &mut parts);
    if s.kind == SensorKind::Fan {
        parts.push("stopped or Critical = crit".into());
    }
    if parts.is_empty() {
        "the BMC's health".into()
    } else {
        parts.join(", ")
    }
}

/// A temperature, voltage or fan; `None` for an empty slot.
pub fn sensor(s: &Sensor) -> Option<Finding> {
    if s.status.absent() {
        return None;
    }
    let check = s.kind.check();
    let u = unit(&s.units);
    let by_health = health_status(s.status.health.as_deref());
    let Some(reading) = s.reading else {
        let f = match by_health {
            Status::Ok => Finding::skip(check, "the BMC gives no reading"),
            st => Finding::new(
                check,
                st,
                format!("health {}", s.status.health.as_deref().unwrap_or("?")),
            ),
        };
        return Some(f.subject(&s.name));
    };
    let shown = format!("{}{u}", fmt_num(reading));
    let (status, message) = if s.kind == SensorKind::Fan && reading <= 0.0 {
        (Status::Crit, format!("stopped ({shown})"))
    } else if let Some((st, limit)) = against(reading, &s.upper, true) {
        (st, format!("{shown}, at or above {}{u}", fmt_num(limit)))
    } else if let Some((st, limit)) = against(reading, &s.lower, false) {
        (st, format!("{shown}, at or below {}{u}", fmt_num(limit)))
    } else {
        (Status::Ok, shown.clone())
    };
    let (status, message) = if by_health != Status::Ok {
        (
            by_health.max(status),
            format!(
                "{message}; health {}",
                s.status.health.as_deref().unwrap_or("?")
            ),
        )
    } else {
        (status, message)
    };
    Some(
        Finding::new(check, status, message)
            .subject(&s.name)
            .value(reading)
            .threshold(describe(s)),
    )
}

/// A power supply: an empty bay is a skip (a lost redundancy shows in the
/// redundancy finding); Critical, or no input on a present supply, is crit.
pub fn power_supply(p: &PowerSupply) -> Finding {
    let f = if p.status.absent() {
        Finding::skip("power.supply", "bay empty (Absent)")
    } else {
        let health = health_status(p.status.health.as_deref());
        let state = p.status.state.as_deref().unwrap_or("Enabled");
        let input = p.line_input_voltage;
        let (status, mut message) = match health {
            Status::Crit => (Status::Crit, "failed (health Critical)".to_string()),
            Status::Warn => (Status::Warn, "health Warning".to_string()),
            Status::Unknown => (
                Status::Unknown,
                format!("health {}", p.status.health.as_deref().unwrap_or("?")),
            ),
            _ if input == Some(0.0) => (Status::Crit, "no input power (0 V)".to_string()),
            _ if state != "Enabled" => (Status::Warn, format!("state {state}")),
            _ => (Status::Ok, "OK".to_string()),
        };
        if let Some(v) = input {
            message.push_str(&format!(", input {} V", fmt_num(v)));
        }
        let f = Finding::new("power.supply", status, message)
            .threshold("Critical or no input = crit, Warning = warn");
        match input {
            Some(v) => f.value(v),
            None => f,
        }
    };
    f.subject(&p.name)
}

pub fn redundancy(r: &Redundancy) -> Finding {
    let status = health_status(r.status.health.as_deref());
    let mode = r
        .mode
        .as_deref()
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    let words = r.status.health.as_deref().unwrap_or("OK");
    Finding::new("power.redundancy", status, format!("{words}{mode}"))
        .subject(&r.name)
        .threshold("the BMC's health: Critical = crit, Warning = warn")
}

/// Many parts of one kind (DIMMs, CPUs, drives): each bad one is its own
/// finding, all good ones one summary.
pub fn parts(check: &str, what: &str, parts: &[(String, State)]) -> Vec<Finding> {
    let present: Vec<_> = parts.iter().filter(|(_, s)| !s.absent()).collect();
    let mut out: Vec<Finding> = present
        .iter()
        .filter_map(|(name, s)| {
            let st = health_status(s.health.as_deref());
            (st != Status::Ok).then(|| {
                Finding::new(
                    check,
                    st,
                    format!("health {}", s.health.as_deref().unwrap_or("?")),
                )
                .subject(name)
            })
        })
        .collect();
    if out.is_empty() && !present.is_empty() {
        out.push(
            Finding::ok(check, format!("{} {what}, all OK", present.len()))
                .value(present.len() as u64),
        );
    }
    out
}

/// A volume: Critical = Failed (crit); Warning = Degraded, also crit,
/// because a degraded array runs without redundancy and the next disk lost
/// loses the data (the in-band RAID check says the same); a rebuild in
/// progress is warn.
pub fn volume(name: &str, s: &State, rebuilding: bool) -> Finding {
    let (status, word) = match health_status(s.health.as_deref()) {
        Status::Ok => (Status::Ok, "Good"),
        Status::Warn if rebuilding => (Status::Warn, "Rebuilding"),
        Status::Warn => (Status::Crit, "Degraded"),
        Status::Crit => (Status::Crit, "Failed"),
        _ => (Status::Unknown, "health unknown"),
    };
    Finding::new("storage.volume", status, word)
        .subject(name)
        .threshold("Degraded or Failed = crit, rebuilding = warn")
}

pub fn controller(name: &str, s: &State) -> Finding {
    let st = health_status(s.health.as_deref());
    Finding::new(
        "storage.controller",
        st,
        format!("health {}", s.health.as_deref().unwrap_or("OK")),
    )
    .subject(name)
}

/// The power state (`Off` is warn: the server is not running) and the
/// health rollup of one system.
pub fn system(s: &System) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(p) = &s.power_state {
        let status = match p.as_str() {
            "On" => Status::Ok,
            "Off" | "PoweringOff" | "PoweringOn" | "Paused" => Status::Warn,
            _ => Status::Unknown,
        };
        out.push(
            Finding::new("power.state", status, format!("power {p}"))
                .subject(&s.name)
                .value(p.as_str())
                .threshold("Off = warn"),
        );
    }
    let word = s.status.rollup.as_deref().or(s.status.health.as_deref());
    if let Some(w) = word {
        out.push(
            Finding::new(
                "health",
                health_status(Some(w)),
                format!("health rollup {w}"),
            )
            .subject(&s.name)
            .value(w),
        );
    }
    out
}

/// How two entries sort: by time, then by id (numerically when both are
/// numbers).
pub fn order(a: &SelEntry, b: &SelEntry) -> Ordering {
    a.time.cmp(&b.time).then_with(|| order_ids(&a.id, &b.id))
}

fn order_ids(a: &str, b: &str) -> Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// Whether an entry comes after where the log was read up to.
pub fn is_new(e: &SelEntry, cursor: Option<&SelCursor>) -> bool {
    let Some(c) = cursor else { return true };
    match (e.time, c.last_time) {
        (Some(t), Some(last)) if t != last => t > last,
        (Some(_), Some(_)) | (None, None) | (None, Some(_)) => match &c.last_id {
            Some(id) => order_ids(&e.id, id) == Ordering::Greater,
            None => false,
        },
        (Some(_), None) => match &c.last_id {
            Some(id) => order_ids(&e.id, id) == Ordering::Greater,
            None => true,
        },
    }
}

/// The log's findings, the new cursor and the newest entries (newest last).
pub fn sel(
    mut entries: Vec<SelEntry>,
    cursor: Option<&SelCursor>,
) -> (Vec<Finding>, Option<SelCursor>, Vec<SelEntry>) {
    entries.sort_by(order);
    entries.dedup_by(|a, b| a.id == b.id && a.time == b.time);
    let fresh: Vec<&SelEntry> = entries.iter().filter(|e| is_new(e, cursor)).collect();
    let mut findings = Vec::new();
    for e in &fresh {
        let status = match e.severity.as_str() {
            "Critical" => Status::Crit,
            "Warning" => Status::Warn,
            _ => continue,
        };
        let when = e
            .time
            .map(|t| format!("{} ", t.format("%Y-%m-%d %H:%M:%SZ")))
            .unwrap_or_default();
        let f = Finding::new(
            "sel",
            status,
            format!("{when}{}: {}", e.severity, e.message),
        )
        .subject(
            e.sensor_type
                .clone()
                .unwrap_or_else(|| format!("entry {}", e.id)),
        )
        .value(e.id.as_str())
        .threshold("new entries: Critical = crit, Warning = warn");
        findings.push(f);
    }
    if findings.is_empty() {
        findings.push(
            Finding::ok(
                "sel",
                match fresh.len() {
                    0 => "no new log entries".to_string(),
                    n => format!("{n} new log entries, none Warning or Critical"),
                },
            )
            .value(fresh.len() as u64),
        );
    }
    let new_cursor = match entries.last() {
        Some(last) => Some(SelCursor {
            last_id: Some(last.id.clone()),
            last_time: last.time,
        }),
        None => cursor.cloned(),
    };
    let skip = entries.len().saturating_sub(RECENT_SEL);
    let recent = entries.into_iter().skip(skip).collect();
    (findings, new_cursor, recent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn temp(reading: f64) -> Sensor {
        Sensor {
            kind: SensorKind::Temperature,
            name: "CPU1 Temp".into(),
            reading: Some(reading),
            units: "Cel".into(),
            upper: Bounds {
                caution: Some(80.0),
                critical: Some(90.0),
                fatal: Some(100.0),
            },
            lower: Bounds::default(),
            status: State::default(),
            uri: "/t".into(),
        }
    }

    #[test]
    fn readings_are_judged_by_the_bmcs_thresholds() {
        assert_eq!(sensor(&temp(40.0)).unwrap().status, Status::Ok);
        let w = sensor(&temp(85.0)).unwrap();
        assert_eq!(w.status, Status::Warn);
        assert_eq!(w.message, "85°C, at or above 80°C");
        assert_eq!(sensor(&temp(95.0)).unwrap().status, Status::Crit);
        assert_eq!(
            sensor(&temp(120.0)).unwrap().message,
            "120°C, at or above 100°C"
        );
        let mut critical = temp(40.0);
        critical.status.health = Some("Critical".into());
        assert_eq!(sensor(&critical).unwrap().status, Status::Crit);
        let mut absent = temp(0.0);
        absent.status.state = Some("Absent".into());
        assert!(sensor(&absent).is_none());
    }

    #[test]
    fn voltages_keep_their_decimals() {
        let mut v = temp(1.81);
        v.kind = SensorKind::Voltage;
        v.units = "V".into();
        v.upper = Bounds {
            critical: Some(1.98),
            ..Bounds::default()
        };
        let f = sensor(&v).unwrap();
        assert_eq!(f.message, "1.81V");
        assert_eq!(f.threshold.as_deref(), Some("crit at 1.98V"));
    }

    #[test]
    fn a_stopped_fan_or_one_below_its_lower_limit_is_crit() {
        let fan = |reading: f64| Sensor {
            kind: SensorKind::Fan,
            name: "FAN1".into(),
            reading: Some(reading),
            units: "RPM".into(),
            upper: Bounds::default(),
            lower: Bounds {
                caution: Some(1000.0),
                critical: Some(500.0),
                fatal: None,
            },
            status: State::default(),
            uri: "/f".into(),
        };
        assert_eq!(sensor(&fan(0.0)).unwrap().message, "stopped (0RPM)");
        assert_eq!(sensor(&fan(0.0)).unwrap().status, Status::Crit);
        assert_eq!(sensor(&fan(400.0)).unwrap().status, Status::Crit);
        assert_eq!(sensor(&fan(800.0)).unwrap().status, Status::Warn);
        assert_eq!(sensor(&fan(5000.0)).unwrap().status, Status::Ok);
    }

    #[test]
    fn power_supplies_failed_absent_and_without_input() {
        let psu = |state: &str, health: Option<&str>, volts: Option<f64>| PowerSupply {
            name: "PS1".into(),
            status: State {
                state: Some(state.into()),
                health: health.map(str::to_string),
                rollup: None,
            },
            line_input_voltage: volts,
        };
        let f = power_supply(&psu("Enabled", Some("Critical"), Some(0.0)));
        assert_eq!(
            (f.status, f.message.as_str()),
            (Status::Crit, "failed (health Critical), input 0 V")
        );
        assert_eq!(
            power_supply(&psu("Absent", None, None)).status,
            Status::Skip
        );
        assert_eq!(
            power_supply(&psu("Enabled", Some("OK"), Some(0.0))).status,
            Status::Crit
        );
        assert_eq!(
            power_supply(&psu("Enabled", Some("OK"), Some(230.0))).status,
            Status::Ok
        );
    }

    #[test]
    fn volumes_degraded_is_crit_and_rebuilding_warn() {
        let s = |h: &str| State {
            health: Some(h.into()),
            ..State::default()
        };
        assert_eq!(volume("v", &s("OK"), false).message, "Good");
        assert_eq!(volume("v", &s("Warning"), false).status, Status::Crit);
        assert_eq!(volume("v", &s("Warning"), true).status, Status::Warn);
        assert_eq!(volume("v", &s("Critical"), false).message, "Failed");
    }

    fn entry(id: &str, minute: u32, severity: &str) -> SelEntry {
        SelEntry {
            id: id.into(),
            time: Some(Utc.with_ymd_and_hms(2026, 11, 19, 8, minute, 0).unwrap()),
            severity: severity.into(),
            message: format!("event {id}"),
            sensor_type: None,
        }
    }

    #[test]
    fn only_entries_after_the_cursor_are_reported_and_the_newest_are_kept() {
        let entries: Vec<_> = (1..=12)
            .map(|i| {
                entry(
                    &i.to_string(),
                    i,
                    if i == 3 || i == 11 { "Critical" } else { "OK" },
                )
            })
            .collect();
        let (findings, cursor, recent) = sel(entries.clone(), None);
        assert_eq!(findings.len(), 2);
        assert_eq!(recent.len(), RECENT_SEL);
        assert_eq!(recent.last().unwrap().id, "12");
        let cursor = cursor.unwrap();
        assert_eq!(cursor.last_id.as_deref(), Some("12"));
        let mut more = entries.clone();
        more.push(entry("13", 13, "Warning"));
        let (findings, next, _) = sel(more, Some(&cursor));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, Status::Warn);
        assert_eq!(next.unwrap().last_id.as_deref(), Some("13"));
        let (findings, _, _) = sel(entries, Some(&cursor));
        assert_eq!(findings[0].message, "no new log entries");
    }

    #[test]
    fn ids_sort_as_numbers_when_they_are() {
        let c = SelCursor {
            last_id: Some("9".into()),
            last_time: None,
        };
        let mut e = entry("10", 1, "OK");
        e.time = None;
        assert!(is_new(&e, Some(&c)));
        e.id = "9".into();
        assert!(!is_new(&e, Some(&c)));
    }
}
