//! Built-in probes and the runners that execute them.
//!
//! A built-in probe is a fixed, read-only shell script and a verdict that is a
//! pure function of the script's exit status and output, so that the same
//! probe gives the same answer whether it ran here (`sh -c`) or on a target
//! over SSH, and so that verdicts are tested on captured output. The only
//! values that reach a script are probe arguments (a name to resolve, a host
//! to ping), and they are validated against a strict grammar before being
//! quoted into it; interface arguments never reach the script at all, the
//! interface is picked out of the full listing instead.
//!
//! A runbook's own command checks are words the validator proved read-only
//! (`readonly.rs`); they run without a shell: here by exec, on a target as one
//! `exec` line with every word single-quoted. A probe whose program is missing
//! (exit 127, or 126 when it cannot be executed) is not a fault of the
//! system under diagnosis: its verdict is [`Verdict::CannotCheck`], and the
//! walk asks the engineer instead.

use crate::transport::{Cut, Transport};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Read;
use std::net::IpAddr;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::LazyLock;
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
        match self.transport.exec("sh -s", script.as_bytes(), deadline) {
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

/// The verdict of a check: it chooses the `ok` or the `fail` branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Ok,
    Fail,
    /// The probe could not run (a program is missing, an argument is not
    /// valid, a privileged step was not confirmed): says nothing about the
    /// system, so the engineer is asked instead.
    #[serde(rename = "cannot-check")]
    CannotCheck,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Fail => "fail",
            Verdict::CannotCheck => "cannot check",
        }
    }
}

/// Why a probe could not run at all, when its exit status says so: 127 (a
/// program is not installed) or 126 (it cannot be executed).
pub fn cannot_run(out: &ProbeOutput) -> Option<String> {
    if !matches!(out.exit_status, Some(126 | 127)) {
        return None;
    }
    let line = out
        .stderr
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    // `sh: 1: ping: not found`, `bash: ping: command not found`.
    let missing = line
        .strip_suffix("command not found")
        .or_else(|| line.strip_suffix("not found"))
        .and_then(|l| l.trim_end().strip_suffix(':'))
        .and_then(|l| l.rsplit(": ").next())
        .filter(|p| !p.is_empty());
    Some(match (missing, line) {
        (Some(program), _) => format!("{program} is not installed"),
        (None, "") if out.exit_status == Some(127) => "a program it needs is not installed".into(),
        (None, "") => "a program it needs cannot be executed".into(),
        (None, line) => line.to_string(),
    })
}

/// The built-in probes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    Link,
    Carrier,
    Address,
    DefaultRoute,
    GatewayPing,
    Dns,
    Ping,
    NicDriver,
    Sockets,
    Firewall,
}

/// The kind of value a probe argument takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// An interface name, or `any` (or empty) for every interface but loopback.
    Interface,
    /// A DNS name.
    Name,
    /// A DNS name or an IP address.
    Host,
}

static IFACE_RE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"^[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,14}$").unwrap());
static LABEL_RE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$").unwrap()
});

impl Param {
    /// Ok when `value` is a valid value of this kind; otherwise why not.
    pub fn validate(self, value: &str) -> Result<(), String> {
        match self {
            Param::Interface => {
                if value.is_empty() || value == "any" || IFACE_RE.is_match(value) {
                    Ok(())
                } else {
                    Err(format!("'{value}' is not an interface name"))
                }
            }
            Param::Name => {
                if is_dns_name(value) && value.parse::<IpAddr>().is_err() {
                    Ok(())
                } else {
                    Err(format!("'{value}' is not a host name"))
                }
            }
            Param::Host => {
                if value.parse::<IpAddr>().is_ok() || is_dns_name(value) {
                    Ok(())
                } else {
                    Err(format!(
                        "'{value}' is neither a host name nor an IP address"
                    ))
                }
            }
        }
    }
}

fn is_dns_name(value: &str) -> bool {
    let name = value.strip_suffix('.').unwrap_or(value);
    !name.is_empty() && name.len() <= 253 && name.split('.').all(|l| LABEL_RE.is_match(l))
}

/// Every built-in script starts so: fixed locale for parsing, no surprises
/// from PATH, and `ops_need PROGRAM...`, which ends the script with 127 and
/// "PROGRAM is not installed" when one is missing (the verdict is then
/// "cannot check", not a fault of the system).
const PRELUDE: &str = "LC_ALL=C; export LC_ALL; PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH; export PATH\n\
ops_need() { for _p in \"$@\"; do command -v \"$_p\" >/dev/null 2>&1 || { echo \"$_p is not installed\" >&2; exit 127; }; done; }\n";

/// What a walk's probes may do, from configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeOptions {
    /// Ping the default gateway (`gateway_ping` in `[thresholds.host]`, or
    /// `OPS_GATEWAY_PING=0`, as for `inspect host`); when false the
    /// gateway-ping probe reads the neighbour table and sends nothing.
    pub gateway_ping: bool,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        ProbeOptions { gateway_ping: true }
    }
}

impl Probe {
    pub const ALL: [Probe; 10] = [
        Probe::Link,
        Probe::Carrier,
        Probe::Address,
        Probe::DefaultRoute,
        Probe::GatewayPing,
        Probe::Dns,
        Probe::Ping,
        Probe::NicDriver,
        Probe::Sockets,
        Probe::Firewall,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Probe::Link => "link",
            Probe::Carrier => "carrier",
            Probe::Address => "address",
            Probe::DefaultRoute => "default-route",
            Probe::GatewayPing => "gateway-ping",
            Probe::Dns => "dns",
            Probe::Ping => "ping",
            Probe::NicDriver => "nic-driver",
            Probe::Sockets => "sockets",
            Probe::Firewall => "firewall",
        }
    }

    pub fn from_name(name: &str) -> Option<Probe> {
        Probe::ALL.into_iter().find(|p| p.name() == name)
    }

    /// One line saying what ok means.
    pub fn describe(self) -> &'static str {
        match self {
            Probe::Link => "the interface (or any but loopback) is administratively up",
            Probe::Carrier => "the interface (or any but loopback) has carrier (cable and peer up)",
            Probe::Address => "the interface (or any but loopback) has a global IP address",
            Probe::DefaultRoute => "a default route exists on a link that is up",
            Probe::GatewayPing => {
                "the IPv4 default gateway answers ping (or is in the neighbour table)"
            }
            Probe::Dns => "the name resolves (getent hosts: /etc/hosts, then DNS)",
            Probe::Ping => "the host (name or address) answers ping",
            Probe::NicDriver => {
                "every network controller has a driver bound (the interface exists)"
            }
            Probe::Sockets => "file handles and TCP sockets are below 90 % of their limits",
            Probe::Firewall => "the firewall rules can be listed and none drops or rejects",
        }
    }

    pub fn param(self, name: &str) -> Option<Param> {
        match (self, name) {
            (Probe::Link | Probe::Carrier | Probe::Address | Probe::NicDriver, "interface") => {
                Some(Param::Interface)
            }
            (Probe::Dns, "name") => Some(Param::Name),
            (Probe::Ping, "host") => Some(Param::Host),
            _ => None,
        }
    }

    pub fn required_params(self) -> &'static [&'static str] {
        match self {
            Probe::Dns => &["name"],
            Probe::Ping => &["host"],
            _ => &[],
        }
    }

    pub fn param_names(self) -> String {
        match self {
            Probe::Link | Probe::Carrier | Probe::Address | Probe::NicDriver => "interface".into(),
            Probe::Dns => "name".into(),
            Probe::Ping => "host".into(),
            _ => "nothing".into(),
        }
    }

    pub fn default_timeout_secs(self) -> u64 {
        match self {
            Probe::Dns => 20,
            Probe::GatewayPing | Probe::Ping => 15,
            _ => 10,
        }
    }

    /// The script to run with the default options, see [`Probe::script_with`].
    pub fn script(self, args: &BTreeMap<String, String>) -> Result<String, String> {
        self.script_with(args, &ProbeOptions::default())
    }

    /// The script to run, for arguments whose placeholders are already filled.
    /// Err when an argument is not valid (it never reaches a shell then).
    pub fn script_with(
        self,
        args: &BTreeMap<String, String>,
        options: &ProbeOptions,
    ) -> Result<String, String> {
        for (name, value) in args {
            match self.param(name) {
                Some(kind) => kind.validate(value)?,
                None => {
                    return Err(format!(
                        "probe '{}' takes no argument '{name}'",
                        self.name()
                    ));
                }
            }
        }
        let arg = |name: &str| -> Result<&str, String> {
            args.get(name)
                .map(String::as_str)
                .ok_or_else(|| format!("probe '{}' needs argument '{name}'", self.name()))
        };
        let body = match self {
            Probe::Link | Probe::Carrier => "ops_need ip\nip -o link show".to_string(),
            Probe::Address => "ops_need ip\nip -o addr show".to_string(),
            Probe::DefaultRoute => {
                "ops_need ip\nip -4 route show\necho '--- ipv6'\nip -6 route show 2>/dev/null\ntrue"
                    .to_string()
            }
            Probe::GatewayPing => format!(
                "OPS_PING={}\n{GATEWAY_PING}",
                if options.gateway_ping { 1 } else { 0 }
            ),
            // Validated above: letters, digits, '-', '_', '.', ':' only, so single quotes are safe.
            Probe::Dns => format!(
                "ops_need getent\ngetent hosts '{}'\nrc=$?\necho '--- /etc/resolv.conf'\ngrep -v '^#' /etc/resolv.conf 2>/dev/null\nexit $rc",
                arg("name")?
            ),
            Probe::Ping => format!("ops_need ping\nping -n -c 2 -i 0.5 -W 2 '{}'", arg("host")?),
            Probe::NicDriver => NIC_DRIVER.to_string(),
            Probe::Sockets => {
                "cat /proc/sys/fs/file-nr /proc/sys/net/ipv4/ip_local_port_range /proc/net/sockstat"
                    .to_string()
            }
            Probe::Firewall => FIREWALL.to_string(),
        };
        Ok(format!("{PRELUDE}{body}"))
    }

    /// The verdict and a one-line reason, from what the script printed.
    pub fn verdict(self, args: &BTreeMap<String, String>, out: &ProbeOutput) -> (Verdict, String) {
        if out.timed_out {
            return (Verdict::Fail, "the probe did not finish in time".into());
        }
        if let Some(why) = cannot_run(out) {
            return (Verdict::CannotCheck, why);
        }
        let iface = args
            .get("interface")
            .map(String::as_str)
            .filter(|i| !i.is_empty() && *i != "any");
        match self {
            Probe::Link => link_verdict(
                &out.stdout,
                iface,
                |l| l.flags.iter().any(|f| f == "UP"),
                "up",
                "administratively down",
            ),
            Probe::Carrier => link_verdict(
                &out.stdout,
                iface,
                Link::has_carrier,
                "has carrier",
                "has no carrier",
            ),
            Probe::Address => address_verdict(&out.stdout, iface),
            Probe::DefaultRoute => route_verdict(&out.stdout),
            Probe::GatewayPing => gateway_verdict(out),
            Probe::Dns => {
                let name = args.get("name").map(String::as_str).unwrap_or("?");
                let first = out.stdout.lines().next().unwrap_or("").trim();
                if out.exit_status == Some(0) && !first.is_empty() && !first.starts_with("---") {
                    let addr = first.split_whitespace().next().unwrap_or("");
                    (Verdict::Ok, format!("{name} resolves to {addr}"))
                } else {
                    let servers: Vec<&str> = out
                        .stdout
                        .lines()
                        .filter_map(|l| l.trim().strip_prefix("nameserver"))
                        .map(str::trim)
                        .collect();
                    let via = if servers.is_empty() {
                        "no nameserver in /etc/resolv.conf".to_string()
                    } else {
                        format!("nameserver {}", servers.join(", "))
                    };
                    (Verdict::Fail, format!("{name} does not resolve ({via})"))
                }
            }
            Probe::Ping => {
                let host = args.get("host").map(String::as_str).unwrap_or("?");
                match out.exit_status {
                    Some(0) => {
                        let stats = out
                            .stdout
                            .lines()
                            .find(|l| l.contains("received"))
                            .unwrap_or("")
                            .trim();
                        (Verdict::Ok, format!("{host} answers ({stats})"))
                    }
                    Some(1) => (Verdict::Fail, format!("no reply from {host}")),
                    // ping cannot send here (no raw socket, no permission): it says nothing.
                    _ if out.stderr.contains("Operation not permitted")
                        || out.stderr.contains("Permission denied") =>
                    {
                        let why = out.stderr.lines().next().unwrap_or("").trim();
                        (Verdict::CannotCheck, format!("ping cannot send: {why}"))
                    }
                    _ => {
                        let why = out
                            .stderr
                            .lines()
                            .next()
                            .or(out.stdout.lines().next())
                            .unwrap_or("ping failed")
                            .trim();
                        (Verdict::Fail, format!("cannot ping {host}: {why}"))
                    }
                }
            }
            Probe::NicDriver => nic_driver_verdict(&out.stdout, iface),
            Probe::Sockets => sockets_verdict(&out.stdout),
            Probe::Firewall => firewall_verdict(out),
        }
    }
}

/// Pings the gateway when `OPS_PING` (set before it) is not 0 and ping is
/// installed; otherwise says why not and prints its neighbour-table entry,
/// sending nothing.
const GATEWAY_PING: &str = r##"ops_need ip
gw=$(ip -4 route show default | sed -n 's/^default via \([0-9.]*\).*/\1/p' | head -n 1)
if [ -z "$gw" ]; then echo "no IPv4 default gateway"; exit 1; fi
echo "gateway $gw"
if [ "$OPS_PING" != 0 ] && command -v ping >/dev/null 2>&1; then
  ping -n -c 2 -i 0.5 -W 2 "$gw"
  exit $?
fi
if [ "$OPS_PING" = 0 ]; then echo "not pinged: ping is turned off (gateway_ping = false)"
else echo "not pinged: ping is not installed"; fi
echo "--- ip neigh"
ip neigh show "$gw""##;

/// Ping's answer, or when the gateway was not pinged, what its neighbour
/// entry shows: a live entry is ok, a failed one fail, none at all says
/// nothing (cannot check).
fn gateway_verdict(out: &ProbeOutput) -> (Verdict, String) {
    let lines: Vec<&str> = out.stdout.lines().map(str::trim).collect();
    let Some(gw) = lines.iter().find_map(|l| l.strip_prefix("gateway ")) else {
        return (Verdict::Fail, "there is no IPv4 default gateway".into());
    };
    let Some(why) = lines.iter().find_map(|l| l.strip_prefix("not pinged: ")) else {
        return match out.exit_status {
            Some(0) => (Verdict::Ok, format!("gateway {gw} answers ping")),
            Some(1) => (Verdict::Fail, format!("gateway {gw} does not answer ping")),
            _ => {
                let e = out.stderr.lines().next().unwrap_or("ping failed").trim();
                (
                    Verdict::CannotCheck,
                    format!("cannot ping gateway {gw}: {e}"),
                )
            }
        };
    };
    let entry = lines
        .iter()
        .skip_while(|l| **l != "--- ip neigh")
        .skip(1)
        .find(|l| l.split_whitespace().next() == Some(gw));
    let state = entry
        .and_then(|e| e.split_whitespace().last())
        .unwrap_or("");
    match state {
        "REACHABLE" | "STALE" | "DELAY" | "PROBE" | "PERMANENT" | "NOARP" => (
            Verdict::Ok,
            format!(
                "gateway {gw} is in the neighbour table ({state}); {why}, so it was not pinged"
            ),
        ),
        "FAILED" | "INCOMPLETE" => (
            Verdict::Fail,
            format!("gateway {gw} does not answer ARP (neighbour entry {state}); {why}"),
        ),
        _ => (
            Verdict::CannotCheck,
            format!(
                "gateway {gw} was not pinged ({why}) and the neighbour table has no entry for it"
            ),
        ),
    }
}

const NIC_DRIVER: &str = r##"for d in /sys/class/net/*; do
  n=${d##*/}
  if [ -e "$d/device/driver" ]; then drv=$(readlink "$d/device/driver"); echo "if $n driver=${drv##*/}"
  elif [ -e "$d/device" ]; then echo "if $n driver=none"
  else echo "if $n virtual"; fi
done
for p in /sys/bus/pci/devices/*; do
  [ -r "$p/class" ] || continue
  case $(cat "$p/class") in
    0x02*) if [ -e "$p/driver" ]; then drv=$(readlink "$p/driver"); echo "pci ${p##*/} driver=${drv##*/}"
           else echo "pci ${p##*/} driver=none"; fi;;
  esac
done
true"##;

const FIREWALL: &str = r##"if command -v nft >/dev/null 2>&1; then echo "# nft list ruleset"; nft list ruleset
elif command -v iptables >/dev/null 2>&1; then echo "# iptables -S"; iptables -S
else echo "# no firewall tool (nft, iptables) is installed"; fi"##;

/// One line of `ip -o link show`.
#[derive(Debug, PartialEq)]
struct Link {
    name: String,
    flags: Vec<String>,
}

impl Link {
    fn loopback(&self) -> bool {
        self.flags.iter().any(|f| f == "LOOPBACK")
    }
    /// `LOWER_UP` is the carrier itself; `NO-CARRIER` is derived from the
    /// operational state, which the kernel updates up to a second later.
    fn has_carrier(&self) -> bool {
        self.flags.iter().any(|f| f == "LOWER_UP")
    }
}

/// `2: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 ...`
fn parse_links(text: &str) -> Vec<Link> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, ": ");
            let _index = parts.next()?;
            let name = parts.next()?.split('@').next()?.trim().to_string();
            let rest = parts.next()?;
            let flags = rest.strip_prefix('<')?.split('>').next()?;
            Some(Link {
                name,
                flags: flags.split(',').map(str::to_string).collect(),
            })
        })
        .collect()
}

fn link_verdict(
    text: &str,
    iface: Option<&str>,
    good: impl Fn(&Link) -> bool,
    good_word: &str,
    bad_word: &str,
) -> (Verdict, String) {
    let links = parse_links(text);
    match iface {
        Some(name) => match links.iter().find(|l| l.name == name) {
            None => (Verdict::Fail, format!("there is no interface {name}")),
            Some(l) if good(l) => (Verdict::Ok, format!("{name} {good_word}")),
            Some(_) => (Verdict::Fail, format!("{name} {bad_word}")),
        },
        None => {
            let nics: Vec<&Link> = links.iter().filter(|l| !l.loopback()).collect();
            if nics.is_empty() {
                return (
                    Verdict::Fail,
                    "there is no network interface besides loopback".into(),
                );
            }
            let (good_ones, bad_ones): (Vec<&Link>, Vec<&Link>) =
                nics.iter().partition(|l| good(l));
            let names = |v: &[&Link]| {
                v.iter()
                    .map(|l| l.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if good_ones.is_empty() {
                (
                    Verdict::Fail,
                    format!("every interface {bad_word}: {}", names(&bad_ones)),
                )
            } else {
                (Verdict::Ok, format!("{good_word}: {}", names(&good_ones)))
            }
        }
    }
}

/// `2: eth0    inet 10.0.0.2/24 brd 10.0.0.255 scope global eth0\ ...`
fn address_verdict(text: &str, iface: Option<&str>) -> (Verdict, String) {
    let mut found = Vec::new();
    let mut link_local = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() < 4 || !matches!(words[2], "inet" | "inet6") {
            continue;
        }
        let name = words[1].split('@').next().unwrap_or(words[1]);
        if name == "lo" || iface.is_some_and(|i| i != name) {
            continue;
        }
        let scope = words
            .iter()
            .position(|w| *w == "scope")
            .and_then(|i| words.get(i + 1));
        let entry = format!("{name} {}", words[3]);
        if scope == Some(&"global") {
            found.push(entry);
        } else {
            link_local.push(entry);
        }
    }
    let what = iface.map_or("any interface".to_string(), str::to_string);
    if !found.is_empty() {
        (Verdict::Ok, format!("address: {}", found.join(", ")))
    } else if !link_local.is_empty() {
        (
            Verdict::Fail,
            format!(
                "{what} has only link-local addresses: {}",
                link_local.join(", ")
            ),
        )
    } else {
        (Verdict::Fail, format!("{what} has no IP address"))
    }
}

fn route_verdict(text: &str) -> (Verdict, String) {
    let defaults: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("default"))
        .collect();
    if let Some(up) = defaults
        .iter()
        .find(|l| !l.split_whitespace().any(|w| w == "linkdown" || w == "dead"))
    {
        (Verdict::Ok, up.to_string())
    } else if let Some(down) = defaults.first() {
        (
            Verdict::Fail,
            format!("the default route is on a link that is down: {down}"),
        )
    } else {
        (Verdict::Fail, "there is no default route".into())
    }
}

fn nic_driver_verdict(text: &str, iface: Option<&str>) -> (Verdict, String) {
    let mut interfaces = Vec::new();
    let mut unbound_pci = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["if", name, state] => interfaces.push((*name, *state)),
            ["pci", addr, "driver=none"] => unbound_pci.push(*addr),
            _ => {}
        }
    }
    let unbound_note = if unbound_pci.is_empty() {
        String::new()
    } else {
        format!(
            "; network controller(s) without a driver: {}",
            unbound_pci.join(", ")
        )
    };
    match iface {
        Some(name) => match interfaces.iter().find(|(n, _)| *n == name) {
            None => (
                Verdict::Fail,
                format!(
                    "there is no interface {name} (a NIC without a driver has none){unbound_note}"
                ),
            ),
            Some((_, "driver=none")) => (
                Verdict::Fail,
                format!("{name} has no driver bound{unbound_note}"),
            ),
            Some((_, state)) => (
                Verdict::Ok,
                format!("{name}: {}", state.trim_start_matches("driver=")),
            ),
        },
        None => {
            let nics: Vec<&(&str, &str)> = interfaces.iter().filter(|(n, _)| *n != "lo").collect();
            let missing: Vec<&str> = nics
                .iter()
                .filter(|(_, s)| *s == "driver=none")
                .map(|(n, _)| *n)
                .collect();
            if !missing.is_empty() {
                (
                    Verdict::Fail,
                    format!("no driver bound: {}{unbound_note}", missing.join(", ")),
                )
            } else if !unbound_pci.is_empty() {
                (
                    Verdict::Fail,
                    unbound_note.trim_start_matches("; ").to_string(),
                )
            } else if nics.is_empty() {
                (
                    Verdict::Fail,
                    "there is no network interface besides loopback".into(),
                )
            } else {
                let list: Vec<String> = nics
                    .iter()
                    .map(|(n, s)| format!("{n} {}", s.trim_start_matches("driver=")))
                    .collect();
                (Verdict::Ok, list.join(", "))
            }
        }
    }
}

/// `/proc/sys/fs/file-nr`, the local port range, then `/proc/net/sockstat`.
fn sockets_verdict(text: &str) -> (Verdict, String) {
    let mut lines = text.lines();
    let nums = |l: Option<&str>| -> Vec<u64> {
        l.unwrap_or("")
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect()
    };
    let files = nums(lines.next());
    let ports = nums(lines.next());
    let tcp = text.lines().find(|l| l.starts_with("TCP:")).map(|l| {
        let w: Vec<&str> = l.split_whitespace().collect();
        let field = |k: &str| {
            w.iter()
                .position(|x| *x == k)
                .and_then(|i| w.get(i + 1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        (field("inuse"), field("tw"))
    });
    let (Some(&open), Some(&max)) = (files.first(), files.get(2)) else {
        return (Verdict::Fail, "could not read /proc/sys/fs/file-nr".into());
    };
    let mut problems = Vec::new();
    if max > 0 && u128::from(open) * 10 > u128::from(max) * 9 {
        problems.push(format!("file handles {open} of {max}"));
    }
    let mut summary = format!("file handles {open} of {max}");
    if let (Some((inuse, tw)), [low, high]) = (tcp, ports.as_slice()) {
        let range = high.saturating_sub(*low) + 1;
        summary.push_str(&format!(
            ", TCP sockets {inuse} in use + {tw} time-wait for {range} local ports"
        ));
        if u128::from(inuse + tw) * 10 > u128::from(range) * 9 {
            problems.push(format!("TCP sockets {} of {range} local ports", inuse + tw));
        }
    }
    if problems.is_empty() {
        (Verdict::Ok, summary)
    } else {
        (
            Verdict::Fail,
            format!("resources nearly exhausted: {}", problems.join(", ")),
        )
    }
}

fn firewall_verdict(out: &ProbeOutput) -> (Verdict, String) {
    if out.exit_status != Some(0) {
        let why = out.stderr.lines().next().unwrap_or("listing failed").trim();
        return (
            Verdict::Fail,
            format!("could not list the firewall rules: {why}"),
        );
    }
    if out.stdout.contains("# no firewall tool") {
        return (
            Verdict::Ok,
            "no firewall tool is installed, so no host firewall is configured".into(),
        );
    }
    let blocking: Vec<&str> = out
        .stdout
        .lines()
        .map(str::trim)
        .filter(|l| {
            let lower = l.to_ascii_lowercase();
            !l.starts_with('#')
                && lower
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w == "drop" || w == "reject")
        })
        .collect();
    if blocking.is_empty() {
        (Verdict::Ok, "no rule drops or rejects traffic".into())
    } else {
        (
            Verdict::Fail,
            format!(
                "{} rule(s) drop or reject traffic, e.g. {}",
                blocking.len(),
                blocking[0]
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(status: i32, stdout: &str) -> ProbeOutput {
        ProbeOutput {
            exit_status: Some(status),
            stdout: stdout.into(),
            stderr: String::new(),
            timed_out: false,
        }
    }

    fn args(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    // Captured from namespaces on a Debian 12 machine.
    const LINKS_UP: &str = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: c0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 7a:3c:51:0e:11:25 brd ff:ff:ff:ff:ff:ff link-netns ops-r\n";
    const LINKS_ADMIN_DOWN: &str = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: c0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000\\    link/ether 7a:3c:51:0e:11:25 brd ff:ff:ff:ff:ff:ff link-netns ops-r\n";
    const LINKS_NO_CARRIER: &str = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: c0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000\\    link/ether 7a:3c:51:0e:11:25 brd ff:ff:ff:ff:ff:ff link-netns ops-r\n";

    #[test]
    fn link_and_carrier() {
        let none = args(&[]);
        assert_eq!(Probe::Link.verdict(&none, &out(0, LINKS_UP)).0, Verdict::Ok);
        assert_eq!(
            Probe::Carrier.verdict(&none, &out(0, LINKS_UP)).0,
            Verdict::Ok
        );
        let (v, why) = Probe::Link.verdict(&none, &out(0, LINKS_ADMIN_DOWN));
        assert_eq!(
            (v, why.as_str()),
            (Verdict::Fail, "every interface administratively down: c0")
        );
        assert_eq!(
            Probe::Link.verdict(&none, &out(0, LINKS_NO_CARRIER)).0,
            Verdict::Ok
        );
        let (v, why) =
            Probe::Carrier.verdict(&args(&[("interface", "c0")]), &out(0, LINKS_NO_CARRIER));
        assert_eq!((v, why.as_str()), (Verdict::Fail, "c0 has no carrier"));
        let (v, why) = Probe::Link.verdict(&args(&[("interface", "eth9")]), &out(0, LINKS_UP));
        assert_eq!(
            (v, why.as_str()),
            (Verdict::Fail, "there is no interface eth9")
        );
        // Just after the peer comes up the kernel shows LOWER_UP before it
        // clears NO-CARRIER (captured from a fresh veth pair): carrier is there.
        let settling = "2: c0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000\\    link/ether c6:0a:ec:7a:dc:f5 brd ff:ff:ff:ff:ff:ff\n";
        assert_eq!(
            Probe::Carrier.verdict(&none, &out(0, settling)).0,
            Verdict::Ok
        );
        let lo_only = LINKS_UP.lines().next().unwrap();
        assert_eq!(
            Probe::Carrier.verdict(&none, &out(0, lo_only)).0,
            Verdict::Fail
        );
    }

    #[test]
    fn address() {
        let text = "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n2: c0    inet 10.77.1.2/24 scope global c0\\       valid_lft forever preferred_lft forever\n2: c0    inet6 fe80::783c:51ff:fe0e:1125/64 scope link \\       valid_lft forever preferred_lft forever\n";
        let (v, why) = Probe::Address.verdict(&args(&[]), &out(0, text));
        assert_eq!((v, why.as_str()), (Verdict::Ok, "address: c0 10.77.1.2/24"));
        let link_only = "2: c0    inet6 fe80::1/64 scope link \\       valid_lft forever\n";
        assert_eq!(
            Probe::Address.verdict(&args(&[]), &out(0, link_only)).0,
            Verdict::Fail
        );
        assert_eq!(
            Probe::Address
                .verdict(&args(&[("interface", "c1")]), &out(0, text))
                .0,
            Verdict::Fail
        );
    }

    #[test]
    fn default_route() {
        let ok = "default via 10.77.1.1 dev c0\n10.77.1.0/24 dev c0 proto kernel scope link src 10.77.1.2\n--- ipv6\n";
        assert_eq!(
            Probe::DefaultRoute.verdict(&args(&[]), &out(0, ok)),
            (Verdict::Ok, "default via 10.77.1.1 dev c0".into())
        );
        let down = "default via 10.77.1.1 dev c0 linkdown\n--- ipv6\n";
        assert_eq!(
            Probe::DefaultRoute.verdict(&args(&[]), &out(0, down)).0,
            Verdict::Fail
        );
        let none = "10.77.1.0/24 dev c0 proto kernel scope link src 10.77.1.2\n--- ipv6\n";
        assert_eq!(
            Probe::DefaultRoute.verdict(&args(&[]), &out(0, none)),
            (Verdict::Fail, "there is no default route".into())
        );
        let v6 = "--- ipv6\ndefault via fe80::1 dev eth0 proto ra metric 1024 pref medium\n";
        assert_eq!(
            Probe::DefaultRoute.verdict(&args(&[]), &out(0, v6)).0,
            Verdict::Ok
        );
    }

    #[test]
    fn gateway_dns_ping() {
        let gw = "gateway 10.77.1.1\nPING 10.77.1.1 (10.77.1.1) 56(84) bytes of data.\n";
        assert_eq!(
            Probe::GatewayPing.verdict(&args(&[]), &out(0, gw)).0,
            Verdict::Ok
        );
        assert_eq!(
            Probe::GatewayPing.verdict(&args(&[]), &out(1, gw)),
            (
                Verdict::Fail,
                "gateway 10.77.1.1 does not answer ping".into()
            )
        );
        let off = "gateway 10.77.1.1\nnot pinged: ping is turned off (gateway_ping = false)\n--- ip neigh\n";
        assert_eq!(
            Probe::GatewayPing.verdict(&args(&[]), &out(0, &format!("{off}10.77.1.1 dev c0 lladdr 7a:3c:51:0e:11:25 STALE\n"))),
            (Verdict::Ok, "gateway 10.77.1.1 is in the neighbour table (STALE); ping is turned off (gateway_ping = false), so it was not pinged".into())
        );
        assert_eq!(
            Probe::GatewayPing
                .verdict(
                    &args(&[]),
                    &out(0, &format!("{off}10.77.1.1 dev c0 FAILED\n"))
                )
                .0,
            Verdict::Fail
        );
        assert_eq!(
            Probe::GatewayPing.verdict(&args(&[]), &out(0, off)).0,
            Verdict::CannotCheck
        );
        assert_eq!(
            Probe::GatewayPing
                .verdict(&args(&[]), &out(1, "no IPv4 default gateway\n"))
                .0,
            Verdict::Fail
        );

        let name = args(&[("name", "app.example")]);
        let ok = "10.0.0.5        app.example\n--- /etc/resolv.conf\nnameserver 10.0.0.1\n";
        assert_eq!(
            Probe::Dns.verdict(&name, &out(0, ok)),
            (Verdict::Ok, "app.example resolves to 10.0.0.5".into())
        );
        assert_eq!(
            Probe::Dns.verdict(&name, &out(2, "--- /etc/resolv.conf\n")),
            (
                Verdict::Fail,
                "app.example does not resolve (no nameserver in /etc/resolv.conf)".into()
            )
        );
        let host = args(&[("host", "10.0.0.5")]);
        let mut unknown = out(2, "");
        unknown.stderr = "ping: app: Temporary failure in name resolution\n".into();
        assert_eq!(
            Probe::Ping.verdict(&host, &unknown).1,
            "cannot ping 10.0.0.5: ping: app: Temporary failure in name resolution"
        );
        assert_eq!(Probe::Ping.verdict(&host, &out(1, "")).0, Verdict::Fail);
        for stderr in ["sh: 1: ping: not found\n", "ping is not installed\n"] {
            let mut missing = out(127, "");
            missing.stderr = stderr.into();
            assert_eq!(
                Probe::Ping.verdict(&host, &missing),
                (Verdict::CannotCheck, "ping is not installed".into())
            );
        }
    }

    #[test]
    fn nic_driver() {
        let text =
            "if lo virtual\nif eth0 driver=e1000e\nif c0 virtual\npci 0000:00:1f.6 driver=e1000e\n";
        assert_eq!(
            Probe::NicDriver.verdict(&args(&[]), &out(0, text)),
            (Verdict::Ok, "eth0 e1000e, c0 virtual".into())
        );
        let unbound = "if lo virtual\npci 0000:03:00.0 driver=none\n";
        let (v, why) = Probe::NicDriver.verdict(&args(&[("interface", "eth1")]), &out(0, unbound));
        assert_eq!(v, Verdict::Fail);
        assert!(why.contains("0000:03:00.0"), "{why}");
        assert_eq!(
            Probe::NicDriver.verdict(&args(&[]), &out(0, unbound)).0,
            Verdict::Fail
        );
    }

    #[test]
    fn sockets() {
        let text = "1632\t0\t9223372036854775807\n32768\t60999\nsockets: used 180\nTCP: inuse 7 orphan 0 tw 2 alloc 9 mem 1\nUDP: inuse 3 mem 2\n";
        let (v, why) = Probe::Sockets.verdict(&args(&[]), &out(0, text));
        assert_eq!(v, Verdict::Ok, "{why}");
        let full = "1632\t0\t9223372036854775807\n32768\t32867\nsockets: used 180\nTCP: inuse 95 orphan 0 tw 2 alloc 9 mem 1\n";
        assert_eq!(
            Probe::Sockets.verdict(&args(&[]), &out(0, full)).0,
            Verdict::Fail
        );
        let files = "990 0 1000\n32768 60999\nTCP: inuse 1 orphan 0 tw 0 alloc 1 mem 1\n";
        assert_eq!(
            Probe::Sockets.verdict(&args(&[]), &out(0, files)).0,
            Verdict::Fail
        );
    }

    #[test]
    fn firewall() {
        assert_eq!(
            Probe::Firewall
                .verdict(
                    &args(&[]),
                    &out(0, "# no firewall tool (nft, iptables) is installed\n")
                )
                .0,
            Verdict::Ok
        );
        assert_eq!(
            Probe::Firewall
                .verdict(
                    &args(&[]),
                    &out(0, "# iptables -S\n-P INPUT ACCEPT\n-P FORWARD ACCEPT\n")
                )
                .0,
            Verdict::Ok
        );
        let (v, why) = Probe::Firewall.verdict(
            &args(&[]),
            &out(
                0,
                "# iptables -S\n-P INPUT DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT\n",
            ),
        );
        assert_eq!(
            (v, why.as_str()),
            (
                Verdict::Fail,
                "1 rule(s) drop or reject traffic, e.g. -P INPUT DROP"
            )
        );
        let nft = "# nft list ruleset\ntable inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t\ttcp dport 80 reject\n\t}\n}\n";
        assert_eq!(
            Probe::Firewall.verdict(&args(&[]), &out(0, nft)).0,
            Verdict::Fail
        );
        let mut denied = out(1, "# iptables -S\n");
        denied.stderr = "iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied\n".into();
        assert_eq!(
            Probe::Firewall.verdict(&args(&[]), &denied).0,
            Verdict::Fail
        );
    }

    #[test]
    fn arguments_are_validated_before_any_script_is_made() {
        assert!(
            Probe::Dns
                .script(&args(&[("name", "app.example.com")]))
                .is_ok()
        );
        for bad in ["a;reboot", "$(id)", "-oProxyCommand=x", "a b", "'x'", ""] {
            assert!(Probe::Dns.script(&args(&[("name", bad)])).is_err(), "{bad}");
            assert!(
                Probe::Ping.script(&args(&[("host", bad)])).is_err(),
                "{bad}"
            );
        }
        assert!(Probe::Ping.script(&args(&[("host", "fe80::1")])).is_ok());
        assert!(Probe::Dns.script(&args(&[("name", "10.0.0.1")])).is_err());
        assert!(
            Probe::Link
                .script(&args(&[("interface", "eth0; rm")]))
                .is_err()
        );
        assert!(Probe::Link.script(&args(&[("interface", "any")])).is_ok());
        assert!(Probe::Dns.script(&args(&[])).is_err());
    }

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
