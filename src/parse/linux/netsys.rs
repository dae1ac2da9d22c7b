//! The collection script's `net-sys` section: one line per interface in
//! `/sys/class/net`, `NAME OPERSTATE CARRIER`, `-` where a file could not be
//! read (the kernel refuses `carrier` of an interface that is down).

use serde::Serialize;
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SysNet {
    pub name: String,
    /// `up`, `down`, `unknown`, `lowerlayerdown`, `dormant`…
    pub operstate: Option<String>,
    pub carrier: Option<bool>,
}

pub fn parse(text: &str) -> Result<Vec<SysNet>, String> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() != 3 {
            return Err(format!(
                "expected `NAME OPERSTATE CARRIER`, got {:?}",
                super::single::clip(line)
            ));
        }
        out.push(SysNet {
            name: words[0].to_string(),
            operstate: (words[1] != "-").then(|| words[1].to_string()),
            carrier: match words[2] {
                "1" => Some(true),
                "0" => Some(false),
                _ => None,
            },
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines() {
        let n = parse("eth0 up 1\nifb0 down -\neno2 down 0\n").unwrap();
        assert_eq!(n.len(), 3);
        assert_eq!(n[0].operstate.as_deref(), Some("up"));
        assert_eq!(n[0].carrier, Some(true));
        assert_eq!(n[1].carrier, None);
        assert_eq!(n[2].carrier, Some(false));
        assert!(parse("eth0 up").is_err());
        assert_eq!(parse("").unwrap(), vec![]);
    }
}
