//! Where each kind of record lives in the repository.
//!
//! Inspections: `inspect/<kind>/<target>/<year>/<month>/<run id>.json`. One
//! file per target per run keeps `git log -- inspect/host/web01` cheap and a
//! commit's diff readable. The year and month levels keep every directory to
//! a few dozen entries: each run rewrites the git tree of every directory it
//! touches, so small directories keep a 500-target commit cheap after years
//! of daily runs.

use chrono::{DateTime, Datelike, Utc};
use std::path::{Path, PathBuf};

/// A run id that sorts by time to the millisecond and does not collide
/// between two runs started in the same millisecond: `20261122T060000.123Z-3fa9`.
pub fn run_id(at: DateTime<Utc>) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let salt = (std::process::id() ^ nanos.rotate_left(7)) & 0xffff;
    format!("{}-{salt:04x}", at.format("%Y%m%dT%H%M%S%.3fZ"))
}

/// A target name made safe as one path component: letters, digits, `.`, `-`,
/// `_` and `@` are kept, anything else becomes `_`.
pub fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect();
    match s.as_str() {
        "" | "." | ".." => format!("_{s}"),
        _ => s,
    }
}

pub fn inspection_dir(kind: &str, target: &str) -> PathBuf {
    Path::new("inspect").join(kind).join(slug(target))
}

pub fn inspection_path(kind: &str, target: &str, run: &str, at: DateTime<Utc>) -> PathBuf {
    inspection_dir(kind, target)
        .join(format!("{:04}", at.year()))
        .join(format!("{:02}", at.month()))
        .join(format!("{run}.json"))
}

/// The newest inspection record of a target, if any: the greatest file name
/// in the newest month directory that has one.
pub fn latest_inspection(root: &Path, kind: &str, target: &str) -> Option<PathBuf> {
    let dir = root.join(inspection_dir(kind, target));
    for year in sorted_names(&dir).iter().rev() {
        for month in sorted_names(&dir.join(year)).iter().rev() {
            let month_dir = dir.join(year).join(month);
            if let Some(last) = sorted_names(&month_dir)
                .into_iter()
                .rfind(|n| n.ends_with(".json"))
            {
                return Some(month_dir.join(last));
            }
        }
    }
    None
}

/// Entry names of a directory, sorted, without dot files; empty when missing.
pub fn sorted_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_single_safe_components() {
        assert_eq!(slug("web01"), "web01");
        assert_eq!(slug("ops@10.0.0.1:2222"), "ops@10.0.0.1_2222");
        assert_eq!(slug("../etc"), ".._etc");
        assert_eq!(slug(".."), "_..");
        assert_eq!(slug("a/b"), "a_b");
    }

    #[test]
    fn what_is_written_is_found_as_the_latest() {
        use chrono::TimeZone;
        let dir = tempfile::tempdir().unwrap();
        let mut last = None;
        for (y, m, d) in [(2025, 12, 31), (2026, 1, 1), (2026, 2, 3)] {
            let at = Utc.with_ymd_and_hms(y, m, d, 6, 0, 0).unwrap();
            let rel = inspection_path("host", "web01", &run_id(at), at);
            let p = dir.path().join(&rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "{}").unwrap();
            last = Some(p);
        }
        assert_eq!(latest_inspection(dir.path(), "host", "web01"), last);
        assert!(
            last.unwrap()
                .to_string_lossy()
                .contains("inspect/host/web01/2026/02/20260203T060000.000Z-")
        );
    }

    #[test]
    fn latest_inspection_picks_the_newest_run() {
        let dir = tempfile::tempdir().unwrap();
        for (year, run) in [
            ("2025/12", "20251231T060000Z-0001"),
            ("2026/01", "20260101T060000Z-0002"),
            ("2026/01", "20260102T060000Z-0003"),
        ] {
            let p = dir.path().join("inspect/host/web01").join(year);
            std::fs::create_dir_all(&p).unwrap();
            std::fs::write(p.join(format!("{run}.json")), "{}").unwrap();
        }
        let latest = latest_inspection(dir.path(), "host", "web01").unwrap();
        assert!(latest.ends_with("2026/01/20260102T060000Z-0003.json"));
        assert_eq!(latest_inspection(dir.path(), "host", "nope"), None);
    }
}
