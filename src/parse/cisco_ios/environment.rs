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

use crate::check::Status;
use crate::parse::device::{clean_output, num, pct, re, text, unrecognised};
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

/// Splits a table row into fields separated by two spaces or more, with the
/// byte offset each field starts at.
fn columns(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut spaces = 0usize;
    let mut last_end = 0usize;
    for (i, ch) in line.char_indices() {
        if ch == ' ' {
            spaces += 1;
            if spaces == 2
                && let Some(s) = start.take()
            {
                out.push((s, &line[s..last_end]));
            }
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
        spaces = 0;
        last_end = i + ch.len_utf8();
    }
    if let Some(s) = start {
        out.push((s, &line[s..last_end]));
    }
    out
}

enum Table {
    None,
    Power(Vec<usize>),
    Fans,
    Sensors(Vec<(usize, String)>),
}

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
            let names = [
                "SW", "PID", "Serial#", "Status", "Sys Pwr", "PoE Pwr", "Watts",
            ];
            table = Table::Power(names.iter().map(|n| line.find(n).unwrap_or(0)).collect());
            continue;
        }
        if re!(r"^Switch\s+FAN\s+Speed\s+State").is_match(t) {
            table = Table::Fans;
            continue;
        }
        if t.contains("Sensor") && t.contains("State") && t.contains("Reading") {
            table = Table::Sensors(
                columns(line)
                    .into_iter()
                    .map(|(at, name)| (at, name.to_ascii_lowercase()))
                    .collect(),
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
            Table::Sensors(header) => {
                if let Some(sensor) = sensor_row(line, header) {
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

/// A power-supply row. Full rows have seven fields; short ones (`1B  Not
/// Present`, a 2960's `1  Built-in  Good`) are placed by the header column
/// nearest to where each field starts.
fn power_row(line: &str, header: &[usize]) -> Option<PowerSupply> {
    let fields = columns(line);
    let (_, module) = *fields.first()?;
    if !re!(r"^\d+[A-Z]?$").is_match(module) {
        return None;
    }
    let mut slots: [Option<String>; 7] = Default::default();
    if fields.len() == 7 {
        for (slot, (_, value)) in slots.iter_mut().zip(&fields) {
            *slot = text(value);
        }
    } else {
        slots[0] = text(module);
        if let Some((_, pid)) = fields.get(1) {
            slots[1] = text(pid);
        }
        for &(at, value) in fields.iter().skip(2) {
            let nearest = (2..header.len().min(7))
                .min_by_key(|&k| header[k].abs_diff(at))
                .unwrap_or(6);
            slots[nearest] = text(value);
        }
    }
    let [ps_module, pid, serial, status, sys_pwr, poe_pwr, watts] = slots;
    Some(PowerSupply {
        ps_module: ps_module?,
        pid,
        serial,
        status,
        sys_pwr,
        poe_pwr,
        // `715`, or `350/0` (system/PoE) on a 3750-X: the first figure.
        watts: watts
            .as_deref()
            .and_then(|w| num(w.split('/').next().unwrap_or(w))),
    })
}

/// A sensor-table row, fields named by the header.
fn sensor_row(line: &str, header: &[(usize, String)]) -> Option<Sensor> {
    let fields = columns(line);
    if fields.len() < 3 {
        return None;
    }
    let mut location = None;
    let mut sensor = None;
    let mut state = None;
    let mut reading = None;
    for (k, (_, value)) in fields.iter().enumerate() {
        let name = header.get(k).map_or("", |(_, n)| n.as_str());
        let slot = if name.contains("sensor") {
            &mut sensor
        } else if name.contains("state") {
            &mut state
        } else if name.contains("reading") {
            &mut reading
        } else if name.contains("location") || name.contains("slot") {
            &mut location
        } else {
            continue;
        };
        *slot = text(value);
    }
    Some(Sensor {
        location,
        sensor: sensor?,
        state: state?,
        reading,
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
    fn columns_split_on_two_spaces() {
        let cols = columns(" 3A  Unknown  No Input Power  Bad ");
        assert_eq!(
            cols,
            vec![
                (1, "3A"),
                (5, "Unknown"),
                (14, "No Input Power"),
                (30, "Bad")
            ]
        );
        assert!(columns("").is_empty());
        assert_eq!(columns("é  ü"), vec![(0, "é"), (4, "ü")]);
    }

    #[test]
    fn nothing_recognised_is_an_error() {
        assert!(parse_show_environment("hello world\n").is_err());
    }
}
