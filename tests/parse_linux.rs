//! `ops parse linux SECTION [FILE]` end to end on the captures of
//! `tests/fixtures/linux/` (Debian 12 from a real VM; the distribution
//! folders written from each tool's documented output format), and the host
//! checks on a CentOS 7 style host without `ip`. Every value is exact.

mod support;

use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use support::*;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/linux")
        .join(rel)
}

/// `ops parse linux SECTION FIXTURE --format json` → `parsed`.
fn parsed(env: &Env, section: &str, rel: &str) -> Value {
    let out = env
        .ops()
        .args(["parse", "linux", section])
        .arg(fixture(rel))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{section} {rel}: {}",
        stderr(&out)
    );
    let v = json(&out);
    assert_eq!(v["schema"], 1);
    assert_eq!(v["platform"], "linux");
    v["parsed"].clone()
}

fn parse_stdin(env: &Env, args: &[&str], input: &[u8]) -> Output {
    let mut child = env
        .ops()
        .args(["parse", "linux"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn os_release_of_every_distribution() {
    let env = Env::new();
    for (rel, id, version, pretty) in [
        (
            "os-release.debian12",
            "debian",
            "12",
            "Debian GNU/Linux 12 (bookworm)",
        ),
        ("centos7/os-release", "centos", "7", "CentOS Linux 7 (Core)"),
        (
            "rocky9/os-release",
            "rocky",
            "9.3",
            "Rocky Linux 9.3 (Blue Onyx)",
        ),
        (
            "alma8/os-release",
            "almalinux",
            "8.9",
            "AlmaLinux 8.9 (Midnight Oncilla)",
        ),
        (
            "openeuler22.03/os-release",
            "openEuler",
            "22.03",
            "openEuler 22.03 (LTS-SP3)",
        ),
        (
            "kylin-v10/os-release",
            "kylin",
            "V10",
            "Kylin Linux Advanced Server V10 (Lance)",
        ),
        (
            "sles15/os-release",
            "sles",
            "15.5",
            "SUSE Linux Enterprise Server 15 SP5",
        ),
        (
            "ubuntu22.04/os-release",
            "ubuntu",
            "22.04",
            "Ubuntu 22.04.4 LTS",
        ),
        (
            "alpine3.19/os-release",
            "alpine",
            "3.19.1",
            "Alpine Linux v3.19",
        ),
    ] {
        let v = parsed(&env, "os-release", rel);
        assert_eq!(
            (&v["id"], &v["version_id"], &v["pretty_name"]),
            (&json!(id), &json!(version), &json!(pretty)),
            "{rel}"
        );
    }
    let v = parsed(&env, "os-release", "rocky9/os-release");
    assert_eq!(v["all"]["PLATFORM_ID"], "platform:el9");
    assert_eq!(v["all"]["ID_LIKE"], "rhel centos fedora");
}

#[test]
fn security_updates_of_dnf_yum_zypper_apt_and_apk() {
    let env = Env::new();
    let v = parsed(&env, "updates", "rocky9/updates");
    assert_eq!(v["tool"], "dnf");
    assert_eq!(v["updateinfo_files"], 3);
    assert_eq!(
        v["advisories"],
        json!(["RLSA-2024:1879", "RLSA-2024:2394", "RLSA-2024:1530"])
    );
    assert_eq!(v["security"].as_array().unwrap().len(), 5);
    assert_eq!(v["security"][4], "expat-2.5.0-1.el9_3.1.x86_64");
    assert_eq!(v["security_unknown"], Value::Null);

    let v = parsed(&env, "updates", "alma8/updates");
    assert_eq!(v["advisories"], json!(["ALSA-2024:2843"]));
    assert_eq!(v["security"], json!(["python3-idna-2.5-7.el8_9.noarch"]));

    let v = parsed(&env, "updates", "openeuler22.03/updates");
    assert_eq!(
        v["advisories"],
        json!(["openEuler-SA-2024-1488", "openEuler-SA-2024-1502"])
    );
    assert_eq!(v["security"][2], "vim-common-2:9.0-23.oe2203sp3.x86_64");

    let v = parsed(&env, "updates", "kylin-v10/updates");
    assert_eq!(v["advisories"], json!(["KYSA-202405-1017"]));
    assert_eq!(v["security"], json!(["curl-7.71.1-17.ky10.x86_64"]));

    // CentOS 7: yum lists nothing because the repositories carry no
    // advisories at all: unknown, not zero.
    let v = parsed(&env, "updates", "centos7/updates");
    assert_eq!(v["tool"], "yum");
    assert_eq!(v["security"], json!([]));
    assert_eq!(v["updateinfo_files"], 0);
    assert!(
        v["security_unknown"]
            .as_str()
            .unwrap()
            .starts_with("yum lists no security update, but the local repository cache holds no security advisories"),
        "{v}"
    );

    let v = parsed(&env, "zypper", "sles15/zypper-list-patches");
    assert_eq!(v["tool"], "zypper");
    assert_eq!(
        v["advisories"],
        json!([
            "SUSE-SLE-Module-Basesystem-15-SP5-2024-1234",
            "SUSE-SLE-Module-Basesystem-15-SP5-2024-1301",
            "SUSE-SLE-Product-SLES-15-SP5-2024-1170"
        ])
    );
    assert_eq!(v["security"].as_array().unwrap().len(), 3);
    let v = parsed(&env, "zypper", "sles15/zypper-no-updates");
    assert_eq!((&v["security"], &v["rc"]), (&json!([]), &json!(0)));

    let v = parsed(&env, "apt-get", "ubuntu22.04/apt-get-s-dist-upgrade");
    assert_eq!(v["security"], json!(["libssl3", "openssl"]));
    assert_eq!(v["total"], 3);

    let v = parsed(&env, "apk", "alpine3.19/apk-version");
    assert_eq!(v["total"], 3);
    assert_eq!(
        v["security_unknown"],
        "apk does not tell security fixes apart (3 pending upgrades)"
    );
}

#[test]
fn time_sync_from_chrony_ntpd_timesyncd_and_adjtimex() {
    let env = Env::new();
    let v = parsed(&env, "chronyc", "rocky9/chronyc-tracking");
    assert_eq!(
        v,
        json!([{"tool": "chronyc", "state": "synced",
                "detail": "reference 0A140005 (10.20.0.5), 0.000021837 seconds slow of NTP time"}])
    );
    let v = parsed(&env, "ntpq", "centos7/ntpq-pn");
    assert_eq!(
        v,
        json!([{"tool": "ntpq", "state": "synced", "detail": "system peer 10.20.0.5"}])
    );
    let v = parsed(&env, "timedatectl", "centos7/timedatectl-status");
    assert_eq!(
        v,
        json!([{"tool": "timedatectl", "state": "synced", "detail": "NTP service inactive"}])
    );
    let v = parsed(&env, "timedatectl", "rocky9/timedatectl-show");
    assert_eq!(
        v,
        json!([{"tool": "timedatectl", "state": "synced", "detail": "NTP service active"}])
    );
    let v = parsed(&env, "timedatectl", "ubuntu22.04/timedatectl-show");
    assert_eq!(v[0]["state"], "unsynced");
    let v = parsed(&env, "adjtimex", "alpine3.19/adjtimex");
    assert_eq!(
        v,
        json!([{"tool": "adjtimex", "state": "synced",
                "detail": "kernel clock disciplined, estimated error 1210 us"}])
    );
}

#[test]
fn interfaces_and_routes_without_ip() {
    let env = Env::new();
    let v = parsed(&env, "ifconfig", "centos7/ifconfig");
    let links = v["links"].as_array().unwrap();
    assert_eq!(links.len(), 3);
    assert_eq!(links[0]["name"], "eth0");
    assert_eq!(links[0]["mtu"], 1500);
    assert_eq!(links[0]["mac"], "52:54:00:3a:1b:2c");
    assert_eq!(links[0]["state"], "UP");
    assert_eq!(
        links[0]["flags"],
        json!(["UP", "BROADCAST", "RUNNING", "MULTICAST", "LOWER_UP"])
    );
    assert_eq!(links[1]["state"], "DOWN");
    assert_eq!(links[2]["link_type"], "loopback");
    assert_eq!(
        v["addrs"],
        json!([
            {"index": 1, "ifname": "eth0", "family": "inet", "address": "10.20.30.41/24", "scope": null},
            {"index": 1, "ifname": "eth0", "family": "inet6", "address": "fe80::5054:ff:fe3a:1b2c/64", "scope": "link"},
            {"index": 3, "ifname": "lo", "family": "inet", "address": "127.0.0.1/8", "scope": null},
            {"index": 3, "ifname": "lo", "family": "inet6", "address": "::1/128", "scope": "host"},
        ])
    );
    // BusyBox and net-tools 1.60 layout.
    let v = parsed(&env, "ifconfig", "alpine3.19/ifconfig-a");
    assert_eq!(v["links"][0]["mac"], "52:54:00:9c:41:07");
    assert_eq!(v["links"][0]["link_type"], "ether");
    assert_eq!(v["links"][1]["link_type"], "loopback");
    assert_eq!(v["addrs"][0]["address"], "192.168.122.30/24");
    assert_eq!(v["addrs"][1]["address"], "fe80::5054:ff:fe9c:4107/64");
    assert_eq!(v["addrs"][3]["scope"], "host");

    let v = parsed(&env, "route-n", "centos7/route-n");
    assert_eq!(v.as_array().unwrap().len(), 3);
    assert_eq!(v[0]["destination"], "default");
    assert_eq!(v[0]["via"], "10.20.30.1");
    assert_eq!(v[0]["dev"], "eth0");
    assert_eq!(v[0]["metric"], 100);
    assert_eq!(v[2]["destination"], "169.254.0.0/16");
    let v = parsed(&env, "route-n", "alpine3.19/route-n-inet6");
    assert_eq!(v[1]["destination"], "default");
    assert_eq!(v[1]["via"], "fe80::1");
    assert_eq!(v[3]["kind"], "unreachable");

    let v = parsed(&env, "arp", "centos7/proc-net-arp");
    assert_eq!(v[0]["states"], json!(["REACHABLE"]));
    assert_eq!(v[0]["lladdr"], "00:1c:73:aa:bb:01");
    assert_eq!(v[1]["states"], json!(["INCOMPLETE"]));
}

#[test]
fn busybox_df_mac_and_error_logs() {
    let env = Env::new();
    let v = parsed(&env, "df", "alpine3.19/df-PkT");
    assert_eq!(v["unit"], "bytes");
    assert_eq!(v["block_size"], 1024);
    assert_eq!(v["rows"][0]["mount"], "/");
    assert_eq!(v["rows"][0]["total"], 7_833_520u64 * 1024);
    assert_eq!(v["rows"][0]["used"], 1_530_876u64 * 1024);
    assert_eq!(v["rows"][3]["mount"], "/boot");

    let v = parsed(&env, "mac", "rocky9/mac");
    assert_eq!(
        (
            &v["selinux"],
            &v["selinux_config"],
            &v["selinux_policy"],
            &v["apparmor"]
        ),
        (
            &json!("enforcing"),
            &json!("enforcing"),
            &json!("targeted"),
            &json!(false)
        )
    );
    let v = parsed(&env, "mac", "sles15/mac");
    assert_eq!(
        (
            &v["selinux"],
            &v["apparmor"],
            &v["apparmor_enforce"],
            &v["apparmor_complain"]
        ),
        (&json!("disabled"), &json!(true), &json!(21), &json!(2))
    );

    let v = parsed(&env, "errlog", "ubuntu22.04/errlog");
    assert_eq!(
        (
            &v["source"],
            &v["path"],
            &v["count"],
            &v["recent"],
            &v["rc"]
        ),
        (
            &json!("file"),
            &json!("/var/log/syslog"),
            &json!(4),
            &json!(2),
            &json!(0)
        )
    );
    assert_eq!(v["samples"].as_array().unwrap().len(), 2);
    let v = parsed(&env, "errlog", "alpine3.19/errlog");
    assert_eq!((&v["source"], &v["count"]), (&json!("dmesg"), &json!(1)));
}

#[test]
fn the_debian_captures_and_a_whole_collection_output() {
    let env = Env::new();
    let v = parsed(&env, "meminfo", "proc-meminfo");
    assert_eq!(v["mem_total"], 24_684_084u64 * 1024);
    let v = parsed(&env, "loadavg", "proc-loadavg");
    assert!(v["one"].is_number());
    // A section cut from the whole output of the collection script.
    let v = parsed(&env, "updates", "collect.debian12-vm.out");
    assert_eq!((&v["tool"], &v["total"]), (&json!("apt-get"), &json!(127)));
    assert_eq!(v["security"].as_array().unwrap().len(), 77);
    let v = parsed(&env, "df", "collect.debian12-vm.out");
    assert_eq!(v["rows"].as_array().unwrap().len(), 5);
}

#[test]
fn standard_input_text_output_and_errors() {
    let env = Env::new();
    let out = parse_stdin(&env, &["loadavg"], b"0.50 0.25 0.12 2/95 4242\n");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("five"), "{}", stdout(&out));
    let out = parse_stdin(&env, &["ip_addr", "-", "--format", "json"], b"1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["section"], "ip-addr");
    assert_eq!(json(&out)["parsed"][0]["address"], "127.0.0.1/8");

    let out = parse_stdin(&env, &["nonsense"], b"");
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains("supported sections: os-release"),
        "{}",
        stderr(&out)
    );
    let out = parse_stdin(&env, &["meminfo"], b"hello\n");
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains("failed to parse standard input"),
        "{}",
        stderr(&out)
    );
}

/// A section cut from the whole output of a CentOS 7 style host without
/// `ip` (its judgement: `inspect::host::facts` tests).
#[test]
fn ifconfig_cut_from_the_output_of_a_host_without_ip() {
    let env = Env::new();
    let out = env
        .ops()
        .args(["parse", "linux", "ifconfig"])
        .arg(fixture("centos7/collect.no-ip.out"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["parsed"]["links"][0]["name"], "eth0");
}
