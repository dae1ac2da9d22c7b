//! Where a command's output waits until the command ends.
//!
//! Up to [`IN_MEMORY`] bytes stay in memory; beyond that the output goes to
//! an unlinked file in the temp directory. A run reads many targets at once,
//! and ten that flood at up to the output cap each would otherwise hold ten
//! times the cap in the controller's memory before every one of them is cut.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

/// Output kept in memory before it is spilled to a file.
pub const IN_MEMORY: usize = 1 << 20;

#[derive(Default)]
pub struct Spool {
    head: Vec<u8>,
    spill: Option<File>,
}

impl Spool {
    pub fn push(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if self.spill.is_none() && self.head.len() + bytes.len() <= IN_MEMORY {
            self.head.extend_from_slice(bytes);
            return Ok(());
        }
        if self.spill.is_none() {
            self.spill = Some(unlinked_file()?);
        }
        self.spill.as_mut().expect("just set").write_all(bytes)
    }

    /// Everything taken, in order.
    pub fn into_bytes(self) -> std::io::Result<Vec<u8>> {
        let mut bytes = self.head;
        if let Some(mut file) = self.spill {
            file.seek(SeekFrom::Start(0))?;
            file.read_to_end(&mut bytes)?;
        }
        Ok(bytes)
    }
}

/// A file nobody else can open: O_TMPFILE where the filesystem has it,
/// otherwise a 0600 file removed at once.
fn unlinked_file() -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = std::env::temp_dir();
    let anonymous = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .mode(0o600)
        .custom_flags(libc::O_TMPFILE)
        .open(&dir);
    if let Ok(file) = anonymous {
        return Ok(file);
    }
    for attempt in 0..100u32 {
        let path = dir.join(format!(".ops-spool-{}-{attempt}", std::process::id()));
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
        {
            Ok(file) => {
                std::fs::remove_file(&path)?;
                return Ok(file);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free spool file name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_across_the_spill() {
        let mut spool = Spool::default();
        let chunk: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
        for _ in 0..5 {
            spool.push(&chunk).unwrap();
        }
        assert!(spool.spill.is_some(), "beyond 1 MiB the output is on disk");
        let bytes = spool.into_bytes().unwrap();
        assert_eq!(bytes.len(), 1_500_000);
        assert!(bytes.chunks(300_000).all(|c| c == chunk.as_slice()));
    }
}
