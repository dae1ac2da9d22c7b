//! `ops completions SHELL`: shell completion scripts from the clap tree.

use crate::cli::{Cli, GlobalArgs};
use crate::exit::Exit;
use crate::printer::Printer;
use anyhow::Result;
use clap::{Args, CommandFactory};
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

pub fn run(global: &GlobalArgs, args: CompletionsArgs) -> Result<Exit> {
    // Generated into a buffer and written by the printer, so that
    // `ops completions bash | head -1` ends quietly instead of panicking.
    let printer = Printer::new(global.format, global.quiet, global.verbose, global.color);
    printer.data(&script(args.shell));
    Ok(Exit::Ok)
}

/// The completion script for `shell`, as `completions/` holds it.
pub fn script(shell: Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "ops", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}
