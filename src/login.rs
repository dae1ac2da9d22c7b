//! Who is running `ops`: the login name the operating system knows for this
//! process, so that ticket events and commits always name a person.
//!
//! `$USER` is not enough: cron, systemd units and `env -i` leave it unset, and
//! a record that says `by = "unknown"` is no audit trail. The password
//! database (getpwuid) answers for the real user id; the environment is asked
//! only when the uid has no entry there (a container started with an
//! arbitrary uid), and the bare uid is the last word.

use std::ffi::CStr;

/// The login name of the user running `ops`.
///
/// `OPS_USER`, when set, names the person instead: on a jump host where the
/// team shares one account, it names who acted. It is self-declared, as git's
/// `user.name` is, so what must tell people apart (`change approve`) also
/// compares [`actor`]'s OS login; the commit carries the OS login in its
/// address (`login_at_host`).
pub fn login_name() -> String {
    if let Some(person) = std::env::var("OPS_USER")
        .ok()
        .filter(|s| !s.trim().is_empty())
    {
        return person.trim().to_owned();
    }
    os_login()
}

/// Who acts: the person (`login_name`) and the OS login behind them. Records
/// that approve keep both, because the person is self-declared and the login
/// is what the operating system vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub login: String,
}

/// The person and the OS login running `ops`.
pub fn actor() -> Actor {
    Actor {
        name: login_name(),
        login: os_login(),
    }
}

/// The OS login of this process, whatever `OPS_USER` says.
pub fn os_login() -> String {
    let uid = unsafe { libc::getuid() };
    passwd_name(uid)
        .or_else(|| {
            ["USER", "LOGNAME"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        })
        .unwrap_or_else(|| format!("uid{uid}"))
}

/// The committer's address when git has none configured: `login@host`.
pub fn login_at_host() -> String {
    format!("{}@{}", os_login(), crate::transport::local_hostname())
}

/// The name of `uid` in the password database (getpwuid_r: thread-safe).
fn passwd_name(uid: libc::uid_t) -> Option<String> {
    let mut buf = vec![0u8; 4096];
    loop {
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let rc = unsafe {
            libc::getpwuid_r(
                uid,
                &mut pwd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut found,
            )
        };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        if rc != 0 || found.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        let name = unsafe { CStr::from_ptr(pwd.pw_name) }
            .to_string_lossy()
            .into_owned();
        return Some(name).filter(|n| !n.is_empty());
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_login_name_is_the_one_id_reports() {
        let out = std::process::Command::new("id")
            .arg("-un")
            .output()
            .unwrap();
        let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert_eq!(super::login_name(), id);
        assert!(super::login_at_host().starts_with(&format!("{id}@")));
    }
}
