//! What Cisco IOS and Huawei VRP parsing share.
//!
//! Three things live here:
//! - [`clean_output`]: turns what an interactive device session captured
//!   (CRLF, tabs, `--More--` / `---- More ----` pager prompts and the
//!   backspaces or ANSI sequences that erase them, prompt and command-echo
//!   lines, logging noise) into plain lines. Every parser calls it first, and
//!   the SSH device-shell transport can call it on what it read.
//! - prompt recognition ([`parse_prompt`], [`trailing_prompt`],
//!   [`pager_pending`]) for that transport: `name#`, `name>`, `name(config)#`,
//!   `<name>`, `[name]`, `[~name]`, `[*name]`, with or without a domain.
//! - the dispatcher behind `ops parse PLATFORM COMMAND [FILE]`:
//!   [`Platform`], [`resolve_command`], [`parse_command`] and
//!   [`supported_commands`].
//!
//! Everything is pure: text in, values out, no I/O and no clock. Nothing here
//! panics on any input; numbers that do not fit become `None`.

use crate::bad_input;
use crate::parse::{cisco_ios, huawei_vrp};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// A regular expression compiled once, on first use.
macro_rules! re {
    ($pattern:expr) => {{
        static RE: ::std::sync::LazyLock<::regex::Regex> =
            ::std::sync::LazyLock::new(|| ::regex::Regex::new($pattern).expect("valid regex"));
        &*RE
    }};
}
pub(crate) use re;

// ---------------------------------------------------------------------------
// Cleaning a captured session

/// Cleans what a device session printed so that parsers see plain lines.
///
/// - line endings become `\n`; a lone `\r`, backspaces and the ANSI cursor
///   moves and erasures devices use to wipe a pager prompt are applied the
///   way a terminal would apply them; other control characters are dropped;
///   tabs are expanded to 8-column stops;
/// - pager prompts left in the text (`--More--`, `---- More ----`) are removed,
///   and a line that held nothing else is dropped;
/// - prompt lines, with or without the echoed command (`switch01#show
///   interfaces`, `<HUAWEI>display version`, a trailing `switch01#`), are
///   dropped;
/// - IOS `exec prompt timestamp` headers (`Load for five secs…`,
///   `Time source is…`) and syslog messages that interleave with output
///   (`*Mar  1 00:01:02.123: %LINK-3-UPDOWN: …`) are dropped;
/// - trailing spaces are removed, leading indentation is kept (it carries
///   meaning, e.g. Huawei trunk members), and blank lines at the start and end
///   are removed.
pub fn clean_output(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 1);
    for segment in raw.split('\n') {
        let body = segment.strip_suffix('\r').unwrap_or(segment);
        let mut seen = scan(body);
        let rendered = if seen.control {
            let rendered = render_line(body);
            seen = scan(&rendered);
            rendered
        } else {
            Cow::Borrowed(body)
        };
        let (line, had_pager) = if seen.more {
            strip_pager(&rendered)
        } else {
            (Cow::Borrowed(&*rendered), false)
        };
        let line = line.trim_end();
        if line.is_empty() {
            // Blank lines at the start carry nothing; a line that held only
            // a pager prompt was not a line of output.
            if !had_pager && !out.is_empty() {
                out.push('\n');
            }
            continue;
        }
        if (seen.prompt_char || line.starts_with(['<', '['])) && is_prompt_line(line) {
            continue;
        }
        if is_noise(line, seen.percent) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    // Nor do blank lines at the end.
    let end = out.trim_end_matches('\n').len();
    out.truncate(end);
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// What one pass over a line's bytes tells about it, so that the costlier
/// checks run only on the few lines that need them.
struct Seen {
    /// A control character (C0, DEL, or a possible C1).
    control: bool,
    /// `#` or `>`: could be a Cisco prompt.
    prompt_char: bool,
    /// `%`: could be a syslog message.
    percent: bool,
    /// `-` and `m`/`M`: could hold a pager prompt.
    more: bool,
}

const CONTROL: u8 = 1;
const PROMPT: u8 = 2;
const PERCENT: u8 = 4;
const DASH: u8 = 8;
const LETTER_M: u8 = 16;

/// The class of each byte, for [`scan`].
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = CONTROL;
        b += 1;
    }
    table[0x7f] = CONTROL;
    // The lead byte of U+0080..U+00BF, which holds the C1 controls.
    table[0xc2] = CONTROL;
    table[b'#' as usize] = PROMPT;
    table[b'>' as usize] = PROMPT;
    table[b'%' as usize] = PERCENT;
    table[b'-' as usize] = DASH;
    table[b'm' as usize] = LETTER_M;
    table[b'M' as usize] = LETTER_M;
    table
};

fn scan(line: &str) -> Seen {
    let flags = line.bytes().fold(0u8, |acc, b| acc | CLASS[b as usize]);
    Seen {
        control: flags & CONTROL != 0,
        prompt_char: flags & PROMPT != 0,
        percent: flags & PERCENT != 0,
        more: flags & (DASH | LETTER_M) == DASH | LETTER_M,
    }
}

/// Applies carriage returns, backspaces, tabs and ANSI cursor sequences to one
/// line the way a terminal would, and drops other control characters.
fn render_line(segment: &str) -> Cow<'_, str> {
    let body = segment.strip_suffix('\r').unwrap_or(segment);
    if !body.chars().any(|c| c.is_control()) {
        return Cow::Borrowed(body);
    }
    const MAX_COLUMN: usize = 4096;
    let mut buf: Vec<char> = Vec::with_capacity(body.len());
    let mut cur = 0usize;
    let mut chars = body.chars().peekable();
    let put = |buf: &mut Vec<char>, cur: &mut usize, c: char| {
        if *cur < buf.len() {
            buf[*cur] = c;
        } else {
            while buf.len() < *cur {
                buf.push(' ');
            }
            buf.push(c);
        }
        *cur += 1;
    };
    while let Some(c) = chars.next() {
        match c {
            '\r' => cur = 0,
            '\x08' => cur = cur.saturating_sub(1),
            '\t' => {
                let next = (cur / 8 + 1) * 8;
                while cur < next {
                    put(&mut buf, &mut cur, ' ');
                }
            }
            '\x1b' => match chars.next() {
                Some('[') => {
                    // CSI: parameters, then one final byte in @..~.
                    let mut params = String::new();
                    let mut fin = None;
                    for p in chars.by_ref() {
                        if ('@'..='~').contains(&p) {
                            fin = Some(p);
                            break;
                        }
                        if params.len() < 32 {
                            params.push(p);
                        }
                    }
                    let n = params
                        .split(';')
                        .next()
                        .and_then(|s| s.trim_start_matches('?').parse::<usize>().ok())
                        .unwrap_or(0)
                        .min(MAX_COLUMN);
                    match fin {
                        Some('D') => cur = cur.saturating_sub(n.max(1)),
                        Some('C') => cur = (cur + n.max(1)).min(MAX_COLUMN),
                        Some('G') => cur = n.saturating_sub(1),
                        Some('K') => match n {
                            0 => buf.truncate(cur),
                            1 => {
                                for slot in buf.iter_mut().take(cur.saturating_add(1)) {
                                    *slot = ' ';
                                }
                            }
                            _ => buf.clear(),
                        },
                        _ => {}
                    }
                }
                Some(']') => {
                    // OSC: up to BEL or ESC \.
                    while let Some(p) = chars.next() {
                        if p == '\x07' {
                            break;
                        }
                        if p == '\x1b' {
                            chars.next();
                            break;
                        }
                    }
                }
                _ => {}
            },
            c if c.is_control() => {}
            c => {
                if cur < MAX_COLUMN {
                    put(&mut buf, &mut cur, c);
                }
            }
        }
    }
    Cow::Owned(buf.into_iter().collect())
}

/// Removes pager prompts left in a line; says whether there was one.
fn strip_pager(line: &str) -> (Cow<'_, str>, bool) {
    let pager = re!(r"(?i) ?-{2,} ?more ?(?:\(\d+%\) ?)?-{2,} ?|<--- ?more ?--->");
    if !pager.is_match(line) {
        return (Cow::Borrowed(line), false);
    }
    // Removing one can join the halves of another (`--Mo--More--re--`):
    // repeat until none is left, so that cleaning twice changes nothing.
    let mut out = pager.replace_all(line, "").into_owned();
    while pager.is_match(&out) {
        out = pager.replace_all(&out, "").into_owned();
    }
    (Cow::Owned(out), true)
}

/// Lines that are not command output: IOS exec-timestamp headers and syslog
/// messages printed into the session.
fn is_noise(line: &str, has_percent: bool) -> bool {
    if line.starts_with("Load for five secs:")
        || line.starts_with("Time source is ")
        || line.starts_with("No time source, ")
    {
        return true;
    }
    if !has_percent {
        return false;
    }
    let syslog = re!(
        r"^(?:\d+: )?\*?[A-Z][a-z]{2} +\d{1,2} (?:\d{4} )?\d\d:\d\d:\d\d(?:\.\d+)?(?: [A-Za-z]{2,5})?: %[A-Z][A-Z0-9_]*-\d-[A-Z0-9_]+:|^[A-Z][a-z]{2} +\d{1,2} \d{4} \d\d:\d\d:\d\d(?:[.+-]\S*)? \S+ %%\d\d[A-Z0-9_]+/\d/"
    );
    syslog.is_match(line)
}

/// The error message a device printed instead of a command's output
/// (`% Invalid input detected at '^' marker.`, `Error: Unrecognized command
/// found at '^' position.`), if any.
pub fn device_error(text: &str) -> Option<String> {
    let err = re!(
        r"(?m)^\s*(% ?(?:Invalid input|Incomplete command|Ambiguous command|Unknown command|Invalid command)[^\n]*|Error: ?(?:Unrecognized command|Wrong parameter|Incomplete command|Too many parameters|Ambiguous command)[^\n]*)"
    );
    err.captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
}

// ---------------------------------------------------------------------------
// Prompts

/// The kind of CLI prompt, which also tells the platform and the mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PromptKind {
    /// `name#`, `name(config)#`: Cisco privileged EXEC or a config mode.
    CiscoPrivileged,
    /// `name>`: Cisco user EXEC.
    CiscoUser,
    /// `<name>`: Huawei user view.
    HuaweiUser,
    /// `[name]`, `[~name]`, `[*name]`, `[name-GigabitEthernet0/0/1]`: Huawei
    /// system view or one of its sub-views.
    HuaweiSystem,
}

/// A recognised prompt, and the command echoed after it if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    pub kind: PromptKind,
    /// The prompt exactly as printed: `switch01(config)#`, `<HUAWEI>`.
    pub prompt: String,
    /// The device name: `switch01`, `core1.example.net`, `HUAWEI`. For a
    /// Huawei sub-view it is the whole view name (`HUAWEI-GigabitEthernet0/0/1`)
    /// because a hyphen can belong to the hostname as well.
    pub hostname: String,
    /// The Cisco mode in parentheses (`config`, `config-if`), if any.
    pub mode: Option<String>,
    /// What follows the prompt on the same line: the echoed command.
    pub command: Option<String>,
}

/// Recognises a prompt at the start of a line, with or without a command
/// after it. The line must start at column 0.
pub fn parse_prompt(line: &str) -> Option<Prompt> {
    let line = line.trim_end_matches(['\r', '\n']);
    let first = line.chars().next()?;
    if first == '<' || first == '[' {
        let huawei = re!(r"^(<([A-Za-z][\w.\-/:@]*)>|\[([~*]?)([A-Za-z][\w.\-/:@]*)\])(.*)$");
        let c = huawei.captures(line)?;
        let (kind, hostname) = match c.get(2) {
            Some(name) => (PromptKind::HuaweiUser, name.as_str()),
            None => (PromptKind::HuaweiSystem, c.get(4)?.as_str()),
        };
        return Some(Prompt {
            kind,
            prompt: c.get(1)?.as_str().to_string(),
            hostname: hostname.to_string(),
            mode: None,
            command: command_after(c.get(5).map_or("", |m| m.as_str())),
        });
    }
    if !line.contains('#') && !line.contains('>') {
        return None;
    }
    let cisco = re!(r"^(([A-Za-z0-9][\w.\-@]*)(?:\(([\w.\-/ ]+)\))?([#>]))(.*)$");
    let c = cisco.captures(line)?;
    let hostname = c.get(2)?.as_str();
    // A prompt name is a hostname: it has a letter, and it is not a number
    // or an interface counter.
    if !hostname.chars().any(|ch| ch.is_ascii_alphabetic()) {
        return None;
    }
    let rest = c.get(5).map_or("", |m| m.as_str());
    // `name#` must be followed by nothing or by a space/command; `a#b` inside
    // text is not a prompt, but `switch01#show version` is.
    if let Some(next) = rest.chars().next()
        && !next.is_ascii_alphabetic()
        && !next.is_whitespace()
    {
        return None;
    }
    let kind = if c.get(4)?.as_str() == "#" {
        PromptKind::CiscoPrivileged
    } else {
        PromptKind::CiscoUser
    };
    Some(Prompt {
        kind,
        prompt: c.get(1)?.as_str().to_string(),
        hostname: hostname.to_string(),
        mode: c.get(3).map(|m| m.as_str().to_string()),
        command: command_after(rest),
    })
}

fn command_after(rest: &str) -> Option<String> {
    let rest = rest.trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

/// True when a (cleaned) line is a prompt, with or without an echoed command.
pub fn is_prompt_line(line: &str) -> bool {
    parse_prompt(line).is_some()
}

/// The prompt a device printed last, when the buffer ends with a bare prompt
/// (nothing typed after it): the device is waiting for the next command, so
/// the output of the previous one is complete.
pub fn trailing_prompt(buffer: &str) -> Option<Prompt> {
    let last = buffer.rsplit('\n').next()?;
    let rendered = render_line(last);
    let prompt = parse_prompt(rendered.trim_end())?;
    prompt.command.is_none().then_some(prompt)
}

/// True when the buffer ends with a pager prompt (`--More--`,
/// `---- More ----`) that is still waiting for a key.
pub fn pager_pending(buffer: &str) -> bool {
    let last = buffer.rsplit('\n').next().unwrap_or("");
    let rendered = render_line(last);
    let tail = rendered.trim_end();
    let pager = re!(r"(?i)(?:-{2,} ?more ?(?:\(\d+%\) ?)?-{2,}|<--- ?more ?--->)$");
    pager.is_match(tail)
}

// ---------------------------------------------------------------------------
// Small helpers the parsers share

/// A counter: digits only (commas allowed as thousands separators); `None`
/// when absent, not a number, or too large for `u64`.
pub(crate) fn num(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.contains(',') {
        s.replace(',', "").parse().ok()
    } else {
        s.parse().ok()
    }
}

/// A percentage or decimal figure (`4`, `0.38`, `12.5%`); `None` for `--`.
pub(crate) fn pct(s: &str) -> Option<f64> {
    let v: f64 = s.trim().trim_end_matches('%').trim().parse().ok()?;
    v.is_finite().then_some(v)
}

/// `Some(text)` unless the text is empty or a placeholder dash.
pub(crate) fn text(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty() && s != "-" && s != "--").then(|| s.to_string())
}

/// Converts an uptime as devices print it to seconds: `2 years, 31 weeks,
/// 6 days, 9 hours, 55 minutes` (IOS), `161 days, 0 hour, 20 minutes` (VRP),
/// `1d01h58m07s`, `3w2d`, `12:54:35`. A year counts 365 days. `None` when no
/// unit was recognised.
pub fn uptime_seconds(uptime: &str) -> Option<u64> {
    let words = re!(r"(?i)(\d+)\s*(years?|weeks?|days?|hours?|minutes?|seconds?)\b");
    let mut total: u64 = 0;
    let mut found = false;
    for c in words.captures_iter(uptime) {
        let n: u64 = c[1].parse().ok()?;
        let unit = c[2].to_ascii_lowercase();
        let secs = match unit.as_bytes()[0] {
            b'y' => 365 * 86_400,
            b'w' => 7 * 86_400,
            b'd' => 86_400,
            b'h' => 3_600,
            b'm' => 60,
            _ => 1,
        };
        total = total.saturating_add(n.saturating_mul(secs));
        found = true;
    }
    if found {
        return Some(total);
    }
    let t = uptime.trim();
    if let Some(c) = re!(r"^(\d+):(\d\d):(\d\d)$").captures(t) {
        let h: u64 = c[1].parse().ok()?;
        let m: u64 = c[2].parse().ok()?;
        let s: u64 = c[3].parse().ok()?;
        return Some(h.saturating_mul(3600).saturating_add(m * 60 + s));
    }
    let compact = re!(r"^(?:\d+[ywdhms])+$");
    if compact.is_match(t) {
        for c in re!(r"(\d+)([ywdhms])").captures_iter(t) {
            let n: u64 = c[1].parse().ok()?;
            let secs = match &c[2] {
                "y" => 365 * 86_400,
                "w" => 7 * 86_400,
                "d" => 86_400,
                "h" => 3_600,
                "m" => 60,
                _ => 1,
            };
            total = total.saturating_add(n.saturating_mul(secs));
        }
        return Some(total);
    }
    None
}

/// The error a parser returns when nothing in the text looks like the
/// output of its command.
pub(crate) fn unrecognised(command: &str) -> anyhow::Error {
    bad_input!("the text is not `{command}` output: nothing in it was recognised")
}

// ---------------------------------------------------------------------------
// Dispatcher for `ops parse PLATFORM COMMAND [FILE]`

/// The device families `ops` can parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    CiscoIos,
    HuaweiVrp,
}

impl Platform {
    pub const ALL: [Platform; 2] = [Platform::CiscoIos, Platform::HuaweiVrp];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::CiscoIos => "cisco_ios",
            Platform::HuaweiVrp => "huawei_vrp",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Platform {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> anyhow::Result<Platform> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "cisco_ios" | "cisco_xe" | "cisco_ios_xe" | "ios" => Ok(Platform::CiscoIos),
            "huawei_vrp" | "huawei" | "vrp" => Ok(Platform::HuaweiVrp),
            _ => Err(bad_input!(
                "unknown device platform: {s} (supported: cisco_ios, huawei_vrp)"
            )),
        }
    }
}

/// One supported command: which parser reads its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    ShowVersion,
    ShowIpInterfaceBrief,
    ShowInterfaces,
    ShowInterfacesStatus,
    ShowIpRoute,
    ShowProcessesCpu,
    ShowProcessesMemory,
    ShowEnvironment,
    DisplayVersion,
    DisplayInterface,
    DisplayInterfaceBrief,
    DisplayIpRoutingTable,
    DisplayCpuUsage,
    DisplayMemoryUsage,
    DisplayDevice,
    DisplayFan,
    DisplayPower,
    DisplayTemperature,
}

/// Every command as a user may type it in full, and the parser it maps to.
/// Abbreviations are matched against these.
const CISCO_COMMANDS: &[(&str, Command)] = &[
    ("show version", Command::ShowVersion),
    ("show ip interface brief", Command::ShowIpInterfaceBrief),
    ("show interfaces", Command::ShowInterfaces),
    ("show interfaces status", Command::ShowInterfacesStatus),
    ("show ip route", Command::ShowIpRoute),
    ("show processes cpu", Command::ShowProcessesCpu),
    ("show processes cpu sorted", Command::ShowProcessesCpu),
    ("show processes memory", Command::ShowProcessesMemory),
    ("show processes memory sorted", Command::ShowProcessesMemory),
    ("show environment", Command::ShowEnvironment),
    ("show environment all", Command::ShowEnvironment),
    ("show environment power", Command::ShowEnvironment),
    ("show environment power all", Command::ShowEnvironment),
    ("show environment temperature", Command::ShowEnvironment),
    ("show environment fan", Command::ShowEnvironment),
];

const HUAWEI_COMMANDS: &[(&str, Command)] = &[
    ("display version", Command::DisplayVersion),
    ("display interface", Command::DisplayInterface),
    ("display interface brief", Command::DisplayInterfaceBrief),
    ("display ip routing-table", Command::DisplayIpRoutingTable),
    (
        "display ip routing-table verbose",
        Command::DisplayIpRoutingTable,
    ),
    ("display cpu-usage", Command::DisplayCpuUsage),
    ("display cpu", Command::DisplayCpuUsage),
    ("display memory-usage", Command::DisplayMemoryUsage),
    ("display memory", Command::DisplayMemoryUsage),
    ("display device", Command::DisplayDevice),
    ("display fan", Command::DisplayFan),
    ("display power", Command::DisplayPower),
    ("display temperature", Command::DisplayTemperature),
    ("display temperature all", Command::DisplayTemperature),
];

const CISCO_NAMES: &[&str] = &[
    "show version",
    "show ip interface brief",
    "show interfaces",
    "show interfaces status",
    "show ip route",
    "show processes cpu",
    "show processes cpu sorted",
    "show processes memory",
    "show processes memory sorted",
    "show environment",
    "show environment all",
    "show environment power",
    "show environment power all",
    "show environment temperature",
    "show environment fan",
];

const HUAWEI_NAMES: &[&str] = &[
    "display version",
    "display interface",
    "display interface brief",
    "display ip routing-table",
    "display ip routing-table verbose",
    "display cpu-usage",
    "display cpu",
    "display memory-usage",
    "display memory",
    "display device",
    "display fan",
    "display power",
    "display temperature",
    "display temperature all",
];

/// The commands a platform's output can be parsed for, in full.
pub fn supported_commands(platform: Platform) -> &'static [&'static str] {
    match platform {
        Platform::CiscoIos => CISCO_NAMES,
        Platform::HuaweiVrp => HUAWEI_NAMES,
    }
}

fn command_table(platform: Platform) -> &'static [(&'static str, Command)] {
    match platform {
        Platform::CiscoIos => CISCO_COMMANDS,
        Platform::HuaweiVrp => HUAWEI_COMMANDS,
    }
}

/// Words of a command, lower case: split on spaces and underscores, and
/// also on hyphens when `hyphens` is set (`cpu-usage` typed as `cpu_usage`).
fn command_words(s: &str, hyphens: bool) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '_' || (hyphens && c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

fn abbreviates(typed: &[String], full: &[String]) -> bool {
    typed.len() == full.len()
        && full
            .iter()
            .zip(typed)
            .all(|(f, w)| f.starts_with(w.as_str()))
}

/// Finds the command a user typed: in full (`show interfaces`), abbreviated
/// the way the CLI accepts it (`sh ip int br`, `dis ip rou`), or with
/// underscores (`show_interfaces`, `display_ip_routing-table_verbose`,
/// `display_cpu_usage`).
pub fn resolve_command(platform: Platform, typed: &str) -> anyhow::Result<Command> {
    let words = command_words(typed, false);
    let split = command_words(typed, true);
    let mut exact = None;
    let mut matches: Vec<(&str, Command)> = Vec::new();
    for &(name, command) in command_table(platform) {
        let full_split = command_words(name, true);
        if full_split == split {
            exact = Some(command);
        }
        if abbreviates(&words, &command_words(name, false)) || abbreviates(&split, &full_split) {
            matches.push((name, command));
        }
    }
    if let Some(command) = exact {
        return Ok(command);
    }
    match matches.as_slice() {
        [] => Err(bad_input!(
            "unsupported {platform} command: `{}`; supported commands: {}",
            typed.trim(),
            supported_commands(platform).join(", ")
        )),
        [(_, first), rest @ ..] if rest.iter().all(|(_, c)| c == first) => Ok(*first),
        _ => Err(bad_input!(
            "ambiguous {platform} command: `{}` could be {}",
            typed.trim(),
            matches
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(" or ")
        )),
    }
}

impl Command {
    pub fn platform(self) -> Platform {
        match self {
            Command::ShowVersion
            | Command::ShowIpInterfaceBrief
            | Command::ShowInterfaces
            | Command::ShowInterfacesStatus
            | Command::ShowIpRoute
            | Command::ShowProcessesCpu
            | Command::ShowProcessesMemory
            | Command::ShowEnvironment => Platform::CiscoIos,
            _ => Platform::HuaweiVrp,
        }
    }

    /// The command in full, as sent to a device.
    pub fn name(self) -> &'static str {
        match self {
            Command::ShowVersion => "show version",
            Command::ShowIpInterfaceBrief => "show ip interface brief",
            Command::ShowInterfaces => "show interfaces",
            Command::ShowInterfacesStatus => "show interfaces status",
            Command::ShowIpRoute => "show ip route",
            Command::ShowProcessesCpu => "show processes cpu",
            Command::ShowProcessesMemory => "show processes memory sorted",
            Command::ShowEnvironment => "show environment all",
            Command::DisplayVersion => "display version",
            Command::DisplayInterface => "display interface",
            Command::DisplayInterfaceBrief => "display interface brief",
            Command::DisplayIpRoutingTable => "display ip routing-table",
            Command::DisplayCpuUsage => "display cpu-usage",
            Command::DisplayMemoryUsage => "display memory-usage",
            Command::DisplayDevice => "display device",
            Command::DisplayFan => "display fan",
            Command::DisplayPower => "display power",
            Command::DisplayTemperature => "display temperature all",
        }
    }

    /// Parses the command's output into its JSON form (the serialised typed
    /// value). When nothing is recognised and the device printed an error
    /// (`% Invalid input detected`), that error is what is reported.
    pub fn parse(self, text: &str) -> anyhow::Result<serde_json::Value> {
        let value = match self {
            Command::ShowVersion => cisco_ios::parse_show_version(text).map(to_json),
            Command::ShowIpInterfaceBrief => {
                cisco_ios::parse_show_ip_interface_brief(text).map(to_json)
            }
            Command::ShowInterfaces => cisco_ios::parse_show_interfaces(text).map(to_json),
            Command::ShowInterfacesStatus => {
                cisco_ios::parse_show_interfaces_status(text).map(to_json)
            }
            Command::ShowIpRoute => cisco_ios::parse_show_ip_route(text).map(to_json),
            Command::ShowProcessesCpu => cisco_ios::parse_show_processes_cpu(text).map(to_json),
            Command::ShowProcessesMemory => {
                cisco_ios::parse_show_processes_memory(text).map(to_json)
            }
            Command::ShowEnvironment => cisco_ios::parse_show_environment(text).map(to_json),
            Command::DisplayVersion => huawei_vrp::parse_display_version(text).map(to_json),
            Command::DisplayInterface => huawei_vrp::parse_display_interface(text).map(to_json),
            Command::DisplayInterfaceBrief => {
                huawei_vrp::parse_display_interface_brief(text).map(to_json)
            }
            Command::DisplayIpRoutingTable => {
                huawei_vrp::parse_display_ip_routing_table(text).map(to_json)
            }
            Command::DisplayCpuUsage => huawei_vrp::parse_display_cpu_usage(text).map(to_json),
            Command::DisplayMemoryUsage => {
                huawei_vrp::parse_display_memory_usage(text).map(to_json)
            }
            Command::DisplayDevice => huawei_vrp::parse_display_device(text).map(to_json),
            Command::DisplayFan => huawei_vrp::parse_display_fan(text).map(to_json),
            Command::DisplayPower => huawei_vrp::parse_display_power(text).map(to_json),
            Command::DisplayTemperature => huawei_vrp::parse_display_temperature(text).map(to_json),
        };
        value.map_err(|err| match device_error(text) {
            Some(message) => bad_input!("the device rejected `{}`: {message}", self.name()),
            None => err,
        })
    }
}

fn to_json<T: Serialize>(value: T) -> serde_json::Value {
    // Our types only hold strings, numbers, booleans, options and vectors,
    // which always serialise.
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Parses a command's output as typed by the user into JSON: the heart of
/// `ops parse PLATFORM COMMAND [FILE]`.
pub fn parse_command(
    platform: Platform,
    command: &str,
    text: &str,
) -> anyhow::Result<serde_json::Value> {
    resolve_command(platform, command)?.parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::{Exit, for_error};

    #[test]
    fn crlf_trailing_spaces_and_no_final_newline() {
        assert_eq!(clean_output("a  \r\n b\t\r\nc"), "a\n b\nc\n");
        assert_eq!(clean_output("\r\n\r\nx\r\n\r\n"), "x\n");
        assert_eq!(clean_output(""), "");
        assert_eq!(clean_output("\n \n"), "");
    }

    #[test]
    fn tabs_expand_to_eight_column_stops() {
        assert_eq!(clean_output("ab\tc\n\td"), "ab      c\n        d\n");
    }

    #[test]
    fn cisco_more_erased_with_backspaces() {
        let raw = "     0 runts, 0 giants\r\n --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08          \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08     0 input errors\r\n";
        assert_eq!(
            clean_output(raw),
            "     0 runts, 0 giants\n     0 input errors\n"
        );
    }

    #[test]
    fn huawei_more_erased_with_ansi_cursor_moves() {
        let raw = "Vlanif1   up   up\r\n  ---- More ----\x1b[42D                                          \x1b[42DVlanif2   down down\r\n";
        assert_eq!(
            clean_output(raw),
            "Vlanif1   up   up\nVlanif2   down down\n"
        );
    }

    #[test]
    fn pager_left_in_text_is_removed() {
        assert_eq!(clean_output("a\n --More-- \nb"), "a\nb\n");
        assert_eq!(clean_output("x --Mo --More-- re-- y"), "xy\n");
        assert_eq!(clean_output("a\n  ---- More ----\nb"), "a\nb\n");
        assert_eq!(clean_output(" --More-- Vlan1 is up"), "Vlan1 is up\n");
    }

    #[test]
    fn prompts_and_echo_are_dropped() {
        let raw = "switch01#show interfaces\r\nGi0/1 is up\r\nswitch01#";
        assert_eq!(clean_output(raw), "Gi0/1 is up\n");
        let raw = "<HUAWEI>display version\nVRP (R) software\n<HUAWEI>";
        assert_eq!(clean_output(raw), "VRP (R) software\n");
        let raw = "[~CE1]display cpu-usage\nCPU Usage : 5%\n[~CE1]";
        assert_eq!(clean_output(raw), "CPU Usage : 5%\n");
    }

    #[test]
    fn syslog_and_exec_timestamps_are_dropped() {
        let raw = "Load for five secs: 4%/0%; one minute: 5%; five minutes: 5%\nTime source is NTP, 10:15:32.123 UTC Mon Jan 1 2024\n\n*Mar  1 00:01:02.123: %LINK-3-UPDOWN: Interface Gi0/1, changed state to up\nrouter1 uptime is 1 week\n";
        assert_eq!(clean_output(raw), "router1 uptime is 1 week\n");
    }

    #[test]
    fn other_control_characters_are_dropped() {
        assert_eq!(clean_output("a\x07b\x00c\x1b]0;title\x07d"), "abcd\n");
        assert_eq!(clean_output("\x1b[1;32mgreen\x1b[0m"), "green\n");
        assert_eq!(clean_output("abcdef\x1b[3D\x1b[K"), "abc\n");
    }

    #[test]
    fn prompt_forms() {
        let p = parse_prompt("switch01#show ip int brief").unwrap();
        assert_eq!(p.kind, PromptKind::CiscoPrivileged);
        assert_eq!(p.hostname, "switch01");
        assert_eq!(p.command.as_deref(), Some("show ip int brief"));
        let p = parse_prompt("core1.example.net>").unwrap();
        assert_eq!(
            (p.kind, p.hostname.as_str(), p.command),
            (PromptKind::CiscoUser, "core1.example.net", None)
        );
        let p = parse_prompt("sw-02(config-if)#").unwrap();
        assert_eq!(p.mode.as_deref(), Some("config-if"));
        assert_eq!(p.prompt, "sw-02(config-if)#");
        let p = parse_prompt("<HUAWEI>display version").unwrap();
        assert_eq!(p.kind, PromptKind::HuaweiUser);
        assert_eq!(p.command.as_deref(), Some("display version"));
        for (line, host) in [
            ("[HUAWEI]", "HUAWEI"),
            ("[~CE6850.dc1.example.com]", "CE6850.dc1.example.com"),
            ("[*HUAWEI]", "HUAWEI"),
            (
                "[HUAWEI-GigabitEthernet0/0/1]",
                "HUAWEI-GigabitEthernet0/0/1",
            ),
        ] {
            let p = parse_prompt(line).unwrap();
            assert_eq!(
                (p.kind, p.hostname.as_str()),
                (PromptKind::HuaweiSystem, host)
            );
        }
    }

    #[test]
    fn output_lines_are_not_prompts() {
        for line in [
            "           [110/20] via 10.62.4.29, 12:55:19, TenGigabitEthernet1/15",
            "[110/20] via 10.62.4.29",
            "*down: administratively down",
            "Gi1/0/1   connected   1   a-full a-100 10/100/1000BaseTX",
            "Vlan1 is up, line protocol is up",
            "CPU utilization for five seconds: 4%/0%; one minute: 6%; five minutes: 5%",
            "1#",
            "12>3",
            "InUti/OutUti: input utility/output utility",
            "<5>",
        ] {
            assert!(parse_prompt(line).is_none(), "{line}");
        }
    }

    #[test]
    fn trailing_prompt_and_pager_pending() {
        assert_eq!(
            trailing_prompt("x\r\nswitch01#").map(|p| p.hostname),
            Some("switch01".to_string())
        );
        assert!(trailing_prompt("x\nswitch01#show run").is_none());
        assert!(trailing_prompt("x\n").is_none());
        assert!(pager_pending("a\n --More-- "));
        assert!(pager_pending("a\n  ---- More ----"));
        assert!(!pager_pending(
            "a\n --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08          \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08b"
        ));
    }

    #[test]
    fn device_errors_are_found() {
        assert_eq!(
            device_error("show foo\n         ^\n% Invalid input detected at '^' marker.\n")
                .as_deref(),
            Some("% Invalid input detected at '^' marker.")
        );
        assert!(device_error("Error: Unrecognized command found at '^' position.").is_some());
        assert!(device_error("Vlan1 is up").is_none());
    }

    #[test]
    fn uptimes_convert_to_seconds() {
        assert_eq!(
            uptime_seconds("2 years, 31 weeks, 6 days, 9 hours, 55 minutes"),
            Some(2 * 365 * 86400 + 31 * 7 * 86400 + 6 * 86400 + 9 * 3600 + 55 * 60)
        );
        assert_eq!(
            uptime_seconds("3 weeks, 6 days, 32 minutes"),
            Some(27 * 86400 + 32 * 60)
        );
        assert_eq!(
            uptime_seconds("161 days, 0 hour, 20 minutes"),
            Some(161 * 86400 + 1200)
        );
        assert_eq!(
            uptime_seconds("1 week, 1 day, 1 hour, 1 minute"),
            Some(8 * 86400 + 3660)
        );
        assert_eq!(
            uptime_seconds("1d01h58m07s"),
            Some(86400 + 3600 + 58 * 60 + 7)
        );
        assert_eq!(uptime_seconds("12:54:35"), Some(12 * 3600 + 54 * 60 + 35));
        assert_eq!(uptime_seconds("never"), None);
        assert_eq!(uptime_seconds("99999999999999999999999 years"), None);
        assert_eq!(uptime_seconds("9999999999999999 years"), Some(u64::MAX));
    }

    #[test]
    fn platform_names() {
        assert_eq!("cisco_ios".parse::<Platform>().unwrap(), Platform::CiscoIos);
        assert_eq!(
            "huawei-vrp".parse::<Platform>().unwrap(),
            Platform::HuaweiVrp
        );
        let err = "junos".parse::<Platform>().unwrap_err();
        assert_eq!(for_error(&err), Exit::BadInput);
        assert!(err.to_string().contains("cisco_ios, huawei_vrp"));
    }

    #[test]
    fn commands_resolve_in_full_abbreviated_and_with_underscores() {
        let cisco = Platform::CiscoIos;
        let huawei = Platform::HuaweiVrp;
        for (typed, want) in [
            ("show interfaces", Command::ShowInterfaces),
            ("sh int", Command::ShowInterfaces),
            ("show_interfaces", Command::ShowInterfaces),
            ("show ip int brief", Command::ShowIpInterfaceBrief),
            ("sh ip int br", Command::ShowIpInterfaceBrief),
            ("show int status", Command::ShowInterfacesStatus),
            ("sh ip ro", Command::ShowIpRoute),
            ("show proc cpu", Command::ShowProcessesCpu),
            ("show processes memory sorted", Command::ShowProcessesMemory),
            ("show_processes_memory_sorted", Command::ShowProcessesMemory),
            ("sh env", Command::ShowEnvironment),
            ("show_environment_power_all", Command::ShowEnvironment),
            ("SHOW VERSION", Command::ShowVersion),
        ] {
            assert_eq!(resolve_command(cisco, typed).unwrap(), want, "{typed}");
        }
        for (typed, want) in [
            ("display version", Command::DisplayVersion),
            ("dis int brief", Command::DisplayInterfaceBrief),
            ("disp int", Command::DisplayInterface),
            (
                "display_ip_routing-table_verbose",
                Command::DisplayIpRoutingTable,
            ),
            ("dis ip rou", Command::DisplayIpRoutingTable),
            ("display cpu-usage", Command::DisplayCpuUsage),
            ("display_cpu_usage", Command::DisplayCpuUsage),
            ("dis mem", Command::DisplayMemoryUsage),
        ] {
            assert_eq!(resolve_command(huawei, typed).unwrap(), want, "{typed}");
        }
    }

    #[test]
    fn unknown_command_lists_the_supported_ones() {
        let err = resolve_command(Platform::CiscoIos, "show running-config").unwrap_err();
        assert_eq!(for_error(&err), Exit::BadInput);
        let msg = err.to_string();
        assert!(msg.contains("show running-config"), "{msg}");
        for name in supported_commands(Platform::CiscoIos) {
            assert!(msg.contains(name), "{msg}");
        }
        let err = resolve_command(Platform::HuaweiVrp, "show version").unwrap_err();
        assert!(err.to_string().contains("display version"));
    }

    #[test]
    fn every_supported_name_resolves_to_its_platform() {
        for platform in Platform::ALL {
            for name in supported_commands(platform) {
                let command = resolve_command(platform, name).unwrap();
                assert_eq!(command.platform(), platform);
                assert_eq!(resolve_command(platform, command.name()).unwrap(), command);
            }
        }
    }

    #[test]
    fn device_error_becomes_the_reported_error() {
        let err = parse_command(
            Platform::CiscoIos,
            "show version",
            "switch01#show verison\n             ^\n% Invalid input detected at '^' marker.\n\nswitch01#",
        )
        .unwrap_err();
        assert_eq!(for_error(&err), Exit::BadInput);
        assert!(
            err.to_string().contains("% Invalid input detected"),
            "{err}"
        );
    }
}
