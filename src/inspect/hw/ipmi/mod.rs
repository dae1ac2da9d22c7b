//! An IPMI 2.0 BMC over the network (RMCP+, "lanplus"), for servers whose
//! BMC has no Redfish: its sensors with the BMC's own thresholds, the
//! chassis power state and faults, and the SEL entries logged since the
//! previous inspection.
//!
//! # Why ipmitool and not a Rust crate
//!
//! The protocol is spoken by `ipmitool -I lanplus` on the jump host, an
//! optional runtime dependency (Debian: `ipmitool`): without it an IPMI
//! target is `unknown`, saying so. The Rust crates looked at (December
//! 2026, crates.io and docs.rs) are not yet what a customer's hardware
//! should be judged by:
//!
//! - `rust-ipmi` 0.1.1 (January 2024) calls itself a hobby project "NOT
//!   meant for production use" and points to ipmitool; it sends raw
//!   requests only.
//! - `ipmi-rs` 0.x (with `ipmi-rs-core`) has RMCP and RMCP+ modules
//!   (HMAC-SHA1, AES-CBC), but is pre-1.0, its API a few percent
//!   documented, with no record of use against the field's BMC firmwares;
//!   the sensor-type and event words operators read would still be ours
//!   to write.
//! - `ipmi` 0.1.0 (a blocking RMCP+ client with authentication,
//!   integrity and confidentiality) is a first release.
//!
//! ipmitool has two decades of BMC quirks behind it, decodes SDRs (with
//! the reading conversion formulas) and SEL records into those words, and
//! is packaged everywhere. The cost: one process per command (four per
//! target, about 0.3 s in all against a local BMC simulator), and parsing
//! its text (`parse::linux::ipmitool`, pure and tested).
//!
//! The session uses cipher suite 3 (RAKP-HMAC-SHA1 authentication,
//! HMAC-SHA1-96 integrity, AES-CBC-128 encryption), which every IPMI 2.0
//! BMC implements; a BMC that refuses it ("no matching cipher suite") is
//! asked again with suite 17 (HMAC-SHA256). ipmitool's own choice would
//! first ask the BMC for its suites, which some BMCs (and OpenIPMI's
//! simulator) never answer.
//!
//! # What is run
//!
//! At USER privilege (`-L USER`): a read-only BMC account is enough.
//!
//! `chassis status` (with `-v`, so that a refused session says why),
//! `sdr elist` (every sensor's status and, for discrete sensors, the
//! states asserted), `sensor` (the readings and thresholds of the analog
//! ones) and `sel elist last 256` (the newest log entries; older new ones
//! are said to be missed).
//!
//! # Verdicts
//!
//! - A session nobody answers (no RMCP+ reply, or none before the
//!   deadline): [`HwError::Down`], a `crit` `reach`.
//! - A refused password or user, or an answer not understood:
//!   [`HwError::Failed`], `unknown`, with the reason.
//! - Sensors (`temperature`, `fan`, `voltage`, `power.supply`, `sensor`):
//!   status `nc` = warn, `cr`/`nr` = crit as the BMC judges against its
//!   thresholds; discrete sensors by their asserted states (a failure,
//!   AC lost, a fan fault = crit; a predictive failure or lost redundancy
//!   = warn).
//! - `power.state`: on = ok, off = warn (the server may be off on purpose,
//!   but a server that should run and is off is what an operator wants to
//!   see). Chassis faults: power overload, main power fault and power
//!   control fault = crit `power.supply`; cooling/fan fault = crit `fan`;
//!   drive fault = crit `storage.drive`.
//! - `sel`: each new entry by its severity (below); Critical = crit,
//!   Warning = warn.

pub mod tool;

use super::metrics::{RECENT_SEL, SelCursor, SelEntry};
use super::run::HwJob;
use super::{Collected, HwError, HwLimits, HwMetrics};
use crate::check::{Finding, Status, fmt_num};
use crate::parse::linux::ipmitool::{
    ChassisStatus, SelLine, Sensor, SensorThresholds, parse_chassis_status, parse_sdr,
    parse_sel_elist, parse_sensor_list,
};
use serde_json::json;
use std::time::Instant;
use tool::{Ran, Session};

/// How many of the newest SEL entries are read each run.
pub const SEL_READ: usize = 256;

pub fn inspect(job: &HwJob, limits: &HwLimits, deadline: Instant) -> Result<Collected, HwError> {
    let t = &job.target;
    let mut session = Session {
        address: t.address.clone(),
        port: t.port,
        user: t.user.clone(),
        password: job.password.clone(),
        cipher: 3,
        answer_timeout_s: limits.connect_timeout.as_secs().max(1),
    };
    let cap = limits.max_output;
    // The first command opens the session: its failure says why.
    let mut ran = tool::run(&session, &["chassis", "status"], true, deadline, cap);
    if refused_cipher(&ran) {
        session.cipher = 17;
        ran = tool::run(&session, &["chassis", "status"], true, deadline, cap);
    }
    let chassis_text = session_outcome(&ran, &session, limits)?;
    let mut out = Collected {
        metrics: HwMetrics {
            protocol: "ipmi".into(),
            ..HwMetrics::default()
        },
        ..Collected::default()
    };
    match parse_chassis_status(&chassis_text) {
        Ok(c) => out.findings.extend(chassis(&c, &mut out.metrics)),
        Err(e) => out.findings.push(Finding::unknown(
            "power.state",
            format!("chassis status: {e}"),
        )),
    }
    let sdr = command(&session, &["sdr", "elist"], deadline, cap, limits)?;
    let thresholds = command(&session, &["sensor"], deadline, cap, limits)?;
    let thresholds = thresholds
        .ok()
        .and_then(|t| parse_sensor_list(&t).ok())
        .unwrap_or_default();
    match sdr.and_then(|t| parse_sdr(&t)) {
        Ok(s) => out
            .findings
            .extend(sensors(&s, &thresholds, &mut out.metrics)),
        Err(e) => out
            .findings
            .push(Finding::unknown("sensor", format!("sdr elist: {e}"))),
    }
    let last = SEL_READ.to_string();
    let sel = command(
        &session,
        &["sel", "elist", "last", &last],
        deadline,
        cap,
        limits,
    )?;
    let previous = job.previous.as_ref().and_then(|p| p.sel.clone());
    match sel.and_then(|t| parse_sel_elist(&t)) {
        Ok(lines) => out
            .findings
            .extend(sel_findings(&lines, previous.as_ref(), &mut out.metrics)),
        Err(e) => {
            out.metrics.sel = previous;
            out.findings
                .push(Finding::unknown("sel", format!("sel elist: {e}")));
        }
    }
    let worst = Status::worst(
        out.findings
            .iter()
            .filter(|f| f.check != "sel")
            .map(|f| f.status),
    );
    out.metrics.health = Some(
        match worst {
            Status::Crit => "Critical",
            Status::Warn => "Warning",
            _ => "OK",
        }
        .into(),
    );
    Ok(out)
}

fn stderr_of(ran: &Ran) -> &str {
    match ran {
        Ran::Exited { stderr, .. } | Ran::Deadline { stderr, .. } => stderr,
        _ => "",
    }
}

fn refused_cipher(ran: &Ran) -> bool {
    let e = stderr_of(ran).to_ascii_lowercase();
    matches!(ran, Ran::Exited { code, .. } if *code != Some(0))
        && (e.contains("no matching cipher suite")
            || e.contains("invalid authentication algorithm")
            || e.contains("invalid integrity algorithm")
            || e.contains("invalid confidentiality algorithm"))
}

/// The meaningful lines of ipmitool's complaints (without `-v`'s chatter).
fn complaint(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("Loading IANA")
                && !l.starts_with(">>")
                && !l.starts_with("Running Get VSO")
                && !l.starts_with("Discovered IPMB")
                && !l.contains("Invalid completion code received: Invalid command")
        })
        .collect();
    let text = lines.join("; ");
    crate::parse::linux::single::clip(&text)
}

/// The first command's output, or why the BMC could not be inspected.
fn session_outcome(ran: &Ran, s: &Session, limits: &HwLimits) -> Result<String, HwError> {
    let user = s.user.as_deref().unwrap_or("(anonymous)");
    match ran {
        Ran::Exited {
            code: Some(0),
            stdout,
            ..
        } => Ok(stdout.clone()),
        Ran::Exited { stderr, .. } => {
            let e = stderr.to_ascii_lowercase();
            Err(
                if e.contains("rakp 2 hmac is invalid") || e.contains("rakp 4 message") {
                    HwError::Failed(format!(
                        "the BMC refused the password of user {user} (RAKP 2 HMAC is invalid)"
                    ))
                } else if e.contains("unauthorized name") {
                    HwError::Failed(format!("the BMC has no user {user} (unauthorized name)"))
                } else if e.contains("unauthorized role") || e.contains("insufficient privilege") {
                    HwError::Failed(format!(
                        "user {user} may not open a session at the privilege asked"
                    ))
                } else if e.contains("get auth capabilities error")
                    || e.contains("no response from remote controller")
                    || (e.contains("unable to establish")
                        && !e.contains("rakp")
                        && !e.contains("error in open session"))
                {
                    HwError::Down(format!(
                        "no RMCP+ answer from {}:{} (ipmitool: {})",
                        s.address,
                        s.port,
                        complaint(stderr)
                    ))
                } else {
                    HwError::Failed(format!("ipmitool chassis status: {}", complaint(stderr)))
                },
            )
        }
        Ran::Deadline { stdout, .. } if stdout.trim().is_empty() => Err(HwError::Down(format!(
            "no RMCP+ answer from {}:{} (the session {})",
            s.address,
            s.port,
            crate::transport::limits::within_text(limits.timeout)
        ))),
        Ran::Deadline { .. } => Err(HwError::Failed(crate::transport::limits::within_text(
            limits.timeout,
        ))),
        Ran::Flooded => Err(HwError::Failed(format!(
            "ipmitool printed more than {}",
            crate::transport::limits::size_text(limits.max_output)
        ))),
        Ran::Missing => Err(HwError::Failed(
            "ipmitool is not installed (Debian: ipmitool)".into(),
        )),
        Ran::Failed(e) => Err(HwError::Failed(e.clone())),
    }
}

/// A later command: its output, `Err(reason)` for a command that failed
/// (one part unknown), or the run's end at the deadline.
fn command(
    s: &Session,
    args: &[&str],
    deadline: Instant,
    cap: u64,
    limits: &HwLimits,
) -> Result<Result<String, String>, HwError> {
    match tool::run(s, args, false, deadline, cap) {
        Ran::Exited {
            code: Some(0),
            stdout,
            stderr,
        } => {
            // An empty SEL says so on stderr.
            let empty = "SEL has no entries";
            Ok(Ok(if stdout.trim().is_empty() && stderr.contains(empty) {
                empty.to_string()
            } else {
                stdout
            }))
        }
        Ran::Exited { stdout, stderr, .. } => {
            let why = complaint(&stderr);
            let why = if why.is_empty() {
                complaint(&stdout)
            } else {
                why
            };
            Ok(Err(format!("ipmitool failed: {why}")))
        }
        Ran::Deadline { .. } => Err(HwError::Failed(format!(
            "ipmitool {}: {}",
            args.join(" "),
            crate::transport::limits::within_text(limits.timeout)
        ))),
        Ran::Flooded => Ok(Err(format!(
            "ipmitool printed more than {}",
            crate::transport::limits::size_text(limits.max_output)
        ))),
        Ran::Missing => Err(HwError::Failed(
            "ipmitool is not installed (Debian: ipmitool)".into(),
        )),
        Ran::Failed(e) => Ok(Err(e)),
    }
}

fn chassis(c: &ChassisStatus, m: &mut HwMetrics) -> Vec<Finding> {
    let mut out = Vec::new();
    let power = match c.power_on {
        Some(true) => "On",
        _ => "Off",
    };
    m.power_state = Some(power.into());
    let mut msg = format!("chassis power {}", power.to_ascii_lowercase());
    if let Some(e) = &c.last_power_event {
        msg.push_str(&format!(" (last power event: {e})"));
    }
    let status = if c.power_on == Some(true) {
        Status::Ok
    } else {
        Status::Warn
    };
    out.push(
        Finding::new("power.state", status, msg)
            .value(power)
            .threshold("off = warn"),
    );
    let faults = [
        ("power.supply", "power overload", c.power_overload),
        ("power.supply", "main power fault", c.main_power_fault),
        ("power.supply", "power control fault", c.power_control_fault),
        ("fan", "cooling/fan fault", c.cooling_fault),
        ("storage.drive", "drive fault", c.drive_fault),
    ];
    for (check, what, on) in faults {
        if on == Some(true) {
            out.push(
                Finding::new(check, Status::Crit, format!("the chassis reports a {what}"))
                    .subject("chassis")
                    .value(what)
                    .threshold("a chassis fault = crit"),
            );
        }
    }
    out
}

/// Which check a sensor belongs to, from its unit or name.
fn sensor_check(name: &str, unit: Option<&str>, reading: &str) -> &'static str {
    let unit = unit.unwrap_or("").to_ascii_lowercase();
    let reading = reading.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    if unit.contains("degrees") || reading.contains("degrees") {
        "temperature"
    } else if unit == "rpm" || reading.ends_with(" rpm") || name.contains("fan") {
        "fan"
    } else if unit == "volts" || reading.ends_with(" volts") {
        "voltage"
    } else if name.starts_with("ps") || name.contains("psu") || name.contains("power supply") {
        "power.supply"
    } else {
        "sensor"
    }
}

/// A discrete sensor's asserted states as `sdr elist` words them (also
/// read by the in-band check, `inspect::host::hardware`).
pub fn discrete_status(reading: &str) -> Status {
    let r = reading.to_ascii_lowercase();
    let crit = [
        "failure detected",
        "ac lost",
        "input lost",
        "out-of-range",
        "uncorrectable",
        "ierr",
        "thermal trip",
        "fault",
        "non-recoverable",
        "config error",
        "configuration error",
    ];
    let warn = ["predictive", "redundancy lost", "degraded", "correctable"];
    if crit.iter().any(|w| r.contains(w)) && !r.contains("fully redundant") {
        Status::Crit
    } else if warn.iter().any(|w| r.contains(w)) {
        Status::Warn
    } else {
        Status::Ok
    }
}

/// Whether an `sdr elist` reading is a discrete sensor's states rather
/// than a number with its unit.
pub fn is_discrete(reading: &str) -> bool {
    !reading
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '-')
}

fn sensor_status(s: &str) -> Option<Status> {
    match s {
        "ns" => None,
        "ok" => Some(Status::Ok),
        "nc" | "lnc" | "unc" => Some(Status::Warn),
        "cr" | "nr" | "lcr" | "ucr" | "lnr" | "unr" => Some(Status::Crit),
        _ => Some(Status::Warn),
    }
}

/// `crit > 90, warn > 80` from the BMC's thresholds.
fn threshold_text(t: &SensorThresholds) -> String {
    let mut parts = Vec::new();
    let unit = if t.unit == "degrees C" {
        " °C".to_string()
    } else if t.unit.is_empty() || t.unit == "discrete" {
        String::new()
    } else {
        format!(" {}", t.unit)
    };
    for (name, v, op) in [
        ("non-recoverable", t.upper_non_recoverable, ">"),
        ("crit", t.upper_critical, ">"),
        ("warn", t.upper_non_critical, ">"),
        ("warn", t.lower_non_critical, "<"),
        ("crit", t.lower_critical, "<"),
        ("non-recoverable", t.lower_non_recoverable, "<"),
    ] {
        if let Some(v) = v {
            parts.push(format!("{name} {op} {}{unit}", fmt_num(v)));
        }
    }
    if parts.is_empty() {
        "the BMC's judgement (no thresholds)".into()
    } else {
        format!("the BMC's thresholds: {}", parts.join(", "))
    }
}

fn sensors(sdr: &[Sensor], thresholds: &[SensorThresholds], m: &mut HwMetrics) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut good: std::collections::BTreeMap<&'static str, usize> = Default::default();
    for s in sdr {
        let Some(mut status) = sensor_status(&s.status) else {
            continue;
        };
        let t = thresholds.iter().find(|t| t.name == s.name);
        let discrete = !s
            .reading
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '-');
        if discrete && status == Status::Ok {
            status = discrete_status(&s.reading);
        }
        let check = sensor_check(&s.name, t.map(|t| t.unit.as_str()), &s.reading);
        if let Some(v) = t.and_then(|t| t.reading).filter(|_| !discrete) {
            m.readings.insert(s.name.clone(), v);
        }
        if status == Status::Ok {
            *good.entry(check).or_default() += 1;
            continue;
        }
        let rule = t.map(threshold_text).unwrap_or_else(|| {
            if discrete {
                "failure, AC lost, fault = crit; predictive failure, redundancy lost = warn".into()
            } else {
                "the BMC's judgement: nc = warn, cr or nr = crit".into()
            }
        });
        out.push(
            Finding::new(
                check,
                status,
                format!("{}: {} (status {})", s.name, s.reading, s.status),
            )
            .subject(&s.name)
            .value(json!({"status": s.status, "reading": s.reading}))
            .threshold(rule),
        );
    }
    for (check, n) in good {
        if !out.iter().any(|f| f.check == check) {
            out.push(
                Finding::ok(check, format!("all {n} sensors ok"))
                    .value(n)
                    .threshold("the BMC's thresholds"),
            );
        }
    }
    if out.is_empty() {
        out.push(Finding::skip("sensor", "the BMC reports no sensor"));
    }
    out
}

/// An IPMI event's severity in Redfish's words: a deasserted event is the
/// end of a condition (OK); an asserted one by what it says: critical and
/// non-recoverable thresholds, failures, uncorrectable errors, AC lost =
/// Critical; non-critical thresholds, predictive failures, correctable
/// errors, lost redundancy = Warning; presence, log cleared, boot and
/// power events = OK; anything else = Warning (an event a BMC logs is
/// worth a look).
pub fn sel_severity(e: &SelLine) -> &'static str {
    if e.asserted == Some(false) {
        return "OK";
    }
    let ev = e.event.to_ascii_lowercase();
    if ev.contains("non-critical") {
        return "Warning";
    }
    let critical = [
        "critical",
        "non-recoverable",
        "failure detected",
        "fault",
        "uncorrectable",
        "ierr",
        "thermal trip",
        "ac lost",
        "input lost",
        "out-of-range",
        "machine check",
        "bus fatal",
        "fatal nmi",
        "pci serr",
        "pci perr",
        "configuration error",
        "config error",
        "memory device disabled",
        "disabled",
        "fatal",
        "run-time critical stop",
        "bsod",
        "boot error",
        "no bootable media",
    ];
    let warning = [
        "predictive",
        "correctable",
        "redundancy lost",
        "redundancy degraded",
        "degraded",
        "throttle",
        "low",
        "timer expired",
        "hard reset",
        "power cycle",
        "intrusion",
    ];
    let ok = [
        "presence detected",
        "device present",
        "log area reset",
        "cleared",
        "timestamp clock",
        "oem system boot event",
        "initiated by power up",
        "initiated by hard reset",
        "power off",
        "power down",
        "state change",
        "fully redundant",
        "device inserted",
        "transition to running",
        "s0/g0",
        "s5/g2",
    ];
    if critical.iter().any(|w| ev.contains(w)) && !ev.contains("correctable ecc logging limit") {
        if ev.contains("correctable") && !ev.contains("uncorrectable") {
            return "Warning";
        }
        return "Critical";
    }
    if warning.iter().any(|w| ev.contains(w)) {
        return "Warning";
    }
    if ok.iter().any(|w| ev.contains(w)) {
        return "OK";
    }
    "Warning"
}

fn entry(e: &SelLine) -> SelEntry {
    let mut message = format!("{}: {}", e.sensor, e.event);
    match e.asserted {
        Some(true) => message.push_str(" asserted"),
        Some(false) => message.push_str(" deasserted"),
        None => {}
    }
    if let Some(d) = &e.detail {
        message.push_str(&format!(" ({d})"));
    }
    SelEntry {
        id: e.id.clone(),
        time: e.time.map(|t| t.and_utc()),
        severity: sel_severity(e).into(),
        message,
        sensor_type: e.sensor_type.clone(),
    }
}

/// The entries after `previous` (all of them on a first run or after the
/// log was cleared).
fn new_since<'a>(all: &'a [SelEntry], previous: Option<&SelCursor>) -> (&'a [SelEntry], bool) {
    let Some(p) = previous else {
        return (all, false);
    };
    let at = all.iter().rposition(|e| {
        Some(&e.id) == p.last_id.as_ref() && (p.last_time.is_none() || e.time == p.last_time)
    });
    if let Some(i) = at {
        return (&all[i + 1..], false);
    }
    // The cursor's entry is gone: the log was cleared (ids start again) or
    // more than SEL_READ entries came since. With times, keep the newer.
    if let Some(t) = p.last_time {
        let i = all.iter().position(|e| e.time.is_some_and(|et| et > t));
        let missed = all.len() >= SEL_READ && i == Some(0);
        return (i.map_or(&all[all.len()..], |i| &all[i..]), missed);
    }
    (all, all.len() >= SEL_READ)
}

fn sel_findings(
    lines: &[SelLine],
    previous: Option<&SelCursor>,
    m: &mut HwMetrics,
) -> Vec<Finding> {
    let all: Vec<SelEntry> = lines.iter().map(entry).collect();
    m.sel = match all.last() {
        Some(e) => Some(SelCursor {
            last_id: Some(e.id.clone()),
            last_time: e.time,
        }),
        None => previous.cloned(),
    };
    m.sel_recent = all[all.len().saturating_sub(RECENT_SEL)..].to_vec();
    let (new, missed) = new_since(&all, previous);
    let rule = "a new Critical entry = crit, a new Warning entry = warn";
    let mut out = Vec::new();
    let flagged: Vec<&SelEntry> = new.iter().filter(|e| e.severity != "OK").collect();
    for e in &flagged[flagged.len().saturating_sub(20)..] {
        let status = if e.severity == "Critical" {
            Status::Crit
        } else {
            Status::Warn
        };
        out.push(
            Finding::new("sel", status, format!("SEL {}: {}", e.id, e.message))
                .subject(format!("sel/{}", e.id))
                .value(
                    json!({"severity": e.severity, "sensor_type": e.sensor_type, "time": e.time}),
                )
                .threshold(rule),
        );
    }
    let bad = flagged.len();
    let mut msg = match (new.len(), bad) {
        (0, _) => "no new SEL entries".to_string(),
        (n, 0) => format!("{n} new SEL entries, none Warning or Critical"),
        (n, b) => format!("{n} new SEL entries, {b} Warning or Critical"),
    };
    if missed {
        msg.push_str(&format!(
            "; more than {SEL_READ} entries since the last inspection: only the newest {SEL_READ} were read"
        ));
    }
    if out.is_empty() || missed || bad > 20 {
        let status = if missed { Status::Warn } else { Status::Ok };
        out.push(
            Finding::new("sel", status, msg)
                .value(new.len())
                .threshold(rule),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::linux::ipmitool::parse_sel_elist;

    fn sel(text: &str) -> Vec<SelLine> {
        parse_sel_elist(text).unwrap()
    }

    #[test]
    fn severities_of_ipmi_events() {
        let lines = sel(
            "   1 | 12/04/2026 | 21:50:07 | Memory #0x05 | Uncorrectable ECC | Asserted\n\
             \x20  2 | 12/04/2026 | 21:50:08 | Memory #0x05 | Correctable ECC | Asserted\n\
             \x20  3 | 12/04/2026 | 21:50:09 | Temperature CPU Temp | Upper Critical going high | Asserted\n\
             \x20  4 | 12/04/2026 | 21:50:10 | Temperature CPU Temp | Upper Non-critical going high | Asserted\n\
             \x20  5 | 12/04/2026 | 21:50:11 | Power Supply PS2 | Failure detected | Asserted\n\
             \x20  6 | 12/04/2026 | 21:50:12 | Power Supply PS2 | Failure detected | Deasserted\n\
             \x20  7 | 12/04/2026 | 21:50:13 | Power Supply PS2 | Predictive failure | Asserted\n\
             \x20  8 | 12/04/2026 | 21:50:14 | Event Logging Disabled #0x07 | Log area reset/cleared | Asserted\n\
             \x20  9 | 12/04/2026 | 21:50:15 | Processor #0x09 | IERR | Asserted\n\
             \x20  a | 12/04/2026 | 21:50:16 | Power Supply PS1 | Presence detected | Asserted\n\
             \x20  b | 12/04/2026 | 21:50:17 | Temperature CPU Temp | Lower Non-recoverable going low | Asserted\n",
        );
        let got: Vec<&str> = lines.iter().map(sel_severity).collect();
        assert_eq!(
            got,
            [
                "Critical", "Warning", "Critical", "Warning", "Critical", "OK", "Warning", "OK",
                "Critical", "OK", "Critical"
            ]
        );
    }

    #[test]
    fn only_entries_after_the_cursor_are_new() {
        let text = "   1 |  Pre-Init  |0000025094| Memory #0x05 | Uncorrectable ECC | Asserted\n\
            \x20  2 |  Pre-Init  |0000025094| Power Supply #0x06 | Failure detected | Asserted\n\
            \x20  3 |  Pre-Init  |0000025095| Processor #0x09 | IERR | Asserted\n";
        let mut m = HwMetrics::default();
        let fs = sel_findings(&sel(text), None, &mut m);
        assert_eq!(fs.len(), 3, "{fs:#?}");
        assert!(fs.iter().all(|f| f.status == Status::Crit));
        assert_eq!(m.sel.as_ref().unwrap().last_id.as_deref(), Some("3"));
        assert_eq!(m.sel_recent.len(), 3);
        assert_eq!(m.sel_recent[0].sensor_type.as_deref(), Some("Memory"));
        assert_eq!(m.sel_recent[0].severity, "Critical");
        let cursor = SelCursor {
            last_id: Some("2".into()),
            last_time: None,
        };
        let fs = sel_findings(&sel(text), Some(&cursor), &mut m);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].subject.as_deref(), Some("sel/3"));
        let cursor = SelCursor {
            last_id: Some("3".into()),
            last_time: None,
        };
        let fs = sel_findings(&sel(text), Some(&cursor), &mut m);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].status, Status::Ok);
        assert_eq!(fs[0].message, "no new SEL entries");
        // Cleared and refilled: the cursor's id is gone, times say what is new.
        let cursor = SelCursor {
            last_id: Some("9".into()),
            last_time: Some("2026-12-04T21:00:00Z".parse().unwrap()),
        };
        let text = "   1 | 12/04/2026 | 20:59:00 | Memory #0x05 | Uncorrectable ECC | Asserted\n\
            \x20  2 | 12/04/2026 | 21:01:00 | Processor #0x09 | IERR | Asserted\n";
        let fs = sel_findings(&sel(text), Some(&cursor), &mut m);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].subject.as_deref(), Some("sel/2"));
    }

    #[test]
    fn sensors_by_status_and_discrete_states() {
        let sdr = parse_sdr(
            "CPU Temp         | 01h | cr  |  3.1 | 95 degrees C\n\
             Fan1             | 30h | ok  | 29.1 | 5400 RPM\n\
             PS2 Status       | 64h | ok  | 10.2 | Presence detected, Failure detected\n\
             PS1 Status       | 63h | ok  | 10.1 | Presence detected\n\
             Drive 3          | 81h | ns  |  4.3 | Disabled\n",
        )
        .unwrap();
        let th = parse_sensor_list(
            "CPU Temp         | 95.000     | degrees C  | cr    | na        | na        | na        | 80.000    | 90.000    | 100.000   \n",
        )
        .unwrap();
        let mut m = HwMetrics::default();
        let fs = sensors(&sdr, &th, &mut m);
        let cpu = fs
            .iter()
            .find(|f| f.subject.as_deref() == Some("CPU Temp"))
            .unwrap();
        assert_eq!(
            (cpu.check.as_str(), cpu.status),
            ("temperature", Status::Crit)
        );
        assert_eq!(
            cpu.threshold.as_deref(),
            Some("the BMC's thresholds: non-recoverable > 100 °C, crit > 90 °C, warn > 80 °C")
        );
        let ps = fs
            .iter()
            .find(|f| f.subject.as_deref() == Some("PS2 Status"))
            .unwrap();
        assert_eq!(
            (ps.check.as_str(), ps.status),
            ("power.supply", Status::Crit)
        );
        assert!(
            fs.iter()
                .any(|f| f.check == "fan" && f.status == Status::Ok)
        );
        assert!(!fs.iter().any(|f| f.subject.as_deref() == Some("Drive 3")));
        assert_eq!(m.readings.get("CPU Temp"), Some(&95.0));
    }

    #[test]
    fn chassis_faults_are_crit() {
        let c = parse_chassis_status(
            "System Power : on\nPower Overload : true\nMain Power Fault : false\nCooling/Fan Fault : true\n",
        )
        .unwrap();
        let mut m = HwMetrics::default();
        let fs = chassis(&c, &mut m);
        assert_eq!(m.power_state.as_deref(), Some("On"));
        assert_eq!(fs[0].status, Status::Ok);
        assert!(
            fs.iter()
                .any(|f| f.check == "power.supply" && f.status == Status::Crit)
        );
        assert!(
            fs.iter()
                .any(|f| f.check == "fan" && f.status == Status::Crit)
        );
        let c = parse_chassis_status("System Power : off\n").unwrap();
        let fs = chassis(&c, &mut m);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].status, Status::Warn);
        assert_eq!(m.power_state.as_deref(), Some("Off"));
    }
}
