//! The benchmark's BMCs: the test suite's loopback Redfish server
//! (tests/support/redfish_bmc.rs) on N addresses 127.0.100.1…N, one process,
//! serving tests/fixtures/hw/redfish/bmc with one self-signed certificate.
//!
//!   redfish_bmc_bench FIXTURES WORKDIR N
//!
//! Prints `fingerprint sha256:…`, `password …`, then one `IP:PORT` per BMC,
//! and serves until killed.

#[allow(dead_code)]
#[path = "../tests/support/redfish_bmc.rs"]
mod redfish_bmc;

use std::io::Write;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, fixtures, work, n] = &args[..] else {
        eprintln!("usage: redfish_bmc_bench FIXTURES WORKDIR N");
        std::process::exit(64);
    };
    let n: u8 = n.parse().expect("N between 1 and 250");
    let work = PathBuf::from(work);
    let cert = redfish_bmc::make_cert(&work, "bench-bmc", "127.0.100.1");
    let mut out = std::io::stdout().lock();
    writeln!(out, "fingerprint {}", cert.fingerprint).unwrap();
    let mut bmcs = Vec::new();
    for i in 1..=n {
        let bmc = redfish_bmc::Bmc::start(
            &format!("127.0.100.{i}"),
            &cert,
            redfish_bmc::Behaviour::Serve(PathBuf::from(fixtures)),
        );
        if i == 1 {
            writeln!(out, "password {}", bmc.password).unwrap();
        }
        bmcs.push(bmc);
    }
    for b in &bmcs {
        writeln!(out, "{}", b.addr).unwrap();
    }
    out.flush().unwrap();
    drop(out);
    loop {
        std::thread::park();
    }
}
