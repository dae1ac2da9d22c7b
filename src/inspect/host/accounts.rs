//! The super-user account table of a host (issue 16 item 7, the customer's
//! 《服务器、网络设备超级用户帐号对照表》): who holds super-user rights, kept
//! in each inspection's metrics so the next inspection can say what changed.
//!
//! A privilege is one line of the table: a uid-0 account, a member of an
//! administrator group, a sudoers rule, or one of root's authorized keys
//! (by fingerprint). A change since the previous inspection is a `warn`:
//! somebody must confirm it (a ticket or a change names who did).

use crate::check::{Finding, Status};
use crate::parse::linux::accounts::PrivilegedAccounts;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeSet;
use std::fmt;

pub const CHECK: &str = "accounts.privileged";

/// One line of the table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Privilege {
    /// An account with uid 0.
    Uid0 { account: String },
    /// A member of `sudo`, `wheel` or `admin`.
    Group { group: String, account: String },
    /// A rule of a sudoers file.
    Sudoers { file: String, rule: String },
    /// One of root's authorized keys.
    RootKey {
        fingerprint: String,
        key_type: String,
        #[serde(default)]
        comment: String,
    },
}

impl Privilege {
    /// Which part of the host's files it comes from, to compare only the
    /// parts that were read both times.
    pub fn part(&self) -> Part {
        match self {
            Privilege::Uid0 { .. } => Part::Passwd,
            Privilege::Group { .. } => Part::Groups,
            Privilege::Sudoers { .. } => Part::Sudoers,
            Privilege::RootKey { .. } => Part::RootKeys,
        }
    }

    /// The kind as the table's column shows it.
    pub fn kind(&self) -> &'static str {
        match self {
            Privilege::Uid0 { .. } => "uid 0",
            Privilege::Group { .. } => "admin group",
            Privilege::Sudoers { .. } => "sudoers",
            Privilege::RootKey { .. } => "root key",
        }
    }

    /// Who or what holds the right.
    pub fn subject(&self) -> String {
        match self {
            Privilege::Uid0 { account } => account.clone(),
            Privilege::Group { account, .. } => account.clone(),
            Privilege::Sudoers { rule, .. } => rule.clone(),
            Privilege::RootKey {
                fingerprint,
                comment,
                ..
            } => {
                if comment.is_empty() {
                    fingerprint.clone()
                } else {
                    format!("{fingerprint} ({comment})")
                }
            }
        }
    }

    /// Where it was found.
    pub fn detail(&self) -> String {
        match self {
            Privilege::Uid0 { .. } => "/etc/passwd".into(),
            Privilege::Group { group, .. } => format!("group {group}"),
            Privilege::Sudoers { file, .. } => file.clone(),
            Privilege::RootKey { key_type, .. } => key_type.clone(),
        }
    }
}

impl fmt::Display for Privilege {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Privilege::Uid0 { account } => write!(f, "uid 0 {account}"),
            Privilege::Group { group, account } => write!(f, "{group} member {account}"),
            Privilege::Sudoers { file, rule } => write!(f, "sudoers rule {rule:?} in {file}"),
            Privilege::RootKey { .. } => write!(f, "root key {}", self.subject()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    Passwd,
    Groups,
    Sudoers,
    RootKeys,
}

/// The table as one inspection saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub privileges: BTreeSet<Privilege>,
    /// The parts that could not be read (not compared).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub unread: BTreeSet<Part>,
    /// The files behind `unread`, for the finding's text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unread_files: Vec<String>,
}

impl Snapshot {
    pub fn from_facts(a: &PrivilegedAccounts) -> Snapshot {
        let mut privileges = BTreeSet::new();
        for account in &a.uid0 {
            privileges.insert(Privilege::Uid0 {
                account: account.clone(),
            });
        }
        for m in &a.admin_groups {
            privileges.insert(Privilege::Group {
                group: m.group.clone(),
                account: m.user.clone(),
            });
        }
        for r in &a.sudoers {
            privileges.insert(Privilege::Sudoers {
                file: r.file.clone(),
                rule: r.rule.clone(),
            });
        }
        for k in &a.root_keys {
            privileges.insert(Privilege::RootKey {
                fingerprint: k
                    .fingerprint
                    .clone()
                    .unwrap_or_else(|| "fingerprint unavailable".into()),
                key_type: k.kind.clone(),
                comment: k.comment.clone(),
            });
        }
        let unread = a.unread.iter().map(|f| part_of_file(f)).collect();
        Snapshot {
            privileges,
            unread,
            unread_files: a.unread.clone(),
        }
    }

    /// What was added and removed since `before`, over the parts both read.
    pub fn changes_since(&self, before: &Snapshot) -> Changes {
        let compared =
            |p: &Privilege| !self.unread.contains(&p.part()) && !before.unread.contains(&p.part());
        Changes {
            added: self
                .privileges
                .difference(&before.privileges)
                .filter(|p| compared(p))
                .cloned()
                .collect(),
            removed: before
                .privileges
                .difference(&self.privileges)
                .filter(|p| compared(p))
                .cloned()
                .collect(),
        }
    }
}

fn part_of_file(file: &str) -> Part {
    if file == "/etc/passwd" {
        Part::Passwd
    } else if file == "/etc/group" {
        Part::Groups
    } else if file.starts_with("/etc/sudoers") {
        Part::Sudoers
    } else {
        Part::RootKeys
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<Privilege>,
    pub removed: Vec<Privilege>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// The finding: `ok` with the table's size, `warn` naming what was added or
/// removed since the previous inspection, `unknown` when nothing could be read.
pub fn finding(now: &Snapshot, before: Option<&Snapshot>) -> Finding {
    let count = |pred: fn(&Privilege) -> bool| now.privileges.iter().filter(|p| pred(p)).count();
    let uid0: Vec<String> = now
        .privileges
        .iter()
        .filter_map(|p| match p {
            Privilege::Uid0 { account } => Some(account.clone()),
            _ => None,
        })
        .collect();
    let summary = format!(
        "uid 0: {}; {} admin group member(s), {} sudoers rule(s), {} root key(s)",
        if uid0.is_empty() {
            "none".to_string()
        } else {
            uid0.join(", ")
        },
        count(|p| matches!(p, Privilege::Group { .. })),
        count(|p| matches!(p, Privilege::Sudoers { .. })),
        count(|p| matches!(p, Privilege::RootKey { .. })),
    );
    let unread = if now.unread_files.is_empty() {
        String::new()
    } else {
        format!(
            "; not readable by the inspecting user: {} (inspect as root to compare them)",
            now.unread_files.join(", ")
        )
    };
    let value = json!({
        "privileges": now.privileges.len(),
        "unread": now.unread_files,
    });
    if now.privileges.is_empty() && now.unread.contains(&Part::Passwd) {
        return Finding::unknown(CHECK, format!("nothing could be read{unread}")).value(value);
    }
    let Some(before) = before else {
        return Finding::ok(
            CHECK,
            format!("{summary}{unread} (first record: nothing to compare)"),
        )
        .value(value);
    };
    let changes = now.changes_since(before);
    if changes.is_empty() {
        return Finding::ok(CHECK, format!("{summary}, unchanged{unread}")).value(value);
    }
    let mut parts = Vec::new();
    if !changes.added.is_empty() {
        parts.push(format!("added {}", join(&changes.added)));
    }
    if !changes.removed.is_empty() {
        parts.push(format!("removed {}", join(&changes.removed)));
    }
    Finding::new(
        CHECK,
        Status::Warn,
        format!(
            "super-user accounts changed since the previous inspection: {}; confirm the change \
             (ops report accounts){unread}",
            parts.join("; ")
        ),
    )
    .value(json!({
        "privileges": now.privileges.len(),
        "added": changes.added.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        "removed": changes.removed.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        "unread": now.unread_files,
    }))
}

fn join(ps: &[Privilege]) -> String {
    ps.iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::linux::accounts::parse;

    fn snap(text: &str) -> Snapshot {
        Snapshot::from_facts(&parse(text).unwrap())
    }

    #[test]
    fn a_new_uid0_account_is_a_warning_naming_it() {
        let before = snap("uid0 root\ngroup sudo alice\n");
        let now = snap("uid0 root\nuid0 toor\ngroup sudo alice\n");
        let f = finding(&now, Some(&before));
        assert_eq!(f.status, Status::Warn);
        assert!(f.message.contains("added uid 0 toor"), "{}", f.message);
        assert_eq!(finding(&now, Some(&now)).status, Status::Ok);
        assert_eq!(finding(&now, None).status, Status::Ok);
    }

    #[test]
    fn removals_are_named_and_unread_parts_are_not_compared() {
        let before = snap(
            "uid0 root\ngroup sudo alice\ngroup sudo bob\nfile /etc/sudoers ok\n| root ALL=(ALL) ALL\n",
        );
        // Now inspected as a user who cannot read sudoers: no "removed rule".
        let now = snap("uid0 root\ngroup sudo alice\nfile /etc/sudoers denied\n");
        let f = finding(&now, Some(&before));
        assert_eq!(f.status, Status::Warn);
        assert!(
            f.message.contains("removed sudo member bob"),
            "{}",
            f.message
        );
        assert!(!f.message.contains("sudoers rule"), "{}", f.message);
        assert!(
            f.message
                .contains("not readable by the inspecting user: /etc/sudoers")
        );
    }

    #[test]
    fn nothing_read_is_unknown() {
        let f = finding(&snap("passwd denied\ngroup denied\n"), None);
        assert_eq!(f.status, Status::Unknown);
    }
}
