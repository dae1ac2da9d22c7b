//! Is a check's shell command read-only?
//!
//! A check may run a command of its own, on the local machine or on a customer's
//! server, so the runbook validator only accepts commands it can prove do not
//! change anything: simple commands from an allow-list, each with its
//! arguments checked where the same program can also write (`ip link set`,
//! `sysctl -w`, `dmesg -c`, `ss -K`, ...), joined by `|`, `||`, `&&` or `;`.
//! Anything the shell could turn into a write or into another command is
//! refused: redirections, command substitution, background jobs, subshells,
//! variable expansion and assignments, and programs named by path.
//!
//! This is a conservative parser of the POSIX shell's simple-command syntax,
//! not a shell: what it cannot read with certainty, it refuses.

/// Ok when `command` is read-only; otherwise why not.
pub fn check_read_only(command: &str) -> Result<(), String> {
    if command.trim().is_empty() {
        return Err("the command is empty".into());
    }
    let pipeline = split(command)?;
    for words in &pipeline {
        check_simple(words)?;
    }
    Ok(())
}

/// Split into simple commands (lists of words) at `|`, `||`, `&&`, `;` and
/// newlines, refusing every other shell construct.
fn split(command: &str) -> Result<Vec<Vec<String>>, String> {
    let mut commands: Vec<Vec<String>> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = command.chars().peekable();

    fn end_word(words: &mut Vec<String>, word: &mut String, in_word: &mut bool) {
        if *in_word {
            words.push(std::mem::take(word));
            *in_word = false;
        }
    }
    fn end_command(
        commands: &mut Vec<Vec<String>>,
        words: &mut Vec<String>,
        op: &str,
    ) -> Result<(), String> {
        if words.is_empty() {
            return Err(format!("'{op}' without a command before it"));
        }
        commands.push(std::mem::take(words));
        Ok(())
    }

    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => word.push(ch),
                        None => return Err("unterminated single quote".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('$') | Some('`') => {
                            return Err(
                                "expansion ('$' or '`') inside double quotes is not allowed".into(),
                            );
                        }
                        Some('\\') => match chars.next() {
                            Some(ch) => word.push(ch),
                            None => return Err("unterminated double quote".into()),
                        },
                        Some(ch) => word.push(ch),
                        None => return Err("unterminated double quote".into()),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(ch) => {
                    in_word = true;
                    word.push(ch);
                }
                None => return Err("trailing backslash".into()),
            },
            ' ' | '\t' => end_word(&mut words, &mut word, &mut in_word),
            '\n' | ';' => {
                end_word(&mut words, &mut word, &mut in_word);
                if words.is_empty() && c == '\n' {
                    continue;
                }
                end_command(
                    &mut commands,
                    &mut words,
                    if c == ';' { ";" } else { "newline" },
                )?;
            }
            '|' => {
                end_word(&mut words, &mut word, &mut in_word);
                let op = if chars.peek() == Some(&'|') {
                    chars.next();
                    "||"
                } else if chars.peek() == Some(&'&') {
                    return Err("'|&' (pipe of stderr) is not allowed".into());
                } else {
                    "|"
                };
                end_command(&mut commands, &mut words, op)?;
            }
            '&' => {
                if chars.peek() == Some(&'&') {
                    chars.next();
                    end_word(&mut words, &mut word, &mut in_word);
                    end_command(&mut commands, &mut words, "&&")?;
                } else {
                    return Err("background jobs ('&') are not allowed".into());
                }
            }
            '>' | '<' => {
                return Err(format!("redirection ('{c}') is not allowed"));
            }
            '`' | '$' => {
                return Err(format!(
                    "expansion ('{c}') is not allowed: a check runs a fixed command"
                ));
            }
            '(' | ')' | '{' | '}' => {
                return Err(format!("subshells and groups ('{c}') are not allowed"));
            }
            '#' if !in_word => return Err("comments ('#') are not allowed".into()),
            ch => {
                in_word = true;
                word.push(ch);
            }
        }
    }
    end_word(&mut words, &mut word, &mut in_word);
    if words.is_empty() {
        if !commands.is_empty() && !command.trim_end().ends_with(';') {
            return Err("the command ends with an operator".into());
        }
    } else {
        commands.push(words);
    }
    Ok(commands)
}

/// Programs that only read, whatever their arguments (redirections being refused).
const ANY_ARGS: &[&str] = &[
    "cat",
    "head",
    "tail",
    "grep",
    "egrep",
    "fgrep",
    "zgrep",
    "ls",
    "uname",
    "uptime",
    "free",
    "df",
    "du",
    "ps",
    "pgrep",
    "lsmod",
    "lspci",
    "lsusb",
    "lsblk",
    "lscpu",
    "getent",
    "ping",
    "ping6",
    "dig",
    "host",
    "nslookup",
    "tracepath",
    "traceroute",
    "netstat",
    "wc",
    "cut",
    "tr",
    "echo",
    "printf",
    "true",
    "false",
    "test",
    "[",
    "stat",
    "readlink",
    "realpath",
    "basename",
    "dirname",
    "id",
    "whoami",
    "who",
    "w",
    "last",
    "nproc",
    "vmstat",
    "iostat",
    "mpstat",
    "md5sum",
    "sha256sum",
    "cmp",
    "diff",
    "column",
    "nl",
    "fold",
    "rev",
    "zcat",
    "od",
    "strings",
    "findmnt",
    "lsof",
    "tty",
    "locale",
    "whereis",
    "which",
];

/// Check one simple command.
fn check_simple(words: &[String]) -> Result<(), String> {
    let program = words[0].as_str();
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    if program.contains('/') {
        return Err(format!(
            "'{program}': name programs without a path, so that only known read-only programs run"
        ));
    }
    if program.contains('=') {
        // `NAME=value cmd` would change the command's environment (LD_PRELOAD, PATH).
        return Err(format!("'{program}': variable assignments are not allowed"));
    }
    if ANY_ARGS.contains(&program) {
        if (program == "ping" || program == "ping6") && has_short(&args, 'f') {
            return Err("'ping -f' floods the network".into());
        }
        return Ok(());
    }
    let refuse = |why: &str| Err(format!("'{}': {why}", words.join(" ")));
    let operands = args.iter().filter(|a| !a.starts_with('-')).count();
    match program {
        "sort" => {
            if has_short(&args, 'o') || args.iter().any(|a| a.starts_with("--output")) {
                refuse("'sort -o' writes a file")
            } else {
                Ok(())
            }
        }
        "uniq" if operands > 1 => refuse("'uniq' with two operands writes the second"),
        "uniq" => Ok(()),
        "sensors" if has_short(&args, 's') => refuse("'sensors -s' sets limits"),
        "sensors" => Ok(()),
        "dmidecode" if args.iter().any(|a| a.starts_with("--dump-bin")) => {
            refuse("'dmidecode --dump-bin' writes a file")
        }
        "dmidecode" => Ok(()),
        "fuser" if has_short(&args, 'k') => refuse("'fuser -k' kills processes"),
        "fuser" => Ok(()),
        "timedatectl" => match args.iter().find(|a| !a.starts_with('-')) {
            None => Ok(()),
            Some(v)
                if matches!(
                    *v,
                    "status" | "show" | "timesync-status" | "show-timesync" | "list-timezones"
                ) =>
            {
                Ok(())
            }
            Some(v) => refuse(&format!("timedatectl {v} is not read-only")),
        },
        "ip" => check_ip(&args).or_else(|why| refuse(&why)),
        "ss" => {
            if has_short(&args, 'K') || args.contains(&"--kill") {
                refuse("'ss -K' kills sockets")
            } else {
                Ok(())
            }
        }
        "dmesg" => {
            let writes = [
                "-c",
                "-C",
                "-D",
                "-E",
                "-n",
                "--clear",
                "--read-clear",
                "--console-off",
                "--console-on",
                "--console-level",
            ];
            if args
                .iter()
                .any(|a| writes.contains(a) || a.starts_with("--console"))
                || has_short(&args, 'c')
                || has_short(&args, 'C')
                || has_short(&args, 'D')
                || has_short(&args, 'E')
                || has_short(&args, 'n')
            {
                refuse(
                    "dmesg options that clear the buffer or change the console are not read-only",
                )
            } else {
                Ok(())
            }
        }
        "journalctl" => {
            let writes = [
                "--vacuum",
                "--rotate",
                "--flush",
                "--sync",
                "--relinquish-var",
                "--smart-relinquish-var",
                "--setup-keys",
                "--update-catalog",
            ];
            if args.iter().any(|a| writes.iter().any(|w| a.starts_with(w))) {
                refuse("journalctl maintenance options write")
            } else {
                Ok(())
            }
        }
        "sysctl" => {
            if args.iter().any(|a| {
                a.contains('=')
                    || *a == "-w"
                    || *a == "--write"
                    || *a == "-p"
                    || a.starts_with("--load")
                    || *a == "--system"
            }) {
                refuse("sysctl may only read values")
            } else {
                Ok(())
            }
        }
        "hostname" | "date" | "mount" => {
            // Without operands they print; with one they set or mount.
            let ok = match program {
                "hostname" => args.iter().all(|a| {
                    a.starts_with('-') && !matches!(*a, "-F" | "--file" | "-b" | "--boot")
                }),
                "date" => args.iter().all(|a| {
                    a.starts_with('+')
                        || matches!(
                            *a,
                            "-u" | "--utc" | "-R" | "-I" | "--rfc-3339=seconds" | "--iso-8601"
                        )
                }),
                _ => args.iter().all(|a| matches!(*a, "-l" | "-v")),
            };
            if ok {
                Ok(())
            } else {
                refuse("with operands it changes the system")
            }
        }
        "route" => {
            if args.iter().all(|a| a.starts_with('-')) {
                Ok(())
            } else {
                refuse("'route' may only list (-n)")
            }
        }
        "arp" => {
            if args
                .iter()
                .any(|a| matches!(*a, "-s" | "-d" | "-f" | "--set" | "--delete" | "--file"))
            {
                refuse("'arp' may only list")
            } else {
                Ok(())
            }
        }
        "ethtool" => {
            let reads = [
                "-i",
                "-S",
                "-k",
                "-a",
                "-c",
                "-g",
                "-l",
                "-m",
                "-P",
                "-T",
                "-d",
                "--driver",
                "--statistics",
                "--show-features",
                "--show-offload",
                "--show-pause",
                "--show-coalesce",
                "--show-ring",
                "--show-channels",
                "--module-info",
                "--show-permaddr",
                "--show-time-stamping",
                "--register-dump",
                "--show-eee",
                "--show-fec",
                "--show-priv-flags",
                "--phy-statistics",
                "--dump-module-eeprom",
            ];
            if args
                .iter()
                .all(|a| !a.starts_with('-') || reads.contains(a))
                && args.len() <= 2
            {
                Ok(())
            } else {
                refuse("ethtool may only show settings (no option, or -i, -S, -k, ...)")
            }
        }
        "iptables" | "ip6tables" | "iptables-legacy" | "ip6tables-legacy" | "iptables-nft" => {
            let listing = args
                .iter()
                .any(|a| matches!(*a, "-L" | "-S" | "--list" | "--list-rules"))
                || args.iter().any(|a| {
                    a.starts_with('-')
                        && !a.starts_with("--")
                        && (a.contains('L') || a.contains('S'))
                });
            let writes = "ADIRFZNXPE".chars().any(|f| has_short(&args, f))
                || args.iter().any(|a| {
                    matches!(
                        *a,
                        "--append"
                            | "--delete"
                            | "--insert"
                            | "--replace"
                            | "--flush"
                            | "--zero"
                            | "--new-chain"
                            | "--delete-chain"
                            | "--policy"
                            | "--rename-chain"
                    )
                });
            if listing && !writes {
                Ok(())
            } else {
                refuse("iptables may only list (-L, -S)")
            }
        }
        "iptables-save" | "ip6tables-save" => Ok(()),
        "nft" => {
            let rest: Vec<&&str> = args.iter().filter(|a| !a.starts_with('-')).collect();
            if rest.first().is_some_and(|a| **a == "list")
                && !args
                    .iter()
                    .any(|a| matches!(*a, "-f" | "--file" | "-i" | "--interactive"))
            {
                Ok(())
            } else {
                refuse("nft may only list")
            }
        }
        "systemctl" => {
            let verbs = [
                "status",
                "is-active",
                "is-enabled",
                "is-failed",
                "list-units",
                "list-unit-files",
                "list-timers",
                "list-sockets",
                "list-dependencies",
                "show",
                "cat",
                "--failed",
            ];
            let first = args
                .iter()
                .find(|a| !a.starts_with('-') || **a == "--failed");
            match first {
                None => Ok(()),
                Some(v) if verbs.contains(v) => Ok(()),
                Some(v) => refuse(&format!("systemctl {v} is not a read-only verb")),
            }
        }
        "resolvectl" => match args.iter().find(|a| !a.starts_with('-')) {
            None => Ok(()),
            Some(v) if matches!(*v, "status" | "query" | "statistics" | "service") => Ok(()),
            Some(v) => refuse(&format!("resolvectl {v} is not read-only")),
        },
        "nmcli" => {
            let words: Vec<&&str> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let ok = match words.as_slice() {
                [] => true,
                [obj, rest @ ..] => {
                    let obj = **obj;
                    let verb = rest.first().map(|v| **v);
                    (matches!(obj, "general" | "g" | "gen")
                        && matches!(verb, None | Some("status" | "hostname" | "permissions"))
                        && rest.len() <= 1)
                        || (matches!(obj, "device" | "d" | "dev")
                            && matches!(verb, None | Some("status" | "show")))
                        || (matches!(obj, "connection" | "c" | "con")
                            && matches!(verb, None | Some("show")))
                }
            };
            if ok {
                Ok(())
            } else {
                refuse("nmcli may only show status")
            }
        }
        "ipmitool" => {
            let words: Vec<&&str> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let ok = match words.as_slice() {
                [obj, rest @ ..] => match **obj {
                    "sdr" | "sensor" | "fru" => rest
                        .first()
                        .is_none_or(|v| matches!(**v, "list" | "elist" | "get" | "print" | "type")),
                    "sel" => rest
                        .first()
                        .is_none_or(|v| matches!(**v, "list" | "elist" | "info")),
                    "mc" => rest.first().is_some_and(|v| **v == "info"),
                    "chassis" => rest.first().is_some_and(|v| **v == "status"),
                    "lan" => rest.first().is_some_and(|v| **v == "print"),
                    _ => false,
                },
                [] => false,
            };
            // Options such as -H/-U/-P take values; keep remote ipmitool out of checks.
            if ok
                && !args
                    .iter()
                    .any(|a| matches!(*a, "-H" | "-U" | "-P" | "-f" | "-I"))
            {
                Ok(())
            } else {
                refuse(
                    "ipmitool may only read sensors, the SEL, FRU, mc info, chassis status or lan print",
                )
            }
        }
        "smartctl" => {
            if args.iter().any(|a| {
                matches!(
                    *a,
                    "-t" | "--test"
                        | "-s"
                        | "--smart"
                        | "-o"
                        | "--offlineauto"
                        | "-S"
                        | "--saveauto"
                        | "-X"
                        | "--abort"
                        | "--set"
                ) || a.starts_with("--set")
                    || a.starts_with("--test")
            }) {
                refuse("smartctl may only read (-a, -H, -i, -x, -A, -l)")
            } else {
                Ok(())
            }
        }
        "mdadm" => {
            if args.iter().any(|a| {
                matches!(
                    *a,
                    "--detail" | "-D" | "--examine" | "-E" | "--query" | "-Q"
                )
            }) && !args.iter().any(|a| {
                matches!(
                    *a,
                    "--fail"
                        | "-f"
                        | "--remove"
                        | "-r"
                        | "--add"
                        | "-a"
                        | "--stop"
                        | "-S"
                        | "--run"
                        | "-R"
                        | "--grow"
                        | "-G"
                        | "--zero-superblock"
                )
            }) {
                Ok(())
            } else {
                refuse("mdadm may only report (--detail, --examine, --query)")
            }
        }
        "awk" | "gawk" | "mawk" | "sed" | "perl" | "python" | "python3" | "sh" | "bash"
        | "dash" | "zsh" | "env" | "xargs" | "find" | "sudo" | "su" | "exec" | "eval"
        | "source" | "." | "tee" | "dd" | "nohup" | "timeout" | "watch" | "nice" | "ionice"
        | "chroot" | "nsenter" | "ssh" | "scp" | "curl" | "wget" | "nc" | "ncat" | "socat"
        | "vi" | "vim" | "nano" => refuse("this program can run other programs or write files"),
        _ => Err(format!(
            "'{program}' is not on the list of read-only programs (see runbooks/README.md)"
        )),
    }
}

/// Whether a short option cluster such as `-tanpK` contains `flag`.
fn has_short(args: &[&str], flag: char) -> bool {
    args.iter()
        .any(|a| a.starts_with('-') && !a.starts_with("--") && a[1..].contains(flag))
}

/// `ip [OPTIONS] OBJECT [show|list|get ...]`.
fn check_ip(args: &[&str]) -> Result<(), String> {
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') {
        match args[i] {
            "-b" | "-batch" | "-force" | "--batch" | "--force" => {
                return Err("'ip -batch' reads commands from a file".into());
            }
            "-n" | "-netns" | "-f" | "-family" | "-l" | "-loops" | "-rc" | "-rcvbuf" => i += 2,
            _ => i += 1,
        }
    }
    let Some(object) = args.get(i) else {
        return Err("'ip' needs an object such as link, addr or route".into());
    };
    let objects = [
        "link",
        "l",
        "address",
        "addr",
        "a",
        "route",
        "r",
        "ro",
        "rule",
        "ru",
        "neighbour",
        "neighbor",
        "neigh",
        "n",
        "maddress",
        "maddr",
        "m",
        "tunnel",
        "tun",
        "ntable",
        "netconf",
        "mroute",
        "tuntap",
        "xfrm",
        "token",
        "netns",
        "vrf",
        "stats",
        "nexthop",
        "monitor",
    ];
    if !objects.contains(object) {
        return Err(format!("'ip {object}' is not an object ip can show"));
    }
    match args.get(i + 1) {
        None => Ok(()),
        Some(verb)
            if matches!(
                *verb,
                "show" | "sh" | "list" | "ls" | "lst" | "l" | "get" | "g" | "help"
            ) =>
        {
            if *object == "netns" && *verb != "list" && *verb != "ls" && *verb != "show" {
                return Err("'ip netns' may only list".into());
            }
            Ok(())
        }
        Some(verb) if *object == "monitor" || verb.starts_with('-') => {
            if *object == "monitor" {
                Err("'ip monitor' never ends".into())
            } else {
                Ok(())
            }
        }
        Some(verb) => Err(format!(
            "'ip {object} {verb}' changes the system; use show or list"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::check_read_only;

    #[test]
    fn plain_read_only_commands_pass() {
        for cmd in [
            "ip route",
            "ip -o -4 addr show dev eth0",
            "ip -s link",
            "netstat -rn",
            "ss -s",
            "ss -tanp | wc -l",
            "ip route show default || netstat -rn",
            "getent hosts intranet.example && ping -c 1 -W 2 10.0.0.1",
            "cat /proc/sys/fs/file-nr; cat /proc/net/sockstat",
            "grep -c processor /proc/cpuinfo",
            "iptables -S",
            "iptables -nL INPUT",
            "nft list ruleset",
            "systemctl status NetworkManager --no-pager",
            "systemctl --failed",
            "journalctl -p err --since '-1h' --no-pager",
            "dmesg --level=err,warn",
            "ethtool -i eth0",
            "ethtool eth0",
            "sysctl net.ipv4.ip_forward",
            "resolvectl status",
            "nmcli device status",
            "ipmitool sel list",
            "smartctl -H /dev/sda",
            "mdadm --detail /dev/md0",
            "echo 'a > b' | grep \">\"",
            "date -u +%s",
            "hostname -f",
            "route -n",
        ] {
            assert_eq!(check_read_only(cmd), Ok(()), "{cmd}");
        }
    }

    #[test]
    fn writers_and_shell_tricks_are_refused() {
        for (cmd, why) in [
            ("ip route > /tmp/x", "redirection"),
            ("cat /etc/passwd >> /tmp/x", "redirection"),
            ("ip link set eth0 down", "changes the system"),
            ("ip route add default via 10.0.0.1", "changes the system"),
            ("ip addr flush dev eth0", "changes the system"),
            ("ip -batch cmds", "reads commands"),
            ("ip route; rm -rf /", "not on the list"),
            ("ip route && reboot", "not on the list"),
            ("ip route | tee /tmp/x", "write files"),
            ("ip route | sh", "run other programs"),
            ("cat $(echo /etc/shadow)", "expansion"),
            ("cat `ls`", "expansion"),
            ("cat \"$HOME/x\"", "expansion"),
            ("sleep 100 &", "background"),
            ("(ip route)", "subshells"),
            ("LD_PRELOAD=x.so ip route", "assignments"),
            ("/tmp/ip route", "without a path"),
            ("sysctl -w net.ipv4.ip_forward=1", "only read"),
            ("sysctl net.ipv4.ip_forward=1", "only read"),
            ("dmesg -c", "clear"),
            ("ss -K dst 10.0.0.1", "kills"),
            ("systemctl restart networking", "not a read-only verb"),
            ("iptables -F", "only list"),
            ("iptables -A INPUT -j DROP", "only list"),
            ("nft flush ruleset", "only list"),
            ("ethtool -s eth0 speed 100", "only show"),
            ("hostname newname", "changes the system"),
            ("date -s 2020-01-01", "changes the system"),
            ("mount /dev/sdb1 /mnt", "changes the system"),
            ("route add default gw 10.0.0.1", "only list"),
            ("arp -d 10.0.0.1", "only list"),
            ("resolvectl flush-caches", "not read-only"),
            ("ping -f 10.0.0.1", "floods"),
            ("ipmitool chassis power off", "may only read"),
            ("smartctl -t long /dev/sda", "may only read"),
            ("ip route |", "ends with an operator"),
            ("| ip route", "without a command"),
            ("echo 'unterminated", "unterminated"),
            ("ip route # comment", "comments"),
            ("", "empty"),
        ] {
            let err = check_read_only(cmd).expect_err(cmd);
            assert!(err.contains(why), "{cmd}: {err}");
        }
    }

    /// Characters outside single quotes, where the shell would interpret them.
    fn unquoted(cmd: &str) -> String {
        let mut out = String::new();
        let mut in_single = false;
        for c in cmd.chars() {
            if c == '\'' {
                in_single = !in_single;
            } else if !in_single {
                out.push(c);
            }
        }
        out
    }

    proptest::proptest! {
        /// Whatever the text, the checker answers (no panic), and nothing it
        /// accepts holds a redirection, an expansion or a background job
        /// where the shell would act on it.
        #[test]
        fn accepted_commands_hold_no_shell_writes(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "ip", "route", "link", "set", "show", "cat", "/etc/hosts", "'a > b'", ">", ">>",
                    "<", "|", "||", "&&", "&", ";", "$(id)", "`id`", "$HOME", "\"$x\"", "tee", "sh",
                    "grep", "x", "-c", "ss", "-K", "dmesg", "(", ")", "{", "}", "A=b", "#",
                ]),
                1..8,
            )
        ) {
            let cmd = words.join(" ");
            if check_read_only(&cmd).is_ok() {
                let bare = unquoted(&cmd);
                for bad in ['>', '<', '$', '`', '(', ')', '#'] {
                    proptest::prop_assert!(!bare.contains(bad), "{cmd}");
                }
                proptest::prop_assert!(!bare.replace("&&", "").contains('&'), "{cmd}");
                proptest::prop_assert!(!cmd.split(['|', ';', '&']).any(|part| {
                    let first = part.split_whitespace().next().unwrap_or("");
                    matches!(first, "tee" | "sh" | "A=b")
                }), "{cmd}");
            }
        }
    }
}
