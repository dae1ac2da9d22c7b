//! The collection script's `password` section: the password-ageing and
//! length settings of `/etc/login.defs`, `pwquality.conf` (and its `.d`)
//! and the `password` lines of the PAM stack, as
//! `file PATH ok|absent|denied` followed by the matching lines as `| LINE`.

use serde::Serialize;
/// Whether a policy file could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    Read,
    Absent,
    Denied,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyFile {
    pub path: String,
    pub state: FileState,
}

/// A `password` line of the PAM stack that can set a minimum length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PamPassword {
    /// `pam_pwquality`, `pam_cracklib` or `pam_unix`.
    pub module: String,
    pub minlen: Option<u32>,
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct PasswordPolicy {
    /// `PASS_MAX_DAYS` (negative or 99999 means "never expires").
    pub max_days: Option<i64>,
    /// `PASS_MIN_LEN` (only used by tools that do not go through PAM).
    pub pass_min_len: Option<u32>,
    /// `minlen` of pwquality.conf (the last file read wins) and that file.
    pub pwquality_minlen: Option<(u32, String)>,
    pub pam: Vec<PamPassword>,
    pub files: Vec<PolicyFile>,
}

/// libpwquality's and cracklib's minimum length when none is configured.
pub const PWQUALITY_DEFAULT_MINLEN: u32 = 9;

impl PasswordPolicy {
    pub fn file(&self, path: &str) -> Option<&PolicyFile> {
        self.files.iter().find(|f| f.path == path)
    }

    /// The minimum password length that applies, and where it comes from:
    /// a quality module in the PAM stack (its `minlen=`, else pwquality.conf,
    /// else its built-in 9), else `pam_unix minlen=`, else pwquality.conf,
    /// else `PASS_MIN_LEN`. `None` when nothing sets one.
    pub fn effective_min_len(&self) -> Option<(u32, String)> {
        if let Some(q) = self
            .pam
            .iter()
            .find(|p| p.module == "pam_pwquality" || p.module == "pam_cracklib")
        {
            if let Some(n) = q.minlen {
                return Some((n, format!("{} minlen in {}", q.module, q.file)));
            }
            if q.module == "pam_pwquality"
                && let Some((n, file)) = &self.pwquality_minlen
            {
                return Some((*n, format!("minlen in {file}")));
            }
            return Some((
                PWQUALITY_DEFAULT_MINLEN,
                format!("{} default (in {})", q.module, q.file),
            ));
        }
        if let Some(u) = self
            .pam
            .iter()
            .find(|p| p.module == "pam_unix" && p.minlen.is_some())
        {
            return u
                .minlen
                .map(|n| (n, format!("pam_unix minlen in {}", u.file)));
        }
        if let Some((n, file)) = &self.pwquality_minlen {
            return Some((*n, format!("minlen in {file}")));
        }
        self.pass_min_len
            .map(|n| (n, "PASS_MIN_LEN in /etc/login.defs".to_string()))
    }
}

pub fn parse(text: &str) -> Result<PasswordPolicy, String> {
    let mut policy = PasswordPolicy::default();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("file ") {
            let Some((path, state)) = rest.trim_end().rsplit_once(' ') else {
                return Err(format!("bad file line: {:?}", super::single::clip(line)));
            };
            let state = match state {
                "ok" => FileState::Read,
                "absent" => FileState::Absent,
                "denied" => FileState::Denied,
                _ => return Err(format!("bad file state: {:?}", super::single::clip(line))),
            };
            policy.files.push(PolicyFile {
                path: path.to_string(),
                state,
            });
            continue;
        }
        let Some(content) = super::run::output_line(line) else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(format!("unexpected line: {:?}", super::single::clip(line)));
        };
        let Some(file) = policy.files.last().map(|f| f.path.clone()) else {
            return Err("a setting before any `file` line".to_string());
        };
        let content = content.trim();
        if content.starts_with('#') {
            continue;
        }
        if file.ends_with("login.defs") {
            let mut words = content.split_whitespace();
            match (words.next(), words.next()) {
                (Some("PASS_MAX_DAYS"), Some(v)) => policy.max_days = v.parse().ok(),
                (Some("PASS_MIN_LEN"), Some(v)) => policy.pass_min_len = v.parse().ok(),
                _ => {}
            }
        } else if file.contains("pwquality") {
            if let Some((k, v)) = content.split_once('=')
                && k.trim() == "minlen"
                && let Ok(n) = v.trim().parse::<u32>()
            {
                policy.pwquality_minlen = Some((n, file.clone()));
            }
        } else if file.contains("pam.d") {
            let words: Vec<&str> = content.split_whitespace().collect();
            if words.first() != Some(&"password") {
                continue;
            }
            let Some(module) = words.iter().find_map(|w| {
                let base = w.rsplit('/').next()?;
                let m = base.strip_suffix(".so")?;
                ["pam_pwquality", "pam_cracklib", "pam_unix"]
                    .contains(&m)
                    .then(|| m.to_string())
            }) else {
                continue;
            };
            let minlen = words
                .iter()
                .find_map(|w| w.strip_prefix("minlen=")?.parse::<u32>().ok());
            policy.pam.push(PamPassword {
                module,
                minlen,
                file: file.clone(),
            });
        }
    }
    if policy.files.is_empty() {
        return Err("no policy file was looked at".to_string());
    }
    Ok(policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_debian_defaults() {
        let text = "file /etc/login.defs ok\n| PASS_MAX_DAYS\t99999\n\
                    file /etc/security/pwquality.conf absent\n\
                    file /etc/pam.d/common-password ok\n\
                    | password\t[success=1 default=ignore]\tpam_unix.so obscure yescrypt\n\
                    file /etc/pam.d/system-auth absent\nfile /etc/pam.d/password-auth absent\n";
        let p = parse(text).unwrap();
        assert_eq!(p.max_days, Some(99999));
        assert_eq!(p.pass_min_len, None);
        assert_eq!(p.pwquality_minlen, None);
        assert_eq!(
            p.pam,
            vec![PamPassword {
                module: "pam_unix".into(),
                minlen: None,
                file: "/etc/pam.d/common-password".into()
            }]
        );
        assert_eq!(p.effective_min_len(), None);
        assert_eq!(p.files.len(), 5);
        assert_eq!(
            p.file("/etc/security/pwquality.conf").unwrap().state,
            FileState::Absent
        );
    }

    #[test]
    fn precedence_of_minimum_length() {
        let rhel = "file /etc/login.defs ok\n| PASS_MAX_DAYS 30\n| PASS_MIN_LEN 5\n\
                    file /etc/security/pwquality.conf ok\n| minlen = 12\n\
                    file /etc/security/pwquality.conf.d/50-site.conf ok\n| minlen=14\n\
                    file /etc/pam.d/system-auth ok\n\
                    | password    requisite     pam_pwquality.so local_users_only\n\
                    | password    sufficient    pam_unix.so sha512 shadow nullok use_authtok\n";
        let p = parse(rhel).unwrap();
        assert_eq!(p.max_days, Some(30));
        assert_eq!(p.pass_min_len, Some(5));
        assert_eq!(
            p.effective_min_len(),
            Some((
                14,
                "minlen in /etc/security/pwquality.conf.d/50-site.conf".into()
            ))
        );
        let arg = "file /etc/pam.d/common-password ok\n| password requisite /lib/security/pam_cracklib.so retry=3 minlen=10\n";
        assert_eq!(
            parse(arg).unwrap().effective_min_len(),
            Some((
                10,
                "pam_cracklib minlen in /etc/pam.d/common-password".into()
            ))
        );
        let default =
            "file /etc/pam.d/common-password ok\n| password requisite pam_pwquality.so retry=3\n";
        assert_eq!(parse(default).unwrap().effective_min_len().unwrap().0, 9);
        let unix = "file /etc/login.defs ok\n| PASS_MIN_LEN 6\nfile /etc/pam.d/common-password ok\n| password required pam_unix.so minlen=8\n";
        assert_eq!(parse(unix).unwrap().effective_min_len().unwrap().0, 8);
        let legacy = "file /etc/login.defs ok\n| PASS_MIN_LEN 6\n";
        assert_eq!(
            parse(legacy).unwrap().effective_min_len(),
            Some((6, "PASS_MIN_LEN in /etc/login.defs".into()))
        );
    }

    #[test]
    fn denied_and_garbage() {
        let p = parse("file /etc/login.defs denied\n").unwrap();
        assert_eq!(p.files[0].state, FileState::Denied);
        assert_eq!(p.max_days, None);
        assert!(parse("").is_err());
        assert!(parse("| PASS_MAX_DAYS 1\n").is_err());
        assert!(parse("file /x weird\n").is_err());
        assert!(parse("file /etc/login.defs ok\nstray\n").is_err());
    }
}
