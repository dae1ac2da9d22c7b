//! OpenIPMI's `ipmi_sim` as a BMC on a loopback UDP port, with the sensors
//! and SEL entries a test sets, and the real `ipmitool` to talk to it.

use super::stderr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hw/ipmi");
/// The BMC's administrator (the test's own ipmitool: adding SEL entries).
pub const USER: &str = "ops";
/// The read-only account `ops inspect hw` logs in as.
pub const MONITOR: &str = "monitor";
pub const PASSWORD: &str = "Bmc-pw-7qX";

pub fn need(tool: &str, package: &str) {
    assert!(
        Path::new(tool).exists(),
        "{tool} is missing: install {package} (.ci/run does)"
    );
}

/// A full sensor record (IPMI 2.0 table 43-1) for a threshold sensor whose
/// reading is `m` × the raw byte: `upper` = (unr, ucr, unc), `lower` =
/// (lnc, lcr, lnr), raw; `readable` the mask of thresholds it has.
#[allow(clippy::too_many_arguments)]
pub fn full_sdr(
    num: u8,
    entity: u8,
    stype: u8,
    unit: u8,
    name: &str,
    m: u8,
    upper: [u8; 3],
    lower: [u8; 3],
    readable: u8,
) -> String {
    let mut body = vec![
        0x20, 0x00, num, entity, 0x01, 0x7f, 0x68, stype, 0x01, 0x80, 0x0a, 0x80, 0x0a, readable,
        readable, 0x00, unit, 0x00, 0x00, m, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0, 0, 0, 0xff,
        0x00, upper[0], upper[1], upper[2], lower[2], lower[1], lower[0], 0, 0, 0, 0, 0,
    ];
    body.push(0xc0 + name.len() as u8);
    body.extend(name.bytes());
    sdr_line(body)
}

/// A full record for a discrete (sensor-specific, 0x6f) sensor.
pub fn discrete_sdr(num: u8, entity: u8, stype: u8, name: &str) -> String {
    let mut body = vec![
        0x20, 0x00, num, entity, 0x01, 0x7f, 0x40, stype, 0x6f, 0x7f, 0x00, 0x7f, 0x00, 0x7f, 0x00,
        0xc0, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0,
    ];
    body.push(0xc0 + name.len() as u8);
    body.extend(name.bytes());
    sdr_line(body)
}

pub fn sdr_line(body: Vec<u8>) -> String {
    let mut rec = vec![0x00, 0x00, 0x51, 0x01, body.len() as u8];
    rec.extend(body);
    let bytes: Vec<String> = rec.iter().map(|b| format!("0x{b:02x}")).collect();
    format!("main_sdr_add 0x20 {}\n", bytes.join(" "))
}

/// What the simulated BMC reports.
pub struct Bmc {
    pub cpu_temp: u8,
    pub psu_failed: bool,
    /// SEL entries logged at start: `sel_add` data after the record type.
    pub sel: Vec<&'static str>,
    pub power_on: bool,
}

impl Bmc {
    pub fn healthy() -> Bmc {
        Bmc {
            cpu_temp: 45,
            psu_failed: false,
            sel: Vec::new(),
            power_on: true,
        }
    }

    pub fn emu(&self) -> String {
        let mut s = String::from(
            "mc_setbmc 0x20\nmc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02\nsel_enable 0x20 1000 0x0a\n",
        );
        // CPU Temp: warn > 80, crit > 90, non-recoverable > 100 degrees C.
        s.push_str(
            "sensor_add 0x20 0 1 0x01 0x01\n\
             sensor_set_threshold 0x20 0 1 settable 111000 100 90 80 00 00 00\n\
             sensor_set_event_support 0x20 0 1 enable scanning per-state 000111111000000 000111111000000 000111111000000 000111111000000\n",
        );
        s.push_str(&full_sdr(
            1,
            0x03,
            0x01,
            1,
            "CPU Temp",
            1,
            [100, 90, 80],
            [0, 0, 0],
            0x38,
        ));
        // Fan1: 50 RPM a step, warn < 1000, crit < 500; 5400 RPM.
        s.push_str(
            "sensor_add 0x20 0 2 0x04 0x01\n\
             sensor_set_threshold 0x20 0 2 settable 000011 00 00 00 00 10 20\n\
             sensor_set_event_support 0x20 0 2 enable scanning per-state 000000000001111 000000000001111 000000000001111 000000000001111\n\
             sensor_set_value 0x20 0 2 108 0\n",
        );
        s.push_str(&full_sdr(
            2,
            0x1d,
            0x04,
            18,
            "Fan1",
            50,
            [0, 0, 0],
            [20, 10, 0],
            0x03,
        ));
        // PS1 Status: presence, and failure when asked.
        s.push_str(
            "sensor_add 0x20 0 3 0x08 0x6f\n\
             sensor_set_event_support 0x20 0 3 enable scanning per-state 000000001111111 000000001111111 000000001111111 000000001111111\n\
             sensor_set_bit 0x20 0 3 0 1 0\n",
        );
        if self.psu_failed {
            s.push_str("sensor_set_bit 0x20 0 3 1 1 0\n");
        }
        s.push_str(&discrete_sdr(3, 0x0a, 0x08, "PS1 Status"));
        for e in &self.sel {
            s.push_str(&format!("sel_add 0x20 0x02 {e}\n"));
        }
        // Past a threshold with events on: the BMC logs the crossings too.
        s.push_str(&format!("sensor_set_value 0x20 0 1 {} 1\n", self.cpu_temp));
        s.push_str("mc_enable 0x20\n");
        s
    }
}

/// An uncorrectable ECC error on DIMM sensor 0x05, asserted (record type 2).
pub const SEL_MEMORY_UE: &str = "0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x0c 0x05 0x6f 0x01 0xff 0xff";

/// `ipmi_sim` on a free loopback UDP port, killed when dropped.
pub struct IpmiSim {
    pub child: Child,
    pub dir: tempfile::TempDir,
    pub address: String,
    pub port: u16,
}

pub fn free_udp_port(address: &str) -> u16 {
    std::net::UdpSocket::bind((address, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl IpmiSim {
    pub fn start(bmc: &Bmc) -> IpmiSim {
        need("/usr/bin/ipmi_sim", "openipmi");
        need("/usr/bin/ipmitool", "ipmitool");
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
        let address = "127.0.0.1".to_string();
        let port = free_udp_port(&address);
        let control = d.join("chassis_control.sh");
        std::fs::copy(Path::new(FIXTURES).join("chassis_control.sh"), &control).unwrap();
        std::fs::set_permissions(&control, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(d.join("power"), if bmc.power_on { "1\n" } else { "0\n" }).unwrap();
        let conf = format!(
            "name \"opstest\"\nset_working_mc 0x20\n  startlan 1\n    addr {address} {port}\n    priv_limit admin\n\
             \x20   allowed_auths_callback md5\n    allowed_auths_user md5\n    allowed_auths_operator md5\n    allowed_auths_admin md5\n\
             \x20   guid a123456789abcdefa123456789abcdef\n  endlan\n  chassis_control \"{} 0x20\"\n\
             \x20 user 2 true \"{USER}\" \"{PASSWORD}\" admin 10 md5\n\
             \x20 user 3 true \"{MONITOR}\" \"{PASSWORD}\" user 10 md5\n",
            control.display()
        );
        std::fs::write(d.join("lan.conf"), conf).unwrap();
        std::fs::write(d.join("bmc.emu"), bmc.emu()).unwrap();
        std::fs::create_dir(d.join("state")).unwrap();
        let log = std::fs::File::create(d.join("ipmi_sim.log")).unwrap();
        let child = Command::new("/usr/bin/ipmi_sim")
            .arg("-c")
            .arg(d.join("lan.conf"))
            .arg("-f")
            .arg(d.join("bmc.emu"))
            .arg("-s")
            .arg(d.join("state"))
            .arg("-n")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start ipmi_sim");
        std::fs::write(d.join("pw"), format!("{PASSWORD}\n")).unwrap();
        std::fs::set_permissions(d.join("pw"), std::fs::Permissions::from_mode(0o600)).unwrap();
        let sim = IpmiSim {
            child,
            dir,
            address,
            port,
        };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(15) {
            if sim.ipmitool(&["chassis", "status"]).status.success() {
                return sim;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("ipmi_sim did not answer; log:\n{}", sim.log());
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("ipmi_sim.log")).unwrap_or_default()
    }

    pub fn password_file(&self) -> PathBuf {
        self.dir.path().join("pw")
    }

    /// The real ipmitool as the BMC's administrator.
    pub fn ipmitool(&self, args: &[&str]) -> Output {
        Command::new("/usr/bin/ipmitool")
            .args([
                "-I",
                "lanplus",
                "-C",
                "3",
                "-N",
                "1",
                "-R",
                "1",
                "-H",
                &self.address,
            ])
            .args(["-p", &self.port.to_string(), "-U", USER, "-f"])
            .arg(self.password_file())
            .args(args)
            .output()
            .unwrap()
    }

    /// Log SEL entries (`EvMRev SensorType SensorNum EventDirType Data1-3`).
    pub fn add_sel(&self, lines: &str) {
        let f = self.dir.path().join("events.txt");
        std::fs::write(&f, lines).unwrap();
        let out = self.ipmitool(&["sel", "add", f.to_str().unwrap()]);
        assert!(out.status.success(), "sel add: {}", stderr(&out));
    }
}

impl Drop for IpmiSim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
