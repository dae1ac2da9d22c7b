# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ops_global_optspecs
    string join \n format= q/quiet v/verbose records= no-record inventory= config= textfile= color= h/help V/version
end

function __fish_ops_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ops_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ops_using_subcommand
    set -l cmd (__fish_ops_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ops -n "__fish_ops_needs_command" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_needs_command" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_needs_command" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_needs_command" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_needs_command" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_needs_command" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_needs_command" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_needs_command" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_needs_command" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_needs_command" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_needs_command" -f -a "init" -d 'Create a records repository (git) with a commented ops.toml and an example inventory'
complete -c ops -n "__fish_ops_needs_command" -f -a "inspect" -d 'Inspect hosts, databases and network devices (daily inspection)'
complete -c ops -n "__fish_ops_needs_command" -f -a "ticket" -d 'Record customer maintenance requests and follow their SLA clocks'
complete -c ops -n "__fish_ops_needs_command" -f -a "backup" -d 'Verify backups, and take the backup before a change'
complete -c ops -n "__fish_ops_needs_command" -f -a "change" -d 'Plan changes, approve them, and start them only behind a verified backup'
complete -c ops -n "__fish_ops_needs_command" -f -a "report" -d 'Write maintenance reports (daily, weekly, quarterly), the account table and the parts report from the records'
complete -c ops -n "__fish_ops_needs_command" -f -a "diagnose" -d 'Walk a fault tree (no-power, no-display, no-network) step by step'
complete -c ops -n "__fish_ops_needs_command" -f -a "diary" -d 'Record and list engineers\' days: the work done, for which customer, tickets and targets'
complete -c ops -n "__fish_ops_needs_command" -f -a "parse" -d 'Parse a captured device output and print what was extracted'
complete -c ops -n "__fish_ops_needs_command" -f -a "runbook" -d 'List, print and validate runbooks (fault trees)'
complete -c ops -n "__fish_ops_needs_command" -f -a "sync" -d 'Fetch, merge and push the records repository to [records] remote'
complete -c ops -n "__fish_ops_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c ops -n "__fish_ops_needs_command" -f -a "complete" -d 'Print completion candidates from the records repository (for the shell scripts)'
complete -c ops -n "__fish_ops_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand init" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand init" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand init" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand init" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand init" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand init" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand init" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand init" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand init" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand init" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -f -a "host" -d 'Inspect Linux hosts: load, memory, swap, filesystems, RAID, NICs, routes, gateway, DNS, error log, root mail, failed services, time sync, patches, password policy, last backup; with --manual, the physical items'
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -f -a "db" -d 'Inspect PostgreSQL and MySQL/MariaDB databases: connections, version, state, space, replication, long transactions, server log, last backup'
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -f -a "net" -d 'Inspect network devices (Cisco IOS, Huawei VRP): version and uptime, reloads, interface states, error counters, routes, CPU, memory, environment'
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -f -a "hw" -d 'Inspect server hardware through BMCs (Redfish, IPMI) and UPSes (NUT): power, fans, temperatures, voltages, storage, memory, CPUs, the system event log; a UPS\'s power, battery and load'
complete -c ops -n "__fish_ops_using_subcommand inspect; and not __fish_seen_subcommand_from host db net hw help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l shard -d 'Only shard K of N of the selected targets (e.g. 2/3), chosen by a stable hash of each name, so that N jump hosts or cron jobs split a fleet with no overlap and nothing left out' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -s j -l jobs -d 'Targets inspected at once [default: every target, up to 512, or [inspect] jobs]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l timeout -d 'Time allowed for everything about one target [default: 60s]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l connect-timeout -d 'Time allowed to connect and complete the SSH handshake [default: 10s]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l max-output -d 'What one target may send before it is cut off and reported unknown (16MiB, 512KiB, or bytes) [default: 16MiB, or [inspect] max_output]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l ticket -d 'Link the records of this run to a ticket' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l manual-file -d 'The manual items\' answers from a TOML file instead of the terminal (implies --manual): `disk_light = "green"`, `fans_ok = true`, `room_temperature = 23.5`, `cleaned = "not-needed"`. An unknown key or a bad value stops the run (exit 78, naming the line); nothing is recorded' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l accept-new-host-keys -d 'Record the host key of a host not yet in known_hosts instead of refusing it (a changed key is always refused)'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l show-script -d 'Print the read-only collection script that runs on each host, and exit'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l no-gateway-ping -d 'Send no ping to any gateway: judge each by its neighbour-table entry alone, whatever gateway_ping says in [thresholds.host] or the inventory (OPS_GATEWAY_PING=0 does the same)'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l manual -d 'Also record the sheet\'s physical items, asked on the terminal: disk, power, NIC and array lights (green/amber/red/off), power cords, front panel, fans, cables, tape drive, room temperature and humidity, mains and neutral-to-ground voltage, cleaning. Exactly one host. Red is crit, amber warn; readings are judged against [thresholds.manual]; [manual] in ops.toml chooses the items. Without a terminal, use --manual-file'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from host" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -l shard -d 'Only shard K of N of the selected targets (e.g. 2/3), chosen by a stable hash of each name, so that N jump hosts or cron jobs split a fleet with no overlap and nothing left out' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -s j -l jobs -d 'Targets inspected at once [default: every target, up to 512, or [inspect] jobs]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -l timeout -d 'Time allowed for everything about one target [default: 60s]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -l connect-timeout -d 'Time allowed to connect and complete the SSH handshake [default: 10s]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -l max-output -d 'What one target may send before it is cut off and reported unknown (16MiB, 512KiB, or bytes) [default: 16MiB, or [inspect] max_output]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -l ticket -d 'Link the records of this run to a ticket' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -l accept-new-host-keys -d 'Record the host key of a host not yet in known_hosts instead of refusing it (a changed key is always refused)'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from db" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l shard -d 'Only shard K of N of the selected targets (e.g. 2/3), chosen by a stable hash of each name, so that N jump hosts or cron jobs split a fleet with no overlap and nothing left out' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -s j -l jobs -d 'Targets inspected at once [default: every target, up to 512, or [inspect] jobs]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l timeout -d 'Time allowed for everything about one target [default: 60s]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l connect-timeout -d 'Time allowed to connect and complete the SSH handshake [default: 10s]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l max-output -d 'What one target may send before it is cut off and reported unknown (16MiB, 512KiB, or bytes) [default: 16MiB, or [inspect] max_output]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l ticket -d 'Link the records of this run to a ticket' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l capture -d 'Read saved command outputs from DIR instead of connecting' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l platform -d 'Platform of devices named by address, or of a capture directory that is not an inventory device: cisco_ios or huawei_vrp' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l command-timeout -d 'Time allowed for one command\'s output [default: 30s]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l accept-new-host-keys -d 'Record the host key of a host not yet in known_hosts instead of refusing it (a changed key is always refused)'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from net" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l shard -d 'Only shard K of N of the selected targets (e.g. 2/3), chosen by a stable hash of each name, so that N jump hosts or cron jobs split a fleet with no overlap and nothing left out' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -s j -l jobs -d 'Targets inspected at once [default: every target, up to 512, or [inspect] jobs]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l timeout -d 'Time allowed for everything about one target [default: 60s]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l connect-timeout -d 'Time allowed to connect and complete the SSH handshake [default: 10s]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l max-output -d 'What one target may send before it is cut off and reported unknown (16MiB, 512KiB, or bytes) [default: 16MiB, or [inspect] max_output]' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l ticket -d 'Link the records of this run to a ticket' -r
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l accept-new-host-keys -d 'Record the host key of a host not yet in known_hosts instead of refusing it (a changed key is always refused)'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l accept-new-certs -d 'Pin the certificate of a BMC not yet in the known-certificates file instead of refusing it (a changed certificate is always refused)'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from hw" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "host" -d 'Inspect Linux hosts: load, memory, swap, filesystems, RAID, NICs, routes, gateway, DNS, error log, root mail, failed services, time sync, patches, password policy, last backup; with --manual, the physical items'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "db" -d 'Inspect PostgreSQL and MySQL/MariaDB databases: connections, version, state, space, replication, long transactions, server log, last backup'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "net" -d 'Inspect network devices (Cisco IOS, Huawei VRP): version and uptime, reloads, interface states, error counters, routes, CPU, memory, environment'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "hw" -d 'Inspect server hardware through BMCs (Redfish, IPMI) and UPSes (NUT): power, fans, temperatures, voltages, storage, memory, CPUs, the system event log; a UPS\'s power, battery and load'
complete -c ops -n "__fish_ops_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -f -a "new" -d 'Record a new customer maintenance request and start its SLA clocks'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -f -a "show" -d 'Show a ticket: the request, its SLA clocks and everything that happened to it'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -f -a "sheet" -d 'Print the maintenance task sheet (维护任务单) of a ticket, with signature lines'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -f -a "list" -d 'List tickets, what is due first: overdue clocks, then the nearest deadlines'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -f -a "check" -d 'Alert on tickets: exit 2 when any is overdue, 1 when one falls due soon'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -f -a "update" -d 'Add a note, assign, change severity, hold or resume a ticket, or stop its respond and plan clocks'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -f -a "close" -d 'Close a ticket: the resolution, its cause, parts replaced, and the customer\'s representative who confirmed it'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -f -a "part" -d 'Record a defective part replaced on a ticket: what it was, both serial numbers, the fault, and whether it went back to the vendor'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -f -a "plan" -d 'Record the solution agreed with the customer and the resolution time they accepted'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -f -a "visit" -d 'Record an on-site visit: when the engineer arrived (and left), who, and what was done'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -f -a "feedback" -d 'Record the return visit of a closed ticket: who was called and how satisfied they are (1-5)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and not __fish_seen_subcommand_from new show sheet list check update close part plan visit feedback help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l customer -d 'Customer (organisation) [required, unless every --target has the same `customer` in the inventory]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l site -d 'Customer site or location' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l contact -d 'Customer\'s contact person [required]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l phone -d 'Contact\'s phone number' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l channel -d 'How the request came in (hotline, web, remote, on-site, …) [required]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l severity -d 'Severity I (worst) to IV [required]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l category -d 'consultation, defect-technical, defect-business or defect-operation [required]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l problem -d 'What the customer reports [required]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l target -d 'Affected host, device or inventory name (repeatable, or comma-separated)' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l engineer -d 'Engineer assigned' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l received -d 'When the request was received, RFC 3339 [default: now]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l expected -d 'When the customer expects it solved: RFC 3339, or a duration after the received time (4h, 2d)' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from show" -l lang -d 'Language of the text [default: `[report] language` in ops.toml, else the locale (LC_ALL, LC_MESSAGES, LANG): zh-CN for zh_*, else en]' -r -f -a "en\t''
zh-CN\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from show" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from show" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from show" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from show" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from show" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from show" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from sheet" -l lang -d 'Language of the text [default: `[report] language` in ops.toml, else the locale (LC_ALL, LC_MESSAGES, LANG): zh-CN for zh_*, else en]' -r -f -a "en\t''
zh-CN\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from sheet" -s o -l output -d 'Write the sheet to FILE (replaced atomically) instead of standard output' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from sheet" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from sheet" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from sheet" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from sheet" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from sheet" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from sheet" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from sheet" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from sheet" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from sheet" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from sheet" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from sheet" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -s s -l severity -d 'Only this severity (I, II, III, IV; repeatable)' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l customer -d 'Only customers whose name contains this (any case)' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l engineer -d 'Only tickets assigned to this engineer' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l due-within -d 'Only tickets with a deadline within this time (30m, 4h, 2d), overdue ones included' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l lang -d 'Language of the text [default: `[report] language` in ops.toml, else the locale (LC_ALL, LC_MESSAGES, LANG): zh-CN for zh_*, else en]' -r -f -a "en\t''
zh-CN\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l overdue -d 'Only tickets with a clock running past its deadline'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l visits-due -d 'Only open tickets with an on-site clock whose engineer has not arrived; shows when it is due'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l return-visits-due -d 'Only closed tickets whose return visit is due and not yet made; shows since when'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from check" -l within -d 'Warn when a deadline falls within this time (30m, 4h, 2d)' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from check" -s s -l severity -d 'Only this severity (I, II, III, IV; repeatable)' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from check" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from check" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from check" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from check" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from check" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from check" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from check" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l note -d 'Add a note to the log' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l assign -d 'Assign (or reassign) the engineer' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l severity -d 'Change the severity (I-IV); deadlines are recomputed from the received time' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l hold -d 'Put on hold, waiting for the customer: pauses the resolution clock' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l at -d 'When it happened, RFC 3339 [default: now]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l resume -d 'End the hold: the resolution clock runs again'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l responded -d 'The customer has had a first answer: stops the respond clock'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l planned -d 'The customer has been given a plan: stops the plan clock'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -l resolution -d 'What was done to resolve it [required]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -l cause -d 'Cause category (hardware, software, network, configuration, operation, …) [required]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -l parts -d 'A defective part replaced, with its serial number (repeatable)' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -l confirmed-by -d 'The customer\'s representative who confirmed the fix [required]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -l at -d 'When it was confirmed, RFC 3339 [default: now]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from close" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l kind -d 'What kind of part [required]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l model -d 'Model or part number [required]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l removed-serial -d 'Serial number of the part taken out [required]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l installed-serial -d 'Serial number of the part put in [required]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l fault -d 'What was wrong with the part taken out [required]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l at -d 'When it was replaced, RFC 3339 [default: now]' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l returned-to-vendor -d 'The part taken out goes back to the vendor'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from part" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -l solution -d 'The proposed solution' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -l solution-file -d 'Read the proposed solution from this file' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -l agreed-time -d 'The resolution time the customer agreed to, RFC 3339 (must be in the future)' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -l agreed-by -d 'The customer\'s person who agreed' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from plan" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -l arrived -d 'When the engineer arrived on site, RFC 3339' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -l departed -d 'When the engineer left, RFC 3339' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -l engineer -d 'The engineer who went' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -l summary -d 'What was done on site' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from visit" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -l called -d 'The customer\'s person who was called' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -l satisfaction -d '1 (very unsatisfied) to 5 (very satisfied)' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -l comment -d 'What the customer said' -r
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from feedback" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from help" -f -a "new" -d 'Record a new customer maintenance request and start its SLA clocks'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a ticket: the request, its SLA clocks and everything that happened to it'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from help" -f -a "sheet" -d 'Print the maintenance task sheet (维护任务单) of a ticket, with signature lines'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from help" -f -a "list" -d 'List tickets, what is due first: overdue clocks, then the nearest deadlines'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from help" -f -a "check" -d 'Alert on tickets: exit 2 when any is overdue, 1 when one falls due soon'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from help" -f -a "update" -d 'Add a note, assign, change severity, hold or resume a ticket, or stop its respond and plan clocks'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from help" -f -a "close" -d 'Close a ticket: the resolution, its cause, parts replaced, and the customer\'s representative who confirmed it'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from help" -f -a "part" -d 'Record a defective part replaced on a ticket: what it was, both serial numbers, the fault, and whether it went back to the vendor'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from help" -f -a "plan" -d 'Record the solution agreed with the customer and the resolution time they accepted'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from help" -f -a "visit" -d 'Record an on-site visit: when the engineer arrived (and left), who, and what was done'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from help" -f -a "feedback" -d 'Record the return visit of a closed ticket: who was called and how satisfied they are (1-5)'
complete -c ops -n "__fish_ops_using_subcommand ticket; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -f -a "verify" -d 'Prove backups present, fresh, kept, checksummed and readable to the end'
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -f -a "take" -d 'Archive paths into a verified tar.zst with a SHA-256 manifest beside it'
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -f -a "net" -d 'Back up network devices\' running configurations into the records repository'
complete -c ops -n "__fish_ops_using_subcommand backup; and not __fish_seen_subcommand_from verify take net help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -l sample -d 'Read only the newest backup and this share of the others per run, continuing where the last run stopped, so successive runs cover them all' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -s j -l jobs -d 'Files read at once [default: one per core]' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -l ticket -d 'Link the records of this run to a ticket' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -l change -d 'Change whose backup this proves, for `ops change start` (links the change\'s ticket too)' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -l name -d 'Name of the backup, the start of the archive\'s file name [default: the first PATH\'s file name]' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -l ticket -d 'Ticket this change belongs to (kept in the manifest and the record, and linked from the ticket)' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -l change -d 'Change this backup is taken for: `ops change start` accepts it once verified with `backup verify --change` (links the change\'s ticket too)' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -l dir -d 'Directory to write the archive to' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -l level -d 'zstd compression level' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from take" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l shard -d 'Only shard K of N of the selected targets (e.g. 2/3), chosen by a stable hash of each name, so that N jump hosts or cron jobs split a fleet with no overlap and nothing left out' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -s j -l jobs -d 'Targets inspected at once [default: every target, up to 512, or [inspect] jobs]' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l timeout -d 'Time allowed for everything about one target [default: 60s]' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l connect-timeout -d 'Time allowed to connect and complete the SSH handshake [default: 10s]' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l max-output -d 'What one target may send before it is cut off and reported unknown (16MiB, 512KiB, or bytes) [default: 16MiB, or [inspect] max_output]' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l ticket -d 'Link the records of this run to a ticket' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l platform -d 'Platform of devices named by address: cisco_ios or huawei_vrp' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l command-timeout -d 'Time allowed for one command\'s output [default: 60s]' -r
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l accept-new-host-keys -d 'Record the host key of a host not yet in known_hosts instead of refusing it (a changed key is always refused)'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from net" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Prove backups present, fresh, kept, checksummed and readable to the end'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "take" -d 'Archive paths into a verified tar.zst with a SHA-256 manifest beside it'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "net" -d 'Back up network devices\' running configurations into the records repository'
complete -c ops -n "__fish_ops_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -f -a "new" -d 'Request a change: its cutover plan, rollback, window and targets, under a ticket'
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -f -a "approve" -d 'Approve a change (by someone other than its requester)'
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -f -a "start" -d 'Start a change: only when approved, inside its window, behind a fresh verified backup'
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -f -a "done" -d 'Finish a started change: done or rolled back, with the cutover report (割接报告)'
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -f -a "show" -d 'Show a change: its window, who requested, approved and started it, its plan, rollback and report'
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -f -a "list" -d 'List changes: id, ticket, phase, window, targets and summary'
complete -c ops -n "__fish_ops_using_subcommand change; and not __fish_seen_subcommand_from new approve start done show list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l ticket -d 'The ticket this change serves (it must exist)' -r
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l summary -d 'One line saying what the change does' -r
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l plan -d 'The cutover plan (割接方案), step by step' -r
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l plan-file -d 'Read the cutover plan from a file' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l rollback -d 'How to put the targets back if it goes wrong' -r
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l rollback-file -d 'Read the rollback from a file' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l window-start -d 'When the change may start, RFC 3339 (2026-11-21T22:00:00+08:00)' -r
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l window-end -d 'When the window closes, RFC 3339; after the start' -r
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l target -d 'Host, device or inventory name the change touches (repeatable, or comma-separated)' -r
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from approve" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from approve" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from approve" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from approve" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from approve" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from approve" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from approve" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from approve" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from approve" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from approve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from approve" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from start" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from start" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from start" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from start" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from start" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from start" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from start" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from start" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from start" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from start" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -l result -d 'How it ended: done (the plan was carried out) or rolled-back' -r -f -a "done\t'The plan was carried out and the targets are in their new state'
rolled-back\t'The rollback was carried out and the targets are as they were'"
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -l report -d 'The cutover report: what was done, what was seen, what is left' -r
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -l report-file -d 'Read the cutover report from a file' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from done" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from show" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from show" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from show" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from show" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from show" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from show" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from list" -l ticket -d 'Only the changes of this ticket' -r
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from list" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from list" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from list" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from list" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from list" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from help" -f -a "new" -d 'Request a change: its cutover plan, rollback, window and targets, under a ticket'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from help" -f -a "approve" -d 'Approve a change (by someone other than its requester)'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from help" -f -a "start" -d 'Start a change: only when approved, inside its window, behind a fresh verified backup'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from help" -f -a "done" -d 'Finish a started change: done or rolled back, with the cutover report (割接报告)'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a change: its window, who requested, approved and started it, its plan, rollback and report'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from help" -f -a "list" -d 'List changes: id, ticket, phase, window, targets and summary'
complete -c ops -n "__fish_ops_using_subcommand change; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -f -a "daily" -d 'Write the daily report: inspections, new and cleared findings, open and overdue tickets, backups'
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -f -a "weekly" -d 'Write the system weekly report: CPU, memory, disks, backups, findings, tickets, SLA, changes'
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -f -a "quarterly" -d 'Write the quarterly maintenance report: availability, incidents, MTTR, SLA, Pareto of causes, plan'
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -f -a "accounts" -d 'Print the super-user account table: uid-0 accounts, admin group members, sudoers rules, root\'s keys'
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -f -a "parts" -d 'Print the defective parts report: every part replaced in a period, counted by customer and kind'
complete -c ops -n "__fish_ops_using_subcommand report; and not __fish_seen_subcommand_from daily weekly quarterly accounts parts help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -l date -l day -d 'The day, in the report\'s time zone [default: today so far]' -r
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -l plan -d 'The next-step plan, one item per line [default: `[report] plan` in ops.toml]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -l customer -d 'Only this customer\'s part: the inspections, backups and changes of its inventory entries (`customer = "NAME"`) and its tickets; written under reports/<kind>/NAME/ [default: the whole fleet]' -r
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -l lang -d 'Language of the text [default: `[report] language` in ops.toml, else the locale (LC_ALL, LC_MESSAGES, LANG): zh-CN for zh_*, else en]' -r -f -a "en\t''
zh-CN\t''"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -l docx -d 'Also write reports/<kind>/<period>.docx, a Word document of the same report to edit and sign'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from daily" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -l week -d 'The ISO week [default: the last complete week]' -r
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -l plan -d 'The next-step plan, one item per line [default: `[report] plan` in ops.toml]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -l customer -d 'Only this customer\'s part: the inspections, backups and changes of its inventory entries (`customer = "NAME"`) and its tickets; written under reports/<kind>/NAME/ [default: the whole fleet]' -r
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -l lang -d 'Language of the text [default: `[report] language` in ops.toml, else the locale (LC_ALL, LC_MESSAGES, LANG): zh-CN for zh_*, else en]' -r -f -a "en\t''
zh-CN\t''"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -l docx -d 'Also write reports/<kind>/<period>.docx, a Word document of the same report to edit and sign'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from weekly" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -l quarter -d 'The quarter [default: the last complete quarter]' -r
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -l plan -d 'The next-step plan, one item per line [default: `[report] plan` in ops.toml]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -l customer -d 'Only this customer\'s part: the inspections, backups and changes of its inventory entries (`customer = "NAME"`) and its tickets; written under reports/<kind>/NAME/ [default: the whole fleet]' -r
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -l lang -d 'Language of the text [default: `[report] language` in ops.toml, else the locale (LC_ALL, LC_MESSAGES, LANG): zh-CN for zh_*, else en]' -r -f -a "en\t''
zh-CN\t''"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -l docx -d 'Also write reports/<kind>/<period>.docx, a Word document of the same report to edit and sign'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from quarterly" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from accounts" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from accounts" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from accounts" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from accounts" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from accounts" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from accounts" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from accounts" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from accounts" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from accounts" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from accounts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from accounts" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -l quarter -d 'The quarter [default: this quarter, so far]' -r
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -l week -d 'An ISO week instead of a quarter' -r
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -l date -d 'One day instead of a quarter' -r
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -l customer -d 'Only this customer\'s tickets (the exact name)' -r
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -l lang -d 'Language of the text [default: `[report] language` in ops.toml, else the locale (LC_ALL, LC_MESSAGES, LANG): zh-CN for zh_*, else en]' -r -f -a "en\t''
zh-CN\t''"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from parts" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "daily" -d 'Write the daily report: inspections, new and cleared findings, open and overdue tickets, backups'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "weekly" -d 'Write the system weekly report: CPU, memory, disks, backups, findings, tickets, SLA, changes'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "quarterly" -d 'Write the quarterly maintenance report: availability, incidents, MTTR, SLA, Pareto of causes, plan'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "accounts" -d 'Print the super-user account table: uid-0 accounts, admin group members, sudoers rules, root\'s keys'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "parts" -d 'Print the defective parts report: every part replaced in a period, counted by customer and kind'
complete -c ops -n "__fish_ops_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l target -d 'Run the checks on this host: inventory name or [user@]host[:port] [default: this machine]' -r
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l ticket -d 'Link the walk record to this ticket' -r
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l answer -d 'Answer a step beforehand (STEP=CHOICE, or STEP=TEXT for a text question); repeatable' -r
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l answers -d 'Read answers from a TOML file of `step = "choice"` lines' -r -F
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l connect-timeout -d 'Time allowed to connect to --target [default: 10s]' -r
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l lang -d 'Language of the text [default: `[report] language` in ops.toml, else the locale (LC_ALL, LC_MESSAGES, LANG): zh-CN for zh_*, else en]' -r -f -a "en\t''
zh-CN\t''"
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l accept-new-host-keys -d 'Record the host key of a target not yet in known_hosts instead of refusing it'
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l accept-new-certs -d 'Pin the certificate of the target\'s BMC when it is not yet in the known-certificates file (as `ops inspect hw --accept-new-certs`)'
complete -c ops -n "__fish_ops_using_subcommand diagnose" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand diagnose" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand diagnose" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand diagnose" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand diagnose" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -f -a "add" -d 'Record what an engineer did on a day (the engineering diary, 工程日记)'
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -f -a "show" -d 'List the engineering diary by engineer and ISO week'
complete -c ops -n "__fish_ops_using_subcommand diary; and not __fish_seen_subcommand_from add show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l work -d 'What was done (any language) [required unless --work-file]' -r
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l work-file -d 'Read what was done from this file (`-` for standard input)' -r -F
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l engineer -d 'Who did the work [default: the login running ops]' -r
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l day -d 'The day worked, YYYY-MM-DD [default: today]' -r
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l hours -d 'Hours worked that day on this (0 to 24; e.g. 3.5)' -r
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l customer -d 'The customer worked for' -r
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l site -d 'The site (machine room, office) worked at' -r
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l ticket -d 'A ticket worked on (repeatable); linked both ways' -r
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l target -d 'An inventory name worked on (repeatable)' -r
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -l week -d 'The (last) week shown, e.g. 2026-W49 [default: this week]' -r
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -l weeks -d 'How many weeks, ending with --week' -r
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -l engineer -d 'Only this engineer\'s entries' -r
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -l ticket -d 'Only entries naming this ticket' -r
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from help" -f -a "add" -d 'Record what an engineer did on a day (the engineering diary, 工程日记)'
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from help" -f -a "show" -d 'List the engineering diary by engineer and ISO week'
complete -c ops -n "__fish_ops_using_subcommand diary; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand parse" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand parse" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand parse" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand parse" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand parse" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand parse" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand parse" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand parse" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand parse" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand parse" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand parse" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -f -a "list" -d 'List the runbooks: built-in ones and the records repository\'s runbooks/'
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -f -a "show" -d 'Print a runbook as a tree of its steps, or as a Mermaid flowchart'
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -f -a "check" -d 'Validate runbooks: structure, references, reachability, cycles, read-only checks'
complete -c ops -n "__fish_ops_using_subcommand runbook; and not __fish_seen_subcommand_from list show check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from list" -l lang -d 'Language of the text [default: `[report] language` in ops.toml, else the locale (LC_ALL, LC_MESSAGES, LANG): zh-CN for zh_*, else en]' -r -f -a "en\t''
zh-CN\t''"
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from list" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from list" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from list" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from list" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from list" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l lang -d 'Language of the text [default: `[report] language` in ops.toml, else the locale (LC_ALL, LC_MESSAGES, LANG): zh-CN for zh_*, else en]' -r -f -a "en\t''
zh-CN\t''"
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l mermaid -d 'Print a Mermaid flowchart (for Markdown documents) instead of the tree'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from show" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from check" -l lang -d 'Language of the text [default: `[report] language` in ops.toml, else the locale (LC_ALL, LC_MESSAGES, LANG): zh-CN for zh_*, else en]' -r -f -a "en\t''
zh-CN\t''"
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from check" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from check" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from check" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from check" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from check" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from check" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from check" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the runbooks: built-in ones and the records repository\'s runbooks/'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print a runbook as a tree of its steps, or as a Mermaid flowchart'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate runbooks: structure, references, reachability, cycles, read-only checks'
complete -c ops -n "__fish_ops_using_subcommand runbook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand sync" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand sync" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand sync" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand sync" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand sync" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand sync" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand sync" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand sync" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand sync" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand sync" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand completions" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand completions" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand completions" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand completions" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand completions" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand completions" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand completions" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand completions" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand completions" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand completions" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand complete" -l format -d 'Output format' -r -f -a "table\t''
json\t''
nagios\t'A monitoring plugin\'s output (inspections and `backup verify`; a table elsewhere)'
prom\t'Prometheus text exposition (inspections and `backup verify`; a table elsewhere)'
markdown\t'Markdown (`ticket sheet`, where it is the default; a table elsewhere)'
html\t'A standalone HTML page (`ticket sheet`; a table elsewhere)'"
complete -c ops -n "__fish_ops_using_subcommand complete" -l records -d 'Records repository to read and commit to' -r -F
complete -c ops -n "__fish_ops_using_subcommand complete" -l inventory -d 'Inventory file [default: inventory.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand complete" -l config -d 'Configuration file [default: ops.toml in the records repository]' -r -F
complete -c ops -n "__fish_ops_using_subcommand complete" -l textfile -d 'Also write the metrics of an inspection or `backup verify` to DIR/ops_<kind>.prom, atomically, for node_exporter\'s textfile collector' -r -F
complete -c ops -n "__fish_ops_using_subcommand complete" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ops -n "__fish_ops_using_subcommand complete" -s q -l quiet -d 'Print only results and errors (for cron)'
complete -c ops -n "__fish_ops_using_subcommand complete" -s v -l verbose -d 'Show every finding and more detail'
complete -c ops -n "__fish_ops_using_subcommand complete" -l no-record -d 'Do not write or commit any record'
complete -c ops -n "__fish_ops_using_subcommand complete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ops -n "__fish_ops_using_subcommand complete" -s V -l version -d 'Print version'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "init" -d 'Create a records repository (git) with a commented ops.toml and an example inventory'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "inspect" -d 'Inspect hosts, databases and network devices (daily inspection)'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "ticket" -d 'Record customer maintenance requests and follow their SLA clocks'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "backup" -d 'Verify backups, and take the backup before a change'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "change" -d 'Plan changes, approve them, and start them only behind a verified backup'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "report" -d 'Write maintenance reports (daily, weekly, quarterly), the account table and the parts report from the records'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "diagnose" -d 'Walk a fault tree (no-power, no-display, no-network) step by step'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "diary" -d 'Record and list engineers\' days: the work done, for which customer, tickets and targets'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "parse" -d 'Parse a captured device output and print what was extracted'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "runbook" -d 'List, print and validate runbooks (fault trees)'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "sync" -d 'Fetch, merge and push the records repository to [records] remote'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "completions" -d 'Print a shell completion script'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "complete" -d 'Print completion candidates from the records repository (for the shell scripts)'
complete -c ops -n "__fish_ops_using_subcommand help; and not __fish_seen_subcommand_from init inspect ticket backup change report diagnose diary parse runbook sync completions complete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from inspect" -f -a "host" -d 'Inspect Linux hosts: load, memory, swap, filesystems, RAID, NICs, routes, gateway, DNS, error log, root mail, failed services, time sync, patches, password policy, last backup; with --manual, the physical items'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from inspect" -f -a "db" -d 'Inspect PostgreSQL and MySQL/MariaDB databases: connections, version, state, space, replication, long transactions, server log, last backup'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from inspect" -f -a "net" -d 'Inspect network devices (Cisco IOS, Huawei VRP): version and uptime, reloads, interface states, error counters, routes, CPU, memory, environment'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from inspect" -f -a "hw" -d 'Inspect server hardware through BMCs (Redfish, IPMI) and UPSes (NUT): power, fans, temperatures, voltages, storage, memory, CPUs, the system event log; a UPS\'s power, battery and load'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from ticket" -f -a "new" -d 'Record a new customer maintenance request and start its SLA clocks'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from ticket" -f -a "show" -d 'Show a ticket: the request, its SLA clocks and everything that happened to it'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from ticket" -f -a "sheet" -d 'Print the maintenance task sheet (维护任务单) of a ticket, with signature lines'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from ticket" -f -a "list" -d 'List tickets, what is due first: overdue clocks, then the nearest deadlines'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from ticket" -f -a "check" -d 'Alert on tickets: exit 2 when any is overdue, 1 when one falls due soon'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from ticket" -f -a "update" -d 'Add a note, assign, change severity, hold or resume a ticket, or stop its respond and plan clocks'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from ticket" -f -a "close" -d 'Close a ticket: the resolution, its cause, parts replaced, and the customer\'s representative who confirmed it'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from ticket" -f -a "part" -d 'Record a defective part replaced on a ticket: what it was, both serial numbers, the fault, and whether it went back to the vendor'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from ticket" -f -a "plan" -d 'Record the solution agreed with the customer and the resolution time they accepted'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from ticket" -f -a "visit" -d 'Record an on-site visit: when the engineer arrived (and left), who, and what was done'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from ticket" -f -a "feedback" -d 'Record the return visit of a closed ticket: who was called and how satisfied they are (1-5)'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "verify" -d 'Prove backups present, fresh, kept, checksummed and readable to the end'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "take" -d 'Archive paths into a verified tar.zst with a SHA-256 manifest beside it'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "net" -d 'Back up network devices\' running configurations into the records repository'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from change" -f -a "new" -d 'Request a change: its cutover plan, rollback, window and targets, under a ticket'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from change" -f -a "approve" -d 'Approve a change (by someone other than its requester)'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from change" -f -a "start" -d 'Start a change: only when approved, inside its window, behind a fresh verified backup'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from change" -f -a "done" -d 'Finish a started change: done or rolled back, with the cutover report (割接报告)'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from change" -f -a "show" -d 'Show a change: its window, who requested, approved and started it, its plan, rollback and report'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from change" -f -a "list" -d 'List changes: id, ticket, phase, window, targets and summary'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "daily" -d 'Write the daily report: inspections, new and cleared findings, open and overdue tickets, backups'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "weekly" -d 'Write the system weekly report: CPU, memory, disks, backups, findings, tickets, SLA, changes'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "quarterly" -d 'Write the quarterly maintenance report: availability, incidents, MTTR, SLA, Pareto of causes, plan'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "accounts" -d 'Print the super-user account table: uid-0 accounts, admin group members, sudoers rules, root\'s keys'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "parts" -d 'Print the defective parts report: every part replaced in a period, counted by customer and kind'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from diary" -f -a "add" -d 'Record what an engineer did on a day (the engineering diary, 工程日记)'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from diary" -f -a "show" -d 'List the engineering diary by engineer and ISO week'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from runbook" -f -a "list" -d 'List the runbooks: built-in ones and the records repository\'s runbooks/'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from runbook" -f -a "show" -d 'Print a runbook as a tree of its steps, or as a Mermaid flowchart'
complete -c ops -n "__fish_ops_using_subcommand help; and __fish_seen_subcommand_from runbook" -f -a "check" -d 'Validate runbooks: structure, references, reachability, cycles, read-only checks'
