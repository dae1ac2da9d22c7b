//! The device-shell transport against a simulated device behind a real
//! OpenSSH sshd on loopback: prompt forms, paging off and `--More--` paged
//! anyway, echo and erasures removed, deadlines, and the read-only
//! allow-list enforced before anything is sent.

mod support;

use ops::parse::device::{Platform, clean_output};
use ops::transport::shell::DeviceShell;
use ops::transport::ssh::{SshOptions, SshTarget, connect};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::device::FakeDevice;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn upstream(rel: &str) -> String {
    std::fs::read_to_string(fixtures().join("devices").join(rel)).unwrap()
}

/// A device serving the given `(command, file under tests/fixtures/devices)` pairs.
fn device(platform: &str, serve: &[(&str, &str)]) -> FakeDevice {
    let empty = tempfile::tempdir().unwrap();
    let d = FakeDevice::start(platform, empty.path());
    for (command, rel) in serve {
        d.put(&command.replace(' ', "_"), &upstream(rel));
    }
    d
}

fn open(d: &FakeDevice, platform: Platform, secs: u64) -> anyhow::Result<DeviceShell> {
    let known_hosts = d.dir.path().join("known_hosts");
    std::fs::write(&known_hosts, d.sshd.known_hosts_line("127.0.0.1")).unwrap();
    let target = SshTarget {
        host: "127.0.0.1".into(),
        port: d.sshd.port,
        user: d.sshd.user.clone(),
        identity_files: vec![d.sshd.client_key.clone()],
        jump: None,
    };
    let options = SshOptions {
        known_hosts,
        accept_new_host_keys: false,
        connect_timeout: Duration::from_secs(5),
        max_output: 16 << 20,
    };
    let deadline = Instant::now() + Duration::from_secs(secs);
    let session = connect(&target, &options, deadline)?;
    DeviceShell::open(session, platform, deadline)
}

fn soon(secs: u64) -> Instant {
    Instant::now() + Duration::from_secs(secs)
}

const CISCO_INTERFACES: &str = "cisco_ios/show_interfaces/cisco_ios_show_interfaces.raw";
const HUAWEI_BRIEF: &str =
    "huawei_vrp/display_interface_brief/huawei_vrp_display_interface_brief.raw";

#[test]
fn cisco_output_comes_back_clean_with_paging_off() {
    let d = device(
        "cisco_ios",
        &[
            ("show interfaces", CISCO_INTERFACES),
            (
                "show version",
                "cisco_ios/show_version/cisco_ios_show_version.raw",
            ),
        ],
    );
    let mut shell = open(&d, Platform::CiscoIos, 20).unwrap();
    assert_eq!(shell.hostname, "switch01");
    assert_eq!(shell.prompt, "switch01#");
    assert!(
        shell.banner.contains("Authorised access only"),
        "{}",
        shell.banner
    );
    let out = shell.run("show interfaces", soon(20)).unwrap();
    assert_eq!(out, clean_output(&upstream(CISCO_INTERFACES)));
    let out = shell.run("show version", soon(20)).unwrap();
    assert_eq!(
        out,
        clean_output(&upstream(
            "cisco_ios/show_version/cisco_ios_show_version.raw"
        ))
    );
    shell.close();
    // Paging went off first, and nothing but these was ever typed: no pager
    // key (paging was off), no `exit`.
    assert_eq!(
        d.received(),
        ["terminal length 0", "show interfaces", "show version"]
    );
}

#[test]
fn more_prompts_are_paged_through_when_paging_cannot_be_turned_off() {
    for (platform, p, command, rel) in [
        (
            "cisco_ios",
            Platform::CiscoIos,
            "show interfaces",
            CISCO_INTERFACES,
        ),
        (
            "huawei_vrp",
            Platform::HuaweiVrp,
            "display interface",
            "huawei_vrp/display_interface/huawei_vrp_display_interface.raw",
        ),
    ] {
        let d = device(platform, &[(command, rel)]);
        d.put("keep-paging", "");
        let lines = upstream(rel).lines().count();
        assert!(lines > 40, "{rel} is too short to page: {lines} lines");
        let mut shell = open(&d, p, 20).unwrap();
        let out = shell.run(command, soon(20)).unwrap();
        assert_eq!(out, clean_output(&upstream(rel)), "{platform}");
        assert!(!out.contains("More"), "{out}");
        // The session is still in step: a second command gets its own output.
        let out = shell.run(command, soon(20)).unwrap();
        assert_eq!(out, clean_output(&upstream(rel)), "{platform}");
        shell.close();
        // Each page was answered exactly once with a space (a second key
        // would have reached the command line and shown up before the
        // second command).
        let paging = if platform == "cisco_ios" {
            "terminal length 0"
        } else {
            "screen-length 0 temporary"
        };
        let pages = (lines - 1) / 20;
        let mut expected = vec![paging.to_string(), command.to_string()];
        expected.extend(std::iter::repeat_n("(pager key \\ )".to_string(), pages));
        expected.push(command.to_string());
        expected.extend(std::iter::repeat_n("(pager key \\ )".to_string(), pages));
        assert_eq!(d.received(), expected, "{platform}");
    }
}

#[test]
fn every_prompt_form_is_recognised() {
    for (platform, p, prompt, host) in [
        (
            "cisco_ios",
            Platform::CiscoIos,
            "core1.example.net>",
            "core1.example.net",
        ),
        ("cisco_ios", Platform::CiscoIos, "sw-02#", "sw-02"),
        ("huawei_vrp", Platform::HuaweiVrp, "<HUAWEI>", "HUAWEI"),
        (
            "huawei_vrp",
            Platform::HuaweiVrp,
            "<ne40.pe1.example.com>",
            "ne40.pe1.example.com",
        ),
        ("huawei_vrp", Platform::HuaweiVrp, "[~CE6850]", "CE6850"),
        ("huawei_vrp", Platform::HuaweiVrp, "[AR2220]", "AR2220"),
    ] {
        let d = device(platform, &[("display interface brief", HUAWEI_BRIEF)]);
        d.put("prompt", prompt);
        d.put(
            "show_ip_interface_brief",
            &upstream("cisco_ios/show_ip_interface_brief/cisco_ios_show_ip_interface_brief.raw"),
        );
        let mut shell = open(&d, p, 20).unwrap_or_else(|e| panic!("{prompt}: {e:#}"));
        assert_eq!(shell.hostname, host, "{prompt}");
        assert_eq!(shell.prompt, prompt);
        let (command, rel) = if platform == "cisco_ios" {
            (
                "show ip interface brief",
                "cisco_ios/show_ip_interface_brief/cisco_ios_show_ip_interface_brief.raw",
            )
        } else {
            ("display interface brief", HUAWEI_BRIEF)
        };
        let out = shell.run(command, soon(20)).unwrap();
        assert_eq!(out, clean_output(&upstream(rel)), "{prompt}");
        // A command the device rejects comes back as its error message.
        let out = shell.run("show nothing", soon(20)).unwrap();
        assert!(
            ops::parse::device::device_error(&out).is_some(),
            "{prompt}: {out:?}"
        );
        shell.close();
    }
}

#[test]
fn a_command_that_is_not_read_only_is_refused_before_anything_is_sent() {
    let d = device(
        "cisco_ios",
        &[(
            "show version",
            "cisco_ios/show_version/cisco_ios_show_version.raw",
        )],
    );
    // The device would happily "run" it: a file named after it exists.
    d.put("configure_terminal", "Enter configuration commands\n");
    let mut shell = open(&d, Platform::CiscoIos, 20).unwrap();
    for bad in [
        "configure terminal",
        "reload",
        "write memory",
        "show running-config | redirect tftp://x/y",
        "show version\nreload",
    ] {
        let err = shell.run(bad, soon(10)).unwrap_err().to_string();
        assert!(err.contains("refusing to send"), "{bad}: {err}");
    }
    // The session is still in step: the next command gets its own output.
    let out = shell.run("show version", soon(10)).unwrap();
    assert!(out.contains("uptime is"), "{out}");
    shell.close();
    assert_eq!(d.received(), ["terminal length 0", "show version"]);
}

#[test]
fn a_device_that_stops_answering_mid_output_fails_at_the_command_deadline() {
    let d = device("cisco_ios", &[("show interfaces", CISCO_INTERFACES)]);
    d.put("hang-on", "show interfaces");
    d.put(
        "show_version",
        &upstream("cisco_ios/show_version/cisco_ios_show_version.raw"),
    );
    let mut shell = open(&d, Platform::CiscoIos, 20).unwrap();
    let started = Instant::now();
    let err = shell
        .run("show interfaces", Instant::now() + Duration::from_secs(2))
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(4),
        "{took:?}"
    );
    let msg = format!("{err:#}");
    assert!(msg.contains("stopped answering"), "{msg}");
    assert!(msg.contains("last line"), "{msg}");
    // The session is out of step now: it is not used again.
    let started = Instant::now();
    let err = shell.run("show version", soon(10)).unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(500));
    assert!(err.to_string().contains("abandoned"), "{err}");
    shell.close();
}

#[test]
fn a_device_that_never_shows_a_prompt_fails_at_the_device_deadline() {
    let d = device("cisco_ios", &[]);
    d.put("prompt", "Password: ");
    let started = Instant::now();
    let err = open(&d, Platform::CiscoIos, 3).err().expect("no prompt");
    assert!(started.elapsed() < Duration::from_secs(5));
    let msg = format!("{err:#}");
    assert!(msg.contains("deadline"), "{msg}");
}
