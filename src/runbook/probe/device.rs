//! Device probes: checks a fault tree answers from what the host's BMC and
//! its rack's UPS say (`ops inspect hw`), not from a script on the host. A
//! server that does not power on cannot run a script, but its BMC runs on
//! standby power and its UPS sits beside it, so the `no-power` walk asks
//! them first; `no-display` looks for memory and graphics events in the SEL.
//!
//! The caller (the command) reads the devices linked to the target in the
//! inventory and hands their [`DeviceReading`]s over; [`DeviceProbe::judge`]
//! is a pure function from those readings to a verdict, a reason and the
//! text kept in the walk record (what each device said). No linked device is
//! [`Verdict::CannotCheck`]: the step's `unavailable` branch, or the engineer.

use super::runner::ProbeOutput;
use super::verdict::Verdict;
use crate::check::Status;
use crate::i18n::{self, Lang};
use crate::inspect::hw::{HwMetrics, SelEntry};
use crate::inspect::outcome::TargetResult;

/// The device probes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceProbe {
    /// The BMC answers and reports no power-supply or chassis power fault.
    BmcPower,
    /// No warning or critical entry among the BMC's newest log entries.
    BmcEvents,
    /// No memory or graphics event in the BMC's log, no memory fault.
    BmcMemoryEvents,
    /// The UPS runs on mains input (not on battery, not off).
    UpsInput,
}

impl DeviceProbe {
    pub const ALL: [DeviceProbe; 4] = [
        DeviceProbe::BmcPower,
        DeviceProbe::BmcEvents,
        DeviceProbe::BmcMemoryEvents,
        DeviceProbe::UpsInput,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DeviceProbe::BmcPower => "bmc-power",
            DeviceProbe::BmcEvents => "bmc-events",
            DeviceProbe::BmcMemoryEvents => "bmc-memory-events",
            DeviceProbe::UpsInput => "ups-input",
        }
    }

    pub fn from_name(name: &str) -> Option<DeviceProbe> {
        DeviceProbe::ALL.into_iter().find(|p| p.name() == name)
    }

    /// One line saying what ok means.
    pub fn describe(self) -> &'static str {
        match self {
            DeviceProbe::BmcPower => {
                "the host's BMC answers and reports no power-supply or chassis power fault"
            }
            DeviceProbe::BmcEvents => {
                "no warning or critical entry among the BMC's newest log entries (the LCD code)"
            }
            DeviceProbe::BmcMemoryEvents => {
                "no memory or graphics event in the BMC's log and no memory fault"
            }
            DeviceProbe::UpsInput => "the UPS that powers the host runs on mains input",
        }
    }

    /// Whether the probe asks BMCs (else UPSes).
    pub fn asks_bmc(self) -> bool {
        !matches!(self, DeviceProbe::UpsInput)
    }

    /// How long the device may take: a BMC is slow to answer.
    pub fn default_timeout_secs(self) -> u64 {
        30
    }

    /// Why the probe cannot check when no device of its kind is linked to
    /// `target`, in `lang`: `no BMC is linked to db01 in the inventory …`.
    pub fn unlinked(self, target: &str, lang: Lang) -> String {
        let id = if self.asks_bmc() {
            "runbook-no-bmc"
        } else {
            "runbook-no-ups"
        };
        i18n::tr_args(lang, id, &[("target", target.to_owned().into())])
    }

    /// The verdict, its reason and the record's text, from what the devices
    /// linked to `target` said. `readings` are of the probe's kind only.
    pub fn judge(self, target: &str, readings: &[DeviceReading]) -> (Verdict, String, ProbeOutput) {
        self.judge_in(target, readings, Lang::En)
    }

    /// [`DeviceProbe::judge`], with the reason in `lang` (what the devices
    /// said stays as they said it).
    pub fn judge_in(
        self,
        target: &str,
        readings: &[DeviceReading],
        lang: Lang,
    ) -> (Verdict, String, ProbeOutput) {
        let text: String = readings.iter().map(DeviceReading::describe).collect();
        let output = |exit: i32| ProbeOutput {
            exit_status: Some(exit),
            stdout: text.clone(),
            stderr: String::new(),
            timed_out: false,
        };
        if readings.is_empty() {
            let what = self.unlinked(target, lang);
            return (Verdict::CannotCheck, what, output(127));
        }
        let problems: Vec<String> = readings
            .iter()
            .filter_map(|r| self.problem(r, lang).map(|p| format!("{}: {p}", r.device)))
            .collect();
        match problems.is_empty() {
            true => (Verdict::Ok, self.all_well(readings, lang), output(0)),
            false => (Verdict::Fail, problems.join("; "), output(1)),
        }
    }

    /// What is wrong with one device's reading for this probe, if anything.
    fn problem(self, r: &DeviceReading, lang: Lang) -> Option<String> {
        let say = |id: &str, args: &[(&str, String)]| {
            let args: Vec<(&str, i18n::Value)> = args
                .iter()
                .map(|(k, v)| (*k, i18n::Value::from(v.clone())))
                .collect();
            i18n::tr_args(lang, id, &args)
        };
        if let Some(why) = &r.unreachable {
            let id = match self {
                DeviceProbe::UpsInput => "device-ups-silent",
                _ => "device-bmc-silent",
            };
            return Some(say(id, &[("why", why.clone())]));
        }
        let bad = |f: &&FindingLine| matches!(f.status, Status::Crit | Status::Warn);
        match self {
            DeviceProbe::BmcPower => {
                let faults: Vec<String> = r
                    .findings
                    .iter()
                    .filter(|f| is_power_check(&f.check))
                    .filter(bad)
                    .map(FindingLine::short)
                    .collect();
                (!faults.is_empty()).then(|| faults.join(", "))
            }
            DeviceProbe::BmcEvents => {
                let events: Vec<String> = r
                    .metrics
                    .sel_recent
                    .iter()
                    .filter(|e| is_alarm(e))
                    .map(sel_line)
                    .collect();
                (!events.is_empty()).then(|| say("device-log", &[("events", events.join(" | "))]))
            }
            DeviceProbe::BmcMemoryEvents => {
                let mut found: Vec<String> = r
                    .metrics
                    .sel_recent
                    .iter()
                    .filter(|e| is_alarm(e) && is_memory_or_graphics(e))
                    .map(sel_line)
                    .collect();
                found.extend(
                    r.findings
                        .iter()
                        .filter(|f| f.check == "memory" || f.check.starts_with("memory."))
                        .filter(bad)
                        .map(FindingLine::short),
                );
                (!found.is_empty()).then(|| found.join(" | "))
            }
            DeviceProbe::UpsInput => {
                let ups = r.metrics.ups.as_ref()?;
                if ups.on_battery || !ups.online {
                    let input = ups
                        .input_voltage
                        .map(|v| say("device-ups-voltage", &[("v", v.to_string())]))
                        .unwrap_or_default();
                    return Some(say(
                        "device-ups-on-battery",
                        &[("status", ups.status.clone()), ("input", input)],
                    ));
                }
                let faults: Vec<String> = r
                    .findings
                    .iter()
                    .filter(|f| f.check == "ups.input")
                    .filter(|f| f.status == Status::Crit)
                    .map(FindingLine::short)
                    .collect();
                (!faults.is_empty()).then(|| faults.join(", "))
            }
        }
    }

    fn all_well(self, readings: &[DeviceReading], lang: Lang) -> String {
        let names: Vec<&str> = readings.iter().map(|r| r.device.as_str()).collect();
        let names = i18n::Value::from(names.join(", "));
        let say = |id: &str| i18n::tr_args(lang, id, &[("names", names.clone())]);
        match self {
            DeviceProbe::BmcPower => {
                let states: Vec<String> = readings
                    .iter()
                    .map(|r| {
                        r.metrics
                            .power_state
                            .as_deref()
                            .map_or_else(|| i18n::tr(lang, "device-unknown"), str::to_string)
                    })
                    .collect();
                i18n::tr_args(
                    lang,
                    "device-bmc-power-ok",
                    &[
                        ("names", names.clone()),
                        ("states", i18n::Value::from(states.join(", "))),
                    ],
                )
            }
            DeviceProbe::BmcEvents => say("device-bmc-events-ok"),
            DeviceProbe::BmcMemoryEvents => say("device-bmc-memory-ok"),
            DeviceProbe::UpsInput => say("device-ups-ok"),
        }
    }
}

/// Power-supply and chassis power checks, by the names `inspect hw` gives;
/// not the power state: a server that does not start is off, and that is
/// the symptom, not its cause.
fn is_power_check(check: &str) -> bool {
    (check.starts_with("power") && check != "power.state") || check.starts_with("chassis")
}

fn is_alarm(e: &SelEntry) -> bool {
    matches!(e.severity.as_str(), "Warning" | "Critical")
}

fn is_memory_or_graphics(e: &SelEntry) -> bool {
    let about =
        format!("{} {}", e.sensor_type.as_deref().unwrap_or(""), e.message).to_ascii_lowercase();
    [
        "memory", "dimm", "ecc", "graphics", "video", "vga", "gpu", "display",
    ]
    .iter()
    .any(|w| about.contains(w))
}

fn sel_line(e: &SelEntry) -> String {
    let when = e
        .time
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "-".into());
    let kind = e
        .sensor_type
        .as_deref()
        .map(|t| format!("[{t}] "))
        .unwrap_or_default();
    format!("{when} {} {kind}{}", e.severity, e.message)
}

/// What one device said, as a walk needs it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeviceReading {
    /// The inventory name.
    pub device: String,
    /// How it was reached (`redfish://ops@10.0.0.21:443`).
    pub address: String,
    /// Why it could not be read at all (refused, timed out, not answering).
    pub unreachable: Option<String>,
    pub findings: Vec<FindingLine>,
    pub metrics: HwMetrics,
}

/// A finding, as a probe weighs it.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingLine {
    pub check: String,
    pub status: Status,
    pub subject: Option<String>,
    pub message: String,
}

impl FindingLine {
    fn short(&self) -> String {
        match &self.subject {
            Some(s) => format!("{} {s}: {}", self.check, self.message),
            None => format!("{}: {}", self.check, self.message),
        }
    }
}

impl DeviceReading {
    /// From one target of an `inspect hw` run.
    pub fn from_result(r: &TargetResult) -> DeviceReading {
        let metrics: HwMetrics = serde_json::from_value(r.metrics.clone()).unwrap_or_default();
        let reach = r.findings.iter().find(|f| f.check == "reach");
        let unreachable = r.error.clone().or_else(|| {
            reach
                .filter(|f| f.status != Status::Ok)
                .map(|f| f.message.clone())
        });
        DeviceReading {
            device: r.target.clone(),
            address: r.address.clone(),
            unreachable,
            findings: r
                .findings
                .iter()
                .map(|f| FindingLine {
                    check: f.check.clone(),
                    status: f.status,
                    subject: f.subject.clone(),
                    message: f.message.clone(),
                })
                .collect(),
            metrics,
        }
    }

    /// What the device said, for the walk record: a header line, the
    /// findings that are not ok, and its newest log entries.
    fn describe(&self) -> String {
        let mut out = format!("{} ({})", self.device, self.address);
        if let Some(why) = &self.unreachable {
            out.push_str(&format!(": does not answer: {why}\n"));
            return out;
        }
        let m = &self.metrics;
        let mut facts = Vec::new();
        if let Some(p) = &m.power_state {
            facts.push(format!("power {p}"));
        }
        if let Some(h) = &m.health {
            facts.push(format!("health {h}"));
        }
        if let Some(u) = &m.ups {
            facts.push(format!("status {}", u.status));
            if let Some(v) = u.input_voltage {
                facts.push(format!("input {v} V"));
            }
            if let Some(c) = u.charge_pct {
                facts.push(format!("charge {c} %"));
            }
        }
        if !facts.is_empty() {
            out.push_str(&format!(": {}", facts.join(", ")));
        }
        out.push('\n');
        for f in &self.findings {
            if matches!(f.status, Status::Crit | Status::Warn | Status::Unknown) {
                out.push_str(&format!("  {} {}\n", f.status.as_str(), f.short()));
            }
        }
        for e in &m.sel_recent {
            out.push_str(&format!("  log {}\n", sel_line(e)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::hw::UpsState;

    #[test]
    fn reasons_are_in_the_walks_language() {
        let silent = DeviceReading {
            device: "bmc-db01".into(),
            address: "10.0.0.9".into(),
            unreachable: Some("timed out".into()),
            ..DeviceReading::default()
        };
        let (v, why, _) = DeviceProbe::BmcPower.judge_in("db01", &[silent.clone()], Lang::ZhCn);
        assert_eq!(v, Verdict::Fail);
        assert_eq!(
            why,
            "bmc-db01: BMC 无应答（timed out）：服务器没有待机电源，或BMC的网络不通"
        );
        let (_, en, _) = DeviceProbe::BmcPower.judge("db01", &[silent]);
        assert!(
            en.starts_with("bmc-db01: the BMC does not answer (timed out)"),
            "{en}"
        );
        let (_, why, _) = DeviceProbe::UpsInput.judge_in("db01", &[], Lang::ZhCn);
        assert!(why.starts_with("清单中没有与 db01 关联的UPS"), "{why}");
    }

    fn bmc(
        power: &str,
        findings: &[(&str, Status, &str)],
        sel: &[(&str, &str, &str)],
    ) -> DeviceReading {
        DeviceReading {
            device: "web01-bmc".into(),
            address: "redfish://ops@127.0.0.1:8443".into(),
            unreachable: None,
            findings: findings
                .iter()
                .map(|(check, status, message)| FindingLine {
                    check: check.to_string(),
                    status: *status,
                    subject: None,
                    message: message.to_string(),
                })
                .collect(),
            metrics: HwMetrics {
                protocol: "redfish".into(),
                power_state: Some(power.into()),
                sel_recent: sel
                    .iter()
                    .enumerate()
                    .map(|(i, (severity, kind, message))| SelEntry {
                        id: i.to_string(),
                        time: None,
                        severity: severity.to_string(),
                        message: message.to_string(),
                        sensor_type: Some(kind.to_string()),
                    })
                    .collect(),
                ..HwMetrics::default()
            },
        }
    }

    #[test]
    fn no_linked_device_cannot_check_and_says_how_to_link_one() {
        let (verdict, reason, out) = DeviceProbe::BmcPower.judge("web01", &[]);
        assert_eq!(verdict, Verdict::CannotCheck);
        assert!(reason.contains("[[bmc]] host = \"web01\""), "{reason}");
        assert_eq!(out.exit_status, Some(127));
        let (_, reason, _) = DeviceProbe::UpsInput.judge("web01", &[]);
        assert!(reason.contains("[[ups]] hosts"), "{reason}");
    }

    #[test]
    fn a_failed_power_supply_fails_bmc_power_and_is_named() {
        let r = bmc(
            "Off",
            &[
                ("power.supply", Status::Crit, "PSU 2 failed"),
                ("fan", Status::Crit, "fan 3 stopped"),
            ],
            &[],
        );
        let (verdict, reason, out) = DeviceProbe::BmcPower.judge("web01", &[r]);
        assert_eq!(verdict, Verdict::Fail);
        assert!(reason.contains("PSU 2 failed"), "{reason}");
        assert!(
            !reason.contains("fan 3"),
            "a fan is not a power fault: {reason}"
        );
        assert!(out.stdout.contains("power Off"), "{}", out.stdout);
    }

    #[test]
    fn a_bmc_that_answers_without_power_faults_is_ok() {
        let r = bmc(
            "Off",
            &[
                ("power.supply", Status::Ok, "PSU 1 OK"),
                ("power.state", Status::Warn, "chassis power off"),
            ],
            &[],
        );
        let (verdict, reason, _) = DeviceProbe::BmcPower.judge("web01", &[r]);
        assert_eq!(verdict, Verdict::Ok);
        assert_eq!(
            reason,
            "web01-bmc answers: power Off, no power-supply fault"
        );
    }

    #[test]
    fn a_silent_bmc_fails_bmc_power_as_no_standby_power() {
        let r = DeviceReading {
            device: "web01-bmc".into(),
            unreachable: Some("connection refused".into()),
            ..DeviceReading::default()
        };
        let (verdict, reason, out) = DeviceProbe::BmcPower.judge("web01", &[r]);
        assert_eq!(verdict, Verdict::Fail);
        assert!(reason.contains("no standby power"), "{reason}");
        assert!(out.stdout.contains("does not answer"), "{}", out.stdout);
    }

    #[test]
    fn log_entries_are_read_as_the_lcd_code() {
        let r = bmc(
            "On",
            &[],
            &[
                ("OK", "Power Supply", "PSU 1 presence detected"),
                ("Critical", "Power Supply", "PSU 2 input lost"),
            ],
        );
        let (verdict, reason, out) =
            DeviceProbe::BmcEvents.judge("web01", std::slice::from_ref(&r));
        assert_eq!(verdict, Verdict::Fail);
        assert!(
            reason.contains("Critical [Power Supply] PSU 2 input lost"),
            "{reason}"
        );
        assert!(!reason.contains("presence"), "{reason}");
        assert!(
            out.stdout
                .contains("log - OK [Power Supply] PSU 1 presence"),
            "{}",
            out.stdout
        );
        let (verdict, _, _) = DeviceProbe::BmcMemoryEvents.judge("web01", &[r]);
        assert_eq!(verdict, Verdict::Ok, "a power event is no memory event");
    }

    #[test]
    fn memory_and_graphics_events_fail_the_memory_probe() {
        let r = bmc(
            "On",
            &[],
            &[("Critical", "Memory", "Uncorrectable ECC error on DIMM A2")],
        );
        let (verdict, reason, _) = DeviceProbe::BmcMemoryEvents.judge("web01", &[r]);
        assert_eq!(verdict, Verdict::Fail);
        assert!(reason.contains("DIMM A2"), "{reason}");
        let g = bmc(
            "On",
            &[],
            &[("Warning", "Add-in Card", "Video controller error")],
        );
        assert_eq!(
            DeviceProbe::BmcMemoryEvents.judge("web01", &[g]).0,
            Verdict::Fail
        );
    }

    #[test]
    fn a_ups_on_battery_fails_ups_input() {
        let ups = |status: &str, online: bool, on_battery: bool| DeviceReading {
            device: "rack1-ups".into(),
            address: "nut://127.0.0.1:3493/ups1".into(),
            metrics: HwMetrics {
                protocol: "nut".into(),
                ups: Some(UpsState {
                    status: status.into(),
                    online,
                    on_battery,
                    input_voltage: Some(0.0),
                    ..UpsState::default()
                }),
                ..HwMetrics::default()
            },
            ..DeviceReading::default()
        };
        let (verdict, reason, _) =
            DeviceProbe::UpsInput.judge("web01", &[ups("OB DISCHRG", false, true)]);
        assert_eq!(verdict, Verdict::Fail);
        assert!(reason.contains("on battery"), "{reason}");
        let (verdict, _, _) = DeviceProbe::UpsInput.judge("web01", &[ups("OL", true, false)]);
        assert_eq!(verdict, Verdict::Ok);
    }
}
