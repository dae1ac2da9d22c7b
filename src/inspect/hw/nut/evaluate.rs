//! A UPS's variables judged: power, battery, input, load, self-test and the
//! machine room at its probe. Pure: variables in, findings and metrics out.
//!
//! | check | variables | rule |
//! |---|---|---|
//! | `ups.status` | `ups.status`, `ups.alarm` | OB, LB, OVER, FSD, OFF crit; RB, BYPASS, CAL, ALARM warn; OL ok |
//! | `ups.charge` | `battery.charge` | `ups_charge_pct`, bad below |
//! | `ups.runtime` | `battery.runtime` (s) | `ups_runtime_min`, bad below |
//! | `ups.input` | `input.voltage` | outside `input.transfer.low`..`high` crit, else ±10 % of `input.voltage.nominal` warn |
//! | `ups.load` | `ups.load` | `ups_load_pct`, bad above |
//! | `ups.selftest` | `ups.test.result`, `ups.test.date` | failed crit, warning or aborted warn |
//! | `ambient.temperature` | `ambient.temperature` | `ambient_temp_c`, bad above |
//! | `ambient.humidity` | `ambient.humidity` | outside `ambient_humidity_pct` warn |
//!
//! A value the UPS does not report is a `skip` saying so.

use crate::check::{Finding, Status, fmt_num};
use crate::inspect::hw::{HwMetrics, HwThresholds, UpsState};
use std::collections::BTreeMap;

/// The variables kept as readings for trends, when the UPS reports them.
const READINGS: &[&str] = &[
    "ambient.temperature",
    "ambient.humidity",
    "battery.charge",
    "battery.runtime",
    "battery.voltage",
    "battery.temperature",
    "input.voltage",
    "input.frequency",
    "output.voltage",
    "output.frequency",
    "ups.load",
    "ups.realpower",
    "ups.power",
    "ups.temperature",
];

/// How far from nominal the input may be when the UPS gives no transfer
/// points: ±10 %, the tolerance of EN 50160 for the mains.
const NOMINAL_TOLERANCE: f64 = 0.10;

/// The findings and metrics of one UPS: `ups` is its name in upsd (the
/// subject of every finding), `hosts` the `[[host]]`s it powers.
pub fn evaluate(
    ups: &str,
    hosts: &[String],
    vars: &BTreeMap<String, String>,
    t: &HwThresholds,
) -> (Vec<Finding>, HwMetrics) {
    let num = |name: &str| vars.get(name).and_then(|v| v.trim().parse::<f64>().ok());
    let mut findings = Vec::new();

    let status_text = vars.get("ups.status").map(|s| s.trim().to_string());
    let flags: Vec<&str> = status_text
        .as_deref()
        .map(|s| s.split_whitespace().collect())
        .unwrap_or_default();
    findings.push(status(
        status_text.as_deref(),
        &flags,
        vars.get("ups.alarm"),
        hosts,
    ));

    let charge = num("battery.charge");
    findings.push(match charge {
        Some(c) => Finding::new(
            "ups.charge",
            t.ups_charge_pct.below(c),
            format!("battery charged {} %", fmt_num(c)),
        )
        .value(c)
        .threshold(t.ups_charge_pct.describe_below(" %")),
        None => not_reported("ups.charge", "battery.charge", vars),
    });

    let runtime_s = num("battery.runtime");
    findings.push(match runtime_s {
        Some(s) => {
            let min = (s / 60.0 * 10.0).round() / 10.0;
            Finding::new(
                "ups.runtime",
                t.ups_runtime_min.below(s / 60.0),
                format!("{} min of battery runtime ({} s)", fmt_num(min), fmt_num(s)),
            )
            .value(min)
            .threshold(t.ups_runtime_min.describe_below(" min"))
        }
        None => not_reported("ups.runtime", "battery.runtime", vars),
    });

    let input = num("input.voltage");
    findings.push(match input {
        Some(v) => input_voltage(
            v,
            num("input.transfer.low"),
            num("input.transfer.high"),
            num("input.voltage.nominal"),
        ),
        None => not_reported("ups.input", "input.voltage", vars),
    });

    let load = num("ups.load");
    findings.push(match load {
        Some(l) => Finding::new(
            "ups.load",
            t.ups_load_pct.above(l),
            format!("load {} %", fmt_num(l)),
        )
        .value(l)
        .threshold(t.ups_load_pct.describe_above(" %")),
        None => not_reported("ups.load", "ups.load", vars),
    });

    findings.push(match vars.get("ups.test.result") {
        Some(result) => self_test(result.trim(), vars.get("ups.test.date")),
        None => not_reported("ups.selftest", "ups.test.result", vars),
    });

    findings.push(match num("ambient.temperature") {
        Some(c) => Finding::new(
            "ambient.temperature",
            t.ambient_temp_c.above(c),
            format!("{} °C at the UPS's probe", fmt_num(c)),
        )
        .value(c)
        .threshold(t.ambient_temp_c.describe_above(" °C")),
        None => not_reported("ambient.temperature", "ambient.temperature", vars),
    });

    let range = t.ambient_humidity_pct;
    findings.push(match num("ambient.humidity") {
        Some(h) => {
            let (status, how) = if h < range.low {
                (Status::Warn, "too dry")
            } else if h > range.high {
                (Status::Warn, "too humid")
            } else {
                (Status::Ok, "within range")
            };
            Finding::new(
                "ambient.humidity",
                status,
                format!("{} % relative humidity, {how}", fmt_num(h)),
            )
            .value(h)
            .threshold(format!(
                "warn outside {}..{} %",
                fmt_num(range.low),
                fmt_num(range.high)
            ))
        }
        None => not_reported("ambient.humidity", "ambient.humidity", vars),
    });

    let findings = findings.into_iter().map(|f| f.subject(ups)).collect();
    let readings = READINGS
        .iter()
        .filter_map(|name| num(name).map(|v| (name.to_string(), v)))
        .collect();
    let metrics = HwMetrics {
        protocol: "nut".into(),
        ups: Some(UpsState {
            status: status_text.clone().unwrap_or_default(),
            online: flags.contains(&"OL"),
            on_battery: flags.contains(&"OB"),
            low_battery: flags.contains(&"LB"),
            charge_pct: charge,
            runtime_s,
            input_voltage: input,
            load_pct: load,
        }),
        readings,
        ..HwMetrics::default()
    };
    (findings, metrics)
}

/// What each `ups.status` flag means and how bad it is.
fn flag(word: &str) -> Option<(Status, &'static str)> {
    Some(match word {
        "OL" => (Status::Ok, "online"),
        "OB" => (Status::Crit, "on battery"),
        "LB" => (Status::Crit, "battery low"),
        "HB" => (Status::Ok, "battery high"),
        "RB" => (Status::Warn, "battery needs replacing"),
        "CHRG" => (Status::Ok, "charging"),
        "DISCHRG" => (Status::Ok, "discharging"),
        "BYPASS" => (Status::Warn, "on bypass, the load is not protected"),
        "CAL" => (Status::Warn, "calibrating the battery"),
        "OFF" => (Status::Crit, "output off"),
        "OVER" => (Status::Crit, "overloaded"),
        "TRIM" => (Status::Ok, "trimming high input"),
        "BOOST" => (Status::Ok, "boosting low input"),
        "FSD" => (Status::Crit, "forced shutdown in progress"),
        "ALARM" => (Status::Warn, "alarm"),
        // The driver lost the UPS: what it last said may be stale.
        "NOCOMM" => (Status::Unknown, "the driver cannot talk to the UPS"),
        // A driver starting up says WAIT until it has read the UPS.
        "WAIT" => (Status::Unknown, "the driver has not read the UPS yet"),
        _ => return None,
    })
}

fn status(text: Option<&str>, flags: &[&str], alarm: Option<&String>, hosts: &[String]) -> Finding {
    let Some(text) = text else {
        return Finding::unknown("ups.status", "the UPS reports no ups.status");
    };
    let mut worst = Status::Ok;
    let mut words = Vec::new();
    for f in flags {
        match flag(f) {
            Some((s, meaning)) => {
                worst = worst.max(s);
                if *f == "ALARM"
                    && let Some(a) = alarm.filter(|a| !a.trim().is_empty())
                {
                    words.push(format!("alarm: {}", a.trim()));
                } else {
                    words.push(meaning.to_string());
                }
            }
            None => words.push(format!("{f} (not a flag ops knows)")),
        }
    }
    let online = flags.contains(&"OL");
    let on_battery = flags.contains(&"OB");
    if !online && !on_battery && !flags.contains(&"OFF") && !flags.contains(&"WAIT") {
        worst = worst.max(Status::Unknown);
        words.push("neither online nor on battery".into());
    }
    let mut message = format!("{} ({text})", words.join(", "));
    if !hosts.is_empty() {
        let verb = if on_battery || !online {
            "at risk"
        } else {
            "powered"
        };
        message.push_str(&format!("; {verb}: {}", hosts.join(", ")));
    }
    Finding::new("ups.status", worst, message).value(text)
}

fn input_voltage(v: f64, low: Option<f64>, high: Option<f64>, nominal: Option<f64>) -> Finding {
    let volts = |x: f64| format!("{} V", fmt_num(x));
    if let (Some(low), Some(high)) = (low, high) {
        let (status, how) = if v < low {
            (Status::Crit, "below the transfer point")
        } else if v > high {
            (Status::Crit, "above the transfer point")
        } else {
            (Status::Ok, "within the transfer points")
        };
        return Finding::new("ups.input", status, format!("input {}, {how}", volts(v)))
            .value(v)
            .threshold(format!(
                "crit outside {}..{} V (input.transfer.low/high)",
                fmt_num(low),
                fmt_num(high)
            ));
    }
    if let Some(n) = nominal.filter(|n| *n > 0.0) {
        // Rounded to 0.1 V so that 230 V gives 207..253 V, not 253.00000000000003.
        let tenth = |x: f64| (x * 10.0).round() / 10.0;
        let (low, high) = (
            tenth(n * (1.0 - NOMINAL_TOLERANCE)),
            tenth(n * (1.0 + NOMINAL_TOLERANCE)),
        );
        let status = if v < low || v > high {
            Status::Warn
        } else {
            Status::Ok
        };
        let pct = (v - n) / n * 100.0;
        return Finding::new(
            "ups.input",
            status,
            format!(
                "input {}, {:+.1} % of the nominal {}",
                volts(v),
                pct,
                volts(n)
            ),
        )
        .value(v)
        .threshold(format!(
            "warn outside {}..{} V (nominal ±10 %)",
            fmt_num(low),
            fmt_num(high)
        ));
    }
    Finding::skip(
        "ups.input",
        format!(
            "input {}; the UPS reports neither input.transfer.low/high nor input.voltage.nominal to judge it by",
            volts(v)
        ),
    )
    .value(v)
}

/// Words of the self-test results NUT drivers report ("Done and passed",
/// "Done and warning", "Done and error", "Aborted", "In progress", "No test
/// initiated", "Battery Bad", "OK", …). A failed battery test means the
/// battery may not carry the load: crit.
fn self_test(result: &str, date: Option<&String>) -> Finding {
    let lower = result.to_ascii_lowercase();
    let has = |w: &str| lower.contains(w);
    let status = if has("fail") || has("error") || has("bad") || lower == "ng" {
        Status::Crit
    } else if has("warn") || has("abort") {
        Status::Warn
    } else if has("pass")
        || has("no test")
        || has("not initiated")
        || has("in progress")
        || has("scheduled")
        || has("good")
        || lower == "ok"
        || lower.starts_with("ok ")
        || lower.starts_with("ok,")
        || lower.starts_with("ok -")
    {
        Status::Ok
    } else {
        Status::Warn
    };
    let when = date
        .map(|d| d.trim())
        .filter(|d| !d.is_empty() && !d.eq_ignore_ascii_case("unknown"))
        .map(|d| format!(" on {d}"))
        .unwrap_or_default();
    let message = if status == Status::Warn && !has("warn") && !has("abort") {
        format!("last self-test{when}: {result} (a result ops does not know)")
    } else {
        format!("last self-test{when}: {result}")
    };
    Finding::new("ups.selftest", status, message).value(result)
}

fn not_reported(check: &str, var: &str, vars: &BTreeMap<String, String>) -> Finding {
    match vars.get(var) {
        Some(v) => Finding::unknown(
            check,
            format!("{var} is {}, not a number", super::protocol::shorten(v, 40)),
        ),
        None => Finding::skip(check, format!("the UPS does not report {var}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Limits;

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const HEALTHY: &[(&str, &str)] = &[
        ("ups.status", "OL CHRG"),
        ("battery.charge", "100"),
        ("battery.runtime", "3600"),
        ("input.voltage", "230.5"),
        ("input.transfer.low", "180"),
        ("input.transfer.high", "260"),
        ("ups.load", "23"),
        ("ups.test.result", "Done and passed"),
        ("ambient.temperature", "24.5"),
        ("ambient.humidity", "45"),
        ("device.model", "Dummy UPS"),
    ];

    fn by_check<'a>(findings: &'a [Finding], check: &str) -> &'a Finding {
        findings
            .iter()
            .find(|f| f.check == check)
            .unwrap_or_else(|| panic!("no {check} in {findings:#?}"))
    }

    fn with(changes: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut v = vars(HEALTHY);
        for (k, val) in changes {
            if val.is_empty() {
                v.remove(*k);
            } else {
                v.insert(k.to_string(), val.to_string());
            }
        }
        v
    }

    #[test]
    fn a_healthy_ups_is_ok_everywhere_with_its_state() {
        let (f, m) = evaluate(
            "ups1",
            &["web01".into()],
            &vars(HEALTHY),
            &HwThresholds::default(),
        );
        assert_eq!(f.len(), 8);
        for x in &f {
            assert_eq!(x.status, Status::Ok, "{x:?}");
            assert_eq!(x.subject.as_deref(), Some("ups1"));
        }
        assert_eq!(
            by_check(&f, "ups.status").message,
            "online, charging (OL CHRG); powered: web01"
        );
        assert_eq!(by_check(&f, "ups.runtime").value, 60.0);
        assert_eq!(
            by_check(&f, "ups.runtime").threshold.as_deref(),
            Some("warn < 15 min, crit < 5 min")
        );
        let ups = m.ups.unwrap();
        assert_eq!(m.protocol, "nut");
        assert!(ups.online && !ups.on_battery && !ups.low_battery);
        assert_eq!(ups.charge_pct, Some(100.0));
        assert_eq!(ups.runtime_s, Some(3600.0));
        assert_eq!(ups.input_voltage, Some(230.5));
        assert_eq!(ups.load_pct, Some(23.0));
        assert_eq!(m.readings["ambient.humidity"], 45.0);
        assert_eq!(m.readings["input.voltage"], 230.5);
        assert!(!m.readings.contains_key("device.model"));
    }

    #[test]
    fn on_battery_and_low_battery_are_crit_with_the_values() {
        let t = HwThresholds::default();
        let (f, m) = evaluate(
            "ups1",
            &["web01".into(), "web02".into()],
            &with(&[("ups.status", "OB DISCHRG")]),
            &t,
        );
        let s = by_check(&f, "ups.status");
        assert_eq!(s.status, Status::Crit);
        assert_eq!(
            s.message,
            "on battery, discharging (OB DISCHRG); at risk: web01, web02"
        );
        assert!(m.ups.unwrap().on_battery);

        let (f, m) = evaluate(
            "ups1",
            &[],
            &with(&[
                ("ups.status", "OB LB"),
                ("battery.charge", "12"),
                ("battery.runtime", "150"),
                ("input.voltage", "0"),
            ]),
            &t,
        );
        assert_eq!(
            by_check(&f, "ups.status").message,
            "on battery, battery low (OB LB)"
        );
        let c = by_check(&f, "ups.charge");
        assert_eq!((c.status, c.value.as_f64()), (Status::Crit, Some(12.0)));
        let r = by_check(&f, "ups.runtime");
        assert_eq!((r.status, r.value.as_f64()), (Status::Crit, Some(2.5)));
        assert_eq!(r.message, "2.5 min of battery runtime (150 s)");
        assert_eq!(by_check(&f, "ups.input").status, Status::Crit);
        assert!(m.ups.unwrap().low_battery);
    }

    #[test]
    fn every_flag_has_its_weight() {
        let t = HwThresholds::default();
        for (status, want) in [
            ("OL", Status::Ok),
            ("OL RB", Status::Warn),
            ("OL BYPASS", Status::Warn),
            ("OL OVER", Status::Crit),
            ("OL FSD", Status::Crit),
            ("OFF", Status::Crit),
            ("OL TRIM", Status::Ok),
            ("OL CAL", Status::Warn),
            ("WAIT", Status::Unknown),
            ("OL NOCOMM", Status::Unknown),
            ("OL XYZ", Status::Ok),
        ] {
            let (f, _) = evaluate("u", &[], &with(&[("ups.status", status)]), &t);
            assert_eq!(by_check(&f, "ups.status").status, want, "{status}");
        }
        let (f, _) = evaluate(
            "u",
            &[],
            &with(&[("ups.status", "OL ALARM"), ("ups.alarm", "Fan failure")]),
            &t,
        );
        assert_eq!(
            by_check(&f, "ups.status").message,
            "online, alarm: Fan failure (OL ALARM)"
        );
        let (f, _) = evaluate("u", &[], &with(&[("ups.status", "")]), &t);
        assert_eq!(by_check(&f, "ups.status").status, Status::Unknown);
    }

    #[test]
    fn input_is_judged_by_transfer_points_else_nominal() {
        let t = HwThresholds::default();
        let (f, _) = evaluate("u", &[], &with(&[("input.voltage", "262")]), &t);
        let i = by_check(&f, "ups.input");
        assert_eq!(i.status, Status::Crit);
        assert_eq!(i.message, "input 262 V, above the transfer point");
        let nominal = with(&[
            ("input.transfer.low", ""),
            ("input.transfer.high", ""),
            ("input.voltage.nominal", "230"),
            ("input.voltage", "200"),
        ]);
        let (f, _) = evaluate("u", &[], &nominal, &t);
        let i = by_check(&f, "ups.input");
        assert_eq!(i.status, Status::Warn);
        assert_eq!(i.message, "input 200 V, -13.0 % of the nominal 230 V");
        assert_eq!(
            i.threshold.as_deref(),
            Some("warn outside 207..253 V (nominal ±10 %)")
        );
        let mut bare = nominal.clone();
        bare.remove("input.voltage.nominal");
        let (f, _) = evaluate("u", &[], &bare, &t);
        assert_eq!(by_check(&f, "ups.input").status, Status::Skip);
    }

    #[test]
    fn thresholds_and_ranges_apply() {
        let t = HwThresholds {
            ups_load_pct: Limits::new(20.0, 30.0),
            ..HwThresholds::default()
        };
        let (f, _) = evaluate(
            "u",
            &[],
            &with(&[
                ("ambient.humidity", "85"),
                ("ambient.temperature", "36"),
                ("battery.charge", "70"),
            ]),
            &t,
        );
        assert_eq!(by_check(&f, "ups.load").status, Status::Warn);
        let h = by_check(&f, "ambient.humidity");
        assert_eq!(h.status, Status::Warn);
        assert_eq!(h.message, "85 % relative humidity, too humid");
        assert_eq!(h.threshold.as_deref(), Some("warn outside 20..80 %"));
        assert_eq!(by_check(&f, "ambient.temperature").status, Status::Crit);
        assert_eq!(by_check(&f, "ups.charge").status, Status::Warn);
        let (f, _) = evaluate("u", &[], &with(&[("ambient.humidity", "10")]), &t);
        assert_eq!(
            by_check(&f, "ambient.humidity").message,
            "10 % relative humidity, too dry"
        );
    }

    #[test]
    fn self_test_results() {
        for (result, want) in [
            ("Done and passed", Status::Ok),
            ("No test initiated", Status::Ok),
            ("In progress", Status::Ok),
            ("OK", Status::Ok),
            ("Done and warning", Status::Warn),
            ("Aborted", Status::Warn),
            ("Done and error", Status::Crit),
            ("Battery Bad", Status::Crit),
            ("Failed", Status::Crit),
            ("Something new", Status::Warn),
        ] {
            assert_eq!(self_test(result, None).status, want, "{result}");
        }
        let f = self_test("Done and error", Some(&"2026-11-01".to_string()));
        assert_eq!(f.message, "last self-test on 2026-11-01: Done and error");
    }

    #[test]
    fn what_the_ups_does_not_report_is_skipped_and_nonsense_is_unknown() {
        let v = vars(&[("ups.status", "OL"), ("battery.charge", "lots")]);
        let (f, m) = evaluate("u", &[], &v, &HwThresholds::default());
        let c = by_check(&f, "ups.charge");
        assert_eq!(c.status, Status::Unknown);
        assert_eq!(c.message, "battery.charge is \"lots\", not a number");
        let r = by_check(&f, "ups.runtime");
        assert_eq!(r.status, Status::Skip);
        assert_eq!(r.message, "the UPS does not report battery.runtime");
        for check in [
            "ups.input",
            "ups.load",
            "ups.selftest",
            "ambient.temperature",
            "ambient.humidity",
        ] {
            assert_eq!(by_check(&f, check).status, Status::Skip, "{check}");
        }
        assert!(m.readings.is_empty());
        let (f, _) = evaluate("u", &[], &BTreeMap::new(), &HwThresholds::default());
        assert_eq!(by_check(&f, "ups.status").status, Status::Unknown);
    }
}
