//! The dispatcher behind `ops parse linux SECTION [FILE]`: a section name
//! → its parser → a JSON value, for output captured on a host ops cannot
//! reach (pasted from a terminal, sent by a customer).
//!
//! Two kinds of input are read:
//! - what a command printed, or a file's content, as the engineer has it:
//!   `df -P -B1 -T`, `/proc/meminfo`, `ip -o addr show`, `chronyc tracking`,
//!   `zypper list-patches --category security`, `/etc/login.defs`… (the
//!   names in [`RAW`]);
//! - the collection script's own sections (the names in [`SCRIPT`]), either
//!   the section body alone or a whole `@@ops collect` output, from which
//!   the section is cut.
//!
//! The JSON keys are the fields of the parsers' types; README's "ops parse
//! linux" section lists them. Pure: text in, value out.

use super::{
    accounts, df, errlog, gateway, ifconfig, ip, ipmitool, loadavg, login_defs, mac, mail, mdstat,
    meminfo, netsys, os_release, raidctl, resolve, route_n, sections, smartctl, stat, systemctl,
    timesync, updates, uptime,
};
use serde::Serialize;
use serde_json::{Value, json};

/// Names that read a command's or a file's own output, with what to feed.
pub const RAW: &[(&str, &str)] = &[
    ("os-release", "/etc/os-release"),
    ("uptime", "/proc/uptime"),
    ("loadavg", "/proc/loadavg"),
    ("stat", "/proc/stat (its `cpu` line)"),
    ("meminfo", "/proc/meminfo"),
    ("df", "df -P -B1 -T (or df -P -k -T)"),
    ("df-inodes", "df -P -i -T"),
    ("mdstat", "/proc/mdstat"),
    ("ip-link", "ip -o link show"),
    ("ip-addr", "ip -o addr show"),
    ("ip-route", "ip route show (-4 or -6)"),
    ("ip-neigh", "ip neigh show"),
    ("ifconfig", "ifconfig -a"),
    ("route-n", "route -n or route -A inet6 -n"),
    ("arp", "/proc/net/arp"),
    ("systemctl-failed", "systemctl --failed --no-legend --plain"),
    ("timedatectl", "timedatectl show, or timedatectl status"),
    ("chronyc", "chronyc tracking"),
    ("ntpq", "ntpq -pn"),
    ("adjtimex", "busybox adjtimex"),
    ("login-defs", "/etc/login.defs"),
    ("pwquality", "/etc/security/pwquality.conf"),
    ("pam-password", "/etc/pam.d/system-auth or common-password"),
    ("apt-get", "apt-get -s dist-upgrade"),
    ("dnf", "dnf updateinfo list --security"),
    ("yum", "yum updateinfo list security"),
    ("zypper", "zypper list-patches --category security"),
    ("apk", "apk version -l '<'"),
    ("storcli", "storcli64 /call show all J (also perccli)"),
    ("ssacli", "ssacli ctrl all show config"),
    ("megacli", "MegaCli64 -LDInfo -Lall -aALL"),
    ("arcconf", "arcconf GETCONFIG 1 LD"),
    ("megacli-pd", "MegaCli64 -PDList -aALL"),
    ("arcconf-pd", "arcconf GETCONFIG 1 PD"),
    ("smartctl", "smartctl -j -a DEVICE"),
    ("ipmitool-sdr", "ipmitool sdr elist (or ipmitool sdr)"),
    ("ipmitool-sensor", "ipmitool sensor"),
    ("ipmitool-chassis", "ipmitool chassis status"),
    ("ipmitool-sel", "ipmitool sel elist (or sel list)"),
];

/// Names of the collection script's sections whose body is read as the
/// script prints it (see `inspect/host/collect.sh`).
pub const SCRIPT: &[&str] = &[
    "route4", "route6", "route-n", "net-sys", "gateway", "resolve", "errlog", "mail", "services",
    "timesync", "updates", "password", "mac", "accounts", "hw-raid", "smart", "ipmi",
];

/// Every name, for the error message and the help.
pub fn names() -> Vec<&'static str> {
    let mut v: Vec<&str> = RAW.iter().map(|(n, _)| *n).collect();
    for s in SCRIPT {
        if !v.contains(s) {
            v.push(s);
        }
    }
    v
}

/// The name as typed, normalised: `ip_addr`, `IP-ADDR` → `ip-addr`;
/// a few other spellings are accepted.
pub fn resolve_name(typed: &str) -> Option<&'static str> {
    let t = typed.trim().to_ascii_lowercase().replace(['_', ' '], "-");
    let t = match t.as_str() {
        "osrelease" => "os-release",
        "df-i" | "inodes" => "df-inodes",
        "ip-a" | "ip-address" => "ip-addr",
        "ip-l" => "ip-link",
        "ip-r" | "route" => "ip-route",
        "ip-n" | "neigh" => "ip-neigh",
        "systemctl" | "failed-units" => "systemctl-failed",
        "chrony" | "chronyc-tracking" => "chronyc",
        "login.defs" => "login-defs",
        "pwquality.conf" => "pwquality",
        "apt" => "apt-get",
        "selinux" | "apparmor" => "mac",
        "journal" | "error-log" => "errlog",
        "pending-updates" => "updates",
        "perccli" | "storcli64" => "storcli",
        "hpssacli" => "ssacli",
        "ipmitool" | "sdr" => "ipmitool-sdr",
        "raid-controller" => "hw-raid",
        other => other,
    };
    names().into_iter().find(|n| *n == t)
}

fn to_value(v: impl Serialize) -> Result<Value, String> {
    serde_json::to_value(v).map_err(|e| e.to_string())
}

/// `run TAG 0` and the text as its output, for the parsers that read runs.
fn as_run(tag: &str, text: &str) -> String {
    under(format!("run {tag} 0"), text)
}

/// `file PATH ok` and the text as its lines, for the password policy parser.
fn as_file(path: &str, text: &str) -> String {
    under(format!("file {path} ok"), text)
}

/// `head`, then each line of `text` as a `| ` line below it.
fn under(head: String, text: &str) -> String {
    let mut out = head;
    out.push('\n');
    for line in text.lines() {
        out.push_str("| ");
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The body of the script section `name` when `text` is a whole collection
/// output; the text itself otherwise.
fn body<'a>(name: &str, text: &'a str) -> Result<std::borrow::Cow<'a, str>, String> {
    if !text.lines().any(|l| l.starts_with("@@ops begin ")) {
        return Ok(std::borrow::Cow::Borrowed(text));
    }
    let collected = sections::split(text);
    let s = collected
        .get(name)
        .ok_or_else(|| format!("the collection output has no {name} section"))?;
    if let Some(why) = &s.not_applicable {
        return Err(format!("the {name} section does not apply: {why}"));
    }
    Ok(std::borrow::Cow::Owned(s.stdout.clone()))
}

fn df_value(d: df::Df) -> Value {
    let (unit, block) = match d.unit {
        df::DfUnit::Blocks(n) => ("bytes", Some(n)),
        df::DfUnit::Inodes => ("inodes", None),
    };
    json!({
        "unit": unit,
        "block_size": block,
        "rows": d.rows.iter().map(|r| json!({
            "source": r.source,
            "fstype": r.fstype,
            "total": r.total,
            "used": r.used,
            "available": r.available,
            "used_pct": r.used_pct(),
            "mount": r.mount,
        })).collect::<Vec<_>>(),
        "unparsed": d.unparsed,
    })
}

fn routes_value(r: Result<Vec<ip::Route>, String>) -> Value {
    match r {
        Ok(routes) => serde_json::to_value(routes).unwrap_or(Value::Null),
        Err(e) => json!({ "error": e }),
    }
}

/// Parse `text` as the output named `name` (one of [`names`]).
pub fn parse(name: &str, text: &str) -> Result<Value, String> {
    let text = body(name, text)?;
    let text = text.as_ref();
    match name {
        "os-release" => to_value(os_release::parse(text)?),
        "uptime" => to_value(uptime::parse(text)?),
        "loadavg" => to_value(loadavg::parse(text)?),
        "stat" => {
            // The whole of /proc/stat, or its `cpu` line alone.
            let line = text.lines().find(|l| l.starts_with("cpu ")).unwrap_or(text);
            let t = stat::parse(line)?;
            let mut v = to_value(t)?;
            v["busy_pct_since_boot"] = json!(t.busy_pct_since_boot());
            Ok(v)
        }
        "meminfo" => {
            let m = meminfo::parse(text)?;
            let (avail, estimated) = m.mem_available();
            Ok(json!({
                "fields": m.fields,
                "mem_total": m.mem_total(),
                "mem_available": avail,
                "mem_available_estimated": estimated,
                "swap_total": m.swap_total(),
                "swap_used": m.swap_used(),
            }))
        }
        "df" | "df-inodes" => Ok(df_value(df::parse(text)?)),
        "mdstat" => {
            let md = mdstat::parse(text)?;
            let mut v = to_value(&md)?;
            if let Some(arrays) = v["arrays"].as_array_mut() {
                for (a, m) in arrays.iter_mut().zip(&md.arrays) {
                    a["degraded"] = json!(m.degraded());
                }
            }
            Ok(v)
        }
        "ip-link" => to_value(ip::parse_links(text)?),
        "ip-addr" => to_value(ip::parse_addrs(text)?),
        "ip-route" | "route4" | "route6" => to_value(ip::parse_routes(text)?),
        "ip-neigh" => to_value(ip::parse_neigh(text)?),
        "ifconfig" => to_value(ifconfig::parse(text)?),
        "route-n" => {
            if text.lines().any(|l| l.starts_with("run ")) {
                let t = route_n::parse_section(text)?;
                Ok(json!({ "v4": routes_value(t.v4), "v6": routes_value(t.v6) }))
            } else {
                to_value(route_n::parse(text)?)
            }
        }
        "arp" => {
            let entries: Vec<_> = text.lines().filter_map(gateway::arp_row).collect();
            if entries.is_empty() && !text.trim().is_empty() && !text.starts_with("IP address") {
                return Err("no /proc/net/arp row".to_string());
            }
            to_value(entries)
        }
        "net-sys" => to_value(netsys::parse(text)?),
        "systemctl-failed" | "services" => to_value(systemctl::parse_failed(text)?),
        "timedatectl" => {
            let tag = if text.lines().any(|l| l.contains('=') && !l.contains(':')) {
                "timedatectl-show"
            } else {
                "timedatectl-status"
            };
            to_value(timesync::parse(&as_run(tag, text))?.sources)
        }
        "chronyc" | "ntpq" | "adjtimex" => to_value(timesync::parse(&as_run(name, text))?.sources),
        "timesync" => to_value(timesync::parse(text)?.sources),
        "login-defs" | "pwquality" | "pam-password" => {
            let path = match name {
                "login-defs" => "/etc/login.defs",
                "pwquality" => "/etc/security/pwquality.conf",
                _ => "/etc/pam.d/system-auth",
            };
            to_value(login_defs::parse(&as_file(path, text))?)
        }
        "password" => to_value(login_defs::parse(text)?),
        "apt-get" | "dnf" | "yum" | "zypper" | "apk" => {
            to_value(updates::parse(&as_run(name, text))?)
        }
        "updates" => to_value(updates::parse(text)?),
        "errlog" => to_value(errlog::parse(text)?),
        "gateway" => to_value(gateway::parse(text)?),
        "resolve" => to_value(resolve::parse(text)?),
        "mail" => to_value(mail::parse(text)?),
        "mac" => to_value(mac::parse(text)?),
        "accounts" => to_value(accounts::parse(text)?),
        "storcli" => to_value(raidctl::parse_storcli(text)?),
        "ssacli" => to_value(raidctl::parse_ssacli(text)?),
        "megacli" => to_value(raidctl::parse_megacli(text)?),
        "arcconf" => to_value(raidctl::parse_arcconf(text)?),
        "megacli-pd" => to_value(raidctl::parse_megacli_pd(text)),
        "arcconf-pd" => to_value(raidctl::parse_arcconf_pd(text)),
        "hw-raid" => to_value(raidctl::parse_section(text)?),
        "smartctl" => to_value(smartctl::parse_json(text)?),
        "smart" => to_value(smartctl::parse_section(text)?),
        "ipmitool-sdr" => to_value(ipmitool::parse_sdr(text)?),
        "ipmitool-sensor" => to_value(ipmitool::parse_sensor_list(text)?),
        "ipmitool-chassis" => to_value(ipmitool::parse_chassis_status(text)?),
        "ipmitool-sel" => to_value(ipmitool::parse_sel_elist(text)?),
        "ipmi" => to_value(ipmitool::parse_section(text)?),
        other => Err(format!("unknown section {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_a_parser_and_aliases_resolve() {
        for n in names() {
            let r = parse(n, "");
            assert!(
                !matches!(&r, Err(e) if e.starts_with("unknown section")),
                "{n}: {r:?}"
            );
        }
        assert_eq!(resolve_name("IP_ADDR"), Some("ip-addr"));
        assert_eq!(resolve_name("login.defs"), Some("login-defs"));
        assert_eq!(resolve_name("selinux"), Some("mac"));
        assert_eq!(resolve_name("bogus"), None);
    }

    #[test]
    fn a_whole_collection_output_gives_its_section() {
        let text = "@@ops collect 1\n@@ops begin loadavg\n0.5 0.25 0.125 1/2 3\n\n@@ops end loadavg rc=0\n\
                    @@ops begin mdstat\n@@ops n/a no md driver\n\n@@ops end mdstat rc=0\n@@ops done\n";
        assert_eq!(parse("loadavg", text).unwrap()["five"], json!(0.25));
        assert_eq!(
            parse("mdstat", text).unwrap_err(),
            "the mdstat section does not apply: no md driver"
        );
        assert_eq!(
            parse("meminfo", text).unwrap_err(),
            "the collection output has no meminfo section"
        );
    }
}
