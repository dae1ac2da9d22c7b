//! A NUT client over plain TCP: connect to `upsd`, log in when there is a
//! password, `LIST VAR <ups>`, `LOGOUT`.
//!
//! Every read waits at most until the deadline, the whole conversation may
//! bring at most `max_output` bytes, and one line at most [`MAX_LINE`]: a
//! server that sends garbage, never ends its list or floods the connection
//! is cut off with the reason. STARTTLS is not spoken (upsd serves the same
//! data in plain text unless it is configured to refuse it).

use super::protocol::{self, ListError, ListVar};
use crate::inspect::db::credentials::Secret;
use crate::inspect::hw::{HwError, HwLimits, HwTarget};
use crate::transport::limits::{Cut, within_text};
use crate::transport::ssh::{Lookup, lookup};
use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// The longest line accepted. upsd's own lines are a few hundred bytes
/// (values are at most 256); anything longer is not upsd speaking.
pub const MAX_LINE: usize = 8 << 10;

/// How long `LOGOUT` may wait for upsd's goodbye once the data is in.
const GOODBYE_WAIT: Duration = Duration::from_millis(500);

/// One conversation with upsd.
struct Conn<'a> {
    stream: TcpStream,
    buf: Vec<u8>,
    received: u64,
    limits: &'a HwLimits,
    deadline: Instant,
}

/// Every variable upsd has for the target's UPS.
pub fn list_vars(
    target: &HwTarget,
    ups: &str,
    password: Option<&Secret>,
    limits: &HwLimits,
    deadline: Instant,
) -> Result<BTreeMap<String, String>, HwError> {
    if !protocol::sendable(ups) {
        return Err(HwError::Failed(format!(
            "the UPS name {} cannot be sent to upsd",
            protocol::shorten(ups, 40)
        )));
    }
    let stream = connect(&target.address, target.port, limits, deadline)?;
    let mut conn = Conn {
        stream,
        buf: Vec::new(),
        received: 0,
        limits,
        deadline,
    };
    if let Some(password) = password {
        conn.login(target.user.as_deref(), password, ups)?;
    }
    conn.send(&format!("LIST VAR {}\n", protocol::quote(ups)))?;
    let mut list = ListVar::new(ups);
    loop {
        let line = conn.line("the variable list")?;
        match list.feed(&line) {
            Ok(true) => break,
            Ok(false) => {}
            Err(ListError::Refused(code)) => {
                return Err(HwError::Failed(protocol::describe_err(&code, ups)));
            }
            Err(ListError::Garbage(why)) => {
                return Err(HwError::Failed(format!("upsd sent {why}")));
            }
        }
    }
    conn.logout();
    Ok(list.into_vars())
}

impl Conn<'_> {
    /// `USERNAME` and `PASSWORD`: upsd only stores them (it checks them
    /// when a command needs them), so an `ERR` here is a refused name or a
    /// server that wants no login.
    fn login(&mut self, user: Option<&str>, password: &Secret, ups: &str) -> Result<(), HwError> {
        let Some(user) = user else {
            return Err(HwError::Failed(
                "a password is set but no user to log in as: add user to the [[ups]] entry".into(),
            ));
        };
        if !protocol::sendable(user) || !protocol::sendable(password.expose()) {
            return Err(HwError::Failed(
                "the user or the password holds a line break: upsd cannot take it".into(),
            ));
        }
        self.send(&format!("USERNAME {}\n", protocol::quote(user)))?;
        self.expect_ok("USERNAME", ups)?;
        self.send(&format!(
            "PASSWORD {}\n",
            protocol::quote(password.expose())
        ))?;
        self.expect_ok("PASSWORD", ups)
    }

    fn expect_ok(&mut self, command: &str, ups: &str) -> Result<(), HwError> {
        let line = self.line(&format!("the answer to {command}"))?;
        let words = protocol::words(&line).unwrap_or_default();
        match words.first().map(String::as_str) {
            Some("OK") => Ok(()),
            Some("ERR") => Err(HwError::Failed(format!(
                "{command}: {}",
                protocol::describe_err(words.get(1).map_or("", String::as_str), ups)
            ))),
            _ => Err(HwError::Failed(format!(
                "upsd sent {} in answer to {command}, not OK or ERR",
                protocol::shorten(&line, 80)
            ))),
        }
    }

    /// Say goodbye politely, waiting only briefly for the answer.
    fn logout(&mut self) {
        if self.send("LOGOUT\n").is_ok() {
            self.deadline = self.deadline.min(Instant::now() + GOODBYE_WAIT);
            let _ = self.line("the answer to LOGOUT");
        }
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }

    fn send(&mut self, text: &str) -> Result<(), HwError> {
        let left = self.left()?;
        self.stream
            .set_write_timeout(Some(left))
            .map_err(|e| HwError::Failed(format!("cannot set a write timeout: {e}")))?;
        self.stream.write_all(text.as_bytes()).map_err(|e| {
            if is_timeout(&e) {
                self.deadline_passed()
            } else {
                HwError::Failed(format!("upsd closed the connection: {e}"))
            }
        })
    }

    /// The next line, without its line break.
    fn line(&mut self, what: &str) -> Result<String, HwError> {
        let mut scanned = 0;
        loop {
            if let Some(i) = self.buf[scanned..].iter().position(|b| *b == b'\n') {
                let end = scanned + i;
                let mut line: Vec<u8> = self.buf.drain(..=end).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                if line.len() > MAX_LINE {
                    return Err(self.too_long());
                }
                return String::from_utf8(line).map_err(|e| {
                    HwError::Failed(format!(
                        "upsd sent a line that is not text: {}",
                        protocol::shorten(&String::from_utf8_lossy(e.as_bytes()), 80)
                    ))
                });
            }
            scanned = self.buf.len();
            if self.buf.len() > MAX_LINE {
                return Err(self.too_long());
            }
            let left = self.left()?;
            self.stream
                .set_read_timeout(Some(left))
                .map_err(|e| HwError::Failed(format!("cannot set a read timeout: {e}")))?;
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => {
                    return Err(HwError::Failed(format!(
                        "upsd closed the connection before {what} ended"
                    )));
                }
                Ok(n) => {
                    self.received += n as u64;
                    if self.received > self.limits.max_output {
                        return Err(HwError::Failed(
                            Cut::Output(self.limits.max_output).to_string(),
                        ));
                    }
                    self.buf.extend_from_slice(&chunk[..n]);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if is_timeout(&e) => return Err(self.deadline_passed()),
                Err(e) => {
                    return Err(HwError::Failed(format!(
                        "reading {what} from upsd failed: {e}"
                    )));
                }
            }
        }
    }

    fn too_long(&self) -> HwError {
        HwError::Failed(format!(
            "upsd sent a line longer than {} KiB: not the NUT protocol",
            MAX_LINE >> 10
        ))
    }

    fn left(&self) -> Result<Duration, HwError> {
        self.deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| self.deadline_passed())
    }

    fn deadline_passed(&self) -> HwError {
        HwError::Failed(within_text(self.limits.timeout))
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

/// A TCP connection to upsd. Refused, unreachable or silent within the
/// connect timeout is [`HwError::Down`]; the run's deadline passing first is
/// [`HwError::Failed`] with the deadline.
fn connect(
    host: &str,
    port: u16,
    limits: &HwLimits,
    deadline: Instant,
) -> Result<TcpStream, HwError> {
    let passed = || HwError::Failed(within_text(limits.timeout));
    let left = deadline
        .checked_duration_since(Instant::now())
        .ok_or_else(passed)?;
    let addrs: Vec<SocketAddr> = match lookup(host, port, left) {
        Lookup::Found(addrs) => addrs,
        Lookup::Failed(e) => return Err(HwError::Down(format!("cannot resolve {host}: {e}"))),
        Lookup::TimedOut => return Err(passed()),
    };
    let mut last = None;
    for addr in addrs {
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(passed)?;
        let budget = left.min(limits.connect_timeout);
        match TcpStream::connect_timeout(&addr, budget) {
            Ok(stream) => {
                stream.set_nodelay(true).ok();
                return Ok(stream);
            }
            Err(e) if is_timeout(&e) && budget == left => return Err(passed()),
            Err(e) => last = Some((addr, e)),
        }
    }
    Err(HwError::Down(match last {
        Some((addr, e)) if is_timeout(&e) => format!(
            "no connection to {addr} within {} (--connect-timeout)",
            crate::duration::display(limits.connect_timeout)
        ),
        Some((addr, e)) => format!("cannot connect to {addr}: {e}"),
        None => format!("{host} has no address"),
    }))
}
