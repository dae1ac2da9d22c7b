//! `ops completions SHELL`: shell completion scripts from the clap tree.

use crate::app::Settings;
use crate::exit::Exit;
use anyhow::Result;
use clap::Args;
use clap_complete::Shell;

/// Print a shell completion script
///
/// bash: `ops completions bash > /etc/bash_completion.d/ops`;
/// zsh: `ops completions zsh > "${fpath[1]}/_ops"`;
/// fish: `ops completions fish > ~/.config/fish/completions/ops.fish`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `cli_tree` is the whole command tree (`cli::Cli`'s), handed down by the
/// caller: this layer does not import `cli`.
pub fn run(settings: &Settings, args: CompletionsArgs, cli_tree: clap::Command) -> Result<Exit> {
    // Generated into a buffer and written by the printer, so that
    // `ops completions bash | head -1` ends quietly instead of panicking.
    settings.printer().data(&script(args.shell, cli_tree));
    Ok(Exit::Ok)
}

/// The completion script for `shell` over `cli_tree`, as `completions/` holds it.
pub fn script(shell: Shell, mut cli_tree: clap::Command) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cli_tree, "ops", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}
