//! Carrying bytes between a local socket and an SSH channel, for the jump
//! host's forwarding and the database tunnel. The session is set to
//! non-blocking and owned by the pump's thread alone.

use ssh2::Session;
use std::io::{ErrorKind, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Copy both ways until either side closes or `stop` is set; the session is
/// kept alive (and dropped) here.
pub(crate) fn pump(
    _session: Session,
    mut channel: ssh2::Channel,
    mut local: UnixStream,
    stop: &AtomicBool,
) {
    let mut buf = vec![0u8; 32 * 1024];
    while !stop.load(Ordering::Relaxed) {
        let mut moved = false;
        match local.read(&mut buf) {
            // The client hung up: nothing more to carry.
            Ok(0) => break,
            Ok(n) => {
                if write_all_retrying(&mut channel, &buf[..n], stop).is_err() {
                    break;
                }
                moved = true;
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Err(_) => break,
        }
        match channel.read(&mut buf) {
            Ok(0) if channel.eof() => break,
            Ok(0) => {}
            Ok(n) => {
                if write_all_retrying(&mut local, &buf[..n], stop).is_err() {
                    break;
                }
                moved = true;
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Err(_) => break,
        }
        if !moved {
            wait_readable(local.as_raw_fd(), Duration::from_millis(2));
        }
    }
    let _ = local.shutdown(std::net::Shutdown::Both);
    let _ = channel.close();
}

pub(crate) fn write_all_retrying<W: Write>(
    w: &mut W,
    mut data: &[u8],
    stop: &AtomicBool,
) -> std::io::Result<()> {
    while !data.is_empty() {
        if stop.load(Ordering::Relaxed) {
            return Err(ErrorKind::Interrupted.into());
        }
        match w.write(data) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => data = &data[n..],
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_micros(200))
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

pub(crate) fn wait_readable(fd: std::os::fd::RawFd, timeout: Duration) {
    let mut fds = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the duration of the call.
    unsafe { libc::poll(&mut fds, 1, timeout.as_millis() as libc::c_int) };
}
