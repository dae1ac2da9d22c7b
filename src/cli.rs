//! The command line: global flags and the tree of subcommands. Doc comments
//! here are the `--help` text.

use crate::commands;
use crate::printer::{ColorChoice, Format};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Run the daily work of an IT maintenance team: inspections, tickets,
/// backups, reports and fault trees, with every result committed to a git
/// records repository.
#[derive(Debug, Parser)]
#[command(name = "ops", version, propagate_version = true, max_term_width = 100)]
#[command(
    after_help = "Records repository: --records DIR, else $OPS_RECORDS, else the git repository \
you stand in if it has an ops.toml. Without one, commands still run and say that nothing was recorded.\n\n\
Exit status of inspections and verifications, from the worst finding (crit > unknown > warn > ok, \
skip ignored): 2 crit, 3 unknown, 1 warn, 0 ok. \
Usage errors 64, bad configuration or input files 78, other failures 1."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Output format
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Print only results and errors (for cron)
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Show every finding and more detail
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,

    /// Records repository to read and commit to
    #[arg(long, global = true, env = "OPS_RECORDS", value_name = "DIR")]
    pub records: Option<PathBuf>,

    /// Do not write or commit any record
    #[arg(long, global = true)]
    pub no_record: bool,

    /// Inventory file [default: inventory.toml in the records repository]
    #[arg(long, global = true, env = "OPS_INVENTORY", value_name = "FILE")]
    pub inventory: Option<PathBuf>,

    /// Configuration file [default: ops.toml in the records repository]
    #[arg(long, global = true, env = "OPS_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Also write the metrics of an inspection or `backup verify` to
    /// DIR/ops_<kind>.prom, atomically, for node_exporter's textfile collector
    #[arg(long, global = true, value_name = "DIR")]
    pub textfile: Option<PathBuf>,

    /// When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(commands::init::InitArgs),
    /// Inspect hosts, databases and network devices (daily inspection)
    #[command(subcommand)]
    Inspect(commands::inspect::InspectCommand),
    #[command(subcommand)]
    Ticket(commands::ticket::TicketCommand),
    /// Verify backups, and take the backup before a change
    #[command(subcommand)]
    Backup(commands::backup::BackupCommand),
    #[command(subcommand)]
    Report(commands::report::ReportCommand),
    Diagnose(commands::diagnose::DiagnoseArgs),
    Parse(commands::parse::ParseArgs),
    #[command(subcommand)]
    Runbook(commands::runbook::RunbookCommand),
    Completions(commands::completions::CompletionsArgs),
    #[command(hide = true)]
    Complete(commands::complete::CompleteArgs),
}

/// A help template that ends with `$examples` printed as written. clap wraps
/// `after_help` at the terminal's width, even inside a quoted argument of an
/// example, but prints a template's own text verbatim; the rest is clap's
/// default template. The examples must not contain `{`.
#[macro_export]
macro_rules! verbatim_examples {
    ($examples:literal) => {
        concat!(
            "{before-help}{about-with-newline}\n{usage-heading} {usage}\n\n{all-args}{after-help}\n\n",
            $examples
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
