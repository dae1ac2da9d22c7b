//! A BMC over Redfish (DMTF DSP0266): HTTPS and JSON, natively.
//!
//! - [`client`]: one ureq agent per BMC (one TLS session, kept alive),
//!   every request bounded by the deadline, the size cap and a count.
//! - [`tls`]: whom a certificate is trusted for (CA, system roots, pinned
//!   fingerprints in the known-certificates file).
//! - [`model`]: the resources as typed values (pure).
//! - [`evaluate`]: those values as findings (pure).
//!
//! The walk starts at `/redfish/v1` and follows the `@odata.id` links the
//! BMC gives, never paths of its own: Systems (power state, health,
//! Memory, Processors, Storage with its controllers, volumes and drives,
//! LogServices), Chassis (the newer ThermalSubsystem, PowerSubsystem and
//! Sensors where the BMC has them, else the older Thermal and Power) and
//! Managers (LogServices). Each path is read once, so links that go round
//! in circles end.

pub mod client;
pub mod evaluate;
pub mod model;
pub mod tls;

use super::run::HwJob;
use super::{Collected, HwError, HwLimits, HwMetrics, SelEntry};
use crate::check::Finding;
use client::{Client, Fault};
use model::Sensor;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Instant;
use tls::{PinningVerifier, Trust, Verdict};

pub fn inspect(job: &HwJob, limits: &HwLimits, deadline: Instant) -> Result<Collected, HwError> {
    let target = &job.target;
    let Some(user) = target.user.as_deref() else {
        return Err(HwError::Failed(format!(
            "no user for {}: set user on its [[bmc]] entry or write redfish://USER@{}",
            target.name, target.address
        )));
    };
    let Some(password) = job.password.as_ref() else {
        return Err(HwError::Failed(format!(
            "no password for {user}@{}: set the variable named by the entry's password_env{}",
            target.address,
            target
                .password_env
                .as_deref()
                .map(|v| format!(" ({v})"))
                .unwrap_or_default()
        )));
    };
    let trust = if let Some(fp) = &target.fingerprint {
        Trust::Pinned(
            super::target::parse_fingerprint(fp)
                .ok_or_else(|| HwError::Failed(format!("bad fingerprint {fp:?}")))?,
        )
    } else if let Some(ca) = &target.ca {
        Trust::Ca(ca.clone())
    } else {
        Trust::Known {
            file: limits.known_certs.clone(),
            key: tls::key(&target.address, target.port),
            accept_new: limits.accept_new_certs,
        }
    };
    // ring builds with a C compiler alone (aws-lc-rs wants more); its lack
    // of post-quantum key exchange does not matter to BMCs, which offer none.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Arc::new(PinningVerifier::new(trust, &provider).map_err(HwError::Failed)?);
    let client = Client::new(target, Some(password), verifier, provider, limits, deadline)?;
    let mut walk = Walk {
        client,
        seen: BTreeSet::new(),
        findings: Vec::new(),
        out_of_budget: false,
        expand: false,
    };
    let root = match walk.client.get("/redfish/v1") {
        Ok(v) => v,
        Err(Fault::Target(e)) => return Err(e),
        Err(Fault::Resource(m) | Fault::Missing(m) | Fault::Budget(m)) => {
            return Err(HwError::Failed(m));
        }
    };
    let mut pinned = Vec::new();
    if let Some(Verdict::New { presented }) = walk.client.verdict() {
        tls::append_known(
            &limits.known_certs,
            &tls::key(&target.address, target.port),
            &presented,
        )
        .map_err(|e| {
            HwError::Failed(format!(
                "cannot pin the certificate in {}: {e}",
                limits.known_certs.display()
            ))
        })?;
        pinned.push(
            Finding::ok("certificate", format!("pinned {presented} (first seen)"))
                .value(presented.as_str()),
        );
    }
    walk.seen.insert("/redfish/v1".into());
    walk.expand = model::expands(&root);
    let mut metrics = HwMetrics {
        protocol: "redfish".into(),
        ..HwMetrics::default()
    };
    let mut entries = Vec::new();
    walk.systems(&root, &mut metrics, &mut entries)?;
    walk.chassis(&root, &mut metrics)?;
    walk.managers(&root, &mut entries)?;
    let previous = job.previous.as_ref().and_then(|p| p.sel.as_ref());
    let (sel_findings, cursor, recent) = evaluate::sel(entries, previous);
    let mut findings = pinned;
    findings.append(&mut walk.findings);
    findings.extend(sel_findings);
    metrics.sel = cursor;
    metrics.sel_recent = recent;
    Ok(Collected { findings, metrics })
}

/// The walk through one BMC's resources.
struct Walk {
    client: Client,
    seen: BTreeSet<String>,
    findings: Vec<Finding>,
    out_of_budget: bool,
    /// The BMC expands collections with `$expand=.($levels=1)`.
    expand: bool,
}

impl Walk {
    /// A resource not read before; a resource that cannot be read is an
    /// unknown finding naming it and the walk goes on; the target's end
    /// (down, deadline, refused) stops it.
    fn get(&mut self, path: &str) -> Result<Option<Value>, HwError> {
        let path = path.split('#').next().unwrap_or(path).to_string();
        if !path.starts_with("/redfish/v1") || self.out_of_budget || !self.seen.insert(path.clone())
        {
            return Ok(None);
        }
        match self.client.get(&path) {
            Ok(v) => Ok(Some(v)),
            Err(Fault::Target(e)) => Err(e),
            Err(Fault::Resource(m)) => {
                self.findings
                    .push(Finding::unknown("redfish", m).subject(path.as_str()));
                Ok(None)
            }
            Err(Fault::Missing(m)) => {
                self.findings.push(
                    Finding::skip(
                        "redfish",
                        format!("{m} (linked, but the BMC does not have it)"),
                    )
                    .subject(path.as_str()),
                );
                Ok(None)
            }
            Err(Fault::Budget(m)) => {
                self.out_of_budget = true;
                self.findings.push(Finding::unknown("redfish", m));
                Ok(None)
            }
        }
    }

    /// The members of the collection a property links to, each read
    /// (or taken as expanded), following `Members@odata.nextLink`.
    fn collection(&mut self, parent: &Value, key: &str) -> Result<Vec<(String, Value)>, HwError> {
        let Some(mut path) = model::link(parent, key) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        loop {
            let query = if self.expand && !path.contains('?') {
                format!("{path}?$expand=.($levels=1)")
            } else {
                path.clone()
            };
            let Some(c) = self.get(&query)? else { break };
            for (member, inline) in model::members(&c) {
                let value = match inline {
                    Some(v) => {
                        self.seen.insert(member.clone());
                        Some(v)
                    }
                    None => self.get(&member)?,
                };
                if let Some(v) = value {
                    out.push((member, v));
                }
            }
            match c.get("Members@odata.nextLink").and_then(Value::as_str) {
                Some(next) => path = next.to_string(),
                None => break,
            }
        }
        Ok(out)
    }

    fn systems(
        &mut self,
        root: &Value,
        metrics: &mut HwMetrics,
        entries: &mut Vec<SelEntry>,
    ) -> Result<(), HwError> {
        for (path, sys) in self.collection(root, "Systems")? {
            let s = model::system(&sys, &path);
            if metrics.power_state.is_none() {
                metrics.power_state = s.power_state.clone();
                metrics.health = s.status.rollup.clone().or(s.status.health.clone());
            }
            self.findings.extend(evaluate::system(&s));
            for (key, check, what) in [
                ("Memory", "memory", "DIMMs"),
                ("Processors", "cpu", "processors"),
            ] {
                let parts: Vec<_> = self
                    .collection(&sys, key)?
                    .iter()
                    .map(|(p, v)| (model::name(v, p), model::State::of(v)))
                    .collect();
                self.findings.extend(evaluate::parts(check, what, &parts));
            }
            self.storage(&sys)?;
            self.logs(&sys, entries)?;
        }
        Ok(())
    }

    fn storage(&mut self, system: &Value) -> Result<(), HwError> {
        let mut drives = Vec::new();
        for (path, st) in self.collection(system, "Storage")? {
            let inline = st
                .get("StorageControllers")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let mut controllers: Vec<(String, Value)> = inline
                .into_iter()
                .enumerate()
                .map(|(i, c)| (format!("{path}#/StorageControllers/{i}"), c))
                .collect();
            if controllers.is_empty() {
                controllers = self.collection(&st, "Controllers")?;
            }
            for (p, c) in &controllers {
                let state = model::State::of(c);
                if !state.absent() {
                    self.findings
                        .push(evaluate::controller(&model::name(c, p), &state));
                }
            }
            for (p, v) in self.collection(&st, "Volumes")? {
                let rebuilding = v
                    .get("Operations")
                    .and_then(Value::as_array)
                    .is_some_and(|ops| {
                        ops.iter().any(|o| {
                            o.get("OperationName")
                                .and_then(Value::as_str)
                                .is_some_and(|n| n.contains("Rebuild"))
                        })
                    });
                self.findings.push(evaluate::volume(
                    &model::name(&v, &p),
                    &model::State::of(&v),
                    rebuilding,
                ));
            }
            for d in model::links(&st, "Drives") {
                if let Some(v) = self.get(&d)? {
                    drives.push((model::name(&v, &d), model::State::of(&v)));
                }
            }
        }
        self.findings
            .extend(evaluate::parts("storage.drive", "drives", &drives));
        Ok(())
    }

    /// The entries of the resource's log services: its SEL where it names
    /// one, else every log it has.
    fn logs(&mut self, parent: &Value, entries: &mut Vec<SelEntry>) -> Result<(), HwError> {
        let services = self.collection(parent, "LogServices")?;
        let sel: Vec<_> = services.iter().filter(|(_, v)| model::is_sel(v)).collect();
        let chosen: Vec<_> = if sel.is_empty() {
            services.iter().collect()
        } else {
            sel
        };
        for (_, service) in chosen {
            for (p, e) in self.collection(service, "Entries")? {
                entries.push(model::log_entry(&e, &p));
            }
        }
        Ok(())
    }

    fn managers(&mut self, root: &Value, entries: &mut Vec<SelEntry>) -> Result<(), HwError> {
        for (_, m) in self.collection(root, "Managers")? {
            self.logs(&m, entries)?;
        }
        Ok(())
    }

    fn chassis(&mut self, root: &Value, metrics: &mut HwMetrics) -> Result<(), HwError> {
        let mut sensors: Vec<Sensor> = Vec::new();
        let mut supplies = Vec::new();
        let mut redundancy = Vec::new();
        for (_, ch) in self.collection(root, "Chassis")? {
            let new_thermal = model::link(&ch, "ThermalSubsystem");
            let new_power = model::link(&ch, "PowerSubsystem");
            // The Sensors collection: thresholds for the newer model's fans,
            // and the temperatures and voltages.
            let mut by_uri: HashMap<String, Sensor> = HashMap::new();
            let mut order = Vec::new();
            for (p, v) in self.collection(&ch, "Sensors")? {
                if let Some(s) = model::sensor(&v, &p) {
                    order.push(s.uri.clone());
                    by_uri.insert(s.uri.clone(), s);
                }
            }
            let has_sensors = !order.is_empty();
            if let Some(path) = &new_thermal
                && let Some(ts) = self.get(path)?
            {
                for (p, f) in self.collection(&ts, "Fans")? {
                    let (mut fan, source) = model::fan(&f, &p);
                    if let Some(s) = source.and_then(|u| by_uri.remove(&u)) {
                        fan.upper = s.upper;
                        fan.lower = s.lower;
                        if fan.reading.is_none() || fan.units != s.units {
                            fan.reading = s.reading;
                            fan.units = s.units;
                        }
                    }
                    sensors.push(fan);
                }
                if !has_sensors
                    && let Some(tm) = model::link(&ts, "ThermalMetrics")
                    && let Some(v) = self.get(&tm)?
                {
                    sensors.extend(model::thermal_metrics(&v));
                }
            } else if let Some(path) = model::link(&ch, "Thermal")
                && let Some(v) = self.get(&path)?
            {
                sensors.extend(
                    model::thermal(&v, &path)
                        .into_iter()
                        .filter(|s| !has_sensors || s.kind == model::SensorKind::Fan),
                );
            }
            sensors.extend(order.iter().filter_map(|u| by_uri.remove(u)));
            if let Some(path) = &new_power
                && let Some(ps) = self.get(path)?
            {
                redundancy.extend(model::redundancy(&ps));
                for (p, v) in self.collection(&ps, "PowerSupplies")? {
                    let mut supply = model::power_supply(&v, &p);
                    if supply.line_input_voltage.is_none()
                        && !supply.status.absent()
                        && let Some(m) = model::link(&v, "Metrics")
                        && let Some(mv) = self.get(&m)?
                    {
                        supply.line_input_voltage = model::input_voltage(&mv);
                    }
                    supplies.push(supply);
                }
            } else if let Some(path) = model::link(&ch, "Power")
                && let Some(v) = self.get(&path)?
            {
                supplies.extend(model::legacy_power_supplies(&v));
                redundancy.extend(model::redundancy(&v));
                if !has_sensors {
                    sensors.extend(model::voltages(&v, &path));
                }
            }
        }
        for s in &sensors {
            if let Some(f) = evaluate::sensor(s) {
                if let Some(r) = s.reading {
                    let mut key = s.name.clone();
                    let mut n = 2;
                    while metrics.readings.contains_key(&key) {
                        key = format!("{} #{n}", s.name);
                        n += 1;
                    }
                    metrics.readings.insert(key, r);
                }
                self.findings.push(f);
            }
        }
        self.findings
            .extend(supplies.iter().map(evaluate::power_supply));
        self.findings
            .extend(redundancy.iter().map(evaluate::redundancy));
        Ok(())
    }
}
