//! `ops.toml`, the records repository's configuration: reading the file and
//! deserialising its sections, with every error at file:line:column and
//! marked as bad input (exit 78).
//!
//! This module knows no section: each domain reads its own through
//! [`Config::section`] (`inspect::InspectSettings::from_config`,
//! `ticket::SlaConfig::from_config`, ...), which deserialises straight from
//! the file's text so that spans stay those of the whole file. The check of
//! the whole file before any command acts (every section typed, unknown
//! sections and keys refused) is the command layer's (`app::check`), the
//! only place that knows every section.
//!
//! Also here, for the inventory too: [`read_input`] (size and UTF-8 limits of
//! a hand-written file), [`check_schema`], [`toml_error`] and [`locate_key`].

use crate::position::line_col;
use anyhow::{Context, Result};
use serde::Deserializer;
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
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
    /// Read `path` within the limits of [`read_input`]; the sections are
    /// deserialised when asked for.
    pub fn load(path: &Path) -> Result<Config> {
        let text = read_input(path, "configuration")?;
        Ok(Config {
            path: Some(path.to_path_buf()),
            text,
        })
    }

    /// A configuration held in memory; messages name it `ops.toml`.
    pub fn from_text(text: impl Into<String>) -> Config {
        Config {
            path: None,
            text: text.into(),
        }
    }

    /// The file as messages name it (`ops.toml` when there is none).
    pub fn file(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new("ops.toml"))
    }

    /// The whole file as one type (for checking every section at once).
    pub fn whole<T: DeserializeOwned>(&self) -> Result<T> {
        toml::from_str(&self.text).map_err(|e| toml_error(self.file(), &self.text, &e))
    }

    /// `schema = N`, read from this file, must be one of [`SCHEMAS`].
    pub fn check_schema(&self, schema: &Spanned<u32>) -> Result<()> {
        check_schema(self.file(), &self.text, schema)
    }

    /// `path:line:column: [table] message` at `key` inside `[table]` when
    /// the file has it on a line of its own, else at the table's header.
    pub fn error_at_key(&self, table: &str, key: &[&str], message: &str) -> anyhow::Error {
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

    /// `path:line:column: message` at a span of the file (from a
    /// `toml::Spanned` value read through [`Config::section`]).
    pub fn error_at_span(&self, span: std::ops::Range<usize>, message: &str) -> anyhow::Error {
        let (line, col) = line_col(&self.text, span.start.min(self.text.len()));
        crate::bad_input!("{}:{line}:{col}: {message}", self.file().display())
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
            .map_err(|e| toml_error(self.file(), &self.text, &e))?;
        Ok(value.unwrap_or_default())
    }

    /// The raw TOML table at `key`, for layering (e.g. threshold overrides).
    pub fn table(&self, key: &str) -> Result<toml::Table> {
        self.section::<toml::Table>(key)
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

    #[test]
    fn reads_a_nested_section_and_defaults_when_absent() {
        let c = Config::from_text("[inspect]\njobs = 8\n[thresholds.host]\nx = 1\n");
        assert_eq!(
            c.table("thresholds.host").unwrap()["x"].as_integer(),
            Some(1)
        );
        assert!(c.table("thresholds.net").unwrap().is_empty());
        assert_eq!(c.table("inspect").unwrap()["jobs"].as_integer(), Some(8));
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
        let c = Config::from_text("# comment\n[inspect]\njobs = \"many\"\n");
        let err = c.section::<Jobs>("inspect").unwrap_err().to_string();
        assert!(err.starts_with("ops.toml:3:8: "), "{err}");
        let c = Config::from_text("[inspect]\nbogus = 1\n");
        let err = c.section::<Jobs>("inspect").unwrap_err().to_string();
        assert!(
            err.starts_with("ops.toml:2:1: unknown field `bogus`"),
            "{err}"
        );
        let err = Config::from_text("[inspect\n")
            .whole::<toml::Table>()
            .unwrap_err();
        assert!(err.to_string().starts_with("ops.toml:1:9: "), "{err}");
    }

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct Jobs {
        #[allow(dead_code)]
        jobs: u32,
    }
}
