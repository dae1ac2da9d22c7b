//! The worst-of order through the real binary: crit > unknown > warn > ok
//! (skip ignored), for a target, a run and the exit status. An `unknown`
//! check (a log a non-root login may not read, a missing manifest) must never
//! hide a `crit` one.

mod support;

use std::os::unix::fs::PermissionsExt;
use support::sshd::{Options, Sshd};
use support::*;

/// A host with an unreachable IPv6 gateway (crit) whose kernel log the login
/// may not read (`kernel.dmesg_restrict = 1`: unknown) is crit, exit 2.
#[test]
fn a_crit_gateway_is_not_hidden_by_an_unreadable_error_log() {
    // The server answers every exec with a captured collection of a Debian
    // VM run as `nobody`, so the host's state is fixed and known.
    let shared = tempfile::tempdir().unwrap();
    std::fs::set_permissions(shared.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let capture = shared.path().join("collect.out");
    std::fs::write(
        &capture,
        include_str!("fixtures/linux/collect.debian12-vm.nobody.out"),
    )
    .unwrap();
    std::fs::set_permissions(&capture, std::fs::Permissions::from_mode(0o644)).unwrap();
    let sshd = Sshd::start_with(Options {
        extra: vec![format!(
            "ForceCommand cat >/dev/null; cat {}",
            capture.display()
        )],
        ..Options::default()
    });
    let env = Env::new();
    sshd.trust_from(&env.home);
    let config = env.write(
        "ops.toml",
        "[thresholds.host]\ncheck_security_updates = false\n",
    );
    let out = env
        .ops()
        .args([
            "inspect",
            "host",
            &sshd.target(),
            "--format",
            "json",
            "--no-record",
        ])
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    let run = json(&out);
    let findings = run["targets"][0]["findings"].as_array().unwrap();
    let status_of = |check: &str, subject: Option<&str>| {
        findings
            .iter()
            .find(|f| f["check"] == check && subject.is_none_or(|s| f["subject"] == s))
            .unwrap_or_else(|| panic!("no {check} finding: {findings:#?}"))["status"]
            .clone()
    };
    assert_eq!(status_of("errlog", None), "unknown", "{findings:#?}");
    assert_eq!(
        status_of("gateway", Some("fd00::1")),
        "crit",
        "{findings:#?}"
    );
    assert_eq!(run["targets"][0]["status"], "crit");
    assert_eq!(run["status"], "crit");
    assert_eq!(run["summary"]["crit"], 1);
    assert_eq!(run["summary"]["unknown"], 0);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    // The table says the same.
    let out = env
        .ops()
        .args(["inspect", "host", &sshd.target(), "--no-record"])
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let row = stdout(&out)
        .lines()
        .find(|l| l.contains("127.0.0.1"))
        .unwrap_or_default()
        .to_string();
    assert!(row.contains(" crit "), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("inspect host: 1 target, 1 crit"),
        "{}",
        stderr(&out)
    );
}

/// A truncated archive without a manifest: `crit backup.readable` and
/// `unknown backup.checksum` make a crit backup, exit 2.
#[test]
fn a_truncated_archive_without_a_manifest_is_crit() {
    let env = Env::new();
    env.init_records();
    let mut tar = tar::Builder::new(Vec::new());
    let data: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut h = tar::Header::new_gnu();
    h.set_size(data.len() as u64);
    h.set_mode(0o640);
    h.set_cksum();
    tar.append_data(&mut h, "data.bin", &data[..]).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &tar.into_inner().unwrap()).unwrap();
    let whole = gz.finish().unwrap();
    let archive = env.write("backups/cut.tar.gz", "");
    std::fs::write(&archive, &whole[..whole.len() / 2]).unwrap();

    let out = env
        .ops()
        .args(["backup", "verify", "--format", "json", "--records"])
        .arg(&env.records)
        .arg(&archive)
        .output()
        .unwrap();
    let run = json(&out);
    let findings = run["targets"][0]["findings"].as_array().unwrap();
    let status_of = |check: &str| {
        findings
            .iter()
            .find(|f| f["check"] == check)
            .unwrap_or_else(|| panic!("no {check} finding: {findings:#?}"))["status"]
            .clone()
    };
    assert_eq!(status_of("backup.readable"), "crit", "{findings:#?}");
    assert_eq!(status_of("backup.checksum"), "unknown", "{findings:#?}");
    assert_eq!(run["targets"][0]["status"], "crit");
    assert_eq!(run["status"], "crit");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        git(&env.records, &["log", "-1", "--format=%s"]).starts_with("backup verify: crit"),
        "the record says crit too"
    );
}
