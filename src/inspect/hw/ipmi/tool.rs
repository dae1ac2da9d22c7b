//! Running `ipmitool -I lanplus` on this machine (the jump host), within
//! the deadline and the output cap, with the password on a pipe.
//!
//! The password reaches ipmitool as `-f /dev/fd/3`, the read end of a pipe
//! that holds it and nothing else: never `-P` (visible in `ps`), never `-E`
//! (its environment is readable in `/proc/PID/environ`), never a file on
//! disk. ipmitool reads the first line of the file it is given.

use crate::inspect::db::credentials::Secret;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The file descriptor the password pipe is given as in ipmitool.
const PASSWORD_FD: i32 = 3;

/// Where and as whom to open the RMCP+ session.
#[derive(Debug, Clone)]
pub struct Session {
    pub address: String,
    pub port: u16,
    pub user: Option<String>,
    pub password: Option<Secret>,
    /// The cipher suite (`-C`).
    pub cipher: u8,
    /// Seconds ipmitool waits for each answer (`-N`).
    pub answer_timeout_s: u64,
}

/// How one ipmitool run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ran {
    Exited {
        code: Option<i32>,
        stdout: String,
        stderr: String,
    },
    /// Killed at the deadline, with what it had printed.
    Deadline { stdout: String, stderr: String },
    /// Killed for printing more than the cap.
    Flooded,
    /// No ipmitool on this machine.
    Missing,
    /// It could not be started for another reason.
    Failed(String),
}

/// Run `ipmitool -I lanplus … ARGS` (with `-v` when `verbose`, for the
/// reasons a session fails, which ipmitool prints only then).
pub fn run(s: &Session, args: &[&str], verbose: bool, deadline: Instant, cap: u64) -> Ran {
    let (read_end, write_end) = match pipe() {
        Ok(p) => p,
        Err(e) => return Ran::Failed(format!("cannot make the password pipe: {e}")),
    };
    {
        let mut w = std::fs::File::from(write_end);
        let pw = s.password.as_ref().map(|p| p.expose()).unwrap_or("");
        // An IPMI password is at most 20 bytes: far below the pipe's buffer.
        if let Err(e) = std::io::Write::write_all(&mut w, format!("{pw}\n").as_bytes()) {
            return Ran::Failed(format!("cannot write the password pipe: {e}"));
        }
    }
    let mut cmd = crate::secret_env::command("ipmitool");
    if verbose {
        cmd.arg("-v");
    }
    cmd.args(["-I", "lanplus", "-H", &s.address, "-p", &s.port.to_string()]);
    // Every command run reads: the session asks for USER privilege only,
    // so a read-only BMC account is enough (ipmitool asks for
    // ADMINISTRATOR unless told).
    cmd.args(["-C", &s.cipher.to_string(), "-L", "USER"]);
    cmd.args(["-N", &s.answer_timeout_s.max(1).to_string(), "-R", "2"]);
    if let Some(u) = &s.user {
        cmd.args(["-U", u]);
    }
    cmd.args(["-f", &format!("/dev/fd/{PASSWORD_FD}")]);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let fd = read_end.as_raw_fd();
    // SAFETY: between fork and exec only async-signal-safe calls (dup2, fcntl).
    unsafe {
        cmd.pre_exec(move || {
            if fd == PASSWORD_FD {
                let flags = libc::fcntl(fd, libc::F_GETFD);
                if flags < 0 || libc::fcntl(fd, libc::F_SETFD, flags & !libc::FD_CLOEXEC) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
            } else if libc::dup2(fd, PASSWORD_FD) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ran::Missing,
        Err(e) => return Ran::Failed(format!("cannot start ipmitool: {e}")),
    };
    drop(read_end);
    let pgid = child.id() as i32;
    let taken = Arc::new(AtomicU64::new(0));
    let out = reader(child.stdout.take(), taken.clone(), cap);
    let err = reader(child.stderr.take(), taken.clone(), cap);
    let kill = |child: &mut std::process::Child| {
        // SAFETY: kill(2) with a negative pid signals our own child's group.
        unsafe { libc::kill(-pgid, libc::SIGKILL) };
        let _ = child.wait();
    };
    let text = |h: std::thread::JoinHandle<Vec<u8>>| {
        String::from_utf8_lossy(&h.join().unwrap_or_default()).into_owned()
    };
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let (stdout, stderr) = (text(out), text(err));
                if taken.load(Ordering::Relaxed) > cap {
                    return Ran::Flooded;
                }
                return Ran::Exited {
                    code: status.code(),
                    stdout,
                    stderr,
                };
            }
            Ok(None) => {}
            Err(e) => {
                kill(&mut child);
                return Ran::Failed(format!("cannot wait for ipmitool: {e}"));
            }
        }
        if taken.load(Ordering::Relaxed) > cap {
            kill(&mut child);
            return Ran::Flooded;
        }
        if Instant::now() >= deadline {
            kill(&mut child);
            return Ran::Deadline {
                stdout: text(out),
                stderr: text(err),
            };
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0i32; 2];
    // SAFETY: pipe2 fills the two descriptors, which we then own.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: both are fresh descriptors nobody else owns.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

fn reader<R: Read + Send + 'static>(
    pipe: Option<R>,
    taken: Arc<AtomicU64>,
    cap: u64,
) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let Some(mut p) = pipe else { return buf };
        let mut chunk = [0u8; 8 * 1024];
        while let Ok(n) = p.read(&mut chunk) {
            if n == 0 || taken.fetch_add(n as u64, Ordering::Relaxed) + n as u64 > cap {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        buf
    })
}
