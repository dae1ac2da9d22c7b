//! Bytes-per-second progress for long reads and writes.
//!
//! A bar is drawn only when the printer allows it (stderr is a terminal and
//! not `-q`); otherwise the handle is inert and costs one branch per chunk.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// A cheap, clonable handle shared by the worker threads.
#[derive(Clone, Default)]
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// No bar: cron, `-q`, tests, pipes.
    pub fn none() -> Progress {
        Progress(None)
    }

    /// A bar over `total` bytes on stderr, labelled `what` ("verifying", "archiving").
    pub fn bar(what: &str, total: u64) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix} [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}",
            )
            .expect("progress template is valid")
            .progress_chars("=> "),
        );
        bar.set_prefix(what.to_string());
        bar.tick(); // draw at once, so that even a short run shows what it does
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress(Some(bar))
    }

    /// A bar if `allowed`, else nothing.
    pub fn maybe(allowed: bool, what: &str, total: u64) -> Progress {
        if allowed {
            Progress::bar(what, total)
        } else {
            Progress::none()
        }
    }

    pub fn add(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(n);
        }
    }

    /// Grow the total when more work is found on the way.
    pub fn add_total(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc_length(n);
        }
    }

    /// Remove the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
