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

/// The completion script for `shell`, as `completions/` holds it: clap's,
/// and for bash a wrapper that offers what only the records repository knows.
pub fn script(shell: Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "ops", &mut buf);
    let mut text = String::from_utf8_lossy(&buf).into_owned();
    if shell == Shell::Bash {
        text.push_str(BASH_DYNAMIC);
    }
    text
}

/// Bash: inventory names and groups, ticket ids and runbook ids from
/// `ops complete KIND` (hidden), in the places that take them; clap's `_ops`
/// everywhere else. `--records` and `--inventory` on the line being completed
/// are passed on, so the candidates come from the repository the command will
/// use.
const BASH_DYNAMIC: &str = r#"
# Candidates only the records repository knows, from `ops complete KIND`.
_ops_dynamic() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" kind="" i w skip=0
    local -a path=() pass=()
    (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"
    for (( i = 1; i < COMP_CWORD; i++ )); do
        w="${COMP_WORDS[i]}"
        if (( skip )); then skip=0; continue; fi
        case "$w" in
            --records|--inventory) pass+=("$w" "${COMP_WORDS[i+1]}"); skip=1 ;;
            --records=*|--inventory=*) pass+=("$w") ;;
            --format|--config|--color|--textfile|--ticket|--target|-j|--jobs|--timeout) skip=1 ;;
            -*) ;;
            *) path+=("$w") ;;
        esac
    done
    case "$prev" in
        --ticket) kind=tickets ;;
        --target) kind=targets ;;
    esac
    if [[ -z "$kind" && "$cur" != -* ]]; then
        case "${path[0]} ${path[1]}" in
            "inspect host") kind=hosts ;;
            "inspect db") kind=databases ;;
            "inspect net") kind=devices ;;
            "ticket show"|"ticket update"|"ticket close") kind=tickets ;;
            "runbook show"|"runbook check") kind=runbooks ;;
            "diagnose "*) kind=runbooks ;;
        esac
    fi
    if [[ -n "$kind" ]]; then
        local words
        words="$("${COMP_WORDS[0]}" "${pass[@]}" complete "$kind" 2>/dev/null)"
        COMPREPLY=($(compgen -W "$words" -- "$cur"))
        (( ${#COMPREPLY[@]} )) && return 0
    fi
    _ops "$@"
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _ops_dynamic -o nosort -o bashdefault -o default ops
else
    complete -F _ops_dynamic -o bashdefault -o default ops
fi
"#;
