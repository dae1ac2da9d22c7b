//! Recognising a device's CLI prompt.
//!
//! For the SSH device-shell transport and for cleaning: `name#`, `name>`,
//! `name(config)#`, `<name>`, `[name]`, `[~name]`, `[*name]`, with or without
//! a domain ([`parse_prompt`]), a bare prompt at the end of what was read
//! ([`trailing_prompt`]: the command's output is complete) and a pager prompt
//! still waiting for a key ([`pager_pending`]).

use super::terminal::render_line;
use serde::{Deserialize, Serialize};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
