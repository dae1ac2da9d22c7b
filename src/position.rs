//! Where a byte offset falls in a text, as people count it: 1-based line and
//! column, the column in characters. Every file:line:column an error names
//! (ops.toml, the inventory, ticket files, runbooks) comes from here, so the
//! same offset gives the same position whichever file it is in.
//!
//! Offsets come from parsers (TOML spans, UTF-8 errors) and may point past
//! the end or inside a multi-byte character; they are clamped to the text and
//! moved back to the start of that character, never sliced through it.

/// The byte offset of each line's first byte: 0, then one past every `\n`.
/// For a text asked about many times (a runbook of many steps), computed once.
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    line_col_in(text, &line_starts(text), offset)
}

/// [`line_col`] with the text's [`line_starts`] already computed.
pub fn line_col_in(text: &str, line_starts: &[usize], offset: usize) -> (usize, usize) {
    let offset = text.floor_char_boundary(offset.min(text.len()));
    let line = line_starts.partition_point(|&start| start <= offset).max(1);
    let line_start = line_starts.get(line - 1).copied().unwrap_or(0);
    let column = text
        .get(line_start..offset)
        .map_or(0, |l| l.chars().count())
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_characters() {
        assert_eq!(line_col("", 0), (1, 1));
        assert_eq!(line_col("ab\ncé\nx", 6), (2, 3));
        assert_eq!(line_col("ab\ncé\nx", 7), (3, 1));
        assert_eq!(line_col("ab\n", 3), (2, 1));
        assert_eq!(line_col("ab", 99), (1, 3));
    }

    #[test]
    fn an_offset_inside_a_character_is_that_character() {
        // 维 is bytes 2..5, 运 bytes 5..8: offsets 3, 4, 6 and 7 are inside one.
        let text = "x\n维运工\n";
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 4), (2, 1));
        assert_eq!(line_col(text, 5), (2, 2));
        assert_eq!(line_col(text, 6), (2, 2));
        assert_eq!(line_col(text, 7), (2, 2));
        assert_eq!(line_col(text, 8), (2, 3));
        assert_eq!(line_col("é", 1), (1, 1));
    }

    #[test]
    fn the_index_gives_what_the_scan_gives() {
        let text = "a = 1\n# 注释\n[表]\nb = \"ü\"\n";
        let starts = line_starts(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(line_col_in(text, &starts, offset), line_col(text, offset));
        }
    }
}
