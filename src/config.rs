//! `ops.toml`, the records repository's configuration.
//!
//! [`Config::load`] checks the whole file before any command runs, so a typo
//! in `[inspect]` stops `ticket new` too: the file is at most
//! [`MAX_FILE_BYTES`] of UTF-8, every section is deserialised with unknown
//! keys refused, `schema` is one this version reads, and values that parse
//! but cannot work (`jobs = 0`, `warn` beyond `crit`) are refused. Every
//! error names the file, line and column and is bad input (exit 78).
//!
//! A command then reads its own section through [`Config::section`], which
//! deserialises straight from the file's text so that spans stay those of
//! the whole file. Sections: `[thresholds.host]` (and `.net`, `.db`),
//! `[inspect]`, `[ssh]`, `[sla]`, `[[backup.set]]`, `[report]`.

use anyhow::{Context, Result};
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;
use toml::Spanned;

/// The largest ops.toml or inventory read: a hand-written file is a few
/// kilobytes, and anything this big is a mistake (a log, a dump) that would
/// otherwise be read whole into memory.
pub const MAX_FILE_BYTES: u64 = 10 << 20;

/// The `schema` values of ops.toml and inventory.toml this version reads.
pub const SCHEMAS: &[u32] = &[1];

#[derive(Debug, Clone, Default)]
pub struct Config {
    path: Option<PathBuf>,
    text: String,
}

/// `[inspect]`: how fan-out behaves.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InspectSettings {
    /// Targets inspected at once.
    pub jobs: usize,
    /// Everything about one target must finish within this.
    #[serde(with = "crate::duration::serde_text")]
    pub timeout: Duration,
    /// TCP connect and SSH handshake limit.
    #[serde(with = "crate::duration::serde_text")]
    pub connect_timeout: Duration,
    /// What one target may send before it is cut off (`"16 MiB"` or bytes).
    #[serde(deserialize_with = "size_text")]
    pub max_output: u64,
}

fn size_text<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(u64),
        Text(String),
    }
    let bytes = match Raw::deserialize(d)? {
        Raw::Int(n) => n,
        Raw::Text(s) => {
            crate::inspect::db::thresholds::parse_size(&s).map_err(serde::de::Error::custom)?
        }
    };
    if bytes == 0 {
        return Err(serde::de::Error::custom("max_output must be more than 0"));
    }
    Ok(bytes)
}

impl Default for InspectSettings {
    fn default() -> Self {
        InspectSettings {
            jobs: 128,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_output: crate::transport::limits::DEFAULT_MAX_OUTPUT,
        }
    }
}

/// `[ssh]`: client settings that are not per host.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SshSettings {
    /// known_hosts file (default: the one `~/.ssh/config` names, else `~/.ssh/known_hosts`).
    pub known_hosts: Option<PathBuf>,
}

/// Every section of ops.toml, typed, for checking the whole file at once
/// (unknown sections and keys are refused here; commands read their own
/// section again through [`Config::section`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    schema: Option<Spanned<u32>>,
    inspect: Option<InspectSettings>,
    #[allow(dead_code)]
    ssh: Option<SshSettings>,
    sla: Option<crate::ticket::SlaConfig>,
    #[allow(dead_code)]
    backup: Option<crate::backup::BackupConfig>,
    #[allow(dead_code)]
    report: Option<crate::report::ReportConfig>,
    thresholds: Option<ThresholdsFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdsFile {
    host: Option<crate::inspect::host::HostThresholds>,
    net: Option<crate::inspect::net::NetThresholds>,
    db: Option<crate::inspect::db::DbThresholds>,
}

/// Read a hand-written input file (ops.toml, the inventory): refused as bad
/// input, naming the file, when it is bigger than [`MAX_FILE_BYTES`] or not
/// UTF-8 (the first bad byte's offset, line and column).
pub fn read_input(path: &Path, what: &str) -> Result<String> {
    let fail = || format!("failed to read the {what} at {}", path.display());
    let file = std::fs::File::open(path).with_context(fail)?;
    let mut bytes = Vec::new();
    // Read one byte past the limit rather than trusting the size in the
    // metadata: a FIFO or a growing file has none worth believing.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(fail)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(crate::bad_input!(
            "{}: the {what} is larger than {} MiB; it cannot be a hand-written file",
            path.display(),
            MAX_FILE_BYTES >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
        let (line, col) = line_col(valid, offset);
        crate::bad_input!(
            "{}:{line}:{col}: the {what} is not UTF-8 (bad byte 0x{:02x} at byte offset {offset}); \
             save it as UTF-8 (not GBK or Latin-1)",
            path.display(),
            e.as_bytes()[offset]
        )
    })
}

impl Config {
    /// Read `path` and check all of it (see the module documentation).
    pub fn load(path: &Path) -> Result<Config> {
        let text = read_input(path, "configuration")?;
        let config = Config {
            path: Some(path.to_path_buf()),
            text,
        };
        config.check()?;
        Ok(config)
    }

    fn file(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new("ops.toml"))
    }

    /// Every section, and the values that parse but cannot work.
    fn check(&self) -> Result<()> {
        let file: ConfigFile =
            toml::from_str(&self.text).map_err(|e| toml_error(self.file(), &self.text, &e))?;
        if let Some(schema) = &file.schema {
            check_schema(self.file(), &self.text, schema)?;
        }
        if let Some(inspect) = &file.inspect {
            let zero = if inspect.jobs == 0 {
                Some(("jobs", "must be at least 1"))
            } else if inspect.timeout.is_zero() {
                Some(("timeout", "must be longer than 0s"))
            } else if inspect.connect_timeout.is_zero() {
                Some(("connect_timeout", "must be longer than 0s"))
            } else {
                None
            };
            if let Some((key, why)) = zero {
                return Err(self.error_at_key("inspect", &[key], &format!("{key} {why}")));
            }
        }
        if let Some(t) = &file.thresholds {
            let checks = [
                ("host", t.host.as_ref().map(|h| h.check())),
                ("net", t.net.as_ref().map(|n| n.check())),
                ("db", t.db.as_ref().map(|d| d.check())),
            ];
            for (kind, check) in checks {
                if let Some(Err(p)) = check {
                    let table = format!("thresholds.{kind}");
                    let key: Vec<&str> = p.key.iter().map(String::as_str).collect();
                    return Err(self.error_at_key(&table, &key, &p.to_string()));
                }
            }
        }
        if let Some(sla) = &file.sla {
            crate::ticket::Policy::from_config(sla)?;
        }
        self.backup()?;
        Ok(())
    }

    /// `path:line:column: [table] message` at `key` inside `[table]` when
    /// the file has it on a line of its own, else at the table's header.
    fn error_at_key(&self, table: &str, key: &[&str], message: &str) -> anyhow::Error {
        match locate_key(&self.text, table, key) {
            Some(offset) => {
                let (line, col) = line_col(&self.text, offset);
                crate::bad_input!(
                    "{}:{line}:{col}: [{table}] {message}",
                    self.file().display()
                )
            }
            None => crate::bad_input!("{}: [{table}] {message}", self.file().display()),
        }
    }

    /// The file this configuration came from, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Deserialise one top-level key (dotted for nested tables: `thresholds.host`);
    /// the type's `Default` when the key is absent.
    pub fn section<T: DeserializeOwned + Default>(&self, key: &str) -> Result<T> {
        if self.text.is_empty() {
            return Ok(T::default());
        }
        let keys: Vec<&str> = key.split('.').collect();
        let seed = KeyPath {
            keys: &keys,
            marker: std::marker::PhantomData::<T>,
        };
        let value = seed
            .deserialize(toml::Deserializer::new(&self.text))
            .map_err(|e| {
                toml_error(
                    self.path.as_deref().unwrap_or(Path::new("ops.toml")),
                    &self.text,
                    &e,
                )
            })?;
        Ok(value.unwrap_or_default())
    }

    /// The raw TOML table at `key`, for layering (e.g. threshold overrides).
    pub fn table(&self, key: &str) -> Result<toml::Table> {
        self.section::<toml::Table>(key)
    }

    pub fn inspect(&self) -> Result<InspectSettings> {
        self.section("inspect")
    }

    pub fn ssh(&self) -> Result<SshSettings> {
        self.section("ssh")
    }

    /// `[sla]`: the ticket SLA policy (see [`crate::ticket::SlaConfig`]).
    pub fn sla(&self) -> Result<crate::ticket::SlaConfig> {
        self.section("sla")
    }

    /// `[backup]`: the backup directory and the `[[backup.set]]` list, checked.
    pub fn backup(&self) -> Result<crate::backup::BackupConfig> {
        let cfg: crate::backup::BackupConfig = self.section("backup")?;
        cfg.validate().map_err(|e| {
            let file = self.path.as_deref().unwrap_or(Path::new("ops.toml"));
            crate::bad_input!("{}: [backup]: {e:#}", file.display())
        })?;
        Ok(cfg)
    }
}

/// `schema = N` must be one of [`SCHEMAS`].
pub fn check_schema(path: &Path, text: &str, schema: &Spanned<u32>) -> Result<()> {
    if SCHEMAS.contains(schema.get_ref()) {
        return Ok(());
    }
    let (line, col) = line_col(text, schema.span().start);
    let known: Vec<String> = SCHEMAS.iter().map(u32::to_string).collect();
    Err(crate::bad_input!(
        "{}:{line}:{col}: schema = {} is not one this version of ops reads (it reads schema {})",
        path.display(),
        schema.get_ref(),
        known.join(", ")
    ))
}

/// The byte offset of `key` (a path inside `[table]`, e.g. `mounts`,
/// `"/data"`, `fs_used_pct`) where it is written as `key = …` under its own
/// or an enclosing table header; else the offset of the deepest header found.
/// A plain line search: the TOML parser keeps no spans for keys under a
/// `[header]`, and a wrong guess only costs the line number.
pub fn locate_key(text: &str, table: &str, key: &[&str]) -> Option<usize> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, l| {
            let start = *at;
            *at += l.len();
            Some((start, l))
        })
        .collect();
    let header_at = |header: &str| {
        lines
            .iter()
            .position(|(_, l)| l.trim() == header || l.trim().starts_with(&format!("{header} ")))
    };
    let mut deepest = None;
    for split in (0..key.len()).rev() {
        let mut path = table.to_string();
        for k in &key[..split] {
            path.push('.');
            path.push_str(k);
        }
        let Some(h) = header_at(&format!("[{path}]")) else {
            continue;
        };
        deepest.get_or_insert(lines[h].0);
        let leaf = key[split];
        for (start, l) in &lines[h + 1..] {
            let t = l.trim_start();
            if t.starts_with('[') {
                break;
            }
            if let Some(rest) = t.strip_prefix(leaf)
                && rest.trim_start().starts_with(['=', '.'])
            {
                return Some(start + (l.len() - t.len()));
            }
        }
    }
    deepest
}

/// A TOML error as `path:line:column: message`, marked as bad input (exit 78).
pub fn toml_error(path: &Path, text: &str, err: &toml::de::Error) -> anyhow::Error {
    let message = err.message().trim_end().to_string();
    match err.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            crate::bad_input!("{}:{line}:{col}: {message}", path.display())
        }
        None => crate::bad_input!("{}: {message}", path.display()),
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Deserialises the value under a path of keys, ignoring everything else,
/// so that spans in errors still point into the whole file.
struct KeyPath<'k, T> {
    keys: &'k [&'k str],
    marker: std::marker::PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for KeyPath<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        if self.keys.is_empty() {
            return T::deserialize(d).map(Some);
        }
        d.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for KeyPath<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a table with key `{}`", self.keys[0])
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.keys[0] {
                found = map.next_value_seed(KeyPath {
                    keys: &self.keys[1..],
                    marker: self.marker,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config {
            path: Some(PathBuf::from("ops.toml")),
            text: text.into(),
        }
    }

    #[test]
    fn reads_a_nested_section_and_defaults_when_absent() {
        let c = config("[inspect]\njobs = 8\ntimeout = \"5s\"\n[thresholds.host]\nx = 1\n");
        let s = c.inspect().unwrap();
        assert_eq!((s.jobs, s.timeout), (8, Duration::from_secs(5)));
        assert_eq!(s.connect_timeout, Duration::from_secs(10));
        assert_eq!(s.max_output, 16 << 20);
        let sized = config("[inspect]\nmax_output = \"512 KiB\"\n");
        assert_eq!(sized.inspect().unwrap().max_output, 512 << 10);
        let zero = config("[inspect]\nmax_output = \"0\"\n");
        let err = zero.inspect().unwrap_err().to_string();
        assert!(err.contains("max_output must be more than 0"), "{err}");
        assert_eq!(
            c.table("thresholds.host").unwrap()["x"].as_integer(),
            Some(1)
        );
        assert!(c.table("thresholds.net").unwrap().is_empty());
    }

    #[test]
    fn keys_are_found_under_their_table_header() {
        let text = "[inspect]\njobs = 0\n[thresholds.host]\n  fs_used_pct = { warn = 1, crit = 0 }\n[thresholds.host.mounts.\"/d\"]\nfs_used_pct.warn = 2\n";
        let at = |table, key: &[&str]| locate_key(text, table, key).map(|o| line_col(text, o));
        assert_eq!(at("inspect", &["jobs"]), Some((2, 1)));
        assert_eq!(at("thresholds.host", &["fs_used_pct"]), Some((4, 3)));
        assert_eq!(
            at("thresholds.host", &["mounts", "\"/d\"", "fs_used_pct"]),
            Some((6, 1))
        );
        assert_eq!(at("thresholds.host", &["load_per_core"]), Some((3, 1)));
        assert_eq!(at("thresholds.net", &["cpu_pct"]), None);
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let c = config("# comment\n[inspect]\njobs = \"many\"\n");
        let err = c.inspect().unwrap_err().to_string();
        assert!(err.starts_with("ops.toml:3:8: "), "{err}");
        let c = config("[inspect]\nbogus = 1\n");
        let err = c.inspect().unwrap_err().to_string();
        assert!(
            err.starts_with("ops.toml:2:1: unknown field `bogus`"),
            "{err}"
        );
    }
}
