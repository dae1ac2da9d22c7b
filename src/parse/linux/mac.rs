//! The collection script's `mac` section: the state of the mandatory access
//! control modules, SELinux and AppArmor, read from the kernel's files (no
//! tool needs root or has to be installed).
//!
//! ```text
//! selinux-enforce 1|0|absent|denied     /sys/fs/selinux/enforce
//! file /etc/selinux/config ok|absent|denied
//! | SELINUX=enforcing                     its SELINUX= and SELINUXTYPE= lines
//! apparmor-enabled Y|N|absent           /sys/module/apparmor/parameters/enabled
//! apparmor-profiles E C | denied | absent   profiles in enforce and complain mode
//! ```

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MacState {
    /// `enforcing`, `permissive` or `disabled` (no selinuxfs: the kernel has
    /// SELinux off); `None` when the file could not be read.
    pub selinux: Option<String>,
    /// `SELINUX=` of /etc/selinux/config: the mode at the next boot.
    pub selinux_config: Option<String>,
    /// `SELINUXTYPE=`: the policy (`targeted`, `mls`…).
    pub selinux_policy: Option<String>,
    /// The AppArmor module is loaded and enabled; `None` when unknown.
    pub apparmor: Option<bool>,
    /// Profiles in enforce and complain mode (readable by root only).
    pub apparmor_enforce: Option<u32>,
    pub apparmor_complain: Option<u32>,
}

impl MacState {
    /// A one-line description: `SELinux enforcing (targeted)`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        match self.selinux.as_deref() {
            Some("disabled") | None => {}
            Some(mode) => {
                let mut s = format!("SELinux {mode}");
                if let Some(p) = &self.selinux_policy {
                    s.push_str(&format!(" ({p})"));
                }
                if let Some(c) = &self.selinux_config
                    && c != mode
                {
                    s.push_str(&format!(", {c} at next boot"));
                }
                parts.push(s);
            }
        }
        if self.apparmor == Some(true) {
            let mut s = "AppArmor enabled".to_string();
            if let (Some(e), Some(c)) = (self.apparmor_enforce, self.apparmor_complain) {
                s.push_str(&format!(
                    ", {e} profile{} enforced, {c} complaining",
                    if e == 1 { "" } else { "s" }
                ));
            }
            parts.push(s);
        }
        if parts.is_empty() {
            let mut s = "neither SELinux nor AppArmor is active".to_string();
            if let Some(c) = self.selinux_config.as_deref().filter(|c| *c != "disabled") {
                s.push_str(&format!(" (SELinux configured {c} for the next boot)"));
            }
            return s;
        }
        parts.join("; ")
    }
}

pub fn parse(text: &str) -> Result<MacState, String> {
    let mut m = MacState::default();
    let mut seen = false;
    let mut in_config = false;
    for line in text.lines() {
        if let Some(l) = super::run::output_line(line) {
            if in_config && let Some((k, v)) = l.trim().split_once('=') {
                let v = v.trim().trim_matches('"').to_ascii_lowercase();
                match k.trim() {
                    "SELINUX" => m.selinux_config = Some(v),
                    "SELINUXTYPE" => m.selinux_policy = Some(v),
                    _ => {}
                }
            }
            continue;
        }
        let (key, value) = line.trim().split_once(' ').unwrap_or((line.trim(), ""));
        let value = value.trim();
        in_config = false;
        match key {
            "selinux-enforce" => {
                seen = true;
                m.selinux = match value {
                    "1" => Some("enforcing".to_string()),
                    "0" => Some("permissive".to_string()),
                    "absent" => Some("disabled".to_string()),
                    _ => None,
                }
            }
            "file" => in_config = value.ends_with(" ok"),
            "apparmor-enabled" => {
                seen = true;
                m.apparmor = match value {
                    "Y" | "y" | "1" => Some(true),
                    "N" | "n" | "0" | "absent" => Some(false),
                    _ => None,
                }
            }
            "apparmor-profiles" => {
                let mut w = value.split_whitespace().map(|n| n.parse::<u32>().ok());
                if let (Some(Some(e)), Some(Some(c))) = (w.next(), w.next()) {
                    m.apparmor_enforce = Some(e);
                    m.apparmor_complain = Some(c);
                }
            }
            "" => {}
            other => {
                return Err(format!("unexpected line {:?}", super::single::clip(other)));
            }
        }
    }
    if !seen {
        return Err("no selinux-enforce or apparmor-enabled line".to_string());
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states() {
        let m = parse("selinux-enforce 1\nfile /etc/selinux/config ok\n| SELINUX=enforcing\n| SELINUXTYPE=targeted\napparmor-enabled absent\napparmor-profiles absent\n").unwrap();
        assert_eq!(m.describe(), "SELinux enforcing (targeted)");
        let m = parse("selinux-enforce 0\nfile /etc/selinux/config ok\n| SELINUX=enforcing\n| SELINUXTYPE=targeted\napparmor-enabled absent\n").unwrap();
        assert_eq!(
            m.describe(),
            "SELinux permissive (targeted), enforcing at next boot"
        );
        let m = parse("selinux-enforce absent\nfile /etc/selinux/config absent\napparmor-enabled Y\napparmor-profiles 12 1\n").unwrap();
        assert_eq!(
            m.describe(),
            "AppArmor enabled, 12 profiles enforced, 1 complaining"
        );
        let m = parse("selinux-enforce absent\nfile /etc/selinux/config absent\napparmor-enabled absent\napparmor-profiles absent\n").unwrap();
        assert_eq!(m.describe(), "neither SELinux nor AppArmor is active");
        assert!(parse("").is_err());
        assert!(parse("selinux-enforce 1\nbogus 2\n").is_err());
    }
}
