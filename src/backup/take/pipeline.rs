//! The stages of the archive pipeline after the walk: the tar stream cut
//! into 4 MiB chunks ([`Chunker`], which also reads file contents straight
//! into the chunk), compression workers that make each chunk an independent
//! zstd frame with its checksum ([`compress_worker`]; a concatenation of
//! frames is one valid zstd stream that `zstd -d` and `tar -I zstd` read),
//! and the writer that puts the frames in order on disk ([`write_frames`])
//! and publishes how far it got, for the reader that trails it
//! ([`Trailing`]).

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Mutex};

const CHUNK: usize = 4 << 20;

/// How far the archive has been written, for the trailing reader.
#[derive(Default)]
#[allow(non_camel_case_types)]
pub(super) struct Written_ {
    state: Mutex<(u64, bool)>,
    moved: std::sync::Condvar,
}

/// The writer's side: publishes the written length; dropping it (at the
/// end, on error or on panic) tells the reader that nothing more will come.
pub(super) struct Publish(pub(super) Arc<Written_>);

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
pub(super) struct Trailing {
    pub(super) file: File,
    pub(super) pos: u64,
    pub(super) shared: Arc<Written_>,
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
pub(super) type Pool = Arc<Mutex<Vec<Vec<u8>>>>;

/// The tar stream, cut into chunks for the compression workers. File
/// contents are read straight into the chunk (no copy in between).
pub(super) struct Chunker {
    buf: Vec<u8>,
    filled: usize,
    seq: u64,
    tx: Option<SyncSender<(u64, Vec<u8>)>>,
    pool: Pool,
}

impl Chunker {
    pub(super) fn new(tx: SyncSender<(u64, Vec<u8>)>, pool: Pool) -> Chunker {
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

    pub(super) fn flush_chunk(&mut self) -> io::Result<()> {
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
    pub(super) fn read_from(
        &mut self,
        file: &mut File,
        max: u64,
        hasher: &mut Sha256,
    ) -> io::Result<usize> {
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

pub(super) fn compress_worker(
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
pub(super) fn write_frames(
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
