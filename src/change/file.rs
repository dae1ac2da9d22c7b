//! The change file: one TOML file per change, written whole on every step
//! (a change has four steps, each filled in once, so there is no log to
//! append to) and read back before it is committed.
//!
//! ```toml
//! schema = 1
//! id = "C-20261120-0001"
//! ticket = "T-20261120-0001"
//! summary = "升级 nginx 到 1.26"
//! plan = """
//! 1. drain web01
//! 2. upgrade nginx
//! """
//! rollback = "reinstall nginx 1.24 from the local cache"
//! window_start = 2026-11-21T14:00:00Z
//! window_end = 2026-11-21T18:00:00Z
//! targets = ["web01"]
//! requester = "lina"
//! requester_login = "lina"
//! created = 2026-11-20T09:00:00Z
//!
//! [approved]
//! by = "wangfang"
//! login = "wangfang"
//! at = 2026-11-20T10:00:00Z
//!
//! [started]
//! by = "lina"
//! at = 2026-11-21T14:05:00Z
//! take = "backup/take/2026/11/20261121T140000.000Z-3fa9-nginx.json"
//! verify = "backup/verify/_var_backups_ops_nginx-….tar.zst/2026/11/….json"
//!
//! [done]
//! by = "lina"
//! at = 2026-11-21T15:10:00Z
//! result = "done"
//! report = "nginx 1.26 running; health checks green"
//! ```
//!
//! Unknown keys are refused; times are TOML datetimes in UTC.

use super::id::ChangeId;
use super::model::{Change, Finished, Outcome, Signed, Started, Window};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The version of the file layout this code reads and writes.
pub const SCHEMA: u32 = 1;

/// A time stored as a TOML datetime in UTC.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Time(DateTime<Utc>);

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let dt = toml::value::Datetime::from_str(&crate::ticket::time::rfc3339(self.0))
            .map_err(serde::ser::Error::custom)?;
        dt.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
        let dt = toml::value::Datetime::deserialize(d)?;
        if dt.offset.is_none() {
            return Err(serde::de::Error::custom(format!(
                "{dt} needs a date, a time and a UTC offset, like 2026-11-22T09:15:00Z"
            )));
        }
        crate::ticket::time::parse_time(&dt.to_string())
            .map(Time)
            .map_err(|e| serde::de::Error::custom(format!("{dt}: {e}")))
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Layout {
    schema: u32,
    id: String,
    ticket: String,
    summary: String,
    plan: String,
    rollback: String,
    window_start: Time,
    window_end: Time,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    targets: Vec<String>,
    requester: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    requester_login: Option<String>,
    created: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    approved: Option<SignedLayout>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    started: Option<StartedLayout>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    done: Option<DoneLayout>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignedLayout {
    by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    login: Option<String>,
    at: Time,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StartedLayout {
    by: String,
    at: Time,
    take: PathBuf,
    verify: PathBuf,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DoneLayout {
    by: String,
    at: Time,
    result: Outcome,
    report: String,
}

/// The file's text for `change`.
pub fn render(change: &Change) -> String {
    let layout = Layout {
        schema: SCHEMA,
        id: change.id.to_string(),
        ticket: change.ticket.to_string(),
        summary: change.summary.clone(),
        plan: change.plan.clone(),
        rollback: change.rollback.clone(),
        window_start: Time(change.window.start),
        window_end: Time(change.window.end),
        targets: change.targets.clone(),
        requester: change.requester.clone(),
        requester_login: change.requester_login.clone(),
        created: Time(change.created),
        approved: change.approved.as_ref().map(|a| SignedLayout {
            by: a.by.clone(),
            login: a.login.clone(),
            at: Time(a.at),
        }),
        started: change.started.as_ref().map(|s| StartedLayout {
            by: s.by.clone(),
            at: Time(s.at),
            take: s.take.clone(),
            verify: s.verify.clone(),
        }),
        done: change.finished.as_ref().map(|f| DoneLayout {
            by: f.by.clone(),
            at: Time(f.at),
            result: f.outcome,
            report: f.report.clone(),
        }),
    };
    toml::to_string(&layout).expect("a change always serialises")
}

/// The change in `text`, the file at `rel`; what is wrong with it, naming the
/// file (and the line and column where there is one).
pub fn parse(text: &str, rel: &Path) -> Result<Change, String> {
    let at = |e: toml::de::Error| {
        let place = e
            .span()
            .map(|s| crate::position::line_col(text, s.start))
            .map(|(line, column)| format!(":{line}:{column}"))
            .unwrap_or_default();
        format!("{}{place}: {}", rel.display(), e.message())
    };
    let l: Layout = toml::from_str(text).map_err(at)?;
    let whole = |m: String| format!("{}: {m}", rel.display());
    if l.schema != SCHEMA {
        return Err(whole(format!(
            "unknown schema {} (this version reads {SCHEMA})",
            l.schema
        )));
    }
    let id: ChangeId = l.id.parse().map_err(whole)?;
    if rel.file_name().and_then(|n| n.to_str()) != Some(&format!("{id}.toml")) {
        return Err(whole(format!("its id {id} does not match the file name")));
    }
    Ok(Change {
        id,
        ticket: l.ticket.parse().map_err(whole)?,
        summary: l.summary,
        plan: l.plan,
        rollback: l.rollback,
        window: Window::new(l.window_start.0, l.window_end.0).map_err(whole)?,
        targets: l.targets,
        requester: l.requester,
        requester_login: l.requester_login,
        created: l.created.0,
        approved: l.approved.map(|a| Signed {
            by: a.by,
            login: a.login,
            at: a.at.0,
        }),
        started: l.started.map(|s| Started {
            by: s.by,
            at: s.at.0,
            take: s.take,
            verify: s.verify,
        }),
        finished: l.done.map(|d| Finished {
            by: d.by,
            at: d.at.0,
            outcome: d.result,
            report: d.report,
        }),
    })
}

/// A change file both jump hosts created while apart (`ops sync`): `None`
/// when both hold one change (the same request), else ours under the first
/// free id of its day after its own: (old id, new id, our text with the new id).
pub fn renumber(
    ours: &str,
    theirs: &str,
    rel: &Path,
    free: &dyn Fn(ChangeId) -> bool,
) -> Option<Result<(ChangeId, ChangeId, String), String>> {
    let (o, t) = match (parse(ours, rel), parse(theirs, rel)) {
        (Ok(o), Ok(t)) => (o, t),
        (Err(e), _) | (_, Err(e)) => return Some(Err(e)),
    };
    let request = |c: &Change| Change {
        approved: None,
        started: None,
        finished: None,
        ..c.clone()
    };
    if request(&o) == request(&t) {
        return None;
    }
    let old = o.id;
    let new = (old.seq + 1..=9999)
        .map(|seq| ChangeId::new(old.date, seq))
        .find(|id| free(*id))?;
    Some(Ok((
        old,
        new,
        ours.replace(&old.to_string(), &new.to_string()),
    )))
}

/// The file of a change written on two jump hosts, merged by its steps (for
/// `ops sync`): `base` is the common ancestor's text (None when both sides
/// created it). The request and each step (`[approved]`, `[started]`,
/// `[done]`) come from the side that changed them; a part both sides changed
/// differently (two approvals, two different ends) is refused, as are two
/// different changes entered under one id.
pub fn merge(base: Option<&str>, ours: &str, theirs: &str, rel: &Path) -> Result<String, String> {
    let o = parse(ours, rel).map_err(|e| format!("here: {e}"))?;
    let t = parse(theirs, rel).map_err(|e| format!("on the remote: {e}"))?;
    let b = base
        .map(|b| parse(b, rel).map_err(|e| format!("in the common ancestor: {e}")))
        .transpose()?;
    if o == t {
        return Ok(ours.to_owned());
    }
    fn pick<T: PartialEq + Clone>(base: Option<&T>, ours: &T, theirs: &T) -> Option<T> {
        if ours == theirs || base == Some(theirs) {
            Some(ours.clone())
        } else if base == Some(ours) {
            Some(theirs.clone())
        } else {
            None
        }
    }
    let request = |c: &Change| Change {
        approved: None,
        started: None,
        finished: None,
        ..c.clone()
    };
    let Some(mut merged) = pick(b.as_ref().map(request).as_ref(), &request(&o), &request(&t))
    else {
        return Err(match b {
            None => format!(
                "two different changes were entered as {} here and on the remote",
                o.id
            ),
            Some(_) => {
                "its request (summary, plan, window, …) was edited differently on both sides".into()
            }
        });
    };
    let differently =
        |step: &str| format!("its [{step}] step was written differently on both sides");
    merged.approved = pick(b.as_ref().map(|c| &c.approved), &o.approved, &t.approved)
        .ok_or_else(|| differently("approved"))?;
    merged.started = pick(b.as_ref().map(|c| &c.started), &o.started, &t.started)
        .ok_or_else(|| differently("started"))?;
    merged.finished = pick(b.as_ref().map(|c| &c.finished), &o.finished, &t.finished)
        .ok_or_else(|| differently("done"))?;
    Ok(render(&merged))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::model::tests::{change, t};

    #[test]
    fn a_finished_change_with_chinese_text_reads_back_as_written() {
        let mut c = change();
        c.approved = Some(Signed {
            by: "wangfang".into(),
            login: Some("wangfang".into()),
            at: t("2026-11-20T10:00:00Z"),
        });
        c.started = Some(Started {
            by: "lina".into(),
            at: t("2026-11-21T14:05:00Z"),
            take: "backup/take/a.json".into(),
            verify: "backup/verify/b.json".into(),
        });
        c.finished = Some(Finished {
            by: "lina".into(),
            at: t("2026-11-21T15:00:00Z"),
            outcome: Outcome::RolledBack,
            report: "割接失败，已回退\n原因：证书过期".into(),
        });
        let rel = Path::new("changes/2026-11/C-20261120-0001.toml");
        let text = render(&c);
        assert!(text.contains("result = \"rolled-back\""), "{text}");
        assert_eq!(parse(&text, rel), Ok(c));
    }

    #[test]
    fn a_change_stepped_on_both_sides_merges_by_its_steps() {
        let rel = Path::new("changes/2026-11/C-20261120-0001.toml");
        let base = change();
        let mut approved = base.clone();
        approved.approved = Some(Signed {
            by: "wangfang".into(),
            login: Some("wangfang".into()),
            at: t("2026-11-20T10:00:00Z"),
        });
        let mut edited = base.clone();
        edited.rollback = "reinstall from the cache".into();
        let merged = merge(
            Some(&render(&base)),
            &render(&approved),
            &render(&edited),
            rel,
        )
        .unwrap();
        let m = parse(&merged, rel).unwrap();
        assert_eq!(m.approved, approved.approved);
        assert_eq!(m.rollback, "reinstall from the cache");
        let mut other = base.clone();
        other.approved = Some(Signed {
            by: "zhao".into(),
            login: Some("zhao".into()),
            at: t("2026-11-20T11:00:00Z"),
        });
        let why = merge(
            Some(&render(&base)),
            &render(&approved),
            &render(&other),
            rel,
        );
        assert!(why.unwrap_err().contains("[approved]"));
    }

    #[test]
    fn two_changes_numbered_alike_on_two_hosts_are_told_apart_and_ours_renumbered() {
        let rel = Path::new("changes/2026-11/C-20261120-0001.toml");
        let base = change();
        assert_eq!(base.id.to_string(), "C-20261120-0001");
        let mut approved = base.clone();
        approved.approved = Some(Signed {
            by: "wangfang".into(),
            login: Some("wangfang".into()),
            at: t("2026-11-20T10:00:00Z"),
        });
        // One change, stepped on one side: no collision.
        assert!(renumber(&render(&approved), &render(&base), rel, &|_| true).is_none());
        let mut other = base.clone();
        other.summary = "replace the core switch PSU".into();
        let (old, new, text) = renumber(&render(&other), &render(&base), rel, &|id| id.seq == 3)
            .unwrap()
            .unwrap();
        assert_eq!(
            (old.to_string(), new.to_string()),
            ("C-20261120-0001".into(), "C-20261120-0003".into())
        );
        let moved = parse(&text, Path::new("changes/2026-11/C-20261120-0003.toml")).unwrap();
        assert_eq!(moved.id, new);
        assert_eq!(moved.summary, "replace the core switch PSU");
    }

    #[test]
    fn a_damaged_file_is_named_with_its_line() {
        let rel = Path::new("changes/2026-11/C-20261120-0001.toml");
        let text = render(&change()).replace("requester", "requestor");
        let why = parse(&text, rel).unwrap_err();
        assert!(
            why.starts_with("changes/2026-11/C-20261120-0001.toml:"),
            "{why}"
        );
        let other = parse(
            &render(&change()),
            Path::new("changes/2026-11/C-20261120-0002.toml"),
        );
        assert!(other.unwrap_err().contains("does not match the file name"));
    }
}
