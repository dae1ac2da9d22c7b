//! Issue 14.5: the fault trees ask the hardware first. A `no-power` walk on
//! a host whose BMC (OpenIPMI's ipmi_sim, over the real ipmitool and
//! lanplus) reports a failed power supply goes straight to the power fault,
//! with what the BMC said in the walk record, and never needs the dead host
//! itself to answer; `no-display` finds the memory event in the SEL; and a
//! rack UPS (NUT's upsd with dummy-ups) on battery is the power cut.

mod support;

use serde_json::Value;
use std::path::PathBuf;
use support::ipmi_sim::*;
use support::nut::{Nut, ONLINE, dev};
use support::*;

struct Walk {
    env: Env,
    inventory: PathBuf,
    config: PathBuf,
}

impl Walk {
    fn new(sim: &IpmiSim) -> Walk {
        let env = Env::new();
        env.init_records();
        // web01's address has no sshd: a walk that tried to reach it would fail.
        let inventory = env.write(
            "inventory.toml",
            &format!(
                "[[host]]\nname = \"web01\"\naddress = \"127.0.0.1\"\nport = 9\n\n\
                 [[bmc]]\nname = \"web01-bmc\"\nprotocol = \"ipmi\"\nhost = \"web01\"\n\
                 address = \"{}\"\nport = {}\nuser = \"{MONITOR}\"\npassword_env = \"BMC_PW\"\n",
                sim.address, sim.port
            ),
        );
        let config = env.write("ops.toml", "schema = 1\n");
        Walk {
            env,
            inventory,
            config,
        }
    }

    fn diagnose(&self, args: &[&str]) -> (std::process::Output, Value) {
        let out = self
            .env
            .ops()
            .env("BMC_PW", PASSWORD)
            .args(["--format", "json", "--inventory"])
            .arg(&self.inventory)
            .arg("--config")
            .arg(&self.config)
            .arg("--records")
            .arg(&self.env.records)
            .arg("diagnose")
            .args(args)
            .args(["--target", "web01"])
            .output()
            .unwrap();
        let record = json(&out);
        (out, record)
    }
}

fn step<'a>(record: &'a Value, id: &str) -> &'a Value {
    record["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == id)
        .unwrap_or_else(|| panic!("no step {id} in {record:#}"))
}

#[test]
fn a_no_power_walk_reads_the_bmc_first_and_names_the_failed_power_supply() {
    let sim = IpmiSim::start(&Bmc {
        psu_failed: true,
        power_on: false,
        ..Bmc::healthy()
    });
    let walk = Walk::new(&sim);
    let (out, record) = walk.diagnose(&["no-power", "--answer", "power-fault=starts"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bmc = step(&record, "bmc-power");
    let probe = &bmc["probe"];
    assert_eq!(probe["name"], "bmc-power");
    assert_eq!(probe["verdict"], "fail", "{probe:#}");
    let said = probe["stdout"].as_str().unwrap();
    // What the BMC said is kept: its address, the chassis power state and the supply.
    assert!(
        said.contains("web01-bmc (ipmi://monitor@127.0.0.1:"),
        "{said}"
    );
    assert!(said.contains("power Off"), "{said}");
    assert!(said.contains("PS1 Status"), "{said}");
    assert!(
        probe["reason"].as_str().unwrap().contains("PS1 Status"),
        "{probe:#}"
    );
    assert_eq!(bmc["next"], "power-fault");
    assert_eq!(record["outcome"]["status"], "resolved");
    assert_eq!(record["outcome"]["step"], "resolved-power-fault");
    // The walk never asked the outlet: the device said what it was.
    let ids: Vec<&str> = record["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["bmc-power", "power-fault", "resolved-power-fault"]);
    // No password in the record committed.
    let log = git(&walk.env.records, &["log", "-p", "--format="]);
    assert!(log.contains("PS1 Status"), "the walk record is committed");
    assert!(!log.contains(PASSWORD), "the BMC password leaked: {log}");
}

#[test]
fn a_healthy_bmc_sends_the_walk_on_to_what_only_the_engineer_can_tell() {
    let sim = IpmiSim::start(&Bmc {
        power_on: false,
        ..Bmc::healthy()
    });
    let walk = Walk::new(&sim);
    let (out, record) = walk.diagnose(&[
        "no-power",
        "--answer",
        "outlet=yes",
        "--answer",
        "cord=starts",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bmc = &step(&record, "bmc-power")["probe"];
    assert_eq!(bmc["verdict"], "ok", "{bmc:#}");
    assert!(
        bmc["reason"]
            .as_str()
            .unwrap()
            .contains("power Off, no power-supply fault"),
        "{bmc:#}"
    );
    assert_eq!(step(&record, "bmc-events")["probe"]["verdict"], "ok");
    // No UPS is linked to web01: the check says so and the walk goes on.
    let ups = &step(&record, "ups-input")["probe"];
    assert_eq!(ups["verdict"], "cannot-check");
    assert!(
        ups["reason"]
            .as_str()
            .unwrap()
            .contains("no UPS is linked to web01"),
        "{ups:#}"
    );
    assert_eq!(step(&record, "ups-input")["next"], "outlet");
    assert_eq!(record["outcome"]["step"], "resolved-cord");
}

#[test]
fn a_no_display_walk_finds_the_memory_event_in_the_sel() {
    let sim = IpmiSim::start(&Bmc {
        sel: vec![SEL_MEMORY_UE],
        ..Bmc::healthy()
    });
    let walk = Walk::new(&sim);
    let (out, record) = walk.diagnose(&["no-display", "--answer", "memory-events-act=display"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let probe = &step(&record, "bmc-memory-events")["probe"];
    assert_eq!(probe["verdict"], "fail", "{probe:#}");
    let reason = probe["reason"].as_str().unwrap();
    assert!(reason.contains("Critical [Memory]"), "{reason}");
    assert_eq!(record["outcome"]["step"], "resolved-bmc-named-part");
}

#[test]
fn a_no_power_walk_asks_the_rack_ups_and_finds_it_on_battery() {
    let on_battery = dev(
        ONLINE,
        &[("ups.status", "OB DISCHRG"), ("input.voltage", "0")],
    );
    let nut = Nut::start(&[("ups1", &on_battery)], "");
    nut.wait_for("ups1", &on_battery);
    let env = Env::new();
    env.init_records();
    // web01 has no BMC in the inventory, only the UPS of its rack.
    let inventory = env.write(
        "inventory.toml",
        &format!(
            "[[host]]\nname = \"web01\"\naddress = \"127.0.0.1\"\nport = 9\n\n\
             [[ups]]\nname = \"rack1-ups\"\naddress = \"{}\"\nport = {}\nups = \"ups1\"\nhosts = [\"web01\"]\n",
            nut.address, nut.port
        ),
    );
    let out = env
        .ops()
        .args(["--format", "json", "--inventory"])
        .arg(&inventory)
        .arg("--records")
        .arg(&env.records)
        .args(["diagnose", "no-power", "--target", "web01"])
        .args(["--answer", "restore-ups-input=starts"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let record = json(&out);
    let bmc = &step(&record, "bmc-power")["probe"];
    assert_eq!(bmc["verdict"], "cannot-check", "no BMC linked: {bmc:#}");
    let ups = &step(&record, "ups-input")["probe"];
    assert_eq!(ups["verdict"], "fail", "{ups:#}");
    let said = ups["stdout"].as_str().unwrap();
    assert!(said.contains("rack1-ups (nut://"), "{said}");
    assert!(said.contains("status OB DISCHRG"), "{said}");
    assert!(
        ups["reason"]
            .as_str()
            .unwrap()
            .contains("on battery, no mains input"),
        "{ups:#}"
    );
    assert_eq!(record["outcome"]["step"], "resolved-ups-input");
}
