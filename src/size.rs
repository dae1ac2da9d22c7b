//! Sizes as written in ops.toml and flags: `"512 MiB"`, `"10G"`, or a plain
//! number of bytes. Beside [`crate::duration`], for the same reason: every
//! layer that reads a size (inspection limits, database quotas) parses it
//! the same way.

/// `"512 MiB"`, `"10G"`, `"1048576"`: bytes. K/M/G/T are binary multiples,
/// as `df` and the database servers count them.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let s = text.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let value: f64 = num
        .parse()
        .map_err(|_| format!("invalid size {text:?}: write e.g. \"512 MiB\" or \"10 GiB\""))?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        u => {
            return Err(format!(
                "invalid size {text:?}: unknown unit {u:?} (use B, KiB, MiB, GiB, TiB)"
            ));
        }
    };
    Ok((value * scale as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512 MiB"), Ok(512 << 20));
        assert_eq!(parse_size("10G"), Ok(10 << 30));
        assert_eq!(parse_size("42"), Ok(42));
        assert!(parse_size("ten").is_err());
    }
}
