//! The walk over the sources: every path, in sorted order, becomes a tar
//! entry and a manifest entry; a regular file is read once, hashed on its way
//! into the stream, and must not change while it is read. Sockets and the
//! backup directory itself are skipped with a warning.

use super::super::manifest::{EntryKind, ManifestEntry, hex};
use super::super::progress::Progress;
use super::pipeline::Chunker;
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

/// Bytes of regular files under the sources, for the progress bar's total.
pub(super) fn source_bytes(sources: &[PathBuf]) -> u64 {
    fn walk(p: &Path) -> u64 {
        match fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => fs::read_dir(p)
                .map(|rd| rd.filter_map(|e| e.ok()).map(|e| walk(&e.path())).sum())
                .unwrap_or(0),
            Ok(m) if m.is_file() => m.len(),
            _ => 0,
        }
    }
    sources.iter().map(|s| walk(s)).sum()
}

pub(super) struct Walk<'a> {
    pub(super) tar: &'a mut tar::Builder<Chunker>,
    /// The backup directory: never archived into itself.
    pub(super) skip: &'a Path,
    pub(super) entries: Vec<ManifestEntry>,
    pub(super) content_bytes: u64,
    pub(super) warnings: Vec<String>,
    pub(super) progress: &'a Progress,
}

impl Walk<'_> {
    pub(super) fn add(&mut self, path: &Path) -> Result<()> {
        if path == self.skip {
            self.warnings.push(format!(
                "{} is the backup directory, not archived into itself",
                path.display()
            ));
            return Ok(());
        }
        let meta = fs::symlink_metadata(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let name = archive_name(path);
        let ft = meta.file_type();
        if ft.is_socket() {
            self.warnings
                .push(format!("{} is a socket, not archived", path.display()));
            return Ok(());
        }
        let mut header = tar::Header::new_gnu();
        header.set_metadata_in_mode(&meta, tar::HeaderMode::Complete);
        let mut entry = ManifestEntry {
            path: name.clone(),
            kind: EntryKind::File,
            size: 0,
            sha256: None,
            mode: format!("{:04o}", meta.mode() & 0o7777),
            mtime: meta.mtime(),
            link: None,
        };
        if ft.is_dir() {
            entry.kind = EntryKind::Dir;
            if !name.is_empty() {
                self.tar
                    .append_data(&mut header, &name, io::empty())
                    .with_context(|| format!("cannot archive {}", path.display()))?;
                self.entries.push(entry);
            }
            let mut children: Vec<PathBuf> = fs::read_dir(path)
                .with_context(|| format!("cannot read directory {}", path.display()))?
                .map(|e| e.map(|e| e.path()))
                .collect::<io::Result<_>>()
                .with_context(|| format!("cannot read directory {}", path.display()))?;
            children.sort();
            for c in children {
                self.add(&c)?;
            }
            return Ok(());
        }
        if ft.is_symlink() {
            let target = fs::read_link(path)
                .with_context(|| format!("cannot read symlink {}", path.display()))?;
            entry.kind = EntryKind::Symlink;
            entry.link = Some(target.to_string_lossy().into_owned());
            self.tar
                .append_link(&mut header, &name, &target)
                .with_context(|| format!("cannot archive {}", path.display()))?;
            self.entries.push(entry);
            return Ok(());
        }
        if ft.is_fifo() || ft.is_char_device() || ft.is_block_device() {
            entry.kind = if ft.is_fifo() {
                EntryKind::Fifo
            } else if ft.is_char_device() {
                EntryKind::Char
            } else {
                EntryKind::Block
            };
            if !ft.is_fifo() {
                let dev = meta.rdev();
                let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
                let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
                header.set_device_major(major as u32).ok();
                header.set_device_minor(minor as u32).ok();
            }
            header.set_size(0);
            self.tar
                .append_data(&mut header, &name, io::empty())
                .with_context(|| format!("cannot archive {}", path.display()))?;
            self.entries.push(entry);
            return Ok(());
        }
        // A regular file: read once, hashing on the way into the archive.
        let mut file =
            File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let before = file
            .metadata()
            .with_context(|| format!("cannot read {}", path.display()))?;
        header.set_metadata_in_mode(&before, tar::HeaderMode::Complete);
        let size = before.len();
        // The header (and any long-name entry) through the tar builder, then
        // the content straight into the stream, then the padding to 512.
        self.tar
            .append_data(&mut header, &name, io::empty())
            .with_context(|| format!("cannot archive {}", path.display()))?;
        let out = self.tar.get_mut();
        let mut hasher = Sha256::new();
        let mut count = 0u64;
        while count < size {
            let n = out
                .read_from(&mut file, size - count, &mut hasher)
                .with_context(|| format!("cannot read {}", path.display()))?;
            if n == 0 {
                break;
            }
            count += n as u64;
            self.progress.add(n as u64);
        }
        let pad = (512 - count % 512) % 512;
        out.write_all(&[0u8; 512][..pad as usize])
            .context("cannot write the tar stream")?;
        let after = file
            .metadata()
            .with_context(|| format!("cannot read {}", path.display()))?;
        if count != size
            || after.len() != size
            || after.mtime() != before.mtime()
            || after.mtime_nsec() != before.mtime_nsec()
        {
            bail!(
                "{} changed while it was being archived; take the backup again",
                path.display()
            );
        }
        entry.size = size;
        entry.mtime = before.mtime();
        entry.mode = format!("{:04o}", before.mode() & 0o7777);
        entry.sha256 = Some(hex(&hasher.finalize()));
        self.content_bytes += size;
        self.entries.push(entry);
        Ok(())
    }
}

/// The name inside the archive: the absolute path without its leading `/`,
/// as GNU tar stores it, so `tar -C / -xf` puts files back where they were.
fn archive_name(path: &Path) -> String {
    path.to_string_lossy().trim_start_matches('/').to_string()
}
