//! `ops inspect hw` against UPSes over the NUT protocol, end to end: the
//! real binary against NUT's own `upsd` serving `dummy-ups` drivers (Debian
//! nut-server), each test with its own configuration directory, loopback
//! address and port, and processes killed when it ends. A test switches a
//! UPS's state by rewriting the driver's .dev file and waits until upsd
//! serves the change before it runs `ops`.

mod support;

use serde_json::{Value, json};
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::Output;
use std::time::{Duration, Instant};
use support::nut::*;
use support::*;

/// A hermetic environment with an inventory and a config.
struct Case {
    env: Env,
    inventory: PathBuf,
    config: PathBuf,
}

impl Case {
    fn new(inventory: &str, config: &str) -> Case {
        let env = Env::new();
        env.init_records();
        let inventory = env.write("inventory.toml", inventory);
        let config = env.write("ops.toml", &format!("schema = 1\n{config}"));
        Case {
            env,
            inventory,
            config,
        }
    }

    /// `ops inspect hw ARGS --format json` with the records repository.
    fn run(&self, args: &[&str]) -> (Output, Value) {
        let out = self
            .env
            .ops()
            .env("UPS_PASSWORD", "s3cret pass\"word")
            .args(["inspect", "hw", "--format", "json", "--inventory"])
            .arg(&self.inventory)
            .arg("--config")
            .arg(&self.config)
            .arg("--records")
            .arg(&self.env.records)
            .args(args)
            .output()
            .unwrap();
        let run = json(&out);
        (out, run)
    }
}

fn target<'a>(run: &'a Value, name: &str) -> &'a Value {
    run["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == name)
        .unwrap_or_else(|| panic!("no target {name} in {run:#}"))
}

fn finding<'a>(run: &'a Value, name: &str, check: &str) -> &'a Value {
    let all: Vec<&Value> = target(run, name)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == check)
        .collect();
    assert_eq!(
        all.len(),
        1,
        "one {check} of {name}: {:#}",
        target(run, name)
    );
    all[0]
}

/// `check=status` of every finding, in order.
fn statuses(run: &Value, name: &str) -> Vec<String> {
    target(run, name)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}={}",
                f["check"].as_str().unwrap(),
                f["status"].as_str().unwrap()
            )
        })
        .collect()
}

/// The record of `name` the last run committed, under inspect/hw/<name>/.
fn record(case: &Case, name: &str) -> Value {
    let files = git(
        &case.env.records,
        &["show", "--name-only", "--format=", "HEAD"],
    );
    let prefix = format!("inspect/hw/{name}/");
    let file = files
        .lines()
        .find(|f| f.starts_with(&prefix) && f.ends_with(".json"))
        .unwrap_or_else(|| panic!("no record under {prefix} in the last commit: {files}"));
    serde_json::from_str(&std::fs::read_to_string(case.env.records.join(file)).unwrap()).unwrap()
}

const WEB01: &str = "[[host]]\nname = \"web01\"\naddress = \"127.0.0.1\"\n\n";

fn ups_entry(name: &str, nut: &Nut, ups: &str, extra: &str) -> String {
    format!(
        "[[ups]]\nname = \"{name}\"\naddress = \"{}\"\nport = {}\nups = \"{ups}\"\nhosts = [\"web01\"]\n{extra}\n",
        nut.address, nut.port
    )
}

#[test]
fn online_then_on_battery_then_low_battery() {
    let mut nut = Nut::start(&[("ups1", ONLINE)], "");
    let case = Case::new(
        &format!("{WEB01}{}", ups_entry("rack1-ups", &nut, "ups1", "")),
        "",
    );

    // Online: every check ok, the hosts it powers named, the state recorded.
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{run:#}\n{}", stderr(&out));
    assert_eq!(
        statuses(&run, "rack1-ups"),
        [
            "ups.status=ok",
            "ups.charge=ok",
            "ups.runtime=ok",
            "ups.input=ok",
            "ups.load=ok",
            "ups.selftest=ok",
            "ambient.temperature=ok",
            "ambient.humidity=ok"
        ]
    );
    let status = finding(&run, "rack1-ups", "ups.status");
    assert_eq!(status["subject"], "ups1");
    assert_eq!(
        status["message"],
        "online, charging (OL CHRG); powered: web01"
    );
    assert_eq!(
        finding(&run, "rack1-ups", "ups.selftest")["message"],
        "last self-test on 2026-11-01: Done and passed"
    );
    assert_eq!(
        target(&run, "rack1-ups")["address"],
        format!("nut://{}:{}/ups1", nut.address, nut.port)
    );
    let rec = record(&case, "rack1-ups");
    assert_eq!(rec["kind"], "hw");
    let m = &rec["metrics"];
    assert_eq!(m["protocol"], "nut");
    assert_eq!(m["ups"]["status"], "OL CHRG");
    assert_eq!(m["ups"]["online"], true);
    assert_eq!(m["ups"]["on_battery"], false);
    assert_eq!(m["ups"]["charge_pct"], 100.0);
    assert_eq!(m["ups"]["runtime_s"], 3600.0);
    assert_eq!(m["ups"]["input_voltage"], 230.5);
    assert_eq!(m["ups"]["load_pct"], 23.0);
    assert_eq!(m["readings"]["ambient.humidity"], 45.0);
    assert_eq!(m["readings"]["ambient.temperature"], 24.5);

    // The mains fail: on battery is crit, whatever the battery still holds.
    nut.set(
        "ups1",
        &dev(
            ONLINE,
            &[("ups.status", "OB DISCHRG"), ("input.voltage", "0")],
        ),
    );
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(2), "{run:#}");
    let status = finding(&run, "rack1-ups", "ups.status");
    assert_eq!(status["status"], "crit");
    assert_eq!(status["value"], "OB DISCHRG");
    assert_eq!(
        status["message"],
        "on battery, discharging (OB DISCHRG); at risk: web01"
    );
    assert_eq!(finding(&run, "rack1-ups", "ups.charge")["status"], "ok");
    assert_eq!(
        record(&case, "rack1-ups")["metrics"]["ups"]["on_battery"],
        true
    );

    // Then the battery runs low: charge and runtime crit with their values.
    nut.set(
        "ups1",
        &dev(
            ONLINE,
            &[
                ("ups.status", "OB LB"),
                ("input.voltage", "0"),
                ("battery.charge", "8"),
                ("battery.runtime", "90"),
            ],
        ),
    );
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(2), "{run:#}");
    let status = finding(&run, "rack1-ups", "ups.status");
    assert_eq!(
        (status["status"].as_str(), status["message"].as_str()),
        (
            Some("crit"),
            Some("on battery, battery low (OB LB); at risk: web01")
        )
    );
    let charge = finding(&run, "rack1-ups", "ups.charge");
    assert_eq!(charge["status"], "crit");
    assert_eq!(charge["value"], 8.0);
    assert_eq!(charge["message"], "battery charged 8 %");
    assert_eq!(charge["threshold"], "warn < 80 %, crit < 50 %");
    let runtime = finding(&run, "rack1-ups", "ups.runtime");
    assert_eq!(runtime["status"], "crit");
    assert_eq!(runtime["value"], 1.5);
    assert_eq!(runtime["message"], "1.5 min of battery runtime (90 s)");
    let input = finding(&run, "rack1-ups", "ups.input");
    assert_eq!(input["status"], "crit");
    assert_eq!(input["message"], "input 0 V, below the transfer point");
    let m = &record(&case, "rack1-ups")["metrics"]["ups"];
    assert_eq!(
        (m["low_battery"].as_bool(), m["charge_pct"].as_f64()),
        (Some(true), Some(8.0))
    );
    // Three runs, three commits of the record.
    let log = git(&case.env.records, &["log", "--format=%s", "-3"]);
    assert_eq!(
        log.lines().collect::<Vec<_>>(),
        [
            "inspect hw: 1 target, 1 crit",
            "inspect hw: 1 target, 1 crit",
            "inspect hw: 1 target, all ok"
        ]
    );
}

#[test]
fn input_voltage_humidity_and_per_entry_thresholds() {
    // ups1 has transfer points and a damp probe; ups2 gives only its
    // nominal voltage and runs a little low.
    let ups1 = dev(
        ONLINE,
        &[("input.voltage", "271.2"), ("ambient.humidity", "91")],
    );
    let ups2 = dev(ONLINE, &[("input.voltage", "201")])
        .lines()
        .filter(|l| !l.starts_with("input.transfer"))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        + "input.voltage.nominal: 230\n";
    let nut = Nut::start(&[("ups1", &ups1), ("ups2", &ups2)], "");
    // The same UPS twice: once judged by ops.toml, once with the entry's
    // own limits (a small room whose UPS should stay lightly loaded).
    let inventory = format!(
        "{WEB01}{}{}{}",
        ups_entry("ups1", &nut, "ups1", ""),
        ups_entry(
            "ups1-strict",
            &nut,
            "ups1",
            "thresholds = { ups_load_pct = { warn = 10, crit = 20 }, ambient_humidity_pct = { low = 10, high = 95 } }"
        ),
        ups_entry("ups2", &nut, "ups2", ""),
    );
    let case = Case::new(
        &inventory,
        "[thresholds.hw]\nups_charge_pct = { warn = 90, crit = 40 }\n",
    );
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(2), "{run:#}");

    let input = finding(&run, "ups1", "ups.input");
    assert_eq!(input["status"], "crit");
    assert_eq!(input["value"], 271.2);
    assert_eq!(input["message"], "input 271.2 V, above the transfer point");
    assert_eq!(
        input["threshold"],
        "crit outside 180..260 V (input.transfer.low/high)"
    );
    let humidity = finding(&run, "ups1", "ambient.humidity");
    assert_eq!(humidity["status"], "warn");
    assert_eq!(humidity["message"], "91 % relative humidity, too humid");
    assert_eq!(humidity["threshold"], "warn outside 20..80 %");
    assert_eq!(finding(&run, "ups1", "ups.load")["status"], "ok");
    // ops.toml's charge limits apply to every entry.
    assert_eq!(
        finding(&run, "ups1", "ups.charge")["threshold"],
        "warn < 90 %, crit < 40 %"
    );

    // The entry's own limits: load 23 % is crit, humidity 91 % within range.
    let load = finding(&run, "ups1-strict", "ups.load");
    assert_eq!(load["status"], "crit");
    assert_eq!(load["threshold"], "warn > 10 %, crit > 20 %");
    assert_eq!(
        finding(&run, "ups1-strict", "ambient.humidity")["status"],
        "ok"
    );
    assert_eq!(
        finding(&run, "ups1-strict", "ups.charge")["threshold"],
        "warn < 90 %, crit < 40 %"
    );

    // No transfer points: ±10 % of nominal, a warning.
    let input = finding(&run, "ups2", "ups.input");
    assert_eq!(input["status"], "warn");
    assert_eq!(
        input["message"],
        "input 201 V, -12.6 % of the nominal 230 V"
    );
    assert_eq!(target(&run, "ups2")["status"], "warn");
}

#[test]
fn what_the_ups_does_not_report_is_skipped() {
    let nut = Nut::start(&[("bare", "ups.status: OL\nbattery.charge: 97\n")], "");
    let case = Case::new(
        &format!("{WEB01}{}", ups_entry("bare", &nut, "bare", "")),
        "",
    );
    let (out, run) = case.run(&["--no-record"]);
    assert_eq!(out.status.code(), Some(0), "{run:#}");
    assert_eq!(finding(&run, "bare", "ups.charge")["status"], "ok");
    for (check, var) in [
        ("ups.runtime", "battery.runtime"),
        ("ups.load", "ups.load"),
        ("ups.selftest", "ups.test.result"),
        ("ambient.humidity", "ambient.humidity"),
    ] {
        let f = finding(&run, "bare", check);
        assert_eq!(f["status"], "skip", "{f}");
        assert_eq!(f["message"], format!("the UPS does not report {var}"));
    }
}

#[test]
fn an_unknown_ups_name_is_unknown_with_upsd_s_error() {
    let nut = Nut::start(&[("ups1", ONLINE)], "");
    let case = Case::new("", "");
    let url = format!("nut://{}:{}/ups9", nut.address, nut.port);
    let (out, run) = case.run(&[&url, "--no-record"]);
    assert_eq!(out.status.code(), Some(3), "{run:#}");
    let t = target(&run, &url);
    assert_eq!(t["status"], "unknown");
    assert_eq!(
        finding(&run, &url, "reach")["message"],
        "upsd knows no UPS named \"ups9\" (ERR UNKNOWN-UPS)"
    );
}

#[test]
fn a_ups_whose_driver_died_is_unknown_with_upsd_s_word_for_it() {
    let mut nut = Nut::start(&[("ups1", ONLINE)], "");
    let case = Case::new(
        &format!("{WEB01}{}", ups_entry("rack1-ups", &nut, "ups1", "")),
        "",
    );
    // children[0] is the driver: upsd stays up and loses its data.
    let driver = &mut nut.children[0];
    driver.kill().unwrap();
    driver.wait().unwrap();
    nut.wait_until("upsd to notice the driver is gone", || {
        nut.get("ups1", "ups.status").is_none()
    });
    let (out, run) = case.run(&[]);
    assert_eq!(out.status.code(), Some(3), "{run:#}");
    let message = finding(&run, "rack1-ups", "reach")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message == "upsd's driver for \"ups1\" is not running (ERR DRIVER-NOT-CONNECTED)"
            || message.ends_with("(ERR DATA-STALE)"),
        "{message}"
    );
}

#[test]
fn a_login_sends_the_password_and_keeps_it_out_of_everything() {
    let users = "[monuser]\n  password = \"s3cret pass\\\"word\"\n  upsmon secondary\n";
    let nut = Nut::start(&[("ups1", ONLINE)], users);
    let case = Case::new(
        &format!(
            "{WEB01}{}",
            ups_entry(
                "rack1-ups",
                &nut,
                "ups1",
                "user = \"monuser\"\npassword_env = \"UPS_PASSWORD\""
            )
        ),
        "",
    );
    let (out, run) = case.run(&["-v"]);
    assert_eq!(out.status.code(), Some(0), "{run:#}\n{}", stderr(&out));
    let everything = format!(
        "{}{}{}",
        stdout(&out),
        stderr(&out),
        git(&case.env.records, &["log", "-p", "--all"])
    );
    assert!(!everything.contains("s3cret"), "{everything}");
    // Without a user to log in as, a password is refused, not ignored.
    let case = Case::new(
        &format!(
            "{WEB01}{}",
            ups_entry("rack1-ups", &nut, "ups1", "password_env = \"UPS_PASSWORD\"")
        ),
        "",
    );
    let (out, run) = case.run(&["--no-record"]);
    assert_eq!(out.status.code(), Some(3), "{run:#}");
    assert!(
        finding(&run, "rack1-ups", "reach")["message"]
            .as_str()
            .unwrap()
            .contains("no user to log in as"),
        "{run:#}"
    );
}

#[test]
fn hostile_and_absent_servers_end_within_the_deadline() {
    // Accepts connections (the kernel does) and never says a word.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    // Answers like a web server.
    let web = serve(|mut s| {
        let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    });
    // Begins a list and never ends it, as fast as it can.
    let endless = serve(|mut s| {
        let _ = s.write_all(b"BEGIN LIST VAR ups1\n");
        let line = b"VAR ups1 battery.charge \"100\"\n".repeat(100);
        while s.write_all(&line).is_ok() {}
    });
    // One endless line.
    let flood = serve(|mut s| {
        let chunk = [b'x'; 4096];
        while s.write_all(&chunk).is_ok() {}
    });
    // Begins a list and stalls.
    let stall = serve(|mut s| {
        let _ = s.write_all(b"BEGIN LIST VAR ups1\nVAR ups1 ups.status \"OL\"\n");
        std::thread::sleep(Duration::from_secs(30));
    });
    // Nothing listens here.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = |port: u16| format!("nut://127.0.0.1:{port}/ups1");
    let port = |l: &TcpListener| l.local_addr().unwrap().port();
    let urls = [
        url(port(&silent)),
        url(web),
        url(endless),
        url(flood),
        url(stall),
        url(closed),
    ];
    let case = Case::new("", "");
    let mut args: Vec<&str> = urls.iter().map(String::as_str).collect();
    args.extend([
        "--timeout",
        "2s",
        "--connect-timeout",
        "1s",
        "--max-output",
        "256KiB",
    ]);
    args.push("--no-record");
    let started = Instant::now();
    let (out, run) = case.run(&args);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(2), "{run:#}");
    assert!(took < Duration::from_secs(6), "took {took:?}");
    let reach = |u: &str| {
        let f = finding(&run, u, "reach");
        (
            f["status"].as_str().unwrap().to_string(),
            f["message"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        reach(&urls[0]),
        ("unknown".into(), "did not finish within 2 s".into())
    );
    assert_eq!(
        reach(&urls[1]),
        (
            "unknown".into(),
            "upsd sent not an answer to LIST VAR: \"HTTP/1.1 400 Bad Request\"".into()
        )
    );
    assert_eq!(
        reach(&urls[2]),
        ("unknown".into(), "output exceeded 256 KiB".into())
    );
    assert_eq!(
        reach(&urls[3]),
        (
            "unknown".into(),
            "upsd sent a line longer than 8 KiB: not the NUT protocol".into()
        )
    );
    assert_eq!(
        reach(&urls[4]),
        ("unknown".into(), "did not finish within 2 s".into())
    );
    let (status, message) = reach(&urls[5]);
    assert_eq!(status, "crit");
    assert!(
        message.starts_with("not answering: cannot connect to 127.0.0.1:"),
        "{message}"
    );
}

/// A server on a free loopback port that hands each connection to `answer`
/// on its own thread (they end with the test process).
fn serve(answer: fn(TcpStream)) -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            std::thread::spawn(move || answer(s));
        }
    });
    port
}

/// `--ticket` links the run to a ticket as the other inspections do,
/// `--shard` splits the UPSes and `--format prom` gives metrics promtool
/// accepts.
#[test]
fn ticket_links_shards_and_prometheus_metrics() {
    let nut = Nut::start(&[("ups1", ONLINE), ("ups2", ONLINE)], "");
    let inventory = format!(
        "{WEB01}{}{}",
        ups_entry("rack1-ups", &nut, "ups1", ""),
        ups_entry("rack2-ups", &nut, "ups2", "")
    );
    let case = Case::new(&inventory, "");
    let out = case
        .env
        .ops()
        .args(["--records"])
        .arg(&case.env.records)
        .args([
            "ticket",
            "new",
            "--customer",
            "ACME",
            "--site",
            "DC1",
            "--contact",
            "Zhang Wei",
            "--phone",
            "+86 21 5555 0100",
            "--channel",
            "hotline",
            "--severity",
            "III",
            "--category",
            "defect-technical",
            "--problem",
            "UPS alarm",
            "--engineer",
            "Li Na",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ticket = stdout(&out).trim().to_string();
    let (out, run) = case.run(&["--ticket", &ticket]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(run["targets"].as_array().unwrap().len(), 2);
    let changed = git(
        &case.env.records,
        &["show", "--name-only", "--format=", "HEAD"],
    );
    assert!(changed.contains(&format!("{ticket}.toml")), "{changed}");
    assert_eq!(record(&case, "rack1-ups")["ticket"], ticket.as_str());
    assert_eq!(
        record(&case, "rack1-ups")["metrics"]["hosts"],
        json!(["web01"])
    );

    // The daily report puts each UPS beside the hosts it powers.
    let out = case
        .env
        .ops()
        .args(["--records"])
        .arg(&case.env.records)
        .args(["report", "daily", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let daily = json(&out);
    let row = daily["daily"]["inspections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["target"] == "rack1-ups")
        .unwrap_or_else(|| panic!("no rack1-ups row: {daily:#}"))
        .clone();
    assert_eq!(
        (row["kind"].as_str(), row["serves"].clone()),
        (Some("hw"), json!(["web01"]))
    );
    let day = daily["period"].as_str().unwrap().to_string();
    let md =
        std::fs::read_to_string(case.env.records.join(format!("reports/daily/{day}.md"))).unwrap();
    assert!(md.contains("| rack1-ups (of web01) | hw |"), "{md}");

    // Two shards hold each UPS once.
    let mut seen = Vec::new();
    for shard in ["1/2", "2/2"] {
        let (_, run) = case.run(&["--shard", shard]);
        for t in run["targets"].as_array().unwrap() {
            seen.push(t["target"].as_str().unwrap().to_string());
        }
    }
    seen.sort();
    assert_eq!(seen, ["rack1-ups", "rack2-ups"]);

    let out = case
        .env
        .ops()
        .args(["inspect", "hw", "--format", "prom", "--inventory"])
        .arg(&case.inventory)
        .arg("--config")
        .arg(&case.config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("kind=\"hw\""), "{text}");
    let mut check = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("promtool is missing: install prometheus (.ci/run does)");
    check
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let done = check.wait_with_output().unwrap();
    assert!(
        done.status.success(),
        "promtool: {}{}",
        String::from_utf8_lossy(&done.stdout),
        String::from_utf8_lossy(&done.stderr)
    );
}
