//! One module per command group; each leaf command is a file holding its
//! arguments and its `run`. [`Command`] is the tree of subcommands (clap
//! reads it through `cli::Cli`); [`dispatch`] runs one under the global
//! [`Settings`].

pub mod backup;
pub mod change;
pub mod complete;
pub mod completions;
pub mod diagnose;
pub mod diary;
pub mod format;
pub mod init;
pub mod inspect;
pub mod lang;
pub mod parse;
pub mod report;
pub mod runbook;
pub mod sync;
pub mod ticket;

use crate::app::{App, Settings};
use crate::exit::Exit;
use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::InitArgs),
    /// Inspect hosts, databases and network devices (daily inspection)
    #[command(subcommand)]
    Inspect(inspect::InspectCommand),
    #[command(subcommand)]
    Ticket(ticket::TicketCommand),
    /// Verify backups, and take the backup before a change
    #[command(subcommand)]
    Backup(backup::BackupCommand),
    #[command(subcommand)]
    Change(change::ChangeCommand),
    #[command(subcommand)]
    Report(report::ReportCommand),
    Diagnose(diagnose::DiagnoseArgs),
    #[command(subcommand)]
    Diary(diary::DiaryCommand),
    Parse(parse::ParseArgs),
    #[command(subcommand)]
    Runbook(runbook::RunbookCommand),
    Sync(sync::SyncArgs),
    Completions(completions::CompletionsArgs),
    #[command(hide = true)]
    Complete(complete::CompleteArgs),
}

/// Run `command`. `cli_tree` builds the whole clap command tree, for
/// `completions`; it is handed in from above so that this layer does not
/// reach up to `cli`.
/// The status line after a command that writes a record: what, and the
/// commit that recorded it (or that nothing changed).
pub fn recorded(app: &App, what: &str, commit: Option<&str>) {
    match commit {
        Some(c) => app
            .printer
            .status(&format!("{what}; recorded in {}", &c[..c.len().min(12)])),
        None => app.printer.status(&format!("{what}; nothing changed")),
    }
}

/// The text of a `--…-file FILE` flag (`-` reads standard input), read as
/// a hand-written file: unreadable, too large or not UTF-8 is bad input
/// (exit 78) naming the flag and the file, so nothing is written.
pub fn read_text_file(flag: &str, path: &std::path::Path) -> Result<String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| crate::bad_input!("cannot read {flag} from standard input: {e}"))?;
        return Ok(text);
    }
    crate::config::read_input(path, flag).map_err(|e| crate::bad_input!("{e:#}"))
}

/// Write `bytes` to `path` so that a reader (a person opening the file, a
/// collector scraping it) sees the old file or the whole new one, never a
/// part: a temporary file beside it (`.NAME.tmp-PID`, so that it never
/// carries the name's own ending), flushed to disk with `mode` when given,
/// renamed over `path`, and the directory flushed so that the rename
/// survives a crash. Nothing is left behind on failure.
pub fn write_atomically(
    path: &std::path::Path,
    bytes: &[u8],
    mode: Option<u32>,
) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file")
    })?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        if let Some(mode) = mode {
            file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)?;
        std::fs::File::open(dir)?.sync_all()
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Inventory names given as repeatable, comma-separated `--target` values.
pub fn target_names(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|t| t.split(','))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn dispatch(
    settings: Settings,
    command: Command,
    cli_tree: impl FnOnce() -> clap::Command,
) -> Result<Exit> {
    match command {
        Command::Init(args) => init::run(&settings, args),
        Command::Completions(args) => completions::run(&settings, args, cli_tree()),
        Command::Complete(args) => complete::run(&settings, args),
        Command::Parse(args) => parse::run(&settings, args),
        Command::Sync(args) => sync::run(&App::new(&settings)?, args),
        command => {
            let app = App::new(&settings)?;
            // `[records] sync = "after-write"`: a command that committed
            // something syncs after it.
            let watch = sync::watch(&app);
            let exit = match command {
                Command::Inspect(cmd) => inspect::run(&app, cmd),
                Command::Backup(cmd) => backup::run(&app, cmd),
                Command::Change(cmd) => change::run(&app, cmd),
                Command::Diagnose(args) => diagnose::run(&app, args),
                Command::Diary(cmd) => diary::run(&app, cmd),
                Command::Runbook(cmd) => runbook::run(&app, cmd),
                Command::Ticket(cmd) => ticket::run(&app, cmd),
                Command::Report(cmd) => report::run(&app, cmd),
                Command::Init(_)
                | Command::Completions(_)
                | Command::Complete(_)
                | Command::Parse(_)
                | Command::Sync(_) => unreachable!("handled above"),
            };
            sync::after_write(&app, watch, exit)
        }
    }
}

/// A help template that ends with `$examples` printed as written. clap wraps
/// `after_help` at the terminal's width, even inside a quoted argument of an
/// example, but prints a template's own text verbatim; the rest is clap's
/// default template. The examples must not contain `{`.
#[macro_export]
macro_rules! verbatim_examples {
    ($examples:literal) => {
        concat!(
            "{before-help}{about-with-newline}\n{usage-heading} {usage}\n\n{all-args}{after-help}\n\n",
            $examples
        )
    };
}
