//! A simulated network device behind a real sshd: `fake_device.sh` as the
//! sshd's ForceCommand, serving command outputs from a directory that a
//! test can change between sessions.
//!
//! Everything the device's account must read (the script, the captures) is
//! copied into a world-readable temporary directory, because as root the
//! sshd logs in the unprivileged test account.

use super::sshd::{Options, Sshd};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

pub struct FakeDevice {
    /// Holds the script, `captures/` and `commands.log`.
    pub dir: tempfile::TempDir,
    pub sshd: Sshd,
    pub platform: String,
}

impl FakeDevice {
    /// A device of `platform` serving the files of `captures` (copied).
    pub fn start(platform: &str, captures: &Path) -> FakeDevice {
        Self::start_with(platform, captures, Vec::new())
    }

    /// The same, with extra sshd_config lines.
    pub fn start_with(platform: &str, captures: &Path, extra: Vec<String>) -> FakeDevice {
        let dir = tempfile::tempdir().unwrap();
        set_mode(dir.path(), 0o755);
        let script = dir.path().join("fake_device.sh");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/fake_device.sh"),
            &script,
        )
        .unwrap();
        set_mode(&script, 0o755);
        let served = dir.path().join("captures");
        std::fs::create_dir_all(&served).unwrap();
        set_mode(&served, 0o755);
        let log = dir.path().join("commands.log");
        std::fs::write(&log, "").unwrap();
        set_mode(&log, 0o666);
        let device = FakeDevice {
            dir,
            sshd: Sshd::start_with(Options {
                extra: {
                    let mut lines = vec![format!(
                        "ForceCommand {} {platform} {} {}",
                        script.display(),
                        served.display(),
                        log.display()
                    )];
                    lines.extend(extra);
                    lines
                },
                ..Options::default()
            }),
            platform: platform.to_string(),
        };
        device.serve(captures);
        device
    }

    /// The directory the device serves from.
    pub fn captures(&self) -> PathBuf {
        self.dir.path().join("captures")
    }

    /// Replace what the device serves with the files of `captures`.
    pub fn serve(&self, captures: &Path) {
        let served = self.captures();
        for e in std::fs::read_dir(&served).unwrap().flatten() {
            std::fs::remove_file(e.path()).unwrap();
        }
        for e in std::fs::read_dir(captures).unwrap().flatten() {
            if e.path().is_file() {
                let to = served.join(e.file_name());
                std::fs::copy(e.path(), &to).unwrap();
                set_mode(&to, 0o644);
            }
        }
    }

    /// Write one file the device serves (`hostname`, `prompt`, `hang-on`, or
    /// a command's output).
    pub fn put(&self, name: &str, content: &str) {
        let to = self.captures().join(name);
        std::fs::write(&to, content).unwrap();
        set_mode(&to, 0o644);
    }

    /// Every line the device received, in order.
    pub fn received(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("commands.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

pub fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}
