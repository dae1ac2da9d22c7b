//! Redfish resources as the evaluation needs them: pure functions from the
//! JSON a BMC sends (DMTF schemas: ServiceRoot, ComputerSystem, Chassis,
//! Thermal/Power and their successors ThermalSubsystem/PowerSubsystem/Sensor,
//! Storage/Volume/Drive, LogService/LogEntry) to small typed values.
//!
//! Property names follow the schemas, with the spellings some BMCs use
//! instead where they are known (`HealthRollUp`, `FanName`).

use crate::inspect::hw::SelEntry;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// The `@odata.id` of a resource or a link object.
pub fn odata_id(v: &Value) -> Option<&str> {
    v.get("@odata.id").and_then(Value::as_str)
}

/// The path a link property points to (`"Thermal": {"@odata.id": …}`).
pub fn link(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(odata_id).map(str::to_string)
}

/// The members of a collection: each a path, with the member itself when
/// the BMC expanded it (more than an `@odata.id` inline).
pub fn members(v: &Value) -> Vec<(String, Option<Value>)> {
    v.get("Members")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|m| {
                    let id = odata_id(m)?.to_string();
                    let expanded = m.as_object().is_some_and(|o| o.len() > 1);
                    Some((id, expanded.then(|| m.clone())))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The paths of an array of links (`"Drives": [{"@odata.id": …}]`).
pub fn links(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(odata_id).map(str::to_string).collect())
        .unwrap_or_default()
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn number(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64)
}

/// A resource's `Status`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    /// `Enabled`, `Absent`, `Disabled`, `StandbyOffline`, …
    pub state: Option<String>,
    /// `OK`, `Warning`, `Critical`.
    pub health: Option<String>,
    pub rollup: Option<String>,
}

impl State {
    pub fn of(v: &Value) -> State {
        let s = v.get("Status").unwrap_or(&Value::Null);
        State {
            state: text(s, "State"),
            health: text(s, "Health"),
            rollup: text(s, "HealthRollup").or_else(|| text(s, "HealthRollUp")),
        }
    }

    pub fn absent(&self) -> bool {
        self.state.as_deref() == Some("Absent")
    }
}

/// The name a resource is shown by: `Name`, else its `Id`, else the last
/// part of its path.
pub fn name(v: &Value, path: &str) -> String {
    text(v, "Name")
        .or_else(|| text(v, "MemberId"))
        .or_else(|| text(v, "Id"))
        .or_else(|| text(v, "FanName"))
        .unwrap_or_else(|| path.rsplit('/').next().unwrap_or(path).to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SensorKind {
    Temperature,
    Voltage,
    Fan,
}

impl SensorKind {
    pub fn check(self) -> &'static str {
        match self {
            SensorKind::Temperature => "temperature",
            SensorKind::Voltage => "voltage",
            SensorKind::Fan => "fan",
        }
    }
}

/// Caution (warn), critical and fatal (crit) limits on one side.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Bounds {
    pub caution: Option<f64>,
    pub critical: Option<f64>,
    pub fatal: Option<f64>,
}

/// One reading with the BMC's own thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensor {
    pub kind: SensorKind,
    pub name: String,
    pub reading: Option<f64>,
    /// `Cel`, `V`, `RPM` or `%`.
    pub units: String,
    pub upper: Bounds,
    pub lower: Bounds,
    pub status: State,
    /// The resource it came from (`…/Sensors/CPU1Temp`, `…/Thermal#/Fans/0`).
    pub uri: String,
}

/// The legacy `Thermal` resource's `Temperatures` and `Fans`.
pub fn thermal(v: &Value, path: &str) -> Vec<Sensor> {
    let mut out = Vec::new();
    for (i, t) in array(v, "Temperatures").iter().enumerate() {
        out.push(Sensor {
            kind: SensorKind::Temperature,
            name: name(t, &format!("Temperature {i}")),
            reading: number(t, "ReadingCelsius"),
            units: "Cel".into(),
            upper: legacy_bounds(t, "Upper"),
            lower: legacy_bounds(t, "Lower"),
            status: State::of(t),
            uri: t
                .get("@odata.id")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("{path}#/Temperatures/{i}")),
        });
    }
    for (i, f) in array(v, "Fans").iter().enumerate() {
        let units = text(f, "ReadingUnits").unwrap_or_else(|| "RPM".into());
        out.push(Sensor {
            kind: SensorKind::Fan,
            name: text(f, "Name")
                .or_else(|| text(f, "FanName"))
                .unwrap_or_else(|| name(f, &format!("Fan {i}"))),
            reading: number(f, "Reading"),
            units: if units == "Percent" {
                "%".into()
            } else {
                units
            },
            upper: legacy_bounds(f, "Upper"),
            lower: legacy_bounds(f, "Lower"),
            status: State::of(f),
            uri: odata_id(f)
                .map(str::to_string)
                .unwrap_or_else(|| format!("{path}#/Fans/{i}")),
        });
    }
    out
}

/// The legacy `Power` resource's `Voltages`.
pub fn voltages(v: &Value, path: &str) -> Vec<Sensor> {
    array(v, "Voltages")
        .iter()
        .enumerate()
        .map(|(i, t)| Sensor {
            kind: SensorKind::Voltage,
            name: name(t, &format!("Voltage {i}")),
            reading: number(t, "ReadingVolts"),
            units: "V".into(),
            upper: legacy_bounds(t, "Upper"),
            lower: legacy_bounds(t, "Lower"),
            status: State::of(t),
            uri: odata_id(t)
                .map(str::to_string)
                .unwrap_or_else(|| format!("{path}#/Voltages/{i}")),
        })
        .collect()
}

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// `UpperThresholdNonCritical`, `UpperThresholdCritical`, `UpperThresholdFatal`.
fn legacy_bounds(v: &Value, side: &str) -> Bounds {
    Bounds {
        caution: number(v, &format!("{side}ThresholdNonCritical")),
        critical: number(v, &format!("{side}ThresholdCritical")),
        fatal: number(v, &format!("{side}ThresholdFatal")),
    }
}

/// A `Sensor` resource (Redfish 2020+): temperatures, voltages and fan
/// speeds; other reading types are not judged here.
pub fn sensor(v: &Value, path: &str) -> Option<Sensor> {
    let kind = match v.get("ReadingType").and_then(Value::as_str)? {
        "Temperature" => SensorKind::Temperature,
        "Voltage" => SensorKind::Voltage,
        "Rotational" => SensorKind::Fan,
        _ => return None,
    };
    let thresholds = v.get("Thresholds").unwrap_or(&Value::Null);
    let limit = |key: &str| {
        thresholds
            .get(key)
            .and_then(|t| t.get("Reading"))
            .and_then(Value::as_f64)
    };
    let units = text(v, "ReadingUnits").unwrap_or_else(|| {
        match kind {
            SensorKind::Temperature => "Cel",
            SensorKind::Voltage => "V",
            SensorKind::Fan => "RPM",
        }
        .into()
    });
    Some(Sensor {
        kind,
        name: name(v, path),
        reading: number(v, "Reading"),
        units: if units == "{rev}/min" {
            "RPM".into()
        } else {
            units
        },
        upper: Bounds {
            caution: limit("UpperCaution"),
            critical: limit("UpperCritical"),
            fatal: limit("UpperFatal"),
        },
        lower: Bounds {
            caution: limit("LowerCaution"),
            critical: limit("LowerCritical"),
            fatal: limit("LowerFatal"),
        },
        status: State::of(v),
        uri: odata_id(v).unwrap_or(path).to_string(),
    })
}

/// A `Fan` resource of a `ThermalSubsystem`: its speed, and the sensor
/// that measures it (whose thresholds then apply).
pub fn fan(v: &Value, path: &str) -> (Sensor, Option<String>) {
    let speed = v.get("SpeedPercent").unwrap_or(&Value::Null);
    let (reading, units) = match (number(speed, "SpeedRPM"), number(speed, "Reading")) {
        (Some(rpm), _) => (Some(rpm), "RPM"),
        (None, Some(pct)) => (Some(pct), "%"),
        (None, None) => (None, "RPM"),
    };
    let source = text(speed, "DataSourceUri");
    (
        Sensor {
            kind: SensorKind::Fan,
            name: name(v, path),
            reading,
            units: units.into(),
            upper: Bounds::default(),
            lower: Bounds::default(),
            status: State::of(v),
            uri: odata_id(v).unwrap_or(path).to_string(),
        },
        source,
    )
}

/// `ThermalMetrics.TemperatureReadingsCelsius`: readings without
/// thresholds, for a BMC that has no `Sensors` collection.
pub fn thermal_metrics(v: &Value) -> Vec<Sensor> {
    array(v, "TemperatureReadingsCelsius")
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let uri = text(t, "DataSourceUri").unwrap_or_else(|| format!("#{i}"));
            Sensor {
                kind: SensorKind::Temperature,
                name: text(t, "DeviceName")
                    .unwrap_or_else(|| uri.rsplit('/').next().unwrap_or(&uri).to_string()),
                reading: number(t, "Reading"),
                units: "Cel".into(),
                upper: Bounds::default(),
                lower: Bounds::default(),
                status: State::default(),
                uri,
            }
        })
        .collect()
}

/// A power supply, of either model.
#[derive(Debug, Clone, PartialEq)]
pub struct PowerSupply {
    pub name: String,
    pub status: State,
    pub line_input_voltage: Option<f64>,
}

/// The legacy `Power` resource's `PowerSupplies`.
pub fn legacy_power_supplies(v: &Value) -> Vec<PowerSupply> {
    array(v, "PowerSupplies")
        .iter()
        .enumerate()
        .map(|(i, p)| power_supply(p, &format!("Power Supply {i}")))
        .collect()
}

/// One `PowerSupply` (either model; the newer one keeps the input voltage
/// in its `Metrics`, see [`input_voltage`]).
pub fn power_supply(v: &Value, path: &str) -> PowerSupply {
    PowerSupply {
        name: name(v, path),
        status: State::of(v),
        line_input_voltage: number(v, "LineInputVoltage"),
    }
}

/// `PowerSupplyMetrics.InputVoltage.Reading`.
pub fn input_voltage(metrics: &Value) -> Option<f64> {
    metrics
        .get("InputVoltage")
        .and_then(|v| v.get("Reading"))
        .and_then(Value::as_f64)
}

/// A redundancy group of power supplies.
#[derive(Debug, Clone, PartialEq)]
pub struct Redundancy {
    pub name: String,
    pub mode: Option<String>,
    pub status: State,
}

/// `Power.Redundancy` and `PowerSubsystem.PowerSupplyRedundancy`.
pub fn redundancy(v: &Value) -> Vec<Redundancy> {
    let mut out = Vec::new();
    for (key, mode_key) in [
        ("Redundancy", "Mode"),
        ("PowerSupplyRedundancy", "RedundancyType"),
    ] {
        for (i, r) in array(v, key).iter().enumerate() {
            out.push(Redundancy {
                name: name(r, &format!("Redundancy {i}")),
                mode: text(r, mode_key),
                status: State::of(r),
            });
        }
    }
    out
}

/// A log entry as a [`SelEntry`], with where it sorts among the others.
pub fn log_entry(v: &Value, path: &str) -> SelEntry {
    let time = text(v, "Created")
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc));
    let sensor_type = text(v, "SensorType")
        .or_else(|| text(v, "EntryCode"))
        .or_else(|| text(v, "MessageId"));
    SelEntry {
        id: text(v, "Id").unwrap_or_else(|| name(v, path)),
        time,
        severity: text(v, "Severity").unwrap_or_else(|| "OK".into()),
        message: text(v, "Message")
            .or_else(|| text(v, "Name"))
            .unwrap_or_default(),
        sensor_type,
    }
}

/// Whether a log service is a system event log (`LogEntryType` `SEL`, or
/// `SEL` in its id or name).
pub fn is_sel(v: &Value) -> bool {
    let up = |k: &str| text(v, k).unwrap_or_default().to_ascii_uppercase();
    up("LogEntryType") == "SEL" || up("Id").contains("SEL") || up("Name").contains("SEL")
}

/// A system's power state and health.
#[derive(Debug, Clone, PartialEq)]
pub struct System {
    pub name: String,
    pub power_state: Option<String>,
    pub status: State,
}

pub fn system(v: &Value, path: &str) -> System {
    System {
        name: name(v, path),
        power_state: text(v, "PowerState"),
        status: State::of(v),
    }
}

/// Whether the service root says `$expand` works on collections.
pub fn expands(root: &Value) -> bool {
    let q = root
        .get("ProtocolFeaturesSupported")
        .and_then(|p| p.get("ExpandQuery"))
        .unwrap_or(&Value::Null);
    q.get("Levels").and_then(Value::as_bool) == Some(true)
        && q.get("MaxLevels").and_then(Value::as_u64).unwrap_or(1) >= 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn legacy_thermal_gives_temperatures_and_fans_with_their_thresholds() {
        let v = json!({
            "@odata.id": "/redfish/v1/Chassis/1/Thermal",
            "Temperatures": [{"Name": "CPU1 Temp", "ReadingCelsius": 41,
                "UpperThresholdNonCritical": 80, "UpperThresholdCritical": 90,
                "Status": {"State": "Enabled", "Health": "OK"}}],
            "Fans": [{"FanName": "FAN1", "Reading": 0, "ReadingUnits": "RPM",
                "LowerThresholdCritical": 600, "Status": {"State": "Enabled", "Health": "Critical"}}]
        });
        let s = thermal(&v, "/redfish/v1/Chassis/1/Thermal");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].kind, SensorKind::Temperature);
        assert_eq!(s[0].name, "CPU1 Temp");
        assert_eq!(s[0].reading, Some(41.0));
        assert_eq!(s[0].upper.caution, Some(80.0));
        assert_eq!(s[0].upper.critical, Some(90.0));
        assert_eq!(s[1].name, "FAN1");
        assert_eq!(s[1].lower.critical, Some(600.0));
        assert_eq!(s[1].uri, "/redfish/v1/Chassis/1/Thermal#/Fans/0");
        assert_eq!(s[1].status.health.as_deref(), Some("Critical"));
    }

    #[test]
    fn a_sensor_resource_gives_its_reading_type_and_thresholds() {
        let v = json!({"@odata.id": "/redfish/v1/Chassis/2/Sensors/Inlet", "Name": "Inlet Temp",
            "ReadingType": "Temperature", "Reading": 31.5, "ReadingUnits": "Cel",
            "Thresholds": {"UpperCaution": {"Reading": 30}, "UpperCritical": {"Reading": 40}}});
        let s = sensor(&v, "x").unwrap();
        assert_eq!(s.kind, SensorKind::Temperature);
        assert_eq!(s.upper.caution, Some(30.0));
        assert_eq!(s.upper.critical, Some(40.0));
        assert_eq!(s.lower, Bounds::default());
        let power = json!({"ReadingType": "Power", "Reading": 300});
        assert!(sensor(&power, "x").is_none());
        let rpm =
            json!({"ReadingType": "Rotational", "Reading": 5000, "ReadingUnits": "{rev}/min"});
        assert_eq!(sensor(&rpm, "x").unwrap().units, "RPM");
    }

    #[test]
    fn members_say_whether_they_came_expanded() {
        let v = json!({"Members": [{"@odata.id": "/a"}, {"@odata.id": "/b", "Id": "b"}, {"x": 1}]});
        let m = members(&v);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0], ("/a".to_string(), None));
        assert!(m[1].1.is_some());
    }

    #[test]
    fn status_reads_both_spellings_of_the_rollup() {
        let a = State::of(&json!({"Status": {"HealthRollUp": "Warning"}}));
        let b = State::of(&json!({"Status": {"HealthRollup": "OK", "State": "Absent"}}));
        assert_eq!(a.rollup.as_deref(), Some("Warning"));
        assert_eq!(b.rollup.as_deref(), Some("OK"));
        assert!(b.absent());
    }

    #[test]
    fn log_entries_take_the_sensor_type_else_the_entry_code_else_the_message_id() {
        let e = log_entry(
            &json!({"Id": "7", "Created": "2026-11-19T08:00:00+01:00", "Severity": "Critical",
                "Message": "PSU 2 lost input", "MessageId": "PSU0003", "EntryCode": "Assert"}),
            "/x/7",
        );
        assert_eq!(e.id, "7");
        assert_eq!(e.time.unwrap().to_rfc3339(), "2026-11-19T07:00:00+00:00");
        assert_eq!(e.sensor_type.as_deref(), Some("Assert"));
        let e = log_entry(&json!({"Id": "8", "SensorType": "Power Supply"}), "/x/8");
        assert_eq!(e.severity, "OK");
        assert_eq!(e.sensor_type.as_deref(), Some("Power Supply"));
    }

    #[test]
    fn a_new_model_fan_takes_rpm_over_percent_and_names_its_sensor() {
        let v = json!({"Name": "Fan 3", "SpeedPercent": {"Reading": 40, "SpeedRPM": 4200,
            "DataSourceUri": "/redfish/v1/Chassis/2/Sensors/Fan3"}});
        let (f, src) = fan(&v, "/redfish/v1/Chassis/2/ThermalSubsystem/Fans/3");
        assert_eq!((f.reading, f.units.as_str()), (Some(4200.0), "RPM"));
        assert_eq!(src.as_deref(), Some("/redfish/v1/Chassis/2/Sensors/Fan3"));
    }
}
