//! The `accounts` section of the collection script: who holds super-user
//! rights on a host (the customer's 《服务器、网络设备超级用户帐号对照表》).
//!
//! ```text
//! uid0 root
//! group sudo alice,bob
//! primary wheel carol
//! file /etc/sudoers ok
//! | root ALL=(ALL:ALL) ALL
//! | %sudo ALL=(ALL:ALL) ALL
//! file /etc/sudoers.d/ops denied
//! keys /root/.ssh/authorized_keys ok
//! key ssh-ed25519 3f1c…(64 hex) alice@laptop
//! keys /root/.ssh/authorized_keys2 absent
//! ```
//!
//! `passwd denied` / `group denied` replace the first lines when those files
//! cannot be read. Key lines carry the SHA-256 of the key blob in hex (or `-`
//! when the host could not compute it), never the key itself.

use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// What the section says, part by part. A part that could not be read is
/// named in `unread` and its list left empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PrivilegedAccounts {
    /// Accounts with uid 0 (`root` and any other).
    pub uid0: Vec<String>,
    /// Members of `sudo`, `wheel` and `admin`, listed in /etc/group or having
    /// the group as their primary group.
    pub admin_groups: Vec<GroupMember>,
    /// The rules of the sudoers files (comments and `Defaults` left out,
    /// continuation lines joined).
    pub sudoers: Vec<SudoersRule>,
    /// root's authorized keys, as fingerprints.
    pub root_keys: Vec<RootKey>,
    /// Files or parts that exist but could not be read (`/etc/sudoers`,
    /// `/root/.ssh/authorized_keys`, `/etc/passwd`…).
    pub unread: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GroupMember {
    pub group: String,
    pub user: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SudoersRule {
    pub file: String,
    pub rule: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RootKey {
    /// `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`…
    pub kind: String,
    /// `SHA256:…` as `ssh-keygen -l` prints it; None when the host had no
    /// `base64`/`sha256sum` to compute it.
    pub fingerprint: Option<String>,
    /// The key's comment (often who it belongs to).
    pub comment: String,
    pub file: String,
}

pub fn parse(text: &str) -> Result<PrivilegedAccounts, String> {
    let mut out = PrivilegedAccounts::default();
    // The file whose `| ` lines follow, and whether it was read.
    let mut file: Option<String> = None;
    let mut pending = String::new();
    let mut keys_file = String::new();
    let flush = |out: &mut PrivilegedAccounts, file: &Option<String>, pending: &mut String| {
        let rule = pending.trim().to_string();
        pending.clear();
        if let Some(f) = file
            && !rule.is_empty()
            && !is_default(&rule)
        {
            out.sudoers.push(SudoersRule {
                file: f.clone(),
                rule,
            });
        }
    };
    for (n, line) in text.lines().enumerate() {
        let bad = || format!("line {}: unexpected {line:?}", n + 1);
        if let Some(body) = line
            .strip_prefix("| ")
            .or(if line == "|" { Some("") } else { None })
        {
            if file.is_none() {
                return Err(bad());
            }
            // A rule ending in `\` goes on on the next line.
            match body.trim_end().strip_suffix('\\') {
                Some(part) => {
                    pending.push_str(part);
                    pending.push(' ');
                }
                None => {
                    pending.push_str(body);
                    flush(&mut out, &file, &mut pending);
                }
            }
            continue;
        }
        flush(&mut out, &file, &mut pending);
        file = None;
        if line.trim().is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["uid0", name] => out.uid0.push((*name).to_string()),
            ["passwd", "denied"] => out.unread.push("/etc/passwd".into()),
            ["group", "denied"] => out.unread.push("/etc/group".into()),
            // A group without listed members.
            ["group", _] => {}
            ["group", group, members] => {
                for user in members.split(',').filter(|u| !u.is_empty()) {
                    push_member(&mut out, group, user);
                }
            }
            ["primary", group, user] => push_member(&mut out, group, user),
            ["file", path, state] => match *state {
                "ok" => file = Some((*path).to_string()),
                "denied" => out.unread.push((*path).to_string()),
                "absent" => {}
                _ => return Err(bad()),
            },
            ["keys", path, state] => match *state {
                "ok" => keys_file = (*path).to_string(),
                "denied" => out.unread.push((*path).to_string()),
                "absent" => {}
                _ => return Err(bad()),
            },
            ["key", kind, hash, comment @ ..] => out.root_keys.push(RootKey {
                kind: (*kind).to_string(),
                fingerprint: fingerprint(hash),
                comment: comment.join(" "),
                file: keys_file.clone(),
            }),
            _ => return Err(bad()),
        }
    }
    flush(&mut out, &file, &mut pending);
    out.uid0.sort();
    out.uid0.dedup();
    out.admin_groups.sort();
    out.admin_groups.dedup();
    Ok(out)
}

fn push_member(out: &mut PrivilegedAccounts, group: &str, user: &str) {
    out.admin_groups.push(GroupMember {
        group: group.to_string(),
        user: user.to_string(),
    });
}

/// `Defaults` lines set options; they grant nothing.
fn is_default(rule: &str) -> bool {
    rule.split(|c: char| c.is_whitespace() || matches!(c, ':' | '@' | '!' | '>'))
        .next()
        .is_some_and(|w| w == "Defaults")
}

/// The hex SHA-256 of a key blob as OpenSSH writes it: `SHA256:` and the
/// digest in base64 without padding.
fn fingerprint(hex: &str) -> Option<String> {
    if hex.len() != 64 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..32)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
        .collect();
    let b64 = base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes?);
    Some(format!("SHA256:{b64}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_run_reads_every_part() {
        let text = "uid0 root\nuid0 toor\ngroup sudo alice,bob\nprimary wheel carol\n\
                    file /etc/sudoers ok\n| Defaults env_reset\n| Defaults:alice !requiretty\n\
                    | root ALL=(ALL:ALL) ALL\n| %sudo ALL=(ALL:ALL) \\\n|   ALL\n\
                    | @includedir /etc/sudoers.d\nfile /etc/sudoers.d/ops ok\n\
                    | ops ALL=(root) NOPASSWD: /usr/bin/systemctl\n\
                    keys /root/.ssh/authorized_keys ok\n\
                    key ssh-ed25519 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 alice@laptop\n\
                    key ssh-rsa - \nkeys /root/.ssh/authorized_keys2 absent\n";
        let a = parse(text).unwrap();
        assert_eq!(a.uid0, ["root", "toor"]);
        assert_eq!(
            a.admin_groups,
            [
                GroupMember {
                    group: "sudo".into(),
                    user: "alice".into()
                },
                GroupMember {
                    group: "sudo".into(),
                    user: "bob".into()
                },
                GroupMember {
                    group: "wheel".into(),
                    user: "carol".into()
                },
            ]
        );
        let rules: Vec<&str> = a.sudoers.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(
            rules,
            [
                "root ALL=(ALL:ALL) ALL",
                "%sudo ALL=(ALL:ALL)    ALL",
                "@includedir /etc/sudoers.d",
                "ops ALL=(root) NOPASSWD: /usr/bin/systemctl"
            ]
        );
        assert_eq!(a.sudoers[3].file, "/etc/sudoers.d/ops");
        // The SHA-256 of nothing, as ssh-keygen would print it.
        assert_eq!(
            a.root_keys[0].fingerprint.as_deref(),
            Some("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")
        );
        assert_eq!(a.root_keys[0].comment, "alice@laptop");
        assert_eq!(a.root_keys[1].fingerprint, None);
        assert!(a.unread.is_empty());
    }

    #[test]
    fn an_unprivileged_run_says_what_it_could_not_read() {
        let text = "uid0 root\ngroup sudo \nfile /etc/sudoers denied\nfile /etc/sudoers.d denied\n\
                    keys /root/.ssh/authorized_keys denied\nkeys /root/.ssh/authorized_keys2 denied\n";
        let a = parse(text).unwrap();
        assert_eq!(a.uid0, ["root"]);
        assert!(a.admin_groups.is_empty());
        assert_eq!(
            a.unread,
            [
                "/etc/sudoers",
                "/etc/sudoers.d",
                "/root/.ssh/authorized_keys",
                "/root/.ssh/authorized_keys2"
            ]
        );
    }

    #[test]
    fn stray_lines_are_errors() {
        assert!(
            parse("| root ALL=(ALL) ALL\n")
                .unwrap_err()
                .contains("line 1")
        );
        assert!(parse("uid0\n").is_err());
        assert!(parse("file /etc/sudoers maybe\n").is_err());
    }
}
