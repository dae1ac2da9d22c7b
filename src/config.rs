//! `ops.toml`, the records repository's configuration.
//!
//! Each command reads only its own section through [`Config::section`], which
//! deserialises straight from the file's text, so an error in any section
//! names the file, line and column. Sections: `[thresholds.host]` (and
//! `.net`, `.db`), `[inspect]`, `[ssh]`, `[sla]`, `[[backup.set]]`, `[report]`.

use anyhow::{Context, Result};
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
            jobs: 64,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_output: crate::target::limits::DEFAULT_MAX_OUTPUT,
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

impl Config {
    /// Read and syntax-check `path`.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("failed to read the configuration at {}", path.display()))?;
        let config = Config {
            path: Some(path.to_path_buf()),
            text,
        };
        toml::from_str::<toml::Table>(&config.text)
            .map_err(|e| toml_error(path, &config.text, &e))?;
        Ok(config)
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
