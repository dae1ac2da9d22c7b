//! The SSH transport: one ssh2 session per target, host key verified against
//! known_hosts before any credential is offered, one exec channel per command.
//!
//! On a fleet the handshake is the cost that matters, so the session prefers
//! the cheapest secure algorithms libssh2 offers (curve25519 key exchange,
//! Ed25519 host keys, AES-GCM) and is reused for every command of a target.
//!
//! Every blocking libssh2 call gets the time left before the deadline as its
//! timeout, and a command's output is read in non-blocking mode, polling the
//! socket, so that a target that sleeps or trickles is cut at its deadline
//! and one that floods is cut at the output cap ([`super::limits`]). A cut
//! command's channel is closed without waiting for the server, so the
//! session stays usable for the next command.

use super::limits::{Cut, budget_ms};
use super::spool::Spool;
use super::{Output, Transport, remaining};
use anyhow::{Context, Result, anyhow, bail};
use ssh2::{CheckResult, HashType, HostKeyType, KnownHostFileKind, MethodType, Session};
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const KEX: &str = "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,diffie-hellman-group14-sha256,diffie-hellman-group16-sha512";
const HOST_KEYS: &[&str] = &[
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "rsa-sha2-512",
    "rsa-sha2-256",
];
const CIPHERS: &str = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes256-ctr";
const MACS: &str =
    "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha2-512";

/// Where and as whom to connect; fully resolved (inventory, defaults and
/// `~/.ssh/config` already applied).
#[derive(Debug, Clone, PartialEq)]
pub struct SshTarget {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub identity_files: Vec<PathBuf>,
    pub jump: Option<Box<SshTarget>>,
}

impl SshTarget {
    pub fn display(&self) -> String {
        let base = if self.port == 22 {
            format!("{}@{}", self.user, self.host)
        } else {
            format!("{}@{}:{}", self.user, self.host, self.port)
        };
        match &self.jump {
            Some(j) => format!("{base} via {}", j.display()),
            None => base,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SshOptions {
    pub known_hosts: PathBuf,
    /// Record the key of a host not yet in known_hosts instead of refusing it.
    pub accept_new_host_keys: bool,
    pub connect_timeout: Duration,
    /// What one target may send, all commands together.
    pub max_output: u64,
}

pub struct SshSession {
    session: Session,
    max_output: u64,
    /// Bytes the target has sent so far, counted against `max_output`.
    received: u64,
    // Keeps the jump host's forwarding alive for as long as this session.
    _jump: Option<super::ssh_jump::Tunnel>,
}

/// A login password, for devices that take no keys. It comes only from an
/// environment variable (never an argument or a file), is never printed
/// (`Debug` hides it), and its bytes are overwritten when it is dropped.
pub struct Password {
    secret: String,
    /// The environment variable it came from, which errors may name.
    pub source: String,
}

impl Password {
    /// The password in environment variable `var`; an error naming the
    /// variable (never a value) when it is unset or empty.
    pub fn from_env(var: &str) -> Result<Password> {
        match std::env::var(var) {
            Ok(secret) if !secret.is_empty() => Ok(Password {
                secret,
                source: var.to_string(),
            }),
            Ok(_) => Err(crate::bad_input!(
                "the password variable ${var} is empty (password_env in the inventory names it)"
            )),
            Err(_) => Err(crate::bad_input!(
                "the password variable ${var} is not set (password_env in the inventory names it); \
                 export it before running ops"
            )),
        }
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Password(from ${}, hidden)", self.source)
    }
}

impl Drop for Password {
    fn drop(&mut self) {
        // SAFETY: zero bytes are valid UTF-8; the string is dropped next.
        for b in unsafe { self.secret.as_bytes_mut() } {
            // Volatile, so that the writes are not optimised away.
            unsafe { std::ptr::write_volatile(b, 0) };
        }
    }
}

/// Connect, verify the host key and authenticate, all before `deadline`.
pub fn connect(target: &SshTarget, opts: &SshOptions, deadline: Instant) -> Result<SshSession> {
    connect_with_password(target, opts, deadline, None)
}

/// [`connect`], trying `password` first when given (password, then
/// keyboard-interactive authentication), then the agent and key files. A
/// jump host is always reached with the agent or keys.
pub fn connect_with_password(
    target: &SshTarget,
    opts: &SshOptions,
    deadline: Instant,
    password: Option<&Password>,
) -> Result<SshSession> {
    let (session, tunnel) = match &target.jump {
        None => {
            let stream = tcp_connect(&target.host, target.port, opts.connect_timeout, deadline)?;
            (
                handshake_over(stream, target, opts, deadline, password)?,
                None,
            )
        }
        Some(jump) => {
            let SshSession {
                session: outer,
                _jump: upstream,
                ..
            } = connect(jump, opts, deadline)
                .with_context(|| format!("jump host {}", jump.display()))?;
            let tunnel =
                super::ssh_jump::Tunnel::open(outer, upstream, &target.host, target.port, deadline)
                    .with_context(|| {
                        format!(
                            "jump host {} could not reach {}:{}",
                            jump.display(),
                            target.host,
                            target.port
                        )
                    })?;
            let stream = tunnel.stream()?;
            (
                handshake_over(stream, target, opts, deadline, password)?,
                Some(tunnel),
            )
        }
    };
    Ok(SshSession {
        session,
        max_output: opts.max_output,
        received: 0,
        _jump: tunnel,
    })
}

fn handshake_over<S: 'static + std::os::fd::AsRawFd>(
    stream: S,
    target: &SshTarget,
    opts: &SshOptions,
    deadline: Instant,
    password: Option<&Password>,
) -> Result<Session> {
    let mut session = Session::new().context("failed to create an SSH session")?;
    session.set_tcp_stream(stream);
    session.set_compress(false);
    let host_keys = host_key_preference(&opts.known_hosts, &target.host, target.port);
    for (method, prefs) in [
        (MethodType::Kex, KEX),
        (MethodType::HostKey, host_keys.as_str()),
        (MethodType::CryptCs, CIPHERS),
        (MethodType::CryptSc, CIPHERS),
        (MethodType::MacCs, MACS),
        (MethodType::MacSc, MACS),
    ] {
        session
            .method_pref(method, prefs)
            .context("failed to set SSH algorithm preferences")?;
    }
    let left = remaining(deadline, "the SSH handshake")?;
    let budget = left.min(opts.connect_timeout);
    session.set_timeout(millis(budget));
    session.handshake().map_err(|e| {
        if is_timeout(&e) && budget == left {
            anyhow!(Cut::Deadline).context("during the SSH handshake")
        } else if is_timeout(&e) {
            anyhow!(
                "no SSH handshake within {} (the port answered but did not speak SSH)",
                crate::duration::display(budget)
            )
        } else {
            anyhow!("SSH handshake failed: {}", e.message())
        }
    })?;
    verify_host_key(&session, target, opts)?;
    authenticate(&session, target, password, deadline)?;
    Ok(session)
}

fn tcp_connect(
    host: &str,
    port: u16,
    connect_timeout: Duration,
    deadline: Instant,
) -> Result<TcpStream> {
    let addrs = resolve(host, port, deadline)?;
    let mut last = None;
    for addr in addrs {
        let left = remaining(deadline, "connecting")?;
        let budget = left.min(connect_timeout);
        match TcpStream::connect_timeout(&addr, budget) {
            Ok(stream) => {
                stream.set_nodelay(true).ok();
                return Ok(stream);
            }
            Err(e) if e.kind() == ErrorKind::TimedOut && budget == left => {
                return Err(anyhow!(Cut::Deadline).context(format!("connecting to {addr}")));
            }
            Err(e) => last = Some((addr, e)),
        }
    }
    match last {
        Some((addr, e)) if e.kind() == ErrorKind::TimedOut => {
            bail!(
                "connection to {addr} timed out after {} (--connect-timeout)",
                crate::duration::display(connect_timeout)
            )
        }
        Some((addr, e)) => bail!("cannot connect to {addr}: {e}"),
        None => bail!("{host} has no address"),
    }
}

/// Name resolution has no timeout of its own, so it runs on a helper thread
/// that is abandoned if the deadline passes.
fn resolve(host: &str, port: u16, deadline: Instant) -> Result<Vec<SocketAddr>> {
    match lookup(host, port, remaining(deadline, "resolving the host name")?) {
        Lookup::Found(addrs) => Ok(addrs),
        Lookup::Failed(e) => bail!("cannot resolve {host}: {e}"),
        Lookup::TimedOut => bail!("resolving {host} did not finish before the deadline"),
    }
}

/// How looking up a host name ended.
#[derive(Debug)]
pub enum Lookup {
    Found(Vec<SocketAddr>),
    /// The resolver answered that there is no such name (or failed outright).
    Failed(std::io::Error),
    /// No answer within the wait: whether the name exists is not known.
    TimedOut,
}

/// Resolve `host` (an IP address needs no resolver) within `wait`.
pub fn lookup(host: &str, port: u16, wait: std::time::Duration) -> Lookup {
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Lookup::Found(vec![SocketAddr::new(ip, port)]);
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let name = host.to_string();
    std::thread::spawn(move || {
        let _ = tx.send(
            (name.as_str(), port)
                .to_socket_addrs()
                .map(|a| a.collect::<Vec<_>>()),
        );
    });
    match rx.recv_timeout(wait) {
        Ok(Ok(addrs)) if !addrs.is_empty() => Lookup::Found(addrs),
        Ok(Ok(_)) => Lookup::Failed(std::io::Error::other("no address")),
        Ok(Err(e)) => Lookup::Failed(e),
        Err(_) => Lookup::TimedOut,
    }
}

/// Offer first the host key types already recorded for this host, as OpenSSH
/// does, so that a host known by its ECDSA key is not asked for Ed25519.
fn host_key_preference(known_hosts: &Path, host: &str, port: u16) -> String {
    let pattern = known_hosts_name(host, port);
    let text = std::fs::read_to_string(known_hosts).unwrap_or_default();
    let mut known: Vec<&str> = Vec::new();
    for line in text.lines() {
        let mut fields = line.split_whitespace();
        let (Some(names), Some(kind)) = (fields.next(), fields.next()) else {
            continue;
        };
        if names.split(',').any(|n| n == pattern) {
            let kinds: &[&str] = if kind == "ssh-rsa" {
                &["rsa-sha2-512", "rsa-sha2-256"]
            } else {
                &[kind]
            };
            for k in kinds {
                if HOST_KEYS.contains(k) && !known.contains(k) {
                    known.push(k);
                }
            }
        }
    }
    let rest: Vec<&str> = HOST_KEYS
        .iter()
        .filter(|k| !known.contains(k))
        .copied()
        .collect();
    known.extend(rest);
    known.join(",")
}

fn known_hosts_name(host: &str, port: u16) -> String {
    if port == 22 {
        host.to_string()
    } else {
        format!("[{host}]:{port}")
    }
}

static KNOWN_HOSTS_APPEND: Mutex<()> = Mutex::new(());

fn verify_host_key(session: &Session, target: &SshTarget, opts: &SshOptions) -> Result<()> {
    let (key, key_type) = session.host_key().context("the server sent no host key")?;
    let fingerprint = fingerprint(session);
    let kind = key_type_name(key_type);
    let mut known = session
        .known_hosts()
        .context("failed to initialise known_hosts")?;
    if opts.known_hosts.exists() {
        known
            .read_file(&opts.known_hosts, KnownHostFileKind::OpenSSH)
            .map_err(|e| {
                anyhow!(
                    "failed to read {}: {}",
                    opts.known_hosts.display(),
                    e.message()
                )
            })?;
    }
    let name = known_hosts_name(&target.host, target.port);
    match known.check_port(&target.host, target.port, key) {
        CheckResult::Match => Ok(()),
        CheckResult::Mismatch => Err(anyhow!(
            "host key for {name} has CHANGED: it is now {kind} {fingerprint}, which does not match {}; \
             refusing to connect (if the change is expected, remove the old line with `ssh-keygen -R '{name}' -f {}`)",
            opts.known_hosts.display(),
            opts.known_hosts.display()
        )),
        CheckResult::NotFound if opts.accept_new_host_keys => {
            let _guard = KNOWN_HOSTS_APPEND.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(dir) = opts.known_hosts.parent() {
                std::fs::create_dir_all(dir).ok();
            }
            let line = format!("{name} {kind} {}\n", base64(key));
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&opts.known_hosts)
                .and_then(|mut f| f.write_all(line.as_bytes()))
                .with_context(|| {
                    format!(
                        "failed to record the host key in {}",
                        opts.known_hosts.display()
                    )
                })?;
            Ok(())
        }
        CheckResult::NotFound => Err(anyhow!(
            "host {name} is not in {} (it offers {kind} {fingerprint}); check that fingerprint, \
             then pass --accept-new-host-keys to record it",
            opts.known_hosts.display()
        )),
        CheckResult::Failure => bail!("failed to check the host key of {name}"),
    }
}

/// Check a host key that another SSH client saw (libgit2's, for `ops sync`)
/// against `known_hosts`: Ok on a match; a host not in the file, or whose key
/// changed, is refused (there is no opt-in to record new keys here: add the
/// host once with `ssh` or `ops inspect host --accept-new-host-keys`).
pub fn check_known_host(known_hosts: &Path, host: &str, port: u16, key: &[u8]) -> Result<()> {
    let session = Session::new().context("failed to start an SSH session")?;
    let mut known = session
        .known_hosts()
        .context("failed to initialise known_hosts")?;
    if known_hosts.exists() {
        known
            .read_file(known_hosts, KnownHostFileKind::OpenSSH)
            .map_err(|e| anyhow!("failed to read {}: {}", known_hosts.display(), e.message()))?;
    }
    let name = known_hosts_name(host, port);
    match known.check_port(host, port, key) {
        CheckResult::Match => Ok(()),
        CheckResult::Mismatch => Err(anyhow!(
            "host key for {name} has CHANGED: it does not match {}; refusing to connect (if the \
             change is expected, remove the old line with `ssh-keygen -R '{name}' -f {}`)",
            known_hosts.display(),
            known_hosts.display()
        )),
        CheckResult::NotFound => Err(anyhow!(
            "host {name} is not in {}; refusing to connect to an unknown host (check its key and \
             add it, e.g. by connecting once with `ssh`)",
            known_hosts.display()
        )),
        CheckResult::Failure => bail!("failed to check the host key of {name}"),
    }
}

/// Answers every keyboard-interactive prompt that does not echo (the
/// password prompt) with the password.
struct PasswordPrompter<'a>(&'a Password);

impl ssh2::KeyboardInteractivePrompt for PasswordPrompter<'_> {
    fn prompt<'b>(
        &mut self,
        _username: &str,
        _instructions: &str,
        prompts: &[ssh2::Prompt<'b>],
    ) -> Vec<String> {
        prompts
            .iter()
            .map(|p| {
                if p.echo {
                    String::new()
                } else {
                    self.0.secret.clone()
                }
            })
            .collect()
    }
}

fn authenticate(
    session: &Session,
    target: &SshTarget,
    password: Option<&Password>,
    deadline: Instant,
) -> Result<()> {
    // Each attempt is one or more blocking calls; each gets what is left.
    let budget = || -> Result<()> {
        session.set_timeout(millis(remaining(deadline, "authentication")?));
        Ok(())
    };
    let mut tried = Vec::new();
    // A device set up for passwords gets the password first: devices allow
    // few attempts (IOS: 3), and an agent with several keys would use them up.
    if let Some(pw) = password {
        tried.push(format!("the password in ${}", pw.source));
        budget()?;
        let methods = session.auth_methods(&target.user).unwrap_or("password");
        if methods.contains("password")
            && session.userauth_password(&target.user, &pw.secret).is_ok()
            && session.authenticated()
        {
            return Ok(());
        }
        budget()?;
        if methods.contains("keyboard-interactive")
            && session
                .userauth_keyboard_interactive(&target.user, &mut PasswordPrompter(pw))
                .is_ok()
            && session.authenticated()
        {
            return Ok(());
        }
    }
    if std::env::var_os("SSH_AUTH_SOCK").is_some() {
        tried.push("ssh-agent".to_string());
        budget()?;
        if session.userauth_agent(&target.user).is_ok() && session.authenticated() {
            return Ok(());
        }
    }
    let passphrase = std::env::var("OPS_SSH_KEY_PASSPHRASE").ok();
    for key in &target.identity_files {
        if !key.exists() {
            continue;
        }
        tried.push(key.display().to_string());
        budget()?;
        if session
            .userauth_pubkey_file(&target.user, None, key, passphrase.as_deref())
            .is_ok()
            && session.authenticated()
        {
            return Ok(());
        }
    }
    // A server that stalls authentication looks like a refusal to libssh2.
    remaining(deadline, "authentication finished")?;
    if tried.is_empty() {
        bail!(
            "authentication failed for {}: no ssh-agent and no key file found",
            target.user
        );
    }
    bail!(
        "authentication failed for {} (tried {})",
        target.user,
        tried.join(", ")
    )
}

/// `SHA256:…` as OpenSSH prints it.
fn fingerprint(session: &Session) -> String {
    session
        .host_key_hash(HashType::Sha256)
        .map(|h| format!("SHA256:{}", base64(h).trim_end_matches('=')))
        .unwrap_or_else(|| "(no fingerprint)".into())
}

fn key_type_name(t: HostKeyType) -> &'static str {
    match t {
        HostKeyType::Rsa => "ssh-rsa",
        HostKeyType::Dss => "ssh-dss",
        HostKeyType::Ecdsa256 => "ecdsa-sha2-nistp256",
        HostKeyType::Ecdsa384 => "ecdsa-sha2-nistp384",
        HostKeyType::Ecdsa521 => "ecdsa-sha2-nistp521",
        HostKeyType::Ed25519 => "ssh-ed25519",
        HostKeyType::Unknown => "unknown",
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn millis(d: Duration) -> u32 {
    d.as_micros().div_ceil(1000).clamp(1, u32::MAX as u128) as u32
}

/// Drop a channel whose command is cut off or did not end cleanly, without
/// waiting for the server: it is sent its close, given a moment to answer,
/// then forgotten, so the session can run the next command.
fn abandon(session: &Session, mut channel: ssh2::Channel) {
    session.set_blocking(true);
    session.set_timeout(100);
    let _ = channel.close();
    drop(channel);
}

/// Wait until the session's socket is ready in the direction libssh2 is
/// waiting for (reading, unless it has data to send), or `timeout` passes.
fn wait_socket(session: &Session, timeout: Duration) {
    let events = match session.block_directions() {
        ssh2::BlockDirections::Outbound => libc::POLLOUT,
        ssh2::BlockDirections::Both => libc::POLLIN | libc::POLLOUT,
        _ => libc::POLLIN,
    };
    let mut fds = libc::pollfd {
        fd: session.as_raw_fd(),
        events,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the duration of the call.
    unsafe { libc::poll(&mut fds, 1, timeout.as_millis().max(1) as libc::c_int) };
}

/// An ssh2 error, as [`Cut::Deadline`] when it is libssh2's timeout.
fn ssh_failure(e: ssh2::Error, what: &str) -> anyhow::Error {
    if is_timeout(&e) {
        anyhow!(Cut::Deadline).context(what.to_string())
    } else {
        anyhow!("{what}: {}", e.message())
    }
}

fn io_failure(e: std::io::Error) -> anyhow::Error {
    if e.kind() == ErrorKind::TimedOut || e.to_string().to_ascii_lowercase().contains("timed out") {
        anyhow!(Cut::Deadline)
    } else {
        anyhow!(e)
    }
}

fn is_timeout(e: &ssh2::Error) -> bool {
    matches!(e.code(), ssh2::ErrorCode::Session(-9))
        || e.message().to_ascii_lowercase().contains("timed out")
}

/// The longest command [`inline_script`] writes: libssh2 sends no packet
/// over 35,000 bytes, and the exec request carries the command whole.
const MAX_INLINE_COMMAND: usize = 32 * 1024;

/// `script` as one command line, `printf '<script>' | sh`. Inside single
/// quotes sh, bash, csh and fish read every byte as itself except a
/// newline, the quote, csh's `!` and (in fish) the backslash; those, `%`
/// (printf's own), control bytes and non-ASCII are written as printf octal
/// escapes, so the line means the same whatever the account's login shell.
/// None when the script is too long to go on one command line.
pub fn inline_script(script: &str) -> Option<String> {
    let mut command = String::with_capacity(script.len() * 5 / 4 + 16);
    command.push_str("printf '");
    for &b in script.as_bytes() {
        let plain = (b' '..=b'~').contains(&b) || b == b'\t';
        if plain && !b"'!%\\".contains(&b) {
            command.push(b as char);
        } else {
            command.push_str(&format!("\\{b:03o}"));
        }
    }
    command.push_str("' | sh");
    (command.len() <= MAX_INLINE_COMMAND).then_some(command)
}

impl Transport for SshSession {
    /// The script goes in the exec request itself, not on stdin: OpenSSH's
    /// server opens a session channel with no window for input until the
    /// command has started, so input waits one round trip for it, 100 ms of
    /// every target's time over a slow link.
    fn run_script(&mut self, script: &super::Script, deadline: Instant) -> Result<Output> {
        match script.inline() {
            Some(command) => self.exec(command, b"", deadline),
            None => self.exec("sh -s", script.text().as_bytes(), deadline),
        }
    }

    fn exec(&mut self, command: &str, stdin: &[u8], deadline: Instant) -> Result<Output> {
        self.session.set_blocking(true);
        self.session
            .set_timeout(millis(remaining(deadline, "opening a channel")?));
        let mut channel = self
            .session
            .channel_session()
            .map_err(|e| ssh_failure(e, "failed to open an SSH channel"))?;
        match self.run_on(&mut channel, command, stdin, deadline) {
            Ok((stdout, stderr)) => {
                let closed = budget_ms(deadline)
                    .map(|ms| self.session.set_timeout(ms))
                    .is_ok()
                    && channel.wait_close().is_ok();
                let exit_status = channel.exit_status().ok();
                if !closed {
                    abandon(&self.session, channel);
                }
                Ok(Output {
                    stdout: String::from_utf8_lossy(&stdout).into_owned(),
                    stderr: String::from_utf8_lossy(&stderr).into_owned(),
                    exit_status: exit_status.filter(|_| closed),
                })
            }
            Err(e) => {
                abandon(&self.session, channel);
                Err(e)
            }
        }
    }
}

impl SshSession {
    fn run_on(
        &mut self,
        channel: &mut ssh2::Channel,
        command: &str,
        stdin: &[u8],
        deadline: Instant,
    ) -> Result<(Vec<u8>, Vec<u8>)> {
        let set_budget = |what: &str| -> Result<()> {
            self.session.set_timeout(millis(remaining(deadline, what)?));
            Ok(())
        };
        set_budget("starting the command")?;
        channel
            .exec(command)
            .map_err(|e| ssh_failure(e, "the server refused to run the command"))?;
        if !stdin.is_empty() {
            set_budget("sending the command's input")?;
            channel.write_all(stdin).map_err(io_failure)?;
        }
        set_budget("closing the command's input")?;
        channel
            .send_eof()
            .map_err(|e| ssh_failure(e, "failed to close the command's input"))?;
        self.session.set_blocking(false);
        let read = self.read_output(channel, deadline);
        self.session.set_blocking(true);
        read
    }

    /// Read stdout and stderr as they come until the command's end of output,
    /// the deadline or the output cap, whichever is first.
    fn read_output(
        &mut self,
        channel: &mut ssh2::Channel,
        deadline: Instant,
    ) -> Result<(Vec<u8>, Vec<u8>)> {
        let mut streams = [Spool::default(), Spool::default()];
        // 16 KiB: a read takes what libssh2 has decrypted, and 300 targets
        // at once each hold one of these.
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let mut moved = false;
            for (id, spool) in streams.iter_mut().enumerate() {
                match channel.stream(id as i32).read(&mut buf) {
                    Ok(0) => {}
                    Ok(n) => {
                        self.count_received(n)?;
                        spool.push(&buf[..n]).context("failed to keep the output")?;
                        moved = true;
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                    Err(e) => return Err(io_failure(e)),
                }
            }
            if moved {
                continue;
            }
            if channel.eof() {
                break;
            }
            let left = remaining(deadline, "the command finished")?;
            wait_socket(&self.session, left.min(Duration::from_millis(200)));
        }
        let [stdout, stderr] = streams;
        Ok((
            stdout
                .into_bytes()
                .context("failed to read the output back")?,
            stderr
                .into_bytes()
                .context("failed to read the output back")?,
        ))
    }

    /// Count `n` more bytes from the target: a [`Cut::Output`] once they
    /// exceed its cap.
    pub(crate) fn count_received(&mut self, n: usize) -> Result<(), Cut> {
        self.received += n as u64;
        if self.received > self.max_output {
            Err(Cut::Output(self.max_output))
        } else {
            Ok(())
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn known_key_types_are_preferred() {
        let dir = tempfile::tempdir().unwrap();
        let kh = dir.path().join("known_hosts");
        std::fs::write(
            &kh,
            "[10.0.0.1]:2222 ecdsa-sha2-nistp256 AAAA\nother ssh-ed25519 AAAA\n",
        )
        .unwrap();
        let prefs = host_key_preference(&kh, "10.0.0.1", 2222);
        assert!(
            prefs.starts_with("ecdsa-sha2-nistp256,ssh-ed25519,"),
            "{prefs}"
        );
        assert!(host_key_preference(&kh, "10.0.0.2", 22).starts_with("ssh-ed25519,"));
    }

    #[test]
    fn an_inlined_script_runs_as_the_script_itself_in_every_shell_here() {
        let script = include_str!("../inspect/host/collect.sh").to_owned()
            + "\necho 'quotes \" and $HOME stay' 100% \\ ! 路由\nexit 3\n";
        let command = inline_script(&script).expect("the collection script fits");
        // Nothing any login shell reads specially is left outside escapes.
        let body = &command["printf '".len()..command.len() - "' | sh".len()];
        assert!(!body.contains(['\n', '\'', '!', '%']));
        let mut escapes = body.split('\\').skip(1);
        assert!(
            escapes.all(|e| e.len() >= 3 && e[..3].bytes().all(|b| (b'0'..=b'7').contains(&b)))
        );
        // And it prints, byte for byte, the script: the pipe feeds sh the same text.
        let tail = "echo 'quotes \" and $HOME stay' 100% \\ ! 路由\nexit 3\n";
        let tail_command = inline_script(tail).unwrap().replace(" | sh", "");
        for shell in ["sh", "bash", "dash", "busybox sh", "csh", "tcsh", "fish"] {
            let mut words = shell.split(' ');
            let program = words.next().unwrap();
            let found = std::process::Command::new(program)
                .args(words)
                .arg("-c")
                .arg(&tail_command)
                .output();
            let Ok(out) = found else { continue };
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                tail,
                "{shell}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(inline_script(&"x".repeat(MAX_INLINE_COMMAND)).is_none());
    }
}
