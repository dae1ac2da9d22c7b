//! The collection script's `updates` section: one run of
//! `apt-get -s dist-upgrade` (tag `apt-get`, `Inst` lines kept),
//! `dnf -C -q updateinfo list --security` (tag `dnf`: RHEL/CentOS 8+,
//! Rocky, Alma, openEuler, Kylin, Fedora), `yum -C -q updateinfo list
//! security` (tag `yum`: RHEL/CentOS 7), `zypper -q --no-refresh
//! list-patches --category security` (tag `zypper`: SUSE) or
//! `apk --no-network version -l '<'` (tag `apk`: Alpine).
//!
//! Before the dnf, yum and zypper runs the script prints `updateinfo N`: how
//! many security-advisory files (`*updateinfo*`) the local repository cache
//! holds. With none, an empty list means "cannot tell", not "no update":
//! CentOS 7's own repositories publish no advisories at all, and a cache
//! that was never filled has none either. apk has no notion of a security
//! update: its pending upgrades are counted and the security figure is
//! unknown.

use super::run::{Run, RunStatus, parse_runs};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingUpdates {
    /// `apt-get`, `dnf` or `yum`.
    pub tool: String,
    /// Exit status of the tool.
    pub rc: i32,
    /// Packages with a pending security update (apt: package names; dnf/yum:
    /// the packages the advisories fix).
    pub security: Vec<String>,
    /// Security advisories (dnf/yum only).
    pub advisories: Vec<String>,
    /// All pending upgrades, security or not, when the tool says (apt).
    pub total: Option<u64>,
    /// `E:`/`Error:` lines the tool printed.
    pub errors: Vec<String>,
    /// Security-advisory files in the local cache (dnf, yum, zypper).
    pub updateinfo_files: Option<u64>,
    /// Why the security figure cannot be told, when it cannot (no advisory
    /// metadata, or a tool that does not classify updates).
    pub security_unknown: Option<String>,
}

static APT_INST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Inst (\S+)(?: \[[^\]]*\])? \(([^)]*)\)").unwrap());
/// `RHSA-2024:1234`, `RLSA-`, `ALSA-`, `FEDORA-EPEL-2024-…`,
/// `openEuler-SA-2024-1234`, `KYSA-202405-1017`.
static ADVISORY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z][A-Za-z0-9_.-]*-[0-9]{4,6}[-:][A-Za-z0-9._:-]+$").unwrap()
});

pub fn parse(text: &str) -> Result<PendingUpdates, String> {
    let updateinfo = text
        .lines()
        .find_map(|l| l.strip_prefix("updateinfo "))
        .and_then(|n| n.trim().parse::<u64>().ok());
    let mut u = parse_run(text)?;
    u.updateinfo_files = updateinfo;
    if u.tool != "apt-get"
        && u.tool != "apk"
        && updateinfo == Some(0)
        && u.security.is_empty()
        && u.rc == 0
    {
        u.security_unknown = Some(format!(
            "{} lists no security update, but the local repository cache holds no security \
             advisories (updateinfo): the repositories publish none (CentOS 7, most mirrors) \
             or their metadata was never downloaded",
            u.tool
        ));
    }
    Ok(u)
}

fn parse_run(text: &str) -> Result<PendingUpdates, String> {
    let runs = parse_runs(text);
    let Some(run) = runs.into_iter().next() else {
        return Err("no package manager was run".to_string());
    };
    let rc = match run.status {
        RunStatus::Exit(rc) => rc,
        RunStatus::Absent => return Err(format!("{} is not installed", run.tag)),
    };
    match run.tag.as_str() {
        "apt-get" => Ok(apt(&run, rc)),
        "dnf" | "yum" => Ok(dnf(&run, rc)),
        "zypper" => Ok(zypper(&run, rc)),
        "apk" => Ok(apk(&run, rc)),
        other => Err(format!(
            "unknown package manager {:?}",
            super::single::clip(other)
        )),
    }
}

fn errors(run: &Run) -> Vec<String> {
    run.output
        .iter()
        .filter(|l| {
            l.starts_with("E:")
                || l.starts_with("Error:")
                || l.starts_with("Error ")
                || l.starts_with("ERROR:")
        })
        .cloned()
        .collect()
}

fn apt(run: &Run, rc: i32) -> PendingUpdates {
    let mut security = Vec::new();
    let mut total = 0u64;
    for line in &run.output {
        let Some(c) = APT_INST.captures(line) else {
            continue;
        };
        total += 1;
        // The origins of the candidate: `Debian-Security:12/bookworm-security`,
        // `Ubuntu:22.04/jammy-security`, `…/jammy-infra-security`.
        if c[2].to_ascii_lowercase().contains("security") {
            security.push(c[1].to_string());
        }
    }
    PendingUpdates {
        tool: "apt-get".to_string(),
        rc,
        security,
        advisories: Vec::new(),
        total: Some(total),
        errors: errors(run),
        updateinfo_files: None,
        security_unknown: None,
    }
}

fn dnf(run: &Run, rc: i32) -> PendingUpdates {
    let mut security = Vec::new();
    let mut advisories: Vec<String> = Vec::new();
    for line in &run.output {
        let words: Vec<&str> = line.split_whitespace().collect();
        // dnf4/yum: `ADVISORY TYPE/SEVERITY PACKAGE`;
        // dnf5: `ADVISORY TYPE SEVERITY PACKAGE ISSUED`.
        if words.len() < 3 || !ADVISORY.is_match(words[0]) {
            continue;
        }
        let package = if words.len() >= 5 { words[3] } else { words[2] };
        security.push(package.to_string());
        if !advisories.iter().any(|a| a == words[0]) {
            advisories.push(words[0].to_string());
        }
    }
    PendingUpdates {
        tool: run.tag.clone(),
        rc,
        security,
        advisories,
        total: None,
        errors: errors(run),
        updateinfo_files: None,
        security_unknown: None,
    }
}

/// zypper's table, one row per patch that is needed:
///
/// ```text
/// Repository | Name | Category | Severity | Interactive | Status | Summary
/// -----------+------+----------+----------+-------------+--------+--------
/// SLE-Module-Basesystem15-SP5-Updates | SUSE-SLE-Module-Basesystem-15-SP5-2024-1234 | security | important | --- | needed | Security update for openssl-3
/// ```
///
/// Exit statuses 100 and 101 say "patches are needed", not a failure.
fn zypper(run: &Run, rc: i32) -> PendingUpdates {
    let mut advisories: Vec<String> = Vec::new();
    let mut columns: Vec<String> = Vec::new();
    for line in &run.output {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 3 {
            continue;
        }
        if columns.is_empty() {
            if cells.iter().any(|c| c.eq_ignore_ascii_case("Name")) {
                columns = cells.iter().map(|c| c.to_ascii_lowercase()).collect();
            }
            continue;
        }
        let cell = |name: &str| {
            columns
                .iter()
                .position(|c| c == name)
                .and_then(|i| cells.get(i).copied())
        };
        let (Some(name), Some(category)) = (cell("name"), cell("category")) else {
            continue;
        };
        let needed = cell("status").is_none_or(|s| s == "needed" || s == "applicable");
        if category == "security" && needed && !advisories.iter().any(|a| a == name) {
            advisories.push(name.to_string());
        }
    }
    let rc = if rc == 100 || rc == 101 { 0 } else { rc };
    let mut errors = errors(run);
    // zypper's complaints carry no prefix: the first line says it.
    if rc != 0 && errors.is_empty() && !run.first_line().is_empty() {
        errors.push(run.first_line().to_string());
    }
    PendingUpdates {
        tool: "zypper".to_string(),
        rc,
        security: advisories.clone(),
        advisories,
        total: None,
        errors,
        updateinfo_files: None,
        security_unknown: None,
    }
}

/// `apk version -l '<'`: `Installed: Available:` then `PKG-VER < NEWVER`.
fn apk(run: &Run, rc: i32) -> PendingUpdates {
    let total = run
        .output
        .iter()
        .filter(|l| l.split_whitespace().nth(1) == Some("<"))
        .count() as u64;
    PendingUpdates {
        tool: "apk".to_string(),
        rc,
        security: Vec::new(),
        advisories: Vec::new(),
        total: Some(total),
        errors: errors(run),
        updateinfo_files: None,
        security_unknown: Some(format!(
            "apk does not tell security fixes apart ({total} pending upgrade{})",
            if total == 1 { "" } else { "s" }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_apt_simulation() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/linux/updates.apt-debian12"
        ))
        .unwrap();
        let u = parse(&text).unwrap();
        assert_eq!(u.tool, "apt-get");
        assert_eq!(u.rc, 0);
        assert_eq!(u.total, Some(127));
        assert_eq!(u.security.len(), 77);
        assert_eq!(u.security[0], "libgcrypt20-dev");
        assert!(u.security.iter().any(|p| p == "openssl"));
        assert!(!u.security.iter().any(|p| p == "bash"));
        assert!(u.errors.is_empty());
    }

    #[test]
    fn apt_nothing_pending_and_errors() {
        let u = parse("run apt-get 0\n| Reading package lists...\n| 0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n").unwrap();
        assert_eq!((u.total, u.security.len()), (Some(0), 0));
        let u = parse("run apt-get 100\n| E: Could not open file /var/lib/apt/lists/x - open (13: Permission denied)\n").unwrap();
        assert_eq!(u.rc, 100);
        assert_eq!(u.errors.len(), 1);
        let ubuntu = "run apt-get 0\n| Inst libssl3 [3.0.2-0ubuntu1.10] (3.0.2-0ubuntu1.12 Ubuntu:22.04/jammy-updates, Ubuntu:22.04/jammy-security [amd64])\n\
                      | Inst vim [2:8.2.3995-1ubuntu2.13] (2:8.2.3995-1ubuntu2.15 Ubuntu:22.04/jammy-updates [amd64])\n";
        let u = parse(ubuntu).unwrap();
        assert_eq!(u.security, vec!["libssl3"]);
        assert_eq!(u.total, Some(2));
    }

    #[test]
    fn dnf_and_yum() {
        let dnf4 = "run dnf 0\n| FEDORA-2024-1a2b3c4d5e Important/Sec. openssl-libs-1:3.1.1-4.fc39.x86_64\n\
                    | FEDORA-2024-1a2b3c4d5e Important/Sec. openssl-1:3.1.1-4.fc39.x86_64\n\
                    | RHSA-2024:1234 Moderate/Sec.  curl-7.76.1-29.el9_4.x86_64\n";
        let u = parse(dnf4).unwrap();
        assert_eq!(u.security.len(), 3);
        assert_eq!(
            u.advisories,
            vec!["FEDORA-2024-1a2b3c4d5e", "RHSA-2024:1234"]
        );
        assert_eq!(u.total, None);
        let dnf5 = "run dnf 0\n| Name                   Type        Severity               Package              Issued\n\
                    | FEDORA-2024-abcdef0123 security    Important  openssl-1:3.2.1-2.fc40.x86_64 2024-05-01 00:00:00\n";
        let u = parse(dnf5).unwrap();
        assert_eq!(u.security, vec!["openssl-1:3.2.1-2.fc40.x86_64"]);
        let u = parse("run yum 0\n| updateinfo list done\n").unwrap();
        assert!(u.security.is_empty());
        let u =
            parse("run dnf 1\n| Error: Cache-only enabled but no cache for 'fedora'\n").unwrap();
        assert_eq!(
            u.errors,
            vec!["Error: Cache-only enabled but no cache for 'fedora'"]
        );
        assert!(parse("").is_err());
        assert!(parse("run pacman 0\n").is_err());
        assert!(parse("run dnf absent\n").is_err());
    }
}
