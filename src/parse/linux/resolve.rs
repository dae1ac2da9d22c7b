//! The collection script's `resolve` section: `name NAME` followed by a
//! `getent` run (`getent hosts NAME`: `ADDRESS NAME [ALIAS…]` lines).

use super::run::{RunStatus, output_line, parse_run_header};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", content = "detail", rename_all = "snake_case")]
pub enum Lookup {
    /// The addresses the name resolved to.
    Resolved(Vec<String>),
    /// getent answered that the name does not exist (status 2).
    NotFound,
    /// The lookup did not finish in time (a DNS server that does not answer).
    TimedOut,
    /// The lookup could not be made or ended badly.
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub name: String,
    pub lookup: Lookup,
}

pub fn parse(text: &str) -> Result<Vec<Resolution>, String> {
    let mut out: Vec<(String, Option<super::run::Run>)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("name ") {
            let name = name.trim();
            if name.is_empty() {
                return Err("`name` line without a name".to_string());
            }
            out.push((name.to_string(), None));
        } else if let Some(run) = parse_run_header(line) {
            match out.last_mut() {
                Some((_, slot)) => *slot = Some(run),
                None => return Err("a lookup before any `name` line".to_string()),
            }
        } else if let Some(o) = output_line(line) {
            if let Some(run) = out.last_mut().and_then(|(_, r)| r.as_mut()) {
                run.output.push(o.to_string());
            }
        } else if !line.trim().is_empty() {
            return Err(format!("unexpected line: {:?}", super::single::clip(line)));
        }
    }
    Ok(out
        .into_iter()
        .map(|(name, run)| {
            let lookup = match run {
                None => Lookup::Failed("no lookup was made".to_string()),
                Some(run) => match run.status {
                    RunStatus::Absent => Lookup::Failed("getent is not installed".to_string()),
                    RunStatus::Exit(0) => {
                        let addrs: Vec<String> = run
                            .output
                            .iter()
                            .filter_map(|l| l.split_whitespace().next())
                            .filter(|a| a.contains('.') || a.contains(':'))
                            .map(str::to_string)
                            .collect();
                        if addrs.is_empty() {
                            Lookup::Failed("getent succeeded but printed no address".to_string())
                        } else {
                            Lookup::Resolved(addrs)
                        }
                    }
                    RunStatus::Exit(2) => Lookup::NotFound,
                    RunStatus::Exit(124) => Lookup::TimedOut,
                    _ => Lookup::Failed(super::gateway::describe_failure("getent", &run)),
                },
            };
            Resolution { name, lookup }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolved_missing_and_broken() {
        let text = "name vm\nrun getent 0\n| 127.0.0.1       vm\n\
                    name db.example\nrun getent 0\n| fd00::10 db.example\n| 192.0.2.10 db.example\n\
                    name nope.invalid\nrun getent 2\n\
                    name slow.example\nrun getent 124\n\
                    name x\nrun getent absent\nname y\n";
        let r = parse(text).unwrap();
        assert_eq!(r.len(), 6);
        assert_eq!(r[0].name, "vm");
        assert_eq!(r[0].lookup, Lookup::Resolved(vec!["127.0.0.1".into()]));
        assert_eq!(
            r[1].lookup,
            Lookup::Resolved(vec!["fd00::10".into(), "192.0.2.10".into()])
        );
        assert_eq!(r[2].lookup, Lookup::NotFound);
        assert_eq!(r[3].lookup, Lookup::TimedOut);
        assert_eq!(
            r[4].lookup,
            Lookup::Failed("getent is not installed".into())
        );
        assert_eq!(r[5].lookup, Lookup::Failed("no lookup was made".into()));
        assert!(parse("run getent 0").is_err());
        assert!(parse("name \n").is_err());
        assert!(parse("name a\nfoo\n").is_err());
    }
}
