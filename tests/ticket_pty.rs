//! `ops ticket new` and `close` on a terminal: missing required fields are
//! asked for (dialoguer), driven through a pseudo-terminal with expectrl.

mod support;

use expectrl::{Eof, Session};
use std::time::Duration;
use support::{Env, commit_count, pty};

const ENTER: &str = "\r";
const DOWN: &str = "j";

fn session(env: &Env, args: &[&str]) -> Session {
    let mut cmd = pty::command(env);
    cmd.env("USER", "lina")
        .env("OPS_NOW", "2026-11-20T09:00:00Z")
        .arg("--records")
        .arg(&env.records)
        .args(args);
    pty::spawn(cmd)
}

/// Wait for `prompt`, then type `keys`.
fn answer(s: &mut Session, prompt: &str, keys: &[&str]) {
    s.expect(prompt)
        .unwrap_or_else(|e| panic!("no prompt {prompt:?}: {e}"));
    std::thread::sleep(Duration::from_millis(50));
    for k in keys {
        s.send(k).unwrap();
    }
}

fn finish(mut s: Session) -> String {
    s.expect(Eof).expect("ops exits");
    // `Exited(Pid(…), code)`
    format!("{:?}", s.get_process().wait().expect("exit status"))
}

#[test]
fn missing_fields_are_asked_for_on_a_terminal() {
    let env = Env::new();
    env.init_records();
    let before = commit_count(&env.records);
    let mut s = session(
        &env,
        &[
            "ticket",
            "new",
            "--customer",
            "ACME Bank",
            "--severity",
            "II",
        ],
    );
    answer(&mut s, "Site", &[ENTER]); // optional: left empty
    answer(&mut s, "Contact name", &["Zhang Wei", ENTER]);
    answer(&mut s, "Contact phone", &["+86 21 5555 0100", ENTER]);
    answer(&mut s, "Channel", &[DOWN, ENTER]); // hotline, web
    answer(&mut s, "Category", &[DOWN, ENTER]); // consultation, defect-technical
    answer(&mut s, "Problem", &["printer server not reachable", ENTER]);
    answer(&mut s, "Engineer assigned", &["Li Na", ENTER]);
    assert!(finish(s).ends_with(", 0)"));
    assert_eq!(commit_count(&env.records), before + 1);
    let text =
        std::fs::read_to_string(env.records.join("tickets/2026-11/T-20261120-0001.toml")).unwrap();
    for line in [
        "customer = \"ACME Bank\"",
        "contact = \"Zhang Wei\"",
        "phone = \"+86 21 5555 0100\"",
        "channel = \"web\"",
        "severity = \"II\"",
        "category = \"defect-technical\"",
        "problem = \"printer server not reachable\"",
        "engineer = \"Li Na\"",
    ] {
        assert!(text.contains(line), "{line} missing from:\n{text}");
    }
    assert!(
        !text.contains("site ="),
        "an empty optional answer is not written:\n{text}"
    );

    // Closing asks for what is missing; the engineer cannot sign.
    let mut s = session(
        &env,
        &[
            "ticket",
            "close",
            "T-20261120-0001",
            "--resolution",
            "restarted the spooler",
        ],
    );
    answer(&mut s, "Cause", &[DOWN, ENTER]); // hardware, software
    answer(&mut s, "Confirmed by", &["Li Na", ENTER]);
    assert!(finish(s).ends_with(", 78)"));
    let mut s = session(
        &env,
        &[
            "ticket",
            "close",
            "T-20261120-0001",
            "--resolution",
            "restarted the spooler",
        ],
    );
    answer(&mut s, "Cause", &[DOWN, ENTER]);
    answer(&mut s, "Confirmed by", &["Zhang Wei", ENTER]);
    assert!(finish(s).ends_with(", 0)"));
    let text =
        std::fs::read_to_string(env.records.join("tickets/2026-11/T-20261120-0001.toml")).unwrap();
    assert!(
        text.contains("kind = \"closed\"")
            && text.contains("cause = \"software\"")
            && text.contains("confirmed_by = \"Zhang Wei\""),
        "{text}"
    );
    assert_eq!(commit_count(&env.records), before + 2);
}
