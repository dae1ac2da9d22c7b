//! `/proc/mdstat`: Linux software RAID (md) arrays.
//!
//! ```text
//! Personalities : [raid1]
//! md1 : active raid1 sdb2[2](F) sda2[0]
//!       976629760 blocks super 1.2 [2/1] [U_]
//!       [=>...................]  recovery =  8.6% (8396800/976629760) finish=80.6min speed=200222K/sec
//!       bitmap: 2/8 pages [8KB], 65536KB chunk
//!
//! unused devices: <none>
//! ```

use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MdStat {
    pub personalities: Vec<String>,
    pub arrays: Vec<MdArray>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MdArray {
    /// `md0`.
    pub name: String,
    pub active: bool,
    /// `(read-only)` or `(auto-read-only)`.
    pub read_only: bool,
    /// `raid1`, `raid5`, `linear`…; `None` for an inactive array.
    pub level: Option<String>,
    pub members: Vec<MdMember>,
    /// Size in bytes (mdstat counts 1 KiB blocks).
    pub size_bytes: Option<u64>,
    /// `[2/1]`: devices the array should have, and devices working.
    pub raid_disks: Option<u32>,
    pub working_disks: Option<u32>,
    /// `[U_]`: one character per slot, `U` up, `_` missing.
    pub slots: Option<String>,
    /// An external-metadata container (IMSM/DDF), which is inactive by design.
    pub container: bool,
    /// A resync, recovery, reshape, check or repair: running or waiting.
    pub sync: Option<MdSync>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MdMember {
    pub device: String,
    pub slot: Option<u32>,
    /// `(F)`.
    pub faulty: bool,
    /// `(S)`.
    pub spare: bool,
    /// Every flag letter, e.g. `"W"` for write-mostly.
    pub flags: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MdSync {
    /// `resync`, `recovery`, `reshape`, `check` or `repair`.
    pub action: String,
    /// Percent done; `None` while `DELAYED` or `PENDING`.
    pub progress_pct: Option<f64>,
    /// `DELAYED`/`PENDING` when it waits.
    pub waiting: Option<String>,
    /// `finish=80.6min`.
    pub finish: Option<String>,
    /// `speed=200222K/sec`.
    pub speed: Option<String>,
}

impl MdArray {
    /// Members marked faulty.
    pub fn faulty_members(&self) -> Vec<&str> {
        self.members
            .iter()
            .filter(|m| m.faulty)
            .map(|m| m.device.as_str())
            .collect()
    }

    /// Fewer working devices than the array should have.
    pub fn degraded(&self) -> bool {
        let missing_slot = self.slots.as_deref().is_some_and(|s| s.contains('_'));
        let short = matches!((self.raid_disks, self.working_disks), (Some(r), Some(w)) if w < r);
        missing_slot || short || !self.faulty_members().is_empty()
    }
}

static HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\S+)\s*:\s*(active|inactive)\b(.*)$").unwrap());
static MEMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([^\s\[\]()]+)\[(\d+)\]((?:\([A-Za-z]+\))*)$").unwrap());
static DISKS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[(\d+)/(\d+)\]").unwrap());
static SLOTS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([U_]+)\]").unwrap());
static BLOCKS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(\d+) blocks\b").unwrap());
static SYNC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(resync|recovery|reshape|check|repair)\s*=\s*(?:([0-9]+(?:\.[0-9]+)?)%|(DELAYED|PENDING))")
        .unwrap()
});
static FINISH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bfinish=(\S+)").unwrap());
static SPEED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bspeed=(\S+)").unwrap());

pub fn parse(text: &str) -> Result<MdStat, String> {
    let mut stat = MdStat::default();
    let mut seen_personalities = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("Personalities") {
            seen_personalities = true;
            let rest = rest.trim_start().strip_prefix(':').unwrap_or(rest);
            stat.personalities = rest
                .split_whitespace()
                .map(|p| p.trim_matches(|c| c == '[' || c == ']').to_string())
                .filter(|p| !p.is_empty())
                .collect();
            continue;
        }
        if trimmed.starts_with("unused devices") {
            continue;
        }
        if !line.starts_with(char::is_whitespace) {
            if let Some(c) = HEADER.captures(line) {
                stat.arrays
                    .push(parse_header(&c[1], &c[2] == "active", &c[3]));
                continue;
            }
            // Some other top-level line: not an array we know.
            continue;
        }
        let Some(array) = stat.arrays.last_mut() else {
            continue;
        };
        parse_detail(array, line);
    }
    if !seen_personalities && stat.arrays.is_empty() {
        return Err(format!(
            "no Personalities line and no arrays: {:?}",
            super::single::clip(text)
        ));
    }
    Ok(stat)
}

fn parse_header(name: &str, active: bool, rest: &str) -> MdArray {
    let mut array = MdArray {
        name: name.to_string(),
        active,
        ..MdArray::default()
    };
    for word in rest.split_whitespace() {
        if word == "(read-only)" || word == "(auto-read-only)" {
            array.read_only = true;
        } else if let Some(c) = MEMBER.captures(word) {
            let flags: String = c[3].chars().filter(|c| c.is_ascii_alphabetic()).collect();
            array.members.push(MdMember {
                device: c[1].to_string(),
                slot: c[2].parse().ok(),
                faulty: c[3].contains("(F)"),
                spare: c[3].contains("(S)"),
                flags,
            });
        } else if active && array.level.is_none() && array.members.is_empty() {
            array.level = Some(word.to_string());
        }
    }
    array
}

fn parse_detail(array: &mut MdArray, line: &str) {
    if let Some(c) = BLOCKS.captures(line) {
        array.size_bytes = c[1].parse::<u64>().ok().and_then(|b| b.checked_mul(1024));
        if line.contains("super external:") && !line.contains("super external:/") {
            array.container = true;
        }
    }
    if let Some(c) = DISKS.captures(line) {
        array.raid_disks = c[1].parse().ok();
        array.working_disks = c[2].parse().ok();
    }
    if let Some(c) = SLOTS.captures(line) {
        array.slots = Some(c[1].to_string());
    }
    if let Some(c) = SYNC.captures(line) {
        array.sync = Some(MdSync {
            action: c[1].to_string(),
            progress_pct: c.get(2).and_then(|m| m.as_str().parse().ok()),
            waiting: c.get(3).map(|m| m.as_str().to_string()),
            finish: FINISH.captures(line).map(|c| c[1].to_string()),
            speed: SPEED.captures(line).map(|c| c[1].to_string()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> MdStat {
        let text = std::fs::read_to_string(format!(
            "{}/tests/fixtures/linux/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        parse(&text).unwrap()
    }

    #[test]
    fn healthy_mirrors() {
        let s = fixture("mdstat.good");
        assert_eq!(
            s.personalities,
            vec![
                "raid1",
                "linear",
                "multipath",
                "raid0",
                "raid6",
                "raid5",
                "raid4",
                "raid10"
            ]
        );
        assert_eq!(s.arrays.len(), 2);
        let md1 = &s.arrays[0];
        assert_eq!(md1.name, "md1");
        assert!(md1.active);
        assert_eq!(md1.level.as_deref(), Some("raid1"));
        assert_eq!(md1.size_bytes, Some(976_629_760 * 1024));
        assert_eq!((md1.raid_disks, md1.working_disks), (Some(2), Some(2)));
        assert_eq!(md1.slots.as_deref(), Some("UU"));
        assert_eq!(md1.members.len(), 2);
        assert_eq!(md1.members[0].device, "sdb2");
        assert_eq!(md1.members[0].slot, Some(1));
        assert!(!md1.degraded());
        assert_eq!(md1.sync, None);
        assert!(!s.arrays[1].degraded());
    }

    #[test]
    fn degraded_mirror() {
        let s = fixture("mdstat.degraded");
        let md0 = &s.arrays[0];
        assert_eq!(md0.slots.as_deref(), Some("U_"));
        assert_eq!((md0.raid_disks, md0.working_disks), (Some(2), Some(1)));
        assert!(md0.degraded());
        assert!(md0.faulty_members().is_empty());
    }

    #[test]
    fn failed_member_and_recovery() {
        let s = fixture("mdstat.failed-recovery");
        let md1 = &s.arrays[0];
        assert_eq!(md1.level.as_deref(), Some("raid5"));
        assert_eq!(md1.faulty_members(), vec!["sdd1"]);
        // The device being rebuilt onto is neither spare nor faulty.
        assert!(
            md1.members
                .iter()
                .any(|m| m.device == "sde1" && !m.spare && !m.faulty)
        );
        assert_eq!((md1.raid_disks, md1.working_disks), (Some(4), Some(3)));
        assert_eq!(md1.slots.as_deref(), Some("UUU_"));
        assert!(md1.degraded());
        let sync = md1.sync.as_ref().unwrap();
        assert_eq!(sync.action, "recovery");
        assert_eq!(sync.progress_pct, Some(8.6));
        assert_eq!(sync.finish.as_deref(), Some("148.5min"));
        assert_eq!(sync.speed.as_deref(), Some("200222K/sec"));
    }

    #[test]
    fn resync_check_pending_inactive_and_containers() {
        let s = fixture("mdstat.resync");
        let names: Vec<&str> = s.arrays.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["md127", "md126", "md125", "md124", "md123", "md122"]
        );
        let resync = s.arrays[0].sync.as_ref().unwrap();
        assert_eq!(
            (resync.action.as_str(), resync.progress_pct),
            ("resync", Some(17.2))
        );
        assert!(!s.arrays[0].degraded());
        assert!(s.arrays[0].read_only);
        let check = s.arrays[1].sync.as_ref().unwrap();
        assert_eq!(
            (check.action.as_str(), check.progress_pct),
            ("check", Some(0.4))
        );
        let pending = s.arrays[2].sync.as_ref().unwrap();
        assert_eq!(pending.waiting.as_deref(), Some("PENDING"));
        assert_eq!(pending.progress_pct, None);
        let inactive = &s.arrays[3];
        assert!(!inactive.active);
        assert_eq!(inactive.level, None);
        assert!(inactive.members.iter().all(|m| m.spare));
        assert!(!inactive.container);
        let imsm = &s.arrays[4];
        assert!(imsm.container);
        assert!(!imsm.active);
        let volume = &s.arrays[5];
        assert!(!volume.container);
        assert_eq!(volume.level.as_deref(), Some("raid1"));
        assert_eq!(volume.slots.as_deref(), Some("UU"));
    }

    #[test]
    fn empty_and_garbage() {
        let s = parse("Personalities : \nunused devices: <none>\n").unwrap();
        assert!(s.arrays.is_empty());
        assert!(s.personalities.is_empty());
        assert!(parse("hello\n").is_err());
        assert!(parse("").is_err());
    }
}
