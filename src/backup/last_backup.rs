//! "Last backup time" of the daily inspection sheet (SPEC §2.1 and §2.2, last
//! rows): the `backup.last` finding of `inspect host` and `inspect db`, one
//! per `[[backup.set]]` linked to the entry (`host = "web01"`, `db = "pg01"`).
//!
//! The answer comes from the records `ops backup verify` writes (its last good
//! backup, [`super::record::set_state`]), not from the backup files, which
//! usually live on another machine than the one inspecting. Reading the
//! records is the caller's (it is I/O, at the command's edge); judging what
//! was read is [`judge`] here, a pure function of the state, the set's policy
//! and the time.

use super::policy::{Age, BackupConfig, BackupSet, LinkKind, fmt_duration};
use super::record::SetState;
use crate::check::{Finding, Status};
use chrono::{DateTime, Utc};
use serde_json::json;

/// The check every finding here carries.
pub const CHECK: &str = "backup.last";

/// A set linked to the inspected entry, and what its records say.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedSet {
    pub set: String,
    /// The set's policy: its newest good backup may be this old.
    pub max_age: Age,
    /// What the verification records say; `None` when there is no records
    /// repository to read them from.
    pub state: Option<SetState>,
}

/// The sets of ops.toml linked to `target` (an entry of `kind`), in the
/// order ops.toml declares them.
pub fn linked_sets<'a>(
    config: &'a BackupConfig,
    kind: LinkKind,
    target: &str,
) -> Vec<&'a BackupSet> {
    config
        .sets
        .iter()
        .filter(|s| s.is_linked_to(kind, target))
        .collect()
}

/// One `backup.last` finding per linked set, or one `skip` naming the link
/// that would make the check apply when no set is linked.
pub fn findings(
    kind: LinkKind,
    target: &str,
    linked: &[LinkedSet],
    now: DateTime<Utc>,
) -> Vec<Finding> {
    if linked.is_empty() {
        return vec![Finding::skip(
            CHECK,
            format!(
                "no [[backup.set]] in ops.toml has {} = {target:?}; link the set that holds its data to judge its last backup",
                kind.key()
            ),
        )];
    }
    linked.iter().map(|l| judge(l, now)).collect()
}

/// The verdict on one linked set: ok while its newest good backup is within
/// the set's `max_age`, crit when older, when no verification found a good
/// one, or when the set was never verified; unknown without records to read.
pub fn judge(linked: &LinkedSet, now: DateTime<Utc>) -> Finding {
    let set = &linked.set;
    let policy = linked.max_age;
    let threshold = format!("crit > {policy} (max_age of set {set})");
    let finding = |status: Status, message: String| {
        Finding::new(CHECK, status, message)
            .subject(set.clone())
            .threshold(threshold.clone())
    };
    let Some(state) = &linked.state else {
        return finding(
            Status::Unknown,
            format!("set {set}: no records repository to read `ops backup verify` records from"),
        );
    };
    match state {
        SetState::NoRecords => finding(
            Status::Crit,
            format!(
                "set {set}: no backup on record (`ops backup verify {set}` has never recorded it); policy {policy}"
            ),
        ),
        SetState::NoneGood {
            latest_status,
            verified_at,
        } => finding(
            Status::Crit,
            format!(
                "set {set}: no good backup on record; the latest verification ({}) was {latest_status}; policy {policy}",
                verified_at.format("%Y-%m-%d %H:%M UTC")
            ),
        ),
        SetState::Good(good) => {
            // A backup dated after "now" (a clock behind the file's) is as fresh as can be.
            let age = (now - good.backup_time).num_seconds().max(0) as u64;
            let status = if age > policy.secs() {
                Status::Crit
            } else {
                Status::Ok
            };
            let verdict = if status == Status::Ok {
                "within"
            } else {
                "older than"
            };
            finding(
                status,
                format!(
                    "set {set}: last good backup {} old, {verdict} the {policy} policy ({}, made {})",
                    fmt_duration(age),
                    good.path.display(),
                    good.backup_time.format("%Y-%m-%d %H:%M UTC")
                ),
            )
            .value(json!({
                "age_s": age,
                "max_age_s": policy.secs(),
                "path": good.path,
                "backup_time": good.backup_time,
                "verified_at": good.verified_at,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::record::LastGood;
    use std::time::Duration;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn linked(state: Option<SetState>) -> LinkedSet {
        LinkedSet {
            set: "web-data".into(),
            max_age: Age(Duration::from_secs(26 * 3600)),
            state,
        }
    }

    fn good(made: &str) -> Option<SetState> {
        Some(SetState::Good(LastGood {
            backup_time: at(made),
            path: "/var/backups/web-20261119.tar.zst".into(),
            verified_at: at(made),
        }))
    }

    const NOW: &str = "2026-11-20T09:00:00Z";

    #[test]
    fn a_good_backup_within_the_policy_is_ok_and_an_older_one_crit() {
        let f = judge(&linked(good("2026-11-19T09:00:00Z")), at(NOW));
        assert_eq!(f.status, Status::Ok, "{f:?}");
        assert_eq!(f.subject.as_deref(), Some("web-data"));
        assert!(
            f.message.contains("1d old, within the 26h policy"),
            "{}",
            f.message
        );
        assert_eq!(f.value["age_s"], 86_400);

        let f = judge(&linked(good("2026-11-19T06:59:59Z")), at(NOW));
        assert_eq!(f.status, Status::Crit, "{f:?}");
        assert!(
            f.message.contains("1d2h1s old, older than the 26h policy"),
            "{}",
            f.message
        );
        assert_eq!(
            f.threshold.as_deref(),
            Some("crit > 26h (max_age of set web-data)")
        );
    }

    #[test]
    fn exactly_the_policy_age_is_still_ok() {
        let f = judge(&linked(good("2026-11-19T07:00:00Z")), at(NOW));
        assert_eq!(f.status, Status::Ok, "{f:?}");
    }

    #[test]
    fn no_record_or_no_good_backup_is_crit_and_no_repository_unknown() {
        let f = judge(&linked(Some(SetState::NoRecords)), at(NOW));
        assert_eq!(f.status, Status::Crit);
        assert!(f.message.contains("no backup on record"), "{}", f.message);

        let failed = SetState::NoneGood {
            latest_status: Status::Crit,
            verified_at: at("2026-11-20T06:00:00Z"),
        };
        let f = judge(&linked(Some(failed)), at(NOW));
        assert_eq!(f.status, Status::Crit);
        assert!(
            f.message.contains(
                "no good backup on record; the latest verification (2026-11-20 06:00 UTC) was crit"
            ),
            "{}",
            f.message
        );

        assert_eq!(judge(&linked(None), at(NOW)).status, Status::Unknown);
    }

    #[test]
    fn no_linked_set_is_one_skip_naming_the_link_to_add() {
        let f = findings(LinkKind::Host, "web01", &[], at(NOW));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].status, Status::Skip);
        assert!(
            f[0].message.contains("host = \"web01\""),
            "{}",
            f[0].message
        );
        let f = findings(LinkKind::Db, "pg01", &[], at(NOW));
        assert!(f[0].message.contains("db = \"pg01\""), "{}", f[0].message);
    }

    #[test]
    fn every_linked_set_gets_its_own_finding() {
        let two = [
            linked(good("2026-11-20T01:00:00Z")),
            LinkedSet {
                set: "etc".into(),
                ..linked(Some(SetState::NoRecords))
            },
        ];
        let f = findings(LinkKind::Host, "web01", &two, at(NOW));
        let got: Vec<_> = f
            .iter()
            .map(|f| (f.subject.clone().unwrap(), f.status))
            .collect();
        assert_eq!(
            got,
            [
                ("web-data".to_string(), Status::Ok),
                ("etc".to_string(), Status::Crit)
            ]
        );
    }

    #[test]
    fn sets_are_linked_by_their_host_or_db_key() {
        let cfg: BackupConfig = toml::from_str(
            "[[set]]\nname = \"a\"\npath = \"/a\"\nhost = \"web01\"\n\
             [[set]]\nname = \"b\"\npath = \"/b\"\ndb = \"web01\"\n\
             [[set]]\nname = \"c\"\npath = \"/c\"\nhost = \"web01\"\ndb = \"pg01\"\n",
        )
        .unwrap();
        cfg.validate().unwrap();
        let names = |v: Vec<&BackupSet>| v.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(linked_sets(&cfg, LinkKind::Host, "web01")),
            ["a", "c"]
        );
        assert_eq!(names(linked_sets(&cfg, LinkKind::Db, "web01")), ["b"]);
        assert_eq!(names(linked_sets(&cfg, LinkKind::Db, "pg01")), ["c"]);
        assert!(linked_sets(&cfg, LinkKind::Host, "pg01").is_empty());
    }
}
