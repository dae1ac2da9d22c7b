//! A change (变更): planned work on named targets under a ticket, with its
//! cutover plan (割接方案), its rollback, the window it may run in, and what
//! happened to it: approved by someone other than the requester, started
//! behind the gate ([`super::gate`]), done or rolled back with its cutover
//! report (割接报告).
//!
//! The record is a small state machine whose steps are filled in once each,
//! in order: requested → approved → started → done. [`Change::phase`] reads
//! which step it is at; the checks that refuse a step out of order are the
//! pure functions here and in `gate`, so the store only writes what they allow.

use super::id::ChangeId;
use crate::login::Actor;
use crate::ticket::TicketId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// How a started change ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The plan was carried out and the targets are in their new state.
    Done,
    /// The rollback was carried out and the targets are as they were.
    RolledBack,
}

impl Outcome {
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::RolledBack => "rolled-back",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// When a change may be carried out, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Window {
    /// A window whose end is not after its start could never be entered.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Window, String> {
        if end <= start {
            return Err(format!(
                "the window ends ({}) before it starts ({})",
                crate::ticket::time::rfc3339(end),
                crate::ticket::time::rfc3339(start)
            ));
        }
        Ok(Window { start, end })
    }
}

/// Who did a step, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub by: String,
    /// The OS login behind `by` (None in files written before it was kept).
    pub login: Option<String>,
    pub at: DateTime<Utc>,
}

/// The start of the work, with the backup the gate accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub by: String,
    pub at: DateTime<Utc>,
    /// The `backup take` record of the backup, relative to the repository.
    pub take: PathBuf,
    /// The `backup verify` record that read that backup and found it good.
    pub verify: PathBuf,
}

/// The end of the work: the result and the cutover report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub by: String,
    pub at: DateTime<Utc>,
    pub outcome: Outcome,
    pub report: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: ChangeId,
    pub ticket: TicketId,
    pub summary: String,
    /// The cutover plan, step by step.
    pub plan: String,
    /// How to put the targets back.
    pub rollback: String,
    pub window: Window,
    /// Hosts, devices or inventory names the change touches.
    pub targets: Vec<String>,
    /// Who asked for the change (the person that ran `change new`).
    pub requester: String,
    /// The OS login `change new` ran under (None in files written before it
    /// was kept): what approval is compared with when `OPS_USER` names people.
    pub requester_login: Option<String>,
    pub created: DateTime<Utc>,
    pub approved: Option<Signed>,
    pub started: Option<Started>,
    pub finished: Option<Finished>,
}

/// Where a change is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Requested,
    Approved,
    Started,
    Finished(Outcome),
}

impl Phase {
    pub fn word(self) -> &'static str {
        match self {
            Phase::Requested => "requested",
            Phase::Approved => "approved",
            Phase::Started => "started",
            Phase::Finished(o) => o.word(),
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

impl Change {
    pub fn phase(&self) -> Phase {
        match (&self.finished, &self.started, &self.approved) {
            (Some(f), _, _) => Phase::Finished(f.outcome),
            (None, Some(_), _) => Phase::Started,
            (None, None, Some(_)) => Phase::Approved,
            (None, None, None) => Phase::Requested,
        }
    }

    /// Whether `by` may approve this change now; why not, in the user's terms.
    /// The requester cannot approve their own change: the point of approval is
    /// a second person reading the plan and the rollback. The person's name
    /// (`OPS_USER`) is self-declared, so unless the team shares one OS account
    /// (`shared_login`) the approver's OS login must differ from the
    /// requester's too.
    pub fn check_approve(&self, by: &Actor, shared_login: bool) -> Result<(), String> {
        let id = self.id;
        if let Some(a) = &self.approved {
            return Err(format!(
                "{id} is already approved (by {} at {})",
                a.by,
                crate::ticket::time::rfc3339(a.at)
            ));
        }
        if by.name == self.requester {
            return Err(format!(
                "{id} was requested by {}, who cannot also approve it: approval must come \
                 from someone else (the requester is {})",
                by.name, self.requester
            ));
        }
        if !shared_login && self.requester_login.as_deref() == Some(by.login.as_str()) {
            return Err(format!(
                "{id} was requested from the OS login {login}, and {name} is approving from \
                 the same login: OPS_USER alone cannot tell two people apart. Approve from \
                 your own login, or set `[change] shared_login = true` in ops.toml if the \
                 team shares one jump-host account (approval then rests on OPS_USER)",
                login = by.login,
                name = by.name,
            ));
        }
        Ok(())
    }

    /// Whether the change may be finished now; why not.
    pub fn check_finish(&self) -> Result<(), String> {
        let id = self.id;
        if let Some(f) = &self.finished {
            return Err(format!(
                "{id} is already finished ({} at {})",
                f.outcome,
                crate::ticket::time::rfc3339(f.at)
            ));
        }
        if self.started.is_none() {
            return Err(format!(
                "{id} has not been started ({}): only a started change can be done or rolled \
                 back; start it with `ops change start {id}`",
                self.phase()
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// A requested change of `lina`'s, window 2026-11-21 14:00–18:00 UTC.
    pub(crate) fn change() -> Change {
        Change {
            id: "C-20261120-0001".parse().unwrap(),
            ticket: "T-20261120-0001".parse().unwrap(),
            summary: "升级 nginx".into(),
            plan: "1. stop\n2. upgrade\n3. start".into(),
            rollback: "reinstall the old package".into(),
            window: Window::new(t("2026-11-21T14:00:00Z"), t("2026-11-21T18:00:00Z")).unwrap(),
            targets: vec!["web01".into()],
            requester: "lina".into(),
            requester_login: Some("lina".into()),
            created: t("2026-11-20T09:00:00Z"),
            approved: None,
            started: None,
            finished: None,
        }
    }

    pub(crate) fn actor(name: &str, login: &str) -> Actor {
        Actor {
            name: name.into(),
            login: login.into(),
        }
    }

    #[test]
    fn the_requester_cannot_approve_their_own_change() {
        let c = change();
        let why = c.check_approve(&actor("lina", "zhao"), false).unwrap_err();
        assert!(why.contains("cannot also approve"), "{why}");
        assert_eq!(
            c.check_approve(&actor("wangfang", "wangfang"), false),
            Ok(())
        );
    }

    #[test]
    fn another_name_on_the_requesters_login_approves_only_when_the_login_is_shared() {
        let c = change();
        let wangfang_as_lina = actor("wangfang", "lina");
        let why = c.check_approve(&wangfang_as_lina, false).unwrap_err();
        assert!(why.contains("same login"), "{why}");
        assert!(why.contains("shared_login"), "{why}");
        assert_eq!(c.check_approve(&wangfang_as_lina, true), Ok(()));
        // A file written before logins were kept is judged by name alone.
        let old = Change {
            requester_login: None,
            ..change()
        };
        assert_eq!(old.check_approve(&wangfang_as_lina, false), Ok(()));
    }

    #[test]
    fn a_change_is_approved_once_and_finished_only_after_it_started() {
        let mut c = change();
        assert!(
            c.check_finish()
                .unwrap_err()
                .contains("has not been started")
        );
        c.approved = Some(Signed {
            by: "wangfang".into(),
            login: Some("wangfang".into()),
            at: t("2026-11-20T10:00:00Z"),
        });
        assert!(
            c.check_approve(&actor("zhao", "zhao"), false)
                .unwrap_err()
                .contains("already approved")
        );
        assert_eq!(c.phase(), Phase::Approved);
    }

    #[test]
    fn a_window_must_end_after_it_starts() {
        let at = t("2026-11-21T14:00:00Z");
        assert!(Window::new(at, at).is_err());
        assert!(Window::new(at, t("2026-11-21T13:00:00Z")).is_err());
    }
}
