//! Is a check's command read-only? An allow-list of programs and of their
//! options and arguments.
//!
//! A check may run a command of its own, on the local machine or on a
//! customer's server, so the validator accepts only what it can prove does
//! not change anything, run anything else or read a secret. Matching patterns
//! of shell text cannot prove that (`sort --compress-program=sh` runs a shell,
//! `sysctl -p FILE` sets kernel values, `hostname --file=F` renames the
//! host), so a command is read as words and checked the other way round:
//!
//! 1. The text is split into words shell-style (quotes and backslashes), and
//!    every character a shell would act on outside quotes is refused: pipes,
//!    lists and background jobs (`| ; &`), redirections, `$` and backquote
//!    expansion, subshells, globs, `~` and comments. A check is one program.
//! 2. The program (named bare, or by path in a standard bin directory) must be
//!    in [`PROGRAMS`], which lists for each program the options it may take
//!    (with the shape of their values), the subcommand verbs it may use and
//!    the shape and number of its operands. Whatever is not listed is refused:
//!    new options of a program are refused until someone reads what they do.
//! 3. Paths, as operands or option values, must be absolute, without `..`,
//!    outside devices, and not a secret file (see [`secret_path`]).
//!
//! The accepted words are then run as they are, without a shell (see
//! `probe.rs`), so that what was checked is exactly what runs. A step that
//! needs more says `privileged = true`, and `ops diagnose` runs it only after
//! the engineer confirms it on a terminal.

use super::probe::Param;

/// The program and its arguments when `command` is read-only; otherwise why not.
pub fn parse_read_only(command: &str) -> Result<Vec<String>, String> {
    let argv = words(command)?;
    let Some(first) = argv.first() else {
        return Err("the command is empty".into());
    };
    let name = program_name(first)?;
    let args = &argv[1..];
    match name {
        "ip" => check_ip(args),
        _ => match PROGRAMS.iter().find(|p| p.names.contains(&name)) {
            Some(program) => program.check(name, args),
            None => Err(format!(
                "'{name}' is not on the list of read-only programs (see runbooks/README.md); \
                 a step that needs it must say privileged = true"
            )),
        },
    }?;
    Ok(argv)
}

/// Ok when `command` is read-only; otherwise why not.
pub fn check_read_only(command: &str) -> Result<(), String> {
    parse_read_only(command).map(|_| ())
}

/// Split into words as a shell would, refusing everything a shell would
/// interpret outside quotes.
fn words(command: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = command.chars();
    let control = |c: char| {
        if c.is_control() {
            Err(format!(
                "control character {c:?}: a check is one command on one line"
            ))
        } else {
            Ok(())
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => {
                            control(ch)?;
                            word.push(ch);
                        }
                        None => return Err("unterminated single quote".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('$' | '`') => {
                            return Err(
                                "expansion ('$' or '`') inside double quotes is not allowed; \
                                 use single quotes for a literal '$'"
                                    .into(),
                            );
                        }
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\')) => word.push(ch),
                            Some(ch) => {
                                control(ch)?;
                                word.push('\\');
                                word.push(ch);
                            }
                            None => return Err("unterminated double quote".into()),
                        },
                        Some(ch) => {
                            control(ch)?;
                            word.push(ch);
                        }
                        None => return Err("unterminated double quote".into()),
                    }
                }
            }
            '\\' => match chars.next() {
                Some(ch) if !ch.is_control() => {
                    in_word = true;
                    word.push(ch);
                }
                _ => {
                    return Err(
                        "a backslash at the end of the command or before a control character"
                            .into(),
                    );
                }
            },
            ' ' | '\t' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '|' | ';' | '&' => {
                return Err(format!(
                    "'{c}': a check runs one program, without pipes, lists or background jobs \
                     (use the program's own options, e.g. grep -c FILE)"
                ));
            }
            '<' | '>' => return Err(format!("redirection ('{c}') is not allowed")),
            '$' | '`' => {
                return Err(format!(
                    "expansion ('{c}') is not allowed: a check runs a fixed command"
                ));
            }
            '(' | ')' | '{' | '}' => {
                return Err(format!("subshells and groups ('{c}') are not allowed"));
            }
            '*' | '?' | '[' | ']' => {
                return Err(format!(
                    "'{c}': globs are not expanded (there is no shell); name files exactly, or quote the character"
                ));
            }
            '~' if !in_word => {
                return Err("'~' is not expanded (there is no shell); write the path".into());
            }
            '#' if !in_word => return Err("comments ('#') are not allowed".into()),
            ch => {
                control(ch)?;
                in_word = true;
                word.push(ch);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// Directories a program may be named in by path.
const BIN_DIRS: &[&str] = &[
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
];

fn program_name(word: &str) -> Result<&str, String> {
    match word.rsplit_once('/') {
        None if word.contains('=') => {
            Err(format!("'{word}': variable assignments are not allowed"))
        }
        None => Ok(word),
        Some((dir, name)) if BIN_DIRS.contains(&dir) && !name.is_empty() => Ok(name),
        Some(_) => Err(format!(
            "'{word}': name programs without a path, or by a path in a standard directory ({})",
            BIN_DIRS.join(", ")
        )),
    }
}

/// What a value (an operand or an option's value) must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `12`, `0.5`.
    Num,
    /// A name or list: interfaces, chains, columns, types, units (`eth0`,
    /// `pid,comm`, `sshd.service`); never starting with `-`.
    Word,
    /// Any text (patterns, times, formats).
    Text,
    /// A file that may be read: see [`check_path`].
    Path,
    /// A block device, `/dev/...`.
    Dev,
    /// A host name or an IP address.
    Host,
    /// A sysctl name, never `name=value`.
    Sysctl,
}

impl Shape {
    fn check(self, value: &str) -> Result<(), String> {
        let word = |v: &str| {
            !v.is_empty()
                && !v.starts_with('-')
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.,:@%+=/-\\".contains(c))
        };
        match self {
            Shape::Num => {
                let mut parts = value.splitn(2, '.');
                let digits = |s: Option<&str>| {
                    s.is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                };
                let int = parts.next();
                let frac = parts.next();
                if digits(int) && (frac.is_none() || digits(frac)) {
                    Ok(())
                } else {
                    Err(format!("'{value}' is not a number"))
                }
            }
            Shape::Word if word(value) => Ok(()),
            Shape::Word => Err(format!(
                "'{value}' is not a plain name (letters, digits and _ . , : @ % + = / -)"
            )),
            Shape::Text => Ok(()),
            Shape::Path => check_path(value),
            Shape::Dev => {
                let rest = value.strip_prefix("/dev/").unwrap_or("");
                if word(rest) && !value.split('/').any(|c| c == "..") && !value.contains('=') {
                    match rest {
                        "mem" | "kmem" | "port" => Err(format!("'{value}' is memory, not a disk")),
                        _ => Ok(()),
                    }
                } else {
                    Err(format!("'{value}' is not a device (/dev/...)"))
                }
            }
            Shape::Host => Param::Host.validate(value),
            Shape::Sysctl if value.contains('=') => Err(format!(
                "'{value}' sets a kernel value; a check may only read (sysctl NAME)"
            )),
            // A name is dotted or slashed components, never a path: procps
            // would read `/etc/shadow` as the key `etc.shadow`, but a check
            // must not even spell a file's name where a key belongs.
            Shape::Sysctl if word(value) && !value.split(['.', '/']).any(str::is_empty) => Ok(()),
            Shape::Sysctl => Err(format!("'{value}' is not a sysctl name")),
        }
    }
}

/// A path a check may read: absolute (a check runs in no particular
/// directory), without `..`, not a device and not a secret.
fn check_path(path: &str) -> Result<(), String> {
    if !path.starts_with('/') {
        return Err(format!(
            "'{path}': give an absolute path (a check runs in no particular directory)"
        ));
    }
    if path.split('/').any(|c| c == "..") {
        return Err(format!("'{path}': '..' is not allowed in a path"));
    }
    if path.starts_with("/dev/") && path != "/dev/null" {
        return Err(format!("'{path}': a check does not read devices"));
    }
    match secret_path(path) {
        Some(what) => Err(format!("'{path}' {what}: a check must not read it")),
        None => Ok(()),
    }
}

/// Why `path` (absolute, without `..`) may hold a secret, when it may.
fn secret_path(path: &str) -> Option<&'static str> {
    let path = path.trim_end_matches('/');
    let components: Vec<&str> = path
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let name = components.last().copied().unwrap_or("");
    let under = |dir: &str| path == dir || path.starts_with(&format!("{dir}/"));
    if matches!(
        path,
        "/etc/shadow" | "/etc/shadow-" | "/etc/gshadow" | "/etc/gshadow-" | "/etc/security/opasswd"
    ) {
        return Some("holds password hashes");
    }
    if under("/etc/sudoers") || under("/etc/sudoers.d") {
        return Some("is the sudo policy");
    }
    if under("/root") {
        return Some("is in root's home");
    }
    if components.iter().any(|c| {
        matches!(
            *c,
            ".ssh" | ".gnupg" | ".pgpass" | ".netrc" | ".my.cnf" | ".aws" | ".kube" | ".docker"
        )
    }) {
        return Some("holds keys or credentials");
    }
    if under("/etc/ssl/private") || under("/etc/pki/tls/private") {
        return Some("holds private keys");
    }
    if (name.starts_with("ssh_host_") && name.ends_with("_key"))
        || name.ends_with(".key")
        || matches!(name, "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519")
    {
        return Some("is a private key");
    }
    if components.first() == Some(&"proc") && matches!(name, "environ" | "mem" | "kcore") {
        return Some("exposes a process's environment or memory");
    }
    None
}

/// How an option takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Takes {
    Nothing,
    /// `-n 5`, `-n5`, `--lines 5`, `--lines=5`.
    Value(Shape),
    /// Only attached: `-Iseconds`, `--iso-8601=seconds`, or none.
    Optional(Shape),
}

/// One option of [`Program::options`], e.g. `-n/--lines=N`.
struct Opt<'a> {
    forms: Vec<&'a str>,
    takes: Takes,
}

fn parse_options(spec: &str) -> Vec<Opt<'_>> {
    spec.split_whitespace()
        .map(|entry| {
            let (forms, takes) = match entry.split_once('=') {
                None => (entry, Takes::Nothing),
                Some((forms, shape)) => {
                    let (optional, letter) = match shape.strip_prefix('?') {
                        Some(l) => (true, l),
                        None => (false, shape),
                    };
                    let shape = match letter {
                        "N" => Shape::Num,
                        "W" => Shape::Word,
                        "T" => Shape::Text,
                        "P" => Shape::Path,
                        "D" => Shape::Dev,
                        "H" => Shape::Host,
                        other => unreachable!("unknown shape {other} in {spec}"),
                    };
                    let takes = if optional {
                        Takes::Optional(shape)
                    } else {
                        Takes::Value(shape)
                    };
                    (forms, takes)
                }
            };
            Opt {
                forms: forms.split('/').collect(),
                takes,
            }
        })
        .collect()
}

/// A program a check may run, and how.
pub(crate) struct Program {
    names: &'static [&'static str],
    /// Space-separated options: `-a/--all` is a flag, `-n/--lines=N` takes a
    /// number, `--iso-8601=?W` an optional attached word. Shapes: N number,
    /// W word, T text, P path, D device, H host.
    options: &'static str,
    /// Shape of the operands (after the verb, when there are verbs).
    operand: Shape,
    min: usize,
    max: usize,
    /// When not empty, the first operand must be one of these.
    verbs: &'static [&'static str],
    verb_required: bool,
    /// No option parsing: every word is an operand (`echo -n` prints "-n"
    /// or not; it never does more).
    raw: bool,
    /// Rules the table cannot say.
    rule: Option<fn(&Parsed) -> Result<(), String>>,
}

const fn prog(
    names: &'static [&'static str],
    options: &'static str,
    operand: Shape,
    min: usize,
    max: usize,
) -> Program {
    Program {
        names,
        options,
        operand,
        min,
        max,
        verbs: &[],
        verb_required: false,
        raw: false,
        rule: None,
    }
}

/// Options and operands as given.
pub(crate) struct Parsed {
    /// Each option by the form it was written in, and its value.
    options: Vec<(String, Option<String>)>,
    operands: Vec<String>,
}

impl Parsed {
    fn has(&self, forms: &[&str]) -> bool {
        self.options
            .iter()
            .any(|(f, _)| forms.contains(&f.as_str()))
    }
    fn value(&self, forms: &[&str]) -> Option<&str> {
        self.options
            .iter()
            .find(|(f, _)| forms.contains(&f.as_str()))
            .and_then(|(_, v)| v.as_deref())
    }
}

impl Program {
    fn check(&self, name: &str, args: &[String]) -> Result<(), String> {
        let parsed = self.parse(name, args)?;
        let mut operands = parsed.operands.as_slice();
        if !self.verbs.is_empty() {
            match operands.first() {
                Some(verb) if self.verbs.contains(&verb.as_str()) => operands = &operands[1..],
                Some(verb) => {
                    return Err(format!(
                        "'{name} {verb}' is not read-only; {name} may only: {}",
                        self.verbs.join(", ")
                    ));
                }
                None if self.verb_required => {
                    return Err(format!("'{name}' needs one of: {}", self.verbs.join(", ")));
                }
                None => {}
            }
        }
        if operands.len() < self.min || operands.len() > self.max {
            let what = if self.operand == Shape::Path {
                "file"
            } else {
                "operand"
            };
            return Err(match (self.min, self.max) {
                (_, 0) => format!("'{name}' takes no {what}s here"),
                (a, b) if a == b => format!("'{name}' takes {a} {what}(s)"),
                (a, b) => format!("'{name}' takes {a} to {b} {what}s"),
            });
        }
        for op in operands {
            self.operand
                .check(op)
                .map_err(|why| format!("'{name}': {why}"))?;
        }
        match self.rule {
            Some(rule) => rule(&parsed).map_err(|why| format!("'{name}': {why}")),
            None => Ok(()),
        }
    }

    /// GNU-style options anywhere before `--`: clusters of short flags,
    /// values attached or in the next word.
    fn parse(&self, name: &str, args: &[String]) -> Result<Parsed, String> {
        let mut parsed = Parsed {
            options: Vec::new(),
            operands: Vec::new(),
        };
        if self.raw {
            parsed.operands = args.to_vec();
            return Ok(parsed);
        }
        let opts = parse_options(self.options);
        let find = |form: &str| opts.iter().find(|o| o.forms.contains(&form));
        let refuse = |form: &str| {
            let allowed: Vec<&str> = opts.iter().map(|o| o.forms[0]).collect();
            if allowed.is_empty() {
                format!(
                    "'{name}': option '{form}' is not allowed ({name} takes no options in a check)"
                )
            } else {
                format!(
                    "'{name}': option '{form}' is not allowed; read-only options of {name}: {}",
                    allowed.join(" ")
                )
            }
        };
        let value_of = |form: &str, shape: Shape, value: &str| {
            shape
                .check(value)
                .map_err(|why| format!("'{name} {form}': {why}"))
        };
        let mut i = 0;
        let mut only_operands = false;
        while i < args.len() {
            let arg = &args[i];
            i += 1;
            if only_operands || arg == "-" || !arg.starts_with('-') {
                parsed.operands.push(arg.clone());
            } else if arg == "--" {
                only_operands = true;
            } else if arg.starts_with("--") {
                let (form, attached) = match arg.split_once('=') {
                    Some((f, v)) => (f, Some(v)),
                    None => (arg.as_str(), None),
                };
                let opt = find(form).ok_or_else(|| refuse(form))?;
                let value = match (opt.takes, attached) {
                    (Takes::Nothing, Some(_)) => {
                        return Err(format!("'{name} {form}' takes no value"));
                    }
                    (Takes::Nothing, None) | (Takes::Optional(_), None) => None,
                    (Takes::Value(shape) | Takes::Optional(shape), Some(v)) => {
                        value_of(form, shape, v)?;
                        Some(v.to_string())
                    }
                    (Takes::Value(shape), None) => {
                        let v = args
                            .get(i)
                            .ok_or_else(|| format!("'{name} {form}' needs a value"))?;
                        i += 1;
                        value_of(form, shape, v)?;
                        Some(v.clone())
                    }
                };
                parsed.options.push((opt.forms[0].to_string(), value));
            } else {
                let cluster: Vec<char> = arg[1..].chars().collect();
                let mut k = 0;
                while k < cluster.len() {
                    let form = format!("-{}", cluster[k]);
                    let opt = find(&form).ok_or_else(|| refuse(&form))?;
                    let rest: String = cluster[k + 1..].iter().collect();
                    k += 1;
                    let value = match opt.takes {
                        Takes::Nothing => None,
                        Takes::Optional(shape) => {
                            k = cluster.len();
                            if rest.is_empty() {
                                None
                            } else {
                                value_of(&form, shape, &rest)?;
                                Some(rest)
                            }
                        }
                        Takes::Value(shape) => {
                            k = cluster.len();
                            let v = if rest.is_empty() {
                                let v = args
                                    .get(i)
                                    .ok_or_else(|| format!("'{name} {form}' needs a value"))?;
                                i += 1;
                                v.clone()
                            } else {
                                rest
                            };
                            value_of(&form, shape, &v)?;
                            Some(v)
                        }
                    };
                    // Recorded by the first (canonical) form, so rules need not know aliases.
                    parsed.options.push((opt.forms[0].to_string(), value));
                }
            }
        }
        Ok(parsed)
    }
}

use Shape::{Dev, Host, Num, Path, Sysctl, Text, Word};

const HEAD_TAIL: &str = "-n/--lines=N -c/--bytes=N -q/--quiet -v/--verbose";
const GREP: &str = "-c/--count -i/--ignore-case -v/--invert-match -n/--line-number \
-E/--extended-regexp -F/--fixed-strings -G/--basic-regexp -P/--perl-regexp -w/--word-regexp \
-x/--line-regexp -q/--quiet -s/--no-messages -l/--files-with-matches -L/--files-without-match \
-o/--only-matching -h/--no-filename -H/--with-filename -m/--max-count=N -A/--after-context=N \
-B/--before-context=N -C/--context=N -e/--regexp=T -f/--file=P -a/--text";
const SUMS: &str = "-b/--binary -t/--text --tag -z/--zero";

/// The programs a check may run. An option or verb that is not listed is
/// refused: the lists hold only what reads (no `sort -o`/`--compress-program`,
/// `sysctl -w`/`-p`/`--system`, `hostname -F`/operands, `smartctl -s`/`-t`,
/// `systemctl stop`, `dmesg -c`, `ss -K`, `iptables -F`, `journalctl
/// --vacuum-*`, `grep -r` (it would read every file below a directory) ...).
pub(crate) const PROGRAMS: &[Program] = &[
    prog(
        &["cat"],
        "-n/--number -b/--number-nonblank -A/--show-all -E/--show-ends -T/--show-tabs -v/--show-nonprinting -s/--squeeze-blank",
        Path,
        1,
        16,
    ),
    prog(&["head"], HEAD_TAIL, Path, 1, 16),
    prog(&["tail"], HEAD_TAIL, Path, 1, 16),
    Program {
        rule: Some(grep_rule),
        ..prog(&["grep", "egrep", "fgrep"], GREP, Text, 1, 17)
    },
    prog(
        &["wc"],
        "-l/--lines -w/--words -c/--bytes -m/--chars -L/--max-line-length",
        Path,
        1,
        16,
    ),
    prog(
        &["sort"],
        "-n/--numeric-sort -r/--reverse -u/--unique -k/--key=T -t/--field-separator=T \
        -h/--human-numeric-sort -V/--version-sort -b/--ignore-leading-blanks -f/--ignore-case \
        -s/--stable -g/--general-numeric-sort -M/--month-sort -c/--check -C -z/--zero-terminated",
        Path,
        1,
        16,
    ),
    prog(
        &["uniq"],
        "-c/--count -d/--repeated -u/--unique -i/--ignore-case -f/--skip-fields=N -s/--skip-chars=N -w/--check-chars=N",
        Path,
        1,
        1,
    ),
    prog(
        &["cut"],
        "-d/--delimiter=T -f/--fields=W -c/--characters=W -b/--bytes=W -s/--only-delimited --complement",
        Path,
        1,
        16,
    ),
    prog(
        &["ls"],
        "-l -a/--all -A/--almost-all -h/--human-readable -d/--directory -i/--inode \
        -n/--numeric-uid-gid -t -r/--reverse -S -1 -F/--classify -R/--recursive -L/--dereference \
        --full-time --time-style=W",
        Path,
        0,
        16,
    ),
    prog(
        &["stat"],
        "-c/--format=T --printf=T -L/--dereference -f/--file-system -t/--terse",
        Path,
        1,
        16,
    ),
    prog(
        &["readlink"],
        "-f/--canonicalize -e/--canonicalize-existing -m/--canonicalize-missing -n/--no-newline -v/--verbose",
        Path,
        1,
        16,
    ),
    prog(
        &["realpath"],
        "-e/--canonicalize-existing -m/--canonicalize-missing -s/--no-symlinks -q/--quiet",
        Path,
        1,
        16,
    ),
    prog(
        &["md5sum", "sha1sum", "sha256sum", "sha512sum"],
        SUMS,
        Path,
        1,
        16,
    ),
    prog(&["zcat"], "", Path, 1, 16),
    prog(
        &["uname"],
        "-a/--all -s/--kernel-name -n/--nodename -r/--kernel-release -v/--kernel-version \
        -m/--machine -p/--processor -i/--hardware-platform -o/--operating-system",
        Word,
        0,
        0,
    ),
    prog(&["uptime"], "-p/--pretty -s/--since", Word, 0, 0),
    prog(
        &["free"],
        "-b/--bytes -k/--kibi -m/--mebi -g/--gibi -h/--human -t/--total -w/--wide -l/--lohi --si",
        Word,
        0,
        0,
    ),
    prog(
        &["df"],
        "-h/--human-readable -H -i/--inodes -T/--print-type -P/--portability -l/--local -k -m \
        -a/--all -t/--type=W -x/--exclude-type=W --output=?W --total",
        Path,
        0,
        16,
    ),
    prog(
        &["du"],
        "-s/--summarize -h/--human-readable -c/--total -x/--one-file-system -d/--max-depth=N \
        -a/--all -k -m -b/--bytes --apparent-size",
        Path,
        0,
        16,
    ),
    Program {
        rule: Some(ps_rule),
        ..prog(
            &["ps"],
            "-e -A -f -F -l -o=W -p=W -u=W -C=W --sort=W -H -w --no-headers",
            Word,
            0,
            1,
        )
    },
    prog(&["lsmod"], "", Word, 0, 0),
    prog(&["lspci"], "-k -v -n -D -t -m -s=W -d=W", Word, 0, 0),
    prog(&["lsusb"], "-t/--tree -v/--verbose -s=W -d=W", Word, 0, 0),
    prog(
        &["lsblk"],
        "-a/--all -b/--bytes -d/--nodeps -f/--fs -l/--list -m/--perms -n/--noheadings \
        -o/--output=W -p/--paths -J/--json -S/--scsi -t/--topology -O/--output-all -e/--exclude=W \
        -I/--include=W -P/--pairs -r/--raw",
        Dev,
        0,
        16,
    ),
    prog(
        &["lscpu"],
        "-e/--extended=?W -p/--parse=?W -J/--json -x/--hex -a/--all -b/--online -c/--offline",
        Word,
        0,
        0,
    ),
    prog(
        &["findmnt"],
        "-l/--list -n/--noheadings -o/--output=W -t/--types=W -J/--json -D/--df -r/--raw \
        -A/--all -a/--ascii -f/--first-only -u/--notruncate -M/--mountpoint=P -T/--target=P -S/--source=W",
        Path,
        0,
        1,
    ),
    prog(&["nproc"], "--all", Word, 0, 0),
    prog(
        &["id"],
        "-u/--user -g/--group -G/--groups -n/--name -r/--real",
        Word,
        0,
        1,
    ),
    prog(&["whoami"], "", Word, 0, 0),
    prog(
        &["who"],
        "-b/--boot -r/--runlevel -q/--count -H/--heading -u/--users -a/--all",
        Word,
        0,
        0,
    ),
    prog(
        &["w"],
        "-h/--no-header -s/--short -i/--ip-addr -f/--from",
        Word,
        0,
        1,
    ),
    prog(
        &["last"],
        "-n/--limit=N -x/--system -F/--fulltimes -w/--fullnames -a/--hostlast -i/--ip \
        -R/--nohostname -s/--since=T -t/--until=T",
        Word,
        0,
        4,
    ),
    prog(
        &["vmstat"],
        "-s/--stats -d/--disk -D/--disk-sum -w/--wide -t/--timestamp -a/--active -S/--unit=W",
        Num,
        0,
        2,
    ),
    prog(
        &["iostat"],
        "-x -d -c -k -m -t -y -z -N -h -p=?W",
        Word,
        0,
        8,
    ),
    prog(&["mpstat"], "-A -u -I=W -P=W", Num, 0, 2),
    // Without operands or -F/--file/-b it only prints.
    prog(
        &["hostname"],
        "-f/--fqdn/--long -s/--short -d/--domain -i/--ip-address -I/--all-ip-addresses \
        -A/--all-fqdns -a/--alias -y/--yp/--nis",
        Word,
        0,
        0,
    ),
    Program {
        rule: Some(date_rule),
        ..prog(
            &["date"],
            "-u/--utc/--universal -R/--rfc-email -I/--iso-8601=?W --rfc-3339=W -d/--date=T -r/--reference=P",
            Text,
            0,
            1,
        )
    },
    Program {
        verbs: &[
            "status",
            "show",
            "timesync-status",
            "show-timesync",
            "list-timezones",
        ],
        ..prog(
            &["timedatectl"],
            "--no-pager -a/--all -p/--property=W --value",
            Word,
            0,
            1,
        )
    },
    Program {
        verbs: &[
            "hosts",
            "ahosts",
            "ahostsv4",
            "ahostsv6",
            "passwd",
            "group",
            "services",
            "protocols",
            "networks",
            "rpc",
            "netgroup",
            "ethers",
        ],
        verb_required: true,
        ..prog(&["getent"], "", Text, 0, 16)
    },
    Program {
        rule: Some(ping_rule),
        ..prog(
            &["ping", "ping6"],
            "-c=N -W=N -w=N -i=N -n -q -4 -6 -I=W -s=N -t=N -D -O -a -U -v",
            Host,
            1,
            1,
        )
    },
    prog(&["tracepath"], "-n -b -4 -6 -m=N -l=N -p=N", Host, 1, 1),
    prog(
        &["traceroute"],
        "-n -4 -6 -I/--icmp -T/--tcp -m/--max-hops=N -w/--wait=N -q/--queries=N \
        -p/--port=N -f/--first=N -z=N",
        Host,
        1,
        1,
    ),
    prog(&["host"], "-t=W -a -v -W=N -4 -6 -r -T", Host, 1, 2),
    prog(&["nslookup"], "", Host, 1, 2),
    Program {
        rule: Some(dig_rule),
        ..prog(&["dig"], "-4 -6 -x=H -t=W -p=N -c=W -q=H", Text, 1, 8)
    },
    prog(
        &["netstat"],
        "-r/--route -n/--numeric -t/--tcp -u/--udp -l/--listening -a/--all -p/--program \
        -s/--statistics -i/--interfaces -e/--extend -4 -6 -W/--wide -g/--groups -o/--timers -v/--verbose",
        Word,
        0,
        0,
    ),
    prog(&["route"], "-n -e -v -A=W -4 -6", Word, 0, 0),
    prog(
        &["arp"],
        "-n/--numeric -a -e -v/--verbose -i/--device=W -H/--hw-type=W",
        Host,
        0,
        1,
    ),
    Program {
        rule: Some(filter_rule),
        ..prog(
            &["ss"],
            "-t/--tcp -u/--udp -a/--all -n/--numeric -l/--listening -p/--processes -s/--summary \
            -x/--unix -w/--raw -4/--ipv4 -6/--ipv6 -e/--extended -m/--memory -o/--options -i/--info \
            -H/--no-header -O/--oneline -r/--resolve -A/--query=W -f/--family=W -0/--packet",
            Text,
            0,
            16,
        )
    },
    Program {
        rule: Some(one_option_rule),
        ..prog(
            &["ethtool"],
            "-i/--driver -S/--statistics -k/--show-features/--show-offload -a/--show-pause \
            -c/--show-coalesce -g/--show-ring -l/--show-channels -m/--dump-module-eeprom/--module-info \
            -P/--show-permaddr -T/--show-time-stamping -d/--register-dump --show-eee --show-fec \
            --show-priv-flags --phy-statistics",
            Word,
            1,
            1,
        )
    },
    prog(
        &["sysctl"],
        "-a/--all -n/--values -N/--names -e/--ignore -b/--binary -r/--pattern=T --deprecated",
        Sysctl,
        0,
        16,
    ),
    prog(
        &["dmesg"],
        "-T/--ctime -x/--decode -k/--kernel -u/--userspace -l/--level=W -f/--facility=W \
        -t/--notime -e/--reltime -r/--raw -J/--json --since=T --until=T -d/--show-delta -S/--syslog \
        -P/--nopager -L/--color=?W --time-format=W",
        Word,
        0,
        0,
    ),
    prog(
        &["journalctl"],
        "-p/--priority=W -u/--unit=W -b/--boot=?W -k/--dmesg -n/--lines=N -S/--since=T \
        -U/--until=T --no-pager -q/--quiet -o/--output=W -r/--reverse --utc -g/--grep=T -t/--identifier=W \
        -a/--all --no-hostname --disk-usage --list-boots -x/--catalog --system -m/--merge",
        Text,
        0,
        4,
    ),
    Program {
        verbs: &[
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
        ],
        ..prog(
            &["systemctl"],
            "--no-pager --failed -a/--all --state=W -t/--type=W --plain --no-legend \
            -l/--full -p/--property=W --value -q/--quiet -n/--lines=N --user --system -o/--output=W",
            Word,
            0,
            16,
        )
    },
    Program {
        verbs: &["status", "query", "statistics"],
        ..prog(
            &["resolvectl"],
            "--no-pager -4 -6 -i/--interface=W -t/--type=W -c/--class=W --legend=W",
            Word,
            0,
            8,
        )
    },
    Program {
        rule: Some(nmcli_rule),
        ..prog(
            &["nmcli"],
            "-t/--terse -f/--fields=W -p/--pretty -g/--get-values=W -c/--colors=W \
            -e/--escape=W -m/--mode=W --active",
            Word,
            0,
            3,
        )
    },
    Program {
        rule: Some(ipmitool_rule),
        ..prog(&["ipmitool"], "-c -v", Word, 1, 4)
    },
    Program {
        rule: Some(iptables_rule),
        ..prog(
            &[
                "iptables",
                "ip6tables",
                "iptables-legacy",
                "ip6tables-legacy",
                "iptables-nft",
                "ip6tables-nft",
            ],
            "-L/--list -S/--list-rules -n/--numeric -v/--verbose -x/--exact --line-numbers -t/--table=W -w/--wait",
            Word,
            0,
            1,
        )
    },
    prog(
        &["iptables-save", "ip6tables-save"],
        "-t/--table=W -c/--counters",
        Word,
        0,
        0,
    ),
    Program {
        verbs: &["list"],
        verb_required: true,
        ..prog(
            &["nft"],
            "-a/--handle -n/--numeric -s/--stateless -j/--json -t/--terse",
            Word,
            1,
            4,
        )
    },
    Program {
        rule: Some(smartctl_rule),
        ..prog(
            &["smartctl"],
            "-H/--health -a/--all -i/--info -A/--attributes -x/--xall -c/--capabilities \
            -l/--log=W -j/--json=?W -d/--device=W -n/--nocheck=W -q/--quietmode=W --scan --scan-open -g/--get=W \
            -f/--format=W",
            Dev,
            0,
            1,
        )
    },
    Program {
        rule: Some(mdadm_rule),
        ..prog(
            &["mdadm"],
            "-D/--detail -E/--examine -Q/--query -s/--scan -b/--brief -v/--verbose -Y/--export -t/--test",
            Dev,
            0,
            16,
        )
    },
    prog(
        &["sensors"],
        "-A/--no-adapter -u -j -f/--fahrenheit",
        Word,
        0,
        8,
    ),
    prog(
        &["dmidecode"],
        "-t/--type=W -s/--string=W -q/--quiet -u/--dump",
        Word,
        0,
        0,
    ),
    prog(&["which"], "-a", Word, 1, 8),
    prog(
        &["locale"],
        "-a/--all-locales -m/--charmaps -v/--verbose",
        Word,
        0,
        4,
    ),
    Program {
        raw: true,
        ..prog(&["echo"], "", Text, 0, 64)
    },
    Program {
        raw: true,
        ..prog(&["printf"], "", Text, 1, 64)
    },
    Program {
        raw: true,
        ..prog(&["test"], "", Text, 0, 16)
    },
    prog(&["true", "false"], "", Word, 0, 0),
];

/// The pattern, then files (at least one: a check's stdin is empty).
fn grep_rule(p: &Parsed) -> Result<(), String> {
    let files = if p.has(&["-e", "-f"]) {
        &p.operands[..]
    } else {
        &p.operands[1.min(p.operands.len())..]
    };
    if files.is_empty() {
        return Err("name the file(s) to search (a check's input is empty)".into());
    }
    files.iter().try_for_each(|f| check_path(f))
}

/// A filter expression (`ss state established '( dport = :22 )'`) reads no
/// file, but one that spells a secret file's name is refused all the same:
/// only grep's pattern may name one, so that a reviewer never has to ask.
fn filter_rule(p: &Parsed) -> Result<(), String> {
    p.operands.iter().try_for_each(|op| match secret_path(op) {
        Some(what) if op.starts_with('/') => {
            Err(format!("'{op}' {what}: a check must not name it"))
        }
        _ => Ok(()),
    })
}

fn ps_rule(p: &Parsed) -> Result<(), String> {
    match p.operands.first().map(String::as_str) {
        None | Some("aux" | "ax" | "axu" | "auxf" | "auxww" | "axjf" | "axo") => Ok(()),
        Some(other) => Err(format!(
            "'{other}' is not a ps selection (aux, ax, auxf, auxww, axjf)"
        )),
    }
}

fn date_rule(p: &Parsed) -> Result<(), String> {
    match p.operands.first() {
        Some(op) if !op.starts_with('+') => Err(format!(
            "with the operand '{op}' date sets the clock; a check may only print (+FORMAT)"
        )),
        _ => Ok(()),
    }
}

fn ping_rule(p: &Parsed) -> Result<(), String> {
    match p.value(&["-i"]).and_then(|v| v.parse::<f64>().ok()) {
        Some(i) if i < 0.2 => Err("an interval under 0.2 s floods the network".into()),
        _ => Ok(()),
    }
}

fn dig_rule(p: &Parsed) -> Result<(), String> {
    for op in &p.operands {
        let ok = if let Some(server) = op.strip_prefix('@') {
            Param::Host.validate(server).is_ok()
        } else if let Some(opt) = op.strip_prefix('+') {
            let (name, value) = opt.split_once('=').unwrap_or((opt, ""));
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && value.chars().all(|c| c.is_ascii_alphanumeric())
        } else {
            Param::Host.validate(op).is_ok()
        };
        if !ok {
            return Err(format!(
                "'{op}' is not a name, a record type, @server or +option"
            ));
        }
    }
    Ok(())
}

fn one_option_rule(p: &Parsed) -> Result<(), String> {
    if p.options.len() > 1 {
        Err("give one show option".into())
    } else {
        Ok(())
    }
}

fn nmcli_rule(p: &Parsed) -> Result<(), String> {
    let words: Vec<&str> = p.operands.iter().map(String::as_str).collect();
    let ok = match words.as_slice() {
        [] => true,
        [obj, rest @ ..] => match *obj {
            "general" | "g" | "gen" => {
                matches!(rest, [] | ["status" | "permissions" | "hostname"])
            }
            "device" | "d" | "dev" => matches!(rest, [] | ["status"] | ["show"] | ["show", _]),
            "connection" | "c" | "con" => matches!(rest, [] | ["show"] | ["show", _]),
            _ => false,
        },
    };
    if ok {
        Ok(())
    } else {
        Err("nmcli may only show: general status|permissions|hostname, device status|show [DEV], connection show [NAME]".into())
    }
}

fn ipmitool_rule(p: &Parsed) -> Result<(), String> {
    let words: Vec<&str> = p.operands.iter().map(String::as_str).collect();
    let ok = match words.as_slice() {
        ["sdr" | "sensor" | "fru", rest @ ..] => {
            matches!(rest, [] | ["list" | "elist" | "print", ..] | ["type", _])
        }
        ["sel", rest @ ..] => matches!(rest, [] | ["list" | "elist" | "info"]),
        ["mc", "info"] | ["chassis", "status"] | ["lan", "print", ..] => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(
            "ipmitool may only read sensors, the SEL, FRU, mc info, chassis status or lan print"
                .into(),
        )
    }
}

fn iptables_rule(p: &Parsed) -> Result<(), String> {
    let lists = p
        .options
        .iter()
        .filter(|(f, _)| f == "-L" || f == "-S")
        .count();
    if lists == 1 {
        Ok(())
    } else {
        Err("iptables may only list: one of -L or -S".into())
    }
}

fn smartctl_rule(p: &Parsed) -> Result<(), String> {
    if p.operands.is_empty() && !p.has(&["--scan", "--scan-open"]) {
        Err("name the device (/dev/...)".into())
    } else {
        Ok(())
    }
}

fn mdadm_rule(p: &Parsed) -> Result<(), String> {
    if p.has(&["-D", "-E", "-Q"]) {
        Ok(())
    } else {
        Err("mdadm may only report: --detail, --examine or --query".into())
    }
}

/// `ip [OPTIONS] OBJECT [show|list|get ...]`: its options are single-dash
/// words (`-oneline`), so it has its own reader.
fn check_ip(args: &[String]) -> Result<(), String> {
    let refuse = |why: String| Err(format!("'ip {}': {why}", args.join(" ")));
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') {
        let opt = args[i].trim_start_matches('-');
        i += 1;
        match opt {
            "4" | "6" | "o" | "oneline" | "s" | "stats" | "statistics" | "d" | "details" | "br"
            | "brief" | "j" | "json" | "p" | "pretty" | "h" | "human" | "r" | "resolve" | "a"
            | "all" | "c" | "color" | "color=never" | "color=auto" | "0" => {}
            "n" | "netns" | "f" | "family" => match args.get(i) {
                Some(v) if Shape::Word.check(v).is_ok() => i += 1,
                _ => return refuse(format!("-{opt} needs a name")),
            },
            _ => {
                return refuse(format!(
                    "option '-{opt}' is not allowed (-batch reads commands from a file, -force ignores errors)"
                ));
            }
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
        "netns",
        "vrf",
        "stats",
        "nexthop",
    ];
    if !objects.contains(&object.as_str()) {
        return refuse(format!(
            "'{object}' is not an object ip can show ({})",
            "link, addr, route, rule, neigh, maddr, tunnel, ntable, netconf, mroute, tuntap, netns, vrf, stats, nexthop"
        ));
    }
    let verbs: &[&str] = if object == "netns" {
        &["list", "ls", "show"]
    } else {
        &["show", "sh", "list", "ls", "lst", "l", "get", "g"]
    };
    match args.get(i + 1) {
        None => {}
        Some(verb) if verbs.contains(&verb.as_str()) => {}
        Some(verb) => {
            let hint = if object == "netns" {
                "list"
            } else {
                "show, list or get"
            };
            return refuse(format!("'ip {object} {verb}' is not read-only; use {hint}"));
        }
    }
    for word in args.iter().skip(i + 2) {
        if Shape::Word.check(word).is_err() {
            return refuse(format!("'{word}' is not a plain name or address"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{check_read_only, parse_read_only};

    #[test]
    fn plain_read_only_commands_pass() {
        for cmd in [
            "ip route",
            "ip -o -4 addr show dev eth0",
            "ip -s link",
            "ip route get 10.0.0.1",
            "/usr/sbin/ip neigh show to 10.0.0.1 dev eth0",
            "netstat -rn",
            "ss -s",
            "ss -tanp state established",
            "cat /proc/sys/fs/file-nr /proc/net/sockstat",
            "grep -c processor /proc/cpuinfo",
            "grep -e 'a > b' -e '$x' /etc/hosts",
            "iptables -S",
            "iptables -nL INPUT",
            "nft list ruleset",
            "systemctl status NetworkManager --no-pager",
            "systemctl --failed --no-legend",
            "systemctl is-active sshd.service",
            "journalctl -p err --since '-1h' --no-pager",
            "dmesg --level=err,warn",
            "ethtool -i eth0",
            "ethtool eth0",
            "sysctl net.ipv4.ip_forward",
            "sysctl -n kernel.hostname",
            "resolvectl status",
            "nmcli device status",
            "ipmitool sel list",
            "smartctl -H /dev/sda",
            "smartctl -a -j /dev/nvme0",
            "mdadm --detail /dev/md0",
            "sort -n -k 2 /proc/loadavg",
            "date -u +%s",
            "date --iso-8601=seconds",
            "hostname -f",
            "route -n",
            "ping -c 1 -W 2 127.0.0.1",
            "getent hosts intranet.example",
            "echo 0",
            "ps aux",
            "ps -eo pid,comm,%cpu",
            "df -h /",
            "test -e /etc/hosts",
            "dig +short @127.0.0.1 example.com A",
        ] {
            assert_eq!(check_read_only(cmd), Ok(()), "{cmd}");
        }
        assert_eq!(
            parse_read_only("grep -c 'a b' \"/etc/host\\\"s\"").unwrap(),
            vec!["grep", "-c", "a b", "/etc/host\"s"]
        );
    }

    #[test]
    fn writers_executors_secrets_and_shell_tricks_are_refused() {
        for (cmd, why) in [
            // Issue 11.3: each of these was accepted before.
            (
                "sort --compress-program=sh /etc/hosts",
                "option '--compress-program' is not allowed",
            ),
            ("sort -o /tmp/x /etc/hosts", "option '-o' is not allowed"),
            (
                "sort --output=/etc/passwd /etc/hosts",
                "option '--output' is not allowed",
            ),
            ("sort -T /tmp /etc/hosts", "option '-T' is not allowed"),
            (
                "sort --files0-from=/tmp/list",
                "option '--files0-from' is not allowed",
            ),
            ("sysctl -p /tmp/evil.conf", "option '-p' is not allowed"),
            ("sysctl --system", "option '--system' is not allowed"),
            (
                "sysctl -w net.ipv4.ip_forward=1",
                "option '-w' is not allowed",
            ),
            ("sysctl net.ipv4.ip_forward=1", "sets a kernel value"),
            ("sysctl /etc/shadow", "is not a sysctl name"),
            (
                "hostname --file=/tmp/name",
                "option '--file' is not allowed",
            ),
            ("hostname -F /tmp/name", "option '-F' is not allowed"),
            ("hostname newname", "takes no operands"),
            ("systemctl stop sshd", "'systemctl stop' is not read-only"),
            (
                "systemctl --no-pager stop sshd",
                "'systemctl stop' is not read-only",
            ),
            ("systemctl restart networking", "not read-only"),
            ("systemctl -H other status", "option '-H' is not allowed"),
            (
                "smartctl --smart=off /dev/sda",
                "option '--smart' is not allowed",
            ),
            ("smartctl -s off /dev/sda", "option '-s' is not allowed"),
            ("smartctl -t long /dev/sda", "option '-t' is not allowed"),
            ("smartctl -X /dev/sda", "option '-X' is not allowed"),
            ("cat /etc/shadow", "holds password hashes"),
            ("ss /etc/shadow", "holds password hashes"),
            ("cat /etc/gshadow", "holds password hashes"),
            (
                "head -n 1 /etc/ssh/ssh_host_ed25519_key",
                "is a private key",
            ),
            ("cat /etc/ssl/private/server.key", "private key"),
            ("cat /root/.ssh/id_rsa", "root's home"),
            ("cat /home/li/.ssh/id_ed25519", "keys or credentials"),
            ("cat /proc/1/environ", "environment"),
            ("cat /etc/../etc/shadow", "'..' is not allowed"),
            ("cat etc/shadow", "absolute path"),
            ("cat /dev/sda", "does not read devices"),
            ("grep -r root /etc", "option '-r' is not allowed"),
            ("grep root", "name the file"),
            ("grep -f /etc/shadow /etc/hosts", "holds password hashes"),
            ("getent shadow root", "'getent shadow' is not read-only"),
            ("tail -f /var/log/syslog", "option '-f' is not allowed"),
            // Shell syntax: there is no shell.
            ("ip route > /tmp/x", "redirection"),
            ("ss -tanp | wc -l", "without pipes"),
            ("ip route; rm -rf /", "without pipes"),
            ("ip route && reboot", "without pipes"),
            ("sleep 100 &", "background"),
            ("cat $(echo /etc/shadow)", "expansion"),
            ("cat `ls`", "expansion"),
            ("cat \"$HOME/x\"", "expansion"),
            ("cat /var/log/*.log", "globs"),
            ("cat ~/x", "'~'"),
            ("(ip route)", "subshells"),
            ("ip route # comment", "comments"),
            ("ip route\nreboot", "control character"),
            ("echo 'unterminated", "unterminated"),
            ("LD_PRELOAD=x.so ip route", "assignments"),
            ("/tmp/ip route", "standard"),
            ("./ip route", "standard"),
            ("", "empty"),
            // Programs that run others or write, and writing verbs.
            ("sh -c id", "not on the list"),
            ("env ip route", "not on the list"),
            ("find / -delete", "not on the list"),
            ("awk 1 /etc/hosts", "not on the list"),
            ("tee /tmp/x", "not on the list"),
            ("ip link set eth0 down", "'ip link set' is not read-only"),
            ("ip route add default via 10.0.0.1", "not read-only"),
            ("ip -batch cmds", "option '-batch' is not allowed"),
            ("ip netns exec x sh", "'ip netns exec' is not read-only"),
            ("ip xfrm state", "not an object ip can show"),
            ("ip monitor", "not an object ip can show"),
            ("dmesg -c", "option '-c' is not allowed"),
            ("dmesg -C", "option '-C' is not allowed"),
            ("ss -K dst 10.0.0.1", "option '-K' is not allowed"),
            ("iptables -F", "option '-F' is not allowed"),
            ("iptables -A INPUT -j DROP", "option '-A' is not allowed"),
            ("iptables -n", "only list"),
            (
                "iptables -L --modprobe=/tmp/x",
                "option '--modprobe' is not allowed",
            ),
            ("nft flush ruleset", "'nft flush' is not read-only"),
            (
                "nft -f /tmp/rules list ruleset",
                "option '-f' is not allowed",
            ),
            ("ethtool -s eth0 speed 100", "option '-s' is not allowed"),
            ("ethtool -E eth0", "option '-E' is not allowed"),
            ("date -s 2020-01-01", "option '-s' is not allowed"),
            ("date 0101000020", "sets the clock"),
            (
                "journalctl --vacuum-size=1M",
                "option '--vacuum-size' is not allowed",
            ),
            ("journalctl --rotate", "option '--rotate' is not allowed"),
            ("route add default gw 10.0.0.1", "takes no operands"),
            ("arp -d 10.0.0.1", "option '-d' is not allowed"),
            (
                "resolvectl flush-caches",
                "'resolvectl flush-caches' is not read-only",
            ),
            (
                "resolvectl dns eth0 10.0.0.1",
                "'resolvectl dns' is not read-only",
            ),
            ("nmcli general hostname evil", "nmcli may only show"),
            ("nmcli connection up x", "nmcli may only show"),
            ("ping -f 10.0.0.1", "option '-f' is not allowed"),
            ("ping -i 0 10.0.0.1", "floods"),
            ("ipmitool chassis power off", "may only read"),
            (
                "ipmitool -H bmc -P secret sel list",
                "option '-H' is not allowed",
            ),
            ("mdadm --stop /dev/md0", "option '--stop' is not allowed"),
            ("mdadm /dev/md0", "may only report"),
            (
                "dig -k /etc/bind/key example.com",
                "option '-k' is not allowed",
            ),
            (
                "dmidecode --dump-bin /tmp/x",
                "option '--dump-bin' is not allowed",
            ),
            ("uniq /etc/hosts /tmp/out", "takes 1 file"),
            ("mount /dev/sdb1 /mnt", "not on the list"),
        ] {
            let err = check_read_only(cmd).expect_err(cmd);
            assert!(err.contains(why), "{cmd}: {err}");
        }
    }

    proptest::proptest! {
        /// Whatever the text, the checker answers (no panic), and nothing it
        /// accepts starts a program outside the list or names a secret file.
        #[test]
        fn accepted_commands_are_listed_programs_without_secrets(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "ip", "route", "link", "set", "show", "cat", "/etc/hosts", "/etc/shadow", "'a > b'",
                    ">", "|", "&&", ";", "$(id)", "`id`", "sh", "sort", "-o", "--compress-program=sh",
                    "grep", "x", "-c", "-r", "ss", "-K", "sysctl", "-p", "-w", "a=b", "hostname", "-F",
                    "systemctl", "stop", "status", "smartctl", "-s", "--smart=off", "/dev/sda", "-H",
                ]),
                1..7,
            )
        ) {
            let cmd = words.join(" ");
            if let Ok(argv) = parse_read_only(&cmd) {
                proptest::prop_assert!(
                    argv[0] == "ip" || super::PROGRAMS.iter().any(|p| p.names.contains(&argv[0].as_str())),
                    "{cmd}"
                );
                for bad in ["--compress-program=sh", "--smart=off"] {
                    proptest::prop_assert!(!argv.iter().any(|a| a == bad), "{cmd}");
                }
                // Only grep's pattern may spell a secret file's name.
                let pattern = (argv[0] == "grep")
                    .then(|| argv.iter().skip(1).position(|a| !a.starts_with('-')))
                    .flatten()
                    .map(|i| i + 1);
                proptest::prop_assert!(
                    !argv.iter().enumerate().any(|(i, a)| a == "/etc/shadow" && Some(i) != pattern),
                    "{cmd}"
                );
            }
        }
    }
}
