//! The command line: the global flags, and the root that holds the tree of
//! subcommands (`commands::Command`). Doc comments here are the `--help`
//! text. The flags become [`Settings`] here, so that nothing below knows clap's
//! global arguments.

use crate::app::Settings;
use crate::commands;
use crate::printer::{ColorChoice, Format};
use clap::{Args, Parser};
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
Usage errors 64, bad configuration or input files 78, records committed but not pushed by a sync 75, other failures 1."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: commands::Command,
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

impl From<GlobalArgs> for Settings {
    fn from(g: GlobalArgs) -> Settings {
        Settings {
            format: g.format,
            quiet: g.quiet,
            verbose: g.verbose,
            color: g.color,
            records: g.records,
            no_record: g.no_record,
            inventory: g.inventory,
            config: g.config,
            textfile: g.textfile,
        }
    }
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
