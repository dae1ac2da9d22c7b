//! `jump`: the bastion, or the chain of bastions, a target is reached
//! through, nearest first. The inventory writes it as one name, as ssh's
//! comma-separated ProxyJump (`"bastion1,bastion2"`) or as a list
//! (`["bastion1", "bastion2"]`); each hop is an inventory host name or
//! `[user@]host[:port]`.

use serde::{Deserialize, Deserializer};

/// The longest chain `ops` follows: past it a jump list is surely a loop
/// through `~/.ssh/config` or a typo, and every hop costs a handshake.
pub const MAX_HOPS: usize = 8;

/// The hops of a jump chain, nearest to this machine first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jump(pub Vec<String>);

impl Jump {
    /// ProxyJump's form: hops separated by commas; `none` is no jump.
    pub fn parse(text: &str) -> Result<Option<Jump>, String> {
        if text.trim().eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        Jump::from_hops(text.split(',').map(str::to_owned).collect()).map(Some)
    }

    fn from_hops(hops: Vec<String>) -> Result<Jump, String> {
        let hops: Vec<String> = hops.iter().map(|h| h.trim().to_owned()).collect();
        if hops.is_empty() || hops.iter().any(String::is_empty) {
            return Err(format!(
                "jump {:?} has an empty hop; write \"bastion\", \"bastion1,bastion2\" or \
                 [\"bastion1\", \"bastion2\"]",
                hops.join(",")
            ));
        }
        if hops.len() > MAX_HOPS {
            return Err(format!(
                "jump {:?} has {} hops; ops follows at most {MAX_HOPS}",
                hops.join(","),
                hops.len()
            ));
        }
        Ok(Jump(hops))
    }
}

impl std::fmt::Display for Jump {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join(","))
    }
}

impl<'de> Deserialize<'de> for Jump {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Jump, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            One(String),
            Chain(Vec<String>),
        }
        let hops = match Written::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "jump is a host (\"bastion\", \"bastion1,bastion2\") or a list of hosts \
                 ([\"bastion1\", \"bastion2\"])",
            )
        })? {
            Written::One(text) => text.split(',').map(str::to_owned).collect(),
            Written::Chain(hops) => hops,
        };
        Jump::from_hops(hops).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Entry {
        jump: Jump,
    }

    fn read(toml_text: &str) -> Result<Vec<String>, String> {
        toml::from_str::<Entry>(toml_text)
            .map(|e| e.jump.0)
            .map_err(|e| e.message().to_owned())
    }

    #[test]
    fn one_name_a_comma_list_and_a_toml_list_are_the_same_chain() {
        let chain = vec!["b1".to_string(), "ops@b2:2222".to_string()];
        assert_eq!(read(r#"jump = "b1, ops@b2:2222""#), Ok(chain.clone()));
        assert_eq!(read(r#"jump = ["b1", "ops@b2:2222"]"#), Ok(chain));
        assert_eq!(read(r#"jump = "b1""#), Ok(vec!["b1".to_string()]));
        assert_eq!(Jump::parse("none"), Ok(None));
        assert_eq!(
            Jump::parse("a,b").unwrap().unwrap().to_string(),
            "a,b".to_string()
        );
    }

    #[test]
    fn empty_hops_too_many_hops_and_other_types_are_refused() {
        assert!(
            read(r#"jump = "b1,,b2""#)
                .unwrap_err()
                .contains("empty hop")
        );
        assert!(read(r#"jump = []"#).unwrap_err().contains("empty hop"));
        let nine = (0..9).map(|i| format!("\"b{i}\"")).collect::<Vec<_>>();
        let long = read(&format!("jump = [{}]", nine.join(","))).unwrap_err();
        assert!(long.contains("at most 8"), "{long}");
        assert!(read("jump = 3").unwrap_err().contains("list of hosts"));
    }
}
