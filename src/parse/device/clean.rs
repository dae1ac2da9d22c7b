//! Cleaning a captured device session into plain lines.
//!
//! [`clean_output`] turns what an interactive device session captured (CRLF,
//! tabs, `--More--` / `---- More ----` pager prompts and the backspaces or
//! ANSI sequences that erase them, prompt and command-echo lines, logging
//! noise) into plain lines. Every parser calls it first, and the SSH
//! device-shell transport can call it on what it read. [`device_error`] finds
//! the error a device printed instead of a command's output.

use super::prompt::is_prompt_line;
use super::terminal::render_line;
use std::borrow::Cow;

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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn device_errors_are_found() {
        assert_eq!(
            device_error("show foo\n         ^\n% Invalid input detected at '^' marker.\n")
                .as_deref(),
            Some("% Invalid input detected at '^' marker.")
        );
        assert!(device_error("Error: Unrecognized command found at '^' position.").is_some());
        assert!(device_error("Vlan1 is up").is_none());
    }
}
