//! The names of the checks, for people: every check id an inspector, a
//! backup verification or a configuration compare puts in a
//! [`Finding`](super::Finding) is listed in [`CHECK_IDS`], and each has a
//! message `check-<id>` (`.` and `_` as `-`) in `locales/*/checks.ftl`.
//!
//! A unit test reads the sources of `src/` and fails when a check id is used
//! there that [`CHECK_IDS`] lacks, and when an id of the list has no name in a
//! locale: a new check cannot reach a report without its Chinese name.

use crate::i18n::{Lang, tr};

/// Every check id `ops` writes into findings.
pub const CHECK_IDS: &[&str] = &[
    "accounts.privileged",
    "ambient.humidity",
    "ambient.temperature",
    "backup.checksum",
    "backup.contents",
    "backup.fresh",
    "backup.last",
    "backup.present",
    "backup.private",
    "backup.readable",
    "backup.retention",
    "backup.size",
    "backup.take",
    "backup.wal_archive",
    "certificate",
    "config.backup",
    "config.saved",
    "connect",
    "connections",
    "cpu",
    "dns",
    "environment",
    "errlog",
    "fs.inodes",
    "fs.usage",
    "gateway",
    "health",
    "interface.down",
    "interface.errors",
    "interface.protocol",
    "interfaces",
    "ipmi.sensor",
    "load",
    "log",
    "mail.root",
    "memory",
    "nic",
    "os",
    "password.policy",
    "power.redundancy",
    "power.state",
    "power.supply",
    "raid",
    "raid.disk",
    "raid.volume",
    "reach",
    "redfish",
    "reload",
    "replication",
    "replication.slot",
    "route.default",
    "routes",
    "routes.default",
    "routes.expected",
    "security.mac",
    "sel",
    "sensor",
    "services.failed",
    "smart.health",
    "smart.nvme",
    "smart.sectors",
    "smart.temperature",
    "space.database",
    "space.fs",
    "space.tablespace",
    "state",
    "storage.controller",
    "storage.drive",
    "storage.volume",
    "swap",
    "timesync",
    "transaction",
    "transactions",
    "updates.security",
    "ups.charge",
    "ups.input",
    "ups.load",
    "ups.runtime",
    "ups.selftest",
    "ups.status",
    "uptime",
    "version",
    "temperature",
    "voltage",
    "fan",
    "manual.disk_light",
    "manual.power_light",
    "manual.nic_light",
    "manual.array_light",
    "manual.power_cords_firm",
    "manual.front_panel_intact",
    "manual.fans_ok",
    "manual.cables_seated",
    "manual.tape_drive_needs_cleaning",
    "manual.room_temperature",
    "manual.room_humidity",
    "manual.mains_voltage",
    "manual.neutral_ground_voltage",
    "manual.cleaned",
];

/// The Fluent message id of the name of `check`: `fs.usage` → `check-fs-usage`.
pub fn message_id(check: &str) -> String {
    format!("check-{}", check.replace(['.', '_'], "-"))
}

/// The name of `check` in `lang`; the id itself for a check without one (a
/// record of an older `ops`, or a check id a record file made up).
pub fn name(lang: Lang, check: &str) -> String {
    let id = message_id(check);
    let text = tr(lang, &id);
    if text == id { check.to_owned() } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// The text of `fn <name>` in `text`, up to the first line that closes it.
    fn fn_body<'a>(text: &'a str, name: &str) -> Option<&'a str> {
        let start = text.find(&format!("fn {name}("))?;
        let rest = &text[start..];
        let end = ["\n}\n", "\n    }\n"]
            .iter()
            .filter_map(|close| rest.find(close))
            .min()?;
        Some(&rest[..end])
    }

    /// The check ids the sources of `src/` use (tests left out): the first
    /// argument of `Finding::new|ok|skip|unknown` and of the helpers that
    /// pass it on, `let check = "…"`, `const CHECK: &str = "…"`, the ids the
    /// sensor kinds map to, and the manual sheet's items (`manual.<key>`).
    fn ids_in_sources() -> BTreeSet<String> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let call = Regex::new(
            r#"\b(?:Finding::(?:new|ok|skip|unknown)|gap|not_reported|fs_checks|parts|free_finding)\(\s*"([^"]+)""#,
        )
        .unwrap();
        let binding =
            Regex::new(r#"(?:let check\s*=|const CHECK\s*:\s*&str\s*=)\s*"([^"]+)""#).unwrap();
        let arm = Regex::new(r#"=>\s*"([a-z_.]+)""#).unwrap();
        let bare = Regex::new(r#"(?m)^\s*"([a-z_.]+)"\s*$"#).unwrap();
        let mut ids = BTreeSet::new();
        for f in files {
            let rel = f
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel.ends_with("tests.rs") || rel == "check/names.rs" {
                continue;
            }
            let full = std::fs::read_to_string(&f).unwrap();
            let text = full.split("#[cfg(test)]").next().unwrap_or("");
            for re in [&call, &binding] {
                ids.extend(re.captures_iter(text).map(|c| c[1].to_string()));
            }
            if rel == "inspect/hw/redfish/model.rs" {
                let body = fn_body(text, "check").expect("SensorKind::check");
                ids.extend(arm.captures_iter(body).map(|c| c[1].to_string()));
            }
            if rel == "inspect/hw/ipmi/mod.rs" {
                let body = fn_body(text, "sensor_check").expect("sensor_check");
                ids.extend(bare.captures_iter(body).map(|c| c[1].to_string()));
            }
            if rel == "inspect/host/manual/items.rs" {
                let body = fn_body(text, "key").expect("Item::key");
                ids.extend(arm.captures_iter(body).map(|c| format!("manual.{}", &c[1])));
            }
        }
        ids
    }

    #[test]
    fn every_check_the_sources_use_is_listed() {
        let used = ids_in_sources();
        // The scan finds them (a scan that finds nothing proves nothing).
        for id in [
            "fs.usage",
            "reach",
            "backup.fresh",
            "temperature",
            "power.supply",
            "manual.cleaned",
        ] {
            assert!(used.contains(id), "the scan misses {id}: {used:?}");
        }
        let listed: BTreeSet<String> = CHECK_IDS.iter().map(|s| s.to_string()).collect();
        let missing: Vec<&String> = used.difference(&listed).collect();
        assert!(
            missing.is_empty(),
            "check ids used in src/ but not in CHECK_IDS (add them, with a name in locales/*/checks.ftl): {missing:?}"
        );
        let unused: Vec<&String> = listed.difference(&used).collect();
        assert!(
            unused.is_empty(),
            "CHECK_IDS lists ids no source uses: {unused:?}"
        );
    }

    #[test]
    fn every_listed_check_has_a_name_in_every_locale() {
        for lang in Lang::ALL {
            for id in CHECK_IDS {
                let m = message_id(id);
                assert_ne!(tr(*lang, &m), m, "locales/{lang}/checks.ftl lacks {m}");
            }
        }
        assert_eq!(name(Lang::ZhCn, "fs.usage"), "文件系统使用率");
        assert_eq!(name(Lang::ZhCn, "manual.room_temperature"), "机房温度");
        assert_eq!(name(Lang::En, "fs.usage"), "Filesystem use");
        // An id no release of ops has named stays as it is.
        assert_eq!(name(Lang::ZhCn, "made.up_check"), "made.up_check");
    }
}
