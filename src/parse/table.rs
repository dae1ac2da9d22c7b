//! Reading one row of a device's fixed-width table by its words.
//!
//! Devices pad table columns to a width (`%-11s `), but a value that fills
//! its column leaves a single space before the next one (`DCB11111111 OK`),
//! and a longer one pushes the rest of the row to the right. Splitting a row
//! on runs of two spaces runs such values together; cutting it at the
//! header's offsets cuts them apart. So a row is split into its
//! whitespace-separated words, and the header's column starts only decide
//! which column each word goes to: the last column that starts at or before
//! the word, with one place of slack because some devices (a Catalyst 2960)
//! print the header one place right of the rows. The words of one column are
//! returned as printed, so values of several words (`No Input Power`,
//! `Temp: CPU Die`) stay whole.
//!
//! Where a column holds known words (a state), [`Row::anchor`] finds such a
//! word that the offsets placed in an earlier column and moves it, and the
//! rest of the row with it, to where it belongs.
//!
//! Positions are counted in characters, not bytes, so that a description
//! with non-ASCII letters does not shift the columns after it.

/// One whitespace-separated word of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    pub text: &'a str,
    /// Byte offset in the line, for slicing a cell out of it.
    start: usize,
    /// Character position the word starts at.
    at: usize,
    /// The header column the word was given (0 until it is placed).
    cell: usize,
}

/// The words of a line, with where each starts.
pub(crate) fn words(line: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    let mut column = 0usize;
    for (i, ch) in line.char_indices() {
        if ch.is_whitespace() {
            if let Some((s, c)) = start.take() {
                out.push(Word {
                    text: &line[s..i],
                    start: s,
                    at: c,
                    cell: 0,
                });
            }
        } else if start.is_none() {
            start = Some((i, column));
        }
        column += 1;
    }
    if let Some((s, c)) = start {
        out.push(Word {
            text: &line[s..],
            start: s,
            at: c,
            cell: 0,
        });
    }
    out
}

/// The labels of a header line with the column each starts at. Words one
/// space apart make one label (`Sys Pwr`, `Current State`): device headers
/// put two spaces or more between labels.
pub(crate) fn labels(line: &str) -> Vec<(usize, &str)> {
    let mut out: Vec<(usize, &str)> = Vec::new();
    let mut last: Option<(usize, usize, usize)> = None; // (byte start, column, byte end)
    for w in words(line) {
        let end = w.start + w.text.len();
        match last {
            Some((s, c, e)) if w.start == e + 1 => last = Some((s, c, end)),
            Some((s, c, e)) => {
                out.push((c, &line[s..e]));
                last = Some((w.start, w.at, end));
            }
            None => last = Some((w.start, w.at, end)),
        }
    }
    if let Some((s, c, e)) = last {
        out.push((c, &line[s..e]));
    }
    out
}

/// Where each column of a table starts, from its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    starts: Vec<usize>,
}

impl Header {
    /// A header with these column starts, left to right.
    pub fn new(starts: Vec<usize>) -> Header {
        Header { starts }
    }

    /// The header whose columns are the given labels, each looked for after
    /// the one before; `None` when one is missing.
    pub fn find(line: &str, names: &[&str]) -> Option<Header> {
        let mut starts = Vec::with_capacity(names.len());
        let mut from = 0usize;
        for name in names {
            let at = from + line.get(from..)?.find(name)?;
            starts.push(line[..at].chars().count());
            from = at + name.len();
        }
        Some(Header { starts })
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// The column a word starting at character `at` belongs to.
    fn column_of(&self, at: usize) -> usize {
        // One place of slack: a header printed one place right of its rows.
        let reach = at + 1;
        self.starts.iter().rposition(|&s| s <= reach).unwrap_or(0)
    }

    /// Splits a row into this header's columns.
    pub fn row<'a>(&self, line: &'a str) -> Row<'a, '_> {
        let mut words = words(line);
        for w in &mut words {
            w.cell = self.column_of(w.at);
        }
        Row {
            line,
            header: self,
            words,
        }
    }
}

/// A table row: its words, each with the column it was given.
#[derive(Debug)]
pub(crate) struct Row<'a, 'h> {
    line: &'a str,
    header: &'h Header,
    words: Vec<Word<'a>>,
}

impl<'a> Row<'a, '_> {
    pub fn words(&self) -> &[Word<'a>] {
        &self.words
    }

    /// What a column holds, as printed (inner spacing kept); `None` when
    /// the row has nothing there.
    pub fn cell(&self, column: usize) -> Option<&'a str> {
        let first = self.words.iter().position(|w| w.cell == column)?;
        let last = self.words.iter().rposition(|w| w.cell == column)?;
        let end = self.words[last].start + self.words[last].text.len();
        Some(&self.line[self.words[first].start..end])
    }

    /// Every column's cell, left to right.
    #[cfg(test)]
    pub fn cells(&self) -> Vec<Option<&'a str>> {
        (0..self.header.len()).map(|k| self.cell(k)).collect()
    }

    /// Moves a known value that the offsets placed too far left into column
    /// `target`. `phrase` says how many words, from the given ones on, make
    /// a value of `target` (`No Input Power` is three), or `None`. Only words
    /// in columns `from..target` that do not start their column are looked
    /// at, so an earlier column's own value is never taken. The words after
    /// the moved value are placed again as if the row were shifted by the
    /// same amount, since whatever misplaced the value misplaced them too.
    pub fn anchor(
        &mut self,
        target: usize,
        from: usize,
        phrase: impl Fn(&[Word<'_>]) -> Option<usize>,
    ) {
        let Some(&target_start) = self.header.starts.get(target) else {
            return;
        };
        let found = (1..self.words.len()).find_map(|i| {
            let column = self.words[i].cell;
            let starts_its_column = self.words[i - 1].cell != column;
            if column < from || column >= target || starts_its_column {
                return None;
            }
            phrase(&self.words[i..]).map(|n| (i, n.max(1)))
        });
        let Some((i, n)) = found else {
            return;
        };
        let shift = target_start.saturating_sub(self.words[i].at);
        let last = self.header.len().saturating_sub(1);
        for (j, w) in self.words.iter_mut().enumerate().skip(i) {
            w.cell = if j < i + n {
                target
            } else {
                self.header
                    .column_of(w.at + shift)
                    .max(target + 1)
                    .min(last)
            };
        }
    }
}

/// How many of `words` spell one of `phrases` (each given as its words, matched
/// without regard to case), the longest first; `None` when none does.
pub(crate) fn phrase_len(words: &[Word<'_>], phrases: &[&[&str]]) -> Option<usize> {
    phrases
        .iter()
        .filter(|p| {
            p.len() <= words.len()
                && p.iter()
                    .zip(words)
                    .all(|(want, w)| w.text.eq_ignore_ascii_case(want))
        })
        .map(|p| p.len())
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    const POWER_HEADER: &str =
        "SW  PID                 Serial#     Status           Sys Pwr  PoE Pwr  Watts";
    const POWER: [&str; 7] = [
        "SW", "PID", "Serial#", "Status", "Sys Pwr", "PoE Pwr", "Watts",
    ];

    fn texts(ws: &[Word<'_>]) -> Vec<(usize, String)> {
        ws.iter().map(|w| (w.at, w.text.to_string())).collect()
    }

    #[test]
    fn words_carry_their_character_column() {
        assert_eq!(
            texts(&words(" a  bc é d")),
            vec![
                (1, "a".to_string()),
                (4, "bc".to_string()),
                (7, "é".to_string()),
                (9, "d".to_string())
            ]
        );
        assert!(words("   ").is_empty());
    }

    #[test]
    fn labels_join_words_one_space_apart() {
        assert_eq!(
            labels(" Slot    Sensor   Current State   Reading"),
            vec![
                (1, "Slot"),
                (9, "Sensor"),
                (18, "Current State"),
                (34, "Reading")
            ]
        );
    }

    #[test]
    fn a_value_filling_its_column_is_split_from_the_next() {
        let header = Header::find(POWER_HEADER, &POWER).unwrap();
        let row =
            header.row("1A  PWR-C1-715WAC       DCB11111111 OK              Good     Good     715");
        assert_eq!(
            row.cells(),
            vec![
                Some("1A"),
                Some("PWR-C1-715WAC"),
                Some("DCB11111111"),
                Some("OK"),
                Some("Good"),
                Some("Good"),
                Some("715")
            ]
        );
        let row = header
            .row("2B  PWR-C1-715WAC       DCB22222222  No Input Power  Bad      Bad      715");
        assert_eq!(row.cell(3), Some("No Input Power"));
        assert_eq!(
            header.row("1B  Not Present").cells()[1..3],
            [Some("Not Present"), None]
        );
    }

    #[test]
    fn a_header_one_place_right_of_its_rows() {
        let header = Header::find(&format!(" {POWER_HEADER}"), &POWER).unwrap();
        let row = header.row(" 1  Built-in                                         Good");
        assert_eq!(row.cell(1), Some("Built-in"));
        assert_eq!(row.cell(3), None);
        assert_eq!(row.cell(4), Some("Good"));
    }

    #[test]
    fn anchor_moves_a_known_state_and_what_follows() {
        // From Serial# on, the header is printed three places right of the row.
        let header = Header::find(
            "SW  PID                 Serial#        Status           Sys Pwr  PoE Pwr  Watts",
            &POWER,
        )
        .unwrap();
        let line = "1A  PWR-C1-715WAC       DCB11111111 No Input Power  Bad      Bad      715";
        let mut row = header.row(line);
        assert_eq!(row.cell(2), Some("DCB11111111 No"));
        row.anchor(3, 2, |ws| {
            phrase_len(ws, &[&["OK"], &["No", "Input", "Power"]])
        });
        assert_eq!(
            row.cells()[2..],
            [
                Some("DCB11111111"),
                Some("No Input Power"),
                Some("Bad"),
                Some("Bad"),
                Some("715")
            ]
        );
        // A column's own first word is never taken.
        let header = Header::find(POWER_HEADER, &POWER).unwrap();
        let mut row = header.row("3A  OK                  Unknown      OK");
        row.anchor(3, 1, |ws| phrase_len(ws, &[&["OK"]]));
        assert_eq!(row.cell(1), Some("OK"));
    }
}
