//! `ops backup` on a terminal: a progress bar with bytes per second on
//! stderr, and none under `-q` (cron).

mod support;

use expectrl::{Eof, Session};
use std::process::Command;
use std::time::Duration;
use support::Env;

fn run_on_pty(env: &Env, args: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ops"));
    cmd.env_clear()
        .env("HOME", &env.home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("COLUMNS", "120")
        .env("LC_ALL", "C.UTF-8")
        .current_dir(env.dir.path())
        .args(args);
    let mut s = Session::spawn(cmd).expect("spawn ops on a pseudo-terminal");
    s.set_expect_timeout(Some(Duration::from_secs(60)));
    let out = s.expect(Eof).expect("ops exits");
    let mut text = String::from_utf8_lossy(out.before()).into_owned();
    for m in out.matches() {
        text.push_str(&String::from_utf8_lossy(m));
    }
    text
}

#[test]
fn a_terminal_shows_progress_with_bytes_per_second_and_quiet_hides_it() {
    let env = Env::new();
    let src = env.dir.path().join("data");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("big.bin"), vec![7u8; 8 << 20]).unwrap();
    let bk = env.dir.path().join("bk");

    let screen = run_on_pty(
        &env,
        &[
            "backup",
            "take",
            "--no-record",
            "--dir",
            bk.to_str().unwrap(),
            src.to_str().unwrap(),
        ],
    );
    assert!(screen.contains("archiving"), "{screen}");
    assert!(screen.contains("B/s"), "bytes per second shown: {screen}");
    let archive = std::fs::read_dir(&bk)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".tar.zst"))
        .unwrap();

    let screen = run_on_pty(
        &env,
        &["backup", "verify", "--no-record", archive.to_str().unwrap()],
    );
    assert!(screen.contains("verifying"), "{screen}");
    assert!(screen.contains("B/s"), "{screen}");

    let screen = run_on_pty(
        &env,
        &[
            "-q",
            "backup",
            "verify",
            "--no-record",
            archive.to_str().unwrap(),
        ],
    );
    assert!(
        !screen.contains("verifying") && !screen.contains("B/s"),
        "-q draws no bar: {screen}"
    );
    assert!(
        screen.contains(": ok (1 backup, 1 read"),
        "the result is still printed: {screen}"
    );
}
