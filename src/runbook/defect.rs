//! What is wrong with a runbook file, and where: [`Defect`] (file, line,
//! column, message), [`Defects`] (all of them, as one error that exits 78),
//! and the `Locator` that turns a byte offset of a file into the line and
//! column a defect names.

use crate::exit::BadInput;
use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// One thing wrong with a runbook file, at a place in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Defect {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Defect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// All defects found in one or more runbook files.
#[derive(Debug, Clone, Default)]
pub struct Defects(pub Vec<Defect>);

impl fmt::Display for Defects {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Defects {}

impl Defects {
    /// The defects as an error that exits 78 (bad input).
    pub fn into_error(self) -> anyhow::Error {
        let n = self.0.len();
        anyhow::Error::new(BadInput(format!(
            "{self}\n{n} defect{} found",
            if n == 1 { "" } else { "s" }
        )))
    }
}

/// Maps byte offsets of one file to 1-based line and column. The line starts
/// are found once, so that locating every step of a long runbook stays linear.
pub(crate) struct Locator<'a> {
    pub(super) file: &'a str,
    text: &'a str,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(file: &'a str, text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Locator {
            file,
            text,
            line_starts,
        }
    }

    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        crate::position::line_col_in(self.text, &self.line_starts, offset)
    }

    pub(crate) fn defect(&self, span: &Range<usize>, message: impl Into<String>) -> Defect {
        let (line, column) = self.line_col(span.start);
        Defect {
            file: self.file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }
}
