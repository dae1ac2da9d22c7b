//! `ops parse PLATFORM COMMAND [FILE]`: what a device parser extracts from a
//! captured output, for output pasted from a device ops cannot reach; and
//! `ops parse linux SECTION [FILE]`: what a host parser extracts from a
//! command's output or a file of a Linux host (see
//! `parse::linux::by_section`).

use crate::app::Settings;
use crate::exit::Exit;
use crate::parse::device::{Platform, resolve_command};
use crate::printer::{Printer, new_table, sanitize};
use anyhow::{Context, Result};
use clap::Args;
use comfy_table::ContentArrangement;
use serde::Serialize;
use serde_json::Value;
use std::io::Read;
use std::path::PathBuf;

/// Parse a captured device output and print what was extracted
///
/// The output may be pasted as it appeared in a terminal: prompts, the echoed
/// command, `--More--` remnants, CRLF line ends and syslog lines interleaved
/// are ignored. Keys are named as ntc-templates names them (`interface`,
/// `link_status`, `input_errors`, `crc`, …) and counters are JSON numbers.
/// Table rows are split by their words, so a value that fills its column
/// still parts from the next; a route leaked from another VRF gives
/// `nexthop_ip` and `nexthop_vrf` apart.
///
/// `ops parse linux SECTION [FILE]` reads what a Linux host printed: a
/// command's output (`df -P -B1 -T`, `ip -o addr`, `chronyc tracking`,
/// `zypper list-patches --category security`…), a file (`/proc/meminfo`,
/// `/etc/os-release`, `/etc/login.defs`…), or a section of the host
/// collection script, alone or cut from its whole output.
///
/// An unknown platform, command or section exits 78 and lists the supported
/// ones.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops parse cisco_ios \"show interfaces\" sw1-interfaces.txt\n  \
ops parse huawei_vrp \"dis int brief\" < capture.txt --format json\n  \
ops parse cisco_ios show_ip_route route.txt\n  \
ops parse linux df df-output.txt --format json\n  \
ssh host cat /proc/meminfo | ops parse linux meminfo"
)]
pub struct ParseArgs {
    /// Device platform: cisco_ios or huawei_vrp; or linux for a host's output
    #[arg(value_name = "PLATFORM")]
    pub platform: String,

    /// The command that printed the output, in full or abbreviated as the
    /// CLI accepts it, quoted ("sh ip int br") or with underscores
    /// (show_ip_interface_brief); for linux, the section (df, meminfo,
    /// ip-addr, chronyc, zypper…)
    #[arg(value_name = "COMMAND")]
    pub command: String,

    /// File holding the output [default: standard input; `-` also reads it]
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

/// JSON view (`--format json`), schema 1: `parsed` holds what the parser
/// extracted, as a list of records or one record.
#[derive(Serialize)]
struct ParseView<'a> {
    schema: u32,
    platform: Platform,
    command: &'a str,
    parsed: &'a Value,
}

pub fn run(settings: &Settings, args: ParseArgs) -> Result<Exit> {
    if is_linux(&args.platform) {
        return run_linux(settings, args);
    }
    let printer = settings.printer();
    let platform: Platform = args.platform.parse()?;
    let command = resolve_command(platform, &args.command)?;
    let text = read_input(args.file.as_ref())?;
    let parsed = command
        .parse(&text)
        .with_context(|| failed_to_parse(args.file.as_ref()))?;
    let view = ParseView {
        schema: 1,
        platform,
        command: command.name(),
        parsed: &parsed,
    };
    print_parsed(
        &printer,
        &view,
        &parsed,
        &format!("{platform} `{}`", command.name()),
    )
}

/// JSON view of `ops parse linux` (`--format json`), schema 1: `parsed`
/// holds what the host parser extracted (keys in README, "ops parse linux").
#[derive(Serialize)]
struct LinuxParseView<'a> {
    schema: u32,
    platform: &'static str,
    section: &'a str,
    parsed: &'a Value,
}

fn is_linux(platform: &str) -> bool {
    platform.trim().eq_ignore_ascii_case("linux")
}

fn run_linux(settings: &Settings, args: ParseArgs) -> Result<Exit> {
    use crate::parse::linux::by_section;
    let printer = settings.printer();
    let Some(section) = by_section::resolve_name(&args.command) else {
        return Err(crate::bad_input!(
            "unsupported linux section: `{}`; supported sections: {}",
            args.command.trim(),
            by_section::names().join(", ")
        ));
    };
    let text = read_input(args.file.as_ref())?;
    let parsed = by_section::parse(section, &text)
        .map_err(|e| crate::bad_input!("{e}"))
        .with_context(|| failed_to_parse(args.file.as_ref()))?;
    let view = LinuxParseView {
        schema: 1,
        platform: "linux",
        section,
        parsed: &parsed,
    };
    print_parsed(&printer, &view, &parsed, &format!("linux `{section}`"))
}

/// `view` as JSON or `parsed` rendered, then how many records `what` gave.
fn print_parsed(
    printer: &Printer,
    view: &impl Serialize,
    parsed: &Value,
    what: &str,
) -> Result<Exit> {
    if printer.json() {
        printer.data_json(view)?;
    } else {
        printer.data(&render(parsed));
    }
    let records = match parsed {
        Value::Array(a) => format!("{} record{}", a.len(), if a.len() == 1 { "" } else { "s" }),
        _ => "1 record".to_string(),
    };
    printer.status(&format!("{what}: {records}"));
    Ok(Exit::Ok)
}

/// The context of a parser's error: which input it was.
fn failed_to_parse(file: Option<&PathBuf>) -> String {
    match file {
        Some(f) if f.as_os_str() != "-" => format!("failed to parse {}", f.display()),
        _ => "failed to parse standard input".to_string(),
    }
}

fn read_input(file: Option<&PathBuf>) -> Result<String> {
    let bytes = match file {
        Some(f) if f.as_os_str() != "-" => {
            std::fs::read(f).with_context(|| format!("failed to read {}", f.display()))?
        }
        _ => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .context("failed to read standard input")?;
            buf
        }
    };
    // Captures are ASCII in practice; anything else is kept, not refused.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A readable rendering of a parsed value: a table for a list of small
/// records, `key  value` blocks for records with many fields (such as one
/// `show interfaces` entry), and `key: value` lines for one record, its
/// lists following as tables.
pub fn render(value: &Value) -> String {
    match value {
        Value::Array(items) => render_list(items),
        Value::Object(map) => {
            let mut out = String::new();
            let scalars: Vec<(&String, &Value)> = map
                .iter()
                .filter(|(_, v)| !matches!(v, Value::Array(_) | Value::Object(_)))
                .filter(|(_, v)| !v.is_null())
                .collect();
            let width = scalars.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
            for (k, v) in &scalars {
                out.push_str(&format!("{k:width$}  {}\n", scalar(v)));
            }
            for (k, v) in map {
                match v {
                    Value::Array(items) if items.is_empty() => {}
                    Value::Array(items) if items.iter().all(|i| !i.is_object()) => {
                        let list: Vec<String> = items.iter().map(scalar).collect();
                        out.push_str(&format!("{k:width$}  {}\n", list.join(", ")));
                    }
                    Value::Array(items) => {
                        out.push_str(&format!("\n{k}:\n{}", render_list(items)));
                    }
                    Value::Object(_) => {
                        let inner = render(v);
                        out.push_str(&format!("\n{k}:\n"));
                        for line in inner.lines() {
                            out.push_str(&format!("  {line}\n"));
                        }
                    }
                    _ => {}
                }
            }
            out
        }
        v => format!("{}\n", scalar(v)),
    }
}

/// Fields a table may show before records are printed as blocks instead.
const TABLE_COLUMNS: usize = 9;

/// Keys that name a record, shown first in this order.
const LEADING: &[&str] = &[
    "vrf",
    "vpn_instance",
    "switch",
    "interface",
    "port",
    "protocol",
    "network",
    "destination",
    "prefix_length",
    "ps_module",
    "location",
    "slot",
    "sensor",
    "item",
    "process_pid",
    "process_id",
    "task_name",
];

fn render_list(items: &[Value]) -> String {
    if items.is_empty() {
        return "(none)\n".to_string();
    }
    if !items.iter().all(Value::is_object) {
        let list: Vec<String> = items.iter().map(scalar).collect();
        return format!("{}\n", list.join("\n"));
    }
    // Columns in the order of the first record, keeping only keys with a
    // value somewhere.
    let mut columns: Vec<&str> = Vec::new();
    for item in items {
        if let Value::Object(map) = item {
            for (k, v) in map {
                if !columns.contains(&k.as_str()) && has_value(v) {
                    columns.push(k);
                }
            }
        }
    }
    // JSON objects come back with sorted keys; what names a record goes first.
    for key in LEADING.iter().rev() {
        if let Some(i) = columns.iter().position(|c| c == key) {
            let c = columns.remove(i);
            columns.insert(0, c);
        }
    }
    if columns.len() <= TABLE_COLUMNS {
        let mut t = new_table();
        // One line per record, never wrapped: the output is read by scripts too.
        t.set_content_arrangement(ContentArrangement::Disabled);
        t.set_header(columns.iter().map(|c| c.to_uppercase()));
        for item in items {
            t.add_row(columns.iter().map(|c| cell(&item[*c])));
        }
        // Without the preset's outer padding.
        let mut s = String::new();
        for line in t.to_string().lines() {
            s.push_str(line.strip_prefix(' ').unwrap_or(line).trim_end());
            s.push('\n');
        }
        return s;
    }
    let width = columns.iter().map(|c| c.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for c in &columns {
            let v = &item[*c];
            if has_value(v) {
                out.push_str(&format!("{c:width$}  {}\n", cell(v)));
            }
        }
    }
    out
}

fn has_value(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Array(a) => !a.is_empty(),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

fn cell(v: &Value) -> String {
    match v {
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(", "),
        Value::Object(_) => sanitize(&v.to_string()),
        v => scalar(v),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => sanitize(s),
        v => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn small_records_become_a_table_large_ones_blocks() {
        let brief = json!([
            {"interface": "Gi0/1", "ip_address": "unassigned", "status": "up", "proto": "up", "method": null},
            {"interface": "Gi0/2", "ip_address": "10.0.0.1", "status": "administratively down", "proto": "down", "method": null},
        ]);
        let text = render(&brief);
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("INTERFACE") && !lines[0].contains("METHOD"),
            "{text}"
        );
        assert!(lines[2].contains("administratively down"), "{text}");
        let many: serde_json::Map<String, Value> =
            (0..12).map(|i| (format!("k{i}"), json!(i))).collect();
        let text = render(&Value::Array(vec![Value::Object(many)]));
        assert!(text.starts_with("k0   0\n"), "{text}");
    }

    #[test]
    fn one_record_lists_scalars_then_its_tables() {
        let v = json!({"cpu_usage_5_min": 5.0, "processes": [{"pid": 1, "name": "init"}], "hardware": ["WS-C3750"], "x": null});
        let text = render(&v);
        assert!(
            text.starts_with("cpu_usage_5_min  5.0\nhardware         WS-C3750\n"),
            "{text}"
        );
        assert!(
            text.contains("\nprocesses:\nNAME  PID\ninit  1\n"),
            "{text}"
        );
        assert!(!text.contains('x'), "{text}");
    }
}
