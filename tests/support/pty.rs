//! `ops` on a pseudo-terminal, as an engineer runs it: stdin, stdout and
//! stderr are one terminal (expectrl), so that prompts, menus, progress bars
//! and colour behave as they do at a desk.
//!
//! [`command`] is [`Env::ops`] as a terminal session sees it; [`spawn`] starts
//! any such command for a test that answers prompts, and [`screen`] runs one
//! to its end and returns everything it showed.

use super::Env;
use expectrl::{Eof, Session};
use std::process::Command;
use std::time::Duration;

/// How long one `expect` waits for the screen to show what a test wants.
pub const EXPECT_TIMEOUT: Duration = Duration::from_secs(60);

/// `ops` in the hermetic environment of [`Env::ops`], set up for a terminal:
/// a terminal type menus can draw on, a UTF-8 locale, and the terminal's own
/// size rather than `COLUMNS`.
pub fn command(env: &Env) -> Command {
    let mut cmd = env.ops();
    cmd.env("TERM", "xterm")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("COLUMNS");
    cmd
}

/// `cmd` started on a fresh pseudo-terminal.
pub fn spawn(cmd: Command) -> Session {
    let mut s = Session::spawn(cmd).expect("spawn ops on a pseudo-terminal");
    s.set_expect_timeout(Some(EXPECT_TIMEOUT));
    s
}

/// Run `cmd` on a fresh pseudo-terminal to its end; everything it showed
/// there (stdout and stderr, as the terminal received them).
pub fn screen(cmd: Command) -> String {
    let mut s = spawn(cmd);
    let out = s.expect(Eof).expect("ops exits");
    let mut text = String::from_utf8_lossy(out.before()).into_owned();
    for m in out.matches() {
        text.push_str(&String::from_utf8_lossy(m));
    }
    text
}
