//! A real OpenSSH server on loopback for tests: throwaway host and client
//! keys, its own config, stopped when dropped (also when a test panics).
//!
//! As root, it lets in a dedicated unprivileged account (`opstest`, created
//! on first use) so tests exercise what a real target allows; otherwise it
//! lets in the user running the tests.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const TEST_USER: &str = "opstest";

pub struct Sshd {
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub user: String,
    pub addresses: Vec<String>,
    /// Client private key that the server accepts.
    pub client_key: PathBuf,
    /// The server's public host key line (`ssh-ed25519 AAAA…`).
    pub host_key_pub: String,
    child: Child,
}

#[derive(Default, Clone)]
pub struct Options {
    /// Extra sshd_config lines.
    pub extra: Vec<String>,
    /// Listen on these loopback addresses (default 127.0.0.1).
    pub addresses: Vec<String>,
    /// Files or directories bind-mounted over system paths (source, target)
    /// for the server and its sessions only, in a mount namespace of their
    /// own (root only): a test can change a target's /etc/passwd without
    /// touching the machine's.
    pub binds: Vec<(PathBuf, PathBuf)>,
    /// Run the server inside this network namespace (`ip netns exec`, root
    /// only); `addresses` are then that namespace's.
    pub netns: Option<String>,
}

pub fn sshd_available() -> bool {
    Path::new("/usr/sbin/sshd").exists()
}

impl Sshd {
    pub fn start() -> Sshd {
        Sshd::start_with(Options::default())
    }

    pub fn start_with(opts: Options) -> Sshd {
        assert!(
            sshd_available(),
            "/usr/sbin/sshd is missing: install openssh-server (.ci/run does)"
        );
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let user = if super::is_root() {
            ensure_test_user()
        } else {
            super::whoami()
        };
        keygen(&d.join("host_ed25519"));
        keygen(&d.join("client_ed25519"));
        let client_pub = std::fs::read_to_string(d.join("client_ed25519.pub")).unwrap();
        std::fs::write(d.join("authorized_keys"), &client_pub).unwrap();
        let host_key_pub = std::fs::read_to_string(d.join("host_ed25519.pub")).unwrap();
        let host_key_pub = host_key_pub
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        let addresses = if opts.addresses.is_empty() {
            vec!["127.0.0.1".to_string()]
        } else {
            opts.addresses.clone()
        };
        let port = free_port();
        let mut config = format!("Port {port}\n");
        for a in &addresses {
            config.push_str(&format!("ListenAddress {a}\n"));
        }
        config.push_str(&format!(
            "HostKey {host}\nPidFile {pid}\nAuthorizedKeysFile {auth}\nAllowUsers {user}\n\
             StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             PubkeyAuthentication yes\nPermitRootLogin prohibit-password\nUseDNS no\nPrintMotd no\n\
             PrintLastLog no\nMaxStartups 200:30:300\nMaxSessions 50\nLoginGraceTime 20\n\
             AllowTcpForwarding yes\nLogLevel VERBOSE\n",
            host = d.join("host_ed25519").display(),
            pid = d.join("sshd.pid").display(),
            auth = d.join("authorized_keys").display(),
        ));
        for line in &opts.extra {
            config.push_str(line);
            config.push('\n');
        }
        std::fs::write(d.join("sshd_config"), config).unwrap();
        std::fs::create_dir_all("/run/sshd").ok();
        let log = std::fs::File::create(d.join("sshd.log")).unwrap();
        let mut command = if let Some(ns) = &opts.netns {
            assert!(
                opts.binds.is_empty(),
                "netns and binds together are not supported"
            );
            let mut c = Command::new("ip");
            c.args(["netns", "exec", ns, "/usr/sbin/sshd", "-D", "-e", "-f"])
                .arg(d.join("sshd_config"));
            c
        } else if opts.binds.is_empty() {
            let mut c = Command::new("/usr/sbin/sshd");
            c.args(["-D", "-e", "-f"]).arg(d.join("sshd_config"));
            c
        } else {
            assert!(super::is_root(), "bind mounts for sshd need root");
            let mut script = String::new();
            for (i, _) in opts.binds.iter().enumerate() {
                script.push_str(&format!("mount --bind \"$SRC{i}\" \"$DST{i}\" && "));
            }
            script.push_str("exec /usr/sbin/sshd -D -e -f \"$CONFIG\"");
            let mut c = Command::new("unshare");
            c.args(["-m", "--propagation", "private", "sh", "-c", &script])
                .env("CONFIG", d.join("sshd_config"));
            for (i, (src, dst)) in opts.binds.iter().enumerate() {
                c.env(format!("SRC{i}"), src).env(format!("DST{i}"), dst);
            }
            c
        };
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start sshd");
        let client_key = d.join("client_ed25519");
        let sshd = Sshd {
            dir,
            port,
            user,
            addresses,
            client_key,
            host_key_pub,
            child,
        };
        if opts.netns.is_some() {
            sshd.wait_logged_listening();
        } else {
            sshd.wait_listening();
        }
        sshd
    }

    fn wait_listening(&self) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if std::net::TcpStream::connect((self.addresses[0].as_str(), self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("sshd did not start; log:\n{}", self.log());
    }

    /// Inside a namespace the test cannot connect to it: wait for sshd to say.
    fn wait_logged_listening(&self) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if self.log().contains("Server listening on") {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("sshd did not start; log:\n{}", self.log());
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("sshd.log")).unwrap_or_default()
    }

    /// A known_hosts line for `address` on this server.
    pub fn known_hosts_line(&self, address: &str) -> String {
        format!("[{address}]:{} {}\n", self.port, self.host_key_pub)
    }

    /// Install the client key as the default identity of `home` and trust this
    /// server's key for all its addresses.
    pub fn trust_from(&self, home: &Path) {
        let ssh = home.join(".ssh");
        std::fs::create_dir_all(&ssh).unwrap();
        std::fs::copy(&self.client_key, ssh.join("id_ed25519")).unwrap();
        let mut lines = String::new();
        for a in &self.addresses {
            lines.push_str(&self.known_hosts_line(a));
        }
        std::fs::write(ssh.join("known_hosts"), lines).unwrap();
    }

    /// `user@address:port` for the first address.
    pub fn target(&self) -> String {
        format!("{}@{}:{}", self.user, self.addresses[0], self.port)
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygen(path: &Path) {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "ops-test", "-f"])
        .arg(path)
        .output()
        .expect("ssh-keygen");
    assert!(out.status.success(), "ssh-keygen failed");
}

/// A port that was free a moment ago (the race with other tests is tiny and
/// sshd failing to bind shows up as a clear start failure).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The unprivileged account the server lets in when tests run as root.
pub fn ensure_test_user() -> String {
    let exists = Command::new("id")
        .arg(TEST_USER)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !exists {
        // Several test binaries may race to create it; a second useradd failing is fine.
        let _ = Command::new("useradd")
            .args(["-m", "-s", "/bin/sh", "-c", "ops test target", TEST_USER])
            .output();
        let _ = Command::new("usermod")
            .args(["-p", "*", TEST_USER])
            .output();
    }
    TEST_USER.to_string()
}
