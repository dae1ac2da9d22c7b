//! `ops backup verify`: prove a backup set present, fresh, kept, sized,
//! checksummed and readable to the end.
//!
//! A run has two phases. Planning looks at names, sizes, times and modes only
//! and yields the policy findings (present, fresh, retention, size, private). Reading then
//! takes every selected file through [`read::read_once`] on a pool of worker
//! threads (one file per worker, largest first), over all targets at once so
//! that both cores stay busy even when one set holds a single big file.

use super::locate::{BackupFile, backup_files};
use super::manifest::{self, EntryKind, Expected, Manifest, ManifestEntry, Missing};
use super::policy::{BackupSet, Kind, fmt_bytes, fmt_duration};
use super::private;
use super::progress::Progress;
use super::read::{self, Entries, EntryDigest, Layout, Outcome, Verdict};
use super::record::{BackupSeen, FileResult, SampleState, VerifyRecord};
use crate::check::{Finding, Status, fmt_num};
use anyhow::Result;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What to verify: a configured set, or a PATH (a file or a directory of
/// backups, e.g. an archive made by `take` with its manifest beside it).
#[derive(Debug, Clone)]
pub enum Target {
    Set(BackupSet),
    Path(PathBuf),
}

impl Target {
    pub fn name(&self) -> String {
        match self {
            Target::Set(s) => s.name.clone(),
            Target::Path(p) => p.display().to_string(),
        }
    }
}

#[derive(Clone)]
pub struct VerifyOptions {
    pub now: DateTime<Utc>,
    /// Read only this share of each set per run (the newest backup always).
    pub sample: Option<f64>,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    pub host: String,
    /// The run id the records carry; made from the start time when empty.
    pub run: String,
    pub ticket: Option<String>,
    /// The change whose backup this run proves (`--change`), kept in its records.
    pub change: Option<String>,
    pub progress: bool,
}

impl VerifyOptions {
    pub fn new(now: DateTime<Utc>) -> VerifyOptions {
        VerifyOptions {
            now,
            sample: None,
            jobs: 0,
            host: String::new(),
            run: String::new(),
            ticket: None,
            change: None,
            progress: false,
        }
    }
}

/// The outcome for one target: its findings and the record to store.
#[derive(Debug, Clone)]
pub struct Report {
    pub target: String,
    pub status: Status,
    pub findings: Vec<Finding>,
    pub record: VerifyRecord,
}

/// A file chosen to be read in full.
struct Job {
    target: usize,
    file: BackupFile,
    kind: Kind,
    manifest_required: bool,
}

struct Plan {
    set: BackupSet,
    is_path: bool,
    files: Vec<BackupFile>,
    findings: Vec<Finding>,
    sample: Option<SampleState>,
}

/// Verify `targets`. `previous` gives a target's last record (for the
/// `--sample` cursor); pass `|_| None` without records.
pub fn verify(
    targets: &[Target],
    previous: &dyn Fn(&str) -> Option<VerifyRecord>,
    opts: &VerifyOptions,
) -> Result<Vec<Report>> {
    // Record times follow the (pinnable) clock the caller gave, plus the
    // real time spent, so that a pinned clock gives reproducible records.
    let started = opts.now;
    let clock = std::time::Instant::now();
    let run = if opts.run.is_empty() {
        crate::records::layout::run_id(started)
    } else {
        opts.run.clone()
    };
    let mut plans = Vec::new();
    let mut jobs = Vec::new();
    for (ti, target) in targets.iter().enumerate() {
        let (set, is_path) = match target {
            Target::Set(s) => (s.clone(), false),
            Target::Path(p) => {
                let mut s = BackupSet::new("path", p.display().to_string(), Kind::Auto);
                s.name = p.display().to_string();
                (s, true)
            }
        };
        let mut plan = Plan {
            findings: Vec::new(),
            files: Vec::new(),
            sample: None,
            set,
            is_path,
        };
        match backup_files(&plan.set.path) {
            Ok(files) => plan.files = files,
            Err(e) => {
                plan.findings.push(
                    Finding::unknown("backup.present", format!("{e:#}")).subject(target.name()),
                );
                plans.push(plan);
                continue;
            }
        }
        policy_findings(&mut plan, opts.now);
        let prev = previous(&target.name());
        let (chosen, sample) = choose(&plan.files, opts.sample, prev.as_ref());
        plan.sample = sample;
        for f in chosen {
            // An empty file has nothing to prove beyond "empty", already crit.
            if f.size > 0 {
                jobs.push(Job {
                    target: ti,
                    file: f.clone(),
                    kind: plan.set.kind,
                    manifest_required: plan.set.manifest,
                });
            }
        }
        plans.push(plan);
    }

    let total: u64 = jobs.iter().map(|j| j.file.size).sum();
    let progress = Progress::maybe(opts.progress, "verifying", total);
    let results = read_all(&jobs, opts.jobs, &progress);
    progress.finish();

    let finished = started + chrono::Duration::from_std(clock.elapsed()).unwrap_or_default();
    let mut by_target: BTreeMap<usize, Vec<(&Job, FileCheck)>> = BTreeMap::new();
    for (job, res) in jobs.iter().zip(results) {
        by_target.entry(job.target).or_default().push((job, res));
    }
    let mut reports = Vec::new();
    for (ti, mut plan) in plans.into_iter().enumerate() {
        let mut checked = by_target.remove(&ti).unwrap_or_default();
        checked.sort_by(|a, b| {
            a.0.file
                .mtime
                .cmp(&b.0.file.mtime)
                .then(a.0.file.path.cmp(&b.0.file.path))
        });
        let mut verified = Vec::new();
        let mut bytes_read = 0;
        for (job, check) in &checked {
            bytes_read += check.outcome.as_ref().map_or(0, |o| o.bytes);
            plan.findings.extend(check.findings.iter().cloned());
            verified.push((job.file.clone(), check));
        }
        let findings = plan.findings;
        let file_status = |p: &Path| {
            Status::worst(
                findings
                    .iter()
                    .filter(|f| f.subject.as_deref() == Some(&*p.to_string_lossy()))
                    .map(|f| f.status),
            )
        };
        let results: Vec<FileResult> = verified
            .iter()
            .map(|(f, c)| FileResult {
                path: f.path.clone(),
                size: f.size,
                mtime: f.mtime,
                sha256: c
                    .outcome
                    .as_ref()
                    .filter(|o| o.complete)
                    .map(|o| o.sha256.clone())
                    .unwrap_or_default(),
                status: file_status(&f.path),
            })
            .collect();
        let last_good = results
            .iter()
            .filter(|r| r.status <= Status::Warn && !r.sha256.is_empty())
            .max_by_key(|r| (r.mtime, r.path.clone()))
            .map(|r| BackupSeen {
                path: r.path.clone(),
                size: r.size,
                mtime: r.mtime,
            });
        let status = Status::worst(findings.iter().map(|f| f.status));
        let record = VerifyRecord {
            schema: VerifyRecord::SCHEMA,
            run: run.clone(),
            set: targets[ti].name(),
            pattern: plan.set.path.clone(),
            one_off: plan.is_path,
            host: opts.host.clone(),
            ticket: opts.ticket.clone(),
            change: opts.change.clone(),
            started,
            finished,
            status,
            backups: plan.files.len(),
            newest: plan.files.last().map(BackupSeen::from),
            last_good,
            verified: results,
            bytes_read,
            sample: plan.sample.clone(),
            findings: findings.clone(),
        };
        reports.push(Report {
            target: targets[ti].name(),
            status,
            findings,
            record,
        });
    }
    Ok(reports)
}

/// Present, fresh, retention and size: everything a directory listing shows.
fn policy_findings(plan: &mut Plan, now: DateTime<Utc>) {
    let set = &plan.set;
    let name = set.name.clone();
    let out = &mut plan.findings;
    let files = &plan.files;
    let Some(newest) = files.last() else {
        out.push(
            Finding::new(
                "backup.present",
                Status::Crit,
                format!("no backup found at {}", set.path),
            )
            .subject(&name)
            .value(0)
            .threshold(format!(
                "at least {} backups",
                if plan.is_path { 1 } else { set.retention }
            )),
        );
        return;
    };
    let total: u64 = files.iter().map(|f| f.size).sum();
    out.push(
        Finding::ok(
            "backup.present",
            format!(
                "{}, {} in all, newest {}",
                plural(files.len(), "backup"),
                fmt_bytes(total),
                newest.path.display()
            ),
        )
        .subject(&name)
        .value(files.len()),
    );
    if plan.is_path {
        out.push(
            Finding::skip(
                "backup.fresh",
                "a PATH has no age policy; name a set from ops.toml for one",
            )
            .subject(&name),
        );
    } else {
        let age = (now - newest.mtime).num_seconds().max(0) as u64;
        let limit = set.max_age.secs();
        let status = if age > limit {
            Status::Crit
        } else {
            Status::Ok
        };
        let msg = if status == Status::Ok {
            format!("newest backup is {} old", fmt_duration(age))
        } else {
            format!(
                "newest backup {} is {} old, older than the {} policy",
                newest.path.display(),
                fmt_duration(age),
                set.max_age
            )
        };
        out.push(
            Finding::new("backup.fresh", status, msg)
                .subject(&name)
                .value(age)
                .threshold(format!("crit > {}", set.max_age)),
        );
        let kept = files.len() as u32;
        let status = if kept < set.retention {
            Status::Warn
        } else {
            Status::Ok
        };
        out.push(
            Finding::new(
                "backup.retention",
                status,
                format!("{kept} of {} backups kept", set.retention),
            )
            .subject(&name)
            .value(kept)
            .threshold(format!("warn < {}", set.retention)),
        );
    }
    // Sizes: an empty or undersized file is crit; a sudden shrink against the
    // previous backup (by time) is warn.
    let mut size_problems = 0;
    for (i, f) in files.iter().enumerate() {
        let subject = f.path.display().to_string();
        if f.size == 0 {
            size_problems += 1;
            out.push(
                Finding::new("backup.size", Status::Crit, format!("{subject} is empty"))
                    .subject(&subject)
                    .value(0)
                    .threshold("crit = 0 B"),
            );
            continue;
        }
        if f.size < set.min_size.0 {
            size_problems += 1;
            out.push(
                Finding::new(
                    "backup.size",
                    Status::Crit,
                    format!(
                        "{subject} is {}, below the minimum {}",
                        fmt_bytes(f.size),
                        fmt_bytes(set.min_size.0)
                    ),
                )
                .subject(&subject)
                .value(f.size)
                .threshold(format!("crit < {}", fmt_bytes(set.min_size.0))),
            );
            continue;
        }
        if plan.is_path || i == 0 {
            continue;
        }
        let prev = &files[i - 1];
        if prev.size == 0 {
            continue;
        }
        let shrink = 100.0 * (prev.size as f64 - f.size as f64) / prev.size as f64;
        if shrink > set.max_shrink.0 {
            size_problems += 1;
            out.push(
                Finding::new(
                    "backup.size",
                    Status::Warn,
                    format!(
                        "{subject} is {} % smaller than the previous backup {} ({} → {})",
                        fmt_num(shrink.round()),
                        prev.path.display(),
                        fmt_bytes(prev.size),
                        fmt_bytes(f.size)
                    ),
                )
                .subject(&subject)
                .value(serde_json::json!({"size": f.size, "previous": prev.size, "shrink_percent": (shrink * 10.0).round() / 10.0}))
                .threshold(format!("warn > {} % smaller", fmt_num(set.max_shrink.0))),
            );
        }
    }
    out.push(privacy_finding(&name, files));
    if size_problems == 0 {
        out.push(
            Finding::ok(
                "backup.size",
                "no backup is empty, undersized or much smaller than the one before",
            )
            .subject(&name)
            .threshold(format!(
                "crit < {}, warn > {} % smaller",
                fmt_bytes(set.min_size.0.max(1)),
                fmt_num(set.max_shrink.0)
            )),
        );
    }
}

/// Warn when others may read a backup or its `take` manifest: a backup can
/// hold /etc/shadow or a whole database. Warn, not crit: the backup itself is
/// good, it is only kept too openly (exit status 1 when nothing is worse).
fn privacy_finding(name: &str, files: &[BackupFile]) -> Finding {
    let mut open = Vec::new();
    for f in files {
        if private::others_can_read(f.mode) {
            open.push(format!("{} ({:04o})", f.path.display(), f.mode));
        }
        let manifest = Manifest::path_for(&f.path);
        if let Ok(m) = std::fs::metadata(&manifest) {
            let mode = m.permissions().mode() & 0o7777;
            if private::others_can_read(mode) {
                open.push(format!("{} ({mode:04o})", manifest.display()));
            }
        }
    }
    if open.is_empty() {
        return Finding::ok("backup.private", "no backup file is readable by others")
            .subject(name)
            .value(0)
            .threshold("warn when others may read");
    }
    let n = open.len();
    let shown = if n > 5 {
        format!("{}, and {} more", open[..5].join(", "), n - 5)
    } else {
        open.join(", ")
    };
    Finding::new(
        "backup.private",
        Status::Warn,
        format!(
            "{} readable by every user on this host: {shown}; `chmod o-r` them (ops backup take writes 0600)",
            plural(n, "file")
        ),
    )
    .subject(name)
    .value(n)
    .threshold("warn when others may read")
}

/// The files to read in full, and the sample cursor to remember.
/// Without sampling: all of them. With it: the newest, plus a rotating share
/// of the others, continuing after the previous run's cursor (in path order,
/// so that new backups join the rotation and deleted ones leave it).
fn choose<'a>(
    files: &'a [BackupFile],
    sample: Option<f64>,
    prev: Option<&VerifyRecord>,
) -> (Vec<&'a BackupFile>, Option<SampleState>) {
    let Some(pct) = sample else {
        return (files.iter().collect(), None);
    };
    let Some(newest) = files.last() else {
        return (
            Vec::new(),
            Some(SampleState {
                percent: pct,
                cursor: None,
            }),
        );
    };
    let mut others: Vec<&BackupFile> = files[..files.len() - 1].iter().collect();
    others.sort_by(|a, b| a.path.cmp(&b.path));
    let n = ((others.len() as f64) * pct / 100.0).ceil() as usize;
    let n = n.min(others.len());
    let cursor = prev
        .and_then(|r| r.sample.as_ref())
        .and_then(|s| s.cursor.clone());
    let start = match &cursor {
        Some(c) => others.iter().position(|f| &f.path > c).unwrap_or(0),
        None => 0,
    };
    let mut chosen: Vec<&BackupFile> = (0..n).map(|k| others[(start + k) % others.len()]).collect();
    let next_cursor = chosen.last().map(|f| f.path.clone()).or(cursor);
    chosen.push(newest);
    (
        chosen,
        Some(SampleState {
            percent: pct,
            cursor: next_cursor,
        }),
    )
}

/// The result of reading one file: the outcome and its findings.
pub(crate) struct FileCheck {
    pub outcome: Option<Outcome>,
    pub findings: Vec<Finding>,
}

fn read_all(jobs: &[Job], workers: usize, progress: &Progress) -> Vec<FileCheck> {
    let workers = if workers == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        workers
    }
    .min(jobs.len())
    .max(1);
    // Largest first, so that one big file does not start last and run alone.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].file.size));
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<FileCheck>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(k) else { break };
                    let check = check_file(&jobs[i], progress.clone());
                    slots
                        .lock()
                        .expect("no worker panics while holding the lock")[i] = Some(check);
                }
            });
        }
    });
    slots
        .into_inner()
        .expect("workers finished")
        .into_iter()
        .map(|c| c.expect("every job was run"))
        .collect()
}

fn check_file(job: &Job, progress: Progress) -> FileCheck {
    let path = &job.file.path;
    let subject = path.display().to_string();
    let expected = manifest::expected_for(path);
    // A manifest written by `take` says what the archive is; trust it over sniffing.
    let kind = match &expected {
        Ok(Expected {
            entries: Some(_), ..
        }) if job.kind == Kind::Auto => Kind::TarZst,
        _ => job.kind,
    };
    let layout = match read::layout_for(kind, path) {
        Ok(l) => l,
        Err(e) => {
            return FileCheck {
                outcome: None,
                findings: vec![
                    Finding::unknown("backup.readable", format!("cannot read {subject}: {e}"))
                        .subject(&subject),
                ],
            };
        }
    };
    check_one(
        path,
        &subject,
        layout,
        expected,
        job.manifest_required,
        true,
        progress,
    )
}

/// Read `path` once as `layout` and judge it against `expected`; findings
/// name it `subject` (`take` verifies a temporary file under its final name).
pub(crate) fn check_one(
    path: &Path,
    subject: &str,
    layout: Layout,
    expected: Result<Expected, Missing>,
    manifest_required: bool,
    hash_entries: bool,
    progress: Progress,
) -> FileCheck {
    let has_entries = matches!(
        &expected,
        Ok(Expected {
            entries: Some(_),
            ..
        })
    );
    let mode = match (has_entries, hash_entries) {
        (false, _) => Entries::Skip,
        (true, false) => Entries::List,
        (true, true) => Entries::Hash,
    };
    let outcome = read::read_once(path, layout, mode, progress);
    let mut findings = vec![
        checksum_finding(subject, &outcome, &expected, manifest_required),
        readable_finding(subject, &outcome),
    ];
    if let Ok(Expected {
        entries: Some(want),
        source,
        ..
    }) = &expected
        && outcome.complete
        && matches!(outcome.verdict, Verdict::Good(_))
    {
        findings.push(contents_finding(subject, source, want, &outcome.entries));
    }
    FileCheck {
        outcome: Some(outcome),
        findings,
    }
}

fn checksum_finding(
    subject: &str,
    out: &Outcome,
    expected: &Result<Expected, Missing>,
    required: bool,
) -> Finding {
    let f = |status, msg: String| Finding::new("backup.checksum", status, msg).subject(subject);
    let exp = match expected {
        Ok(e) => e,
        Err(m @ Missing::NotFound(_)) if !required => {
            return f(
                Status::Skip,
                format!(
                    "{} (the set does not require one)",
                    m.reason(Path::new(subject))
                ),
            );
        }
        Err(m @ Missing::NotFound(_)) => {
            return f(Status::Unknown, m.reason(Path::new(subject)))
                .threshold("every backup has a SHA-256 manifest");
        }
        Err(m) => return f(Status::Unknown, m.reason(Path::new(subject))),
    };
    let src = exp.source.display();
    if !out.complete {
        return f(
            Status::Unknown,
            format!("{subject} could not be read to its end, so its SHA-256 is not known"),
        );
    }
    if let Some(size) = exp.size
        && size != out.bytes
    {
        return f(
            Status::Crit,
            format!(
                "{subject} is {} bytes, its manifest {src} says {size}",
                out.bytes
            ),
        )
        .value(out.bytes);
    }
    if exp.sha256 != out.sha256 {
        return f(
            Status::Crit,
            format!(
                "{subject} does not match its manifest {src}: SHA-256 {} expected {}",
                &out.sha256, &exp.sha256
            ),
        )
        .value(out.sha256.clone());
    }
    f(
        Status::Ok,
        format!("{subject} matches its SHA-256 in {src}"),
    )
    .value(out.sha256.clone())
}

pub(crate) fn readable_finding(subject: &str, out: &Outcome) -> Finding {
    let what = out.layout.describe();
    match &out.verdict {
        Verdict::Good(detail) => {
            let msg = if detail.is_empty() {
                format!("{what} reads to the end")
            } else {
                format!("{what}: {detail}")
            };
            Finding::ok("backup.readable", msg)
                .subject(subject)
                .value(out.bytes)
        }
        Verdict::Bad(why) => Finding::new(
            "backup.readable",
            Status::Crit,
            format!("{subject}: {what} is damaged: {why}"),
        )
        .subject(subject)
        .value(out.bytes),
        Verdict::Unreadable(why) => {
            Finding::unknown("backup.readable", why.clone()).subject(subject)
        }
    }
}

/// Compare an archive's entries with the manifest `take` wrote for it.
pub(crate) fn contents_finding(
    subject: &str,
    source: &Path,
    want: &[ManifestEntry],
    got: &[EntryDigest],
) -> Finding {
    let got_by: BTreeMap<&str, &EntryDigest> = got.iter().map(|e| (e.path.as_str(), e)).collect();
    let want_by: BTreeMap<&str, &ManifestEntry> =
        want.iter().map(|e| (e.path.as_str(), e)).collect();
    let mut problems = Vec::new();
    for w in want {
        match got_by.get(w.path.as_str()) {
            None => problems.push(format!("{} is missing from the archive", w.path)),
            Some(g) => {
                if w.kind != g.kind {
                    problems.push(format!(
                        "{} is a {:?} in the archive, the manifest says {:?}",
                        w.path, g.kind, w.kind
                    ));
                } else if w.kind == EntryKind::File
                    && (w.size != g.size || (g.sha256.is_some() && w.sha256 != g.sha256))
                {
                    problems.push(format!(
                        "{} differs from the manifest (SHA-256 or size)",
                        w.path
                    ));
                }
            }
        }
    }
    for g in got {
        if !want_by.contains_key(g.path.as_str()) {
            problems.push(format!(
                "{} is in the archive but not in the manifest",
                g.path
            ));
        }
    }
    if problems.is_empty() {
        let how = if got.iter().any(|g| g.sha256.is_some()) {
            ""
        } else {
            " by path, type and size (content proven by the zstd frame checksums)"
        };
        return Finding::ok(
            "backup.contents",
            format!("all {} entries match {}{how}", want.len(), source.display()),
        )
        .subject(subject)
        .value(want.len());
    }
    let n = problems.len();
    problems.truncate(5);
    Finding::new(
        "backup.contents",
        Status::Crit,
        format!(
            "{subject}: {n} entries differ from its manifest: {}",
            problems.join("; ")
        ),
    )
    .subject(subject)
    .value(n)
}

/// `1 backup`, `7 backups`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A one-line verdict for a status line or cron log.
pub fn summary(reports: &[Report]) -> String {
    let worst = Status::worst(reports.iter().map(|r| r.status));
    let files: usize = reports.iter().map(|r| r.record.verified.len()).sum();
    let bytes: u64 = reports.iter().map(|r| r.record.bytes_read).sum();
    format!(
        "backup verify: {} ({}, {} read, {})",
        worst,
        plural(reports.len(), "target"),
        plural(files, "file"),
        fmt_bytes(bytes)
    )
}
