//! What only the database's host can tell: free space of the filesystems
//! under the data directory and tablespaces, and a log file SQL cannot read.
//!
//! Paths come from the database server, so they are never put into a
//! command line: fixed scripts read them from standard input.

use super::Engine;
use super::facts::{Filesystem, HostPart, LogPosition, LogRead};
use super::logscan;
use crate::transport::Transport;
use std::time::Instant;

/// Prints `@@ <path>` then `df -P -k` of it (without its header), per input line.
const DF_SCRIPT: &str = r#"while IFS= read -r p; do printf '@@ %s\n' "$p"; LC_ALL=C df -P -k -- "$p" 2>&1 | tail -n +2; done"#;

/// Reads `offset` (`-` for none), the first-read size, the cap, then the
/// file path; prints `<size> <start>` and the bytes from `start` to `size`.
const LOG_SCRIPT: &str = r#"IFS= read -r off; IFS= read -r first; IFS= read -r cap; IFS= read -r f
size=$(wc -c < "$f") || exit 3
if [ "$off" = "-" ]; then start=$((size > first ? size - first : 0)); elif [ "$off" -gt "$size" ]; then start=0; else start=$off; fi
if [ $((size - start)) -gt "$cap" ]; then start=$((size - cap)); fi
echo "$size $start"
tail -c +$((start + 1)) -- "$f" | head -c $((size - start))"#;

/// Free space of the filesystems holding `paths` (path, what it holds),
/// one entry per mount point.
pub fn filesystems(
    t: &mut dyn Transport,
    paths: &[(String, String)],
    deadline: Instant,
) -> HostPart<Vec<Filesystem>> {
    if paths.is_empty() {
        return HostPart::Skip("the server did not say where its data directory is".into());
    }
    let mut input = String::new();
    for (p, _) in paths {
        input.push_str(p);
        input.push('\n');
    }
    match t.exec(
        &format!("sh -c {}", shell_quote(DF_SCRIPT)),
        input.as_bytes(),
        deadline,
    ) {
        Ok(o) => match parse_df(&o.stdout, paths) {
            Ok(fs) => HostPart::Known(fs),
            Err(e) => HostPart::Failed(e),
        },
        Err(e) => HostPart::Failed(format!("df on the database's host: {e:#}")),
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Parse the `@@ path` blocks of [`DF_SCRIPT`]'s output.
pub fn parse_df(text: &str, paths: &[(String, String)]) -> Result<Vec<Filesystem>, String> {
    let mut out: Vec<Filesystem> = Vec::new();
    let mut errors = Vec::new();
    let mut current: Option<&str> = None;
    for line in text.lines() {
        if let Some(p) = line.strip_prefix("@@ ") {
            current = Some(p);
            continue;
        }
        let Some(path) = current else { continue };
        let holds = paths
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, h)| h.clone())
            .unwrap_or_else(|| path.to_string());
        let fields: Vec<&str> = line.split_whitespace().collect();
        let parsed = (fields.len() >= 6)
            .then(|| {
                Some((
                    fields[1].parse::<u64>().ok()?,
                    fields[2].parse::<u64>().ok()?,
                    fields[3].parse::<u64>().ok()?,
                    fields[5..].join(" "),
                ))
            })
            .flatten();
        match parsed {
            Some((size, used, avail, mount)) => match out.iter_mut().find(|f| f.mount == mount) {
                Some(f) => {
                    if !f.holds.contains(&holds) {
                        f.holds.push(holds);
                    }
                }
                None => out.push(Filesystem {
                    mount,
                    size: size * 1024,
                    used: used * 1024,
                    available: avail * 1024,
                    holds: vec![holds],
                }),
            },
            None => errors.push(format!("{holds} ({path}): {}", line.trim())),
        }
        current = None;
    }
    if out.is_empty() {
        return Err(if errors.is_empty() {
            "df printed nothing".to_string()
        } else {
            errors.join("; ")
        });
    }
    Ok(out)
}

/// Read a log file on the host from where the previous inspection stopped.
pub fn read_log(
    t: &mut dyn Transport,
    engine: Engine,
    file: &str,
    from: Option<&LogPosition>,
    first_read: u64,
    cap: u64,
    deadline: Instant,
) -> Result<LogRead, String> {
    let offset = from
        .filter(|p| p.file == file)
        .map(|p| p.offset.to_string())
        .unwrap_or_else(|| "-".into());
    let input = format!("{offset}\n{first_read}\n{cap}\n{file}\n");
    let out = t
        .exec(
            &format!("sh -c {}", shell_quote(LOG_SCRIPT)),
            input.as_bytes(),
            deadline,
        )
        .map_err(|e| format!("reading {file} on the database's host: {e:#}"))?;
    if out.exit_status != Some(0) {
        let why = out
            .stderr
            .lines()
            .next()
            .unwrap_or("no output")
            .trim()
            .to_string();
        return Err(format!("cannot read {file} on the database's host: {why}"));
    }
    let (head, body) = out
        .stdout
        .split_once('\n')
        .unwrap_or((out.stdout.as_str(), ""));
    let mut nums = head.split_whitespace().map(|n| n.parse::<u64>());
    let (Some(Ok(size)), Some(Ok(start))) = (nums.next(), nums.next()) else {
        return Err(format!("unexpected output reading {file}: {head:?}"));
    };
    let (mut read, consumed) = logscan::scan(engine, body);
    let offset = if body.ends_with('\n') {
        size
    } else {
        (start + consumed as u64).min(size)
    };
    let previous_offset = from.filter(|p| p.file == file).map(|p| p.offset);
    read.skipped = match previous_offset {
        Some(o) if o <= start => start - o,
        _ => 0,
    };
    read.first_read = from.is_none();
    read.position = Some(LogPosition {
        file: file.to_string(),
        offset,
    });
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::local::Local;
    use std::time::Duration;

    #[test]
    fn df_blocks_merge_by_mount() {
        let text = "@@ /var/lib/postgresql/15/main\n/dev/sda1 1000 600 400 60% /\n\
                    @@ /srv/ts1\n/dev/sdb1 2000 1900 100 95% /srv\n\
                    @@ /srv/ts2\n/dev/sdb1 2000 1900 100 95% /srv\n\
                    @@ /gone\ndf: /gone: No such file or directory\n";
        let paths = vec![
            (
                "/var/lib/postgresql/15/main".to_string(),
                "data directory".to_string(),
            ),
            ("/srv/ts1".to_string(), "tablespace ts1".to_string()),
            ("/srv/ts2".to_string(), "tablespace ts2".to_string()),
            ("/gone".to_string(), "tablespace gone".to_string()),
        ];
        let fs = parse_df(text, &paths).unwrap();
        assert_eq!(fs.len(), 2);
        assert_eq!(fs[1].holds, ["tablespace ts1", "tablespace ts2"]);
        assert_eq!(fs[1].available, 100 * 1024);
        assert!((fs[1].free_pct() - 5.0).abs() < 0.01);
    }

    #[test]
    fn log_reads_resume_and_never_split_lines() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("it's error.log");
        let file = f.to_string_lossy().into_owned();
        std::fs::write(&f, "a [Note] x\nb [ERROR] y\n").unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        let r = read_log(
            &mut Local,
            Engine::Mysql,
            &file,
            None,
            1 << 16,
            1 << 20,
            deadline,
        )
        .unwrap();
        assert_eq!((r.error_count, r.first_read), (1, true));
        let pos = r.position.unwrap();
        assert_eq!(pos.offset, 23);
        std::fs::write(&f, "a [Note] x\nb [ERROR] y\nc [ERROR] z\nd [ERR").unwrap();
        let r = read_log(
            &mut Local,
            Engine::Mysql,
            &file,
            Some(&pos),
            1 << 16,
            1 << 20,
            deadline,
        )
        .unwrap();
        assert_eq!(r.error_count, 1);
        assert_eq!(r.position.as_ref().unwrap().offset, 35);
        // Truncated (rotated by copy): start again at the beginning.
        std::fs::write(&f, "e [ERROR] w\n").unwrap();
        let r = read_log(
            &mut Local,
            Engine::Mysql,
            &file,
            r.position.as_ref(),
            1 << 16,
            1 << 20,
            deadline,
        )
        .unwrap();
        assert_eq!((r.error_count, r.position.unwrap().offset), (1, 12));
    }
}
