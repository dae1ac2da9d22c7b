//! The block format the collection script uses for sub-commands inside a
//! section: `run TAG RC` (RC is `absent` when the command does not exist),
//! then the command's output, stdout and stderr together, as `| LINE`.

use serde::Serialize;
/// How a sub-command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// The command exited with this status.
    Exit(i32),
    /// The command is not installed on the host.
    Absent,
}

/// One sub-command and what it printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub tag: String,
    pub status: RunStatus,
    pub output: Vec<String>,
}

impl Run {
    /// The exit status, when the command existed.
    pub fn exit(&self) -> Option<i32> {
        match self.status {
            RunStatus::Exit(rc) => Some(rc),
            RunStatus::Absent => None,
        }
    }

    /// The first non-empty output line, for messages.
    pub fn first_line(&self) -> &str {
        self.output
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.is_empty())
            .unwrap_or("")
    }
}

/// `run TAG RC` → the run header, or `None` when the line is not one.
pub fn parse_run_header(line: &str) -> Option<Run> {
    let rest = line.strip_prefix("run ")?;
    let mut it = rest.split_whitespace();
    let tag = it.next()?;
    let status = match it.next()? {
        "absent" => RunStatus::Absent,
        n => RunStatus::Exit(n.parse().ok()?),
    };
    if it.next().is_some() {
        return None;
    }
    Some(Run {
        tag: tag.to_string(),
        status,
        output: Vec::new(),
    })
}

/// `| LINE` → `LINE` (also a bare `|`, which is an empty output line).
pub fn output_line(line: &str) -> Option<&str> {
    if line == "|" {
        return Some("");
    }
    line.strip_prefix("| ")
}

/// Every run block of a section, in order; lines that belong to none are
/// returned apart so that callers can read their own headers.
pub fn parse_runs(text: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for line in text.lines() {
        if let Some(run) = parse_run_header(line) {
            runs.push(run);
        } else if let (Some(out), Some(run)) = (output_line(line), runs.last_mut()) {
            run.output.push(out.to_string());
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_blocks() {
        let runs = parse_runs("run a 0\n| x\n|\n| y\nrun b absent\nrun c 124\nnoise\n| z\n");
        assert_eq!(runs.len(), 3);
        assert_eq!(runs[0].tag, "a");
        assert_eq!(runs[0].exit(), Some(0));
        assert_eq!(runs[0].output, vec!["x", "", "y"]);
        assert_eq!(runs[1].status, RunStatus::Absent);
        assert_eq!(runs[2].exit(), Some(124));
        assert_eq!(runs[2].output, vec!["z"]);
        assert_eq!(runs[0].first_line(), "x");
        assert!(parse_run_header("run a 0 extra").is_none());
        assert!(parse_run_header("run a x").is_none());
    }
}
