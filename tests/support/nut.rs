//! NUT's `upsd` serving `dummy-ups` drivers on a loopback address of the
//! test's own: UPSes whose state a test switches by rewriting the driver's
//! .dev file.

use super::is_root;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant, SystemTime};

pub const DUMMY_UPS: &str = "/lib/nut/dummy-ups";
/// Debian's /usr/sbin/upsd is a wrapper that reads /etc/nut/nut.conf; the
/// server itself is here.
pub const UPSD: &str = "/lib/nut/upsd";

/// A UPS as healthy as they come: online, charged, in a cool dry room.
pub const ONLINE: &str = "\
ups.status: OL CHRG
battery.charge: 100
battery.runtime: 3600
input.voltage: 230.5
input.transfer.low: 180
input.transfer.high: 260
ups.load: 23
ups.test.result: Done and passed
ups.test.date: 2026-11-01
ambient.temperature: 24.5
ambient.humidity: 45
";

/// A free loopback address of this test process (127.<pid>.<n>.1).
pub fn loopback() -> String {
    static NEXT: AtomicU8 = AtomicU8::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("127.{}.{n}.1", 40 + std::process::id() % 200)
}

/// upsd with one `dummy-ups` driver per UPS, on a loopback address of its own.
pub struct Nut {
    pub dir: tempfile::TempDir,
    pub children: Vec<Child>,
    pub address: String,
    pub port: u16,
    /// The modification time of the newest .dev file written: each rewrite
    /// gets a later one, so the driver (which compares whole seconds) never
    /// misses a change made within the same second.
    pub mtime: SystemTime,
}

impl Nut {
    /// upsd serving `upses` (name, .dev text), with `users` as upsd.users.
    pub fn start(upses: &[(&str, &str)], users: &str) -> Nut {
        for tool in [DUMMY_UPS, UPSD] {
            assert!(
                Path::new(tool).exists(),
                "{tool} is missing: install the Debian package nut-server"
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let state = d.join("state");
        std::fs::create_dir(&state).unwrap();
        let address = loopback();
        let port = TcpListener::bind((address.as_str(), 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut conf = String::new();
        for (name, dev) in upses {
            let path = d.join(format!("{name}.dev"));
            std::fs::write(&path, dev).unwrap();
            conf.push_str(&format!(
                "[{name}]\n  driver = dummy-ups\n  port = {}\n  pollinterval = 1\n  desc = \"test {name}\"\n",
                path.display()
            ));
        }
        std::fs::write(d.join("ups.conf"), conf).unwrap();
        std::fs::write(d.join("upsd.conf"), format!("LISTEN {address} {port}\n")).unwrap();
        std::fs::write(d.join("upsd.users"), users).unwrap();
        use std::os::unix::fs::PermissionsExt;
        for f in ["upsd.conf", "upsd.users"] {
            std::fs::set_permissions(d.join(f), std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let mut nut = Nut {
            children: Vec::new(),
            address,
            port,
            mtime: SystemTime::now(),
            dir,
        };
        for (name, _) in upses {
            let child = nut.spawn(DUMMY_UPS, &["-a", name], &format!("driver-{name}.log"));
            nut.children.push(child);
            let socket = state.join(format!("dummy-ups-{name}"));
            nut.wait_until(&format!("the driver of {name} to make {socket:?}"), || {
                socket.exists()
            });
        }
        let child = nut.spawn(UPSD, &[], "upsd.log");
        nut.children.push(child);
        // Until the driver has read its file, upsd serves ups.status WAIT.
        for (name, dev) in upses {
            nut.wait_for(name, dev);
        }
        nut
    }

    pub fn spawn(&self, program: &str, args: &[&str], log: &str) -> Child {
        let d = self.dir.path();
        let log = std::fs::File::create(d.join(log)).unwrap();
        let mut cmd = Command::new(program);
        cmd.args(args).arg("-F");
        if is_root() {
            // Root would otherwise switch to the nut account, which cannot
            // read the test's directory.
            cmd.args(["-u", "root"]);
        }
        cmd.env("NUT_CONFPATH", d)
            .env("NUT_STATEPATH", d.join("state"))
            .env("NUT_ALTPIDPATH", d.join("state"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e}"))
    }

    pub fn wait_until(&self, what: &str, mut done: impl FnMut() -> bool) {
        let until = Instant::now() + Duration::from_secs(20);
        while !done() {
            if Instant::now() > until {
                panic!("timed out waiting for {what}\n{}", self.logs());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn logs(&self) -> String {
        let mut out = String::new();
        for e in std::fs::read_dir(self.dir.path()).unwrap().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "log") {
                out.push_str(&format!(
                    "--- {}\n{}\n",
                    p.display(),
                    std::fs::read_to_string(&p).unwrap_or_default()
                ));
            }
        }
        out
    }

    /// `GET VAR ups var` over the socket: the value, or None on any error.
    pub fn get(&self, ups: &str, var: &str) -> Option<String> {
        let mut s = TcpStream::connect((self.address.as_str(), self.port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
        s.write_all(format!("GET VAR {ups} {var}\nLOGOUT\n").as_bytes())
            .ok()?;
        let mut line = String::new();
        BufReader::new(s).read_line(&mut line).ok()?;
        let prefix = format!("VAR {ups} {var} \"");
        let value = line.trim_end().strip_prefix(&prefix)?.strip_suffix('"')?;
        Some(value.to_string())
    }

    /// Rewrite the UPS's .dev file and wait until upsd serves every value.
    pub fn set(&mut self, ups: &str, dev: &str) {
        let path = self.dir.path().join(format!("{ups}.dev"));
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, dev).unwrap();
        self.mtime = SystemTime::now().max(self.mtime + Duration::from_secs(2));
        std::fs::File::options()
            .write(true)
            .open(&tmp)
            .unwrap()
            .set_modified(self.mtime)
            .unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        self.wait_for(ups, dev);
    }

    /// Wait until upsd serves every `var: value` of `dev`.
    pub fn wait_for(&self, ups: &str, dev: &str) {
        for line in dev.lines() {
            let (var, value) = line.split_once(": ").unwrap();
            self.wait_until(&format!("{ups} {var} to be {value:?}"), || {
                self.get(ups, var).as_deref() == Some(value)
            });
        }
    }
}

impl Drop for Nut {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `text` with `var: value` lines replaced or added.
pub fn dev(base: &str, changes: &[(&str, &str)]) -> String {
    let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
    for (var, value) in changes {
        let line = format!("{var}: {value}");
        match lines
            .iter_mut()
            .find(|l| l.split_once(": ").is_some_and(|(v, _)| v == *var))
        {
            Some(l) => *l = line,
            None => lines.push(line),
        }
    }
    lines.join("\n") + "\n"
}
