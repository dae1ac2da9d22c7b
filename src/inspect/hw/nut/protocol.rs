//! The lines of the NUT network protocol, as `upsd` writes and reads them
//! (NUT developer guide, "Network protocol information"): pure text, no I/O.
//!
//! A line is words separated by spaces; a word may be `"quoted"`, and inside
//! quotes `\"` is a quote and `\\` a backslash. `LIST VAR ups1` is answered by
//!
//! ```text
//! BEGIN LIST VAR ups1
//! VAR ups1 battery.charge "100"
//! VAR ups1 ups.status "OL CHRG"
//! END LIST VAR ups1
//! ```
//!
//! or by one `ERR CODE` line.

use std::collections::BTreeMap;

/// The words of one line, quotes and escapes undone.
pub fn words(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        let Some(&first) = chars.peek() else {
            return Ok(out);
        };
        let mut word = String::new();
        if first == '"' {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err("a quoted value that does not end".into()),
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some(c) => word.push(c),
                        None => return Err("a backslash at the end of the line".into()),
                    },
                    Some(c) => word.push(c),
                }
            }
            if chars.peek().is_some_and(|c| *c != ' ' && *c != '\t') {
                return Err("text right after a closing quote".into());
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ' ' || c == '\t' {
                    break;
                }
                chars.next();
                match c {
                    '\\' => match chars.next() {
                        Some(e) => word.push(e),
                        None => return Err("a backslash at the end of the line".into()),
                    },
                    '"' => return Err("a quote inside a word".into()),
                    c => word.push(c),
                }
            }
        }
        out.push(word);
    }
}

/// An argument as a command line sends it: quoted, with `\` and `"` escaped,
/// when it is empty or holds anything but plain characters.
pub fn quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\');
    if plain {
        return arg.to_string();
    }
    let mut out = String::with_capacity(arg.len() + 2);
    out.push('"');
    for c in arg.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Whether an argument can be sent at all: a line break would end the
/// command early and smuggle in another one.
pub fn sendable(arg: &str) -> bool {
    !arg.contains(['\n', '\r', '\0'])
}

/// Why an answer to `LIST VAR` gave no variables.
#[derive(Debug, Clone, PartialEq)]
pub enum ListError {
    /// upsd said `ERR CODE` (`UNKNOWN-UPS`, `ACCESS-DENIED`, `DATA-STALE`, …).
    Refused(String),
    /// Not the protocol: what was wrong, and the line (shortened, escaped).
    Garbage(String),
}

/// An answer to `LIST VAR <ups>`, read line by line.
#[derive(Debug, Clone)]
pub struct ListVar {
    ups: String,
    begun: bool,
    vars: BTreeMap<String, String>,
}

impl ListVar {
    pub fn new(ups: &str) -> ListVar {
        ListVar {
            ups: ups.to_string(),
            begun: false,
            vars: BTreeMap::new(),
        }
    }

    /// Take one line (without its line break); `Ok(true)` once the list has
    /// ended.
    pub fn feed(&mut self, line: &str) -> Result<bool, ListError> {
        let w = words(line).map_err(|why| garbage(&why, line))?;
        let w: Vec<&str> = w.iter().map(String::as_str).collect();
        if !self.begun {
            return match w.as_slice() {
                ["BEGIN", "LIST", "VAR", ups] if *ups == self.ups => {
                    self.begun = true;
                    Ok(false)
                }
                ["ERR", code, ..] => Err(ListError::Refused(code.to_string())),
                _ => Err(garbage("not an answer to LIST VAR", line)),
            };
        }
        match w.as_slice() {
            ["VAR", ups, name, value] if *ups == self.ups => {
                self.vars.insert(name.to_string(), value.to_string());
                Ok(false)
            }
            ["END", "LIST", "VAR", ups] if *ups == self.ups => Ok(true),
            ["ERR", code, ..] => Err(ListError::Refused(code.to_string())),
            _ => Err(garbage("not a line of a variable list", line)),
        }
    }

    pub fn into_vars(self) -> BTreeMap<String, String> {
        self.vars
    }
}

/// `ERR CODE` in words, for the reason of an `unknown` finding.
pub fn describe_err(code: &str, ups: &str) -> String {
    let what = match code {
        "UNKNOWN-UPS" => format!("upsd knows no UPS named {ups:?}"),
        "ACCESS-DENIED" => "upsd refused access: check the entry's user and password".into(),
        "DATA-STALE" => {
            format!("upsd has only stale data for {ups:?}: its driver gets no answer from the UPS")
        }
        "DRIVER-NOT-CONNECTED" => format!("upsd's driver for {ups:?} is not running"),
        "INVALID-USERNAME" | "USERNAME-REQUIRED" => "upsd refused the user name".into(),
        "INVALID-PASSWORD" | "PASSWORD-REQUIRED" => "upsd refused the password".into(),
        "VAR-NOT-SUPPORTED" => format!("{ups:?} does not support that variable"),
        _ => "upsd refused the request".into(),
    };
    let code = if code.len() <= 40 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        code.to_string()
    } else {
        shorten(code, 40)
    };
    format!("{what} (ERR {code})")
}

fn garbage(why: &str, line: &str) -> ListError {
    ListError::Garbage(format!("{why}: {}", shorten(line, 80)))
}

/// At most `max` characters of `text`, control characters escaped, quoted.
pub fn shorten(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect::<String>();
    if text.chars().count() > max {
        out.push('…');
    }
    format!("{out:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_undo_quotes_and_escapes() {
        assert_eq!(
            words(r#"VAR ups1 ups.status "OL CHRG""#).unwrap(),
            ["VAR", "ups1", "ups.status", "OL CHRG"]
        );
        assert_eq!(
            words(r#"VAR ups1 ups.mfr "say \"hi\" \\ back""#).unwrap(),
            ["VAR", "ups1", "ups.mfr", r#"say "hi" \ back"#]
        );
        assert_eq!(words(r#"VAR u x """#).unwrap(), ["VAR", "u", "x", ""]);
        assert_eq!(words("  OK   Goodbye ").unwrap(), ["OK", "Goodbye"]);
        assert_eq!(words("").unwrap(), Vec::<String>::new());
        assert_eq!(words(r"a\ b").unwrap(), ["a b"]);
    }

    #[test]
    fn broken_quoting_is_refused() {
        for line in [
            r#"VAR u x "open"#,
            r#"VAR u x "ends in \"#,
            r#"VAR u x "a"b"#,
            r#"VAR u x a"b"#,
            "VAR u x a\\",
        ] {
            assert!(words(line).is_err(), "{line}");
        }
    }

    #[test]
    fn quote_round_trips_through_words() {
        for arg in ["plain", "two words", r#"q"uote"#, r"back\slash", "", "ünï"] {
            let line = format!("PASSWORD {}", quote(arg));
            assert_eq!(words(&line).unwrap(), ["PASSWORD", arg], "{line}");
        }
        assert_eq!(quote("monuser"), "monuser");
        assert_eq!(quote("a b"), "\"a b\"");
        assert!(!sendable("pw\nLOGOUT"));
        assert!(sendable("p w\"\\"));
    }

    #[test]
    fn a_list_is_read_to_its_end() {
        let mut l = ListVar::new("ups1");
        for line in [
            "BEGIN LIST VAR ups1",
            r#"VAR ups1 battery.charge "100""#,
            r#"VAR ups1 ups.status "OB LB""#,
            r#"VAR ups1 ups.mfr "A \"B\" \\ C""#,
        ] {
            assert_eq!(l.feed(line), Ok(false), "{line}");
        }
        assert_eq!(l.feed("END LIST VAR ups1"), Ok(true));
        let vars = l.into_vars();
        assert_eq!(vars["ups.status"], "OB LB");
        assert_eq!(vars["battery.charge"], "100");
        assert_eq!(vars["ups.mfr"], r#"A "B" \ C"#);
    }

    #[test]
    fn errors_and_garbage_are_told_apart() {
        let mut l = ListVar::new("ups9");
        assert_eq!(
            l.feed("ERR UNKNOWN-UPS"),
            Err(ListError::Refused("UNKNOWN-UPS".into()))
        );
        assert_eq!(
            describe_err("UNKNOWN-UPS", "ups9"),
            "upsd knows no UPS named \"ups9\" (ERR UNKNOWN-UPS)"
        );
        assert_eq!(
            describe_err("\u{1b}[31m", "u"),
            "upsd refused the request (ERR \"\\u{1b}[31m\")"
        );

        let mut l = ListVar::new("ups1");
        let Err(ListError::Garbage(why)) = l.feed("HTTP/1.1 400 Bad Request") else {
            panic!()
        };
        assert_eq!(
            why,
            "not an answer to LIST VAR: \"HTTP/1.1 400 Bad Request\""
        );
        // Another UPS's list, or a line that is not a variable, is not ours.
        let mut l = ListVar::new("ups1");
        assert!(matches!(
            l.feed("BEGIN LIST VAR ups2"),
            Err(ListError::Garbage(_))
        ));
        let mut l = ListVar::new("ups1");
        l.feed("BEGIN LIST VAR ups1").unwrap();
        assert!(matches!(l.feed("VAR ups1 x"), Err(ListError::Garbage(_))));
        assert!(matches!(
            l.feed("\u{1b}[2J\u{7}"),
            Err(ListError::Garbage(w)) if w.contains("\\u{1b}")
        ));
        let long = "x".repeat(500);
        let Err(ListError::Garbage(why)) = ListVar::new("u").feed(&long) else {
            panic!()
        };
        assert!(why.len() < 120, "{why}");
    }
}
