//! What the maintenance task sheet (维护任务单) says, in one language: the
//! ticket's fields, its service deadlines, the plan, the log, the visits, the
//! parts, the resolution, the return visit and the signature lines, as
//! [`Block`]s that `super::render` writes as Markdown or HTML.
//!
//! Every label and every word of `ops` (statuses, severities, event kinds,
//! clock states) comes from the locale files through [`crate::i18n`]; what
//! people wrote (names, descriptions, serials) is shown as written.

use crate::i18n::{self, Lang, Value};
use crate::ticket::Ticket;
use crate::ticket::model::{Category, Cause, Channel, EventKind, PartKind, Phase, Severity};
use crate::ticket::service::{Deadline, OnsiteState, ReturnVisitState};
use crate::ticket::sla::{Clock, ClockState, Sla};
use crate::ticket::time::display;
use chrono::{DateTime, TimeDelta, Utc};

/// One part of the sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading.
    Heading(String),
    /// Label and value pairs, one per line.
    Fields(Vec<(String, String)>),
    /// A header row and rows.
    Table(Vec<String>, Vec<Vec<String>>),
    /// A sentence of the sheet's own.
    Para(String),
    /// Signature lines: who signs, then the label of the date beside it.
    Signatures(Vec<String>, String),
}

/// The whole sheet: its title, the language it is in, and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub lang: Lang,
    pub title: String,
    pub blocks: Vec<Block>,
    /// The closing line: when it was printed.
    pub footer: String,
}

/// Words of the sheet in one language.
struct Words(Lang);

impl Words {
    fn t(&self, id: &str) -> String {
        i18n::tr(self.0, id)
    }

    fn a(&self, id: &str, args: &[(&str, Value<'_>)]) -> String {
        i18n::tr_args(self.0, id, args)
    }

    fn time(&self, t: DateTime<Utc>) -> String {
        display(t)
    }

    fn opt_time(&self, t: Option<DateTime<Utc>>) -> String {
        t.map_or_else(|| self.t("sheet-none"), |t| self.time(t))
    }

    fn yes_no(&self, yes: bool) -> String {
        self.t(if yes { "sheet-yes" } else { "sheet-no" })
    }

    fn status(&self, p: Phase) -> String {
        self.t(match p {
            Phase::Open => "ticket-status-open",
            Phase::OnHold => "ticket-status-on-hold",
            Phase::Closed => "ticket-status-closed",
        })
    }

    fn severity(&self, s: Severity) -> String {
        self.t(&format!("ticket-severity-{}", s.as_str()))
    }

    fn channel(&self, c: Channel) -> String {
        self.t(&format!("ticket-channel-{}", c.as_str()))
    }

    fn category(&self, c: Category) -> String {
        self.t(&format!("ticket-category-{}", c.as_str()))
    }

    fn cause(&self, c: Cause) -> String {
        self.t(&format!("ticket-cause-{}", c.as_str()))
    }

    fn part_kind(&self, k: PartKind) -> String {
        self.t(&format!("ticket-part-{}", k.as_str()))
    }

    fn event_kind(&self, k: &EventKind) -> String {
        self.t(&format!("ticket-event-{}", k.word()))
    }

    fn clock_state(&self, s: ClockState) -> String {
        self.t(&format!("ticket-clock-{}", s.word()))
    }

    fn onsite_state(&self, s: OnsiteState) -> String {
        self.t(match s {
            OnsiteState::Due => "ticket-onsite-due",
            OnsiteState::Overdue => "ticket-onsite-overdue",
            OnsiteState::Met => "ticket-onsite-met",
            OnsiteState::Missed => "ticket-onsite-missed",
            OnsiteState::NotNeeded => "ticket-onsite-not-needed",
        })
    }

    fn return_visit_state(&self, s: ReturnVisitState) -> String {
        self.t(&format!("ticket-return-visit-{}", s.word()))
    }

    /// A length of time in the language's units, to the minute: `1d 2h 5m`, `1天 2小时 5分钟`.
    fn span(&self, d: TimeDelta) -> String {
        let secs = d.num_seconds().abs();
        let (days, hours, mins) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60);
        let mut parts = Vec::new();
        for (n, id) in [
            (days, "duration-days"),
            (hours, "duration-hours"),
            (mins, "duration-minutes"),
        ] {
            if n > 0 {
                parts.push(self.a(id, &[("n", Value::from(n))]));
            }
        }
        if parts.is_empty() {
            parts.push(self.a("duration-minutes", &[("n", Value::from(0))]));
        }
        parts.join(" ")
    }

    fn field(&self, id: &str, value: impl Into<String>) -> (String, String) {
        (self.t(id), value.into())
    }
}

/// The sheet of `t` with its clocks `sla`, printed at `now`, in `lang`.
pub fn sheet(t: &Ticket, sla: &Sla, now: DateTime<Utc>, lang: Lang) -> Sheet {
    let w = Words(lang);
    let mut blocks = Vec::new();
    request(&w, t, sla, &mut blocks);
    deadlines(&w, t, sla, &mut blocks);
    plan(&w, t, &mut blocks);
    actions(&w, t, &mut blocks);
    visits(&w, t, &mut blocks);
    parts(&w, t, &mut blocks);
    resolution(&w, t, &mut blocks);
    feedback(&w, t, &mut blocks);
    blocks.push(Block::Heading(w.t("sheet-section-signatures")));
    blocks.push(Block::Signatures(
        vec![w.t("sheet-sign-engineer"), w.t("sheet-sign-customer")],
        w.t("sheet-sign-date"),
    ));
    Sheet {
        lang,
        title: w.a("sheet-title", &[("id", Value::from(t.id.to_string()))]),
        blocks,
        footer: w.a("sheet-printed", &[("at", Value::from(w.time(now)))]),
    }
}

/// Names joined with the language's list separator.
fn joined(w: &Words, items: &[String]) -> String {
    items.join(&w.t("list-separator"))
}

fn request(w: &Words, t: &Ticket, sla: &Sla, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(w.t("sheet-section-request")));
    let severity = if sla.severity == t.severity {
        w.severity(sla.severity)
    } else {
        w.a(
            "sheet-severity-changed",
            &[
                ("now", Value::from(w.severity(sla.severity))),
                ("received", Value::from(w.severity(t.severity))),
            ],
        )
    };
    let or_none = |s: &str| {
        if s.trim().is_empty() {
            w.t("sheet-none")
        } else {
            s.to_owned()
        }
    };
    let mut fields = vec![
        w.field("sheet-field-id", t.id.to_string()),
        w.field("sheet-field-status", w.status(t.phase())),
        w.field("sheet-field-customer", t.customer.clone()),
        w.field("sheet-field-site", or_none(&t.site)),
        w.field(
            "sheet-field-targets",
            if t.targets.is_empty() {
                w.t("sheet-none")
            } else {
                joined(w, &t.targets)
            },
        ),
        w.field("sheet-field-severity", severity),
        w.field("sheet-field-category", w.category(t.category)),
        w.field("sheet-field-channel", w.channel(t.channel)),
        w.field("sheet-field-received", w.time(t.received)),
        w.field("sheet-field-expected", w.opt_time(t.expected)),
        w.field("sheet-field-contact", t.contact.clone()),
        w.field("sheet-field-phone", or_none(&t.phone)),
        w.field(
            "sheet-field-engineer",
            t.engineer()
                .map_or_else(|| w.t("sheet-none"), str::to_owned),
        ),
        w.field("sheet-field-problem", t.problem.clone()),
    ];
    if let Some(hold) = t.hold()
        && let EventKind::Hold { reason } = &hold.kind
    {
        fields.push(w.field(
            "sheet-field-hold",
            w.a(
                "sheet-hold-since",
                &[
                    ("since", Value::from(w.time(hold.at))),
                    ("reason", Value::from(reason.as_str())),
                ],
            ),
        ));
    }
    blocks.push(Block::Fields(fields));
}

fn clock_row(w: &Words, name: &str, c: &Clock) -> Vec<String> {
    vec![
        w.t(name),
        w.span(c.allowed.0),
        w.opt_time(c.due),
        w.opt_time(c.stopped),
        w.clock_state(c.state),
    ]
}

fn deadlines(w: &Words, t: &Ticket, sla: &Sla, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(w.t("sheet-section-deadlines")));
    let calendar = match &sla.calendar {
        Some(name) => w.a("sheet-calendar", &[("name", Value::from(name.as_str()))]),
        None => w.t("sheet-calendar-24x7"),
    };
    blocks.push(Block::Para(w.a(
        "sheet-deadlines-intro",
        &[
            ("calendar", Value::from(calendar)),
            ("hold", Value::from(w.span(sla.on_hold))),
        ],
    )));
    let mut rows = vec![
        clock_row(w, "sheet-clock-respond", &sla.respond),
        clock_row(w, "sheet-clock-plan", &sla.plan),
        clock_row(w, "sheet-clock-resolve", &sla.resolve),
    ];
    if let Some(o) = &sla.onsite {
        rows.push(vec![
            w.t("sheet-clock-onsite"),
            w.span(o.allowed.0),
            w.opt_time(o.due),
            w.opt_time(o.arrived),
            w.onsite_state(o.state),
        ]);
    }
    if let Some(r) = &sla.return_visit {
        rows.push(vec![
            w.t("sheet-clock-return-visit"),
            w.t("sheet-none"),
            w.time(r.due),
            w.opt_time(r.done),
            w.return_visit_state(r.state),
        ]);
    }
    blocks.push(Block::Table(
        [
            "sheet-col-clock",
            "sheet-col-allowed",
            "sheet-col-due",
            "sheet-col-done",
            "sheet-col-state",
        ]
        .iter()
        .map(|id| w.t(id))
        .collect(),
        rows,
    ));
    if let Some((_, p)) = t.agreed_plan() {
        let args = [
            ("agreed", Value::from(w.time(p.agreed_time))),
            ("sla", Value::from(w.opt_time(sla.resolve_sla_due))),
        ];
        blocks.push(Block::Para(match sla.resolve_by {
            Deadline::Agreed => w.a("sheet-resolve-by-agreed", &args),
            Deadline::Sla => w.a("sheet-resolve-by-sla", &args),
        }));
    }
}

fn plan(w: &Words, t: &Ticket, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(w.t("sheet-section-plan")));
    match t.agreed_plan() {
        Some((e, p)) => blocks.push(Block::Fields(vec![
            w.field("sheet-field-solution", p.solution.clone()),
            w.field("sheet-field-agreed-time", w.time(p.agreed_time)),
            w.field("sheet-field-agreed-by", p.agreed_by.clone()),
            w.field("sheet-field-agreed-at", w.time(e.at)),
        ])),
        None => blocks.push(Block::Para(match t.first_plan() {
            Some(at) => w.a("sheet-plan-given", &[("at", Value::from(w.time(at)))]),
            None => w.t("sheet-plan-none"),
        })),
    }
}

fn actions(w: &Words, t: &Ticket, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(w.t("sheet-section-actions")));
    let rows = t
        .events
        .iter()
        .map(|e| {
            vec![
                w.time(e.at),
                if e.by.is_empty() {
                    w.t("sheet-none")
                } else {
                    e.by.clone()
                },
                w.event_kind(&e.kind),
                crate::ticket::text::event_details(&e.kind, w.0),
            ]
        })
        .collect();
    blocks.push(Block::Table(
        [
            "sheet-col-time",
            "sheet-col-by",
            "sheet-col-event",
            "sheet-col-details",
        ]
        .iter()
        .map(|id| w.t(id))
        .collect(),
        rows,
    ));
}

fn visits(w: &Words, t: &Ticket, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(w.t("sheet-section-visits")));
    let visits = t.visits();
    if visits.is_empty() {
        blocks.push(Block::Para(w.t("sheet-visits-none")));
        return;
    }
    let rows = visits
        .into_iter()
        .map(|(e, v)| {
            vec![
                w.time(e.at),
                w.opt_time(v.departed),
                v.engineer.clone(),
                v.summary.clone(),
            ]
        })
        .collect();
    blocks.push(Block::Table(
        [
            "sheet-col-arrived",
            "sheet-col-departed",
            "sheet-col-engineer",
            "sheet-col-summary",
        ]
        .iter()
        .map(|id| w.t(id))
        .collect(),
        rows,
    ));
}

fn parts(w: &Words, t: &Ticket, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(w.t("sheet-section-parts")));
    let parts = t.parts_replaced();
    if parts.is_empty() {
        blocks.push(Block::Para(w.t("sheet-parts-none")));
        return;
    }
    let rows = parts
        .into_iter()
        .map(|(e, p)| {
            vec![
                w.time(e.at),
                w.part_kind(p.kind),
                p.model.clone(),
                p.removed_serial.clone(),
                p.installed_serial.clone(),
                p.fault.clone(),
                w.yes_no(p.returned_to_vendor),
            ]
        })
        .collect();
    blocks.push(Block::Table(
        [
            "sheet-col-time",
            "sheet-col-kind",
            "sheet-col-model",
            "sheet-col-removed",
            "sheet-col-installed",
            "sheet-col-fault",
            "sheet-col-returned",
        ]
        .iter()
        .map(|id| w.t(id))
        .collect(),
        rows,
    ));
}

fn resolution(w: &Words, t: &Ticket, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(w.t("sheet-section-resolution")));
    let Some((e, c)) = t.closed() else {
        blocks.push(Block::Para(w.t("sheet-not-closed")));
        return;
    };
    blocks.push(Block::Fields(vec![
        w.field("sheet-field-closed", w.time(e.at)),
        w.field(
            "sheet-field-closed-by",
            if e.by.is_empty() {
                w.t("sheet-none")
            } else {
                e.by.clone()
            },
        ),
        w.field("sheet-field-resolution", c.resolution.clone()),
        w.field("sheet-field-cause", w.cause(c.cause)),
        w.field(
            "sheet-field-parts",
            if c.parts.is_empty() {
                w.t("sheet-none")
            } else {
                joined(w, &c.parts)
            },
        ),
        w.field("sheet-field-confirmed-by", c.confirmed_by.clone()),
    ]));
}

fn feedback(w: &Words, t: &Ticket, blocks: &mut Vec<Block>) {
    let Some((e, f)) = t.feedback() else {
        return;
    };
    blocks.push(Block::Heading(w.t("sheet-section-feedback")));
    blocks.push(Block::Fields(vec![
        w.field("sheet-field-feedback-at", w.time(e.at)),
        w.field("sheet-field-called", f.called.clone()),
        w.field(
            "sheet-field-satisfaction",
            w.a(
                "sheet-satisfaction",
                &[("score", Value::from(f.satisfaction))],
            ),
        ),
        w.field(
            "sheet-field-comment",
            if f.comment.trim().is_empty() {
                w.t("sheet-none")
            } else {
                f.comment.clone()
            },
        ),
    ]));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::model::tests::{at, ev, ticket};
    use crate::ticket::{AgreedPlan, Closure, Feedback, PartReplaced, Policy, Visit};

    /// A ticket whose log holds every kind of event (not a sequence `check` would allow).
    fn every_event() -> Ticket {
        let mut t = ticket(Severity::III);
        let kinds = vec![
            EventKind::Created,
            EventKind::Note {
                text: "备注".into(),
            },
            EventKind::Assigned {
                engineer: "王芳".into(),
            },
            EventKind::Severity {
                from: Severity::III,
                to: Severity::I,
            },
            EventKind::Hold {
                reason: "等待客户".into(),
            },
            EventKind::Resume,
            EventKind::Responded,
            EventKind::Planned,
            EventKind::Plan(AgreedPlan {
                solution: "方案".into(),
                agreed_time: at(20, 0),
                agreed_by: "张伟".into(),
            }),
            EventKind::Visit(Visit {
                departed: None,
                engineer: "王芳".into(),
                summary: "检查".into(),
            }),
            EventKind::Part(PartReplaced {
                kind: PartKind::Disk,
                model: "X1".into(),
                removed_serial: "A1".into(),
                installed_serial: "B2".into(),
                fault: "坏道".into(),
                returned_to_vendor: false,
            }),
            EventKind::Linked {
                record: "inspect/host/x.json".into(),
            },
            EventKind::Hold {
                reason: "再次等待".into(),
            },
            EventKind::Closed(Closure {
                resolution: "已解决".into(),
                cause: Cause::NoFault,
                parts: vec!["X1".into()],
                confirmed_by: "张伟".into(),
            }),
            EventKind::Feedback(Feedback {
                called: "张伟".into(),
                satisfaction: 4,
                comment: String::new(),
            }),
        ];
        for (i, kind) in kinds.into_iter().enumerate() {
            t.events.push(ev(at(9, 10 + i as u32), kind));
        }
        t
    }

    fn all_text(s: &Sheet) -> String {
        let mut out = format!("{}\n{}\n", s.title, s.footer);
        for b in &s.blocks {
            match b {
                Block::Heading(h) | Block::Para(h) => out.push_str(h),
                Block::Fields(f) => {
                    for (k, v) in f {
                        out.push_str(&format!("{k} {v}\n"));
                    }
                }
                Block::Table(h, rows) => {
                    out.push_str(&h.join(" "));
                    for r in rows {
                        out.push_str(&r.join(" "));
                    }
                }
                Block::Signatures(who, date) => {
                    out.push_str(&who.join(" "));
                    out.push_str(date);
                }
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn every_event_kind_and_word_has_its_message_in_both_languages() {
        let t = every_event();
        let sla = crate::ticket::sla::compute(&t, &Policy::default(), at(12, 0));
        for lang in Lang::ALL {
            let text = all_text(&sheet(&t, &sla, at(12, 0), *lang));
            for prefix in ["sheet-", "ticket-", "duration-", "label-", "list-"] {
                assert!(
                    !text.contains(prefix),
                    "{lang}: a message id fell through:\n{text}"
                );
            }
        }
        // Before the closing: on hold, with the hold's reason among the fields.
        let mut held = t.clone();
        held.events.truncate(held.events.len() - 2);
        let sla_held = crate::ticket::sla::compute(&held, &Policy::default(), at(12, 0));
        for lang in Lang::ALL {
            let text = all_text(&sheet(&held, &sla_held, at(12, 0), *lang));
            assert!(
                !text.contains("sheet-") && !text.contains("ticket-"),
                "{text}"
            );
        }
        let text = all_text(&sheet(&held, &sla_held, at(12, 0), Lang::ZhCn));
        assert!(text.contains("起：再次等待"), "{text}");
        assert!(text.contains("尚未关闭"), "{text}");
        let zh = all_text(&sheet(&t, &sla, at(12, 0), Lang::ZhCn));
        for word in [
            "故障级别变更",
            "III级（较严重问题） → I级（紧急问题）",
            "非故障",
            "硬盘",
            "恢复处理",
        ] {
            assert!(zh.contains(word), "{word}:\n{zh}");
        }
    }

    #[test]
    fn spans_are_in_the_languages_units() {
        let d = TimeDelta::days(1) + TimeDelta::hours(2) + TimeDelta::minutes(5);
        assert_eq!(Words(Lang::En).span(d), "1d 2h 5m");
        assert_eq!(Words(Lang::ZhCn).span(d), "1天 2小时 5分钟");
        assert_eq!(Words(Lang::ZhCn).span(TimeDelta::zero()), "0分钟");
    }
}
