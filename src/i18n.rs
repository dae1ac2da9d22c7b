//! Text for people in more than one language: a [`Lang`], and [`tr`] /
//! [`tr_args`] to look a message up in it.
//!
//! The messages are Fluent files (`locales/<lang>/<part>.ftl`, one per part
//! of the product: [`PARTS`]) built into the binary, so `ops` needs no file
//! beside it. Every message id of one locale
//! has a translation in the other (a unit test compares them). Fluent's
//! bidi isolation marks (U+2068, U+2069) around arguments are turned off:
//! the text goes to terminals, Markdown and HTML, where they are noise.
//!
//! Why Fluent (`fluent-bundle`, Project Fluent's reference implementation,
//! the system Firefox is translated with): a message is a whole sentence with
//! named arguments, so a translator can order the words as Chinese needs
//! rather than as the English code happened to concatenate them; plural and
//! other selectors live in the message, not the code (English needs them,
//! Chinese does not); the files are plain text a reviewer edits without
//! Rust. gettext would tie the message to its English text (a changed
//! English word would orphan the translation); hand-written `match` tables
//! cannot be checked for completeness the way the test below checks.
//!
//! This module knows no domain: a caller names the message ids it uses.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use serde::Deserialize;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

pub use fluent_bundle::FluentValue as Value;

/// A language `ops` can speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    /// Simplified Chinese, as the customer's procedures are written.
    ZhCn,
}

/// The Fluent files of each locale, by part: shared words and the ticket
/// sheet (`ops`), reports, a report's cover (header and sign-off), tickets,
/// runbooks, check names.
pub const PARTS: &[&str] = &["ops", "report", "cover", "ticket", "runbook", "checks"];

macro_rules! locale_files {
    ($tag:literal) => {
        [
            include_str!(concat!("../locales/", $tag, "/ops.ftl")),
            include_str!(concat!("../locales/", $tag, "/report.ftl")),
            include_str!(concat!("../locales/", $tag, "/cover.ftl")),
            include_str!(concat!("../locales/", $tag, "/ticket.ftl")),
            include_str!(concat!("../locales/", $tag, "/runbook.ftl")),
            include_str!(concat!("../locales/", $tag, "/checks.ftl")),
        ]
    };
}

const EN_FTL: [&str; 6] = locale_files!("en");
const ZH_CN_FTL: [&str; 6] = locale_files!("zh-CN");

impl Lang {
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::ZhCn];

    /// The BCP 47 tag: `en`, `zh-CN` (also what HTML's `lang` takes).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The tags, for help text and completions.
    pub fn tags() -> Vec<&'static str> {
        Lang::ALL.iter().map(|l| l.tag()).collect()
    }

    /// The locale's files, in the order of [`PARTS`].
    fn sources(self) -> &'static [&'static str; 6] {
        match self {
            Lang::En => &EN_FTL,
            Lang::ZhCn => &ZH_CN_FTL,
        }
    }

    /// The language of the environment's locale (`LC_ALL`, `LC_MESSAGES`,
    /// `LANG`, the first set): zh-CN for a Chinese one (`zh_CN.UTF-8`,
    /// `zh`), else English.
    pub fn from_locale() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        Lang::of_locale(&locale)
    }

    fn of_locale(locale: &str) -> Lang {
        let lower = locale.to_ascii_lowercase();
        if lower == "zh"
            || lower.starts_with("zh_")
            || lower.starts_with("zh-")
            || lower.starts_with("zh.")
        {
            Lang::ZhCn
        } else {
            Lang::En
        }
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
        static ZH_CN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
        let cell = match self {
            Lang::En => &EN,
            Lang::ZhCn => &ZH_CN,
        };
        cell.get_or_init(|| build_bundle(self))
    }
}

fn build_bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id = lang
        .tag()
        .parse()
        .expect("the language tags of Lang are valid");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    // The files are part of the binary and a unit test parses them, so a
    // parse error here is a build that its own tests refused.
    for source in lang.sources() {
        let resource =
            FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(resource, _)| resource);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl FromStr for Lang {
    type Err = String;

    /// `en` or `zh-CN`, in any case, `_` for `-` allowed.
    fn from_str(text: &str) -> Result<Lang, String> {
        let key = text.trim().replace('_', "-").to_ascii_lowercase();
        Lang::ALL
            .iter()
            .copied()
            .find(|l| l.tag().to_ascii_lowercase() == key)
            .ok_or_else(|| {
                format!(
                    "{text:?} is not a language ops speaks; use one of: {}",
                    Lang::tags().join(", ")
                )
            })
    }
}

/// `language = "zh-CN"` in ops.toml.
impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The message `id` in `lang`; the id itself when it has none (a test keeps
/// every locale complete, so that is a message id misspelt by its caller).
pub fn tr(lang: Lang, id: &str) -> String {
    format(lang, id, None)
}

/// The message `id` in `lang`, with its `{ $name }` arguments.
pub fn tr_args(lang: Lang, id: &str, args: &[(&str, Value<'_>)]) -> String {
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        fluent.set(*name, value.clone());
    }
    format(lang, id, Some(&fluent))
}

fn format(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    let bundle = lang.bundle();
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_owned();
    };
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, args, &mut errors)
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast::Entry;
    use std::collections::BTreeSet;

    /// The message ids of a locale's files; each must parse without error,
    /// and no id may be defined twice, in one file or across them.
    fn ids(lang: Lang) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        for (part, source) in PARTS.iter().zip(lang.sources()) {
            file_ids(lang, part, source, &mut ids);
        }
        ids
    }

    fn file_ids(lang: Lang, part: &str, source: &str, ids: &mut BTreeSet<String>) {
        let resource = fluent_syntax::parser::parse(source)
            .unwrap_or_else(|(_, errors)| panic!("locales/{lang}/{part}.ftl: {errors:?}"));
        for entry in resource.body {
            match entry {
                Entry::Message(m) => {
                    assert!(
                        ids.insert(m.id.name.to_owned()),
                        "locales/{lang}/{part}.ftl: {} is defined twice",
                        m.id.name
                    );
                    assert!(
                        m.value.is_some(),
                        "locales/{lang}/{part}.ftl: {} has no value",
                        m.id.name
                    );
                }
                Entry::Term(t) => {
                    ids.insert(format!("-{}", t.id.name));
                }
                Entry::Junk { content } => panic!("locales/{lang}/{part}.ftl: junk {content:?}"),
                _ => {}
            }
        }
    }

    #[test]
    fn every_message_has_a_translation_in_every_locale() {
        let en = ids(Lang::En);
        assert!(!en.is_empty());
        for lang in Lang::ALL {
            let other = ids(*lang);
            let missing: Vec<&String> = en.difference(&other).collect();
            let extra: Vec<&String> = other.difference(&en).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "locales/{lang}/ lacks {missing:?}; locales/en/ lacks {extra:?}"
            );
        }
    }

    #[test]
    fn messages_are_formatted_without_isolation_marks() {
        let text = tr(Lang::ZhCn, "lang-name");
        assert_eq!(text, "简体中文");
        let text = tr_args(
            Lang::ZhCn,
            "label-value",
            &[("label", "客户名称".into()), ("value", Value::from("ACME"))],
        );
        assert_eq!(text, "客户名称：ACME");
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
        assert_eq!(
            tr_args(Lang::En, "duration-hours", &[("n", Value::from(2))]),
            "2h"
        );
        assert_eq!(
            tr_args(Lang::ZhCn, "duration-hours", &[("n", Value::from(2))]),
            "2小时"
        );
        assert_eq!(tr(Lang::En, "no-such-message"), "no-such-message");
    }

    #[test]
    fn a_chinese_locale_speaks_chinese() {
        for zh in ["zh_CN.UTF-8", "zh_CN", "zh", "zh-CN", "zh_TW.UTF-8"] {
            assert_eq!(Lang::of_locale(zh), Lang::ZhCn, "{zh}");
        }
        for en in ["", "C", "C.UTF-8", "POSIX", "en_US.UTF-8", "zu_ZA"] {
            assert_eq!(Lang::of_locale(en), Lang::En, "{en}");
        }
    }

    #[test]
    fn languages_parse_from_their_tags() {
        assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
        assert_eq!("zh-CN".parse::<Lang>(), Ok(Lang::ZhCn));
        assert_eq!("zh_cn".parse::<Lang>(), Ok(Lang::ZhCn));
        assert!("fr".parse::<Lang>().unwrap_err().contains("en, zh-CN"));
        for lang in Lang::ALL {
            assert_eq!(lang.tag().parse::<Lang>(), Ok(*lang));
        }
    }
}
