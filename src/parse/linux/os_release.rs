//! `/etc/os-release`: shell-style `KEY=value` lines (os-release(5)).

use serde::Serialize;
use std::collections::BTreeMap;

/// The fields an inspection reports; all of them may be missing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct OsRelease {
    pub id: Option<String>,
    pub name: Option<String>,
    pub pretty_name: Option<String>,
    pub version_id: Option<String>,
    pub version: Option<String>,
    /// Every assignment, unquoted.
    pub all: BTreeMap<String, String>,
}

impl OsRelease {
    /// How people name the system: `PRETTY_NAME`, else `NAME VERSION`, else `ID`.
    pub fn display(&self) -> String {
        if let Some(p) = &self.pretty_name {
            return p.clone();
        }
        match (&self.name, &self.version, &self.version_id, &self.id) {
            (Some(n), Some(v), _, _) | (Some(n), None, Some(v), _) => format!("{n} {v}"),
            (Some(n), None, None, _) => n.clone(),
            (None, _, _, Some(id)) => id.clone(),
            _ => "Linux".to_string(),
        }
    }
}

/// Parse os-release text; an error when it names no system at all.
pub fn parse(text: &str) -> Result<OsRelease, String> {
    let mut all = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        all.insert(key.to_string(), unquote(value.trim()));
    }
    let get = |k: &str| all.get(k).filter(|v| !v.is_empty()).cloned();
    let os = OsRelease {
        id: get("ID"),
        name: get("NAME"),
        pretty_name: get("PRETTY_NAME"),
        version_id: get("VERSION_ID"),
        version: get("VERSION"),
        all: all.clone(),
    };
    if os.id.is_none() && os.name.is_none() && os.pretty_name.is_none() {
        return Err("no ID, NAME or PRETTY_NAME in os-release".to_string());
    }
    Ok(os)
}

/// Strip shell quoting: `"a \"b\""` → `a "b"`, `'x'` → `x`.
fn unquote(v: &str) -> String {
    if let Some(inner) = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some(n @ ('"' | '\\' | '$' | '`')) => out.push(n),
                    Some(n) => {
                        out.push('\\');
                        out.push(n);
                    }
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        out
    } else if let Some(inner) = v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        inner.to_string()
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_debian_12() {
        let os = parse(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/linux/os-release.debian12"
        )))
        .unwrap();
        assert_eq!(os.id.as_deref(), Some("debian"));
        assert_eq!(os.name.as_deref(), Some("Debian GNU/Linux"));
        assert_eq!(os.version_id.as_deref(), Some("12"));
        assert_eq!(
            os.pretty_name.as_deref(),
            Some("Debian GNU/Linux 12 (bookworm)")
        );
        assert_eq!(os.display(), "Debian GNU/Linux 12 (bookworm)");
        assert_eq!(
            os.all.get("VERSION_CODENAME").map(String::as_str),
            Some("bookworm")
        );
    }

    #[test]
    fn quoting_and_fallbacks() {
        let os = parse("# c\nNAME='Rocky Linux'\nVERSION_ID=\"9.3\"\nWEIRD=\"a \\\"b\\\" \\n\"\n")
            .unwrap();
        assert_eq!(os.display(), "Rocky Linux 9.3");
        assert_eq!(os.all["WEIRD"], "a \"b\" \\n");
        assert!(parse("HOME_URL=x\n").is_err());
        assert_eq!(parse("ID=alpine").unwrap().display(), "alpine");
    }
}
