//! One pass over a backup file: hash it and prove its structure while reading.
//!
//! Every byte is read from disk exactly once. The SHA-256 of the raw file is
//! computed at the bottom of the reader stack, so decoders above it (gzip,
//! zstd, tar, a `pg_restore` child fed through a pipe) see the same bytes the
//! hash saw and nothing is read twice. What is proven depends on the layout:
//!
//! | layout | proof |
//! |---|---|
//! | plain file | read to the end |
//! | tar, tar.gz, tar.zst | every entry read to its end, the end-of-archive block present, the compressed stream decoded to its end (zstd frame checksums included) |
//! | pg_dump custom | `pg_restore` reads the whole stream from our pipe (every data block), then `pg_restore --list` lists its table of contents |
//! | pg_dump plain, mysqldump | decoded to the end; it must start with the tool's banner and end with its completion trailer |
//!
//! A failure of the file itself (permission denied, I/O error) is kept apart
//! from a failure of its content: the first means "could not check" (unknown),
//! the second "the backup is bad" (crit).

use super::manifest::{EntryKind, hex};
use super::policy::Kind;
use super::progress::Progress;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufRead, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

const BUF: usize = 1 << 20;

/// A compression wrapped around the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    None,
    Gzip,
    Zstd,
}

impl Codec {
    fn sniff(head: &[u8]) -> Codec {
        if head.starts_with(&[0x1f, 0x8b]) {
            Codec::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Codec::Zstd
        } else {
            Codec::None
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Codec::None => "",
            Codec::Gzip => " (gzip)",
            Codec::Zstd => " (zstd)",
        }
    }
}

/// How a file is laid out, and so what reading it proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Plain,
    /// A compressed file whose content is opaque: the stream must decode to its end.
    Compressed(Codec),
    Tar(Codec),
    PgCustom,
    PgPlain(Codec),
    MysqlDump(Codec),
}

impl Layout {
    pub fn describe(self) -> String {
        match self {
            Layout::Plain => "file".into(),
            Layout::Compressed(c) => format!("compressed file{}", c.suffix()),
            Layout::Tar(Codec::None) => "tar archive".into(),
            Layout::Tar(Codec::Gzip) => "tar.gz archive".into(),
            Layout::Tar(Codec::Zstd) => "tar.zst archive".into(),
            Layout::PgCustom => "pg_dump custom-format archive".into(),
            Layout::PgPlain(c) => format!("pg_dump plain dump{}", c.suffix()),
            Layout::MysqlDump(c) => format!("mysqldump{}", c.suffix()),
        }
    }

    /// Whether the layout has a structure to prove beyond "it reads".
    pub fn is_structured(self) -> bool {
        !matches!(self, Layout::Plain)
    }
}

/// The layout a set's kind promises for this file; `auto` looks at its first bytes.
pub fn layout_for(kind: Kind, path: &Path) -> io::Result<Layout> {
    let head = read_head(path)?;
    let codec = Codec::sniff(&head);
    Ok(match kind {
        Kind::Files => Layout::Plain,
        Kind::Tar => Layout::Tar(Codec::None),
        Kind::TarGz => Layout::Tar(Codec::Gzip),
        Kind::TarZst => Layout::Tar(Codec::Zstd),
        Kind::PgCustom => Layout::PgCustom,
        Kind::PgPlain => Layout::PgPlain(codec),
        Kind::MysqlDump => Layout::MysqlDump(codec),
        Kind::Auto => sniff_layout(&head),
    })
}

fn read_head(path: &Path) -> io::Result<Vec<u8>> {
    // Enough for a whole first zstd or deflate block (128 KiB at most), so
    // that even incompressible content decodes far enough to be recognised.
    const HEAD: u64 = 512 << 10;
    let mut head = Vec::with_capacity(HEAD as usize);
    File::open(path)?.take(HEAD).read_to_end(&mut head)?;
    Ok(head)
}

/// Guess a layout from the first bytes of a file (decompressed when compressed).
pub fn sniff_layout(head: &[u8]) -> Layout {
    if head.starts_with(b"PGDMP") {
        return Layout::PgCustom;
    }
    let codec = Codec::sniff(head);
    let mut plain = Vec::new();
    let decoded: &[u8] = match codec {
        Codec::None => head,
        Codec::Gzip => {
            let _ = flate2::read::MultiGzDecoder::new(head)
                .take(16 << 10)
                .read_to_end(&mut plain);
            &plain
        }
        Codec::Zstd => {
            if let Ok(d) = zstd::Decoder::new(head) {
                let _ = d.take(16 << 10).read_to_end(&mut plain);
            }
            &plain
        }
    };
    if decoded.len() >= 262 && &decoded[257..262] == b"ustar" {
        return Layout::Tar(codec);
    }
    let text = String::from_utf8_lossy(&decoded[..decoded.len().min(4096)]);
    if text.contains("-- PostgreSQL database dump") {
        Layout::PgPlain(codec)
    } else if text.contains("-- MySQL dump") || text.contains("-- MariaDB dump") {
        Layout::MysqlDump(codec)
    } else if codec != Codec::None {
        Layout::Compressed(codec)
    } else {
        Layout::Plain
    }
}

/// What one tar entry held, for comparison with a manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryDigest {
    pub path: String,
    pub kind: EntryKind,
    pub size: u64,
    pub sha256: Option<String>,
    pub mode: u32,
    pub mtime: i64,
    pub link: Option<String>,
}

/// The verdict on a file's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Structure proven; the text says what was seen ("412 entries, 1.2 GiB").
    Good(String),
    /// The content is damaged or incomplete: crit.
    Bad(String),
    /// The file could not be read, or a tool needed to check it is missing: unknown.
    Unreadable(String),
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub layout: Layout,
    /// Bytes read from the file.
    pub bytes: u64,
    /// SHA-256 of everything read; complete only when `complete` is true.
    pub sha256: String,
    /// Whether the whole file was read (false when reading failed part way).
    pub complete: bool,
    pub verdict: Verdict,
    /// Tar entries, when asked for.
    pub entries: Vec<EntryDigest>,
}

/// Bytes from disk, hashed on the way up; optionally copied into a child's stdin.
struct Source {
    file: Box<dyn Read + Send>,
    hasher: Sha256,
    bytes: u64,
    io_error: Option<String>,
    tee: Option<ChildStdin>,
    progress: Progress,
}

impl Source {
    fn read_chunk(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = loop {
            match self.file.read(buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.io_error = Some(e.to_string());
                    return Err(e);
                }
            }
        };
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        self.progress.add(n as u64);
        if let Some(tee) = &mut self.tee {
            // A child that stops reading early (it failed, or it has seen all
            // it needs) closes the pipe; its exit status tells which.
            if n > 0 && tee.write_all(&buf[..n]).is_err() {
                self.tee = None;
            }
        }
        Ok(n)
    }

    /// Read (and hash) whatever the decoders above left unread.
    fn drain(&mut self) -> io::Result<()> {
        let mut buf = vec![0u8; BUF];
        while self.read_chunk(&mut buf)? > 0 {}
        Ok(())
    }
}

/// Counts the bytes a reader has delivered (to find where a tar stream ended).
struct Counting<R> {
    inner: R,
    pos: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// What to keep of a tar archive's entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entries {
    /// Nothing: only prove the archive reads to its end.
    Skip,
    /// Path, type, size, mode and mtime of each entry.
    List,
    /// As `List`, plus the SHA-256 of every regular file's content.
    Hash,
}

/// Read `path` once, hash it, and prove its `layout`; `entries` says what to
/// keep of a tar archive's entries.
pub fn read_once(
    path: &Path,
    layout: Layout,
    entries_mode: Entries,
    progress: Progress,
) -> Outcome {
    match File::open(path) {
        Ok(f) => read_once_from(Box::new(f), path, layout, entries_mode, progress),
        Err(e) => Outcome {
            layout,
            bytes: 0,
            sha256: String::new(),
            complete: false,
            verdict: Verdict::Unreadable(format!("cannot open {}: {e}", path.display())),
            entries: Vec::new(),
        },
    }
}

/// [`read_once`] over an open reader (`take` reads its archive back while
/// it is still being written); `path` names it in messages and is handed
/// to `pg_restore --list`.
pub fn read_once_from(
    file: Box<dyn Read + Send>,
    path: &Path,
    layout: Layout,
    entries_mode: Entries,
    progress: Progress,
) -> Outcome {
    let mut src = Source {
        file,
        hasher: Sha256::new(),
        bytes: 0,
        io_error: None,
        tee: None,
        progress,
    };
    let mut entries = Vec::new();
    let mut child = None;
    let verdict = match layout {
        Layout::Plain => match src.drain() {
            Ok(()) => Verdict::Good(format!("read to the end, {}", super::fmt_bytes(src.bytes))),
            Err(e) => Verdict::Bad(e.to_string()),
        },
        Layout::Compressed(codec) => decoded(&mut src, codec, |r| {
            let n = io::copy(r, &mut io::sink())?;
            Ok(Verdict::Good(format!(
                "decoded to the end, {} unpacked",
                super::fmt_bytes(n)
            )))
        }),
        Layout::Tar(codec) => decoded(&mut src, codec, |r| walk_tar(r, entries_mode, &mut entries)),
        Layout::PgPlain(codec) => decoded(&mut src, codec, |r| dump_trailer(r, DumpKind::PgPlain)),
        Layout::MysqlDump(codec) => {
            decoded(&mut src, codec, |r| dump_trailer(r, DumpKind::MysqlDump))
        }
        Layout::PgCustom => match spawn_pg_restore() {
            Ok(mut c) => {
                src.tee = c.stdin.take();
                child = Some(c);
                match src.drain() {
                    Ok(()) => Verdict::Good(String::new()),
                    Err(e) => Verdict::Bad(e.to_string()),
                }
            }
            Err(v) => v,
        },
    };
    // Whatever the decoders did not consume is still part of the file.
    if src.io_error.is_none() {
        let _ = src.drain(); // an error here is recorded in io_error
    }
    src.tee = None; // close the child's stdin: end of input
    let mut verdict = match (&src.io_error, verdict) {
        (Some(e), _) => Verdict::Unreadable(format!("cannot read {}: {e}", path.display())),
        (None, v) => v,
    };
    if let Some(c) = child {
        if matches!(verdict, Verdict::Good(_)) {
            verdict = finish_pg_restore(c, path);
        } else {
            let mut c = c;
            let _ = c.kill();
            let _ = c.wait();
        }
    }
    let complete = src.io_error.is_none();
    Outcome {
        layout,
        bytes: src.bytes,
        sha256: hex(&src.hasher.clone().finalize()),
        complete,
        verdict,
        entries,
    }
}

/// Run `f` over the decoded content, then decode to the end of the stream.
///
/// Three stages on their own threads, so that one big file still keeps both
/// cores busy: reading and hashing the raw bytes, decompressing, and `f`
/// (walking tar entries and hashing them). A stage that stops early (a
/// broken stream) lets the reader go on hashing to the end of the file, so
/// the checksum finding stays exact.
fn decoded(
    src: &mut Source,
    codec: Codec,
    f: impl FnOnce(&mut dyn Read) -> io::Result<Verdict>,
) -> Verdict {
    let result = std::thread::scope(|s| {
        let (raw_tx, raw_rx) = sync_channel::<io::Result<Vec<u8>>>(PIPE_DEPTH);
        let (raw_back, raw_free) = sync_channel::<Vec<u8>>(PIPE_DEPTH + 2);
        s.spawn(move || pump_source(src, raw_tx, raw_free));
        let raw = ChanReader::new(raw_rx, raw_back);
        match codec {
            Codec::None => run_then_drain(raw, f),
            Codec::Gzip | Codec::Zstd => {
                let (dec_tx, dec_rx) = sync_channel::<io::Result<Vec<u8>>>(PIPE_DEPTH);
                let (dec_back, dec_free) = sync_channel::<Vec<u8>>(PIPE_DEPTH + 2);
                s.spawn(move || pump_decoder(raw, codec, dec_tx, dec_free));
                run_then_drain(ChanReader::new(dec_rx, dec_back), f)
            }
        }
    });
    match result {
        Ok(v) => v,
        Err(e) => Verdict::Bad(describe_decode_error(&e, codec)),
    }
}

const PIPE_DEPTH: usize = 4;

/// Stage one: read and hash the whole file, passing chunks on while anyone listens.
fn pump_source(src: &mut Source, tx: SyncSender<io::Result<Vec<u8>>>, free: Receiver<Vec<u8>>) {
    let mut listening = true;
    loop {
        let mut buf = reuse(&free);
        match src.read_chunk(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                buf.truncate(n);
                if listening && tx.send(Ok(buf)).is_err() {
                    listening = false; // decoding stopped; keep hashing
                }
            }
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        }
    }
}

/// A chunk buffer handed back by the next stage, or a new one; BUF long.
fn reuse(free: &Receiver<Vec<u8>>) -> Vec<u8> {
    let mut buf = free.try_recv().unwrap_or_default();
    buf.resize(BUF, 0); // zeroes only what a short last chunk left
    buf
}

/// Stage two: decompress, passing decoded chunks on.
fn pump_decoder(
    raw: ChanReader,
    codec: Codec,
    tx: SyncSender<io::Result<Vec<u8>>>,
    free: Receiver<Vec<u8>>,
) {
    let mut dec: Box<dyn Read> = match codec {
        Codec::None => Box::new(raw),
        Codec::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(raw)),
        Codec::Zstd => match zstd::Decoder::with_buffer(raw) {
            Ok(d) => Box::new(d),
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        },
    };
    loop {
        let mut buf = reuse(&free);
        let mut filled = 0;
        // Fill most of a chunk before sending: fewer, larger messages.
        while filled < BUF / 2 {
            match dec.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    if filled > 0 {
                        buf.truncate(filled);
                        let _ = tx.send(Ok(buf));
                    }
                    let _ = tx.send(Err(e));
                    return;
                }
            }
        }
        if filled == 0 {
            return;
        }
        buf.truncate(filled);
        if tx.send(Ok(buf)).is_err() {
            return;
        }
    }
}

/// The receiving end of a stage, as a buffered reader. A closed channel is
/// the end of the stream; an error sent down it is returned once.
struct ChanReader {
    rx: Receiver<io::Result<Vec<u8>>>,
    /// Where consumed chunks go back for reuse (saves zeroing new ones).
    back: SyncSender<Vec<u8>>,
    buf: Vec<u8>,
    pos: usize,
    done: bool,
}

impl ChanReader {
    fn new(rx: Receiver<io::Result<Vec<u8>>>, back: SyncSender<Vec<u8>>) -> ChanReader {
        ChanReader {
            rx,
            back,
            buf: Vec::new(),
            pos: 0,
            done: false,
        }
    }
}

impl BufRead for ChanReader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos >= self.buf.len() && !self.done {
            match self.rx.recv() {
                Ok(Ok(chunk)) => {
                    let used = std::mem::replace(&mut self.buf, chunk);
                    if used.capacity() > 0 {
                        let _ = self.back.try_send(used);
                    }
                    self.pos = 0;
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                Err(_) => self.done = true,
            }
        }
        Ok(&self.buf[self.pos.min(self.buf.len())..])
    }

    fn consume(&mut self, n: usize) {
        self.pos += n;
    }
}

impl Read for ChanReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

fn run_then_drain<R: Read>(
    mut r: R,
    f: impl FnOnce(&mut dyn Read) -> io::Result<Verdict>,
) -> io::Result<Verdict> {
    let v = f(&mut r)?;
    // Past the content's own end there may be padding; the stream must still decode.
    io::copy(&mut r, &mut io::sink())?;
    Ok(v)
}

fn describe_decode_error(e: &io::Error, codec: Codec) -> String {
    let what = match codec {
        Codec::None => "read failed",
        Codec::Gzip => "gzip stream broken",
        Codec::Zstd => "zstd stream broken",
    };
    if e.kind() == io::ErrorKind::UnexpectedEof {
        format!("{what}: unexpected end of file (truncated?)")
    } else {
        format!("{what}: {e}")
    }
}

fn walk_tar(r: &mut dyn Read, mode: Entries, out: &mut Vec<EntryDigest>) -> io::Result<Verdict> {
    let mut ar = tar::Archive::new(Counting { inner: r, pos: 0 });
    let mut count = 0u64;
    let mut unpacked = 0u64;
    let mut end_of_last = 0u64;
    let mut buf = vec![0u8; 256 << 10];
    for entry in ar.entries()? {
        let mut e = entry?;
        let size = e.header().entry_size()?;
        let path = String::from_utf8_lossy(&e.path_bytes()).into_owned();
        let etype = e.header().entry_type();
        let mut hasher = (mode == Entries::Hash && etype.is_file()).then(Sha256::new);
        let mut got = 0u64;
        loop {
            let n = e.read(&mut buf)?;
            if n == 0 {
                break;
            }
            if let Some(h) = &mut hasher {
                h.update(&buf[..n]);
            }
            got += n as u64;
        }
        if got != size {
            return Ok(Verdict::Bad(format!(
                "tar entry {path} is cut short: {got} of {size} bytes (truncated archive)"
            )));
        }
        end_of_last = e.raw_file_position() + size.div_ceil(512) * 512;
        count += 1;
        unpacked += size;
        if mode != Entries::Skip {
            let kind = if etype.is_file() {
                EntryKind::File
            } else if etype.is_dir() {
                EntryKind::Dir
            } else if etype.is_symlink() {
                EntryKind::Symlink
            } else if etype.is_fifo() {
                EntryKind::Fifo
            } else if etype.is_character_special() {
                EntryKind::Char
            } else if etype.is_block_special() {
                EntryKind::Block
            } else {
                EntryKind::File
            };
            out.push(EntryDigest {
                path: path.trim_end_matches('/').to_string(),
                kind,
                size,
                sha256: hasher.map(|h| hex(&h.finalize())),
                mode: e.header().mode().unwrap_or(0) & 0o7777,
                mtime: e.header().mtime().unwrap_or(0) as i64,
                link: e
                    .link_name_bytes()
                    .map(|l| String::from_utf8_lossy(&l).into_owned()),
            });
        }
    }
    let end = ar.into_inner().pos;
    if count == 0 {
        return Ok(Verdict::Bad("tar archive holds no entries".into()));
    }
    // The tar reader stops at a zero block (the end-of-archive marker) or at
    // the end of the data. Without the marker, the archive was cut at an entry boundary.
    if end < end_of_last + 512 {
        return Ok(Verdict::Bad(format!(
            "tar archive ends after {count} entries without its end-of-archive block (truncated)"
        )));
    }
    Ok(Verdict::Good(format!(
        "{count} tar entries read to the end, {} unpacked",
        super::fmt_bytes(unpacked)
    )))
}

#[derive(Clone, Copy)]
enum DumpKind {
    PgPlain,
    MysqlDump,
}

fn dump_trailer(r: &mut dyn Read, kind: DumpKind) -> io::Result<Verdict> {
    const KEEP: usize = 8 << 10;
    let mut head: Vec<u8> = Vec::new();
    let mut tail: Vec<u8> = Vec::with_capacity(2 * KEEP);
    let mut buf = vec![0u8; 256 << 10];
    let mut total = 0u64;
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if head.len() < KEEP {
            let take = (KEEP - head.len()).min(n);
            head.extend_from_slice(&buf[..take]);
        }
        if n >= KEEP {
            tail.clear();
            tail.extend_from_slice(&buf[n - KEEP..n]);
        } else {
            tail.extend_from_slice(&buf[..n]);
            if tail.len() > KEEP {
                tail.drain(..tail.len() - KEEP);
            }
        }
    }
    let head = String::from_utf8_lossy(&head);
    let tail = String::from_utf8_lossy(&tail);
    let size = super::fmt_bytes(total);
    Ok(match kind {
        DumpKind::PgPlain => {
            if !head.contains("-- PostgreSQL database dump") {
                Verdict::Bad("does not start like a pg_dump plain dump".into())
            } else if pg_plain_complete(&tail) {
                Verdict::Good(format!("complete pg_dump plain dump, {size}"))
            } else {
                Verdict::Bad(
                    "pg_dump plain dump is incomplete: no `-- PostgreSQL database dump complete` at its end"
                        .into(),
                )
            }
        }
        DumpKind::MysqlDump => {
            let last = tail
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            if !(head.contains("-- MySQL dump") || head.contains("-- MariaDB dump")) {
                Verdict::Bad("does not start like a mysqldump".into())
            } else if last.starts_with("-- Dump completed") {
                Verdict::Good(format!(
                    "complete mysqldump ({}), {size}",
                    last.trim_start_matches("-- ")
                ))
            } else {
                Verdict::Bad("mysqldump is incomplete: no `-- Dump completed` at its end".into())
            }
        }
    })
}

/// pg_dump ends with the "complete" banner; since the 2025 security releases
/// it may be followed by `\unrestrict KEY`, and always by comment dashes.
fn pg_plain_complete(tail: &str) -> bool {
    let Some(at) = tail.rfind("-- PostgreSQL database dump complete") else {
        return false;
    };
    tail[at..].lines().skip(1).all(|l| {
        let l = l.trim();
        l.is_empty() || l == "--" || l.starts_with("\\unrestrict ")
    })
}

fn spawn_pg_restore() -> Result<Child, Verdict> {
    crate::secret_env::command("pg_restore")
        .arg("--file=/dev/null")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .env("LC_ALL", "C")
        .spawn()
        .map_err(|e| {
            Verdict::Unreadable(if e.kind() == io::ErrorKind::NotFound {
                "pg_restore is not installed (Debian: postgresql-client), cannot check a custom-format dump".into()
            } else {
                format!("cannot run pg_restore: {e}")
            })
        })
}

fn finish_pg_restore(child: Child, path: &Path) -> Verdict {
    let out = match child.wait_with_output() {
        Ok(o) => o,
        Err(e) => return Verdict::Unreadable(format!("pg_restore did not finish: {e}")),
    };
    if !out.status.success() {
        return Verdict::Bad(format!(
            "pg_restore cannot read it: {}",
            first_error(&out.stderr)
        ));
    }
    // The data blocks are proven; now list the table of contents.
    let list = crate::secret_env::command("pg_restore")
        .arg("--list")
        .arg(path)
        .env("LC_ALL", "C")
        .stderr(Stdio::piped())
        .output();
    match list {
        Ok(o) if o.status.success() => {
            let items = o
                .stdout
                .lines()
                .map_while(Result::ok)
                .filter(|l| !l.starts_with(';') && !l.trim().is_empty())
                .count();
            Verdict::Good(format!(
                "pg_restore read every data block and lists {items} items"
            ))
        }
        Ok(o) => Verdict::Bad(format!(
            "pg_restore --list fails: {}",
            first_error(&o.stderr)
        )),
        Err(e) => Verdict::Unreadable(format!("cannot run pg_restore --list: {e}")),
    }
}

fn first_error(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| l.contains("error"))
        .or_else(|| text.lines().next())
        .unwrap_or("no message")
        .trim();
    crate::printer::sanitize(line.trim_start_matches("pg_restore: "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in files {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            b.append_data(&mut h, name, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    fn check(bytes: &[u8], kind: Kind) -> Outcome {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, bytes).unwrap();
        let layout = layout_for(kind, &p).unwrap();
        read_once(&p, layout, Entries::Hash, Progress::none())
    }

    #[test]
    fn a_good_tar_gz_lists_and_hashes_its_entries() {
        let tar = tar_of(&[("a.txt", b"hello"), ("b/c.bin", &[7u8; 5000])]);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&tar).unwrap();
        let gz = gz.finish().unwrap();
        let out = check(&gz, Kind::Auto);
        assert_eq!(out.layout, Layout::Tar(Codec::Gzip));
        assert!(
            matches!(out.verdict, Verdict::Good(ref s) if s.starts_with("2 tar entries")),
            "{:?}",
            out.verdict
        );
        assert_eq!(out.bytes, gz.len() as u64);
        assert_eq!(out.sha256, hex(&Sha256::digest(&gz)));
        assert_eq!(out.entries[0].path, "a.txt");
        assert_eq!(
            out.entries[0].sha256.as_deref(),
            Some(hex(&Sha256::digest(b"hello")).as_str())
        );
    }

    #[test]
    fn truncation_is_caught_in_every_layout() {
        let tar = tar_of(&[("a", &[1u8; 3000]), ("b", &[2u8; 3000])]);
        // Cut inside an entry, and cleanly at an entry boundary.
        assert!(
            matches!(check(&tar[..2000], Kind::Tar).verdict, Verdict::Bad(ref s) if s.contains("cut short"))
        );
        let boundary = 512 + 3072;
        assert!(
            matches!(check(&tar[..boundary], Kind::Tar).verdict, Verdict::Bad(ref s) if s.contains("end-of-archive"))
        );
        let zst = zstd::encode_all(&tar[..], 3).unwrap();
        assert!(
            matches!(check(&zst[..zst.len() / 2], Kind::TarZst).verdict, Verdict::Bad(ref s) if s.contains("zstd"))
        );
        assert!(matches!(check(&zst, Kind::Auto).verdict, Verdict::Good(_)));
        assert!(matches!(
            check(b"not a tar at all", Kind::TarGz).verdict,
            Verdict::Bad(_)
        ));
    }

    #[test]
    fn dump_trailers_decide_completeness() {
        let pg = "--\n-- PostgreSQL database dump\n--\nCREATE TABLE t();\n--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict abc\n\n";
        let out = check(pg.as_bytes(), Kind::Auto);
        assert_eq!(out.layout, Layout::PgPlain(Codec::None));
        assert!(matches!(out.verdict, Verdict::Good(_)), "{:?}", out.verdict);
        assert!(matches!(
            check(&pg.as_bytes()[..40], Kind::PgPlain).verdict,
            Verdict::Bad(_)
        ));
        let my = "-- MariaDB dump 10.19\n--\nINSERT INTO t VALUES (1);\n-- Dump completed on 2024-05-01 10:00:00\n";
        let gz = {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(my.as_bytes()).unwrap();
            e.finish().unwrap()
        };
        let out = check(&gz, Kind::MysqlDump);
        assert_eq!(out.layout, Layout::MysqlDump(Codec::Gzip));
        assert!(matches!(out.verdict, Verdict::Good(_)), "{:?}", out.verdict);
        assert!(
            matches!(check(&my.as_bytes()[..50], Kind::MysqlDump).verdict, Verdict::Bad(ref s) if s.contains("Dump completed"))
        );
    }
}
