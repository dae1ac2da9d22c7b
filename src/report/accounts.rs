//! The super-user account table (《服务器、网络设备超级用户帐号对照表》) over
//! the history of the host inspections: every privilege a host grants now,
//! since when, and who confirmed it; and every one removed, when.
//!
//! Each inspection record of a host keeps the table it read
//! ([`crate::inspect::host::accounts::Snapshot`] in its metrics). Walking a
//! host's records oldest first, a privilege's date is the inspection that
//! first saw it, and its confirmer the ticket that inspection was linked to
//! (`ops inspect host --ticket ID`), with who linked it; failing that, a
//! change (`ops change`) on the host finished (or started, if not yet done)
//! since the inspection before, with who approved it. Privileges of the
//! host's first table are dated by it and marked as found then, not added.

use crate::inspect::host::HostMetrics;
use crate::inspect::host::accounts::{Privilege, Snapshot};
use crate::inspect::record as inspection_record;
use crate::records::layout::sorted_names;
use crate::ticket::{EventKind, store};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The table for every host asked for.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AccountTable {
    pub hosts: Vec<HostAccounts>,
    /// Records that could not be read, with why.
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct HostAccounts {
    pub host: String,
    /// The inspection the current table comes from.
    pub read_at: Option<DateTime<Utc>>,
    pub current: Vec<Row>,
    pub removed: Vec<Row>,
    /// Files the last inspection could not read.
    pub unread: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub kind: &'static str,
    pub subject: String,
    /// Where it was found (`/etc/passwd`, `group sudo`, a sudoers file, a key type).
    #[serde(rename = "where")]
    pub place: String,
    /// The inspection that first saw it.
    pub since: DateTime<Utc>,
    /// It was there at the host's first recorded table (not seen being added).
    pub baseline: bool,
    pub added_by: Option<Confirmation>,
    /// The inspection that first missed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_by: Option<Confirmation>,
}

/// What accounts for a change of the table: the ticket the inspection that
/// saw it was linked to, or an approved change made on the host just before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confirmation {
    /// The ticket (the change's own, when a change confirms).
    pub ticket: String,
    /// The change made on the host between the two inspections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// Who linked the inspection to the ticket, or who approved the change.
    pub by: Option<String>,
}

/// The change on `host` whose work ended in `(after, upto]` (its `done`
/// time, else its start): the one that explains a table read at `upto` when
/// the inspection before it was at `after`. The latest such change wins.
pub fn change_between<'a>(
    changes: &'a [crate::change::Change],
    host: &str,
    after: DateTime<Utc>,
    upto: DateTime<Utc>,
) -> Option<&'a crate::change::Change> {
    changes
        .iter()
        .filter(|c| c.targets.iter().any(|t| t == host))
        .filter_map(|c| {
            let ended = c
                .finished
                .as_ref()
                .map(|f| f.at)
                .or(c.started.as_ref().map(|s| s.at))?;
            (ended > after && ended <= upto).then_some((ended, c))
        })
        .max_by_key(|(ended, _)| *ended)
        .map(|(_, c)| c)
}

fn change_confirmation(c: &crate::change::Change) -> Confirmation {
    Confirmation {
        ticket: c.ticket.to_string(),
        change: Some(c.id.to_string()),
        by: c.approved.as_ref().map(|a| a.by.clone()),
    }
}

/// One inspection's table, as the walk needs it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub at: DateTime<Utc>,
    pub confirmation: Option<Confirmation>,
    pub table: Snapshot,
}

/// The table of one host from its inspections, oldest first (pure).
pub fn host_table(host: &str, history: &[Seen]) -> HostAccounts {
    let mut current: BTreeMap<Privilege, Row> = BTreeMap::new();
    let mut removed = Vec::new();
    let mut before: Option<&Snapshot> = None;
    for seen in history {
        let row = |p: &Privilege, baseline: bool| Row {
            kind: p.kind(),
            subject: p.subject(),
            place: p.detail(),
            since: seen.at,
            baseline,
            added_by: if baseline {
                None
            } else {
                seen.confirmation.clone()
            },
            removed: None,
            removed_by: None,
        };
        match before {
            None => {
                for p in &seen.table.privileges {
                    current.insert(p.clone(), row(p, true));
                }
            }
            Some(b) => {
                let changes = seen.table.changes_since(b);
                for p in &changes.added {
                    current.insert(p.clone(), row(p, false));
                }
                for p in &changes.removed {
                    if let Some(mut r) = current.remove(p) {
                        r.removed = Some(seen.at);
                        r.removed_by = seen.confirmation.clone();
                        removed.push(r);
                    }
                }
                // A part read now but not before: what it holds is found now.
                for p in &seen.table.privileges {
                    if !current.contains_key(p) && !changes.added.contains(p) {
                        current.insert(p.clone(), row(p, true));
                    }
                }
            }
        }
        before = Some(&seen.table);
    }
    let last = history.last();
    HostAccounts {
        host: host.to_string(),
        read_at: last.map(|s| s.at),
        current: current.into_values().collect(),
        removed,
        unread: last
            .map(|s| s.table.unread_files.clone())
            .unwrap_or_default(),
    }
}

/// Read the tables of the hosts (every host with inspection records when
/// `hosts` is empty) from the records repository at `root`.
pub fn load(root: &Path, hosts: &[String]) -> AccountTable {
    let dir = root.join(inspection_record::DIR).join("host");
    let mut table = AccountTable::default();
    let mut tickets = TicketLinks::default();
    let (changes, _) = crate::change::store::load_all(root);
    for slug in sorted_names(&dir) {
        let mut history = Vec::new();
        let mut name = None;
        for path in inspection_record::paths_of(root, "host", &slug) {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            let record = match inspection_record::read(&path) {
                Ok(r) => r,
                Err(e) => {
                    table.skipped.push(Skipped {
                        path: rel,
                        reason: e.to_string(),
                    });
                    continue;
                }
            };
            name.get_or_insert_with(|| record.target.clone());
            let Some(snapshot) = serde_json::from_value::<HostMetrics>(record.metrics)
                .ok()
                .and_then(|m| m.privileged)
            else {
                continue;
            };
            // A failed run only carries the previous table: it saw nothing.
            if record.error.is_some() {
                continue;
            }
            let confirmation = record
                .ticket
                .as_deref()
                .map(|t| tickets.confirmation(root, t, &rel));
            history.push(Seen {
                at: record.started,
                confirmation,
                table: snapshot,
            });
        }
        let Some(name) = name else { continue };
        if !hosts.is_empty() && !hosts.contains(&name) {
            continue;
        }
        history.sort_by_key(|s| s.at);
        for i in 1..history.len() {
            if history[i].confirmation.is_none() {
                let (after, upto) = (history[i - 1].at, history[i].at);
                history[i].confirmation =
                    change_between(&changes, &name, after, upto).map(change_confirmation);
            }
        }
        if !history.is_empty() {
            table.hosts.push(host_table(&name, &history));
        }
    }
    table
}

/// Tickets read once each, for who linked which record.
#[derive(Default)]
struct TicketLinks {
    read: BTreeMap<String, Option<crate::ticket::Ticket>>,
}

impl TicketLinks {
    fn confirmation(&mut self, root: &Path, ticket: &str, record: &str) -> Confirmation {
        let t = self.read.entry(ticket.to_string()).or_insert_with(|| {
            store::parse_id(ticket)
                .ok()
                .and_then(|id| store::read(root, id).ok())
                .map(|(t, _)| t)
        });
        let by = t.as_ref().and_then(|t| {
            t.events.iter().find_map(|e| match &e.kind {
                EventKind::Linked { record: r } if r == record => Some(e.by.clone()),
                _ => None,
            })
        });
        Confirmation {
            ticket: ticket.to_string(),
            change: None,
            by,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::linux::accounts::parse;
    use chrono::TimeZone;

    fn seen(day: u32, text: &str, ticket: Option<&str>) -> Seen {
        Seen {
            at: Utc.with_ymd_and_hms(2026, 11, day, 6, 0, 0).unwrap(),
            confirmation: ticket.map(|t| Confirmation {
                ticket: t.into(),
                change: None,
                by: Some("alice".into()),
            }),
            table: Snapshot::from_facts(&parse(text).unwrap()),
        }
    }

    #[test]
    fn additions_and_removals_are_dated_and_confirmed() {
        let history = [
            seen(1, "uid0 root\ngroup sudo bob\n", None),
            seen(
                2,
                "uid0 root\nuid0 toor\ngroup sudo bob\n",
                Some("2026-0007"),
            ),
            seen(3, "uid0 root\nuid0 toor\n", None),
        ];
        let t = host_table("web01", &history);
        let subjects: Vec<(&str, &str, u32)> = t
            .current
            .iter()
            .map(|r| (r.kind, r.subject.as_str(), chrono::Datelike::day(&r.since)))
            .collect();
        assert_eq!(subjects, [("uid 0", "root", 1), ("uid 0", "toor", 2)]);
        assert!(t.current[0].baseline);
        assert_eq!(
            t.current[1].added_by,
            Some(Confirmation {
                ticket: "2026-0007".into(),
                change: None,
                by: Some("alice".into())
            })
        );
        assert_eq!(t.removed.len(), 1);
        assert_eq!(t.removed[0].subject, "bob");
        assert_eq!(
            t.removed[0].removed.map(|d| chrono::Datelike::day(&d)),
            Some(3)
        );
        assert_eq!(t.removed[0].removed_by, None);
    }

    #[test]
    fn the_change_done_on_the_host_between_two_inspections_confirms() {
        use crate::change::model::tests::change;
        use crate::change::model::{Finished, Outcome, Signed};
        let at = |h: u32| Utc.with_ymd_and_hms(2026, 11, 21, h, 0, 0).unwrap();
        let mut done = change();
        done.approved = Some(Signed {
            by: "wangfang".into(),
            login: None,
            at: at(10),
        });
        done.finished = Some(Finished {
            by: "lina".into(),
            at: at(15),
            outcome: Outcome::Done,
            report: "ok".into(),
        });
        let changes = [done];
        let found = change_between(&changes, "web01", at(6), at(18)).map(change_confirmation);
        assert_eq!(
            found,
            Some(Confirmation {
                ticket: "T-20261120-0001".into(),
                change: Some("C-20261120-0001".into()),
                by: Some("wangfang".into()),
            })
        );
        // Another host, or a window the change's end is not in, has none.
        assert!(change_between(&changes, "db01", at(6), at(18)).is_none());
        assert!(change_between(&changes, "web01", at(15), at(18)).is_none());
        assert!(change_between(&changes, "web01", at(6), at(14)).is_none());
    }
}
