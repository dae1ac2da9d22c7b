//! The collection script's `timesync` section: runs of `timedatectl show`
//! (or `timedatectl status` on systemd before 239), `chronyc -n tracking`
//! and `ntpq -pn`, whichever exist; `run none absent` when none does,
//! followed then by BusyBox `adjtimex` (tag `adjtimex`) when it exists: the
//! kernel's own clock status, which tells whether any NTP daemon (BusyBox
//! `ntpd` has no query tool) disciplines the clock.

use super::run::{Run, RunStatus, parse_runs};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", content = "error", rename_all = "snake_case")]
pub enum SyncState {
    Synced,
    Unsynced,
    /// The tool ran but gave no answer (daemon down, timeout, odd output).
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeSource {
    /// `timedatectl`, `chronyc` or `ntpq`.
    pub tool: String,
    #[serde(flatten)]
    pub state: SyncState,
    /// Something an engineer wants next to the verdict (offset, peer, service).
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct TimeSync {
    /// Empty when no tool is installed.
    pub sources: Vec<TimeSource>,
}

impl TimeSync {
    pub fn any_synced(&self) -> bool {
        self.sources.iter().any(|s| s.state == SyncState::Synced)
    }
}

pub fn parse(text: &str) -> Result<TimeSync, String> {
    let runs = parse_runs(text);
    if runs.is_empty() {
        return Err("no time sync tool was run".to_string());
    }
    let mut sync = TimeSync::default();
    for run in runs {
        let source = match run.tag.as_str() {
            "none" => continue,
            "timedatectl-show" => timedatectl_show(&run),
            "timedatectl-status" => timedatectl_status(&run),
            "chronyc" => chronyc(&run),
            "ntpq" => ntpq(&run),
            "adjtimex" => adjtimex(&run),
            other => {
                return Err(format!("unknown tool {:?}", super::single::clip(other)));
            }
        };
        sync.sources.push(source);
    }
    Ok(sync)
}

fn failed(tool: &str, run: &Run) -> Option<TimeSource> {
    match run.status {
        RunStatus::Exit(0) => None,
        _ => Some(TimeSource {
            tool: tool.to_string(),
            state: SyncState::Failed(super::gateway::describe_failure(tool, run)),
            detail: None,
        }),
    }
}

fn yes_no(v: &str) -> Option<bool> {
    match v.trim() {
        "yes" | "true" | "1" | "active" => Some(true),
        "no" | "false" | "0" | "inactive" => Some(false),
        _ => None,
    }
}

fn timedatectl_show(run: &Run) -> TimeSource {
    if let Some(f) = failed("timedatectl", run) {
        return f;
    }
    let get = |key: &str| {
        run.output.iter().find_map(|l| {
            l.split_once('=')
                .filter(|(k, _)| k.trim() == key)
                .map(|(_, v)| v.trim().to_string())
        })
    };
    let synced = get("NTPSynchronized").as_deref().and_then(yes_no);
    let ntp = get("NTP").as_deref().and_then(yes_no);
    verdict("timedatectl", synced, ntp)
}

fn timedatectl_status(run: &Run) -> TimeSource {
    if let Some(f) = failed("timedatectl", run) {
        return f;
    }
    let get = |keys: &[&str]| {
        run.output.iter().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            keys.contains(&k.trim()).then(|| v.trim().to_string())
        })
    };
    let synced = get(&["System clock synchronized", "NTP synchronized"])
        .as_deref()
        .and_then(yes_no);
    let ntp = get(&["NTP service", "NTP enabled", "Network time on"])
        .as_deref()
        .and_then(yes_no);
    verdict("timedatectl", synced, ntp)
}

fn verdict(tool: &str, synced: Option<bool>, ntp: Option<bool>) -> TimeSource {
    let detail = ntp.map(|on| {
        if on {
            "NTP service active".to_string()
        } else {
            "NTP service inactive".to_string()
        }
    });
    let state = match synced {
        Some(true) => SyncState::Synced,
        Some(false) => SyncState::Unsynced,
        None => SyncState::Failed(format!(
            "{tool} did not say whether the clock is synchronised"
        )),
    };
    TimeSource {
        tool: tool.to_string(),
        state,
        detail,
    }
}

fn chronyc(run: &Run) -> TimeSource {
    if let Some(f) = failed("chronyc", run) {
        return f;
    }
    let get = |key: &str| {
        run.output.iter().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == key).then(|| v.trim().to_string())
        })
    };
    let leap = get("Leap status");
    let reference = get("Reference ID");
    let offset = get("System time");
    let state = match leap.as_deref() {
        Some("Not synchronised") => SyncState::Unsynced,
        Some(_)
            if reference
                .as_deref()
                .is_some_and(|r| r.starts_with("00000000")) =>
        {
            SyncState::Unsynced
        }
        Some(_) => SyncState::Synced,
        None => SyncState::Failed("chronyc printed no leap status".to_string()),
    };
    let detail = match (reference, offset) {
        (Some(r), Some(o)) => Some(format!("reference {r}, {o}")),
        (Some(r), None) => Some(format!("reference {r}")),
        (None, Some(o)) => Some(o),
        (None, None) => None,
    };
    TimeSource {
        tool: "chronyc".to_string(),
        state,
        detail,
    }
}

/// BusyBox `adjtimex` without options only reads: `status:  8193 (PLL | NANO)`,
/// with bit 64 (`STA_UNSYNC`) set while no daemon keeps the clock in sync.
fn adjtimex(run: &Run) -> TimeSource {
    if let Some(f) = failed("adjtimex", run) {
        return f;
    }
    let field = |key: &str| {
        run.output.iter().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            // `    status:`, `-o  offset:`: the option letter goes first.
            (k.split_whitespace().last() == Some(key)).then(|| v.trim().to_string())
        })
    };
    let status = field("status").and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok());
    let esterror = field("esterror").and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok());
    let state = match status {
        Some(s) if s & 64 != 0 => SyncState::Unsynced,
        Some(_) => SyncState::Synced,
        None => SyncState::Failed("adjtimex printed no status".to_string()),
    };
    let detail = match (&state, esterror) {
        (SyncState::Synced, Some(e)) => {
            Some(format!("kernel clock disciplined, estimated error {e} us"))
        }
        (SyncState::Unsynced, _) => {
            Some("kernel clock status UNSYNC: no NTP daemon keeps it in sync".to_string())
        }
        _ => None,
    };
    TimeSource {
        tool: "adjtimex".to_string(),
        state,
        detail,
    }
}

fn ntpq(run: &Run) -> TimeSource {
    if let Some(f) = failed("ntpq", run) {
        return f;
    }
    let peers: Vec<&String> = run
        .output
        .iter()
        .filter(|l| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with("remote") && !t.starts_with("===")
        })
        .collect();
    let sys_peer = peers
        .iter()
        .find(|l| l.starts_with('*') || l.starts_with('o'));
    // `*` marks the system peer, `o` a PPS peer; without one ntpd is not
    // synchronised ("No association ID's returned" included).
    let state = if sys_peer.is_some() {
        SyncState::Synced
    } else {
        SyncState::Unsynced
    };
    let detail = sys_peer.and_then(|l| {
        l[1..]
            .split_whitespace()
            .next()
            .map(|p| format!("system peer {p}"))
    });
    TimeSource {
        tool: "ntpq".to_string(),
        state,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timedatectl_forms() {
        let s =
            parse("run timedatectl-show 0\n| Timezone=Etc/UTC\n| NTP=yes\n| NTPSynchronized=yes\n")
                .unwrap();
        assert_eq!(s.sources.len(), 1);
        assert_eq!(s.sources[0].state, SyncState::Synced);
        assert_eq!(s.sources[0].detail.as_deref(), Some("NTP service active"));
        let s = parse("run timedatectl-show 0\n| NTP=no\n| NTPSynchronized=no\n").unwrap();
        assert_eq!(s.sources[0].state, SyncState::Unsynced);
        assert!(!s.any_synced());
        let s = parse(
            "run timedatectl-status 0\n|                Local time: Thu 2024-05-02 10:00:00 UTC\n\
             | System clock synchronized: no\n|               NTP service: inactive\n",
        )
        .unwrap();
        assert_eq!(s.sources[0].state, SyncState::Unsynced);
        assert_eq!(s.sources[0].detail.as_deref(), Some("NTP service inactive"));
        let s = parse("run timedatectl-status 0\n| NTP synchronized: yes\n").unwrap();
        assert_eq!(s.sources[0].state, SyncState::Synced);
        let s = parse(
            "run timedatectl-status 1\n| Failed to connect to bus: No such file or directory\n",
        )
        .unwrap();
        assert_eq!(
            s.sources[0].state,
            SyncState::Failed("timedatectl exited with status 1: Failed to connect to bus: No such file or directory".into())
        );
    }

    #[test]
    fn chrony_and_ntpd() {
        let synced = "run chronyc 0\n| Reference ID    : C0A80001 (192.168.0.1)\n| Stratum         : 3\n\
                      | System time     : 0.000012345 seconds fast of NTP time\n| Leap status     : Normal\n";
        let s = parse(synced).unwrap();
        assert_eq!(s.sources[0].state, SyncState::Synced);
        assert_eq!(
            s.sources[0].detail.as_deref(),
            Some("reference C0A80001 (192.168.0.1), 0.000012345 seconds fast of NTP time")
        );
        let s = parse("run chronyc 0\n| Reference ID    : 00000000 ()\n| Leap status     : Not synchronised\n").unwrap();
        assert_eq!(s.sources[0].state, SyncState::Unsynced);
        let s = parse("run chronyc 1\n| 506 Cannot talk to daemon\n").unwrap();
        assert!(matches!(s.sources[0].state, SyncState::Failed(_)));
        let ntpq = "run ntpq 0\n|      remote           refid      st t when poll reach   delay   offset  jitter\n\
                    | ==============================================================================\n\
                    | *192.168.0.1     .GPS.            1 u   33   64  377    0.412   -0.012   0.021\n\
                    | +10.0.0.1        192.168.0.1      2 u   40   64  377    0.500    0.100   0.030\n";
        let s = parse(ntpq).unwrap();
        assert_eq!(s.sources[0].state, SyncState::Synced);
        assert_eq!(
            s.sources[0].detail.as_deref(),
            Some("system peer 192.168.0.1")
        );
        let s = parse("run ntpq 0\n| No association ID's returned\n").unwrap();
        assert_eq!(s.sources[0].state, SyncState::Unsynced);
    }

    #[test]
    fn none_installed_and_mixed() {
        let s = parse("run none absent\n").unwrap();
        assert!(s.sources.is_empty());
        let s = parse("run timedatectl-show 0\n| NTPSynchronized=no\nrun chronyc 0\n| Leap status     : Normal\n").unwrap();
        assert!(s.any_synced());
        assert!(parse("").is_err());
        assert!(parse("run weird 0\n").is_err());
    }
}
