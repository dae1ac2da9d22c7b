//! `show environment` in its Catalyst forms: `show environment all`,
//! `… power all`, `… temperature`, `… fan`, and the plain `show environment`
//! of small switches and routers.
//!
//! What these print, and what is read:
//! - status lines `ITEM is STATE`: `FAN is OK`, `Switch 1 FAN 2 is NOT OK`,
//!   `FAN PS-1 is OK`, `TEMPERATURE is OK`, `Switch 1: SYSTEM TEMPERATURE is
//!   OK`, `POWER is OK`, `RPS is NOT PRESENT`, `SYS PS1 is present.`;
//! - temperature readings: `Inlet Temperature Value: 29 Degree Celsius`
//!   followed by `Temperature State`, `Yellow Threshold`, `Red Threshold`
//!   (also `System …` and a bare `Temperature Value:`);
//! - the power-supply table (`SW  PID  Serial#  Status  Sys Pwr  PoE Pwr  Watts`);
//! - the Catalyst 9000 fan table (`Switch FAN Speed State Airflow direction`);
//! - sensor tables (`Sensor  Location  State  Reading` on a Catalyst 9000,
//!   `Slot  Sensor  Current State  Reading` on an ISR 4000).
//!
//! Table rows are read by their words, placed by the header's columns
//! ([`crate::parse::table`]): a serial or sensor name that fills its column
//! has only one space before the next value, and a state word misplaced by
//! the offsets is moved back to its column.

use crate::check::Status;
use crate::parse::device::{clean_output, num, pct, re, text, unrecognised};
use crate::parse::table::{Header, labels, phrase_len};
use serde::{Deserialize, Serialize};

/// A status line: `Switch 1 FAN 2 is OK`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvStatus {
    pub switch: Option<String>,
    /// `FAN`, `FAN 2`, `FAN PS-1`, `SYSTEM TEMPERATURE`, `POWER`, `RPS`.
    pub item: String,
    /// As printed: `OK`, `NOT OK`, `NOT PRESENT`, `FAULTY`.
    pub status: String,
}

/// One temperature sensor's reading (degrees Celsius).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemperatureSensor {
    pub switch: Option<String>,
    /// `inlet`, `hotspot`, `outlet` or `system`.
    pub sensor: String,
    pub temperature_value: Option<f64>,
    /// `GREEN`, `YELLOW`, `RED`.
    pub temperature_state: Option<String>,
    pub yellow_threshold: Option<f64>,
    pub red_threshold: Option<f64>,
}

/// One row of the power-supply table; keys as in ntc-templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PowerSupply {
    /// `1A`, `2B`, or the switch number on a 2960.
    pub ps_module: String,
    /// The part number, `Built-in`, or `Not Present`.
    pub pid: Option<String>,
    pub serial: Option<String>,
    /// `OK`, `No Input Power`, `Bad`.
    pub status: Option<String>,
    pub sys_pwr: Option<String>,
    pub poe_pwr: Option<String>,
    pub watts: Option<u64>,
}

/// A row of a fan or sensor table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sensor {
    /// The switch, slot or module the sensor is on.
    pub location: Option<String>,
    pub sensor: String,
    /// `OK`, `GOOD`, `GREEN`, `Normal`, `Warning`, `Critical`.
    pub state: String,
    /// As printed with its unit: `43 Celsius`, `12045 mV`, `5440 RPM`.
    pub reading: Option<String>,
}

/// Everything `show environment` printed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Environment {
    pub components: Vec<EnvStatus>,
    pub temperatures: Vec<TemperatureSensor>,
    pub power_supplies: Vec<PowerSupply>,
    pub sensors: Vec<Sensor>,
}

/// Something in the environment output that is not OK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvProblem {
    /// What it is: `Switch 1 FAN 2`, `power supply 2B`, `Switch 1 inlet temperature`.
    pub component: String,
    /// What the device said, with the reading when there is one.
    pub state: String,
    pub status: Status,
}

/// The verdict for a state word as Cisco prints it. Absent optional units
/// (`NOT PRESENT`) are not a fault; unknown words are a warning.
pub fn state_status(state: &str) -> Status {
    let s = state.trim().trim_end_matches('.').to_ascii_uppercase();
    match s.as_str() {
        "OK" | "GOOD" | "NORMAL" | "GREEN" | "PRESENT" | "NOT PRESENT" | "N/A" | "NA"
        | "NOT APPLICABLE" | "ON" => Status::Ok,
        "YELLOW" | "WARNING" | "MINOR" => Status::Warn,
        "RED" | "CRITICAL" | "MAJOR" | "SHUTDOWN" | "BAD" | "FAULTY" | "FAIL" | "FAILED"
        | "FAILURE" | "NOT OK" | "NO INPUT POWER" | "OFF" => Status::Crit,
        _ if s.contains("FAIL") || s.contains("FAULT") || s.contains("NOT OK") => Status::Crit,
        _ => Status::Warn,
    }
}

impl TemperatureSensor {
    /// From the state the device gives, else from the value against the
    /// thresholds.
    pub fn status(&self) -> Status {
        if let Some(state) = &self.temperature_state {
            return state_status(state);
        }
        match (
            self.temperature_value,
            self.yellow_threshold,
            self.red_threshold,
        ) {
            (Some(v), _, Some(red)) if v >= red => Status::Crit,
            (Some(v), Some(yellow), _) if v >= yellow => Status::Warn,
            _ => Status::Ok,
        }
    }
}

impl PowerSupply {
    pub fn status(&self) -> Status {
        if self
            .pid
            .as_deref()
            .is_some_and(|p| p.eq_ignore_ascii_case("Not Present"))
        {
            return Status::Ok;
        }
        Status::worst(
            [&self.status, &self.sys_pwr]
                .into_iter()
                .flatten()
                .map(|s| state_status(s)),
        )
    }
}

impl Environment {
    /// Every component, reading or supply that is not OK, worst first.
    pub fn problems(&self) -> Vec<EnvProblem> {
        let on = |switch: &Option<String>| match switch {
            Some(s) => format!("Switch {s} "),
            None => String::new(),
        };
        let mut out = Vec::new();
        for c in &self.components {
            let status = state_status(&c.status);
            if status > Status::Ok {
                out.push(EnvProblem {
                    component: format!("{}{}", on(&c.switch), c.item),
                    state: c.status.clone(),
                    status,
                });
            }
        }
        for t in &self.temperatures {
            let status = t.status();
            if status > Status::Ok {
                let value = t
                    .temperature_value
                    .map(|v| format!(" at {v} °C"))
                    .unwrap_or_default();
                out.push(EnvProblem {
                    component: format!("{}{} temperature", on(&t.switch), t.sensor),
                    state: format!(
                        "{}{value}",
                        t.temperature_state.as_deref().unwrap_or("over threshold")
                    ),
                    status,
                });
            }
        }
        for p in &self.power_supplies {
            let status = p.status();
            if status > Status::Ok {
                let state = [&p.status, &p.sys_pwr]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                out.push(EnvProblem {
                    component: format!("power supply {}", p.ps_module),
                    state,
                    status,
                });
            }
        }
        for s in &self.sensors {
            let status = state_status(&s.state);
            if status > Status::Ok {
                let at = s
                    .location
                    .as_deref()
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default();
                let reading = s
                    .reading
                    .as_deref()
                    .map(|r| format!(" at {r}"))
                    .unwrap_or_default();
                out.push(EnvProblem {
                    component: format!("{}{at}", s.sensor),
                    state: format!("{}{reading}", s.state),
                    status,
                });
            }
        }
        out.sort_by_key(|p| std::cmp::Reverse(p.status));
        out
    }
}

enum Table {
    None,
    Power(Header),
    Fans,
    /// The header's columns, and what each holds.
    Sensors(Header, Vec<SensorColumn>),
}

/// What a column of a sensor table holds, from its label.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SensorColumn {
    Location,
    Sensor,
    State,
    Reading,
    Other,
}

impl SensorColumn {
    fn of(label: &str) -> SensorColumn {
        let label = label.to_ascii_lowercase();
        if label.contains("sensor") {
            SensorColumn::Sensor
        } else if label.contains("state") {
            SensorColumn::State
        } else if label.contains("reading") {
            SensorColumn::Reading
        } else if label.contains("location") || label.contains("slot") {
            SensorColumn::Location
        } else {
            SensorColumn::Other
        }
    }
}

/// The power-supply table's columns, in order.
const POWER_COLUMNS: [&str; 7] = [
    "SW", "PID", "Serial#", "Status", "Sys Pwr", "PoE Pwr", "Watts",
];
const SERIAL: usize = 2;
const STATUS: usize = 3;

/// What the Status column of the power-supply table says.
const POWER_STATES: &[&[&str]] = &[
    &["OK"],
    &["NOT", "OK"],
    &["No", "Input", "Power"],
    &["Bad"],
    &["Faulty"],
    &["Fail"],
    &["Failed"],
    &["Failure"],
    &["Disabled"],
    &["Off"],
];

/// State words of a sensor table.
const SENSOR_STATES: &[&[&str]] = &[
    &["OK"],
    &["NOT", "OK"],
    &["NOT", "PRESENT"],
    &["GOOD"],
    &["BAD"],
    &["Normal"],
    &["GREEN"],
    &["YELLOW"],
    &["RED"],
    &["Warning"],
    &["Minor"],
    &["Major"],
    &["Critical"],
    &["Shutdown"],
    &["Fail"],
    &["Failed"],
    &["Faulty"],
];

/// Parses `show environment` in any of the forms listed at the top.
pub fn parse_show_environment(raw: &str) -> anyhow::Result<Environment> {
    let cleaned = clean_output(raw);
    let status_line = re!(
        r"^(?:Switch\s+(\d+)\s*:?\s+)?([A-Z][A-Z0-9 ./\-]*?)\s+is\s+([A-Za-z][A-Za-z /\-]*?)\.?\s*$"
    );
    let value_line = re!(
        r"^(?:(Inlet|Hotspot|HotSpot|Outlet|System|Exhaust)\s+)?Temperature Value:\s*(-?\d+(?:\.\d+)?)\s*(?:Degree )?C"
    );
    let mut env = Environment::default();
    let mut switch: Option<String> = None;
    let mut table = Table::None;

    for line in cleaned.lines() {
        let t = line.trim();
        if t.is_empty() {
            table = Table::None;
            continue;
        }
        if t.starts_with("---") || t.starts_with("--  ") {
            continue;
        }
        // Table headers.
        if t.starts_with("SW") && t.contains("PID") && t.contains("Serial#") {
            table = match Header::find(line, &POWER_COLUMNS) {
                Some(header) => Table::Power(header),
                None => Table::None,
            };
            continue;
        }
        if re!(r"^Switch\s+FAN\s+Speed\s+State").is_match(t) {
            table = Table::Fans;
            continue;
        }
        if t.contains("Sensor") && t.contains("State") && t.contains("Reading") {
            let labels = labels(line);
            table = Table::Sensors(
                Header::new(labels.iter().map(|&(at, _)| at).collect()),
                labels.iter().map(|&(_, l)| SensorColumn::of(l)).collect(),
            );
            continue;
        }
        match &table {
            Table::Power(header) => {
                if let Some(ps) = power_row(line, header) {
                    env.power_supplies.push(ps);
                    continue;
                }
            }
            Table::Fans => {
                if let Some(c) =
                    re!(r"^(\d+)\s+(\d+)\s+(\d+)\s+(NOT OK|NOT PRESENT|\S+)").captures(t)
                {
                    switch = Some(c[1].to_string());
                    env.sensors.push(Sensor {
                        location: Some(c[1].to_string()),
                        sensor: format!("FAN {}", &c[2]),
                        state: c[4].to_string(),
                        reading: Some(format!("{} RPM", &c[3])),
                    });
                    continue;
                }
            }
            Table::Sensors(header, kinds) => {
                if let Some(sensor) = sensor_row(line, header, kinds) {
                    env.sensors.push(sensor);
                    continue;
                }
            }
            Table::None => {}
        }
        if let Some(c) = value_line.captures(t) {
            env.temperatures.push(TemperatureSensor {
                switch: switch.clone(),
                sensor: c
                    .get(1)
                    .map_or("system".to_string(), |m| m.as_str().to_ascii_lowercase()),
                temperature_value: pct(&c[2]),
                temperature_state: None,
                yellow_threshold: None,
                red_threshold: None,
            });
            continue;
        }
        if let Some(c) = re!(r"^(?:\w+\s+)?Temperature State:\s*(\w+)").captures(t) {
            if let Some(last) = env.temperatures.last_mut() {
                last.temperature_state = text(&c[1]);
            }
            continue;
        }
        if let Some(c) = re!(r"^(Yellow|Red) Threshold\s*:\s*(-?\d+(?:\.\d+)?)").captures(t) {
            if let Some(last) = env.temperatures.last_mut() {
                if &c[1] == "Yellow" {
                    last.yellow_threshold = pct(&c[2]);
                } else {
                    last.red_threshold = pct(&c[2]);
                }
            }
            continue;
        }
        if let Some(c) = status_line.captures(t) {
            // `FAN PS-1 is OK` after `Switch 2 FAN 3 is OK` is switch 2's.
            if let Some(n) = c.get(1) {
                switch = Some(n.as_str().to_string());
            }
            env.components.push(EnvStatus {
                switch: switch.clone(),
                item: c[2].trim().to_string(),
                status: c[3].trim().to_string(),
            });
        }
    }
    if env.components.is_empty()
        && env.temperatures.is_empty()
        && env.power_supplies.is_empty()
        && env.sensors.is_empty()
    {
        return Err(unrecognised("show environment"));
    }
    Ok(env)
}

/// A power-supply row: its words go to the header's columns (short rows
/// such as `1B  Not Present` or a 2960's `1  Built-in  Good` included), and a
/// status word the offsets put under Serial# is moved to Status.
fn power_row(line: &str, header: &Header) -> Option<PowerSupply> {
    let mut row = header.row(line);
    let module = row.words().first()?.text;
    if !re!(r"^\d+[A-Z]?$").is_match(module) {
        return None;
    }
    row.anchor(STATUS, SERIAL, |words| phrase_len(words, POWER_STATES));
    let cell = |k: usize| row.cell(k).and_then(text);
    Some(PowerSupply {
        ps_module: module.to_string(),
        pid: cell(1),
        serial: cell(SERIAL),
        status: cell(STATUS),
        sys_pwr: cell(4),
        poe_pwr: cell(5),
        // `715`, or `350/0` (system/PoE) on a 3750-X: the first figure.
        watts: cell(6)
            .as_deref()
            .and_then(|w| num(w.split('/').next().unwrap_or(w))),
    })
}

/// A sensor-table row, its words placed by the header; a state word the
/// offsets put under an earlier column (a sensor name filling its column)
/// is moved to the state column.
fn sensor_row(line: &str, header: &Header, kinds: &[SensorColumn]) -> Option<Sensor> {
    let mut row = header.row(line);
    if row.words().len() < 3 {
        return None;
    }
    let column = |kind: SensorColumn| kinds.iter().position(|&k| k == kind);
    let state_at = column(SensorColumn::State)?;
    row.anchor(state_at, 0, |words| phrase_len(words, SENSOR_STATES));
    let cell = |kind: SensorColumn| column(kind).and_then(|k| row.cell(k)).and_then(text);
    Some(Sensor {
        location: cell(SensorColumn::Location),
        sensor: cell(SensorColumn::Sensor)?,
        state: cell(SensorColumn::State)?,
        reading: cell(SensorColumn::Reading),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_2960_show_environment() {
        let raw = "sw1#show environment\r\nFAN is OK\r\nTEMPERATURE is OK\r\nPOWER is OK\r\nRPS is NOT PRESENT\r\nsw1#";
        let env = parse_show_environment(raw).unwrap();
        assert_eq!(env.components.len(), 4);
        assert_eq!(env.components[3].item, "RPS");
        assert_eq!(env.components[3].status, "NOT PRESENT");
        assert!(env.problems().is_empty());
    }

    #[test]
    fn faulty_fan_and_hot_sensor_are_problems() {
        let raw = "Switch 1 FAN 1 is OK\nSwitch 1 FAN 2 is NOT OK\nSYSTEM TEMPERATURE is OK\nSystem Temperature Value: 61 Degree Celsius\nSystem Temperature State: YELLOW\nYellow Threshold : 60 Degree Celsius\nRed Threshold    : 70 Degree Celsius\n";
        let env = parse_show_environment(raw).unwrap();
        assert_eq!(env.temperatures[0].sensor, "system");
        assert_eq!(env.temperatures[0].temperature_value, Some(61.0));
        let problems = env.problems();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].component, "Switch 1 FAN 2");
        assert_eq!(problems[0].status, Status::Crit);
        assert_eq!(problems[1].status, Status::Warn);
    }

    #[test]
    fn nothing_recognised_is_an_error() {
        assert!(parse_show_environment("hello world\n").is_err());
    }
}
