//! Whether a device would boot with the configuration it runs: the running
//! configuration compared with the one saved for the next boot (Cisco
//! startup-config, Huawei saved configuration), both cleaned first.
//!
//! [`compare`] says which lines differ; [`saved_finding`] judges it: a
//! running configuration that is not saved would be lost by a reboot, a
//! warning naming the command that saves it. Pure functions of two texts.

use super::clean::clean_config;
use super::read::save_command;
use crate::check::{Finding, Status};
use crate::parse::device::Platform;
use std::collections::HashMap;

/// How the running configuration differs from the saved one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigDiff {
    /// Lines in the running configuration and not in the saved one.
    pub only_running: Vec<String>,
    /// Lines in the saved configuration and not in the running one.
    pub only_saved: Vec<String>,
}

impl ConfigDiff {
    /// One line for a finding.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} line{} only in the running configuration, {} only in the saved one",
            self.only_running.len(),
            if self.only_running.len() == 1 {
                ""
            } else {
                "s"
            },
            self.only_saved.len()
        );
        if let Some(first) = self.only_running.first() {
            s.push_str(&format!(" (first: `{}`)", first.trim()));
        } else if let Some(first) = self.only_saved.first() {
            s.push_str(&format!(" (first: `{}` not running)", first.trim()));
        }
        s
    }
}

/// Compare two cleaned configurations line by line (as multisets: what a
/// save would add or remove, not where); `None` when they hold the same
/// lines. Comment lines (`!`) and blank lines are not compared.
pub fn compare(running: &str, saved: &str) -> Option<ConfigDiff> {
    let significant = |l: &&str| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('!')
    };
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for l in running.lines().filter(significant) {
        *counts.entry(l.trim_end()).or_default() += 1;
    }
    for l in saved.lines().filter(significant) {
        *counts.entry(l.trim_end()).or_default() -= 1;
    }
    let mut only_running = Vec::new();
    let mut only_saved = Vec::new();
    for l in running.lines().filter(significant) {
        let c = counts.entry(l.trim_end()).or_default();
        if *c > 0 {
            *c -= 1;
            only_running.push(l.to_string());
        }
    }
    for l in saved.lines().filter(significant) {
        let c = counts.entry(l.trim_end()).or_default();
        if *c < 0 {
            *c += 1;
            only_saved.push(l.to_string());
        }
    }
    (!only_running.is_empty() || !only_saved.is_empty()).then_some(ConfigDiff {
        only_running,
        only_saved,
    })
}

/// Whether the running configuration (cleaned) is the one the device boots
/// with; `saved` is the saved configuration as read, or why it could not be.
pub fn saved_finding(platform: Platform, running: &str, saved: Result<String, String>) -> Finding {
    let save = save_command(platform);
    let saved = match saved {
        Ok(text) => clean_config(platform, &text),
        Err(why) => {
            return Finding::unknown(
                "config.saved",
                format!("the saved configuration could not be read: {why}"),
            );
        }
    };
    if saved.trim().is_empty() {
        return Finding::new(
            "config.saved",
            Status::Warn,
            format!("the device shows no saved configuration (`{save}` saves it)"),
        )
        .threshold("running = saved");
    }
    match compare(running, &saved) {
        None => Finding::ok("config.saved", "the running configuration is saved")
            .threshold("running = saved"),
        Some(diff) => Finding::new(
            "config.saved",
            Status::Warn,
            format!(
                "the running configuration differs from the saved one: {}; a reboot would lose it (`{save}` saves it)",
                diff.summary()
            ),
        )
        .value(serde_json::json!({
            "only_running": diff.only_running.len(),
            "only_saved": diff.only_saved.len(),
        }))
        .threshold("running = saved"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_and_saved_compare_as_lines() {
        let running = "!\nhostname sw1\ninterface Gi1/0/1\n description new\n!\nend\n";
        let saved = "!\nhostname sw1\ninterface Gi1/0/1\n description old\n!\n!\nend\n";
        let diff = compare(running, saved).unwrap();
        assert_eq!(diff.only_running, [" description new"]);
        assert_eq!(diff.only_saved, [" description old"]);
        assert_eq!(
            diff.summary(),
            "1 line only in the running configuration, 1 only in the saved one (first: `description new`)"
        );
        assert_eq!(compare(running, running), None);
        // Comment lines alone do not count.
        assert_eq!(compare("!\nend\n", "end\n"), None);
    }

    #[test]
    fn an_unsaved_running_configuration_is_a_warning() {
        let running = "hostname sw1\nend\n";
        let ios = Platform::CiscoIos;
        let ok = saved_finding(ios, running, Ok("hostname sw1\r\nend\r\n".into()));
        assert_eq!(ok.status, Status::Ok);
        let differs = saved_finding(ios, running, Ok("hostname sw0\nend\n".into()));
        assert_eq!(differs.status, Status::Warn);
        assert!(
            differs
                .message
                .ends_with("(`copy running-config startup-config` saves it)"),
            "{}",
            differs.message
        );
        let none = saved_finding(Platform::HuaweiVrp, running, Ok(String::new()));
        assert_eq!(none.status, Status::Warn);
        assert!(
            none.message.contains("(`save` saves it)"),
            "{}",
            none.message
        );
        let unread = saved_finding(ios, running, Err("`show startup-config`: denied".into()));
        assert_eq!(unread.status, Status::Unknown);
    }
}
