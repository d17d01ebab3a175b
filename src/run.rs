//! Running a whole scenario: replicates in parallel, results gathered in replicate order
//! (so the bytes never depend on the thread count), files written atomically.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::Error;
use crate::engine::{Observer, Plan, Round, Workspace};
use crate::record::ensemble::{self, Ensemble, EnsembleRecorder};
use crate::record::files::{self, AtomicFile};
use crate::record::format::{NumBuffer, num};
use crate::record::manifest::Manifest;
use crate::record::stats::{Accumulator, MeanCi};
use crate::record::summary::{self, SummaryRecorder};
use crate::record::timeline::Timeline;
use crate::record::trajectory::{self, Encoded, TrajectoryWriter};
use crate::scenario::Scenario;

/// Set by a Ctrl-C handler; long loops stop at their next check and leave no partial file.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Round records (40 bytes each) a thread holds per batch of replicates: bounds memory for
/// long runs (two batches are held, one playing and one being gathered), and keeps a thread's
/// share of a batch (1.3 MB) in its L2 cache until the ensemble adds it.
const BATCH_ROUNDS_PER_THREAD: usize = 1 << 15;

/// Replicates per batch: enough to keep every thread busy, few enough to bound memory.
fn replicates_per_batch(rounds: usize) -> usize {
    let threads = rayon::current_num_threads();
    (BATCH_ROUNDS_PER_THREAD * threads / rounds.max(1)).clamp(2 * threads, 256)
}

/// How much of the trajectories to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trajectories {
    All,
    /// The first N replicates only (0: none).
    First(usize),
}

impl Trajectories {
    pub fn count(self, replicates: usize) -> usize {
        match self {
            Trajectories::All => replicates,
            Trajectories::First(n) => n.min(replicates),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The parent folder: results go to `out/<scenario name>/`.
    pub out: PathBuf,
    pub trajectories: Trajectories,
    pub quiet: bool,
    /// Recorded in the manifest.
    pub command: Vec<String>,
}

/// What a run computed, for charts and reports.
pub struct RunResult {
    pub dir: PathBuf,
    /// Mean and CI of each summary metric, in the order of `summary.csv`.
    pub metrics: Vec<Option<MeanCi>>,
    pub ensemble: Ensemble,
    /// The first replicate, round by round.
    pub timeline: Timeline,
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

impl Tally {
    fn new(sc: &Scenario) -> Self {
        Self {
            summary: SummaryRecorder::new(sc.relationship.tension.crisis),
            ensemble: EnsembleRecorder::new(sc.rounds),
        }
    }

    /// Empties this tally for the next replicate, keeping its buffer: replicates of later
    /// batches reuse the memory of earlier ones instead of faulting in fresh pages.
    fn restart(&mut self, sc: &Scenario) {
        self.summary = SummaryRecorder::new(sc.relationship.tension.crisis);
        self.ensemble.clear();
    }
}

/// What only the first few replicates keep: their trajectory and, for the first, its timeline.
struct Extras<'p> {
    trajectory: Option<TrajectoryWriter<'p>>,
    timeline: Option<Timeline>,
}

/// The observers of one replicate: its tally, and for the first few its trajectory and timeline.
struct Recorders<'p, 't> {
    extras: Extras<'p>,
    tally: &'t mut Tally,
}

impl Observer for Recorders<'_, '_> {
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

impl Recorders<'_, '_> {
    /// Plays replicate `rep` into these recorders. Most replicates keep neither trajectory
    /// nor timeline: they play into the tally alone, whose recording inlines into the round loop.
    fn play(&mut self, plan: &Plan<'_>, rep: usize, ws: &mut Workspace) {
        if self.extras.trajectory.is_none() && self.extras.timeline.is_none() {
            plan.run_with(rep, self.tally, ws);
        } else {
            plan.run_with(rep, self, ws);
        }
    }
}

/// What plays one batch of replicates.
struct Batch<'p> {
    plan: &'p Plan<'p>,
    encoded: &'p Encoded,
    /// Replicates whose trajectory is written.
    keep: usize,
}

impl<'p> Batch<'p> {
    /// Plays replicates `first..`, one into each of `tallies`, on every thread; returns what
    /// the first few keep besides.
    fn play(&self, first: usize, tallies: &mut [Tally]) -> Vec<Extras<'p>> {
        let rounds = self.plan.scenario.rounds;
        let last = first + tallies.len();
        tallies
            .par_iter_mut()
            .zip(first..last)
            .map_init(Workspace::default, |ws, (tally, rep)| {
                tally.restart(self.plan.scenario);
                let mut rec = Recorders {
                    extras: Extras {
                        trajectory: (rep < self.keep).then(|| TrajectoryWriter::new(self.encoded, rounds, rep + 1)),
                        timeline: (rep == 0).then(Timeline::default),
                    },
                    tally,
                };
                rec.play(self.plan, rep, ws);
                rec.extras
            })
            .collect()
    }
}

/// What a run gathers from its replicates, in replicate order.
struct Gathered {
    traj: AtomicFile,
    summary: AtomicFile,
    ensemble: Ensemble,
    /// Mean and CI of each summary metric.
    metrics: Vec<Accumulator>,
    /// The first replicate's.
    timeline: Timeline,
}

impl Gathered {
    /// Adds replicates `first..`, played into `tallies` with `extras` beside them.
    fn add(&mut self, first: usize, tallies: &[Tally], extras: Vec<Extras<'_>>) -> Result<(), Error> {
        self.ensemble
            .add(&tallies.iter().map(|t| &t.ensemble).collect::<Vec<_>>());
        let mut rows = csv::Writer::from_writer(Vec::new());
        for (i, (extras, tally)) in extras.into_iter().zip(tallies).enumerate() {
            if let Some(t) = extras.timeline {
                self.timeline = t;
            }
            if let Some(t) = extras.trajectory {
                self.traj.write_all(&t.into_bytes())?;
            }
            let values = tally.summary.values();
            for (acc, v) in self.metrics.iter_mut().zip(&values) {
                acc.push(*v);
            }
            summary_row(&mut rows, first + i + 1, &values);
        }
        self.summary
            .write_all(&rows.into_inner().expect("writing to memory cannot fail"))
    }
}

/// Runs every replicate of `sc` and writes its result folder.
pub fn run_scenario(sc: &Scenario, opts: &RunOptions) -> Result<RunResult, Error> {
    let dir = opts.out.join(&sc.name);
    files::create_dir(&dir)?;
    let plan = Plan::new(sc);
    let ids = sc.ids();
    let keep = opts.trajectories.count(sc.replicates);

    let mut traj = AtomicFile::create(dir.join("trajectories.csv"))?;
    traj.write_all(&csv_line(&trajectory::header(ids)))?;
    let mut summary = AtomicFile::create(dir.join("summary.csv"))?;
    let mut summary_header = vec!["replicate".to_string()];
    summary_header.extend(summary::metric_names(ids));
    summary.write_all(&csv_line(&summary_header))?;
    let mut gathered = Gathered {
        traj,
        summary,
        ensemble: Ensemble::new(sc.rounds, sc.replicates),
        metrics: vec![Accumulator::default(); summary_header.len() - 1],
        timeline: Timeline::default(),
    };
    let progress = progress_bar(sc, opts.quiet);

    let batch_size = replicates_per_batch(sc.rounds).min(sc.replicates);
    let encoded = Encoded::new(&plan);
    let batch = Batch {
        plan: &plan,
        encoded: &encoded,
        keep,
    };
    // Two sets of tallies: while one batch plays into one, the batch before it is gathered
    // from the other, so a thread done with its share of the playing takes up the gathering
    // instead of waiting for the others.
    let mut playing: Vec<Tally> = (0..batch_size).map(|_| Tally::new(sc)).collect();
    let mut played: Vec<Tally> = (0..batch_size).map(|_| Tally::new(sc)).collect();
    let mut pending: Option<(usize, Vec<Extras<'_>>)> = None;
    for start in (0..sc.replicates).step_by(batch_size) {
        if interrupted() {
            return Err(Error::Interrupted);
        }
        let end = (start + batch_size).min(sc.replicates);
        let (extras, added) = rayon::join(
            || batch.play(start, &mut playing[..end - start]),
            || match pending.take() {
                Some((first, extras)) => gathered.add(first, &played[..extras.len()], extras),
                None => Ok(()),
            },
        );
        added?;
        progress.inc((end - start) as u64);
        std::mem::swap(&mut playing, &mut played);
        pending = Some((start, extras));
    }
    if let Some((first, extras)) = pending {
        gathered.add(first, &played[..extras.len()], extras)?;
    }
    progress.finish_and_clear();
    let Gathered {
        traj,
        summary,
        ensemble,
        metrics,
        timeline,
    } = gathered;

    let ensemble_bytes = ensemble_csv(&plan, &ensemble);
    let manifest = Manifest::new(sc, &opts.command, keep, ensemble.percentiles()).to_json();
    traj.commit()?;
    summary.commit()?;
    files::write(dir.join("ensemble.csv"), &ensemble_bytes)?;
    files::write(dir.join("manifest.json"), &manifest)?;
    let metrics = metrics.iter().map(Accumulator::finish).collect();
    let result = RunResult {
        dir,
        metrics,
        ensemble,
        timeline,
    };
    crate::plot::scenario_charts(&plan, &result)?;
    crate::report::write(&plan, &result)?;
    Ok(result)
}

fn progress_bar(sc: &Scenario, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    // indicatif draws only when stderr is a terminal.
    let bar = ProgressBar::with_draw_target(Some(sc.replicates as u64), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{prefix:>12} [{bar:30}] {pos}/{len} replicates, {per_sec}, {eta} left")
        .expect("a valid template")
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_prefix(sc.name.clone());
    bar
}

fn csv_line(fields: &[String]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(fields).expect("writing to memory cannot fail");
    w.into_inner().expect("writing to memory cannot fail")
}

fn summary_row(w: &mut csv::Writer<Vec<u8>>, replicate: usize, values: &[Option<f64>]) {
    let mut buf = NumBuffer::new();
    w.write_field(replicate.to_string()).expect("in memory");
    for v in values {
        w.write_field(v.map_or(&b""[..], |x| num(x, &mut buf)))
            .expect("in memory");
    }
    w.write_record(None::<&[u8]>).expect("in memory");
}

fn ensemble_csv(plan: &Plan<'_>, ensemble: &Ensemble) -> Vec<u8> {
    let ids = plan.scenario.ids();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut buf = NumBuffer::new();
    w.write_record(ensemble::header(ids)).expect("in memory");
    for (t, (bands, shares)) in ensemble.bands().iter().zip(ensemble.shares()).enumerate() {
        w.write_field((t + 1).to_string()).expect("in memory");
        w.write_field(plan.date(t + 1)).expect("in memory");
        for b in &bands[..ensemble::CSV_SERIES] {
            for x in [b.mean, b.p05, b.p50, b.p95] {
                w.write_field(num(x, &mut buf)).expect("in memory");
            }
        }
        for agent in shares {
            for x in agent {
                w.write_field(num(x, &mut buf)).expect("in memory");
            }
        }
        w.write_record(None::<&[u8]>).expect("in memory");
    }
    w.into_inner().expect("in memory")
}

/// The scenario files of a library folder, sorted by name (`*.toml` directly inside it).
pub fn library(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    paths.sort();
    Ok(paths)
}
