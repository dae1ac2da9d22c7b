//! Fan-out: run one job per target on a bounded pool of threads and return
//! the results in the targets' order. A job never fails the run; whatever
//! went wrong is the job's own result (an `unknown` finding, typically).

use indicatif::{ProgressBar, ProgressStyle};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Run `job` over `items` with at most `jobs` at once. `show_progress` draws a
/// bar on stderr (only ask for it on a terminal).
pub fn fan_out<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    show_progress: bool,
    job: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let bar = if show_progress && !items.is_empty() {
        let bar = ProgressBar::new(items.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed}] {bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Some(bar)
    } else {
        None
    };
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let workers = jobs.clamp(1, items.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let result = job(item);
                    *results[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
                    if let Some(bar) = &bar {
                        bar.inc(1);
                    }
                }
            });
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .expect("every item was run")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn keeps_order_and_runs_in_parallel() {
        let items: Vec<u64> = (0..8).collect();
        let started = Instant::now();
        let out = fan_out(&items, 8, false, |&i| {
            std::thread::sleep(Duration::from_millis(100 - i * 10));
            i * 2
        });
        assert_eq!(out, vec![0, 2, 4, 6, 8, 10, 12, 14]);
        assert!(started.elapsed() < Duration::from_millis(400));
    }
}
