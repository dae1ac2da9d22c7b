//! `ops backup take`: the pre-change backup. Paths go into one tar.zst
//! archive with a JSON manifest beside it, then the archive is read back and
//! verified before it gets its final name.
//!
//! Writing is a three-stage pipeline (`pipeline.rs`): this thread walks the
//! sources (`walk.rs`), hashes each file and builds the tar stream; the
//! stream is cut into 4 MiB chunks that worker threads compress into
//! independent zstd frames; a writer thread puts the frames in order on disk.
//! [`take`] wires the stages together here, and a fourth thread reads the
//! archive back as it is written.
//!
//! "Verified at once" means the archive is read back from disk: its SHA-256
//! must equal what was written, every zstd frame must decode with its
//! checksum, and every tar entry must match the manifest by path, type and
//! size. Entry contents are not hashed a second time (the frame checksums
//! cover them); `ops backup verify` does that too.
//!
//! Nothing half-written is ever left, and two takes of the same name both
//! land: the temporaries and the name reservation are in `temporaries.rs`.
//!
//! Archives and manifests are created with `[backup] mode` (0600 unless the
//! group may read, 0640), and a backup directory `take` creates gets 0700
//! (0750): a backup of /etc/shadow is as secret as /etc/shadow.

mod pipeline;
mod temporaries;
mod walk;

use super::manifest::{ArchiveDigest, Manifest, ManifestEntry};
use super::policy::{FileMode, fmt_bytes};
use super::private;
use super::progress::Progress;
use super::read::{self, Codec, Entries, Layout, Verdict};
use super::record::{TakeRecord, slug};
use super::verify;
use crate::check::{Finding, Status};
use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Utc};
use pipeline::{Chunker, Pool, Publish, Trailing, Written_, compress_worker, write_frames};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex};
use temporaries::{Cleanup, remove_stale_temporaries, reserve_name, write_synced};
use walk::{Walk, source_bytes};

#[derive(Debug, Clone)]
pub struct TakeOptions {
    /// The backup directory (created when missing).
    pub dir: PathBuf,
    pub name: Option<String>,
    pub ticket: Option<String>,
    /// The change this backup is taken for (`--change`), kept in its record.
    pub change: Option<String>,
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
            change: None,
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
        change: opts.change.clone(),
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
            change: opts.change.clone(),
            host: opts.host.clone(),
            started,
            finished: crate::clock::now(),
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
