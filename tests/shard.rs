//! `--shard K/N` through the binary: N runs over one inventory inspect every
//! target exactly once, each records only its own, and bad shards are refused
//! before anything is touched.

mod support;

use std::collections::BTreeMap;
use std::net::TcpListener;
use support::*;

/// A loopback port nothing listens on: connecting is refused at once, so a
/// hundred targets cost no time and no sshd.
fn refused_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn hundred_hosts(env: &Env) -> Vec<String> {
    let names: Vec<String> = (0..100).map(|i| format!("node{i:03}")).collect();
    let mut inv = format!("[defaults]\nport = {}\n", refused_port());
    for n in &names {
        inv.push_str(&format!(
            "[[host]]\nname = \"{n}\"\naddress = \"127.0.0.1\"\n"
        ));
    }
    std::fs::write(env.records.join("inventory.toml"), inv).unwrap();
    names
}

fn shard_run(env: &Env, shard: &str) -> Vec<String> {
    let out = env
        .ops()
        .current_dir(&env.records)
        .args(["inspect", "host", "--shard", shard, "--format", "json"])
        .args(["--connect-timeout", "5s"])
        .output()
        .unwrap();
    let run = json(&out);
    // Every target is unreachable: the run says so with its exit code.
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    run["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn three_shards_of_a_hundred_hosts_cover_the_inventory_exactly_once() {
    let env = Env::new();
    env.init_records();
    let names = hundred_hosts(&env);
    git(&env.records, &["add", "inventory.toml"]);
    git(&env.records, &["commit", "-qm", "inventory"]);

    let mut seen: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut sizes = Vec::new();
    for k in 1..=3u32 {
        let before = commit_count(&env.records);
        let targets = shard_run(&env, &format!("{k}/3"));
        sizes.push(targets.len());
        // Each shard records its own targets and no other.
        assert_eq!(commit_count(&env.records), before + 1);
        let files = git(&env.records, &["show", "--name-only", "--format=", "HEAD"]);
        assert_eq!(files.lines().count(), targets.len(), "{files}");
        for t in &targets {
            assert!(
                files.contains(&format!("inspect/host/{t}/")),
                "{t}: {files}"
            );
            seen.entry(t.clone()).or_default().push(k);
        }
    }
    let covered: Vec<&String> = seen.keys().collect();
    let mut expected: Vec<&String> = names.iter().collect();
    expected.sort();
    assert_eq!(covered, expected, "every host is in some shard");
    for (name, shards) in &seen {
        assert_eq!(shards.len(), 1, "{name} is in shards {shards:?}");
    }
    // A stable hash of 100 names splits them roughly evenly.
    for size in &sizes {
        assert!((15..=55).contains(size), "shard sizes {sizes:?}");
    }

    // The same shard picks the same hosts on the next run.
    let again = shard_run(&env, "2/3");
    let second: Vec<String> = seen
        .iter()
        .filter(|(_, s)| s == &&vec![2])
        .map(|(n, _)| n.clone())
        .collect();
    let mut again_sorted = again.clone();
    again_sorted.sort();
    assert_eq!(again_sorted, second);
}

#[test]
fn a_shard_that_is_not_k_of_n_is_refused_and_nothing_is_recorded() {
    let env = Env::new();
    env.init_records();
    hundred_hosts(&env);
    let before = commit_count(&env.records);
    for (bad, says) in [
        ("0/3", "K must be from 1 to 3"),
        ("4/3", "K must be from 1 to 3"),
        ("1/0", "N must be at least 1"),
        ("2", "is not K/N"),
        ("a/3", "is not a whole number"),
    ] {
        let out = env
            .ops()
            .current_dir(&env.records)
            .args(["inspect", "host", "--shard", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(64), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{bad}: {}", stderr(&out));
    }
    assert_eq!(commit_count(&env.records), before);
}

#[test]
fn a_named_host_is_in_one_shard_of_two_and_the_other_says_it_holds_none() {
    let env = Env::new();
    env.init_records();
    let names = hundred_hosts(&env);
    let name = &names[0];
    let mut holding = Vec::new();
    for k in 1..=2 {
        let shard = format!("{k}/2");
        let out = env
            .ops()
            .current_dir(&env.records)
            .args([
                "inspect", "host", name, "--shard", &shard, "--format", "json",
            ])
            .args(["--connect-timeout", "5s"])
            .output()
            .unwrap();
        let run = json(&out);
        match run["targets"].as_array().unwrap().len() {
            1 => {
                assert_eq!(run["targets"][0]["target"], name.as_str());
                assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
                holding.push(k);
            }
            0 => {
                assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
                let says =
                    format!("nothing to inspect (shard {shard} holds none of the 1 selected)");
                assert!(stderr(&out).contains(&says), "{}", stderr(&out));
            }
            n => panic!("{n} targets for one name"),
        }
    }
    assert_eq!(holding.len(), 1, "{name} is in shards {holding:?}");
}
