//! A real BusyBox host, inspected end to end with `ops inspect host` over
//! SSH: an OpenSSH server on loopback whose `ChrootDirectory` holds Debian's
//! `busybox` and nothing else. Every directory of the login's PATH (and of
//! the script's own: /usr/local/sbin … /bin) holds BusyBox applet links
//! only, so the login shell (`/bin/sh`) is `busybox sh` and every command
//! the collection script runs is a BusyBox applet: `df`, `ps`, `ip`,
//! `timeout`, `dmesg`, `adjtimex`… The kernel files come from a private
//! mount namespace (a fresh /proc of its own PID namespace, /sys, /dev/null,
//! and the root bound onto itself so that the chroot has a `/` mount for
//! df), which dies with the server.
//!
//! Needs root (sshd chroots only as root) and /bin/busybox; without them
//! the test says so and passes.

mod support;

use serde_json::Value;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::*;

const USER: &str = support::sshd::TEST_USER;

struct BusyBoxHost {
    /// The chroot: removed when the test ends.
    _root: tempfile::TempDir,
    conf: tempfile::TempDir,
    port: u16,
    host_key_pub: String,
    child: Child,
}

impl Drop for BusyBoxHost {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ensure_user() -> (u32, u32) {
    let _ = Command::new("useradd")
        .args(["-m", "-s", "/bin/sh", "-c", "ops test target", USER])
        .output();
    let _ = Command::new("usermod").args(["-p", "*", USER]).output();
    let uid = run(Command::new("id").args(["-u", USER]))
        .trim()
        .parse()
        .unwrap();
    let gid = run(Command::new("id").args(["-g", USER]))
        .trim()
        .parse()
        .unwrap();
    (uid, gid)
}

/// The root filesystem: busybox, the C library it links, applet links
/// where `busybox --list-full` puts them, and a few files of /etc and /var.
fn build_root(root: &Path, uid: u32, gid: u32) {
    for d in [
        "bin",
        "sbin",
        "usr/bin",
        "usr/sbin",
        "usr/local/bin",
        "usr/local/sbin",
        "lib64",
        "etc",
        "proc",
        "sys",
        "dev",
        "tmp",
        "var/log",
        "home",
    ] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::copy("/bin/busybox", root.join("bin/busybox")).unwrap();
    for line in run(Command::new("ldd").arg("/bin/busybox")).lines() {
        // `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)` or
        // `/lib64/ld-linux-x86-64.so.2 (0x…)`.
        let path = match line.split_once("=>") {
            Some((_, rest)) => rest.split_whitespace().next(),
            None => line.split_whitespace().next(),
        };
        if let Some(p) = path.filter(|p| p.starts_with('/')) {
            let dest = root.join(p.trim_start_matches('/'));
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(p, &dest).unwrap();
        }
    }
    for applet in run(Command::new("/bin/busybox").arg("--list-full")).lines() {
        let link = root.join(applet);
        if applet.is_empty() || link.exists() {
            continue;
        }
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        symlink("/bin/busybox", &link).unwrap();
    }
    std::fs::write(
        root.join("etc/os-release"),
        "NAME=\"BusyBox\"\nID=busybox\nVERSION_ID=1.35.0\nPRETTY_NAME=\"BusyBox 1.35.0 test host\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("etc/passwd"),
        format!(
            "root:x:0:0:root:/root:/bin/sh\n{USER}:x:{uid}:{gid}:ops test:/home/{USER}:/bin/sh\n"
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("etc/group"),
        format!("root:x:0:\n{USER}:x:{gid}:\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("etc/login.defs"),
        "# shadow's settings, as an image carries them\nPASS_MAX_DAYS\t30\nPASS_MIN_LEN\t12\n",
    )
    .unwrap();
    std::fs::write(root.join("etc/hosts"), "127.0.0.1\tlocalhost\n").unwrap();
    // What BusyBox syslogd writes: one error, older than a day; the rest
    // of today is quiet.
    let now = chrono::Local::now();
    let old = now - chrono::Duration::days(3);
    let messages = format!(
        "{} bbhost daemon.err app[12]: connection to db failed\n\
         {} bbhost daemon.info app[12]: started\n",
        old.format("%b %e %H:%M:%S"),
        now.format("%b %e %H:%M:%S"),
    );
    std::fs::write(root.join("var/log/messages"), messages).unwrap();
    std::fs::write(root.join("dev/null"), "").unwrap();
    let home = root.join("home").join(USER);
    std::fs::create_dir_all(&home).unwrap();
    run(Command::new("chown").arg(format!("{uid}:{gid}")).arg(&home));
    std::fs::set_permissions(root.join("tmp"), std::fs::Permissions::from_mode(0o1777)).unwrap();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn start() -> Option<BusyBoxHost> {
    if !is_root() || !Path::new("/bin/busybox").exists() || !support::sshd::sshd_available() {
        eprintln!("busybox_host: needs root, /bin/busybox and sshd; not run");
        return None;
    }
    let (uid, gid) = ensure_user();
    // sshd wants every component of the chroot path root-owned and not
    // writable by others: /tmp is not, /var/lib is (and is on a disk, which
    // the chroot's `/` shows df).
    let root = tempfile::Builder::new()
        .prefix("ops-busybox-")
        .tempdir_in("/var/lib")
        .unwrap();
    build_root(root.path(), uid, gid);
    let conf = tempfile::tempdir().unwrap();
    let c = conf.path();
    for k in ["host_ed25519", "client_ed25519"] {
        run(Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", "ops-test", "-f"])
            .arg(c.join(k)));
    }
    std::fs::copy(c.join("client_ed25519.pub"), c.join("authorized_keys")).unwrap();
    let host_key_pub = std::fs::read_to_string(c.join("host_ed25519.pub"))
        .unwrap()
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let port = support::sshd::free_port();
    let config = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {c}/host_ed25519\nPidFile {c}/sshd.pid\n\
         AuthorizedKeysFile {c}/authorized_keys\nAllowUsers {USER}\nStrictModes no\nUsePAM no\n\
         PasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n\
         UseDNS no\nPrintMotd no\nPrintLastLog no\nLoginGraceTime 20\nLogLevel VERBOSE\n\
         ChrootDirectory {root}\n",
        c = c.display(),
        root = root.path().display(),
    );
    std::fs::write(c.join("sshd_config"), config).unwrap();
    std::fs::create_dir_all("/run/sshd").ok();
    let r = root.path().display().to_string();
    let setup = format!(
        "mount --rbind {r} {r} && mount --rbind /sys {r}/sys && \
         mount --bind /dev/null {r}/dev/null && \
         exec /usr/sbin/sshd -D -e -f {c}/sshd_config",
        c = c.display()
    );
    let log = std::fs::File::create(c.join("sshd.log")).unwrap();
    let child = Command::new("unshare")
        .args([
            "--mount",
            "--propagation",
            "private",
            "--pid",
            "--fork",
            "--kill-child",
        ])
        .arg(format!("--mount-proc={r}/proc"))
        .args(["sh", "-c", &setup])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("unshare");
    let host = BusyBoxHost {
        _root: root,
        conf,
        port,
        host_key_pub,
        child,
    };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "sshd did not start: {}",
            std::fs::read_to_string(host.conf.path().join("sshd.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(host)
}

fn trust(host: &BusyBoxHost, home: &Path) -> PathBuf {
    let ssh = home.join(".ssh");
    std::fs::create_dir_all(&ssh).unwrap();
    std::fs::copy(
        host.conf.path().join("client_ed25519"),
        ssh.join("id_ed25519"),
    )
    .unwrap();
    std::fs::write(
        ssh.join("known_hosts"),
        format!("[127.0.0.1]:{} {}\n", host.port, host.host_key_pub),
    )
    .unwrap();
    ssh
}

#[test]
fn a_busybox_host_is_inspected_over_ssh_with_nothing_misparsed() {
    let Some(host) = start() else { return };
    let env = Env::new();
    trust(&host, &env.home);
    env.init_records();
    let dir = &env.records;
    std::fs::write(
        dir.join("inventory.toml"),
        format!(
            "[defaults]\nuser = \"{USER}\"\nport = {}\n[[host]]\nname = \"bb\"\naddress = \"127.0.0.1\"\n",
            host.port
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("ops.toml"),
        // The machine running the tests is loaded by other builds and its
        // disks and memory are as full as they are: that is not what this test
        // judges (how each figure was read is, below).
        "[thresholds.host]\ngateway_ping = false\nresolve = [\"localhost\"]\n\
         load_per_core = { warn = 1000.0, crit = 2000.0 }\n\
         fs_used_pct = { warn = 99.98, crit = 99.99 }\n\
         inodes_used_pct = { warn = 99.98, crit = 99.99 }\n\
         swap_used_pct = { warn = 99.98, crit = 99.99 }\n\
         mem_available_pct = { warn = 0.02, crit = 0.01 }\n",
    )
    .unwrap();
    let out = env
        .ops()
        .current_dir(dir)
        .args(["inspect", "host", "bb", "--format", "json", "--no-record"])
        .output()
        .unwrap();
    let run: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}\nsshd: {}",
            stdout(&out),
            stderr(&out),
            std::fs::read_to_string(host.conf.path().join("sshd.log")).unwrap_or_default()
        )
    });
    let t = &run["targets"][0];
    assert_eq!(t["error"], Value::Null, "{t}");
    let findings = t["findings"].as_array().unwrap();
    let find = |check: &str| {
        findings
            .iter()
            .find(|f| f["check"] == check)
            .unwrap_or_else(|| panic!("no {check}: {findings:#?}"))
    };
    // What the BusyBox applets printed, read right.
    let os = find("os");
    assert_eq!(os["status"], "ok");
    assert!(
        os["message"]
            .as_str()
            .unwrap()
            .starts_with("BusyBox 1.35.0 test host, kernel "),
        "{os}"
    );
    for check in [
        "load",
        "memory",
        "mail.root",
        "password.policy",
        "security.mac",
    ] {
        assert_eq!(find(check)["status"], "ok", "{:#}", find(check));
    }
    assert_eq!(
        find("security.mac")["message"],
        "neither SELinux nor AppArmor is active"
    );
    // BusyBox df (-B1 and -i): the root filesystem is judged.
    let root_fs = findings
        .iter()
        .find(|f| f["check"] == "fs.usage" && f["subject"] == "/")
        .unwrap_or_else(|| panic!("no fs.usage for /: {findings:#?}"));
    assert!(
        root_fs["message"].as_str().unwrap().starts_with("/ "),
        "{root_fs}"
    );
    // BusyBox ip: links, addresses, routes.
    assert!(
        findings.iter().any(|f| f["check"] == "nic"),
        "{findings:#?}"
    );
    assert_ne!(
        find("route.default")["status"],
        "unknown",
        "{:#}",
        find("route.default")
    );
    // The syslog file, without a journal: the old error counted, not recent.
    assert_eq!(
        find("errlog")["message"],
        "0 error-level entries in the last 24 h (syslog file /var/log/messages), 1 since boot"
    );
    assert_eq!(find("services.failed")["status"], "skip");
    assert_eq!(find("updates.security")["status"], "skip");
    // The hardware sections run under BusyBox sh and awk too: no tool, no device.
    for (check, reason) in [
        ("raid.volume", "no RAID controller tool"),
        ("smart.health", "smartctl is not installed"),
        ("ipmi.sensor", "no IPMI device"),
    ] {
        let f = find(check);
        assert_eq!(f["status"], "skip", "{f}");
        assert!(f["message"].as_str().unwrap().starts_with(reason), "{f}");
    }
    // No client to ask: BusyBox adjtimex gives the kernel's own status.
    let ts = find("timesync");
    let msg = ts["message"].as_str().unwrap();
    assert!(msg.contains("adjtimex"), "{ts}");
    // Nothing misparsed: every finding is ok, skip, or unknown with a
    // reason. Two checks judge this machine's own state, which the chroot
    // shares (its kernel clock, its network): a warn or crit there must
    // be what the machine's own tools say, read right.
    for f in findings {
        let status = f["status"].as_str().unwrap();
        let message = f["message"].as_str().unwrap_or("");
        assert!(!message.contains("not understood"), "misparsed: {f:#}");
        match (status, f["check"].as_str().unwrap()) {
            ("ok" | "skip", _) => {}
            ("unknown", _) => assert!(!message.is_empty(), "{f:#}"),
            ("warn", "timesync") => {
                assert!(message.contains("kernel clock status UNSYNC"), "{f:#}");
                assert!(kernel_clock_unsynchronised(), "{f:#}");
            }
            ("crit", "gateway") => {
                let gw = f["subject"].as_str().unwrap();
                let state = neighbour_state(gw);
                assert!(
                    message.ends_with(&format!("neighbour entry {state}")),
                    "{f:#} (ip neigh says {state})"
                );
            }
            _ => panic!("{f:#}"),
        }
    }
}

/// The kernel's STA_UNSYNC bit, as this machine's own adjtimex reads it.
fn kernel_clock_unsynchronised() -> bool {
    let out = run(Command::new("/bin/busybox").arg("adjtimex"));
    let status: u64 = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("status:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("adjtimex status");
    status & 64 != 0
}

/// The neighbour-table state of `address`, as this machine's ip prints it.
fn neighbour_state(address: &str) -> String {
    let out = run(Command::new("ip").args(["neigh", "show", "to", address]));
    out.split_whitespace().last().unwrap_or("none").to_string()
}
