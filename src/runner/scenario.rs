//! Running one scenario: every replicate into its summary row and its share of the ensemble,
//! the first few also into their trajectory rows and the first into its timeline.
//!
//! Summary rows and trajectories stream to a [`Sink`] in replicate order as they are gathered,
//! so memory does not grow with replicates; the rest comes back as a [`RunResult`].

use super::{Recorder, Task, play};
use crate::Error;
use rayon::prelude::*;

use crate::engine::{InPlay, Observer, Plan, Round, Workspace};
use crate::record::ensemble::{Ensemble, EnsembleRecorder};
use crate::record::stats::{Accumulator, MeanCi};
use crate::record::summary::{self, SummaryRecorder};
use crate::record::timeline::Timeline;
use crate::record::trajectory::{Encoded, TrajectoryWriter};
use crate::scenario::Scenario;

/// Receives each replicate's results in replicate order (0-based), as they are gathered.
pub trait Sink: Send {
    /// `summary` holds the replicate's metrics in column order; `trajectory` its rows,
    /// CSV-encoded, when it is one of the replicates whose trajectory is kept.
    fn replicate(
        &mut self,
        replicate: usize,
        summary: &[Option<f64>],
        trajectory: Option<&TrajectoryWriter<'_>>,
    ) -> Result<(), Error>;
}

/// What a run computed besides the streamed rows, for the ensemble file, charts and report.
pub struct RunResult {
    /// Mean and CI of each summary metric, in column order.
    pub metrics: Vec<Option<MeanCi>>,
    pub ensemble: Ensemble,
    /// The first replicate, round by round.
    pub timeline: Timeline,
    /// Replicates whose trajectory went to the sink.
    pub trajectories: usize,
}

/// What every replicate records: its summary row and its share of the ensemble.
struct Tally {
    summary: SummaryRecorder,
    ensemble: EnsembleRecorder,
}

impl Observer for Tally {
    #[inline(always)]
    fn round(&mut self, r: &Round<'_>) {
        self.summary.round(r);
        self.ensemble.round(r);
    }
}

/// What only the first few replicates keep: their trajectory and, for the first, its timeline.
struct Extras<'p> {
    trajectory: Option<TrajectoryWriter<'p>>,
    timeline: Option<Timeline>,
}

/// The observers of one replicate: its tally, and for the first few its trajectory and timeline.
struct WithExtras<'a, 'p> {
    extras: &'a mut Extras<'p>,
    tally: &'a mut Tally,
}

impl Observer for WithExtras<'_, '_> {
    fn round(&mut self, r: &Round<'_>) {
        if let Some(t) = &mut self.extras.trajectory {
            t.round(r);
        }
        if let Some(t) = &mut self.extras.timeline {
            t.round(r);
        }
        self.tally.round(r);
    }
}

/// One replicate's recorders.
struct Replicate<'p> {
    tally: Tally,
    extras: Extras<'p>,
    /// The trajectories' encoded text, when any are kept.
    encoded: Option<&'p Encoded>,
    /// Replicates whose trajectory is kept.
    keep: usize,
}

impl<'p> Replicate<'p> {
    /// Recorders for a replicate of `sc` with room for `rounds` rounds of its ensemble.
    fn new(sc: &Scenario, rounds: usize, encoded: Option<&'p Encoded>, keep: usize) -> Self {
        Replicate {
            tally: Tally {
                summary: SummaryRecorder::new(sc.relationship.tension.crisis),
                ensemble: EnsembleRecorder::new(rounds),
            },
            extras: Extras {
                trajectory: None,
                timeline: None,
            },
            encoded,
            keep,
        }
    }

    /// Readies the recorders for replicate `replicate`.
    fn begin(&mut self, plan: &Plan<'_>, replicate: usize) {
        let sc = plan.scenario;
        self.tally.summary = SummaryRecorder::new(sc.relationship.tension.crisis);
        self.tally.ensemble.clear();
        self.extras.trajectory = self
            .encoded
            .filter(|_| replicate < self.keep)
            .map(|encoded| TrajectoryWriter::new(encoded, sc.rounds, replicate + 1));
        self.extras.timeline = (replicate == 0).then(Timeline::default);
    }

    /// Plays `in_play` through round `until` into the recorders.
    fn advance(&mut self, plan: &Plan<'_>, in_play: InPlay, until: usize) -> InPlay {
        // Most replicates keep neither trajectory nor timeline: they play into the tally
        // alone, whose recording inlines into the round loop.
        if self.extras.trajectory.is_none() && self.extras.timeline.is_none() {
            plan.advance(in_play, until, &mut self.tally)
        } else {
            let mut both = WithExtras {
                extras: &mut self.extras,
                tally: &mut self.tally,
            };
            plan.advance(in_play, until, &mut both)
        }
    }
}

impl Recorder for Replicate<'_> {
    fn record(&mut self, plan: &Plan<'_>, replicate: usize, ws: &mut Workspace) {
        self.begin(plan, replicate);
        let in_play = plan.start(replicate, ws);
        let in_play = self.advance(plan, in_play, plan.scenario.rounds);
        plan.finish(in_play, ws);
    }
}

/// How a run's replicates are played.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// In batches of whole replicates (see [`crate::runner::play`]).
    Batches,
    /// Every replicate at once, [`LOCKSTEP_ROUNDS`] rounds at a time, so that the ensemble
    /// reads each block's percentiles and keeps none of its values ([`Ensemble::streamed`]).
    Lockstep,
}

impl Schedule {
    /// The schedule of a run of `rounds` rounds and `replicates` replicates keeping `kept`
    /// trajectories: in lockstep where keeping every value would take hundreds of megabytes
    /// and playing them all at once less ([`Ensemble::streams`]).
    pub fn of(rounds: usize, replicates: usize, kept: usize) -> Self {
        if Ensemble::streams(rounds, replicates, kept) {
            Schedule::Lockstep
        } else {
            Schedule::Batches
        }
    }
}

/// Rounds every replicate plays before the next block, in lockstep: a block's values (20 KB
/// a replicate) stay in the caches until its percentiles are read.
pub const LOCKSTEP_ROUNDS: usize = 1024;

/// Plays every replicate of `plan`, streaming summary rows and the trajectories of the first
/// `trajectories` replicates to `sink`, and calling `progress` with the replicates gathered.
pub fn run_scenario(
    plan: &Plan<'_>,
    trajectories: usize,
    sink: &mut impl Sink,
    progress: impl Fn(usize) + Sync,
) -> Result<RunResult, Error> {
    let sc = plan.scenario;
    let schedule = Schedule::of(sc.rounds, sc.replicates, trajectories.min(sc.replicates));
    run_scheduled(plan, trajectories, sink, progress, schedule)
}

/// [`run_scenario`] on the given schedule; both give the same results.
pub fn run_scheduled(
    plan: &Plan<'_>,
    trajectories: usize,
    sink: &mut impl Sink,
    progress: impl Fn(usize) + Sync,
    schedule: Schedule,
) -> Result<RunResult, Error> {
    let sc = plan.scenario;
    let keep = trajectories.min(sc.replicates);
    let encoded = (keep > 0).then(|| Encoded::new(plan));
    if schedule == Schedule::Lockstep {
        return run_in_lockstep(plan, keep, encoded.as_ref(), sink, progress);
    }
    let mut ensemble = Ensemble::new(sc.rounds, sc.replicates);
    let mut gathered = Gathered::new(sc);
    play(
        std::slice::from_ref(plan),
        || Replicate::new(sc, sc.rounds, encoded.as_ref(), keep),
        |tasks: &[Task], batch: &mut [Replicate<'_>]| {
            ensemble.add(&batch.iter().map(|r| &r.tally.ensemble).collect::<Vec<_>>());
            for (task, rec) in tasks.iter().zip(batch) {
                gathered.replicate(sc, task.replicate, rec, sink)?;
            }
            progress(tasks.len());
            Ok(())
        },
    )?;
    Ok(gathered.finish(sc, ensemble, keep))
}

/// What a run gathers of its replicates, in replicate order, beside its ensemble.
struct Gathered {
    metrics: Vec<Accumulator>,
    timeline: Timeline,
}

impl Gathered {
    fn new(sc: &Scenario) -> Self {
        Gathered {
            metrics: vec![Accumulator::default(); summary::metric_names(sc.ids()).len()],
            timeline: Timeline::default(),
        }
    }

    /// Takes in replicate `replicate`, played into `rec`, and hands its rows to `sink`.
    fn replicate(
        &mut self,
        sc: &Scenario,
        replicate: usize,
        rec: &mut Replicate<'_>,
        sink: &mut impl Sink,
    ) -> Result<(), Error> {
        if let Some(t) = rec.extras.timeline.take() {
            self.timeline = t;
        }
        let values = rec.tally.summary.finite_values(sc, replicate)?;
        for (acc, v) in self.metrics.iter_mut().zip(&values) {
            acc.push(*v);
        }
        sink.replicate(replicate, &values, rec.extras.trajectory.as_ref())
    }

    fn finish(self, sc: &Scenario, ensemble: Ensemble, keep: usize) -> RunResult {
        RunResult {
            metrics: self
                .metrics
                .iter()
                .zip(summary::ranges(sc.rounds))
                .map(|(acc, range)| acc.finish(range))
                .collect(),
            ensemble,
            timeline: self.timeline,
            trajectories: keep,
        }
    }
}

/// [`run_scheduled`] in lockstep: every replicate in play at once (its histories and
/// recorders, a block of rounds long), advanced block by block.
fn run_in_lockstep(
    plan: &Plan<'_>,
    keep: usize,
    encoded: Option<&Encoded>,
    sink: &mut impl Sink,
    progress: impl Fn(usize) + Sync,
) -> Result<RunResult, Error> {
    let sc = plan.scenario;
    let mut ensemble = Ensemble::streamed(sc.rounds, sc.replicates);
    let mut lives: Vec<(Replicate<'_>, Option<InPlay>)> = (0..sc.replicates)
        .map(|replicate| {
            let mut rec = Replicate::new(sc, LOCKSTEP_ROUNDS.min(sc.rounds), encoded, keep);
            rec.begin(plan, replicate);
            let in_play = plan.start(replicate, &mut Workspace::default());
            (rec, Some(in_play))
        })
        .collect();
    let mut reported = 0;
    for from in (0..sc.rounds).step_by(LOCKSTEP_ROUNDS) {
        if crate::interrupt::requested() {
            return Err(Error::Interrupted);
        }
        let until = (from + LOCKSTEP_ROUNDS).min(sc.rounds);
        lives.par_iter_mut().for_each(|(rec, in_play)| {
            rec.tally.ensemble.clear_block();
            *in_play = in_play.take().map(|p| rec.advance(plan, p, until));
        });
        ensemble.add_block(&lives.iter().map(|(rec, _)| &rec.tally.ensemble).collect::<Vec<_>>());
        // Replicates are done only at the end: the bar moves with the rounds played.
        let done = sc.replicates * until / sc.rounds;
        progress(done - reported);
        reported = done;
    }
    let mut gathered = Gathered::new(sc);
    for (replicate, (rec, _)) in lives.iter_mut().enumerate() {
        gathered.replicate(sc, replicate, rec, sink)?;
    }
    Ok(gathered.finish(sc, ensemble, keep))
}
