//! The checks of SPEC §2.3: device facts, thresholds and the previous
//! inspection's metrics in, findings and this inspection's metrics out.
//!
//! One function per check, in the order of the network maintenance guide.
//! A check says `skip` with a reason when it does not apply to the device
//! and `unknown` with a reason when it applies but could not be made.

use super::facts::{COUNTERS, Counters, DeviceFacts, Gap, IfaceState};
use super::metrics::NetMetrics;
use super::thresholds::NetThresholds;
use crate::check::{Finding, Status, fmt_num};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

/// The previous inspection of the same device, as far as it matters here.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    pub metrics: NetMetrics,
    /// When that inspection ran.
    pub at: Option<DateTime<Utc>>,
}

/// Judge a device. `now` is when its outputs were read.
pub fn evaluate(
    facts: &DeviceFacts,
    t: &NetThresholds,
    previous: Option<&Previous>,
    now: DateTime<Utc>,
) -> (Vec<Finding>, NetMetrics) {
    let mut m = NetMetrics {
        platform: Some(facts.platform.as_str().to_string()),
        ..NetMetrics::default()
    };
    let prev = previous.map(|p| &p.metrics);
    let mut findings = vec![version(facts, &mut m)];
    findings.push(uptime(facts, t));
    let reloaded = reload(facts, prev, previous, &mut findings);
    match &facts.version {
        Ok(v) if v.uptime_seconds.is_some() => {
            m.uptime_seconds = v.uptime_seconds;
            m.uptime_read_at = Some(now);
        }
        _ => {
            if let Some(p) = prev {
                m.uptime_seconds = p.uptime_seconds;
                m.uptime_read_at = p.uptime_read_at;
            }
        }
    }
    findings.extend(interfaces(facts, t, &mut m));
    findings.extend(error_counters(facts, t, prev, reloaded, now, &mut m));
    findings.extend(routes(facts, t, &mut m));
    findings.push(cpu(facts, t, &mut m));
    findings.push(memory(facts, t, &mut m));
    findings.extend(environment(facts));
    (findings, m)
}

fn gap(check: &str, g: &Gap) -> Finding {
    match g {
        Gap::NotApplicable(r) => Finding::skip(check, r.clone()),
        Gap::Unknown(r) => Finding::unknown(check, r.clone()),
    }
}

/// `5 d 3 h`, `3 h 12 min`, `3 h`, `12 min`.
pub fn human_duration(secs: u64) -> String {
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 && m > 0 {
        format!("{h} h {m} min")
    } else if h > 0 {
        format!("{h} h")
    } else {
        format!("{m} min")
    }
}

fn when(at: Option<DateTime<Utc>>) -> String {
    match at {
        Some(at) => format!("the last inspection ({})", at.format("%Y-%m-%d %H:%M UTC")),
        None => "the last inspection".to_string(),
    }
}

fn pct1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn version(facts: &DeviceFacts, m: &mut NetMetrics) -> Finding {
    let v = match &facts.version {
        Ok(v) => v,
        Err(g) => return gap("version", g),
    };
    m.model = v.model.clone();
    m.version = v.version.clone();
    let model = v.model.as_deref().unwrap_or("model not shown");
    let version = v.version.as_deref().unwrap_or("version not shown");
    let mut value = Map::new();
    for (k, x) in [
        ("hostname", &v.hostname),
        ("model", &v.model),
        ("version", &v.version),
    ] {
        if let Some(x) = x {
            value.insert(k.into(), json!(x));
        }
    }
    Finding::ok("version", format!("{model}, {version}")).value(Value::Object(value))
}

fn uptime(facts: &DeviceFacts, t: &NetThresholds) -> Finding {
    let v = match &facts.version {
        Ok(v) => v,
        Err(g) => return gap("uptime", g),
    };
    let Some(secs) = v.uptime_seconds else {
        return Finding::unknown(
            "uptime",
            match &v.uptime {
                Some(u) => format!("uptime not understood: {u:?}"),
                None => "the version output shows no uptime".to_string(),
            },
        );
    };
    let limit = t.recent_reload.as_secs();
    let threshold = format!("warn < {}", human_duration(limit).replace(" 0 h", ""));
    let reason = v
        .reload_reason
        .as_deref()
        .map(|r| format!(" (reload reason: {r})"))
        .unwrap_or_default();
    let (status, message) = if secs < limit {
        (
            Status::Warn,
            format!("reloaded recently: up {}{reason}", human_duration(secs)),
        )
    } else {
        (Status::Ok, format!("up {}", human_duration(secs)))
    };
    Finding::new("uptime", status, message)
        .value(secs)
        .threshold(threshold)
}

/// The reload check; returns whether the device reloaded since the
/// previous inspection (its counters then start from zero).
fn reload(
    facts: &DeviceFacts,
    prev: Option<&NetMetrics>,
    previous: Option<&Previous>,
    findings: &mut Vec<Finding>,
) -> bool {
    let now = match &facts.version {
        Ok(v) => v.uptime_seconds,
        Err(g) => {
            findings.push(gap("reload", g));
            return false;
        }
    };
    let Some(now) = now else {
        findings.push(Finding::unknown("reload", "no uptime to compare"));
        return false;
    };
    let Some(before) = prev.and_then(|p| p.uptime_seconds) else {
        findings.push(Finding::skip(
            "reload",
            "first inspection: no earlier uptime to compare with",
        ));
        return false;
    };
    let since = when(
        prev.and_then(|p| p.uptime_read_at)
            .or(previous.and_then(|p| p.at)),
    );
    let threshold = "uptime lower than at the last inspection";
    if now < before {
        findings.push(
            Finding::new(
                "reload",
                Status::Warn,
                format!(
                    "reloaded since {since}: up {}, was up {}",
                    human_duration(now),
                    human_duration(before)
                ),
            )
            .value(json!({"uptime_seconds": now, "previous_uptime_seconds": before}))
            .threshold(threshold),
        );
        true
    } else {
        findings.push(
            Finding::ok("reload", format!("no reload since {since}"))
                .value(json!({"uptime_seconds": now, "previous_uptime_seconds": before}))
                .threshold(threshold),
        );
        false
    }
}

fn interfaces(facts: &DeviceFacts, t: &NetThresholds, m: &mut NetMetrics) -> Vec<Finding> {
    let list = match &facts.interfaces {
        Ok(l) => l,
        Err(g) => return vec![gap("interfaces", g)],
    };
    let mut out = Vec::new();
    let (mut total, mut up, mut shut, mut ignored, mut standby) = (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut problems = 0u64;
    for i in list {
        if i.deleted {
            continue;
        }
        total += 1;
        if t.ignored(&i.name) {
            ignored += 1;
            continue;
        }
        if i.admin_down {
            shut += 1;
            continue;
        }
        if i.link == "up" && i.protocol == "up" {
            up += 1;
            continue;
        }
        if i.standby {
            standby += 1;
            continue;
        }
        problems += 1;
        out.push(interface_problem(i, t));
    }
    m.interfaces = Some(total);
    m.interfaces_up = Some(up);
    let mut summary = format!("{total} interfaces: {up} up, {shut} administratively down");
    if standby > 0 {
        summary.push_str(&format!(", {standby} standby"));
    }
    if problems > 0 {
        summary.push_str(&format!(", {problems} with a problem"));
    }
    if ignored > 0 {
        summary.push_str(&format!(", {ignored} ignored"));
    }
    out.insert(
        0,
        Finding::ok("interfaces", summary).value(json!({
            "interfaces": total, "up": up, "admin_down": shut, "standby": standby,
            "problems": problems, "ignored": ignored
        })),
    );
    out
}

fn interface_problem(i: &IfaceState, t: &NetThresholds) -> Finding {
    let detail = i
        .detail
        .as_deref()
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    let state = json!({"link": i.link, "protocol": i.protocol});
    if i.link == "up" {
        Finding::new(
            "interface.protocol",
            t.protocol_down,
            format!("line protocol {}{detail} on an up link", i.protocol),
        )
        .subject(&i.name)
        .value(state)
        .threshold("link up and line protocol up")
    } else if i.protocol == "up" {
        Finding::new(
            "interface.protocol",
            Status::Warn,
            format!(
                "state mismatch: link {} but line protocol up{detail}",
                i.link
            ),
        )
        .subject(&i.name)
        .value(state)
        .threshold("link and line protocol agree")
    } else {
        Finding::new(
            "interface.down",
            t.interface_down,
            format!("enabled but link {}{detail}", i.link),
        )
        .subject(&i.name)
        .value(state)
        .threshold("an enabled interface is up")
    }
}

/// How the counters of one interface are judged this time.
enum Basis {
    /// No earlier counters at all: absolute values.
    First,
    /// The device reloaded: everything counts from zero.
    Reloaded,
    /// An interface not seen last time: absolute values.
    New,
    /// Growth since last time (a counter that went down was cleared and
    /// counts from zero).
    Growth,
}

fn error_counters(
    facts: &DeviceFacts,
    t: &NetThresholds,
    prev: Option<&NetMetrics>,
    reloaded: bool,
    now: DateTime<Utc>,
    m: &mut NetMetrics,
) -> Vec<Finding> {
    let current = match &facts.counters {
        Ok(c) => c,
        Err(g) => {
            // Keep the last counters read, so the next run judges growth
            // since then.
            if let Some(p) = prev {
                m.counters = p.counters.clone();
                m.counters_read_at = p.counters_read_at;
            }
            return vec![gap("interface.errors", g)];
        }
    };
    m.counters = current.clone();
    m.counters_read_at = Some(now);
    let prev = prev.filter(|p| !p.counters.is_empty());
    let since = when(prev.and_then(|p| p.counters_read_at));
    let limits = t.error_growth;
    let threshold = |basis: &Basis| {
        let rule = limits.describe_above("");
        match basis {
            Basis::Growth | Basis::Reloaded => {
                format!("per counter: {rule} (growth since the last inspection)")
            }
            Basis::First | Basis::New => format!("per counter: {rule} (absolute count)"),
        }
    };
    let mut out = Vec::new();
    let mut judged = 0usize;
    for (name, counters) in current {
        if t.ignored(name) {
            continue;
        }
        judged += 1;
        let before = prev.map(|p| p.counters.get(name));
        let basis = match before {
            None => Basis::First,
            Some(_) if reloaded => Basis::Reloaded,
            Some(None) => Basis::New,
            Some(Some(_)) => Basis::Growth,
        };
        let before: Option<&Counters> = before.flatten();
        let mut grown = Map::new();
        let mut cleared = false;
        let mut worst = 0u64;
        for counter in COUNTERS {
            let Some(&value) = counters.get(*counter) else {
                continue;
            };
            let delta = match (&basis, before.and_then(|b| b.get(*counter))) {
                (Basis::Growth, Some(&was)) if value >= was => value - was,
                (Basis::Growth, Some(_)) => {
                    cleared = true;
                    value
                }
                _ => value,
            };
            if delta > 0 {
                grown.insert(counter.to_string(), json!(delta));
                worst = worst.max(delta);
            }
        }
        if grown.is_empty() {
            continue;
        }
        let list = grown
            .iter()
            .map(|(k, v)| match basis {
                Basis::Growth => format!("{k} +{v}"),
                _ => format!("{k} {v}"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let message = match basis {
            Basis::First => format!("first inspection, judged on absolute counts: {list}"),
            Basis::New => {
                format!("not seen at {since}, judged on absolute counts: {list}")
            }
            Basis::Reloaded => {
                format!("the device reloaded since {since}; counted from zero: {list}")
            }
            Basis::Growth if cleared => {
                format!("counters were cleared since {since}; counted from zero: {list}")
            }
            Basis::Growth => format!("{list} since {since}"),
        };
        out.push(
            Finding::new("interface.errors", limits.above(worst as f64), message)
                .subject(name)
                .value(Value::Object(grown))
                .threshold(threshold(&basis)),
        );
    }
    if out.is_empty() {
        let (message, basis) = match prev {
            None => (
                format!(
                    "first inspection: no errors counted on {judged} interfaces (judged on absolute values)"
                ),
                Basis::First,
            ),
            Some(_) if reloaded => (
                format!("no errors counted on {judged} interfaces since the reload"),
                Basis::Reloaded,
            ),
            Some(_) => (
                format!("no error counter grew on {judged} interfaces since {since}"),
                Basis::Growth,
            ),
        };
        out.push(Finding::ok("interface.errors", message).threshold(threshold(&basis)));
    }
    out
}

fn routes(facts: &DeviceFacts, t: &NetThresholds, m: &mut NetMetrics) -> Vec<Finding> {
    let r = match &facts.routes {
        Ok(r) => r,
        Err(g) => return vec![gap("routes", g)],
    };
    m.routes = Some(r.count);
    m.default_route = Some(r.default_route);
    let mut out = vec![if r.count == 0 {
        Finding::new("routes", Status::Crit, "the routing table is empty")
            .value(0)
            .threshold("at least one route")
    } else {
        Finding::ok("routes", format!("{} routes", r.count))
            .value(r.count)
            .threshold("at least one route")
    }];
    out.push(if !t.require_default_route {
        Finding::skip(
            "routes.default",
            "not required (require_default_route = false)",
        )
    } else if r.default_route {
        Finding::ok("routes.default", "default route present").value(true)
    } else {
        Finding::new("routes.default", Status::Warn, "no default route")
            .value(false)
            .threshold("a default route is present")
    });
    if t.expected_prefixes.is_empty() {
        out.push(Finding::skip(
            "routes.expected",
            "no expected prefixes configured (expected_prefixes)",
        ));
    }
    for p in &t.expected_prefixes {
        let present = r
            .prefixes
            .iter()
            .any(|(n, l)| *n == p.network && *l == p.length);
        out.push(if present {
            Finding::ok("routes.expected", "present")
                .subject(p.to_string())
                .value(true)
        } else {
            Finding::new(
                "routes.expected",
                Status::Crit,
                "expected prefix missing from the routing table",
            )
            .subject(p.to_string())
            .value(false)
            .threshold("present")
        });
    }
    out
}

fn cpu(facts: &DeviceFacts, t: &NetThresholds, m: &mut NetMetrics) -> Finding {
    let c = match &facts.cpu {
        Ok(c) => c,
        Err(g) => return gap("cpu", g),
    };
    let pct = pct1(c.pct);
    m.cpu_pct = Some(pct);
    Finding::new(
        "cpu",
        t.cpu_pct.above(c.pct),
        format!("CPU {}% ({})", fmt_num(pct), c.basis),
    )
    .value(pct)
    .threshold(t.cpu_pct.describe_above(" %"))
}

fn memory(facts: &DeviceFacts, t: &NetThresholds, m: &mut NetMetrics) -> Finding {
    let mem = match &facts.memory {
        Ok(x) => x,
        Err(g) => return gap("memory", g),
    };
    let pct = pct1(mem.used_pct);
    m.memory_used_pct = Some(pct);
    m.memory_used_bytes = mem.used_bytes;
    m.memory_total_bytes = mem.total_bytes;
    Finding::new(
        "memory",
        t.memory_used_pct.above(mem.used_pct),
        format!("memory {}% used", fmt_num(pct)),
    )
    .value(pct)
    .threshold(t.memory_used_pct.describe_above(" %"))
}

fn environment(facts: &DeviceFacts) -> Vec<Finding> {
    let e = match &facts.environment {
        Ok(e) => e,
        Err(g) => return vec![gap("environment", g)],
    };
    if e.problems.is_empty() {
        let mut message = format!("{} components, sensors and supplies OK", e.components);
        if !e.missing.is_empty() {
            message.push_str(&format!(" (not shown: {})", e.missing.join("; ")));
        }
        return vec![Finding::ok("environment", message).value(e.components as u64)];
    }
    e.problems
        .iter()
        .map(|p| {
            Finding::new("environment", p.status, p.state.clone())
                .subject(&p.component)
                .value(p.state.clone())
                .threshold("OK / normal")
        })
        .collect()
}
