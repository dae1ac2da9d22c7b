//! Records two jump hosts created under one name while apart (two tickets
//! numbered alike, two walks of one day and runbook): before the merge,
//! ours moves to a free name the record's owner gives, and every file of
//! ours that names it is told the new name.

use super::{check_clean, git, tree_changes};
use anyhow::{Result, anyhow};
use git2::{Oid, Repository};
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// A file both sides created under one name for two different records (two
/// jump hosts numbered a ticket alike while apart): `None` when it is one
/// record (it then merges by [`FileMerge`]), else ours under a name neither
/// side has taken. Arguments: the path, ours, theirs, whether a path is taken.
pub type Renumber<'a> =
    &'a dyn Fn(&Path, &[u8], &[u8], &dyn Fn(&Path) -> bool) -> Option<Result<Renumbered, String>>;

/// Our record moved to a free name: its new path and bytes, and the id it
/// had and has, replaced in every other file of ours that names it.
#[derive(Debug, Clone)]
pub struct Renumbered {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub old_id: String,
    pub new_id: String,
}

/// Before merging: each file both sides created since their common ancestor
/// that holds two different records is handed to `renumber`, and ours moved
/// to the free name it gives, its id replaced in every file we changed since
/// then (the only ones that can name it: the remote never saw it). Made as a
/// commit of ours, through the journal, so the merge that follows has no
/// conflict on it and nothing is lost.
pub(super) fn renumber_collisions<'r>(
    repo: &'r Repository,
    root: &Path,
    ours: git2::Commit<'r>,
    theirs: &git2::Commit<'r>,
    renumber: Renumber,
) -> Result<(git2::Commit<'r>, Vec<(String, String)>)> {
    let Ok(base) = repo.merge_base(ours.id(), theirs.id()) else {
        return Ok((ours, Vec::new()));
    };
    let base_tree = repo.find_commit(base)?.tree()?;
    let (our_tree, their_tree) = (ours.tree()?, theirs.tree()?);
    let changed = |to: &git2::Tree, added_only: bool| -> Result<Vec<(PathBuf, Oid)>> {
        let diff = repo.diff_tree_to_tree(Some(&base_tree), Some(to), None)?;
        Ok(diff
            .deltas()
            .filter(|d| match d.status() {
                git2::Delta::Added => true,
                git2::Delta::Modified => !added_only,
                _ => false,
            })
            .filter_map(|d| Some((d.new_file().path()?.to_path_buf(), d.new_file().id())))
            .collect())
    };
    let their_added: std::collections::BTreeMap<PathBuf, Oid> =
        changed(&their_tree, true)?.into_iter().collect();
    let blob = |id: Oid| -> Result<Vec<u8>> { Ok(repo.find_blob(id)?.content().to_vec()) };
    let planned = RefCell::new(std::collections::BTreeSet::<PathBuf>::new());
    let taken = |p: &Path| {
        our_tree.get_path(p).is_ok()
            || their_tree.get_path(p).is_ok()
            || planned.borrow().contains(p)
    };
    let mut moves: Vec<(PathBuf, Renumbered)> = Vec::new();
    for (path, id) in changed(&our_tree, true)? {
        let Some(&their_id) = their_added.get(&path) else {
            continue;
        };
        if their_id == id {
            continue;
        }
        match renumber(&path, &blob(id)?, &blob(their_id)?, &taken) {
            None => {}
            Some(Err(why)) => {
                return Err(anyhow!(
                    "cannot sync: {} was created here and on the remote and cannot be renumbered: \
                     {why}; nothing was changed locally",
                    path.display()
                ));
            }
            Some(Ok(r)) => {
                planned.borrow_mut().insert(r.path.clone());
                moves.push((path, r));
            }
        }
    }
    if moves.is_empty() {
        return Ok((ours, Vec::new()));
    }
    let mut update = git2::build::TreeUpdateBuilder::new();
    for (old, r) in &moves {
        update.remove(old);
        update.upsert(&r.path, repo.blob(&r.bytes)?, git2::FileMode::Blob);
    }
    // Our other new or changed files that name a moved record name it anew.
    for (path, id) in changed(&our_tree, false)? {
        if moves.iter().any(|(old, _)| *old == path) {
            continue;
        }
        let Ok(text) = String::from_utf8(blob(id)?) else {
            continue;
        };
        let mut renamed = text.clone();
        for (_, r) in &moves {
            renamed = renamed.replace(&r.old_id, &r.new_id);
        }
        if renamed != text {
            update.upsert(&path, repo.blob(renamed.as_bytes())?, git2::FileMode::Blob);
        }
    }
    let tree = repo.find_tree(update.create_updated(repo, &our_tree)?)?;
    let pairs: Vec<(String, String)> = moves
        .iter()
        .map(|(_, r)| (r.old_id.clone(), r.new_id.clone()))
        .collect();
    let message = format!(
        "sync: renumber {} (the remote has other records under those ids)",
        pairs
            .iter()
            .map(|(old, new)| format!("{old} as {new}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let signature = git::signature(repo)?;
    let commit = repo.commit(None, &signature, &signature, &message, &tree, &[&ours])?;
    let changes = tree_changes(repo, &our_tree, &tree)?;
    check_clean(repo, root, &our_tree, &changes)?;
    git::advance_to(root, commit, &changes, &message)?;
    Ok((repo.find_commit(commit)?, pairs))
}
