//! BMC sensors from `ipmitool sdr elist` (`NAME | ID | STATUS | ENTITY |
//! READING`) or `ipmitool sdr` (`NAME | READING | STATUS`), and the `ipmi`
//! section of the collection script:
//!
//! ```text
//! tool ipmitool /usr/bin/ipmitool
//! run sdr 0                        (or `noperm REASON`)
//! | CPU1 Temp        | 0Eh | cr  |  3.1 | 98 degrees C
//! ```

use super::raidctl::{Outcome, blocks, outcome};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sensor {
    pub name: String,
    /// As ipmitool prints it: `ok`, `cr`, `nr`, `nc`, `ns`, `lnc`, `ucr`…
    pub status: String,
    pub reading: String,
}

/// The sensor lines; lines that are not `|`-separated tables are ignored,
/// and output without any sensor line is an error.
pub fn parse_sdr(text: &str) -> Result<Vec<Sensor>, String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        let (name, status, reading) = match cols.len() {
            5 => (cols[0], cols[2], cols[4]),
            3 => (cols[0], cols[2], cols[1]),
            _ => continue,
        };
        if name.is_empty() || status.is_empty() || status.contains(' ') {
            continue;
        }
        out.push(Sensor {
            name: name.to_string(),
            status: status.to_ascii_lowercase(),
            reading: reading.to_string(),
        });
    }
    if out.is_empty() {
        let first = text.lines().map(str::trim).find(|l| !l.is_empty());
        return Err(match first {
            Some(l) => format!("no sensor lines: {}", super::single::clip(l)),
            None => "no sensor lines".to_string(),
        });
    }
    Ok(out)
}

/// One line of `ipmitool sensor` (`NAME | READING | UNIT | STATUS | LNR |
/// LCR | LNC | UNC | UCR | UNR`): an analog sensor's reading and the
/// thresholds the BMC judges it by (`na` where it has none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SensorThresholds {
    pub name: String,
    pub reading: Option<f64>,
    /// `degrees C`, `Volts`, `RPM`, `discrete`…
    pub unit: String,
    /// `ok`, `nc`, `cr`, `nr`, `na`, or a discrete sensor's state bits (`0x0100`).
    pub status: String,
    pub lower_non_recoverable: Option<f64>,
    pub lower_critical: Option<f64>,
    pub lower_non_critical: Option<f64>,
    pub upper_non_critical: Option<f64>,
    pub upper_critical: Option<f64>,
    pub upper_non_recoverable: Option<f64>,
}

fn number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.starts_with("0x") {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The lines of `ipmitool sensor`; other lines are ignored, and output
/// without any sensor line is an error.
pub fn parse_sensor_list(text: &str) -> Result<Vec<SensorThresholds>, String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let c: Vec<&str> = line.split('|').map(str::trim).collect();
        if c.len() < 10 || c[0].is_empty() {
            continue;
        }
        out.push(SensorThresholds {
            name: c[0].to_string(),
            reading: number(c[1]),
            unit: c[2].to_string(),
            status: c[3].to_ascii_lowercase(),
            lower_non_recoverable: number(c[4]),
            lower_critical: number(c[5]),
            lower_non_critical: number(c[6]),
            upper_non_critical: number(c[7]),
            upper_critical: number(c[8]),
            upper_non_recoverable: number(c[9]),
        });
    }
    if out.is_empty() {
        return Err(no_lines("sensor", text));
    }
    Ok(out)
}

fn no_lines(what: &str, text: &str) -> String {
    match text.lines().map(str::trim).find(|l| !l.is_empty()) {
        Some(l) => format!("no {what} lines: {}", super::single::clip(l)),
        None => format!("no {what} lines"),
    }
}

/// `ipmitool chassis status`: the power state and the faults the BMC
/// reports (each `None` where the line is missing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChassisStatus {
    pub power_on: Option<bool>,
    pub power_overload: Option<bool>,
    pub main_power_fault: Option<bool>,
    pub power_control_fault: Option<bool>,
    pub drive_fault: Option<bool>,
    pub cooling_fault: Option<bool>,
    pub intrusion: Option<bool>,
    /// `Last Power Event` as printed (`ac-failed`, `overload`, …), if any.
    pub last_power_event: Option<String>,
}

/// `KEY : VALUE` lines of `ipmitool chassis status`; output without a
/// `System Power` line is an error.
pub fn parse_chassis_status(text: &str) -> Result<ChassisStatus, String> {
    let mut c = ChassisStatus::default();
    let flag = |v: &str| match v {
        "true" | "active" => Some(true),
        "false" | "inactive" => Some(false),
        _ => None,
    };
    for line in text.lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim().to_ascii_lowercase();
        match k.trim() {
            "System Power" => {
                c.power_on = match v.as_str() {
                    "on" => Some(true),
                    "off" => Some(false),
                    _ => None,
                }
            }
            "Power Overload" => c.power_overload = flag(&v),
            "Main Power Fault" => c.main_power_fault = flag(&v),
            "Power Control Fault" => c.power_control_fault = flag(&v),
            "Drive Fault" => c.drive_fault = flag(&v),
            "Cooling/Fan Fault" => c.cooling_fault = flag(&v),
            "Chassis Intrusion" => c.intrusion = flag(&v),
            "Last Power Event" if !v.is_empty() => c.last_power_event = Some(v),
            _ => {}
        }
    }
    if c.power_on.is_none() {
        return Err(no_lines("chassis status", text)
            .replace("no chassis status lines", "no System Power line"));
    }
    Ok(c)
}

/// One line of `ipmitool sel elist`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SelLine {
    /// The record id as printed (hexadecimal).
    pub id: String,
    /// When the BMC logged it; `None` for `Pre-Init` times (before the
    /// BMC's clock was set) and times not understood.
    pub time: Option<chrono::NaiveDateTime>,
    /// The sensor's type as ipmitool names it (`Memory`, `Power Supply`).
    pub sensor_type: Option<String>,
    /// The sensor: `Memory #0x05`, or its type and name (`Temperature CPU Temp`).
    pub sensor: String,
    /// `Uncorrectable ECC`, `Upper Critical going high`, …
    pub event: String,
    /// `Asserted` (true) or `Deasserted` (false).
    pub asserted: Option<bool>,
    /// What follows (`Reading 95 > Threshold 90 degrees C`).
    pub detail: Option<String>,
}

/// The sensor types ipmitool names (IPMI 2.0 table 42-3), longest first
/// where one is the start of another.
const SENSOR_TYPES: &[&str] = &[
    "Temperature",
    "Voltage",
    "Current",
    "Fan",
    "Physical Security",
    "Platform Security",
    "Processor",
    "Power Supply",
    "Power Unit",
    "Cooling Device",
    "Other",
    "Memory",
    "Drive Slot / Bay",
    "Drive Slot (Bay)",
    "POST Memory Resize",
    "System Firmwares",
    "System Firmware Progress",
    "Event Logging Disabled",
    "Watchdog1",
    "Watchdog2",
    "Watchdog",
    "System Event",
    "Critical Interrupt",
    "Button",
    "Button / Switch",
    "Module / Board",
    "Module/Board",
    "Microcontroller",
    "Add-in Card",
    "Chassis",
    "Chip Set",
    "Other FRU",
    "Cable / Interconnect",
    "Terminator",
    "System Boot Initiated",
    "System Boot / Restart Initiated",
    "Boot Error",
    "OS Boot",
    "OS Critical Stop",
    "OS Stop / Shutdown",
    "Slot / Connector",
    "System ACPI Power State",
    "Platform Alert",
    "Entity Presence",
    "Monitor ASIC",
    "LAN",
    "Management Subsys Health",
    "Management Subsystem Health",
    "Battery",
    "Session Audit",
    "Version Change",
    "FRU State",
];

/// The sensor type at the start of an elist sensor column.
fn sensor_type_of(sensor: &str) -> Option<String> {
    SENSOR_TYPES
        .iter()
        .filter(|t| {
            sensor == **t
                || sensor
                    .strip_prefix(**t)
                    .is_some_and(|rest| rest.starts_with(' '))
        })
        .max_by_key(|t| t.len())
        .map(|t| t.to_string())
        .or_else(|| {
            sensor
                .split_once(" #0x")
                .map(|(t, _)| t.trim().to_string())
                .filter(|t| !t.is_empty())
        })
}

fn sel_time(date: &str, time: &str) -> Option<chrono::NaiveDateTime> {
    let time = time.split_whitespace().next()?;
    chrono::NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%m/%d/%Y %H:%M:%S").ok()
}

/// The lines of `ipmitool sel elist` (or `sel list`): `ID | DATE | TIME |
/// SENSOR | EVENT | DIRECTION [| DETAIL]`. `SEL has no entries` is an
/// empty log; output with neither is an error.
pub fn parse_sel_elist(text: &str) -> Result<Vec<SelLine>, String> {
    let mut out = Vec::new();
    let mut empty = false;
    for line in text.lines() {
        if line.trim() == "SEL has no entries" {
            empty = true;
            continue;
        }
        let c: Vec<&str> = line.split('|').map(str::trim).collect();
        if c.len() < 5 || c[0].is_empty() || !c[0].chars().all(|ch| ch.is_ascii_hexdigit()) {
            continue;
        }
        let sensor = c[3].to_string();
        let (event, asserted, rest) = match c.get(5).copied() {
            Some("Asserted") => (c[4], Some(true), 6),
            Some("Deasserted") => (c[4], Some(false), 6),
            _ => (c[4], None, 5),
        };
        let detail = c[rest.min(c.len())..].join(" | ");
        out.push(SelLine {
            id: c[0].to_string(),
            time: sel_time(c[1], c[2]),
            sensor_type: sensor_type_of(&sensor),
            sensor,
            event: event.to_string(),
            asserted,
            detail: (!detail.trim().is_empty()).then(|| detail.trim().to_string()),
        });
    }
    if out.is_empty() && !empty {
        return Err(no_lines("SEL", text));
    }
    Ok(out)
}

/// The `ipmi` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpmiSection {
    pub path: String,
    pub sensors: Outcome<Vec<Sensor>>,
}

/// The `ipmi` section: the tool path and the sensors.
pub fn parse_section(text: &str) -> Result<IpmiSection, String> {
    let b = blocks(text, &["tool"]);
    let b = b.first().ok_or("no ipmitool tool line")?;
    let o = outcome(b, "ipmitool", |text, rc| match parse_sdr(text) {
        Ok(s) => Outcome::Parsed(s),
        Err(e) if rc == Some(0) => Outcome::Failed(format!("ipmitool sdr: {e}")),
        Err(_) => Outcome::Failed(format!(
            "ipmitool sdr failed with status {}{}",
            rc.unwrap_or(-1),
            text.lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(|l| format!(": {}", super::single::clip(l)))
                .unwrap_or_default()
        )),
    });
    Ok(IpmiSection {
        path: b.head.get(2).cloned().unwrap_or_default(),
        sensors: o,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elist_and_plain_sdr() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/hw/ipmitool-sdr-elist.txt"
        ))
        .unwrap();
        let s = parse_sdr(&text).unwrap();
        assert_eq!(s.len(), 9);
        assert_eq!(s[2].name, "CPU1 Temp");
        assert_eq!(s[2].status, "cr");
        assert_eq!(s[2].reading, "98 degrees C");
        assert_eq!(s[4].status, "nc");
        assert_eq!(s[6].status, "nr");
        assert_eq!(s[7].status, "ns");
        let s = parse_sdr("Fan1             | 5400 RPM          | ok\nPS1              | 0x01              | ok\n").unwrap();
        assert_eq!(s[0].reading, "5400 RPM");
        assert!(parse_sdr("Could not open device at /dev/ipmi0").is_err());
    }

    #[test]
    fn section_outcomes() {
        let IpmiSection { path, sensors: o } = parse_section(
            "tool ipmitool /usr/bin/ipmitool\nrun sdr 1\n| Could not open device at /dev/ipmi0 or /dev/ipmi/0 or /dev/ipmidev/0: Permission denied\n",
        )
        .unwrap();
        assert_eq!(path, "/usr/bin/ipmitool");
        assert!(matches!(o, Outcome::NotPermitted(r) if r.starts_with("permission denied")));
    }

    #[test]
    fn sensor_list_with_thresholds() {
        let text = "CPU Temp         | 95.000     | degrees C  | cr    | na        | na        | na        | 80.000    | 90.000    | 100.000   \n\
            PS1 Status       | 0x0        | discrete   | 0x0100| na        | na        | na        | na        | na        | na        \n\
            Fan1             | na         | RPM        | na    | na        | 300.000   | 500.000   | na        | na        | na        \n";
        let s = parse_sensor_list(text).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].reading, Some(95.0));
        assert_eq!(s[0].status, "cr");
        assert_eq!(s[0].upper_critical, Some(90.0));
        assert_eq!(s[0].upper_non_critical, Some(80.0));
        assert_eq!(s[0].lower_critical, None);
        assert_eq!(s[1].reading, None);
        assert_eq!(s[1].unit, "discrete");
        assert_eq!(s[2].reading, None);
        assert_eq!(s[2].lower_critical, Some(300.0));
        assert!(parse_sensor_list("Error: Unable to establish IPMI v2 / RMCP+ session").is_err());
    }

    #[test]
    fn chassis_status_power_and_faults() {
        let text = "System Power         : on\nPower Overload       : true\nPower Interlock      : inactive\n\
            Main Power Fault     : true\nPower Control Fault  : false\nPower Restore Policy : always-off\n\
            Last Power Event     : \nChassis Intrusion    : inactive\nFront-Panel Lockout  : inactive\n\
            Drive Fault          : false\nCooling/Fan Fault    : true\n";
        let c = parse_chassis_status(text).unwrap();
        assert_eq!(c.power_on, Some(true));
        assert_eq!(c.power_overload, Some(true));
        assert_eq!(c.main_power_fault, Some(true));
        assert_eq!(c.power_control_fault, Some(false));
        assert_eq!(c.cooling_fault, Some(true));
        assert_eq!(c.drive_fault, Some(false));
        assert_eq!(c.intrusion, Some(false));
        assert_eq!(c.last_power_event, None);
        let c =
            parse_chassis_status("System Power         : off\nLast Power Event     : ac-failed\n")
                .unwrap();
        assert_eq!(c.power_on, Some(false));
        assert_eq!(c.last_power_event.as_deref(), Some("ac-failed"));
        assert_eq!(c.power_overload, None);
        assert!(
            parse_chassis_status("Error: Unable to establish IPMI v2 / RMCP+ session").is_err()
        );
    }

    #[test]
    fn sel_elist_lines() {
        let text = "   1 |  Pre-Init  |0000025094| Memory #0x05 | Uncorrectable ECC | Asserted\n\
            \x20  2 | 12/04/2026 | 21:50:07 | Power Supply PS2 Status | Failure detected | Asserted\n\
            \x20  3 | 12/04/2026 | 21:51:00 UTC | Temperature CPU Temp | Upper Critical going high | Asserted | Reading 95 > Threshold 90 degrees C\n\
            \x20 1a | 12/04/2026 | 21:52:00 | Drive Slot / Bay #0x21 | Drive Fault | Deasserted\n\
            \x20 1b | 12/04/2026 | 21:53:00 | Event Logging Disabled #0x07 | Log area reset/cleared | Asserted\n";
        let s = parse_sel_elist(text).unwrap();
        assert_eq!(s.len(), 5);
        assert_eq!(s[0].id, "1");
        assert_eq!(s[0].time, None);
        assert_eq!(s[0].sensor_type.as_deref(), Some("Memory"));
        assert_eq!(s[0].event, "Uncorrectable ECC");
        assert_eq!(s[0].asserted, Some(true));
        assert_eq!(s[1].sensor_type.as_deref(), Some("Power Supply"));
        assert_eq!(s[1].time.unwrap().to_string(), "2026-12-04 21:50:07");
        assert_eq!(s[2].sensor_type.as_deref(), Some("Temperature"));
        assert_eq!(
            s[2].detail.as_deref(),
            Some("Reading 95 > Threshold 90 degrees C")
        );
        assert!(s[2].time.is_some());
        assert_eq!(s[3].id, "1a");
        assert_eq!(s[3].sensor_type.as_deref(), Some("Drive Slot / Bay"));
        assert_eq!(s[3].asserted, Some(false));
        assert_eq!(s[4].sensor_type.as_deref(), Some("Event Logging Disabled"));
        assert_eq!(parse_sel_elist("SEL has no entries\n").unwrap(), vec![]);
        assert!(parse_sel_elist("Error: Unable to establish IPMI v2 / RMCP+ session").is_err());
    }
}
