//! Device configurations as the records repository keeps them: the running
//! configuration of a Cisco IOS or Huawei VRP device, cleaned so that it
//! changes only when the configuration does, with its secrets removed.
//!
//! - [`clean_config`] drops the lines a device rewrites on every read or
//!   save (`Building configuration...`, `Current configuration : N bytes`,
//!   `! Last configuration change at …`, `! NVRAM config last updated at …`,
//!   `ntp clock-period N`, Huawei `!Software Version …` and
//!   `!Last configuration was updated/saved at …` headers) and replaces
//!   secrets with `<removed>` (SPEC §7: secrets are never written; see
//!   [`mask_secrets`]). A change of only a secret is therefore not seen.
//! - [`compare`] tells whether the running configuration differs from the
//!   one saved for the next boot (Cisco startup-config, Huawei saved
//!   configuration).
//!
//! Pure functions, like the parsers: text in, text out.

mod secrets;

pub use secrets::mask_secrets;

use crate::parse::device::{Platform, clean_output, re};
use std::collections::HashMap;
use std::path::PathBuf;

/// The command that prints the running configuration.
pub fn running_command(platform: Platform) -> &'static str {
    match platform {
        Platform::CiscoIos => "show running-config",
        Platform::HuaweiVrp => "display current-configuration",
    }
}

/// The command that prints the configuration saved for the next boot.
pub fn saved_command(platform: Platform) -> &'static str {
    match platform {
        Platform::CiscoIos => "show startup-config",
        Platform::HuaweiVrp => "display saved-configuration",
    }
}

/// The directory of the records repository that holds device configurations.
pub const CONFIG_DIR: &str = "config";

/// Where a device's configuration is kept in the records repository:
/// `config/<device>.cfg`, the device name made one safe path component.
pub fn config_path(device: &str) -> PathBuf {
    PathBuf::from(CONFIG_DIR).join(format!("{}.cfg", crate::records::layout::slug(device)))
}

/// Whether a line is rewritten by the device on every read or save, so
/// that keeping it would make every backup a change.
fn volatile(platform: Platform, line: &str) -> bool {
    let t = line.trim();
    match platform {
        Platform::CiscoIos => {
            t == "Building configuration..."
                || re!(r"^Current configuration\s*:\s*\d+ bytes$").is_match(t)
                || re!(r"^Using \d+ out of \d+ bytes").is_match(t)
                || re!(r"^! ?(?:Last configuration change at|NVRAM config last updated at|No configuration change since last restart)").is_match(t)
                || re!(r"^!\s*(?:Time:|Running configuration last done at:)").is_match(t)
                || re!(r"^ntp clock-period \d+$").is_match(t)
        }
        Platform::HuaweiVrp => re!(
            r"^!\s*(?:Software Version|Last configuration was (?:updated|saved)|Time:|Create time|Config Version)"
        )
        .is_match(t),
    }
}

/// The configuration as kept: cleaned of session artefacts (prompts,
/// paging, CRLF), of volatile lines and of secrets; ends with one newline.
pub fn clean_config(platform: Platform, text: &str) -> String {
    let cleaned = clean_output(text);
    let mut out = String::with_capacity(cleaned.len());
    let mut removed = false;
    let mut last = "";
    for line in cleaned.lines() {
        if volatile(platform, line) {
            removed = true;
            continue;
        }
        // The `!` separators around removed lines would pile up.
        if removed && line == "!" && last == "!" {
            continue;
        }
        removed = false;
        last = line;
        out.push_str(&mask_secrets(line));
        out.push('\n');
    }
    // Volatile lines at the top leave blank lines behind.
    let start = out.len() - out.trim_start_matches('\n').len();
    out.drain(..start);
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;

    const IOS: &str = "sw1#show running-config\r\nBuilding configuration...\r\n\r\nCurrent configuration : 4187 bytes\r\n!\r\n! Last configuration change at 10:15:32 UTC Mon Mar 4 2024 by admin\r\n! NVRAM config last updated at 10:16:01 UTC Mon Mar 4 2024 by admin\r\n!\r\nversion 15.2\r\nhostname sw1\r\n!\r\nenable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0\r\n!\r\nntp clock-period 17179865\r\nntp server 192.0.2.1\r\nend\r\n\r\nsw1#";

    #[test]
    fn cisco_volatile_lines_and_secrets_go() {
        assert_eq!(
            clean_config(Platform::CiscoIos, IOS),
            "!\nversion 15.2\nhostname sw1\n!\nenable secret 5 <removed>\n!\nntp server 192.0.2.1\nend\n"
        );
        // A clock-only difference cleans to the same text.
        let later = IOS
            .replace("10:15:32 UTC Mon Mar 4", "08:00:00 UTC Tue Mar 5")
            .replace("17179865", "17179871")
            .replace("4187 bytes", "4190 bytes");
        assert_eq!(
            clean_config(Platform::CiscoIos, &later),
            clean_config(Platform::CiscoIos, IOS)
        );
        // Cleaning is stable.
        let once = clean_config(Platform::CiscoIos, IOS);
        assert_eq!(clean_config(Platform::CiscoIos, &once), once);
    }

    #[test]
    fn huawei_headers_go() {
        let vrp = "<HUAWEI>display current-configuration\n!Software Version V200R011C10SPC500\n!Last configuration was updated at 2024-03-04 10:15:32+08:00 by admin\n!Last configuration was saved at 2024-03-01 09:00:00+08:00 by admin\n#\nsysname HUAWEI\n#\nreturn\n<HUAWEI>";
        assert_eq!(
            clean_config(Platform::HuaweiVrp, vrp),
            "#\nsysname HUAWEI\n#\nreturn\n"
        );
    }

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
}
