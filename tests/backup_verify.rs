//! `ops backup verify` end to end: the real binary over backup sets made in
//! temp directories, a pinned clock, and a real records repository.

mod support;

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use support::*;

/// The pinned "now" of every test: 2026-11-22 06:00 UTC.
const NOW: &str = "2026-11-22T06:00:00Z";
const NOW_EPOCH: u64 = 1_795_327_200;

fn at_hours_ago(h: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(NOW_EPOCH - h * 3600)
}

/// Deterministic incompressible bytes, so archive sizes follow content sizes.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn tar_gz(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o640);
        h.set_mtime(NOW_EPOCH - 86_400);
        h.set_cksum();
        b.append_data(&mut h, name, &data[..]).unwrap();
    }
    let tar = b.into_inner().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&tar).unwrap();
    gz.finish().unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A directory of daily `etc-DATE.tar.gz` backups with a SHA256SUMS, one per
/// entry of `sizes` (content bytes), the last one made `newest_age_h` hours
/// before NOW and each earlier one a day before that.
struct Daily {
    dir: PathBuf,
    files: Vec<PathBuf>,
}

fn daily_set(root: &Path, sizes: &[usize], newest_age_h: u64) -> Daily {
    let dir = root.join("backups/etc");
    std::fs::create_dir_all(&dir).unwrap();
    let mut sums = String::new();
    let mut files = Vec::new();
    let n = sizes.len() as u64;
    for (i, size) in sizes.iter().enumerate() {
        let age = newest_age_h + (n - 1 - i as u64) * 24;
        let name = format!("etc-{:02}.tar.gz", i + 1);
        let path = dir.join(&name);
        let bytes = tar_gz(&[
            ("etc/hosts", b"127.0.0.1 localhost\n".to_vec()),
            ("etc/data.bin", noise(*size, i as u64)),
        ]);
        std::fs::write(&path, &bytes).unwrap();
        // Private, as backups are kept (an `o+r` backup is a warning of its own).
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        sums.push_str(&format!("{}  {name}\n", hex(&Sha256::digest(&bytes))));
        set_mtime(&path, at_hours_ago(age));
        files.push(path);
    }
    std::fs::write(dir.join("SHA256SUMS"), sums).unwrap();
    Daily { dir, files }
}

fn set_mtime(path: &Path, t: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

/// Replace the SHA256SUMS line of `file` with its current checksum.
fn resum(d: &Daily, file: &Path) {
    let sums_path = d.dir.join("SHA256SUMS");
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let digest = hex(&Sha256::digest(std::fs::read(file).unwrap()));
    let sums: String = std::fs::read_to_string(&sums_path)
        .unwrap()
        .lines()
        .map(|l| {
            if l.ends_with(&format!("  {name}")) {
                format!("{digest}  {name}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(sums_path, sums).unwrap();
}

struct Repo {
    env: Env,
}

impl Repo {
    /// A records repository whose ops.toml declares set `etc` over `dir`.
    fn new(extra: &str) -> Repo {
        let env = Env::new();
        env.init_records();
        let cfg = env.records.join("ops.toml");
        let mut text = std::fs::read_to_string(&cfg).unwrap();
        text.push_str(&format!(
            "\n[[backup.set]]\nname = \"etc\"\npath = \"{}/backups/etc/etc-*.tar.gz\"\nkind = \"tar.gz\"\nmax_age = \"26h\"\n{extra}",
            env.dir.path().display()
        ));
        std::fs::write(cfg, text).unwrap();
        Repo { env }
    }

    fn root(&self) -> &Path {
        self.env.dir.path()
    }

    fn verify(&self, args: &[&str]) -> (i32, Value, String) {
        let out = self
            .env
            .ops()
            .env("OPS_NOW", NOW)
            .args(["backup", "verify", "--format", "json", "--records"])
            .arg(&self.env.records)
            .args(args)
            .output()
            .unwrap();
        (out.status.code().unwrap(), json(&out), stderr(&out))
    }
}

fn findings(run: &Value) -> &Vec<Value> {
    run["targets"][0]["findings"].as_array().unwrap()
}

fn find<'a>(run: &'a Value, check: &str, status: &str) -> Vec<&'a Value> {
    findings(run)
        .iter()
        .filter(|f| f["check"] == check && f["status"] == status)
        .collect()
}

#[test]
fn a_good_set_passes_and_is_recorded_with_its_last_good_backup() {
    let repo = Repo::new("");
    let d = daily_set(repo.root(), &[40_000; 7], 3);
    let before = commit_count(&repo.env.records);
    let (code, run, err) = repo.verify(&[]);
    assert_eq!(code, 0, "{run:#}\n{err}");
    assert_eq!(run["status"], "ok");
    let t = &run["targets"][0];
    assert_eq!(t["target"], "etc");
    assert_eq!(t["backups"], 7);
    assert_eq!(t["files_read"], 7);
    assert_eq!(t["last_good"]["path"], d.files[6].display().to_string());
    assert_eq!(find(&run, "backup.readable", "ok").len(), 7);
    assert_eq!(find(&run, "backup.checksum", "ok").len(), 7);
    assert_eq!(find(&run, "backup.fresh", "ok")[0]["value"], 3 * 3600);
    assert_eq!(
        find(&run, "backup.retention", "ok")[0]["message"],
        "7 of 7 backups kept"
    );

    // One commit with one record per set, which `last_good_in` reads back.
    assert_eq!(commit_count(&repo.env.records), before + 1);
    let files = files_under(&repo.env.records.join("backup/verify/etc"));
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        git(&repo.env.records, &["log", "-1", "--format=%s"])
            .starts_with("backup verify: ok (1 target)")
    );
    let (lg, damaged) = ops::backup::last_good_in(&repo.env.records);
    assert!(damaged.is_empty());
    assert_eq!(lg["etc"].path, d.files[6]);
    assert_eq!(
        lg["etc"].backup_time.to_rfc3339(),
        "2026-11-22T03:00:00+00:00"
    );
}

#[test]
fn one_flipped_byte_in_the_middle_of_an_archive_is_crit_naming_the_file() {
    let repo = Repo::new("");
    let d = daily_set(repo.root(), &[200_000; 7], 3);
    let victim = &d.files[4];
    let mut bytes = std::fs::read(victim).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(victim, &bytes).unwrap();
    set_mtime(victim, at_hours_ago(3 + 2 * 24));
    let (code, run, _) = repo.verify(&[]);
    assert_eq!(code, 2, "{run:#}");
    let bad = find(&run, "backup.checksum", "crit");
    assert_eq!(bad.len(), 1, "{run:#}");
    assert_eq!(bad[0]["subject"], victim.display().to_string());
    let msg = bad[0]["message"].as_str().unwrap();
    assert!(
        msg.contains(&victim.display().to_string()) && msg.contains("does not match its manifest"),
        "{msg}"
    );
    // The gzip stream's own CRC catches it too.
    let unreadable = find(&run, "backup.readable", "crit");
    assert_eq!(unreadable.len(), 1);
    assert_eq!(unreadable[0]["subject"], victim.display().to_string());
    // The newest is still good: it stays the last good backup.
    assert_eq!(
        run["targets"][0]["last_good"]["path"],
        d.files[6].display().to_string()
    );
}

#[test]
fn a_truncated_tar_gz_is_crit_even_with_a_matching_checksum() {
    let repo = Repo::new("");
    let d = daily_set(repo.root(), &[100_000; 7], 3);
    let victim = &d.files[6];
    let bytes = std::fs::read(victim).unwrap();
    std::fs::write(victim, &bytes[..bytes.len() * 3 / 4]).unwrap();
    set_mtime(victim, at_hours_ago(3));
    resum(&d, victim);
    let (code, run, _) = repo.verify(&[]);
    assert_eq!(code, 2, "{run:#}");
    assert!(find(&run, "backup.checksum", "crit").is_empty());
    let bad = find(&run, "backup.readable", "crit");
    assert_eq!(bad.len(), 1, "{run:#}");
    let msg = bad[0]["message"].as_str().unwrap();
    assert!(
        msg.contains(&victim.display().to_string()) && msg.contains("gzip"),
        "{msg}"
    );
    // The newest is bad: the last good backup is the one before it.
    assert_eq!(
        run["targets"][0]["last_good"]["path"],
        d.files[5].display().to_string()
    );
}

#[test]
fn an_empty_file_is_crit() {
    let repo = Repo::new("");
    let d = daily_set(repo.root(), &[50_000; 7], 3);
    std::fs::write(&d.files[6], b"").unwrap();
    set_mtime(&d.files[6], at_hours_ago(3));
    resum(&d, &d.files[6]);
    let (code, run, _) = repo.verify(&[]);
    assert_eq!(code, 2, "{run:#}");
    let bad = find(&run, "backup.size", "crit");
    assert_eq!(bad.len(), 1);
    assert_eq!(
        bad[0]["message"],
        format!("{} is empty", d.files[6].display())
    );
}

#[test]
fn a_set_older_than_its_policy_is_crit() {
    let repo = Repo::new("");
    daily_set(repo.root(), &[30_000; 7], 30);
    let (code, run, _) = repo.verify(&[]);
    assert_eq!(code, 2, "{run:#}");
    let f = find(&run, "backup.fresh", "crit");
    assert_eq!(f.len(), 1, "{run:#}");
    assert_eq!(f[0]["value"], 30 * 3600);
    assert_eq!(f[0]["threshold"], "crit > 26h");
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("1d6h old, older than the 26h policy")
    );
}

#[test]
fn six_of_seven_dailies_is_warn() {
    let repo = Repo::new("");
    daily_set(repo.root(), &[30_000; 6], 3);
    let (code, run, _) = repo.verify(&[]);
    assert_eq!(code, 1, "{run:#}");
    let f = find(&run, "backup.retention", "warn");
    assert_eq!(f[0]["message"], "6 of 7 backups kept");
    assert_eq!(f[0]["value"], 6);
}

#[test]
fn a_backup_seventy_percent_smaller_than_the_previous_is_warn() {
    let repo = Repo::new("");
    let d = daily_set(
        repo.root(),
        &[100_000, 100_000, 100_000, 100_000, 100_000, 100_000, 30_000],
        3,
    );
    let (code, run, _) = repo.verify(&[]);
    assert_eq!(code, 1, "{run:#}");
    let f = find(&run, "backup.size", "warn");
    assert_eq!(f.len(), 1, "{run:#}");
    assert_eq!(f[0]["subject"], d.files[6].display().to_string());
    assert_eq!(
        f[0]["value"]["shrink_percent"].as_f64().unwrap().round(),
        70.0
    );
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("70 % smaller than the previous backup")
    );
    assert_eq!(f[0]["threshold"], "warn > 50 % smaller");
}

#[test]
fn a_missing_manifest_is_unknown_with_the_reason() {
    let repo = Repo::new("");
    let d = daily_set(repo.root(), &[20_000; 7], 3);
    std::fs::remove_file(d.dir.join("SHA256SUMS")).unwrap();
    let (code, run, _) = repo.verify(&[]);
    assert_eq!(code, 3, "{run:#}");
    let f = find(&run, "backup.checksum", "unknown");
    assert_eq!(f.len(), 7);
    let msg = f[0]["message"].as_str().unwrap();
    assert!(
        msg.starts_with("no SHA-256 manifest for") && msg.contains("SHA256SUMS"),
        "{msg}"
    );
    // Still read to the end: the archives themselves are fine.
    assert_eq!(find(&run, "backup.readable", "ok").len(), 7);

    // A set that does not require manifests skips the check instead.
    let repo = Repo::new("manifest = false\n");
    let d = daily_set(repo.root(), &[20_000; 7], 3);
    std::fs::remove_file(d.dir.join("SHA256SUMS")).unwrap();
    let (code, run, _) = repo.verify(&[]);
    assert_eq!(code, 0, "{run:#}");
    assert_eq!(find(&run, "backup.checksum", "skip").len(), 7);
}

#[test]
fn sampling_rotates_through_the_whole_set_over_successive_runs() {
    let repo = Repo::new("retention = 10\n");
    let d = daily_set(repo.root(), &[10_000; 10], 3);
    let newest = d.files[9].display().to_string();
    let mut seen = std::collections::BTreeSet::new();
    for run_no in 0..3 {
        let (code, run, err) = repo.verify(&["--sample", "34"]);
        assert_eq!(code, 0, "{run:#}\n{err}");
        let read: Vec<String> = find(&run, "backup.readable", "ok")
            .iter()
            .map(|f| f["subject"].as_str().unwrap().to_string())
            .collect();
        // ceil(34 % of the 9 older ones) = 4, plus the newest every time.
        assert_eq!(read.len(), 5, "run {run_no}: {read:?}");
        assert!(read.contains(&newest));
        seen.extend(read);
    }
    assert_eq!(seen.len(), 10, "three runs of 34 % cover the set: {seen:?}");
    let records = files_under(&repo.env.records.join("backup/verify/etc"));
    assert_eq!(records.len(), 3);
}

#[test]
fn an_unknown_set_name_is_bad_input() {
    let repo = Repo::new("");
    let (code, _, err) = {
        let out = repo
            .env
            .ops()
            .args(["backup", "verify", "nope", "--records"])
            .arg(&repo.env.records)
            .output()
            .unwrap();
        (out.status.code().unwrap(), (), stderr(&out))
    };
    assert_eq!(code, 78, "{err}");
    assert!(
        err.contains("`nope` is neither a backup set in ops.toml (etc)"),
        "{err}"
    );
}

#[test]
fn a_bad_backup_set_in_ops_toml_is_reported_with_its_line() {
    let repo = Repo::new("retention = 7\n");
    let cfg = repo.env.records.join("ops.toml");
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("max_age = \"26h\"", "max_age = \"tomorrow\"");
    std::fs::write(&cfg, &text).unwrap();
    // The set's own line, not the commented example in ops.toml's header.
    let line = text
        .lines()
        .position(|l| l.contains("tomorrow") && !l.trim_start().starts_with('#'))
        .unwrap()
        + 1;
    let out = repo
        .env
        .ops()
        .args(["backup", "verify", "--records"])
        .arg(&repo.env.records)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("ops.toml:{line}:")) && err.contains("`tomorrow` is not a duration"),
        "{err}"
    );
}

#[test]
fn backups_others_may_read_are_warn_naming_each_file_and_its_mode() {
    let repo = Repo::new("");
    let d = daily_set(repo.root(), &[40_000; 7], 3);
    let (code, run, _) = repo.verify(&[]);
    assert_eq!(code, 0, "{run:#}");
    assert_eq!(
        find(&run, "backup.private", "ok")[0]["message"],
        "no backup file is readable by others"
    );

    // Two dailies left world-readable by a backup script's umask.
    for f in [&d.files[2], &d.files[5]] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    // Group-readable is a team's choice, not a warning.
    std::fs::set_permissions(&d.files[6], std::fs::Permissions::from_mode(0o640)).unwrap();
    let (code, run, _) = repo.verify(&[]);
    assert_eq!(code, 1, "warn, and nothing worse: {run:#}");
    assert_eq!(run["status"], "warn");
    let warned = find(&run, "backup.private", "warn");
    assert_eq!(warned.len(), 1, "{run:#}");
    assert_eq!(warned[0]["subject"], "etc");
    assert_eq!(warned[0]["value"], 2);
    assert_eq!(
        warned[0]["message"],
        format!(
            "2 files readable by every user on this host: {} (0644), {} (0644); \
             `chmod o-r` them (ops backup take writes 0600)",
            d.files[2].display(),
            d.files[5].display()
        )
    );
    // The backups themselves are still good.
    assert_eq!(find(&run, "backup.checksum", "ok").len(), 7);
    assert_eq!(
        run["targets"][0]["last_good"]["path"],
        d.files[6].display().to_string()
    );

    // The text output names them too.
    let out = repo
        .env
        .ops()
        .env("OPS_NOW", NOW)
        .args(["backup", "verify", "--no-record", "--records"])
        .arg(&repo.env.records)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.starts_with("etc: warn (7 backups, 7 read"), "{text}");
    assert!(text.contains("backup.private"), "{text}");
    assert!(text.contains("(0644)"), "{text}");
}
