//! Tickets for people: the `list` table and the `show` page, in English or
//! Chinese ([`Lang`]).
//!
//! Times are shown in the machine's local time; free text from ticket files
//! is stripped of control characters first (files can be edited by hand).
//! Every word of `ops` comes from the locale files (`locales/*/ticket.ftl`,
//! and the ticket words of `ops.ftl` that the task sheet uses too); in
//! English the words a ticket file holds (`hotline`, `defect-technical`,
//! `on hold`) stay as they are, since people type them back as flags. What
//! people wrote (names, descriptions, serials) is shown as written.

use super::duration::human;
use super::model::{Category, Cause, Channel, EventKind, PartKind, Phase, Severity, Ticket};
use super::service::{OnsiteState, ReturnVisitState};
use super::sla::{Clock, ClockState, Sla};
use super::time::display;
use crate::i18n::{self, Lang, Value};
use crate::printer::{new_table, sanitize};
use chrono::{DateTime, Local, TimeDelta, Utc};
use comfy_table::Cell;

fn short(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%m-%d %H:%M").to_string()
}

fn first_line(text: &str, max: usize) -> String {
    let line = sanitize(text.lines().next().unwrap_or("").trim());
    if line.chars().count() > max {
        line.chars().take(max.saturating_sub(1)).collect::<String>() + "…"
    } else {
        line
    }
}

/// The words of the pages in one language.
#[derive(Clone, Copy)]
struct Words(Lang);

impl Words {
    fn t(self, id: &str) -> String {
        i18n::tr(self.0, id)
    }

    fn a(self, id: &str, args: &[(&str, Value<'_>)]) -> String {
        i18n::tr_args(self.0, id, args)
    }

    /// English keeps the word of the file (`en`); other languages say `id`.
    fn word(self, en: &str, id: &str) -> String {
        match self.0 {
            Lang::En => en.to_owned(),
            _ => self.t(id),
        }
    }

    /// A signed length of time: `2h 5m` ([`human`]) in English, `2小时 5分钟` in Chinese.
    fn span(self, d: TimeDelta) -> String {
        if self.0 == Lang::En {
            return human(d);
        }
        let secs = d.num_seconds().abs();
        let (days, hours, mins) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60);
        let n = |id: &str, n: i64| self.a(id, &[("n", Value::from(n))]);
        let mut parts = Vec::new();
        if days > 0 {
            parts.push(n("duration-days", days));
        }
        if hours > 0 || (days > 0 && mins > 0) {
            parts.push(n("duration-hours", hours));
        }
        if mins > 0 {
            parts.push(n("duration-minutes", mins));
        }
        if parts.is_empty() {
            parts.push(n("ticket-duration-seconds", secs));
        }
        let text = parts.join(" ");
        if d < TimeDelta::zero() {
            format!("-{text}")
        } else {
            text
        }
    }

    fn phase(self, p: Phase) -> String {
        let id = match p {
            Phase::Open => "ticket-status-open",
            Phase::OnHold => "ticket-status-on-hold",
            Phase::Closed => "ticket-status-closed",
        };
        self.word(&p.to_string(), id)
    }

    /// A severity in a sentence: `II`, `II级（严重问题）`.
    fn severity(self, s: Severity) -> String {
        self.word(s.as_str(), &format!("ticket-severity-{}", s.as_str()))
    }

    fn channel(self, c: Channel) -> String {
        self.word(c.as_str(), &format!("ticket-channel-{}", c.as_str()))
    }

    fn category(self, c: Category) -> String {
        self.word(c.as_str(), &format!("ticket-category-{}", c.as_str()))
    }

    fn cause(self, c: Cause) -> String {
        self.word(c.as_str(), &format!("ticket-cause-{}", c.as_str()))
    }

    fn part_kind(self, k: PartKind) -> String {
        self.word(k.as_str(), &format!("ticket-part-{}", k.as_str()))
    }

    /// `respond`, `plan`, `resolve`: 响应时间, 提交故障处理方案, 故障解决时间.
    fn clock_name(self, name: &str) -> String {
        self.word(name, &format!("sheet-clock-{name}"))
    }

    fn onsite_state(self, s: OnsiteState) -> String {
        let id = match s {
            OnsiteState::Due => "ticket-onsite-due",
            OnsiteState::Overdue => "ticket-onsite-overdue",
            OnsiteState::Met => "ticket-onsite-met",
            OnsiteState::Missed => "ticket-onsite-missed",
            OnsiteState::NotNeeded => "ticket-onsite-not-needed",
        };
        self.word(s.word(), id)
    }

    fn return_visit_state(self, s: ReturnVisitState) -> String {
        self.word(s.word(), &format!("ticket-return-visit-{}", s.word()))
    }

    /// `due in 20m (11-22 10:30)`.
    fn due_in(self, left: TimeDelta, due: DateTime<Utc>) -> String {
        self.a(
            "ticket-due-in",
            &[
                ("left", Value::from(self.span(left))),
                ("due", Value::from(short(due))),
            ],
        )
    }

    /// `overdue by 1h 5m (due 11-22 09:45)`.
    fn overdue_by(self, late: TimeDelta, due: DateTime<Utc>) -> String {
        self.a(
            "ticket-overdue-by",
            &[
                ("late", Value::from(self.span(late))),
                ("due", Value::from(short(due))),
            ],
        )
    }

    fn none(self) -> String {
        self.t("ticket-none")
    }

    fn never(self) -> String {
        self.t("ticket-never")
    }

    /// Items joined as the language lists them (`, ` or `、`).
    fn joined(self, items: &[String]) -> String {
        items.join(&self.t("list-separator"))
    }
}

/// One clock's state in words, starting with the state: `running, due in 20m
/// (11-22 10:30)`, `overdue by 1h 5m (due 11-22 09:45)`, `paused, 10h left`,
/// `met (11-22 09:30)`, `breached by 15m (11-22 12:30)`.
pub fn clock_words(c: &Clock, now: DateTime<Utc>) -> String {
    clock_words_in(Words(Lang::En), c, now)
}

fn clock_words_in(w: Words, c: &Clock, now: DateTime<Utc>) -> String {
    let v = |s: String| Value::from(s);
    match (c.state, c.due) {
        (ClockState::Running, Some(d)) => w.a(
            "ticket-clock-running-due",
            &[("due", v(w.due_in(d - now, d)))],
        ),
        (ClockState::Running, None) => w.t("ticket-clock-running-never"),
        (ClockState::Overdue, Some(d)) => w.overdue_by(now - d, d),
        (ClockState::Paused, _) => w.a("ticket-clock-paused-left", &[("left", v(w.span(c.left)))]),
        (ClockState::Met, _) => w.a(
            "ticket-clock-met-at",
            &[("at", v(c.stopped.map_or(String::new(), short)))],
        ),
        (ClockState::Breached, Some(d)) => match c.stopped {
            Some(s) => w.a(
                "ticket-clock-breached-by",
                &[("late", v(w.span(s - d))), ("at", v(short(s)))],
            ),
            None => w.t("ticket-clock-breached"), // ops.ftl
        },
        (state, _) => w.t(&format!("ticket-clock-{}", state.word())),
    }
}

/// The DUE cell of a listing: the clock due next and when, or why none is.
fn due_cell(w: Words, t: &Ticket, sla: &Sla, now: DateTime<Utc>) -> String {
    if let Some((name, clock)) = sla
        .clocks()
        .into_iter()
        .filter(|(_, c)| matches!(c.state, ClockState::Running | ClockState::Overdue))
        .min_by_key(|(_, c)| c.due)
    {
        let words = match (clock.state, clock.due) {
            (ClockState::Running, Some(d)) => w.due_in(d - now, d),
            _ => clock_words_in(w, clock, now),
        };
        return format!("{} {words}", w.clock_name(name));
    }
    if t.closed().is_some() {
        let missed: Vec<String> = sla
            .clocks()
            .into_iter()
            .filter(|(_, c)| c.state == ClockState::Breached)
            .map(|(n, _)| w.clock_name(n))
            .collect();
        return if missed.is_empty() {
            w.t("ticket-list-all-met")
        } else {
            w.a(
                "ticket-list-missed",
                &[("clocks", Value::from(w.joined(&missed)))],
            )
        };
    }
    format!(
        "{} {}",
        w.clock_name("resolve"),
        clock_words_in(w, &sla.resolve, now)
    )
}

/// Columns printed as a table looks with comfy-table's borderless preset
/// (one space of padding each side), without trailing blanks. Listings can
/// have thousands of rows, where comfy-table's layout work shows.
fn columns(header: &[&str], rows: &[Vec<String>], red: &[bool]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::with_capacity((rows.len() + 1) * (widths.iter().sum::<usize>() + 16));
    let mut line = |cells: &mut dyn Iterator<Item = &str>, colour: bool| {
        let start = out.len();
        for (i, cell) in cells.enumerate() {
            out.push(' ');
            if colour && i == 5 {
                out.push_str("\x1b[31m");
                out.push_str(cell);
                out.push_str("\x1b[39m");
            } else {
                out.push_str(cell);
            }
            for _ in width(cell)..widths[i] + 1 {
                out.push(' ');
            }
        }
        out.truncate(out[..].trim_end().len().max(start));
        out.push('\n');
    };
    line(&mut header.iter().copied(), false);
    for (row, red) in rows.iter().zip(red) {
        line(&mut row.iter().map(String::as_str), *red);
    }
    out.pop();
    out
}

/// Terminal columns of `s`: East Asian wide characters take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// A last column of a listing, for `--visits-due` and `--return-visits-due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceColumn {
    /// The on-site clock: `due in 40m (11-20 11:00)`, `overdue by 10m (due 11-20 11:00)`.
    Onsite,
    /// The return visit: `due since 1d (11-23 10:00)`.
    ReturnVisit,
}

impl ServiceColumn {
    fn header(self, w: Words) -> String {
        match self {
            ServiceColumn::Onsite => w.t("ticket-list-col-onsite"),
            ServiceColumn::ReturnVisit => w.t("ticket-list-col-return-visit"),
        }
    }

    fn cell(self, w: Words, sla: &Sla, now: DateTime<Utc>) -> String {
        match self {
            ServiceColumn::Onsite => match &sla.onsite {
                None => "-".into(),
                Some(o) => match (o.state, o.due) {
                    (OnsiteState::Due, Some(d)) => w.due_in(d - now, d),
                    (OnsiteState::Overdue, Some(d)) => w.overdue_by(now - d, d),
                    (OnsiteState::Due, None) => w.t("ticket-never-due"),
                    (state, _) => w.onsite_state(state),
                },
            },
            ServiceColumn::ReturnVisit => match &sla.return_visit {
                None => "-".into(),
                Some(r) => match r.state {
                    ReturnVisitState::Due => w.a(
                        "ticket-list-due-since",
                        &[
                            ("late", Value::from(w.span(now - r.due))),
                            ("due", Value::from(short(r.due))),
                        ],
                    ),
                    ReturnVisitState::Later => w.due_in(r.due - now, r.due),
                    ReturnVisitState::Done => w.a(
                        "ticket-list-visit-done",
                        &[("at", Value::from(r.done.map_or(String::new(), short)))],
                    ),
                },
            },
        }
    }
}

/// The `ops ticket list` table, with `extra` as its last column, in `lang`.
pub fn list_table(
    rows: &[(&Ticket, Sla)],
    now: DateTime<Utc>,
    color: bool,
    extra: Option<ServiceColumn>,
    lang: Lang,
) -> String {
    let w = Words(lang);
    let mut header: Vec<String> = [
        "ticket-list-col-id",
        "ticket-list-col-severity",
        "ticket-list-col-status",
        "ticket-list-col-customer",
        "ticket-list-col-engineer",
        "ticket-list-col-due",
        "ticket-list-col-problem",
    ]
    .iter()
    .map(|id| w.t(id))
    .collect();
    header.extend(extra.map(|c| c.header(w)));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|(t, sla)| {
            let mut row = vec![
                t.id.to_string(),
                w.a(
                    "ticket-list-severity",
                    &[("sev", Value::from(sla.severity.as_str()))],
                ),
                w.phase(t.phase()),
                first_line(&t.customer, 24),
                t.engineer().map_or("-".into(), |e| first_line(e, 16)),
                due_cell(w, t, sla, now),
                first_line(&t.problem, 48),
            ];
            row.extend(extra.map(|c| c.cell(w, sla, now)));
            row
        })
        .collect();
    let red: Vec<bool> = rows.iter().map(|(_, s)| color && s.overdue()).collect();
    columns(&header, &cells, &red)
}

/// The footer of a listing: how the listed customers rated their return
/// visits (`satisfaction: ACME 4.0/5 (2)`).
pub fn satisfaction_line(ratings: &[super::query::CustomerSatisfaction], lang: Lang) -> String {
    let w = Words(lang);
    let parts: Vec<String> = ratings
        .iter()
        .map(|c| {
            w.a(
                "ticket-list-rating",
                &[
                    ("customer", Value::from(c.customer.as_str())),
                    ("average", Value::from(format!("{:.1}", c.average))),
                    ("feedbacks", Value::from(c.feedbacks)),
                ],
            )
        })
        .collect();
    w.a(
        "ticket-list-satisfaction",
        &[("ratings", Value::from(w.joined(&parts)))],
    )
}

/// The closing status line of a listing: `3 tickets listed, 1 overdue`.
pub fn listed_line(listed: usize, overdue: usize, lang: Lang) -> String {
    Words(lang).a(
        "ticket-list-listed",
        &[
            ("n", Value::from(listed)),
            ("overdue", Value::from(overdue)),
        ],
    )
}

/// When no ticket matches a listing's filters.
pub fn none_match(lang: Lang) -> String {
    Words(lang).t("ticket-list-none")
}

/// A warning of a listing: a ticket file that could not be read.
pub fn skipped_damaged(damaged: &str, lang: Lang) -> String {
    Words(lang).a("ticket-list-damaged", &[("file", Value::from(damaged))])
}

/// Under the clocks: the agreed deadline beside the SLA's own, the on-site
/// clock and the return visit, each only when it applies.
fn service_lines(w: Words, t: &Ticket, sla: &Sla) -> String {
    use super::service::Deadline;
    let v = |s: String| Value::from(s);
    let mut out = String::new();
    if let Some((_, p)) = t.agreed_plan() {
        let sla_due = sla.resolve_sla_due.map_or_else(|| w.never(), display);
        let judged = match sla.resolve_by {
            Deadline::Agreed => w.t("ticket-show-judged-agreed"),
            Deadline::Sla => w.t("ticket-show-judged-sla"),
        };
        out.push('\n');
        out.push_str(&w.a(
            "ticket-show-agreed",
            &[
                ("at", v(display(p.agreed_time))),
                ("by", v(sanitize(&p.agreed_by))),
                ("sla", v(sla_due)),
                ("judged", v(judged)),
            ],
        ));
    }
    if let Some(o) = &sla.onsite {
        let at = match (o.arrived, o.due) {
            (Some(a), _) => w.a("ticket-show-onsite-arrived", &[("at", v(display(a)))]),
            (None, Some(d)) => w.a("ticket-show-onsite-due", &[("at", v(display(d)))]),
            (None, None) => String::new(),
        };
        out.push('\n');
        out.push_str(&w.a(
            "ticket-show-onsite",
            &[
                ("allowed", v(w.span(o.allowed.0))),
                ("state", v(w.onsite_state(o.state))),
                ("at", v(at)),
            ],
        ));
    }
    if let Some(r) = &sla.return_visit {
        let fb = t
            .feedback()
            .map(|(_, f)| {
                w.a(
                    "ticket-show-rated",
                    &[
                        ("called", v(sanitize(&f.called))),
                        ("score", Value::from(f.satisfaction)),
                    ],
                )
            })
            .unwrap_or_default();
        out.push('\n');
        out.push_str(&w.a(
            "ticket-show-return-visit",
            &[
                ("state", v(w.return_visit_state(r.state))),
                ("due", v(display(r.due))),
                ("rated", v(fb)),
            ],
        ));
    }
    out
}

/// What an event says beyond its kind, in `lang`, with the message words
/// of severities, causes and parts (`II级（严重问题）`, `II (serious)`): the
/// show page's log in another language than English, and the task sheet.
pub fn event_details(kind: &EventKind, lang: Lang) -> String {
    let s = |s: &str| Value::from(s.to_owned());
    let w = Said(lang);
    match kind {
        EventKind::Created | EventKind::Resume | EventKind::Responded | EventKind::Planned => {
            String::new()
        }
        EventKind::Note { text } => text.clone(),
        EventKind::Assigned { engineer } => engineer.clone(),
        EventKind::Severity { from, to } => w.a(
            "sheet-event-severity",
            &[
                ("from", Value::from(w.severity(*from))),
                ("to", Value::from(w.severity(*to))),
            ],
        ),
        EventKind::Hold { reason } => reason.clone(),
        EventKind::Plan(p) => w.a(
            "sheet-event-plan",
            &[
                ("solution", s(&p.solution)),
                ("by", s(&p.agreed_by)),
                ("time", Value::from(display(p.agreed_time))),
            ],
        ),
        EventKind::Visit(visit) => w.a(
            "sheet-event-visit",
            &[
                ("engineer", s(&visit.engineer)),
                ("summary", s(&visit.summary)),
            ],
        ),
        EventKind::Feedback(f) => w.a(
            "sheet-event-feedback",
            &[
                ("called", s(&f.called)),
                ("score", Value::from(f.satisfaction)),
            ],
        ),
        EventKind::Closed(c) => w.a(
            "sheet-event-closed",
            &[
                ("resolution", s(&c.resolution)),
                ("cause", Value::from(w.cause(c.cause))),
                ("by", s(&c.confirmed_by)),
            ],
        ),
        EventKind::Linked { record } => record.clone(),
        EventKind::Part(p) => w.a(
            "sheet-event-part",
            &[
                ("kind", Value::from(w.part_kind(p.kind))),
                ("model", s(&p.model)),
                ("removed", s(&p.removed_serial)),
                ("installed", s(&p.installed_serial)),
            ],
        ),
    }
}

/// The words [`event_details`] uses: every one a message, in every language.
struct Said(Lang);

impl Said {
    fn a(&self, id: &str, args: &[(&str, Value<'_>)]) -> String {
        i18n::tr_args(self.0, id, args)
    }

    fn severity(&self, s: Severity) -> String {
        i18n::tr(self.0, &format!("ticket-severity-{}", s.as_str()))
    }

    fn cause(&self, c: Cause) -> String {
        i18n::tr(self.0, &format!("ticket-cause-{}", c.as_str()))
    }

    fn part_kind(&self, k: PartKind) -> String {
        i18n::tr(self.0, &format!("ticket-part-{}", k.as_str()))
    }
}

/// A log line of the show page: English keeps the summary that commit
/// messages use; other languages say the event's kind, then its details.
fn log_text(w: Words, kind: &EventKind) -> String {
    if w.0 == Lang::En {
        return match kind {
            EventKind::Note { text } => format!("note: {text}"),
            other => other.summary(),
        };
    }
    let details = event_details(kind, w.0);
    let kind_word = w.t(&format!("ticket-event-{}", kind.word()));
    if details.is_empty() {
        kind_word
    } else {
        w.a(
            "label-value",
            &[
                ("label", Value::from(kind_word)),
                ("value", Value::from(details)),
            ],
        )
    }
}

/// The `ops ticket show` page, in `lang`.
pub fn show(t: &Ticket, sla: &Sla, now: DateTime<Utc>, lang: Lang) -> String {
    let w = Words(lang);
    let v = |s: String| Value::from(s);
    let mut out = String::new();
    let sev = if sla.severity == t.severity {
        w.a(
            "ticket-show-severity",
            &[("sev", v(w.severity(sla.severity)))],
        )
    } else {
        w.a(
            "ticket-show-severity-changed",
            &[
                ("sev", v(w.severity(sla.severity))),
                ("received", v(w.severity(t.severity))),
            ],
        )
    };
    out.push_str(&format!("{}  {}  {sev}\n", t.id, w.phase(t.phase())));
    let mut fields = new_table();
    let mut field = |id: &str, value: String| {
        if !value.trim().is_empty() {
            fields.add_row(vec![Cell::new(w.t(id)), Cell::new(sanitize(&value))]);
        }
    };
    let comma = w.t("list-separator");
    let both = |a: &str, b: &str| {
        [a, b]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(&comma)
    };
    field("ticket-show-customer", both(&t.customer, &t.site));
    field("ticket-show-contact", both(&t.contact, &t.phone));
    field("ticket-show-channel", w.channel(t.channel));
    field("ticket-show-category", w.category(t.category));
    field("ticket-show-targets", w.joined(&t.targets));
    field(
        "ticket-show-engineer",
        t.engineer().map_or_else(|| w.none(), str::to_owned),
    );
    field("ticket-show-received", display(t.received));
    field(
        "ticket-show-expected",
        t.expected.map(display).unwrap_or_default(),
    );
    field("ticket-show-problem", t.problem.clone());
    if let Some(hold) = t.hold()
        && let EventKind::Hold { reason } = &hold.kind
    {
        field(
            "ticket-show-on-hold",
            w.a(
                "sheet-hold-since",
                &[
                    ("since", v(display(hold.at))),
                    ("reason", v(reason.clone())),
                ],
            ),
        );
    }
    if let Some((e, c)) = t.closed() {
        field(
            "ticket-show-closed",
            w.a(
                "ticket-show-closed-by",
                &[("at", v(display(e.at))), ("by", v(e.by.clone()))],
            ),
        );
        field("ticket-show-resolution", c.resolution.clone());
        field("ticket-show-cause", w.cause(c.cause));
        field(
            "ticket-show-parts",
            c.parts.join(&w.t("ticket-show-parts-separator")),
        );
        field("ticket-show-confirmed-by", c.confirmed_by.clone());
    }
    field("ticket-show-linked", t.linked().join("\n"));
    out.push_str(&fields.to_string());
    out.push_str("\n\n");
    let cal = match sla.calendar.as_deref() {
        Some(c) => w.a("ticket-show-calendar", &[("name", v(c.to_owned()))]),
        None => w.t("ticket-show-calendar-24x7"),
    };
    let class = sla.class.as_deref().map_or(String::new(), |c| {
        w.a("ticket-show-class", &[("class", v(sanitize(c)))])
    });
    out.push_str(&w.a(
        "ticket-show-sla",
        &[
            ("calendar", v(cal)),
            ("hold", v(w.span(sla.on_hold))),
            ("class", v(class)),
        ],
    ));
    out.push('\n');
    let mut clocks = new_table();
    clocks.set_header(
        [
            "ticket-show-col-clock",
            "ticket-show-col-allowed",
            "ticket-show-col-due",
            "ticket-show-col-state",
        ]
        .map(|id| w.t(id)),
    );
    for (name, c) in sla.clocks() {
        clocks.add_row(vec![
            Cell::new(w.clock_name(name)),
            Cell::new(w.span(c.allowed.0)),
            Cell::new(c.due.map_or_else(|| w.never(), display)),
            Cell::new(clock_words_in(w, c, now)),
        ]);
    }
    out.push_str(&clocks.to_string());
    let parts = t.parts_replaced();
    if !parts.is_empty() {
        out.push_str("\n\n");
        out.push_str(&w.t("ticket-show-parts-replaced"));
        out.push('\n');
        let mut table = new_table();
        table.set_header(
            [
                "ticket-show-col-at",
                "ticket-show-col-kind",
                "ticket-show-col-model",
                "ticket-show-col-removed",
                "ticket-show-col-installed",
                "ticket-show-col-fault",
                "ticket-show-col-to-vendor",
            ]
            .map(|id| w.t(id)),
        );
        for (e, p) in parts {
            table.add_row(vec![
                Cell::new(display(e.at)),
                Cell::new(w.part_kind(p.kind)),
                Cell::new(sanitize(&p.model)),
                Cell::new(sanitize(&p.removed_serial)),
                Cell::new(sanitize(&p.installed_serial)),
                Cell::new(sanitize(&p.fault)),
                Cell::new(w.t(if p.returned_to_vendor {
                    "sheet-yes"
                } else {
                    "sheet-no"
                })),
            ]);
        }
        out.push_str(&table.to_string());
    }
    out.push_str(&service_lines(w, t, sla));
    out.push_str("\n\n");
    out.push_str(&w.t("ticket-show-log"));
    out.push('\n');
    let mut log = new_table();
    for e in &t.events {
        log.add_row(vec![
            Cell::new(display(e.at)),
            Cell::new(sanitize(&e.by)),
            Cell::new(sanitize(&log_text(w, &e.kind))),
        ]);
    }
    out.push_str(&log.to_string());
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_line_up_like_the_other_tables() {
        let rows = vec![
            vec!["T-1".to_string(), "中文".to_string()],
            vec!["T-22".to_string(), "x".to_string()],
        ];
        let out = super::columns(&["ID", "NAME"], &rows, &[false, false]);
        assert_eq!(out, " ID    NAME\n T-1   中文\n T-22  x");
    }
}
