//! The dispatcher behind `ops parse PLATFORM COMMAND [FILE]`: the device
//! families ([`Platform`]), the commands each can parse ([`Command`],
//! [`supported_commands`]), finding the command a user typed, abbreviated or
//! not ([`resolve_command`]), and running its parser ([`parse_command`]).

use super::clean::device_error;
use crate::bad_input;
use crate::parse::{cisco_ios, huawei_vrp};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The device families `ops` can parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    CiscoIos,
    HuaweiVrp,
}

impl Platform {
    pub const ALL: [Platform; 2] = [Platform::CiscoIos, Platform::HuaweiVrp];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::CiscoIos => "cisco_ios",
            Platform::HuaweiVrp => "huawei_vrp",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Platform {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> anyhow::Result<Platform> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "cisco_ios" | "cisco_xe" | "cisco_ios_xe" | "ios" => Ok(Platform::CiscoIos),
            "huawei_vrp" | "huawei" | "vrp" => Ok(Platform::HuaweiVrp),
            _ => Err(bad_input!(
                "unknown device platform: {s} (supported: cisco_ios, huawei_vrp)"
            )),
        }
    }
}

/// One supported command: which parser reads its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    ShowVersion,
    ShowIpInterfaceBrief,
    ShowInterfaces,
    ShowInterfacesStatus,
    ShowIpRoute,
    ShowProcessesCpu,
    ShowProcessesMemory,
    ShowEnvironment,
    DisplayVersion,
    DisplayInterface,
    DisplayInterfaceBrief,
    DisplayIpRoutingTable,
    DisplayCpuUsage,
    DisplayMemoryUsage,
    DisplayDevice,
    DisplayFan,
    DisplayPower,
    DisplayTemperature,
}

/// Every command as a user may type it in full, and the parser it maps to.
/// Abbreviations are matched against these.
const CISCO_COMMANDS: &[(&str, Command)] = &[
    ("show version", Command::ShowVersion),
    ("show ip interface brief", Command::ShowIpInterfaceBrief),
    ("show interfaces", Command::ShowInterfaces),
    ("show interfaces status", Command::ShowInterfacesStatus),
    ("show ip route", Command::ShowIpRoute),
    ("show processes cpu", Command::ShowProcessesCpu),
    ("show processes cpu sorted", Command::ShowProcessesCpu),
    ("show processes memory", Command::ShowProcessesMemory),
    ("show processes memory sorted", Command::ShowProcessesMemory),
    ("show environment", Command::ShowEnvironment),
    ("show environment all", Command::ShowEnvironment),
    ("show environment power", Command::ShowEnvironment),
    ("show environment power all", Command::ShowEnvironment),
    ("show environment temperature", Command::ShowEnvironment),
    ("show environment fan", Command::ShowEnvironment),
];

const HUAWEI_COMMANDS: &[(&str, Command)] = &[
    ("display version", Command::DisplayVersion),
    ("display interface", Command::DisplayInterface),
    ("display interface brief", Command::DisplayInterfaceBrief),
    ("display ip routing-table", Command::DisplayIpRoutingTable),
    (
        "display ip routing-table verbose",
        Command::DisplayIpRoutingTable,
    ),
    ("display cpu-usage", Command::DisplayCpuUsage),
    ("display cpu", Command::DisplayCpuUsage),
    ("display memory-usage", Command::DisplayMemoryUsage),
    ("display memory", Command::DisplayMemoryUsage),
    ("display device", Command::DisplayDevice),
    ("display fan", Command::DisplayFan),
    ("display power", Command::DisplayPower),
    ("display temperature", Command::DisplayTemperature),
    ("display temperature all", Command::DisplayTemperature),
];

const CISCO_NAMES: &[&str] = &[
    "show version",
    "show ip interface brief",
    "show interfaces",
    "show interfaces status",
    "show ip route",
    "show processes cpu",
    "show processes cpu sorted",
    "show processes memory",
    "show processes memory sorted",
    "show environment",
    "show environment all",
    "show environment power",
    "show environment power all",
    "show environment temperature",
    "show environment fan",
];

const HUAWEI_NAMES: &[&str] = &[
    "display version",
    "display interface",
    "display interface brief",
    "display ip routing-table",
    "display ip routing-table verbose",
    "display cpu-usage",
    "display cpu",
    "display memory-usage",
    "display memory",
    "display device",
    "display fan",
    "display power",
    "display temperature",
    "display temperature all",
];

/// The commands a platform's output can be parsed for, in full.
pub fn supported_commands(platform: Platform) -> &'static [&'static str] {
    match platform {
        Platform::CiscoIos => CISCO_NAMES,
        Platform::HuaweiVrp => HUAWEI_NAMES,
    }
}

fn command_table(platform: Platform) -> &'static [(&'static str, Command)] {
    match platform {
        Platform::CiscoIos => CISCO_COMMANDS,
        Platform::HuaweiVrp => HUAWEI_COMMANDS,
    }
}

/// Words of a command, lower case: split on spaces and underscores, and
/// also on hyphens when `hyphens` is set (`cpu-usage` typed as `cpu_usage`).
fn command_words(s: &str, hyphens: bool) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '_' || (hyphens && c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

fn abbreviates(typed: &[String], full: &[String]) -> bool {
    typed.len() == full.len()
        && full
            .iter()
            .zip(typed)
            .all(|(f, w)| f.starts_with(w.as_str()))
}

/// Finds the command a user typed: in full (`show interfaces`), abbreviated
/// the way the CLI accepts it (`sh ip int br`, `dis ip rou`), or with
/// underscores (`show_interfaces`, `display_ip_routing-table_verbose`,
/// `display_cpu_usage`).
pub fn resolve_command(platform: Platform, typed: &str) -> anyhow::Result<Command> {
    let words = command_words(typed, false);
    let split = command_words(typed, true);
    let mut exact = None;
    let mut matches: Vec<(&str, Command)> = Vec::new();
    for &(name, command) in command_table(platform) {
        let full_split = command_words(name, true);
        if full_split == split {
            exact = Some(command);
        }
        if abbreviates(&words, &command_words(name, false)) || abbreviates(&split, &full_split) {
            matches.push((name, command));
        }
    }
    if let Some(command) = exact {
        return Ok(command);
    }
    match matches.as_slice() {
        [] => Err(bad_input!(
            "unsupported {platform} command: `{}`; supported commands: {}",
            typed.trim(),
            supported_commands(platform).join(", ")
        )),
        [(_, first), rest @ ..] if rest.iter().all(|(_, c)| c == first) => Ok(*first),
        _ => Err(bad_input!(
            "ambiguous {platform} command: `{}` could be {}",
            typed.trim(),
            matches
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(" or ")
        )),
    }
}

impl Command {
    pub fn platform(self) -> Platform {
        match self {
            Command::ShowVersion
            | Command::ShowIpInterfaceBrief
            | Command::ShowInterfaces
            | Command::ShowInterfacesStatus
            | Command::ShowIpRoute
            | Command::ShowProcessesCpu
            | Command::ShowProcessesMemory
            | Command::ShowEnvironment => Platform::CiscoIos,
            _ => Platform::HuaweiVrp,
        }
    }

    /// The command in full, as sent to a device.
    pub fn name(self) -> &'static str {
        match self {
            Command::ShowVersion => "show version",
            Command::ShowIpInterfaceBrief => "show ip interface brief",
            Command::ShowInterfaces => "show interfaces",
            Command::ShowInterfacesStatus => "show interfaces status",
            Command::ShowIpRoute => "show ip route",
            Command::ShowProcessesCpu => "show processes cpu",
            Command::ShowProcessesMemory => "show processes memory sorted",
            Command::ShowEnvironment => "show environment all",
            Command::DisplayVersion => "display version",
            Command::DisplayInterface => "display interface",
            Command::DisplayInterfaceBrief => "display interface brief",
            Command::DisplayIpRoutingTable => "display ip routing-table",
            Command::DisplayCpuUsage => "display cpu-usage",
            Command::DisplayMemoryUsage => "display memory-usage",
            Command::DisplayDevice => "display device",
            Command::DisplayFan => "display fan",
            Command::DisplayPower => "display power",
            Command::DisplayTemperature => "display temperature all",
        }
    }

    /// Parses the command's output into its JSON form (the serialised typed
    /// value). When nothing is recognised and the device printed an error
    /// (`% Invalid input detected`), that error is what is reported.
    pub fn parse(self, text: &str) -> anyhow::Result<serde_json::Value> {
        let value = match self {
            Command::ShowVersion => cisco_ios::parse_show_version(text).map(to_json),
            Command::ShowIpInterfaceBrief => {
                cisco_ios::parse_show_ip_interface_brief(text).map(to_json)
            }
            Command::ShowInterfaces => cisco_ios::parse_show_interfaces(text).map(to_json),
            Command::ShowInterfacesStatus => {
                cisco_ios::parse_show_interfaces_status(text).map(to_json)
            }
            Command::ShowIpRoute => cisco_ios::parse_show_ip_route(text).map(to_json),
            Command::ShowProcessesCpu => cisco_ios::parse_show_processes_cpu(text).map(to_json),
            Command::ShowProcessesMemory => {
                cisco_ios::parse_show_processes_memory(text).map(to_json)
            }
            Command::ShowEnvironment => cisco_ios::parse_show_environment(text).map(to_json),
            Command::DisplayVersion => huawei_vrp::parse_display_version(text).map(to_json),
            Command::DisplayInterface => huawei_vrp::parse_display_interface(text).map(to_json),
            Command::DisplayInterfaceBrief => {
                huawei_vrp::parse_display_interface_brief(text).map(to_json)
            }
            Command::DisplayIpRoutingTable => {
                huawei_vrp::parse_display_ip_routing_table(text).map(to_json)
            }
            Command::DisplayCpuUsage => huawei_vrp::parse_display_cpu_usage(text).map(to_json),
            Command::DisplayMemoryUsage => {
                huawei_vrp::parse_display_memory_usage(text).map(to_json)
            }
            Command::DisplayDevice => huawei_vrp::parse_display_device(text).map(to_json),
            Command::DisplayFan => huawei_vrp::parse_display_fan(text).map(to_json),
            Command::DisplayPower => huawei_vrp::parse_display_power(text).map(to_json),
            Command::DisplayTemperature => huawei_vrp::parse_display_temperature(text).map(to_json),
        };
        value.map_err(|err| match device_error(text) {
            Some(message) => bad_input!("the device rejected `{}`: {message}", self.name()),
            None => err,
        })
    }
}

fn to_json<T: Serialize>(value: T) -> serde_json::Value {
    // Our types only hold strings, numbers, booleans, options and vectors,
    // which always serialise.
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Parses a command's output as typed by the user into JSON: the heart of
/// `ops parse PLATFORM COMMAND [FILE]`.
pub fn parse_command(
    platform: Platform,
    command: &str,
    text: &str,
) -> anyhow::Result<serde_json::Value> {
    resolve_command(platform, command)?.parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::{Exit, for_error};

    #[test]
    fn platform_names() {
        assert_eq!("cisco_ios".parse::<Platform>().unwrap(), Platform::CiscoIos);
        assert_eq!(
            "huawei-vrp".parse::<Platform>().unwrap(),
            Platform::HuaweiVrp
        );
        let err = "junos".parse::<Platform>().unwrap_err();
        assert_eq!(for_error(&err), Exit::BadInput);
        assert!(err.to_string().contains("cisco_ios, huawei_vrp"));
    }

    #[test]
    fn commands_resolve_in_full_abbreviated_and_with_underscores() {
        let cisco = Platform::CiscoIos;
        let huawei = Platform::HuaweiVrp;
        for (typed, want) in [
            ("show interfaces", Command::ShowInterfaces),
            ("sh int", Command::ShowInterfaces),
            ("show_interfaces", Command::ShowInterfaces),
            ("show ip int brief", Command::ShowIpInterfaceBrief),
            ("sh ip int br", Command::ShowIpInterfaceBrief),
            ("show int status", Command::ShowInterfacesStatus),
            ("sh ip ro", Command::ShowIpRoute),
            ("show proc cpu", Command::ShowProcessesCpu),
            ("show processes memory sorted", Command::ShowProcessesMemory),
            ("show_processes_memory_sorted", Command::ShowProcessesMemory),
            ("sh env", Command::ShowEnvironment),
            ("show_environment_power_all", Command::ShowEnvironment),
            ("SHOW VERSION", Command::ShowVersion),
        ] {
            assert_eq!(resolve_command(cisco, typed).unwrap(), want, "{typed}");
        }
        for (typed, want) in [
            ("display version", Command::DisplayVersion),
            ("dis int brief", Command::DisplayInterfaceBrief),
            ("disp int", Command::DisplayInterface),
            (
                "display_ip_routing-table_verbose",
                Command::DisplayIpRoutingTable,
            ),
            ("dis ip rou", Command::DisplayIpRoutingTable),
            ("display cpu-usage", Command::DisplayCpuUsage),
            ("display_cpu_usage", Command::DisplayCpuUsage),
            ("dis mem", Command::DisplayMemoryUsage),
        ] {
            assert_eq!(resolve_command(huawei, typed).unwrap(), want, "{typed}");
        }
    }

    #[test]
    fn unknown_command_lists_the_supported_ones() {
        let err = resolve_command(Platform::CiscoIos, "show running-config").unwrap_err();
        assert_eq!(for_error(&err), Exit::BadInput);
        let msg = err.to_string();
        assert!(msg.contains("show running-config"), "{msg}");
        for name in supported_commands(Platform::CiscoIos) {
            assert!(msg.contains(name), "{msg}");
        }
        let err = resolve_command(Platform::HuaweiVrp, "show version").unwrap_err();
        assert!(err.to_string().contains("display version"));
    }

    #[test]
    fn every_supported_name_resolves_to_its_platform() {
        for platform in Platform::ALL {
            for name in supported_commands(platform) {
                let command = resolve_command(platform, name).unwrap();
                assert_eq!(command.platform(), platform);
                assert_eq!(resolve_command(platform, command.name()).unwrap(), command);
            }
        }
    }

    #[test]
    fn device_error_becomes_the_reported_error() {
        let err = parse_command(
            Platform::CiscoIos,
            "show version",
            "switch01#show verison\n             ^\n% Invalid input detected at '^' marker.\n\nswitch01#",
        )
        .unwrap_err();
        assert_eq!(for_error(&err), Exit::BadInput);
        assert!(
            err.to_string().contains("% Invalid input detected"),
            "{err}"
        );
    }
}
