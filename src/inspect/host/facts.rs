//! Everything the collection script told about a host, parsed; each piece
//! that is missing, failed or not understood keeps its reason.

use crate::parse::linux::{
    accounts::{self, PrivilegedAccounts},
    df::{self, Df},
    errlog::{self, ErrLog, LogSource},
    gateway::{self, GatewayProbe},
    ifconfig,
    ip::{self, Addr, Link, Route},
    ipmitool::{self, IpmiSection},
    loadavg::{self, LoadAvg},
    login_defs::{self, PasswordPolicy},
    mac::{self, MacState},
    mail::{self, RootMail},
    mdstat::{self, MdStat},
    meminfo::{self, MemInfo},
    netsys::{self, SysNet},
    os_release::{self, OsRelease},
    raidctl::{self, RaidTool},
    resolve::{self, Resolution},
    route_n,
    sections::{self, Collected, Section},
    single,
    smartctl::{self, SmartSection},
    stat::{self, CpuTimes},
    systemctl::{self, FailedUnit},
    timesync::{self, TimeSync},
    updates::{self, PendingUpdates},
    uptime::{self, Uptime},
};

/// Why a fact is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    /// The check does not apply to this host (no md driver, no systemd…):
    /// its finding is `skip` with this reason.
    NotApplicable(String),
    /// The check applies but could not be made: its finding is `unknown`
    /// with this reason.
    Unknown(String),
}

impl Gap {
    pub fn reason(&self) -> &str {
        match self {
            Gap::NotApplicable(r) | Gap::Unknown(r) => r,
        }
    }
}

pub type Fact<T> = Result<T, Gap>;

#[derive(Debug, Clone, PartialEq)]
pub struct HostFacts {
    /// `@@ops collect N`; `None` when the output does not start like the script's.
    pub format: Option<u32>,
    /// The script ran to its end (`@@ops done`); when false, the output was
    /// cut short and the checks after the cut are unknown.
    pub done: bool,
    /// The user the script ran as.
    pub uid: Option<u32>,
    pub os: Fact<OsRelease>,
    pub kernel: Fact<String>,
    pub hostname: Fact<String>,
    pub cores: Fact<u32>,
    pub uptime: Fact<Uptime>,
    pub loadavg: Fact<LoadAvg>,
    pub cpu: Fact<CpuTimes>,
    pub meminfo: Fact<MemInfo>,
    pub df: Fact<Df>,
    pub df_inodes: Fact<Df>,
    /// df printed its table but complained (an unreachable mount, say).
    pub df_complaint: Option<String>,
    pub mdstat: Fact<MdStat>,
    pub links: Fact<Vec<Link>>,
    pub addrs: Fact<Vec<Addr>>,
    pub sys_net: Fact<Vec<SysNet>>,
    pub routes4: Fact<Vec<Route>>,
    pub routes6: Fact<Vec<Route>>,
    pub gateways: Fact<Vec<GatewayProbe>>,
    pub resolve: Fact<Vec<Resolution>>,
    pub errlog: Fact<ErrLog>,
    pub root_mail: Fact<RootMail>,
    pub failed_units: Fact<Vec<FailedUnit>>,
    pub timesync: Fact<TimeSync>,
    pub updates: Fact<PendingUpdates>,
    pub password: Fact<PasswordPolicy>,
    /// SELinux and AppArmor.
    pub mac: Fact<MacState>,
    /// Who holds super-user rights.
    pub accounts: Fact<PrivilegedAccounts>,
    /// Hardware RAID controller tools found, and what each reported.
    pub hw_raid: Fact<Vec<RaidTool>>,
    /// SMART data of every disk smartctl finds.
    pub smart: Fact<SmartSection>,
    /// The BMC's sensors.
    pub ipmi: Fact<IpmiSection>,
}

/// Tie the splitter and the parsers together.
pub fn facts_from_output(stdout: &str) -> HostFacts {
    let c = sections::split(stdout);
    let uid = c.get("meta").filter(|s| s.complete()).and_then(|s| {
        s.stdout
            .lines()
            .find_map(|l| l.strip_prefix("uid="))
            .and_then(|v| v.trim().parse().ok())
    });
    let (df, df_complaint) = df_fact(&c, "df");
    let (df_inodes, inodes_complaint) = df_fact(&c, "df-inodes");
    // Without ip, ifconfig and route -n stand in for it.
    let ifconfig = standin(&c, "ifconfig", ifconfig::parse);
    let route_n = standin(&c, "route-n", route_n::parse_section);
    let links = instead_of_ip(strict(&c, "ip-link", ip::parse_links), &ifconfig, |i| {
        i.links.clone()
    });
    let addrs = instead_of_ip(strict(&c, "ip-addr", ip::parse_addrs), &ifconfig, |i| {
        i.addrs.clone()
    });
    let routes4 = instead_of_ip_or(strict(&c, "route4", ip::parse_routes), &route_n, |t| {
        t.v4.clone()
            .map_err(|e| Gap::Unknown(format!("route -n: {e}")))
    });
    let routes6 = instead_of_ip_or(strict(&c, "route6", ip::parse_routes), &route_n, |t| {
        t.v6.clone()
            .map_err(|e| Gap::Unknown(format!("route -A inet6 -n: {e}")))
    });
    HostFacts {
        format: c.format,
        done: c.done,
        uid,
        os: strict(&c, "os-release", os_release::parse),
        kernel: strict(&c, "kernel", single::parse_word),
        hostname: strict(&c, "hostname", single::parse_word),
        cores: strict(&c, "nproc", single::parse_nproc),
        uptime: strict(&c, "uptime", uptime::parse),
        loadavg: strict(&c, "loadavg", loadavg::parse),
        cpu: strict(&c, "stat", stat::parse),
        meminfo: strict(&c, "meminfo", meminfo::parse),
        df,
        df_inodes,
        df_complaint: df_complaint.or(inodes_complaint),
        mdstat: strict(&c, "mdstat", mdstat::parse),
        links,
        addrs,
        sys_net: strict(&c, "net-sys", netsys::parse),
        routes4,
        routes6,
        gateways: strict(&c, "gateway", gateway::parse),
        resolve: strict(&c, "resolve", resolve::parse),
        errlog: errlog_fact(&c),
        root_mail: strict(&c, "mail", mail::parse),
        failed_units: strict(&c, "services", systemctl::parse_failed),
        timesync: strict(&c, "timesync", timesync::parse),
        updates: updates_fact(&c),
        password: strict(&c, "password", login_defs::parse),
        mac: if c.done && c.get("mac").is_none() {
            // A capture from before the section existed.
            Err(Gap::NotApplicable(
                "not reported: the output comes from a collection script without the mac section"
                    .to_string(),
            ))
        } else {
            strict(&c, "mac", mac::parse)
        },
        accounts: if c.done && c.get("accounts").is_none() {
            Err(Gap::NotApplicable(
                "not reported: the output comes from a collection script without the accounts section"
                    .to_string(),
            ))
        } else {
            strict(&c, "accounts", accounts::parse)
        },
        hw_raid: newer(&c, "hw-raid", raidctl::parse_section),
        smart: newer(&c, "smart", smartctl::parse_section),
        ipmi: newer(&c, "ipmi", ipmitool::parse_section),
    }
}

/// A section added after format 1 first shipped: not applicable when a
/// complete output from an older script lacks it.
fn newer<T>(c: &Collected, name: &str, parse: impl Fn(&str) -> Result<T, String>) -> Fact<T> {
    if c.done && c.get(name).is_none() {
        return Err(Gap::NotApplicable(format!(
            "not reported: the output comes from a collection script without the {name} section"
        )));
    }
    strict(c, name, parse)
}

/// A stand-in section for ip, parsed; not applicable when the output has
/// none (it comes from before these sections, and keeps ip's own reason).
fn standin<T>(c: &Collected, name: &str, parse: impl Fn(&str) -> Result<T, String>) -> Fact<T> {
    match c.get(name) {
        Some(_) => strict(c, name, parse),
        None => Err(Gap::NotApplicable(String::new())),
    }
}

/// The ip fact, or, when ip could not give it and the stand-in section
/// applies (there is no ip), what the stand-in gave.
fn instead_of_ip<T, S>(ip: Fact<T>, standin: &Fact<S>, take: impl Fn(&S) -> T) -> Fact<T> {
    instead_of_ip_or(ip, standin, |s| Ok(take(s)))
}

fn instead_of_ip_or<T, S>(ip: Fact<T>, standin: &Fact<S>, take: impl Fn(&S) -> Fact<T>) -> Fact<T> {
    match (&ip, standin) {
        (Ok(_), _) | (_, Err(Gap::NotApplicable(_))) => ip,
        (Err(_), Ok(s)) => take(s),
        (Err(_), Err(g)) => Err(g.clone()),
    }
}

/// The section itself, or why it cannot be used.
fn section<'a>(c: &'a Collected, name: &str) -> Fact<&'a Section> {
    let Some(s) = c.get(name) else {
        return Err(Gap::Unknown(if c.sections.is_empty() {
            "output not understood: no ops sections in it (did the collection script run?)"
                .to_string()
        } else if !c.done {
            format!("output cut short before the {name} section")
        } else {
            format!("output not understood: no {name} section")
        }));
    };
    if !s.complete() {
        return Err(Gap::Unknown(format!(
            "output cut short in the {name} section"
        )));
    }
    if let Some(reason) = &s.not_applicable {
        return Err(Gap::NotApplicable(reason.clone()));
    }
    Ok(s)
}

/// The section parsed, demanding it ended with status 0.
fn strict<T>(c: &Collected, name: &str, parse: impl Fn(&str) -> Result<T, String>) -> Fact<T> {
    let s = section(c, name)?;
    if s.rc != Some(0) {
        return Err(Gap::Unknown(failure(s)));
    }
    parse(&s.stdout).map_err(|e| Gap::Unknown(format!("output not understood: {e}")))
}

fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

fn denied_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|l| {
        l.contains("Permission denied")
            || l.contains("Operation not permitted")
            || l.contains("insufficient permissions")
            || l.contains("not seeing messages from other users")
    })
}

/// Why a section failed, from its status and what it printed on stderr.
fn failure(s: &Section) -> String {
    if let Some(l) = denied_line(&s.stderr).or_else(|| denied_line(&s.stdout)) {
        return format!("permission denied: {}", single::clip(l));
    }
    let rc = s.rc.unwrap_or(-1);
    let first = first_line(&s.stderr);
    match rc {
        124 | 137 | 143 => format!("{} section timed out", s.name),
        127 => format!("command not found: {}", single::clip(first)),
        _ if first.is_empty() => format!("{} section failed with status {rc}", s.name),
        _ => format!(
            "{} section failed with status {rc}: {}",
            s.name,
            single::clip(first)
        ),
    }
}

/// df exits 1 when one filesystem cannot be read (a stale NFS handle, a
/// mount point the user may not enter) but still prints the others: keep
/// the table and the complaint.
fn df_fact(c: &Collected, name: &str) -> (Fact<Df>, Option<String>) {
    let s = match section(c, name) {
        Ok(s) => s,
        Err(g) => return (Err(g), None),
    };
    if s.rc == Some(1)
        && let Ok(table) = df::parse(&s.stdout)
        && !table.rows.is_empty()
    {
        let complaint = first_line(&s.stderr);
        let complaint = if complaint.is_empty() {
            "df exited with status 1".to_string()
        } else {
            single::clip(complaint)
        };
        return (Ok(table), Some(complaint));
    }
    (strict(c, name, df::parse), None)
}

fn errlog_fact(c: &Collected) -> Fact<ErrLog> {
    let s = section(c, "errlog")?;
    let log = strict(c, "errlog", errlog::parse)?;
    // journalctl shows a user outside adm/systemd-journal only that user's
    // own entries and says so on stderr; dmesg under dmesg_restrict fails.
    if let Some(l) = denied_line(&s.stderr) {
        let hint = match log.source {
            LogSource::Journal => " (add the user to the adm or systemd-journal group)",
            LogSource::Dmesg => " (kernel.dmesg_restrict is set)",
            LogSource::File => " (add the user to the group that owns it, often adm)",
        };
        return Err(Gap::Unknown(format!(
            "permission denied reading the {}: {}{hint}",
            log.describe(),
            single::clip(l)
        )));
    }
    match log.rc {
        Some(0) => Ok(log),
        Some(124) => Err(Gap::Unknown(format!(
            "reading the {} timed out",
            log.describe()
        ))),
        rc => {
            let first = first_line(&s.stderr);
            Err(Gap::Unknown(format!(
                "reading the {} failed (status {}){}{}",
                log.describe(),
                rc.map_or("unknown".to_string(), |r| r.to_string()),
                if first.is_empty() { "" } else { ": " },
                single::clip(first)
            )))
        }
    }
}

fn updates_fact(c: &Collected) -> Fact<PendingUpdates> {
    let u = strict(c, "updates", updates::parse)?;
    if u.rc == 0 {
        // No advisory metadata, or a tool without the notion: "cannot
        // tell", not "none".
        if let Some(why) = &u.security_unknown {
            return Err(Gap::Unknown(why.clone()));
        }
        return Ok(u);
    }
    let why = u
        .errors
        .first()
        .map(|e| format!(": {}", single::clip(e)))
        .unwrap_or_default();
    if u.errors.iter().any(|e| e.contains("Permission denied")) {
        return Err(Gap::Unknown(format!(
            "permission denied: {} failed{why}",
            u.tool
        )));
    }
    if u.rc == 124 {
        return Err(Gap::Unknown(format!("{} timed out", u.tool)));
    }
    Err(Gap::Unknown(format!(
        "{} failed with status {}{why}",
        u.tool, u.rc
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_output_at_all() {
        let f = facts_from_output("");
        assert_eq!(f.format, None);
        assert!(matches!(&f.os, Err(Gap::Unknown(r)) if r.starts_with("output not understood")));
    }

    #[test]
    fn section_failures_become_reasons() {
        let text = "@@ops collect 1\n\
            @@ops begin mdstat\n\n@@ops stderr\ncat: /proc/mdstat: Permission denied\n\n@@ops end mdstat rc=1\n\
            @@ops begin services\n@@ops n/a systemd is not running\n\n@@ops end services rc=0\n\
            @@ops begin df\n\n@@ops stderr\ndf: invalid option -- 'B'\n\n@@ops end df rc=1\n\
            @@ops begin df-inodes\n\n@@ops end df-inodes rc=124\n\
            @@ops begin ip-link\n\n@@ops stderr\nip: command not found\n\n@@ops end ip-link rc=127\n\
            @@ops begin meminfo\nnonsense\n\n@@ops end meminfo rc=0\n\
            @@ops begin errlog\nsource journal\ncount 0\nrecent 0\nrc 0\n\n@@ops stderr\n\
            Hint: You are currently not seeing messages from other users and the system.\n\
                  Users in groups 'adm', 'systemd-journal' can see all messages.\n\n@@ops end errlog rc=0\n\
            @@ops begin kernel\n6.1.0\n";
        let f = facts_from_output(text);
        assert_eq!(
            f.mdstat,
            Err(Gap::Unknown(
                "permission denied: cat: /proc/mdstat: Permission denied".into()
            ))
        );
        assert_eq!(
            f.failed_units,
            Err(Gap::NotApplicable("systemd is not running".into()))
        );
        assert_eq!(
            f.df,
            Err(Gap::Unknown(
                "df section failed with status 1: df: invalid option -- 'B'".into()
            ))
        );
        assert_eq!(
            f.df_inodes,
            Err(Gap::Unknown("df-inodes section timed out".into()))
        );
        assert_eq!(
            f.links,
            Err(Gap::Unknown(
                "command not found: ip: command not found".into()
            ))
        );
        assert_eq!(
            f.meminfo,
            Err(Gap::Unknown(
                "output not understood: no MemTotal in meminfo".into()
            ))
        );
        assert_eq!(
            f.errlog,
            Err(Gap::Unknown(
                "permission denied reading the journal: Hint: You are currently not seeing messages from other users and the system. (add the user to the adm or systemd-journal group)".into()
            ))
        );
        assert_eq!(
            f.kernel,
            Err(Gap::Unknown(
                "output cut short in the kernel section".into()
            ))
        );
        assert_eq!(
            f.password,
            Err(Gap::Unknown(
                "output cut short before the password section".into()
            ))
        );
    }

    #[test]
    fn dmesg_restricted_and_apt_errors() {
        let text = "@@ops collect 1\n\
            @@ops begin errlog\nsource dmesg\ncount 0\nrecent 0\nrc 1\n\n@@ops stderr\n\
            dmesg: read kernel buffer failed: Operation not permitted\n\n@@ops end errlog rc=0\n\
            @@ops begin updates\nrun apt-get 100\n| E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n\n@@ops end updates rc=0\n\
            @@ops done\n";
        let f = facts_from_output(text);
        assert_eq!(
            f.errlog,
            Err(Gap::Unknown("permission denied reading the kernel log (dmesg): dmesg: read kernel buffer failed: Operation not permitted (kernel.dmesg_restrict is set)".into()))
        );
        assert!(
            matches!(&f.updates, Err(Gap::Unknown(r)) if r.starts_with("permission denied: apt-get failed: E: Could not open lock file")),
            "{:?}",
            f.updates
        );
        assert_eq!(
            f.os,
            Err(Gap::Unknown(
                "output not understood: no os-release section".into()
            ))
        );
    }

    #[test]
    fn df_complaint_is_kept_with_the_table() {
        let text = "@@ops begin df\nFilesystem Type 1-blocks Used Available Capacity Mounted on\n\
            /dev/sda1 ext4 100 50 50 50% /\n\n@@ops stderr\ndf: /mnt/nfs: Stale file handle\n\n@@ops end df rc=1\n";
        let f = facts_from_output(text);
        assert_eq!(f.df.as_ref().unwrap().rows.len(), 1);
        assert_eq!(
            f.df_complaint.as_deref(),
            Some("df: /mnt/nfs: Stale file handle")
        );
        // Nothing printed and status 1: the section failed.
        let f = facts_from_output("@@ops begin df\n\n@@ops end df rc=1\n");
        assert_eq!(
            f.df,
            Err(Gap::Unknown("df section failed with status 1".into()))
        );
    }

    #[test]
    fn a_host_without_ip_is_judged_from_ifconfig_route_and_arp() {
        use crate::check::Status;
        use crate::inspect::host::{evaluate::evaluate, thresholds::HostThresholds};
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/linux/centos7/collect.no-ip.out"
        ))
        .unwrap();
        let f = facts_from_output(&text);
        let links = f.links.as_ref().unwrap();
        assert_eq!(links.len(), 3);
        assert_eq!(f.addrs.as_ref().unwrap()[0].address, "10.20.30.41/24");
        assert_eq!(f.routes4.as_ref().unwrap().len(), 3);
        assert_eq!(f.routes6.as_ref().unwrap().len(), 1);
        let (findings, _) = evaluate(&f, &HostThresholds::default(), None);
        let find = |check: &str, subject: Option<&str>| {
            findings
                .iter()
                .find(|x| {
                    x.check == check && subject.is_none_or(|s| x.subject.as_deref() == Some(s))
                })
                .unwrap_or_else(|| panic!("no {check} in {findings:#?}"))
        };
        let eth0 = find("nic", Some("eth0"));
        assert_eq!(eth0.status, Status::Ok);
        assert_eq!(
            eth0.message,
            "eth0 up, carrier, mtu 1500, 10.20.30.41/24 fe80::5054:ff:fe3a:1b2c/64"
        );
        let eth1 = find("nic", Some("eth1"));
        assert_eq!(eth1.status, Status::Crit);
        assert_eq!(
            find("route.default", None).message,
            "default route IPv4 via 10.20.30.1 dev eth0"
        );
        let gw = find("gateway", Some("10.20.30.1"));
        assert_eq!(gw.status, Status::Ok);
        assert_eq!(
            gw.message,
            "10.20.30.1 (eth0) known to the neighbour table: ping turned off (gateway_ping = false), neighbour entry REACHABLE"
        );
        let ts = find("timesync", None);
        assert_eq!(ts.status, Status::Ok);
        assert_eq!(
            ts.message,
            "clock synchronised (timedatectl: NTP service inactive)"
        );
        let up = find("updates.security", None);
        assert_eq!(up.status, Status::Unknown);
        assert!(up.message.starts_with("yum lists no security update, but the local repository cache holds no security advisories (updateinfo)"), "{}", up.message);
        let mac = find("security.mac", None);
        assert_eq!(mac.status, Status::Ok);
        assert_eq!(mac.message, "SELinux permissive (targeted)");
    }
}
