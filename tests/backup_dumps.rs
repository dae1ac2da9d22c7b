//! `ops backup verify` on real database dumps: pg_dump (custom and plain)
//! and mysqldump from servers started for the test, whole and cut in half.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::db;
use support::*;

/// Write `FILE.sha256` the way a backup script would, with coreutils, and
/// keep the dump private as one running under `umask 077` would (a dump
/// others may read is a warning of its own).
fn sha256sum(file: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = Command::new("sha256sum").arg(file).output().unwrap();
    assert_success(&out);
    let mut p = file.as_os_str().to_owned();
    p.push(".sha256");
    std::fs::write(PathBuf::from(p), &out.stdout).unwrap();
}

/// The first half of `file` as `dir/NAME`, with its own (matching) checksum,
/// so that only its structure can fail.
fn cut_in_half(file: &Path, dir: &Path) -> PathBuf {
    let bytes = std::fs::read(file).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let cut = dir.join(file.file_name().unwrap());
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    sha256sum(&cut);
    cut
}

fn verify(env: &Env, path: &Path) -> (i32, Value) {
    let out = env
        .ops()
        .args(["backup", "verify", "--no-record", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    (out.status.code().unwrap(), json(&out))
}

fn finding<'a>(run: &'a Value, check: &str) -> &'a Value {
    run["targets"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check)
        .unwrap_or_else(|| panic!("no {check} finding in {run:#}"))
}

#[test]
fn real_pg_dumps_verify_and_their_halves_fail() {
    let pg = db::Postgres::start();
    pg.sql("postgres", "CREATE DATABASE app");
    pg.sql(
        "app",
        "CREATE TABLE orders (id serial PRIMARY KEY, customer text NOT NULL, total numeric);
         INSERT INTO orders (customer, total)
           SELECT 'customer ' || g, g * 1.5 FROM generate_series(1, 50000) g;
         CREATE INDEX orders_customer ON orders (customer);
         CREATE TABLE notes (id int, body text);
         INSERT INTO notes SELECT g, repeat(md5(g::text), 20) FROM generate_series(1, 5000) g;",
    );
    let env = Env::new();
    let dumps = env.dir.path().join("dumps");
    std::fs::create_dir(&dumps).unwrap();
    let custom = dumps.join("app.dump");
    let plain = dumps.join("app.sql");
    assert_success(
        &pg.command("pg_dump")
            .args(["-Fc", "-d", "app", "-f"])
            .arg(&custom)
            .output()
            .unwrap(),
    );
    assert_success(
        &pg.command("pg_dump")
            .args(["-Fp", "-d", "app", "-f"])
            .arg(&plain)
            .output()
            .unwrap(),
    );
    sha256sum(&custom);
    sha256sum(&plain);

    let (code, run) = verify(&env, &custom);
    assert_eq!(code, 0, "{run:#}");
    let readable = finding(&run, "backup.readable");
    assert_eq!(readable["status"], "ok");
    let msg = readable["message"].as_str().unwrap();
    assert!(msg.contains("pg_dump custom-format archive"), "{msg}");
    assert!(msg.contains("pg_restore read every data block"), "{msg}");
    assert_eq!(finding(&run, "backup.checksum")["status"], "ok");

    let (code, run) = verify(&env, &plain);
    assert_eq!(code, 0, "{run:#}");
    assert!(
        finding(&run, "backup.readable")["message"]
            .as_str()
            .unwrap()
            .contains("complete pg_dump plain dump")
    );

    // Cut in half: the checksums match the cut files, the structure does not.
    for file in [&custom, &plain] {
        let cut = cut_in_half(file, &env.dir.path().join("cut"));
        let (code, run) = verify(&env, &cut);
        assert_eq!(
            code,
            2,
            "{} cut in half must be crit: {run:#}",
            file.display()
        );
        assert_eq!(finding(&run, "backup.checksum")["status"], "ok");
        let readable = finding(&run, "backup.readable");
        assert_eq!(readable["status"], "crit", "{run:#}");
        assert!(
            readable["message"]
                .as_str()
                .unwrap()
                .contains(&cut.display().to_string())
        );
    }
}

#[test]
fn a_real_mysqldump_verifies_and_its_half_fails() {
    let my = db::MariaDb::start();
    my.sql(
        "CREATE DATABASE shop;
         CREATE TABLE shop.items (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(64), price DECIMAL(10,2));
         USE shop;
         INSERT INTO shop.items (name, price) SELECT CONCAT('item ', seq), seq / 7 FROM seq_1_to_30000;",
    );
    assert_eq!(my.sql("SELECT COUNT(*) FROM shop.items"), "30000");
    let env = Env::new();
    let dumps = env.dir.path().join("dumps");
    std::fs::create_dir(&dumps).unwrap();
    let dump = dumps.join("shop.sql");
    let out = my
        .command("mariadb-dump")
        .args(["--single-transaction", "--databases", "shop"])
        .output()
        .unwrap();
    assert_success(&out);
    std::fs::write(&dump, &out.stdout).unwrap();
    sha256sum(&dump);

    let (code, run) = verify(&env, &dump);
    assert_eq!(code, 0, "{run:#}");
    let msg = finding(&run, "backup.readable")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.contains("complete mysqldump (Dump completed on"),
        "{msg}"
    );

    let cut = cut_in_half(&dump, &env.dir.path().join("cut"));
    let (code, run) = verify(&env, &cut);
    assert_eq!(code, 2, "{run:#}");
    let readable = finding(&run, "backup.readable");
    assert_eq!(readable["status"], "crit");
    assert!(
        readable["message"]
            .as_str()
            .unwrap()
            .contains("no `-- Dump completed` at its end"),
        "{readable}"
    );
}
