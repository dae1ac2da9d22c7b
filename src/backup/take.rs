//! `ops backup take`: the pre-change backup. Paths go into one tar.zst
//! archive with a JSON manifest beside it, then the archive is read back and
//! verified before it gets its final name.
//!
//! Writing is a three-stage pipeline: this thread walks the sources, hashes
//! each file and builds the tar stream; the stream is cut into 4 MiB chunks
//! that worker threads compress into independent zstd frames (a concatenation
//! of frames is one valid zstd stream that `zstd -d` and `tar -I zstd` read);
//! a writer thread puts the frames in order on disk and hashes the archive.
//!
//! Nothing half-written is ever left: the archive and manifest are written
//! under hidden temporary names in the backup directory, fsynced, verified,
//! and only then renamed (manifest first, so an archive never appears without
//! it). Any failure, or a panic, removes the temporaries.

use super::manifest::{ArchiveDigest, EntryKind, Expected, Manifest, ManifestEntry, hex};
use super::policy::fmt_bytes;
use super::progress::Progress;
use super::read::{Codec, Layout};
use super::record::{TakeRecord, slug};
use super::verify::{self, FileCheck};
use crate::check::{Finding, Status};
use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufReader, Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

const CHUNK: usize = 4 << 20;

#[derive(Debug, Clone)]
pub struct TakeOptions {
    /// The backup directory (created when missing).
    pub dir: PathBuf,
    pub name: Option<String>,
    pub ticket: Option<String>,
    pub host: String,
    pub now: DateTime<Utc>,
    /// zstd level (3 is zstd's default).
    pub level: i32,
    /// Compression threads; 0 means one per core.
    pub jobs: usize,
    pub progress: bool,
}

impl TakeOptions {
    pub fn new(dir: impl Into<PathBuf>, now: DateTime<Utc>) -> TakeOptions {
        TakeOptions {
            dir: dir.into(),
            name: None,
            ticket: None,
            host: String::new(),
            now,
            level: 3,
            jobs: 0,
            progress: false,
        }
    }
}

/// A take that wrote and verified its archive.
#[derive(Debug, Clone)]
pub struct Taken {
    pub archive: PathBuf,
    pub manifest: PathBuf,
    pub record: TakeRecord,
    /// Things skipped on the way (sockets), for the user to see.
    pub warnings: Vec<String>,
}

/// Archive `sources` into the backup directory and verify the result.
/// On any failure nothing is left in the directory and the error names the
/// file that could not be archived, or the findings that failed.
pub fn take(sources: &[PathBuf], opts: &TakeOptions) -> Result<Taken> {
    let started = opts.now;
    let clock = std::time::Instant::now();
    if sources.is_empty() {
        return Err(crate::usage_error!("backup take needs at least one PATH"));
    }
    let sources: Vec<PathBuf> = sources
        .iter()
        .map(|s| std::path::absolute(s).with_context(|| format!("cannot resolve {}", s.display())))
        .collect::<Result<_>>()?;
    for s in &sources {
        fs::symlink_metadata(s).with_context(|| format!("cannot read {}", s.display()))?;
    }
    let name = slug(&match &opts.name {
        Some(n) => n.clone(),
        None => sources[0]
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "root".into()),
    });
    fs::create_dir_all(&opts.dir).with_context(|| {
        format!(
            "cannot create the backup directory {} (set `dir` under [backup] in ops.toml, or pass --dir)",
            opts.dir.display()
        )
    })?;
    let dir = fs::canonicalize(&opts.dir)
        .with_context(|| format!("cannot resolve the backup directory {}", opts.dir.display()))?;
    let archive = free_name(&dir, &name, opts.now);
    let manifest_path = Manifest::path_for(&archive);
    let file_name = archive
        .file_name()
        .expect("archive has a name")
        .to_string_lossy()
        .into_owned();
    let tmp_archive = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let tmp_manifest = dir.join(format!(
        ".{file_name}.manifest.json.tmp-{}",
        std::process::id()
    ));
    let mut guard = Cleanup(vec![tmp_archive.clone(), tmp_manifest.clone()]);

    let progress = Progress::maybe(opts.progress, "archiving", 0);
    if opts.progress {
        progress.add_total(source_bytes(&sources));
    }
    let written = write_archive(&sources, &tmp_archive, opts, &progress);
    progress.finish();
    let written = written?;

    let manifest = Manifest {
        schema: 1,
        name: name.clone(),
        ticket: opts.ticket.clone(),
        created: opts.now,
        host: opts.host.clone(),
        sources: sources.clone(),
        archive: ArchiveDigest {
            file: file_name.clone(),
            format: "tar.zst".into(),
            size: written.size,
            sha256: written.sha256.clone(),
        },
        files: written.entries,
    };

    // Verify at once: read the archive back from disk as `verify` would.
    let progress = Progress::maybe(opts.progress, "verifying", written.size);
    let expected = Expected {
        source: manifest_path.clone(),
        size: Some(written.size),
        sha256: written.sha256.clone(),
        entries: Some(manifest.files.clone()),
    };
    let FileCheck { findings, .. } = verify::check_one(
        &tmp_archive,
        &archive.display().to_string(),
        Layout::Tar(Codec::Zstd),
        Ok(expected),
        true,
        progress.clone(),
    );
    progress.finish();
    let status = Status::worst(findings.iter().map(|f| f.status));
    if status > Status::Warn {
        let bad: Vec<String> = findings
            .iter()
            .filter(|f| f.status > Status::Warn)
            .map(|f| f.message.clone())
            .collect();
        bail!(
            "the archive written for {} failed verification and was removed: {}",
            name,
            bad.join("; ")
        );
    }

    let json = serde_json::to_vec_pretty(&manifest)?;
    write_synced(&tmp_manifest, &json)?;
    fs::rename(&tmp_manifest, &manifest_path).with_context(|| {
        format!(
            "cannot move the manifest into place at {}",
            manifest_path.display()
        )
    })?;
    if let Err(e) = fs::rename(&tmp_archive, &archive) {
        let _ = fs::remove_file(&manifest_path);
        return Err(e).with_context(|| {
            format!(
                "cannot move the archive into place at {}",
                archive.display()
            )
        });
    }
    guard.0.clear();
    File::open(&dir).and_then(|d| d.sync_all()).ok();

    let record = TakeRecord {
        schema: TakeRecord::SCHEMA,
        run: crate::records::layout::run_id(started),
        name,
        ticket: opts.ticket.clone(),
        host: opts.host.clone(),
        started,
        finished: started + chrono::Duration::from_std(clock.elapsed()).unwrap_or_default(),
        sources,
        archive: Some(archive.clone()),
        manifest: Some(manifest_path.clone()),
        sha256: written.sha256,
        size: written.size,
        files: manifest.files.len() as u64,
        bytes: written.content_bytes,
        status,
        findings,
    };
    Ok(Taken {
        archive,
        manifest: manifest_path,
        record,
        warnings: written.warnings,
    })
}

impl TakeRecord {
    /// The record of a take that failed, with the reason as its finding.
    pub fn failed(
        sources: &[PathBuf],
        opts: &TakeOptions,
        started: DateTime<Utc>,
        err: &anyhow::Error,
    ) -> TakeRecord {
        TakeRecord {
            schema: TakeRecord::SCHEMA,
            run: crate::records::layout::run_id(started),
            name: opts.name.clone().unwrap_or_else(|| {
                sources
                    .first()
                    .and_then(|s| s.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            }),
            ticket: opts.ticket.clone(),
            host: opts.host.clone(),
            started,
            finished: Utc::now(),
            sources: sources.to_vec(),
            archive: None,
            manifest: None,
            sha256: String::new(),
            size: 0,
            files: 0,
            bytes: 0,
            status: Status::Crit,
            findings: vec![Finding::new(
                "backup.take",
                Status::Crit,
                format!("{err:#}"),
            )],
        }
    }
}

/// `<name>-<UTC time>.tar.zst`, with `-2`, `-3`… if taken twice in one second.
fn free_name(dir: &Path, name: &str, now: DateTime<Utc>) -> PathBuf {
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let mut n = 1;
    loop {
        let file = if n == 1 {
            format!("{name}-{stamp}.tar.zst")
        } else {
            format!("{name}-{stamp}-{n}.tar.zst")
        };
        let p = dir.join(&file);
        if !p.exists() && !Manifest::path_for(&p).exists() {
            return p;
        }
        n += 1;
    }
}

/// Removes temporary files when dropped, unless emptied first.
struct Cleanup(Vec<PathBuf>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = fs::remove_file(p);
        }
    }
}

fn write_synced(path: &Path, data: &[u8]) -> Result<()> {
    let mut f = File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    f.write_all(data)
        .and_then(|_| f.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Bytes of regular files under the sources, for the progress bar's total.
fn source_bytes(sources: &[PathBuf]) -> u64 {
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

struct Written {
    size: u64,
    sha256: String,
    entries: Vec<ManifestEntry>,
    content_bytes: u64,
    warnings: Vec<String>,
}

fn write_archive(
    sources: &[PathBuf],
    tmp: &Path,
    opts: &TakeOptions,
    progress: &Progress,
) -> Result<Written> {
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(tmp)
        .with_context(|| format!("cannot create {}", tmp.display()))?;
    let workers = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        opts.jobs
    };
    let (job_tx, job_rx) = sync_channel::<(u64, Vec<u8>)>(workers * 2);
    let (frame_tx, frame_rx) = sync_channel::<(u64, io::Result<Vec<u8>>)>(workers * 2);
    // Only the workers hold the job receiver: if they all stop (the writer
    // failed), the producer's next send fails instead of blocking forever.
    let job_rx = Arc::new(Mutex::new(job_rx));
    let worker_rxs: Vec<_> = (0..workers).map(|_| Arc::clone(&job_rx)).collect();
    drop(job_rx);
    let level = opts.level;

    std::thread::scope(|s| -> Result<Written> {
        for rx in worker_rxs {
            let tx = frame_tx.clone();
            s.spawn(move || compress_worker(&rx, &tx, level));
        }
        drop(frame_tx);
        let writer = s.spawn(move || write_frames(file, frame_rx));

        let mut tar = tar::Builder::new(Chunker {
            buf: Vec::with_capacity(CHUNK),
            seq: 0,
            tx: Some(job_tx),
        });
        tar.mode(tar::HeaderMode::Complete);
        let mut walk = Walk {
            tar: &mut tar,
            entries: Vec::new(),
            content_bytes: 0,
            warnings: Vec::new(),
            progress,
        };
        let walked = sources.iter().try_for_each(|s| walk.add(s));
        let (entries, content_bytes, warnings) = (walk.entries, walk.content_bytes, walk.warnings);
        let finished = walked.and_then(|()| {
            tar.finish().context("cannot finish the tar stream")?;
            let mut chunker = tar.into_inner().context("cannot finish the tar stream")?;
            chunker
                .flush_chunk()
                .context("cannot finish the tar stream")?;
            Ok(())
        });
        // Dropping the builder (or the chunker) closes the job channel, so
        // the workers and the writer run out of input and stop.
        let written = writer
            .join()
            .map_err(|_| anyhow!("the archive writer panicked"))?;
        // The writer's error (disk full) explains a producer's "writer stopped".
        let (file, size, sha256) = written?;
        finished?;
        file.sync_all()
            .with_context(|| format!("cannot sync {}", tmp.display()))?;
        Ok(Written {
            size,
            sha256,
            entries,
            content_bytes,
            warnings,
        })
    })
}

/// The tar stream, cut into chunks for the compression workers.
struct Chunker {
    buf: Vec<u8>,
    seq: u64,
    tx: Option<SyncSender<(u64, Vec<u8>)>>,
}

impl Chunker {
    fn flush_chunk(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        let tx = self
            .tx
            .as_ref()
            .ok_or_else(|| io::Error::other("archive closed"))?;
        tx.send((self.seq, chunk))
            .map_err(|_| io::Error::other("the archive writer stopped (see the error below)"))?;
        self.seq += 1;
        Ok(())
    }
}

impl Write for Chunker {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let room = CHUNK - self.buf.len();
        let n = room.min(data.len());
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() == CHUNK {
            self.flush_chunk()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn compress_worker(
    rx: &Mutex<Receiver<(u64, Vec<u8>)>>,
    tx: &SyncSender<(u64, io::Result<Vec<u8>>)>,
    level: i32,
) {
    let mut cx = match zstd::bulk::Compressor::new(level).and_then(|mut c| {
        c.set_parameter(zstd::zstd_safe::CParameter::ChecksumFlag(true))?;
        Ok(c)
    }) {
        Ok(c) => c,
        Err(e) => {
            let _ = tx.send((u64::MAX, Err(e)));
            return;
        }
    };
    loop {
        let job = rx.lock().expect("job queue lock").recv();
        let Ok((seq, chunk)) = job else { return };
        let frame = cx.compress(&chunk);
        if tx.send((seq, frame)).is_err() {
            return;
        }
    }
}

/// Start writing dirty pages out every this many bytes, so that the final
/// fsync finds little left to do and the disk works while we compress.
const WRITEBACK: u64 = 32 << 20;

fn start_writeback(file: &File, offset: u64, len: u64) {
    use std::os::fd::AsRawFd;
    // SAFETY: a plain syscall on a file descriptor we own; it only schedules I/O.
    unsafe {
        libc::sync_file_range(
            file.as_raw_fd(),
            offset as libc::off64_t,
            len as libc::off64_t,
            libc::SYNC_FILE_RANGE_WRITE,
        );
    }
}

/// Write frames in order, hashing what goes to disk.
fn write_frames(
    file: File,
    rx: Receiver<(u64, io::Result<Vec<u8>>)>,
) -> Result<(File, u64, String)> {
    let mut file = file;
    let mut pending: BTreeMap<u64, Vec<u8>> = BTreeMap::new();
    let mut next = 0u64;
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut flushed = 0u64;
    for (seq, frame) in rx {
        let frame = frame.context("zstd compression failed")?;
        pending.insert(seq, frame);
        while let Some(frame) = pending.remove(&next) {
            file.write_all(&frame).context("cannot write the archive")?;
            hasher.update(&frame);
            size += frame.len() as u64;
            next += 1;
        }
        if size - flushed >= WRITEBACK {
            start_writeback(&file, flushed, size - flushed);
            flushed = size;
        }
    }
    if !pending.is_empty() {
        bail!("the archive is missing compressed chunks");
    }
    Ok((file, size, hex(&hasher.finalize())))
}

struct Walk<'a> {
    tar: &'a mut tar::Builder<Chunker>,
    entries: Vec<ManifestEntry>,
    content_bytes: u64,
    warnings: Vec<String>,
    progress: &'a Progress,
}

impl Walk<'_> {
    fn add(&mut self, path: &Path) -> Result<()> {
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
        let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let before = file
            .metadata()
            .with_context(|| format!("cannot read {}", path.display()))?;
        header.set_metadata_in_mode(&before, tar::HeaderMode::Complete);
        let size = before.len();
        let mut reader = HashRead {
            inner: BufReader::with_capacity(1 << 20, file).take(size),
            hasher: Sha256::new(),
            count: 0,
            progress: self.progress,
        };
        self.tar
            .append_data(&mut header, &name, &mut reader)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let after = reader
            .inner
            .get_ref()
            .get_ref()
            .metadata()
            .with_context(|| format!("cannot read {}", path.display()))?;
        if reader.count != size
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
        entry.sha256 = Some(hex(&reader.hasher.finalize()));
        self.content_bytes += size;
        self.entries.push(entry);
        Ok(())
    }
}

struct HashRead<'a, R> {
    inner: R,
    hasher: Sha256,
    count: u64,
    progress: &'a Progress,
}

impl<R: Read> Read for HashRead<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        self.progress.add(n as u64);
        Ok(n)
    }
}

/// The name inside the archive: the absolute path without its leading `/`,
/// as GNU tar stores it, so `tar -C / -xf` puts files back where they were.
fn archive_name(path: &Path) -> String {
    path.to_string_lossy().trim_start_matches('/').to_string()
}

/// One line for a terminal or cron log.
pub fn summary(t: &Taken) -> String {
    format!(
        "backup take: {} entries, {} archived into {} ({}), verified {}",
        t.record.files,
        fmt_bytes(t.record.bytes),
        t.archive.display(),
        fmt_bytes(t.record.size),
        t.record.status
    )
}
