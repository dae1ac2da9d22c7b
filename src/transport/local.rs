//! The local transport: the command runs on this machine under `sh -c`, in
//! its own process group so that a deadline kills everything it started.
//! The two streams together may hold the default output cap; a command that
//! prints more is killed and fails with [`Cut::Output`].

use super::limits::{Cut, DEFAULT_MAX_OUTPUT};
use super::{Output, Transport};
use anyhow::{Context, Result, bail};
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub struct Local;

impl Transport for Local {
    fn exec(&mut self, command: &str, stdin: &[u8], deadline: Instant) -> Result<Output> {
        let mut child = crate::secret_env::command("sh")
            .arg("-c")
            .arg(command)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .context("failed to start sh")?;
        let pgid = child.id() as i32;
        let mut input = child.stdin.take();
        let input_bytes = stdin.to_vec();
        let writer = std::thread::spawn(move || {
            if let Some(mut pipe) = input.take() {
                // The command may exit without reading its input; that is not an error.
                let _ = pipe.write_all(&input_bytes);
            }
        });
        let taken = Arc::new(AtomicU64::new(0));
        let stdout = read_in_background(child.stdout.take(), taken.clone());
        let stderr = read_in_background(child.stderr.take(), taken.clone());
        let status = loop {
            if let Some(status) = child.try_wait().context("failed to wait for sh")? {
                break status;
            }
            let flooded = taken.load(Ordering::Relaxed) > DEFAULT_MAX_OUTPUT;
            if flooded || Instant::now() >= deadline {
                // SAFETY: kill(2) with a negative pid signals our own child's group.
                unsafe { libc::kill(-pgid, libc::SIGKILL) };
                let _ = child.wait();
                if flooded {
                    bail!(Cut::Output(DEFAULT_MAX_OUTPUT));
                }
                return Err(anyhow::Error::new(Cut::Deadline)
                    .context("the command was killed at the deadline"));
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        if taken.load(Ordering::Relaxed) > DEFAULT_MAX_OUTPUT {
            bail!(Cut::Output(DEFAULT_MAX_OUTPUT));
        }
        let _ = writer.join();
        Ok(Output {
            stdout: String::from_utf8_lossy(&stdout.join().unwrap_or_default()).into_owned(),
            stderr: String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned(),
            exit_status: status.code(),
        })
    }
}

/// Read `pipe` to its end, counting into `taken`, until the streams together
/// pass the cap (then stop; the command is killed).
fn read_in_background<R: Read + Send + 'static>(
    pipe: Option<R>,
    taken: Arc<AtomicU64>,
) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let Some(mut p) = pipe else { return buf };
        let mut chunk = [0u8; 16 * 1024];
        while let Ok(n) = p.read(&mut chunk) {
            if n == 0
                || taken.fetch_add(n as u64, Ordering::Relaxed) + n as u64 > DEFAULT_MAX_OUTPUT
            {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        buf
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_with_stdin_and_reports_status() {
        let out = Local
            .exec(
                "cat; echo err >&2; exit 3",
                b"hello",
                Instant::now() + Duration::from_secs(5),
            )
            .unwrap();
        assert_eq!(
            (out.stdout.as_str(), out.stderr.as_str(), out.exit_status),
            ("hello", "err\n", Some(3))
        );
    }

    #[test]
    fn a_hanging_command_is_cut_at_the_deadline() {
        let started = Instant::now();
        let err = Local
            .exec(
                "sleep 30 & sleep 30",
                b"",
                Instant::now() + Duration::from_millis(300),
            )
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(3));
        assert_eq!(
            super::super::limits::cut_of(&err),
            Some(Cut::Deadline),
            "{err}"
        );
    }

    #[test]
    fn a_flood_is_cut_at_the_cap() {
        let started = Instant::now();
        let err = Local
            .exec("yes", b"", Instant::now() + Duration::from_secs(60))
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(30));
        assert_eq!(err.to_string(), "output exceeded 16 MiB");
    }
}
