//! From the words on the command line to concrete targets.
//!
//! A word is an inventory entry, a group, `all`, `local`, or an address
//! `[user@]host[:port]`. No word selects every entry of the kind, and with no
//! inventory either, the local machine, so `ops inspect host` works out of
//! the box. Connection settings are layered: the inventory entry, then the
//! inventory's `[defaults]`, then `~/.ssh/config`, then OpenSSH's defaults.
//!
//! An ad-hoc target must look like one: `user@host`, an IP address, a name
//! reached through a jump host, or a name that resolves (`~/.ssh/config`'s
//! HostName, /etc/hosts, DNS). A bare word that is none of these is taken for
//! a mistyped inventory name and refused as a usage error, with the nearest
//! inventory name or group suggested, before anything is inspected or
//! recorded ([`check_bare_name`]).

use super::jump::{Jump, MAX_HOPS};
use super::{Inventory, Kind};
use crate::transport::ssh::SshTarget;
use crate::transport::ssh_config::{SshConfig, expand_tilde};
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum TargetSpec {
    Local,
    Ssh(SshTarget),
}

impl TargetSpec {
    pub fn describe(&self) -> String {
        match self {
            TargetSpec::Local => "local".into(),
            TargetSpec::Ssh(t) => t.display(),
        }
    }
}

/// One target to act on, with the threshold overrides (groups, then the
/// entry) that apply to it on top of the configuration's.
#[derive(Debug, Clone)]
pub struct Target {
    pub name: String,
    pub spec: TargetSpec,
    pub overrides: toml::Table,
}

pub type Resolved = Vec<Target>;

/// Per-layer threshold validation, so a bad override names its line.
pub type Validate<'a> = &'a dyn Fn(&toml::Table) -> std::result::Result<(), String>;

pub fn resolve_hosts(
    words: &[String],
    inventory: &Inventory,
    ssh_config: &SshConfig,
    validate: Validate,
) -> Result<Resolved> {
    let mut names: Vec<String> = Vec::new();
    let mut adhoc: Vec<(usize, Target)> = Vec::new();
    if words.is_empty() {
        if inventory.hosts.is_empty() {
            return Ok(vec![local_target()]);
        }
        names = inventory.select("all", Kind::Host).unwrap_or_default();
    }
    for word in words {
        if let Some(selected) = inventory.select(word, Kind::Host) {
            if selected.is_empty() {
                return Err(crate::bad_input!("group {word:?} has no hosts"));
            }
            for n in selected {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        } else if word == "local" || word == "localhost" {
            adhoc.push((names.len(), local_target()));
        } else {
            let spec = parse_address(word, inventory, ssh_config)?;
            check_bare_name(word, &spec, inventory)?;
            adhoc.push((
                names.len(),
                Target {
                    name: word.clone(),
                    spec: TargetSpec::Ssh(spec),
                    overrides: toml::Table::new(),
                },
            ));
        }
    }
    let mut targets = Vec::new();
    for name in &names {
        let host = inventory.host(name).expect("selected from the inventory");
        let overrides = inventory.threshold_layers(
            &toml::Table::new(),
            &host.name,
            &host.groups,
            host.thresholds.as_ref(),
            validate,
        )?;
        let spec = if host.local {
            TargetSpec::Local
        } else {
            let alias = host.address.clone().unwrap_or_else(|| name.clone());
            let entry = Entry {
                user: host.user.clone(),
                port: host.port,
                key: host.key.clone(),
                jump: host.jump.clone(),
            };
            TargetSpec::Ssh(ssh_target(&alias, entry, inventory, ssh_config)?)
        };
        targets.push(Target {
            name: name.clone(),
            spec,
            overrides,
        });
    }
    // Ad-hoc words keep their place relative to inventory selections.
    for (offset, (at, target)) in adhoc.into_iter().enumerate() {
        targets.insert((at + offset).min(targets.len()), target);
    }
    let mut seen = std::collections::HashSet::new();
    targets.retain(|t| seen.insert(t.name.clone()));
    Ok(targets)
}

/// How long a name lookup for [`check_bare_name`] may take; past it the
/// name is given the benefit of the doubt (the run then says what happened).
const LOOKUP_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Refuse a bare word that is not in the inventory and does not resolve
/// (see the module documentation): exit 64, nothing inspected or recorded.
pub fn check_bare_name(word: &str, target: &SshTarget, inventory: &Inventory) -> Result<()> {
    if word.contains('@') || target.jump.is_some() {
        return Ok(());
    }
    match crate::transport::ssh::lookup(&target.host, target.port, LOOKUP_WAIT) {
        crate::transport::ssh::Lookup::Failed(_) => Err(crate::usage_error!(
            "{}; an ad-hoc target is written user@host, an IP address, or a name that resolves",
            not_in_inventory(word, inventory)
        )),
        _ => Ok(()),
    }
}

/// `"web02" is not in the inventory (did you mean web01?)`.
pub fn not_in_inventory(word: &str, inventory: &Inventory) -> String {
    match inventory.nearest(word) {
        Some(near) => format!("{word:?} is not in the inventory (did you mean {near}?)"),
        None => format!("{word:?} is not in the inventory, nor a group in it"),
    }
}

fn local_target() -> Target {
    Target {
        name: crate::transport::local_hostname(),
        spec: TargetSpec::Local,
        overrides: toml::Table::new(),
    }
}

/// The connection fields an inventory entry may set.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub user: Option<String>,
    pub port: Option<u16>,
    pub key: Option<String>,
    pub jump: Option<Jump>,
}

/// What is being resolved: a target, or a hop of a target's jump chain.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    /// `[defaults] jump` applies.
    Target,
    /// A hop: `[defaults] jump` does not apply (it names the hops), and only
    /// the first hop of a chain follows a jump of its own, as ssh's
    /// `ProxyJump a,b` reaches `b` through `a` whatever `b`'s config says.
    Hop { own_jump: bool },
}

/// Layer an entry's settings over the inventory defaults and `~/.ssh/config`.
pub fn ssh_target(
    alias: &str,
    entry: Entry,
    inventory: &Inventory,
    ssh_config: &SshConfig,
) -> Result<SshTarget> {
    resolve_with(
        alias,
        entry,
        inventory,
        ssh_config,
        Role::Target,
        &mut Vec::new(),
    )
}

/// [`ssh_target`] for `role`; `path` holds the hops being resolved around
/// this one, so that a loop through `~/.ssh/config` or the inventory is
/// refused instead of followed.
fn resolve_with(
    alias: &str,
    entry: Entry,
    inventory: &Inventory,
    ssh_config: &SshConfig,
    role: Role,
    path: &mut Vec<String>,
) -> Result<SshTarget> {
    let cfg = ssh_config.for_host(alias);
    let d = &inventory.defaults;
    let user = entry
        .user
        .or_else(|| d.user.clone())
        .or(cfg.user)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "root".into());
    let port = entry.port.or(d.port).or(cfg.port).unwrap_or(22);
    let identity_files: Vec<PathBuf> = match entry.key.or_else(|| d.key.clone()) {
        Some(k) => vec![expand_tilde(&k)],
        None if !cfg.identity_files.is_empty() => {
            cfg.identity_files.iter().map(|k| expand_tilde(k)).collect()
        }
        None => ["~/.ssh/id_ed25519", "~/.ssh/id_ecdsa", "~/.ssh/id_rsa"]
            .iter()
            .map(|k| expand_tilde(k))
            .collect(),
    };
    let from_ssh_config = || match &cfg.proxy_jump {
        Some(text) => Jump::parse(text)
            .map_err(|e| crate::bad_input!("ProxyJump for {alias} in ~/.ssh/config: {e}")),
        None => Ok(None),
    };
    let jump = match role {
        Role::Target => match entry.jump.or_else(|| d.jump.clone()) {
            Some(j) => Some(j),
            None => from_ssh_config()?,
        },
        Role::Hop { own_jump: true } => match entry.jump {
            Some(j) => Some(j),
            None => from_ssh_config()?,
        },
        Role::Hop { own_jump: false } => None,
    };
    let jump = match jump {
        Some(j) => Some(Box::new(chain(&j, inventory, ssh_config, path)?)),
        None => None,
    };
    Ok(SshTarget {
        host: cfg.hostname.unwrap_or_else(|| alias.to_string()),
        port,
        user,
        identity_files,
        jump,
    })
}

/// The jump chain `jump` as nested targets: the last hop, reached through
/// the one before it, and so on down to the first hop (which may itself be
/// reached through a jump of its own).
fn chain(
    jump: &Jump,
    inventory: &Inventory,
    ssh_config: &SshConfig,
    path: &mut Vec<String>,
) -> Result<SshTarget> {
    let mut through: Option<Box<SshTarget>> = None;
    for (i, word) in jump.0.iter().enumerate() {
        if path.contains(word) {
            return Err(crate::bad_input!(
                "jump chain loops: {} → {word}",
                path.join(" → ")
            ));
        }
        if path.len() >= MAX_HOPS {
            return Err(crate::bad_input!(
                "jump chain {} → {word} is longer than {MAX_HOPS} hops",
                path.join(" → ")
            ));
        }
        path.push(word.clone());
        let mut hop = hop_target(word, inventory, ssh_config, i == 0, path)?;
        if i > 0 {
            hop.jump = through.take();
        }
        through = Some(Box::new(hop));
    }
    Ok(*through.expect("a jump has at least one hop"))
}

fn hop_target(
    word: &str,
    inventory: &Inventory,
    ssh_config: &SshConfig,
    own_jump: bool,
    path: &mut Vec<String>,
) -> Result<SshTarget> {
    let role = Role::Hop { own_jump };
    if let Some(h) = inventory.host(word) {
        let alias = h.address.clone().unwrap_or_else(|| word.to_string());
        let entry = Entry {
            user: h.user.clone(),
            port: h.port,
            key: h.key.clone(),
            jump: h.jump.clone(),
        };
        return resolve_with(&alias, entry, inventory, ssh_config, role, path);
    }
    parse_address_with(word, inventory, ssh_config, role, path)
}

/// `[user@]host[:port]` (`[v6addr]:port` for IPv6) as an SSH target.
pub fn parse_address(
    word: &str,
    inventory: &Inventory,
    ssh_config: &SshConfig,
) -> Result<SshTarget> {
    parse_address_with(word, inventory, ssh_config, Role::Target, &mut Vec::new())
}

/// The user and the rest of an address's authority (`user@host:port`).
/// Err when the user part holds a password (`user:pw@…`): the caller
/// refuses it without echoing the word.
pub fn user_and_host(authority: &str) -> Result<(Option<&str>, &str), ()> {
    match authority.rsplit_once('@') {
        Some((u, _)) if u.contains(':') => Err(()),
        Some((u, h)) => Ok((Some(u), h)),
        None => Ok((None, authority)),
    }
}

/// The host and port of `host[:port]`, `[v6addr][:port]` or a bare IPv6
/// address, the host checked to be a name or an address (letters, digits,
/// `.-_:`, not starting with `-`, so it cannot pass for an option). None
/// when it is neither.
pub fn host_port(text: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if let Some(v6) = text.strip_prefix('[') {
        let (h, tail) = v6.split_once(']')?;
        let port = match tail.strip_prefix(':') {
            Some(p) => Some(p.parse::<u16>().ok()?),
            None if tail.is_empty() => None,
            None => return None,
        };
        (h, port)
    } else {
        match text.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => (h, Some(p.parse::<u16>().ok()?)),
            _ => (text, None),
        }
    };
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
        && !host.starts_with('-');
    valid.then_some((host, port))
}

/// `[user@]host[:port]`, with `[v6addr]:port` for IPv6.
fn parse_address_with(
    word: &str,
    inventory: &Inventory,
    ssh_config: &SshConfig,
    role: Role,
    path: &mut Vec<String>,
) -> Result<SshTarget> {
    let bad =
        || crate::bad_input!("{word:?} is not an inventory name, a group or [user@]host[:port]");
    let (user, rest) = match word.rsplit_once('@') {
        Some((u, r)) if !u.is_empty() => (Some(u.to_string()), r),
        Some(_) => return Err(bad()),
        None => (None, word),
    };
    let (host, port) = host_port(rest).ok_or_else(bad)?;
    let entry = Entry {
        user,
        port,
        key: None,
        jump: None,
    };
    resolve_with(host, entry, inventory, ssh_config, role, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_port_reads_names_addresses_and_ipv6() {
        assert_eq!(
            host_port("db1.example:5433"),
            Some(("db1.example", Some(5433)))
        );
        assert_eq!(host_port("10.0.0.5"), Some(("10.0.0.5", None)));
        assert_eq!(host_port("[::1]:8443"), Some(("::1", Some(8443))));
        assert_eq!(host_port("fe80::1"), Some(("fe80::1", None)));
        for bad in ["", "-oProxy", "h:99999", "[::1", "[::1]x", "a b", "h:"] {
            assert_eq!(host_port(bad), None, "{bad}");
        }
    }
    use std::path::Path;

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn no_word_and_no_inventory_is_the_local_machine() {
        let t = resolve_hosts(&[], &Inventory::default(), &SshConfig::default(), &|_| {
            Ok(())
        })
        .unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].spec, TargetSpec::Local);
    }

    #[test]
    fn addresses_inventory_and_ssh_config_layer() {
        let inv = Inventory::parse(
            Path::new("inventory.toml"),
            "[defaults]\nuser = \"ops\"\n[[host]]\nname = \"web01\"\naddress = \"10.1.1.1\"\nport = 2200\njump = \"bastion\"\n[[host]]\nname = \"bastion\"\nuser = \"jump\"\n",
        )
        .unwrap();
        let cfg = SshConfig::parse(
            "Host bastion\n  HostName 192.0.2.1\n  Port 2222\nHost *\n  User nobody\n",
        );
        let t = resolve_hosts(
            &words(&["web01", "root@[::1]:2022", "alice@db9"]),
            &inv,
            &cfg,
            &|_| Ok(()),
        )
        .unwrap();
        let names: Vec<_> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["web01", "root@[::1]:2022", "alice@db9"]);
        let TargetSpec::Ssh(web) = &t[0].spec else {
            panic!()
        };
        assert_eq!(
            (web.host.as_str(), web.port, web.user.as_str()),
            ("10.1.1.1", 2200, "ops")
        );
        let jump = web.jump.as_ref().unwrap();
        assert_eq!(
            (jump.host.as_str(), jump.port, jump.user.as_str()),
            ("192.0.2.1", 2222, "jump")
        );
        let TargetSpec::Ssh(v6) = &t[1].spec else {
            panic!()
        };
        assert_eq!(
            (v6.host.as_str(), v6.port, v6.user.as_str()),
            ("::1", 2022, "root")
        );
        let TargetSpec::Ssh(db) = &t[2].spec else {
            panic!()
        };
        assert_eq!((db.user.as_str(), db.port), ("alice", 22));
    }

    /// The hops of `t`'s chain, nearest first, as `user@host:port`.
    fn hops(t: &SshTarget) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = t.jump.as_deref();
        while let Some(hop) = at {
            out.insert(0, format!("{}@{}:{}", hop.user, hop.host, hop.port));
            at = hop.jump.as_deref();
        }
        out
    }

    fn ssh_of(t: &Target) -> &SshTarget {
        match &t.spec {
            TargetSpec::Ssh(s) => s,
            TargetSpec::Local => panic!("local"),
        }
    }

    #[test]
    fn a_jump_list_and_a_proxyjump_chain_nest_nearest_first() {
        let inv = Inventory::parse(
            Path::new("inventory.toml"),
            "[defaults]\nuser = \"ops\"\n\
             [[host]]\nname = \"db01\"\naddress = \"10.3.0.5\"\njump = [\"b1\", \"jump@10.2.0.1:2222\"]\n\
             [[host]]\nname = \"b1\"\naddress = \"192.0.2.1\"\njump = \"b0\"\n\
             [[host]]\nname = \"b0\"\naddress = \"192.0.2.9\"\n",
        )
        .unwrap();
        let cfg = SshConfig::parse(
            "Host app9\n  HostName 10.4.0.9\n  ProxyJump b1,b2\n\
             Host b2\n  HostName 10.2.0.2\n  ProxyJump b1\n",
        );
        let t = resolve_hosts(&words(&["db01", "app9"]), &inv, &cfg, &|_| Ok(())).unwrap();
        // b1 is the first hop, so its own jump (b0) comes before it.
        assert_eq!(
            hops(ssh_of(&t[0])),
            ["ops@192.0.2.9:22", "ops@192.0.2.1:22", "jump@10.2.0.1:2222"]
        );
        // A later hop (b2) is reached through the one before it, whatever
        // its own ProxyJump says, as ssh does.
        assert_eq!(
            hops(ssh_of(&t[1])),
            ["ops@192.0.2.9:22", "ops@192.0.2.1:22", "ops@10.2.0.2:22"]
        );
        assert_eq!(ssh_of(&t[1]).host, "10.4.0.9");
    }

    #[test]
    fn a_jump_chain_that_loops_is_refused() {
        let cfg = SshConfig::parse("Host b1\n  ProxyJump b2\nHost b2\n  ProxyJump b1\n");
        let inv = Inventory::parse(
            Path::new("inventory.toml"),
            "[[host]]\nname = \"web\"\naddress = \"10.0.0.1\"\njump = \"b1\"\n",
        )
        .unwrap();
        let err = resolve_hosts(&words(&["web"]), &inv, &cfg, &|_| Ok(())).unwrap_err();
        assert!(
            format!("{err:#}").contains("jump chain loops: b1 → b2 → b1"),
            "{err:#}"
        );
    }

    #[test]
    fn rejects_words_that_are_not_addresses() {
        for bad in ["-oProxyCommand=x", "a b", "@host", "host:port", "x;rm"] {
            let err = resolve_hosts(
                &words(&[bad]),
                &Inventory::default(),
                &SshConfig::default(),
                &|_| Ok(()),
            );
            assert!(err.is_err(), "{bad} accepted");
        }
    }
}
