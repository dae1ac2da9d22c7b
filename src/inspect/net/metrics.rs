//! The figures kept in each network-device inspection record: for reports
//! (CPU, memory, routes) and for the next inspection (uptime to tell a
//! reload, error counters to judge only their growth).

use super::facts::Counters;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetMetrics {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uptime_seconds: Option<u64>,
    /// When `uptime_seconds` was read (it is carried over from an earlier
    /// run when this one could not read it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uptime_read_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_pct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_used_pct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_total_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_used_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_route: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interfaces: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interfaces_up: Option<u64>,
    /// Error counters per interface, as read (cumulative since the device
    /// started or the counters were cleared).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub counters: BTreeMap<String, Counters>,
    /// When `counters` were read (carried over like the uptime).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counters_read_at: Option<DateTime<Utc>>,
}

impl NetMetrics {
    /// What a run that could not read the device keeps of the previous
    /// metrics: the uptime and counters with the time they were read, so
    /// that the next run still judges growth since then.
    pub fn carried(previous: &NetMetrics) -> NetMetrics {
        NetMetrics {
            platform: previous.platform.clone(),
            uptime_seconds: previous.uptime_seconds,
            uptime_read_at: previous.uptime_read_at,
            counters: previous.counters.clone(),
            counters_read_at: previous.counters_read_at,
            ..NetMetrics::default()
        }
    }
}
