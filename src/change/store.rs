//! Change files in the records repository: create, step, read, list.
//!
//! Layout ([`change_path`]): `changes/<YYYY-MM>/<id>.toml`, the month of the
//! id's date; the format is [`super::file`]'s. Every write goes through
//! [`Records::transaction`], the same writer lock and journaled commit the
//! ticket store uses: the id is allocated under the lock
//! ([`Transaction::create_numbered`]), and a step re-reads the change under
//! the lock before it is checked, so two approvers at once cannot both win.
//! A new change and the `linked` event on its ticket land in one commit.

use super::file;
use super::id::ChangeId;
use super::model::{Change, Window};
use crate::records::{Records, Transaction};
use crate::ticket::TicketId;
use anyhow::{Context, Result};
use chrono::{DateTime, Datelike, Utc};
use std::path::{Path, PathBuf};

/// The directory of the records repository that holds the change files.
pub const CHANGES_DIR: &str = "changes";

/// `changes/<YYYY-MM>/<id>.toml`.
pub fn change_path(id: ChangeId) -> PathBuf {
    Path::new(CHANGES_DIR)
        .join(format!("{:04}-{:02}", id.date.year(), id.date.month()))
        .join(format!("{id}.toml"))
}

/// A change before it has an id.
#[derive(Debug, Clone)]
pub struct Draft {
    pub ticket: TicketId,
    pub summary: String,
    pub plan: String,
    pub rollback: String,
    pub window: Window,
    pub targets: Vec<String>,
}

/// The change as it now stands, where it lives and the commit made.
#[derive(Debug)]
pub struct Written {
    pub change: Change,
    pub path: PathBuf,
    pub commit: Option<String>,
}

/// The change id a command-line argument names; a usage error (exit 64) otherwise.
pub fn parse_id(text: &str) -> Result<ChangeId> {
    text.trim()
        .parse()
        .map_err(|e: String| crate::usage_error!("{e}"))
}

/// Read change `id` from the repository at `root`; bad input (78) when
/// there is no such change or its file is damaged.
pub fn read(root: &Path, id: ChangeId) -> Result<Change> {
    let rel = change_path(id);
    let path = root.join(&rel);
    let text = match crate::records::layout::read_record(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(crate::bad_input!(
                "no change {id} in the records repository {} (looked for {})",
                root.display(),
                rel.display()
            ));
        }
        Err(e) => {
            return Err(e)
                .with_context(|| format!("failed to read change file {}", path.display()));
        }
    };
    file::parse(&text, &rel).map_err(|d| crate::bad_input!("{d}"))
}

/// One line for a commit subject, at most about 100 characters.
fn subject(id: ChangeId, what: &str) -> String {
    let what = what.lines().next().unwrap_or("").trim();
    let s = format!("change {id}: {what}");
    if s.chars().count() > 100 {
        s.chars().take(99).collect::<String>() + "…"
    } else {
        s
    }
}

/// Create a change under its ticket (which must exist) and link it from the
/// ticket, in one commit.
pub fn create(
    records: &Records,
    draft: Draft,
    now: DateTime<Utc>,
    by: &crate::login::Actor,
) -> Result<Written> {
    let committed = records.transaction(|tx| {
        crate::ticket::store::read(tx.root(), draft.ticket)?;
        let date = now.date_naive();
        let mut change = Change {
            id: ChangeId::new(date, 1),
            ticket: draft.ticket,
            summary: draft.summary.clone(),
            plan: draft.plan.clone(),
            rollback: draft.rollback.clone(),
            window: draft.window,
            targets: draft.targets.clone(),
            requester: by.name.clone(),
            requester_login: Some(by.login.clone()),
            created: now,
            approved: None,
            started: None,
            finished: None,
        };
        let dir = change_path(change.id)
            .parent()
            .expect("a month directory")
            .to_path_buf();
        let prefix = format!("C-{}-", date.format("%Y%m%d"));
        let (seq, rel) = tx.create_numbered(
            &dir,
            |n| {
                n.starts_with(&prefix)
                    .then(|| ChangeId::from_file_name(n))
                    .flatten()
                    .map(|id| id.seq)
            },
            |seq| format!("{}.toml", ChangeId::new(date, seq)),
            |seq| {
                let mut c = change.clone();
                c.id.seq = seq;
                file::render(&c).into_bytes()
            },
        )?;
        change.id.seq = seq;
        crate::ticket::store::link_in(
            tx,
            change.ticket,
            std::slice::from_ref(&rel),
            now,
            &by.name,
        )?;
        let message = format!(
            "{}\n\n{}",
            subject(
                change.id,
                &format!("new for {}, {}", change.ticket, change.summary)
            ),
            change.plan
        );
        Ok(((change, rel), message))
    })?;
    let (change, path) = committed.value;
    Ok(Written {
        change,
        path,
        commit: committed.commit,
    })
}

/// One step of a change: under the writer lock, read it, let `step` check
/// it and make the next state (or refuse, writing nothing), write, commit
/// with `change C-…: <what>`.
pub fn step(
    records: &Records,
    id: ChangeId,
    step: impl FnOnce(&Transaction, Change) -> Result<(Change, String)>,
) -> Result<Written> {
    let committed = records.transaction(|tx| {
        let current = read(tx.root(), id)?;
        let (next, what) = step(tx, current)?;
        let rel = change_path(id);
        let text = file::render(&next);
        // What is written must read back as what was meant.
        let back = file::parse(&text, &rel).map_err(|d| anyhow::anyhow!("internal error: {d}"))?;
        anyhow::ensure!(
            back == next,
            "internal error: {id} would not read back as written"
        );
        tx.write(&rel, text.as_bytes())?;
        Ok(((next, rel), subject(id, &what)))
    })?;
    let (change, path) = committed.value;
    Ok(Written {
        change,
        path,
        commit: committed.commit,
    })
}

/// Every change file, oldest id first, and the ones that could not be read
/// (path: why), which are named and skipped rather than fatal.
pub fn load_all(root: &Path) -> (Vec<Change>, Vec<(PathBuf, String)>) {
    let base = root.join(CHANGES_DIR);
    let mut changes = Vec::new();
    let mut damaged = Vec::new();
    for month in crate::records::layout::sorted_names(&base) {
        for name in crate::records::layout::sorted_names(&base.join(&month)) {
            if !name.ends_with(".toml") {
                continue;
            }
            let rel = Path::new(CHANGES_DIR).join(&month).join(&name);
            let read = crate::records::layout::read_record(&root.join(&rel))
                .map_err(|e| format!("cannot be read: {e}"))
                .and_then(|text| file::parse(&text, &rel));
            match read {
                Ok(c) => changes.push(c),
                Err(why) => damaged.push((rel, why)),
            }
        }
    }
    changes.sort_by_key(|c| c.id);
    (changes, damaged)
}
