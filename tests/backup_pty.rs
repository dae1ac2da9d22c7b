//! `ops backup` on a terminal: a progress bar with bytes per second on
//! stderr, and none under `-q` (cron).

mod support;

use support::{Env, pty};

fn run_on_pty(env: &Env, args: &[&str]) -> String {
    let mut cmd = pty::command(env);
    cmd.env("COLUMNS", "120").args(args);
    pty::screen(cmd)
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
