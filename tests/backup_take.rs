//! `ops backup take` end to end: the real binary archives a real tree,
//! `ops backup verify` and GNU tar read the result, and a file that cannot be
//! read leaves nothing behind.

mod support;

use serde_json::Value;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

const NOW: &str = "2026-11-22T06:00:00Z";

/// A small tree: nested files, an empty file, a private file, a symlink.
fn source_tree(root: &Path) -> PathBuf {
    let src = root.join("srv/app");
    std::fs::create_dir_all(src.join("conf.d")).unwrap();
    std::fs::write(src.join("app.conf"), "listen 8080\nworkers 4\n").unwrap();
    std::fs::write(src.join("conf.d/tls.conf"), "cert /etc/ssl/app.pem\n").unwrap();
    std::fs::write(src.join("empty"), "").unwrap();
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(src.join("data.bin"), &big).unwrap();
    std::fs::write(src.join("secret.key"), "k3y").unwrap();
    std::fs::set_permissions(
        src.join("secret.key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    symlink("app.conf", src.join("current.conf")).unwrap();
    src
}

/// A ticket in the records repository, for `--ticket`; its id.
fn new_ticket(env: &Env) -> String {
    let out = env
        .ops()
        .env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", NOW)
        .env("TZ", "UTC")
        .args([
            "ticket",
            "new",
            "--customer",
            "ACME Bank",
            "--site",
            "Pudong DC",
        ])
        .args([
            "--contact",
            "Zhang Wei",
            "--phone",
            "+86 21 5555 0100",
            "--channel",
            "remote",
        ])
        .args(["--severity", "III", "--category", "defect-technical"])
        .args([
            "--problem",
            "nginx configuration change",
            "--target",
            "web01",
        ])
        .args(["--engineer", "Li Na", "--received", NOW])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_success(&out);
    stdout(&out).trim().to_string()
}

fn take(env: &Env, args: &[&str]) -> std::process::Output {
    env.ops()
        .env("OPS_NOW", NOW)
        .args(["backup", "take"])
        .args(args)
        .output()
        .unwrap()
}

fn verify_json(env: &Env, path: &Path) -> (i32, Value) {
    let out = env
        .ops()
        .args(["backup", "verify", "--no-record", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    (out.status.code().unwrap(), json(&out))
}

fn finding<'a>(run: &'a Value, check: &str) -> &'a Value {
    run["targets"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check)
        .unwrap_or_else(|| panic!("no {check} in {run:#}"))
}

#[test]
fn take_then_verify_round_trip_with_record_and_ticket() {
    let env = Env::new();
    env.init_records();
    let src = source_tree(env.dir.path());
    let bk = env.dir.path().join("backups");
    let ticket = new_ticket(&env);
    let before = commit_count(&env.records);
    let out = take(
        &env,
        &[
            "--name",
            "app",
            "--ticket",
            &ticket,
            "--records",
            env.records.to_str().unwrap(),
            "--dir",
            bk.to_str().unwrap(),
            src.to_str().unwrap(),
        ],
    );
    assert_success(&out);
    // stdout is exactly the archive's absolute path.
    let archive = PathBuf::from(stdout(&out).trim_end());
    assert!(archive.is_absolute());
    assert_eq!(
        archive,
        bk.canonicalize()
            .unwrap()
            .join("app-20261122T060000Z.tar.zst")
    );
    assert!(archive.is_file());
    let manifest_path = PathBuf::from(format!("{}.manifest.json", archive.display()));
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    assert_eq!(manifest["schema"], 1);
    assert_eq!(manifest["ticket"], ticket.as_str());
    let entries = manifest["files"].as_array().unwrap();
    let rel = src.to_string_lossy().trim_start_matches('/').to_string();
    let entry = |name: &str| {
        entries
            .iter()
            .find(|e| e["path"] == format!("{rel}{name}"))
            .unwrap_or_else(|| panic!("{name} not in manifest"))
    };
    assert_eq!(
        entry("/app.conf")["sha256"],
        sha("listen 8080\nworkers 4\n")
    );
    assert_eq!(entry("/secret.key")["mode"], "0600");
    assert_eq!(entry("/empty")["size"], 0);
    assert_eq!(entry("/current.conf")["type"], "symlink");
    assert_eq!(entry("/current.conf")["link"], "app.conf");
    assert_eq!(entry("/data.bin")["size"], 3_000_000);
    assert_eq!(
        entries.len(),
        8,
        "dir, conf.d dir, 6 entries below: {entries:#?}"
    );
    // Nothing else in the backup directory: no temporary files left.
    assert_eq!(files_under(&bk).len(), 2);

    // Recorded in one commit, linked to the ticket.
    assert_eq!(commit_count(&env.records), before + 1);
    assert_eq!(
        git(&env.records, &["log", "-1", "--format=%s"]).trim(),
        format!("backup take app: ok, ticket {ticket}")
    );
    // The ticket's side of the link names the record, in the same commit.
    let changed = git(&env.records, &["show", "--name-only", "--format=", "HEAD"]);
    assert!(
        changed.lines().any(|l| l.starts_with("tickets/")),
        "{changed}"
    );
    let recs = files_under(&env.records.join("backup/take"));
    assert_eq!(recs.len(), 1);
    assert!(
        recs[0].starts_with("2026/11/20261122T060000.000Z-") && recs[0].ends_with("-app.json"),
        "{recs:?}"
    );
    let rec: Value = serde_json::from_str(
        &std::fs::read_to_string(env.records.join("backup/take").join(&recs[0])).unwrap(),
    )
    .unwrap();
    assert_eq!(rec["ticket"], ticket.as_str());
    assert_eq!(rec["status"], "ok");
    assert_eq!(rec["archive"], archive.display().to_string());

    // verify proves it, entry by entry.
    let (code, run) = verify_json(&env, &archive);
    assert_eq!(code, 0, "{run:#}");
    assert_eq!(finding(&run, "backup.checksum")["status"], "ok");
    assert_eq!(
        finding(&run, "backup.contents")["message"],
        format!("all 8 entries match {}", manifest_path.display())
    );

    // GNU tar with the zstd program restores it byte for byte.
    let restore = env.dir.path().join("restore");
    std::fs::create_dir(&restore).unwrap();
    let out = Command::new("tar")
        .arg("-I")
        .arg("zstd")
        .arg("-xf")
        .arg(&archive)
        .arg("-C")
        .arg(&restore)
        .output()
        .unwrap();
    assert_success(&out);
    for f in [
        "app.conf",
        "conf.d/tls.conf",
        "data.bin",
        "empty",
        "secret.key",
    ] {
        assert_eq!(
            std::fs::read(restore.join(&rel).join(f)).unwrap(),
            std::fs::read(src.join(f)).unwrap(),
            "{f}"
        );
    }
    assert_eq!(
        std::fs::read_link(restore.join(&rel).join("current.conf")).unwrap(),
        Path::new("app.conf")
    );
}

fn sha(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_damaged_take_archive_or_manifest_is_caught_naming_the_file() {
    let env = Env::new();
    let src = source_tree(env.dir.path());
    let bk = env.dir.path().join("backups");
    let out = take(
        &env,
        &[
            "--no-record",
            "--dir",
            bk.to_str().unwrap(),
            src.to_str().unwrap(),
        ],
    );
    assert_success(&out);
    let archive = PathBuf::from(stdout(&out).trim_end());
    let manifest_path = PathBuf::from(format!("{}.manifest.json", archive.display()));
    let name = archive.display().to_string();

    // One flipped byte in the middle of the archive.
    let good = std::fs::read(&archive).unwrap();
    let mut bad = good.clone();
    bad[good.len() / 2] ^= 0x40;
    std::fs::write(&archive, &bad).unwrap();
    let (code, run) = verify_json(&env, &archive);
    assert_eq!(code, 2, "{run:#}");
    let f = finding(&run, "backup.checksum");
    assert_eq!(f["status"], "crit");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{name} does not match its manifest"))
    );
    assert_eq!(
        finding(&run, "backup.readable")["status"],
        "crit",
        "zstd frame checksums catch it too"
    );
    std::fs::write(&archive, &good).unwrap();

    // A manifest that disagrees about one file inside: crit naming that file.
    let text = std::fs::read_to_string(&manifest_path).unwrap();
    let mut m: Value = serde_json::from_str(&text).unwrap();
    let tls = m["files"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["path"].as_str().unwrap().ends_with("conf.d/tls.conf"))
        .unwrap();
    tls["sha256"] = Value::String(sha("something else"));
    std::fs::write(&manifest_path, serde_json::to_string(&m).unwrap()).unwrap();
    let (code, run) = verify_json(&env, &archive);
    assert_eq!(code, 2, "{run:#}");
    let f = finding(&run, "backup.contents");
    assert_eq!(f["status"], "crit");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("conf.d/tls.conf differs from the manifest"),
        "{f}"
    );

    // No manifest at all: unknown, saying what was looked for.
    std::fs::remove_file(&manifest_path).unwrap();
    let (code, run) = verify_json(&env, &archive);
    assert_eq!(code, 3, "{run:#}");
    let f = finding(&run, "backup.checksum");
    assert_eq!(f["status"], "unknown");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains(".tar.zst.manifest.json"),
        "{f}"
    );
}

/// A copy of `file` in `env`'s world-readable `bin/`, for a user other than
/// the one who built it: the checkout (and its target/) may sit in a
/// directory only its owner can enter, as `/root/...` is.
fn reachable_copy(env: &Env, file: &Path) -> PathBuf {
    let bin = env.dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let copy = bin.join(file.file_name().unwrap());
    if !copy.exists() {
        std::fs::copy(file, &copy).unwrap();
    }
    // Readable and executable by all, also under `umask 077`; never less
    // open than a test made its directories.
    for p in [env.dir.path(), bin.as_path(), copy.as_path()] {
        let mode = std::fs::metadata(p).unwrap().permissions().mode();
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode | 0o755)).unwrap();
    }
    copy
}

/// Run `ops` as an unprivileged user when we are root (root reads everything),
/// from a copy that user can reach, with `env.ops()`'s environment.
fn ops_unprivileged(env: &Env) -> Command {
    let mut cmd = env.wrapper(reachable_copy(env, ops_bin()));
    if is_root() {
        cmd.uid(65534).gid(65534); // nobody:nogroup
    }
    cmd
}

fn open_up(path: &Path) {
    // The test's temp dir is root's; let `nobody` reach the tree and the backup dir.
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o777)).unwrap();
}

#[test]
fn take_over_an_unreadable_file_fails_naming_it_and_leaves_no_archive() {
    let env = Env::new();
    open_up(env.dir.path());
    open_up(&env.home);
    let src = source_tree(env.dir.path());
    for d in [env.dir.path().join("srv"), src.clone(), src.join("conf.d")] {
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for f in ["app.conf", "conf.d/tls.conf", "data.bin", "empty"] {
        std::fs::set_permissions(src.join(f), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    // secret.key stays 0600 root: unreadable to nobody.
    if !is_root() {
        std::fs::set_permissions(
            src.join("secret.key"),
            std::fs::Permissions::from_mode(0o000),
        )
        .unwrap();
    }
    let bk = env.dir.path().join("backups");
    std::fs::create_dir(&bk).unwrap();
    open_up(&bk);
    let out = ops_unprivileged(&env)
        .env("OPS_NOW", NOW)
        .args(["backup", "take", "--no-record", "--dir"])
        .arg(&bk)
        .arg(&src)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {}\nstderr: {}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(stdout(&out), "", "no archive path is printed");
    let err = stderr(&out);
    assert!(
        err.contains(&format!("cannot read {}", src.join("secret.key").display())),
        "{err}"
    );
    assert!(err.contains("Permission denied"), "{err}");
    let left: Vec<_> = std::fs::read_dir(&bk)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");

    // A directory that cannot be listed fails the same way.
    if !is_root() {
        return; // our own 0700 directory stays readable to us
    }
    std::fs::set_permissions(
        src.join("secret.key"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    std::fs::set_permissions(src.join("conf.d"), std::fs::Permissions::from_mode(0o700)).unwrap();
    let out = ops_unprivileged(&env)
        .args(["backup", "take", "--no-record", "--dir"])
        .arg(&bk)
        .arg(&src)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "cannot read directory {}",
            src.join("conf.d").display()
        )),
        "{}",
        stderr(&out)
    );
    assert!(
        std::fs::read_dir(&bk).unwrap().next().is_none(),
        "nothing left behind"
    );
}

#[test]
fn the_pre_change_script_changes_only_after_a_good_backup() {
    let env = Env::new();
    env.init_records();
    let ticket = new_ticket(&env);
    open_up(env.dir.path());
    let src = env.dir.path().join("conf");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("app.conf"), "a = 1\n").unwrap();
    std::fs::set_permissions(&src, std::fs::Permissions::from_mode(0o755)).unwrap();
    // What `nobody` runs is copied out of the checkout (see `reachable_copy`).
    let script = reachable_copy(
        &env,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pre-change-backup.sh"),
    );
    let ops_copy = reachable_copy(&env, ops_bin());
    let marker = env.dir.path().join("changed");
    let bk = env.dir.path().join("bk");
    std::fs::create_dir(&bk).unwrap();
    open_up(&bk);
    let run = |as_nobody: bool| {
        let mut cmd = env.wrapper("bash");
        cmd.arg(&script)
            .args([
                ticket.as_str(),
                src.to_str().unwrap(),
                "--",
                "touch",
                marker.to_str().unwrap(),
            ])
            .env("OPS", &ops_copy)
            .env("BACKUP_DIR", &bk)
            .env("OPS_RECORDS", &env.records)
            .env("OPS_NOW", NOW);
        if as_nobody && is_root() {
            cmd.uid(65534).gid(65534);
        }
        cmd.output().unwrap()
    };

    // A file the script's user cannot read: no archive, no change.
    std::fs::set_permissions(src.join("app.conf"), std::fs::Permissions::from_mode(0o000)).unwrap();
    if is_root() {
        let out = run(true);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("!! backup failed: nothing was changed"),
            "{}",
            stderr(&out)
        );
        assert!(!marker.exists());
        assert!(std::fs::read_dir(&bk).unwrap().next().is_none());
    }

    // Readable: taken, verified, then changed.
    std::fs::set_permissions(src.join("app.conf"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run(false);
    assert_success(&out);
    assert!(marker.exists());
    assert!(stderr(&out).contains("== backup good; running the change"));
    assert_eq!(
        std::fs::read_dir(&bk).unwrap().count(),
        2,
        "archive and manifest"
    );
}

#[test]
fn the_pre_change_script_given_a_change_runs_it_only_through_its_gate_and_records_it_done() {
    let env = Env::new();
    env.init_records();
    // Every person here runs under the test's one OS login.
    std::fs::write(
        env.records.join("ops.toml"),
        "[change]\nshared_login = true\n",
    )
    .unwrap();
    let ticket = new_ticket(&env);
    let ops = |args: &[&str]| {
        env.ops()
            .env("OPS_RECORDS", &env.records)
            .env("OPS_NOW", NOW)
            .args(args)
            .output()
            .unwrap()
    };
    let out = ops(&[
        "change",
        "new",
        "--ticket",
        &ticket,
        "--summary",
        "reload nginx",
        "--plan",
        "reload",
        "--rollback",
        "restore the archive",
        "--window-start",
        "2026-11-20T08:00:00Z",
        "--window-end",
        "2026-11-22T09:00:00Z",
        "--target",
        "web01",
    ]);
    assert_success(&out);
    let change = stdout(&out).trim().to_string();
    let src = env.dir.path().join("conf");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("app.conf"), "a = 1\n").unwrap();
    let marker = env.dir.path().join("changed");
    let bk = env.dir.path().join("bk");
    std::fs::create_dir(&bk).unwrap();
    let run = || {
        env.wrapper("bash")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pre-change-backup.sh"))
            .args([change.as_str(), src.to_str().unwrap(), "--", "touch"])
            .arg(&marker)
            .env("BACKUP_DIR", &bk)
            .env("OPS_RECORDS", &env.records)
            .env("OPS_NOW", NOW)
            .output()
            .unwrap()
    };

    // Not approved: backed up and verified, but the gate stops the change.
    let out = run();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "!! change {change} may not start: nothing was changed"
        )),
        "{}",
        stderr(&out)
    );
    assert!(!marker.exists());

    let approve = env
        .ops()
        .env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", NOW)
        .env("OPS_USER", "wangfang")
        .args(["change", "approve", &change])
        .output()
        .unwrap();
    assert_success(&approve);
    let out = run();
    assert_success(&out);
    assert!(marker.exists());
    let show = ops(&["change", "show", &change, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(json["phase"], "done", "{json:#}");
    assert!(
        json["started"]["take"]
            .as_str()
            .unwrap()
            .starts_with("backup/take/")
    );
}

#[test]
fn leftovers_of_a_killed_take_are_removed_by_the_next() {
    let env = Env::new();
    let src = source_tree(env.dir.path());
    let bk = env.dir.path().join("backups");
    std::fs::create_dir(&bk).unwrap();
    // pid 99999999 is above any pid_max: that take is surely gone.
    let stale = bk.join(".app-20261121T060000Z.tar.zst.tmp-99999999");
    std::fs::write(&stale, b"half an archive").unwrap();
    let mine = bk.join(format!(".other.tar.zst.tmp-{}", std::process::id()));
    std::fs::write(&mine, b"a take still running").unwrap();
    // A name reservation nobody holds the lock of: its take is gone too.
    let reserved = bk.join(".app-20261121T060000Z.tar.zst.reserved");
    std::fs::write(&reserved, b"").unwrap();
    // One whose lock is held (by us, standing in for a running take) stays.
    let held = bk.join(".app-20261122T060000Z-9.tar.zst.reserved");
    let lock = std::fs::File::create(&held).unwrap();
    lock.lock().unwrap();
    let out = take(
        &env,
        &[
            "--no-record",
            "--dir",
            bk.to_str().unwrap(),
            src.to_str().unwrap(),
        ],
    );
    assert_success(&out);
    assert!(!stale.exists());
    assert!(!reserved.exists());
    assert!(mine.exists(), "a running take's file is left alone");
    assert!(held.exists(), "a held reservation is left alone");
    drop(lock);
    let said = env.redact(&stderr(&out));
    assert!(
        said.contains(
            "warning: removed [TMP]/backups/.app-20261121T060000Z.tar.zst.reserved left by an interrupted take"
        ),
        "{said}"
    );
    assert!(
        said.contains(
            "warning: removed [TMP]/backups/.app-20261121T060000Z.tar.zst.tmp-99999999 left by an interrupted take"
        ),
        "{said}"
    );
}

#[test]
fn a_backup_directory_inside_the_sources_is_not_archived_into_itself() {
    let env = Env::new();
    let src = source_tree(env.dir.path());
    let bk = src.join("backups");
    let out = take(
        &env,
        &[
            "--no-record",
            "--dir",
            bk.to_str().unwrap(),
            src.to_str().unwrap(),
        ],
    );
    assert_success(&out);
    assert!(
        stderr(&out).contains("is the backup directory, not archived into itself"),
        "{}",
        stderr(&out)
    );
    let archive = PathBuf::from(stdout(&out).trim_end());
    let (code, run) = verify_json(&env, &archive);
    assert_eq!(code, 0, "{run:#}");
}

fn mode_of(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

/// `ops` under `umask 000`, so that only what ops itself sets can make a file private.
fn take_with_umask_0(env: &Env, args: &[&str]) -> std::process::Output {
    env.wrapper("sh")
        .arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(ops_bin())
        .args(["backup", "take"])
        .args(args)
        .env("OPS_NOW", NOW)
        .output()
        .unwrap()
}

#[test]
fn archives_and_manifests_are_private_and_so_are_the_directories_take_creates() {
    let env = Env::new();
    env.init_records();
    let src = source_tree(env.dir.path());
    let bk = env.dir.path().join("var/backups/ops");
    let records = env.records.to_str().unwrap();
    let out = take_with_umask_0(
        &env,
        &[
            "--records",
            records,
            "--dir",
            bk.to_str().unwrap(),
            src.to_str().unwrap(),
        ],
    );
    assert_success(&out);
    let archive = PathBuf::from(stdout(&out).trim_end());
    let manifest = PathBuf::from(format!("{}.manifest.json", archive.display()));
    assert_eq!(mode_of(&archive), 0o600, "archive");
    assert_eq!(mode_of(&manifest), 0o600, "manifest");
    assert_eq!(mode_of(&bk), 0o700, "the backup directory take created");
    assert_eq!(mode_of(bk.parent().unwrap()), 0o700, "and its parents");
    // A private take verifies without a warning about who may read it.
    let (code, run) = verify_json(&env, &archive);
    assert_eq!(code, 0, "{run:#}");
    assert_eq!(finding(&run, "backup.private")["status"], "ok");

    // `[backup] mode = "0640"`: the group may read, others still not.
    let toml = env.records.join("ops.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[backup]\nmode = \"0640\"\n")).unwrap();
    let bk2 = env.dir.path().join("team/backups");
    let out = take_with_umask_0(
        &env,
        &[
            "--records",
            records,
            "--dir",
            bk2.to_str().unwrap(),
            src.to_str().unwrap(),
        ],
    );
    assert_success(&out);
    let archive = PathBuf::from(stdout(&out).trim_end());
    assert_eq!(mode_of(&archive), 0o640);
    assert_eq!(
        mode_of(&PathBuf::from(format!(
            "{}.manifest.json",
            archive.display()
        ))),
        0o640
    );
    assert_eq!(mode_of(&bk2), 0o750);

    // A mode that lets others read is refused, naming the file, and nothing is written.
    std::fs::write(&toml, format!("{text}\n[backup]\nmode = \"0644\"\n")).unwrap();
    let bk3 = env.dir.path().join("never");
    let out = take(
        &env,
        &[
            "--records",
            records,
            "--dir",
            bk3.to_str().unwrap(),
            src.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("ops.toml") && err.contains("mode `0644` is not allowed"),
        "{err}"
    );
    assert_eq!(stdout(&out), "");
    assert!(!bk3.exists());
}

#[test]
fn takes_with_the_same_name_at_the_same_time_both_land() {
    let env = Env::new();
    env.init_records();
    let src = source_tree(env.dir.path());
    let records = env.records.to_str().unwrap();
    // The clock is pinned, so every take wants the same file name; three
    // rounds of two takes started together.
    for round in 0..3 {
        let bk = env.dir.path().join(format!("bk{round}"));
        let start = |_| {
            env.ops()
                .env("OPS_NOW", NOW)
                .args([
                    "backup",
                    "take",
                    "--name",
                    "same",
                    "--records",
                    records,
                    "--dir",
                ])
                .arg(&bk)
                .arg(&src)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let children: Vec<_> = (0..2).map(start).collect();
        let outs: Vec<_> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let mut printed: Vec<PathBuf> = outs
            .iter()
            .map(|o| {
                assert_success(o);
                PathBuf::from(stdout(o).trim_end())
            })
            .collect();
        printed.sort();
        let dir = bk.canonicalize().unwrap();
        assert_eq!(
            printed,
            [
                dir.join("same-20261122T060000Z-2.tar.zst"),
                dir.join("same-20261122T060000Z.tar.zst"),
            ],
            "round {round}: each take printed its own archive"
        );
        let mut left = files_under(&bk);
        left.sort();
        assert_eq!(
            left,
            [
                "same-20261122T060000Z-2.tar.zst",
                "same-20261122T060000Z-2.tar.zst.manifest.json",
                "same-20261122T060000Z.tar.zst",
                "same-20261122T060000Z.tar.zst.manifest.json",
            ],
            "round {round}: both archives and manifests, no reservation left"
        );
        for a in &printed {
            let (code, run) = verify_json(&env, a);
            assert_eq!(code, 0, "round {round}: {run:#}");
        }
    }
    // Every take recorded, each naming its own archive.
    let dir = env.records.join("backup/take");
    let mut archives: Vec<String> = files_under(&dir)
        .iter()
        .map(|f| {
            let rec: Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join(f)).unwrap()).unwrap();
            rec["archive"].as_str().unwrap().to_string()
        })
        .collect();
    archives.sort();
    archives.dedup();
    assert_eq!(archives.len(), 6, "{archives:#?}");
}
