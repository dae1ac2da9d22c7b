//! `ops sync`: fetch, integrate and push the records repository to the
//! remote of `[records] remote` (the mechanics are `records::sync`'s; which
//! files merge by their events is decided here, where both the records and
//! the ticket and change formats are known). Also the sync after a write
//! that `[records] sync = "after-write"` asks for ([`after_write`]).

use crate::app::App;
use crate::exit::Exit;
use crate::records::sync::{RecordsSettings, SyncOptions, Synced};
use crate::transport::ssh_config::SshConfig;
use anyhow::Result;
use clap::Args;
use std::path::Path;

/// Fetch, merge and push the records repository to [records] remote
///
/// Records of different kinds and ids are different files, so what two jump
/// hosts record merges by itself; a ticket or a change written on both sides
/// merges by its events (each side's events, in time order); two different
/// tickets (or changes) that got one id on two hosts are both kept, ours renumbered to the
/// day's next free id in every record of ours that names it. Anything else
/// changed on both sides stops the sync, naming the file, and nothing local
/// changes. A push is never forced: when another jump host pushed first, ops
/// fetches and merges again (up to 5 times).
///
/// The remote is `[records] remote` in ops.toml: a path, file://, or an SSH
/// remote (ssh://[user@]host[:port]/path or user@host:path), authenticated by
/// the SSH agent, the host checked against known_hosts (an unknown host is
/// refused). The branch is `[records] branch`, else the one checked out.
/// `[records] sync = "after-write"` makes every command that records something
/// sync after its commit.
///
/// Exit status: 0 synced; 75 the records are committed locally but not
/// pushed (remote unreachable or still moving; run it again later); 1 a file
/// that cannot be merged; 78 no [records] remote in ops.toml.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  ops sync\n  \
ops --records /srv/records -q sync    # from cron, e.g. every 10 minutes")]
pub struct SyncArgs {}

#[derive(serde::Serialize)]
struct SyncView<'a> {
    remote: &'a str,
    branch: &'a str,
    head: &'a str,
    received: bool,
    merge: Option<&'a str>,
    merged_files: Vec<String>,
    pushed: bool,
    attempts: u32,
}

pub fn run(app: &App, _args: SyncArgs) -> Result<Exit> {
    let settings = RecordsSettings::from_config(app.config())?;
    let Some(remote) = settings.remote.as_deref() else {
        return Err(crate::bad_input!(
            "no remote to sync with: set [records] remote = \"...\" in ops.toml"
        ));
    };
    let synced = sync(app, &settings, remote)?;
    if app.printer.json() {
        app.printer.data_json(&SyncView {
            remote,
            branch: &synced.branch,
            head: &synced.head,
            received: synced.received,
            merge: synced.merge.as_deref(),
            merged_files: synced
                .merged_files
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            pushed: synced.pushed,
            attempts: synced.attempts,
        })?;
    } else {
        app.printer.status(&describe(remote, &synced));
    }
    Ok(Exit::Ok)
}

/// Before a command that may write: when `[records] sync = "after-write"`
/// holds, the commit it starts from (for [`after_write`]); None otherwise,
/// at no cost.
pub struct Watch {
    settings: RecordsSettings,
    before: Option<String>,
}

pub fn watch(app: &App) -> Option<Watch> {
    let records = app.recorder()?;
    let settings = RecordsSettings::from_config(app.config()).ok()?;
    settings.after_write().then(|| Watch {
        before: records.head(),
        settings,
    })
}

/// After a command that committed something, when `[records] sync =
/// "after-write"`: sync, and on failure say on stderr that the record is
/// committed locally. The exit status: the command's own when it was not 0,
/// else 75 when the sync failed.
pub fn after_write(app: &App, watch: Option<Watch>, exit: Result<Exit>) -> Result<Exit> {
    let (Some(watch), Some(records)) = (watch, app.recorder()) else {
        return exit;
    };
    let settings = watch.settings;
    let Some(remote) = settings.remote.as_deref() else {
        return exit;
    };
    let after = records.head();
    if after.is_none() || after == watch.before {
        return exit;
    }
    match sync(app, &settings, remote) {
        Ok(synced) => {
            app.printer.status(&describe(remote, &synced));
            exit
        }
        Err(e) => {
            let mut line = format!("warning: the sync after this write failed: {e}");
            for cause in e.chain().skip(1) {
                line.push_str(&format!("; {cause}"));
            }
            if !e.chain().any(|c| c.is::<crate::exit::NotPushed>()) {
                line.push_str(
                    "\nwarning: what this command recorded is committed locally and not pushed; \
                     run `ops sync` later",
                );
            }
            crate::printer::to_stderr(&line);
            match exit {
                Ok(Exit::Ok) => Ok(Exit::NotPushed),
                other => other,
            }
        }
    }
}

fn sync(app: &App, settings: &RecordsSettings, remote: &str) -> Result<Synced> {
    let records = app
        .recorder()
        .ok_or_else(|| crate::bad_input!("no records repository to sync (or --no-record)"))?;
    let ssh_config = SshConfig::load_default();
    let known_hosts = app.known_hosts(&app.inventory()?, &ssh_config)?;
    records.sync(&SyncOptions {
        remote,
        branch: settings.branch.as_deref(),
        known_hosts,
        merge: &merge_record,
        renumber: &renumber_record,
    })
}

fn describe(remote: &str, s: &Synced) -> String {
    let mut what = Vec::new();
    if let Some(m) = &s.merge {
        what.push(format!("merged the remote's records in {}", &m[..12]));
    } else if s.received {
        what.push("took the remote's records".to_owned());
    }
    for (old, new) in &s.renumbered {
        what.push(format!(
            "renumbered our {old} as {new} (the remote has another record under {old})"
        ));
    }
    if !s.merged_files.is_empty() {
        let names: Vec<String> = s
            .merged_files
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        what.push(format!("merged by their events: {}", names.join(", ")));
    }
    if s.pushed {
        what.push(format!("pushed {}", &s.head[..12]));
    }
    if what.is_empty() {
        what.push("already up to date".to_owned());
    }
    let retried = if s.attempts > 1 {
        format!(
            " ({} attempts: another jump host pushed in between)",
            s.attempts
        )
    } else {
        String::new()
    };
    format!(
        "synced with {remote} ({}): {}{retried}",
        s.branch,
        what.join("; ")
    )
}

/// A file changed on both sides: tickets and changes merge by their events
/// (their owners know how); any other record does not.
fn merge_record(
    rel: &Path,
    base: Option<&[u8]>,
    ours: &[u8],
    theirs: &[u8],
) -> Option<Result<Vec<u8>, String>> {
    let toml = rel.extension().is_some_and(|e| e == "toml");
    let merge: fn(Option<&str>, &str, &str, &Path) -> Result<String, String> =
        if toml && rel.starts_with(crate::ticket::TICKETS_DIR) {
            |b, o, t, p| crate::ticket::file::merge(b, o, t, p)
        } else if toml && rel.starts_with(crate::change::CHANGES_DIR) {
            crate::change::file::merge
        } else {
            return None;
        };
    let text = |bytes: &[u8]| std::str::from_utf8(bytes).map(str::to_owned);
    let (Ok(o), Ok(t)) = (text(ours), text(theirs)) else {
        return Some(Err("it is not UTF-8".into()));
    };
    let b = match base.map(text).transpose() {
        Ok(b) => b,
        Err(_) => return Some(Err("it is not UTF-8".into())),
    };
    Some(merge(b.as_deref(), &o, &t, rel).map(String::into_bytes))
}

/// A ticket, a change, a walk or a diary entry both jump hosts created under
/// one name while apart: ours takes the next free id or number (the record's
/// owner says whether they are two).
fn renumber_record(
    rel: &Path,
    ours: &[u8],
    theirs: &[u8],
    taken: &dyn Fn(&Path) -> bool,
) -> Option<Result<crate::records::sync::Renumbered, String>> {
    use crate::records::sync::Renumbered;
    // A walk or a diary entry is a new file of its own: two under one name
    // are two records, ours moved to the next number (and named so by the
    // tickets of ours it is linked to).
    if rel.extension().is_some_and(|e| e == "json") {
        let new = crate::diary::record::renumbered(rel, taken)
            .or_else(|| crate::runbook::record::renumbered(rel, taken))?;
        let name = |p: &Path| p.to_string_lossy().replace('\\', "/");
        return Some(Ok(Renumbered {
            bytes: ours.to_vec(),
            old_id: name(rel),
            new_id: name(&new),
            path: new,
        }));
    }
    if !rel.extension().is_some_and(|e| e == "toml") {
        return None;
    }
    let (Ok(o), Ok(t)) = (std::str::from_utf8(ours), std::str::from_utf8(theirs)) else {
        return Some(Err("it is not UTF-8".into()));
    };
    let moved = |old: String, new: String, path: std::path::PathBuf, text: String| Renumbered {
        path,
        bytes: text.into_bytes(),
        old_id: old,
        new_id: new,
    };
    if rel.starts_with(crate::ticket::TICKETS_DIR) {
        let free = |id: crate::ticket::TicketId| !taken(&id.rel_path());
        Some(
            crate::ticket::file::renumber(o, t, rel, &free)?.map(|(old, new, text)| {
                moved(old.to_string(), new.to_string(), new.rel_path(), text)
            }),
        )
    } else if rel.starts_with(crate::change::CHANGES_DIR) {
        let free = |id: crate::change::ChangeId| !taken(&crate::change::store::change_path(id));
        Some(
            crate::change::file::renumber(o, t, rel, &free)?.map(|(old, new, text)| {
                moved(
                    old.to_string(),
                    new.to_string(),
                    crate::change::store::change_path(new),
                    text,
                )
            }),
        )
    } else {
        None
    }
}
