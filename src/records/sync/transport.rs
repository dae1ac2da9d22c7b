//! How the remote is reached: fetch and a compare-and-swap push, over SSH
//! (libgit2, the agent, known_hosts) or to a repository on this machine.

use super::{Remote, Round};
use anyhow::{Context, Result, anyhow};
use git2::{Oid, Repository};
use std::cell::RefCell;
use std::path::Path;

/// How the remote is reached.
pub(super) struct Transport<'a> {
    pub(super) remote: &'a Remote,
    pub(super) url: &'a str,
    pub(super) known_hosts: &'a Path,
    /// Why the last host key or credential was refused, in our words
    /// (libgit2 replaces a callback's error by its own).
    pub(super) refused: RefCell<Option<String>>,
}

impl Transport<'_> {
    /// The URL libgit2 is given.
    fn git_url(&self) -> String {
        match self.remote {
            Remote::Local(p) => p.display().to_string(),
            Remote::Ssh { url, .. } => url.clone(),
        }
    }

    fn callbacks(&self) -> git2::RemoteCallbacks<'_> {
        let mut callbacks = git2::RemoteCallbacks::new();
        if let Remote::Ssh {
            host, port, user, ..
        } = self.remote
        {
            let tries = RefCell::new(0u32);
            let login = user.clone().unwrap_or_else(crate::login::login_name);
            let refused = &self.refused;
            callbacks.credentials(move |_url, from_url, allowed| {
                *tries.borrow_mut() += 1;
                if *tries.borrow() > 4 {
                    let why =
                        "the SSH agent holds no key the server accepts (is SSH_AUTH_SOCK set?)";
                    *refused.borrow_mut() = Some(why.to_owned());
                    return Err(git2::Error::from_str(why));
                }
                let name = from_url.unwrap_or(&login);
                if allowed.contains(git2::CredentialType::USERNAME) {
                    return git2::Cred::username(name);
                }
                git2::Cred::ssh_key_from_agent(name)
            });
            let known_hosts = self.known_hosts.to_path_buf();
            let (host, port) = (host.clone(), *port);
            callbacks.certificate_check(move |cert, _| {
                let checked = match cert.as_hostkey().and_then(|k| k.hostkey()) {
                    None => Err(anyhow!("the server {host} sent no SSH host key")),
                    Some(key) => {
                        crate::transport::ssh::check_known_host(&known_hosts, &host, port, key)
                    }
                };
                match checked {
                    Ok(()) => Ok(git2::CertificateCheckStatus::CertificateOk),
                    Err(e) => {
                        let why = format!("{e:#}");
                        *refused.borrow_mut() = Some(why.clone());
                        Err(git2::Error::from_str(&why))
                    }
                }
            });
        }
        callbacks
    }

    /// A fetch or push that failed, said in our words when a callback of
    /// ours refused.
    fn failure(&self, what: &str, e: git2::Error) -> anyhow::Error {
        match self.refused.borrow_mut().take() {
            Some(why) => anyhow!("failed to {what} {}: {why}", self.url),
            None => anyhow!("failed to {what} {}: {}", self.url, e.message()),
        }
    }

    /// Fetch the remote branch; its commit, None when the remote has no such
    /// branch yet.
    pub(super) fn fetch(&self, repo: &Repository, branch: &str) -> Result<Option<Oid>> {
        if let Remote::Local(p) = self.remote
            && !p.exists()
        {
            return Err(anyhow!("the remote {} does not exist", p.display()));
        }
        let mut remote = repo
            .remote_anonymous(&self.git_url())
            .with_context(|| format!("bad remote {}", self.url))?;
        let tracking = format!("refs/remotes/ops-sync/{branch}");
        let refspec = format!("+refs/heads/{branch}:{tracking}");
        let mut fetch = git2::FetchOptions::new();
        fetch
            .remote_callbacks(self.callbacks())
            .download_tags(git2::AutotagOption::None)
            .update_fetchhead(false);
        // The tracking branch is what this fetch brings, or nothing when the
        // remote has no such branch yet (libgit2's listing of an empty remote
        // cannot be read safely, so the ref is the answer).
        if let Ok(mut stale) = repo.find_reference(&tracking) {
            stale.delete()?;
        }
        let fetched = remote.fetch(&[&refspec], Some(&mut fetch), None);
        drop(fetch);
        fetched.map_err(|e| self.failure("fetch from", e))?;
        let theirs = repo.find_reference(&tracking).ok().and_then(|r| r.target());
        if let Some(oid) = theirs {
            repo.find_commit(oid)
                .with_context(|| format!("the fetch from {} did not bring {oid}", self.url))?;
        }
        Ok(theirs)
    }

    /// Move the remote branch from `old` to `new`; `Ok(Err(Rejected))` when
    /// the remote moved meanwhile (never forced).
    pub(super) fn push(
        &self,
        repo: &Repository,
        local_ref: &str,
        branch: &str,
        new: Oid,
        old: Option<Oid>,
    ) -> Result<std::result::Result<(), Round>> {
        if let Some(old) = old
            && !repo.graph_descendant_of(new, old)?
        {
            return Ok(Err(Round::Rejected("not a fast-forward".into())));
        }
        let remote_ref = format!("refs/heads/{branch}");
        match self.remote {
            Remote::Local(path) => push_local(repo, path, &remote_ref, new, old),
            Remote::Ssh { .. } => {
                let mut remote = repo.remote_anonymous(&self.git_url())?;
                let rejected = RefCell::new(None::<String>);
                let mut callbacks = self.callbacks();
                callbacks.push_update_reference(|_, status| {
                    if let Some(why) = status {
                        *rejected.borrow_mut() = Some(why.to_owned());
                    }
                    Ok(())
                });
                let mut push = git2::PushOptions::new();
                push.remote_callbacks(callbacks);
                let refspec = format!("{local_ref}:{remote_ref}");
                let result = remote.push(&[&refspec], Some(&mut push));
                drop(push);
                match result {
                    Err(e) if e.code() == git2::ErrorCode::NotFastForward => {
                        Ok(Err(Round::Rejected(e.message().to_owned())))
                    }
                    Err(e) => {
                        Err(anyhow::Error::new(e)
                            .context(format!("failed to push to {}", self.url)))
                    }
                    Ok(()) => match rejected.into_inner() {
                        Some(why) => Ok(Err(Round::Rejected(why))),
                        None => Ok(Ok(())),
                    },
                }
            }
        }
    }
}

/// Push to a repository on this machine: copy the missing objects as one
/// pack, then move its branch compare-and-swap on `old` (libgit2's own local
/// push would overwrite a branch another jump host moved a moment before).
pub(super) fn push_local(
    repo: &Repository,
    path: &Path,
    remote_ref: &str,
    new: Oid,
    old: Option<Oid>,
) -> Result<std::result::Result<(), Round>> {
    let dest = Repository::open(path)
        .with_context(|| format!("failed to open the remote repository {}", path.display()))?;
    let mut walk = repo.revwalk()?;
    walk.push(new)?;
    if let Some(old) = old {
        walk.hide(old)?;
    }
    let mut pack = repo.packbuilder()?;
    pack.insert_walk(&mut walk)?;
    if pack.object_count() > 0 {
        let odb = dest.odb()?;
        let mut writer = odb.packwriter()?;
        let mut failed = None;
        pack.foreach(
            |chunk| match std::io::Write::write_all(&mut writer, chunk) {
                Ok(()) => true,
                Err(e) => {
                    failed = Some(e);
                    false
                }
            },
        )?;
        if let Some(e) = failed {
            return Err(e).context(format!("failed to write objects into {}", path.display()));
        }
        writer
            .commit()
            .with_context(|| format!("failed to write objects into {}", path.display()))?;
    }
    let log = "ops sync: push";
    let moved = match old {
        Some(old) => dest.reference_matching(remote_ref, new, true, old, log),
        None => dest.reference(remote_ref, new, false, log),
    };
    match moved {
        Ok(_) => {}
        Err(e)
            if matches!(
                e.code(),
                git2::ErrorCode::Modified | git2::ErrorCode::Exists
            ) =>
        {
            return Ok(Err(Round::Rejected(
                "the remote branch moved meanwhile".into(),
            )));
        }
        // Another jump host is moving the branch this instant (its
        // `main.lock` exists): the same as losing the race, so go round again.
        Err(e) if e.code() == git2::ErrorCode::Locked => {
            return Ok(Err(Round::Rejected(
                "another push held the remote branch's lock".into(),
            )));
        }
        Err(e) => {
            return Err(anyhow::Error::new(e)
                .context(format!("failed to move {remote_ref} in {}", path.display())));
        }
    }
    // A remote made with `git init --bare` names a branch that may not exist:
    // point it at ours so that a `git clone` of it checks the records out.
    if matches!(dest.head(), Err(e) if e.code() == git2::ErrorCode::UnbornBranch) {
        let _ = dest.set_head(remote_ref);
    }
    Ok(Ok(()))
}
