//! The API other commands use for `--ticket ID`: checked before the work,
//! recorded on both sides in the same commit as the evidence.

mod support;

use clap::Parser;
use ops::app::{App, Settings};
use ops::cli::Cli;
use ops::exit::{Exit, for_error};
use ops::ticket::store::{self, Draft};
use ops::ticket::{Category, Channel, EventKind, Severity, TicketLink};
use std::path::PathBuf;

fn app(records: &std::path::Path, extra: &[&str]) -> App {
    let mut args = vec!["ops", "--records", records.to_str().unwrap()];
    args.extend(extra);
    args.extend(["ticket", "list"]);
    App::new(&Settings::from(Cli::try_parse_from(args).unwrap().global)).unwrap()
}

#[test]
fn evidence_is_linked_on_both_sides_in_one_commit() {
    let dir = tempfile::tempdir().unwrap();
    let records = ops::records::init(dir.path(), &[("ops.toml", "schema = 1\n")]).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00Z")
        .unwrap()
        .to_utc();
    let draft = Draft {
        customer: "ACME Bank".into(),
        site: String::new(),
        contact: "Zhang Wei".into(),
        phone: String::new(),
        channel: Channel::Remote,
        severity: Severity::II,
        category: Category::Technical,
        problem: "web01 slow".into(),
        received: now,
        targets: vec!["web01".into()],
        engineer: Some("Li Na".into()),
        expected: None,
    };
    let id = store::create(&records, draft, now, "lina")
        .unwrap()
        .ticket
        .id;
    let app = app(dir.path(), &[]);

    // Checked before the work.
    let err = TicketLink::check(app.recorder(), Some("T-20261120-0009")).unwrap_err();
    assert_eq!(for_error(&err), Exit::BadInput);
    assert!(
        err.to_string().contains("no ticket T-20261120-0009"),
        "{err}"
    );
    assert_eq!(
        for_error(&TicketLink::check(app.recorder(), Some("web01")).unwrap_err()),
        Exit::Usage
    );
    let no_record = self::app(dir.path(), &["--no-record"]);
    assert_eq!(
        for_error(&TicketLink::check(no_record.recorder(), Some(&id.to_string())).unwrap_err()),
        Exit::Usage
    );
    assert_eq!(TicketLink::check(app.recorder(), None).unwrap(), None);
    let link = TicketLink::check(app.recorder(), Some(&id.to_string()))
        .unwrap()
        .unwrap();
    assert_eq!(link.id(), id);

    // Recorded with the evidence.
    let evidence = PathBuf::from("inspect/host/web01/2026/20261120T090500Z-0001.json");
    let committed = records
        .transaction(|tx| {
            tx.write(
                &evidence,
                format!("{{\"ticket\": \"{}\"}}\n", link.id()).as_bytes(),
            )?;
            link.record(tx, std::slice::from_ref(&evidence))?;
            Ok(((), format!("inspect host: 1 ok (ticket {})", link.id())))
        })
        .unwrap();
    let mut files = committed.files.clone();
    files.sort();
    assert_eq!(files, vec![evidence.clone(), id.rel_path()]);
    let shown = support::git_command()
        .arg("-C")
        .arg(dir.path())
        .args(["show", "--name-only", "--format=%s", "HEAD"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains(&evidence.display().to_string())
            && shown.contains(&id.rel_path().display().to_string()),
        "{shown}"
    );

    let (ticket, _) = store::read(records.root(), id).unwrap();
    assert_eq!(ticket.linked(), vec![evidence.to_str().unwrap()]);
    assert!(matches!(
        ticket.events.last().unwrap().kind,
        EventKind::Linked { .. }
    ));
}
