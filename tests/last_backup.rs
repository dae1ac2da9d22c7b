//! `backup.last` end to end (SPEC §2.1 and §2.2, last rows): a real backup
//! taken by `ops backup take`, verified and recorded by `ops backup verify`,
//! then judged by `ops inspect host` and `ops inspect db` of the entry the
//! `[[backup.set]]` links (`host =`, `db =`), with OPS_NOW moved past the
//! set's policy.

mod support;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use support::dbinspect::*;
use support::*;

/// A records repository, a config and an inventory of our own, and one real
/// backup of a small directory in the set `web-data`.
struct Case {
    env: Env,
    config: PathBuf,
    inventory: PathBuf,
    /// When the backup was made: the archive's modification time.
    made: DateTime<Utc>,
}

impl Case {
    fn new(links: &str, inventory: &str) -> Case {
        let env = Env::new();
        env.init_records();
        let src = env.write("site/index.html", "<h1>web01</h1>\n");
        let bk = env.dir.path().join("bk");
        let config = env.write(
            "ops.toml",
            &format!(
                "schema = 1\n[thresholds.host]\ncheck_security_updates = false\n\
                 [[backup.set]]\nname = \"web-data\"\npath = \"{}/*.tar.zst\"\nkind = \"tar.zst\"\n\
                 max_age = \"26h\"\nretention = 1\n{links}\n",
                bk.display()
            ),
        );
        let inventory = env.write("inventory.toml", inventory);
        let case = Case {
            env,
            config,
            inventory,
            made: Utc::now(),
        };
        let out = case
            .ops(Utc::now())
            .args(["backup", "take", "--name", "web-data", "--dir"])
            .arg(&bk)
            .arg(src.parent().unwrap())
            .output()
            .unwrap();
        assert_success(&out);
        let archive = PathBuf::from(stdout(&out).trim());
        let made = mtime(&archive);
        let out = case
            .ops(made + Duration::minutes(10))
            .args(["backup", "verify", "web-data"])
            .output()
            .unwrap();
        assert_success(&out);
        Case { made, ..case }
    }

    /// `ops` with this case's files, its clock at `now`.
    fn ops(&self, now: DateTime<Utc>) -> std::process::Command {
        let mut cmd = self.env.ops();
        cmd.env("OPS_NOW", now.to_rfc3339())
            .env("PGPW", PG_PASSWORD)
            .arg("--config")
            .arg(&self.config)
            .arg("--inventory")
            .arg(&self.inventory)
            .arg("--records")
            .arg(&self.env.records);
        cmd
    }

    /// `ops inspect KIND TARGET --format json`, `hours` after the backup was made.
    fn inspect(&self, kind: &str, target: &str, hours: i64) -> (Output, Value) {
        let out = self
            .ops(self.made + Duration::hours(hours))
            .args(["inspect", kind, target, "--format", "json"])
            .output()
            .unwrap();
        let run = json(&out);
        (out, run)
    }
}

fn mtime(p: &Path) -> DateTime<Utc> {
    std::fs::metadata(p).unwrap().modified().unwrap().into()
}

fn backup_last(run: &Value) -> Vec<&Value> {
    run["targets"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["check"] == "backup.last")
        .collect()
}

/// The newest inspection record of `target`, as committed.
fn committed_record(records: &Path, kind: &str, target: &str) -> Value {
    let files = git(records, &["ls-files", &format!("inspect/{kind}/{target}")]);
    let newest = files.lines().max().expect("a committed record");
    serde_json::from_str(&std::fs::read_to_string(records.join(newest)).unwrap()).unwrap()
}

#[test]
fn a_host_whose_linked_backup_is_older_than_policy_is_crit_and_a_fresh_one_ok() {
    let case = Case::new(
        "host = \"web01\"",
        "[[host]]\nname = \"web01\"\nlocal = true\n",
    );

    let (_, run) = case.inspect("host", "web01", 2);
    let found = backup_last(&run);
    assert_eq!(found.len(), 1, "{run:#}");
    let f = found[0];
    assert_eq!(f["status"], "ok", "{f:#}");
    assert_eq!(f["subject"], "web-data");
    assert_eq!(f["value"]["max_age_s"], 26 * 3600);
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("within the 26h policy"), "{message}");

    let (out, run) = case.inspect("host", "web01", 30);
    assert_eq!(out.status.code(), Some(2), "crit exits 2: {}", stderr(&out));
    let f = backup_last(&run)[0];
    assert_eq!(f["status"], "crit", "{f:#}");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("set web-data: last good backup 1d6h")
            && message.contains("older than the 26h policy"),
        "names the set, the age and the policy: {message}"
    );
    assert_eq!(f["threshold"], "crit > 26h (max_age of set web-data)");

    let record = committed_record(&case.env.records, "host", "web01");
    let recorded: Vec<&Value> = record["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "backup.last")
        .collect();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0]["status"], "crit");
    assert_eq!(record["status"], "crit");
}

#[test]
fn a_host_with_no_linked_set_is_skip_with_the_reason() {
    let case = Case::new(
        "host = \"web01\"",
        "[[host]]\nname = \"web01\"\nlocal = true\n[[host]]\nname = \"web02\"\nlocal = true\n",
    );
    let (_, run) = case.inspect("host", "web02", 2);
    let found = backup_last(&run);
    assert_eq!(found.len(), 1, "{run:#}");
    assert_eq!(found[0]["status"], "skip");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("no [[backup.set]] in ops.toml has host = \"web02\""),
        "{message}"
    );
}

#[test]
fn a_link_to_a_host_not_in_the_inventory_is_refused_at_its_line() {
    let case = Case::new(
        "host = \"web01\"",
        "[[host]]\nname = \"web01\"\nlocal = true\n",
    );
    let text = std::fs::read_to_string(&case.config)
        .unwrap()
        .replace("host = \"web01\"", "host = \"wbe01\"");
    std::fs::write(&case.config, &text).unwrap();
    let line = text.lines().position(|l| l.starts_with("host =")).unwrap() + 1;
    let before = commit_count(&case.env.records);
    let out = case
        .ops(case.made)
        .args(["inspect", "host", "web01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("ops.toml:{line}:"))
            && err.contains(
                "host = \"wbe01\" is no [[host]] entry of the inventory (did you mean web01?)"
            ),
        "{err}"
    );
    assert_eq!(commit_count(&case.env.records), before, "nothing recorded");
}

#[test]
fn a_database_whose_linked_backup_is_older_than_policy_is_crit_and_a_fresh_one_ok() {
    if !postgres_available() {
        eprintln!("skipped: PostgreSQL is not installed (.ci/run installs it)");
        return;
    }
    let pg = Postgres::start();
    let case = Case::new(
        "db = \"orders\"",
        &format!(
            "[[db]]\nname = \"orders\"\nengine = \"postgres\"\naddress = \"127.0.0.1\"\nport = {}\n\
             user = \"{USER}\"\npassword_env = \"PGPW\"\nthresholds = {{ free_pct = {{ warn = 1, crit = 0.5 }} }}\n",
            pg.port
        ),
    );
    let (_, run) = case.inspect("db", "orders", 2);
    let found = backup_last(&run);
    assert_eq!(found.len(), 1, "{run:#}");
    assert_eq!(found[0]["status"], "ok", "{:#}", found[0]);
    assert_eq!(found[0]["subject"], "web-data");

    let (out, run) = case.inspect("db", "orders", 30);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let f = backup_last(&run)[0];
    assert_eq!(f["status"], "crit", "{f:#}");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("older than the 26h policy"),
        "{f:#}"
    );
    let record = committed_record(&case.env.records, "db", "orders");
    assert!(
        record["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["check"] == "backup.last" && f["status"] == "crit"),
        "{record:#}"
    );
}
