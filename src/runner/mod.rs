//! One ordered, parallel runner of replicates, for `run`, `sweep` and `tournament` alike.
//!
//! A job is a list of [`Plan`]s, each played for its scenario's replicates. Replicates go in
//! batches over every thread, each into a [`Recorder`] that is reused from batch to batch (so
//! later batches write into memory the earlier ones already faulted in). While one batch
//! plays, the batch before it is handed to the caller's `gather`, in task order: plan by
//! plan, replicate by replicate. A thread done with its share of the playing takes up the
//! gathering instead of waiting, and what is gathered never depends on the thread count.
//!
//! The runner returns data and knows nothing of files, charts or HTML: that is `output`.

pub mod scenario;

use rayon::prelude::*;

use crate::Error;
use crate::engine::{Plan, Workspace};

pub use scenario::{RunResult, Schedule, Sink, run_scenario, run_scheduled};

/// One replicate to play: replicate `replicate` of plan `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    pub plan: usize,
    pub replicate: usize,
}

/// What one replicate plays into; a recorder is reused for many replicates in turn.
pub trait Recorder: Send {
    /// Plays `replicate` of `plan` into this recorder, replacing whatever it held before.
    fn record(&mut self, plan: &Plan<'_>, replicate: usize, ws: &mut Workspace);
}

/// Round records (40 bytes each) a thread holds per batch of replicates: bounds memory for
/// long runs (two batches are held, one playing and one being gathered), and keeps a thread's
/// share of a batch (1.3 MB) in its L2 cache until it is gathered.
const BATCH_ROUNDS_PER_THREAD: usize = 1 << 15;

/// Replicates per batch: enough to keep every thread busy, few enough to bound memory.
fn replicates_per_batch(rounds: usize) -> usize {
    let threads = rayon::current_num_threads();
    (BATCH_ROUNDS_PER_THREAD * threads / rounds.max(1)).clamp(2 * threads, 256)
}

/// Plays every replicate of every plan into recorders made by `new`, and hands them to
/// `gather` batch by batch, in task order. Stops with [`Error::Interrupted`] at the next
/// batch after Ctrl-C, and with the first error `gather` returns.
pub fn play<R: Recorder>(
    plans: &[Plan<'_>],
    new: impl Fn() -> R,
    mut gather: impl FnMut(&[Task], &mut [R]) -> Result<(), Error> + Send,
) -> Result<(), Error> {
    let rounds = plans.iter().map(|p| p.scenario.rounds).max().unwrap_or(1);
    let total: usize = plans.iter().map(|p| p.scenario.replicates).sum();
    let size = replicates_per_batch(rounds).min(total);
    let mut tasks = plans
        .iter()
        .enumerate()
        .flat_map(|(plan, p)| (0..p.scenario.replicates).map(move |replicate| Task { plan, replicate }));
    let mut playing: Vec<R> = (0..size).map(|_| new()).collect();
    let mut played: Vec<R> = (0..size).map(|_| new()).collect();
    let mut pending: Vec<Task> = Vec::new();
    loop {
        if crate::interrupt::requested() {
            return Err(Error::Interrupted);
        }
        let batch: Vec<Task> = tasks.by_ref().take(size).collect();
        if batch.is_empty() && pending.is_empty() {
            return Ok(());
        }
        let ((), gathered) = rayon::join(
            || {
                playing[..batch.len()]
                    .par_iter_mut()
                    .zip(&batch)
                    .for_each_init(Workspace::default, |ws, (rec, t)| {
                        rec.record(&plans[t.plan], t.replicate, ws)
                    })
            },
            || match pending.len() {
                0 => Ok(()),
                n => gather(&pending, &mut played[..n]),
            },
        );
        gathered?;
        std::mem::swap(&mut playing, &mut played);
        pending = batch;
    }
}
