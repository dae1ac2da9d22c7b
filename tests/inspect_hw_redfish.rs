//! `ops inspect hw` over Redfish end to end: the real binary against real
//! HTTPS on loopback — this test's own BMC (rustls, serving the DMTF-schema
//! resources of tests/fixtures/hw/redfish/bmc in both the Thermal/Power
//! and the ThermalSubsystem/PowerSubsystem/Sensors models), hostile BMCs,
//! and sushy-tools' emulator with its fake driver.

#[path = "support/redfish_bmc.rs"]
mod redfish_bmc;
mod support;

use redfish_bmc::{Behaviour, Bmc, make_ca_signed, make_cert};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use support::*;

const PASSWORD_ENV: &str = "BMC_PW";

/// A loopback address of this test's own (127.77.N.1).
fn ip(n: u8) -> String {
    format!("127.77.{n}.1")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hw/redfish/bmc")
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

struct Case {
    env: Env,
    inventory: PathBuf,
    config: PathBuf,
    /// Runs so far: each run is a minute after the one before, so that the
    /// next finds the previous record as the latest.
    runs: std::cell::Cell<u32>,
}

impl Case {
    fn new(inventory: &str) -> Case {
        let env = Env::new();
        env.init_records();
        let inventory = env.write("inventory.toml", inventory);
        let config = env.write("ops.toml", "schema = 1\n");
        Case {
            env,
            inventory,
            config,
            runs: std::cell::Cell::new(0),
        }
    }

    fn known_certs(&self) -> PathBuf {
        self.env.home.join(".config/ops/known_certs")
    }

    /// `ops inspect hw ARGS --format json`, the BMC's password in the environment.
    fn run(&self, password: &str, args: &[&str]) -> (Output, Value) {
        let n = self.runs.get();
        self.runs.set(n + 1);
        let out = self
            .env
            .ops()
            .env("OPS_NOW", format!("2026-11-20T09:{n:02}:00Z"))
            .env(PASSWORD_ENV, password)
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

fn bmc_entry(name: &str, bmc: &Bmc, extra: &str) -> String {
    format!(
        "[[bmc]]\nname = \"{name}\"\nprotocol = \"redfish\"\naddress = \"{}\"\nport = {}\nuser = \"{}\"\npassword_env = \"{PASSWORD_ENV}\"\n{extra}\n",
        bmc.addr.ip(),
        bmc.addr.port(),
        bmc.user
    )
}

fn target<'a>(run: &'a Value, name: &str) -> &'a Value {
    run["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == name)
        .unwrap_or_else(|| panic!("no target {name} in {run:#}"))
}

fn findings<'a>(run: &'a Value, name: &str, check: &str) -> Vec<&'a Value> {
    target(run, name)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == check)
        .collect()
}

/// Every finding as `check[subject]=status`, sorted.
fn statuses(run: &Value, name: &str) -> Vec<String> {
    let mut v: Vec<String> = target(run, name)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| match f["subject"].as_str() {
            Some(s) => format!(
                "{}[{s}]={}",
                f["check"].as_str().unwrap(),
                f["status"].as_str().unwrap()
            ),
            None => format!(
                "{}={}",
                f["check"].as_str().unwrap(),
                f["status"].as_str().unwrap()
            ),
        })
        .collect();
    v.sort();
    v
}

/// The record the last run committed for `name` (the JSON view has no metrics).
fn committed(case: &Case, name: &str) -> Value {
    let files = git(
        &case.env.records,
        &["show", "--name-only", "--format=", "HEAD"],
    );
    let file = files
        .lines()
        .find(|f| f.starts_with(&format!("inspect/hw/{name}/")))
        .unwrap_or_else(|| panic!("no record of {name} in {files}"));
    serde_json::from_str(&std::fs::read_to_string(case.env.records.join(file)).unwrap()).unwrap()
}

/// The one finding of a target that failed: its message.
fn failure(run: &Value, name: &str) -> String {
    let t = target(run, name);
    let all: Vec<String> = t["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["status"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    format!("{} {}", t["error"].as_str().unwrap_or(""), all.join("; "))
}

#[test]
fn a_bmc_in_both_models_reports_each_fault_and_only_new_log_entries_the_next_time() {
    let case = Case::new("");
    let root = case.env.dir.path().join("bmc");
    copy_dir(&fixtures(), &root);
    let cert = make_cert(case.env.dir.path(), "bmc", &ip(1));
    let bmc = Bmc::start(&ip(1), &cert, Behaviour::Serve(root.clone()));
    std::fs::write(
        &case.inventory,
        format!(
            "[[host]]\nname = \"web01\"\naddress = \"127.0.0.1\"\n\n{}",
            bmc_entry(
                "web01-bmc",
                &bmc,
                &format!("host = \"web01\"\nfingerprint = \"{}\"", cert.fingerprint)
            )
        ),
    )
    .unwrap();

    let (out, run) = case.run(&bmc.password, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        statuses(&run, "web01-bmc"),
        [
            "cpu=ok",
            "fan[Fan A]=ok",
            "fan[Fan B]=warn",
            "fan[Fan1]=ok",
            "fan[Fan2]=crit",
            "health[web01]=crit",
            "memory=ok",
            "power.redundancy[PSU Redundancy]=crit",
            "power.redundancy[Redundancy 0]=ok",
            "power.state[web01]=ok",
            "power.supply[PS-A]=ok",
            "power.supply[PS-B]=skip",
            "power.supply[PSU1]=ok",
            "power.supply[PSU2]=crit",
            "sel[Drive Slot/Bay]=crit",
            "sel[Power Supply]=crit",
            "storage.controller[PERC H740P]=ok",
            "storage.drive[Disk 1]=crit",
            "storage.volume[data (RAID5)]=ok",
            "storage.volume[root (RAID1)]=crit",
            "temperature[CPU1 Temp]=ok",
            "temperature[Inlet 2]=warn",
            "temperature[Inlet Temp]=ok",
            "voltage[12V]=ok",
            "voltage[VR 1.8V]=ok",
        ],
        "{run:#}"
    );
    let f = |check: &str, subject: &str| {
        findings(&run, "web01-bmc", check)
            .into_iter()
            .find(|f| f["subject"] == subject)
            .unwrap()
            .clone()
    };
    assert_eq!(
        f("fan", "Fan2")["message"],
        "stopped (0RPM); health Critical"
    );
    assert_eq!(
        f("power.supply", "PSU2")["message"],
        "failed (health Critical), input 0 V"
    );
    assert_eq!(f("storage.volume", "root (RAID1)")["message"], "Degraded");
    assert_eq!(f("fan", "Fan B")["message"], "900RPM, at or below 1000RPM");
    assert_eq!(f("power.supply", "PS-A")["value"], 231.0);
    assert!(
        f("sel", "Power Supply")["message"]
            .as_str()
            .unwrap()
            .contains("2026-11-19 07:00:00Z Critical: Power supply PSU2 lost input"),
        "{run:#}"
    );
    // One TLS session for every GET of the BMC.
    assert_eq!(bmc.connections.load(Ordering::SeqCst), 1);
    assert!(bmc.requests.load(Ordering::SeqCst) > 30);
    let rec = committed(&case, "web01-bmc");
    let metrics = &rec["metrics"];
    assert_eq!(metrics["protocol"], "redfish");
    assert_eq!(metrics["power_state"], "On");
    assert_eq!(metrics["health"], "Critical");
    assert_eq!(metrics["readings"]["Fan1"], 5400.0);
    assert_eq!(metrics["readings"]["Inlet 2"], 36.0);
    assert_eq!(metrics["readings"]["12V"], 12.1);
    assert_eq!(metrics["sel"]["last_id"], "3");
    let recent: Vec<&str> = metrics["sel_recent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(recent, ["M1", "1", "2", "3"]);
    assert_eq!(metrics["sel_recent"][2]["sensor_type"], "Power Supply");
    assert!(!stdout(&out).contains(&bmc.password));

    // The record: one file under inspect/hw/web01-bmc/, with the metrics.
    let files = git(
        &case.env.records,
        &["show", "--name-only", "--format=", "HEAD"],
    );
    let files: Vec<&str> = files.lines().collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].starts_with("inspect/hw/web01-bmc/"), "{files:?}");
    let text = std::fs::read_to_string(case.env.records.join(files[0])).unwrap();
    assert!(!text.contains(&bmc.password));
    let record: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(record["kind"], "hw");
    assert_eq!(record["metrics"]["sel"]["last_id"], "3");
    assert_eq!(record["metrics"]["power_state"], "On");

    // A new entry is logged: the next run reports it alone.
    let entries = root.join("redfish/v1/Systems/1/LogServices/SEL/Entries/index.json");
    let mut log: Value = serde_json::from_str(&std::fs::read_to_string(&entries).unwrap()).unwrap();
    let mut new = log["Members"][2].clone();
    new["@odata.id"] = "/redfish/v1/Systems/1/LogServices/SEL/Entries/4".into();
    new["Id"] = "4".into();
    new["Created"] = "2026-11-20T08:30:00Z".into();
    new["Severity"] = "Warning".into();
    new["Message"] = "Fan Fan2 below lower critical".into();
    new["SensorType"] = "Fan".into();
    log["Members"].as_array_mut().unwrap().push(new);
    std::fs::write(&entries, serde_json::to_string(&log).unwrap()).unwrap();
    let (out, run) = case.run(&bmc.password, &[]);
    assert_eq!(out.status.code(), Some(2));
    let sel = findings(&run, "web01-bmc", "sel");
    assert_eq!(sel.len(), 1, "{sel:#?}");
    assert_eq!(sel[0]["status"], "warn");
    assert_eq!(sel[0]["subject"], "Fan");
    assert_eq!(
        committed(&case, "web01-bmc")["metrics"]["sel"]["last_id"],
        "4"
    );

    // And a third, with nothing new.
    let (_, run) = case.run(&bmc.password, &[]);
    let sel = findings(&run, "web01-bmc", "sel");
    assert_eq!(sel.len(), 1);
    assert_eq!(sel[0]["status"], "ok");
    assert_eq!(sel[0]["message"], "no new log entries");
}

#[test]
fn a_wrong_password_and_no_password_are_unknown_with_the_reason() {
    let case = Case::new("");
    let cert = make_cert(case.env.dir.path(), "bmc", &ip(2));
    let bmc = Bmc::start(&ip(2), &cert, Behaviour::Serve(fixtures()));
    std::fs::write(
        &case.inventory,
        bmc_entry(
            "b",
            &bmc,
            &format!("fingerprint = \"{}\"", cert.fingerprint),
        ),
    )
    .unwrap();
    let (out, run) = case.run("wrong", &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        failure(&run, "b").contains("BMC refused the login for ops"),
        "{run:#}"
    );
    assert!(!stdout(&out).contains("wrong\""));
    let (out, run) = case.run("", &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        failure(&run, "b").contains("no password for ops@"),
        "{run:#}"
    );
    assert!(failure(&run, "b").contains(PASSWORD_ENV), "{run:#}");
}

#[test]
fn a_bmc_that_hangs_after_the_handshake_ends_within_the_timeout() {
    let case = Case::new("");
    let cert = make_cert(case.env.dir.path(), "bmc", &ip(3));
    let bmc = Bmc::start(&ip(3), &cert, Behaviour::Hang);
    std::fs::write(
        &case.inventory,
        bmc_entry(
            "hang",
            &bmc,
            &format!("fingerprint = \"{}\"", cert.fingerprint),
        ),
    )
    .unwrap();
    let started = Instant::now();
    let (out, run) = case.run(&bmc.password, &["--timeout", "2s"]);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(3), "{run:#}");
    assert!(took < Duration::from_secs(6), "took {took:?}");
    assert!(failure(&run, "hang").contains("/redfish/v1"), "{run:#}");
}

#[test]
fn a_bmc_that_sends_garbage_is_unknown_naming_the_resource() {
    let case = Case::new("");
    let cert = make_cert(case.env.dir.path(), "bmc", &ip(4));
    let bmc = Bmc::start(&ip(4), &cert, Behaviour::Garbage);
    std::fs::write(
        &case.inventory,
        bmc_entry(
            "junk",
            &bmc,
            &format!("fingerprint = \"{}\"", cert.fingerprint),
        ),
    )
    .unwrap();
    let (out, run) = case.run(&bmc.password, &[]);
    assert_eq!(out.status.code(), Some(3), "{run:#}");
    let why = failure(&run, "junk");
    assert!(
        why.contains("GET /redfish/v1: the BMC's answer is not JSON"),
        "{why}"
    );
}

#[test]
fn certificates_are_pinned_only_when_asked_and_a_changed_one_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let case = Case::new("");
    let first = make_cert(case.env.dir.path(), "first", &ip(5));
    let second = make_cert(case.env.dir.path(), "second", &ip(5));
    let bmc = Bmc::start(&ip(5), &first, Behaviour::Serve(fixtures()));
    std::fs::write(&case.inventory, bmc_entry("b5", &bmc, "")).unwrap();
    let key = format!("{}", bmc.addr);

    // Not yet pinned: refused, the fingerprint shown and the way to pin it.
    let (out, run) = case.run(&bmc.password, &[]);
    assert_eq!(out.status.code(), Some(3), "{run:#}");
    let why = failure(&run, "b5");
    assert!(why.contains(&first.fingerprint), "{why}");
    assert!(why.contains("--accept-new-certs"), "{why}");
    assert!(why.contains("fingerprint = "), "{why}");
    assert!(!case.known_certs().exists());
    assert_eq!(
        bmc.requests.load(Ordering::SeqCst),
        0,
        "no GET before the certificate is trusted"
    );

    // With --accept-new-certs: pinned in a private file, and inspected.
    let (out, run) = case.run(&bmc.password, &["--accept-new-certs"]);
    assert_eq!(out.status.code(), Some(2), "{run:#}");
    let text = std::fs::read_to_string(case.known_certs()).unwrap();
    assert_eq!(text, format!("{key} {}\n", first.fingerprint));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&case.known_certs()), 0o600);
    assert_eq!(mode(case.known_certs().parent().unwrap()), 0o700);
    assert_eq!(findings(&run, "b5", "certificate")[0]["status"], "ok");

    // Pinned: trusted without the flag.
    let (out, _) = case.run(&bmc.password, &[]);
    assert_eq!(out.status.code(), Some(2));

    // The certificate changes: refused even with the flag, both shown, the line named.
    bmc.change_cert(&second);
    let (out, run) = case.run(&bmc.password, &["--accept-new-certs"]);
    assert_eq!(out.status.code(), Some(3), "{run:#}");
    let why = failure(&run, "b5");
    assert!(why.contains("CHANGED"), "{why}");
    assert!(
        why.contains(&first.fingerprint) && why.contains(&second.fingerprint),
        "{why}"
    );
    assert!(why.contains("known_certs:1"), "{why}");
    assert_eq!(std::fs::read_to_string(case.known_certs()).unwrap(), text);
}

#[test]
fn a_certificate_signed_by_the_entrys_ca_is_trusted_and_another_refused() {
    let case = Case::new("");
    let (ca, cert) = make_ca_signed(case.env.dir.path(), "signed", &ip(8));
    let (other_ca, _) = make_ca_signed(case.env.dir.path(), "other", &ip(8));
    let bmc = Bmc::start(&ip(8), &cert, Behaviour::Serve(fixtures()));
    let entry = |ca: &Path| bmc_entry("b8", &bmc, &format!("ca = {:?}", ca.to_str().unwrap()));
    std::fs::write(&case.inventory, entry(&ca)).unwrap();
    let (out, run) = case.run(&bmc.password, &[]);
    assert_eq!(out.status.code(), Some(2), "{run:#}");
    assert!(target(&run, "b8")["error"].is_null(), "{run:#}");
    assert!(
        !case.known_certs().exists(),
        "a verified certificate is not pinned"
    );
    std::fs::write(&case.inventory, entry(&other_ca)).unwrap();
    let (out, run) = case.run(&bmc.password, &["--accept-new-certs"]);
    assert_eq!(out.status.code(), Some(3), "{run:#}");
    let why = failure(&run, "b8");
    assert!(why.contains("does not verify against"), "{why}");
    assert!(why.contains(&cert.fingerprint), "{why}");
}

#[test]
fn a_bmc_that_sends_more_than_max_output_is_cut_off() {
    let case = Case::new("");
    let cert = make_cert(case.env.dir.path(), "bmc", &ip(9));
    let bmc = Bmc::start(&ip(9), &cert, Behaviour::Serve(fixtures()));
    std::fs::write(
        &case.inventory,
        bmc_entry(
            "big",
            &bmc,
            &format!("fingerprint = \"{}\"", cert.fingerprint),
        ),
    )
    .unwrap();
    let (out, run) = case.run(&bmc.password, &["--max-output", "4096"]);
    assert_eq!(out.status.code(), Some(3), "{run:#}");
    let why = failure(&run, "big");
    assert!(
        why.contains("the BMC sent more than 4096 bytes in all"),
        "{why}"
    );
}

#[test]
fn a_bmc_whose_links_go_round_in_circles_or_never_end_is_bounded() {
    let case = Case::new("");
    let root = case.env.dir.path().join("loops");
    let put = |path: &str, body: Value| {
        let dir = root.join(path.trim_start_matches('/'));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.json"), body.to_string()).unwrap();
    };
    put(
        "/redfish/v1",
        serde_json::json!({"Systems": {"@odata.id": "/redfish/v1/Systems"}, "Chassis": {"@odata.id": "/redfish/v1/Chassis"}}),
    );
    // A chassis collection whose next page is itself.
    put(
        "/redfish/v1/Chassis",
        serde_json::json!({"Members": [{"@odata.id": "/redfish/v1/Chassis"}],
            "Members@odata.nextLink": "/redfish/v1/Chassis"}),
    );
    // 300 systems, each linking back to the collection.
    let members: Vec<Value> = (0..300)
        .map(|i| serde_json::json!({"@odata.id": format!("/redfish/v1/Systems/{i}")}))
        .collect();
    put(
        "/redfish/v1/Systems",
        serde_json::json!({"Members": members}),
    );
    for i in 0..300 {
        put(
            &format!("/redfish/v1/Systems/{i}"),
            serde_json::json!({"Name": format!("s{i}"), "PowerState": "On",
                "Memory": {"@odata.id": "/redfish/v1/Systems"}}),
        );
    }
    let cert = make_cert(case.env.dir.path(), "bmc", &ip(10));
    let bmc = Bmc::start(&ip(10), &cert, Behaviour::Serve(root));
    std::fs::write(
        &case.inventory,
        bmc_entry(
            "loops",
            &bmc,
            &format!("fingerprint = \"{}\"", cert.fingerprint),
        ),
    )
    .unwrap();
    let (out, run) = case.run(&bmc.password, &[]);
    assert_eq!(out.status.code(), Some(3), "{run:#}");
    let stopped = findings(&run, "loops", "redfish");
    assert_eq!(stopped.len(), 1, "{stopped:#?}");
    assert!(
        stopped[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("more than 200 resources"),
        "{stopped:#?}"
    );
    assert_eq!(bmc.requests.load(Ordering::SeqCst), 200);
    // What was read before the stop is still reported.
    assert!(findings(&run, "loops", "power.state").len() > 100);
}

#[test]
fn a_bmc_that_does_not_answer_is_crit() {
    let case = Case::new("");
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind((ip(6).as_str(), 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    std::fs::write(
        &case.inventory,
        format!(
            "[[bmc]]\nname = \"gone\"\nprotocol = \"redfish\"\naddress = \"{}\"\nport = {port}\nuser = \"ops\"\npassword_env = \"{PASSWORD_ENV}\"\n",
            ip(6)
        ),
    )
    .unwrap();
    let (out, run) = case.run("x", &[]);
    assert_eq!(out.status.code(), Some(2), "{run:#}");
    assert_eq!(statuses(&run, "gone"), ["reach=crit"]);
}

/// sushy-emulator (PyPI sushy-tools), its fake driver, over HTTPS with
/// HTTP Basic authentication from an htpasswd file.
struct Sushy {
    child: Child,
    port: u16,
}

impl Drop for Sushy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The fake driver's system.
const SUSHY_UUID: &str = "27946b59-9e44-4fa7-8e91-f3527a1ef094";

const VENV: &str = "/opt/ops-test-venv/bin";

fn start_sushy(dir: &Path, address: &str, cert: &redfish_bmc::Cert, password: &str) -> Sushy {
    let emulator = Path::new(VENV).join("sushy-emulator");
    assert!(
        emulator.exists(),
        "{} is missing: install the PyPI package sushy-tools in /opt/ops-test-venv (.ci/run does)",
        emulator.display()
    );
    let hash = Command::new(Path::new(VENV).join("python3"))
        .args(["-c", "import bcrypt,sys; print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(4)).decode())", password])
        .output()
        .unwrap();
    assert!(
        hash.status.success(),
        "bcrypt (a sushy-tools dependency): {}",
        stderr(&hash)
    );
    let htpasswd = dir.join("htpasswd");
    std::fs::write(&htpasswd, format!("ops:{}", stdout(&hash).trim())).unwrap();
    let state = dir.join("sushy-state");
    std::fs::create_dir_all(&state).unwrap();
    let port = std::net::TcpListener::bind((address, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = dir.join("sushy.conf");
    std::fs::write(
        &config,
        format!(
            "SUSHY_EMULATOR_AUTH_FILE = {:?}\nSUSHY_EMULATOR_STATE_DIR = {:?}\n\
             SUSHY_EMULATOR_FAKE_SYSTEMS = [{{'uuid': '{SUSHY_UUID}', 'name': 'fake', \
             'power_state': 'On', 'external_notifier': False, 'nics': [{{'mac': '00:5c:52:31:3a:9c', 'ip': '127.0.0.1'}}]}}]\n\
             SUSHY_EMULATOR_STORAGE = {{'{SUSHY_UUID}': [{{'Id': '1', 'Name': 'Local Storage Controller', \
             'StorageControllers': [{{'MemberId': '0', 'Name': 'Contoso Integrated RAID', 'SpeedGbps': 12}}], \
             'Drives': ['32ADF365C6C1B7BD']}}]}}\n\
             SUSHY_EMULATOR_DRIVES = {{('{SUSHY_UUID}', '1'): [{{'Id': '32ADF365C6C1B7BD', 'Name': 'Drive Sample', \
             'CapacityBytes': 899527000000, 'Protocol': 'SAS'}}]}}\n\
             SUSHY_EMULATOR_VOLUMES = {{('{SUSHY_UUID}', '1'): [{{'libvirtPoolName': 'sushyPool', 'libvirtVolName': 'testVol', \
             'Id': '1', 'Name': 'Sample Volume 1', 'VolumeType': 'Mirrored', 'CapacityBytes': 23748}}]}}\n",
            htpasswd.to_str().unwrap(),
            state.to_str().unwrap()
        ),
    )
    .unwrap();
    let child = Command::new(&emulator)
        .arg("--fake")
        .arg("--config")
        .arg(&config)
        .args(["-i", address, "-p", &port.to_string()])
        .arg("--ssl-certificate")
        .arg(&cert.cert)
        .arg("--ssl-key")
        .arg(&cert.key)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("sushy.log")).unwrap())
        .spawn()
        .unwrap();
    let sushy = Sushy { child, port };
    let until = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect((address, port)).is_err() {
        assert!(
            Instant::now() < until,
            "sushy-emulator did not listen: {}",
            std::fs::read_to_string(dir.join("sushy.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    sushy
}

#[test]
fn sushy_emulator_fake_driver_power_state_and_health_with_a_pinned_certificate() {
    let case = Case::new("");
    let address = ip(7);
    let cert = make_cert(case.env.dir.path(), "sushy", &address);
    let password = "sushy-pw-1";
    let sushy = start_sushy(case.env.dir.path(), &address, &cert, password);
    std::fs::write(
        &case.inventory,
        format!(
            "[[bmc]]\nname = \"fake-bmc\"\nprotocol = \"redfish\"\naddress = \"{address}\"\nport = {}\nuser = \"ops\"\n\
             password_env = \"{PASSWORD_ENV}\"\nfingerprint = \"{}\"\n",
            sushy.port, cert.fingerprint
        ),
    )
    .unwrap();
    let (out, run) = case.run(password, &["--timeout", "60s"]);
    let t = target(&run, "fake-bmc");
    assert!(t["error"].is_null(), "{run:#}\n{}", stderr(&out));
    // The fake driver's system: 'fake', powered On as configured, health OK.
    let power = findings(&run, "fake-bmc", "power.state");
    assert_eq!(power[0]["subject"], "fake", "{run:#}");
    assert_eq!(power[0]["value"], "On");
    assert_eq!(power[0]["status"], "ok");
    assert_eq!(findings(&run, "fake-bmc", "health")[0]["value"], "OK");
    // Its chassis's Thermal resource: two fans and two temperatures, all
    // within the emulator's thresholds; its storage as configured; the links
    // it does not serve (Memory, and Volumes, which need libvirt) are skips.
    let st = statuses(&run, "fake-bmc");
    for expected in [
        "fan[BaseBoard System Fan]=ok",
        "temperature[CPU Temp]=ok",
        "temperature[Chassis Intake Temp]=ok",
        "storage.controller[Contoso Integrated RAID]=ok",
        "storage.drive=ok",
    ] {
        assert!(st.contains(&expected.to_string()), "{st:?}");
    }
    assert_eq!(out.status.code(), Some(0), "{st:?}");
    let rec = committed(&case, "fake-bmc");
    assert_eq!(rec["metrics"]["protocol"], "redfish");
    assert_eq!(rec["metrics"]["power_state"], "On");
    assert_eq!(rec["metrics"]["health"], "OK");

    // A wrong password: the emulator refuses it.
    let (out, run) = case.run("not-it", &["--timeout", "60s"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        failure(&run, "fake-bmc").contains("BMC refused the login for ops"),
        "{run:#}"
    );
}
