//! The device shell: an interactive CLI session over SSH, as network devices
//! offer no exec channel worth the name.
//!
//! The session asks for a pty, waits for the prompt (`name#`, `name>`,
//! `<name>`, `[name]`, with or without a domain), turns paging off, then
//! sends one command at a time and reads until the prompt comes back,
//! answering any `--More--` / `---- More ----` that appears anyway. What it
//! returns is cleaned by [`clean_output`]: no echo, prompts, backspaces or
//! ANSI sequences.
//!
//! Only read-only commands can be sent: `show …`, `display …` and the paging
//! commands, checked by [`allowed`] before anything leaves. Nothing else is
//! ever written to the device, not even `exit`: the session ends by closing
//! the channel.
//!
//! Every read and write has a deadline, and what the device prints counts
//! against the session's output cap. When either is hit (a [`Cut`]), the
//! session is abandoned (the device may still be printing, so what comes
//! next could not be told apart from the next command's output).

use super::limits::Cut;
use super::ssh::SshSession;
use crate::parse::device::{Platform, clean_output, pager_pending, trailing_prompt};
use anyhow::{Context, Result, anyhow, bail};
use std::io::{ErrorKind, Read, Write};
use std::time::{Duration, Instant};

pub struct DeviceShell {
    session: SshSession,
    channel: ssh2::Channel,
    platform: Platform,
    /// The device name its prompt shows (`switch01`, `HUAWEI`).
    pub hostname: String,
    /// The prompt exactly as printed (`switch01#`, `<HUAWEI>`).
    pub prompt: String,
    /// What the device printed before its first prompt (banner, MOTD).
    pub banner: String,
    /// Why the session can no longer be used, once a read failed.
    broken: Option<String>,
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
    /// Start the CLI on an authenticated session and disable paging, all
    /// before `deadline`.
    pub fn open(session: SshSession, platform: Platform, deadline: Instant) -> Result<DeviceShell> {
        let raw = session.session();
        raw.set_timeout(millis(super::remaining(
            deadline,
            "opening the device shell",
        )?));
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
            prompt: String::new(),
            banner: String::new(),
            broken: None,
        };
        let greeting = shell.read_until_prompt(deadline, true)?;
        let prompt = trailing_prompt(&greeting).context("no prompt")?;
        shell.hostname = prompt.hostname;
        shell.prompt = prompt.prompt;
        shell.banner = clean_output(&greeting);
        // A device that refuses the paging command still pages, and that is
        // handled while reading.
        shell.run(paging_off(platform), deadline)?;
        Ok(shell)
    }

    pub fn platform(&self) -> Platform {
        self.platform
    }

    /// Send one read-only command and return its cleaned output (what the
    /// device printed between the echoed command and the next prompt).
    /// A command [`allowed`] refuses is an error and nothing is sent.
    pub fn run(&mut self, command: &str, deadline: Instant) -> Result<String> {
        allowed(command).map_err(|why| anyhow!("refusing to send to the device: {why}"))?;
        if let Some(why) = &self.broken {
            bail!("the session was abandoned: {why}");
        }
        let sent = self.send(&format!("{}\n", command.trim()), deadline);
        let raw = sent.and_then(|_| self.read_until_prompt(deadline, false));
        let raw = raw.inspect_err(|e| self.broken = Some(format!("{e:#}")))?;
        // The echoed command follows the prompt the previous read consumed;
        // put the prompt back so that the echo is dropped as a prompt line.
        Ok(clean_output(&format!("{}{raw}", self.prompt)))
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
    /// `--More--`. For the greeting (`greeting`), a quiet device is sent a
    /// newline once (some print their prompt only after a key). After a
    /// command, a bare prompt with nothing before it is a stale one (an
    /// answer to that newline) and the read goes on: the echo of the command
    /// always comes before the prompt that ends its output.
    fn read_until_prompt(&mut self, deadline: Instant, greeting: bool) -> Result<String> {
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        let started = Instant::now();
        let mut nudged = !greeting;
        // Where the last pager prompt that was answered ends: the text that
        // erases it can still show `--More--` until the next line arrives,
        // and must not be answered twice.
        let mut answered = 0usize;
        loop {
            match self.channel.read(&mut chunk) {
                Ok(0) if self.channel.eof() => {
                    return Err(self.stalled(anyhow!("the device closed the session"), &bytes));
                }
                Ok(0) => {
                    wait(deadline, "waiting for the prompt").map_err(|e| self.stalled(e, &bytes))?
                }
                Ok(n) => {
                    self.session.count_received(n)?;
                    bytes.extend_from_slice(&chunk[..n]);
                    let line_start = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                    let last = String::from_utf8_lossy(&bytes[line_start..]);
                    let fresh = &bytes[answered.max(line_start).min(bytes.len())..];
                    if pager_pending(&last) && contains_more(fresh) {
                        answered = bytes.len();
                        self.send(" ", deadline)?;
                    } else if let Some(p) = trailing_prompt(&last)
                        && (self.hostname.is_empty() || p.hostname.starts_with(&self.hostname))
                        && (greeting || has_text(&bytes[..line_start]))
                    {
                        return Ok(String::from_utf8_lossy(&bytes).into_owned());
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
        // The cause stays in the chain, so that a cut is still told as one.
        if bytes.is_empty() {
            err.context("the device printed nothing and no prompt")
        } else {
            err.context(format!(
                "the device stopped answering before its prompt came back; last line: {last:?}"
            ))
        }
    }

    /// End the session. Nothing is typed (not even `exit`): the channel is
    /// closed and the connection dropped; errors do not matter any more.
    pub fn close(mut self) {
        let _ = self.channel.close();
        let _ = self
            .session
            .session()
            .disconnect(None, "inspection finished", None);
    }
}

/// Anything printed besides line ends and (stale) prompts.
fn has_text(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .lines()
        .any(|l| !l.trim().is_empty() && trailing_prompt(l).is_none())
}

fn contains_more(bytes: &[u8]) -> bool {
    bytes.windows(4).any(|w| w.eq_ignore_ascii_case(b"more"))
}

fn millis(d: Duration) -> u32 {
    d.as_millis().clamp(1, u32::MAX as u128) as u32
}

/// Sleep a little, or fail with [`Cut::Deadline`] if the deadline has passed.
fn wait(deadline: Instant, what: &str) -> Result<()> {
    if Instant::now() >= deadline {
        return Err(anyhow!(Cut::Deadline).context(format!("while {what}")));
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
            "display current-configuration",
            "display saved-configuration",
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
            "save",
            "system-view",
            "exit",
            "",
            "terminal length 0; reload",
        ] {
            assert!(allowed(bad).is_err(), "{bad}");
        }
    }
}
