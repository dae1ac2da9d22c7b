//! Errors and warnings in a stretch of server log text (pure).
//!
//! PostgreSQL's stderr format puts the severity after the line prefix
//! (`2026-11-22 01:00:00.123 UTC [1234] ERROR:  division by zero`);
//! MariaDB and MySQL put it in brackets (`… 0 [ERROR] …`, `… [Warning] …`).
//! Only the first severity on a line counts, so a logged statement that
//! merely contains the word `ERROR:` is not an error.

use super::Engine;
use super::facts::LogRead;
use regex::Regex;
use std::sync::LazyLock;

static PG_SEVERITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(DEBUG[1-5]?|INFO|NOTICE|WARNING|ERROR|LOG|FATAL|PANIC|DETAIL|HINT|QUERY|CONTEXT|LOCATION|STATEMENT):  ")
        .expect("valid regex")
});
static MY_SEVERITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[(ERROR|Error|Warning|WARNING|Note|NOTE|System|SYSTEM)\]").expect("valid regex")
});

/// How many error lines are kept as examples.
pub const SAMPLES: usize = 5;

/// Scan whole lines of `text` (a trailing partial line is left for the next
/// read) and return the counts and how many bytes were consumed.
pub fn scan(engine: Engine, text: &str) -> (LogRead, usize) {
    let consumed = text.rfind('\n').map_or(0, |i| i + 1);
    let mut read = LogRead {
        bytes: consumed as u64,
        ..LogRead::default()
    };
    for line in text[..consumed].lines() {
        let severity = match engine {
            Engine::Postgres => PG_SEVERITY
                .captures(line)
                .map(|c| c[1].to_ascii_uppercase()),
            Engine::Mysql => MY_SEVERITY
                .captures(line)
                .map(|c| c[1].to_ascii_uppercase()),
        };
        match severity.as_deref() {
            Some("ERROR") => {
                read.error_count += 1;
                keep(&mut read, line);
            }
            Some("FATAL") => {
                read.error_count += 1;
                keep(&mut read, line);
            }
            Some("PANIC") => {
                read.error_count += 1;
                read.fatal_count += 1;
                keep(&mut read, line);
            }
            Some("WARNING") => read.warning_count += 1,
            _ => {}
        }
    }
    (read, consumed)
}

fn keep(read: &mut LogRead, line: &str) {
    if read.errors.len() < SAMPLES {
        let mut l: String = line.trim().chars().take(300).collect();
        if l.len() < line.trim().len() {
            l.push('…');
        }
        read.errors.push(l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_lines_count_by_their_own_severity() {
        let text = "2026-11-22 01:00:00.123 UTC [1] LOG:  database system is ready to accept connections\n\
2026-11-22 01:00:01.000 UTC [7] ERROR:  division by zero\n\
2026-11-22 01:00:01.000 UTC [7] STATEMENT:  SELECT 1/0\n\
2026-11-22 01:00:02.000 UTC [8] LOG:  statement: SELECT 'ERROR:  not really'\n\
2026-11-22 01:00:03.000 UTC [9] WARNING:  there is no transaction in progress\n\
2026-11-22 01:00:04.000 UTC [9] FATAL:  password authentication failed for user \"ops\"\n\
2026-11-22 01:00:05.000 UTC [9] ERROR:  half a li";
        let (read, consumed) = scan(Engine::Postgres, text);
        assert_eq!(
            (read.error_count, read.warning_count, read.fatal_count),
            (2, 1, 0)
        );
        assert!(read.errors[0].ends_with("ERROR:  division by zero"));
        assert_eq!(consumed, text.rfind('\n').unwrap() + 1);
        assert_eq!(read.bytes as usize, consumed);
    }

    #[test]
    fn mariadb_and_mysql_brackets() {
        let text = "2026-11-22  1:25:12 0 [Note] Starting MariaDB 10.11.19\n\
2026-11-22  1:25:12 0 [Warning] Could not increase number of max_open_files\n\
2026-11-22  1:25:13 5 [ERROR] mariadbd: Table './app/t' is marked as crashed\n\
2026-11-22T01:25:12.123456Z 0 [ERROR] [MY-010119] [Server] Aborting\n";
        let (read, _) = scan(Engine::Mysql, text);
        assert_eq!((read.error_count, read.warning_count), (2, 1));
        assert_eq!(read.errors.len(), 2);
    }
}
