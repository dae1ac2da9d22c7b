//! Imports go down the layers, never up (docs/architecture.md): every file
//! under `src/` is read as text, each `crate::…` path (in `use` or in code,
//! `use crate::{a, b}` groups, `super::` climbing to the crate root, macros
//! by the module that exports them, and `"crate::…"` paths in attributes such
//! as serde's `with`) is resolved to the top-level module it names, and a
//! module that names one of a higher layer fails the test with file and line.
//!
//! A new top-level module must be given a layer in [`LAYERS`] first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers, top first, and the top-level modules of `src/` in each. A
/// module may use its own layer and those below it, never one above.
/// `lib` is the crate root (`lib.rs`); `main.rs` is another crate that only
/// calls `ops::run`.
const LAYERS: &[(&str, &[&str])] = &[
    ("entry", &["lib"]),
    ("cli", &["cli"]),
    ("commands", &["commands", "app"]),
    (
        "domain",
        &[
            "inspect",
            "backup",
            "change",
            "ticket",
            "runbook",
            "report",
            "device_config",
            "diary",
            "inventory",
        ],
    ),
    (
        "low",
        &[
            "records",
            "parse",
            "check",
            "transport",
            "config",
            "printer",
            "clock",
            "exit",
            "duration",
            "size",
            "position",
            "secret_env",
            "login",
            "i18n",
        ],
    ),
];

#[test]
fn imports_only_go_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    let sources: Vec<(PathBuf, Vec<String>, Lexed)> = files
        .iter()
        .filter(|f| f.as_path() != src.join("main.rs"))
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            (f.clone(), module_path(&src, f), lex(&text))
        })
        .collect();
    let macros = exported_macros(&sources);

    let mut problems = Vec::new();
    for (file, module, lexed) in &sources {
        let shown = file.strip_prefix(src.parent().unwrap()).unwrap().display();
        let from = top_of(module);
        let Some(from_layer) = layer_of(from) else {
            problems.push(format!(
                "{shown}: module `{from}` has no layer: add it to LAYERS in tests/layers.rs"
            ));
            continue;
        };
        for (line, name) in references(module, lexed) {
            let to = macros
                .get(name.as_str())
                .map_or(name.as_str(), String::as_str);
            match layer_of(to) {
                None => problems.push(format!(
                    "{shown}:{line}: `crate::{to}` is not a module with a layer: add it to LAYERS \
                     in tests/layers.rs"
                )),
                Some(to_layer) if to_layer < from_layer => problems.push(format!(
                    "{shown}:{line}: {from} ({}) imports {to} ({}), a layer above it",
                    LAYERS[from_layer].0, LAYERS[to_layer].0
                )),
                Some(_) => {}
            }
        }
    }
    assert!(
        problems.is_empty(),
        "imports that go up the layers:\n{}",
        problems.join("\n")
    );
}

/// The scanner itself, on the shapes the sources use.
#[test]
fn references_are_found_in_every_shape() {
    let text = r##"
//! crate::commands in a comment is no import
use crate::{exit::Exit, printer};
use super::{clock, sibling};
use crate::app::App; /* crate::cli in a comment */
fn f() -> String {
    let s = "crate::cli in a string";
    let r = r#"crate::cli "quoted" raw"#;
    let c = '"';
    let life: &'static str = "x";
    crate::bad_input!("x");
    crate::records::init(&p)
}
#[serde(with = "crate::duration::serde_text")]
mod tests {
    use super::*;
    use super::super::transport;
}
"##;
    let lexed = lex(text);
    let module = vec!["ticket".to_string()];
    let found = references(&module, &lexed);
    assert_eq!(
        found,
        [
            (3, "exit".to_string()),
            (3, "printer".to_string()),
            (4, "clock".to_string()),
            (4, "sibling".to_string()),
            (5, "app".to_string()),
            (11, "bad_input".to_string()),
            (12, "records".to_string()),
            (14, "duration".to_string()),
            (17, "transport".to_string()),
        ]
    );
    // Below the root, `super::` stays in the module.
    let deeper = vec!["ticket".to_string(), "link".to_string()];
    let found = references(&deeper, &lex("use super::store;\nuse super::super::app;\n"));
    assert_eq!(found, [(2, "app".to_string())]);
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, ms)| ms.contains(&module))
}

fn top_of(module: &[String]) -> &str {
    module.first().map_or("lib", String::as_str)
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// `src/ticket/link.rs` → `[ticket, link]`; `mod.rs` is its directory;
/// `lib.rs` is the root, `[]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// `#[macro_export]` macros live at the crate root (`crate::bad_input!`)
/// but belong to the module that defines them.
fn exported_macros(sources: &[(PathBuf, Vec<String>, Lexed)]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (_, module, lexed) in sources {
        let t = &lexed.tokens;
        let mut exported = false;
        for i in 0..t.len() {
            if t[i].text == "macro_export" {
                exported = true;
            } else if exported
                && t[i].text == "macro_rules"
                && t.get(i + 1).is_some_and(|n| n.text == "!")
                && let Some(name) = t.get(i + 2)
            {
                out.insert(name.text.clone(), top_of(module).to_string());
                exported = false;
            }
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
struct Token {
    text: String,
    line: usize,
}

/// A file's code as tokens (comments and literals gone), and the string
/// literals that are crate paths (`"crate::duration::serde_text"`).
struct Lexed {
    tokens: Vec<Token>,
    string_paths: Vec<(usize, String)>,
}

/// Every top-level module (or exported macro) a file names from the crate
/// root, with its line, in order.
fn references(module: &[String], lexed: &Lexed) -> Vec<(usize, String)> {
    let t = &lexed.tokens;
    let is = |i: usize, s: &str| t.get(i).is_some_and(|x| x.text == s);
    let mut out = Vec::new();
    // The inline modules (`mod tests { … }`) open at this point, by the brace
    // depth they opened at.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < t.len() {
        match t[i].text.as_str() {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            "mod" if is(i + 2, "{") => {
                inline.push((t[i + 1].text.clone(), depth));
                depth += 1;
                i += 3;
                continue;
            }
            _ => {}
        }
        let starts_path = i == 0 || !is(i - 1, "::");
        if starts_path && t[i].text == "crate" && is(i + 1, "::") {
            i = names_after(t, i + 2, &mut out);
            continue;
        }
        if starts_path && t[i].text == "super" && is(i + 1, "::") {
            let mut climbs = 0;
            let mut j = i;
            while is(j, "super") && is(j + 1, "::") {
                climbs += 1;
                j += 2;
            }
            let here = module.len() + inline.len();
            if climbs >= here {
                // At the crate root: what follows names a top-level module.
                j = names_after(t, j, &mut out);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    for (line, path) in &lexed.string_paths {
        if let Some(top) = path.split("::").nth(1) {
            out.push((*line, top.to_string()));
        }
    }
    out.sort_by_key(|(line, _)| *line);
    out
}

/// The names at `t[i]`, just after `crate::`: one name, or each item of a
/// `{ … }` group; a glob names nothing. Returns where scanning goes on.
fn names_after(t: &[Token], i: usize, out: &mut Vec<(usize, String)>) -> usize {
    let Some(first) = t.get(i) else { return i };
    if first.text != "{" {
        if is_ident(&first.text) {
            out.push((first.line, first.text.clone()));
        }
        return i + 1;
    }
    let mut depth = 0;
    let mut at_item = true;
    let mut j = i;
    while let Some(tok) = t.get(j) {
        match tok.text.as_str() {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            "," if depth == 1 => at_item = true,
            name if depth == 1 && at_item && is_ident(name) => {
                if name != "self" {
                    out.push((tok.line, name.to_string()));
                }
                at_item = false;
            }
            _ => {}
        }
        j += 1;
    }
    j
}

fn is_ident(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Tokens of Rust source: identifiers, `::`, and single punctuation
/// characters; comments, strings and character literals are skipped (a
/// string that is a crate path is kept aside), lifetimes are not literals.
fn lex(text: &str) -> Lexed {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut string_paths = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == '"' || ((c == 'r' || c == 'b') && string_start(&chars, i).is_some()) {
            let start_line = line;
            let (content, end) = string_literal(&chars, i);
            line += content.matches('\n').count();
            if content.starts_with("crate::")
                && content.split("::").all(|p| !p.is_empty() && is_ident(p))
            {
                string_paths.push((start_line, content));
            }
            i = end;
        } else if c == '\'' {
            // 'x', '\n', '\u{1F600}' are characters; 'a in &'a str is a lifetime.
            if at(i + 1) == '\\' {
                // Past the quote, the backslash and the escaped character
                // (which may itself be a quote: '\'').
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(Token {
                text: chars[start..i].iter().collect(),
                line,
            });
        } else if c == ':' && at(i + 1) == ':' {
            tokens.push(Token {
                text: "::".into(),
                line,
            });
            i += 2;
        } else {
            tokens.push(Token {
                text: c.to_string(),
                line,
            });
            i += 1;
        }
    }
    Lexed {
        tokens,
        string_paths,
    }
}

/// At `r"`, `r#"`, `b"`, `br#"`: the number of `#` of a raw string (0 for
/// a plain one); None when this is an identifier such as `r` or `bytes`.
fn string_start(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) == Some(&'r') {
        j += 1;
        let hashes = chars[j..].iter().take_while(|&&c| c == '#').count();
        return (chars.get(j + hashes) == Some(&'"')).then_some(hashes);
    }
    (chars.get(j) == Some(&'"') && j > i).then_some(0)
}

/// The content of the string literal at `i` and the index just past it.
fn string_literal(chars: &[char], i: usize) -> (String, usize) {
    let mut j = i;
    let mut raw = false;
    while chars[j] != '"' {
        raw |= chars[j] == 'r';
        j += 1;
    }
    let hashes = if raw {
        chars[i..j].iter().filter(|&&c| c == '#').count()
    } else {
        0
    };
    j += 1;
    let start = j;
    while j < chars.len() {
        if !raw && chars[j] == '\\' {
            j += 2;
            continue;
        }
        let closing = &chars[(j + 1).min(chars.len())..];
        if chars[j] == '"' && closing.len() >= hashes && closing[..hashes].iter().all(|&c| c == '#')
        {
            let content: String = chars[start..j].iter().collect();
            return (content, j + 1 + hashes);
        }
        j += 1;
    }
    (chars[start..].iter().collect(), chars.len())
}
