//! `ops inspect host --manual` end to end: the sheet's physical items from a
//! `--manual-file` and from a terminal (expectrl), judged, recorded in the
//! host's inspection record (its `manual` section) and shown by
//! `ops report daily`.

mod support;

use expectrl::Eof;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::*;

const CONFIG: &str = "schema = 1\n[thresholds.host]\ncheck_security_updates = false\n";
const INVENTORY: &str =
    "[[host]]\nname = \"web01\"\nlocal = true\n[[host]]\nname = \"web02\"\nlocal = true\n";

fn setup() -> (Env, PathBuf, PathBuf) {
    let env = Env::new();
    env.init_records();
    let config = env.write("ops.toml", CONFIG);
    let inventory = env.write("inventory.toml", INVENTORY);
    (env, config, inventory)
}

fn ops(env: &Env, config: &Path, inventory: &Path) -> std::process::Command {
    let mut cmd = env.ops();
    cmd.arg("--config")
        .arg(config)
        .arg("--inventory")
        .arg(inventory)
        .arg("--records")
        .arg(&env.records);
    cmd
}

fn finding<'a>(findings: &'a Value, check: &str) -> &'a Value {
    findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check)
        .unwrap_or_else(|| panic!("no {check} in {findings:#}"))
}

fn committed_record(records: &Path, target: &str) -> Value {
    let files = git(records, &["ls-files", &format!("inspect/host/{target}")]);
    let newest = files.lines().max().expect("a committed record");
    serde_json::from_str(&std::fs::read_to_string(records.join(newest)).unwrap()).unwrap()
}

#[test]
fn a_red_disk_light_is_crit_and_a_hot_room_is_warn_in_the_record_and_the_daily_report() {
    let (env, config, inventory) = setup();
    let sheet = env.write(
        "sheet.toml",
        "disk_light = \"red\"\npower_light = \"green\"\nfans_ok = true\n\
         room_temperature = 29.5\nroom_humidity = 45\ncleaned = \"not-needed\"\n",
    );
    let out = ops(&env, &config, &inventory)
        .args([
            "inspect",
            "host",
            "web01",
            "--format",
            "json",
            "--manual-file",
        ])
        .arg(&sheet)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "crit exits 2: {}", stderr(&out));
    let run = json(&out);
    let findings = &run["targets"][0]["findings"];
    let disk = finding(findings, "manual.disk_light");
    assert_eq!(disk["status"], "crit", "{disk:#}");
    assert_eq!(disk["value"], "red");
    let room = finding(findings, "manual.room_temperature");
    assert_eq!(room["status"], "warn", "{room:#}");
    assert_eq!(room["message"], "room temperature 29.5 °C");
    assert_eq!(finding(findings, "manual.fans_ok")["status"], "ok");
    assert_eq!(finding(findings, "manual.cleaned")["status"], "ok");
    // Asked by the sheet, not in the file: not checked.
    assert_eq!(
        finding(findings, "manual.cables_seated")["status"],
        "unknown"
    );

    let record = committed_record(&env.records, "web01");
    assert_eq!(record["manual"]["source"], "file");
    assert_eq!(record["manual"]["answers"]["disk_light"], "red");
    assert_eq!(record["manual"]["answers"]["room_temperature"], 29.5);
    assert_eq!(
        finding(&record["findings"], "manual.disk_light")["status"],
        "crit"
    );
    assert_eq!(record["status"], "crit");

    let out = ops(&env, &config, &inventory)
        .args(["report", "daily", "--date", "2026-11-20"])
        .output()
        .unwrap();
    assert_success(&out);
    let report = std::fs::read_to_string(env.records.join("reports/daily/2026-11-20.md")).unwrap();
    assert!(
        report.contains("manual.disk_light: crit disk lights red")
            && report.contains("manual.room_temperature: warn room temperature 29.5 °C"),
        "{report}"
    );
}

#[test]
fn a_bad_manual_file_names_its_line_and_records_nothing() {
    let (env, config, inventory) = setup();
    let before = commit_count(&env.records);
    let sheet = env.write(
        "sheet.toml",
        "disk_light = \"green\"\nroom_temperature = 23.5\ndisk_lite = \"red\"\n",
    );
    let out = ops(&env, &config, &inventory)
        .args(["inspect", "host", "web01", "--manual-file"])
        .arg(&sheet)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let err = env.redact(&stderr(&out));
    assert!(
        err.contains("[TMP]/sheet.toml:3:13: unknown key `disk_lite`"),
        "{err}"
    );

    let sheet = env.write("sheet.toml", "disk_light = \"blue\"\n");
    let out = ops(&env, &config, &inventory)
        .args(["inspect", "host", "web01", "--manual-file"])
        .arg(&sheet)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sheet.toml:1:14: disk_light: \"blue\" is not a light colour"),
        "{}",
        stderr(&out)
    );
    assert_eq!(commit_count(&env.records), before, "nothing recorded");
}

#[test]
fn manual_without_a_terminal_or_for_several_hosts_is_a_usage_error() {
    let (env, config, inventory) = setup();
    let before = commit_count(&env.records);
    let out = ops(&env, &config, &inventory)
        .args(["inspect", "host", "web01", "--manual"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--manual-file FILE"),
        "{}",
        stderr(&out)
    );

    let sheet = env.write("sheet.toml", "disk_light = \"green\"\n");
    let out = ops(&env, &config, &inventory)
        .args(["inspect", "host", "web01", "web02", "--manual-file"])
        .arg(&sheet)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("name exactly one host"),
        "{}",
        stderr(&out)
    );
    assert_eq!(commit_count(&env.records), before);
}

#[test]
fn the_manual_items_are_asked_on_a_terminal() {
    let (env, _, inventory) = setup();
    // Three items only, so the test answers a short sheet.
    let config = env.write(
        "ops.toml",
        &format!("{CONFIG}[manual]\nitems = [\"disk_light\", \"fans_ok\", \"room_temperature\"]\n"),
    );
    let mut cmd = support::pty::command(&env);
    cmd.arg("--config")
        .arg(&config)
        .arg("--inventory")
        .arg(&inventory)
        .arg("--records")
        .arg(&env.records)
        .args(["inspect", "host", "web01", "--manual"]);
    let mut s = support::pty::spawn(cmd);
    let answer = |s: &mut expectrl::Session, prompt: &str, keys: &[&str]| {
        s.expect(prompt)
            .unwrap_or_else(|e| panic!("no prompt {prompt:?}: {e}"));
        std::thread::sleep(Duration::from_millis(50));
        for k in keys {
            s.send(k).unwrap();
        }
    };
    answer(&mut s, "Disk indicator lights", &["j", "j", "\r"]); // green, amber, red
    answer(&mut s, "Fans blowing and quiet?", &["\r"]); // yes
    answer(&mut s, "Machine room temperature", &["23.5", "\r"]);
    s.expect(Eof).expect("ops exits");
    let record = committed_record(&env.records, "web01");
    assert_eq!(record["manual"]["source"], "terminal", "{record:#}");
    assert_eq!(record["manual"]["answers"]["disk_light"], "red");
    assert_eq!(record["manual"]["answers"]["fans_ok"], true);
    assert_eq!(record["manual"]["answers"]["room_temperature"], 23.5);
    assert_eq!(
        finding(&record["findings"], "manual.disk_light")["status"],
        "crit"
    );
    assert_eq!(
        finding(&record["findings"], "manual.room_temperature")["status"],
        "ok"
    );
}
