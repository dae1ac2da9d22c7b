//! The device shell: an interactive CLI session over SSH, as network devices
//! offer no exec channel worth the name.
//!
//! The session asks for a pty, waits for the prompt, turns paging off, then
//! sends one command at a time and reads until the prompt comes back,
//! answering any `--More--` that appears anyway. Only read-only commands can
//! be sent: `show …`, `display …` and the paging commands, checked by
//! [`allowed`] before anything leaves.

use super::ssh::SshSession;
use crate::parse::device::{Platform, clean_output, pager_pending, trailing_prompt};
use anyhow::{Context, Result, bail};
use std::io::{ErrorKind, Read, Write};
use std::time::{Duration, Instant};

pub struct DeviceShell {
    session: SshSession,
    channel: ssh2::Channel,
    platform: Platform,
    /// The device name its prompt shows (`switch01`, `HUAWEI`).
    pub hostname: String,
    /// What the device printed before its first prompt (banner, MOTD).
    pub banner: String,
}

/// The command that turns paging off for the session only.
pub fn paging_off(platform: Platform) -> &'static str {
    match platform {
        Platform::CiscoIos => "terminal length 0",
        Platform::HuaweiVrp => "screen-length 0 temporary",
    }
}

/// Whether `command` may be sent to a device: a single line starting with
/// `show` or `display`, or a paging command, and nothing that could write
/// (`|` pipes such as `| redirect` or `| tee`, `>` redirections, control
/// characters).
pub fn allowed(command: &str) -> Result<(), String> {
    let c = command.trim();
    if c.chars().any(|ch| ch.is_control()) {
        return Err(format!("{command:?} contains control characters"));
    }
    if c.contains('|') || c.contains('>') || c.contains(';') {
        return Err(format!("{c:?}: pipes and redirections are not allowed"));
    }
    let first = c.split_whitespace().next().unwrap_or("");
    let read_only = matches!(first, "show" | "display")
        || c == "terminal length 0"
        || c == "screen-length 0 temporary";
    if read_only {
        Ok(())
    } else {
        Err(format!("{c:?} is not a read-only show/display command"))
    }
}

impl DeviceShell {
    /// Start the CLI on an authenticated session and disable paging.
    pub fn open(session: SshSession, platform: Platform, deadline: Instant) -> Result<DeviceShell> {
        let raw = session.session();
        raw.set_timeout(
            super::remaining(deadline, "opening the device shell")?
                .as_millis()
                .clamp(1, u32::MAX as u128) as u32,
        );
        let mut channel = raw
            .channel_session()
            .context("failed to open an SSH channel")?;
        // Wide enough that no device wraps a line of output.
        channel
            .request_pty("vt100", None, Some((511, 24, 0, 0)))
            .context("the device refused a terminal")?;
        channel
            .shell()
            .context("the device refused an interactive shell")?;
        raw.set_blocking(false);
        let mut shell = DeviceShell {
            session,
            channel,
            platform,
            hostname: String::new(),
            banner: String::new(),
        };
        let greeting = shell.read_until_prompt(deadline, true)?;
        let prompt = trailing_prompt(&greeting).context("no prompt")?;
        shell.hostname = prompt.hostname;
        shell.banner = clean_output(&greeting);
        shell.run(paging_off(platform), deadline)?;
        Ok(shell)
    }

    pub fn platform(&self) -> Platform {
        self.platform
    }

    /// Send one read-only command and return its cleaned output.
    pub fn run(&mut self, command: &str, deadline: Instant) -> Result<String> {
        allowed(command).map_err(|why| anyhow::anyhow!("refusing to send to the device: {why}"))?;
        self.send(&format!("{}\n", command.trim()), deadline)?;
        let raw = self.read_until_prompt(deadline, false)?;
        Ok(clean_output(&raw))
    }

    fn send(&mut self, text: &str, deadline: Instant) -> Result<()> {
        let mut data = text.as_bytes();
        while !data.is_empty() {
            match self.channel.write(data) {
                Ok(n) => data = &data[n..],
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    wait(deadline, "sending to the device")?
                }
                Err(e) => return Err(e).context("failed to send to the device"),
            }
        }
        loop {
            match self.channel.flush() {
                Ok(()) => return Ok(()),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    wait(deadline, "sending to the device")?
                }
                Err(e) => return Err(e).context("failed to send to the device"),
            }
        }
    }

    /// Read until the device shows its prompt again, paging through any
    /// `--More--`. With `nudge`, a quiet device is sent a newline once (some
    /// print their prompt only after a key).
    fn read_until_prompt(&mut self, deadline: Instant, nudge: bool) -> Result<String> {
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        let started = Instant::now();
        let mut nudged = !nudge;
        loop {
            match self.channel.read(&mut chunk) {
                Ok(0) if self.channel.eof() => bail!("the device closed the session"),
                Ok(0) => {
                    wait(deadline, "waiting for the prompt").map_err(|e| self.stalled(e, &bytes))?
                }
                Ok(n) => {
                    bytes.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&bytes);
                    if pager_pending(&text) {
                        self.send(" ", deadline)?;
                    } else if let Some(p) = trailing_prompt(&text)
                        && (self.hostname.is_empty() || p.hostname.starts_with(&self.hostname))
                    {
                        return Ok(text.into_owned());
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    if !nudged && started.elapsed() > Duration::from_secs(1) {
                        nudged = true;
                        self.send("\n", deadline)?;
                    }
                    wait(deadline, "waiting for the prompt").map_err(|e| self.stalled(e, &bytes))?
                }
                Err(e) => return Err(e).context("failed to read from the device"),
            }
        }
    }

    fn stalled(&self, err: anyhow::Error, bytes: &[u8]) -> anyhow::Error {
        let text = clean_output(&String::from_utf8_lossy(bytes));
        let last = text
            .lines()
            .last()
            .unwrap_or("")
            .chars()
            .take(80)
            .collect::<String>();
        anyhow::anyhow!(
            "the device stopped answering before its prompt came back ({err}); last line: {last:?}"
        )
    }

    /// End the CLI politely; errors do not matter at this point.
    pub fn close(mut self) {
        let _ = self.channel.write_all(b"exit\n");
        let _ = self.channel.close();
        drop(self.session);
    }
}

/// Sleep a little, or fail if the deadline has passed.
fn wait(deadline: Instant, what: &str) -> Result<()> {
    if Instant::now() >= deadline {
        bail!("deadline passed while {what}");
    }
    std::thread::sleep(Duration::from_millis(3));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::allowed;

    #[test]
    fn only_read_only_commands_pass() {
        for ok in [
            "show version",
            "display interface brief",
            "terminal length 0",
            "screen-length 0 temporary",
            "show running-config",
        ] {
            assert!(allowed(ok).is_ok(), "{ok}");
        }
        for bad in [
            "configure terminal",
            "reload",
            "show run | redirect flash:x",
            "show version\nreload",
            "copy run start",
            "sh ver",
            "display cur > x",
            "write memory",
        ] {
            assert!(allowed(bad).is_err(), "{bad}");
        }
    }
}
