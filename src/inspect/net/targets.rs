//! Which devices a command line names, and the device shell that reaches
//! one of them.
//!
//! A word is an inventory device, a group (its devices), `all`, or an
//! address `[user@]host[:port]` when `--platform` says what it is. No word
//! selects every device of the inventory.

use crate::inventory::resolve::{
    Entry, Validate, check_bare_name, not_in_inventory, parse_address, ssh_target,
};
use crate::inventory::{Inventory, Kind};
use crate::inventory::{Target, TargetSpec};
use crate::parse::device::Platform;
use crate::transport::shell::DeviceShell;
use crate::transport::ssh::{self, Password, SshOptions, SshTarget};
use crate::transport::ssh_config::SshConfig;
use anyhow::Result;
use std::path::Path;
use std::time::Instant;

/// One device to act on.
#[derive(Debug, Clone)]
pub struct DeviceTarget {
    pub target: Target,
    pub platform: Platform,
    /// The environment variable holding its login password, if it takes one.
    pub password_env: Option<String>,
}

/// The devices `words` name (see the module documentation).
pub fn resolve_devices(
    words: &[String],
    inventory: &Inventory,
    ssh_config: &SshConfig,
    validate: Validate,
    platform: Option<Platform>,
) -> Result<Vec<DeviceTarget>> {
    // An inventory without [[device]] entries, or a group without devices,
    // selects nothing: the command says "nothing to inspect" and exits 0.
    let mut out: Vec<DeviceTarget> = Vec::new();
    let all = ["all".to_string()];
    let words = if words.is_empty() { &all[..] } else { words };
    for word in words {
        if let Some(names) = inventory.select(word, Kind::Device) {
            for name in names {
                out.push(inventory_device(&name, inventory, ssh_config, validate)?);
            }
        } else if let Some(platform) = platform {
            out.push(DeviceTarget {
                target: Target {
                    name: word.clone(),
                    spec: TargetSpec::Ssh(adhoc(word, inventory, ssh_config)?),
                    overrides: toml::Table::new(),
                },
                platform,
                password_env: None,
            });
        } else {
            // A bare word is most likely a mistyped name; an address only
            // lacks its platform.
            let bare = !word.contains('@') && word.parse::<std::net::IpAddr>().is_err();
            if bare {
                return Err(crate::usage_error!(
                    "{}; to inspect it as an address, say what it is with --platform \
                     cisco_ios|huawei_vrp",
                    not_in_inventory(word, inventory)
                ));
            }
            return Err(crate::bad_input!(
                "{word:?} is not a device or group in the inventory; to inspect it as an \
                 address, say what it is with --platform cisco_ios|huawei_vrp"
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|d| seen.insert(d.target.name.clone()));
    Ok(out)
}

/// An ad-hoc device address, refused when it is a bare name that does not
/// resolve (most likely a mistyped inventory name).
fn adhoc(word: &str, inventory: &Inventory, ssh_config: &SshConfig) -> Result<SshTarget> {
    let target = parse_address(word, inventory, ssh_config)?;
    check_bare_name(word, &target, inventory)?;
    Ok(target)
}

/// An inventory device with its connection settings and threshold layers.
pub fn inventory_device(
    name: &str,
    inventory: &Inventory,
    ssh_config: &SshConfig,
    validate: Validate,
) -> Result<DeviceTarget> {
    let d = inventory
        .device(name)
        .ok_or_else(|| crate::bad_input!("{name:?} is not a device in the inventory"))?;
    let overrides = inventory.threshold_layers(
        &toml::Table::new(),
        &d.name,
        &d.groups,
        d.thresholds.as_ref(),
        validate,
    )?;
    let alias = d.address.clone().unwrap_or_else(|| name.to_string());
    let entry = Entry {
        user: d.user.clone(),
        port: d.port,
        key: d.key.clone(),
        jump: d.jump.clone(),
    };
    let platform: Platform = d.platform.parse()?;
    Ok(DeviceTarget {
        target: Target {
            name: name.to_string(),
            spec: TargetSpec::Ssh(ssh_target(&alias, entry, inventory, ssh_config)?),
            overrides,
        },
        platform,
        password_env: d.password_env.clone(),
    })
}

/// Connect to a device and start its CLI, all before `deadline`.
pub fn open_shell(
    device: &DeviceTarget,
    options: &SshOptions,
    deadline: Instant,
) -> Result<DeviceShell> {
    let TargetSpec::Ssh(target) = &device.target.spec else {
        return Err(anyhow::anyhow!(
            "{} has no SSH address to reach it by",
            device.target.name
        ));
    };
    let password = device
        .password_env
        .as_deref()
        .map(Password::from_env)
        .transpose()?;
    let session = ssh::connect_with_password(target, options, deadline, password.as_ref())?;
    drop(password);
    DeviceShell::open(session, device.platform, deadline)
}

/// The platform a directory of captures is from, by its file names
/// (`show_…` or `display_…`), when they all agree.
pub fn detect_platform(dir: &Path) -> Option<Platform> {
    let mut cisco = false;
    let mut huawei = false;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        cisco |= name.starts_with("show");
        huawei |= name.starts_with("display");
    }
    match (cisco, huawei) {
        (true, false) => Some(Platform::CiscoIos),
        (false, true) => Some(Platform::HuaweiVrp),
        _ => None,
    }
}

/// Why nothing was selected, with the way to select something.
pub fn empty_selection(words: &[String]) -> String {
    if words.is_empty() {
        "the inventory has no [[device]] entries; add some with a platform \
         (cisco_ios or huawei_vrp), or name one as [user@]host[:port] with --platform"
            .to_string()
    } else {
        format!("{} selects no [[device]] entries", words.join(" "))
    }
}
