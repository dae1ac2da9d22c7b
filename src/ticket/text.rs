//! Tickets for people: the `list` table and the `show` page.
//!
//! Times are shown in the machine's local time; free text from ticket files
//! is stripped of control characters first (files can be edited by hand).

use super::duration::human;
use super::model::{EventKind, Ticket};
use super::sla::{Clock, ClockState, Sla};
use super::time::display;
use crate::printer::{new_table, sanitize};
use chrono::{DateTime, Local, Utc};
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

/// One clock's state in words, starting with the state: `running, due in 20m
/// (11-22 10:30)`, `overdue by 1h 5m (due 11-22 09:45)`, `paused, 10h left`,
/// `met (11-22 09:30)`, `breached by 15m (11-22 12:30)`.
pub fn clock_words(c: &Clock, now: DateTime<Utc>) -> String {
    match (c.state, c.due) {
        (ClockState::Running, Some(d)) => {
            format!("running, due in {} ({})", human(d - now), short(d))
        }
        (ClockState::Running, None) => "running, never due".into(),
        (ClockState::Overdue, Some(d)) => {
            format!("overdue by {} (due {})", human(now - d), short(d))
        }
        (ClockState::Paused, _) => format!("paused, {} left", human(c.left)),
        (ClockState::Met, _) => format!("met ({})", c.stopped.map_or(String::new(), short)),
        (ClockState::Breached, Some(d)) => match c.stopped {
            Some(s) => format!("breached by {} ({})", human(s - d), short(s)),
            None => "breached".into(),
        },
        (state, _) => state.word().into(),
    }
}

/// The DUE cell of a listing: the clock due next and when, or why none is.
fn due_cell(t: &Ticket, sla: &Sla, now: DateTime<Utc>) -> String {
    if let Some((name, clock)) = sla
        .clocks()
        .into_iter()
        .filter(|(_, c)| matches!(c.state, ClockState::Running | ClockState::Overdue))
        .min_by_key(|(_, c)| c.due)
    {
        let words = match (clock.state, clock.due) {
            (ClockState::Running, Some(d)) => format!("due in {} ({})", human(d - now), short(d)),
            _ => clock_words(clock, now),
        };
        return format!("{name} {words}");
    }
    if t.closed().is_some() {
        let missed: Vec<&str> = sla
            .clocks()
            .into_iter()
            .filter(|(_, c)| c.state == ClockState::Breached)
            .map(|(n, _)| n)
            .collect();
        return if missed.is_empty() {
            "all met".into()
        } else {
            format!("missed {}", missed.join(", "))
        };
    }
    format!("resolve {}", clock_words(&sla.resolve, now))
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
    fn header(self) -> &'static str {
        match self {
            ServiceColumn::Onsite => "ON SITE",
            ServiceColumn::ReturnVisit => "RETURN VISIT",
        }
    }

    fn cell(self, sla: &Sla, now: DateTime<Utc>) -> String {
        use super::service::{OnsiteState, ReturnVisitState};
        match self {
            ServiceColumn::Onsite => match &sla.onsite {
                None => "-".into(),
                Some(o) => match (o.state, o.due) {
                    (OnsiteState::Due, Some(d)) => {
                        format!("due in {} ({})", human(d - now), short(d))
                    }
                    (OnsiteState::Overdue, Some(d)) => {
                        format!("overdue by {} (due {})", human(now - d), short(d))
                    }
                    (OnsiteState::Due, None) => "never due".into(),
                    (state, _) => state.word().into(),
                },
            },
            ServiceColumn::ReturnVisit => match &sla.return_visit {
                None => "-".into(),
                Some(r) => match r.state {
                    ReturnVisitState::Due => {
                        format!("due since {} ({})", human(now - r.due), short(r.due))
                    }
                    ReturnVisitState::Later => {
                        format!("due in {} ({})", human(r.due - now), short(r.due))
                    }
                    ReturnVisitState::Done => {
                        format!("done ({})", r.done.map_or(String::new(), short))
                    }
                },
            },
        }
    }
}

/// The `ops ticket list` table, with `extra` as its last column.
pub fn list_table(
    rows: &[(&Ticket, Sla)],
    now: DateTime<Utc>,
    color: bool,
    extra: Option<ServiceColumn>,
) -> String {
    let mut header = vec![
        "ID", "SEV", "STATUS", "CUSTOMER", "ENGINEER", "DUE", "PROBLEM",
    ];
    header.extend(extra.map(ServiceColumn::header));
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|(t, sla)| {
            let mut row = vec![
                t.id.to_string(),
                sla.severity.to_string(),
                t.phase().to_string(),
                first_line(&t.customer, 24),
                t.engineer().map_or("-".into(), |e| first_line(e, 16)),
                due_cell(t, sla, now),
                first_line(&t.problem, 48),
            ];
            row.extend(extra.map(|c| c.cell(sla, now)));
            row
        })
        .collect();
    let red: Vec<bool> = rows.iter().map(|(_, s)| color && s.overdue()).collect();
    columns(&header, &cells, &red)
}

/// Under the clocks: the agreed deadline beside the SLA's own, the on-site
/// clock and the return visit, each only when it applies.
fn service_lines(t: &Ticket, sla: &Sla) -> String {
    use super::service::Deadline;
    let mut out = String::new();
    if let Some((_, p)) = t.agreed_plan() {
        let sla_due = sla.resolve_sla_due.map_or("never".into(), display);
        let judged = match sla.resolve_by {
            Deadline::Agreed => "judged by the agreed time",
            Deadline::Sla => "not later than the SLA's, which stays in force",
        };
        out.push_str(&format!(
            "\nresolve: agreed {} by {} (SLA {sla_due}; {judged})",
            display(p.agreed_time),
            sanitize(&p.agreed_by)
        ));
    }
    if let Some(o) = &sla.onsite {
        let at = match (o.arrived, o.due) {
            (Some(a), _) => format!(", arrived {}", display(a)),
            (None, Some(d)) => format!(", due {}", display(d)),
            (None, None) => String::new(),
        };
        out.push_str(&format!(
            "\non site ({}): {}{at}",
            o.allowed,
            o.state.word()
        ));
    }
    if let Some(r) = &sla.return_visit {
        let fb = t
            .feedback()
            .map(|(_, f)| format!(", {} rated {}/5", sanitize(&f.called), f.satisfaction))
            .unwrap_or_default();
        out.push_str(&format!(
            "\nreturn visit: {} (due {}){fb}",
            r.state.word(),
            display(r.due)
        ));
    }
    out
}

/// The `ops ticket show` page.
pub fn show(t: &Ticket, sla: &Sla, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let sev = if sla.severity == t.severity {
        format!("severity {}", sla.severity)
    } else {
        format!("severity {} (received as {})", sla.severity, t.severity)
    };
    out.push_str(&format!("{}  {}  {sev}\n", t.id, t.phase()));
    let mut fields = new_table();
    let mut field = |k: &str, v: String| {
        if !v.trim().is_empty() {
            fields.add_row(vec![Cell::new(k), Cell::new(sanitize(&v))]);
        }
    };
    field(
        "customer",
        [t.customer.as_str(), t.site.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", "),
    );
    field(
        "contact",
        [t.contact.as_str(), t.phone.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", "),
    );
    field("channel", t.channel.to_string());
    field("category", t.category.to_string());
    field("targets", t.targets.join(", "));
    field("engineer", t.engineer().unwrap_or("(none)").to_owned());
    field("received", display(t.received));
    field("expected", t.expected.map(display).unwrap_or_default());
    field("problem", t.problem.clone());
    if let Some(hold) = t.hold()
        && let EventKind::Hold { reason } = &hold.kind
    {
        field("on hold", format!("since {}: {reason}", display(hold.at)));
    }
    if let Some((e, c)) = t.closed() {
        field("closed", format!("{} by {}", display(e.at), e.by));
        field("resolution", c.resolution.clone());
        field("cause", c.cause.to_string());
        field("parts", c.parts.join("; "));
        field("confirmed by", c.confirmed_by.clone());
    }
    field("linked", t.linked().join("\n"));
    out.push_str(&fields.to_string());
    out.push_str("\n\n");
    let cal = sla
        .calendar
        .as_deref()
        .map_or("around the clock".to_owned(), |c| format!("calendar {c}"));
    let class = sla.class.as_deref().map_or(String::new(), |c| {
        format!("; customer class {}", sanitize(c))
    });
    out.push_str(&format!(
        "SLA ({cal}; on hold {}{class})\n",
        human(sla.on_hold)
    ));
    let mut clocks = new_table();
    clocks.set_header(["CLOCK", "ALLOWED", "DUE", "STATE"]);
    for (name, c) in sla.clocks() {
        clocks.add_row(vec![
            Cell::new(name),
            Cell::new(c.allowed),
            Cell::new(c.due.map_or("never".into(), display)),
            Cell::new(clock_words(c, now)),
        ]);
    }
    out.push_str(&clocks.to_string());
    let parts = t.parts_replaced();
    if !parts.is_empty() {
        out.push_str("\n\nPARTS REPLACED\n");
        let mut table = new_table();
        table.set_header([
            "AT",
            "KIND",
            "MODEL",
            "REMOVED SN",
            "INSTALLED SN",
            "FAULT",
            "TO VENDOR",
        ]);
        for (e, p) in parts {
            table.add_row(vec![
                Cell::new(display(e.at)),
                Cell::new(p.kind),
                Cell::new(sanitize(&p.model)),
                Cell::new(sanitize(&p.removed_serial)),
                Cell::new(sanitize(&p.installed_serial)),
                Cell::new(sanitize(&p.fault)),
                Cell::new(if p.returned_to_vendor { "yes" } else { "no" }),
            ]);
        }
        out.push_str(&table.to_string());
    }
    out.push_str(&service_lines(t, sla));
    out.push_str("\n\nLOG\n");
    let mut log = new_table();
    for e in &t.events {
        let text = match &e.kind {
            EventKind::Note { text } => format!("note: {text}"),
            other => other.summary(),
        };
        log.add_row(vec![
            Cell::new(display(e.at)),
            Cell::new(sanitize(&e.by)),
            Cell::new(sanitize(&text)),
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
