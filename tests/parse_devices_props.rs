//! No device parser panics, whatever it is given: random bytes, random
//! terminal-like text, and real captures with lines cut, repeated, shuffled,
//! truncated mid-line or sprinkled with control characters. Every parser is
//! run on every input, so each also sees other commands' output.

use ops::parse::device::{
    Command, Platform, clean_output, pager_pending, parse_prompt, resolve_command,
    supported_commands, trailing_prompt, uptime_seconds,
};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;

fn commands() -> &'static [Command] {
    static ALL: OnceLock<Vec<Command>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for platform in Platform::ALL {
            for name in supported_commands(platform) {
                let command = resolve_command(platform, name).unwrap();
                if seen.insert(command) {
                    out.push(command);
                }
            }
        }
        assert_eq!(out.len(), 18);
        out
    })
}

/// Every upstream and crafted capture.
fn captures() -> &'static [String] {
    static ALL: OnceLock<Vec<String>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut out = Vec::new();
        let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/devices")];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "raw" || e == "txt") {
                    out.push(fs::read_to_string(&path).unwrap());
                }
            }
        }
        out.sort();
        assert!(out.len() >= 50, "{}", out.len());
        out
    })
}

/// Runs everything that reads device text; the only claim is that none of
/// it panics (and that parsing is deterministic).
fn parse_everything(text: &str) {
    for &command in commands() {
        let first = command.parse(text).ok();
        let again = command.parse(text).ok();
        assert_eq!(first, again);
    }
    let cleaned = clean_output(text);
    // Cleaning is idempotent.
    assert_eq!(clean_output(&cleaned), cleaned);
    for line in text.lines().take(50) {
        let _ = parse_prompt(line);
        let _ = uptime_seconds(line);
    }
    let _ = trailing_prompt(text);
    let _ = pager_pending(text);
}

fn lines_of(text: &str) -> Vec<String> {
    text.split('\n').map(str::to_string).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        parse_everything(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_terminal_text(text in "[ -~\r\n\t\x08\x1b\u{7f}é€]{0,600}") {
        parse_everything(&text);
    }

    #[test]
    fn random_lines_of_device_words(
        lines in prop::collection::vec(
            prop::sample::select(vec![
                "Gi0/1 is up, line protocol is up", "     1 input errors, 2 CRC, 3 frame",
                "CPU utilization for five seconds: 9%/1%; one minute: 8%; five minutes: 7%",
                "Processor Pool Total: 10 Used: 20 Free: 30", "Gateway of last resort is 1.1.1.1 to network 0.0.0.0",
                "S*    0.0.0.0/0 [1/0] via 1.1.1.1", "     10.0.0.0/99 is subnetted, 1 subnets",
                "O E2    10.1.1.1", "           [110/20] via 10.0.0.1, 00:00:01, Gi0/1",
                "Destination: 0.0.0.0/77", "     Protocol: Static   Process ID: 99999999999999999999999",
                "X current state : UP", "Line protocol current state : UP (spoofing)", "Input:  1 packets, 2 bytes",
                "  CRC: 99999999999999999999999,  Giants: 1", "Output:", "PortName  Status  Weight",
                "Interface   PHY   Protocol  InUti OutUti   inErrors  outErrors", "  Gi0/0/1  *down  down  0%  0%  1  2",
                "SW  PID                 Serial#     Status           Sys Pwr  PoE Pwr  Watts", "1A  x",
                "1A  a  b  c  d  e  f  g  h", " Slot  Sensor  Current State  Reading", " R0  Temp  Warning",
                "Switch 1: SYSTEM TEMPERATURE is OK", "Temperature Value: 99999999999999999999 Degree Celsius",
                "Red Threshold : -5", "System Total Memory Is: 18446744073709551615 Kbytes",
                "TaskName  CPU", "Core 1  0.4%", "VRP (R) software, Version", "HUAWEI x uptime is 999999999999 years",
                "sw1 uptime is 5 weeks", "Model Number : ", "Port      Name   Status  Vlan  Duplex Speed Type",
                "Gi1/0/1  x  connected  1  a-full  a-100", " --More-- ", "  ---- More ----\x1b[99999D",
                "\x1b[", "\x1b]", "sw#", "<HW>", "[~HW]", "", "é", "\t\t\t",
            ]),
            0..80,
        )
    ) {
        parse_everything(&lines.join("\n"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn captures_with_lines_cut_repeated_swapped_or_truncated(
        which in any::<Index>(),
        edits in prop::collection::vec((0u8..5, any::<Index>(), any::<Index>()), 0..25),
    ) {
        let capture = which.get(captures());
        let mut lines = lines_of(capture);
        for (op, a, b) in edits {
            if lines.is_empty() {
                break;
            }
            let i = a.index(lines.len());
            match op {
                0 => { lines.remove(i); }
                1 => { let copy = lines[i].clone(); lines.insert(i, copy); }
                2 => { let j = b.index(lines.len()); lines.swap(i, j); }
                3 => {
                    // Cut the line mid-way, at a character boundary.
                    let line = &lines[i];
                    let cut = line.char_indices().map(|(k, _)| k).nth(b.index(line.chars().count().max(1))).unwrap_or(line.len());
                    lines[i] = line[..cut].to_string();
                }
                _ => {
                    // Join two lines, as a lost newline would.
                    if i + 1 < lines.len() {
                        let next = lines.remove(i + 1);
                        lines[i].push_str(&next);
                    }
                }
            }
        }
        parse_everything(&lines.join("\n"));
    }

    #[test]
    fn captures_with_lines_shuffled(
        (lines, _) in any::<Index>().prop_flat_map(|which| {
            let lines = lines_of(which.get::<String>(captures()));
            (Just(lines).prop_shuffle(), Just(()))
        })
    ) {
        parse_everything(&lines.join("\n"));
    }

    #[test]
    fn captures_truncated_at_any_byte(which in any::<Index>(), at in any::<Index>()) {
        let bytes = which.get(captures()).as_bytes();
        let cut = at.index(bytes.len() + 1);
        parse_everything(&String::from_utf8_lossy(&bytes[..cut]));
    }

    #[test]
    fn captures_with_control_characters_inserted(
        which in any::<Index>(),
        inserts in prop::collection::vec((any::<Index>(), prop::sample::select(vec![
            "\x08", "\r", "\x1b[", "\x1b[42D", "\x1b[K", "\x1b]0;x", "\x00", "\t", " --More-- ", "\r\n", "\u{fffd}",
        ])), 0..30),
    ) {
        let mut text = which.get(captures()).clone();
        for (at, junk) in inserts {
            let boundaries: Vec<usize> = text.char_indices().map(|(k, _)| k).chain([text.len()]).collect();
            let k = at.get(&boundaries);
            text.insert_str(*k, junk);
        }
        parse_everything(&text);
    }
}

#[test]
fn every_capture_parses_under_some_command() {
    // A sanity check on the inputs the properties mutate: each is real
    // output that at least one parser recognises.
    for capture in captures() {
        assert!(
            commands().iter().any(|c| c.parse(capture).is_ok()),
            "{}",
            &capture[..capture.len().min(200)]
        );
    }
}

/// Pads a value to its column as a device prints it: to the width, and with
/// at least one space after it, so a value that fills its column has only
/// one space before the next.
fn pad(value: &str, width: usize) -> String {
    if value.len() + 1 >= width {
        format!("{value} ")
    } else {
        format!("{value:<width$}")
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// A power-supply row reads back cell for cell, whatever length each
    /// value has up to its column's width, a single space after a full one.
    #[test]
    fn power_rows_with_values_filling_their_column_read_back(
        module in "[1-9][AB]",
        pid in "[A-Z][A-Z0-9-]{0,18}",
        serial in "[A-Z0-9]{1,11}",
        status in prop::sample::select(vec!["OK", "No Input Power", "Bad", "Faulty"]),
        sys_pwr in prop::sample::select(vec!["Good", "Bad", "n/a"]),
        poe_pwr in prop::sample::select(vec!["Good", "Bad", "n/a"]),
        watts in 1u64..10_000,
    ) {
        let row = [
            pad(&module, 4),
            pad(&pid, 20),
            pad(&serial, 12),
            pad(status, 17),
            pad(sys_pwr, 9),
            pad(poe_pwr, 9),
            watts.to_string(),
        ]
        .concat();
        let capture = format!(
            "SW  PID                 Serial#     Status           Sys Pwr  PoE Pwr  Watts\n\
             --  ------------------  ----------  ---------------  -------  -------  -----\n\
             {row}\n"
        );
        let env = ops::parse::cisco_ios::parse_show_environment(&capture).unwrap();
        prop_assert_eq!(env.power_supplies.len(), 1, "{}", capture);
        let p = &env.power_supplies[0];
        prop_assert_eq!(
            (
                p.ps_module.as_str(),
                p.pid.as_deref(),
                p.serial.as_deref(),
                p.status.as_deref(),
                p.sys_pwr.as_deref(),
                p.poe_pwr.as_deref(),
                p.watts,
            ),
            (
                module.as_str(),
                Some(pid.as_str()),
                Some(serial.as_str()),
                Some(status),
                Some(sys_pwr),
                Some(poe_pwr),
                Some(watts),
            ),
            "{}",
            capture
        );
    }
}
