//! `ops change start`: the gate, then the record that the work began.

use crate::app::App;
use crate::change::model::Started;
use crate::change::{ChangeConfig, evidence, gate, store};
use crate::exit::Exit;
use anyhow::Result;
use clap::Args;

/// Start a change: only when approved, inside its window, behind a fresh verified backup
///
/// Refused (exit 78, every reason named, nothing written) unless all hold:
/// it is approved by someone other than its requester; now is inside its
/// window; a backup taken with `ops backup take --change ID` was read whole
/// and found good by `ops backup verify --change ID` (same archive, same
/// SHA-256); and that backup is younger than `[change] backup_max_age` in
/// ops.toml (default 24h). On success the start is recorded with the take
/// and verification records it relied on.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  archive=$(ops backup take --change C-20261120-0001 /etc/nginx) || exit 1\n  \
ops backup verify --change C-20261120-0001 \"$archive\" || exit 1\n  \
ops change start C-20261120-0001 || exit 1"
)]
pub struct ChangeStartArgs {
    /// Change id, e.g. C-20261120-0001
    pub id: String,
}

pub fn run(app: &App, args: ChangeStartArgs) -> Result<Exit> {
    let records = super::writer(app)?;
    let id = store::parse_id(&args.id)?;
    let max_age = ChangeConfig::from_config(app.config())?.backup_max_age();
    let by = crate::login::login_name();
    let now = crate::ticket::time::now();
    let mut warnings = Vec::new();
    // Decided under the writer lock, so a backup recorded meanwhile is seen
    // and two starts at once cannot both pass.
    let written = store::step(records, id, |tx, mut c| {
        let (backups, damaged) = evidence::backups_of(tx.root(), &c);
        warnings = damaged;
        let proof = gate::may_start(&c, now, &backups, max_age).map_err(|reasons| {
            let lines: Vec<String> = reasons.iter().map(|r| format!("  - {r}")).collect();
            crate::bad_input!(
                "{id} cannot start:\n{}",
                lines.join("\n").replace("ID", &id.to_string())
            )
        })?;
        c.started = Some(Started {
            by: by.clone(),
            at: now,
            take: proof.take,
            verify: proof.verify,
        });
        Ok((c, format!("started by {by}")))
    });
    for w in &warnings {
        app.printer.warn(w);
    }
    let written = written?;
    if app.printer.json() {
        super::print_change(app, &written.change)?;
    }
    let backup = written
        .change
        .started
        .as_ref()
        .map(|s| s.take.display().to_string())
        .unwrap_or_default();
    super::recorded(
        app,
        &format!("started {id} behind {backup}"),
        written.commit.as_deref(),
    );
    Ok(Exit::Ok)
}
