//! In-band hardware checks (issue 14 item 2): hardware RAID volumes and
//! their drives (`raid.volume`, `raid.disk`), SMART health of every disk
//! (`smart.health`, `smart.sectors`, `smart.temperature`, `smart.nvme`) and
//! the BMC's sensors (`ipmi.sensor`), from the `hw-raid`, `smart` and `ipmi`
//! sections of the collection script.
//!
//! `skip` with the reason where there is no tool, controller or device;
//! `unknown` with the reason where a tool exists but may not run (not root
//! and no `hw_sudo`, or `sudo -n` refused) or its output is not understood.

use super::facts::{Gap, HostFacts};
use super::metrics::HostMetrics;
use super::thresholds::HostThresholds;
use crate::check::{Finding, Status, fmt_num};
use crate::parse::linux::{
    ipmitool::Sensor,
    raidctl::{Outcome, PhysDrive, Volume},
    smartctl::SmartDisk,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A hardware RAID volume as kept in the host metrics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaidVolumeMetric {
    /// The tool that reported it (`storcli64`, `ssacli`…).
    pub tool: String,
    pub controller: String,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// As the tool printed it.
    pub state: String,
    /// ok, warn or crit, as judged.
    pub status: Status,
}

/// A physical drive behind a RAID controller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaidDriveMetric {
    pub tool: String,
    pub controller: String,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    pub state: String,
    /// What the tool counts against the drive (`media errors 23`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<String>,
    pub status: Status,
}

/// One disk's SMART figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SmartMetric {
    pub device: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reallocated: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncorrectable: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temperature_c: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub critical_warning: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_spare: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_spare_threshold: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentage_used: Option<u64>,
}

impl From<&SmartDisk> for SmartMetric {
    fn from(d: &SmartDisk) -> SmartMetric {
        SmartMetric {
            device: d.device.clone(),
            protocol: d.protocol.clone(),
            model: d.model.clone(),
            serial: d.serial.clone(),
            passed: d.passed,
            reallocated: d.reallocated,
            pending: d.pending,
            uncorrectable: d.uncorrectable,
            temperature_c: d.temperature_c,
            critical_warning: d.critical_warning,
            available_spare: d.available_spare,
            available_spare_threshold: d.available_spare_threshold,
            percentage_used: d.percentage_used,
        }
    }
}

/// One BMC sensor (those ipmitool says are not present left out).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SensorMetric {
    pub name: String,
    pub status: String,
    pub reading: String,
}

/// Every hardware finding, the metrics filled in on the way.
pub fn findings(f: &HostFacts, t: &HostThresholds, m: &mut HostMetrics) -> Vec<Finding> {
    let mut out = raid(f, m);
    out.extend(smart(f, t, m));
    out.extend(ipmi(f, m));
    out
}

fn gap(check: &str, g: &Gap) -> Finding {
    match g {
        Gap::NotApplicable(r) => Finding::skip(check, r.clone()),
        Gap::Unknown(r) => Finding::unknown(check, r.clone()),
    }
}

/// The finding for a tool that gave no data.
fn not_parsed<T>(check: &str, what: &str, o: &Outcome<T>) -> Option<Finding> {
    match o {
        Outcome::Parsed(_) => None,
        Outcome::NotPermitted(r) => Some(Finding::unknown(check, format!("{what} not run: {r}"))),
        Outcome::Nothing(r) => Some(Finding::skip(check, r.clone())),
        Outcome::Failed(r) => Some(Finding::unknown(check, r.clone())),
    }
}

fn tool_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

const VOLUME_RULE: &str = "degraded, failed or offline = crit, rebuilding = warn";
const DRIVE_RULE: &str = "failed, bad, offline or missing = crit, predictive failure or rebuilding = warn, \
     media errors, predictive failures or SMART warnings counted = warn";

/// A volume's state as the vendors spell it: storcli's abbreviations
/// (`Optl`, `Dgrd`, `Pdgd`, `OfLn`, `Rec`), ssacli's (`OK`, `Interim
/// Recovery Mode`, `Ready for Rebuild`, `Recovering, 45% complete`,
/// `Failed`), MegaCli's and arcconf's (`Optimal`, `Degraded`, `Partially
/// Degraded`, `Offline`, `Rebuilding`, `Failed`).
pub fn volume_status(state: &str) -> (Status, &'static str) {
    let s = state.to_ascii_lowercase();
    let word = s.split([',', ' ']).next().unwrap_or("");
    if matches!(word, "optl" | "optimal" | "ok") {
        (Status::Ok, "optimal")
    } else if s.contains("degraded")
        || matches!(word, "dgrd" | "pdgd")
        || s.contains("interim recovery")
        || s.contains("ready for rebuild")
    {
        (Status::Crit, "degraded")
    } else if s.contains("fail") || s.contains("offline") || matches!(word, "ofln" | "msng") {
        (Status::Crit, "failed")
    } else if s.contains("rebuild") || s.contains("recover") || matches!(word, "rec" | "rbld") {
        (Status::Warn, "rebuilding")
    } else {
        (Status::Warn, "state not recognised")
    }
}

/// A physical drive's state: storcli's `Onln`, `UGood`, `GHS`/`DHS`
/// (spares), `JBOD`, `Rbld`, `Cpybck`, `UBad`, `Offln`, `Msng`; ssacli's
/// `OK`, `OK, spare`, `Rebuilding`, `Predictive Failure`, `Failed`;
/// MegaCli's `Online, Spun Up`, `Unconfigured(good|bad)`, `Hotspare`,
/// `Rebuild`, `Copyback`, `Failed`; arcconf's `Online`, `Ready`, `Hot Spare`,
/// `Rebuilding`, `Failed`.
pub fn drive_status(state: &str) -> (Status, &'static str) {
    let s = state.to_ascii_lowercase();
    let word = s.split([',', ' ']).next().unwrap_or("");
    if s.contains("predictive") {
        (Status::Warn, "predictive failure")
    } else if matches!(
        word,
        "ubad" | "offln" | "offline" | "msng" | "missing" | "f"
    ) || s.contains("fail")
        || s.contains("unconfigured(bad)")
    {
        (Status::Crit, "failed")
    } else if matches!(word, "rbld" | "cpybck") || s.contains("rebuild") || s.contains("copyback") {
        (Status::Warn, "rebuilding")
    } else if matches!(
        word,
        "onln" | "online" | "ok" | "ugood" | "ghs" | "dhs" | "jbod" | "optimal" | "ready"
    ) || s.contains("spare")
        || s.contains("unconfigured(good)")
    {
        (Status::Ok, "good")
    } else {
        (Status::Warn, "state not recognised")
    }
}

fn raid(f: &HostFacts, m: &mut HostMetrics) -> Vec<Finding> {
    let check = "raid.volume";
    let tools = match &f.hw_raid {
        Ok(t) => t,
        Err(g) => return vec![gap(check, g)],
    };
    let mut out = Vec::new();
    for tool in tools {
        let name = tool_name(&tool.path);
        if let Some(x) = not_parsed(check, name, &tool.outcome) {
            out.push(x.subject(name));
            continue;
        }
        let Outcome::Parsed(r) = &tool.outcome else {
            continue;
        };
        for v in &r.volumes {
            out.push(volume(name, v, m));
        }
        for d in &r.drives {
            out.push(drive(name, d, m));
        }
    }
    out
}

fn volume(tool: &str, v: &Volume, m: &mut HostMetrics) -> Finding {
    let (status, meaning) = volume_status(&v.state);
    let subject = format!("{}/{}", v.controller, v.id);
    let mut msg = subject.clone();
    if let Some(n) = &v.name {
        msg.push_str(&format!(" \"{n}\""));
    }
    if let Some(l) = &v.level {
        msg.push_str(&format!(" {l}"));
    }
    if let Some(s) = &v.size {
        msg.push_str(&format!(" {s}"));
    }
    msg.push_str(&format!(": {} ({meaning}; {tool})", v.state));
    m.raid_volumes.push(RaidVolumeMetric {
        tool: tool.to_string(),
        controller: v.controller.clone(),
        id: v.id.clone(),
        name: v.name.clone(),
        level: v.level.clone(),
        size: v.size.clone(),
        state: v.state.clone(),
        status,
    });
    Finding::new("raid.volume", status, msg)
        .subject(subject)
        .value(json!({"state": v.state, "name": v.name, "level": v.level, "tool": tool}))
        .threshold(VOLUME_RULE)
}

fn drive(tool: &str, d: &PhysDrive, m: &mut HostMetrics) -> Finding {
    let (mut status, meaning) = drive_status(&d.state);
    // Media errors, predictive failures and SMART warnings on a drive that
    // still works: warn, the drive is on its way out.
    if !d.alerts.is_empty() && status == Status::Ok {
        status = Status::Warn;
    }
    let subject = format!("{}/{}", d.controller, d.id);
    let mut msg = subject.clone();
    if let Some(x) = &d.model {
        msg.push_str(&format!(" {x}"));
    }
    if let Some(x) = &d.size {
        msg.push_str(&format!(" {x}"));
    }
    msg.push_str(&format!(": {} ({meaning}; {tool})", d.state));
    if !d.alerts.is_empty() {
        msg.push_str(&format!("; {}", d.alerts.join(", ")));
    }
    m.raid_drives.push(RaidDriveMetric {
        tool: tool.to_string(),
        controller: d.controller.clone(),
        id: d.id.clone(),
        model: d.model.clone(),
        size: d.size.clone(),
        state: d.state.clone(),
        alerts: d.alerts.clone(),
        status,
    });
    Finding::new("raid.disk", status, msg)
        .subject(subject)
        .value(json!({"state": d.state, "model": d.model, "tool": tool, "alerts": d.alerts}))
        .threshold(DRIVE_RULE)
}

fn smart(f: &HostFacts, t: &HostThresholds, m: &mut HostMetrics) -> Vec<Finding> {
    let check = "smart.health";
    let s = match &f.smart {
        Ok(s) => s,
        Err(g) => return vec![gap(check, g)],
    };
    if let Some(x) = not_parsed(check, "smartctl", &s.scan) {
        return vec![x];
    }
    if s.disks.is_empty() {
        return vec![Finding::skip(
            check,
            "smartctl --scan-open finds no disk with SMART",
        )];
    }
    let mut out = Vec::new();
    for e in &s.disks {
        if let Some(x) = not_parsed(check, &format!("smartctl {}", e.device), &e.outcome) {
            out.push(x.subject(&e.device));
            continue;
        }
        let Outcome::Parsed(d) = &e.outcome else {
            continue;
        };
        let dev = if d.device.is_empty() {
            e.device.clone()
        } else {
            d.device.clone()
        };
        // Disks behind a controller share one device node (`/dev/bus/0 -d
        // megaraid,3`, `/dev/sg1 -d cciss,0`): the type tells them apart.
        let dev = if e.dtype.contains(',') {
            format!("{dev} {}", e.dtype)
        } else {
            dev
        };
        let mut metric: SmartMetric = d.into();
        metric.device = dev.clone();
        m.smart_disks.push(metric);
        out.extend(disk(&dev, d, t));
    }
    out
}

fn describe(dev: &str, d: &SmartDisk) -> String {
    let mut s = dev.to_string();
    if let Some(m) = &d.model {
        s.push_str(&format!(" {m}"));
    }
    if let Some(n) = &d.serial {
        s.push_str(&format!(" (s/n {n})"));
    }
    s
}

/// NVMe critical-warning bits, as the NVMe base specification names them.
fn critical_bits(cw: u64) -> Vec<&'static str> {
    let names = [
        "spare below threshold",
        "temperature out of range",
        "reliability degraded",
        "read-only",
        "volatile memory backup failed",
        "persistent memory region read-only",
    ];
    names
        .iter()
        .enumerate()
        .filter(|(i, _)| cw & (1 << i) != 0)
        .map(|(_, n)| *n)
        .collect()
}

/// `, warn > 0` or `, crit > 65 °C` after a value that passed a limit.
fn suffix(status: Status, l: crate::check::Limits, unit: &str) -> String {
    match status {
        Status::Crit => format!(", crit > {}{unit}", fmt_num(l.crit)),
        Status::Warn => format!(", warn > {}{unit}", fmt_num(l.warn)),
        _ => String::new(),
    }
}

fn disk(dev: &str, d: &SmartDisk, t: &HostThresholds) -> Vec<Finding> {
    let who = describe(dev, d);
    let mut out = Vec::new();
    out.push(
        match d.passed {
            Some(true) => Finding::ok(
                "smart.health",
                format!("{who}: SMART overall health PASSED"),
            ),
            Some(false) => Finding::new(
                "smart.health",
                Status::Crit,
                format!("{who}: SMART overall health FAILED"),
            ),
            None => Finding::unknown(
                "smart.health",
                format!("{who}: smartctl gives no overall health"),
            ),
        }
        .subject(dev)
        .value(json!({"passed": d.passed, "model": d.model, "serial": d.serial}))
        .threshold("failed = crit"),
    );
    let counts = [
        ("reallocated", d.reallocated),
        ("pending", d.pending),
        ("uncorrectable", d.uncorrectable),
    ];
    if counts.iter().any(|(_, v)| v.is_some()) {
        let worst = counts.iter().filter_map(|(_, v)| *v).max().unwrap_or(0);
        let status = t.smart_sectors.above(worst as f64);
        let text: Vec<String> = counts
            .iter()
            .filter_map(|(n, v)| v.map(|v| format!("{n} {v}")))
            .collect();
        out.push(
            Finding::new(
                "smart.sectors",
                status,
                format!(
                    "{who}: sectors {}{}",
                    text.join(", "),
                    suffix(status, t.smart_sectors, "")
                ),
            )
            .subject(dev)
            .value(json!({
                "reallocated": d.reallocated,
                "pending": d.pending,
                "uncorrectable": d.uncorrectable,
            }))
            .threshold(format!(
                "largest of reallocated (5), pending (197), uncorrectable (198) {}",
                t.smart_sectors.describe_above("")
            )),
        );
    }
    if let Some(c) = d.temperature_c {
        let status = t.smart_temperature_c.above(c as f64);
        out.push(
            Finding::new(
                "smart.temperature",
                status,
                format!(
                    "{who}: {c} °C{}",
                    suffix(status, t.smart_temperature_c, " °C")
                ),
            )
            .subject(dev)
            .value(c)
            .threshold(t.smart_temperature_c.describe_above(" °C")),
        );
    }
    if d.critical_warning.is_some() || d.protocol.as_deref() == Some("NVMe") {
        out.push(nvme(dev, &who, d, t));
    }
    out
}

fn nvme(dev: &str, who: &str, d: &SmartDisk, t: &HostThresholds) -> Finding {
    let mut problems = Vec::new();
    let cw = d.critical_warning.unwrap_or(0);
    if cw != 0 {
        problems.push(format!(
            "critical warning 0x{cw:02x} ({})",
            critical_bits(cw).join(", ")
        ));
    }
    let low_spare = matches!(
        (d.available_spare, d.available_spare_threshold),
        (Some(a), Some(th)) if a < th
    );
    let mut status = if cw != 0 || low_spare {
        Status::Crit
    } else {
        Status::Ok
    };
    let mut parts = Vec::new();
    if let Some(a) = d.available_spare {
        let th = d
            .available_spare_threshold
            .map(|x| format!(" (threshold {x} %)"))
            .unwrap_or_default();
        parts.push(format!("spare {a} %{th}"));
    }
    if let Some(p) = d.percentage_used {
        let s = t.nvme_used_pct.above(p as f64);
        status = status.max(s);
        parts.push(format!("{p} % of rated life used"));
    }
    if low_spare {
        problems.push("available spare below its threshold".to_string());
    }
    let mut msg = format!("{who}: {}", parts.join(", "));
    if !problems.is_empty() {
        msg.push_str(&format!("; {}", problems.join("; ")));
    }
    Finding::new("smart.nvme", status, msg)
        .subject(dev)
        .value(json!({
            "critical_warning": d.critical_warning,
            "available_spare": d.available_spare,
            "available_spare_threshold": d.available_spare_threshold,
            "percentage_used": d.percentage_used,
        }))
        .threshold(format!(
            "critical warning or spare below threshold = crit; life used {}",
            t.nvme_used_pct.describe_above(" %")
        ))
}

/// ipmitool's sensor status: `ok`; `nc` non-critical; `cr` critical; `nr`
/// non-recoverable; `ns` not present (ignored); the threshold names
/// (`lnc`, `unc`, `lcr`, `ucr`, `lnr`, `unr`) some versions print instead.
fn sensor_status(s: &str) -> Option<Status> {
    match s {
        "ns" => None,
        "ok" => Some(Status::Ok),
        "nc" | "lnc" | "unc" => Some(Status::Warn),
        "cr" | "nr" | "lcr" | "ucr" | "lnr" | "unr" => Some(Status::Crit),
        _ => Some(Status::Warn),
    }
}

fn ipmi(f: &HostFacts, m: &mut HostMetrics) -> Vec<Finding> {
    let check = "ipmi.sensor";
    let s = match &f.ipmi {
        Ok(s) => s,
        Err(g) => return vec![gap(check, g)],
    };
    if let Some(x) = not_parsed(check, tool_name(&s.path), &s.sensors) {
        return vec![x];
    }
    let Outcome::Parsed(sensors) = &s.sensors else {
        return Vec::new();
    };
    // A discrete sensor the BMC calls `ok` may still assert a failure
    // (`Presence detected, Failure detected`): judged by its states too.
    let present: Vec<(&Sensor, Status)> = sensors
        .iter()
        .filter_map(|x| sensor_status(&x.status).map(|st| (x, st)))
        .map(|(x, st)| {
            if st == Status::Ok && crate::inspect::hw::ipmi::is_discrete(&x.reading) {
                (x, crate::inspect::hw::ipmi::discrete_status(&x.reading))
            } else {
                (x, st)
            }
        })
        .collect();
    m.ipmi_sensors = present
        .iter()
        .map(|(x, _)| SensorMetric {
            name: x.name.clone(),
            status: x.status.clone(),
            reading: x.reading.clone(),
        })
        .collect();
    let rule = "nc = warn, cr or nr = crit, ns ignored; a discrete sensor's failure, AC lost or fault = crit, predictive failure or lost redundancy = warn";
    let bad: Vec<Finding> = present
        .iter()
        .filter(|(_, st)| *st != Status::Ok)
        .map(|(x, st)| {
            Finding::new(
                check,
                *st,
                format!("{}: {} (status {})", x.name, x.reading, x.status),
            )
            .subject(&x.name)
            .value(json!({"status": x.status, "reading": x.reading}))
            .threshold(rule)
        })
        .collect();
    if !bad.is_empty() {
        return bad;
    }
    let ns = sensors.len() - present.len();
    vec![
        Finding::ok(
            check,
            format!(
                "all {} sensors ok{}",
                fmt_num(present.len() as f64),
                if ns > 0 {
                    format!(" ({ns} not present)")
                } else {
                    String::new()
                }
            ),
        )
        .value(present.len())
        .threshold(rule),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::host::facts_from_output;

    use crate::parse::linux::hw_fixture as fixture;

    fn run(tag: &str, text: &str) -> String {
        let mut s = format!("run {tag} 0\n");
        for l in text.lines() {
            s.push_str(&format!("| {l}\n"));
        }
        s
    }

    fn section(name: &str, body: &str) -> String {
        format!("@@ops begin {name}\n{body}\n@@ops end {name} rc=0\n")
    }

    fn output() -> String {
        let mut raid = String::from("tool storcli /opt/MegaRAID/storcli/storcli64\n");
        raid.push_str(&run("show", &fixture("storcli-degraded.json")));
        raid.push_str("tool ssacli /usr/sbin/ssacli\n");
        raid.push_str(&run("show", &fixture("ssacli-config.txt")));
        let mut smart = String::from("tool smartctl /usr/sbin/smartctl\n");
        smart.push_str(&run("scan", "/dev/sda -d sat # /dev/sda [SAT], ATA device"));
        for (dev, f) in [
            ("/dev/sda", "smartctl-ata-healthy.json"),
            ("/dev/sdb", "smartctl-ata-sectors.json"),
            ("/dev/sdc", "smartctl-ata-failed.json"),
            ("/dev/nvme0", "smartctl-nvme-warning.json"),
        ] {
            smart.push_str(&format!("disk {dev} auto\n"));
            smart.push_str(&run("smartctl", &fixture(f)));
        }
        let ipmi = format!(
            "tool ipmitool /usr/bin/ipmitool\n{}",
            run("sdr", &fixture("ipmitool-sdr-elist.txt"))
        );
        format!(
            "@@ops collect 1\n{}{}{}@@ops done\n",
            section("hw-raid", &raid),
            section("smart", &smart),
            section("ipmi", &ipmi)
        )
    }

    fn find<'a>(fs: &'a [Finding], check: &str, subject: &str) -> &'a Finding {
        fs.iter()
            .find(|f| f.check == check && f.subject.as_deref() == Some(subject))
            .unwrap_or_else(|| panic!("no {check} {subject} in {fs:#?}"))
    }

    #[test]
    fn states_map_to_statuses() {
        for (s, want) in [
            ("Optl", Status::Ok),
            ("Optimal", Status::Ok),
            ("OK", Status::Ok),
            ("Dgrd", Status::Crit),
            ("Pdgd", Status::Crit),
            ("Partially Degraded", Status::Crit),
            ("Interim Recovery Mode", Status::Crit),
            ("Ready for Rebuild", Status::Crit),
            ("Failed", Status::Crit),
            ("OfLn", Status::Crit),
            ("Offline", Status::Crit),
            ("Rebuilding", Status::Warn),
            ("Recovering, 45% complete", Status::Warn),
            ("Rec", Status::Warn),
        ] {
            assert_eq!(volume_status(s).0, want, "{s}");
        }
        for (s, want) in [
            ("Onln", Status::Ok),
            ("UGood", Status::Ok),
            ("GHS", Status::Ok),
            ("OK, spare", Status::Ok),
            ("UBad", Status::Crit),
            ("Offln", Status::Crit),
            ("Failed", Status::Crit),
            ("Msng", Status::Crit),
            ("Predictive Failure", Status::Warn),
            ("Rbld", Status::Warn),
            ("Online, Spun Up", Status::Ok),
            ("Unconfigured(good), Spun Up", Status::Ok),
            ("Hotspare, Spun Up", Status::Ok),
            ("Unconfigured(bad)", Status::Crit),
            ("Rebuild", Status::Warn),
            ("Copyback", Status::Warn),
            ("Hot Spare", Status::Ok),
            ("Ready", Status::Ok),
        ] {
            assert_eq!(drive_status(s).0, want, "{s}");
        }
    }

    #[test]
    fn captures_become_findings_and_metrics() {
        let facts = facts_from_output(&output());
        let mut m = HostMetrics::default();
        let fs = findings(&facts, &HostThresholds::default(), &mut m);
        let v = find(&fs, "raid.volume", "c0/v1");
        assert_eq!(v.status, Status::Crit);
        assert!(
            v.message.contains("\"data\"") && v.message.contains("Dgrd"),
            "{}",
            v.message
        );
        assert_eq!(find(&fs, "raid.volume", "c0/v0").status, Status::Ok);
        assert_eq!(find(&fs, "raid.disk", "c0/e252s4").status, Status::Crit);
        assert_eq!(find(&fs, "raid.volume", "slot0/ld1").status, Status::Crit);
        assert_eq!(find(&fs, "raid.disk", "slot0/1I:1:1").status, Status::Crit);
        assert_eq!(find(&fs, "raid.disk", "slot0/1I:1:4").status, Status::Warn);
        assert_eq!(find(&fs, "smart.health", "/dev/sda").status, Status::Ok);
        assert_eq!(find(&fs, "smart.sectors", "/dev/sda").status, Status::Ok);
        assert_eq!(
            find(&fs, "smart.temperature", "/dev/sda").status,
            Status::Ok
        );
        let sec = find(&fs, "smart.sectors", "/dev/sdb");
        assert_eq!(sec.status, Status::Warn);
        assert_eq!(
            sec.message,
            "/dev/sdb ST2000TEST-1AB (s/n ZTEST0002): sectors reallocated 8, pending 3, uncorrectable 1, warn > 0"
        );
        assert_eq!(find(&fs, "smart.health", "/dev/sdc").status, Status::Crit);
        assert_eq!(find(&fs, "smart.sectors", "/dev/sdc").status, Status::Crit);
        assert_eq!(
            find(&fs, "smart.temperature", "/dev/sdc").status,
            Status::Warn
        );
        let nv = find(&fs, "smart.nvme", "/dev/nvme0");
        assert_eq!(nv.status, Status::Crit);
        assert!(
            nv.message.contains("spare below threshold")
                && nv.message.contains("available spare below its threshold"),
            "{}",
            nv.message
        );
        assert_eq!(find(&fs, "ipmi.sensor", "CPU1 Temp").status, Status::Crit);
        assert_eq!(find(&fs, "ipmi.sensor", "PS2 Status").status, Status::Crit);
        assert_eq!(find(&fs, "ipmi.sensor", "Fan2").status, Status::Warn);
        assert!(!fs.iter().any(|f| f.subject.as_deref() == Some("Drive 3")));
        assert!(!fs.iter().any(|f| f.subject.as_deref() == Some("Fan1")));
        assert_eq!(m.raid_volumes.len(), 4);
        assert_eq!(m.raid_drives.len(), 9);
        assert_eq!(m.smart_disks.len(), 4);
        assert_eq!(m.ipmi_sensors.len(), 8);
        // Metrics survive the record's round trip.
        let back: HostMetrics = serde_json::from_value(serde_json::to_value(&m).unwrap()).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn megacli_and_arcconf_drives_become_findings() {
        let mut raid = String::from("tool megacli /usr/sbin/MegaCli64\n");
        raid.push_str(&run(
            "show",
            "Adapter 0 -- Virtual Drive Information:\nVirtual Drive: 0 (Target Id: 0)\nState               : Degraded\n",
        ));
        raid.push_str(&run("pd", &fixture("megacli-pdlist.txt")));
        raid.push_str("tool arcconf /usr/sbin/arcconf\n");
        raid.push_str(&run(
            "show",
            "Logical Device number 0\n   Status of Logical Device : Optimal\n",
        ));
        raid.push_str(&run("pd", &fixture("arcconf-getconfig-pd.txt")));
        let text = format!("@@ops collect 1\n{}@@ops done\n", section("hw-raid", &raid));
        let mut m = HostMetrics::default();
        let fs = findings(
            &facts_from_output(&text),
            &HostThresholds::default(),
            &mut m,
        );
        assert_eq!(find(&fs, "raid.disk", "c0/e32s0").status, Status::Ok);
        let failed = find(&fs, "raid.disk", "c0/e32s1");
        assert_eq!(failed.status, Status::Crit);
        assert_eq!(
            failed.message,
            "c0/e32s1 SEAGATE ST600MM0088 558.375 GB: Failed (failed; MegaCli64); media errors 23"
        );
        let pred = find(&fs, "raid.disk", "c0/e32s2");
        assert_eq!(pred.status, Status::Warn, "{}", pred.message);
        assert_eq!(find(&fs, "raid.disk", "c0/e32s3").status, Status::Warn);
        assert_eq!(find(&fs, "raid.disk", "c1/pd0").status, Status::Ok);
        assert_eq!(find(&fs, "raid.disk", "c1/pd1").status, Status::Crit);
        assert_eq!(find(&fs, "raid.disk", "c1/pd2").status, Status::Warn);
        assert_eq!(m.raid_drives.len(), 7);
        assert_eq!(m.raid_drives[1].alerts, ["media errors 23"]);
    }

    #[test]
    fn disks_behind_a_controller_are_told_apart_by_type() {
        let mut smart = String::from("tool smartctl /usr/sbin/smartctl\n");
        smart.push_str(&run(
            "scan",
            "/dev/bus/0 -d megaraid,0 # x\n/dev/bus/0 -d megaraid,1 # x",
        ));
        for (n, f) in [
            (0, "smartctl-ata-healthy.json"),
            (1, "smartctl-ata-sectors.json"),
        ] {
            smart.push_str(&format!("disk /dev/bus/0 megaraid,{n}\n"));
            smart.push_str(&run("smartctl", &fixture(f)));
        }
        let text = format!("@@ops collect 1\n{}@@ops done\n", section("smart", &smart));
        let mut m = HostMetrics::default();
        let fs = findings(
            &facts_from_output(&text),
            &HostThresholds::default(),
            &mut m,
        );
        assert_eq!(
            find(&fs, "smart.sectors", "/dev/sda megaraid,0").status,
            Status::Ok
        );
        assert_eq!(
            find(&fs, "smart.sectors", "/dev/sdb megaraid,1").status,
            Status::Warn
        );
        assert_eq!(m.smart_disks[1].device, "/dev/sdb megaraid,1");
    }

    #[test]
    fn missing_tools_skip_and_refusals_are_unknown() {
        let text = "@@ops collect 1\n\
            @@ops begin hw-raid\n@@ops n/a no RAID controller tool (storcli64, …)\n\n@@ops end hw-raid rc=0\n\
            @@ops begin smart\ntool smartctl /usr/sbin/smartctl\nnoperm not root, and hw_sudo is off\n\n@@ops end smart rc=0\n\
            @@ops begin ipmi\n@@ops n/a no IPMI device (/dev/ipmi0, /dev/ipmi/0, /dev/ipmidev/0)\n\n@@ops end ipmi rc=0\n\
            @@ops done\n";
        let facts = facts_from_output(text);
        let mut m = HostMetrics::default();
        let fs = findings(&facts, &HostThresholds::default(), &mut m);
        assert_eq!(fs.len(), 3, "{fs:#?}");
        assert_eq!(fs[0].check, "raid.volume");
        assert_eq!(fs[0].status, Status::Skip);
        assert_eq!(fs[1].check, "smart.health");
        assert_eq!(fs[1].status, Status::Unknown);
        assert_eq!(
            fs[1].message,
            "smartctl not run: not root, and hw_sudo is off"
        );
        assert_eq!(fs[2].status, Status::Skip);
        assert!(fs[2].message.starts_with("no IPMI device"));
        // An output from before these sections: skip, saying so.
        let facts = facts_from_output("@@ops collect 1\n@@ops done\n");
        let fs = findings(&facts, &HostThresholds::default(), &mut m);
        assert!(fs.iter().all(|f| f.status == Status::Skip), "{fs:#?}");
    }
}
