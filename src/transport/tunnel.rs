//! Port forwarding for clients that need a socket they can connect to, such
//! as database drivers: a `direct-tcpip` channel of an SSH session to
//! `host:port` (as seen from the SSH server), offered here as a unix socket in
//! a private directory.
//!
//! A unix socket in a directory only our user can enter, rather than a TCP
//! port on 127.0.0.1, so that no other local user can ride the tunnel in the
//! moment between listening and the driver connecting. One forward carries one
//! connection, which is all an inspection opens.
//!
//! The channel is opened before the socket is offered, so "the SSH server
//! could not connect" is told apart from everything after it
//! ([`ForwardError::Refused`] against [`ForwardError::Other`]). While the
//! forward lives, its pump thread drives the session in non-blocking mode;
//! dropping the forward stops the pump and gives the session back in blocking
//! mode, ready for exec channels again.

use super::pump::{pump, wait_readable};
use super::remaining;
use anyhow::{Context, Result, anyhow};
use ssh2::Session;
use std::io::ErrorKind;
use std::os::fd::AsRawFd;
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Why a forward could not be opened.
#[derive(Debug)]
pub enum ForwardError {
    /// The SSH server tried and could not connect to the destination
    /// (nothing listening, or unreachable from there).
    Refused(String),
    /// Anything else: forwarding prohibited, session trouble, local errors.
    Other(anyhow::Error),
}

impl std::fmt::Display for ForwardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ForwardError::Refused(m) => f.write_str(m),
            ForwardError::Other(e) => write!(f, "{e:#}"),
        }
    }
}

pub struct Forward {
    dir: PathBuf,
    socket: PathBuf,
    session: Session,
    stop: Arc<AtomicBool>,
    pump: Option<JoinHandle<()>>,
}

impl Forward {
    /// Open a channel to `host:port` through `session` and listen for one
    /// local connection on `<private dir>/<file_name>`.
    pub fn open(
        session: &Session,
        host: &str,
        port: u16,
        file_name: &str,
        deadline: Instant,
    ) -> std::result::Result<Forward, ForwardError> {
        let budget =
            remaining(deadline, "opening the forwarded channel").map_err(ForwardError::Other)?;
        session.set_blocking(true);
        session.set_timeout(budget.as_millis().clamp(1, u32::MAX as u128) as u32);
        let channel = session
            .channel_direct_tcpip(host, port, None)
            .map_err(|e| {
                // RFC 4254 reason 2 (connect failed) is what OpenSSH sends when
                // nothing listens; libssh2 puts the reason in the message.
                let msg = e.message().to_string();
                if msg.contains("connect failed") || msg.contains("Connection refused") {
                    ForwardError::Refused(format!(
                        "the SSH server could not connect to {host}:{port} ({msg})"
                    ))
                } else {
                    ForwardError::Other(anyhow!(
                        "could not open a forwarded channel to {host}:{port}: {msg}"
                    ))
                }
            })?;
        let dir = private_dir().map_err(ForwardError::Other)?;
        let socket = dir.join(file_name);
        let listener = UnixListener::bind(&socket)
            .with_context(|| format!("failed to listen on {}", socket.display()))
            .map_err(ForwardError::Other)?;
        listener
            .set_nonblocking(true)
            .map_err(|e| ForwardError::Other(e.into()))?;
        session.set_blocking(false);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let pump_session = session.clone();
        let pump = std::thread::spawn(move || {
            if let Some(local) = accept_one(&listener, &flag, deadline) {
                drop(listener);
                pump(pump_session, channel, local, &flag);
            }
        });
        Ok(Forward {
            dir,
            socket,
            session: session.clone(),
            stop,
            pump: Some(pump),
        })
    }

    /// The socket the client connects to.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// The directory holding the socket.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Forward {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(p) = self.pump.take() {
            let _ = p.join();
        }
        self.session.set_blocking(true);
        let _ = std::fs::remove_file(&self.socket);
        let _ = std::fs::remove_dir(&self.dir);
    }
}

/// A fresh directory only this user can enter, under the temp dir.
fn private_dir() -> Result<PathBuf> {
    let base = std::env::temp_dir();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    for attempt in 0..100u32 {
        let dir = base.join(format!(
            "ops-forward-{}-{:08x}",
            std::process::id(),
            nanos.wrapping_add(attempt.wrapping_mul(7919))
        ));
        match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e).with_context(|| format!("failed to create {}", dir.display())),
        }
    }
    Err(anyhow!(
        "failed to create a private directory under {}",
        base.display()
    ))
}

fn accept_one(listener: &UnixListener, stop: &AtomicBool, deadline: Instant) -> Option<UnixStream> {
    while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(true).ok()?;
                return Some(stream);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                wait_readable(listener.as_raw_fd(), Duration::from_millis(20))
            }
            Err(_) => return None,
        }
    }
    None
}
