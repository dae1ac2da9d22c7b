//! `df -P -T` output, in bytes (`-B1`, or `-k` where `-B` is missing) or in
//! inodes (`-i`):
//!
//! ```text
//! Filesystem  Type     1-blocks        Used   Available Capacity Mounted on
//! /dev/vda    ext4 270553174016 20202180608 77370568704      21% /
//! ```
//!
//! Mount points may contain spaces, and so may a filesystem's source; the
//! row is anchored on the capacity column (`21%`), the first that follows
//! three numbers and a type.

use serde::Serialize;
/// What the numbers of a df table count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DfUnit {
    /// Blocks of this many bytes (`1-blocks`, `1024-blocks`, `1K-blocks`).
    Blocks(u64),
    Inodes,
}

/// One row, converted: bytes for a block table, inodes for an inode table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DfRow {
    pub source: String,
    pub fstype: String,
    pub total: u64,
    pub used: u64,
    pub available: u64,
    pub mount: String,
}

impl DfRow {
    /// Used share the way df prints it: used / (used + available), so the
    /// blocks reserved for root count as not available to users. `None` for
    /// an empty filesystem (or one that reports no inodes).
    pub fn used_pct(&self) -> Option<f64> {
        let denom = self.used.checked_add(self.available)?;
        if denom == 0 {
            return None;
        }
        Some(self.used as f64 * 100.0 / denom as f64)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Df {
    pub unit: DfUnit,
    pub rows: Vec<DfRow>,
    /// Lines that are not a row (kept so that a check can say so).
    pub unparsed: Vec<String>,
}

pub fn parse(text: &str) -> Result<Df, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let Some(header) = lines.next() else {
        return Err("empty df output".to_string());
    };
    let unit = parse_header(header)?;
    let mut rows = Vec::new();
    let mut unparsed = Vec::new();
    for line in lines {
        match parse_row(line, unit) {
            Some(row) => rows.push(row),
            None => unparsed.push(line.to_string()),
        }
    }
    Ok(Df {
        unit,
        rows,
        unparsed,
    })
}

fn parse_header(header: &str) -> Result<DfUnit, String> {
    let words: Vec<&str> = header.split_whitespace().collect();
    if words.first() != Some(&"Filesystem") {
        return Err(format!(
            "not a df header: {:?}",
            super::single::clip(header)
        ));
    }
    for w in &words[1..] {
        if w.eq_ignore_ascii_case("Inodes") {
            return Ok(DfUnit::Inodes);
        }
        if let Some(size) = w.strip_suffix("-blocks") {
            let bytes = match size {
                "1K" | "1k" => Some(1024),
                "1M" => Some(1024 * 1024),
                n => n.parse::<u64>().ok().filter(|n| *n > 0),
            };
            if let Some(b) = bytes {
                return Ok(DfUnit::Blocks(b));
            }
        }
    }
    Err(format!(
        "df header names no block size or inodes: {:?}",
        super::single::clip(header)
    ))
}

fn is_count(w: &str) -> bool {
    w == "-" || (!w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
}

fn is_capacity(w: &str) -> bool {
    w == "-"
        || w.strip_suffix('%')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn count(w: &str) -> Option<u64> {
    if w == "-" { Some(0) } else { w.parse().ok() }
}

fn parse_row(line: &str, unit: DfUnit) -> Option<DfRow> {
    // Words with their byte offsets, so the mount point keeps its spaces.
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                words.push((s, &line[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push((s, &line[s..]));
    }
    // source (1+ words), type, total, used, available, capacity, mount (1+).
    for cap in 5..words.len().saturating_sub(1) {
        let w = |i: usize| words[i].1;
        if !(is_capacity(w(cap))
            && is_count(w(cap - 1))
            && is_count(w(cap - 2))
            && is_count(w(cap - 3)))
        {
            continue;
        }
        let scale = match unit {
            DfUnit::Blocks(b) => b,
            DfUnit::Inodes => 1,
        };
        let total = count(w(cap - 3))?.checked_mul(scale)?;
        let used = count(w(cap - 2))?.checked_mul(scale)?;
        let available = count(w(cap - 1))?.checked_mul(scale)?;
        let src_end = words[cap - 4].0;
        let source = line[..src_end].trim().to_string();
        let mount = line[words[cap + 1].0..].trim_end().to_string();
        return Some(DfRow {
            source,
            fstype: w(cap - 4).to_string(),
            total,
            used,
            available,
            mount,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/linux/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn row(source: &str, fstype: &str, t: u64, u: u64, a: u64, mount: &str) -> DfRow {
        DfRow {
            source: source.into(),
            fstype: fstype.into(),
            total: t,
            used: u,
            available: a,
            mount: mount.into(),
        }
    }

    #[test]
    fn real_df_bytes() {
        let df = parse(&fixture("df-PB1T")).unwrap();
        assert_eq!(df.unit, DfUnit::Blocks(1));
        assert!(df.unparsed.is_empty());
        assert_eq!(
            df.rows,
            vec![
                row(
                    "devtmpfs",
                    "devtmpfs",
                    12_630_487_040,
                    0,
                    12_630_487_040,
                    "/dev"
                ),
                row(
                    "tmpfs",
                    "tmpfs",
                    25_276_502_016,
                    0,
                    25_276_502_016,
                    "/dev/shm"
                ),
                row(
                    "/dev/vda",
                    "ext4",
                    270_553_174_016,
                    21_380_816_896,
                    76_191_932_416,
                    "/"
                ),
                row(
                    "model_tools_unavailable",
                    "tmpfs",
                    4096,
                    0,
                    4096,
                    "/mnt/sandboxing/model_tools_env/v1/python"
                ),
                row(
                    "tmpfs",
                    "tmpfs",
                    12_638_248_960,
                    0,
                    12_638_248_960,
                    "/sys/fs/cgroup"
                ),
            ]
        );
        let root = &df.rows[2];
        let pct = root.used_pct().unwrap();
        assert!((pct - 21.912_692_884_8).abs() < 1e-9, "{pct}");
    }

    #[test]
    fn real_df_inodes() {
        let df = parse(&fixture("df-PiT")).unwrap();
        assert_eq!(df.unit, DfUnit::Inodes);
        assert_eq!(df.rows.len(), 5);
        assert_eq!(
            df.rows[2],
            row("/dev/vda", "ext4", 16_777_216, 421_600, 16_355_616, "/")
        );
        assert_eq!(
            df.rows[0],
            row("devtmpfs", "devtmpfs", 3_083_615, 114, 3_083_501, "/dev")
        );
    }

    #[test]
    fn kilobyte_blocks_spaces_and_dashes() {
        let text = "Filesystem     Type  1024-blocks    Used Available Capacity Mounted on\n\
                    /dev/sda1      xfs      10485760 9961472    524288      95% /srv/my data\n\
                    sshfs#u@h:/a b fuse.sshfs 100 50 50 50% /mnt/x\n\
                    garbage line\n\
                    vfat-thing     vfat          -       -         -        - /boot/efi\n";
        let df = parse(text).unwrap();
        assert_eq!(df.unit, DfUnit::Blocks(1024));
        assert_eq!(
            df.rows[0],
            row(
                "/dev/sda1",
                "xfs",
                10_737_418_240,
                10_200_547_328,
                536_870_912,
                "/srv/my data"
            )
        );
        assert_eq!(df.rows[1].source, "sshfs#u@h:/a b");
        assert_eq!(df.rows[1].fstype, "fuse.sshfs");
        assert_eq!(df.rows[1].total, 102_400);
        assert_eq!(df.rows[2].total, 0);
        assert_eq!(df.rows[2].used_pct(), None);
        assert_eq!(df.unparsed, vec!["garbage line"]);
        assert!((df.rows[0].used_pct().unwrap() - 95.0).abs() < 1e-9);
        assert!(parse("").is_err());
        assert!(parse("Mounted on\n").is_err());
        assert!(parse("Filesystem Type Size Used\n").is_err());
        assert_eq!(
            parse("Filesystem Type 1K-blocks Used Available Use% Mounted on\n")
                .unwrap()
                .unit,
            DfUnit::Blocks(1024)
        );
    }

    #[test]
    fn overflowing_block_counts_are_unparsed_not_wrapped() {
        let text = format!(
            "Filesystem Type 1024-blocks Used Available Capacity Mounted on\nx ext4 {} 1 1 1% /\n",
            u64::MAX
        );
        let df = parse(&text).unwrap();
        assert!(df.rows.is_empty());
        assert_eq!(df.unparsed.len(), 1);
    }
}
