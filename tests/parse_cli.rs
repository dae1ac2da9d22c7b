//! `ops parse PLATFORM COMMAND [FILE]` end to end: the real binary on the
//! real captures, from a file and from standard input.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use support::*;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/devices")
        .join(rel)
}

fn parse(env: &Env, args: &[&str]) -> Output {
    env.ops().arg("parse").args(args).output().unwrap()
}

fn parse_stdin(env: &Env, args: &[&str], input: &[u8]) -> Output {
    let mut child = env
        .ops()
        .arg("parse")
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
fn json_keys_are_ntc_names_and_counters_are_numbers() {
    let env = Env::new();
    let file = fixture("cisco_ios/show_interfaces/cisco_ios_show_interfaces5.raw");
    let out = parse(
        &env,
        &[
            "cisco_ios",
            "show interfaces",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_success(&out);
    let v = json(&out);
    assert_eq!(v["schema"], 1);
    assert_eq!(v["platform"], "cisco_ios");
    assert_eq!(v["command"], "show interfaces");
    let first = &v["parsed"][0];
    // Values from cisco_ios_show_interfaces5.yml.
    assert_eq!(first["interface"], "Port-channel1");
    assert_eq!(first["link_status"], "up");
    assert_eq!(first["protocol_status"], "up");
    assert_eq!(first["input_errors"], 179928);
    assert_eq!(first["crc"], 21419);
    assert_eq!(first["frame"], 87);
    assert_eq!(first["giants"], 158509);
    assert_eq!(first["output_errors"], 0);
    assert_eq!(first["collisions"], 0);
    assert!(first["crc"].is_u64());
    // Nothing but JSON on stdout.
    assert!(stdout(&out).trim_start().starts_with('{'));
}

#[test]
fn standard_input_and_a_pasted_session_give_the_same_values_as_the_clean_capture() {
    let env = Env::new();
    let clean =
        fixture("huawei_vrp/display_interface_brief/huawei_vrp_display_interface_brief.raw");
    let session = fixture("crafted/huawei_vrp/display_interface_brief_session.txt");
    let from_file = parse(
        &env,
        &[
            "huawei_vrp",
            "display_interface_brief",
            clean.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_success(&from_file);
    let pasted = parse_stdin(
        &env,
        &["huawei", "dis int br", "--format", "json"],
        &std::fs::read(&session).unwrap(),
    );
    assert_success(&pasted);
    assert_eq!(json(&from_file)["parsed"], json(&pasted)["parsed"]);
    let rows = json(&pasted)["parsed"].as_array().unwrap().clone();
    assert!(rows.len() > 10);
    // `-` reads standard input too.
    let dash = parse_stdin(
        &env,
        &[
            "huawei_vrp",
            "display interface brief",
            "-",
            "--format",
            "json",
        ],
        &std::fs::read(&clean).unwrap(),
    );
    assert_eq!(json(&dash)["parsed"], json(&from_file)["parsed"]);
}

#[test]
fn the_table_is_readable() {
    let env = Env::new();
    let file = fixture("cisco_ios/show_ip_interface_brief/cisco_ios_show_ip_interface_brief.raw");
    let out = parse(&env, &["cisco_ios", "sh ip int br", file.to_str().unwrap()]);
    assert_success(&out);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].trim_start().starts_with("INTERFACE")
            && lines[0].contains("STATUS")
            && lines[0].contains("PROTO"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Ethernet0/2") && l.contains("administratively down")),
        "{text}"
    );
    assert!(
        stderr(&out).contains("show ip interface brief`: 7 records"),
        "{}",
        stderr(&out)
    );
    // Records with many fields print as `key  value` blocks.
    let file = fixture("cisco_ios/show_interfaces/cisco_ios_show_interfaces5.raw");
    let out = parse(&env, &["cisco_ios", "show int", file.to_str().unwrap()]);
    assert_success(&out);
    let text = stdout(&out);
    assert!(text.starts_with("interface "), "{text}");
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["crc", "21419"]),
        "{text}"
    );
}

#[test]
fn unknown_platform_or_command_exits_78_with_the_supported_list() {
    let env = Env::new();
    let out = parse_stdin(&env, &["junos", "show interfaces"], b"");
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains("cisco_ios, huawei_vrp"),
        "{}",
        stderr(&out)
    );
    let out = parse_stdin(&env, &["cisco_ios", "show running-config"], b"");
    assert_eq!(out.status.code(), Some(78));
    let err = stderr(&out);
    for name in [
        "show version",
        "show ip interface brief",
        "show environment all",
    ] {
        assert!(err.contains(name), "{err}");
    }
    let out = parse_stdin(&env, &["huawei_vrp", "show version"], b"");
    assert_eq!(out.status.code(), Some(78));
    assert!(stderr(&out).contains("display version"), "{}", stderr(&out));
    // Output that is not the command's: 78 too, saying so.
    let out = parse_stdin(&env, &["cisco_ios", "show version"], b"hello\nworld\n");
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains("nothing in it was recognised"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
    // A missing file is named.
    let out = parse(
        &env,
        &["cisco_ios", "show version", "/nonexistent/capture.txt"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("/nonexistent/capture.txt"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_device_error_in_the_capture_is_reported() {
    let env = Env::new();
    let out = parse_stdin(
        &env,
        &["cisco_ios", "show version"],
        b"switch01#show verison\n             ^\n% Invalid input detected at '^' marker.\n\nswitch01#",
    );
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains("% Invalid input detected"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn huawei_environment_commands_parse() {
    let env = Env::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/net/huawei_vrp/day1");
    for (command, file, rows) in [
        ("dis dev", "display_device", 3),
        ("display fan", "display_fan", 1),
        ("display power", "display_power", 2),
        ("display temperature all", "display_temperature_all", 1),
    ] {
        let path = dir.join(file);
        let out = parse(
            &env,
            &[
                "huawei_vrp",
                command,
                path.to_str().unwrap(),
                "--format",
                "json",
            ],
        );
        assert_success(&out);
        let v = json(&out);
        let parsed = v["parsed"].as_array().unwrap();
        assert_eq!(parsed.len(), rows, "{command}: {v:#}");
        assert!(parsed.iter().all(|r| r["slot"] == "0"), "{command}: {v:#}");
    }
    let out = parse(
        &env,
        &[
            "huawei_vrp",
            "display power",
            dir.join("display_power").to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let v = json(&out);
    assert_eq!(v["parsed"][0]["component"], "PWR1");
    assert_eq!(v["parsed"][0]["status"], "Supply");
    assert_eq!(v["parsed"][0]["reading"], "60.00");
    assert_eq!(v["parsed"][1]["online"], "Absent");
}

#[test]
fn a_serial_filling_its_column_keeps_apart_from_the_status() {
    let env = Env::new();
    let file = fixture("crafted/cisco_ios/show_environment_power_all_single_space.txt");
    let out = parse(
        &env,
        &[
            "cisco_ios",
            "show environment power all",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_success(&out);
    let v = json(&out);
    let supplies = v["parsed"]["power_supplies"].as_array().unwrap();
    let rows: Vec<[&serde_json::Value; 4]> = supplies
        .iter()
        .map(|p| [&p["ps_module"], &p["serial"], &p["status"], &p["sys_pwr"]])
        .collect();
    assert_eq!(
        serde_json::json!(rows),
        serde_json::json!([
            ["1A", "DCB11111111", "OK", "Good"],
            ["1B", "DCB11111112", "No Input Power", "Bad"],
            ["2A", null, null, null],
            ["2B", "LIT2222222A", "OK", "Good"],
        ])
    );
    assert_eq!(supplies[0]["watts"], 715);
    // The table view shows the same cells.
    let out = parse(
        &env,
        &["cisco_ios", "sh env power all", file.to_str().unwrap()],
    );
    assert_success(&out);
    let text = stdout(&out);
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("1B "))
        .unwrap_or_else(|| panic!("{text}"));
    let words: Vec<&str> = row.split_whitespace().collect();
    assert!(
        words
            .windows(4)
            .any(|w| w == ["DCB11111112", "No", "Input", "Power"]),
        "{text}"
    );

    let file = fixture("crafted/cisco_ios/show_environment_c9500_single_space.txt");
    let out = parse(
        &env,
        &[
            "cisco_ios",
            "show environment",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_success(&out);
    let sensor = &json(&out)["parsed"]["sensors"][2];
    assert_eq!(sensor["sensor"], "Temp: UADP-HotSp");
    assert_eq!(sensor["state"], "Warning");
    assert_eq!(sensor["reading"], "97 Celsius");
}

#[test]
fn a_huawei_model_of_several_words_is_whole() {
    let env = Env::new();
    let file = fixture("crafted/huawei_vrp/display_version_atn910c.txt");
    let out = parse(
        &env,
        &[
            "huawei_vrp",
            "display version",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_success(&out);
    let v = json(&out);
    assert_eq!(v["parsed"]["model"], "ATN 910C-B");
    assert_eq!(
        v["parsed"]["uptime_seconds"],
        215 * 86400 + 7 * 3600 + 42 * 60
    );
    let out = parse(&env, &["huawei_vrp", "dis ver", file.to_str().unwrap()]);
    assert_success(&out);
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["model", "ATN", "910C-B"]),
        "{text}"
    );
}

#[test]
fn a_leaked_route_gives_its_next_hop_and_vrf_apart() {
    let env = Env::new();
    let file = fixture("crafted/cisco_ios/show_ip_route_vrf_leak.txt");
    let out = parse(
        &env,
        &[
            "cisco_ios",
            "show ip route",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_success(&out);
    let v = json(&out);
    let routes = v["parsed"]["routes"].as_array().unwrap();
    assert_eq!(routes.len(), 9);
    let hop = |i: usize| {
        (
            routes[i]["network"].as_str().unwrap().to_string(),
            routes[i]["nexthop_ip"].clone(),
            routes[i]["nexthop_vrf"].clone(),
        )
    };
    assert_eq!(
        hop(0),
        ("0.0.0.0".to_string(), "10.10.254.10".into(), "AMB".into())
    );
    assert_eq!(
        hop(5),
        ("10.20.0.0".to_string(), "10.10.254.11".into(), "AMB".into())
    );
    assert_eq!(
        hop(6),
        (
            "10.30.0.0".to_string(),
            "10.1.10.254".into(),
            serde_json::Value::Null
        )
    );
    assert_eq!(
        hop(7),
        (
            "10.40.0.0".to_string(),
            "10.99.0.1".into(),
            "default".into()
        )
    );
    assert!(
        routes
            .iter()
            .all(|r| r["vrf"] == "CUST-A" && !r["nexthop_ip"].to_string().contains('(')),
        "{v:#}"
    );
    // The readable view names the next hop's VRF on its own line.
    let out = parse(&env, &["cisco_ios", "sh ip ro", file.to_str().unwrap()]);
    assert_success(&out);
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["nexthop_vrf", "AMB"]),
        "{text}"
    );
    assert!(!text.contains("(AMB)"), "{text}");
}
