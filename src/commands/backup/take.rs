//! `ops backup take`: the backup a change script makes before it changes anything.

use crate::app::App;
use crate::backup::{self, TakeOptions, TakeRecord};
use crate::check::Status;
use crate::exit::Exit;
use crate::ticket::TicketLink;
use anyhow::Result;
use clap::Args;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Archive paths into a verified tar.zst with a SHA-256 manifest beside it
///
/// Every file is read once: hashed for the manifest (path, size, SHA-256,
/// mode, mtime) while it goes into the archive. The archive is written under
/// a temporary name, synced, read back and verified, and only then renamed;
/// on any failure nothing is left behind. The archive's absolute path is the
/// only thing printed on stdout, for scripts.
///
/// The archive goes to --dir, else `dir` under [backup] in ops.toml, else
/// /var/backups/ops. The archive and manifest are 0600 (0640 with `mode =
/// "0640"` under [backup]); a directory take creates is 0700 (0750). Takes
/// with the same --name at once each get their own archive (`NAME-…-2`).
/// Each take, good or failed, is recorded in the records repository under
/// backup/take/ (and linked from --ticket).
///
/// Exit status: 0 taken and verified, 1 anything failed
/// (a file that cannot be read, a full disk, a failed verification).
///
/// Network devices' configurations are saved by `ops backup net`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  archive=$(ops backup take /etc/nginx /srv/app/config --ticket T-20261122-0001) || exit 1\n  \
ops backup verify \"$archive\" || exit 1\n  \
ops backup net core              device configurations (see `ops backup net --help`)"
)]
pub struct BackupTakeArgs {
    /// Files and directories to back up (directories recursively; symlinks
    /// are stored as links)
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// Name of the backup, the start of the archive's file name
    /// [default: the first PATH's file name]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Ticket this change belongs to (kept in the manifest and the record,
    /// and linked from the ticket)
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,

    /// Change this backup is taken for: `ops change start` accepts it once
    /// verified with `backup verify --change` (links the change's ticket too)
    #[arg(long, value_name = "ID")]
    pub change: Option<String>,

    /// Directory to write the archive to
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// zstd compression level
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(i32).range(1..=19))]
    pub level: i32,
}

/// JSON view of a take (`--format json`), schema 1.
#[derive(Serialize)]
struct TakeView<'a> {
    schema: u32,
    status: Status,
    archive: Option<&'a PathBuf>,
    manifest: Option<&'a PathBuf>,
    recorded: Option<&'a str>,
    record: &'a TakeRecord,
}

pub fn run(app: &App, args: BackupTakeArgs) -> Result<Exit> {
    refuse_net(&args.paths)?;
    let cfg = super::config(app)?;
    // A mistyped or unknown ticket is reported before anything is archived.
    let (change, ticket) = super::change_link(app, args.change.as_deref(), args.ticket)?;
    let link = TicketLink::check(app.recorder(), ticket.as_deref())?;
    let started = crate::clock::now();
    let mut opts = TakeOptions::new(args.dir.clone().unwrap_or_else(|| cfg.dir()), started);
    opts.name = args.name.clone();
    opts.ticket = link.map(|l| l.id().to_string());
    opts.change = change;
    opts.host = crate::transport::local_hostname();
    opts.level = args.level;
    opts.mode = cfg.file_mode();
    opts.progress = app.printer.progress_allowed() && !app.printer.json();

    let outcome = backup::take(&args.paths, &opts);
    let record = match &outcome {
        Ok(t) => t.record.clone(),
        Err(e) => TakeRecord::failed(&args.paths, &opts, started, e),
    };
    let mut commit = None;
    if let Some(rec) = app.recorder() {
        let message = match (&outcome, &record.ticket) {
            (Ok(_), Some(t)) => format!("backup take {}: ok, ticket {t}", record.name),
            (Ok(_), None) => format!("backup take {}: ok", record.name),
            (Err(_), Some(t)) => format!("backup take {}: failed, ticket {t}", record.name),
            (Err(_), None) => format!("backup take {}: failed", record.name),
        };
        let committed = rec.transaction(|tx| {
            let path = crate::backup::record::write_take(tx, &record)?;
            // The ticket's side of the link, in the same commit.
            if let Some(link) = &link {
                link.record(tx, &[path])?;
            }
            Ok(((), message))
        });
        match committed {
            Ok(c) => commit = c.commit,
            // Losing the record must hide neither a good archive nor why the take failed.
            Err(e) => app
                .printer
                .warn(&format!("the take was not recorded: {e:#}")),
        }
    }
    let taken = outcome?;
    for w in &taken.warnings {
        app.printer.warn(w);
    }
    if app.printer.json() {
        app.printer.data_json(&TakeView {
            schema: 1,
            status: taken.record.status,
            archive: Some(&taken.archive),
            manifest: Some(&taken.manifest),
            recorded: commit.as_deref(),
            record: &taken.record,
        })?;
    } else {
        app.printer.data(&taken.archive.display().to_string());
    }
    app.printer.status(&backup::take::summary(&taken));
    if commit.is_none() {
        app.explain_not_recorded();
    }
    Ok(Exit::from_status(taken.record.status))
}

/// `take net` once backed up network devices; a PATH `net` that does not
/// exist is that habit, so the error says where the command went (before
/// anything is archived or recorded).
fn refuse_net(paths: &[PathBuf]) -> Result<()> {
    let net = Path::new("net");
    if paths.iter().any(|p| p == net) && std::fs::symlink_metadata(net).is_err() {
        return Err(crate::usage_error!(
            "net: no such file or directory; to back up network devices' configurations use \
             `ops backup net`"
        ));
    }
    Ok(())
}
