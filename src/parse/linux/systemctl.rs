//! `systemctl --failed --no-legend --plain`: one failed unit a line,
//! `UNIT LOAD ACTIVE SUB DESCRIPTION…` (older systemd prefixes `●`).

use serde::Serialize;
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedUnit {
    pub unit: String,
    pub load: String,
    pub active: String,
    pub sub: String,
    pub description: String,
}

pub fn parse_failed(text: &str) -> Result<Vec<FailedUnit>, String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim_start_matches(|c: char| c.is_whitespace() || c == '●' || c == '*');
        if line.trim().is_empty() {
            continue;
        }
        // A legend that slipped through (`0 loaded units listed.`).
        if line.contains("loaded units listed") {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(unit), Some(load), Some(active), Some(sub)) =
            (words.next(), words.next(), words.next(), words.next())
        else {
            return Err(format!("not a unit line: {:?}", super::single::clip(line)));
        };
        if !unit.contains('.') {
            return Err(format!("not a unit name: {:?}", super::single::clip(unit)));
        }
        out.push(FailedUnit {
            unit: unit.to_string(),
            load: load.to_string(),
            active: active.to_string(),
            sub: sub.to_string(),
            description: words.collect::<Vec<_>>().join(" "),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_units() {
        let text = "nginx.service loaded failed failed A high performance web server\n\
                    ● logrotate.service loaded failed failed Rotate log files\n";
        let u = parse_failed(text).unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].unit, "nginx.service");
        assert_eq!(u[0].active, "failed");
        assert_eq!(u[0].description, "A high performance web server");
        assert_eq!(u[1].unit, "logrotate.service");
        assert!(parse_failed("").unwrap().is_empty());
        assert!(parse_failed("0 loaded units listed.\n").unwrap().is_empty());
        assert!(parse_failed("Failed to connect to bus\n").is_err());
        assert!(parse_failed("a b c d\n").is_err());
    }
}
