//! What a hardware inspection keeps in its record for the next run (where
//! the SEL was read up to) and for the fault trees (power state, the last
//! log entries, the UPS's state): the `metrics` of an `inspect/hw/…` record.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HwMetrics {
    /// `redfish`, `ipmi` or `nut`.
    pub protocol: String,
    /// The `[[host]]`s it serves (a BMC's server, the servers a UPS
    /// powers), so that reports put the hardware beside its hosts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// The chassis or system power state as the BMC says it (`On`, `Off`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub power_state: Option<String>,
    /// The BMC's own health rollup (`OK`, `Warning`, `Critical`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health: Option<String>,
    /// Where the SEL was read up to: the next run reports only newer entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sel: Option<SelCursor>,
    /// The newest log entries (at most [`RECENT_SEL`]), newest last: the
    /// front-panel LCD code of the procedures, read by the fault trees.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sel_recent: Vec<SelEntry>,
    /// A UPS's state (NUT).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ups: Option<UpsState>,
    /// Sensor readings by name (°C, V, RPM, %), for trends.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub readings: BTreeMap<String, f64>,
}

/// How many of the newest SEL entries a record keeps.
pub const RECENT_SEL: usize = 10;

/// Where a log was read up to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SelCursor {
    /// The newest entry's id as the BMC numbers them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_id: Option<String>,
    /// The newest entry's time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_time: Option<DateTime<Utc>>,
}

/// One system event log entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SelEntry {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<DateTime<Utc>>,
    /// `OK`, `Warning` or `Critical` (Redfish's words; IPMI's are mapped).
    pub severity: String,
    pub message: String,
    /// What the entry is about (`Memory`, `Power Supply`, `Processor`, …),
    /// for the fault trees that look for one kind of event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensor_type: Option<String>,
}

/// A UPS as NUT reports it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UpsState {
    /// `ups.status` as sent (`OL`, `OB LB`, …).
    pub status: String,
    pub online: bool,
    pub on_battery: bool,
    pub low_battery: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charge_pct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_voltage: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_pct: Option<f64>,
}
