//! A closed stdout never makes `ops` panic: every command's output is piped
//! into a reader that closes after the first line (as `| head -1` does), and
//! into one that is closed before anything is written, and the command must
//! end with its own exit status, never Rust's panic status 101.

mod support;

use std::io::Read;
use std::process::{Command, Stdio};
use support::*;

/// How the reader treats the pipe.
#[derive(Debug, Clone, Copy)]
enum Reader {
    /// Read the first line, then close (`| head -1`).
    FirstLine,
    /// Closed before `ops` writes anything.
    Closed,
}

/// Run `cmd` with its stdout going to `reader`; its exit code and stderr.
fn run_into(mut cmd: Command, reader: Reader) -> (i32, String) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    if let Reader::FirstLine = reader {
        let mut byte = [0u8; 1];
        while let Ok(1) = out.read(&mut byte) {
            if byte[0] == b'\n' {
                break;
            }
        }
    }
    drop(out);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    (status.code().unwrap_or(-1), err)
}

#[test]
fn every_command_into_a_closed_pipe_ends_without_a_panic() {
    let env = Env::new();
    env.init_records();
    let records = env.records.to_str().unwrap().to_string();
    std::fs::write(
        env.records.join("ops.toml"),
        "schema = 1\n[thresholds.host]\ncheck_security_updates = false\n",
    )
    .unwrap();
    let now = "2026-11-20T09:40:00Z";
    // A ticket, overdue at `now`, so that list, show and check have rows.
    let mut new = env.ops();
    new.env("OPS_NOW", "2026-11-20T09:00:00Z")
        .args(["--records", &records])
        .args(TICKET_NEW);
    let out = new.output().unwrap();
    assert_success(&out);
    let id = stdout(&out).trim().to_string();
    let backup = env.write("backups/etc.tar.gz", "not really an archive\n");
    let capture = env.write(
        "show_version.txt",
        include_str!("fixtures/devices/cisco_ios/show_version/cisco_ios_show_version.raw"),
    );
    let init_dir = env.dir.path().join("another");
    let init_dir = init_dir.to_str().unwrap();
    let backup = backup.to_str().unwrap();
    let capture = capture.to_str().unwrap();

    let commands: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["--version"],
        vec!["help", "inspect"],
        vec!["ticket", "new", "--help"],
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["completions", "fish"],
        vec!["init", init_dir],
        vec!["init", &records],
        vec!["inspect", "host", "--show-script"],
        vec!["inspect", "host", "local", "--no-record"],
        vec!["inspect", "host", "local", "--no-record", "-v"],
        vec![
            "inspect",
            "host",
            "local",
            "--no-record",
            "--format",
            "json",
        ],
        vec!["inspect", "db"],
        vec!["inspect", "net"],
        vec!["backup", "verify", backup, "--no-record"],
        vec!["ticket", "list", "all"],
        vec!["ticket", "list", "--format", "json"],
        vec!["ticket", "show", &id],
        vec!["ticket", "check"],
        vec!["report", "daily", "--no-record"],
        vec!["report", "weekly", "--no-record", "--format", "json"],
        vec!["runbook", "list"],
        vec!["runbook", "show", "no-network"],
        vec!["runbook", "show", "no-network", "--mermaid"],
        vec!["runbook", "check"],
        vec!["parse", "cisco_ios", "show version", capture],
        vec![
            "parse",
            "cisco_ios",
            "show version",
            capture,
            "--format",
            "json",
        ],
        vec!["diagnose", "no-power"],
    ];
    for args in &commands {
        for reader in [Reader::FirstLine, Reader::Closed] {
            let mut cmd = env.ops();
            cmd.env("OPS_NOW", now)
                .env("OPS_RECORDS", &env.records)
                .args(args);
            let (code, err) = run_into(cmd, reader);
            assert!(
                code != 101 && !err.contains("panicked"),
                "`ops {}` into a {reader:?} pipe: exit {code}\n{err}",
                args.join(" ")
            );
            assert!(
                !err.contains("Broken pipe"),
                "`ops {}` into a {reader:?} pipe complained:\n{err}",
                args.join(" ")
            );
        }
    }
}

/// The shell pipeline of the issue, exit status of `ops` itself.
#[test]
fn completions_piped_into_head_exit_0() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = env
            .wrapper("bash")
            .arg("-c")
            .arg(format!(
                "\"$OPS\" completions {shell} | head -1; echo \"ops=${{PIPESTATUS[0]}}\""
            ))
            .output()
            .unwrap();
        let text = stdout(&out);
        assert!(
            text.ends_with("ops=0\n"),
            "{shell}: {text}\n{}",
            stderr(&out)
        );
        assert_eq!(text.lines().count(), 2, "{shell}: {text}");
        assert_eq!(stderr(&out), "", "{shell}");
    }
}
