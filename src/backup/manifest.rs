//! Checksum manifests: how `ops` finds the SHA-256 a backup file must have.
//!
//! Two forms are understood, looked for in this order beside the file:
//! 1. `FILE.manifest.json`, written by `ops backup take`: the archive's own
//!    size and SHA-256, and every file inside it (path, size, SHA-256, mode,
//!    mtime), so that verification checks the archive *and* its contents.
//! 2. `FILE.sha256`, or `SHA256SUMS` / `sha256sums.txt` in the same directory:
//!    the `sha256sum` format (`<hex>  <name>`, `*` for binary mode), which is
//!    what backup scripts usually write with `sha256sum FILE > FILE.sha256`.

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};

pub const MANIFEST_SUFFIX: &str = ".manifest.json";
const SUMS_FILES: [&str; 2] = ["SHA256SUMS", "sha256sums.txt"];

/// The manifest `take` writes beside its archive (`schema = 1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: u32,
    /// The backup's name (`--name`, or the first source's file name).
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    pub created: DateTime<Utc>,
    #[serde(default)]
    pub host: String,
    /// The paths given to `take`, absolute.
    pub sources: Vec<PathBuf>,
    pub archive: ArchiveDigest,
    /// Every entry of the archive, in archive order.
    pub files: Vec<ManifestEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchiveDigest {
    /// The archive's file name, without directory.
    pub file: String,
    pub format: String,
    pub size: u64,
    pub sha256: String,
}

/// One archive entry. `sha256` is present for regular files only; `link`
/// for symlinks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// The path inside the archive (the absolute source path without its leading `/`).
    pub path: String,
    #[serde(rename = "type")]
    pub kind: EntryKind,
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Permission bits, as octal text (`"0644"`).
    pub mode: String,
    /// Modification time, seconds since the epoch (what tar stores).
    pub mtime: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    File,
    Dir,
    Symlink,
    Fifo,
    Char,
    Block,
}

impl Manifest {
    pub fn path_for(archive: &Path) -> PathBuf {
        let mut name = archive.as_os_str().to_owned();
        name.push(MANIFEST_SUFFIX);
        PathBuf::from(name)
    }

    pub fn read(path: &Path) -> Result<Manifest> {
        let text = fs::read_to_string(path)
            .with_context(|| format!("failed to read manifest at: {}", path.display()))?;
        let m: Manifest = serde_json::from_str(&text).map_err(|e| {
            crate::bad_input!(
                "manifest {}:{}:{} is not valid: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if m.schema != 1 {
            bail!(crate::exit::BadInput(format!(
                "manifest {} has schema {}, this ops reads schema 1",
                path.display(),
                m.schema
            )));
        }
        Ok(m)
    }
}

/// What a backup file's manifest says about it.
#[derive(Debug, Clone)]
pub struct Expected {
    /// The manifest file this came from.
    pub source: PathBuf,
    pub size: Option<u64>,
    pub sha256: String,
    /// The archive's contents, when the manifest lists them (`take` archives).
    pub entries: Option<Vec<ManifestEntry>>,
}

/// Why no expectation could be had.
#[derive(Debug, Clone)]
pub enum Missing {
    /// No manifest file of any known form beside the backup.
    NotFound(Vec<PathBuf>),
    /// A manifest exists but is unreadable or does not mention the file.
    Unusable(String),
}

impl Missing {
    pub fn reason(&self, file: &Path) -> String {
        match self {
            Missing::NotFound(tried) => format!(
                "no SHA-256 manifest for {} (looked for {})",
                file.display(),
                tried
                    .iter()
                    .map(|p| p
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Missing::Unusable(why) => why.clone(),
        }
    }
}

/// Whether a directory entry is a manifest rather than a backup.
pub fn is_manifest_name(name: &str) -> bool {
    name.ends_with(MANIFEST_SUFFIX) || name.ends_with(".sha256") || SUMS_FILES.contains(&name)
}

/// Find the manifest for `file` and what it expects.
pub fn expected_for(file: &Path) -> Result<Expected, Missing> {
    let mut tried = Vec::new();
    let json = Manifest::path_for(file);
    if json.exists() {
        let m = Manifest::read(&json).map_err(|e| Missing::Unusable(format!("{e:#}")))?;
        return Ok(Expected {
            source: json,
            size: Some(m.archive.size),
            sha256: m.archive.sha256.to_ascii_lowercase(),
            entries: Some(m.files),
        });
    }
    tried.push(json);

    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut single = file.as_os_str().to_owned();
    single.push(".sha256");
    let mut candidates = vec![PathBuf::from(single)];
    candidates.extend(SUMS_FILES.iter().map(|s| dir.join(s)));
    for cand in candidates {
        if !cand.exists() {
            tried.push(cand);
            continue;
        }
        let text = fs::read_to_string(&cand).map_err(|e| {
            Missing::Unusable(format!("cannot read manifest {}: {e}", cand.display()))
        })?;
        let sums = parse_sums(&text).map_err(|e| {
            Missing::Unusable(format!("manifest {} is not valid: {e:#}", cand.display()))
        })?;
        // A `.sha256` beside the file may name it with any path; a directory
        // manifest must name it.
        let own = cand.extension().is_some_and(|e| e == "sha256") && sums.len() == 1;
        let hit = sums.iter().find(|(_, n)| {
            own || n == &name || Path::new(n).file_name().is_some_and(|f| f == name.as_str())
        });
        match hit {
            Some((hex, _)) => {
                return Ok(Expected {
                    source: cand,
                    size: None,
                    sha256: hex.clone(),
                    entries: None,
                });
            }
            None => tried.push(cand),
        }
    }
    Err(Missing::NotFound(tried))
}

/// Parse `sha256sum` output: `<64 hex>  <name>` or `<64 hex> *<name>`, one per line.
pub fn parse_sums(text: &str) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (hex, rest) = line.split_at(line.find(' ').unwrap_or(line.len()));
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            bail!("line {}: expected `<sha256>  <file>`", i + 1);
        }
        let name = rest
            .strip_prefix("  ")
            .or_else(|| rest.strip_prefix(" *"))
            .or_else(|| rest.strip_prefix(' '))
            .unwrap_or("")
            .trim_start_matches("./");
        if name.is_empty() {
            bail!("line {}: no file name after the checksum", i + 1);
        }
        out.push((hex.to_ascii_lowercase(), name.to_string()));
    }
    Ok(out)
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn sha256sum_lines_parse_in_both_modes() {
        let sums = parse_sums(&format!("{A}  app.dump\n{A} *./other.dump\n\n")).unwrap();
        assert_eq!(sums[0], (A.to_string(), "app.dump".to_string()));
        assert_eq!(sums[1].1, "other.dump");
        assert!(
            parse_sums("abc  file\n")
                .unwrap_err()
                .to_string()
                .contains("line 1")
        );
    }

    #[test]
    fn expectations_come_from_the_nearest_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.dump");
        fs::write(&f, "test").unwrap();
        match expected_for(&f) {
            Err(Missing::NotFound(tried)) => assert_eq!(tried.len(), 4),
            other => panic!("{other:?}"),
        }
        fs::write(dir.path().join("SHA256SUMS"), format!("{A}  b.dump\n")).unwrap();
        let reason = expected_for(&f).unwrap_err().reason(&f);
        assert!(reason.contains("no SHA-256 manifest"), "{reason}");
        fs::write(dir.path().join("SHA256SUMS"), format!("{A}  a.dump\n")).unwrap();
        assert_eq!(expected_for(&f).unwrap().sha256, A);
        assert!(is_manifest_name("SHA256SUMS") && is_manifest_name("x.tar.zst.manifest.json"));
    }
}
