//! Records at fleet scale: committing one run of 500 target records into a
//! repository that already holds a year of daily runs for 500 targets
//! (goal ≤ 2 s), and `git log -- <one target>` on it.
//!
//! Run: `cargo bench --bench records_commit` (builds the year with
//! `git fast-import` in a temp dir, ~1 min; `OPS_BENCH_DAYS` and
//! `OPS_BENCH_TARGETS` change the size).

use chrono::{Duration as Days, TimeZone, Utc};
use ops::records::{Records, layout};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn record(target: &str, run: &str, day: usize) -> String {
    // Shaped like a real host record: a dozen findings and a metrics block.
    let mut findings = String::new();
    for (i, check) in [
        "os",
        "load",
        "memory",
        "swap",
        "fs.usage",
        "fs.inodes",
        "raid",
        "nic",
        "route.default",
        "gateway",
        "dns",
        "errlog",
        "services.failed",
        "timesync",
    ]
    .iter()
    .enumerate()
    {
        findings.push_str(&format!(
            "    {{\n      \"check\": \"{check}\",\n      \"status\": \"ok\",\n      \"value\": {},\n      \"message\": \"{check} fine on day {day}\"\n    }},\n",
            i * day % 97
        ));
    }
    findings.pop();
    findings.pop();
    format!(
        "{{\n  \"schema\": 1,\n  \"kind\": \"host\",\n  \"run\": \"{run}\",\n  \"target\": \"{target}\",\n  \"status\": \"ok\",\n  \"findings\": [\n{findings}\n  ],\n  \"metrics\": {{ \"load1\": {}.{} }}\n}}\n",
        day % 4,
        day % 10
    )
}

fn main() {
    let days = env_or("OPS_BENCH_DAYS", 365);
    let targets = env_or("OPS_BENCH_TARGETS", 500);
    let dir = tempfile::tempdir().unwrap();
    // OPS_BENCH_REPO=DIR keeps (or reuses) the generated history there.
    let kept = std::env::var_os("OPS_BENCH_REPO").map(std::path::PathBuf::from);
    let reuse = kept.as_ref().is_some_and(|k| k.join(".git").exists());
    let root = kept.as_deref().unwrap_or(dir.path());
    std::fs::create_dir_all(root).unwrap();
    if reuse {
        println!("history: reusing {}", root.display());
    } else {
        let started = Instant::now();
        build_history(root, days, targets);
        println!(
            "history: {days} daily runs x {targets} targets = {} records, built in {:.1}s",
            days * targets,
            started.elapsed().as_secs_f64()
        );
    }
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };

    // The measured part: what `ops inspect host` does to record one run.
    let records = Records::at(root);
    let mut times = Vec::new();
    for rep in 0..3 {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 6, rep, 0).unwrap();
        let run = layout::run_id(at);
        let started = Instant::now();
        records
            .transaction(|tx| {
                for t in 0..targets {
                    let name = format!("host{t:03}");
                    tx.write(
                        ops::inspect::record::path("host", &name, &run, at),
                        record(&name, &run, 400).as_bytes(),
                    )?;
                }
                Ok(((), format!("inspect host: {targets} targets, all ok")))
            })
            .unwrap();
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "commit one run of {targets} records: median {:.3}s (runs: {times:.3?}); goal <= 2 s",
        times[1]
    );

    let started = Instant::now();
    let log = git(&["log", "--oneline", "--", "inspect/host/host042"]);
    println!(
        "git log -- inspect/host/host042: {} commits in {:.3}s",
        log.lines().count(),
        started.elapsed().as_secs_f64()
    );
    let fsck = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["fsck", "--no-progress"])
        .status()
        .unwrap();
    println!(
        "git fsck: {}",
        if fsck.success() { "clean" } else { "FAILED" }
    );
}

/// A year of history, one commit per daily run, through `git fast-import`.
fn build_history(root: &std::path::Path, days: usize, targets: usize) {
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q", "-b", "main"]);
    let mut fi = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut w = std::io::BufWriter::new(fi.stdin.take().unwrap());
        let first = Utc.with_ymd_and_hms(2025, 11, 22, 6, 0, 0).unwrap();
        for d in 0..days {
            let at = first + Days::days(d as i64);
            let run = layout::run_id(at);
            writeln!(
                w,
                "commit refs/heads/main\ncommitter ops <ops@bench> {} +0000",
                at.timestamp()
            )
            .unwrap();
            let msg = format!("inspect host: {targets} targets, all ok");
            writeln!(w, "data {}\n{msg}", msg.len()).unwrap();
            if d == 0 {
                writeln!(w, "M 100644 inline ops.toml\ndata 11\nschema = 1\n").unwrap();
            }
            for t in 0..targets {
                let name = format!("host{t:03}");
                let path = ops::inspect::record::path("host", &name, &run, at);
                let body = record(&name, &run, d);
                writeln!(
                    w,
                    "M 100644 inline {}\ndata {}\n{body}",
                    path.display(),
                    body.len()
                )
                .unwrap();
            }
        }
    }
    assert!(fi.wait().unwrap().success());
    git(&["checkout", "-q", "-f", "main"]);
}
