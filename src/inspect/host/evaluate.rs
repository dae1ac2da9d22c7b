//! The checks of SPEC §2.1: facts and thresholds in, findings and metrics out.
//!
//! One function per check, in the order of the host maintenance record.
//! Each says `skip` with a reason when the check does not apply and
//! `unknown` with a reason when it applies but could not be made.

use super::facts::{Fact, Gap, HostFacts};
use super::human::{bytes, duration, list, pct1, short};
use super::metrics::{CpuWindow, FsMetrics, HostMetrics, cpu_busy};
use super::thresholds::HostThresholds;
use crate::check::{Finding, Limits, Status, fmt_num};
use crate::parse::linux::{
    df::{Df, DfRow},
    gateway::Ping,
    ip::Route,
    login_defs::FileState,
    mdstat::MdArray,
    resolve::Lookup,
    timesync::SyncState,
};
use serde_json::json;

/// Judge a host: one finding per check (per subject where a check covers
/// several), and the metrics to store. `previous` is the last inspection's
/// metrics, for CPU busy % between the two.
pub fn evaluate(
    facts: &HostFacts,
    thresholds: &HostThresholds,
    previous: Option<&HostMetrics>,
) -> (Vec<Finding>, HostMetrics) {
    let mut metrics = HostMetrics::default();
    let mut findings = vec![
        os(facts),
        load(facts, thresholds, previous, &mut metrics),
        memory(facts, thresholds, &mut metrics),
        swap(facts, thresholds, &mut metrics),
    ];
    findings.extend(filesystems(facts, thresholds, &mut metrics));
    findings.extend(raid(facts));
    findings.extend(nics(facts, thresholds));
    findings.push(default_route(facts));
    findings.extend(gateways(facts));
    findings.extend(dns(facts, thresholds));
    findings.push(errlog(facts, thresholds));
    findings.push(root_mail(facts));
    findings.push(failed_services(facts));
    findings.push(timesync(facts));
    findings.push(security_updates(facts, thresholds));
    findings.push(password_policy(facts, thresholds));
    findings.push(access_control(facts));
    findings.push(privileged_accounts(facts, previous, &mut metrics));
    findings.extend(super::hardware::findings(facts, thresholds, &mut metrics));
    (findings, metrics)
}

/// The super-user account table, compared with the previous inspection's.
fn privileged_accounts(
    f: &HostFacts,
    previous: Option<&HostMetrics>,
    m: &mut HostMetrics,
) -> Finding {
    let a = match &f.accounts {
        Ok(a) => a,
        Err(g) => {
            // Keep the previous table, so one failed read does not make the
            // next inspection lose what to compare with.
            m.privileged = previous.and_then(|p| p.privileged.clone());
            return gap(super::accounts::CHECK, g);
        }
    };
    let now = super::accounts::Snapshot::from_facts(a);
    let finding = super::accounts::finding(&now, previous.and_then(|p| p.privileged.as_ref()));
    m.privileged = Some(now);
    finding
}

/// The finding for a fact that is not there.
fn gap(check: &str, g: &Gap) -> Finding {
    match g {
        Gap::NotApplicable(r) => Finding::skip(check, r.clone()),
        Gap::Unknown(r) => Finding::unknown(check, r.clone()),
    }
}

fn verdict_suffix(status: Status, limits: &Limits, unit: &str, above: bool) -> String {
    let op = if above { ">" } else { "<" };
    match status {
        Status::Crit => format!(", crit {op} {}{unit}", fmt_num(limits.crit)),
        Status::Warn => format!(", warn {op} {}{unit}", fmt_num(limits.warn)),
        _ => String::new(),
    }
}

fn os(f: &HostFacts) -> Finding {
    let check = "os";
    if f.os.is_err() && f.kernel.is_err() {
        let reason = match (&f.os, &f.kernel) {
            (Err(a), Err(b)) => format!("{}; kernel: {}", a.reason(), b.reason()),
            _ => String::new(),
        };
        return Finding::unknown(check, format!("os-release: {reason}"));
    }
    let name = f.os.as_ref().map(|o| o.display()).ok();
    let kernel = f.kernel.as_ref().ok();
    let uptime = f.uptime.as_ref().ok().map(|u| u.seconds as u64);
    let mut parts = vec![name.clone().unwrap_or_else(|| "unknown OS".to_string())];
    if let Some(k) = kernel {
        parts.push(format!("kernel {k}"));
    }
    if let Some(u) = uptime {
        parts.push(format!("up {}", duration(u)));
    }
    let os = f.os.as_ref().ok();
    Finding::ok(check, parts.join(", "))
        .value(json!({
            "name": name,
            "id": os.and_then(|o| o.id.clone()),
            "version_id": os.and_then(|o| o.version_id.clone()),
            "kernel": kernel,
            "hostname": f.hostname.as_ref().ok(),
            "uptime_seconds": uptime,
        }))
        .threshold("information only")
}

fn load(
    f: &HostFacts,
    t: &HostThresholds,
    previous: Option<&HostMetrics>,
    m: &mut HostMetrics,
) -> Finding {
    let check = "load";
    m.uptime_seconds = f.uptime.as_ref().ok().map(|u| u.seconds as u64);
    m.cores = f.cores.as_ref().ok().copied();
    let busy = f.cpu.as_ref().ok().and_then(|c| {
        m.cpu = Some((*c).into());
        cpu_busy(c, m.uptime_seconds, previous)
    });
    if let Some((pct, window)) = busy {
        m.cpu_busy_pct = Some(pct1(pct));
        m.cpu_busy_window = Some(window);
    }
    let l = match &f.loadavg {
        Ok(l) => l,
        Err(g) => return gap(check, g),
    };
    (m.load1, m.load5, m.load15) = (Some(l.one), Some(l.five), Some(l.fifteen));
    let cores = match &f.cores {
        Ok(c) => *c,
        Err(g) => return Finding::unknown(check, format!("number of cores: {}", g.reason())),
    };
    let per_core = l.five / cores as f64;
    let status = t.load_per_core.above(per_core);
    let cpu = match busy {
        Some((pct, CpuWindow::Previous)) => {
            format!("; CPU {} % busy since the previous inspection", short(pct))
        }
        Some((pct, CpuWindow::Boot)) => format!("; CPU {} % busy since boot", short(pct)),
        None => String::new(),
    };
    Finding::new(
        check,
        status,
        format!(
            "load {:.2} {:.2} {:.2} on {cores} core{}: {:.2} per core (5 min){}{cpu}",
            l.one,
            l.five,
            l.fifteen,
            if cores == 1 { "" } else { "s" },
            per_core,
            verdict_suffix(status, &t.load_per_core, "", true),
        ),
    )
    .value((per_core * 100.0).round() / 100.0)
    .threshold(format!(
        "5-min load per core {}",
        t.load_per_core.describe_above("")
    ))
}

fn memory(f: &HostFacts, t: &HostThresholds, m: &mut HostMetrics) -> Finding {
    let check = "memory";
    let mi = match &f.meminfo {
        Ok(mi) => mi,
        Err(g) => return gap(check, g),
    };
    let total = mi.mem_total();
    let (avail, estimated) = mi.mem_available();
    let pct = avail as f64 * 100.0 / total as f64;
    m.mem_total_bytes = Some(total);
    m.mem_available_bytes = Some(avail);
    m.mem_used_pct = Some(pct1(100.0 - pct));
    let status = t.mem_available_pct.below(pct);
    Finding::new(
        check,
        status,
        format!(
            "{} % available ({} of {}){}{}",
            short(pct),
            bytes(avail),
            bytes(total),
            if estimated {
                ", estimated: the kernel has no MemAvailable"
            } else {
                ""
            },
            verdict_suffix(status, &t.mem_available_pct, " %", false),
        ),
    )
    .value(pct1(pct))
    .threshold(format!(
        "available {}",
        t.mem_available_pct.describe_below(" %")
    ))
}

fn swap(f: &HostFacts, t: &HostThresholds, m: &mut HostMetrics) -> Finding {
    let check = "swap";
    let mi = match &f.meminfo {
        Ok(mi) => mi,
        Err(g) => return gap(check, g),
    };
    let (total, used) = (mi.swap_total(), mi.swap_used());
    m.swap_total_bytes = Some(total);
    m.swap_used_bytes = Some(used);
    if total == 0 {
        return Finding::skip(check, "no swap configured");
    }
    let pct = used as f64 * 100.0 / total as f64;
    let status = t.swap_used_pct.above(pct);
    Finding::new(
        check,
        status,
        format!(
            "{} % used ({} of {}){}",
            short(pct),
            bytes(used),
            bytes(total),
            verdict_suffix(status, &t.swap_used_pct, " %", true)
        ),
    )
    .value(pct1(pct))
    .threshold(format!("used {}", t.swap_used_pct.describe_above(" %")))
}

/// Not storage: a pseudo or virtual filesystem type from the configured
/// list, unless `include_fstypes` names it. An overlay mounted on `/` is the
/// root of a container or live system and counts.
fn pseudo(row: &DfRow, t: &HostThresholds) -> bool {
    if row.fstype == "overlay" && row.mount == "/" {
        return false;
    }
    t.skip_fstypes.iter().any(|s| s == &row.fstype)
        && !t.include_fstypes.iter().any(|s| s == &row.fstype)
}

/// Storage worth judging for space: not pseudo, not of size 0.
fn judged(row: &DfRow, t: &HostThresholds) -> bool {
    row.total > 0 && !pseudo(row, t)
}

fn filesystems(f: &HostFacts, t: &HostThresholds, m: &mut HostMetrics) -> Vec<Finding> {
    let mut out = Vec::new();
    match &f.df {
        Ok(df) => {
            out.extend(fs_checks("fs.usage", df, t, false));
            for row in df.rows.iter().filter(|r| judged(r, t)) {
                m.filesystems.push(FsMetrics {
                    mount: row.mount.clone(),
                    fstype: row.fstype.clone(),
                    size_bytes: row.total,
                    used_bytes: row.used,
                    avail_bytes: row.available,
                    inodes: None,
                    inodes_used: None,
                });
            }
        }
        Err(g) => out.push(gap("fs.usage", g)),
    }
    match &f.df_inodes {
        Ok(df) => {
            out.extend(fs_checks("fs.inodes", df, t, true));
            for row in &df.rows {
                if let Some(fm) = m.filesystems.iter_mut().find(|fm| fm.mount == row.mount)
                    && row.total > 0
                {
                    fm.inodes = Some(row.total);
                    fm.inodes_used = Some(row.used);
                }
            }
        }
        Err(g) => out.push(gap("fs.inodes", g)),
    }
    if let Some(c) = &f.df_complaint {
        out.push(Finding::unknown(
            "fs.usage",
            format!("df could not read every filesystem: {c}"),
        ));
    }
    out
}

fn fs_checks(check: &str, df: &Df, t: &HostThresholds, inodes: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for row in &df.rows {
        if pseudo(row, t) || (!inodes && row.total == 0) {
            continue;
        }
        if t.mount_ignored(&row.mount) {
            out.push(Finding::skip(check, "ignored by configuration").subject(&row.mount));
            continue;
        }
        let limits = if inodes {
            t.inode_limits(&row.mount)
        } else {
            t.fs_limits(&row.mount)
        };
        let Some(pct) = row.used_pct() else {
            let why = if inodes {
                format!("{} ({}) has no inode limit", row.mount, row.fstype)
            } else {
                format!("{} reports no usable size", row.mount)
            };
            out.push(Finding::skip(check, why).subject(&row.mount));
            continue;
        };
        let status = limits.above(pct);
        let detail = if inodes {
            format!("{} of {} inodes", row.used, row.total)
        } else {
            format!("{} of {}", bytes(row.used), bytes(row.total))
        };
        out.push(
            Finding::new(
                check,
                status,
                format!(
                    "{} {} % {}used ({detail}){}",
                    row.mount,
                    short(pct),
                    if inodes { "inodes " } else { "" },
                    verdict_suffix(status, &limits, " %", true)
                ),
            )
            .subject(&row.mount)
            .value(pct1(pct))
            .threshold(format!("used {}", limits.describe_above(" %"))),
        );
    }
    for line in &df.unparsed {
        out.push(Finding::unknown(
            check,
            format!(
                "output not understood: df line {:?}",
                crate::parse::linux::single::clip(line)
            ),
        ));
    }
    out
}

fn raid(f: &HostFacts) -> Vec<Finding> {
    let check = "raid";
    let md = match &f.mdstat {
        Ok(md) => md,
        Err(g) => return vec![gap(check, g)],
    };
    if md.arrays.is_empty() {
        return vec![Finding::skip(check, "no md (software RAID) arrays")];
    }
    md.arrays.iter().map(|a| md_array(check, a)).collect()
}

fn md_array(check: &str, a: &MdArray) -> Finding {
    let level = a.level.clone().unwrap_or_default();
    let shape = match (a.raid_disks, a.working_disks, &a.slots) {
        (Some(r), Some(w), Some(s)) => format!(" [{r}/{w}] [{s}]"),
        _ => String::new(),
    };
    let sync = a.sync.as_ref().map(|s| {
        let mut t = match (&s.progress_pct, &s.waiting) {
            (Some(p), _) => format!("{} {} %", s.action, short(*p)),
            (None, Some(w)) => format!("{} {}", s.action, w.to_lowercase()),
            (None, None) => s.action.clone(),
        };
        if let Some(fin) = &s.finish {
            t.push_str(&format!(", finish in {fin}"));
        }
        t
    });
    let faulty = a.faulty_members();
    let (status, state) = if a.container {
        (Status::Ok, "container")
    } else if !a.active {
        (Status::Crit, "inactive")
    } else if a.degraded() {
        (Status::Crit, "degraded")
    } else if a
        .sync
        .as_ref()
        .is_some_and(|s| matches!(s.action.as_str(), "resync" | "recovery" | "reshape"))
    {
        (Status::Warn, "resyncing")
    } else {
        (Status::Ok, "good")
    };
    let mut msg = format!(
        "{}{}{} {state}",
        a.name,
        if level.is_empty() { "" } else { " " },
        level
    );
    msg.push_str(&shape);
    if !faulty.is_empty() {
        msg.push_str(&format!(", faulty member {}", faulty.join(", ")));
    }
    if let Some(s) = sync {
        msg.push_str(&format!(", {s}"));
    }
    if a.read_only {
        msg.push_str(", read-only");
    }
    if state == "inactive" {
        msg.push_str(" (not assembled or failed)");
    }
    if state == "container" {
        msg.push_str(" (external metadata, inactive by design)");
    }
    Finding::new(check, status, msg)
        .subject(&a.name)
        .value(state)
        .threshold("degraded or inactive = crit, resync = warn")
}

fn nics(f: &HostFacts, t: &HostThresholds) -> Vec<Finding> {
    let check = "nic";
    let links = match &f.links {
        Ok(l) => l,
        Err(g) => return vec![gap(check, g)],
    };
    let mut out = Vec::new();
    for link in links {
        if link.loopback() || t.nic_ignored(&link.name) {
            continue;
        }
        if !link.admin_up() {
            out.push(
                Finding::skip(check, format!("{} is administratively down", link.name))
                    .subject(&link.name),
            );
            continue;
        }
        let sys = f
            .sys_net
            .as_ref()
            .ok()
            .and_then(|s| s.iter().find(|s| s.name == link.name));
        let operstate = sys
            .and_then(|s| s.operstate.clone())
            .or_else(|| link.state.as_ref().map(|s| s.to_lowercase()))
            .unwrap_or_else(|| "unknown".to_string());
        let carrier = match sys.and_then(|s| s.carrier) {
            Some(c) => c && link.lower_up(),
            None => link.lower_up(),
        };
        let addresses: Vec<String> = f
            .addrs
            .as_ref()
            .map(|a| {
                a.iter()
                    .filter(|a| a.ifname == link.name)
                    .map(|a| a.address.clone())
                    .collect()
            })
            .unwrap_or_default();
        let (status, what) = if !carrier || operstate == "down" || operstate == "lowerlayerdown" {
            (
                Status::Crit,
                "up but no carrier (cable, switch port or driver)".to_string(),
            )
        } else if operstate == "dormant" {
            (
                Status::Warn,
                "dormant (waiting for authentication or the link partner)".to_string(),
            )
        } else {
            (Status::Ok, format!("{operstate}, carrier"))
        };
        let mut msg = format!("{} {what}", link.name);
        if let Some(mtu) = link.mtu {
            msg.push_str(&format!(", mtu {mtu}"));
        }
        if let Some(master) = &link.master {
            msg.push_str(&format!(", member of {master}"));
        }
        if addresses.is_empty() {
            if link.master.is_none() {
                msg.push_str(", no address");
            }
        } else {
            msg.push_str(&format!(", {}", addresses.join(" ")));
        }
        out.push(
            Finding::new(check, status, msg)
                .subject(&link.name)
                .value(json!({
                    "operstate": operstate,
                    "carrier": carrier,
                    "mtu": link.mtu,
                    "mac": link.mac,
                    "addresses": addresses,
                }))
                .threshold("administratively up without carrier = crit"),
        );
    }
    if out.is_empty() {
        out.push(Finding::skip(
            check,
            "no network interface besides loopback and ignored ones",
        ));
    }
    out
}

fn defaults(routes: &Fact<Vec<Route>>) -> Vec<&Route> {
    routes
        .as_ref()
        .map(|r| {
            r.iter()
                .filter(|r| r.is_default() && r.kind == "unicast")
                .collect()
        })
        .unwrap_or_default()
}

fn describe_route(r: &Route) -> String {
    let gws = r.gateways();
    let mut s = if gws.is_empty() {
        match &r.dev {
            Some(d) => format!("dev {d}"),
            None => "no gateway".to_string(),
        }
    } else {
        gws.iter()
            .map(|(gw, dev)| match dev {
                Some(d) => format!("via {gw} dev {d}"),
                None => format!("via {gw}"),
            })
            .collect::<Vec<_>>()
            .join(" and ")
    };
    if r.linkdown {
        s.push_str(" (link down)");
    }
    s
}

fn default_route(f: &HostFacts) -> Finding {
    let check = "route.default";
    if let (Err(g), Err(_)) = (&f.routes4, &f.routes6) {
        return gap(check, g);
    }
    let v4 = defaults(&f.routes4);
    let v6 = defaults(&f.routes6);
    let mut parts = Vec::new();
    parts.extend(v4.iter().map(|r| format!("IPv4 {}", describe_route(r))));
    parts.extend(v6.iter().map(|r| format!("IPv6 {}", describe_route(r))));
    let count = |r: &Fact<Vec<Route>>| r.as_ref().map(|r| r.len()).ok();
    let value = json!({
        "default": parts,
        "routes_v4": count(&f.routes4),
        "routes_v6": count(&f.routes6),
    });
    let threshold = "no default route = warn";
    if parts.is_empty() {
        // Only sure when both tables were read.
        for (r, fam) in [(&f.routes4, "IPv4"), (&f.routes6, "IPv6")] {
            if let Err(g) = r {
                return Finding::unknown(
                    check,
                    format!(
                        "no default route in the other table; {fam} table: {}",
                        g.reason()
                    ),
                );
            }
        }
        return Finding::new(check, Status::Warn, "no default route")
            .value(value)
            .threshold(threshold);
    }
    Finding::ok(check, format!("default route {}", parts.join("; ")))
        .value(value)
        .threshold(threshold)
}

fn gateways(f: &HostFacts) -> Vec<Finding> {
    let check = "gateway";
    let probes = match &f.gateways {
        Ok(p) => p,
        Err(g) => return vec![gap(check, g)],
    };
    if probes.is_empty() {
        return vec![Finding::skip(
            check,
            "no default gateway (see route.default)",
        )];
    }
    let threshold = "no ping reply, or neighbour entry FAILED/INCOMPLETE = crit";
    probes
        .iter()
        .map(|p| {
            let who = match &p.dev {
                Some(d) => format!("{} ({d})", p.address),
                None => p.address.clone(),
            };
            let neigh_state = p.neigh.as_ref().and_then(|n| n.states.last().cloned());
            let neigh_text = match (&neigh_state, &p.neigh_error) {
                (Some(s), _) => format!("neighbour entry {s}"),
                (None, Some(e)) => format!("neighbour table unreadable: {e}"),
                (None, None) => "no neighbour entry".to_string(),
            };
            let (status, value, msg) = match &p.ping {
                Ping::Reply => (
                    Status::Ok,
                    "reply".to_string(),
                    format!("{who} answers ping"),
                ),
                Ping::NoReply => (
                    Status::Crit,
                    "no reply".to_string(),
                    format!("{who} does not answer ping; {neigh_text}"),
                ),
                Ping::Absent | Ping::Disabled | Ping::Failed(_) => {
                    let why = match &p.ping {
                        Ping::Failed(e) => format!("ping unusable ({e})"),
                        Ping::Disabled => "ping turned off (gateway_ping = false)".to_string(),
                        _ => "ping not installed".to_string(),
                    };
                    match neigh_state.as_deref() {
                        Some("FAILED" | "INCOMPLETE") => (
                            Status::Crit,
                            neigh_state.clone().unwrap_or_default(),
                            format!("{who} unreachable: {why}, {neigh_text}"),
                        ),
                        Some(s) => (
                            Status::Ok,
                            s.to_string(),
                            format!("{who} known to the neighbour table: {why}, {neigh_text}"),
                        ),
                        None => {
                            return Finding::unknown(
                                check,
                                format!("{who} could not be probed: {why}, {neigh_text}"),
                            )
                            .subject(&p.address);
                        }
                    }
                }
            };
            Finding::new(check, status, msg)
                .subject(&p.address)
                .value(value)
                .threshold(threshold)
        })
        .collect()
}

fn dns(f: &HostFacts, t: &HostThresholds) -> Vec<Finding> {
    let check = "dns";
    let results = match &f.resolve {
        Ok(r) => r,
        Err(g) => return vec![gap(check, g)],
    };
    let threshold = "name does not resolve = crit";
    let mut out: Vec<Finding> = results
        .iter()
        .map(|r| {
            let (status, msg, value) = match &r.lookup {
                Lookup::Resolved(a) => (
                    Status::Ok,
                    format!("{} resolves to {}", r.name, list(a, 4)),
                    json!(a),
                ),
                Lookup::NotFound => (
                    Status::Crit,
                    format!("{} does not resolve (not in /etc/hosts or DNS)", r.name),
                    json!(null),
                ),
                Lookup::TimedOut => (
                    Status::Crit,
                    format!("{} lookup timed out (DNS server not answering?)", r.name),
                    json!(null),
                ),
                Lookup::Failed(e) => {
                    return Finding::unknown(check, format!("{}: {e}", r.name)).subject(&r.name);
                }
            };
            Finding::new(check, status, msg)
                .subject(&r.name)
                .value(value)
                .threshold(threshold)
        })
        .collect();
    for want in &t.resolve {
        if !results.iter().any(|r| r.name == want.as_str()) {
            out.push(
                Finding::unknown(
                    check,
                    format!("{want} was not looked up (the script was built without it)"),
                )
                .subject(want.as_str()),
            );
        }
    }
    if out.is_empty() {
        out.push(Finding::unknown(check, "no name was looked up"));
    }
    out
}

fn errlog(f: &HostFacts, t: &HostThresholds) -> Finding {
    let check = "errlog";
    let log = match &f.errlog {
        Ok(l) => l,
        Err(g) => return gap(check, g),
    };
    let status = if log.recent > t.errlog_max {
        Status::Warn
    } else {
        Status::Ok
    };
    let mut msg = format!(
        "{} error-level entr{} in the last 24 h ({})",
        log.recent,
        if log.recent == 1 { "y" } else { "ies" },
        log.describe()
    );
    if log.count > log.recent {
        msg.push_str(&format!(", {} since boot", log.count));
    }
    if status != Status::Ok
        && let Some(last) = log.samples.last()
    {
        msg.push_str(&format!(
            "; last: {}",
            crate::parse::linux::single::clip(last)
        ));
    }
    Finding::new(check, status, msg)
        .value(log.recent)
        .threshold(format!("more than {} in 24 h = warn", t.errlog_max))
}

fn root_mail(f: &HostFacts) -> Finding {
    let check = "mail.root";
    let mail = match &f.root_mail {
        Ok(m) => m,
        Err(g) => return gap(check, g),
    };
    let total = mail.total_bytes();
    let threshold = "non-empty = warn";
    if total == 0 {
        return Finding::ok(check, "no mail for root")
            .value(0)
            .threshold(threshold);
    }
    let paths: Vec<String> = mail
        .files
        .iter()
        .filter(|f| f.size > 0)
        .map(|f| f.path.clone())
        .collect();
    Finding::new(
        check,
        Status::Warn,
        format!("{} of mail for root in {}", bytes(total), paths.join(", ")),
    )
    .value(total)
    .threshold(threshold)
}

fn failed_services(f: &HostFacts) -> Finding {
    let check = "services.failed";
    let units = match &f.failed_units {
        Ok(u) => u,
        Err(g) => return gap(check, g),
    };
    let threshold = "any failed unit = crit";
    if units.is_empty() {
        return Finding::ok(check, "no failed units")
            .value(0)
            .threshold(threshold);
    }
    let names: Vec<String> = units.iter().map(|u| u.unit.clone()).collect();
    Finding::new(
        check,
        Status::Crit,
        format!(
            "{} failed unit{}: {}",
            units.len(),
            if units.len() == 1 { "" } else { "s" },
            list(&names, 5)
        ),
    )
    .value(units.len())
    .threshold(threshold)
}

fn timesync(f: &HostFacts) -> Finding {
    let check = "timesync";
    let sync = match &f.timesync {
        Ok(s) => s,
        Err(g) => return gap(check, g),
    };
    let threshold = "unsynchronised = warn";
    if sync.sources.is_empty() {
        return Finding::new(
            check,
            Status::Warn,
            "no time synchronisation client found (timedatectl with systemd, chronyc, ntpq)",
        )
        .value("none")
        .threshold(threshold);
    }
    let describe = |s: &crate::parse::linux::timesync::TimeSource| match &s.detail {
        Some(d) => format!("{}: {d}", s.tool),
        None => s.tool.clone(),
    };
    if let Some(s) = sync.sources.iter().find(|s| s.state == SyncState::Synced) {
        return Finding::ok(check, format!("clock synchronised ({})", describe(s)))
            .value("synchronised")
            .threshold(threshold);
    }
    if let Some(s) = sync.sources.iter().find(|s| s.state == SyncState::Unsynced) {
        return Finding::new(
            check,
            Status::Warn,
            format!("clock not synchronised ({})", describe(s)),
        )
        .value("unsynchronised")
        .threshold(threshold);
    }
    let reasons: Vec<String> = sync
        .sources
        .iter()
        .filter_map(|s| match &s.state {
            SyncState::Failed(e) => Some(e.clone()),
            _ => None,
        })
        .collect();
    Finding::unknown(check, reasons.join("; "))
}

fn security_updates(f: &HostFacts, t: &HostThresholds) -> Finding {
    let check = "updates.security";
    let u = match &f.updates {
        Ok(u) => u,
        Err(g) => return gap(check, g),
    };
    let n = u.security.len() as u64;
    let status = if n > t.security_updates_max {
        Status::Warn
    } else {
        Status::Ok
    };
    let of_total = match u.total {
        Some(total) => format!(
            " of {total} pending upgrade{}",
            if total == 1 { "" } else { "s" }
        ),
        None => String::new(),
    };
    let mut msg = format!(
        "{n} security update{}{of_total} ({}, local package lists)",
        if n == 1 { "" } else { "s" },
        u.tool
    );
    if !u.advisories.is_empty() {
        msg.push_str(&format!(", advisories {}", list(&u.advisories, 3)));
    } else if n > 0 {
        msg.push_str(&format!(": {}", list(&u.security, 5)));
    }
    Finding::new(check, status, msg)
        .value(n)
        .threshold(format!("more than {} = warn", t.security_updates_max))
}

fn password_policy(f: &HostFacts, t: &HostThresholds) -> Finding {
    let check = "password.policy";
    let p = match &f.password {
        Ok(p) => p,
        Err(g) => return gap(check, g),
    };
    if let Some(file) = p.files.iter().find(|f| f.state == FileState::Denied) {
        return Finding::unknown(check, format!("permission denied reading {}", file.path));
    }
    let mut problems = Vec::new();
    let mut facts = Vec::new();
    match p.max_days {
        Some(d) if d >= 0 && d <= t.password_max_days => {
            facts.push(format!("PASS_MAX_DAYS {d}"));
        }
        Some(d) => problems.push(format!("PASS_MAX_DAYS {d} (> {})", t.password_max_days)),
        None => problems.push("PASS_MAX_DAYS not set: passwords never expire".to_string()),
    }
    let min_len = p.effective_min_len();
    match &min_len {
        Some((n, src)) if *n >= t.password_min_len => {
            facts.push(format!("minimum length {n} ({src})"));
        }
        Some((n, src)) => problems.push(format!(
            "minimum length {n} ({src}) (< {})",
            t.password_min_len
        )),
        None => problems.push("no minimum password length set".to_string()),
    }
    let status = if problems.is_empty() {
        Status::Ok
    } else {
        Status::Warn
    };
    let msg = problems
        .iter()
        .chain(facts.iter())
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    Finding::new(check, status, msg)
        .value(json!({
            "pass_max_days": p.max_days,
            "min_len": min_len.as_ref().map(|(n, _)| n),
        }))
        .threshold(format!(
            "PASS_MAX_DAYS > {} or minimum length < {} = warn",
            t.password_max_days, t.password_min_len
        ))
}

/// SELinux and AppArmor: information only (whether a host must enforce one
/// is the customer's policy, not a threshold of ops).
fn access_control(f: &HostFacts) -> Finding {
    let check = "security.mac";
    let m = match &f.mac {
        Ok(m) => m,
        Err(g) => return gap(check, g),
    };
    // The value is the parsed state itself (its fields, by their names).
    Finding::ok(check, m.describe())
        .value(serde_json::to_value(m).unwrap_or_default())
        .threshold("information only")
}
