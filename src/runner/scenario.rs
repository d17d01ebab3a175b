//! Running one scenario: every replicate into its summary row and its share of the ensemble,
//! the first few also into their trajectory rows and the first into its timeline.
//!
//! Summary rows and trajectories stream to a [`Sink`] in replicate order as they are gathered,
//! so memory does not grow with replicates; the rest comes back as a [`RunResult`].

use super::{Recorder, Task, play};
use crate::Error;
use crate::engine::{Observer, Plan, Round, Workspace};
use crate::record::ensemble::{Ensemble, EnsembleRecorder};
use crate::record::stats::{Accumulator, MeanCi};
use crate::record::summary::{self, SummaryRecorder};
use crate::record::timeline::Timeline;
use crate::record::trajectory::{Encoded, TrajectoryWriter};

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

impl Recorder for Replicate<'_> {
    fn record(&mut self, plan: &Plan<'_>, replicate: usize, ws: &mut Workspace) {
        let sc = plan.scenario;
        self.tally.summary = SummaryRecorder::new(sc.relationship.tension.crisis);
        self.tally.ensemble.clear();
        self.extras.trajectory = self
            .encoded
            .filter(|_| replicate < self.keep)
            .map(|encoded| TrajectoryWriter::new(encoded, sc.rounds, replicate + 1));
        self.extras.timeline = (replicate == 0).then(Timeline::default);
        // Most replicates keep neither trajectory nor timeline: they play into the tally
        // alone, whose recording inlines into the round loop.
        if self.extras.trajectory.is_none() && self.extras.timeline.is_none() {
            plan.run_with(replicate, &mut self.tally, ws);
        } else {
            let mut both = WithExtras {
                extras: &mut self.extras,
                tally: &mut self.tally,
            };
            plan.run_with(replicate, &mut both, ws);
        }
    }
}

/// Plays every replicate of `plan`, streaming summary rows and the trajectories of the first
/// `trajectories` replicates to `sink`, and calling `progress` with the replicates gathered.
pub fn run_scenario(
    plan: &Plan<'_>,
    trajectories: usize,
    sink: &mut impl Sink,
    progress: impl Fn(usize) + Sync,
) -> Result<RunResult, Error> {
    let sc = plan.scenario;
    let keep = trajectories.min(sc.replicates);
    let encoded = (keep > 0).then(|| Encoded::new(plan));
    let mut ensemble = Ensemble::new(sc.rounds, sc.replicates);
    let mut metrics = vec![Accumulator::default(); summary::metric_names(sc.ids()).len()];
    let mut timeline = Timeline::default();
    let new = || Replicate {
        tally: Tally {
            summary: SummaryRecorder::new(sc.relationship.tension.crisis),
            ensemble: EnsembleRecorder::new(sc.rounds),
        },
        extras: Extras {
            trajectory: None,
            timeline: None,
        },
        encoded: encoded.as_ref(),
        keep,
    };
    play(
        std::slice::from_ref(plan),
        new,
        |tasks: &[Task], batch: &mut [Replicate<'_>]| {
            ensemble.add(&batch.iter().map(|r| &r.tally.ensemble).collect::<Vec<_>>());
            for (task, rec) in tasks.iter().zip(batch) {
                if let Some(t) = rec.extras.timeline.take() {
                    timeline = t;
                }
                let values = rec.tally.summary.finite_values(plan.scenario, task.replicate)?;
                for (acc, v) in metrics.iter_mut().zip(&values) {
                    acc.push(*v);
                }
                sink.replicate(task.replicate, &values, rec.extras.trajectory.as_ref())?;
            }
            progress(tasks.len());
            Ok(())
        },
    )?;
    Ok(RunResult {
        metrics: metrics
            .iter()
            .zip(summary::ranges(sc.rounds))
            .map(|(acc, range)| acc.finish(range))
            .collect(),
        ensemble,
        timeline,
        trajectories: keep,
    })
}
