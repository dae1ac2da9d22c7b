//! `ops ticket sheet ID`: the maintenance task sheet (维护任务单) of one
//! ticket, to print and have signed by the engineer and the customer's
//! representative.
//!
//! [`content`] says what the sheet holds in one language (through
//! [`crate::i18n`]); [`render`] writes it as Markdown or as a standalone
//! HTML page. Nothing is recorded: the sheet is made from the ticket file at
//! will.

pub mod content;
pub mod render;

use crate::app::App;
use crate::exit::Exit;
use crate::printer::Format;
use crate::ticket::{sla, store, time};
use anyhow::{Context as _, Result};
use clap::Args;
use std::path::{Path, PathBuf};

/// Print the maintenance task sheet (维护任务单) of a ticket, with signature lines
///
/// The sheet holds every field of the ticket, its SLA deadlines (with an agreed
/// plan's), the plan, the log, the on-site visits, the parts replaced, the
/// resolution and the return visit, then lines for the engineer and the
/// customer's representative to sign and date. `--format markdown` (the
/// default) or `--format html`: a standalone page for printing on A4.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  ops ticket sheet T-20261122-0001\n  \
ops ticket sheet T-20261122-0001 --lang zh-CN --format html --output T-20261122-0001.html")]
pub struct TicketSheetArgs {
    /// Ticket id, e.g. T-20261122-0001
    pub id: String,
    #[command(flatten)]
    pub lang: crate::commands::lang::LangArg,
    /// Write the sheet to FILE (replaced atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(app: &App, args: TicketSheetArgs) -> Result<Exit> {
    let html = match app.printer.format {
        Format::Table | Format::Markdown => false,
        Format::Html => true,
        other => {
            return Err(crate::usage_error!(
                "ticket sheet prints --format markdown or html, not {}",
                clap::ValueEnum::to_possible_value(&other)
                    .map_or_else(|| format!("{other:?}"), |v| v.get_name().to_owned())
            ));
        }
    };
    let id = store::parse_id(&args.id)?;
    let lang = args.lang.resolve(app)?;
    let records = super::reader(app)?;
    let policy = super::policy(app)?;
    let (ticket, _) = store::read(records.root(), id)?;
    let now = time::now();
    let clocks = sla::compute(&ticket, &policy, now);
    let sheet = content::sheet(&ticket, &clocks, now, lang);
    let text = if html {
        render::html(&sheet)
    } else {
        render::markdown(&sheet)
    };
    match &args.output {
        Some(path) => {
            write_atomically(path, text.as_bytes())?;
            app.printer
                .status(&format!("{id}: wrote the sheet to {}", path.display()));
        }
        None => app.printer.data(&text),
    }
    Ok(Exit::Ok)
}

/// The sheet written whole to `path` (see [`crate::commands::write_atomically`]).
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.file_name().is_none() {
        return Err(crate::usage_error!(
            "--output {} names no file",
            path.display()
        ));
    }
    crate::commands::write_atomically(path, bytes, None)
        .with_context(|| format!("cannot write the sheet to {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("ops-sheet-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.md");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("s.md")]);
        assert!(write_atomically(&dir.join("missing/s.md"), b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
