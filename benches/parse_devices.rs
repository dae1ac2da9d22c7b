//! Times every device parser on every capture in `tests/fixtures/devices`
//! (upstream and crafted) and prints a table of medians.
//!
//! Run: `cargo bench --bench parse_devices`
//!
//! `typed` is the parse into the typed structs (cleaning included), the cost
//! `ops inspect net` pays; `json` adds the conversion `ops parse` prints.
//! The 48-port access switch (`cisco_ios_show_interfaces2.raw`: 48
//! FastEthernet ports, 4 Gigabit uplinks and 4 SVIs) is named in its row.

use ops::parse::device::{Command, Platform, clean_output, resolve_command};
use ops::parse::{cisco_ios, huawei_vrp};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn typed(command: Command, text: &str) -> bool {
    match command {
        Command::ShowVersion => black_box(cisco_ios::parse_show_version(text)).is_ok(),
        Command::ShowIpInterfaceBrief => {
            black_box(cisco_ios::parse_show_ip_interface_brief(text)).is_ok()
        }
        Command::ShowInterfaces => black_box(cisco_ios::parse_show_interfaces(text)).is_ok(),
        Command::ShowInterfacesStatus => {
            black_box(cisco_ios::parse_show_interfaces_status(text)).is_ok()
        }
        Command::ShowIpRoute => black_box(cisco_ios::parse_show_ip_route(text)).is_ok(),
        Command::ShowProcessesCpu => black_box(cisco_ios::parse_show_processes_cpu(text)).is_ok(),
        Command::ShowProcessesMemory => {
            black_box(cisco_ios::parse_show_processes_memory(text)).is_ok()
        }
        Command::ShowEnvironment => black_box(cisco_ios::parse_show_environment(text)).is_ok(),
        Command::DisplayVersion => black_box(huawei_vrp::parse_display_version(text)).is_ok(),
        Command::DisplayInterface => black_box(huawei_vrp::parse_display_interface(text)).is_ok(),
        Command::DisplayInterfaceBrief => {
            black_box(huawei_vrp::parse_display_interface_brief(text)).is_ok()
        }
        Command::DisplayIpRoutingTable => {
            black_box(huawei_vrp::parse_display_ip_routing_table(text)).is_ok()
        }
        Command::DisplayCpuUsage => black_box(huawei_vrp::parse_display_cpu_usage(text)).is_ok(),
        Command::DisplayMemoryUsage => {
            black_box(huawei_vrp::parse_display_memory_usage(text)).is_ok()
        }
        Command::DisplayDevice => black_box(huawei_vrp::parse_display_device(text)).is_ok(),
        Command::DisplayFan => black_box(huawei_vrp::parse_display_fan(text)).is_ok(),
        Command::DisplayPower => black_box(huawei_vrp::parse_display_power(text)).is_ok(),
        Command::DisplayTemperature => {
            black_box(huawei_vrp::parse_display_temperature(text)).is_ok()
        }
    }
}

/// Median and minimum of one operation, timed call by call: at least 51
/// calls and at least 0.2 s of them.
fn time(mut op: impl FnMut()) -> (Duration, Duration) {
    for _ in 0..5 {
        op();
    }
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < 51 || start.elapsed() < Duration::from_millis(200) {
        let t = Instant::now();
        op();
        samples.push(t.elapsed());
        if samples.len() >= 100_000 {
            break;
        }
    }
    samples.sort();
    (samples[samples.len() / 2], samples[0])
}

fn micros(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e6)
}

struct Fixture {
    label: String,
    platform: Platform,
    command: Command,
    text: String,
}

fn fixtures() -> Vec<Fixture> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/devices");
    let mut out = Vec::new();
    for platform in Platform::ALL {
        let dir = root.join(platform.as_str());
        let mut commands: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        commands.sort();
        for command_dir in commands {
            let name = command_dir
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let command = resolve_command(platform, &name).unwrap();
            let mut raws: Vec<PathBuf> = std::fs::read_dir(&command_dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "raw"))
                .collect();
            raws.sort();
            for raw in raws {
                let file = raw.file_name().unwrap().to_string_lossy().into_owned();
                let label = if file == "cisco_ios_show_interfaces2.raw" {
                    format!("{file} (48-port switch)")
                } else {
                    file
                };
                out.push(Fixture {
                    label,
                    platform,
                    command,
                    text: std::fs::read_to_string(&raw).unwrap(),
                });
            }
        }
        // Crafted captures: the command is in the file name.
        let crafted = root.join("crafted").join(platform.as_str());
        let mut files: Vec<PathBuf> = std::fs::read_dir(&crafted)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            let name = stem
                .trim_end_matches("_session")
                .split(['_'])
                .take_while(|w| !w.chars().next().is_some_and(|c| c.is_ascii_digit()))
                .collect::<Vec<_>>()
                .join(" ");
            let command = (1..=name.split(' ').count())
                .rev()
                .find_map(|n| {
                    let words: Vec<&str> = name.split(' ').take(n).collect();
                    resolve_command(platform, &words.join(" ")).ok()
                })
                .unwrap_or_else(|| panic!("no command for {stem}"));
            out.push(Fixture {
                label: format!("crafted/{stem}"),
                platform,
                command,
                text: std::fs::read_to_string(&file).unwrap(),
            });
        }
    }
    out
}

fn main() {
    let fixtures = fixtures();
    // The machine may be shared: say how busy it was.
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let load: Vec<&str> = load.split_whitespace().take(3).collect();
        println!(
            "load average at start: {} ({} CPUs)\n",
            load.join(" "),
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
    }
    println!(
        "{:<62} {:<30} {:>6} {:>7} {:>10} {:>10} {:>10}",
        "capture", "parser", "lines", "bytes", "typed µs", "min µs", "json µs"
    );
    let mut worst = (Duration::ZERO, String::new());
    for f in &fixtures {
        assert!(typed(f.command, &f.text), "{} does not parse", f.label);
        let (median, min) = time(|| {
            black_box(typed(f.command, black_box(&f.text)));
        });
        let (json, _) = time(|| {
            black_box(f.command.parse(black_box(&f.text)).ok());
        });
        if median > worst.0 {
            worst = (median, f.label.clone());
        }
        println!(
            "{:<62} {:<30} {:>6} {:>7} {:>10} {:>10} {:>10}",
            f.label,
            format!("{} {}", f.platform, f.command.name()),
            f.text.lines().count(),
            f.text.len(),
            micros(median),
            micros(min),
            micros(json),
        );
    }
    let big = fixtures
        .iter()
        .find(|f| f.label.contains("48-port"))
        .expect("the 48-port switch capture");
    let (clean, _) = time(|| {
        black_box(clean_output(black_box(&big.text)));
    });
    println!();
    println!(
        "clean_output alone on the 48-port switch capture: {} µs",
        micros(clean)
    );
    println!("slowest median: {} µs ({})", micros(worst.0), worst.1);
}
