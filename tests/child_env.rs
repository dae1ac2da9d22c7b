//! Secrets stay out of children: every process `ops` starts (the shell of a
//! local inspection, a runbook probe, pg_restore) runs without
//! `OPS_SSH_KEY_PASSPHRASE`, the database clients' password variables, and
//! every variable an inventory's `password_env` names, so no other process
//! can read them from `/proc/PID/environ`.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use support::*;

/// The secrets of the test, as `NAME=value`; `APP_PW` is only a secret
/// because the inventory's `password_env` names it.
const SECRETS: &[(&str, &str)] = &[
    ("OPS_SSH_KEY_PASSPHRASE", "passphrase-7f3a9c"),
    ("PGPASSWORD", "pg-secret-51be02"),
    ("MYSQL_PWD", "my-secret-c4d8e1"),
    ("APP_PW", "inventory-secret-9e0d44"),
];

/// A variable that is no secret and must still reach the child.
const PLAIN: (&str, &str) = ("OPS_TEST_PLAIN", "visible-2b6f");

struct Case {
    env: Env,
    bin: PathBuf,
    dumps: PathBuf,
    inventory: PathBuf,
}

impl Case {
    /// Wrappers named `programs` first on PATH: each writes its environment
    /// to `dumps/<program>.<pid>` and then runs the real program.
    fn new(programs: &[(&str, &str)]) -> Case {
        let env = Env::new();
        let bin = env.dir.path().join("bin");
        let dumps = env.dir.path().join("dumps");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(&dumps).unwrap();
        for (name, then) in programs {
            let path = bin.join(name);
            std::fs::write(
                &path,
                format!("#!/bin/sh\nenv > '{}/{name}.'$$\n{then}\n", dumps.display()),
            )
            .unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let inventory = env.write(
            "inventory.toml",
            "[[host]]\nname = \"here\"\nlocal = true\n\n\
             [[db]]\nname = \"app\"\nengine = \"postgres\"\naddress = \"127.0.0.1\"\n\
             user = \"app\"\npassword_env = \"APP_PW\"\n",
        );
        Case {
            env,
            bin,
            dumps,
            inventory,
        }
    }

    fn ops(&self) -> std::process::Command {
        let mut cmd = self.env.ops();
        let path = format!(
            "{}:{}",
            self.bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        cmd.env("PATH", path).env(PLAIN.0, PLAIN.1);
        for (k, v) in SECRETS {
            cmd.env(k, v);
        }
        cmd.arg("--inventory").arg(&self.inventory);
        cmd
    }

    /// Every environment the wrapped programs were started with.
    fn seen(&self) -> Vec<(PathBuf, String)> {
        let mut out: Vec<(PathBuf, String)> = std::fs::read_dir(&self.dumps)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                let text = std::fs::read_to_string(&p).unwrap();
                (p, text)
            })
            .collect();
        out.sort();
        out
    }
}

/// Each environment holds the plain variable and no secret name or value.
fn assert_clean(what: &str, environ: &str, origin: &Path) {
    assert!(
        environ.contains(&format!("{}={}", PLAIN.0, PLAIN.1)),
        "{what} ({}) did not get the plain variable:\n{environ}",
        origin.display()
    );
    for (k, v) in SECRETS {
        assert!(
            !environ.contains(v) && !environ.contains(&format!("{k}=")),
            "{what} ({}) sees {k}:\n{environ}",
            origin.display()
        );
    }
}

#[test]
fn the_shell_of_a_local_inspection_sees_no_secret() {
    let case = Case::new(&[("sh", "exec /bin/sh \"$@\"")]);
    let config = case.env.write(
        "ops.toml",
        "[thresholds.host]\ncheck_security_updates = false\n",
    );
    let out = case
        .ops()
        .arg("--config")
        .arg(&config)
        .args(["inspect", "host", "here", "--no-record", "--format", "json"])
        .output()
        .unwrap();
    let run = json(&out);
    assert_eq!(
        run["targets"][0]["error"],
        serde_json::Value::Null,
        "{run:#}"
    );
    assert!(out.status.code().unwrap() <= 3, "{}", stderr(&out));
    let seen = case.seen();
    assert!(!seen.is_empty(), "the local inspection started no sh");
    for (p, environ) in &seen {
        assert_clean("local inspection's sh", environ, p);
    }
}

#[test]
fn a_runbook_probe_sees_no_secret() {
    // A check's command runs without a shell, by exec of its words from the
    // standard bin directories; while it runs, its /proc/PID/environ is read
    // as any other process on the jump host could.
    let case = Case::new(&[]);
    let runbook = case.env.write(
        "runbooks/env.toml",
        "id = \"env\"\ntitle = \"What a probe sees\"\nfirst = \"look\"\n\n\
         [[step]]\nid = \"look\"\nkind = \"check\"\ntext = \"A probe that runs a while\"\n\
         command = \"vmstat 1 4\"\ntimeout = 30\nok = \"done\"\nfail = \"done\"\n\n\
         [[step]]\nid = \"done\"\nkind = \"outcome\"\nresult = \"resolved\"\ntext = \"seen\"\n",
    );
    let child = case
        .ops()
        .arg("diagnose")
        .arg(&runbook)
        .args(["--no-record", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let ops_pid = child.id().to_string();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut environ = None;
    while environ.is_none() && std::time::Instant::now() < deadline {
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let dir = entry.path();
            let stat = std::fs::read_to_string(dir.join("stat")).unwrap_or_default();
            // pid (comm) state ppid ...
            let Some((comm, rest)) = stat.split_once(") ") else {
                continue;
            };
            let ppid = rest.split_whitespace().nth(1).unwrap_or("");
            if comm.ends_with("(vmstat") && ppid == ops_pid {
                environ = std::fs::read(dir.join("environ")).ok();
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let environ = environ.expect("saw no vmstat started by ops");
    let environ = String::from_utf8_lossy(&environ).replace('\0', "\n");
    assert_clean("the probe", &environ, &runbook);
}

#[test]
fn pg_restore_checking_a_dump_sees_no_secret() {
    let case = Case::new(&[("pg_restore", "cat >/dev/null\nexit 0")]);
    let dump = case.env.write("backups/app.dump", "");
    let mut bytes = b"PGDMP\x01\x0e\x00\x04\x08\x01\x01\x01".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 4096));
    std::fs::write(&dump, bytes).unwrap();
    let out = case
        .ops()
        .args(["backup", "verify", "--no-record"])
        .arg(&dump)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(101), "{}", stderr(&out));
    let seen = case.seen();
    assert!(
        !seen.is_empty(),
        "backup verify started no pg_restore: {}{}",
        stdout(&out),
        stderr(&out)
    );
    for (p, environ) in &seen {
        assert_clean("pg_restore", environ, p);
    }
}
