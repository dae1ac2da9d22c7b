//! `--format nagios`, `--format prom` and `--textfile DIR` on real runs:
//! `ops inspect host` on this machine and over a loopback sshd, and `ops
//! backup verify`. The plugin output is read back by a parser of the
//! monitoring-plugins format written here (not by the code that wrote it),
//! the exit code is checked against the status word, and the Prometheus text
//! is checked by `promtool check metrics` (Debian `prometheus`).

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use support::sshd::Sshd;
use support::{Env, stderr, stdout};

/// One perfdata item: `'label'=value[UOM];[warn];[crit];[min];[max]`.
#[derive(Debug, Clone, PartialEq)]
struct Perf {
    label: String,
    value: f64,
    uom: String,
    warn: String,
    crit: String,
    min: String,
    max: String,
}

/// A plugin's output: `SERVICE STATUS - text | perfdata`, then long output.
#[derive(Debug)]
struct Plugin {
    service: String,
    status: String,
    text: String,
    perf: Vec<Perf>,
    long: Vec<String>,
}

fn parse_plugin(output: &str) -> Result<Plugin, String> {
    let mut lines = output.lines();
    let first = lines.next().ok_or("no output")?;
    let (head, perf) = match first.split_once('|') {
        Some((h, p)) => (h.trim_end(), p.trim()),
        None => (first, ""),
    };
    let (left, text) = head
        .split_once(" - ")
        .ok_or(format!("no ` - ` in {first:?}"))?;
    let (service, status) = left
        .rsplit_once(' ')
        .ok_or(format!("no status in {left:?}"))?;
    let mut perf = parse_perfdata(perf)?;
    let mut long = Vec::new();
    for line in lines {
        // Perfdata may also follow a `|` in the long output.
        match line.split_once('|') {
            Some((text, more)) => {
                long.push(text.to_string());
                perf.extend(parse_perfdata(more.trim())?);
            }
            None => long.push(line.to_string()),
        }
    }
    Ok(Plugin {
        service: service.to_string(),
        status: status.to_string(),
        text: text.to_string(),
        perf,
        long,
    })
}

/// Space-separated perfdata items; labels with spaces are single-quoted,
/// a quote inside written twice.
fn parse_perfdata(text: &str) -> Result<Vec<Perf>, String> {
    let mut items = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let (label, after) = if let Some(quoted) = rest.strip_prefix('\'') {
            let mut label = String::new();
            let mut chars = quoted.char_indices();
            let end = loop {
                match chars.next() {
                    Some((i, '\'')) => {
                        if quoted[i + 1..].starts_with('\'') {
                            label.push('\'');
                            chars.next();
                        } else {
                            break i + 1;
                        }
                    }
                    Some((_, c)) => label.push(c),
                    None => return Err(format!("unterminated label in {rest:?}")),
                }
            };
            (label, &quoted[end..])
        } else {
            let end = rest.find('=').ok_or(format!("no `=` in {rest:?}"))?;
            (rest[..end].to_string(), &rest[end..])
        };
        if label.contains('=') || label.is_empty() {
            return Err(format!("bad label {label:?}"));
        }
        let after = after
            .strip_prefix('=')
            .ok_or(format!("no `=` after {label:?}"))?;
        let end = after.find(' ').unwrap_or(after.len());
        let fields: Vec<&str> = after[..end].split(';').collect();
        if fields.len() > 5 {
            return Err(format!("too many fields for {label:?}"));
        }
        let vu = fields[0];
        let split = vu
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .unwrap_or(vu.len());
        let value: f64 = vu[..split]
            .parse()
            .map_err(|_| format!("bad value {vu:?}"))?;
        let uom = vu[split..].to_string();
        if !["", "s", "ms", "us", "%", "B", "KB", "MB", "GB", "TB", "c"].contains(&uom.as_str()) {
            return Err(format!("bad unit {uom:?} for {label:?}"));
        }
        let field = |i: usize| fields.get(i).copied().unwrap_or("").to_string();
        for (name, range) in [("warn", field(1)), ("crit", field(2))] {
            if !range.is_empty() && !is_range(&range) {
                return Err(format!("bad {name} range {range:?} for {label:?}"));
            }
        }
        for m in [field(3), field(4)] {
            if !m.is_empty() && m.parse::<f64>().is_err() {
                return Err(format!("bad min/max {m:?} for {label:?}"));
            }
        }
        items.push(Perf {
            label,
            value,
            uom,
            warn: field(1),
            crit: field(2),
            min: field(3),
            max: field(4),
        });
        rest = after[end..].trim_start();
    }
    Ok(items)
}

/// `[@]start:end`, `10`, `10:`, `~:10`, `10:20`.
fn is_range(text: &str) -> bool {
    let t = text.strip_prefix('@').unwrap_or(text);
    let num = |s: &str| s.is_empty() || s == "~" || s.parse::<f64>().is_ok();
    match t.split_once(':') {
        Some((a, b)) => num(a) && (b.is_empty() || b.parse::<f64>().is_ok()),
        None => t.parse::<f64>().is_ok(),
    }
}

fn exit_for(status: &str) -> i32 {
    match status {
        "OK" => 0,
        "WARNING" => 1,
        "CRITICAL" => 2,
        "UNKNOWN" => 3,
        other => panic!("not a plugin status: {other:?}"),
    }
}

fn plugin_of(out: &Output) -> Plugin {
    let text = stdout(out);
    let plugin = parse_plugin(&text).unwrap_or_else(|e| panic!("{e}\n{text}\n{}", stderr(out)));
    assert_eq!(
        out.status.code(),
        Some(exit_for(&plugin.status)),
        "exit code against status word:\n{text}"
    );
    plugin
}

fn promtool_check(text: &str) {
    let mut child = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool is missing: install prometheus (.ci/run does)");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "promtool check metrics failed:\n{}{}\n{text}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The value of the one sample of `name` whose labels contain `labels`.
fn sample(text: &str, name: &str, labels: &str) -> f64 {
    let hits: Vec<f64> = text
        .lines()
        .filter(|l| l.starts_with(&format!("{name}{{")) && l.contains(labels))
        .map(|l| l.rsplit(' ').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(hits.len(), 1, "{name} {labels}:\n{text}");
    hits[0]
}

#[test]
fn nagios_output_of_this_machine_parses_and_exits_with_its_status() {
    let env = Env::new();
    let out = env
        .ops()
        .args([
            "inspect",
            "host",
            "local",
            "--format",
            "nagios",
            "--no-record",
        ])
        .output()
        .unwrap();
    let p = plugin_of(&out);
    assert_eq!(p.service, "OPS HOST");
    assert!(!p.text.is_empty());
    // The usual host checks carry their figures and limits.
    let fs = p
        .perf
        .iter()
        .find(|f| f.label == "fs.usage_/")
        .unwrap_or_else(|| panic!("no fs.usage_/ in {:?}", p.perf));
    assert_eq!(
        (fs.uom.as_str(), fs.min.as_str(), fs.max.as_str()),
        ("%", "0", "100")
    );
    assert!(!fs.warn.is_empty() && !fs.crit.is_empty(), "{fs:?}");
    let mem = p.perf.iter().find(|f| f.label == "memory").unwrap();
    assert!(
        mem.warn.ends_with(':'),
        "lower is worse for available memory: {mem:?}"
    );
    assert!(p.perf.iter().any(|f| f.label == "load"));
    // One long-output line per finding that was checked, each with its status.
    assert!(p.long.len() >= 5, "{:?}", p.long);
    for line in &p.long {
        let word = line
            .strip_prefix('[')
            .and_then(|l| l.split_once(']'))
            .map(|(w, _)| w);
        exit_for(word.unwrap_or_else(|| panic!("no [STATUS] in {line:?}")));
    }
    // The worst line is the run's status.
    let worst = p
        .long
        .iter()
        .map(|l| exit_for(&l[1..l.find(']').unwrap()]))
        .max_by_key(|c| [0, 1, 3, 2][*c as usize])
        .unwrap();
    assert_eq!(exit_for(&p.status), worst);
}

#[test]
fn nagios_over_ssh_labels_each_target_and_takes_the_worst() {
    let sshd = Sshd::start();
    let env = Env::new();
    sshd.trust_from(&env.home);
    let target = sshd.target();
    let out = env
        .ops()
        .args([
            "inspect",
            "host",
            "local",
            &target,
            "--format",
            "nagios",
            "--no-record",
        ])
        .output()
        .unwrap();
    let p = plugin_of(&out);
    assert!(p.text.starts_with("2 targets"), "{}", p.text);
    assert!(
        p.perf
            .iter()
            .any(|f| f.label == format!("{target} fs.usage_/")),
        "{:?}",
        p.perf
    );
    // `local` is named after this machine; every label names its target.
    let prefixes: std::collections::BTreeSet<&str> = p
        .perf
        .iter()
        .map(|f| f.label.split(' ').next().unwrap())
        .collect();
    assert_eq!(prefixes.len(), 2, "{:?}", p.perf);
    // Only the remote target over SSH: its own status and exit code.
    let out = env
        .ops()
        .args([
            "inspect",
            "host",
            &target,
            "--format",
            "nagios",
            "--no-record",
        ])
        .output()
        .unwrap();
    let p = plugin_of(&out);
    assert!(p.text.starts_with(&format!("{target}: ")), "{}", p.text);
    assert!(
        p.perf.iter().any(|f| f.label == "fs.usage_/"),
        "{:?}",
        p.perf
    );
}

#[test]
fn prom_output_passes_promtool_and_the_textfile_is_the_same() {
    let sshd = Sshd::start();
    let env = Env::new();
    sshd.trust_from(&env.home);
    env.init_records();
    let textfile = env.dir.path().join("textfile");
    std::fs::create_dir(&textfile).unwrap();
    let target = sshd.target();
    let out = env
        .ops()
        .arg("--records")
        .arg(&env.records)
        .args([
            "inspect",
            "host",
            "local",
            &target,
            "--format",
            "prom",
            "--textfile",
        ])
        .arg(&textfile)
        .output()
        .unwrap();
    let text = stdout(&out);
    promtool_check(&text);
    let status = sample(&text, "ops_run_status", "kind=\"host\"");
    assert_eq!(out.status.code(), Some(status as i32), "{}", stderr(&out));
    assert_eq!(sample(&text, "ops_run_targets", "kind=\"host\""), 2.0);
    let usage = sample(
        &text,
        "ops_finding_value_percent",
        &format!("target=\"{target}\",check=\"fs.usage\",subject=\"/\""),
    );
    assert!((0.0..=100.0).contains(&usage));
    sample(
        &text,
        "ops_finding_status",
        &format!("target=\"{target}\",check=\"load\""),
    );
    sample(&text, "ops_run_timestamp_seconds", "kind=\"host\"");

    use std::os::unix::fs::PermissionsExt;
    let file = textfile.join("ops_host.prom");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o644);
    assert_eq!(
        std::fs::read_dir(&textfile).unwrap().count(),
        1,
        "no temporary file left"
    );

    // --textfile beside the usual table; a missing directory is an error.
    let out = env
        .ops()
        .args(["inspect", "host", "local", "--no-record", "--textfile"])
        .arg(&textfile)
        .output()
        .unwrap();
    assert!(stdout(&out).contains("TARGET"), "{}", stdout(&out));
    promtool_check(&std::fs::read_to_string(&file).unwrap());
    let out = env
        .ops()
        .args(["inspect", "host", "local", "--no-record", "--textfile"])
        .arg(env.dir.path().join("missing"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("textfile"), "{}", stderr(&out));
}

#[test]
fn backup_verify_speaks_both_formats() {
    let env = Env::new();
    let dir = env.dir.path().join("backups");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("etc-20261122T060000Z.tar"), b"").unwrap();
    let verify = |format: &str, textfile: Option<&Path>| {
        let mut cmd = env.ops();
        cmd.args(["backup", "verify", "--no-record", "--format", format])
            .arg(&dir);
        if let Some(t) = textfile {
            cmd.arg("--textfile").arg(t);
        }
        cmd.output().unwrap()
    };
    let out = verify("nagios", None);
    let p = plugin_of(&out);
    assert_eq!(
        (p.service.as_str(), p.status.as_str()),
        ("OPS BACKUP", "CRITICAL")
    );
    assert!(
        p.long
            .iter()
            .any(|l| l.starts_with("[CRITICAL] backup.size")),
        "{:?}",
        p.long
    );
    let size = p
        .perf
        .iter()
        .find(|f| f.label.starts_with("backup.size"))
        .unwrap();
    assert_eq!((size.value, size.uom.as_str()), (0.0, "B"));

    let out = verify("prom", Some(env.dir.path()));
    let text = stdout(&out);
    promtool_check(&text);
    assert_eq!(sample(&text, "ops_run_status", "kind=\"backup\""), 2.0);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(env.dir.path().join("ops_backup.prom")).unwrap(),
        text
    );
}

#[test]
fn a_run_that_cannot_be_made_is_unknown_to_the_monitoring() {
    let env = Env::new();
    let config = env.write("ops.toml", "[thresholds.host\n");
    let out = env
        .ops()
        .arg("--config")
        .arg(&config)
        .args(["inspect", "host", "local", "--format", "nagios"])
        .output()
        .unwrap();
    let p = plugin_of(&out);
    assert_eq!((p.service.as_str(), p.status.as_str()), ("OPS", "UNKNOWN"));
    assert!(p.text.starts_with("error: "), "{}", p.text);
    // Without --format nagios the same mistake is a bad input file, as before.
    let out = env
        .ops()
        .arg("--config")
        .arg(&config)
        .args(["inspect", "host", "local"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
}

#[test]
fn the_parser_of_this_test_knows_the_grammar() {
    let p = parse_plugin(
        "SVC WARNING - text - more | 'a b'=1.5s;1;2;0; 'it''s'=3%;;~:10 c=4\nline1\nline2 | d=5B\n",
    )
    .unwrap();
    assert_eq!(
        (p.service.as_str(), p.status.as_str(), p.text.as_str()),
        ("SVC", "WARNING", "text - more")
    );
    let labels: Vec<&str> = p.perf.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["a b", "it's", "c", "d"]);
    assert_eq!(p.perf[0].uom, "s");
    assert_eq!(p.perf[1].crit, "~:10");
    assert_eq!(p.long, ["line1", "line2 "]);
    assert!(parse_perfdata("x=1;2;3;4;5;6").is_err());
    assert!(parse_perfdata("x=1zz").is_err());
    assert!(parse_perfdata("'x=1").is_err());
}
