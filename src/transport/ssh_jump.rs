//! ProxyJump: the target's SSH session runs through a `direct-tcpip` channel
//! of the jump host's session.
//!
//! libssh2 needs a file descriptor for its transport, so the inner session
//! gets one end of a socket pair and a pump thread copies bytes between the
//! other end and the channel. The jump session is owned by that thread alone.
//!
//! A chain of jump hosts nests tunnels: the session to hop N runs over the
//! tunnel through hop N-1, so each tunnel keeps the one it runs over alive
//! (`upstream`) and is torn down before it.

use super::pump::pump;
use super::remaining;
use anyhow::{Context, Result};
use ssh2::Session;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Instant;

pub struct Tunnel {
    inner_end: UnixStream,
    stop: Arc<AtomicBool>,
    pump: Option<JoinHandle<()>>,
    /// The tunnel the jump session itself runs over (a chain of hops);
    /// dropped after this one's pump has stopped.
    _upstream: Option<Box<Tunnel>>,
}

impl Tunnel {
    pub fn open(
        session: Session,
        upstream: Option<Tunnel>,
        host: &str,
        port: u16,
        deadline: Instant,
    ) -> Result<Tunnel> {
        session.set_timeout(
            remaining(deadline, "opening the forwarded channel")?
                .as_millis()
                .clamp(1, u32::MAX as u128) as u32,
        );
        let channel = session
            .channel_direct_tcpip(host, port, None)
            .map_err(|e| anyhow::anyhow!("{}", e.message()))?;
        let (ours, theirs) = UnixStream::pair().context("failed to create a socket pair")?;
        ours.set_nonblocking(true)?;
        session.set_blocking(false);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let pump = std::thread::spawn(move || pump(session, channel, ours, &flag));
        Ok(Tunnel {
            inner_end: theirs,
            stop,
            pump: Some(pump),
            _upstream: upstream.map(Box::new),
        })
    }

    /// The descriptor the inner session talks through.
    pub fn stream(&self) -> Result<UnixStream> {
        self.inner_end
            .try_clone()
            .context("failed to clone the tunnel socket")
    }
}

impl Drop for Tunnel {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.inner_end.shutdown(std::net::Shutdown::Both);
        if let Some(p) = self.pump.take() {
            let _ = p.join();
        }
    }
}
