//! What the host checks judge against, as read from configuration.
//!
//! The configuration deep-merges TOML tables (defaults ← config ← group ←
//! host) and deserializes the result into [`HostThresholds`]; every field
//! has a default from SPEC §2.1, so an empty table is a complete one:
//!
//! ```toml
//! load_per_core = { warn = 1.0, crit = 2.0 }
//! fs_used_pct = { warn = 80, crit = 90 }
//! resolve = ["db01.example.com"]
//! [mounts."/data"]
//! fs_used_pct = { warn = 95 }        # crit stays at the host-wide value
//! [mounts."/var/lib/docker/*"]
//! ignore = true
//! ```

use super::collect::{CollectOptions, HostName};
use crate::check::{Limits, OrderProblem, Worse, check_orders};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HostThresholds {
    /// 5-minute load average divided by the number of cores (above).
    pub load_per_core: Limits,
    /// MemAvailable as a share of MemTotal, in % (below).
    pub mem_available_pct: Limits,
    /// Swap in use, in % of swap configured (above).
    pub swap_used_pct: Limits,
    /// Filesystem space used, in % (above), as df computes it.
    pub fs_used_pct: Limits,
    /// Inodes used, in % (above).
    pub inodes_used_pct: Limits,
    /// Error-level log entries of the last 24 hours above this count: warn.
    pub errlog_max: u64,
    /// Pending security updates above this count: warn.
    pub security_updates_max: u64,
    /// Count pending security updates at all (apt's simulation costs the
    /// target a few seconds of CPU; teams with their own patch tooling may
    /// turn it off, and the check is then `skip` with that reason).
    pub check_security_updates: bool,
    /// Ping each default gateway (SPEC §2.1); false judges it by its
    /// neighbour-table entry alone and sends nothing. The command layer turns
    /// it off for a whole run (`ops inspect host --no-gateway-ping`, or
    /// `OPS_GATEWAY_PING=0` for test runs and benchmarks, which must stay on
    /// loopback), whatever is configured.
    pub gateway_ping: bool,
    /// PASS_MAX_DAYS above this: warn (passwords must change at least monthly).
    pub password_max_days: i64,
    /// Minimum password length below this: warn.
    pub password_min_len: u32,
    /// Names every host must resolve; empty: the host's own name.
    pub resolve: Vec<HostName>,
    /// Filesystem types that are not storage and are not judged: kernel
    /// interfaces (proc, sysfs, cgroup…), read-only images that are always
    /// full (squashfs, iso9660), and memory-backed ones (tmpfs, devtmpfs,
    /// ramfs) whose use is memory, judged by the memory check. Without
    /// tmpfs every host reports /dev/shm, /run, /run/user/*, /sys/fs/cgroup
    /// and container sandboxes as filesystems.
    pub skip_fstypes: Vec<String>,
    /// Types from `skip_fstypes` to judge anyway, e.g. `["tmpfs"]` where
    /// /tmp or an application's scratch space lives in memory and filling
    /// it is an outage.
    pub include_fstypes: Vec<String>,
    /// Interfaces not judged (`*` matches any run of characters): container
    /// and VM plumbing whose carrier comes and goes with its guests.
    pub nic_ignore: Vec<String>,
    /// Run the in-band hardware tools (RAID controller CLIs, smartctl,
    /// ipmitool) through `sudo -n` when the login is not root; README's
    /// "In-band hardware" gives the sudoers lines. Off: they run only as root,
    /// and the checks are `unknown` for other logins.
    pub hw_sudo: bool,
    /// Reallocated, pending or offline-uncorrectable sectors of an ATA disk
    /// (the largest of the three raw values, above).
    pub smart_sectors: Limits,
    /// Disk temperature in °C (above).
    pub smart_temperature_c: Limits,
    /// NVMe `percentage_used`, the vendor's estimate of life used, in % (above).
    pub nvme_used_pct: Limits,
    /// Per-mount-point overrides, keyed by mount point or `*` pattern; an
    /// exact key wins over patterns, and among patterns the first in order.
    pub mounts: BTreeMap<String, MountThresholds>,
}

impl Default for HostThresholds {
    fn default() -> HostThresholds {
        HostThresholds {
            load_per_core: Limits::new(1.0, 2.0),
            mem_available_pct: Limits::new(15.0, 5.0),
            swap_used_pct: Limits::new(70.0, 90.0),
            fs_used_pct: Limits::new(80.0, 90.0),
            inodes_used_pct: Limits::new(80.0, 90.0),
            errlog_max: 0,
            security_updates_max: 0,
            check_security_updates: true,
            gateway_ping: true,
            password_max_days: 30,
            password_min_len: 8,
            resolve: Vec::new(),
            skip_fstypes: [
                "tmpfs",
                "proc",
                "sysfs",
                "devtmpfs",
                "devpts",
                "cgroup",
                "cgroup2",
                "squashfs",
                "overlay",
                "aufs",
                "nsfs",
                "tracefs",
                "debugfs",
                "securityfs",
                "pstore",
                "bpf",
                "configfs",
                "fusectl",
                "mqueue",
                "hugetlbfs",
                "autofs",
                "binfmt_misc",
                "rpc_pipefs",
                "efivarfs",
                "selinuxfs",
                "ramfs",
                "iso9660",
                "udf",
                "fuse.lxcfs",
                "fuse.snapfuse",
                "fuse.gvfsd-fuse",
                "fuse.portal",
            ]
            .map(String::from)
            .to_vec(),
            include_fstypes: Vec::new(),
            nic_ignore: [
                "veth*", "docker*", "br-*", "virbr*", "lxcbr*", "cali*", "flannel*", "cni*",
                "vnet*",
            ]
            .map(String::from)
            .to_vec(),
            mounts: BTreeMap::new(),
            hw_sudo: false,
            smart_sectors: Limits::new(0.0, 100.0),
            smart_temperature_c: Limits::new(55.0, 65.0),
            nvme_used_pct: Limits::new(80.0, 95.0),
        }
    }
}

/// Overrides for one mount point; what is not given keeps the host value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MountThresholds {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fs_used_pct: Option<LimitsOverride>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inodes_used_pct: Option<LimitsOverride>,
    /// Do not judge this mount point at all.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ignore: bool,
}

/// A warn and/or crit limit replacing the inherited one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsOverride {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warn: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crit: Option<f64>,
}

impl LimitsOverride {
    pub fn apply(&self, base: Limits) -> Limits {
        Limits::new(
            self.warn.unwrap_or(base.warn),
            self.crit.unwrap_or(base.crit),
        )
    }
}

/// `*` matches any run of characters (including none); nothing else is special.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

impl HostThresholds {
    /// The overrides for a mount point: its exact key, else the first
    /// pattern that matches.
    pub fn mount(&self, mount: &str) -> Option<&MountThresholds> {
        self.mounts.get(mount).or_else(|| {
            self.mounts
                .iter()
                .find(|(k, _)| k.contains('*') && glob_match(k, mount))
                .map(|(_, v)| v)
        })
    }

    /// Space limits for a mount point.
    pub fn fs_limits(&self, mount: &str) -> Limits {
        match self.mount(mount).and_then(|m| m.fs_used_pct) {
            Some(o) => o.apply(self.fs_used_pct),
            None => self.fs_used_pct,
        }
    }

    /// Inode limits for a mount point.
    pub fn inode_limits(&self, mount: &str) -> Limits {
        match self.mount(mount).and_then(|m| m.inodes_used_pct) {
            Some(o) => o.apply(self.inodes_used_pct),
            None => self.inodes_used_pct,
        }
    }

    pub fn mount_ignored(&self, mount: &str) -> bool {
        self.mount(mount).is_some_and(|m| m.ignore)
    }

    pub fn nic_ignored(&self, name: &str) -> bool {
        self.nic_ignore.iter().any(|p| glob_match(p, name))
    }

    /// Every warn/crit pair in the direction that is worse for it, mount
    /// overrides as they apply (a mount's `warn = 97` under a host-wide
    /// `crit = 95` is out of order).
    pub fn check(&self) -> Result<(), OrderProblem> {
        check_orders(&[
            ("load_per_core", self.load_per_core, Worse::Above),
            ("mem_available_pct", self.mem_available_pct, Worse::Below),
            ("swap_used_pct", self.swap_used_pct, Worse::Above),
            ("fs_used_pct", self.fs_used_pct, Worse::Above),
            ("inodes_used_pct", self.inodes_used_pct, Worse::Above),
            ("smart_sectors", self.smart_sectors, Worse::Above),
            (
                "smart_temperature_c",
                self.smart_temperature_c,
                Worse::Above,
            ),
            ("nvme_used_pct", self.nvme_used_pct, Worse::Above),
        ])?;
        for mount in self.mounts.keys() {
            check_orders(&[
                ("fs_used_pct", self.fs_limits(mount), Worse::Above),
                ("inodes_used_pct", self.inode_limits(mount), Worse::Above),
            ])
            .map_err(|mut p| {
                p.key
                    .splice(0..0, ["mounts".to_string(), format!("{mount:?}")]);
                p
            })?;
        }
        Ok(())
    }

    /// What the collection script needs from these thresholds.
    pub fn collect_options(&self) -> CollectOptions {
        CollectOptions {
            resolve: self.resolve.clone(),
            updates: self.check_security_updates,
            ping: self.gateway_ping,
            hw_sudo: self.hw_sudo,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_table_gives_the_spec_defaults() {
        let t: HostThresholds = toml::from_str("").unwrap();
        assert_eq!(t, HostThresholds::default());
        assert_eq!(t.load_per_core, Limits::new(1.0, 2.0));
        assert_eq!(t.mem_available_pct, Limits::new(15.0, 5.0));
        assert_eq!(t.swap_used_pct, Limits::new(70.0, 90.0));
        assert_eq!(t.fs_used_pct, Limits::new(80.0, 90.0));
        assert_eq!(t.inodes_used_pct, Limits::new(80.0, 90.0));
        assert_eq!(
            (t.errlog_max, t.password_max_days, t.password_min_len),
            (0, 30, 8)
        );
        assert!(t.skip_fstypes.iter().any(|f| f == "proc"));
        assert!(t.skip_fstypes.iter().any(|f| f == "tmpfs"));
        assert!(t.include_fstypes.is_empty());
    }

    #[test]
    fn reads_toml_with_integers_and_mount_overrides() {
        let text = r#"
            fs_used_pct = { warn = 85, crit = 95 }
            resolve = ["db01.example.com", "ntp"]
            [mounts."/data"]
            fs_used_pct = { warn = 93 }
            [mounts."/var/lib/docker/*"]
            ignore = true
        "#;
        let t: HostThresholds = toml::from_str(text).unwrap();
        assert_eq!(t.fs_used_pct, Limits::new(85.0, 95.0));
        assert_eq!(t.fs_limits("/data"), Limits::new(93.0, 95.0));
        assert_eq!(t.fs_limits("/"), Limits::new(85.0, 95.0));
        assert_eq!(t.inode_limits("/data"), Limits::new(80.0, 90.0));
        assert!(t.mount_ignored("/var/lib/docker/overlay2"));
        assert!(!t.mount_ignored("/var/lib"));
        assert_eq!(t.collect_options().resolve.len(), 2);
    }

    #[test]
    fn limits_out_of_order_are_named_by_key() {
        assert!(HostThresholds::default().check().is_ok());
        let t: HostThresholds =
            toml::from_str("mem_available_pct = { warn = 5, crit = 15 }").unwrap();
        assert_eq!(t.check().unwrap_err().key, ["mem_available_pct"]);
        let t: HostThresholds =
            toml::from_str("[mounts.\"/data\"]\nfs_used_pct = { warn = 97 }").unwrap();
        let p = t.check().unwrap_err();
        assert_eq!(p.key, ["mounts", "\"/data\"", "fs_used_pct"]);
        assert!(p.message.contains("warn = 97 is beyond crit = 90"), "{p}");
    }

    #[test]
    fn unknown_fields_and_bad_names_are_refused() {
        assert!(toml::from_str::<HostThresholds>("fs_used = 3").is_err());
        assert!(toml::from_str::<HostThresholds>("[mounts.\"/x\"]\nfs = 1").is_err());
        assert!(
            toml::from_str::<HostThresholds>("fs_used_pct = { warn = 1, crit = 2, x = 3 }")
                .is_err()
        );
        assert!(toml::from_str::<HostThresholds>("fs_used_pct = { warn = 1 }").is_err());
        assert!(toml::from_str::<HostThresholds>("resolve = [\"$(id)\"]").is_err());
    }

    #[test]
    fn defaults_round_trip_through_toml_for_merging() {
        let mut t = HostThresholds::default();
        t.mounts.insert(
            "/data".into(),
            MountThresholds {
                fs_used_pct: Some(LimitsOverride {
                    warn: Some(95.0),
                    crit: None,
                }),
                ..MountThresholds::default()
            },
        );
        let text = toml::to_string(&t).unwrap();
        let back: HostThresholds = toml::from_str(&text).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn globs() {
        assert!(glob_match("veth*", "veth12ab"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a*b*c", "aXXbYYc"));
        assert!(!glob_match("a*b*c", "aXXc"));
        assert!(!glob_match("ab*ba", "aba"));
        assert!(glob_match("eth0", "eth0"));
        assert!(!glob_match("eth0", "eth01"));
    }
}
