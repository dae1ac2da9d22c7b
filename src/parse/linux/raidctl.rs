//! Hardware RAID controllers, as their vendors' command-line tools print
//! them, and the `hw-raid` section of the collection script, which runs
//! whichever tool of each family the host has:
//!
//! ```text
//! tool storcli /opt/MegaRAID/storcli/storcli64
//! run show 0                       (or `noperm REASON` when it may not run)
//! | {"Controllers": [ ... ]}
//! tool ssacli /usr/sbin/ssacli
//! run show 0
//! | Smart Array P440ar in Slot 0 (Embedded) ...
//! ```
//!
//! Families and what is run (read-only subcommands only):
//! `storcli` (storcli64, storcli, perccli64, perccli): `/call show all J`;
//! `ssacli` (ssacli, hpssacli): `ctrl all show config`;
//! `megacli` (MegaCli64, MegaCli): `-LDInfo -Lall -aALL -NoLog`, then
//! `-PDList -aALL -NoLog` for the drives (run `pd`);
//! `arcconf`: `GETCONFIG 1 LD`, then `GETCONFIG 1 PD` (run `pd`).
//!
//! States are kept as the tool prints them; judging them is the domain's.

use super::run::{output_line, parse_run_header};
use serde::Serialize;
use serde_json::Value;

/// One logical drive (virtual drive, volume).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Volume {
    /// The controller as the tool numbers it: `c0`, `slot0`.
    pub controller: String,
    /// The volume within it: `v1` (storcli VD 1), `ld2`.
    pub id: String,
    pub name: Option<String>,
    pub level: Option<String>,
    pub size: Option<String>,
    /// As printed: `Optl`, `Dgrd`, `Interim Recovery Mode`, `Degraded`…
    pub state: String,
}

/// One physical drive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhysDrive {
    pub controller: String,
    /// `e252s3` (storcli enclosure:slot), `1I:1:2` (ssacli).
    pub id: String,
    pub model: Option<String>,
    pub size: Option<String>,
    /// As printed: `Onln`, `UBad`, `Failed`, `Predictive Failure`…
    pub state: String,
    /// What the tool counts against a drive whatever its state
    /// (`media errors 23`, `predictive failures 4`, `S.M.A.R.T. warnings 3`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<String>,
}

/// What one controller tool reported.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct RaidReport {
    pub volumes: Vec<Volume>,
    pub drives: Vec<PhysDrive>,
}

/// How running a hardware tool went (shared by the hardware sections).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "result", content = "detail")]
pub enum Outcome<T> {
    Parsed(T),
    /// Not root and not allowed through sudo (the reason says which).
    NotPermitted(String),
    /// The tool ran and found nothing to report on (no controller).
    Nothing(String),
    /// The tool failed or printed what is not understood.
    Failed(String),
}

/// One tool found on the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RaidTool {
    pub family: String,
    pub path: String,
    pub outcome: Outcome<RaidReport>,
}

/// A block of a hardware section: its header words, then `noperm` or a run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Block {
    pub head: Vec<String>,
    pub noperm: Option<String>,
    /// Each run: tag, exit status, output lines.
    pub runs: Vec<(String, Option<i32>, Vec<String>)>,
}

/// Split a hardware section into blocks, each opened by a line starting
/// with `opener` (`tool`, `disk`).
pub fn blocks(text: &str, openers: &[&str]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for line in text.lines() {
        let first = line.split_whitespace().next().unwrap_or("");
        if openers.contains(&first) {
            out.push(Block {
                head: line.split_whitespace().map(String::from).collect(),
                ..Block::default()
            });
        } else if let Some(reason) = line.strip_prefix("noperm") {
            if let Some(b) = out.last_mut() {
                b.noperm = Some(reason.trim().to_string());
            }
        } else if let Some(run) = parse_run_header(line) {
            if let Some(b) = out.last_mut() {
                let rc = run.exit();
                b.runs.push((run.tag, rc, Vec::new()));
            }
        } else if let Some(l) = output_line(line)
            && let Some(r) = out.last_mut().and_then(|b| b.runs.last_mut())
        {
            r.2.push(l.to_string());
        }
    }
    out
}

/// sudo's own complaint (`sudo: a password is required`), when the
/// output is one.
pub fn sudo_refusal(lines: &[String]) -> Option<String> {
    lines
        .iter()
        .map(|l| l.trim())
        .find(|l| {
            l.starts_with("sudo: ")
                || (l.contains("is not allowed to execute") && l.contains("as root"))
        })
        .map(|l| format!("sudo -n refused: {}", super::single::clip(l)))
}

/// The outcome of a block's single run, given the parser of its output.
pub fn outcome<T>(
    b: &Block,
    tool: &str,
    parse: impl Fn(&str, Option<i32>) -> Outcome<T>,
) -> Outcome<T> {
    if let Some(r) = &b.noperm {
        return Outcome::NotPermitted(r.clone());
    }
    let Some((_, rc, lines)) = b.runs.first() else {
        return Outcome::Failed(format!("{tool} did not run"));
    };
    if *rc != Some(0)
        && let Some(why) = sudo_refusal(lines)
    {
        return Outcome::NotPermitted(why);
    }
    // JSON output (smartctl's) carries its own messages: its parser reads them.
    let json = lines.iter().any(|l| l.trim_start().starts_with('{'));
    if *rc != Some(0)
        && !json
        && let Some(l) = lines
            .iter()
            .find(|l| l.contains("Permission denied") || l.contains("Operation not permitted"))
    {
        return Outcome::NotPermitted(format!("permission denied: {}", super::single::clip(l)));
    }
    if matches!(rc, Some(124 | 137 | 143)) {
        return Outcome::Failed(format!("{tool} timed out"));
    }
    parse(&lines.join("\n"), *rc)
}

/// The `hw-raid` section.
pub fn parse_section(text: &str) -> Result<Vec<RaidTool>, String> {
    let mut tools = Vec::new();
    for b in blocks(text, &["tool"]) {
        let family = b.head.get(1).cloned().unwrap_or_default();
        let path = b.head.get(2).cloned().unwrap_or_default();
        let name = path.rsplit('/').next().unwrap_or(&path).to_string();
        let parse: fn(&str) -> Result<RaidReport, String> = match family.as_str() {
            "storcli" => parse_storcli,
            "ssacli" => parse_ssacli,
            "megacli" => parse_megacli,
            "arcconf" => parse_arcconf,
            other => return Err(format!("unknown RAID tool family {other:?}")),
        };
        // MegaCli and arcconf list the drives in a second run of their own.
        let pd: fn(&str) -> Vec<PhysDrive> = match family.as_str() {
            "megacli" => parse_megacli_pd,
            "arcconf" => parse_arcconf_pd,
            _ => |_| Vec::new(),
        };
        let drives: Vec<PhysDrive> = b
            .runs
            .iter()
            .filter(|(tag, rc, _)| tag == "pd" && *rc == Some(0))
            .flat_map(|(_, _, lines)| pd(&lines.join("\n")))
            .collect();
        let parse = |text: &str| {
            parse(text).map(|mut r| {
                r.drives.extend(drives.iter().cloned());
                r
            })
        };
        let outcome = outcome(&b, &name, |text, rc| match parse(text) {
            Ok(r) if r.volumes.is_empty() && r.drives.is_empty() => {
                Outcome::Nothing(format!("{name} reports no controller or volume"))
            }
            Ok(r) => Outcome::Parsed(r),
            Err(e) if rc == Some(0) => Outcome::Failed(format!("{name}: {e}")),
            Err(e) => Outcome::Failed(format!(
                "{name} failed with status {}: {}",
                rc.map_or("?".to_string(), |r| r.to_string()),
                first_line(text).map_or(e, super::single::clip)
            )),
        });
        tools.push(RaidTool {
            family,
            path,
            outcome,
        });
    }
    Ok(tools)
}

fn first_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|l| !l.is_empty())
}

fn s(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// storcli / perccli JSON (`/call show all J`): each controller's
/// `Response Data` holds `VD LIST` and `PD LIST`. A controller whose
/// command failed ("No Controller found") contributes nothing.
pub fn parse_storcli(text: &str) -> Result<RaidReport, String> {
    let start = text.find('{').ok_or("no JSON object in storcli output")?;
    let v: Value = serde_json::from_str(&text[start..])
        .map_err(|e| format!("storcli JSON not understood: {e}"))?;
    let ctrls = v["Controllers"]
        .as_array()
        .ok_or("storcli JSON without Controllers")?;
    let mut r = RaidReport::default();
    let mut failures = Vec::new();
    for c in ctrls {
        let status = &c["Command Status"];
        if status["Status"].as_str() == Some("Failure") {
            let d = s(&status["Description"]).unwrap_or_else(|| "Failure".to_string());
            if !d.to_ascii_lowercase().contains("no controller") {
                failures.push(d);
            }
        }
        let n = s(&status["Controller"])
            .or_else(|| s(&c["Response Data"]["Basics"]["Controller"]))
            .unwrap_or_else(|| "0".to_string());
        let ctl = format!("c{n}");
        let data = &c["Response Data"];
        for vd in data["VD LIST"].as_array().into_iter().flatten() {
            let dgvd = s(&vd["DG/VD"]).unwrap_or_default();
            let id = dgvd.rsplit('/').next().unwrap_or(&dgvd).to_string();
            r.volumes.push(Volume {
                controller: ctl.clone(),
                id: format!("v{id}"),
                name: s(&vd["Name"]),
                level: s(&vd["TYPE"]),
                size: s(&vd["Size"]),
                state: s(&vd["State"]).unwrap_or_else(|| "?".to_string()),
            });
        }
        for pd in data["PD LIST"].as_array().into_iter().flatten() {
            let slot = s(&pd["EID:Slt"]).unwrap_or_default();
            let id = match slot.split_once(':') {
                Some((e, sl)) if !e.trim().is_empty() => format!("e{}s{}", e.trim(), sl.trim()),
                Some((_, sl)) => format!("s{}", sl.trim()),
                None => slot,
            };
            r.drives.push(PhysDrive {
                controller: ctl.clone(),
                id,
                model: s(&pd["Model"]),
                size: s(&pd["Size"]),
                state: s(&pd["State"]).unwrap_or_else(|| "?".to_string()),
                alerts: Vec::new(),
            });
        }
    }
    if r.volumes.is_empty() && r.drives.is_empty() && !failures.is_empty() {
        return Err(format!("storcli says: {}", failures.join("; ")));
    }
    Ok(r)
}

/// The words inside a line's outermost parentheses, split at `, `.
fn paren_fields(line: &str) -> Option<Vec<String>> {
    let open = line.find('(')?;
    let close = line.rfind(')')?;
    (close > open).then(|| {
        line[open + 1..close]
            .split(", ")
            .map(|p| p.trim().to_string())
            .collect()
    })
}

/// ssacli / hpssacli `ctrl all show config`: controller lines
/// (`Smart Array P440ar in Slot 0 (Embedded)`), `logicaldrive N (SIZE,
/// RAID L, STATUS)` and `physicaldrive P:B:D (port…, TYPE, SIZE, STATUS)`.
pub fn parse_ssacli(text: &str) -> Result<RaidReport, String> {
    let mut r = RaidReport::default();
    let mut ctl = String::from("slot?");
    let mut seen = false;
    for line in text.lines() {
        let t = line.trim();
        if !line.starts_with(' ') && t.contains(" in Slot ") {
            let slot = t
                .split(" in Slot ")
                .nth(1)
                .and_then(|x| x.split_whitespace().next())
                .unwrap_or("?");
            ctl = format!("slot{slot}");
            seen = true;
        } else if let Some(rest) = t.strip_prefix("logicaldrive ") {
            let id = rest.split_whitespace().next().unwrap_or("?");
            let f = paren_fields(t).unwrap_or_default();
            if f.len() < 3 {
                continue;
            }
            r.volumes.push(Volume {
                controller: ctl.clone(),
                id: format!("ld{id}"),
                name: None,
                level: Some(f[1].clone()),
                size: Some(f[0].clone()),
                state: f[2..].join(", "),
            });
        } else if let Some(rest) = t.strip_prefix("physicaldrive ") {
            let id = rest.split_whitespace().next().unwrap_or("?");
            let f = paren_fields(t).unwrap_or_default();
            if f.len() < 4 {
                continue;
            }
            r.drives.push(PhysDrive {
                controller: ctl.clone(),
                id: id.to_string(),
                model: Some(f[1].clone()),
                size: Some(f[2].clone()),
                state: f[3..].join(", "),
                alerts: Vec::new(),
            });
        }
    }
    if !seen
        && r.volumes.is_empty()
        && !text.to_lowercase().contains("no controllers")
        && let Some(l) = first_line(text)
    {
        return Err(format!(
            "ssacli output not understood: {}",
            super::single::clip(l)
        ));
    }
    Ok(r)
}

fn key_value(line: &str) -> Option<(&str, &str)> {
    let (k, v) = line.split_once(':')?;
    Some((k.trim(), v.trim()))
}

/// MegaCli `-LDInfo -Lall -aALL`: `Adapter N -- Virtual Drive Information:`,
/// then per drive `Virtual Drive: N (Target Id: N)`, `Name :…`, `RAID Level
/// :…`, `Size :…`, `State :…`.
pub fn parse_megacli(text: &str) -> Result<RaidReport, String> {
    let mut r = RaidReport::default();
    let mut ctl = String::from("c0");
    for line in text.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("Adapter ") {
            let n = rest.split_whitespace().next().unwrap_or("0");
            ctl = format!("c{}", n.trim_end_matches(':'));
        } else if let Some(rest) = t.strip_prefix("Virtual Drive:") {
            let n = rest.split_whitespace().next().unwrap_or("?");
            r.volumes.push(Volume {
                controller: ctl.clone(),
                id: format!("v{n}"),
                name: None,
                level: None,
                size: None,
                state: "?".into(),
            });
        } else if let (Some((k, v)), Some(vol)) = (key_value(t), r.volumes.last_mut()) {
            match k {
                "Name" if !v.is_empty() => vol.name = Some(v.to_string()),
                "RAID Level" => vol.level = Some(v.to_string()),
                "Size" => vol.size = Some(v.to_string()),
                "State" => vol.state = v.to_string(),
                _ => {}
            }
        }
    }
    Ok(r)
}

/// arcconf `GETCONFIG 1 LD`: `Logical Device number N` (or `Logical device
/// number N`), then `Logical Device name :…`, `RAID level :…`, `Status of
/// Logical Device :…`, `Size :…`.
pub fn parse_arcconf(text: &str) -> Result<RaidReport, String> {
    let mut r = RaidReport::default();
    for line in text.lines() {
        let t = line.trim();
        let lower = t.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("logical device number ") {
            r.volumes.push(Volume {
                controller: "c1".into(),
                id: format!("ld{}", rest.trim()),
                name: None,
                level: None,
                size: None,
                state: "?".into(),
            });
        } else if let (Some((k, v)), Some(vol)) = (key_value(t), r.volumes.last_mut()) {
            match k.to_ascii_lowercase().as_str() {
                "logical device name" if !v.is_empty() => vol.name = Some(v.to_string()),
                "raid level" => vol.level = Some(format!("RAID {v}")),
                "size" => vol.size = Some(v.to_string()),
                "status of logical device" => vol.state = v.to_string(),
                _ => {}
            }
        }
    }
    Ok(r)
}

/// A count that is not zero, as an alert (`media errors 23`).
fn count_alert(alerts: &mut Vec<String>, what: &str, v: &str) {
    if let Ok(n) = v.trim().parse::<u64>()
        && n > 0
    {
        alerts.push(format!("{what} {n}"));
    }
}

/// MegaCli `-PDList -aALL`: `Adapter #N`, then per drive `Enclosure Device
/// ID`, `Slot Number`, `Media Error Count`, `Predictive Failure Count`,
/// `Coerced Size`, `Firmware state` (`Online, Spun Up`, `Failed`,
/// `Rebuild`, `Unconfigured(bad)`, `Hotspare, Spun Up`…), `Inquiry Data`
/// and `Drive has flagged a S.M.A.R.T alert`.
pub fn parse_megacli_pd(text: &str) -> Vec<PhysDrive> {
    let mut out: Vec<PhysDrive> = Vec::new();
    let mut ctl = String::from("c0");
    let mut enclosure = String::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("Adapter #") {
            ctl = format!("c{}", rest.split_whitespace().next().unwrap_or("0"));
            continue;
        }
        let Some((k, v)) = key_value(t) else {
            continue;
        };
        match k {
            "Enclosure Device ID" => enclosure = v.to_string(),
            "Slot Number" => {
                let id = if enclosure.is_empty() || enclosure == "N/A" {
                    format!("s{v}")
                } else {
                    format!("e{enclosure}s{v}")
                };
                out.push(PhysDrive {
                    controller: ctl.clone(),
                    id,
                    model: None,
                    size: None,
                    state: "?".into(),
                    alerts: Vec::new(),
                });
                enclosure.clear();
            }
            _ => {
                let Some(d) = out.last_mut() else { continue };
                match k {
                    "Media Error Count" => count_alert(&mut d.alerts, "media errors", v),
                    "Predictive Failure Count" => {
                        count_alert(&mut d.alerts, "predictive failures", v)
                    }
                    "Coerced Size" => {
                        d.size = Some(v.split(" [").next().unwrap_or(v).trim().to_string())
                    }
                    "Firmware state" => d.state = v.to_string(),
                    "Inquiry Data" => {
                        let words: Vec<&str> = v.split_whitespace().collect();
                        // Vendor, product, then firmware and serial run together.
                        if words.len() >= 2 {
                            d.model = Some(format!("{} {}", words[0], words[1]));
                        }
                    }
                    "Drive has flagged a S.M.A.R.T alert" if v.eq_ignore_ascii_case("yes") => {
                        d.alerts.push("S.M.A.R.T. alert".into())
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// arcconf `GETCONFIG 1 PD`: `Device #N` blocks; drives (`Device is a Hard
/// drive`, `… Solid State drive`) have `State` (`Online`, `Failed`, `Ready`,
/// `Hot Spare`, `Rebuilding`…), `Vendor`, `Model`, `Size`, `S.M.A.R.T.`
/// (`Yes` when the drive predicts its failure) and `S.M.A.R.T. warnings`;
/// enclosures and other devices are left out.
pub fn parse_arcconf_pd(text: &str) -> Vec<PhysDrive> {
    let mut out: Vec<PhysDrive> = Vec::new();
    let mut current: Option<(PhysDrive, bool)> = None;
    let mut vendor = None::<String>;
    let flush = |cur: &mut Option<(PhysDrive, bool)>, out: &mut Vec<PhysDrive>| {
        if let Some((d, true)) = cur.take() {
            out.push(d);
        }
    };
    for line in text.lines() {
        let t = line.trim();
        if let Some(n) = t.strip_prefix("Device #") {
            flush(&mut current, &mut out);
            vendor = None;
            current = Some((
                PhysDrive {
                    controller: "c1".into(),
                    id: format!("pd{}", n.trim()),
                    model: None,
                    size: None,
                    state: "?".into(),
                    alerts: Vec::new(),
                },
                false,
            ));
            continue;
        }
        let Some((d, is_drive)) = current.as_mut() else {
            continue;
        };
        if let Some(kind) = t.strip_prefix("Device is ") {
            *is_drive = kind.to_ascii_lowercase().contains("drive");
            continue;
        }
        let Some((k, v)) = key_value(t) else {
            continue;
        };
        match k {
            "State" => d.state = v.to_string(),
            "Vendor" => vendor = Some(v.to_string()),
            "Model" => {
                d.model = Some(match &vendor {
                    Some(vd) => format!("{vd} {v}"),
                    None => v.to_string(),
                })
            }
            "Size" => d.size = Some(v.to_string()),
            "S.M.A.R.T." if v.eq_ignore_ascii_case("yes") => {
                d.alerts.push("S.M.A.R.T. predicts failure".into())
            }
            "S.M.A.R.T. warnings" => count_alert(&mut d.alerts, "S.M.A.R.T. warnings", v),
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::parse::linux::hw_fixture as fixture;

    #[test]
    fn storcli_volumes_and_drives() {
        let r = parse_storcli(&fixture("storcli-degraded.json")).unwrap();
        assert_eq!(r.volumes.len(), 2);
        assert_eq!(r.volumes[0].id, "v0");
        assert_eq!(r.volumes[0].state, "Optl");
        assert_eq!(r.volumes[0].name.as_deref(), Some("os"));
        assert_eq!(r.volumes[1].id, "v1");
        assert_eq!(r.volumes[1].state, "Dgrd");
        assert_eq!(r.volumes[1].level.as_deref(), Some("RAID5"));
        assert_eq!(r.drives.len(), 5);
        let bad: Vec<_> = r.drives.iter().filter(|d| d.state != "Onln").collect();
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].id, "e252s4");
        assert_eq!(bad[0].state, "UBad");
        assert_eq!(bad[0].controller, "c0");
    }

    #[test]
    fn storcli_without_controller_reports_nothing() {
        let r = parse_storcli(&fixture("storcli-none.json")).unwrap();
        assert_eq!(r, RaidReport::default());
        assert!(parse_storcli("garbage").is_err());
        let e = parse_storcli(
            r#"{"Controllers":[{"Command Status":{"Status":"Failure","Description":"Un-supported command"}}]}"#,
        )
        .unwrap_err();
        assert_eq!(e, "storcli says: Un-supported command");
    }

    #[test]
    fn ssacli_interim_recovery_and_failed_drive() {
        let r = parse_ssacli(&fixture("ssacli-config.txt")).unwrap();
        assert_eq!(r.volumes.len(), 2);
        assert_eq!(r.volumes[0].controller, "slot0");
        assert_eq!(r.volumes[0].id, "ld1");
        assert_eq!(r.volumes[0].state, "Interim Recovery Mode");
        assert_eq!(r.volumes[0].level.as_deref(), Some("RAID 1"));
        assert_eq!(r.volumes[1].state, "OK");
        assert_eq!(r.drives.len(), 4);
        assert_eq!(r.drives[0].id, "1I:1:1");
        assert_eq!(r.drives[0].state, "Failed");
        assert_eq!(r.drives[3].state, "Predictive Failure");
    }

    #[test]
    fn megacli_and_arcconf() {
        let text = "\nAdapter 0 -- Virtual Drive Information:\nVirtual Drive: 0 (Target Id: 0)\n\
            Name                :os\nRAID Level          : Primary-1, Secondary-0, RAID Level Qualifier-0\n\
            Size                : 557.861 GB\nState               : Degraded\n\
            Virtual Drive: 1 (Target Id: 1)\nName                :\nState               : Optimal\n\nExit Code: 0x00\n";
        let r = parse_megacli(text).unwrap();
        assert_eq!(r.volumes.len(), 2);
        assert_eq!(r.volumes[0].state, "Degraded");
        assert_eq!(r.volumes[0].name.as_deref(), Some("os"));
        assert_eq!(r.volumes[1].name, None);
        assert_eq!(r.volumes[1].state, "Optimal");
        let text = "Controllers found: 1\n----\nLogical device information\n----\n\
            Logical Device number 0\n   Logical Device name                      : data\n\
            \x20  RAID level                               : 5\n\
            \x20  Status of Logical Device                 : Rebuilding\n\
            \x20  Size                                     : 1144000 MB\n\nCommand completed successfully.\n";
        let r = parse_arcconf(text).unwrap();
        assert_eq!(r.volumes[0].id, "ld0");
        assert_eq!(r.volumes[0].state, "Rebuilding");
        assert_eq!(r.volumes[0].level.as_deref(), Some("RAID 5"));
    }

    #[test]
    fn the_section_keeps_each_tool_and_its_outcome() {
        let json = fixture("storcli-degraded.json");
        let mut text = String::from("tool storcli /opt/MegaRAID/storcli/storcli64\nrun show 0\n");
        for l in json.lines() {
            text.push_str(&format!("| {l}\n"));
        }
        text.push_str("tool ssacli /usr/sbin/ssacli\nnoperm not root, and hw_sudo is off\n");
        text.push_str(
            "tool megacli /usr/sbin/MegaCli64\nrun show 1\n| sudo: a password is required\n",
        );
        let tools = parse_section(&text).unwrap();
        assert_eq!(tools.len(), 3);
        assert!(matches!(&tools[0].outcome, Outcome::Parsed(r) if r.volumes.len() == 2));
        assert_eq!(
            tools[1].outcome,
            Outcome::NotPermitted("not root, and hw_sudo is off".into())
        );
        assert_eq!(
            tools[2].outcome,
            Outcome::NotPermitted("sudo -n refused: sudo: a password is required".into())
        );
    }

    #[test]
    fn megacli_physical_drives() {
        let d = parse_megacli_pd(&fixture("megacli-pdlist.txt"));
        assert_eq!(d.len(), 4);
        assert_eq!(d[0].controller, "c0");
        assert_eq!(d[0].id, "e32s0");
        assert_eq!(d[0].state, "Online, Spun Up");
        assert_eq!(d[0].model.as_deref(), Some("SEAGATE ST600MM0088"));
        assert_eq!(d[0].size.as_deref(), Some("558.375 GB"));
        assert!(d[0].alerts.is_empty());
        assert_eq!(d[1].id, "e32s1");
        assert_eq!(d[1].state, "Failed");
        assert_eq!(d[1].alerts, ["media errors 23"]);
        assert_eq!(d[2].state, "Online, Spun Up");
        assert_eq!(d[2].alerts, ["predictive failures 4", "S.M.A.R.T. alert"]);
        assert_eq!(d[3].state, "Rebuild");
    }

    #[test]
    fn arcconf_physical_drives() {
        let d = parse_arcconf_pd(&fixture("arcconf-getconfig-pd.txt"));
        assert_eq!(d.len(), 3, "the enclosure is not a drive: {d:#?}");
        assert_eq!(d[0].id, "pd0");
        assert_eq!(d[0].controller, "c1");
        assert_eq!(d[0].state, "Online");
        assert_eq!(d[0].model.as_deref(), Some("SEAGATE ST3300657SS"));
        assert_eq!(d[0].size.as_deref(), Some("286102 MB"));
        assert_eq!(d[1].state, "Failed");
        assert_eq!(
            d[2].alerts,
            ["S.M.A.R.T. predicts failure", "S.M.A.R.T. warnings 3"]
        );
    }

    #[test]
    fn the_section_adds_megacli_and_arcconf_drives() {
        let mut text = String::from("tool megacli /usr/sbin/MegaCli64\nrun show 0\n");
        for l in "Adapter 0 -- Virtual Drive Information:\nVirtual Drive: 0 (Target Id: 0)\nState               : Degraded\n".lines() {
            text.push_str(&format!("| {l}\n"));
        }
        text.push_str("run pd 0\n");
        for l in fixture("megacli-pdlist.txt").lines() {
            text.push_str(&format!("| {l}\n"));
        }
        text.push_str("tool arcconf /usr/sbin/arcconf\nrun show 0\n| Controllers found: 1\n| Logical Device number 0\n|    Status of Logical Device : Optimal\nrun pd 0\n");
        for l in fixture("arcconf-getconfig-pd.txt").lines() {
            text.push_str(&format!("| {l}\n"));
        }
        let tools = parse_section(&text).unwrap();
        let Outcome::Parsed(m) = &tools[0].outcome else {
            panic!("{tools:#?}")
        };
        assert_eq!((m.volumes.len(), m.drives.len()), (1, 4));
        let Outcome::Parsed(a) = &tools[1].outcome else {
            panic!("{tools:#?}")
        };
        assert_eq!((a.volumes.len(), a.drives.len()), (1, 3));
        assert_eq!(a.drives[1].state, "Failed");
    }
}
