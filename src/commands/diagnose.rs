//! `ops diagnose [RUNBOOK]`: walk a fault tree step by step and record the walk.
//!
//! On a terminal the engineer answers with dialoguer prompts (answers given
//! with `--answer`/`--answers` are used first); without one every answer must
//! come from those flags. Checks run here, or on `--target` over SSH. The walk
//! record is saved in the records repository and committed, also when the
//! walk stops early (quit, a lost connection), so that what was checked is
//! never lost; a walk stopped by a usage error (an answer missing without a
//! terminal, exit 64) commits nothing: it is to be run again with the answer.
//!
//! The gateway probe pings only when `gateway_ping` (`[thresholds.host]`,
//! per group and host in the inventory) is true and `OPS_GATEWAY_PING=0` is
//! not set, as for `inspect host`.

use crate::app::App;
use crate::check::fan_out;
use crate::exit::{self, Exit};
use crate::i18n::{Lang, Value, tr, tr_args};
use crate::inspect::InspectSettings;
use crate::inspect::host::HostThresholds;
use crate::inspect::hw::{resolve_hw, run as hw_run};
use crate::inspect::outcome::TargetResult;
use crate::inventory::TargetSpec;
use crate::inventory::deep_merge;
use crate::inventory::resolve::resolve_hosts;
use crate::printer::{Printer, sanitize};
use crate::runbook::{
    AnswerMap, AnswerSource, Catalog, ChainedAnswers, DeviceProbe, DeviceReading, LocalRunner,
    Observer, ProbeOptions, ProbeRunner, Runbook, ScriptedAnswers, TerminalPrompts,
    TransportRunner, Verdict, WalkEvent, WalkOptions, WalkRecord, WalkStatus, parse_answer_flag,
    parse_file, read_answers_file, walk,
};
use crate::ticket::TicketLink;
use crate::transport::local_hostname;
use crate::transport::ssh::{self, SshOptions};
use crate::transport::ssh_config::SshConfig;
use crate::{bad_input, usage_error};
use anyhow::{Context, Result};
use clap::Args;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Walk a fault tree (no-power, no-display, no-network) step by step
///
/// Questions and instructions are answered by the engineer; checks (link,
/// carrier, routes, gateway, DNS, driver, firewall) run by themselves, here or
/// on --target over SSH. The walk ends resolved (with the fix) or escalated
/// (with what to hand over), and is saved as a record under diagnose/ in the
/// records repository, linked to --ticket.
///
/// Without a terminal, every answer must be given with --answer STEP=CHOICE
/// or --answers FILE; a missing one is an error naming the step, and nothing
/// is recorded. A check that cannot run (a missing program) is "cannot
/// check" and asks for the result checked by hand (--answer STEP=ok|fail).
/// A privileged check runs only when confirmed on the terminal.
///
/// Exit status: 0 when the walk reached an outcome, 1 when it stopped early
/// (quit, or a target that could not be reached), 64 for a missing answer
/// without a terminal (nothing recorded), 78 for a defective runbook or
/// answers file.
///
/// `--lang zh-CN` (or `[report] language`, or a Chinese locale) walks in
/// Chinese: each step's text, the choices and the outcome as the runbook
/// gives them in Chinese, and the prompts' own words; the record keeps the
/// texts as shown, with the step and choice ids, and says its `language`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ops diagnose no-power --ticket T-20261122-0001\n  \
ops diagnose no-network --target web01\n  \
ops diagnose no-network --answer interface=eth0 --answer name=db1.example.com --answers more.toml\n  \
ops diagnose no-display --lang zh-CN\n\n\
On a terminal: arrow keys or j/k and Enter choose, the last entries go back one step or quit\n\
(q or Esc quits too); in a text answer, type :back or :quit."
)]
pub struct DiagnoseArgs {
    /// Runbook id (see `ops runbook list`) or a runbook file [default: ask]
    #[arg(value_name = "RUNBOOK")]
    pub runbook: Option<String>,

    /// Run the checks on this host: inventory name or [user@]host[:port] [default: this machine]
    #[arg(long, value_name = "TARGET")]
    pub target: Option<String>,

    /// Link the walk record to this ticket
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,

    /// Answer a step beforehand (STEP=CHOICE, or STEP=TEXT for a text question); repeatable
    #[arg(long = "answer", value_name = "STEP=CHOICE")]
    pub answer: Vec<String>,

    /// Read answers from a TOML file of `step = "choice"` lines
    #[arg(long = "answers", value_name = "FILE")]
    pub answers: Option<PathBuf>,

    /// Time allowed to connect to --target [default: 10s]
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse_duration)]
    pub connect_timeout: Option<Duration>,

    /// Record the host key of a target not yet in known_hosts instead of refusing it
    #[arg(long)]
    pub accept_new_host_keys: bool,

    /// Pin the certificate of the target's BMC when it is not yet in the
    /// known-certificates file (as `ops inspect hw --accept-new-certs`)
    #[arg(long)]
    pub accept_new_certs: bool,

    #[command(flatten)]
    pub lang: crate::commands::lang::LangArg,
}

pub fn run(app: &App, args: DiagnoseArgs) -> Result<Exit> {
    let printer = &app.printer;
    let lang = args.lang.resolve(app)?;
    let interactive = TerminalPrompts::available();
    let catalog = Catalog::load(runbook_dir(app).as_deref())?;
    // Checked before the walk so that a mistyped id is not found after it.
    let ticket = TicketLink::check(app.recorder(), args.ticket.as_deref())?;

    let runbook = match &args.runbook {
        Some(name) => load_runbook(&catalog, name)?,
        None if interactive => pick_runbook(&catalog, printer.color(), lang)?,
        None => {
            let ids: Vec<&str> = catalog
                .entries
                .iter()
                .map(|e| e.runbook.id.as_str())
                .collect();
            return Err(usage_error!(
                "name the runbook to walk: ops diagnose {} (no terminal to ask on)",
                ids.join("|")
            ));
        }
    };

    let mut answers = AnswerMap::default();
    if let Some(file) = &args.answers {
        answers.extend(read_answers_file(file)?);
    }
    for flag in &args.answer {
        let (step, answer) = parse_answer_flag(flag)?;
        answers.push(step, answer);
    }
    answers.check_against(&runbook)?;

    let (mut runner, probes) = runner_for(app, &args)?;
    let devices = Devices::new(app, &runner.target(), args.accept_new_certs)?;
    let read_devices = |probe: DeviceProbe, timeout: Duration| devices.read(probe, timeout);
    let mut source: Box<dyn AnswerSource> = if interactive {
        Box::new(ChainedAnswers {
            scripted: ScriptedAnswers::once(answers),
            terminal: TerminalPrompts::new(printer.color()).in_lang(lang),
        })
    } else {
        Box::new(ScriptedAnswers::new(answers))
    };
    printer.status(&tr_args(
        lang,
        "runbook-walk-start",
        &[
            ("id", v(&runbook.id)),
            ("title", v(&runbook.in_lang(lang).title)),
            ("target", v(&runner.target())),
        ],
    ));
    let mut progress = Progress {
        printer,
        interactive,
        lang,
    };
    let walked = walk(
        &runbook,
        source.as_mut(),
        runner.as_mut(),
        &mut progress,
        &WalkOptions {
            ticket: ticket.map(|t| t.id().to_string()),
            clock: &crate::clock::now,
            probes,
            devices: &read_devices,
            lang,
            ..WalkOptions::default()
        },
    );
    let record = walked.record;

    if printer.json() {
        printer.data_json(&record)?;
    } else {
        printer.data(&summary(&record, lang));
    }
    let usage_error = walked
        .error
        .as_ref()
        .is_some_and(|e| exit::for_error(e) == Exit::Usage);
    match app.recorder() {
        Some(_) if usage_error => {
            printer.status(&tr(lang, "runbook-nothing-recorded"));
        }
        Some(records) => {
            let (path, commit) = crate::runbook::record::save(records, &record, ticket.as_ref())?;
            let commit = commit
                .map(|c| {
                    tr_args(
                        lang,
                        "runbook-recorded-commit",
                        &[("commit", v(&c[..c.len().min(10)]))],
                    )
                })
                .unwrap_or_default();
            printer.status(&tr_args(
                lang,
                "runbook-recorded",
                &[
                    ("path", v(&path.display().to_string())),
                    ("commit", v(&commit)),
                ],
            ));
        }
        None => app.explain_not_recorded(),
    }
    if let Some(err) = walked.error {
        return Err(err);
    }
    Ok(match record.outcome.status {
        WalkStatus::Resolved | WalkStatus::Escalated => Exit::Ok,
        WalkStatus::Incomplete => Exit::Failure,
    })
}

/// The records repository's `runbooks/` directory, whose runbooks override the built-ins.
pub fn runbook_dir(app: &App) -> Option<PathBuf> {
    app.records().map(|r| r.path("runbooks"))
}

/// A runbook by id from the catalog, or from a file when the name is a path.
fn load_runbook(catalog: &Catalog, name: &str) -> Result<Runbook> {
    if name.ends_with(".toml") || name.contains('/') {
        return parse_file(Path::new(name))?.map_err(|d| d.into_error());
    }
    Ok(catalog.find(name)?.runbook.clone())
}

fn pick_runbook(catalog: &Catalog, color: bool, lang: Lang) -> Result<Runbook> {
    use dialoguer::Select;
    use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
    let theme: Box<dyn Theme> = if color {
        Box::new(ColorfulTheme::default())
    } else {
        Box::new(SimpleTheme)
    };
    let items: Vec<String> = catalog
        .entries
        .iter()
        .map(|e| format!("{}: {}", e.runbook.id, e.runbook.in_lang(lang).title))
        .collect();
    let picked = Select::with_theme(theme.as_ref())
        .with_prompt(tr(lang, "runbook-pick"))
        .items(&items)
        .default(0)
        .interact_on_opt(&dialoguer::console::Term::stderr())
        .context("failed to read an answer from the terminal")?;
    match picked {
        Some(i) => Ok(catalog.entries[i].runbook.clone()),
        None => Err(usage_error!("no runbook chosen")),
    }
}

/// Where the checks run (this machine, or one host over SSH), and what the
/// probes may do there.
fn runner_for(app: &App, args: &DiagnoseArgs) -> Result<(Box<dyn ProbeRunner>, ProbeOptions)> {
    let base = app.config().table("thresholds.host")?;
    let options = |overrides: &toml::Table| -> Result<ProbeOptions> {
        let mut merged = base.clone();
        deep_merge(&mut merged, overrides);
        let thresholds = HostThresholds::deserialize(toml::Value::Table(merged))
            .map_err(|e| bad_input!("[thresholds.host]: {e}"))?;
        Ok(ProbeOptions {
            gateway_ping: thresholds.gateway_ping
                && !crate::commands::inspect::host::gateway_ping_off_by_env(),
        })
    };
    let Some(word) = &args.target else {
        return Ok((
            Box::new(NamedLocal(local_hostname())),
            options(&toml::Table::new())?,
        ));
    };
    let inventory = app.inventory()?;
    let ssh_config = SshConfig::load_default();
    let targets = resolve_hosts(std::slice::from_ref(word), &inventory, &ssh_config, &|_| {
        Ok(())
    })?;
    let [target] = targets.as_slice() else {
        return Err(bad_input!(
            "--target {word} names {} hosts; diagnose one host at a time",
            targets.len()
        ));
    };
    let probes = options(&target.overrides)?;
    match &target.spec {
        TargetSpec::Local => Ok((Box::new(NamedLocal(target.name.clone())), probes)),
        TargetSpec::Ssh(spec) => {
            let connect_timeout = args
                .connect_timeout
                .unwrap_or(InspectSettings::from_config(app.config())?.connect_timeout);
            let known_hosts = app.known_hosts(&inventory, &ssh_config)?;
            let options = SshOptions {
                known_hosts,
                accept_new_host_keys: args.accept_new_host_keys,
                connect_timeout,
                max_output: InspectSettings::from_config(app.config())?.max_output,
            };
            Ok((
                Box::new(SshOnFirstUse {
                    name: target.name.clone(),
                    spec: spec.clone(),
                    options,
                    runner: None,
                }),
                probes,
            ))
        }
    }
}

/// A runner that connects to its target when the first check runs there:
/// a walk whose checks are answered by devices (a server with no power)
/// never needs the target itself to answer.
struct SshOnFirstUse {
    name: String,
    spec: crate::transport::ssh::SshTarget,
    options: SshOptions,
    runner: Option<TransportRunner>,
}

impl SshOnFirstUse {
    fn connected(&mut self) -> Result<&mut TransportRunner> {
        if self.runner.is_none() {
            let deadline = Instant::now() + self.options.connect_timeout + Duration::from_secs(5);
            let session = ssh::connect(&self.spec, &self.options, deadline)
                .with_context(|| format!("failed to connect to {}", self.spec.display()))?;
            self.runner = Some(TransportRunner::new(self.name.clone(), Box::new(session)));
        }
        Ok(self.runner.as_mut().expect("connected above"))
    }
}

impl ProbeRunner for SshOnFirstUse {
    fn target(&self) -> String {
        self.name.clone()
    }

    fn run(&mut self, script: &str, timeout: Duration) -> Result<crate::runbook::ProbeOutput> {
        self.connected()?.run(script, timeout)
    }

    fn exec(&mut self, argv: &[String], timeout: Duration) -> Result<crate::runbook::ProbeOutput> {
        self.connected()?.exec(argv, timeout)
    }
}

/// The BMCs and UPSes the inventory links to the walk's target, read once
/// each (with `inspect hw`'s clients) when a device probe first asks.
struct Devices<'a> {
    app: &'a App,
    bmcs: Vec<String>,
    upses: Vec<String>,
    accept_new_certs: bool,
    read: std::cell::RefCell<std::collections::BTreeMap<bool, Vec<DeviceReading>>>,
}

impl<'a> Devices<'a> {
    fn new(app: &'a App, target: &str, accept_new_certs: bool) -> Result<Devices<'a>> {
        let inventory = app.inventory()?;
        let names = |it: &mut dyn Iterator<Item = &toml::Spanned<String>>| {
            it.map(|n| n.get_ref().clone()).collect::<Vec<_>>()
        };
        Ok(Devices {
            app,
            bmcs: names(&mut inventory.bmcs_of(target).map(|b| &b.name)),
            upses: names(&mut inventory.upses_of(target).map(|u| &u.name)),
            accept_new_certs,
            read: Default::default(),
        })
    }

    fn read(&self, probe: DeviceProbe, timeout: Duration) -> Vec<DeviceReading> {
        let bmc = probe.asks_bmc();
        if let Some(done) = self.read.borrow().get(&bmc) {
            return done.clone();
        }
        let names = if bmc { &self.bmcs } else { &self.upses };
        let readings: Vec<DeviceReading> = match self.inspect(names, timeout) {
            Ok(results) => results.iter().map(DeviceReading::from_result).collect(),
            Err(e) => names
                .iter()
                .map(|n| DeviceReading {
                    device: n.clone(),
                    address: n.clone(),
                    unreachable: Some(format!("{e:#}")),
                    ..DeviceReading::default()
                })
                .collect(),
        };
        self.read.borrow_mut().insert(bmc, readings.clone());
        readings
    }

    fn inspect(&self, names: &[String], timeout: Duration) -> Result<Vec<TargetResult>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let inventory = self.app.inventory()?;
        let targets = resolve_hw(names, &inventory, &|_| Ok(()))?;
        let base = self.app.config().table("thresholds.hw")?;
        let jobs = crate::commands::inspect::hw::jobs(self.app, &base, targets)?;
        let mut settings = InspectSettings::from_config(self.app.config())?;
        settings.timeout = settings.timeout.min(timeout);
        let limits = crate::commands::inspect::hw::limits(&settings, self.accept_new_certs);
        Ok(fan_out(&jobs, jobs.len().max(1), false, |job| {
            hw_run::inspect(job, &limits)
        }))
    }
}

/// The local runner, recorded under this machine's name.
struct NamedLocal(String);

impl ProbeRunner for NamedLocal {
    fn target(&self) -> String {
        self.0.clone()
    }

    fn run(&mut self, script: &str, timeout: Duration) -> Result<crate::runbook::ProbeOutput> {
        LocalRunner.run(script, timeout)
    }

    fn exec(&mut self, argv: &[String], timeout: Duration) -> Result<crate::runbook::ProbeOutput> {
        LocalRunner.exec(argv, timeout)
    }
}

/// Shows each check as it runs, on stderr.
struct Progress<'a> {
    printer: &'a Printer,
    interactive: bool,
    lang: Lang,
}

impl Observer for Progress<'_> {
    fn event(&mut self, event: &WalkEvent) {
        match event {
            WalkEvent::Checking { step, text } => {
                self.printer.detail(&tr_args(
                    self.lang,
                    "runbook-walk-checking",
                    &[("step", v(&step.id)), ("text", v(text))],
                ));
            }
            WalkEvent::Checked { step, probe } => {
                let mark = tr(
                    self.lang,
                    match probe.verdict {
                        Verdict::Ok => "runbook-mark-ok",
                        Verdict::Fail => "runbook-mark-fail",
                        Verdict::CannotCheck => "runbook-mark-cannot",
                    },
                );
                self.printer.status(&tr_args(
                    self.lang,
                    "runbook-walk-checked",
                    &[
                        ("step", v(&step.id)),
                        ("mark", v(&mark)),
                        ("reason", v(&sanitize(&probe.reason))),
                    ],
                ));
                // On a terminal the engineer wants to see what failed; -v shows all.
                if self.printer.verbose || (self.interactive && probe.verdict != Verdict::Ok) {
                    for line in probe.stdout.lines().chain(probe.stderr.lines()).take(40) {
                        self.printer.status(&format!("    {}", sanitize(line)));
                    }
                }
            }
            WalkEvent::Back { to } => {
                self.printer
                    .status(&tr_args(self.lang, "runbook-walk-back", &[("step", v(to))]))
            }
            WalkEvent::Finished { .. } => {}
        }
    }
}

/// What the engineer reads at the end: the outcome, what to do or hand over,
/// and the path taken.
fn summary(record: &WalkRecord, lang: Lang) -> String {
    let o = &record.outcome;
    let (id, target) = (v(&record.runbook), v(&record.target));
    let vendor = tr(lang, "runbook-vendor-engineer");
    let mut out = match o.status {
        WalkStatus::Resolved => tr_args(
            lang,
            "runbook-summary-resolved",
            &[("id", id), ("target", target)],
        ),
        WalkStatus::Escalated => tr_args(
            lang,
            "runbook-summary-escalate",
            &[
                ("id", id),
                ("target", target),
                ("to", v(o.escalate_to.as_deref().unwrap_or(&vendor))),
            ],
        ),
        WalkStatus::Incomplete => tr_args(
            lang,
            "runbook-summary-incomplete",
            &[
                ("id", id),
                ("target", target),
                ("step", v(o.step.as_deref().unwrap_or("?"))),
            ],
        ),
    };
    if let Some(text) = &o.text {
        out.push_str(&format!("\n  {text}"));
    }
    if !o.handover.is_empty() {
        out.push_str(&format!("\n  {}", tr(lang, "runbook-summary-handover")));
        for h in &o.handover {
            out.push_str(&format!("\n    - {h}"));
        }
    }
    let path = record.path_ids();
    if !path.is_empty() {
        out.push_str(&format!(
            "\n  {}",
            tr_args(
                lang,
                "runbook-summary-path",
                &[("path", v(&path.join(" → ")))]
            )
        ));
    }
    if let Some(t) = &record.ticket {
        out.push_str(&format!(
            "\n  {}",
            tr_args(lang, "runbook-summary-ticket", &[("ticket", v(t))])
        ));
    }
    sanitize(&out)
}

/// A text argument of a message.
fn v(text: &str) -> Value<'static> {
    Value::from(text.to_owned())
}
