//! The one way output leaves `ops`: data to stdout, status and warnings to
//! stderr, nothing but JSON on stdout when JSON is asked for.
//!
//! A closed stdout (`ops report weekly | head`) is not an error: the printer
//! stops writing and the command carries on to record its results and exit
//! with its own status. A closed stderr is ignored the same way, so no write
//! of `ops` ever panics (Rust's `print!` would, with exit 101).
//!
//! Tables for people all start from [`new_table`], so that they look alike.

use clap::ValueEnum;
use std::cell::Cell;
use std::io::{self, IsTerminal, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
    /// A monitoring plugin's output (inspections and `backup verify`; a table elsewhere)
    Nagios,
    /// Prometheus text exposition (inspections and `backup verify`; a table elsewhere)
    Prom,
    /// Markdown (`ticket sheet`, where it is the default; a table elsewhere)
    Markdown,
    /// A standalone HTML page (`ticket sheet`; a table elsewhere)
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

pub struct Printer {
    pub format: Format,
    pub quiet: bool,
    pub verbose: bool,
    /// `--textfile DIR`: where inspections and verifications also write
    /// their Prometheus metrics (`commands::format::write_textfile`).
    pub textfile: Option<std::path::PathBuf>,
    color: bool,
    stderr_tty: bool,
    stdout_closed: Cell<bool>,
}

impl Printer {
    pub fn new(format: Format, quiet: bool, verbose: bool, color: ColorChoice) -> Printer {
        let stdout_tty = io::stdout().is_terminal();
        let color = color_wanted(
            color,
            std::env::var_os("NO_COLOR").as_deref(),
            std::env::var_os("TERM").as_deref(),
            stdout_tty,
        );
        Printer {
            format,
            quiet,
            verbose,
            textfile: None,
            color,
            stderr_tty: io::stderr().is_terminal(),
            stdout_closed: Cell::new(false),
        }
    }

    /// A printer for tests and library callers: table format, no colour, silent status.
    pub fn plain() -> Printer {
        Printer {
            format: Format::Table,
            quiet: true,
            verbose: false,
            textfile: None,
            color: false,
            stderr_tty: false,
            stdout_closed: Cell::new(false),
        }
    }

    pub fn json(&self) -> bool {
        self.format == Format::Json
    }

    pub fn color(&self) -> bool {
        self.color
    }

    /// Whether a progress bar may be drawn: stderr is a terminal and not `-q`.
    pub fn progress_allowed(&self) -> bool {
        self.stderr_tty && !self.quiet
    }

    /// Command results: tables, JSON documents, paths a script reads.
    pub fn data(&self, text: &str) {
        if self.stdout_closed.get() {
            return;
        }
        let mut out = io::stdout().lock();
        let result = out.write_all(text.as_bytes()).and_then(|_| {
            if !text.ends_with('\n') {
                out.write_all(b"\n")?;
            }
            out.flush()
        });
        if result.is_err() {
            self.stdout_closed.set(true);
        }
    }

    /// A value as pretty JSON on stdout.
    pub fn data_json<T: serde::Serialize>(&self, value: &T) -> anyhow::Result<()> {
        let text = serde_json::to_string_pretty(value)?;
        self.data(&text);
        Ok(())
    }

    /// What happened, for a person or a cron log; silenced by `-q`.
    pub fn status(&self, text: &str) {
        if !self.quiet {
            to_stderr(text);
        }
    }

    /// Detail shown with `-v` only.
    pub fn detail(&self, text: &str) {
        if self.verbose && !self.quiet {
            to_stderr(text);
        }
    }

    /// Something the user should know even under cron.
    pub fn warn(&self, text: &str) {
        to_stderr(&format!("warning: {text}"));
    }
}

/// One line on stderr; a closed stderr is not worth a panic.
pub fn to_stderr(text: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

/// Whether to colour: `--color` beats NO_COLOR (any non-empty value) beats
/// `TERM=dumb` (a terminal that cannot show escapes, as in Emacs shells and
/// some serial consoles) beats whether stdout is a terminal.
fn color_wanted(
    choice: ColorChoice,
    no_color: Option<&std::ffi::OsStr>,
    term: Option<&std::ffi::OsStr>,
    stdout_tty: bool,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb") && stdout_tty
        }
    }
}

/// A table as `ops` prints them: no borders or lines (comfy-table's
/// `NOTHING` preset), columns wrapped to fit the terminal when stdout is one
/// (`ContentArrangement::Dynamic`).
pub fn new_table() -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::NOTHING);
    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    t
}

/// A status word as a table cell, coloured when `color`.
pub fn status_cell(status: crate::check::Status, color: bool) -> comfy_table::Cell {
    use crate::check::Status;
    use comfy_table::{Cell, Color};
    let cell = Cell::new(status.as_str());
    if !color {
        return cell;
    }
    match status {
        Status::Ok => cell.fg(Color::Green),
        Status::Warn => cell.fg(Color::Yellow),
        Status::Crit => cell.fg(Color::Red),
        Status::Unknown => cell.fg(Color::Magenta),
        Status::Skip => cell.fg(Color::DarkGrey),
    }
}

/// Remove control characters (escape sequences included) from text that came
/// from a target, so that it cannot drive the terminal it is shown on.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '?'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{ColorChoice, color_wanted};
    use std::ffi::OsStr;

    #[test]
    fn colour_follows_the_flag_then_no_color_then_term_then_the_tty() {
        let auto = |no: Option<&str>, term: Option<&str>, tty| {
            color_wanted(
                ColorChoice::Auto,
                no.map(OsStr::new),
                term.map(OsStr::new),
                tty,
            )
        };
        assert!(auto(None, Some("xterm-256color"), true));
        assert!(auto(Some(""), None, true));
        assert!(!auto(Some("1"), Some("xterm"), true));
        assert!(!auto(None, Some("dumb"), true));
        assert!(!auto(None, Some("xterm"), false));
        assert!(color_wanted(
            ColorChoice::Always,
            None,
            Some(OsStr::new("dumb")),
            false
        ));
        assert!(!color_wanted(ColorChoice::Never, None, None, true));
    }

    #[test]
    fn sanitize_neutralises_escapes() {
        assert_eq!(super::sanitize("a\x1b[31mb\r\nc"), "a?[31mb?\nc");
    }

    /// The columns a terminal gives `text`: two for a CJK character, one
    /// for the rest (what the test's cells hold).
    fn columns(text: &str) -> usize {
        text.chars()
            .map(|c| match c as u32 {
                0x1100..=0x115F
                | 0x2E80..=0xA4CF
                | 0xAC00..=0xD7A3
                | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F
                | 0xFF00..=0xFF60
                | 0xFFE0..=0xFFE6 => 2,
                _ => 1,
            })
            .sum()
    }

    #[test]
    fn a_table_with_chinese_cells_stays_aligned() {
        let mut t = super::new_table();
        t.set_header(["巡检对象", "状态", "发现问题"]);
        t.add_row(["web01", "严重", "文件系统使用率 /data：严重"]);
        t.add_row(["数据库服务器-主", "ok", "all ok"]);
        t.add_row(["db01", "未知", "连通性：未知"]);
        let text = t.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        // Each column starts at the same terminal column on every line: the
        // second and third cells' text begins where the header's does.
        for (col, cells) in [
            (1, ["状态", "严重", "ok", "未知"]),
            (2, ["发现问题", "文件系统使用率", "all ok", "连通性"]),
        ] {
            let starts: Vec<usize> = lines
                .iter()
                .zip(cells)
                .map(|(line, cell)| {
                    let at = line
                        .find(cell)
                        .unwrap_or_else(|| panic!("{cell} in {line:?}"));
                    columns(&line[..at])
                })
                .collect();
            assert!(
                starts.iter().all(|s| *s == starts[0]),
                "column {col} starts at {starts:?}:\n{text}"
            );
        }
    }
}
