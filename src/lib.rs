//! `ops`: the daily work of an IT maintenance team, as one binary.
//!
//! `main.rs` only calls [`run`]; everything lives here so that integration
//! tests and benchmarks drive the same code. The layers, and the rule that
//! imports only go down them, are in `docs/architecture.md`.

pub mod app;
pub mod backup;
pub mod change;
pub mod check;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod device_config;
pub mod diary;
pub mod duration;
pub mod exit;
pub mod i18n;
pub mod inspect;
pub mod inventory;
pub mod login;
pub mod parse;
pub mod position;
pub mod printer;
pub mod records;
pub mod report;
pub mod runbook;
pub mod secret_env;
pub mod size;
pub mod ticket;
pub mod transport;

use clap::{CommandFactory, Parser};
use std::ffi::OsString;

/// Parse the command line, run the command, and return the process exit code.
pub fn run<I: IntoIterator<Item = T>, T: Into<OsString> + Clone>(args: I) -> u8 {
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            let _ = e.print();
            return match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => 0,
                _ => exit::Exit::Usage.code(),
            };
        }
    };
    let plugin = cli.global.format == printer::Format::Nagios;
    let settings = app::Settings::from(cli.global);
    let outcome = clock::check_env()
        .and_then(|_| commands::dispatch(settings, cli.command, cli::Cli::command));
    match outcome {
        Ok(exit) => exit.code(),
        // A monitoring plugin that cannot run says so in its own format and exits UNKNOWN.
        Err(err) if plugin => commands::format::nagios::failed(&err),
        Err(err) => {
            report_error(&err);
            exit::for_error(&err).code()
        }
    }
}

/// `error: what failed` then one `caused by:` line per underlying cause.
fn report_error(err: &anyhow::Error) {
    printer::to_stderr(&format!("error: {err}"));
    for cause in err.chain().skip(1) {
        printer::to_stderr(&format!("  caused by: {cause}"));
    }
}
