//! `ops sync` end to end: two jump hosts' records repositories (clones) and
//! a bare remote repository on disk, real git, the real binary.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use support::*;

/// A bare remote and the records repository of jump host A, set up to sync
/// with it (ops.toml `[records] remote`, committed).
struct Site {
    env: Env,
    bare: PathBuf,
}

impl Site {
    fn new() -> Site {
        let env = Env::new();
        env.init_records();
        let bare = env.dir.path().join("remote.git");
        let out = git_command()
            .args(["init", "-q", "--bare", "--initial-branch=main"])
            .arg(&bare)
            .output()
            .unwrap();
        assert_success(&out);
        let site = Site { env, bare };
        site.configure(
            &site.a(),
            &format!("remote = {:?}\n", site.bare.display().to_string()),
        );
        site
    }

    fn a(&self) -> PathBuf {
        self.env.records.clone()
    }

    fn b(&self) -> PathBuf {
        self.env.dir.path().join("records-b")
    }

    /// Append `[records]` with `body` to `repo`'s ops.toml and commit it with git.
    fn configure(&self, repo: &Path, body: &str) {
        let path = repo.join("ops.toml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("\n[records]\n");
        text.push_str(body);
        std::fs::write(&path, text).unwrap();
        git(repo, &["commit", "-q", "-am", "configure [records]"]);
    }

    /// Jump host B: a clone of the remote (after A's first sync).
    fn clone_b(&self) {
        let out = git_command()
            .args(["clone", "-q"])
            .arg(&self.bare)
            .arg(self.b())
            .output()
            .unwrap();
        assert_success(&out);
    }

    fn ops(&self, repo: &Path, now: &str, args: &[&str]) -> Command {
        let mut cmd = self.env.ops();
        cmd.arg("--records")
            .arg(repo)
            .env("OPS_NOW", now)
            .args(args)
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, repo: &Path, now: &str, args: &[&str]) -> Output {
        self.ops(repo, now, args).output().unwrap()
    }

    fn ok(&self, repo: &Path, now: &str, args: &[&str]) -> Output {
        let out = self.run(repo, now, args);
        assert_success(&out);
        out
    }

    fn spawn(&self, repo: &Path, now: &str, args: &[&str]) -> Child {
        self.ops(repo, now, args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }
}

fn head(repo: &Path) -> String {
    git(repo, &["rev-parse", "HEAD"]).trim().to_owned()
}

fn wait_ok(child: Child) -> Output {
    let out = child.wait_with_output().unwrap();
    assert_success(&out);
    out
}

/// Every file of the work tree, `.git` left out.
fn records_files(repo: &Path) -> Vec<String> {
    files_under(repo)
        .into_iter()
        .filter(|f| !f.starts_with(".git/"))
        .collect()
}

fn assert_no_conflict_markers(repo: &Path) {
    for f in records_files(repo) {
        let text = std::fs::read(repo.join(&f)).unwrap();
        let text = String::from_utf8_lossy(&text);
        assert!(
            !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
            "conflict markers in {f}:\n{text}"
        );
    }
}

#[test]
fn two_jump_hosts_writing_the_same_ticket_at_once_both_keep_everything() {
    let site = Site::new();
    let (a, b) = (site.a(), site.b());
    // A's first sync fills the empty remote.
    let out = site.ok(&a, NOW, &["sync"]);
    assert!(stderr(&out).contains("pushed"), "{}", stderr(&out));
    assert_eq!(git(&site.bare, &["rev-parse", "main"]).trim(), head(&a));
    site.clone_b();
    // A ticket entered on A, synced to B.
    let mut new = TICKET_NEW.to_vec();
    new.extend(["--received", NOW]);
    let id = stdout(&site.ok(&a, NOW, &new)).trim().to_owned();
    site.ok(&a, "2026-11-20T09:01:00Z", &["sync"]);
    let out = site.ok(&b, "2026-11-20T09:02:00Z", &["sync"]);
    assert!(
        stderr(&out).contains("took the remote's records"),
        "{}",
        stderr(&out)
    );
    assert_eq!(head(&a), head(&b));

    // Both hosts update the ticket and write a diary entry on it, at once.
    let ta = "2026-11-20T09:10:00Z";
    let tb = "2026-11-20T09:05:00Z";
    let update_a = site.spawn(
        &a,
        ta,
        &["ticket", "update", &id, "--note", "seen from host A"],
    );
    let update_b = site.spawn(
        &b,
        tb,
        &["ticket", "update", &id, "--note", "seen from host B"],
    );
    wait_ok(update_a);
    wait_ok(update_b);
    let diary = |engineer: &str, work: &str| -> Vec<String> {
        [
            "diary",
            "add",
            "--engineer",
            engineer,
            "--work",
            work,
            "--ticket",
            &id,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let da = diary("Li Na", "replaced the PSU of sw-core-1");
    let db = diary("Wang Fang", "checked the uplinks");
    let da: Vec<&str> = da.iter().map(String::as_str).collect();
    let db: Vec<&str> = db.iter().map(String::as_str).collect();
    let diary_a = site.spawn(&a, "2026-11-20T09:20:00Z", &da);
    let diary_b = site.spawn(&b, "2026-11-20T09:15:00Z", &db);
    wait_ok(diary_a);
    wait_ok(diary_b);
    let (a_before, b_before) = (head(&a), head(&b));

    // Both sync at once: one pushes first, the other merges (and retries
    // when the first pushed between its fetch and its push); then both again.
    let sync_a = site.spawn(&a, "2026-11-20T09:30:00Z", &["sync"]);
    let sync_b = site.spawn(&b, "2026-11-20T09:30:00Z", &["sync"]);
    let (out_a, out_b) = (wait_ok(sync_a), wait_ok(sync_b));
    let said = format!("A: {}\nB: {}", stderr(&out_a), stderr(&out_b));
    eprintln!("{said}");
    assert!(said.contains("merged by their events: tickets/"), "{said}");
    site.ok(&a, "2026-11-20T09:31:00Z", &["sync"]);
    site.ok(&b, "2026-11-20T09:31:00Z", &["sync"]);
    let remote = git(&site.bare, &["rev-parse", "main"]).trim().to_owned();
    assert_eq!(head(&a), remote);
    assert_eq!(head(&b), remote);

    // Both histories are in the remote, joined by a merge commit.
    for side in [&a_before, &b_before] {
        let out = git_command()
            .arg("-C")
            .arg(&site.bare)
            .args(["merge-base", "--is-ancestor", side, "main"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{side} is not in the remote's history"
        );
    }
    let log = git(&site.bare, &["log", "--format=%s", "main"]);
    assert_eq!(
        log.matches(&format!("ticket {id}: note")).count(),
        2,
        "{log}"
    );
    assert!(log.contains("diary: Li Na"), "{log}");
    assert!(log.contains("diary: Wang Fang"), "{log}");
    let merges = git(&site.bare, &["rev-list", "--merges", "main"]);
    assert!(!merges.trim().is_empty(), "no merge commit:\n{log}");
    let parents = git(
        &site.bare,
        &["log", "-1", "--merges", "--format=%P", "main"],
    );
    assert_eq!(parents.split_whitespace().count(), 2, "{parents}");

    // Every record on both hosts; the ticket holds both sides' events.
    let files = records_files(&a);
    assert_eq!(files, records_files(&b));
    let diaries: Vec<&String> = files.iter().filter(|f| f.starts_with("diary/")).collect();
    assert_eq!(diaries.len(), 2, "{files:?}");
    for repo in [&a, &b] {
        let show = stdout(&site.ok(repo, "2026-11-20T09:40:00Z", &["ticket", "show", &id]));
        assert!(show.contains("seen from host A"), "{show}");
        assert!(show.contains("seen from host B"), "{show}");
        let json = json(&site.ok(
            repo,
            "2026-11-20T09:40:00Z",
            &["ticket", "show", &id, "--format", "json"],
        ));
        let text = json.to_string();
        for d in &diaries {
            assert!(text.contains(d.as_str()), "{d} not linked: {text}");
        }
        assert_no_conflict_markers(repo);
        assert_eq!(
            git(repo, &["status", "--porcelain"]),
            "",
            "work tree not clean"
        );
        git(repo, &["fsck", "--no-progress"]);
    }
    git(&site.bare, &["fsck", "--no-progress"]);
    // The events are in time order in the file: B's note (09:05) before A's (09:10).
    let ticket_file = files.iter().find(|f| f.starts_with("tickets/")).unwrap();
    let text = std::fs::read_to_string(a.join(ticket_file)).unwrap();
    let (pos_b, pos_a) = (
        text.find("seen from host B").unwrap(),
        text.find("seen from host A").unwrap(),
    );
    assert!(pos_b < pos_a, "{text}");
}

#[test]
fn a_push_that_cannot_be_made_keeps_the_commit_locally() {
    let site = Site::new();
    let a = site.a();
    // A remote that is not there, then an SSH remote on a closed loopback port.
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let missing = site.env.dir.path().join("nowhere.git");
    for remote in [
        missing.display().to_string(),
        format!("ssh://ops@127.0.0.1:{closed_port}/srv/records.git"),
    ] {
        let path = a.join("ops.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let start = text.find("\n[records]\n").unwrap();
        std::fs::write(
            &path,
            format!("{}\n[records]\nremote = {remote:?}\n", &text[..start]),
        )
        .unwrap();
        git(&a, &["commit", "-q", "-am", "another remote"]);
        let before = head(&a);
        let out = site.run(&a, NOW, &["sync"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(75), "{err}");
        assert!(err.contains("committed locally"), "{err}");
        assert!(err.contains("not pushed"), "{err}");
        assert_eq!(head(&a), before);
    }

    // The sync after a write: the ticket is recorded, the failure said.
    let path = a.join("ops.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("sync = \"after-write\"\n");
    std::fs::write(&path, text).unwrap();
    git(&a, &["commit", "-q", "-am", "sync after every write"]);
    let before = head(&a);
    let mut new = TICKET_NEW.to_vec();
    new.extend(["--received", NOW]);
    let out = site.run(&a, NOW, &new);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(75), "{err}");
    assert!(err.contains("committed locally"), "{err}");
    let id = stdout(&out).trim().to_owned();
    assert!(id.starts_with("T-"), "{}", stdout(&out));
    assert_ne!(head(&a), before);
    assert_eq!(git(&a, &["rev-parse", "HEAD~1"]).trim(), before);
    let log = git(&a, &["log", "-1", "--format=%s"]);
    assert!(log.starts_with(&format!("ticket {id}")), "{log}");
    site.ok(&a, NOW, &["ticket", "show", &id]);
}

#[test]
fn the_sync_after_a_write_pushes_it() {
    let site = Site::new();
    let a = site.a();
    let path = a.join("ops.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("sync = \"after-write\"\n");
    std::fs::write(&path, text).unwrap();
    git(&a, &["commit", "-q", "-am", "sync after every write"]);
    let mut new = TICKET_NEW.to_vec();
    new.extend(["--received", NOW]);
    let out = site.ok(&a, NOW, &new);
    assert!(stderr(&out).contains("synced with"), "{}", stderr(&out));
    assert_eq!(git(&site.bare, &["rev-parse", "main"]).trim(), head(&a));
    // A reader does not sync.
    let out = site.ok(&a, NOW, &["ticket", "list"]);
    assert!(!stderr(&out).contains("synced with"), "{}", stderr(&out));
}

#[test]
fn a_file_changed_on_both_sides_that_has_no_events_stops_the_sync() {
    let site = Site::new();
    let (a, b) = (site.a(), site.b());
    site.ok(&a, NOW, &["sync"]);
    site.clone_b();
    for (repo, name) in [(&a, "web-a"), (&b, "web-b")] {
        let path = repo.join("inventory.toml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&format!("\n# {name} goes here\n"));
        std::fs::write(&path, text).unwrap();
        git(
            repo,
            &["commit", "-q", "-am", &format!("inventory: {name}")],
        );
    }
    site.ok(&a, NOW, &["sync"]);
    let before = head(&b);
    let out = site.run(&b, NOW, &["sync"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("inventory.toml"), "{err}");
    assert!(err.contains("cannot sync"), "{err}");
    assert_eq!(head(&b), before);
    assert_eq!(git(&b, &["status", "--porcelain"]), "");
    assert_no_conflict_markers(&b);
    // The remote is as A left it.
    assert_eq!(git(&site.bare, &["rev-parse", "main"]).trim(), head(&a));
}

/// An SSH agent of the test's own, stopped when dropped.
struct Agent {
    child: Child,
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Agent {
    fn start(key: &Path) -> Agent {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("agent.sock");
        let child = Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(&socket)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ssh-agent");
        let waited = std::time::Instant::now();
        while !socket.exists() && waited.elapsed() < std::time::Duration::from_secs(10) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let out = Command::new("ssh-add")
            .arg(key)
            .env("SSH_AUTH_SOCK", &socket)
            .output()
            .unwrap();
        assert_success(&out);
        Agent {
            child,
            socket,
            _dir: dir,
        }
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn an_ssh_remote_is_reached_with_the_agent_and_a_known_host_key_only() {
    if !support::sshd::sshd_available() {
        eprintln!("skipped: no /usr/sbin/sshd");
        return;
    }
    let sshd = support::sshd::Sshd::start();
    let agent = Agent::start(&sshd.client_key);
    // The remote, in a directory the server's account can use.
    let shared = tempfile::tempdir().unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(shared.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bare = shared.path().join("records.git");
    let out = git_command()
        .args(["init", "-q", "--bare", "--initial-branch=main"])
        .arg(&bare)
        .output()
        .unwrap();
    assert_success(&out);
    let out = Command::new("chown")
        .arg("-R")
        .arg(&sshd.user)
        .arg(&bare)
        .output()
        .unwrap();
    assert_success(&out);

    let env = Env::new();
    env.init_records();
    // The remote belongs to the server's account: git run here trusts it.
    let trusting = env.write("trusting.gitconfig", "[safe]\n\tdirectory = *\n");
    let git = |repo: &Path, args: &[&str]| -> String {
        let out = git_command()
            .env("GIT_CONFIG_GLOBAL", &trusting)
            .arg("-C")
            .arg(repo)
            .args(args)
            .output()
            .unwrap();
        assert_success(&out);
        stdout(&out)
    };
    let url = format!(
        "ssh://{}@127.0.0.1:{}{}",
        sshd.user,
        sshd.port,
        bare.display()
    );
    let path = env.records.join("ops.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!("\n[records]\nremote = {url:?}\n"));
    std::fs::write(&path, text).unwrap();
    git(&env.records, &["commit", "-q", "-am", "ssh remote"]);
    let sync = || {
        env.ops()
            .arg("--records")
            .arg(&env.records)
            .arg("sync")
            .env("SSH_AUTH_SOCK", &agent.socket)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };

    // Not in known_hosts: refused, nothing pushed.
    let out = sync();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(75), "{err}");
    assert!(err.contains("is not in"), "{err}");
    assert!(err.contains("committed locally"), "{err}");
    let listed = git(&bare, &["for-each-ref"]);
    assert_eq!(listed, "", "{listed}");

    // Known: pushed with the agent's key.
    std::fs::write(
        env.home.join(".ssh/known_hosts"),
        sshd.known_hosts_line("127.0.0.1"),
    )
    .unwrap();
    let out = sync();
    assert_success(&out);
    assert!(stderr(&out).contains("pushed"), "{}", stderr(&out));
    assert_eq!(
        git(&bare, &["rev-parse", "main"]).trim(),
        head(&env.records)
    );

    // A commit made elsewhere comes back by the same way.
    let other = env.dir.path().join("other");
    git(
        env.dir.path(),
        &[
            "clone",
            "-q",
            &bare.display().to_string(),
            &other.display().to_string(),
        ],
    );
    std::fs::write(other.join("notes.txt"), "from elsewhere\n").unwrap();
    git(&other, &["add", "notes.txt"]);
    git(&other, &["commit", "-q", "-m", "notes from elsewhere"]);
    git(&other, &["push", "-q", "origin", "main"]);
    let out = sync();
    assert_success(&out);
    assert!(env.records.join("notes.txt").is_file());
    assert_eq!(head(&env.records), head(&other));
}

#[test]
fn tickets_two_jump_hosts_numbered_alike_while_apart_are_both_kept_under_two_ids() {
    let site = Site::new();
    let (a, b) = (site.a(), site.b());
    site.ok(&a, NOW, &["sync"]);
    site.clone_b();
    // Apart, each enters its customer's request: both get the day's first id.
    let entered = |repo: &Path, customer: &str, problem: &str| -> String {
        let mut args: Vec<&str> = TICKET_NEW.to_vec();
        let at = args.iter().position(|a| *a == "--customer").unwrap();
        args[at + 1] = customer;
        let at = args.iter().position(|a| *a == "--problem").unwrap();
        args[at + 1] = problem;
        args.extend(["--received", NOW]);
        stdout(&site.ok(repo, NOW, &args)).trim().to_owned()
    };
    let id_a = entered(&a, "ACME", "core switch reloads");
    let id_b = entered(&b, "Bank B", "tape library offline");
    assert_eq!(id_a, id_b, "both hosts number the day's first ticket alike");
    // B writes a diary entry on its ticket: it must follow the renumbering.
    site.ok(
        &b,
        "2026-11-20T09:20:00Z",
        &[
            "diary",
            "add",
            "--engineer",
            "Wang Fang",
            "--work",
            "reseated the tape drive",
            "--ticket",
            &id_b,
        ],
    );
    site.ok(&a, "2026-11-20T09:30:00Z", &["sync"]);
    let out = site.ok(&b, "2026-11-20T09:31:00Z", &["sync"]);
    let said = stderr(&out);
    let renumbered = id_b.replace("-0001", "-0002");
    assert!(
        said.contains(&format!("renumbered our {id_b} as {renumbered}")),
        "{said}"
    );
    site.ok(&a, "2026-11-20T09:32:00Z", &["sync"]);
    assert_eq!(head(&a), head(&b));
    let customer = |repo: &Path, id: &str| -> String {
        let out = site.ok(
            repo,
            "2026-11-20T09:40:00Z",
            &["ticket", "show", id, "--format", "json"],
        );
        json(&out)["customer"].as_str().unwrap().to_owned()
    };
    for repo in [&a, &b] {
        assert_eq!(customer(repo, &id_a), "ACME");
        assert_eq!(customer(repo, &renumbered), "Bank B");
        // The diary entry names B's ticket by its new id, and nothing of
        // B's still names the old one.
        let naming = git(repo, &["grep", "-l", &renumbered]);
        assert!(naming.contains("diary/"), "{naming}");
        assert!(!git(repo, &["log", "-1", "--format=%s"]).is_empty());
    }
    let log = git(&b, &["log", "--format=%s"]);
    assert!(
        log.contains(&format!("sync: renumber {id_b} as {renumbered}")),
        "{log}"
    );
    assert_no_conflict_markers(&b);
    let fsck = git_command()
        .arg("-C")
        .arg(&b)
        .args(["fsck", "--strict"])
        .output()
        .unwrap();
    assert_success(&fsck);
}

#[test]
fn diary_entries_numbered_alike_on_two_jump_hosts_are_both_kept_and_linked() {
    let site = Site::new();
    let (a, b) = (site.a(), site.b());
    let mut new = TICKET_NEW.to_vec();
    new.extend(["--received", NOW]);
    let id = stdout(&site.ok(&a, NOW, &new)).trim().to_owned();
    site.ok(&a, NOW, &["sync"]);
    site.clone_b();
    // The same engineer writes the day's first entry on each host, apart.
    let entry = |repo: &Path, work: &str| {
        site.ok(
            repo,
            "2026-11-20T10:00:00Z",
            &[
                "diary",
                "add",
                "--engineer",
                "Li Na",
                "--work",
                work,
                "--ticket",
                &id,
            ],
        );
    };
    entry(&a, "replaced the PSU of sw-core-1");
    entry(&b, "checked the uplinks of sw-core-1");
    site.ok(&a, "2026-11-20T10:10:00Z", &["sync"]);
    let out = site.ok(&b, "2026-11-20T10:11:00Z", &["sync"]);
    let said = stderr(&out);
    assert!(said.contains("renumbered our diary/2026/"), "{said}");
    site.ok(&a, "2026-11-20T10:12:00Z", &["sync"]);
    assert_eq!(head(&a), head(&b));
    for repo in [&a, &b] {
        let entries: Vec<String> = records_files(repo)
            .into_iter()
            .filter(|f| f.starts_with("diary/"))
            .collect();
        assert_eq!(entries.len(), 2, "{entries:?}");
        let texts: Vec<String> = entries
            .iter()
            .map(|f| std::fs::read_to_string(repo.join(f)).unwrap())
            .collect();
        assert!(texts.iter().any(|t| t.contains("replaced the PSU")));
        assert!(texts.iter().any(|t| t.contains("checked the uplinks")));
        // The ticket links both entries, each under its own name.
        let ticket = git(repo, &["grep", "-h", "diary/2026/", "--", "tickets/"]);
        for f in &entries {
            assert!(ticket.contains(f.as_str()), "{f} not linked:\n{ticket}");
        }
    }
    assert_no_conflict_markers(&b);
}
