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
//! "Verified at once" means the archive is read back from disk: its SHA-256
//! must equal what was written, every zstd frame must decode with its
//! checksum, and every tar entry must match the manifest by path, type and
//! size. Entry contents are not hashed a second time (the frame checksums
//! cover them); `ops backup verify` does that too.
//!
//! Nothing half-written is ever left: the archive and manifest are written
//! under hidden temporary names in the backup directory, fsynced, verified,
//! and only then renamed (manifest first, so an archive never appears without
//! it). Any failure, or a panic, removes the temporaries.
//!
//! The archive's name is reserved before anything is written, so that two
//! takes with the same `--name` in the same second both land: a hidden
//! `.NAME.reserved` beside it is created exclusively (`O_CREAT|O_EXCL`) and
//! kept locked (`flock`) until the archive is in place; whoever loses the
//! race moves on to `NAME-2`, `NAME-3`... The lock tells a reservation whose
//! take was killed (nobody holds it) from one in use. The reservation is
//! hidden rather than an empty file under the final name, which `verify`
//! would see as an empty backup.
//!
//! Archives and manifests are created with `[backup] mode` (0600 unless the
//! group may read, 0640), and a backup directory `take` creates gets 0700
//! (0750): a backup of /etc/shadow is as secret as /etc/shadow.

use super::manifest::{ArchiveDigest, EntryKind, Manifest, ManifestEntry, hex};
use super::policy::{FileMode, fmt_bytes};
use super::private;
use super::progress::Progress;
use super::read::{self, Codec, Entries, Layout, Verdict};
use super::record::{TakeRecord, slug};
use super::verify;
use crate::check::{Finding, Status};
use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Read, Write};
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
    /// Mode of the archive and manifest (directories follow it).
    pub mode: FileMode,
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
            mode: FileMode::default(),
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
    private::create_dirs(&opts.dir, opts.mode).with_context(|| {
        format!(
            "cannot create the backup directory {} (set `dir` under [backup] in ops.toml, or pass --dir)",
            opts.dir.display()
        )
    })?;
    let dir = fs::canonicalize(&opts.dir)
        .with_context(|| format!("cannot resolve the backup directory {}", opts.dir.display()))?;
    let mut warnings = remove_stale_temporaries(&dir);
    let reservation = reserve_name(&dir, &name, opts.now)?;
    let archive = reservation.archive.clone();
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
    let mut guard = Cleanup(vec![
        tmp_archive.clone(),
        tmp_manifest.clone(),
        reservation.path.clone(),
    ]);

    let progress = Progress::maybe(opts.progress, "archiving", 0);
    if opts.progress {
        progress.add_total(source_bytes(&sources));
    }
    let written = write_archive(&sources, &tmp_archive, opts, &progress);
    progress.finish();
    let mut written = written?;
    warnings.append(&mut written.warnings);

    // Verify at once: the archive was read back from its file as it was
    // written (see `Trailing`). Its SHA-256 is taken on that read, so the
    // manifest records the bytes that are in the file, and
    // those bytes are proven by decoding every zstd frame against its
    // checksum (which covers exactly the tar stream whose files were hashed
    // on their way in) and walking every tar entry against the manifest.
    let subject = archive.display().to_string();
    let outcome = written.readback;
    let mut findings = Vec::new();
    findings.push(if outcome.complete && outcome.bytes == written.size {
        Finding::ok(
            "backup.checksum",
            format!(
                "{subject} read back from disk, {} bytes, SHA-256 {}",
                outcome.bytes, outcome.sha256
            ),
        )
        .subject(&subject)
        .value(outcome.sha256.clone())
    } else {
        Finding::new(
            "backup.checksum",
            Status::Crit,
            format!(
                "{subject}: read back {} of the {} bytes written",
                outcome.bytes, written.size
            ),
        )
        .subject(&subject)
    });
    findings.push(verify::readable_finding(&subject, &outcome));
    if outcome.complete && matches!(outcome.verdict, Verdict::Good(_)) {
        findings.push(verify::contents_finding(
            &subject,
            &manifest_path,
            &written.entries,
            &outcome.entries,
        ));
    }
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
            sha256: outcome.sha256.clone(),
        },
        files: written.entries,
    };

    let json = serde_json::to_vec_pretty(&manifest)?;
    write_synced(&tmp_manifest, &json, opts.mode)?;
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
    // In place: the name is no longer reserved but taken.
    guard.0.clear();
    let _ = fs::remove_file(&reservation.path);
    drop(reservation);
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
        sha256: outcome.sha256,
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
        warnings,
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

/// Remove what a `take` killed outright (SIGKILL, power loss) left behind:
/// `.NAME.tmp-PID` files whose process is gone. Returns what was removed, as warnings.
fn remove_stale_temporaries(dir: &Path) -> Vec<String> {
    let mut removed = Vec::new();
    let names = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok());
    for name in names {
        if name.starts_with('.') && name.ends_with(RESERVED) {
            let p = dir.join(&name);
            if remove_if_abandoned(&p) {
                removed.push(format!(
                    "removed {} left by an interrupted take",
                    p.display()
                ));
            }
            continue;
        }
        let Some((_, pid)) = name.rsplit_once(".tmp-") else {
            continue;
        };
        if !name.starts_with('.') || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if Path::new("/proc").join(pid).exists() {
            continue; // a take still running
        }
        let p = dir.join(&name);
        if fs::remove_file(&p).is_ok() {
            removed.push(format!(
                "removed {} left by an interrupted take",
                p.display()
            ));
        }
    }
    removed
}

const RESERVED: &str = ".reserved";

/// An archive name held for one take: `.FILE.reserved`, created exclusively
/// and locked for as long as this value lives.
struct Reservation {
    archive: PathBuf,
    path: PathBuf,
    _lock: File,
}

/// Reserve `<name>-<UTC time>.tar.zst`, or `-2`, `-3`… when that is taken or
/// being taken (twice in one second, or by takes running at once).
fn reserve_name(dir: &Path, name: &str, now: DateTime<Utc>) -> Result<Reservation> {
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let taken = |p: &Path| p.exists() || Manifest::path_for(p).exists();
    let mut n = 1;
    loop {
        let file = if n == 1 {
            format!("{name}-{stamp}.tar.zst")
        } else {
            format!("{name}-{stamp}-{n}.tar.zst")
        };
        let archive = dir.join(&file);
        let path = dir.join(format!(".{file}{RESERVED}"));
        if taken(&archive) {
            n += 1;
            continue;
        }
        let lock = match private::create_file(&path, FileMode::PRIVATE) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                n += 1;
                continue;
            }
            Err(e) => {
                return Err(e).with_context(|| format!("cannot reserve {}", archive.display()));
            }
        };
        lock.lock()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        // A take starting just now may have removed our file as abandoned
        // before we locked it; then it is not ours, try the same name again.
        if !same_file(&lock, &path) {
            continue;
        }
        // The archive may have been moved into place by a take that released
        // this name just before we reserved it.
        if taken(&archive) {
            let _ = fs::remove_file(&path);
            n += 1;
            continue;
        }
        return Ok(Reservation {
            archive,
            path,
            _lock: lock,
        });
    }
}

fn same_file(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Remove the reservation at `path` if nobody holds it (its take is gone).
/// The removal happens while this process holds the lock: released first, a
/// take that just created the file could lock it, find it still there and
/// carry on with a reservation that is then removed under it.
fn remove_if_abandoned(path: &Path) -> bool {
    let Ok(f) = File::open(path) else {
        return false;
    };
    f.try_lock().is_ok() && same_file(&f, path) && fs::remove_file(path).is_ok()
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

fn write_synced(path: &Path, data: &[u8], mode: FileMode) -> Result<()> {
    let mut f = private::create_file(path, mode)
        .with_context(|| format!("cannot write {}", path.display()))?;
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
    /// The archive as read back from the file while it was written.
    readback: read::Outcome,
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
    let file = private::create_file(tmp, opts.mode)
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

    let reader = File::open(tmp).with_context(|| format!("cannot read back {}", tmp.display()))?;
    let shared = Arc::new(Written_::default());

    std::thread::scope(|s| -> Result<Written> {
        // The read-back trails the writer: it reads each frame soon after
        // it is written, so verifying costs little time after the last byte.
        let trailing = Trailing {
            file: reader,
            pos: 0,
            shared: Arc::clone(&shared),
        };
        let verifier = s.spawn(move || {
            read::read_once_from(
                Box::new(trailing),
                tmp,
                Layout::Tar(Codec::Zstd),
                Entries::List,
                Progress::none(),
            )
        });
        let pool: Pool = Arc::default();
        for rx in worker_rxs {
            let tx = frame_tx.clone();
            let pool = Arc::clone(&pool);
            s.spawn(move || compress_worker(&rx, &tx, &pool, level));
        }
        drop(frame_tx);
        let published = Publish(Arc::clone(&shared));
        let writer = s.spawn(move || write_frames(file, frame_rx, published));

        let mut tar = tar::Builder::new(Chunker::new(job_tx, Arc::clone(&pool)));
        tar.mode(tar::HeaderMode::Complete);
        let skip = tmp.parent().unwrap_or(Path::new("/"));
        let mut walk = Walk {
            tar: &mut tar,
            skip,
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
        let readback = verifier
            .join()
            .map_err(|_| anyhow!("the archive verifier panicked"))?;
        // The writer's error (disk full) explains a producer's "writer stopped".
        let (file, size) = written?;
        finished?;
        file.sync_all()
            .with_context(|| format!("cannot sync {}", tmp.display()))?;
        Ok(Written {
            size,
            entries,
            content_bytes,
            warnings,
            readback,
        })
    })
}

/// How far the archive has been written, for the trailing reader.
#[derive(Default)]
#[allow(non_camel_case_types)]
struct Written_ {
    state: Mutex<(u64, bool)>,
    moved: std::sync::Condvar,
}

/// The writer's side: publishes the written length; dropping it (at the
/// end, on error or on panic) tells the reader that nothing more will come.
struct Publish(Arc<Written_>);

impl Publish {
    fn advance(&self, len: u64) {
        if let Ok(mut st) = self.0.state.lock() {
            st.0 = len;
        }
        self.0.moved.notify_all();
    }
}

impl Drop for Publish {
    fn drop(&mut self) {
        if let Ok(mut st) = self.0.state.lock() {
            st.1 = true;
        }
        self.0.moved.notify_all();
    }
}

/// Reads the archive file up to what the writer has published, waiting for more.
struct Trailing {
    file: File,
    pos: u64,
    shared: Arc<Written_>,
}

impl Read for Trailing {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let limit = {
            let mut st = self
                .shared
                .state
                .lock()
                .map_err(|_| io::Error::other("writer lock"))?;
            while st.0 <= self.pos && !st.1 {
                st = self
                    .shared
                    .moved
                    .wait(st)
                    .map_err(|_| io::Error::other("writer lock"))?;
            }
            st.0
        };
        if limit <= self.pos {
            return Ok(0); // the writer is done
        }
        let want = usize::try_from(limit - self.pos)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let n = self.file.read(&mut buf[..want])?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// Chunk buffers handed back by the compression workers for reuse.
type Pool = Arc<Mutex<Vec<Vec<u8>>>>;

/// The tar stream, cut into chunks for the compression workers. File
/// contents are read straight into the chunk (no copy in between).
struct Chunker {
    buf: Vec<u8>,
    filled: usize,
    seq: u64,
    tx: Option<SyncSender<(u64, Vec<u8>)>>,
    pool: Pool,
}

impl Chunker {
    fn new(tx: SyncSender<(u64, Vec<u8>)>, pool: Pool) -> Chunker {
        let mut c = Chunker {
            buf: Vec::new(),
            filled: 0,
            seq: 0,
            tx: Some(tx),
            pool,
        };
        c.buf = c.fresh();
        c
    }

    fn fresh(&self) -> Vec<u8> {
        let mut b = self
            .pool
            .lock()
            .map(|mut p| p.pop())
            .ok()
            .flatten()
            .unwrap_or_default();
        b.resize(CHUNK, 0);
        b
    }

    fn flush_chunk(&mut self) -> io::Result<()> {
        if self.filled == 0 {
            return Ok(());
        }
        let fresh = self.fresh();
        let mut chunk = std::mem::replace(&mut self.buf, fresh);
        chunk.truncate(self.filled);
        self.filled = 0;
        let tx = self
            .tx
            .as_ref()
            .ok_or_else(|| io::Error::other("archive closed"))?;
        tx.send((self.seq, chunk))
            .map_err(|_| io::Error::other("the archive writer stopped (see the error below)"))?;
        self.seq += 1;
        Ok(())
    }

    /// Read up to `max` bytes of `file` into the stream, hashing them.
    fn read_from(&mut self, file: &mut File, max: u64, hasher: &mut Sha256) -> io::Result<usize> {
        if self.filled == CHUNK {
            self.flush_chunk()?;
        }
        let room = (CHUNK - self.filled).min(usize::try_from(max).unwrap_or(usize::MAX));
        let dst = &mut self.buf[self.filled..self.filled + room];
        let n = loop {
            match file.read(dst) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        hasher.update(&dst[..n]);
        self.filled += n;
        Ok(n)
    }
}

impl Write for Chunker {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = (CHUNK - self.filled).min(data.len());
        self.buf[self.filled..self.filled + n].copy_from_slice(&data[..n]);
        self.filled += n;
        if self.filled == CHUNK {
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
    pool: &Pool,
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
        if let Ok(mut p) = pool.lock() {
            p.push(chunk);
        }
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

/// Write frames in order.
fn write_frames(
    file: File,
    rx: Receiver<(u64, io::Result<Vec<u8>>)>,
    published: Publish,
) -> Result<(File, u64)> {
    let mut file = file;
    let mut pending: BTreeMap<u64, Vec<u8>> = BTreeMap::new();
    let mut next = 0u64;
    let mut size = 0u64;
    let mut flushed = 0u64;
    for (seq, frame) in rx {
        let frame = frame.context("zstd compression failed")?;
        pending.insert(seq, frame);
        while let Some(frame) = pending.remove(&next) {
            file.write_all(&frame).context("cannot write the archive")?;
            size += frame.len() as u64;
            next += 1;
            published.advance(size);
        }
        if size - flushed >= WRITEBACK {
            start_writeback(&file, flushed, size - flushed);
            flushed = size;
        }
    }
    if !pending.is_empty() {
        bail!("the archive is missing compressed chunks");
    }
    Ok((file, size))
}

struct Walk<'a> {
    tar: &'a mut tar::Builder<Chunker>,
    /// The backup directory: never archived into itself.
    skip: &'a Path,
    entries: Vec<ManifestEntry>,
    content_bytes: u64,
    warnings: Vec<String>,
    progress: &'a Progress,
}

impl Walk<'_> {
    fn add(&mut self, path: &Path) -> Result<()> {
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
