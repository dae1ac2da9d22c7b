//! End-to-end tests of the host inspection: a real capture of the script
//! on this machine, the real script run again here, crafted bad cases
//! built by replacing one section of the real capture, threshold overrides,
//! and property tests that no input makes a parser panic.

use super::*;
use crate::check::{Finding, Status};
use crate::parse::linux::{self as p};
use proptest::prelude::*;

const REAL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/linux/collect.debian12-vm.out"
));

fn find<'a>(findings: &'a [Finding], check: &str, subject: Option<&str>) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.check == check && f.subject.as_deref() == subject)
        .unwrap_or_else(|| panic!("no finding {check} {subject:?} in {findings:#?}"))
}

fn run(text: &str) -> (Vec<Finding>, HostMetrics) {
    evaluate(&facts_from_output(text), &HostThresholds::default(), None)
}

/// The real capture with one section's body and status replaced.
fn with_section(name: &str, body: &str, rc: i32) -> String {
    let begin = format!("@@ops begin {name}\n");
    let start = REAL
        .find(&begin)
        .unwrap_or_else(|| panic!("no section {name}"));
    let end_marker = format!("@@ops end {name} rc=");
    let end = start + REAL[start..].find(&end_marker).unwrap();
    let end = end + REAL[end..].find('\n').unwrap() + 1;
    format!(
        "{}{begin}{body}\n\n@@ops end {name} rc={rc}\n{}",
        &REAL[..start],
        &REAL[end..]
    )
}

// ---------------------------------------------------------------------------
// The real capture (tests/fixtures/linux/collect.debian12-vm.out: this
// machine, a Debian 12 VM without systemd, run as root).

#[test]
fn real_capture_parses_to_exact_values() {
    let f = facts_from_output(REAL);
    assert_eq!(f.format, Some(1));
    assert!(f.done);
    assert_eq!(f.uid, Some(0));
    assert_eq!(
        f.os.as_ref().unwrap().display(),
        "Debian GNU/Linux 12 (bookworm)"
    );
    assert_eq!(f.kernel.as_deref(), Ok("6.18.44-fc-v669"));
    assert_eq!(f.hostname.as_deref(), Ok("vm"));
    assert_eq!(f.cores, Ok(2));
    let up = f.uptime.as_ref().unwrap();
    assert_eq!((up.seconds, up.idle_seconds), (1348.01, 805.79));
    let l = f.loadavg.as_ref().unwrap();
    assert_eq!(
        (l.one, l.five, l.fifteen, l.running, l.total),
        (11.64, 8.13, 4.30, Some(12), Some(171))
    );
    let cpu = f.cpu.as_ref().unwrap();
    assert_eq!(
        (
            cpu.user,
            cpu.system,
            cpu.idle,
            cpu.iowait,
            cpu.softirq,
            cpu.steal
        ),
        (165_982, 20_769, 80_579, 961, 217, 313)
    );
    let mem = f.meminfo.as_ref().unwrap();
    assert_eq!(mem.mem_total(), 24_684_084 * 1024);
    assert_eq!(mem.mem_available(), (22_920_052 * 1024, false));
    assert_eq!(mem.swap_total(), 0);
    let df = f.df.as_ref().unwrap();
    assert_eq!(df.rows.len(), 5);
    let root = df.rows.iter().find(|r| r.mount == "/").unwrap();
    assert_eq!(
        (
            root.source.as_str(),
            root.fstype.as_str(),
            root.total,
            root.used,
            root.available
        ),
        (
            "/dev/vda",
            "ext4",
            270_553_174_016,
            27_425_017_856,
            70_147_731_456
        )
    );
    let ino = f.df_inodes.as_ref().unwrap();
    let root = ino.rows.iter().find(|r| r.mount == "/").unwrap();
    assert_eq!(
        (root.total, root.used, root.available),
        (16_777_216, 610_996, 16_166_220)
    );
    assert_eq!(f.df_complaint, None);
    assert!(
        matches!(&f.mdstat, Err(Gap::NotApplicable(r)) if r.contains("md (software RAID) driver is not loaded"))
    );
    let names: Vec<&str> = f
        .links
        .as_ref()
        .unwrap()
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    assert_eq!(names, vec!["lo", "ifb0", "ifb1", "eth0"]);
    assert_eq!(f.addrs.as_ref().unwrap().len(), 5);
    let sys = f.sys_net.as_ref().unwrap();
    assert_eq!(sys.len(), 4);
    assert_eq!(
        (
            sys[0].name.as_str(),
            sys[0].operstate.as_deref(),
            sys[0].carrier
        ),
        ("eth0", Some("up"), Some(true))
    );
    assert_eq!(sys[1].carrier, None);
    assert_eq!(f.routes4.as_ref().unwrap().len(), 2);
    assert_eq!(f.routes6.as_ref().unwrap().len(), 3);
    let gws = f.gateways.as_ref().unwrap();
    assert_eq!(gws.len(), 2);
    assert_eq!(gws[0].ping, p::gateway::Ping::Reply);
    assert_eq!(gws[1].ping, p::gateway::Ping::NoReply);
    assert_eq!(
        f.resolve.as_ref().unwrap()[0],
        p::resolve::Resolution {
            name: "vm".into(),
            lookup: p::resolve::Lookup::Resolved(vec!["127.0.0.1".into()])
        }
    );
    let e = f.errlog.as_ref().unwrap();
    assert_eq!(
        (e.source, e.count, e.recent, e.rc),
        (p::errlog::LogSource::Dmesg, 0, 0, Some(0))
    );
    assert_eq!(f.root_mail.as_ref().unwrap().total_bytes(), 0);
    assert_eq!(
        f.failed_units,
        Err(Gap::NotApplicable("systemd is not running".into()))
    );
    assert!(f.timesync.as_ref().unwrap().sources.is_empty());
    let u = f.updates.as_ref().unwrap();
    assert_eq!(
        (u.tool.as_str(), u.rc, u.total, u.security.len()),
        ("apt-get", 0, Some(127), 77)
    );
    let pw = f.password.as_ref().unwrap();
    assert_eq!((pw.max_days, pw.effective_min_len()), (Some(99999), None));
}

#[test]
fn real_capture_evaluates_to_exact_findings() {
    let (findings, m) = run(REAL);
    let os = find(&findings, "os", None);
    assert_eq!(os.status, Status::Ok);
    assert_eq!(
        os.message,
        "Debian GNU/Linux 12 (bookworm), kernel 6.18.44-fc-v669, up 22 min"
    );
    assert_eq!(os.value["uptime_seconds"], 1348);
    // Five other builds were running: 8.13 / 2 cores.
    let load = find(&findings, "load", None);
    assert_eq!(load.status, Status::Crit);
    assert_eq!(load.value, serde_json::json!(4.07));
    assert_eq!(
        load.message,
        "load 11.64 8.13 4.30 on 2 cores: 4.07 per core (5 min), crit > 2; CPU 69.7 % busy since boot"
    );
    assert_eq!(
        load.threshold.as_deref(),
        Some("5-min load per core warn > 1, crit > 2")
    );
    let mem = find(&findings, "memory", None);
    assert_eq!(mem.status, Status::Ok);
    assert_eq!(mem.value, serde_json::json!(92.9));
    assert_eq!(mem.message, "92.9 % available (21.9 GiB of 23.5 GiB)");
    assert_eq!(find(&findings, "swap", None).status, Status::Skip);
    assert_eq!(find(&findings, "swap", None).message, "no swap configured");
    let root = find(&findings, "fs.usage", Some("/"));
    assert_eq!(root.status, Status::Ok);
    assert_eq!(root.value, serde_json::json!(28.1));
    assert_eq!(root.message, "/ 28.1 % used (25.5 GiB of 252 GiB)");
    let ino = find(&findings, "fs.inodes", Some("/"));
    assert_eq!(
        (ino.status, ino.value.clone()),
        (Status::Ok, serde_json::json!(3.6))
    );
    // Memory-backed and kernel filesystems are not storage: neither the
    // tmpfs of /dev/shm, /sys/fs/cgroup and the sandbox nor devtmpfs.
    for mount in [
        "/dev",
        "/dev/shm",
        "/sys/fs/cgroup",
        "/mnt/sandboxing/model_tools_env/v1/python",
    ] {
        assert!(
            !findings.iter().any(|f| f.subject.as_deref() == Some(mount)),
            "{mount} judged"
        );
    }
    assert_eq!(find(&findings, "raid", None).status, Status::Skip);
    assert_eq!(find(&findings, "nic", Some("ifb0")).status, Status::Skip);
    let eth0 = find(&findings, "nic", Some("eth0"));
    assert_eq!(eth0.status, Status::Ok);
    assert_eq!(
        eth0.message,
        "eth0 up, carrier, mtu 1400, 192.0.2.2/24 fd00::2/64 fe80::fc:ff:fe00:1/64"
    );
    assert!(
        !findings
            .iter()
            .any(|f| f.check == "nic" && f.subject.as_deref() == Some("lo"))
    );
    let route = find(&findings, "route.default", None);
    assert_eq!(route.status, Status::Ok);
    assert_eq!(
        route.message,
        "default route IPv4 via 192.0.2.1 dev eth0; IPv6 via fd00::1 dev eth0"
    );
    assert_eq!(
        find(&findings, "gateway", Some("192.0.2.1")).status,
        Status::Ok
    );
    // The IPv6 gateway of this VM really does not answer.
    let gw6 = find(&findings, "gateway", Some("fd00::1"));
    assert_eq!(gw6.status, Status::Crit);
    assert_eq!(
        gw6.message,
        "fd00::1 (eth0) does not answer ping; neighbour entry INCOMPLETE"
    );
    assert_eq!(
        find(&findings, "dns", Some("vm")).message,
        "vm resolves to 127.0.0.1"
    );
    let err = find(&findings, "errlog", None);
    assert_eq!(
        (err.status, err.value.clone()),
        (Status::Ok, serde_json::json!(0))
    );
    assert_eq!(
        err.message,
        "0 error-level entries in the last 24 h (kernel log (dmesg))"
    );
    assert_eq!(find(&findings, "mail.root", None).status, Status::Ok);
    assert_eq!(
        find(&findings, "services.failed", None).status,
        Status::Skip
    );
    let ts = find(&findings, "timesync", None);
    assert_eq!(ts.status, Status::Warn);
    let upd = find(&findings, "updates.security", None);
    assert_eq!(
        (upd.status, upd.value.clone()),
        (Status::Warn, serde_json::json!(77))
    );
    assert!(upd.message.starts_with("77 security updates of 127 pending upgrades (apt-get, local package lists): libgcrypt20-dev, "));
    let pw = find(&findings, "password.policy", None);
    assert_eq!(pw.status, Status::Warn);
    assert_eq!(
        pw.message,
        "PASS_MAX_DAYS 99999 (> 30); no minimum password length set"
    );
    // Every check of SPEC §2.1 but the backup one is there.
    for check in [
        "os",
        "load",
        "memory",
        "swap",
        "fs.usage",
        "fs.inodes",
        "raid",
        "nic",
        "route.default",
        "gateway",
        "dns",
        "errlog",
        "mail.root",
        "services.failed",
        "timesync",
        "updates.security",
        "password.policy",
    ] {
        assert!(findings.iter().any(|f| f.check == check), "{check}");
    }
    assert!(
        !findings.iter().any(|f| f.status == Status::Unknown),
        "{findings:#?}"
    );
    // Metrics, exact.
    assert_eq!(m.uptime_seconds, Some(1348));
    assert_eq!(m.cores, Some(2));
    assert_eq!(
        (m.load1, m.load5, m.load15),
        (Some(11.64), Some(8.13), Some(4.30))
    );
    assert_eq!(m.cpu.unwrap().user, 165_982);
    assert_eq!(
        (m.cpu_busy_pct, m.cpu_busy_window),
        (Some(69.7), Some(CpuWindow::Boot))
    );
    assert_eq!(m.mem_total_bytes, Some(25_276_502_016));
    assert_eq!(m.mem_available_bytes, Some(23_470_133_248));
    assert_eq!(m.mem_used_pct, Some(7.1));
    assert_eq!((m.swap_total_bytes, m.swap_used_bytes), (Some(0), Some(0)));
    let mounts: Vec<&str> = m.filesystems.iter().map(|f| f.mount.as_str()).collect();
    assert_eq!(mounts, vec!["/"]);
    assert_eq!(
        m.filesystems[0],
        FsMetrics {
            mount: "/".into(),
            fstype: "ext4".into(),
            size_bytes: 270_553_174_016,
            used_bytes: 27_425_017_856,
            avail_bytes: 70_147_731_456,
            inodes: Some(16_777_216),
            inodes_used: Some(610_996),
        }
    );
}

#[test]
fn cpu_busy_between_two_inspections() {
    let (_, first) = run(REAL);
    // The next inspection, 100 s later: 120 busy ticks out of 200.
    let later = with_section("stat", "cpu  166082 0 20789 80659 961 0 217 313 0 0", 0);
    let later = later.replace("1348.01 805.79", "1448.01 845.79");
    let (findings, m) = evaluate(
        &facts_from_output(&later),
        &HostThresholds::default(),
        Some(&first),
    );
    assert_eq!(
        (m.cpu_busy_pct, m.cpu_busy_window),
        (Some(60.0), Some(CpuWindow::Previous))
    );
    assert!(
        find(&findings, "load", None)
            .message
            .ends_with("; CPU 60 % busy since the previous inspection")
    );
    // After a reboot (uptime went down) the previous counters are ignored.
    let rebooted = later.replace("1448.01 845.79", "60.00 50.00");
    let (_, m) = evaluate(
        &facts_from_output(&rebooted),
        &HostThresholds::default(),
        Some(&first),
    );
    assert_eq!(m.cpu_busy_window, Some(CpuWindow::Boot));
}

// ---------------------------------------------------------------------------
// Crafted bad cases: the real capture with one section replaced.

const MD_HEAD: &str = "Personalities : [raid1] [raid6] [raid5] [raid4]";

#[test]
fn raid_degraded_is_crit() {
    let body = format!(
        "{MD_HEAD}\nmd0 : active raid1 sda1[0]\n      523264 blocks super 1.2 [2/1] [U_]\n\nunused devices: <none>"
    );
    let (findings, _) = run(&with_section("mdstat", &body, 0));
    let md0 = find(&findings, "raid", Some("md0"));
    assert_eq!(md0.status, Status::Crit);
    assert_eq!(md0.value, serde_json::json!("degraded"));
    assert_eq!(md0.message, "md0 raid1 degraded [2/1] [U_]");
}

#[test]
fn raid_failed_member_recovering_is_crit() {
    let body = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/linux/mdstat.failed-recovery"
    ))
    .unwrap();
    let (findings, _) = run(&with_section("mdstat", &body, 0));
    let md1 = find(&findings, "raid", Some("md1"));
    assert_eq!(md1.status, Status::Crit);
    assert_eq!(
        md1.message,
        "md1 raid5 degraded [4/3] [UUU_], faulty member sdd1, recovery 8.6 %, finish in 148.5min"
    );
}

#[test]
fn raid_resync_warns_check_is_fine_and_inactive_is_crit() {
    let body = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/linux/mdstat.resync"
    ))
    .unwrap();
    let (findings, _) = run(&with_section("mdstat", &body, 0));
    let statuses: Vec<(&str, Status)> = findings
        .iter()
        .filter(|f| f.check == "raid")
        .map(|f| (f.subject.as_deref().unwrap(), f.status))
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("md127", Status::Warn),
            ("md126", Status::Ok),
            ("md125", Status::Warn),
            ("md124", Status::Crit),
            ("md123", Status::Ok),
            ("md122", Status::Ok),
        ]
    );
    assert_eq!(
        find(&findings, "raid", Some("md127")).message,
        "md127 raid1 resyncing [2/2] [UU], resync 17.2 %, finish in 66.8min, read-only"
    );
    assert_eq!(
        find(&findings, "raid", Some("md126")).message,
        "md126 raid10 good [4/4] [UUUU], check 0.4 %, finish in 80.2min"
    );
    assert_eq!(
        find(&findings, "raid", Some("md124")).message,
        "md124 inactive (not assembled or failed)"
    );
    let (findings, _) = run(&with_section(
        "mdstat",
        "Personalities : \nunused devices: <none>",
        0,
    ));
    assert_eq!(
        find(&findings, "raid", None).message,
        "no md (software RAID) arrays"
    );
    assert_eq!(find(&findings, "raid", None).status, Status::Skip);
}

fn df_body(rows: &str) -> String {
    format!(
        "Filesystem              Type         1-blocks        Used   Available Capacity Mounted on\n{rows}"
    )
}

#[test]
fn full_filesystem_is_crit_and_a_mount_override_changes_it() {
    let body = df_body(
        "/dev/vda  ext4  270553174016 27425017856 70147731456  29% /\n\
         /dev/vdb1 xfs    10737418240  9771050598   966367642  91% /var\n\
         /dev/vdc1 xfs    10737418240  8804682956  1932735284  82% /data\n\
         tmpfs     tmpfs   1073741824  1073741824           0 100% /run/user/0\n\
         /dev/loop0 squashfs 58327040  58327040           0 100% /snap/core/1",
    );
    let text = with_section("df", &body, 0);
    let (findings, _) = run(&text);
    let var = find(&findings, "fs.usage", Some("/var"));
    assert_eq!(var.status, Status::Crit);
    assert_eq!(var.value, serde_json::json!(91.0));
    assert_eq!(
        var.message,
        "/var 91 % used (9.1 GiB of 10 GiB), crit > 90 %"
    );
    assert_eq!(
        var.threshold.as_deref(),
        Some("used warn > 80 %, crit > 90 %")
    );
    let data = find(&findings, "fs.usage", Some("/data"));
    assert_eq!(data.status, Status::Warn);
    assert_eq!(
        data.message,
        "/data 82 % used (8.2 GiB of 10 GiB), warn > 80 %"
    );
    // A tmpfs is memory, not storage, and a squashfs is always full: neither
    // is judged, unless `include_fstypes` asks for tmpfs.
    assert!(
        !findings
            .iter()
            .any(|f| f.subject.as_deref() == Some("/run/user/0"))
    );
    let with_tmpfs: HostThresholds = toml::from_str("include_fstypes = [\"tmpfs\"]").unwrap();
    let (included, _) = evaluate(&facts_from_output(&text), &with_tmpfs, None);
    assert_eq!(
        find(&included, "fs.usage", Some("/run/user/0")).status,
        Status::Crit
    );
    assert!(
        !findings
            .iter()
            .any(|f| f.subject.as_deref() == Some("/snap/core/1"))
    );

    let t: HostThresholds = toml::from_str(
        "include_fstypes = [\"tmpfs\"]\n\
         [mounts.\"/var\"]\nfs_used_pct = { warn = 92, crit = 98 }\n\
         [mounts.\"/data\"]\nfs_used_pct = { warn = 85 }\n\
         [mounts.\"/run/user/*\"]\nignore = true\n",
    )
    .unwrap();
    let (findings, _) = evaluate(&facts_from_output(&text), &t, None);
    let var = find(&findings, "fs.usage", Some("/var"));
    assert_eq!(var.status, Status::Ok);
    assert_eq!(
        var.threshold.as_deref(),
        Some("used warn > 92 %, crit > 98 %")
    );
    let data = find(&findings, "fs.usage", Some("/data"));
    assert_eq!(data.status, Status::Ok);
    assert_eq!(
        data.threshold.as_deref(),
        Some("used warn > 85 %, crit > 90 %")
    );
    let run_user = find(&findings, "fs.usage", Some("/run/user/0"));
    assert_eq!(
        (run_user.status, run_user.message.as_str()),
        (Status::Skip, "ignored by configuration")
    );
    // Host-wide limits move every other mount.
    let t: HostThresholds = toml::from_str("fs_used_pct = { warn = 20, crit = 25 }").unwrap();
    let (findings, _) = evaluate(&facts_from_output(&text), &t, None);
    assert_eq!(find(&findings, "fs.usage", Some("/")).status, Status::Crit);
}

#[test]
fn inodes_exhausted_and_filesystems_without_inodes() {
    let body = "Filesystem Type Inodes IUsed IFree IUse% Mounted on\n\
                /dev/vda ext4 16777216 16000000 777216 96% /\n\
                /dev/sdb1 btrfs 0 0 0 - /srv";
    let (findings, _) = run(&with_section("df-inodes", body, 0));
    let root = find(&findings, "fs.inodes", Some("/"));
    assert_eq!(root.status, Status::Crit);
    assert_eq!(
        root.message,
        "/ 95.4 % inodes used (16000000 of 16777216 inodes), crit > 90 %"
    );
    let srv = find(&findings, "fs.inodes", Some("/srv"));
    assert_eq!(
        (srv.status, srv.message.as_str()),
        (Status::Skip, "/srv (btrfs) has no inode limit")
    );
}

#[test]
fn df_that_could_not_read_a_mount_keeps_the_rest() {
    let body = format!(
        "{}\n\n@@ops stderr\ndf: /mnt/nfs: Stale file handle",
        df_body("/dev/vda ext4 270553174016 27425017856 70147731456 29% /")
    );
    let (findings, _) = run(&with_section("df", &body, 1));
    assert_eq!(find(&findings, "fs.usage", Some("/")).status, Status::Ok);
    let u = find(&findings, "fs.usage", None);
    assert_eq!(u.status, Status::Unknown);
    assert_eq!(
        u.message,
        "df could not read every filesystem: df: /mnt/nfs: Stale file handle"
    );
}

#[test]
fn no_default_route_warns_and_gateway_skips() {
    let text = with_section(
        "route4",
        "192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2 ",
        0,
    );
    let text = text.replace("default via fd00::1 dev eth0 metric 1024 pref medium\n", "");
    let text = {
        let f = text.find("@@ops begin gateway\n").unwrap();
        let e = text.find("@@ops end gateway rc=0\n").unwrap();
        format!(
            "{}@@ops begin gateway\n\n@@ops end gateway rc=0\n{}",
            &text[..f],
            &text[e + "@@ops end gateway rc=0\n".len()..]
        )
    };
    let (findings, _) = run(&text);
    let r = find(&findings, "route.default", None);
    assert_eq!(
        (r.status, r.message.as_str()),
        (Status::Warn, "no default route")
    );
    let g = find(&findings, "gateway", None);
    assert_eq!(
        (g.status, g.message.as_str()),
        (Status::Skip, "no default gateway (see route.default)")
    );
}

#[test]
fn gateway_without_ping_uses_the_neighbour_table() {
    let body = "gateway 192.0.2.1 eth0\nrun ping absent\nrun neigh 0\n| 192.0.2.1 lladdr 02:fc:00:00:00:05 STALE \n\
                gateway 10.1.1.1 eth1\nrun ping absent\nrun neigh 0\n| 10.1.1.1 FAILED \n\
                gateway 10.2.2.2 eth2\nrun ping 2\n| ping: socket: Operation not permitted\nrun neigh 0";
    let (findings, _) = run(&with_section("gateway", body, 0));
    let a = find(&findings, "gateway", Some("192.0.2.1"));
    assert_eq!(a.status, Status::Ok);
    assert_eq!(
        a.message,
        "192.0.2.1 (eth0) known to the neighbour table: ping not installed, neighbour entry STALE"
    );
    let b = find(&findings, "gateway", Some("10.1.1.1"));
    assert_eq!(b.status, Status::Crit);
    assert_eq!(b.value, serde_json::json!("FAILED"));
    let c = find(&findings, "gateway", Some("10.2.2.2"));
    assert_eq!(c.status, Status::Unknown);
    assert_eq!(
        c.message,
        "10.2.2.2 (eth2) could not be probed: ping unusable (ping exited with status 2: ping: socket: Operation not permitted), no neighbour entry"
    );
}

#[test]
fn nic_up_without_carrier_is_crit() {
    let link = "2: eno1: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc mq state DOWN mode DEFAULT group default qlen 1000\\    link/ether 3c:ec:ef:00:00:01 brd ff:ff:ff:ff:ff:ff\n\
                3: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default \\    link/ether 02:42:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n\
                4: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc pfifo_fast state UP mode DEFAULT group default qlen 1000\\    link/ether 02:fc:00:00:00:01 brd ff:ff:ff:ff:ff:ff";
    let text = with_section("ip-link", link, 0);
    let text = text.replace("eth0 up 1\n", "eth0 up 1\neno1 down 0\ndocker0 down 0\n");
    let (findings, _) = run(&text);
    let eno1 = find(&findings, "nic", Some("eno1"));
    assert_eq!(eno1.status, Status::Crit);
    assert_eq!(
        eno1.message,
        "eno1 up but no carrier (cable, switch port or driver), mtu 1500, no address"
    );
    assert_eq!(eno1.value["carrier"], false);
    // docker0 without containers has no carrier either: ignored by default.
    assert!(
        !findings
            .iter()
            .any(|f| f.subject.as_deref() == Some("docker0"))
    );
    assert_eq!(find(&findings, "nic", Some("eth0")).status, Status::Ok);
}

#[test]
fn swap_in_use_and_memory_short() {
    let text = REAL
        .replace("SwapTotal:             0 kB", "SwapTotal:       4194304 kB")
        .replace("SwapFree:              0 kB", "SwapFree:         838860 kB")
        .replace("MemAvailable:   22920052 kB", "MemAvailable:     987363 kB");
    let (findings, m) = run(&text);
    let swap = find(&findings, "swap", None);
    assert_eq!(swap.status, Status::Warn);
    assert_eq!(swap.message, "80 % used (3.2 GiB of 4 GiB), warn > 70 %");
    assert_eq!(m.swap_used_bytes, Some((4_194_304 - 838_860) * 1024));
    let mem = find(&findings, "memory", None);
    assert_eq!(mem.status, Status::Crit);
    assert_eq!(
        mem.message,
        "4 % available (964 MiB of 23.5 GiB), crit < 5 %"
    );
}

#[test]
fn failed_services_are_crit() {
    let text = with_section(
        "services",
        "nginx.service loaded failed failed A high performance web server\nlogrotate.service loaded failed failed Rotate log files",
        0,
    );
    let (findings, _) = run(&text);
    let s = find(&findings, "services.failed", None);
    assert_eq!(s.status, Status::Crit);
    assert_eq!(s.value, serde_json::json!(2));
    assert_eq!(
        s.message,
        "2 failed units: nginx.service, logrotate.service"
    );
    let (findings, _) = run(&with_section("services", "", 0));
    assert_eq!(find(&findings, "services.failed", None).status, Status::Ok);
}

#[test]
fn unsynchronised_clock_warns() {
    let text = with_section(
        "timesync",
        "run timedatectl-show 0\n| NTP=yes\n| NTPSynchronized=no",
        0,
    );
    let (findings, _) = run(&text);
    let t = find(&findings, "timesync", None);
    assert_eq!(t.status, Status::Warn);
    assert_eq!(
        t.message,
        "clock not synchronised (timedatectl: NTP service active)"
    );
    let text = with_section(
        "timesync",
        "run chronyc 0\n| Reference ID    : C0A80001 (ntp1)\n| Leap status     : Normal",
        0,
    );
    assert_eq!(find(&run(&text).0, "timesync", None).status, Status::Ok);
    let text = with_section("timesync", "run chronyc 1\n| 506 Cannot talk to daemon", 0);
    let t = find(&run(&text).0, "timesync", None).clone();
    assert_eq!(t.status, Status::Unknown);
    assert_eq!(
        t.message,
        "chronyc exited with status 1: 506 Cannot talk to daemon"
    );
}

#[test]
fn security_updates_pending_warn_none_ok_no_manager_skip() {
    let (findings, _) = run(&with_section(
        "updates",
        "run apt-get 0\n| 0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.",
        0,
    ));
    let u = find(&findings, "updates.security", None);
    assert_eq!(u.status, Status::Ok);
    assert_eq!(
        u.message,
        "0 security updates of 0 pending upgrades (apt-get, local package lists)"
    );
    let (findings, _) = run(&with_section(
        "updates",
        "run dnf 0\n| RHSA-2024:1234 Important/Sec. openssl-libs-1:3.0.7-27.el9.x86_64",
        0,
    ));
    let u = find(&findings, "updates.security", None);
    assert_eq!(u.status, Status::Warn);
    assert_eq!(
        u.message,
        "1 security update (dnf, local package lists), advisories RHSA-2024:1234"
    );
    let (findings, _) = run(&with_section(
        "updates",
        "@@ops n/a no package manager that reports security updates (apt, dnf, yum)",
        0,
    ));
    assert_eq!(
        find(&findings, "updates.security", None).status,
        Status::Skip
    );
}

#[test]
fn weak_and_strong_password_policies() {
    let weak = "file /etc/login.defs ok\n| PASS_MAX_DAYS 90\n| PASS_MIN_LEN 6\nfile /etc/security/pwquality.conf absent";
    let (findings, _) = run(&with_section("password", weak, 0));
    let p = find(&findings, "password.policy", None);
    assert_eq!(p.status, Status::Warn);
    assert_eq!(
        p.message,
        "PASS_MAX_DAYS 90 (> 30); minimum length 6 (PASS_MIN_LEN in /etc/login.defs) (< 8)"
    );
    let strong = "file /etc/login.defs ok\n| PASS_MAX_DAYS 30\nfile /etc/security/pwquality.conf ok\n| minlen = 12\n\
                  file /etc/pam.d/system-auth ok\n| password requisite pam_pwquality.so retry=3";
    let (findings, _) = run(&with_section("password", strong, 0));
    let p = find(&findings, "password.policy", None);
    assert_eq!(p.status, Status::Ok);
    assert_eq!(
        p.message,
        "PASS_MAX_DAYS 30; minimum length 12 (minlen in /etc/security/pwquality.conf)"
    );
    let (findings, _) = run(&with_section("password", "file /etc/login.defs denied", 0));
    let p = find(&findings, "password.policy", None);
    assert_eq!(
        (p.status, p.message.as_str()),
        (Status::Unknown, "permission denied reading /etc/login.defs")
    );
}

#[test]
fn journal_permission_denied_is_unknown_with_reason() {
    let body = "source journal\ncount 0\nrecent 0\nrc 0\n\n@@ops stderr\n\
                Hint: You are currently not seeing messages from other users and the system.\n\
                      Users in groups 'adm', 'systemd-journal' can see all messages.\n\
                      Pass -q to turn off this notice.";
    let (findings, _) = run(&with_section("errlog", body, 0));
    let e = find(&findings, "errlog", None);
    assert_eq!(e.status, Status::Unknown);
    assert_eq!(
        e.message,
        "permission denied reading the journal: Hint: You are currently not seeing messages from other users and the system. (add the user to the adm or systemd-journal group)"
    );
}

#[test]
fn error_log_entries_warn_with_the_last_one() {
    let body = "source journal\ncount 2\nrecent 2\nrc 0\n\
                | 2024-05-01T10:00:00+0000 vm kernel: ata1.00: failed command: READ FPDMA QUEUED\n\
                | 2024-05-01T10:00:01+0000 vm kernel: EXT4-fs error (device sda1): bad block";
    let (findings, _) = run(&with_section("errlog", body, 0));
    let e = find(&findings, "errlog", None);
    assert_eq!(e.status, Status::Warn);
    assert_eq!(
        e.message,
        "2 error-level entries in the last 24 h (journal); last: 2024-05-01T10:00:01+0000 vm kernel: EXT4-fs error (device sda1): bad block"
    );
    // dmesg counts since boot; only the last 24 h are judged.
    let (findings, _) = run(&with_section(
        "errlog",
        "source dmesg\ncount 5\nrecent 0\nrc 0",
        0,
    ));
    let e = find(&findings, "errlog", None);
    assert_eq!(
        (e.status, e.message.as_str()),
        (
            Status::Ok,
            "0 error-level entries in the last 24 h (kernel log (dmesg)), 5 since boot"
        )
    );
}

#[test]
fn mail_for_root_and_names_that_do_not_resolve() {
    let text = with_section(
        "mail",
        "1311 -rw------- 1 0 8 48213 May 20  2025 /var/mail/root\n1311 -rw------- 1 0 8 48213 May 20  2025 /var/spool/mail/root",
        0,
    );
    let m = find(&run(&text).0, "mail.root", None).clone();
    assert_eq!(
        (m.status, m.value.clone()),
        (Status::Warn, serde_json::json!(48213))
    );
    assert_eq!(m.message, "47.1 KiB of mail for root in /var/mail/root");
    let text = with_section(
        "resolve",
        "name db.example\nrun getent 2\nname vm\nrun getent 0\n| 127.0.0.1 vm\nname slow.example\nrun getent 124",
        0,
    );
    let t: HostThresholds =
        toml::from_str("resolve = [\"db.example\", \"vm\", \"slow.example\", \"ntp.example\"]")
            .unwrap();
    let (findings, _) = evaluate(&facts_from_output(&text), &t, None);
    let db = find(&findings, "dns", Some("db.example"));
    assert_eq!(
        (db.status, db.message.as_str()),
        (
            Status::Crit,
            "db.example does not resolve (not in /etc/hosts or DNS)"
        )
    );
    assert_eq!(find(&findings, "dns", Some("vm")).status, Status::Ok);
    assert_eq!(
        find(&findings, "dns", Some("slow.example")).status,
        Status::Crit
    );
    let ntp = find(&findings, "dns", Some("ntp.example"));
    assert_eq!(ntp.status, Status::Unknown);
    assert_eq!(
        ntp.message,
        "ntp.example was not looked up (the script was built without it)"
    );
}

#[test]
fn cut_short_output_makes_the_rest_unknown() {
    let cut = &REAL[..REAL.find("@@ops begin errlog").unwrap() + 30];
    assert!(!facts_from_output(cut).done);
    let (findings, _) = run(cut);
    assert_eq!(find(&findings, "memory", None).status, Status::Ok);
    let e = find(&findings, "errlog", None);
    assert_eq!(
        (e.status, e.message.as_str()),
        (Status::Unknown, "output cut short in the errlog section")
    );
    let p = find(&findings, "password.policy", None);
    assert_eq!(
        (p.status, p.message.as_str()),
        (
            Status::Unknown,
            "output cut short before the password section"
        )
    );
    let (findings, _) = run("sh: 1: Syntax error: end of file unexpected\n");
    assert!(
        findings.iter().all(|f| f.status == Status::Unknown),
        "{findings:#?}"
    );
    assert!(
        find(&findings, "memory", None)
            .message
            .starts_with("output not understood")
    );
}

// ---------------------------------------------------------------------------
// The real script, run here.

/// Runs the script with `sh -s` (dash on Debian) in an empty directory with
/// an empty HOME and TMPDIR, and checks it wrote nothing there.
fn run_script_here(shell: &str) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    // One run at a time: two package-manager simulations at once on a
    // loaded machine could hit the script's own time limits.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let tmp = dir.path().join("tmp");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&tmp).unwrap();
    let mut child = Command::new(shell)
        .arg("-s")
        .current_dir(dir.path())
        .env("HOME", &home)
        .env("TMPDIR", &tmp)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // No gateway ping: a test run sends nothing beyond loopback; the gateway
    // is then judged by its neighbour entry.
    let script = script(&CollectOptions {
        ping: false,
        ..CollectOptions::default()
    });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{shell} exited with {:?}", out.status);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "the script printed on stderr"
    );
    for d in [dir.path(), &home, &tmp] {
        let entries: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n != "home" && n != "tmp")
            .collect();
        assert!(
            entries.is_empty(),
            "the script wrote {entries:?} into {}",
            d.display()
        );
    }
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn real_script_on_this_machine() {
    let out = run_script_here("sh");
    let c = p::sections::split(&out);
    assert_eq!(c.format, Some(SCRIPT_FORMAT));
    assert!(c.done, "no @@ops done");
    let names: Vec<&str> = c.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, SECTIONS);
    for s in &c.sections {
        assert_eq!(s.rc, Some(0), "section {} failed: {}", s.name, s.stderr);
    }
    let facts = facts_from_output(&out);
    let (findings, metrics) = evaluate(&facts, &HostThresholds::default(), None);
    // What this machine can answer. Every check applies or is skipped
    // here; none may be unknown. (`errlog` reads dmesg, which needs root or
    // kernel.dmesg_restrict=0: when that is refused it is unknown with
    // "permission denied", which is the right verdict.)
    for f in &findings {
        if f.check == "errlog" && f.status == Status::Unknown {
            assert!(f.message.starts_with("permission denied"), "{f:?}");
            continue;
        }
        assert_ne!(f.status, Status::Unknown, "{f:?} in {out}");
    }
    for check in [
        "os",
        "load",
        "memory",
        "fs.usage",
        "fs.inodes",
        "nic",
        "route.default",
        "gateway",
        "dns",
        "mail.root",
        "timesync",
        "updates.security",
        "password.policy",
    ] {
        assert!(
            findings
                .iter()
                .any(|f| f.check == check && f.status != Status::Skip),
            "{check} was not judged"
        );
    }
    // Checks this VM has nothing for (no swap, no md, no systemd) are
    // skipped with a reason; on a machine that has them they are judged.
    for check in ["swap", "raid", "services.failed", "errlog"] {
        assert!(
            findings
                .iter()
                .any(|f| f.check == check && !f.message.is_empty()),
            "{check}"
        );
    }
    let root = metrics
        .filesystems
        .iter()
        .find(|f| f.mount == "/")
        .expect("/ measured");
    assert!(root.size_bytes > 0 && root.used_bytes > 0 && root.inodes.is_some());
    assert_eq!(metrics.cores, facts.cores.clone().ok());
    assert!(metrics.mem_total_bytes.unwrap() > 0);
    // The hostname section and the default name to resolve agree.
    let host = facts.hostname.clone().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f.check == "dns" && f.subject.as_deref() == Some(host.as_str()))
    );
}

#[test]
fn real_script_under_bash_gives_the_same_sections() {
    if std::process::Command::new("bash")
        .arg("-c")
        .arg("true")
        .status()
        .is_err()
    {
        return;
    }
    let out = run_script_here("bash");
    let c = p::sections::split(&out);
    let names: Vec<&str> = c.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, SECTIONS);
    assert!(c.done);
}

// ---------------------------------------------------------------------------
// No input makes a parser panic.

fn every_parser(text: &str) {
    let _ = p::sections::split(text);
    let _ = p::os_release::parse(text);
    let _ = p::single::parse_word(text);
    let _ = p::single::parse_nproc(text);
    let _ = p::uptime::parse(text);
    let _ = p::loadavg::parse(text);
    let _ = p::stat::parse(text).map(|c| (c.busy_pct_since_boot(), c.total()));
    let _ = p::meminfo::parse(text).map(|m| (m.mem_available(), m.swap_used()));
    if let Ok(df) = p::df::parse(text) {
        for r in &df.rows {
            let _ = r.used_pct();
        }
    }
    if let Ok(md) = p::mdstat::parse(text) {
        for a in &md.arrays {
            let _ = (a.degraded(), a.faulty_members());
        }
    }
    if let Ok(links) = p::ip::parse_links(text) {
        for l in &links {
            let _ = (l.admin_up(), l.lower_up(), l.loopback());
        }
    }
    let _ = p::ip::parse_addrs(text);
    if let Ok(routes) = p::ip::parse_routes(text) {
        for r in &routes {
            let _ = (r.is_default(), r.gateways());
        }
    }
    let _ = p::ip::parse_neigh(text);
    let _ = p::netsys::parse(text);
    let _ = p::gateway::parse(text);
    let _ = p::resolve::parse(text);
    let _ = p::errlog::parse(text);
    let _ = p::mail::parse(text).map(|m| m.total_bytes());
    let _ = p::systemctl::parse_failed(text);
    let _ = p::timesync::parse(text);
    let _ = p::updates::parse(text);
    let _ = p::login_defs::parse(text).map(|p| p.effective_min_len());
    let _ = p::run::parse_runs(text);
    let _ = p::ifconfig::parse(text);
    let _ = p::route_n::parse(text);
    let _ = p::route_n::parse_section(text);
    let _ = p::mac::parse(text).map(|m| m.describe());
    for name in p::by_section::names() {
        let _ = p::by_section::parse(name, text);
    }
    let facts = facts_from_output(text);
    let _ = evaluate(&facts, &HostThresholds::default(), None);
}

/// Real inputs to mutate: the whole captures and the individual files,
/// those of the distribution folders included.
fn real_inputs() -> Vec<String> {
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/linux"
    ))];
    let mut out: Vec<String> = Vec::new();
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_none_or(|x| x != "md") {
                out.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    out.sort();
    out
}

/// Apply line edits: 0 cut a line at a character, 1 repeat it, 2 swap two
/// lines, 3 delete it, 4 truncate the whole text at a character.
fn mutate(text: &str, edits: &[(u8, usize, usize)]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut truncate_at = None;
    for &(op, a, b) in edits {
        if lines.is_empty() {
            break;
        }
        let i = a % lines.len();
        match op % 5 {
            0 => {
                let chars: Vec<char> = lines[i].chars().collect();
                let cut = if chars.is_empty() { 0 } else { b % chars.len() };
                lines[i] = chars[..cut].iter().collect();
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => {
                let j = b % lines.len();
                lines.swap(i, j);
            }
            3 => {
                lines.remove(i);
            }
            _ => truncate_at = Some(b),
        }
    }
    let joined = lines.join("\n");
    match truncate_at {
        Some(b) => {
            let n = joined.chars().count();
            if n == 0 {
                joined
            } else {
                joined.chars().take(b % n).collect()
            }
        }
        None => joined,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn parsers_survive_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        every_parser(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn parsers_survive_marker_soup(lines in proptest::collection::vec(
        prop_oneof![
            "@@ops (begin|end|stderr|n/a|done|collect)( [a-z0-9-]{0,10})?( rc=-?[0-9]{0,12})?",
            "run [a-z-]{0,12} (absent|-?[0-9]{0,11})",
            "\\| .{0,40}",
            "(gateway|name|file|source|count|recent|rc|absent) [ -~]{0,30}",
            "md[0-9] : (active|inactive) [a-z0-9\\[\\]()_ ]{0,40}",
            " +[0-9]{0,25} blocks [\\[\\]0-9/U_ ]{0,20}",
            "[0-9]{1,3}: [a-z0-9@.]{0,8}: <[A-Z_,-]{0,30}> [ -~]{0,40}",
            "(default|[0-9.:/a-f]{1,20}) (via|dev|nexthop|inet6)? ?[ -~]{0,30}",
            "[A-Za-z_]{1,20}: *-?[0-9]{0,22} ?(kB|MB)?",
            "Filesystem [ -~]{0,60}",
            "[ -~]{0,10} [a-z]{1,6} [0-9-]{0,22} [0-9-]{0,22} [0-9-]{0,22} [0-9-]{0,3}%? [ -~]{0,20}",
            ".{0,60}",
        ],
        0..60,
    )) {
        every_parser(&lines.join("\n"));
    }

    #[test]
    fn parsers_survive_damaged_real_captures(
        which in any::<usize>(),
        edits in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 0..25),
    ) {
        let inputs = real_inputs();
        let text = &inputs[which % inputs.len()];
        every_parser(&mutate(text, &edits));
    }

    #[test]
    fn every_section_of_the_capture_survives_damage(
        edits in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 1..15),
    ) {
        for s in p::sections::split(REAL).sections {
            every_parser(&mutate(&s.stdout, &edits));
        }
    }
}

#[test]
fn real_capture_as_an_unprivileged_user() {
    // The same VM, the script run as `nobody` (kernel.dmesg_restrict = 1).
    let text = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/linux/collect.debian12-vm.nobody.out"
    ));
    let facts = facts_from_output(text);
    assert_eq!(facts.uid, Some(65534));
    let (findings, _) = evaluate(&facts, &HostThresholds::default(), None);
    let e = find(&findings, "errlog", None);
    assert_eq!(e.status, Status::Unknown);
    assert_eq!(
        e.message,
        "permission denied reading the kernel log (dmesg): dmesg: read kernel buffer failed: Operation not permitted (kernel.dmesg_restrict is set)"
    );
    // Everything else works without privileges.
    let unknown: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.status == Status::Unknown && f.check != "errlog")
        .collect();
    assert!(unknown.is_empty(), "{unknown:#?}");
    assert_eq!(
        find(&findings, "updates.security", None).value,
        serde_json::json!(77)
    );
    assert_eq!(
        find(&findings, "gateway", Some("192.0.2.1")).status,
        Status::Ok
    );
}
