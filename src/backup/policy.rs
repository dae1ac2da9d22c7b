//! Backup sets as `ops.toml` declares them, and the policy each one carries.
//!
//! ```toml
//! [backup]
//! dir = "/var/backups/ops"          # where `ops backup take` writes (default shown)
//! mode = "0600"                     # archives and manifests; "0640" lets their group read
//!
//! [[backup.set]]
//! name = "app-db"
//! path = "/var/backups/pg/app-*.dump"   # a file, a directory, or a glob
//! kind = "pg-custom"                  # files, tar, tar.gz, tar.zst, pg-custom, pg-plain, mysqldump, auto
//! max_age = "26h"                     # newest backup older than this: crit
//! retention = 7                       # fewer backups kept: warn
//! min_size = "1 MiB"                  # a smaller backup: crit (an empty one always is)
//! max_shrink = "50%"                  # smaller than the previous by more: warn
//! manifest = true                     # a backup without a SHA-256 manifest: unknown
//! host = "web01"                      # optional: `inspect host web01` judges this set's last backup
//! db = "pg01"                         # optional: `inspect db pg01` does
//! ```
//!
//! `host` and `db` link a set to the inventory entry whose data it holds, so
//! that the daily inspection of that entry says when its last good backup
//! was (SPEC §2.1 and §2.2, last rows); they are inventory names, checked
//! against the inventory with the rest of ops.toml.
//!
//! Durations, sizes and percentages are written the way people write them
//! ("26h", "1d12h", "512 MiB", "50%") and parsed once, here, into numbers.

use anyhow::{Result, bail};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;
use toml::Spanned;

/// Where `take` writes when neither `--dir` nor `[backup] dir` says otherwise:
/// Debian's place for local backups, outside the records repository so that
/// archives never end up in git.
pub const DEFAULT_BACKUP_DIR: &str = "/var/backups/ops";

/// The `[backup]` table of `ops.toml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupConfig {
    /// Directory for archives made by `ops backup take`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dir: Option<PathBuf>,
    /// Mode of the archives, manifests and device configurations ops writes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<FileMode>,
    /// The backup sets `ops backup verify` checks.
    #[serde(default, rename = "set", skip_serializing_if = "Vec::is_empty")]
    pub sets: Vec<BackupSet>,
}

impl BackupConfig {
    /// The directory `take` writes to.
    pub fn dir(&self) -> PathBuf {
        self.dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_BACKUP_DIR))
    }

    /// The mode of the files ops writes for backups (0600 unless `mode` says 0640).
    pub fn file_mode(&self) -> FileMode {
        self.mode.unwrap_or_default()
    }

    pub fn set(&self, name: &str) -> Option<&BackupSet> {
        self.sets.iter().find(|s| s.name == name)
    }

    /// `[backup]` of ops.toml (the directory and the `[[backup.set]]` list),
    /// checked; errors name the file.
    pub fn from_config(config: &crate::config::Config) -> Result<BackupConfig> {
        let cfg: BackupConfig = config.section("backup")?;
        cfg.validate()
            .map_err(|e| crate::bad_input!("{}: [backup]: {e:#}", config.file().display()))?;
        Ok(cfg)
    }

    /// Rejects what serde cannot: empty or duplicate names, zero retention.
    pub fn validate(&self) -> Result<()> {
        let mut seen = std::collections::BTreeSet::new();
        for set in &self.sets {
            set.validate()?;
            if !seen.insert(set.name.as_str()) {
                bail!("backup set `{}` is declared twice", set.name);
            }
        }
        Ok(())
    }
}

/// One `[[backup.set]]`: a family of backups (usually one file per day) and
/// the rules they must meet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupSet {
    pub name: String,
    /// A file, a directory (its regular files), or a glob (`*`, `?`, `[a-z]`
    /// in any component).
    #[serde(alias = "glob")]
    pub path: String,
    #[serde(default)]
    pub kind: Kind,
    #[serde(default = "default_max_age")]
    pub max_age: Age,
    #[serde(default = "default_retention")]
    pub retention: u32,
    #[serde(default = "default_min_size")]
    pub min_size: Size,
    #[serde(default = "default_max_shrink")]
    pub max_shrink: Percent,
    /// Whether every backup must have a SHA-256 manifest.
    #[serde(default = "default_true")]
    pub manifest: bool,
    /// The inventory host whose data this set holds: its `inspect host`
    /// judges the set's last good backup (`backup.last`). Spanned so that the
    /// check against the inventory can name the line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<Spanned<String>>,
    /// The inventory `[[db]]` entry this set backs up, for `inspect db`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db: Option<Spanned<String>>,
}

fn default_max_age() -> Age {
    Age(Duration::from_secs(26 * 3600))
}
fn default_retention() -> u32 {
    7
}
fn default_min_size() -> Size {
    Size(1)
}
fn default_max_shrink() -> Percent {
    Percent(50.0)
}
fn default_true() -> bool {
    true
}

impl BackupSet {
    /// A set with the default policy, for tests and for callers that build sets in code.
    pub fn new(name: &str, path: impl Into<String>, kind: Kind) -> BackupSet {
        BackupSet {
            name: name.to_string(),
            path: path.into(),
            kind,
            max_age: default_max_age(),
            retention: default_retention(),
            min_size: default_min_size(),
            max_shrink: default_max_shrink(),
            manifest: true,
            host: None,
            db: None,
        }
    }

    /// The inventory host this set is linked to, if any.
    pub fn host(&self) -> Option<&str> {
        self.host.as_ref().map(|h| h.get_ref().as_str())
    }

    /// The inventory database this set is linked to, if any.
    pub fn db(&self) -> Option<&str> {
        self.db.as_ref().map(|d| d.get_ref().as_str())
    }

    /// Whether this set holds the data of `target`, an inspected entry of `kind`.
    pub fn is_linked_to(&self, kind: LinkKind, target: &str) -> bool {
        match kind {
            LinkKind::Host => self.host() == Some(target),
            LinkKind::Db => self.db() == Some(target),
        }
    }

    pub fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            bail!("a backup set has an empty name");
        }
        if self.name.contains('/') || self.name.starts_with('.') {
            bail!(
                "backup set name `{}` may not contain `/` or start with `.`",
                self.name
            );
        }
        if self.path.trim().is_empty() {
            bail!("backup set `{}` has an empty path", self.name);
        }
        if self.retention == 0 {
            bail!("backup set `{}`: retention must be at least 1", self.name);
        }
        for (key, link) in [("host", self.host()), ("db", self.db())] {
            if let Some(problem) = link.and_then(crate::inventory::name_problem) {
                bail!(
                    "backup set `{}`: {key} = {:?} cannot be an inventory name: {problem}",
                    self.name,
                    link.unwrap_or_default()
                );
            }
        }
        Ok(())
    }
}

/// Which kind of inventory entry a `[[backup.set]]` link names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `host = "web01"`, judged by `inspect host`.
    Host,
    /// `db = "pg01"`, judged by `inspect db`.
    Db,
}

impl LinkKind {
    /// The key in `[[backup.set]]`.
    pub fn key(self) -> &'static str {
        match self {
            LinkKind::Host => "host",
            LinkKind::Db => "db",
        }
    }
}

/// The mode of backup files: `0600` (the default), or `0640` for a team whose
/// group may read backups. Nothing else is accepted: a backup may hold
/// /etc/shadow or a database, so others never read it, and it is never
/// executable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileMode(u32);

impl FileMode {
    pub const PRIVATE: FileMode = FileMode(0o600);
    pub const GROUP_READABLE: FileMode = FileMode(0o640);

    pub fn parse(text: &str) -> Result<FileMode> {
        let t = text.trim();
        let bits = u32::from_str_radix(t.strip_prefix("0o").unwrap_or(t), 8).ok();
        match bits {
            Some(0o600) => Ok(FileMode::PRIVATE),
            Some(0o640) => Ok(FileMode::GROUP_READABLE),
            _ => bail!(
                "mode `{text}` is not allowed: backups are \"0600\" (the default) or \"0640\" \
                 (readable by their group), never readable by others"
            ),
        }
    }

    /// The permission bits of files.
    pub fn file(self) -> u32 {
        self.0
    }

    /// The permission bits of directories ops creates for these files:
    /// 0700, or 0750 when the group may read the files.
    pub fn dir(self) -> u32 {
        0o700 | if self.0 & 0o040 != 0 { 0o050 } else { 0 }
    }
}

impl Default for FileMode {
    fn default() -> FileMode {
        FileMode::PRIVATE
    }
}

impl fmt::Display for FileMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04o}", self.0)
    }
}

impl Serialize for FileMode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for FileMode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FileMode, D::Error> {
        // Text only: a TOML integer `640` would be decimal, not the mode meant.
        let text = String::deserialize(d).map_err(|_| {
            serde::de::Error::custom("mode is written as text in octal: mode = \"0640\"")
        })?;
        FileMode::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// What a backup file is, and so how it is proven readable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Kind {
    /// Decide per file from its first bytes.
    #[default]
    #[serde(rename = "auto")]
    Auto,
    /// Opaque files: present, sized and checksummed, nothing more.
    #[serde(rename = "files", alias = "file")]
    Files,
    #[serde(rename = "tar")]
    Tar,
    #[serde(rename = "tar.gz", alias = "tgz")]
    TarGz,
    #[serde(rename = "tar.zst", alias = "tzst")]
    TarZst,
    /// `pg_dump -Fc`.
    #[serde(
        rename = "pg-custom",
        alias = "pg_dump-custom",
        alias = "pg_dump_custom"
    )]
    PgCustom,
    /// `pg_dump` plain SQL, possibly gzip or zstd compressed.
    #[serde(rename = "pg-plain", alias = "pg_dump-plain", alias = "pg_dump_plain")]
    PgPlain,
    /// `mysqldump` / `mariadb-dump` SQL, possibly gzip or zstd compressed.
    #[serde(rename = "mysqldump", alias = "mariadb-dump")]
    MysqlDump,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Auto => "auto",
            Kind::Files => "files",
            Kind::Tar => "tar",
            Kind::TarGz => "tar.gz",
            Kind::TarZst => "tar.zst",
            Kind::PgCustom => "pg-custom",
            Kind::PgPlain => "pg-plain",
            Kind::MysqlDump => "mysqldump",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A maximum age such as `26h`, `7d`, `1d12h`, `90m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Age(pub Duration);

impl Age {
    pub fn parse(text: &str) -> Result<Age> {
        let t = text.trim();
        if t.is_empty() {
            bail!("empty duration");
        }
        let mut total: u64 = 0;
        let mut num = String::new();
        let mut any = false;
        for c in t.chars() {
            if c.is_ascii_digit() {
                num.push(c);
            } else if c.is_whitespace() {
                continue;
            } else {
                let unit: u64 = match c {
                    's' => 1,
                    'm' => 60,
                    'h' => 3600,
                    'd' => 86_400,
                    'w' => 7 * 86_400,
                    _ => bail!("`{text}` is not a duration (use s, m, h, d, w: `26h`, `1d12h`)"),
                };
                let n: u64 = num
                    .parse()
                    .map_err(|_| anyhow::anyhow!("`{text}` is not a duration (e.g. `26h`)"))?;
                total = total.saturating_add(n.saturating_mul(unit));
                num.clear();
                any = true;
            }
        }
        if !num.is_empty() || !any {
            bail!("`{text}` is not a duration: every number needs a unit (s, m, h, d, w)");
        }
        if total == 0 {
            bail!("`{text}`: a duration must be longer than zero");
        }
        Ok(Age(Duration::from_secs(total)))
    }

    pub fn secs(self) -> u64 {
        self.0.as_secs()
    }
}

/// `26h`, `7d`, `1d2h` — the shortest exact spelling.
pub fn fmt_duration(secs: u64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut rest = secs;
    for (unit, len) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
        if rest >= len {
            out.push_str(&format!("{}{unit}", rest / len));
            rest %= len;
        }
    }
    out
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.secs();
        // Hours read better than days for the usual "26h".
        if s.is_multiple_of(3600) && s < 4 * 86_400 {
            write!(f, "{}h", s / 3600)
        } else {
            f.write_str(&fmt_duration(s))
        }
    }
}

impl Serialize for Age {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Age {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Age, D::Error> {
        let text = String::deserialize(d)?;
        Age::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A size in bytes, written as a number or as `512k`, `10 MiB`, `2G`
/// (k, M, G, T are powers of 1024, as `du` and `ls -h` use them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Size(pub u64);

impl Size {
    pub fn parse(text: &str) -> Result<Size> {
        let t = text.trim();
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let (num, unit) = t.split_at(split);
        let n: f64 = num
            .parse()
            .map_err(|_| anyhow::anyhow!("`{text}` is not a size (e.g. `10 MiB`, `512k`)"))?;
        let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "k" | "kb" | "kib" => 1 << 10,
            "m" | "mb" | "mib" => 1 << 20,
            "g" | "gb" | "gib" => 1 << 30,
            "t" | "tb" | "tib" => 1 << 40,
            _ => bail!("`{text}` is not a size (units: k, M, G, T)"),
        };
        Ok(Size((n * mult as f64).round() as u64))
    }
}

/// Bytes as people read them: `0 B`, `512 B`, `1.5 KiB`, `2.0 GiB`.
pub fn fmt_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut i = 0;
    while v >= 1024.0 && i + 1 < UNITS.len() {
        v /= 1024.0;
        i += 1;
    }
    format!("{v:.1} {}", UNITS[i])
}

impl Serialize for Size {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for Size {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Size, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(u64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) => Ok(Size(n)),
            Raw::S(s) => Size::parse(&s).map_err(serde::de::Error::custom),
        }
    }
}

/// A percentage, written `50%`, `"50 %"` or `50`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Percent(pub f64);

impl Percent {
    pub fn parse(text: &str) -> Result<Percent> {
        let t = text.trim().trim_end_matches('%').trim();
        let v: f64 = t
            .parse()
            .map_err(|_| anyhow::anyhow!("`{text}` is not a percentage (e.g. `50%`)"))?;
        Percent::checked(v).ok_or_else(|| anyhow::anyhow!("`{text}`: a percentage is 0 to 100"))
    }

    fn checked(v: f64) -> Option<Percent> {
        (0.0..=100.0).contains(&v).then_some(Percent(v))
    }
}

impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{}%", crate::check::fmt_num(self.0)))
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Percent, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(f64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) => Percent::checked(n)
                .ok_or_else(|| serde::de::Error::custom("a percentage is 0 to 100")),
            Raw::S(s) => Percent::parse(&s).map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(Age::parse("26h").unwrap().secs(), 26 * 3600);
        assert_eq!(Age::parse("1d12h").unwrap().secs(), 36 * 3600);
        assert_eq!(Age::parse("90m").unwrap().secs(), 5400);
        assert_eq!(Age::parse("1w").unwrap().secs(), 7 * 86_400);
        assert!(Age::parse("26").is_err());
        assert!(Age::parse("26x").is_err());
        assert!(Age::parse("0h").is_err());
        assert_eq!(Age::parse("26h").unwrap().to_string(), "26h");
        assert_eq!(Age::parse("35d").unwrap().to_string(), "35d");
        assert_eq!(fmt_duration(93_784), "1d2h3m4s");
    }

    #[test]
    fn sizes_and_percentages_parse() {
        assert_eq!(Size::parse("512").unwrap().0, 512);
        assert_eq!(Size::parse("10 MiB").unwrap().0, 10 << 20);
        assert_eq!(Size::parse("1.5k").unwrap().0, 1536);
        assert!(Size::parse("ten").is_err());
        assert_eq!(Percent::parse("50%").unwrap().0, 50.0);
        assert!(Percent::parse("150%").is_err());
        assert_eq!(fmt_bytes(0), "0 B");
        assert_eq!(fmt_bytes(3 << 29), "1.5 GiB");
    }

    #[test]
    fn a_set_reads_from_toml_with_defaults() {
        let cfg: BackupConfig = toml::from_str(
            r#"
            dir = "/srv/backups"
            [[set]]
            name = "app-db"
            path = "/var/backups/pg/app-*.dump"
            kind = "pg-custom"
            [[set]]
            name = "etc"
            glob = "/var/backups/etc-*.tar.gz"
            kind = "tar.gz"
            max_age = "8d"
            retention = 4
            min_size = "1 MiB"
            max_shrink = 30
            manifest = false
            "#,
        )
        .unwrap();
        cfg.validate().unwrap();
        assert_eq!(cfg.dir(), PathBuf::from("/srv/backups"));
        let db = cfg.set("app-db").unwrap();
        assert_eq!(db.kind, Kind::PgCustom);
        assert_eq!(db.max_age.secs(), 26 * 3600);
        assert_eq!(db.retention, 7);
        assert_eq!(db.min_size, Size(1));
        assert_eq!(db.max_shrink, Percent(50.0));
        assert!(db.manifest);
        let etc = cfg.set("etc").unwrap();
        assert_eq!(etc.kind, Kind::TarGz);
        assert_eq!(etc.max_age.secs(), 8 * 86_400);
        assert_eq!(etc.min_size, Size(1 << 20));
        assert_eq!(etc.max_shrink, Percent(30.0));
        assert!(!etc.manifest);
    }

    #[test]
    fn the_mode_is_private_or_group_readable_only() {
        let cfg: BackupConfig = toml::from_str("").unwrap();
        assert_eq!(cfg.file_mode(), FileMode::PRIVATE);
        assert_eq!(
            (cfg.file_mode().file(), cfg.file_mode().dir()),
            (0o600, 0o700)
        );
        let cfg: BackupConfig = toml::from_str("mode = \"0640\"").unwrap();
        assert_eq!(
            (cfg.file_mode().file(), cfg.file_mode().dir()),
            (0o640, 0o750)
        );
        assert_eq!(FileMode::parse("600").unwrap(), FileMode::PRIVATE);
        for bad in [
            "mode = \"0644\"",
            "mode = \"0660\"",
            "mode = \"0700\"",
            "mode = 640",
        ] {
            let err = toml::from_str::<BackupConfig>(bad).unwrap_err().to_string();
            assert!(err.contains("mode"), "{bad}: {err}");
        }
    }

    #[test]
    fn bad_sets_are_refused_with_their_name() {
        let err = toml::from_str::<BackupConfig>(
            "[[set]]\nname = \"x\"\npath = \"/b\"\nmax_age = \"tomorrow\"\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("not a duration"), "{err}");
        let cfg: BackupConfig = toml::from_str(
            "[[set]]\nname = \"x\"\npath = \"/a\"\n[[set]]\nname = \"x\"\npath = \"/b\"\n",
        )
        .unwrap();
        assert!(cfg.validate().unwrap_err().to_string().contains("twice"));
        assert!(
            toml::from_str::<BackupConfig>(
                "[[set]]\nname = \"x\"\npath = \"/a\"\nkind = \"zip\"\n"
            )
            .is_err()
        );
    }
}
