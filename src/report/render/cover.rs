//! The cover of a report: the header table (company, customer, contract,
//! period, author, reviewer) and the sign-off lines of the engineer, the
//! technical director and the customer's representative, as on the paper
//! reports. A field not configured is left blank, to be written by hand.

use super::*;
use crate::i18n::tr;

/// The header: one row per field, the period's first and last local day.
pub(super) fn header(z: &Voice, r: &Report) -> Vec<Block> {
    let lang = z.lang();
    let c = &r.cover;
    let first = r.from.with_timezone(&z.0).date_naive();
    let last = (r.to - chrono::Duration::milliseconds(1))
        .with_timezone(&z.0)
        .date_naive();
    let period = if first == last {
        format!("{} ({first})", r.period)
    } else {
        format!("{} ({first} – {last})", r.period)
    };
    let field =
        |id: &str, value: &Option<String>| vec![tr(lang, id), value.clone().unwrap_or_default()];
    vec![Block::Table(
        vec![tr(lang, "cover-item"), tr(lang, "cover-content")],
        vec![
            field("cover-company", &c.company),
            field("cover-customer", &c.customer),
            field("cover-contract", &c.contract),
            vec![tr(lang, "cover-period"), period],
            field("cover-author", &c.author),
            field("cover-reviewer", &c.reviewer),
        ],
        Vec::new(),
    )]
}

/// The sign-off section: a row per signer with their name when known, and
/// room for the signature and the date.
pub(super) fn sign_off(z: &Voice, r: &Report) -> Vec<Block> {
    let lang = z.lang();
    let c = &r.cover;
    let row = |role: &str, name: &Option<String>| {
        vec![
            tr(lang, role),
            name.clone().unwrap_or_default(),
            String::new(),
            String::new(),
        ]
    };
    vec![
        Block::Heading(tr(lang, "cover-sign-off")),
        Block::Table(
            vec![
                tr(lang, "cover-role"),
                tr(lang, "cover-name"),
                tr(lang, "cover-signature"),
                tr(lang, "cover-date"),
            ],
            vec![
                row("cover-engineer", &c.author),
                row("cover-director", &c.reviewer),
                row("cover-customer-representative", &None),
            ],
            Vec::new(),
        ),
    ]
}
