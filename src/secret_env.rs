//! The environment variables that hold secrets, kept out of every process
//! `ops` starts.
//!
//! `ops` reads passwords and the key passphrase from its own environment
//! (never from arguments), but a child inherits that environment, and any
//! process of the same user can read it from `/proc/PID/environ` for as
//! long as the child runs: the collection script of a local inspection, a
//! runbook probe, `pg_restore`. So every child is started through
//! [`command`], which leaves out:
//!
//! - the variables `ops` and the database clients read themselves
//!   ([`KNOWN`]: `OPS_SSH_KEY_PASSPHRASE`, `PGPASSWORD`, `MYSQL_PWD`);
//! - every variable an inventory's `password_env` names, recorded with
//!   [`remember`] when the inventory is read;
//! - any variable whose name says it is a secret (`…PASSWORD…`, `…PASSWD…`,
//!   `…PASSPHRASE…`, `…SECRET…`), for the names nobody told us about.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::process::Command;
use std::sync::Mutex;

/// Secret variables known by name.
pub const KNOWN: &[&str] = &["OPS_SSH_KEY_PASSPHRASE", "PGPASSWORD", "MYSQL_PWD"];

/// Parts of a variable name that mark it as a secret (compared upper-case).
const MARKS: &[&str] = &["PASSWORD", "PASSWD", "PASSPHRASE", "SECRET"];

static NAMED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// Record variable names that hold secrets (an inventory's `password_env`).
pub fn remember<I: IntoIterator<Item = S>, S: Into<String>>(names: I) {
    let mut named = NAMED.lock().unwrap_or_else(|e| e.into_inner());
    named.extend(names.into_iter().map(Into::into));
}

/// Whether the variable `name` holds a secret.
pub fn is_secret(name: &OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    let upper = name.to_ascii_uppercase();
    KNOWN.contains(&name)
        || MARKS.iter().any(|m| upper.contains(m))
        || NAMED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(name)
}

/// `Command::new(program)` without any secret variable in its environment.
pub fn command<S: AsRef<OsStr>>(program: S) -> Command {
    let mut cmd = Command::new(program);
    for (name, _) in std::env::vars_os() {
        if is_secret(&name) {
            cmd.env_remove(&name);
        }
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_known_marked_or_remembered() {
        for name in [
            "OPS_SSH_KEY_PASSPHRASE",
            "PGPASSWORD",
            "MYSQL_PWD",
            "APP_DB_PASSWORD",
            "ldap_passwd",
            "VAULT_SECRET",
        ] {
            assert!(is_secret(OsStr::new(name)), "{name}");
        }
        for name in [
            "PATH",
            "HOME",
            "PWD",
            "OLDPWD",
            "LC_ALL",
            "OPS_RECORDS",
            "PGPW_T",
        ] {
            assert!(!is_secret(OsStr::new(name)), "{name}");
        }
        remember(["PGPW_T"]);
        assert!(is_secret(OsStr::new("PGPW_T")));
    }
}
