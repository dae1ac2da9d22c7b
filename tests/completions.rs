//! The completion scripts in `completions/` and the manual pages in `man/`
//! match what the binary generates, and the bash script completes what only
//! the records repository knows (inventory names and groups, ticket ids,
//! runbook ids). After changing the CLI:
//! `UPDATE_COMPLETIONS=1 cargo test --test completions`.

mod support;

use std::path::Path;
use support::{Env, TICKET_NEW, assert_success, stdout};

#[test]
fn completion_scripts_are_in_sync_with_the_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let env = support::Env::new();
    for (shell, file) in [("bash", "ops.bash"), ("zsh", "_ops"), ("fish", "ops.fish")] {
        let out = env.ops().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let generated = String::from_utf8(out.stdout).unwrap();
        assert!(
            generated.contains("inspect"),
            "{shell} script does not know the inspect command"
        );
        let path = dir.join(file);
        if std::env::var_os("UPDATE_COMPLETIONS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is out of date: run `UPDATE_COMPLETIONS=1 cargo test --test completions`",
            path.display()
        );
    }
}

/// The manual pages in `man/` match the clap tree: one page per command and
/// subcommand (`ops.1`, `ops-inspect-host.1`, …). After changing the CLI:
/// `UPDATE_COMPLETIONS=1 cargo test --test completions`.
#[test]
fn man_pages_are_in_sync_with_the_cli() {
    use clap::CommandFactory;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let fresh = tempfile::tempdir().unwrap();
    clap_mangen::generate_to(ops::cli::Cli::command(), fresh.path()).unwrap();
    let pages = |d: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(d)
            .into_iter()
            .flatten()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".1"))
            .collect();
        names.sort();
        names
    };
    let generated = pages(fresh.path());
    assert!(
        generated.contains(&"ops-inspect-host.1".to_string()),
        "{generated:?}"
    );
    assert!(
        generated.contains(&"ops-backup-verify.1".to_string()),
        "{generated:?}"
    );
    assert!(
        !generated.iter().any(|n| n == "ops-complete.1"),
        "a hidden command has no page: {generated:?}"
    );
    if std::env::var_os("UPDATE_COMPLETIONS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for name in &generated {
            std::fs::copy(fresh.path().join(name), dir.join(name)).unwrap();
        }
        return;
    }
    let hint = "run `UPDATE_COMPLETIONS=1 cargo test --test completions`";
    assert_eq!(pages(&dir), generated, "man/ lists other pages: {hint}");
    for name in &generated {
        let want = std::fs::read_to_string(fresh.path().join(name)).unwrap();
        let have = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(have == want, "man/{name} is out of date: {hint}");
    }
}

/// What the committed bash script offers for `words`, the last one being
/// completed, run in `env`'s directory with `ops` on PATH.
fn bash_candidates(env: &Env, words: &[&str]) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/ops.bash");
    let bin_dir = support::ops_bin().parent().unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\n\
         _ops_dynamic ops \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        quoted.join(" "),
        words.len() - 1
    );
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = env
        .wrapper("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .env("PATH", path)
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut words: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    words.sort();
    words
}

#[test]
fn bash_completes_inventory_names_ticket_ids_and_runbook_ids() {
    let env = Env::new();
    env.init_records();
    std::fs::write(
        env.records.join("inventory.toml"),
        "[[host]]\nname = \"web01\"\naddress = \"10.0.0.1\"\ngroups = [\"web\"]\n\n\
         [[host]]\nname = \"web02\"\naddress = \"10.0.0.2\"\n\n\
         [[db]]\nname = \"app-db\"\nengine = \"postgres\"\naddress = \"10.0.0.5\"\nuser = \"app\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(env.records.join("runbooks")).unwrap();
    let rb = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("runbooks/no-power.toml"),
    )
    .unwrap()
    .replacen("id = \"no-power\"", "id = \"site-ups\"", 1);
    std::fs::write(env.records.join("runbooks/site-ups.toml"), rb).unwrap();
    let out = env
        .ops()
        .arg("--records")
        .arg(&env.records)
        .args(TICKET_NEW)
        .output()
        .unwrap();
    assert_success(&out);
    let ticket = stdout(&out).trim().to_string();
    assert!(ticket.starts_with("T-"), "{ticket}");

    let records = env.records.to_str().unwrap();
    let r = |words: &[&str]| -> Vec<String> {
        let mut all = vec!["ops", "--records", records];
        all.extend_from_slice(words);
        bash_candidates(&env, &all)
    };
    assert_eq!(r(&["inspect", "host", "w"]), ["web", "web01", "web02"]);
    assert_eq!(
        r(&["inspect", "host", ""]),
        ["all", "local", "web", "web01", "web02"]
    );
    assert_eq!(r(&["inspect", "db", "a"]), ["all", "app-db"]);
    assert_eq!(r(&["ticket", "show", "T-"]), [ticket.as_str()]);
    assert_eq!(
        r(&["inspect", "host", "web01", "--ticket", ""]),
        [ticket.as_str()]
    );
    assert_eq!(r(&["runbook", "show", "s"]), ["site-ups"]);
    assert_eq!(
        r(&["diagnose", "no-"]),
        ["no-display", "no-network", "no-power"]
    );
    // Elsewhere clap's completion answers: subcommands and options.
    assert!(r(&["inspect", ""]).contains(&"host".to_string()));
    assert!(r(&["inspect", "host", "--time"]).contains(&"--timeout".to_string()));

    // Inside the repository, without --records: found the usual way.
    let out = env
        .ops()
        .args(["complete", "tickets"])
        .current_dir(&env.records)
        .output()
        .unwrap();
    assert_eq!(stdout(&out).trim(), ticket);
    // No repository, or a wrong one: nothing, quietly, exit 0.
    for args in [
        vec!["complete", "tickets"],
        vec!["--records", "/nonexistent", "complete", "hosts"],
    ] {
        let out = env.ops().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert_eq!(stderr_text(&out), "", "{args:?}");
    }
}

fn stderr_text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
