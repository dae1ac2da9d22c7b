//! `--lang`: the language of text for people (reports, tickets, runbooks,
//! the task sheet), one flag and one rule for every command that has it.

use crate::app::App;
use crate::i18n::Lang;
use crate::report::ReportConfig;
use anyhow::Result;
use clap::Args;
use clap::builder::{PossibleValuesParser, TypedValueParser};

#[derive(Debug, Args, Clone, Copy, Default)]
pub struct LangArg {
    /// Language of the text [default: `[report] language` in ops.toml, else the locale (LC_ALL, LC_MESSAGES, LANG): zh-CN for zh_*, else en]
    #[arg(
        long,
        value_name = "LANG",
        value_parser = PossibleValuesParser::new(["en", "zh-CN"])
            .map(|s| s.parse::<Lang>().expect("the possible values are languages"))
    )]
    pub lang: Option<Lang>,
}

impl LangArg {
    /// The flag, else `[report] language`, else the locale's.
    pub fn resolve(self, app: &App) -> Result<Lang> {
        if let Some(lang) = self.lang {
            return Ok(lang);
        }
        Ok(app
            .config()
            .section::<ReportConfig>("report")?
            .language
            .unwrap_or_else(Lang::from_locale))
    }
}
