//! From command-line words to databases to inspect.
//!
//! A word is a `[[db]]` entry, a group, `all`, or an address
//! `postgres://user@host[:port][/database]` / `mysql://…`. No word means
//! every `[[db]]` entry. Passwords are refused in addresses: they would be
//! visible in `ps` and shell history.
//!
//! Besides where to connect, a target knows which machine holds its files
//! (for the data directory's free space and, for MySQL, the error log): the
//! `via` host, else an inventory host whose name or address is the
//! database's address, else this machine when the database listens on
//! loopback or a local socket.

use super::Engine;
use crate::inventory::TargetSpec;
use crate::inventory::resolve::{Validate, resolve_hosts};
use crate::inventory::{Database, Inventory, Kind};
use crate::transport::local_hostname;
use crate::transport::ssh_config::SshConfig;
use anyhow::Result;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub enum Endpoint {
    Tcp {
        host: String,
        port: u16,
    },
    /// A unix socket: for PostgreSQL its directory (or the `.s.PGSQL.N` file),
    /// for MySQL the socket file.
    Socket {
        path: PathBuf,
        port: u16,
    },
}

/// The machine that holds a database's files, and how to reach it.
#[derive(Debug, Clone, PartialEq)]
pub enum FilesHost {
    /// The `via` host (its SSH session is reused).
    Via,
    Host {
        name: String,
        spec: TargetSpec,
    },
    /// No host transport: the check is skipped with this reason.
    Unknown(String),
}

#[derive(Debug, Clone)]
pub struct DbTarget {
    pub name: String,
    pub engine: Engine,
    pub endpoint: Endpoint,
    pub user: String,
    pub database: Option<String>,
    pub password_env: Option<String>,
    /// SSH host to tunnel through, by name, and how to reach it.
    pub via: Option<(String, TargetSpec)>,
    pub files_host: FilesHost,
    /// Threshold overrides of the entry's groups and the entry.
    pub overrides: toml::Table,
}

impl DbTarget {
    /// How it is reached, for tables and records: never a password.
    pub fn describe(&self) -> String {
        let at = match &self.endpoint {
            Endpoint::Tcp { host, port } if host.contains(':') => format!("[{host}]:{port}"),
            Endpoint::Tcp { host, port } => format!("{host}:{port}"),
            Endpoint::Socket { path, .. } => path.display().to_string(),
        };
        let db = self
            .database
            .as_deref()
            .map(|d| format!("/{d}"))
            .unwrap_or_default();
        let base = format!("{}://{}@{at}{db}", self.engine.as_str(), self.user);
        match &self.via {
            Some((name, _)) => format!("{base} via {name}"),
            None => base,
        }
    }

    /// The host name `~/.pgpass` lines are matched against.
    pub fn login_host(&self) -> &str {
        match &self.endpoint {
            Endpoint::Tcp { host, .. } => host,
            Endpoint::Socket { .. } => "localhost",
        }
    }

    pub fn port(&self) -> u16 {
        match &self.endpoint {
            Endpoint::Tcp { port, .. } | Endpoint::Socket { port, .. } => *port,
        }
    }
}

pub fn resolve_dbs(
    words: &[String],
    inventory: &Inventory,
    ssh_config: &SshConfig,
    validate: Validate,
) -> Result<Vec<DbTarget>> {
    let mut out: Vec<DbTarget> = Vec::new();
    let push = |t: DbTarget, out: &mut Vec<DbTarget>| {
        if !out.iter().any(|o| o.name == t.name) {
            out.push(t);
        }
    };
    // An inventory without [[db]] entries, or a group without databases,
    // selects nothing: the command says "nothing to inspect" and exits 0.
    if words.is_empty() {
        for name in inventory.select("all", Kind::Database).unwrap_or_default() {
            push(
                from_inventory(&name, inventory, ssh_config, validate)?,
                &mut out,
            );
        }
        return Ok(out);
    }
    for word in words {
        if let Some(names) = inventory.select(word, Kind::Database) {
            for name in names {
                push(
                    from_inventory(&name, inventory, ssh_config, validate)?,
                    &mut out,
                );
            }
        } else {
            push(from_url(word, inventory, ssh_config)?, &mut out);
        }
    }
    Ok(out)
}

fn from_inventory(
    name: &str,
    inventory: &Inventory,
    ssh_config: &SshConfig,
    validate: Validate,
) -> Result<DbTarget> {
    let d: &Database = inventory
        .database(name)
        .expect("selected from the inventory");
    let engine = Engine::parse(&d.engine).expect("validated by the inventory");
    let overrides = inventory.threshold_layers(
        &toml::Table::new(),
        &d.name,
        &d.groups,
        d.thresholds.as_ref(),
        validate,
    )?;
    let port = d.port.unwrap_or(engine.default_port());
    let via = match &d.via {
        Some(v) => {
            let spec = via_spec(v, inventory, ssh_config)?;
            match spec {
                TargetSpec::Local => None,
                spec => Some((v.clone(), spec)),
            }
        }
        None => None,
    };
    let endpoint = match (&d.address, &d.socket) {
        (Some(_), Some(_)) => {
            return Err(inventory.error_at(
                d.name.span(),
                format!("db {name:?}: give address or socket, not both"),
            ));
        }
        (_, Some(_)) if via.is_some() => {
            return Err(inventory.error_at(
                d.name.span(),
                format!("db {name:?}: a socket cannot be reached through `via`; give the address the via host connects to"),
            ));
        }
        (Some(a), None) => Endpoint::Tcp {
            host: a.clone(),
            port,
        },
        (None, Some(s)) => Endpoint::Socket {
            path: s.clone(),
            port,
        },
        (None, None) if via.is_some() => Endpoint::Tcp {
            host: "127.0.0.1".into(),
            port,
        },
        (None, None) => default_endpoint(engine, port),
    };
    let files_host = if via.is_some() {
        FilesHost::Via
    } else {
        files_host(&endpoint, inventory, ssh_config)?
    };
    Ok(DbTarget {
        name: name.to_string(),
        engine,
        endpoint,
        user: d.user.clone().unwrap_or_else(default_user),
        database: d.database.clone(),
        password_env: d.password_env.clone(),
        via,
        files_host,
        overrides,
    })
}

fn via_spec(word: &str, inventory: &Inventory, ssh_config: &SshConfig) -> Result<TargetSpec> {
    let mut targets = resolve_hosts(&[word.to_string()], inventory, ssh_config, &|_| Ok(()))?;
    if targets.len() != 1 {
        return Err(crate::bad_input!(
            "via {word:?} must name one host, not a group"
        ));
    }
    Ok(targets.remove(0).spec)
}

/// The engine's usual local socket when it exists, else TCP to localhost.
fn default_endpoint(engine: Engine, port: u16) -> Endpoint {
    let socket = match engine {
        Engine::Postgres => PathBuf::from("/var/run/postgresql"),
        Engine::Mysql => PathBuf::from("/run/mysqld/mysqld.sock"),
    };
    let exists = match engine {
        Engine::Postgres => socket.join(format!(".s.PGSQL.{port}")).exists(),
        Engine::Mysql => socket.exists(),
    };
    if exists {
        Endpoint::Socket { path: socket, port }
    } else {
        Endpoint::Tcp {
            host: "localhost".into(),
            port,
        }
    }
}

fn files_host(
    endpoint: &Endpoint,
    inventory: &Inventory,
    ssh_config: &SshConfig,
) -> Result<FilesHost> {
    let address = match endpoint {
        Endpoint::Socket { .. } => return Ok(local_files_host()),
        Endpoint::Tcp { host, .. } => host,
    };
    let same = inventory
        .hosts
        .iter()
        .find(|h| h.name.get_ref() == address || h.address.as_deref() == Some(address.as_str()));
    if let Some(h) = same {
        let name = h.name.get_ref().clone();
        let spec = via_spec(&name, inventory, ssh_config)?;
        return Ok(FilesHost::Host { name, spec });
    }
    if is_loopback(address) {
        return Ok(local_files_host());
    }
    Ok(FilesHost::Unknown(format!(
        "{address} is not a host in the inventory: set via = \"<host>\" on the [[db]] entry, or add a [[host]] with address = \"{address}\""
    )))
}

fn local_files_host() -> FilesHost {
    FilesHost::Host {
        name: local_hostname(),
        spec: TargetSpec::Local,
    }
}

fn is_loopback(address: &str) -> bool {
    address == "localhost"
        || address
            .parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

fn default_user() -> String {
    std::env::var("USER").unwrap_or_else(|_| "root".into())
}

/// `postgres://user@host[:port][/database]`, `mysql://…`, `[v6]:port`.
fn from_url(word: &str, inventory: &Inventory, ssh_config: &SshConfig) -> Result<DbTarget> {
    let Some((scheme, rest)) = word.split_once("://") else {
        return Err(crate::usage_error!(
            "{}; name an ad-hoc database as postgres://USER@HOST[:PORT][/DATABASE] or mysql://USER@HOST[:PORT]",
            crate::inventory::resolve::not_in_inventory(word, inventory)
        ));
    };
    let engine = Engine::parse(scheme).ok_or_else(|| {
        crate::bad_input!("unknown database scheme {scheme:?}: use postgres:// or mysql://")
    })?;
    let (authority, database) = match rest.split_once('/') {
        Some((a, d)) if !d.is_empty() => (a, Some(d.to_string())),
        Some((a, _)) => (a, None),
        None => (rest, None),
    };
    // Do not echo the word when it holds a password.
    let (user, hostport) = crate::inventory::resolve::user_and_host(authority).map_err(|()| {
        crate::usage_error!(
            "a {scheme}:// address holds a password; ops never takes passwords from arguments: \
             use password_env in the inventory, ~/.pgpass or ~/.my.cnf, or answer the prompt"
        )
    })?;
    let bad = || crate::bad_input!("{word:?} is not a valid {scheme}:// address");
    let (host, port) = crate::inventory::resolve::host_port(hostport).ok_or_else(bad)?;
    let (host, port) = (host.to_string(), port.unwrap_or(engine.default_port()));
    let endpoint = Endpoint::Tcp { host, port };
    let files_host = files_host(&endpoint, inventory, ssh_config)?;
    Ok(DbTarget {
        name: word.to_string(),
        engine,
        endpoint,
        user: user.map(str::to_string).unwrap_or_else(default_user),
        database,
        password_env: None,
        via: None,
        files_host,
        overrides: toml::Table::new(),
    })
}

/// The PostgreSQL socket directory and port for a configured socket path
/// (a directory, or the `.s.PGSQL.<port>` file itself).
pub fn pg_socket(path: &Path, port: u16) -> (PathBuf, u16) {
    if let Some(p) = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix(".s.PGSQL."))
        .and_then(|p| p.parse::<u16>().ok())
    {
        return (path.parent().unwrap_or(Path::new("/")).to_path_buf(), p);
    }
    (path.to_path_buf(), port)
}

/// Why nothing was selected, with the way to select something.
pub fn empty_selection(words: &[String]) -> String {
    if words.is_empty() {
        "the inventory has no [[db]] entries; add some, or name a database as \
         postgres://USER@HOST[:PORT][/DATABASE] or mysql://USER@HOST[:PORT]"
            .to_string()
    } else {
        format!("{} selects no [[db]] entries", words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inv(text: &str) -> Inventory {
        Inventory::parse(Path::new("inventory.toml"), text).unwrap()
    }

    #[test]
    fn urls_and_entries() {
        let inventory = inv("[[host]]\nname = \"dbhost\"\naddress = \"10.0.0.7\"\n\
             [[db]]\nname = \"app\"\nengine = \"postgres\"\naddress = \"10.0.0.7\"\nuser = \"ops\"\ndatabase = \"app\"\n\
             [[db]]\nname = \"shop\"\nengine = \"mysql\"\nvia = \"dbhost\"\nport = 3307\n");
        let cfg = SshConfig::default();
        let t = resolve_dbs(&[], &inventory, &cfg, &|_| Ok(())).unwrap();
        assert_eq!(t[0].describe(), "postgres://ops@10.0.0.7:5432/app");
        assert!(matches!(&t[0].files_host, FilesHost::Host { name, .. } if name == "dbhost"));
        assert_eq!(
            t[1].endpoint,
            Endpoint::Tcp {
                host: "127.0.0.1".into(),
                port: 3307
            }
        );
        assert_eq!(t[1].files_host, FilesHost::Via);
        assert!(
            t[1].describe().ends_with("via dbhost"),
            "{}",
            t[1].describe()
        );

        let t = resolve_dbs(
            &["mysql://root@[::1]:3310/x".into()],
            &inventory,
            &cfg,
            &|_| Ok(()),
        )
        .unwrap();
        assert_eq!(
            t[0].endpoint,
            Endpoint::Tcp {
                host: "::1".into(),
                port: 3310
            }
        );
        assert!(matches!(
            t[0].files_host,
            FilesHost::Host {
                spec: TargetSpec::Local,
                ..
            }
        ));
        let t = resolve_dbs(
            &["postgres://ops@192.0.2.1".into()],
            &inventory,
            &cfg,
            &|_| Ok(()),
        )
        .unwrap();
        assert!(matches!(t[0].files_host, FilesHost::Unknown(_)));
    }

    #[test]
    fn passwords_in_addresses_are_refused_without_echo() {
        let err = resolve_dbs(
            &["postgres://ops:hunter2@db/x".into()],
            &Inventory::default(),
            &SshConfig::default(),
            &|_| Ok(()),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("never takes passwords from arguments"),
            "{err}"
        );
        assert!(!err.contains("hunter2"));
    }

    #[test]
    fn pg_socket_paths() {
        assert_eq!(
            pg_socket(Path::new("/run/pg/.s.PGSQL.5433"), 5432),
            (PathBuf::from("/run/pg"), 5433)
        );
        assert_eq!(
            pg_socket(Path::new("/run/pg"), 5432),
            (PathBuf::from("/run/pg"), 5432)
        );
    }
}
