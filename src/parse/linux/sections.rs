//! Splits the host collection script's output into its sections.
//!
//! The script (`inspect/host/collect.sh`) prints, for each section:
//!
//! ```text
//! @@ops begin NAME
//! ...stdout...
//! @@ops n/a REASON          (only when the section does not apply)
//! @@ops stderr              (only when the commands wrote to stderr)
//! ...stderr...
//! @@ops end NAME rc=N
//! ```
//!
//! framed by `@@ops collect FORMAT` and `@@ops done`. Each marker after
//! content is preceded by an extra newline (so output without a final newline
//! cannot swallow it); the splitter drops that one empty line. Anything
//! before the first section (a login banner, say) is ignored.

/// One section of the output.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    pub name: String,
    /// What the section's commands printed on stdout, lines joined by `\n`.
    pub stdout: String,
    /// What they printed on stderr.
    pub stderr: String,
    /// Exit status of the section; `None` when its end marker never came
    /// (the output was cut short).
    pub rc: Option<i32>,
    /// Why the section does not apply to this host (`@@ops n/a`).
    pub not_applicable: Option<String>,
}

impl Section {
    /// The end marker was seen: the section ran to completion.
    pub fn complete(&self) -> bool {
        self.rc.is_some()
    }
}

/// The whole output, split.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Collected {
    /// The format number from `@@ops collect N`; `None` when that line is missing.
    pub format: Option<u32>,
    pub sections: Vec<Section>,
    /// `@@ops done` was seen: the script ran to its end.
    pub done: bool,
}

impl Collected {
    /// The first section of that name.
    pub fn get(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }
}

const MARK: &str = "@@ops ";

struct Open {
    section: Section,
    out: Vec<String>,
    err: Vec<String>,
    in_stderr: bool,
}

impl Open {
    fn close(mut self, rc: Option<i32>) -> Section {
        self.section.stdout = join_trimmed(self.out);
        self.section.stderr = join_trimmed(self.err);
        self.section.rc = rc;
        self.section
    }
}

/// Lines joined with `\n`, without the one empty line the script prints
/// before each marker.
fn join_trimmed(mut lines: Vec<String>) -> String {
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Split the script output into sections. Never fails: whatever is not
/// understood is left out, and missing or unfinished sections show as such.
pub fn split(text: &str) -> Collected {
    let mut collected = Collected::default();
    let mut open: Option<Open> = None;
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let Some(marker) = line.strip_prefix(MARK) else {
            if let Some(o) = open.as_mut() {
                if o.in_stderr {
                    o.err.push(line.to_string());
                } else {
                    o.out.push(line.to_string());
                }
            }
            continue;
        };
        let (word, rest) = marker.split_once(' ').unwrap_or((marker, ""));
        match word {
            "collect" => {
                if collected.format.is_none() {
                    collected.format = rest.trim().parse().ok();
                }
            }
            "begin" => {
                if let Some(o) = open.take() {
                    collected.sections.push(o.close(None));
                }
                open = Some(Open {
                    section: Section {
                        name: rest.trim().to_string(),
                        ..Section::default()
                    },
                    out: Vec::new(),
                    err: Vec::new(),
                    in_stderr: false,
                });
            }
            "n/a" => {
                if let Some(o) = open.as_mut() {
                    o.section.not_applicable = Some(rest.trim().to_string());
                }
            }
            "stderr" => {
                if let Some(o) = open.as_mut() {
                    o.in_stderr = true;
                }
            }
            "end" => {
                let (name, rc) = parse_end(rest);
                if open.as_ref().is_some_and(|o| o.section.name == name)
                    && let Some(o) = open.take()
                {
                    // An end marker whose status is garbled still ends the
                    // section; -1 says "ran, status not understood".
                    collected.sections.push(o.close(Some(rc.unwrap_or(-1))));
                }
            }
            "done" => {
                if let Some(o) = open.take() {
                    collected.sections.push(o.close(None));
                }
                collected.done = true;
            }
            _ => {
                if let Some(o) = open.as_mut() {
                    if o.in_stderr {
                        o.err.push(line.to_string());
                    } else {
                        o.out.push(line.to_string());
                    }
                }
            }
        }
    }
    if let Some(o) = open.take() {
        collected.sections.push(o.close(None));
    }
    collected
}

/// `NAME rc=N` → (NAME, N).
fn parse_end(rest: &str) -> (&str, Option<i32>) {
    let rest = rest.trim();
    match rest.rsplit_once(' ') {
        Some((name, rc)) => (name, rc.strip_prefix("rc=").and_then(|v| v.parse().ok())),
        None => (rest, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_stdout_stderr_and_status() {
        let text = "banner\n@@ops collect 1\n@@ops begin a\none\ntwo\n\n@@ops end a rc=0\n\
                    @@ops begin b\npartial\n@@ops stderr\noops: Permission denied\n\n@@ops end b rc=1\n\
                    @@ops begin c\n@@ops n/a not here\n\n@@ops end c rc=0\n@@ops done\n";
        let c = split(text);
        assert_eq!(c.format, Some(1));
        assert!(c.done);
        assert_eq!(c.sections.len(), 3);
        let a = c.get("a").unwrap();
        assert_eq!(a.stdout, "one\ntwo");
        assert_eq!(a.stderr, "");
        assert_eq!(a.rc, Some(0));
        let b = c.get("b").unwrap();
        // No newline after `partial`: the marker's own newline ends it.
        assert_eq!(b.stdout, "partial");
        assert_eq!(b.stderr, "oops: Permission denied");
        assert_eq!(b.rc, Some(1));
        let cc = c.get("c").unwrap();
        assert_eq!(cc.not_applicable.as_deref(), Some("not here"));
        assert_eq!(cc.stdout, "");
    }

    #[test]
    fn keeps_a_real_trailing_blank_line_but_not_the_markers() {
        let c = split("@@ops begin a\nx\n\n\n@@ops end a rc=0\n");
        assert_eq!(c.get("a").unwrap().stdout, "x\n");
    }

    #[test]
    fn cut_short_output_leaves_open_sections_without_status() {
        let c = split("@@ops collect 1\n@@ops begin a\nx\n\n@@ops end a rc=0\n@@ops begin b\nhalf");
        assert!(!c.done);
        assert_eq!(c.get("a").unwrap().rc, Some(0));
        let b = c.get("b").unwrap();
        assert_eq!(b.rc, None);
        assert!(!b.complete());
        assert_eq!(b.stdout, "half");
    }

    #[test]
    fn a_new_begin_closes_an_unfinished_section() {
        let c = split("@@ops begin a\nx\n@@ops begin b\ny\n\n@@ops end b rc=3\r\n");
        assert_eq!(c.get("a").unwrap().rc, None);
        assert_eq!(c.get("b").unwrap().rc, Some(3));
        assert_eq!(c.get("b").unwrap().stdout, "y");
    }

    #[test]
    fn mismatched_end_is_ignored_and_duplicates_keep_the_first() {
        let c = split(
            "@@ops begin a\nx\n@@ops end zz rc=0\n\n@@ops end a rc=0\n@@ops begin a\ny\n\n@@ops end a rc=0\n",
        );
        assert_eq!(c.sections.len(), 2);
        assert_eq!(c.get("a").unwrap().stdout, "x");
    }
}
