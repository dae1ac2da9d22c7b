//! Where a probe runs: [`ProbeRunner`] and its two runners, [`LocalRunner`]
//! (this machine, by exec or `sh -c`) and [`TransportRunner`] (a target, the
//! script on `sh -s`'s stdin). Both end a probe at its deadline (here, its
//! whole process group) and bound what it may print: here 64 KiB of each
//! stream are kept, over a transport its output cap applies.

use super::catalog::PRELUDE;
use crate::transport::{Cut, Transport};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What a probe printed and how it ended.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeOutput {
    /// Exit status; `None` when it was killed (timeout) or ended by a signal.
    pub exit_status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub timed_out: bool,
}

/// Runs a probe's shell script somewhere: here, or on a target.
pub trait ProbeRunner {
    /// Where probes run, as recorded in the walk ("local", an inventory name, `user@host`).
    fn target(&self) -> String;

    /// Run `script` with `sh -c` and return within `timeout`. An `Err` means the
    /// script could not be run at all (no connection), not that it failed.
    fn run(&mut self, script: &str, timeout: Duration) -> Result<ProbeOutput>;

    /// Run a program with these arguments, without a shell interpreting them.
    /// By default as a script of one `exec` line with every word quoted (for
    /// runners that can only send a command line); a missing program exits 127.
    fn exec(&mut self, argv: &[String], timeout: Duration) -> Result<ProbeOutput> {
        self.run(&exec_script(argv), timeout)
    }
}

/// `PRELUDE`, then `exec` of the quoted words, or exit 127 when the program
/// is not installed.
pub fn exec_script(argv: &[String]) -> String {
    let words: Vec<String> = argv.iter().map(|w| quote(w)).collect();
    let program = words.first().cloned().unwrap_or_else(|| "''".into());
    format!(
        "{PRELUDE}command -v {program} >/dev/null 2>&1 || {{ printf '%s is not installed\\n' {program} >&2; exit 127; }}\nexec {}\n",
        words.join(" ")
    )
}

/// One word for a POSIX shell, taken literally.
fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// Runs probes on this machine with `sh -c`, killing the whole process group
/// when the deadline passes.
#[derive(Debug, Default, Clone)]
pub struct LocalRunner;

/// Output kept per stream; the rest is dropped with a note.
const MAX_OUTPUT: usize = 64 * 1024;

impl ProbeRunner for LocalRunner {
    fn target(&self) -> String {
        "local".to_string()
    }

    fn run(&mut self, script: &str, timeout: Duration) -> Result<ProbeOutput> {
        run_local(script, timeout)
    }

    fn exec(&mut self, argv: &[String], timeout: Duration) -> Result<ProbeOutput> {
        exec_local(argv, timeout)
    }
}

/// Where programs are looked up first, as the built-in scripts do.
const STANDARD_PATH: &str = "/usr/sbin:/usr/bin:/sbin:/bin";

/// Exec `argv` here, without a shell, with the same locale and path as the
/// built-in scripts. A program that is not installed exits 127 (126 when it
/// cannot be executed), as it would under a shell.
pub fn exec_local(argv: &[String], timeout: Duration) -> Result<ProbeOutput> {
    let Some((program, args)) = argv.split_first() else {
        anyhow::bail!("an empty command");
    };
    let path = match std::env::var("PATH") {
        Ok(p) if !p.is_empty() => format!("{STANDARD_PATH}:{p}"),
        _ => STANDARD_PATH.to_string(),
    };
    let mut command = crate::secret_env::command(program);
    command.args(args).env("LC_ALL", "C").env("PATH", path);
    match wait_with_deadline(command, timeout, program) {
        Err(e) => {
            let code = match e.downcast_ref::<std::io::Error>().map(|e| e.kind()) {
                Some(std::io::ErrorKind::NotFound) => 127,
                Some(std::io::ErrorKind::PermissionDenied) => 126,
                _ => return Err(e),
            };
            Ok(ProbeOutput {
                exit_status: Some(code),
                stdout: String::new(),
                stderr: if code == 127 {
                    format!("{program} is not installed\n")
                } else {
                    format!("{program} cannot be executed\n")
                },
                timed_out: false,
            })
        }
        ok => ok,
    }
}

/// Runs probes through a transport (SSH to a target): the script goes to
/// `sh -s` on the target's stdin, so it is never re-quoted for a remote shell.
pub struct TransportRunner {
    name: String,
    transport: Box<dyn Transport>,
}

impl TransportRunner {
    /// `name` is how the target is recorded (inventory name or `user@host`).
    pub fn new(name: impl Into<String>, transport: Box<dyn Transport>) -> Self {
        TransportRunner {
            name: name.into(),
            transport,
        }
    }
}

impl ProbeRunner for TransportRunner {
    fn target(&self) -> String {
        self.name.clone()
    }

    fn run(&mut self, script: &str, timeout: Duration) -> Result<ProbeOutput> {
        let deadline = Instant::now() + timeout;
        match self
            .transport
            .run_script(&crate::transport::Script::new(script.to_owned()), deadline)
        {
            Ok(out) => Ok(ProbeOutput {
                exit_status: out.exit_status,
                stdout: out.stdout,
                stderr: out.stderr,
                timed_out: false,
            }),
            // Cut at the deadline: the probe's verdict is fail, the walk goes on.
            // Past the output cap: the probe fails with that reason, the walk goes on.
            Err(e) if matches!(crate::transport::limits::cut_of(&e), Some(Cut::Output(_))) => {
                Ok(ProbeOutput {
                    exit_status: None,
                    stdout: String::new(),
                    stderr: e.root_cause().to_string(),
                    timed_out: false,
                })
            }
            Err(e) if Instant::now() >= deadline => Ok(ProbeOutput {
                exit_status: None,
                stdout: String::new(),
                stderr: format!("{e:#}"),
                timed_out: true,
            }),
            Err(e) => Err(e.context(format!("lost the connection to {}", self.name))),
        }
    }
}

/// `sh -c script` with a deadline, stdin closed, and both streams captured.
pub fn run_local(script: &str, timeout: Duration) -> Result<ProbeOutput> {
    let mut command = crate::secret_env::command("sh");
    command.arg("-c").arg(script);
    wait_with_deadline(command, timeout, "sh").context("failed to start sh")
}

/// Run `command` with a deadline, stdin closed, and both streams captured; an
/// `Err` carrying the `io::Error` when it cannot be started.
fn wait_with_deadline(mut command: Command, timeout: Duration, name: &str) -> Result<ProbeOutput> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(anyhow::Error::new)?;
    let stdout = reader(child.stdout.take().expect("piped stdout"));
    let stderr = reader(child.stderr.take().expect("piped stderr"));
    let deadline = Instant::now() + timeout;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child
            .try_wait()
            .with_context(|| format!("failed to wait for {name}"))?
        {
            break Some(status);
        }
        if Instant::now() >= deadline {
            timed_out = true;
            // The script's children share its process group: end them all.
            // SAFETY: kill(2) with a negative pid signals our own child's group.
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    // A grandchild that left the group could hold the pipes open: do not wait for ever.
    let collect = |rx: mpsc::Receiver<Vec<u8>>| {
        rx.recv_timeout(Duration::from_secs(2))
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    };
    Ok(ProbeOutput {
        exit_status: status.and_then(|s| s.code()),
        stdout: collect(stdout),
        stderr: collect(stderr),
        timed_out,
    })
}

fn reader<R: Read + Send + 'static>(mut stream: R) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buf = [0u8; 8192];
        let mut dropped = false;
        loop {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = MAX_OUTPUT.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                    dropped |= n > room;
                }
            }
        }
        if dropped {
            kept.extend_from_slice(b"\n[output truncated]\n");
        }
        let _ = tx.send(kept);
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_runner_captures_and_times_out() {
        let o = run_local("echo out; echo err >&2; exit 3", Duration::from_secs(5)).unwrap();
        assert_eq!(
            (
                o.exit_status,
                o.stdout.as_str(),
                o.stderr.as_str(),
                o.timed_out
            ),
            (Some(3), "out\n", "err\n", false)
        );
        let start = Instant::now();
        let o = run_local(
            "echo started; sleep 30 & sleep 30",
            Duration::from_millis(300),
        )
        .unwrap();
        assert!(o.timed_out);
        assert_eq!(o.exit_status, None);
        assert_eq!(o.stdout, "started\n");
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
    }
}
