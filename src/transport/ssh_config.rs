//! The parts of OpenSSH's `~/.ssh/config` that `ops` honours where the
//! inventory is silent: HostName, User, Port, IdentityFile, ProxyJump and
//! UserKnownHostsFile. As in OpenSSH, the first value found for a keyword
//! wins, `Host` patterns take `*`, `?` and `!negation`, and `Match` blocks
//! (which need runtime conditions) are skipped.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HostSettings {
    pub hostname: Option<String>,
    pub user: Option<String>,
    pub port: Option<u16>,
    pub identity_files: Vec<String>,
    pub proxy_jump: Option<String>,
    pub known_hosts: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct SshConfig {
    blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
struct Block {
    /// None for a `Match` block, which never applies here.
    patterns: Option<Vec<String>>,
    options: Vec<(String, String)>,
}

impl SshConfig {
    /// `~/.ssh/config`, or an empty config when there is none.
    pub fn load_default() -> SshConfig {
        let Some(home) = std::env::var_os("HOME") else {
            return SshConfig::default();
        };
        SshConfig::load(&Path::new(&home).join(".ssh/config"))
    }

    pub fn load(path: &Path) -> SshConfig {
        std::fs::read_to_string(path)
            .map(|t| SshConfig::parse(&t))
            .unwrap_or_default()
    }

    pub fn parse(text: &str) -> SshConfig {
        // Lines before the first Host apply to every host.
        let mut blocks = vec![Block {
            patterns: Some(vec!["*".into()]),
            options: vec![],
        }];
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = split_keyword(line);
            let key = key.to_ascii_lowercase();
            match key.as_str() {
                "host" => blocks.push(Block {
                    patterns: Some(
                        value
                            .split_whitespace()
                            .map(|p| unquote(p).to_string())
                            .collect(),
                    ),
                    options: vec![],
                }),
                "match" => blocks.push(Block {
                    patterns: None,
                    options: vec![],
                }),
                _ => {
                    if let Some(block) = blocks.last_mut() {
                        block.options.push((key, unquote(value).to_string()));
                    }
                }
            }
        }
        SshConfig { blocks }
    }

    /// Settings for `host` (the name as typed), with `%h` in HostName expanded.
    pub fn for_host(&self, host: &str) -> HostSettings {
        let mut s = HostSettings::default();
        for block in &self.blocks {
            let Some(patterns) = &block.patterns else {
                continue;
            };
            if !matches_patterns(patterns, host) {
                continue;
            }
            for (key, value) in &block.options {
                match key.as_str() {
                    "hostname" if s.hostname.is_none() => {
                        s.hostname = Some(value.replace("%h", host))
                    }
                    "user" if s.user.is_none() => s.user = Some(value.clone()),
                    "port" if s.port.is_none() => s.port = value.parse().ok(),
                    "identityfile" => s.identity_files.push(value.clone()),
                    "proxyjump" if s.proxy_jump.is_none() => {
                        s.proxy_jump =
                            Some(value.clone()).filter(|v| !v.eq_ignore_ascii_case("none"))
                    }
                    "userknownhostsfile" if s.known_hosts.is_none() => {
                        s.known_hosts = value.split_whitespace().next().map(str::to_string)
                    }
                    _ => {}
                }
            }
        }
        s
    }
}

fn split_keyword(line: &str) -> (&str, &str) {
    let end = line
        .find(|c: char| c.is_whitespace() || c == '=')
        .unwrap_or(line.len());
    let (key, rest) = line.split_at(end);
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('=').unwrap_or(rest).trim();
    (key, rest)
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s)
}

fn matches_patterns(patterns: &[String], host: &str) -> bool {
    let mut matched = false;
    for p in patterns {
        if let Some(neg) = p.strip_prefix('!') {
            if glob(neg, host) {
                return false;
            }
        } else if glob(p, host) {
            matched = true;
        }
    }
    matched
}

/// `*` and `?` wildcards, case-insensitive as host names are.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let t: Vec<char> = text.to_ascii_lowercase().chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// `~/x` → `$HOME/x`; other paths unchanged.
pub fn expand_tilde(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "
User everyone
Host bastion
  HostName bastion.example.net
  Port 2200
Host *.prod !db*.prod
  User deploy
  IdentityFile ~/.ssh/prod_ed25519
  ProxyJump bastion
Match host foo
  User never
Host *
  User fallback
  IdentityFile ~/.ssh/id_ed25519
  Port 22
";

    #[test]
    fn first_value_wins_and_patterns_apply() {
        let c = SshConfig::parse(CONFIG);
        let s = c.for_host("web1.prod");
        assert_eq!(s.user.as_deref(), Some("everyone"));
        assert_eq!(s.port, Some(22));
        assert_eq!(s.proxy_jump.as_deref(), Some("bastion"));
        assert_eq!(
            s.identity_files,
            ["~/.ssh/prod_ed25519", "~/.ssh/id_ed25519"]
        );
        let s = c.for_host("db1.prod");
        assert_eq!(s.proxy_jump, None);
        let s = c.for_host("bastion");
        assert_eq!(
            (s.hostname.as_deref(), s.port),
            (Some("bastion.example.net"), Some(2200))
        );
        assert_eq!(c.for_host("foo").user.as_deref(), Some("everyone"));
    }

    #[test]
    fn globs() {
        assert!(glob("*.prod", "a.prod"));
        assert!(glob("web?", "WEB1"));
        assert!(!glob("web?", "web10"));
        assert!(glob("*", ""));
    }
}
