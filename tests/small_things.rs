//! The small things a person notices (issue 12.10), each through the binary:
//! no colour on a dumb terminal, human values under `-v`, examples printed
//! verbatim, a cron file whose every line runs cleanly on a fresh site,
//! empty selections are "nothing to inspect", memory and kernel filesystems
//! are not judged as storage, and `ops init` twice changes nothing.

mod support;

use serde_json::Value;
use std::process::Command;
use support::*;

fn ticket_desk() -> (Env, String) {
    let env = Env::new();
    env.init_records();
    let out = env
        .ops()
        .env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", "2026-11-20T09:00:00Z")
        .args(TICKET_NEW)
        .output()
        .unwrap();
    assert_success(&out);
    let id = stdout(&out).trim().to_string();
    (env, id)
}

#[test]
fn a_dumb_terminal_gets_no_colour() {
    let (env, id) = ticket_desk();
    let list = |term: &str| {
        let mut cmd = env.ops();
        cmd.env_remove("NO_COLOR")
            .env("TERM", term)
            .env("OPS_RECORDS", &env.records)
            .env("OPS_NOW", "2026-11-20T10:00:00Z")
            .args(["ticket", "list"]);
        pty::screen(cmd)
    };
    // The overdue ticket is red on a real terminal…
    let xterm = list("xterm-256color");
    assert!(xterm.contains(&id), "{xterm}");
    assert!(xterm.contains("\x1b["), "no colour on xterm: {xterm:?}");
    // …and plain on a dumb one.
    let dumb = list("dumb");
    assert!(dumb.contains(&id), "{dumb}");
    assert!(!dumb.contains('\x1b'), "colour on TERM=dumb: {dumb:?}");
}

#[test]
fn the_verbose_value_column_reads_as_words() {
    let env = Env::new();
    let config = env.write(
        "ops.toml",
        "[thresholds.host]\ncheck_security_updates = false\n",
    );
    let out = env
        .ops()
        .arg("--config")
        .arg(&config)
        .args(["inspect", "host", "local", "--no-record", "-v"])
        .output()
        .unwrap();
    assert!(out.status.code().unwrap() <= 3, "{}", stderr(&out));
    let text = stdout(&out);
    let header = text
        .lines()
        .find(|l| l.contains("VALUE") && l.contains("THRESHOLD"))
        .unwrap_or_else(|| panic!("no detail table: {text}"));
    let (from, to) = (
        header.find("VALUE").unwrap(),
        header.find("THRESHOLD").unwrap(),
    );
    let mut rows = 0;
    for line in text.lines().skip_while(|l| *l != header).skip(1) {
        let value: String = line.chars().skip(from).take(to - from).collect();
        assert!(
            !value.contains('{') && !value.contains('"') && !value.contains('['),
            "raw JSON in VALUE: {value:?}\n{text}"
        );
        rows += 1;
    }
    assert!(rows > 5, "{text}");
    let os = text
        .lines()
        .find(|l| l.trim_start().starts_with("ok") && l.contains(" os "))
        .unwrap_or_else(|| panic!("no os row: {text}"));
    let os_value: String = os.chars().skip(from).take(to - from).collect();
    assert!(os_value.contains("hostname="), "{os_value:?}");
    // JSON keeps the value as data.
    let out = env
        .ops()
        .arg("--config")
        .arg(&config)
        .args([
            "inspect",
            "host",
            "local",
            "--no-record",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let run = json(&out);
    let os = run["targets"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "os")
        .unwrap()
        .clone();
    assert!(os["value"].is_object(), "{os}");
}

/// The example of `ticket new --help`, at any width, is the command as
/// written, and runs.
#[test]
fn the_ticket_new_example_is_verbatim_and_runs() {
    let env = Env::new();
    env.init_records();
    let expected = "Example:
  ops ticket new --customer 'ACME Bank' --site 'Pudong DC' \\
    --contact 'Zhang Wei' --phone '+86 21 5555 0100' \\
    --channel hotline --severity II --category defect-technical \\
    --problem 'core switch reloads' --target sw-core-1 --engineer 'Li Na'
";
    for columns in ["40", "60", "80", "200"] {
        let out = env
            .ops()
            .env("COLUMNS", columns)
            .args(["ticket", "new", "--help"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let help = stdout(&out);
        assert!(
            help.ends_with(expected),
            "COLUMNS={columns}: the example is not verbatim:\n{help}"
        );
    }
    let example = expected.strip_prefix("Example:\n").unwrap();
    let out = env
        .wrapper("sh")
        .arg("-c")
        .arg(format!("ops() {{ \"$OPS\" \"$@\"; }}\n{example}"))
        .env("OPS_RECORDS", &env.records)
        .output()
        .unwrap();
    assert_success(&out);
    let id = stdout(&out).trim().to_string();
    let shown = env
        .ops()
        .env("OPS_RECORDS", &env.records)
        .args(["ticket", "show", &id, "--format", "json"])
        .output()
        .unwrap();
    let t = json(&shown);
    assert_eq!(t["phone"], "+86 21 5555 0100");
    assert_eq!(t["customer"], "ACME Bank");
}

#[test]
fn an_empty_selection_is_nothing_to_inspect() {
    let env = Env::new();
    env.init_records();
    let before = commit_count(&env.records);
    // The inventory `ops init` writes has hosts only.
    for args in [
        vec!["inspect", "db"],
        vec!["inspect", "db", "all"],
        vec!["inspect", "db", "infra"],
        vec!["inspect", "net"],
        vec!["inspect", "net", "infra"],
        vec!["backup", "net"],
    ] {
        let out = env
            .ops()
            .env("OPS_RECORDS", &env.records)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("nothing to inspect")
                || stderr(&out).contains("nothing to back up"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), "", "{args:?}");
        let quiet = env
            .ops()
            .env("OPS_RECORDS", &env.records)
            .arg("-q")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(quiet.status.code(), Some(0));
        assert_eq!(stderr(&quiet), "", "{args:?} under -q");
    }
    let out = env
        .ops()
        .env("OPS_RECORDS", &env.records)
        .args(["inspect", "db", "--format", "json"])
        .output()
        .unwrap();
    let run = json(&out);
    assert_eq!(run["status"], "ok");
    assert_eq!(run["targets"], Value::Array(vec![]));
    assert_eq!(commit_count(&env.records), before, "nothing is recorded");
    // A name that is nothing at all is still an error.
    let out = env
        .ops()
        .env("OPS_RECORDS", &env.records)
        .args(["inspect", "db", "no-such-thing"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64), "a typo: {}", stderr(&out));
}

/// Every `ops` command of examples/cron, run as cron would on a site made
/// with `ops init`, exits 0 (the inspection of this machine: 0 to 3), once
/// a backup set is configured.
#[test]
fn every_cron_line_runs_cleanly_on_a_fresh_site() {
    let cron = include_str!("../examples/cron");
    let mut commands: Vec<Vec<String>> = Vec::new();
    for line in cron.lines() {
        let line = line.trim();
        if line.is_empty()
            || line.starts_with('#')
            || line.contains('=') && !line.contains("ops -q")
        {
            continue;
        }
        // minute hour day month weekday user command
        let command: String = line
            .split_whitespace()
            .skip(6)
            .collect::<Vec<_>>()
            .join(" ");
        for part in command.split(';') {
            let words: Vec<String> = part.split_whitespace().map(String::from).collect();
            assert_eq!(words[0], "ops", "{line}");
            commands.push(words[1..].to_vec());
        }
    }
    let has = |args: &[&str]| {
        commands
            .iter()
            .any(|c| args.iter().all(|a| c.iter().any(|w| w == a)))
    };
    for wanted in [
        &["inspect", "host"][..],
        &["inspect", "db"],
        &["inspect", "net"],
        &["backup", "net"],
        &["backup", "verify"],
        &["report", "daily"],
        &["ticket", "check"],
    ] {
        assert!(has(wanted), "examples/cron does not run {wanted:?}");
    }

    let env = Env::new();
    env.init_records();
    // The daily check the procedures ask for needs a set: one good backup.
    let backups = env.dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let data = b"a daily backup\n";
    std::fs::write(backups.join("app-1.sql"), data).unwrap();
    // Private, as `backup take` writes them (others-readable is a warn).
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        backups.join("app-1.sql"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    let run = |args: &[String]| {
        env.ops()
            .env("OPS_RECORDS", &env.records)
            .args(args)
            .output()
            .unwrap()
    };
    let verify = vec!["-q".to_string(), "backup".into(), "verify".into()];
    let out = run(&verify);
    assert_eq!(
        out.status.code(),
        Some(78),
        "without a set: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("[[backup.set]]"), "{}", stderr(&out));

    let cfg = env.records.join("ops.toml");
    let text = format!(
        "schema = 1\n[thresholds.host]\ncheck_security_updates = false\n\
         [[backup.set]]\nname = \"app\"\npath = \"{}/app-*.sql\"\nkind = \"file\"\n\
         manifest = false\nretention = 1\nmax_age = \"1h\"\n",
        backups.display()
    );
    std::fs::write(&cfg, text).unwrap();
    for args in &commands {
        let out = run(args);
        let code = out.status.code().unwrap();
        if args.iter().any(|a| a == "host") {
            assert!(
                code <= 3,
                "ops {}: exit {code}\n{}",
                args.join(" "),
                stderr(&out)
            );
        } else {
            assert_eq!(
                code,
                0,
                "ops {}: exit {code}\n{}{}",
                args.join(" "),
                stdout(&out),
                stderr(&out)
            );
        }
    }
}

#[test]
fn memory_and_kernel_filesystems_are_not_judged_unless_asked() {
    let env = Env::new();
    // A tmpfs of our own when we may mount one; else the machine's.
    let own = env.dir.path().join("scratch");
    let _mounted = if is_root() {
        std::fs::create_dir_all(&own).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=4m", "opstest"])
            .arg(&own)
            .status()
            .unwrap()
            .success();
        ok.then(|| Unmount(own.clone()))
    } else {
        None
    };
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap();
    let virtual_mounts: Vec<String> = mounts
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            ["tmpfs", "devtmpfs", "cgroup", "cgroup2", "proc", "sysfs"]
                .contains(&f[2])
                .then(|| f[1].replace("\\040", " "))
        })
        .collect();
    let tmpfs: Vec<String> = mounts
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[2] == "tmpfs").then(|| f[1].to_string())
        })
        .collect();
    if tmpfs.is_empty() {
        eprintln!("skipping: no tmpfs on this machine and no root to mount one");
        return;
    }
    let inspect = |extra: &str| {
        let config = env.write(
            "ops.toml",
            &format!("[thresholds.host]\ncheck_security_updates = false\n{extra}"),
        );
        let out = env
            .ops()
            .arg("--config")
            .arg(&config)
            .args([
                "inspect",
                "host",
                "local",
                "--no-record",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert!(out.status.code().unwrap() <= 3, "{}", stderr(&out));
        let run = json(&out);
        run["targets"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["check"] == "fs.usage")
            .map(|f| f["subject"].as_str().unwrap().to_string())
            .collect::<Vec<String>>()
    };
    let judged = inspect("");
    for m in &virtual_mounts {
        assert!(!judged.contains(m), "{m} judged as storage: {judged:?}");
    }
    assert!(
        judged.contains(&"/".to_string()) || !judged.is_empty(),
        "{judged:?}"
    );
    let with_tmpfs = inspect("include_fstypes = [\"tmpfs\"]\n");
    let first = &tmpfs[0];
    assert!(
        with_tmpfs.contains(first),
        "include_fstypes = [\"tmpfs\"] did not judge {first}: {with_tmpfs:?}"
    );
}

struct Unmount(std::path::PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn init_on_an_existing_repository_says_so_and_changes_nothing() {
    let env = Env::new();
    env.init_records();
    std::fs::write(env.records.join("ops.toml"), "schema = 1\n# mine\n").unwrap();
    git(&env.records, &["commit", "-qam", "my settings"]);
    let before = commit_count(&env.records);
    let out = env.ops().arg("init").arg(&env.records).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(env.redact(stdout(&out).trim()), "[TMP]/records");
    assert!(
        stderr(&out).contains("already exists") && stderr(&out).contains("nothing changed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(commit_count(&env.records), before);
    assert_eq!(
        std::fs::read_to_string(env.records.join("ops.toml")).unwrap(),
        "schema = 1\n# mine\n"
    );
    assert_eq!(git(&env.records, &["status", "--porcelain"]), "");
}
