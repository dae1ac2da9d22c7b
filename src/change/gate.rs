//! The gate in front of `ops change start`: a pure decision over the change,
//! the time and the backup records linked to it, so that every reason to
//! refuse is tested without a repository, and the command only does I/O.
//!
//! A change may start when all of these hold, and every one that does not is
//! named at once (a person fixing one reason should not then meet the next):
//!
//! - it is approved, by someone other than its requester (approval is
//!   refused to the requester; a hand-edited record is held to it here too);
//! - now is inside its window, both ends included;
//! - a backup taken for it (`backup take --change ID`) was then read whole
//!   and found good by a verification for it (`backup verify --change ID`):
//!   the verification's file result names the take's archive with the same
//!   SHA-256, so it proves that very archive, whatever the clocks said;
//! - that backup is not older than `[change] backup_max_age`.

use super::model::Change;
use crate::backup::{TakeRecord, VerifyRecord};
use crate::check::Status;
use crate::ticket::time::rfc3339;
use chrono::{DateTime, Utc};
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// A backup record linked to the change, with where it lives (relative to
/// the repository), so that the start can name the records it relied on.
#[derive(Debug, Clone)]
pub struct Linked<R> {
    pub path: PathBuf,
    pub record: R,
}

/// The backup records linked to one change.
#[derive(Debug, Clone, Default)]
pub struct Backups {
    pub takes: Vec<Linked<TakeRecord>>,
    pub verifies: Vec<Linked<VerifyRecord>>,
}

/// What the gate accepted: the take and the verification that proved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
    pub take: PathBuf,
    pub verify: PathBuf,
}

/// One reason a change may not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    AlreadyStarted {
        at: DateTime<Utc>,
    },
    AlreadyFinished {
        at: DateTime<Utc>,
    },
    NotApproved,
    ApprovedByRequester {
        by: String,
    },
    BeforeWindow {
        start: DateTime<Utc>,
    },
    AfterWindow {
        end: DateTime<Utc>,
    },
    NoBackup,
    NotVerified {
        take: PathBuf,
    },
    BackupTooOld {
        take: PathBuf,
        taken: DateTime<Utc>,
        max_age: Duration,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::AlreadyStarted { at } => {
                write!(f, "it was already started at {}", rfc3339(*at))
            }
            Refusal::AlreadyFinished { at } => {
                write!(f, "it is already finished (at {})", rfc3339(*at))
            }
            Refusal::NotApproved => {
                write!(
                    f,
                    "it is not approved: someone other than the requester runs `ops change approve`"
                )
            }
            Refusal::ApprovedByRequester { by } => {
                write!(
                    f,
                    "it was approved by its own requester ({by}); approval must come from someone else"
                )
            }
            Refusal::BeforeWindow { start } => {
                write!(
                    f,
                    "its window has not opened: it starts at {}",
                    rfc3339(*start)
                )
            }
            Refusal::AfterWindow { end } => {
                write!(f, "its window has closed: it ended at {}", rfc3339(*end))
            }
            Refusal::NoBackup => write!(
                f,
                "no backup was taken for it: run `ops backup take --change ID PATH…`, then \
                 `ops backup verify --change ID ARCHIVE`"
            ),
            Refusal::NotVerified { take } => write!(
                f,
                "its backup ({}) has no good verification: run `ops backup verify --change ID ARCHIVE`",
                take.display()
            ),
            Refusal::BackupTooOld {
                take,
                taken,
                max_age,
            } => write!(
                f,
                "its newest verified backup ({}, taken {}) is older than backup_max_age ({}): take \
                 and verify a new one",
                take.display(),
                rfc3339(*taken),
                crate::duration::display(*max_age)
            ),
        }
    }
}

/// Whether `change` may start at `now`: the backup it starts behind, or
/// every reason it may not.
pub fn may_start(
    change: &Change,
    now: DateTime<Utc>,
    backups: &Backups,
    max_age: Duration,
) -> Result<Proof, Vec<Refusal>> {
    if let Some(f) = &change.finished {
        return Err(vec![Refusal::AlreadyFinished { at: f.at }]);
    }
    if let Some(s) = &change.started {
        return Err(vec![Refusal::AlreadyStarted { at: s.at }]);
    }
    let mut refusals = Vec::new();
    match &change.approved {
        None => refusals.push(Refusal::NotApproved),
        Some(a) if a.by == change.requester => {
            refusals.push(Refusal::ApprovedByRequester { by: a.by.clone() })
        }
        Some(_) => {}
    }
    if now < change.window.start {
        refusals.push(Refusal::BeforeWindow {
            start: change.window.start,
        });
    }
    if now > change.window.end {
        refusals.push(Refusal::AfterWindow {
            end: change.window.end,
        });
    }
    let proof = verified_backup(backups, now, max_age).map_err(|r| refusals.push(r));
    match proof {
        Ok(p) if refusals.is_empty() => Ok(p),
        _ => Err(refusals),
    }
}

/// The newest good take that a good verification read whole, if it is young
/// enough.
fn verified_backup(
    backups: &Backups,
    now: DateTime<Utc>,
    max_age: Duration,
) -> Result<Proof, Refusal> {
    let mut takes: Vec<&Linked<TakeRecord>> = backups
        .takes
        .iter()
        .filter(|t| t.record.status <= Status::Warn && t.record.archive.is_some())
        .collect();
    takes.sort_by_key(|t| std::cmp::Reverse(t.record.finished));
    let newest = takes.first().ok_or(Refusal::NoBackup)?;
    let (take, verify) = takes
        .iter()
        .find_map(|t| proving(backups, &t.record).map(|v| (*t, v)))
        .ok_or_else(|| Refusal::NotVerified {
            take: newest.path.clone(),
        })?;
    let max = chrono::Duration::from_std(max_age).unwrap_or(chrono::Duration::MAX);
    if now - take.record.finished > max {
        return Err(Refusal::BackupTooOld {
            take: take.path.clone(),
            taken: take.record.finished,
            max_age,
        });
    }
    Ok(Proof {
        take: take.path.clone(),
        verify: verify.path.clone(),
    })
}

/// A verification that read `take`'s archive to its end and found it good:
/// the same path and the same SHA-256, nothing worse than warn about it.
fn proving<'a>(backups: &'a Backups, take: &TakeRecord) -> Option<&'a Linked<VerifyRecord>> {
    let archive = take.archive.as_ref()?;
    backups.verifies.iter().find(|v| {
        v.record.verified.iter().any(|f| {
            &f.path == archive
                && !f.sha256.is_empty()
                && f.sha256 == take.sha256
                && f.status <= Status::Warn
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::record::FileResult;
    use crate::change::model::Signed;
    use crate::change::model::tests::{change, t};

    const DAY: Duration = Duration::from_secs(24 * 3600);

    fn take(at: &str, sha: &str) -> Linked<TakeRecord> {
        let at = t(at);
        Linked {
            path: PathBuf::from(format!("backup/take/{}.json", at.timestamp())),
            record: TakeRecord {
                schema: 1,
                run: "r".into(),
                name: "nginx".into(),
                ticket: None,
                change: None,
                host: "h".into(),
                started: at,
                finished: at,
                sources: vec![PathBuf::from("/etc/nginx")],
                archive: Some(PathBuf::from(format!("/b/nginx-{sha}.tar.zst"))),
                manifest: None,
                sha256: sha.into(),
                size: 1,
                files: 1,
                bytes: 1,
                status: Status::Ok,
                findings: vec![],
            },
        }
    }

    fn verify(of: &Linked<TakeRecord>, status: Status) -> Linked<VerifyRecord> {
        let at = of.record.finished;
        Linked {
            path: PathBuf::from(format!("backup/verify/x/{}.json", at.timestamp())),
            record: VerifyRecord {
                schema: 1,
                run: "r".into(),
                set: "x".into(),
                pattern: "x".into(),
                one_off: true,
                host: "h".into(),
                ticket: None,
                change: None,
                started: at,
                finished: at,
                status,
                backups: 1,
                newest: None,
                last_good: None,
                verified: vec![FileResult {
                    path: of.record.archive.clone().unwrap(),
                    size: 1,
                    mtime: at,
                    sha256: of.record.sha256.clone(),
                    status,
                }],
                bytes_read: 1,
                sample: None,
                findings: vec![],
            },
        }
    }

    fn approved() -> Change {
        let mut c = change();
        c.approved = Some(Signed {
            by: "wangfang".into(),
            login: None,
            at: t("2026-11-20T10:00:00Z"),
        });
        c
    }

    fn good_backup() -> Backups {
        let tk = take("2026-11-21T13:00:00Z", "aa");
        let v = verify(&tk, Status::Ok);
        Backups {
            takes: vec![tk],
            verifies: vec![v],
        }
    }

    const IN_WINDOW: &str = "2026-11-21T15:00:00Z";

    #[test]
    fn starts_when_approved_in_its_window_behind_a_fresh_verified_backup() {
        let proof = may_start(&approved(), t(IN_WINDOW), &good_backup(), DAY).unwrap();
        assert_eq!(proof.take, good_backup().takes[0].path);
        assert_eq!(proof.verify, good_backup().verifies[0].path);
        // Both ends of the window are inside it.
        for at in ["2026-11-21T14:00:00Z", "2026-11-21T18:00:00Z"] {
            assert!(
                may_start(&approved(), t(at), &good_backup(), DAY).is_ok(),
                "{at}"
            );
        }
    }

    #[test]
    fn an_unapproved_or_self_approved_change_is_refused() {
        let refused = may_start(&change(), t(IN_WINDOW), &good_backup(), DAY).unwrap_err();
        assert_eq!(refused, vec![Refusal::NotApproved]);
        let mut c = change();
        c.approved = Some(Signed {
            by: "lina".into(),
            login: None,
            at: t("2026-11-20T10:00:00Z"),
        });
        let refused = may_start(&c, t(IN_WINDOW), &good_backup(), DAY).unwrap_err();
        assert_eq!(
            refused,
            vec![Refusal::ApprovedByRequester { by: "lina".into() }]
        );
    }

    #[test]
    fn before_and_after_the_window_is_refused() {
        let c = approved();
        let early = may_start(&c, t("2026-11-21T13:59:59Z"), &good_backup(), DAY).unwrap_err();
        assert_eq!(
            early,
            vec![Refusal::BeforeWindow {
                start: c.window.start
            }]
        );
        let late = may_start(&c, t("2026-11-21T18:00:01Z"), &good_backup(), DAY).unwrap_err();
        assert_eq!(late, vec![Refusal::AfterWindow { end: c.window.end }]);
    }

    #[test]
    fn no_backup_an_unverified_one_and_a_stale_one_are_refused() {
        let c = approved();
        let none = may_start(&c, t(IN_WINDOW), &Backups::default(), DAY).unwrap_err();
        assert_eq!(none, vec![Refusal::NoBackup]);

        let tk = take("2026-11-21T13:00:00Z", "aa");
        let unverified = Backups {
            takes: vec![tk.clone()],
            verifies: vec![],
        };
        let refused = may_start(&c, t(IN_WINDOW), &unverified, DAY).unwrap_err();
        assert_eq!(
            refused,
            vec![Refusal::NotVerified {
                take: tk.path.clone()
            }]
        );

        // A verification that found the archive bad, or read other content, proves nothing.
        let mut other = verify(&tk, Status::Ok);
        other.record.verified[0].sha256 = "bb".into();
        for v in [verify(&tk, Status::Crit), other] {
            let b = Backups {
                takes: vec![tk.clone()],
                verifies: vec![v],
            };
            let refused = may_start(&c, t(IN_WINDOW), &b, DAY).unwrap_err();
            assert_eq!(
                refused,
                vec![Refusal::NotVerified {
                    take: tk.path.clone()
                }]
            );
        }

        let old = take("2026-11-20T14:59:59Z", "cc");
        let b = Backups {
            verifies: vec![verify(&old, Status::Ok)],
            takes: vec![old.clone()],
        };
        let refused = may_start(&c, t(IN_WINDOW), &b, DAY).unwrap_err();
        assert_eq!(
            refused,
            vec![Refusal::BackupTooOld {
                take: old.path.clone(),
                taken: old.record.finished,
                max_age: DAY
            }]
        );
        assert!(
            refused[0]
                .to_string()
                .contains("older than backup_max_age (1d 0h)"),
            "{}",
            refused[0]
        );
    }

    #[test]
    fn every_reason_is_named_at_once_and_a_started_change_cannot_start_again() {
        let refused = may_start(
            &change(),
            t("2026-11-22T00:00:00Z"),
            &Backups::default(),
            DAY,
        )
        .unwrap_err();
        assert_eq!(refused.len(), 3, "{refused:?}");
        let mut c = approved();
        c.started = Some(crate::change::model::Started {
            by: "lina".into(),
            at: t(IN_WINDOW),
            take: "a".into(),
            verify: "b".into(),
        });
        let again = may_start(&c, t(IN_WINDOW), &good_backup(), DAY).unwrap_err();
        assert_eq!(again, vec![Refusal::AlreadyStarted { at: t(IN_WINDOW) }]);
    }
}
