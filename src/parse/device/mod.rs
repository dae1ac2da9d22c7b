//! What Cisco IOS and Huawei VRP parsing share.
//!
//! Four things live here, one module each:
//! - `clean`: [`clean_output`] turns what an interactive device session
//!   captured (CRLF, tabs, `--More--` / `---- More ----` pager prompts and the
//!   backspaces or ANSI sequences that erase them, prompt and command-echo
//!   lines, logging noise) into plain lines. Every parser calls it first, and
//!   the SSH device-shell transport can call it on what it read. It reads
//!   each line as a terminal would show it (`terminal`).
//! - `prompt`: prompt recognition ([`parse_prompt`], [`trailing_prompt`],
//!   [`pager_pending`]) for that transport: `name#`, `name>`, `name(config)#`,
//!   `<name>`, `[name]`, `[~name]`, `[*name]`, with or without a domain.
//! - `dispatch`: the dispatcher behind `ops parse PLATFORM COMMAND [FILE]`:
//!   [`Platform`], [`resolve_command`], [`parse_command`] and
//!   [`supported_commands`].
//! - `fields`: the small field readers the parsers share.
//!
//! The `re!` macro (a regex compiled once) is defined in this file, before
//! the modules, so that each of them and every parser can use it.
//!
//! Everything is pure: text in, values out, no I/O and no clock. Nothing here
//! panics on any input; numbers that do not fit become `None`.

/// A regular expression compiled once, on first use.
macro_rules! re {
    ($pattern:expr) => {{
        static RE: ::std::sync::LazyLock<::regex::Regex> =
            ::std::sync::LazyLock::new(|| ::regex::Regex::new($pattern).expect("valid regex"));
        &*RE
    }};
}
pub(crate) use re;

mod clean;
mod dispatch;
mod fields;
mod prompt;
mod terminal;

pub use clean::{clean_output, device_error};
pub use dispatch::{Command, Platform, parse_command, resolve_command, supported_commands};
pub use fields::uptime_seconds;
pub(crate) use fields::{num, pct, text, unrecognised};
pub use prompt::{
    Prompt, PromptKind, is_prompt_line, pager_pending, parse_prompt, trailing_prompt,
};
