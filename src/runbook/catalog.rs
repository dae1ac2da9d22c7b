//! The runbooks `ops` knows: the built-in ones, embedded at build time, and
//! those in the records repository's `runbooks/` directory, where a runbook
//! with a built-in's id overrides it.

use super::defect::Defects;
use super::model::Runbook;
use super::read::parse;
use crate::bad_input;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The built-in runbooks: (file as named in messages, TOML text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "runbooks/no-power.toml",
        include_str!("../../runbooks/no-power.toml"),
    ),
    (
        "runbooks/no-display.toml",
        include_str!("../../runbooks/no-display.toml"),
    ),
    (
        "runbooks/no-network.toml",
        include_str!("../../runbooks/no-network.toml"),
    ),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    /// A file in the records repository; `overrides` when a built-in has its id.
    Repository {
        path: PathBuf,
        overrides: bool,
    },
}

impl Origin {
    pub fn describe(&self) -> String {
        match self {
            Origin::Builtin => "built-in".to_string(),
            Origin::Repository {
                path,
                overrides: true,
            } => {
                format!("{} (overrides built-in)", path.display())
            }
            Origin::Repository { path, .. } => path.display().to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub runbook: Runbook,
    pub origin: Origin,
}

/// Runbooks by id, and the files that could not be used.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Sorted by id.
    pub entries: Vec<Entry>,
    /// Defective runbook files: (file, runbook id if it could be read, defects).
    pub broken: Vec<(String, Option<String>, Defects)>,
}

impl Catalog {
    /// Built-in runbooks, overridden by `dir/*.toml` when `dir` is given and exists.
    pub fn load(dir: Option<&Path>) -> Result<Catalog> {
        let mut catalog = Catalog::default();
        for (file, text) in BUILTIN {
            match parse(text, file) {
                Ok(runbook) => catalog.entries.push(Entry {
                    runbook,
                    origin: Origin::Builtin,
                }),
                Err(defects) => catalog.broken.push((file.to_string(), None, defects)),
            }
        }
        if let Some(dir) = dir {
            for path in runbook_files(dir)? {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("failed to read runbook at: {}", path.display()))?;
                let file = path.display().to_string();
                match parse(&text, &file) {
                    Ok(runbook) => catalog.add_override(runbook, path),
                    Err(defects) => {
                        let id = id_of(&text);
                        catalog.broken.push((file, id, defects));
                    }
                }
            }
        }
        // A broken file that meant to override a built-in hides it: walking
        // the built-in instead would not be what the site asked for.
        let hidden: Vec<String> = catalog
            .broken
            .iter()
            .filter_map(|(_, id, _)| id.clone())
            .collect();
        catalog
            .entries
            .retain(|e| !(e.origin == Origin::Builtin && hidden.contains(&e.runbook.id)));
        catalog
            .entries
            .sort_by(|a, b| a.runbook.id.cmp(&b.runbook.id));
        Ok(catalog)
    }

    fn add_override(&mut self, runbook: Runbook, path: PathBuf) {
        match self.entries.iter_mut().find(|e| e.runbook.id == runbook.id) {
            Some(existing) if existing.origin == Origin::Builtin => {
                *existing = Entry {
                    runbook,
                    origin: Origin::Repository {
                        path,
                        overrides: true,
                    },
                };
            }
            Some(existing) => {
                let first = existing.origin.describe();
                let id = runbook.id.clone();
                // No id: the first definition stays usable.
                self.broken.push((
                    path.display().to_string(),
                    None,
                    Defects(vec![super::Defect {
                        file: path.display().to_string(),
                        line: 1,
                        column: 1,
                        message: format!("runbook id '{id}' is also defined in {first}"),
                    }]),
                ));
            }
            None => self.entries.push(Entry {
                runbook,
                origin: Origin::Repository {
                    path,
                    overrides: false,
                },
            }),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.runbook.id == id)
    }

    /// The runbook with this id; a defective override is an error (it is not
    /// silently replaced by the built-in), an unknown id names the known ones.
    pub fn find(&self, id: &str) -> Result<&Entry> {
        if let Some((_, _, defects)) = self
            .broken
            .iter()
            .find(|(_, bid, _)| bid.as_deref() == Some(id))
        {
            return Err(defects.clone().into_error());
        }
        self.get(id).ok_or_else(|| {
            let known: Vec<&str> = self.entries.iter().map(|e| e.runbook.id.as_str()).collect();
            bad_input!("there is no runbook '{id}' (known: {})", known.join(", "))
        })
    }
}

/// `*.toml` files of a directory, sorted; none when it does not exist.
pub fn runbook_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("failed to list runbooks in: {}", dir.display()))?
    {
        let path = entry
            .with_context(|| format!("failed to list runbooks in: {}", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The `id` of a runbook that may not be valid, to tell which one it meant to be.
fn id_of(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        (key.trim() == "id").then(|| value.trim().trim_matches('"').to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_are_valid() {
        for (file, text) in BUILTIN {
            if let Err(d) = parse(text, file) {
                panic!("{d}");
            }
        }
        let catalog = Catalog::load(None).unwrap();
        let ids: Vec<&str> = catalog
            .entries
            .iter()
            .map(|e| e.runbook.id.as_str())
            .collect();
        assert_eq!(ids, vec!["no-display", "no-network", "no-power"]);
    }

    #[test]
    fn every_builtin_text_has_its_chinese_translation() {
        for (file, text) in BUILTIN {
            let rb = parse(text, file).unwrap();
            assert_eq!(rb.untranslated(), Vec::<String>::new(), "{file}");
            let zh = rb.in_lang(crate::i18n::Lang::ZhCn);
            for (en, zh) in rb.steps.iter().zip(&zh.steps) {
                assert_ne!(en.text, zh.text, "{file}: step '{}'", en.id);
                assert!(
                    zh.text
                        .chars()
                        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{file}: step '{}' text_zh is not Chinese: {}",
                    en.id,
                    zh.text
                );
            }
        }
    }
}
