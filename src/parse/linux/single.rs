//! One-value outputs: `uname -r`, `uname -n`, `nproc`.

/// The single non-empty line of a one-line output (kernel release, host name).
pub fn parse_word(text: &str) -> Result<String, String> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return Err("empty output".to_string());
    };
    if lines.next().is_some() || first.split_whitespace().count() != 1 {
        return Err(format!("expected one word, got {:?}", clip(text)));
    }
    Ok(first.to_string())
}

/// `nproc`: a positive count of processors.
pub fn parse_nproc(text: &str) -> Result<u32, String> {
    let word = parse_word(text)?;
    match word.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("not a processor count: {:?}", clip(&word))),
    }
}

/// At most 80 characters of `text`, for error messages.
pub fn clip(text: &str) -> String {
    let t = text.trim();
    match t.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_counts() {
        assert_eq!(parse_word("6.18.44-fc-v669\n").unwrap(), "6.18.44-fc-v669");
        assert!(parse_word("").is_err());
        assert!(parse_word("a b").is_err());
        assert!(parse_word("a\nb").is_err());
        assert_eq!(parse_nproc("2\n").unwrap(), 2);
        assert!(parse_nproc("0").is_err());
        assert!(parse_nproc("-1").is_err());
        assert_eq!(clip(&"é".repeat(100)).chars().count(), 81);
    }
}
