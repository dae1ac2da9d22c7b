//! What is read from a device: one command per item, from a live device
//! shell or from saved captures, with fallbacks for commands some models
//! lack.
//!
//! A device that rejects a command (`% Invalid input`, `Error:
//! Unrecognized command`) or a capture directory without its file makes the
//! item *rejected*: the next form of the command is tried, and when none is
//! left the check says so. A transport failure (deadline, closed session)
//! ends the collection: the items not read yet are *failed* with its reason.

use crate::parse::device::{Platform, device_error};
use crate::transport::shell::DeviceShell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What an inspection reads, whatever the platform calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Version,
    InterfacesBrief,
    Interfaces,
    Routes,
    Cpu,
    Memory,
    /// Cisco `show environment`; Huawei `display device`.
    Environment,
    /// Huawei only: `display fan`.
    Fans,
    /// Huawei only: `display power`.
    Power,
    /// Huawei only: `display temperature`.
    Temperature,
}

/// The commands a platform answers for each item, preferred form first.
pub fn plan(platform: Platform) -> &'static [(Item, &'static [&'static str])] {
    match platform {
        Platform::CiscoIos => &[
            (Item::Version, &["show version"]),
            (Item::InterfacesBrief, &["show ip interface brief"]),
            (Item::Interfaces, &["show interfaces"]),
            (Item::Routes, &["show ip route"]),
            (Item::Cpu, &["show processes cpu"]),
            (
                Item::Memory,
                &["show processes memory sorted", "show processes memory"],
            ),
            (
                Item::Environment,
                &["show environment all", "show environment"],
            ),
        ],
        Platform::HuaweiVrp => &[
            (Item::Version, &["display version"]),
            (Item::InterfacesBrief, &["display interface brief"]),
            (Item::Interfaces, &["display interface"]),
            (Item::Routes, &["display ip routing-table"]),
            (Item::Cpu, &["display cpu-usage", "display cpu"]),
            (Item::Memory, &["display memory-usage", "display memory"]),
            (Item::Environment, &["display device"]),
            (Item::Fans, &["display fan"]),
            (Item::Power, &["display power"]),
            (
                Item::Temperature,
                &["display temperature all", "display temperature"],
            ),
        ],
    }
}

/// How reading one item ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The output of `command`.
    Output { command: String, text: String },
    /// Every form was rejected (or has no capture); the reason says which.
    Rejected(String),
    /// The device could not be read (any more).
    Failed(String),
}

/// Everything read from one device.
#[derive(Debug, Clone)]
pub struct Collected {
    pub platform: Platform,
    pub replies: BTreeMap<Item, Reply>,
}

impl Collected {
    pub fn get(&self, item: Item) -> Option<&Reply> {
        self.replies.get(&item)
    }
}

/// What one command gave.
pub enum Fetch {
    Text(String),
    /// Nothing to read for this command (no capture file).
    Missing(String),
    /// The transport failed.
    Failed(String),
}

/// Where outputs come from.
pub trait Source {
    fn fetch(&mut self, command: &str) -> Fetch;
}

/// Read every item of the platform's plan.
pub fn collect(platform: Platform, source: &mut dyn Source) -> Collected {
    let mut replies = BTreeMap::new();
    let mut failed: Option<String> = None;
    for (item, commands) in plan(platform) {
        if let Some(why) = &failed {
            replies.insert(*item, Reply::Failed(format!("not read: {why}")));
            continue;
        }
        let mut reasons = Vec::new();
        let mut reply = None;
        for command in *commands {
            match source.fetch(command) {
                Fetch::Text(text) => match device_error(&text) {
                    Some(err) => reasons.push(format!("`{command}`: {err}")),
                    None => {
                        reply = Some(Reply::Output {
                            command: command.to_string(),
                            text,
                        });
                        break;
                    }
                },
                Fetch::Missing(why) => reasons.push(why),
                Fetch::Failed(why) => {
                    reply = Some(Reply::Failed(format!("`{command}`: {why}")));
                    failed = Some(why);
                    break;
                }
            }
        }
        let reply = reply.unwrap_or_else(|| Reply::Rejected(reasons.join("; ")));
        replies.insert(*item, reply);
    }
    Collected { platform, replies }
}

/// A live device: each command within its own deadline and the device's.
pub struct ShellSource<'a> {
    pub shell: &'a mut DeviceShell,
    pub device_deadline: Instant,
    /// The device's whole allowance (`--timeout`), for messages.
    pub device_timeout: Duration,
    pub command_timeout: Duration,
}

impl Source for ShellSource<'_> {
    fn fetch(&mut self, command: &str) -> Fetch {
        let own = Instant::now() + self.command_timeout;
        let deadline = self.device_deadline.min(own);
        match self.shell.run(command, deadline) {
            Ok(text) => Fetch::Text(text),
            // Name the deadline that cut the command: its own or the device's.
            Err(e)
                if own < self.device_deadline && crate::transport::limits::is_deadline(&e, own) =>
            {
                Fetch::Failed(format!(
                    "{} (--command-timeout)",
                    crate::transport::limits::within_text(self.command_timeout)
                ))
            }
            Err(e) => Fetch::Failed(crate::transport::reason(
                &e,
                self.device_deadline,
                self.device_timeout,
            )),
        }
    }
}

/// Saved outputs: one file per command in `dir`, named after the command
/// with spaces or underscores (`show ip route`, `show_ip_route`), with or
/// without `.txt`.
pub struct CaptureSource {
    pub dir: PathBuf,
}

impl CaptureSource {
    /// The file holding `command`'s output, if there is one.
    pub fn file_for(dir: &Path, command: &str) -> Option<PathBuf> {
        capture_names(command)
            .into_iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
    }
}

/// The file names a capture of `command` may have.
pub fn capture_names(command: &str) -> Vec<String> {
    let underscored = command.replace(' ', "_");
    let mut names = Vec::new();
    for base in [underscored.as_str(), command] {
        for ext in ["", ".txt", ".log"] {
            let name = format!("{base}{ext}");
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

impl Source for CaptureSource {
    fn fetch(&mut self, command: &str) -> Fetch {
        match CaptureSource::file_for(&self.dir, command) {
            Some(path) => match std::fs::read(&path) {
                Ok(bytes) => Fetch::Text(String::from_utf8_lossy(&bytes).into_owned()),
                Err(e) => Fetch::Failed(format!("failed to read {}: {e}", path.display())),
            },
            None => Fetch::Missing(format!(
                "no capture of `{command}` in {} (looked for {})",
                self.dir.display(),
                capture_names(command)[..2].join(", ")
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Script(Vec<(&'static str, Fetch)>);

    impl Source for Script {
        fn fetch(&mut self, command: &str) -> Fetch {
            let i = self
                .0
                .iter()
                .position(|(c, _)| *c == command)
                .unwrap_or_else(|| panic!("unexpected {command}"));
            self.0.remove(i).1
        }
    }

    #[test]
    fn fallbacks_rejections_and_a_failure_that_ends_the_collection() {
        let mut source = Script(vec![
            ("show version", Fetch::Text("uptime is 1 week".into())),
            (
                "show ip interface brief",
                Fetch::Text("% Invalid input detected at '^' marker.".into()),
            ),
            ("show interfaces", Fetch::Missing("no file".into())),
            (
                "show ip route",
                Fetch::Text("Gateway of last resort".into()),
            ),
            (
                "show processes cpu",
                Fetch::Failed("deadline passed".into()),
            ),
        ]);
        let c = collect(Platform::CiscoIos, &mut source);
        assert!(
            matches!(c.get(Item::Version), Some(Reply::Output { command, .. }) if command == "show version")
        );
        assert_eq!(
            c.get(Item::InterfacesBrief),
            Some(&Reply::Rejected(
                "`show ip interface brief`: % Invalid input detected at '^' marker.".into()
            ))
        );
        assert_eq!(
            c.get(Item::Interfaces),
            Some(&Reply::Rejected("no file".into()))
        );
        assert_eq!(
            c.get(Item::Cpu),
            Some(&Reply::Failed(
                "`show processes cpu`: deadline passed".into()
            ))
        );
        assert_eq!(
            c.get(Item::Environment),
            Some(&Reply::Failed("not read: deadline passed".into()))
        );
        assert!(source.0.is_empty());
    }

    #[test]
    fn capture_files_are_found_by_either_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("show_ip_route"), "a").unwrap();
        std::fs::write(dir.path().join("show version.txt"), "b").unwrap();
        std::fs::write(dir.path().join("display_ip_routing-table.txt"), "c").unwrap();
        let found = |c: &str| {
            CaptureSource::file_for(dir.path(), c)
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        };
        assert_eq!(found("show ip route").as_deref(), Some("show_ip_route"));
        assert_eq!(found("show version").as_deref(), Some("show version.txt"));
        assert_eq!(
            found("display ip routing-table").as_deref(),
            Some("display_ip_routing-table.txt")
        );
        assert_eq!(found("show interfaces"), None);
    }
}
