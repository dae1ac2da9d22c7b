//! Database passwords: from the environment variable an inventory entry
//! names (`password_env`), from `~/.pgpass` or `~/.my.cnf` as the engines'
//! own clients read them, or from a prompt on a terminal. Never from
//! arguments; a [`Secret`] never prints itself, so it cannot reach output,
//! errors or records by accident.

use super::Engine;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// A password. `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: String) -> Secret {
        Secret(s)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Where a password came from (or why there is none), for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Env(String),
    PgPass(PathBuf),
    MyCnf(PathBuf),
    Prompt,
    /// None found; the text says where it was looked for.
    None(String),
}

impl Source {
    pub fn describe(&self) -> String {
        match self {
            Source::Env(v) => format!("password from ${v}"),
            Source::PgPass(p) | Source::MyCnf(p) => format!("password from {}", p.display()),
            Source::Prompt => "password from the prompt".into(),
            Source::None(why) => format!("no password: {why}"),
        }
    }
}

/// What identifies a login for `~/.pgpass` matching.
pub struct Login<'a> {
    pub engine: Engine,
    /// The server's host as the inventory names it (`localhost` for a socket).
    pub host: &'a str,
    pub port: u16,
    pub database: &'a str,
    pub user: &'a str,
    pub password_env: Option<&'a str>,
}

/// Look for a password without prompting. `home` is `$HOME`.
pub fn find(login: &Login, home: Option<&Path>) -> (Option<Secret>, Source) {
    let mut looked = Vec::new();
    if let Some(var) = login.password_env {
        match std::env::var(var) {
            Ok(v) if !v.is_empty() => return (Some(Secret(v)), Source::Env(var.to_string())),
            _ => looked.push(format!("${var} is not set")),
        }
    }
    match login.engine {
        Engine::Postgres => {
            let path = std::env::var_os("PGPASSFILE")
                .map(PathBuf::from)
                .or_else(|| home.map(|h| h.join(".pgpass")));
            if let Some(path) = path {
                match read_private(&path) {
                    Ok(Some(text)) => {
                        if let Some(pw) =
                            pgpass_lookup(&text, login.host, login.port, login.database, login.user)
                        {
                            return (Some(Secret(pw)), Source::PgPass(path));
                        }
                        looked.push(format!("no matching line in {}", path.display()));
                    }
                    Ok(None) => looked.push(format!("no {}", path.display())),
                    Err(why) => looked.push(why),
                }
            }
        }
        Engine::Mysql => {
            if let Some(path) = home.map(|h| h.join(".my.cnf")) {
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        if let Some(pw) = mycnf_lookup(&text).password {
                            return (Some(Secret(pw)), Source::MyCnf(path));
                        }
                        looked.push(format!("no password in [client] of {}", path.display()));
                    }
                    Err(_) => looked.push(format!("no {}", path.display())),
                }
            }
        }
    }
    (None, Source::None(looked.join(", ")))
}

/// A file's text if it exists and only its owner can read it (libpq ignores
/// a `.pgpass` that others can read, and so does ops).
fn read_private(path: &Path) -> Result<Option<String>, String> {
    use std::os::unix::fs::PermissionsExt;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(_) => return Ok(None),
    };
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(format!(
            "{} ignored: others can read it (chmod 600 {})",
            path.display(),
            path.display()
        ));
    }
    std::fs::read_to_string(path)
        .map(Some)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The password of the first `host:port:database:user:password` line that
/// matches (`*` matches anything; `\:` and `\\` are escapes), as libpq does.
pub fn pgpass_lookup(
    text: &str,
    host: &str,
    port: u16,
    database: &str,
    user: &str,
) -> Option<String> {
    let port = port.to_string();
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() < 5 {
            continue;
        }
        let wanted = [host, port.as_str(), database, user];
        if fields[..4]
            .iter()
            .zip(wanted)
            .all(|(f, w)| f == "*" || f == w)
        {
            return Some(fields[4..].join(":"));
        }
    }
    None
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    fields.last_mut().expect("one field").push(n);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

#[derive(Debug, Default, PartialEq)]
pub struct MyCnf {
    pub user: Option<String>,
    pub password: Option<String>,
}

/// `user` and `password` from the `[client]` (and `[client-mariadb]`)
/// groups of a MySQL option file.
pub fn mycnf_lookup(text: &str) -> MyCnf {
    let mut out = MyCnf::default();
    let mut in_client = false;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(group) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_client = matches!(group.trim(), "client" | "client-mariadb");
            continue;
        }
        if !in_client {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim().replace('-', "_");
        let mut value = value.trim().to_string();
        if value.len() >= 2
            && ((value.starts_with('"') && value.ends_with('"'))
                || (value.starts_with('\'') && value.ends_with('\'')))
        {
            value = value[1..value.len() - 1].to_string();
        }
        match key.as_str() {
            "user" => out.user = Some(value),
            "password" | "pass" => out.password = Some(value),
            _ => {}
        }
    }
    out
}

/// Ask for a password on the controlling terminal with echo off. None when
/// there is no terminal (cron, pipes): ops never waits on input it cannot get.
pub fn prompt(question: &str) -> Option<Secret> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return None;
    }
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    let fd = std::os::fd::AsRawFd::as_raw_fd(&tty);
    // SAFETY: termios calls on a descriptor we own, restored before returning.
    let mut saved: libc::termios = unsafe { std::mem::zeroed() };
    if unsafe { libc::tcgetattr(fd, &mut saved) } != 0 {
        return None;
    }
    let mut quiet = saved;
    quiet.c_lflag &= !libc::ECHO;
    quiet.c_lflag |= libc::ECHONL;
    unsafe { libc::tcsetattr(fd, libc::TCSANOW, &quiet) };
    let mut writer = &tty;
    let _ = write!(writer, "{question}");
    let _ = writer.flush();
    let mut line = String::new();
    let read = std::io::BufReader::new(&tty).read_line(&mut line);
    unsafe { libc::tcsetattr(fd, libc::TCSANOW, &saved) };
    read.ok()?;
    let pw = line.trim_end_matches(['\n', '\r']).to_string();
    (!pw.is_empty()).then_some(Secret(pw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgpass_matches_like_libpq() {
        let text = "# comment\n\
db1.example:5432:*:ops:first\n\
*:5433:app:ops:with\\:colon\n\
localhost:*:*:*:local-pw\n";
        assert_eq!(
            pgpass_lookup(text, "db1.example", 5432, "postgres", "ops").as_deref(),
            Some("first")
        );
        assert_eq!(
            pgpass_lookup(text, "10.0.0.9", 5433, "app", "ops").as_deref(),
            Some("with:colon")
        );
        assert_eq!(pgpass_lookup(text, "10.0.0.9", 5433, "other", "ops"), None);
        assert_eq!(
            pgpass_lookup(text, "localhost", 6000, "x", "y").as_deref(),
            Some("local-pw")
        );
    }

    #[test]
    fn mycnf_reads_the_client_group() {
        let text = "[mysqld]\npassword = server-side\n[client]\nuser = ops\npassword = \"s p a c e\"\n[mysql]\npassword=ignored\n";
        assert_eq!(
            mycnf_lookup(text),
            MyCnf {
                user: Some("ops".into()),
                password: Some("s p a c e".into())
            }
        );
    }

    #[test]
    fn secrets_do_not_print() {
        let s = Secret::new("hunter2".into());
        assert_eq!(format!("{s:?}"), "***");
    }

    #[test]
    fn a_pgpass_others_can_read_is_ignored() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".pgpass");
        std::fs::write(&p, "*:*:*:*:pw\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let login = Login {
            engine: Engine::Postgres,
            host: "h",
            port: 5432,
            database: "d",
            user: "u",
            password_env: None,
        };
        let (pw, source) = find(&login, Some(dir.path()));
        assert!(pw.is_none());
        assert!(source.describe().contains("chmod 600"), "{source:?}");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        let (pw, source) = find(&login, Some(dir.path()));
        assert_eq!(pw.unwrap().expose(), "pw");
        assert_eq!(source, Source::PgPass(p));
    }
}
